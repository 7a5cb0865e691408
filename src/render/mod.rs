//! Rendering: a pure function from the model and the theme to the site's files in memory.

mod figures;
pub mod links;
pub mod theme;
pub mod urls;
pub mod views;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

pub use theme::{StaticFile, Theme};
use urls::{PageKey, Urls};

use crate::config::{MissingPages, RootPage};
use crate::diagnostics::Problems;
use crate::i18n::Words;
use crate::model::{Freshness, Section, Strategy};

/// The rendered site: every generated file with its path in the output folder, and the static
/// files to copy.
pub struct Site {
    pub files: Vec<(String, Bytes)>,
    /// Pages already handed to the sink of `render_site_streaming`, so not in `files`.
    pub streamed: Vec<String>,
    /// Files whose bytes are the ones the same cache produced last time (not rendered again).
    pub unchanged: std::collections::HashSet<String>,
    pub static_files: Vec<(String, StaticFile)>,
    pub languages: usize,
    pub pages: usize,
    /// Pages rendered in this run (the others came unchanged from the cache).
    pub rendered: usize,
    pub charts: usize,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct SwitcherEntry {
    code: String,
    locale: String,
    dir: &'static str,
    name: String,
    url: String,
    current: bool,
    /// False when that language only has a notice for this page.
    available: bool,
}

#[derive(Serialize)]
struct PageView {
    key: String,
    title: String,
    /// The title's language, when it is not the page's (a notice for an untranslated free page).
    title_lang: Option<crate::i18n::LangMark>,
    description: String,
    /// A draft shown by a preview: marked, and not to be indexed.
    draft: bool,
    url: String,
    canonical: String,
    alternates: Vec<Alternate>,
    switcher: Vec<SwitcherEntry>,
    body_html: String,
    /// Prefix for links to items on other section pages; empty on the one-page strategy.
    links: Links,
    /// For notices: the languages that have this page.
    available_in: Vec<SwitcherEntry>,
    /// For a translation whose source changed since: the source page.
    outdated: Option<SwitcherEntry>,
    /// For a page shown in the default language because the reader's has none: a notice in the
    /// reader's language.
    missing_in: Option<MissingIn>,
    h: u8,
    /// Which rendering of a section's body to show: `body_html`, or `body_in_strategy_html` on the
    /// one-page strategy (ids prefixed, headings a level lower).
    body_field: &'static str,
}

#[derive(Serialize)]
struct MissingIn {
    text: String,
    locale: String,
    dir: &'static str,
}

#[derive(Serialize)]
struct Links {
    priorities: String,
    action_plan: String,
    evaluation: String,
}

/// A file's bytes, shared between the render cache and the site without copying.
pub type Bytes = std::sync::Arc<[u8]>;

/// One page of a render: reused from the cache (`fresh` false) or rendered now.
struct RenderedPage {
    path: String,
    bytes: Bytes,
    fingerprint: blake3::Hash,
    fresh: bool,
    /// The ids on the page, which links to it may point to.
    ids: Ids,
}

/// The ids of a page, shared between the cache and a render that reuses the page.
type Ids = std::sync::Arc<std::collections::HashSet<String>>;

/// Pages rendered by an earlier run, by output path, with the fingerprint of what they were
/// rendered from. Watch mode keeps one, so an edit re-renders only the pages it affects.
#[derive(Default)]
pub struct RenderCache {
    pages: std::collections::HashMap<String, (blake3::Hash, Bytes)>,
    /// What every page of the last successful render shared, for re-rendering single pages.
    shared: Option<Shared>,
    /// Whether pages are remembered at all: a one-off build has nothing to reuse them for.
    keep: bool,
    /// The files and page ids of the last successful render, to follow links again after an
    /// edit that re-renders single pages.
    site: Option<SiteState>,
}

#[derive(Default)]
struct SiteState {
    files: std::collections::HashSet<String>,
    ids: std::collections::HashMap<String, Ids>,
}

/// What all pages of one render share: the addresses, each language's view, and the fingerprints
/// of those views.
struct Shared {
    urls: Urls,
    views: Vec<Value>,
    view_hashes: Vec<blake3::Hash>,
    /// A fingerprint of every page's address: `@` links in a page's text lead to them.
    urls_hash: blake3::Hash,
    addresses: links::Addresses,
}

/// Everything a page is rendered from.
struct PageInputs<'a> {
    s: &'a Strategy,
    theme: &'a Theme,
    words: &'a [Words],
    shared: &'a Shared,
    /// Whether to fingerprint the page, to reuse it next time.
    keep: bool,
}

