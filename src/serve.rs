//! `lipsite serve`: watch mode plus a local web server whose pages reload themselves after each
//! rebuild and show build errors over the page until the next good save.
//!
//! Only the output folder is served. The reload script is added to HTML responses as they are
//! served, never written into the site, so the files on disk stay those of a clean build.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_status::SetStatus;

use crate::diagnostics::Problem;
use crate::output::{Gate, IN_PLACE_LIMIT};
use crate::watch::{self, Outcome};

/// Where the browser listens for rebuilds.
pub(crate) const EVENTS_PATH: &str = "/__lipsite/events";

/// Reloads the page after a rebuild; shows a build error over the page until it is fixed.
///
/// The error is shown as the terminal shows it, so its marker (`────┬────`) must stay under the
/// characters it points at, on a phone too: lines never wrap (the box scrolls sideways), the
/// box is left-to-right even on an Arabic page, and a character that a terminal draws two
/// columns wide (Chinese, Japanese, Korean, emoji), as miette counts it, gets two columns here.
const RELOAD_SCRIPT: &str = r#"<script>(()=>{const es=new EventSource("/__lipsite/events");let box=null,pre=null;
const WIDE=/([\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}])/u;
es.addEventListener("reload",()=>location.reload());
es.addEventListener("problem",e=>{if(!box){box=document.createElement("div");box.id="lipsite-problem";box.setAttribute("role","alert");box.dir="ltr";
box.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;background:#fff;color:#1d2327;border-top:4px solid #8a1c1c;z-index:2147483647;direction:ltr;text-align:left";
pre=document.createElement("pre");pre.style.cssText="box-sizing:border-box;margin:0;padding:1rem;min-width:100%;width:max-content;white-space:pre;tab-size:4;font:14px/1.45 ui-monospace,Menlo,Consolas,'DejaVu Sans Mono','Liberation Mono',monospace";
box.appendChild(pre);document.body.appendChild(box)}
pre.replaceChildren(...e.data.split(WIDE).map((t,i)=>{if(i%2===0)return t;const w=document.createElement("span");w.style.cssText="display:inline-block;width:2ch;text-align:center";w.textContent=t;return w}))});})();</script>"#;

pub(crate) struct ServeOptions {
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub poll: bool,
}

/// What the browser is told after each build.
#[derive(Clone, Debug)]
enum Notice {
    Reload,
    Problem(String),
}

#[derive(Clone)]
struct Shared {
    notices: broadcast::Sender<Notice>,
    /// The current build error, for pages opened while it lasts.
    problem: Arc<Mutex<Option<String>>>,
    /// Becomes true on Ctrl-C: the event streams end, so open pages do not keep the server up.
    stopping: tokio::sync::watch::Receiver<bool>,
    base_path: BasePath,
    /// Closed while a rebuild writes files of the output: a file is read only when it is open.
    gate: Gate,
}

/// The path the site is served under (`/` or `/strategy/`), as the last successful build read it
/// from lipsite.yaml: the preview follows an edit of `base_url`.
#[derive(Clone)]
struct BasePath(Arc<RwLock<String>>);

