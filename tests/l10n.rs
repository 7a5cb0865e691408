//! `lipsite l10n`: exporting a language for translators' tools and importing it back. Round
//! trips leave every byte in place, new translations reach the built pages, and every refusal
//! leaves the repository exactly as it was.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::*;

fn fixture(tmp: &Path, from: &Path) -> PathBuf {
    let repo = tmp.join("repo");
    copy_dir(from, &repo);
    repo
}

fn trilingual() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trilingual")
}

/// Every file under `dir` with its bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let bytes = fs::read(e.path()).unwrap_or_default();
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

fn export(repo: &Path, lang: &str, format: &str, out: &Path) -> PathBuf {
    let o = lipsite(&[
        "l10n",
        "export",
        repo.to_str().unwrap(),
        "--lang",
        lang,
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let name = match format {
        "xliff" => format!("{lang}.xlf"),
        "xliff12" => format!("{lang}.xliff12.xlf"),
        _ => format!("{lang}.po"),
    };
    out.join(name)
}

fn import(file: &Path, repo: &Path) -> std::process::Output {
    lipsite(&[
        "l10n",
        "import",
        file.to_str().unwrap(),
        repo.to_str().unwrap(),
    ])
}

/// Imports `file` and asserts that it is refused with a message holding every one of `words`,
/// and that no file of the repository changed.
fn refused(file: &Path, repo: &Path, words: &[&str]) {
    let before = tree(repo);
    let o = import(file, repo);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    for w in words {
        assert!(err.contains(w), "expected {w:?} in:\n{err}");
    }
    assert!(
        tree(repo) == before,
        "a refused import changed files:\n{err}"
    );
}

#[test]
fn the_french_of_the_example_comes_back_byte_for_byte_in_every_format() {
    for format in ["xliff", "xliff12", "po"] {
        let tmp = tempfile::tempdir().unwrap();
        let repo = fixture(tmp.path(), &example_dir());
        let before = tree(&repo);
        let file = export(&repo, "fr", format, &tmp.path().join("out"));
        let text = fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("Notre vision"),
            "{format}: the French is pre-filled"
        );
        let o = import(&file, &repo);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        assert!(
            tree(&repo) == before,
            "{format}: a round trip changed files"
        );
    }
}

#[test]
fn a_changed_translation_changes_only_its_own_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path(), &example_dir());
    let file = export(&repo, "fr", "po", &tmp.path().join("out"));
    let po = fs::read_to_string(&file).unwrap();
    let po = po.replacen(
        "msgstr \"Notre vision\"",
        "msgstr \"Notre « vision » : # pas un commentaire\"",
        1,
    );
    fs::write(&file, po).unwrap();
    let vision = repo.join("content/fr/vision.md");
    let before = fs::read_to_string(&vision).unwrap();
    let o = import(&file, &repo);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("updated content/fr/vision.md (1 texts changed"),
        "{}",
        stdout(&o)
    );
    let after = fs::read_to_string(&vision).unwrap();
    let expected = before.replacen(
        "title: Notre vision",
        "title: \"Notre « vision » : # pas un commentaire\"",
        1,
    );
    assert_eq!(after, expected);
    let out = tmp.path().join("site");
    build(&repo, &out);
    let h1 = page(&out, "fr/vision/index.html");
    let title = h1.select(&sel("h1")).next().map(text).unwrap_or_default();
    assert_eq!(title, "Notre « vision » : # pas un commentaire");
}

