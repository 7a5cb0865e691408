//! Links between pages: `@` addresses resolved per language, and every local link checked.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

/// Appends a line to a file and returns its line number.
fn append_line(path: &Path, line: &str) -> usize {
    let mut text = fs::read_to_string(path).unwrap();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push('\n');
    let number = text.lines().count() + 1;
    text.push_str(line);
    text.push('\n');
    fs::write(path, text).unwrap();
    number
}

/// The `href` of every link in the main text of a page, in order.
fn hrefs(out: &Path, rel: &str) -> Vec<String> {
    page(out, rel)
        .select(&sel("main a[href]"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect()
}

/// Runs `check` and `build` on a repository that must fail; returns what `build` printed, after
/// asserting that `check` reports the same problem and that nothing was written.
fn failing(repo: &Path, tmp: &Path) -> String {
    let out = tmp.join("site");
    let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.exists(), "a failed build writes nothing");
    let checked = lipsite(&["check", repo.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    assert_eq!(stderr(&checked), stderr(&o), "check reports the same");
    stderr(&o)
}

/// Appends `line` to the file `rel` of `repo` and returns what the failing build printed, after
/// asserting (as `failing` does) that check agrees, and that the problem is at that line and
/// `column` of that file.
fn broken_at(repo: &Path, tmp: &Path, rel: &str, line: &str, column: usize) -> String {
    let number = append_line(&repo.join(rel), line);
    let err = failing(repo, tmp);
    assert!(err.contains(&format!("{rel}:{number}:{column}")), "{err}");
    err
}

fn repo_in(tmp: &Path) -> (PathBuf, PathBuf) {
    let repo = new_repo(tmp);
    (repo.clone(), tmp.join("site"))
}

#[test]
fn at_addresses_resolve_to_each_languages_slug_and_the_items_anchor() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, out) = repo_in(tmp.path());
    edit(
        &repo.join("content/fr/vision.md"),
        "slug: vision",
        "slug: notre-vision",
    );
    for code in ["en", "fr"] {
        append_line(
            &repo.join(format!("content/{code}/pages/about.md")),
            "[v](@vision) [m](@action/mentoring-program) [p](@priority/employment) [e](@evaluation#evaluation-indicators) [c](@context#context-figures) [s](@strategy) [h](@home) [a](@page/about)",
        );
    }
    build(&repo, &out);
    let en = hrefs(&out, "en/about/index.html");
    for want in [
        "/en/vision/",
        "/en/action-plan/#action-mentoring-program",
        "/en/priorities/#priority-employment",
        "/en/evaluation/#evaluation-indicators",
        "/en/context/#context-figures",
        "/en/strategy/",
        "/en/",
        "/en/about/",
    ] {
        assert!(en.contains(&want.to_string()), "{want} in {en:?}");
    }
    let fr = hrefs(&out, "fr/a-propos/index.html");
    assert!(fr.contains(&"/fr/notre-vision/".to_string()), "{fr:?}");
    assert!(fr.contains(&"/fr/a-propos/".to_string()), "{fr:?}");
    assert!(
        fr.iter()
            .any(|h| h.starts_with("/fr/") && h.ends_with("/#action-mentoring-program")),
        "{fr:?}"
    );
    assert!(!fr.iter().any(|h| h.starts_with('@')), "{fr:?}");
}

#[test]
fn at_addresses_follow_the_base_url_and_fall_back_where_a_language_lacks_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, out) = repo_in(tmp.path());
    edit(
        &repo.join("lipsite.yaml"),
        "base_url: https://example.org/",
        "base_url: https://example.org/plan/",
    );
    edit(
        &repo.join("content/en/outreach.md"),
        "slug: outreach",
        "slug: spreading-the-word",
    );
    fs::remove_file(repo.join("content/fr/outreach.md")).unwrap();
    fs::remove_file(repo.join("content/fr/action-plan.md")).unwrap();
    append_line(
        &repo.join("content/fr/pages/about.md"),
        "[o](@outreach) [v](@vision) [m](@action/mentoring-program)",
    );
    build(&repo, &out);
    let fr = hrefs(&out, "fr/a-propos/index.html");
    // Like the menus: the French notice at the English slug, which exists.
    assert!(
        fr.contains(&"/plan/fr/spreading-the-word/".to_string()),
        "{fr:?}"
    );
    assert!(out.join("fr/spreading-the-word/index.html").is_file());
    assert!(fr.contains(&"/plan/fr/vision/".to_string()), "{fr:?}");
    // An item is shown by the page of the language that has it.
    assert!(
        fr.contains(&"/plan/en/action-plan/#action-mentoring-program".to_string()),
        "{fr:?}"
    );
}

