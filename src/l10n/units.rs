//! Every text a translator translates into one language, as units with stable ids: each text of
//! a page's front matter, each block of its body, each label and each interface word the
//! repository sets, with the source's words, the translation's words where they exist and how
//! they stand (translated, missing, or to review because the source page changed since its stamp).
//!
//! Unit ids are built from the file (relative to its language's folder), then the key path of a
//! YAML text (`priorities.md:priorities:access:title`, `labels.yaml:partners:city`,
//! `i18n:status:done`) or `body` and the id of a body block (`pages:about.md:body:funding:p2`,
//! see [`super::body`]). Keys and anchors are what a writer names, so an id stays the same from one
//! export to the next however the texts around it grow or shrink.

use std::path::{Path, PathBuf};

use crate::build::Loaded;
use crate::content::{self, front_matter};
use crate::diagnostics::{Problem, Problems, SourceFile};
use crate::layout;
use crate::yaml::{self, TextScalar};

use super::body::{self, Block};
use super::inline::Segment;

/// Front-matter keys that are settings, not words.
const NOT_WORDS: [&str; 3] = ["translated_from", "menu", "draft"];

/// What a file holds, which decides how its texts are found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// A Markdown page: front matter and body.
    Page,
    /// A YAML file of words (`labels.yaml`, `i18n/<lang>.yaml`).
    Words,
}

/// How a unit stands in the translation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    /// Translated and, for a page, stamped with its source's current version.
    Translated,
    /// Translated, but the source page changed since the translation was stamped, or it was
    /// never stamped.
    NeedsReview,
    /// Not translated yet.
    Missing,
}

/// Where a unit's words are in its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Place {
    /// A YAML text at this key path (in a page's front matter or a words file).
    Yaml(Vec<String>),
    /// The body block with this index among the page's blocks.
    Block(usize),
}

/// One text to translate.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Its stable id (see the module's documentation).
    pub id: String,
    /// Which of the catalog's files it is in.
    pub file: usize,
    /// Where in that file.
    pub place: Place,
    /// The source's line.
    pub source_line: usize,
    /// The source's words.
    pub source: Segment,
    /// The translation's words as they are, with the translation's own Markdown for its codes.
    pub target: Option<Segment>,
    /// How it stands.
    pub state: State,
    /// What the text belongs to, for the translator: `the title of priority \`access\``.
    pub about: Option<String>,
}

/// A source file and its translation, read.
#[derive(Debug, Clone)]
pub(crate) struct FilePair {
    /// What kind of file.
    pub kind: FileKind,
    /// The source file, relative to the repository.
    pub source: SourceFile,
    /// The translation's path, relative to the repository.
    pub target_path: PathBuf,
    /// The translation as it is, when it exists.
    pub target: Option<SourceFile>,
    /// The part of ids that names the file: `vision.md`, `labels.yaml`, `i18n`.
    pub name: String,
}

/// Every unit of one language.
#[derive(Debug)]
pub(crate) struct Catalog {
    /// The default language's code.
    pub source_lang: String,
    /// The translation's language code.
    pub target_lang: String,
    /// The files the units are in.
    pub files: Vec<FilePair>,
    /// The units, file by file, in reading order.
    pub units: Vec<Unit>,
}

/// The texts of a file: YAML texts with bytes and lines in the whole file, and body blocks.
#[derive(Debug, Default)]
pub(crate) struct Texts {
    /// Each YAML text, its bytes and line counted in the whole file.
    pub yaml: Vec<TextScalar>,
    /// Each body block, its bytes and line counted in the whole file.
    pub blocks: Vec<Block>,
    /// The bytes of the body in the whole file (empty for a words file).
    pub body: std::ops::Range<usize>,
}

impl Texts {
    /// The YAML text at `path`.
    pub(crate) fn at(&self, path: &[String]) -> Option<&TextScalar> {
        self.yaml.iter().find(|t| t.path == path)
    }
}