impl RenderCache {
    /// A cache that remembers pages for the next render (watch mode).
    pub fn keeping() -> RenderCache {
        RenderCache {
            pages: Default::default(),
            shared: None,
            keep: true,
            site: None,
        }
    }
}

pub fn render_site(s: &Strategy, theme: &Theme, words: &[Words]) -> Result<Site, Problems> {
    render_site_cached(s, theme, words, &mut RenderCache::default())
}

/// Where pages go as soon as they are rendered: a one-off build writes them at once instead of
/// holding the whole site in memory.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> Result<(), crate::diagnostics::Problem> + Sync + 'a;

/// Renders the site, handing each page to `sink` as soon as it is rendered; the returned site holds
/// only the other files (root pages, sitemap, CSV files, static files).
pub fn render_site_streaming(
    s: &Strategy,
    theme: &Theme,
    words: &[Words],
    sink: &Sink,
) -> Result<Site, Problems> {
    render(s, theme, words, &mut RenderCache::default(), Some(sink))
}

/// Renders the site, reusing the pages of `cache` whose inputs did not change.
pub fn render_site_cached(
    s: &Strategy,
    theme: &Theme,
    words: &[Words],
    cache: &mut RenderCache,
) -> Result<Site, Problems> {
    render(s, theme, words, cache, None)
}

