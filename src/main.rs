//! The `hubboard` binary: everything lives in the library; this only runs the command line.

fn main() {
    // Output piped into `head` or a closed pager ends the process quietly, as for any Unix tool,
    // instead of failing on the next write.
    // SAFETY: restoring a signal's default disposition before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    std::process::exit(hubboard::cli::main());
}
