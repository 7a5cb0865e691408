//! The language-neutral data files under `data/`, as written. Every id and reference is `Spanned`
//! so that validation can point at the exact place of a mistake.

use serde::Deserialize;

use super::vocab::{Role, Status, Term, Theme, Unit, Welcoming};
use crate::yaml::{OrderedMap, Spanned};

pub type Id = Spanned<String>;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanData {
    pub period: PeriodData,
    pub last_reviewed: Spanned<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeriodData {
    pub start: Spanned<u16>,
    pub end: Spanned<u16>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityData {
    pub id: Id,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub welcoming: Vec<Welcoming>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionPlanData {
    #[serde(default)]
    pub objectives: Vec<ObjectiveData>,
    pub actions: Vec<ActionData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveData {
    pub id: Id,
    pub priority: Id,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionData {
    pub id: Id,
    /// The objective the action serves; or, without one, `priority`.
    pub objective: Option<Id>,
    /// The priority an action serves directly, when it has no objective.
    pub priority: Option<Id>,
    pub lead: Id,
    #[serde(default)]
    pub partners: Vec<Id>,
    #[serde(default)]
    pub funders: Vec<Id>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub status: Status,
    #[serde(default)]
    pub indicators: Vec<Id>,
    #[serde(default)]
    pub progress: Vec<ProgressData>,
    /// `true` keeps the action out of the published site; `serve` shows it with a mark.
    pub draft: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressData {
    pub date: Spanned<String>,
    pub status: Option<Status>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvaluationData {
    #[serde(default)]
    pub outcomes: Vec<OutcomeData>,
    #[serde(default)]
    pub indicators: Vec<IndicatorData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeData {
    pub id: Id,
    pub term: Term,
    #[serde(default)]
    pub indicators: Vec<Id>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorData {
    pub id: Id,
    pub unit: Unit,
    pub baseline: MeasureData,
    pub target: MeasureData,
    pub latest: Option<MeasureData>,
    pub source: Option<Id>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureData {
    pub value: Spanned<f64>,
    pub year: Spanned<u16>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ContextData {
    #[serde(default)]
    pub figures: Vec<FigureData>,
    #[serde(default)]
    pub areas: Vec<AreaData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureData {
    pub id: Id,
    pub value: Spanned<f64>,
    #[serde(default = "number_unit")]
    pub unit: Unit,
    pub year: Spanned<u16>,
    pub source: Option<Id>,
}

fn member_role() -> Role {
    Role::Member
}

fn number_unit() -> Unit {
    Unit::Number
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AreaData {
    pub id: Id,
    pub newcomers: Spanned<u64>,
    pub services: Spanned<u64>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceData {
    pub id: Id,
    /// A proper name that is the same in every language; `labels.yaml` then needs no text for it.
    pub name: Option<Spanned<String>>,
    /// The language `name` is written in (a language code of lipsite.yaml or a BCP 47 tag);
    /// the default language when absent.
    pub name_lang: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerData {
    pub id: Id,
    /// A proper name that is the same in every language; `labels.yaml` then needs no text for it.
    pub name: Option<Spanned<String>>,
    /// The language `name` is written in (a language code of lipsite.yaml or a BCP 47 tag);
    /// the default language when absent.
    pub name_lang: Option<Spanned<String>>,
    pub sector: Option<Id>,
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResearchData {
    pub methods: Vec<MethodData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodData {
    pub id: Id,
    pub share: Option<Spanned<f64>>,
    pub count: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpendingData {
    pub categories: Vec<Id>,
    pub years: Vec<SpendingYearData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpendingYearData {
    pub year: Spanned<u16>,
    pub amounts: OrderedMap<Spanned<f64>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CouncilData {
    pub sectors: Vec<Id>,
    #[serde(default)]
    pub seats: Vec<SeatData>,
    #[serde(default)]
    pub working_groups: Vec<WorkingGroupData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatData {
    pub id: Id,
    pub sector: Id,
    pub partner: Option<Id>,
    #[serde(default = "member_role")]
    pub role: Role,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkingGroupData {
    pub id: Id,
    pub chair: Option<Id>,
    #[serde(default)]
    pub members: Vec<Id>,
}
