//! The map of where newcomers live and where services are, read from the built context pages as a
//! reader gets them: the SVG's shapes, key and description against the data, the table beside
//! it, its CSV, and the right-to-left key.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use geo::{Contains, Point};
use lipsite::charts::measure::{self, Weight};
use lipsite::model::Strategy;
use scraper::{ElementRef, Html};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn model(repo: &Path) -> Strategy {
    match lipsite::build::compile(repo) {
        Ok((s, _, _)) => s,
        Err(p) => panic!("{:#?}", p.into_sorted()),
    }
}

fn built(repo: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(repo, &out);
    (tmp, out)
}

/// The map's `<svg>` on a page.
fn map_svg(page: &Html) -> ElementRef<'_> {
    page.select(&sel("figure.map svg"))
        .next()
        .expect("the page has a map")
}

fn attr(e: ElementRef, name: &str) -> String {
    e.value().attr(name).unwrap_or_default().to_string()
}

fn number(e: ElementRef, name: &str) -> f64 {
    attr(e, name)
        .parse()
        .unwrap_or_else(|_| panic!("{name} of {:?}", e.value()))
}

/// The service locations the data places inside some area with a shape, by kind.
fn services_on_map(s: &Strategy) -> BTreeMap<&'static str, usize> {
    let mut by_kind = BTreeMap::new();
    for x in &s.lists.services {
        let Some((lon, lat)) = x.at else { continue };
        let inside = s
            .areas
            .iter()
            .filter_map(|a| a.shape.as_ref())
            .any(|shape| shape.contains(&Point::new(lon, lat)));
        if inside {
            *by_kind.entry(x.kind.as_str()).or_default() += 1;
        }
    }
    by_kind
}

#[test]
fn each_area_is_one_path_filled_with_its_class_pattern_and_classes_follow_the_numbers() {
    let s = model(&example_dir());
    let (_tmp, out) = built(&example_dir());
    let page = page(&out, "en/context/index.html");
    let svg = map_svg(&page);
    let mut class_of = BTreeMap::new();
    for area in &s.areas {
        let paths: Vec<_> = svg
            .select(&sel(&format!("path.area[data-area=\"{}\"]", area.id)))
            .collect();
        assert_eq!(paths.len(), 1, "{}", area.id);
        let class = attr(paths[0], "data-class");
        let pattern = format!("chart-map-class-{class}");
        assert_eq!(attr(paths[0], "fill"), format!("url(#{pattern})"));
        assert_eq!(svg.select(&sel(&format!("pattern#{pattern}"))).count(), 1);
        class_of.insert(area.newcomers, class.parse::<usize>().unwrap());
    }
    let classes: Vec<usize> = class_of.values().copied().collect();
    assert!(
        classes.windows(2).all(|w| w[0] <= w[1]),
        "more newcomers never means a lower class: {class_of:?}"
    );
    let swatches = svg.select(&sel("rect.swatch")).count();
    assert_eq!(
        swatches,
        classes.iter().max().unwrap() + 1,
        "one swatch per class"
    );
    let tiles: Vec<String> = svg
        .select(&sel("pattern"))
        .map(|p| p.inner_html())
        .collect();
    for (i, a) in tiles.iter().enumerate() {
        assert!(
            !tiles[i + 1..].contains(a),
            "every class has its own pattern: {a}"
        );
    }
}

#[test]
fn every_service_location_on_the_map_is_drawn_with_its_kind_s_shape_and_named_in_the_key() {
    let s = model(&example_dir());
    let (_tmp, out) = built(&example_dir());
    let page = page(&out, "en/context/index.html");
    let svg = map_svg(&page);
    let shape = |kind: &str| match kind {
        "settlement" => "circle",
        "language" => "rect",
        _ => "polygon",
    };
    let expected = services_on_map(&s);
    assert_eq!(expected.values().sum::<usize>(), 14);
    for (kind, count) in &expected {
        let drawn: Vec<_> = svg
            .select(&sel(&format!(".service[data-kind=\"{kind}\"]")))
            .collect();
        assert_eq!(drawn.len(), *count, "{kind}");
        assert!(
            drawn.iter().all(|e| e.value().name() == shape(kind)),
            "{kind}"
        );
    }
    let points: Vec<String> = svg
        .select(&sel("polygon.service"))
        .map(|p| {
            format!(
                "{} {}",
                attr(p, "data-kind"),
                attr(p, "points").split(' ').count()
            )
        })
        .collect();
    for (kind, corners) in [("employment", 3), ("health", 12), ("other", 4)] {
        assert!(
            points.iter().any(|p| p == &format!("{kind} {corners}")),
            "{kind} has {corners} corners: {points:?}"
        );
    }
    let key: Vec<String> = svg.select(&sel("text")).map(text).collect();
    for words in [
        "Settlement",
        "Language training",
        "Employment",
        "Health",
        "Other",
    ] {
        assert!(key.contains(&words.to_string()), "{words}: {key:?}");
    }
    assert_eq!(svg.select(&sel(".key-mark")).count(), expected.len());
}

