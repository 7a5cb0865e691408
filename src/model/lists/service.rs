//! Service locations: where newcomers get a service, who runs it and in which area, for the
//! table (and the map) of where services are.

use serde::Deserialize;

use super::{Cell, Column, ListKind, ListSpec};
use crate::model::data::WrittenId;
use crate::model::join::Resolve;
use crate::model::vocab::ServiceKind;
use crate::model::{Area, Id, Partner, Section};
use crate::yaml::Spanned;

/// A place where newcomers get a service, for the table (and the map) of where services are.
#[derive(Debug, Clone)]
pub struct Service {
    /// Its id in the data, as written.
    pub id: String,
    /// What it offers newcomers.
    pub kind: ServiceKind,
    /// The partner that runs it, if the data names one.
    pub partner: Option<Id<Partner>>,
    /// The area of the community it is in, if the data names one.
    pub area: Option<Id<Area>>,
    /// Longitude and latitude.
    pub at: Option<(f64, f64)>,
}

/// A service location as written in `data/services.yaml`.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ServiceData {
    pub id: WrittenId,
    pub kind: ServiceKind,
    /// The partner that runs it (an id of partners.yaml).
    pub partner: Option<WrittenId>,
    /// The area it is in (an id of the areas in context.yaml).
    pub area: Option<WrittenId>,
    /// Where it is, as `[longitude, latitude]`, for the map.
    pub at: Option<Spanned<[f64; 2]>>,
}

impl ListKind for Service {
    const LIST: ListSpec = ListSpec {
        name: "service location",
        data_file: "services",
        key: "services",
        holds: "Service locations: what they offer, who runs them, where they are",
        shown_on: Section::Context,
        heading_anchor: "context-services",
        heading: "services_heading",
        name_column: "service_column",
        columns: &[
            Column::words("service_kind_column"),
            Column::words("area"),
            Column::words("partner_column"),
        ],
        row_anchor: "service-",
    };
    type Record = ServiceData;

    fn record_id(r: &ServiceData) -> &Spanned<String> {
        &r.id
    }

    fn join(r: &ServiceData, at: &mut Resolve<'_, '_>) -> Option<Service> {
        Some(Service {
            id: r.id.value.clone(),
            kind: r.kind,
            partner: r.partner.as_ref().and_then(|p| at.id(p)),
            area: r.area.as_ref().and_then(|a| at.id(a)),
            at: r.at.as_ref().and_then(|p| at.place(p)),
        })
    }

    fn cells(&self) -> Vec<Cell> {
        vec![
            Cell::Word(self.kind.key()),
            Cell::name(self.area),
            Cell::name(self.partner),
        ]
    }

    #[cfg(test)]
    fn vocabulary() -> Vec<String> {
        ServiceKind::ALL.iter().map(|k| k.key()).collect()
    }
}
