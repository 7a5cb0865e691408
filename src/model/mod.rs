//! The strategy as plain data: validated, every reference resolved, every language's words joined
//! to the language-neutral data by id. Built once by [`crate::build::load`]; the renderer only reads
//! it.
//!
//! A tool reading a strategy starts at [`Strategy`]: its items in lists by kind, references
//! between them as [`Id`]s into those lists, and each language's words in a [`LanguageContent`]
//! whose [`Texts`] line up with the same lists.

pub(crate) mod body;
pub(crate) mod data;
mod dates;
mod edit;
mod item_words;
mod join;
pub(crate) mod kinds;
mod lean;
pub(crate) mod links;
pub mod lists;
mod memo;
mod nesting;
mod places;
pub(crate) mod registry;
pub(crate) mod text;
pub mod vocab;
mod words;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use dates::PartialDate;
pub(crate) use edit::edit_page_text;
#[cfg(test)]
pub(crate) use join::load;
pub(crate) use join::{load_cached, ParseCache};
pub use kinds::{Id, ItemText, Kind, KindSpec, MarkdownPart, Texts, WordsAt};
pub(crate) use lean::{LeanPages, KEPT_WHOLE};
pub(crate) use lists::{for_each_list, Cell, EachList, ItemName, ListKind};
pub use lists::{ListTexts, Lists};
pub use text::{ActionText, IndicatorText, PriorityText, WorkingGroupText};
use vocab::{Role, Status, Term, Theme, Unit, Welcoming};

use crate::config::Config;

/// Whether the file at `rel` (relative to the repository) is there, even if it could not be read:
/// a file that is there is never reported as missing.
fn on_disk(files: &crate::content::RepositoryFiles, rel: &std::path::Path) -> bool {
    !files.root.as_os_str().is_empty() && files.root.join(rel).symlink_metadata().is_ok()
}

/// The pages a strategy can have besides free pages, in the order of the site's navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The language's home page.
    Home,
    /// The community's context: figures, areas, assets and gaps (handbook component A).
    Context,
    /// The partnership's vision (handbook component B).
    Vision,
    /// The priorities, with their themes and welcoming characteristics (component C).
    Priorities,
    /// The objectives and actions, with their leads, partners, timelines and status
    /// (components D to F).
    ActionPlan,
    /// Outcomes, monitoring and evaluation: the indicators the strategy is measured by
    /// (component G).
    Evaluation,
    /// How the strategy was researched: the methods and their shares.
    Research,
    /// How the partnership spends its funding, by category and year.
    Spending,
    /// The partnership council: sectors, seats and working groups.
    Council,
    /// How the partnership promotes the strategy and reaches out (component H).
    Outreach,
}

impl Section {
    /// Every section, in the order of the site's navigation.
    pub const ALL: [Section; 10] = [
        Section::Home,
        Section::Context,
        Section::Vision,
        Section::Priorities,
        Section::ActionPlan,
        Section::Evaluation,
        Section::Research,
        Section::Spending,
        Section::Council,
        Section::Outreach,
    ];

    /// The file name without `.md`, which is also the default slug.
    pub fn file_stem(self) -> &'static str {
        match self {
            Section::Home => "home",
            Section::Context => "context",
            Section::Vision => "vision",
            Section::Priorities => "priorities",
            Section::ActionPlan => "action-plan",
            Section::Evaluation => "evaluation",
            Section::Research => "research",
            Section::Spending => "spending",
            Section::Council => "council",
            Section::Outreach => "outreach",
        }
    }

    /// The section whose page is `<stem>.md`, if `stem` names one.
    pub fn from_stem(stem: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.file_stem() == stem)
    }

    /// The five sections every strategy has (handbook components A to G), and the home page.
    pub fn is_required(self) -> bool {
        matches!(
            self,
            Section::Home
                | Section::Context
                | Section::Vision
                | Section::Priorities
                | Section::ActionPlan
                | Section::Evaluation
        )
    }
}

