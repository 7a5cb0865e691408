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
use crate::model::{
    Action, Council, Id, Indicator, Kind, LanguageContent, Measure, Objective, PartialDate,
    ProperName, Section, Sector, Source, Strategy,
};

#[derive(Serialize, Clone, PartialEq)]
pub(crate) struct Link {
    pub title: String,
    /// The title's language, when it is not the page's.
    pub lang: Option<LangMark>,
    pub url: String,
    pub key: String,
}

#[derive(Serialize)]
pub(crate) struct LanguageView {
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
    /// The tables of the kinds kept as lists that have items, each shown on its section page:
    /// not in the view of every page, but in the page view of the pages that show them (`page.lists`),
    /// so that an edit to a list re-renders only those.
    #[serde(skip)]
    pub lists: Vec<super::lists::ListView>,
    pub counts: Counts,
    /// The link to this language's PDF of the strategy, when the build writes one.
    pub pdf: Option<crate::pdf::PdfLink>,
    /// CSV files of the charted figures: (path from the site root, contents).
    #[serde(skip)]
    pub data_files: Vec<(String, String)>,
    #[serde(skip)]
    pub chart_count: usize,
}

#[derive(Serialize)]
pub(crate) struct Counts {
    pub summary: String,
    pub priorities: usize,
    pub objectives: usize,
    pub actions: usize,
    pub indicators: usize,
    pub by_status: Vec<StatusCount>,
}

#[derive(Serialize)]
pub(crate) struct StatusCount {
    pub status: &'static str,
    pub name: String,
    pub count: usize,
}

#[derive(Serialize)]
pub(crate) struct PlanView {
    pub summary: String,
    pub start: u16,
    pub end: u16,
    pub last_reviewed: DateView,
}

#[derive(Serialize, Clone)]
pub(crate) struct DateView {
    pub iso: String,
    pub text: String,
}

#[derive(Serialize, Clone)]
pub(crate) struct SectionView {
    pub title: String,
    pub url: String,
    pub description: String,
    pub body_html: String,
    /// The body again, with ids prefixed and headings one level lower, for the one-page strategy.
    pub body_in_strategy_html: String,
}

