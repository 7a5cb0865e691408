//! Charts as inline SVG, laid out by lipsite and written directly (no plotting library, no fonts
//! loaded by the reader).
//!
//! Every text is measured in a real font ([`measure`]) and wrapped to fit, so nothing runs off the
//! chart in any script. Every label sits on its own lines above its bar and every value after its
//! bar, never on it, so colour is never needed to tell categories apart.
//!
//! Right-to-left charts are mirrored: bars grow from the right edge toward the left, labels and
//! values are anchored on the right, and a progress track runs from right to left, as Arabic and
//! Hebrew readers read, and as progress bars mirror in right-to-left interfaces. Each text keeps
//! its own direction, so a fallback label in English inside an Arabic chart reads left to right,
//! anchored on the right side.
//!
//! Only [`measure`] is public: a tool that checks or lays out chart text next to lipsite's (at
//! 320 px and 1280 px, left to right and right to left) measures it as lipsite does. Drawing
//! charts is the renderers' business and stays inside the crate.

pub(crate) mod classes;
pub(crate) mod map;
pub mod measure;
mod svg;

use measure::Weight;
use svg::{Canvas, Font};

use crate::config::Direction;
use crate::i18n::LangMark;

/// Chart space is 320 units wide, so a 320 px phone, which shows a chart 288 px wide, draws text
/// of 15 units at 13.5 px.
const WIDTH: f64 = 320.0;
const TEXT: Font = Font {
    size: 15.0,
    bold: false,
};
const VALUE: Font = Font {
    size: 15.0,
    bold: true,
};
const KEY: Font = TEXT;
/// Line height, in em: more than the font's full extent (1.16 em for DejaVu Sans), so two lines'
/// boxes never touch.
const LEADING: f64 = 1.3;

/// One finished chart.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Chart {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// The accessible SVG, ready to be put inline in the page.
    pub svg: String,
}

/// A text on a chart, with its language when it is not the chart's.
#[derive(Debug, Clone)]
pub(crate) struct Label {
    pub text: String,
    /// The text's language, when it is not the chart's (a word the translation lacks).
    pub lang: Option<LangMark>,
}

impl Label {
    /// A text in the chart's own language.
    pub(crate) fn own(text: impl Into<String>) -> Label {
        Label {
            text: text.into(),
            lang: None,
        }
    }
}

/// One bar: its label, its length, and the words written after it.
pub(crate) struct Bar {
    pub label: Label,
    pub value: f64,
    pub value_text: String,
}

/// Where the lines of a text sit: each line's box is `LEADING` em tall and its baseline leaves
/// equal room above the font's ascent and below its descent.
fn baseline_in_line(font: Font) -> f64 {
    let (ascent, descent) = measure::extent();
    (font.size * LEADING - font.size * (ascent + descent)) / 2.0 + font.size * ascent
}

fn line_height(font: Font) -> f64 {
    font.size * LEADING
}

fn weight(font: Font) -> Weight {
    if font.bold {
        Weight::Bold
    } else {
        Weight::Regular
    }
}

/// Draws `text` wrapped to `room` units, starting `from_start` units from the start edge, with
/// its first line's box at `top`; returns the top of the next line.
fn paragraph(
    c: &mut Canvas,
    label: &Label,
    from_start: f64,
    top: f64,
    room: f64,
    font: Font,
) -> f64 {
    let mut top = top;
    for line in measure::wrap(&label.text, font.size, weight(font), room) {
        c.text(
            from_start,
            top + baseline_in_line(font),
            &line,
            label.lang.as_ref(),
            font,
        );
        top += line_height(font);
    }
    top
}

