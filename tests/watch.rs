//! Watch mode against a scripted session of edits: after each burst settles, the output folder is
//! byte-identical to a clean build of the same files, and each burst is rebuilt once.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use common::*;

struct Watcher {
    child: Child,
    lines: Receiver<String>,
}

impl Watcher {
    fn start(repo: &Path, out: &Path) -> Watcher {
        Watcher::start_with(repo, out, &[])
    }

    fn start_with(repo: &Path, out: &Path, options: &[&str]) -> Watcher {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lipsite"))
            .args(["watch", repo.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .args(options)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut w = Watcher { child, lines };
        let first = w.settle();
        assert!(
            first.iter().any(|l| l.starts_with("first build: ")),
            "{first:?}"
        );
        w
    }

    /// Waits for the next build's line, then for quiet; returns every line printed meanwhile.
    fn settle(&mut self) -> Vec<String> {
        let mut seen = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                let done = line.contains(" pages rendered, ") || line.contains(FAILED);
                seen.push(line);
                if done {
                    // Quiet for a while: the burst is over.
                    while let Ok(more) = self.lines.recv_timeout(Duration::from_millis(700)) {
                        seen.push(more);
                    }
                    return seen;
                }
            }
        }
        panic!("no rebuild within 20 s; saw {seen:?}");
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (rel_path(dir, e.path()), fs::read(e.path()).unwrap()))
        .collect()
}

