//! `lipsite translations`: what each language lacks or has let fall behind, against the default
//! (source) language, and `--stamp` to record that a translation has caught up with its source.
//!
//! Outdated detection needs no git: a translated page carries `translated_from: <version>` in its
//! front matter, the version being a short fingerprint of the source page's text. When the source
//! changes, its fingerprint changes and the translation shows as outdated until it is stamped again.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::build::Loaded;
use crate::content::{self, front_matter};
use crate::diagnostics::{Problem, SourceFile};
use crate::model::{Freshness, GapKind, Page};

#[derive(Debug, Serialize)]
pub(crate) struct Report {
    pub source_language: String,
    pub languages: Vec<LanguageReport>,
}

#[derive(Debug, Serialize)]
pub(crate) struct LanguageReport {
    pub code: String,
    pub name: String,
    /// Pages and label files that do not exist in this language.
    pub missing_files: Vec<String>,
    /// Items whose words are missing: shown in the source language on the site.
    pub missing_text: Vec<Item>,
    /// Words whose id no longer exists in the data.
    pub stale_text: Vec<Item>,
    /// Translations whose source changed after they were stamped.
    pub outdated: Vec<PageState>,
    /// Translations that were never stamped, so their freshness is unknown.
    pub unstamped: Vec<PageState>,
    /// Interface words (theme or repository `i18n/`) missing in this language.
    pub missing_words: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct Item {
    pub file: String,
    pub line: usize,
    pub item: String,
    pub id: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct PageState {
    pub file: String,
    pub source: String,
}

impl LanguageReport {
    /// Missing or outdated: what `--strict` fails on. Unstamped pages only say "unknown".
    pub(crate) fn needs_work(&self) -> bool {
        !(self.missing_files.is_empty()
            && self.missing_text.is_empty()
            && self.outdated.is_empty()
            && self.missing_words.is_empty())
    }
}

/// The report for every translation, or for the one language `only`.
pub(crate) fn report(loaded: &Loaded, only: Option<&str>) -> Result<Report, Problem> {
    let s = &loaded.strategy;
    let default = s.config.default_language;
    if let Some(code) = only {
        if s.config.language(code).is_none() {
            let codes: Vec<_> = s.config.languages.iter().map(|l| l.code.as_str()).collect();
            return Err(Problem::about_path(
                Path::new(crate::config::FILE_NAME),
                format!("there is no language `{code}`"),
            )
            .hint(format!("the languages are {}", codes.join(", "))));
        }
    }
    let source_pages: Vec<&Page> = s.content[default]
        .sections
        .values()
        .chain(s.content[default].pages.values().map(|p| &**p))
        .collect();
    let languages = s
        .config
        .languages
        .iter()
        .enumerate()
        .filter(|(li, l)| *li != default && only.is_none_or(|c| c == l.code))
        .map(|(li, _)| language_report(loaded, li, &source_pages))
        .collect();
    Ok(Report {
        source_language: s.config.default_language().code.clone(),
        languages,
    })
}

/// What language `li` lacks, compared with the default language's pages `source_pages`.
fn language_report(loaded: &Loaded, li: usize, source_pages: &[&Page]) -> LanguageReport {
    let s = &loaded.strategy;
    let (l, c) = (&s.config.languages[li], &s.content[li]);
    let gaps = |kind: GapKind| {
        c.translation_gaps
            .iter()
            .filter(move |g| g.kind == kind)
            .map(|g| Item {
                file: g.file.clone(),
                line: g.line,
                item: g.item.clone(),
                id: g.id.clone(),
            })
    };
    let pages: Vec<&Page> = c
        .sections
        .values()
        .chain(c.pages.values().map(|p| &**p))
        .collect();
    let source_code = &s.config.default_language().code;
    let state = |wanted: Freshness| -> Vec<PageState> {
        pages
            .iter()
            .filter(|p| p.freshness == wanted)
            .map(|p| PageState {
                file: slash(&p.file),
                source: source_of(p, source_pages, &l.code, source_code),
            })
            .collect()
    };
    LanguageReport {
        code: l.code.clone(),
        name: l.name.clone(),
        missing_files: gaps(GapKind::MissingFile).map(|g| g.file).collect(),
        missing_text: gaps(GapKind::MissingText).collect(),
        stale_text: gaps(GapKind::StaleText).collect(),
        outdated: state(Freshness::Outdated),
        unstamped: state(Freshness::Unstamped),
        missing_words: loaded.words[li].missing.clone(),
    }
}

fn slash(p: &Path) -> String {
    p.display().to_string().replace('\\', "/")
}

/// The source page of a translated page: the default language's file of the same name.
fn source_of(page: &Page, sources: &[&Page], code: &str, default: &str) -> String {
    let own = slash(&page.file);
    let expected = own.replacen(
        &format!("content/{code}/"),
        &format!("content/{default}/"),
        1,
    );
    sources
        .iter()
        .map(|p| slash(&p.file))
        .find(|f| *f == expected)
        .unwrap_or(expected)
}

/// The report as a translator reads it.
pub(crate) fn render_text(r: &Report, source_name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Translations compared with {source_name} ({}), the source language.",
        r.source_language
    );
    if r.languages.is_empty() {
        let _ = writeln!(out, "\nThere is no other language.");
    }
    for l in &r.languages {
        let _ = writeln!(out);
        let _ = writeln!(out, "{} ({}): {}", l.name, l.code, verdict(l));
        write_lines(&mut out, l);
    }
    if r.languages
        .iter()
        .any(|l| !l.outdated.is_empty() || !l.unstamped.is_empty())
    {
        let _ = writeln!(out, "\nOnce a page is up to date with its source, record it with:\n  lipsite translations --stamp content/<language>/<page>.md");
    }
    out
}

/// What a language lacks, counted (`2 missing texts, 1 outdated page`), or that it lacks nothing.
fn verdict(l: &LanguageReport) -> String {
    let counts = [
        (l.missing_files.len(), "missing file"),
        (l.missing_text.len(), "missing text"),
        (l.stale_text.len(), "stale text"),
        (l.outdated.len(), "outdated page"),
        (l.unstamped.len(), "unstamped page"),
        (l.missing_words.len(), "missing interface word"),
    ];
    let summary: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    if summary.is_empty() {
        "complete and up to date".to_string()
    } else {
        summary.join(", ")
    }
}

/// One line for each thing a language lacks.
fn write_lines(out: &mut String, l: &LanguageReport) {
    for f in &l.missing_files {
        let _ = writeln!(out, "  missing file    {f}");
    }
    for i in &l.missing_text {
        let _ = writeln!(out, "  missing text    {}  {} `{}`", i.file, i.item, i.id);
    }
    for i in &l.stale_text {
        let _ = writeln!(
            out,
            "  stale text      {}:{}  {} `{}` no longer exists; delete it",
            i.file, i.line, i.item, i.id
        );
    }
    for p in &l.outdated {
        let _ = writeln!(
            out,
            "  outdated        {}  ({} changed since it was translated)",
            p.file, p.source
        );
    }
    for p in &l.unstamped {
        let _ = writeln!(
            out,
            "  unstamped       {}  (not yet marked as following a version of {})",
            p.file, p.source
        );
    }
    if !l.missing_words.is_empty() {
        let _ = writeln!(out, "  missing words   {}", l.missing_words.join(", "));
    }
}

/// Records in each translated page that it follows the current version of its source page.
/// Returns one line per file saying what was done.
pub(crate) fn stamp(
    repo: &Path,
    default_code: &str,
    files: &[PathBuf],
) -> Result<Vec<String>, Problem> {
    let content_root = repo
        .join("content")
        .canonicalize()
        .map_err(|e| Problem::about_path(&repo.join("content"), format!("cannot read: {e}")))?;
    files
        .iter()
        .map(|typed| stamp_page(repo, &content_root, default_code, typed))
        .collect()
}

/// Stamps the one translated page `typed`, and says what it did.
fn stamp_page(
    repo: &Path,
    content_root: &Path,
    default_code: &str,
    typed: &Path,
) -> Result<String, Problem> {
    let abs = page_to_stamp(repo, typed).map_err(|e| {
        Problem::about_path(typed, format!("cannot read: {e}")).hint(
            "give the path of a translated page inside the repository, like content/fr/vision.md",
        )
    })?;
    let rel = abs.strip_prefix(content_root).map_err(|_| {
        Problem::about_path(
            typed,
            "this file is not in the repository's content/ folder",
        )
        .hint("stamp translated pages, like content/fr/vision.md")
    })?;
    // Named from the repository, however it was typed.
    let file = Path::new("content").join(rel);
    let mut parts = rel.components();
    let lang = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    if lang == default_code {
        return Err(Problem::about_path(&file, format!("this page is in the source language ({default_code}); only translations are stamped")).hint("stamp the translated page, like content/fr/vision.md"));
    }
    let source_path = content_root.join(default_code).join(parts.as_path());
    let shown_source = Path::new("content")
        .join(default_code)
        .join(parts.as_path());
    let source = fs::read_to_string(&source_path).map_err(|_| {
        Problem::about_path(
            &shown_source,
            "the source page does not exist, so there is nothing to follow",
        )
        .hint("stamp only pages that translate a page of the default language")
    })?;
    let version = content::version_of(&source);
    let text = fs::read_to_string(&abs)
        .map_err(|e| Problem::about_path(&file, format!("cannot read: {e}")))?;
    let updated = set_stamp(&SourceFile::new(file.clone(), text.as_str()), &version)?;
    let (shown, source) = (file.display(), shown_source.display());
    if updated == text {
        return Ok(format!(
            "{shown} already follows the current {source} (version {version})"
        ));
    }
    rewrite_in_place(&abs, updated.as_bytes())
        .map_err(|e| Problem::about_path(&file, format!("cannot write: {e}")))?;
    Ok(format!(
        "stamped {shown} as following {source} (version {version})"
    ))
}

/// The page `typed` names: a path inside the repository, as the help shows, or else a path from
/// the current folder, as a shell completes it.
fn page_to_stamp(repo: &Path, typed: &Path) -> std::io::Result<std::path::PathBuf> {
    repo.join(typed)
        .canonicalize()
        .or_else(|_| typed.canonicalize())
}

/// Replaces a file's bytes in the file itself rather than through a new file renamed over it, so
/// the file keeps its permissions, its owner and its other names (hard links).
fn rewrite_in_place(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = fs::OpenOptions::new().write(true).open(path)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

/// Sets `translated_from:` in the front matter, replacing an earlier stamp or adding a line at
/// its end, and leaves every other byte of the file as it was.
pub(crate) fn set_stamp(file: &SourceFile, version: &str) -> Result<String, Problem> {
    let parts = front_matter::split(file)?;
    let text: &str = &file.text;
    // `split` returns slices of the file's text, so the YAML's offset is its distance from the start.
    let yaml_start = parts.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_end = yaml_start + parts.yaml.len();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line = format!("translated_from: {version}");
    let mut yaml = String::new();
    let mut replaced = false;
    for l in parts.yaml.split_inclusive('\n') {
        if l.starts_with("translated_from:") {
            yaml.push_str(&line);
            yaml.push_str(newline);
            replaced = true;
        } else {
            yaml.push_str(l);
        }
    }
    if !replaced {
        if !yaml.is_empty() && !yaml.ends_with('\n') {
            yaml.push_str(newline);
        }
        yaml.push_str(&line);
        yaml.push_str(newline);
    }
    Ok(format!(
        "{}{}{}",
        &text[..yaml_start],
        yaml,
        &text[yaml_end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_is_added_then_replaced_and_nothing_else_changes() {
        let f = SourceFile::new(
            "content/fr/vision.md",
            "---\ntitle: Vision\nslug: vision\n---\nCorps : « texte ».\n",
        );
        let once = set_stamp(&f, "abc123").unwrap();
        assert_eq!(
            once,
            "---\ntitle: Vision\nslug: vision\ntranslated_from: abc123\n---\nCorps : « texte ».\n"
        );
        let twice = set_stamp(&SourceFile::new("x.md", once.as_str()), "def456").unwrap();
        assert_eq!(
            twice,
            "---\ntitle: Vision\nslug: vision\ntranslated_from: def456\n---\nCorps : « texte ».\n"
        );
    }

    #[test]
    fn a_byte_order_mark_is_kept() {
        let f = SourceFile::new("a.md", "\u{feff}---\ntitle: A\n---\nx\n");
        assert_eq!(
            set_stamp(&f, "v1").unwrap(),
            "\u{feff}---\ntitle: A\ntranslated_from: v1\n---\nx\n"
        );
    }

    #[test]
    fn windows_line_endings_are_kept() {
        let f = SourceFile::new("a.md", "---\r\ntitle: A\r\n---\r\nx\r\n");
        assert_eq!(
            set_stamp(&f, "v1").unwrap(),
            "---\r\ntitle: A\r\ntranslated_from: v1\r\n---\r\nx\r\n"
        );
    }
}