impl BasePath {
    fn get(&self) -> String {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn set(&self, path: &str) {
        path.clone_into(&mut self.0.write().unwrap_or_else(|e| e.into_inner()));
    }
}

/// How long open connections may take to finish after Ctrl-C before the server stops anyway.
const GRACE: std::time::Duration = std::time::Duration::from_secs(3);

pub(crate) fn serve(
    repo: &Path,
    out: &Path,
    options: ServeOptions,
    print: impl FnMut(&Outcome) + Send + 'static,
) -> Result<(), Problem> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Problem::about_path(repo, format!("cannot start the server: {e}")))?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(address))
        .map_err(|e| {
            Problem::about_path(repo, format!("cannot listen on {address}: {e}")).hint(
                "another program may use this port; choose another with --port, like --port 8001",
            )
        })?;
    let (stop_serving, stopping) = tokio::sync::watch::channel(false);
    let shared = Shared {
        notices: broadcast::channel(16).0,
        problem: Arc::new(Mutex::new(None)),
        stopping,
        base_path: BasePath(Arc::new(RwLock::new("/".to_string()))),
        gate: Gate::default(),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let (first_built, first) = std::sync::mpsc::channel();
    let watcher = start_watching(repo, out, options.poll, &shared, &stop, first_built, print);
    // The address is printed once the first build knows the base path (from lipsite.yaml).
    if first.recv().is_err() {
        // The watcher stopped before its first build: its error says why.
        return watcher.join().unwrap_or(Ok(()));
    }
    let base_path = shared.base_path.get();
    let url = format!(
        "http://{}{base_path}",
        display_address(address, listener.local_addr().ok()),
    );
    crate::terminal::outln!("Serving {} at {url} (Ctrl-C to stop)", out.display());
    if !options.bind.is_loopback() {
        crate::terminal::errln!("warning: the server is reachable from other computers on {}; it serves only the site folder, but it is meant for previewing, not for publishing", options.bind);
    }
    if options.open {
        open_browser(&url);
    }
    let app = router(out, shared);
    let served = runtime.block_on(serve_until_ctrl_c(listener, app, stop_serving));
    stop.store(true, Ordering::Relaxed);
    let watched = watcher.join().unwrap_or(Ok(()));
    served.map_err(|e| Problem::about_path(repo, format!("the server stopped: {e}")))?;
    watched
}

/// Watches and rebuilds on a thread of its own; each outcome goes to the terminal and to the
/// browsers, and the first one is also signalled on `first_built`.
fn start_watching(
    repo: &Path,
    out: &Path,
    poll: bool,
    shared: &Shared,
    stop: &Arc<AtomicBool>,
    first_built: std::sync::mpsc::Sender<()>,
    mut print: impl FnMut(&Outcome) + Send + 'static,
) -> std::thread::JoinHandle<Result<(), Problem>> {
    let (repo, out, shared, stop) = (
        repo.to_path_buf(),
        out.to_path_buf(),
        shared.clone(),
        stop.clone(),
    );
    std::thread::spawn(move || {
        watch::run(
            &repo,
            &out,
            // The preview shows drafts, marked, so that authors see them before they publish.
            watch::Watching {
                poll,
                drafts: crate::model::Drafts::Show,
                gate: shared.gate.clone(),
            },
            |outcome| {
                print(outcome);
                let _ = shared.notices.send(shared.learn(outcome));
                let _ = first_built.send(());
            },
            || stop.load(Ordering::Relaxed),
        )
    })
}

impl Shared {
    /// What the browsers are told after `outcome`; the server follows a new base path.
    fn learn(&self, outcome: &Outcome) -> Notice {
        let text = match outcome {
            Outcome::Built(rebuild) => {
                self.base_path.set(&rebuild.base_path);
                None
            }
            Outcome::Failed(problems) => Some(
                problems
                    .iter()
                    .filter(|p| p.is_error())
                    .map(|p| p.render(false))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        };
        *self.problem.lock().unwrap_or_else(|e| e.into_inner()) = text.clone();
        text.map_or(Notice::Reload, Notice::Problem)
    }
}

/// Ends when the server starts stopping.
async fn stopped(mut stopping: tokio::sync::watch::Receiver<bool>) {
    let _ = stopping.wait_for(|s| *s).await;
}

/// Serves until Ctrl-C, then tells the event streams to end (so that open pages let the server
/// stop) and waits for the open connections, no longer than `GRACE` or a second Ctrl-C (a slow
/// download, say): Ctrl-C always stops the server.
async fn serve_until_ctrl_c(
    listener: tokio::net::TcpListener,
    app: Router,
    stop_serving: tokio::sync::watch::Sender<bool>,
) -> std::io::Result<()> {
    let stopping = stop_serving.subscribe();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            // No way to hear Ctrl-C: the default handling of the signal stops the process.
            std::future::pending::<()>().await;
        }
        stop_serving.send_replace(true);
    });
    let give_up = async {
        stopped(stopping).await;
        tokio::select! {
            () = tokio::time::sleep(GRACE) => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    };
    tokio::select! {
        served = server => served,
        () = give_up => Ok(()),
    }
}

fn display_address(asked: SocketAddr, bound: Option<SocketAddr>) -> String {
    let a = bound.unwrap_or(asked);
    match a.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", a.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", a.port()),
    }
}

