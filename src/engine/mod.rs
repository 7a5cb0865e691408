//! One incremental engine for `watch` and `serve`: the stages of a build (files → parsed → model
//! → theme → views → pages → written) with every cache they keep, in one place. Changes come in,
//! classified by kind (`change`); each kind re-runs only what depends on it, and an outcome comes
//! out. Whatever ran, the output equals what a clean build of the same files would write, even
//! after a hand edit of the output: a file deleted or changed there since lipsite wrote it is
//! written again. Watch mode watches the output folder too, so that a rebuild looks on disk only
//! at the files touched since the last one (with `--poll`, or when the watcher lost track, at
//! every file).

pub(crate) mod change;
mod files;
mod kept;
mod page_text;
pub(crate) mod stages;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub(crate) use change::ChangeKind;
use page_text::LastBuild;
use stages::Caches;

use crate::content::RepositoryFiles;
use crate::diagnostics::{Problem, Problems};
use crate::model::Drafts;
use crate::output::{self, Written};
use crate::render::{Scope, Site};

/// The outcome of one (re)build, for the terminal and the browser.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    Built(Rebuild),
    Failed(Vec<Problem>),
}

#[derive(Debug, Clone)]
pub(crate) struct Rebuild {
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
    /// The path the site is published under (`/` or `/strategy/`), as the build's lipsite.yaml
    /// says: the preview serves the site at the same addresses.
    pub base_path: String,
}

