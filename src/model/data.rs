//! The language-neutral data files under `data/`, as written. Every id and reference is `Spanned`
//! so that validation can point at the exact place of a mistake.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::memo::YamlMemo;
use super::vocab::{Role, Status, Term, Theme, Unit, Welcoming};
use crate::content::RepositoryFiles;
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::layout;
use crate::yaml::{OrderedMap, Spanned};

/// An id as written in a data file, where it is defined or referred to.
pub(crate) type WrittenId = Spanned<String>;

/// A data file lipsite reads.
pub(crate) struct DataFile {
    /// Its name in `data/`, without `.yaml`.
    pub name: &'static str,
    /// Whether every strategy has it.
    pub required: bool,
    /// What it holds, as the title of its schema.
    pub holds: &'static str,
    /// The JSON Schema of the type it is read with.
    pub schema: fn() -> schemars::Schema,
}

/// The data files lipsite reads, in the order of the documentation: those of [`DATA_FILES`],
/// then those of the kinds kept as lists.
pub(crate) fn data_files() -> impl Iterator<Item = &'static DataFile> {
    DATA_FILES.iter().chain(super::lists::LIST_FILES)
}

/// The data files of the kinds that are not lists.
const DATA_FILES: &[DataFile] = &[
    DataFile {
        name: "plan",
        required: true,
        holds: "Plan period and last yearly review",
        schema: schema_of::<PlanData>,
    },
    DataFile {
        name: "priorities",
        required: true,
        holds: "Priorities, their common themes and welcoming characteristics",
        schema: schema_of::<Vec<PriorityData>>,
    },
    DataFile {
        name: "action-plan",
        required: true,
        holds: "Objectives and actions",
        schema: schema_of::<ActionPlanData>,
    },
    DataFile {
        name: "evaluation",
        required: true,
        holds: "Outcomes and indicators",
        schema: schema_of::<EvaluationData>,
    },
    DataFile {
        name: "context",
        required: false,
        holds: "Demographic figures and areas",
        schema: schema_of::<ContextData>,
    },
    DataFile {
        name: "sources",
        required: false,
        holds: "Sources of figures",
        schema: schema_of::<Vec<SourceData>>,
    },
    DataFile {
        name: "partners",
        required: false,
        holds: "Partner organisations",
        schema: schema_of::<Vec<PartnerData>>,
    },
    DataFile {
        name: "research",
        required: false,
        holds: "Research methods used to build the strategy",
        schema: schema_of::<ResearchData>,
    },
    DataFile {
        name: "spending",
        required: false,
        holds: "Spending per category and fiscal year",
        schema: schema_of::<SpendingData>,
    },
    DataFile {
        name: "council",
        required: false,
        holds: "Partnership council seats and working groups",
        schema: schema_of::<CouncilData>,
    },
];

/// The JSON Schema of a type read from YAML.
pub(crate) fn schema_of<T: schemars::JsonSchema>() -> schemars::Schema {
    schemars::SchemaGenerator::default().into_root_schema_for::<T>()
}

