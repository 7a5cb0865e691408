//! The strategy's words in one language as Typst markup: this language's own, or else the
//! default language's, marked with its language as the site marks it (`lang`), so a screen
//! reader speaks it right and the typesetter shapes it right.

use crate::config::Direction;
use crate::i18n::LangMark;
use crate::model::{LanguageContent, ProperName};

use super::markdown::{self, Body};
use super::markup::{Markup, Origin};

/// Where a language's words come from, with the fallback language's.
pub(crate) struct Texts<'a> {
    pub own: &'a LanguageContent,
    pub fallback: &'a LanguageContent,
    /// The default language, when it is not the document's own.
    pub fallback_lang: Option<LangMark>,
    /// The document's locale.
    pub locale: &'a str,
    /// A link's destination as an absolute address.
    pub link: &'a dyn Fn(&str) -> Option<String>,
    /// The words for a task list's done and open items.
    pub tasks: (&'a str, &'a str),
}

/// Typst's `lang` and `region` arguments for a BCP 47 locale (`fr-CA` → `lang: "fr", region:
/// "CA"`), and its direction.
pub(crate) fn lang_args(locale: &str, dir: Direction) -> String {
    let mut parts = locale.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let region = parts.find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()));
    let mut args = format!("lang: {}", super::escape::string(&lang));
    if let Some(region) = region {
        args.push_str(&format!(
            ", region: {}",
            super::escape::string(&region.to_uppercase())
        ));
    }
    args.push_str(match dir {
        Direction::Ltr => ", dir: ltr",
        Direction::Rtl => ", dir: rtl",
    });
    args
}

impl Texts<'_> {
    /// This language's words, or the default language's (`true`); an empty text counts as none.
    pub(crate) fn pick<F: Fn(&LanguageContent) -> Option<&String>>(
        &self,
        get: F,
    ) -> Option<(&String, bool)> {
        let given = |c| get(c).filter(|t: &&String| !t.trim().is_empty());
        match given(self.own) {
            Some(t) => Some((t, false)),
            None => given(self.fallback).map(|t| (t, self.fallback_lang.is_some())),
        }
    }

    /// Writes `inner` in the default language's `text` when `fallback`.
    fn marked(&self, m: &mut Markup, fallback: bool, inner: impl FnOnce(&mut Markup)) {
        match (&self.fallback_lang, fallback) {
            (Some(lang), true) => {
                m.raw(&format!("#text({})[", lang_args(&lang.locale, lang.dir)));
                inner(m);
                m.raw("]");
            }
            _ => inner(m),
        }
    }

    /// A plain text (a title, a name).
    pub(crate) fn plain<F: Fn(&LanguageContent) -> Option<&String>>(&self, m: &mut Markup, get: F) {
        if let Some((text, fallback)) = self.pick(get) {
            self.marked(m, fallback, |m| {
                m.text(text);
            });
        }
    }

    /// The plain text as a string, for metadata and alternative texts.
    pub(crate) fn plain_string<F: Fn(&LanguageContent) -> Option<&String>>(
        &self,
        get: F,
    ) -> String {
        self.pick(get).map(|(t, _)| t.clone()).unwrap_or_default()
    }

    /// A name: this language's own words for it, else the name every language shows (with its
    /// language when not the document's), else the default language's words.
    pub(crate) fn name<F: Fn(&LanguageContent) -> Option<&String>>(
        &self,
        m: &mut Markup,
        proper: Option<&ProperName>,
        get: F,
    ) {
        match (self.pick(&get), proper) {
            (None | Some((_, true)), Some(name)) if name.locale != self.locale => {
                m.raw(&format!(
                    "#text({})[",
                    lang_args(&name.locale, name.direction)
                ));
                m.text(&name.text).raw("]");
            }
            (None | Some((_, true)), Some(name)) => {
                m.text(&name.text);
            }
            _ => self.plain(m, get),
        }
    }

    /// A Markdown text (a summary, a description, a note), from the file `origin`.
    pub(crate) fn rich<F: Fn(&LanguageContent) -> Option<&String>>(
        &self,
        m: &mut Markup,
        get: F,
        origin: &Origin,
        top_level: u8,
    ) {
        let Some((text, fallback)) = self.pick(get) else {
            return;
        };
        self.marked(m, fallback, |m| {
            m.from(origin.clone());
            let body = Body {
                markdown: text,
                origin: origin.clone(),
                top_level,
                link: self.link,
                tasks: self.tasks,
            };
            markdown::write(m, &body);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locale_becomes_typst_language_region_and_direction() {
        assert_eq!(
            lang_args("fr-CA", Direction::Ltr),
            "lang: \"fr\", region: \"CA\", dir: ltr"
        );
        assert_eq!(lang_args("ar", Direction::Rtl), "lang: \"ar\", dir: rtl");
        assert_eq!(
            lang_args("x\"y-1234", Direction::Ltr),
            "lang: \"x\\\"y\", dir: ltr"
        );
    }
}
