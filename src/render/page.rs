//! One page: what it shows besides its language's view (its page view), its fingerprint, and its
//! bytes, rendered now or reused from an earlier render.

use serde::Serialize;
use tera::Context;

use super::cache::{Body, Fingerprint, Ids, Kept, PageValue, Previous};
use super::shared::Shared;
use super::urls::{PageKey, Urls};
use super::{links, Bytes, Theme};
use crate::config::MissingPages;
use crate::i18n::Words;
use crate::model::{Freshness, Section, Strategy};

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) hreflang: String,
    pub(super) href: String,
}

#[derive(Serialize)]
pub(super) struct SwitcherEntry {
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
pub(super) struct PageView {
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
    /// The list tables the page shows (`parts/lists.html`).
    lists: Vec<super::lists::ListView>,
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
pub(super) struct MissingIn {
    text: String,
    locale: String,
    dir: &'static str,
}

#[derive(Serialize)]
pub(super) struct Links {
    priorities: String,
    action_plan: String,
    evaluation: String,
}

/// One page of a render: reused from the cache (`fresh` false) or rendered now.
pub(super) struct RenderedPage {
    pub(super) path: String,
    pub(super) bytes: Bytes,
    pub(super) fingerprint: Fingerprint,
    pub(super) fresh: bool,
    /// The ids on the page, which links to it may point to.
    pub(super) ids: Ids,
    /// A free page's body, rendered now, to keep for the next render.
    pub(super) body: Option<Body>,
    /// What its template was given as `page`, to keep for the next render.
    pub(super) view: Option<PageValue>,
    /// Whether it is the page it was with a moved menu put in place of the last one.
    pub(super) menu_moved: bool,
}

impl RenderedPage {
    /// The page at `path` as an earlier render left it.
    fn reused(path: String, kept: Kept) -> RenderedPage {
        RenderedPage {
            path,
            bytes: kept.bytes,
            fingerprint: kept.fingerprint,
            fresh: false,
            ids: kept.ids,
            body: None,
            view: kept.view,
            menu_moved: false,
        }
    }
}

/// Everything a page is rendered from.
pub(super) struct PageInputs<'a> {
    pub(super) s: &'a Strategy,
    pub(super) theme: &'a Theme,
    pub(super) words: &'a [Words],
    pub(super) shared: &'a Shared,
    /// Whether to fingerprint the page, to reuse it next time.
    pub(super) keep: bool,
}

/// Which pages a change may have touched, as the engine knows from its kind: any page, or only
/// these (an edit to pages' files), whose other pages show nothing but what the language views
/// and the addresses hold.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'a> {
    Everything,
    Pages(&'a [PageKey]),
    /// No page's own inputs changed (no page's file, address or title, nor the settings or the
    /// interface words), only what the language views hold or the templates (an edit to the
    /// data, a labels file or a template): a page is reused, without making its page view again,
    /// when its template and what it shows of its language's view are as they were.
    Views,
    /// Only the theme changed (a template, a static file): the model, the interface words and
    /// the addresses are the last render's, so the language views are too, and a page is reused
    /// as under `Views`.
    Theme,
}

impl Scope<'_> {
    /// Whether the change left what the language views are made from as it was, but for free
    /// pages, which they show nothing of but their addresses and, in the menu, their titles.
    pub(super) fn leaves_views(&self) -> bool {
        match self {
            Scope::Pages(keys) => keys.iter().all(|k| matches!(k, PageKey::Free(_))),
            Scope::Theme => true,
            Scope::Everything | Scope::Views => false,
        }
    }
}

