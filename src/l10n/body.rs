//! A page body cut into the blocks a translator translates one by one: headings, paragraphs, list
//! items, table cells and footnotes, each with the bytes of its words in the body.
//!
//! A block's id is the path of anchors of the headings above it and its kind and number under
//! the nearest heading: `funding/p2` is the second paragraph under the heading `## Funding`,
//! `funding` that heading's own words, `p1` the first paragraph before any heading. Adding,
//! removing or moving a block changes only the ids of the blocks after it under the same heading,
//! never those of other sections; editing words changes no id.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag};

use super::inline::{self, Segment};

/// One translatable block of a body.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// Its id within the page (see the module's documentation).
    pub id: String,
    /// Its kind: `h2`, `p`, `li`, `td`, `fn`.
    pub kind: String,
    /// The bytes of its words in the body, markup inside them included.
    pub words: Range<usize>,
    /// Its line in the body (1-based).
    pub line: usize,
    /// Its words and codes.
    pub segment: Segment,
}

/// What holds inline content at this point of the block structure.
#[derive(Clone)]
enum Container {
    Heading(HeadingLevel, Option<String>),
    Paragraph,
    Item,
    Cell,
    Footnote,
    /// Code blocks, raw HTML blocks: nothing in them is translated.
    Verbatim,
    Other,
}

fn container(tag: &Tag<'_>) -> Option<Container> {
    Some(match tag {
        Tag::Heading { level, id, .. } => {
            Container::Heading(*level, id.as_ref().map(|i| i.to_string()))
        }
        Tag::Paragraph => Container::Paragraph,
        Tag::Item => Container::Item,
        Tag::TableCell => Container::Cell,
        Tag::FootnoteDefinition(_) => Container::Footnote,
        Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => Container::Verbatim,
        Tag::BlockQuote(_)
        | Tag::List(_)
        | Tag::Table(_)
        | Tag::TableHead
        | Tag::TableRow
        | Tag::DefinitionList
        | Tag::DefinitionListTitle
        | Tag::DefinitionListDefinition => Container::Other,
        _ => return None,
    })
}

/// The blocks of `body`, in reading order.
pub(crate) fn blocks(body: &str) -> Vec<Block> {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, crate::markdown::options())
        .into_offset_iter()
        .collect();
    let mut cutter = Cutter::default();
    let mut stack: Vec<Container> = Vec::new();
    let mut run: Vec<(Event<'_>, Range<usize>)> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in events {
        if depth > 0 {
            depth += usize::from(matches!(event, Event::Start(_)));
            depth -= usize::from(matches!(event, Event::End(_)));
            run.push((event, range));
            continue;
        }
        match &event {
            Event::Start(tag) if container(tag).is_some() => {
                cutter.flush(body, &stack, &mut run);
                stack.push(container(tag).unwrap_or(Container::Other));
            }
            Event::End(_) if !stack.is_empty() => {
                cutter.flush(body, &stack, &mut run);
                stack.pop();
            }
            _ if matches!(stack.last(), Some(Container::Verbatim)) => {}
            Event::Html(_) | Event::Rule | Event::End(_) => {}
            _ => {
                depth = usize::from(matches!(event, Event::Start(_)));
                run.push((event, range));
            }
        }
    }
    cutter.flush(body, &stack, &mut run);
    cutter.blocks
}

#[derive(Default)]
struct Cutter {
    blocks: Vec<Block>,
    /// The anchors of the headings above, with their levels.
    headings: Vec<(HeadingLevel, String)>,
    /// How many blocks of each kind the current heading has so far.
    counts: HashMap<String, usize>,
    /// How many times each heading path was used, so that two equal headings differ.
    paths: HashMap<String, usize>,
}