#[test]
fn the_description_says_the_counts_of_the_data() {
    let s = model(&example_dir());
    let (_tmp, out) = built(&example_dir());
    let page = page(&out, "en/context/index.html");
    let svg = map_svg(&page);
    assert_eq!(attr(svg, "role"), "img");
    let desc = text(svg.select(&sel("desc")).next().unwrap());
    let low = s.areas.iter().map(|a| a.newcomers).min().unwrap();
    let high = s.areas.iter().map(|a| a.newcomers).max().unwrap();
    let swatches = svg.select(&sel("rect.swatch")).count();
    let with = |n: u64| {
        let n = n.to_string();
        match n.len() {
            4 => format!("{},{}", &n[..1], &n[1..]),
            _ => n,
        }
    };
    assert!(
        desc.starts_with(&format!(
            "Map of {} areas in {swatches} classes",
            s.areas.len()
        )),
        "{desc}"
    );
    assert!(
        desc.contains(&format!("from {} to {}", with(low), with(high))),
        "{desc}"
    );
    let on_map: usize = services_on_map(&s).values().sum();
    assert!(
        desc.contains(&format!("Service locations on the map: {on_map};")),
        "{desc}"
    );
    assert!(
        desc.contains("the most, 9, in Downtown and the Harbour"),
        "{desc}"
    );
}

#[test]
fn the_table_counts_the_service_locations_inside_each_area_and_the_csv_says_the_same() {
    let (_tmp, out) = built(&example_dir());
    let page = page(&out, "en/context/index.html");
    let rows: Vec<Vec<String>> = page
        .select(&sel("table.map-areas tbody tr"))
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    assert_eq!(rows.len(), 6);
    let downtown = &rows[0];
    assert_eq!(downtown[..3], ["Downtown and the Harbour", "1,650", "9"]);
    let maitland = rows.iter().find(|r| r[0].starts_with("Maitland")).unwrap();
    assert_eq!(maitland[2], "0");
    let csv = std::fs::read_to_string(out.join("en/context/areas-map.csv")).unwrap();
    assert!(csv.contains("Downtown and the Harbour,1650,9,"), "{csv}");
    let summary: Vec<String> = page.select(&sel("ul.underserved li")).map(text).collect();
    assert_eq!(
        summary[..2],
        [
            "Maitland Flats (industrial south end): 650 recent immigrants and no service location",
            "Rural fringe and lakeshore hamlets: 300 recent immigrants and no service location"
        ]
    );
    assert!(
        summary[2]
            == "Westbridge: 1,900 recent immigrants for each service location (1,900 in all)",
        "{summary:?}"
    );
}