#[derive(Serialize)]
pub(crate) struct PriorityView {
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
pub(crate) struct ObjectiveView {
    pub id: String,
    pub title_html: String,
    pub actions: Vec<ActionView>,
}

#[derive(Serialize)]
pub(crate) struct ActionView {
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
pub(crate) struct IndicatorLink {
    pub id: String,
    pub name_html: String,
}

#[derive(Serialize)]
pub(crate) struct ProgressView {
    pub date: DateView,
    pub status_name: String,
    pub text_html: String,
}

#[derive(Serialize, Default)]
pub(crate) struct ContextView {
    pub figures: Vec<FigureView>,
    pub areas: Vec<AreaView>,
    /// The map of the areas and service locations, when the areas have shapes.
    pub map: Option<super::map::MapView>,
    pub assets_html: Vec<String>,
    pub gaps_html: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct FigureView {
    pub id: String,
    pub label_html: String,
    pub value: String,
    pub year: u16,
    pub source: Option<SourceView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct SourceView {
    pub name_html: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct AreaView {
    pub name_html: String,
    pub newcomers: String,
    pub services: String,
    pub newcomers_per_service: String,
}

#[derive(Serialize, Default)]
pub(crate) struct EvaluationView {
    pub terms: Vec<TermView>,
    pub indicators: Vec<IndicatorView>,
    pub csv_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct TermView {
    pub term: &'static str,
    pub name: String,
    pub outcomes: Vec<OutcomeView>,
}

#[derive(Serialize)]
pub(crate) struct OutcomeView {
    pub id: String,
    pub text_html: String,
    pub indicators: Vec<IndicatorLink>,
}

#[derive(Serialize)]
pub(crate) struct IndicatorView {
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
pub(crate) struct MeasureView {
    pub value: String,
    pub year: u16,
}

#[derive(Serialize)]
pub(crate) struct CouncilView {
    pub sectors: Vec<SectorView>,
    pub working_groups: Vec<WorkingGroupView>,
    pub seat_count: usize,
}

#[derive(Serialize)]
pub(crate) struct SectorView {
    pub id: String,
    pub name_html: String,
    pub seats: Vec<SeatView>,
}

#[derive(Serialize)]
pub(crate) struct SeatView {
    pub name_html: String,
    pub role: &'static str,
    pub role_name: String,
}

#[derive(Serialize)]
pub(crate) struct WorkingGroupView {
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
pub(crate) fn language_view(
    s: &Strategy,
    li: usize,
    words: &Words,
    urls: &Urls,
    addresses: &Addresses,
) -> LanguageView {
    let lang: &Language = &s.config.languages[li];
    let default = s.config.default_language;
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
    let v = Viewer {
        s,
        li,
        words,
        urls,
        text: &text,
        fmt: NumberFormat::new(&lang.locale, words),
        dates: DateFormat::new(&lang.locale),
    };
    v.view(lang)
}

/// The parts of a language's view that are charted, with their CSV files.
struct Charted {
    map: Option<super::map::MapView>,
    research: Option<ResearchView>,
    spending: Option<SpendingView>,
    evaluation: EvaluationView,
    data_files: Vec<(String, String)>,
    chart_count: usize,
}

/// The menu of language `li`: the five core sections, then the rest.
pub(super) fn menu(urls: &Urls, li: usize) -> Vec<Link> {
    [urls.nav(li, true), urls.nav(li, false)].concat()
}

impl Viewer<'_> {
    fn view(&self, lang: &Language) -> LanguageView {
        let (li, urls) = (self.li, self.urls);
        let charted = self.charted(lang.direction);
        let sections = self.sections();
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
            menu: menu(urls, li),
            plan: self.plan(),
            t: (self.words.map().iter())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            section_order: section_order(&sections),
            vision_brief_html: sections
                .get("vision")
                .map(|v: &SectionView| first_paragraph(&v.body_html))
                .unwrap_or_default(),
            sections,
            priorities: self.priorities(),
            context: ContextView {
                map: charted.map,
                ..self.context()
            },
            evaluation: charted.evaluation,
            research: charted.research,
            spending: charted.spending,
            council: self.council(),
            lists: super::lists::list_views(self),
            counts: self.counts(),
            pdf: None,
            chart_count: charted.chart_count,
            data_files: charted.data_files,
        }
    }

    /// Research, spending and the indicators, each with its charts and CSV file.
    fn charted(&self, direction: crate::config::Direction) -> Charted {
        let fig = figures::Figures {
            s: self.s,
            li: self.li,
            text: self.text,
            fmt: &self.fmt,
            words: self.words,
            urls: self.urls,
            direction,
        };
        let mut data_files = Vec::new();
        let map = fig.map(&mut data_files);
        let research = fig.research(&mut data_files);
        let spending = fig.spending(&mut data_files);
        let mut evaluation = self.evaluation();
        evaluation.csv_url = fig.indicators(&mut evaluation.indicators, &mut data_files);
        let chart_count = usize::from(map.is_some())
            + research.as_ref().map_or(0, |r| r.chart.is_some() as usize)
            + spending
                .as_ref()
                .map_or(0, |sp| sp.years.len() + usize::from(sp.total.is_some()))
            + evaluation
                .indicators
                .iter()
                .filter(|i| i.chart.is_some())
                .count();
        Charted {
            map,
            research,
            spending,
            evaluation,
            data_files,
            chart_count,
        }
    }
}

/// What the parts of one language's view are made from.
pub(super) struct Viewer<'a> {
    pub(super) s: &'a Strategy,
    li: usize,
    pub(super) words: &'a Words,
    urls: &'a Urls,
    pub(super) text: &'a Text<'a>,
    pub(super) fmt: NumberFormat,
    dates: DateFormat,
}

impl Viewer<'_> {
    pub(super) fn date(&self, d: &PartialDate) -> DateView {
        DateView {
            iso: d.to_string(),
            text: self.dates.format(d),
        }
    }

    fn status_name(&self, status: Status) -> String {
        self.words.get(&status.key()).to_string()
    }

    /// The name of an item of a kind that may have a proper name (a partner, a source).
    fn name<K: Kind<Text = String>>(&self, id: Id<K>) -> String {
        let item = id.of(self.s);
        self.text.name(item.proper_name(), |c| K::texts(c).get(id))
    }

    fn source(&self, id: Id<Source>) -> SourceView {
        SourceView {
            name_html: self.name(id),
            url: id.of(self.s).url.clone(),
        }
    }

    fn indicator_link(&self, id: Id<Indicator>) -> IndicatorLink {
        IndicatorLink {
            id: id.of(self.s).id.clone(),
            name_html: self.text.plain(|c| c.indicators.get(id).map(|t| &t.name)),
        }
    }

    fn plan(&self) -> PlanView {
        let plan = &self.s.plan;
        PlanView {
            summary: self.words.fill(
                "plan_summary",
                &[
                    ("start", &plan.start.to_string()),
                    ("end", &plan.end.to_string()),
                ],
            ),
            start: plan.start,
            end: plan.end,
            last_reviewed: self.date(&plan.last_reviewed),
        }
    }

    fn action(&self, id: Id<Action>) -> ActionView {
        let a = id.of(self.s);
        let text = self.text;
        ActionView {
            id: a.id.clone(),
            title_html: text.plain(|c| c.actions.get(id).map(|t| &t.title)),
            description_html: text.rich(
                |c| c.actions.get(id).map(|t| &t.description),
                &format!("action-{}-", a.id),
                false,
            ),
            lead_html: self.name(a.lead),
            partners_html: a.partners.iter().map(|&p| self.name(p)).collect(),
            funders_html: a.funders.iter().map(|&p| self.name(p)).collect(),
            start: self.date(&a.start),
            end: self.date(&a.end),
            status: a.status.as_str(),
            status_name: self.status_name(a.status),
            indicators: a
                .indicators
                .iter()
                .map(|&i| self.indicator_link(i))
                .collect(),
            progress: self.progress(id),
            draft: a.draft,
        }
    }

    /// An action's dated progress notes, newest first.
    fn progress(&self, id: Id<Action>) -> Vec<ProgressView> {
        let a = id.of(self.s);
        a.progress
            .iter()
            .map(|n| {
                let key = n.date.to_string();
                let note = self.text.rich(
                    |c| c.actions.get(id).and_then(|t| t.progress.get(&key)),
                    &format!("note-{}-{key}-", a.id),
                    true,
                );
                ProgressView {
                    date: self.date(&n.date),
                    status_name: n.status.map(|st| self.status_name(st)).unwrap_or_default(),
                    text_html: note,
                }
            })
            .collect()
    }

    fn priorities(&self) -> Vec<PriorityView> {
        Id::each(&self.s.priorities)
            .map(|(id, p)| {
                let objectives: Vec<ObjectiveView> =
                    p.objectives.iter().map(|&o| self.objective(o)).collect();
                let actions: Vec<ActionView> = p.actions.iter().map(|&a| self.action(a)).collect();
                let words = |keys: Vec<String>| {
                    keys.iter().map(|k| self.words.get(k).to_string()).collect()
                };
                PriorityView {
                    id: p.id.clone(),
                    title_html: self.text.plain(|c| c.priorities.get(id).map(|t| &t.title)),
                    summary_html: self.text.rich(
                        |c| c.priorities.get(id).map(|t| &t.summary),
                        &format!("priority-{}-", p.id),
                        false,
                    ),
                    themes: words(p.themes.iter().map(|t| t.key()).collect()),
                    welcoming: words(p.welcoming.iter().map(|w| w.key()).collect()),
                    action_count: actions.len()
                        + objectives.iter().map(|o| o.actions.len()).sum::<usize>(),
                    actions,
                    objectives,
                }
            })
            .collect()
    }

    fn objective(&self, id: Id<Objective>) -> ObjectiveView {
        let o = id.of(self.s);
        ObjectiveView {
            id: o.id.clone(),
            title_html: self.text.plain(|c| c.objectives.get(id)),
            actions: o.actions.iter().map(|&a| self.action(a)).collect(),
        }
    }

    fn context(&self) -> ContextView {
        let (s, text, fmt) = (self.s, self.text, &self.fmt);
        ContextView {
            figures: Id::each(&s.figures)
                .map(|(id, f)| FigureView {
                    id: f.id.clone(),
                    label_html: text.plain(|c| c.figures.get(id)),
                    value: fmt.value(f.value, f.unit),
                    year: f.year,
                    source: f.source.map(|src| self.source(src)),
                })
                .collect(),
            areas: Id::each(&s.areas)
                .map(|(id, a)| AreaView {
                    name_html: text.plain(|c| c.areas.get(id)),
                    newcomers: fmt.number(a.newcomers as f64),
                    services: fmt.number(a.services as f64),
                    newcomers_per_service: if a.services == 0 {
                        "—".into()
                    } else {
                        fmt.number((a.newcomers as f64 / a.services as f64).round())
                    },
                })
                .collect(),
            map: None,
            assets_html: list_items(text, |c| &c.assets, "asset"),
            gaps_html: list_items(text, |c| &c.gaps, "gap"),
        }
    }

    /// Outcomes by term, and indicators (their charts are added by the figures).
    fn evaluation(&self) -> EvaluationView {
        let (s, text) = (self.s, self.text);
        let terms = Term::ALL.iter().map(|&term| TermView {
            term: term.as_str(),
            name: self.words.get(&term.key()).to_string(),
            outcomes: Id::each(&s.outcomes)
                .filter(|(_, o)| o.term == term)
                .map(|(id, o)| OutcomeView {
                    id: o.id.clone(),
                    text_html: text.rich(
                        |c| c.outcomes.get(id),
                        &format!("outcome-{}-", o.id),
                        true,
                    ),
                    indicators: o
                        .indicators
                        .iter()
                        .map(|&i| self.indicator_link(i))
                        .collect(),
                })
                .collect(),
        });
        let measure = |m: &Measure, unit| MeasureView {
            value: self.fmt.value(m.value, unit),
            year: m.year,
        };
        EvaluationView {
            terms: terms.filter(|t| !t.outcomes.is_empty()).collect(),
            indicators: Id::each(&s.indicators)
                .map(|(id, i)| IndicatorView {
                    id: i.id.clone(),
                    name_html: text.plain(|c| c.indicators.get(id).map(|t| &t.name)),
                    unit_label_html: text.plain(|c| c.indicators.get(id).map(|t| &t.unit_label)),
                    baseline: measure(&i.baseline, i.unit),
                    target: measure(&i.target, i.unit),
                    latest: i.latest.as_ref().map(|m| measure(m, i.unit)),
                    source: i.source.map(|src| self.source(src)),
                    chart: None,
                })
                .collect(),
            csv_url: None,
        }
    }

    fn council(&self) -> Option<CouncilView> {
        let c = self.s.council.as_ref()?;
        Some(CouncilView {
            seat_count: c.seats.len(),
            sectors: Id::each(&c.sectors)
                .map(|(id, sector)| SectorView {
                    id: sector.id.clone(),
                    name_html: self.text.plain(|x| x.labels.sectors.get(id)),
                    seats: self.seats(c, id),
                })
                .filter(|sv| !sv.seats.is_empty())
                .collect(),
            working_groups: Id::each(&c.working_groups)
                .map(|(id, w)| WorkingGroupView {
                    id: w.id.clone(),
                    name_html: self
                        .text
                        .plain(|x| x.working_groups.get(id).map(|t| &t.name)),
                    description_html: self.text.rich(
                        |x| x.working_groups.get(id).map(|t| &t.description),
                        &format!("group-{}-", w.id),
                        false,
                    ),
                    chair_html: w.chair.map(|p| self.name(p)),
                    members_html: w.members.iter().map(|&m| self.name(m)).collect(),
                })
                .collect(),
        })
    }

    /// The seats of one sector: named by their partner, else by their own label.
    fn seats(&self, c: &Council, sector: Id<Sector>) -> Vec<SeatView> {
        Id::each(&c.seats)
            .filter(|(_, seat)| seat.sector == sector)
            .map(|(id, seat)| SeatView {
                name_html: match seat.partner {
                    Some(p) => self.name(p),
                    None => self.text.plain(|x| x.labels.seats.get(id)),
                },
                role: seat.role.as_str(),
                role_name: self.words.get(&seat.role.key()).to_string(),
            })
            .collect()
    }

    /// The pages of this language's sections, by file stem.
    fn sections(&self) -> BTreeMap<&'static str, SectionView> {
        let mut sections = BTreeMap::new();
        for section in Section::ALL {
            let Some(page) = self.s.content[self.li].sections.get(&section) else {
                continue;
            };
            let stem = section.file_stem();
            sections.insert(
                stem,
                SectionView {
                    title: page.title.clone(),
                    url: self.urls.section(self.li, section).unwrap_or_default(),
                    description: page.description.clone(),
                    body_html: self.text.markdown(page.body.as_str(), "", 2),
                    body_in_strategy_html: self.text.markdown(
                        page.body.as_str(),
                        &format!("{stem}-"),
                        3,
                    ),
                },
            );
        }
        sections
    }

    fn counts(&self) -> Counts {
        let s = self.s;
        Counts {
            summary: self.words.fill(
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
                    name: self.status_name(st),
                    count: s.actions.iter().filter(|a| a.status == st).count(),
                })
                .filter(|c| c.count > 0)
                .collect(),
        }
    }
}

/// The sections a language has, in reading order, without the home page.
fn section_order(sections: &BTreeMap<&'static str, SectionView>) -> Vec<&'static str> {
    Section::ALL
        .iter()
        .filter(|&&sec| sec != Section::Home && sections.contains_key(sec.file_stem()))
        .map(|sec| sec.file_stem())
        .collect()
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
