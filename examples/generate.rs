//! Generates a large strategy repository for benchmarks: `content-example/` (all sections, data and
//! charts) plus N free pages per language, each about 600 words of Markdown with headings, lists,
//! a table and a dozen links, like a long strategy page. Deterministic for a given seed.
//!
//!   cargo run --release --example generate -- --pages 1000 --languages 2 --seed 7 --out /tmp/big
//!
//! With `--hugo DIR` it also writes the same pages as a Hugo site with comparable templates
//! (a base layout with navigation, a language switcher and hreflang links), for `scripts/bench`.

mod common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use common::copy_tree;

const EN: &[&str] = &[
    "newcomers",
    "settlement",
    "services",
    "community",
    "employment",
    "housing",
    "language",
    "training",
    "partners",
    "council",
    "families",
    "youth",
    "health",
    "schools",
    "employers",
    "volunteers",
    "outreach",
    "referral",
    "orientation",
    "mentoring",
    "welcome",
    "neighbourhood",
    "library",
    "college",
    "clinic",
    "transit",
    "childcare",
    "survey",
    "results",
    "progress",
    "the",
    "and",
    "of",
    "to",
    "in",
    "for",
    "with",
    "our",
    "their",
    "more",
    "each",
    "year",
    "people",
    "work",
    "plan",
    "support",
    "access",
    "local",
    "new",
    "shared",
    "better",
    "every",
    "public",
    "program",
    "table",
    "group",
    "data",
];
const FR: &[&str] = &[
    "nouveaux",
    "arrivants",
    "établissement",
    "services",
    "collectivité",
    "emploi",
    "logement",
    "langue",
    "formation",
    "partenaires",
    "conseil",
    "familles",
    "jeunes",
    "santé",
    "écoles",
    "employeurs",
    "bénévoles",
    "rayonnement",
    "aiguillage",
    "orientation",
    "mentorat",
    "accueil",
    "quartier",
    "bibliothèque",
    "collège",
    "clinique",
    "transport",
    "garde",
    "sondage",
    "résultats",
    "le",
    "la",
    "et",
    "des",
    "du",
    "pour",
    "avec",
    "notre",
    "leurs",
    "plus",
    "chaque",
    "année",
    "personnes",
    "travail",
    "plan",
    "soutien",
    "accès",
    "local",
    "nouveau",
    "partagé",
    "meilleur",
    "public",
    "programme",
    "table",
    "groupe",
    "données",
];

struct Args {
    pages: usize,
    languages: usize,
    seed: u64,
    out: PathBuf,
    hugo: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args {
        pages: 100,
        languages: 2,
        seed: 7,
        out: PathBuf::from("generated-strategy"),
        hugo: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--pages" => a.pages = value().parse().expect("--pages N"),
            "--languages" => a.languages = value().parse().expect("--languages L"),
            "--seed" => a.seed = value().parse().expect("--seed S"),
            "--out" => a.out = PathBuf::from(value()),
            "--hugo" => a.hugo = Some(PathBuf::from(value())),
            other => panic!("unknown option {other}; use --pages N --languages L --seed S --out DIR [--hugo DIR]"),
        }
    }
    assert!((1..=6).contains(&a.languages), "--languages is 1 to 6");
    a
}

/// The languages of the generated site: the example's two, then copies of English under other codes.
const LANGS: &[(&str, &str, &str)] = &[
    ("en", "en-CA", "English"),
    ("fr", "fr-CA", "Français"),
    ("es", "es-CA", "Español"),
    ("pa", "pa-CA", "ਪੰਜਾਬੀ"),
    ("zh", "zh-CA", "中文"),
    ("tl", "tl-CA", "Tagalog"),
];

