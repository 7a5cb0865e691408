//! The stages of a build in their order, files → parsed → model → theme → words → views → pages,
//! with the caches a session keeps between builds; writing is the engine's last stage. A one-off
//! build runs the same stages with caches it drops afterwards.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::kept::Kept;
use crate::content::{FileCache, RepositoryFiles};
use crate::diagnostics::Problems;
use crate::i18n::{self, WordFiles, Words};
use crate::model::{self, Drafts, Strategy};
use crate::render::{self, RenderCache, Scope, Site, Theme};

/// With `LIPSITE_TIMINGS=1`, prints how long a stage took: the profile that guides speed work.
pub(crate) fn stage(name: &str, since: Instant) {
    report_stage(name, since.elapsed());
}

fn report_stage(name: &str, took: Duration) {
    if std::env::var_os("LIPSITE_TIMINGS").is_some() {
        crate::terminal::errln!("  {name:<8} {:>8.2} ms", took.as_secs_f64() * 1000.0);
    }
}

/// Everything a build needs before rendering: the model, the theme and each language's words.
pub struct Loaded {
    /// The strategy, validated and joined by id.
    pub strategy: Strategy,
    /// The theme's templates and static files (the repository's own overrides included).
    pub(crate) theme: Arc<Theme>,
    /// Each language's interface words, in the order of `strategy.config.languages`.
    pub(crate) words: Arc<Vec<Words>>,
}

/// What the stages keep between builds: file texts, parsed front matter and rendered pages.
#[derive(Default)]
pub(crate) struct Caches {
    /// Whether the builds leave drafts out or show them.
    pub drafts: Drafts,
    pub files: FileCache,
    pub parsed: model::ParseCache,
    pub pages: RenderCache,
    /// The theme and the interface words, made again only when their files change.
    pub(crate) kept: Kept,
    /// For a one-off build, up to how many free pages of a language to keep whole (see
    /// [`model::KEPT_WHOLE`]); beyond it, pages' texts are let go once their front matter is read
    /// and each body is read again when its page is rendered. `None`: keep every text.
    pub(crate) lean: Option<usize>,
}

impl Caches {
    /// Caches for a session of builds (watch mode), which keep everything for the next build.
    pub(crate) fn keeping(drafts: Drafts) -> Caches {
        Caches {
            drafts,
            parsed: model::ParseCache::keeping(),
            pages: RenderCache::keeping(),
            ..Default::default()
        }
    }

    /// Caches for one build, which remember no page: nothing will reuse them.
    pub(crate) fn one_off(drafts: Drafts) -> Caches {
        Caches {
            drafts,
            ..Default::default()
        }
    }

    /// Caches for one build that renders every page once (`build`, `check`): free pages' bodies
    /// are kept on disk until their page is rendered.
    pub(crate) fn lean(drafts: Drafts) -> Caches {
        Caches {
            lean: Some(model::KEPT_WHOLE),
            ..Caches::one_off(drafts)
        }
    }
}

/// Reads and validates the repository: files, model, theme and interface words, reading only the
/// files that changed since they were put in the caches.
pub(crate) fn load(repo: &Path, caches: &mut Caches) -> Result<(Loaded, Problems), Problems> {
    let (files, problems) = read(repo, caches);
    load_files(&files, problems, caches)
}

/// Reads the repository's files, only those that changed since they were put in the caches.
pub(crate) fn read(repo: &Path, caches: &mut Caches) -> (RepositoryFiles, Problems) {
    let mut problems = Problems::default();
    let t = Instant::now();
    let files = if let Some(kept_whole) = caches.lean {
        let mut lean = model::LeanPages::new(repo, kept_whole);
        let files = RepositoryFiles::read_digesting(repo, &mut problems, &mut lean);
        caches.parsed = lean.into_parsed();
        files
    } else {
        RepositoryFiles::read_cached(repo, &mut problems, &mut caches.files)
    };
    stage("read", t);
    (files, problems)
}

/// Validates the files read: model, theme and interface words.
pub(crate) fn load_files(
    files: &RepositoryFiles,
    mut problems: Problems,
    caches: &mut Caches,
) -> Result<(Loaded, Problems), Problems> {
    let t = Instant::now();
    let strategy = model::load_cached(files, &mut problems, &mut caches.parsed, caches.drafts);
    stage("model", t);
    let t = Instant::now();
    let theme = caches.kept.theme(files, &mut problems);
    stage("theme", t);
    let Some(theme) = theme else {
        return Err(problems);
    };
    let Some(strategy) = strategy else {
        let word_files = WordFiles {
            theme: &theme.words,
            repository: &files.i18n,
        };
        // The interface words are checked all the same, so that their mistakes show in this run.
        if let Some(config) = files
            .config
            .as_ref()
            .and_then(|f| crate::config::load(f).ok())
        {
            i18n::words_for(&config, &word_files, &mut problems);
        }
        return Err(problems);
    };
    let t = Instant::now();
    let words = caches
        .kept
        .words(&strategy.config, &theme, files, &mut problems);
    stage("words", t);
    if problems.has_errors() {
        return Err(problems);
    }
    let loaded = Loaded {
        strategy,
        theme,
        words,
    };
    Ok((loaded, problems))
}

/// Renders what was loaded, reusing the pages of `pages` whose inputs did not change (or, outside
/// `scope`, whose shared inputs did not change), handing each page to `sink` when there is one.
/// The render's problems join the load's, so a run reports them all.
pub(crate) fn render(
    loaded: &Loaded,
    mut problems: Problems,
    pages: &mut RenderCache,
    sink: Option<&render::Sink>,
    scope: Scope,
) -> Result<(Site, Problems), Problems> {
    let Loaded {
        strategy,
        theme,
        words,
    } = loaded;
    match render::render(strategy, theme, words, pages, sink, scope) {
        Ok(mut site) => {
            for (name, took) in &site.phases {
                report_stage(name, *took);
            }
            problems.extend(std::mem::take(&mut site.warnings));
            Ok((site, problems))
        }
        Err(render_problems) => {
            problems.extend(render_problems.into_sorted());
            Err(problems)
        }
    }
}
