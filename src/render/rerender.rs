//! Re-rendering single pages after an edit to their text alone, from what the last render shared.

use std::collections::HashMap;

use super::cache::{Ids, Kept, Previous, RenderCache};
use super::page::{content_language, render_page, PageInputs, RenderedPage};
use super::urls::PageKey;
use super::{links, Bytes, Theme};
use crate::diagnostics::Problems;
use crate::i18n::Words;
use crate::model::Strategy;

/// After edits to the text of pages that changed nothing any other page shows (`(language, page)`
/// pairs), re-renders just the pages showing those texts, from what the last render shared, and
/// remembers them only if all render. `None` when there was no successful render to start from.
pub(crate) fn rerender_page_text(
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
        keep: cache.keeps(),
    };
    let (pages, mut problems) = render_edited(&inputs, edited);
    // The edit may have taken away an anchor that another page links to, or added a link.
    let (found, followed) = check_links(s, cache, &pages)?;
    problems.extend(found.into_sorted());
    if problems.has_errors() {
        return Some(Err(problems));
    }
    if let Some(followed) = followed {
        cache.followed = followed;
    }
    Some(Ok(remember(cache, pages)))
}

/// The pages showing the edited texts, in every language that shows them.
fn render_edited(
    inputs: &PageInputs,
    edited: &[(usize, PageKey)],
) -> (Vec<RenderedPage>, Problems) {
    let urls = &inputs.shared.urls;
    let none = Previous::default();
    let mut pages = Vec::new();
    let mut problems = Problems::default();
    for (lang, key) in edited {
        for li in 0..urls.languages() {
            if content_language(inputs.s, urls, li, key) != *lang {
                continue;
            }
            match render_page(inputs, li, key, &none, None) {
                Ok(page) => pages.push(page),
                Err(p) => problems.push(p),
            }
        }
    }
    (pages, problems)
}

/// Every link of the site, against the last render's files and ids with those of the `pages`
/// rendered again; `None` when there was no successful render.
fn check_links(
    s: &Strategy,
    cache: &RenderCache,
    pages: &[RenderedPage],
) -> Option<(Problems, Option<links::Followed>)> {
    let (shared, site) = (cache.shared.as_ref()?, cache.site.as_ref()?);
    let kept = &cache.pages;
    let edited_ids: HashMap<&str, &Ids> = pages.iter().map(|p| (p.path.as_str(), &p.ids)).collect();
    let ids_of = |file: &str| {
        edited_ids
            .get(file)
            .copied()
            .or_else(|| kept.get(file).map(|page| &page.ids))
            .map(|ids| ids.as_ref())
    };
    let files = links::SiteFiles {
        files: &site.files,
        ids: &ids_of,
    };
    let memo = links::Memo {
        last: &cache.followed,
        same_site: pages
            .iter()
            .all(|p| kept.get(&p.path).is_some_and(|then| *then.ids == *p.ids)),
        urls_hash: shared.urls_hash,
    };
    Some(links::check(
        s,
        &shared.urls,
        &shared.addresses,
        &files,
        Some(memo),
    ))
}

/// Keeps the pages rendered again in the cache, and gives their output paths and bytes.
fn remember(cache: &mut RenderCache, pages: Vec<RenderedPage>) -> Vec<(String, Bytes)> {
    pages
        .into_iter()
        .map(|p| {
            let kept = Kept {
                fingerprint: p.fingerprint,
                bytes: p.bytes.clone(),
                view: p.view,
                ids: p.ids,
            };
            cache.pages.insert(p.path.clone(), kept);
            if let Some(body) = p.body {
                cache.bodies.insert(p.path.clone(), body);
            }
            (p.path, p.bytes)
        })
        .collect()
}
