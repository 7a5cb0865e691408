//! Typst markup being written, with where each part of it came from: a problem Typst reports at
//! a place in the markup is shown at the strategy file and line that the place was made from.

use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::{Pos, Problem, SourceFile};

use super::escape;

/// A file of the repository that markup is made from, with its text when it is kept (to quote
/// the line of a problem).
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub file: PathBuf,
    pub text: Option<Arc<str>>,
    /// The line the markup came from, counted from 1; 0 for the file as a whole.
    pub line: usize,
}

impl Origin {
    /// The whole file `file`, without a line.
    pub(crate) fn file(file: impl Into<PathBuf>) -> Origin {
        Origin {
            file: file.into(),
            text: None,
            line: 0,
        }
    }

    /// A problem at this origin.
    pub(crate) fn warning(&self, message: impl Into<String>) -> Problem {
        let pos = Pos::new(self.line, if self.line == 0 { 0 } else { 1 });
        match &self.text {
            Some(text) => SourceFile::new(self.file.clone(), text.clone()).warning(pos, message),
            None => Problem::about_path(&self.file, message).as_warning(),
        }
    }
}

/// Markup, and from which byte on each origin's part of it starts.
#[derive(Debug, Default)]
pub(crate) struct Markup {
    pub text: String,
    origins: Vec<(usize, Origin)>,
}

impl Markup {
    /// What follows comes from `origin`, until the next call.
    pub(crate) fn from(&mut self, origin: Origin) {
        self.origins.push((self.text.len(), origin));
    }

    /// The origin of the markup at byte `offset`: the last one that starts at or before it.
    pub(crate) fn origin_at(&self, offset: usize) -> Option<&Origin> {
        let after = self.origins.partition_point(|(start, _)| *start <= offset);
        after.checked_sub(1).map(|i| &self.origins[i].1)
    }

    /// Appends markup written by lipsite.
    pub(crate) fn raw(&mut self, markup: &str) -> &mut Self {
        self.text.push_str(markup);
        self
    }

    /// Appends content text, inert.
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        escape::push_markup(&mut self.text, text);
        self
    }

    /// Appends a Typst string literal.
    pub(crate) fn string(&mut self, text: &str) -> &mut Self {
        self.text.push_str(&escape::string(text));
        self
    }

    /// Appends a paragraph break.
    pub(crate) fn par(&mut self) -> &mut Self {
        self.text.push_str("\n\n");
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_offset_is_traced_to_the_origin_it_was_written_under() {
        let mut m = Markup::default();
        m.raw("= Title\n");
        m.from(Origin {
            line: 7,
            ..Origin::file("content/fr/vision.md")
        });
        m.text("# not a heading");
        m.from(Origin::file("content/fr/action-plan.md"));
        m.raw("x");
        assert!(m.origin_at(0).is_none());
        assert_eq!(m.origin_at(8).unwrap().line, 7);
        let last = m.origin_at(m.text.len() - 1).unwrap();
        assert_eq!(last.file, PathBuf::from("content/fr/action-plan.md"));
    }
}