/// The watched output equals a clean build of the same files, file for file and byte for byte.
fn assert_same_as_clean_build(repo: &Path, out: &Path, step: &str) {
    let clean = repo.parent().unwrap().join("clean");
    let _ = fs::remove_dir_all(&clean);
    build(repo, &clean);
    let (watched, fresh) = (tree(out), tree(&clean));
    let only_watched: Vec<_> = watched.keys().filter(|k| !fresh.contains_key(*k)).collect();
    let only_fresh: Vec<_> = fresh.keys().filter(|k| !watched.contains_key(*k)).collect();
    assert!(
        only_watched.is_empty() && only_fresh.is_empty(),
        "{step}: only in watch output {only_watched:?}, only in clean build {only_fresh:?}"
    );
    let differ: Vec<_> = watched
        .iter()
        .filter(|(k, v)| fresh[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(
        differ.is_empty(),
        "{step}: these files differ from a clean build: {differ:?}"
    );
}

/// The shapes of the new repository's two areas, which meet at the longitude `border`.
fn area_shapes(border: f64) -> String {
    let square = |id: &str, west: f64, east: f64| {
        format!("{{\"type\": \"Feature\", \"id\": \"{id}\", \"properties\": {{}}, \"geometry\": {{\"type\": \"Polygon\", \"coordinates\": [[[{west}, 43.63], [{east}, 43.63], [{east}, 43.68], [{west}, 43.68], [{west}, 43.63]]]}}}}")
    };
    format!(
        "{{\"type\": \"FeatureCollection\", \"features\": [\n{},\n{}\n]}}\n",
        square("downtown", -79.40, border),
        square("suburbs", border, -79.30)
    )
}

/// One step of the scripted editing session.
type Edit = Box<dyn Fn(&Path)>;

#[test]
fn every_edit_ends_with_the_bytes_of_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let mut w = Watcher::start(&repo, &out);
    assert_same_as_clean_build(&repo, &out, "first build");

    let steps: Vec<(&str, Edit)> = vec![
        (
            "edit a page",
            Box::new(|r: &Path| {
                let f = r.join("content/fr/vision.md");
                fs::write(
                    &f,
                    fs::read_to_string(&f).unwrap() + "\nUne phrase de plus.\n",
                )
                .unwrap();
            }),
        ),
        (
            "add a page in both languages",
            Box::new(|r: &Path| {
                fs::write(
                    r.join("content/en/pages/news.md"),
                    "---\ntitle: News\nmenu: 30\n---\nWe met in June.\n",
                )
                .unwrap();
                fs::write(r.join("content/fr/pages/news.md"), "---\ntitle: Nouvelles\nslug: nouvelles\nmenu: 30\n---\nNous nous sommes réunis en juin.\n").unwrap();
            }),
        ),
        (
            "add a language file",
            Box::new(|r: &Path| {
                fs::create_dir_all(r.join("i18n")).unwrap();
                fs::write(r.join("i18n/fr.yaml"), "skip_link: Aller au contenu\n").unwrap();
            }),
        ),
        (
            "rename a page",
            Box::new(|r: &Path| {
                fs::rename(
                    r.join("content/en/pages/news.md"),
                    r.join("content/en/pages/updates.md"),
                )
                .unwrap();
                fs::rename(
                    r.join("content/fr/pages/news.md"),
                    r.join("content/fr/pages/updates.md"),
                )
                .unwrap();
            }),
        ),
        (
            "delete a page",
            Box::new(|r: &Path| {
                fs::remove_file(r.join("content/en/pages/updates.md")).unwrap();
                fs::remove_file(r.join("content/fr/pages/updates.md")).unwrap();
            }),
        ),
        (
            "save atomically, as editors do",
            Box::new(|r: &Path| {
                let f = r.join("content/en/vision.md");
                let tmp = r.join("content/en/.vision.md.tmp");
                fs::write(
                    &tmp,
                    fs::read_to_string(&f).unwrap() + "\nOne more sentence.\n",
                )
                .unwrap();
                fs::rename(&tmp, &f).unwrap();
            }),
        ),
        (
            "add a static file",
            Box::new(|r: &Path| {
                fs::create_dir_all(r.join("static/files")).unwrap();
                fs::write(r.join("static/files/plan.txt"), "The plan, version 1.\n").unwrap();
            }),
        ),
        (
            "change the static file, keeping its size",
            Box::new(|r: &Path| {
                fs::write(r.join("static/files/plan.txt"), "The plan, version 2.\n").unwrap();
            }),
        ),
        (
            "change a template",
            Box::new(|r: &Path| {
                fs::create_dir_all(r.join("templates")).unwrap();
                fs::write(r.join("templates/page.html"), "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ page.title }}</h1>{{ page.body_html | safe }}{% endblock content %}").unwrap();
            }),
        ),
        (
            "change data",
            Box::new(|r: &Path| {
                let f = r.join("data/spending.yaml");
                let text = fs::read_to_string(&f).unwrap();
                let line = text
                    .lines()
                    .find(|l| l.trim_start().starts_with("staff:"))
                    .unwrap()
                    .to_string();
                fs::write(
                    &f,
                    text.replacen(
                        &line,
                        &format!("{}staff: 131313", &line[..line.find("staff").unwrap()]),
                        1,
                    ),
                )
                .unwrap();
            }),
        ),
        (
            "add area shapes",
            Box::new(|r: &Path| {
                fs::write(r.join("data/areas.geojson"), area_shapes(-79.35)).unwrap();
            }),
        ),
        (
            "move the border between two areas",
            Box::new(|r: &Path| {
                fs::write(r.join("data/areas.geojson"), area_shapes(-79.37)).unwrap();
            }),
        ),
    ];
    for (step, apply) in &steps {
        apply(&repo);
        let lines = w.settle();
        assert!(
            lines.iter().any(|l| l.contains(" pages rendered, ")),
            "{step}: {lines:?}"
        );
        assert_same_as_clean_build(&repo, &out, step);
    }
    let context = fs::read_to_string(out.join("en/context/index.html")).unwrap();
    assert!(
        context.contains("data-area=\"suburbs\" data-class=") && context.contains("M97.6 "),
        "the map is on the page, drawn with the moved border"
    );

    // Edits to a page's text alone are applied to the last build's model; these check that the
    // pages they affect elsewhere (a translation falling behind its source) still come out as a
    // clean build would have them.
    let append = |file: &'static str, text: &'static str| -> Edit {
        Box::new(move |r: &Path| {
            let f = r.join(file);
            fs::write(&f, fs::read_to_string(&f).unwrap() + text).unwrap();
        })
    };
    // (step, edit, how the rebuild line starts, whether the French page is marked outdated)
    let text_steps: Vec<(&str, Edit, &str, bool)> = vec![
        (
            "stamp a translation",
            Box::new(|r: &Path| {
                let o = lipsite(&[
                    "translations",
                    r.to_str().unwrap(),
                    "--stamp",
                    r.join("content/fr/pages/about.md").to_str().unwrap(),
                ]);
                assert!(o.status.success(), "{}", stderr(&o));
            }),
            "",
            false,
        ),
        (
            "edit the text of a translated page",
            append("content/fr/pages/about.md", "\nUne autre phrase.\n"),
            "content/fr/pages/about.md (body): 1 of ",
            false,
        ),
        (
            "save through a temporary file renamed into place, as `sed -i` does",
            Box::new(|r: &Path| {
                let f = r.join("content/fr/pages/about.md");
                let tmp = r.join("content/fr/pages/sedX1y2Z3");
                fs::write(&tmp, fs::read_to_string(&f).unwrap() + "\nEncore.\n").unwrap();
                fs::rename(&tmp, &f).unwrap();
            }),
            "content/fr/pages/about.md and 1 more (body): 1 of ",
            false,
        ),
        (
            "edit the text of its source page, so the translation falls behind",
            append("content/en/pages/about.md", "\nAnother sentence.\n"),
            "",
            true,
        ),
        (
            "edit the source page's text again",
            append("content/en/pages/about.md", "\nAnd one more.\n"),
            "content/en/pages/about.md (body): 1 of ",
            true,
        ),
        (
            "change a page's title, which the menu of every page shows",
            Box::new(|r: &Path| {
                let f = r.join("content/en/pages/about.md");
                let text = fs::read_to_string(&f).unwrap();
                let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
                fs::write(&f, text.replacen(title, "title: About us", 1)).unwrap();
            }),
            "",
            true,
        ),
    ];
    for (step, apply, line_start, outdated) in &text_steps {
        apply(&repo);
        let lines = w.settle();
        // The last rebuild counts: a slow machine may split a save into two bursts.
        let line = lines
            .iter()
            .rfind(|l| l.contains(" pages rendered, "))
            .unwrap_or_else(|| panic!("{step}: {lines:?}"));
        assert!(line.starts_with(line_start), "{step}: {line}");
        assert_same_as_clean_build(&repo, &out, step);
        let fr_about = page(&out, "fr/a-propos/index.html");
        let notice: Vec<_> = fr_about
            .select(&sel(".notice.outdated a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        let expected: &[&str] = if *outdated { &["/en/about/"] } else { &[] };
        assert_eq!(
            notice, expected,
            "{step}: the French page's outdated notice"
        );
    }

    edits_of_each_kind(&mut w, &repo, &out);

    // A render that fails because of one page's content, in the same burst as an edit to another
    // page that renders fine: nothing is written. Once the failing page is fixed, the edited page
    // must be written (a render that failed must not count as written).
    fs::write(
        repo.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}{% if page.title is containing(pat=\"BREAK\") %}{{ throw(message=\"this page cannot be shown\") }}{% endif %}<h1>{{ page.title }}</h1>{{ page.body_html | safe }}{% endblock content %}",
    )
    .unwrap();
    fs::write(
        repo.join("content/fr/pages/notes.md"),
        "---\ntitle: Notes\n---\nSans menu.\n",
    )
    .unwrap();
    fs::write(
        repo.join("content/en/pages/notes.md"),
        "---\ntitle: Notes\n---\nNo menu.\n",
    )
    .unwrap();
    w.settle();
    let vision = repo.join("content/fr/vision.md");
    let notes = repo.join("content/fr/pages/notes.md");
    fs::write(
        &vision,
        fs::read_to_string(&vision).unwrap() + "\nAjouté pendant une erreur.\n",
    )
    .unwrap();
    fs::write(&notes, "---\ntitle: Notes BREAK\n---\nSans menu.\n").unwrap();
    let lines = w.settle();
    assert_failed(&lines);
    fs::write(&notes, "---\ntitle: Notes\n---\nSans menu.\n").unwrap();
    w.settle();
    assert_same_as_clean_build(&repo, &out, "after a failed render");

    // Break the YAML: the error is printed with its place, and the last good site stays.
    let before = tree(&out);
    let plan = repo.join("data/plan.yaml");
    let good = fs::read_to_string(&plan).unwrap();
    fs::write(&plan, good.replacen("start: 2025", "start: [2025", 1)).unwrap();
    let lines = w.settle();
    assert!(
        lines.iter().any(|l| l.contains("data/plan.yaml:")),
        "{lines:?}"
    );
    assert_failed(&lines);
    assert_eq!(
        tree(&out),
        before,
        "a failed rebuild leaves the site as it was"
    );
    // Fix it: watch recovers by itself.
    fs::write(&plan, good).unwrap();
    let lines = w.settle();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("data/plan.yaml (data): ")),
        "{lines:?}"
    );
    assert_same_as_clean_build(&repo, &out, "after fixing the YAML");
}

/// An edit that replaces the first `from` in `file` with `to`.
fn replace(file: &'static str, from: &'static str, to: &'static str) -> Edit {
    Box::new(move |r: &Path| {
        let f = r.join(file);
        let text = fs::read_to_string(&f).unwrap();
        assert!(text.contains(from), "{file} holds {from:?}");
        fs::write(&f, text.replacen(from, to, 1)).unwrap();
    })
}

/// Edits of each kind of change: the rebuild line names the kind and how many pages it rendered
/// (the 2 root pages, the language chooser and the 404 page, are rendered by every whole
/// build), and the output is a clean build's.
fn edits_of_each_kind(w: &mut Watcher, repo: &Path, out: &Path) {
    let notes = |en: &'static str, fr: &'static str| -> Edit {
        Box::new(move |r: &Path| {
            fs::write(r.join("content/en/pages/notes.md"), en).unwrap();
            fs::write(r.join("content/fr/pages/notes.md"), fr).unwrap();
        })
    };
    // (step, edit, how the rebuild line starts)
    let steps: Vec<(&str, Edit, &str)> = vec![
        (
            "add a page outside the menu, in both languages",
            notes(
                "---\ntitle: Notes\n---\nNo menu.\n",
                "---\ntitle: Notes\n---\nSans menu.\n",
            ),
            "content/en/pages/notes.md and 1 more (pages added or removed): ",
        ),
        (
            "the body of a page",
            replace("content/en/pages/notes.md", "No menu.", "No menu, yet."),
            "content/en/pages/notes.md (body): 1 of ",
        ),
        (
            "the title of a page outside the menu",
            replace(
                "content/en/pages/notes.md",
                "title: Notes",
                "title: Our notes",
            ),
            "content/en/pages/notes.md (front matter): 3 of ",
        ),
        (
            "the title of a page in the menu of every French page",
            replace(
                "content/fr/pages/about.md",
                "title: ",
                "title: Qui nous sommes, ",
            ),
            "content/fr/pages/about.md (front matter): 15 of ",
        ),
        (
            "a page put in the menu of every English page",
            replace(
                "content/en/pages/notes.md",
                "title: Our notes",
                "title: Our notes\nmenu: 20",
            ),
            "content/en/pages/notes.md (front matter): 15 of ",
        ),
        (
            "a menu position, which moves a page past another",
            replace("content/en/pages/about.md", "menu: 10", "menu: 40"),
            "content/en/pages/about.md (front matter): 15 of ",
        ),
        (
            "an action's status",
            replace(
                "data/action-plan.yaml",
                "    status: planned\n",
                "    status: at-risk\n",
            ),
            // The action plan, the one-page strategy and the home page in each language show it,
            // besides the 2 root pages (and the priorities page, whose progress bars count the
            // actions by status).
            "data/action-plan.yaml (data): 10 of ",
        ),
        (
            "a progress note",
            replace(
                "data/action-plan.yaml",
                "- date: 2025-06-15\n        status: in-progress",
                "- date: 2025-06-15\n        status: at-risk",
            ),
            "data/action-plan.yaml (data): 10 of ",
        ),
        (
            "a label",
            replace(
                "content/en/labels.yaml",
                "Chamber of Commerce",
                "Board of Trade",
            ),
            // Only the English pages whose templates read the labels' fields, and the 2 root pages.
            "content/en/labels.yaml (labels): 7 of ",
        ),
        (
            "a kind kept as a list gets its data file and its names",
            Box::new(|r: &Path| {
                add_outreach(
                    r,
                    "- id: fair\n  when: 2026-05\n  channel: event\n  reached: 40\n",
                )
            }),
            // Three files: a slow machine may rebuild them in two bursts, so only the bytes
            // (checked for every step) are asserted here.
            "",
        ),
        (
            // The outreach page and the one-page strategy in each language show the table; no
            // other page is rendered again (besides the 2 root pages).
            "how many people an outreach activity reached",
            replace("data/outreach.yaml", "reached: 40", "reached: 45"),
            "data/outreach.yaml (data): 6 of ",
        ),
        (
            "the template of free pages",
            replace(
                "templates/page.html",
                "class=\"custom\"",
                "class=\"custom edited\"",
            ),
            "templates/page.html (template): 6 of ",
        ),
        (
            "a part of the section pages' template, copied from the theme",
            Box::new(|r: &Path| {
                let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
                let part = "templates/parts/vision.html";
                fs::create_dir_all(r.join("templates/parts")).unwrap();
                fs::copy(theme.join(part), r.join(part)).unwrap();
            }),
            // A folder and a file: a slow machine may rebuild them in two bursts.
            "",
        ),
        (
            // The section pages' template includes it only for the vision page.
            "that part edited",
            Box::new(|r: &Path| {
                let part = r.join("templates/parts/vision.html");
                let text = fs::read_to_string(&part).unwrap();
                fs::write(part, format!("{text}<!-- ours -->\n")).unwrap();
            }),
            // The vision page and the one-page strategy in each language, and the 2 root pages.
            "templates/parts/vision.html (template): 6 of ",
        ),
        (
            "a static file",
            Box::new(|r: &Path| {
                fs::write(r.join("static/files/plan.txt"), "The plan, v3.\n").unwrap()
            }),
            "static/files/plan.txt (static file): 2 of ",
        ),
        (
            "the configuration",
            replace(
                "lipsite.yaml",
                "title: Our Local Immigration Partnership",
                "title: Our LIP",
            ),
            "lipsite.yaml (config): 15 of ",
        ),
    ];
    let mut seen = Vec::new();
    for (step, apply, line_start) in &steps {
        apply(repo);
        let lines = w.settle();
        // The last rebuild counts: a slow machine may split a save into two bursts.
        let line = lines
            .iter()
            .rfind(|l| l.contains(" pages rendered, "))
            .unwrap_or_else(|| panic!("{step}: {lines:?}"));
        assert_same_as_clean_build(repo, out, step);
        seen.push((step, line.clone(), line.starts_with(line_start)));
    }
    assert!(seen.iter().all(|(_, _, ok)| *ok), "{seen:#?}");
}

#[test]
fn a_one_page_edit_renders_that_page_and_writes_only_it() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let mut w = Watcher::start(&repo, &out);
    let f = repo.join("content/fr/pages/about.md");
    fs::write(
        &f,
        fs::read_to_string(&f).unwrap() + "\nUn paragraphe de plus.\n",
    )
    .unwrap();
    let lines = w.settle();
    let line = lines
        .iter()
        .find(|l| l.contains(" pages rendered, "))
        .unwrap();
    assert!(
        line.starts_with("content/fr/pages/about.md (body): 1 of "),
        "only the page whose text changed: {line}"
    );
    assert!(line.contains(", 1 file written"), "{line}");
    // Output files, swap files and backups do not trigger rebuilds.
    fs::write(
        out.join("en/index.html"),
        fs::read(out.join("en/index.html")).unwrap(),
    )
    .unwrap();
    fs::write(repo.join("content/fr/.about.md.swp"), "x").unwrap();
    fs::write(repo.join("content/fr/about.md~"), "x").unwrap();
    assert!(
        w.lines.recv_timeout(Duration::from_millis(1500)).is_err(),
        "no rebuild for files lipsite does not read"
    );
}

#[test]
fn polling_sees_edits_too() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let mut w = Watcher::start_with(&repo, &out, &["--poll"]);
    let f = repo.join("content/fr/pages/about.md");
    fs::write(&f, fs::read_to_string(&f).unwrap() + "\nVu par sondage.\n").unwrap();
    let lines = w.settle();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/fr/pages/about.md (body): ")),
        "{lines:?}"
    );
    assert_same_as_clean_build(&repo, &out, "an edit seen by polling");
}

