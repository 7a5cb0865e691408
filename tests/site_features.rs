//! Features of the generated site checked on small fixture repositories derived from `lipsite new`:
//! sub-path base URLs, theme overrides, static files, the root redirect, missing translations.

mod common;

use std::fs;

use common::*;

#[test]
fn a_base_url_with_a_sub_path_prefixes_every_link() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(
        &repo.join("lipsite.yaml"),
        "https://example.org/",
        "https://example.org/strategy/",
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "fr/index.html");
    let css = doc
        .select(&sel("link[rel=stylesheet]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(css, "/strategy/theme.css");
    let canonical = doc
        .select(&sel("link[rel=canonical]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap();
    assert_eq!(canonical, "https://example.org/strategy/fr/");
    for a in doc.select(&sel("header a[href], footer a[href]")) {
        let href = a.value().attr("href").unwrap();
        if href.starts_with('#') {
            continue;
        }
        assert!(href.starts_with("/strategy/"), "{href}");
        assert!(
            file_for(&out, "/strategy/", href.split('#').next().unwrap()).is_some(),
            "{href} resolves"
        );
    }
    let root = page(&out, "index.html");
    let first = root.select(&sel(".language-choices a")).next().unwrap();
    assert_eq!(first.value().attr("href"), Some("/strategy/en/"));
}

#[test]
fn a_repository_overrides_templates_static_files_and_interface_words() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::create_dir_all(repo.join("templates")).unwrap();
    fs::write(repo.join("templates/page.html"), "{% extends \"base.html\" %}{% block content %}<h1 class=\"mine\">{{ page.title }}</h1>{{ page.body_html | safe }}{% endblock content %}").unwrap();
    fs::create_dir_all(repo.join("static/img")).unwrap();
    fs::write(
        repo.join("static/img/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    fs::write(repo.join("static/theme.css"), "body { color: black; }").unwrap();
    fs::create_dir_all(repo.join("i18n")).unwrap();
    fs::write(
        repo.join("i18n/en.yaml"),
        "skip_link: Jump to the content\n",
    )
    .unwrap();
    let out = tmp.path().join("site");
    build(&repo, &out);
    let about = page(&out, "en/about/index.html");
    assert!(
        about.select(&sel("h1.mine")).next().is_some(),
        "the repository's page.html is used"
    );
    assert_eq!(
        text(about.select(&sel(".skip-link")).next().unwrap()),
        "Jump to the content"
    );
    let fr = page(&out, "fr/a-propos/index.html");
    assert_eq!(
        text(fr.select(&sel(".skip-link")).next().unwrap()),
        "Passer au contenu principal"
    );
    assert!(out.join("img/logo.svg").is_file());
    assert_eq!(
        fs::read_to_string(out.join("theme.css")).unwrap(),
        "body { color: black; }"
    );
}

#[test]
fn a_broken_template_override_is_reported_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::create_dir_all(repo.join("templates")).unwrap();
    fs::write(
        repo.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title \n{% endblock content %}",
    )
    .unwrap();
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("templates/page.html:"), "{err}");
}

#[test]
fn the_root_can_redirect_to_the_default_language() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    edit(
        &repo.join("lipsite.yaml"),
        "root: chooser",
        "root: redirect",
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let root = page(&out, "index.html");
    let refresh = root
        .select(&sel("meta[http-equiv=refresh]"))
        .next()
        .unwrap();
    assert_eq!(refresh.value().attr("content"), Some("0; url=/en/"));
}

#[test]
fn a_page_missing_in_one_language_becomes_a_notice_in_that_language() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::remove_file(repo.join("content/fr/council.md")).unwrap();
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning: council has no translation in Français"),
        "{}",
        stderr(&o)
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let notice = page(&out, "fr/council/index.html");
    assert_eq!(
        notice
            .select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("fr-CA")
    );
    let box_ = notice.select(&sel(".notice")).next().expect("a notice");
    assert!(
        text(box_).contains("pas encore offerte en français"),
        "{}",
        text(box_)
    );
    let link = box_.select(&sel("a")).next().unwrap();
    assert_eq!(link.value().attr("href"), Some("/en/council/"));
    assert_eq!(link.value().attr("lang"), Some("en-CA"));
    assert!(notice
        .select(&sel("meta[name=robots][content=noindex]"))
        .next()
        .is_some());
    // The English page does not claim a French alternate that is only a notice.
    let en = page(&out, "en/council/index.html");
    let langs: Vec<&str> = en
        .select(&sel("link[rel=alternate]"))
        .map(|l| l.value().attr("hreflang").unwrap())
        .collect();
    assert_eq!(langs, vec!["en-CA", "x-default"]);
}

#[test]
fn words_missing_in_a_translation_fall_back_marked_with_their_language() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let file = repo.join("content/fr/priorities.md");
    let text_fr = fs::read_to_string(&file).unwrap();
    let start = text_fr.find("priorities:\n").unwrap() + "priorities:\n".len();
    let rest = &text_fr[start..];
    // Remove the first priority's French block (its key line and the more-indented lines after it).
    let mut lines = rest.lines();
    let key = lines.next().unwrap();
    let body: Vec<&str> = lines.take_while(|l| l.starts_with("    ")).collect();
    let block = format!("{key}\n{}\n", body.join("\n"));
    fs::write(&file, text_fr.replacen(&block, "", 1)).unwrap();
    let id = key.trim().trim_end_matches(':').to_string();

    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("`{id}` has no text in Français")),
        "{}",
        stderr(&o)
    );
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "fr/priorites/index.html");
    let title = doc
        .select(&sel(&format!("#priority-{id}-title span[lang]")))
        .next()
        .expect("fallback is marked");
    assert_eq!(title.value().attr("lang"), Some("en-CA"));
}

