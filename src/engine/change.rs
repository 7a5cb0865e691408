//! What a change to the repository is, named by the part of the site that depends on it (as Zola
//! names its changes): decided once here from the repository's layout and, for a page, from
//! comparing its front matter with the one read before.

use std::fmt;
use std::path::Path;

use crate::content::{front_matter, FileCache};
use crate::diagnostics::{Problems, SourceFile};
use crate::model::Section;
use crate::render::urls::PageKey;

/// The kinds of change, from the narrowest to the widest: for a burst of several files, the
/// widest wins, since its rebuild also covers the narrower ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ChangeKind {
    /// Nothing lipsite reads: a tool's temporary file, or a page that came and went.
    Nothing,
    /// The Markdown text of a page, its front matter as it was.
    PageBody,
    /// The front matter of a page: its title, address, menu place, description ...
    PageFrontMatter,
    /// A file of `static/`, copied as it is.
    Static,
    /// `content/<language>/labels.yaml`: the names of items (partners, sources ...) in a language.
    Labels,
    /// `i18n/<language>.yaml`: the interface words of a language.
    Words,
    /// `templates/`: the repository's own templates.
    Template,
    /// `data/*.yaml`: the language-neutral numbers, dates, statuses and links between items.
    Data,
    /// A page added or removed: the site's set of addresses changes.
    Pages,
    /// `lipsite.yaml`.
    Config,
    /// The watcher lost track, or a whole folder came or went: anything may have changed.
    Unknown,
}

impl ChangeKind {
    /// How the rebuild line names the kind.
    pub(crate) fn name(self) -> &'static str {
        match self {
            ChangeKind::Nothing => "not read",
            ChangeKind::PageBody => "body",
            ChangeKind::PageFrontMatter => "front matter",
            ChangeKind::Static => "static file",
            ChangeKind::Labels => "labels",
            ChangeKind::Words => "interface words",
            ChangeKind::Template => "template",
            ChangeKind::Data => "data",
            ChangeKind::Pages => "pages added or removed",
            ChangeKind::Config => "config",
            ChangeKind::Unknown => "anything",
        }
    }
}

