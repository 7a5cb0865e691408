//! Builds the [`Strategy`] from the files read from disk: parses every file, checks every id and
//! reference, joins each language's words to the data, and reports all problems of the run.

use std::collections::HashMap;

use super::data::*;
use super::kinds::{for_each_kind, EachKind, KindFiles};
use super::registry::{Registries, Registry};
use super::*;
use crate::config::{self, Config};
use crate::content::RepositoryFiles;
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::layout;
use crate::yaml::{self, Spanned};

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
#[cfg(test)]
pub(crate) fn load(files: &RepositoryFiles, problems: &mut Problems) -> Option<Strategy> {
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
#[derive(Default)]
pub(crate) struct ParseCache {
    pages: rustc_hash::FxHashMap<Box<[u8]>, ParsedPage>,
    /// The data and labels files, parsed.
    pub(super) yaml: super::memo::YamlMemo,
    /// Free pages as the last load joined them, for a session of builds (watch mode).
    pub(super) joined: super::words::JoinedPages,
    /// For a session of builds: every section and free page the last load read, in order, all
    /// parsed, and whether raw HTML was sanitized then. The next load looks up only the pages
    /// whose text is not the very same, instead of every page (thousands of look-ups).
    parsed_texts: Option<(bool, Vec<SourceFile>)>,
    keep: bool,
}

impl ParseCache {
    /// A cache for a session of builds, which also keeps the free pages joined, each reused
    /// while its file, its source page's file and the settings stay the same.
    pub(crate) fn keeping() -> ParseCache {
        ParseCache {
            joined: super::words::JoinedPages::keeping(),
            keep: true,
            ..ParseCache::default()
        }
    }
}

/// The key of a file: its path's bytes. Hashing a `Path` walks its components, and a rebuild
/// looks each of thousands of pages up several times; every path here is made the same way, and
/// hashed with a fast hash (these keys are the repository's own file names, not a reader's input).
pub(super) fn key(path: &std::path::Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

impl ParseCache {
    pub(super) fn get(&self, path: &std::path::Path) -> Option<&ParsedPage> {
        self.pages.get(key(path))
    }

    pub(super) fn insert(&mut self, path: &std::path::Path, page: ParsedPage) {
        self.pages.insert(key(path).into(), page);
    }
}

impl FromIterator<(std::path::PathBuf, ParsedPage)> for ParseCache {
    fn from_iter<I: IntoIterator<Item = (std::path::PathBuf, ParsedPage)>>(pages: I) -> Self {
        let mut cache = ParseCache::default();
        cache.extend(pages);
        cache
    }
}

impl Extend<(std::path::PathBuf, ParsedPage)> for ParseCache {
    fn extend<I: IntoIterator<Item = (std::path::PathBuf, ParsedPage)>>(&mut self, pages: I) {
        for (path, page) in pages {
            self.insert(&path, page);
        }
    }
}

/// What an earlier load learned from one page. Opaque, but nominally public: the build's
/// `Caches`, which a watching tool keeps between loads, holds a map of them.
pub(crate) struct ParsedPage {
    /// The text it was learned from.
    pub(super) text: std::sync::Arc<str>,
    /// The version of the page's whole text, which translations of it are stamped with: worked
    /// out from `text` the first time a translation asks, then kept with the parse (a one-off
    /// build that lets a page's text go works it out before, for the default language's pages).
    pub(super) version: std::sync::OnceLock<String>,
    pub(super) body: super::body::PageBody,
    pub(super) front: std::sync::Arc<super::text::FrontMatter>,
    /// Whether raw HTML was to be sanitized when the nesting was checked.
    sanitized: bool,
    pub(super) too_deep: Vec<Problem>,
    pub(super) links: std::sync::Arc<super::links::PageLinks>,
    /// The line of the file its front matter's YAML starts on.
    pub(super) yaml_line: usize,
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
            version: std::sync::OnceLock::new(),
            body: super::body::PageBody::of(&file.text, parts.body),
            text: file.text.clone(),
            front: std::sync::Arc::new(front),
            sanitized,
            too_deep,
            yaml_line: parts.yaml_line,
        })
    }

    /// The version of the page's whole text (see [`crate::content::version_of`]).
    pub(super) fn version(&self) -> &str {
        self.version
            .get_or_init(|| crate::content::version_of(&self.text))
    }

    /// Whether this is what `file`, as read now, gives under the same setting.
    pub(super) fn is_of(&self, file: &SourceFile, sanitized: bool) -> bool {
        std::sync::Arc::ptr_eq(&self.text, &file.text) && self.sanitized == sanitized
    }
}

