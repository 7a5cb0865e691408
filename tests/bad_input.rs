//! Mistakes a coordinator or translator makes: each gets exit code 1, a message naming the file,
//! line and column with a hint, every error of the run at once, and nothing written.
//!
//! Most mistakes are cases in tests/bad-input/, one folder each, whose `check` transcripts are
//! pinned beside them; the tests below are those a folder of files cannot hold (huge or generated
//! files, symbolic links) or that look at what is written.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The folder of bad-input cases. Each case folder holds `repo/`, files that replace or add to
/// those of a fresh `lipsite new` repository, and optionally `remove.txt`, files to delete (one
/// repository path a line). Beside them insta keeps `text.snap` and `json.snap`: the transcripts
/// of `lipsite check`, as reviewed.
fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-input")
}

/// Lays a case over a copy of the new repository `base`.
fn make_case(case: &Path, base: &Path, repo: &Path) {
    copy_dir(base, repo);
    let overlay = case.join("repo");
    if overlay.is_dir() {
        copy_dir(&overlay, repo);
    }
    if let Ok(list) = fs::read_to_string(case.join("remove.txt")) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            fs::remove_file(repo.join(rel.trim())).unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
    }
}

/// What a user sees from `lipsite ARGS` on the repository without colours (lipsite renders
/// problems 200 columns wide whatever the terminal): exit code, standard output and error,
/// with the repository's place on this machine and the timings, which change from run to run,
/// written as `[repo]` and `[ms]`.
fn transcript(repo: &Path, args: &[&str]) -> (Option<i32>, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_lipsite"))
        .args(args)
        .arg(repo)
        .env("NO_COLOR", "1")
        .output()
        .expect("lipsite runs");
    let shown = format!(
        "$ lipsite {} [repo]\nexit code: {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        o.status.code().map_or("none".into(), |c| c.to_string()),
        stdout(&o),
        stderr(&o)
    );
    let shown = shown.replace(repo.to_str().unwrap(), "[repo]");
    (o.status.code(), without_timings(&shown))
}

/// `in 245 ms` → `in [ms] ms`.
fn without_timings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, part) in text.split(" ms").enumerate() {
        if i > 0 {
            out.push_str(" ms");
        }
        match part.rfind(" in ") {
            Some(at)
                if part[at + 4..].chars().all(|c| c.is_ascii_digit()) && at + 4 < part.len() =>
            {
                out.push_str(&part[..at + 4]);
                out.push_str("[ms]");
            }
            _ => out.push_str(part),
        }
    }
    out
}

/// Runs one case: pins both transcripts, and checks that `build` refuses what `check` refuses
/// without writing anything and that nothing panics.
fn run_case(case: &Path, base: &Path, tmp: &Path) {
    let name = case.file_name().unwrap().to_str().unwrap();
    let repo = tmp.join(name);
    make_case(case, base, &repo);
    let (code, text) = transcript(&repo, &["check"]);
    let (json_code, json) = transcript(&repo, &["check", "--format", "json"]);
    assert_eq!(
        code, json_code,
        "{name}: text and JSON agree on the exit code"
    );
    for shown in [&text, &json] {
        assert!(!shown.contains("panicked"), "{name}:\n{shown}");
    }
    let out = tmp.join(format!("{name}-site"));
    let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), code, "{name}: build fails as check does");
    if code == Some(1) {
        assert!(!out.exists(), "{name}: nothing is written on error");
    }
    insta::with_settings!({
        snapshot_path => case,
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => format!("lipsite check on tests/bad-input/{name}"),
    }, {
        insta::assert_snapshot!("text", text);
        insta::assert_snapshot!("json", json);
    });
}

/// Every case in tests/bad-input gives the transcript reviewed for it. A new case is one folder:
/// `INSTA_UPDATE=always cargo test --test bad_input` writes its snapshots to review (or
/// `cargo insta review` with cargo-insta installed).
#[test]
fn every_bad_input_case_shows_the_reviewed_messages() {
    let tmp = tempfile::tempdir().unwrap();
    let base = new_repo(tmp.path());
    let mut cases: Vec<PathBuf> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "the cases are there: {cases:?}");
    let failed: Vec<String> = cases
        .iter()
        .filter(|case| std::panic::catch_unwind(|| run_case(case, &base, tmp.path())).is_err())
        .map(|case| case.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        failed.is_empty(),
        "cases whose messages changed or failed:\n{}",
        failed.join("\n")
    );
}

