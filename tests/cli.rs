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