fn render(
    s: &Strategy,
    theme: &Theme,
    words: &[Words],
    cache: &mut RenderCache,
    sink: Option<&Sink>,
) -> Result<Site, Problems> {
    let t = std::time::Instant::now();
    let urls = Urls::new(s, words)?;
    let addresses = links::Addresses::new(s, &urls);
    crate::build::stage("urls", t);
    let t = std::time::Instant::now();
    let built: Vec<views::LanguageView> = (0..urls.languages())
        .into_par_iter()
        .map(|li| views::language_view(s, li, &words[li], &urls, &addresses))
        .collect();
    let charts = built.iter().map(|v| v.chart_count).sum();
    let data_files: Vec<(String, Bytes)> = built
        .iter()
        .flat_map(|v| v.data_files.iter())
        .map(|(url, text)| {
            (
                url[s.config.base_path.len()..].to_string(),
                Bytes::from(text.as_bytes()),
            )
        })
        .collect();
    let views: Vec<Value> = built.iter().map(Value::from_serializable).collect();
    // A fingerprint of each language's view: a page whose view, own data and template are
    // unchanged renders to the same bytes as before.
    let keep = cache.keep;
    let view_hashes: Vec<blake3::Hash> = if keep {
        built
            .iter()
            .map(|v| blake3::hash(&serde_json::to_vec(v).unwrap_or_default()))
            .collect()
    } else {
        vec![blake3::hash(b""); built.len()]
    };
    drop(built);
    let urls_hash = if keep {
        urls.fingerprint()
    } else {
        blake3::hash(b"")
    };
    let shared = Shared {
        urls,
        views,
        view_hashes,
        urls_hash,
        addresses,
    };
    let urls = &shared.urls;
    let jobs: Vec<(usize, &PageKey)> = (0..urls.languages())
        .flat_map(|li| urls.keys.iter().map(move |k| (li, k)))
        .collect();
    crate::build::stage("views", t);
    let t = std::time::Instant::now();
    let previous = std::mem::take(&mut cache.pages);
    let previous_site = cache.site.take();
    let previous_ids = previous_site.as_ref().map(|site| &site.ids);
    let inputs = PageInputs {
        s,
        theme,
        words,
        shared: &shared,
        keep,
    };
    let rendered: Vec<Result<RenderedPage, crate::diagnostics::Problem>> = jobs
        .par_iter()
        .map(|&(li, key)| {
            let page = render_page(&inputs, li, key, &previous, previous_ids)?;
            match sink {
                Some(sink) => sink(&page.path, &page.bytes).map(|()| RenderedPage {
                    bytes: Bytes::from(&[][..]),
                    ..page
                }),
                None => Ok(page),
            }
        })
        .collect();

    crate::build::stage("pages", t);
    let mut problems = Problems::default();
    let mut files = Vec::with_capacity(rendered.len() + 4);
    let mut rendered_count = 0;
    let mut unchanged = std::collections::HashSet::new();
    let mut streamed = Vec::new();
    // The new cache is committed only if the whole render succeeds: after a failure, the output on
    // disk still matches the previous cache.
    let mut next = std::collections::HashMap::with_capacity(previous.len());
    let mut page_ids = std::collections::HashMap::with_capacity(rendered.len());
    for r in rendered {
        match r {
            Ok(RenderedPage {
                path,
                bytes,
                fingerprint,
                fresh,
                ids,
            }) => {
                page_ids.insert(path.clone(), ids);
                rendered_count += usize::from(fresh);
                if !fresh {
                    unchanged.insert(path.clone());
                }
                if keep {
                    next.insert(path.clone(), (fingerprint, bytes.clone()));
                }
                if sink.is_some() {
                    streamed.push(path);
                } else {
                    files.push((path, bytes));
                }
            }
            Err(p) => problems.push(p),
        }
    }
    let mut pages = files.len() + streamed.len();
    let mut root_count = 0;
    match root_pages(s, theme, urls, &shared.views) {
        Ok(extra) => {
            root_count = extra.len();
            files.extend(extra.into_iter().map(|(p, b)| (p, Bytes::from(b))));
        }
        Err(p) => problems.push(p),
    }
    pages += root_count;
    let t = std::time::Instant::now();
    let site_files = file_names(&files, &streamed, &data_files, theme);
    let ids_of = |file: &str| page_ids.get(file).map(|ids: &Ids| ids.as_ref());
    let site = links::SiteFiles {
        files: &site_files,
        ids: &ids_of,
    };
    // A page that failed to render is missing: links to it would fail for that reason alone.
    if !problems.has_errors() {
        problems.extend(links::check(s, urls, &shared.addresses, &site).into_sorted());
    }
    crate::build::stage("links", t);
    if problems.has_errors() {
        cache.pages = previous;
        cache.site = previous_site;
        return Err(problems);
    }
    cache.pages = next;
    files.extend(data_files);
    if theme.writes("sitemap.xml") {
        files.push((
            "sitemap.xml".into(),
            Bytes::from(sitemap(urls).into_bytes()),
        ));
    }
    if theme.writes("robots.txt") {
        let robots = format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            s.config.base_url
        );
        files.push(("robots.txt".into(), robots.into_bytes().into()));
    }
    let languages = urls.languages();
    if keep {
        cache.shared = Some(shared);
        cache.site = Some(SiteState {
            files: site_files,
            ids: page_ids,
        });
    }
    Ok(Site {
        files,
        streamed,
        unchanged,
        static_files: theme
            .static_files
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        languages,
        pages,
        rendered: rendered_count + root_count,
        charts,
    })
}

