//! The little XML that XLIFF needs, with quick-xml: escaping for writing, and a reader into a
//! small tree that refuses what a hostile file could use against its reader (a document type
//! declaration, entities other than XML's five, deep nesting).

use quick_xml::events::Event;
use quick_xml::Reader;

use super::inline::{push_text, Piece};

/// How deep elements may nest in a file lipsite reads back (XLIFF needs about eight levels).
const MAX_DEPTH: usize = 64;

/// An element with its attributes, children and line.
#[derive(Debug, Default)]
pub(crate) struct Element {
    /// Its local name, without a namespace prefix.
    pub name: String,
    /// Its attributes by local name.
    pub attributes: Vec<(String, String)>,
    /// Its content.
    pub children: Vec<Node>,
    /// The line it starts on (1-based).
    pub line: usize,
}

/// Content of an element.
#[derive(Debug)]
pub(crate) enum Node {
    /// A child element.
    Element(Element),
    /// Text, entities resolved.
    Text(String),
}

impl Element {
    /// The value of attribute `name`.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements named `name`.
    pub(crate) fn children<'e>(&'e self, name: &'e str) -> impl Iterator<Item = &'e Element> + 'e {
        self.children.iter().filter_map(move |n| match n {
            Node::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    /// Every element below this one named `name`, in document order.
    pub(crate) fn descendants<'e>(&'e self, name: &str, out: &mut Vec<&'e Element>) {
        for n in &self.children {
            if let Node::Element(e) = n {
                if e.name == name {
                    out.push(e);
                }
                e.descendants(name, out);
            }
        }
    }

    /// The element's content as pieces: text, and the inline codes named by `paired` (e.g.
    /// `pc`, `g`) and `standalone` (`ph`, `x`) by their `id`. Any other element is an error.
    pub(crate) fn pieces(&self, paired: &str, standalone: &str) -> Result<Vec<Piece>, String> {
        let mut out = Vec::new();
        self.pieces_into(paired, standalone, &mut out)?;
        Ok(out)
    }

    fn pieces_into(
        &self,
        paired: &str,
        standalone: &str,
        out: &mut Vec<Piece>,
    ) -> Result<(), String> {
        for n in &self.children {
            match n {
                Node::Text(t) => push_text(out, t),
                Node::Element(e) => {
                    let id = e
                        .attribute("id")
                        .and_then(|i| i.parse::<u32>().ok())
                        .ok_or_else(|| {
                            format!("line {}: <{}> has no numeric id", e.line, e.name)
                        })?;
                    if e.name == paired {
                        out.push(Piece::Open(id));
                        e.pieces_into(paired, standalone, out)?;
                        out.push(Piece::Close(id));
                    } else if e.name == standalone {
                        out.push(Piece::Standalone(id));
                    } else {
                        return Err(format!(
                            "line {}: <{}> is not an inline element lipsite wrote; keep only <{paired}> and <{standalone}>",
                            e.line, e.name
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// Text for XML content or an attribute value: `&`, `<`, `>`, quotes escaped, and characters
/// XML 1.0 cannot hold replaced by U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\t' | '\n' | '\r')
                || matches!(c, '\u{fffe}' | '\u{ffff}')
            {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

/// Reads a whole XML document into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let line = |pos: u64| text[..(pos as usize).min(text.len())].matches('\n').count() + 1;
    let mut lines = Lines {
        text,
        counted_to: 0,
        before: 0,
    };
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let at = lines.at(reader.buffer_position() as usize);
        let event = reader
            .read_event()
            .map_err(|e| format!("line {}: {e}", line(reader.error_position())))?;
        if matches!(event, Event::Eof) {
            break;
        }
        add(&mut stack, event, at)?;
    }
    if stack.len() != 1 {
        return Err("the file ends before its elements are closed".to_string());
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| "the file has no root element".to_string())
}

/// The line of a position in `text`, counted as the reader moves on, not from the start for
/// every event.
struct Lines<'t> {
    text: &'t str,
    counted_to: usize,
    before: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        self.before += self.text.as_bytes()[self.counted_to.min(pos)..pos]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.counted_to = self.counted_to.max(pos);
        self.before + 1
    }
}

/// Adds what an event of line `at` says to the elements open in `stack`; refuses what lipsite
/// does not read (nesting too deep, entities of a document type).
fn add(stack: &mut Vec<Element>, event: Event, at: usize) -> Result<(), String> {
    match event {
        Event::Start(_) | Event::Empty(_) if stack.len() > MAX_DEPTH => {
            return Err(format!("line {at}: elements nest too deeply"));
        }
        Event::Start(e) => stack.push(element(&e, at)?),
        Event::Empty(e) => {
            let el = element(&e, at)?;
            append(stack, Node::Element(el));
        }
        Event::End(_) => {
            let done = stack.pop().unwrap_or_default();
            append(stack, Node::Element(done));
        }
        Event::Text(t) => {
            let t = t.decode().map_err(|e| format!("line {at}: {e}"))?;
            append(stack, Node::Text(t.into_owned()));
        }
        Event::CData(t) => {
            let t = t.decode().map_err(|e| format!("line {at}: {e}"))?;
            append(stack, Node::Text(t.into_owned()));
        }
        Event::GeneralRef(r) => {
            let c = entity(&r).ok_or_else(|| {
                format!("line {at}: the entity `&{};` is not one of XML's own; lipsite reads no other entity", String::from_utf8_lossy(&r))
            })?;
            append(stack, Node::Text(c.to_string()));
        }
        Event::DocType(_) => {
            return Err(format!(
                "line {at}: the file has a document type declaration (<!DOCTYPE>), which can define entities; lipsite refuses it"
            ))
        }
        Event::Eof | Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
    }
    Ok(())
}

fn append(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

fn element(e: &quick_xml::events::BytesStart<'_>, line: usize) -> Result<Element, String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| format!("line {line}: {err}"))?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map_err(|err| format!("line {line}: attribute `{key}`: {err}"))?;
        attributes.push((key, value.into_owned()));
    }
    Ok(Element {
        name,
        attributes,
        children: Vec::new(),
        line,
    })
}

fn entity(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    let name: &[u8] = r;
    match name {
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_from_a_document_type_are_refused() {
        let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n<xliff>&lol2;</xliff>";
        assert!(parse(laughs).unwrap_err().contains("document type"));
        let xxe = "<xliff>&xxe;</xliff>";
        assert!(parse(xxe).unwrap_err().contains("&xxe;"));
    }

    #[test]
    fn text_and_codes_are_read_with_entities_resolved() {
        let root =
            parse("<t>a &amp; &lt;b&gt; &#233;<pc id=\"1\">x</pc><ph id=\"2\"/></t>").unwrap();
        let p = root.pieces("pc", "ph").unwrap();
        assert_eq!(super::super::inline::shown(&p), "a & <b> é{1}x{/1}{2/}");
        assert!(parse("<t><pc id=\"1\">x</t>").is_err());
        assert!(parse(&"<a>".repeat(100)).is_err());
    }
}
