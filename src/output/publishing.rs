//! The files a publishing tool keeps in the output folder: the `.git` of a GitHub Pages checkout
//! (the gh-pages branch checked out in the output folder), its `CNAME` (custom domain) and
//! `.nojekyll`. They are the user's unless the site itself has them (from `static/`), and each
//! build carries the user's into the new site.

use std::fs;
use std::path::Path;

use crate::diagnostics::Problem;

use super::MARKER;

/// The names of the entries a publishing tool keeps at the top of the output folder.
pub(super) const NAMES: &[&str] = &[".git", "CNAME", ".nojekyll"];

/// The marker's line that names the publishing files the site itself has: those are lipsite's,
/// and follow the repository; any other publishing file in the output folder is the user's.
const SITE_LINE: &str = "Publishing files that lipsite wrote:";

/// The publishing files among the paths of the site (static files of the same names).
pub(super) fn of_site<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<&'static str> {
    // Every rebuild looks at each of thousands of paths: three comparisons, no table.
    let mut found = [false; NAMES.len()];
    for path in paths {
        let top = path.split('/').next().unwrap_or(path);
        if let Some(at) = NAMES.iter().position(|name| *name == top) {
            found[at] = true;
        }
    }
    (NAMES.iter().zip(found))
        .filter_map(|(name, found)| found.then_some(*name))
        .collect()
}

/// The marker's line naming the site's publishing files (empty when it has none).
pub(super) fn marker_line(site: &[&str]) -> String {
    if site.is_empty() {
        return String::new();
    }
    format!("{SITE_LINE} {}\n", site.join(" "))
}

fn listed_in_marker(marker: &str) -> Vec<&str> {
    marker
        .lines()
        .filter_map(|l| l.strip_prefix(SITE_LINE))
        .flat_map(str::split_whitespace)
        .collect()
}

fn is_present(folder: &Path, name: &str) -> bool {
    fs::symlink_metadata(folder.join(name)).is_ok()
}

/// The user's publishing files in `folder`: in a folder with lipsite's marker, those its marker
/// does not list as the site's; in a folder without it (the first build), all of them.
pub(super) fn users(folder: &Path) -> Vec<&'static str> {
    let marker = folder.join(MARKER);
    let marker = if marker.is_file() {
        fs::read_to_string(&marker).unwrap_or_default()
    } else {
        String::new()
    };
    let site = listed_in_marker(&marker);
    NAMES
        .iter()
        .copied()
        .filter(|n| is_present(folder, n) && !site.contains(n))
        .collect()
}

/// The entries of a folder that are not publishing files: what makes a folder without lipsite's
/// marker one that lipsite may not replace. An unreadable folder counts as holding something.
pub(super) fn others(folder: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(folder) else {
        return vec![folder.display().to_string()];
    };
    let mut others: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !NAMES.contains(&n.as_str()))
        .collect();
    others.sort();
    others
}

/// Whether the user's publishing file `name` in `out` may give way to the site's one with the
/// same name (`site_bytes`, `None` for a folder): only when both are files with the same bytes,
/// so nothing of the user's is lost. Otherwise the build stops and says how to choose.
pub(super) fn give_way(out: &Path, name: &str, site_bytes: Option<&[u8]>) -> Result<(), Problem> {
    let users = out.join(name);
    let same = site_bytes.is_some_and(|site| fs::read(&users).is_ok_and(|mine| mine == site));
    if same {
        return Ok(());
    }
    Err(Problem::about_path(
        &users,
        format!("lipsite did not write this {name}, and the site has its own from static/{name}; lipsite will not replace yours"),
    )
    .hint(format!(
        "keep one of them: delete static/{name} to keep this one, or delete this one to publish static/{name}"
    )))
}

/// Moves the entries `names` from one folder to the other (renames: a `.git` folder is moved,
/// never copied). On failure, the ones already moved are put back.
pub(super) fn carry(from: &Path, to: &Path, names: &[&str]) -> std::io::Result<()> {
    for (i, name) in names.iter().enumerate() {
        if let Err(e) = fs::rename(from.join(name), to.join(name)) {
            for moved in &names[..i] {
                let _ = fs::rename(to.join(moved), from.join(moved));
            }
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_s_publishing_files_are_the_top_level_ones() {
        let paths = [
            "CNAME",
            "en/index.html",
            ".nojekyll",
            "docs/CNAME",
            ".gitignore",
        ];
        assert_eq!(of_site(paths), vec!["CNAME", ".nojekyll"]);
    }

    #[test]
    fn the_marker_line_lists_the_site_s_files_and_is_read_back() {
        assert_eq!(marker_line(&[]), "");
        let marker = format!("header\n{}", marker_line(&["CNAME", ".nojekyll"]));
        assert_eq!(listed_in_marker(&marker), vec!["CNAME", ".nojekyll"]);
        assert!(listed_in_marker("header\n").is_empty());
    }

    #[test]
    fn the_user_s_files_are_those_the_marker_does_not_list() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path();
        fs::create_dir(out.join(".git")).unwrap();
        fs::write(out.join("CNAME"), "a.example.org").unwrap();
        fs::write(out.join(".nojekyll"), "").unwrap();
        assert_eq!(users(out), vec![".git", "CNAME", ".nojekyll"]);
        fs::write(out.join(MARKER), marker_line(&["CNAME"])).unwrap();
        assert_eq!(users(out), vec![".git", ".nojekyll"]);
        assert_eq!(others(out), vec![MARKER.to_string()]);
    }

    #[test]
    fn a_user_s_file_gives_way_only_to_the_same_bytes() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("CNAME"), "a.example.org\n").unwrap();
        assert!(give_way(tmp.path(), "CNAME", Some(b"a.example.org\n")).is_ok());
        let refused = give_way(tmp.path(), "CNAME", Some(b"b.example.org\n")).unwrap_err();
        assert!(
            refused.message.contains("static/CNAME"),
            "{}",
            refused.message
        );
        fs::create_dir(tmp.path().join(".git")).unwrap();
        assert!(give_way(tmp.path(), ".git", None).is_err());
    }
}