/// Gives every unit of an XLIFF 2 file without a translation one: `prefix` and its source,
/// codes kept; an address (slug) keeps the source's.
fn fill_xliff2(text: &str, prefix: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<segment") {
        let end = rest[start..].find("</segment>").unwrap() + start;
        out.push_str(&rest[..start]);
        let segment = &rest[start..end];
        let unit_start = rest[..start].rfind("<unit id=\"").unwrap();
        let is_slug = rest[unit_start..start].contains(":slug\"");
        if segment.contains("<target>") {
            out.push_str(segment);
        } else {
            let source =
                &segment[segment.find("<source>").unwrap() + 8..segment.find("</source>").unwrap()];
            let prefix = if is_slug { "" } else { prefix };
            out.push_str(
                &segment
                    .replace(
                        "</source>",
                        &format!("</source>\n        <target>{prefix}{source}</target>"),
                    )
                    .replace("state=\"initial\"", "state=\"translated\""),
            );
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn arabic_filled_in_a_tool_reaches_the_built_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path(), &trilingual());
    let file = export(&repo, "ar", "xliff", &tmp.path().join("out"));
    let filled = fill_xliff2(&fs::read_to_string(&file).unwrap(), "نص مترجم: ");
    fs::write(&file, filled).unwrap();
    let o = import(&file, &repo);
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stdout(&o);
    assert!(said.contains("created content/ar/vision.md"), "{said}");
    let vision = fs::read_to_string(repo.join("content/ar/vision.md")).unwrap();
    assert!(
        vision.contains("translated_from: "),
        "a page whose every text came back is stamped:\n{vision}"
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let html = page(&out, "ar/vision/index.html");
    let main = html
        .select(&sel("main"))
        .next()
        .map(text)
        .unwrap_or_default();
    assert!(
        main.contains("نص مترجم: Write your vision statement"),
        "{main}"
    );
    let report = lipsite(&[
        "translations",
        repo.to_str().unwrap(),
        "--lang",
        "ar",
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&report)).unwrap();
    let missing = report["languages"][0]["missing_files"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(missing, 0, "{report}");
}

/// The exported French PO of a fresh copy of the example, for a refusal test to spoil.
fn french_po(tmp: &Path) -> (PathBuf, PathBuf, String) {
    let repo = fixture(tmp, &example_dir());
    let file = export(&repo, "fr", "po", &tmp.join("out"));
    let text = fs::read_to_string(&file).unwrap();
    (repo, file, text)
}

#[test]
fn a_unit_that_does_not_exist_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, file, po) = french_po(tmp.path());
    fs::write(
        &file,
        po.replacen(
            "msgctxt \"vision.md:title\"",
            "msgctxt \"../../etc/passwd\"",
            1,
        ),
    )
    .unwrap();
    let line = fs::read_to_string(&file)
        .unwrap()
        .lines()
        .position(|l| l.contains("etc/passwd"))
        .unwrap()
        + 1;
    refused(
        &file,
        &repo,
        &[
            "unit `../../etc/passwd`",
            "does not exist",
            &format!("fr.po:{line}:1"),
        ],
    );
}

#[test]
fn lost_or_crossed_placeholders_are_refused_with_the_unit_and_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, file, po) = french_po(tmp.path());
    let from = "\"Le {1}conseil de partenariat{/1} fixe";
    assert!(po.contains(from));
    fs::write(
        &file,
        po.replacen(from, "\"Le conseil de partenariat fixe", 1),
    )
    .unwrap();
    refused(
        &file,
        &repo,
        &[
            "pages:about.md:body:how-it-works:li1",
            "lost code 1",
            "content/en/pages/about.md:15",
        ],
    );
    fs::write(
        &file,
        po.replacen(from, "\"Le {/1}conseil de partenariat{1} fixe", 1),
    )
    .unwrap();
    refused(
        &file,
        &repo,
        &["pages:about.md:body:how-it-works:li1", "closed before"],
    );
}

#[test]
fn a_file_for_another_source_or_language_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, file, po) = french_po(tmp.path());
    fs::write(
        &file,
        po.replacen("source language en", "source language fr", 1),
    )
    .unwrap();
    refused(&file, &repo, &["translates from `fr`"]);
    fs::write(
        &file,
        po.replacen("\"Language: fr\\n\"", "\"Language: de\\n\"", 1),
    )
    .unwrap();
    refused(&file, &repo, &["there is no language `de`"]);
    let xlf = export(&repo, "fr", "xliff", &tmp.path().join("out"));
    let x = fs::read_to_string(&xlf).unwrap();
    fs::write(&xlf, x.replacen("trgLang=\"fr\"", "trgLang=\"en\"", 1)).unwrap();
    refused(&xlf, &repo, &["source language"]);
}

#[test]
fn a_translation_of_a_source_that_changed_since_the_export_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, file, _) = french_po(tmp.path());
    edit(
        &repo.join("content/en/vision.md"),
        "title: Our vision",
        "title: Our shared vision",
    );
    refused(
        &file,
        &repo,
        &[
            "vision.md:title",
            "another version of its source",
            "content/en/vision.md",
        ],
    );
}

