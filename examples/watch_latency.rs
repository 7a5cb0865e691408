//! Measures watch mode as a writer feels it: the time from saving a one-file edit to the rebuilt
//! page being on disk. Prints p50 and p95 over many edits, and how many pages each rebuild
//! rendered; asserts nothing (machines are noisy).
//!
//! `--edit` says what kind of edit, each of one file:
//! - `text` (the default): a line added to the Markdown of `--page`;
//! - `title`: the title of `--page` (outside the menu, it shows on that page alone);
//! - `menu`: the menu position of a page in the menu of every page of its language, moving it
//!   past another (`page-00001.md` of a generated repository, `contact.md` of content-example);
//! - `status`: the status of the first action in `data/action-plan.yaml`;
//! - `progress`: the status of the first dated progress note in `data/action-plan.yaml`;
//! - `label`: the first partner's name in `content/<lang>/labels.yaml`;
//! - `template`: a comment in the repository's copy of the theme's `parts/action.html`.
//!
//! The language is the one of `--page`. Works on `content-example` and on a repository from
//! `examples/generate.rs`. `LIPSITE_BIN=path` measures that build of lipsite instead of
//! `target/release/lipsite`; with `LIPSITE_TIMINGS=1`, lipsite's time per stage of each rebuild
//! shows on the terminal.
//!
//!   cargo build --release && cargo run --release --example watch_latency -- --repo content-example --page content/en/pages/about.md --edits 40 --edit title

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::copy_tree;

/// The text of a file after the `i`-th edit, from its original text.
type Edited = Box<dyn Fn(&str, usize) -> String>;

/// One kind of edit: the file it changes, its text for the `i`-th edit, and the output page that
/// shows it.
struct Edit {
    file: String,
    text: Edited,
    shown_in: String,
}

