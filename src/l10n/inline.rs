//! Markdown inline markup ↔ a text with numbered codes, so that a translator edits words and never
//! syntax: emphasis, links and footnote references become codes that a translation tool shows
//! as tags (XLIFF `<pc>`/`<ph>`, `<g>`/`<x>`) or protected placeholders (PO `{1}…{/1}`, `{2/}`).
//! The Markdown each code stands for (a link's target, a code span) travels with the code and is
//! never translated.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Tag};

/// One piece of a segment: words, or a code by its number (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Words to translate.
    Text(String),
    /// The start of a paired code (emphasis, a link's text ...).
    Open(u32),
    /// The end of a paired code.
    Close(u32),
    /// A code that stands alone (a code span, a footnote reference, a line break).
    Standalone(u32),
}

/// The Markdown a code stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Code {
    /// What it is, for a translator's tool: `link`, `emphasis`, `code` ...
    pub what: &'static str,
    /// Whether it wraps words (`Open`/`Close`) or stands alone.
    pub paired: bool,
    /// The Markdown before the words (the whole Markdown for a code that stands alone).
    pub open: String,
    /// The Markdown after the words.
    pub close: String,
}

/// A translatable text: its pieces and the codes they number (code `n` is `codes[n - 1]`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Segment {
    /// Words and codes in reading order.
    pub pieces: Vec<Piece>,
    /// The Markdown of each code.
    pub codes: Vec<Code>,
}

impl Segment {
    /// A segment of words only.
    pub(crate) fn plain(text: &str) -> Segment {
        Segment {
            pieces: vec![Piece::Text(text.to_string())],
            codes: Vec::new(),
        }
    }

    /// The words and codes as one string, for comparing and for messages: codes as `{1}`, `{/1}`, `{2/}`.
    pub(crate) fn shown(&self) -> String {
        shown(&self.pieces)
    }

    /// Whether the codes of `other` are the same kinds in the same order, so that its Markdown
    /// can stand in for this one's code by code.
    pub(crate) fn same_codes(&self, other: &Segment) -> bool {
        self.codes.len() == other.codes.len()
            && self
                .codes
                .iter()
                .zip(&other.codes)
                .all(|(a, b)| a.what == b.what && a.paired == b.paired)
    }
}

/// Pieces as one string, codes written as `{1}`, `{/1}` and `{2/}`, and `{` `}` in words doubled.
pub(crate) fn shown(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&t.replace('{', "{{").replace('}', "}}")),
            Piece::Open(n) => out.push_str(&format!("{{{n}}}")),
            Piece::Close(n) => out.push_str(&format!("{{/{n}}}")),
            Piece::Standalone(n) => out.push_str(&format!("{{{n}/}}")),
        }
    }
    out
}

/// Reads a string written by [`shown`] back into pieces; `None` when a brace is not a code.
pub(crate) fn parse_shown(text: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut words = String::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("{{") {
            words.push('{');
            rest = after;
        } else if let Some(after) = rest.strip_prefix("}}") {
            words.push('}');
            rest = after;
        } else if c == '{' {
            let end = rest.find('}')?;
            let inner = &rest[1..end];
            let piece = if let Some(n) = inner.strip_prefix('/') {
                Piece::Close(n.parse().ok()?)
            } else if let Some(n) = inner.strip_suffix('/') {
                Piece::Standalone(n.parse().ok()?)
            } else {
                Piece::Open(inner.parse().ok()?)
            };
            push_words(&mut pieces, &mut words);
            pieces.push(piece);
            rest = &rest[end + 1..];
        } else if c == '}' {
            return None;
        } else {
            words.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    push_words(&mut pieces, &mut words);
    Some(pieces)
}

fn push_words(pieces: &mut Vec<Piece>, words: &mut String) {
    if !words.is_empty() {
        pieces.push(Piece::Text(std::mem::take(words)));
    }
}

/// Adds words to the end of `pieces`, joining them to words already there.
pub(crate) fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Piece::Text(t)) = pieces.last_mut() {
        t.push_str(text);
    } else {
        pieces.push(Piece::Text(text.to_string()));
    }
}

