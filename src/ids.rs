//! Ids, slugs and anchors: the small vocabulary of names that join files and make URLs.

/// What a slug may hold, in the words of the content format. A slug is always one segment of an
/// output path: none of `/`, `\`, `.`, spaces or control characters can get in.
pub(crate) const SLUG_RULE: &str = "lowercase letters without accents, digits and hyphens";

/// An id or slug: lowercase ASCII letters, digits and single hyphens, starting with a letter.
pub(crate) fn is_id(s: &str) -> bool {
    is_slug(s) && s.starts_with(|c: char| c.is_ascii_lowercase())
}

/// A URL segment: lowercase ASCII letters, digits and hyphens, no leading, trailing or double hyphen.
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An `id` attribute for a heading: letters of any script are kept (HTML allows them), lowercased;
/// everything else becomes a single hyphen.
pub(crate) fn anchor(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.extend(c.to_lowercase());
        } else {
            hyphen = true;
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_slugs() {
        assert!(is_id("welcome-centre"));
        assert!(is_id("a1"));
        assert!(!is_id("1a"));
        assert!(!is_id("Welcome"));
        assert!(!is_id("a--b"));
        assert!(!is_id("a_b"));
        assert!(is_slug("2025-report"));
    }

    #[test]
    fn a_slug_is_one_safe_path_segment() {
        for bad in [
            "", ".", "..", "../x", "a/b", "a\\b", "a b", "a\tb", "a\nb", "a\u{7}b", "a.b", "é", "A",
        ] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn anchors_keep_letters_of_every_script() {
        assert_eq!(anchor("Priorités et thèmes"), "priorités-et-thèmes");
        assert_eq!(anchor("  What's next?  "), "what-s-next");
        assert_eq!(anchor("الأولويات"), "الأولويات");
        assert_eq!(anchor("!!!"), "section");
    }
}
