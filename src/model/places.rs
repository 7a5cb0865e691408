//! Where the areas are: `data/areas.geojson` read, checked and joined by id to the areas of
//! `data/context.yaml`, and the service locations of `data/services.yaml` checked against them.
//!
//! The file is GeoJSON (RFC 7946): a `FeatureCollection` whose features are `Polygon` or
//! `MultiPolygon` shapes in longitude and latitude, each naming its area by `id` (the feature's
//! own `id`, or an `id` among its `properties`). Every feature is read on its own, so a mistake
//! is reported at its line and column and the other features are still checked.

use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::data::ContextData;
use super::lists::ServiceData;
use super::Area;
use crate::diagnostics::{Pos, Problems, SourceFile};
use crate::layout;
use crate::yaml;

/// The shape of one area as the file gives it.
#[derive(Debug)]
struct AreaShape {
    id: String,
    /// Where its feature begins, for messages.
    at: Pos,
    shape: MultiPolygon<f64>,
}

/// The top of the file: only the features are looked at; each stays raw text, so that its
/// place in the file is known.
#[derive(Deserialize)]
struct Collection<'a> {
    #[serde(rename = "type")]
    kind: String,
    #[serde(borrow)]
    features: Vec<&'a RawValue>,
}

/// The hint that every message about the file's format ends with.
const FORMAT_HINT: &str = "data/areas.geojson is a GeoJSON FeatureCollection of Polygon or MultiPolygon features in longitude and latitude, each with an `id` of an area in data/context.yaml; docs/content-format.md shows one";

/// Gives each area of `areas` its shape from `file`, reporting what cannot be used. An area
/// without a shape is a warning: the map leaves it out.
pub(super) fn attach_shapes(
    file: &SourceFile,
    context: Option<(&SourceFile, &ContextData)>,
    areas: &mut [Area],
    problems: &mut Problems,
) {
    let mut own = Problems::default();
    let shapes = read(file, &mut own);
    // A file with mistakes leaves areas without shapes: saying so for each would only repeat them.
    let file_has_errors = own.has_errors();
    problems.extend(own.into_sorted());
    for shape in shapes {
        match areas.iter_mut().find(|a| a.id == shape.id) {
            Some(area) if area.shape.is_some() => problems.push(
                file.error(shape.at, format!("area `{}` has a second shape", shape.id))
                    .hint("give each area one feature; a MultiPolygon holds an area made of several parts"),
            ),
            Some(area) => area.shape = Some(shape.shape),
            None => problems.push(
                file.error(shape.at, format!("no area has the id `{}`", shape.id))
                    .hint(format!(
                        "the `id` of each feature is the id of an area in {}: {}",
                        layout::data_file_shown("context"),
                        known(areas)
                    )),
            ),
        }
    }
    let Some((context_file, data)) = context.filter(|_| !file_has_errors) else {
        return;
    };
    for (area, written) in areas.iter().zip(&data.areas) {
        if area.shape.is_none() {
            problems.push(
                context_file
                    .warning(
                        yaml::pos_of(&written.id, 1),
                        format!(
                            "area `{}` has no shape in {}, so the map leaves it out",
                            area.id,
                            layout::area_shapes_shown()
                        ),
                    )
                    .hint("add a feature with this id to data/areas.geojson"),
            );
        }
    }
}

fn known(areas: &[Area]) -> String {
    if areas.is_empty() {
        return "there are none yet".to_string();
    }
    let ids: Vec<String> = areas.iter().map(|a| format!("`{}`", a.id)).collect();
    ids.join(", ")
}

/// Warns about each service location that lies outside every area with a shape: the map
/// cannot show it.
pub(super) fn check_services(
    areas: &[Area],
    services: Option<(&SourceFile, &Vec<ServiceData>)>,
    problems: &mut Problems,
) {
    let shapes: Vec<&MultiPolygon<f64>> = areas.iter().filter_map(|a| a.shape.as_ref()).collect();
    let Some((file, list)) = services else {
        return;
    };
    if shapes.is_empty() {
        return;
    }
    for service in list {
        let Some(at) = &service.at else { continue };
        let [lon, lat] = at.value;
        let point = Point::new(lon, lat);
        if !shapes.iter().any(|s| s.contains(&point)) {
            problems.push(
                file.warning(
                    yaml::pos_of(at, 1),
                    format!(
                        "service location `{}` at [{lon}, {lat}] is outside every area of {}, so the map leaves it out",
                        service.id.value,
                        layout::area_shapes_shown()
                    ),
                )
                .hint("check that longitude comes first and latitude second, or draw the area it is in"),
            );
        }
    }
}

