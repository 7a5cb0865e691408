//! Mistakes a coordinator or translator makes: each gets exit code 1, a message naming the file,
//! line and column with a hint, every error of the run at once, and nothing written.

mod common;

use std::fs;
use std::path::Path;

use common::*;

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
fn malformed_yaml_names_the_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let plan = repo.join("data/plan.yaml");
    let text = fs::read_to_string(&plan).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("start:"))
        .unwrap()
        + 1;
    edit(&plan, "start: 2025", "start: [2025");
    let err = fails(&repo);
    assert!(err.contains(&format!("data/plan.yaml:{line}:")), "{err}");
}

#[test]
fn a_wrong_type_says_what_to_write() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(&repo.join("data/plan.yaml"), "start: 2025", "start: soon");
    let err = fails(&repo);
    assert!(err.contains("expected a whole number"), "{err}");
    assert!(err.contains("data/plan.yaml:"), "{err}");
}

#[test]
fn unknown_and_duplicate_ids_are_all_reported_in_one_run() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let ap = repo.join("data/action-plan.yaml");
    let text = fs::read_to_string(&ap).unwrap();
    let priority_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("priority:"))
        .unwrap()
        .to_string();
    let known = priority_line.split(':').nth(1).unwrap().trim().to_string();
    let typo = format!("{}x", known);
    edit(&ap, &priority_line, &priority_line.replace(&known, &typo));
    let line_of_typo = text.lines().position(|l| l == priority_line).unwrap() + 1;

    let pri = repo.join("data/priorities.yaml");
    let ptext = fs::read_to_string(&pri).unwrap();
    let first_id = ptext
        .lines()
        .find(|l| l.trim_start().starts_with("- id:"))
        .unwrap()
        .to_string();
    fs::write(&pri, format!("{ptext}\n{first_id}\n")).unwrap();

    let err = fails(&repo);
    assert!(
        err.contains(&format!("there is no priority `{typo}`")),
        "{err}"
    );
    assert!(
        err.contains(&format!("data/action-plan.yaml:{line_of_typo}:")),
        "{err}"
    );
    assert!(err.contains(&format!("did you mean `{known}`?")), "{err}");
    assert!(err.contains("is used twice"), "{err}");
    assert!(err.contains("2 errors found"), "{err}");
}

#[test]
fn a_missing_required_section_or_data_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::remove_file(repo.join("content/en/vision.md")).unwrap();
    fs::remove_file(repo.join("data/evaluation.yaml")).unwrap();
    let err = fails(&repo);
    assert!(err.contains("content/en/vision.md"), "{err}");
    assert!(err.contains("data/evaluation.yaml is missing"), "{err}");
}

#[test]
fn text_for_an_id_that_does_not_exist_points_at_the_key() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("content/en/priorities.md");
    let text = fs::read_to_string(&file).unwrap();
    edit(
        &file,
        "priorities:\n",
        "priorities:\n  no-such-priority:\n    title: Ghost\n",
    );
    let line = text.lines().position(|l| l == "priorities:").unwrap() + 2;
    let err = fails(&repo);
    assert!(
        err.contains(&format!("content/en/priorities.md:{line}:3")),
        "{err}"
    );
    assert!(
        err.contains("there is no priority `no-such-priority`"),
        "{err}"
    );
}

#[test]
fn shares_that_do_not_add_up_and_negative_amounts_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let research = repo.join("data/research.yaml");
    let text = fs::read_to_string(&research).unwrap();
    let share = text
        .lines()
        .find(|l| l.trim_start().starts_with("share:"))
        .unwrap()
        .to_string();
    edit(
        &research,
        &share,
        &format!("{}share: 99", &share[..share.find("share").unwrap()]),
    );
    let spending = repo.join("data/spending.yaml");
    let stext = fs::read_to_string(&spending).unwrap();
    let amount_line = stext
        .lines()
        .find(|l| l.contains(": ") && l.trim_end().ends_with('0') && !l.contains("year"))
        .unwrap()
        .to_string();
    let (key, _) = amount_line.split_once(": ").unwrap();
    edit(&spending, &amount_line, &format!("{key}: -5"));
    let err = fails(&repo);
    assert!(err.contains("add up to"), "{err}");
    assert!(err.contains("is negative"), "{err}");
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("content/fr/vision.md");
    let mut bytes = fs::read(&file).unwrap();
    bytes.extend_from_slice(b"\nVision \xe9t\xe9\n");
    fs::write(&file, bytes).unwrap();
    let err = fails(&repo);
    assert!(err.contains("content/fr/vision.md:"), "{err}");
    assert!(err.contains("not UTF-8"), "{err}");
}