#[test]
fn malformed_and_hostile_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, po_file, po) = french_po(tmp.path());
    fs::write(&po_file, "msgid \"a\nmsgstr").unwrap();
    refused(&po_file, &repo, &["cannot be imported"]);
    fs::write(
        &po_file,
        po.replacen("msgstr \"Notre vision\"", "msgstr \"Notre {vision\"", 1),
    )
    .unwrap();
    refused(&po_file, &repo, &["brace that is not a placeholder"]);
    let xlf = export(&repo, "fr", "xliff", &tmp.path().join("out"));
    let x = fs::read_to_string(&xlf).unwrap();
    fs::write(&xlf, &x[..x.len() / 2]).unwrap();
    refused(&xlf, &repo, &["cannot be imported"]);
    let laughs = x.replacen(
        "<xliff ",
        "<!DOCTYPE xliff [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<xliff ",
        1,
    ).replacen("<target>Notre vision</target>", "<target>&b;</target>", 1);
    fs::write(&xlf, laughs).unwrap();
    refused(&xlf, &repo, &["document type declaration"]);
    let xxe = x.replacen("<target>Notre vision</target>", "<target>&xxe;</target>", 1);
    let line = xxe.lines().position(|l| l.contains("&xxe;")).unwrap() + 1;
    fs::write(&xlf, xxe).unwrap();
    refused(&xlf, &repo, &["&xxe;", &format!("fr.xlf:{line}:1")]);
}

#[test]
fn a_translation_that_would_break_the_strategy_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, file, po) = french_po(tmp.path());
    fs::write(
        &file,
        po.replacen("msgstr \"vision\"", "msgstr \"Notre Vision/../..\"", 1),
    )
    .unwrap();
    refused(
        &file,
        &repo,
        &["is not a valid slug", "content/fr/vision.md"],
    );
}

#[cfg(unix)]
#[test]
fn a_translation_file_that_is_a_link_is_never_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let (repo, file, po) = french_po(tmp.path());
    let outside = tmp.path().join("outside.md");
    fs::copy(repo.join("content/fr/vision.md"), &outside).unwrap();
    fs::remove_file(repo.join("content/fr/vision.md")).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("content/fr/vision.md")).unwrap();
    fs::write(
        &file,
        po.replacen("msgstr \"Notre vision\"", "msgstr \"Autre\"", 1),
    )
    .unwrap();
    let before = fs::read(&outside).unwrap();
    refused(&file, &repo, &["symbolic link"]);
    assert_eq!(fs::read(&outside).unwrap(), before);
}

/// A tool from the system or `target/ci-tools`, or `None` (outside CI only) when it is missing.
fn tool(name: &str) -> Option<PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/ci-tools/venv/bin")
        .join(name);
    if venv.is_file() {
        return Some(venv);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is missing; .ci/run installs it"
        );
        eprintln!("skipped: {name} is not installed (apt-get install gettext libxml2-utils; pip install translate-toolkit)");
    }
    found
}

fn run(tool: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(tool)
        .args(args)
        .output()
        .expect("the tool runs")
}

