//! Area names on the map: each name is written inside its area, on one line or two, where it
//! covers no other name and no place; an area whose name fits nowhere gets a number instead,
//! which the key names. Every text is measured in the chart's font ([`measure`]).

use std::fmt::Write as _;

use geo::{BoundingRect, Centroid, Contains, InteriorPoint, MultiPolygon, Point};

use super::super::measure::{self, Weight};
use super::super::svg::{lang_attribute, num, Canvas, INK, PAPER};
use super::{MapArea, Mark};
use crate::markdown::escape;

const NAME_SIZE: f64 = 12.0;
const NUMBER_SIZE: f64 = 11.0;
const BADGE_R: f64 = 7.5;
/// How far from a place's centre a name keeps.
const MARK_R: f64 = 6.0;
/// The most areas the key names by number: beyond, numbers would crowd the map and the key, and
/// the table beside the map names every area.
const MAX_NUMBERED: usize = 24;

/// A box taken on the map: left, top, right, bottom.
#[derive(Clone, Copy)]
struct Taken(f64, f64, f64, f64);

impl Taken {
    fn around(x: f64, y: f64, half_w: f64, half_h: f64) -> Taken {
        Taken(x - half_w, y - half_h, x + half_w, y + half_h)
    }

    fn meets(&self, o: &Taken) -> bool {
        self.0 < o.2 && o.0 < self.2 && self.1 < o.3 && o.1 < self.3
    }

    /// Inside the shape: nine points of the box (its corners, the middles of its sides and its
    /// centre) are, and no point of a border or hole falls within the box.
    fn inside(&self, shape: &MultiPolygon<f64>) -> bool {
        let xs = [self.0, (self.0 + self.2) / 2.0, self.2];
        let ys = [self.1, (self.1 + self.3) / 2.0, self.3];
        let corners_in = xs
            .iter()
            .all(|&x| ys.iter().all(|&y| shape.contains(&Point::new(x, y))));
        corners_in
            && !shape.0.iter().any(|p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors())
                    .flat_map(|ring| ring.0.iter())
                    .any(|c| self.0 < c.x && c.x < self.2 && self.1 < c.y && c.y < self.3)
            })
    }
}

/// Writes each area's name, or a number; returns the areas that got a number, with it.
pub(super) fn place(
    c: &mut Canvas,
    areas: &[MapArea],
    shapes: &[MultiPolygon<f64>],
    marks: &[(Mark, (f64, f64))],
) -> Vec<(usize, usize)> {
    let mut taken: Vec<Taken> = marks
        .iter()
        .map(|(_, (x, y))| Taken::around(*x, *y, MARK_R, MARK_R))
        .collect();
    let unnamed: Vec<(usize, Point<f64>)> = areas
        .iter()
        .zip(shapes)
        .enumerate()
        .filter_map(|(i, (area, shape))| {
            let centre = shape.interior_point()?;
            (!name(c, area, shape, centre, &mut taken)).then_some((i, centre))
        })
        .collect();
    if unnamed.len() > MAX_NUMBERED {
        return Vec::new();
    }
    let mut numbered = Vec::new();
    for (i, centre) in unnamed {
        let shape = &shapes[i];
        numbered.push((i, numbered.len() + 1));
        let free = candidates(shape, centre).into_iter().find(|&(x, y)| {
            let b = Taken::around(x, y, BADGE_R, BADGE_R);
            shape.contains(&Point::new(x, y)) && !taken.iter().any(|t| t.meets(&b))
        });
        let (x, y) = free.unwrap_or((centre.x(), centre.y()));
        taken.push(Taken::around(x, y, BADGE_R, BADGE_R));
        badge(c, x, y, numbered.len());
    }
    numbered
}