impl Rebuild {
    /// The one line each rebuild prints.
    pub(crate) fn line(&self) -> String {
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
pub(crate) struct Changes {
    /// Relative to the repository, `/`-separated.
    pub paths: Vec<String>,
    /// The watcher lost track (its queue overflowed): anything may have changed.
    pub unknown: bool,
    /// The paths of the output folder touched since the last rebuild (lipsite's own writes
    /// among them), when a watcher of the output folder knows them; `None`: any file there may
    /// have changed.
    pub output: Option<std::collections::HashSet<String>>,
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
pub(crate) struct Engine {
    repo: PathBuf,
    out: PathBuf,
    caches: Caches,
    /// The last successful build, for the edits that patch it instead of building anew.
    last: Option<LastBuild>,
    /// The repository's files as last read, for edits in place that change no list of files.
    files: Option<RepositoryFiles>,
    written: Option<Written>,
    /// Closed while files of the output are written, for lipsite's own server.
    gate: output::Gate,
    /// Whether the last build wrote the output folder anew (a new folder renamed into place):
    /// a watcher of the old one sees nothing of it.
    replaced: bool,
    /// Whether a build failed since the last good one: what changed meanwhile is not known
    /// page by page any more, so the next build looks at every page.
    failed: bool,
}

/// What a rebuild is asked to do.
struct Request<'a> {
    /// What changed, as shown to the user.
    changed: String,
    /// The widest kind of change; none for the first build.
    kind: Option<ChangeKind>,
    start: Instant,
    /// The pages the change may have touched.
    scope: Scope<'a>,
    /// The files changed, relative to the repository, when the watcher knows them.
    edited: Option<&'a [String]>,
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
    /// An engine that writes to `out`, closing `gate` while it writes files there one by one.
    pub(crate) fn new(repo: &Path, out: &Path, drafts: Drafts, gate: output::Gate) -> Engine {
        Engine {
            repo: repo.to_path_buf(),
            out: out.to_path_buf(),
            caches: Caches::keeping(drafts),
            last: None,
            files: None,
            written: None,
            gate,
            replaced: false,
            failed: false,
        }
    }

    /// Whether the output folder was written anew since the last call: then a watcher of it
    /// must watch the new one.
    pub(crate) fn output_replaced(&mut self) -> bool {
        std::mem::take(&mut self.replaced)
    }

    /// The first build, like `lipsite build`: atomic, after checking the destination.
    pub(crate) fn first_build(&mut self) -> Outcome {
        let outcome = self.build_all(Request {
            changed: "first build".into(),
            kind: None,
            start: Instant::now(),
            scope: Scope::Everything,
            edited: None,
        });
        self.finish(outcome)
    }

    /// Rebuilds after `changes`, running only what their kind affects and writing only what
    /// changed.
    pub(crate) fn rebuild(&mut self, changes: &Changes) -> Outcome {
        let outcome = self.rebuild_changed(changes);
        self.finish(outcome)
    }

    /// Learns from a build's outcome whether it failed, and lets go of what it replaced.
    fn finish(&mut self, outcome: Outcome) -> Outcome {
        self.failed = matches!(outcome, Outcome::Failed(_));
        self.caches.pages.let_go();
        outcome
    }

    fn rebuild_changed(&mut self, changes: &Changes) -> Outcome {
        let start = Instant::now();
        let mut request = Request {
            changed: changes.describe(),
            kind: Some(ChangeKind::Unknown),
            start,
            scope: Scope::Everything,
            edited: None,
        };
        if let Some(written) = &mut self.written {
            written.suspect(match &changes.output {
                Some(touched) if !changes.unknown => output::Suspects::Touched(touched.clone()),
                _ => output::Suspects::All,
            });
        }
        if changes.unknown {
            return self.build_all(request);
        }
        let classified = change::classify(&self.repo, &mut self.caches.files, &changes.paths);
        let kind = classified.kind;
        request.kind = Some(kind);
        // After a failed build, pages may have changed that this change does not name.
        let touched = classified.touched().filter(|_| !self.failed);
        request.scope = match touched.as_deref() {
            Some(touched) => Scope::Pages(touched),
            None if kind.leaves_pages_as_they_were() && !self.failed => Scope::Views,
            None => Scope::Everything,
        };
        request.edited = Some(&changes.paths);
        match kind {
            ChangeKind::Nothing => self.nothing_to_do(request),
            ChangeKind::PageBody => self.page_text(request, &classified.pages),
            ChangeKind::Template | ChangeKind::Static if !self.failed => self.theme_edit(request),
            _ => self.build_all(request),
        }
    }

    /// An edit to the theme alone (a template, a static file): the last build's model, interface
    /// words and addresses with the theme made again, so that the language views are the last
    /// build's too, and only the pages whose templates changed are rendered.
    fn theme_edit(&mut self, mut request: Request) -> Outcome {
        let (files, mut problems) = self.read(request.edited);
        let last = self.last.take().filter(|_| problems.is_empty());
        let Some(last) = last else {
            return self.build_from(files, problems, request);
        };
        let LastBuild {
            loaded,
            model_warnings,
            ..
        } = last;
        // Reported as a whole build would: with the model's warnings, even beside an error.
        problems.extend(model_warnings.clone().into_sorted());
        let t = Instant::now();
        let theme = self.caches.kept.theme(&files, &mut problems);
        stages::stage("theme", t);
        let Some(theme) = theme else {
            return Outcome::Failed(problems.into_sorted());
        };
        let config = &loaded.strategy.config;
        let words = self
            .caches
            .kept
            .words(config, &theme, &files, &mut problems);
        if problems.has_errors() {
            return Outcome::Failed(problems.into_sorted());
        }
        self.files = Some(files);
        let loaded = stages::Loaded {
            strategy: loaded.strategy,
            theme,
            words,
        };
        request.scope = Scope::Theme;
        self.render_and_write(Ok((loaded, problems)), model_warnings, request)
    }

    /// After changes to files lipsite does not read: the site as it is.
    fn nothing_to_do(&mut self, request: Request) -> Outcome {
        let Some(last) = &self.last else {
            return self.build_all(request);
        };
        let done = Done {
            pages: last.pages,
            rendered: 0,
            warnings: last.warnings.clone(),
            changed: request.changed,
            kind: request.kind,
            start: request.start,
        };
        self.outcome(Ok(output::WriteStats::default()), done)
    }

    /// An edit to the text of pages alone: applied to the last build's model, and only those
    /// pages rendered and written, when the output is as lipsite left it (only the whole build
    /// restores what was deleted or changed by hand there).
    fn page_text(&mut self, request: Request, edits: &[change::PageEdit]) -> Outcome {
        // The files as last read learn the edit, which the next whole build starts from.
        self.files = match (self.files.take(), request.edited) {
            (Some(files), Some(edited)) => {
                files::edited_in_place(&self.repo, files, edited, &mut self.caches.files)
            }
            _ => None,
        };
        let intact = self.written.as_ref().is_some_and(|w| w.intact(&self.out));
        let last = self.last.take().filter(|_| intact);
        let (Some(mut last), Some(written)) = (last, self.written.as_mut()) else {
            return self.build_all(request);
        };
        let edit = match page_text::rebuild(&mut last, &mut self.caches, edits) {
            None => return self.build_all(request),
            Some(Err(problems)) => return Outcome::Failed(problems.into_sorted()),
            Some(Ok(edit)) => edit,
        };
        let t = Instant::now();
        let stats = output::write_files(&self.out, &edit.files, written);
        stages::stage("write", t);
        let done = Done {
            pages: last.pages,
            rendered: edit.files.len(),
            warnings: last.warnings.clone(),
            changed: request.changed,
            kind: request.kind,
            start: request.start,
        };
        self.last = Some(last);
        self.outcome(stats, done)
    }

    /// Runs the whole build through the caches, rendering again only the pages whose inputs
    /// changed, among those in the request's scope; the first time (or after a failed write)
    /// like `lipsite build`, then in place.
    fn build_all(&mut self, request: Request) -> Outcome {
        // The last build's model is large: it is let go once this build's files are written.
        if let Some(last) = self.last.take() {
            self.caches.pages.retire(Box::new(last));
        }
        if self.written.is_none() {
            if let Err(p) = output::check_destination(&self.repo, &self.out) {
                return Outcome::Failed(vec![p]);
            }
        }
        let (files, problems) = self.read(request.edited);
        self.build_from(files, problems, request)
    }

    /// The whole build from the repository's `files`, read with `problems`.
    fn build_from(
        &mut self,
        files: RepositoryFiles,
        problems: Problems,
        request: Request,
    ) -> Outcome {
        // Files with a problem are kept out of the next build's start: it reads them all again.
        let clean = problems.is_empty();
        let loaded = stages::load_files(&files, problems, &mut self.caches);
        self.files = clean.then_some(files);
        let model_warnings = match &loaded {
            Ok((_, problems)) => problems.clone(),
            Err(_) => Problems::default(),
        };
        self.render_and_write(loaded, model_warnings, request)
    }

    /// Renders what was loaded, with the load's problems, and writes what changed.
    fn render_and_write(
        &mut self,
        loaded: Result<(stages::Loaded, Problems), Problems>,
        model_warnings: Problems,
        request: Request,
    ) -> Outcome {
        let rendered = loaded.and_then(|(loaded, problems)| {
            let pages = &mut self.caches.pages;
            let site = stages::render(&loaded, problems, pages, None, request.scope)?;
            Ok((loaded, site))
        });
        let (loaded, (site, problems)) = match rendered {
            Ok(v) => v,
            Err(problems) => return Outcome::Failed(problems.into_sorted()),
        };
        let warnings = problems.into_sorted();
        let t = Instant::now();
        let written = self.write_site(&site);
        stages::stage("write", t);
        self.last = Some(LastBuild {
            loaded,
            model_warnings,
            warnings: warnings.clone(),
            pages: site.pages,
        });
        let done = Done {
            pages: site.pages,
            rendered: site.rendered,
            warnings,
            changed: request.changed,
            kind: request.kind,
            start: request.start,
        };
        self.outcome(written, done)
    }

    /// The repository's files: the last ones with the `edited` files read again when they were
    /// edited in place, or all of them read (only those changed since read from disk).
    fn read(&mut self, edited: Option<&[String]>) -> (RepositoryFiles, Problems) {
        let t = Instant::now();
        let patched = match (edited, self.files.take()) {
            (Some(edited), Some(files)) => {
                files::edited_in_place(&self.repo, files, edited, &mut self.caches.files)
            }
            _ => None,
        };
        if let Some(files) = patched {
            stages::stage("read", t);
            return (files, Problems::default());
        }
        stages::read(&self.repo, &mut self.caches)
    }

    /// Writes the whole site: only what changed when the output is lipsite's already.
    fn write_site(&mut self, site: &Site) -> Result<output::WriteStats, Problem> {
        if let Some(written) = &mut self.written {
            return output::write_changes(&self.out, site, written);
        }
        output::write_site(&self.out, site)?;
        self.replaced = true;
        self.written = Some(Written::of(&self.out, site, self.gate.clone())?);
        Ok(output::WriteStats {
            written: site.files.len() + site.static_files.len(),
            removed: 0,
        })
    }

    /// A build's outcome once its files are written (or failed to be).
    fn outcome(&mut self, written: Result<output::WriteStats, Problem>, done: Done) -> Outcome {
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
                base_path: self.last.as_ref().map_or_else(
                    || "/".to_string(),
                    |l| l.loaded.strategy.config.base_path.clone(),
                ),
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
