//! One incremental engine for `watch` and `serve`: the stages of a build (files → parsed → model
//! → theme → views → pages → written) with every cache they keep, in one place. Changes come in,
//! classified by kind (`change`); each kind re-runs only what depends on it, and an outcome comes
//! out. Whatever ran, the output equals what a clean build of the same files would write, even
//! after a hand edit of the output: a file deleted or changed there since lipsite wrote it is
//! written again.

pub mod change;
mod page_text;
pub mod stages;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use change::ChangeKind;
use page_text::LastBuild;
use stages::Caches;

use crate::diagnostics::Problem;
use crate::model::Drafts;
use crate::output::{self, Written};
use crate::render::{Scope, Site};

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
    /// The widest kind of change; none for the first build.
    pub kind: Option<ChangeKind>,
    pub pages: usize,
    pub rendered: usize,
    pub written: usize,
    pub removed: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Problem>,
    /// The site's base path (`/` or `/strategy/`), from the configuration this build read.
    pub base_path: String,
}

impl Rebuild {
    /// The one line each rebuild prints.
    pub fn line(&self) -> String {
        let removed = if self.removed > 0 {
            format!(", {} removed", self.removed)
        } else {
            String::new()
        };
        let kind = self.kind.map(|k| format!(" ({k})")).unwrap_or_default();
        let files = if self.written == 1 { "file" } else { "files" };
        format!(
            "{}{kind}: {} of {} pages rendered, {} {files} written{removed} in {:.0} ms",
            self.changed,
            self.rendered,
            self.pages,
            self.written,
            self.elapsed.as_secs_f64() * 1000.0
        )
    }
}

/// The source files changed since the last build, as the watcher saw them.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Relative to the repository, `/`-separated.
    pub paths: Vec<String>,
    /// The watcher lost track (its queue overflowed): anything may have changed.
    pub unknown: bool,
}

impl Changes {
    /// What changed, as shown to the user.
    fn describe(&self) -> String {
        match &self.paths[..] {
            [] => "the repository".to_string(),
            [one] => one.clone(),
            [first, rest @ ..] => format!("{first} and {} more", rest.len()),
        }
    }
}

/// A build that remembers what it read, rendered and wrote, so the next one does only what changed.
pub struct Engine {
    repo: PathBuf,
    out: PathBuf,
    caches: Caches,
    /// The last successful build, for the edits that patch it instead of building anew.
    last: Option<LastBuild>,
    written: Option<Written>,
}

/// What a rebuild reports besides the files it wrote.
struct Done {
    changed: String,
    kind: Option<ChangeKind>,
    pages: usize,
    rendered: usize,
    warnings: Vec<Problem>,
    start: Instant,
}

impl Engine {
    pub fn new(repo: &Path, out: &Path, drafts: Drafts) -> Engine {
        Engine {
            repo: repo.to_path_buf(),
            out: out.to_path_buf(),
            caches: Caches::keeping(drafts),
            last: None,
            written: None,
        }
    }

    /// The first build, like `lipsite build`: atomic, after checking the destination.
    pub fn first_build(&mut self) -> Outcome {
        self.build_all(
            "first build".into(),
            None,
            Instant::now(),
            Scope::Everything,
        )
    }

