//! The strategy's numbers as a reader sees them: research methods, spending and indicator
//! progress, each as a chart, a table and a CSV file, in one language. Built once per language.
//!
//! A figure is formatted once and the same text goes to the chart, its description and the table;
//! the CSV gets the same number without the locale's formatting. Shares are rounded by
//! [`round_share`] everywhere, so a 0.4 % line reads 0.4 in all four.

use serde::Serialize;

use super::urls::Urls;
use super::views::{IndicatorView, Text};
use crate::charts::{self, Bar, Chart, Label, Progress};
use crate::config::Direction;
use crate::i18n::format::{plain_number, plain_share, NumberFormat};
use crate::i18n::Words;
use crate::model::vocab::Unit;
use crate::model::{
    Id, Indicator, ResearchMethod, Section, SpendingCategory, SpendingYear, Strategy,
};

#[derive(Serialize)]
pub(crate) struct ShareRow {
    pub id: String,
    pub name_html: String,
    pub share: String,
    pub count: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct ResearchView {
    pub rows: Vec<ShareRow>,
    pub has_counts: bool,
    pub chart: Option<Chart>,
    pub csv_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct SpendingView {
    pub years: Vec<SpendingYearView>,
    /// Every year added up, when there is more than one.
    pub total: Option<SpendingTotalView>,
    pub csv_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct SpendingYearView {
    pub year: u16,
    pub label: String,
    pub rows: Vec<MoneyRow>,
    pub total: String,
    /// The chart's title with the year's total, in the page's language.
    pub caption: String,
    pub chart: Chart,
}

#[derive(Serialize)]
pub(crate) struct MoneyRow {
    pub id: String,
    pub name_html: String,
    pub amount: String,
    pub share: String,
}

/// Spending over all the fiscal years of the data: per category, per year and in all.
#[derive(Serialize)]
pub(crate) struct SpendingTotalView {
    pub heading: String,
    /// The fiscal years, as column headings: `2025–26`.
    pub years: Vec<String>,
    pub rows: Vec<TotalRow>,
    /// Each year's total, in the order of `years`.
    pub year_totals: Vec<String>,
    pub total: String,
    pub caption: String,
    pub chart: Chart,
}

#[derive(Serialize)]
pub(crate) struct TotalRow {
    pub id: String,
    pub name_html: String,
    /// The category's amount in each year.
    pub amounts: Vec<String>,
    pub total: String,
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

/// The part of a whole, in percent; 0 of nothing.
fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part * 100.0 / whole
    } else {
        0.0
    }
}

impl Figures<'_> {
    /// Where a CSV beside a section page goes, if this language has that page.
    pub(super) fn csv_path(&self, section: Section, name: &str) -> Option<String> {
        let key = super::urls::PageKey::Section(section);
        self.urls
            .has(self.li, &key)
            .then(|| format!("{}{name}", self.urls.url(self.li, &key)))
    }

    fn method(&self, id: Id<ResearchMethod>) -> Label {
        self.text.label(|c| c.labels.methods.get(id))
    }

    fn category(&self, id: Id<SpendingCategory>) -> Label {
        self.text.label(|c| c.labels.spending.get(id))
    }

    /// A CSV column's heading with the unit of its numbers, which the CSV writes bare:
    /// "Montant ($)". The unit is the language's own format word without the number.
    fn column_in(&self, column: &str, format: &str) -> String {
        let unit = self.words.get(format).replace("{n}", "");
        let unit = unit.trim();
        let column = self.words.get(column);
        if unit.is_empty() {
            return column.to_string();
        }
        self.words
            .fill("csv_column_unit", &[("column", column), ("unit", unit)])
    }

    pub(super) fn share_column(&self) -> String {
        self.column_in("share", "format.percent")
    }

    /// What an indicator's numbers count, in this language: its own unit word ("jours") as the
    /// table shows it, else the sign of a percent or an amount, else "number" in this language.
    fn unit_name(&self, id: Id<Indicator>, unit: Unit) -> String {
        let own = self
            .text
            .label(|c| c.indicators.get(id).map(|t| &t.unit_label));
        if !own.text.is_empty() {
            return own.text;
        }
        let format = match unit {
            Unit::Percent => "format.percent",
            Unit::Money => "format.money",
            Unit::Number => return self.words.get("unit_number").to_string(),
        };
        self.words.get(format).replace("{n}", "").trim().to_string()
    }

    /// `2025–26`, as this language writes a fiscal year (as data: not isolated).
    fn fiscal_year(&self, year: u16) -> String {
        let (start, end) = fiscal_year_ends(year);
        let pattern = self.words.get("fiscal_year_span");
        pattern.replace("{start}", &start).replace("{end}", &end)
    }

    pub(super) fn research(&self, files: &mut Vec<(String, String)>) -> Option<ResearchView> {
        let s = self.s;
        if s.research.is_empty() {
            return None;
        }
        let bars: Vec<Bar> = Id::each(&s.research)
            .map(|(id, m)| Bar {
                label: self.method(id),
                value: m.share,
                value_text: self.fmt.share(m.share),
            })
            .collect();
        let title = Label::own(self.words.get("chart_research_title"));
        let desc = self
            .words
            .fill("chart_research_desc", &[("items", &list(&bars))]);
        let chart = charts::bar_chart("chart-research", &title, &desc, &bars, self.direction);
        let has_counts = s.research.iter().any(|m| m.count.is_some());
        let csv_url = self.csv_path(Section::Research, "research-methods.csv");
        if let Some(path) = &csv_url {
            let mut header = vec![self.words.get("method").to_string(), self.share_column()];
            if has_counts {
                header.push(self.words.get("count").to_string());
            }
            let rows = Id::each(&s.research).map(|(id, m)| {
                let mut row = vec![self.method(id).text, plain_share(m.share)];
                if let Some(c) = m.count {
                    row.push(plain_number(c));
                }
                row
            });
            files.push((path.clone(), csv(&header, rows)));
        }
        Some(ResearchView {
            rows: Id::each(&s.research)
                .zip(&bars)
                .map(|((id, m), bar)| ShareRow {
                    id: m.id.clone(),
                    name_html: self.text.plain(|c| c.labels.methods.get(id)),
                    share: bar.value_text.clone(),
                    count: m.count.map(|c| self.fmt.number(c)),
                })
                .collect(),
            has_counts,
            chart: Some(chart),
            csv_url,
        })
    }

    /// One bar per spending category: its amount and its share of `total`.
    fn money_bars(&self, categories: &[SpendingCategory], amounts: &[f64], total: f64) -> Vec<Bar> {
        Id::each(categories)
            .zip(amounts)
            .map(|((cat, _), &amount)| Bar {
                label: self.category(cat),
                value: amount,
                value_text: self.words.fill(
                    "chart_amount_share",
                    &[
                        ("amount", &self.fmt.money(amount)),
                        ("share", &self.fmt.share(share(amount, total))),
                    ],
                ),
            })
            .collect()
    }

    /// A spending chart with its description and its caption ("…: $200,000 in all").
    fn spending_chart(&self, id: &str, title: String, bars: &[Bar], total: f64) -> (Chart, String) {
        let total = self.fmt.money(total);
        let desc = self.words.fill(
            "chart_spending_desc",
            &[("total", &total), ("items", &list(bars))],
        );
        let caption = self.words.fill(
            "chart_spending_caption",
            &[("title", &title), ("total", &total)],
        );
        let chart = charts::bar_chart(id, &Label::own(title), &desc, bars, self.direction);
        (chart, caption)
    }

    fn spending_year(&self, categories: &[SpendingCategory], y: &SpendingYear) -> SpendingYearView {
        let total = y.total();
        let (start, end) = fiscal_year_ends(y.year);
        let span = self.fiscal_year(y.year);
        // `{start}` and `{end}` are kept for interface words written before `{years}` existed.
        let years = [
            ("years", span.as_str()),
            ("start", start.as_str()),
            ("end", end.as_str()),
        ];
        let bars = self.money_bars(categories, &y.amounts, total);
        let title = self.words.fill("chart_spending_title", &years);
        let (chart, caption) =
            self.spending_chart(&format!("chart-spending-{}", y.year), title, &bars, total);
        SpendingYearView {
            year: y.year,
            label: self.words.fill("fiscal_year", &years),
            rows: Id::each(categories)
                .zip(&y.amounts)
                .map(|((id, cat), &amount)| MoneyRow {
                    id: cat.id.clone(),
                    name_html: self.text.plain(|c| c.labels.spending.get(id)),
                    amount: self.fmt.money(amount),
                    share: self.fmt.share(share(amount, total)),
                })
                .collect(),
            total: self.fmt.money(total),
            caption,
            chart,
        }
    }

    /// Every year added up, per category and in all, so the reader need not add.
    fn spending_total(
        &self,
        categories: &[SpendingCategory],
        years: &[SpendingYear],
    ) -> SpendingTotalView {
        let sums: Vec<f64> = (0..categories.len())
            .map(|i| years.iter().map(|y| y.amounts[i]).sum())
            .collect();
        let total: f64 = sums.iter().sum();
        let first = self.fiscal_year(years[0].year);
        let last = self.fiscal_year(years[years.len() - 1].year);
        let period = [("first", first.as_str()), ("last", last.as_str())];
        let bars = self.money_bars(categories, &sums, total);
        let title = self.words.fill("chart_spending_total_title", &period);
        let (chart, caption) = self.spending_chart("chart-spending-total", title, &bars, total);
        SpendingTotalView {
            heading: self.words.fill("spending_total_heading", &period),
            years: years
                .iter()
                .map(|y| self.words.isolate(&self.fiscal_year(y.year)))
                .collect(),
            rows: Id::each(categories)
                .map(|(id, cat)| (id, id.index(), cat))
                .map(|(id, i, cat)| TotalRow {
                    id: cat.id.clone(),
                    name_html: self.text.plain(|c| c.labels.spending.get(id)),
                    amounts: years.iter().map(|y| self.fmt.money(y.amounts[i])).collect(),
                    total: self.fmt.money(sums[i]),
                    share: self.fmt.share(share(sums[i], total)),
                })
                .collect(),
            year_totals: years.iter().map(|y| self.fmt.money(y.total())).collect(),
            total: self.fmt.money(total),
            caption,
            chart,
        }
    }

    pub(super) fn spending(&self, files: &mut Vec<(String, String)>) -> Option<SpendingView> {
        let sp = self.s.spending.as_ref()?;
        let years: Vec<SpendingYearView> = sp
            .years
            .iter()
            .map(|y| self.spending_year(&sp.categories, y))
            .collect();
        let total = (sp.years.len() > 1).then(|| self.spending_total(&sp.categories, &sp.years));
        let csv_url = self.csv_path(Section::Spending, "spending.csv");
        if let Some(path) = &csv_url {
            let header = [
                self.words.get("fiscal_year_column").to_string(),
                self.words.get("category").to_string(),
                self.column_in("amount", "format.money"),
                self.share_column(),
            ];
            let rows = sp.years.iter().flat_map(|y| {
                let total = y.total();
                let year = self.fiscal_year(y.year);
                Id::each(&sp.categories)
                    .zip(&y.amounts)
                    .map(move |((cat, _), &amount)| {
                        vec![
                            year.clone(),
                            self.category(cat).text,
                            plain_number(amount),
                            plain_share(share(amount, total)),
                        ]
                    })
            });
            files.push((path.clone(), csv(&header, rows)));
        }
        Some(SpendingView {
            years,
            total,
            csv_url,
        })
    }

    /// Gives each indicator its progress chart, and writes the indicators' CSV.
    pub(super) fn indicators(
        &self,
        views: &mut [IndicatorView],
        files: &mut Vec<(String, String)>,
    ) -> Option<String> {
        let s = self.s;
        let name = |id| self.text.label(|c| c.indicators.get(id).map(|t| &t.name));
        for (view, (id, ind)) in views.iter_mut().zip(Id::each(&s.indicators)) {
            let value = |v: f64| self.fmt.value(v, ind.unit);
            let key = |word: &str, v: f64, year: u16| {
                self.words
                    .fill(word, &[("value", &value(v)), ("year", &year.to_string())])
            };
            let baseline = key("key_baseline", ind.baseline.value, ind.baseline.year);
            let target = key("key_target", ind.target.value, ind.target.year);
            let latest = ind.latest.map(|m| key("key_latest", m.value, m.year));
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
                &name(id),
                &desc,
                &progress,
                self.direction,
            ));
        }
        let csv_url = self.csv_path(Section::Evaluation, "indicators.csv");
        if let Some(path) = &csv_url {
            let w = |k| self.words.get(k).to_string();
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
            let rows = Id::each(&s.indicators).map(|(id, i)| {
                vec![
                    name(id).text,
                    self.unit_name(id, i.unit),
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

/// The first year of a fiscal year and the last two digits of the next: `("2025", "26")`.
fn fiscal_year_ends(year: u16) -> (String, String) {
    (year.to_string(), format!("{:02}", (year + 1) % 100))
}

/// "Focus groups 19%; Questionnaires 22%": the figures of a chart in words, for its description.
fn list(bars: &[Bar]) -> String {
    bars.iter()
        .map(|b| format!("{} {}", b.label.text, b.value_text))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A CSV file as spreadsheets open it: Excel reads a CSV as UTF-8 (not as the computer's old
/// code page, which garbles "é" and every Arabic letter) only when it starts with a byte-order
/// mark.
pub(super) fn csv<S: AsRef<str>>(header: &[S], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = ::csv::Writer::from_writer("\u{feff}".as_bytes().to_vec());
    // Writing CSV into memory cannot fail.
    let mut write = |row: &[&str]| {
        for cell in row {
            let _ = w.write_field(inert_cell(cell).as_bytes());
        }
        let _ = w.write_record(None::<&[u8]>);
    };
    write(&header.iter().map(AsRef::as_ref).collect::<Vec<_>>());
    for row in rows {
        write(&row.iter().map(String::as_str).collect::<Vec<_>>());
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A cell that a spreadsheet opens as text, never as a formula: words starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return get a leading `'`, as OWASP advises against CSV
/// injection. Numbers (`-5`, `61.5`) stay numbers.
fn inert_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell
        .trim_start_matches(' ')
        .starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && !is_plain_number(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// A number as `plain_number` writes it: an optional `-`, digits, and decimals after a `.`.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, decimals) = digits.split_once('.').unwrap_or((digits, "0"));
    [whole, decimals]
        .iter()
        .all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
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
        assert_eq!(text, "\u{feff}Méthode,Part\n\"Groupes, forums\",19\n");
    }

    #[test]
    fn csv_cells_that_would_be_formulas_are_text_and_numbers_stay_numbers() {
        let text = csv(
            &["=Header", "Share"],
            vec![
                vec!["=1+1".to_string(), "-5".into()],
                vec!["+1".to_string(), "-0.25".into()],
                vec!["-x".to_string(), "12".into()],
                vec!["@SUM(A1)".to_string(), "-1.5e3".into()],
                vec!["\tx".to_string(), "\rx".into()],
                vec!["a=b".to_string(), "-".into()],
            ]
            .into_iter(),
        );
        assert_eq!(
            text,
            "\u{feff}'=Header,Share\n'=1+1,-5\n'+1,-0.25\n'-x,12\n'@SUM(A1),'-1.5e3\n'\tx,\"'\rx\"\na=b,'-\n"
        );
    }

    #[test]
    fn a_fiscal_year_ends_in_the_next_year() {
        assert_eq!(fiscal_year_ends(2025), ("2025".into(), "26".into()));
        assert_eq!(fiscal_year_ends(2099), ("2099".into(), "00".into()));
    }
}
