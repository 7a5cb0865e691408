//! `lipsite serve`: watch mode plus a local web server whose pages reload themselves after each
//! rebuild and show build errors over the page until the next good save.
//!
//! Only the output folder is served. The reload script is added to HTML responses as they are
//! served, never written into the site, so the files on disk stay those of a clean build.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;
use tower_http::services::{ServeDir, ServeFile};

use crate::diagnostics::Problem;
use crate::watch::{self, Outcome};

/// Where the browser listens for rebuilds.
pub const EVENTS_PATH: &str = "/__lipsite/events";

/// Reloads the page after a rebuild; shows a build error over the page until it is fixed.
const RELOAD_SCRIPT: &str = r#"<script>(()=>{const es=new EventSource("/__lipsite/events");let box=null;
es.addEventListener("reload",()=>location.reload());
es.addEventListener("problem",e=>{if(!box){box=document.createElement("div");box.id="lipsite-problem";box.setAttribute("role","alert");
box.style.cssText="position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1rem;background:#fff;color:#1d2327;border-top:4px solid #8a1c1c;z-index:2147483647;font:14px/1.45 ui-monospace,monospace;white-space:pre-wrap";
document.body.appendChild(box)}box.textContent=e.data});})();</script>"#;

pub struct ServeOptions {
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
}

/// How long open connections may take to finish after Ctrl-C before the server stops anyway.
const GRACE: std::time::Duration = std::time::Duration::from_secs(3);

pub fn serve(
    repo: &Path,
    out: &Path,
    options: ServeOptions,
    mut print: impl FnMut(&Outcome) + Send + 'static,
) -> Result<(), Problem> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Problem::about_path(repo, format!("cannot start the server: {e}")))?;
    let base_path = base_path_of(repo);
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
        stopping: stopping.clone(),
    };
    let stop = Arc::new(AtomicBool::new(false));

    // The watcher runs on its own thread; each outcome goes to the terminal and to the browsers.
    let watcher = {
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
                options.poll,
                |outcome| {
                    print(outcome);
                    let notice = match outcome {
                        Outcome::Built(_) => {
                            *shared.problem.lock().unwrap_or_else(|e| e.into_inner()) = None;
                            Notice::Reload
                        }
                        Outcome::Failed(problems) => {
                            let text: String = problems
                                .iter()
                                .filter(|p| p.is_error())
                                .map(|p| p.render(false))
                                .collect::<Vec<_>>()
                                .join("\n");
                            *shared.problem.lock().unwrap_or_else(|e| e.into_inner()) =
                                Some(text.clone());
                            Notice::Problem(text)
                        }
                    };
                    let _ = shared.notices.send(notice);
                },
                || stop.load(Ordering::Relaxed),
            )
        })
    };

    let url = format!(
        "http://{}{}",
        display_address(address, listener.local_addr().ok()),
        base_path
    );
    println!("Serving {} at {url} (Ctrl-C to stop)", out.display());
    if !options.bind.is_loopback() {
        eprintln!("warning: the server is reachable from other computers on {}; it serves only the site folder, but it is meant for previewing, not for publishing", options.bind);
    }
    if options.open {
        open_browser(&url);
    }
    let app = router(out, &base_path, shared);
    let served = runtime.block_on(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = tokio::signal::ctrl_c().await;
            stop_serving.send_replace(true);
        });
        tokio::select! {
            served = server => served,
            () = give_up(stopping) => Ok(()),
        }
    });
    stop.store(true, Ordering::Relaxed);
    let watched = watcher.join().unwrap_or(Ok(()));
    served.map_err(|e| Problem::about_path(repo, format!("the server stopped: {e}")))?;
    watched
}

/// Once stopping, waits for the open connections no longer than `GRACE` or a second Ctrl-C (a
/// slow download, say), so Ctrl-C always stops the server.
async fn give_up(mut stopping: tokio::sync::watch::Receiver<bool>) {
    if stopping.wait_for(|s| *s).await.is_err() {
        return std::future::pending().await;
    }
    tokio::select! {
        () = tokio::time::sleep(GRACE) => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}

/// Ends when the server starts stopping.
async fn stopped(mut stopping: tokio::sync::watch::Receiver<bool>) {
    let _ = stopping.wait_for(|s| *s).await;
}

/// The site's base path (`/` or `/strategy/`), so the preview has the published addresses.
fn base_path_of(repo: &Path) -> String {
    crate::content::read_text(
        repo,
        &repo.join(crate::config::FILE_NAME),
        &mut Default::default(),
    )
    .and_then(|f| crate::config::load(&f).ok())
    .map_or_else(|| "/".to_string(), |c| c.base_path)
}

fn display_address(asked: SocketAddr, bound: Option<SocketAddr>) -> String {
    let a = bound.unwrap_or(asked);
    match a.ip() {
        IpAddr::V6(ip) => format!("[{ip}]:{}", a.port()),
        IpAddr::V4(ip) => format!("{ip}:{}", a.port()),
    }
}

fn router(out: &Path, base_path: &str, shared: Shared) -> Router {
    let files = ServeDir::new(out)
        .append_index_html_on_directories(true)
        .not_found_service(ServeFile::new(out.join("404.html")));
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .with_state(shared);
    let app = if base_path == "/" {
        app.fallback_service(files)
    } else {
        let prefix = base_path.trim_end_matches('/').to_string();
        let to = base_path.to_string();
        app.nest_service(&prefix, files)
            .route("/", get(move || async move { Redirect::temporary(&to) }))
    };
    app.layer(middleware::from_fn(add_reload_script))
}

/// Adds the reload script to HTML pages (not to HEAD answers, nor to anything else).
async fn add_reload_script(request: Request, next: Next) -> Response {
    let is_get = request.method() == Method::GET;
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !is_get || !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "cannot read the page",
        )
            .into_response();
    };
    let html = String::from_utf8_lossy(&bytes);
    let with_script = match html.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..]),
        None => format!("{html}{RELOAD_SCRIPT}"),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
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
        eprintln!("could not open a browser; open {url} yourself");
    }
}
