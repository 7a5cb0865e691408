//! The files of the site besides its pages: the root language chooser (or redirect), the 404 page,
//! `sitemap.xml` and `robots.txt`, and the list of every file the site holds.

use serde::Serialize;
use tera::{Context, Value};

use super::page::Alternate;
use super::urls::Urls;
use super::{Bytes, Theme};
use crate::config::RootPage;
use crate::model::Strategy;

/// `sitemap.xml` (made by `sitemap`) and `robots.txt`, when the theme writes them.
pub(super) fn generated(
    s: &Strategy,
    theme: &Theme,
    sitemap: impl FnOnce() -> Bytes,
) -> Vec<(String, Bytes)> {
    let mut files = Vec::new();
    if theme.writes("sitemap.xml") {
        files.push(("sitemap.xml".into(), sitemap()));
    }
    if theme.writes("robots.txt") {
        let robots = format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            s.config.base_url
        );
        files.push(("robots.txt".into(), robots.into_bytes().into()));
    }
    files
}

/// The path of every file the site will hold, from the output folder.
pub(super) fn file_names(
    files: &[(String, Bytes)],
    streamed: &[String],
    data_files: &[(String, Bytes)],
    theme: &Theme,
) -> super::PathSet {
    let written = files.iter().chain(data_files).map(|(path, _)| path);
    let generated = ["sitemap.xml", "robots.txt"]
        .into_iter()
        .filter(|name| theme.writes(name))
        .map(String::from);
    written
        .chain(streamed)
        .cloned()
        .chain(generated)
        .chain(theme.static_files.keys().cloned())
        .collect()
}

#[derive(Serialize)]
struct RootLanguage<'a> {
    code: &'a str,
    locale: &'a str,
    dir: &'a str,
    name: &'a str,
    title: &'a str,
    description: &'a str,
    home_url: String,
    t: &'a Value,
}

/// The root language chooser (or redirect) and the site-wide 404 page, which speak every language,
/// unless the repository has its own.
pub(super) fn root_pages(
    s: &Strategy,
    theme: &Theme,
    urls: &Urls,
    views: &[Value],
) -> Result<Vec<(String, Vec<u8>)>, crate::diagnostics::Problem> {
    let t_values: Vec<Value> = views
        .iter()
        .map(|v| v.get_from_path("t").cloned().unwrap_or_else(Value::none))
        .collect();
    let languages: Vec<RootLanguage> = s
        .config
        .languages
        .iter()
        .enumerate()
        .map(|(li, l)| RootLanguage {
            code: &l.code,
            locale: &l.locale,
            dir: l.direction.as_str(),
            name: &l.name,
            title: &l.title,
            description: &l.description,
            home_url: urls.home(li),
            t: &t_values[li],
        })
        .collect();
    let default = s.config.default_language;
    let mut ctx = Context::new();
    ctx.insert("languages", &languages);
    ctx.insert("default", &languages[default]);
    ctx.insert("css_url", &urls.asset("theme.css"));
    ctx.insert("root_url", &urls.root());
    ctx.insert("canonical", &urls.absolute(&urls.root()));
    let alternates: Vec<Alternate> = languages
        .iter()
        .map(|l| Alternate {
            hreflang: l.locale.to_string(),
            href: urls.absolute(&l.home_url),
        })
        .chain(std::iter::once(Alternate {
            hreflang: "x-default".into(),
            href: urls.absolute(&urls.root()),
        }))
        .collect();
    ctx.insert("alternates", &alternates);
    let root_template = match s.config.root {
        RootPage::Chooser => "chooser.html",
        RootPage::Redirect => "redirect.html",
    };
    let render = |name: &str, out: &str| {
        theme
            .tera
            .render(name, &ctx)
            .map(|h| (out.to_string(), h.into_bytes()))
            .map_err(|e| theme.render_problem(&e, out))
    };
    [(root_template, "index.html"), ("404.html", "404.html")]
        .into_iter()
        .filter(|(_, out)| theme.writes(out))
        .map(|(template, out)| render(template, out))
        .collect()
}

/// `sitemap.xml` with every page and its language alternates.
pub(super) fn sitemap(urls: &Urls) -> String {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
    const END: &str = "</urlset>\n";
    // Each page's address in every language that has it, and the alternates those languages
    // share, made once: with tens of thousands of pages the file is then written into a string
    // of its exact size instead of one grown by doubling.
    let entries: Vec<(Vec<String>, String)> = urls
        .keys
        .iter()
        .map(|key| {
            let have: Vec<usize> = (0..urls.languages())
                .filter(|&li| urls.has(li, key))
                .collect();
            let loc = |li: usize| crate::markdown::escape(&urls.absolute(&urls.url(li, key)));
            let alternates = have
                .iter()
                .map(|&li| {
                    format!(
                        "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                        crate::markdown::escape(urls.locale(li)),
                        loc(li)
                    )
                })
                .collect();
            let urls = have
                .iter()
                .map(|&li| format!("  <url>\n    <loc>{}</loc>\n", loc(li)))
                .collect();
            (urls, alternates)
        })
        .collect();
    const END_URL: &str = "  </url>\n";
    let size: usize = entries
        .iter()
        .flat_map(|(urls, alternates)| {
            urls.iter()
                .map(|u| u.len() + alternates.len() + END_URL.len())
        })
        .sum();
    let mut xml = String::with_capacity(HEAD.len() + size + END.len());
    xml.push_str(HEAD);
    for (urls, alternates) in &entries {
        for url in urls {
            xml.push_str(url);
            xml.push_str(alternates);
            xml.push_str(END_URL);
        }
    }
    xml.push_str(END);
    xml
}
