//! The pages of earlier renders, kept by watch mode so that an edit re-renders only the pages whose
//! inputs changed.

use std::collections::HashSet;

use std::sync::Arc;

use super::page::Scope;
use super::shared::Shared;
use super::urls::Urls;
use super::Bytes;

/// The ids of a page, shared between the cache and a render that reuses the page.
pub(super) type Ids = std::sync::Arc<HashSet<String>>;

/// Pages by output path, with the fingerprint of what each was rendered from.
pub(super) type Pages = super::PathMap<Kept>;

/// One page as a render left it.
#[derive(Clone)]
pub(super) struct Kept {
    pub(super) fingerprint: Fingerprint,
    pub(super) bytes: Bytes,
    /// What its template was given as `page`, when a render made it (not for a one-off build).
    pub(super) view: Option<PageValue>,
    /// The ids on it, which links to it may point to.
    pub(super) ids: Ids,
}

/// A page's page view as its template was given it, with the fingerprint of the list tables in
/// it. A page whose own inputs are known to be as they were, rendered again for a change to what
/// all pages share (a menu place), is given it again instead of having its page view made and
/// converted for the template again: a third of rendering it.
#[derive(Clone)]
pub(super) struct PageValue {
    pub(super) lists: blake3::Hash,
    pub(super) value: tera::Value,
}

/// A free page's Markdown rendered to HTML, with the fingerprint of what it was rendered from:
/// an edit that changes every page but not their texts (a menu place, a template) takes it
/// instead of rendering the Markdown again.
#[derive(Clone)]
pub(super) struct Body {
    pub(super) made_from: blake3::Hash,
    /// A string as the template is given it, shared with the page views that show it.
    pub(super) html: tera::Value,
}

/// The bodies of free pages, by the output path of the page that shows them.
pub(super) type Bodies = super::PathMap<Body>;

/// What a page is rendered from, fingerprinted: its own inputs (its page view, its text, the
/// addresses), and those together with its template and what it shows of its language's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Fingerprint {
    pub(super) own: blake3::Hash,
    pub(super) whole: blake3::Hash,
    /// Of its text alone (a free page's body; nothing for other pages), part of `own`: a page
    /// whose own inputs are known to be as they were has the same, without hashing its text.
    pub(super) text: blake3::Hash,
}

/// Pages rendered by an earlier run, by output path, with the fingerprint of what they were
/// rendered from. Watch mode keeps one, so an edit re-renders only the pages it affects.
#[derive(Default)]
pub(crate) struct RenderCache {
    pub(super) pages: Pages,
    /// What every page of the last successful render shared, for re-rendering single pages.
    pub(super) shared: Option<Shared>,
    /// The free pages' bodies of the last successful render.
    pub(super) bodies: Bodies,
    /// Whether pages are remembered at all: a one-off build has nothing to reuse them for.
    keep: bool,
    /// The files and page ids of the last successful render, to follow links again after an
    /// edit that re-renders single pages.
    pub(super) site: Option<SiteState>,
    /// What following each page's links found at the last successful render.
    pub(super) followed: super::links::Followed,
    /// The PDFs of the last render, typeset again only when their markup changes.
    pub(super) pdfs: crate::pdf::PdfCache,
    /// `sitemap.xml` of the last render, with the fingerprint of the addresses it lists.
    sitemap: Option<(blake3::Hash, Bytes)>,
    /// What the last renders replaced, to be let go once their files are written.
    retired: Vec<Box<dyn std::any::Any + Send>>,
}

/// Every file of a rendered site: what links may lead to (the ids on each page are kept with the
/// page).
#[derive(Default)]
pub(super) struct SiteState {
    pub(super) files: super::PathSet,
}

/// What a render learned of its pages, for the cache: what it keeps of each, the bodies of the
/// free pages it rendered, and the ids on each page. After a render that started from a last one
/// (in watch mode), only of the pages rendered anew: those reused are the last render's as they
/// are, which the cache then keeps, instead of every page's being put in new tables.
#[derive(Default)]
pub(super) struct Learned {
    pub(super) pages: Pages,
    pub(super) bodies: Bodies,
    pub(super) ids: super::PathMap<Ids>,
    /// Whether the pages reused from the last render are left out.
    pub(super) partial: bool,
    /// How many pages the render has, those left out included.
    pub(super) count: usize,
}

