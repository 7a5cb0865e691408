//! The kinds of item kept as one list in a data file of their own, named in `labels.yaml` and
//! shown as a table on a section page: service locations, outreach activities.
//!
//! Each is declared in one module of this folder: what one item is in the data file (its
//! `Record`), what it is in the model, how the one becomes the other (references resolved,
//! values checked), and the cells of its row in the table, as [`Cell`]s that every renderer
//! shows in the reader's language. The one line that names it in `list_kinds!` below gives it
//! its place in the [`Strategy`], in each language's words, among the data files, the kinds
//! joined and reported to translators, the schemas, and the site's and the PDF's tables.
//! Adding such a kind is a new module here, that line, and its interface words in the theme.

mod outreach;
mod service;

use std::sync::Arc;

use serde::de::DeserializeOwned;

pub use outreach::{Channel, OutreachActivity};
pub use service::Service;
pub(crate) use service::ServiceData;

use super::data::{parse_data, schema_of, DataFile, DataFiles};
use super::kinds::{Kind, KindFiles, KindSpec, Texts, WordsAt};
use super::memo::YamlMemo;
use super::text::LabelsText;
use super::{Id, LanguageContent, PartialDate, ProperName, Section, Strategy};
use crate::content::RepositoryFiles;
use crate::diagnostics::{Problems, SourceFile};
use crate::yaml::{OrderedMap, Spanned};

/// What a list kind is, as data, besides what every kind has.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListSpec {
    /// The kind in messages: `service location`.
    pub name: &'static str,
    /// The data file (its name without `.yaml`) that lists the items.
    pub data_file: &'static str,
    /// The key its names are written under in `labels.yaml`: `services:`.
    pub key: &'static str,
    /// What the data file holds, as the title of its schema.
    pub holds: &'static str,
    /// The section page that shows its table.
    pub shown_on: Section,
    /// The anchor of the table's heading (`context-services`), unique on its page.
    pub heading_anchor: &'static str,
    /// The interface word of the table's heading (`services_heading`).
    pub heading: &'static str,
    /// The interface word of the first column, which names each item (`service_column`).
    pub name_column: &'static str,
    /// The other columns, in the order of [`ListKind::cells`].
    pub columns: &'static [Column],
    /// The prefix of each row's anchor (`service-`), followed by the item's id.
    pub row_anchor: &'static str,
}

/// A column of a list kind's table after the names.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    /// The interface word of its heading.
    pub title: &'static str,
    /// Whether it holds numbers, aligned to the end.
    pub numeric: bool,
}

impl ListSpec {
    /// What every kind knows of it: its names are required labels, plain text, and `@` links
    /// do not name its items.
    pub(crate) const fn kind(&self) -> KindSpec {
        KindSpec {
            name: self.name,
            data_file: self.data_file,
            key: self.key,
            words: WordsAt::Labels { required: true },
            markdown: false,
            anchor: None,
        }
    }
}

impl Column {
    /// A column of words (names, dates), titled with the interface word `title`.
    pub(crate) const fn words(title: &'static str) -> Column {
        Column {
            title,
            numeric: false,
        }
    }

    /// A column of numbers, titled with the interface word `title`.
    pub(crate) const fn numbers(title: &'static str) -> Column {
        Column {
            title,
            numeric: true,
        }
    }
}

/// One cell of an item's row, whatever the language: each renderer shows it in the reader's.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    /// Nothing: the data does not say.
    Empty,
    /// An interface word, such as the name of a vocabulary value (`service.language`).
    Word(String),
    /// The name of another item, in the reader's language (or as written once in the data).
    Name(ItemName),
    /// A count or amount, formatted for the locale.
    Number(f64),
    /// A year, month or day, formatted for the locale.
    Date(PartialDate),
}

impl Cell {
    /// The name of `id`, or an empty cell.
    pub(crate) fn name<K: Kind<Text = String>>(id: Option<Id<K>>) -> Cell {
        id.map_or(Cell::Empty, |id| Cell::Name(ItemName::of(id)))
    }
}

