//! What every page of one render shares: the addresses, each language's view, and their
//! fingerprints.

use std::collections::{BTreeSet, HashMap};
use std::mem::take;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::template_use::Use;
use super::urls::Urls;
use super::{links, views, Bytes};
use crate::diagnostics::Problems;
use crate::i18n::Words;
use crate::model::Strategy;

/// What all pages of one render share.
pub(super) struct Shared {
    /// Shared with the next render when it knows the addresses and titles are as they were.
    pub(super) urls: Arc<Urls>,
    /// Shared with the next render when it knows they show the same.
    pub(super) views: Arc<Views>,
    /// A fingerprint of every page's address: `@` links in a page's text lead to them.
    pub(super) urls_hash: blake3::Hash,
    pub(super) addresses: links::Addresses,
    /// The fingerprint of what each template use reads of each language's view, by language and
    /// use, worked out for the first page that needs it.
    view_parts: std::sync::Mutex<HashMap<(usize, usize), blake3::Hash>>,
    /// When the views are the last render's with new menus, and nothing else changed: the last
    /// menus, to be put in the pages' place by the new ones.
    pub(super) menu_move: Option<super::menu_move::MenuMove>,
}

/// Each language's view, with its fingerprints and the files that come with it.
#[derive(Clone)]
pub(super) struct Views {
    pub(super) values: Vec<Value>,
    /// Each language's list tables, which go in the page views of the pages that show them.
    pub(super) lists: Vec<Vec<super::lists::ListView>>,
    /// A fingerprint of each language's list tables.
    list_hashes: Vec<ListHashes>,
    /// A fingerprint of each language's view: a page whose view, own data and template are
    /// unchanged renders to the same bytes as before.
    pub(super) view_hashes: Vec<blake3::Hash>,
    /// A fingerprint of each field of each language's view, for pages whose templates read only
    /// some of them.
    pub(super) field_hashes: Vec<HashMap<String, blake3::Hash>>,
    /// The data files (CSV) behind the charts and the PDFs, by path in the output folder.
    pub(super) data_files: Vec<(String, Bytes)>,
    pub(super) charts: usize,
    /// Problems that kept a PDF from being made (warnings: the rest of the site is built).
    pub(super) problems: Vec<crate::diagnostics::Problem>,
}

