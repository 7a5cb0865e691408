//! Splitting a Markdown file into its YAML front matter and its Markdown body.

use crate::diagnostics::{Pos, Problem, SourceFile};

/// A Markdown file cut in two. Lines are 1-based lines of the whole file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Parts<'a> {
    pub yaml: &'a str,
    /// The file line on which the YAML starts (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
}

/// The text without the byte-order mark some editors put at the start of a UTF-8 file: the mark
/// is not part of the text.
pub(crate) fn without_byte_order_mark(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Cuts a file in two. A byte-order mark before the opening `---` is allowed, and stays out of
/// both parts.
pub(crate) fn split(file: &SourceFile) -> Result<Parts<'_>, Problem> {
    let text = without_byte_order_mark(&file.text);
    let missing = || {
        file.error(Pos::new(1, 1), "the file does not start with front matter")
            .hint("start the file with a line `---`, then `title: ...` and the other keys, then a line `---`, then the Markdown")
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(missing());
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Ok(Parts {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(file
        .error(Pos::new(1, 1), "the front matter is never closed")
        .hint("add a line with only `---` after the last front matter key"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_body() {
        let f = SourceFile::new("a.md", "---\ntitle: A\n---\n# Hi\n");
        let p = split(&f).unwrap();
        assert_eq!(p.yaml, "title: A\n");
        assert_eq!(p.body, "# Hi\n");
        assert_eq!(p.yaml_line, 2);
    }

    #[test]
    fn windows_line_endings_work() {
        let f = SourceFile::new("a.md", "---\r\ntitle: A\r\n---\r\nbody");
        assert_eq!(split(&f).unwrap().body, "body");
    }

    #[test]
    fn a_byte_order_mark_before_the_front_matter_is_allowed() {
        let f = SourceFile::new("a.md", "\u{feff}---\ntitle: A\n---\nbody");
        let p = split(&f).unwrap();
        assert_eq!(p.yaml, "title: A\n");
        assert_eq!(p.body, "body");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_explained() {
        let f = SourceFile::new("a.md", "# no front matter");
        assert!(split(&f).unwrap_err().message.contains("does not start"));
        let f = SourceFile::new("a.md", "---\ntitle: A\n");
        assert!(split(&f).unwrap_err().message.contains("never closed"));
    }
}