/// `render_page`, reusing the page as it was without making its page view when `scope` says
/// its own inputs did not change and what it shows of what all pages share did not either. When
/// only the latter changed (a menu place, an action's status), the page is rendered with the
/// fingerprint of its own inputs it had, instead of working it out from its page view again.
pub(super) fn render_in_scope(
    inputs: &PageInputs,
    (li, key): (usize, &PageKey),
    previous: &Previous,
    scope: Scope,
) -> Result<RenderedPage, crate::diagnostics::Problem> {
    let own_as_before = match scope {
        Scope::Pages(touched) => !touched.contains(key),
        Scope::Views | Scope::Theme => true,
        Scope::Everything => false,
    };
    if !own_as_before {
        return render_page(inputs, li, key, previous, None);
    }
    let urls = &inputs.shared.urls;
    let file = urls.file(li, key);
    let Some(kept) = previous.kept_if_same_addresses(&file, inputs.shared) else {
        return render_page(inputs, li, key, previous, None);
    };
    let cl = content_language(inputs.s, urls, li, key);
    // Outside the pages an edit touched, with the view it was rendered with: the page as it was.
    if matches!(scope, Scope::Pages(_)) && previous.same_view(cl, inputs.shared) {
        return Ok(RenderedPage::reused(file, kept.clone()));
    }
    // Its own inputs as they were: its fingerprint from that of its own inputs then.
    let template = template_for(inputs.s, urls, li, key);
    let fingerprint = Fingerprint {
        whole: whole_fingerprint(inputs, (cl, key), template, kept.fingerprint.own),
        ..kept.fingerprint
    };
    if fingerprint.whole == kept.fingerprint.whole {
        return Ok(RenderedPage::reused(file, kept.clone()));
    }
    let last = (file, kept);
    if let Some(page) = with_menu_again(inputs, (cl, key, template), last, fingerprint) {
        return Ok(page);
    }
    render_page(inputs, li, key, previous, Some(fingerprint))
}

/// The page as it was (`file`, `kept`) with its menu made again in place of the last one, when
/// that is all that changed for it (see `menu_move`): the views are the last render's with new
/// menus, its `template` shows the menu only through the theme's menu part, and its page view,
/// list tables included, is the one it had.
fn with_menu_again(
    inputs: &PageInputs,
    (cl, key, template): (usize, &PageKey, &str),
    (file, kept): (String, &Kept),
    fingerprint: Fingerprint,
) -> Option<RenderedPage> {
    let PageInputs { theme, shared, .. } = inputs;
    let moved = shared.menu_move.as_ref()?;
    let view = kept.view.as_ref()?;
    if !theme.menu_through_part.contains(template) || view.lists != shared.lists_part(cl, key) {
        return None;
    }
    let lang = (cl, &shared.views.values[cl]);
    let bytes = moved.moved(theme, lang, (&key.name(), &view.value), &kept.bytes)?;
    Some(RenderedPage {
        bytes,
        path: file,
        fingerprint,
        fresh: true,
        ids: kept.ids.clone(),
        body: None,
        view: kept.view.clone(),
        menu_moved: true,
    })
}

/// Renders the page `key` in language `li`, or takes it from `previous` when what it is rendered
/// from has the fingerprint it had then. `known`: its fingerprint, when worked out already (and
/// found not to be the one it had); its page view is then the one it was last rendered with, when
/// the list tables in it are the same.
pub(super) fn render_page(
    inputs: &PageInputs,
    li: usize,
    key: &PageKey,
    previous: &Previous,
    known: Option<Fingerprint>,
) -> Result<RenderedPage, crate::diagnostics::Problem> {
    let PageInputs {
        s, theme, shared, ..
    } = inputs;
    let urls = &shared.urls;
    let file = urls.file(li, key);
    let template = template_for(s, urls, li, key);
    let cl = content_language(s, urls, li, key);
    let lists = shared.lists_part(cl, key);
    let kept = known.and_then(|known| Some((known, previous.page_value(&file, &lists)?)));
    let (fingerprint, value, body) = match kept {
        Some((fingerprint, value)) => (fingerprint, value, None),
        None => match made_view(inputs, (li, cl, key), (previous, &file, template), known)? {
            Made::Reused(page) => return Ok(page),
            Made::View(fingerprint, value, body) => (fingerprint, value, body),
        },
    };
    let mut ctx = Context::new();
    ctx.insert_value("lang", shared.views.values[cl].clone());
    ctx.insert_value("page", value.clone());
    theme
        .tera
        .render(template, &ctx)
        .map(|html| RenderedPage {
            path: file.clone(),
            ids: previous.same_ids(&file, links::ids_in(html.as_bytes())),
            bytes: Bytes::from(html.into_bytes()),
            fingerprint,
            fresh: true,
            body,
            view: inputs.keep.then_some(PageValue { lists, value }),
            menu_moved: false,
        })
        .map_err(|e| theme.render_problem(&e, &file))
}

