//! What the templates see: for each language, the strategy's words joined to its numbers,
//! formatted for the locale, with Markdown already rendered. Built once per language and shared by
//! every page of that language.
//!
//! Fields ending in `_html` are HTML that lipsite produced (rendered Markdown, or escaped text in a
//! `<span lang>` when it falls back to another language); templates print them with `| safe`.
//! Every other field is plain text and is escaped by the template.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::figures::{self, ResearchView, SpendingView};
use super::links::Addresses;
use super::urls::Urls;
use crate::charts::{Chart, Label};
use crate::config::Language;
use crate::i18n::dates::DateFormat;
use crate::i18n::format::NumberFormat;
use crate::i18n::{LangMark, Words};
use crate::markdown::{self, Renderer};
use crate::model::vocab::{Status, Term};
use crate::model::{LanguageContent, Measure, PartialDate, ProperName, Section, Strategy};

#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    /// The title's language, when it is not the page's.
    pub lang: Option<LangMark>,
    pub url: String,
    pub key: String,
}

#[derive(Serialize)]
pub struct LanguageView {
    pub code: String,
    pub locale: String,
    pub dir: &'static str,
    pub name: String,
    pub title: String,
    pub description: String,
    pub home_url: String,
    pub root_url: String,
    pub css_url: String,
    /// Every page of the strategy a reader can go to, in reading order: the sections, the
    /// whole strategy on one page, then the free pages. The same on every page, header and home.
    pub menu: Vec<Link>,
    pub plan: PlanView,
    pub t: BTreeMap<String, String>,
    pub sections: BTreeMap<&'static str, SectionView>,
    /// The sections this language has, in reading order (without the home page).
    pub section_order: Vec<&'static str>,
    /// The vision's first paragraph, for the home page.
    pub vision_brief_html: String,
    pub priorities: Vec<PriorityView>,
    pub context: ContextView,
    pub evaluation: EvaluationView,
    pub research: Option<ResearchView>,
    pub spending: Option<SpendingView>,
    pub council: Option<CouncilView>,
    pub counts: Counts,
    /// CSV files of the charted figures: (path from the site root, contents).
    #[serde(skip)]
    pub data_files: Vec<(String, String)>,
    #[serde(skip)]
    pub chart_count: usize,
}

#[derive(Serialize)]
pub struct Counts {
    pub summary: String,
    pub priorities: usize,
    pub objectives: usize,
    pub actions: usize,
    pub indicators: usize,
    pub by_status: Vec<StatusCount>,
}

#[derive(Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub name: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct PlanView {
    pub summary: String,
    pub start: u16,
    pub end: u16,
    pub last_reviewed: DateView,
}

#[derive(Serialize, Clone)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

#[derive(Serialize, Clone)]
pub struct SectionView {
    pub title: String,
    pub url: String,
    pub description: String,
    pub body_html: String,
    /// The body again, with ids prefixed and headings one level lower, for the one-page strategy.
    pub body_in_strategy_html: String,
}

#[derive(Serialize)]
pub struct PriorityView {
    pub id: String,
    pub title_html: String,
    pub summary_html: String,
    pub themes: Vec<String>,
    pub welcoming: Vec<String>,
    /// Actions that serve the priority directly, without an objective.
    pub actions: Vec<ActionView>,
    pub objectives: Vec<ObjectiveView>,
    pub action_count: usize,
}

#[derive(Serialize)]
pub struct ObjectiveView {
    pub id: String,
    pub title_html: String,
    pub actions: Vec<ActionView>,
}

#[derive(Serialize)]
pub struct ActionView {
    pub id: String,
    pub title_html: String,
    pub description_html: String,
    pub lead_html: String,
    pub partners_html: Vec<String>,
    pub funders_html: Vec<String>,
    pub start: DateView,
    pub end: DateView,
    pub status: &'static str,
    pub status_name: String,
    pub indicators: Vec<IndicatorLink>,
    pub progress: Vec<ProgressView>,
    pub draft: bool,
}

#[derive(Serialize)]
pub struct IndicatorLink {
    pub id: String,
    pub name_html: String,
}

#[derive(Serialize)]
pub struct ProgressView {
    pub date: DateView,
    pub status_name: String,
    pub text_html: String,
}

#[derive(Serialize, Default)]
pub struct ContextView {
    pub figures: Vec<FigureView>,
    pub areas: Vec<AreaView>,
    pub assets_html: Vec<String>,
    pub gaps_html: Vec<String>,
}

