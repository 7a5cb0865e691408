//! The folders a build makes beside the output folder: the new site being written (`new`) and,
//! for a moment during the swap, the previous site (`old`). A build that is killed leaves them
//! behind; the next build removes them, and only them: named as lipsite names them, holding
//! lipsite's marker, and not in use by a running build (which keeps its marker locked).

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::diagnostics::Problem;

use super::{publishing, MARKER, MARKER_SIGNATURE};

/// What a folder beside the output folder holds.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    /// The new site, while it is written.
    New,
    /// The previous site, while the new one takes its place.
    Old,
}

impl Kind {
    fn prefix(self, out_name: &str) -> String {
        let kind = match self {
            Kind::New => "new",
            Kind::Old => "old",
        };
        format!(".{out_name}.lipsite-{kind}-")
    }
}

/// The names this process may give a folder of that kind beside the output folder named
/// `out_name`: its id, then a number, so that no name is ever reused.
fn names<'a>(parent: &'a Path, out_name: &str, kind: Kind) -> impl Iterator<Item = PathBuf> + 'a {
    let prefix = kind.prefix(out_name);
    let id = std::process::id();
    (0u32..).map(move |n| parent.join(format!("{prefix}{id}-{n}")))
}

/// Makes a new, empty folder of that kind; a folder that exists already is never touched.
pub(super) fn make(parent: &Path, out_name: &str, kind: Kind) -> std::io::Result<PathBuf> {
    for dir in names(parent, out_name, kind) {
        match fs::create_dir(&dir) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            other => return other.map(|()| dir),
        }
    }
    unreachable!("the names never run out")
}

/// A name of that kind that nothing has yet.
pub(super) fn free_name(parent: &Path, out_name: &str, kind: Kind) -> PathBuf {
    names(parent, out_name, kind)
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("the names never run out")
}

/// Whether `file_name` is one lipsite gives the folders beside the output folder `out_name`.
fn is_named_so(file_name: &str, out_name: &str) -> bool {
    [Kind::New, Kind::Old].iter().any(|kind| {
        file_name
            .strip_prefix(&kind.prefix(out_name))
            .is_some_and(|rest| {
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '-')
            })
    })
}

/// Removes the folders that interrupted builds left beside the output folder `out`. Returns a
/// warning for each one that holds the user's publishing files (a build killed during the swap
/// had moved them there), which is kept.
pub(super) fn remove(out: &Path) -> Vec<Problem> {
    let (Some(parent), Some(out_name)) = (out.parent(), out.file_name()) else {
        return Vec::new();
    };
    let out_name = out_name.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| is_named_so(&e.file_name().to_string_lossy(), &out_name))
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| remove_left(&e.path(), out).err())
        .collect()
}

/// Removes one folder if it is lipsite's and no running build holds it.
fn remove_left(dir: &Path, out: &Path) -> Result<(), Problem> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(());
    };
    let entries: Vec<_> = entries.flatten().map(|e| e.file_name()).collect();
    // A build killed as it began leaves the folder empty.
    if entries.is_empty() {
        let _ = fs::remove_dir(dir);
        return Ok(());
    }
    let marker = dir.join(MARKER);
    if !fs::symlink_metadata(&marker).is_ok_and(|m| m.is_file()) {
        return Ok(());
    }
    let Ok(file) = File::open(&marker) else {
        return Ok(());
    };
    if let Err(fs::TryLockError::WouldBlock) = file.try_lock_shared() {
        return Ok(());
    }
    let text = fs::read_to_string(&marker).unwrap_or_default();
    drop(file);
    // ... or with its marker made but not yet written.
    let just_begun = text.is_empty() && entries.len() == 1;
    if !(text.starts_with(MARKER_SIGNATURE) || just_begun) {
        return Ok(());
    }
    remove_unless_users(dir).map_err(|users| {
        let users = users.join(", ");
        Problem::about_path(
            dir,
            format!("an interrupted build left this folder, and it holds your {users}; lipsite keeps it"),
        )
        .hint(format!(
            "move {users} from this folder into {}, then delete this folder",
            out.display()
        ))
        .as_warning()
    })
}

