//! The hard cases of `tests/fixtures/hard-cases` (English, French and right-to-left Arabic, with
//! long labels, a tiny share, an indicator below its baseline, three fiscal years, a 60-character
//! word, proper names in other scripts and missing translations), read from the built pages as a
//! reader gets them.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use lipsite::charts::measure::{self, Weight};
use scraper::{ElementRef, Html};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hard-cases")
}

/// The fixture, built once for all tests of this file.
fn site() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = SITE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        build(&fixture(), &out);
        (tmp, out)
    });
    out
}

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// Text as it reads: white space folded, bidi isolation marks removed.
fn read(el: ElementRef) -> String {
    text(el).replace([FSI, PDI], "")
}

fn attr<'a>(el: &ElementRef<'a>, name: &str) -> &'a str {
    el.value()
        .attr(name)
        .unwrap_or_else(|| panic!("<{}> has no {name}", el.value().name()))
}

fn num(el: &ElementRef, name: &str) -> f64 {
    attr(el, name).parse().unwrap()
}

/// Where a chart text lies across the chart (left and right edge), from its anchor, its own
/// direction and its width measured as lipsite measures it.
fn span(t: &ElementRef) -> (f64, f64) {
    let size = num(t, "font-size");
    let weight = if t.value().attr("font-weight") == Some("bold") {
        Weight::Bold
    } else {
        Weight::Regular
    };
    let w = measure::width(&t.text().collect::<String>(), size, weight);
    let x = num(t, "x");
    let ends_at_x = (attr(t, "direction") == "rtl") == (attr(t, "text-anchor") == "start");
    if ends_at_x {
        (x - w, x)
    } else {
        (x, x + w)
    }
}

/// Every chart of a page: the `<svg>` and its width in chart units.
fn charts(doc: &Html) -> Vec<(ElementRef<'_>, f64)> {
    doc.select(&sel("svg.chart-svg"))
        .map(|svg| {
            let w: f64 = attr(&svg, "viewBox")
                .split(' ')
                .nth(2)
                .unwrap()
                .parse()
                .unwrap();
            (svg, w)
        })
        .collect()
}

#[test]
fn in_arabic_every_chart_is_mirrored_and_every_text_stays_inside_on_the_right_side() {
    let out = site();
    let mut texts = 0;
    for rel in [
        "ar/research/index.html",
        "ar/spending/index.html",
        "ar/evaluation/index.html",
    ] {
        let doc = page(out, rel);
        let found = charts(&doc);
        assert!(!found.is_empty(), "{rel} has charts");
        for (svg, width) in found {
            assert_eq!(
                attr(&svg, "direction"),
                "rtl",
                "{rel}: the chart sets its direction"
            );
            for t in svg.select(&sel("text")) {
                let (left, right) = span(&t);
                let words = read(t);
                assert!(
                    left >= 0.0 && right <= width,
                    "{rel}: {words:?} spans {left:.1}..{right:.1} of 0..{width}"
                );
                // Labels and keys start at the right edge; values end left of their bar.
                if t.value().attr("font-weight") != Some("bold") {
                    assert!(
                        right > width - 40.0,
                        "{rel}: {words:?} is not on the right ({right:.1})"
                    );
                }
                texts += 1;
            }
            for rect in svg.select(&sel("rect")) {
                let right = num(&rect, "x") + num(&rect, "width");
                assert!(
                    (right - (width - 4.0)).abs() < 0.2,
                    "{rel}: bars grow from the right edge"
                );
            }
        }
    }
    assert!(texts > 60, "{texts} texts checked");
}