/// Every line printed during `time`.
fn lines_for(w: &Watcher, time: Duration) -> Vec<String> {
    let end = Instant::now() + time;
    let mut seen = Vec::new();
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        if let Ok(line) = w.lines.recv_timeout(left) {
            seen.push(line);
        }
    }
    seen
}

/// Sets a file's modification time to now, its bytes unchanged, as `touch` does.
fn touch(file: &Path) {
    fs::File::options()
        .append(true)
        .open(file)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
}

/// A source folder with one file, in two versions that give different sites.
const FOLDERS: [(&str, &str, &str, &str); 3] = [
    (
        "templates",
        "page.html",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"one\">{{ page.title }}</h1>{% endblock content %}",
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"two\">{{ page.title }}</h1>{% endblock content %}",
    ),
    ("static", "files/plan.txt", "The plan, version 1.\n", "The plan, version 2.\n"),
    ("i18n", "fr.yaml", "skip_link: Aller au contenu\n", "skip_link: Passer au contenu\n"),
];

#[test]
fn a_source_folder_deleted_and_made_again_is_still_watched() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let mut w = Watcher::start(&repo, &out);
    for (dir, file, one, two) in FOLDERS {
        let path = repo.join(dir).join(file);
        let write = |text: &str| {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
        };
        write(one);
        w.settle();
        fs::remove_dir_all(repo.join(dir)).unwrap();
        w.settle();
        assert_same_as_clean_build(&repo, &out, &format!("{dir}/ deleted"));
        write(one);
        w.settle();
        saves_are_rebuilt(&mut w, (&repo, &out), (dir, file), &write, two);

        // Replaced in one go, as a checkout or a sync tool does: another folder renamed over it.
        let fresh = repo.join(format!("{dir}.new"));
        fs::create_dir_all(fresh.join(file).parent().unwrap()).unwrap();
        fs::write(fresh.join(file), one).unwrap();
        fs::remove_dir_all(repo.join(dir)).unwrap();
        fs::rename(&fresh, repo.join(dir)).unwrap();
        w.settle();
        write(two);
        let lines = w.settle();
        assert_rebuilt(
            &lines,
            &format!("{dir}/{file}"),
            &format!("a save in the {dir}/ folder replaced in one go"),
        );
        assert_same_as_clean_build(&repo, &out, &format!("{dir}/ replaced"));
    }
}