/// Every usable shape of the file.
fn read(file: &SourceFile, problems: &mut Problems) -> Vec<AreaShape> {
    let text: &str = &file.text;
    let collection: Collection = match serde_json::from_str(text) {
        Ok(c) => c,
        Err(e) => {
            problems.push(
                file.error(
                    json_pos(text, 0, &e),
                    format!("this is not GeoJSON: {}", json_message(&e)),
                )
                .hint(FORMAT_HINT),
            );
            return Vec::new();
        }
    };
    if collection.kind != "FeatureCollection" {
        problems.push(
            file.error(
                Pos::new(1, 1),
                format!(
                    "the file is a `{}`, not a `FeatureCollection`",
                    collection.kind
                ),
            )
            .hint(FORMAT_HINT),
        );
        return Vec::new();
    }
    let mut projected_reported = false;
    let mut shapes = Vec::new();
    for raw in collection.features {
        let start = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let feature = Feature {
            file,
            text: raw.get(),
            start,
        };
        if let Some(shape) = feature.read(problems, &mut projected_reported) {
            shapes.push(shape);
        }
    }
    shapes
}

/// One feature of the file, as raw text at byte `start`.
struct Feature<'a> {
    file: &'a SourceFile,
    text: &'a str,
    start: usize,
}

impl Feature<'_> {
    fn at(&self, offset: usize) -> Pos {
        pos_at(&self.file.text, self.start + offset)
    }

    /// Where the feature's coordinates are, for messages about them.
    fn coordinates_at(&self) -> Pos {
        self.at(self.text.find("\"coordinates\"").unwrap_or(0))
    }

    fn read(&self, problems: &mut Problems, projected_reported: &mut bool) -> Option<AreaShape> {
        let feature: geojson::Feature = match serde_json::from_str(self.text) {
            Ok(f) => f,
            Err(e) => {
                let pos = json_pos(&self.file.text, self.start, &e);
                problems.push(
                    self.file
                        .error(
                            pos,
                            format!("this feature is not GeoJSON: {}", json_message(&e)),
                        )
                        .hint(FORMAT_HINT),
                );
                return None;
            }
        };
        let Some(id) = feature_id(&feature) else {
            problems.push(
                self.file.error(self.at(0), "this feature has no `id`").hint(
                    "give it `\"id\": \"downtown\"` (or a property `id`), the id of its area in data/context.yaml",
                ),
            );
            return None;
        };
        let polygons = match feature.geometry.map(|g| g.value) {
            Some(geojson::GeometryValue::Polygon { coordinates }) => vec![coordinates],
            Some(geojson::GeometryValue::MultiPolygon { coordinates }) => coordinates,
            other => {
                let what = other.map_or("no geometry", |g| g.type_name());
                problems.push(
                    self.file
                        .error(self.at(0), format!("the shape of area `{id}` is {what}, not a Polygon or MultiPolygon"))
                        .hint("an area is drawn as a Polygon, or a MultiPolygon when it has several parts"),
                );
                return None;
            }
        };
        let mut shape = Vec::new();
        for polygon in &polygons {
            let mut rings = Vec::new();
            for ring in polygon {
                rings.push(self.ring(&id, ring, problems, projected_reported)?);
            }
            let mut rings = rings.into_iter();
            let exterior = rings.next()?;
            shape.push(Polygon::new(exterior, rings.collect()));
        }
        if shape.is_empty() {
            problems.push(
                self.file
                    .error(
                        self.coordinates_at(),
                        format!("the shape of area `{id}` has no polygon"),
                    )
                    .hint("an area's shape needs at least one ring of points"),
            );
            return None;
        }
        Some(AreaShape {
            at: self.at(self.text.find(&format!("\"{id}\"")).unwrap_or(0)),
            id,
            shape: MultiPolygon(shape),
        })
    }

    /// One ring: at least four points, the last the same as the first, all on the globe.
    fn ring(
        &self,
        id: &str,
        ring: &[geojson::Position],
        problems: &mut Problems,
        projected_reported: &mut bool,
    ) -> Option<LineString<f64>> {
        let at = self.coordinates_at();
        let mut points = Vec::with_capacity(ring.len());
        for position in ring {
            let [lon, lat] = match position.as_slice() {
                [lon, lat, ..] => [*lon, *lat],
                _ => {
                    problems.push(
                        self.file
                            .error(
                                at,
                                format!("a point of area `{id}` has fewer than two numbers"),
                            )
                            .hint("write each point as `[longitude, latitude]`"),
                    );
                    return None;
                }
            };
            if !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
                if !*projected_reported {
                    *projected_reported = true;
                    problems.push(
                        self.file
                            .error(at, format!("`[{lon}, {lat}]` in area `{id}` is not a longitude and latitude"))
                            .hint("the file is probably in a projected system (metres, like Statistics Canada's Lambert files); convert it with `ogr2ogr -t_srs EPSG:4326 -f GeoJSON data/areas.geojson boundaries.shp` or `mapshaper boundaries.shp -proj wgs84 -o format=geojson data/areas.geojson`"),
                    );
                }
                return None;
            }
            points.push(Coord { x: lon, y: lat });
        }
        if points.len() < 4 {
            problems.push(
                self.file
                    .error(at, format!("a ring of area `{id}` has {} points; a ring needs at least 4", points.len()))
                    .hint("a ring lists three corners or more, then its first point again to close it"),
            );
            return None;
        }
        if points.first() != points.last() {
            problems.push(
                self.file
                    .error(
                        at,
                        format!(
                            "a ring of area `{id}` is not closed: its last point is not its first"
                        ),
                    )
                    .hint("repeat the ring's first point at its end, as GeoJSON requires"),
            );
            return None;
        }
        Some(LineString(points))
    }
}

