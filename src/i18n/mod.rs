//! Interface words (navigation, headings, statuses, notices) per language, and locale formats.
//!
//! The theme ships `i18n/<language>.yaml`; a repository's own `i18n/<language>.yaml` overrides
//! single words or adds a language. A word missing in one language falls back to the site's
//! default language, then to English, and `check` says so.

pub(crate) mod bidi;
pub(crate) mod dates;
pub(crate) mod format;

use std::collections::{BTreeMap, HashMap};

use crate::config::{Config, Direction, Language};
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::ids;
use crate::yaml::{self, Spanned};

/// Interface words that become part of a page's address (`/en/strategy/`): each must be one
/// slug, or a translator's word could write files anywhere on the computer.
pub(crate) const ADDRESS_WORDS: [&str; 1] = ["strategy_slug"];

/// The language of a text shown on a page of another language: what its `lang` and `dir` say.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct LangMark {
    pub locale: String,
    pub dir: Direction,
}

impl LangMark {
    pub(crate) fn of(lang: &Language) -> LangMark {
        LangMark {
            locale: lang.locale.clone(),
            dir: lang.direction,
        }
    }

    /// `lang="…" dir="…"`, for an HTML element.
    pub(crate) fn attributes(&self) -> String {
        format!(
            "lang=\"{}\" dir=\"{}\"",
            crate::markdown::escape(&self.locale),
            self.dir.as_str()
        )
    }
}

/// The interface words of one language, with fallbacks already applied.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    map: HashMap<String, String>,
    /// Keys this language lacks and takes from the default language (sorted).
    pub missing: Vec<String>,
    /// How the language is written: values filled into its words are isolated to read right.
    pub direction: Direction,
    /// Where each of the `ADDRESS_WORDS` was read, so two pages at one address can be traced back.
    origins: HashMap<String, WordOrigin>,
}

/// The file and place a word was read from.
#[derive(Debug, Clone)]
pub(crate) struct WordOrigin {
    /// The word file: the theme's or the repository's `i18n/<language>.yaml`.
    pub file: SourceFile,
    /// Where the word's value starts in it.
    pub pos: Pos,
    /// Whether the file is the theme's (which the repository overrides with `i18n/<language>.yaml`).
    pub in_theme: bool,
}

impl Words {
    /// Words given directly as (key, word) pairs, left to right and with no fallbacks.
    #[cfg(test)]
    pub(crate) fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Words {
        Words {
            map: pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            missing: Vec::new(),
            direction: Direction::Ltr,
            origins: HashMap::new(),
        }
    }

    /// Where the word for `key` was read, for the `ADDRESS_WORDS`.
    pub(crate) fn origin(&self, key: &str) -> Option<&WordOrigin> {
        self.origins.get(key)
    }

    /// The word for `key`. Every key lipsite asks for is in the theme's English words, which
    /// every language falls back to (`tests/words.rs` checks the code and the templates against
    /// the theme), so a missing key is a mistake in lipsite: in a debug build (and the tests) it
    /// stops the build; a release build shows the key itself rather than nothing.
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        match self.map.get(key) {
            Some(word) => word,
            None => {
                debug_assert!(false, "the interface word `{key}` is not in the theme");
                key
            }
        }
    }

    /// The word for `key` with `{name}` placeholders filled in, each value isolated where the
    /// language's direction would reorder it (a fiscal year in Arabic, an Arabic name in English).
    pub(crate) fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
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
    pub(crate) fn isolate(&self, value: &str) -> String {
        bidi::isolate(self.direction, value)
    }

    pub(crate) fn map(&self) -> &HashMap<String, String> {
        &self.map
    }
}

/// The word files available: the theme's, then the repository's, by file stem.
pub(crate) struct WordFiles<'a> {
    pub theme: &'a BTreeMap<String, SourceFile>,
    pub repository: &'a BTreeMap<String, SourceFile>,
}

/// One language's words as its files give them, theme first, with where the address words are.
#[derive(Clone, Default)]
struct Layer {
    map: HashMap<String, String>,
    origins: HashMap<String, WordOrigin>,
}

