//! How wide a chart text is, measured by shaping it with a real font, and how it wraps.
//!
//! Charts are laid out before any browser sees them, so lipsite needs text widths it can trust in
//! every script. It shapes each text with rustybuzz in DejaVu Sans (bundled, subset by
//! `scripts/subset-fonts`): Arabic gets its joined forms and ligatures, Latin its kerning.
//! DejaVu Sans is wider than the system fonts phones and desktops draw with (Roboto, San
//! Francisco, Segoe UI, Noto Sans), so a text that fits when measured in it fits on a reader's
//! screen too. Characters the font lacks (Chinese, Punjabi, …) count by their Unicode width: a
//! wide character one em, any other printing character as a broad Latin letter.

use std::sync::LazyLock;

use rustybuzz::{Face, UnicodeBuffer};
use unicode_width::UnicodeWidthChar;

static REGULAR: &[u8] = include_bytes!("../../fonts/DejaVuSans-subset.ttf");
static BOLD: &[u8] = include_bytes!("../../fonts/DejaVuSans-Bold-subset.ttf");

static FACES: LazyLock<[Face<'static>; 2]> = LazyLock::new(|| {
    [REGULAR, BOLD].map(|data| Face::from_slice(data, 0).expect("the bundled fonts are valid"))
});

/// Width of a character the font lacks, per column of its Unicode width, in em.
const MISSING_GLYPH_EM: f64 = 0.62;

/// The two weights chart text is set in: labels and keys regular, values bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Labels, keys and descriptions.
    Regular,
    /// The figures written after each bar.
    Bold,
}

fn face(weight: Weight) -> &'static Face<'static> {
    &FACES[usize::from(weight == Weight::Bold)]
}

/// The width of `text` at font size `size`, in the same units as `size`.
pub fn width(text: &str, size: f64, weight: Weight) -> f64 {
    if text.is_empty() {
        return 0.0;
    }
    let face = face(weight);
    let per_unit = size / f64::from(face.units_per_em());
    with_advances(text, weight, |advances| {
        advances
            .iter()
            .map(|advance| match *advance {
                Advance::Glyph(units) => f64::from(units) * per_unit,
                Advance::Missing(columns) => f64::from(columns) * MISSING_GLYPH_EM * size,
            })
            .sum()
    })
}

/// How far one glyph of a shaped text moves the pen.
#[derive(Clone, Copy)]
enum Advance {
    /// A glyph of the font, in font units.
    Glyph(i32),
    /// A character the font lacks, by its Unicode width in columns.
    Missing(u8),
}

/// Shaped texts and their advances, for one weight.
type Shapings = std::collections::HashMap<Box<str>, Box<[Advance]>>;

/// How many texts each thread remembers the shaping of before it starts over.
const REMEMBERED: usize = 20_000;

thread_local! {
    /// The advances of the texts this thread shaped, per weight. Shaping is the costly part of
    /// drawing charts, and a rebuild in watch mode draws the same texts again (wrapping measures
    /// each line's words many times): a text is shaped once and its advances remembered. A pure
    /// function's memo, bounded, so nothing here changes what is drawn.
    static SHAPED: std::cell::RefCell<[Shapings; 2]> = std::cell::RefCell::default();
}

/// Calls `f` with the advances of `text` shaped in `weight`, shaping it only the first time.
fn with_advances(text: &str, weight: Weight, f: impl FnOnce(&[Advance]) -> f64) -> f64 {
    SHAPED.with(|shaped| {
        let mut shaped = shaped.borrow_mut();
        let memo = &mut shaped[usize::from(weight == Weight::Bold)];
        if let Some(advances) = memo.get(text) {
            return f(advances);
        }
        if memo.len() >= REMEMBERED {
            memo.clear();
        }
        let advances = shape(text, weight);
        let width = f(&advances);
        memo.insert(text.into(), advances);
        width
    })
}

fn shape(text: &str, weight: Weight) -> Box<[Advance]> {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(face(weight), &[], buffer);
    shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, pos)| {
            if info.glyph_id != 0 {
                return Advance::Glyph(pos.x_advance);
            }
            let missing = text
                .get(info.cluster as usize..)
                .and_then(|rest| rest.chars().next())
                .and_then(UnicodeWidthChar::width)
                .unwrap_or(1);
            Advance::Missing(u8::try_from(missing).unwrap_or(u8::MAX))
        })
        .collect()
}

/// How far the font reaches above and below the baseline, in em: what a browser's text box spans.
pub fn extent() -> (f64, f64) {
    let face = face(Weight::Regular);
    let em = f64::from(face.units_per_em());
    (
        f64::from(face.ascender()) / em,
        -f64::from(face.descender()) / em,
    )
}

