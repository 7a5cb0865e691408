//! Charts as inline SVG, drawn with plotters' SVG backend (no fonts, no system libraries).
//!
//! plotters draws the shapes and text; layout is ours, because plotters' own label placement
//! guesses text width from bytes and clips long French labels. Every label sits on its own line
//! above its bar and every bar carries its value, so colour is never needed to tell categories
//! apart. The SVG then gets `role="img"`, a `<title>` and a `<desc>` in the page's language, and a
//! `viewBox` so it scales to the reader's screen.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart space is 400 units wide: text of 15 units stays legible when a 320 px phone shows it.
pub const WIDTH: i32 = 400;
const TEXT: f64 = 16.0;
const SMALL: f64 = 14.0;
const LINE: i32 = 20;
/// plotters writes `font-size` as the asked size divided by 1.24.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// Dark teal bars: 7.6:1 on white, well above the 3:1 that graphics need.
const BAR: RGBColor = RGBColor(11, 85, 99);
const INK: RGBColor = RGBColor(29, 35, 39);
const TRACK: RGBColor = RGBColor(100, 110, 120);

/// One finished chart.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// The accessible SVG, ready to be put inline in the page.
    pub svg: String,
}

/// One bar: its label, its length, and the words written after it.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
}

/// Writing direction of the page; right-to-left charts are mirrored.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Ltr,
    Rtl,
}

struct Canvas {
    direction: Direction,
    width: i32,
}

impl Canvas {
    /// An x measured from the start edge (left in LTR, right in RTL).
    fn x(&self, from_start: i32) -> i32 {
        match self.direction {
            Direction::Ltr => from_start,
            Direction::Rtl => self.width - from_start,
        }
    }

    /// Text that starts at `from_start` and runs toward the end edge.
    fn text_style(&self, size: f64, bold: bool, color: &RGBColor) -> TextStyle<'static> {
        let h = match self.direction {
            Direction::Ltr => HPos::Left,
            Direction::Rtl => HPos::Right,
        };
        let font = ("sans-serif", size * PLOTTERS_FONT_SCALE).into_font();
        let font = if bold {
            font.style(FontStyle::Bold)
        } else {
            font
        };
        font.color(color).pos(Pos::new(h, VPos::Top))
    }

    /// A horizontal span from `start` to `end`, measured from the start edge.
    fn span(&self, start: i32, end: i32, y0: i32, y1: i32) -> [(i32, i32); 2] {
        let (a, b) = (self.x(start), self.x(end));
        [(a.min(b), y0), (a.max(b), y1)]
    }
}

/// Approximate width of a text in chart units (for sizing bars so value labels fit).
fn text_width(text: &str, size: f64) -> i32 {
    (text.chars().count() as f64 * size * 0.58).ceil() as i32
}

/// Splits a label into lines that fit `width` chart units (at most 3; the last may be cut with …).
fn wrap(text: &str, size: f64, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) > width && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    if lines.len() > 3 {
        let rest = lines.split_off(2).join(" ");
        let mut cut: String = rest
            .chars()
            .take((width as f64 / (size * 0.58)) as usize - 1)
            .collect();
        cut.push('…');
        lines.push(cut);
    }
    lines
}

/// A horizontal bar chart: each label on its own lines above its bar, the value after the bar.
pub fn bar_chart(id: &str, title: &str, desc: &str, bars: &[Bar], direction: Direction) -> Chart {
    const PAD: i32 = 4;
    const GAP: i32 = 12;
    const BAR_H: i32 = 16;
    let canvas = Canvas {
        direction,
        width: WIDTH,
    };
    let labels: Vec<Vec<String>> = bars
        .iter()
        .map(|b| wrap(&b.label, TEXT, WIDTH - 2 * PAD))
        .collect();
    let height = PAD * 2
        + labels
            .iter()
            .map(|l| LINE * l.len() as i32 + BAR_H + GAP + 4)
            .sum::<i32>();
    let widest_value = bars
        .iter()
        .map(|b| text_width(&b.value_text, TEXT))
        .max()
        .unwrap_or(0);
    let room = (WIDTH - 2 * PAD - widest_value - 8).max(60);
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (WIDTH as u32, height as u32)).into_drawing_area();
        let mut top = PAD;
        for (bar, lines) in bars.iter().zip(&labels) {
            for line in lines {
                let _ = root.draw(&Text::new(
                    line.clone(),
                    (canvas.x(PAD), top),
                    canvas.text_style(TEXT, false, &INK),
                ));
                top += LINE;
            }
            let bar_top = top + 2;
            let len = if max > 0.0 {
                ((bar.value / max) * room as f64).round() as i32
            } else {
                0
            };
            if len > 0 {
                let _ = root.draw(&Rectangle::new(
                    canvas.span(PAD, PAD + len, bar_top, bar_top + BAR_H),
                    BAR.filled(),
                ));
            }
            let value_at = (canvas.x(PAD + len + 6), bar_top - 1);
            let _ = root.draw(&Text::new(
                bar.value_text.clone(),
                value_at,
                canvas.text_style(TEXT, true, &INK),
            ));
            top = bar_top + BAR_H + GAP;
        }
        let _ = root.present();
    }
    accessible(&svg, id, title, desc, WIDTH, height)
}

