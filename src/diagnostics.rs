//! Problems found in a strategy repository, each tied to a file, a line and a column.
//!
//! Every stage collects problems instead of stopping at the first one, so that a coordinator sees
//! everything to fix in one run. Rendering goes through miette, which prints the offending source
//! line with a marker under it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
/// Whether a problem stops the build.
pub enum Severity {
    /// The strategy cannot be published as written: `check` exits with 1 and `build` writes nothing.
    Error,
    /// Worth fixing (a missing translation, a stale page), but the site is still built.
    Warning,
}

/// The longest source line a rendered problem shows; a longer one is only named by its position.
const MAX_SHOWN_LINE: usize = 2_000;

/// A position in a source file, 1-based. Line 0 means "the file as a whole".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// The line, counted from 1; 0 when the problem concerns the whole file.
    pub line: usize,
    /// The column in characters, counted from 1.
    pub column: usize,
}

impl Pos {
    /// The whole file rather than a place in it.
    pub const FILE: Pos = Pos { line: 0, column: 0 };

    /// The position at `line` and `column`, both counted from 1.
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// A text file of the repository (a page, a data or label file, `lipsite.yaml`), kept so
/// problems can quote the offending line.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the repository root, as shown to the user.
    pub path: PathBuf,
    /// The whole text, shared with every problem and page that quotes it.
    pub text: Arc<str>,
    /// Where the whole file is, when `text` keeps only its beginning: a one-off build keeps only
    /// the front matter of free pages and reads their bodies again when it renders them.
    rest_at: Option<Arc<Path>>,
}

impl SourceFile {
    pub(crate) fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            rest_at: None,
        }
    }

    /// For tests: the file with the first `from` in its text made `to`, read anew (a new text, as
    /// a save would give). Panics when the text has no `from`.
    #[cfg(test)]
    pub(crate) fn with_edit(&self, from: &str, to: &str) -> SourceFile {
        assert!(
            self.text.contains(from),
            "{from} in {}",
            self.path.display()
        );
        SourceFile::new(self.path.clone(), self.text.replacen(from, to, 1))
    }

    /// The first `len` bytes of this file, which is at `whole` on disk; problems on later lines
    /// read the rest from there.
    pub fn beginning(&self, len: usize, whole: Arc<Path>) -> SourceFile {
        SourceFile {
            path: self.path.clone(),
            text: Arc::from(&self.text[..len]),
            rest_at: Some(whole),
        }
    }

    /// The text to quote for a problem at `pos`: the text kept, or the whole file read again when
    /// `pos` is past it, if it can still be read and still begins with the text kept (a file
    /// replaced meanwhile, or a link turned to another file, is not quoted).
    fn text_for(&self, pos: Pos) -> Arc<str> {
        let kept_lines = self.text.lines().count();
        let again = match &self.rest_at {
            Some(whole) if pos.line > kept_lines => std::fs::read_to_string(whole).ok(),
            _ => None,
        };
        match again
            .as_deref()
            .map(|t| t.strip_prefix('\u{feff}').unwrap_or(t))
        {
            Some(whole) if whole.starts_with(&*self.text) => Arc::from(whole),
            _ => self.text.clone(),
        }
    }

    pub(crate) fn error(&self, pos: Pos, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Error, self, pos, message)
    }

    pub(crate) fn warning(&self, pos: Pos, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Warning, self, pos, message)
    }
}

/// One mistake or warning in a strategy repository: what is wrong, where, and how to fix it.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Whether the problem stops a build.
    pub severity: Severity,
    /// The file, relative to the repository root (or as given, for a file outside it).
    pub file: PathBuf,
    /// Where in the file; [`Pos::FILE`] for the file as a whole.
    pub pos: Pos,
    /// What is wrong, in the coordinator's words (it names the priority, action, language ...).
    pub message: String,
    /// What to do about it, when lipsite can tell.
    pub hint: Option<String>,
    /// Shown before the others: a mistake that makes other messages confusing until it is fixed.
    pub urgent: bool,
    source: Option<Arc<str>>,
}

