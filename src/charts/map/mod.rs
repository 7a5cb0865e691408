//! A map of areas and places as inline SVG: a choropleth whose classes differ by pattern as well
//! as by shade, places drawn as a distinct shape per kind, area names written where they fit
//! (else a number, named in the key), and a key under the map.
//!
//! The map itself is never mirrored (east stays on the right); in a right-to-left chart the key
//! is, like every other chart's text: its shapes and words are anchored on the right.

mod labels;
mod projection;
mod style;
mod topology;

use std::fmt::Write as _;

use geo::{Coord, LineString, MultiPolygon, Polygon};

use super::svg::{num, Canvas, Font};
use super::{finished, line_height, paragraph, Chart, Label, WIDTH};
use crate::config::Direction;
use crate::markdown::escape;
use projection::Projection;
pub(crate) use style::Mark;
use topology::{Ring, GRID};

/// Room around the map and the key.
const PAD: f64 = 4.0;
/// The tallest a map may be, against its width: a tall region is drawn narrower.
const MAX_TALL: f64 = 1.25;
/// How far simplification may move a border, in map units (a third of a pixel on a phone).
const TOLERANCE: f64 = 0.35;
const KEY_FONT: Font = Font {
    size: 14.0,
    bold: false,
};
const KEY_HEADING: Font = Font {
    size: 14.0,
    bold: true,
};
/// Where a key's words begin, after its swatch or shape.
const KEY_TEXT: f64 = PAD + 34.0;

/// An area on the map.
pub(crate) struct MapArea {
    /// Its id, kept on its shape for tools and tests.
    pub id: String,
    pub name: Label,
    /// Longitude and latitude.
    pub shape: MultiPolygon<f64>,
    /// Its class, an index of the key's classes.
    pub class: usize,
}

/// A place on the map.
pub(crate) struct MapPoint {
    /// What kind of place it is, kept on its shape.
    pub kind: &'static str,
    pub mark: Mark,
    /// Longitude and latitude.
    pub at: (f64, f64),
}

/// The words of the key.
pub(crate) struct MapKey {
    /// What the classes measure.
    pub classes_heading: Label,
    /// Each class's range, in words: `1,100 to 1,650`.
    pub classes: Vec<String>,
    pub marks_heading: Label,
    /// Each kind of place with its shape and name, in the key's order.
    pub marks: Vec<(Mark, Label)>,
    /// The heading of the areas named by number.
    pub numbers_heading: Label,
}

/// The map of `areas` and `points`, with its key: one of the maps drawn lately when it was drawn
/// from the very same, since placing names and simplifying borders make the map the slowest chart
/// and a rebuild after an edit elsewhere asks for the same maps again.
pub(crate) fn map_chart(
    id: &str,
    title: &Label,
    desc: &str,
    areas: &[MapArea],
    points: &[MapPoint],
    key: &MapKey,
    direction: Direction,
) -> Chart {
    let map = Drawing {
        id,
        title,
        desc,
        areas,
        points,
        key,
        direction,
    };
    let drawn_from = fingerprint(&map);
    if let Some(chart) = drawn::find(&drawn_from) {
        return chart;
    }
    let chart = draw(&map);
    drawn::keep(drawn_from, &chart);
    chart
}

/// Everything a map is drawn from.
#[derive(Clone, Copy)]
struct Drawing<'a> {
    id: &'a str,
    title: &'a Label,
    desc: &'a str,
    areas: &'a [MapArea],
    points: &'a [MapPoint],
    key: &'a MapKey,
    direction: Direction,
}

/// The maps drawn lately, by the fingerprint of what each was drawn from (a few: one per language
/// of a site, and the last sites of a test run).
mod drawn {
    use std::sync::Mutex;

    use super::Chart;

    const KEPT: usize = 8;
    static DRAWN: Mutex<Vec<(blake3::Hash, Chart)>> = Mutex::new(Vec::new());

    pub(super) fn find(from: &blake3::Hash) -> Option<Chart> {
        let drawn = DRAWN.lock().ok()?;
        drawn
            .iter()
            .find(|(h, _)| h == from)
            .map(|(_, c)| c.clone())
    }

    pub(super) fn keep(from: blake3::Hash, chart: &Chart) {
        if let Ok(mut drawn) = DRAWN.lock() {
            drawn.retain(|(h, _)| *h != from);
            if drawn.len() >= KEPT {
                drawn.remove(0);
            }
            drawn.push((from, chart.clone()));
        }
    }
}

