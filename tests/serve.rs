//! The preview server: pages with the reload script, the theme's 404, no path traversal, HEAD,
//! and the reload and problem events after edits.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

struct Server {
    child: Child,
    port: u16,
    /// The site's base path, as the server printed it (`/` or `/strategy/`).
    base: String,
}

impl Server {
    fn start(repo: &Path, out: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lipsite"))
            .args([
                "serve",
                repo.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
                "--port",
                "0",
            ])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        // The first build's line comes first: the address needs the base path it read.
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert!(line.starts_with("first build: "), "{line}");
        line.clear();
        stdout.read_line(&mut line).unwrap();
        assert!(
            line.starts_with("Serving ") && line.contains(" at http://127.0.0.1:"),
            "{line}"
        );
        let address = line
            .split("127.0.0.1:")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        let (port, base) = address.split_at(address.find('/').unwrap());
        let (port, base) = (port.parse().unwrap(), base.to_string());
        std::thread::spawn(move || for _ in stdout.lines() {});
        let server = Server { child, port, base };
        let deadline = Instant::now() + Duration::from_secs(20);
        while server.get(&format!("{}en/", server.base)).0 != 200 {
            assert!(Instant::now() < deadline, "the site never appeared");
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// A request as a browser sends it; returns status, headers and body.
    fn request(&self, method: &str, path: &str) -> (u16, String, String) {
        self.request_with(method, path, "")
    }

    /// A request with more header lines (each ending in `\r\n`).
    fn request_with(&self, method: &str, path: &str, headers: &str) -> (u16, String, String) {
        let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return (0, String::new(), String::new());
        };
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, head.to_lowercase(), body.to_string())
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        self.request("GET", path)
    }

    /// Opens the event stream as an open page does; returns it once the answer has started, and
    /// what was read of it.
    fn listen(&self) -> (TcpStream, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(s, "GET /__lipsite/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut seen = String::new();
        let mut buf = [0u8; 4096];
        let start = Instant::now();
        while !seen.contains("text/event-stream") && start.elapsed() < Duration::from_secs(5) {
            if let Ok(n) = s.read(&mut buf) {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        (s, seen)
    }

    /// Opens the event stream, runs `edit`, and returns the stream's text until `until` appears.
    fn events_after(&self, edit: impl FnOnce(), until: &str) -> String {
        // Let the stream start before editing.
        let (mut s, mut seen) = self.listen();
        let mut buf = [0u8; 4096];
        edit();
        let deadline = Instant::now() + Duration::from_secs(20);
        while !seen.contains(until) {
            assert!(Instant::now() < deadline, "no {until:?} event; got {seen}");
            if let Ok(n) = s.read(&mut buf) {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        seen
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_server_serves_the_site_and_only_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);

    let (status, head, body) = server.get("/fr/contexte/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(
        body.contains("new EventSource(\"/__lipsite/events\")"),
        "the reload script is served"
    );
    assert!(
        !fs::read_to_string(out.join("fr/contexte/index.html"))
            .unwrap()
            .contains("__lipsite"),
        "but never written"
    );

    let (status, head, _) = server.get("/theme.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"), "{head}");

    let (status, head, body) = server.request("HEAD", "/en/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html") && body.is_empty());

    let (status, _, body) = server.get("/en/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Page not found") && body.contains("Page introuvable"),
        "the theme's 404 page"
    );

    fs::write(tmp.path().join("secret.txt"), "do not serve").unwrap();
    for attempt in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/en/..%2f..%2fsecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..\\secret.txt",
    ] {
        let (status, _, body) = server.get(attempt);
        assert!(status == 404 || status == 400, "{attempt}: {status}");
        assert!(!body.contains("do not serve"), "{attempt}");
    }
    let (_, _, body) = server.get("/../strategy/lipsite.yaml");
    assert!(!body.contains("base_url"), "the repository is not served");
}

#[test]
fn browsers_hear_of_rebuilds_only_once_the_files_are_written_and_of_problems() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);

    let about = repo.join("content/en/pages/about.md");
    let seen = server.events_after(
        || {
            fs::write(
                &about,
                fs::read_to_string(&about).unwrap() + "\nFreshly added words.\n",
            )
            .unwrap()
        },
        "event: reload",
    );
    assert!(seen.contains("event: reload"));
    assert!(
        fs::read_to_string(out.join("en/about/index.html"))
            .unwrap()
            .contains("Freshly added words."),
        "the page was on disk before the reload event"
    );

    let plan = repo.join("data/plan.yaml");
    let good = fs::read_to_string(&plan).unwrap();
    let seen = server.events_after(
        || fs::write(&plan, good.replacen("start: 2025", "start: [2025", 1)).unwrap(),
        "data/plan.yaml",
    );
    assert!(seen.contains("event: problem"), "{seen}");
    // A page opened now hears of the problem at once, and the last good page is still served.
    let seen = server.events_after(|| (), "event: problem");
    assert!(seen.contains("data/plan.yaml"));
    assert_eq!(server.get("/en/about/").0, 200);

    let seen = server.events_after(|| fs::write(&plan, &good).unwrap(), "event: reload");
    assert!(seen.contains("event: reload"));
}

