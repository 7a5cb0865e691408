//! Interface words (navigation, headings, statuses, notices) per language, and locale formats.
//!
//! The theme ships `i18n/<language>.yaml`; a repository's own `i18n/<language>.yaml` overrides
//! single words or adds a language. A word missing in one language falls back to the site's
//! default language, then to English, and `check` says so.

pub mod bidi;
pub mod dates;
pub mod format;

use std::collections::{BTreeMap, HashMap};

use crate::config::{Config, Direction, Language};
use crate::diagnostics::{Pos, Problems, SourceFile};
use crate::yaml;

/// The language of a text shown on a page of another language: what its `lang` and `dir` say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LangMark {
    pub locale: String,
    pub dir: Direction,
}

impl LangMark {
    pub fn of(lang: &Language) -> LangMark {
        LangMark {
            locale: lang.locale.clone(),
            dir: lang.direction,
        }
    }

    /// `lang="…" dir="…"`, for an HTML element.
    pub fn attributes(&self) -> String {
        format!(
            "lang=\"{}\" dir=\"{}\"",
            crate::markdown::escape(&self.locale),
            self.dir.as_str()
        )
    }
}

/// The interface words of one language, with fallbacks already applied.
#[derive(Debug, Clone, Default)]
pub struct Words {
    map: HashMap<String, String>,
    /// Keys this language lacks and takes from the default language (sorted).
    pub missing: Vec<String>,
    /// How the language is written: values filled into its words are isolated to read right.
    pub direction: Direction,
}

impl Words {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Words {
        Words {
            map: pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            missing: Vec::new(),
            direction: Direction::Ltr,
        }
    }

    /// The word for `key`; the key itself if no language has it (visible, so it gets fixed).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The word for `key` with `{name}` placeholders filled in, each value isolated where the
    /// language's direction would reorder it (a fiscal year in Arabic, an Arabic name in English).
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (name, value) in args {
            let placeholder = format!("{{{name}}}");
            if s.contains(&placeholder) {
                s = s.replace(&placeholder, &self.isolate(value));
            }
        }
        s
    }

    /// `value` as it must be written alone or inside this language's text to read right.
    pub fn isolate(&self, value: &str) -> String {
        bidi::isolate(self.direction, value)
    }

    pub fn map(&self) -> &HashMap<String, String> {
        &self.map
    }
}

/// The word files available: the theme's, then the repository's, by file stem.
pub struct WordFiles<'a> {
    pub theme: &'a BTreeMap<String, SourceFile>,
    pub repository: &'a BTreeMap<String, SourceFile>,
}

/// Words for every configured language, in the order of `config.languages`.
pub fn words_for(config: &Config, files: &WordFiles, problems: &mut Problems) -> Vec<Words> {
    let default = &config.default_language().code;
    let mut cache: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut layer = |code: &str, problems: &mut Problems| -> HashMap<String, String> {
        if let Some(m) = cache.get(code) {
            return m.clone();
        }
        let mut map = HashMap::new();
        for source in [files.theme, files.repository] {
            if let Some(file) = source.get(code) {
                match yaml::parse::<BTreeMap<String, String>>(file, &file.text, 1) {
                    Ok(words) => map.extend(words),
                    Err(p) => problems.push(p),
                }
            }
        }
        cache.insert(code.to_string(), map.clone());
        map
    };
    let english = layer("en", problems);
    let fallback = layer(default, problems);
    config
        .languages
        .iter()
        .map(|lang| {
            let own = layer(&lookup_code(lang, files), problems);
            if own.is_empty() {
                problems.push(
                    crate::diagnostics::Problem::about_path(std::path::Path::new("i18n"), format!("the theme has no interface words in {}; the default language's words are used", lang.name))
                        .hint(format!("translate themes/default/i18n/en.yaml into i18n/{}.yaml in the repository", lang.code))
                        .as_warning(),
                );
            }
            let mut missing: Vec<String> = if lang.code == *default { Vec::new() } else { fallback.keys().filter(|k| !own.contains_key(*k)).cloned().collect() };
            missing.sort();
            if !missing.is_empty() && !own.is_empty() {
                if let Some(file) = files.repository.get(&lang.code).or(files.theme.get(&lang.code)) {
                    let shown: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
                    problems.push(
                        file.warning(Pos::FILE, format!("{} interface words are missing in {} ({}{}); the default language's are used", missing.len(), lang.name, shown.join(", "), if missing.len() > 5 { ", …" } else { "" }))
                            .hint("compare this file with the default language's and add the missing keys"),
                    );
                }
            }
            let mut map = english.clone();
            map.extend(fallback.clone());
            map.extend(own);
            Words {
                map,
                missing,
                direction: lang.direction,
            }
        })
        .collect()
}

/// The word file of a language: its own code, or its locale's language (`pa-Guru-CA` → `pa`).
fn lookup_code(lang: &Language, files: &WordFiles) -> String {
    let has = |c: &str| files.theme.contains_key(c) || files.repository.contains_key(c);
    if has(&lang.code) {
        return lang.code.clone();
    }
    let primary = lang
        .locale
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if has(&primary) {
        primary
    } else {
        lang.code.clone()
    }
}