/// How a page stands against its source, the default language's page of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Freshness {
    /// A page of the default language, or one with no counterpart there.
    Original,
    /// A translation stamped with the current version of its source.
    Current,
    /// A translation stamped with an older version of its source: the source changed since.
    Outdated,
    /// A translation without a stamp: nobody has said which version it follows.
    Unstamped,
}

impl Freshness {
    /// How a translation with `stamp` stands against the text of its source page, if it has one.
    pub(crate) fn of(stamp: Option<&str>, source_text: Option<&str>) -> Freshness {
        Freshness::of_version(stamp, source_text.map(crate::content::version_of))
    }

    /// How a translation with `stamp` stands against its source page, given the version of the
    /// source's text (see [`crate::content::version_of`]), if it has one.
    pub(crate) fn of_version(stamp: Option<&str>, source_version: Option<String>) -> Freshness {
        match (source_version, stamp) {
            (None, _) => Freshness::Original,
            (Some(_), None) => Freshness::Unstamped,
            (Some(version), Some(stamp)) if stamp == version => Freshness::Current,
            (Some(_), Some(_)) => Freshness::Outdated,
        }
    }
}

/// Something a translation lacks or has too much of, for the translators' report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Gap {
    /// Whether a file or a text is missing, or a text is stale.
    pub kind: GapKind,
    /// The file where the words belong, relative to the repository.
    pub file: String,
    /// The line of stale text; 0 when the gap concerns the file as a whole.
    pub line: usize,
    /// What is missing or stale: `priority`, `partner`, `progress note`, `page` ...
    pub item: String,
    /// The id of the item (or the name of the page) the words are for.
    pub id: String,
}

/// What kind of gap a translation has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    /// A whole file the default language has is missing in this language.
    MissingFile,
    /// An item has no words in this language.
    MissingText,
    /// Words whose id no longer exists in the data.
    StaleText,
}

/// What a build does with what is marked `draft: true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Drafts {
    /// Left out, as for publishing: `build` and `check`.
    #[default]
    LeaveOut,
    /// Shown with a visible mark, as in the preview of `serve` and `build --drafts`.
    Show,
}

/// A page or an action marked `draft: true`, for the count that `check` and `build` print.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Draft {
    /// `page` or `action`.
    pub kind: &'static str,
    /// The page's file name without `.md`, or the action's id.
    pub id: String,
    /// Where `draft: true` is written, relative to the repository.
    pub file: String,
    /// The line of `draft: true`, from 1.
    pub line: usize,
    /// The column of `draft: true`, from 1.
    pub column: usize,
}

/// One Markdown page in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// The title, as the page's heading and in the browser's tab.
    pub title: String,
    /// The last part of the page's address in its language.
    pub slug: String,
    /// Where the `slug:` is in the file; `Pos::FILE` when the slug is the file's name.
    pub slug_at: crate::diagnostics::Pos,
    /// The summary for search engines and link previews; empty when the page has none.
    pub description: String,
    /// For a free page, its place in the menu of every page (smallest first); `None` keeps it
    /// out of the menu.
    pub menu: Option<i64>,
    /// Markdown, not yet rendered; read it with [`Page::markdown`].
    pub(crate) body: body::PageBody,
    /// The file it came from, relative to the repository.
    pub file: PathBuf,
    /// How it stands against its source page, for a translation.
    pub freshness: Freshness,
    /// For a translation: the version of its source page it was translated from.
    pub translated_from: Option<String>,
    /// The local links of its body and front matter, to resolve and check once every page's
    /// address is known.
    pub(crate) links: std::sync::Arc<links::PageLinks>,
    /// Marked `draft: true`, or the translation of such a page; only in a build that shows drafts.
    pub draft: bool,
}

impl Page {
    /// The page's body in Markdown, not yet rendered (a one-off build reads it again from its
    /// file): a problem if the file changed or went away since the strategy was loaded.
    pub fn markdown(&self) -> Result<std::borrow::Cow<'_, str>, crate::diagnostics::Problem> {
        self.body.text(&self.file)
    }
}

/// The strategy's period and its yearly review.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The year the strategy starts.
    pub start: u16,
    /// The year it ends (included).
    pub end: u16,
    /// When the partnership last reviewed the strategy and its action plan.
    pub last_reviewed: PartialDate,
}

