//! XLIFF 1.2, which memoQ and Trados read most reliably: one `<file>` per source file, one
//! `<trans-unit>` per text, Markdown markup as `<g>` (paired) and `<x/>` (standalone) codes.
//! XLIFF 1.2 has no place for a code's native data in `<g>`/`<x>`: lipsite keeps it itself and
//! puts it back from the repository on import.

use super::inline::{Piece, Segment};
use super::units::{Catalog, State, Unit};
use super::xml::{escape, Element};
use super::{Returned, ReturnedUnit};

/// The file of `units` of `catalog`.
pub(crate) fn write(catalog: &Catalog, units: &[&Unit]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n");
    // Units come file by file, in the catalog's order.
    for of_file in units.chunk_by(|a, b| a.file == b.file) {
        let fi = of_file[0].file;
        let pair = &catalog.files[fi];
        let original = pair.source.path.display().to_string().replace('\\', "/");
        out.push_str(&format!(
            "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"x-markdown\">\n    <body>\n",
            escape(&original),
            escape(&catalog.source_lang),
            escape(&catalog.target_lang)
        ));
        for u in of_file.iter().copied() {
            write_unit(&mut out, catalog, u);
        }
        out.push_str("    </body>\n  </file>\n");
    }
    out.push_str("</xliff>\n");
    out
}

fn write_unit(out: &mut String, catalog: &Catalog, u: &Unit) {
    let approved = if u.state == State::Translated {
        "yes"
    } else {
        "no"
    };
    out.push_str(&format!(
        "      <trans-unit id=\"{}\" approved=\"{approved}\">\n",
        escape(&u.id)
    ));
    out.push_str(&format!(
        "        <source>{}</source>\n",
        inline(&u.source, &u.source.pieces)
    ));
    if let Some(t) = &u.target {
        let state = match u.state {
            State::NeedsReview => "needs-review-translation",
            _ => "translated",
        };
        out.push_str(&format!(
            "        <target state=\"{state}\">{}</target>\n",
            inline(&u.source, &t.pieces)
        ));
    }
    out.push_str(&format!(
        "        <note from=\"lipsite\">{}</note>\n",
        escape(&catalog.source_place(u))
    ));
    if let Some(about) = &u.about {
        out.push_str(&format!(
            "        <note from=\"lipsite\">{}</note>\n",
            escape(about)
        ));
    }
    if let Some(why) = super::state_note(u.state) {
        out.push_str(&format!(
            "        <note from=\"lipsite\">{}</note>\n",
            escape(why)
        ));
    }
    out.push_str("      </trans-unit>\n");
}

/// A code's `ctype`: XLIFF 1.2's own names where one fits, else a private `x-` name.
fn ctype(what: &str) -> String {
    match what {
        "link" => "link".to_string(),
        "emphasis" => "italic".to_string(),
        "strong" => "bold".to_string(),
        other => format!("x-{other}"),
    }
}

fn inline(source: &Segment, pieces: &[Piece]) -> String {
    let mut out = String::new();
    let what = |n: &u32| {
        source
            .codes
            .get((*n as usize).wrapping_sub(1))
            .map_or("x-code".to_string(), |c| ctype(c.what))
    };
    for p in pieces {
        match p {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Open(n) => out.push_str(&format!("<g id=\"{n}\" ctype=\"{}\">", what(n))),
            Piece::Close(_) => out.push_str("</g>"),
            Piece::Standalone(n) => out.push_str(&format!("<x id=\"{n}\" ctype=\"{}\"/>", what(n))),
        }
    }
    out
}

/// Reads an XLIFF 1.2 file back.
pub(crate) fn read(root: &Element) -> Result<Returned, String> {
    let mut files = Vec::new();
    root.descendants("file", &mut files);
    let first = files
        .first()
        .ok_or_else(|| format!("line {}: the file has no <file>", root.line))?;
    let lang = |f: &Element, name: &str| f.attribute(name).unwrap_or_default().to_string();
    let (source_lang, target_lang) = (
        lang(first, "source-language"),
        lang(first, "target-language"),
    );
    let mut units = Vec::new();
    for f in &files {
        if lang(f, "source-language") != source_lang || lang(f, "target-language") != target_lang {
            return Err(format!(
                "line {}: this <file> has other languages than the first",
                f.line
            ));
        }
        let mut found = Vec::new();
        f.descendants("trans-unit", &mut found);
        for unit in found {
            let id = unit
                .attribute("id")
                .ok_or_else(|| format!("line {}: a <trans-unit> has no id", unit.line))?;
            let source = unit
                .children("source")
                .next()
                .ok_or_else(|| format!("line {}: unit `{id}` has no <source>", unit.line))?;
            let target = unit.children("target").next();
            let state = target.and_then(|t| t.attribute("state"));
            let done = unit.attribute("approved") == Some("yes")
                || matches!(state, Some("translated" | "signed-off" | "final"));
            units.push(ReturnedUnit {
                id: id.to_string(),
                source: source.pieces("g", "x")?,
                target: target.map(|t| t.pieces("g", "x")).transpose()?,
                done: done && !matches!(state, Some(s) if s.starts_with("needs")),
                line: unit.line,
            });
        }
    }
    Ok(Returned {
        source_lang,
        target_lang,
        units,
    })
}

/// Whether `root` is an XLIFF 1 document.
pub(crate) fn is_mine(root: &Element) -> bool {
    root.name == "xliff"
        && root
            .attribute("version")
            .is_some_and(|v| v.starts_with('1'))
}
