//! The strategy as a PDF in every language, read back as a reader's tools read it: `pdfinfo`
//! (tagged, title, pages), `pdftotext` (the text layer: every action title in logical order, the
//! French amounts, hostile text shown as written), and the PDF's catalog (`/Lang`, a structure
//! tree). Needs poppler-utils (`.ci/run` installs it).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The PDF a language's one-page strategy links to, with the link's text.
fn linked_pdf(out: &Path, strategy_page: &str) -> (PathBuf, String) {
    let html = page(out, strategy_page);
    let link = html
        .select(&sel("main a[type='application/pdf']"))
        .next()
        .unwrap_or_else(|| panic!("{strategy_page} links its PDF"));
    let href = link.value().attr("href").unwrap();
    let file = file_for(out, "/", href).unwrap_or_else(|| panic!("{href} is in the output"));
    (file, text(link))
}

fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let o = Command::new(tool)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (apt-get install poppler-utils): {e}"));
    assert!(o.status.success(), "{tool} failed on {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Whether poppler's tools are here to read the PDFs with. `cargo test` on a machine without them
/// (the README's test command on a fresh machine) skips those checks with a message; in CI
/// (`CI` set, where `.ci/run` installs poppler-utils) their absence fails the test.
fn poppler_here(test: &str) -> bool {
    let here = Command::new("pdfinfo").arg("-v").output().is_ok();
    assert!(
        here || std::env::var_os("CI").is_none(),
        "pdfinfo is missing in CI: apt-get install poppler-utils"
    );
    if !here {
        eprintln!(
            "{test}: skipped, poppler-utils is not installed (apt-get install poppler-utils)"
        );
    }
    here
}

fn pdfinfo(pdf: &Path) -> String {
    let o = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The text layer in reading order, with the marks pdftotext adds around right-to-left runs
/// taken out and every kind of space (the site's no-break spaces included) folded to one.
fn text_layer(pdf: &Path, args: &[&str]) -> String {
    normalize(&poppler("pdftotext", args, pdf))
}

fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2060}'))
        .collect::<String>()
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A known defect of the text layer, not of the page: the ligature of lam and alef (لا, لأ, لإ,
/// لآ) comes out of pdftotext with its two letters swapped (الأرقام → األرقام). Those letters are
/// left out of both sides here, so that every other letter of each title is still compared in
/// order.
fn lam_alef(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, 'ل' | 'ا' | 'أ' | 'إ' | 'آ'))
        .collect()
}

/// The catalog's `/Lang` and whether it has a structure tree and says it is tagged.
fn catalog(pdf: &Path) -> (String, bool, bool) {
    let doc = lopdf::Document::load(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let lang = catalog
        .get(b"Lang")
        .and_then(|l| l.as_str())
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    let marked = catalog
        .get(b"MarkInfo")
        .and_then(|m| match m {
            lopdf::Object::Reference(r) => doc.get_dictionary(*r),
            other => other.as_dict(),
        })
        .and_then(|d| d.get(b"Marked"))
        .and_then(|b| b.as_bool())
        .unwrap_or(false);
    (lang, catalog.has(b"StructTreeRoot"), marked)
}

fn fixture(tmp: &Path, name: &str) -> PathBuf {
    let out = tmp.join(name);
    build(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        &out,
    );
    out
}

#[test]
fn every_language_gets_a_tagged_pdf_in_its_language_with_its_title_and_a_structure_tree() {
    if !poppler_here(
        "every_language_gets_a_tagged_pdf_in_its_language_with_its_title_and_a_structure_tree",
    ) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = fixture(tmp.path(), "trilingual");
    for (page, lang, title) in [
        (
            "en/strategy/index.html",
            "en-CA",
            "Our Local Immigration Partnership",
        ),
        (
            "fr/strategie/index.html",
            "fr-CA",
            "Notre partenariat local en matière d'immigration",
        ),
        ("ar/strategy/index.html", "ar", "شراكتنا المحلية للهجرة"),
    ] {
        let (pdf, _) = linked_pdf(&out, page);
        let info = pdfinfo(&pdf);
        assert!(info.contains("Tagged:          yes"), "{page}: {info}");
        assert!(
            info.contains(&format!("Title:           {title}")),
            "{page}: {info}"
        );
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap();
        assert!((3..60).contains(&pages), "{page}: {pages} pages");
        let (found, structure, marked) = catalog(&pdf);
        assert_eq!(found, lang, "{page}: /Lang");
        assert!(structure && marked, "{page}: a tagged structure tree");
    }
}

/// Each action title the one-page strategy shows is in the PDF's text layer, in the order the
/// page shows them (French and Arabic: right to left, the text is in logical order). The hard
/// cases have a whole action plan in Arabic, with long titles and names in other scripts.
#[test]
fn every_action_title_is_in_the_french_and_arabic_text_in_logical_order() {
    if !poppler_here("every_action_title_is_in_the_french_and_arabic_text_in_logical_order") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = fixture(tmp.path(), "hard-cases");
    for page_path in ["fr/strategie/index.html", "ar/strategy/index.html"] {
        let (pdf, _) = linked_pdf(&out, page_path);
        // pdftotext's default mode puts right-to-left runs in logical order (`-raw` does not).
        let layer = text_layer(&pdf, &[]);
        let html = page(&out, page_path);
        let titles: Vec<String> = html.select(&sel(".action-title")).map(text).collect();
        let (layer, titles) = (
            lam_alef(&layer),
            titles.iter().map(|t| lam_alef(t)).collect::<Vec<_>>(),
        );
        assert!(titles.len() >= 2, "{page_path}: {titles:?}");
        let mut from = 0;
        for title in &titles {
            let at = layer[from..]
                .find(title.as_str())
                .unwrap_or_else(|| panic!("{page_path}: {title:?} after byte {from} of:\n{layer}"));
            from += at + title.len();
        }
    }
}

#[test]
fn french_money_and_dates_read_as_on_the_site_and_the_link_gives_the_size() {
    if !poppler_here("french_money_and_dates_read_as_on_the_site_and_the_link_gives_the_size") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&example_dir(), &out);
    let (pdf, link) = linked_pdf(&out, "fr/strategie/index.html");
    let layer = text_layer(&pdf, &[]);
    assert!(layer.contains("200 000 $"), "the French total of a year");
    assert!(
        layer.contains("15 juin 2026"),
        "the last review, as the site writes it"
    );
    let kb = (fs::metadata(&pdf).unwrap().len() as f64 / 1024.0).round();
    assert!(
        normalize(&link).contains(&format!("PDF, {kb} Ko")),
        "{link:?} says the size of {}",
        pdf.display()
    );
    let footer = page(&out, "fr/index.html");
    let in_footer = footer
        .select(&sel("footer a[type='application/pdf']"))
        .next()
        .expect("the footer links the PDF");
    assert_eq!(text(in_footer), link);
}

