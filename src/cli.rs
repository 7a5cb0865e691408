//! The command line: parses arguments, runs a command, prints problems and the summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildReport};
use crate::diagnostics::Problem;
use crate::scaffold;

#[derive(Parser)]
#[command(
    name = "lipsite",
    version,
    about = "Turns a Local Immigration Partnership's settlement strategy into a multilingual website",
    long_about = "lipsite reads a strategy repository (lipsite.yaml, data/*.yaml and content/<language>/*.md) \
and writes a static website: one folder per language, with every page in every language, ready for any static host.\n\n\
Start with `lipsite new my-strategy`, edit the files, then `lipsite build my-strategy`."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website from a strategy repository
    #[command(
        after_help = "Examples:\n  lipsite build                      # the repository in this folder, into ./public\n  lipsite build my-strategy -o site  # into ./site\n\n\
The output folder is replaced as a whole, and only once the new site is complete: a failed build leaves the previous site as it was. \
lipsite refuses to write into a folder that it did not create."
    )]
    Build {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Where to write the site [default: REPO/public]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Check a strategy repository for mistakes without writing anything
    #[command(
        after_help = "Example:\n  lipsite check my-strategy\n\nEvery problem is shown with its file, line and column, and a hint on how to fix it. \
The exit code is 1 if there is any error, 0 otherwise (warnings alone do not fail)."
    )]
    Check {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
    },
    /// Create a new strategy repository to start from (English and French)
    #[command(
        after_help = "Example:\n  lipsite new my-strategy && lipsite build my-strategy\n\n\
The new repository has every section in English and French with short placeholder text that tells you what to write. \
docs/content-format.md in lipsite's source describes every file."
    )]
    New {
        /// The folder to create (must not exist, or be empty)
        dir: PathBuf,
    },
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build { repo, output } => {
            let out = output.unwrap_or_else(|| build::default_out(&repo));
            finish(build::build(&repo, &out), color)
        }
        Command::Check { repo } => finish(build::check(&repo), color),
        Command::New { dir } => match scaffold::create(&dir) {
            Ok(count) => {
                println!(
                    "Created a new strategy repository in {} ({count} files).",
                    dir.display()
                );
                println!(
                    "Next: edit its files, then run `lipsite build {}`.",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(p) => {
                eprint!("{}", p.render(color));
                ExitCode::FAILURE
            }
        },
    }
}

fn finish(result: Result<BuildReport, Vec<Problem>>, color: bool) -> ExitCode {
    match result {
        Ok(report) => {
            print_problems(&report.warnings, color);
            println!("{}", summary(&report));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_problems(&problems, color);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            let warnings = problems.len() - errors;
            eprintln!(
                "{} found; nothing was written.{}",
                plural(errors, "error"),
                if warnings > 0 {
                    format!(" ({})", plural(warnings, "warning"))
                } else {
                    String::new()
                }
            );
            ExitCode::FAILURE
        }
    }
}

fn print_problems(problems: &[Problem], color: bool) {
    for p in problems {
        eprint!("{}", p.render(color));
        eprintln!();
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The one line a build ends with.
pub fn summary(r: &BuildReport) -> String {
    let what = format!(
        "{}, {}, {}",
        plural(r.languages, "language"),
        plural(r.pages, "page"),
        plural(r.charts, "chart")
    );
    let ms = r.elapsed.as_secs_f64() * 1000.0;
    let warnings = if r.warnings.is_empty() {
        String::new()
    } else {
        format!(", {}", plural(r.warnings.len(), "warning"))
    };
    match &r.out {
        Some(out) => format!("Built {what} in {ms:.0} ms{warnings} → {}", out.display()),
        None => format!("Checked {what} in {ms:.0} ms{warnings}: no errors"),
    }
}
