//! The per-language files under `content/<language>/`: front matter of Markdown pages and
//! `labels.yaml`. Only words live here; every key that is an id joins to `data/`.

use serde::Deserialize;

use crate::yaml::{OrderedMap, Spanned};

/// The front matter of any page. One struct for all pages keeps the error for a key in the wrong
/// file precise ("`actions` belongs in action-plan.md") instead of a generic "unknown key".
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
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

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityText {
    pub title: String,
    #[serde(default)]
    pub summary: String,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionText {
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub progress: OrderedMap<String>,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorText {
    pub name: String,
    #[serde(default)]
    pub unit_label: String,
}

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkingGroupText {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// `content/<language>/labels.yaml`: short names of things shared by several pages.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelsText {
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