fn router(out: &Path, shared: Shared) -> Router {
    let site = SiteFiles {
        out: out.to_path_buf(),
        base_path: shared.base_path.clone(),
        gate: shared.gate.clone(),
    };
    Router::new()
        .route(EVENTS_PATH, get(events))
        .with_state(shared)
        .fallback(move |request: Request| answer(site, request))
}

/// The output folder as a browser sees it: at the site's base path, with the theme's 404 page.
#[derive(Clone)]
struct SiteFiles {
    out: PathBuf,
    base_path: BasePath,
    gate: Gate,
}

/// Where an address of the server leads, for a site published under a base path.
#[derive(Debug, PartialEq, Eq)]
enum Address {
    /// A file of the output folder, by its address under the base path (`/en/`).
    Site(String),
    /// The site's home page, at its published address (the base path, with its final slash).
    Home,
    /// Outside the site, where the published site has nothing either.
    Outside,
}

/// Slashes in a row count as one, as in a file path, so that `//en` is `/en` (a redirect to
/// `//en/` would leave for a host called `en`). A backslash, which browsers read as a slash, is
/// in no address of the site.
fn address(path: &str, base_path: &str) -> Address {
    let mut single = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && single.ends_with('/')) {
            single.push(c);
        }
    }
    let root = base_path.trim_end_matches('/');
    if single.contains('\\') {
        Address::Outside
    } else if root.is_empty() {
        Address::Site(single)
    } else if single == "/" || single == root {
        Address::Home
    } else {
        match single.strip_prefix(root) {
            Some(rest) if rest.starts_with('/') => Address::Site(rest.to_string()),
            _ => Address::Outside,
        }
    }
}

/// Answers every address but the event stream.
async fn answer(site: SiteFiles, request: Request) -> Response {
    in_utf8(answer_file(site, request).await)
}

/// Says that a text file is UTF-8, as lipsite writes every file. Without it a browser or a
/// spreadsheet opening a CSV guesses the old code page of the computer and garbles accents.
fn in_utf8(mut response: Response) -> Response {
    let content_type = response.headers().get(header::CONTENT_TYPE);
    let bare_text = content_type
        .and_then(|v| v.to_str().ok())
        .filter(|t| !t.contains("charset"))
        .filter(|t| t.starts_with("text/") || t.ends_with("+xml") || t.ends_with("/javascript"))
        .map(|t| format!("{t}; charset=utf-8"));
    if let Some(value) = bare_text.and_then(|t| header::HeaderValue::from_str(&t).ok()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// A file of the site, read whole while no rebuild writes (see `output::Gate`), and so never half
/// old and half new; a larger file, which rebuilds never overwrite in place, is streamed.
async fn answer_file(site: SiteFiles, request: Request) -> Response {
    let reading = site.gate.reading().await;
    let response = file_or_redirect(&site, request).await;
    let whole = read_whole(response).await;
    drop(reading);
    whole
}

/// Reads the body of `response` into memory when it is no larger than what a rebuild overwrites
/// in place.
async fn read_whole(response: Response) -> Response {
    let small = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .is_some_and(|len| len <= IN_PLACE_LIMIT);
    if !small {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, IN_PLACE_LIMIT as usize).await {
        Ok(bytes) => Response::from_parts(parts, Body::from(bytes)),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the file").into_response(),
    }
}

async fn file_or_redirect(site: &SiteFiles, request: Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let query = parts
        .uri
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let base_path = site.base_path.get();
    match address(parts.uri.path(), &base_path) {
        Address::Home => Redirect::temporary(&format!("{base_path}{query}")).into_response(),
        Address::Outside => {
            let mut response = site.not_found(parts).await;
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        }
        Address::Site(path) => match format!("{path}{query}").parse() {
            Ok(uri) => {
                parts.uri = uri;
                site.file(parts, &base_path).await
            }
            Err(_) => StatusCode::BAD_REQUEST.into_response(),
        },
    }
}

impl SiteFiles {
    /// The output folder's files, at `base_path`; its 404 page for a file that is not there.
    fn files(&self, base_path: &str) -> ServeDir<SetStatus<ServeFile>> {
        ServeDir::new(&self.out)
            .append_index_html_on_directories(true)
            .redirect_path_prefix(base_path.trim_end_matches('/'))
            .not_found_service(self.page_404())
    }

    fn page_404(&self) -> ServeFile {
        ServeFile::new(self.out.join("404.html"))
    }

    /// A file of the site; a page with the reload script. The served page is not the file on
    /// disk, so a range of the file is no range of it: a page is always answered whole.
    async fn file(&self, parts: Parts, base_path: &str) -> Response {
        let mut whole = parts.clone();
        let range = whole.headers.remove(header::RANGE);
        let response = self.fetch_file(&whole, base_path).await;
        if whole.method == Method::GET && is_html(&response) {
            return with_reload_script(response).await;
        }
        match range {
            Some(_) => self.fetch_file(&parts, base_path).await,
            None => response,
        }
    }

    async fn fetch_file(&self, parts: &Parts, base_path: &str) -> Response {
        let request = Request::from_parts(parts.clone(), Body::empty());
        match self.files(base_path).try_call(request).await {
            Ok(response) => response.map(Body::new),
            Err(e) => io_error(&e),
        }
    }

    async fn not_found(&self, mut parts: Parts) -> Response {
        parts.headers.remove(header::RANGE);
        let is_get = parts.method == Method::GET;
        let request = Request::from_parts(parts, Body::empty());
        match self.page_404().try_call(request).await {
            Ok(response) if is_get && is_html(&response) => {
                with_reload_script(response.map(Body::new)).await
            }
            Ok(response) => response.map(Body::new),
            Err(e) => io_error(&e),
        }
    }
}

fn io_error(e: &std::io::Error) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("cannot read the file: {e}"),
    )
        .into_response()
}

