//! The parts of the sections that are made from the data, as the one-page strategy shows them:
//! the community's figures and areas, the priorities, the action plan, the evaluation, research,
//! spending and the council.

use crate::charts::Chart;
use crate::model::{Action, Id, Kind, Objective};

use super::document::{content, ChartFile, Document};
use super::markup::Markup;

impl Document<'_> {
    /// A table: its header row of plain words and its rows of markup cells.
    pub(super) fn table(
        &self,
        m: &mut Markup,
        header: &[&str],
        rows: Vec<Vec<String>>,
        numeric_from: usize,
    ) {
        let align: Vec<&str> = (0..header.len())
            .map(|i| if i >= numeric_from { "end" } else { "start" })
            .collect();
        m.raw(&format!(
            "#table(columns: {}, align: ({},), table.header(",
            header.len(),
            align.join(", ")
        ));
        for h in header {
            m.raw(&content(h)).raw(", ");
        }
        m.raw("), ");
        for row in rows {
            for cell in row {
                m.raw("[").raw(&cell).raw("], ");
            }
        }
        m.raw(")\n\n");
    }

    /// A heading of `level` with plain text.
    pub(super) fn heading(&self, m: &mut Markup, level: u8, text: &str) {
        m.raw(&format!("#heading(level: {level})"))
            .raw(&content(text))
            .raw("\n\n");
    }

    /// Markup written by `write` into a string of its own (a table cell).
    pub(super) fn cell(&self, write: impl FnOnce(&mut Markup)) -> String {
        let mut m = Markup::default();
        write(&mut m);
        m.text
    }

    /// The name of an item that may have a proper name (a partner, a source).
    pub(super) fn name_of<K: Kind<Text = String>>(&self, m: &mut Markup, id: Id<K>) {
        let item = id.of(self.s);
        self.texts
            .name(m, item.proper_name(), |c| K::texts(c).get(id));
    }

    /// A chart's SVG as a vector image with its text alternative; its table follows it. The
    /// chart is drawn at most `width` centimetres wide (its text then reads at about the size
    /// of the page's) and 18 cm high, so it always fits on a page.
    pub(super) fn chart(
        &self,
        m: &mut Markup,
        charts: &mut Vec<ChartFile>,
        chart: &Chart,
        width: f64,
    ) {
        let path = format!("/charts/{}-{}.svg", charts.len(), chart.id);
        let alt = format!("{}. {}", chart.title, chart.desc);
        let (w, h) = view_box(&chart.svg).unwrap_or((320.0, 320.0));
        let cm = (width / w).min(18.0 / h) * w;
        m.raw("#block(breakable: false)[#strong")
            .raw(&content(&chart.title))
            .raw(&format!(
                "\n\n#image({}, alt: ",
                super::escape::string(&path)
            ))
            .string(&alt)
            .raw(&format!(", width: {cm:.2}cm)]\n\n"));
        charts.push((path, super::svg::for_typesetter(&chart.svg).into_bytes()));
    }

    pub(super) fn context(&self, m: &mut Markup) {
        let v = &self.view.context;
        let s = self.s;
        if !v.figures.is_empty() {
            self.heading(m, 2, self.t("figures_heading"));
            m.raw("#list(");
            for ((id, f), fv) in Id::each(&s.figures).zip(&v.figures) {
                m.raw("[#strong").raw(&content(&fv.value)).raw(" ");
                self.texts.plain(m, |c| c.figures.get(id));
                m.raw(" \\(").text(&fv.year.to_string());
                if let Some(src) = f.source {
                    m.raw(" · ");
                    self.name_of(m, src);
                }
                m.raw("\\)], ");
            }
            m.raw(")\n\n");
        }
        if !v.areas.is_empty() {
            self.heading(m, 2, self.t("areas_heading"));
            let rows = Id::each(&s.areas)
                .zip(&v.areas)
                .map(|((id, _), a)| {
                    let name = self.cell(|m| self.texts.plain(m, |c| c.areas.get(id)));
                    let n = |t: &str| super::escape::markup(t);
                    vec![
                        name,
                        n(&a.newcomers),
                        n(&a.services),
                        n(&a.newcomers_per_service),
                    ]
                })
                .collect();
            let header = [
                "area",
                "newcomers_living",
                "service_locations",
                "newcomers_per_location",
            ];
            self.table(m, &header.map(|k| self.t(k)), rows, 1);
        }
        self.context_list(m, "assets_heading", |c| &c.assets);
        self.context_list(m, "gaps_heading", |c| &c.gaps);
    }

    fn context_list(
        &self,
        m: &mut Markup,
        heading: &str,
        get: impl Fn(&crate::model::LanguageContent) -> &Vec<String>,
    ) {
        let count = get(self.texts.own)
            .len()
            .max(get(self.texts.fallback).len());
        if count == 0 {
            return;
        }
        self.heading(m, 2, self.t(heading));
        let origin = self.section_file("context");
        m.raw("#list(");
        for i in 0..count {
            m.raw("[");
            self.texts.rich(m, |c| get(c).get(i), &origin, 4);
            m.raw("], ");
        }
        m.raw(")\n\n");
    }

    pub(super) fn priorities(&self, m: &mut Markup) {
        let origin = self.section_file("priorities");
        for (n, ((id, _), pv)) in Id::each(&self.s.priorities)
            .zip(&self.view.priorities)
            .enumerate()
        {
            m.from(origin.clone());
            m.raw("#heading(level: 2)[").text(&format!("{}. ", n + 1));
            self.texts
                .plain(m, |c| c.priorities.get(id).map(|t| &t.title));
            m.raw("]\n\n");
            self.texts
                .rich(m, |c| c.priorities.get(id).map(|t| &t.summary), &origin, 3);
            for (label, tags) in [
                ("themes_label", &pv.themes),
                ("welcoming_label", &pv.welcoming),
            ] {
                if !tags.is_empty() {
                    m.raw("#strong").raw(&content(self.t(label))).raw(" ");
                    m.text(&tags.join(self.t("list_separator"))).par();
                }
            }
        }
    }

    pub(super) fn action_plan(&self, m: &mut Markup) {
        let by_status: Vec<String> = (self.view.counts.by_status.iter())
            .map(|s| format!("{} {}", s.name, s.count))
            .collect();
        if !by_status.is_empty() {
            m.raw("#strong")
                .raw(&content(self.t("status_summary")))
                .raw(": ");
            m.text(&by_status.join(" · ")).par();
        }
        for (n, (id, p)) in Id::each(&self.s.priorities).enumerate() {
            m.from(self.section_file("action-plan"));
            m.raw("#heading(level: 2)[").text(&format!("{}. ", n + 1));
            self.texts
                .plain(m, |c| c.priorities.get(id).map(|t| &t.title));
            m.raw("]\n\n");
            self.actions(m, &p.actions, 3);
            for &o in &p.objectives {
                self.objective(m, o);
            }
        }
    }

    fn objective(&self, m: &mut Markup, o: Id<Objective>) {
        m.raw("#heading(level: 3)[")
            .text(self.t("objective_label"))
            .raw(" ");
        self.texts.plain(m, |c| c.objectives.get(o));
        m.raw("]\n\n");
        self.actions(m, &o.of(self.s).actions, 4);
    }

    /// The actions of a priority or an objective: a table of who leads them, when and how they
    /// stand, then each action's partners, funders, indicators, description and progress.
    fn actions(&self, m: &mut Markup, actions: &[Id<Action>], level: u8) {
        if actions.is_empty() {
            return;
        }
        let rows = actions
            .iter()
            .map(|&id| {
                let a = id.of(self.s);
                let title = self.cell(|m| {
                    self.texts.plain(m, |c| c.actions.get(id).map(|t| &t.title));
                });
                let timeline = format!("{} – {}", self.date(&a.start), self.date(&a.end));
                vec![
                    title,
                    self.cell(|m| self.name_of(m, a.lead)),
                    super::escape::markup(&timeline),
                    super::escape::markup(self.words.get(&a.status.key())),
                ]
            })
            .collect();
        let header = ["pdf_action", "lead", "timeline", "status"];
        self.table(m, &header.map(|k| self.t(k)), rows, 4);
        for &id in actions {
            self.action(m, id, level);
        }
    }

    pub(super) fn date(&self, d: &crate::model::PartialDate) -> String {
        self.dates.format(d)
    }
}

/// The width and height of an SVG's `viewBox`.
fn view_box(svg: &str) -> Option<(f64, f64)> {
    let at = svg.find("viewBox=\"")? + "viewBox=\"".len();
    let rest = &svg[at..];
    let numbers: Vec<f64> = rest[..rest.find('"')?]
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chart_s_size_comes_from_its_view_box() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 320 180\">";
        assert_eq!(super::view_box(svg), Some((320.0, 180.0)));
        assert_eq!(super::view_box("<svg>"), None);
    }
}