/// Where the name of one item is: its words in each language, and the proper name the data may
/// give it instead.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ItemName {
    /// The item's position in its kind's list.
    pub index: usize,
    /// Its words in a language, if that language has them.
    pub words: for<'c> fn(&'c LanguageContent, usize) -> Option<&'c String>,
    /// Its proper name, written once in the data, if it has one.
    pub proper: for<'s> fn(&'s Strategy, usize) -> Option<&'s ProperName>,
}

impl ItemName {
    /// The name of `id`.
    pub(crate) fn of<K: Kind<Text = String>>(id: Id<K>) -> ItemName {
        ItemName {
            index: id.index(),
            words: |c, i| K::texts(c).get(Id::new(i)),
            proper: |s, i| K::items(s).get(i).and_then(Kind::proper_name),
        }
    }
}

/// A kind kept as a list in a data file of its own. Declared in a module of this folder.
pub(crate) trait ListKind: Kind<Text = String> {
    /// Its name, file, words, page and table.
    const LIST: ListSpec;
    /// One item as written in the data file, a list of them.
    type Record: DeserializeOwned + schemars::JsonSchema + Send + Sync + 'static;

    /// The id a record defines.
    fn record_id(r: &Self::Record) -> &Spanned<String>;
    /// The item a record describes, its references resolved; `None` (with the problem reported)
    /// when it cannot be used.
    fn join(r: &Self::Record, at: &mut super::join::Resolve<'_, '_>) -> Option<Self>;
    /// The cells of its row after its name, one per column of [`ListSpec::columns`].
    fn cells(&self) -> Vec<Cell>;
    /// Every interface word a [`Cell::Word`] of its rows may be (its vocabulary's names), for
    /// the test that the theme has them all.
    #[cfg(test)]
    fn vocabulary() -> Vec<String> {
        Vec::new()
    }
}

/// Something done once for each list kind: [`for_each_list`] calls `list` with each in turn.
pub(crate) trait EachList {
    /// Does it for the list kind `K`.
    fn list<K: ListKind>(&mut self);
}

