//! Drafts: a page or an action marked `draft: true` is left out of `build` and `check`, counted by
//! both, and shown with a visible mark by `serve` (and `build --drafts`).

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A repository with a draft free page (English, with a French translation not marked), a draft
/// French translation of the vision, and a draft action that has no English words yet.
fn repo_with_drafts(tmp: &Path) -> std::path::PathBuf {
    let repo = new_repo(tmp);
    fs::write(
        repo.join("content/en/pages/news.md"),
        "---\ntitle: Partnership news\ndraft: true\n---\nNot ready yet.\n",
    )
    .unwrap();
    fs::write(
        repo.join("content/fr/pages/news.md"),
        "---\ntitle: Nouvelles du partenariat\n---\nPas encore prêt.\n",
    )
    .unwrap();
    edit(
        &repo.join("content/fr/vision.md"),
        "---\n",
        "---\ndraft: true\n",
    );
    edit(
        &repo.join("data/action-plan.yaml"),
        "  - id: welcome-events\n",
        "  - id: youth-circles\n    draft: true\n    objective: newcomers-connected\n    lead: city\n    start: 2026-01\n    end: 2026-12\n    status: planned\n\n  - id: welcome-events\n",
    );
    repo
}

fn all_html(out: &Path) -> String {
    html_files(out)
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect()
}

#[test]
fn build_leaves_out_draft_pages_and_actions_and_counts_them() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo_with_drafts(tmp.path());
    let out = tmp.path().join("out");
    let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("3 drafts left out"), "{said}");
    assert!(
        said.contains("content/en/pages/news.md:3:8")
            && said.contains("content/fr/vision.md:2:8")
            && said.contains("data/action-plan.yaml:"),
        "{said}"
    );

    // The draft page is not published in English, nor its translation in French.
    assert!(!out.join("en/news").exists());
    assert!(!out.join("fr/news").exists());
    let site = all_html(&out);
    assert!(!site.contains("/news/"), "a link to a draft page");
    assert!(!fs::read_to_string(out.join("sitemap.xml"))
        .unwrap()
        .contains("news"));
    // The draft action is nowhere: not on the action plan, not on the one-page strategy.
    assert!(!site.contains("youth-circles"));
    // The French vision is a draft: French readers get the notice with the English page.
    let fr = page(&out, "fr/vision/index.html");
    assert!(fr.select(&sel("main .notice")).next().is_some());
    assert!(!text(fr.root_element()).contains("Rédigez votre énoncé de vision"));
    assert!(
        !site.contains("draft"),
        "a draft mark in the published site"
    );
}

#[test]
fn check_counts_drafts_in_text_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo_with_drafts(tmp.path());
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("3 drafts left out"), "{said}");
    assert!(said.contains("action `youth-circles`"), "{said}");

    let o = lipsite(&["check", repo.to_str().unwrap(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let drafts = doc["drafts"].as_array().expect("a list of drafts");
    assert_eq!(drafts.len(), 3, "{doc}");
    let action = drafts
        .iter()
        .find(|d| d["kind"] == "action")
        .expect("the draft action");
    assert_eq!(action["id"], "youth-circles");
    assert_eq!(action["file"], "data/action-plan.yaml");
    assert!(action["line"].as_u64().unwrap() > 1);
}

#[test]
fn build_with_drafts_shows_them_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = repo_with_drafts(tmp.path());
    // To be shown, a draft action needs its words like any other.
    edit(
        &repo.join("content/en/action-plan.md"),
        "actions:\n",
        "actions:\n  youth-circles:\n    title: Youth circles\n    description: Not decided yet.\n",
    );
    let out = tmp.path().join("out");
    let o = lipsite(&[
        "build",
        repo.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("3 drafts shown"), "{}", stdout(&o));

    let en = page(&out, "en/news/index.html");
    let mark = en.select(&sel("main .draft-mark")).next().expect("a mark");
    assert!(text(mark).contains("Draft"), "{}", text(mark));
    assert!(en
        .select(&sel(r#"meta[name="robots"][content="noindex"]"#))
        .next()
        .is_some());
    // Its translation follows the English page: shown, and marked too, in French.
    let fr = page(&out, "fr/news/index.html");
    let mark = fr.select(&sel("main .draft-mark")).next().expect("a mark");
    assert!(text(mark).contains("Brouillon"), "{}", text(mark));
    // The French vision is shown as written, with the mark.
    let fr = page(&out, "fr/vision/index.html");
    assert!(fr.select(&sel("main .draft-mark")).next().is_some());
    assert!(fr.select(&sel("main .notice")).next().is_none());
    // The draft action is on the action plan, marked.
    let plan = page(&out, "en/action-plan/index.html");
    let action = plan
        .select(&sel("#action-youth-circles"))
        .next()
        .expect("the draft action");
    assert!(action.select(&sel(".draft-mark")).next().is_some());
    let other = plan.select(&sel("#action-welcome-events")).next().unwrap();
    assert!(other.select(&sel(".draft-mark")).next().is_none());
    // A page that is not a draft has no mark and may be indexed.
    let home = page(&out, "en/index.html");
    assert!(home.select(&sel(".draft-mark")).next().is_none());
    assert!(home.select(&sel(r#"meta[name="robots"]"#)).next().is_none());
}

#[test]
fn a_required_page_that_is_a_draft_is_an_error_that_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(
        &repo.join("content/en/vision.md"),
        "---\n",
        "---\ndraft: true\n",
    );
    let out = tmp.path().join("out");
    let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/en/vision.md:2:8"), "{err}");
    assert!(err.contains("is a draft"), "{err}");
    assert!(err.contains("remove `draft: true`"), "{err}");
    assert!(!err.contains("is missing"), "{err}");
    assert!(!out.exists());
    // The preview shows it.
    let o = lipsite(&[
        "build",
        repo.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn draft_must_be_true_or_false() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(
        &repo.join("content/en/pages/about.md"),
        "---\n",
        "---\ndraft: maybe\n",
    );
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/en/pages/about.md:2:"), "{err}");
}

#[test]
fn a_draft_translation_is_listed_as_a_draft_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(
        &repo.join("content/fr/context.md"),
        "---\n",
        "---\ndraft: true\n",
    );
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("content/fr/context.md:2:8  page `context`"),
        "{}",
        stdout(&o)
    );
    // Its words are not reported missing one by one: French readers get the whole page's notice.
    let err = stderr(&o);
    assert!(!err.contains("content/fr/context.md"), "{err}");
}