/// Runs `build` on the repository and returns stderr, asserting failure and an untouched output.
fn fails(repo: &Path) -> String {
    let out = repo.join("public");
    let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "expected failure:\n{err}");
    assert!(!out.exists(), "nothing is written on error");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn scripts_in_markdown_are_removed_and_template_syntax_is_printed() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let about = repo.join("content/en/pages/about.md");
    let text = fs::read_to_string(&about).unwrap();
    fs::write(&about, format!("{text}\n<script>alert('x')</script>\n\n<img src=\"x.png\" alt=\"\" onerror=\"alert(1)\">\n\nKeep {{{{ lang.title }}}} as text.\n")).unwrap();
    let out = tmp.path().join("site");
    build(&repo, &out);
    let html = fs::read_to_string(out.join("en/about/index.html")).unwrap();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(html.contains("Keep {{ lang.title }} as text."), "{html}");
}

#[test]
fn a_huge_file_is_refused_without_being_read() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let huge = repo.join("content/en/pages/huge.md");
    let file = fs::File::create(&huge).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap(); // 50 MB, sparse: lipsite must refuse it by its size
    let err = fails(&repo);
    assert!(err.contains("content/en/pages/huge.md"), "{err}");
    assert!(
        err.contains("the file is 52 MB; lipsite reads text files of up to 4 MB"),
        "{err}"
    );
}

#[test]
fn area_shapes_over_the_size_limit_are_refused_without_being_read() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let shapes = repo.join("data/areas.geojson");
    let file = fs::File::create(&shapes).unwrap();
    file.set_len(lipsite::limits::MAX_TEXT_FILE_BYTES + 1)
        .unwrap(); // sparse
    let err = fails(&repo);
    assert!(err.contains("data/areas.geojson"), "{err}");
    assert!(
        err.contains("the file is 4 MB; lipsite reads text files of up to 4 MB"),
        "{err}"
    );
    assert!(
        !err.contains("no shape"),
        "the size is the one problem: {err}"
    );
}

#[cfg(unix)]
#[test]
fn links_in_a_circle_or_to_nowhere_are_reported_and_never_followed_forever() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let pages = repo.join("content/en/pages");
    std::os::unix::fs::symlink(pages.join("b.md"), pages.join("a.md")).unwrap();
    std::os::unix::fs::symlink(pages.join("a.md"), pages.join("b.md")).unwrap();
    fs::create_dir_all(repo.join("static/img")).unwrap();
    std::os::unix::fs::symlink(repo.join("static"), repo.join("static/img/loop")).unwrap();
    let err = fails(&repo);
    assert!(err.contains("content/en/pages/a.md"), "{err}");
    assert!(err.contains("leads nowhere, or in a circle"), "{err}");
}