impl ChangeKind {
    /// Whether a change of this kind leaves every page's own inputs as they were (its file, the
    /// addresses and titles of all pages, the settings and the interface words): what it changes
    /// reaches pages only through the language views or the templates.
    pub(crate) fn leaves_pages_as_they_were(self) -> bool {
        matches!(
            self,
            ChangeKind::Static | ChangeKind::Labels | ChangeKind::Template | ChangeKind::Data
        )
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a source file sits in the repository's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source<'a> {
    Config,
    /// `data/<name>.yaml`, or `data/areas.geojson` (its name then keeps its extension).
    Data {
        name: &'a str,
    },
    /// `i18n/<name>.yaml`.
    Words {
        name: &'a str,
    },
    /// `templates/<name>`, where the name may hold folders.
    Template {
        name: &'a str,
    },
    /// `static/<path>`.
    Static {
        path: &'a str,
    },
    /// `content/<language>/labels.yaml`.
    Labels {
        lang: &'a str,
    },
    /// `content/<language>/<name>.md`: a section page (vision, priorities ...) or the home page.
    Section {
        lang: &'a str,
        name: &'a str,
    },
    /// `content/<language>/pages/<id>.md`: a free page (about, contact, news ...).
    FreePage {
        lang: &'a str,
        id: &'a str,
    },
    /// A folder, or a file lipsite does not read by that name.
    Other,
}

impl<'a> Source<'a> {
    /// The place of `rel`, a `/`-separated path relative to the repository.
    pub(crate) fn of(rel: &'a str) -> Source<'a> {
        let parts: Vec<&str> = rel.split('/').collect();
        let yaml = |name: &'a str| name.strip_suffix(".yaml").or(name.strip_suffix(".yml"));
        let below = |folder: &str| rel.strip_prefix(folder).filter(|r| !r.is_empty());
        match parts[..] {
            [crate::config::FILE_NAME] => Source::Config,
            ["data", crate::layout::AREA_SHAPES] => Source::Data {
                name: crate::layout::AREA_SHAPES,
            },
            ["data", file] => yaml(file).map_or(Source::Other, |name| Source::Data { name }),
            ["i18n", file] => yaml(file).map_or(Source::Other, |name| Source::Words { name }),
            ["templates", _, ..] => {
                below("templates/").map_or(Source::Other, |name| Source::Template { name })
            }
            ["static", _, ..] => {
                below("static/").map_or(Source::Other, |path| Source::Static { path })
            }
            ["content", lang, "labels.yaml" | "labels.yml"] => Source::Labels { lang },
            ["content", lang, name] => name
                .strip_suffix(".md")
                .map_or(Source::Other, |name| Source::Section { lang, name }),
            ["content", lang, "pages", file] => file
                .strip_suffix(".md")
                .map_or(Source::Other, |id| Source::FreePage { lang, id }),
            _ => Source::Other,
        }
    }

    /// The kind of change a file in this place makes, for any file but a page read before and
    /// still there (whose kind depends on what changed in it: see `page_edit`).
    pub(crate) fn kind(&self) -> ChangeKind {
        match self {
            Source::Config => ChangeKind::Config,
            Source::Data { .. } => ChangeKind::Data,
            Source::Words { .. } => ChangeKind::Words,
            Source::Template { .. } => ChangeKind::Template,
            Source::Static { .. } => ChangeKind::Static,
            Source::Labels { .. } => ChangeKind::Labels,
            Source::Section { .. } | Source::FreePage { .. } => ChangeKind::Pages,
            Source::Other => ChangeKind::Unknown,
        }
    }

    /// Whether the file is a page (a section or a free page).
    pub(crate) fn is_page(&self) -> bool {
        matches!(self, Source::Section { .. } | Source::FreePage { .. })
    }

    /// The page of the site this file is the text of, in whichever language.
    pub(crate) fn page_key(&self) -> Option<PageKey> {
        match *self {
            Source::FreePage { id, .. } => Some(PageKey::Free(id.to_string())),
            Source::Section { name, .. } => match Section::from_stem(name)? {
                Section::Home => Some(PageKey::Home),
                section => Some(PageKey::Section(section)),
            },
            _ => None,
        }
    }
}

/// The kind of an edit to a page read before: its body alone, or its front matter. A page whose
/// front matter cannot be split either time counts as a front matter change (the whole build
/// reports the mistake).
pub(crate) fn page_edit(before: &SourceFile, after: &SourceFile) -> ChangeKind {
    match (front_matter::split(before), front_matter::split(after)) {
        (Ok(old), Ok(new)) if old.yaml == new.yaml => ChangeKind::PageBody,
        _ => ChangeKind::PageFrontMatter,
    }
}

/// An edit to a page read before and still there: the file as the last build read it, and now.
pub(crate) struct PageEdit {
    /// Relative to the repository, `/`-separated.
    pub rel: String,
    pub before: SourceFile,
    pub after: SourceFile,
}

/// A burst of changes, classified: its widest kind, and the pages it edited.
pub(crate) struct Classified {
    pub kind: ChangeKind,
    pub pages: Vec<PageEdit>,
}

impl Classified {
    /// The pages of the site the burst may have touched, when it edited pages' files and nothing
    /// else: every other page shows only what the language views and the addresses hold.
    pub(crate) fn touched(&self) -> Option<Vec<PageKey>> {
        if self.kind > ChangeKind::PageFrontMatter {
            return None;
        }
        self.pages
            .iter()
            .map(|edit| Source::of(&edit.rel).page_key())
            .collect()
    }
}

/// Classifies the changed files `rel` (relative to `repo`). Each page read before and still there
/// is read again into `files`, so that its front matter can be compared with the one before; a
/// file under `content/` that came and went within the burst (a tool's temporary file) changes
/// nothing, nor does a file lipsite does not read.
pub(crate) fn classify(repo: &Path, files: &mut FileCache, changed: &[String]) -> Classified {
    let mut kind = ChangeKind::Nothing;
    let mut pages = Vec::new();
    for rel in changed {
        let path = repo.join(rel);
        let read_before = files.get(&path).map(|f| f.file().clone());
        let source = Source::of(rel);
        let came_and_went = read_before.is_none() && !path.exists();
        if came_and_went && (rel.starts_with("content/") || unread_name(rel, &source)) {
            continue;
        }
        if source == Source::Other && path.is_file() {
            // A file lipsite does not read, such as a tool's temporary file.
            continue;
        }
        let this = match read_before.filter(|_| source.is_page() && path.is_file()) {
            Some(before) => page_change(repo, files, rel, before, &mut pages),
            None => source.kind(),
        };
        kind = kind.max(this);
    }
    Classified { kind, pages }
}

/// Whether `rel` is a name directly inside `data/` or `i18n/` that lipsite does not read (those
/// folders' files are read by name): a tool's temporary file, as `sed -i` or an editor's atomic
/// save makes beside the file it writes. Whatever happened to it changes nothing.
fn unread_name(rel: &str, source: &Source) -> bool {
    let flat = matches!(rel.split('/').collect::<Vec<_>>()[..], ["data" | "i18n", _]);
    flat && *source == Source::Other
}

/// The kind of an edit to the page at `rel`, read before as `before`, which joins `pages`.
fn page_change(
    repo: &Path,
    files: &mut FileCache,
    rel: &str,
    before: SourceFile,
    pages: &mut Vec<PageEdit>,
) -> ChangeKind {
    let mut problems = Problems::default();
    let after = crate::content::read_text_cached(repo, &repo.join(rel), &mut problems, files);
    match after.filter(|_| problems.is_empty()) {
        Some(after) => {
            let kind = page_edit(&before, &after);
            pages.push(PageEdit {
                rel: rel.to_string(),
                before,
                after,
            });
            kind
        }
        // The whole build reports what is wrong with the file.
        None => ChangeKind::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_names_each_place() {
        assert_eq!(Source::of("lipsite.yaml"), Source::Config);
        assert_eq!(
            Source::of("data/action-plan.yaml"),
            Source::Data {
                name: "action-plan"
            }
        );
        assert_eq!(
            Source::of("data/areas.geojson"),
            Source::Data {
                name: "areas.geojson"
            }
        );
        assert_eq!(Source::of("data/other.geojson"), Source::Other);
        assert_eq!(Source::of("i18n/fr.yml"), Source::Words { name: "fr" });
        assert_eq!(
            Source::of("templates/parts/menu.html"),
            Source::Template {
                name: "parts/menu.html"
            }
        );
        assert_eq!(
            Source::of("static/files/plan.pdf"),
            Source::Static {
                path: "files/plan.pdf"
            }
        );
        assert_eq!(
            Source::of("content/fr/labels.yaml"),
            Source::Labels { lang: "fr" }
        );
        assert_eq!(
            Source::of("content/fr/vision.md"),
            Source::Section {
                lang: "fr",
                name: "vision"
            }
        );
        assert_eq!(
            Source::of("content/en/pages/about.md"),
            Source::FreePage {
                lang: "en",
                id: "about"
            }
        );
        for other in [
            "content",
            "content/en",
            "data",
            "content/en/pages/notes.txt",
        ] {
            assert_eq!(Source::of(other), Source::Other, "{other}");
        }
    }

    #[test]
    fn a_temporary_file_that_came_and_went_beside_a_data_file_changes_nothing() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(repo.path().join("data")).unwrap();
        std::fs::write(repo.path().join("data/plan.yaml"), "x").unwrap();
        let classify = |changed: &[&str]| {
            let changed: Vec<String> = changed.iter().map(|c| c.to_string()).collect();
            classify(repo.path(), &mut FileCache::default(), &changed).kind
        };
        assert_eq!(classify(&["data/sedAb12Cd"]), ChangeKind::Nothing);
        assert_eq!(classify(&["i18n/.fr.yaml.tmp~"]), ChangeKind::Nothing);
        assert_eq!(
            classify(&["data/sedAb12Cd", "data/plan.yaml"]),
            ChangeKind::Data
        );
        // The data folder that went, or a data file lipsite reads: not nothing.
        assert_eq!(classify(&["data"]), ChangeKind::Unknown);
        assert_eq!(classify(&["data/priorities.yaml"]), ChangeKind::Data);
    }

    #[test]
    fn a_page_edit_is_its_body_or_its_front_matter() {
        let page = |text: &str| SourceFile::new("content/en/pages/about.md", text.to_string());
        let before = page("---\ntitle: About\n---\nWho we are.\n");
        let body = page("---\ntitle: About\n---\nWho we are, and why.\n");
        let title = page("---\ntitle: About us\n---\nWho we are.\n");
        assert_eq!(page_edit(&before, &body), ChangeKind::PageBody);
        assert_eq!(page_edit(&before, &title), ChangeKind::PageFrontMatter);
        assert!(ChangeKind::Config > ChangeKind::Data && ChangeKind::Data > ChangeKind::PageBody);
    }
}
