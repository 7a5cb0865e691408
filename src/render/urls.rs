//! Which pages exist in which language, and their addresses.
//!
//! Every page of the site is a [`PageKey`]. A language that lacks a page still gets one at the
//! default language's slug: a notice in that language with links to the languages that have it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::views::Link;
use crate::config::Direction;
use crate::diagnostics::{Pos, Problem, Problems};
use crate::i18n::LangMark;
use crate::i18n::Words;
use crate::ids;
use crate::model::{Page, Section, Strategy};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PageKey {
    Home,
    Section(Section),
    /// The whole strategy on one page, generated in every language.
    Strategy,
    /// A free page, by its file name.
    Free(String),
}

impl PageKey {
    /// A stable name for templates and tests.
    pub(crate) fn name(&self) -> String {
        match self {
            PageKey::Home => "home".into(),
            PageKey::Section(s) => s.file_stem().into(),
            PageKey::Strategy => "strategy".into(),
            PageKey::Free(id) => format!("page/{id}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
struct LanguagePages {
    code: String,
    locale: String,
    direction: Direction,
    /// Slug of every page of the site in this language (real or notice), at its index in
    /// `Urls::keys`; empty for the home page.
    slugs: Vec<String>,
    /// Title of every page in this language, by index; a missing page gets the interface word
    /// for it, or a free page the title it has in another language.
    titles: Vec<String>,
    /// The language of each title that is not in this language, by the page's index.
    titles_from: HashMap<usize, usize>,
    /// Whether this language has its own version of each page (not a notice), by index.
    has: Vec<bool>,
    /// The menu's pages, by position and index.
    menu: Vec<(i64, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Urls {
    base_path: String,
    base_url: String,
    pub keys: Vec<PageKey>,
    /// The place of each key in `keys`: every page looks several up (its own address, its other
    /// languages'), which a search of a thousand keys made a tenth of rendering a page.
    places: rustc_hash::FxHashMap<PageKey, usize>,
    langs: Vec<LanguagePages>,
}

const PRIMARY: [Section; 5] = [
    Section::Context,
    Section::Vision,
    Section::Priorities,
    Section::ActionPlan,
    Section::Evaluation,
];
const SECONDARY: [Section; 4] = [
    Section::Research,
    Section::Spending,
    Section::Council,
    Section::Outreach,
];

/// A page's slug in one language, and where it was written.
#[derive(Clone, Copy)]
struct Slug<'s> {
    text: &'s str,
    /// `None` for the home page, whose address is the language's own.
    from: Option<SlugOrigin<'s>>,
}

/// Where a slug was written, as found while making the addresses: made into a [`SlugSource`]
/// only for a problem to say so, since thousands of pages have none.
#[derive(Clone, Copy)]
enum SlugOrigin<'s> {
    /// The page's `slug:`, or its file name.
    Page(&'s Page),
    /// The page of another language whose slug a notice in language `.1` takes.
    Notice(&'s Page, usize),
    /// The interface word of language `.0` that names the one-page strategy.
    Word(usize),
}

impl SlugOrigin<'_> {
    fn source(self, s: &Strategy, words: &[Words]) -> SlugSource {
        match self {
            SlugOrigin::Page(page) => SlugSource::page(page),
            SlugOrigin::Notice(page, li) => {
                let lang = &s.config.languages[li];
                SlugSource {
                    kind: SlugKind::Notice {
                        language: lang.name.clone(),
                        code: lang.code.clone(),
                    },
                    ..SlugSource::page(page)
                }
            }
            SlugOrigin::Word(li) => {
                let key = STRATEGY_SLUG;
                let code = s.config.languages[li].code.clone();
                let origin = words[li].origin(key);
                SlugSource {
                    file: origin
                        .map_or_else(|| crate::layout::words_file(&code), |o| o.file.path.clone()),
                    pos: origin.map_or(Pos::FILE, |o| o.pos),
                    kind: SlugKind::Word {
                        key,
                        in_theme: origin.is_some_and(|o| o.in_theme),
                        code,
                    },
                }
            }
        }
    }
}

/// The interface word that is the one-page strategy's slug.
const STRATEGY_SLUG: &str = "strategy_slug";

/// The place a slug was written: a page's `slug:` (or its file name), or an interface word.
struct SlugSource {
    file: PathBuf,
    pos: Pos,
    kind: SlugKind,
}

enum SlugKind {
    Page,
    /// The slug of a page of another language, where this one has only a notice.
    Notice {
        language: String,
        code: String,
    },
    Word {
        key: &'static str,
        in_theme: bool,
        code: String,
    },
}

impl SlugSource {
    fn page(page: &Page) -> SlugSource {
        SlugSource {
            file: page.file.clone(),
            pos: page.slug_at,
            kind: SlugKind::Page,
        }
    }

    fn place(&self) -> (PathBuf, usize, usize) {
        (self.file.clone(), self.pos.line, self.pos.column)
    }

    /// `file:line:column` of the `slug:` or the word.
    fn location(&self) -> String {
        format!(
            "{}:{}:{}",
            self.file.display(),
            self.pos.line,
            self.pos.column
        )
    }

    /// What has the address, said where the problem is shown: at this very place.
    fn here(&self) -> String {
        match &self.kind {
            SlugKind::Page => "this page".into(),
            SlugKind::Notice { language, .. } => format!(
                "the notice that {language} readers get for this page until it is translated"
            ),
            SlugKind::Word { .. } => {
                "the whole strategy on one page, whose address is this word".into()
            }
        }
    }

    /// What has the address, said from another place: with its own place.
    fn there(&self) -> String {
        let file = self.file.display();
        let by_name = self.pos == Pos::FILE;
        match &self.kind {
            SlugKind::Page if by_name => format!("{file}, whose address is its file name (it has no `slug:`)"),
            SlugKind::Page => self.location(),
            SlugKind::Notice { language, .. } if by_name => format!("the notice that {language} readers get for {file} until it is translated, at the address of its file name"),
            SlugKind::Notice { language, .. } => format!("the notice that {language} readers get for {file} until it is translated, at the address its `slug:` gives ({})", self.location()),
            SlugKind::Word { key, .. } => format!("the whole strategy on one page, whose address is the word `{key}` ({})", self.location()),
        }
    }

    /// How to give it another address.
    fn fix(&self) -> String {
        let file = self.file.display();
        match &self.kind {
            SlugKind::Page if self.pos == Pos::FILE => format!("add a `slug:` to {file}"),
            SlugKind::Page => format!("change the `slug:` of {file}"),
            SlugKind::Notice { code, .. } => {
                format!("translate {file} into content/{code}/ with a slug of its own")
            }
            SlugKind::Word { key, code, .. } => format!("set another `{key}:` in i18n/{code}.yaml"),
        }
    }

    /// How unhelpful a place is for showing the problem: a translator's own page is best, the
    /// theme's word file (which the repository does not have) worst.
    fn remoteness(&self) -> u8 {
        match self.kind {
            SlugKind::Page => 0,
            SlugKind::Word {
                in_theme: false, ..
            } => 0,
            SlugKind::Notice { .. } => 1,
            SlugKind::Word { in_theme: true, .. } => 2,
        }
    }
}

/// The slug of page `key` in language `li`, if that language has the page.
fn own_slug<'s>(s: &'s Strategy, words: &'s [Words], li: usize, key: &PageKey) -> Option<Slug<'s>> {
    let c = &s.content[li];
    let page = |p: &'s Page| Slug {
        text: &p.slug,
        from: Some(SlugOrigin::Page(p)),
    };
    match key {
        PageKey::Home => Some(Slug {
            text: "",
            from: None,
        }),
        PageKey::Section(sec) => c.sections.get(sec).map(page),
        PageKey::Free(id) => c.pages.get(id).map(|p| page(p)),
        PageKey::Strategy => Some(Slug {
            text: words[li].get(STRATEGY_SLUG),
            from: Some(SlugOrigin::Word(li)),
        }),
    }
}

/// The slug of page `key` in language `li`: its own (then `true`), or, for a notice, the default
/// language's (or any language's that has the page).
fn slug_of<'s>(s: &'s Strategy, words: &'s [Words], li: usize, key: &PageKey) -> (Slug<'s>, bool) {
    if let Some(own) = own_slug(s, words, li, key) {
        return (own, true);
    }
    let borrowed = std::iter::once(s.config.default_language)
        .chain(0..s.content.len())
        .find_map(|o| own_slug(s, words, o, key))
        .map(|slug| Slug {
            from: slug.from.map(|from| match from {
                SlugOrigin::Page(page) | SlugOrigin::Notice(page, _) => {
                    SlugOrigin::Notice(page, li)
                }
                word => word,
            }),
            ..slug
        });
    let slug = borrowed.unwrap_or(Slug {
        text: "",
        from: None,
    });
    (slug, false)
}

impl LanguagePages {
    /// The pages of language `li`, each at its index in `keys`, and its addresses that two pages
    /// would share.
    fn new(
        s: &Strategy,
        words: &[Words],
        keys: &[PageKey],
        li: usize,
    ) -> (LanguagePages, Vec<Collision>) {
        let lang = &s.config.languages[li];
        let c = &s.content[li];
        let mut lp = LanguagePages {
            code: lang.code.clone(),
            locale: lang.locale.clone(),
            direction: lang.direction,
            slugs: Vec::with_capacity(keys.len()),
            titles: Vec::with_capacity(keys.len()),
            titles_from: HashMap::new(),
            has: Vec::with_capacity(keys.len()),
            menu: Vec::new(),
        };
        let mut slugs = Vec::with_capacity(keys.len());
        for (at, key) in keys.iter().enumerate() {
            let (slug, own) = slug_of(s, words, li, key);
            lp.has
                .push(own && (key != &PageKey::Home || c.sections.contains_key(&Section::Home)));
            lp.slugs.push(slug.text.to_string());
            let title = lp.title_of(s, words, (li, at), key);
            lp.titles.push(title);
            if let Some(m) = menu_place(s, li, key) {
                lp.menu.push((m, at));
            }
            slugs.push(slug);
        }
        // `keys` are sorted: by index is by key.
        lp.menu.sort();
        let collisions = address_problems((s, words), &lang.code, keys, &slugs);
        (lp, collisions)
    }

    /// Takes again the title and menu place of the free page `key`, at index `at`, after an edit
    /// that left its address as it was; `None` if it did not.
    fn retitle(
        &mut self,
        (s, words): (&Strategy, &[Words]),
        (li, at): (usize, usize),
        key: &PageKey,
    ) -> Option<()> {
        let (slug, own) = slug_of(s, words, li, key);
        if self.slugs[at] != slug.text || self.has[at] != own {
            return None;
        }
        self.titles_from.remove(&at);
        self.titles[at] = self.title_of(s, words, (li, at), key);
        self.menu.retain(|&(_, i)| i != at);
        if let Some(m) = menu_place(s, li, key) {
            self.menu.push((m, at));
            self.menu.sort();
        }
        Some(())
    }

    /// The title of page `key` (at index `at`) in language `li`: its own, the interface word for
    /// a missing section, or the title a missing free page has in another language (remembered).
    fn title_of(
        &mut self,
        s: &Strategy,
        words: &[Words],
        (li, at): (usize, usize),
        key: &PageKey,
    ) -> String {
        let c = &s.content[li];
        let title = match key {
            PageKey::Home => c.sections.get(&Section::Home).map(|p| p.title.clone()),
            PageKey::Section(sec) => c.sections.get(sec).map(|p| p.title.clone()),
            PageKey::Free(id) => c.pages.get(id).map(|p| p.title.clone()),
            PageKey::Strategy => Some(words[li].get("strategy_title").to_string()),
        };
        title.unwrap_or_else(|| match key {
            PageKey::Section(sec) => words[li]
                .get(&format!("section.{}", sec.file_stem()))
                .to_string(),
            PageKey::Free(id) => {
                let (o, page) = std::iter::once(s.config.default_language)
                    .chain(0..s.content.len())
                    .find_map(|o| s.content[o].pages.get(id).map(|p| (o, p)))
                    .expect("a free page's key comes from a language that has it");
                self.titles_from.insert(at, o);
                page.title.clone()
            }
            _ => String::new(),
        })
    }
}

/// The menu place of free page `key` in language `li`: its own page's, or the default language's.
fn menu_place(s: &Strategy, li: usize, key: &PageKey) -> Option<i64> {
    let PageKey::Free(id) = key else {
        return None;
    };
    s.content[li]
        .pages
        .get(id)
        .or_else(|| s.content[s.config.default_language].pages.get(id))
        .and_then(|p| p.menu)
}

/// Two pages of one language at one address (`/fr/research/`), reported at one of the places
/// their slugs were written and naming the other, so both can be found.
fn address_problems(
    (s, words): (&Strategy, &[Words]),
    code: &str,
    keys: &[PageKey],
    slugs: &[Slug],
) -> Vec<Collision> {
    let mut taken: HashMap<&str, SlugOrigin> = HashMap::with_capacity(slugs.len());
    let mut problems = Vec::new();
    for (key, slug) in keys.iter().zip(slugs) {
        let Some(origin) = slug.from else {
            continue;
        };
        if !ids::is_slug(slug.text) {
            // Slugs and address words are checked where they are read; this is the last guard
            // before anything is written.
            let from = origin.source(s, words);
            let mut p = Problem::about_path(
                &from.file,
                format!(
                    "`{}` cannot be part of the address of {}",
                    slug.text,
                    key.name()
                ),
            );
            p.pos = from.pos;
            problems.push(Collision {
                remoteness: 0,
                places: [from.place(), from.place()],
                problem: p.hint(format!("use {}", ids::SLUG_RULE)),
            });
            continue;
        }
        let Some(first) = taken.insert(slug.text, origin) else {
            continue;
        };
        let (from, first) = (origin.source(s, words), first.source(s, words));
        problems.push(collision(code, slug.text, &from, &first));
    }
    problems
}

/// Two pages at `/code/slug/`, written at `from` and `first`: shown at the nearer place.
fn collision(code: &str, slug: &str, from: &SlugSource, first: &SlugSource) -> Collision {
    let (shown, other) = if from.remoteness() > first.remoteness() {
        (first, from)
    } else {
        (from, first)
    };
    let mut p = Problem::about_path(
        &shown.file,
        format!(
            "two pages would have the address /{code}/{slug}/: {} and {}",
            shown.here(),
            other.there()
        ),
    );
    p.pos = shown.pos;
    let mut places = [shown.place(), other.place()];
    places.sort();
    Collision {
        remoteness: shown.remoteness() + other.remoteness(),
        places,
        problem: p.hint(format!("{}, or {}", shown.fix(), other.fix())),
    }
}

/// The problems of `address_problems`, each once: two pages missing in a language collide there
/// too, at the addresses of the language that has them, where the problem is shown best.
fn report_once(mut found: Vec<Collision>) -> Result<(), Problems> {
    if found.is_empty() {
        return Ok(());
    }
    found.sort_by_key(|c| c.remoteness);
    let mut seen = HashSet::new();
    let mut problems = Problems::default();
    for c in found {
        if seen.insert(c.places) {
            problems.push(c.problem);
        }
    }
    Err(problems)
}

/// A problem with the addresses of a language, and the two places it is about.
struct Collision {
    remoteness: u8,
    places: [(PathBuf, usize, usize); 2],
    problem: Problem,
}

impl Urls {
    /// The address of every page in every language. Two pages at one address, in any language,
    /// are an error: one would overwrite the other.
    pub(crate) fn new(s: &Strategy, words: &[Words]) -> Result<Urls, Problems> {
        let mut keys: Vec<PageKey> = vec![PageKey::Home, PageKey::Strategy];
        for content in &s.content {
            // The home page is `PageKey::Home`, not a section page of its own.
            keys.extend(
                content
                    .sections
                    .keys()
                    .filter(|&&sec| sec != Section::Home)
                    .map(|&sec| PageKey::Section(sec)),
            );
            keys.extend(content.pages.keys().map(|id| PageKey::Free(id.clone())));
        }
        // Each language's keys come in order: a stable sort merges those few runs quickly.
        keys.sort();
        keys.dedup();
        // Each language's addresses on their own, in parallel.
        let (langs, collisions): (Vec<LanguagePages>, Vec<Vec<Collision>>) =
            (0..s.config.languages.len())
                .into_par_iter()
                .map(|li| LanguagePages::new(s, words, &keys, li))
                .unzip();
        report_once(collisions.into_iter().flatten().collect())?;
        let places = keys
            .iter()
            .enumerate()
            .map(|(at, k)| (k.clone(), at))
            .collect();
        // `PageKey::Home` sorts first, so the home page leads every list of pages.
        Ok(Urls {
            base_path: s.config.base_path.clone(),
            base_url: s.config.base_url.clone(),
            keys,
            places,
            langs,
        })
    }

    /// These addresses after edits to the free pages `edited` alone, with their titles and menu
    /// places taken again: the addresses themselves, and so their fingerprint, are as they were.
    /// `None` when they may not be (a page came or went, one's address changed): then they are
    /// made anew.
    pub(crate) fn retitled(
        &self,
        s: &Strategy,
        words: &[Words],
        edited: &[PageKey],
    ) -> Option<Urls> {
        let mut urls = self.clone();
        for key in edited {
            // A new page has no index; one gone from a language has no version of its own there,
            // nor its slug where it was a notice: `retitle` finds its address changed.
            let (PageKey::Free(_), Some(at)) = (key, self.index(key)) else {
                return None;
            };
            for (li, lp) in urls.langs.iter_mut().enumerate() {
                lp.retitle((s, words), (li, at), key)?;
            }
        }
        Some(urls)
    }

    pub(crate) fn languages(&self) -> usize {
        self.langs.len()
    }

    /// A fingerprint of every page's address in every language, of which languages have it, and
    /// of the site's address and locales (everything `sitemap.xml` lists).
    pub(crate) fn fingerprint(&self) -> blake3::Hash {
        let mut hasher = blake3::Hasher::new();
        // Each part ends in a byte no part holds, so that no two sites hash the same.
        let mut part = |bytes: &[&[u8]]| {
            for b in bytes {
                hasher.update(b);
            }
            hasher.update(&[0xff]);
        };
        part(&[self.base_url.as_bytes()]);
        part(&[self.base_path.as_bytes()]);
        for lp in &self.langs {
            part(&[lp.code.as_bytes()]);
            part(&[lp.locale.as_bytes()]);
            for ((key, slug), has) in self.keys.iter().zip(&lp.slugs).zip(&lp.has) {
                match key {
                    // The same bytes as its name, without making the name.
                    PageKey::Free(id) => part(&[b"page/", id.as_bytes()]),
                    other => part(&[other.name().as_bytes()]),
                }
                part(&[slug.as_bytes()]);
                part(&[&[u8::from(*has)]]);
            }
        }
        hasher.finalize()
    }

    /// The index of page `key` in `keys`, if the site has it.
    fn index(&self, key: &PageKey) -> Option<usize> {
        self.places.get(key).copied()
    }

    /// Whether each language has its own version of each page, language after language, in the
    /// order of `keys`.
    pub(crate) fn translated(&self) -> Vec<bool> {
        self.langs
            .iter()
            .flat_map(|lp| lp.has.iter().copied())
            .collect()
    }

    /// Whether language `li` has its own version of the page (not a notice).
    pub(crate) fn has(&self, li: usize, key: &PageKey) -> bool {
        self.index(key).is_some_and(|at| self.langs[li].has[at])
    }

    /// Path of the page in language `li`, from the site root and with the base path: `/fr/contexte/`.
    pub(crate) fn url(&self, li: usize, key: &PageKey) -> String {
        match self.folder(li, key) {
            (code, None) => format!("{}{code}/", self.base_path),
            (code, Some(slug)) => format!("{}{code}/{slug}/", self.base_path),
        }
    }

    /// The folder of the page in language `li`: the language's code, and the page's slug but for
    /// the language's home page.
    fn folder(&self, li: usize, key: &PageKey) -> (&str, Option<&str>) {
        let lp = &self.langs[li];
        let slug = self.index(key).map(|at| lp.slugs[at].as_str());
        (&lp.code, slug.filter(|slug| !slug.is_empty()))
    }

    /// Where the page's file goes in the output folder: `fr/contexte/index.html`.
    pub(crate) fn file(&self, li: usize, key: &PageKey) -> String {
        match self.folder(li, key) {
            (code, None) => format!("{code}/index.html"),
            (code, Some(slug)) => format!("{code}/{slug}/index.html"),
        }
    }

    pub(crate) fn absolute(&self, path: &str) -> String {
        format!(
            "{}{}",
            self.base_url,
            &path[self.base_path.len().min(path.len())..]
        )
    }

    pub(crate) fn locale(&self, li: usize) -> &str {
        &self.langs[li].locale
    }

    pub(crate) fn title(&self, li: usize, key: &PageKey) -> &str {
        self.index(key)
            .map_or("", |at| self.langs[li].titles[at].as_str())
    }

    /// The language of a page's title in language `li`, when it is another one (a free page
    /// that is not translated is named by its title in the language that has it).
    pub(crate) fn title_language(&self, li: usize, key: &PageKey) -> Option<LangMark> {
        let at = self.index(key)?;
        let other = &self.langs[*self.langs[li].titles_from.get(&at)?];
        Some(LangMark {
            locale: other.locale.clone(),
            dir: other.direction,
        })
    }

    pub(crate) fn home(&self, li: usize) -> String {
        self.url(li, &PageKey::Home)
    }

    pub(crate) fn root(&self) -> String {
        self.base_path.clone()
    }

    pub(crate) fn asset(&self, name: &str) -> String {
        format!("{}{}", self.base_path, name)
    }

    pub(crate) fn section(&self, li: usize, section: Section) -> Option<String> {
        let key = PageKey::Section(section);
        self.index(&key).map(|_| self.url(li, &key))
    }

    /// The navigation of language `li`: the five core sections (`primary`), or the rest.
    pub(crate) fn nav(&self, li: usize, primary: bool) -> Vec<Link> {
        let mut keys: Vec<PageKey> = if primary {
            PRIMARY.iter().map(|&s| PageKey::Section(s)).collect()
        } else {
            let mut k: Vec<PageKey> = SECONDARY.iter().map(|&s| PageKey::Section(s)).collect();
            k.push(PageKey::Strategy);
            k.extend(
                self.langs[li]
                    .menu
                    .iter()
                    .map(|&(_, at)| self.keys[at].clone()),
            );
            k
        };
        keys.retain(|k| self.index(k).is_some());
        keys.iter()
            .map(|k| Link {
                title: self.title(li, k).to_string(),
                lang: self.title_language(li, k),
                url: self.url(li, k),
                key: k.name(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::RepositoryFiles;
    use crate::diagnostics::Problems;
    use crate::engine::stages::{load_files, Caches};
    use std::path::Path;

    /// The addresses of `files`, made anew, and taken from `last` (if any) after an edit to
    /// `edited`.
    fn made_and_retitled(
        files: &RepositoryFiles,
        caches: &mut Caches,
        last: Option<&Urls>,
        edited: &[PageKey],
    ) -> (Urls, Option<Urls>) {
        let (loaded, _) = load_files(files, Problems::default(), caches)
            .unwrap_or_else(|p| panic!("{:?}", p.into_sorted()));
        let (s, words) = (&loaded.strategy, loaded.words.as_slice());
        let made = Urls::new(s, words).unwrap_or_else(|p| panic!("{:?}", p.into_sorted()));
        (made, last.and_then(|last| last.retitled(s, words, edited)))
    }

    /// An English page that no other language has: the others name it by its English title.
    /// Each edit to its title or menu place gives, taken again, the addresses made anew; an edit
    /// to its address gives nothing to take, so that they are made anew.
    #[test]
    fn titles_and_menu_places_taken_again_are_those_made_anew() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hard-cases");
        let mut files = RepositoryFiles::read(&repo, &mut Problems::default());
        let mut caches = Caches::keeping(crate::model::Drafts::LeaveOut);
        let news = [PageKey::Free("news".into())];
        let (mut last, _) = made_and_retitled(&files, &mut caches, None, &news);
        let edits = [
            ("title: Spring 2026 update", "title: Summer 2026 update"),
            ("menu: 20", "menu: 5"),
            ("menu: 5\n", ""),
            ("slug: news\n", "slug: news\nmenu: 1\n"),
        ];
        for (from, to) in edits {
            files.edit_page(("en", "news"), from, to);
            let (made, retitled) = made_and_retitled(&files, &mut caches, Some(&last), &news);
            assert_ne!(made, last, "{to}: the edit shows");
            assert_eq!(retitled.as_ref(), Some(&made), "{to}");
            last = made;
        }
        let before_the_move = files.languages["en"].pages["news"].clone();
        files.edit_page(("en", "news"), "slug: news", "slug: spring");
        let (_, retitled) = made_and_retitled(&files, &mut caches, Some(&last), &news);
        assert!(retitled.is_none(), "a new address");

        // The page goes from the only language that has it, then its French version comes.
        let languages = &mut files.languages;
        languages
            .get_mut("en")
            .expect("English")
            .pages
            .remove("news");
        let (gone, retitled) = made_and_retitled(&files, &mut caches, Some(&last), &news);
        assert!(retitled.is_none(), "a page gone");
        let languages = &mut files.languages;
        let french = &mut languages.get_mut("fr").expect("French").pages;
        french.insert("news".into(), before_the_move);
        let (_, retitled) = made_and_retitled(&files, &mut caches, Some(&gone), &news);
        assert!(retitled.is_none(), "a page come");
    }
}