fn is_html<B>(response: &axum::http::Response<B>) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"))
}

/// Adds the reload script to a page. The page served is then not the file on disk: what
/// describes that file (its length, date, tag, ranges) is left out, and browsers do not keep it.
async fn with_reload_script(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page").into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let with_script = match html.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..]),
        None => format!("{html}{RELOAD_SCRIPT}"),
    };
    for stale in [
        header::CONTENT_LENGTH,
        header::ACCEPT_RANGES,
        header::ETAG,
        header::LAST_MODIFIED,
    ] {
        parts.headers.remove(stale);
    }
    parts.headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Response::from_parts(parts, Body::from(with_script))
}

/// The event stream: the current problem first (if any), then one event per build.
async fn events(
    State(shared): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, std::convert::Infallible>>> {
    let current = shared
        .problem
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let first = stream::iter(current.map(|p| Ok(Event::default().event("problem").data(p))));
    let later = stream::unfold(shared.notices.subscribe(), |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(Notice::Reload) => {
                    return Some((Ok(Event::default().event("reload").data("")), rx))
                }
                Ok(Notice::Problem(p)) => {
                    return Some((Ok(Event::default().event("problem").data(p)), rx))
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let until_stopped = stopped(shared.stopping.clone());
    Sse::new(first.chain(later).take_until(until_stopped)).keep_alive(KeepAlive::default())
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    if std::process::Command::new(command.0)
        .args(&command.1)
        .spawn()
        .is_err()
    {
        crate::terminal::errln!("could not open a browser; open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_under_a_base_path() {
        let site = |p: &str| Address::Site(p.to_string());
        let at_root = |p| address(p, "/");
        assert_eq!(at_root("/"), site("/"));
        assert_eq!(at_root("/en/about"), site("/en/about"));
        assert_eq!(at_root("//en"), site("/en"), "never a host");
        assert_eq!(at_root("///en//about/"), site("/en/about/"));
        assert_eq!(at_root("/\\en"), Address::Outside);

        let under = |p| address(p, "/strategy/");
        assert_eq!(under("/"), Address::Home);
        assert_eq!(under("/strategy"), Address::Home);
        assert_eq!(under("//strategy"), Address::Home);
        assert_eq!(under("/strategy/"), site("/"));
        assert_eq!(under("/strategy/en"), site("/en"));
        assert_eq!(under("//strategy//en/"), site("/en/"));
        assert_eq!(under("/en/"), Address::Outside);
        assert_eq!(under("/strategyx/en/"), Address::Outside);
        assert_eq!(under("//evil.example/"), Address::Outside);
    }
}