#[test]
fn csv_files_and_pages_are_served_as_utf_8_so_a_spreadsheet_keeps_the_accents() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);

    let (status, head, body) = server.get("/fr/recherche/research-methods.csv");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.contains("content-type: text/csv; charset=utf-8\r\n"),
        "{head}"
    );
    assert!(
        body.starts_with('\u{feff}') && body.contains("Méthode"),
        "{body}"
    );
    for (path, kind) in [("/fr/", "text/html"), ("/theme.css", "text/css")] {
        let (_, head, _) = server.get(path);
        assert!(
            head.contains(&format!("content-type: {kind}; charset=utf-8\r\n")),
            "{path}: {head}"
        );
    }
}

/// The build error is drawn over the page as the terminal shows it: the marker under the
/// characters it points at needs lines that never wrap, in a left-to-right box even on an
/// Arabic page, with wide characters two columns wide as miette counts them.
#[test]
fn the_error_overlay_keeps_the_marker_under_its_characters_on_a_narrow_screen() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);
    let (_, _, body) = server.get("/fr/");
    let script = &body[body.find("__lipsite/events").unwrap()..];
    let pre_style = script
        .split("pre.style.cssText=\"")
        .nth(1)
        .expect("the problem goes into a pre")
        .split('"')
        .next()
        .unwrap();
    for rule in ["white-space:pre;", "width:max-content", "monospace"] {
        assert!(pre_style.contains(rule), "{rule} missing in {pre_style}");
    }
    assert!(!script.contains("pre-wrap"), "lines must not wrap");
    assert!(script.contains("overflow:auto") && script.contains("direction:ltr"));
    assert!(
        script.contains("width:2ch"),
        "wide characters take two columns"
    );
}

/// Ctrl-C is SIGINT from the terminal; an open page keeps its event stream open all along.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_at_once_even_while_a_page_listens_for_reloads() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let mut server = Server::start(&repo, &out);
    let (mut stream, seen) = server.listen();
    assert!(seen.contains("text/event-stream"), "{seen}");

    let sent = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server still runs 5 s after Ctrl-C"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0), "stopping the preview is no failure");
    // The page's stream was ended properly (its last chunk sent), not cut off after a delay.
    stream
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(
        String::from_utf8_lossy(&rest).ends_with("0\r\n\r\n"),
        "the event stream was ended: {:?}",
        String::from_utf8_lossy(&rest)
    );
}
/// Every redirect the server answers goes to a page of this server that exists.
fn assert_redirects_stay_here(server: &Server, path: &str, to: &str) {
    let (status, head, _) = server.get(path);
    assert!((300..400).contains(&status), "{path}: {status}\n{head}");
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap_or_else(|| panic!("{path}: no location\n{head}"));
    assert_eq!(location, to, "{path}");
    assert_eq!(server.get(location).0, 200, "{path} → {location}");
}

/// Whatever the server answers `path`, it is no redirect to another host, and nothing missing.
fn assert_no_redirect_elsewhere(server: &Server, path: &str) {
    let (status, head, _) = server.get(path);
    if !(300..400).contains(&status) {
        return;
    }
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("location: "))
        .unwrap_or_default();
    assert!(
        location.starts_with('/') && !location.starts_with("//") && !location.starts_with("/\\"),
        "{path} redirects to another host: {location:?}"
    );
    assert_eq!(server.get(location).0, 200, "{path} → {location}");
}

