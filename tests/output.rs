//! The output folder: replaced atomically, never a folder lipsite did not create.

mod common;

use std::fs;

use common::*;

/// A way to break a repository, for the failure tests.
type Breakage<'a> = (&'a str, &'a dyn Fn(&std::path::Path));

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    // A mistake found while loading, and one found while rendering, when other pages have been
    // written already.
    let breakages: [Breakage; 2] = [
        ("broken YAML", &|repo| {
            edit(
                &repo.join("data/plan.yaml"),
                "start: 2025",
                "start: [broken",
            )
        }),
        ("a template that fails on free pages", &|repo| {
            fs::create_dir_all(repo.join("templates")).unwrap();
            fs::write(
                repo.join("templates/page.html"),
                "{{ throw(message=\"this page cannot be shown\") }}",
            )
            .unwrap();
        }),
    ];
    for (what, break_repo) in breakages {
        let tmp = tempfile::tempdir().unwrap();
        let repo = new_repo(tmp.path());
        let out = tmp.path().join("site");
        build(&repo, &out);
        let before = fs::read_to_string(out.join("en/index.html")).unwrap();
        break_repo(&repo);
        let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{what}");
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            before,
            "{what}"
        );
        let leftovers: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("lipsite"))
            .collect();
        assert!(leftovers.is_empty(), "{what}: {leftovers:?}");
    }
}

#[test]
fn a_rebuild_replaces_the_site_and_removes_pages_that_are_gone() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    build(&repo, &out);
    assert!(out.join("en/about/index.html").is_file());
    fs::remove_file(repo.join("content/en/pages/about.md")).unwrap();
    fs::remove_file(repo.join("content/fr/pages/about.md")).unwrap();
    build(&repo, &out);
    assert!(!out.join("en/about/index.html").exists());
}

#[test]
fn a_folder_lipsite_did_not_create_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let foreign = tmp.path().join("documents");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("budget.xlsx"), "precious").unwrap();
    let o = lipsite(&[
        "build",
        repo.to_str().unwrap(),
        "-o",
        foreign.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("did not write"), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(foreign.join("budget.xlsx")).unwrap(),
        "precious"
    );
}

#[test]
fn the_repository_itself_and_its_parents_are_refused_as_output() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    for out in [
        repo.clone(),
        tmp.path().to_path_buf(),
        std::path::PathBuf::from("/"),
        repo.join("content/site"),
    ] {
        let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", out.display());
        assert!(repo.join("lipsite.yaml").is_file());
        assert!(repo.join("content/en/home.md").is_file());
    }
}

/// Puts what a GitHub Pages checkout keeps in a folder: a `.git` folder, `CNAME` and `.nojekyll`.
fn add_publishing_files(folder: &std::path::Path) {
    fs::create_dir_all(folder.join(".git/refs/heads")).unwrap();
    fs::write(folder.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    fs::write(folder.join(".git/refs/heads/gh-pages"), "0123abcd\n").unwrap();
    fs::write(folder.join("CNAME"), "strategy.example.org\n").unwrap();
    fs::write(folder.join(".nojekyll"), "").unwrap();
}

fn assert_publishing_files_kept(folder: &std::path::Path) {
    assert_eq!(
        fs::read_to_string(folder.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert_eq!(
        fs::read_to_string(folder.join(".git/refs/heads/gh-pages")).unwrap(),
        "0123abcd\n"
    );
    assert_eq!(
        fs::read_to_string(folder.join("CNAME")).unwrap(),
        "strategy.example.org\n"
    );
    assert!(folder.join(".nojekyll").is_file());
}

/// The names of the folders lipsite's builds left beside the output folder.
fn leftovers(parent: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".lipsite-"))
        .collect();
    names.sort();
    names
}

#[test]
fn a_rebuild_keeps_the_git_checkout_cname_and_nojekyll_of_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    build(&repo, &out);
    add_publishing_files(&out);
    #[cfg(unix)]
    let git_inode = std::os::unix::fs::MetadataExt::ino(&fs::metadata(out.join(".git")).unwrap());
    fs::remove_file(repo.join("content/en/pages/about.md")).unwrap();
    fs::remove_file(repo.join("content/fr/pages/about.md")).unwrap();

    build(&repo, &out);

    assert_publishing_files_kept(&out);
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::MetadataExt::ino(&fs::metadata(out.join(".git")).unwrap()),
        git_inode,
        "the .git folder is moved into the new site, not copied"
    );
    assert!(
        !out.join("en/about/index.html").exists(),
        "the site itself is replaced"
    );
    assert!(out.join("en/index.html").is_file());
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    // A `.git` that is a file (a `git worktree` checkout) is kept too.
    fs::remove_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git"), "gitdir: /elsewhere/.git/worktrees/site\n").unwrap();
    build(&repo, &out);
    assert_eq!(
        fs::read_to_string(out.join(".git")).unwrap(),
        "gitdir: /elsewhere/.git/worktrees/site\n"
    );
}

#[test]
fn the_first_build_into_a_git_checkout_keeps_it_and_anything_else_there_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    fs::create_dir(&out).unwrap();
    add_publishing_files(&out);
    build(&repo, &out);
    assert_publishing_files_kept(&out);
    assert!(out.join("en/index.html").is_file());
    assert!(out.join(".lipsite-output").is_file());

    // With one other file beside them, the folder is still not lipsite's to replace.
    let other = tmp.path().join("checkout");
    fs::create_dir(&other).unwrap();
    add_publishing_files(&other);
    fs::write(other.join("index.html"), "the site someone else made").unwrap();
    let o = lipsite(&[
        "build",
        repo.to_str().unwrap(),
        "-o",
        other.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("did not write"), "{}", stderr(&o));
    assert_publishing_files_kept(&other);
    assert_eq!(
        fs::read_to_string(other.join("index.html")).unwrap(),
        "the site someone else made"
    );
    assert!(!other.join(".lipsite-output").exists());
}

