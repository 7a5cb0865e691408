//! The benchmark's generator of large strategies (`examples/generate.rs`): the same seed writes the
//! same repository, and what it writes is a valid strategy whose free pages read like long strategy
//! pages (about 600 words, headings, a list, a table, a dozen links).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// `cargo test` builds the examples beside the test binaries, in target/<profile>/examples/
/// (`cargo test --test generator` alone does not: run `cargo build --examples` first).
fn generate(args: &[&str]) -> std::process::Output {
    let exe = std::env::current_exe().unwrap();
    let examples = exe.parent().unwrap().parent().unwrap().join("examples");
    let generator = examples.join(format!("generate{}", std::env::consts::EXE_SUFFIX));
    Command::new(&generator)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", generator.display()))
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_same_seed_writes_the_same_strategy_and_another_seed_another() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = |name: &str| tmp.path().join(name);
    for (name, seed) in [("a", "7"), ("b", "7"), ("c", "8")] {
        let out = dir(name);
        let o = generate(&[
            "--pages",
            "5",
            "--seed",
            seed,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert_eq!(tree(&dir("a")), tree(&dir("b")));
    assert_ne!(tree(&dir("a")), tree(&dir("c")));
}

#[test]
fn generated_pages_build_and_read_like_long_strategy_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("big");
    let hugo = tmp.path().join("hugo");
    let o = generate(&[
        "--pages",
        "12",
        "--out",
        repo.to_str().unwrap(),
        "--hugo",
        hugo.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = tmp.path().join("site");
    build(&repo, &out);
    for lang in ["en", "fr"] {
        for n in 0..12 {
            let page = page(&out, &format!("{lang}/page-{n:05}/index.html"));
            let main = page.select(&sel("main")).next().unwrap();
            let words = text(main).split_whitespace().count();
            assert!(
                (450..=900).contains(&words),
                "{lang} page {n}: {words} words"
            );
            assert!(main.select(&sel("h2, h3")).count() >= 2, "{lang} page {n}");
            assert!(
                main.select(&sel("ul li, ol li")).count() >= 3,
                "{lang} page {n}"
            );
            assert_eq!(main.select(&sel("table")).count(), 1, "{lang} page {n}");
            let links = main.select(&sel("a[href]")).count();
            assert!(links >= 12, "{lang} page {n}: {links} links");
        }
    }
    // Hugo gets the same pages, in both languages.
    let hugo_pages = walkdir::WalkDir::new(hugo.join("content"))
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    assert!(hugo_pages >= 24, "{hugo_pages}");
}

#[test]
fn the_generator_never_replaces_a_folder_it_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let precious = tmp.path().join("documents");
    fs::create_dir_all(&precious).unwrap();
    fs::write(precious.join("letter.txt"), "keep me").unwrap();
    let o = generate(&["--pages", "1", "--out", precious.to_str().unwrap()]);
    assert!(!o.status.success());
    assert_eq!(
        fs::read_to_string(precious.join("letter.txt")).unwrap(),
        "keep me"
    );
}