/// The texts of `file`, a page or a words file.
pub(crate) fn texts(kind: FileKind, file: &SourceFile) -> Result<Texts, Problem> {
    match kind {
        FileKind::Words => Ok(Texts {
            yaml: yaml::texts(file, &file.text, 1)?,
            blocks: Vec::new(),
            body: file.text.len()..file.text.len(),
        }),
        FileKind::Page => {
            let parts = front_matter::split(file)?;
            let whole: &str = &file.text;
            let yaml_start = parts.yaml.as_ptr() as usize - whole.as_ptr() as usize;
            let body_start = parts.body.as_ptr() as usize - whole.as_ptr() as usize;
            let body_line = whole[..body_start].matches('\n').count();
            let mut yaml = yaml::texts(file, parts.yaml, parts.yaml_line)?;
            yaml.retain(|t| {
                !t.path
                    .first()
                    .is_some_and(|k| NOT_WORDS.contains(&k.as_str()))
            });
            for t in &mut yaml {
                t.bytes = t.bytes.start + yaml_start..t.bytes.end + yaml_start;
                t.line += parts.yaml_line - 1;
            }
            let mut blocks = body::blocks(parts.body);
            for b in &mut blocks {
                b.words = b.words.start + body_start..b.words.end + body_start;
                b.line += body_line;
            }
            Ok(Texts {
                yaml,
                blocks,
                body: body_start..whole.len(),
            })
        }
    }
}

/// The version a translation of `source` is stamped with when it follows it.
pub(crate) fn stamp_of(file: &SourceFile) -> Option<String> {
    let parts = front_matter::split(file).ok()?;
    parts
        .yaml
        .lines()
        .find_map(|l| l.strip_prefix("translated_from:"))
        .map(|v| v.trim().to_string())
}

