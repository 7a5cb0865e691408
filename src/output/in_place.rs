//! Overwriting, in place, a file of the output that lipsite wrote and nobody changed since.
//!
//! Writing a new file and renaming it over the old one costs the file system a new file and the
//! release of the old one: on ext4, a rebuild that changes the menu of 1,000 pages spent 100-450
//! ms on it, against 15-25 ms to write the same bytes into the files already there. So a rebuild
//! overwrites a file in place when it is still the very file lipsite left: the same file (device
//! and inode), size and time, opened without following a link. Anything else (a new file, a file
//! someone replaced or turned into a link, a large file) is written beside it and renamed over it.
//!
//! A file overwritten in place is half old, half new for the few microseconds of the write.
//! lipsite's own server never reads it then: it reads each file whole behind the `Gate` that the
//! rebuild closes while it writes.

use std::fs::{self, File, Metadata};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

/// The largest file overwritten in place, before or after: larger ones (a video in `static/`) are
/// replaced through a rename, and lipsite's server streams them instead of reading them whole.
pub(crate) const IN_PLACE_LIMIT: u64 = 8 << 20;

/// What tells the file lipsite left at a path from any other: its identity on the disk (device
/// and inode, where the system has them), size and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct OnDisk {
    len: u64,
    modified: SystemTime,
    id: (u64, u64),
}

impl OnDisk {
    /// The regular file at `target` (not a link to one), if there is one.
    pub(super) fn at(target: &Path) -> Option<OnDisk> {
        OnDisk::of(&fs::symlink_metadata(target).ok()?)
    }

    fn of(meta: &Metadata) -> Option<OnDisk> {
        if !meta.is_file() {
            return None;
        }
        Some(OnDisk {
            len: meta.len(),
            modified: meta.modified().ok()?,
            id: file_id(meta),
        })
    }
}

#[cfg(unix)]
fn file_id(meta: &Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn file_id(_: &Metadata) -> (u64, u64) {
    (0, 0)
}

/// Writes `bytes` into the file at `target` when it is still `was`, the file lipsite left there;
/// returns false, having written nothing, when it is not (or is too large, or the system cannot
/// tell). The file is opened first and compared after: a link put in its place is not followed,
/// and a file swapped in between is not the one compared.
pub(super) fn overwrite(target: &Path, was: &OnDisk, bytes: &[u8]) -> io::Result<bool> {
    let len = bytes.len() as u64;
    if was.len > IN_PLACE_LIMIT || len > IN_PLACE_LIMIT {
        return Ok(false);
    }
    let Some(mut file) = open_unfollowed(target) else {
        return Ok(false);
    };
    if OnDisk::of(&file.metadata()?).as_ref() != Some(was) {
        return Ok(false);
    }
    file.write_all(bytes)?;
    file.set_len(len)?;
    Ok(true)
}

/// Opens the regular file at `target` for writing, without following a link at its place nor
/// waiting on a pipe someone put there.
#[cfg(unix)]
fn open_unfollowed(target: &Path) -> Option<File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(target)
        .ok()
}

#[cfg(not(unix))]
fn open_unfollowed(_: &Path) -> Option<File> {
    None
}

/// Closed while a rebuild writes files of the output, so that lipsite's own server, which reads a
/// file only through it, never serves one half written. Unshared (a build, a watch without the
/// server), it costs nothing.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gate(Arc<tokio::sync::RwLock<()>>);

impl Gate {
    /// Waits until no read is under way, and keeps new ones waiting until the guard is dropped.
    /// For a thread outside the server's runtime.
    pub(super) fn writing(&self) -> tokio::sync::RwLockWriteGuard<'_, ()> {
        self.0.blocking_write()
    }

    /// Waits until no write is under way, and keeps writes waiting until the guard is dropped.
    pub(crate) async fn reading(&self) -> tokio::sync::RwLockReadGuard<'_, ()> {
        self.0.read().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(dir: &Path, name: &str, text: &str) -> (std::path::PathBuf, OnDisk) {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        let on_disk = OnDisk::at(&path).unwrap();
        (path, on_disk)
    }

    #[test]
    fn the_file_lipsite_left_is_overwritten_in_place_longer_or_shorter() {
        let tmp = tempfile::tempdir().unwrap();
        let (page, was) = written(tmp.path(), "index.html", "<p>the menu before</p>");
        for text in ["<p>a longer menu, after the edit</p>", "<p>short</p>"] {
            let was_now = OnDisk::at(&page).unwrap();
            assert!(overwrite(&page, &was_now, text.as_bytes()).unwrap());
            assert_eq!(fs::read_to_string(&page).unwrap(), text);
            assert_eq!(OnDisk::at(&page).unwrap().id, was.id, "the same file");
        }
    }

    #[test]
    fn a_file_someone_replaced_is_not_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let (page, was) = written(tmp.path(), "index.html", "<p>lipsite's</p>");
        let theirs = tmp.path().join("theirs.html");
        fs::write(&theirs, "<p>theirs</p>").unwrap();
        fs::rename(&theirs, &page).unwrap();
        assert!(!overwrite(&page, &was, b"<p>new</p>").unwrap());
        assert_eq!(fs::read_to_string(&page).unwrap(), "<p>theirs</p>");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_put_in_the_file_s_place_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let (page, _) = written(tmp.path(), "index.html", "<p>lipsite's</p>");
        // The file outside, with the very identity the record has: only the link stops it.
        let (outside, outside_was) = written(tmp.path(), "outside.txt", "someone's notes");
        fs::remove_file(&page).unwrap();
        std::os::unix::fs::symlink(&outside, &page).unwrap();
        assert!(!overwrite(&page, &outside_was, b"<p>new</p>").unwrap());
        assert_eq!(fs::read_to_string(&outside).unwrap(), "someone's notes");
    }

    #[test]
    fn a_large_file_is_not_overwritten_in_place() {
        let tmp = tempfile::tempdir().unwrap();
        let (page, was) = written(tmp.path(), "video.webm", "small for now");
        let large = vec![b'x'; IN_PLACE_LIMIT as usize + 1];
        assert!(!overwrite(&page, &was, &large).unwrap());
        assert_eq!(fs::read_to_string(&page).unwrap(), "small for now");
    }

    #[test]
    fn the_server_reads_nothing_while_a_rebuild_writes() {
        let gate = Gate::default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let (closed, is_closed) = std::sync::mpsc::channel();
        let (open, opens) = std::sync::mpsc::channel::<()>();
        let writer = {
            let gate = gate.clone();
            std::thread::spawn(move || {
                let writing = gate.writing();
                closed.send(()).unwrap();
                opens.recv().unwrap();
                drop(writing);
            })
        };
        is_closed.recv().unwrap();
        let wait = std::time::Duration::from_millis(50);
        let read = |gate: &Gate| {
            runtime.block_on(async { tokio::time::timeout(wait, gate.reading()).await.is_ok() })
        };
        assert!(!read(&gate), "a read while the gate is closed");
        open.send(()).unwrap();
        writer.join().unwrap();
        assert!(read(&gate), "a read once it is open again");
    }
}
