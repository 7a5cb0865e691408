//! The words of each kind of item in one language, joined to the ids of the data: those written
//! on section pages and those in `labels.yaml`. Every step is a loop over the kinds of
//! [`super::kinds`]: the join, the report of missing and stale words, the check that words sit on
//! the page that owns them, and the report of optional texts a translation leaves out.

use std::collections::HashMap;

use super::join::Joiner;
use super::kinds::{for_each_kind, EachKind, ItemText, KindFiles, WordsAt};
use super::registry::{Registries, Registry};
use super::text::{FrontMatter, LabelsText};
use super::words::{LanguageJoin, TextCtx};
use super::*;
use crate::config::Language;
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::layout;
use crate::yaml::{self, OrderedMap};

impl Joiner<'_> {
    /// Joins the words of the items on a section page, and reports those that belong elsewhere.
    pub(super) fn section_text(
        &mut self,
        section: Section,
        front: &FrontMatter,
        t: &TextCtx,
        s: &Strategy,
        content: &mut LanguageContent,
    ) {
        self.misplaced(front, Some(section), t);
        for_each_kind(&mut PageWords {
            join: Join {
                problems: self.problems,
                reg: &self.reg,
                s,
                t,
            },
            section,
            front,
            content,
        });
        if section == Section::Context {
            content.assets = front
                .assets
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default();
            content.gaps = front
                .gaps
                .as_ref()
                .map(|s| s.value.clone())
                .unwrap_or_default();
        }
    }

    /// Reports item words written in a page that does not own them.
    pub(super) fn misplaced(&mut self, f: &FrontMatter, section: Option<Section>, t: &TextCtx) {
        self.problems.extend(misplaced(f, section, t.file, t.lang));
    }

    /// Reads a language's labels and joins them to the data; without the file, reports it
    /// missing if anything needs a label.
    pub(super) fn labels(&mut self, l: &LanguageJoin, content: &mut LanguageContent) {
        let Some(file) = &l.own.labels else {
            self.missing_labels(l);
            return;
        };
        let Ok(labels) = self
            .parsed
            .yaml
            .parse::<LabelsText>(file)
            .map_err(|p| self.problems.push(p))
        else {
            return;
        };
        let t = l.text_in(file);
        for_each_kind(&mut LabelWords {
            join: Join {
                problems: self.problems,
                reg: &self.reg,
                s: l.s,
                t: &t,
            },
            labels: &labels,
            content,
        });
        check_seat_names(self.problems, l.s, &content.labels, &t);
    }

    fn missing_labels(&mut self, l: &LanguageJoin) {
        let needs_labels = kinds::specs().iter().any(|spec| {
            let needed = |r: &Registry| r.ids.iter().any(|id| r.needs_words(id));
            spec.words == (WordsAt::Labels { required: true })
                && self.reg.by_name(spec.name).is_some_and(needed)
        });
        let path = layout::labels_file(&l.lang.code);
        if needs_labels && !super::on_disk(l.files, &path) {
            let p = Problem::about_path(
                &path,
                format!(
                    "{} is missing: partners, sources and categories have no names in {}",
                    path.display(),
                    l.lang.name
                ),
            )
            .hint("create it; docs/content-format.md shows its keys");
            self.problems
                .push(if l.is_default() { p } else { p.as_warning() });
            l.missing_file(&path, "labels", "labels");
        }
    }

    /// Reports the optional texts the default language gives and a translation leaves out, once
    /// per kind of text, on the page they belong on.
    pub(super) fn untranslated(&mut self, l: &LanguageJoin, content: &LanguageContent) {
        let Some(source) = l.source else { return };
        for (section, item, ids) in untranslated_texts(l.s, source, content) {
            // A draft left out is missing as a whole, not text by text.
            if l.drafted.iter().any(|d| d.0 == section) {
                continue;
            }
            if let Some(file) = l.own.sections.get(section.file_stem()) {
                report_untranslated(self.problems, &l.text_in(file), &item, &ids);
            }
        }
    }
}

