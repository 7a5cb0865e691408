//! Which pages exist in which language, and their addresses.
//!
//! Every page of the site is a [`PageKey`]. A language that lacks a page still gets one at the
//! default language's slug: a notice in that language with links to the languages that have it.

use std::collections::{BTreeSet, HashMap};

use super::views::Link;
use crate::config::Direction;
use crate::i18n::LangMark;
use crate::i18n::Words;
use crate::model::{Section, Strategy};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKey {
    Home,
    Section(Section),
    /// The whole strategy on one page, generated in every language.
    Strategy,
    /// A free page, by its file name.
    Free(String),
}

impl PageKey {
    /// A stable name for templates and tests.
    pub fn name(&self) -> String {
        match self {
            PageKey::Home => "home".into(),
            PageKey::Section(s) => s.file_stem().into(),
            PageKey::Strategy => "strategy".into(),
            PageKey::Free(id) => format!("page/{id}"),
        }
    }
}

struct LanguagePages {
    code: String,
    locale: String,
    direction: Direction,
    /// Slug of every page of the site in this language (real or notice); empty for the home page.
    slugs: HashMap<PageKey, String>,
    /// Title of every page in this language; a missing page gets the interface word for it, or
    /// a free page the title it has in another language.
    titles: HashMap<PageKey, String>,
    /// The language of each title that is not in this language.
    titles_from: HashMap<PageKey, usize>,
    has: BTreeSet<PageKey>,
    menu: Vec<(i64, PageKey)>,
}

pub struct Urls {
    base_path: String,
    base_url: String,
    pub keys: Vec<PageKey>,
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

impl Urls {
    pub fn new(s: &Strategy, words: &[Words]) -> Urls {
        let default = s.config.default_language;
        let mut keys: BTreeSet<PageKey> = BTreeSet::new();
        keys.insert(PageKey::Home);
        keys.insert(PageKey::Strategy);
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
        let slug_in = |li: usize, key: &PageKey| -> Option<String> {
            let c = &s.content[li];
            match key {
                PageKey::Home => Some(String::new()),
                PageKey::Section(sec) => c.sections.get(sec).map(|p| p.slug.clone()),
                PageKey::Free(id) => c.pages.get(id).map(|p| p.slug.clone()),
                PageKey::Strategy => Some(words[li].get("strategy_slug").to_string()),
            }
        };
        let langs = s
            .config
            .languages
            .iter()
            .enumerate()
            .map(|(li, lang)| {
                let c = &s.content[li];
                let mut lp = LanguagePages {
                    code: lang.code.clone(),
                    locale: lang.locale.clone(),
                    direction: lang.direction,
                    slugs: HashMap::new(),
                    titles: HashMap::new(),
                    titles_from: HashMap::new(),
                    has: BTreeSet::new(),
                    menu: Vec::new(),
                };
                for key in &keys {
                    let own = slug_in(li, key);
                    let slug = own
                        .clone()
                        .or_else(|| slug_in(default, key))
                        .or_else(|| (0..s.content.len()).find_map(|o| slug_in(o, key)))
                        .unwrap_or_default();
                    let title = match key {
                        PageKey::Home => c.sections.get(&Section::Home).map(|p| p.title.clone()),
                        PageKey::Section(sec) => c.sections.get(sec).map(|p| p.title.clone()),
                        PageKey::Free(id) => c.pages.get(id).map(|p| p.title.clone()),
                        PageKey::Strategy => Some(words[li].get("strategy_title").to_string()),
                    };
                    let title = title.unwrap_or_else(|| match key {
                        PageKey::Section(sec) => words[li]
                            .get(&format!("section.{}", sec.file_stem()))
                            .to_string(),
                        PageKey::Free(id) => {
                            let (o, page) = std::iter::once(default)
                                .chain(0..s.content.len())
                                .find_map(|o| s.content[o].pages.get(id).map(|p| (o, p)))
                                .expect("a free page's key comes from a language that has it");
                            lp.titles_from.insert(key.clone(), o);
                            page.title.clone()
                        }
                        _ => String::new(),
                    });
                    if own.is_some()
                        && (key != &PageKey::Home || c.sections.contains_key(&Section::Home))
                    {
                        lp.has.insert(key.clone());
                    }
                    lp.slugs.insert(key.clone(), slug);
                    lp.titles.insert(key.clone(), title);
                    if let PageKey::Free(id) = key {
                        let menu = c
                            .pages
                            .get(id)
                            .or_else(|| s.content[default].pages.get(id))
                            .and_then(|p| p.menu);
                        if let Some(m) = menu {
                            lp.menu.push((m, key.clone()));
                        }
                    }
                }
                lp.menu.sort();
                lp
            })
            .collect();
        // `PageKey::Home` sorts first, so the home page leads every list of pages.
        let keys: Vec<PageKey> = keys.into_iter().collect();
        Urls {
            base_path: s.config.base_path.clone(),
            base_url: s.config.base_url.clone(),
            keys,
            langs,
        }
    }