/// Saves `text` into `file` of the folder `dir`, made again, and asserts that the save is seen and
/// ends with a clean build's output.
fn saves_are_rebuilt(
    w: &mut Watcher,
    (repo, out): (&Path, &Path),
    (dir, file): (&str, &str),
    write: &dyn Fn(&str),
    text: &str,
) {
    write(text);
    let lines = w.settle();
    assert_rebuilt(
        &lines,
        &format!("{dir}/{file}"),
        &format!("a save in the {dir}/ folder made again"),
    );
    assert_same_as_clean_build(repo, out, &format!("{dir}/ made again"));
}

/// Asserts that the rebuild `lines` report is for a save of `file`.
fn assert_rebuilt(lines: &[String], file: &str, what: &str) {
    assert!(
        lines.iter().any(|l| l.starts_with(&format!("{file} ("))),
        "{what} is rebuilt: {lines:?}"
    );
}

#[test]
fn polling_copes_with_a_source_folder_that_disappears_and_comes_back() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let mut w = Watcher::start_with(&repo, &out, &["--poll"]);
    for (dir, file, one, two) in FOLDERS {
        let path = repo.join(dir).join(file);
        let write = |text: &str| {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, text).unwrap();
        };
        write(one);
        w.settle();
        fs::remove_dir_all(repo.join(dir)).unwrap();
        // The polls of the next 3 s (10 of them) find the folder gone.
        let lines = lines_for(&w, Duration::from_secs(3));
        let complaints = lines
            .iter()
            .filter(|l| l.contains("the last good site stays in place"))
            .count();
        assert!(complaints <= 1, "{dir}/ deleted: {lines:?}");
        assert!(
            lines.iter().any(|l| l.contains(" pages rendered, ")),
            "{dir}/ deleted: {lines:?}"
        );
        assert_same_as_clean_build(&repo, &out, &format!("{dir}/ deleted"));
        write(one);
        w.settle();
        saves_are_rebuilt(&mut w, (&repo, &out), (dir, file), &write, two);
    }
}

