//! Hints for the YAML mistakes people really make, in the words of the content format: a colon
//! in an unquoted text, a tab, a quote or bracket left open, a fiscal year where a year goes.
//!
//! The parser notices most of these only later in the file (an open quote runs on to the next
//! quote), so each hint also moves the marker back to the mistake itself.

/// A line and column (1-based, in characters) inside the YAML text being parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct At {
    pub line: usize,
    pub column: usize,
}

/// What to tell about a parse error instead of, or besides, the parser's words.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Explained {
    pub at: At,
    /// A new message, when the parser's would mislead.
    pub message: Option<String>,
    pub hint: String,
}

/// Explains the parse error `message`, reported at `at` in `text`, if it is a known mistake.
pub(super) fn explain(text: &str, at: At, message: &str) -> Option<Explained> {
    let lines: Vec<&str> = text.lines().collect();
    let line = *lines.get(at.line.checked_sub(1)?)?;
    if message.contains("tab") {
        // A tab that starts a line can end the plain text of the line before, where the parser
        // stops: the marker goes to the tab itself.
        let (i, line) = lines
            .iter()
            .enumerate()
            .skip(at.line - 1)
            .take(3)
            .find(|(_, l)| l.contains('\t'))
            .unwrap_or((at.line - 1, &line));
        return Some(tab(line, At { line: i + 1, ..at }));
    }
    if message.starts_with("expected a whole number") {
        return fiscal_year(line, at);
    }
    if message.contains("BOM") {
        return Some(Explained {
            at,
            message: Some("an invisible character, U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark), is in the text here".into()),
            hint: "delete it: remove the character before this word and type it again".into(),
        });
    }
    if message.contains("unclosed quote") {
        return Some(Explained {
            at,
            message: None,
            hint: format!(
                "end the text with the quote it starts with: {}",
                closed_quote(line)
            ),
        });
    }
    if message.contains("trailing content after") && message.contains("quoted scalar") {
        return quote_closed_early(&lines, at);
    }
    let about_values = ["expected a", "unknown", "missing", "`"];
    if !about_values.iter().any(|m| message.starts_with(m)) {
        if let Some(open) = open_bracket_before(&lines, at.line) {
            return Some(open);
        }
    }
    if message.contains("mapping values are not allowed") {
        return Some(colon(line, at));
    }
    if message.contains("invalid boolean") {
        return Some(Explained {
            at,
            message: None,
            hint: "write `true` or `false`, as they are, without quotes".into(),
        });
    }
    if message.contains("expected '-' indicator") {
        return Some(Explained {
            at,
            message: None,
            hint: "in a list, each item starts with `- ` lined up with the others, and its keys are indented under it".into(),
        });
    }
    None
}

fn char_at(line: &str, column: usize) -> Option<char> {
    line.chars().nth(column.checked_sub(1)?)
}

/// A tab in the indentation: the marker goes under the tab, not after it.
fn tab(line: &str, at: At) -> Explained {
    let column = line
        .chars()
        .position(|c| c == '\t')
        .map_or(at.column, |i| i + 1);
    Explained {
        at: At { column, ..at },
        message: None,
        hint: "use spaces, not tabs: indent each key with spaces to line up with the keys of its block".into(),
    }
}

/// `start: 2026-27` where a year goes: the year the fiscal year starts is wanted.
fn fiscal_year(line: &str, at: At) -> Option<Explained> {
    let value: String = line
        .chars()
        .skip(at.column.checked_sub(1)?)
        .take_while(|c| !matches!(c, ',' | '}' | ']' | '#') && !c.is_whitespace())
        .collect();
    let value = value.trim_matches(['"', '\'']);
    let (start, end) = value.split_once(['-', '–', '—', '/'])?;
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(start, 4..=4) || !digits(end, 2..=4) {
        return None;
    }
    Some(Explained {
        at,
        message: Some(format!(
            "`{value}` is a fiscal year; a year is expected here"
        )),
        hint: format!("write the year the fiscal year starts: {start}"),
    })
}