#[test]
fn an_evaluation_without_outcomes_has_no_empty_heading() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let data = repo.join("data/evaluation.yaml");
    let text = fs::read_to_string(&data).unwrap();
    let (_, indicators) = text.split_once("\nindicators:").unwrap();
    fs::write(&data, format!("indicators:{indicators}")).unwrap();
    for lang in ["en", "fr"] {
        let page = repo.join(format!("content/{lang}/evaluation.md"));
        let text = fs::read_to_string(&page).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| {
                !l.starts_with("outcomes:")
                    && !l.starts_with("  faster-employment:")
                    && !l.starts_with("  stronger-belonging:")
            })
            .collect();
        fs::write(&page, kept.join("\n")).unwrap();
    }
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "en/evaluation/index.html");
    assert!(doc.select(&sel("#evaluation-outcomes")).next().is_none());
    assert!(doc.select(&sel("ul.outcomes")).next().is_none());
    assert_eq!(doc.select(&sel("table.indicators tbody tr")).count(), 2);
}

#[test]
fn hidden_files_editor_backups_and_gitignored_files_in_static_are_not_published() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    let published = [
        ".nojekyll",
        ".htaccess",
        ".well-known/security.txt",
        "_redirects",
        "_headers",
        "files/plan.pdf",
        "files/.htaccess",
    ];
    let kept_back = [
        ".git/config",
        ".git/objects/ab/cdef",
        ".env",
        ".DS_Store",
        "files/.DS_Store",
        ".well-known/.env",
        "page~",
        "files/plan.pdf~",
        ".page.swp",
        "#page#",
        "files/#plan.pdf#",
        "drafts/next-year.pdf",
        "notes.txt",
        "files/old-plan.pdf",
    ];
    for file in published.iter().chain(&kept_back) {
        let path = repo.join("static").join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, format!("{file}\n")).unwrap();
    }
    fs::write(
        repo.join(".gitignore"),
        "public/\nstatic/drafts/\n/static/notes.txt\nold-*.pdf\n",
    )
    .unwrap();
    let out = tmp.path().join("site");
    build(&repo, &out);
    for file in published {
        assert_eq!(
            fs::read_to_string(out.join(file)).ok().as_deref(),
            Some(format!("{file}\n").as_str()),
            "{file} is published"
        );
    }
    for file in kept_back {
        assert!(!out.join(file).exists(), "{file} is not published");
    }
    assert!(!out.join(".git").exists() && !out.join("drafts").exists());
}

