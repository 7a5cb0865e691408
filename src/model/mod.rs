//! The strategy as plain data: validated, every reference resolved, every language's words joined
//! to the language-neutral data by id. Built once by [`load`]; the renderer only reads it.

pub mod body;
pub mod data;
pub mod dates;
mod edit;
mod item_words;
mod join;
pub mod kinds;
mod lean;
pub mod links;
mod nesting;
pub mod registry;
pub mod text;
pub mod vocab;
mod words;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use dates::PartialDate;
pub use edit::edit_page_text;
pub use join::{load, load_cached, ParseCache};
pub use kinds::{Id, Kind, Texts};
pub use lean::LeanPages;
use vocab::{Role, ServiceKind, Status, Term, Theme, Unit, Welcoming};

use crate::config::Config;

/// Whether the file at `rel` (relative to the repository) is there, even if it could not be read:
/// a file that is there is never reported as missing.
fn on_disk(files: &crate::content::RepositoryFiles, rel: &std::path::Path) -> bool {
    !files.root.as_os_str().is_empty() && files.root.join(rel).symlink_metadata().is_ok()
}

/// The pages a strategy can have besides free pages, in the order of the site's navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Home,
    Context,
    Vision,
    Priorities,
    ActionPlan,
    Evaluation,
    Research,
    Spending,
    Council,
    Outreach,
}

impl Section {
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
    pub fn of(stamp: Option<&str>, source_text: Option<&str>) -> Freshness {
        Freshness::of_version(stamp, source_text.map(crate::content::version_of))
    }

