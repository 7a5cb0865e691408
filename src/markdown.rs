//! Markdown to HTML: CommonMark with tables, footnotes, strikethrough, task lists and heading
//! anchors. Raw HTML is sanitized with ammonia unless the configuration trusts it; links with
//! script schemes are neutralised either way. Without trusted raw HTML, Markdown alone cannot
//! write an event handler, a `style` or any attribute but a heading's `{#id .class}`.

use std::collections::HashSet;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

mod html_tags;
pub(crate) mod links;
mod nesting;
mod open_elements;

pub(crate) use nesting::Limit;
pub use nesting::{MAX_DEPTH, MAX_ELEMENTS, MAX_FORMATTING};

/// Per-page state while rendering: ids already used on the page, and words for task lists.
pub(crate) struct Renderer<'a> {
    pub allow_raw_html: bool,
    /// Prefix for every id this body creates, so several bodies can share one page.
    pub id_prefix: &'a str,
    /// The level the body's top headings get (2 under a page's `h1`).
    pub top_heading: u8,
    pub task_done: &'a str,
    pub task_open: &'a str,
    pub used_ids: &'a mut HashSet<String>,
    /// Where an `@` address (`@vision`, `@action/<id>`) leads in the page's language; `None`
    /// leaves such links as written.
    pub addresses: Option<&'a Addresses<'a>>,
}

/// The href an `@` address has on the page being rendered, if it leads anywhere.
pub(crate) type Addresses<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// The Markdown extensions lipsite reads bodies with (also how `l10n` cuts them into blocks).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Where a Markdown text nests deeper than the HTML sanitizer can take quickly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// The byte offset in the Markdown of what opens one element too many.
    pub offset: usize,
    pub limit: Limit,
}

