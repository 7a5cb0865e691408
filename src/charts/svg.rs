//! The SVG of a chart, written directly: shapes and text in chart units, placed from the chart's
//! start edge (left in a left-to-right chart, right in a right-to-left one).
//!
//! Every text carries its own `direction` and `text-anchor`, and the `<svg>` its own `direction`,
//! so a chart reads the same whatever page, theme or `dir` it is put in.

use std::fmt::Write as _;

use super::Label;
use crate::config::Direction;
use crate::i18n::LangMark;
use crate::markdown::escape;

pub(super) const INK: &str = "#1d2327";
/// Dark teal bars: 7.6:1 on white, well above the 3:1 that graphics need.
pub(super) const BAR: &str = "#0b5563";
pub(super) const TRACK: &str = "#646e78";
pub(super) const PAPER: &str = "#ffffff";

/// A chart being drawn.
pub(super) struct Canvas {
    direction: Direction,
    width: f64,
    body: String,
}

/// How a text is drawn.
#[derive(Clone, Copy)]
pub(super) struct Font {
    pub size: f64,
    pub bold: bool,
}

impl Canvas {
    pub(super) fn new(width: f64, direction: Direction) -> Canvas {
        Canvas {
            direction,
            width,
            body: String::new(),
        }
    }

    /// The x of a point `from_start` units from the start edge.
    pub(super) fn x(&self, from_start: f64) -> f64 {
        match self.direction {
            Direction::Ltr => from_start,
            Direction::Rtl => self.width - from_start,
        }
    }

    /// A filled box spanning `start..end` from the start edge, `top..top + height` down.
    pub(super) fn bar(&mut self, start: f64, end: f64, top: f64, height: f64, fill: &str) {
        let (a, b) = (self.x(start), self.x(end));
        let _ = write!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            num(a.min(b)),
            num(top),
            num((a - b).abs()),
            num(height)
        );
    }

    /// SVG written by a chart that draws what the canvas has no shape for (a map's areas).
    pub(super) fn raw(&mut self, svg: &str) {
        self.body.push_str(svg);
    }

    /// The chart's direction.
    pub(super) fn direction(&self) -> Direction {
        self.direction
    }

    /// A horizontal line from `start` to `end`, measured from the start edge, at `y`.
    pub(super) fn line(&mut self, start: f64, end: f64, y: f64, stroke: &str, width: f64) {
        let _ = write!(
            self.body,
            "<path d=\"M{} {}H{}\" stroke=\"{stroke}\" stroke-width=\"{}\" fill=\"none\"/>",
            num(self.x(start)),
            num(y),
            num(self.x(end)),
            num(width)
        );
    }

    pub(super) fn circle(&mut self, at: f64, y: f64, r: f64, fill: &str, stroke: Option<&str>) {
        let stroke = stroke
            .map(|s| format!(" stroke=\"{s}\" stroke-width=\"2\""))
            .unwrap_or_default();
        let _ = write!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\"{stroke}/>",
            num(self.x(at)),
            num(y),
            num(r)
        );
    }

    /// A diamond of half-width `r` centred `at` units from the start edge.
    pub(super) fn diamond(&mut self, at: f64, y: f64, r: f64, fill: &str) {
        let x = self.x(at);
        let _ = write!(
            self.body,
            "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"{fill}\"/>",
            num(x),
            num(y - r),
            num(x + r),
            num(y),
            num(x),
            num(y + r),
            num(x - r),
            num(y)
        );
    }

    /// One line of text whose start-side edge is `from_start` units from the chart's start edge,
    /// running toward its end edge, on the baseline `baseline`.
    pub(super) fn text(
        &mut self,
        from_start: f64,
        baseline: f64,
        text: &str,
        lang: Option<&LangMark>,
        font: Font,
    ) {
        let own = lang.map_or(self.direction, |l| l.dir);
        // `start` anchors the edge where the text begins in its own direction: for a text written
        // the chart's way that is the chart's start side; otherwise it is the other end.
        let anchor = if own == self.direction {
            "start"
        } else {
            "end"
        };
        let weight = if font.bold {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let _ = write!(
            self.body,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{weight} fill=\"{INK}\" direction=\"{}\" text-anchor=\"{anchor}\"{}>{}</text>",
            num(self.x(from_start)),
            num(baseline),
            num(font.size),
            own.as_str(),
            lang_attribute(lang),
            escape(text)
        );
    }

    /// The finished `<svg>`: scaled by its `viewBox`, an image to screen readers, named by its
    /// `<title>` and described by its `<desc>`.
    pub(super) fn finish(self, id: &str, title: &Label, desc: &str, height: f64) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" class=\"chart-svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" direction=\"{}\"><title id=\"{id}-title\"{}>{}</title><desc id=\"{id}-desc\">{}</desc>{}</svg>",
            num(self.width),
            num(height.ceil()),
            self.direction.as_str(),
            lang_attribute(title.lang.as_ref()),
            escape(&title.text),
            escape(desc),
            self.body
        )
    }
}

pub(super) fn lang_attribute(lang: Option<&LangMark>) -> String {
    lang.map(|l| format!(" lang=\"{}\"", escape(&l.locale)))
        .unwrap_or_default()
}

/// A coordinate with at most one decimal, as short as it can be written.
pub(super) fn num(v: f64) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_charts_measure_from_the_right_edge() {
        let mut c = Canvas::new(400.0, Direction::Rtl);
        c.bar(4.0, 104.0, 10.0, 16.0, BAR);
        assert!(
            c.body.contains("<rect x=\"296\" y=\"10\" width=\"100\""),
            "{}",
            c.body
        );
    }

    #[test]
    fn text_in_the_chart_s_direction_is_anchored_at_its_start() {
        let font = Font {
            size: 16.0,
            bold: false,
        };
        let mut c = Canvas::new(400.0, Direction::Rtl);
        c.text(4.0, 20.0, "المستهدف", None, font);
        assert!(c.body.contains("x=\"396\""), "{}", c.body);
        assert!(
            c.body.contains("direction=\"rtl\" text-anchor=\"start\""),
            "{}",
            c.body
        );
        let english = LangMark {
            locale: "en-CA".into(),
            dir: Direction::Ltr,
        };
        c.text(4.0, 40.0, "Focus groups", Some(&english), font);
        assert!(
            c.body
                .contains("direction=\"ltr\" text-anchor=\"end\" lang=\"en-CA\">Focus groups"),
            "{}",
            c.body
        );
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.349), "12.3");
        assert_eq!(num(-0.04), "0");
    }
}