/// Where a label may go: the area's interior point, then points of a grid over the area, the
/// nearest to its centre first.
fn candidates(shape: &MultiPolygon<f64>, centre: Point<f64>) -> Vec<(f64, f64)> {
    let mut points = vec![(centre.x(), centre.y())];
    let Some(bounds) = shape.bounding_rect() else {
        return points;
    };
    let middle = shape.centroid().unwrap_or(centre);
    let step = (bounds.width().max(bounds.height()) / 12.0).max(3.0);
    let (nx, ny) = (
        (bounds.width() / step) as usize,
        (bounds.height() / step) as usize,
    );
    let mut grid: Vec<(f64, f64)> = (0..=nx)
        .flat_map(|i| (0..=ny).map(move |j| (i, j)))
        .map(|(i, j)| {
            (
                bounds.min().x + i as f64 * step,
                bounds.min().y + j as f64 * step,
            )
        })
        .collect();
    let from_middle = |p: &(f64, f64)| (p.0 - middle.x()).powi(2) + (p.1 - middle.y()).powi(2);
    grid.sort_by(|a, b| from_middle(a).total_cmp(&from_middle(b)));
    points.extend(grid.into_iter().take(160));
    points
}

/// Writes the area's name where it fits, on one line or else two; `false` when it fits nowhere.
fn name(
    c: &mut Canvas,
    area: &MapArea,
    shape: &MultiPolygon<f64>,
    centre: Point<f64>,
    taken: &mut Vec<Taken>,
) -> bool {
    let lead = NAME_SIZE * super::super::LEADING;
    let Some(bounds) = shape.bounding_rect().filter(|b| b.height() >= lead) else {
        return false;
    };
    let spots = &candidates(shape, centre);
    let one = vec![area.name.text.clone()];
    let two = measure::wrap(
        &area.name.text,
        NAME_SIZE,
        Weight::Bold,
        bounds.width() * 0.9,
    );
    for lines in [one, two] {
        if lines.len() > 2 || lines.iter().all(|l| l.is_empty()) {
            continue;
        }
        let width = lines
            .iter()
            .map(|l| measure::width(l, NAME_SIZE, Weight::Bold))
            .fold(0.0, f64::max);
        let (half_w, half_h) = (width / 2.0 + 1.5, lines.len() as f64 * lead / 2.0);
        for &(x, y) in spots {
            let b = Taken::around(x, y, half_w, half_h);
            if b.inside(shape) && !taken.iter().any(|t| t.meets(&b)) {
                taken.push(b);
                write_name(c, area, &lines, x, y - half_h, lead);
                return true;
            }
        }
    }
    false
}

/// The lines of a name, centred on `x`, the first line's box at `top`, with a white halo so
/// they read on every shade and pattern.
fn write_name(c: &mut Canvas, area: &MapArea, lines: &[String], x: f64, top: f64, lead: f64) {
    let (ascent, descent) = measure::extent();
    let baseline = (lead - NAME_SIZE * (ascent + descent)) / 2.0 + NAME_SIZE * ascent;
    let dir = area.name.lang.as_ref().map_or(c.direction(), |l| l.dir);
    let mut svg = String::new();
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            svg,
            "<text class=\"area-name\" x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"bold\" fill=\"{INK}\" stroke=\"{PAPER}\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\" direction=\"{}\" text-anchor=\"middle\"{}>{}</text>",
            num(x),
            num(top + i as f64 * lead + baseline),
            num(NAME_SIZE),
            dir.as_str(),
            lang_attribute(area.name.lang.as_ref()),
            escape(line)
        );
    }
    c.raw(&svg);
}

/// A number in a white disc, for an area named in the key.
pub(super) fn badge(c: &mut Canvas, x: f64, y: f64, number: usize) {
    let (ascent, descent) = measure::extent();
    let baseline = y + NUMBER_SIZE * (ascent - descent) / 2.0;
    c.raw(&format!(
        "<circle class=\"badge\" cx=\"{}\" cy=\"{}\" r=\"{BADGE_R}\" fill=\"{PAPER}\" stroke=\"{INK}\" stroke-width=\"1\"/><text class=\"area-number\" x=\"{}\" y=\"{}\" font-size=\"{NUMBER_SIZE}\" font-weight=\"bold\" fill=\"{INK}\" text-anchor=\"middle\">{number}</text>",
        num(x),
        num(y),
        num(x),
        num(baseline)
    ));
}
