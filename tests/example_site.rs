//! Builds `content-example/` and checks the site a reader would get.

mod common;

use std::collections::HashMap;
use std::path::Path;

use common::*;
use lipsite::model::vocab::Status;
use lipsite::model::Id;

const BASE_URL: &str = "https://northbridge-lip.example/";

/// The example's model, as the renderer gets it.
fn example_model() -> lipsite::model::Strategy {
    match lipsite::build::compile(&example_dir()) {
        Ok((strategy, _, _)) => strategy,
        Err(problems) => panic!("{:#?}", problems.into_sorted()),
    }
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let summary = build(&example_dir(), &out);
    assert!(summary.starts_with("Built 2 languages"), "{summary}");
    (tmp, out)
}

#[test]
fn the_example_is_a_realistic_strategy() {
    let (strategy, _, problems) = lipsite::build::compile(&example_dir())
        .unwrap_or_else(|p| panic!("{:#?}", p.into_sorted()));
    assert!(
        problems.is_empty(),
        "the example should build without warnings: {:#?}",
        problems.into_sorted()
    );
    assert!(strategy.priorities.len() >= 4);
    assert!(strategy.actions.len() >= 10);
    assert!(strategy.indicators.len() >= 6);
    assert!(strategy.figures.len() >= 5);
    assert_eq!(
        strategy.research.len(),
        7,
        "the handbook's seven research methods"
    );
    let spending = strategy.spending.as_ref().unwrap();
    assert_eq!(spending.years[0].total(), 200_000.0);
    assert!(strategy.council.as_ref().unwrap().seats.len() >= 10);
    for p in &strategy.priorities {
        assert!(
            !p.themes.is_empty(),
            "priority {} is tied to a common theme",
            p.id
        );
    }
    for a in &strategy.actions {
        assert!(!a.lead.of(&strategy).id.is_empty());
    }
}

