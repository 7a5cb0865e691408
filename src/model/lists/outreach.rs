//! Outreach activities: how the partnership made its strategy known (handbook component H,
//! promotion and outreach), shown as a table on the outreach page.

use serde::Deserialize;

use super::{Cell, Column, ListKind, ListSpec};
use crate::model::data::WrittenId;
use crate::model::join::Resolve;
use crate::model::vocab::vocabulary;
use crate::model::{Id, PartialDate, Partner, Section};
use crate::yaml::Spanned;

vocabulary!(
    /// How an outreach activity reached people.
    Channel, "channel" {
        Event = "event",
        Workshop = "workshop",
        Presentation = "presentation",
        Media = "media",
        Print = "print",
        Online = "online",
    }
);

/// Something the partnership did to make its strategy known.
#[derive(Debug, Clone)]
pub struct OutreachActivity {
    /// Its id in the data, as written.
    pub id: String,
    /// When it took place: a year, a month or a day.
    pub when: PartialDate,
    /// How it reached people.
    pub channel: Channel,
    /// The partner that ran it with the partnership, if the data names one.
    pub partner: Option<Id<Partner>>,
    /// How many people it reached, if counted.
    pub reached: Option<u64>,
}

/// An outreach activity as written in `data/outreach.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutreachData {
    pub id: WrittenId,
    /// When it took place: `2025`, `2025-09` or `2025-09-18`.
    pub when: Spanned<String>,
    pub channel: Channel,
    /// The partner that ran it with the partnership (an id of partners.yaml).
    pub partner: Option<WrittenId>,
    /// How many people it reached.
    pub reached: Option<Spanned<u64>>,
}

impl ListKind for OutreachActivity {
    const LIST: ListSpec = ListSpec {
        name: "outreach activity",
        data_file: "outreach",
        key: "outreach",
        holds: "Outreach activities: when, how, with whom and how many people they reached",
        shown_on: Section::Outreach,
        heading_anchor: "outreach-activities",
        heading: "outreach_heading",
        name_column: "outreach_column",
        columns: &[
            Column::words("outreach_when_column"),
            Column::words("outreach_channel_column"),
            Column::words("partner_column"),
            Column::numbers("outreach_reached_column"),
        ],
        row_anchor: "outreach-",
    };
    type Record = OutreachData;

    fn record_id(r: &OutreachData) -> &Spanned<String> {
        &r.id
    }

    fn join(r: &OutreachData, at: &mut Resolve<'_, '_>) -> Option<OutreachActivity> {
        let partner = r.partner.as_ref().and_then(|p| at.id(p));
        let when = at.date(&r.when);
        let reached = match &r.reached {
            Some(n) => Some(at.count(n)?),
            None => None,
        };
        Some(OutreachActivity {
            id: r.id.value.clone(),
            when: when?,
            channel: r.channel,
            partner,
            reached,
        })
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::Date(self.when),
            Cell::Word(self.channel.key()),
            Cell::name(self.partner),
            self.reached.map_or(Cell::Empty, |n| Cell::Number(n as f64)),
        ]
    }

    #[cfg(test)]
    fn vocabulary() -> Vec<String> {
        Channel::ALL.iter().map(|c| c.key()).collect()
    }
}
