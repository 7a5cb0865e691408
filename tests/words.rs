//! Every interface word the code and the templates ask for is in every language's word file of the
//! default theme: a missing key would otherwise reach readers as the bare key (`counts_summary`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lipsite::model::vocab::{Role, ServiceKind, Status, Term, Theme, Welcoming};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path, ext));
        } else if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The string literals that follow `opening` where it starts a word (not `new(` for `w(`).
fn literals_after(text: &str, opening: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices(opening) {
        let before = text[..at].chars().next_back();
        let starts_word = opening.starts_with(|c: char| !c.is_alphanumeric())
            || !before.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let rest = text[at + opening.len()..].trim_start();
        if let (true, Some(rest)) = (starts_word, rest.strip_prefix('"')) {
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_string());
            }
        }
    }
    found
}

/// The keys the Rust code asks for: string literals given to the word look-ups (`words.get`,
/// `words.fill`, and the figures' helpers `w`, `key` and `column_in`), the slug word, and the
/// formats chosen by unit.
fn keys_in_rust() -> BTreeMap<String, String> {
    let openings = [
        "words.get(",
        "words.fill(",
        "w(",
        "key(",
        "column_in(",
        "let key = ",
        "=> ",
        ", ",
    ];
    let mut keys = BTreeMap::new();
    for dir in ["src/render", "src/i18n"] {
        for path in files_under(&root().join(dir), "rs") {
            // Calls split over lines (`self\n.words\n.fill(`) are joined again.
            let text = std::fs::read_to_string(&path).unwrap();
            let text: String = text.lines().map(str::trim).collect();
            let shown = path.strip_prefix(root()).unwrap().display().to_string();
            for opening in openings {
                for key in literals_after(&text, opening) {
                    let is_word = key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || "_.-".contains(c));
                    // `=> ` and `, ` give many literals; only the number formats are words there.
                    let general = !opening.ends_with(' ') || opening == "let key = ";
                    if is_word && !key.is_empty() && (general || key.starts_with("format.")) {
                        keys.insert(key, shown.clone());
                    }
                }
            }
        }
    }
    keys
}

/// The keys the templates ask for: `lang.t.key` and `l.t.key`.
fn keys_in_templates() -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    for path in files_under(&root().join("themes"), "html") {
        let text = std::fs::read_to_string(&path).unwrap();
        let shown = path.strip_prefix(root()).unwrap().display().to_string();
        for opening in ["lang.t.", " l.t.", "{l.t.", "(l.t."] {
            for (at, _) in text.match_indices(opening) {
                let rest = &text[at + opening.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                keys.insert(rest[..end].to_string(), shown.clone());
            }
        }
    }
    keys
}

/// The names of the fixed vocabularies shown to readers: statuses, terms, roles, themes,
/// characteristics and kinds of service (units are shown through the number formats).
fn vocabulary_keys() -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    keys.extend(Status::ALL.iter().map(|v| v.key()));
    keys.extend(Term::ALL.iter().map(|v| v.key()));
    keys.extend(Role::ALL.iter().map(|v| v.key()));
    keys.extend(Theme::ALL.iter().map(|v| v.key()));
    keys.extend(Welcoming::ALL.iter().map(|v| v.key()));
    keys.extend(ServiceKind::ALL.iter().map(|v| v.key()));
    keys
}

fn theme_word_files() -> Vec<(String, BTreeSet<String>)> {
    files_under(&root().join("themes/default/i18n"), "yaml")
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let map: BTreeMap<String, String> = serde_saphyr::from_str(&text).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, map.into_keys().collect())
        })
        .collect()
}

#[test]
fn every_word_the_code_and_the_templates_use_is_in_every_language_of_the_theme() {
    let mut used = keys_in_rust();
    assert!(used.len() > 30, "the scan finds the code's words: {used:?}");
    used.extend(keys_in_templates());
    for key in vocabulary_keys() {
        used.insert(key, "src/model/vocab.rs".into());
    }
    let files = theme_word_files();
    assert!(files.len() >= 4, "{files:?}");
    let mut missing = Vec::new();
    for (file, keys) in &files {
        for (key, used_in) in &used {
            if !keys.contains(key) {
                missing.push(format!("{key} (used in {used_in}) is not in {file}"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
