//! The Typst `World` of one document: its markup, the chart images and the bundled fonts, all in
//! memory. Nothing is read from disk: a path in the markup that lipsite did not give the world is
//! "not found", so no text of a strategy can read a file of the computer.

use std::collections::HashMap;
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The bundled faces: DejaVu Sans (Latin, Greek, Cyrillic, Hebrew and Arabic), regular and bold,
/// the same subsets the charts are measured with.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let faces: [&'static [u8]; 2] = [
        include_bytes!("../../fonts/DejaVuSans-subset.ttf"),
        include_bytes!("../../fonts/DejaVuSans-Bold-subset.ttf"),
    ];
    let fonts: Vec<Font> = faces
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    let book = FontBook::from_fonts(&fonts);
    (LazyHash::new(book), fonts)
});

/// Typst's standard library, built once: every document shares it, so a rebuild in watch mode
/// reuses what Typst remembers of the last one.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// The name of the bundled font family, for `set text(font: ...)`.
pub(crate) const FONT_FAMILY: &str = "DejaVu Sans";

/// One document's world.
pub(crate) struct Memory {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

/// The id of the file at `path` (`/main.typ`, `/charts/research.svg`) in the world.
pub(crate) fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| VirtualPath::new("/invalid").unwrap());
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl Memory {
    /// A world with `markup` as its main file, `files` (by path) beside it, and `today` as the
    /// date (the plan's last review: the output never depends on the day it is built).
    pub(crate) fn new(markup: String, files: Vec<(String, Vec<u8>)>, today: Datetime) -> Memory {
        Memory {
            main: Source::new(file_id("/main.typ"), markup),
            files: files
                .into_iter()
                .map(|(path, bytes)| (file_id(&path), Bytes::new(bytes)))
                .collect(),
            today,
        }
    }
}

impl World for Memory {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}