#[test]
fn a_robots_txt_sitemap_404_or_root_page_of_the_repository_wins_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    fs::create_dir_all(repo.join("static")).unwrap();
    let mine = [
        ("robots.txt", "User-agent: *\nDisallow: /drafts/\n"),
        ("sitemap.xml", "<?xml version=\"1.0\"?><urlset/>\n"),
        (
            "404.html",
            "<!doctype html><title>Lost</title><p>Our own page.</p>\n",
        ),
        (
            "index.html",
            "<!doctype html><title>Welcome</title><p>Our own root.</p>\n",
        ),
    ];
    for (name, text) in mine {
        fs::write(repo.join("static").join(name), text).unwrap();
    }
    let out = tmp.path().join("site");
    let o = lipsite(&["build", repo.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    for (name, text) in mine {
        assert_eq!(fs::read_to_string(out.join(name)).unwrap(), text, "{name}");
        assert!(
            err.contains(&format!("warning: static/{name} is published as it is; lipsite's own {name} was not written")),
            "{name}:\n{err}"
        );
    }
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning: static/robots.txt is published as it is"),
        "check says it too:\n{}",
        stderr(&o)
    );
}

/// Script-injection vectors written in Markdown alone: a text without raw HTML skips the HTML
/// sanitizer, so these must be safe on their own.
const MARKDOWN_XSS: &[&str] = &[
    "## Hover me {onmouseover=alert(1)}",
    "## Styled {style=\"color:red\" #kept-id .kept-class data-z=1}",
    "Setext {onclick=alert(1) .a\"b #\"x}\n===",
    "[js](javascript:alert(1)) [upper](JaVaScRiPt:alert(1)) [vb](vbscript:msgbox(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1)) ![svg](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    "<javascript:alert(1)> <JAVASCRIPT:alert(1)> <data:text/html,x>",
    "[ent](&#106;avascript:alert(1)) [tab](jav&#x09;ascript:alert(1)) [colon](javascript&colon;alert(1))",
    "[angle](<javascript:alert(1)>) [title](https://example.org \"javascript:alert(1)\")",
    "[ref][evil] ![refimg][evil]\n\n[evil]: javascript:alert(1) \"t\"",
    "| left | centre | right |\n|:-----|:------:|------:|\n| a | b | c |",
];

/// Script-injection vectors in raw HTML, each closed so that none swallows the next.
const HTML_XSS: &[&str] = &[
    "<p onclick=\"alert(1)\">raw handler</p>",
    "<svg onload=alert(1)><circle r=\"1\"/></svg>",
    "<img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)><summary>s</summary>d</details>",
    "<a href=\" javascript:alert(1)\">spaced</a> <a href=\"&#x6A;avascript:alert(1)\">ent</a> <a href=\"java&#x01;script:alert(1)\">ctl</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">d</a>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object><embed src=\"javascript:alert(1)\">",
    "<div style=\"background:url(javascript:alert(1))\">styled</div>",
    "<script>alert(1)</script>",
    "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">go</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
];

/// The vectors as one Markdown text, starting with a probe word that shows the field was rendered.
fn xss_markdown(probe: &str, vectors: &[&str]) -> String {
    let mut text = format!("{probe}\n");
    for v in vectors {
        text.push('\n');
        text.push_str(v);
        text.push('\n');
    }
    text
}

/// A YAML literal block holding `text`, indented for a value at `indent` spaces.
fn yaml_block(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect();
    format!("|\n{}\n", lines.join("\n"))
}

