//! The elements open at a point of the HTML, opened and closed as html5ever opens and closes
//! them, except that every element closed here gets an end tag of its own, written out, so that
//! html5ever builds what is counted here and has nothing left to repair.

use super::nesting::{Limit, MAX_DEPTH, MAX_FORMATTING};

/// The elements open at a point of the text, innermost last.
#[derive(Default)]
pub(super) struct OpenElements {
    names: Vec<Box<[u8]>>,
    /// Where the outermost open `<svg>` or `<math>` is. Inside them html5ever keeps every element
    /// open, even `<br>`; so does this count, and it closes no sibling there.
    foreign: Option<usize>,
    /// How many of the open elements are formatting elements.
    formatting: usize,
}

type Names = &'static [&'static [u8]];

/// Elements that never have content, so never stay open.
#[rustfmt::skip]
const VOID: Names = &[
    b"area", b"base", b"basefont", b"bgsound", b"br", b"col", b"embed", b"frame", b"hr", b"image",
    b"img", b"input", b"keygen", b"link", b"meta", b"param", b"source", b"track", b"wbr",
];

/// The elements html5ever copies into each block that follows while they are open.
#[rustfmt::skip]
const FORMATTING: Names = &[
    b"a", b"b", b"big", b"code", b"em", b"font", b"i", b"nobr", b"s", b"small", b"strike",
    b"strong", b"tt", b"u",
];

/// The standard's "special" elements: an end tag of any other element stops at them.
#[rustfmt::skip]
const SPECIAL: Names = &[
    b"address", b"applet", b"area", b"article", b"aside", b"base", b"basefont", b"bgsound",
    b"blockquote", b"body", b"br", b"button", b"caption", b"center", b"col", b"colgroup", b"dd",
    b"details", b"dir", b"div", b"dl", b"dt", b"embed", b"fieldset", b"figcaption", b"figure",
    b"footer", b"form", b"frame", b"frameset", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"head",
    b"header", b"hgroup", b"hr", b"html", b"iframe", b"img", b"input", b"keygen", b"li", b"link",
    b"listing", b"main", b"marquee", b"menu", b"meta", b"nav", b"noembed", b"noframes", b"noscript",
    b"object", b"ol", b"p", b"param", b"plaintext", b"pre", b"script", b"search", b"section",
    b"select", b"source", b"style", b"summary", b"table", b"tbody", b"td", b"template", b"textarea",
    b"tfoot", b"th", b"thead", b"title", b"tr", b"track", b"ul", b"wbr", b"xmp", b"mi", b"mo",
    b"mn", b"ms", b"mtext", b"annotation-xml", b"foreignobject", b"desc",
];

/// The standard's default scope: an end tag does not reach past these.
#[rustfmt::skip]
const SCOPE: Names = &[
    b"applet", b"caption", b"html", b"table", b"td", b"th", b"marquee", b"object", b"template",
    b"mi", b"mo", b"mn", b"ms", b"mtext", b"annotation-xml", b"foreignobject", b"desc", b"title",
];

const TABLE_SCOPE: Names = &[b"html", b"table", b"template"];

/// Where the list of formatting elements gets a marker: a new `<a>` does not close one outside.
#[rustfmt::skip]
const MARKERS: Names = &[
    b"td", b"th", b"caption", b"applet", b"object", b"marquee", b"template",
];

/// Starts that close an open paragraph.
#[rustfmt::skip]
const CLOSES_P: Names = &[
    b"address", b"article", b"aside", b"blockquote", b"center", b"details", b"dialog", b"dir",
    b"div", b"dl", b"fieldset", b"figcaption", b"figure", b"footer", b"header", b"hgroup", b"main",
    b"menu", b"nav", b"ol", b"p", b"search", b"section", b"summary", b"ul", b"h1", b"h2", b"h3",
    b"h4", b"h5", b"h6", b"pre", b"listing", b"table", b"xmp", b"plaintext", b"li", b"dd", b"dt",
];

const HEADINGS: Names = &[b"h1", b"h2", b"h3", b"h4", b"h5", b"h6"];

#[rustfmt::skip]
const TABLE_PARTS: Names = &[
    b"td", b"th", b"tr", b"tbody", b"thead", b"tfoot", b"caption", b"colgroup",
];

/// How an open element answers a search for the element to close.
enum Found {
    /// Close it, and everything inside it.
    It,
    /// Close everything inside it, not it.
    Inside,
    /// Close nothing.
    Stop,
    /// Look further out.
    Further,
}

impl OpenElements {
    /// Opens `name`, first closing what its start closes, unless that goes over a limit.
    pub(super) fn open(&mut self, name: Box<[u8]>, out: &mut String) -> Result<(), Limit> {
        if self.foreign.is_none() {
            if VOID.contains(&&*name) {
                return Ok(());
            }
            self.close_siblings(&name, out);
        }
        if FORMATTING.contains(&&*name) {
            self.formatting += 1;
        }
        if self.foreign.is_none() && matches!(&*name, b"svg" | b"math") {
            self.foreign = Some(self.names.len());
        }
        self.names.push(name);
        if self.names.len() > MAX_DEPTH {
            Err(Limit::Depth)
        } else if self.formatting > MAX_FORMATTING {
            Err(Limit::Formatting)
        } else {
            Ok(())
        }
    }

