//! One language's words: its pages, its labels and the text for each id, joined to the data.
//!
//! The default language must be complete (a gap is an error); a translation may lag behind (a gap
//! is a warning, the default language's words are shown, and the gap is recorded for the
//! translators' report).

use std::cell::RefCell;
use std::collections::HashMap;

use super::join::{Joiner, ParsedPage};
use super::registry::Registry;
use super::text::{FrontMatter, LabelsText};
use super::*;
use crate::config::{Config, Language};
use crate::content::{front_matter, RepositoryFiles};
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::ids;
use crate::yaml::{self, OrderedMap};

impl Joiner<'_> {
    pub(super) fn check_language_folders(&mut self, config: &Config, files: &RepositoryFiles) {
        for code in files.languages.keys() {
            if config.language(code).is_none() {
                let path = std::path::Path::new("content").join(code);
                self.problems.push(
                    Problem::about_path(
                        &path,
                        format!("content/{code}/ is not a configured language, so it is not built"),
                    )
                    .hint(format!(
                        "add `{code}:` under `languages:` in lipsite.yaml, or rename the folder"
                    ))
                    .as_warning(),
                );
            }
        }
    }

    /// Reads one language's pages and labels and joins their words to the data.
    /// Reads one language's pages and labels and joins their words to the data. `source` is the
    /// default language's content, or `None` when this is the default language.
    pub(super) fn language(
        &mut self,
        s: &Strategy,
        lang: &Language,
        source: Option<&LanguageContent>,
        files: &RepositoryFiles,
    ) -> LanguageContent {
        let is_default = source.is_none();
        let gaps = RefCell::new(Vec::new());
        let source_files = files.languages.get(&s.config.default_language().code);
        let mut content = LanguageContent::default();
        let empty = Default::default();
        let lf = files.languages.get(&lang.code).unwrap_or(&empty);
        let folder = format!("content/{}", lang.code);
        // Pages that exist but could not be read: their one problem is reported, and they are
        // not reported again as missing or untranslated.
        let mut unreadable = std::collections::HashSet::new();
        let mut drafted = Vec::new();

        for (stem, file) in &lf.sections {
            let Some(section) = Section::from_stem(stem) else {
                self.problems.push(
                    file.warning(
                        Pos::FILE,
                        format!(
                            "{} is not a section page, so it is not built",
                            file.path.display()
                        ),
                    )
                    .hint(format!(
                        "free pages go in {folder}/pages/; the section pages are {}",
                        Section::ALL
                            .map(|s| format!("{}.md", s.file_stem()))
                            .join(", ")
                    )),
                );
                continue;
            };
            let home = section == Section::Home;
            let Some((mut page, front)) = self.page(file, stem, home, &s.config) else {
                unreadable.insert(file.path.clone());
                continue;
            };
            let draft = self.draft_mark(
                file,
                &front,
                stem,
                source_files.and_then(|l| l.sections.get(stem)),
            );
            page.draft = draft.is_some();
            if let (Some(at), Drafts::LeaveOut) = (draft, self.draft_mode) {
                drafted.push((section, file, at));
                continue;
            }
            if !is_default {
                page.freshness = freshness(
                    &front,
                    source_files.and_then(|l| l.sections.get(stem)),
                    self.parsed,
                );
            }
            let t = TextCtx {
                file,
                lang,
                is_default,
                gaps: &gaps,
            };
            self.section_text(section, &front, &t, &mut content);
            content.sections.insert(section, page);
        }
        for section in Section::ALL {
            if content.sections.contains_key(&section) || !section.is_required() && is_default {
                continue;
            }
            let path = std::path::Path::new(&folder).join(format!("{}.md", section.file_stem()));
            // A draft left out is on disk too: only the default language's required pages may not be.
            if let Some((_, file, at)) = drafted.iter().find(|d| d.0 == section) {
                if is_default && section.is_required() {
                    self.problems.push(required_draft(file, *at, section));
                }
                continue;
            }
            if unreadable.contains(&path) || super::on_disk(files, &path) {
                continue;
            }
            if is_default && section.is_required() {
                self.problems.push(
                    Problem::about_path(&path, format!("the required page {} is missing", path.display()))
                        .hint("every strategy has a home page and the five sections context, vision, priorities, action-plan and evaluation; `lipsite new` writes them all"),
                );
            } else if source.is_some_and(|d| d.sections.contains_key(&section)) {
                self.problems.push(
                    Problem::about_path(&path, format!("{} has no translation in {}; readers get a notice with links to the other languages", section.file_stem(), lang.name)).as_warning(),
                );
                gaps.borrow_mut().push(Gap {
                    kind: GapKind::MissingFile,
                    file: path.display().to_string().replace('\\', "/"),
                    line: 0,
                    item: "page".into(),
                    id: section.file_stem().into(),
                });
            }
        }
        if let Some(file) = lf.sections.get(Section::ActionPlan.file_stem()) {
            check_progress_notes(
                self.problems,
                s,
                &content,
                &TextCtx {
                    file,
                    lang,
                    is_default,
                    gaps: &gaps,
                },
            );
        }
        for (id, file) in &lf.pages {
            if !ids::is_id(id) {
                self.problems.push(file.error(Pos::FILE, format!("`{id}` is not a valid page id")).hint("name free pages with lowercase letters, digits and hyphens, like about.md or annual-report-2025.md"));
                continue;
            }
            let Some((mut page, front)) = self.page(file, id, false, &s.config) else {
                unreadable.insert(file.path.clone());
                continue;
            };
            page.draft = self
                .draft_mark(file, &front, id, source_files.and_then(|l| l.pages.get(id)))
                .is_some();
            if page.draft && self.draft_mode == Drafts::LeaveOut {
                continue;
            }
            if !is_default {
                page.freshness = freshness(
                    &front,
                    source_files.and_then(|l| l.pages.get(id)),
                    self.parsed,
                );
            }
            let t = TextCtx {
                file,
                lang,
                is_default,
                gaps: &gaps,
            };
            self.misplaced(&front, None, &t);
            content.pages.insert(id.clone(), page);
        }
        for (id, page) in source.map(|d| &d.pages).into_iter().flatten() {
            if !content.pages.contains_key(id) {
                let path = std::path::Path::new(&folder)
                    .join("pages")
                    .join(format!("{id}.md"));
                if unreadable.contains(&path) || super::on_disk(files, &path) {
                    continue;
                }
                self.problems.push(
                    Problem::about_path(&path, format!("the page {} ({}) has no translation in {}; readers get a notice with links to the other languages", page.file.display(), page.title, lang.name)).as_warning(),
                );
                gaps.borrow_mut().push(Gap {
                    kind: GapKind::MissingFile,
                    file: path.display().to_string().replace('\\', "/"),
                    line: 0,
                    item: "page".into(),
                    id: id.clone(),
                });
            }
        }
        if let Some(file) = &lf.labels {
            if let Ok(labels) =
                yaml::parse::<LabelsText>(file, &file.text, 1).map_err(|p| self.problems.push(p))
            {
                let t = TextCtx {
                    file,
                    lang,
                    is_default,
                    gaps: &gaps,
                };
                content.labels = Labels {
                    partners: join(
                        self.problems,
                        "partners",
                        &self.reg.partners,
                        Some(&labels.partners),
                        &t,
                    ),
                    sources: join(
                        self.problems,
                        "sources",
                        &self.reg.sources,
                        Some(&labels.sources),
                        &t,
                    ),
                    methods: join(
                        self.problems,
                        "methods",
                        &self.reg.methods,
                        Some(&labels.methods),
                        &t,
                    ),
                    spending: join(
                        self.problems,
                        "spending",
                        &self.reg.spending,
                        Some(&labels.spending),
                        &t,
                    ),
                    sectors: join(
                        self.problems,
                        "sectors",
                        &self.reg.sectors,
                        Some(&labels.sectors),
                        &t,
                    ),
                    seats: join_optional(self.problems, &self.reg.seats, &labels.seats, &t),
                };
                check_seat_names(self.problems, s, &content.labels, &t);
            }
        } else {
            let needs_labels = [
                &self.reg.partners,
                &self.reg.sources,
                &self.reg.methods,
                &self.reg.spending,
                &self.reg.sectors,
            ]
            .iter()
            .any(|r| r.ids.iter().any(|id| r.needs_words(id)));
            let path = std::path::Path::new(&folder).join("labels.yaml");
            if needs_labels && !super::on_disk(files, &path) {
                let p = Problem::about_path(
                    &path,
                    format!(
                        "{} is missing: partners, sources and categories have no names in {}",
                        path.display(),
                        lang.name
                    ),
                )
                .hint("create it; docs/content-format.md shows its keys");
                self.problems
                    .push(if is_default { p } else { p.as_warning() });
                gaps.borrow_mut().push(Gap {
                    kind: GapKind::MissingFile,
                    file: path.display().to_string().replace('\\', "/"),
                    line: 0,
                    item: "labels".into(),
                    id: "labels".into(),
                });
            }
        }
        if let Some(source) = source {
            for (section, item, ids) in untranslated_texts(source, &content) {
                // A draft left out is missing as a whole, not text by text.
                if drafted.iter().any(|d| d.0 == section) {
                    continue;
                }
                if let Some(file) = lf.sections.get(section.file_stem()) {
                    let t = TextCtx {
                        file,
                        lang,
                        is_default,
                        gaps: &gaps,
                    };
                    report_untranslated(self.problems, &t, item, &ids);
                }
            }
        }
        content.translation_gaps = gaps.into_inner();
        content
    }

    /// Where a page is marked a draft: its own `draft: true` (counted here), or, for the
    /// translation of a page marked so, the whole file (it follows its source page).
    fn draft_mark(
        &mut self,
        file: &SourceFile,
        front: &FrontMatter,
        id: &str,
        source: Option<&SourceFile>,
    ) -> Option<Pos> {
        if let Some(mark) = front.draft.as_ref().filter(|d| d.value) {
            let first = front_matter::split(file).map_or(1, |p| p.yaml_line);
            let at = yaml::pos_of(mark, first);
            self.drafts.push(Draft {
                kind: "page",
                id: id.to_string(),
                file: file.path.display().to_string().replace('\\', "/"),
                line: at.line,
                column: at.column,
            });
            return Some(at);
        }
        let source = source.and_then(|f| self.parsed.get(&f.path))?;
        source
            .front
            .draft
            .as_ref()
            .is_some_and(|d| d.value)
            .then_some(Pos::FILE)
    }

    /// Parses a page's front matter and body.
    fn page(
        &mut self,
        file: &SourceFile,
        stem: &str,
        is_home: bool,
        config: &Config,
    ) -> Option<(Page, std::sync::Arc<FrontMatter>)> {
        let parts = front_matter::split(file)
            .map_err(|p| self.problems.push(p))
            .ok()?;
        let sanitized = !config.allow_raw_html;
        let known = self
            .parsed
            .get(&file.path)
            .filter(|p| p.is_of(file, sanitized));
        let parsed = match known {
            Some(parsed) => parsed,
            None => {
                let parsed = ParsedPage::of(file, sanitized)
                    .map_err(|p| self.problems.push(p))
                    .ok()?;
                self.parsed
                    .entry(file.path.clone())
                    .insert_entry(parsed)
                    .into_mut()
            }
        };
        self.problems.extend(parsed.too_deep.iter().cloned());
        let front = parsed.front.clone();
        let links = parsed.links.clone();
        let body = parsed.body.clone();
        let title = match &front.title {
            Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
            _ => {
                self.problems.push(
                    file.error(Pos::new(2, 1), "the page has no title")
                        .hint("add a line `title: ...` to the front matter"),
                );
                String::new()
            }
        };
        let slug_at = match &front.slug {
            Some(s) if !is_home && ids::is_slug(&s.value) => yaml::pos_of(s, parts.yaml_line),
            _ => Pos::FILE,
        };
        let slug = match &front.slug {
            Some(s) if is_home => {
                self.problems.push(
                    file.warning(
                        yaml::pos_of(s, parts.yaml_line),
                        "the home page has no slug; this one is ignored",
                    )
                    .hint("the home page is always /<language>/"),
                );
                String::new()
            }
            Some(s) if !ids::is_slug(&s.value) => {
                self.problems.push(
                    file.error(
                        yaml::pos_of(s, parts.yaml_line),
                        format!(
                            "`{}` is not a valid slug: it is the last part of the page's address",
                            s.value
                        ),
                    )
                    .hint(format!("use {}, like plan-d-action", ids::SLUG_RULE)),
                );
                stem.to_string()
            }
            Some(s) => s.value.clone(),
            None if is_home => String::new(),
            None => stem.to_string(),
        };
        let page = Page {
            title,
            slug,
            slug_at,
            description: front.description.trim().to_string(),
            menu: front.menu,
            body,
            file: file.path.clone(),
            freshness: Freshness::Original,
            translated_from: front.translated_from.clone(),
            links,
            draft: false,
        };
        Some((page, front))
    }

    fn section_text(
        &mut self,
        section: Section,
        f: &FrontMatter,
        t: &TextCtx,
        c: &mut LanguageContent,
    ) {
        self.misplaced(f, Some(section), t);
        match section {
            Section::Priorities => {
                c.priorities = join(
                    self.problems,
                    "priorities",
                    &self.reg.priorities,
                    f.priorities.as_ref().map(|s| &s.value),
                    t,
                )
            }
            Section::ActionPlan => {
                c.objectives = join(
                    self.problems,
                    "objectives",
                    &self.reg.objectives,
                    f.objectives.as_ref().map(|s| &s.value),
                    t,
                );
                c.actions = join(
                    self.problems,
                    "actions",
                    &self.reg.actions,
                    f.actions.as_ref().map(|s| &s.value),
                    t,
                );
            }
            Section::Evaluation => {
                c.outcomes = join(
                    self.problems,
                    "outcomes",
                    &self.reg.outcomes,
                    f.outcomes.as_ref().map(|s| &s.value),
                    t,
                );
                c.indicators = join(
                    self.problems,
                    "indicators",
                    &self.reg.indicators,
                    f.indicators.as_ref().map(|s| &s.value),
                    t,
                );
            }
            Section::Context => {
                c.figures = join(
                    self.problems,
                    "figures",
                    &self.reg.figures,
                    f.figures.as_ref().map(|s| &s.value),
                    t,
                );
                c.areas = join(
                    self.problems,
                    "areas",
                    &self.reg.areas,
                    f.areas.as_ref().map(|s| &s.value),
                    t,
                );
                c.assets = f
                    .assets
                    .as_ref()
                    .map(|s| s.value.clone())
                    .unwrap_or_default();
                c.gaps = f.gaps.as_ref().map(|s| s.value.clone()).unwrap_or_default();
            }
            Section::Council => {
                c.working_groups = join(
                    self.problems,
                    "working_groups",
                    &self.reg.working_groups,
                    f.working_groups.as_ref().map(|s| &s.value),
                    t,
                )
            }
            _ => {}
        }
    }

    /// Reports item text written in a page that does not own it.
    fn misplaced(&mut self, f: &FrontMatter, section: Option<Section>, t: &TextCtx) {
        let spans: [(&str, Section, Option<Pos>); 10] = [
            (
                "priorities",
                Section::Priorities,
                f.priorities.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "objectives",
                Section::ActionPlan,
                f.objectives.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "actions",
                Section::ActionPlan,
                f.actions.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "outcomes",
                Section::Evaluation,
                f.outcomes.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "indicators",
                Section::Evaluation,
                f.indicators.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "figures",
                Section::Context,
                f.figures.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "areas",
                Section::Context,
                f.areas.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "assets",
                Section::Context,
                f.assets.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "gaps",
                Section::Context,
                f.gaps.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
            (
                "working_groups",
                Section::Council,
                f.working_groups.as_ref().map(|s| yaml::pos_of(s, 2)),
            ),
        ];
        for (key, owner, pos) in spans {
            if let Some(pos) = pos {
                if section != Some(owner) {
                    let p = t.file.error(
                        pos,
                        format!(
                            "`{key}` belongs in {}.md, not in this page",
                            owner.file_stem()
                        ),
                    );
                    self.problems.push(p.hint(format!(
                        "move this block to content/{}/{}.md",
                        t.lang.code,
                        owner.file_stem()
                    )));
                }
            }
        }
    }
}

