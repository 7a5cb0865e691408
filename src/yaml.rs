//! The one place lipsite parses YAML.
//!
//! serde_yaml, named in the original specification, is deprecated and archived; serde-saphyr is
//! its maintained pure-Rust successor and reports a line and column for every error and for every
//! `Spanned` value. Everything YAML-specific (options, message wording, spans) stays in this module.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::diagnostics::{Pos, Problem, SourceFile};

mod hints;

/// A value with the place in the file it was read from, so validation can point at mistakes.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// What the file says.
    pub value: T,
    line: u32,
    column: u32,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let at = s.referenced;
        Ok(Spanned {
            value: s.value,
            line: at.line() as u32,
            column: at.column() as u32,
        })
    }
}

/// In a schema, a spanned value is just the value.
impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// In a schema, an ordered map is an object whose keys are ids.
impl<V: schemars::JsonSchema> schemars::JsonSchema for OrderedMap<V> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "propertyNames": { "pattern": "^[a-z0-9][a-z0-9-]*$" },
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

/// Parses `text`, the YAML found in `file` starting at line `first_line` (1 for a whole file,
/// 2 for front matter after its opening `---`).
pub(crate) fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    first_line: usize,
) -> Result<T, Problem> {
    if text.trim().is_empty() {
        return Err(file
            .error(Pos::new(first_line.max(1), 1), "this YAML is empty")
            .hint("write the keys this file needs; docs/content-format.md shows an example of every file"));
    }
    // Strategy files have no use for deep alias expansion; a tight bound stops alias bombs early.
    let mut limits = serde_saphyr::options::AliasLimits::default();
    limits.max_total_replayed_events = 20_000;
    limits.max_replay_stack_depth = 16;
    limits.max_alias_expansions_per_anchor = 1_000;
    let options = serde_saphyr::options! { alias_limits: limits };
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let at = e
            .location()
            .map_or(hints::At { line: 1, column: 1 }, |l| hints::At {
                line: l.line() as usize,
                column: l.column() as usize,
            });
        let (mut message, mut hint) = plain_words(&e.without_snippet().to_string());
        let mut at = at;
        if let Some(explained) = hints::explain(text, at, &message) {
            at = explained.at;
            message = explained.message.unwrap_or(message);
            hint = Some(explained.hint);
        }
        let problem = file.error(Pos::new(at.line + first_line - 1, at.column), message);
        match hint {
            Some(h) => problem.hint(h),
            None => problem,
        }
    })
}

/// Turns the parser's wording into the words of the content format, with a hint where one helps.
fn plain_words(raw: &str) -> (String, Option<String>) {
    let msg = match raw.rfind(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    let msg = match msg.find(" (defined at") {
        Some(i) => &msg[..i],
        None => msg,
    };
    let msg = msg.trim();
    value_or_key_words(msg)
        .or_else(|| shape_words(msg))
        .unwrap_or_else(|| (msg.to_string(), None))
}

/// A message about a value or a key (a number, a key unknown, twice or missing, a word not in
/// a vocabulary) in plain words, with a hint.
fn value_or_key_words(msg: &str) -> Option<(String, Option<String>)> {
    let number_hint =
        "write a plain number without quotes, units or thousands separators, like 142300";
    if msg.starts_with("invalid u") || msg.starts_with("invalid i") {
        return Some((
            "expected a whole number here".into(),
            Some(number_hint.into()),
        ));
    }
    if msg.starts_with("invalid f") {
        return Some(("expected a number here".into(), Some(number_hint.into())));
    }
    if let Some(rest) = msg.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest);
        return Some((
            format!("`{key}` appears twice in the same block"),
            Some("keep one of them: each key may appear only once".into()),
        ));
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        return Some((
            format!(
                "unknown key {}",
                rest.replace(", expected one of", "; this block accepts")
            ),
            Some("check the spelling; docs/content-format.md lists the keys of every file".into()),
        ));
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return Some((
            format!(
                "unknown value {}",
                rest.replace(", expected one of", "; use one of")
            ),
            None,
        ));
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return Some((
            format!("missing key {rest}"),
            Some(format!("add {rest} to this block")),
        ));
    }
    None
}

/// A message about the shape of the YAML (a list, a block or a word expected; aliases) in plain
/// words, with a hint.
fn shape_words(msg: &str) -> Option<(String, Option<String>)> {
    if msg.starts_with("expected sequence") || msg.contains("expected a sequence") {
        return Some((
            "expected a list here".into(),
            Some(
                "write `[first, second]`, or put each item on its own line starting with `- `"
                    .into(),
            ),
        ));
    }
    if msg.starts_with("expected mapping") || msg.contains("expected a map") {
        return Some(("expected a block of `key: value` lines here".into(), Some("write the keys indented on the lines below, or on one line like `{ value: 61.5, year: 2021 }`".into())));
    }
    if msg.contains("externally tagged enum") {
        return Some((
            "expected one word from a fixed list here, not a list or a block".into(),
            Some(
                "docs/content-format.md lists the accepted words, like `in-progress` for a status"
                    .into(),
            ),
        ));
    }
    if msg.contains("alias") || msg.contains("budget") {
        return Some((
            format!("{msg}: YAML aliases are expanded too often here"),
            Some(
                "lipsite refuses YAML that expands aliases without bound; write the values out"
                    .into(),
            ),
        ));
    }
    if msg.contains("expected")
        && (msg.contains("scalar")
            || msg.contains("sequence")
            || msg.contains("mapping")
            || msg.contains("map"))
    {
        return Some((
            msg.to_string(),
            Some("check the indentation and the brackets on this line and the one before".into()),
        ));
    }
    None
}

