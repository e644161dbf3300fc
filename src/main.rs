//! The `hubboard` binary: everything lives in the library; this only runs the command line.

fn main() {
    // Output piped into `head` or a closed pager ends the process quietly, as for any Unix tool,
    // instead of failing on the next write.
    // SAFETY: restoring a signal's default disposition before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    one_heap();
    std::process::exit(hubboard::cli::main());
}

/// One heap for every thread, given back to the system as it is freed: the dashboard reads a
/// large database on a thread of its own and hands the rows to the screen's, and glibc would
/// otherwise keep what that thread frees in an arena of its own, out of the screen's reach (the
/// large demo's dashboard peaked at 168 MB with an arena per thread, 136 MB with one).
fn one_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: tuning the allocator before any thread starts; both settings are plain integers.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 * 1024);
    }
}
