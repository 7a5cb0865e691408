//! Property tests: no input makes lipsite panic. Arbitrary text, and real strategy files with
//! random edits (which reach far deeper into the loader than random text does), go through front
//! matter splitting, YAML parsing of every file kind, and whole builds.
//!
//! `cargo test --lib properties` runs a quick round; `PROPTEST_CASES=5000 cargo test --release
//! --lib properties` runs a long one. (Unit tests, not integration tests: they call the parsers,
//! which are not part of the library's public surface.)

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::diagnostics::SourceFile;
use crate::model::data::*;
use crate::model::text::{FrontMatter, LabelsText};

/// Applies edits to a text: (position, kind, character) with kind 0 = delete, 1 = insert, 2 = replace.
fn mutate(base: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = base.chars().collect();
    for &(at, kind, c) in edits {
        if chars.is_empty() {
            chars.push(c);
            continue;
        }
        let i = at % chars.len();
        match kind {
            0 => {
                chars.remove(i);
            }
            1 => chars.insert(i, c),
            _ => chars[i] = c,
        }
    }
    chars.into_iter().collect()
}

/// Characters that matter to YAML and Markdown, plus anything at all.
fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            ':', '-', ' ', '\n', '\t', '[', ']', '{', '}', '&', '*', '!', '|', '>', '#', '\'', '"',
            '%', '@', '`', ',', '?', '0', '\u{feff}'
        ]),
        any::<char>(),
    ]
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8, char)>> {
    prop::collection::vec((any::<usize>(), 0..3u8, edit_char()), 1..12)
}

fn scaffold_file(rel: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scaffold")
            .join(rel),
    )
    .unwrap()
}

/// Parses `text` as every kind of YAML a strategy has; only the absence of a panic matters.
fn parse_everything(text: &str) {
    let f = SourceFile::new("x.yaml", text);
    let y = |_: Result<(), crate::diagnostics::Problem>| ();
    y(crate::yaml::parse::<PlanData>(&f, text, 1).map(drop));
    y(crate::yaml::parse::<Vec<PriorityData>>(&f, text, 1).map(drop));
    y(crate::yaml::parse::<ActionPlanData>(&f, text, 1).map(drop));
    y(crate::yaml::parse::<EvaluationData>(&f, text, 1).map(drop));
    y(crate::yaml::parse::<ContextData>(&f, text, 1).map(drop));
    y(crate::yaml::parse::<ResearchData>(&f, text, 1).map(drop));
    y(crate::yaml::parse::<SpendingData>(&f, text, 1).map(drop));
    y(crate::yaml::parse::<CouncilData>(&f, text, 1).map(drop));
    y(crate::yaml::parse::<LabelsText>(&f, text, 1).map(drop));
    if let Ok(parts) = crate::content::front_matter::split(&f) {
        y(crate::yaml::parse::<FrontMatter>(&f, parts.yaml, parts.yaml_line).map(drop));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_the_parsers(text in any::<String>()) {
        parse_everything(&text);
        let problem = SourceFile::new("x.md", text.as_str()).error(crate::diagnostics::Pos::new(3, 7), "m");
        let _ = problem.render(false);
    }

    #[test]
    fn edited_data_and_pages_never_panic_the_parsers(file in prop::sample::select(vec![
        "data/action-plan.yaml", "data/evaluation.yaml", "data/council.yaml", "data/spending.yaml",
        "data/research.yaml", "content/en/action-plan.md", "content/fr/context.md", "content/en/labels.yaml",
    ]), e in edits()) {
        parse_everything(&mutate(&scaffold_file(file), &e));
    }
}

proptest! {
    // Whole builds read a repository from disk, so fewer cases.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_build_of_an_edited_repository_never_panics(file in prop::sample::select(vec![
        "lipsite.yaml", "data/plan.yaml", "data/priorities.yaml", "data/action-plan.yaml", "data/evaluation.yaml",
        "data/context.yaml", "data/spending.yaml", "content/en/home.md", "content/en/action-plan.md",
        "content/fr/priorities.md", "content/fr/labels.yaml", "content/en/pages/about.md",
    ]), e in edits()) {
        let repo = REPO.with(|r| r.clone());
        let path = repo.join(file);
        let original = scaffold_file(file);
        fs::write(&path, mutate(&original, &e)).unwrap();
        let result = std::panic::catch_unwind(|| crate::build::compile(&repo).map(drop).map_err(drop));
        fs::write(&path, original).unwrap();
        prop_assert!(result.is_ok(), "lipsite panicked on an edited {}", file);
    }
}

thread_local! {
    /// One copy of the starter repository per test thread; each case edits one file and restores it.
    static REPO: PathBuf = {
        let dir = tempfile::tempdir().unwrap().keep();
        crate::scaffold::create(&dir).unwrap();
        dir
    };
}
