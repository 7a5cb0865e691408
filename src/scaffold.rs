//! `lipsite new DIR`: writes a complete starter repository (English and French, every section,
//! placeholder text that `check` accepts).

use std::fs;
use std::path::Path;

use crate::diagnostics::Problem;
use crate::embedded::SCAFFOLD;

/// The folder of the schemas in a new repository, as `lipsite schema` writes it by default.
const SCHEMAS: &str = crate::layout::SCHEMAS;

/// Creates the repository; refuses a folder that already has files. Returns the number of files.
pub(crate) fn create(dir: &Path) -> Result<usize, Problem> {
    if dir.is_file() {
        return Err(
            Problem::about_path(dir, "this is a file; `lipsite new` needs a folder name")
                .hint("choose a name that does not exist yet"),
        );
    }
    if dir.is_dir()
        && fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(Problem::about_path(
            dir,
            "this folder already has files; `lipsite new` does not write over them",
        )
        .hint("choose a new folder name, like my-strategy"));
    }
    for (path, text) in SCAFFOLD {
        let target = dir.join(path);
        let write = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&target, text));
        write.map_err(|e| Problem::about_path(&target, format!("cannot write: {e}")))?;
    }
    Ok(SCAFFOLD.len() + attach_schemas(dir)?)
}

/// Writes the JSON Schemas into `schemas/` and the editor settings that attach them, so that
/// mistakes are marked while typing from the first edit. Both come from `lipsite schema`'s code,
/// so they always match this lipsite. Returns the number of files written.
fn attach_schemas(dir: &Path) -> Result<usize, Problem> {
    // Paths in the settings are relative to the repository, the folder editors open.
    let settings = crate::schema::write(dir, Path::new(SCHEMAS))?;
    let settings = serde_json::to_string_pretty(&settings).unwrap_or_default();
    let target = dir.join(".vscode/settings.json");
    fs::create_dir_all(dir.join(".vscode"))
        .and_then(|()| fs::write(&target, settings + "\n"))
        .map_err(|e| Problem::about_path(&target, format!("cannot write: {e}")))?;
    Ok(crate::schema::all().len() + 1)
}