#[test]
fn a_file_deleted_or_changed_by_hand_in_the_output_is_restored_by_the_next_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let mut w = Watcher::start(&repo, &out);
    let about = repo.join("content/fr/pages/about.md");
    let steps: Vec<(&str, Edit)> = vec![
        (
            "edit the text of another page",
            Box::new(move |_: &Path| {
                fs::write(
                    &about,
                    fs::read_to_string(&about).unwrap() + "\nUne phrase.\n",
                )
                .unwrap()
            }),
        ),
        (
            "touch a data file",
            Box::new(|r: &Path| touch(&r.join("data/plan.yaml"))),
        ),
    ];
    for (step, apply) in &steps {
        fs::remove_file(out.join("en/about/index.html")).unwrap();
        fs::remove_file(out.join("theme.css")).unwrap();
        fs::write(out.join("en/context/index.html"), "changed by hand").unwrap();
        // A whole folder of the output goes too: every file in it is restored.
        fs::remove_dir_all(out.join("fr/vision")).unwrap();
        apply(&repo);
        let lines = w.settle();
        assert!(
            lines.iter().any(|l| l.contains(" pages rendered, ")),
            "{step}: {lines:?}"
        );
        assert_same_as_clean_build(&repo, &out, step);
    }
}

#[test]
fn a_gitignored_file_in_static_is_published_neither_by_watch_nor_by_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::write(repo.join(".gitignore"), "public/\nstatic/notes.txt\n").unwrap();
    fs::create_dir_all(repo.join("static")).unwrap();
    fs::write(repo.join("static/logo.svg"), "<svg/>").unwrap();
    let out = tmp.path().join("site");
    let mut w = Watcher::start(&repo, &out);
    // Watch mode does not see the ignored file; an edit to a page's text rebuilds that page alone.
    fs::write(repo.join("static/notes.txt"), "not for the public\n").unwrap();
    let f = repo.join("content/en/pages/about.md");
    fs::write(&f, fs::read_to_string(&f).unwrap() + "\nOne more line.\n").unwrap();
    let lines = w.settle();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("content/en/pages/about.md (body): ")),
        "{lines:?}"
    );
    assert_same_as_clean_build(&repo, &out, "an ignored file added to static/");
    assert!(out.join("logo.svg").is_file() && !out.join("notes.txt").exists());
}

