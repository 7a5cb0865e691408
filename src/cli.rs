//! The command line: parses arguments, runs a command, prints problems and the summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::build::{self, BuildReport};
use crate::config::BaseUrl;
use crate::diagnostics::Problem;
use crate::l10n;
use crate::model::Drafts;
use crate::scaffold;
use crate::terminal::{err, errln, out, outln};
use crate::translations;
use crate::watch;

#[derive(Parser)]
#[command(
    name = "lipsite",
    version,
    about = "Turns a Local Immigration Partnership's settlement strategy into a multilingual website",
    long_about = "lipsite reads a strategy repository (lipsite.yaml, data/*.yaml and content/<language>/*.md) \
and writes a static website: one folder per language, with every page in every language, ready for any static host.\n\n\
Start with `lipsite new my-strategy`, edit the files, then `lipsite build my-strategy`."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the website from a strategy repository
    #[command(
        after_help = "Examples:\n  lipsite build                      # the repository in this folder, into ./public\n  lipsite build my-strategy -o site  # into ./site\n  lipsite build --base-url https://preview.example.net/strategy/  # for another address\n  lipsite build --drafts -o preview   # with the drafts, each marked, for a preview\n\n\
The output folder is replaced as a whole, and only once the new site is complete: a failed build leaves the previous site as it was. \
A `.git` checkout, `CNAME` and `.nojekyll` in it are kept. lipsite refuses to write into a folder that holds anything else it did not create."
    )]
    Build {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Where to write the site [default: REPO/public]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Include pages and actions marked `draft: true`, each with a visible mark (for a preview)
        #[arg(long)]
        drafts: bool,
        /// Build for this address instead of `base_url` in lipsite.yaml (a preview on another host or sub-path)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Build, then rebuild after every change to the repository's files
    #[command(after_help = "Example:\n  lipsite watch my-strategy\n\n\
Each rebuild prints one line: what changed, how many pages were rendered and written, and how long it took. \
A mistake is printed with its file and line, the last good site stays in place, and the next good save rebuilds it.")]
    Watch {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Where to write the site [default: REPO/public]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Check for changes every 0.3 s instead of relying on the system's notifications (for WSL, network drives, containers)
        #[arg(long)]
        poll: bool,
        /// Include pages and actions marked `draft: true`, each with a visible mark (for a preview)
        #[arg(long)]
        drafts: bool,
    },
    /// Watch, and serve the site locally with pages that reload themselves after each rebuild
    #[command(
        after_help = "Examples:\n  lipsite serve                    # http://127.0.0.1:8000/\n  lipsite serve my-strategy --open --port 8080\n\n\
Only the output folder is served, by default only to this computer (127.0.0.1). A build error shows over the open page until the next good save. \
The reload script is added while serving only; the files on disk are those of `lipsite build --drafts`: drafts are shown, each with a mark."
    )]
    Serve {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Where to write the site [default: REPO/public]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// The port to listen on
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 makes the preview reachable from other computers
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Check for changes every 0.3 s instead of relying on the system's notifications
        #[arg(long)]
        poll: bool,
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
        /// How to print the problems: `text` for people, `json` for editors and CI
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Check for this address instead of `base_url` in lipsite.yaml
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Show what each translation is missing or has let fall behind; stamp pages that caught up
    #[command(
        after_help = "Examples:\n  lipsite translations                       # every language against the default one\n  lipsite translations --lang fr --strict     # exit 1 if French misses or lags behind anything\n  lipsite translations --json > status.json   # for tools and dashboards\n  lipsite translations --stamp content/fr/vision.md content/fr/context.md\n\n\
A translated page records which version of its source page it follows (`translated_from:` in its front matter). \
When the source page changes, the translation is listed as outdated and its readers see a short notice, \
until a translator updates it and runs --stamp on it."
    )]
    Translations {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// Report on this language only (its code, like fr)
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// Exit with 1 when anything is missing or outdated
        #[arg(long)]
        strict: bool,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Record that these translated pages follow the current version of their source pages (paths inside the repository, like content/fr/vision.md, or from the current folder)
        #[arg(long, num_args = 1.., value_name = "FILE")]
        stamp: Vec<PathBuf>,
    },
    /// Hand texts to translators' tools (XLIFF, PO) and take their translations back
    #[command(subcommand)]
    L10n(L10n),
    /// Write JSON Schemas of every YAML file, so editors mark mistakes while you type
    #[command(after_help = "Example:\n  lipsite schema -o schemas\n\n\