impl Cutter {
    fn flush(&mut self, body: &str, stack: &[Container], run: &mut Vec<(Event<'_>, Range<usize>)>) {
        if run.is_empty() {
            return;
        }
        let taken = std::mem::take(run);
        let segment = inline::segment(body, &taken);
        if segment.pieces.is_empty() {
            return;
        }
        let words = taken[0].1.start..taken[taken.len() - 1].1.end;
        let line = body[..words.start].matches('\n').count() + 1;
        let (kind, id) = match stack.last() {
            Some(Container::Heading(level, explicit)) => {
                let anchor = explicit
                    .clone()
                    .unwrap_or_else(|| anchor_of(&segment.shown()));
                (
                    format!("h{}", *level as usize),
                    self.enter_heading(*level, anchor),
                )
            }
            _ => {
                let kind = kind_of(stack).to_string();
                let path = self.path();
                let n = self.counts.entry(kind.clone()).or_default();
                *n += 1;
                let id = if path.is_empty() {
                    format!("{kind}{n}")
                } else {
                    format!("{path}/{kind}{n}")
                };
                (kind, id)
            }
        };
        self.blocks.push(Block {
            id,
            kind,
            words,
            line,
            segment,
        });
    }

    fn path(&self) -> String {
        let names: Vec<&str> = self.headings.iter().map(|(_, a)| a.as_str()).collect();
        names.join("/")
    }

    fn enter_heading(&mut self, level: HeadingLevel, anchor: String) -> String {
        while self.headings.last().is_some_and(|(l, _)| *l >= level) {
            self.headings.pop();
        }
        self.headings.push((level, anchor));
        self.counts.clear();
        let path = self.path();
        let seen = self.paths.entry(path.clone()).or_default();
        *seen += 1;
        if *seen > 1 {
            let unique = format!("{path}-{seen}");
            if let Some(last) = self.headings.last_mut() {
                last.1 = format!("{}-{seen}", last.1);
            }
            return unique;
        }
        path
    }
}

/// A block's kind from the containers it is in: a paragraph in a list item is the item's.
fn kind_of(stack: &[Container]) -> &'static str {
    for c in stack.iter().rev() {
        match c {
            Container::Item => return "li",
            Container::Cell => return "td",
            Container::Footnote => return "fn",
            Container::Paragraph | Container::Other => {}
            Container::Heading(..) | Container::Verbatim => return "p",
        }
    }
    "p"
}

/// A heading's anchor: its words in lower case, letters and digits kept, the rest one `-`.
fn anchor_of(words: &str) -> String {
    let mut out = String::new();
    for c in words.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Whether two bodies have the same blocks in the same order, so that the translation's blocks
/// can be matched to the source's one by one.
pub(crate) fn aligned(source: &[Block], translation: &[Block]) -> bool {
    source.len() == translation.len()
        && source
            .iter()
            .zip(translation)
            .all(|(a, b)| a.kind == b.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_ids_from_their_headings_and_cover_their_words() {
        let body = "Intro *text*.\n\n## Funding {#money}\n\nOne.\n\n- a\n- b\n  continued\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n### Detail\n\nTwo[^n].\n\n```\ncode\n```\n\n## Funding\n\nThree.\n\n[^n]: A note.\n";
        let b = blocks(body);
        let ids: Vec<_> = b
            .iter()
            .map(|b| (b.id.as_str(), b.kind.as_str(), &body[b.words.clone()]))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("p1", "p", "Intro *text*."),
                ("money", "h2", "Funding"),
                ("money/p1", "p", "One."),
                ("money/li1", "li", "a"),
                ("money/li2", "li", "b\n  continued"),
                ("money/td1", "td", "x"),
                ("money/td2", "td", "y"),
                ("money/td3", "td", "1"),
                ("money/td4", "td", "2"),
                ("money/detail", "h3", "Detail"),
                ("money/detail/p1", "p", "Two[^n]."),
                ("funding", "h2", "Funding"),
                ("funding/p1", "p", "Three."),
                ("funding/fn1", "fn", "A note."),
            ]
        );
        assert_eq!(b[4].segment.shown(), "b continued");
        assert_eq!(b[1].line, 3);
    }

    #[test]
    fn adding_a_paragraph_shifts_no_id_in_other_sections() {
        let before = blocks("## A\n\nx\n\n## B\n\ny\n");
        let after = blocks("## A\n\nx\n\nnew\n\n## B\n\ny\n");
        assert_eq!(before.last().unwrap().id, "b/p1");
        assert_eq!(after.last().unwrap().id, "b/p1");
    }
}
