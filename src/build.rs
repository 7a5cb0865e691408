//! One build: read → model → render → write, with every problem of the run collected.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::{FileCache, RepositoryFiles};
use crate::diagnostics::{Problem, Problems};
use crate::i18n::{self, WordFiles, Words};
use crate::model::{self, Strategy};
use crate::output;
use crate::render::{self, RenderCache, Site, Theme};

pub struct BuildReport {
    pub languages: usize,
    pub pages: usize,
    pub charts: usize,
    pub elapsed: Duration,
    /// Where the site was written; `None` for `check`.
    pub out: Option<PathBuf>,
    pub warnings: Vec<Problem>,
}

/// With `LIPSITE_TIMINGS=1`, prints how long a stage took: the profile that guides speed work.
pub fn stage(name: &str, since: Instant) {
    if std::env::var_os("LIPSITE_TIMINGS").is_some() {
        eprintln!(
            "  {name:<8} {:>8.2} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// The default output folder of a repository.
pub fn default_out(repo: &Path) -> PathBuf {
    repo.join("public")
}

/// Everything a build needs before rendering: the model, the theme and each language's words.
pub struct Loaded {
    pub strategy: Strategy,
    pub theme: Theme,
    pub words: Vec<Words>,
}

/// Loads and validates the repository: files, model, theme and interface words.
pub fn load(repo: &Path) -> Result<(Loaded, Problems), Problems> {
    load_cached(repo, &mut Caches::default())
}

/// What watch mode keeps between builds: file texts, parsed front matter and rendered pages.
#[derive(Default)]
pub struct Caches {
    pub files: FileCache,
    pub parsed: model::ParseCache,
    pub pages: RenderCache,
}

/// `load`, reading only the files that changed since they were put in `cache`.
pub fn load_cached(repo: &Path, cache: &mut Caches) -> Result<(Loaded, Problems), Problems> {
    let mut problems = Problems::default();
    let t = Instant::now();
    let files = RepositoryFiles::read_cached(repo, &mut problems, &mut cache.files);
    stage("read", t);
    let t = Instant::now();
    let strategy = model::load_cached(&files, &mut problems, &mut cache.parsed);
    stage("model", t);
    let t = Instant::now();
    let theme = Theme::load(&files, &mut problems);
    stage("theme", t);
    let (Some(strategy), Some(theme)) = (strategy, theme) else {
        return Err(problems);
    };
    let word_files = WordFiles {
        theme: &theme.words,
        repository: &files.i18n,
    };
    let words = i18n::words_for(&strategy.config, &word_files, &mut problems);
    if problems.has_errors() {
        return Err(problems);
    }
    Ok((
        Loaded {
            strategy,
            theme,
            words,
        },
        problems,
    ))
}

/// Loads, validates and renders the repository without writing anything.
pub fn compile(repo: &Path) -> Result<(Strategy, Site, Problems), Problems> {
    compile_cached(repo, &mut Caches::default())
}

/// `compile`, re-reading and re-rendering only what changed since the caches were filled.
pub fn compile_cached(
    repo: &Path,
    caches: &mut Caches,
) -> Result<(Strategy, Site, Problems), Problems> {
    let (
        Loaded {
            strategy,
            theme,
            words,
        },
        mut problems,
    ) = load_cached(repo, caches)?;
    match render::render_site_cached(&strategy, &theme, &words, &mut caches.pages) {
        Ok(site) => Ok((strategy, site, problems)),
        Err(render_problems) => {
            problems.extend(render_problems.into_sorted());
            Err(problems)
        }
    }
}

/// `lipsite check`: everything but writing.
pub fn check(repo: &Path) -> Result<BuildReport, Vec<Problem>> {
    let start = Instant::now();
    let (_, site, problems) = compile(repo).map_err(Problems::into_sorted)?;
    Ok(report(&site, problems, start, None))
}

/// `lipsite build`: compiles and writes the site to `out` atomically.
pub fn build(repo: &Path, out: &Path) -> Result<BuildReport, Vec<Problem>> {
    let start = Instant::now();
    output::check_destination(repo, out).map_err(|p| vec![p])?;
    let (_, site, problems) = compile(repo).map_err(Problems::into_sorted)?;
    output::write_site(out, &site).map_err(|p| vec![p])?;
    Ok(report(&site, problems, start, Some(out.to_path_buf())))
}

fn report(site: &Site, problems: Problems, start: Instant, out: Option<PathBuf>) -> BuildReport {
    BuildReport {
        languages: site.languages,
        pages: site.pages,
        charts: site.charts,
        elapsed: start.elapsed(),
        out,
        warnings: problems.into_sorted(),
    }
}
