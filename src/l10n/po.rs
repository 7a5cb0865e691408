//! Gettext PO (Weblate, Poedit), with polib: one message per text, its id as the context
//! (`msgctxt`), Markdown markup as protected placeholders (`{1}…{/1}`, `{2/}`; a brace in the
//! words is doubled), the source place as a reference and a needs-review text marked `fuzzy`.

use polib::catalog::Catalog as PoCatalog;
use polib::message::{Message, MessageFlags};
use polib::metadata::CatalogMetadata;

use super::inline::{self, shown};
use super::units::{Catalog, State, Unit};
use super::{Returned, ReturnedUnit};

/// What the header's `Project-Id-Version` says before the source language's code.
const PROJECT: &str = "lipsite strategy, source language ";

/// The file of `units` of `catalog`.
pub(crate) fn write(catalog: &Catalog, units: &[&Unit], now: &str) -> Result<String, String> {
    let mut metadata = CatalogMetadata::new();
    metadata.project_id_version = format!("{PROJECT}{}", catalog.source_lang);
    metadata.pot_creation_date = now.to_string();
    metadata.po_revision_date = now.to_string();
    metadata.last_translator = "lipsite".to_string();
    metadata.language_team = catalog.target_lang.clone();
    metadata.mime_version = "1.0".to_string();
    metadata.content_type = "text/plain; charset=UTF-8".to_string();
    metadata.content_transfer_encoding = "8bit".to_string();
    metadata.language = catalog.target_lang.clone();
    let mut po = PoCatalog::new(metadata);
    for u in units {
        let mut flags = MessageFlags::new();
        if u.state == State::NeedsReview {
            flags.add_flag("fuzzy");
        }
        let mut comments: Vec<&str> = u.about.as_deref().into_iter().collect();
        comments.extend(super::state_note(u.state));
        if !u.source.codes.is_empty() {
            comments.push("Keep every {1}…{/1} and {2/} placeholder: each stands for markup (a link, emphasis, code).");
        }
        let comments = comments.join("\n");
        po.append_or_update(
            Message::build_singular()
                .with_msgctxt(u.id.clone())
                .with_msgid(shown(&u.source.pieces))
                .with_msgstr(
                    u.target
                        .as_ref()
                        .map(|t| shown(&t.pieces))
                        .unwrap_or_default(),
                )
                .with_source(catalog.source_place(u))
                .with_extracted_comments(comments)
                .with_flags(flags)
                .done(),
        );
    }
    let mut out = std::io::BufWriter::new(Vec::new());
    polib::po_file::write(&po, &mut out).map_err(|e| e.to_string())?;
    let bytes = out.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// Reads a PO file back.
pub(crate) fn read(text: &str) -> Result<Returned, String> {
    if let Some(i) = text
        .lines()
        .position(|l| l.starts_with("msgid_plural") || l.starts_with("msgstr["))
    {
        return Err(format!(
            "line {}: plural forms, which lipsite never writes; remove them",
            i + 1
        ));
    }
    // polib is not ours: whatever the file holds, a failure of its parser is a refusal, not a
    // crash, and not a message about a crash.
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let parsed = std::panic::catch_unwind(|| polib::po_file::parse_from_reader(text.as_bytes()));
    std::panic::set_hook(quiet);
    let parsed = parsed
        .map_err(|_| "the PO file could not be read".to_string())?
        .map_err(|e| format!("the PO file could not be read: {e}"))?;
    let source_lang = parsed
        .metadata
        .project_id_version
        .strip_prefix(PROJECT)
        .map(str::to_string)
        .ok_or_else(|| "its header's Project-Id-Version is not one lipsite wrote, so its source language is unknown".to_string())?;
    let contexts = context_lines(text);
    let mut units = Vec::new();
    for (i, m) in parsed.messages().enumerate() {
        let id = m.msgctxt().unwrap_or_default().to_string();
        let place = |what: &str| {
            format!("message {} (`{id}`): its {what} has a brace that is not a placeholder; write a brace in words as {{{{ or }}}}", i + 1)
        };
        let source = inline::parse_shown(m.msgid()).ok_or_else(|| place("msgid"))?;
        let target = match m.msgstr() {
            Ok(s) if !s.is_empty() => Some(inline::parse_shown(s).ok_or_else(|| place("msgstr"))?),
            Ok(_) => None,
            Err(_) => {
                return Err(format!(
                    "message {} (`{id}`) has plural forms, which lipsite never writes",
                    i + 1
                ))
            }
        };
        let line = line_of(&contexts, &id);
        units.push(ReturnedUnit {
            id,
            source,
            target,
            done: !m.is_fuzzy(),
            line,
        });
    }
    Ok(Returned {
        source_lang,
        target_lang: parsed.metadata.language.clone(),
        units,
    })
}

/// The line of each message's context as written (`msgctxt "…"`), by its text.
fn context_lines(text: &str) -> std::collections::HashMap<&str, usize> {
    let mut lines = std::collections::HashMap::new();
    for (i, l) in text.lines().enumerate() {
        if let Some(quoted) = l.trim_end().strip_prefix("msgctxt ") {
            lines.entry(quoted).or_insert(i + 1);
        }
    }
    lines
}

/// The line of the message with context `id` (0 when it cannot be found as written).
fn line_of(lines: &std::collections::HashMap<&str, usize>, id: &str) -> usize {
    let quoted = format!("\"{}\"", id.replace('\\', "\\\\").replace('"', "\\\""));
    lines.get(quoted.as_str()).copied().unwrap_or(0)
}