#[test]
fn every_action_is_on_the_french_action_plan_with_its_french_words() {
    let strategy = example_model();
    let (_tmp, out) = built();
    let fr = strategy
        .config
        .languages
        .iter()
        .position(|l| l.code == "fr")
        .unwrap();
    let words = &strategy.content[fr];
    let slug = &words.sections[&lipsite::model::Section::ActionPlan].slug;
    let doc = page(&out, &format!("fr/{slug}/index.html"));
    let status_fr: HashMap<Status, &str> = [
        (Status::Planned, "Prévue"),
        (Status::InProgress, "En cours"),
        (Status::Done, "Terminée"),
        (Status::AtRisk, "À risque"),
        (Status::Deferred, "Reportée"),
    ]
    .into();
    for (id, a) in Id::each(&strategy.actions) {
        let card = doc
            .select(&sel(&format!("#action-{}", a.id)))
            .next()
            .unwrap_or_else(|| panic!("action {} is missing", a.id));
        let title = text(card.select(&sel(".action-title")).next().unwrap());
        assert_eq!(
            title,
            fold(&words.actions.get(id).unwrap().title),
            "French title of {}",
            a.id
        );
        let facts: Vec<(String, String)> = card
            .select(&sel(".facts > div"))
            .map(|d| {
                (
                    text(d.select(&sel("dt")).next().unwrap()),
                    text(d.select(&sel("dd")).next().unwrap()),
                )
            })
            .collect();
        let fact = |name: &str| {
            facts
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_eq!(
            fact("Responsable"),
            fold(words.labels.partners.get(a.lead).unwrap()),
            "lead of {}",
            a.id
        );
        assert_eq!(fact("État"), status_fr[&a.status], "status of {}", a.id);
    }
}

#[test]
fn pages_declare_their_language_and_link_their_translations_both_ways() {
    let (_tmp, out) = built();
    let files = html_files(&out);
    assert!(files.len() >= 25, "{} pages", files.len());
    for file in &files {
        let rel = rel_path(&out, file);
        let doc = page(&out, &rel);
        let html = doc.select(&sel("html")).next().unwrap();
        let lang = html.value().attr("lang").unwrap_or_default().to_string();
        assert!(
            ["en-CA", "fr-CA"].contains(&lang.as_str()),
            "{rel}: lang={lang}"
        );
        assert!(html.value().attr("dir").is_some(), "{rel} has dir");
        if rel == "404.html" || rel == "index.html" {
            continue;
        }
        let canonical = doc
            .select(&sel("link[rel=canonical]"))
            .next()
            .unwrap_or_else(|| panic!("{rel} has a canonical link"));
        let canonical = canonical.value().attr("href").unwrap().to_string();
        for alt in doc.select(&sel("link[rel=alternate][hreflang]")) {
            let hreflang = alt.value().attr("hreflang").unwrap();
            let href = alt.value().attr("href").unwrap();
            let path = href
                .strip_prefix(BASE_URL)
                .map(|p| format!("/{p}"))
                .unwrap_or_else(|| panic!("{rel}: {href} is not on the site"));
            let target = file_for(&out, "/", &path)
                .unwrap_or_else(|| panic!("{rel}: hreflang {hreflang} → {href} has no file"));
            if hreflang == "x-default" {
                continue;
            }
            let partner = std::fs::read_to_string(&target).unwrap();
            assert!(
                partner.contains(&format!("href=\"{canonical}\"")),
                "{rel}: {} does not link back",
                target.display()
            );
        }
    }
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let (_tmp, out) = built();
    let mut ids: HashMap<std::path::PathBuf, Vec<String>> = HashMap::new();
    for file in html_files(&out) {
        let rel = rel_path(&out, &file);
        let doc = page(&out, &rel);
        for a in doc.select(&sel("a[href], link[rel=stylesheet]")) {
            let href = a.value().attr("href").unwrap();
            if href.starts_with("http") || href.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
            let target = if path.is_empty() {
                file.clone()
            } else {
                file_for(&out, "/", &resolve(&format!("/{rel}"), path))
                    .unwrap_or_else(|| panic!("{rel}: broken link {href}"))
            };
            if !fragment.is_empty() {
                let known = ids.entry(target.clone()).or_insert_with(|| {
                    let t =
                        scraper::Html::parse_document(&std::fs::read_to_string(&target).unwrap());
                    t.select(&sel("[id]"))
                        .map(|e| e.value().attr("id").unwrap().to_string())
                        .collect()
                });
                assert!(
                    known.iter().any(|i| i == fragment),
                    "{rel}: {href} points to a missing id"
                );
            }
        }
    }
}

/// Resolves a link as a browser would, from the page at `page` (`/en/about/index.html`).
fn resolve(page: &str, href: &str) -> String {
    if href.starts_with('/') {
        return href.to_string();
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Folds white space as `text()` does, for comparing with source words.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_root_chooser_offers_every_language_and_the_switcher_keeps_the_page() {
    let (_tmp, out) = built();
    let root = page(&out, "index.html");
    let links: Vec<&str> = root
        .select(&sel(".language-choices a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(links, vec!["/en/", "/fr/"]);
    let context = page(&out, "en/context/index.html");
    let switch = context.select(&sel("nav.languages a")).next().unwrap();
    assert_eq!(switch.value().attr("href"), Some("/fr/contexte/"));
    assert_eq!(text(switch), "Français");
    assert_eq!(switch.value().attr("lang"), Some("fr-CA"));
}

#[test]
fn numbers_follow_the_locale() {
    let (_tmp, out) = built();
    let fr = std::fs::read_to_string(out.join("fr/depenses/index.html")).unwrap();
    assert!(
        fr.contains("200\u{a0}000\u{a0}$"),
        "French money is written 200 000 $"
    );
    assert!(fr.contains("57\u{a0}%"), "French percent is written 57 %");
    let en = std::fs::read_to_string(out.join("en/spending/index.html")).unwrap();
    assert!(en.contains("$200,000") && en.contains("57%"));
}

#[test]
fn the_sitemap_lists_every_page_with_its_alternates() {
    let (_tmp, out) = built();
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(xml.contains("<loc>https://northbridge-lip.example/fr/plan-d-action/</loc>"));
    assert!(
        xml.contains("hreflang=\"en-CA\" href=\"https://northbridge-lip.example/en/action-plan/\"")
    );
    let locs = xml.matches("<loc>").count();
    let pages = html_files(&out).len() - 2; // the chooser and the 404 page are not listed
    assert_eq!(locs, pages);
    assert!(Path::new(&out.join(".lipsite-output")).is_file());
}

#[test]
fn the_whole_strategy_page_has_every_section_and_every_action() {
    let strategy = example_model();
    let (_tmp, out) = built();
    let doc = page(&out, "en/strategy/index.html");
    let parts: Vec<String> = doc
        .select(&sel("section.part"))
        .map(|s| s.value().attr("id").unwrap().to_string())
        .collect();
    for must in [
        "part-context",
        "part-vision",
        "part-priorities",
        "part-action-plan",
        "part-evaluation",
    ] {
        assert!(parts.contains(&must.to_string()), "{parts:?}");
    }
    assert_eq!(
        doc.select(&sel("article.action")).count(),
        strategy.actions.len()
    );
    let mut ids: Vec<&str> = doc
        .select(&sel("[id]"))
        .map(|e| e.value().attr("id").unwrap())
        .collect();
    let total = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), total, "ids on the one-page strategy are unique");
}

#[test]
fn the_home_page_shows_its_own_text_the_vision_and_every_priority() {
    let strategy = example_model();
    let (_tmp, out) = built();
    let doc = page(&out, "en/index.html");
    let main = text(doc.select(&sel("main")).next().unwrap());
    assert!(
        main.contains("About 1,400 newcomers make Northbridge their home every year"),
        "{main}"
    );
    assert!(doc
        .select(&sel(".vision-brief blockquote"))
        .next()
        .is_some());
    let listed = doc.select(&sel(".priority-list li")).count();
    assert_eq!(listed, strategy.priorities.len());
    assert!(
        doc.select(&sel(".notice")).next().is_none(),
        "the home page is not a notice"
    );
}
