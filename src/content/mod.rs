//! Reading a strategy repository from disk: which files exist, their text, and their front matter.
//!
//! Nothing here knows what a priority is; this module only finds and reads files, and reports
//! files that cannot be read (missing, too large, not UTF-8, a link out of the repository) with
//! their path. It also decides which files of `static/` are published.

pub(crate) mod front_matter;

use std::collections::BTreeMap;

use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

use crate::config;
use crate::diagnostics::{Pos, Problem, Problems, SourceFile};
use crate::layout;

/// No strategy file comes near this; anything larger is a mistake (a video saved as `.md`, a log).
pub const MAX_TEXT_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Every file of a repository that lipsite reads, as text, before any parsing.
#[derive(Debug, Default)]
pub(crate) struct RepositoryFiles {
    pub root: PathBuf,
    pub config: Option<SourceFile>,
    /// `data/<name>.yaml`, by name without extension.
    pub data: BTreeMap<String, SourceFile>,
    /// `data/areas.geojson`: the shapes of the areas, when there is a map.
    pub area_shapes: Option<SourceFile>,
    /// `content/<language>/...`, by language code.
    pub languages: BTreeMap<String, LanguageFiles>,
    /// `templates/*`: the repository's own template overrides, by template name.
    pub templates: BTreeMap<String, SourceFile>,
    /// `i18n/<language>.yaml`: the repository's own interface words.
    pub i18n: BTreeMap<String, SourceFile>,
    /// `static/**`: copied as they are; relative path to absolute path.
    pub static_files: BTreeMap<String, PathBuf>,
}

#[derive(Debug, Default)]
pub(crate) struct LanguageFiles {
    /// Top-level `.md` files, by name without extension (`home`, `context` ...).
    pub sections: BTreeMap<String, SourceFile>,
    pub labels: Option<SourceFile>,
    /// `pages/*.md`, by name without extension.
    pub pages: BTreeMap<String, SourceFile>,
}

impl RepositoryFiles {
    /// For tests: the first `from` in the page `page` of language `lang` made `to`, as a save
    /// would (see `SourceFile::with_edit`).
    #[cfg(test)]
    pub(crate) fn edit_page(&mut self, (lang, page): (&str, &str), from: &str, to: &str) {
        let pages = &mut self.languages.get_mut(lang).expect("the language").pages;
        let file = pages.get_mut(page).expect("the page");
        *file = file.with_edit(from, to);
    }

    /// Reads the repository at `root`. Files that cannot be read become problems; the rest is kept
    /// so that one run reports everything.
    #[cfg(test)]
    pub(crate) fn read(root: &Path, problems: &mut Problems) -> Self {
        Self::read_cached(root, problems, &mut FileCache::default())
    }

    /// Like `read`, but files whose size and modification time are unchanged since they were
    /// last read come from `cache` (watch mode re-reads only what changed).
    pub(crate) fn read_cached(root: &Path, problems: &mut Problems, cache: &mut FileCache) -> Self {
        Self::read_with(root, problems, cache, None)
    }

    /// Like `read`, but each free page (`content/<language>/pages/*.md`) of a folder `digest`
    /// wants goes through `digest` as soon as it is read, and the repository keeps what `digest`
    /// gives back in its place.
    pub(crate) fn read_digesting(
        root: &Path,
        problems: &mut Problems,
        digest: &mut dyn PageDigest,
    ) -> Self {
        Self::read_with(root, problems, &mut FileCache::default(), Some(digest))
    }