/// Removes a folder lipsite made, unless it holds the user's publishing files: then it stays, and
/// their names are returned.
pub(super) fn remove_unless_users(dir: &Path) -> Result<(), Vec<&'static str>> {
    let users = publishing::users(dir);
    if !users.is_empty() {
        return Err(users);
    }
    let _ = fs::remove_dir_all(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_lipsite_gives_are_recognised() {
        assert!(is_named_so(".site.lipsite-new-123-0", "site"));
        assert!(is_named_so(".site.lipsite-old-123", "site"));
        for other in [
            ".site.lipsite-new-",
            ".site.lipsite-new-12x",
            ".other.lipsite-new-1",
            "site.lipsite-new-1",
            ".site.lipsite-tmp-1",
        ] {
            assert!(!is_named_so(other, "site"), "{other}");
        }
    }

    fn left_by_a_build(parent: &Path, name: &str) -> PathBuf {
        let dir = parent.join(name);
        fs::create_dir_all(dir.join("en")).unwrap();
        fs::write(dir.join("en/index.html"), "page").unwrap();
        fs::write(dir.join(MARKER), format!("{MARKER_SIGNATURE} ...\n")).unwrap();
        dir
    }

    #[test]
    fn a_build_killed_as_it_began_leaves_nothing_that_is_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let empty = tmp.path().join(".site.lipsite-new-1-0");
        fs::create_dir(&empty).unwrap();
        let unwritten_marker = tmp.path().join(".site.lipsite-new-2-0");
        fs::create_dir(&unwritten_marker).unwrap();
        fs::write(unwritten_marker.join(MARKER), "").unwrap();
        // An empty marker beside something else does not make the folder lipsite's.
        let with_more = tmp.path().join(".site.lipsite-new-3-0");
        fs::create_dir(&with_more).unwrap();
        fs::write(with_more.join(MARKER), "").unwrap();
        fs::write(with_more.join("notes.txt"), "mine").unwrap();
        assert!(remove(&out).is_empty());
        assert!(!empty.exists());
        assert!(!unwritten_marker.exists());
        assert!(with_more.join("notes.txt").is_file());
    }

    #[test]
    fn a_folder_held_by_a_running_build_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let dir = left_by_a_build(tmp.path(), ".site.lipsite-new-1-0");
        let held = File::open(dir.join(MARKER)).unwrap();
        held.lock().unwrap();
        assert!(remove(&out).is_empty());
        assert!(dir.join("en/index.html").is_file());
        drop(held);
        assert!(remove(&out).is_empty());
        assert!(!dir.exists());
    }

    #[test]
    fn a_folder_that_holds_the_user_s_git_is_kept_with_a_warning() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let dir = left_by_a_build(tmp.path(), ".site.lipsite-new-1-0");
        fs::create_dir(dir.join(".git")).unwrap();
        fs::write(dir.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
        let warnings = remove(&out);
        assert_eq!(warnings.len(), 1);
        assert!(!warnings[0].is_error());
        assert!(
            warnings[0].message.contains("holds your .git"),
            "{}",
            warnings[0].message
        );
        assert!(dir.join(".git/HEAD").is_file());
    }

    #[test]
    fn a_new_folder_never_takes_the_name_of_one_that_exists() {
        let tmp = tempfile::tempdir().unwrap();
        let taken = names(tmp.path(), "site", Kind::New).next().unwrap();
        fs::create_dir(&taken).unwrap();
        fs::write(taken.join("notes.txt"), "mine").unwrap();
        let made = make(tmp.path(), "site", Kind::New).unwrap();
        assert_ne!(made, taken);
        assert_eq!(fs::read_to_string(taken.join("notes.txt")).unwrap(), "mine");
        let free = free_name(tmp.path(), "site", Kind::New);
        assert!(free != taken && free != made);
    }
}