/// What joining one block of words needs.
struct Join<'a, 'p> {
    problems: &'a mut Problems,
    reg: &'a Registries,
    s: &'a Strategy,
    t: &'a TextCtx<'p>,
}

impl Join<'_, '_> {
    /// Joins `block` to the ids of kind `K` and keeps the texts in `content`.
    fn kind<K: KindFiles>(
        &mut self,
        block: Option<&OrderedMap<K::Text>>,
        required: bool,
        content: &mut LanguageContent,
    ) {
        let reg = self.reg.of::<K>();
        let map = if required {
            join(self.problems, K::SPEC.key, reg, block, self.t)
        } else {
            join_optional(
                self.problems,
                reg,
                block.unwrap_or(&OrderedMap::default()),
                self.t,
            )
        };
        *K::texts_mut(content) = Texts::aligned(self.s, reg, map);
    }
}

/// The words of the kinds written on one section page.
struct PageWords<'a, 'p> {
    join: Join<'a, 'p>,
    section: Section,
    front: &'a FrontMatter,
    content: &'a mut LanguageContent,
}

impl EachKind for PageWords<'_, '_> {
    fn kind<K: KindFiles>(&mut self) {
        if K::SPEC.words == WordsAt::Page(self.section) {
            let block = K::on_page(self.front).map(|b| &b.value);
            self.join.kind::<K>(block, true, self.content);
        }
    }
}

/// The words of the kinds named in `labels.yaml`.
struct LabelWords<'a, 'p> {
    join: Join<'a, 'p>,
    labels: &'a LabelsText,
    content: &'a mut LanguageContent,
}

impl EachKind for LabelWords<'_, '_> {
    fn kind<K: KindFiles>(&mut self) {
        if let WordsAt::Labels { required } = K::SPEC.words {
            let block = K::in_labels(self.labels);
            self.join.kind::<K>(block, required, self.content);
        }
    }
}

/// Where each kind's block of words is in a page's front matter, with the page that owns it.
struct Blocks<'a> {
    front: &'a FrontMatter,
    found: Vec<(&'static str, Section, Pos)>,
}

impl EachKind for Blocks<'_> {
    fn kind<K: KindFiles>(&mut self) {
        if let (WordsAt::Page(owner), Some(block)) = (K::SPEC.words, K::on_page(self.front)) {
            self.found
                .push((K::SPEC.key, owner, yaml::pos_of(block, 2)));
        }
    }
}

/// Joins one block of words to the ids of `reg`: every id needs words in the default language
/// (in other languages a missing text is a warning, and the default language's text is shown),
/// and every word needs an id.
fn join<T: Clone>(
    problems: &mut Problems,
    key: &str,
    reg: &Registry,
    block: Option<&OrderedMap<T>>,
    t: &TextCtx,
) -> HashMap<String, T> {
    let map = join_optional(problems, reg, block.unwrap_or(&OrderedMap::default()), t);
    let missing: Vec<&str> = reg
        .ids
        .iter()
        .filter(|id| !map.contains_key(*id) && reg.needs_words(id))
        .map(String::as_str)
        .collect();
    for id in &missing {
        t.gap(GapKind::MissingText, 0, reg.kind, id);
    }
    if !missing.is_empty() {
        report_missing(problems, key, reg, &missing, t);
    }
    map
}

/// One problem for all the ids of a kind that have no words.
fn report_missing(
    problems: &mut Problems,
    key: &str,
    reg: &Registry,
    missing: &[&str],
    t: &TextCtx,
) {
    let mut shown: Vec<_> = missing.iter().take(8).map(|m| format!("`{m}`")).collect();
    if missing.len() > 8 {
        shown.push(format!("and {} more", missing.len() - 8));
    }
    let what = if missing.len() == 1 {
        format!("the {} {} has", reg.kind, shown[0])
    } else {
        format!("the {} {} have", reg.plural(), shown.join(", "))
    };
    let p = t.file.error(
        Pos::FILE,
        format!("{what} no text in {} under `{key}:`", t.lang.name),
    );
    problems.push(if t.is_default {
        p.hint(format!(
            "add the text under `{key}:` in this file; the ids come from {}",
            reg.home
        ))
    } else {
        p.hint("until it is translated, readers see the default language's text, marked with its language").as_warning()
    });
}