/// A horizontal bar chart: each label on its own lines above its bar, the value after the bar
/// (or under it, when values are too wide to leave the bars room).
pub(crate) fn bar_chart(
    id: &str,
    title: &Label,
    desc: &str,
    bars: &[Bar],
    direction: Direction,
) -> Chart {
    const PAD: f64 = 4.0;
    const BAR_H: f64 = 16.0;
    const GAP: f64 = 12.0;
    const VALUE_GAP: f64 = 6.0;
    /// A value that is not zero gets at least a sliver of bar, so it is seen.
    const MIN_BAR: f64 = 1.5;
    let inner = WIDTH - 2.0 * PAD;
    let widest_value = bars
        .iter()
        .map(|b| measure::width(&b.value_text, VALUE.size, Weight::Bold))
        .fold(0.0, f64::max);
    let values_after_bars = widest_value + VALUE_GAP <= inner * 0.45;
    let room = if values_after_bars {
        inner - widest_value - VALUE_GAP
    } else {
        inner
    };
    let max = bars.iter().map(|b| b.value).fold(0.0_f64, f64::max);
    let mut c = Canvas::new(WIDTH, direction);
    let mut top = PAD;
    for bar in bars {
        top = paragraph(&mut c, &bar.label, PAD, top, inner, TEXT) + 2.0;
        let len = if max > 0.0 && bar.value > 0.0 {
            (bar.value / max * room).max(MIN_BAR)
        } else {
            0.0
        };
        if len > 0.0 {
            c.bar(PAD, PAD + len, top, BAR_H, svg::BAR);
        }
        let value = Label::own(bar.value_text.clone());
        if values_after_bars {
            // The value's line box is centred on the bar.
            let line_top = top + BAR_H / 2.0 - line_height(VALUE) / 2.0;
            paragraph(
                &mut c,
                &value,
                PAD + len + VALUE_GAP,
                line_top,
                widest_value + 1.0,
                VALUE,
            );
            top += BAR_H;
        } else {
            top = paragraph(&mut c, &value, PAD, top + BAR_H + 2.0, inner, VALUE);
        }
        top += GAP;
    }
    let height = top - GAP + PAD;
    finished(c, id, title, desc, height)
}

