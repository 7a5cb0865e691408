//! The Markdown texts of a page (its body and the front-matter fields written in Markdown),
//! checked for what cannot be rendered quickly: elements nested deeper than [`MAX_DEPTH`], or,
//! where raw HTML is sanitized (`allow_raw_html: false`), more than [`MAX_FORMATTING`]
//! formatting elements open at once. Trusted raw HTML skips the sanitizer and is not counted.

use super::text::FrontMatter;
use crate::diagnostics::{Pos, Problem, SourceFile};
use crate::markdown::{check_nesting, Limit, TooDeep, MAX_DEPTH, MAX_ELEMENTS, MAX_FORMATTING};
use crate::yaml;

/// Each Markdown text of the page in `file` that nests too deeply: the body (the end of the file)
/// at the element that goes one level too deep, a front-matter text at its id.
pub(super) fn check_page(
    file: &SourceFile,
    (body, front): (&str, &FrontMatter),
    sanitized: bool,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Err(deep) = check_nesting(body, sanitized) {
        let body_start = if file.text.ends_with(body) {
            file.text.len() - body.len()
        } else {
            0
        };
        let pos = position(&file.text, body_start + deep.offset);
        problems.push(too_deep(file, pos, "this page's text", deep));
    }
    for (what, pos, text) in front_matter_texts(front) {
        if let Err(deep) = check_nesting(text, sanitized) {
            problems.push(too_deep(file, pos, &what, deep));
        }
    }
    problems
}

fn too_deep(file: &SourceFile, pos: Pos, what: &str, deep: TooDeep) -> Problem {
    let message = match deep.limit {
        Limit::Depth => format!("{what} nests elements more than {MAX_DEPTH} levels deep"),
        Limit::Formatting => format!("{what} keeps more than {MAX_FORMATTING} formatting elements (`<b>`, `<i>`, `<a>`, `<em>`, `<strong>` ...) open at once"),
        Limit::Elements => {
            return file
                .error(pos, format!("{what} holds more than {MAX_ELEMENTS} HTML elements"))
                .hint("split the page into several, or write it without raw HTML: where a text has raw HTML, lipsite cleans it, with the elements its Markdown makes, only up to this size, so that it stays fast (Markdown alone has no such limit)")
        }
    };
    file.error(pos, message)
        .hint("close each HTML element you open (every `<div>` needs its `</div>`, every `<b>` its `</b>`) and nest lists, quotes and elements less deeply; lipsite cleans raw HTML only within these limits, so that it stays fast")
}

/// The front-matter fields written in Markdown, each with what it is and where its id is.
pub(super) fn front_matter_texts(front: &FrontMatter) -> Vec<(String, Pos, &str)> {
    let mut texts = super::kinds::markdown_texts(front);
    for (kind, list) in [("asset", &front.assets), ("gap", &front.gaps)] {
        if let Some(list) = list {
            for (i, text) in list.value.iter().enumerate() {
                let what = format!("{kind} {}", i + 1);
                texts.push((what, yaml::pos_of(list, 2), text.as_str()));
            }
        }
    }
    texts
}

/// The line and column (in characters) of a byte offset in a text.
pub(super) fn position(text: &str, offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos::new(
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        assert_eq!(position("ab\ncdé\nf", 0), Pos::new(1, 1));
        assert_eq!(position("ab\ncdé\nf", 3), Pos::new(2, 1));
        assert_eq!(position("ab\ncdé\nf", 7), Pos::new(2, 4));
        assert_eq!(position("ab\ncdé\nf", 8), Pos::new(3, 1));
    }
}