#[test]
fn under_a_sub_path_the_server_redirects_only_to_pages_that_exist() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let config = repo.join("lipsite.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let line = text.lines().find(|l| l.starts_with("base_url:")).unwrap();
    fs::write(
        &config,
        text.replacen(line, "base_url: https://example.org/strategy/", 1),
    )
    .unwrap();
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);
    assert_eq!(server.base, "/strategy/");

    assert_redirects_stay_here(&server, "/", "/strategy/");
    assert_redirects_stay_here(&server, "/strategy", "/strategy/");
    assert_redirects_stay_here(&server, "/strategy/en", "/strategy/en/");
    assert_redirects_stay_here(&server, "/strategy/fr/contexte", "/strategy/fr/contexte/");
    assert_redirects_stay_here(&server, "/strategy//en", "/strategy/en/");
    for outside in ["/en", "/en/", "/fr/contexte/", "/strategyx/en/"] {
        let (status, _, body) = server.get(outside);
        assert_eq!(
            status, 404,
            "{outside}: the published site has no such page"
        );
        assert!(
            body.contains("Page not found"),
            "{outside}: the theme's 404 page"
        );
    }
    for path in ["//en", "//strategy/en", "///strategy", "//evil.example/"] {
        assert_no_redirect_elsewhere(&server, path);
    }
}

#[test]
fn the_server_follows_an_edit_of_the_base_url() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);
    assert_eq!(server.base, "/");
    let config = repo.join("lipsite.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let line = text.lines().find(|l| l.starts_with("base_url:")).unwrap();
    fs::write(
        &config,
        text.replacen(line, "base_url: https://example.org/moved/", 1),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while server.get("/moved/en/").0 != 200 {
        assert!(Instant::now() < deadline, "the site never moved to /moved/");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (status, _, _) = server.get("/en/");
    assert_eq!(status, 404, "the old address is outside the site now");
    assert_redirects_stay_here(&server, "/", "/moved/");
}

#[test]
fn no_address_redirects_to_another_host() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);
    // A folder of the site named like a host: `//en` must not become `Location: //en/`.
    for path in [
        "//en",
        "///en",
        "//en/about",
        "//fr/contexte",
        "//evil.example/",
        "//evil.example",
        "/\\en",
        "/%2fen",
        "/%2F%2Fen",
    ] {
        assert_no_redirect_elsewhere(&server, path);
    }
    assert_redirects_stay_here(&server, "//en", "/en/");
    assert_redirects_stay_here(&server, "/en/about?x=1", "/en/about/?x=1");
}

#[test]
fn a_range_request_on_a_page_gets_the_whole_page_as_served() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);
    let (_, _, whole) = server.get("/en/");
    assert!(whole.contains("__lipsite/events") && whole.trim_end().ends_with("</html>"));
    for range in ["bytes=0-99", "bytes=-50", "bytes=100-", "bytes=999999-"] {
        let (status, head, body) =
            server.request_with("GET", "/en/", &format!("Range: {range}\r\n"));
        assert_eq!(
            status, 200,
            "{range}: the page with its reload script, whole\n{head}"
        );
        assert_eq!(body, whole, "{range}");
        assert!(
            !head.contains("content-range") && !head.contains("accept-ranges: bytes"),
            "{range}: the served page is not the file on disk, so no ranges of it\n{head}"
        );
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length: "))
            .map(|n| n.parse::<usize>().unwrap());
        assert!(length.is_none_or(|n| n == body.len()), "{range}: {head}");
    }
    // Files served as they are on disk still answer ranges.
    let css = fs::read(out.join("theme.css")).unwrap();
    let (status, head, body) = server.request_with("GET", "/theme.css", "Range: bytes=0-9\r\n");
    assert_eq!(status, 206, "{head}");
    assert_eq!(body.as_bytes(), &css[..10]);
    assert!(
        head.contains(&format!("content-range: bytes 0-9/{}", css.len())),
        "{head}"
    );
}

#[test]
fn the_preview_shows_drafts_marked_and_publishing_one_takes_a_save() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let news = repo.join("content/en/pages/news.md");
    fs::write(&news, "---\ntitle: News\ndraft: true\n---\nSoon.\n").unwrap();
    let out = tmp.path().join("site");
    let server = Server::start(&repo, &out);

    let (status, _, body) = server.get("/en/news/");
    assert_eq!(status, 200, "the preview shows the draft page");
    let html = scraper::Html::parse_document(&body);
    let mark = html
        .select(&sel("main .draft-mark"))
        .next()
        .expect("a mark");
    assert!(text(mark).starts_with("Draft"), "{}", text(mark));

    // Removing the mark publishes the page: the next rebuild drops the mark.
    server.events_after(
        || fs::write(&news, "---\ntitle: News\n---\nSoon.\n").unwrap(),
        "reload",
    );
    let (_, _, body) = server.get("/en/news/");
    assert!(!body.contains("draft-mark"), "{body}");
}