    pub fn languages(&self) -> usize {
        self.langs.len()
    }

    /// Whether language `li` has its own version of the page (not a notice).
    pub fn has(&self, li: usize, key: &PageKey) -> bool {
        self.langs[li].has.contains(key)
    }

    /// Path of the page in language `li`, from the site root and with the base path: `/fr/contexte/`.
    pub fn url(&self, li: usize, key: &PageKey) -> String {
        let lp = &self.langs[li];
        match lp.slugs.get(key).map(String::as_str) {
            Some("") | None => format!("{}{}/", self.base_path, lp.code),
            Some(slug) => format!("{}{}/{}/", self.base_path, lp.code, slug),
        }
    }

    /// Where the page's file goes in the output folder: `fr/contexte/index.html`.
    pub fn file(&self, li: usize, key: &PageKey) -> String {
        let url = self.url(li, key);
        format!("{}index.html", &url[self.base_path.len()..])
    }

    pub fn absolute(&self, path: &str) -> String {
        format!(
            "{}{}",
            self.base_url,
            &path[self.base_path.len().min(path.len())..]
        )
    }

    pub fn locale(&self, li: usize) -> &str {
        &self.langs[li].locale
    }

    pub fn title(&self, li: usize, key: &PageKey) -> &str {
        self.langs[li].titles.get(key).map_or("", String::as_str)
    }

    /// The language of a page's title in language `li`, when it is another one (a free page
    /// that is not translated is named by its title in the language that has it).
    pub fn title_language(&self, li: usize, key: &PageKey) -> Option<LangMark> {
        let other = &self.langs[*self.langs[li].titles_from.get(key)?];
        Some(LangMark {
            locale: other.locale.clone(),
            dir: other.direction,
        })
    }

    pub fn home(&self, li: usize) -> String {
        self.url(li, &PageKey::Home)
    }

    pub fn root(&self) -> String {
        self.base_path.clone()
    }

    pub fn asset(&self, name: &str) -> String {
        format!("{}{}", self.base_path, name)
    }

    pub fn section(&self, li: usize, section: Section) -> Option<String> {
        let key = PageKey::Section(section);
        self.langs[li]
            .slugs
            .contains_key(&key)
            .then(|| self.url(li, &key))
    }

    /// The navigation of language `li`: the five core sections (`primary`), or the rest.
    pub fn nav(&self, li: usize, primary: bool) -> Vec<Link> {
        let mut keys: Vec<PageKey> = if primary {
            PRIMARY.iter().map(|&s| PageKey::Section(s)).collect()
        } else {
            let mut k: Vec<PageKey> = SECONDARY.iter().map(|&s| PageKey::Section(s)).collect();
            k.push(PageKey::Strategy);
            k.extend(self.langs[li].menu.iter().map(|(_, key)| key.clone()));
            k
        };
        keys.retain(|k| self.langs[li].slugs.contains_key(k));
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
