//! Ids defined in one data file, and references to them from anywhere else.

use std::collections::HashMap;

use super::kinds::{for_each_kind, EachKind, Id, Kind, KindFiles};
use crate::diagnostics::{Problem, Problems, SourceFile};
use crate::ids;
use crate::yaml::{self, Spanned};

/// The ids of one kind of item (`priority`, `partner` ...) in the order they were defined.
#[derive(Debug, Default)]
pub(crate) struct Registry {
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
    pub(crate) fn define<'a>(
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
                problems.push(invalid_id(kind, file, pos, &id.value));
            }
            // The id as it was meant (without invisible characters, in lowercase): references and
            // texts that use it that way are not reported as well.
            let visible = without_invisible(&id.value).to_ascii_lowercase();
            if let Some(first) = lines.get(&visible) {
                problems.push(
                    file.error(pos, format!("the {kind} id `{}` is used twice", id.value))
                        .hint(format!(
                            "it is first defined on line {first}; give each {kind} its own id"
                        )),
                );
                continue;
            }
            lines.insert(visible.clone(), pos.line);
            reg.index.insert(id.value.clone(), reg.ids.len());
            reg.index.insert(visible.clone(), reg.ids.len());
            reg.ids.push(visible);
        }
        reg
    }

    /// An empty registry for a kind whose data file is absent, so references to it are reported.
    pub(crate) fn absent(kind: &'static str, home: &str) -> Registry {
        Registry {
            kind,
            home: home.to_string(),
            ..Default::default()
        }
    }

    /// A registry for a kind whose data file failed to load: every id is unknown, silently.
    pub(crate) fn broken(kind: &'static str, home: &str) -> Registry {
        Registry {
            broken: true,
            ..Registry::absent(kind, home)
        }
    }

    pub(crate) fn is_broken(&self) -> bool {
        self.broken
    }

    /// The kind in the plural, for messages about several ids.
    pub(crate) fn plural(&self) -> String {
        match self.kind.strip_suffix('y') {
            Some(stem) => format!("{stem}ies"),
            None => format!("{}s", self.kind),
        }
    }

    pub(crate) fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Records that `id` has a language-neutral name: no language needs words for it.
    pub(crate) fn set_named(&mut self, id: &str) {
        self.named.insert(id.to_string());
    }

    /// Records that no language needs words for `id` (a draft left out of the site), while words
    /// written for it are still not stale.
    pub(crate) fn set_words_optional(&mut self, id: &str) {
        self.named.insert(id.to_string());
    }

    /// Whether every language must give words for `id`.
    pub(crate) fn needs_words(&self, id: &str) -> bool {
        !self.named.contains(id)
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Resolves a reference found in `file` (whose YAML starts at `first_line`), reporting an unknown id.
    pub(crate) fn resolve(
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

    pub(crate) fn resolve_all(
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
    pub(crate) fn unknown(
        &self,
        id: &str,
        file: &SourceFile,
        pos: crate::diagnostics::Pos,
    ) -> Problem {
        if let Some(c) = id.chars().find(|c| invisible_name(*c).is_some()) {
            return file
                .error(
                    pos,
                    format!(
                        "the {} id `{}` holds an invisible character, {}",
                        self.kind,
                        shown(id),
                        describe(c)
                    ),
                )
                .hint(format!(
                    "type the id again without it: `{}`",
                    without_invisible(id)
                ))
                .urgent();
        }
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

/// The ids of every kind, each in its [`Registry`].
pub(crate) struct Registries(HashMap<&'static str, Registry>);

impl Default for Registries {
    /// A registry for every kind, all empty.
    fn default() -> Self {
        struct Empty(HashMap<&'static str, Registry>);
        impl EachKind for Empty {
            fn kind<K: KindFiles>(&mut self) {
                let home = crate::layout::data_file_shown(K::SPEC.data_file);
                self.0
                    .insert(K::SPEC.name, Registry::absent(K::SPEC.name, &home));
            }
        }
        let mut all = Empty(HashMap::new());
        for_each_kind(&mut all);
        Registries(all.0)
    }
}

impl Registries {
    pub(crate) fn of<K: Kind>(&self) -> &Registry {
        &self.0[K::SPEC.name]
    }

    /// The registry of the kind called `name` in messages.
    pub(crate) fn by_name(&self, name: &str) -> Option<&Registry> {
        self.0.get(name)
    }

    pub(crate) fn of_mut<K: Kind>(&mut self) -> &mut Registry {
        self.0.entry(K::SPEC.name).or_default()
    }

    pub(crate) fn set<K: Kind>(&mut self, registry: Registry) {
        self.0.insert(K::SPEC.name, registry);
    }

    /// Resolves a reference to an item of kind `K` found in a data file, reporting an unknown id.
    pub(crate) fn resolve<K: Kind>(
        &self,
        reference: &Spanned<String>,
        file: &SourceFile,
        problems: &mut Problems,
    ) -> Option<Id<K>> {
        self.of::<K>()
            .resolve(reference, file, 1, problems)
            .map(Id::new)
    }

    /// Resolves every reference of a list, leaving out (and reporting) unknown ids.
    pub(crate) fn resolve_all<K: Kind>(
        &self,
        references: &[Spanned<String>],
        file: &SourceFile,
        problems: &mut Problems,
    ) -> Vec<Id<K>> {
        self.of::<K>()
            .resolve_all(references, file, problems)
            .into_iter()
            .map(Id::new)
            .collect()
    }
}

/// The problem for an id that breaks the rules, naming the first character that does: an
/// invisible one pasted from a word processor is otherwise impossible to find.
fn invalid_id(kind: &str, file: &SourceFile, pos: crate::diagnostics::Pos, id: &str) -> Problem {
    let rule = "an id is lowercase letters, digits and hyphens, starting with a letter, like `welcome-centre`";
    let bad = id
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'));
    match bad {
        Some(c) if invisible_name(c).is_some() => file
            .error(
                pos,
                format!(
                    "the {kind} id `{}` holds an invisible character, {}",
                    shown(id),
                    describe(c)
                ),
            )
            .hint(format!(
                "type the id again without it: `{}`",
                without_invisible(id)
            ))
            .urgent(),
        Some(c) if c.is_ascii_uppercase() => file
            .error(
                pos,
                format!("the {kind} id `{id}` has a capital letter, `{c}`"),
            )
            .hint(format!(
                "write ids in lowercase: `{}`",
                id.to_ascii_lowercase()
            ))
            .urgent(),
        Some(c) => file
            .error(
                pos,
                format!(
                    "the {kind} id `{id}` holds {}, which an id cannot",
                    describe(c)
                ),
            )
            .hint(rule)
            .urgent(),
        None => file
            .error(pos, format!("`{id}` is not a valid {kind} id"))
            .hint(rule),
    }
}

/// The name of a character that shows as nothing, or as a plain space, in an editor.
fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{2007}' => "FIGURE SPACE",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{202F}' => "NARROW NO-BREAK SPACE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)",
        _ => return None,
    })
}

/// `U+200B ZERO WIDTH SPACE`, or `` `é` (U+00E9) `` for a character that shows.
fn describe(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    match invisible_name(c) {
        Some(name) => format!("{code} {name}"),
        None if c.is_control() || c.is_whitespace() => code,
        None => format!("`{c}` ({code})"),
    }
}

/// The id with each invisible character written out, so a message shows where it is.
fn shown(id: &str) -> String {
    id.chars()
        .map(|c| match invisible_name(c) {
            Some(_) => format!("<U+{:04X}>", c as u32),
            None => c.to_string(),
        })
        .collect()
}

fn without_invisible(id: &str) -> String {
    id.chars()
        .filter(|c| invisible_name(*c).is_none())
        .collect()
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
    fn an_invisible_character_in_an_id_is_named_and_references_still_resolve() {
        let file = SourceFile::new("data/priorities.yaml", "x");
        let mut problems = Problems::default();
        let reg = Registry::define(
            "priority",
            &file,
            &[
                id("employ\u{200B}ment", 1),
                id("hous\u{e9}", 2),
                id("Belonging", 3),
            ],
            &mut problems,
        );
        let list = problems.into_sorted();
        let messages: Vec<_> = list.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the priority id `employ<U+200B>ment` holds an invisible character, U+200B ZERO WIDTH SPACE",
                "the priority id `housé` holds `é` (U+00E9), which an id cannot",
                "the priority id `Belonging` has a capital letter, `B`",
            ]
        );
        assert_eq!(
            list[0].hint.as_deref(),
            Some("type the id again without it: `employment`")
        );
        assert_eq!(reg.get("employment"), Some(0));
        assert_eq!(reg.ids, ["employment", "housé", "belonging"]);
        assert_eq!(reg.get("belonging"), Some(2));
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