Then, in VS Code with the YAML extension (redhat.vscode-yaml), map the schemas to the files in .vscode/settings.json; \
`lipsite schema` prints the exact mapping to paste.")]
    Schema {
        /// The folder to write the schemas into
        #[arg(short, long, value_name = "DIR", default_value = crate::layout::SCHEMAS)]
        output: PathBuf,
    },
    /// Create a new strategy repository to start from (English and French)
    #[command(
        after_help = "Example:\n  lipsite new my-strategy && lipsite build my-strategy\n\n\
The new repository has every section in English and French with short placeholder text that tells you what to write. \
docs/content-format.md in lipsite's source describes every file. \
It also has a .gitignore, a GitHub Pages workflow (.github/workflows/publish.yml) and, for VS Code, the JSON Schemas (schemas/) with the settings that attach them (.vscode/)."
    )]
    New {
        /// The folder to create (must not exist, or be empty)
        dir: PathBuf,
    },
}

/// `lipsite l10n`: exchanging translations with translators' tools.
#[derive(Subcommand)]
enum L10n {
    /// Write one language's texts as an XLIFF or PO file for a translation tool or agency
    #[command(
        after_help = "Examples:\n  lipsite l10n export --lang fr                  # ./fr.xlf (XLIFF 2.1), every text\n  lipsite l10n export my-strategy --lang ar --format po --only missing -o to-translate\n  lipsite l10n export --lang fr --format xliff12  # ./fr.xliff12.xlf for memoQ and Trados\n\n\
Each text of a page (front matter, every heading, paragraph, list item, table cell and footnote), each label and each interface word the repository sets \
is one unit with a stable id, the source's words, the current translation when there is one, its state (translated, to review, to translate) and the source file and line. \
Markup (emphasis, links, code) becomes tags or {1}…{/1} placeholders, so translators never edit Markdown."
    )]
    Export {
        /// The strategy repository (the folder with lipsite.yaml)
        #[arg(default_value = ".")]
        repo: PathBuf,
        /// The language to translate into (its code, like fr)
        #[arg(long, value_name = "LANG")]
        lang: String,
        /// The file format
        #[arg(long, value_enum, default_value = "xliff")]
        format: l10n::Format,
        /// Which texts to write
        #[arg(long, value_enum, default_value = "all")]
        only: l10n::Only,
        /// The folder to write the file into
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        output: PathBuf,
    },
    /// Write translated XLIFF or PO files back into the repository's language folders
    #[command(
        after_help = "Examples:\n  lipsite l10n import fr.xlf                 # into the repository in this folder\n  lipsite l10n import fr.xlf ar.po my-strategy\n\n\
Every file is checked before anything is written: a unit that does not exist, a source that changed since the export, a lost or misplaced tag \
or a file for another repository stops the import and nothing is written. Only the translated texts change in each file; \
comments, key order and line endings stay. A page whose texts all came back translated is stamped as up to date."
    )]
    Import {
        /// The translated files, then optionally the strategy repository (default: this folder)
        #[arg(required = true, num_args = 1.., value_name = "FILE... [REPO]")]
        paths: Vec<PathBuf>,
    },
}