/// Declares the list kinds: for each, the field that holds it (in [`Lists`], [`ListTexts`] and
/// [`ListData`]) and its type; writes their [`Kind`], and [`KindFiles`]
/// implementations and the loops over them.
macro_rules! list_kinds {
    ($($(#[$doc:meta])* $field:ident: $kind:ty,)+) => {
        /// The items of the kinds kept as lists, each in the order of its data file (empty without
        /// it).
        #[derive(Debug, Clone, Default)]
        pub struct Lists {
            $($(#[$doc])* pub $field: Vec<$kind>,)+
        }

        /// One language's names of the items of the kinds kept as lists, from `labels.yaml`.
        #[derive(Debug, Clone, Default)]
        pub struct ListTexts {
            $($(#[$doc])* pub $field: Texts<$kind>,)+
        }

        /// The data files of the kinds kept as lists, parsed (or absent when missing or broken).
        pub(crate) struct ListData<'a> {
            $(pub $field: Option<(&'a SourceFile, Arc<Vec<<$kind as ListKind>::Record>>)>,)+
        }

        impl<'a> ListData<'a> {
            /// Reads each list's data file.
            pub(crate) fn parse(
                files: &'a RepositoryFiles,
                problems: &mut Problems,
                memo: &mut YamlMemo,
            ) -> Self {
                ListData {
                    $($field: parse_data(files, <$kind as ListKind>::LIST.data_file, problems, memo),)+
                }
            }
        }

        /// The data files of the kinds kept as lists.
        pub(crate) const LIST_FILES: &[DataFile] = &[$(DataFile {
            name: <$kind as ListKind>::LIST.data_file,
            required: false,
            holds: <$kind as ListKind>::LIST.holds,
            schema: schema_of::<Vec<<$kind as ListKind>::Record>>,
        },)+];

        /// Calls `each` with every list kind, in the order they are declared.
        pub(crate) fn for_each_list(each: &mut impl EachList) {
            $(each.list::<$kind>();)+
        }

        /// Calls `each` with every list kind, as kinds.
        pub(crate) fn each_kind(each: &mut impl super::kinds::EachKind) {
            $(each.kind::<$kind>();)+
        }

        impl Lists {
            /// Every list's items from its records.
            pub(super) fn join(d: &ListData, j: &mut super::join::Joiner) -> Lists {
                Lists {
                    $($field: join_list::<$kind>(&d.$field, j),)+
                }
            }
        }

        $(
            impl Kind for $kind {
                const SPEC: KindSpec = <$kind as ListKind>::LIST.kind();
                type Text = String;
                fn items(s: &Strategy) -> &[Self] {
                    &s.lists.$field
                }
                fn id(&self) -> &str {
                    &self.id
                }
                fn texts(c: &LanguageContent) -> &Texts<Self> {
                    &c.labels.lists.$field
                }
            }

            impl KindFiles for $kind {
                fn defined<'d>(
                    d: &'d DataFiles,
                ) -> Option<(&'d SourceFile, Vec<&'d Spanned<String>>)> {
                    let (f, records) = d.lists.$field.as_ref()?;
                    Some((*f, records.iter().map(<$kind as ListKind>::record_id).collect()))
                }
                fn texts_mut(c: &mut LanguageContent) -> &mut Texts<Self> {
                    &mut c.labels.lists.$field
                }
                fn in_labels(l: &LabelsText) -> Option<&OrderedMap<String>> {
                    l.block(Self::SPEC.key)
                }
            }
        )+
    };
}

list_kinds! {
    /// Where newcomers get services.
    services: Service,
    /// How the partnership made its strategy known: events, media, workshops.
    outreach: OutreachActivity,
}

/// The items of a list's records; those that cannot be used are left out, their problems
/// reported.
fn join_list<K: ListKind>(
    data: &Option<(&SourceFile, Arc<Vec<K::Record>>)>,
    j: &mut super::join::Joiner,
) -> Vec<K> {
    let Some((file, records)) = data else {
        return Vec::new();
    };
    let mut at = super::join::Resolve { joiner: j, file };
    records.iter().filter_map(|r| K::join(r, &mut at)).collect()
}

/// The interface words a list kind's table uses: its heading and column titles.
#[cfg(test)]
fn table_words<K: ListKind>() -> Vec<&'static str> {
    let spec = K::LIST;
    let columns = spec.columns.iter().map(|c| c.title);
    [spec.heading, spec.name_column]
        .into_iter()
        .chain(columns)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list kind's table words, and each word its cells may show, are in every language
    /// of the default theme: a missing one would reach readers as its bare key.
    #[test]
    fn every_word_of_a_list_table_is_in_every_language_of_the_theme() {
        struct Words(Vec<String>);
        impl EachList for Words {
            fn list<K: ListKind>(&mut self) {
                self.0
                    .extend(table_words::<K>().into_iter().map(String::from));
                self.0.extend(K::vocabulary());
            }
        }
        let mut words = Words(Vec::new());
        for_each_list(&mut words);
        assert!(
            words.0.len() >= 5,
            "every table has a heading and columns: {:?}",
            words.0
        );
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            let map: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&text).unwrap();
            for w in &words.0 {
                assert!(
                    map.contains_key(w),
                    "{w} is not in {}",
                    entry.path().display()
                );
            }
            checked += 1;
        }
        assert!(checked >= 4);
    }

    #[test]
    fn each_list_kind_has_its_own_data_file_row_anchors_and_numbers_last() {
        struct Check(Vec<&'static str>);
        impl EachList for Check {
            fn list<K: ListKind>(&mut self) {
                let (name, spec) = (K::SPEC.name, K::LIST);
                assert!(spec.row_anchor.ends_with('-'), "{name}");
                assert!(!self.0.contains(&K::SPEC.data_file), "{name}");
                self.0.push(K::SPEC.data_file);
                // The PDF aligns the columns from the first numeric one to the end.
                let first = spec.columns.iter().position(|c| c.numeric);
                let first = first.unwrap_or(spec.columns.len());
                assert!(spec.columns[first..].iter().all(|c| c.numeric), "{name}");
            }
        }
        let mut seen = Check(Vec::new());
        for_each_list(&mut seen);
        assert_eq!(seen.0.len(), LIST_FILES.len());
        let all: Vec<&str> = super::super::data::data_files().map(|d| d.name).collect();
        for file in &seen.0 {
            assert_eq!(all.iter().filter(|n| *n == file).count(), 1, "{file}");
        }
    }
}
