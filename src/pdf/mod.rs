//! The strategy as an accessible PDF in every language, typeset with Typst from the same model,
//! words and Markdown as the site (never from its HTML): one PDF/UA-1 file per language at
//! `/<lang>/<strategy slug>/<strategy slug>.pdf`, which the one-page strategy and the footer
//! link to with its size.
//!
//! Each part has one job: `escape` makes content text inert in Typst, `markup` keeps where each
//! part of the generated markup came from, `markdown` turns a Markdown text into markup,
//! `texts` picks a language's words (or marks the fallback's), `document`, `parts`, `actions`
//! and `figures` write the document, `svg` readies the charts for Typst's SVG reader, `world` gives Typst its files and fonts from memory, and
//! `compile` typesets it.

mod actions;
mod compile;
mod document;
mod escape;
mod figures;
mod lists;
mod markdown;
mod markup;
mod parts;
mod svg;
mod texts;
mod world;

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Problem;
use crate::i18n::dates::DateFormat;
use crate::i18n::format::NumberFormat;
use crate::i18n::{LangMark, Words};
use crate::model::Strategy;
use crate::render::links::Addresses;
use crate::render::urls::{PageKey, Urls};
use crate::render::views::LanguageView;

use document::Document;
use markup::Origin;
use texts::Texts;

/// The link to a language's PDF, as the pages show it.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub(crate) struct PdfLink {
    pub url: String,
    /// `PDF, 340 KB` in the page's language.
    pub size: String,
    /// The whole link text: `Download the strategy (PDF, 340 KB)`.
    pub text: String,
}

/// The PDFs of one render: the files, the link each language's pages show (none where the PDF
/// could not be made), and the problems Typst found.
#[derive(Default)]
pub(crate) struct Pdfs {
    pub files: Vec<(String, Vec<u8>)>,
    pub links: Vec<Option<PdfLink>>,
    pub problems: Vec<Problem>,
}

/// The PDFs of the last render by their markup's fingerprint, so that a rebuild in watch mode
/// typesets again only a document whose markup or charts changed.
#[derive(Default)]
pub(crate) struct PdfCache {
    kept: Mutex<HashMap<blake3::Hash, Vec<u8>>>,
}

/// One language's PDF (or why it could not be made), with the fingerprint of its inputs.
type Made = (blake3::Hash, Result<Vec<u8>, Vec<Problem>>);

/// Every language's PDF, unless `lipsite.yaml` turns them off.
pub(crate) fn documents(
    s: &Strategy,
    words: &[Words],
    views: &[LanguageView],
    urls: &Urls,
    addresses: &Addresses,
    cache: Option<&PdfCache>,
) -> Pdfs {
    if !s.config.pdf {
        return Pdfs {
            links: vec![None; views.len()],
            ..Pdfs::default()
        };
    }
    let made: Vec<Made> = (0..views.len())
        .into_par_iter()
        .map(|li| one(s, li, &words[li], &views[li], urls, addresses, cache))
        .collect();
    let mut pdfs = Pdfs::default();
    let mut kept = HashMap::new();
    for (li, (hash, result)) in made.into_iter().enumerate() {
        match result {
            Ok(bytes) => {
                let path = path(urls, li);
                pdfs.links
                    .push(Some(link(s, li, &words[li], urls, &path, bytes.len())));
                kept.insert(hash, bytes.clone());
                pdfs.files.push((path, bytes));
            }
            Err(problems) => {
                pdfs.links.push(None);
                pdfs.problems.extend(problems);
            }
        }
    }
    if let Some(cache) = cache {
        *cache.kept.lock().unwrap_or_else(|e| e.into_inner()) = kept;
    }
    pdfs
}

/// Where language `li`'s PDF goes in the output folder: `fr/strategie/strategie.pdf`.
fn path(urls: &Urls, li: usize) -> String {
    let url = urls.url(li, &PageKey::Strategy);
    let folder = &url[urls.root().len().min(url.len())..];
    let name = folder
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("strategy");
    format!("{folder}{name}.pdf")
}

fn link(s: &Strategy, li: usize, words: &Words, urls: &Urls, path: &str, bytes: usize) -> PdfLink {
    let fmt = NumberFormat::new(&s.config.languages[li].locale, words);
    let kb = (bytes as f64 / 1024.0).round().max(1.0);
    let size = words.fill("pdf_size_kb", &[("n", &fmt.number(kb))]);
    PdfLink {
        url: format!("{}{path}", urls.root()),
        text: words.fill("pdf_download", &[("size", &size)]),
        size,
    }
}

/// One language's PDF: from the cache when its inputs are unchanged, else typeset.
fn one(
    s: &Strategy,
    li: usize,
    words: &Words,
    view: &LanguageView,
    urls: &Urls,
    addresses: &Addresses,
    cache: Option<&PdfCache>,
) -> Made {
    let lang = &s.config.languages[li];
    let default = s.config.default_language;
    let link = |dest: &str| destination(urls, addresses, li, dest);
    let doc = Document {
        s,
        li,
        words,
        view,
        texts: Texts {
            own: &s.content[li],
            fallback: &s.content[default],
            fallback_lang: (li != default).then(|| LangMark::of(&s.config.languages[default])),
            locale: &lang.locale,
            link: &link,
            tasks: (words.get("task_done"), words.get("task_open")),
        },
        dates: DateFormat::new(&lang.locale),
    };
    let (markup, charts) = doc.markup();
    let hash = fingerprint(&markup.text, &charts, s);
    if let Some(bytes) = cache.and_then(|c| c.kept.lock().ok()?.get(&hash).cloned()) {
        return (hash, Ok(bytes));
    }
    let name = words.fill("pdf_name", &[("language", &lang.name)]);
    let fallback = Origin::file(crate::layout::CONFIG_FILE);
    let inputs = compile::Inputs {
        files: charts,
        date: &s.plan.last_reviewed,
        name: &name,
        ident: &format!("lipsite-strategy-{}", lang.code),
        fallback: &fallback,
    };
    let t = std::time::Instant::now();
    let pdf = compile::pdf(&markup, inputs);
    crate::engine::stages::stage(&format!("pdf {}", lang.code), t);
    (hash, pdf)
}

fn fingerprint(markup: &str, charts: &[document::ChartFile], s: &Strategy) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    h.update(markup.as_bytes());
    h.update(s.plan.last_reviewed.to_string().as_bytes());
    for (path, bytes) in charts {
        h.update(path.as_bytes())
            .update(&[0])
            .update(bytes)
            .update(&[0]);
    }
    h.finalize()
}

/// A link's destination in the PDF: an absolute address, or `None` to show its text alone (a
/// link within the page, or a relative address that means nothing outside the site).
fn destination(urls: &Urls, addresses: &Addresses, li: usize, dest: &str) -> Option<String> {
    let lower = dest.to_ascii_lowercase();
    if ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return Some(dest.to_string());
    }
    let href = if dest.starts_with('@') {
        addresses.href(urls, li, dest)?
    } else {
        dest.to_string()
    };
    href.starts_with(&urls.root()).then(|| urls.absolute(&href))
}
