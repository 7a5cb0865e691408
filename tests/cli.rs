//! The commands as a coordinator uses them: new, check, build, help.

mod common;

use common::*;

#[test]
fn a_new_repository_checks_and_builds_in_both_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Checked 2 languages"),
        "{}",
        stdout(&o)
    );
    assert!(!repo.join("public").exists(), "check writes nothing");

    let summary = build(&repo, &repo.join("public"));
    assert!(summary.starts_with("Built 2 languages, "), "{summary}");
    assert!(summary.contains(" ms"), "{summary}");
    assert!(summary.trim_end().ends_with("public"), "{summary}");
    for page in [
        "en/index.html",
        "fr/index.html",
        "en/context/index.html",
        "fr/contexte/index.html",
        "fr/plan-d-action/index.html",
        "404.html",
        "index.html",
    ] {
        assert!(repo.join("public").join(page).is_file(), "{page}");
    }
    let fr = page(&repo.join("public"), "fr/index.html");
    assert_eq!(
        fr.select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("fr-CA")
    );
}

#[test]
fn the_default_output_is_public_inside_the_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let o = lipsite(&["build", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(repo.join("public/en/index.html").is_file());
}

#[test]
fn new_refuses_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let o = lipsite(&["new", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already has files"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn help_explains_each_command_with_an_example() {
    for cmd in ["build", "check", "new"] {
        let o = lipsite(&[cmd, "--help"]);
        assert!(o.status.success());
        assert!(
            stdout(&o).contains(&format!("lipsite {cmd} ")),
            "{cmd}: {}",
            stdout(&o)
        );
    }
}

/// Runs lipsite with its output going into a pipe whose reader is already gone, as in
/// `lipsite check --format json | head -c 10` once `head` has what it wants.
fn into_closed_pipe(
    args: &[&str],
    output_of: fn(&mut std::process::Command, std::io::PipeWriter),
) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_lipsite"));
    command.args(args).env("NO_COLOR", "1");
    output_of(&mut command, writer);
    command.output().unwrap()
}

#[test]
fn output_into_a_closed_pipe_ends_quietly_with_the_command_s_own_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let r = repo.to_str().unwrap();
    let out = tmp.path().join("site");
    let schemas = tmp.path().join("schemas");
    let another = tmp.path().join("another");
    let stdout_closed: fn(&mut std::process::Command, std::io::PipeWriter) = |c, w| {
        c.stdout(w);
    };
    let both_closed: fn(&mut std::process::Command, std::io::PipeWriter) = |c, w| {
        c.stdout(w.try_clone().unwrap()).stderr(w);
    };
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trilingual");
    let trilingual = fixtures.to_str().unwrap();
    let runs: [(&[&str], i32); 7] = [
        (&["check", r, "--format", "json"], 0),
        (&["check", r], 0),
        (&["build", r, "-o", out.to_str().unwrap()], 0),
        (&["translations", trilingual, "--json"], 0),
        (&["translations", trilingual], 0),
        (&["schema", "-o", schemas.to_str().unwrap()], 0),
        (&["new", another.to_str().unwrap()], 0),
    ];
    for (args, code) in runs {
        let o = into_closed_pipe(args, stdout_closed);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?}:\n{err}");
        assert_eq!(o.status.code(), Some(code), "{args:?}:\n{err}");
    }
    // With errors, standard error closed too (`lipsite check 2>&1 | head -1`): still exit code 1.
    edit(&repo.join("data/plan.yaml"), "start: 2025", "start: soon");
    for args in [&["check", r][..], &["check", r, "--format", "json"]] {
        let o = into_closed_pipe(args, stdout_closed);
        assert!(
            !stderr(&o).contains("panicked"),
            "{args:?}:\n{}",
            stderr(&o)
        );
        if args.len() == 2 {
            // Problems go to standard error, which is still open.
            assert!(
                stderr(&o).contains("expected a whole number"),
                "{}",
                stderr(&o)
            );
        }
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let o = into_closed_pipe(args, both_closed);
        assert_eq!(o.status.code(), Some(1), "{args:?}: no panic (101)");
    }
}