#[test]
fn gettext_and_translate_toolkit_accept_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path(), &trilingual());
    let out = tmp.path().join("out");
    let po = export(&repo, "ar", "po", &out);
    let po_path = po.to_str().unwrap();
    if let Some(msgfmt) = tool("msgfmt") {
        let o = run(&msgfmt, &["--check", "-o", "/dev/null", po_path]);
        assert!(
            o.status.success(),
            "msgfmt: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    if let Some(pofilter) = tool("pofilter") {
        let report = out.join("pofilter.po");
        let o = run(
            &pofilter,
            &[
                "--nofuzzy",
                "-t",
                "escapes",
                "-t",
                "printf",
                po_path,
                report.to_str().unwrap(),
            ],
        );
        assert!(
            o.status.success(),
            "pofilter: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        // pofilter writes a file only to list the messages that fail its checks.
        let failing = fs::read_to_string(&report).unwrap_or_default();
        assert!(
            !failing.contains("msgctxt"),
            "pofilter found problems:\n{failing}"
        );
    }
    if let Some(po2xliff) = tool("po2xliff") {
        let xlf = out.join("converted.xlf");
        let o = run(&po2xliff, &[po_path, xlf.to_str().unwrap()]);
        assert!(
            o.status.success(),
            "po2xliff: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let converted = fs::read_to_string(&xlf).unwrap();
        let messages = fs::read_to_string(&po)
            .unwrap()
            .matches("\nmsgctxt ")
            .count();
        assert_eq!(
            converted.matches("<trans-unit ").count(),
            messages + 1,
            "every message and the header:\n{converted}"
        );
        assert!(
            converted.contains("<source>Our vision</source>")
                || converted.contains("<source>Vision</source>"),
            "{converted}"
        );
    }
    let x2 = export(&repo, "ar", "xliff", &out);
    let x12 = export(&repo, "ar", "xliff12", &out);
    if let Some(xmllint) = tool("xmllint") {
        // The OASIS schemas, shipped under tests/schemas/xliff/ (see its README.md).
        let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/xliff");
        let core2 = schemas.join("xliff-core-2.0.xsd");
        let core12 = schemas.join("xliff-core-1.2-strict.xsd");
        let valid = |schema: &Path, file: &Path| {
            let args = ["--noout", "--nonet", "--schema", schema.to_str().unwrap()];
            let o = run(&xmllint, &[&args[..], &[file.to_str().unwrap()]].concat());
            (
                o.status.success(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        };
        for (schema, f) in [(&core2, &x2), (&core12, &x12)] {
            let (ok, said) = valid(schema, f);
            assert!(ok, "{} against {}: {said}", f.display(), schema.display());
        }
        // The check can fail: a unit without its id is not XLIFF.
        let broken = out.join("broken.xlf");
        let text = fs::read_to_string(&x2).unwrap();
        fs::write(&broken, text.replacen("<unit id=", "<unit name=", 1)).unwrap();
        assert!(
            !valid(&core2, &broken).0,
            "a unit without an id must fail the schema"
        );
    }
    if let Some(python) = tool("python3").filter(|p| p.starts_with(env!("CARGO_MANIFEST_DIR"))) {
        let script = "import sys\nfrom translate.storage import xliff, xliff2\nunits2 = [u for u in xliff2.Xliff2File.parsefile(sys.argv[1]).units if not u.isheader()]\nunits1 = [u for u in xliff.xlifffile.parsefile(sys.argv[2]).units if not u.isheader()]\nprint(len(units2), len(units1), units2[0].getid(), units1[0].getid())\n";
        let o = run(
            &python,
            &["-c", script, x2.to_str().unwrap(), x12.to_str().unwrap()],
        );
        let said = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "translate-toolkit: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let units = fs::read_to_string(&x2).unwrap().matches("<unit ").count();
        assert!(
            said.starts_with(&format!("{units} {units} ")),
            "translate-toolkit read: {said}"
        );
    }
}

#[test]
fn a_label_file_keeps_its_comments_and_windows_line_endings() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path(), &trilingual());
    let labels = repo.join("content/fr/labels.yaml");
    let crlf = fs::read_to_string(&labels).unwrap().replace('\n', "\r\n");
    fs::write(&labels, &crlf).unwrap();
    let file = export(&repo, "fr", "po", &tmp.path().join("out"));
    let po = fs::read_to_string(&file).unwrap();
    let from = "msgstr \"Ville de Votreville (remplacez par votre municipalité)\"";
    assert!(po.contains(from), "{po}");
    fs::write(
        &file,
        po.replacen(from, "msgstr \"Ville de Northbridge: « centre »\"", 1),
    )
    .unwrap();
    let o = import(&file, &repo);
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = crlf.replacen(
        "city: Ville de Votreville (remplacez par votre municipalité)",
        "city: \"Ville de Northbridge: « centre »\"",
        1,
    );
    assert_eq!(fs::read_to_string(&labels).unwrap(), expected);
}

#[test]
fn unstamped_translations_come_back_unchanged_and_unstamped() {
    let tmp = tempfile::tempdir().unwrap();
    let hard = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hard-cases");
    let repo = fixture(tmp.path(), &hard);
    let before = tree(&repo);
    for lang in ["fr", "ar"] {
        let file = export(&repo, lang, "xliff", &tmp.path().join("out"));
        let text = fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("subState=\"lipsite:needs-review\""),
            "{lang}: unstamped pages are to review"
        );
        let o = import(&file, &repo);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(
        tree(&repo) == before,
        "an unchanged round trip changed files"
    );
}

#[test]
fn a_new_item_is_added_to_an_existing_translation_under_its_block() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path(), &trilingual());
    let file = export(&repo, "ar", "xliff", &tmp.path().join("out"));
    let filled = fill_xliff2(&fs::read_to_string(&file).unwrap(), "جديد ");
    fs::write(&file, filled).unwrap();
    let o = import(&file, &repo);
    assert!(o.status.success(), "{}", stderr(&o));
    let priorities = fs::read_to_string(repo.join("content/ar/priorities.md")).unwrap();
    assert!(
        priorities.contains("\n  belonging:\n    title: \"جديد Newcomers feel at home in our community\"\n    summary: \"جديد "),
        "{priorities}"
    );
    let check = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        !stderr(&check).contains("`belonging` has no text in"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn a_missing_page_is_created_only_once_all_its_texts_came_back() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path(), &trilingual());
    let file = export(&repo, "ar", "xliff", &tmp.path().join("out"));
    let one = fs::read_to_string(&file).unwrap().replacen(
        "<source>Vision</source>",
        "<source>Vision</source>\n        <target>الرؤية</target>",
        1,
    );
    fs::write(&file, one).unwrap();
    let o = import(&file, &repo);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("not created content/ar/vision.md: 1 of its 5 texts"),
        "{}",
        stdout(&o)
    );
    assert!(!repo.join("content/ar/vision.md").exists());
}

