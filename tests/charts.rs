//! The charts of the example, read from the built pages as a reader (or a screen reader) gets them.

mod common;

use common::*;
use lipsite::model::{Id, Strategy};

fn model() -> Strategy {
    match lipsite::build::compile(&example_dir()) {
        Ok((s, _, _)) => s,
        Err(p) => panic!("{:#?}", p.into_sorted()),
    }
}

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let summary = build(&example_dir(), &out);
    assert!(summary.contains(" 40 charts "), "{summary}");
    (tmp, out)
}

fn fr(s: &Strategy) -> usize {
    s.config
        .languages
        .iter()
        .position(|l| l.code == "fr")
        .unwrap()
}

/// "114 000 $" or "57,5 %" back to a number.
fn number(text: &str) -> f64 {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.' || *c == '-')
        .collect();
    digits
        .replace(',', ".")
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text:?}"))
}

#[test]
fn the_research_chart_speaks_french_and_shows_every_share() {
    let s = model();
    let (_tmp, out) = built();
    let doc = page(&out, "fr/recherche/index.html");
    let svg = doc
        .select(&sel("figure.chart svg[role=img]"))
        .next()
        .expect("an inline SVG chart");
    let title = text(svg.select(&sel("title")).next().unwrap());
    assert_eq!(
        title,
        "Méthodes de recherche utilisées pour bâtir la stratégie"
    );
    let desc = text(svg.select(&sel("desc")).next().unwrap());
    let labels = &s.content[fr(&s)].labels.methods;
    let svg_text: Vec<String> = svg.select(&sel("text")).map(text).collect();
    let joined = svg_text.join(" ");
    let mut total = 0.0;
    for (id, m) in Id::each(&s.research) {
        let label = labels.get(id).unwrap();
        assert!(
            joined.contains(label.as_str()),
            "{label} is on the chart: {joined}"
        );
        assert!(
            desc.contains(label.as_str()),
            "{label} is in the description"
        );
        let shown = format!("{}\u{a0}%", m.share);
        assert!(
            svg_text.iter().any(|t| t == &fold(&shown)),
            "{shown} is on the chart"
        );
        total += m.share;
    }
    assert_eq!(total, 100.0);
    assert_eq!(
        doc.select(&sel("figure.chart svg rect")).count(),
        s.research.len(),
        "one bar per method"
    );
    let rows = doc
        .select(&sel("figure.chart + .table-wrap table tbody tr"))
        .count();
    assert_eq!(rows, s.research.len(), "the same figures as a table");
}

#[test]
fn spending_tables_equal_the_data_and_shares_add_up_to_100() {
    let s = model();
    let (_tmp, out) = built();
    let doc = page(&out, "fr/depenses/index.html");
    let spending = s.spending.as_ref().unwrap();
    let tables: Vec<_> = doc.select(&sel("table:not(.spending-total)")).collect();
    assert_eq!(tables.len(), spending.years.len());
    for (table, year) in tables.iter().zip(&spending.years) {
        let mut shares = 0.0;
        for (row, ((id, cat), amount)) in table
            .select(&sel("tbody tr"))
            .zip(Id::each(&spending.categories).zip(&year.amounts))
        {
            let cells: Vec<String> = row.select(&sel("th, td")).map(text).collect();
            assert_eq!(
                cells[0],
                fold(s.content[fr(&s)].labels.spending.get(id).unwrap())
            );
            assert_eq!(number(&cells[1]), *amount, "{} in {}", cat.id, year.year);
            assert!(cells[1].ends_with('$'), "{}", cells[1]);
            shares += number(&cells[2]);
        }
        assert!((shares - 100.0).abs() <= 0.5, "shares add to {shares}");
        let total = text(table.select(&sel("tfoot td")).next().unwrap());
        assert_eq!(number(&total), year.total());
    }
    let charts = doc.select(&sel("figure.chart svg[role=img]")).count();
    assert_eq!(
        charts,
        spending.years.len() + 1,
        "one chart per fiscal year, and one of all years"
    );
}

