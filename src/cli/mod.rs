//! The command line: parses arguments, runs a command, prints problems and the summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use crate::build::{self, BuildReport};
use crate::config::BaseUrl;
use crate::diagnostics::Problem;
use crate::l10n;
use crate::model::Drafts;
use crate::scaffold;
use crate::terminal::{err, errln, out, outln};
use crate::translations;
use crate::watch;

mod args;

use args::{Cli, Command, Format, L10n};

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
        } => with_base_url(base_url, color, |base_url| {
            build_site(&repo, output, base_url, drafts, color)
        }),
        Command::Watch {
            repo,
            output,
            poll,
            drafts,
        } => watch_site(&repo, output, poll, drafts, color),
        Command::Serve {
            repo,
            output,
            port,
            bind,
            open,
            poll,
        } => {
            let options = crate::serve::ServeOptions {
                bind,
                port,
                open,
                poll,
            };
            serve_site(&repo, output, options, color)
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
            let done = if stamp.is_empty() {
                report_translations(&repo, lang.as_deref(), strict, json)
            } else {
                stamp_translations(&repo, &stamp)
            };
            exit_on_problems(done, color)
        }
        Command::L10n(command) => exit_on_problems(run_l10n(command), color),
        Command::Schema { output } => exit_on_problem(write_schemas(&output), color),
        Command::New { dir } => exit_on_problem(new_repository(&dir), color),
    }
}

/// `lipsite build`: writes the site into `output` (`<repo>/public` when not given).
fn build_site(
    repo: &Path,
    output: Option<PathBuf>,
    base_url: Option<&BaseUrl>,
    drafts: bool,
    color: bool,
) -> ExitCode {
    let out = output.unwrap_or_else(|| build::default_out(repo));
    let options = build::Options {
        drafts: draft_mode(drafts),
        base_url,
    };
    finish(build::build(repo, &out, options), color)
}

/// `lipsite watch`: rebuilds after every save until Ctrl-C.
fn watch_site(
    repo: &Path,
    output: Option<PathBuf>,
    poll: bool,
    drafts: bool,
    color: bool,
) -> ExitCode {
    let out = output.unwrap_or_else(|| build::default_out(repo));
    let stop = install_ctrl_c();
    let watching = watch::Watching {
        poll,
        drafts: draft_mode(drafts),
        gate: crate::output::Gate::default(),
    };
    exit_on(
        watch::run(
            repo,
            &out,
            watching,
            move |o| print_outcome(o, color),
            move || stop.load(std::sync::atomic::Ordering::Relaxed),
        ),
        color,
    )
}

/// `lipsite serve`: the preview server, rebuilding after every save.
fn serve_site(
    repo: &Path,
    output: Option<PathBuf>,
    options: crate::serve::ServeOptions,
    color: bool,
) -> ExitCode {
    let out = output.unwrap_or_else(|| build::default_out(repo));
    exit_on(
        crate::serve::serve(repo, &out, options, move |o| print_outcome(o, color)),
        color,
    )
}

/// `lipsite new`: a new strategy repository to start from.
fn new_repository(dir: &Path) -> Result<ExitCode, Problem> {
    let count = scaffold::create(dir)?;
    outln!(
        "Created a new strategy repository in {} ({count} files).",
        dir.display()
    );
    outln!(
        "Next: edit its files, then run `lipsite build {}`.",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The exit code of a command, or its problems printed and exit code 1.
fn exit_on_problems(result: Result<ExitCode, Vec<Problem>>, color: bool) -> ExitCode {
    result.unwrap_or_else(|problems| {
        print_problems(&problems, color);
        ExitCode::FAILURE
    })
}

/// The exit code of a command, or its one problem printed and exit code 1.
fn exit_on_problem(result: Result<ExitCode, Problem>, color: bool) -> ExitCode {
    result.unwrap_or_else(|p| {
        err!("{}", p.render(color));
        ExitCode::FAILURE
    })
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
