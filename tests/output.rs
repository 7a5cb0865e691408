//! The output folder: replaced atomically, never a folder lipsite did not create.

mod common;

use std::fs;

use common::*;

/// A way to break a repository, for the failure tests.
type Breakage<'a> = (&'a str, &'a dyn Fn(&std::path::Path));

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    // A mistake found while loading, and one found while rendering, when other pages have been
    // written already.
    let breakages: [Breakage; 2] = [
        ("broken YAML", &|repo| {
            edit(
                &repo.join("data/plan.yaml"),
                "start: 2025",
                "start: [broken",
            )
        }),
        ("a template that fails on free pages", &|repo| {
            fs::create_dir_all(repo.join("templates")).unwrap();
            fs::write(
                repo.join("templates/page.html"),
                "{{ throw(message=\"this page cannot be shown\") }}",
            )
            .unwrap();
        }),
    ];
    for (what, break_repo) in breakages {
        let tmp = tempfile::tempdir().unwrap();
        let repo = new_repo(tmp.path());
        let out = tmp.path().join("site");
        build(&repo, &out);
        let before = fs::read_to_string(out.join("en/index.html")).unwrap();
        break_repo(&repo);
        let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{what}");
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            before,
            "{what}"
        );
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("lipsite"))
            .collect();
        assert!(leftovers.is_empty(), "{what}: {leftovers:?}");
    }
}

#[test]
fn a_rebuild_replaces_the_site_and_removes_pages_that_are_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    build(&repo, &out);
    assert!(out.join("en/about/index.html").is_file());
    fs::remove_file(repo.join("content/en/pages/about.md")).unwrap();
    fs::remove_file(repo.join("content/fr/pages/about.md")).unwrap();
    build(&repo, &out);
    assert!(!out.join("en/about/index.html").exists());
}

#[test]
fn a_folder_lipsite_did_not_create_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let foreign = tmp.path().join("documents");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("budget.xlsx"), "precious").unwrap();
    let o = lipsite(&[
        "build",
        repo.to_str().unwrap(),
        "-o",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("did not write"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(foreign.join("budget.xlsx")).unwrap(),
        "precious"
    );
}

#[test]
fn the_repository_itself_and_its_parents_are_refused_as_output() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    for out in [
        repo.clone(),
        tmp.path().to_path_buf(),
        std::path::PathBuf::from("/"),
        repo.join("content/site"),
    ] {
        let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", out.display());
        assert!(repo.join("lipsite.yaml").is_file());
        assert!(repo.join("content/en/home.md").is_file());
    }
}
