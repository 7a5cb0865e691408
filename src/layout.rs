//! Where each part of a strategy repository lives. This module is the only place that knows the
//! folder names; everything else asks it, so moving a folder is a change here and in the docs.
//!
//! ```text
//! lipsite.yaml                      the configuration
//! data/<name>.yaml                  language-neutral data (numbers, ids, links between items)
//! data/areas.geojson               the shapes of the areas, for the map
//! content/<lang>/<section>.md       a section page and its items' words
//! content/<lang>/pages/<id>.md      a free page
//! content/<lang>/labels.yaml        short names shared by several pages
//! i18n/<lang>.yaml                  the repository's own interface words
//! templates/                        template overrides
//! static/                           files published as they are
//! schemas/                          JSON Schemas written by `lipsite new` and `lipsite schema`
//! ```

use std::path::{Path, PathBuf};

/// The configuration file at the repository's root.
pub(crate) const CONFIG_FILE: &str = "lipsite.yaml";
/// The folder of the language-neutral data files.
pub(crate) const DATA: &str = "data";
/// The folder with one folder of words per language.
pub(crate) const CONTENT: &str = "content";
/// The folder of free pages inside a language's folder.
pub(crate) const PAGES: &str = "pages";
/// The names the labels file of a language may have, the usual one first.
pub(crate) const LABELS_FILES: [&str; 2] = ["labels.yaml", "labels.yml"];
/// The folder of the repository's own interface words.
pub(crate) const I18N: &str = "i18n";
/// The folder of template overrides.
pub(crate) const TEMPLATES: &str = "templates";
/// The folder of files published as they are.
pub(crate) const STATIC: &str = "static";
/// The folder `lipsite new` writes the schemas to, and `lipsite schema`'s default.
pub(crate) const SCHEMAS: &str = "schemas";
/// The extensions a data file may have, the usual one first.
pub(crate) const DATA_EXTENSIONS: [&str; 2] = ["yaml", "yml"];

/// The name of the file in `data/` with the shapes of the areas (GeoJSON).
pub(crate) const AREA_SHAPES: &str = "areas.geojson";

/// `data/areas.geojson`, relative to the repository.
pub(crate) fn area_shapes_file() -> PathBuf {
    Path::new(DATA).join(AREA_SHAPES)
}

/// `data/areas.geojson` as a message shows it.
pub(crate) fn area_shapes_shown() -> String {
    format!("{DATA}/{AREA_SHAPES}")
}

/// Every folder whose files are sources, not output: a site is never written over them.
#[expect(
    dead_code,
    reason = "output.rs still spells these folders itself; it is to ask this list instead"
)]
pub(crate) const SOURCE_FOLDERS: [&str; 5] = [CONTENT, DATA, STATIC, TEMPLATES, I18N];

/// `data/<name>.yaml`, relative to the repository.
pub(crate) fn data_file(name: &str) -> PathBuf {
    data_file_with(name, DATA_EXTENSIONS[0])
}

/// `data/<name>.<extension>`, relative to the repository.
pub(crate) fn data_file_with(name: &str, extension: &str) -> PathBuf {
    Path::new(DATA).join(format!("{name}.{extension}"))
}

/// `data/<name>.yaml` as a message shows it, with forward slashes on every system.
pub(crate) fn data_file_shown(name: &str) -> String {
    format!("{DATA}/{name}.yaml")
}

/// `content/<lang>`, relative to the repository.
pub(crate) fn language_folder(code: &str) -> PathBuf {
    Path::new(CONTENT).join(code)
}

/// `content/<lang>/<stem>.md`: a section page.
pub(crate) fn section_page(code: &str, stem: &str) -> PathBuf {
    language_folder(code).join(format!("{stem}.md"))
}

/// `content/<lang>/pages/<id>.md`: a free page.
pub(crate) fn free_page(code: &str, id: &str) -> PathBuf {
    language_folder(code).join(PAGES).join(format!("{id}.md"))
}

/// `content/<lang>/labels.yaml`.
pub(crate) fn labels_file(code: &str) -> PathBuf {
    language_folder(code).join(LABELS_FILES[0])
}

/// `i18n/<lang>.yaml`: the repository's interface words of one language.
pub(crate) fn words_file(code: &str) -> PathBuf {
    Path::new(I18N).join(format!("{code}.yaml"))
}

/// `static/<path>`: a file published as it is.
pub(crate) fn static_file(path: impl AsRef<Path>) -> PathBuf {
    Path::new(STATIC).join(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_built_from_the_folder_names() {
        assert_eq!(data_file("council"), Path::new("data/council.yaml"));
        assert_eq!(
            section_page("fr", "vision"),
            Path::new("content/fr/vision.md")
        );
        assert_eq!(
            free_page("ar", "about"),
            Path::new("content/ar/pages/about.md")
        );
        assert_eq!(labels_file("en"), Path::new("content/en/labels.yaml"));
        assert_eq!(words_file("es"), Path::new("i18n/es.yaml"));
        assert_eq!(area_shapes_file(), Path::new("data/areas.geojson"));
    }
}