/// Splits `text` into lines no wider than `max` at size `size`. Lines break between words;
/// a word wider than a whole line (a long compound, an address) breaks after a hyphen, slash,
/// underscore or dot where it can, and between characters where it must. Nothing is cut off.
pub(crate) fn wrap(text: &str, size: f64, weight: Weight, max: f64) -> Vec<String> {
    let fits = |s: &str| width(s, size, weight) <= max;
    // Each word is shaped once: a line is as wide as its words and the spaces between them
    // (no script joins letters across a space).
    let space = width(" ", size, weight);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in words(text) {
        let word_width = width(word, size, weight);
        if !line.is_empty() && line_width + space + word_width <= max {
            line.push(' ');
            line.push_str(word);
            line_width += space + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if word_width <= max {
            line = word.to_string();
        } else {
            let mut pieces = break_word(word, &fits);
            line = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
        }
        line_width = width(&line, size, weight);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The words of a text: split where a line may break, never at a no-break space (`57 %`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{2007}' | '\u{202f}'))
        .filter(|w| !w.is_empty())
}

/// Breaks a word that fits on no line into pieces that do, filling each piece as far as it goes.
fn break_word(word: &str, fits: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for chunk in chunks(word) {
        let candidate = format!("{piece}{chunk}");
        if fits(&candidate) {
            piece = candidate;
            continue;
        }
        if !piece.is_empty() {
            pieces.push(std::mem::take(&mut piece));
        }
        if fits(&chunk) {
            piece = chunk;
            continue;
        }
        for c in clusters(&chunk) {
            let candidate = format!("{piece}{c}");
            if fits(&candidate) || piece.is_empty() {
                piece = candidate;
            } else {
                pieces.push(std::mem::replace(&mut piece, c));
            }
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// A word cut after each character where a line may break inside it (`Lakemoor-` `Newcomer-` …).
fn chunks(word: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for c in word.chars() {
        current.push(c);
        if matches!(c, '-' | '/' | '_' | '.' | '\u{2010}' | '\u{2013}') {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Characters with the marks that belong to them (accents, Arabic vowel signs), which must not
/// be separated from their letter.
fn clusters(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in s.chars() {
        let joins_previous =
            c.width() == Some(0) || matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}');
        match out.last_mut() {
            Some(last) if joins_previous => last.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font_not_from_a_character_count() {
        let narrow = width("iiiiiiiiii", 16.0, Weight::Regular);
        let wide = width("WWWWWWWWWW", 16.0, Weight::Regular);
        assert!(wide > 2.5 * narrow, "{narrow} vs {wide}");
        // DejaVu Sans: `i` is 569 and `W` 2025 units of 2048.
        assert!(
            (narrow - 10.0 * 569.0 * 16.0 / 2048.0).abs() < 0.01,
            "{narrow}"
        );
        assert!(width("Total", 16.0, Weight::Bold) > width("Total", 16.0, Weight::Regular));
    }

    #[test]
    fn a_remembered_shaping_is_kept_apart_by_weight_and_size() {
        let regular = width("Remembered total", 16.0, Weight::Regular);
        let bold = width("Remembered total", 16.0, Weight::Bold);
        assert!(bold > regular, "{regular} vs {bold}");
        assert_eq!(width("Remembered total", 16.0, Weight::Regular), regular);
        assert!((width("Remembered total", 8.0, Weight::Regular) - regular / 2.0).abs() < 1e-9);
        // Past the number of texts remembered, the memo starts over and measures the same.
        for i in 0..=REMEMBERED {
            width(&format!("text {i}"), 16.0, Weight::Regular);
        }
        assert_eq!(width("Remembered total", 16.0, Weight::Regular), regular);
    }

    #[test]
    fn arabic_is_shaped_before_it_is_measured() {
        // Joined Arabic letters are narrower than the same letters standing alone: a count of
        // isolated forms would overestimate the word.
        let joined = width("المستهدف", 16.0, Weight::Regular);
        let isolated: f64 = "المستهدف"
            .chars()
            .map(|c| width(&c.to_string(), 16.0, Weight::Regular))
            .sum();
        assert!(joined > 0.0);
        assert!(joined < isolated, "{joined} vs {isolated}");
    }

    #[test]
    fn wide_scripts_without_glyphs_count_one_em_per_character() {
        let chinese = width("新移民就业", 16.0, Weight::Regular);
        assert!(
            (chinese - 5.0 * 2.0 * MISSING_GLYPH_EM * 16.0).abs() < 0.01,
            "{chinese}"
        );
        // Gurmukhi is not in the font either; it is measured, not left at zero.
        assert!(width("ਪੰਜਾਬੀ", 16.0, Weight::Regular) > 3.0 * MISSING_GLYPH_EM * 16.0);
    }

    #[test]
    fn labels_wrap_between_words_and_every_line_fits() {
        let text = "Transfert des connaissances et rayonnement communautaire";
        let lines = wrap(text, 16.0, Weight::Regular, 250.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines
            .iter()
            .all(|l| width(l, 16.0, Weight::Regular) <= 250.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_line_never_breaks_at_a_no_break_space() {
        let lines = wrap("12\u{a0}345\u{a0}$ (0,4\u{a0}%)", 16.0, Weight::Bold, 60.0);
        assert!(lines.iter().any(|l| l.contains("0,4\u{a0}%")), "{lines:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_breaks_after_its_hyphens_and_loses_nothing() {
        let word = "Lakemoor-Newcomer-Employment-Mentorship-Initiative-2026-2028";
        assert_eq!(word.len(), 60);
        let lines = wrap(word, 16.0, Weight::Regular, 200.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines
            .iter()
            .all(|l| width(l, 16.0, Weight::Regular) <= 200.0));
        assert!(
            lines[..lines.len() - 1].iter().all(|l| l.ends_with('-')),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn a_word_without_break_points_breaks_between_letters_keeping_their_marks() {
        let word = "مُسْتَشَارُونَ".repeat(6);
        let lines = wrap(&word, 16.0, Weight::Regular, 120.0);
        assert!(lines.len() > 1);
        assert!(lines
            .iter()
            .all(|l| width(l, 16.0, Weight::Regular) <= 120.0));
        assert_eq!(lines.concat(), word);
        assert!(lines
            .iter()
            .all(|l| !l.starts_with('\u{64F}') && !l.starts_with('\u{652}')));
    }

    #[test]
    fn the_font_reaches_above_and_below_the_baseline() {
        let (ascent, descent) = extent();
        assert!(ascent > 0.8 && ascent < 1.0, "{ascent}");
        assert!(descent > 0.1 && descent < 0.4, "{descent}");
    }
}