fn main() {
    let a = args();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content-example");
    replace_generated(&a.out);
    copy_tree(&example, &a.out, &|rel| {
        !rel.starts_with("public") && !rel.starts_with("content/")
    });
    let mut config = fs::read_to_string(example.join("lipsite.yaml")).unwrap();
    for (li, (code, locale, name)) in LANGS.iter().enumerate().take(a.languages) {
        let source = if li < 2 { *code } else { "en" };
        copy_tree(
            &example.join("content").join(source),
            &a.out.join("content").join(code),
            // The example's contact page stays: its home and outreach pages link to it.
            &|rel| !rel.starts_with("pages") || rel == Path::new("pages/contact.md"),
        );
        if li >= 2 {
            writeln!(config, "  {code}:\n    locale: {locale}\n    name: {name}\n    title: Northbridge LIP ({code})\n    description: Generated language {code}.").unwrap();
        }
    }
    if a.languages == 1 {
        config = config.replace("  fr:\n", "  xx-removed:\n");
        let cut = config.find("  xx-removed:").unwrap();
        let end = config[cut..]
            .find("\nroot:")
            .map_or(config.len(), |e| cut + e + 1);
        config.replace_range(cut..end, "");
    }
    // The PDFs are measured on their own (scripts/bench): these strategies time the site.
    config.push_str("\npdf: false\n");
    fs::write(a.out.join("lipsite.yaml"), config).unwrap();

    let mut rng = fastrand::Rng::with_seed(a.seed);
    let mut bodies = Vec::new();
    for (li, (code, _, _)) in LANGS.iter().enumerate().take(a.languages) {
        let words = if li == 1 { FR } else { EN };
        let dir = a.out.join("content").join(code).join("pages");
        fs::create_dir_all(&dir).unwrap();
        for n in 0..a.pages {
            let title = sentence(&mut rng, words, 4, 7);
            let body = page_body(&mut rng, words, n, a.pages);
            let menu = if n < 3 {
                format!("menu: {}\n", 100 + n)
            } else {
                String::new()
            };
            fs::write(
                dir.join(format!("page-{n:05}.md")),
                format!(
                    "---\ntitle: \"{title}\"\ndescription: \"{}\"\n{menu}---\n{body}",
                    sentence(&mut rng, words, 8, 14)
                ),
            )
            .unwrap();
            bodies.push((code.to_string(), n, title, body));
        }
    }
    println!(
        "wrote {} with {} languages × {} free pages",
        a.out.display(),
        a.languages,
        a.pages
    );
    if let Some(hugo) = &a.hugo {
        write_hugo(hugo, a.languages, &bodies);
        println!("wrote the same pages as a Hugo site in {}", hugo.display());
    }
}

fn sentence(rng: &mut fastrand::Rng, words: &[&str], min: usize, max: usize) -> String {
    let n = rng.usize(min..=max);
    let mut s: String = (0..n)
        .map(|_| words[rng.usize(..words.len())])
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(first) = s.get(..1) {
        s.replace_range(..1, &first.to_uppercase());
    }
    s
}

/// About 600 words: headings, paragraphs with links, a bullet list, a numbered list and a table.
fn page_body(rng: &mut fastrand::Rng, words: &[&str], n: usize, total: usize) -> String {
    let mut md = String::new();
    let mut links = 0;
    for section in 0..4 {
        writeln!(md, "## {}\n", sentence(rng, words, 2, 5)).unwrap();
        for _ in 0..(2 + usize::from(section % 2 == 0)) {
            let mut para = sentence(rng, words, 30, 45);
            if links < 12 {
                let target = rng.usize(..total.max(1));
                para.push_str(&format!(
                    " See [{}](../page-{target:05}/)",
                    sentence(rng, words, 2, 4)
                ));
                para.push_str(&format!(
                    " and [{}](https://www.canada.ca/en/immigration-refugees-citizenship.html)",
                    sentence(rng, words, 1, 3)
                ));
                links += 2;
            }
            writeln!(md, "{para}.\n").unwrap();
        }
        match section {
            0 => {
                for _ in 0..5 {
                    writeln!(md, "- {}", sentence(rng, words, 4, 9)).unwrap();
                }
                md.push('\n');
            }
            1 => {
                writeln!(
                    md,
                    "| {} | {} | {} |\n|---|---:|---:|",
                    sentence(rng, words, 1, 2),
                    sentence(rng, words, 1, 2),
                    sentence(rng, words, 1, 2)
                )
                .unwrap();
                for _ in 0..4 {
                    writeln!(
                        md,
                        "| {} | {} | {} |",
                        sentence(rng, words, 2, 4),
                        rng.u32(10..5000),
                        rng.u32(1..100)
                    )
                    .unwrap();
                }
                md.push('\n');
            }
            2 => {
                writeln!(md, "### {}\n", sentence(rng, words, 2, 4)).unwrap();
                for i in 1..=4 {
                    writeln!(md, "{i}. {}", sentence(rng, words, 5, 10)).unwrap();
                }
                md.push('\n');
            }
            _ => writeln!(md, "*{}* — page {n}.\n", sentence(rng, words, 6, 10)).unwrap(),
        }
    }
    md
}

