//! How the map looks: a shade and a pattern for each class, and a shape for each kind of place.
//! Colour is never the only difference: each class has its own pattern, each kind of place its
//! own outline. Every pattern's ink and the borders keep 3:1 contrast against what is around them
//! (WCAG 1.4.11), which a test below computes.

use std::fmt::Write as _;

use super::super::svg::{num, INK, PAPER};

/// The borders between areas.
pub(super) const BORDER: &str = INK;

/// The shades of up to five classes, lightest (fewest newcomers) first. The darkest keeps 3:1
/// against the border and the patterns' ink.
const SHADES: [&str; 5] = ["#f4f8f8", "#d3e8ea", "#a3cfd4", "#6db0b9", "#3d8c97"];

/// The shades of `n` classes, spread from the lightest to the darkest.
fn shades(n: usize) -> Vec<&'static str> {
    match n {
        0 => Vec::new(),
        1 => vec![SHADES[2]],
        _ => (0..n)
            .map(|i| SHADES[i * (SHADES.len() - 1) / (n - 1)])
            .collect(),
    }
}

/// The marks of each class's pattern in a 6-unit tile: none for the first, then lines, dots,
/// a cross-hatch and dense lines, each busier than the last.
const MARKS: [&str; 5] = [
    "",
    "<path d=\"M0 6L6 0\" stroke=\"INK\" stroke-width=\"0.7\"/>",
    "<circle cx=\"3\" cy=\"3\" r=\"1\" fill=\"INK\"/>",
    "<path d=\"M0 6L6 0M0 0L6 6\" stroke=\"INK\" stroke-width=\"0.6\"/>",
    "<path d=\"M0 1.5H6M0 4.5H6\" stroke=\"INK\" stroke-width=\"0.8\"/>",
];

/// The `<defs>` with one pattern per class: `{id}-class-{n}`.
pub(super) fn patterns(id: &str, classes: usize) -> String {
    let mut defs = String::from("<defs>");
    for (i, shade) in shades(classes).iter().enumerate() {
        let marks = MARKS[i * (MARKS.len() - 1) / classes.saturating_sub(1).max(1)];
        let marks = if classes == 1 { "" } else { marks };
        let _ = write!(
            defs,
            "<pattern id=\"{id}-class-{i}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"{shade}\"/>{}</pattern>",
            marks.replace("INK", INK)
        );
    }
    defs.push_str("</defs>");
    defs
}

/// The shape of a kind of place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    Circle,
    Square,
    Triangle,
    Cross,
    Diamond,
}

impl Mark {
    /// The mark centred at `(x, y)`, dark with a white outline so it shows on every shade.
    pub(crate) fn svg(self, x: f64, y: f64, attributes: &str) -> String {
        let paint = format!("{attributes} fill=\"{INK}\" stroke=\"{PAPER}\" stroke-width=\"1.2\"");
        let points = |list: &[(f64, f64)]| {
            list.iter()
                .map(|(dx, dy)| format!("{},{}", num(x + dx), num(y + dy)))
                .collect::<Vec<_>>()
                .join(" ")
        };
        match self {
            Mark::Circle => format!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\"{paint}/>",
                num(x),
                num(y)
            ),
            Mark::Square => format!(
                "<rect x=\"{}\" y=\"{}\" width=\"8\" height=\"8\"{paint}/>",
                num(x - 4.0),
                num(y - 4.0)
            ),
            Mark::Triangle => format!(
                "<polygon points=\"{}\"{paint}/>",
                points(&[(0.0, -5.5), (5.0, 4.0), (-5.0, 4.0)])
            ),
            Mark::Cross => format!(
                "<polygon points=\"{}\"{paint}/>",
                points(&[
                    (-1.8, -5.0),
                    (1.8, -5.0),
                    (1.8, -1.8),
                    (5.0, -1.8),
                    (5.0, 1.8),
                    (1.8, 1.8),
                    (1.8, 5.0),
                    (-1.8, 5.0),
                    (-1.8, 1.8),
                    (-5.0, 1.8),
                    (-5.0, -1.8),
                    (-1.8, -1.8),
                ])
            ),
            Mark::Diamond => format!(
                "<polygon points=\"{}\"{paint}/>",
                points(&[(0.0, -5.5), (5.5, 0.0), (0.0, 5.5), (-5.5, 0.0)])
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn borders_marks_and_pattern_ink_keep_three_to_one_on_every_shade() {
        for shade in SHADES {
            assert!(
                contrast(INK, shade) >= 3.0,
                "{shade}: {}",
                contrast(INK, shade)
            );
        }
        assert!(contrast(BORDER, PAPER) >= 3.0);
        assert!(
            contrast(INK, PAPER) >= 3.0,
            "a mark's outline against its fill"
        );
    }

    #[test]
    fn each_class_has_its_own_pattern_and_shade() {
        for n in 1..=5 {
            let defs = patterns("m", n);
            let tiles: Vec<&str> = defs.split("<pattern ").skip(1).collect();
            assert_eq!(tiles.len(), n);
            for (i, a) in tiles.iter().enumerate() {
                for b in &tiles[i + 1..] {
                    let (a, b) = (a.split_once('>').unwrap().1, b.split_once('>').unwrap().1);
                    assert_ne!(a, b, "{n} classes");
                }
            }
        }
    }
}