impl Problem {
    pub(crate) fn new(
        severity: Severity,
        file: &SourceFile,
        pos: Pos,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            severity,
            file: file.path.clone(),
            pos,
            message: message.into(),
            hint: None,
            urgent: false,
            source: Some(file.text_for(pos)),
        }
    }

    /// A problem with a file that could not be read at all (missing, not UTF-8, unreadable).
    pub(crate) fn about_path(path: &Path, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            file: path.to_path_buf(),
            pos: Pos::FILE,
            message: message.into(),
            hint: None,
            urgent: false,
            source: None,
        }
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Marks the problem to be shown first.
    pub(crate) fn urgent(mut self) -> Self {
        self.urgent = true;
        self
    }

    /// The same problem as a warning, which does not stop the build.
    // A builder step like `hint` and `urgent`, called in many stages that other work is rewriting
    // (TODO(surface): rename to `into_warning` with the other half).
    #[allow(clippy::wrong_self_convention)]
    pub(crate) fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether this problem stops the build (warnings do not).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    pub fn location(&self) -> String {
        if self.pos.line == 0 {
            self.file.display().to_string()
        } else {
            format!(
                "{}:{}:{}",
                self.file.display(),
                self.pos.line,
                self.pos.column.max(1)
            )
        }
    }

    /// The byte range the marker goes under: from the column to the end of the word there.
    fn span(&self) -> Option<SourceSpan> {
        let text = self.source.as_deref()?;
        if self.pos.line == 0 {
            return None;
        }
        let line_start = text
            .split_inclusive('\n')
            .take(self.pos.line - 1)
            .map(str::len)
            .sum::<usize>();
        let line = text[line_start..].lines().next().unwrap_or("");
        let start = line
            .char_indices()
            .nth(self.pos.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let word = line[start..]
            .find([' ', ',', ']', '}', '\t'])
            .unwrap_or(line.len() - start)
            .max(1);
        Some(SourceSpan::new((line_start + start).into(), word))
    }

    /// The lines a rendered problem shows: its own and the one either side of it.
    fn shown_lines(&self) -> impl Iterator<Item = &str> {
        let text = self.source.as_deref().unwrap_or("");
        let first = self.pos.line.saturating_sub(2);
        let count = if self.pos.line == 0 { 0 } else { 3 };
        text.lines().skip(first).take(count)
    }

    /// Renders the problem for a terminal: message, location, the source line with a marker, hint.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let mut out = String::new();
        let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
        let shown = Shown(self);
        // miette pads with format widths, which panic past 65,535 columns: a line that long (a
        // page of raw HTML on one line) is named, not shown.
        let shown_lines_fit = self
            .shown_lines()
            .all(|l| l.chars().count() <= MAX_SHOWN_LINE);
        if !shown_lines_fit
            || handler.render_report(&mut out, &shown).is_err()
            || self.span().is_none()
        {
            out = format!(
                "{}: {}\n  --> {}\n",
                self.label(),
                self.message,
                self.location()
            );
            if let Some(hint) = &self.hint {
                out.push_str(&format!("  help: {hint}\n"));
            }
        }
        out
    }

    fn label(&self) -> &'static str {
        match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem as editors and CI read it: `lipsite check --format json`.
#[derive(serde::Serialize)]
pub struct ProblemRecord<'a> {
    /// Whether the problem stops a build.
    pub severity: Severity,
    /// The file relative to the repository root, with `/` between folders on every system.
    pub file: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters; 0 when the problem concerns the whole file.
    pub column: usize,
    /// What is wrong.
    pub message: &'a str,
    /// What to do about it, when lipsite can tell.
    pub hint: Option<&'a str>,
    /// The offending line of the file, when there is one.
    pub source_line: Option<&'a str>,
}

impl Problem {
    /// The problem as a serializable record, the form `lipsite check --format json` prints.
    pub fn record(&self) -> ProblemRecord<'_> {
        let source_line = match (&self.source, self.pos.line) {
            (Some(text), line) if line > 0 => text.lines().nth(line - 1),
            _ => None,
        };
        ProblemRecord {
            severity: self.severity,
            file: self.file.display().to_string().replace('\\', "/"),
            line: self.pos.line,
            column: if self.pos.line == 0 {
                0
            } else {
                self.pos.column.max(1)
            },
            message: &self.message,
            hint: self.hint.as_deref(),
            source_line,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location(), self.label(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// The miette view of a problem: the heading names the location so it shows even without colour.
struct Shown<'a>(&'a Problem);

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.0.message, self.0.location())
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.0.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.0.span()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some("here".into()),
            span,
        ))))
    }
}

