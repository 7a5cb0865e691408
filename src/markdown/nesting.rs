//! How deeply a page's HTML nests, as the sanitizer's HTML parser would build it, checked in one
//! linear pass before the sanitizer sees the HTML.
//!
//! The sanitizer (ammonia) parses with html5ever, which walks the open elements for many tags: its
//! work grows with size × depth, and 80,000 nested `<div>` take minutes. Formatting elements
//! (`<b>`, `<a>`, `<em>` ...) left open cost more: html5ever copies all of them into every block
//! that follows. So the HTML is read here first, tag by tag, exactly as html5ever's tokenizer reads
//! it (the states of the HTML standard), and a text whose elements nest deeper than [`MAX_DEPTH`],
//! or with more than [`MAX_FORMATTING`] formatting elements open at once, is refused.
//!
//! Two things make the count trustworthy, because the HTML handed to the sanitizer is rewritten:
//! - **Same tags.** html5ever finds exactly the tags found here: comments and other `<!...>`
//!   declarations are dropped (the sanitizer drops them anyway), and a `<` that starts no tag, or
//!   is inside an element whose content html5ever may read as text (`<script>`, `<style>`,
//!   `<textarea>` ...), becomes `&lt;`.
//! - **Same nesting.** Every element closed here is closed by an end tag of its own, written in
//!   if the text left it out (`</li>` before the next `<li>`, `</b>` before the `</div>` around
//!   it), and an end tag that closes nothing here is dropped. Well-formed HTML, which is all that
//!   Markdown writes, passes unchanged; misnested HTML reaches html5ever already mended, so it has
//!   nothing left to repair, and no formatting element to copy into the blocks that follow.

use super::html_tags::{markup_at, raw_text_end, Markup};
use super::open_elements::OpenElements;

/// How deeply elements may nest in a text. Real pages nest a dozen levels at most (a list in a
/// list in a quote, a link in bold); html5ever's work per tag grows with the depth, and at this
/// one a 4 MB text of tags is cleaned in about as long as a flat one.
pub const MAX_DEPTH: usize = 32;

/// How many formatting elements may be open at once: bold in italics in a link is three.
pub const MAX_FORMATTING: usize = 12;

/// How many elements a text with raw HTML may hold in all. The sanitizer's work grows with them
/// even when nothing nests: a flat 4 MB of tags (140,000 `<span>`) takes it about a second, while
/// a long strategy page holds a few thousand.
pub const MAX_ELEMENTS: usize = 50_000;

/// Which limit a text goes over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    /// [`MAX_DEPTH`]
    Depth,
    /// [`MAX_FORMATTING`]
    Formatting,
    /// [`MAX_ELEMENTS`]
    Elements,
}