/// The words of an indicator's progress chart.
pub(crate) struct Progress<'a> {
    pub baseline: (f64, &'a str),
    pub latest: Option<(f64, &'a str)>,
    pub target: (f64, &'a str),
}

/// One indicator on a track: baseline (hollow circle), latest (filled circle) and target
/// (diamond), each named with its value and year in a key under the track, by shape.
pub(crate) fn progress_chart(
    id: &str,
    title: &Label,
    desc: &str,
    p: &Progress,
    direction: Direction,
) -> Chart {
    const PAD: f64 = 14.0;
    const TRACK_Y: f64 = 18.0;
    const KEY_TOP: f64 = 38.0;
    const KEY_TEXT: f64 = PAD + 20.0;
    const KEY_GAP: f64 = 4.0;
    const W: f64 = WIDTH;
    let mut c = Canvas::new(W, direction);
    let mut values = vec![p.baseline.0, p.target.0];
    values.extend(p.latest.map(|(v, _)| v));
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = if hi > lo { hi - lo } else { hi.abs().max(1.0) };
    let (lo, hi) = (lo - spread * 0.08, hi + spread * 0.08);
    let at = |v: f64| PAD + (v - lo) / (hi - lo) * (W - 2.0 * PAD);
    c.line(PAD, W - PAD, TRACK_Y, svg::TRACK, 2.0);
    c.line(at(p.baseline.0), at(p.target.0), TRACK_Y, svg::BAR, 6.0);
    let mut key = vec![(Marker::Baseline, p.baseline)];
    key.extend(p.latest.map(|l| (Marker::Latest, l)));
    key.push((Marker::Target, p.target));
    // The latest value is drawn last, so it shows even where it meets the baseline or target.
    for (marker, (value, _)) in key.iter().rev() {
        marker.draw(&mut c, at(*value), TRACK_Y);
    }
    let mut top = KEY_TOP;
    for (marker, (_, words)) in &key {
        marker.draw(&mut c, PAD + 6.0, top + line_height(KEY) / 2.0);
        let room = W - KEY_TEXT - 4.0;
        top = paragraph(&mut c, &Label::own(*words), KEY_TEXT, top, room, KEY) + KEY_GAP;
    }
    finished(c, id, title, desc, top)
}

#[derive(Clone, Copy)]
enum Marker {
    Baseline,
    Latest,
    Target,
}

impl Marker {
    fn draw(self, c: &mut Canvas, at: f64, y: f64) {
        match self {
            Marker::Baseline => c.circle(at, y, 7.0, svg::PAPER, Some(svg::INK)),
            Marker::Latest => c.circle(at, y, 7.0, svg::INK, None),
            Marker::Target => c.diamond(at, y, 9.0, svg::INK),
        }
    }
}

fn finished(c: Canvas, id: &str, title: &Label, desc: &str, height: f64) -> Chart {
    Chart {
        id: id.to_string(),
        title: title.text.clone(),
        desc: desc.to_string(),
        svg: c.finish(id, title, desc, height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        vec![
            Bar {
                label: Label::own("Groupes de discussion & forums"),
                value: 19.0,
                value_text: "19\u{a0}%".into(),
            },
            Bar {
                label: Label::own("Questionnaires"),
                value: 22.0,
                value_text: "22\u{a0}%".into(),
            },
        ]
    }

    /// Every `<text>`'s attributes and words.
    fn texts(svg: &str) -> Vec<(String, String)> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let (attrs, rest) = t.split_once('>').unwrap();
                let words = rest.split_once("</text>").unwrap().0;
                let words = words.replace("&#39;", "'").replace("&amp;", "&");
                (attrs.to_string(), words)
            })
            .collect()
    }

    /// The attribute `name` of every `<element>` of an SVG, as numbers.
    fn numbers(svg: &str, element: &str, name: &str) -> Vec<f64> {
        svg.split(&format!("<{element} "))
            .skip(1)
            .map(|e| attr(e, name).parse().unwrap())
            .collect()
    }

    fn attr(attrs: &str, name: &str) -> String {
        let key = format!("{name}=\"");
        let from = attrs.find(&key).unwrap() + key.len();
        attrs[from..from + attrs[from..].find('"').unwrap()].to_string()
    }

    #[test]
    fn a_bar_chart_has_its_title_description_labels_and_values() {
        let title = Label::own("Méthodes de recherche");
        let c = bar_chart(
            "research",
            &title,
            "Questionnaires 22 %, groupes 19 %.",
            &bars(),
            Direction::Ltr,
        );
        assert!(c
            .svg
            .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 320 "));
        assert!(c
            .svg
            .contains("role=\"img\" aria-labelledby=\"research-title research-desc\""));
        assert!(c
            .svg
            .contains("<title id=\"research-title\">Méthodes de recherche</title>"));
        assert!(c.svg.contains("Groupes de discussion &amp; forums"));
        assert!(c.svg.contains("22\u{a0}%"), "{}", c.svg);
        assert_eq!(c.svg.matches("<rect").count(), 2);
        assert!(
            !c.svg.contains("width=\"320\""),
            "no fixed size, so it scales"
        );
    }

    #[test]
    fn the_longest_bar_belongs_to_the_largest_value() {
        let c = bar_chart("r", &Label::own("t"), "d", &bars(), Direction::Ltr);
        let widths = numbers(&c.svg, "rect", "width");
        assert!(widths[1] > widths[0], "{widths:?}");
    }

    #[test]
    fn in_a_right_to_left_chart_every_text_ends_at_the_right_and_values_sit_left_of_their_bars() {
        let c = bar_chart("r", &Label::own("t"), "d", &bars(), Direction::Rtl);
        assert!(
            c.svg.contains("direction=\"rtl\"><title"),
            "the chart sets its own direction"
        );
        let texts = texts(&c.svg);
        let label = &texts[0].0;
        assert_eq!(attr(label, "text-anchor"), "start");
        assert_eq!(attr(label, "direction"), "rtl");
        assert_eq!(attr(label, "x"), "316");
        let rect = c.svg.split("<rect ").nth(1).unwrap();
        let left: f64 = attr(rect, "x").parse().unwrap();
        let right = left + attr(rect, "width").parse::<f64>().unwrap();
        assert_eq!(right, 316.0, "the bar grows from the right edge");
        let value = &texts[1].0;
        assert!(
            attr(value, "x").parse::<f64>().unwrap() < left,
            "the value is left of its bar"
        );
    }

    #[test]
    fn a_tiny_share_still_gets_a_visible_bar() {
        let bars = vec![
            Bar {
                label: Label::own("Staff"),
                value: 250_000.0,
                value_text: "$250,000".into(),
            },
            Bar {
                label: Label::own("Interpretation"),
                value: 100.0,
                value_text: "$100".into(),
            },
        ];
        let c = bar_chart("s", &Label::own("t"), "d", &bars, Direction::Ltr);
        let widths = numbers(&c.svg, "rect", "width");
        assert!(widths[1] >= 1.5, "{widths:?}");
    }

    #[test]
    fn wide_values_go_under_their_bars_instead_of_squeezing_them() {
        let bars = vec![Bar {
            label: Label::own("Staff"),
            value: 1.0,
            value_text: "1 234 567 890 $ (100 %) — budget approuvé par le conseil".into(),
        }];
        let c = bar_chart("s", &Label::own("t"), "d", &bars, Direction::Ltr);
        let rect = c.svg.split("<rect ").nth(1).unwrap();
        assert_eq!(attr(rect, "width"), "312", "the bar takes the whole width");
        for (attrs, words) in texts(&c.svg) {
            let x: f64 = attr(&attrs, "x").parse().unwrap();
            let w = measure::width(&words, 15.0, Weight::Bold);
            assert!(x + w <= WIDTH, "{words} runs off the chart");
        }
    }

    #[test]
    fn a_fallback_label_keeps_its_language_and_direction_in_an_arabic_chart() {
        let bars = vec![Bar {
            label: Label {
                text: "Focus groups".into(),
                lang: Some(LangMark {
                    locale: "en-CA".into(),
                    dir: Direction::Ltr,
                }),
            },
            value: 40.0,
            value_text: "40\u{a0}٪".into(),
        }];
        let c = bar_chart("r", &Label::own("طرق البحث"), "d", &bars, Direction::Rtl);
        let (attrs, words) = &texts(&c.svg)[0];
        assert_eq!(words, "Focus groups");
        assert_eq!(attr(attrs, "lang"), "en-CA");
        assert_eq!(attr(attrs, "direction"), "ltr");
        assert_eq!(
            attr(attrs, "text-anchor"),
            "end",
            "its end is on the chart's right side"
        );
        assert_eq!(attr(attrs, "x"), "316");
    }

    #[test]
    fn a_progress_chart_names_each_marker_in_words() {
        let p = Progress {
            baseline: (61.5, "Point de départ : 61,5 % (2021)"),
            latest: Some((58.2, "Dernière mesure : 58,2 % (2025)")),
            target: (70.0, "Cible : 70 % (2028)"),
        };
        let c = progress_chart("ind", &Label::own("Taux d'emploi"), "…", &p, Direction::Ltr);
        for words in [
            "Point de départ : 61,5 % (2021)",
            "Dernière mesure : 58,2 % (2025)",
            "Cible : 70 % (2028)",
        ] {
            assert!(c.svg.contains(words), "{words}");
        }
        assert!(
            c.svg.contains("<polygon"),
            "the target is a diamond, not only a colour"
        );
    }

    #[test]
    fn a_mirrored_progress_track_puts_lower_values_on_the_right() {
        let p = Progress {
            baseline: (40.0, "خط الأساس"),
            latest: None,
            target: (80.0, "المستهدف"),
        };
        let c = progress_chart("ind", &Label::own("t"), "d", &p, Direction::Rtl);
        let circles = numbers(&c.svg, "circle", "cx");
        let diamond = c.svg.split("<polygon points=\"").nth(1).unwrap();
        let target_x: f64 = diamond.split(',').next().unwrap().parse().unwrap();
        // The first circle is the baseline on the track; the second its key marker.
        assert!(
            circles[0] > target_x,
            "baseline {} right of target {target_x}",
            circles[0]
        );
        assert_eq!(circles[1], 300.0, "key markers sit at the right edge");
    }

    #[test]
    fn long_key_texts_wrap_inside_the_chart() {
        let long = "Dernière mesure : 12\u{a0}345\u{a0}678 visites au Carrefour d'accueil des nouveaux arrivants (2025)";
        let p = Progress {
            baseline: (1.0, "Point de départ : 1 (2021)"),
            latest: Some((2.0, long)),
            target: (3.0, "Cible : 3 (2028)"),
        };
        let c = progress_chart("ind", &Label::own("t"), "d", &p, Direction::Ltr);
        let lines: Vec<String> = texts(&c.svg).into_iter().map(|(_, w)| w).collect();
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(
                measure::width(line, 15.0, Weight::Regular) <= 320.0 - 38.0,
                "{line}"
            );
        }
    }
}