/// Like `join`, but ids without words are fine (seats named by their partner, for instance).
fn join_optional<T: Clone>(
    problems: &mut Problems,
    reg: &Registry,
    block: &OrderedMap<T>,
    t: &TextCtx,
) -> HashMap<String, T> {
    let mut map = HashMap::new();
    let first_line = if t.file.path.extension().is_some_and(|e| e == "md") {
        2
    } else {
        1
    };
    for (id, value) in block.iter() {
        if reg.contains(&id.value) {
            map.insert(id.value.clone(), value.clone());
        } else if !reg.is_broken() {
            let pos = yaml::pos_of(id, first_line);
            t.gap(GapKind::StaleText, pos.line, reg.kind, &id.value);
            let p = reg.unknown(&id.value, t.file, pos);
            problems.push(if t.is_default {
                p
            } else {
                p.hint("this text has no item any more; delete it or fix the id")
                    .as_warning()
            });
        }
    }
    map
}

/// The ids of the items whose optional text a translation leaves empty, by kind.
struct EmptyTexts<'a> {
    s: &'a Strategy,
    source: &'a LanguageContent,
    own: &'a LanguageContent,
    found: Vec<(Section, String, Vec<String>)>,
}

impl EachKind for EmptyTexts<'_> {
    fn kind<K: KindFiles>(&mut self) {
        let (WordsAt::Page(section), Some(part)) = (K::SPEC.words, K::Text::OPTIONAL) else {
            return;
        };
        let given = |c: &LanguageContent, id| {
            K::texts(c)
                .get(id)
                .map(|t: &K::Text| !t.optional().trim().is_empty())
        };
        let mut ids: Vec<String> = Id::each(K::items(self.s))
            .filter(|(id, _)| {
                given(self.own, *id) == Some(false) && given(self.source, *id) == Some(true)
            })
            .map(|(_, item)| item.id().to_string())
            .collect();
        ids.sort();
        let item = format!("{} {part}", K::SPEC.name);
        self.found.push((section, item, ids));
    }
}

/// Texts the default language gives and a translation leaves out, by the page they belong on:
/// optional texts (a priority's summary, an action's description …) and list items (the context
/// page's assets and gaps, by position). Readers see the default language's text in their place.
fn untranslated_texts(
    s: &Strategy,
    source: &LanguageContent,
    own: &LanguageContent,
) -> Vec<(Section, String, Vec<String>)> {
    let mut empty = EmptyTexts {
        s,
        source,
        own,
        found: Vec::new(),
    };
    for_each_kind(&mut empty);
    let positions = |source: &Vec<String>, own: &Vec<String>| -> Vec<String> {
        (own.len()..source.len())
            .map(|i| format!("#{}", i + 1))
            .collect()
    };
    let lists = [
        ("asset", positions(&source.assets, &own.assets)),
        ("gap", positions(&source.gaps, &own.gaps)),
    ];
    let lists = lists
        .into_iter()
        .map(|(item, ids)| (Section::Context, item.to_string(), ids));
    empty
        .found
        .into_iter()
        .chain(lists)
        .filter(|(_, _, ids)| !ids.is_empty())
        .collect()
}

/// Records each untranslated text for the translators' report and warns once per kind of text.
fn report_untranslated(problems: &mut Problems, t: &TextCtx, item: &str, ids: &[String]) {
    for id in ids {
        t.gap(GapKind::MissingText, 0, item, id);
    }
    let listed = ids.first().is_some_and(|id| id.starts_with('#'));
    let mut shown: Vec<String> = ids
        .iter()
        .take(8)
        .map(|id| {
            if listed {
                id.clone()
            } else {
                format!("`{id}`")
            }
        })
        .collect();
    if ids.len() > 8 {
        shown.push(format!("and {} more", ids.len() - 8));
    }
    let (item, verb) = if ids.len() == 1 {
        (item.to_string(), "has")
    } else {
        (format!("{item}s"), "have")
    };
    let of = if listed { "" } else { "of " };
    let what = format!(
        "the {item} {of}{} {verb} no text in {}",
        shown.join(", "),
        t.lang.name
    );
    problems.push(t.file.warning(Pos::FILE, what).hint(
        "until it is translated, readers see the default language's text, marked with its language",
    ));
}

