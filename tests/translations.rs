//! The translator's workflow on a three-language fixture: English complete, French complete but
//! with one page whose source changed since it was stamped, Arabic partial.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn fixture(tmp: &Path) -> PathBuf {
    let repo = tmp.join("trilingual");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trilingual"),
        &repo,
    );
    repo
}

fn report_json(repo: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["translations", repo.to_str().unwrap(), "--json"];
    args.extend(extra);
    let o = lipsite(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn language<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    report["languages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["code"] == code)
        .unwrap()
}

fn strings(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            x.as_str().map(String::from).unwrap_or_else(|| {
                format!(
                    "{} {}",
                    x["item"].as_str().unwrap(),
                    x["id"].as_str().unwrap()
                )
            })
        })
        .collect()
}

#[test]
fn the_report_lists_exactly_what_is_missing_and_outdated() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path());
    let r = report_json(&repo, &[]);
    assert_eq!(r["source_language"], "en");
    let fr = language(&r, "fr");
    assert_eq!(fr["outdated"][0]["file"], "content/fr/vision.md");
    assert_eq!(fr["outdated"][0]["source"], "content/en/vision.md");
    assert_eq!(fr["outdated"].as_array().unwrap().len(), 1);
    for key in [
        "missing_files",
        "missing_text",
        "stale_text",
        "unstamped",
        "missing_words",
    ] {
        assert!(
            fr[key].as_array().unwrap().is_empty(),
            "fr {key}: {}",
            fr[key]
        );
    }
    let ar = language(&r, "ar");
    let mut missing = strings(ar, "missing_files");
    missing.sort();
    let expected: Vec<String> = [
        "action-plan",
        "council",
        "evaluation",
        "outreach",
        "research",
        "spending",
        "vision",
    ]
    .iter()
    .map(|p| format!("content/ar/{p}.md"))
    .collect();
    assert_eq!(missing, expected);
    let mut texts = strings(ar, "missing_text");
    texts.sort();
    assert_eq!(
        texts,
        vec![
            "partner ircc",
            "priority belonging",
            "service location job-hub"
        ]
    );
    assert_eq!(strings(ar, "stale_text"), vec!["figure old-figure"]);
    assert_eq!(ar["stale_text"][0]["line"], 11);
    assert!(ar["outdated"].as_array().unwrap().is_empty());
    assert!(
        ar["missing_words"].as_array().unwrap().is_empty(),
        "the theme ships Arabic words"
    );

    let text = stdout(&lipsite(&["translations", repo.to_str().unwrap()]));
    assert!(text.contains("Français (fr): 1 outdated page"), "{text}");
    assert!(text.contains("outdated        content/fr/vision.md  (content/en/vision.md changed since it was translated)"), "{text}");
    assert!(
        text.contains("stale text      content/ar/context.md:11  figure `old-figure`"),
        "{text}"
    );
}

#[test]
fn strict_fails_until_the_translator_stamps_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path());
    let r = repo.to_str().unwrap();
    assert_eq!(lipsite(&["translations", r]).status.code(), Some(0));
    assert_eq!(
        lipsite(&["translations", r, "--strict"]).status.code(),
        Some(1)
    );
    assert_eq!(
        lipsite(&["translations", r, "--lang", "fr", "--strict"])
            .status
            .code(),
        Some(1)
    );

    let out = tmp.path().join("site");
    build(&repo, &out);
    let before = page(&out, "fr/vision/index.html");
    let notice = before
        .select(&sel(".notice.outdated"))
        .next()
        .expect("an outdated notice");
    assert!(
        text(notice).contains("n'est peut-être plus à jour"),
        "{}",
        text(notice)
    );
    let link = notice.select(&sel("a")).next().unwrap();
    assert_eq!(link.value().attr("href"), Some("/en/vision/"));
    assert_eq!(link.value().attr("lang"), Some("en-CA"));
    assert!(
        page(&out, "fr/contexte/index.html")
            .select(&sel(".notice"))
            .next()
            .is_none(),
        "up-to-date pages have no notice"
    );

    let vision = repo.join("content/fr/vision.md");
    let o = lipsite(&["translations", r, "--stamp", vision.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("stamped "), "{}", stdout(&o));
    assert_eq!(
        lipsite(&["translations", r, "--lang", "fr", "--strict"])
            .status
            .code(),
        Some(0)
    );
    assert!(language(&report_json(&repo, &[]), "fr")["outdated"]
        .as_array()
        .unwrap()
        .is_empty());
    build(&repo, &out);
    assert!(page(&out, "fr/vision/index.html")
        .select(&sel(".notice"))
        .next()
        .is_none());
}