#[test]
fn the_home_folder_is_refused_as_output() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let home = tmp.path().join("home");
    fs::create_dir(&home).unwrap();
    fs::write(home.join("notes.txt"), "mine").unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lipsite"))
        .args([
            "build",
            repo.to_str().unwrap(),
            "-o",
            home.to_str().unwrap(),
        ])
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("home folder"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(fs::read_to_string(home.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn check_speaks_json_for_editors_and_ci() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let o = lipsite(&["check", repo.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success());
    let ok: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(ok["ok"], true);
    assert_eq!(ok["site"]["languages"], 2);

    edit(&repo.join("data/plan.yaml"), "start: 2025", "start: soon");
    let o = lipsite(&["check", repo.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let bad: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(bad["ok"], false);
    assert_eq!(bad["errors"], 1);
    let p = &bad["problems"][0];
    assert_eq!(p["severity"], "error");
    assert_eq!(p["file"], "data/plan.yaml");
    assert_eq!(p["message"], "expected a whole number here");
    assert!(p["line"].as_u64().unwrap() > 0 && p["column"].as_u64().unwrap() > 0);
    assert!(p["source_line"].as_str().unwrap().contains("start: soon"));
    assert!(p["hint"].as_str().unwrap().contains("plain number"));
}

#[test]
fn an_interface_word_that_would_leave_the_output_folder_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::create_dir_all(repo.join("i18n")).unwrap();
    fs::write(
        repo.join("i18n/en.yaml"),
        "skip_link: Skip to the content\nstrategy_slug: ../../../escaped\n",
    )
    .unwrap();
    let err = fails(&repo);
    assert!(err.contains("i18n/en.yaml:2:16"), "{err}");
    assert!(err.contains("`../../../escaped`"), "{err}");
    assert!(
        err.contains("lowercase letters without accents, digits and hyphens"),
        "the message says what is allowed:\n{err}"
    );
    // Where `en/../../../escaped` led from the staging folder beside the output (before the fix,
    // `tmp/escaped/index.html` was written), or from the output folder itself.
    for place in [repo.join("escaped"), tmp.path().join("escaped")] {
        assert!(!place.exists(), "{} was written", place.display());
    }
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "check refuses it too");
    assert!(stderr(&o).contains("i18n/en.yaml:2:16"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn links_that_lead_outside_the_repository_are_refused_and_never_read() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let outside = tmp.path().join("elsewhere");
    fs::create_dir_all(outside.join("folder")).unwrap();
    let secret = "LIPSITE_TEST_SECRET=hunter2";
    for name in [
        "secret.md",
        "secret.yaml",
        "secret.html",
        "secret.txt",
        "folder/a.md",
    ] {
        fs::write(outside.join(name), format!("{secret}\n")).unwrap();
    }
    let links = [
        ("secret.md", "content/en/pages/leak.md"),
        ("secret.yaml", "data/leak.yaml"),
        ("secret.yaml", "i18n/fr.yaml"),
        ("secret.html", "templates/leak.html"),
        ("secret.txt", "static/leak.txt"),
        ("folder", "static/shared"),
        ("folder", "content/en/pages/more"),
    ];
    for (target, link) in links {
        fs::create_dir_all(repo.join(link).parent().unwrap()).unwrap();
        symlink(outside.join(target), repo.join(link)).unwrap();
    }
    for command in ["check", "build"] {
        let o = lipsite(&[command, repo.to_str().unwrap()]);
        let (out, err) = (stdout(&o), stderr(&o));
        assert_eq!(o.status.code(), Some(1), "{command}:\n{err}");
        assert!(
            !out.contains("hunter2") && !err.contains("hunter2"),
            "{command} leaks:\n{out}\n{err}"
        );
        for (_, link) in links.iter().filter(|(_, l)| *l != "content/en/pages/more") {
            assert!(
                err.contains(&format!("{link} is a symbolic link to")),
                "{command}, {link}:\n{err}"
            );
        }
        assert!(err.contains("outside the repository"), "{err}");
        assert!(err.contains("copy the file into the repository"), "{err}");
    }
    assert!(!repo.join("public").exists(), "nothing is written");
}

#[cfg(unix)]
#[test]
fn a_configuration_file_linked_from_outside_the_repository_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let outside = tmp.path().join("lipsite.yaml");
    fs::rename(repo.join("lipsite.yaml"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("lipsite.yaml")).unwrap();
    let err = fails(&repo);
    assert!(err.contains("lipsite.yaml is a symbolic link to"), "{err}");
}

#[cfg(unix)]
#[test]
fn links_that_stay_inside_the_repository_are_followed() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::create_dir_all(repo.join("shared/img")).unwrap();
    fs::write(
        repo.join("shared/news.md"),
        "---\ntitle: Shared news\n---\nWritten once.\n",
    )
    .unwrap();
    fs::write(repo.join("shared/img/logo.svg"), "<svg/>").unwrap();
    symlink(
        "../../../shared/news.md",
        repo.join("content/en/pages/news.md"),
    )
    .unwrap();
    fs::create_dir_all(repo.join("static")).unwrap();
    symlink("../shared/img", repo.join("static/img")).unwrap();
    let out = tmp.path().join("site");
    build(&repo, &out);
    let news = page(&out, "en/news/index.html");
    assert_eq!(text(news.select(&sel("h1")).next().unwrap()), "Shared news");
    assert_eq!(
        fs::read_to_string(out.join("img/logo.svg")).unwrap(),
        "<svg/>"
    );
}

#[test]
fn minus_zero_is_shown_as_0() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(
        &repo.join("data/spending.yaml"),
        "outreach: 15000",
        "outreach: -0",
    );
    edit(
        &repo.join("data/context.yaml"),
        "value: 18.5",
        "value: -0.0",
    );
    edit(
        &repo.join("data/evaluation.yaml"),
        "baseline: { value: 61.5, year: 2021 }",
        "baseline: { value: -0.01, year: 2021 }",
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    for rel in [
        "en/spending/index.html",
        "en/context/index.html",
        "en/evaluation/index.html",
        "fr/depenses/index.html",
    ] {
        let Ok(html) = fs::read_to_string(out.join(rel)) else {
            continue;
        };
        let doc = scraper::Html::parse_document(&html);
        let words: String = doc.root_element().text().collect::<Vec<_>>().join(" ");
        for minus in ["-0", "\u{2212}0"] {
            let bad = words.match_indices(minus).any(|(i, _)| {
                !words[i + minus.len()..]
                    .starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
            });
            assert!(!bad, "{rel} shows {minus}: {words}");
        }
    }
    for rel in ["en/spending/spending.csv", "en/evaluation/indicators.csv"] {
        let csv = fs::read_to_string(out.join(rel)).unwrap();
        assert!(
            !csv.contains(",-0,") && !csv.contains(",-0\n"),
            "{rel}: {csv}"
        );
    }
}

#[test]
fn html_nested_too_deeply_is_refused_with_its_line_and_quickly() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let about = repo.join("content/en/pages/about.md");
    let text = fs::read_to_string(&about).unwrap();
    let line = text.lines().count() + 4;
    // 80,000 nested `<div>`: minutes in the HTML sanitizer before it was bounded.
    fs::write(
        &about,
        format!("{text}\nAn intro.\n\n{}\n", "<div>".repeat(80_000)),
    )
    .unwrap();
    let column = 5 * lipsite::limits::MAX_DEPTH + 1;
    edit(
        &repo.join("content/en/context.md"),
        "  - Name another strength,",
        &format!("  - {}Name another strength,", "<b><i>".repeat(40)),
    );
    edit(
        &repo.join("content/en/council.md"),
        "description: Say what this group works on and how often it meets. Replace this text.",
        &format!(
            "description: '{} Say what this group does.'",
            "> ".repeat(2000)
        ),
    );
    let started = std::time::Instant::now();
    let err = fails(&repo);
    let took = started.elapsed();
    // Markdown alone: 2,000 block quotes in a working group's description.
    assert!(
        err.contains("the description of working group `employment-table` nests elements"),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/en/pages/about.md:{line}:{column}")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "this page's text nests elements more than {} levels deep",
            lipsite::limits::MAX_DEPTH
        )),
        "{err}"
    );
    assert!(err.contains("content/en/context.md:"), "{err}");
    assert!(
        err.contains("asset 2 keeps more than 12 formatting elements (`<b>`, `<i>`, `<a>`, `<em>`, `<strong>` ...) open at once"),
        "{err}"
    );
    assert!(err.contains("`</div>`"), "the hint says what to do: {err}");
    // Debug builds on a shared machine: generous; a release build takes milliseconds.
    assert!(took.as_secs() < 20, "took {took:?}");
}

#[test]
fn a_text_with_raw_html_holds_at_most_so_many_elements_so_that_cleaning_it_stays_fast() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let about = repo.join("content/en/pages/about.md");
    let text = fs::read_to_string(&about).unwrap();
    let line = text.lines().count() + 2;
    // A flat 4 MB of raw HTML: over a second in the sanitizer, however shallow.
    let cells = "<span class=\"x\">word</span> ".repeat(140_000);
    fs::write(&about, format!("{text}\n{cells}\n")).unwrap();
    let err = fails(&repo);
    let max = lipsite::limits::MAX_ELEMENTS;
    assert!(
        err.contains(&format!(
            "this page's text holds more than {max} HTML elements"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/en/pages/about.md:{line}:")),
        "{err}"
    );
    assert!(err.contains("split the page"), "{err}");
    // The same words without raw HTML are only Markdown: no limit.
    let words = "word ".repeat(140_000);
    fs::write(&about, format!("{text}\n{words}\n")).unwrap();
    let out = tmp.path().join("site");
    build(&repo, &out);
}