/// Every data file, parsed (or absent when missing or broken).
pub(crate) struct DataFiles<'a> {
    pub plan: Option<(&'a SourceFile, Arc<PlanData>)>,
    pub priorities: Option<(&'a SourceFile, Arc<Vec<PriorityData>>)>,
    pub action_plan: Option<(&'a SourceFile, Arc<ActionPlanData>)>,
    pub evaluation: Option<(&'a SourceFile, Arc<EvaluationData>)>,
    pub context: Option<(&'a SourceFile, Arc<ContextData>)>,
    pub sources: Option<(&'a SourceFile, Arc<Vec<SourceData>>)>,
    pub partners: Option<(&'a SourceFile, Arc<Vec<PartnerData>>)>,
    pub research: Option<(&'a SourceFile, Arc<ResearchData>)>,
    pub spending: Option<(&'a SourceFile, Arc<SpendingData>)>,
    pub council: Option<(&'a SourceFile, Arc<CouncilData>)>,
    /// The files of the kinds kept as lists.
    pub lists: super::lists::ListData<'a>,
}

impl<'a> DataFiles<'a> {
    pub(super) fn parse(
        files: &'a RepositoryFiles,
        problems: &mut Problems,
        memo: &mut YamlMemo,
    ) -> Self {
        for (name, file) in &files.data {
            if !data_files().any(|known| known.name == name) {
                let known: Vec<_> = data_files().map(|d| format!("{}.yaml", d.name)).collect();
                problems.push(
                    file.warning(
                        Pos::FILE,
                        format!("lipsite does not read {}", file.path.display()),
                    )
                    .hint(format!("the data files are {}", known.join(", "))),
                );
            }
        }
        for DataFile { name, required, .. } in data_files() {
            if *required && !has_data_file(files, name) {
                problems.push(
                    Problem::about_path(&layout::data_file(name), format!("the required file {} is missing", layout::data_file_shown(name)))
                        .hint("create it; docs/content-format.md shows what goes in it, and `lipsite new` writes a complete example"),
                );
            }
        }
        DataFiles {
            plan: parse_data(files, "plan", problems, memo),
            priorities: parse_data(files, "priorities", problems, memo),
            action_plan: parse_data(files, "action-plan", problems, memo),
            evaluation: parse_data(files, "evaluation", problems, memo),
            context: parse_data(files, "context", problems, memo),
            sources: parse_data(files, "sources", problems, memo),
            partners: parse_data(files, "partners", problems, memo),
            research: parse_data(files, "research", problems, memo),
            spending: parse_data(files, "spending", problems, memo),
            council: parse_data(files, "council", problems, memo),
            lists: super::lists::ListData::parse(files, problems, memo),
        }
    }
}

/// Whether `data/<name>.yaml` is there, read or not: one that could not be read (not UTF-8, too
/// large) has had its problem reported, and is not missing.
pub(super) fn has_data_file(files: &RepositoryFiles, name: &str) -> bool {
    files.data.contains_key(name)
        || layout::DATA_EXTENSIONS
            .iter()
            .any(|ext| super::on_disk(files, &layout::data_file_with(name, ext)))
}

pub(super) fn parse_data<'a, T: DeserializeOwned + Send + Sync + 'static>(
    files: &'a RepositoryFiles,
    name: &str,
    problems: &mut Problems,
    memo: &mut YamlMemo,
) -> Option<(&'a SourceFile, Arc<T>)> {
    let file = files.data.get(name)?;
    match memo.parse(file) {
        Ok(v) => Some((file, v)),
        Err(p) => {
            problems.push(p);
            None
        }
    }
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanData {
    pub period: PeriodData,
    pub last_reviewed: Spanned<String>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeriodData {
    pub start: Spanned<u16>,
    pub end: Spanned<u16>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PriorityData {
    pub id: WrittenId,
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub welcoming: Vec<Welcoming>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionPlanData {
    #[serde(default)]
    pub objectives: Vec<ObjectiveData>,
    pub actions: Vec<ActionData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ObjectiveData {
    pub id: WrittenId,
    pub priority: WrittenId,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ActionData {
    pub id: WrittenId,
    /// The objective the action serves; or, without one, `priority`.
    pub objective: Option<WrittenId>,
    /// The priority an action serves directly, when it has no objective.
    pub priority: Option<WrittenId>,
    pub lead: WrittenId,
    #[serde(default)]
    pub partners: Vec<WrittenId>,
    #[serde(default)]
    pub funders: Vec<WrittenId>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub status: Status,
    #[serde(default)]
    pub indicators: Vec<WrittenId>,
    #[serde(default)]
    pub progress: Vec<ProgressData>,
    /// `true` keeps the action out of the published site; `serve` shows it with a mark.
    pub draft: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProgressData {
    pub date: Spanned<String>,
    pub status: Option<Status>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvaluationData {
    #[serde(default)]
    pub outcomes: Vec<OutcomeData>,
    #[serde(default)]
    pub indicators: Vec<IndicatorData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutcomeData {
    pub id: WrittenId,
    pub term: Term,
    #[serde(default)]
    pub indicators: Vec<WrittenId>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IndicatorData {
    pub id: WrittenId,
    pub unit: Unit,
    pub baseline: MeasureData,
    pub target: MeasureData,
    pub latest: Option<MeasureData>,
    pub source: Option<WrittenId>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasureData {
    pub value: Spanned<f64>,
    pub year: Spanned<u16>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContextData {
    #[serde(default)]
    pub figures: Vec<FigureData>,
    #[serde(default)]
    pub areas: Vec<AreaData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct FigureData {
    pub id: WrittenId,
    pub value: Spanned<f64>,
    #[serde(default = "number_unit")]
    pub unit: Unit,
    pub year: Spanned<u16>,
    pub source: Option<WrittenId>,
}

fn member_role() -> Role {
    Role::Member
}

fn number_unit() -> Unit {
    Unit::Number
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AreaData {
    pub id: WrittenId,
    pub newcomers: Spanned<u64>,
    pub services: Spanned<u64>,
    /// How many people live in the area; when every area says, the map shades areas by the
    /// share of residents who are recent immigrants instead of their number.
    pub residents: Option<Spanned<u64>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceData {
    pub id: WrittenId,
    /// A proper name that is the same in every language; `labels.yaml` then needs no text for it.
    pub name: Option<Spanned<String>>,
    /// The language `name` is written in (a language code of lipsite.yaml or a BCP 47 tag);
    /// the default language when absent.
    pub name_lang: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PartnerData {
    pub id: WrittenId,
    /// A proper name that is the same in every language; `labels.yaml` then needs no text for it.
    pub name: Option<Spanned<String>>,
    /// The language `name` is written in (a language code of lipsite.yaml or a BCP 47 tag);
    /// the default language when absent.
    pub name_lang: Option<Spanned<String>>,
    pub sector: Option<WrittenId>,
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResearchData {
    pub methods: Vec<MethodData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct MethodData {
    pub id: WrittenId,
    pub share: Option<Spanned<f64>>,
    pub count: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpendingData {
    pub categories: Vec<WrittenId>,
    pub years: Vec<SpendingYearData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpendingYearData {
    pub year: Spanned<u16>,
    pub amounts: OrderedMap<Spanned<f64>>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CouncilData {
    pub sectors: Vec<WrittenId>,
    #[serde(default)]
    pub seats: Vec<SeatData>,
    #[serde(default)]
    pub working_groups: Vec<WorkingGroupData>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct SeatData {
    pub id: WrittenId,
    pub sector: WrittenId,
    pub partner: Option<WrittenId>,
    #[serde(default = "member_role")]
    pub role: Role,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct WorkingGroupData {
    pub id: WrittenId,
    pub chair: Option<WrittenId>,
    #[serde(default)]
    pub members: Vec<WrittenId>,
}
