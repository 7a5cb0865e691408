//! Watch mode: build, then rebuild after every burst of changes to the repository's sources.
//!
//! Events only say *that* something changed; each rebuild re-reads the repository through a file
//! cache (only files whose size or modification time changed are read), re-renders only the pages
//! whose inputs changed, and writes only the files whose bytes changed. So no event can be lost to
//! a missed notification, and the output always equals what a clean build would write.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, new_debouncer_opt, DebounceEventResult, Debouncer, NoCache, RecommendedCache,
};

use crate::build;
use crate::content::is_editor_debris;
use crate::diagnostics::Problem;
use crate::output::{self, Written};

/// The folders of a repository whose files lipsite reads, besides `lipsite.yaml`.
pub const SOURCE_DIRS: &[&str] = &["content", "data", "static", "templates", "i18n"];

/// How long a burst of changes must be quiet before the rebuild starts.
const SETTLE: Duration = Duration::from_millis(50);

/// The outcome of one (re)build, for the terminal and the browser.
#[derive(Debug, Clone)]
pub enum Outcome {
    Built(Rebuild),
    Failed(Vec<Problem>),
}

#[derive(Debug, Clone)]
pub struct Rebuild {
    /// What changed, as shown to the user (`content/fr/vision.md`, or `3 files`).
    pub changed: String,
    pub pages: usize,
    pub rendered: usize,
    pub written: usize,
    pub removed: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Problem>,
}

impl Rebuild {
    /// The one line each rebuild prints.
    pub fn line(&self) -> String {
        let removed = if self.removed > 0 {
            format!(", {} removed", self.removed)
        } else {
            String::new()
        };
        let files = if self.written == 1 { "file" } else { "files" };
        format!(
            "{}: {} of {} pages rendered, {} {files} written{removed} in {:.0} ms",
            self.changed,
            self.rendered,
            self.pages,
            self.written,
            self.elapsed.as_secs_f64() * 1000.0
        )
    }
}

/// A build that remembers what it read, rendered and wrote, so the next one does only what changed.
pub struct Session {
    repo: PathBuf,
    out: PathBuf,
    caches: build::Caches,
    written: Option<Written>,
}

impl Session {
    pub fn new(repo: &Path, out: &Path) -> Session {
        Session {
            repo: repo.to_path_buf(),
            out: out.to_path_buf(),
            caches: build::Caches {
                pages: crate::render::RenderCache::keeping(),
                ..Default::default()
            },
            written: None,
        }
    }

    /// Builds; the first time like `lipsite build` (atomically, checking the destination), then
    /// in place, writing only what changed.
    pub fn build(&mut self, changed: &str) -> Outcome {
        let start = Instant::now();
        if self.written.is_none() {
            if let Err(p) = output::check_destination(&self.repo, &self.out) {
                return Outcome::Failed(vec![p]);
            }
        }
        let (_, site, problems) = match build::compile_cached(&self.repo, &mut self.caches) {
            Ok(v) => v,
            Err(problems) => return Outcome::Failed(problems.into_sorted()),
        };
        let t = Instant::now();
        let stats = match &mut self.written {
            Some(written) => output::write_changes(&self.out, &site, written),
            None => output::write_site(&self.out, &site).and_then(|()| {
                self.written = Some(Written::of(&site)?);
                Ok(output::WriteStats {
                    written: site.files.len() + site.static_files.len(),
                    removed: 0,
                })
            }),
        };
        build::stage("write", t);
        match stats {
            Ok(stats) => Outcome::Built(Rebuild {
                changed: changed.to_string(),
                pages: site.pages,
                rendered: site.rendered,
                written: stats.written,
                removed: stats.removed,
                elapsed: start.elapsed(),
                warnings: problems.into_sorted(),
            }),
            Err(p) => {
                // The output is in an unknown state: the next build starts over from a clean write.
                self.written = None;
                Outcome::Failed(vec![p])
            }
        }
    }
}

/// Decides which changed paths are the repository's sources.
pub struct Filter {
    repo: PathBuf,
    out: PathBuf,
    ignored: ignore::gitignore::Gitignore,
}

impl Filter {
    pub fn new(repo: &Path, out: &Path) -> Filter {
        let repo = repo.canonicalize().unwrap_or_else(|_| repo.to_path_buf());
        let out = out.canonicalize().unwrap_or_else(|_| repo.join(out));
        let (ignored, _) = ignore::gitignore::Gitignore::new(repo.join(".gitignore"));
        Filter { repo, out, ignored }
    }

    /// The path relative to the repository, if it is a source file lipsite reads.
    pub fn relevant(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.repo).ok()?;
        if path.starts_with(&self.out) || rel.as_os_str().is_empty() {
            return None;
        }
        let name = path.file_name()?.to_string_lossy();
        if is_editor_debris(&name) || name.ends_with(".lipsite-tmp") {
            return None;
        }
        let top = rel
            .components()
            .next()?
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        let is_source = top == crate::config::FILE_NAME || SOURCE_DIRS.contains(&top.as_str());
        if !is_source
            || self
                .ignored
                .matched_path_or_any_parents(rel, path.is_dir())
                .is_ignore()
        {
            return None;
        }
        Some(rel.to_string_lossy().replace('\\', "/"))
    }
}