#[test]
fn no_chart_text_is_drawn_on_a_bar_or_over_another_text() {
    let (ascent, descent) = measure::extent();
    for rel in [
        "ar/research/index.html",
        "ar/spending/index.html",
        "fr/depenses/index.html",
        "ar/evaluation/index.html",
    ] {
        let doc = page(site(), rel);
        for (svg, _) in charts(&doc) {
            let boxes: Vec<(String, [f64; 4])> = svg
                .select(&sel("text"))
                .map(|t| {
                    let (l, r) = span(&t);
                    let (y, size) = (num(&t, "y"), num(&t, "font-size"));
                    (read(t), [l, r, y - ascent * size, y + descent * size])
                })
                .collect();
            let bars: Vec<[f64; 4]> = svg
                .select(&sel("rect"))
                .map(|r| {
                    let (x, y) = (num(&r, "x"), num(&r, "y"));
                    [x, x + num(&r, "width"), y, y + num(&r, "height")]
                })
                .collect();
            let overlap = |a: &[f64; 4], b: &[f64; 4]| {
                a[0].max(b[0]) < a[1].min(b[1]) - 0.5 && a[2].max(b[2]) < a[3].min(b[3]) - 0.5
            };
            for (i, (words, a)) in boxes.iter().enumerate() {
                for bar in &bars {
                    assert!(!overlap(a, bar), "{rel}: {words:?} is drawn on a bar");
                }
                for (other, b) in &boxes[i + 1..] {
                    assert!(!overlap(a, b), "{rel}: {words:?} is drawn over {other:?}");
                }
            }
        }
    }
}

#[test]
fn a_fallback_label_in_an_arabic_chart_keeps_its_language_and_ends_at_the_right() {
    let doc = page(site(), "ar/research/index.html");
    let english = doc
        .select(&sel("svg text[lang]"))
        .find(|t| read(*t) == "Literature review")
        .expect("the method without an Arabic label, in English");
    assert_eq!(attr(&english, "lang"), "en-CA");
    assert_eq!(attr(&english, "direction"), "ltr");
    assert_eq!(attr(&english, "text-anchor"), "end");
}

#[test]
fn a_long_word_is_broken_inside_the_chart_and_nothing_of_it_is_lost() {
    let doc = page(site(), "ar/spending/index.html");
    let svg = doc
        .select(&sel("#chart-spending-2025-title"))
        .next()
        .unwrap();
    let chart = ElementRef::wrap(svg.parent().unwrap()).unwrap();
    let lines: String = chart
        .select(&sel("text"))
        .map(read)
        .collect::<Vec<_>>()
        .concat();
    assert!(
        lines.contains("LakemoorNewcomerCaseManagementPlatform-AnnualLicence-2026-2028"),
        "{lines}"
    );
}

/// The number in a formatted share: `0.4 ٪` or `0,4 %` → `0.4`.
fn figure(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect::<String>()
        .replace(',', ".")
}

#[test]
fn a_tiny_share_reads_0_4_in_the_chart_its_description_the_table_and_the_csv() {
    let out = site();
    for (rel, csv, method) in [
        (
            "ar/research/index.html",
            "ar/research/research-methods.csv",
            "استمارة التعليقات عبر الإنترنت",
        ),
        (
            "fr/recherche/index.html",
            "fr/recherche/research-methods.csv",
            "Formulaire de commentaires en ligne",
        ),
    ] {
        let doc = page(out, rel);
        let svg_texts: Vec<String> = doc.select(&sel("svg text")).map(read).collect();
        let at = svg_texts.iter().position(|t| t == method).expect(method);
        assert_eq!(figure(&svg_texts[at + 1]), "0.4", "{rel}: the chart");
        let desc = read(doc.select(&sel("#chart-research-desc")).next().unwrap());
        assert!(
            desc.contains(&format!("{method} {}", svg_texts[at + 1])),
            "{rel}: {desc}"
        );
        let row = doc
            .select(&sel("figure.chart + .table-wrap tbody tr"))
            .find(|r| read(*r).starts_with(method))
            .unwrap();
        assert_eq!(
            read(row.select(&sel("td")).last().unwrap()),
            svg_texts[at + 1],
            "{rel}: the table"
        );
        let file = std::fs::read_to_string(out.join(csv)).unwrap();
        let line = file.lines().find(|l| l.starts_with(method)).unwrap();
        assert_eq!(line, format!("{method},0.4"), "{csv}");
    }
    // The spending line of 1,000 in 250,000.
    let file = std::fs::read_to_string(out.join("ar/spending/spending.csv")).unwrap();
    assert!(file.contains("2025–26,التنقلات,1000,0.4\n"), "{file}");
    let doc = page(out, "ar/spending/index.html");
    let table = doc
        .select(&sel("#spending-2025 + figure + .table-wrap table"))
        .next()
        .unwrap();
    let row = table
        .select(&sel("tbody tr"))
        .find(|r| read(*r).starts_with("التنقلات"))
        .unwrap();
    assert_eq!(figure(&read(row.select(&sel("td")).last().unwrap())), "0.4");
}

