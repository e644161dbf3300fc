//! The `hubboard` binary: everything lives in the library; this only runs the command line.

fn main() {
    std::process::exit(hubboard::cli::main());
}