/// Checks that a text nests no deeper than [`MAX_DEPTH`] (deeper Markdown only makes a huge page),
/// and, if its raw HTML is sanitized, that its HTML does not either and keeps at most
/// [`MAX_FORMATTING`] formatting elements open: the sanitizer's work grows with both. Linear in
/// the size of the text.
pub(crate) fn check_nesting(markdown: &str, sanitized: bool) -> Result<(), TooDeep> {
    let mut used_ids = HashSet::new();
    let mut renderer = Renderer {
        allow_raw_html: false,
        id_prefix: "",
        top_heading: 1,
        task_done: "",
        task_open: "",
        used_ids: &mut used_ids,
        addresses: None,
    };
    // Read lazily, a text nested far too deeply stops here, before all of it is parsed.
    let mut has_raw_html = false;
    let events = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .inspect(|(e, _)| has_raw_html |= matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    if let Some(offset) = markdown_too_deep(events.map(|(e, range)| (e, range.start))) {
        return Err(TooDeep {
            offset,
            limit: Limit::Depth,
        });
    }
    // Most texts have no raw HTML: nothing of them goes through the sanitizer.
    if !has_raw_html || !sanitized {
        return Ok(());
    }
    let out = renderer.events(markdown);
    if out.raw_html.is_empty() || !sanitized {
        return Ok(());
    }
    let page = write_html(out.events);
    nesting::prepare_for_sanitizer(&page.html)
        .map(drop)
        .map_err(|(at, limit)| TooDeep {
            offset: page.source_of(at),
            limit,
        })
}

/// Where Markdown's own elements (quotes, lists, emphasis ...) open one level deeper than
/// [`MAX_DEPTH`], found before any HTML is written.
fn markdown_too_deep<'a>(events: impl Iterator<Item = (Event<'a>, usize)>) -> Option<usize> {
    let mut depth = 0usize;
    for (event, at) in events {
        match event {
            // An HTML block is no element; the HTML in it is counted with the rest.
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(at);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The events of a text to write as HTML, each with the offset of its source in the Markdown.
#[derive(Default)]
struct Output<'a> {
    events: Vec<(Event<'a>, usize)>,
    /// Which of `events` are raw HTML from the text (not HTML that lipsite writes itself).
    raw_html: Vec<usize>,
}

impl<'a> Output<'a> {
    fn push(&mut self, event: Event<'a>, at: usize) {
        self.events.push((event, at));
    }

    /// The events with the text's raw HTML shown as text, which needs no sanitizer.
    fn with_raw_html_as_text(mut self) -> Vec<(Event<'a>, usize)> {
        for &i in &self.raw_html {
            if let (Event::Html(html) | Event::InlineHtml(html), _) = &self.events[i] {
                self.events[i].0 = Event::Text(html.clone());
            }
        }
        self.events
    }
}

/// HTML, and where in it the output of each event starts.
struct Html {
    html: String,
    sources: Vec<Source>,
}

/// Where the output of an event starts in the HTML, and where the event is in the Markdown.
struct Source {
    html: usize,
    markdown: usize,
    /// Raw HTML is written as it is in the Markdown, so an offset inside it maps exactly.
    verbatim: bool,
}

impl Html {
    /// The offset in the Markdown of what wrote the HTML at `offset`.
    fn source_of(&self, offset: usize) -> usize {
        let k = self.sources.partition_point(|s| s.html <= offset);
        match self.sources.get(k.wrapping_sub(1)) {
            Some(s) if s.verbatim => s.markdown + (offset - s.html),
            Some(s) => s.markdown,
            None => 0,
        }
    }
}

fn write_html(events: Vec<(Event, usize)>) -> Html {
    /// The HTML being written, shared with the iterator that records where each event starts.
    struct Shared(std::rc::Rc<std::cell::RefCell<String>>);
    impl std::fmt::Write for Shared {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.0.borrow_mut().push_str(s);
            Ok(())
        }
    }
    let html = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
    let mut sources = Vec::with_capacity(events.len());
    let recorded = events.into_iter().map(|(event, at)| {
        sources.push(Source {
            html: html.borrow().len(),
            markdown: at,
            verbatim: matches!(event, Event::Html(_) | Event::InlineHtml(_)),
        });
        event
    });
    // Writing into a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(Shared(html.clone()), recorded);
    let html = html.take();
    Html { html, sources }
}

impl Renderer<'_> {
    pub(crate) fn render(&mut self, markdown: &str) -> String {
        let out = self.events(markdown);
        if out.raw_html.is_empty() || self.allow_raw_html {
            return write_html(out.events).html;
        }
        match nesting::prepare_for_sanitizer(&write_html(out.events.clone()).html) {
            Ok(html) => sanitize(&html),
            // A build refuses such a text first (`check_nesting`); this keeps any other use fast.
            Err(_) => write_html(out.with_raw_html_as_text()).html,
        }
    }

    /// The events to write, each with the offset in `markdown` of the text it comes from.
    fn events<'a>(&mut self, markdown: &'a str) -> Output<'a> {
        let events: Vec<(Event, usize)> = Parser::new_ext(markdown, options())
            .into_offset_iter()
            .map(|(e, range)| (e, range.start))
            .collect();
        let shift = self.heading_shift(events.iter().map(|(e, _)| e));
        let mut out = Output::default();
        let mut table = TableCells::default();
        let mut i = 0;
        while i < events.len() {
            let (event, at) = (&events[i].0, events[i].1);
            match event {
                Event::Start(Tag::Heading { .. }) => {
                    i = self.push_heading(&events, i, shift, &mut out);
                    continue;
                }
                Event::FootnoteReference(label) => {
                    out.push(Event::FootnoteReference(self.footnote_id(label)), at)
                }
                Event::Start(Tag::FootnoteDefinition(label)) => out.push(
                    Event::Start(Tag::FootnoteDefinition(self.footnote_id(label))),
                    at,
                ),
                Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    out.push(with_safe_url(&self.resolved(event)), at)
                }
                Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
                | Event::End(TagEnd::Table) => table.push(event, at, &mut out),
                Event::TaskListMarker(done) => {
                    out.push(Event::InlineHtml(CowStr::from(self.task_marker(*done))), at)
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    out.raw_html.push(out.events.len());
                    out.push(event.clone(), at);
                }
                other => out.push(other.clone(), at),
            }
            i += 1;
        }
        self.prefix_own_anchors(&mut out.events);
        out
    }

    /// Pushes the heading that starts at `events[start]`, its level shifted by `shift` and given
    /// its anchor; returns the index after its end.
    fn push_heading<'a>(
        &mut self,
        events: &[(Event<'a>, usize)],
        start: usize,
        shift: i32,
        out: &mut Output<'a>,
    ) -> usize {
        let at = events[start].1;
        let end = events[start..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len(), |p| start + p);
        let heading: Vec<Event> = events[start..end].iter().map(|(e, _)| e.clone()).collect();
        for e in self.heading(&heading, shift) {
            out.push(e, at);
        }
        end + 1
    }

    /// Links to an anchor of this very text (`#our-goals`) lead to it under the text's id
    /// prefix (`vision-our-goals` on the one-page strategy), where the heading now is.
    fn prefix_own_anchors(&self, events: &mut [(Event, usize)]) {
        if self.id_prefix.is_empty() {
            return;
        }
        for (event, _) in events.iter_mut() {
            if let Event::Start(Tag::Link { dest_url, .. }) = event {
                let Some(anchor) = dest_url.strip_prefix('#') else {
                    continue;
                };
                let prefixed = format!("{}{anchor}", self.id_prefix);
                if self.used_ids.contains(&prefixed) {
                    *dest_url = CowStr::from(format!("#{prefixed}"));
                }
            }
        }
    }

    /// A heading's events (from its start to before its end): moved to its level on the page,
    /// with a unique id, and with only the attributes that cannot run script or restyle the page
    /// (`{#id .class}`), unless raw HTML is trusted.
    fn heading<'a>(&mut self, events: &[Event<'a>], shift: i32) -> Vec<Event<'a>> {
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
            return events.to_vec();
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
        let start = Event::Start(Tag::Heading {
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
        });
        std::iter::once(start)
            .chain(content.iter().cloned())
            .chain(std::iter::once(Event::End(TagEnd::Heading(new_level))))
            .collect()
    }

    /// A link to an `@` address, with the address's href in the page's language.
    fn resolved<'e>(&self, event: &Event<'e>) -> Event<'e> {
        match (event, self.addresses) {
            (
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
                Some(addresses),
            ) if dest_url.starts_with('@') => Event::Start(Tag::Link {
                link_type: *link_type,
                dest_url: addresses(dest_url).map_or_else(|| dest_url.clone(), CowStr::from),
                title: title.clone(),
                id: id.clone(),
            }),
            _ => event.clone(),
        }
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
    fn heading_shift<'e>(&self, events: impl Iterator<Item = &'e Event<'e>>) -> i32 {
        let top = events
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
    /// Pushes a table's event: the table in a scrolling region, its cells with their alignment.
    fn push<'a>(&mut self, event: &Event<'a>, at: usize, out: &mut Output<'a>) {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                out.push(
                    Event::Html(CowStr::from("<div class=\"table-wrap\" tabindex=\"0\">")),
                    at,
                );
                self.alignments = alignments.to_vec();
                // The cells' alignment becomes a class below, not pulldown-cmark's `style`.
                out.push(Event::Start(Tag::Table(Vec::new())), at);
            }
            Event::End(TagEnd::Table) => {
                out.push(event.clone(), at);
                out.push(Event::Html(CowStr::from("</div>")), at);
            }
            Event::Start(Tag::TableCell) => out.push(self.start_cell(), at),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                self.start_row(matches!(event, Event::Start(Tag::TableHead)));
                out.push(event.clone(), at);
            }
            other => out.push(other.clone(), at),
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
pub(crate) fn escape(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len() + 8);
    // Writing into a Vec cannot fail.
    let _ = tera::escape_html(text, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Renders a short text that is one paragraph (a summary, a progress note) without the `<p>`.
pub(crate) fn strip_single_paragraph(html: &str) -> &str {
    let t = html.trim_end();
    match t.strip_prefix("<p>").and_then(|r| r.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner,
        _ => html,
    }
}

#[cfg(test)]
mod properties;

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
            addresses: None,
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
    fn nesting_is_checked_in_markdown_always_and_in_html_when_it_is_sanitized() {
        let quotes = format!("{} deep", "> ".repeat(MAX_DEPTH + 1));
        let deep = check_nesting(&quotes, false).unwrap_err();
        assert_eq!(deep.limit, Limit::Depth);
        assert_eq!(
            deep.offset,
            2 * MAX_DEPTH,
            "at the quote one level too deep"
        );
        // The innermost quote holds a paragraph: one level more.
        assert!(check_nesting(&format!("{} fine", "> ".repeat(MAX_DEPTH - 1)), true).is_ok());
        let divs = format!("Text.\n\n{}\n", "<div>".repeat(MAX_DEPTH + 1));
        assert!(
            check_nesting(&divs, false).is_ok(),
            "trusted HTML is not counted"
        );
        let deep = check_nesting(&divs, true).unwrap_err();
        assert_eq!(deep.offset, "Text.\n\n".len() + 5 * MAX_DEPTH);
        let bold: String = (0..=MAX_FORMATTING)
            .map(|i| format!("<b id={i}>"))
            .collect();
        let deep = check_nesting(&bold, true).unwrap_err();
        assert_eq!(deep.limit, Limit::Formatting);
    }

    #[test]
    fn html_nested_too_deeply_is_shown_as_text_rather_than_sanitized_slowly() {
        let html = render(&"<div>".repeat(100_000), false);
        assert!(
            html.starts_with("&lt;div&gt;&lt;div&gt;"),
            "{}",
            &html[..40]
        );
        let mended = render("<div><b>bold</div> after", false);
        assert_eq!(mended, "<div><b>bold</b></div> after");
    }

    #[test]
    fn at_addresses_become_the_href_the_page_gives_them_and_other_links_stay() {
        let mut used = HashSet::new();
        let to = |address: &str| (address == "@vision").then(|| "/fr/notre-vision/".to_string());
        let html = Renderer {
            allow_raw_html: false,
            id_prefix: "",
            top_heading: 2,
            task_done: "",
            task_open: "",
            used_ids: &mut used,
            addresses: Some(&to),
        }
        .render("[v](@vision) [x](@nowhere) [y](../vision/) ![i](@vision)");
        assert!(
            html.contains(r#"<a href="/fr/notre-vision/">v</a>"#),
            "{html}"
        );
        assert!(html.contains(r#"<a href="@nowhere">x</a>"#), "{html}");
        assert!(html.contains(r#"<a href="../vision/">y</a>"#), "{html}");
        assert!(
            html.contains(r#"src="@vision""#),
            "images are files, not pages: {html}"
        );
    }

    #[test]
    fn an_anchor_of_the_same_text_follows_its_id_prefix() {
        let mut used = HashSet::new();
        let html = Renderer {
            allow_raw_html: false,
            id_prefix: "vision-",
            top_heading: 3,
            task_done: "",
            task_open: "",
            used_ids: &mut used,
            addresses: None,
        }
        .render("See [our goals](#our-goals) and [the top](#main).\n\n## Our goals\n");
        assert!(
            html.contains(r##"<a href="#vision-our-goals">our goals</a>"##),
            "{html}"
        );
        assert!(html.contains(r##"<a href="#main">the top</a>"##), "{html}");
        assert!(html.contains(r#"<h3 id="vision-our-goals">"#), "{html}");
    }

    #[test]
    fn template_syntax_is_text() {
        let html = render("Use {{ secret }} and {% raw %}", false);
        assert!(html.contains("{{ secret }}"));
    }
}