#[test]
fn an_edit_that_takes_away_an_anchor_another_page_links_to_fails_like_a_clean_build() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let about = repo.join("content/en/pages/about.md");
    let with_heading = fs::read_to_string(&about).unwrap() + "\n## Contact us\n\nWrite to us.\n";
    fs::write(&about, &with_heading).unwrap();
    let vision = repo.join("content/en/vision.md");
    let text =
        fs::read_to_string(&vision).unwrap() + "\nSee [how to reach us](@page/about#contact-us).\n";
    let line = text.lines().count();
    fs::write(&vision, text).unwrap();
    let mut w = Watcher::start(&repo, &out);

    // Only the text of about.md changes: watch re-renders that page alone, and still follows the
    // link of the vision page to it.
    fs::write(&about, with_heading.replace("## Contact us", "## Reach us")).unwrap();
    let lines = w.settle().join("\n");
    assert!(
        lines.contains(&format!("content/en/vision.md:{line}:23")),
        "{lines}"
    );
    assert!(lines.contains("no anchor `#contact-us`"), "{lines}");
    assert!(
        lines.contains("the last good site stays in place"),
        "{lines}"
    );
    let clean = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(
        stderr(&clean).contains("no anchor `#contact-us`"),
        "a clean build fails too"
    );
    assert!(
        page(&out, "en/about/index.html")
            .select(&sel("#contact-us"))
            .next()
            .is_some(),
        "the last good page stays"
    );

    fs::write(&about, &with_heading).unwrap();
    let lines = w.settle();
    assert!(
        lines.iter().any(|l| l.contains(" pages rendered, ")),
        "{lines:?}"
    );
    assert_same_as_clean_build(&repo, &out, "the anchor is back");

    // The same with its title changed too: every page is rendered again with the site's links,
    // the vision page's reused as they were, since its text did not change; the page they lead
    // to has other ids now, so they are followed again.
    let title = with_heading
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap();
    let retitled = with_heading.replacen(title, "title: Who we are", 1);
    fs::write(&about, retitled.replace("## Contact us", "## Reach us")).unwrap();
    let lines = w.settle().join("\n");
    assert!(lines.contains("no anchor `#contact-us`"), "{lines}");
    assert!(
        lines.contains("the last good site stays in place"),
        "{lines}"
    );
}