/// Writes `vectors` into every Markdown field of a new repository (every page body, priority
/// summary, action description, progress note, outcome, asset, gap and working group
/// description), builds it, and returns the output folder and the probe words to look for.
fn build_with_vectors(
    tmp: &std::path::Path,
    vectors: &[&str],
) -> (std::path::PathBuf, Vec<String>) {
    let repo = new_repo(tmp);
    let en = repo.join("content/en");
    let mut probes = Vec::new();
    let mut probe = |name: &str| {
        probes.push(format!("xss-probe-{name}"));
        xss_markdown(&format!("xss-probe-{name}"), vectors)
    };
    for page in [
        "home",
        "context",
        "vision",
        "priorities",
        "action-plan",
        "evaluation",
        "council",
        "outreach",
        "research",
        "spending",
        "pages/about",
    ] {
        let path = en.join(format!("{page}.md"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}\n{}", probe(&format!("body-{page}")))).unwrap();
    }
    let summary = "      Explain why this priority matters in your community and what your research found. Replace this text.\n";
    edit(
        &en.join("priorities.md"),
        &format!("|\n{summary}"),
        &yaml_block(&probe("summary"), 6),
    );
    let description =
        "      Describe what the action involves and who it serves. Replace this text.\n";
    edit(
        &en.join("action-plan.md"),
        &format!("|\n{description}"),
        &yaml_block(&probe("description"), 6),
    );
    edit(
        &en.join("action-plan.md"),
        "2025-06-15: Say what was done by this date, for example how many people took part. Replace this text.\n",
        &format!("2025-06-15: {}", yaml_block(&probe("progress"), 8)),
    );
    edit(
        &en.join("evaluation.md"),
        "faster-employment: Newcomers find suitable work sooner after arriving\n",
        &format!("faster-employment: {}", yaml_block(&probe("outcome"), 4)),
    );
    edit(
        &en.join("context.md"),
        "  - Name a strength newcomers can count on, such as an experienced settlement agency. Replace this text.\n",
        &format!("  - {}", yaml_block(&probe("asset"), 4)),
    );
    edit(
        &en.join("context.md"),
        "  - Name a gap your research found, such as a shortage of affordable housing. Replace this text.\n",
        &format!("  - {}", yaml_block(&probe("gap"), 4)),
    );
    edit(
        &en.join("council.md"),
        "description: Say what this group works on and how often it meets. Replace this text.\n",
        &format!("description: {}", yaml_block(&probe("working-group"), 6)),
    );
    let out = tmp.join("site");
    build(&repo, &out);
    (out, probes)
}

/// Fails on any script, event handler, style attribute or script-running URL in any page, and
/// on a probe word that no page shows.
fn assert_no_script(out: &std::path::Path, probes: &[String]) {
    let mut seen = String::new();
    for file in html_files(out) {
        let at = rel_path(out, &file);
        let doc = scraper::Html::parse_document(&fs::read_to_string(&file).unwrap());
        seen.extend(doc.root_element().text());
        assert!(
            doc.select(&sel("script")).next().is_none(),
            "{at}: a <script> survives"
        );
        for el in doc.select(&sel("*")) {
            let tag = el.value().name();
            for (name, value) in el.value().attrs() {
                let name = name.to_ascii_lowercase();
                assert!(!name.starts_with("on"), "{at}: <{tag} {name}=\"{value}\">");
                assert!(name != "style", "{at}: <{tag} style=\"{value}\">");
                if ["href", "src", "action", "formaction", "xlink:href", "data"]
                    .contains(&name.as_str())
                {
                    let url = value.trim().to_ascii_lowercase();
                    for scheme in ["javascript:", "data:", "vbscript:"] {
                        assert!(!url.starts_with(scheme), "{at}: <{tag} {name}=\"{value}\">");
                    }
                }
            }
        }
    }
    for probe in probes {
        assert!(seen.contains(probe.as_str()), "{probe} is not on any page");
    }
}

#[test]
fn no_markdown_field_lets_a_script_through() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, probes) = build_with_vectors(&tmp.path().join("markdown"), MARKDOWN_XSS);
    assert_no_script(&out, &probes);
    let home = page(&out, "en/index.html");
    assert!(
        home.select(&sel("#kept-id.kept-class")).next().is_some(),
        "a heading keeps a safe id and class"
    );
    let with_html: Vec<&str> = MARKDOWN_XSS.iter().chain(HTML_XSS).copied().collect();
    let (out, probes) = build_with_vectors(&tmp.path().join("html"), &with_html);
    assert_no_script(&out, &probes);
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The fixture `name`, built once into `site` for every test that reads it.
fn built_once(
    name: &str,
    site: &'static std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)>,
) -> &'static std::path::Path {
    let (_, out) = site.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        build(&fixture(name), &out);
        (tmp, out)
    });
    out
}

/// The fixture with three languages (Arabic right to left, pages missing in Arabic), built once.
fn trilingual() -> &'static std::path::Path {
    static SITE: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    built_once("trilingual", &SITE)
}

/// The pages a reader can go to in one language: `en/context/index.html`, one folder deep.
fn pages_of(out: &std::path::Path, lang: &str) -> Vec<std::path::PathBuf> {
    let mut pages: Vec<_> = fs::read_dir(out.join(lang))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter(|p| p.is_file())
        .collect();
    pages.sort();
    pages
}