/// A page's view made now, or the page as `previous` left it.
enum Made {
    Reused(RenderedPage),
    /// The page's fingerprint, its view for the template, and its body rendered now.
    View(Fingerprint, tera::Value, Option<Body>),
}

/// The page view of page `key` in language `li` (content language `cl`) for its `template`, with
/// its fingerprint (`known`, or worked out from the view); or the page as `previous` left it
/// at `file`, when its fingerprint is the one it had.
fn made_view(
    inputs: &PageInputs,
    (li, cl, key): (usize, usize, &PageKey),
    (previous, file, template): (&Previous, &str, &str),
    known: Option<Fingerprint>,
) -> Result<Made, crate::diagnostics::Problem> {
    let PageInputs {
        s,
        words,
        shared,
        keep,
        ..
    } = inputs;
    let urls = &shared.urls;
    let (mut page, free_page) = page_view(s, urls, words, (li, cl), key);
    // A one-off build left the body on disk until now.
    let body = match free_page {
        Some(p) => p.body.text(&p.file)?,
        None => std::borrow::Cow::Borrowed(""),
    };
    let body = body.as_ref();
    let fingerprint = match known {
        Some(known) => known,
        None if *keep => {
            // Hashed once, for the page's fingerprint and its body's.
            let body_hash = blake3::hash(body.as_bytes());
            let fingerprint = fingerprint(inputs, (cl, key), template, &page, body_hash);
            if let Some(kept) = previous.reuse(file, &fingerprint.whole) {
                let page = RenderedPage::reused(file.to_string(), kept);
                return Ok(Made::Reused(page));
            }
            fingerprint
        }
        // Nothing keeps the page: no need to fingerprint it.
        None => Fingerprint {
            own: NOT_KEPT,
            whole: NOT_KEPT,
            text: NOT_KEPT,
        },
    };
    // Not one of the page's own inputs: its fingerprint is apart (`Shared::lists_part`).
    page.lists = super::lists::shown_on(&shared.views.lists[cl], key);
    let body_hash = keep.then_some(fingerprint.text);
    let body = fill_body(
        &mut page,
        inputs,
        (li, cl),
        (body, body_hash),
        (previous, file),
    );
    let value = tera::Value::from_serializable(&page);
    let value = match &body {
        Some(body) => with_body(value, &body.html),
        None => value,
    };
    Ok(Made::View(fingerprint, value, body))
}

/// A page view for the template with the body kept for the cache, shared rather than copied.
fn with_body(page: tera::Value, body: &tera::Value) -> tera::Value {
    // A page view is a map: it has its fields.
    let mut fields = page.into_map().unwrap_or_default();
    fields.insert("body_html".into(), body.clone());
    tera::Value::from(fields)
}

/// The fingerprint of a page that nothing keeps.
const NOT_KEPT: blake3::Hash = blake3::Hash::from_bytes([0; 32]);

/// A fingerprint of everything a page is rendered from: a page whose fingerprint is unchanged
/// renders to the same bytes as before.
fn fingerprint(
    inputs: &PageInputs,
    (cl, key): (usize, &PageKey),
    template: &str,
    page: &PageView,
    body_hash: blake3::Hash,
) -> Fingerprint {
    let mut hasher = blake3::Hasher::new();
    hasher.update(inputs.shared.urls_hash.as_bytes());
    hasher.update(&[u8::from(inputs.s.config.allow_raw_html)]);
    hasher.update(&serde_json::to_vec(page).unwrap_or_default());
    hasher.update(body_hash.as_bytes());
    let own = hasher.finalize();
    Fingerprint {
        own,
        whole: whole_fingerprint(inputs, (cl, key), template, own),
        text: body_hash,
    }
}