/// The words of an indicator's progress chart.
pub struct Progress<'a> {
    pub baseline: (f64, &'a str),
    pub latest: Option<(f64, &'a str)>,
    pub target: (f64, &'a str),
}

/// One indicator on a track: baseline (hollow circle), latest (filled circle) and target
/// (diamond), each named with its value and year in a key under the track, by shape.
pub fn progress_chart(
    id: &str,
    title: &str,
    desc: &str,
    p: &Progress,
    direction: Direction,
) -> Chart {
    const PAD: i32 = 14;
    const TRACK_Y: i32 = 18;
    const KEY_TOP: i32 = 40;
    const KEY_ROW: i32 = 22;
    // Drawn narrower than bar charts: these sit in a grid of small cards.
    const W: i32 = 320;
    let canvas = Canvas {
        direction,
        width: W,
    };
    let mut values = vec![p.baseline.0, p.target.0];
    if let Some((v, _)) = p.latest {
        values.push(v);
    }
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
    let (lo, hi) = (lo - spread * 0.08, hi + spread * 0.08);
    let at = |v: f64| PAD + (((v - lo) / (hi - lo)) * (W - 2 * PAD) as f64).round() as i32;
    let rows = if p.latest.is_some() { 3 } else { 2 };
    let height = KEY_TOP + KEY_ROW * rows + 4;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W as u32, height as u32)).into_drawing_area();
        let _ = root.draw(&PathElement::new(
            vec![(canvas.x(PAD), TRACK_Y), (canvas.x(W - PAD), TRACK_Y)],
            TRACK.stroke_width(2),
        ));
        let (bx, tx) = (at(p.baseline.0), at(p.target.0));
        let _ = root.draw(&PathElement::new(
            vec![(canvas.x(bx), TRACK_Y), (canvas.x(tx), TRACK_Y)],
            BAR.stroke_width(6),
        ));
        let mut key: Vec<(Marker, &str)> = vec![(Marker::Baseline, p.baseline.1)];
        if let Some((v, words)) = p.latest {
            key.push((Marker::Latest, words));
            draw_marker(&root, Marker::Latest, (canvas.x(at(v)), TRACK_Y));
        }
        key.push((Marker::Target, p.target.1));
        draw_marker(&root, Marker::Baseline, (canvas.x(bx), TRACK_Y));
        draw_marker(&root, Marker::Target, (canvas.x(tx), TRACK_Y));
        for (row, (marker, words)) in key.iter().enumerate() {
            let y = KEY_TOP + KEY_ROW * row as i32;
            draw_marker(&root, *marker, (canvas.x(PAD + 6), y + 8));
            let _ = root.draw(&Text::new(
                words.to_string(),
                (canvas.x(PAD + 20), y),
                canvas.text_style(SMALL, false, &INK),
            ));
        }
        let _ = root.present();
    }
    accessible(&svg, id, title, desc, W, height)
}

#[derive(Clone, Copy)]
enum Marker {
    Baseline,
    Latest,
    Target,
}

fn draw_marker<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    marker: Marker,
    (x, y): (i32, i32),
) {
    let _ = match marker {
        Marker::Baseline => {
            let _ = root.draw(&Circle::new((x, y), 7, WHITE.filled()));
            root.draw(&Circle::new((x, y), 7, INK.stroke_width(2)))
        }
        Marker::Latest => root.draw(&Circle::new((x, y), 7, INK.filled())),
        Marker::Target => root.draw(&Polygon::new(
            vec![(x, y - 9), (x + 9, y), (x, y + 9), (x - 9, y)],
            INK.filled(),
        )),
    };
}

