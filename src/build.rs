//! One build: read → model → render → write, with every problem of the run collected.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::BaseUrl;
use crate::content::{FileCache, RepositoryFiles};
use crate::diagnostics::{Problem, Problems};
use crate::i18n::{self, WordFiles, Words};
use crate::model::{self, Draft, Drafts, Strategy};
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
    /// What is marked `draft: true`, and whether this build left it out or showed it.
    pub drafts: Vec<Draft>,
    pub draft_mode: Drafts,
}

/// With `LIPSITE_TIMINGS=1`, prints how long a stage took: the profile that guides speed work.
pub fn stage(name: &str, since: Instant) {
    if std::env::var_os("LIPSITE_TIMINGS").is_some() {
        crate::terminal::errln!(
            "  {name:<8} {:>8.2} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// What the command line changes in a build.
#[derive(Debug, Default, Clone, Copy)]
pub struct Options<'a> {
    /// Whether drafts are left out (to publish) or shown with a mark (a preview).
    pub drafts: Drafts,
    /// Replaces `base_url` of lipsite.yaml, for a preview on another host or sub-path.
    pub base_url: Option<&'a BaseUrl>,
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

/// What watch mode keeps between builds: file texts, parsed front matter, rendered pages, and
/// what the last successful build loaded.
#[derive(Default)]
pub struct Caches {
    /// Whether the builds of the session leave drafts out or show them.
    pub drafts: Drafts,
    pub files: FileCache,
    pub parsed: model::ParseCache,
    pub pages: RenderCache,
    /// Whether free pages' texts are let go once their front matter is read (a one-off build,
    /// which reads each body again when it renders the page).
    pub lean: bool,
    last: Option<LastBuild>,
}

impl Caches {
    /// Caches for a session of builds (watch mode), which keep everything for the next build.
    pub fn keeping(drafts: Drafts) -> Caches {
        Caches {
            drafts,
            pages: RenderCache::keeping(),
            ..Default::default()
        }
    }
}

/// The last successful build, from which an edit to one page's text is rebuilt.
struct LastBuild {
    loaded: Loaded,
    warnings: Vec<Problem>,
    pages: usize,
}

/// `load`, reading only the files that changed since they were put in `cache`.
pub fn load_cached(repo: &Path, cache: &mut Caches) -> Result<(Loaded, Problems), Problems> {
    let mut problems = Problems::default();
    let t = Instant::now();
    let files = if cache.lean {
        let mut lean = model::LeanPages::new(repo);
        let files = RepositoryFiles::read_digesting(repo, &mut problems, &mut lean);
        cache.parsed = lean.into_parsed();
        files
    } else {
        RepositoryFiles::read_cached(repo, &mut problems, &mut cache.files)
    };
    stage("read", t);
    let t = Instant::now();
    let strategy = model::load_cached(&files, &mut problems, &mut cache.parsed, cache.drafts);
    stage("model", t);
    let t = Instant::now();
    let theme = Theme::load(&files, &mut problems);
    stage("theme", t);
    let Some(theme) = theme else {
        return Err(problems);
    };
    let word_files = WordFiles {
        theme: &theme.words,
        repository: &files.i18n,
    };
    let Some(strategy) = strategy else {
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
    let (loaded, problems) = load(repo)?;
    let (site, problems) = render_loaded(&loaded, problems, |l| {
        render::render_site(&l.strategy, &l.theme, &l.words)
    })?;
    Ok((loaded.strategy, site, problems))
}

/// `compile`, re-reading and re-rendering only what changed since the caches were filled.
pub fn compile_cached(repo: &Path, caches: &mut Caches) -> Result<(Site, Problems), Problems> {
    caches.last = None;
    let (loaded, problems) = load_cached(repo, caches)?;
    let pages = &mut caches.pages;
    let (site, problems) = render_loaded(&loaded, problems, |l| {
        render::render_site_cached(&l.strategy, &l.theme, &l.words, pages)
    })?;
    caches.last = Some(LastBuild {
        loaded,
        warnings: problems.clone().into_sorted(),
        pages: site.pages,
    });
    Ok((site, problems))
}

/// Renders what was loaded; the render's problems join the load's, so a run reports them all.
fn render_loaded(
    loaded: &Loaded,
    mut problems: Problems,
    render: impl FnOnce(&Loaded) -> Result<Site, Problems>,
) -> Result<(Site, Problems), Problems> {
    match render(loaded) {
        Ok(site) => Ok((site, problems)),
        Err(render_problems) => {
            problems.extend(render_problems.into_sorted());
            Err(problems)
        }
    }
}

/// The pages an edit re-rendered, without running the whole build.
pub struct PageEdit {
    /// Output path and bytes of each page rendered again.
    pub files: Vec<(String, render::Bytes)>,
    /// The pages of the whole site, and the warnings of the build this edit started from: an edit
    /// to a page's text alone changes neither.
    pub pages: usize,
    pub warnings: Vec<Problem>,
}

/// Rebuilds after edits to the text of free pages that changed nothing else (see
/// `model::edit_page_text`): only those files are read and only their pages rendered, from the
/// model of the last build. `changed` holds paths relative to the repository. `None` when the edit
/// is anything else, or when there is no successful build to start from: then run the whole build,
/// which gives the same bytes.
pub fn rebuild_page_text(
    repo: &Path,
    caches: &mut Caches,
    changed: &[String],
) -> Option<Result<PageEdit, Problems>> {
    // A file that came and went within the burst (a tool's temporary file) changes nothing.
    let transient = |rel: &String| {
        let path = repo.join(rel);
        rel.starts_with("content/") && !path.exists() && !caches.files.contains_key(&path)
    };
    let changed: Vec<&String> = changed.iter().filter(|rel| !transient(rel)).collect();
    if changed.is_empty() {
        return None;
    }
    // Taken out, and put back only when the edit is applied: a half-applied edit leaves no model.
    let mut last = caches.last.take()?;
    let mut edited = Vec::new();
    for rel in changed {
        let (code, id) = free_page_of(rel)?;
        let lang = last.loaded.strategy.config.language_index(code)?;
        let path = repo.join(rel);
        let before = caches.files.get(&path)?.file().clone();
        let mut problems = Problems::default();
        let after =
            crate::content::read_text_cached(repo, &path, &mut problems, &mut caches.files)?;
        if !problems.is_empty()
            || !model::edit_page_text(&mut last.loaded.strategy, lang, id, &before, &after)
        {
            return None;
        }
        edited.push((lang, render::urls::PageKey::Free(id.to_string())));
    }
    let Loaded {
        strategy,
        theme,
        words,
    } = &last.loaded;
    match render::rerender_page_text(strategy, theme, words, &mut caches.pages, &edited)? {
        Ok(files) => {
            let edit = PageEdit {
                files,
                pages: last.pages,
                warnings: last.warnings.clone(),
            };
            caches.last = Some(last);
            Some(Ok(edit))
        }
        Err(problems) => Some(Err(problems)),
    }
}

/// The language code and page id of a free page's path: `content/<code>/pages/<id>.md`.
fn free_page_of(rel: &str) -> Option<(&str, &str)> {
    match rel.split('/').collect::<Vec<_>>()[..] {
        ["content", code, "pages", file] => Some((code, file.strip_suffix(".md")?)),
        _ => None,
    }
}

/// `lipsite check`: everything but writing (each page is rendered, then let go), with drafts
/// left out as `build` does.
pub fn check(repo: &Path, base_url: Option<&BaseUrl>) -> Result<BuildReport, Vec<Problem>> {
    let start = Instant::now();
    let options = Options {
        drafts: Drafts::LeaveOut,
        base_url,
    };
    let (site, problems, strategy) = stream(repo, options, &|_, _| Ok(()))?;
    Ok(report(&site, &strategy, problems, start, None))
}

/// `lipsite build`: compiles and writes the site to `out` atomically. Pages are written as soon
/// as they are rendered, into a folder beside `out` that replaces it only when the build succeeds.
pub fn build(repo: &Path, out: &Path, options: Options) -> Result<BuildReport, Vec<Problem>> {
    let start = Instant::now();
    output::check_destination(repo, out).map_err(|p| vec![p])?;
    let mut staging = output::Staging::create(out).map_err(|p| vec![p])?;
    let leftovers = staging.take_warnings();
    // On failure, dropping the unfinished staging folder removes it: the output stays as it was.
    let (site, mut problems, strategy) =
        stream(repo, options, &|path, bytes| staging.write(path, bytes))?;
    problems.extend(leftovers);
    let t = Instant::now();
    staging.finish(&site).map_err(|p| vec![p])?;
    stage("finish", t);
    Ok(report(
        &site,
        &strategy,
        problems,
        start,
        Some(out.to_path_buf()),
    ))
}

/// Loads and renders the repository, handing each page to `sink` as soon as it is rendered.
fn stream(
    repo: &Path,
    options: Options,
    sink: &render::Sink,
) -> Result<(Site, Problems, Strategy), Vec<Problem>> {
    let mut caches = Caches {
        drafts: options.drafts,
        lean: true,
        ..Default::default()
    };
    let (mut loaded, problems) = load_cached(repo, &mut caches).map_err(Problems::into_sorted)?;
    if let Some(base_url) = options.base_url {
        base_url.apply(&mut loaded.strategy.config);
    }
    let (site, problems) = render_loaded(&loaded, problems, |l| {
        render::render_site_streaming(&l.strategy, &l.theme, &l.words, sink)
    })
    .map_err(Problems::into_sorted)?;
    Ok((site, problems, loaded.strategy))
}

fn report(
    site: &Site,
    strategy: &Strategy,
    problems: Problems,
    start: Instant,
    out: Option<PathBuf>,
) -> BuildReport {
    BuildReport {
        languages: site.languages,
        pages: site.pages,
        charts: site.charts,
        elapsed: start.elapsed(),
        out,
        warnings: problems.into_sorted(),
        drafts: strategy.drafts.clone(),
        draft_mode: strategy.draft_mode,
    }
}
