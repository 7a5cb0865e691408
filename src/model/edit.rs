//! Edits that change only what one page shows: watch mode applies them to the model it has instead
//! of building a new one.

use super::{Freshness, Strategy};
use crate::content::front_matter;
use crate::diagnostics::SourceFile;

/// Applies a new version of free page `id` of language `lang` to the model, if the edit changed its
/// body and nothing else: the same front matter (so the same title, address, menu place, stamp
/// and warnings), and, for a source page, no translation that changes from current to outdated
/// or back. Returns false, leaving the model as it was, for any other edit.
pub(crate) fn edit_page_text(
    s: &mut Strategy,
    lang: usize,
    id: &str,
    before: &SourceFile,
    after: &SourceFile,
) -> bool {
    let (Ok(old), Ok(new)) = (front_matter::split(before), front_matter::split(after)) else {
        return false;
    };
    if old.yaml != new.yaml {
        return false;
    }
    // A full build reports a text nested too deeply, and stops.
    if crate::markdown::check_nesting(new.body, !s.config.allow_raw_html).is_err() {
        return false;
    }
    let Some(page) = s.content.get(lang).and_then(|c| c.pages.get(id)) else {
        return false;
    };
    if page.file != after.path {
        return false;
    }
    if lang == s.config.default_language {
        let translations_keep_their_freshness = s
            .content
            .iter()
            .enumerate()
            .filter(|&(li, _)| li != lang)
            .filter_map(|(_, c)| c.pages.get(id))
            .all(|t| Freshness::of(t.translated_from.as_deref(), Some(&after.text)) == t.freshness);
        if !translations_keep_their_freshness {
            return false;
        }
    }
    if let Some(page) = s.content[lang].pages.get_mut(id) {
        let page = std::sync::Arc::make_mut(page);
        page.body = super::body::PageBody::of(&after.text, new.body);
        page.links = std::sync::Arc::new(page.links.with_body(after, new.body));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::RepositoryFiles;
    use crate::diagnostics::Problems;

    /// The starter repository's model, and the text of a page of it.
    fn starter() -> (Strategy, impl Fn(&str) -> SourceFile) {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("s");
        crate::scaffold::create(&repo).unwrap();
        let files = RepositoryFiles::read(&repo, &mut Problems::default());
        let s = super::super::load(&files, &mut Problems::default()).unwrap();
        let texts: Vec<(String, SourceFile)> = ["en", "fr"]
            .iter()
            .map(|l| {
                let f = files.languages[*l].pages["about"].clone();
                (l.to_string(), f)
            })
            .collect();
        (s, move |lang: &str| {
            texts.iter().find(|(l, _)| l == lang).unwrap().1.clone()
        })
    }

    fn with_text(file: &SourceFile, text: String) -> SourceFile {
        SourceFile::new(file.path.clone(), text)
    }

    #[test]
    fn a_new_body_is_applied_and_nothing_else_changes() {
        let (mut s, page) = starter();
        let before = page("fr");
        let after = with_text(&before, format!("{}\nUne phrase.\n", before.text));
        let fr = s.config.language_index("fr").unwrap();
        let title = s.content[fr].pages["about"].title.clone();
        assert!(edit_page_text(&mut s, fr, "about", &before, &after));
        let p = &s.content[fr].pages["about"];
        assert!(p.body.as_str().ends_with("\nUne phrase.\n"), "{:?}", p.body);
        assert_eq!(p.title, title);
    }

    #[test]
    fn a_changed_front_matter_or_another_page_is_refused() {
        let (mut s, page) = starter();
        let before = page("en");
        let retitled = with_text(&before, before.text.replacen("title:", "title: New", 1));
        let en = s.config.default_language;
        let body = s.content[en].pages["about"].body.as_str().to_string();
        assert!(!edit_page_text(&mut s, en, "about", &before, &retitled));
        let appended = with_text(&before, format!("{}\nMore.\n", before.text));
        assert!(!edit_page_text(&mut s, en, "nowhere", &before, &appended));
        let elsewhere = SourceFile::new("content/en/pages/other.md", appended.text.clone());
        assert!(!edit_page_text(&mut s, en, "about", &before, &elsewhere));
        assert_eq!(
            s.content[en].pages["about"].body.as_str(),
            body,
            "the model is as it was"
        );
    }

    #[test]
    fn a_body_nested_too_deeply_for_the_sanitizer_is_left_to_a_full_build() {
        let (mut s, page) = starter();
        let before = page("en");
        let deep = "<div>".repeat(crate::markdown::MAX_DEPTH + 1);
        let after = with_text(&before, format!("{}\n{deep}\n", before.text));
        let en = s.config.default_language;
        assert!(!edit_page_text(&mut s, en, "about", &before, &after));
        s.config.allow_raw_html = true;
        assert!(edit_page_text(&mut s, en, "about", &before, &after));
    }

    #[test]
    fn a_source_edit_that_would_make_a_translation_outdated_is_refused() {
        let (mut s, page) = starter();
        let en = page("en");
        let fr = s.config.language_index("fr").unwrap();
        // The French page follows the current English text.
        let translation = std::sync::Arc::make_mut(s.content[fr].pages.get_mut("about").unwrap());
        translation.translated_from = Some(crate::content::version_of(&en.text));
        translation.freshness = Freshness::Current;
        let edited = with_text(&en, format!("{}\nMore.\n", en.text));
        let source = s.config.default_language;
        assert!(!edit_page_text(&mut s, source, "about", &en, &edited));
        // Once it is outdated, further edits keep it so and are applied.
        std::sync::Arc::make_mut(s.content[fr].pages.get_mut("about").unwrap()).freshness =
            Freshness::Outdated;
        assert!(edit_page_text(&mut s, source, "about", &en, &edited));
    }
}
