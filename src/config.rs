//! `lipsite.yaml`: the languages of the site, its address and its options.
//!
//! A tool reads the loaded [`Config`] from [`crate::model::Strategy::config`]; [`BaseUrl`] is how it
//! builds or checks for another address than the one in the file.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Problem, SourceFile};
use crate::ids;
use crate::yaml::{self, OrderedMap, Spanned};

pub(crate) const FILE_NAME: &str = crate::layout::CONFIG_FILE;

/// `lipsite.yaml`: the site's address, languages and options.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawConfig {
    base_url: Spanned<String>,
    default_language: Spanned<String>,
    languages: Spanned<OrderedMap<RawLanguage>>,
    #[serde(default)]
    root: RootPage,
    #[serde(default)]
    allow_raw_html: bool,
    #[serde(default)]
    missing_pages: MissingPages,
    /// Whether the build writes the whole strategy as a PDF in every language (default true).
    #[serde(default = "pdf_on")]
    pdf: bool,
}

/// The PDF of the strategy is written unless `pdf: false`.
fn pdf_on() -> bool {
    true
}

/// One language of the site.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    locale: Spanned<String>,
    name: String,
    title: String,
    #[serde(default)]
    description: String,
    direction: Option<Direction>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
/// What the site's root address (`/`) shows.
pub enum RootPage {
    /// A page that greets readers in every language at once, as bilingual government sites do.
    #[default]
    Chooser,
    /// A redirect to the default language's home page.
    Redirect,
}

/// What readers get for a page that their language does not have.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum MissingPages {
    /// A short page in their language with links to the languages that have it.
    #[default]
    Notice,
    /// The default language's page, marked with its language, under a notice in theirs.
    Source,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
/// The direction a language is written in.
pub enum Direction {
    /// Left to right, as English and French are written.
    #[default]
    Ltr,
    /// Right to left, as Arabic, Farsi and Urdu are written.
    Rtl,
}

impl Direction {
    /// The value of an HTML or SVG `dir`/`direction` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One language the strategy is published in, with the words that introduce the site in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Language {
    /// The code in URLs and folder names: `en`, `fr`.
    pub code: String,
    /// BCP 47 locale with region: `en-CA`. Used for `lang`, `hreflang` and number formats.
    pub locale: String,
    /// The language's name in itself, as the language switcher shows it: `Français`.
    pub name: String,
    /// The site's title in this language.
    pub title: String,
    /// The site's description in this language, for search engines and link previews; may be empty.
    pub description: String,
    /// How the language is written: from `lipsite.yaml`, or else from the locale.
    pub direction: Direction,
}

/// The checked settings of `lipsite.yaml`: where the site is published, in which languages, and
/// how it greets readers and fills gaps in a translation.
#[derive(Debug, Clone)]
pub struct Config {
    /// Absolute site address, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/`: every link starts with it.
    pub base_path: String,
    /// The languages in the order of `lipsite.yaml`, which the language switcher keeps.
    pub languages: Vec<Language>,
    /// Index into `languages`.
    pub default_language: usize,
    /// What the site's root address shows.
    pub root: RootPage,
    /// Whether the Markdown of pages may hold raw HTML (cleaned of scripts either way).
    pub allow_raw_html: bool,
    /// What readers get for a page their language does not have.
    pub missing_pages: MissingPages,
    /// Whether the build writes the whole strategy as a PDF in every language (`pdf:`).
    pub pdf: bool,
}

impl Config {
    /// The language the strategy is written in first, which the others translate.
    pub fn default_language(&self) -> &Language {
        &self.languages[self.default_language]
    }

    /// The language with URL code `code` (`fr`), if the site has it.
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The position of language `code` among the configured languages.
    pub fn language_index(&self, code: &str) -> Option<usize> {
        self.languages.iter().position(|l| l.code == code)
    }
}

/// Languages written right to left, by their primary subtag.
const RTL_LANGUAGES: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi",
];