#[test]
fn links_of_a_page_left_as_it_was_are_followed_again_when_what_they_lead_to_goes() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let vision = repo.join("content/en/vision.md");
    let text = fs::read_to_string(&vision).unwrap()
        + "\nSee [about us](@page/about) and [mentoring](@action/mentoring-program).\n";
    let line = text.lines().count();
    fs::write(&vision, text).unwrap();
    let mut w = Watcher::start(&repo, &out);

    // The page linked to goes, in every language: vision.md is as it was, and its link fails
    // like a clean build's.
    let abouts: Vec<_> = ["en", "fr"]
        .iter()
        .map(|lang| repo.join(format!("content/{lang}/pages/about.md")))
        .map(|about| (fs::read_to_string(&about).unwrap(), about))
        .collect();
    for (_, about) in &abouts {
        fs::remove_file(about).unwrap();
    }
    let lines = w.settle().join("\n");
    assert!(
        lines.contains(&format!("content/en/vision.md:{line}:16")),
        "{lines}"
    );
    assert!(
        stderr(&lipsite(&["check", repo.to_str().unwrap()])).contains("@page/about"),
        "a clean build fails too"
    );
    for (text, about) in &abouts {
        fs::write(about, text).unwrap();
    }
    w.settle();
    assert_same_as_clean_build(&repo, &out, "the page is back");

    // The action linked to is renamed (in the data and its texts): again the unchanged page's
    // link fails.
    let renamed: Vec<(std::path::PathBuf, String)> = walk(&repo)
        .into_iter()
        .filter(|f| *f != vision && !f.starts_with(&out))
        .filter_map(|f| Some((fs::read_to_string(&f).ok()?, f)))
        .filter(|(text, _)| text.contains("mentoring-program"))
        .map(|(text, f)| (f, text))
        .collect();
    assert!(renamed.len() > 1, "the data and the texts name the action");
    for (file, text) in &renamed {
        fs::write(
            file,
            text.replace("mentoring-program", "mentoring-programme"),
        )
        .unwrap();
    }
    let lines = w.settle().join("\n");
    assert!(lines.contains("@action/mentoring-program`"), "{lines}");
    assert!(
        lines.contains(&format!("content/en/vision.md:{line}:")),
        "{lines}"
    );
    for (file, text) in &renamed {
        fs::write(file, text).unwrap();
    }
    w.settle();
    assert_same_as_clean_build(&repo, &out, "the action is back");

    // The site moves under a sub-path: the same files and anchors, but a link written as a path
    // from the site's root (`/en/about/`) now leads outside it.
    let about = repo.join("content/en/pages/about.md");
    let about_text = fs::read_to_string(&about).unwrap();
    fs::write(
        &about,
        format!("{about_text}\nOur [vision](/en/vision/).\n"),
    )
    .unwrap();
    w.settle();
    assert_same_as_clean_build(&repo, &out, "a link from the root");
    let config = repo.join("lipsite.yaml");
    let config_text = fs::read_to_string(&config).unwrap();
    let base = config_text
        .lines()
        .find(|l| l.starts_with("base_url:"))
        .unwrap();
    fs::write(
        &config,
        config_text.replacen(base, "base_url: https://example.org/strategy/", 1),
    )
    .unwrap();
    let lines = w.settle().join("\n");
    assert!(
        lines.contains("the link `/en/vision/` leads outside the site"),
        "{lines}"
    );
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn what_changed_during_a_failed_build_is_rendered_by_the_next_good_one() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let contact = repo.join("content/en/pages/contact.md");
    let contact_text = "---\ntitle: Contact us\n---\nWrite to us.\n";
    fs::write(&contact, contact_text).unwrap();
    let mut w = Watcher::start(&repo, &out);
    let about = repo.join("content/en/pages/about.md");
    let about_text = fs::read_to_string(&about).unwrap();
    let description = about_text
        .lines()
        .find(|l| l.starts_with("description:"))
        .unwrap();

    // contact.md breaks; about.md's description (shown on that page alone) changes meanwhile;
    // then contact.md is mended, and the next build is good.
    fs::write(
        &contact,
        contact_text.replacen("title:", "slug: Not A Slug!\ntitle:", 1),
    )
    .unwrap();
    let lines = w.settle().join("\n");
    assert!(lines.contains("not a valid slug"), "{lines}");
    fs::write(
        &about,
        about_text.replacen(
            description,
            "description: Changed while the site was broken.",
            1,
        ),
    )
    .unwrap();
    let lines = w.settle().join("\n");
    assert!(lines.contains("not a valid slug"), "{lines}");
    fs::write(&contact, contact_text).unwrap();
    w.settle();
    assert_same_as_clean_build(&repo, &out, "mended after a failed build");

    // The same while the data is broken: a data file's edit, once mended, still shows the page
    // edited meanwhile.
    let plan = repo.join("data/plan.yaml");
    let plan_text = fs::read_to_string(&plan).unwrap();
    fs::write(
        &plan,
        plan_text.replacen("last_reviewed:", "last_reviewed: [\nx:", 1),
    )
    .unwrap();
    w.settle();
    fs::write(
        &about,
        about_text.replacen(
            description,
            "description: Changed again while the data was broken.",
            1,
        ),
    )
    .unwrap();
    w.settle();
    fs::write(&plan, &plan_text).unwrap();
    w.settle();
    assert_same_as_clean_build(&repo, &out, "data mended after a failed build");
}

