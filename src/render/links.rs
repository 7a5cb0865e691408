//! Links between pages. An `@` address names a page or an item by what it is (`@vision`,
//! `@action/mentoring-program`) and becomes, in each language, that language's address of it.
//! Once every page is rendered, each local link of every page is followed: to a page or file of
//! the site, and to an id on that page. A link that leads nowhere is an error at its place.

use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::urls::{PageKey, Urls};
use crate::config::MissingPages;
use crate::diagnostics::{Problem, Problems};
use crate::model::links::PageLinks;
use crate::model::{kinds, Page, Section, Strategy};

/// Where a link leads: a page, and the anchor on it.
struct Target {
    key: PageKey,
    anchor: Option<String>,
}

/// Why a link leads nowhere, in the words of the content format.
struct Broken {
    message: String,
    hint: String,
}

/// The `@` addresses of a strategy: its pages (in every language) and items. Made once per
/// render, as every Markdown text of every page looks its links up in it.
#[derive(Clone, PartialEq)]
pub(crate) struct Addresses {
    /// Every address without its `@`: `vision`, `page/about`, `action/mentoring-program`.
    /// Shared with what the last check of links was made against.
    known: Arc<BTreeSet<String>>,
    /// The drafts this build leaves out, by address without its `@`, with where each is marked.
    drafts: BTreeMap<String, String>,
    default_language: usize,
}

impl Addresses {
    pub(crate) fn new(s: &Strategy, urls: &Urls) -> Self {
        let pages = urls.keys.iter().map(|key| match key {
            PageKey::Free(id) => format!("page/{id}"),
            other => other.name(),
        });
        let items = kinds::item_addresses(s);
        let drafts = s
            .drafts
            .iter()
            .map(|d| {
                let name = match d.kind {
                    // A section: its address is its name.
                    "page" if !d.file.contains("/pages/") => d.id.clone(),
                    kind => format!("{kind}/{}", d.id),
                };
                (name, format!("{}:{}:{}", d.file, d.line, d.column))
            })
            .collect();
        Addresses {
            known: Arc::new(pages.chain(items).collect()),
            drafts,
            default_language: s.config.default_language,
        }
    }

    /// The href of `@address` in language `li`: the page's address in that language, or, for an
    /// anchor on a page the language lacks, the default language's page, which shows it.
    pub(crate) fn href(&self, urls: &Urls, li: usize, address: &str) -> Option<String> {
        self.resolve(urls, li, address).ok()
    }

    fn resolve(&self, urls: &Urls, li: usize, address: &str) -> Result<String, Broken> {
        let (name, anchor) = match address.split_once('#') {
            Some((name, anchor)) => (name, Some(anchor)),
            None => (address, None),
        };
        let Some(target) = self.target(name.trim_start_matches('@')) else {
            if let Some(place) = self.drafts.get(name.trim_start_matches('@')) {
                return Err(Broken {
                    message: format!("the link `{address}` leads to a draft, which this build leaves out"),
                    hint: format!("publish it first (take out the `draft: true` at {place}), or link to it once it is; `serve` and `build --drafts` show drafts"),
                });
            }
            return Err(Broken {
                message: format!("the link `{address}` leads nowhere: {}", why_not(name)),
                hint: self.suggestion(name),
            });
        };
        let anchor = anchor
            .filter(|a| !a.is_empty())
            .or(target.anchor.as_deref());
        Ok(match anchor {
            None => urls.url(li, &target.key),
            Some(anchor) => {
                let shown_in = if urls.has(li, &target.key) {
                    li
                } else {
                    self.default_language
                };
                format!("{}#{anchor}", urls.url(shown_in, &target.key))
            }
        })
    }

    /// The page (and anchor) an address without its `@` names, if the strategy has it.
    fn target(&self, name: &str) -> Option<Target> {
        if !self.known.contains(name) {
            return None;
        }
        let page = |key| Some(Target { key, anchor: None });
        match name.split_once('/') {
            Some(("page", id)) => page(PageKey::Free(id.to_string())),
            Some((kind, id)) => {
                let (_, section, prefix) = kinds::addressable()
                    .into_iter()
                    .find(|(k, _, _)| *k == kind)?;
                Some(Target {
                    key: PageKey::Section(section),
                    anchor: Some(format!("{prefix}{id}")),
                })
            }
            None => match name {
                "home" => page(PageKey::Home),
                "strategy" => page(PageKey::Strategy),
                _ => page(PageKey::Section(Section::from_stem(name)?)),
            },
        }
    }

