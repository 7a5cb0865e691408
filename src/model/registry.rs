//! Ids defined in one data file, and references to them from anywhere else.

use std::collections::HashMap;

use crate::diagnostics::{Problem, Problems, SourceFile};
use crate::ids;
use crate::yaml::{self, Spanned};

/// The ids of one kind of item (`priority`, `partner` ...) in the order they were defined.
#[derive(Debug, Default)]
pub struct Registry {
    pub kind: &'static str,
    /// Where the ids are defined, for hints: `data/partners.yaml`.
    pub home: String,
    pub ids: Vec<String>,
    index: HashMap<String, usize>,
    /// Ids whose words are optional: those with a name in the data that every language shows (a
    /// proper name), and drafts left out of the site.
    named: std::collections::HashSet<String>,
    /// The defining file exists but could not be read; its error was reported, and references to
    /// its ids are not reported again as unknown.
    broken: bool,
}

impl Registry {
    /// Registers the ids of `file`, reporting malformed and duplicate ids.
    pub fn define<'a>(
        kind: &'static str,
        file: &SourceFile,
        items: impl IntoIterator<Item = &'a Spanned<String>>,
        problems: &mut Problems,
    ) -> Registry {
        let mut reg = Registry {
            kind,
            home: file.path.display().to_string(),
            ..Default::default()
        };
        let mut lines: HashMap<String, usize> = HashMap::new();
        for id in items {
            let pos = yaml::pos_of(id, 1);
            if !ids::is_id(&id.value) {
                problems.push(file.error(pos, format!("`{}` is not a valid {kind} id", id.value)).hint(
                    "an id is lowercase letters, digits and hyphens, starting with a letter, like `welcome-centre`",
                ));
            }
            if let Some(first) = lines.get(&id.value) {
                problems.push(
                    file.error(pos, format!("the {kind} id `{}` is used twice", id.value))
                        .hint(format!(
                            "it is first defined on line {first}; give each {kind} its own id"
                        )),
                );
                continue;
            }
            lines.insert(id.value.clone(), pos.line);
            reg.index.insert(id.value.clone(), reg.ids.len());
            reg.ids.push(id.value.clone());
        }
        reg
    }

    /// An empty registry for a kind whose data file is absent, so references to it are reported.
    pub fn absent(kind: &'static str, home: &str) -> Registry {
        Registry {
            kind,
            home: home.to_string(),
            ..Default::default()
        }
    }

    /// A registry for a kind whose data file failed to load: every id is unknown, silently.
    pub fn broken(kind: &'static str, home: &str) -> Registry {
        Registry {
            broken: true,
            ..Registry::absent(kind, home)
        }
    }

    pub fn is_broken(&self) -> bool {
        self.broken
    }

    /// The kind in the plural, for messages about several ids.
    pub fn plural(&self) -> String {
        match self.kind.strip_suffix('y') {
            Some(stem) => format!("{stem}ies"),
            None => format!("{}s", self.kind),
        }
    }

    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Records that `id` has a language-neutral name: no language needs words for it.
    pub fn set_named(&mut self, id: &str) {
        self.named.insert(id.to_string());
    }

    /// Records that no language needs words for `id` (a draft left out of the site), while words
    /// written for it are still not stale.
    pub fn set_words_optional(&mut self, id: &str) {
        self.named.insert(id.to_string());
    }

    /// Whether every language must give words for `id`.
    pub fn needs_words(&self, id: &str) -> bool {
        !self.named.contains(id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Resolves a reference found in `file` (whose YAML starts at `first_line`), reporting an unknown id.
    pub fn resolve(
        &self,
        reference: &Spanned<String>,
        file: &SourceFile,
        first_line: usize,
        problems: &mut Problems,
    ) -> Option<usize> {
        let found = self.get(&reference.value);
        if found.is_none() && !self.broken {
            problems.push(self.unknown(
                &reference.value,
                file,
                yaml::pos_of(reference, first_line),
            ));
        }
        found
    }

    pub fn resolve_all(
        &self,
        references: &[Spanned<String>],
        file: &SourceFile,
        problems: &mut Problems,
    ) -> Vec<usize> {
        references
            .iter()
            .filter_map(|r| self.resolve(r, file, 1, problems))
            .collect()
    }

    /// The problem for an id that is not defined, with the closest existing id as a suggestion.
    pub fn unknown(&self, id: &str, file: &SourceFile, pos: crate::diagnostics::Pos) -> Problem {
        let message = if self.home.is_empty() {
            format!("there is no {} `{id}`", self.kind)
        } else {
            format!("there is no {} `{id}` in {}", self.kind, self.home)
        };
        file.error(pos, message).hint(self.suggestion(id))
    }

    fn suggestion(&self, id: &str) -> String {
        let closest = self
            .ids
            .iter()
            .map(|known| (strsim::jaro_winkler(id, known), known))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, known)) = closest {
            return format!("did you mean `{known}`?");
        }
        if self.ids.is_empty() {
            return format!(
                "no {} is defined yet; add it to {}",
                self.kind,
                if self.home.is_empty() {
                    "the data"
                } else {
                    &self.home
                }
            );
        }
        let mut list: Vec<_> = self.ids.iter().take(12).map(String::as_str).collect();
        if self.ids.len() > 12 {
            list.push("…");
        }
        format!("the known ids are: {}", list.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str, line: u32) -> Spanned<String> {
        let yaml = format!("{}v: {s}\n", "\n".repeat(line as usize - 1));
        let file = SourceFile::new("x.yaml", yaml.as_str());
        let m: std::collections::BTreeMap<String, Spanned<String>> =
            crate::yaml::parse(&file, &yaml, 1).unwrap();
        m["v"].clone()
    }

    #[test]
    fn duplicates_and_unknown_references_are_reported_with_a_suggestion() {
        let file = SourceFile::new("data/priorities.yaml", "x");
        let mut problems = Problems::default();
        let reg = Registry::define(
            "priority",
            &file,
            &[id("employment", 1), id("housing", 2), id("housing", 3)],
            &mut problems,
        );
        let list = problems.into_sorted();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].pos.line, 3);
        assert!(list[0].hint.as_deref().unwrap().contains("line 2"));

        let mut problems = Problems::default();
        let other = SourceFile::new("data/action-plan.yaml", "x");
        assert_eq!(
            reg.resolve(&id("employmnt", 4), &other, 1, &mut problems),
            None
        );
        let p = &problems.into_sorted()[0];
        assert_eq!(
            p.message,
            "there is no priority `employmnt` in data/priorities.yaml"
        );
        assert_eq!(p.hint.as_deref(), Some("did you mean `employment`?"));
        assert_eq!(p.pos.line, 4);
    }
}
