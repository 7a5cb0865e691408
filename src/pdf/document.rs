//! The whole strategy in one language as Typst markup: the cover (title, plan period, last
//! review), the table of contents, then the sections in the order of the one-page strategy,
//! with running headers and page numbers in the document's language. Numbers, money, dates and
//! interface words come from the same language view as the site's pages.

use crate::i18n::Words;
use crate::model::{Section, Strategy};
use crate::render::views::LanguageView;

use super::escape;
use super::markup::{Markup, Origin};
use super::texts::{lang_args, Texts};
use super::world::FONT_FAMILY;

/// What one language's document is made from.
pub(crate) struct Document<'a> {
    pub s: &'a Strategy,
    pub li: usize,
    pub words: &'a Words,
    pub view: &'a LanguageView,
    pub texts: Texts<'a>,
    pub dates: crate::i18n::dates::DateFormat,
}

/// A chart's image, for the world beside the markup: its path there and its SVG.
pub(crate) type ChartFile = (String, Vec<u8>);

impl Document<'_> {
    /// The markup of the whole document, and the chart images it shows.
    pub(crate) fn markup(&self) -> (Markup, Vec<ChartFile>) {
        let mut m = Markup::default();
        let mut charts = Vec::new();
        self.preamble(&mut m);
        self.cover(&mut m);
        for &key in &self.view.section_order {
            self.section(&mut m, key, &mut charts);
        }
        (m, charts)
    }

    /// The word `key` of the interface, as the view has it.
    pub(crate) fn t(&self, key: &str) -> &str {
        self.view.t.get(key).map_or("", String::as_str)
    }

    /// The origin of the words of section `stem`: its page's file in this language.
    pub(crate) fn section_file(&self, stem: &str) -> Origin {
        let section = Section::ALL.iter().find(|s| s.file_stem() == stem);
        let page = section.and_then(|sec| self.s.content[self.li].sections.get(sec));
        match page {
            Some(page) => Origin {
                text: page.body.whole_text().map(|(text, _)| text),
                ..Origin::file(&page.file)
            },
            None => Origin::file(crate::layout::CONFIG_FILE),
        }
    }

    fn preamble(&self, m: &mut Markup) {
        let lang = &self.s.config.languages[self.li];
        m.from(Origin::file(crate::layout::CONFIG_FILE));
        m.raw("#set document(title: ")
            .string(&self.view.title)
            .raw(")\n");
        m.raw(&format!(
            "#set text(font: {}, size: 10pt, {})\n",
            escape::string(FONT_FAMILY),
            lang_args(&lang.locale, lang.direction)
        ));
        m.raw("#set par(justify: false, leading: 0.7em)\n");
        m.raw("#set heading(numbering: none)\n");
        m.raw("#show heading.where(level: 1): it => { pagebreak(weak: true); set text(size: 18pt, fill: rgb(\"#1d4f73\")); block(below: 1em, it) }\n");
        m.raw("#show heading.where(level: 2): set text(size: 14pt)\n");
        m.raw("#set table(stroke: 0.5pt + luma(160), inset: 5pt)\n");
        m.raw("#show table.cell.where(y: 0): set text(weight: \"bold\")\n");
        m.raw("#set page(paper: \"us-letter\", margin: (x: 2cm, top: 2.5cm, bottom: 2.5cm), ");
        m.raw("header: context { if here().page() > 1 [#set text(size: 8pt, fill: luma(90)); ");
        m.text(&self.view.title)
            .raw(" #h(1fr) ")
            .raw(CURRENT_SECTION)
            .raw("] }, ");
        m.raw("footer: context { if here().page() > 1 [#set text(size: 8pt); #align(center)[");
        self.page_number(m);
        m.raw("]] })\n\n");
    }

    /// "Page 3 of 12" in the document's language.
    fn page_number(&self, m: &mut Markup) {
        let (n, total) = ("\u{E000}", "\u{E001}");
        let words = self.words.fill("pdf_page", &[("n", n), ("total", total)]);
        let text = escape::markup(&words)
            .replace(n, "#counter(page).display()")
            .replace(total, "#counter(page).final().first()");
        m.raw(&text);
    }

    fn cover(&self, m: &mut Markup) {
        let plan = &self.view.plan;
        m.raw("#page(header: none, footer: none)[\n#v(25%)\n#text(size: 26pt, weight: \"bold\", fill: rgb(\"#1d4f73\"))[");
        m.text(&self.view.title);
        m.raw("]\n\n#v(1em)\n#text(size: 13pt)[");
        m.text(&plan.summary)
            .raw("]\n\n")
            .text(self.t("last_reviewed"));
        m.raw(" ").text(&plan.last_reviewed.text).raw("\n]\n\n");
        m.raw("#outline(title: ")
            .raw(&content(self.t("contents")))
            .raw(", depth: 2)\n\n");
    }

    fn section(&self, m: &mut Markup, key: &str, charts: &mut Vec<ChartFile>) {
        let Some(section) = self.view.sections.get(key) else {
            return;
        };
        m.from(self.section_file(key));
        m.raw("#heading(level: 1)[")
            .text(&section.title)
            .raw("]\n\n");
        self.section_body(m, key);
        match key {
            "context" => self.context(m),
            "priorities" => self.priorities(m),
            "action-plan" => self.action_plan(m),
            "evaluation" => self.evaluation(m, charts),
            "research" => self.research(m, charts),
            "spending" => self.spending(m, charts),
            "council" => self.council(m),
            _ => {}
        }
        self.lists(m, key);
    }

    /// The Markdown body of a section's page, traced to its lines.
    fn section_body(&self, m: &mut Markup, stem: &str) {
        let section = Section::ALL.iter().find(|s| s.file_stem() == stem);
        let Some(page) = section.and_then(|sec| self.s.content[self.li].sections.get(sec)) else {
            return;
        };
        let (text, line) = page.body.whole_text().unwrap_or_default();
        let origin = Origin {
            file: page.file.clone(),
            text: Some(text),
            line,
        };
        let body = super::markdown::Body {
            markdown: page.body.as_str(),
            origin,
            top_level: 2,
            link: self.texts.link,
            tasks: self.texts.tasks,
        };
        super::markdown::write(m, &body);
    }
}

/// The running header's title of the section a page is in: the one that starts on the page, or
/// else the last one before it.
const CURRENT_SECTION: &str = "#{ let p = here().page(); let all = query(heading.where(level: 1)); \
    let on = all.filter(h => h.location().page() == p); let before = all.filter(h => h.location().page() < p); \
    if on.len() > 0 { on.first().body } else if before.len() > 0 { before.last().body } }";

/// Plain text as a Typst content block.
pub(crate) fn content(text: &str) -> String {
    format!("[{}]", escape::markup(text))
}