/// `150,000 $` or `150 000 $` → 150000.
fn money(s: &str) -> f64 {
    s.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

#[test]
fn the_total_of_all_fiscal_years_equals_the_sum_of_the_years() {
    for rel in [
        "ar/spending/index.html",
        "fr/depenses/index.html",
        "en/spending/index.html",
    ] {
        let doc = page(site(), rel);
        let year_tables = doc.select(&sel("table:not(.spending-total)")).count();
        assert_eq!(year_tables, 3, "{rel}");
        let total = doc
            .select(&sel("table.spending-total"))
            .next()
            .expect("a table of all years");
        let heads: Vec<String> = total.select(&sel("thead th")).map(read).collect();
        assert_eq!(
            &heads[1..4],
            ["2025–26", "2026–27", "2027–28"]
                .map(|y| y.replace('–', if rel.starts_with("fr") { "-" } else { "–" }))
        );
        let mut grand = 0.0;
        for row in total.select(&sel("tbody tr")) {
            let cells: Vec<f64> = row
                .select(&sel("td"))
                .map(|c| read(c))
                .take(4)
                .map(|c| money(&c))
                .collect();
            assert_eq!(
                cells[0] + cells[1] + cells[2],
                cells[3],
                "{rel}: {}",
                read(row)
            );
            grand += cells[3];
        }
        let foot: Vec<f64> = total
            .select(&sel("tfoot td"))
            .take(4)
            .map(|c| money(&read(c)))
            .collect();
        assert_eq!(foot[3], grand, "{rel}");
        assert_eq!(foot[0] + foot[1] + foot[2], grand, "{rel}");
        assert_eq!(grand, 750_000.0);
    }
}

#[test]
fn a_fiscal_year_is_isolated_in_arabic_so_it_reads_2025_26() {
    let doc = page(site(), "ar/spending/index.html");
    let heading = doc.select(&sel("#spending-2025")).next().unwrap();
    assert!(
        text(heading).contains("\u{2068}2025–26\u{2069}"),
        "{}",
        text(heading)
    );
    let title = doc
        .select(&sel("#chart-spending-2025-title"))
        .next()
        .unwrap();
    assert!(
        text(title).contains("\u{2068}2025–26\u{2069}"),
        "{}",
        text(title)
    );
    let french = page(site(), "fr/depenses/index.html");
    let heading = french.select(&sel("#spending-2025")).next().unwrap();
    assert_eq!(
        text(heading),
        "Exercice 2025-26",
        "no marks where none are needed"
    );
}

#[test]
fn a_proper_name_is_isolated_with_its_own_language_in_every_language() {
    let out = site();
    let ymca = "YMCA of Lakemoor (Newcomer Services)";
    for (rel, lang) in [
        ("ar/action-plan/index.html", Some("en-CA")),
        ("fr/plan-d-action/index.html", Some("en-CA")),
        ("en/action-plan/index.html", None),
    ] {
        let doc = page(out, rel);
        let name = doc
            .select(&sel("bdi"))
            .find(|b| read(*b) == ymca)
            .unwrap_or_else(|| panic!("{rel}: {ymca} in a <bdi>"));
        assert_eq!(name.value().attr("lang"), lang, "{rel}");
        let boreal = doc
            .select(&sel("bdi"))
            .find(|b| read(*b).starts_with("Collège Boréal"))
            .unwrap();
        assert_eq!(
            boreal.value().attr("lang"),
            (!rel.starts_with("fr")).then_some("fr-CA"),
            "{rel}"
        );
    }
    let doc = page(out, "en/action-plan/index.html");
    let arabic = doc
        .select(&sel("bdi"))
        .find(|b| read(*b) == "دائرة الأمل")
        .unwrap();
    assert_eq!(arabic.value().attr("lang"), Some("ar"));
    let o = lipsite(&["check", fixture().to_str().unwrap()]);
    assert!(
        !stderr(&o).contains("`ymca`"),
        "no warning for a name every language shows:\n{}",
        stderr(&o)
    );
}

#[test]
fn an_untranslated_page_is_named_in_its_own_language_wherever_it_appears() {
    let doc = page(site(), "ar/news/index.html");
    let h1 = doc.select(&sel("h1")).next().unwrap();
    assert_eq!(read(h1), "Spring 2026 update");
    assert_eq!(h1.value().attr("lang"), Some("en-CA"));
    assert_eq!(h1.value().attr("dir"), Some("ltr"));
    let title = doc.select(&sel("title")).next().unwrap();
    assert_eq!(title.value().attr("lang"), Some("en-CA"));
    let home = page(site(), "fr/index.html");
    let links: Vec<ElementRef> = home
        .select(&sel("a"))
        .filter(|a| read(*a) == "Spring 2026 update")
        .collect();
    assert!(
        links.len() >= 2,
        "in the header menu and the home page's overview"
    );
    for a in links {
        assert_eq!(a.value().attr("lang"), Some("en-CA"));
    }
}

#[test]
fn an_arabic_chart_title_that_falls_back_carries_its_language() {
    let doc = page(site(), "ar/evaluation/index.html");
    let title = doc
        .select(&sel("#chart-indicator-funding-leveraged-title"))
        .next()
        .unwrap();
    assert_eq!(title.value().attr("lang"), Some("en-CA"));
    let caption = doc
        .select(&sel("figcaption span[lang]"))
        .next()
        .expect("the figure caption marks the English name");
    assert_eq!(caption.value().attr("lang"), Some("en-CA"));
}

#[test]
fn an_indicator_below_its_baseline_is_drawn_on_the_low_side_of_the_baseline() {
    let doc = page(site(), "ar/evaluation/index.html");
    let svg = doc
        .select(&sel("#chart-indicator-feel-welcome-title"))
        .next()
        .unwrap();
    let chart = ElementRef::wrap(svg.parent().unwrap()).unwrap();
    let circles: Vec<(f64, &str)> = chart
        .select(&sel("circle"))
        .map(|c| (num(&c, "cx"), attr(&c, "fill")))
        .collect();
    // On the track: the latest (filled) and the baseline (hollow); mirrored, lower is right.
    let baseline = circles.iter().find(|c| c.1 == "#ffffff").unwrap().0;
    let latest = circles.iter().find(|c| c.1 != "#ffffff").unwrap().0;
    assert!(
        latest > baseline,
        "66 is right of 72 in a right-to-left chart"
    );
    let keys: Vec<String> = chart.select(&sel("text")).map(read).collect();
    assert!(
        keys.iter().any(|k| k.contains("66")) && keys.iter().any(|k| k.contains("72")),
        "{keys:?}"
    );
}

#[test]
fn every_asset_shows_and_the_one_not_translated_is_reported() {
    let doc = page(site(), "ar/context/index.html");
    let items: Vec<ElementRef> = doc.select(&sel("ul.assets > li")).collect();
    assert_eq!(items.len(), 4);
    let last = items[3]
        .select(&sel("span[lang]"))
        .next()
        .expect("in English, marked");
    assert_eq!(last.value().attr("lang"), Some("en-CA"));
    assert!(read(last).contains("Northshore Polytechnic"));
    let o = lipsite(&[
        "translations",
        fixture().to_str().unwrap(),
        "--lang",
        "ar",
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let missing = report["languages"][0]["missing_text"].as_array().unwrap();
    assert!(
        missing.iter().any(|m| m["item"] == "asset"
            && m["id"] == "#4"
            && m["file"] == "content/ar/context.md"),
        "{missing:#?}"
    );
}

#[test]
fn an_action_without_an_objective_is_listed_under_its_priority_without_an_objective_heading() {
    let doc = page(site(), "en/action-plan/index.html");
    let section = doc.select(&sel("#plan-belonging")).next().unwrap();
    assert_eq!(section.select(&sel(".objective")).count(), 0);
    let action = section
        .select(&sel("article.action"))
        .next()
        .expect("its action");
    let heading = action
        .select(&sel("h3"))
        .next()
        .expect("one level under the priority's h2");
    assert!(!read(heading).is_empty());
}

#[test]
fn a_language_without_a_description_gets_no_empty_description() {
    let out = site();
    for rel in ["ar/index.html", "ar/research/index.html", "index.html"] {
        let doc = page(out, rel);
        for meta in doc.select(&sel("meta[name=description]")) {
            assert!(!attr(&meta, "content").trim().is_empty(), "{rel}");
        }
    }
    let chooser = page(out, "index.html");
    let arabic = chooser
        .select(&sel(".language-choices > li[lang=ar]"))
        .next()
        .unwrap();
    assert!(arabic.select(&sel("p")).all(|p| !read(p).is_empty()));
}