/// Where a spanned value came from, as a position in the file (adding the front-matter offset).
pub(crate) fn pos_of<T>(value: &Spanned<T>, first_line: usize) -> Pos {
    if value.line == 0 {
        return Pos::new(first_line, 1);
    }
    Pos::new(value.line as usize + first_line - 1, value.column as usize)
}

/// A YAML mapping that keeps its keys in file order, each key with its position.
#[derive(Debug, Clone)]
pub struct OrderedMap<V> {
    /// Each key (an id, a language code ...) with its value, in the order the file lists them.
    pub entries: Vec<(Spanned<String>, V)>,
}

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap {
            entries: Vec::new(),
        }
    }
}

impl<V> OrderedMap<V> {
    /// The keys and values in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&Spanned<String>, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The value of `key`, if the file has it.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }

    /// How many keys the file gives.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the mapping has no keys at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a block of `key: value` lines")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(OrderedMap { entries })
            }
        }
        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// A text written in a YAML file: its key path, its value and the bytes that spell it, so that
/// it can be replaced in place (`l10n import`) without touching any other byte.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextScalar {
    /// The keys from the top of the document down to the text (a list item is its index).
    pub path: Vec<String>,
    /// The text, as YAML reads it.
    pub value: String,
    /// Where the scalar is spelled in the YAML given to [`texts`], indicators and quotes included.
    pub bytes: std::ops::Range<usize>,
    /// Its line in the YAML given to [`texts`] (1-based).
    pub line: usize,
}

/// Any YAML value, keeping only its texts with their places.
enum Node {
    Text(String, std::ops::Range<usize>, usize),
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    /// A number, `true`, `no` ...: read as text by the model's string fields, so kept as written.
    Scalar(std::ops::Range<usize>, usize),
    Other,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_str<E>(self, v: &str) -> Result<Node, E> {
                Ok(Node::Text(v.to_string(), 0..0, 0))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Other)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Located>()? {
                    items.push(item.0);
                }
                Ok(Node::List(items))
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Node, M::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<KeyText>()? {
                    entries.push((key.0, map.next_value::<Located>()?.0));
                }
                Ok(Node::Map(entries))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// A node with the bytes of its scalar filled in.
struct Located(Node);

impl<'de> Deserialize<'de> for Located {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<Node>::deserialize(deserializer)?;
        let at = s.referenced;
        let span = at.span();
        let start = span.byte_offset().unwrap_or(0) as usize;
        let bytes = start..start + span.byte_len().unwrap_or(0) as usize;
        let node = match s.value {
            Node::Text(v, _, _) => Node::Text(v, bytes, at.line() as usize),
            Node::Other => Node::Scalar(bytes, at.line() as usize),
            other => other,
        };
        Ok(Located(node))
    }
}

/// A mapping key of any scalar type, as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Every text of a YAML document, in file order, with its key path and the bytes that spell it.
/// `first_line` is as for [`parse`].
pub(crate) fn texts(
    file: &SourceFile,
    text: &str,
    first_line: usize,
) -> Result<Vec<TextScalar>, Problem> {
    let root: Located = parse(file, text, first_line)?;
    let mut out = Vec::new();
    collect(text, root.0, &mut Vec::new(), &mut out);
    Ok(out)
}

fn collect(text: &str, node: Node, path: &mut Vec<String>, out: &mut Vec<TextScalar>) {
    let mut push = |value: String, bytes: std::ops::Range<usize>, line: usize| {
        if let Some(bytes) = scalar_bytes(text, bytes) {
            out.push(TextScalar {
                path: path.clone(),
                value,
                bytes,
                line,
            });
        }
    };
    match node {
        Node::Text(value, bytes, line) => push(value, bytes, line),
        Node::Scalar(bytes, line) => {
            let raw = text.get(bytes.clone()).unwrap_or_default().to_string();
            push(raw, bytes, line);
        }
        Node::Map(entries) => {
            for (k, v) in entries {
                path.push(k);
                collect(text, v, path, out);
                path.pop();
            }
        }
        Node::List(items) => {
            for (i, v) in items.into_iter().enumerate() {
                path.push(i.to_string());
                collect(text, v, path, out);
                path.pop();
            }
        }
        Node::Other => {}
    }
}