#[test]
fn front_matter_mistakes_are_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("content/en/vision.md");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("---\n", "", 1)).unwrap();
    let err = fails(&repo);
    assert!(err.contains("content/en/vision.md:1:1"), "{err}");
    assert!(err.contains("does not start with front matter"), "{err}");
}

#[test]
fn an_empty_file_is_an_error_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::write(repo.join("data/priorities.yaml"), "").unwrap();
    let err = fails(&repo);
    assert!(err.contains("data/priorities.yaml:1:1"), "{err}");
    assert!(err.contains("empty"), "{err}");
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
fn a_spending_year_that_is_not_a_number_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("data/spending.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let year_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("- year:"))
        .unwrap()
        .to_string();
    let line = text.lines().position(|l| l == year_line).unwrap() + 1;
    edit(
        &file,
        &year_line,
        &year_line.replace(
            year_line.trim_start().trim_start_matches("- year:").trim(),
            "twenty-twenty-five",
        ),
    );
    let err = fails(&repo);
    assert!(
        err.contains(&format!("data/spending.yaml:{line}:")),
        "{err}"
    );
    assert!(err.contains("expected a whole number"), "{err}");
}

#[test]
fn a_category_without_a_french_label_falls_back_to_english_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let labels = repo.join("content/fr/labels.yaml");
    let text = fs::read_to_string(&labels).unwrap();
    let start = text.find("spending:\n").unwrap() + "spending:\n".len();
    let first = text[start..].lines().next().unwrap().to_string();
    let id = first.trim().split(':').next().unwrap().to_string();
    fs::write(&labels, text.replacen(&format!("{first}\n"), "", 1)).unwrap();
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "the spending category `{id}` has no text in Français"
        )),
        "{}",
        stderr(&o)
    );
    let en_labels = fs::read_to_string(repo.join("content/en/labels.yaml")).unwrap();
    assert!(en_labels.contains(&format!("  {id}:")));
    fs::remove_file(repo.join("content/en/labels.yaml")).unwrap();
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "in the default language a missing label is an error"
    );
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
fn a_yaml_alias_bomb_is_rejected_without_being_expanded() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let mut bomb = String::from("- id: a0\n  themes: &t0 [employment, employment, employment, employment, employment, employment, employment, employment, employment, employment]\n");
    for i in 1..9 {
        let p = i - 1;
        bomb.push_str(&format!("- id: a{i}\n  themes: &t{i} [*t{p}, *t{p}, *t{p}, *t{p}, *t{p}, *t{p}, *t{p}, *t{p}, *t{p}, *t{p}]\n"));
    }
    fs::write(repo.join("data/priorities.yaml"), bomb).unwrap();
    let err = fails(&repo);
    // Refused at the first alias, without expanding anything.
    assert!(err.contains("data/priorities.yaml:4:"), "{err}");
    assert!(
        err.contains("expected one word from a fixed list here"),
        "{err}"
    );
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
fn a_broken_data_file_is_reported_once_not_through_every_text_that_uses_its_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("data/action-plan.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let partners = text
        .lines()
        .find(|l| l.trim_start().starts_with("partners: ["))
        .unwrap()
        .to_string();
    let line = text.lines().position(|l| l == partners).unwrap() + 1;
    edit(&file, &partners, &partners.replace(['[', ']'], ""));
    let err = fails(&repo);
    assert!(
        err.contains(&format!(
            "expected a list here (data/action-plan.yaml:{line}:"
        )),
        "{err}"
    );
    assert!(
        err.contains("1 error found"),
        "only the real mistake is reported:\n{err}"
    );
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
fn an_action_serves_an_objective_or_a_priority_and_the_message_says_which_to_keep() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("data/action-plan.yaml");
    edit(
        &file,
        "    objective: employers-hire\n",
        "    objective: employers-hire\n    priority: employment\n",
    );
    edit(&file, "    objective: newcomers-connected\n", "");
    let text = fs::read_to_string(&file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let both = lines
        .iter()
        .rposition(|l| *l == "    priority: employment")
        .unwrap()
        + 1;
    let err = fails(&repo);
    assert!(
        err.contains(&format!(
            "the action `mentoring-program` has both an objective and a priority (data/action-plan.yaml:{both}:15)"
        )),
        "{err}"
    );
    assert!(
        err.contains("keep `objective:` or `priority:`, not both"),
        "{err}"
    );
    assert!(
        err.contains("the action `welcome-events` serves no objective or priority"),
        "{err}"
    );
}

#[test]
fn a_proper_name_in_a_language_that_does_not_exist_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(
        &repo.join("data/partners.yaml"),
        "- id: ircc\n",
        "- id: ircc\n  name: IRCC\n  name_lang: English\n",
    );
    let err = fails(&repo);
    assert!(err.contains("`English` is not a language"), "{err}");
    assert!(
        err.contains("a language tag such as de or pa-Guru"),
        "{err}"
    );
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

/// Sets the `slug:` of a page (line 4 of every page `lipsite new` writes) and returns where its
/// value is: `content/en/pages/about.md:4:7`.
fn set_slug(repo: &Path, page: &str, slug: &str) -> String {
    let file = repo.join(page);
    let text = fs::read_to_string(&file).unwrap();
    let old = text.lines().find(|l| l.starts_with("slug: ")).unwrap();
    assert_eq!(text.lines().position(|l| l == old), Some(3), "{page}");
    fs::write(&file, text.replacen(old, &format!("slug: {slug}"), 1)).unwrap();
    format!("{page}:4:7")
}

#[test]
fn a_free_page_at_the_address_of_a_section_or_of_the_strategy_names_both_files() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let about = set_slug(&repo, "content/en/pages/about.md", "vision");
    let a_propos = set_slug(&repo, "content/fr/pages/about.md", "strategie");
    let err = fails(&repo);
    assert!(err.contains(&about), "{err}");
    assert!(err.contains("content/en/vision.md:4:7"), "{err}");
    assert!(err.contains(&a_propos), "{err}");
    // The French word for the one-page strategy's address comes from the theme.
    assert!(err.contains("themes/default/i18n/fr.yaml:24:16"), "{err}");
    assert!(err.contains("strategy_slug"), "{err}");
    assert!(!err.contains("would be written to this address"), "{err}");
    assert!(err.contains("2 errors found"), "{err}");
}

