//! Writing the site: the only side effect of a build.
//!
//! The new site is written into a fresh folder beside the output folder and swapped in only when
//! complete, so a failed build leaves the previous site untouched. lipsite marks the folders it
//! creates and refuses to replace any folder without its mark.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Problem;
use crate::render::{Site, StaticFile};

/// The file that marks an output folder as lipsite's own.
pub const MARKER: &str = ".lipsite-output";
const MARKER_TEXT: &str = "This folder is written by lipsite. Each build replaces it entirely; do not keep other files here.\n";

/// The folders of a repository that hold sources; the site may not be written inside them.
const SOURCE_FOLDERS: &[&str] = &["content", "data", "static", "templates", "i18n"];

/// Refuses destinations that would destroy something lipsite did not make.
pub fn check_destination(repo: &Path, out: &Path) -> Result<(), Problem> {
    let refuse = |why: String| {
        Err(Problem::about_path(out, why).hint("choose another output folder with -o, such as a new folder `public` inside the repository"))
    };
    let repo = repo.canonicalize().unwrap_or_else(|_| repo.to_path_buf());
    let out_abs = absolute(out);
    if out_abs.parent().is_none() {
        return refuse("lipsite will not write the site to the root of the file system".into());
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if out_abs == absolute(&home) {
            return refuse("lipsite will not replace your home folder with the site".into());
        }
    }
    if repo.starts_with(&out_abs) {
        return refuse(format!(
            "{} is the strategy repository or contains it; the build would replace your sources",
            out.display()
        ));
    }
    for folder in SOURCE_FOLDERS {
        if out_abs.starts_with(repo.join(folder)) {
            return refuse(format!(
                "{} is inside the repository's {folder}/ folder, which holds sources",
                out.display()
            ));
        }
    }
    if out_abs.is_file() {
        return refuse(format!("{} is a file, not a folder", out.display()));
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).is_file() {
        let empty = fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return refuse(format!("{} already holds files that lipsite did not write; lipsite never replaces a folder it did not create", out.display()));
        }
    }
    Ok(())
}

/// The absolute, normalised form of a path that may not exist yet.
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    // Resolve the part that exists, so links and `..` compare correctly.
    match (
        out.parent().and_then(|p| p.canonicalize().ok()),
        out.file_name(),
    ) {
        (Some(parent), Some(name)) => parent.join(name),
        _ => out,
    }
}

/// Writes the site into `out`, replacing the previous build atomically.
pub fn write_site(out: &Path, site: &Site) -> Result<(), Problem> {
    Staging::create(out)?.finish(site)
}

/// A new site being written into a folder beside the output folder. `finish` swaps it in; dropped
/// unfinished (a failed build), it is removed and the output folder stays as it was.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    swapped: bool,
}

impl Staging {
    pub fn create(out: &Path) -> Result<Staging, Problem> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| Problem::about_path(&out, "the output folder has no parent folder"))?
            .to_path_buf();
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        fs::create_dir_all(&parent).map_err(|e| io_problem(&parent, e))?;
        let dir = parent.join(format!(".{name}.lipsite-new-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| io_problem(&dir, e))?;
        }
        let staging = Staging {
            dir,
            out,
            parent,
            name,
            swapped: false,
        };
        fs::create_dir_all(&staging.dir).map_err(|e| io_problem(&staging.dir, e))?;
        staging.write(MARKER, MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Writes one file of the site. Its folder is created the first time a file needs it.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Problem> {
        let target = self.dir.join(path);
        match fs::write(&target, bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(folder) = target.parent() {
                    fs::create_dir_all(folder).map_err(|e| io_problem(folder, e))?;
                }
                fs::write(&target, bytes)
            }
            other => other,
        }
        .map_err(|e| io_problem(&target, e))
    }

    /// Writes the rest of the site (what was not streamed in already) and swaps it in.
    pub fn finish(mut self, site: &Site) -> Result<(), Problem> {
        // Creating many small files is mostly waiting on the file system: do it in parallel.
        site.files
            .par_iter()
            .try_for_each(|(path, bytes)| self.write(path, bytes))?;
        let generated: BTreeSet<&str> = site
            .files
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(site.streamed.iter().map(String::as_str))
            .collect();
        for (path, source) in &site.static_files {
            if generated.contains(path.as_str()) {
                continue;
            }
            match source {
                StaticFile::Embedded(text) => self.write(path, text.as_bytes())?,
                StaticFile::OnDisk(from) => {
                    let target = self.dir.join(path);
                    if let Some(folder) = target.parent() {
                        fs::create_dir_all(folder).map_err(|e| io_problem(folder, e))?;
                    }
                    fs::copy(from, &target).map_err(|e| io_problem(from, e))?;
                }
            }
        }
        swap_in(&self.dir, &self.out, &self.parent, &self.name)?;
        self.swapped = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.swapped && self.dir.exists() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn swap_in(staging: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), Problem> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(|e| io_problem(out, e));
    }
    let old = parent.join(format!(".{name}.lipsite-old-{}", std::process::id()));
    fs::rename(out, &old).map_err(|e| io_problem(out, e))?;
    if let Err(e) = fs::rename(staging, out) {
        let _ = fs::rename(&old, out);
        return Err(io_problem(out, e));
    }
    // The old folder carries lipsite's mark (checked before the build); only then is it removed.
    if old.join(MARKER).is_file() {
        let _ = fs::remove_dir_all(&old);
    } else {
        // An empty folder the user made for the site: removing it cannot lose anything.
        let _ = fs::remove_dir(&old);
    }
    Ok(())
}