    /// Closes what the start of `name` closes, as html5ever does ("close a p element", an `<li>`
    /// after an `<li>`, a cell after a cell, an `<a>` inside an `<a>`).
    fn close_siblings(&mut self, name: &[u8], out: &mut String) {
        let is = |set: Names, n: &[u8]| set.contains(&n);
        match name {
            b"li" | b"dd" | b"dt" => {
                let same: Names = if name == b"li" {
                    &[b"li"]
                } else {
                    &[b"dd", b"dt"]
                };
                self.close_up_to(out, |n| {
                    if is(same, n) {
                        Found::It
                    } else if is(SPECIAL, n) && !is(&[b"address", b"div", b"p"], n) {
                        Found::Stop
                    } else {
                        Found::Further
                    }
                });
            }
            b"td" | b"th" => self.close_in_table(out, &[b"td", b"th"], &[b"tr"]),
            b"tr" => self.close_in_table(out, &[b"tr"], &[b"tbody", b"thead", b"tfoot"]),
            b"tbody" | b"thead" | b"tfoot" | b"caption" | b"colgroup" => self.close_in_table(
                out,
                &[b"tbody", b"thead", b"tfoot", b"caption", b"colgroup"],
                &[],
            ),
            b"a" | b"nobr" => self.close_up_to(out, |n| {
                if n == name {
                    Found::It
                } else if is(MARKERS, n) || is(SCOPE, n) {
                    Found::Stop
                } else {
                    Found::Further
                }
            }),
            b"button" => self.close_up_to(out, |n| match n {
                b"button" => Found::It,
                _ if is(SCOPE, n) => Found::Stop,
                _ => Found::Further,
            }),
            b"option" | b"optgroup" => self.close_innermost(out, &[b"option"]),
            _ => {}
        }
        if is(CLOSES_P, name) {
            self.close_up_to(out, |n| match n {
                b"p" => Found::It,
                _ if is(SCOPE, n) || n == b"button" => Found::Stop,
                _ => Found::Further,
            });
        }
        if is(HEADINGS, name) {
            self.close_innermost(out, HEADINGS);
        }
    }

    /// A table part closes the cell or row it is in, up to its table.
    fn close_in_table(&mut self, out: &mut String, same: Names, container: Names) {
        self.close_up_to(out, |n| {
            if same.contains(&n) {
                Found::It
            } else if container.contains(&n) || n == b"table" {
                Found::Inside
            } else if n == b"template" || n == b"html" {
                Found::Stop
            } else {
                Found::Further
            }
        });
    }

    fn close_innermost(&mut self, out: &mut String, names: Names) {
        if self.names.last().is_some_and(|n| names.contains(&&**n)) {
            self.close_from(self.names.len() - 1, out);
        }
    }

    /// Closes, innermost first, the elements from the innermost to the first one that `find`
    /// answers for, as that answer says.
    fn close_up_to(&mut self, out: &mut String, find: impl Fn(&[u8]) -> Found) {
        for k in (0..self.names.len()).rev() {
            match find(&self.names[k]) {
                Found::It => return self.close_from(k, out),
                Found::Inside => return self.close_from(k + 1, out),
                Found::Stop => return,
                Found::Further => {}
            }
        }
    }

    /// Closes the open elements from `k` on, writing their end tags.
    fn close_from(&mut self, k: usize, out: &mut String) {
        for name in self.names[k..].iter().rev() {
            out.push_str("</");
            out.push_str(&String::from_utf8_lossy(name));
            out.push('>');
        }
        self.truncate(k);
    }

    fn truncate(&mut self, len: usize) {
        let closed = self.names.get(len..).unwrap_or_default();
        self.formatting -= closed
            .iter()
            .filter(|n| FORMATTING.contains(&&***n))
            .count();
        self.names.truncate(len);
        if self.foreign.is_some_and(|at| at >= len) {
            self.foreign = None;
        }
    }

    /// An end tag: closes its element and everything inside it (writing their end tags), if
    /// html5ever would reach it. Returns whether it did; an end tag that closes nothing is
    /// dropped.
    pub(super) fn close(&mut self, name: &[u8], out: &mut String) -> bool {
        let is = |set: Names, n: &[u8]| set.contains(&n);
        let stops: &dyn Fn(&[u8]) -> bool = match name {
            b"li" => &|n| is(SCOPE, n) || n == b"ol" || n == b"ul",
            b"p" => &|n| is(SCOPE, n) || n == b"button",
            b"table" => &|n| n == b"html" || n == b"template",
            _ if is(TABLE_PARTS, name) => &|n| is(TABLE_SCOPE, n),
            _ if is(FORMATTING, name) || !is(SPECIAL, name) => &|n| is(SPECIAL, n),
            _ => &|n| is(SCOPE, n),
        };
        let headings = is(HEADINGS, name);
        for k in (0..self.names.len()).rev() {
            let open = &*self.names[k];
            if open == name || headings && is(HEADINGS, open) {
                self.close_from(k + 1, out);
                self.truncate(k);
                return true;
            }
            if stops(open) {
                return false;
            }
        }
        false
    }
}
