//! Simplifying the areas so that neighbours keep one border: points are snapped to a grid in map
//! units, every ring is cut into arcs at the points where the set of rings through a point
//! changes (where three areas meet, or a border leaves the coast), and each arc is simplified
//! once and used by every ring it borders, forwards or backwards. Two neighbours therefore draw
//! their common border through exactly the same points, and no gap or overlap opens between them.

use std::collections::{HashMap, HashSet};

use geo::{LineString, Simplify};

/// A point on the grid: map units times [`GRID`], rounded.
pub(super) type GridPoint = (i64, i64);

/// Grid points per map unit: a tenth of a unit, far below a pixel at any width the map is shown.
pub(super) const GRID: f64 = 10.0;

/// A ring as a list of points, not repeating the first at the end.
pub(super) type Ring = Vec<GridPoint>;

/// The point of the grid nearest to `(x, y)`.
pub(super) fn snap(x: f64, y: f64) -> GridPoint {
    ((x * GRID).round() as i64, (y * GRID).round() as i64)
}

/// Each area's rings (`areas[area][ring]`), simplified with `tolerance` map units, every shared
/// border the same in both areas. A ring that would fall below three points is kept as it was.
pub(super) fn simplify(areas: &[Vec<Ring>], tolerance: f64) -> Vec<Vec<Ring>> {
    let areas: Vec<Vec<Ring>> = areas
        .iter()
        .map(|rings| {
            rings
                .iter()
                .map(|r| cleaned(r))
                .filter(|r| r.len() >= 3)
                .collect()
        })
        .collect();
    let rings: Vec<&Ring> = areas.iter().flatten().collect();
    let junctions = junctions(&rings);
    let mut done: HashMap<Vec<GridPoint>, Vec<GridPoint>> = HashMap::new();
    areas
        .iter()
        .map(|area| {
            area.iter()
                .map(|ring| {
                    let simple = rebuilt(ring, &junctions, tolerance, &mut done);
                    if simple.len() >= 3 {
                        simple
                    } else {
                        ring.clone()
                    }
                })
                .collect()
        })
        .collect()
}

/// The ring without repeated neighbouring points (nor its first point repeated at the end).
fn cleaned(ring: &[GridPoint]) -> Ring {
    let mut out: Ring = Vec::with_capacity(ring.len());
    for &p in ring {
        if out.last() != Some(&p) {
            out.push(p);
        }
    }
    while out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// The points where arcs begin and end: where the rings through a point differ from those
/// through its neighbour, where a ring passes a point twice, and two points of any ring that
/// has none of these (an island, or an area inside another), chosen from its points alone so
/// that a ring and the hole it fills choose the same two.
fn junctions(rings: &[&Ring]) -> HashSet<GridPoint> {
    let mut through: HashMap<GridPoint, Vec<usize>> = HashMap::new();
    for (i, ring) in rings.iter().enumerate() {
        for &p in ring.iter() {
            through.entry(p).or_default().push(i);
        }
    }
    let mut junctions = HashSet::new();
    for list in through.values_mut() {
        let before = list.len();
        list.dedup();
        if list.len() < before {
            // A ring that touches itself: the point is kept wherever it is.
            list.push(usize::MAX);
        }
    }
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let here = &through[&ring[i]];
            if here.contains(&usize::MAX)
                || here != &through[&ring[(i + n - 1) % n]]
                || here != &through[&ring[(i + 1) % n]]
            {
                junctions.insert(ring[i]);
            }
        }
    }
    for ring in rings {
        if !ring.iter().any(|p| junctions.contains(p)) {
            let first = *ring.iter().min().unwrap_or(&(0, 0));
            let far = |p: &&GridPoint| {
                let (dx, dy) = (p.0 - first.0, p.1 - first.1);
                (dx * dx + dy * dy, std::cmp::Reverse(**p))
            };
            let second = *ring.iter().max_by_key(far).unwrap_or(&first);
            junctions.insert(first);
            junctions.insert(second);
        }
    }
    junctions
}