/// A fingerprint of everything a map is drawn from.
fn fingerprint(map: &Drawing) -> blake3::Hash {
    let Drawing {
        id,
        title,
        desc,
        areas,
        points,
        key,
        direction,
    } = *map;
    // Each text and list with its length first, so that no two inputs run together the same way.
    fn text(h: &mut blake3::Hasher, s: &str) {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    fn label(h: &mut blake3::Hasher, l: &Label) {
        text(h, &l.text);
        text(h, &format!("{:?}", l.lang));
    }
    let mut h = blake3::Hasher::new();
    text(&mut h, id);
    label(&mut h, title);
    text(&mut h, desc);
    text(&mut h, direction.as_str());
    h.update(&(areas.len() as u64).to_le_bytes());
    for area in areas {
        text(&mut h, &area.id);
        label(&mut h, &area.name);
        h.update(&(area.class as u64).to_le_bytes());
        h.update(&(area.shape.0.len() as u64).to_le_bytes());
        for polygon in &area.shape.0 {
            h.update(&(polygon.interiors().len() as u64).to_le_bytes());
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                h.update(&(ring.0.len() as u64).to_le_bytes());
                for c in &ring.0 {
                    h.update(&c.x.to_bits().to_le_bytes());
                    h.update(&c.y.to_bits().to_le_bytes());
                }
            }
        }
    }
    h.update(&(points.len() as u64).to_le_bytes());
    for p in points {
        text(&mut h, p.kind);
        text(&mut h, &format!("{:?}", p.mark));
        h.update(&p.at.0.to_bits().to_le_bytes());
        h.update(&p.at.1.to_bits().to_le_bytes());
    }
    label(&mut h, &key.classes_heading);
    h.update(&(key.classes.len() as u64).to_le_bytes());
    for class in &key.classes {
        text(&mut h, class);
    }
    label(&mut h, &key.marks_heading);
    h.update(&(key.marks.len() as u64).to_le_bytes());
    for (mark, name) in &key.marks {
        text(&mut h, &format!("{mark:?}"));
        label(&mut h, name);
    }
    label(&mut h, &key.numbers_heading);
    h.finalize()
}

/// Draws the map of `areas` and `points`, with its key.
fn draw(map: &Drawing) -> Chart {
    let Drawing {
        id,
        title,
        desc,
        areas,
        points,
        key,
        direction,
    } = *map;
    let inner = WIDTH - 2.0 * PAD;
    let projection = Projection::fit(
        areas.iter().map(|a| &a.shape),
        PAD,
        PAD,
        inner,
        inner * MAX_TALL,
    );
    let shapes = projected(areas, &projection);
    let mut c = Canvas::new(WIDTH, direction);
    c.raw(&style::patterns(id, key.classes.len()));
    // What every area's outline shares is said once, on the group.
    c.raw(&format!(
        "<g class=\"areas\" fill-rule=\"evenodd\" stroke=\"{}\" stroke-width=\"0.6\" stroke-linejoin=\"round\">",
        style::BORDER
    ));
    for (area, rings) in areas.iter().zip(&shapes) {
        c.raw(&area_path(id, area, rings));
    }
    c.raw("</g>");
    let marks: Vec<(Mark, (f64, f64))> = points
        .iter()
        .map(|p| (p.mark, projection.apply(p.at.0, p.at.1)))
        .collect();
    for (point, &(_, (x, y))) in points.iter().zip(&marks) {
        c.raw(&point.mark.svg(
            x,
            y,
            &format!(" class=\"service\" data-kind=\"{}\"", point.kind),
        ));
    }
    let polygons: Vec<MultiPolygon<f64>> = shapes.iter().map(as_polygons).collect();
    let numbered = labels::place(&mut c, areas, &polygons, &marks);
    let top = PAD + projection.height + 12.0;
    let height = draw_key(&mut c, id, key, &numbered, areas, top);
    finished(c, id, title, desc, height)
}

/// An area's rings in map units, simplified so that borders stay shared: `[area][polygon]` of
/// (exterior, holes).
type Shape = Vec<(Ring, Vec<Ring>)>;

fn projected(areas: &[MapArea], p: &Projection) -> Vec<Shape> {
    let ring = |line: &LineString<f64>| -> Ring {
        line.0
            .iter()
            .map(|c| {
                let (x, y) = p.apply(c.x, c.y);
                topology::snap(x, y)
            })
            .collect()
    };
    // Simplification works on flat lists of rings; the polygons are put back together after.
    let flat: Vec<Vec<Ring>> = areas
        .iter()
        .map(|a| {
            a.shape
                .0
                .iter()
                .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
                .map(ring)
                .collect()
        })
        .collect();
    let simple = topology::simplify(&flat, TOLERANCE);
    areas
        .iter()
        .zip(simple)
        .map(|(a, rings)| regroup(&a.shape, rings))
        .collect()
}