impl Learned {
    /// What a render of about `pages` pages learns, starting from `previous`; `keep`: whether it
    /// keeps anything.
    pub(super) fn after(previous: &Previous, keep: bool, pages: usize) -> Learned {
        let partial = keep && previous.site.is_some();
        let room = if partial { 0 } else { pages };
        Learned {
            pages: super::PathMap::with_capacity_and_hasher(
                room * usize::from(keep),
                Default::default(),
            ),
            bodies: Bodies::default(),
            ids: super::PathMap::with_capacity_and_hasher(room, Default::default()),
            partial,
            count: 0,
        }
    }

    /// The ids on the page at `file`, learned now or, for a page reused, the last render's.
    pub(super) fn ids_of<'a>(&'a self, file: &str, previous: &'a Previous) -> Option<&'a Ids> {
        let reused = || previous.pages.get(file).map(|kept| &kept.ids);
        self.ids
            .get(file)
            .or_else(|| reused().filter(|_| self.partial))
    }
}

/// What a render starts from: the pages and site of the last successful render.
#[derive(Default)]
pub(super) struct Previous {
    pub(super) pages: Pages,
    /// The bodies of free pages, when the `@` addresses their links lead to are as they were.
    pub(super) bodies: Bodies,
    pub(super) site: Option<SiteState>,
    /// The fingerprints of each language's view and of the addresses the pages were rendered
    /// with.
    pub(super) view_hashes: Vec<blake3::Hash>,
    pub(super) urls_hash: Option<blake3::Hash>,
}

impl Previous {
    /// The page at `file` as rendered before, if it was rendered from inputs with `fingerprint`.
    pub(super) fn reuse(&self, file: &str, fingerprint: &blake3::Hash) -> Option<Kept> {
        let kept = self.pages.get(file)?;
        (kept.fingerprint.whole == *fingerprint).then(|| kept.clone())
    }

    /// The ids of the page at `file`: those it had, shared, when they are the same (as after a
    /// menu place changed every page), so that the links of the site are known to lead where they
    /// did without comparing every page's ids again.
    pub(super) fn same_ids(&self, file: &str, ids: HashSet<String>) -> Ids {
        match self.pages.get(file) {
            Some(then) if *then.ids == ids => then.ids.clone(),
            _ => Ids::new(ids),
        }
    }

    /// The page view the page at `file` was last rendered with, if the list tables in it had the
    /// fingerprint `lists`. Only for a page whose own inputs are known to be as they were then.
    pub(super) fn page_value(&self, file: &str, lists: &blake3::Hash) -> Option<tera::Value> {
        let view = self.pages.get(file)?.view.as_ref()?;
        (view.lists == *lists).then(|| view.value.clone())
    }

    /// Whether a site with `files`, and the ids `learned` on its pages, has all the last one had:
    /// the same places for links to lead to.
    pub(super) fn same_site(&self, files: &super::PathSet, learned: &Learned) -> bool {
        // The pages a render took from the last one have the ids they had; with the same files,
        // the same pages are left out.
        let same_count = learned.partial || self.pages.len() == learned.ids.len();
        let same_ids = |(file, now): (&String, &Ids)| {
            (self.pages.get(file))
                .is_some_and(|then| std::sync::Arc::ptr_eq(&then.ids, now) || then.ids == *now)
        };
        self.site.as_ref().is_some_and(|site| site.files == *files)
            && same_count
            && learned.ids.iter().all(same_ids)
    }

    /// Whether the view of content language `cl` is the one the pages were rendered with.
    pub(super) fn same_view(&self, cl: usize, shared: &Shared) -> bool {
        self.view_hashes.get(cl) == shared.views.view_hashes.get(cl)
    }

    /// The page at `file` as rendered before, if the addresses were the same as `shared`'s.
    pub(super) fn kept_if_same_addresses(&self, file: &str, shared: &Shared) -> Option<&Kept> {
        if self.urls_hash != Some(shared.urls_hash) {
            return None;
        }
        self.pages.get(file)
    }

    /// The body of the free page at `file` as rendered before, if it was rendered from inputs
    /// with the fingerprint `made_from`.
    pub(super) fn body(&self, file: &str, made_from: &blake3::Hash) -> Option<Body> {
        self.bodies
            .get(file)
            .filter(|body| body.made_from == *made_from)
            .cloned()
    }