/// `key: value` split at the first `: ` of the line, with the indentation and a list dash kept in
/// the key: `  - title`, `Step 1: arrive`.
fn key_and_value(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(": ")?;
    Some((key.trim_start(), value.trim()))
}

/// The text of a `key: value` line in quotes, as it should have been written.
fn quoted(key: &str, text: &str) -> String {
    if text.contains('"') {
        format!("{key}: '{}'", text.replace('\'', "''"))
    } else {
        format!("{key}: \"{text}\"")
    }
}

/// A line whose quote was never closed, with the quote closed.
fn closed_quote(line: &str) -> String {
    match key_and_value(line) {
        Some((key, value)) => {
            let quote = value.chars().next().unwrap_or('"');
            format!("{key}: {value}{quote}")
        }
        None => format!("{}\"", line.trim()),
    }
}

/// The parser saw a quoted text end and something after it. Either the text holds its own quote
/// (`'L'emploi'`), or a quote left open on an earlier line ran on to the next quote in the file.
fn quote_closed_early(lines: &[&str], at: At) -> Option<Explained> {
    let line = lines[at.line - 1];
    let chars: Vec<char> = line.chars().collect();
    // The parser marks the text after the closing quote, past any spaces.
    let closing = chars[..at.column.checked_sub(1)?.min(chars.len())]
        .iter()
        .rposition(|c| !c.is_whitespace())?
        + 1;
    let quote = char_at(line, closing)?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let before: String = line.chars().take(closing - 1).collect();
    if before.contains(quote) {
        let (key, value) = key_and_value(line)?;
        // `'L'emploi'` is one text with an apostrophe; `"City" of us` is a text that starts with a quotation.
        let inner = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
            .unwrap_or(value);
        return Some(Explained {
            at,
            message: None,
            hint: format!(
                "the text ends at its second {quote}; put the whole text in the other kind of quotes: {}",
                if quote == '"' {
                    format!("{key}: '{}'", inner.replace('\'', "''"))
                } else {
                    quoted(key, inner)
                }
            ),
        });
    }
    let (open_line, open_column) = (0..at.line - 1).rev().find_map(|i| {
        let index = lines[i]
            .chars()
            .collect::<Vec<_>>()
            .iter()
            .rposition(|c| *c == quote)?;
        Some((i + 1, index + 1))
    })?;
    Some(Explained {
        at: At {
            line: open_line,
            column: open_column,
        },
        message: Some("this quote is never closed on its line".into()),
        hint: format!(
            "end the text with the quote it starts with: {}",
            closed_quote(lines[open_line - 1])
        ),
    })
}