/// The same pages as a Hugo site: two (or more) languages, a base layout with navigation, a
/// language switcher and hreflang alternates, like lipsite's theme does for free pages.
/// Marks the folders this generator writes, so that it only ever replaces its own.
const MARKER: &str = ".lipsite-generated";

/// Empties `dir` for a new strategy: only if it is new, empty, or written by this generator before.
fn replace_generated(dir: &Path) {
    let empty = fs::read_dir(dir).map_or(true, |mut d| d.next().is_none());
    if !empty && !dir.join(MARKER).is_file() {
        eprintln!(
            "{} already holds files this generator did not write; choose a new folder",
            dir.display()
        );
        std::process::exit(1);
    }
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(MARKER), "written by examples/generate.rs\n").unwrap();
}

fn write_hugo(dir: &Path, languages: usize, pages: &[(String, usize, String, String)]) {
    replace_generated(dir);
    fs::create_dir_all(dir.join("layouts/_default")).unwrap();
    let mut config = String::from("baseURL = \"https://northbridge-lip.example/\"\ndefaultContentLanguage = \"en\"\ndefaultContentLanguageInSubdir = true\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\"]\n[languages]\n");
    for (i, (code, locale, name)) in LANGS.iter().enumerate().take(languages) {
        writeln!(config, "[languages.{code}]\nlanguageCode = \"{locale}\"\nlanguageName = \"{name}\"\nweight = {}\ncontentDir = \"content/{code}\"", i + 1).unwrap();
    }
    config.push_str("[markup.goldmark.renderer]\nunsafe = false\n[markup.goldmark.extensions]\ntable = true\nstrikethrough = true\ntaskList = true\nfootnote = true\n");
    fs::write(dir.join("hugo.toml"), config).unwrap();
    fs::write(
        dir.join("layouts/_default/baseof.html"),
        r##"<!DOCTYPE html>
<html lang="{{ .Site.Language.LanguageCode }}" dir="ltr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="/theme.css"></head>
<body><a class="skip-link" href="#main">Skip to main content</a>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
<nav aria-label="Languages"><ul>{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.LanguageCode }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>
<nav aria-label="Sections"><ul>{{ range first 5 .Site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav></header>
<main id="main">{{ block "main" . }}{{ end }}</main>
<footer><p>This plan runs from 2025 to 2028.</p></footer></body></html>
"##,
    )
    .unwrap();
    fs::write(
        dir.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>\n{{ .Content }}{{ end }}\n",
    )
    .unwrap();
    fs::write(dir.join("layouts/_default/list.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range first 20 .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n").unwrap();
    for (code, n, title, body) in pages {
        let d = dir.join("content").join(code).join("pages");
        fs::create_dir_all(&d).unwrap();
        fs::write(
            d.join(format!("page-{n:05}.md")),
            format!("---\ntitle: \"{title}\"\ntranslationKey: \"page-{n:05}\"\n---\n{body}"),
        )
        .unwrap();
    }
}
