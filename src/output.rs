//! Writing the site: the only side effect of a build.
//!
//! The new site is written into a fresh folder beside the output folder and swapped in only when
//! complete, so a failed build leaves the previous site untouched. lipsite marks the folders it
//! creates and refuses to replace any folder without its mark, except one that holds only the
//! files a publishing tool keeps there (see `publishing`), which every build carries over.

mod in_place;
mod leftovers;
mod publishing;

use in_place::OnDisk;
pub(crate) use in_place::{Gate, IN_PLACE_LIMIT};

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Problem;
use crate::render::{Bytes, Site, StaticFile};

/// The file that marks an output folder as lipsite's own.
pub(crate) const MARKER: &str = ".lipsite-output";
/// How every marker lipsite writes begins: what tells it from a file of the same name.
const MARKER_SIGNATURE: &str = "This folder is written by lipsite.";

/// The marker of an output folder whose site has the publishing files `site_publishing`.
fn marker_text(site_publishing: &[&str]) -> String {
    format!(
        "{MARKER_SIGNATURE} Each build replaces it entirely, except a .git, CNAME or .nojekyll that lipsite did not write; do not keep other files here.\n{}",
        publishing::marker_line(site_publishing)
    )
}

/// The folders of a repository that hold sources; the site may not be written inside them.
const SOURCE_FOLDERS: &[&str] = &["content", "data", "static", "templates", "i18n"];

/// Refuses destinations that would destroy something lipsite did not make.
pub(crate) fn check_destination(repo: &Path, out: &Path) -> Result<(), Problem> {
    let refuse = |why: String| Err(refusal(out, why));
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
    if out_abs.is_dir() {
        not_someone_else_s(out, &out_abs)?;
    }
    Ok(())
}

fn refusal(out: &Path, why: String) -> Problem {
    Problem::about_path(out, why).hint(
        "choose another output folder with -o, such as a new folder `public` inside the repository",
    )
}

/// Refuses an output folder without lipsite's marker unless it is empty or holds only the files
/// of a publishing checkout (`.git`, `CNAME`, `.nojekyll`), which the build keeps.
fn not_someone_else_s(out: &Path, out_abs: &Path) -> Result<(), Problem> {
    if out_abs.join(MARKER).is_file() {
        return Ok(());
    }
    let others = publishing::others(out_abs);
    if others.is_empty() {
        return Ok(());
    }
    let shown = match others.len() {
        1..=3 => others.join(", "),
        n => format!("{} and {} more", others[..3].join(", "), n - 3),
    };
    Err(refusal(
        out,
        format!(
            "{} already holds files that lipsite did not write ({shown}); lipsite never replaces a folder it did not create",
            out.display()
        ),
    ))
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
pub(crate) fn write_site(out: &Path, site: &Site) -> Result<(), Problem> {
    Staging::create(out)?.finish(site)
}

/// A new site being written into a folder beside the output folder. `finish` swaps it in; dropped
/// unfinished (a failed build), it is removed and the output folder stays as it was.
pub(crate) struct Staging {
    dir: PathBuf,
    out: PathBuf,
    /// The folder's marker, open and locked while the build runs, so that another build never
    /// takes the folder for one that an interrupted build left.
    marker: Option<File>,
    /// What interrupted builds left beside the output folder and had to be kept.
    leftovers: Vec<Problem>,
    swapped: bool,
}

impl Staging {
    /// Makes the folder for a new site, after removing what interrupted builds left beside the
    /// output folder.
    pub(crate) fn create(out: &Path) -> Result<Staging, Problem> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| Problem::about_path(&out, "the output folder has no parent folder"))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        fs::create_dir_all(parent).map_err(|e| io_problem(parent, e))?;
        let leftovers = leftovers::remove(&out);
        let dir = leftovers::make(parent, &name, leftovers::Kind::New)
            .map_err(|e| io_problem(parent, e))?;
        let mut staging = Staging {
            dir,
            out,
            marker: None,
            leftovers,
            swapped: false,
        };
        let marker = staging.dir.join(MARKER);
        let file = File::create_new(&marker).map_err(|e| io_problem(&marker, e))?;
        // A file system without locks only loses the protection against a concurrent build.
        let _ = file.lock();
        staging.marker = Some(file);
        staging.mark(&[])?;
        Ok(staging)
    }

    /// Warnings about folders that interrupted builds left and that could not be removed.
    pub(crate) fn take_warnings(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.leftovers)
    }

    /// Writes the marker, naming the publishing files of the site. It is written through the
    /// locked file: on Windows, no other handle may write to it.
    fn mark(&mut self, site_publishing: &[&str]) -> Result<(), Problem> {
        let path = self.dir.join(MARKER);
        let Some(file) = self.marker.as_mut() else {
            return Ok(());
        };
        let text = marker_text(site_publishing);
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(text.as_bytes()))
            .map_err(|e| io_problem(&path, e))
    }

    /// Writes one file of the site. Its folder is created the first time a file needs it.
    pub(crate) fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Problem> {
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

    /// Writes the rest of the site (what was not streamed in already) and swaps it in, with the
    /// user's publishing files of the output folder.
    pub(crate) fn finish(mut self, site: &Site) -> Result<(), Problem> {
        let site_publishing = publishing::of_site(site_paths(site));
        self.mark(&site_publishing)?;
        // Creating many small files is mostly waiting on the file system: do it in parallel.
        site_contents(site)
            .par_iter()
            .try_for_each(|(path, content)| self.put(path, content))?;
        let carried = self.users_publishing_files(&site_publishing)?;
        // Windows cannot rename a folder while a file in it is open.
        self.marker = None;
        swap_in(&self.dir, &self.out, &carried)?;
        self.swapped = true;
        Ok(())
    }

    /// The publishing files of the output folder that are the user's, to carry into the new
    /// site. One the site has too stops the build, unless both say the same.
    fn users_publishing_files(
        &self,
        site_publishing: &[&str],
    ) -> Result<Vec<&'static str>, Problem> {
        if !self.out.is_dir() {
            return Ok(Vec::new());
        }
        // The folder may have changed since the build began.
        not_someone_else_s(&self.out, &self.out)?;
        let mut carried = Vec::new();
        for name in publishing::users(&self.out) {
            if !site_publishing.contains(&name) {
                carried.push(name);
                continue;
            }
            let site_copy = self.dir.join(name);
            let bytes = match site_copy.is_file() {
                true => Some(fs::read(&site_copy).map_err(|e| io_problem(&site_copy, e))?),
                false => None,
            };
            publishing::give_way(&self.out, name, bytes.as_deref())?;
        }
        Ok(carried)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.marker = None;
        if !self.swapped {
            // Should putting the user's files back have failed, the folder keeps them.
            let _ = leftovers::remove_unless_users(&self.dir);
        }
    }
}

