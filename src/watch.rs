//! Watch mode: build, then rebuild after every burst of changes to the repository's sources.
//!
//! This module watches the files and groups their events into bursts; the engine
//! (`crate::engine`) decides what each burst affects, rebuilds it and writes the output.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::content::is_editor_debris;
use crate::diagnostics::Problem;
use crate::engine::Engine;
pub(crate) use crate::engine::{Changes, Outcome};
use crate::model::Drafts;

/// The folders of a repository whose files lipsite reads, besides `lipsite.yaml`.
pub(crate) const SOURCE_DIRS: &[&str] = &["content", "data", "static", "templates", "i18n"];

/// How long a burst of changes must be quiet before the rebuild starts while a file is still being
/// written (no event has said it was closed).
const SETTLE: Duration = Duration::from_millis(50);

/// How long to wait for the rest of a burst once every changed file is complete (closed after
/// writing, renamed into place, removed): the events of one save arrive within microseconds.
const QUICK: Duration = Duration::from_millis(2);

/// Decides which changed paths are the repository's sources.
pub(crate) struct Filter {
    repo: PathBuf,
    out: PathBuf,
    ignored: ignore::gitignore::Gitignore,
}

impl Filter {
    pub(crate) fn new(repo: &Path, out: &Path) -> Filter {
        let repo = repo.canonicalize().unwrap_or_else(|_| repo.to_path_buf());
        let out = out.canonicalize().unwrap_or_else(|_| repo.join(out));
        // The matcher the build uses to leave ignored static files out: both agree.
        let ignored = crate::content::gitignore(&repo);
        Filter { repo, out, ignored }
    }

    /// The path relative to the repository, if it is a source file lipsite reads.
    pub(crate) fn relevant(&self, path: &Path) -> Option<String> {
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

/// The changes seen since the last build, and when they are complete enough to build.
#[derive(Default)]
struct Burst {
    changes: BTreeSet<String>,
    /// Files written to and not yet closed.
    writing: HashSet<String>,
    unknown: bool,
    last: Option<Instant>,
}

impl Burst {
    fn add(&mut self, event: &Event, filter: &Filter, now: Instant) {
        if event.need_rescan() {
            self.unknown = true;
            self.last = Some(now);
            return;
        }
        let complete = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            // Reads, lipsite's own included (every build opens the files it reads).
            EventKind::Access(_) => return,
            EventKind::Create(CreateKind::File)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Any) => false,
            // Removed, renamed into place, a folder, a new modification time: complete as is.
            _ => true,
        };
        for rel in event.paths.iter().filter_map(|p| filter.relevant(p)) {
            if complete {
                self.writing.remove(&rel);
            } else {
                self.writing.insert(rel.clone());
            }
            self.changes.insert(rel);
            self.last = Some(now);
        }
    }

    /// When to build if nothing else happens: soon once every changed file is complete, later
    /// while one may still be being written (where the system never says, as with polling).
    fn due(&self) -> Option<Instant> {
        let quiet = if self.writing.is_empty() {
            QUICK
        } else {
            SETTLE
        };
        self.last.map(|last| last + quiet)
    }

    fn take(&mut self) -> Changes {
        let burst = std::mem::take(self);
        Changes {
            paths: burst.changes.into_iter().collect(),
            unknown: burst.unknown,
            output: None,
        }
    }
}

/// Native notifications, or polling where they are unreliable (WSL, network drives, containers).
/// The output folder, watched natively so that a rebuild looks on disk only at the files someone
/// touched since the last one, instead of at every file, to restore a hand edit there.
struct OutputWatch {
    /// The output folder, once a watch on it is in place.
    watched: Option<PathBuf>,
    /// Paths from the output folder touched since the last rebuild.
    touched: HashSet<String>,
    /// Something happened there that the paths do not tell (the watcher lost track, the folder
    /// itself went, the watch is new): every file may have changed.
    lost: bool,
}

impl OutputWatch {
    fn new() -> OutputWatch {
        OutputWatch {
            watched: None,
            touched: HashSet::new(),
            lost: true,
        }
    }

    /// Notes the paths of `event` in the output folder.
    fn note(&mut self, event: &Event) {
        let Some(root) = &self.watched else {
            return;
        };
        if event.need_rescan() {
            self.lost = true;
        }
        for path in &event.paths {
            match path.strip_prefix(root) {
                Ok(rel) if rel.as_os_str().is_empty() => self.lost = true,
                Ok(rel) => {
                    self.touched
                        .insert(rel.to_string_lossy().replace('\\', "/"));
                }
                Err(_) => {}
            }
        }
    }