/// Every dated progress note needs its words, and every note's words need a note in the data.
pub(super) fn check_progress_notes(
    problems: &mut Problems,
    s: &Strategy,
    content: &LanguageContent,
    t: &TextCtx,
) {
    for (id, action) in Id::each(&s.actions) {
        let Some(text) = content.actions.get(id) else {
            continue;
        };
        for note in &action.progress {
            let date = note.date.to_string();
            if text.progress.get(&date).is_none() {
                t.gap(
                    GapKind::MissingText,
                    0,
                    "progress note",
                    &format!("{} {date}", action.id),
                );
                let p = t.file.error(
                    Pos::FILE,
                    format!(
                        "the progress note of {date} on action `{}` has no text in {}",
                        action.id, t.lang.name
                    ),
                );
                t.report(
                    problems,
                    p.hint(format!(
                        "add `{date}: ...` under `progress:` of `{}` in this file",
                        action.id
                    )),
                );
            }
        }
        for (date, _) in text.progress.iter() {
            if !action
                .progress
                .iter()
                .any(|n| n.date.to_string() == date.value)
            {
                t.gap(
                    GapKind::StaleText,
                    yaml::pos_of(date, 2).line,
                    "progress note",
                    &format!("{} {}", action.id, date.value),
                );
                let p = t.file.error(yaml::pos_of(date, 2), format!("action `{}` has no progress note dated {} in data/action-plan.yaml", action.id, date.value))
                    .hint("add the note's date under `progress:` in data/action-plan.yaml, or fix this date");
                t.report(problems, p);
            }
        }
    }
}

/// A seat without a partner is named by its label, so it needs one.
fn check_seat_names(problems: &mut Problems, s: &Strategy, labels: &Labels, t: &TextCtx) {
    let Some(council) = &s.council else { return };
    for (id, seat) in Id::each(&council.seats) {
        if seat.partner.is_some() || labels.seats.get(id).is_some() {
            continue;
        }
        t.gap(GapKind::MissingText, 0, "council seat", &seat.id);
        let p = t.file.error(
            Pos::FILE,
            format!(
                "the council seat `{}` has no partner and no name in {} under `seats:`",
                seat.id, t.lang.name
            ),
        );
        t.report(problems, p.hint(format!("add `{}: ...` under `seats:` in this file, or give the seat a `partner` in data/council.yaml", seat.id)));
    }
}

/// The item words written in the front matter `f` of `file` (the page of `section`, if any) that
/// belong in another page.
pub(super) fn misplaced(
    f: &FrontMatter,
    section: Option<Section>,
    file: &SourceFile,
    lang: &Language,
) -> Vec<Problem> {
    let mut blocks = Blocks {
        front: f,
        found: Vec::new(),
    };
    for_each_kind(&mut blocks);
    let lists = [("assets", &f.assets), ("gaps", &f.gaps)];
    for (key, list) in lists {
        if let Some(list) = list {
            blocks
                .found
                .push((key, Section::Context, yaml::pos_of(list, 2)));
        }
    }
    let misplaced = blocks
        .found
        .into_iter()
        .filter(|(_, owner, _)| section != Some(*owner));
    misplaced
        .map(|(key, owner, pos)| {
            let stem = owner.file_stem();
            file.error(
                pos,
                format!("`{key}` belongs in {stem}.md, not in this page"),
            )
            .hint(format!(
                "move this block to content/{}/{stem}.md",
                lang.code
            ))
        })
        .collect()
}