/// A `[` or `{` opened on an earlier line and still open where the parser gave up.
fn open_bracket_before(lines: &[&str], error_line: usize) -> Option<Explained> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (i, line) in lines.iter().enumerate().take(error_line.saturating_sub(1)) {
        let mut quote = None;
        for (j, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => open.push((i + 1, j + 1, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    let (line, column, bracket) = *open.first()?;
    let close = if bracket == '[' { ']' } else { '}' };
    let what = if bracket == '[' { "list" } else { "block" };
    Some(Explained {
        at: At { line, column },
        message: Some(format!(
            "this {what} is never closed: `{bracket}` has no `{close}`"
        )),
        hint: format!(
            "end it with `{close}` on the same line: {}{close}",
            lines[line - 1].trim().trim_end_matches(',')
        ),
    })
}

/// `mapping values are not allowed`: a second `: ` on a line whose text is not in quotes, or a
/// key indented under a line that is not a block.
fn colon(line: &str, at: At) -> Explained {
    let first_colon = line.find(": ").map(|b| line[..b].chars().count() + 1);
    match (first_colon, key_and_value(line)) {
        (Some(first), Some((key, value))) if at.column > first => Explained {
            at,
            message: None,
            hint: format!(
                "put the text in quotes: {}",
                quoted(key, value.split(" #").next().unwrap_or(value).trim_end())
            ),
        },
        _ => Explained {
            at,
            message: None,
            hint: "check the indentation: a key lines up with the other keys of its block, and a text with `: ` in it goes in quotes".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> At {
        At { line, column }
    }

    #[test]
    fn a_colon_in_an_unquoted_title_is_put_in_quotes() {
        let e = explain(
            "title: Step 1: arrive\n",
            at(1, 14),
            "mapping values are not allowed in this context",
        )
        .unwrap();
        assert_eq!(e.hint, "put the text in quotes: title: \"Step 1: arrive\"");
        assert_eq!(e.at, at(1, 14));
    }

    #[test]
    fn a_tab_is_marked_where_it_is() {
        let e = explain(
            "period:\n\tstart: 2025\n",
            at(2, 2),
            "tabs disallowed within this context (block indentation)",
        )
        .unwrap();
        assert_eq!(e.at, at(2, 1));
        assert!(e.hint.starts_with("use spaces, not tabs"), "{}", e.hint);
        let e = explain(
            "title: Vision\n\tslug: vision\n",
            at(1, 8),
            "while scanning a plain scalar, found a tab",
        )
        .unwrap();
        assert_eq!(e.at, at(2, 1));
    }

    #[test]
    fn a_fiscal_year_asks_for_its_first_year() {
        for written in ["2026-27", "2026–27", "2026-2027", "\"2026-27\""] {
            let text = format!("  start: {written}  # first\n");
            let e = explain(&text, at(1, 10), "expected a whole number here").unwrap();
            assert_eq!(e.hint, "write the year the fiscal year starts: 2026");
            assert_eq!(
                e.message.unwrap(),
                format!(
                    "`{}` is a fiscal year; a year is expected here",
                    written.trim_matches('"')
                )
            );
        }
        assert_eq!(
            explain("start: soon\n", at(1, 8), "expected a whole number here"),
            None
        );
    }

    #[test]
    fn a_quote_left_open_is_marked_where_it_opens() {
        let text = "a: \"City of us\nb: plain\nc: \"Survey\"\n";
        let e = explain(
            text,
            at(3, 5),
            "invalid trailing content after double-quoted scalar",
        )
        .unwrap();
        assert_eq!(e.at, at(1, 4));
        assert_eq!(
            e.hint,
            "end the text with the quote it starts with: a: \"City of us\""
        );
        let e = explain("a: \"City of us\n", at(1, 4), "unclosed quote").unwrap();
        assert_eq!(e.at, at(1, 4));
        let e = explain(
            "  city: \"City\" of us\n",
            at(1, 16),
            "invalid trailing content after double-quoted scalar",
        )
        .unwrap();
        assert_eq!(e.at, at(1, 16));
        assert!(e.hint.ends_with("city: '\"City\" of us'"), "{}", e.hint);
    }

    #[test]
    fn an_apostrophe_in_single_quotes_suggests_double_quotes() {
        let e = explain(
            "city: 'L'emploi'\n",
            at(1, 10),
            "invalid trailing content after single-quoted scalar",
        )
        .unwrap();
        assert!(e.hint.ends_with("city: \"L'emploi\""), "{}", e.hint);
    }

    #[test]
    fn a_switch_that_is_not_true_or_false_says_what_it_takes() {
        let e = explain("draft: later\n", at(1, 8), "invalid boolean").unwrap();
        assert_eq!(e.at, at(1, 8));
        assert!(e.hint.contains("`true` or `false`"), "{}", e.hint);
    }

    #[test]
    fn a_line_out_of_a_list_says_how_items_start() {
        let e = explain(
            "- id: a\n  themes: [x]\nthemes: [y]\n",
            at(3, 1),
            "while parsing a block collection, did not find expected '-' indicator",
        )
        .unwrap();
        assert!(
            e.hint.starts_with("in a list, each item starts with"),
            "{}",
            e.hint
        );
    }

    #[test]
    fn a_list_left_open_is_marked_where_it_opens() {
        let text = "- id: a\n  themes: [oops\n  welcoming: [x]\n";
        let e = explain(text, at(3, 12), "illegal placement of ':' indicator").unwrap();
        assert_eq!(e.at, at(2, 11));
        assert_eq!(e.hint, "end it with `]` on the same line: themes: [oops]");
    }
}