/// Every unit of language `lang`, read from the repository's files now.
pub(crate) fn catalog(repo: &Path, loaded: &Loaded, lang: &str) -> Result<Catalog, Vec<Problem>> {
    let config = &loaded.strategy.config;
    let source_lang = config.default_language().code.clone();
    let files = file_pairs(repo, loaded, &source_lang, lang)?;
    let mut units = Vec::new();
    let mut problems = Vec::new();
    for (fi, pair) in files.iter().enumerate() {
        match units_of(fi, pair) {
            Ok(u) => units.extend(u),
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Catalog {
        source_lang,
        target_lang: lang.to_string(),
        files,
        units,
    })
}

/// The files of the source language that hold words, each with its translation's path.
fn file_pairs(
    repo: &Path,
    loaded: &Loaded,
    source_lang: &str,
    lang: &str,
) -> Result<Vec<FilePair>, Vec<Problem>> {
    let s = &loaded.strategy;
    let source_folder = layout::language_folder(source_lang);
    let target_folder = layout::language_folder(lang);
    let mut wanted: Vec<(FileKind, PathBuf, PathBuf, String)> = Vec::new();
    let mut pages: Vec<&PathBuf> = s.content[s.config.default_language]
        .sections
        .values()
        .chain(
            s.content[s.config.default_language]
                .pages
                .values()
                .map(|p| &**p),
        )
        .map(|p| &p.file)
        .collect();
    pages.sort();
    for file in pages {
        let Ok(rel) = file.strip_prefix(&source_folder) else {
            continue;
        };
        let name = rel.display().to_string().replace('\\', "/");
        wanted.push((FileKind::Page, file.clone(), target_folder.join(rel), name));
    }
    let labels = layout::LABELS_FILES
        .iter()
        .find(|n| repo.join(&source_folder).join(n).is_file());
    if let Some(labels) = labels {
        let target = layout::LABELS_FILES
            .iter()
            .map(|n| target_folder.join(n))
            .find(|p| repo.join(p).is_file())
            .unwrap_or_else(|| target_folder.join(labels));
        wanted.push((
            FileKind::Words,
            source_folder.join(labels),
            target,
            labels.to_string(),
        ));
    }
    if repo.join(layout::words_file(source_lang)).is_file() {
        let (source, target) = (layout::words_file(source_lang), layout::words_file(lang));
        wanted.push((FileKind::Words, source, target, "i18n".to_string()));
    }
    read_pairs(repo, wanted)
}

/// Reads each source file and, where it exists, its translation.
fn read_pairs(
    repo: &Path,
    wanted: Vec<(FileKind, PathBuf, PathBuf, String)>,
) -> Result<Vec<FilePair>, Vec<Problem>> {
    let mut problems = Problems::default();
    let mut pairs = Vec::new();
    for (kind, source, target_path, name) in wanted {
        let Some(source) = content::read_text(repo, &repo.join(&source), &mut problems) else {
            continue;
        };
        let target = repo
            .join(&target_path)
            .is_file()
            .then(|| content::read_text(repo, &repo.join(&target_path), &mut problems))
            .flatten();
        pairs.push(FilePair {
            kind,
            source,
            target_path,
            target,
            name,
        });
    }
    if problems.has_errors() {
        return Err(problems.into_sorted());
    }
    Ok(pairs)
}

/// The units of one file and its translation.
fn units_of(fi: usize, pair: &FilePair) -> Result<Vec<Unit>, Problem> {
    let source = texts(pair.kind, &pair.source)?;
    let target = pair
        .target
        .as_ref()
        .map(|t| texts(pair.kind, t))
        .transpose()?;
    // A page never stamped is reviewed too: nobody has said which version of its source it follows.
    let outdated = pair.kind == FileKind::Page
        && pair.target.as_ref().is_some_and(|t| {
            stamp_of(t).is_none_or(|stamp| stamp != content::version_of(&pair.source.text))
        });
    let state = |has: bool| match (has, outdated) {
        (false, _) => State::Missing,
        (true, true) => State::NeedsReview,
        (true, false) => State::Translated,
    };
    let kinds = crate::model::kinds::specs();
    let mut units = Vec::new();
    for t in &source.yaml {
        let words = t.value.trim();
        if words.is_empty() {
            continue;
        }
        let existing = target
            .as_ref()
            .and_then(|x| x.at(&t.path))
            .map(|x| x.value.trim())
            .filter(|x| !x.is_empty())
            .map(Segment::plain);
        units.push(Unit {
            id: unit_id(&pair.name, t.path.iter().map(String::as_str)),
            file: fi,
            place: Place::Yaml(t.path.clone()),
            source_line: t.line,
            source: Segment::plain(words),
            state: state(existing.is_some()),
            target: existing,
            about: about(&kinds, &t.path),
        });
    }
    let target_blocks = target
        .as_ref()
        .map(|t| t.blocks.as_slice())
        .filter(|b| body::aligned(&source.blocks, b));
    for (i, b) in source.blocks.iter().enumerate() {
        let existing = target_blocks
            .and_then(|t| t.get(i))
            .map(|t| t.segment.clone())
            .filter(|t| t.same_codes(&b.segment));
        units.push(Unit {
            id: unit_id(&pair.name, std::iter::once("body").chain(b.id.split('/'))),
            file: fi,
            place: Place::Block(i),
            source_line: b.line,
            source: b.segment.clone(),
            state: state(existing.is_some()),
            target: existing,
            about: None,
        });
    }
    Ok(units)
}

/// A unit's id: the file's name and the key path (or `body` and the block's id), joined by `:`.
/// Any character outside letters, digits, `.`, `-` and `_` is written `_xx_` (its code point in
/// hexadecimal), so the id is an XML name token, as XLIFF 2 requires.
fn unit_id<'a>(file: &str, path: impl Iterator<Item = &'a str>) -> String {
    let token = |part: &str| -> String {
        part.chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '.' | '-') {
                    c.to_string()
                } else {
                    format!("_{:x}_", c as u32)
                }
            })
            .collect()
    };
    let mut parts: Vec<String> = file.split('/').map(token).collect();
    parts.extend(path.map(token));
    parts.join(":")
}

/// What a YAML text belongs to, when its key is a kind's: `the title of priority \`access\``,
/// `partner \`city\``.
fn about(kinds: &[crate::model::kinds::KindSpec], path: &[String]) -> Option<String> {
    let [key, id, rest @ ..] = path else {
        return None;
    };
    let spec = kinds.iter().find(|k| k.key == key.as_str())?;
    let item = format!("{} `{id}`", spec.name);
    Some(match rest {
        [] => item,
        [part, ..] => format!("the {part} of {item}"),
    })
}

impl Catalog {
    /// Where a unit's source is, as `content/en/vision.md:12`.
    pub(crate) fn source_place(&self, unit: &Unit) -> String {
        let f = &self.files[unit.file].source;
        format!(
            "{}:{}",
            f.path.display().to_string().replace('\\', "/"),
            unit.source_line
        )
    }
}
