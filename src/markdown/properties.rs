//! Property tests of Markdown nesting: whatever hostile input nests, checking and rendering it
//! stays linear in its size, and only genuinely deep nesting is refused.

use proptest::prelude::*;

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
    let ok = super::check_nesting(text, true).is_ok();
    let mut used = std::collections::HashSet::new();
    let _ = super::Renderer {
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
