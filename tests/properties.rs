//! Property tests: no input makes lipsite panic. Arbitrary text, and real strategy files with
//! random edits (which reach far deeper into the loader than random text does), go through front
//! matter splitting, YAML parsing of every file kind, and whole builds.
//!
//! `cargo test --test properties` runs a quick round; `PROPTEST_CASES=5000 cargo test --release
//! --test properties` runs a long one.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use lipsite::diagnostics::SourceFile;
use lipsite::model::data::*;
use lipsite::model::text::{FrontMatter, LabelsText};
use proptest::prelude::*;

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
    let y = |_: Result<(), lipsite::diagnostics::Problem>| ();
    y(lipsite::yaml::parse::<PlanData>(&f, text, 1).map(drop));
    y(lipsite::yaml::parse::<Vec<PriorityData>>(&f, text, 1).map(drop));
    y(lipsite::yaml::parse::<ActionPlanData>(&f, text, 1).map(drop));
    y(lipsite::yaml::parse::<EvaluationData>(&f, text, 1).map(drop));
    y(lipsite::yaml::parse::<ContextData>(&f, text, 1).map(drop));
    y(lipsite::yaml::parse::<ResearchData>(&f, text, 1).map(drop));
    y(lipsite::yaml::parse::<SpendingData>(&f, text, 1).map(drop));
    y(lipsite::yaml::parse::<CouncilData>(&f, text, 1).map(drop));
    y(lipsite::yaml::parse::<LabelsText>(&f, text, 1).map(drop));
    if let Ok(parts) = lipsite::content::front_matter::split(&f) {
        y(lipsite::yaml::parse::<FrontMatter>(&f, parts.yaml, parts.yaml_line).map(drop));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics_the_parsers(text in any::<String>()) {
        parse_everything(&text);
        let problem = SourceFile::new("x.md", text.as_str()).error(lipsite::diagnostics::Pos::new(3, 7), "m");
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
        let result = std::panic::catch_unwind(|| lipsite::build::compile(&repo).map(drop).map_err(drop));
        fs::write(&path, original).unwrap();
        prop_assert!(result.is_ok(), "lipsite panicked on an edited {}", file);
    }
}

thread_local! {
    /// One copy of the starter repository per test thread; each case edits one file and restores it.
    static REPO: PathBuf = {
        let dir = tempfile::tempdir().unwrap().keep();
        common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("scaffold"), &dir);
        dir
    };
}

/// Markdown nested `depth` levels deep in one of the ways hostile input nests: raw HTML blocks,
/// misnested and formatting tags, block quotes, emphasis, lists, tables, SVG, brackets.
fn nested(shape: usize, depth: usize) -> String {
    match shape {
        0 => "<div>".repeat(depth),
        1 => "<span><div></span></div>".repeat(depth),
        2 => (0..depth).map(|i| format!("<b id=b{i}>")).collect(),
        3 => format!("{} quoted <b>raw</b>", "> ".repeat(depth)),
        4 => format!("{}x{} <i>raw</i>", "*".repeat(depth), "*".repeat(depth)),
        5 => (0..depth.min(400))
            .map(|i| format!("{}- item <i>raw</i>\n", "  ".repeat(i)))
            .collect(),
        6 => "<table><td>".repeat(depth),
        7 => format!("<svg>{}", "<br>".repeat(depth)),
        _ => format!("{}x{} <b>raw</b>", "[".repeat(depth), "](u)".repeat(depth)),
    }
}

/// How long checking and rendering a text take, as a build does both.
fn check_and_render(text: &str) -> (bool, std::time::Duration) {
    let started = std::time::Instant::now();
    let ok = lipsite::markdown::check_nesting(text, true).is_ok();
    let mut used = std::collections::HashSet::new();
    let _ = lipsite::markdown::Renderer {
        allow_raw_html: false,
        id_prefix: "",
        top_heading: 2,
        task_done: "done",
        task_open: "to do",
        used_ids: &mut used,
        addresses: None,
    }
    .render(text);
    (ok, started.elapsed())
}

proptest! {
    // Texts of up to two megabytes: few cases.
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn nesting_at_any_depth_is_refused_or_rendered_in_time_like_a_flat_text(
        shape in 0..9usize,
        depth in prop_oneof![1..64usize, 64..80_000usize],
    ) {
        let text = nested(shape, depth);
        let flat = "Plain words, <b>bold</b> and *emphasis*.\n\n".repeat(text.len() / 43 + 1);
        let (_, flat_time) = check_and_render(&flat);
        let (ok, time) = check_and_render(&text);
        // Generous: machines are shared. Before nesting was bounded, 80,000 `<div>` took minutes.
        prop_assert!(
            time < flat_time * 10 + std::time::Duration::from_secs(1),
            "shape {} depth {}: {:?}, a flat text of the same size {:?}", shape, depth, time, flat_time
        );
        if depth <= 8 {
            prop_assert!(ok, "shape {} depth {} is refused", shape, depth);
        }
        if depth >= 100 && shape != 8 {
            prop_assert!(!ok, "shape {} depth {} is not refused", shape, depth);
        }
    }
}

#[test]
fn work_grows_linearly_with_nesting_depth() {
    for shape in 0..9 {
        let (_, shallow) = check_and_render(&nested(shape, 10_000));
        let (_, deep) = check_and_render(&nested(shape, 80_000));
        // Eight times the depth: eight times the work, not sixty-four (room for a busy machine).
        assert!(
            deep < shallow * 24 + std::time::Duration::from_millis(500),
            "shape {shape}: 10,000 levels {shallow:?}, 80,000 levels {deep:?}"
        );
    }
}
