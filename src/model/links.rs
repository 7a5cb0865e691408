//! Where the links of a page's Markdown texts are written: its body and the front-matter fields
//! written in Markdown. The renderer resolves and checks them once every address is known.

use super::text::FrontMatter;
use crate::diagnostics::{Pos, SourceFile};
use crate::markdown::links::local_links;

/// The local links of one page file, and the file, to show each link's line in a problem.
#[derive(Debug, Clone)]
pub(crate) struct PageLinks {
    pub file: SourceFile,
    pub links: Vec<LinkAt>,
}

/// A link as written (`@vision`, `../vision/`, `#contact`), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkAt {
    pub dest: String,
    pub pos: Pos,
    /// In the body, rather than in a front-matter text.
    pub in_body: bool,
}

impl PageLinks {
    /// The links of a page: those of its front matter, then those of its body.
    pub(super) fn of(file: &SourceFile, body: &str, front: &FrontMatter) -> PageLinks {
        let mut links = Vec::new();
        for (_, at, text) in super::nesting::front_matter_texts(front) {
            links.extend(in_front_matter(file, at, text));
        }
        links.extend(in_body(file, body));
        PageLinks {
            file: file.clone(),
            links,
        }
    }

    /// The same page after an edit to its body alone (its front matter is the same).
    pub(super) fn with_body(&self, file: &SourceFile, body: &str) -> PageLinks {
        let mut links: Vec<LinkAt> = self.links.iter().filter(|l| !l.in_body).cloned().collect();
        links.extend(in_body(file, body));
        PageLinks {
            file: file.clone(),
            links,
        }
    }
}

fn in_body(file: &SourceFile, body: &str) -> Vec<LinkAt> {
    let start = file.text.len().saturating_sub(body.len());
    local_links(body)
        .into_iter()
        .map(|l| LinkAt {
            dest: l.dest,
            pos: super::nesting::position(&file.text, start + l.offset),
            in_body: true,
        })
        .collect()
}

/// The links of a front-matter text whose key is at `at`. The YAML parser keeps no offsets inside
/// a value, so each link is found again in the file, after its key and after the link before it:
/// its whole Markdown, else (its text folded over lines) its `(destination)`, else its key.
fn in_front_matter(file: &SourceFile, at: Pos, text: &str) -> Vec<LinkAt> {
    let from_line = file
        .text
        .split_inclusive('\n')
        .take(at.line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut cursor = from_line;
    local_links(text)
        .into_iter()
        .map(|l| {
            let rest = &file.text[cursor..];
            let found = rest
                .find(&l.source)
                .map(|i| i + l.dest_in_source)
                .or_else(|| rest.find(&format!("({})", l.dest)).map(|i| i + 1));
            let pos = match found {
                Some(i) => {
                    cursor += i + 1;
                    super::nesting::position(&file.text, cursor - 1)
                }
                None => at,
            };
            LinkAt {
                dest: l.dest,
                pos,
                in_body: false,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_placed_in_the_body_and_in_front_matter_texts() {
        let text = "---\ntitle: T\nactions:\n  a:\n    title: A\n    description: |\n      See [v](@vision) and [v](@vision).\n---\nBody [x](#top).\n";
        let file = SourceFile::new("content/en/action-plan.md", text);
        let parts = crate::content::front_matter::split(&file).unwrap();
        let front: FrontMatter = crate::yaml::parse(&file, parts.yaml, parts.yaml_line).unwrap();
        let links = PageLinks::of(&file, parts.body, &front).links;
        let places: Vec<(&str, usize, usize, bool)> = links
            .iter()
            .map(|l| (l.dest.as_str(), l.pos.line, l.pos.column, l.in_body))
            .collect();
        assert_eq!(
            places,
            [
                ("@vision", 7, 15, false),
                ("@vision", 7, 32, false),
                ("#top", 9, 10, true)
            ]
        );
    }

    #[test]
    fn a_link_folded_over_two_lines_is_shown_at_its_destination() {
        let text = "---\ntitle: T\nactions:\n  a:\n    title: A\n    description: See [our\n      vision](@vision).\n---\n";
        let file = SourceFile::new("content/en/action-plan.md", text);
        let parts = crate::content::front_matter::split(&file).unwrap();
        let front: FrontMatter = crate::yaml::parse(&file, parts.yaml, parts.yaml_line).unwrap();
        let links = PageLinks::of(&file, parts.body, &front).links;
        assert_eq!(links.len(), 1);
        assert_eq!((links[0].pos.line, links[0].pos.column), (7, 15));
    }
}