    /// Rebuilds after `changes`, running only what their kind affects and writing only what
    /// changed.
    pub fn rebuild(&mut self, changes: &Changes) -> Outcome {
        let start = Instant::now();
        let changed = changes.describe();
        let classified = match changes.unknown {
            true => None,
            false => change::classify(&self.repo, &mut self.caches.files, &changes.paths),
        };
        let Some(classified) = classified else {
            return self.build_all(changed, Some(ChangeKind::Unknown), start, Scope::Everything);
        };
        let kind = classified.kind;
        // Only the whole build restores what was deleted or changed by hand in the output.
        let intact = self.written.as_ref().is_some_and(|w| w.intact(&self.out));
        let touched = classified.touched().filter(|_| intact);
        let scope = touched.as_deref().map_or(Scope::Everything, Scope::Pages);
        if !intact || kind != ChangeKind::PageBody {
            return self.build_all(changed, Some(kind), start, scope);
        }
        let Some(mut last) = self.last.take() else {
            return self.build_all(changed, Some(kind), start, scope);
        };
        let edit = match page_text::rebuild(&mut last, &mut self.caches, &classified.pages) {
            None => return self.build_all(changed, Some(kind), start, scope),
            Some(Err(problems)) => return Outcome::Failed(problems.into_sorted()),
            Some(Ok(edit)) => edit,
        };
        let done = Done {
            changed,
            kind: Some(kind),
            pages: last.pages,
            rendered: edit.files.len(),
            warnings: last.warnings.clone(),
            start,
        };
        self.last = Some(last);
        let Some(written) = self.written.as_mut() else {
            return self.build_all(done.changed, done.kind, start, Scope::Everything);
        };
        let t = Instant::now();
        let written = output::write_files(&self.out, &edit.files, written);
        stages::stage("write", t);
        self.outcome(written, done)
    }

    /// Runs the whole build through the caches, rendering again only the pages whose inputs
    /// changed, among those in `scope`; the first time (or after a failed write) like
    /// `lipsite build`, then in place.
    fn build_all(
        &mut self,
        changed: String,
        kind: Option<ChangeKind>,
        start: Instant,
        scope: Scope,
    ) -> Outcome {
        self.last = None;
        if self.written.is_none() {
            if let Err(p) = output::check_destination(&self.repo, &self.out) {
                return Outcome::Failed(vec![p]);
            }
        }
        let (loaded, problems) = match stages::load(&self.repo, &mut self.caches) {
            Ok(v) => v,
            Err(problems) => return Outcome::Failed(problems.into_sorted()),
        };
        let (site, problems) =
            match stages::render(&loaded, problems, &mut self.caches.pages, None, scope) {
                Ok(v) => v,
                Err(problems) => return Outcome::Failed(problems.into_sorted()),
            };
        let warnings = problems.into_sorted();
        let t = Instant::now();
        let written = self.write_site(&site);
        stages::stage("write", t);
        self.last = Some(LastBuild {
            loaded,
            warnings: warnings.clone(),
            pages: site.pages,
        });
        let done = Done {
            changed,
            kind,
            pages: site.pages,
            rendered: site.rendered,
            warnings,
            start,
        };
        self.outcome(written, done)
    }

    /// Writes the whole site: only what changed when the output is lipsite's already.
    fn write_site(&mut self, site: &Site) -> Result<output::WriteStats, Problem> {
        if let Some(written) = &mut self.written {
            return output::write_changes(&self.out, site, written);
        }
        output::write_site(&self.out, site)?;
        self.written = Some(Written::of(&self.out, site)?);
        Ok(output::WriteStats {
            written: site.files.len() + site.static_files.len(),
            removed: 0,
        })
    }

    /// A build's outcome once its files are written (or failed to be).
    fn outcome(&mut self, written: Result<output::WriteStats, Problem>, done: Done) -> Outcome {
        let base_path = self.last.as_ref().map_or_else(
            || "/".to_string(),
            |l| l.loaded.strategy.config.base_path.clone(),
        );
        match written {
            Ok(stats) => Outcome::Built(Rebuild {
                changed: done.changed,
                kind: done.kind,
                pages: done.pages,
                rendered: done.rendered,
                written: stats.written,
                removed: stats.removed,
                elapsed: done.start.elapsed(),
                warnings: done.warnings,
                base_path,
            }),
            Err(p) => {
                // The output is in an unknown state: the next build starts over from a clean write.
                self.written = None;
                self.last = None;
                Outcome::Failed(vec![p])
            }
        }
    }
}