/// The fingerprint of a page from that of its own inputs (`own`), its template and what the
/// template shows of the view of language `cl`.
fn whole_fingerprint(
    inputs: &PageInputs,
    (cl, key): (usize, &PageKey),
    template: &str,
    own: blake3::Hash,
) -> blake3::Hash {
    let uses = inputs.theme.uses.get(template).map(|u| u.for_page(key));
    let mut hasher = blake3::Hasher::new();
    hasher.update(uses.map_or(&[0; 32], |u| u.fingerprint.as_bytes()));
    hasher.update(inputs.shared.view_part_of(cl, uses).as_bytes());
    hasher.update(inputs.shared.lists_part(cl, key).as_bytes());
    hasher.update(template.as_bytes());
    hasher.update(own.as_bytes());
    hasher.finalize()
}

pub(super) fn template_for(s: &Strategy, urls: &Urls, li: usize, key: &PageKey) -> &'static str {
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
pub(super) fn content_language(s: &Strategy, urls: &Urls, li: usize, key: &PageKey) -> usize {
    if urls.has(li, key) || s.config.missing_pages == MissingPages::Notice {
        li
    } else {
        s.config.default_language
    }
}

/// What one page shows besides its language's view, in language `li` from the content of
/// language `cl`: everything but a free page's rendered body, whose page is returned so its
/// Markdown is read and rendered only when the page must be.
fn page_view<'s>(
    s: &'s Strategy,
    urls: &Urls,
    words: &[Words],
    (li, cl): (usize, usize),
    key: &PageKey,
) -> (PageView, Option<&'s crate::model::Page>) {
    let reader_words = &words[li];
    let url = urls.url(li, key);
    let entry = |o: usize| switcher_entry(s, urls, key, o, li);
    let c = &s.content[cl];
    let shown = shown_page(c, key);
    let description = shown.map(|p| p.description.clone()).unwrap_or_default();
    // Section pages show their body through their template; only a free page's is rendered here.
    let free_page = match key {
        PageKey::Free(_) => shown,
        _ => None,
    };
    let on_one_page = matches!(key, PageKey::Strategy);
    let page = PageView {
        key: key.name(),
        title: urls.title(cl, key).to_string(),
        title_lang: urls.title_language(cl, key),
        description,
        draft: shown.is_some_and(|p| p.draft),
        canonical: urls.absolute(&urls.url(cl, key)),
        url,
        alternates: alternates(s, urls, key),
        switcher: (0..urls.languages()).map(entry).collect(),
        body_html: String::new(),
        lists: Vec::new(),
        links: section_links(s, urls, cl, key),
        available_in: (0..urls.languages())
            .filter(|&o| urls.has(o, key))
            .map(entry)
            .collect(),
        outdated: (urls.has(li, key) && freshness(c, key) == Freshness::Outdated)
            .then(|| entry(s.config.default_language)),
        missing_in: (cl != li).then(|| missing_in(&s.config.languages[li], reader_words)),
        h: if on_one_page { 3 } else { 2 },
        body_field: if on_one_page {
            "body_in_strategy_html"
        } else {
            "body_html"
        },
    };
    (page, free_page)
}

/// Language `o`'s entry in the language switcher of the page `key` shown in language `li`.
fn switcher_entry(s: &Strategy, urls: &Urls, key: &PageKey, o: usize, li: usize) -> SwitcherEntry {
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
}

/// The page of `key` that language content `c` has, if any (the strategy page is made, not
/// written).
fn shown_page<'c>(
    c: &'c crate::model::LanguageContent,
    key: &PageKey,
) -> Option<&'c crate::model::Page> {
    match key {
        PageKey::Section(sec) => c.sections.get(sec),
        PageKey::Home => c.sections.get(&Section::Home),
        PageKey::Free(id) => c.pages.get(id).map(|p| &**p),
        PageKey::Strategy => None,
    }
}

