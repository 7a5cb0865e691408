//! The strategy's numbers as a reader sees them: research methods, spending and indicator
//! progress, each as a chart, a table and a CSV file, in one language. Built once per language.

use serde::Serialize;

use super::urls::Urls;
use super::views::{IndicatorView, Text};
use crate::charts::{self, Bar, Chart, Direction, Progress};
use crate::i18n::format::{plain_number, NumberFormat};
use crate::i18n::Words;
use crate::model::{Section, Strategy};

#[derive(Serialize)]
pub struct ShareRow {
    pub id: String,
    pub name_html: String,
    pub share: String,
    pub count: Option<String>,
}

#[derive(Serialize)]
pub struct ResearchView {
    pub rows: Vec<ShareRow>,
    pub has_counts: bool,
    pub chart: Option<Chart>,
    pub csv_url: Option<String>,
}

#[derive(Serialize)]
pub struct SpendingView {
    pub years: Vec<SpendingYearView>,
    pub csv_url: Option<String>,
}

#[derive(Serialize)]
pub struct SpendingYearView {
    pub year: u16,
    pub label: String,
    pub rows: Vec<MoneyRow>,
    pub total: String,
    /// The chart's title with the year's total, in the page's language.
    pub caption: String,
    pub chart: Chart,
}

#[derive(Serialize)]
pub struct MoneyRow {
    pub id: String,
    pub name_html: String,
    pub amount: String,
    pub share: String,
}

/// What the figures of one language are made from.
pub(super) struct Figures<'a> {
    pub s: &'a Strategy,
    pub li: usize,
    pub text: &'a Text<'a>,
    pub fmt: &'a NumberFormat,
    pub words: &'a Words,
    pub urls: &'a Urls,
    pub direction: Direction,
}

