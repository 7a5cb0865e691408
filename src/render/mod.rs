//! Rendering: a pure function from the model and the theme to the site's files in memory.
//!
//! `render` orchestrates the parts, each with one job: `shared` (addresses and each language's
//! view), `page` (one page's view, fingerprint and bytes), `cache` (the pages of earlier renders),
//! `rerender` (single pages again after an edit to their text), `site_files` (the root pages,
//! sitemap and robots.txt).

mod cache;
mod figures;
pub(crate) mod links;
mod lists;
mod map;
mod menu_move;
mod page;
mod rerender;
mod shared;
mod site_files;
mod template_use;
pub(crate) mod theme;
pub(crate) mod urls;
pub(crate) mod views;

use std::time::{Duration, Instant};

use rayon::prelude::*;

pub(crate) use cache::RenderCache;
pub(crate) use page::Scope;
pub(crate) use rerender::rerender_page_text;
pub(crate) use theme::{StaticFile, Theme};

use cache::{Ids, Kept, Learned, Previous};
use page::{render_in_scope, PageInputs, RenderedPage};
use shared::{Phases, Shared};
use urls::PageKey;

use crate::diagnostics::{Problem, Problems};
use crate::i18n::Words;
use crate::model::Strategy;

/// The rendered site: every generated file with its path in the output folder, and the static
/// files to copy.
pub struct Site {
    pub files: Vec<(String, Bytes)>,
    /// Pages already handed to the sink of `render`, so not in `files`.
    pub streamed: Vec<String>,
    pub static_files: Vec<(String, StaticFile)>,
    pub languages: usize,
    pub pages: usize,
    /// Pages rendered in this run (the others came unchanged from the cache).
    pub rendered: usize,
    /// Pages among those that are the pages they were with a moved menu put in place of the
    /// last one.
    pub menus_moved: usize,
    pub charts: usize,
    /// How long each part of the render took, for the profile of a build.
    pub phases: Vec<(&'static str, Duration)>,
    /// Problems that did not stop the render (a PDF that could not be made).
    pub warnings: Vec<Problem>,
}

/// A file's bytes, shared between the render cache, the site and the record of what was written,
/// without copying.
pub(crate) type Bytes = std::sync::Arc<[u8]>;

/// A table by output path, with a fast hash: each rebuild looks thousands of pages up in a few of
/// them (the paths come from the repository's own file names, not from readers).
pub(crate) type PathMap<V> = rustc_hash::FxHashMap<String, V>;
/// A set of output paths, with a fast hash.
pub(crate) type PathSet = rustc_hash::FxHashSet<String>;

/// Where pages go as soon as they are rendered: a one-off build writes them at once instead of
/// holding the whole site in memory.
pub(crate) type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<(), Problem> + Sync + 'a;

/// Renders the site, reusing the pages of `cache` whose inputs did not change, and handing each
/// page to `sink` as soon as it is rendered when there is one (the returned site then holds only
/// the other files: root pages, sitemap, CSV files, static files). The cache learns the new pages
/// only if the whole render succeeds: after a failure, the output on disk still matches it.
/// Pages outside `scope` are reused as they are when what all pages share did not change.
pub(crate) fn render(
    s: &Strategy,
    theme: &Theme,
    words: &[Words],
    cache: &mut RenderCache,
    sink: Option<&Sink>,
    scope: Scope,
) -> Result<Site, Problems> {
    let t = Instant::now();
    let pdfs = cache.keeps().then_some(&cache.pdfs);
    let known_urls = cache.known_urls(scope, (s, words));
    let last = cache.shared.as_ref().filter(|_| scope.leaves_views());
    let (shared, mut phases) = Shared::new(s, words, (cache.keeps(), known_urls), (pdfs, last))?;
    let views = shared.views.clone();
    phases.push(("shared", t.elapsed()));
    let t = Instant::now();
    let previous = cache.take(&shared.addresses);
    let inputs = PageInputs {
        s,
        theme,
        words,
        shared: &shared,
        keep: cache.keeps(),
    };
    let mut pages = render_pages(&inputs, &previous, sink, scope);
    phases.push(("pages", t.elapsed()));
    let t = Instant::now();
    let root_count = pages.add_root_pages(s, theme, &shared);
    let files = site_files::file_names(&pages.files, &pages.streamed, &views.data_files, theme);
    let mut problems = std::mem::take(&mut pages.problems);
    let site = (&files, &pages.learned);
    let followed = follow_links(s, &shared, site, (&previous, cache), &mut problems);
    phases.push(("links", t.elapsed()));
    if problems.has_errors() {
        cache.restore(previous);
        return Err(problems);
    }
    let rendered = (pages.files, pages.streamed, pages.rendered + root_count);
    let mut site = site_of((s, theme), &shared, cache, rendered, phases);
    site.menus_moved = pages.menus_moved;
    cache.commit(previous, pages.learned, shared, files, followed);
    Ok(site)
}

/// The site of a render: its pages (`files` held in memory, `streamed` to disk already, `rendered`
/// of them rendered now rather than reused), the files every site has and the views' data files.
fn site_of(
    (s, theme): (&Strategy, &Theme),
    shared: &Shared,
    cache: &mut RenderCache,
    (files, streamed, rendered): (Vec<(String, Bytes)>, Vec<String>, usize),
    phases: Phases,
) -> Site {
    let views = &shared.views;
    let mut site = Site {
        pages: files.len() + streamed.len(),
        rendered,
        menus_moved: 0,
        files,
        streamed,
        static_files: theme.static_files.clone().into_iter().collect(),
        languages: shared.urls.languages(),
        charts: views.charts,
        phases,
        warnings: views.problems.clone(),
    };
    site.files.extend(views.data_files.iter().cloned());
    site.files
        .extend(site_files::generated(s, theme, || cache.sitemap(shared)));
    site
}

/// The pages of one render, rendered or reused, with what the cache learns from them.
struct RenderedPages {
    /// Pages held in memory (none when they went to a sink).
    files: Vec<(String, Bytes)>,
    /// Pages handed to the sink.
    streamed: Vec<String>,
    problems: Problems,
    /// How many were rendered now rather than reused.
    rendered: usize,
    /// How many of those took a moved menu in place of the last one.
    menus_moved: usize,
    /// What the cache learns of them, and the ids on them.
    learned: Learned,
}

/// Renders every page in every language, in parallel.
fn render_pages(
    inputs: &PageInputs,
    previous: &Previous,
    sink: Option<&Sink>,
    scope: Scope,
) -> RenderedPages {
    let urls = &inputs.shared.urls;
    let jobs: Vec<(usize, &PageKey)> = (0..urls.languages())
        .flat_map(|li| urls.keys.iter().map(move |k| (li, k)))
        .collect();
    let rendered: Vec<Result<RenderedPage, Problem>> = jobs
        .par_iter()
        .map(|&(li, key)| {
            let page = render_in_scope(inputs, (li, key), previous, scope)?;
            match sink {
                Some(sink) => sink(&page.path, &page.bytes).map(|()| RenderedPage {
                    bytes: Bytes::from(&[][..]),
                    ..page
                }),
                None => Ok(page),
            }
        })
        .collect();
    let mut pages = RenderedPages {
        files: Vec::with_capacity(rendered.len() + 4),
        streamed: Vec::new(),
        problems: Problems::default(),
        rendered: 0,
        menus_moved: 0,
        learned: Learned::after(previous, inputs.keep, rendered.len()),
    };
    for page in rendered {
        match page {
            Ok(page) => pages.add(page, inputs.keep, sink.is_some()),
            Err(p) => pages.problems.push(p),
        }
    }
    pages
}

/// Follows every link of the site, adding what is wrong to `problems`, unless a page failed to
/// render: links to it would fail for that reason alone. Returns what following them found, when
/// the cache keeps it and it is not the last render's as it was.
fn follow_links(
    s: &Strategy,
    shared: &Shared,
    site: (&PathSet, &Learned),
    (previous, cache): (&Previous, &RenderCache),
    problems: &mut Problems,
) -> Option<links::Followed> {
    if problems.has_errors() {
        return None;
    }
    let (found, followed) = check_links(s, shared, site, previous, cache);
    problems.extend(found.into_sorted());
    followed
}

/// Every link of the site, against the files and the ids of each page; what following them found
/// when the cache keeps it, reusing what the last render found for the same links to the same site.
fn check_links(
    s: &Strategy,
    shared: &Shared,
    (files, learned): (&PathSet, &Learned),
    previous: &Previous,
    cache: &RenderCache,
) -> (Problems, Option<links::Followed>) {
    let memo = cache.keeps().then(|| links::Memo {
        last: &cache.followed,
        same_site: previous.same_site(files, learned),
        urls_hash: shared.urls_hash,
    });
    let ids_of = |file: &str| learned.ids_of(file, previous).map(|ids: &Ids| ids.as_ref());
    let site = links::SiteFiles {
        files,
        ids: &ids_of,
    };
    links::check(s, &shared.urls, &shared.addresses, &site, memo)
}

impl RenderedPages {
    /// Adds the root pages (language chooser, 404 page), rendered every time; returns how many.
    fn add_root_pages(&mut self, s: &Strategy, theme: &Theme, shared: &Shared) -> usize {
        match site_files::root_pages(s, theme, &shared.urls, &shared.views.values) {
            Ok(root) => {
                let count = root.len();
                let root = root.into_iter().map(|(p, b)| (p, Bytes::from(b)));
                self.files.extend(root);
                count
            }
            Err(p) => {
                self.problems.push(p);
                0
            }
        }
    }

    fn add(&mut self, page: RenderedPage, keep: bool, streamed: bool) {
        let RenderedPage {
            path,
            bytes,
            fingerprint,
            fresh,
            ids,
            body,
            view,
            menu_moved,
        } = page;
        self.rendered += usize::from(fresh);
        self.menus_moved += usize::from(menu_moved);
        self.learned.count += 1;
        if fresh || !self.learned.partial {
            if let Some(body) = body {
                self.learned.bodies.insert(path.clone(), body);
            }
            if keep {
                let kept = Kept {
                    fingerprint,
                    bytes: bytes.clone(),
                    view,
                    ids: ids.clone(),
                };
                self.learned.pages.insert(path.clone(), kept);
            }
            self.learned.ids.insert(path.clone(), ids);
        }
        if streamed {
            self.streamed.push(path);
        } else {
            self.files.push((path, bytes));
        }
    }
}