    fn suggestion(&self, address: &str) -> String {
        let all = self.known.iter().map(|name| format!("@{name}"));
        match closest(address, all) {
            Some(known) => format!("did you mean `{known}`?"),
            None => "name a page by what it is: `@vision`, `@action-plan`, `@page/<file name>`, \
                     `@priority/<id>`, `@objective/<id>`, `@action/<id>` or `@indicator/<id>`, \
                     optionally followed by `#anchor`"
                .into(),
        }
    }
}

/// Why an address (with its `@`) names nothing.
fn why_not(address: &str) -> String {
    let name = address.trim_start_matches('@');
    match name.split_once('/') {
        Some(("page", id)) => {
            format!("there is no free page `{id}` (a file content/<language>/pages/{id}.md)")
        }
        Some((kind, id)) if kinds::addressable().iter().any(|(k, _, _)| *k == kind) => {
            format!("there is no {kind} `{id}`")
        }
        Some((kind, _)) => format!("`{kind}/` names no kind of page or item"),
        None => format!("the strategy has no page `{name}`"),
    }
}

/// The closest of `known` to `wanted`, if one is close enough to be a typo of it.
fn closest(wanted: &str, known: impl IntoIterator<Item = String>) -> Option<String> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(wanted, &k), k))
        .filter(|(score, _)| *score > 0.8)
        // The same suggestion every run, whatever order `known` comes in.
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)))
        .map(|(_, k)| k)
}

/// What the rendered site holds: its files by path from the output folder (`en/vision/index.html`,
/// `files/report.pdf`), and the ids of each page.
pub(crate) struct SiteFiles<'a> {
    pub files: &'a super::PathSet,
    pub ids: &'a (dyn Fn(&str) -> Option<&'a HashSet<String>> + Sync),
}

/// What starts an id in a rendered page.
pub(crate) const ID_MARK: &[u8] = b" id=\"";

/// The ids of a rendered page: the anchors a link may point to.
///
/// Read from the bytes as they are: a page is tens of kilobytes and a menu edit reads a thousand
/// of them, so no pass checks the whole page's UTF-8 first (the markers are ASCII, which is never
/// part of a longer character).
pub(crate) fn ids_in(html: &[u8]) -> HashSet<String> {
    memchr::memmem::find_iter(html, ID_MARK)
        .filter_map(|at| {
            let value = &html[at + ID_MARK.len()..];
            memchr::memchr(b'"', value)
                .map(|end| String::from_utf8_lossy(&value[..end]).into_owned())
        })
        .collect()
}

/// Every local link of every page that leads nowhere, at its place. Each page's links are
/// followed in its own language, where its author wrote them, and a default-language page's
/// relative links also from where other languages show it untranslated.
///
/// With a `memo`, also returns what following them found, for the next check to reuse; `None`
/// when that is the last check's as it was (every page's links the same, leading to the same).
pub(crate) fn check(
    s: &Strategy,
    urls: &Urls,
    addresses: &Addresses,
    site: &SiteFiles,
    memo: Option<Memo>,
) -> (Problems, Option<Followed>) {
    let follow = Follow {
        addresses,
        urls,
        base_path: &s.config.base_path,
        site,
        shows_source: s.config.missing_pages == MissingPages::Source,
        default_language: s.config.default_language,
    };
    let against = memo.as_ref().map(|m| Against {
        urls: m.urls_hash,
        addresses: addresses.clone(),
        base_path: s.config.base_path.clone(),
        shows_source: follow.shows_source,
        default_language: follow.default_language,
        translated: urls.translated(),
    });
    // The last check's findings stand for a page with the same links, when everything links
    // can lead to is as it was then.
    let last = memo.filter(|m| m.same_site && m.last.against == against);
    let pages = pages_of(s);
    // Each page's problems, and whether they are the last check's.
    let found: Vec<(Vec<Problem>, bool)> = pages
        .par_iter()
        .map(|(li, key, page)| {
            let known = last.as_ref().and_then(|m| m.last.pages.get(*li)?.get(key));
            match known {
                Some((links, problems)) if Arc::ptr_eq(links, &page.links) => {
                    (problems.clone(), true)
                }
                _ => (follow.page(*li, key, page), false),
            }
        })
        .collect();
    let mut problems = Problems::default();
    for (page, _) in &found {
        problems.extend(page.iter().cloned());
    }
    // Every page the last check's, and no other: what it found stands as a whole.
    let as_last = last.is_some_and(|m| {
        let then: usize = m.last.pages.iter().map(|l| l.len()).sum();
        then == pages.len() && found.iter().all(|(_, known)| *known)
    });
    if as_last {
        return (problems, None);
    }
    let followed = against.map(|against| {
        let mut by_language: Vec<FxHashMap<PageKey, _>> = (0..urls.languages())
            .map(|_| FxHashMap::with_capacity_and_hasher(urls.keys.len(), Default::default()))
            .collect();
        for ((li, key, page), (found, _)) in pages.into_iter().zip(found) {
            by_language[li].insert(key, (page.links.clone(), found));
        }
        Followed {
            against: Some(against),
            pages: by_language,
        }
    });
    (problems, followed)
}

