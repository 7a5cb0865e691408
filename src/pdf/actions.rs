//! One action's details after its priority's table (partners, funders, indicators, description,
//! dated progress notes), and the partnership council.

use crate::model::{Action, Id};

use super::document::{content, Document};
use super::markup::Markup;

impl Document<'_> {
    pub(super) fn action(&self, m: &mut Markup, id: Id<Action>, level: u8) {
        let a = id.of(self.s);
        let origin = self.section_file("action-plan");
        m.from(origin.clone());
        m.raw(&format!("#heading(level: {level})["));
        self.texts.plain(m, |c| c.actions.get(id).map(|t| &t.title));
        m.raw("]\n\n");
        let sep = self.t("list_separator");
        let mut facts: Vec<(&str, String)> = Vec::new();
        let names = |ids: &[Id<crate::model::Partner>]| {
            let mut m = Markup::default();
            for (i, &p) in ids.iter().enumerate() {
                if i > 0 {
                    m.text(sep);
                }
                self.name_of_partner(&mut m, p);
            }
            m.text
        };
        if !a.partners.is_empty() {
            facts.push(("partners", names(&a.partners)));
        }
        if !a.funders.is_empty() {
            facts.push(("funders", names(&a.funders)));
        }
        if !a.indicators.is_empty() {
            let mut im = Markup::default();
            for (i, &ind) in a.indicators.iter().enumerate() {
                if i > 0 {
                    im.text("; ");
                }
                self.texts
                    .plain(&mut im, |c| c.indicators.get(ind).map(|t| &t.name));
            }
            facts.push(("indicators", im.text));
        }
        for (key, value) in facts {
            m.raw("#strong")
                .raw(&content(self.t(key)))
                .raw(": ")
                .raw(&value);
            m.raw(" #linebreak()\n");
        }
        m.par();
        self.texts.rich(
            m,
            |c| c.actions.get(id).map(|t| &t.description),
            &origin,
            level + 1,
        );
        self.progress(m, id);
    }

    pub(super) fn name_of_partner(&self, m: &mut Markup, id: Id<crate::model::Partner>) {
        let item = id.of(self.s);
        self.texts
            .name(m, item.name.as_ref(), |c| c.labels.partners.get(id));
    }

    /// An action's dated progress notes.
    fn progress(&self, m: &mut Markup, id: Id<Action>) {
        let a = id.of(self.s);
        if a.progress.is_empty() {
            return;
        }
        let origin = self.section_file("action-plan");
        m.raw("#strong")
            .raw(&content(self.t("progress")))
            .raw("\n\n#list(");
        for note in &a.progress {
            let key = note.date.to_string();
            m.raw("[").text(&self.date(&note.date));
            if let Some(st) = note.status {
                m.raw(" ").text(&format!("({})", self.words.get(&st.key())));
            }
            m.raw(" — ");
            self.texts.rich(
                m,
                |c| c.actions.get(id).and_then(|t| t.progress.get(&key)),
                &origin,
                6,
            );
            m.raw("], ");
        }
        m.raw(")\n\n");
    }

    pub(super) fn council(&self, m: &mut Markup) {
        let Some(c) = self.s.council.as_ref() else {
            return;
        };
        m.raw("#heading(level: 2)")
            .raw(&content(self.t("council_members")))
            .raw("\n\n#terms(");
        for (sector, _) in Id::each(&c.sectors) {
            let seats: Vec<_> = Id::each(&c.seats)
                .filter(|(_, seat)| seat.sector == sector)
                .collect();
            if seats.is_empty() {
                continue;
            }
            m.raw("terms.item([");
            self.texts.plain(m, |x| x.labels.sectors.get(sector));
            m.raw("], [");
            for (i, (seat_id, seat)) in seats.into_iter().enumerate() {
                if i > 0 {
                    m.text(self.t("list_separator"));
                }
                match seat.partner {
                    Some(p) => self.name_of_partner(m, p),
                    None => self.texts.plain(m, |x| x.labels.seats.get(seat_id)),
                }
                if seat.role.as_str() != "member" {
                    m.text(&format!(" ({})", self.words.get(&seat.role.key())));
                }
            }
            m.raw("]), ");
        }
        m.raw(")\n\n");
        self.working_groups(m, c);
    }

    fn working_groups(&self, m: &mut Markup, c: &crate::model::Council) {
        if c.working_groups.is_empty() {
            return;
        }
        let origin = self.section_file("council");
        m.raw("#heading(level: 2)")
            .raw(&content(self.t("working_groups")))
            .raw("\n\n");
        for (id, w) in Id::each(&c.working_groups) {
            m.raw("#heading(level: 3)[");
            self.texts
                .plain(m, |x| x.working_groups.get(id).map(|t| &t.name));
            m.raw("]\n\n");
            self.texts.rich(
                m,
                |x| x.working_groups.get(id).map(|t| &t.description),
                &origin,
                4,
            );
            if let Some(chair) = w.chair {
                m.raw("#strong").raw(&content(self.t("chair"))).raw(": ");
                self.name_of_partner(m, chair);
                m.par();
            }
            if !w.members.is_empty() {
                m.raw("#strong").raw(&content(self.t("members"))).raw(": ");
                for (i, &p) in w.members.iter().enumerate() {
                    if i > 0 {
                        m.text(self.t("list_separator"));
                    }
                    self.name_of_partner(m, p);
                }
                m.par();
            }
        }
    }
}