/// Renders the page `key` in language `li`, or takes it from `previous` when what it is rendered
/// from has the fingerprint it had then.
fn render_page(
    inputs: &PageInputs,
    li: usize,
    key: &PageKey,
    previous: &std::collections::HashMap<String, (blake3::Hash, Bytes)>,
    previous_ids: Option<&std::collections::HashMap<String, Ids>>,
) -> Result<RenderedPage, crate::diagnostics::Problem> {
    let PageInputs {
        s,
        theme,
        words,
        shared,
        keep,
    } = inputs;
    let urls = &shared.urls;
    let (mut page, cl, free_page) = page_view(s, urls, words, li, key);
    let body = match free_page {
        Some(p) => p.body.text(&p.file)?,
        None => std::borrow::Cow::Borrowed(""),
    };
    let template = template_for(s, urls, li, key);
    let file = urls.file(li, key);
    let mut hasher = blake3::Hasher::new();
    if *keep {
        hasher.update(theme.fingerprint.as_bytes());
        hasher.update(shared.view_hashes[cl].as_bytes());
        hasher.update(shared.urls_hash.as_bytes());
        hasher.update(template.as_bytes());
        hasher.update(&[u8::from(s.config.allow_raw_html)]);
        hasher.update(&serde_json::to_vec(&page).unwrap_or_default());
        hasher.update(body.as_bytes());
    }
    let fingerprint = hasher.finalize();
    if let Some((known, bytes)) = previous.get(&file) {
        if *known == fingerprint {
            let ids = previous_ids
                .and_then(|known| known.get(&file).cloned())
                .unwrap_or_else(|| Ids::new(links::ids_in(bytes)));
            return Ok(RenderedPage {
                path: file,
                ids,
                bytes: bytes.clone(),
                fingerprint,
                fresh: false,
            });
        }
    }
    if !body.is_empty() {
        page.body_html = render_free_page(s, shared, li, &body, &words[cl]);
    }
    let mut ctx = Context::new();
    ctx.insert_value("lang", shared.views[cl].clone());
    ctx.insert("page", &page);
    theme
        .tera
        .render(template, &ctx)
        .map(|html| RenderedPage {
            path: file.clone(),
            ids: Ids::new(links::ids_in(html.as_bytes())),
            bytes: Bytes::from(html.into_bytes()),
            fingerprint,
            fresh: true,
        })
        .map_err(|e| theme.render_problem(&e, &file))
}

/// After edits to the text of pages that changed nothing any other page shows (`(language, page)`
/// pairs), re-renders just the pages showing those texts, from what the last render shared, and
/// remembers them only if all render. `None` when there was no successful render to start from.
pub fn rerender_page_text(
    s: &Strategy,
    theme: &Theme,
    words: &[Words],
    cache: &mut RenderCache,
    edited: &[(usize, PageKey)],
) -> Option<Result<Vec<(String, Bytes)>, Problems>> {
    let shared = cache.shared.as_ref()?;
    let inputs = PageInputs {
        s,
        theme,
        words,
        shared,
        keep: cache.keep,
    };
    let none = std::collections::HashMap::new();
    let mut pages = Vec::new();
    let mut problems = Problems::default();
    for (lang, key) in edited {
        for li in 0..shared.urls.languages() {
            if content_language(s, &shared.urls, li, key) != *lang {
                continue;
            }
            match render_page(&inputs, li, key, &none, None) {
                Ok(page) => pages.push(page),
                Err(p) => problems.push(p),
            }
        }
    }
    // The edit may have taken away an anchor that another page links to, or added a link.
    let site = cache.site.as_ref()?;
    let edited_ids: std::collections::HashMap<&str, &Ids> =
        pages.iter().map(|p| (p.path.as_str(), &p.ids)).collect();
    let ids_of = |file: &str| {
        edited_ids
            .get(file)
            .copied()
            .or_else(|| site.ids.get(file))
            .map(|ids| ids.as_ref())
    };
    let files = links::SiteFiles {
        files: &site.files,
        ids: &ids_of,
    };
    problems.extend(links::check(s, &shared.urls, &shared.addresses, &files).into_sorted());
    if problems.has_errors() {
        return Some(Err(problems));
    }
    Some(Ok(pages
        .into_iter()
        .map(|p| {
            cache
                .pages
                .insert(p.path.clone(), (p.fingerprint, p.bytes.clone()));
            if let Some(site) = cache.site.as_mut() {
                site.ids.insert(p.path.clone(), p.ids);
            }
            (p.path, p.bytes)
        })
        .collect()))
}

/// The path of every file the site will hold, from the output folder.
fn file_names(
    files: &[(String, Bytes)],
    streamed: &[String],
    data_files: &[(String, Bytes)],
    theme: &Theme,
) -> std::collections::HashSet<String> {
    let written = files.iter().chain(data_files).map(|(path, _)| path);
    let generated = ["sitemap.xml", "robots.txt"]
        .into_iter()
        .filter(|name| theme.writes(name))
        .map(String::from);
    written
        .chain(streamed)
        .cloned()
        .chain(generated)
        .chain(theme.static_files.keys().cloned())
        .collect()
}