/// The feature's `id`, or else its property `id`, as text.
fn feature_id(feature: &geojson::Feature) -> Option<String> {
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match &feature.id {
        Some(geojson::feature::Id::String(s)) => Some(s.clone()),
        Some(geojson::feature::Id::Number(n)) => Some(n.to_string()),
        None => feature.properties.as_ref()?.get("id").and_then(text),
    }
}

/// The position, in lines and characters, of byte `offset` of `text`.
fn pos_at(text: &str, offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos::new(
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

/// Where serde_json found its error in a text that starts at byte `start` of `whole`.
fn json_pos(whole: &str, start: usize, e: &serde_json::Error) -> Pos {
    if e.line() == 0 {
        return pos_at(whole, start);
    }
    let text = &whole[start..];
    // serde_json counts lines from 1 and columns in bytes from 1 within the text it read.
    let mut offset = 0;
    for _ in 1..e.line() {
        offset += text[offset..]
            .find('\n')
            .map_or(text.len() - offset, |i| i + 1);
    }
    let mut column = e.column().saturating_sub(1);
    while !text.is_char_boundary((offset + column).min(text.len())) {
        column -= 1;
    }
    pos_at(whole, start + (offset + column).min(text.len()))
}

/// serde_json's message without the position it adds at the end.
fn json_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> (Vec<AreaShape>, Vec<String>) {
        let file = SourceFile::new("data/areas.geojson", text);
        let mut problems = Problems::default();
        let shapes = read(&file, &mut problems);
        let messages = problems
            .into_sorted()
            .iter()
            .map(|p| format!("{} {}", p.location(), p.render(false)))
            .collect();
        (shapes, messages)
    }

    const SQUARE: &str = "[[[0,0],[1,0],[1,1],[0,1],[0,0]]]";

    #[test]
    fn a_polygon_and_a_multipolygon_with_a_hole_are_read_by_id() {
        let text = format!(
            "{{\"type\":\"FeatureCollection\",\"features\":[\n{{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{SQUARE}}},\"properties\":null}},\n{{\"type\":\"Feature\",\"properties\":{{\"id\":\"b\"}},\"geometry\":{{\"type\":\"MultiPolygon\",\"coordinates\":[[[[2,0],[5,0],[5,3],[2,3],[2,0]],[[3,1],[4,1],[4,2],[3,2],[3,1]]],{SQUARE}]}}}}]}}"
        );
        let (shapes, problems) = shapes(&text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(shapes.len(), 2);
        assert_eq!(shapes[1].id, "b");
        assert_eq!(shapes[1].shape.0.len(), 2);
        assert_eq!(shapes[1].shape.0[0].interiors().len(), 1);
        assert_eq!(shapes[1].at, Pos::new(3, 38), "at the id");
    }

    #[test]
    fn broken_json_is_reported_at_its_line_and_column() {
        let (_, problems) = shapes("{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\" \"id\": 1}]}");
        assert!(
            problems[0].starts_with("data/areas.geojson:3:22 "),
            "{problems:?}"
        );
    }

    #[test]
    fn a_broken_feature_is_reported_inside_the_file_and_the_others_are_read() {
        let text = format!("{{\"type\":\"FeatureCollection\",\"features\":[\n{{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{SQUARE}}},\"properties\":null}},\n  {{\"type\":\"Feature\",\"id\":\"b\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}},\"properties\":null}}]}}");
        let (shapes, problems) = shapes(&text);
        assert_eq!(shapes.len(), 1);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("has 3 points"), "{problems:?}");
        assert!(problems[0].contains(":3:"), "{problems:?}");
    }

    #[test]
    fn projected_coordinates_are_reported_once_with_the_command_that_converts_them() {
        let ring = "[[[7000000,1200000],[7000100,1200000],[7000100,1200100],[7000000,1200000]]]";
        let text = format!("{{\"type\":\"FeatureCollection\",\"features\":[{{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{ring}}},\"properties\":{{}}}},{{\"type\":\"Feature\",\"id\":\"b\",\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{ring}}},\"properties\":{{}}}}]}}");
        let (shapes, problems) = shapes(&text);
        assert!(shapes.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("EPSG:4326"), "{problems:?}");
    }

    #[test]
    fn positions_count_characters_after_multibyte_text() {
        assert_eq!(pos_at("é\n\"ab\"", 4), Pos::new(2, 2));
        assert_eq!(pos_at("ééx", 4), Pos::new(1, 3));
    }
}