/// Native notifications, or polling where they are unreliable (WSL, network drives, containers).
enum Watch {
    Native(Debouncer<notify::RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<notify::PollWatcher, NoCache>),
}

impl Watch {
    fn new(
        poll: bool,
        tx: mpsc::Sender<DebounceEventResult>,
    ) -> Result<Watch, notify_debouncer_full::notify::Error> {
        if poll {
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(300))
                .with_compare_contents(true);
            Ok(Watch::Poll(new_debouncer_opt(
                SETTLE, None, tx, NoCache, config,
            )?))
        } else {
            Ok(Watch::Native(new_debouncer(SETTLE, None, tx)?))
        }
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watch::Native(d) => d.watch(path, mode),
            Watch::Poll(d) => d.watch(path, mode),
        }
    }

    /// The repository root itself (to see `lipsite.yaml` and new source folders appear) and every
    /// source folder with all it contains; never the output folder.
    fn watch_sources(&mut self, repo: &Path, watched: &mut Vec<PathBuf>) -> notify::Result<()> {
        if !watched.iter().any(|w| w == repo) {
            self.watch(repo, RecursiveMode::NonRecursive)?;
            watched.push(repo.to_path_buf());
        }
        for dir in SOURCE_DIRS.iter().map(|d| repo.join(d)) {
            if dir.is_dir() && !watched.contains(&dir) {
                self.watch(&dir, RecursiveMode::Recursive)?;
                watched.push(dir);
            }
        }
        Ok(())
    }
}

/// What a watcher failure means for the user.
fn watch_problem(repo: &Path, e: &notify::Error) -> Problem {
    Problem::about_path(repo, format!("cannot watch the repository for changes: {e}"))
        .hint("run again with --poll, which checks for changes every 0.3 s instead of relying on the system's notifications (needed on WSL, network drives, some containers, or when the inotify limit is reached)")
}

/// Builds, then rebuilds after every burst of changes until `stop` returns true. Each outcome goes
/// to `report` (the terminal, and in serve mode the browser).
pub fn run(
    repo: &Path,
    out: &Path,
    poll: bool,
    mut report: impl FnMut(&Outcome),
    stop: impl Fn() -> bool,
) -> Result<(), Problem> {
    let mut session = Session::new(repo, out);
    report(&session.build("first build"));
    let (tx, rx) = mpsc::channel();
    let mut watch = Watch::new(poll, tx).map_err(|e| watch_problem(repo, &e))?;
    let root = repo.canonicalize().unwrap_or_else(|_| repo.to_path_buf());
    let mut watched = Vec::new();
    watch
        .watch_sources(&root, &mut watched)
        .map_err(|e| watch_problem(repo, &e))?;
    let filter = Filter::new(&root, out);
    while !stop() {
        let events = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(events)) => events,
            Ok(Err(errors)) => {
                let e = errors
                    .into_iter()
                    .next()
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                report(&Outcome::Failed(vec![Problem::about_path(
                    repo,
                    format!("the file watcher reported: {e}"),
                )
                .hint("if this repeats, run again with --poll")]));
                continue;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut changed: Vec<String> = events
            .iter()
            .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
            .flat_map(|e| e.event.paths.iter())
            .filter_map(|p| filter.relevant(p))
            .collect();
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        // A source folder created after the start (say, templates/) is watched from now on.
        let _ = watch.watch_sources(&root, &mut watched);
        let what = if changed.len() == 1 {
            changed[0].clone()
        } else {
            format!("{} and {} more", changed[0], changed.len() - 1)
        };
        report(&session.build(&what));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count_and_never_the_output_or_editor_files() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().canonicalize().unwrap();
        std::fs::write(repo.join(".gitignore"), "content/drafts/\n").unwrap();
        let f = Filter::new(&repo, &repo.join("public"));
        let rel = |p: &str| f.relevant(&repo.join(p));
        assert_eq!(
            rel("content/fr/vision.md").as_deref(),
            Some("content/fr/vision.md")
        );
        assert_eq!(rel("lipsite.yaml").as_deref(), Some("lipsite.yaml"));
        assert_eq!(rel("data/plan.yaml").as_deref(), Some("data/plan.yaml"));
        for ignored in [
            "public/en/index.html",
            "content/fr/.vision.md.swp",
            "content/fr/vision.md~",
            "content/fr/.#vision.md",
            "content/fr/4913",
            "content/.DS_Store",
            "README.md",
            ".git/index",
            "content/drafts/x.md",
            "content/fr/.vision.md.lipsite-tmp",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
    }
}