/// `load`, reusing the front matter parsed from unchanged files.
pub(crate) fn load_cached(
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
            DataFiles::parse(files, problems, &mut parsed.yaml);
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
    parsed.joined.start((config_file, drafts), files);
    parsed.yaml.start();
    let data = DataFiles::parse(files, problems, &mut parsed.yaml);
    let mut joiner = Joiner {
        problems,
        parsed,
        reg: Registries::default(),
        draft_mode: drafts,
        drafts: Vec::new(),
        reported_data: data_files()
            .filter(|d| d.required || has_data_file(files, d.name))
            .map(|d| layout::data_file_shown(d.name))
            .collect(),
    };
    let strategy = joiner.build(config, files, data);
    if joiner.problems.has_errors() {
        None
    } else {
        strategy
    }
}

/// Lists under each priority and objective the objectives and actions that serve it. Links whose
/// target failed to load were reported already; they are skipped here.
fn link_to_priorities(items: &mut Items) {
    for (id, o) in Id::each(&items.objectives) {
        if let Some(p) = items.priorities.get_mut(o.priority.index()) {
            p.objectives.push(id);
        }
    }
    for (id, a) in Id::each(&items.actions) {
        match a.serves {
            Serves::Objective(o) => items
                .objectives
                .get_mut(o.index())
                .map(|o| o.actions.push(id)),
            Serves::Priority(p) => items
                .priorities
                .get_mut(p.index())
                .map(|p| p.actions.push(id)),
        };
    }
}

/// Parses the front matter and checks the nesting of every page not in `parsed` yet, in parallel:
/// with thousands of pages this is most of the model's work. Files that fail to parse are left
/// out, to be parsed again and reported in order by the join.
fn parse_front_matter(files: &RepositoryFiles, parsed: &mut ParseCache, sanitized: bool) {
    use rayon::prelude::*;
    use std::sync::Arc;
    let pages =
        || (files.languages.values()).flat_map(|l| l.sections.values().chain(l.pages.values()));
    // A page with the path and the very text of the last load's page at its place was parsed
    // then.
    let mut texts = match parsed.parsed_texts.take() {
        Some((then, texts)) if then == sanitized => texts,
        _ => Vec::new(),
    };
    let as_before = |i: usize, f: &SourceFile| {
        (texts.get(i)).is_some_and(|t| Arc::ptr_eq(&t.text, &f.text) && t.path == f.path)
    };
    let changed: Vec<(usize, &SourceFile)> = pages()
        .enumerate()
        .filter(|&(i, f)| !as_before(i, f))
        .collect();
    let todo: Vec<&SourceFile> = (changed.iter().map(|(_, f)| *f))
        .filter(|f| parsed.get(&f.path).is_none_or(|p| !p.is_of(f, sanitized)))
        .collect();
    let done: Vec<_> = todo
        .par_iter()
        .filter_map(|file| Some((file.path.clone(), ParsedPage::of(file, sanitized).ok()?)))
        .collect();
    let all_parsed = done.len() == todo.len();
    parsed.extend(done);
    if !parsed.keep || !all_parsed {
        return;
    }
    // The texts of this load: the last ones with the changed ones in place, or all of them
    // anew when pages came or went.
    let now: usize = (files.languages.values())
        .map(|l| l.sections.len() + l.pages.len())
        .sum();
    if texts.len() == now {
        for (i, f) in changed {
            texts[i] = f.clone();
        }
    } else {
        texts = pages().cloned().collect();
    }
    parsed.parsed_texts = Some((sanitized, texts));
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

/// What a list kind's `join` reads one record of `file` with: references to other kinds, places,
/// dates and counts, each reported where it is written when it is wrong.
pub(crate) struct Resolve<'j, 'p> {
    pub(super) joiner: &'j mut Joiner<'p>,
    pub(super) file: &'j SourceFile,
}

impl Resolve<'_, '_> {
    /// The item a reference names; an unknown one is reported, with the closest id.
    pub(crate) fn id<K: Kind>(&mut self, reference: &Spanned<String>) -> Option<Id<K>> {
        let j = &mut *self.joiner;
        j.reg.resolve::<K>(reference, self.file, j.problems)
    }

    /// A place on the map, `[longitude, latitude]`.
    pub(crate) fn place(&mut self, at: &Spanned<[f64; 2]>) -> Option<(f64, f64)> {
        self.joiner.place(self.file, at)
    }

    /// A year, month or day.
    pub(crate) fn date(&mut self, written: &Spanned<String>) -> Option<PartialDate> {
        self.joiner.partial_date(self.file, written)
    }

    /// A count no larger than lipsite accepts.
    pub(crate) fn count(&mut self, n: &Spanned<u64>) -> Option<u64> {
        let pos = yaml::pos_of(n, 1);
        self.joiner
            .bounded(self.file, pos, n.value as f64)
            .then_some(n.value)
    }
}

/// Defines the registry of each kind from its data file, before anything refers to it.
struct Define<'j, 'p, 'd> {
    joiner: &'j mut Joiner<'p>,
    data: &'d DataFiles<'d>,
}