/// Every drawn thing's box, from its attributes: `(left, top, right, bottom)`.
fn boxes(svg: ElementRef) -> Vec<(String, [f64; 4])> {
    let mut all = Vec::new();
    for e in svg.select(&sel("path.area, circle, rect, polygon")) {
        let numbers: Vec<f64> = match e.value().name() {
            "path" => attr(e, "d")
                .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
                .filter_map(|n| n.parse().ok())
                .collect(),
            "polygon" => attr(e, "points")
                .split([' ', ','])
                .filter_map(|n| n.parse().ok())
                .collect(),
            "circle" => {
                let (x, y, r) = (number(e, "cx"), number(e, "cy"), number(e, "r"));
                vec![x - r, y - r, x + r, y + r]
            }
            _ if e.value().attr("x").is_none() => continue, // a pattern's tile
            _ => {
                let (x, y) = (number(e, "x"), number(e, "y"));
                vec![x, y, x + number(e, "width"), y + number(e, "height")]
            }
        };
        let xs = numbers.iter().step_by(2);
        let ys = numbers.iter().skip(1).step_by(2);
        let b = [
            xs.clone().copied().fold(f64::INFINITY, f64::min),
            ys.clone().copied().fold(f64::INFINITY, f64::min),
            xs.copied().fold(f64::NEG_INFINITY, f64::max),
            ys.copied().fold(f64::NEG_INFINITY, f64::max),
        ];
        all.push((e.value().name().to_string(), b));
    }
    for t in svg.select(&sel("text")) {
        let size = number(t, "font-size");
        let weight = if attr(t, "font-weight") == "bold" {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let w = measure::width(&text(t), size, weight);
        let x = number(t, "x");
        let rtl = attr(t, "direction") == "rtl";
        let (left, right) = match (attr(t, "text-anchor").as_str(), rtl) {
            ("middle", _) => (x - w / 2.0, x + w / 2.0),
            ("start", false) | ("end", true) => (x, x + w),
            _ => (x - w, x),
        };
        let y = number(t, "y");
        all.push((
            format!("text {}", text(t)),
            [left, y - size, right, y + size * 0.3],
        ));
    }
    all
}

fn assert_inside_the_view_box(svg: ElementRef, what: &str) {
    let view: Vec<f64> = attr(svg, "viewBox")
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let drawn = boxes(svg);
    assert!(drawn.len() > 20, "{what}: {drawn:?}");
    for (name, [l, t, r, b]) in drawn {
        assert!(
            l >= view[0] && t >= view[1] && r <= view[2] && b <= view[3],
            "{what}: {name} at {l},{t}..{r},{b} leaves the view box {view:?}"
        );
    }
}

#[test]
fn nothing_is_drawn_outside_the_view_box_in_any_language_of_any_site() {
    for (repo, pages) in [
        (
            example_dir(),
            vec!["en/context/index.html", "fr/contexte/index.html"],
        ),
        (
            fixture("trilingual"),
            vec!["en/context/index.html", "ar/context/index.html"],
        ),
        (
            fixture("hard-cases"),
            vec![
                "en/context/index.html",
                "fr/contexte/index.html",
                "ar/context/index.html",
            ],
        ),
    ] {
        let (_tmp, out) = built(&repo);
        for rel in pages {
            let page = page(&out, rel);
            assert_inside_the_view_box(map_svg(&page), rel);
        }
    }
}

#[test]
fn an_arabic_key_is_on_the_right_and_an_english_one_on_the_left() {
    let (_tmp, out) = built(&fixture("hard-cases"));
    for (rel, right) in [
        ("ar/context/index.html", true),
        ("en/context/index.html", false),
    ] {
        let page = page(&out, rel);
        let svg = map_svg(&page);
        let middle = 160.0;
        for swatch in svg.select(&sel("rect.swatch")) {
            assert_eq!(number(swatch, "x") > middle, right, "{rel}: a swatch");
        }
        let key_words: Vec<_> = svg
            .select(&sel("text"))
            .filter(|t| !attr(*t, "class").starts_with("area"))
            .collect();
        for t in key_words {
            assert_eq!(number(t, "x") > middle, right, "{rel}: {}", text(t));
        }
        let title = text(svg.select(&sel("title")).next().unwrap());
        if right {
            assert!(
                title.contains("المهاجرون") || title.contains("المهاجرين"),
                "{title}"
            );
            assert_eq!(attr(svg, "direction"), "rtl");
        }
    }
}

#[test]
fn a_multipolygon_and_a_hole_are_drawn_and_an_area_without_services_is_summed_up() {
    let (_tmp, out) = built(&fixture("hard-cases"));
    let page = page(&out, "en/context/index.html");
    let svg = map_svg(&page);
    let parts = |id: &str| {
        let path = svg
            .select(&sel(&format!("path[data-area=\"{id}\"]")))
            .next()
            .unwrap();
        attr(path, "d").matches('M').count()
    };
    assert_eq!(
        parts("rural-north"),
        2,
        "a multipolygon: the land and an island"
    );
    assert_eq!(parts("downtown"), 2, "an area with a hole");
    let summary: Vec<String> = page.select(&sel("ul.underserved li")).map(text).collect();
    assert!(
        summary[0].starts_with(
            "Rural north and the lake villages: 400 recent immigrants and no service location"
        ),
        "{summary:?}"
    );
    let header: Vec<String> = page
        .select(&sel("table.map-areas thead th"))
        .map(text)
        .collect();
    assert!(
        header.contains(&"Recent immigrants, share of residents".to_string()),
        "{header:?}"
    );
    let shares: Vec<String> = page
        .select(&sel("table.map-areas tbody tr td:nth-of-type(2)"))
        .map(text)
        .collect();
    assert!(
        shares.contains(&"0.5%".to_string()),
        "a tiny share is written: {shares:?}"
    );
}