/// How a language is written, from its locale's primary subtag (`ar-CA` → right to left).
pub(crate) fn direction_of(locale: &str) -> Direction {
    let primary = locale.split('-').next().unwrap_or("").to_ascii_lowercase();
    if RTL_LANGUAGES.contains(&primary.as_str()) {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// Reads and checks the `lipsite.yaml` of repository `repo`, for a command that needs the settings
/// without the rest of the strategy.
pub(crate) fn read(repo: &Path) -> Result<Config, Vec<Problem>> {
    let file = crate::content::read_text(repo, &repo.join(FILE_NAME), &mut Default::default())
        .ok_or_else(|| {
            vec![Problem::about_path(
                Path::new(FILE_NAME),
                format!("there is no readable {FILE_NAME} in {}", repo.display()),
            )]
        })?;
    load(&file)
}

/// Reads and checks `lipsite.yaml`, reporting every mistake in it at once.
pub(crate) fn load(file: &SourceFile) -> Result<Config, Vec<Problem>> {
    let raw: RawConfig = yaml::parse(file, &file.text, 1).map_err(|e| vec![e])?;
    let mut problems = Vec::new();
    let (base_url, base_path) = match parse_base_url(&raw.base_url.value) {
        Ok(v) => v,
        Err(why) => {
            let at = yaml::pos_of(&raw.base_url, 1);
            problems.push(file.error(at, why).hint(BASE_URL_HINT));
            (String::new(), "/".into())
        }
    };
    let languages = languages(file, &raw, &mut problems);
    let default_language = default_language(file, &raw, &languages, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Config {
        base_url,
        base_path,
        languages,
        default_language: default_language.unwrap_or(0),
        root: raw.root,
        allow_raw_html: raw.allow_raw_html,
        pdf: raw.pdf,
        missing_pages: raw.missing_pages,
    })
}

/// The configured languages, each code and locale checked where it is written.
fn languages(file: &SourceFile, raw: &RawConfig, problems: &mut Vec<Problem>) -> Vec<Language> {
    let at = |v: &Spanned<String>| yaml::pos_of(v, 1);
    let mut languages: Vec<Language> = Vec::new();
    for (code, lang) in raw.languages.value.iter() {
        if !is_language_code(&code.value) {
            problems.push(
                file.error(at(code), format!("`{}` is not a language code", code.value))
                    .hint("use a short lowercase code such as en, fr, ar, pa or zh-hans; it becomes the folder name and the URL"),
            );
        }
        if !is_locale(&lang.locale.value) {
            problems.push(
                file.error(
                    at(&lang.locale),
                    format!("`{}` is not a locale", lang.locale.value),
                )
                .hint("write the language and region, like en-CA or fr-CA"),
            );
        }
        let direction = lang
            .direction
            .unwrap_or_else(|| direction_of(&lang.locale.value));
        languages.push(Language {
            code: code.value.clone(),
            locale: lang.locale.value.clone(),
            name: lang.name.clone(),
            title: lang.title.clone(),
            description: lang.description.clone(),
            direction,
        });
    }
    if languages.is_empty() {
        problems.push(
            file.error(
                yaml::pos_of(&raw.languages, 1),
                "no languages are configured",
            )
            .hint("add at least one language under `languages:`"),
        );
    }
    languages
}

/// The position of `default_language` among the languages, which it must be one of.
fn default_language(
    file: &SourceFile,
    raw: &RawConfig,
    languages: &[Language],
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    let found = languages
        .iter()
        .position(|l| l.code == raw.default_language.value);
    if found.is_none() && !languages.is_empty() {
        let codes: Vec<_> = languages.iter().map(|l| l.code.as_str()).collect();
        problems.push(
            file.error(
                yaml::pos_of(&raw.default_language, 1),
                format!(
                    "the default language `{}` is not one of the languages",
                    raw.default_language.value
                ),
            )
            .hint(format!("use one of: {}", codes.join(", "))),
        );
    }
    found
}

const BASE_URL_HINT: &str = "write the full address the site will be published at, like https://example.org/ or https://example.org/strategy/";

/// The site's address given on the command line (`--base-url`): for one run it replaces
/// `base_url` of lipsite.yaml, as a preview deploy on another host or sub-path needs.
#[derive(Debug, Clone)]
pub struct BaseUrl {
    url: String,
    path: String,
}

impl BaseUrl {
    /// Checks the address as `base_url` in lipsite.yaml is checked.
    pub fn parse(url: &str) -> Result<BaseUrl, Problem> {
        parse_base_url(url)
            .map(|(url, path)| BaseUrl { url, path })
            .map_err(|why| Problem::about_path(Path::new("--base-url"), why).hint(BASE_URL_HINT))
    }

    /// Puts this address in place of the one `config` was loaded with.
    pub(crate) fn apply(&self, config: &mut Config) {
        config.base_url.clone_from(&self.url);
        config.base_path.clone_from(&self.path);
    }
}

fn parse_base_url(url: &str) -> Result<(String, String), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("`{url}` does not start with https:// or http://"))?;
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("`{url}` has no host name"));
    }
    if path.contains(['?', '#', ' ']) {
        return Err(format!(
            "`{url}` has a query, a fragment or a space; only a host and a path may be given"
        ));
    }
    let path = if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    };
    let scheme_host = &url[..url.len() - rest.len() + host.len()];
    Ok((format!("{scheme_host}{path}"), path))
}

fn is_language_code(code: &str) -> bool {
    ids::is_slug(code) && code.len() <= 12
}

/// A BCP 47 language tag as lipsite accepts it: `en`, `fr-CA`, `pa-Guru-CA`.
pub(crate) fn is_locale(locale: &str) -> bool {
    let mut parts = locale.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase()));
    primary_ok
        && parts
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(text: &str) -> Result<Config, Vec<Problem>> {
        load(&SourceFile::new(FILE_NAME, text))
    }

    const GOOD: &str = "base_url: https://example.org/lip\ndefault_language: fr\nlanguages:\n  en:\n    locale: en-CA\n    name: English\n    title: T\n  fr:\n    locale: fr-CA\n    name: Français\n    title: T\n  ar:\n    locale: ar\n    name: العربية\n    title: T\n";

    #[test]
    fn reads_languages_in_order_with_directions_and_a_sub_path() {
        let c = load_str(GOOD).unwrap();
        assert_eq!(c.base_url, "https://example.org/lip/");
        assert_eq!(c.base_path, "/lip/");
        let codes: Vec<_> = c
            .languages
            .iter()
            .map(|l| (l.code.as_str(), l.direction))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("en", Direction::Ltr),
                ("fr", Direction::Ltr),
                ("ar", Direction::Rtl)
            ]
        );
        assert_eq!(c.default_language().code, "fr");
    }

    #[test]
    fn reports_every_mistake_with_its_line() {
        let bad = GOOD
            .replace("https://example.org/lip", "example.org")
            .replace("default_language: fr", "default_language: de")
            .replace("locale: fr-CA", "locale: French");
        let problems = load_str(&bad).unwrap_err();
        let lines: Vec<_> = problems.iter().map(|p| p.pos.line).collect();
        assert_eq!(lines, vec![1, 9, 2], "{problems:#?}");
        assert!(problems[2].hint.as_deref().unwrap().contains("en, fr, ar"));
    }
}
