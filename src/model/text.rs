//! The per-language files under `content/<language>/`: front matter of Markdown pages and
//! `labels.yaml`. Only words live here; every key that is an id joins to `data/`.

use serde::Deserialize;

use crate::yaml::{OrderedMap, Spanned};

/// The front matter of any page. One struct for all pages keeps the error for a key in the wrong
/// file precise ("`actions` belongs in action-plan.md") instead of a generic "unknown key".
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub title: Option<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub description: String,
    pub menu: Option<i64>,
    /// The version of the source page this translation follows; written by
    /// `lipsite translations --stamp`.
    pub translated_from: Option<String>,
    /// `true` keeps the page out of the published site (and its translations with it); `serve`
    /// shows it with a mark.
    pub draft: Option<Spanned<bool>>,
    pub priorities: Option<Spanned<OrderedMap<PriorityText>>>,
    pub objectives: Option<Spanned<OrderedMap<String>>>,
    pub actions: Option<Spanned<OrderedMap<ActionText>>>,
    pub outcomes: Option<Spanned<OrderedMap<String>>>,
    pub indicators: Option<Spanned<OrderedMap<IndicatorText>>>,
    pub figures: Option<Spanned<OrderedMap<String>>>,
    pub areas: Option<Spanned<OrderedMap<String>>>,
    pub assets: Option<Spanned<Vec<String>>>,
    pub gaps: Option<Spanned<Vec<String>>>,
    pub working_groups: Option<Spanned<OrderedMap<WorkingGroupText>>>,
}

/// One language's words for a priority, under its id in `priorities.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityText {
    /// The priority's title.
    pub title: String,
    /// What the priority means for newcomers, in Markdown; may be left empty in a translation.
    #[serde(default)]
    pub summary: String,
}

/// One language's words for an action, under its id in `action-plan.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionText {
    /// The action's title.
    pub title: String,
    /// What the action does, in Markdown; may be left empty in a translation.
    #[serde(default)]
    pub description: String,
    /// The text of each dated progress note, by its date (`2026-05-30`), in Markdown.
    #[serde(default)]
    pub progress: OrderedMap<String>,
}

/// One language's words for an indicator, under its id in `evaluation.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorText {
    /// What the indicator measures, as its tables and charts name it.
    pub name: String,
    /// The word shown after its numbers (`days`, `jours`); may be left empty.
    #[serde(default)]
    pub unit_label: String,
}

/// One language's words for a working group of the council, under its id in `council.md`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkingGroupText {
    /// The working group's name.
    pub name: String,
    /// What the group works on, in Markdown; may be left empty in a translation.
    #[serde(default)]
    pub description: String,
}

/// `content/<language>/labels.yaml`: short names of things shared by several pages.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct LabelsText {
    #[serde(default)]
    pub partners: OrderedMap<String>,
    #[serde(default)]
    pub sources: OrderedMap<String>,
    #[serde(default)]
    pub methods: OrderedMap<String>,
    #[serde(default)]
    pub spending: OrderedMap<String>,
    #[serde(default)]
    pub sectors: OrderedMap<String>,
    #[serde(default)]
    pub seats: OrderedMap<String>,
    #[serde(default)]
    pub services: OrderedMap<String>,
}
