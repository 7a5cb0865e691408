//! Text of one direction inside text of the other: what must be isolated so that it reads right.
//!
//! The Unicode bidirectional algorithm lays out a right-to-left sentence by its strong characters.
//! A value put into it without any (a fiscal year `2025–26`) is reordered with the sentence and
//! reads `26–2025`; a Latin name at the end of an Arabic sentence loses its closing parenthesis to
//! the other side. Wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, the value is laid out
//! on its own, in its own direction, and placed as one block. Numbers, money and percentages are
//! left alone: the translator's pattern (`{n} $`) already says where their signs go.

use crate::config::Direction;

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// A character that is written right to left on its own (Hebrew, Arabic, Syriac, Thaana, N'Ko …).
fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
        && c.is_alphabetic()
}

fn is_ltr(c: char) -> bool {
    c.is_alphabetic() && !is_rtl(c)
}

/// Digits joined by a dash or slash (`2025–26`, `1/3`): a range that a right-to-left sentence
/// would turn around.
fn has_number_range(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(3).any(|w| {
        w[0].is_ascii_digit() && matches!(w[1], '-' | '–' | '—' | '/') && w[2].is_ascii_digit()
    })
}

/// Whether `value`, put into a sentence written in `direction`, must be isolated to read right.
pub(crate) fn needs_isolation(direction: Direction, value: &str) -> bool {
    let rtl = value.chars().any(is_rtl);
    match direction {
        Direction::Ltr => rtl,
        Direction::Rtl => !rtl && (value.chars().any(is_ltr) || has_number_range(value)),
    }
}

/// `value`, isolated if a sentence written in `direction` would otherwise reorder it.
pub(crate) fn isolate(direction: Direction, value: &str) -> String {
    if needs_isolation(direction, value) && !value.starts_with(FSI) {
        format!("{FSI}{value}{PDI}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_and_latin_names_are_isolated_in_right_to_left_sentences() {
        assert_eq!(
            isolate(Direction::Rtl, "2025–26"),
            "\u{2068}2025–26\u{2069}"
        );
        assert_eq!(
            isolate(Direction::Rtl, "YMCA (2024)"),
            "\u{2068}YMCA (2024)\u{2069}"
        );
        for alone in [
            "150,000\u{a0}$",
            "57\u{a0}٪",
            "2024",
            "المستهدف",
            "مكتب YMCA",
        ] {
            assert_eq!(isolate(Direction::Rtl, alone), alone);
        }
    }

    #[test]
    fn right_to_left_names_are_isolated_in_left_to_right_sentences() {
        assert_eq!(
            isolate(Direction::Ltr, "دائرة الأمل"),
            "\u{2068}دائرة الأمل\u{2069}"
        );
        assert_eq!(isolate(Direction::Ltr, "2025–26"), "2025–26");
    }
}