    /// What a rebuild may trust: the paths touched since the last one, or `None` for any.
    fn take(&mut self) -> Option<HashSet<String>> {
        let touched = std::mem::take(&mut self.touched);
        let known = self.watched.is_some() && !std::mem::take(&mut self.lost);
        known.then_some(touched)
    }

    /// Watches the output folder as it is now (after it was written anew), natively only: a
    /// poller would read every file of the site over and over.
    fn rewatch(&mut self, watch: &mut Watch, out: &Path) {
        if let Some(old) = self.watched.take() {
            let _ = watch.unwatch(&old);
        }
        self.lost = true;
        if matches!(watch, Watch::Poll(_)) {
            return;
        }
        let Ok(root) = out.canonicalize() else {
            return;
        };
        if watch.watch(&root, RecursiveMode::Recursive).is_ok() {
            self.watched = Some(root);
        }
    }
}

enum Watch {
    Native(notify::RecommendedWatcher),
    Poll(notify::PollWatcher),
}

impl Watch {
    fn new(poll: bool, tx: mpsc::Sender<notify::Result<Event>>) -> notify::Result<Watch> {
        if poll {
            let config = notify::Config::default()
                .with_poll_interval(Duration::from_millis(300))
                .with_compare_contents(true);
            Ok(Watch::Poll(notify::PollWatcher::new(tx, config)?))
        } else {
            Ok(Watch::Native(notify::recommended_watcher(tx)?))
        }
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Watch::Native(w) => w.watch(path, mode),
            Watch::Poll(w) => w.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Watch::Native(w) => w.unwatch(path),
            Watch::Poll(w) => w.unwatch(path),
        }
    }

    /// The repository root itself (to see `lipsite.yaml` and source folders come and go) and
    /// every source folder with all it contains; never the output folder. A folder deleted is no
    /// longer watched (polling would find it missing at every poll), and one that `changed` names
    /// (deleted, made or moved since) is watched again: a watch follows the folder that was there,
    /// not its name.
    fn watch_sources(
        &mut self,
        repo: &Path,
        watched: &mut Vec<PathBuf>,
        changed: &[String],
    ) -> notify::Result<()> {
        if !watched.iter().any(|w| w == repo) {
            self.watch(repo, RecursiveMode::NonRecursive)?;
            watched.push(repo.to_path_buf());
        }
        for name in SOURCE_DIRS {
            let dir = repo.join(name);
            let is_dir = dir.is_dir();
            if watched.contains(&dir) && (!is_dir || changed.iter().any(|c| c == name)) {
                // The system may have dropped the watch with the folder already.
                let _ = self.unwatch(&dir);
                watched.retain(|w| *w != dir);
            }
            if is_dir && !watched.contains(&dir) {
                self.watch(&dir, RecursiveMode::Recursive)?;
                watched.push(dir);
            }
        }
        Ok(())
    }
}

/// A path the watcher did not find had been removed while it looked (polling finds a deleted
/// source folder this way, at every poll): a change like any other, not an error.
fn as_removal(e: &notify::Error) -> Option<Event> {
    let not_found = match &e.kind {
        notify::ErrorKind::PathNotFound => true,
        notify::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    };
    (not_found && !e.paths.is_empty()).then(|| {
        e.paths.iter().fold(
            Event::new(EventKind::Remove(notify::event::RemoveKind::Any)),
            |event, path| event.add_path(path.clone()),
        )
    })
}

/// What a watcher failure means for the user.
fn watch_problem(repo: &Path, e: &notify::Error) -> Problem {
    Problem::about_path(repo, format!("cannot watch the repository for changes: {e}"))
        .hint("run again with --poll, which checks for changes every 0.3 s instead of relying on the system's notifications (needed on WSL, network drives, some containers, or when the inotify limit is reached)")
}

/// How `watch` and `serve` watch and build.
#[derive(Debug, Clone)]
pub(crate) struct Watching {
    /// Check for changes at intervals instead of relying on the system's notifications.
    pub poll: bool,
    pub drafts: Drafts,
    /// Closed while a rebuild writes files of the output, for lipsite's own server.
    pub gate: crate::output::Gate,
}