    fn read_with(
        root: &Path,
        problems: &mut Problems,
        cache: &mut FileCache,
        mut digest: Option<&mut dyn PageDigest>,
    ) -> Self {
        let mut repo = RepositoryFiles {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let config_path = root.join(config::FILE_NAME);
        if config_path.is_file() {
            repo.config = read_text_cached(root, &config_path, problems, cache);
        } else {
            problems.push(
                Problem::about_path(Path::new(config::FILE_NAME), format!("there is no {} in {}", config::FILE_NAME, root.display()))
                    .hint("run lipsite in the folder of a strategy repository, or create one with `lipsite new DIR`"),
            );
            return repo;
        }
        repo.data = read_dir_files(
            root,
            &root.join(layout::DATA),
            &layout::DATA_EXTENSIONS,
            problems,
            cache,
            None,
        );
        let shapes = root.join(layout::area_shapes_file());
        if fs::symlink_metadata(&shapes).is_ok() {
            repo.area_shapes = read_text_cached(root, &shapes, problems, cache);
        }
        repo.i18n = read_dir_files(
            root,
            &root.join(layout::I18N),
            &layout::DATA_EXTENSIONS,
            problems,
            cache,
            None,
        );
        if let (Some(digest), Some(config)) = (digest.as_deref_mut(), &repo.config) {
            digest.configure(config);
        }
        repo.read_content(problems, cache, digest.as_deref());
        repo.read_templates(problems, cache);
        let ignored = gitignore(root);
        let published = |rel: &Path, is_dir: bool| {
            !is_editor_debris(&file_name(rel))
                && !ignored
                    .matched(layout::static_file(rel), is_dir)
                    .is_ignore()
        };
        repo.static_files = list_tree(root, &root.join(layout::STATIC), &published, problems);
        repo
    }

    fn read_content(
        &mut self,
        problems: &mut Problems,
        cache: &mut FileCache,
        digest: Option<&dyn PageDigest>,
    ) {
        let content = self.root.join(layout::CONTENT);
        if !folder_inside(&self.root, &content, problems) {
            return;
        }
        let Ok(entries) = fs::read_dir(&content) else {
            return;
        };
        let mut dirs: Vec<_> = entries.flatten().filter(|e| e.path().is_dir()).collect();
        dirs.sort_by_key(|e| e.file_name());
        for entry in dirs {
            let code = entry.file_name().to_string_lossy().into_owned();
            let dir = entry.path();
            let mut files = LanguageFiles {
                sections: read_dir_files(&self.root, &dir, &["md"], problems, cache, None),
                pages: read_dir_files(
                    &self.root,
                    &dir.join(layout::PAGES),
                    &["md"],
                    problems,
                    cache,
                    digest,
                ),
                labels: None,
            };
            for name in layout::LABELS_FILES {
                let path = dir.join(name);
                if path.is_file() {
                    files.labels = read_text_cached(&self.root, &path, problems, cache);
                }
            }
            self.languages.insert(code, files);
        }
    }

    fn read_templates(&mut self, problems: &mut Problems, cache: &mut FileCache) {
        let dir = self.root.join(layout::TEMPLATES);
        let visible = |rel: &Path, _: bool| !is_editor_debris(&file_name(rel));
        for (name, path) in list_tree(&self.root, &dir, &visible, problems) {
            if let Some(file) = read_text_cached(&self.root, &path, problems, cache) {
                self.templates.insert(name, file);
            }
        }
    }
}

/// What a build that does not keep page texts learns from each free page as it is read.
pub(crate) trait PageDigest: Sync {
    /// Learns the repository's settings from lipsite.yaml, which is read before any page.
    fn configure(&mut self, config: &SourceFile);
    /// Takes in a free page just read and gives back what the repository files keep of it.
    fn digest(&self, file: SourceFile) -> SourceFile;
    /// Whether to digest the pages of a folder of `pages` pages, or keep them whole.
    fn wants(&self, pages: usize) -> bool;
}

/// A short fingerprint of a page's text, recorded in its translations to tell when the source
/// changed. Line endings and trailing spaces do not count, so an editor's habits don't make
/// translations look outdated; nor does a byte-order mark, which some editors add and others drop.
pub(crate) fn version_of(text: &str) -> String {
    let text = front_matter::without_byte_order_mark(text);
    let mut hasher = blake3::Hasher::new();
    for line in text.lines() {
        hasher.update(line.trim_end().as_bytes());
        hasher.update(b"\n");
    }
    hasher.finalize().to_hex()[..12].to_string()
}

/// The path shown to the user: relative to the repository when possible.
pub(crate) fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Files read before, with the size and modification time they had then.
pub(crate) type FileCache = std::collections::HashMap<PathBuf, CachedFile>;

#[derive(Debug, Clone)]
pub(crate) struct CachedFile {
    modified: Option<std::time::SystemTime>,
    len: u64,
    file: SourceFile,
}

impl CachedFile {
    /// The file as it was read.
    pub(crate) fn file(&self) -> &SourceFile {
        &self.file
    }
}

/// A file that was listed but cannot be read: usually moved or deleted while lipsite was reading.
fn vanished(shown: &Path, e: std::io::Error) -> Problem {
    Problem::about_path(shown, format!("cannot read the file: {e}"))
        .hint("it may have been moved or deleted while lipsite was reading; run the command again")
}

/// Reads one text file, checking its size and encoding.
pub(crate) fn read_text(root: &Path, path: &Path, problems: &mut Problems) -> Option<SourceFile> {
    read_text_cached(root, path, problems, &mut FileCache::default())
}

/// `read_text`, answered from `cache` when the file's size and modification time are unchanged.
pub(crate) fn read_text_cached(
    root: &Path,
    path: &Path,
    problems: &mut Problems,
    cache: &mut FileCache,
) -> Option<SourceFile> {
    look_up(root, path, cache).settle(path, problems, cache)
}

/// One file, from the cache or from disk; looking it up only reads, so files can be looked up in
/// parallel and their outcomes settled in order.
struct Lookup {
    file: Option<SourceFile>,
    /// What the cache learns: the file read from disk, with its size and modification time.
    learned: Option<CachedFile>,
    problems: Problems,
}

fn look_up(root: &Path, path: &Path, cache: &FileCache) -> Lookup {
    let mut problems = Problems::default();
    // A link is followed only once its target is known to be inside the repository.
    let meta = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => match follow_link(root, path) {
            Ok(target) => fs::metadata(target),
            Err(p) => {
                problems.push(p);
                return Lookup {
                    file: None,
                    learned: None,
                    problems,
                };
            }
        },
        other => other,
    };
    // Size and modification time: what tells a cached text is still the file's.
    let stamp = meta.as_ref().ok().map(|m| (m.modified().ok(), m.len()));
    if let (Some(hit), Some((modified, len))) = (cache.get(path), stamp) {
        if hit.modified == modified && modified.is_some() && hit.len == len {
            return Lookup {
                file: Some(hit.file.clone()),
                learned: None,
                problems,
            };
        }
    }
    let file = read_text_uncached(root, path, meta, &mut problems);
    Lookup {
        learned: file
            .clone()
            .zip(stamp)
            .map(|(file, (modified, len))| CachedFile {
                modified,
                len,
                file,
            }),
        file,
        problems,
    }
}