#[test]
fn serve_and_watch_into_a_closed_pipe_keep_running_and_rebuilding() {
    use std::io::{Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_lipsite"))
        .args(["serve", repo.to_str().unwrap(), "--port", &port.to_string()])
        .env("NO_COLOR", "1")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let get = || {
        let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
        write!(
            s,
            "GET /en/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .ok()?;
        let mut text = String::new();
        s.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut answer = None;
    while answer.is_none() && std::time::Instant::now() < deadline {
        if server.try_wait().unwrap().is_some() {
            break;
        }
        answer = get().filter(|t| t.starts_with("HTTP/1.1 200"));
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let served = answer.is_some();
    // A rebuild prints a line into the closed pipe too.
    edit(
        &repo.join("content/en/vision.md"),
        "Replace this text.",
        "Done.",
    );
    std::thread::sleep(std::time::Duration::from_millis(800));
    let still_running = server.try_wait().unwrap().is_none();
    let _ = server.kill();
    let o = server.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert!(served, "the site was never served:\n{err}");
    assert!(still_running, "serve stopped after a rebuild:\n{err}");
}

#[test]
fn new_writes_the_files_a_repository_needs_to_be_published_and_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let workflow = std::fs::read_to_string(repo.join(".github/workflows/publish.yml")).unwrap();
    for step in [
        "lipsite check",
        "lipsite build",
        "actions/upload-pages-artifact@v",
        "actions/deploy-pages@v",
        "vars.LIPSITE_GIT",
    ] {
        assert!(workflow.contains(step), "{step} missing:\n{workflow}");
    }
    let extensions: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo.join(".vscode/extensions.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        extensions["recommendations"],
        serde_json::json!(["redhat.vscode-yaml"])
    );
}

#[test]
fn the_gitignore_of_a_new_repository_keeps_the_output_and_the_schemas_out() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let (ignore, error) = ignore::gitignore::Gitignore::new(repo.join(".gitignore"));
    assert!(error.is_none(), "{error:?}");
    let ignored = |rel: &str, dir: bool| {
        ignore
            .matched_path_or_any_parents(repo.join(rel), dir)
            .is_ignore()
    };
    for rel in [
        "public/en/index.html",
        "schemas/lipsite.schema.json",
        ".public.lipsite-new-1234/en/index.html",
        "content/en/.vision.md.swp",
        "content/en/vision.md~",
        ".DS_Store",
    ] {
        assert!(ignored(rel, false), "{rel} should be ignored");
    }
    for rel in [
        "lipsite.yaml",
        "content/en/vision.md",
        "data/priorities.yaml",
        "static/public/report.pdf",
        ".github/workflows/publish.yml",
        ".vscode/settings.json",
        ".gitignore",
    ] {
        assert!(!ignored(rel, false), "{rel} should be kept");
    }
}

/// The schemas `lipsite schema` writes and the mapping it prints, as written into `schemas`.
fn schema_command() -> (Vec<String>, serde_json::Value) {
    let tmp = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lipsite"))
        .args(["schema", "-o", "schemas"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = stdout(&o);
    let mapping: serde_json::Value =
        serde_json::from_str(&printed[printed.find('{').unwrap()..]).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(tmp.path().join("schemas"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    (files, mapping)
}

#[test]
fn a_new_repository_attaches_every_yaml_schema_in_the_editor_settings_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let (written, printed) = schema_command();
    assert_eq!(
        settings, printed,
        "the settings are what `lipsite schema` prints"
    );
    let mapped = settings["yaml.schemas"].as_object().unwrap();
    for file in &written {
        let key = format!("schemas/{file}");
        // The front matter sits in Markdown files, which the YAML extension does not read.
        assert!(
            mapped.contains_key(&key) || file == "front-matter.schema.json",
            "{key} is not attached: {mapped:?}"
        );
        assert!(repo.join(&key).is_file(), "{key} is not written by `new`");
    }
    assert_eq!(
        mapped["schemas/data.priorities.schema.json"],
        "data/priorities.yaml"
    );
    assert!(mapped.len() >= 13, "{mapped:?}");
}

#[test]
fn base_url_on_the_command_line_moves_every_address_of_the_built_site() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let config_before = std::fs::read_to_string(repo.join("lipsite.yaml")).unwrap();
    let out = tmp.path().join("preview");
    let o = lipsite(&[
        "build",
        repo.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--base-url",
        "https://preview.example.net/pr-7",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let fr = page(&out, "fr/plan-d-action/index.html");
    let canonical = fr.select(&sel("link[rel=canonical]")).next().unwrap();
    assert_eq!(
        canonical.value().attr("href"),
        Some("https://preview.example.net/pr-7/fr/plan-d-action/")
    );
    let alternates: Vec<_> = fr
        .select(&sel("link[rel=alternate][hreflang]"))
        .map(|l| l.value().attr("href").unwrap().to_string())
        .collect();
    assert!(alternates.len() >= 3, "{alternates:?}");
    for href in alternates {
        assert!(
            href.starts_with("https://preview.example.net/pr-7/"),
            "{href}"
        );
    }
    let links: Vec<_> = fr
        .select(&sel("a[href^='/'], link[href^='/']"))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(links.len() > 10, "{links:?}");
    for href in links {
        assert!(href.starts_with("/pr-7/"), "{href} is outside the sub-path");
    }
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://preview.example.net/pr-7/en/</loc>"));
    assert!(!sitemap.contains("example.org"), "{sitemap}");
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://preview.example.net/pr-7/sitemap.xml"),
        "{robots}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.join("lipsite.yaml")).unwrap(),
        config_before,
        "the configuration stays as it is"
    );
}

#[test]
fn a_wrong_base_url_on_the_command_line_is_explained_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    for command in ["build", "check"] {
        let o = lipsite(
            &[
                command,
                repo.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--base-url",
                "preview.example.net/pr-7",
            ]
            .into_iter()
            .filter(|a| command == "build" || !["-o", out.to_str().unwrap()].contains(a))
            .collect::<Vec<_>>(),
        );
        assert_eq!(o.status.code(), Some(1), "{command}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(
                "error: `preview.example.net/pr-7` does not start with https:// or http://\n  --> --base-url\n"
            ),
            "{command}: {err}"
        );
        assert!(
            err.contains("like https://example.org/ or https://example.org/strategy/"),
            "{command}: {err}"
        );
        assert!(!out.exists(), "{command} wrote {}", out.display());
    }
}