/// The bytes that spell a scalar, from the parser's span: a block scalar (`|`, `>`) starts at its
/// indicator on the line before its text and ends with its last line of text.
fn scalar_bytes(text: &str, span: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let inner = text.get(span.clone())?;
    let before = &text[..span.start];
    let line_start = before.trim_end_matches([' ', '\t', '\r', '\n']);
    let header_start = line_start.rfind('\n').map_or(0, |i| i + 1);
    let header = &text[header_start..line_start.len()];
    let header = header.split(" #").next().unwrap_or(header).trim_end();
    let indicator = header.rfind(['|', '>']).filter(|&i| {
        header[i + 1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '0'..='9'))
            && (i == 0 || header[..i].ends_with([' ', ':', '-']))
    });
    let block = before.len() != line_start.len() && before[line_start.len()..].contains('\n');
    match indicator {
        Some(i) if block || inner.is_empty() => {
            let end = span.start + inner.trim_end_matches(['\r', '\n', ' ']).len();
            Some(header_start + i..end.max(header_start + i + 1))
        }
        _ => Some(span),
    }
}

/// `text` as a YAML double-quoted scalar: whatever it holds, it reads back as exactly `text`
/// and cannot end the scalar, start a comment or change the structure around it.
pub(crate) fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || c == '\u{feff}'
                || c == '\u{2028}'
                || c == '\u{2029}'
                || c == '\u{85}' =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        year: u32,
        #[serde(default)]
        names: OrderedMap<String>,
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("x.yaml", text)
    }

    #[test]
    fn keeps_key_order_and_positions() {
        let f = file("year: 2025\nnames:\n  zed: Z\n  abe: A\n");
        let s: Sample = parse(&f, &f.text, 1).unwrap();
        assert_eq!(s.year, 2025);
        let keys: Vec<_> = s
            .names
            .iter()
            .map(|(k, _)| (k.value.as_str(), pos_of(k, 1)))
            .collect();
        assert_eq!(keys, vec![("zed", Pos::new(3, 3)), ("abe", Pos::new(4, 3))]);
    }

    #[test]
    fn a_wrong_type_names_the_line_and_says_what_to_write() {
        let f = file("year: twenty\n");
        let e = parse::<Sample>(&f, &f.text, 1).unwrap_err();
        assert_eq!(e.pos, Pos::new(1, 7));
        assert_eq!(e.message, "expected a whole number here");
        assert!(e.hint.unwrap().contains("142300"));
    }

    #[test]
    fn front_matter_lines_are_counted_from_the_file_start() {
        let f = file("---\nyear: 2025\nnamez: {}\n---\n");
        let e = parse::<Sample>(&f, "year: 2025\nnamez: {}\n", 2).unwrap_err();
        assert_eq!(e.pos.line, 3);
        assert!(e.message.contains("unknown key `namez`"), "{}", e.message);
    }

    #[test]
    fn duplicate_keys_and_empty_files_are_errors() {
        let f = file("year: 1\nyear: 2\n");
        let e = parse::<Sample>(&f, &f.text, 1).unwrap_err();
        assert!(e.message.contains("appears twice"), "{}", e.message);
        let f = file("  \n");
        assert!(parse::<Sample>(&f, &f.text, 1)
            .unwrap_err()
            .message
            .contains("empty"));
    }

    #[test]
    fn alias_bombs_are_refused_quickly() {
        let mut y = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            y.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let f = file(&y);
        let e = parse::<serde::de::IgnoredAny>(&f, &f.text, 1).unwrap_err();
        assert!(e.message.contains("alias"), "{}", e.message);
    }

    #[test]
    fn texts_know_the_bytes_that_spell_them() {
        let y = "plain: A b # note\nquoted: \"q\\\"x\"\nsingle: 'it''s'\nblock: |\n  one\n  two\n\nnext:\n  - x: [1, 2]\n    y: folded >\nnum: 3\n";
        let f = file(y);
        let t = texts(&f, y, 1).unwrap();
        let got: Vec<_> = t
            .iter()
            .map(|s| {
                (
                    s.path.join("/"),
                    s.value.as_str(),
                    &y[s.bytes.clone()],
                    s.line,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("plain".into(), "A b", "A b", 1),
                ("quoted".into(), "q\"x", "\"q\\\"x\"", 2),
                ("single".into(), "it's", "'it''s'", 3),
                ("block".into(), "one\ntwo\n", "|\n  one\n  two", 5),
                ("next/0/x/0".into(), "1", "1", 9),
                ("next/0/x/1".into(), "2", "2", 9),
                ("next/0/y".into(), "folded >", "folded >", 10),
                ("num".into(), "3", "3", 11),
            ]
        );
    }

    #[test]
    fn a_double_quoted_text_reads_back_as_itself() {
        for t in [
            "a: b # c",
            "\"quoted\" \\ back",
            "line\nbreak\ttab",
            "- [x] {y} &z *w !t %p @q `r",
            "\u{7}\u{feff}x",
            "عربي: نص",
        ] {
            let y = format!("k: {}\n", double_quoted(t));
            let f = file(&y);
            let read = texts(&f, &y, 1).unwrap();
            assert_eq!(read.len(), 1, "{y}");
            assert_eq!(read[0].value, t);
        }
    }
}