/// A priority of the strategy: an area the partnership commits to improve for newcomers.
#[derive(Debug, Clone)]
pub struct Priority {
    /// Its id in the data, as written.
    pub id: String,
    /// The handbook's common themes it belongs to.
    pub themes: Vec<Theme>,
    /// The characteristics of a welcoming community it works towards.
    pub welcoming: Vec<Welcoming>,
    /// The objectives under it, in the order of the data.
    pub objectives: Vec<Id<Objective>>,
    /// Actions that serve the priority directly, without an objective.
    pub actions: Vec<Id<Action>>,
}

/// An objective: a measurable step towards a priority, which actions serve.
#[derive(Debug, Clone)]
pub struct Objective {
    /// Its id in the data, as written.
    pub id: String,
    /// The priority it serves.
    pub priority: Id<Priority>,
    /// The actions that serve it, in the order of the data.
    pub actions: Vec<Id<Action>>,
}

/// An action of the action plan: what a lead partner does, with whom, when, and how far it is.
#[derive(Debug, Clone)]
pub struct Action {
    /// Its id in the data, as written.
    pub id: String,
    /// What the action serves: an objective (under a priority), or a priority directly.
    pub serves: Serves,
    /// The partner that leads the action.
    pub lead: Id<Partner>,
    /// The partners that take part besides the lead.
    pub partners: Vec<Id<Partner>>,
    /// The partners that fund it.
    pub funders: Vec<Id<Partner>>,
    /// When it starts, as precisely as the data says.
    pub start: PartialDate,
    /// When it is to end, as precisely as the data says.
    pub end: PartialDate,
    /// Where it stands now.
    pub status: Status,
    /// The indicators that measure what it achieves.
    pub indicators: Vec<Id<Indicator>>,
    /// Its progress notes, in the order of the data; each language's words for them are in its
    /// [`ActionText::progress`].
    pub progress: Vec<Progress>,
    /// Marked `draft: true`; only in a build that shows drafts.
    pub draft: bool,
}

/// What an action serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serves {
    /// An objective, and through it the objective's priority.
    Objective(Id<Objective>),
    /// A priority directly, without an objective.
    Priority(Id<Priority>),
}

/// A dated step in an action's progress.
#[derive(Debug, Clone)]
pub struct Progress {
    /// When it was noted.
    pub date: PartialDate,
    /// The action's status from then on, if the note changed it.
    pub status: Option<Status>,
}

/// An outcome the strategy expects for newcomers or the community, measured by indicators.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Its id in the data, as written.
    pub id: String,
    /// Whether it is expected in the short, intermediate or long term.
    pub term: Term,
    /// The indicators that measure it.
    pub indicators: Vec<Id<Indicator>>,
}

/// A value of an indicator in a given year.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// The value, in the indicator's unit.
    pub value: f64,
    /// The year it was measured in (or, for a target, is to be reached in).
    pub year: u16,
}

/// An indicator of the evaluation: a number with a baseline, a target and the latest value.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Its id in the data, as written.
    pub id: String,
    /// How it is counted, which decides how it is written.
    pub unit: Unit,
    /// Where it stood when the strategy began.
    pub baseline: Measure,
    /// Where the partnership means it to be.
    pub target: Measure,
    /// Where it stands by the latest measure, if there has been one.
    pub latest: Option<Measure>,
    /// Where its values come from, if the data names a source.
    pub source: Option<Id<Source>>,
}

/// A figure of the community's context: a population, a share, an amount.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Its id in the data, as written.
    pub id: String,
    /// The value, in its unit.
    pub value: f64,
    /// How it is counted, which decides how it is written.
    pub unit: Unit,
    /// The year it describes.
    pub year: u16,
    /// Where it comes from, if the data names a source.
    pub source: Option<Id<Source>>,
}

