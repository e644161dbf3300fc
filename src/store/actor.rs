//! Who is acting: the login of the process's real user id, as the operating system knows it —
//! recorded on every audit row. Environment variables (`USER`, `LOGNAME`) are not asked: anyone
//! can set them.

use std::ffi::CStr;

/// The login name of the real user id, else `uid N` when the system has no name for it.
pub fn current() -> String {
    // SAFETY: getuid cannot fail.
    login_of(unsafe { libc::getuid() })
}

/// The login name of `uid`, else `uid N`.
pub fn login_of(uid: libc::uid_t) -> String {
    // SAFETY: getpwuid_r writes only into the buffers given, whose sizes are passed, and the name
    // is read only when it reports success.
    let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut buf = vec![0 as libc::c_char; 4096];
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    let rc = unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut found) };
    if rc == 0 && !found.is_null() && !pwd.pw_name.is_null() {
        let name = unsafe { CStr::from_ptr(pwd.pw_name) }.to_string_lossy();
        let name = crate::text::clean(name.trim());
        if !name.is_empty() {
            return name;
        }
    }
    format!("uid {uid}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_environment_does_not_choose_the_actor() {
        let before = super::current();
        // SAFETY: single-threaded here in effect: no other test reads USER.
        unsafe { std::env::set_var("USER", "chief_executive") };
        assert_eq!(super::current(), before);
        assert_ne!(before, "chief_executive");
    }
}
