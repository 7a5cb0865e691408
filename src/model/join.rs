//! Builds the [`Strategy`] from the files read from disk: parses every file, checks every id and
//! reference, joins each language's words to the data, and reports all problems of the run.

use std::collections::HashMap;

use serde::de::DeserializeOwned;

use super::data::*;
use super::registry::Registry;
use super::*;
use crate::config::{self, Config};
use crate::content::RepositoryFiles;
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::yaml::{self, Spanned};

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

/// The largest amount, count or figure lipsite accepts, either side of zero: a trillion, far
/// above any partnership's budget or any community's population. A larger one is a typo (or an
/// attack), and refusing it keeps every sum and share exact (`1e308` twice is no longer a total).
const MAX_FIGURE: f64 = 1e12;

/// Years as dates are written: four digits, from 1900 (so `year + 1` always fits).
const YEARS: std::ops::RangeInclusive<u16> = 1900..=9999;

/// Loads and validates the strategy, leaving drafts out. Returns `None` when any error was found;
/// the problems say why.
pub fn load(files: &RepositoryFiles, problems: &mut Problems) -> Option<Strategy> {
    load_cached(
        files,
        problems,
        &mut ParseCache::default(),
        Drafts::LeaveOut,
    )
}

/// What an earlier load learned from each page, by file: its front matter, and which of its
/// Markdown texts nest too deeply. A file the file cache returns unchanged has the very same
/// text, so neither is worked out again.
pub type ParseCache = std::collections::HashMap<std::path::PathBuf, ParsedPage>;

pub struct ParsedPage {
    /// The text it was learned from.
    pub(super) text: std::sync::Arc<str>,
    /// The version of the page's whole text, which translations of it are stamped with; worked
    /// out from `text` when it is not here (a one-off build works it out only for the default
    /// language's pages, whose texts it lets go).
    pub(super) version: Option<String>,
    pub(super) body: super::body::PageBody,
    pub(super) front: std::sync::Arc<super::text::FrontMatter>,
    /// Whether raw HTML was to be sanitized when the nesting was checked.
    sanitized: bool,
    pub(super) too_deep: Vec<Problem>,
    pub(super) links: std::sync::Arc<super::links::PageLinks>,
}

impl ParsedPage {
    /// Parses a page's front matter and checks its Markdown texts' nesting.
    pub(super) fn of(file: &SourceFile, sanitized: bool) -> Result<ParsedPage, Problem> {
        let parts = crate::content::front_matter::split(file)?;
        let front: super::text::FrontMatter = yaml::parse(file, parts.yaml, parts.yaml_line)?;
        let too_deep = super::nesting::check_page(file, (parts.body, &front), sanitized);
        let links = super::links::PageLinks::of(file, parts.body, &front);
        Ok(ParsedPage {
            links: std::sync::Arc::new(links),
            version: None,
            body: super::body::PageBody::of(&file.text, parts.body),
            text: file.text.clone(),
            front: std::sync::Arc::new(front),
            sanitized,
            too_deep,
        })
    }

    /// Whether this is what `file`, as read now, gives under the same setting.
    pub(super) fn is_of(&self, file: &SourceFile, sanitized: bool) -> bool {
        std::sync::Arc::ptr_eq(&self.text, &file.text) && self.sanitized == sanitized
    }
}

/// `load`, reusing the front matter parsed from unchanged files.
pub fn load_cached(
    files: &RepositoryFiles,
    problems: &mut Problems,
    parsed: &mut ParseCache,
    drafts: Drafts,
) -> Option<Strategy> {
    let config_file = files.config.as_ref()?;
    let config = match config::load(config_file) {
        Ok(c) => c,
        Err(list) => {
            // Without the languages nothing can be joined, but every other file is still read,
            // so that its own mistakes show in the same run.
            problems.extend(list);
            DataFiles::parse(files, problems);
            for file in files
                .languages
                .values()
                .flat_map(|l| l.sections.values().chain(l.pages.values()))
            {
                if let Err(p) = ParsedPage::of(file, true) {
                    problems.push(p);
                }
            }
            return None;
        }
    };
    parse_front_matter(files, parsed, !config.allow_raw_html);
    let data = DataFiles::parse(files, problems);
    let mut joiner = Joiner {
        problems,
        parsed,
        reg: Registries::default(),
        draft_mode: drafts,
        drafts: Vec::new(),
        reported_data: DATA_FILES
            .iter()
            .filter(|(name, required)| *required || has_data_file(files, name))
            .map(|(name, _)| format!("data/{name}.yaml"))
            .collect(),
    };
    let strategy = joiner.build(config, files, data);
    if joiner.problems.has_errors() {
        None
    } else {
        strategy
    }
}