/// Puts the new site in the place of the output folder, moving `carried` (the user's publishing
/// files) from the old into the new.
fn swap_in(staging: &Path, out: &Path, carried: &[&str]) -> Result<(), Problem> {
    if !out.exists() {
        return fs::rename(staging, out).map_err(|e| io_problem(out, e));
    }
    publishing::carry(out, staging, carried).map_err(|e| io_problem(out, e))?;
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return Err(io_problem(out, std::io::ErrorKind::InvalidInput.into()));
    };
    let old = leftovers::free_name(parent, &name.to_string_lossy(), leftovers::Kind::Old);
    let swapped = fs::rename(out, &old).and_then(|()| {
        fs::rename(staging, out).inspect_err(|_| {
            let _ = fs::rename(&old, out);
        })
    });
    if let Err(e) = swapped {
        let _ = publishing::carry(staging, out, carried);
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
pub(crate) struct Written {
    files: crate::render::PathMap<Record>,
    /// Which of them someone else may have changed since they were written.
    suspects: Suspects,
    /// Closed while files are written, for lipsite's own server.
    gate: Gate,
}

/// The files of the output that may have changed since lipsite wrote them: all of them, unless a
/// watcher of the output folder says which paths were touched (lipsite's own writes among them).
#[derive(Default)]
pub(crate) enum Suspects {
    #[default]
    All,
    /// Paths from the output folder (`en/about/index.html`, `en/about`); a folder makes every
    /// file in it a suspect.
    Touched(std::collections::HashSet<String>),
}

impl Suspects {
    /// Whether the file at `path` may have changed.
    fn include(&self, path: &str) -> bool {
        let Suspects::Touched(touched) = self else {
            return true;
        };
        if touched.is_empty() {
            return false;
        }
        touched.contains(path)
            || path
                .match_indices('/')
                .any(|(at, _)| touched.contains(&path[..at]))
    }
}

/// One file lipsite wrote: what it was written from, and the file on disk just after, so that a
/// file deleted or changed by hand since is written again instead of assumed to be there.
#[derive(Clone)]
struct Record {
    from: WrittenFrom,
    on_disk: Option<OnDisk>,
}

/// What a file was written from: the bytes the renderer shares, kept (the same bytes again, a
/// page the renderer reused, are known to be written without looking at them; other bytes are
/// compared, which is cheaper than hashing them), or else the fingerprint of its content.
#[derive(Clone)]
enum WrittenFrom {
    Shared(Bytes),
    Fingerprint(blake3::Hash),
}

impl WrittenFrom {
    fn of(content: &Content) -> Result<WrittenFrom, Problem> {
        Ok(match content.shared() {
            Some(bytes) => WrittenFrom::Shared(bytes.clone()),
            None => WrittenFrom::Fingerprint(content.fingerprint()?),
        })
    }

    /// Whether `content` is what the file was written from.
    fn is(&self, content: &Content) -> Result<bool, Problem> {
        Ok(match (self, content.shared()) {
            (WrittenFrom::Shared(then), Some(now)) => then[..] == now[..],
            (WrittenFrom::Shared(_), None) => false,
            (WrittenFrom::Fingerprint(then), _) => *then == content.fingerprint()?,
        })
    }
}

impl Record {
    fn of(target: &Path, content: &Content) -> Result<Record, Problem> {
        Ok(Record {
            from: WrittenFrom::of(content)?,
            on_disk: OnDisk::at(target),
        })
    }

    /// The file lipsite left, and the bytes it holds when the record keeps them.
    fn left(&self) -> Option<(&OnDisk, Option<&[u8]>)> {
        let then = match &self.from {
            WrittenFrom::Shared(bytes) => Some(&bytes[..]),
            WrittenFrom::Fingerprint(_) => None,
        };
        self.on_disk.as_ref().map(|was| (was, then))
    }

    /// Whether the file is still as lipsite left it.
    fn intact(&self, target: &Path) -> bool {
        self.on_disk.is_some() && OnDisk::at(target) == self.on_disk
    }
}

/// What one incremental write did.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WriteStats {
    pub written: usize,
    pub removed: usize,
}