impl Lookup {
    /// The file as `digest` keeps it; nothing is learned for the cache, which would keep it whole.
    fn digested(self, digest: &dyn PageDigest) -> Lookup {
        Lookup {
            file: self.file.map(|f| digest.digest(f)),
            learned: None,
            problems: self.problems,
        }
    }

    fn settle(
        self,
        path: &Path,
        problems: &mut Problems,
        cache: &mut FileCache,
    ) -> Option<SourceFile> {
        problems.extend(self.problems.into_sorted());
        if let Some(learned) = self.learned {
            cache.insert(path.to_path_buf(), learned);
        }
        self.file
    }
}

/// Reads one text file whose metadata was just looked up (so the file is not asked twice).
fn read_text_uncached(
    root: &Path,
    path: &Path,
    meta: std::io::Result<fs::Metadata>,
    problems: &mut Problems,
) -> Option<SourceFile> {
    let shown = display_path(root, path);
    let too_large = |len: u64| {
        Problem::about_path(
            &shown,
            format!(
                "the file is {} MB; lipsite reads text files of up to {} MB",
                len / 1_000_000,
                MAX_TEXT_FILE_BYTES / 1_000_000
            ),
        )
        .hint("strategy files are short text; move large documents to static/ and link to them")
    };
    match meta {
        Ok(meta) if meta.len() > MAX_TEXT_FILE_BYTES => {
            problems.push(too_large(meta.len()));
            return None;
        }
        Err(e) => {
            problems.push(vanished(&shown, e));
            return None;
        }
        Ok(_) => {}
    }
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            problems.push(vanished(&shown, e));
            return None;
        }
    };
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        problems.push(too_large(bytes.len() as u64));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.remove(0);
            }
            Some(SourceFile::new(shown, text))
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column =
                valid.len() - valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
            let file = SourceFile::new(shown, String::from_utf8_lossy(e.as_bytes()).into_owned());
            problems.push(
                file.error(Pos::new(line, column), "the file is not UTF-8 text")
                    .hint(
                        "save it as UTF-8 (most editors offer this under \"Save with encoding\")",
                    ),
            );
            None
        }
    }
}

