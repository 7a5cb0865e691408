//! The fast path for an edit to the text of free pages alone: applied to the model of the last
//! build, and only those pages rendered again.

use super::change::{PageEdit, Source};
use super::stages::{Caches, Loaded};
use crate::diagnostics::{Problem, Problems};
use crate::model;
use crate::render::{self, urls::PageKey, Bytes};

/// The last successful build, from which an edit to one page's text is rebuilt.
pub(super) struct LastBuild {
    pub loaded: Loaded,
    /// The warnings of loading the model, which a build reusing it reports again.
    pub model_warnings: Problems,
    pub warnings: Vec<Problem>,
    pub pages: usize,
}

/// The pages an edit re-rendered, without running the whole build.
pub(super) struct PagesRendered {
    /// Output path and bytes of each page rendered again.
    pub files: Vec<(String, Bytes)>,
}

/// Applies edits to the text of free pages that changed nothing else (see
/// `model::edit_page_text`) to the model of `last`, and renders only their pages. `None` when an
/// edit is anything else (then the whole build runs, which gives the same bytes). The model may be
/// half-edited unless the answer is a success: the caller keeps `last` only then.
pub(super) fn rebuild(
    last: &mut LastBuild,
    caches: &mut Caches,
    edits: &[PageEdit],
) -> Option<Result<PagesRendered, Problems>> {
    let mut edited = Vec::new();
    for edit in edits {
        let Source::FreePage { lang, id } = Source::of(&edit.rel) else {
            return None;
        };
        let s = &mut last.loaded.strategy;
        let li = s.config.language_index(lang)?;
        if !model::edit_page_text(s, li, id, &edit.before, &edit.after) {
            return None;
        }
        edited.push((li, PageKey::Free(id.to_string())));
    }
    let Loaded {
        strategy,
        theme,
        words,
    } = &last.loaded;
    let files = render::rerender_page_text(strategy, theme, words, &mut caches.pages, &edited)?;
    Some(files.map(|files| PagesRendered { files }))
}
