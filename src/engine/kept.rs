//! The theme and the interface words of the last load, kept with what they were made from: a
//! rebuild whose templates, static files, word files and languages are the very same (the file
//! cache hands back the same texts) reuses them instead of compiling every template and reading
//! every word file again.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::RepositoryFiles;
use crate::diagnostics::{Problem, Problems, SourceFile};
use crate::i18n::{self, WordFiles, Words};
use crate::render::Theme;

/// What a load made once, to be made again only when its inputs change.
#[derive(Default)]
pub(crate) struct Kept {
    theme: Option<Made<ThemeInputs, Theme>>,
    words: Option<Made<WordsInputs, Vec<Words>>>,
}

/// One thing made, the inputs it was made from, and the problems making it reported (reported
/// again each time it is reused, as a new load would).
struct Made<I, T> {
    inputs: I,
    value: Arc<T>,
    problems: Vec<Problem>,
}

/// The identity of a set of files: each name with its text (the same when it is the same text,
/// read again or not).
#[derive(Default)]
struct Texts(Vec<(String, Arc<str>)>);

impl Texts {
    fn of(files: &BTreeMap<String, SourceFile>) -> Texts {
        Texts(
            files
                .iter()
                .map(|(n, f)| (n.clone(), f.text.clone()))
                .collect(),
        )
    }

    fn same(&self, other: &Texts) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((n, t), (m, u))| n == m && (Arc::ptr_eq(t, u) || t == u))
    }
}

/// What the theme is made from: the repository's templates and the names of its static files.
struct ThemeInputs {
    templates: Texts,
    static_files: BTreeMap<String, PathBuf>,
}

impl ThemeInputs {
    fn of(files: &RepositoryFiles) -> ThemeInputs {
        ThemeInputs {
            templates: Texts::of(&files.templates),
            static_files: files.static_files.clone(),
        }
    }

    fn same(&self, other: &ThemeInputs) -> bool {
        self.templates.same(&other.templates) && self.static_files == other.static_files
    }
}

/// What the interface words are made from: the theme's and the repository's word files, and the
/// languages.
struct WordsInputs {
    /// The theme's word files: a template edit makes the theme again, not its words.
    theme: Texts,
    repository: Texts,
    languages: Vec<crate::config::Language>,
    default_language: usize,
}

impl WordsInputs {
    fn of(config: &Config, theme: &Arc<Theme>, files: &RepositoryFiles) -> WordsInputs {
        WordsInputs {
            theme: Texts::of(&theme.words),
            repository: Texts::of(&files.i18n),
            languages: config.languages.clone(),
            default_language: config.default_language,
        }
    }

    fn same(&self, other: &WordsInputs) -> bool {
        self.theme.same(&other.theme)
            && self.repository.same(&other.repository)
            && self.languages == other.languages
            && self.default_language == other.default_language
    }
}

impl<I, T> Made<I, T> {
    /// The value kept, if made from the same inputs, with its problems added to `problems`.
    fn reuse(
        kept: &Option<Self>,
        same: impl Fn(&I) -> bool,
        problems: &mut Problems,
    ) -> Option<Arc<T>> {
        let made = kept.as_ref().filter(|m| same(&m.inputs))?;
        problems.extend(made.problems.iter().cloned());
        Some(made.value.clone())
    }

    /// Makes the value, keeping it (when it was made) and what it reported.
    fn make(
        kept: &mut Option<Self>,
        inputs: I,
        problems: &mut Problems,
        make: impl FnOnce(&mut Problems) -> Option<T>,
    ) -> Option<Arc<T>> {
        let mut own = Problems::default();
        let value = make(&mut own).map(Arc::new);
        let reported = own.into_sorted();
        problems.extend(reported.iter().cloned());
        *kept = value.clone().map(|value| Made {
            inputs,
            value,
            problems: reported,
        });
        value
    }
}

impl Kept {
    /// The default theme with the repository's overrides, compiled again only when they changed.
    pub(crate) fn theme(
        &mut self,
        files: &RepositoryFiles,
        problems: &mut Problems,
    ) -> Option<Arc<Theme>> {
        let inputs = ThemeInputs::of(files);
        if let Some(theme) = Made::reuse(&self.theme, |i| i.same(&inputs), problems) {
            return Some(theme);
        }
        Made::make(&mut self.theme, inputs, problems, |p| Theme::load(files, p))
    }

    /// Each language's interface words, read again only when their files or the languages
    /// changed.
    pub(crate) fn words(
        &mut self,
        config: &Config,
        theme: &Arc<Theme>,
        files: &RepositoryFiles,
        problems: &mut Problems,
    ) -> Arc<Vec<Words>> {
        let inputs = WordsInputs::of(config, theme, files);
        if let Some(words) = Made::reuse(&self.words, |i| i.same(&inputs), problems) {
            return words;
        }
        let word_files = WordFiles {
            theme: &theme.words,
            repository: &files.i18n,
        };
        Made::make(&mut self.words, inputs, problems, |p| {
            Some(i18n::words_for(config, &word_files, p))
        })
        .unwrap_or_default()
    }
}