/// An area of the community, comparing where newcomers live with where services are.
#[derive(Debug, Clone)]
pub struct Area {
    /// Its id in the data, as written.
    pub id: String,
    /// How many recent immigrants live there.
    pub newcomers: u64,
    /// How many settlement service locations are there.
    pub services: u64,
    /// How many people live there, when the data says: the map then shades areas by the share
    /// of residents who are recent immigrants.
    pub residents: Option<u64>,
    /// Its shape in longitude and latitude, from `data/areas.geojson`.
    pub shape: Option<geo::MultiPolygon<f64>>,
}

/// A name written once for every language (an organisation, a program, a source's title), with
/// the language it is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProperName {
    /// The name as written.
    pub text: String,
    /// The language it is written in, as a BCP 47 tag (`en`, `fr-CA`).
    pub locale: String,
    /// The direction of that language's script.
    pub direction: crate::config::Direction,
}

/// A source of the strategy's figures and indicators (a census, a survey, a reporting system).
#[derive(Debug, Clone)]
pub struct Source {
    /// Its id in the data, as written.
    pub id: String,
    /// Where readers can find it, if the data gives an address.
    pub url: Option<String>,
    /// Its title, when it is written once for every language; else each language labels it.
    pub name: Option<ProperName>,
}

/// An organisation of the partnership: it leads, takes part in or funds actions, and may hold a
/// council seat.
#[derive(Debug, Clone)]
pub struct Partner {
    /// Its id in the data, as written.
    pub id: String,
    /// Its website, if the data gives one.
    pub url: Option<String>,
    /// Its name, when it is written once for every language; else each language labels it.
    pub name: Option<ProperName>,
}

/// A way the strategy was researched (focus groups, questionnaires ...), with its share.
#[derive(Debug, Clone)]
pub struct ResearchMethod {
    /// Its id in the data, as written.
    pub id: String,
    /// Percent of all research, given or computed from counts.
    pub share: f64,
    /// How many sessions, surveys ... it counted, when the data gives counts instead of shares.
    pub count: Option<f64>,
}

/// What the partnership spends, by category and year.
#[derive(Debug, Clone)]
pub struct Spending {
    /// The categories, in the order of the data.
    pub categories: Vec<SpendingCategory>,
    /// The years, each with one amount per category.
    pub years: Vec<SpendingYear>,
}

/// A category of spending, such as coordination or research.
#[derive(Debug, Clone)]
pub struct SpendingCategory {
    /// Its id in the data, as written.
    pub id: String,
}

/// One year of spending.
#[derive(Debug, Clone)]
pub struct SpendingYear {
    /// The fiscal year, by the year it starts in (`2025` is 2025–26).
    pub year: u16,
    /// One amount per category, in the order of `Spending::categories`.
    pub amounts: Vec<f64>,
}

impl SpendingYear {
    /// What was spent that year in all categories.
    pub fn total(&self) -> f64 {
        self.amounts.iter().sum()
    }
}

/// The partnership council that steers the strategy.
#[derive(Debug, Clone)]
pub struct Council {
    /// The sectors of the community its seats represent.
    pub sectors: Vec<Sector>,
    /// Its seats, in the order of the data.
    pub seats: Vec<Seat>,
    /// Its working groups, in the order of the data.
    pub working_groups: Vec<WorkingGroup>,
}

/// A sector of the community a council seat represents (settlement, education, health ...).
#[derive(Debug, Clone)]
pub struct Sector {
    /// Its id in the data, as written.
    pub id: String,
}

/// A seat on the council.
#[derive(Debug, Clone)]
pub struct Seat {
    /// Its id in the data, as written.
    pub id: String,
    /// The sector it represents.
    pub sector: Id<Sector>,
    /// The partner that holds it, if a partner does (a seat may be held by a person).
    pub partner: Option<Id<Partner>>,
    /// Whether it chairs, co-chairs or is a member.
    pub role: Role,
}

/// A working group of the council, which takes on part of the strategy.
#[derive(Debug, Clone)]
pub struct WorkingGroup {
    /// Its id in the data, as written.
    pub id: String,
    /// The partner that chairs it, if the data names one.
    pub chair: Option<Id<Partner>>,
    /// The partners that are members of it.
    pub members: Vec<Id<Partner>>,
}