#[test]
fn the_same_files_give_the_same_pdf_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&example_dir(), &a);
    build(&example_dir(), &b);
    for rel in ["en/strategy/strategy.pdf", "fr/strategie/strategie.pdf"] {
        let (x, y) = (
            fs::read(a.join(rel)).unwrap(),
            fs::read(b.join(rel)).unwrap(),
        );
        assert!(x.len() > 10_000, "{rel}");
        assert!(x == y, "{rel} differs between two builds");
    }
}

#[test]
fn pdf_false_writes_no_pdf_and_no_link() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let config = repo.join("lipsite.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}\npdf: false\n")).unwrap();
    let out = tmp.path().join("site");
    build(&repo, &out);
    let pdfs = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert_eq!(pdfs, 0);
    let html = page(&out, "en/strategy/index.html");
    assert!(html
        .select(&sel("a[type='application/pdf']"))
        .next()
        .is_none());
}

/// Typst's syntax in every text of a strategy: the PDF shows what the site shows, as written.
const HOSTILE: &str =
    r#"#import "x.typ": * $x^2$ *b* _i_ `c` <l> @r [a] \ // /* -- ~ = - + #read("/etc/passwd")"#;

/// Puts the hostile text, between numbered marks, in every one-line text of the repository's
/// English files (front matter and labels), and a paragraph of it (lines starting with `=`, `-`
/// and `+` as Markdown keeps them) in every body.
fn poison(repo: &Path) {
    let mut n = 0;
    for entry in fs::read_dir(repo.join("content/en")).unwrap() {
        let path = entry.unwrap().path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        let text = fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = Vec::new();
        let mut fences = 0;
        for line in text.lines() {
            fences += usize::from(line == "---");
            let in_yaml = ext == "yaml" || fences == 1;
            lines.push(match line.split_once(": ") {
                Some((key, value))
                    if in_yaml
                        && !key.trim().starts_with('#')
                        && key.trim() != "slug"
                        && !value.starts_with(['|', '>', '#', '"', '\'']) =>
                {
                    n += 1;
                    let poisoned = format!("{value} Q{n}Q {HOSTILE} Z{n}Z");
                    let quoted = poisoned.replace('\\', "\\\\").replace('"', "\\\"");
                    format!("{key}: \"{quoted}\"")
                }
                _ => line.to_string(),
            });
        }
        if ext == "md" {
            n += 1;
            lines.push(String::new());
            lines.push(format!(
                "Q{n}Q {HOSTILE}\n\\= heading\n\\- dash\n\\+ plus Z{n}Z"
            ));
        }
        fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
}

#[test]
fn typst_syntax_in_any_text_is_shown_as_written() {
    if !poppler_here("typst_syntax_in_any_text_is_shown_as_written") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    poison(&repo);
    let out = tmp.path().join("site");
    build(&repo, &out);
    let (pdf, _) = linked_pdf(&out, "en/strategy/index.html");
    // A line may break after a `/`: compare without white space.
    let bare = |t: &str| t.split_whitespace().collect::<String>();
    let layer = bare(&text_layer(&pdf, &["-raw"]));
    assert!(!layer.contains("root:"), "no file was read");
    let html = normalize(&text(
        page(&out, "en/strategy/index.html")
            .select(&sel("main"))
            .next()
            .unwrap(),
    ));
    let mut checked = 0;
    for n in 1..500 {
        let (start, end) = (format!("Q{n}Q"), format!("Z{n}Z"));
        let Some(a) = html.find(&start) else { continue };
        let b = html[a..].find(&end).map(|b| a + b + end.len()).unwrap();
        let shown = bare(&html[a..b]);
        assert!(
            layer.contains(&shown),
            "the PDF shows {shown:?} as the site does:\n{layer}"
        );
        checked += 1;
    }
    assert!(checked >= 20, "{checked} texts checked");
    assert!(layer.contains(r#"#read("/etc/passwd")"#));
}