/// The segment of a run of inline events of `src` (with their byte ranges).
pub(crate) fn segment(src: &str, events: &[(Event<'_>, Range<usize>)]) -> Segment {
    let mut seg = Segment::default();
    read(src, events, &mut seg);
    if let Some(Piece::Text(t)) = seg.pieces.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Piece::Text(t)) = seg.pieces.last_mut() {
        *t = t.trim_end().to_string();
    }
    seg.pieces
        .retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    seg
}

fn read(src: &str, events: &[(Event<'_>, Range<usize>)], seg: &mut Segment) {
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Text(t) => push_text(&mut seg.pieces, t),
            Event::SoftBreak => push_text(&mut seg.pieces, " "),
            Event::Start(tag) => {
                let end = matching_end(events, i);
                let children = &events[i + 1..end];
                match what(tag) {
                    Some(what) => wrap(src, range, children, what, seg),
                    None => standalone(src, range, "link", seg),
                }
                i = end;
            }
            Event::End(_) => {}
            other => standalone(src, range, code_name(other), seg),
        }
        i += 1;
    }
}

/// The index of the `End` that closes the `Start` at `start` (the last event if none does).
fn matching_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// What a tag that wraps words is called; `None` for a link whose words are its address.
fn what(tag: &Tag<'_>) -> Option<&'static str> {
    Some(match tag {
        Tag::Emphasis => "emphasis",
        Tag::Strong => "strong",
        Tag::Strikethrough => "strikethrough",
        Tag::Superscript => "superscript",
        Tag::Subscript => "subscript",
        Tag::Link { link_type, .. } => match link_type {
            LinkType::Autolink | LinkType::Email => return None,
            _ => "link",
        },
        Tag::Image { .. } => "image",
        _ => "markup",
    })
}

fn code_name(event: &Event<'_>) -> &'static str {
    match event {
        Event::Code(_) => "code",
        Event::FootnoteReference(_) => "footnote",
        Event::HardBreak => "break",
        Event::TaskListMarker(_) => "checkbox",
        _ => "html",
    }
}

fn slice(src: &str, range: Range<usize>) -> String {
    src.get(range).unwrap_or_default().to_string()
}

fn standalone(src: &str, range: &Range<usize>, what: &'static str, seg: &mut Segment) {
    seg.codes.push(Code {
        what,
        paired: false,
        open: slice(src, range.clone()),
        close: String::new(),
    });
    seg.pieces.push(Piece::Standalone(seg.codes.len() as u32));
}

fn wrap(
    src: &str,
    range: &Range<usize>,
    children: &[(Event<'_>, Range<usize>)],
    what: &'static str,
    seg: &mut Segment,
) {
    let (open, close) = match (children.first(), children.last()) {
        (Some((_, first)), Some((_, last))) => (
            slice(src, range.start..first.start),
            slice(src, last.end..range.end),
        ),
        _ => (slice(src, range.clone()), String::new()),
    };
    seg.codes.push(Code {
        what,
        paired: true,
        open,
        close,
    });
    let n = seg.codes.len() as u32;
    seg.pieces.push(Piece::Open(n));
    read(src, children, seg);
    seg.pieces.push(Piece::Close(n));
}

/// Why the pieces of a translation cannot stand for `source`: a code lost, doubled, unknown,
/// closed before it opens or crossing another. `None` when every code is there once, well nested.
pub(crate) fn misplaced_codes(source: &Segment, target: &[Piece]) -> Option<String> {
    let mut seen = vec![false; source.codes.len()];
    let mut open: Vec<u32> = Vec::new();
    for p in target {
        let (n, opening) = match p {
            Piece::Text(_) => continue,
            Piece::Open(n) => (*n, Some(true)),
            Piece::Close(n) => (*n, Some(false)),
            Piece::Standalone(n) => (*n, None),
        };
        let Some(code) = source.codes.get((n as usize).wrapping_sub(1)) else {
            return Some(format!("it has a code {n} that its source does not have"));
        };
        match opening {
            Some(true) if code.paired => {
                if seen[n as usize - 1] {
                    return Some(format!("code {n} ({}) appears twice", code.what));
                }
                seen[n as usize - 1] = true;
                open.push(n);
            }
            Some(false) if code.paired => {
                if open.pop() != Some(n) {
                    return Some(format!(
                        "code {n} ({}) is closed before it is opened, or across another code",
                        code.what
                    ));
                }
            }
            None if !code.paired => {
                if seen[n as usize - 1] {
                    return Some(format!("code {n} ({}) appears twice", code.what));
                }
                seen[n as usize - 1] = true;
            }
            _ => return Some(format!("code {n} ({}) has the wrong shape", code.what)),
        }
    }
    if let Some(n) = open.pop() {
        return Some(format!("code {n} is opened but never closed"));
    }
    let lost: Vec<String> = (1..=source.codes.len())
        .filter(|n| !seen[n - 1])
        .map(|n| format!("{n} ({})", source.codes[n - 1].what))
        .collect();
    (!lost.is_empty()).then(|| format!("it lost code {}", lost.join(", ")))
}

/// The Markdown of a translation: its words escaped so that none of them becomes syntax, its
/// codes replaced by the Markdown of `codes` (the source's, or the translation's own when it had
/// the same codes). `in_table` also escapes `|`.
pub(crate) fn to_markdown(pieces: &[Piece], codes: &[Code], in_table: bool) -> String {
    let mut out = String::new();
    for p in pieces {
        let code = |n: &u32| codes.get((*n as usize).wrapping_sub(1));
        match p {
            Piece::Text(t) => out.push_str(&escape(t, out.is_empty(), in_table)),
            Piece::Open(n) | Piece::Standalone(n) => {
                out.push_str(code(n).map_or("", |c| c.open.as_str()))
            }
            Piece::Close(n) => out.push_str(code(n).map_or("", |c| c.close.as_str())),
        }
    }
    out
}

/// Words as Markdown that reads back as the same words: every punctuation mark that could start
/// markup is escaped, line breaks become spaces (a block's text is one line), and a block never
/// starts with what would make it a heading, a list or a quote.
fn escape(text: &str, at_start: bool, in_table: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let text = text.replace(['\r', '\n'], " ");
    let text = if at_start { text.trim_start() } else { &text };
    for c in text.chars() {
        let special = matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '&'
                | '~'
                | '{'
                | '}'
                | '#'
                | '!'
                | '$'
                | '^'
        ) || (in_table && c == '|');
        let leading = at_start && out.is_empty() && matches!(c, '-' | '+' | '=' | '|');
        if special || leading {
            out.push('\\');
        }
        out.push(c);
    }
    if at_start {
        escape_list_number(&mut out);
    }
    out
}

/// `1. ` or `1) ` at a block's start would make it a numbered list: escape its mark.
fn escape_list_number(text: &mut String) {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')')) {
        text.insert(digits, '\\');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn para(md: &str) -> Segment {
        let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
        let all: Vec<_> = Parser::new_ext(md, options).into_offset_iter().collect();
        let start = all
            .iter()
            .position(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))
            .unwrap();
        let end = start + matching_end(&all[start..], 0);
        segment(md, &all[start + 1..end])
    }

    #[test]
    fn markup_becomes_codes_and_link_targets_stay_out_of_the_words() {
        let s = para(
            "See the *new* [action plan](../action-plan/ \"Plan\") and `code`[^1].\n\n[^1]: x",
        );
        assert_eq!(
            s.shown(),
            "See the {1}new{/1} {2}action plan{/2} and {3/}{4/}."
        );
        assert_eq!(s.codes[1].open, "[");
        assert_eq!(s.codes[1].close, "](../action-plan/ \"Plan\")");
        assert_eq!(s.codes[2].open, "`code`");
        assert_eq!(
            to_markdown(&s.pieces, &s.codes, false),
            "See the *new* [action plan](../action-plan/ \"Plan\") and `code`[^1]."
        );
    }

    #[test]
    fn shown_text_reads_back_with_literal_braces() {
        let pieces = vec![
            Piece::Text("a {b} ".into()),
            Piece::Open(1),
            Piece::Text("c".into()),
            Piece::Close(1),
            Piece::Standalone(2),
        ];
        let s = shown(&pieces);
        assert_eq!(s, "a {{b}} {1}c{/1}{2/}");
        assert_eq!(parse_shown(&s).unwrap(), pieces);
        assert_eq!(parse_shown("a {x}"), None);
        assert_eq!(parse_shown("a } b"), None);
    }

    #[test]
    fn lost_doubled_and_crossed_codes_are_named() {
        let s = para("*a* [b](x) `c`");
        let t = |x: &str| misplaced_codes(&s, &parse_shown(x).unwrap());
        assert_eq!(t("{1}A{/1} {2}B{/2} {3/}"), None);
        assert_eq!(
            t("{2}B{/2} {1}A{/1} {3/}"),
            None,
            "moving a whole code is translating"
        );
        assert!(t("{1}A{/1} B {3/}").unwrap().contains("lost code 2 (link)"));
        assert!(t("{1}A{/1} {2}B{/2} {3/}{3/}").unwrap().contains("twice"));
        assert!(t("{1}A{2}B{/1}{/2} {3/}").unwrap().contains("across"));
        assert!(t("{/1}A{1} {2}B{/2} {3/}")
            .unwrap()
            .contains("closed before"));
        assert!(t("{1}A{/1} {2}B{/2} {3/} {9/}").unwrap().contains("code 9"));
        assert!(t("{1/}A {2}B{/2} {3/}").unwrap().contains("wrong shape"));
    }

    #[test]
    fn words_never_become_markup() {
        let words = "# 1. *not* [a](link) <b>&amp; `x` | {#id} \\ ~~";
        let md = to_markdown(&[Piece::Text(words.into())], &[], false);
        let back = para(&md);
        assert_eq!(back.shown(), shown(&[Piece::Text(words.into())]), "{md}");
        let numbered = to_markdown(&[Piece::Text("2026. A year".into())], &[], false);
        assert_eq!(para(&numbered).shown(), "2026. A year");
    }

    proptest::proptest! {
        #[test]
        fn any_words_read_back_as_themselves(words in "[ -~àé«»ء-ي\\n]{1,40}") {
            let md = to_markdown(&[Piece::Text(words.clone())], &[], false);
            let expected = words.replace('\n', " ").trim().to_string();
            proptest::prop_assume!(!expected.is_empty());
            let all: Vec<_> = Parser::new_ext(&md, crate::markdown::options()).into_offset_iter().collect();
            let Some(start) = all.iter().position(|(e, _)| matches!(e, Event::Start(Tag::Paragraph))) else {
                return Err(proptest::test_runner::TestCaseError::fail(format!("no paragraph: {md:?}")));
            };
            let end = start + matching_end(&all[start..], 0);
            let seg = segment(&md, &all[start + 1..end]);
            proptest::prop_assert_eq!(seg.shown(), shown(&[Piece::Text(expected)]), "{:?}", md);
        }
    }
}
