//! Typesets one document's markup into PDF/UA-1 bytes, or says where in the strategy's files
//! the problems Typst found came from.

use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::markup::{Markup, Origin};
use super::world::Memory;
use crate::diagnostics::Problem;
use crate::model::PartialDate;

/// What goes into one PDF besides its markup.
pub(crate) struct Inputs<'a> {
    /// Images the markup shows, by their path in the document's world.
    pub files: Vec<(String, Vec<u8>)>,
    /// The document's date: its creation date, and `today` in Typst.
    pub date: &'a PartialDate,
    /// What the PDF is called in messages: `the PDF of the strategy in Français`.
    pub name: &'a str,
    /// A stable name for the document's identifier, the same on every build.
    pub ident: &'a str,
    /// Where a problem that no part of the markup is traced to is shown.
    pub fallback: &'a Origin,
}

/// The PDF, or the problems that kept it from being made (as warnings: the rest of the site is
/// still built).
pub(crate) fn pdf(markup: &Markup, mut inputs: Inputs) -> Result<Vec<u8>, Vec<Problem>> {
    let today = datetime(inputs.date);
    let files = std::mem::take(&mut inputs.files);
    let world = Memory::new(markup.text.clone(), files, today);
    let compiled = typst::compile::<PagedDocument>(&world).output;
    let result = compiled.and_then(|document| {
        let options = PdfOptions {
            ident: Smart::Custom(inputs.ident.to_string()),
            creator: Smart::Custom(Some("lipsite".into())),
            timestamp: Some(Timestamp::new_utc(today)),
            standards: standards(),
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&document, &options)
    });
    // What Typst remembers of older documents goes; the newest stays for the next rebuild.
    typst::comemo::evict(4);
    result.map_err(|errors| {
        errors
            .iter()
            .map(|e| problem(&world, markup, &inputs, e))
            .collect()
    })
}

/// PDF/UA-1: Typst refuses a document that fails it (an image without alternative text ...).
fn standards() -> PdfStandards {
    PdfStandards::new(&[PdfStandard::Ua_1]).unwrap_or_default()
}

fn datetime(d: &PartialDate) -> Datetime {
    let date = Datetime::from_ymd(i32::from(d.year), d.month.unwrap_or(1), d.day.unwrap_or(1));
    date.or_else(|| Datetime::from_ymd(2000, 1, 1))
        .expect("2000-01-01 is a date")
}

/// One error of Typst, at the strategy file and line the markup it points at came from.
fn problem(world: &Memory, markup: &Markup, inputs: &Inputs, e: &SourceDiagnostic) -> Problem {
    let origin = world
        .range(e.span)
        .and_then(|range| markup.origin_at(range.start))
        .unwrap_or(inputs.fallback);
    let hints: Vec<String> = e.hints.iter().map(|h| h.v.to_string()).collect();
    let typst_says = if hints.is_empty() {
        e.message.to_string()
    } else {
        format!("{} ({})", e.message, hints.join("; "))
    };
    let hint = if e.message.contains("could not be displayed with font") {
        "the PDF's fonts have Latin, Greek, Cyrillic, Hebrew and Arabic letters only: write this \
         text with those, or set `pdf: false` in lipsite.yaml; the rest of the site was built"
    } else {
        "the rest of the site was built without it; change the text at this place (or report it \
         as a bug of lipsite if the text looks right)"
    };
    origin
        .warning(format!(
            "{} was not made: the typesetter says \"{typst_says}\"",
            inputs.name
        ))
        .hint(hint)
}