#[test]
fn a_free_page_at_the_address_of_a_notice_for_an_untranslated_page_names_both_files() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    // Without a French research page, French readers get a notice at the English slug.
    fs::remove_file(repo.join("content/fr/research.md")).unwrap();
    let a_propos = set_slug(&repo, "content/fr/pages/about.md", "research");
    let err = fails(&repo);
    assert!(err.contains(&a_propos), "{err}");
    assert!(err.contains("content/en/research.md:4:7"), "{err}");
    assert!(err.contains("/fr/research/"), "{err}");
    assert!(err.contains("1 error found"), "{err}");
}

#[test]
fn two_free_pages_or_the_strategy_word_and_a_section_at_one_address_name_both_files() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::write(
        repo.join("content/en/pages/news.md"),
        "---\ntitle: News\nslug: about\n---\nWe met in June.\n",
    )
    .unwrap();
    // French readers get notices for both pages, at the one English address: the mistake is
    // reported once, in English.
    fs::remove_file(repo.join("content/fr/pages/about.md")).unwrap();
    fs::create_dir_all(repo.join("i18n")).unwrap();
    fs::write(repo.join("i18n/en.yaml"), "strategy_slug: vision\n").unwrap();
    let err = fails(&repo);
    assert!(err.contains("content/en/pages/news.md:3:7"), "{err}");
    assert!(err.contains("content/en/pages/about.md:4:7"), "{err}");
    assert!(err.contains("i18n/en.yaml:1:16"), "{err}");
    assert!(err.contains("content/en/vision.md:4:7"), "{err}");
    assert!(err.contains("2 errors found"), "{err}");
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

/// The 1-based line and column of the first `needle` in `file` after the line containing `after`.
fn position_of(file: &Path, after: &str, needle: &str) -> String {
    let text = fs::read_to_string(file).unwrap();
    let start = text.lines().position(|l| l.contains(after)).unwrap();
    let (i, line) = text
        .lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.contains(needle))
        .unwrap();
    format!("{}:{}", i + 1, line.find(needle).unwrap() + 1)
}

