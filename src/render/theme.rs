//! The theme: templates, static files and interface words. The default theme is compiled into
//! the binary (so `lipsite` works from anywhere); a repository's `templates/`, `static/` and
//! `i18n/` files override it file by file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

use tera::Tera;

use crate::content::RepositoryFiles;
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};

use super::template_use::TemplateUse;
use crate::embedded::DEFAULT_THEME;

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Embedded(&'static str),
    OnDisk(PathBuf),
}

/// The files lipsite writes at the root of the site, and what each is. A repository's own file of
/// the same name in `static/` is published instead, with a note: never replaced without a word.
const ROOT_FILES: [(&str, &str); 4] = [
    (
        "index.html",
        "the language chooser (or, with `root: redirect`, the redirect to the default language)",
    ),
    (
        "404.html",
        "the page for missing addresses, in every language of the site",
    ),
    (
        "sitemap.xml",
        "the list of every page and its translations, for search engines",
    ),
    ("robots.txt", "which points search engines to sitemap.xml"),
];

pub(crate) struct Theme {
    pub tera: Tera,
    /// What each template depends on: a page is rendered again when a template it uses changed.
    pub uses: HashMap<String, TemplateUse>,
    pub static_files: BTreeMap<String, StaticFile>,
    /// Interface word files of the theme, by language code.
    pub words: BTreeMap<String, SourceFile>,
    /// The templates whose pages show the menu only through [`MENU_PART`], all of them the
    /// theme's own: after a menu change alone, such a page is the one it was with its menu made
    /// again, put in place of the last one.
    pub(crate) menu_through_part: BTreeSet<String>,
}

/// The theme's template of the menu of sections and pages.
pub(crate) const MENU_PART: &str = "parts/menu.html";

impl Theme {
    /// The default theme with the repository's overrides. Template errors become problems with the
    /// template's file, line and column.
    pub(crate) fn load(repo: &RepositoryFiles, problems: &mut Problems) -> Option<Theme> {
        let mut templates: BTreeMap<String, SourceFile> = BTreeMap::new();
        let mut static_files = BTreeMap::new();
        let mut words = BTreeMap::new();
        for (path, text) in DEFAULT_THEME {
            let shown = PathBuf::from("themes/default").join(path);
            if let Some(name) = path.strip_prefix("templates/") {
                templates.insert(name.to_string(), SourceFile::new(shown, *text));
            } else if let Some(name) = path.strip_prefix("static/") {
                static_files.insert(name.to_string(), StaticFile::Embedded(text));
            } else if let Some(name) = path
                .strip_prefix("i18n/")
                .and_then(|n| n.strip_suffix(".yaml"))
            {
                words.insert(name.to_string(), SourceFile::new(shown, *text));
            }
        }
        for (name, file) in &repo.templates {
            templates.insert(name.clone(), file.clone());
        }
        for (name, path) in &repo.static_files {
            static_files.insert(name.clone(), StaticFile::OnDisk(path.clone()));
        }
        for (name, what) in ROOT_FILES {
            if repo.static_files.contains_key(name) {
                problems.push(
                    Problem::about_path(
                        &crate::layout::static_file(name),
                        format!("static/{name} is published as it is; lipsite's own {name} was not written"),
                    )
                    .hint(format!("lipsite's own is {what}; delete static/{name} to publish it instead"))
                    .as_warning(),
                );
            }
        }

        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        if let Err(e) =
            tera.add_raw_templates(templates.iter().map(|(n, f)| (n.as_str(), &*f.text)))
        {
            let file = templates
                .get(e_filename(&e))
                .cloned()
                .unwrap_or_else(|| SourceFile::new("templates", ""));
            // Tera reports the first broken template it meets; the others show on the next run.
            problems.push(template_problem(&e, &file));
            return None;
        }
        // The repository's own templates may read and set anything.
        let own = |name: &str| !repo.templates.contains_key(name);
        let menu = (MENU_PART, "menu");
        Some(Theme {
            menu_through_part: super::template_use::through_part(&templates, menu, &own),
            uses: super::template_use::of(&templates),
            tera,
            static_files,
            words,
        })
    }

    /// Whether lipsite writes the root file `name` (`robots.txt` ...): not when the repository has
    /// its own in `static/`.
    pub(crate) fn writes(&self, name: &str) -> bool {
        !matches!(self.static_files.get(name), Some(StaticFile::OnDisk(_)))
    }

    /// The problem for a failed render, pointing into the template.
    pub(crate) fn render_problem(&self, e: &tera::Error, page: &str) -> Problem {
        let file = SourceFile::new(format!("templates/{}", e_filename(e)), "");
        let mut p = template_problem(e, &file);
        p.message = format!("{} (while rendering {page})", p.message);
        p
    }
}

fn e_filename(e: &tera::Error) -> &str {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r.filename(),
        _ => "",
    }
}

fn template_problem(e: &tera::Error, file: &SourceFile) -> Problem {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            file.error(
                Pos::new(span.start_line.max(1), span.start_col + 1),
                r.message().to_string(),
            )
            .hint("fix the template, or delete your copy in templates/ to use the theme's")
        }
        other => file
            .error(Pos::FILE, other.to_string())
            .hint("check the template names in `extends` and `include`"),
    }
}