fn main() {
    let mut repo = PathBuf::from("content-example");
    let mut page = String::from("content/en/pages/about.md");
    let mut edits = 40;
    let mut kind = String::from("text");
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().expect("a value");
        match flag.as_str() {
            "--repo" => repo = PathBuf::from(value),
            "--page" => page = value,
            "--edits" => edits = value.parse().expect("--edits N"),
            "--edit" => kind = value,
            other => panic!("unknown option {other}"),
        }
    }
    let work = std::env::temp_dir().join(format!("lipsite-latency-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    let copy = work.join("repo");
    copy_tree(&repo, &copy, &|rel| !rel.starts_with("public"));
    let edit = edit_of(&kind, &page, &copy);
    let out = work.join("out");
    let (times, rendered) = measure(&copy, &out, &edit, edits);
    let _ = fs::remove_dir_all(&work);
    report(&kind, &edit.file, times, &rendered);
}

/// The edit of kind `kind`, for the language of `page`, set up in the repository `repo`.
fn edit_of(kind: &str, page: &str, repo: &Path) -> Edit {
    let lang = page.split('/').nth(1).unwrap().to_string();
    let page_out = |page: &str| {
        let slug = Path::new(page).file_stem().unwrap().to_string_lossy();
        format!("{lang}/{slug}/index.html")
    };
    let action_plan = format!("{lang}/action-plan/index.html");
    let toggle = |from: &'static str, to: &'static str| -> Edited {
        Box::new(move |text: &str, i: usize| match i % 2 {
            0 => text.replacen(from, to, 1),
            _ => text.to_string(),
        })
    };
    match kind {
        "text" => Edit {
            file: page.to_string(),
            text: Box::new(|text, i| format!("{text}\nlatency-marker-{i}\n")),
            shown_in: page_out(page),
        },
        "title" => Edit {
            file: page.to_string(),
            text: Box::new(|text, i| {
                let line = text.lines().find(|l| l.starts_with("title:")).unwrap();
                text.replacen(line, &format!("title: latency-marker-{i}"), 1)
            }),
            shown_in: page_out(page),
        },
        // A generated repository's second menu page moves before the first; content-example's
        // contact page before its about page.
        "menu" => match repo
            .join(format!("content/{lang}/pages/page-00001.md"))
            .is_file()
        {
            true => Edit {
                file: format!("content/{lang}/pages/page-00001.md"),
                text: toggle("menu: 101", "menu: 99"),
                shown_in: page_out(page),
            },
            false => Edit {
                file: format!("content/{lang}/pages/contact.md"),
                text: toggle("menu: 20", "menu: 5"),
                shown_in: page_out(page),
            },
        },
        "status" => Edit {
            file: "data/action-plan.yaml".into(),
            text: toggle("\n    status: in-progress\n", "\n    status: at-risk\n"),
            shown_in: action_plan,
        },
        "progress" => Edit {
            file: "data/action-plan.yaml".into(),
            text: toggle("\n        status: done\n", "\n        status: at-risk\n"),
            shown_in: action_plan,
        },
        "label" => Edit {
            file: format!("content/{lang}/labels.yaml"),
            text: Box::new(|text, i| {
                let line = text.lines().find(|l| l.starts_with("  ")).unwrap();
                text.replacen(line, &format!("{line} {i}"), 1)
            }),
            shown_in: action_plan,
        },
        "template" => {
            let part = "templates/parts/action.html";
            let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
            fs::create_dir_all(repo.join("templates/parts")).unwrap();
            fs::copy(theme.join(part), repo.join(part)).unwrap();
            Edit {
                file: part.into(),
                text: Box::new(|text, i| format!("{text}<!-- latency-marker-{i} -->\n")),
                shown_in: action_plan,
            }
        }
        other => {
            panic!("unknown --edit {other}: text, title, menu, status, progress, label or template")
        }
    }
}

/// Starts `lipsite watch`, makes `edits` edits one after another, and returns the time each took
/// to show in its page, and how many pages each rebuild rendered.
fn measure(repo: &Path, out: &Path, edit: &Edit, edits: usize) -> (Vec<Duration>, Vec<usize>) {
    // `LIPSITE_BIN` measures another build of lipsite, such as the one before a change.
    let lipsite = std::env::var_os("LIPSITE_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/lipsite"),
        PathBuf::from,
    );
    let mut child = Command::new(&lipsite)
        .args(["watch", repo.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(if std::env::var_os("LIPSITE_TIMINGS").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("build lipsite first: cargo build --release");
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let source = repo.join(&edit.file);
    let target = out.join(&edit.shown_in);
    wait_for(
        &target,
        &|t| t.contains("</html>"),
        Duration::from_secs(120),
    );
    let original = fs::read_to_string(&source).unwrap();
    let mut times = Vec::new();
    let mut rendered = Vec::new();
    for i in 0..edits {
        std::thread::sleep(Duration::from_millis(250));
        while let Ok(line) = lines.try_recv() {
            rendered.extend(rendered_count(&line).filter(|_| !line.starts_with("first build")));
        }
        let before = fs::read_to_string(&target).unwrap();
        let start = Instant::now();
        fs::write(&source, (edit.text)(&original, i)).unwrap();
        wait_for(&target, &|t| t != before, Duration::from_secs(60));
        times.push(start.elapsed());
    }
    std::thread::sleep(Duration::from_millis(250));
    rendered.extend(lines.try_iter().filter_map(|l| rendered_count(&l)));
    let _ = child.kill();
    let _ = child.wait();
    (times, rendered)
}

/// The number of pages rendered, from a rebuild line (`… 3 of 2,026 pages rendered, …`).
fn rendered_count(line: &str) -> Option<usize> {
    let (before, _) = line.split_once(" pages rendered")?;
    let (rendered, _) = before.rsplit_once(" of ")?;
    rendered.rsplit(' ').next()?.replace(',', "").parse().ok()
}

fn report(kind: &str, file: &str, mut times: Vec<Duration>, rendered: &[usize]) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let mut counts = rendered.to_vec();
    counts.sort();
    let pages = counts
        .get(counts.len() / 2)
        .map_or(String::from("?"), |n| n.to_string());
    println!(
        "{} {kind} edits of {file}: p50 {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms, {pages} pages rendered (median)",
        times.len(),
        ms(p(0.5)),
        ms(p(0.95)),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn wait_for(file: &Path, done: &dyn Fn(&str) -> bool, limit: Duration) {
    let start = Instant::now();
    loop {
        if fs::read_to_string(file).is_ok_and(|t| done(&t)) {
            return;
        }
        assert!(
            start.elapsed() < limit,
            "{} never showed the edit",
            file.display()
        );
        std::thread::sleep(Duration::from_micros(500));
    }
}