#[test]
fn a_body_that_drifted_from_its_source_is_written_again_when_every_block_comes_back() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = fixture(tmp.path(), &example_dir());
    let vision = repo.join("content/fr/vision.md");
    let mut drifted = fs::read_to_string(&vision).unwrap();
    drifted.push_str("\nUn paragraphe que la source n'a pas.\n");
    fs::write(&vision, &drifted).unwrap();
    let file = export(&repo, "fr", "xliff", &tmp.path().join("out"));
    let exported = fs::read_to_string(&file).unwrap();
    assert!(
        !exported.contains("<target>Principes directeurs</target>"),
        "a drifted body is not matched block by block"
    );
    fs::write(&file, fill_xliff2(&exported, "FR ")).unwrap();
    let o = import(&file, &repo);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = fs::read_to_string(&vision).unwrap();
    assert!(after.contains("\n## FR Guiding principles\n"), "{after}");
    assert!(!after.contains("Un paragraphe que la source"), "{after}");
    let front = drifted.split("\n---\n").next().unwrap();
    assert!(
        after.starts_with(front),
        "the front matter is kept:\n{after}"
    );
}

#[test]
fn an_outreach_activity_s_missing_arabic_name_goes_out_and_comes_back_into_its_block() {
    let tmp = tempfile::tempdir().unwrap();
    let hard = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hard-cases");
    let repo = fixture(tmp.path(), &hard);
    let file = export(&repo, "ar", "xliff", &tmp.path().join("out"));
    let exported = fs::read_to_string(&file).unwrap();
    assert!(
        exported.contains("labels.yaml:outreach:french-workshops"),
        "the activity without an Arabic name is exported"
    );
    // A translator fills in that one unit; the others stay as they were.
    let unit = exported
        .find("<unit id=\"labels.yaml:outreach:french-workshops\"")
        .unwrap();
    let end = unit + exported[unit..].find("</unit>").unwrap();
    let filled = fill_xliff2(&exported[unit..end], "جديد ");
    fs::write(
        &file,
        format!("{}{filled}{}", &exported[..unit], &exported[end..]),
    )
    .unwrap();
    let o = import(&file, &repo);
    assert!(o.status.success(), "{}", stderr(&o));
    let labels = fs::read_to_string(repo.join("content/ar/labels.yaml")).unwrap();
    let block = &labels[labels.find("\noutreach:\n").expect("the block is kept")..];
    assert!(
        block.contains(
            "\n  french-workshops: \"جديد Workshops in French for francophone newcomers\""
        ),
        "{labels}"
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "ar/outreach/index.html");
    let name = doc
        .select(&sel("#outreach-french-workshops th"))
        .next()
        .unwrap();
    assert_eq!(
        text(name),
        "جديد Workshops in French for francophone newcomers"
    );
    assert!(
        name.select(&sel("span[lang]")).next().is_none(),
        "no longer a fallback"
    );
}