fn template_for(s: &Strategy, urls: &Urls, li: usize, key: &PageKey) -> &'static str {
    if !urls.has(li, key) && s.config.missing_pages == MissingPages::Notice {
        return "notice.html";
    }
    match key {
        PageKey::Home => "home.html",
        PageKey::Section(_) => "section.html",
        PageKey::Strategy => "strategy.html",
        PageKey::Free(_) => "page.html",
    }
}

/// The language whose words fill the page: the reader's, or the default language's when the page
/// is missing in the reader's language and the configuration shows the original instead.
fn content_language(s: &Strategy, urls: &Urls, li: usize, key: &PageKey) -> usize {
    if urls.has(li, key) || s.config.missing_pages == MissingPages::Notice {
        li
    } else {
        s.config.default_language
    }
}

/// What one page shows besides its language's view: everything but a free page's rendered body,
/// whose Markdown source is returned so it is rendered only when the page must be.
fn page_view<'s>(
    s: &'s Strategy,
    urls: &Urls,
    words: &[Words],
    li: usize,
    key: &PageKey,
) -> (PageView, usize, Option<&'s crate::model::Page>) {
    let cl = content_language(s, urls, li, key);
    let reader_words = &words[li];
    let url = urls.url(li, key);
    let entry = |o: usize| {
        let l = &s.config.languages[o];
        SwitcherEntry {
            code: l.code.clone(),
            locale: l.locale.clone(),
            dir: l.direction.as_str(),
            name: l.name.clone(),
            url: urls.url(o, key),
            current: o == li,
            available: urls.has(o, key),
        }
    };
    let mut alternates: Vec<Alternate> = (0..urls.languages())
        .filter(|&o| urls.has(o, key))
        .map(|o| Alternate {
            hreflang: s.config.languages[o].locale.clone(),
            href: urls.absolute(&urls.url(o, key)),
        })
        .collect();
    if !alternates.is_empty() {
        alternates.push(Alternate {
            hreflang: "x-default".into(),
            href: urls.absolute(&urls.root()),
        });
    }
    let c = &s.content[cl];
    let shown = match key {
        PageKey::Section(sec) => c.sections.get(sec),
        PageKey::Home => c.sections.get(&Section::Home),
        PageKey::Free(id) => c.pages.get(id),
        PageKey::Strategy => None,
    };
    let description = shown.map(|p| p.description.clone()).unwrap_or_default();
    // Section pages show their body through their template; only a free page's is rendered here.
    let free_page = match key {
        PageKey::Free(_) => shown,
        _ => None,
    };
    let on_one_page = matches!(key, PageKey::Strategy);
    // Links to items on another section page. When this language lacks that page, its items are
    // only on the default language's page, so the link goes there.
    let link = |sec: Section| {
        let key = PageKey::Section(sec);
        if urls.has(cl, &key) {
            if on_one_page {
                String::new()
            } else {
                urls.url(cl, &key)
            }
        } else {
            urls.url(s.config.default_language, &key)
        }
    };
    let page = PageView {
        key: key.name(),
        title: urls.title(cl, key).to_string(),
        title_lang: urls.title_language(cl, key),
        description,
        draft: shown.is_some_and(|p| p.draft),
        canonical: urls.absolute(&urls.url(cl, key)),
        url,
        alternates,
        switcher: (0..urls.languages()).map(entry).collect(),
        body_html: String::new(),
        links: Links {
            priorities: link(Section::Priorities),
            action_plan: link(Section::ActionPlan),
            evaluation: link(Section::Evaluation),
        },
        available_in: (0..urls.languages())
            .filter(|&o| urls.has(o, key))
            .map(entry)
            .collect(),
        outdated: (urls.has(li, key) && freshness(c, key) == Freshness::Outdated)
            .then(|| entry(s.config.default_language)),
        missing_in: (cl != li).then(|| {
            let reader = &s.config.languages[li];
            MissingIn {
                text: reader_words.get("notice_source").to_string(),
                locale: reader.locale.clone(),
                dir: reader.direction.as_str(),
            }
        }),
        h: if on_one_page { 3 } else { 2 },
        body_field: if on_one_page {
            "body_in_strategy_html"
        } else {
            "body_html"
        },
    };
    (page, cl, free_page)
}