/// The notice, in the reader's language, that the page shows another language's text.
fn missing_in(reader: &crate::config::Language, words: &Words) -> MissingIn {
    MissingIn {
        text: words.get("notice_source").to_string(),
        locale: reader.locale.clone(),
        dir: reader.direction.as_str(),
    }
}

/// The page in every language that has it, for `hreflang` links, and the root for the others.
fn alternates(s: &Strategy, urls: &Urls, key: &PageKey) -> Vec<Alternate> {
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
    alternates
}

/// Links to items on the section pages, from page `key` filled with language `cl`'s words.
/// When that language lacks a section page, its items are only on the default language's page,
/// so the link goes there.
fn section_links(s: &Strategy, urls: &Urls, cl: usize, key: &PageKey) -> Links {
    let on_one_page = matches!(key, PageKey::Strategy);
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
    Links {
        priorities: link(Section::Priorities),
        action_plan: link(Section::ActionPlan),
        evaluation: link(Section::Evaluation),
    }
}

fn freshness(c: &crate::model::LanguageContent, key: &PageKey) -> Freshness {
    let page = match key {
        PageKey::Home => c.sections.get(&Section::Home),
        PageKey::Section(sec) => c.sections.get(sec),
        PageKey::Free(id) => c.pages.get(id).map(|p| &**p),
        PageKey::Strategy => None,
    };
    page.map_or(Freshness::Original, |p| p.freshness)
}

/// A free page's body in language `li`, from its text in language `cl`, rendered: put into `page`
/// when nothing keeps it, else returned for the cache and the template (`body_hash` is then the
/// text's hash).
fn fill_body(
    page: &mut PageView,
    inputs: &PageInputs,
    (li, cl): (usize, usize),
    (body, body_hash): (&str, Option<blake3::Hash>),
    (previous, file): (&Previous, &str),
) -> Option<Body> {
    if body.is_empty() {
        return None;
    }
    let Some(body_hash) = body_hash else {
        let words = &inputs.words[cl];
        page.body_html = render_free_page(inputs.s, inputs.shared, li, body, words);
        return None;
    };
    Some(kept_body(
        inputs,
        (li, cl),
        (body, &body_hash),
        (previous, file),
    ))
}

/// A free page's body in language `li`, from its text in language `cl`: the one `previous`
/// rendered at `file`, if from the same inputs.
fn kept_body(
    inputs: &PageInputs,
    (li, cl): (usize, usize),
    (body, body_hash): (&str, &blake3::Hash),
    (previous, file): (&Previous, &str),
) -> Body {
    let made_from = body_made_from(inputs, (li, cl), body_hash);
    previous.body(file, &made_from).unwrap_or_else(|| Body {
        made_from,
        html: render_free_page(inputs.s, inputs.shared, li, body, &inputs.words[cl]).into(),
    })
}

/// The fingerprint of what a free page's body in language `li` is rendered from: its text in
/// language `cl` (by its hash, `body_hash`), the addresses its links lead to, the words of its
/// task lists and the settings. (The `@` addresses are compared apart: see `RenderCache::take`.)
fn body_made_from(
    inputs: &PageInputs,
    (li, cl): (usize, usize),
    body_hash: &blake3::Hash,
) -> blake3::Hash {
    let words = &inputs.words[cl];
    let mut hasher = blake3::Hasher::new();
    hasher.update(inputs.shared.urls_hash.as_bytes());
    hasher.update(&[u8::from(inputs.s.config.allow_raw_html)]);
    hasher.update(&(li as u64).to_le_bytes());
    for word in [words.get("task_done"), words.get("task_open")] {
        hasher.update(&(word.len() as u64).to_le_bytes());
        hasher.update(word.as_bytes());
    }
    hasher.update(body_hash.as_bytes());
    hasher.finalize()
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
