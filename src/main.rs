fn main() -> std::process::ExitCode {
    lipsite::cli::run()
}
