//! XLIFF 2.1 (OASIS), the current standard: one `<file>` per source file, one `<unit>` per text,
//! Markdown markup as `<pc>` (paired) and `<ph>` (standalone) codes whose Markdown travels in
//! `<originalData>`, the source place as a note and lipsite's state on the segment.

use super::inline::{Piece, Segment};
use super::units::{Catalog, State, Unit};
use super::xml::{escape, Element};
use super::{Returned, ReturnedUnit};

/// The XLIFF 2 namespace (2.1 keeps 2.0's).
const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The file of `units` of `catalog`.
pub(crate) fn write(catalog: &Catalog, units: &[&Unit]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"{NAMESPACE}\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\">\n",
        escape(&catalog.source_lang),
        escape(&catalog.target_lang)
    ));
    // Units come file by file, in the catalog's order.
    for of_file in units.chunk_by(|a, b| a.file == b.file) {
        let fi = of_file[0].file;
        let pair = &catalog.files[fi];
        let original = pair.source.path.display().to_string().replace('\\', "/");
        out.push_str(&format!(
            "  <file id=\"f{}\" original=\"{}\">\n",
            fi + 1,
            escape(&original)
        ));
        for u in of_file.iter().copied() {
            write_unit(&mut out, catalog, u);
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn write_unit(out: &mut String, catalog: &Catalog, u: &Unit) {
    out.push_str(&format!("    <unit id=\"{}\">\n", escape(&u.id)));
    out.push_str("      <notes>\n");
    out.push_str(&format!(
        "        <note category=\"location\">{}</note>\n",
        escape(&catalog.source_place(u))
    ));
    if let Some(about) = &u.about {
        out.push_str(&format!(
            "        <note category=\"item\">{}</note>\n",
            escape(about)
        ));
    }
    if let Some(why) = super::state_note(u.state) {
        out.push_str(&format!(
            "        <note category=\"state\">{}</note>\n",
            escape(why)
        ));
    }
    out.push_str("      </notes>\n");
    let data = original_data(&u.source);
    if !data.is_empty() {
        out.push_str("      <originalData>\n");
        for (id, text) in &data {
            out.push_str(&format!(
                "        <data id=\"{id}\">{}</data>\n",
                escape(text)
            ));
        }
        out.push_str("      </originalData>\n");
    }
    let (state, sub) = match u.state {
        State::Translated => ("translated", ""),
        State::NeedsReview => ("initial", " subState=\"lipsite:needs-review\""),
        State::Missing => ("initial", ""),
    };
    out.push_str(&format!("      <segment state=\"{state}\"{sub}>\n"));
    out.push_str(&format!(
        "        <source>{}</source>\n",
        inline(&u.source, &u.source.pieces)
    ));
    if let Some(t) = &u.target {
        out.push_str(&format!(
            "        <target>{}</target>\n",
            inline(&u.source, &t.pieces)
        ));
    }
    out.push_str("      </segment>\n    </unit>\n");
}

/// The Markdown of each code, as `<data>` ids: `d1s`/`d1e` for code 1's start and end.
fn original_data(seg: &Segment) -> Vec<(String, String)> {
    let mut data = Vec::new();
    for (i, c) in seg.codes.iter().enumerate() {
        let n = i + 1;
        if !c.open.is_empty() {
            data.push((format!("d{n}s"), c.open.clone()));
        }
        if c.paired && !c.close.is_empty() {
            data.push((format!("d{n}e"), c.close.clone()));
        }
    }
    data
}

/// A code's XLIFF type: `link` and `image` as such, emphasis as formatting, the rest `other`.
fn code_type(what: &str) -> &'static str {
    match what {
        "link" => "link",
        "image" => "image",
        "emphasis" | "strong" | "strikethrough" | "superscript" | "subscript" => "fmt",
        _ => "other",
    }
}

/// Pieces as XLIFF 2 inline content, codes described by `source`'s codes.
fn inline(source: &Segment, pieces: &[Piece]) -> String {
    let mut out = String::new();
    let code = |n: &u32| source.codes.get((*n as usize).wrapping_sub(1));
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Open(n) => {
                let Some(c) = code(n) else { continue };
                out.push_str(&format!("<pc id=\"{n}\" type=\"{}\"", code_type(c.what)));
                if !c.open.is_empty() {
                    out.push_str(&format!(" dataRefStart=\"d{n}s\""));
                }
                if !c.close.is_empty() {
                    out.push_str(&format!(" dataRefEnd=\"d{n}e\""));
                }
                out.push('>');
            }
            Piece::Close(_) => out.push_str("</pc>"),
            Piece::Standalone(n) => {
                let Some(c) = code(n) else { continue };
                out.push_str(&format!("<ph id=\"{n}\" type=\"{}\"", code_type(c.what)));
                if !c.open.is_empty() {
                    out.push_str(&format!(" dataRef=\"d{n}s\""));
                }
                out.push_str("/>");
            }
        }
    }
    out
}

/// Reads an XLIFF 2 file back.
pub(crate) fn read(root: &Element) -> Result<Returned, String> {
    let lang = |name: &str| {
        root.attribute(name)
            .map(str::to_string)
            .ok_or_else(|| format!("line {}: <xliff> has no {name}", root.line))
    };
    let mut units = Vec::new();
    let mut found = Vec::new();
    root.descendants("unit", &mut found);
    for unit in found {
        let id = unit
            .attribute("id")
            .ok_or_else(|| format!("line {}: a <unit> has no id", unit.line))?;
        let mut segments = Vec::new();
        unit.descendants("segment", &mut segments);
        let [segment] = segments.as_slice() else {
            return Err(format!(
                "line {}: unit `{id}` has {} segments; lipsite wrote one: join them again",
                unit.line,
                segments.len()
            ));
        };
        let source = segment
            .children("source")
            .next()
            .ok_or_else(|| format!("line {}: unit `{id}` has no <source>", segment.line))?;
        let target = segment.children("target").next();
        let done = matches!(
            segment.attribute("state"),
            Some("translated" | "reviewed" | "final")
        ) && segment
            .attribute("subState")
            .is_none_or(|s| !s.contains("needs-review"));
        units.push(ReturnedUnit {
            id: id.to_string(),
            source: source.pieces("pc", "ph")?,
            target: target.map(|t| t.pieces("pc", "ph")).transpose()?,
            done,
            line: unit.line,
        });
    }
    Ok(Returned {
        source_lang: lang("srcLang")?,
        target_lang: lang("trgLang")?,
        units,
    })
}

/// Whether `root` is an XLIFF 2 document.
pub(crate) fn is_mine(root: &Element) -> bool {
    root.name == "xliff"
        && root
            .attribute("version")
            .is_some_and(|v| v.starts_with('2'))
}