/// The pages a list of links leads to, as files of the site.
fn targets<'a>(
    out: &std::path::Path,
    links: impl Iterator<Item = scraper::ElementRef<'a>>,
) -> Vec<std::path::PathBuf> {
    links
        .map(|a| {
            let href = a.value().attr("href").unwrap();
            file_for(out, "/", href.split('#').next().unwrap())
                .unwrap_or_else(|| panic!("{href} leads nowhere"))
        })
        .collect()
}

#[test]
fn every_section_is_in_the_header_menu_of_every_page_with_the_current_page_marked() {
    let out = trilingual();
    for lang in ["en", "fr", "ar"] {
        let pages = pages_of(out, lang);
        assert!(
            pages.len() >= 11,
            "{lang}: nine sections, the whole strategy and a free page: {pages:?}"
        );
        for file in pages.iter().chain([&out.join(lang).join("index.html")]) {
            let rel = rel_path(out, file);
            let doc = page(out, &rel);
            let menus: Vec<_> = doc.select(&sel("header nav.sections")).collect();
            assert_eq!(menus.len(), 1, "{rel}: one menu of sections");
            let label = menus[0].value().attr("aria-label").unwrap_or_default();
            assert!(
                !label.is_empty(),
                "{rel}: the menu is named for screen readers"
            );
            let reached = targets(out, menus[0].select(&sel("a")));
            for p in &pages {
                assert!(
                    reached.contains(p),
                    "{rel}: no way to {} from the header",
                    rel_path(out, p)
                );
            }
            let current: Vec<_> = targets(out, menus[0].select(&sel("a[aria-current=page]")));
            if file.ends_with(format!("{lang}/index.html")) {
                assert!(
                    current.is_empty(),
                    "{rel}: the home page is not in the menu"
                );
            } else {
                assert_eq!(
                    current,
                    std::slice::from_ref(file),
                    "{rel}: the menu marks the page itself"
                );
            }
        }
    }
}

#[test]
fn the_home_page_lists_the_sections_once_besides_the_header_menu() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("example");
    build(&example_dir(), &out);
    for (site, home) in [
        (out.as_path(), "en/index.html"),
        (trilingual(), "ar/index.html"),
    ] {
        let doc = page(site, home);
        let context = doc
            .select(&sel("header nav.sections a"))
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap()
            .to_string();
        let lists: Vec<_> = doc
            .select(&sel("ul, ol"))
            .filter(|l| {
                l.select(&sel("a"))
                    .any(|a| a.value().attr("href") == Some(&context))
            })
            .collect();
        assert_eq!(
            lists.len(),
            2,
            "{home}: the header menu and the plan's overview, not also the footer or the text"
        );
        assert!(doc.select(&sel("footer nav")).next().is_none(), "{home}");
        let overview = doc.select(&sel("main .cards li")).next().unwrap();
        assert!(
            overview.select(&sel("p")).next().is_some(),
            "{home}: the overview says what each section is about"
        );
    }
}

#[test]
fn the_action_plan_has_a_list_to_jump_to_each_priority() {
    let tmp = tempfile::tempdir().unwrap();
    let example = tmp.path().join("example");
    build(&example_dir(), &example);
    let arabic = tmp.path().join("hard-cases");
    build(&fixture("hard-cases"), &arabic);
    for (out, rel) in [
        (example.as_path(), "en/action-plan/index.html"),
        (example.as_path(), "fr/plan-d-action/index.html"),
        (arabic.as_path(), "ar/action-plan/index.html"),
    ] {
        let doc = page(out, rel);
        let priorities: Vec<String> = doc
            .select(&sel("section.plan-priority"))
            .map(|s| s.value().id().unwrap().to_string())
            .collect();
        assert!(priorities.len() >= 2, "{rel}: {priorities:?}");
        let jump = doc
            .select(&sel("main nav.jump"))
            .next()
            .unwrap_or_else(|| panic!("{rel}: no list of priorities"));
        let named_by = jump.value().attr("aria-labelledby").unwrap();
        assert!(
            doc.select(&sel(&format!("#{named_by}"))).next().is_some(),
            "{rel}: the list is named"
        );
        let links: Vec<String> = jump
            .select(&sel("a"))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        let expected: Vec<String> = priorities.iter().map(|id| format!("#{id}")).collect();
        assert_eq!(
            links, expected,
            "{rel}: one link to each priority, in order"
        );
    }
}

/// The top-level keys of a word file: `skip_link`, `format.percent`, `status.done` ...
fn word_keys(text: &str) -> std::collections::BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with([' ', '#']) && !l.trim().is_empty())
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_string()))
        .collect()
}