impl EachKind for Define<'_, '_, '_> {
    fn kind<K: KindFiles>(&mut self) {
        let (name, home) = (K::SPEC.name, layout::data_file_shown(K::SPEC.data_file));
        let j = &mut *self.joiner;
        let registry = match K::defined(self.data) {
            Some((f, ids)) => Registry::define(name, f, ids, j.problems),
            None if j.reported_data.contains(&home) => Registry::broken(name, &home),
            None => Registry::absent(name, &home),
        };
        j.reg.set::<K>(registry);
    }
}

/// The items of the data, each list in the order of its file.
#[derive(Default)]
struct Items {
    priorities: Vec<Priority>,
    objectives: Vec<Objective>,
    actions: Vec<Action>,
    outcomes: Vec<Outcome>,
    indicators: Vec<Indicator>,
    figures: Vec<Figure>,
    areas: Vec<Area>,
    sources: Vec<Source>,
    partners: Vec<Partner>,
    research: Vec<ResearchMethod>,
    spending: Option<Spending>,
    council: Option<Council>,
    lists: super::lists::Lists,
}

impl Joiner<'_> {
    fn build(&mut self, config: Config, files: &RepositoryFiles, d: DataFiles) -> Option<Strategy> {
        // Ids first, so that references in any file can be resolved whatever the order.
        for_each_kind(&mut Define {
            joiner: self,
            data: &d,
        });
        let plan = d.plan.as_ref().and_then(|(f, p)| self.plan(f, p));
        let mut items = self.items(&d, &config);
        if let Some(f) = &files.area_shapes {
            let context = d.context.as_ref().map(|(f, c)| (*f, &**c));
            super::places::attach_shapes(f, context, &mut items.areas, self.problems);
            let services = d.lists.services.as_ref().map(|(f, s)| (*f, &**s));
            super::places::check_services(&items.areas, services, self.problems);
        }
        self.check_priorities_exist(&d);
        let mut strategy = Strategy {
            // Without a usable plan there is no site, but every other file is still checked:
            // its problem is reported already.
            plan: plan.unwrap_or(Plan {
                start: 0,
                end: 0,
                last_reviewed: PartialDate {
                    year: 0,
                    month: None,
                    day: None,
                },
            }),
            priorities: items.priorities,
            objectives: items.objectives,
            actions: items.actions,
            outcomes: items.outcomes,
            indicators: items.indicators,
            figures: items.figures,
            areas: items.areas,
            sources: items.sources,
            partners: items.partners,
            research: items.research,
            spending: items.spending,
            council: items.council,
            lists: items.lists,
            content: Vec::new(),
            drafts: Vec::new(),
            draft_mode: self.draft_mode,
            config,
        };
        self.check_language_folders(&strategy.config, files);
        self.check_data_has_pages(&strategy, files);
        strategy.content = self.languages(&strategy, files);
        strategy.drafts = std::mem::take(&mut self.drafts);
        Some(strategy)
    }

    /// Every item of the data files, with its references resolved.
    fn items(&mut self, d: &DataFiles, config: &Config) -> Items {
        let mut items = Items::default();
        if let Some((f, list)) = &d.sources {
            items.sources = self.sources(f, list, config);
        }
        if let Some((f, list)) = &d.partners {
            items.partners = self.partners(f, list, config);
        }
        if let Some((_, list)) = &d.priorities {
            items.priorities = self.priorities(list);
        }
        if let Some((f, e)) = &d.evaluation {
            items.indicators = self.indicators(f, e);
            items.outcomes = self.outcomes(f, e);
        }
        if let Some((f, a)) = &d.action_plan {
            (items.objectives, items.actions) = self.action_plan(f, a);
        }
        link_to_priorities(&mut items);
        if let Some((f, c)) = &d.context {
            (items.figures, items.areas) = self.context(f, c);
        }
        if let Some((f, r)) = &d.research {
            items.research = self.research(f, r);
        }
        items.spending = d.spending.as_ref().and_then(|(f, s)| self.spending(f, s));
        items.council = d.council.as_ref().map(|(f, c)| self.council(f, c));
        items.lists = super::lists::Lists::join(&d.lists, self);
        items
    }

    fn check_priorities_exist(&mut self, d: &DataFiles) {
        if let Some((f, p)) = &d.priorities {
            if p.is_empty() {
                self.problems
                    .push(f.error(Pos::new(1, 1), "there are no priorities").hint(
                        "a strategy has at least one priority; docs/content-format.md shows one",
                    ));
            }
        }
    }

    /// Joins each language's words to the data: the default language first, since every
    /// translation is compared with it.
    fn languages(&mut self, s: &Strategy, files: &RepositoryFiles) -> Vec<LanguageContent> {
        let languages = &s.config.languages;
        let default = s.config.default_language;
        let mut contents = vec![LanguageContent::default(); languages.len()];
        contents[default] = self.language(s, &languages[default], None, files);
        for (li, lang) in languages
            .iter()
            .enumerate()
            .filter(|(li, _)| *li != default)
        {
            contents[li] = self.language(s, lang, Some(&contents[default]), files);
        }
        contents
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

    pub(super) fn partial_date(
        &mut self,
        f: &SourceFile,
        s: &Spanned<String>,
    ) -> Option<PartialDate> {
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
                let name = self.proper_name::<Source>(f, config, (&s.id, &s.name, &s.name_lang));
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
                    if !self.reg.of::<Sector>().ids.is_empty() {
                        self.reg.resolve::<Sector>(sector, f, self.problems);
                    }
                }
                let name = self.proper_name::<Partner>(f, config, (&p.id, &p.name, &p.name_lang));
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
    fn proper_name<K: Kind>(
        &mut self,
        f: &SourceFile,
        config: &Config,
        (id, name, lang): (
            &WrittenId,
            &Option<Spanned<String>>,
            &Option<Spanned<String>>,
        ),
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
        self.reg.of_mut::<K>().set_named(&id.value);
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
        let objectives = a.objectives.iter().map(|o| self.objective(f, o)).collect();
        let actions = a.actions.iter().filter_map(|x| self.action(f, x)).collect();
        (objectives, actions)
    }

    fn objective(&mut self, f: &SourceFile, o: &ObjectiveData) -> Objective {
        Objective {
            id: o.id.value.clone(),
            priority: self
                .reg
                .resolve::<Priority>(&o.priority, f, self.problems)
                .unwrap_or(Id::new(0)),
            actions: Vec::new(),
        }
    }

    /// An action with its references resolved; `None` when it is a draft left out, or when
    /// what it serves, its lead or its dates are unusable (each reported).
    fn action(&mut self, f: &SourceFile, x: &ActionData) -> Option<Action> {
        let serves = self.serves(f, x);
        let lead = self.reg.resolve::<Partner>(&x.lead, f, self.problems);
        let partners = self
            .reg
            .resolve_all::<Partner>(&x.partners, f, self.problems);
        let funders = self
            .reg
            .resolve_all::<Partner>(&x.funders, f, self.problems);
        let indicators = self
            .reg
            .resolve_all::<Indicator>(&x.indicators, f, self.problems);
        let (start, end) = self.timeline(f, x);
        let progress = self.progress(f, x);
        let draft = self.draft_action(f, x);
        if draft && self.draft_mode == Drafts::LeaveOut {
            return None;
        }
        Some(Action {
            id: x.id.value.clone(),
            serves: serves?,
            lead: lead?,
            partners,
            funders,
            start: start?,
            end: end?,
            status: x.status,
            indicators,
            progress,
            draft,
        })
    }

    /// An action's start and end, reporting an end before the start.
    fn timeline(
        &mut self,
        f: &SourceFile,
        x: &ActionData,
    ) -> (Option<PartialDate>, Option<PartialDate>) {
        let start = self.partial_date(f, &x.start);
        let end = self.partial_date(f, &x.end);
        if let (Some(s), Some(e)) = (start, end) {
            if e.year < s.year || (e.year == s.year && e.month.unwrap_or(12) < s.month.unwrap_or(1))
            {
                self.problems.push(
                    f.error(yaml::pos_of(&x.end, 1), "the action ends before it starts")
                        .hint("check `start` and `end`"),
                );
            }
        }
        (start, end)
    }

    /// An action's progress notes, newest first; two notes of one date are reported.
    fn progress(&mut self, f: &SourceFile, x: &ActionData) -> Vec<Progress> {
        let mut progress = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for p in &x.progress {
            if let Some(line) = seen.insert(p.date.value.clone(), yaml::pos_of(&p.date, 1).line) {
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
        progress
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
            self.reg.of_mut::<Action>().set_words_optional(&x.id.value);
        }
        true
    }

    /// What an action serves: its objective, or the priority it serves directly.
    fn serves(&mut self, f: &SourceFile, x: &ActionData) -> Option<Serves> {
        match (&x.objective, &x.priority) {
            (Some(o), None) => self
                .reg
                .resolve::<Objective>(o, f, self.problems)
                .map(Serves::Objective),
            (None, Some(p)) => self
                .reg
                .resolve::<Priority>(p, f, self.problems)
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
                    .and_then(|s| self.reg.resolve::<Source>(s, f, self.problems));
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

    pub(super) fn bounded(&mut self, f: &SourceFile, pos: Pos, value: f64) -> bool {
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
                    .resolve_all::<Indicator>(&o.indicators, f, self.problems),
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
                        .and_then(|s| self.reg.resolve::<Source>(s, f, self.problems)),
                }
            })
            .collect();
        let areas = c
            .areas
            .iter()
            .map(|a| {
                for n in [&a.newcomers, &a.services].into_iter().chain(&a.residents) {
                    self.bounded(f, yaml::pos_of(n, 1), n.value as f64);
                }
                self.residents(f, c, a);
                Area {
                    id: a.id.value.clone(),
                    newcomers: a.newcomers.value,
                    services: a.services.value,
                    residents: a.residents.as_ref().map(|r| r.value),
                    shape: None,
                }
            })
            .collect();
        (figures, areas)
    }

    /// Residents are given for every area or for none (the map shades by one measure), and an
    /// area has at least as many residents as recent immigrants.
    fn residents(&mut self, f: &SourceFile, c: &ContextData, a: &AreaData) {
        match &a.residents {
            Some(r) if r.value < a.newcomers.value => self.problems.push(
                f.error(yaml::pos_of(r, 1), format!("area `{}` has {} residents but {} recent immigrants", a.id.value, r.value, a.newcomers.value))
                    .hint("`residents` counts everyone who lives in the area, recent immigrants included"),
            ),
            None if c.areas.iter().any(|other| other.residents.is_some()) => self.problems.push(
                f.error(yaml::pos_of(&a.id, 1), format!("area `{}` has no `residents`, but other areas do", a.id.value))
                    .hint("give `residents` for every area (the map then shows the share of recent immigrants) or for none (it shows their number)"),
            ),
            _ => {}
        }
    }

    fn research(&mut self, f: &SourceFile, r: &ResearchData) -> Vec<ResearchMethod> {
        let mut ok = true;
        for m in &r.methods {
            ok &= self.method_value(f, m);
        }
        ok &= self.shares_or_counts(f, r);
        if !ok {
            return Vec::new();
        }
        let with_share = r.methods.iter().any(|m| m.share.is_some());
        let total: f64 = r
            .methods
            .iter()
            .filter_map(|m| m.share.as_ref().or(m.count.as_ref()))
            .map(|v| v.value)
            .sum();
        if with_share && (total - 100.0).abs() > SHARE_TOLERANCE {
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

    /// Whether a research method has one usable share or count.
    fn method_value(&mut self, f: &SourceFile, m: &MethodData) -> bool {
        let value = match (&m.share, &m.count) {
            (Some(_), Some(c)) => {
                self.problems.push(
                    f.error(
                        yaml::pos_of(c, 1),
                        format!("`{}` has both a share and a count", m.id.value),
                    )
                    .hint("give either `share` (percent) or `count` for every method"),
                );
                return false;
            }
            (None, None) => {
                self.problems.push(
                    f.error(
                        yaml::pos_of(&m.id, 1),
                        format!("`{}` has neither a share nor a count", m.id.value),
                    )
                    .hint("add `share: 19` (percent) or `count: 12`"),
                );
                return false;
            }
            (Some(v), None) | (None, Some(v)) => v,
        };
        let usable = self.figure(f, value);
        if value.value < 0.0 {
            self.problems.push(
                f.error(
                    yaml::pos_of(value, 1),
                    "a share or count cannot be negative",
                )
                .hint("write 0 or a positive number"),
            );
            return false;
        }
        usable
    }

    /// Whether the methods all have shares or all have counts.
    fn shares_or_counts(&mut self, f: &SourceFile, r: &ResearchData) -> bool {
        let with_share = r.methods.iter().any(|m| m.share.is_some());
        let Some(first_count) = r.methods.iter().find_map(|m| m.count.as_ref()) else {
            return true;
        };
        if with_share {
            self.problems.push(
                f.error(
                    yaml::pos_of(first_count, 1),
                    "some methods have a share and others a count",
                )
                .hint("use shares for all methods, or counts for all"),
            );
        }
        !with_share
    }

    fn spending(&mut self, f: &SourceFile, s: &SpendingData) -> Option<Spending> {
        let mut years = Vec::new();
        let mut ok = true;
        for y in &s.years {
            ok &= self.year(f, &y.year);
            let mut amounts = vec![None; s.categories.len()];
            for (cat, amount) in y.amounts.iter() {
                match self.reg.resolve::<SpendingCategory>(cat, f, self.problems) {
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
                        amounts[i.index()] = Some(amount.value);
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
            categories: s
                .categories
                .iter()
                .map(|c| SpendingCategory {
                    id: c.value.clone(),
                })
                .collect(),
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
                    .resolve::<Sector>(&s.sector, f, self.problems)
                    .unwrap_or(Id::new(0)),
                partner: s
                    .partner
                    .as_ref()
                    .and_then(|p| self.reg.resolve::<Partner>(p, f, self.problems)),
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
                    .and_then(|p| self.reg.resolve::<Partner>(p, f, self.problems)),
                members: self
                    .reg
                    .resolve_all::<Partner>(&w.members, f, self.problems),
            })
            .collect();
        Council {
            sectors: c
                .sectors
                .iter()
                .map(|s| Sector {
                    id: s.value.clone(),
                })
                .collect(),
            seats,
            working_groups,
        }
    }

    /// A place on the map: a longitude from -180 to 180 and a latitude from -90 to 90.
    pub(super) fn place(&mut self, f: &SourceFile, at: &Spanned<[f64; 2]>) -> Option<(f64, f64)> {
        let [lon, lat] = at.value;
        if (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat) {
            return Some((lon, lat));
        }
        self.problems.push(
            f.error(yaml::pos_of(at, 1), format!("`[{lon}, {lat}]` is not a place on the map"))
                .hint("write `at: [longitude, latitude]`, longitude first, like `at: [-79.38, 43.65]` for Toronto"),
        );
        None
    }

    /// Research, spending, council and list data are shown on their own pages; without the page in the
    /// default language, nobody would see them.
    fn check_data_has_pages(&mut self, s: &Strategy, files: &RepositoryFiles) {
        let default = &s.config.default_language().code;
        let has_page = |section: Section| {
            files
                .languages
                .get(default)
                .is_some_and(|l| l.sections.contains_key(section.file_stem()))
        };
        let mut shown = vec![
            ("research", !s.research.is_empty(), Section::Research),
            ("spending", s.spending.is_some(), Section::Spending),
            ("council", s.council.is_some(), Section::Council),
        ];
        struct Shown<'a>(&'a Strategy, &'a mut Vec<(&'static str, bool, Section)>);
        impl super::lists::EachList for Shown<'_> {
            fn list<K: super::lists::ListKind>(&mut self) {
                let present = !K::items(self.0).is_empty();
                self.1.push((K::SPEC.data_file, present, K::LIST.shown_on));
            }
        }
        super::lists::for_each_list(&mut Shown(s, &mut shown));
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
