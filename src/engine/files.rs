//! The repository's files after edits in place: the files of the last build with the edited ones
//! read again, instead of listing every folder (thousands of pages take milliseconds to list).

use std::path::Path;

use super::change::Source;
use crate::content::{read_text_cached, FileCache, RepositoryFiles};
use crate::diagnostics::{Problems, SourceFile};

/// `files` with the files `changed` (relative to `repo`) read again, when each is a file the
/// last read listed and still there: the list of files is then the same. Files lipsite does not
/// read, and pages that came and went, change nothing. `None` for any other change (a folder,
/// a file added or removed), or when a file cannot be read: then the whole repository is read.
pub(super) fn edited_in_place(
    repo: &Path,
    mut files: RepositoryFiles,
    changed: &[String],
    cache: &mut FileCache,
) -> Option<RepositoryFiles> {
    for rel in changed {
        let path = repo.join(rel);
        match Source::of(rel) {
            Source::Static { path: name } if path.is_file() => {
                files.static_files.get(name)?;
                continue;
            }
            // A file lipsite does not read changes nothing, even gone: an editor's temporary file
            // renamed over the page it saves.
            Source::Other if !path.is_dir() => continue,
            Source::Section { .. } | Source::FreePage { .. }
                if !path.exists() && !cache.contains_key(&path) =>
            {
                continue
            }
            _ => {}
        }
        let slot = slot(&mut files, rel)?;
        let mut problems = Problems::default();
        let file = read_text_cached(repo, &path, &mut problems, cache)?;
        if !problems.is_empty() || file.path != slot.path {
            return None;
        }
        *slot = file;
    }
    Some(files)
}

/// Where the file at `rel` is held among the files read, if it was.
fn slot<'f>(files: &'f mut RepositoryFiles, rel: &str) -> Option<&'f mut SourceFile> {
    match Source::of(rel) {
        Source::Config => files.config.as_mut(),
        Source::Data {
            name: crate::layout::AREA_SHAPES,
        } => files.area_shapes.as_mut(),
        Source::Data { name } => files.data.get_mut(name),
        Source::Words { name } => files.i18n.get_mut(name),
        Source::Template { name } => files.templates.get_mut(name),
        Source::Labels { lang } => files.languages.get_mut(lang)?.labels.as_mut(),
        Source::Section { lang, name } => files.languages.get_mut(lang)?.sections.get_mut(name),
        Source::FreePage { lang, id } => files.languages.get_mut(lang)?.pages.get_mut(id),
        Source::Static { .. } | Source::Other => None,
    }
}