#[test]
fn a_cname_in_static_is_the_site_s_and_never_silently_replaces_the_user_s() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    fs::create_dir_all(repo.join("static")).unwrap();
    fs::write(repo.join("static/CNAME"), "old.example.org\n").unwrap();
    build(&repo, &out);
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "old.example.org\n"
    );
    // The site's own CNAME follows static/ and goes when static/ no longer has it.
    fs::write(repo.join("static/CNAME"), "new.example.org\n").unwrap();
    build(&repo, &out);
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "new.example.org\n"
    );
    fs::remove_file(repo.join("static/CNAME")).unwrap();
    build(&repo, &out);
    assert!(!out.join("CNAME").exists());

    // A CNAME the user put in the output folder is theirs: a different one in static/ stops the
    // build instead of replacing it.
    fs::write(out.join("CNAME"), "mine.example.org\n").unwrap();
    fs::write(repo.join("static/CNAME"), "other.example.org\n").unwrap();
    let before = fs::read_to_string(out.join("en/index.html")).unwrap();
    let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("CNAME"), "{err}");
    assert!(err.contains("static/CNAME"), "{err}");
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "mine.example.org\n"
    );
    assert_eq!(
        fs::read_to_string(out.join("en/index.html")).unwrap(),
        before
    );
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    // The same words in both are no conflict.
    fs::write(repo.join("static/CNAME"), "mine.example.org\n").unwrap();
    build(&repo, &out);
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "mine.example.org\n"
    );
}

/// Leaves a folder beside `out` as a build that was killed would: a copy of a site with
/// lipsite's marker, named as lipsite names its staging and old folders.
fn leave_interrupted_build(out: &std::path::Path, name: &str) -> std::path::PathBuf {
    let folder = out.parent().unwrap().join(name);
    copy_dir(out, &folder);
    assert!(folder.join(".lipsite-output").is_file());
    folder
}

#[test]
fn the_next_build_removes_what_interrupted_builds_left_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    build(&repo, &out);
    for name in [".site.lipsite-new-4194301", ".site.lipsite-old-4194302-0"] {
        leave_interrupted_build(&out, name);
    }
    // Folders that only look like them: no marker, a marker that is not lipsite's, and the
    // staging folder of another output folder.
    let no_marker = tmp.path().join(".site.lipsite-new-4194303");
    fs::create_dir(&no_marker).unwrap();
    fs::write(no_marker.join("notes.txt"), "mine").unwrap();
    let foreign_marker = tmp.path().join(".site.lipsite-new-4194304");
    fs::create_dir(&foreign_marker).unwrap();
    fs::write(foreign_marker.join(".lipsite-output"), "my own file\n").unwrap();
    let other_output = leave_interrupted_build(&out, ".other.lipsite-new-4194305");
    let mut kept = vec![
        ".other.lipsite-new-4194305",
        ".site.lipsite-new-4194303",
        ".site.lipsite-new-4194304",
    ];
    // A link named like a staging folder is never followed into the folder it points to.
    #[cfg(unix)]
    {
        let link = tmp.path().join(".site.lipsite-new-4194306");
        std::os::unix::fs::symlink(&other_output, &link).unwrap();
        kept.push(".site.lipsite-new-4194306");
    }

    build(&repo, &out);

    assert_eq!(leftovers(tmp.path()), kept);
    assert_eq!(
        fs::read_to_string(no_marker.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        fs::read_to_string(foreign_marker.join(".lipsite-output")).unwrap(),
        "my own file\n"
    );
    assert!(other_output.join("en/index.html").is_file());
    assert!(out.join("en/index.html").is_file());
}

/// Starts builds of `repo` into `out` and kills one with SIGKILL as soon as `ready` holds for the
/// folder it writes into; a build that finishes first is tried again.
#[cfg(unix)]
fn kill_a_build(
    repo: &std::path::Path,
    out: &std::path::Path,
    ready: fn(&std::path::Path) -> bool,
) {
    use std::os::unix::process::ExitStatusExt;
    let parent = out.parent().unwrap();
    let before = leftovers(parent);
    let killed = (0..20).any(|_| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lipsite"))
            .args(["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        loop {
            let staging = leftovers(parent).into_iter().find(|n| !before.contains(n));
            if staging.is_some_and(|n| ready(&parent.join(n))) {
                let _ = child.kill();
                return child.wait().unwrap().signal() == Some(9);
            }
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
    assert!(killed, "no build was killed while writing");
}

#[cfg(unix)]
#[test]
fn builds_killed_midway_leave_folders_that_the_next_build_removes() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("example");
    copy_dir(&example_dir(), &repo);
    let out = tmp.path().join("site");
    build(&repo, &out);
    add_publishing_files(&out);
    let before = fs::read_to_string(out.join("en/index.html")).unwrap();
    // Killed as it began, then while it was writing pages: each build removes what the one
    // before it left.
    kill_a_build(&repo, &out, |_| true);
    let first = leftovers(tmp.path());
    assert_eq!(first.len(), 1);
    kill_a_build(&repo, &out, |staging| staging.join("en").is_dir());
    let second = leftovers(tmp.path());
    assert_eq!(second.len(), 1);
    assert_ne!(first, second);
    assert!(tmp.path().join(&second[0]).join("en").is_dir());
    assert_eq!(
        fs::read_to_string(out.join("en/index.html")).unwrap(),
        before
    );
    assert_publishing_files_kept(&out);

    build(&repo, &out);
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
    assert_publishing_files_kept(&out);
}