/// The simplified rings grouped again as the polygons they came from. A ring too small to keep
/// was dropped by the simplification, so rings are matched by count only when none was.
fn regroup(shape: &MultiPolygon<f64>, rings: Vec<Ring>) -> Shape {
    let counts: Vec<usize> = shape.0.iter().map(|p| 1 + p.interiors().len()).collect();
    if counts.iter().sum::<usize>() != rings.len() {
        return rings.into_iter().map(|r| (r, Vec::new())).collect();
    }
    let mut rings = rings.into_iter();
    counts
        .iter()
        .filter_map(|&n| {
            let exterior = rings.next()?;
            Some((exterior, rings.by_ref().take(n - 1).collect()))
        })
        .collect()
}

/// The shape as polygons in map units, to test where labels fit.
fn as_polygons(shape: &Shape) -> MultiPolygon<f64> {
    let line = |r: &Ring| -> LineString<f64> {
        let mut points: Vec<Coord<f64>> = r
            .iter()
            .map(|&(x, y)| Coord {
                x: x as f64 / GRID,
                y: y as f64 / GRID,
            })
            .collect();
        points.extend(points.first().copied());
        LineString(points)
    };
    MultiPolygon(
        shape
            .iter()
            .map(|(ext, holes)| Polygon::new(line(ext), holes.iter().map(line).collect()))
            .collect(),
    )
}

/// One `<path>` for the area, all its parts and holes in it.
fn area_path(id: &str, area: &MapArea, shape: &Shape) -> String {
    let mut d = String::new();
    for ring in shape
        .iter()
        .flat_map(|(e, holes)| std::iter::once(e).chain(holes))
    {
        for (i, &(x, y)) in ring.iter().enumerate() {
            let _ = write!(
                d,
                "{}{} {}",
                if i == 0 { "M" } else { "L" },
                grid_num(x),
                grid_num(y)
            );
        }
        d.push('Z');
    }
    format!(
        "<path class=\"area\" data-area=\"{}\" data-class=\"{}\" d=\"{d}\" fill=\"url(#{id}-class-{})\"/>",
        escape(&area.id),
        area.class,
        area.class,
    )
}

/// A grid coordinate in map units, as short as it can be written.
fn grid_num(v: i64) -> String {
    num(v as f64 / GRID)
}

