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
pub enum ChangeKind {
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
    pub fn name(self) -> &'static str {
        match self {
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

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a source file sits in the repository's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source<'a> {
    Config,
    Data,
    Words,
    Template,
    Static,
    Labels,
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
    pub fn of(rel: &'a str) -> Source<'a> {
        let parts: Vec<&str> = rel.split('/').collect();
        let yaml = |name: &str| name.ends_with(".yaml") || name.ends_with(".yml");
        match parts[..] {
            [crate::config::FILE_NAME] => Source::Config,
            ["data", name] if yaml(name) => Source::Data,
            ["i18n", name] if yaml(name) => Source::Words,
            ["templates", _, ..] => Source::Template,
            ["static", _, ..] => Source::Static,
            ["content", _, "labels.yaml" | "labels.yml"] => Source::Labels,
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
    pub fn kind(&self) -> ChangeKind {
        match self {
            Source::Config => ChangeKind::Config,
            Source::Data => ChangeKind::Data,
            Source::Words => ChangeKind::Words,
            Source::Template => ChangeKind::Template,
            Source::Static => ChangeKind::Static,
            Source::Labels => ChangeKind::Labels,
            Source::Section { .. } | Source::FreePage { .. } => ChangeKind::Pages,
            Source::Other => ChangeKind::Unknown,
        }
    }

    /// Whether the file is a page (a section or a free page).
    pub fn is_page(&self) -> bool {
        matches!(self, Source::Section { .. } | Source::FreePage { .. })
    }

    /// The page of the site this file is the text of, in whichever language.
    pub fn page_key(&self) -> Option<PageKey> {
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
pub fn page_edit(before: &SourceFile, after: &SourceFile) -> ChangeKind {
    match (front_matter::split(before), front_matter::split(after)) {
        (Ok(old), Ok(new)) if old.yaml == new.yaml => ChangeKind::PageBody,
        _ => ChangeKind::PageFrontMatter,
    }
}

/// An edit to a page read before and still there: the file as the last build read it, and now.
pub struct PageEdit {
    /// Relative to the repository, `/`-separated.
    pub rel: String,
    pub before: SourceFile,
    pub after: SourceFile,
}

/// A burst of changes, classified: its widest kind, and the pages it edited.
pub struct Classified {
    pub kind: ChangeKind,
    pub pages: Vec<PageEdit>,
}

impl Classified {
    /// The pages of the site the burst may have touched, when it edited pages' files and nothing
    /// else: every other page shows only what the language views and the addresses hold.
    pub fn touched(&self) -> Option<Vec<PageKey>> {
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
/// nothing. `None` when nothing is left.
pub fn classify(repo: &Path, files: &mut FileCache, changed: &[String]) -> Option<Classified> {
    let mut kind = None;
    let mut pages = Vec::new();
    for rel in changed {
        let path = repo.join(rel);
        let read_before = files.get(&path).map(|f| f.file().clone());
        if rel.starts_with("content/") && read_before.is_none() && !path.exists() {
            continue;
        }
        let source = Source::of(rel);
        let this = match read_before.filter(|_| source.is_page() && path.is_file()) {
            Some(before) => page_change(repo, files, rel, before, &mut pages),
            None => source.kind(),
        };
        kind = kind.max(Some(this));
    }
    Some(Classified { kind: kind?, pages })
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
        assert_eq!(Source::of("data/action-plan.yaml"), Source::Data);
        assert_eq!(Source::of("i18n/fr.yaml"), Source::Words);
        assert_eq!(Source::of("templates/partials/menu.html"), Source::Template);
        assert_eq!(Source::of("static/files/plan.pdf"), Source::Static);
        assert_eq!(Source::of("content/fr/labels.yaml"), Source::Labels);
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