/// Every page of every language, with its key.
fn pages_of(s: &Strategy) -> Vec<(usize, PageKey, &Page)> {
    s.content
        .iter()
        .enumerate()
        .flat_map(|(li, content)| {
            let sections = content.sections.iter().map(move |(&sec, page)| {
                let key = match sec {
                    Section::Home => PageKey::Home,
                    sec => PageKey::Section(sec),
                };
                (li, key, page)
            });
            let free = content
                .pages
                .iter()
                .map(move |(id, page)| (li, PageKey::Free(id.clone()), &**page));
            sections.chain(free)
        })
        .collect()
}

/// What each page's links found at the last check, kept by watch mode: a page whose links are the
/// same (the same parse of its file) is not followed again while all they can lead to is as it
/// was. Following every link of a large site is a large part of a rebuild.
#[derive(Default)]
pub(crate) struct Followed {
    against: Option<Against>,
    /// By language, then by page.
    pages: Vec<FxHashMap<PageKey, FollowedPage>>,
}

/// A page's links, and what following them found.
type FollowedPage = (Arc<PageLinks>, Vec<Problem>);

/// What links were followed against, besides the site's files and ids.
#[derive(PartialEq)]
struct Against {
    urls: blake3::Hash,
    addresses: Addresses,
    base_path: String,
    shows_source: bool,
    default_language: usize,
    /// Which pages each language has its own version of (a relative link on a page another
    /// language shows untranslated is followed from there too).
    translated: Vec<bool>,
}

/// What a check may reuse of the last one.
pub(crate) struct Memo<'m> {
    pub last: &'m Followed,
    /// Whether the site has the same files, and each page the same ids, as at the last check.
    pub same_site: bool,
    /// The fingerprint of every page's address now.
    pub urls_hash: blake3::Hash,
}

struct Follow<'f, 's> {
    addresses: &'f Addresses,
    urls: &'f Urls,
    base_path: &'f str,
    site: &'f SiteFiles<'s>,
    /// Whether a language without its own version of a page shows the default language's.
    shows_source: bool,
    default_language: usize,
}

impl Follow<'_, '_> {
    fn page(&self, li: usize, key: &PageKey, page: &Page) -> Vec<Problem> {
        let PageLinks { file, links } = page.links.as_ref();
        let here = self.urls.url(li, key);
        let mut problems = Vec::new();
        for link in links {
            match self.link(li, &here, &link.dest) {
                Err(broken) => {
                    problems.push(file.error(link.pos, broken.message).hint(broken.hint))
                }
                Ok(())
                    if self.shows_source
                        && li == self.default_language
                        && is_relative(&link.dest) =>
                {
                    // Relative to the page's address, which is another one in the languages
                    // that show this page in place of their own.
                    let untranslated =
                        (0..self.urls.languages()).filter(|&o| !self.urls.has(o, key));
                    let elsewhere = untranslated.into_iter().find_map(|o| {
                        let there = self.urls.url(o, key);
                        let broken = self.link(o, &there, &link.dest).err()?;
                        Some((there, broken))
                    });
                    if let Some((there, broken)) = elsewhere {
                        let message = format!(
                            "{} from {there}, which shows this page until it is translated",
                            broken.message
                        );
                        problems.push(file.error(link.pos, message).hint(
                            "link by what the page is (`@vision`, `@page/about`): an `@` address is right in every language",
                        ));
                    }
                }
                Ok(()) => {}
            }
        }
        problems
    }