/// Runs the `lipsite` command with the process's arguments: the whole of the binary's `main`.
///
/// Public so that `src/main.rs` stays a one-line caller; a tool built on lipsite calls the
/// functions of [`crate::build`] instead, which return values rather than printing.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build {
            repo,
            output,
            base_url,
            drafts,
        } => {
            let out = output.unwrap_or_else(|| build::default_out(&repo));
            with_base_url(base_url, color, |base_url| {
                let options = build::Options {
                    drafts: draft_mode(drafts),
                    base_url,
                };
                finish(build::build(&repo, &out, options), color)
            })
        }
        Command::Watch {
            repo,
            output,
            poll,
            drafts,
        } => {
            let out = output.unwrap_or_else(|| build::default_out(&repo));
            let stop = install_ctrl_c();
            exit_on(
                watch::run(
                    &repo,
                    &out,
                    watch::Watching {
                        poll,
                        drafts: draft_mode(drafts),
                    },
                    move |o| print_outcome(o, color),
                    move || stop.load(std::sync::atomic::Ordering::Relaxed),
                ),
                color,
            )
        }
        Command::Serve {
            repo,
            output,
            port,
            bind,
            open,
            poll,
        } => {
            let out = output.unwrap_or_else(|| build::default_out(&repo));
            let options = crate::serve::ServeOptions {
                bind,
                port,
                open,
                poll,
            };
            exit_on(
                crate::serve::serve(&repo, &out, options, move |o| print_outcome(o, color)),
                color,
            )
        }
        Command::Check {
            repo,
            format,
            base_url,
        } => with_base_url(base_url, color, |b| match format {
            Format::Text => finish(build::check(&repo, b), color),
            Format::Json => check_json(&repo, b),
        }),
        Command::Translations {
            repo,
            lang,
            strict,
            json,
            stamp,
        } => {
            let result = if stamp.is_empty() {
                report_translations(&repo, lang.as_deref(), strict, json)
            } else {
                stamp_translations(&repo, &stamp)
            };
            result.unwrap_or_else(|problems| {
                print_problems(&problems, color);
                ExitCode::FAILURE
            })
        }
        Command::L10n(command) => run_l10n(command).unwrap_or_else(|problems| {
            print_problems(&problems, color);
            ExitCode::FAILURE
        }),
        Command::Schema { output } => write_schemas(&output).unwrap_or_else(|p| {
            err!("{}", p.render(color));
            ExitCode::FAILURE
        }),
        Command::New { dir } => match scaffold::create(&dir) {
            Ok(count) => {
                outln!(
                    "Created a new strategy repository in {} ({count} files).",
                    dir.display()
                );
                outln!(
                    "Next: edit its files, then run `lipsite build {}`.",
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(p) => {
                err!("{}", p.render(color));
                ExitCode::FAILURE
            }
        },
    }
}

fn draft_mode(drafts: bool) -> Drafts {
    if drafts {
        Drafts::Show
    } else {
        Drafts::LeaveOut
    }
}

/// Runs `command` with the address given by `--base-url`, once it is checked like `base_url` in
/// lipsite.yaml.
fn with_base_url(
    url: Option<String>,
    color: bool,
    command: impl FnOnce(Option<&BaseUrl>) -> ExitCode,
) -> ExitCode {
    match url.as_deref().map(BaseUrl::parse).transpose() {
        Ok(base_url) => command(base_url.as_ref()),
        Err(problem) => {
            print_problems(&[problem], color);
            errln!("1 error found; nothing was written.");
            ExitCode::FAILURE
        }
    }
}

