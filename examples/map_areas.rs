//! Generates `content-example/` with N areas instead of six, for the map's benchmark: a grid of
//! hexagons over Northbridge (neighbours share their corners exactly, as boundary files do), a
//! wavy point on each side so borders have something to simplify, newcomers and residents per area
//! from a fixed formula, names in English and French. The example's service locations stay
//! where they are. Deterministic: the same N always gives the same files.
//!
//!   cargo run --release --example map_areas -- --areas 1000 --out /tmp/map-1000

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use common::copy_tree;

/// Hexagon size in degrees of latitude; the grid is centred on the example's city.
const SIZE: f64 = 0.004;
const CENTRE: (f64, f64) = (-80.31, 43.52);

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut areas, mut out) = (1000usize, PathBuf::from("map-areas"));
    while let Some(a) = args.next() {
        match a.as_str() {
            "--areas" => areas = args.next().and_then(|n| n.parse().ok()).expect("--areas N"),
            "--out" => out = args.next().map(PathBuf::from).expect("--out DIR"),
            other => panic!("unknown argument {other}"),
        }
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
    copy_tree(&example, &out, &|_| true);
    let cells = grid(areas);
    fs::write(out.join("data/areas.geojson"), geojson(&cells)).unwrap();
    replace_areas(&out.join("data/context.yaml"), &context_areas(cells.len()));
    for (lang, word) in [("en", "Area"), ("fr", "Secteur")] {
        let page = out.join(format!("content/{lang}/context.md"));
        let names: String = (0..cells.len()).fold(String::new(), |mut s, i| {
            let _ = writeln!(s, "  area-{i:04}: {word} {}", i + 1);
            s
        });
        replace_block(&page, "areas:\n", &names);
    }
    let services = out.join("data/services.yaml");
    let text = fs::read_to_string(&services).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("  area:")).collect();
    fs::write(&services, kept.join("\n") + "\n").unwrap();
    println!("{} areas in {}", cells.len(), out.display());
}

/// The centres of `n` hexagons, row by row, in a near-square block.
fn grid(n: usize) -> Vec<(f64, f64)> {
    let per_row = (n as f64).sqrt().ceil() as usize;
    let squeeze = CENTRE.1.to_radians().cos();
    let (w, h) = (SIZE * 3f64.sqrt() / squeeze, SIZE * 1.5);
    (0..n)
        .map(|i| {
            let (row, col) = (i / per_row, i % per_row);
            let shift = if row % 2 == 1 { w / 2.0 } else { 0.0 };
            let x = CENTRE.0 + (col as f64 - per_row as f64 / 2.0) * w + shift;
            let y = CENTRE.1 + (row as f64 - per_row as f64 / 2.0) * h;
            (x, y)
        })
        .collect()
}

/// A corner of the hexagon around `c`, rounded so that neighbours compute the same numbers.
fn corner(c: (f64, f64), k: usize) -> (f64, f64) {
    let squeeze = CENTRE.1.to_radians().cos();
    let a = (60.0 * k as f64 + 30.0).to_radians();
    let round = |v: f64| (v * 1e6).round() / 1e6;
    (
        round(c.0 + SIZE * a.cos() / squeeze),
        round(c.1 + SIZE * a.sin()),
    )
}

/// A point on the side from `a` to `b`, moved off the straight line by an amount that depends
/// only on the side (not its direction), so both neighbours draw the same wave.
fn wave(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let (p, q) = if a <= b { (a, b) } else { (b, a) };
    let lift = ((p.0 * 7919.0 + p.1 * 104_729.0).sin()) * SIZE * 0.08;
    let round = |v: f64| (v * 1e6).round() / 1e6;
    (
        round((p.0 + q.0) / 2.0 + lift),
        round((p.1 + q.1) / 2.0 + lift),
    )
}

fn geojson(cells: &[(f64, f64)]) -> String {
    let mut s = String::from("{\"type\": \"FeatureCollection\", \"features\": [\n");
    for (i, &c) in cells.iter().enumerate() {
        let mut ring = Vec::new();
        for k in 0..6 {
            let (a, b) = (corner(c, k), corner(c, k + 1));
            ring.push(a);
            ring.push(wave(a, b));
        }
        ring.push(ring[0]);
        let coords: Vec<String> = ring.iter().map(|(x, y)| format!("[{x}, {y}]")).collect();
        let _ = write!(
            s,
            "{}{{\"type\": \"Feature\", \"id\": \"area-{i:04}\", \"properties\": {{}}, \"geometry\": {{\"type\": \"Polygon\", \"coordinates\": [[{}]]}}}}",
            if i == 0 { "" } else { ",\n" },
            coords.join(", ")
        );
    }
    s.push_str("\n]}\n");
    s
}

fn context_areas(n: usize) -> String {
    (0..n).fold(String::new(), |mut s, i| {
        let newcomers = 20 + (i * 7919) % 900;
        let _ = writeln!(
            s,
            "  - id: area-{i:04}\n    newcomers: {newcomers}\n    services: {}\n    residents: {}",
            i % 3,
            newcomers * 8 + (i * 104_729) % 5000
        );
        s
    })
}

/// `context.yaml` with its `areas:` (the last block of the file) replaced.
fn replace_areas(path: &Path, areas: &str) {
    let text = fs::read_to_string(path).unwrap();
    let at = text
        .find("\nareas:\n")
        .expect("context.yaml ends with its areas");
    fs::write(path, format!("{}\nareas:\n{areas}", &text[..at])).unwrap();
}

/// The indented lines under `key` replaced by `lines`.
fn replace_block(path: &Path, key: &str, lines: &str) {
    let text = fs::read_to_string(path).unwrap();
    let start = text.find(key).expect("the block is there") + key.len();
    let len = text[start..]
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.len() + 1)
        .sum::<usize>();
    fs::write(
        path,
        format!("{}{lines}{}", &text[..start], &text[start + len..]),
    )
    .unwrap();
}