/// The key under the map: the classes with their swatches, the kinds of places with their
/// shapes, and the areas named by number. Returns the chart's height.
fn draw_key(
    c: &mut Canvas,
    id: &str,
    key: &MapKey,
    numbered: &[(usize, usize)],
    areas: &[MapArea],
    top: f64,
) -> f64 {
    let room = WIDTH - KEY_TEXT - PAD;
    let mut top = paragraph(
        c,
        &key.classes_heading,
        PAD,
        top,
        WIDTH - 2.0 * PAD,
        KEY_HEADING,
    );
    for (class, words) in key.classes.iter().enumerate() {
        let row = line_height(KEY_FONT);
        let (a, b) = (c.x(PAD), c.x(PAD + 26.0));
        c.raw(&format!(
            "<rect class=\"swatch\" data-class=\"{class}\" x=\"{}\" y=\"{}\" width=\"26\" height=\"{}\" fill=\"url(#{}-class-{class})\" stroke=\"{}\" stroke-width=\"0.8\"/>",
            num(a.min(b)),
            num(top + 1.0),
            num(row - 2.0),
            id,
            style::BORDER
        ));
        top = paragraph(c, &Label::own(words.clone()), KEY_TEXT, top, room, KEY_FONT) + 3.0;
    }
    if !key.marks.is_empty() {
        top = paragraph(
            c,
            &key.marks_heading,
            PAD,
            top + 6.0,
            WIDTH - 2.0 * PAD,
            KEY_HEADING,
        );
        for (mark, words) in &key.marks {
            let y = top + line_height(KEY_FONT) / 2.0;
            let x = c.x(PAD + 13.0);
            c.raw(&mark.svg(x, y, " class=\"key-mark\""));
            top = paragraph(c, words, KEY_TEXT, top, room, KEY_FONT) + 3.0;
        }
    }
    if !numbered.is_empty() {
        top = paragraph(
            c,
            &key.numbers_heading,
            PAD,
            top + 6.0,
            WIDTH - 2.0 * PAD,
            KEY_HEADING,
        );
        for &(area, number) in numbered {
            let y = top + line_height(KEY_FONT) / 2.0;
            labels::badge(c, c.x(PAD + 13.0), y, number);
            top = paragraph(c, &areas[area].name, KEY_TEXT, top, room, KEY_FONT) + 3.0;
        }
    }
    top + PAD
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    fn square(x: f64, y: f64, size: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x, y: y), (x: x + size, y: y), (x: x + size, y: y + size), (x: x, y: y + size), (x: x, y: y)
        ]])
    }

    fn key(classes: usize) -> MapKey {
        MapKey {
            classes_heading: Label::own("Newcomers"),
            classes: (0..classes).map(|i| format!("class {i}")).collect(),
            marks_heading: Label::own("Services"),
            marks: vec![(Mark::Circle, Label::own("Settlement"))],
            numbers_heading: Label::own("Areas by number"),
        }
    }

    fn area(id: &str, name: &str, shape: MultiPolygon<f64>, class: usize) -> MapArea {
        MapArea {
            id: id.into(),
            name: Label::own(name),
            shape,
            class,
        }
    }

    #[test]
    fn a_short_name_is_written_inside_a_large_area_and_a_long_one_in_a_small_area_is_numbered() {
        let areas = [
            area("big", "West", square(-80.0, 43.0, 0.1), 0),
            area(
                "small",
                "A very long name that cannot fit",
                square(-79.9, 43.0, 0.01),
                1,
            ),
        ];
        let c = map_chart(
            "m",
            &Label::own("t"),
            "d",
            &areas,
            &[],
            &key(2),
            Direction::Ltr,
        );
        assert!(c.svg.contains(">West</text>"), "{}", c.svg);
        assert!(c.svg.contains("class=\"area-number\""), "{}", c.svg);
        assert_eq!(c.svg.matches("<path class=\"area\"").count(), 2);
    }

    #[test]
    fn a_map_drawn_from_the_same_is_the_one_drawn_before_and_any_change_draws_it_anew() {
        let areas = |name: &str, x: f64| {
            [
                area("a", name, square(x, 43.0, 0.1), 0),
                area("b", "East", square(-79.8, 43.0, 0.1), 1),
            ]
        };
        let chart = |areas: &[MapArea], key: &MapKey| {
            map_chart("m", &Label::own("t"), "d", areas, &[], key, Direction::Rtl)
        };
        let first = chart(&areas("West", -80.0), &key(2));
        let again = chart(&areas("West", -80.0), &key(2));
        let (title, west, two) = (Label::own("t"), areas("West", -80.0), key(2));
        let fresh = draw(&Drawing {
            id: "m",
            title: &title,
            desc: "d",
            areas: &west,
            points: &[],
            key: &two,
            direction: Direction::Rtl,
        });
        assert_eq!(again.svg, first.svg);
        assert_eq!(fresh.svg, first.svg, "the kept map is what drawing gives");
        let renamed = chart(&areas("Westmount", -80.0), &key(2));
        assert!(renamed.svg.contains("Westmount"), "{}", renamed.svg);
        let moved = chart(&areas("West", -80.05), &key(2));
        assert_ne!(moved.svg, first.svg, "a moved border draws the map anew");
        let mut other_key = key(2);
        other_key.classes[1] = "class one".into();
        assert!(chart(&areas("West", -80.0), &other_key)
            .svg
            .contains("class one"));
    }

    #[test]
    fn shapes_with_no_extent_or_one_point_draw_without_panicking() {
        let point = MultiPolygon(vec![polygon![
            (x: -80.0, y: 43.0), (x: -80.0, y: 43.0), (x: -80.0, y: 43.0), (x: -80.0, y: 43.0)
        ]]);
        let line = MultiPolygon(vec![polygon![
            (x: -80.0, y: 43.0), (x: -79.0, y: 43.0), (x: -78.0, y: 43.0), (x: -80.0, y: 43.0)
        ]]);
        let areas = [area("p", "P", point, 0), area("l", "L", line, 0)];
        let points = [MapPoint {
            kind: "health",
            mark: Mark::Cross,
            at: (-79.0, 43.0),
        }];
        let c = map_chart(
            "m",
            &Label::own("t"),
            "d",
            &areas,
            &points,
            &key(1),
            Direction::Rtl,
        );
        assert_eq!(c.svg.matches("<path class=\"area\"").count(), 2);
        assert!(
            !c.svg.contains("NaN") && !c.svg.contains("inf"),
            "{}",
            c.svg
        );
    }
}