#[derive(Serialize)]
pub struct FigureView {
    pub id: String,
    pub label_html: String,
    pub value: String,
    pub year: u16,
    pub source: Option<SourceView>,
}

#[derive(Serialize, Clone)]
pub struct SourceView {
    pub name_html: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub struct AreaView {
    pub name_html: String,
    pub newcomers: String,
    pub services: String,
    pub newcomers_per_service: String,
}

#[derive(Serialize, Default)]
pub struct EvaluationView {
    pub terms: Vec<TermView>,
    pub indicators: Vec<IndicatorView>,
    pub csv_url: Option<String>,
}

#[derive(Serialize)]
pub struct TermView {
    pub term: &'static str,
    pub name: String,
    pub outcomes: Vec<OutcomeView>,
}

#[derive(Serialize)]
pub struct OutcomeView {
    pub id: String,
    pub text_html: String,
    pub indicators: Vec<IndicatorLink>,
}

#[derive(Serialize)]
pub struct IndicatorView {
    pub id: String,
    pub name_html: String,
    pub unit_label_html: String,
    pub baseline: MeasureView,
    pub target: MeasureView,
    pub latest: Option<MeasureView>,
    pub source: Option<SourceView>,
    pub chart: Option<Chart>,
}

#[derive(Serialize)]
pub struct MeasureView {
    pub value: String,
    pub year: u16,
}

#[derive(Serialize)]
pub struct CouncilView {
    pub sectors: Vec<SectorView>,
    pub working_groups: Vec<WorkingGroupView>,
    pub seat_count: usize,
}

#[derive(Serialize)]
pub struct SectorView {
    pub id: String,
    pub name_html: String,
    pub seats: Vec<SeatView>,
}

#[derive(Serialize)]
pub struct SeatView {
    pub name_html: String,
    pub role: &'static str,
    pub role_name: String,
}

#[derive(Serialize)]
pub struct WorkingGroupView {
    pub id: String,
    pub name_html: String,
    pub description_html: String,
    pub chair_html: Option<String>,
    pub members_html: Vec<String>,
}

/// Looks up words in a language, falling back to the default language with a `lang` mark.
pub(super) struct Text<'a> {
    own: &'a LanguageContent,
    fallback: &'a LanguageContent,
    /// The default language, for words shown in place of the page's own.
    fallback_lang: LangMark,
    same: bool,
    /// The page's locale.
    locale: &'a str,
    allow_raw_html: bool,
    task_done: &'a str,
    task_open: &'a str,
    /// Where `@` addresses lead in the page's language.
    addresses: &'a markdown::Addresses<'a>,
}

impl Text<'_> {
    /// The words themselves (for charts and CSV), falling back to the default language, with
    /// that language when they do.
    pub(super) fn label<F: Fn(&LanguageContent) -> Option<&String>>(&self, get: F) -> Label {
        match self.pick(get) {
            Some((text, false)) => Label::own(text.clone()),
            Some((text, true)) => Label {
                text: text.clone(),
                lang: Some(self.fallback_lang.clone()),
            },
            None => Label::own(""),
        }
    }

    /// The words in this language, or else in the default language (`true`: a fallback). An
    /// empty text counts as missing: the default language's shows instead.
    fn pick<F: Fn(&LanguageContent) -> Option<&String>>(&self, get: F) -> Option<(&String, bool)> {
        let given = |c| get(c).filter(|t| !t.trim().is_empty());
        match given(self.own) {
            Some(t) => Some((t, false)),
            None => given(self.fallback).map(|t| (t, !self.same)),
        }
    }

    /// Plain text (titles, names) as escaped HTML, marked with its language if it is a fallback.
    pub(super) fn plain<F: Fn(&LanguageContent) -> Option<&String>>(&self, get: F) -> String {
        match self.pick(get) {
            Some((t, false)) => crate::markdown::escape(t),
            Some((t, true)) => format!(
                "<span {}>{}</span>",
                self.fallback_lang.attributes(),
                crate::markdown::escape(t)
            ),
            None => String::new(),
        }
    }

    /// A name: this language's own words for it, else the name that every language shows
    /// (isolated, with its language), else the default language's words.
    pub(super) fn name<F: Fn(&LanguageContent) -> Option<&String>>(
        &self,
        proper: Option<&ProperName>,
        get: F,
    ) -> String {
        match (self.pick(&get), proper) {
            (None | Some((_, true)), Some(name)) => {
                let lang = if name.locale == self.locale {
                    String::new()
                } else {
                    format!(" lang=\"{}\"", crate::markdown::escape(&name.locale))
                };
                format!("<bdi{lang}>{}</bdi>", crate::markdown::escape(&name.text))
            }
            _ => self.plain(get),
        }
    }

    /// Markdown text (summaries, notes); `inline` drops the paragraph around a one-paragraph text.
    fn rich<F: Fn(&LanguageContent) -> Option<&String>>(
        &self,
        get: F,
        id_prefix: &str,
        inline: bool,
    ) -> String {
        let Some((text, fallback)) = self.pick(get) else {
            return String::new();
        };
        let html = self.markdown(text, id_prefix, 3);
        let html = if inline {
            markdown::strip_single_paragraph(&html).to_string()
        } else {
            html
        };
        if fallback {
            let tag = if inline { "span" } else { "div" };
            format!("<{tag} {}>{html}</{tag}>", self.fallback_lang.attributes())
        } else {
            html
        }
    }

    fn markdown(&self, text: &str, id_prefix: &str, top_heading: u8) -> String {
        let mut used = HashSet::new();
        Renderer {
            allow_raw_html: self.allow_raw_html,
            id_prefix,
            top_heading,
            task_done: self.task_done,
            task_open: self.task_open,
            used_ids: &mut used,
            addresses: Some(self.addresses),
        }
        .render(text)
    }
}

