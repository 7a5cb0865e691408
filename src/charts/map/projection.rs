//! From longitude and latitude to map units, computed from the extent of the data: an
//! equirectangular projection whose east-west scale is corrected by the cosine of the middle
//! latitude, so a city or a region keeps its proportions (within a fraction of a percent over
//! tens of kilometres). North is up; y grows downward, as SVG's does.

use geo::{BoundingRect, MultiPolygon};

/// The projection of one map.
#[derive(Debug, Clone, Copy)]
pub(super) struct Projection {
    west: f64,
    north: f64,
    /// Map units per degree of latitude.
    scale: f64,
    /// The cosine of the middle latitude: how much shorter a degree of longitude is.
    squeeze: f64,
    left: f64,
    top: f64,
    /// How tall the projected extent is drawn.
    pub height: f64,
}

impl Projection {
    /// The projection that fits `shapes` into `width` units across and at most `max_height`
    /// down, centred across, from `(left, top)`.
    pub(super) fn fit<'a>(
        shapes: impl IntoIterator<Item = &'a MultiPolygon<f64>>,
        left: f64,
        top: f64,
        width: f64,
        max_height: f64,
    ) -> Projection {
        let (mut west, mut south, mut east, mut north) = (
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        );
        for shape in shapes {
            if let Some(r) = shape.bounding_rect() {
                west = west.min(r.min().x);
                south = south.min(r.min().y);
                east = east.max(r.max().x);
                north = north.max(r.max().y);
            }
        }
        if !west.is_finite() {
            (west, south, east, north) = (0.0, 0.0, 1.0, 1.0);
        }
        let squeeze = ((south + north) / 2.0).to_radians().cos().max(0.01);
        // A shape with no extent (a line, a point) still gets a scale.
        let across = ((east - west) * squeeze).max(1e-9);
        let down = (north - south).max(1e-9);
        let scale = (width / across).min(max_height / down);
        let (w, h) = (across * scale, down * scale);
        Projection {
            west,
            north,
            scale,
            squeeze,
            left: left + (width - w) / 2.0,
            top,
            height: h,
        }
    }

    /// Where the place at `lon`, `lat` is drawn.
    pub(super) fn apply(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            self.left + (lon - self.west) * self.squeeze * self.scale,
            self.top + (self.north - lat) * self.scale,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn north_is_up_and_a_square_kilometre_stays_square() {
        // About 1 km each way at 45° north: 0.0127° of longitude, 0.009° of latitude.
        let square = MultiPolygon(vec![polygon![
            (x: -75.0, y: 45.0), (x: -74.9873, y: 45.0), (x: -74.9873, y: 45.009), (x: -75.0, y: 45.009)
        ]]);
        let p = Projection::fit([&square], 0.0, 0.0, 300.0, 300.0);
        let (x0, y0) = p.apply(-75.0, 45.0);
        let (x1, y1) = p.apply(-74.9873, 45.009);
        assert!(y1 < y0, "north is up");
        let ratio = (x1 - x0) / (y0 - y1);
        assert!((ratio - 1.0).abs() < 0.01, "{ratio}");
        assert!(x0 >= 0.0 && x1 <= 300.0 + 1e-9 && y1 >= 0.0 && y0 <= 300.0 + 1e-9);
    }
}
