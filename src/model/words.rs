//! One language's words: its pages, its labels and the text for each id, joined to the data.
//!
//! The default language must be complete (a gap is an error); a translation may lag behind (a gap
//! is a warning, the default language's words are shown, and the gap is recorded for the
//! translators' report).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::item_words::check_progress_notes;
use super::join::{key, Joiner, ParsedPage};
use super::text::FrontMatter;
use super::*;
use crate::config::{Config, Language};
use crate::content::{front_matter, LanguageFiles, RepositoryFiles};
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::ids;
use crate::layout;
use crate::yaml;

impl Joiner<'_> {
    pub(super) fn check_language_folders(&mut self, config: &Config, files: &RepositoryFiles) {
        for code in files.languages.keys() {
            if config.language(code).is_none() {
                let path = layout::language_folder(code);
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

    /// Reads one language's pages and labels and joins their words to the data. `source` is the
    /// default language's content, or `None` when this is the default language.
    pub(super) fn language(
        &mut self,
        s: &Strategy,
        lang: &Language,
        source: Option<&LanguageContent>,
        files: &RepositoryFiles,
    ) -> LanguageContent {
        let empty = LanguageFiles::default();
        let mut l = LanguageJoin {
            s,
            lang,
            source,
            files,
            own: files.languages.get(&lang.code).unwrap_or(&empty),
            source_files: files.languages.get(&s.config.default_language().code),
            gaps: RefCell::default(),
            unreadable: HashSet::new(),
            drafted: Vec::new(),
        };
        let mut content = LanguageContent::default();
        self.section_pages(&mut l, &mut content);
        self.missing_sections(&l, &content);
        if let Some(file) = l.own.sections.get(Section::ActionPlan.file_stem()) {
            check_progress_notes(self.problems, s, &content, &l.text_in(file));
        }
        self.free_pages(&mut l, &mut content);
        self.missing_free_pages(&l, &content);
        self.labels(&l, &mut content);
        self.untranslated(&l, &content);
        content.translation_gaps = l.gaps.into_inner();
        content
    }

    /// Reads the section pages of a language and the words of the items on them.
    fn section_pages(&mut self, l: &mut LanguageJoin, content: &mut LanguageContent) {
        let own = l.own;
        for (stem, file) in &own.sections {
            let Some(section) = Section::from_stem(stem) else {
                self.problems.push(not_a_section(file, &l.lang.code));
                continue;
            };
            let home = section == Section::Home;
            let Some((mut page, front)) = self.page(file, stem, home, &l.s.config) else {
                l.unreadable.insert(file.path.clone());
                continue;
            };
            let source = l.source_files.and_then(|f| f.sections.get(stem));
            let draft = draft_mark(self.parsed, (file, &front, stem, source), &mut self.drafts);
            page.draft = draft.is_some();
            if let (Some(at), Drafts::LeaveOut) = (draft, self.draft_mode) {
                l.drafted.push((section, file, at));
                continue;
            }
            if !l.is_default() {
                page.freshness = freshness(&front, source, self.parsed);
            }
            let t = l.text_in(file);
            self.section_text(section, &front, &t, l.s, content);
            content.sections.insert(section, page);
        }
    }

    /// Reports the section pages a language lacks: in the default language the required ones
    /// (an error), in a translation those the default language has (a warning and a gap).
    fn missing_sections(&mut self, l: &LanguageJoin, content: &LanguageContent) {
        let is_default = l.is_default();
        for section in Section::ALL {
            if content.sections.contains_key(&section) || !section.is_required() && is_default {
                continue;
            }
            let path = layout::section_page(&l.lang.code, section.file_stem());
            // A draft left out is on disk too: only the default language's required pages may not be.
            if let Some((_, file, at)) = l.drafted.iter().find(|d| d.0 == section) {
                if is_default && section.is_required() {
                    self.problems.push(required_draft(file, *at, section));
                }
                continue;
            }
            if l.unreadable.contains(&path) || super::on_disk(l.files, &path) {
                continue;
            }
            if is_default && section.is_required() {
                self.problems.push(
                    Problem::about_path(&path, format!("the required page {} is missing", path.display()))
                        .hint("every strategy has a home page and the five sections context, vision, priorities, action-plan and evaluation; `lipsite new` writes them all"),
                );
            } else if l.source.is_some_and(|d| d.sections.contains_key(&section)) {
                self.problems.push(
                    Problem::about_path(&path, format!("{} has no translation in {}; readers get a notice with links to the other languages", section.file_stem(), l.lang.name)).as_warning(),
                );
                l.missing_file(&path, "page", section.file_stem());
            }
        }
    }

    /// Reads the free pages of a language: each joined on its own, in parallel (a language may
    /// have thousands), or taken from the last load when nothing it is joined from changed; then
    /// added in their order.
    fn free_pages(&mut self, l: &mut LanguageJoin, content: &mut LanguageContent) {
        let own = l.own;
        let free = l.free_join(self.draft_mode);
        match self.known_free_pages(&free, own) {
            Some(pages) => content.pages = pages,
            None => self.join_free_pages(l, &free, content),
        }
    }

    /// The free pages of `own` as the last load joined them all, brought up to date (the few
    /// whose file or source page's file changed since are joined again), their problems and
    /// draft marks reported. `None` when pages came or went, many changed, or one's front matter
    /// does not parse (joining them all reports why).
    fn known_free_pages(
        &mut self,
        free: &FreeJoin,
        own: &LanguageFiles,
    ) -> Option<std::collections::BTreeMap<String, std::sync::Arc<Page>>> {
        let stale = self.parsed.joined.stale(free, own)?;
        if stale.len() > REJOINED_AT_MOST {
            return None;
        }
        let parsed: &ParseCache = self.parsed;
        let rejoined = stale
            .into_iter()
            .map(|(id, file)| {
                let known = parsed.joined.get(free, id, file).cloned();
                let joined = known.or_else(|| free.page(parsed, id, file))?;
                Some(((id, file), joined))
            })
            .collect::<Option<Vec<_>>>()?;
        let known = self.parsed.joined.patch(free, own, rejoined);
        let notes = known.notes.values();
        self.problems
            .extend(notes.clone().flat_map(|n| n.problems.iter().cloned()));
        self.drafts.extend(notes.filter_map(|n| n.draft.clone()));
        Some(known.pages.clone())
    }

    /// Joins every free page of the language anew, in parallel, each taken from the last load
    /// when its file and its source page's file are as they were.
    fn join_free_pages(
        &mut self,
        l: &mut LanguageJoin,
        free: &FreeJoin,
        content: &mut LanguageContent,
    ) {
        use rayon::prelude::*;
        let own = l.own;
        let sanitized = free.sanitized;
        let parsed: &ParseCache = self.parsed;
        let joined: Vec<(Option<FreePage>, bool)> = own
            .pages
            .par_iter()
            .map(|(id, file)| match parsed.joined.get(free, id, file) {
                Some(known) => (Some(known.clone()), false),
                None => (free.page(parsed, id, file), true),
            })
            .collect();
        let mut whole = JoinedLanguage::default();
        let mut readable = true;
        for ((id, file), (joined, fresh)) in own.pages.iter().zip(joined) {
            // A page whose front matter did not parse: parsed here, which reports why.
            let joined = joined.or_else(|| match ParsedPage::of(file, sanitized) {
                Ok(parsed) => {
                    self.parsed.insert(&file.path, parsed);
                    free.page(self.parsed, id, file)
                }
                Err(p) => {
                    self.problems.push(p);
                    None
                }
            });
            let Some(joined) = joined else {
                l.unreadable.insert(file.path.clone());
                readable = false;
                continue;
            };
            if fresh {
                self.parsed.joined.remember(free, (id, file), &joined);
            }
            self.problems.extend(joined.problems.iter().cloned());
            self.drafts.extend(joined.draft.iter().cloned());
            whole.set(id, joined);
        }
        content.pages = whole.pages.clone();
        if readable {
            self.parsed.joined.remember_language(free, own, whole);
        }
    }

    /// Reports the free pages of the default language that a translation lacks.
    fn missing_free_pages(&mut self, l: &LanguageJoin, content: &LanguageContent) {
        for (id, page) in l.source.map(|d| &d.pages).into_iter().flatten() {
            if content.pages.contains_key(id) {
                continue;
            }
            let path = layout::free_page(&l.lang.code, id);
            if l.unreadable.contains(&path) || super::on_disk(l.files, &path) {
                continue;
            }
            self.problems.push(
                Problem::about_path(&path, format!("the page {} ({}) has no translation in {}; readers get a notice with links to the other languages", page.file.display(), page.title, l.lang.name)).as_warning(),
            );
            l.missing_file(&path, "page", id);
        }
    }

    /// Parses a page's front matter and body.
    fn page(
        &mut self,
        file: &SourceFile,
        stem: &str,
        is_home: bool,
        config: &Config,
    ) -> Option<(Page, std::sync::Arc<FrontMatter>)> {
        let parsed = self.parsed_page(file, !config.allow_raw_html)?;
        let front = parsed.front.clone();
        let mut problems = Vec::new();
        let page = page_of(parsed, file, (stem, is_home), &mut problems);
        self.problems.extend(problems);
        Some((page, front))
    }

    /// What an earlier load learned from the page, if its text is the same; else parses it now.
    /// Its nesting problems are reported either way.
    fn parsed_page(&mut self, file: &SourceFile, sanitized: bool) -> Option<&ParsedPage> {
        let known = self
            .parsed
            .get(&file.path)
            .is_some_and(|p| p.is_of(file, sanitized));
        if !known {
            let parsed = ParsedPage::of(file, sanitized)
                .map_err(|p| self.problems.push(p))
                .ok()?;
            self.parsed.insert(&file.path, parsed);
        }
        let parsed = self.parsed.get(&file.path)?;
        self.problems.extend(parsed.too_deep.iter().cloned());
        Some(parsed)
    }
}

/// A page as its parse gives it, its problems (a missing title, a bad slug, Markdown nested too
/// deeply) added to `problems`.
fn page_of(
    parsed: &ParsedPage,
    file: &SourceFile,
    (stem, is_home): (&str, bool),
    problems: &mut Vec<Problem>,
) -> Page {
    problems.extend(parsed.too_deep.iter().cloned());
    let front = &parsed.front;
    let title = title_of(file, front, problems);
    let (slug, slug_at) = slug_of(file, front, (stem, is_home), (parsed.yaml_line, problems));
    Page {
        title,
        slug,
        slug_at,
        description: front.description.trim().to_string(),
        menu: front.menu,
        body: parsed.body.clone(),
        file: file.path.clone(),
        freshness: Freshness::Original,
        translated_from: front.translated_from.clone(),
        links: parsed.links.clone(),
        draft: false,
    }
}

fn title_of(file: &SourceFile, front: &FrontMatter, problems: &mut Vec<Problem>) -> String {
    match &front.title {
        Some(t) if !t.value.trim().is_empty() => t.value.trim().to_string(),
        _ => {
            problems.push(
                file.error(Pos::new(2, 1), "the page has no title")
                    .hint("add a line `title: ...` to the front matter"),
            );
            String::new()
        }
    }
}

/// The page's slug and where it is written: its own, else its file name (the home page has
/// none).
fn slug_of(
    file: &SourceFile,
    front: &FrontMatter,
    (stem, is_home): (&str, bool),
    (yaml_line, problems): (usize, &mut Vec<Problem>),
) -> (String, Pos) {
    let slug_at = match &front.slug {
        Some(s) if !is_home && ids::is_slug(&s.value) => yaml::pos_of(s, yaml_line),
        _ => Pos::FILE,
    };
    let slug = match &front.slug {
        Some(s) if is_home => {
            problems.push(
                file.warning(
                    yaml::pos_of(s, yaml_line),
                    "the home page has no slug; this one is ignored",
                )
                .hint("the home page is always /<language>/"),
            );
            String::new()
        }
        Some(s) if !ids::is_slug(&s.value) => {
            problems.push(
                file.error(
                    yaml::pos_of(s, yaml_line),
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
    (slug, slug_at)
}

/// One free page joined on its own: the page (none when it is a draft left out), where it is
/// marked a draft, and its problems.
#[derive(Clone)]
struct FreePage {
    page: Option<std::sync::Arc<Page>>,
    draft: Option<Draft>,
    problems: Vec<Problem>,
}

/// The free pages the last loads of a session joined, by file, with what each was joined from:
/// a page is joined again only when its file or its source page's file (for a translation)
/// changed. A change to `lipsite.yaml` (the languages, the sanitizing of raw HTML) or to the
/// drafts mode joins them all again; a page's language follows from its file's path. A one-off
/// build keeps none.
#[derive(Default)]
pub(super) struct JoinedPages {
    keep: bool,
    /// The text of `lipsite.yaml` and the drafts mode the pages were joined under.
    setting: Option<(std::sync::Arc<str>, Drafts)>,
    pages: rustc_hash::FxHashMap<Box<[u8]>, Joined>,
    /// Each language's free pages as the last load joined them, by language code.
    languages: HashMap<String, JoinedLanguage>,
}

/// A language's free pages as one load joined them all, with the texts they came from: taken by
/// the next load when none of those texts changed (an edit to data or labels, or to a page of
/// another language), or when only a few did (a page's title or menu place), with those few joined
/// again, instead of looking each page up.
#[derive(Default)]
struct JoinedLanguage {
    /// The id and text of each of the language's page files, then of the default language's
    /// (which its translations are compared with), in order.
    texts: Vec<(String, std::sync::Arc<str>)>,
    pages: std::collections::BTreeMap<String, std::sync::Arc<Page>>,
    /// The problems and draft mark of each page that has any, by id: in the order of the pages.
    notes: std::collections::BTreeMap<String, Notes>,
}

/// What joining one free page reported besides the page.
#[derive(Clone)]
struct Notes {
    problems: Vec<Problem>,
    draft: Option<Draft>,
}

/// How many changed free pages of a language are joined again one by one, the others taken as
/// the last load joined them; beyond it, all are joined again, in parallel.
const REJOINED_AT_MOST: usize = 32;

impl JoinedLanguage {
    /// The page files `free` joins for `own`, in order.
    fn files<'f>(
        free: &FreeJoin<'f>,
        own: &'f LanguageFiles,
    ) -> impl Iterator<Item = (&'f String, &'f SourceFile)> {
        let source = free.source_files.filter(|_| !free.is_default);
        own.pages
            .iter()
            .chain(source.into_iter().flat_map(|s| &s.pages))
    }

    /// Puts the free page `id` as joined now in place of what it was.
    fn set(&mut self, id: &str, joined: FreePage) {
        match joined.page {
            Some(page) => self.pages.insert(id.to_string(), page),
            None => self.pages.remove(id),
        };
        if joined.problems.is_empty() && joined.draft.is_none() {
            self.notes.remove(id);
        } else {
            let notes = Notes {
                problems: joined.problems,
                draft: joined.draft,
            };
            self.notes.insert(id.to_string(), notes);
        }
    }
}

/// One free page as joined, and the texts it was joined from.
struct Joined {
    text: std::sync::Arc<str>,
    source: Option<std::sync::Arc<str>>,
    page: FreePage,
}

impl JoinedPages {
    pub(super) fn keeping() -> JoinedPages {
        JoinedPages {
            keep: true,
            ..JoinedPages::default()
        }
    }

    /// Readies the cache for a load of `files` under `config` and `drafts`: forgets every page
    /// when either changed, and the pages whose files are gone.
    pub(super) fn start(
        &mut self,
        (config, drafts): (&SourceFile, Drafts),
        files: &RepositoryFiles,
    ) {
        if !self.keep {
            return;
        }
        let same = self.setting.as_ref().is_some_and(|(text, mode)| {
            std::sync::Arc::ptr_eq(text, &config.text) && *mode == drafts
        });
        if !same {
            self.pages.clear();
            self.languages.clear();
            self.setting = Some((config.text.clone(), drafts));
        }
        let free_pages = files.languages.values().map(|l| l.pages.len()).sum();
        if self.pages.len() > free_pages {
            let present: HashSet<&[u8]> = files
                .languages
                .values()
                .flat_map(|l| l.pages.values())
                .map(|f| key(&f.path))
                .collect();
            self.pages.retain(|path, _| present.contains(&**path));
        }
    }

    /// The page `id` of `file` as joined before by `free`, when neither text it was joined from
    /// changed.
    fn get(&self, free: &FreeJoin, id: &str, file: &SourceFile) -> Option<&FreePage> {
        use std::sync::Arc;
        let known = self.pages.get(key(&file.path))?;
        let same_source = match (&known.source, free.source(id)) {
            (Some(then), Some(now)) => Arc::ptr_eq(then, &now.text),
            (None, None) => true,
            _ => false,
        };
        (Arc::ptr_eq(&known.text, &file.text) && same_source).then_some(&known.page)
    }

    /// The pages of `own` whose file or source page's file changed since the last load joined
    /// them all, with their files; `None` when it did not, or pages came or went since.
    fn stale<'f>(
        &self,
        free: &FreeJoin<'f>,
        own: &'f LanguageFiles,
    ) -> Option<Vec<(&'f String, &'f SourceFile)>> {
        let known = self.languages.get(&free.lang.code)?;
        let mut now = JoinedLanguage::files(free, own);
        let mut stale = Vec::new();
        for (id, text) in &known.texts {
            let (i, f) = now.next().filter(|(i, _)| *i == id)?;
            if !std::sync::Arc::ptr_eq(text, &f.text) {
                // A source page's change reaches its translation, if there is one.
                stale.extend(own.pages.get_key_value(i));
            }
        }
        stale.sort_by_key(|(id, _)| *id);
        stale.dedup_by_key(|(id, _)| *id);
        now.next().is_none().then_some(stale)
    }

    /// The language's pages as the last load joined them, with the `rejoined` ones in place and
    /// the texts they were all joined from now; each rejoined page is remembered on its own too.
    /// Only after `stale` said which pages to join again.
    fn patch(
        &mut self,
        free: &FreeJoin,
        own: &LanguageFiles,
        rejoined: Vec<((&String, &SourceFile), FreePage)>,
    ) -> &JoinedLanguage {
        for ((id, file), joined) in &rejoined {
            self.remember(free, (id, file), joined);
        }
        let known = self
            .languages
            .get_mut(&free.lang.code)
            .expect("`stale` found the language");
        for ((id, _), joined) in rejoined {
            known.set(id, joined);
        }
        for ((_, text), (_, f)) in known.texts.iter_mut().zip(JoinedLanguage::files(free, own)) {
            if !std::sync::Arc::ptr_eq(text, &f.text) {
                *text = f.text.clone();
            }
        }
        known
    }

    /// Remembers `whole`, the free pages of `own` as joined now.
    fn remember_language(&mut self, free: &FreeJoin, own: &LanguageFiles, whole: JoinedLanguage) {
        if !self.keep {
            return;
        }
        let texts = JoinedLanguage::files(free, own)
            .map(|(id, f)| (id.clone(), f.text.clone()))
            .collect();
        let whole = JoinedLanguage { texts, ..whole };
        self.languages.insert(free.lang.code.clone(), whole);
    }

    fn remember(&mut self, free: &FreeJoin, (id, file): (&str, &SourceFile), page: &FreePage) {
        if !self.keep {
            return;
        }
        let joined = Joined {
            text: file.text.clone(),
            source: free.source(id).map(|f| f.text.clone()),
            page: page.clone(),
        };
        self.pages.insert(key(&file.path).into(), joined);
    }
}

impl<'a> LanguageJoin<'a> {
    /// What joining one of the language's free pages needs besides its parse, in `drafts` mode.
    fn free_join(&self, drafts: Drafts) -> FreeJoin<'a> {
        FreeJoin {
            source_files: self.source_files,
            lang: self.lang,
            is_default: self.is_default(),
            sanitized: !self.s.config.allow_raw_html,
            drafts,
        }
    }
}

/// What joining a free page on its own needs besides the parses: the language and its settings.
struct FreeJoin<'a> {
    /// The default language's files, which a translation is compared with.
    source_files: Option<&'a LanguageFiles>,
    lang: &'a Language,
    is_default: bool,
    /// Whether raw HTML in Markdown is sanitized.
    sanitized: bool,
    drafts: Drafts,
}

impl FreeJoin<'_> {
    /// The default language's page `id`, which a translation is compared with, if any.
    fn source(&self, id: &str) -> Option<&SourceFile> {
        self.source_files?.pages.get(id)
    }

    /// Joins the free page `id` of `file` from what its parse learned; `None` when its front
    /// matter did not parse.
    fn page(&self, parsed: &ParseCache, id: &str, file: &SourceFile) -> Option<FreePage> {
        let mut problems = Vec::new();
        if !ids::is_id(id) {
            problems.push(file.error(Pos::FILE, format!("`{id}` is not a valid page id")).hint("name free pages with lowercase letters, digits and hyphens, like about.md or annual-report-2025.md"));
            return Some(FreePage {
                page: None,
                draft: None,
                problems,
            });
        }
        let known = parsed
            .get(&file.path)
            .filter(|p| p.is_of(file, self.sanitized))?;
        let source = self.source(id);
        let mut page = page_of(known, file, (id, false), &mut problems);
        let mut marked = Vec::new();
        page.draft = draft_mark(parsed, (file, &known.front, id, source), &mut marked).is_some();
        let draft = marked.pop();
        if page.draft && self.drafts == Drafts::LeaveOut {
            return Some(FreePage {
                page: None,
                draft,
                problems,
            });
        }
        if !self.is_default {
            page.freshness = freshness(&known.front, source, parsed);
        }
        problems.extend(super::item_words::misplaced(
            &known.front,
            None,
            file,
            self.lang,
        ));
        Some(FreePage {
            page: Some(std::sync::Arc::new(page)),
            draft,
            problems,
        })
    }
}

/// Where a page is marked a draft: its own `draft: true` (added to `drafts`), or, for the
/// translation of a page marked so, the whole file (it follows its source page).
fn draft_mark(
    parsed: &ParseCache,
    (file, front, id, source): (&SourceFile, &FrontMatter, &str, Option<&SourceFile>),
    drafts: &mut Vec<Draft>,
) -> Option<Pos> {
    if let Some(mark) = front.draft.as_ref().filter(|d| d.value) {
        let first = front_matter::split(file).map_or(1, |p| p.yaml_line);
        let at = yaml::pos_of(mark, first);
        drafts.push(Draft {
            kind: "page",
            id: id.to_string(),
            file: file.path.display().to_string().replace('\\', "/"),
            line: at.line,
            column: at.column,
        });
        return Some(at);
    }
    let source = source.and_then(|f| parsed.get(&f.path))?;
    source
        .front
        .draft
        .as_ref()
        .is_some_and(|d| d.value)
        .then_some(Pos::FILE)
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

/// Compares a translation's stamp with the current version of its source page.
fn freshness(front: &FrontMatter, source: Option<&SourceFile>, parsed: &ParseCache) -> Freshness {
    let version = |f: &SourceFile| match parsed.get(&f.path) {
        Some(p) if std::sync::Arc::ptr_eq(&p.text, &f.text) => p.version().to_string(),
        _ => crate::content::version_of(&f.text),
    };
    Freshness::of_version(front.translated_from.as_deref(), source.map(version))
}

/// A top-level page that is not one of the sections.
fn not_a_section(file: &SourceFile, code: &str) -> Problem {
    file.warning(
        Pos::FILE,
        format!(
            "{} is not a section page, so it is not built",
            file.path.display()
        ),
    )
    .hint(format!(
        "free pages go in {}/; the section pages are {}",
        layout::language_folder(code).join(layout::PAGES).display(),
        Section::ALL
            .map(|s| format!("{}.md", s.file_stem()))
            .join(", ")
    ))
}

/// One language being joined: its files, and what is learned on the way.
pub(super) struct LanguageJoin<'a> {
    pub(super) s: &'a Strategy,
    pub(super) lang: &'a Language,
    /// The default language's content, or `None` when this is the default language.
    pub(super) source: Option<&'a LanguageContent>,
    pub(super) files: &'a RepositoryFiles,
    pub(super) own: &'a LanguageFiles,
    source_files: Option<&'a LanguageFiles>,
    gaps: RefCell<Vec<Gap>>,
    /// Pages that exist but could not be read: their one problem is reported, and they are not
    /// reported again as missing or untranslated.
    unreadable: HashSet<PathBuf>,
    /// Section pages that are drafts left out, with where they are marked so.
    pub(super) drafted: Vec<(Section, &'a SourceFile, Pos)>,
}

impl LanguageJoin<'_> {
    pub(super) fn is_default(&self) -> bool {
        self.source.is_none()
    }

    /// The context of words read from `file` of this language.
    pub(super) fn text_in<'t>(&'t self, file: &'t SourceFile) -> TextCtx<'t> {
        TextCtx {
            file,
            lang: self.lang,
            is_default: self.is_default(),
            gaps: &self.gaps,
        }
    }

    /// Records a file this language lacks, for the translators' report.
    pub(super) fn missing_file(&self, path: &Path, item: &str, id: &str) {
        self.gaps.borrow_mut().push(Gap {
            kind: GapKind::MissingFile,
            file: path.display().to_string().replace('\\', "/"),
            line: 0,
            item: item.into(),
            id: id.into(),
        });
    }
}

/// Where a block of words comes from, and where its gaps are recorded.
pub(super) struct TextCtx<'a> {
    pub(super) file: &'a SourceFile,
    pub(super) lang: &'a Language,
    pub(super) is_default: bool,
    gaps: &'a RefCell<Vec<Gap>>,
}