    /// The pages (with the ids on them) and bodies to keep for the next render, whose site has
    /// `files`: those `learned` now, with, when it learned only of the pages rendered anew, the
    /// last ones of the pages still there. What is replaced goes to `retired`.
    fn learning(
        &mut self,
        learned: Learned,
        files: &super::PathSet,
        retired: &mut Vec<Box<dyn std::any::Any + Send>>,
    ) -> (Pages, Bodies) {
        let Learned {
            pages: fresh,
            bodies: fresh_bodies,
            partial,
            count,
            ..
        } = learned;
        let mut bodies = std::mem::take(&mut self.bodies);
        if !partial {
            bodies.retain(|file, _| fresh.contains_key(file));
            bodies.extend(fresh_bodies);
            return (fresh, bodies);
        }
        let mut pages = std::mem::take(&mut self.pages);
        let mut replaced = Vec::with_capacity(fresh.len());
        replaced.extend(
            fresh
                .into_iter()
                .filter_map(|(file, kept)| pages.insert(file, kept)),
        );
        bodies.extend(fresh_bodies);
        // Every page of this render is in the table now: any more are pages that are gone.
        if pages.len() != count {
            pages.retain(|file, _| files.contains(file));
            bodies.retain(|file, _| pages.contains_key(file));
        }
        retired.push(Box::new(replaced));
        (pages, bodies)
    }
}

impl RenderCache {
    /// A cache that remembers pages for the next render (watch mode).
    pub(crate) fn keeping() -> RenderCache {
        RenderCache {
            keep: true,
            ..Default::default()
        }
    }

    /// Whether this cache remembers pages, so that they are worth fingerprinting.
    pub(super) fn keeps(&self) -> bool {
        self.keep
    }

    /// Takes out what the last render left, for a new render with `addresses` to reuse.
    pub(super) fn take(&mut self, addresses: &super::links::Addresses) -> Previous {
        let shared = self.shared.as_ref();
        let same_addresses = shared.is_some_and(|s| s.addresses == *addresses);
        let bodies = std::mem::take(&mut self.bodies);
        Previous {
            pages: std::mem::take(&mut self.pages),
            bodies: if same_addresses {
                bodies
            } else {
                Bodies::default()
            },
            site: self.site.take(),
            view_hashes: shared
                .map(|s| s.views.view_hashes.clone())
                .unwrap_or_default(),
            urls_hash: shared.map(|s| s.urls_hash),
        }
    }

    /// Puts back what a failed render took out: the output on disk still matches it.
    pub(super) fn restore(&mut self, previous: Previous) {
        self.pages = previous.pages;
        self.bodies = previous.bodies;
        self.site = previous.site;
    }

    /// The addresses and titles of the last render, with their fingerprint, when a change in
    /// `scope` cannot have changed them: they come from the pages, the settings and the interface
    /// words alone. After an edit to free pages alone, the last ones with those pages' titles
    /// taken again, when their addresses are as they were.
    pub(super) fn known_urls(
        &self,
        scope: Scope,
        (s, words): (&crate::model::Strategy, &[crate::i18n::Words]),
    ) -> Option<(Arc<Urls>, blake3::Hash)> {
        let last = self.shared.as_ref()?;
        match scope {
            Scope::Views | Scope::Theme => Some((last.urls.clone(), last.urls_hash)),
            Scope::Pages(edited) => {
                let urls = last.urls.retitled(s, words, edited)?;
                Some((Arc::new(urls), last.urls_hash))
            }
            Scope::Everything => None,
        }
    }

    /// Remembers a successful render that started from `previous`, if this cache keeps
    /// anything: what it `learned` of its pages, the `files` of its site, and what following its
    /// links found when that was worked out. What it replaces is retired.
    pub(super) fn commit(
        &mut self,
        mut previous: Previous,
        learned: Learned,
        shared: Shared,
        files: super::PathSet,
        followed: Option<super::links::Followed>,
    ) {
        if let Some(followed) = followed {
            self.followed = followed;
        }
        if self.keep {
            let (pages, bodies) = previous.learning(learned, &files, &mut self.retired);
            self.bodies = bodies;
            self.pages = pages;
            let site = SiteState { files };
            let old = (self.shared.replace(shared), self.site.replace(site));
            self.retire(Box::new(old));
        }
        self.retire(Box::new(previous));
    }

    /// Keeps what a rebuild no longer needs until its files are written: freeing the model and
    /// views of a large site takes milliseconds, which the rebuild should not wait for nor share
    /// its two cores with.
    pub(crate) fn retire(&mut self, old: Box<dyn std::any::Any + Send>) {
        self.retired.push(old);
    }

    /// Lets go of what was retired, on another thread, once the rebuild's files are written.
    pub(crate) fn let_go(&mut self) {
        let retired = std::mem::take(&mut self.retired);
        if !retired.is_empty() {
            std::thread::spawn(move || drop(retired));
        }
    }