#[test]
fn every_interface_word_of_the_theme_is_in_all_four_languages() {
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let read = |lang: &str| fs::read_to_string(theme.join(format!("i18n/{lang}.yaml"))).unwrap();
    let english = word_keys(&read("en"));
    for lang in ["fr", "ar", "es"] {
        let keys = word_keys(&read(lang));
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}.yaml lacks {missing:?}, has extra {extra:?}"
        );
    }
    for file in walkdir::WalkDir::new(theme.join("templates")) {
        let file = file.unwrap();
        if !file.file_type().is_file() {
            continue;
        }
        let text = fs::read_to_string(file.path()).unwrap();
        for used in text.split("lang.t.").skip(1) {
            let key: String = used
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                english.contains(&key),
                "{}: lang.t.{key} is no word of the theme",
                file.path().display()
            );
        }
    }
}

/// The rows of the table `table` (a selector) of a page, cell by cell.
fn table_rows(doc: &scraper::Html, table: &str) -> Vec<Vec<String>> {
    doc.select(&sel(&format!("{table} tbody tr")))
        .map(|row| row.select(&sel("th, td")).map(text).collect())
        .collect()
}

/// The rows of the table of where services are on a context page, cell by cell.
fn service_rows(doc: &scraper::Html) -> Vec<Vec<String>> {
    table_rows(doc, "table.services")
}

#[test]
fn the_context_page_shows_where_services_are_with_their_kind_area_and_partner() {
    let out = trilingual();
    let en = page(out, "en/context/index.html");
    let heading = en.select(&sel("#context-services")).next().unwrap();
    assert_eq!(text(heading), "Where services are");
    assert_eq!(
        service_rows(&en),
        [
            vec![
                "Downtown Welcome Centre",
                "Settlement",
                "Downtown (replace with the name of an area of your community)",
                "Yourtown Settlement Services (replace with your agency)",
            ],
            vec![
                "Suburbs Language School",
                "Language training",
                "Suburbs (replace with the name of another area)",
                "",
            ],
            vec![
                "Newcomer Job Hub",
                "Employment",
                "",
                "Yourtown Chamber of Commerce (replace with your partner)",
            ],
        ]
    );
    let fr = page(out, "fr/contexte/index.html");
    assert_eq!(
        service_rows(&fr)[2][..2],
        ["Carrefour emploi des nouveaux arrivants", "Emploi"]
    );

    // The Arabic labels lack the job hub: its English name shows, marked as English.
    let ar = page(out, "ar/context/index.html");
    let rows = service_rows(&ar);
    assert_eq!(rows[0][..2], ["مركز الترحيب في وسط المدينة", "الاستقرار"]);
    assert_eq!(rows[2][..2], ["Newcomer Job Hub", "التوظيف"]);
    let fallback = ar
        .select(&sel("#service-job-hub th span[lang]"))
        .next()
        .expect("the fallback name is marked with its language");
    assert_eq!(fallback.value().attr("lang"), Some("en-CA"));
    assert_eq!(fallback.value().attr("dir"), Some("ltr"));
}

#[test]
fn a_strategy_without_service_locations_has_no_table_of_them() {
    // A new repository has no data/services.yaml (the example has one, for its map).
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    assert!(!repo.join("data/services.yaml").exists());
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "en/context/index.html");
    assert!(doc.select(&sel("#context-services")).next().is_none());
    assert!(doc.select(&sel("table.services")).next().is_none());
}

/// The fixture of hard cases (long names, names in other scripts, Arabic), built once.
fn hard_cases() -> &'static std::path::Path {
    static SITE: std::sync::OnceLock<(tempfile::TempDir, std::path::PathBuf)> =
        std::sync::OnceLock::new();
    built_once("hard-cases", &SITE)
}

/// The rows of the table of outreach activities, cell by cell.
fn outreach_rows(doc: &scraper::Html) -> Vec<Vec<String>> {
    table_rows(doc, "table.outreach")
}