impl Layer {
    /// Reads the theme's and the repository's word files of `code`. An address word that is not
    /// one slug is an error at its place, and is left out.
    fn read(code: &str, files: &WordFiles, problems: &mut Problems) -> Layer {
        let mut layer = Layer::default();
        for (source, in_theme) in [(files.theme, true), (files.repository, false)] {
            let Some(file) = source.get(code) else {
                continue;
            };
            let words = match yaml::parse::<BTreeMap<String, Spanned<String>>>(file, &file.text, 1)
            {
                Ok(words) => words,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            for (key, word) in words {
                let pos = yaml::pos_of(&word, 1);
                if ADDRESS_WORDS.contains(&key.as_str()) {
                    if let Err(p) = address_word(file, pos, &key, &word.value) {
                        problems.push(p);
                        continue;
                    }
                    let origin = WordOrigin {
                        file: file.clone(),
                        pos,
                        in_theme,
                    };
                    layer.origins.insert(key.clone(), origin);
                }
                layer.map.insert(key, word.value);
            }
        }
        layer
    }

    /// `other`'s words where this layer has none.
    fn under(mut self, other: &Layer) -> Layer {
        for (key, word) in &other.map {
            if !self.map.contains_key(key) {
                self.map.insert(key.clone(), word.clone());
                if let Some(origin) = other.origins.get(key) {
                    self.origins.insert(key.clone(), origin.clone());
                }
            }
        }
        self
    }
}

/// Checks a word that becomes part of an address: one slug, never a path.
fn address_word(file: &SourceFile, pos: Pos, key: &str, word: &str) -> Result<(), Problem> {
    if ids::is_slug(word) {
        return Ok(());
    }
    Err(file
        .error(
            pos,
            format!(
                "`{word}` cannot be `{key}`: this word is the last part of a page's address, so it must be one word of {}",
                ids::SLUG_RULE
            ),
        )
        .hint("write one word such as `strategy` or `strategie`, without `/`, `\\`, dots or spaces: the page is then at /<language>/<word>/"))
}

/// Words for every configured language, in the order of `config.languages`.
pub(crate) fn words_for(config: &Config, files: &WordFiles, problems: &mut Problems) -> Vec<Words> {
    let default = &config.default_language().code;
    let mut cache: HashMap<String, Layer> = HashMap::new();
    let mut layer = |code: &str, problems: &mut Problems| -> Layer {
        cache
            .entry(code.to_string())
            .or_insert_with(|| Layer::read(code, files, problems))
            .clone()
    };
    let english = layer("en", problems);
    let fallback = layer(default, problems);
    config
        .languages
        .iter()
        .map(|lang| {
            let own = layer(&lookup_code(lang, files), problems);
            if own.map.is_empty() {
                problems.push(
                    Problem::about_path(std::path::Path::new("i18n"), format!("the theme has no interface words in {}; the default language's words are used", lang.name))
                        .hint(format!("translate themes/default/i18n/en.yaml into i18n/{}.yaml in the repository", lang.code))
                        .as_warning(),
                );
            }
            let mut missing: Vec<String> = if lang.code == *default { Vec::new() } else { fallback.map.keys().filter(|k| !own.map.contains_key(*k)).cloned().collect() };
            missing.sort();
            if !missing.is_empty() && !own.map.is_empty() {
                if let Some(file) = files.repository.get(&lang.code).or(files.theme.get(&lang.code)) {
                    let shown: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
                    problems.push(
                        file.warning(Pos::FILE, format!("{} interface words are missing in {} ({}{}); the default language's are used", missing.len(), lang.name, shown.join(", "), if missing.len() > 5 { ", …" } else { "" }))
                            .hint("compare this file with the default language's and add the missing keys"),
                    );
                }
            }
            let all = own.under(&fallback).under(&english);
            Words {
                map: all.map,
                missing,
                direction: lang.direction,
                origins: all.origins,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> (BTreeMap<String, SourceFile>, BTreeMap<String, SourceFile>) {
        let theme = BTreeMap::from([(
            "en".to_string(),
            SourceFile::new("themes/default/i18n/en.yaml", "strategy_slug: strategy\n"),
        )]);
        let repository = BTreeMap::from([(
            "en".to_string(),
            SourceFile::new("i18n/en.yaml", text.to_string()),
        )]);
        (theme, repository)
    }

    #[test]
    fn an_address_word_that_is_not_one_slug_is_refused_at_its_place() {
        for bad in [
            "../../x",
            "a/b",
            "a\\\\b",
            "\"..\"",
            "\".\"",
            "\"a b\"",
            "\"a\\tb\"",
            "\"\"",
            "\"\\e\"",
        ] {
            let (theme, repository) = files(&format!("skip_link: Skip\nstrategy_slug: {bad}\n"));
            let mut problems = Problems::default();
            let words = WordFiles {
                theme: &theme,
                repository: &repository,
            };
            let layer = Layer::read("en", &words, &mut problems);
            let p = problems.into_sorted();
            assert_eq!(p.len(), 1, "{bad}: {p:?}");
            assert_eq!(p[0].location(), "i18n/en.yaml:2:16", "{bad}");
            assert!(p[0]
                .message
                .contains("lowercase letters without accents, digits and hyphens"));
            assert_eq!(
                layer.map["strategy_slug"], "strategy",
                "{bad}: the theme's word stays"
            );
        }
    }

    #[test]
    fn an_address_word_remembers_the_file_and_line_it_came_from() {
        let (theme, repository) = files("strategy_slug: plan\n");
        let words = WordFiles {
            theme: &theme,
            repository: &repository,
        };
        let layer = Layer::read("en", &words, &mut Problems::default());
        let origin = &layer.origins["strategy_slug"];
        assert_eq!(origin.file.path, std::path::Path::new("i18n/en.yaml"));
        assert_eq!(origin.pos, Pos::new(1, 16));
        assert!(!origin.in_theme);
    }
}
