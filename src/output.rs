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
        self.put(path, &Content::Bytes(bytes))
    }

    fn put(&self, path: &str, content: &Content) -> Result<(), Problem> {
        let target = self.dir.join(path);
        match content.write_to(&target) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(folder) = target.parent() {
                    fs::create_dir_all(folder).map_err(|e| io_problem(folder, e))?;
                }
                content.write_to(&target)
            }
            other => other,
        }
        .map_err(|e| content.problem(&target, e))
    }

    /// Writes the rest of the site (what was not streamed in already) and swaps it in.
    pub fn finish(mut self, site: &Site) -> Result<(), Problem> {
        // Creating many small files is mostly waiting on the file system: do it in parallel.
        site_contents(site)
            .par_iter()
            .try_for_each(|(path, content)| self.put(path, content))?;
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

/// What lipsite has on disk in an output folder: path → what it wrote there.
#[derive(Default)]
pub struct Written {
    files: std::collections::HashMap<String, Record>,
}

/// One file lipsite wrote: the fingerprint of its content, and its size and modification time
/// on disk just after, so that a file deleted or changed by hand since is written again instead
/// of assumed to be there.
#[derive(Clone, Copy)]
struct Record {
    fingerprint: blake3::Hash,
    on_disk: Option<(u64, std::time::SystemTime)>,
}

impl Record {
    fn of(target: &Path, fingerprint: blake3::Hash) -> Record {
        Record {
            fingerprint,
            on_disk: on_disk(target),
        }
    }

    /// Whether the file is still as lipsite left it.
    fn intact(&self, target: &Path) -> bool {
        self.on_disk.is_some() && on_disk(target) == self.on_disk
    }
}

fn on_disk(target: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = fs::symlink_metadata(target).ok()?;
    Some((meta.len(), meta.modified().ok()?)).filter(|_| meta.is_file())
}

/// What one incremental write did.
#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub written: usize,
    pub removed: usize,
}

/// What one file of the output holds: bytes made by the build, or a static file of the
/// repository to copy.
enum Content<'a> {
    Bytes(&'a [u8]),
    Copy(&'a Path),
}

impl Content<'_> {
    /// What tells whether the file changed since it was written: the hash of its bytes, or, for a
    /// file copied from the repository, its source's size and modification time (as for sources),
    /// so a rebuild does not read every PDF in `static/` to find that none changed.
    fn fingerprint(&self) -> Result<blake3::Hash, Problem> {
        match self {
            Content::Bytes(bytes) => Ok(blake3::hash(bytes)),
            Content::Copy(from) => {
                let meta = fs::metadata(from)
                    .map_err(|e| Problem::about_path(from, format!("cannot read: {e}")))?;
                let modified = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .unwrap_or_default();
                let mut hasher = blake3::Hasher::new();
                hasher.update(from.as_os_str().as_encoded_bytes());
                hasher.update(&meta.len().to_le_bytes());
                hasher.update(&modified.as_nanos().to_le_bytes());
                Ok(hasher.finalize())
            }
        }
    }

    fn write_to(&self, target: &Path) -> std::io::Result<()> {
        match self {
            Content::Bytes(bytes) => fs::write(target, bytes),
            Content::Copy(from) => fs::copy(from, target).map(|_| ()),
        }
    }

    /// A failed write, blamed on the source when it is a copy that could not be read.
    fn problem(&self, target: &Path, e: std::io::Error) -> Problem {
        match self {
            Content::Copy(from) if !from.is_file() => {
                Problem::about_path(from, format!("cannot read: {e}"))
            }
            _ => io_problem(target, e),
        }
    }
}

/// Every file of the site that is not written yet: the generated files, and the static files
/// that no generated file replaces (a page streamed to disk already counts as generated).
fn site_contents(site: &Site) -> Vec<(&str, Content<'_>)> {
    let generated: BTreeSet<&str> = site
        .files
        .iter()
        .map(|(p, _)| p.as_str())
        .chain(site.streamed.iter().map(String::as_str))
        .collect();
    let statics = site
        .static_files
        .iter()
        .filter(|(path, _)| !generated.contains(path.as_str()))
        .map(|(path, source)| {
            let content = match source {
                StaticFile::Embedded(text) => Content::Bytes(text.as_bytes()),
                StaticFile::OnDisk(from) => Content::Copy(from),
            };
            (path.as_str(), content)
        });
    site.files
        .iter()
        .map(|(p, b)| (p.as_str(), Content::Bytes(&b[..])))
        .chain(statics)
        .collect()
}

/// `site_contents` and the marker: everything lipsite keeps up to date in an output folder.
fn output_contents(site: &Site) -> Vec<(&str, Content<'_>)> {
    let mut all = site_contents(site);
    all.push((MARKER, Content::Bytes(MARKER_TEXT.as_bytes())));
    all
}

impl Written {
    /// What a complete write of `site` to `out` left there.
    pub fn of(out: &Path, site: &Site) -> Result<Written, Problem> {
        let mut files = std::collections::HashMap::new();
        for (path, content) in output_contents(site) {
            files.insert(
                path.to_string(),
                Record::of(&out.join(path), content.fingerprint()?),
            );
        }
        Ok(Written { files })
    }

    /// Whether every file lipsite wrote in `out` is still there as it left it.
    pub fn intact(&self, out: &Path) -> bool {
        self.files
            .iter()
            .all(|(path, record)| record.intact(&out.join(path)))
    }

    /// Writes `content` to `path` in `out` unless what is there has its fingerprint already;
    /// returns whether it was written.
    fn update(&mut self, out: &Path, path: &str, content: &Content) -> Result<bool, Problem> {
        let fingerprint = content.fingerprint()?;
        let target = out.join(path);
        if self
            .files
            .get(path)
            .is_some_and(|r| r.fingerprint == fingerprint && r.intact(&target))
        {
            return Ok(false);
        }
        replace_file(out, path, content)?;
        self.files
            .insert(path.to_string(), Record::of(&target, fingerprint));
        Ok(true)
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
    let mut now = std::collections::HashSet::new();
    for (path, content) in output_contents(site) {
        now.insert(path);
        // A page the renderer reused has the bytes written last time: no need to hash it again.
        if site.unchanged.contains(path)
            && written
                .files
                .get(path)
                .is_some_and(|r| r.intact(&out.join(path)))
        {
            continue;
        }
        stats.written += usize::from(written.update(out, path, &content)?);
    }
    let gone: Vec<String> = written
        .files
        .keys()
        .filter(|p| !now.contains(p.as_str()))
        .cloned()
        .collect();
    for gone in gone {
        written.files.remove(&gone);
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
        stats.written += usize::from(written.update(out, path, &Content::Bytes(bytes))?);
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
fn replace_file(out: &Path, path: &str, content: &Content) -> Result<(), Problem> {
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
    content
        .write_to(&tmp)
        .and_then(|()| fs::rename(&tmp, &target))
        .map_err(|e| content.problem(&target, e))
}