/// A required page of the default language that is a draft: the site cannot be published without it.
fn required_draft(file: &SourceFile, at: Pos, section: Section) -> Problem {
    file.error(
        at,
        format!(
            "{} is a draft (`draft: true`), but every strategy publishes its {} page",
            file.path.display(),
            section.file_stem()
        ),
    )
    .hint("remove `draft: true` when the page is ready; until then `lipsite serve` and `lipsite build --drafts` show it")
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
            p.hint(format!("add the text under `{key}:` in this file; the ids come from {}", reg.home))
        } else {
            p.hint("until it is translated, readers see the default language's text, marked with its language").as_warning()
        });
    }
    map
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

/// Texts the default language gives and a translation leaves out, by the page they belong on:
/// optional texts (a priority's summary, an action's description …) and list items (the context
/// page's assets and gaps, by position). Readers see the default language's text in their place.
fn untranslated_texts(
    source: &LanguageContent,
    own: &LanguageContent,
) -> Vec<(Section, &'static str, Vec<String>)> {
    fn empty_where<T>(
        source: &HashMap<String, T>,
        own: &HashMap<String, T>,
        text: impl Fn(&T) -> &str,
    ) -> Vec<String> {
        let mut ids: Vec<String> = own
            .iter()
            .filter(|(id, t)| {
                text(t).trim().is_empty()
                    && source.get(*id).is_some_and(|s| !text(s).trim().is_empty())
            })
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        ids
    }
    let positions = |source: &Vec<String>, own: &Vec<String>| -> Vec<String> {
        (own.len()..source.len())
            .map(|i| format!("#{}", i + 1))
            .collect()
    };
    vec![
        (
            Section::Priorities,
            "priority summary",
            empty_where(&source.priorities, &own.priorities, |t| &t.summary),
        ),
        (
            Section::ActionPlan,
            "action description",
            empty_where(&source.actions, &own.actions, |t| &t.description),
        ),
        (
            Section::Evaluation,
            "indicator unit",
            empty_where(&source.indicators, &own.indicators, |t| &t.unit_label),
        ),
        (
            Section::Council,
            "working group description",
            empty_where(&source.working_groups, &own.working_groups, |t| {
                &t.description
            }),
        ),
        (
            Section::Context,
            "asset",
            positions(&source.assets, &own.assets),
        ),
        (Section::Context, "gap", positions(&source.gaps, &own.gaps)),
    ]
    .into_iter()
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
fn check_progress_notes(
    problems: &mut Problems,
    s: &Strategy,
    content: &LanguageContent,
    t: &TextCtx,
) {
    for action in &s.actions {
        let Some(text) = content.actions.get(&action.id) else {
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
    for seat in council.seats.iter().filter(|seat| seat.partner.is_none()) {
        if !labels.seats.contains_key(&seat.id) {
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
}

/// Compares a translation's stamp with the current version of its source page.
fn freshness(front: &FrontMatter, source: Option<&SourceFile>, parsed: &ParseCache) -> Freshness {
    let version = |f: &SourceFile| match parsed.get(&f.path) {
        Some(p) if std::sync::Arc::ptr_eq(&p.text, &f.text) && p.version.is_some() => {
            p.version.clone()
        }
        _ => Some(crate::content::version_of(&f.text)),
    };
    Freshness::of_version(front.translated_from.as_deref(), source.and_then(version))
}

/// Where a block of words comes from, and where its gaps are recorded.
struct TextCtx<'a> {
    file: &'a SourceFile,
    lang: &'a Language,
    is_default: bool,
    gaps: &'a RefCell<Vec<Gap>>,
}

impl TextCtx<'_> {
    /// Missing or stale words are errors in the default language, which must be complete, and
    /// warnings in a translation, which falls back to it.
    fn report(&self, problems: &mut Problems, problem: Problem) {
        problems.push(if self.is_default {
            problem
        } else {
            problem.as_warning()
        });
    }

    fn gap(&self, kind: GapKind, line: usize, item: &str, id: &str) {
        let file = self.file.path.display().to_string().replace('\\', "/");
        self.gaps.borrow_mut().push(Gap {
            kind,
            file,
            line,
            item: item.to_string(),
            id: id.to_string(),
        });
    }
}