/// Builds the view of one language.
pub fn language_view(
    s: &Strategy,
    li: usize,
    words: &Words,
    urls: &Urls,
    addresses: &Addresses,
) -> LanguageView {
    let lang: &Language = &s.config.languages[li];
    let default = s.config.default_language;
    let fmt = NumberFormat::new(&lang.locale, words);
    let href = |address: &str| addresses.href(urls, li, address);
    let text = Text {
        own: &s.content[li],
        fallback: &s.content[default],
        fallback_lang: LangMark::of(&s.config.languages[default]),
        same: li == default,
        locale: &lang.locale,
        allow_raw_html: s.config.allow_raw_html,
        task_done: words.get("task_done"),
        task_open: words.get("task_open"),
        addresses: &href,
    };
    let dates = DateFormat::new(&lang.locale);
    let date = |d: &PartialDate| DateView {
        iso: d.to_string(),
        text: dates.format(d),
    };
    let status_name = |st: Status| words.get(&st.key()).to_string();
    let partner = |i: usize| {
        let p = &s.partners[i];
        text.name(p.name.as_ref(), |c| c.labels.partners.get(&p.id))
    };
    let source = |i: usize| SourceView {
        name_html: text.name(s.sources[i].name.as_ref(), |c| {
            c.labels.sources.get(&s.sources[i].id)
        }),
        url: s.sources[i].url.clone(),
    };
    let indicator_link = |i: usize| IndicatorLink {
        id: s.indicators[i].id.clone(),
        name_html: text.plain(|c| c.indicators.get(&s.indicators[i].id).map(|t| &t.name)),
    };

    let action_view = |ai: usize| {
        let a = &s.actions[ai];
        let progress = a
            .progress
            .iter()
            .map(|n| {
                let key = n.date.to_string();
                let note = text.rich(
                    |c| c.actions.get(&a.id).and_then(|t| t.progress.get(&key)),
                    &format!("note-{}-{key}-", a.id),
                    true,
                );
                ProgressView {
                    date: date(&n.date),
                    status_name: n.status.map(status_name).unwrap_or_default(),
                    text_html: note,
                }
            })
            .collect();
        ActionView {
            id: a.id.clone(),
            title_html: text.plain(|c| c.actions.get(&a.id).map(|t| &t.title)),
            description_html: text.rich(
                |c| c.actions.get(&a.id).map(|t| &t.description),
                &format!("action-{}-", a.id),
                false,
            ),
            lead_html: partner(a.lead),
            partners_html: a.partners.iter().map(|&i| partner(i)).collect(),
            funders_html: a.funders.iter().map(|&i| partner(i)).collect(),
            start: date(&a.start),
            end: date(&a.end),
            status: a.status.as_str(),
            status_name: status_name(a.status),
            indicators: a.indicators.iter().map(|&i| indicator_link(i)).collect(),
            progress,
            draft: a.draft,
        }
    };
    let priorities = s
        .priorities
        .iter()
        .map(|p| {
            let objectives: Vec<ObjectiveView> = p
                .objectives
                .iter()
                .map(|&oi| {
                    let o = &s.objectives[oi];
                    ObjectiveView {
                        id: o.id.clone(),
                        title_html: text.plain(|c| c.objectives.get(&o.id)),
                        actions: o.actions.iter().map(|&ai| action_view(ai)).collect(),
                    }
                })
                .collect();
            let actions: Vec<ActionView> = p.actions.iter().map(|&ai| action_view(ai)).collect();
            PriorityView {
                id: p.id.clone(),
                title_html: text.plain(|c| c.priorities.get(&p.id).map(|t| &t.title)),
                summary_html: text.rich(
                    |c| c.priorities.get(&p.id).map(|t| &t.summary),
                    &format!("priority-{}-", p.id),
                    false,
                ),
                themes: p
                    .themes
                    .iter()
                    .map(|t| words.get(&t.key()).to_string())
                    .collect(),
                welcoming: p
                    .welcoming
                    .iter()
                    .map(|w| words.get(&w.key()).to_string())
                    .collect(),
                action_count: actions.len()
                    + objectives.iter().map(|o| o.actions.len()).sum::<usize>(),
                actions,
                objectives,
            }
        })
        .collect();

    let context = ContextView {
        figures: s
            .figures
            .iter()
            .map(|f| FigureView {
                id: f.id.clone(),
                label_html: text.plain(|c| c.figures.get(&f.id)),
                value: fmt.value(f.value, f.unit),
                year: f.year,
                source: f.source.map(source),
            })
            .collect(),
        areas: s
            .areas
            .iter()
            .map(|a| AreaView {
                name_html: text.plain(|c| c.areas.get(&a.id)),
                newcomers: fmt.number(a.newcomers as f64),
                services: fmt.number(a.services as f64),
                newcomers_per_service: if a.services == 0 {
                    "—".into()
                } else {
                    fmt.number((a.newcomers as f64 / a.services as f64).round())
                },
            })
            .collect(),
        assets_html: list_items(&text, |c| &c.assets, "asset"),
        gaps_html: list_items(&text, |c| &c.gaps, "gap"),
    };

    let measure = |m: &Measure, unit| MeasureView {
        value: fmt.value(m.value, unit),
        year: m.year,
    };
    let evaluation = EvaluationView {
        terms: Term::ALL
            .iter()
            .map(|&term| TermView {
                term: term.as_str(),
                name: words.get(&term.key()).to_string(),
                outcomes: s
                    .outcomes
                    .iter()
                    .filter(|o| o.term == term)
                    .map(|o| OutcomeView {
                        id: o.id.clone(),
                        text_html: text.rich(
                            |c| c.outcomes.get(&o.id),
                            &format!("outcome-{}-", o.id),
                            true,
                        ),
                        indicators: o.indicators.iter().map(|&i| indicator_link(i)).collect(),
                    })
                    .collect(),
            })
            .filter(|t| !t.outcomes.is_empty())
            .collect(),
        indicators: s
            .indicators
            .iter()
            .map(|i| IndicatorView {
                id: i.id.clone(),
                name_html: text.plain(|c| c.indicators.get(&i.id).map(|t| &t.name)),
                unit_label_html: text.plain(|c| c.indicators.get(&i.id).map(|t| &t.unit_label)),
                baseline: measure(&i.baseline, i.unit),
                target: measure(&i.target, i.unit),
                latest: i.latest.as_ref().map(|m| measure(m, i.unit)),
                source: i.source.map(source),
                chart: None,
            })
            .collect(),
        csv_url: None,
    };

    let fig = figures::Figures {
        s,
        li,
        text: &text,
        fmt: &fmt,
        words,
        urls,
        direction: lang.direction,
    };
    let mut data_files = Vec::new();
    let research = fig.research(&mut data_files);
    let spending = fig.spending(&mut data_files);
    let mut evaluation = evaluation;
    evaluation.csv_url = fig.indicators(&mut evaluation.indicators, &mut data_files);

    let council = s.council.as_ref().map(|c| CouncilView {
        seat_count: c.seats.len(),
        sectors: c
            .sectors
            .iter()
            .enumerate()
            .map(|(si, sector)| SectorView {
                id: sector.clone(),
                name_html: text.plain(|x| x.labels.sectors.get(sector)),
                seats: c
                    .seats
                    .iter()
                    .filter(|seat| seat.sector == si)
                    .map(|seat| SeatView {
                        name_html: match seat.partner {
                            Some(p) => partner(p),
                            None => text.plain(|x| x.labels.seats.get(&seat.id)),
                        },
                        role: seat.role.as_str(),
                        role_name: words.get(&seat.role.key()).to_string(),
                    })
                    .collect(),
            })
            .filter(|sv| !sv.seats.is_empty())
            .collect(),
        working_groups: c
            .working_groups
            .iter()
            .map(|w| WorkingGroupView {
                id: w.id.clone(),
                name_html: text.plain(|x| x.working_groups.get(&w.id).map(|t| &t.name)),
                description_html: text.rich(
                    |x| x.working_groups.get(&w.id).map(|t| &t.description),
                    &format!("group-{}-", w.id),
                    false,
                ),
                chair_html: w.chair.map(partner),
                members_html: w.members.iter().map(|&m| partner(m)).collect(),
            })
            .collect(),
    });

    let mut sections = BTreeMap::new();
    for section in Section::ALL {
        let own = s.content[li].sections.get(&section);
        let Some(page) = own else { continue };
        let stem = section.file_stem();
        sections.insert(
            stem,
            SectionView {
                title: page.title.clone(),
                url: urls.section(li, section).unwrap_or_default(),
                description: page.description.clone(),
                body_html: text.markdown(page.body.as_str(), "", 2),
                body_in_strategy_html: text.markdown(page.body.as_str(), &format!("{stem}-"), 3),
            },
        );
    }

    let section_order = Section::ALL
        .iter()
        .filter(|&&sec| sec != Section::Home && sections.contains_key(sec.file_stem()))
        .map(|sec| sec.file_stem())
        .collect();
    let vision_brief_html = sections
        .get("vision")
        .map(|v: &SectionView| first_paragraph(&v.body_html))
        .unwrap_or_default();
    let counts = Counts {
        summary: words.fill(
            "counts_summary",
            &[
                ("priorities", &s.priorities.len().to_string()),
                ("objectives", &s.objectives.len().to_string()),
                ("actions", &s.actions.len().to_string()),
            ],
        ),
        priorities: s.priorities.len(),
        objectives: s.objectives.len(),
        actions: s.actions.len(),
        indicators: s.indicators.len(),
        by_status: Status::ALL
            .iter()
            .map(|&st| StatusCount {
                status: st.as_str(),
                name: status_name(st),
                count: s.actions.iter().filter(|a| a.status == st).count(),
            })
            .filter(|c| c.count > 0)
            .collect(),
    };

    let chart_count = research.as_ref().map_or(0, |r| r.chart.is_some() as usize)
        + spending
            .as_ref()
            .map_or(0, |sp| sp.years.len() + usize::from(sp.total.is_some()))
        + evaluation
            .indicators
            .iter()
            .filter(|i| i.chart.is_some())
            .count();
    LanguageView {
        code: lang.code.clone(),
        locale: lang.locale.clone(),
        dir: lang.direction.as_str(),
        name: lang.name.clone(),
        title: lang.title.clone(),
        description: lang.description.clone(),
        home_url: urls.home(li),
        root_url: urls.root(),
        css_url: urls.asset("theme.css"),
        menu: [urls.nav(li, true), urls.nav(li, false)].concat(),
        plan: PlanView {
            summary: words.fill(
                "plan_summary",
                &[
                    ("start", &s.plan.start.to_string()),
                    ("end", &s.plan.end.to_string()),
                ],
            ),
            start: s.plan.start,
            end: s.plan.end,
            last_reviewed: date(&s.plan.last_reviewed),
        },
        t: words
            .map()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        sections,
        section_order,
        vision_brief_html,
        priorities,
        context,
        evaluation,
        research,
        spending,
        council,
        counts,
        chart_count,
        data_files,
    }
}

fn list_items(
    text: &Text,
    get: impl Fn(&LanguageContent) -> &Vec<String>,
    prefix: &str,
) -> Vec<String> {
    let (own, fallback) = (get(text.own), get(text.fallback));
    // Items the translation lacks (the last ones, by position) show in the default language.
    (0..own.len().max(fallback.len()))
        .map(|i| {
            let item = words_of(|c| get(c).get(i));
            text.rich(item, &format!("{prefix}-{i}-"), true)
        })
        .filter(|html| !html.is_empty())
        .collect()
}

/// Gives a closure the signature that `Text`'s look-ups need (a text borrowed from the language).
fn words_of<F: Fn(&LanguageContent) -> Option<&String>>(f: F) -> F {
    f
}

/// The first paragraph of rendered HTML, for a short excerpt.
fn first_paragraph(html: &str) -> String {
    match (html.find("<p>"), html.find("</p>")) {
        (Some(a), Some(b)) if a < b => html[a + 3..b].to_string(),
        _ => String::new(),
    }
}
