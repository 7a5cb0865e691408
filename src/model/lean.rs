//! A one-off build's way of reading free pages: in a language with more than [`KEPT_WHOLE`] of
//! them, each page is parsed as soon as it is read and only its front matter is kept; its body is
//! read again when the page is rendered. A build of 20,000 pages per language then never holds
//! every page's text at once, while a smaller strategy, whose texts fit easily, is not read twice.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::body::PageBody;
use super::join::{ParseCache, ParsedPage};
use crate::content::PageDigest;
use crate::diagnostics::SourceFile;

/// How many free pages of a language a one-off build keeps whole (about 10 MB of typical pages,
/// which build faster kept than read twice); with more, it keeps only their front matter.
pub(crate) const KEPT_WHOLE: usize = 2_500;

/// Parses free pages as they are read, for a build that does not keep their texts.
pub(crate) struct LeanPages {
    root: PathBuf,
    /// Whether raw HTML is sanitized, from lipsite.yaml; `None` until it is known, or when the
    /// file is broken (then pages are kept whole, to be parsed and reported by the join).
    sanitized: Option<bool>,
    /// The folder of the default language's pages, relative to the repository.
    sources: PathBuf,
    parsed: Mutex<Vec<(PathBuf, ParsedPage)>>,
    /// Up to how many free pages a language's are kept whole.
    kept_whole: usize,
}

impl LeanPages {
    /// For the repository at `root`, keeping a language's pages whole when it has at most
    /// `kept_whole` of them.
    pub(crate) fn new(root: &Path, kept_whole: usize) -> LeanPages {
        LeanPages {
            root: root.to_path_buf(),
            sanitized: None,
            sources: PathBuf::new(),
            parsed: Mutex::default(),
            kept_whole,
        }
    }

    /// The pages parsed so far, to start the model's parse cache with.
    pub(crate) fn into_parsed(self) -> ParseCache {
        let parsed = self.parsed.into_inner().unwrap_or_else(|e| e.into_inner());
        parsed.into_iter().collect()
    }
}

impl LeanPages {
    fn is_source(&self, page: &Path) -> bool {
        page.parent() == Some(self.sources.as_path())
    }
}

impl PageDigest for LeanPages {
    fn configure(&mut self, config: &SourceFile) {
        let Ok(config) = crate::config::load(config) else {
            return;
        };
        self.sanitized = Some(!config.allow_raw_html);
        let default = &config.languages[config.default_language].code;
        self.sources = crate::layout::language_folder(default).join(crate::layout::PAGES);
    }

    fn wants(&self, pages: usize) -> bool {
        pages > self.kept_whole
    }

    fn digest(&self, file: SourceFile) -> SourceFile {
        let Some(sanitized) = self.sanitized else {
            return file;
        };
        // A page that does not parse is kept whole: the join parses it again and reports it.
        let Ok(mut parsed) = ParsedPage::of(&file, sanitized) else {
            return file;
        };
        let start = match &parsed.body {
            PageBody::Shared { text, start } if Arc::ptr_eq(text, &file.text) => *start,
            _ => return file,
        };
        let whole: Arc<Path> = Arc::from(self.root.join(&file.path));
        let kept = file.beginning(start, whole.clone());
        parsed.body = PageBody::OnDisk {
            path: whole,
            start,
            read_as: blake3::hash(file.text.as_bytes()),
        };
        // Only the default language's pages are sources that translations are stamped with.
        if self.is_source(&file.path) {
            let _ = parsed.version.set(crate::content::version_of(&file.text));
        }
        parsed.text = kept.text.clone();
        // The links were just parsed, so this is their only holder: they quote the kept text.
        if let Some(links) = Arc::get_mut(&mut parsed.links) {
            links.file = kept.clone();
        }
        let mut all = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
        all.push((file.path.clone(), parsed));
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::RepositoryFiles;
    use crate::diagnostics::Problems;

    /// The starter repository's English about page as read with `kept_whole`, and what was
    /// parsed of it as it was read.
    fn about(kept_whole: usize) -> (String, Option<PageBody>) {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("s");
        crate::scaffold::create(&repo).unwrap();
        let mut lean = LeanPages::new(&repo, kept_whole);
        let files = RepositoryFiles::read_digesting(&repo, &mut Problems::default(), &mut lean);
        let text = files.languages["en"].pages["about"].text.to_string();
        let parsed = lean.into_parsed();
        let body = parsed
            .get(Path::new("content/en/pages/about.md"))
            .map(|p| p.body.clone());
        (text, body)
    }

    #[test]
    fn past_the_pages_kept_whole_only_front_matter_stays_and_the_body_is_left_on_disk() {
        let (text, body) = about(0);
        assert!(
            text.starts_with("---\n") && text.ends_with("---\n"),
            "{text}"
        );
        assert_eq!(text.matches("---\n").count(), 2, "{text}");
        let Some(PageBody::OnDisk { start, .. }) = body else {
            panic!("the body is not left on disk: {body:?}");
        };
        assert_eq!(start, text.len());
    }

    #[test]
    fn a_language_with_few_pages_keeps_them_whole() {
        let (text, body) = about(1000);
        assert!(text.len() > text.find("\n---\n").unwrap() + 5, "{text}");
        assert!(body.is_none(), "parsed as read: {body:?}");
    }
}