impl Figures<'_> {
    /// Where a CSV beside a section page goes, if this language has that page.
    fn csv_path(&self, section: Section, name: &str) -> Option<String> {
        let key = super::urls::PageKey::Section(section);
        self.urls
            .has(self.li, &key)
            .then(|| format!("{}{name}", self.urls.url(self.li, &key)))
    }

    pub fn research(&self, files: &mut Vec<(String, String)>) -> Option<ResearchView> {
        let s = self.s;
        if s.research.is_empty() {
            return None;
        }
        let name = |id: &String| self.text.raw(|c| c.labels.methods.get(id));
        let bars: Vec<Bar> = s
            .research
            .iter()
            .map(|m| Bar {
                label: name(&m.id),
                value: m.share,
                value_text: self.fmt.percent(m.share),
            })
            .collect();
        let title = self.words.get("chart_research_title").to_string();
        let desc = self
            .words
            .fill("chart_research_desc", &[("items", &list(&bars))]);
        let chart = charts::bar_chart("chart-research", &title, &desc, &bars, self.direction);
        let has_counts = s.research.iter().any(|m| m.count.is_some());
        let csv_url = self.csv_path(Section::Research, "research-methods.csv");
        if let Some(path) = &csv_url {
            let mut header = vec![self.words.get("method"), self.words.get("share")];
            if has_counts {
                header.push(self.words.get("count"));
            }
            let rows = s.research.iter().map(|m| {
                let mut row = vec![name(&m.id), plain_number(m.share)];
                if let Some(c) = m.count {
                    row.push(plain_number(c));
                }
                row
            });
            files.push((path.clone(), csv(&header, rows)));
        }
        Some(ResearchView {
            rows: s
                .research
                .iter()
                .map(|m| ShareRow {
                    id: m.id.clone(),
                    name_html: self.text.plain(|c| c.labels.methods.get(&m.id)),
                    share: self.fmt.percent(m.share),
                    count: m.count.map(|c| self.fmt.number(c)),
                })
                .collect(),
            has_counts,
            chart: Some(chart),
            csv_url,
        })
    }

    pub fn spending(&self, files: &mut Vec<(String, String)>) -> Option<SpendingView> {
        let sp = self.s.spending.as_ref()?;
        let name = |id: &String| self.text.raw(|c| c.labels.spending.get(id));
        let share = |amount: f64, total: f64| {
            if total > 0.0 {
                amount * 100.0 / total
            } else {
                0.0
            }
        };
        let years: Vec<SpendingYearView> = sp
            .years
            .iter()
            .map(|y| {
                let total = y.total();
                let label = self.words.fill(
                    "fiscal_year",
                    &[
                        ("start", &y.year.to_string()),
                        ("end", &format!("{:02}", (y.year + 1) % 100)),
                    ],
                );
                let bars: Vec<Bar> = sp
                    .categories
                    .iter()
                    .zip(&y.amounts)
                    .map(|(cat, &amount)| Bar {
                        label: name(cat),
                        value: amount,
                        value_text: format!(
                            "{} ({})",
                            self.fmt.money(amount),
                            self.fmt.percent(share(amount, total).round())
                        ),
                    })
                    .collect();
                let (start, end) = (y.year.to_string(), format!("{:02}", (y.year + 1) % 100));
                let title = self
                    .words
                    .fill("chart_spending_title", &[("start", &start), ("end", &end)]);
                let desc = self.words.fill(
                    "chart_spending_desc",
                    &[("total", &self.fmt.money(total)), ("items", &list(&bars))],
                );
                SpendingYearView {
                    caption: self.words.fill(
                        "chart_spending_caption",
                        &[("title", &title), ("total", &self.fmt.money(total))],
                    ),
                    year: y.year,
                    chart: charts::bar_chart(
                        &format!("chart-spending-{}", y.year),
                        &title,
                        &desc,
                        &bars,
                        self.direction,
                    ),
                    label,
                    rows: sp
                        .categories
                        .iter()
                        .zip(&y.amounts)
                        .map(|(cat, &amount)| MoneyRow {
                            id: cat.clone(),
                            name_html: self.text.plain(|c| c.labels.spending.get(cat)),
                            amount: self.fmt.money(amount),
                            share: self.fmt.percent(share(amount, total)),
                        })
                        .collect(),
                    total: self.fmt.money(total),
                }
            })
            .collect();
        let csv_url = self.csv_path(Section::Spending, "spending.csv");
        if let Some(path) = &csv_url {
            let header = [
                self.words.get("fiscal_year_column"),
                self.words.get("category"),
                self.words.get("amount"),
                self.words.get("share"),
            ];
            let rows = sp.years.iter().flat_map(|y| {
                let total = y.total();
                sp.categories
                    .iter()
                    .zip(&y.amounts)
                    .map(move |(cat, &amount)| {
                        vec![
                            y.year.to_string(),
                            name(cat),
                            plain_number(amount),
                            plain_number(share(amount, total)),
                        ]
                    })
            });
            files.push((path.clone(), csv(&header, rows)));
        }
        Some(SpendingView { years, csv_url })
    }

    /// Gives each indicator its progress chart, and writes the indicators' CSV.
    pub fn indicators(
        &self,
        views: &mut [IndicatorView],
        files: &mut Vec<(String, String)>,
    ) -> Option<String> {
        let s = self.s;
        let name = |id: &String| self.text.raw(|c| c.indicators.get(id).map(|t| &t.name));
        for (view, ind) in views.iter_mut().zip(&s.indicators) {
            let value = |v: f64| self.fmt.value(v, ind.unit);
            let key = |word: &str, v: f64, year: u16| {
                self.words
                    .fill(word, &[("value", &value(v)), ("year", &year.to_string())])
            };
            let baseline = key("key_baseline", ind.baseline.value, ind.baseline.year);
            let target = key("key_target", ind.target.value, ind.target.year);
            let latest = ind.latest.map(|m| key("key_latest", m.value, m.year));
            let title = name(&ind.id);
            let desc = match &latest {
                Some(l) => format!("{baseline}; {l}; {target}."),
                None => format!("{baseline}; {}; {target}.", self.words.get("not_measured")),
            };
            let progress = Progress {
                baseline: (ind.baseline.value, &baseline),
                latest: ind.latest.map(|m| m.value).zip(latest.as_deref()),
                target: (ind.target.value, &target),
            };
            view.chart = Some(charts::progress_chart(
                &format!("chart-indicator-{}", ind.id),
                &title,
                &desc,
                &progress,
                self.direction,
            ));
        }
        let csv_url = self.csv_path(Section::Evaluation, "indicators.csv");
        if let Some(path) = &csv_url {
            let w = |k| self.words.get(k);
            let header = [
                w("indicator"),
                w("unit_column"),
                w("baseline"),
                w("baseline_year_column"),
                w("latest"),
                w("latest_year_column"),
                w("target"),
                w("target_year_column"),
            ];
            let rows = s.indicators.iter().map(|i| {
                vec![
                    name(&i.id),
                    i.unit.as_str().to_string(),
                    plain_number(i.baseline.value),
                    i.baseline.year.to_string(),
                    i.latest.map(|m| plain_number(m.value)).unwrap_or_default(),
                    i.latest.map(|m| m.year.to_string()).unwrap_or_default(),
                    plain_number(i.target.value),
                    i.target.year.to_string(),
                ]
            });
            files.push((path.clone(), csv(&header, rows)));
        }
        csv_url
    }
}

/// "Focus groups 19%, Questionnaires 22%": the figures of a chart in words, for its description.
fn list(bars: &[Bar]) -> String {
    bars.iter()
        .map(|b| format!("{} {}", b.label, b.value_text))
        .collect::<Vec<_>>()
        .join("; ")
}

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    // Writing CSV into memory cannot fail.
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_numbers_are_language_neutral_and_fields_are_quoted() {
        assert_eq!(plain_number(57.0), "57");
        assert_eq!(plain_number(14.285714), "14.29");
        let text = csv(
            &["Méthode", "Part"],
            vec![vec!["Groupes, forums".to_string(), "19".into()]].into_iter(),
        );
        assert_eq!(text, "Méthode,Part\n\"Groupes, forums\",19\n");
    }
}