fn io_problem(path: &Path, e: std::io::Error) -> Problem {
    Problem::about_path(path, format!("cannot write: {e}"))
        .hint("check that the disk has space and that you may write to this folder")
}

/// What lipsite has on disk in an output folder: path → fingerprint of the bytes it wrote there.
#[derive(Default)]
pub struct Written {
    files: std::collections::HashMap<String, blake3::Hash>,
}

/// What one incremental write did.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub written: usize,
    pub removed: usize,
}

/// A file of the site: its path in the output folder and its bytes.
type SiteFile<'a> = (String, std::borrow::Cow<'a, [u8]>);

/// Every file of the site with its bytes, generated and static alike.
fn site_bytes(site: &Site) -> Result<Vec<SiteFile<'_>>, Problem> {
    let mut all: Vec<SiteFile> = site
        .files
        .iter()
        .map(|(p, b)| (p.clone(), std::borrow::Cow::Borrowed(&b[..])))
        .collect();
    let generated: BTreeSet<&str> = site.files.iter().map(|(p, _)| p.as_str()).collect();
    for (path, source) in &site.static_files {
        if generated.contains(path.as_str()) {
            continue;
        }
        let bytes = match source {
            StaticFile::Embedded(text) => std::borrow::Cow::Borrowed(text.as_bytes()),
            StaticFile::OnDisk(from) => std::borrow::Cow::Owned(
                fs::read(from)
                    .map_err(|e| Problem::about_path(from, format!("cannot read: {e}")))?,
            ),
        };
        all.push((path.clone(), bytes));
    }
    all.push((
        MARKER.to_string(),
        std::borrow::Cow::Borrowed(MARKER_TEXT.as_bytes()),
    ));
    Ok(all)
}

impl Written {
    /// What a complete write of `site` left on disk.
    pub fn of(site: &Site) -> Result<Written, Problem> {
        Ok(Written {
            files: site_bytes(site)?
                .into_iter()
                .map(|(p, b)| (p, blake3::hash(&b)))
                .collect(),
        })
    }
}

/// Brings an output folder that lipsite wrote up to date with `site`: writes only the files whose
/// bytes changed (each through a temporary file and a rename, so a browser never reads half a
/// page), and removes the files it wrote before that the site no longer has.
pub fn write_changes(
    out: &Path,
    site: &Site,
    written: &mut Written,
) -> Result<WriteStats, Problem> {
    still_ours(out)?;
    let mut stats = WriteStats::default();
    let mut now = std::collections::HashMap::new();
    for (path, bytes) in site_bytes(site)? {
        // A page the renderer reused has the bytes written last time: no need to hash it again.
        if site.unchanged.contains(&path) {
            if let Some(hash) = written.files.get(&path) {
                now.insert(path, *hash);
                continue;
            }
        }
        let hash = blake3::hash(&bytes);
        if written.files.get(&path) != Some(&hash) {
            replace_file(out, &path, &bytes)?;
            stats.written += 1;
        }
        now.insert(path, hash);
    }
    for gone in written.files.keys().filter(|p| !now.contains_key(*p)) {
        let target = out.join(gone);
        if fs::remove_file(&target).is_ok() {
            stats.removed += 1;
        }
        // Folders left empty go too, as a clean build would not have them.
        let mut dir = target.parent();
        while let Some(d) = dir.filter(|d| *d != out) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    written.files = now;
    Ok(stats)
}

/// Writes some files of the site (pages rendered again after an edit) whose bytes changed; the
/// rest of the output stays as it is.
pub fn write_files(
    out: &Path,
    files: &[(String, crate::render::Bytes)],
    written: &mut Written,
) -> Result<WriteStats, Problem> {
    still_ours(out)?;
    let mut stats = WriteStats::default();
    for (path, bytes) in files {
        let hash = blake3::hash(bytes);
        if written.files.get(path) != Some(&hash) {
            replace_file(out, path, bytes)?;
            written.files.insert(path.clone(), hash);
            stats.written += 1;
        }
    }
    Ok(stats)
}

/// Refuses to write into a folder that is no longer lipsite's output.
fn still_ours(out: &Path) -> Result<(), Problem> {
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    Err(Problem::about_path(
        out,
        "this folder is no longer lipsite's output (its marker file is gone)",
    )
    .hint("restart the command; lipsite will build the site again"))
}

/// Replaces one file of the output through a temporary file and a rename, so that a browser never
/// reads half a page.
fn replace_file(out: &Path, path: &str, bytes: &[u8]) -> Result<(), Problem> {
    let target = out.join(path);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|e| io_problem(parent, e))?;
    }
    let tmp = target.with_file_name(format!(
        ".{}.lipsite-tmp",
        target
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    fs::write(&tmp, bytes)
        .and_then(|()| fs::rename(&tmp, &target))
        .map_err(|e| io_problem(&target, e))
}