#[test]
fn a_broken_at_address_fails_with_its_place_and_the_closest_address() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, _) = repo_in(tmp.path());
    let err = broken_at(
        &repo,
        tmp.path(),
        "content/en/pages/about.md",
        "Read about [the mentoring action](@action/mentorng).",
        35,
    );
    assert!(
        err.contains("the link `@action/mentorng` leads nowhere: there is no action `mentorng`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `@action/mentoring-program`?"),
        "{err}"
    );
}

#[test]
fn an_unknown_kind_of_address_is_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, _) = repo_in(tmp.path());
    let err = broken_at(
        &repo,
        tmp.path(),
        "content/en/pages/about.md",
        "[x](@visoin)",
        5,
    );
    assert!(err.contains("did you mean `@vision`?"), "{err}");
}

#[test]
fn a_broken_plain_link_fails_with_the_closest_address() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, _) = repo_in(tmp.path());
    let err = broken_at(
        &repo,
        tmp.path(),
        "content/en/pages/about.md",
        "See [it](/en/visoin/).",
        10,
    );
    assert!(err.contains("did you mean `/en/vision/`?"), "{err}");
}

#[test]
fn plain_relative_and_static_links_that_lead_somewhere_pass() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, out) = repo_in(tmp.path());
    fs::create_dir_all(repo.join("static/files")).unwrap();
    fs::write(repo.join("static/files/report.pdf"), "%PDF").unwrap();
    append_line(
        &repo.join("content/en/pages/about.md"),
        "[a](/en/vision/) [b](../vision/) [c](/files/report.pdf) [d](https://example.com/x) [e](mailto:a@b.c) [f](/en/action-plan/#action-welcome-events) [g](#main)",
    );
    build(&repo, &out);
    assert!(hrefs(&out, "en/about/index.html").contains(&"../vision/".to_string()));
}

#[test]
fn a_broken_anchor_fails_with_the_closest_anchor() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, _) = repo_in(tmp.path());
    let about = repo.join("content/en/pages/about.md");
    append_line(&about, "## Contact us");
    let line = append_line(&about, "Write to us (see [below](#contact-uss)).");
    let err = failing(&repo, tmp.path());
    assert!(
        err.contains(&format!("content/en/pages/about.md:{line}:26")),
        "{err}"
    );
    assert!(err.contains("did you mean `#contact-us`?"), "{err}");

    // On another page: the anchor must be among that page's.
    let tmp = tempfile::tempdir().unwrap();
    let (repo, _) = repo_in(tmp.path());
    let err = broken_at(
        &repo,
        tmp.path(),
        "content/en/pages/about.md",
        "[x](/en/action-plan/#action-welcome-event) [y](@action-plan#action-mentoring-program)",
        5,
    );
    assert!(
        err.contains("did you mean `#action-welcome-events`?"),
        "{err}"
    );
}

#[test]
fn links_in_front_matter_markdown_are_resolved_and_checked_at_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, out) = repo_in(tmp.path());
    let plan = repo.join("content/en/action-plan.md");
    edit(
        &plan,
        "      Describe what the action involves and who it serves. Replace this text.\n    progress:\n      2025-06-15",
        "      It serves [our vision](@vision).\n    progress:\n      2025-06-15",
    );
    build(&repo, &out);
    let html = page(&out, "en/action-plan/index.html");
    let hrefs: Vec<_> = html
        .select(&sel("#action-mentoring-program a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"/en/vision/"), "{hrefs:?}");

    edit(
        &plan,
        "It serves [our vision](@vision).",
        "It serves [our vision](@vison).",
    );
    let text = fs::read_to_string(&plan).unwrap();
    let line = text.lines().position(|l| l.contains("@vison")).unwrap() + 1;
    fs::remove_dir_all(&out).unwrap();
    let err = failing(&repo, tmp.path());
    assert!(
        err.contains(&format!("content/en/action-plan.md:{line}:30")),
        "{err}"
    );
    assert!(err.contains("did you mean `@vision`?"), "{err}");
}

#[test]
fn a_path_from_the_root_must_start_with_the_sub_path_the_site_is_published_at() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, out) = repo_in(tmp.path());
    edit(
        &repo.join("lipsite.yaml"),
        "base_url: https://example.org/",
        "base_url: https://example.org/plan/",
    );
    let about = repo.join("content/en/pages/about.md");
    let line = append_line(&about, "[v](/en/vision/)");
    let err = failing(&repo, tmp.path());
    assert!(
        err.contains(&format!("content/en/pages/about.md:{line}:5")),
        "{err}"
    );
    assert!(
        err.contains("leads outside the site, which is published at /plan/"),
        "{err}"
    );
    assert!(err.contains("`@vision`"), "{err}");
    edit(&about, "[v](/en/vision/)", "[v](/plan/en/vision/)");
    build(&repo, &out);
}