#[test]
fn stamping_a_source_page_or_a_file_outside_the_content_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path());
    let r = repo.to_str().unwrap();
    let source = repo.join("content/en/vision.md");
    let o = lipsite(&["translations", r, "--stamp", source.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("source language"), "{}", stderr(&o));
    let config = repo.join("lipsite.yaml");
    let o = lipsite(&["translations", r, "--stamp", config.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not in the repository's content/ folder"),
        "{}",
        stderr(&o)
    );
}

/// Runs lipsite in the folder `cwd`, as a translator types it there.
fn lipsite_in(cwd: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lipsite"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("lipsite runs")
}

#[test]
fn a_page_to_stamp_is_found_in_the_repository_or_else_in_the_current_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path());
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    // As the help shows: the path inside the repository, from any folder.
    let o = lipsite_in(
        &elsewhere,
        &[
            "translations",
            repo.to_str().unwrap(),
            "--stamp",
            "content/fr/vision.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("stamped content/fr/vision.md as following content/en/vision.md"),
        "{}",
        stdout(&o)
    );
    // As a shell completes it from the folder above: the path from the current folder.
    edit(
        &repo.join("content/en/context.md"),
        "\n---\n",
        "\n---\nA new first line.\n\n",
    );
    assert_eq!(
        language(&report_json(&repo, &[]), "fr")["outdated"][0]["file"],
        "content/fr/context.md"
    );
    let o = lipsite_in(
        tmp.path(),
        &[
            "translations",
            "trilingual",
            "--stamp",
            "trilingual/content/fr/context.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("stamped content/fr/context.md as following content/en/context.md"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        language(&report_json(&repo, &[]), "fr")["outdated"],
        serde_json::json!([])
    );
    // A page in neither place is named as it was typed.
    let o = lipsite_in(
        &elsewhere,
        &[
            "translations",
            repo.to_str().unwrap(),
            "--stamp",
            "content/fr/nowhere.md",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("content/fr/nowhere.md"),
        "{}",
        stderr(&o)
    );
}

/// Stamps one translated page, asserting success.
fn stamp(repo: &Path, page: &Path) {
    let o = lipsite(&[
        "translations",
        repo.to_str().unwrap(),
        "--stamp",
        page.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("stamped "), "{}", stdout(&o));
}

#[test]
fn a_byte_order_mark_in_the_source_or_the_translation_does_not_outdate_a_stamped_page() {
    const BOM: &str = "\u{feff}";
    // The source page, the translation, or both, saved by an editor that writes a byte-order mark.
    for (source_bom, translation_bom) in [(true, false), (false, true), (true, true)] {
        let case =
            format!("BOM in the source: {source_bom}, in the translation: {translation_bom}");
        let tmp = tempfile::tempdir().unwrap();
        let repo = fixture(tmp.path());
        let source = repo.join("content/en/vision.md");
        let vision = repo.join("content/fr/vision.md");
        for (path, bom) in [(&source, source_bom), (&vision, translation_bom)] {
            if bom {
                let text = std::fs::read_to_string(path).unwrap();
                std::fs::write(path, format!("{BOM}{text}")).unwrap();
            }
        }
        stamp(&repo, &vision);
        let stamped = std::fs::read_to_string(&vision).unwrap();
        assert_eq!(
            stamped.starts_with(BOM),
            translation_bom,
            "{case}: {stamped:?}"
        );
        assert_eq!(
            stamped.matches("translated_from:").count(),
            1,
            "{case}: {stamped}"
        );
        let report = report_json(&repo, &[]);
        let fr = language(&report, "fr");
        assert!(
            fr["outdated"].as_array().unwrap().is_empty(),
            "{case}: {}",
            fr["outdated"]
        );
        let out = tmp.path().join("site");
        build(&repo, &out);
        assert!(
            page(&out, "fr/vision/index.html")
                .select(&sel(".notice"))
                .next()
                .is_none(),
            "{case}: the stamped page shows no outdated notice"
        );
    }
}

#[cfg(unix)]
#[test]
fn stamping_keeps_the_file_s_permissions_and_hard_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path());
    let vision = repo.join("content/fr/vision.md");
    std::fs::set_permissions(&vision, std::fs::Permissions::from_mode(0o640)).unwrap();
    // A second name for the same file, as a translator's backup or a shared folder might keep.
    let link = tmp.path().join("vision-fr.md");
    std::fs::hard_link(&vision, &link).unwrap();
    let inode = std::fs::metadata(&vision).unwrap().ino();

    stamp(&repo, &vision);

    let meta = std::fs::metadata(&vision).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert_eq!(meta.ino(), inode, "the page is still the same file");
    let stamped = std::fs::read_to_string(&vision).unwrap();
    assert!(
        !stamped.contains("translated_from: 6f7715e2d345"),
        "{stamped}"
    );
    assert_eq!(std::fs::read_to_string(&link).unwrap(), stamped);
}

#[test]
fn arabic_pages_are_right_to_left_with_arabic_notices_for_missing_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&fixture(tmp.path()), &out);
    let ctx = page(&out, "ar/context/index.html");
    let html = ctx.select(&sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("ar"));
    assert_eq!(html.value().attr("dir"), Some("rtl"));
    assert_eq!(
        text(ctx.select(&sel(".skip-link")).next().unwrap()),
        "انتقل إلى المحتوى الرئيسي"
    );

    let notice = page(&out, "ar/vision/index.html");
    assert_eq!(
        notice
            .select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("dir"),
        Some("rtl")
    );
    let box_ = notice
        .select(&sel(".notice"))
        .next()
        .expect("a notice page, not a dropped page");
    assert!(
        text(box_).contains("العربية")
            || text(box_)
                .chars()
                .any(|c| ('\u{600}'..='\u{6ff}').contains(&c)),
        "the notice is in Arabic: {}",
        text(box_)
    );
    let links: Vec<(&str, &str)> = box_
        .select(&sel("a"))
        .map(|a| {
            (
                a.value().attr("href").unwrap(),
                a.value().attr("lang").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        links,
        vec![("/en/vision/", "en-CA"), ("/fr/vision/", "fr-CA")]
    );

    let pri = page(&out, "ar/priorities/index.html");
    let fallback = pri
        .select(&sel("#priority-belonging-title span[lang]"))
        .next()
        .expect("English words, marked");
    assert_eq!(fallback.value().attr("lang"), Some("en-CA"));
    assert_eq!(fallback.value().attr("dir"), Some("ltr"));
}

#[test]
fn the_switcher_leads_to_the_same_page_in_every_language_named_in_that_language() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&fixture(tmp.path()), &out);
    let names = [
        ("en-CA", "English"),
        ("fr-CA", "Français"),
        ("ar", "العربية"),
    ];
    for file in html_files(&out) {
        let rel = rel_path(&out, &file);
        if rel == "index.html" || rel == "404.html" {
            continue;
        }
        let doc = page(&out, &rel);
        let own = format!("/{}", rel.trim_end_matches("index.html"));
        let switcher: Vec<_> = doc.select(&sel("nav.languages a")).collect();
        assert_eq!(switcher.len(), 2, "{rel}");
        for a in switcher {
            let href = a.value().attr("href").unwrap();
            let locale = a.value().attr("lang").unwrap();
            let expected_name = names.iter().find(|(l, _)| *l == locale).unwrap().1;
            assert_eq!(text(a), expected_name, "{rel}");
            let target = file_for(&out, "/", href).unwrap_or_else(|| panic!("{rel}: {href}"));
            let back = page(&out, &rel_path(&out, &target));
            let returns = back
                .select(&sel("nav.languages a"))
                .any(|b| b.value().attr("href") == Some(own.as_str()));
            assert!(returns, "{rel} → {href} does not lead back");
        }
        let x_default = doc.select(&sel("link[hreflang=x-default]")).next();
        if let Some(x) = x_default {
            assert_eq!(x.value().attr("href"), Some("https://example.org/"));
        }
    }
}