    /// How a translation with `stamp` stands against its source page, given the version of the
    /// source's text (see [`crate::content::version_of`]), if it has one.
    pub fn of_version(stamp: Option<&str>, source_version: Option<String>) -> Freshness {
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
    pub kind: GapKind,
    /// The file where the words belong, relative to the repository.
    pub file: String,
    /// The line of stale text; 0 when the gap concerns the file as a whole.
    pub line: usize,
    /// What is missing or stale: `priority`, `partner`, `progress note`, `page` ...
    pub item: String,
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapKind {
    MissingFile,
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
    pub line: usize,
    pub column: usize,
}

/// One Markdown page in one language.
#[derive(Debug, Clone)]
pub struct Page {
    pub title: String,
    pub slug: String,
    /// Where the `slug:` is in the file; `Pos::FILE` when the slug is the file's name.
    pub slug_at: crate::diagnostics::Pos,
    pub description: String,
    pub menu: Option<i64>,
    /// Markdown, not yet rendered.
    pub body: body::PageBody,
    /// The file it came from, relative to the repository.
    pub file: PathBuf,
    pub freshness: Freshness,
    /// For a translation: the version of its source page it was translated from.
    pub translated_from: Option<String>,
    /// The local links of its body and front matter, to resolve and check once every page's
    /// address is known.
    pub links: std::sync::Arc<links::PageLinks>,
    /// Marked `draft: true`, or the translation of such a page; only in a build that shows drafts.
    pub draft: bool,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub start: u16,
    pub end: u16,
    pub last_reviewed: PartialDate,
}

#[derive(Debug, Clone)]
pub struct Priority {
    pub id: String,
    pub themes: Vec<Theme>,
    pub welcoming: Vec<Welcoming>,
    pub objectives: Vec<Id<Objective>>,
    /// Actions that serve the priority directly, without an objective.
    pub actions: Vec<Id<Action>>,
}

#[derive(Debug, Clone)]
pub struct Objective {
    pub id: String,
    pub priority: Id<Priority>,
    pub actions: Vec<Id<Action>>,
}

#[derive(Debug, Clone)]
pub struct Action {
    pub id: String,
    /// What the action serves: an objective (under a priority), or a priority directly.
    pub serves: Serves,
    pub lead: Id<Partner>,
    pub partners: Vec<Id<Partner>>,
    pub funders: Vec<Id<Partner>>,
    pub start: PartialDate,
    pub end: PartialDate,
    pub status: Status,
    pub indicators: Vec<Id<Indicator>>,
    pub progress: Vec<Progress>,
    /// Marked `draft: true`; only in a build that shows drafts.
    pub draft: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Serves {
    Objective(Id<Objective>),
    Priority(Id<Priority>),
}

#[derive(Debug, Clone)]
pub struct Progress {
    pub date: PartialDate,
    pub status: Option<Status>,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    pub term: Term,
    pub indicators: Vec<Id<Indicator>>,
}

#[derive(Debug, Clone, Copy)]
pub struct Measure {
    pub value: f64,
    pub year: u16,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub unit: Unit,
    pub baseline: Measure,
    pub target: Measure,
    pub latest: Option<Measure>,
    pub source: Option<Id<Source>>,
}

#[derive(Debug, Clone)]
pub struct Figure {
    pub id: String,
    pub value: f64,
    pub unit: Unit,
    pub year: u16,
    pub source: Option<Id<Source>>,
}

#[derive(Debug, Clone)]
pub struct Area {
    pub id: String,
    pub newcomers: u64,
    pub services: u64,
}

/// A name written once for every language (an organisation, a program, a source's title), with
/// the language it is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProperName {
    pub text: String,
    pub locale: String,
    pub direction: crate::config::Direction,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub url: Option<String>,
    pub name: Option<ProperName>,
}

#[derive(Debug, Clone)]
pub struct Partner {
    pub id: String,
    pub url: Option<String>,
    pub name: Option<ProperName>,
}

#[derive(Debug, Clone)]
pub struct ResearchMethod {
    pub id: String,
    /// Percent of all research, given or computed from counts.
    pub share: f64,
    pub count: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Spending {
    pub categories: Vec<SpendingCategory>,
    pub years: Vec<SpendingYear>,
}

/// A category of spending, such as coordination or research.
#[derive(Debug, Clone)]
pub struct SpendingCategory {
    pub id: String,
}

#[derive(Debug, Clone)]
pub struct SpendingYear {
    pub year: u16,
    /// One amount per category, in the order of `Spending::categories`.
    pub amounts: Vec<f64>,
}

impl SpendingYear {
    pub fn total(&self) -> f64 {
        self.amounts.iter().sum()
    }
}

#[derive(Debug, Clone)]
pub struct Council {
    pub sectors: Vec<Sector>,
    pub seats: Vec<Seat>,
    pub working_groups: Vec<WorkingGroup>,
}

/// A sector of the community a council seat represents (settlement, education, health ...).
#[derive(Debug, Clone)]
pub struct Sector {
    pub id: String,
}

#[derive(Debug, Clone)]
pub struct Seat {
    pub id: String,
    pub sector: Id<Sector>,
    pub partner: Option<Id<Partner>>,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct WorkingGroup {
    pub id: String,
    pub chair: Option<Id<Partner>>,
    pub members: Vec<Id<Partner>>,
}

/// A place where newcomers get a service, for the table (and the map) of where services are.
#[derive(Debug, Clone)]
pub struct Service {
    pub id: String,
    pub kind: ServiceKind,
    pub partner: Option<Id<Partner>>,
    pub area: Option<Id<Area>>,
    /// Longitude and latitude.
    pub at: Option<(f64, f64)>,
}

/// Everything one language says: its pages and the words for each id.
#[derive(Debug, Default, Clone)]
pub struct LanguageContent {
    pub sections: BTreeMap<Section, Page>,
    /// Free pages by id (their file name).
    pub pages: BTreeMap<String, Page>,
    pub priorities: Texts<Priority>,
    pub objectives: Texts<Objective>,
    pub actions: Texts<Action>,
    pub outcomes: Texts<Outcome>,
    pub indicators: Texts<Indicator>,
    pub figures: Texts<Figure>,
    pub areas: Texts<Area>,
    pub assets: Vec<String>,
    pub gaps: Vec<String>,
    pub working_groups: Texts<WorkingGroup>,
    pub labels: Labels,
    /// What this language lacks compared with the data and the default language.
    pub translation_gaps: Vec<Gap>,
}

#[derive(Debug, Default, Clone)]
pub struct Labels {
    pub partners: Texts<Partner>,
    pub sources: Texts<Source>,
    pub methods: Texts<ResearchMethod>,
    pub spending: Texts<SpendingCategory>,
    pub sectors: Texts<Sector>,
    pub seats: Texts<Seat>,
    pub services: Texts<Service>,
}

#[derive(Debug, Clone)]
pub struct Strategy {
    pub config: Config,
    pub plan: Plan,
    pub priorities: Vec<Priority>,
    pub objectives: Vec<Objective>,
    pub actions: Vec<Action>,
    pub outcomes: Vec<Outcome>,
    pub indicators: Vec<Indicator>,
    pub figures: Vec<Figure>,
    pub areas: Vec<Area>,
    pub sources: Vec<Source>,
    pub partners: Vec<Partner>,
    pub research: Vec<ResearchMethod>,
    pub spending: Option<Spending>,
    pub council: Option<Council>,
    pub services: Vec<Service>,
    /// One per configured language, in the same order as `config.languages`.
    pub content: Vec<LanguageContent>,
    /// Every page and action marked `draft: true`, whether this build left them out or shows them.
    pub drafts: Vec<Draft>,
    pub draft_mode: Drafts,
}