#[test]
fn every_indicator_has_a_progress_chart_with_its_figures_in_words() {
    let s = model();
    let (_tmp, out) = built();
    let doc = page(&out, "fr/evaluation/index.html");
    for (id, ind) in Id::each(&s.indicators) {
        let svg = doc
            .select(&sel(&format!("#chart-indicator-{}-title", ind.id)))
            .next()
            .unwrap_or_else(|| panic!("chart of {}", ind.id));
        assert_eq!(
            text(svg),
            fold(&s.content[fr(&s)].indicators.get(id).unwrap().name)
        );
        let desc = text(
            doc.select(&sel(&format!("#chart-indicator-{}-desc", ind.id)))
                .next()
                .unwrap(),
        );
        assert!(
            desc.contains(&format!("({})", ind.baseline.year))
                && desc.contains(&format!("({})", ind.target.year)),
            "{desc}"
        );
        assert!(desc.starts_with("Point de départ"), "{desc}");
    }
}

#[test]
fn csv_files_have_french_labels_and_language_neutral_numbers() {
    let s = model();
    let (_tmp, out) = built();
    let research = std::fs::read_to_string(out.join("fr/recherche/research-methods.csv")).unwrap();
    let mut lines = research.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("Méthode,Part (%)"));
    for (line, (id, m)) in lines.zip(Id::each(&s.research)) {
        let (label, share) = line.rsplit_once(',').unwrap();
        assert_eq!(
            label.trim_matches('"'),
            s.content[fr(&s)].labels.methods.get(id).unwrap()
        );
        assert_eq!(share.parse::<f64>().unwrap(), m.share);
    }
    let spending = std::fs::read_to_string(out.join("en/spending/spending.csv")).unwrap();
    assert!(
        spending.starts_with(
            "\u{feff}Fiscal year,Category,Amount ($),Share (%)\n2025–26,LIP staff,114000,57\n"
        ),
        "{spending}"
    );
    let page = page(&out, "fr/recherche/index.html");
    let link = page.select(&sel(".data-link a")).next().unwrap();
    assert_eq!(
        link.value().attr("href"),
        Some("/fr/recherche/research-methods.csv")
    );
}

/// The header row and the unit column of a CSV file, as a spreadsheet shows them.
fn csv_header_and_column(file: &std::path::Path, column: usize) -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let cells = reader
        .records()
        .map(|r| r.unwrap().get(column).unwrap_or_default().to_string())
        .collect();
    (header, cells)
}

#[test]
fn csv_files_open_in_a_spreadsheet_as_utf_8_with_the_units_in_the_pages_language() {
    let (_tmp, out) = built();
    let files: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    assert_eq!(files.len(), 8, "four CSV files in each language");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF") && !bytes[3..].starts_with(b"\xEF\xBB\xBF"),
            "{}: Excel reads a CSV as UTF-8 only after one byte-order mark",
            file.display()
        );
    }
    let fr = out.join("fr");
    let (header, _) = csv_header_and_column(&fr.join("depenses/spending.csv"), 0);
    assert_eq!(header, ["Exercice", "Catégorie", "Montant ($)", "Part (%)"]);
    let (header, units) = csv_header_and_column(&fr.join("evaluation/indicators.csv"), 1);
    assert_eq!(header[..2], ["Indicateur", "Unité"]);
    let s = model();
    let expected: Vec<String> = Id::each(&s.indicators)
        .map(|(id, i)| {
            match s.content[self::fr(&s)]
                .indicators
                .get(id)
                .unwrap()
                .unit_label
                .as_str()
            {
                "" => match i.unit {
                    lipsite::model::vocab::Unit::Percent => "%".to_string(),
                    lipsite::model::vocab::Unit::Money => "$".to_string(),
                    lipsite::model::vocab::Unit::Number => "nombre".to_string(),
                },
                label => label.to_string(),
            }
        })
        .collect();
    assert_eq!(
        units, expected,
        "each indicator's unit, as the French table says it"
    );
    assert!(units.contains(&"jours".to_string()) && units.contains(&"%".to_string()));
    let (_, units) = csv_header_and_column(&out.join("en/evaluation/indicators.csv"), 1);
    assert!(units.contains(&"days".to_string()) && !units.contains(&"jours".to_string()));
}