    /// `sitemap.xml` for the addresses of `shared`: the last one when it listed the same, else
    /// made anew (and kept, when this cache keeps anything).
    pub(super) fn sitemap(&mut self, shared: &Shared) -> Bytes {
        let urls_hash = shared.urls_hash;
        match &self.sitemap {
            Some((hash, bytes)) if self.keep && *hash == urls_hash => bytes.clone(),
            _ => {
                let bytes = Bytes::from(super::site_files::sitemap(&shared.urls).into_bytes());
                if self.keep {
                    self.sitemap = Some((urls_hash, bytes.clone()));
                }
                bytes
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::RepositoryFiles;
    use crate::diagnostics::{Problems, SourceFile};
    use crate::engine::stages::{load_files, Caches};
    use std::path::Path;

    const CONTACT: &str = "en/contact/index.html";

    /// Where the text of a body the cache keeps is in memory: the same place for the very same body.
    fn at(body: &tera::Value) -> *const u8 {
        body.as_str().expect("a body is a string").as_ptr()
    }

    /// A watch session's start on content-example: its files, and caches that keep everything.
    fn session() -> (RepositoryFiles, Caches, RenderCache) {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
        let files = RepositoryFiles::read(&repo, &mut Problems::default());
        let caches = Caches::keeping(crate::model::Drafts::LeaveOut);
        (files, caches, RenderCache::keeping())
    }

    /// The site of `files` rendered after the last render `cache` keeps, as a watch session
    /// would, the pages outside `scope` reused.
    fn site_of(
        files: &RepositoryFiles,
        (caches, cache): (&mut Caches, &mut RenderCache),
        scope: Scope,
    ) -> super::super::Site {
        let (loaded, _) = load_files(files, Problems::default(), caches)
            .unwrap_or_else(|p| panic!("{:?}", p.into_sorted()));
        let (s, theme, words) = (&loaded.strategy, &loaded.theme, &loaded.words);
        super::super::render(s, theme, words, cache, None, scope)
            .unwrap_or_else(|p| panic!("{:?}", p.into_sorted()))
    }

    /// Renders `files` after the last render `cache` keeps, as a watch session would; returns the
    /// English contact page and the body the cache keeps of it.
    fn render(
        files: &RepositoryFiles,
        caches: &mut Caches,
        cache: &mut RenderCache,
    ) -> (String, tera::Value) {
        let site = site_of(files, (caches, cache), Scope::Everything);
        let (_, page) = site.files.iter().find(|(path, _)| path == CONTACT).unwrap();
        let page = String::from_utf8(page.to_vec()).unwrap();
        (page, cache.bodies[CONTACT].html.clone())
    }

    /// The page is rendered with the fingerprint it had, its text's hash included; a wrong hash
    /// carried over would make the body rendered again. (That the text is not hashed again is
    /// speed, not something the page shows: the stage times show it.)
    #[test]
    fn a_page_rendered_again_for_a_menu_move_elsewhere_keeps_its_body() {
        use super::super::urls::PageKey;
        let (mut files, mut caches, mut cache) = session();
        let mut render = |files: &RepositoryFiles, scope: Scope| {
            let site = site_of(files, (&mut caches, &mut cache), scope);
            const ABOUT: &str = "en/about/index.html";
            let (_, page) = site.files.iter().find(|(path, _)| path == ABOUT).unwrap();
            (page.clone(), cache.bodies[ABOUT].html.clone())
        };
        let (page, body) = render(&files, Scope::Everything);

        // The contact page moves before the about page in the menu of every English page.
        files.edit_page(("en", "contact"), "menu: 20", "menu: 5");
        let contact = [PageKey::Free("contact".into())];
        let (moved, kept) = render(&files, Scope::Pages(&contact));
        assert_ne!(page, moved, "the about page shows the new menu");
        assert_eq!(at(&body), at(&kept), "with the body it had");
    }

    /// After a menu move alone, a page whose templates are the theme's own takes the new menu in
    /// place of the last one, and is what a whole render makes; with the repository's own base
    /// template, which may show the menu anywhere, every page is rendered whole.
    #[test]
    fn after_a_menu_move_a_page_takes_its_new_menu_in_place_of_the_last_one() {
        use super::super::urls::PageKey;
        let theme_base = crate::embedded::DEFAULT_THEME
            .iter()
            .find(|(path, _)| *path == "templates/base.html")
            .map(|(_, text)| *text)
            .unwrap();
        let own_base = theme_base.replace("</footer>", "<p>{{ lang.menu | length }}</p></footer>");
        for (base, moved) in [(None, true), (Some(own_base), false)] {
            let (mut files, mut caches, mut cache) = session();
            if let Some(base) = base {
                let file = SourceFile::new(files.root.join("templates/base.html"), base);
                files.templates.insert("base.html".into(), file);
            }
            site_of(&files, (&mut caches, &mut cache), Scope::Everything);
            // The contact page moves before the about page in the menu of every English page.
            files.edit_page(("en", "contact"), "menu: 20", "menu: 5");
            let contact = [PageKey::Free("contact".into())];
            let site = site_of(&files, (&mut caches, &mut cache), Scope::Pages(&contact));
            let anew = (&mut caches, &mut RenderCache::default());
            let whole = site_of(&files, anew, Scope::Everything);
            let english = site
                .files
                .iter()
                .filter(|(p, _)| p.starts_with("en/") && p.ends_with(".html"));
            // Every English page but the contact page itself and the home page, which lists the
            // menu's pages as cards.
            let expected = if moved { english.count() - 2 } else { 0 };
            assert_eq!(site.menus_moved, expected);
            assert!(site.files.len() == whole.files.len());
            for ((path, now), (made_at, made)) in site.files.iter().zip(&whole.files) {
                assert_eq!(path, made_at);
                assert!(now == made, "{path}");
            }
        }
    }

    /// A render that reuses pages leaves them out of what it learned, so the cache patches the
    /// last render's tables: it must still let go of a page that is gone, in every table.
    #[test]
    fn the_cache_lets_go_of_a_page_that_is_gone() {
        let (mut files, mut caches, mut cache) = session();
        const ABOUT: &str = "en/about/index.html";
        render(&files, &mut caches, &mut cache);
        let held = |cache: &RenderCache| {
            let site = cache.site.as_ref().expect("a render's site");
            (
                cache.pages.contains_key(ABOUT),
                cache.bodies.contains_key(ABOUT),
                site.files.contains(ABOUT),
            )
        };
        assert_eq!(held(&cache), (true, true, true));

        // The about page goes from every language.
        for language in files.languages.values_mut() {
            language.pages.remove("about");
        }
        let site = site_of(&files, (&mut caches, &mut cache), Scope::Everything);
        assert!(site.files.iter().all(|(path, _)| path != ABOUT));
        assert_eq!(held(&cache), (false, false, false));
        let pages = site
            .files
            .iter()
            .filter(|(path, _)| cache.pages.contains_key(path));
        assert_eq!(
            pages.count(),
            cache.pages.len(),
            "every page kept is one of the site's"
        );
    }

    #[test]
    fn a_free_page_s_body_is_taken_from_the_last_render_only_when_made_from_the_same() {
        let (mut files, mut caches, mut cache) = session();
        let repo = files.root.clone();
        let contact = ("en", "contact");
        files.edit_page(
            contact,
            "menu: 20\n---\n",
            "menu: 20\n---\n[Who we are](@page/about).\n\n- [x] Met in June\n\n",
        );
        let (page, first) = render(&files, &mut caches, &mut cache);
        assert!(
            page.contains("href=\"/en/about/\">Who we are</a>"),
            "{page}"
        );

        // A menu place changes every page, not the text of any.
        files.edit_page(contact, "menu: 20", "menu: 5");
        let (page, moved) = render(&files, &mut caches, &mut cache);
        assert_eq!(at(&first), at(&moved), "the body is the last render's");
        assert!(page.contains("Who we are</a>"));

        // Its own text changes.
        files.edit_page(contact, "Met in June", "Met in July");
        let (page, retold) = render(&files, &mut caches, &mut cache);
        assert!(page.contains("Met in July") && !page.contains("Met in June"));
        assert_ne!(at(&moved), at(&retold));

        // The page a link leads to moves: the body is made again, with the new address.
        files.edit_page(("en", "about"), "slug: about", "slug: who-we-are");
        let (page, relinked) = render(&files, &mut caches, &mut cache);
        assert!(
            page.contains("href=\"/en/who-we-are/\">Who we are</a>"),
            "{page}"
        );

        // The words of a task list change with the language's interface words.
        let relinked = relinked.as_str().unwrap();
        assert!(relinked.contains("Done"), "{relinked}");
        let words = SourceFile::new(repo.join("i18n/en.yaml"), "task_done: Finished\n");
        files.i18n.insert("en".into(), words);
        let (_, reworded) = render(&files, &mut caches, &mut cache);
        let reworded = reworded.as_str().unwrap();
        assert!(
            reworded.contains("Finished") && !reworded.contains("Done"),
            "{reworded}"
        );
    }
}
