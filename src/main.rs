//! The `lipsite` command: everything it does is in the library's [`lipsite::cli::run`].

fn main() -> std::process::ExitCode {
    lipsite::cli::run()
}