impl TextCtx<'_> {
    /// Missing or stale words are errors in the default language, which must be complete, and
    /// warnings in a translation, which falls back to it.
    pub(super) fn report(&self, problems: &mut Problems, problem: Problem) {
        problems.push(if self.is_default {
            problem
        } else {
            problem.as_warning()
        });
    }

    pub(super) fn gap(&self, kind: GapKind, line: usize, item: &str, id: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::RepositoryFiles;

    /// The example's files, and a load of them through `cache`.
    fn load(files: &RepositoryFiles, cache: &mut ParseCache, drafts: Drafts) -> Strategy {
        let mut problems = Problems::default();
        let s = super::super::join::load_cached(files, &mut problems, cache, drafts);
        s.unwrap_or_else(|| panic!("{:?}", problems.into_sorted()))
    }

    fn about(s: &Strategy, lang: &str) -> std::sync::Arc<Page> {
        let li = s.config.language_index(lang).unwrap();
        s.content[li].pages["about"].clone()
    }

    fn edit(file: &mut SourceFile, from: &str, to: &str) {
        *file = file.with_edit(from, to);
    }

    #[test]
    fn a_free_page_is_joined_again_only_when_its_file_its_source_or_the_settings_change() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
        let mut files = RepositoryFiles::read(&repo, &mut Problems::default());
        let mut cache = ParseCache::keeping();
        let first = load(&files, &mut cache, Drafts::LeaveOut);
        assert_eq!(about(&first, "fr").freshness, Freshness::Current);

        // Nothing changed: the very same pages.
        let again = load(&files, &mut cache, Drafts::LeaveOut);
        assert!(std::sync::Arc::ptr_eq(
            &about(&first, "fr"),
            &about(&again, "fr")
        ));
        assert!(std::sync::Arc::ptr_eq(
            &about(&first, "en"),
            &about(&again, "en")
        ));

        // The source page's text changed: its translation is outdated, not taken as it was.
        let en = files.languages.get_mut("en").unwrap();
        edit(en.pages.get_mut("about").unwrap(), "## ", "## Our ");
        let edited = load(&files, &mut cache, Drafts::LeaveOut);
        assert_eq!(about(&edited, "fr").freshness, Freshness::Outdated);
        assert!(!std::sync::Arc::ptr_eq(
            &about(&again, "en"),
            &about(&edited, "en")
        ));

        // The translation's own title changed.
        let fr = files.languages.get_mut("fr").unwrap();
        edit(
            fr.pages.get_mut("about").unwrap(),
            "title: À propos",
            "title: Au sujet",
        );
        let retitled = load(&files, &mut cache, Drafts::LeaveOut);
        assert_eq!(about(&retitled, "fr").title, "Au sujet du Partenariat");

        // Another setting: drafts shown. And lipsite.yaml changed: everything is joined again.
        let shown = load(&files, &mut cache, Drafts::Show);
        assert!(!std::sync::Arc::ptr_eq(
            &about(&retitled, "fr"),
            &about(&shown, "fr")
        ));
        let config = files.config.as_mut().unwrap();
        *config = SourceFile::new(config.path.clone(), format!("{}\n", config.text));
        let reconfigured = load(&files, &mut cache, Drafts::Show);
        assert!(!std::sync::Arc::ptr_eq(
            &about(&shown, "en"),
            &about(&reconfigured, "en")
        ));
        assert_eq!(about(&reconfigured, "fr").title, "Au sujet du Partenariat");
    }

    /// What a load of `files` makes of the free pages, the problems it reports and the drafts
    /// it finds, as text to compare.
    fn free_pages_of(files: &RepositoryFiles, cache: &mut ParseCache) -> String {
        let mut problems = Problems::default();
        let s = super::super::join::load_cached(files, &mut problems, cache, Drafts::LeaveOut);
        let pages = s.as_ref().map(|s| {
            let pages = s.content.iter().flat_map(|c| &c.pages);
            let pages = pages.map(|(id, p)| format!("{id}: {} {:?}", p.title, p.freshness));
            (pages.collect::<Vec<_>>(), s.drafts.clone())
        });
        format!("{pages:#?}\n{:#?}", problems.into_sorted())
    }

    #[test]
    fn a_few_free_pages_joined_again_alone_give_what_joining_them_all_gives() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
        let mut files = RepositoryFiles::read(&repo, &mut Problems::default());
        let mut cache = ParseCache::keeping();
        free_pages_of(&files, &mut cache);
        let edits: [(&str, &str, &str, &str); 6] = [
            ("en", "contact", "menu: 20", "menu: 20\ndraft: true"),
            ("en", "about", "menu: 10", "menu: 10\ngaps:\n  - none"),
            ("fr", "about", "title: À propos", "title: Au sujet"),
            ("en", "about", "menu: 10\ngaps:\n  - none", "menu: 10"),
            ("en", "contact", "menu: 20\ndraft: true", "menu: 20"),
            ("en", "about", "title: About", "title: All about"),
        ];
        for (lang, id, from, to) in edits {
            let file = files.languages.get_mut(lang).unwrap();
            let file = file.pages.get_mut(id).unwrap();
            assert!(file.text.contains(from), "{lang}/{id} has {from:?}");
            edit(file, from, to);
            let session = free_pages_of(&files, &mut cache);
            let alone = free_pages_of(&files, &mut ParseCache::default());
            assert_eq!(session, alone, "after {lang}/{id}: {from:?} -> {to:?}");
        }
    }

    #[test]
    fn a_one_off_load_keeps_no_joined_page() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
        let files = RepositoryFiles::read(&repo, &mut Problems::default());
        let mut cache = ParseCache::default();
        load(&files, &mut cache, Drafts::LeaveOut);
        assert!(cache.joined.pages.is_empty());
    }
}
