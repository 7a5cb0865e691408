//! `lipsite schema`: JSON Schemas of every YAML file a strategy has, generated from the same types
//! the loader reads them with, so an editor marks mistakes while the file is being typed.

use std::collections::BTreeMap;
use std::path::Path;

use schemars::{JsonSchema, Schema};

use crate::config::RawConfig;
use crate::diagnostics::Problem;
use crate::model::data::{data_files, schema_of};
use crate::model::text::{FrontMatter, LabelsText};

/// Every schema, by file name (`data.priorities.schema.json`), with the files it describes.
pub(crate) fn all() -> Vec<(String, String, Schema)> {
    let config = named::<RawConfig>(
        "lipsite",
        crate::layout::CONFIG_FILE,
        "The configuration of a lipsite strategy repository",
    );
    let data = data_files().map(|d| {
        let mut schema = (d.schema)();
        schema.insert("title".into(), d.holds.into());
        let name = format!("data.{}.schema.json", d.name);
        (name, crate::layout::data_file_shown(d.name), schema)
    });
    let words = [
        named::<LabelsText>(
            "labels",
            "content/*/labels.yaml",
            "Short names of the things several pages show, each kind under its key",
        ),
        named::<FrontMatter>(
            "front-matter",
            "content/*/*.md",
            "The front matter of a page",
        ),
        named::<BTreeMap<String, String>>("i18n", "i18n/*.yaml", "Interface words of one language"),
    ];
    let mut out: Vec<_> = std::iter::once(config).chain(data).chain(words).collect();
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
pub(crate) fn write(workspace: &Path, dir: &Path) -> Result<serde_json::Value, Problem> {
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

fn named<T: JsonSchema>(name: &str, files: &str, title: &str) -> (String, String, Schema) {
    let mut schema = schema_of::<T>();
    schema.insert("title".into(), title.into());
    (format!("{name}.schema.json"), files.to_string(), schema)
}