/// How long each step of making what pages share took, for the profile of a build.
pub(super) type Phases = Vec<(&'static str, std::time::Duration)>;

impl Shared {
    /// The addresses and every language's view, built in parallel; fingerprinted only when
    /// `fingerprint` says the pages will be remembered. `known` are the addresses of the last
    /// render, with their fingerprint, when the change since cannot have changed them. `last`
    /// is what the last render shared, when the change since touched free pages alone: its
    /// views are taken as they are if what they show of the pages did not change.
    pub(super) fn new(
        s: &Strategy,
        words: &[Words],
        (fingerprint, known): (bool, Option<(Arc<Urls>, blake3::Hash)>),
        (pdfs, last): (Option<&crate::pdf::PdfCache>, Option<&Shared>),
    ) -> Result<(Shared, Phases), Problems> {
        let t = std::time::Instant::now();
        let (urls, known_hash) = match known {
            Some((urls, hash)) => (urls, Some(hash)),
            None => (Arc::new(Urls::new(s, words)?), None),
        };
        let addresses = links::Addresses::new(s, &urls);
        let urls_hash = match fingerprint {
            true => known_hash.unwrap_or_else(|| urls.fingerprint()),
            false => blake3::hash(b""),
        };
        let mut phases = vec![("urls", t.elapsed())];
        let same = last.filter(|l| fingerprint && l.same_addresses(urls_hash, &addresses));
        let mut menu_move = None;
        let views = match same {
            Some(last) if last.same_menus(&urls) => last.views.clone(),
            Some(last) => {
                let values = last.views.values.clone();
                let from = super::menu_move::MenuMove::new(values, (&last.urls, &urls));
                menu_move = Some(from);
                Arc::new(last.views.with_menus(&urls))
            }
            None => {
                let shared = (urls.as_ref(), &addresses);
                Arc::new(Views::new(
                    s,
                    words,
                    shared,
                    (fingerprint, pdfs),
                    &mut phases,
                ))
            }
        };
        let shared = Shared {
            views,
            urls,
            urls_hash,
            addresses,
            view_parts: Default::default(),
            menu_move,
        };
        Ok((shared, phases))
    }

    /// Whether this render had the addresses `urls_hash` and `addresses`: when the rest of what
    /// the views are made from is as it was (a change to free pages alone), its views then show
    /// the same but for the menus, whose titles are the only ones of free pages they show.
    fn same_addresses(&self, urls_hash: blake3::Hash, addresses: &links::Addresses) -> bool {
        self.urls_hash == urls_hash && self.addresses == *addresses
    }

    /// Whether every language's menu is the one `urls` gives.
    fn same_menus(&self, urls: &Urls) -> bool {
        (0..urls.languages()).all(|li| {
            [true, false]
                .into_iter()
                .all(|primary| self.urls.nav(li, primary) == urls.nav(li, primary))
        })
    }
}

impl Views {
    /// Every language's view, made in parallel, with the PDFs.
    fn new(
        s: &Strategy,
        words: &[Words],
        (urls, addresses): (&Urls, &links::Addresses),
        (fingerprint, pdfs): (bool, Option<&crate::pdf::PdfCache>),
        phases: &mut Phases,
    ) -> Views {
        let t = std::time::Instant::now();
        let mut built: Vec<views::LanguageView> = (0..urls.languages())
            .into_par_iter()
            .map(|li| views::language_view(s, li, &words[li], urls, addresses))
            .collect();
        phases.push(("views", t.elapsed()));
        let t = std::time::Instant::now();
        let pdf = crate::pdf::documents(s, words, &built, urls, addresses, pdfs);
        for (view, link) in built.iter_mut().zip(pdf.links) {
            view.pdf = link;
        }
        phases.push(("pdf", t.elapsed()));
        let t = std::time::Instant::now();
        let mut data_files = data_files(s, &built);
        data_files.extend(pdf.files.into_iter().map(|(p, b)| (p, Bytes::from(b))));
        let charts = built.iter().map(|v| v.chart_count).sum();
        let values: Vec<Value> = built.par_iter().map(Value::from_serializable).collect();
        let lists: Vec<_> = built.iter_mut().map(|v| take(&mut v.lists)).collect();
        phases.push(("viewvalue", t.elapsed()));
        let t = std::time::Instant::now();
        let (view_hashes, field_hashes, list_hashes) = match fingerprint {
            true => language_fingerprints(&built, &lists),
            false => no_fingerprints(built.len()),
        };
        phases.push(("viewhash", t.elapsed()));
        Views {
            values,
            lists,
            list_hashes,
            view_hashes,
            field_hashes,
            data_files,
            charts,
            problems: pdf.problems,
        }
    }

    /// These views with each language's menu made again from `urls`, and their fingerprints with
    /// it: what a menu place, or the title of a page in a menu, changes of them.
    fn with_menus(&self, urls: &Urls) -> Views {
        let mut views = self.clone();
        for li in 0..urls.languages() {
            let menu = views::menu(urls, li);
            let mut fields = views.values[li].clone().into_map().unwrap_or_default();
            fields.insert("menu".into(), Value::from_serializable(&menu));
            views.values[li] = Value::from(fields);
            let json = serde_json::to_vec(&menu).unwrap_or_default();
            let hashes = &mut views.field_hashes[li];
            hashes.insert("menu".to_string(), blake3::hash(&json));
            views.view_hashes[li] = with_lists(whole_fingerprint(hashes), &views.list_hashes[li]);
        }
        views
    }
}

impl Shared {
    /// The fingerprint of the part of language `cl`'s view that a template with `uses` shows
    /// (all of it when there is no such template).
    pub(super) fn view_part_of(&self, cl: usize, uses: Option<&Use>) -> blake3::Hash {
        let Some(uses) = uses else {
            return self.views.view_hashes[cl];
        };
        let known = |parts: &HashMap<_, _>| parts.get(&(cl, uses.id)).copied();
        let lock = || self.view_parts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hash) = known(&lock()) {
            return hash;
        }
        let hash = self.view_part(cl, uses.view_fields.as_ref());
        lock().insert((cl, uses.id), hash);
        hash
    }

    /// The fingerprint of the part of language `cl`'s view that a template reading `fields` (all
    /// of it when `None`) shows.
    fn view_part(&self, cl: usize, fields: Option<&BTreeSet<String>>) -> blake3::Hash {
        let Some(fields) = fields else {
            return self.views.view_hashes[cl];
        };
        let mut hasher = blake3::Hasher::new();
        for field in fields {
            hasher.update(field.as_bytes());
            match self.views.field_hashes[cl].get(field) {
                Some(hash) => hasher.update(hash.as_bytes()),
                None => hasher.update(&[0]),
            };
        }
        hasher.finalize()
    }
}