/// Builds, then rebuilds after every burst of changes until `stop` returns true. Each outcome goes
/// to `report` (the terminal, and in serve mode the browser).
pub(crate) fn run(
    repo: &Path,
    out: &Path,
    Watching { poll, drafts, gate }: Watching,
    mut report: impl FnMut(&Outcome),
    stop: impl Fn() -> bool,
) -> Result<(), Problem> {
    // Watching starts before the first build, so a file saved while it runs is rebuilt after it
    // instead of going unnoticed until the next save.
    let (tx, rx) = mpsc::channel();
    let mut watch = Watch::new(poll, tx).map_err(|e| watch_problem(repo, &e))?;
    let root = repo.canonicalize().unwrap_or_else(|_| repo.to_path_buf());
    let mut watched = Vec::new();
    watch
        .watch_sources(&root, &mut watched, &[])
        .map_err(|e| watch_problem(repo, &e))?;
    let filter = Filter::new(&root, out);
    let mut engine = Engine::new(repo, out, drafts, gate);
    report(&engine.first_build());
    let mut output = OutputWatch::new();
    if engine.output_replaced() {
        output.rewatch(&mut watch, out);
    }
    let mut burst = Burst::default();
    while !stop() {
        let now = Instant::now();
        let wait = burst.due().map_or(Duration::from_millis(200), |due| {
            due.saturating_duration_since(now)
        });
        match rx.recv_timeout(wait) {
            Ok(event) => match event.or_else(|e| as_removal(&e).ok_or(e)) {
                Ok(event) => {
                    output.note(&event);
                    burst.add(&event, &filter, Instant::now());
                }
                Err(e) => report(&Outcome::Failed(vec![Problem::about_path(
                    repo,
                    format!("the file watcher reported: {e}"),
                )
                .hint("if this repeats, run again with --poll")])),
            },
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if burst.due().is_some_and(|due| Instant::now() >= due) {
            let mut changes = burst.take();
            changes.output = output.take();
            // A source folder made after the start (say, templates/) is watched from now on.
            let _ = watch.watch_sources(&root, &mut watched, &changes.paths);
            report(&engine.rebuild(&changes));
            if engine.output_replaced() {
                output.rewatch(&mut watch, out);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_due_soon_once_every_file_is_complete() {
        use notify::event::RemoveKind;
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().canonicalize().unwrap();
        let filter = Filter::new(&repo, &repo.join("public"));
        let page = repo.join("content/en/pages/a.md");
        let event = |kind| Event::new(kind).add_path(page.clone());
        let t0 = Instant::now();
        let mut burst = Burst::default();
        assert_eq!(burst.due(), None);
        burst.add(&event(EventKind::Create(CreateKind::File)), &filter, t0);
        burst.add(
            &event(EventKind::Modify(ModifyKind::Data(
                notify::event::DataChange::Content,
            ))),
            &filter,
            t0,
        );
        assert_eq!(burst.due(), Some(t0 + SETTLE), "still being written");
        let t1 = t0 + Duration::from_millis(1);
        burst.add(
            &event(EventKind::Access(AccessKind::Close(AccessMode::Write))),
            &filter,
            t1,
        );
        assert_eq!(burst.due(), Some(t1 + QUICK), "closed: build soon");
        // Output files and reads change nothing.
        let t2 = t1 + Duration::from_millis(1);
        burst.add(
            &Event::new(EventKind::Create(CreateKind::File))
                .add_path(repo.join("public/en/index.html")),
            &filter,
            t2,
        );
        burst.add(
            &event(EventKind::Access(AccessKind::Open(AccessMode::Any))),
            &filter,
            t2,
        );
        assert_eq!(burst.due(), Some(t1 + QUICK));
        burst.add(
            &Event::new(EventKind::Remove(RemoveKind::File)).add_path(repo.join("data/plan.yaml")),
            &filter,
            t2,
        );
        assert_eq!(burst.due(), Some(t2 + QUICK));
        let changes = burst.take();
        assert_eq!(changes.paths, ["content/en/pages/a.md", "data/plan.yaml"]);
        assert!(!changes.unknown);
        assert_eq!(burst.due(), None, "taken");
        burst.add(
            &Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan),
            &filter,
            t2,
        );
        assert!(
            burst.take().unknown,
            "an overflow means anything may have changed"
        );
    }

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