#[test]
fn links_work_in_a_right_to_left_language_with_anchors_in_its_own_script() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("trilingual");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trilingual"),
        &repo,
    );
    let out = tmp.path().join("site");
    let about = repo.join("content/ar/pages/about.md");
    append_line(&about, "## تواصل معنا");
    append_line(
        &about,
        "[أ](#تواصل-معنا) [ب](#%D8%AA%D9%88%D8%A7%D8%B5%D9%84-%D9%85%D8%B9%D9%86%D8%A7) [ج](@vision) [د](@priority/employment)",
    );
    build(&repo, &out);
    let ar = hrefs(&out, "ar/about/index.html");
    // Arabic has no vision page: its notice, as in the menus; it has the priorities page.
    assert!(ar.contains(&"/ar/vision/".to_string()), "{ar:?}");
    assert!(
        ar.contains(&"/ar/priorities/#priority-employment".to_string()),
        "{ar:?}"
    );

    let line = append_line(&about, "[هـ](#تواصل-معنى)");
    fs::remove_dir_all(&out).unwrap();
    let err = failing(&repo, tmp.path());
    assert!(
        err.contains(&format!("content/ar/pages/about.md:{line}:6")),
        "{err}"
    );
    assert!(err.contains("did you mean `#تواصل-معنا`?"), "{err}");
}

#[test]
fn a_web_site_written_without_https_is_an_error_that_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, _) = repo_in(tmp.path());
    let err = broken_at(
        &repo,
        tmp.path(),
        "content/en/pages/about.md",
        "Visit [the portal](www.canada.ca/immigration) or write to <info@example.org>.",
        20,
    );
    assert!(
        err.contains("write its whole address: `https://www.canada.ca/immigration`"),
        "{err}"
    );
    assert!(
        err.contains("1 error found"),
        "the e-mail address is fine: {err}"
    );
}

#[test]
fn a_relative_link_is_also_followed_where_the_page_is_shown_untranslated() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, out) = repo_in(tmp.path());
    let config = fs::read_to_string(repo.join("lipsite.yaml")).unwrap();
    fs::write(
        repo.join("lipsite.yaml"),
        config + "\nmissing_pages: source\n",
    )
    .unwrap();
    edit(
        &repo.join("content/fr/vision.md"),
        "slug: vision",
        "slug: notre-vision",
    );
    fs::remove_file(repo.join("content/fr/pages/about.md")).unwrap();
    let line = append_line(
        &repo.join("content/en/pages/about.md"),
        "[a](../vision/) [b](@vision)",
    );
    let err = failing(&repo, tmp.path());
    // On /fr/about/, which shows the English page, `../vision/` is /fr/vision/: no page.
    assert!(
        err.contains(&format!("content/en/pages/about.md:{line}:5")),
        "{err}"
    );
    assert!(err.contains("/fr/about/"), "{err}");
    assert!(
        err.contains("1 error found"),
        "`@vision` is right in both: {err}"
    );

    edit(
        &repo.join("content/en/pages/about.md"),
        "[a](../vision/) ",
        "",
    );
    build(&repo, &out);
    assert!(hrefs(&out, "fr/about/index.html").contains(&"/fr/notre-vision/".to_string()));
}

#[test]
fn a_link_to_a_draft_fails_where_drafts_are_left_out_and_leads_to_it_where_they_are_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, out) = repo_in(tmp.path());
    fs::write(
        repo.join("content/en/pages/news.md"),
        "---\ntitle: News\ndraft: true\n---\nComing soon.\n",
    )
    .unwrap();
    let err = broken_at(
        &repo,
        tmp.path(),
        "content/en/pages/about.md",
        "[n](@page/news)",
        5,
    );
    assert!(err.contains("leads to a draft"), "{err}");
    assert!(err.contains("content/en/pages/news.md:3:"), "{err}");
    let o = lipsite(&[
        "build",
        repo.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--drafts",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(hrefs(&out, "en/about/index.html").contains(&"/en/news/".to_string()));
}
