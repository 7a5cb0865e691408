//! The tables of the kinds kept as lists (service locations, outreach activities), each at the end
//! of the section its declaration names: the same rows as the site's tables.

use crate::i18n::format::NumberFormat;
use crate::model::{for_each_list, Cell, EachList, Id, ListKind};

use super::document::Document;
use super::markup::Markup;

impl Document<'_> {
    /// The table of each list kind shown on the section `key` that has items.
    pub(super) fn lists(&self, m: &mut Markup, key: &str) {
        struct Tables<'d, 'a, 'm> {
            doc: &'d Document<'a>,
            m: &'m mut Markup,
            key: &'d str,
        }
        impl EachList for Tables<'_, '_, '_> {
            fn list<K: ListKind>(&mut self) {
                let items = K::items(self.doc.s);
                if K::LIST.shown_on.file_stem() == self.key && !items.is_empty() {
                    self.doc.list_table::<K>(self.m, items);
                }
            }
        }
        for_each_list(&mut Tables { doc: self, m, key });
    }

    fn list_table<K: ListKind>(&self, m: &mut Markup, items: &[K]) {
        let spec = K::LIST;
        self.heading(m, 2, self.t(spec.heading));
        let fmt = NumberFormat::new(&self.s.config.languages[self.li].locale, self.words);
        let rows = Id::each(items)
            .map(|(id, item)| {
                std::iter::once(Cell::name(Some(id)))
                    .chain(item.cells())
                    .map(|cell| self.cell(|m| self.list_cell(m, &cell, &fmt)))
                    .collect()
            })
            .collect();
        let header: Vec<&str> = std::iter::once(spec.name_column)
            .chain(spec.columns.iter().map(|c| c.title))
            .map(|k| self.t(k))
            .collect();
        // Numbers are aligned to the end; a kind's numeric columns come after its others.
        let numeric_from = 1
            + (spec.columns.iter())
                .position(|c| c.numeric)
                .unwrap_or(spec.columns.len());
        self.table(m, &header, rows, numeric_from);
    }

    fn list_cell(&self, m: &mut Markup, cell: &Cell, fmt: &NumberFormat) {
        match cell {
            Cell::Empty => {}
            Cell::Word(key) => {
                m.text(self.words.get(key));
            }
            Cell::Name(name) => {
                let proper = (name.proper)(self.s, name.index);
                self.texts.name(m, proper, |c| (name.words)(c, name.index));
            }
            Cell::Number(n) => {
                m.text(&fmt.number(*n));
            }
            Cell::Date(d) => {
                m.text(&self.date(d));
            }
        }
    }
}