/// Everything one language says: its pages and the words for each id.
#[derive(Debug, Default, Clone)]
pub struct LanguageContent {
    /// The section pages this language has.
    pub sections: BTreeMap<Section, Page>,
    /// Free pages by id (their file name). Shared with the watch session's cache of joined
    /// pages, so that a rebuild reuses the pages whose files did not change.
    pub pages: BTreeMap<String, std::sync::Arc<Page>>,
    /// The priorities' titles and summaries.
    pub priorities: Texts<Priority>,
    /// The objectives' words.
    pub objectives: Texts<Objective>,
    /// The actions' titles, descriptions and progress notes.
    pub actions: Texts<Action>,
    /// The outcomes' words (Markdown).
    pub outcomes: Texts<Outcome>,
    /// The indicators' names and units.
    pub indicators: Texts<Indicator>,
    /// The figures' names.
    pub figures: Texts<Figure>,
    /// The areas' names.
    pub areas: Texts<Area>,
    /// What the community already has to welcome newcomers, one Markdown text per asset, in the
    /// order of the context page.
    pub assets: Vec<String>,
    /// The gaps and challenges newcomers meet, one Markdown text per gap.
    pub gaps: Vec<String>,
    /// The working groups' names and descriptions.
    pub working_groups: Texts<WorkingGroup>,
    /// The short names from `labels.yaml`.
    pub labels: Labels,
    /// What this language lacks compared with the data and the default language.
    pub translation_gaps: Vec<Gap>,
}

/// One language's short names of things shared by several pages (`labels.yaml`).
#[derive(Debug, Default, Clone)]
pub struct Labels {
    /// The partners' names; a name written once in the data ([`Partner::name`]) needs none.
    pub partners: Texts<Partner>,
    /// The sources' titles; a title written once in the data ([`Source::name`]) needs none.
    pub sources: Texts<Source>,
    /// The research methods' names.
    pub methods: Texts<ResearchMethod>,
    /// The spending categories' names.
    pub spending: Texts<SpendingCategory>,
    /// The council sectors' names.
    pub sectors: Texts<Sector>,
    /// The council seats' names (a seat a partner holds can do without).
    pub seats: Texts<Seat>,
    /// The names of the items of the kinds kept as lists (service locations, outreach
    /// activities).
    pub lists: ListTexts,
}

/// A Local Immigration Partnership's settlement strategy, loaded, validated and joined: what a
/// tool reads. Each list holds one kind of item in the order of the data; an [`Id`] of that kind
/// is a position in it.
#[derive(Debug, Clone)]
pub struct Strategy {
    /// The repository's configuration: its languages, title and address.
    pub config: Config,
    /// The strategy's period and last review.
    pub plan: Plan,
    /// The priorities.
    pub priorities: Vec<Priority>,
    /// The objectives, under their priorities.
    pub objectives: Vec<Objective>,
    /// The actions of the action plan (without drafts, unless the build shows them).
    pub actions: Vec<Action>,
    /// The outcomes of the evaluation.
    pub outcomes: Vec<Outcome>,
    /// The indicators that measure outcomes and actions.
    pub indicators: Vec<Indicator>,
    /// The figures of the community's context.
    pub figures: Vec<Figure>,
    /// The areas of the community.
    pub areas: Vec<Area>,
    /// The sources of figures and indicators.
    pub sources: Vec<Source>,
    /// The partner organisations.
    pub partners: Vec<Partner>,
    /// How the strategy was researched; empty without `data/research.yaml`.
    pub research: Vec<ResearchMethod>,
    /// What the partnership spends, if the strategy says.
    pub spending: Option<Spending>,
    /// The partnership council, if the strategy describes it.
    pub council: Option<Council>,
    /// The kinds kept as lists in data files of their own: service locations, outreach
    /// activities. Each is empty without its file.
    pub lists: Lists,
    /// One per configured language, in the same order as `config.languages`.
    pub content: Vec<LanguageContent>,
    /// Every page and action marked `draft: true`, whether this build left them out or shows them.
    pub drafts: Vec<Draft>,
    /// Whether this build left the drafts out or shows them.
    pub draft_mode: Drafts,
}
