//! `lipsite l10n`: hands each language's texts to translators' tools (XLIFF 2.1, XLIFF 1.2, PO)
//! and takes the translations back into `content/<lang>/` without touching anything else.
//!
//! One job per file: [`units`] finds every text with a stable id and its state, [`body`] cuts
//! page bodies into blocks, [`inline`] turns Markdown markup into codes and back, [`xliff2`],
//! [`xliff12`] and [`po`] write and read the formats ([`xml`] is their XML), and [`import`]
//! checks a returned file against the repository and writes it in.

mod body;
mod import;
mod inline;
mod po;
mod units;
mod xliff12;
mod xliff2;
mod xml;

use std::path::{Path, PathBuf};

use crate::build;
use crate::diagnostics::{Pos, Problem, SourceFile};
use inline::Piece;
use units::State;

/// The file format to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    /// XLIFF 2.1 (OASIS)
    Xliff,
    /// XLIFF 1.2, for memoQ, Trados and older tools
    Xliff12,
    /// Gettext PO, for Weblate and Poedit
    Po,
}

/// Which texts to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Only {
    /// Texts not translated yet
    Missing,
    /// Translations whose source page changed since they were stamped
    Outdated,
    /// Every text, translated ones pre-filled
    All,
}

/// A translated file read back: its languages and its units.
#[derive(Debug)]
pub(crate) struct Returned {
    /// The source language the file says it translates from.
    pub source_lang: String,
    /// The language it translates into.
    pub target_lang: String,
    /// Its units, in file order.
    pub units: Vec<ReturnedUnit>,
}

/// One unit of a translated file.
#[derive(Debug)]
pub(crate) struct ReturnedUnit {
    /// The unit's id, as exported.
    pub id: String,
    /// The source words and codes, as exported.
    pub source: Vec<Piece>,
    /// The translation, when there is one.
    pub target: Option<Vec<Piece>>,
    /// Whether the translator marked it done (not fuzzy, not to review).
    pub done: bool,
    /// Its line in the translated file, when the format has lines lipsite knows (0 if not).
    pub line: usize,
}

/// What a translator is told about a unit's state, when it is not simply translated.
pub(crate) fn state_note(state: State) -> Option<&'static str> {
    match state {
        State::Translated => None,
        State::NeedsReview => Some(
            "needs review: the source page changed since this translation was stamped, or it was never stamped",
        ),
        State::Missing => Some("needs translation: this text is not translated yet"),
    }
}

/// The name of the exported file of language `lang`.
pub(crate) fn file_name(lang: &str, format: Format) -> String {
    match format {
        Format::Xliff => format!("{lang}.xlf"),
        Format::Xliff12 => format!("{lang}.xliff12.xlf"),
        Format::Po => format!("{lang}.po"),
    }
}

/// `lipsite l10n export`: writes the units of `lang` into `out` and says what it wrote.
pub(crate) fn export(
    repo: &Path,
    lang: &str,
    format: Format,
    only: Only,
    out: &Path,
) -> Result<String, Vec<Problem>> {
    let (loaded, _) = build::load(repo).map_err(|p| p.into_sorted())?;
    let config = &loaded.strategy.config;
    import::translated_language(config, lang).map_err(|p| vec![p])?;
    let catalog = units::catalog(repo, &loaded, lang)?;
    let chosen: Vec<&units::Unit> = catalog
        .units
        .iter()
        .filter(|u| match only {
            Only::All => true,
            Only::Missing => u.state == State::Missing,
            Only::Outdated => u.state == State::NeedsReview,
        })
        .collect();
    let text = match format {
        Format::Xliff => xliff2::write(&catalog, &chosen),
        Format::Xliff12 => xliff12::write(&catalog, &chosen),
        Format::Po => {
            po::write(&catalog, &chosen, &now()).map_err(|e| vec![Problem::about_path(out, e)])?
        }
    };
    let path = out.join(file_name(lang, format));
    write_new(&path, &text).map_err(|e| {
        vec![Problem::about_path(&path, format!("cannot write: {e}"))
            .hint("give with -o a folder you can write to")]
    })?;
    let count = |s: State| chosen.iter().filter(|u| u.state == s).count();
    Ok(format!(
        "wrote {}: {} texts ({} translated, {} to review, {} to translate)",
        path.display(),
        chosen.len(),
        count(State::Translated),
        count(State::NeedsReview),
        count(State::Missing)
    ))
}

/// Writes `text` to `path` through a temporary file beside it, so a reader never sees half.
fn write_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = temporary_beside(path);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// A name for a temporary file in the same folder as `path`.
pub(crate) fn temporary_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.lipsite-{}.tmp", std::process::id()))
}

/// `lipsite l10n import`: checks every file against the repository, then writes them all in.
pub(crate) fn import(repo: &Path, files: &[PathBuf]) -> Result<Vec<String>, Vec<Problem>> {
    let (loaded, _) = build::load(repo).map_err(|p| p.into_sorted())?;
    let mut returned = Vec::new();
    let mut problems = Vec::new();
    for f in files {
        match read_returned(f) {
            Ok(r) => returned.push(r),
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let planned = import::plan(repo, &loaded, &returned)?;
    let mut lines = import::write(repo, &planned.changes)?;
    lines.extend(planned.notices);
    Ok(lines)
}

/// The largest translated file an import reads.
const MAX_RETURNED_BYTES: u64 = 256 * 1_000_000;

/// Reads a translated file in whichever format it is, with its text for messages.
fn read_returned(path: &Path) -> Result<(SourceFile, Returned), Problem> {
    let bad = |why: String| {
        Problem::about_path(path, format!("this file cannot be imported: {why}"))
            .hint("import the file lipsite exported, as the translation tool saved it (XLIFF 2.1, XLIFF 1.2 or PO)")
    };
    let meta = std::fs::metadata(path).map_err(|e| bad(format!("cannot read it: {e}")))?;
    // A whole language of a large strategy (1,000 pages) exports to about 40 MB.
    if meta.len() > MAX_RETURNED_BYTES {
        return Err(bad(format!(
            "it is larger than {} MB; export and import fewer texts at a time (--only)",
            MAX_RETURNED_BYTES / 1_000_000
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| bad(format!("cannot read it: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| bad("it is not UTF-8 text".to_string()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file = SourceFile::new(path, text);
    // A reader's message that starts with `line N:` is shown at that line of the file.
    let bad = |why: String| {
        match why
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
        .and_then(|(n, rest)| Some((n.parse::<usize>().ok()?, rest)))
    {
        Some((line, rest)) if line > 0 => file
            .error(Pos::new(line, 1), format!("this file cannot be imported: {rest}"))
            .hint("import the file lipsite exported, as the translation tool saved it (XLIFF 2.1, XLIFF 1.2 or PO)"),
        _ => bad(why),
    }
    };
    let returned = if text.trim_start().starts_with('<') {
        let root = xml::parse(text).map_err(bad)?;
        if xliff2::is_mine(&root) {
            xliff2::read(&root).map_err(bad)?
        } else if xliff12::is_mine(&root) {
            xliff12::read(&root).map_err(bad)?
        } else {
            return Err(bad(format!(
                "its root element <{}> is not an XLIFF 1.2 or 2.x <xliff>",
                root.name
            )));
        }
    } else {
        po::read(text).map_err(bad)?
    };
    Ok((file, returned))
}

/// The current time as a PO header writes it: `2026-12-06 14:05+0000`.
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}+0000",
        rest / 3600,
        rest % 3600 / 60
    )
}