/// Reads the files of one folder (not its subfolders) with one of `extensions`, by file stem.
fn read_dir_files(
    root: &Path,
    dir: &Path,
    extensions: &[&str],
    problems: &mut Problems,
    cache: &mut FileCache,
    digest: Option<&dyn PageDigest>,
) -> BTreeMap<String, SourceFile> {
    let mut files = BTreeMap::new();
    if !folder_inside(root, dir, problems) {
        return files;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return files;
    };
    // The entry's type comes with the directory listing: only links need a look at their target.
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_file() {
            paths.push(path);
        } else if kind.is_symlink() {
            match fs::metadata(&path) {
                Ok(meta) if meta.is_file() => paths.push(path),
                Ok(_) => {}
                // A link that leads nowhere or in a circle would otherwise vanish from the site unnoticed.
                Err(_) if !is_editor_debris(&entry.file_name().to_string_lossy()) => {
                    problems.push(leads_nowhere(&display_path(root, &path)))
                }
                Err(_) => {}
            }
        }
    }
    paths.retain(|path| {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        !is_editor_debris(name) && extensions.contains(&ext)
    });
    paths.sort();
    // A folder of pages is read in parallel: most of the time goes to system calls.
    let lookups: Vec<Lookup> = {
        let cache = &*cache;
        paths
            .par_iter()
            .map(|p| match digest.filter(|d| d.wants(paths.len())) {
                Some(digest) => look_up(root, p, cache).digested(digest),
                None => look_up(root, p, cache),
            })
            .collect()
    };
    for (path, lookup) in paths.iter().zip(lookups) {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if let Some(file) = lookup.settle(path, problems, cache) {
            files.insert(stem, file);
        }
    }
    files
}

/// Every file below `dir` that `keep` keeps (given its path relative to `dir`, and whether it
/// is a folder), by that path with `/` separators. Links are followed only when they stay inside
/// the repository; a link in a circle is reported, not followed forever.
fn list_tree(
    root: &Path,
    dir: &Path,
    keep: &dyn Fn(&Path, bool) -> bool,
    problems: &mut Problems,
) -> BTreeMap<String, PathBuf> {
    let mut files = BTreeMap::new();
    if !folder_inside(root, dir, problems) || !dir.is_dir() {
        return files;
    }
    let relative = |path: &Path| path.strip_prefix(dir).unwrap_or(path).to_path_buf();
    let mut refused = Vec::new();
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if !keep(&relative(e.path()), e.file_type().is_dir()) {
                return false;
            }
            if e.path_is_symlink() {
                if let Err(p) = follow_link(root, e.path()) {
                    refused.push(p);
                    return false;
                }
            }
            true
        });
    for entry in walk {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let key = relative(e.path())
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(key, e.path().to_path_buf());
            }
            Ok(_) => {}
            // A broken link is met before `keep` can leave it out: an editor's lock file is one.
            Err(e) if e.path().is_some_and(|p| !keep(&relative(p), false)) => {}
            Err(e)
                if e.loop_ancestor().is_some()
                    || e.io_error()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound) =>
            {
                problems.push(leads_nowhere(&display_path(root, e.path().unwrap_or(dir))));
            }
            Err(e) => problems.push(Problem::about_path(
                &display_path(root, e.path().unwrap_or(dir)),
                format!("cannot read: {e}"),
            )),
        }
    }
    problems.extend(refused);
    files
}

/// The last part of a path, as text.
fn file_name(path: &Path) -> std::borrow::Cow<'_, str> {
    path.file_name().unwrap_or_default().to_string_lossy()
}

/// The repository's `.gitignore`, which says what a fresh clone of the repository lacks. What it
/// lists in `static/` is not published, and watch mode does not watch what it lists, so that a
/// build here, a build from a clone, and watch mode all publish the same files.
pub(crate) fn gitignore(root: &Path) -> ignore::gitignore::Gitignore {
    ignore::gitignore::Gitignore::new(root.join(".gitignore")).0
}

/// Where the symbolic link `path` leads, if that is inside the repository at `root`. lipsite never
/// reads outside the repository: a link to `/proc/self/environ` or to a key elsewhere on the
/// computer would otherwise end up on the site, or quoted in an error message.
fn follow_link(root: &Path, path: &Path) -> Result<PathBuf, Problem> {
    let shown = display_path(root, path);
    let target = fs::canonicalize(path).map_err(|_| leads_nowhere(&shown))?;
    let inside = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if target.starts_with(&inside) {
        return Ok(target);
    }
    let what = if target.is_dir() { "folder" } else { "file" };
    Err(Problem::about_path(
        &shown,
        format!(
            "{} is a symbolic link to {}, outside the repository; lipsite does not follow it",
            shown.display(),
            target.display()
        ),
    )
    .hint(format!("copy the {what} into the repository instead of linking to it: lipsite reads only what is inside the repository, so that nothing else on this computer can reach the site or its messages")))
}

