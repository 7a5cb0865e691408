//! Builds the [`Strategy`] from the files read from disk: parses every file, checks every id and
//! reference, joins each language's words to the data, and reports all problems of the run.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use super::data::*;
use super::registry::Registry;
use super::text::{FrontMatter, LabelsText};
use super::*;
use crate::config::{self, Config, Language};
use crate::content::{front_matter, RepositoryFiles};
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::ids;
use crate::yaml::{self, OrderedMap, Spanned};

/// The data files lipsite reads, and whether a strategy must have them.
const DATA_FILES: &[(&str, bool)] = &[
    ("plan", true),
    ("priorities", true),
    ("action-plan", true),
    ("evaluation", true),
    ("context", false),
    ("sources", false),
    ("partners", false),
    ("research", false),
    ("spending", false),
    ("council", false),
];

/// Shares may miss 100 by this much, for rounding.
const SHARE_TOLERANCE: f64 = 0.5;

/// Loads and validates the strategy. Returns `None` when any error was found; the problems say why.
pub fn load(files: &RepositoryFiles, problems: &mut Problems) -> Option<Strategy> {
    let config_file = files.config.as_ref()?;
    let config = match config::load(config_file) {
        Ok(c) => c,
        Err(list) => {
            problems.extend(list);
            return None;
        }
    };
    let data = DataFiles::parse(files, problems);
    let mut joiner = Joiner {
        problems,
        reg: Registries::default(),
    };
    let strategy = joiner.build(config, files, data);
    if joiner.problems.has_errors() {
        None
    } else {
        strategy
    }
}

