//! The site's chart SVG as Typst's SVG reader (usvg) needs it. usvg anchors a text as if it ran
//! left to right whatever its `direction`, so a right-to-left label anchored at its start (its
//! right end, for a browser) ran off the chart's right edge. Each right-to-left text's anchor is
//! turned into the left-to-right one that puts it at the same place.

/// `svg` with every `direction="rtl"` text anchored for usvg.
pub(crate) fn for_typesetter(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find("<text ") {
        let Some(end) = rest[at..].find('>').map(|e| at + e + 1) else {
            break;
        };
        out.push_str(&rest[..at]);
        out.push_str(&anchored(&rest[at..end]));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// One `<text ...>` start tag, its anchor mirrored when it runs right to left.
fn anchored(tag: &str) -> String {
    if !tag.contains("direction=\"rtl\"") {
        return tag.to_string();
    }
    if tag.contains("text-anchor=\"start\"") {
        tag.replace("text-anchor=\"start\"", "text-anchor=\"end\"")
    } else if tag.contains("text-anchor=\"end\"") {
        tag.replace("text-anchor=\"end\"", "text-anchor=\"start\"")
    } else if tag.contains("text-anchor=") {
        tag.to_string()
    } else {
        tag.replacen("<text ", "<text text-anchor=\"end\" ", 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_texts_are_anchored_at_the_same_place_for_usvg() {
        let svg = r#"<svg><text x="316" direction="rtl" text-anchor="start">أ</text><text x="4" direction="rtl" text-anchor="end">ب</text><text x="9" direction="ltr" text-anchor="start">c</text><text x="5" direction="rtl">د</text></svg>"#;
        assert_eq!(
            for_typesetter(svg),
            r#"<svg><text x="316" direction="rtl" text-anchor="end">أ</text><text x="4" direction="rtl" text-anchor="start">ب</text><text x="9" direction="ltr" text-anchor="start">c</text><text text-anchor="end" x="5" direction="rtl">د</text></svg>"#
        );
    }
}