/// The HTML as the sanitizer may read it, or the byte offset of the tag that goes over a limit.
pub(super) fn prepare_for_sanitizer(html: &str) -> Result<String, (usize, Limit)> {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut open = OpenElements::default();
    // Text not yet copied to `out` starts here.
    let mut copied = 0;
    let mut elements = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        match markup_at(b, i) {
            Markup::Text => {
                // Written as `&lt;`, a `<` cannot start a tag once something after it is dropped.
                out.push_str(&html[copied..i]);
                out.push_str("&lt;");
                i += 1;
                copied = i;
            }
            Markup::Dropped(end) => {
                out.push_str(&html[copied..i]);
                i = end;
                copied = end;
            }
            Markup::EndTag { name, end } => {
                out.push_str(&html[copied..i]);
                if open.close(&name, &mut out) {
                    out.push_str(&html[i..end]);
                }
                i = end;
                copied = end;
            }
            Markup::StartTag { name, end } => {
                elements += 1;
                if elements > MAX_ELEMENTS {
                    return Err((i, Limit::Elements));
                }
                out.push_str(&html[copied..i]);
                if let Err(limit) = open.open(name.clone(), &mut out) {
                    return Err((i, limit));
                }
                out.push_str(&html[i..end]);
                let text_end = raw_text_end(b, end, &name);
                out.push_str(&html[end..text_end].replace('<', "&lt;"));
                i = text_end;
                copied = text_end;
            }
            Markup::Unfinished => {
                // html5ever drops a tag the text ends in, and a comment it ends in is dropped here.
                out.push_str(&html[copied..i]);
                return Ok(out);
            }
        }
    }
    out.push_str(&html[copied..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(html: &str) -> Result<String, (usize, Limit)> {
        prepare_for_sanitizer(html)
    }

    #[test]
    fn deep_nesting_is_found_at_the_tag_that_goes_too_deep() {
        let html = "<div>".repeat(100);
        assert_eq!(depth(&html), Err((5 * MAX_DEPTH, Limit::Depth)));
        assert!(depth(&"<div>".repeat(MAX_DEPTH)).is_ok());
        assert!(depth(&"<div></div>".repeat(10_000)).is_ok());
        let flat = "<span>x</span>".repeat(MAX_ELEMENTS + 1);
        assert_eq!(depth(&flat).map_err(|e| e.1), Err(Limit::Elements));
        assert!(depth(&"<p>a<br><img src=x>".repeat(1000)).is_ok());
    }

    #[test]
    fn formatting_elements_left_open_are_limited_apart() {
        let open: String = (0..=MAX_FORMATTING)
            .map(|i| format!("<b id={i}>"))
            .collect();
        assert_eq!(
            depth(&open).map(drop).map_err(|e| e.1),
            Err(Limit::Formatting)
        );
        let closed: String = (0..1000).map(|i| format!("<b id={i}>x</b>")).collect();
        assert!(depth(&closed).is_ok());
        let inside: String = format!("<div>{}", "<b><i></i></b>".repeat(1000));
        assert!(depth(&inside).is_ok());
    }

    #[test]
    fn omitted_end_tags_close_as_html_closes_them() {
        let list = "<ul><li>a<li>b<li><p>c<p>d</ul>".repeat(200);
        assert!(depth(&list).is_ok());
        let table = "<table><tr><td>a<td>b<tr><th>c</table>".repeat(200);
        assert!(depth(&table).is_ok());
        let defs = "<dl><dt>a<dd>b<dt>c</dl><h2>t<h3>u</h3>".repeat(200);
        assert!(depth(&defs).is_ok());
    }

    #[test]
    fn an_end_tag_html_ignores_closes_nothing_and_is_dropped() {
        // html5ever ignores `</span>` inside the `<div>`, so the spans pile up.
        assert!(depth(&"<span><div></span></div>".repeat(100)).is_err());
        assert!(depth(&"<b><div></b>".repeat(100)).is_err());
        assert_eq!(
            depth("<span><div></span>x</div>").unwrap(),
            "<span><div>x</div>"
        );
        assert_eq!(depth("a</p></br></b>").unwrap(), "a");
    }

    #[test]
    fn what_html_closes_without_an_end_tag_gets_one() {
        assert_eq!(
            depth("<ul><li>a<li><b>b<li>c</ul>").unwrap(),
            "<ul><li>a</li><li><b>b</b></li><li>c</li></ul>"
        );
        assert_eq!(
            depth("<p>a<b>b<div>c</div>").unwrap(),
            "<p>a<b>b</b></p><div>c</div>"
        );
        assert_eq!(
            depth("<div><i>a</div>b<div>c</div>").unwrap(),
            "<div><i>a</i></div>b<div>c</div>",
            "the `<i>` is not copied into what follows"
        );
        assert_eq!(
            depth("<table><tr><td>a<td>b<tr><td>c</table>").unwrap(),
            "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
        );
        assert_eq!(
            depth("<a href=x>a<a href=y>b</a>").unwrap(),
            "<a href=x>a</a><a href=y>b</a>"
        );
        let well_formed = "<div class=\"x\"><p>a <em>b</em></p><ul><li>c</li></ul></div>";
        assert_eq!(depth(well_formed).unwrap(), well_formed);
    }

    #[test]
    fn formatting_left_open_before_blocks_is_not_copied_into_each() {
        let open: String = (0..MAX_FORMATTING).map(|i| format!("<b id={i}>")).collect();
        let html = format!(
            "{}{open}{}",
            "<div>".repeat(10),
            "</div><div>x".repeat(1000)
        );
        let mended = depth(&html).unwrap();
        assert!(mended.len() < html.len() + 200, "{}", mended.len());
    }

    #[test]
    fn the_sanitizer_gets_the_tags_counted_here_and_no_comment() {
        assert_eq!(
            depth("a<!-- <div> -->b<!-->c<!--->d<!x>e<?x>f</ x>g</>h").unwrap(),
            "abcdefgh"
        );
        assert_eq!(depth("a<!-- x --!><b>").unwrap(), "a<b>");
        assert_eq!(depth("a < b <3 <").unwrap(), "a &lt; b &lt;3 &lt;");
        // Dropping a comment cannot join a `<` to what follows into a tag.
        assert_eq!(depth("<<!---->div>").unwrap(), "&lt;div>");
        assert_eq!(
            depth("<textarea><!--</textarea><b>").unwrap(),
            "<textarea>&lt;!--</textarea><b>"
        );
        assert_eq!(
            depth("<style>a<b></STYLE ><i>").unwrap(),
            "<style>a&lt;b></STYLE ><i>"
        );
        assert_eq!(
            depth("<plaintext><b></plaintext>").unwrap(),
            "<plaintext>&lt;b>&lt;/plaintext>"
        );
        assert_eq!(
            depth("<a title='>' href=\"x>\" data=a>b>c</a>").unwrap(),
            "<a title='>' href=\"x>\" data=a>b>c</a>"
        );
        // The text ends inside a tag or a comment: html5ever drops the tag.
        assert_eq!(depth("a<div title=\"x>").unwrap(), "a");
        assert_eq!(depth("a<!-- b").unwrap(), "a");
        // `<![CDATA[` is a comment to html5ever in HTML, and dropped up to its `>` here.
        assert_eq!(depth("<![CDATA[ > <b> ]]>").unwrap(), " <b> ]]>");
    }

    #[test]
    fn raw_text_nesting_counts_whatever_html5ever_makes_of_it() {
        // In SVG, `<style>` content is markup to html5ever; escaped here, it is text either way.
        let svg = format!("<svg><style>{}</style></svg>", "<div>".repeat(100));
        assert!(depth(&svg).is_ok());
        assert!(!depth(&svg).unwrap().contains("<div>"));
    }

    #[test]
    fn attributes_cannot_hide_tags() {
        let hidden = format!("<a title=\"{}\">x</a>", "<div>".repeat(100));
        assert!(depth(&hidden).is_ok());
        // A quote inside an unquoted value opens nothing: the first `>` ends the tag.
        let not_hidden = format!("<a title=x\"{}\">x</a>", "<div>".repeat(100));
        assert!(depth(&not_hidden).is_err());
        // Right after a quoted value, `<div` is the name of the next attribute.
        let after = "<span title=\"x\"<div>".repeat(100);
        assert!(depth(&after).is_err(), "a hundred nested `span`");
        let after = "<span title=\"x\"<div></span>".repeat(100);
        assert!(depth(&after).is_ok(), "no `div` at all");
        assert!(depth(&format!("<a b='c'>{}", "<div>".repeat(100))).is_err());
    }
}

/// Random tag soup, mended here and then parsed by html5ever (through scraper): html5ever never
/// builds deeper, nor many more elements, than the text has tags, so its work stays linear.
#[cfg(test)]
mod against_html5ever {
    use super::*;

    /// Tags and pieces of tags that make html5ever close, reopen, move or ignore elements.
    const PIECES: &[&str] = &[
        "<div>",
        "</div>",
        "<span>",
        "</span>",
        "<b>",
        "</b>",
        "<b a=1>",
        "<b a=2>",
        "<i>",
        "</i>",
        "<a>",
        "</a>",
        "<p>",
        "</p>",
        "<li>",
        "</li>",
        "<ul>",
        "</ul>",
        "<table>",
        "</table>",
        "<td>",
        "</td>",
        "<tr>",
        "</tr>",
        "<th>",
        "<tbody>",
        "</tbody>",
        "<caption>",
        "</caption>",
        "<svg>",
        "</svg>",
        "<math>",
        "</math>",
        "<mtext>",
        "<foreignObject>",
        "</foreignObject>",
        "<desc>",
        "<title>",
        "</title>",
        "<style>",
        "</style>",
        "<textarea>",
        "</textarea>",
        "<script>",
        "</script>",
        "<select>",
        "</select>",
        "<option>",
        "<optgroup>",
        "<template>",
        "</template>",
        "<button>",
        "</button>",
        "<form>",
        "</form>",
        "<h1>",
        "</h2>",
        "<dd>",
        "<dt>",
        "</dl>",
        "<dl>",
        "<nobr>",
        "</nobr>",
        "<font>",
        "</font>",
        "<object>",
        "</object>",
        "<marquee>",
        "<applet>",
        "x",
        " ",
        "<br>",
        "</br>",
        "<img>",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        ">",
        "\"",
        "<plaintext>",
        "<xmp>",
        "</xmp>",
        "<iframe>",
        "<noscript>",
        "</noscript>",
        "<frameset>",
        "<body>",
        "</body>",
        "<html>",
        "<head>",
        "<col>",
        "<colgroup>",
        "<rp>",
        "<ruby>",
        "<rt>",
        "</ruby>",
        "<path/>",
        "<div/>",
        "<em>",
        "</em>",
        "<strong>",
        "</strong>",
        "<code>",
        "<pre>",
        "</pre>",
        "<listing>",
        "<address>",
        "</address>",
        "<center>",
        "<image>",
        "<input>",
        "<mi>",
        "<details>",
        "</details>",
        "<summary>",
        "<hr>",
        "<annotation-xml encoding=\"text/html\">",
    ];

    fn html5ever_tree(html: &str) -> (usize, usize) {
        let doc = scraper::Html::parse_fragment(html);
        let nodes = doc.tree.root().descendants().count();
        let depth = doc
            .tree
            .root()
            .descendants()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0);
        (depth, nodes)
    }

    #[test]
    fn html5ever_builds_no_deeper_than_counted_here() {
        let mut rng = fastrand::Rng::with_seed(12);
        let piece = |rng: &mut fastrand::Rng| PIECES[rng.usize(..PIECES.len())];
        for round in 0..400 {
            let html: String = if round % 2 == 0 {
                // Soup from a few pieces.
                let few: Vec<&str> = (0..rng.usize(2..12)).map(|_| piece(&mut rng)).collect();
                (0..rng.usize(1..600))
                    .map(|_| few[rng.usize(..few.len())])
                    .collect()
            } else {
                // One short sequence repeated: what grows html5ever's tree unless it is counted.
                let unit: String = (0..rng.usize(1..10)).map(|_| piece(&mut rng)).collect();
                unit.repeat(300)
            };
            if let Ok(mended) = prepare_for_sanitizer(&html) {
                let (depth, nodes) = html5ever_tree(&mended);
                // Two levels for the fragment's root and `<html>`; tables add `<tbody>`, `<tr>`.
                assert!(depth <= 2 * MAX_DEPTH + 4, "{depth} levels for {html:?}");
                assert!(nodes <= html.len() + 8, "{nodes} nodes for {html:?}");
            }
        }
    }
}