fn finish(result: Result<BuildReport, Vec<Problem>>, color: bool) -> ExitCode {
    match result {
        Ok(report) => {
            print_problems(&report.warnings, color);
            out!("{}", drafts_list(&report));
            outln!("{}", summary(&report));
            ExitCode::SUCCESS
        }
        Err(problems) => {
            print_problems(&problems, color);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            let warnings = problems.len() - errors;
            errln!(
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

fn report_translations(
    repo: &Path,
    lang: Option<&str>,
    strict: bool,
    json: bool,
) -> Result<ExitCode, Vec<Problem>> {
    let (loaded, _) = build::load(repo).map_err(|p| p.into_sorted())?;
    let report = translations::report(&loaded, lang).map_err(|p| vec![p])?;
    if json {
        outln!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        out!(
            "{}",
            translations::render_text(&report, &loaded.strategy.config.default_language().name)
        );
    }
    let failing = strict
        && report
            .languages
            .iter()
            .any(translations::LanguageReport::needs_work);
    Ok(if failing {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn stamp_translations(repo: &Path, files: &[PathBuf]) -> Result<ExitCode, Vec<Problem>> {
    let config = crate::config::read(repo)?;
    for line in
        translations::stamp(repo, &config.default_language().code, files).map_err(|p| vec![p])?
    {
        outln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn run_l10n(command: L10n) -> Result<ExitCode, Vec<Problem>> {
    let lines = match command {
        L10n::Export {
            repo,
            lang,
            format,
            only,
            output,
        } => vec![l10n::export(&repo, &lang, format, only, &output)?],
        L10n::Import { mut paths } => {
            // The last path is the repository when it is a folder, as in `import fr.xlf my-strategy`.
            let repo = match paths.last() {
                Some(last) if paths.len() > 1 && last.is_dir() => paths.pop().unwrap_or_default(),
                _ => PathBuf::from("."),
            };
            let done = l10n::import(&repo, &paths)?;
            if done.is_empty() {
                vec![
                    "nothing to change: every returned translation is already in the files"
                        .to_string(),
                ]
            } else {
                done
            }
        }
    };
    for line in lines {
        outln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `check --format json`: one JSON document on standard output with every problem; exit 1 on errors.
fn check_json(repo: &Path, base_url: Option<&BaseUrl>) -> ExitCode {
    let (problems, summary, drafts) = match build::check(repo, base_url) {
        Ok(report) => {
            let summary = serde_json::json!({ "languages": report.languages, "pages": report.pages, "charts": report.charts });
            (report.warnings, Some(summary), report.drafts)
        }
        Err(problems) => (problems, None, Vec::new()),
    };
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let doc = serde_json::json!({
        "ok": errors == 0,
        "errors": errors,
        "warnings": problems.len() - errors,
        "problems": problems.iter().map(Problem::record).collect::<Vec<_>>(),
        "site": summary,
        "drafts": drafts,
    });
    outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn write_schemas(dir: &Path) -> Result<ExitCode, Problem> {
    let settings = crate::schema::write(Path::new(""), dir)?;
    outln!(
        "Wrote {} schemas to {}.",
        crate::schema::all().len(),
        dir.display()
    );
    outln!("For VS Code's YAML extension, add to .vscode/settings.json:");
    outln!(
        "{}",
        serde_json::to_string_pretty(&settings).unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// Prints one build of watch mode: its line, or its problems and what happens next.
fn print_outcome(outcome: &watch::Outcome, color: bool) {
    match outcome {
        watch::Outcome::Built(r) => {
            print_problems(&r.warnings, color);
            outln!("{}", r.line());
        }
        watch::Outcome::Failed(problems) => {
            print_problems(problems, color);
            let errors = problems.iter().filter(|p| p.is_error()).count();
            errln!("{} found; the last good site stays in place. Fix the file and save: lipsite rebuilds by itself.", plural(errors, "error"));
        }
    }
}

fn exit_on(result: Result<(), Problem>, color: bool) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(p) => {
            err!("{}", p.render(color));
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C asks the watcher to stop after the current build instead of killing it mid-write.
fn install_ctrl_c() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::spawn(move || {
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            rt.block_on(async {
                let _ = tokio::signal::ctrl_c().await;
            });
            flag.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    });
    stop
}

fn print_problems(problems: &[Problem], color: bool) {
    for p in problems {
        err!("{}", p.render(color));
        errln!();
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The drafts a build left out or showed, one line each, for the author to see what is not
/// published yet.
fn drafts_list(r: &BuildReport) -> String {
    if r.drafts.is_empty() {
        return String::new();
    }
    let what = match r.draft_mode {
        Drafts::LeaveOut => "left out (`lipsite serve` and `build --drafts` show them)",
        Drafts::Show => "shown, each with a mark",
    };
    let mut text = format!("{} {what}:\n", plural(r.drafts.len(), "draft"));
    for d in &r.drafts {
        text += &format!(
            "  {}:{}:{}  {} `{}`\n",
            d.file, d.line, d.column, d.kind, d.id
        );
    }
    text
}

/// The one line a build ends with.
pub(crate) fn summary(r: &BuildReport) -> String {
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
