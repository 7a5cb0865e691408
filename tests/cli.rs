//! The commands as a coordinator uses them: new, check, build, help.

mod common;

use common::*;

#[test]
fn a_new_repository_checks_and_builds_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Checked 2 languages"),
        "{}",
        stdout(&o)
    );
    assert!(!repo.join("public").exists(), "check writes nothing");

    let summary = build(&repo, &repo.join("public"));
    assert!(summary.starts_with("Built 2 languages, "), "{summary}");
    assert!(summary.contains(" ms"), "{summary}");
    assert!(summary.trim_end().ends_with("public"), "{summary}");
    for page in [
        "en/index.html",
        "fr/index.html",
        "en/context/index.html",
        "fr/contexte/index.html",
        "fr/plan-d-action/index.html",
        "404.html",
        "index.html",
    ] {
        assert!(repo.join("public").join(page).is_file(), "{page}");
    }
    let fr = page(&repo.join("public"), "fr/index.html");
    assert_eq!(
        fr.select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("fr-CA")
    );
}

#[test]
fn the_default_output_is_public_inside_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let o = lipsite(&["build", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(repo.join("public/en/index.html").is_file());
}

#[test]
fn new_refuses_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let o = lipsite(&["new", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already has files"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn help_explains_each_command_with_an_example() {
    for cmd in ["build", "check", "new"] {
        let o = lipsite(&[cmd, "--help"]);
        assert!(o.status.success());
        assert!(
            stdout(&o).contains(&format!("lipsite {cmd} ")),
            "{cmd}: {}",
            stdout(&o)
        );
    }
}
