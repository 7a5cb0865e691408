//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists and heading
//! anchors. Raw HTML is sanitized with ammonia unless the configuration trusts it; links with
//! script schemes are neutralised either way. Without trusted raw HTML, Markdown alone cannot
//! write an event handler, a `style` or any attribute but a heading's `{#id .class}`.

use std::collections::HashSet;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Per-page state while rendering: ids already used on the page, and words for task lists.
pub struct Renderer<'a> {
    pub allow_raw_html: bool,
    /// Prefix for every id this body creates, so several bodies can share one page.
    pub id_prefix: &'a str,
    /// The level the body's top headings get (2 under a page's `h1`).
    pub top_heading: u8,
    pub task_done: &'a str,
    pub task_open: &'a str,
    pub used_ids: &'a mut HashSet<String>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

impl Renderer<'_> {
    pub fn render(&mut self, markdown: &str) -> String {
        let events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
        let shift = self.heading_shift(&events);
        let mut out_events = Vec::with_capacity(events.len());
        let mut table = TableCells::default();
        let mut has_raw_html = false;
        let mut i = 0;
        while i < events.len() {
            match &events[i] {
                Event::Start(Tag::Heading { .. }) => {
                    let end = events[i..]
                        .iter()
                        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                        .map_or(events.len(), |p| i + p);
                    self.heading(&events[i..end], shift, &mut out_events);
                    i = end + 1;
                    continue;
                }
                Event::FootnoteReference(label) => {
                    out_events.push(Event::FootnoteReference(self.footnote_id(label)))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => out_events.push(Event::Start(
                    Tag::FootnoteDefinition(self.footnote_id(label)),
                )),
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    out_events.push(with_safe_url(&events[i]))
                }
                Event::Start(Tag::Table(alignments)) => {
                    out_events.push(Event::Html(CowStr::from(
                        "<div class=\"table-wrap\" tabindex=\"0\">",
                    )));
                    table = TableCells::new(alignments);
                    // The cells' alignment becomes a class below, not pulldown-cmark's `style`.
                    out_events.push(Event::Start(Tag::Table(Vec::new())));
                }
                Event::End(TagEnd::Table) => {
                    out_events.push(events[i].clone());
                    out_events.push(Event::Html(CowStr::from("</div>")));
                }
                Event::Start(Tag::TableHead) => {
                    table.start_row(true);
                    out_events.push(events[i].clone());
                }
                Event::Start(Tag::TableRow) => {
                    table.start_row(false);
                    out_events.push(events[i].clone());
                }
                Event::Start(Tag::TableCell) => out_events.push(table.start_cell()),
                Event::TaskListMarker(done) => {
                    out_events.push(Event::InlineHtml(CowStr::from(self.task_marker(*done))))
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    has_raw_html = true;
                    out_events.push(events[i].clone());
                }
                other => out_events.push(other.clone()),
            }
            i += 1;
        }
        let mut html = String::with_capacity(markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, out_events.into_iter());
        if has_raw_html && !self.allow_raw_html {
            html = sanitize(&html);
        }
        html
    }

    /// A heading's events (from its start to before its end): moved to its level on the page,
    /// with a unique id, and with only the attributes that cannot run script or restyle the page
    /// (`{#id .class}`), unless raw HTML is trusted.
    fn heading<'a>(&mut self, events: &[Event<'a>], shift: i32, out: &mut Vec<Event<'a>>) {
        let Some((
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }),
            content,
        )) = events.split_first()
        else {
            return;
        };
        let text: String = content
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let wanted = id
            .as_deref()
            .filter(|id| is_safe_name(id))
            .map_or_else(|| crate::ids::anchor(&text), str::to_string);
        let new_level = shift_level(*level, shift);
        out.push(Event::Start(Tag::Heading {
            level: new_level,
            id: Some(CowStr::from(self.unique_id(&wanted))),
            classes: classes
                .iter()
                .filter(|c| is_safe_name(c))
                .cloned()
                .collect(),
            attrs: if self.allow_raw_html {
                attrs.clone()
            } else {
                Vec::new()
            },
        }));
        out.extend(content.iter().cloned());
        out.push(Event::End(TagEnd::Heading(new_level)));
    }

    fn task_marker(&self, done: bool) -> String {
        let (mark, word) = if done {
            ("☑", self.task_done)
        } else {
            ("☐", self.task_open)
        };
        format!(
            "<span class=\"task\" role=\"img\" aria-label=\"{}\">{mark}</span> ",
            escape(word)
        )
    }

    /// How many levels to move headings so the body's highest heading lands on `top_heading`.
    fn heading_shift(&self, events: &[Event]) -> i32 {
        let top = events
            .iter()
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(*level as i32),
                _ => None,
            })
            .min();
        top.map_or(0, |t| self.top_heading as i32 - t)
    }

    fn unique_id(&mut self, wanted: &str) -> String {
        let base = format!("{}{}", self.id_prefix, wanted);
        let mut id = base.clone();
        let mut n = 1;
        while !self.used_ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    fn footnote_id(&self, label: &str) -> CowStr<'static> {
        CowStr::from(format!(
            "{}fn-{}",
            self.id_prefix,
            crate::ids::anchor(label)
        ))
    }
}

