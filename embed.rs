//! Build script: compiles the default theme and the `lipsite new` starter repository into the
//! binary, so lipsite works from any folder without its source tree.

use std::env;
use std::fmt::Write;
use std::fs;
use std::path::Path;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap();
    let mut code = String::new();
    for (name, dir) in [
        ("DEFAULT_THEME", "themes/default"),
        ("SCAFFOLD", "scaffold"),
    ] {
        println!("cargo:rerun-if-changed={dir}");
        let base = Path::new(&root).join(dir);
        let mut files = Vec::new();
        collect(&base, &base, &mut files);
        files.sort();
        writeln!(code, "pub const {name}: &[(&str, &str)] = &[").unwrap();
        for rel in files {
            let abs = base.join(&rel);
            writeln!(
                code,
                "    ({rel:?}, include_str!({:?})),",
                abs.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs");
    fs::write(out, code).unwrap();
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_editor_junk(&name) {
            continue;
        }
        if path.is_dir() {
            collect(base, &path, files);
        } else {
            let rel = path.strip_prefix(base).unwrap();
            files.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
}

/// Editors' and systems' backup, swap and lock files, which are never part of a theme or the
/// starter repository. Other hidden files are: the starter's `.gitignore`, `.github/`, `.vscode/`.
fn is_editor_junk(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name == ".DS_Store"
}
