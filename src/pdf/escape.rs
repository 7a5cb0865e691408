//! Makes content text inert in Typst: whatever a translator or coordinator writes (`#import`,
//! `$`, `*`, `//`, `=` at a line's start ...) is shown as written and never runs or formats.
//!
//! Two forms, for the two places text goes: [`markup`] for text in running markup (every ASCII
//! sign behind a backslash, which Typst's markup reads as the sign itself) and [`string`] for a
//! Typst string literal (an argument: a URL, an image's alternative text, a language code).

/// `text` as Typst markup that shows exactly these characters. Line breaks and tabs become
/// spaces (a text's own lines are one paragraph, as in HTML); control characters are dropped.
pub(crate) fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    push_markup(&mut out, text);
    out
}

/// Appends [`markup`] of `text` to `out`.
pub(crate) fn push_markup(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            // Every sign Typst markup gives a meaning to is ASCII punctuation; a backslash before
            // any of them means the sign itself.
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// `text` as a Typst string literal, quotes included.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `text` as a Typst string literal that keeps its line breaks (for code).
pub(crate) fn string_with_lines(text: &str) -> String {
    let lines: Vec<String> = text.split('\n').map(string).collect();
    let inner: Vec<&str> = lines.iter().map(|l| &l[1..l.len() - 1]).collect();
    format!("\"{}\"", inner.join("\\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sign_of_typst_markup_is_escaped() {
        assert_eq!(markup("#import \"x\""), "\\#import \\\"x\\\"");
        assert_eq!(markup("= a\n- b"), "\\= a \\- b");
        assert_eq!(markup("$1 *b* _c_ `d`"), "\\$1 \\*b\\* \\_c\\_ \\`d\\`");
        assert_eq!(
            markup("<l> @r [x] \\ // /*"),
            "\\<l\\> \\@r \\[x\\] \\\\ \\/\\/ \\/\\*"
        );
        assert_eq!(markup("https://a.b"), "https\\:\\/\\/a\\.b");
        assert_eq!(markup("النص 200 000 $"), "النص 200 000 \\$");
        assert_eq!(markup("a\u{7}b"), "ab");
    }

    #[test]
    fn a_string_literal_keeps_its_quotes_and_backslashes() {
        assert_eq!(string("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
        assert_eq!(string("l1\nl2"), "\"l1 l2\"");
        assert_eq!(string_with_lines("l1\n\"l2"), "\"l1\\n\\\"l2\"");
    }
}
