//! Helpers shared by the integration tests: running the binary, making fixture repositories, and
//! reading the built site as a reader's browser would.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub(crate) fn lipsite(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lipsite"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("lipsite runs")
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub(crate) fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example")
}

/// A fresh copy of the starter repository that `lipsite new` writes, to mutate in a test.
pub(crate) fn new_repo(tmp: &Path) -> PathBuf {
    let dir = tmp.join("strategy");
    let o = lipsite(&["new", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

/// Gives a repository made by `lipsite new` outreach activities: `data/outreach.yaml` with
/// `activities`, which names only `fair`, and that name in English and French.
pub(crate) fn add_outreach(repo: &Path, activities: &str) {
    fs::write(repo.join("data/outreach.yaml"), activities).unwrap();
    for (lang, name) in [
        ("en", "Newcomer fair"),
        ("fr", "Salon des nouveaux arrivants"),
    ] {
        let labels = repo.join(format!("content/{lang}/labels.yaml"));
        let text = fs::read_to_string(&labels).unwrap();
        fs::write(&labels, format!("{text}\noutreach:\n  fair: {name}\n")).unwrap();
    }
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Replaces the first occurrence of `from` in a file, failing the test if it is absent.
pub(crate) fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Builds `repo` into `out`, asserting success; returns the summary line.
pub(crate) fn build(repo: &Path, out: &Path) -> String {
    let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    stdout(&o)
}

pub(crate) fn page(out: &Path, rel: &str) -> Html {
    let path = out.join(rel);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub(crate) fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The visible text of an element, with white space folded.
pub(crate) fn text(el: scraper::ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn html_files(out: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    files
}

/// A built file's path inside the output folder, with `/` separators: `fr/contexte/index.html`.
pub(crate) fn rel_path(out: &Path, file: &Path) -> String {
    file.strip_prefix(out)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// The file a root-relative URL path (`/fr/contexte/`) is served from.
pub(crate) fn file_for(out: &Path, base_path: &str, url_path: &str) -> Option<PathBuf> {
    let rel = url_path.strip_prefix(base_path)?;
    let candidate = if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    };
    candidate.is_file().then_some(candidate)
}