impl Shared {
    /// The fingerprint of the list tables that page `key` of language `cl` shows.
    pub(super) fn lists_part(&self, cl: usize, key: &super::urls::PageKey) -> blake3::Hash {
        use super::lists::Shown;
        let lists = &self.views.list_hashes[cl];
        match Shown::on(key) {
            Shown::Section(section) => lists.by_section.get(section).copied(),
            Shown::All => Some(lists.all),
            Shown::None => None,
        }
        .unwrap_or(NO_LISTS)
    }
}

/// The fingerprint of a page that shows no list table.
const NO_LISTS: blake3::Hash = blake3::Hash::from_bytes([0; 32]);

/// A fingerprint of a language's list tables: those of each section page, and all of them
/// (the one-page strategy's).
#[derive(Clone)]
struct ListHashes {
    by_section: HashMap<&'static str, blake3::Hash>,
    all: blake3::Hash,
}

impl ListHashes {
    /// The tables come in the order the kinds are declared, the same in every render.
    fn of(lists: &[super::lists::ListView]) -> ListHashes {
        let mut by_section: HashMap<&'static str, blake3::Hasher> = HashMap::new();
        let mut all = blake3::Hasher::new();
        for list in lists {
            let bytes = serde_json::to_vec(list).unwrap_or_default();
            by_section.entry(list.section).or_default().update(&bytes);
            all.update(&bytes);
        }
        ListHashes {
            by_section: by_section
                .into_iter()
                .map(|(section, hasher)| (section, hasher.finalize()))
                .collect(),
            all: all.finalize(),
        }
    }
}

/// Each language's fingerprints: of its view with its list tables, of each field of its view,
/// and of its list tables.
type LanguageFingerprints = (
    Vec<blake3::Hash>,
    Vec<HashMap<String, blake3::Hash>>,
    Vec<ListHashes>,
);

fn language_fingerprints(
    built: &[views::LanguageView],
    lists: &[Vec<super::lists::ListView>],
) -> LanguageFingerprints {
    let (mut views, fields): (Vec<_>, Vec<_>) = built.par_iter().map(fingerprints).unzip();
    let lists: Vec<_> = lists.iter().map(|l| ListHashes::of(l)).collect();
    for (whole, lists) in views.iter_mut().zip(&lists) {
        *whole = with_lists(*whole, lists);
    }
    (views, fields, lists)
}

/// What a language shows, fingerprinted: its view (`whole`) and its list tables, which are not in
/// its view.
fn with_lists(whole: blake3::Hash, lists: &ListHashes) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    hasher.update(whole.as_bytes());
    hasher.update(lists.all.as_bytes());
    hasher.finalize()
}

/// Stand-ins for the fingerprints of `languages` languages, when no page is remembered.
fn no_fingerprints(languages: usize) -> LanguageFingerprints {
    let none = ListHashes {
        by_section: HashMap::new(),
        all: NO_LISTS,
    };
    (
        vec![blake3::hash(b""); languages],
        vec![HashMap::new(); languages],
        vec![none; languages],
    )
}

/// The fingerprint of a language's view, and of each of its fields: the view is written out as
/// JSON once, and each field's text is hashed as it is, without a tree of values in between.
fn fingerprints(view: &views::LanguageView) -> (blake3::Hash, HashMap<String, blake3::Hash>) {
    type Fields<'a> = std::collections::BTreeMap<String, &'a serde_json::value::RawValue>;
    let json = serde_json::to_vec(view).unwrap_or_default();
    let parsed: Fields = serde_json::from_slice(&json).unwrap_or_default();
    let fields = parsed
        .into_iter()
        .map(|(name, text)| (name, blake3::hash(text.get().as_bytes())))
        .collect();
    (whole_fingerprint(&fields), fields)
}