/// The finished chart: plotters' SVG made to scale with the page and speak to screen readers: a `viewBox` instead of a
/// fixed size, `role="img"`, and a `<title>` and `<desc>` referenced by `aria-labelledby`.
fn accessible(svg: &str, id: &str, title: &str, desc: &str, width: i32, height: i32) -> Chart {
    let body_start = svg
        .find("<svg")
        .and_then(|i| svg[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let body = round_font_sizes(svg[body_start..].trim());
    let esc = crate::markdown::escape;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" class=\"chart-svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{body}",
        esc(title),
        esc(desc),
    );
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        desc: desc.to_string(),
        svg,
    }
}

/// plotters divides the asked font size by 1.24 in floating point (`15.000000000000002`); the
/// sizes are rounded back so the SVG stays small and readable.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        match tail[..end].parse::<f64>() {
            Ok(size) => out.push_str(&format!("{}", (size * 100.0).round() / 100.0)),
            Err(_) => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        vec![
            Bar {
                label: "Groupes de discussion & forums".into(),
                value: 19.0,
                value_text: "19\u{a0}%".into(),
            },
            Bar {
                label: "Questionnaires".into(),
                value: 22.0,
                value_text: "22\u{a0}%".into(),
            },
        ]
    }

    #[test]
    fn a_bar_chart_has_its_title_description_labels_and_values() {
        let c = bar_chart(
            "research",
            "Méthodes de recherche",
            "Questionnaires 22 %, groupes 19 %.",
            &bars(),
            Direction::Ltr,
        );
        assert!(c
            .svg
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 "));
        assert!(c
            .svg
            .contains("role=\"img\" aria-labelledby=\"research-title research-desc\""));
        assert!(c
            .svg
            .contains("<title id=\"research-title\">Méthodes de recherche</title>"));
        assert!(c.svg.contains("Groupes de discussion &amp; forums"));
        assert!(c.svg.contains("22\u{a0}%"), "{}", c.svg);
        assert!(
            c.svg.contains("font-size=\"16\""),
            "text is written at the asked size"
        );
        assert_eq!(c.svg.matches("<rect").count(), 2);
        assert!(
            !c.svg.contains("width=\"400\""),
            "no fixed size, so it scales"
        );
    }

    #[test]
    fn the_longest_bar_belongs_to_the_largest_value() {
        let c = bar_chart("r", "t", "d", &bars(), Direction::Ltr);
        let widths: Vec<f64> = c
            .svg
            .match_indices("<rect")
            .map(|(i, _)| {
                let w = &c.svg[i..][c.svg[i..].find("width=\"").unwrap() + 7..];
                w[..w.find('"').unwrap()].parse().unwrap()
            })
            .collect();
        assert!(widths[1] > widths[0], "{widths:?}");
    }

    #[test]
    fn long_labels_wrap_instead_of_leaving_the_chart() {
        let lines = wrap(
            "Transfert des connaissances et rayonnement communautaire",
            TEXT,
            WIDTH - 8,
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, TEXT) <= WIDTH - 8));
        assert_eq!(
            lines.join(" "),
            "Transfert des connaissances et rayonnement communautaire"
        );
    }

    #[test]
    fn right_to_left_charts_anchor_text_at_the_right() {
        let c = bar_chart("r", "t", "d", &bars(), Direction::Rtl);
        assert!(c.svg.contains("text-anchor=\"end\""));
        assert!(!c.svg.contains("text-anchor=\"start\""));
    }

    #[test]
    fn a_progress_chart_names_each_marker_in_words() {
        let p = Progress {
            baseline: (61.5, "Point de départ : 61,5 % (2021)"),
            latest: Some((64.2, "Dernière mesure : 64,2 % (2025)")),
            target: (70.0, "Cible : 70 % (2028)"),
        };
        let c = progress_chart("ind", "Taux d'emploi", "…", &p, Direction::Ltr);
        for words in [
            "Point de départ : 61,5 % (2021)",
            "Dernière mesure : 64,2 % (2025)",
            "Cible : 70 % (2028)",
        ] {
            assert!(c.svg.contains(words), "{words}");
        }
        assert!(
            c.svg.contains("<polygon"),
            "the target is a diamond, not only a colour"
        );
    }
}