#[test]
fn huge_amounts_are_refused_with_their_line_instead_of_publishing_a_total_of_0() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let spending = repo.join("data/spending.yaml");
    edit(&spending, "staff: 120000", "staff: 1e308");
    edit(&spending, "research: 30000", "research: 1e308");
    edit(&spending, "outreach: 15000", "outreach: .inf");
    let err = fails(&repo);
    for key in ["staff: ", "research: ", "outreach: "] {
        let at = position_of(&spending, "amounts:", key);
        let (line, column) = at.split_once(':').unwrap();
        let value_column = column.parse::<usize>().unwrap() + key.len();
        assert!(
            err.contains(&format!("data/spending.yaml:{line}:{value_column}")),
            "{key} at {line}:{value_column}:\n{err}"
        );
    }
    assert!(err.contains("larger than lipsite accepts"), "{err}");
    assert!(
        err.contains("1,000,000,000,000"),
        "the hint says the bound: {err}"
    );
    assert!(err.contains("not a usable number"), "{err}");
}

#[test]
fn huge_counts_figures_indicator_values_and_years_are_refused_with_their_line() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let research = repo.join("data/research.yaml");
    let text = fs::read_to_string(&research).unwrap();
    fs::write(
        &research,
        text.replace("share: 40", "count: 4e15")
            .replace("share: 35", "count: 3")
            .replace("share: 25", "count: 2"),
    )
    .unwrap();
    let evaluation = repo.join("data/evaluation.yaml");
    edit(
        &evaluation,
        "baseline: { value: 61.5, year: 2021 }",
        "baseline: { value: -2e300, year: 2021 }",
    );
    let context = repo.join("data/context.yaml");
    edit(&context, "value: 100000", "value: 1.5e12");
    edit(
        &context,
        "newcomers: 3000",
        "newcomers: 18446744073709551615",
    );
    let spending = repo.join("data/spending.yaml");
    edit(&spending, "- year: 2025", "- year: 65535");
    let err = fails(&repo);
    for (file, after, needle) in [
        (&research, "focus-groups", "4e15"),
        (&evaluation, "employment-rate", "-2e300"),
        (&context, "population", "1.5e12"),
        (&context, "downtown", "18446744073709551615"),
        (&spending, "years:", "65535"),
    ] {
        let at = position_of(file, after, needle);
        let name = file
            .strip_prefix(&repo)
            .unwrap()
            .to_str()
            .unwrap()
            .replace('\\', "/");
        assert!(
            err.contains(&format!("{name}:{at}")),
            "{needle} at {name}:{at}:\n{err}"
        );
    }
    assert!(err.contains("not a year lipsite can show"), "{err}");
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
    let column = 5 * lipsite::markdown::MAX_DEPTH + 1;
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
            lipsite::markdown::MAX_DEPTH
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
    let max = lipsite::markdown::MAX_ELEMENTS;
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

#[test]
fn every_link_that_leads_nowhere_is_reported_in_one_run_at_its_own_line() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let fr_about = repo.join("content/fr/pages/about.md");
    let text = fs::read_to_string(&fr_about).unwrap() + "\nVoir [la vision](@visio).\n";
    let fr_line = text.lines().count();
    fs::write(&fr_about, text).unwrap();
    let plan = repo.join("content/en/action-plan.md");
    edit(
        &plan,
        "      Describe what the action involves and who it serves. Replace this text.",
        "      It serves [our vision](@vision).\n      See [welcome events](@action/welcome-event).",
    );
    let en_line = fs::read_to_string(&plan)
        .unwrap()
        .lines()
        .position(|l| l.contains("@action/welcome-event)"))
        .unwrap()
        + 1;
    let err = fails(&repo);
    assert!(
        err.contains(&format!("content/fr/pages/about.md:{fr_line}:6")),
        "{err}"
    );
    assert!(err.contains("did you mean `@vision`?"), "{err}");
    assert!(
        err.contains(&format!("content/en/action-plan.md:{en_line}:11")),
        "{err}"
    );
    assert!(err.contains("there is no action `welcome-event`"), "{err}");
    assert!(
        err.contains("did you mean `@action/welcome-events`?"),
        "{err}"
    );
    assert!(err.contains("2 errors found"), "{err}");
}