#[test]
fn the_configuration_can_show_the_original_page_instead_of_a_notice() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path());
    edit(
        &repo.join("lipsite.yaml"),
        "root: chooser",
        "root: chooser\nmissing_pages: source",
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "ar/vision/index.html");
    let html = doc.select(&sel("html")).next().unwrap();
    assert_eq!(
        html.value().attr("lang"),
        Some("en-CA"),
        "the page's words are English, and say so"
    );
    let notice = doc.select(&sel(".notice")).next().unwrap();
    assert_eq!(notice.value().attr("lang"), Some("ar"));
    assert_eq!(notice.value().attr("dir"), Some("rtl"));
    let english = std::fs::read_to_string(repo.join("content/en/vision.md")).unwrap();
    let first_words: String = english
        .split("---")
        .nth(2)
        .unwrap()
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text(doc.select(&sel("main")).next().unwrap()).contains(&first_words),
        "{first_words}"
    );
    let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
    assert_eq!(
        canonical.value().attr("href"),
        Some("https://example.org/en/vision/")
    );
}

#[test]
fn interface_words_missing_in_a_language_fall_back_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(
        &repo.join("lipsite.yaml"),
        "  fr:\n",
        "  de:\n    locale: de-CA\n    name: Deutsch\n    title: Unsere Partnerschaft\n  fr:\n",
    );
    copy_dir(&repo.join("content/fr"), &repo.join("content/de"));
    std::fs::create_dir_all(repo.join("i18n")).unwrap();
    std::fs::write(
        repo.join("i18n/de.yaml"),
        "skip_link: Zum Inhalt springen\n",
    )
    .unwrap();
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("interface words are missing in Deutsch"),
        "{}",
        stderr(&o)
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "de/index.html");
    assert_eq!(
        text(doc.select(&sel(".skip-link")).next().unwrap()),
        "Zum Inhalt springen"
    );
    let nav_label = doc
        .select(&sel("nav.sections"))
        .next()
        .unwrap()
        .value()
        .attr("aria-label")
        .unwrap()
        .to_string();
    assert_eq!(
        nav_label, "Sections of the strategy",
        "a missing word comes from the default language"
    );
    let r = report_json(&repo, &["--lang", "de"]);
    let missing = language(&r, "de")["missing_words"]
        .as_array()
        .unwrap()
        .len();
    assert!(missing > 100, "{missing}");
}

#[test]
fn an_optional_text_left_out_of_a_translation_is_reported_and_shown_in_the_source_language() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("content/fr/priorities.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let (head, rest) = text.split_once("  belonging:").unwrap();
    let without_summary: String = head
        .lines()
        .filter(|l| !l.starts_with("    summary:") && !l.starts_with("      Expliquez"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&file, format!("{without_summary}  belonging:{rest}")).unwrap();
    let report = report_json(&repo, &[]);
    assert_eq!(
        strings(language(&report, "fr"), "missing_text"),
        ["priority summary employment"]
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "fr/priorites/index.html");
    let summary = doc
        .select(&sel("#priority-employment div[lang]"))
        .next()
        .expect("the English summary, marked");
    assert_eq!(summary.value().attr("lang"), Some("en-CA"));
}
