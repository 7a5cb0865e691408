//! The JSON Schemas `lipsite schema` writes describe the same files the loader accepts: every file
//! of the example validates, and the mistakes the loader rejects are marked by the schema too.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn schemas(tmp: &Path) -> std::path::PathBuf {
    let dir = tmp.join("schemas");
    let o = lipsite(&["schema", "-o", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"yaml.schemas\""), "{}", stdout(&o));
    dir
}

fn validator(dir: &Path, name: &str) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join(name)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// YAML as JSON, the way editors' YAML language servers check it (read with the YAML library
/// lipsite reads it with).
fn yaml_as_json(text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).unwrap()
}

#[test]
fn every_yaml_file_of_the_example_and_the_hard_cases_validates_against_its_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = schemas(tmp.path());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![("i18n.schema.json", root.join("themes/default/i18n/ar.yaml"))];
    for repo in [example_dir(), root.join("tests/fixtures/hard-cases")] {
        for (schema, file) in [
            ("lipsite.schema.json", "lipsite.yaml"),
            ("data.plan.schema.json", "data/plan.yaml"),
            ("data.priorities.schema.json", "data/priorities.yaml"),
            ("data.action-plan.schema.json", "data/action-plan.yaml"),
            ("data.evaluation.schema.json", "data/evaluation.yaml"),
            ("data.context.schema.json", "data/context.yaml"),
            ("data.sources.schema.json", "data/sources.yaml"),
            ("data.partners.schema.json", "data/partners.yaml"),
            ("data.research.schema.json", "data/research.yaml"),
            ("data.spending.schema.json", "data/spending.yaml"),
            ("data.council.schema.json", "data/council.yaml"),
            ("labels.schema.json", "content/fr/labels.yaml"),
        ] {
            files.push((schema, repo.join(file)));
        }
    }
    for (schema, path) in &files {
        let doc = yaml_as_json(&fs::read_to_string(path).unwrap());
        let errors: Vec<String> = validator(&dir, schema)
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    assert_eq!(files.len(), 25);
}

#[test]
fn the_schema_marks_what_the_loader_rejects() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = schemas(tmp.path());
    let actions = validator(&dir, "data.action-plan.schema.json");
    let bad_status = yaml_as_json("objectives: []\nactions:\n  - id: a1\n    objective: o1\n    lead: p1\n    start: 2025\n    end: 2026\n    status: finished\n");
    assert!(
        !actions.is_valid(&bad_status),
        "an unknown status is marked"
    );
    let typo = yaml_as_json("objectives: []\nactions: []\nobjectivs: []\n");
    assert!(!actions.is_valid(&typo), "an unknown key is marked");
    let plan = validator(&dir, "data.plan.schema.json");
    assert!(!plan.is_valid(&yaml_as_json(
        "period: {start: soon, end: 2028}\nlast_reviewed: 2026-06-15\n"
    )));
    assert!(plan.is_valid(&yaml_as_json(
        "period: {start: 2025, end: 2028}\nlast_reviewed: 2026-06-15\n"
    )));
}
