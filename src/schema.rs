//! `lipsite schema`: JSON Schemas of every YAML file a strategy has, generated from the same types
//! the loader reads them with, so an editor marks mistakes while the file is being typed.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::{JsonSchema, Schema, SchemaGenerator};

use crate::config::RawConfig;
use crate::diagnostics::Problem;
use crate::model::data::*;
use crate::model::text::{FrontMatter, LabelsText};

/// Every schema, by file name (`data.priorities.schema.json`), with the files it describes.
pub fn all() -> Vec<(String, &'static str, Schema)> {
    let mut out = vec![
        named::<RawConfig>(
            "lipsite",
            "lipsite.yaml",
            "The configuration of a lipsite strategy repository",
        ),
        named::<PlanData>(
            "data.plan",
            "data/plan.yaml",
            "Plan period and last yearly review",
        ),
        named::<Vec<PriorityData>>(
            "data.priorities",
            "data/priorities.yaml",
            "Priorities, their common themes and welcoming characteristics",
        ),
        named::<ActionPlanData>(
            "data.action-plan",
            "data/action-plan.yaml",
            "Objectives and actions",
        ),
        named::<EvaluationData>(
            "data.evaluation",
            "data/evaluation.yaml",
            "Outcomes and indicators",
        ),
        named::<ContextData>(
            "data.context",
            "data/context.yaml",
            "Demographic figures and areas",
        ),
        named::<Vec<SourceData>>("data.sources", "data/sources.yaml", "Sources of figures"),
        named::<Vec<PartnerData>>(
            "data.partners",
            "data/partners.yaml",
            "Partner organisations",
        ),
        named::<ResearchData>(
            "data.research",
            "data/research.yaml",
            "Research methods used to build the strategy",
        ),
        named::<SpendingData>(
            "data.spending",
            "data/spending.yaml",
            "Spending per category and fiscal year",
        ),
        named::<CouncilData>(
            "data.council",
            "data/council.yaml",
            "Partnership council seats and working groups",
        ),
        named::<LabelsText>(
            "labels",
            "content/*/labels.yaml",
            "Short names of partners, sources, methods, categories, sectors and seats",
        ),
        named::<FrontMatter>(
            "front-matter",
            "content/*/*.md",
            "The front matter of a page",
        ),
        named::<BTreeMap<String, String>>("i18n", "i18n/*.yaml", "Interface words of one language"),
    ];
    for (_, _, schema) in &mut out {
        schema.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
    }
    out
}

/// Writes every schema into `workspace/dir`; returns the `yaml.schemas` setting of VS Code's YAML
/// extension that attaches them (schema file, as a path from `workspace` → the files it describes).
/// The front matter's schema is left out of it: the extension reads YAML files, not Markdown.
pub fn write(workspace: &Path, dir: &Path) -> Result<serde_json::Value, Problem> {
    let target = workspace.join(dir);
    std::fs::create_dir_all(&target)
        .map_err(|e| Problem::about_path(&target, format!("cannot create: {e}")))?;
    let mut mapping = serde_json::Map::new();
    for (name, files, schema) in all() {
        let path = target.join(&name);
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        std::fs::write(&path, text + "\n")
            .map_err(|e| Problem::about_path(&path, format!("cannot write: {e}")))?;
        if !files.ends_with(".md") {
            let shown = dir.join(&name).display().to_string().replace('\\', "/");
            mapping.insert(shown, files.into());
        }
    }
    Ok(serde_json::json!({ "yaml.schemas": mapping }))
}

fn named<T: JsonSchema>(
    name: &str,
    files: &'static str,
    title: &str,
) -> (String, &'static str, Schema) {
    let mut schema = SchemaGenerator::default().into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    (format!("{name}.schema.json"), files, schema)
}