/// Asserts that a rebuild's `lines` say it failed.
fn assert_failed(lines: &[String]) {
    assert!(lines.iter().any(|l| l.contains(FAILED)), "{lines:?}");
}

/// What a failed rebuild says.
const FAILED: &str = "the last good site stays in place";

/// A template edit takes the last build's model as it is: it must still report the model's
/// warnings, with a broken template's error too, as a whole build does.
#[test]
fn a_template_edit_reports_the_model_s_warnings_as_a_whole_build_does() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trilingual"),
        &repo,
    );
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
    let template = repo.join("templates/page.html");
    fs::create_dir_all(repo.join("templates")).unwrap();
    fs::copy(theme.join("page.html"), &template).unwrap();
    let out = tmp.path().join("site");
    let mut w = Watcher::start(&repo, &out);
    let warnings = |lines: &[String]| -> Vec<String> {
        let mut found: Vec<String> = lines
            .iter()
            .filter(|l| l.starts_with("warning: "))
            .cloned()
            .collect();
        found.sort();
        found
    };
    let clean = lipsite(&["check", repo.to_str().unwrap()]);
    let expected = warnings(&stderr(&clean).lines().map(String::from).collect::<Vec<_>>());
    assert!(expected.len() > 3, "{expected:?}");

    edit(
        &template,
        "{% endblock content %}",
        "<hr>{% endblock content %}",
    );
    let lines = w.settle();
    assert!(
        lines.iter().any(|l| l.contains("(template): ")),
        "{lines:?}"
    );
    assert_eq!(warnings(&lines), expected);

    edit(&template, "<hr>", "{% if %}");
    let lines = w.settle();
    assert_failed(&lines);
    assert_eq!(warnings(&lines), expected);
}
