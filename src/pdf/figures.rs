//! The charted parts: evaluation (outcomes, indicators and their progress charts), research
//! methods and spending. Each chart is the site's SVG, as a vector image with its text
//! alternative, followed by a table of the same figures, formatted as on the site.

use crate::model::Id;
use crate::render::views::IndicatorView;

use super::document::{ChartFile, Document};
use super::escape::markup as esc;
use super::markup::Markup;

impl Document<'_> {
    pub(super) fn evaluation(&self, m: &mut Markup, charts: &mut Vec<ChartFile>) {
        let v = &self.view.evaluation;
        let origin = self.section_file("evaluation");
        if !v.terms.is_empty() {
            self.heading(m, 2, self.t("outcomes_heading"));
        }
        for term in &v.terms {
            self.heading(m, 3, &term.name);
            m.raw("#list(");
            for (id, o) in Id::each(&self.s.outcomes).filter(|(_, o)| o.term.as_str() == term.term)
            {
                m.raw("[");
                self.texts.rich(m, |c| c.outcomes.get(id), &origin, 4);
                if !o.indicators.is_empty() {
                    m.raw(" #emph[").text(self.t("measured_by")).raw(" ");
                    for (i, &ind) in o.indicators.iter().enumerate() {
                        if i > 0 {
                            m.text("; ");
                        }
                        self.texts
                            .plain(m, |c| c.indicators.get(ind).map(|t| &t.name));
                    }
                    m.raw("]");
                }
                m.raw("], ");
            }
            m.raw(")\n\n");
        }
        self.indicators(m, charts);
    }

    fn indicators(&self, m: &mut Markup, charts: &mut Vec<ChartFile>) {
        let v = &self.view.evaluation;
        if v.indicators.is_empty() {
            return;
        }
        self.heading(m, 2, self.t("indicators_heading"));
        let name = |id| {
            self.cell(|m| {
                self.texts
                    .plain(m, |c| c.indicators.get(id).map(|t| &t.name));
                let unit = self
                    .texts
                    .plain_string(|c| c.indicators.get(id).map(|t| &t.unit_label));
                if !unit.is_empty() {
                    m.raw(" ").text(&format!("({unit})"));
                }
            })
        };
        let measure = |value: &str, year: u16| esc(&format!("{value} ({year})"));
        // An indicator's name, baseline, latest measure and target: a row of both tables.
        let figures = |id, iv: &IndicatorView| {
            vec![
                name(id),
                measure(&iv.baseline.value, iv.baseline.year),
                iv.latest.as_ref().map_or_else(
                    || esc(self.t("not_measured")),
                    |l| measure(&l.value, l.year),
                ),
                measure(&iv.target.value, iv.target.year),
            ]
        };
        let rows = Id::each(&self.s.indicators)
            .zip(&v.indicators)
            .map(|((id, i), iv)| {
                let mut row = figures(id, iv);
                row.push(self.cell(|m| {
                    if let Some(src) = i.source {
                        self.name_of(m, src);
                    }
                }));
                row
            })
            .collect();
        let header = ["indicator", "baseline", "latest", "target", "source"];
        self.table(m, &header.map(|k| self.t(k)), rows, 1);
        if v.indicators.iter().any(|i| i.chart.is_some()) {
            self.heading(m, 2, self.t("progress_heading"));
        }
        for ((id, _), iv) in Id::each(&self.s.indicators).zip(&v.indicators) {
            if let Some(chart) = &iv.chart {
                self.chart(m, charts, chart, 7.5);
                let rows = vec![figures(id, iv)];
                let header = ["indicator", "baseline", "latest", "target"];
                self.table(m, &header.map(|k| self.t(k)), rows, 1);
            }
        }
    }

    pub(super) fn research(&self, m: &mut Markup, charts: &mut Vec<ChartFile>) {
        let Some(r) = &self.view.research else {
            return;
        };
        if let Some(chart) = &r.chart {
            self.chart(m, charts, chart, 9.0);
        }
        let rows = r
            .rows
            .iter()
            .filter_map(|row| {
                let (id, _) = Id::each(&self.s.research).find(|(_, x)| x.id == row.id)?;
                let mut cells =
                    vec![self.cell(|m| self.texts.plain(m, |c| c.labels.methods.get(id)))];
                if r.has_counts {
                    cells.push(esc(row.count.as_deref().unwrap_or("")));
                }
                cells.push(esc(&row.share));
                Some(cells)
            })
            .collect();
        let header: Vec<&str> = match r.has_counts {
            true => vec![self.t("method"), self.t("count"), self.t("share")],
            false => vec![self.t("method"), self.t("share")],
        };
        self.table(m, &header, rows, 1);
    }

    pub(super) fn spending(&self, m: &mut Markup, charts: &mut Vec<ChartFile>) {
        let (Some(sp), Some(data)) = (&self.view.spending, &self.s.spending) else {
            return;
        };
        let category = |row_id: &str| {
            let found = Id::each(&data.categories).find(|(_, c)| c.id == row_id);
            self.cell(|m| {
                if let Some((id, _)) = found {
                    self.texts.plain(m, |c| c.labels.spending.get(id));
                }
            })
        };
        let total_row = |cells: Vec<String>| {
            let mut row = vec![format!("#strong[{}]", esc(self.t("total")))];
            row.extend(cells.into_iter().map(|c| format!("#strong[{c}]")));
            row
        };
        for y in &sp.years {
            self.heading(m, 2, &y.label);
            self.chart(m, charts, &y.chart, 9.0);
            let mut rows: Vec<Vec<String>> = (y.rows.iter())
                .map(|r| vec![category(&r.id), esc(&r.amount), esc(&r.share)])
                .collect();
            rows.push(total_row(vec![esc(&y.total), String::new()]));
            let header = [self.t("category"), self.t("amount"), self.t("share")];
            self.table(m, &header, rows, 1);
        }
        if let Some(all) = &sp.total {
            self.heading(m, 2, &all.heading);
            self.chart(m, charts, &all.chart, 9.0);
            let mut rows: Vec<Vec<String>> = (all.rows.iter())
                .map(|r| {
                    let mut row = vec![category(&r.id)];
                    row.extend(r.amounts.iter().map(|a| esc(a)));
                    row.extend([esc(&r.total), esc(&r.share)]);
                    row
                })
                .collect();
            let mut totals: Vec<String> = all.year_totals.iter().map(|a| esc(a)).collect();
            totals.extend([esc(&all.total), String::new()]);
            rows.push(total_row(totals));
            let mut header = vec![self.t("category")];
            header.extend(all.years.iter().map(String::as_str));
            header.extend([self.t("total"), self.t("share")]);
            self.table(m, &header, rows, 1);
        }
    }
}