fn freshness(c: &crate::model::LanguageContent, key: &PageKey) -> Freshness {
    let page = match key {
        PageKey::Home => c.sections.get(&Section::Home),
        PageKey::Section(sec) => c.sections.get(sec),
        PageKey::Free(id) => c.pages.get(id),
        PageKey::Strategy => None,
    };
    page.map_or(Freshness::Original, |p| p.freshness)
}

/// A free page's body, rendered for the reader of language `li`.
fn render_free_page(s: &Strategy, shared: &Shared, li: usize, body: &str, words: &Words) -> String {
    let mut used = std::collections::HashSet::new();
    let href = |address: &str| shared.addresses.href(&shared.urls, li, address);
    crate::markdown::Renderer {
        allow_raw_html: s.config.allow_raw_html,
        id_prefix: "",
        top_heading: 2,
        task_done: words.get("task_done"),
        task_open: words.get("task_open"),
        used_ids: &mut used,
        addresses: Some(&href),
    }
    .render(body)
}

#[derive(Serialize)]
struct RootLanguage<'a> {
    code: &'a str,
    locale: &'a str,
    dir: &'a str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    home_url: String,
    t: &'a Value,
}

/// The root language chooser (or redirect) and the site-wide 404 page, which speak every language,
/// unless the repository has its own.
fn root_pages(
    s: &Strategy,
    theme: &Theme,
    urls: &Urls,
    views: &[Value],
) -> Result<Vec<(String, Vec<u8>)>, crate::diagnostics::Problem> {
    let t_values: Vec<Value> = views
        .iter()
        .map(|v| v.get_from_path("t").cloned().unwrap_or_else(Value::none))
        .collect();
    let languages: Vec<RootLanguage> = s
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(li, l)| RootLanguage {
            code: &l.code,
            locale: &l.locale,
            dir: l.direction.as_str(),
            name: &l.name,
            title: &l.title,
            description: &l.description,
            home_url: urls.home(li),
            t: &t_values[li],
        })
        .collect();
    let default = s.config.default_language;
    let mut ctx = Context::new();
    ctx.insert("languages", &languages);
    ctx.insert("default", &languages[default]);
    ctx.insert("css_url", &urls.asset("theme.css"));
    ctx.insert("root_url", &urls.root());
    ctx.insert("canonical", &urls.absolute(&urls.root()));
    let alternates: Vec<Alternate> = languages
        .iter()
        .map(|l| Alternate {
            hreflang: l.locale.to_string(),
            href: urls.absolute(&l.home_url),
        })
        .chain(std::iter::once(Alternate {
            hreflang: "x-default".into(),
            href: urls.absolute(&urls.root()),
        }))
        .collect();
    ctx.insert("alternates", &alternates);
    let root_template = match s.config.root {
        RootPage::Chooser => "chooser.html",
        RootPage::Redirect => "redirect.html",
    };
    let render = |name: &str, out: &str| {
        theme
            .tera
            .render(name, &ctx)
            .map(|h| (out.to_string(), h.into_bytes()))
            .map_err(|e| theme.render_problem(&e, out))
    };
    [(root_template, "index.html"), ("404.html", "404.html")]
        .into_iter()
        .filter(|(_, out)| theme.writes(out))
        .map(|(template, out)| render(template, out))
        .collect()
}

/// `sitemap.xml` with every page and its language alternates.
fn sitemap(urls: &Urls) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for key in &urls.keys {
        let have: Vec<usize> = (0..urls.languages())
            .filter(|&li| urls.has(li, key))
            .collect();
        for &li in &have {
            xml.push_str(&format!(
                "  <url>\n    <loc>{}</loc>\n",
                crate::markdown::escape(&urls.absolute(&urls.url(li, key)))
            ));
            for &o in &have {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    crate::markdown::escape(urls.locale(o)),
                    crate::markdown::escape(&urls.absolute(&urls.url(o, key)))
                ));
            }
            xml.push_str("  </url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    xml
}
