//! A page's Markdown body, kept no longer than it is needed. In watch mode it shares the text of
//! the file it came from (no copy); a one-off build keeps only where it is on disk and reads it
//! again when it renders the page, so that a strategy of tens of thousands of pages never holds
//! all their bodies at once.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use crate::diagnostics::Problem;

/// The body of a page: the part of its file's text after the front matter.
#[derive(Clone)]
pub(crate) enum PageBody {
    /// The tail, from `start`, of the text the file was read as.
    Shared { text: Arc<str>, start: usize },
    /// The tail, from `start`, of the file at `path`, whose whole text (without a byte-order
    /// mark) had fingerprint `read_as` when its front matter was read.
    OnDisk {
        path: Arc<Path>,
        start: usize,
        read_as: blake3::Hash,
    },
}

impl Default for PageBody {
    fn default() -> Self {
        PageBody::Shared {
            text: Arc::from(""),
            start: 0,
        }
    }
}

impl PageBody {
    /// The body `tail` of `text`; `tail` must end where `text` ends (as the front matter's split
    /// gives it). Anything else is kept as a copy.
    pub(crate) fn of(text: &Arc<str>, tail: &str) -> PageBody {
        let start = text.len().saturating_sub(tail.len());
        if text.get(start..) == Some(tail) {
            PageBody::Shared {
                text: text.clone(),
                start,
            }
        } else {
            PageBody::Shared {
                text: Arc::from(tail),
                start: 0,
            }
        }
    }

    /// The body kept in memory; empty for a body left on disk (only free pages' bodies are, and
    /// they are read with [`PageBody::text`]).
    pub(crate) fn as_str(&self) -> &str {
        match self {
            PageBody::Shared { text, start } => &text[*start..],
            PageBody::OnDisk { .. } => "",
        }
    }

    /// The whole text of the page's file (front matter included) and the line the body starts
    /// on, counted from 1, when the body is kept in memory: to quote a problem in the body.
    pub(crate) fn whole_text(&self) -> Option<(Arc<str>, usize)> {
        match self {
            PageBody::Shared { text, start } => {
                let line = text.get(..*start).map_or(0, |t| t.matches('\n').count()) + 1;
                Some((text.clone(), line))
            }
            PageBody::OnDisk { .. } => None,
        }
    }

    /// The body, read again from disk if it was left there. `file` is the page's file as shown,
    /// to report a file that changed or went away since its front matter was read.
    pub(crate) fn text(&self, file: &Path) -> Result<Cow<'_, str>, Problem> {
        let PageBody::OnDisk {
            path,
            start,
            read_as,
        } = self
        else {
            return Ok(Cow::Borrowed(self.as_str()));
        };
        let changed = || {
            Problem::about_path(file, "the page changed while the site was being built")
                .hint("build again once the file is saved")
        };
        let mut text = std::fs::read_to_string(path).map_err(|_| changed())?;
        if text.starts_with('\u{feff}') {
            text.remove(0);
        }
        if blake3::hash(text.as_bytes()) != *read_as || !text.is_char_boundary(*start) {
            return Err(changed());
        }
        Ok(Cow::Owned(text.split_off(*start)))
    }
}

impl std::fmt::Debug for PageBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageBody::Shared { .. } => self.as_str().fmt(f),
            PageBody::OnDisk { path, start, .. } => write!(f, "{}[{start}..]", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_shares_its_file_s_text_and_reads_as_the_tail() {
        let text: Arc<str> = Arc::from("---\ntitle: A\n---\n# Body\n");
        let body = PageBody::of(&text, &text[17..]);
        assert_eq!(body.as_str(), "# Body\n");
        assert!(matches!(&body, PageBody::Shared { text: t, .. } if Arc::ptr_eq(t, &text)));
    }

    #[test]
    fn a_text_that_is_not_the_tail_is_copied() {
        let text: Arc<str> = Arc::from("abc");
        let body = PageBody::of(&text, "zz");
        assert_eq!(body.as_str(), "zz");
    }

    #[test]
    fn a_body_left_on_disk_is_read_again_and_a_changed_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("about.md");
        let whole = "\u{feff}---\ntitle: A\n---\n# Body\n";
        std::fs::write(&path, whole).unwrap();
        let text = &whole[3..];
        let file = Path::new("content/en/pages/about.md");
        let body = PageBody::OnDisk {
            path: Arc::from(path.as_path()),
            start: 17,
            read_as: blake3::hash(text.as_bytes()),
        };
        assert_eq!(body.text(file).unwrap(), "# Body\n");
        std::fs::write(&path, "---\ntitle: B\n---\n# Body\n").unwrap();
        let problem = body.text(file).unwrap_err();
        assert!(
            problem.message.contains("changed while"),
            "{}",
            problem.message
        );
        std::fs::remove_file(&path).unwrap();
        assert!(body.text(file).is_err());
    }
}