/// What one file of the output holds: bytes made by the build, or a static file of the
/// repository to copy.
enum Content<'a> {
    Bytes(&'a [u8]),
    /// Bytes the renderer shares with its cache.
    Shared(&'a Bytes),
    Owned(Vec<u8>),
    Copy(&'a Path),
}

impl Content<'_> {
    /// What tells whether the file changed since it was written: the hash of its bytes, or, for a
    /// file copied from the repository, its source's size and modification time (as for sources),
    /// so a rebuild does not read every PDF in `static/` to find that none changed.
    fn fingerprint(&self) -> Result<blake3::Hash, Problem> {
        match self {
            Content::Bytes(bytes) => Ok(blake3::hash(bytes)),
            Content::Shared(bytes) => Ok(blake3::hash(bytes)),
            Content::Owned(bytes) => Ok(blake3::hash(bytes)),
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

    fn shared(&self) -> Option<&Bytes> {
        match self {
            Content::Shared(bytes) => Some(bytes),
            _ => None,
        }
    }

    fn write_to(&self, target: &Path) -> std::io::Result<()> {
        match self {
            Content::Copy(from) => fs::copy(from, target).map(|_| ()),
            other => fs::write(target, other.bytes()?),
        }
    }

    fn bytes(&self) -> std::io::Result<Cow<'_, [u8]>> {
        match self {
            Content::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
            Content::Shared(bytes) => Ok(Cow::Borrowed(&bytes[..])),
            Content::Owned(bytes) => Ok(Cow::Borrowed(bytes)),
            Content::Copy(from) => fs::read(from).map(Cow::Owned),
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
        .map(|(p, b)| (p.as_str(), Content::Shared(b)))
        .chain(statics)
        .collect()
}

/// The path of every file of the site, streamed, generated or static.
fn site_paths(site: &Site) -> impl Iterator<Item = &str> {
    let files = site.files.iter().map(|(p, _)| p.as_str());
    let streamed = site.streamed.iter().map(String::as_str);
    let statics = site.static_files.iter().map(|(p, _)| p.as_str());
    files.chain(streamed).chain(statics)
}

/// `site_contents` and the marker: everything lipsite keeps up to date in an output folder.
fn output_contents(site: &Site) -> Vec<(&str, Content<'_>)> {
    let marker = marker_text(&publishing::of_site(site_paths(site)));
    let mut all = site_contents(site);
    all.push((MARKER, Content::Owned(marker.into_bytes())));
    all
}

impl Written {
    /// What a complete write of `site` to `out` left there. Later writes close `gate`.
    pub(crate) fn of(out: &Path, site: &Site, gate: Gate) -> Result<Written, Problem> {
        let mut files = crate::render::PathMap::default();
        for (path, content) in output_contents(site) {
            files.insert(path.to_string(), Record::of(&out.join(path), &content)?);
        }
        Ok(Written {
            files,
            suspects: Suspects::All,
            gate,
        })
    }

    /// Says which files of the output may have changed since the last write: from now on only
    /// those are looked at on disk.
    pub(crate) fn suspect(&mut self, suspects: Suspects) {
        self.suspects = suspects;
    }

    /// Whether every file lipsite wrote in `out` is still there as it left it. One look at the
    /// metadata of each file that may have changed, in parallel: thousands of files take a few
    /// milliseconds.
    pub(crate) fn intact(&self, out: &Path) -> bool {
        self.files
            .par_iter()
            .filter(|(path, _)| self.suspects.include(path))
            .all(|(path, record)| record.intact(&out.join(path)))
    }

    /// Whether `path` in `out` holds the very bytes of `content` already, as lipsite left it:
    /// bytes the renderer reused are the ones written last time, known without hashing them.
    fn holds(&self, out: &Path, path: &str, content: &Content) -> bool {
        self.look(out, path, content) == (true, true)
    }

    /// Whether lipsite wrote `path` in `out` last time, and whether it `holds` `content`.
    fn look(&self, out: &Path, path: &str, content: &Content) -> (bool, bool) {
        let same_bytes = |r: &Record| match (content.shared(), &r.from) {
            (Some(now), WrittenFrom::Shared(then)) => std::sync::Arc::ptr_eq(now, then),
            _ => false,
        };
        let Some(r) = self.files.get(path) else {
            return (false, false);
        };
        let intact = || !self.suspects.include(path) || r.intact(&out.join(path));
        (true, same_bytes(r) && intact())
    }

    /// Whether `content` must be written to `path` in `out`: not when what is there was written
    /// from it already. Refuses to replace a file lipsite did not write.
    fn must_write(&self, out: &Path, path: &str, content: &Content) -> Result<bool, Problem> {
        if self.holds(out, path, content) {
            return Ok(false);
        }
        match self.files.get(path) {
            Some(known) => Ok(!(known.from.is(content)? && known.intact(&out.join(path)))),
            None => may_replace(out, path, content).map(|()| true),
        }
    }

    /// Writes each of `contents` to its path in `out` unless what is there has its fingerprint
    /// already, the files in parallel; returns how many were written. Each file written is
    /// recorded, even when writing another failed.
    fn update(&mut self, out: &Path, contents: &[(&str, &Content)]) -> Result<usize, Problem> {
        // Comparing a thousand pages takes milliseconds: in parallel too.
        let todo: Vec<(&str, &Content)> = contents
            .par_iter()
            .filter_map(
                |(path, content)| match self.must_write(out, path, content) {
                    Ok(true) => Some(Ok((*path, *content))),
                    Ok(false) => None,
                    Err(p) => Some(Err(p)),
                },
            )
            .collect::<Result<_, Problem>>()?;
        let writing = self.gate.writing();
        let done: Vec<Result<Record, Problem>> = todo
            .par_iter()
            .map(|(path, content)| {
                let was = self.files.get(*path).and_then(Record::left);
                let on_disk = replace_file(out, path, content, was)?;
                Ok(Record {
                    from: WrittenFrom::of(content)?,
                    on_disk,
                })
            })
            .collect();
        drop(writing);
        let mut failed = None;
        let mut written = 0;
        for ((path, _), record) in todo.iter().zip(done) {
            match record {
                Ok(record) => {
                    self.files.insert(path.to_string(), record);
                    written += 1;
                }
                Err(p) => failed = failed.or(Some(p)),
            }
        }
        failed.map_or(Ok(written), Err)
    }
}

/// Brings an output folder that lipsite wrote up to date with `site`: writes only the files whose
/// bytes changed (in place, or through a temporary file and a rename: see `replace_file`), and
/// removes the files it wrote before that the site no longer has.
pub(crate) fn write_changes(
    out: &Path,
    site: &Site,
    written: &mut Written,
) -> Result<WriteStats, Problem> {
    still_ours(out)?;
    let mut stats = WriteStats::default();
    let contents = output_contents(site);
    // Most files are the ones written last time: one look at each file's metadata, in parallel.
    let looked: Vec<(bool, bool)> = contents
        .par_iter()
        .map(|(path, content)| written.look(out, path, content))
        .collect();
    let changed: Vec<_> = (contents.iter().zip(&looked))
        .filter(|(_, (_, held))| !held)
        .map(|((path, content), _)| (*path, content))
        .collect();
    // Every file written last time is still one of the site's: none is gone.
    let kept = looked.iter().filter(|(known, _)| *known).count();
    let any_gone = kept < written.files.len();
    stats.written = written.update(out, &changed)?;
    let gone: Vec<String> = match any_gone {
        true => {
            let now: rustc_hash::FxHashSet<&str> = contents.iter().map(|(p, _)| *p).collect();
            (written.files.keys())
                .filter(|p| !now.contains(p.as_str()))
                .cloned()
                .collect()
        }
        false => Vec::new(),
    };
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
pub(crate) fn write_files(
    out: &Path,
    files: &[(String, Bytes)],
    written: &mut Written,
) -> Result<WriteStats, Problem> {
    still_ours(out)?;
    let contents: Vec<(&str, Content)> = files
        .iter()
        .map(|(path, bytes)| (path.as_str(), Content::Shared(bytes)))
        .collect();
    let contents: Vec<(&str, &Content)> = contents.iter().map(|(p, c)| (*p, c)).collect();
    Ok(WriteStats {
        written: written.update(out, &contents)?,
        removed: 0,
    })
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

/// Refuses to write a file lipsite did not write before over the user's publishing file (a
/// `static/CNAME` added while watching an output folder that holds the user's `CNAME`), unless
/// both say the same.
fn may_replace(out: &Path, path: &str, content: &Content) -> Result<(), Problem> {
    let top = path.split('/').next().unwrap_or(path);
    if !publishing::NAMES.contains(&top) || fs::symlink_metadata(out.join(top)).is_err() {
        return Ok(());
    }
    let bytes = match top == path {
        true => Some(
            content
                .bytes()
                .map_err(|e| content.problem(&out.join(path), e))?,
        ),
        false => None,
    };
    publishing::give_way(out, top, bytes.as_deref())
}

/// Replaces one file of the output: in place when it is still `was`, the file lipsite left there
/// with the bytes it was written from when the record keeps them (see `in_place`), otherwise
/// through a temporary file and a rename, so that a browser never reads half a page. Returns what
/// the file is now on the disk.
fn replace_file(
    out: &Path,
    path: &str,
    content: &Content,
    was: Option<(&OnDisk, Option<&[u8]>)>,
) -> Result<Option<OnDisk>, Problem> {
    let target = out.join(path);
    if let (Some(was), Content::Bytes(_) | Content::Shared(_) | Content::Owned(_)) = (was, content)
    {
        let bytes = content.bytes().map_err(|e| content.problem(&target, e))?;
        if let Some(now) =
            in_place::overwrite(&target, was, &bytes).map_err(|e| io_problem(&target, e))?
        {
            return Ok(Some(now));
        }
    }
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
        .map_err(|e| content.problem(&target, e))?;
    Ok(OnDisk::at(&target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_touched_folder_makes_every_file_in_it_a_suspect_and_nothing_else() {
        let touched =
            |paths: &[&str]| Suspects::Touched(paths.iter().map(|p| p.to_string()).collect());
        let some = touched(&["fr/vision", "en/about/index.html.lipsite-tmp", "theme.css"]);
        assert!(some.include("fr/vision/index.html"));
        assert!(some.include("theme.css"));
        assert!(
            !some.include("fr/visions/index.html"),
            "a name that begins alike"
        );
        assert!(!some.include("en/about/index.html"));
        assert!(!touched(&[]).include("en/index.html"));
        assert!(Suspects::All.include("en/index.html"));
    }

    fn site_with(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(p, text)| (p.to_string(), Bytes::from(text.as_bytes())))
                .collect(),
            streamed: Vec::new(),
            static_files: Vec::new(),
            languages: 1,
            pages: 1,
            rendered: 1,
            menus_moved: 0,
            charts: 0,
            phases: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// A site of `files` written to a new output folder `site` in a temporary folder, as the
    /// first build of a watch session leaves it.
    fn watched(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, Site, Written) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let site = site_with(files);
        write_site(&out, &site).unwrap();
        let written = Written::of(&out, &site, Gate::default()).unwrap();
        (tmp, out, site, written)
    }

    #[test]
    fn watching_never_replaces_the_user_s_cname_with_a_different_one() {
        let (_tmp, out, before, mut written) = watched(&[("index.html", "home")]);
        fs::write(out.join("CNAME"), "mine.example.org\n").unwrap();

        // `static/CNAME` added while watching, saying something else.
        let other = site_with(&[("index.html", "home"), ("CNAME", "other.example.org\n")]);
        let refused = write_changes(&out, &other, &mut written).unwrap_err();
        assert!(
            refused.message.contains("static/CNAME"),
            "{}",
            refused.message
        );
        assert_eq!(
            fs::read_to_string(out.join("CNAME")).unwrap(),
            "mine.example.org\n"
        );

        // Saying the same, it becomes the site's, and the marker says so.
        let same = site_with(&[("index.html", "home"), ("CNAME", "mine.example.org\n")]);
        let mut written = Written::of(&out, &before, Gate::default()).unwrap();
        write_changes(&out, &same, &mut written).unwrap();
        let marker = fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(marker.ends_with("lipsite wrote: CNAME\n"), "{marker}");
    }

    #[test]
    fn the_user_s_git_folder_is_kept_by_watching_and_by_a_clean_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let v1 = site_with(&[("index.html", "one"), ("old.html", "gone soon")]);
        write_site(&out, &v1).unwrap();
        fs::create_dir(out.join(".git")).unwrap();
        fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
        let mut written = Written::of(&out, &v1, Gate::default()).unwrap();
        let v2 = site_with(&[("index.html", "two")]);
        write_changes(&out, &v2, &mut written).unwrap();
        assert!(!out.join("old.html").exists());
        write_site(&out, &v2).unwrap();
        assert_eq!(
            fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/gh-pages\n"
        );
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
    }

    /// A rebuild overwrites a page in place only while it is the file lipsite left: one that
    /// someone turned into a link to a file outside is replaced, and what it led to is untouched.
    #[cfg(unix)]
    #[test]
    fn a_rebuild_writes_pages_in_place_but_never_through_a_link() {
        let site = [("en/index.html", "one"), ("fr/index.html", "un")];
        let (tmp, out, _, mut written) = watched(&site);
        let inode = |path: &str| {
            use std::os::unix::fs::MetadataExt;
            fs::symlink_metadata(out.join(path)).unwrap().ino()
        };
        let (en, fr) = (inode("en/index.html"), inode("fr/index.html"));
        let outside = tmp.path().join("notes.txt");
        fs::write(&outside, "someone's notes").unwrap();
        fs::remove_file(out.join("fr/index.html")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("fr/index.html")).unwrap();

        let files = [("en/index.html", "two"), ("fr/index.html", "deux")]
            .map(|(p, text)| (p.to_string(), Bytes::from(text.as_bytes())));
        let stats = write_files(&out, &files, &mut written).unwrap();
        assert_eq!(stats.written, 2);
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            "two"
        );
        assert_eq!(inode("en/index.html"), en, "written in place");
        assert_eq!(fs::read_to_string(&outside).unwrap(), "someone's notes");
        assert!(fs::symlink_metadata(out.join("fr/index.html"))
            .unwrap()
            .is_file());
        assert_eq!(
            fs::read_to_string(out.join("fr/index.html")).unwrap(),
            "deux"
        );
        assert_ne!(inode("fr/index.html"), fr);
    }

    #[test]
    fn a_page_rendered_again_to_the_same_bytes_is_written_only_if_changed_on_disk() {
        let (_tmp, out, _, mut written) = watched(&[("en/index.html", "one")]);
        // The same bytes, rendered anew: not the renderer's shared bytes of last time.
        let again = [("en/index.html".to_string(), Bytes::from(&b"one"[..]))];
        assert_eq!(write_files(&out, &again, &mut written).unwrap().written, 0);

        fs::write(out.join("en/index.html"), "changed by hand").unwrap();
        assert_eq!(write_files(&out, &again, &mut written).unwrap().written, 1);
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            "one"
        );

        let other = [("en/index.html".to_string(), Bytes::from(&b"two"[..]))];
        assert_eq!(write_files(&out, &other, &mut written).unwrap().written, 1);
        assert_eq!(
            fs::read_to_string(out.join("en/index.html")).unwrap(),
            "two"
        );
    }
}