/// The fingerprint of a whole view from those of its fields, taken in the order of their names.
fn whole_fingerprint(fields: &HashMap<String, blake3::Hash>) -> blake3::Hash {
    let mut names: Vec<&String> = fields.keys().collect();
    names.sort_unstable();
    let mut whole = blake3::Hasher::new();
    for name in names {
        whole.update(name.as_bytes());
        whole.update(fields[name].as_bytes());
    }
    whole.finalize()
}

/// Each language's data files, by path in the output folder.
fn data_files(s: &Strategy, built: &[views::LanguageView]) -> Vec<(String, Bytes)> {
    built
        .iter()
        .flat_map(|v| v.data_files.iter())
        .map(|(url, text)| {
            (
                url[s.config.base_path.len()..].to_string(),
                Bytes::from(text.as_bytes()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::RepositoryFiles;
    use crate::engine::stages::{load_files, Caches};
    use std::path::Path;

    /// What a render of `files` shares, made after `last` as a watch session would.
    fn shared(files: &RepositoryFiles, caches: &mut Caches, last: Option<&Shared>) -> Shared {
        let (loaded, _) = load_files(files, Problems::default(), caches)
            .unwrap_or_else(|p| panic!("{:?}", p.into_sorted()));
        let (s, words) = (&loaded.strategy, loaded.words.as_slice());
        let (shared, _) = Shared::new(s, words, (true, None), (None, last)).unwrap();
        shared
    }

    /// Views that show the same to the templates, with the same fingerprints.
    fn assert_same_views(patched: &Shared, made: &Shared) {
        let (patched, made) = (&patched.views, &made.views);
        assert_eq!(patched.values, made.values);
        assert_eq!(patched.view_hashes, made.view_hashes);
        assert_eq!(patched.field_hashes, made.field_hashes);
    }

    /// A menu place changes the menus alone: the views are the last render's with the menus
    /// made again, as if made anew, fingerprints included (else a page showing the menu would
    /// keep the old one, or one that does not would be rendered again).
    #[test]
    fn after_a_menu_place_changes_the_views_are_the_last_ones_with_new_menus() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
        let mut files = RepositoryFiles::read(&repo, &mut Problems::default());
        let mut caches = Caches::keeping(crate::model::Drafts::LeaveOut);
        let first = shared(&files, &mut caches, None);
        // The contact page moves before the about page in the English menu.
        files.edit_page(("en", "contact"), "menu: 20", "menu: 5");
        let moved = shared(&files, &mut caches, Some(&first));
        let made = shared(&files, &mut caches, None);
        assert!(!Arc::ptr_eq(&first.views, &moved.views));
        assert_ne!(first.views.values, moved.views.values, "the menu moved");
        assert_same_views(&moved, &made);
    }

    #[test]
    fn the_views_are_made_again_after_a_free_page_s_edit_only_when_they_show_it() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
        let mut files = RepositoryFiles::read(&repo, &mut Problems::default());
        // The contact page, out of the menus: no view shows its title.
        files.edit_page(("en", "contact"), "menu: 20\n", "");
        files.edit_page(("fr", "contact"), "menu: 20\n", "");
        let mut caches = Caches::keeping(crate::model::Drafts::LeaveOut);
        let first = shared(&files, &mut caches, None);

        files.edit_page(("en", "contact"), "title: Contact us", "title: Reach us");
        let retitled = shared(&files, &mut caches, Some(&first));
        assert!(Arc::ptr_eq(&first.views, &retitled.views));

        // The about page is in the menu of every page.
        files.edit_page(("en", "about"), "title: About", "title: All about");
        let in_menu = shared(&files, &mut caches, Some(&retitled));
        assert!(!Arc::ptr_eq(&retitled.views, &in_menu.views));
        let nav = format!("{:?}", in_menu.views.values[0]);
        assert!(nav.contains("All about the partnership"), "{nav}");
        assert_same_views(&in_menu, &shared(&files, &mut caches, None));

        // A new address: links in the views may lead there.
        files.edit_page(("en", "contact"), "slug: contact", "slug: reach-us");
        let moved = shared(&files, &mut caches, Some(&in_menu));
        assert!(!Arc::ptr_eq(&in_menu.views, &moved.views));

        // Back in a menu.
        files.edit_page(
            ("en", "contact"),
            "slug: reach-us\n",
            "slug: reach-us\nmenu: 5\n",
        );
        let in_menu_again = shared(&files, &mut caches, Some(&moved));
        assert!(!Arc::ptr_eq(&moved.views, &in_menu_again.views));
    }
}