impl miette::SourceCode for Shown<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let text: &'a str = self.0.source.as_deref().unwrap_or("");
        let contents = text.read_span(span, before, after)?;
        let name = self.0.file.display().to_string();
        // miette counts the column in bytes; the heading shows it in characters, as the message does.
        let start = contents.span().offset();
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count();
        Ok(Box::new(miette::MietteSpanContents::new_named(
            name,
            contents.data(),
            *contents.span(),
            contents.line(),
            column,
            contents.line_count(),
        )))
    }
}

/// The problems of one run, errors and warnings together.
#[derive(Debug, Default, Clone)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    pub(crate) fn push(&mut self, problem: Problem) {
        self.list.push(problem);
    }

    pub(crate) fn extend(&mut self, problems: impl IntoIterator<Item = Problem>) {
        self.list.extend(problems);
    }

    /// Whether any of them stops the build.
    pub fn has_errors(&self) -> bool {
        self.list.iter().any(Problem::is_error)
    }

    /// Whether the run found nothing at all to report.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Urgent problems first, then by file and position so the output reads top to bottom.
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.list.sort_by(|a, b| {
            (!a.urgent, &a.file, a.pos.line, a.pos.column).cmp(&(
                !b.urgent,
                &b.file,
                b.pos.line,
                b.pos.column,
            ))
        });
        self.list
            .dedup_by(|a, b| a.location() == b.location() && a.message == b.message);
        self.list
    }
}

// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_past_the_text_kept_is_quoted_from_the_file_only_if_it_is_still_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("about.md");
        let whole = "---\ntitle: A\n---\nA [link](@nowhere).\n";
        std::fs::write(&path, whole).unwrap();
        let file = SourceFile::new("content/en/pages/about.md", whole);
        let kept = file.beginning(17, Arc::from(path.as_path()));
        let quoted = kept.error(Pos::new(4, 3), "no such page").render(false);
        assert!(quoted.contains("A [link](@nowhere)."), "{quoted}");
        std::fs::write(&path, "secret: elsewhere\n\n\nA line from another file\n").unwrap();
        let quoted = kept.error(Pos::new(4, 3), "no such page").render(false);
        assert!(!quoted.contains("another file"), "{quoted}");
    }

    #[test]
    fn renders_file_line_column_and_the_offending_line() {
        let file = SourceFile::new("data/plan.yaml", "period:\n  start: twenty\n");
        let p = file
            .error(Pos::new(2, 10), "expected a year")
            .hint("write the year as a number, like 2025");
        let text = p.render(false);
        assert!(text.contains("data/plan.yaml:2:10"), "{text}");
        assert!(text.contains("start: twenty"), "{text}");
        assert!(text.contains("like 2025"), "{text}");
        assert_eq!(
            p.to_string(),
            "data/plan.yaml:2:10: error: expected a year (write the year as a number, like 2025)"
        );
    }

    #[test]
    fn a_problem_on_a_very_long_line_names_it_instead_of_showing_it() {
        let text = format!("title: x\n{}\n", "<span>x</span>".repeat(10_000));
        let file = SourceFile::new("content/en/pages/about.md", text.as_str());
        let shown = file.error(Pos::new(2, 140_001), "too long").render(false);
        assert!(
            shown.contains("content/en/pages/about.md:2:140001"),
            "{shown}"
        );
        assert!(
            shown.len() < 1_000,
            "the line is not printed: {} bytes",
            shown.len()
        );
    }

    #[test]
    fn an_urgent_problem_comes_first_and_the_rest_read_top_to_bottom() {
        let a = SourceFile::new("content/en/home.md", "a\nb\n");
        let z = SourceFile::new("data/priorities.yaml", "- id: x\n");
        let mut problems = Problems::default();
        problems.push(a.error(Pos::new(2, 1), "second"));
        problems.push(z.error(Pos::new(1, 7), "invisible").urgent());
        problems.push(a.error(Pos::new(1, 1), "first"));
        let order: Vec<_> = problems
            .into_sorted()
            .into_iter()
            .map(|p| p.message)
            .collect();
        assert_eq!(order, ["invisible", "first", "second"]);
    }

    #[test]
    fn a_problem_without_source_still_names_the_file() {
        let p = Problem::about_path(Path::new("content/en/home.md"), "the file is missing");
        assert!(p.render(false).contains("content/en/home.md"));
    }
}
