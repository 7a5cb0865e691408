//! Measures watch mode as a writer feels it: the time from saving a one-page edit to the rebuilt
//! page being on disk. Prints p50 and p95 over many edits; asserts nothing (machines are noisy).
//!
//! `--edit text` (the default) adds a line to the page's Markdown; `--edit title` changes its
//! title, which every page's menu may show, so the whole cached pipeline runs.
//!
//!   cargo build --release && cargo run --release --example watch_latency -- --repo content-example --page content/en/pages/about.md --edits 40

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::copy_tree;

fn main() {
    let mut repo = PathBuf::from("content-example");
    let mut page = String::from("content/en/pages/about.md");
    let mut edits = 40;
    let mut title = false;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().expect("a value");
        match flag.as_str() {
            "--repo" => repo = PathBuf::from(value),
            "--page" => page = value,
            "--edits" => edits = value.parse().expect("--edits N"),
            "--edit" => title = value == "title",
            other => panic!("unknown option {other}"),
        }
    }
    let work = std::env::temp_dir().join(format!("lipsite-latency-{}", std::process::id()));
    let _ = fs::remove_dir_all(&work);
    copy_tree(&repo, &work.join("repo"), &|rel| !rel.starts_with("public"));
    let out = work.join("out");
    let lipsite = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/lipsite");
    let mut child = Command::new(&lipsite)
        .args([
            "watch",
            work.join("repo").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("build lipsite first: cargo build --release");
    let source = work.join("repo").join(&page);
    let slug = Path::new(&page)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let lang = page.split('/').nth(1).unwrap().to_string();
    let target = out.join(&lang).join(&slug).join("index.html");
    wait_for(&target, "</html>", Duration::from_secs(120));
    let original = fs::read_to_string(&source).unwrap();
    let mut times = Vec::new();
    for i in 0..edits {
        let marker = format!("latency-marker-{i}-{}", std::process::id());
        std::thread::sleep(Duration::from_millis(250));
        let start = Instant::now();
        let edited = if title {
            let line = original.lines().find(|l| l.starts_with("title:")).unwrap();
            original.replacen(line, &format!("title: {marker}"), 1)
        } else {
            format!("{original}\n{marker}\n")
        };
        fs::write(&source, edited).unwrap();
        wait_for(&target, &marker, Duration::from_secs(60));
        times.push(start.elapsed());
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = fs::remove_dir_all(&work);
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{} {} edits of {page}: p50 {:.1} ms, p95 {:.1} ms, min {:.1} ms, max {:.1} ms",
        times.len(),
        if title { "title" } else { "text" },
        ms(p(0.5)),
        ms(p(0.95)),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn wait_for(file: &Path, text: &str, limit: Duration) {
    let start = Instant::now();
    loop {
        if fs::read_to_string(file).is_ok_and(|t| t.contains(text)) {
            return;
        }
        assert!(
            start.elapsed() < limit,
            "{} never contained {text}",
            file.display()
        );
        std::thread::sleep(Duration::from_micros(500));
    }
}
