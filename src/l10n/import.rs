//! Taking translations back: every returned unit is checked against the repository as it is now
//! (its id exists, its source is the one exported, its codes are all there and well nested),
//! each translation is written into its file in place of the words it replaces (YAML texts as
//! double-quoted scalars, body blocks as escaped Markdown), every changed file is read again to
//! make sure it says exactly what was returned, and only then is anything written.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::build::Loaded;
use crate::config::Config;
use crate::content;
use crate::diagnostics::{Pos, Problem, SourceFile};
use crate::yaml;

use super::body;
use super::inline::{self, Piece};
use super::units::{self, Catalog, FileKind, FilePair, Place, Unit};
use super::{Returned, ReturnedUnit};

/// Bytes of a file to replace, and what replaces them.
type Edit = (Range<usize>, String);

/// A file to write: its path in the repository and its new text.
#[derive(Debug)]
pub(crate) struct Change {
    /// Relative to the repository.
    pub path: PathBuf,
    /// The whole new text.
    pub text: String,
    /// Whether the file is new.
    pub created: bool,
    /// What changed, for the summary.
    pub texts: usize,
    /// Whether the page was stamped.
    pub stamped: bool,
}

/// Checks that `lang` is a translated language of the strategy.
pub(crate) fn translated_language(config: &Config, lang: &str) -> Result<(), Problem> {
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let file = Path::new(crate::layout::CONFIG_FILE);
    if config.default_language().code == lang {
        return Err(Problem::about_path(
            file,
            format!("`{lang}` is the source language; there is nothing to translate into it"),
        )
        .hint(format!(
            "name one of the other languages: {}",
            codes.join(", ")
        )));
    }
    if config.language(lang).is_none() {
        return Err(
            Problem::about_path(file, format!("there is no language `{lang}`")).hint(format!(
                "the languages are {}; add a language to lipsite.yaml first",
                codes.join(", ")
            )),
        );
    }
    Ok(())
}

/// A unit accepted for import.
struct Accepted<'c> {
    unit: &'c Unit,
    target: Vec<Piece>,
    done: bool,
}

/// What an import will do: the files to write, and what it leaves out and why.
#[derive(Debug, Default)]
pub(crate) struct Planned {
    /// The files to write.
    pub changes: Vec<Change>,
    /// One line for each missing page it does not create yet.
    pub notices: Vec<String>,
}