/// The ring cut into arcs at its junctions, each arc simplified once for every ring.
fn rebuilt(
    ring: &Ring,
    junctions: &HashSet<GridPoint>,
    tolerance: f64,
    done: &mut HashMap<Vec<GridPoint>, Vec<GridPoint>>,
) -> Ring {
    let Some(start) = ring.iter().position(|p| junctions.contains(p)) else {
        return ring.clone();
    };
    let n = ring.len();
    let mut out: Ring = Vec::with_capacity(n);
    let mut arc = vec![ring[start]];
    for k in 1..=n {
        let p = ring[(start + k) % n];
        arc.push(p);
        if junctions.contains(&p) {
            let simple = simplified_arc(&arc, tolerance, done);
            out.extend_from_slice(&simple[..simple.len() - 1]);
            arc = vec![p];
        }
    }
    cleaned(&out)
}

/// The arc simplified, the same points whichever way a ring runs along it.
fn simplified_arc(
    arc: &[GridPoint],
    tolerance: f64,
    done: &mut HashMap<Vec<GridPoint>, Vec<GridPoint>>,
) -> Vec<GridPoint> {
    let reversed: Vec<GridPoint> = arc.iter().rev().copied().collect();
    let forwards = arc <= reversed.as_slice();
    let key = if forwards { arc.to_vec() } else { reversed };
    let simple = done
        .entry(key)
        .or_insert_with_key(|key| {
            let line: LineString<f64> = key.iter().map(|&(x, y)| (x as f64, y as f64)).collect();
            line.simplify(tolerance * GRID)
                .0
                .iter()
                .map(|c| (c.x as i64, c.y as i64))
                .collect()
        })
        .clone();
    if forwards {
        simple
    } else {
        simple.into_iter().rev().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wavy line from (0, 0) to (0, 100) grid points, wiggling by `amp`.
    fn wavy(amp: i64) -> Vec<GridPoint> {
        (0..=100)
            .map(|y| (if y % 2 == 0 { 0 } else { amp }, y))
            .collect()
    }

    /// Two squares that share the wavy border x ≈ 0, written in opposite directions.
    fn neighbours() -> Vec<Vec<Ring>> {
        let border = wavy(1);
        let mut left: Ring = vec![(-100, 100), (-100, 0)];
        left.extend(border.iter().copied());
        let mut right: Ring = vec![(100, 0), (100, 100)];
        right.extend(border.iter().rev().copied());
        vec![vec![left], vec![right]]
    }

    fn border_points(ring: &Ring) -> Vec<GridPoint> {
        let mut b: Vec<GridPoint> = ring.iter().filter(|p| p.0.abs() < 100).copied().collect();
        b.sort();
        b
    }

    #[test]
    fn neighbours_keep_the_same_border_after_simplification() {
        let simple = simplify(&neighbours(), 0.5);
        let (left, right) = (&simple[0][0], &simple[1][0]);
        assert!(left.len() < 20, "simplified: {left:?}");
        assert_eq!(border_points(left), border_points(right));
        assert!(border_points(left).contains(&(0, 0)) && border_points(left).contains(&(0, 100)));
    }

    #[test]
    fn an_area_inside_another_matches_the_hole_it_fills() {
        let circle: Ring = (0..60)
            .map(|i| {
                let a = i as f64 / 60.0 * std::f64::consts::TAU;
                ((a.cos() * 500.0) as i64 + i % 2, (a.sin() * 500.0) as i64)
            })
            .collect();
        let outer: Ring = vec![(-2000, -2000), (2000, -2000), (2000, 2000), (-2000, 2000)];
        let hole: Ring = circle.iter().rev().copied().collect();
        let simple = simplify(&[vec![outer, hole], vec![circle]], 2.0);
        let mut a = simple[0][1].clone();
        let mut b = simple[1][0].clone();
        assert!(b.len() < 60, "{}", b.len());
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }

    #[test]
    fn a_tiny_ring_is_kept_whole_rather_than_lost() {
        let tiny: Ring = vec![(0, 0), (1, 0), (1, 1), (0, 1)];
        let simple = simplify(&[vec![tiny.clone()]], 5.0);
        assert_eq!(simple[0][0].len(), 4);
    }
}
