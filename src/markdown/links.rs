//! The links of a Markdown text that stay on the site: `@` addresses (`@vision`,
//! `@action/mentoring-program`), paths (`/en/vision/`, `../vision/`, `report.pdf`) and anchors
//! (`#contact-us`). Links with a scheme (`https:`, `mailto:`) or to another host are not the
//! site's to check.

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::options;

/// A link of a text: its destination as written, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextLink {
    pub dest: String,
    /// The byte offset of the destination, where a problem with the link is shown; of the link
    /// itself (its `[`) when the destination is elsewhere (`[text][reference]`).
    pub offset: usize,
    /// The link's Markdown, from `[` to its end, to find it again in a file.
    pub source: String,
    /// Where the destination is in `source` (0 when it is elsewhere).
    pub dest_in_source: usize,
}

/// Every local link and image of `markdown`, in order.
pub(crate) fn local_links(markdown: &str) -> Vec<TextLink> {
    // Most texts have no link at all: nothing to parse.
    if !markdown.contains("](") && !markdown.contains("]:") && !markdown.contains('<') {
        return Vec::new();
    }
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            // An e-mail autolink (`<info@example.org>`) has no scheme in its destination.
            Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => None,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if is_local(&dest_url) =>
            {
                let source = &markdown[range.clone()];
                let dest_in_source = source.rfind(dest_url.as_ref()).unwrap_or(0);
                Some(TextLink {
                    dest: dest_url.to_string(),
                    offset: range.start + dest_in_source,
                    source: source.to_string(),
                    dest_in_source,
                })
            }
            _ => None,
        })
        .collect()
}

/// Whether a link's destination is on this site: no scheme, no other host, not empty.
pub(crate) fn is_local(dest: &str) -> bool {
    let scheme_end = dest.find([':', '/', '?', '#']);
    let has_scheme = scheme_end.is_some_and(|i| dest[i..].starts_with(':'));
    !dest.is_empty() && !has_scheme && !dest.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_links_on_the_site_are_found_with_their_place() {
        let md = "See [the plan](@action-plan), [a](https://x.org/) and\n![chart](/files/c.png) [b](mailto:a@b.c) [c](//cdn.x/y) [d](#top) <https://auto.link>";
        let found: Vec<(String, usize)> = local_links(md)
            .into_iter()
            .map(|l| (l.dest, l.offset))
            .collect();
        assert_eq!(
            found,
            [
                ("@action-plan".to_string(), 15),
                ("/files/c.png".to_string(), 63),
                ("#top".to_string(), 114),
            ]
        );
        assert_eq!(
            local_links("[x][r]\n\n[r]: ../vision/\n")[0].dest,
            "../vision/"
        );
        assert!(local_links("no links here").is_empty());
        assert!(local_links("Write to <info@example.org>.").is_empty());
    }
}