fn shift_level(level: HeadingLevel, shift: i32) -> HeadingLevel {
    let n = (level as i32 + shift).clamp(1, 6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

/// An id or a class name from `{#id .class}`: letters, digits, `-` and `_`, nothing that could
/// end the attribute or mean something else to a browser.
fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Where a table's cells are, to give each its column's alignment as a class (`align-right`)
/// instead of the `style` attribute pulldown-cmark writes.
#[derive(Default)]
struct TableCells {
    alignments: Vec<Alignment>,
    in_head: bool,
    column: usize,
}

impl TableCells {
    fn new(alignments: &[Alignment]) -> Self {
        TableCells {
            alignments: alignments.to_vec(),
            ..Default::default()
        }
    }

    fn start_row(&mut self, in_head: bool) {
        self.in_head = in_head;
        self.column = 0;
    }

    /// The start of the next cell; pulldown-cmark still writes its end (`</th>` or `</td>`).
    fn start_cell(&mut self) -> Event<'static> {
        let align = match self.alignments.get(self.column) {
            Some(Alignment::Left) => "left",
            Some(Alignment::Center) => "center",
            Some(Alignment::Right) => "right",
            Some(Alignment::None) | None => "",
        };
        self.column += 1;
        if align.is_empty() {
            return Event::Start(Tag::TableCell);
        }
        let tag = if self.in_head { "th" } else { "td" };
        Event::Html(CowStr::from(format!("<{tag} class=\"align-{align}\">")))
    }
}

/// The same link or image start event, with its destination made safe.
fn with_safe_url<'a>(event: &Event<'a>) -> Event<'a> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: safe_url(dest_url),
            title: title.clone(),
            id: id.clone(),
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type: *link_type,
            dest_url: safe_url(dest_url),
            title: title.clone(),
            id: id.clone(),
        }),
        other => other.clone(),
    }
}

/// Links may point to web pages, e-mail, phone numbers, files and anchors, never run script.
fn safe_url<'a>(url: &CowStr<'a>) -> CowStr<'a> {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = lower.split([':', '/', '?', '#']).next().unwrap_or("");
    let has_scheme = lower.len() > scheme.len() && lower[scheme.len()..].starts_with(':');
    if has_scheme && !matches!(scheme, "http" | "https" | "mailto" | "tel") {
        CowStr::from("#")
    } else {
        url.clone()
    }
}

/// Keeps ordinary formatting and the attributes lipsite itself writes; removes scripts, event
/// handlers, styles, frames and forms.
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes([
            "id",
            "class",
            "lang",
            "dir",
            "role",
            "aria-label",
            "tabindex",
        ])
        .add_tags([
            "figure",
            "figcaption",
            "details",
            "summary",
            "mark",
            "abbr",
            "sup",
            "sub",
        ])
        .url_relative(ammonia::UrlRelative::PassThrough)
        .clean(html)
        .to_string()
}

/// Escapes text for HTML content and attribute values (Tera's own escaping, so both agree).
pub fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Renders a short text that is one paragraph (a summary, a progress note) without the `<p>`.
pub fn strip_single_paragraph(html: &str) -> &str {
    let t = html.trim_end();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str, allow: bool) -> String {
        let mut used = HashSet::new();
        Renderer {
            allow_raw_html: allow,
            id_prefix: "",
            top_heading: 2,
            task_done: "Done",
            task_open: "To do",
            used_ids: &mut used,
        }
        .render(md)
    }

    #[test]
    fn headings_get_anchors_and_start_at_level_two() {
        let html = render("# Our vision\n\n## Our vision\n", false);
        assert!(
            html.contains("<h2 id=\"our-vision\">Our vision</h2>"),
            "{html}"
        );
        assert!(html.contains("<h3 id=\"our-vision-2\">"), "{html}");
    }

    #[test]
    fn tables_footnotes_strikethrough_and_tasks() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^n] ~~old~~\n\n[^n]: A note.\n\n- [x] done\n- [ ] open\n", false);
        assert!(html.contains("<table>"));
        assert!(html.contains("class=\"table-wrap\""));
        assert!(html.contains("<del>old</del>"));
        assert!(html.contains("href=\"#fn-n\""), "{html}");
        assert!(html.contains("id=\"fn-n\""), "{html}");
        assert!(html.contains("aria-label=\"Done\""));
        assert!(html.contains("aria-label=\"To do\""));
    }

    #[test]
    fn scripts_and_handlers_are_removed_unless_allowed() {
        let md = "<script>alert(1)</script>\n\n<p onclick=\"x()\">hi</p>\n\n[click](javascript:alert(1))\n";
        let html = render(md, false);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("hi"));
        let trusted = render("<p class=\"x\" onclick=\"x()\">hi</p>\n", true);
        assert!(trusted.contains("onclick"));
    }

    #[test]
    fn heading_attributes_keep_only_a_safe_id_and_classes_unless_raw_html_is_trusted() {
        let md = "## A {#top .wide .x\"y onmouseover=alert(1) style=\"color:red\" data-z=1}\n\n## B {#a\"b}\n";
        let html = render(md, false);
        assert!(
            html.contains("<h2 id=\"top\" class=\"wide\">A</h2>"),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"b\">B</h2>"), "{html}");
        for bad in ["onmouseover", "style", "data-z", "&quot;"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        let trusted = render("## A {#top data-z=1}\n", true);
        assert!(trusted.contains("data-z=\"1\""), "{trusted}");
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let html = render("| a | b | c |\n|:--|:-:|---|\n| 1 | 2 | 3 |\n", false);
        assert!(!html.contains("style"), "{html}");
        assert!(html.contains("<th class=\"align-left\">a</th>"), "{html}");
        assert!(html.contains("<th class=\"align-center\">b</th>"), "{html}");
        assert!(html.contains("<th>c</th>"), "{html}");
        assert!(html.contains("<td class=\"align-left\">1</td>"), "{html}");
        assert!(
            html.contains("<td class=\"align-center\">2</td><td>3</td>"),
            "{html}"
        );
    }

    #[test]
    fn template_syntax_is_text() {
        let html = render("Use {{ secret }} and {% raw %}", false);
        assert!(html.contains("{{ secret }}"));
    }
}