    /// Follows one link written on the page at `here` (`/en/about/`).
    fn link(&self, li: usize, here: &str, dest: &str) -> Result<(), Broken> {
        let href = match dest.chars().next() {
            Some('@') => self.addresses.resolve(self.urls, li, dest)?,
            Some('/') => dest.to_string(),
            // An anchor, a query or a path relative to the page's own address.
            _ => format!("{here}{dest}"),
        };
        let (path, fragment) = href.split_once('#').unwrap_or((&href, ""));
        let path = percent_decoded(path.split('?').next().unwrap_or(path));
        let fragment = percent_decoded(fragment);
        let (path, fragment) = (path.as_str(), fragment.as_str());
        let Some(rel) = path.strip_prefix(self.base_path).and_then(normalize) else {
            return Err(Broken {
                message: format!("the link `{dest}` leads outside the site, which is published at {}", self.base_path),
                hint: "link to a page by what it is (`@vision`, `@page/about`): its address then follows wherever the site is published".into(),
            });
        };
        let file = self.file_of(&rel).ok_or_else(|| Broken {
            message: format!("the link `{dest}` leads to no page or file of the site"),
            hint: if looks_like_a_host(dest) {
                format!("to link to another site, write its whole address: `https://{dest}`")
            } else {
                self.page_suggestion(path)
            },
        })?;
        if fragment.is_empty() {
            return Ok(());
        }
        match (self.site.ids)(&file) {
            Some(ids) if !ids.contains(fragment) => Err(Broken {
                message: format!("the link `{dest}` leads to no anchor `#{fragment}` on {path}"),
                hint: match closest(fragment, ids.iter().cloned()) {
                    Some(id) => format!("did you mean `#{id}`?"),
                    None => "an anchor is the id of a heading (`## Contact us` is `#contact-us`, or give it one: `## Contact us {#contact}`) or of an item (`#action-<id>`)".into(),
                },
            }),
            _ => Ok(()),
        }
    }

    /// The file of the site a path leads to: a folder's `index.html`, or the file itself.
    fn file_of(&self, rel: &str) -> Option<String> {
        let files = self.site.files;
        if rel.is_empty() || rel.ends_with('/') {
            let index = format!("{rel}index.html");
            return files.contains(&index).then_some(index);
        }
        if files.contains(rel) {
            return Some(rel.to_string());
        }
        let index = format!("{rel}/index.html");
        files.contains(&index).then_some(index)
    }

    fn page_suggestion(&self, path: &str) -> String {
        let urls = self.urls;
        let pages =
            (0..urls.languages()).flat_map(|li| urls.keys.iter().map(move |k| urls.url(li, k)));
        match closest(path, pages) {
            Some(url) => format!("did you mean `{url}`? A page can also be named by what it is, in every language: `@vision`, `@page/about`"),
            None => "link to a page by what it is (`@vision`, `@page/about`), or to a file of static/ by its path (`/files/report.pdf`)".into(),
        }
    }
}

/// Whether a link is a path relative to the page's address (`../vision/`, `report.pdf`).
fn is_relative(dest: &str) -> bool {
    !dest.starts_with(['@', '/', '#', '?'])
}

/// Whether a relative link starts like the name of a web site (`www.example.org/page`): written
/// without `https://`, a browser reads it as a path on this site.
fn looks_like_a_host(dest: &str) -> bool {
    let first = dest.split(['/', '?', '#']).next().unwrap_or("");
    let labels: Vec<&str> = first.split('.').collect();
    let top = labels.last().copied().unwrap_or("");
    !dest.starts_with(['.', '/', '#', '?'])
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty())
        && (first.starts_with("www.")
            || ["org", "com", "ca", "net", "gov", "info", "io", "edu"].contains(&top))
}

/// A link's path or anchor as the browser reads it: `%20` is a space, `%C3%A9` an `é`.
fn percent_decoded(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A path inside the site with `.` and `..` taken out; `None` if it climbs above the site.
fn normalize(rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for segment in rel.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut out = parts.join("/");
    let folder = rel.ends_with('/') || rel.ends_with("/.") || rel.ends_with("/..");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalized_inside_the_site() {
        assert_eq!(
            normalize("en/about/../vision/").as_deref(),
            Some("en/vision/")
        );
        assert_eq!(
            normalize("en/about/./x.pdf").as_deref(),
            Some("en/about/x.pdf")
        );
        assert_eq!(normalize("").as_deref(), Some(""));
        assert_eq!(normalize("en/..").as_deref(), Some(""));
        assert_eq!(normalize("en/../../x"), None);
    }

    #[test]
    fn escaped_characters_are_read_as_the_browser_reads_them() {
        assert_eq!(
            percent_decoded("files/annual%20report.pdf"),
            "files/annual report.pdf"
        );
        assert_eq!(percent_decoded("r%C3%A9sum%C3%A9"), "résumé");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%zz"), "%zz");
    }

    #[test]
    fn a_web_site_written_without_its_scheme_is_recognised() {
        assert!(looks_like_a_host("www.example.org"));
        assert!(looks_like_a_host("canada.ca/en/immigration"));
        assert!(!looks_like_a_host("report.pdf"));
        assert!(!looks_like_a_host("../vision/"));
        assert!(!looks_like_a_host("files/data.csv"));
    }

    #[test]
    fn ids_are_read_from_the_page() {
        let ids = ids_in(br#"<main id="main"><h2 id="our-vision">V</h2><p>id="no"</p></main>"#);
        assert_eq!(
            ids,
            HashSet::from(["main".to_string(), "our-vision".to_string()])
        );
    }
}