/// Every data file, parsed (or absent when missing or broken).
struct DataFiles<'a> {
    plan: Option<(&'a SourceFile, PlanData)>,
    priorities: Option<(&'a SourceFile, Vec<PriorityData>)>,
    action_plan: Option<(&'a SourceFile, ActionPlanData)>,
    evaluation: Option<(&'a SourceFile, EvaluationData)>,
    context: Option<(&'a SourceFile, ContextData)>,
    sources: Option<(&'a SourceFile, Vec<SourceData>)>,
    partners: Option<(&'a SourceFile, Vec<PartnerData>)>,
    research: Option<(&'a SourceFile, ResearchData)>,
    spending: Option<(&'a SourceFile, SpendingData)>,
    council: Option<(&'a SourceFile, CouncilData)>,
}

impl<'a> DataFiles<'a> {
    fn parse(files: &'a RepositoryFiles, problems: &mut Problems) -> Self {
        for (name, file) in &files.data {
            if !DATA_FILES.iter().any(|(known, _)| known == name) {
                let known: Vec<_> = DATA_FILES
                    .iter()
                    .map(|(n, _)| format!("{n}.yaml"))
                    .collect();
                problems.push(
                    file.warning(
                        Pos::FILE,
                        format!("lipsite does not read {}", file.path.display()),
                    )
                    .hint(format!("the data files are {}", known.join(", "))),
                );
            }
        }
        for (name, required) in DATA_FILES {
            if *required && !files.data.contains_key(*name) {
                problems.push(
                    Problem::about_path(&std::path::Path::new("data").join(format!("{name}.yaml")), format!("the required file data/{name}.yaml is missing"))
                        .hint("create it; docs/content-format.md shows what goes in it, and `lipsite new` writes a complete example"),
                );
            }
        }
        DataFiles {
            plan: parse_data(files, "plan", problems),
            priorities: parse_data(files, "priorities", problems),
            action_plan: parse_data(files, "action-plan", problems),
            evaluation: parse_data(files, "evaluation", problems),
            context: parse_data(files, "context", problems),
            sources: parse_data(files, "sources", problems),
            partners: parse_data(files, "partners", problems),
            research: parse_data(files, "research", problems),
            spending: parse_data(files, "spending", problems),
            council: parse_data(files, "council", problems),
        }
    }
}

fn parse_data<'a, T: DeserializeOwned>(
    files: &'a RepositoryFiles,
    name: &str,
    problems: &mut Problems,
) -> Option<(&'a SourceFile, T)> {
    let file = files.data.get(name)?;
    match yaml::parse(file, &file.text, 1) {
        Ok(v) => Some((file, v)),
        Err(p) => {
            problems.push(p);
            None
        }
    }
}

#[derive(Default)]
struct Registries {
    priorities: Registry,
    objectives: Registry,
    actions: Registry,
    outcomes: Registry,
    indicators: Registry,
    figures: Registry,
    areas: Registry,
    sources: Registry,
    partners: Registry,
    methods: Registry,
    spending: Registry,
    sectors: Registry,
    seats: Registry,
    working_groups: Registry,
}

struct Joiner<'p> {
    problems: &'p mut Problems,
    reg: Registries,
}

impl Joiner<'_> {
    fn define<'i>(
        &mut self,
        kind: &'static str,
        home: &str,
        file: Option<&SourceFile>,
        ids: impl IntoIterator<Item = &'i Spanned<String>>,
    ) -> Registry {
        match file {
            Some(f) => Registry::define(kind, f, ids, self.problems),
            None => Registry::absent(kind, home),
        }
    }

    fn build(&mut self, config: Config, files: &RepositoryFiles, d: DataFiles) -> Option<Strategy> {
        // Ids first, so that references in any file can be resolved whatever the order.
        self.reg.sources = self.define(
            "source",
            "data/sources.yaml",
            d.sources.as_ref().map(|x| x.0),
            d.sources.iter().flat_map(|x| x.1.iter().map(|s| &s.id)),
        );
        self.reg.partners = self.define(
            "partner",
            "data/partners.yaml",
            d.partners.as_ref().map(|x| x.0),
            d.partners.iter().flat_map(|x| x.1.iter().map(|p| &p.id)),
        );
        self.reg.priorities = self.define(
            "priority",
            "data/priorities.yaml",
            d.priorities.as_ref().map(|x| x.0),
            d.priorities.iter().flat_map(|x| x.1.iter().map(|p| &p.id)),
        );
        self.reg.objectives = self.define(
            "objective",
            "data/action-plan.yaml",
            d.action_plan.as_ref().map(|x| x.0),
            d.action_plan
                .iter()
                .flat_map(|x| x.1.objectives.iter().map(|o| &o.id)),
        );
        self.reg.actions = self.define(
            "action",
            "data/action-plan.yaml",
            d.action_plan.as_ref().map(|x| x.0),
            d.action_plan
                .iter()
                .flat_map(|x| x.1.actions.iter().map(|a| &a.id)),
        );
        self.reg.outcomes = self.define(
            "outcome",
            "data/evaluation.yaml",
            d.evaluation.as_ref().map(|x| x.0),
            d.evaluation
                .iter()
                .flat_map(|x| x.1.outcomes.iter().map(|o| &o.id)),
        );
        self.reg.indicators = self.define(
            "indicator",
            "data/evaluation.yaml",
            d.evaluation.as_ref().map(|x| x.0),
            d.evaluation
                .iter()
                .flat_map(|x| x.1.indicators.iter().map(|i| &i.id)),
        );
        self.reg.figures = self.define(
            "figure",
            "data/context.yaml",
            d.context.as_ref().map(|x| x.0),
            d.context
                .iter()
                .flat_map(|x| x.1.figures.iter().map(|f| &f.id)),
        );
        self.reg.areas = self.define(
            "area",
            "data/context.yaml",
            d.context.as_ref().map(|x| x.0),
            d.context
                .iter()
                .flat_map(|x| x.1.areas.iter().map(|a| &a.id)),
        );
        self.reg.methods = self.define(
            "research method",
            "data/research.yaml",
            d.research.as_ref().map(|x| x.0),
            d.research
                .iter()
                .flat_map(|x| x.1.methods.iter().map(|m| &m.id)),
        );
        self.reg.spending = self.define(
            "spending category",
            "data/spending.yaml",
            d.spending.as_ref().map(|x| x.0),
            d.spending.iter().flat_map(|x| x.1.categories.iter()),
        );
        self.reg.sectors = self.define(
            "council sector",
            "data/council.yaml",
            d.council.as_ref().map(|x| x.0),
            d.council.iter().flat_map(|x| x.1.sectors.iter()),
        );
        self.reg.seats = self.define(
            "council seat",
            "data/council.yaml",
            d.council.as_ref().map(|x| x.0),
            d.council
                .iter()
                .flat_map(|x| x.1.seats.iter().map(|s| &s.id)),
        );
        self.reg.working_groups = self.define(
            "working group",
            "data/council.yaml",
            d.council.as_ref().map(|x| x.0),
            d.council
                .iter()
                .flat_map(|x| x.1.working_groups.iter().map(|w| &w.id)),
        );

        let plan = d.plan.as_ref().and_then(|(f, p)| self.plan(f, p));
        let sources = d
            .sources
            .as_ref()
            .map(|(f, s)| self.sources(f, s))
            .unwrap_or_default();
        let partners = d
            .partners
            .as_ref()
            .map(|(f, p)| self.partners(f, p))
            .unwrap_or_default();
        let mut priorities: Vec<Priority> = d
            .priorities
            .as_ref()
            .map(|(_, p)| self.priorities(p))
            .unwrap_or_default();
        let indicators = d
            .evaluation
            .as_ref()
            .map(|(f, e)| self.indicators(f, e))
            .unwrap_or_default();
        let outcomes = d
            .evaluation
            .as_ref()
            .map(|(f, e)| self.outcomes(f, e))
            .unwrap_or_default();
        let (mut objectives, actions) = d
            .action_plan
            .as_ref()
            .map(|(f, a)| self.action_plan(f, a))
            .unwrap_or_default();
        // Links whose target failed to load were reported already; they are skipped here.
        for (i, o) in objectives.iter().enumerate() {
            if let Some(p) = priorities.get_mut(o.priority) {
                p.objectives.push(i);
            }
        }
        for (i, a) in actions.iter().enumerate() {
            if let Some(o) = objectives.get_mut(a.objective) {
                o.actions.push(i);
            }
        }
        let (figures, areas) = d
            .context
            .as_ref()
            .map(|(f, c)| self.context(f, c))
            .unwrap_or_default();
        let research = d
            .research
            .as_ref()
            .map(|(f, r)| self.research(f, r))
            .unwrap_or_default();
        let spending = d.spending.as_ref().and_then(|(f, s)| self.spending(f, s));
        let council = d.council.as_ref().map(|(f, c)| self.council(f, c));
        if let Some((f, p)) = &d.priorities {
            if p.is_empty() {
                self.problems
                    .push(f.error(Pos::new(1, 1), "there are no priorities").hint(
                        "a strategy has at least one priority; docs/content-format.md shows one",
                    ));
            }
        }

        let mut strategy = Strategy {
            plan: plan?,
            priorities,
            objectives,
            actions,
            outcomes,
            indicators,
            figures,
            areas,
            sources,
            partners,
            research,
            spending,
            council,
            content: Vec::new(),
            config,
        };
        self.check_language_folders(&strategy.config, files);
        self.check_data_has_pages(&strategy, files);
        for lang in strategy.config.languages.clone() {
            let is_default = lang.code == strategy.config.default_language().code;
            let content = self.language(&strategy, &lang, is_default, files);
            strategy.content.push(content);
        }
        Some(strategy)
    }

    fn plan(&mut self, f: &SourceFile, p: &PlanData) -> Option<Plan> {
        let last_reviewed = self.day(f, &p.last_reviewed)?;
        if p.period.start.value > p.period.end.value {
            self.problems.push(
                f.error(
                    yaml::pos_of(&p.period.end, 1),
                    "the plan ends before it starts",
                )
                .hint("`end` is the last year of the plan, like 2028"),
            );
        }
        Some(Plan {
            start: p.period.start.value,
            end: p.period.end.value,
            last_reviewed,
        })
    }

    fn day(&mut self, f: &SourceFile, s: &Spanned<String>) -> Option<PartialDate> {
        let d = PartialDate::parse_day(&s.value);
        if d.is_none() {
            self.problems.push(
                f.error(yaml::pos_of(s, 1), format!("`{}` is not a date", s.value))
                    .hint("write the date as YYYY-MM-DD, like 2026-06-15"),
            );
        }
        d
    }

    fn partial_date(&mut self, f: &SourceFile, s: &Spanned<String>) -> Option<PartialDate> {
        let d = PartialDate::parse(&s.value);
        if d.is_none() {
            self.problems.push(
                f.error(
                    yaml::pos_of(s, 1),
                    format!("`{}` is not a year, month or date", s.value),
                )
                .hint("write 2027, 2027-03 or 2027-03-31"),
            );
        }
        d
    }

    fn url(&mut self, f: &SourceFile, url: &Option<Spanned<String>>) -> Option<String> {
        let u = url.as_ref()?;
        let ok = ["https://", "http://", "mailto:", "/"]
            .iter()
            .any(|p| u.value.starts_with(p));
        if !ok {
            self.problems.push(
                f.error(
                    yaml::pos_of(u, 1),
                    format!("`{}` is not a web address", u.value),
                )
                .hint("write the full address, starting with https://"),
            );
            return None;
        }
        Some(u.value.clone())
    }

    fn sources(&mut self, f: &SourceFile, list: &[SourceData]) -> Vec<Source> {
        list.iter()
            .map(|s| Source {
                id: s.id.value.clone(),
                url: self.url(f, &s.url),
            })
            .collect()
    }

    fn partners(&mut self, f: &SourceFile, list: &[PartnerData]) -> Vec<Partner> {
        list.iter()
            .map(|p| {
                if let Some(sector) = &p.sector {
                    if !self.reg.sectors.ids.is_empty() {
                        self.reg.sectors.resolve(sector, f, 1, self.problems);
                    }
                }
                Partner {
                    id: p.id.value.clone(),
                    url: self.url(f, &p.url),
                }
            })
            .collect()
    }

    fn priorities(&mut self, list: &[PriorityData]) -> Vec<Priority> {
        list.iter()
            .map(|p| Priority {
                id: p.id.value.clone(),
                themes: p.themes.clone(),
                welcoming: p.welcoming.clone(),
                objectives: Vec::new(),
            })
            .collect()
    }

    fn action_plan(&mut self, f: &SourceFile, a: &ActionPlanData) -> (Vec<Objective>, Vec<Action>) {
        let objectives: Vec<Objective> = a
            .objectives
            .iter()
            .map(|o| Objective {
                id: o.id.value.clone(),
                priority: self
                    .reg
                    .priorities
                    .resolve(&o.priority, f, 1, self.problems)
                    .unwrap_or(0),
                actions: Vec::new(),
            })
            .collect();
        let mut actions = Vec::new();
        for x in &a.actions {
            let objective = self
                .reg
                .objectives
                .resolve(&x.objective, f, 1, self.problems);
            let lead = self.reg.partners.resolve(&x.lead, f, 1, self.problems);
            let partners = self.reg.partners.resolve_all(&x.partners, f, self.problems);
            let funders = self.reg.partners.resolve_all(&x.funders, f, self.problems);
            let indicators = self
                .reg
                .indicators
                .resolve_all(&x.indicators, f, self.problems);
            let start = self.partial_date(f, &x.start);
            let end = self.partial_date(f, &x.end);
            if let (Some(s), Some(e)) = (start, end) {
                if e.year < s.year
                    || (e.year == s.year && e.month.unwrap_or(12) < s.month.unwrap_or(1))
                {
                    self.problems.push(
                        f.error(yaml::pos_of(&x.end, 1), "the action ends before it starts")
                            .hint("check `start` and `end`"),
                    );
                }
            }
            let mut progress = Vec::new();
            let mut seen: HashMap<String, usize> = HashMap::new();
            for p in &x.progress {
                if let Some(line) = seen.insert(p.date.value.clone(), yaml::pos_of(&p.date, 1).line)
                {
                    self.problems.push(
                        f.error(
                            yaml::pos_of(&p.date, 1),
                            format!(
                                "two progress notes of `{}` have the date {}",
                                x.id.value, p.date.value
                            ),
                        )
                        .hint(format!(
                            "the other is on line {line}; notes are told apart by their date"
                        )),
                    );
                }
                if let Some(date) = self.day(f, &p.date) {
                    progress.push(Progress {
                        date,
                        status: p.status,
                    });
                }
            }
            progress.sort_by_key(|p| std::cmp::Reverse(p.date));
            if let (Some(objective), Some(lead), Some(start), Some(end)) =
                (objective, lead, start, end)
            {
                actions.push(Action {
                    id: x.id.value.clone(),
                    objective,
                    lead,
                    partners,
                    funders,
                    start,
                    end,
                    status: x.status,
                    indicators,
                    progress,
                });
            }
        }
        (objectives, actions)
    }

    fn indicators(&mut self, f: &SourceFile, e: &EvaluationData) -> Vec<Indicator> {
        let measure = |m: &MeasureData| Measure {
            value: m.value.value,
            year: m.year.value,
        };
        e.indicators
            .iter()
            .map(|i| {
                let source = i
                    .source
                    .as_ref()
                    .and_then(|s| self.reg.sources.resolve(s, f, 1, self.problems));
                for m in std::iter::once(&i.baseline)
                    .chain(std::iter::once(&i.target))
                    .chain(i.latest.iter())
                {
                    self.finite(f, &m.value);
                }
                Indicator {
                    id: i.id.value.clone(),
                    unit: i.unit,
                    baseline: measure(&i.baseline),
                    target: measure(&i.target),
                    latest: i.latest.as_ref().map(measure),
                    source,
                }
            })
            .collect()
    }

    fn finite(&mut self, f: &SourceFile, v: &Spanned<f64>) -> bool {
        let ok = v.value.is_finite();
        if !ok {
            self.problems.push(
                f.error(yaml::pos_of(v, 1), "this is not a usable number")
                    .hint("write a plain number like 61.5"),
            );
        }
        ok
    }

    fn outcomes(&mut self, f: &SourceFile, e: &EvaluationData) -> Vec<Outcome> {
        e.outcomes
            .iter()
            .map(|o| Outcome {
                id: o.id.value.clone(),
                term: o.term,
                indicators: self
                    .reg
                    .indicators
                    .resolve_all(&o.indicators, f, self.problems),
            })
            .collect()
    }

    fn context(&mut self, f: &SourceFile, c: &ContextData) -> (Vec<Figure>, Vec<Area>) {
        let figures = c
            .figures
            .iter()
            .map(|x| {
                self.finite(f, &x.value);
                Figure {
                    id: x.id.value.clone(),
                    value: x.value.value,
                    unit: x.unit,
                    year: x.year.value,
                    source: x
                        .source
                        .as_ref()
                        .and_then(|s| self.reg.sources.resolve(s, f, 1, self.problems)),
                }
            })
            .collect();
        let areas = c
            .areas
            .iter()
            .map(|a| Area {
                id: a.id.value.clone(),
                newcomers: a.newcomers,
                services: a.services,
            })
            .collect();
        (figures, areas)
    }

    fn research(&mut self, f: &SourceFile, r: &ResearchData) -> Vec<ResearchMethod> {
        let with_share = r.methods.iter().filter(|m| m.share.is_some()).count();
        let with_count = r.methods.iter().filter(|m| m.count.is_some()).count();
        let mut ok = true;
        for m in &r.methods {
            let value = match (&m.share, &m.count) {
                (Some(_), Some(c)) => {
                    self.problems.push(
                        f.error(
                            yaml::pos_of(c, 1),
                            format!("`{}` has both a share and a count", m.id.value),
                        )
                        .hint("give either `share` (percent) or `count` for every method"),
                    );
                    ok = false;
                    continue;
                }
                (None, None) => {
                    self.problems.push(
                        f.error(
                            yaml::pos_of(&m.id, 1),
                            format!("`{}` has neither a share nor a count", m.id.value),
                        )
                        .hint("add `share: 19` (percent) or `count: 12`"),
                    );
                    ok = false;
                    continue;
                }
                (Some(v), None) | (None, Some(v)) => v,
            };
            if !self.finite(f, value) || value.value < 0.0 {
                if value.value < 0.0 {
                    self.problems.push(
                        f.error(
                            yaml::pos_of(value, 1),
                            "a share or count cannot be negative",
                        )
                        .hint("write 0 or a positive number"),
                    );
                }
                ok = false;
            }
        }
        if with_share > 0 && with_count > 0 {
            let first_count = r
                .methods
                .iter()
                .find_map(|m| m.count.as_ref())
                .map(|c| yaml::pos_of(c, 1))
                .unwrap_or(Pos::new(1, 1));
            self.problems.push(
                f.error(first_count, "some methods have a share and others a count")
                    .hint("use shares for all methods, or counts for all"),
            );
            ok = false;
        }
        if !ok {
            return Vec::new();
        }
        let total: f64 = r
            .methods
            .iter()
            .filter_map(|m| m.share.as_ref().or(m.count.as_ref()))
            .map(|v| v.value)
            .sum();
        if with_share > 0 && (total - 100.0).abs() > SHARE_TOLERANCE {
            self.problems.push(
                f.error(Pos::new(1, 1), format!("the research method shares add up to {} instead of 100", trim_number(total)))
                    .hint("shares are percents of all research; correct them so they add up to 100 (give counts instead to have shares computed)"),
            );
            return Vec::new();
        }
        r.methods
            .iter()
            .map(|m| {
                let count = m.count.as_ref().map(|c| c.value);
                let share = match (&m.share, count) {
                    (Some(s), _) => s.value,
                    (None, Some(c)) if total > 0.0 => c * 100.0 / total,
                    _ => 0.0,
                };
                ResearchMethod {
                    id: m.id.value.clone(),
                    share,
                    count,
                }
            })
            .collect()
    }

    fn spending(&mut self, f: &SourceFile, s: &SpendingData) -> Option<Spending> {
        let mut years = Vec::new();
        let mut ok = true;
        for y in &s.years {
            let mut amounts = vec![None; s.categories.len()];
            for (cat, amount) in y.amounts.iter() {
                match self.reg.spending.resolve(cat, f, 1, self.problems) {
                    Some(i) => {
                        if !self.finite(f, amount) {
                            ok = false;
                        } else if amount.value < 0.0 {
                            self.problems.push(
                                f.error(
                                    yaml::pos_of(amount, 1),
                                    format!(
                                        "the amount for `{}` in {} is negative",
                                        cat.value, y.year.value
                                    ),
                                )
                                .hint("amounts are dollars spent: write 0 or a positive number"),
                            );
                            ok = false;
                        }
                        amounts[i] = Some(amount.value);
                    }
                    None => ok = false,
                }
            }
            for (i, a) in amounts.iter().enumerate() {
                if a.is_none() {
                    self.problems.push(
                        f.error(
                            yaml::pos_of(&y.year, 1),
                            format!(
                                "{} has no amount for `{}`",
                                y.year.value, s.categories[i].value
                            ),
                        )
                        .hint(format!(
                            "add `{}: 0` under `amounts:` if nothing was spent on it",
                            s.categories[i].value
                        )),
                    );
                    ok = false;
                }
            }
            years.push(SpendingYear {
                year: y.year.value,
                amounts: amounts.into_iter().map(|a| a.unwrap_or(0.0)).collect(),
            });
        }
        ok.then(|| Spending {
            categories: s.categories.iter().map(|c| c.value.clone()).collect(),
            years,
        })
    }

    fn council(&mut self, f: &SourceFile, c: &CouncilData) -> Council {
        let seats = c
            .seats
            .iter()
            .map(|s| Seat {
                id: s.id.value.clone(),
                sector: self
                    .reg
                    .sectors
                    .resolve(&s.sector, f, 1, self.problems)
                    .unwrap_or(0),
                partner: s
                    .partner
                    .as_ref()
                    .and_then(|p| self.reg.partners.resolve(p, f, 1, self.problems)),
                role: s.role,
            })
            .collect();
        let working_groups = c
            .working_groups
            .iter()
            .map(|w| WorkingGroup {
                id: w.id.value.clone(),
                chair: w
                    .chair
                    .as_ref()
                    .and_then(|p| self.reg.partners.resolve(p, f, 1, self.problems)),
                members: self.reg.partners.resolve_all(&w.members, f, self.problems),
            })
            .collect();
        Council {
            sectors: c.sectors.iter().map(|s| s.value.clone()).collect(),
            seats,
            working_groups,
        }
    }

    /// Research, spending and council data are shown on their own pages; without the page in the
    /// default language, nobody would see them.
    fn check_data_has_pages(&mut self, s: &Strategy, files: &RepositoryFiles) {
        let default = &s.config.default_language().code;
        let has_page = |section: Section| {
            files
                .languages
                .get(default)
                .is_some_and(|l| l.sections.contains_key(section.file_stem()))
        };
        let shown = [
            ("research", !s.research.is_empty(), Section::Research),
            ("spending", s.spending.is_some(), Section::Spending),
            ("council", s.council.is_some(), Section::Council),
        ];
        for (name, present, section) in shown {
            if present && !has_page(section) {
                if let Some(file) = files.data.get(name) {
                    self.problems.push(
                        file.warning(Pos::FILE, format!("data/{name}.yaml is not shown anywhere: there is no content/{default}/{}.md", section.file_stem()))
                            .hint(format!("add content/{default}/{}.md (a title and an introduction are enough)", section.file_stem())),
                    );
                }
            }
        }
    }

    fn check_language_folders(&mut self, config: &Config, files: &RepositoryFiles) {
        for code in files.languages.keys() {
            if config.language(code).is_none() {
                let path = std::path::Path::new("content").join(code);
                self.problems.push(
                    Problem::about_path(
                        &path,
                        format!("content/{code}/ is not a configured language, so it is not built"),
                    )
                    .hint(format!(
                        "add `{code}:` under `languages:` in lipsite.yaml, or rename the folder"
                    ))
                    .as_warning(),
                );
            }
        }
    }

    /// Reads one language's pages and labels and joins their words to the data.
    fn language(
        &mut self,
        s: &Strategy,
        lang: &Language,
        is_default: bool,
        files: &RepositoryFiles,
    ) -> LanguageContent {
        let mut content = LanguageContent::default();
        let empty = Default::default();
        let lf = files.languages.get(&lang.code).unwrap_or(&empty);
        let folder = format!("content/{}", lang.code);
        let mut slugs: HashMap<String, std::path::PathBuf> = HashMap::new();

        for (stem, file) in &lf.sections {
            let Some(section) = Section::from_stem(stem) else {
                self.problems.push(
                    file.warning(
                        Pos::FILE,
                        format!(
                            "{} is not a section page, so it is not built",
                            file.path.display()
                        ),
                    )
                    .hint(format!(
                        "free pages go in {folder}/pages/; the section pages are {}",
                        Section::ALL
                            .map(|s| format!("{}.md", s.file_stem()))
                            .join(", ")
                    )),
                );
                continue;
            };
            let Some((page, front)) = self.page(file, stem, section == Section::Home) else {
                continue;
            };
            if section != Section::Home {
                self.unique_slug(&mut slugs, &page, file, &front);
            }
            let t = TextCtx {
                file,
                lang,
                is_default,
            };
            self.section_text(section, &front, &t, &mut content);
            content.sections.insert(section, page);
        }
        for section in Section::ALL {
            if content.sections.contains_key(&section) || !section.is_required() && is_default {
                continue;
            }
            let path = std::path::Path::new(&folder).join(format!("{}.md", section.file_stem()));
            if is_default && section.is_required() {
                self.problems.push(
                    Problem::about_path(&path, format!("the required page {} is missing", path.display()))
                        .hint("every strategy has a home page and the five sections context, vision, priorities, action-plan and evaluation; `lipsite new` writes them all"),
                );
            } else if s
                .content
                .first()
                .is_some_and(|d| d.sections.contains_key(&section))
                || (is_default && section.is_required())
            {
                self.problems.push(
                    Problem::about_path(&path, format!("{} has no translation in {}; readers get a notice with links to the other languages", section.file_stem(), lang.name)).as_warning(),
                );
            }
        }
        if let Some(file) = lf.sections.get(Section::ActionPlan.file_stem()) {
            check_progress_notes(
                self.problems,
                s,
                &content,
                &TextCtx {
                    file,
                    lang,
                    is_default,
                },
            );
        }
        for (id, file) in &lf.pages {
            if !ids::is_id(id) {
                self.problems.push(file.error(Pos::FILE, format!("`{id}` is not a valid page id")).hint("name free pages with lowercase letters, digits and hyphens, like about.md or annual-report-2025.md"));
                continue;
            }
            let Some((page, front)) = self.page(file, id, false) else {
                continue;
            };
            self.unique_slug(&mut slugs, &page, file, &front);
            let t = TextCtx {
                file,
                lang,
                is_default,
            };
            self.misplaced(&front, None, &t);
            content.pages.insert(id.clone(), page);
        }
        if let Some(file) = &lf.labels {
            if let Ok(labels) =
                yaml::parse::<LabelsText>(file, &file.text, 1).map_err(|p| self.problems.push(p))
            {
                let t = TextCtx {
                    file,
                    lang,
                    is_default,
                };
                content.labels = Labels {
                    partners: join(
                        self.problems,
                        "partners",
                        &self.reg.partners,
                        Some(&labels.partners),
                        &t,
                    ),
                    sources: join(
                        self.problems,
                        "sources",
                        &self.reg.sources,
                        Some(&labels.sources),
                        &t,
                    ),
                    methods: join(
                        self.problems,
                        "methods",
                        &self.reg.methods,
                        Some(&labels.methods),
                        &t,
                    ),
                    spending: join(
                        self.problems,
                        "spending",
                        &self.reg.spending,
                        Some(&labels.spending),
                        &t,
                    ),
                    sectors: join(
                        self.problems,
                        "sectors",
                        &self.reg.sectors,
                        Some(&labels.sectors),
                        &t,
                    ),
                    seats: join_optional(self.problems, &self.reg.seats, &labels.seats, &t),
                };
                check_seat_names(self.problems, s, &content.labels, &t);
            }
        } else {
            let needs_labels = [
                &self.reg.partners,
                &self.reg.sources,
                &self.reg.methods,
                &self.reg.spending,
                &self.reg.sectors,
            ]
            .iter()
            .any(|r| !r.ids.is_empty());
            if needs_labels {
                let path = std::path::Path::new(&folder).join("labels.yaml");
                let p = Problem::about_path(
                    &path,
                    format!(
                        "{} is missing: partners, sources and categories have no names in {}",
                        path.display(),
                        lang.name
                    ),
                )
                .hint("create it; docs/content-format.md shows its keys");
                self.problems
                    .push(if is_default { p } else { p.as_warning() });
            }
        }
        content
    }

    fn unique_slug(
        &mut self,
        slugs: &mut HashMap<String, std::path::PathBuf>,
        page: &Page,
        file: &SourceFile,
        front: &FrontMatter,
    ) {
        if let Some(other) = slugs.insert(page.slug.clone(), file.path.clone()) {
            let pos = front
                .slug
                .as_ref()
                .map(|s| yaml::pos_of(s, 2))
                .unwrap_or(Pos::new(1, 1));
            self.problems.push(
                file.error(pos, format!("the slug `{}` is also used by {}", page.slug, other.display()))
                    .hint("two pages of one language cannot share an address; give this one another `slug:`"),
            );
        }
    }

    /// Parses a page's front matter and body.
    fn page(
        &mut self,
        file: &SourceFile,
        stem: &str,
        is_home: bool,
    ) -> Option<(Page, FrontMatter)> {
        let parts = front_matter::split(file)
            .map_err(|p| self.problems.push(p))
            .ok()?;
        let front: FrontMatter = yaml::parse(file, parts.yaml, parts.yaml_line)
            .map_err(|p| self.problems.push(p))
            .ok()?;
        let title = match &front.title {
            Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
            _ => {
                self.problems.push(
                    file.error(Pos::new(2, 1), "the page has no title")
                        .hint("add a line `title: ...` to the front matter"),
                );
                String::new()
            }
        };
        let slug = match &front.slug {
            Some(s) if is_home => {
                self.problems.push(
                    file.warning(
                        yaml::pos_of(s, parts.yaml_line),
                        "the home page has no slug; this one is ignored",
                    )
                    .hint("the home page is always /<language>/"),
                );
                String::new()
            }
            Some(s) if !ids::is_slug(&s.value) => {
                self.problems.push(file.error(yaml::pos_of(s, parts.yaml_line), format!("`{}` is not a valid slug", s.value)).hint("use lowercase letters without accents, digits and hyphens, like plan-d-action"));
                stem.to_string()
            }
            Some(s) => s.value.clone(),
            None if is_home => String::new(),
            None => stem.to_string(),
        };
        let page = Page {
            title,
            slug,
            description: front.description.trim().to_string(),
            menu: front.menu,
            body: parts.body.to_string(),
            file: file.path.clone(),
        };
        Some((page, front))
    }

    fn section_text(
        &mut self,
        section: Section,
        f: &FrontMatter,
        t: &TextCtx,
        c: &mut LanguageContent,
    ) {
        self.misplaced(f, Some(section), t);
        match section {
            Section::Priorities => {
                c.priorities = join(
                    self.problems,
                    "priorities",
                    &self.reg.priorities,
                    f.priorities.as_ref().map(|s| &s.value),
                    t,
                )
            }
            Section::ActionPlan => {
                c.objectives = join(
                    self.problems,
                    "objectives",
                    &self.reg.objectives,
                    f.objectives.as_ref().map(|s| &s.value),
                    t,
                );
                c.actions = join(
                    self.problems,
                    "actions",
                    &self.reg.actions,
                    f.actions.as_ref().map(|s| &s.value),
                    t,
                );
            }
            Section::Evaluation => {
                c.outcomes = join(
                    self.problems,
                    "outcomes",
                    &self.reg.outcomes,
                    f.outcomes.as_ref().map(|s| &s.value),
                    t,
                );
                c.indicators = join(
                    self.problems,
                    "indicators",
                    &self.reg.indicators,
                    f.indicators.as_ref().map(|s| &s.value),
                    t,
                );
            }
            Section::Context => {
                c.figures = join(
                    self.problems,
                    "figures",
                    &self.reg.figures,
                    f.figures.as_ref().map(|s| &s.value),
                    t,
                );
                c.areas = join(
                    self.problems,
                    "areas",
                    &self.reg.areas,
                    f.areas.as_ref().map(|s| &s.value),
                    t,
                );
                c.assets = f
                    .assets
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default();
                c.gaps = f.gaps.as_ref().map(|s| s.value.clone()).unwrap_or_default();
            }
            Section::Council => {
                c.working_groups = join(
                    self.problems,
                    "working_groups",
                    &self.reg.working_groups,
                    f.working_groups.as_ref().map(|s| &s.value),
                    t,
                )
            }
            _ => {}
        }
    }

    /// Reports item text written in a page that does not own it.
    fn misplaced(&mut self, f: &FrontMatter, section: Option<Section>, t: &TextCtx) {
        let spans: [(&str, Section, Option<Pos>); 10] = [
            (
                "priorities",
                Section::Priorities,
                f.priorities.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "objectives",
                Section::ActionPlan,
                f.objectives.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "actions",
                Section::ActionPlan,
                f.actions.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "outcomes",
                Section::Evaluation,
                f.outcomes.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "indicators",
                Section::Evaluation,
                f.indicators.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "figures",
                Section::Context,
                f.figures.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "areas",
                Section::Context,
                f.areas.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "assets",
                Section::Context,
                f.assets.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "gaps",
                Section::Context,
                f.gaps.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "working_groups",
                Section::Council,
                f.working_groups.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
        ];
        for (key, owner, pos) in spans {
            if let Some(pos) = pos {
                if section != Some(owner) {
                    let p = t.file.error(
                        pos,
                        format!(
                            "`{key}` belongs in {}.md, not in this page",
                            owner.file_stem()
                        ),
                    );
                    self.problems.push(p.hint(format!(
                        "move this block to content/{}/{}.md",
                        t.lang.code,
                        owner.file_stem()
                    )));
                }
            }
        }
    }
}

/// Joins one block of words to the ids of `reg`: every id needs words in the default language
/// (in other languages a missing text is a warning, and the default language's text is shown),
/// and every word needs an id.
fn join<T: Clone>(
    problems: &mut Problems,
    key: &str,
    reg: &Registry,
    block: Option<&OrderedMap<T>>,
    t: &TextCtx,
) -> HashMap<String, T> {
    let map = join_optional(problems, reg, block.unwrap_or(&OrderedMap::default()), t);
    let missing: Vec<&str> = reg
        .ids
        .iter()
        .filter(|id| !map.contains_key(*id))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        let mut shown: Vec<_> = missing.iter().take(8).map(|m| format!("`{m}`")).collect();
        if missing.len() > 8 {
            shown.push(format!("and {} more", missing.len() - 8));
        }
        let what = if missing.len() == 1 {
            format!("the {} {} has", reg.kind, shown[0])
        } else {
            format!("the {} {} have", reg.plural(), shown.join(", "))
        };
        let p = t.file.error(
            Pos::FILE,
            format!("{what} no text in {} under `{key}:`", t.lang.name),
        );
        problems.push(if t.is_default {
            p.hint(format!("add the text under `{key}:` in this file; the ids come from {}", reg.home))
        } else {
            p.hint("until it is translated, readers see the default language's text, marked with its language").as_warning()
        });
    }
    map
}

/// Like `join`, but ids without words are fine (seats named by their partner, for instance).
fn join_optional<T: Clone>(
    problems: &mut Problems,
    reg: &Registry,
    block: &OrderedMap<T>,
    t: &TextCtx,
) -> HashMap<String, T> {
    let mut map = HashMap::new();
    let first_line = if t.file.path.extension().is_some_and(|e| e == "md") {
        2
    } else {
        1
    };
    for (id, value) in block.iter() {
        if reg.contains(&id.value) {
            map.insert(id.value.clone(), value.clone());
        } else {
            let p = reg.unknown(&id.value, t.file, yaml::pos_of(id, first_line));
            problems.push(if t.is_default {
                p
            } else {
                p.hint("this text has no item any more; delete it or fix the id")
                    .as_warning()
            });
        }
    }
    map
}

/// Every dated progress note needs its words, and every note's words need a note in the data.
fn check_progress_notes(
    problems: &mut Problems,
    s: &Strategy,
    content: &LanguageContent,
    t: &TextCtx,
) {
    for action in &s.actions {
        let Some(text) = content.actions.get(&action.id) else {
            continue;
        };
        for note in &action.progress {
            let date = note.date.to_string();
            if text.progress.get(&date).is_none() {
                let p = t.file.error(
                    Pos::FILE,
                    format!(
                        "the progress note of {date} on action `{}` has no text in {}",
                        action.id, t.lang.name
                    ),
                );
                t.report(
                    problems,
                    p.hint(format!(
                        "add `{date}: ...` under `progress:` of `{}` in this file",
                        action.id
                    )),
                );
            }
        }
        for (date, _) in text.progress.iter() {
            if !action
                .progress
                .iter()
                .any(|n| n.date.to_string() == date.value)
            {
                let p = t.file.error(yaml::pos_of(date, 2), format!("action `{}` has no progress note dated {} in data/action-plan.yaml", action.id, date.value))
                    .hint("add the note's date under `progress:` in data/action-plan.yaml, or fix this date");
                t.report(problems, p);
            }
        }
    }
}

/// A seat without a partner is named by its label, so it needs one.
fn check_seat_names(problems: &mut Problems, s: &Strategy, labels: &Labels, t: &TextCtx) {
    let Some(council) = &s.council else { return };
    for seat in council.seats.iter().filter(|seat| seat.partner.is_none()) {
        if !labels.seats.contains_key(&seat.id) {
            let p = t.file.error(
                Pos::FILE,
                format!(
                    "the council seat `{}` has no partner and no name in {} under `seats:`",
                    seat.id, t.lang.name
                ),
            );
            t.report(problems, p.hint(format!("add `{}: ...` under `seats:` in this file, or give the seat a `partner` in data/council.yaml", seat.id)));
        }
    }
}

/// Where a block of words comes from.
struct TextCtx<'a> {
    file: &'a SourceFile,
    lang: &'a Language,
    is_default: bool,
}

impl TextCtx<'_> {
    /// Missing or stale words are errors in the default language, which must be complete, and
    /// warnings in a translation, which falls back to it.
    fn report(&self, problems: &mut Problems, problem: Problem) {
        problems.push(if self.is_default {
            problem
        } else {
            problem.as_warning()
        });
    }
}

fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
