//! A Markdown text as Typst markup, from pulldown-cmark's events (not from the site's HTML):
//! headings, paragraphs, emphasis, links, lists, tables, quotes, code and footnotes. Every text
//! is escaped; each block is traced to its line in the file it came from.
//!
//! What a PDF cannot show as the site does: images become their alternative text (in italics),
//! and raw HTML is left out (its tags; the text between inline tags stays).

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::escape;
use super::markup::{Markup, Origin};

/// One Markdown text to write, and what it needs around it.
pub(crate) struct Body<'a> {
    pub markdown: &'a str,
    /// Where the text starts: its file and the line of its first line.
    pub origin: Origin,
    /// The heading level the text's highest heading becomes.
    pub top_level: u8,
    /// A link's destination as an absolute address, or `None` to show its text only.
    pub link: &'a dyn Fn(&str) -> Option<String>,
    /// The words for a task list's done and open items (the bundled fonts have no check boxes).
    pub tasks: (&'a str, &'a str),
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Writes `body` into `m`.
pub(crate) fn write(m: &mut Markup, body: &Body) {
    let events: Vec<Spanned> = Parser::new_ext(body.markdown, crate::markdown::options())
        .into_offset_iter()
        .collect();
    let mut w = Writer {
        body,
        lines: line_starts(body.markdown),
        shift: heading_shift(&events, body.top_level),
        notes: HashMap::new(),
    };
    w.notes = w.footnotes(&events);
    w.events(m, &events, true);
}

struct Writer<'b, 'a> {
    body: &'b Body<'a>,
    lines: Vec<usize>,
    shift: i32,
    /// Each footnote's text as markup, by label.
    notes: HashMap<String, String>,
}

impl Writer<'_, '_> {
    /// Footnote definitions, written apart so that each shows where it is referred to.
    fn footnotes(&self, events: &[Spanned]) -> HashMap<String, String> {
        let mut notes = HashMap::new();
        let mut i = 0;
        while i < events.len() {
            if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i].0 {
                let end = matching_end(events, i);
                let mut m = Markup::default();
                self.events(&mut m, &events[i + 1..end], false);
                notes.insert(label.to_string(), m.text.trim().to_string());
                i = end;
            }
            i += 1;
        }
        notes
    }

    /// Writes `events`; `traced` marks each block with its origin line.
    fn events(&self, m: &mut Markup, events: &[Spanned], traced: bool) {
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) | Event::Start(Tag::CodeBlock(_)) => {
                    let end = matching_end(events, i);
                    if let Event::Start(Tag::CodeBlock(_)) = event {
                        self.trace(m, range.start, traced);
                        m.raw("#raw(block: true, ")
                            .raw(&escape::string_with_lines(&code(&events[i..end])))
                            .raw(")")
                            .par();
                    }
                    i = end + 1;
                    continue;
                }
                Event::Start(tag) => {
                    if is_block(tag) {
                        self.trace(m, range.start, traced);
                    }
                    self.start(m, tag);
                }
                Event::End(tag) => end(m, *tag),
                Event::Text(t) => {
                    m.text(t);
                }
                Event::Code(t) => {
                    m.raw("#raw(").string(t).raw(")");
                }
                Event::SoftBreak => {
                    m.raw(" ");
                }
                Event::HardBreak => {
                    m.raw("#linebreak()");
                }
                Event::Rule => {
                    m.raw("#line(length: 100%)").par();
                }
                Event::TaskListMarker(done) => {
                    let word = if *done {
                        self.body.tasks.0
                    } else {
                        self.body.tasks.1
                    };
                    m.raw("#emph[").text(word).raw(":] ");
                }
                Event::FootnoteReference(label) => match self.notes.get(label.as_ref()) {
                    Some(note) => {
                        m.raw("#footnote[").raw(note).raw("]");
                    }
                    None => {
                        m.text(&format!("[^{label}]"));
                    }
                },
                // Raw HTML and math are not in a PDF; the text of inline HTML stays.
                _ => {}
            }
            i += 1;
        }
    }

    /// Marks what follows with the line of `offset`; a text whose own line is unknown (words
    /// in front matter, origin line 0) stays at its file as a whole.
    fn trace(&self, m: &mut Markup, offset: usize, traced: bool) {
        if traced && self.body.origin.line > 0 {
            let line = self.lines.partition_point(|&start| start <= offset);
            m.from(Origin {
                line: self.body.origin.line + line - 1,
                ..self.body.origin.clone()
            });
        }
    }

    fn start(&self, m: &mut Markup, tag: &Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                let level = (*level as i32 + self.shift).clamp(1, 6);
                m.raw(&format!("#heading(level: {level})["));
            }
            Tag::BlockQuote(_) => {
                m.raw("#quote(block: true)[");
            }
            Tag::List(None) => {
                m.raw("#list(");
            }
            Tag::List(Some(first)) => {
                m.raw(&format!("#enum(start: {first}, "));
            }
            Tag::Item | Tag::TableCell => {
                m.raw("[");
            }
            Tag::Table(alignments) => {
                let columns = alignments.len().max(1);
                m.raw(&format!("#table(columns: {columns}, "));
            }
            Tag::TableHead => {
                m.raw("table.header(");
            }
            Tag::Emphasis => {
                m.raw("#emph[");
            }
            Tag::Strong => {
                m.raw("#strong[");
            }
            Tag::Strikethrough => {
                m.raw("#strike[");
            }
            Tag::Link { dest_url, .. } => match (self.body.link)(dest_url) {
                Some(url) => {
                    m.raw("#link(").string(&url).raw(")[");
                }
                None => {
                    m.raw("#[");
                }
            },
            Tag::Image { .. } => {
                m.raw("#emph[");
            }
            _ => {}
        }
    }
}