#[test]
fn charts_need_nothing_from_outside_the_page() {
    let (_tmp, out) = built();
    for rel in [
        "en/research/index.html",
        "fr/depenses/index.html",
        "fr/evaluation/index.html",
        "fr/strategie/index.html",
        "en/context/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        for svg in html.split("<svg").skip(1) {
            let svg = &svg[..svg.find("</svg>").unwrap()];
            assert!(!svg.contains("href"), "{rel}: a chart links out");
            // `url(#…)` names a pattern of the same chart (the map's classes); nothing else may.
            assert!(
                !svg.contains("@font-face")
                    && svg.matches("url(").count() == svg.matches("url(#").count(),
                "{rel}: a chart loads something"
            );
        }
    }
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn counts_are_turned_into_shares_that_add_up_to_100() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("data/research.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    let mut counts = [3, 5, 4].into_iter();
    let rewritten: Vec<String> = yaml
        .lines()
        .map(|l| match l.find("share:") {
            Some(i) => format!("{}count: {}", &l[..i], counts.next().unwrap()),
            None => l.to_string(),
        })
        .collect();
    std::fs::write(&file, rewritten.join("\n")).unwrap();
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "en/research/index.html");
    let shares: Vec<f64> = doc
        .select(&sel("figure.chart + .table-wrap tbody tr td:last-child"))
        .map(|td| number(&text(td)))
        .collect();
    let counts: Vec<f64> = doc
        .select(&sel("figure.chart + .table-wrap tbody tr td:first-of-type"))
        .map(|td| number(&text(td)))
        .collect();
    assert_eq!(counts, vec![3.0, 5.0, 4.0]);
    assert_eq!(shares, vec![25.0, 41.7, 33.3]);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_as_formulas_are_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let labels = repo.join("content/en/labels.yaml");
    edit(
        &labels,
        "focus-groups: Focus groups",
        r#"focus-groups: '=HYPERLINK("http://x","y")'"#,
    );
    edit(&labels, "survey: Community survey", "survey: '+1'");
    edit(
        &labels,
        "interviews: Interviews with partners",
        "interviews: '-x'",
    );
    edit(&labels, "staff: Partnership staff", "staff: '@SUM(1)'");
    edit(
        &labels,
        "research: Research and consultations",
        r#"research: "\t=1+1""#,
    );
    edit(
        &labels,
        "outreach: Promotion and outreach",
        "outreach: ' =cmd'",
    );
    let evaluation = repo.join("content/en/evaluation.md");
    edit(
        &evaluation,
        "name: Employment rate of recent immigrants (aged 25 to 54)",
        "name: '-2+3'",
    );
    std::fs::create_dir_all(repo.join("i18n")).unwrap();
    std::fs::write(repo.join("i18n/en.yaml"), "method: '=M'\n").unwrap();
    edit(
        &repo.join("data/evaluation.yaml"),
        "baseline: { value: 61.5, year: 2021 }",
        "baseline: { value: -5, year: 2021 }",
    );
    let out = tmp.path().join("site");
    build(&repo, &out);

    let mut cells = Vec::new();
    for rel in [
        "en/research/research-methods.csv",
        "en/spending/spending.csv",
        "en/evaluation/indicators.csv",
    ] {
        let text = std::fs::read_to_string(out.join(rel)).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let is_number = cell.parse::<f64>().is_ok() && !cell.starts_with('+');
                assert!(
                    is_number
                        || !cell
                            .trim_start_matches(' ')
                            .starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{rel}: {cell:?} would run as a formula"
                );
                cells.push(cell.to_string());
            }
        }
    }
    for escaped in [
        r#"'=HYPERLINK("http://x","y")"#,
        "'+1",
        "'-x",
        "'@SUM(1)",
        "'\t=1+1",
        "' =cmd",
        "'-2+3",
        "'=M",
    ] {
        assert!(
            cells.iter().any(|c| c == escaped),
            "{escaped:?} in {cells:?}"
        );
    }
    assert!(
        cells.iter().any(|c| c == "-5"),
        "a negative number stays a number: {cells:?}"
    );
    assert!(cells.iter().any(|c| c == "120000"), "{cells:?}");
}