/// Whether the folder `dir` may be read: not when it is a link that leads outside the repository.
fn folder_inside(root: &Path, dir: &Path, problems: &mut Problems) -> bool {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            follow_link(root, dir).map_err(|p| problems.push(p)).is_ok()
        }
        _ => true,
    }
}

fn leads_nowhere(shown: &Path) -> Problem {
    Problem::about_path(
        shown,
        "this is a symbolic link that leads nowhere, or in a circle",
    )
    .hint("replace the link with the file itself, or remove it")
}

/// The hidden names that static hosts read (GitHub Pages, Apache, Netlify, the `.well-known`
/// folder of RFC 8615): published like any other file.
pub(crate) const HOST_FILES: [&str; 3] = [".nojekyll", ".htaccess", ".well-known"];

/// Files editors and operating systems leave beside the real ones, and hidden files and folders
/// (`.git`, `.env`, `.DS_Store`) but for the `HOST_FILES`.
pub(crate) fn is_editor_debris(name: &str) -> bool {
    (name.starts_with('.') && !HOST_FILES.contains(&name))
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_vanished_before_it_was_read_is_named_with_what_to_do() {
        let tmp = tempfile::tempdir().unwrap();
        let mut problems = Problems::default();
        let gone = tmp.path().join("content/fr/vision.md");
        assert!(read_text(tmp.path(), &gone, &mut problems).is_none());
        let p = &problems.into_sorted()[0];
        assert_eq!(p.file, Path::new("content/fr/vision.md"));
        assert!(
            p.message.starts_with("cannot read the file"),
            "{}",
            p.message
        );
        assert!(p
            .hint
            .as_deref()
            .unwrap()
            .contains("moved or deleted while lipsite was reading"));
    }

    #[test]
    fn an_unchanged_file_comes_from_the_cache_and_a_changed_one_is_read_again() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.md");
        fs::write(&path, "one").unwrap();
        let (mut cache, mut problems) = (FileCache::default(), Problems::default());
        let first = read_text_cached(tmp.path(), &path, &mut problems, &mut cache).unwrap();
        let again = read_text_cached(tmp.path(), &path, &mut problems, &mut cache).unwrap();
        assert!(
            std::sync::Arc::ptr_eq(&first.text, &again.text),
            "unchanged: the same text, not read again"
        );
        fs::write(&path, "two, longer").unwrap();
        let changed = read_text_cached(tmp.path(), &path, &mut problems, &mut cache).unwrap();
        assert_eq!(&*changed.text, "two, longer");
    }

    #[test]
    fn hidden_files_and_editor_files_are_debris_but_what_static_hosts_read_is_not() {
        for debris in [
            ".git",
            ".env",
            ".DS_Store",
            "page~",
            ".page.swp",
            "#page#",
            ".#page",
        ] {
            assert!(is_editor_debris(debris), "{debris}");
        }
        for kept in [
            ".nojekyll",
            ".htaccess",
            ".well-known",
            "_redirects",
            "_headers",
            "#",
            "a#b",
        ] {
            assert!(!is_editor_debris(kept), "{kept}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_repository_is_not_read_and_one_inside_is() {
        let tmp = tempfile::tempdir().unwrap();
        let (repo, outside) = (tmp.path().join("repo"), tmp.path().join("secret.md"));
        fs::create_dir_all(repo.join("shared")).unwrap();
        fs::write(&outside, "TOKEN=1").unwrap();
        fs::write(repo.join("shared/page.md"), "shared").unwrap();
        std::os::unix::fs::symlink(&outside, repo.join("out.md")).unwrap();
        std::os::unix::fs::symlink("shared/page.md", repo.join("in.md")).unwrap();
        let mut problems = Problems::default();
        assert!(read_text(&repo, &repo.join("out.md"), &mut problems).is_none());
        let p = &problems.into_sorted()[0];
        assert_eq!(p.file, Path::new("out.md"));
        assert!(
            p.message.contains("outside the repository"),
            "{}",
            p.message
        );
        let mut problems = Problems::default();
        let inside = read_text(&repo, &repo.join("in.md"), &mut problems).unwrap();
        assert_eq!(&*inside.text, "shared");
        assert!(problems.is_empty());
    }
}
