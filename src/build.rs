//! One build: read → model → render → write, with every problem of the run collected. It runs
//! the engine's stages (`engine::stages`) with caches it drops afterwards.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::BaseUrl;
use crate::diagnostics::{Problem, Problems};
use crate::engine::stages::{self, Caches};
use crate::model::{Draft, Drafts, Strategy};
use crate::output;
use crate::render::{self, Scope, Site};

/// What a build or a check did: the figures `lipsite build` prints, and every warning.
pub struct BuildReport {
    /// The languages the site was built in.
    pub languages: usize,
    /// The HTML pages written (or, for `check`, rendered and let go).
    pub pages: usize,
    /// The charts drawn, in every language.
    pub charts: usize,
    /// How long the whole build took.
    pub elapsed: Duration,
    /// Where the site was written; `None` for `check`.
    pub out: Option<PathBuf>,
    /// Problems that did not stop the build (untranslated texts, unused files ...), sorted.
    pub warnings: Vec<Problem>,
    /// What is marked `draft: true`, and whether this build left it out or showed it.
    pub drafts: Vec<Draft>,
    /// Whether this build left drafts out (to publish) or showed them with a mark.
    pub draft_mode: Drafts,
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

pub use crate::engine::stages::Loaded;

/// Loads and validates the repository: files, model, theme and interface words.
pub fn load(repo: &Path) -> Result<(Loaded, Problems), Problems> {
    stages::load(repo, &mut Caches::one_off(Drafts::default()))
}

/// Loads, validates and renders the repository without writing anything.
pub fn compile(repo: &Path) -> Result<(Strategy, Site, Problems), Problems> {
    let mut caches = Caches::one_off(Drafts::default());
    let (loaded, problems) = stages::load(repo, &mut caches)?;
    let (site, problems) = stages::render(
        &loaded,
        problems,
        &mut caches.pages,
        None,
        Scope::Everything,
    )?;
    Ok((loaded.strategy, site, problems))
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
    stages::stage("finish", t);
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
    stream_with(repo, options, sink, Caches::lean(options.drafts))
}

/// `stream`, with the caches to read the repository with.
fn stream_with(
    repo: &Path,
    options: Options,
    sink: &render::Sink,
    mut caches: Caches,
) -> Result<(Site, Problems, Strategy), Vec<Problem>> {
    let (mut loaded, problems) = stages::load(repo, &mut caches).map_err(Problems::into_sorted)?;
    // Nothing is parsed again in a one-off build: the front matter it learned goes before the
    // pages are rendered.
    caches.parsed = Default::default();
    if let Some(base_url) = options.base_url {
        base_url.apply(&mut loaded.strategy.config);
    }
    let (site, problems) = stages::render(
        &loaded,
        problems,
        &mut caches.pages,
        Some(sink),
        Scope::Everything,
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::sync::Mutex;

    /// Every page a build of `repo` renders, with its bytes, keeping a language's pages whole
    /// up to `lean` pages (`None`: always); or the problems, as `check` prints them.
    fn pages(repo: &Path, lean: Option<usize>) -> Result<BTreeMap<String, Vec<u8>>, Vec<String>> {
        let seen = Mutex::new(BTreeMap::new());
        let sink = |path: &str, bytes: &[u8]| {
            seen.lock()
                .unwrap()
                .insert(path.to_string(), bytes.to_vec());
            Ok(())
        };
        let caches = Caches {
            lean,
            ..Caches::one_off(Drafts::LeaveOut)
        };
        stream_with(repo, Options::default(), &sink, caches)
            .map_err(|problems| problems.iter().map(|p| p.render(false)).collect::<Vec<_>>())?;
        Ok(seen.into_inner().unwrap())
    }

    fn repo(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    #[test]
    fn pages_whose_bodies_are_read_again_from_disk_render_the_same_bytes() {
        for fixture in [
            "content-example",
            "tests/fixtures/trilingual",
            "tests/fixtures/hard-cases",
        ] {
            let whole = pages(&repo(fixture), None).unwrap();
            let lean = pages(&repo(fixture), Some(0)).unwrap();
            assert!(whole.len() > 10, "{fixture}: {} pages", whole.len());
            assert_eq!(
                whole.keys().collect::<Vec<_>>(),
                lean.keys().collect::<Vec<_>>()
            );
            let differ: Vec<_> = whole.keys().filter(|k| whole[*k] != lean[*k]).collect();
            assert!(differ.is_empty(), "{fixture}: {differ:?}");
        }
    }

    #[test]
    fn a_problem_in_a_body_read_again_from_disk_quotes_its_line() {
        let tmp = tempfile::tempdir().unwrap();
        let repo = tmp.path().join("s");
        crate::scaffold::create(&repo).unwrap();
        let page = repo.join("content/en/pages/about.md");
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\nSee [our plan](@page/nowhere).\n")).unwrap();
        let whole = pages(&repo, None).unwrap_err();
        let lean = pages(&repo, Some(0)).unwrap_err();
        assert_eq!(lean, whole);
        assert!(
            lean.iter()
                .any(|p| p.contains("See [our plan](@page/nowhere).")),
            "{lean:#?}"
        );
    }
}