fn end(m: &mut Markup, tag: TagEnd) {
    match tag {
        TagEnd::Paragraph => {
            m.par();
        }
        TagEnd::Heading(_) | TagEnd::BlockQuote(_) => {
            m.raw("]").par();
        }
        TagEnd::List(_) | TagEnd::Table => {
            m.raw(")").par();
        }
        TagEnd::Item | TagEnd::TableCell => {
            m.raw("], ");
        }
        TagEnd::TableHead => {
            m.raw("), ");
        }
        TagEnd::Emphasis
        | TagEnd::Strong
        | TagEnd::Strikethrough
        | TagEnd::Link
        | TagEnd::Image => {
            m.raw("]");
        }
        _ => {}
    }
}

fn is_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::TableRow
    )
}

/// The position of the event that ends the element started at `start`.
fn matching_end(events: &[Spanned], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// The text of a code block's events.
fn code(events: &[Spanned]) -> String {
    let text: String = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    text.trim_end_matches('\n').to_string()
}

/// The byte offset where each line starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// How many levels to move headings so the highest lands on `top`.
fn heading_shift(events: &[Spanned], top: u8) -> i32 {
    let highest = events
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as i32),
            _ => None,
        })
        .min()
        .unwrap_or(HeadingLevel::H1 as i32);
    i32::from(top) - highest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typst(markdown: &str) -> String {
        let mut m = Markup::default();
        let link = |url: &str| url.starts_with("https://").then(|| url.to_string());
        let body = Body {
            markdown,
            origin: Origin {
                line: 5,
                ..Origin::file("content/en/vision.md")
            },
            top_level: 2,
            link: &link,
            tasks: ("Done", "To do"),
        };
        write(&mut m, &body);
        m.text
    }

    #[test]
    fn headings_move_to_the_level_of_their_place_and_text_stays_inert() {
        let out = typst("# Our *goals*\n\nA #[x] $1 = 2$ <b>.\n");
        assert!(
            out.starts_with("#heading(level: 2)[Our #emph[goals]]"),
            "{out}"
        );
        // Every sign is escaped, and the raw HTML `<b>` is left out.
        assert!(out.contains("\nA \\#\\[x\\] \\$1 \\= 2\\$ \\.\n"), "{out}");
    }

    #[test]
    fn lists_tables_links_and_footnotes_become_typst_functions() {
        let out = typst(
            "- a\n- b [c](https://e.ca) [d](/x)\n\n| h | i |\n|---|--:|\n| 1 | 2 |\n\nNote[^n].\n\n[^n]: Said *so*.\n",
        );
        assert!(
            out.contains("#list([a], [b #link(\"https://e.ca\")[c] #[d]], )"),
            "{out}"
        );
        assert!(
            out.contains("#table(columns: 2, table.header([h], [i], ), [1], [2], )"),
            "{out}"
        );
        assert!(out.contains("Note#footnote[Said #emph[so]\\.]\\."), "{out}");
    }

    #[test]
    fn each_block_is_traced_to_its_line_in_the_file() {
        let mut m = Markup::default();
        let link = |_: &str| None;
        let body = Body {
            markdown: "First.\n\nSecond.\n",
            origin: Origin {
                line: 5,
                ..Origin::file("content/en/vision.md")
            },
            top_level: 2,
            link: &link,
            tasks: ("Done", "To do"),
        };
        write(&mut m, &body);
        let second = m.text.find("Second").unwrap();
        assert_eq!(m.origin_at(second).unwrap().line, 7);
        assert_eq!(m.origin_at(0).unwrap().line, 5);
    }

    #[test]
    fn a_text_whose_line_is_unknown_is_not_given_a_wrong_one() {
        let mut m = Markup::default();
        let link = |_: &str| None;
        let body = Body {
            markdown: "First.\n\nSecond.\n",
            origin: Origin::file("content/en/action-plan.md"),
            top_level: 2,
            link: &link,
            tasks: ("Done", "To do"),
        };
        write(&mut m, &body);
        assert!(m.origin_at(m.text.len() - 1).is_none());
    }
}