#[test]
fn the_outreach_page_shows_each_activity_with_its_date_channel_partner_and_reach() {
    let out = hard_cases();
    let en = page(out, "en/outreach/index.html");
    let heading = en.select(&sel("h2#outreach-activities")).next().unwrap();
    assert_eq!(text(heading), "What we did to reach people");
    let columns: Vec<String> = en
        .select(&sel("table.outreach thead th"))
        .map(text)
        .collect();
    assert_eq!(
        columns,
        ["Activity", "When", "How", "Run by", "People reached"]
    );
    let rows = outreach_rows(&en);
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[0],
        [
            "Welcome Week 2025, with open houses at partner agencies, the library and City Hall",
            "September 21, 2025",
            "Event",
            "City of Lakemoor",
            "1,240",
        ]
    );
    // A month, a proper name written once in Arabic, a count in the millions.
    assert_eq!(
        rows[1][1..],
        [
            "November 2025",
            "Newspapers, radio or TV",
            "دائرة الأمل",
            "2,500,000"
        ]
    );
    // A year alone, and neither partner nor count: empty cells, not made-up values.
    assert_eq!(rows[3][1..], ["2026", "Printed material", "", ""]);
    let when = en
        .select(&sel("#outreach-employer-breakfast time"))
        .next()
        .unwrap();
    assert_eq!(when.value().attr("datetime"), Some("2026-02-12"));
    let reached = en
        .select(&sel("#outreach-radio-series td.num"))
        .next()
        .unwrap();
    assert_eq!(text(reached), "2,500,000");

    let fr = page(out, "fr/rayonnement/index.html");
    let rows = outreach_rows(&fr);
    assert_eq!(
        rows[1][1..3],
        ["novembre 2025", "Journaux, radio ou télévision"]
    );
    // The French locale groups digits with spaces (no-break in the HTML).
    assert_eq!(rows[1][4], "2 500 000");
}

#[test]
fn an_arabic_outreach_table_marks_what_is_not_arabic() {
    let ar = page(hard_cases(), "ar/outreach/index.html");
    let rows = outreach_rows(&ar);
    assert_eq!(
        rows[2][..3],
        [
            "لقاء إفطار إعلامي لأصحاب العمل",
            "12 فبراير 2026",
            "عرض تقديمي"
        ]
    );
    // No Arabic name for the French workshops: the English one shows, marked as English.
    let fallback = ar
        .select(&sel("#outreach-french-workshops th span[lang]"))
        .next()
        .expect("the fallback name is marked with its language");
    assert_eq!(
        text(fallback),
        "Workshops in French for francophone newcomers"
    );
    assert_eq!(fallback.value().attr("lang"), Some("en-CA"));
    assert_eq!(fallback.value().attr("dir"), Some("ltr"));
    // The partner's one name is French, isolated and tagged inside the Arabic row.
    let partner = ar
        .select(&sel("#outreach-french-workshops td bdi"))
        .next()
        .unwrap();
    assert_eq!(text(partner), "Collège Boréal, campus de Lakemoor");
    assert_eq!(partner.value().attr("lang"), Some("fr-CA"));
}

#[test]
fn the_one_page_strategy_shows_the_outreach_table_in_its_part() {
    let doc = page(hard_cases(), "en/strategy/index.html");
    let part = doc.select(&sel("#part-outreach")).next().unwrap();
    let heading = part.select(&sel("h3#outreach-activities")).next();
    assert!(
        heading.is_some(),
        "the table's heading is one level below the part's"
    );
    assert_eq!(part.select(&sel("table.outreach tbody tr")).count(), 5);
}

#[test]
fn a_strategy_without_outreach_activities_has_no_table_of_them() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    assert!(!repo.join("data/outreach.yaml").exists());
    let out = tmp.path().join("site");
    build(&repo, &out);
    let doc = page(&out, "en/outreach/index.html");
    assert!(doc.select(&sel("#outreach-activities")).next().is_none());
    assert!(doc.select(&sel("table.outreach")).next().is_none());
}

#[test]
fn outreach_activities_with_no_page_to_show_them_are_a_warning_that_names_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = new_repo(tmp.path());
    add_outreach(&repo, "- id: fair\n  when: 2026-05\n  channel: event\n");
    for lang in ["en", "fr"] {
        fs::remove_file(repo.join(format!("content/{lang}/outreach.md"))).unwrap();
    }
    let o = lipsite(&["check", repo.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "a warning, not an error: {}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains(
            "data/outreach.yaml is not shown anywhere: there is no content/en/outreach.md"
        ),
        "{}",
        stderr(&o)
    );
}
