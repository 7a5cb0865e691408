//! A page's Markdown body, shared with the text of the file it came from instead of copied: with
//! tens of thousands of pages, a copy of every body doubled the memory a build needs.

use std::sync::Arc;

/// The body of a page: the part of its file's text after the front matter.
#[derive(Clone, Default)]
pub struct PageBody {
    text: Arc<str>,
    start: usize,
}

impl PageBody {
    /// The body `tail` of `text`; `tail` must end where `text` ends (as the front matter's split
    /// gives it). Anything else is kept as a copy.
    pub fn of(text: &Arc<str>, tail: &str) -> PageBody {
        let start = text.len().saturating_sub(tail.len());
        if text.get(start..) == Some(tail) {
            PageBody {
                text: text.clone(),
                start,
            }
        } else {
            PageBody {
                text: Arc::from(tail),
                start: 0,
            }
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text[self.start..]
    }
}

impl std::ops::Deref for PageBody {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for PageBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl PartialEq<&str> for PageBody {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
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
        assert!(Arc::ptr_eq(&body.text, &text));
    }

    #[test]
    fn a_text_that_is_not_the_tail_is_copied() {
        let text: Arc<str> = Arc::from("abc");
        let body = PageBody::of(&text, "zz");
        assert_eq!(body.as_str(), "zz");
        assert!(!Arc::ptr_eq(&body.text, &text));
    }
}