/// Parses the front matter and checks the nesting of every page not in `parsed` yet, in parallel:
/// with thousands of pages this is most of the model's work. Files that fail to parse are left
/// out, to be parsed again and reported in order by the join.
fn parse_front_matter(files: &RepositoryFiles, parsed: &mut ParseCache, sanitized: bool) {
    use rayon::prelude::*;
    let todo: Vec<&SourceFile> = files
        .languages
        .values()
        .flat_map(|l| l.sections.values().chain(l.pages.values()))
        .filter(|f| parsed.get(&f.path).is_none_or(|p| !p.is_of(f, sanitized)))
        .collect();
    let done: Vec<_> = todo
        .par_iter()
        .filter_map(|file| Some((file.path.clone(), ParsedPage::of(file, sanitized).ok()?)))
        .collect();
    parsed.extend(done);
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
            if *required && !has_data_file(files, name) {
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

/// Whether `data/<name>.yaml` is there, read or not: one that could not be read (not UTF-8, too
/// large) has had its problem reported, and is not missing.
fn has_data_file(files: &RepositoryFiles, name: &str) -> bool {
    files.data.contains_key(name)
        || ["yaml", "yml"].iter().any(|ext| {
            super::on_disk(
                files,
                &std::path::Path::new("data").join(format!("{name}.{ext}")),
            )
        })
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
pub(super) struct Registries {
    pub(super) priorities: Registry,
    pub(super) objectives: Registry,
    pub(super) actions: Registry,
    pub(super) outcomes: Registry,
    pub(super) indicators: Registry,
    pub(super) figures: Registry,
    pub(super) areas: Registry,
    pub(super) sources: Registry,
    pub(super) partners: Registry,
    pub(super) methods: Registry,
    pub(super) spending: Registry,
    pub(super) sectors: Registry,
    pub(super) seats: Registry,
    pub(super) working_groups: Registry,
}

pub(super) struct Joiner<'p> {
    pub(super) problems: &'p mut Problems,
    pub(super) parsed: &'p mut ParseCache,
    pub(super) reg: Registries,
    pub(super) draft_mode: Drafts,
    /// What is marked `draft: true`, found so far.
    pub(super) drafts: Vec<Draft>,
    /// The data files (as `data/name.yaml`) that exist, loaded or not, or are required: if one
    /// did not load, its problem is reported already, and references to its ids are not.
    reported_data: Vec<String>,
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
            None if self.reported_data.iter().any(|d| d == home) => Registry::broken(kind, home),
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
            .map(|(f, s)| self.sources(f, s, &config))
            .unwrap_or_default();
        let partners = d
            .partners
            .as_ref()
            .map(|(f, p)| self.partners(f, p, &config))
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
            match a.serves {
                Serves::Objective(o) => objectives.get_mut(o).map(|o| o.actions.push(i)),
                Serves::Priority(p) => priorities.get_mut(p).map(|p| p.actions.push(i)),
            };
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

        // Without a usable plan there is no site, but every other file is still checked: its
        // problem is reported already.
        let plan = plan.unwrap_or(Plan {
            start: 0,
            end: 0,
            last_reviewed: PartialDate {
                year: 0,
                month: None,
                day: None,
            },
        });
        let mut strategy = Strategy {
            plan,
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
            drafts: Vec::new(),
            draft_mode: self.draft_mode,
            config,
        };
        self.check_language_folders(&strategy.config, files);
        self.check_data_has_pages(&strategy, files);
        // The default language first: every translation is compared with it.
        let languages = strategy.config.languages.clone();
        let default = strategy.config.default_language;
        let mut contents = vec![LanguageContent::default(); languages.len()];
        contents[default] = self.language(&strategy, &languages[default], None, files);
        for (li, lang) in languages
            .iter()
            .enumerate()
            .filter(|(li, _)| *li != default)
        {
            contents[li] = self.language(&strategy, lang, Some(&contents[default]), files);
        }
        strategy.content = contents;
        strategy.drafts = std::mem::take(&mut self.drafts);
        Some(strategy)
    }

    fn plan(&mut self, f: &SourceFile, p: &PlanData) -> Option<Plan> {
        self.year(f, &p.period.start);
        self.year(f, &p.period.end);
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

    fn sources(&mut self, f: &SourceFile, list: &[SourceData], config: &Config) -> Vec<Source> {
        list.iter()
            .map(|s| {
                let name = self.proper_name(f, config, (&s.id, &s.name, &s.name_lang), |r| {
                    &mut r.sources
                });
                Source {
                    id: s.id.value.clone(),
                    url: self.url(f, &s.url),
                    name,
                }
            })
            .collect()
    }

    fn partners(&mut self, f: &SourceFile, list: &[PartnerData], config: &Config) -> Vec<Partner> {
        list.iter()
            .map(|p| {
                if let Some(sector) = &p.sector {
                    if !self.reg.sectors.ids.is_empty() {
                        self.reg.sectors.resolve(sector, f, 1, self.problems);
                    }
                }
                let name = self.proper_name(f, config, (&p.id, &p.name, &p.name_lang), |r| {
                    &mut r.partners
                });
                Partner {
                    id: p.id.value.clone(),
                    url: self.url(f, &p.url),
                    name,
                }
            })
            .collect()
    }

    /// The language-neutral `name` of an item, in the language `name_lang` says: a language of
    /// lipsite.yaml by its code, any other by its BCP 47 tag, the default language when absent.
    /// An item with a name needs no words in its `registry`.
    fn proper_name(
        &mut self,
        f: &SourceFile,
        config: &Config,
        (id, name, lang): (&Id, &Option<Spanned<String>>, &Option<Spanned<String>>),
        registry: fn(&mut Registries) -> &mut Registry,
    ) -> Option<ProperName> {
        let Some(name) = name else {
            if let Some(lang) = lang {
                self.problems.push(
                    f.error(yaml::pos_of(lang, 1), "`name_lang` says the language of `name`, but there is no `name`")
                        .hint("add `name: ...` (the name as every language shows it), or remove `name_lang`"),
                );
            }
            return None;
        };
        if name.value.trim().is_empty() {
            self.problems.push(
                f.error(yaml::pos_of(name, 1), "the name is empty").hint(
                    "write the name, or remove `name:` to give it per language in labels.yaml",
                ),
            );
            return None;
        }
        let (locale, direction) = match lang {
            None => {
                let d = config.default_language();
                (d.locale.clone(), d.direction)
            }
            Some(code) => match config.language(&code.value) {
                Some(l) => (l.locale.clone(), l.direction),
                None if config::is_locale(&code.value) => {
                    (code.value.clone(), config::direction_of(&code.value))
                }
                None => {
                    let codes: Vec<&str> =
                        config.languages.iter().map(|l| l.code.as_str()).collect();
                    self.problems.push(
                        f.error(yaml::pos_of(code, 1), format!("`{}` is not a language", code.value))
                            .hint(format!("write one of the site's languages ({}) or a language tag such as de or pa-Guru", codes.join(", "))),
                    );
                    return None;
                }
            },
        };
        registry(&mut self.reg).set_named(&id.value);
        Some(ProperName {
            text: name.value.trim().to_string(),
            locale,
            direction,
        })
    }

    fn priorities(&mut self, list: &[PriorityData]) -> Vec<Priority> {
        list.iter()
            .map(|p| Priority {
                id: p.id.value.clone(),
                themes: p.themes.clone(),
                welcoming: p.welcoming.clone(),
                objectives: Vec::new(),
                actions: Vec::new(),
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
            let serves = self.serves(f, x);
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
            let draft = self.draft_action(f, x);
            if draft && self.draft_mode == Drafts::LeaveOut {
                continue;
            }
            if let (Some(serves), Some(lead), Some(start), Some(end)) = (serves, lead, start, end) {
                actions.push(Action {
                    id: x.id.value.clone(),
                    serves,
                    lead,
                    partners,
                    funders,
                    start,
                    end,
                    status: x.status,
                    indicators,
                    progress,
                    draft,
                });
            }
        }
        (objectives, actions)
    }

    /// Whether the action is marked `draft: true`; counts it. An action left out needs no words,
    /// and words written for it are not stale.
    fn draft_action(&mut self, f: &SourceFile, x: &ActionData) -> bool {
        let Some(mark) = x.draft.as_ref().filter(|d| d.value) else {
            return false;
        };
        let at = yaml::pos_of(mark, 1);
        self.drafts.push(Draft {
            kind: "action",
            id: x.id.value.clone(),
            file: f.path.display().to_string().replace('\\', "/"),
            line: at.line,
            column: at.column,
        });
        if self.draft_mode == Drafts::LeaveOut {
            self.reg.actions.set_words_optional(&x.id.value);
        }
        true
    }

    /// What an action serves: its objective, or the priority it serves directly.
    fn serves(&mut self, f: &SourceFile, x: &ActionData) -> Option<Serves> {
        match (&x.objective, &x.priority) {
            (Some(o), None) => self
                .reg
                .objectives
                .resolve(o, f, 1, self.problems)
                .map(Serves::Objective),
            (None, Some(p)) => self
                .reg
                .priorities
                .resolve(p, f, 1, self.problems)
                .map(Serves::Priority),
            (Some(_), Some(p)) => {
                self.problems.push(
                    f.error(yaml::pos_of(p, 1), format!("the action `{}` has both an objective and a priority", x.id.value))
                        .hint("an action under an objective already serves that objective's priority; keep `objective:` or `priority:`, not both"),
                );
                None
            }
            (None, None) => {
                self.problems.push(
                    f.error(yaml::pos_of(&x.id, 1), format!("the action `{}` serves no objective or priority", x.id.value))
                        .hint("add `objective: <id>` (an objective of this file) or, for an action without an objective, `priority: <id>` (from data/priorities.yaml)"),
                );
                None
            }
        }
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
                    self.figure(f, &m.value);
                    self.year(f, &m.year);
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

    /// A figure is usable if it is a number no further from zero than [`MAX_FIGURE`].
    fn figure(&mut self, f: &SourceFile, v: &Spanned<f64>) -> bool {
        if v.value.is_finite() {
            return self.bounded(f, yaml::pos_of(v, 1), v.value);
        }
        self.problems.push(
            f.error(yaml::pos_of(v, 1), "this is not a usable number")
                .hint("write a plain number like 61.5"),
        );
        false
    }

    fn bounded(&mut self, f: &SourceFile, pos: Pos, value: f64) -> bool {
        let ok = value.abs() <= MAX_FIGURE;
        if !ok {
            self.problems.push(
                f.error(pos, "this number is larger than lipsite accepts")
                    .hint("amounts, counts and figures are at most 1,000,000,000,000 (a trillion); check for extra digits or an exponent such as 1e308"),
            );
        }
        ok
    }

    fn year(&mut self, f: &SourceFile, y: &Spanned<u16>) -> bool {
        let ok = YEARS.contains(&y.value);
        if !ok {
            self.problems.push(
                f.error(
                    yaml::pos_of(y, 1),
                    format!("`{}` is not a year lipsite can show", y.value),
                )
                .hint("write a year of four digits from 1900, like 2025"),
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
                self.figure(f, &x.value);
                self.year(f, &x.year);
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
            .map(|a| {
                for n in [&a.newcomers, &a.services] {
                    self.bounded(f, yaml::pos_of(n, 1), n.value as f64);
                }
                Area {
                    id: a.id.value.clone(),
                    newcomers: a.newcomers.value,
                    services: a.services.value,
                }
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
            if !self.figure(f, value) || value.value < 0.0 {
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
                f.error(Pos::new(1, 1), format!("the research method shares add up to {} instead of 100", crate::i18n::format::plain_number(total)))
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
            ok &= self.year(f, &y.year);
            let mut amounts = vec![None; s.categories.len()];
            for (cat, amount) in y.amounts.iter() {
                match self.reg.spending.resolve(cat, f, 1, self.problems) {
                    Some(i) => {
                        if !self.figure(f, amount) {
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
}