/// Every change the returned files make, or every reason to refuse them.
pub(crate) fn plan(
    repo: &Path,
    loaded: &Loaded,
    returned: &[(SourceFile, Returned)],
) -> Result<Planned, Vec<Problem>> {
    let config = &loaded.strategy.config;
    let mut problems = Vec::new();
    let mut by_lang: Vec<(&str, Vec<(&SourceFile, &ReturnedUnit)>)> = Vec::new();
    for (file, r) in returned {
        if r.source_lang != config.default_language().code {
            problems.push(
                Problem::about_path(
                    &file.path,
                    format!(
                "this file translates from `{}`, but this strategy's source language is `{}`",
                r.source_lang, config.default_language().code
            ),
                )
                .hint("import it into the repository it was exported from, or export again"),
            );
            continue;
        }
        if let Err(p) = translated_language(config, &r.target_lang) {
            problems.push(Problem::about_path(
                &file.path,
                format!(
                    "this file translates into `{}`: {}",
                    r.target_lang, p.message
                ),
            ));
            continue;
        }
        let units = r.units.iter().map(|u| (file, u));
        match by_lang.iter_mut().find(|(l, _)| *l == r.target_lang) {
            Some((_, all)) => all.extend(units),
            None => by_lang.push((&r.target_lang, units.collect())),
        }
    }
    let mut planned = Planned::default();
    for (lang, returned) in by_lang {
        match units::catalog(repo, loaded, lang) {
            Ok(catalog) => match plan_language(repo, &catalog, &returned) {
                Ok(p) => {
                    planned.changes.extend(p.changes);
                    planned.notices.extend(p.notices);
                }
                Err(p) => problems.extend(p),
            },
            Err(p) => problems.extend(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    load_with(repo, &planned.changes)?;
    Ok(planned)
}

/// Loads a copy of the repository with the changes made, as `lipsite check` would: a
/// translation that makes the strategy wrong (an address that is not one, a text too long ...)
/// is refused like a broken file, before anything is written.
fn load_with(repo: &Path, changes: &[Change]) -> Result<(), Vec<Problem>> {
    if changes.is_empty() {
        return Ok(());
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let copy = std::env::temp_dir().join(format!("lipsite-import-{}-{nanos}", std::process::id()));
    let result = copy_sources(repo, &copy)
        .and_then(|()| {
            changes.iter().try_for_each(|c| {
                let path = copy.join(&c.path);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(path, &c.text)
            })
        })
        .map_err(|e| {
            vec![Problem::about_path(
                &copy,
                format!("cannot prepare the check of the import: {e}"),
            )]
        })
        .and_then(|()| {
            crate::build::load(&copy).map(|_| ()).map_err(|p| {
                p.into_sorted()
                    .into_iter()
                    .filter(Problem::is_error)
                    .collect()
            })
        });
    let _ = std::fs::remove_dir_all(&copy);
    result
}

/// Copies what loading reads (configuration, data, words, templates) into `to`.
fn copy_sources(repo: &Path, to: &Path) -> std::io::Result<()> {
    use crate::layout::{CONFIG_FILE, CONTENT, DATA, I18N, TEMPLATES};
    std::fs::create_dir_all(to)?;
    std::fs::copy(repo.join(CONFIG_FILE), to.join(CONFIG_FILE))?;
    for folder in [CONTENT, DATA, I18N, TEMPLATES] {
        copy_tree(&repo.join(folder), &to.join(folder))?;
    }
    Ok(())
}

/// Copies the files of a folder and its folders; links to folders are not followed.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    std::fs::create_dir_all(to)?;
    for entry in entries {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if entry.path().is_file() {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn plan_language(
    repo: &Path,
    catalog: &Catalog,
    returned: &[(&SourceFile, &ReturnedUnit)],
) -> Result<Planned, Vec<Problem>> {
    let index: HashMap<&str, &Unit> = catalog.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut problems = Vec::new();
    let mut accepted: Vec<Vec<Accepted<'_>>> = catalog.files.iter().map(|_| Vec::new()).collect();
    let mut seen = HashMap::new();
    for (file, r) in returned {
        match accept(catalog, &index, file, r) {
            Ok(Some(a)) => {
                if seen.insert(a.unit.id.as_str(), ()).is_some() {
                    problems.push(at_unit(
                        catalog,
                        a.unit,
                        "is returned twice; keep one translation of it",
                    ));
                    continue;
                }
                accepted[a.unit.file].push(a);
            }
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    let mut changes = Vec::new();
    let mut notices = Vec::new();
    let mut per_file = vec![0usize; catalog.files.len()];
    for u in &catalog.units {
        per_file[u.file] += 1;
    }
    for (fi, units) in accepted.iter_mut().enumerate() {
        units.sort_by_key(|a| a.unit.source_line);
        if units.is_empty() {
            continue;
        }
        match change_of(repo, catalog, &catalog.files[fi], units, per_file[fi]) {
            Ok(FileOutcome::Write(c)) => changes.push(c),
            Ok(FileOutcome::NotCreated(why)) => notices.push(why),
            Ok(FileOutcome::Unchanged) => {}
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(Planned { changes, notices })
    } else {
        Err(problems)
    }
}

/// A problem at a unit's source, naming the unit.
fn at_unit(catalog: &Catalog, unit: &Unit, what: &str) -> Problem {
    let source = &catalog.files[unit.file].source;
    source.error(
        Pos::new(unit.source_line, 1),
        format!("the translation of `{}` {what}", unit.id),
    )
}

/// Checks one returned unit; `None` when it carries no translation.
fn accept<'c>(
    catalog: &'c Catalog,
    index: &HashMap<&str, &'c Unit>,
    file: &SourceFile,
    r: &ReturnedUnit,
) -> Result<Option<Accepted<'c>>, Problem> {
    let Some(unit) = index.get(r.id.as_str()) else {
        let message = format!(
            "unit `{}` does not exist in this repository's {} texts",
            r.id, catalog.target_lang
        );
        let problem = if r.line > 0 {
            file.error(Pos::new(r.line, 1), message)
        } else {
            Problem::about_path(&file.path, message)
        };
        return Err(problem.hint("import only files exported from this repository; a unit whose text was removed or whose heading was renamed needs a new export"));
    };
    if inline::shown(&r.source) != unit.source.shown() {
        return Err(at_unit(
            catalog,
            unit,
            "was made for another version of its source, which has changed since the export",
        )
        .hint("export again and let the translation tool carry the translation over"));
    }
    let Some(target) = r
        .target
        .as_ref()
        .filter(|t| !inline::shown(t).trim().is_empty())
    else {
        return Ok(None);
    };
    if let Some(why) = inline::misplaced_codes(&unit.source, target) {
        return Err(at_unit(catalog, unit, &format!("cannot be used: {why}"))
            .hint("keep each tag or placeholder of the source exactly once in the translation, opened before it is closed"));
    }
    Ok(Some(Accepted {
        unit,
        target: target.clone(),
        done: r.done,
    }))
}

/// The new text of one translation file, or `None` when it would not change.
fn change_of(
    repo: &Path,
    catalog: &Catalog,
    pair: &FilePair,
    accepted: &[Accepted<'_>],
    of_page: usize,
) -> Result<FileOutcome, Vec<Problem>> {
    let problem_here = |message: String| vec![Problem::about_path(&pair.target_path, message)];
    writable(repo, &pair.target_path).map_err(problem_here)?;
    let base = match (&pair.target, pair.kind) {
        (Some(t), _) => t.clone(),
        (None, FileKind::Page) => {
            if accepted.len() < of_page {
                return Ok(FileOutcome::NotCreated(format!(
                    "not created {}: {} of its {of_page} texts came back translated; a new page is created once all of them are",
                    shown(&pair.target_path), accepted.len()
                )));
            }
            SourceFile::new(pair.target_path.clone(), without_stamp(&pair.source.text))
        }
        (None, FileKind::Words) => {
            SourceFile::new(pair.target_path.clone(), new_words_file(pair, accepted))
        }
    };
    let texts = units::texts(pair.kind, &base).map_err(|p| vec![p])?;
    let (mut edits, changed) = edits_of(catalog, pair, &base.text, &texts, accepted)?;
    let mut text = apply(&base.text, &mut edits);
    let edited = SourceFile::new(pair.target_path.clone(), text.as_str());
    verify(catalog, pair, &edited, accepted)?;
    // Each unit is accepted once at most, so as many as the page has is all of them.
    let all_done =
        pair.kind == FileKind::Page && accepted.len() == of_page && accepted.iter().all(|a| a.done);
    let mut stamped = false;
    if all_done {
        let version = content::version_of(&pair.source.text);
        let with_stamp = crate::translations::set_stamp(&edited, &version).map_err(|p| vec![p])?;
        stamped = units::stamp_of(&edited).as_deref() != Some(version.as_str());
        text = with_stamp;
    }
    if pair.target.as_ref().is_some_and(|t| *t.text == *text) {
        return Ok(FileOutcome::Unchanged);
    }
    Ok(FileOutcome::Write(Change {
        path: pair.target_path.clone(),
        text,
        created: pair.target.is_none(),
        texts: if pair.target.is_none() {
            accepted.len()
        } else {
            changed
        },
        stamped,
    }))
}

/// The edits of a file's accepted units, and how many units they change.
fn edits_of(
    catalog: &Catalog,
    pair: &FilePair,
    base: &str,
    texts: &units::Texts,
    accepted: &[Accepted<'_>],
) -> Result<(Vec<Edit>, usize), Vec<Problem>> {
    let source = units::texts(pair.kind, &pair.source).map_err(|p| vec![p])?;
    let mut edits: Vec<Edit> = Vec::new();
    let mut missing = Vec::new();
    let mut missing_units = Vec::new();
    let mut problems = Vec::new();
    let rebuilt = rebuilt_body(pair, texts, &source, accepted);
    let rebuilt_some = rebuilt.is_some();
    let mut changed = 0;
    if let Some((edit, blocks)) = rebuilt {
        edits.push(edit);
        changed += blocks;
    }
    for a in accepted {
        if rebuilt_some && matches!(a.unit.place, Place::Block(_)) {
            continue;
        }
        match edit_of(catalog, pair, texts, &source, a) {
            Ok(Some((r, words))) if r.start == usize::MAX => {
                if let Place::Yaml(path) = &a.unit.place {
                    missing.push((path.clone(), words));
                    missing_units.push(a.unit);
                }
            }
            Ok(Some(e)) => edits.push(e),
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    let changed = changed + edits.len() + missing.len() - usize::from(rebuilt_some);
    match insertions(base, texts, &missing) {
        Ok(added) => edits.extend(added),
        Err(i) => problems.push(at_unit(catalog, missing_units[i], &format!(
            "has no place in {}: its key `{}` is missing there and lipsite cannot tell where to add it",
            pair.target_path.display(), missing[i].0.join(": ")
        )).hint("add the block that holds this key to the translation (a copy of the source's is fine), then import again")),
    }
    if problems.is_empty() {
        Ok((edits, changed))
    } else {
        Err(problems)
    }
}

/// When a translation's body does not have its source's blocks but every block came back
/// translated: the body written again in the source's shape with the translations, as one edit,
/// and how many blocks it holds.
fn rebuilt_body(
    pair: &FilePair,
    texts: &units::Texts,
    source: &units::Texts,
    accepted: &[Accepted<'_>],
) -> Option<(Edit, usize)> {
    if pair.kind != FileKind::Page
        || source.blocks.is_empty()
        || body::aligned(&source.blocks, &texts.blocks)
    {
        return None;
    }
    let by_block: HashMap<usize, &Accepted<'_>> = accepted
        .iter()
        .filter_map(|a| match a.unit.place {
            Place::Block(i) => Some((i, a)),
            Place::Yaml(_) => None,
        })
        .collect();
    let mut edits = Vec::new();
    for (i, block) in source.blocks.iter().enumerate() {
        let a = by_block.get(&i)?;
        let md = inline::to_markdown(&a.target, &a.unit.source.codes, block.kind == "td");
        let at = block.words.start - source.body.start..block.words.end - source.body.start;
        edits.push((at, md));
    }
    let body = apply(&pair.source.text[source.body.clone()], &mut edits);
    Some(((texts.body.clone(), body), source.blocks.len()))
}

/// What an import does with one file.
enum FileOutcome {
    /// Nothing: every returned translation is already in it.
    Unchanged,
    /// Writes it.
    Write(Change),
    /// Leaves a missing page uncreated, for this reason.
    NotCreated(String),
}

/// A path as messages show it, with forward slashes.
fn shown(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

/// A new words file (labels, interface words) holding only the texts that came back, in the
/// source's order, so that no untranslated word passes for a translation.
fn new_words_file(pair: &FilePair, accepted: &[Accepted<'_>]) -> String {
    let mut out = format!(
        "# Written by `lipsite l10n import`: the translation of {}.\n",
        shown(&pair.source.path)
    );
    let mut open: &[String] = &[];
    for a in accepted {
        let Place::Yaml(path) = &a.unit.place else {
            continue;
        };
        let Some((key, parents)) = path.split_last() else {
            continue;
        };
        let common = open.iter().zip(parents).take_while(|(x, y)| x == y).count();
        for (depth, parent) in parents.iter().enumerate().skip(common) {
            out.push_str(&format!("{}{parent}:\n", "  ".repeat(depth)));
        }
        let words = words(&a.target);
        out.push_str(&format!(
            "{}{key}: {}\n",
            "  ".repeat(parents.len()),
            yaml::double_quoted(words.trim())
        ));
        open = parents;
    }
    out
}

/// A source page's text as the start of a new translation: without the source's own stamp.
fn without_stamp(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !l.starts_with("translated_from:"))
        .collect()
}

/// The words of a YAML unit's translation: units in YAML have no codes.
fn words(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.as_str(),
            _ => "",
        })
        .collect()
}

/// The bytes to replace and their new text for one unit, `None` when it already says that.
/// `usize::MAX..usize::MAX` stands for a key the file does not have yet.
fn edit_of(
    catalog: &Catalog,
    pair: &FilePair,
    texts: &units::Texts,
    source: &units::Texts,
    a: &Accepted<'_>,
) -> Result<Option<Edit>, Problem> {
    match &a.unit.place {
        Place::Yaml(path) => {
            let new = words(&a.target);
            match texts.at(path) {
                Some(t) if t.value.trim() == new.trim() => Ok(None),
                Some(t) => Ok(Some((t.bytes.clone(), yaml::double_quoted(new.trim())))),
                None => Ok(Some((usize::MAX..usize::MAX, new.trim().to_string()))),
            }
        }
        Place::Block(i) => {
            if !body::aligned(&source.blocks, &texts.blocks) {
                return Err(at_unit(catalog, a.unit, &format!(
                    "cannot be placed: the body of {} has {} blocks (headings, paragraphs, list items, cells, footnotes) where its source has {}, so they cannot be matched one by one",
                    pair.target_path.display(), texts.blocks.len(), source.blocks.len()
                )).hint("give the translation's body the same headings, paragraphs and list items as its source, or translate the body in the file itself"));
            }
            let block = &texts.blocks[*i];
            let own_codes = block.segment.same_codes(&a.unit.source);
            if own_codes && block.segment.pieces == a.target {
                return Ok(None);
            }
            let codes = if own_codes {
                &block.segment.codes
            } else {
                &a.unit.source.codes
            };
            let md = inline::to_markdown(&a.target, codes, block.kind == "td");
            Ok(Some((block.words.clone(), md)))
        }
    }
}

/// Where a missing key goes: after the last text of the deepest block of its path that the
/// file has, at the indentation of that block's keys. Returns the length of the path that
/// exists, the byte to insert at and the indentation; `None` when the key cannot be placed by
/// lipsite (a list, a key not written as `key:` at the start of its line).
fn attachment(text: &str, texts: &units::Texts, path: &[String]) -> Option<(usize, usize, usize)> {
    let k = (0..path.len()).rev().find(|&k| {
        texts
            .yaml
            .iter()
            .any(|t| t.path.len() > k && t.path[..k] == path[..k])
    })?;
    let simple = |p: &String| {
        p.parse::<usize>().is_err()
            && !p.is_empty()
            && p.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if !path[k..].iter().all(simple) {
        return None;
    }
    let last = texts
        .yaml
        .iter()
        .filter(|t| t.path.len() > k && t.path[..k] == path[..k])
        .max_by_key(|t| t.bytes.end)?;
    let key = &last.path[k];
    let mut indent = None;
    let mut end = last.bytes.start;
    while let Some(start) = text[..end]
        .rfind('\n')
        .map(|i| i + 1)
        .or((end > 0).then_some(0))
    {
        let line = &text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let own = line.len() - line.trim_start_matches(' ').len();
        if line[own..].starts_with(&format!("{key}:")) {
            indent = Some(own);
            break;
        }
        if start == 0 {
            break;
        }
        end = start - 1;
    }
    let rest = &text[last.bytes.end..];
    let at = match rest.find('\n') {
        Some(i) if rest[..i].ends_with('\r') => last.bytes.end + i - 1,
        Some(i) => last.bytes.end + i,
        None => text.len(),
    };
    Some((k, at, indent?))
}

/// The edits that add missing keys, each group of keys under one block written once; on
/// failure, the index in `missing` of the key that has no place.
fn insertions(
    text: &str,
    texts: &units::Texts,
    missing: &[(Vec<String>, String)],
) -> Result<Vec<Edit>, usize> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits: Vec<Edit> = Vec::new();
    let mut open: Option<(usize, Vec<String>)> = None;
    for (i, (path, words)) in missing.iter().enumerate() {
        let (k, at, indent) = attachment(text, texts, path).ok_or(i)?;
        let rest = &path[k..];
        let parents = &rest[..rest.len() - 1];
        let same_place = edits.last().is_some_and(|(r, _)| r.start == at);
        let written: &[String] = match &open {
            Some((o, p)) if same_place && *o == at => p,
            _ => &[],
        };
        let common = written
            .iter()
            .zip(parents)
            .take_while(|(a, b)| a == b)
            .count();
        let mut lines = String::new();
        for (depth, key) in parents.iter().enumerate().skip(common) {
            lines.push_str(&format!(
                "{newline}{}{key}:",
                " ".repeat(indent + 2 * depth)
            ));
        }
        let depth = parents.len();
        let key = &rest[depth];
        lines.push_str(&format!(
            "{newline}{}{key}: {}",
            " ".repeat(indent + 2 * depth),
            yaml::double_quoted(words)
        ));
        if same_place {
            if let Some((_, t)) = edits.last_mut() {
                t.push_str(&lines);
            }
        } else {
            edits.push((at..at, lines));
        }
        open = Some((at, parents.to_vec()));
    }
    Ok(edits)
}

/// Applies non-overlapping edits to `text`.
fn apply(text: &str, edits: &mut [Edit]) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, new) in edits.iter() {
        if r.start < at {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(new);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Reads the edited file again: every translation must read back exactly as returned.
fn verify(
    catalog: &Catalog,
    pair: &FilePair,
    edited: &SourceFile,
    accepted: &[Accepted<'_>],
) -> Result<(), Vec<Problem>> {
    let again = units::texts(pair.kind, edited).map_err(|p| {
        vec![at_unit(
            catalog,
            accepted[0].unit,
            &format!(
                "would leave {} unreadable ({}); nothing was written",
                pair.target_path.display(),
                p.message
            ),
        )]
    })?;
    let mut problems = Vec::new();
    for a in accepted {
        let reads = match &a.unit.place {
            Place::Yaml(path) => again.at(path).map(|t| t.value.trim().to_string()),
            Place::Block(i) => again
                .blocks
                .get(*i)
                .map(|b| inline::shown(&b.segment.pieces)),
        };
        let expected = match &a.unit.place {
            Place::Yaml(_) => words(&a.target).trim().to_string(),
            Place::Block(_) => inline::shown(&normalized(&a.target)),
        };
        if reads.as_deref() != Some(expected.as_str()) {
            problems.push(at_unit(catalog, a.unit, &format!(
                "would not read back as written in {} (it would read {:?}); nothing was written",
                pair.target_path.display(), reads.unwrap_or_default()
            )).hint("simplify the translation's spacing or characters, or translate this text in the file itself"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Pieces as a block reads them back: line breaks as spaces, no space at either end.
fn normalized(pieces: &[Piece]) -> Vec<Piece> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            Piece::Text(t) => inline::push_text(&mut out, &t.replace(['\r', '\n'], " ")),
            other => out.push(other.clone()),
        }
    }
    if let Some(Piece::Text(t)) = out.first_mut() {
        *t = t.trim_start().to_string();
    }
    if let Some(Piece::Text(t)) = out.last_mut() {
        *t = t.trim_end().to_string();
    }
    out.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
    out
}

/// Refuses a translation file reached through a symbolic link, at any folder on its way: an
/// import writes only into the repository's own `content/<lang>/` and `i18n/`.
fn writable(repo: &Path, rel: &Path) -> Result<(), String> {
    let mut at = repo.to_path_buf();
    for part in rel.components() {
        match part {
            std::path::Component::Normal(p) => at.push(p),
            _ => {
                return Err(format!(
                    "{} is not a plain path inside the repository; lipsite writes nothing",
                    rel.display()
                ))
            }
        }
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(format!("{} is a symbolic link; lipsite does not write through links, so nothing was written", at.strip_prefix(repo).unwrap_or(&at).display()));
        }
    }
    Ok(())
}

/// Writes every change: first each new text into a temporary file beside its file, then, once
/// all are written, each over its file. Returns one line per file.
pub(crate) fn write(repo: &Path, changes: &[Change]) -> Result<Vec<String>, Vec<Problem>> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let fail = |staged: &[(PathBuf, PathBuf)], path: &Path, e: std::io::Error| {
        for (tmp, _) in staged {
            let _ = std::fs::remove_file(tmp);
        }
        vec![Problem::about_path(
            path,
            format!("cannot write: {e}; nothing was changed"),
        )]
    };
    for c in changes {
        let path = repo.join(&c.path);
        if let Some(dir) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return Err(fail(&staged, &c.path, e));
            }
        }
        let tmp = super::temporary_beside(&path);
        let permissions = std::fs::metadata(&path).ok().map(|m| m.permissions());
        let written = std::fs::write(&tmp, &c.text).and_then(|()| match permissions {
            Some(p) => std::fs::set_permissions(&tmp, p),
            None => Ok(()),
        });
        staged.push((tmp, path));
        if let Err(e) = written {
            return Err(fail(&staged, &c.path, e));
        }
    }
    for (i, (tmp, path)) in staged.iter().enumerate() {
        if let Err(e) = std::fs::rename(tmp, path) {
            return Err(fail(&staged[i..], &changes[i].path, e));
        }
    }
    Ok(changes.iter().map(summary).collect())
}

fn summary(c: &Change) -> String {
    let what = if c.created { "created" } else { "updated" };
    let stamp = if c.stamped {
        ", stamped as up to date"
    } else {
        ""
    };
    format!(
        "{what} {} ({} texts changed{stamp})",
        c.path.display().to_string().replace('\\', "/"),
        c.texts
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_texts(text: &str) -> units::Texts {
        units::texts(FileKind::Words, &SourceFile::new("labels.yaml", text)).unwrap()
    }

    fn path(p: &str) -> Vec<String> {
        p.split('/').map(str::to_string).collect()
    }

    #[test]
    fn missing_keys_go_under_their_block_with_its_indentation_and_line_endings() {
        let text = "# c\r\npartners:\r\n  city: City\r\n\r\nsources:\r\n  a: A\r\n";
        let missing = vec![
            (path("partners/new-one"), "Nouveau: « x » # y".to_string()),
            (path("methods/focus"), "Groupes".to_string()),
            (path("methods/forums"), "Forums".to_string()),
        ];
        let mut edits = insertions(text, &words_texts(text), &missing).unwrap();
        assert_eq!(
            apply(text, &mut edits),
            "# c\r\npartners:\r\n  city: City\r\n  new-one: \"Nouveau: « x » # y\"\r\n\r\nsources:\r\n  a: A\r\nmethods:\r\n  focus: \"Groupes\"\r\n  forums: \"Forums\"\r\n"
        );
    }

    #[test]
    fn a_key_in_a_flow_mapping_or_a_list_has_no_place() {
        let text = "partners: {city: City}\n";
        assert_eq!(
            insertions(
                text,
                &words_texts(text),
                &[(path("partners/new"), "N".into())]
            ),
            Err(0)
        );
        let text = "gaps:\n  - one\n";
        assert_eq!(
            insertions(text, &words_texts(text), &[(path("gaps/1"), "two".into())]),
            Err(0)
        );
    }

    #[test]
    fn a_new_page_starts_from_its_source_without_its_stamp() {
        assert_eq!(
            without_stamp("---\ntitle: A\ntranslated_from: abc\n---\nBody\n"),
            "---\ntitle: A\n---\nBody\n"
        );
    }
}
