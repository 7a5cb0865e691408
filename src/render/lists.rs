//! The tables of the kinds kept as lists (service locations, outreach activities), as a reader
//! sees them in one language: one table per kind that has items, on the section page its
//! declaration names. The same for every such kind, so a new one needs no code here.

use serde::Serialize;

use super::urls::PageKey;
use super::views::Viewer;
use crate::model::{for_each_list, Cell, EachList, Id, ItemName, ListKind};

/// A kind's table, for the template `parts/lists.html`.
#[derive(Serialize, Clone)]
pub(crate) struct ListView {
    /// The section page that shows it (`context`).
    pub section: &'static str,
    /// Its words key (`services`), the class of its table.
    pub key: &'static str,
    /// The anchor of its heading (`context-services`).
    pub anchor: &'static str,
    pub heading: String,
    /// The title of the column of names.
    pub name_column: String,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<RowView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct ColumnView {
    pub title: String,
    pub numeric: bool,
}

#[derive(Serialize, Clone)]
pub(crate) struct RowView {
    /// The row's anchor (`service-east-hub`).
    pub anchor: String,
    pub name_html: String,
    pub cells: Vec<CellView>,
}

#[derive(Serialize, Clone)]
pub(crate) struct CellView {
    pub html: String,
    pub numeric: bool,
}

/// Which list tables a page shows.
pub(super) enum Shown {
    /// Those of one section (`context`): on that section's page.
    Section(&'static str),
    /// All of them: on the one-page strategy.
    All,
    None,
}

impl Shown {
    pub(super) fn on(key: &PageKey) -> Shown {
        match key {
            PageKey::Section(section) => Shown::Section(section.file_stem()),
            PageKey::Strategy => Shown::All,
            PageKey::Home | PageKey::Free(_) => Shown::None,
        }
    }
}

/// The tables page `key` shows, in their order.
pub(super) fn shown_on(lists: &[ListView], key: &PageKey) -> Vec<ListView> {
    let shown = Shown::on(key);
    let shows = |list: &&ListView| match shown {
        Shown::Section(section) => list.section == section,
        Shown::All => true,
        Shown::None => false,
    };
    lists.iter().filter(shows).cloned().collect()
}

/// The table of every list kind that has items, in the order they are declared.
pub(super) fn list_views(v: &Viewer) -> Vec<ListView> {
    struct Tables<'v, 'a>(&'v Viewer<'a>, Vec<ListView>);
    impl EachList for Tables<'_, '_> {
        fn list<K: ListKind>(&mut self) {
            if !K::items(self.0.s).is_empty() {
                self.1.push(table::<K>(self.0));
            }
        }
    }
    let mut tables = Tables(v, Vec::new());
    for_each_list(&mut tables);
    tables.1
}

fn table<K: ListKind>(v: &Viewer) -> ListView {
    let spec = K::LIST;
    let section = spec.shown_on.file_stem();
    let numeric: Vec<bool> = spec.columns.iter().map(|c| c.numeric).collect();
    let rows = Id::each(K::items(v.s))
        .map(|(id, item)| RowView {
            anchor: format!("{}{}", spec.row_anchor, item.id()),
            name_html: cell_html(v, &Cell::name(Some(id))),
            cells: (item.cells().iter().zip(&numeric))
                .map(|(cell, &numeric)| CellView {
                    html: cell_html(v, cell),
                    numeric,
                })
                .collect(),
        })
        .collect();
    ListView {
        section,
        key: spec.key,
        anchor: spec.heading_anchor,
        heading: v.words.get(spec.heading).to_string(),
        name_column: v.words.get(spec.name_column).to_string(),
        columns: (spec.columns.iter())
            .map(|c| ColumnView {
                title: v.words.get(c.title).to_string(),
                numeric: c.numeric,
            })
            .collect(),
        rows,
    }
}

/// A cell as HTML in the viewer's language.
fn cell_html(v: &Viewer, cell: &Cell) -> String {
    use crate::markdown::escape;
    match cell {
        Cell::Empty => String::new(),
        Cell::Word(key) => escape(v.words.get(key)),
        Cell::Name(name) => name_html(v, name),
        Cell::Number(n) => escape(&v.fmt.number(*n)),
        Cell::Date(d) => {
            let date = v.date(d);
            format!(
                "<time datetime=\"{}\">{}</time>",
                escape(&date.iso),
                escape(&date.text)
            )
        }
    }
}

fn name_html(v: &Viewer, name: &ItemName) -> String {
    let proper = (name.proper)(v.s, name.index);
    v.text.name(proper, |c| (name.words)(c, name.index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    fn table(section: &'static str, key: &'static str) -> ListView {
        ListView {
            section,
            key,
            anchor: key,
            heading: key.to_string(),
            name_column: String::new(),
            columns: Vec::new(),
            rows: Vec::new(),
        }
    }

    #[test]
    fn a_section_page_shows_its_own_tables_and_the_one_page_strategy_shows_them_all() {
        let lists = [table("context", "services"), table("outreach", "outreach")];
        let keys = |key: &PageKey| -> Vec<&str> {
            shown_on(&lists, key).into_iter().map(|l| l.key).collect()
        };
        assert_eq!(keys(&PageKey::Section(Section::Context)), ["services"]);
        assert_eq!(keys(&PageKey::Section(Section::Outreach)), ["outreach"]);
        assert!(keys(&PageKey::Section(Section::Vision)).is_empty());
        assert_eq!(keys(&PageKey::Strategy), ["services", "outreach"]);
        assert!(keys(&PageKey::Home).is_empty());
        assert!(keys(&PageKey::Free("about".into())).is_empty());
    }
}
