//! The map of where newcomers live and where services are, as a reader sees it in one language:
//! the map itself, its description with the counts from the data, the table of the areas on the
//! map (with the service locations found inside each by their coordinates), its CSV, and the
//! areas with the most newcomers for each service location.

use geo::{Contains, MultiPolygon, Point};
use serde::Serialize;

use super::figures::{csv, Figures};
use crate::charts::classes::{class_of, natural_breaks, Class};
use crate::charts::map::{map_chart, MapArea, MapKey, MapPoint, Mark};
use crate::charts::{Chart, Label};
use crate::i18n::format::{plain_number, plain_share};
use crate::model::vocab::ServiceKind;
use crate::model::{Area, Id, Section};

#[derive(Serialize)]
pub(crate) struct MapView {
    pub chart: Chart,
    pub rows: Vec<MapRow>,
    /// Whether areas are shaded by their share of residents (else by their number of newcomers).
    pub by_share: bool,
    pub csv_url: Option<String>,
    /// The areas with the most newcomers for each service location, most first, in words.
    pub underserved: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct MapRow {
    pub id: String,
    pub name_html: String,
    pub newcomers: String,
    pub share: Option<String>,
    pub services: String,
    pub class: String,
}

/// One area on the map, with what the map and the table say of it.
struct Mapped<'s> {
    id: Id<Area>,
    area: &'s Area,
    shape: &'s MultiPolygon<f64>,
    value: f64,
    services: usize,
}

/// The shape of each kind of service location.
fn mark(kind: ServiceKind) -> Mark {
    match kind {
        ServiceKind::Settlement => Mark::Circle,
        ServiceKind::Language => Mark::Square,
        ServiceKind::Employment => Mark::Triangle,
        ServiceKind::Health => Mark::Cross,
        ServiceKind::Other => Mark::Diamond,
    }
}

/// How many classes a map of `n` areas gets: two or three for a handful, five at most.
fn classes_for(n: usize) -> usize {
    ((n as f64).sqrt().ceil() as usize + 1).min(5)
}

impl Figures<'_> {
    /// The map, when some area has a shape; writes its CSV beside the context page.
    pub(super) fn map(&self, files: &mut Vec<(String, String)>) -> Option<MapView> {
        let s = self.s;
        let by_share = !s.areas.is_empty() && s.areas.iter().all(|a| a.residents.is_some());
        let mapped: Vec<Mapped> = Id::each(&s.areas)
            .filter_map(|(id, area)| {
                let shape = area.shape.as_ref()?;
                let services = (s.lists.services.iter().filter_map(|x| x.at))
                    .filter(|&(lon, lat)| shape.contains(&Point::new(lon, lat)))
                    .count();
                let value = match (by_share, area.residents) {
                    (true, Some(r)) if r > 0 => area.newcomers as f64 * 100.0 / r as f64,
                    (true, _) => 0.0,
                    _ => area.newcomers as f64,
                };
                Some(Mapped {
                    id,
                    area,
                    shape,
                    value,
                    services,
                })
            })
            .collect();
        if mapped.is_empty() {
            return None;
        }
        let values: Vec<f64> = mapped.iter().map(|m| m.value).collect();
        let classes = natural_breaks(&values, classes_for(mapped.len()));
        let class_words: Vec<String> = classes
            .iter()
            .map(|c| self.class_words(c, by_share))
            .collect();
        let chart = self.map_chart(&mapped, &classes, &class_words, by_share);
        let csv_url = self.map_csv(&mapped, &classes, &class_words, by_share, files);
        Some(MapView {
            chart,
            rows: mapped
                .iter()
                .map(|m| MapRow {
                    id: m.area.id.clone(),
                    name_html: self.text.plain(|c| c.areas.get(m.id)),
                    newcomers: self.fmt.number(m.area.newcomers as f64),
                    share: by_share.then(|| self.fmt.share(m.value)),
                    services: self.fmt.number(m.services as f64),
                    class: class_words[class_of(&classes, m.value)].clone(),
                })
                .collect(),
            by_share,
            csv_url,
            underserved: self.underserved(&mapped),
        })
    }

    fn value_words(&self, value: f64, by_share: bool) -> String {
        if by_share {
            self.fmt.share(value)
        } else {
            self.fmt.number(value)
        }
    }

    /// `1,100 to 1,650`, or one value when the class holds only one.
    fn class_words(&self, class: &Class, by_share: bool) -> String {
        let (low, high) = (
            self.value_words(class.low, by_share),
            self.value_words(class.high, by_share),
        );
        if low == high {
            return low;
        }
        self.words
            .fill("map_class_range", &[("low", &low), ("high", &high)])
    }

    fn map_chart(
        &self,
        mapped: &[Mapped],
        classes: &[Class],
        class_words: &[String],
        by_share: bool,
    ) -> Chart {
        let s = self.s;
        let areas: Vec<MapArea> = mapped
            .iter()
            .map(|m| MapArea {
                id: m.area.id.clone(),
                name: self.text.label(|c| c.areas.get(m.id)),
                shape: m.shape.clone(),
                class: class_of(classes, m.value),
            })
            .collect();
        let on_map = |(lon, lat): (f64, f64)| {
            mapped
                .iter()
                .any(|m| m.shape.contains(&Point::new(lon, lat)))
        };
        let points: Vec<MapPoint> = (s.lists.services.iter())
            .filter_map(|x| x.at.filter(|&at| on_map(at)).map(|at| (x.kind, at)))
            .map(|(kind, at)| MapPoint {
                kind: kind.as_str(),
                mark: mark(kind),
                at,
            })
            .collect();
        let marks = ServiceKind::ALL
            .iter()
            .filter(|k| points.iter().any(|p| p.kind == k.as_str()))
            .map(|&k| (mark(k), Label::own(self.words.get(&k.key()))))
            .collect();
        let measure = if by_share {
            "map_key_share"
        } else {
            "newcomers_living"
        };
        let key = MapKey {
            classes_heading: Label::own(self.words.get(measure)),
            classes: class_words.to_vec(),
            marks_heading: Label::own(self.words.get("service_locations")),
            marks,
            numbers_heading: Label::own(self.words.get("map_key_numbers")),
        };
        let title = Label::own(self.words.get("map_title"));
        let desc = self.map_desc(mapped, classes, by_share, points.len());
        map_chart(
            "chart-map",
            &title,
            &desc,
            &areas,
            &points,
            &key,
            self.direction,
        )
    }

    /// "Map of 4 areas in 3 classes of …, from 300 to 1,900. 9 service locations are on the map;
    /// 6 of them in Downtown."
    fn map_desc(
        &self,
        mapped: &[Mapped],
        classes: &[Class],
        by_share: bool,
        services: usize,
    ) -> String {
        let (low, high) = (
            classes.first().map_or(0.0, |c| c.low),
            classes.last().map_or(0.0, |c| c.high),
        );
        let measure = if by_share {
            "map_measure_share"
        } else {
            "map_measure_count"
        };
        let mut desc = self.words.fill(
            "map_desc",
            &[
                ("areas", &self.fmt.number(mapped.len() as f64)),
                ("classes", &self.fmt.number(classes.len() as f64)),
                ("measure", self.words.get(measure)),
                ("low", &self.value_words(low, by_share)),
                ("high", &self.value_words(high, by_share)),
            ],
        );
        if let Some(most) = mapped
            .iter()
            .filter(|m| m.services > 0)
            .max_by_key(|m| m.services)
        {
            desc.push(' ');
            desc.push_str(&self.words.fill(
                "map_desc_services",
                &[
                    ("services", &self.fmt.number(services as f64)),
                    ("most", &self.fmt.number(most.services as f64)),
                    ("area", &self.text.label(|c| c.areas.get(most.id)).text),
                ],
            ));
        }
        desc
    }

    /// The areas with more newcomers for each service location than the map as a whole (or
    /// newcomers and no service location at all), most first.
    fn underserved(&self, mapped: &[Mapped]) -> Vec<String> {
        let newcomers: u64 = mapped.iter().map(|m| m.area.newcomers).sum();
        let services: usize = mapped.iter().map(|m| m.services).sum();
        let overall = newcomers as f64 / services.max(1) as f64;
        let per = |m: &Mapped| m.area.newcomers as f64 / m.services.max(1) as f64;
        let mut list: Vec<&Mapped> = mapped
            .iter()
            .filter(|m| m.area.newcomers > 0 && (m.services == 0 || per(m) > overall))
            .collect();
        list.sort_by(|a, b| {
            (b.services == 0, per(b))
                .partial_cmp(&(a.services == 0, per(a)))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        list.iter()
            .map(|m| {
                let key = if m.services == 0 {
                    "map_underserved_none"
                } else {
                    "map_underserved"
                };
                self.words.fill(
                    key,
                    &[
                        ("area", &self.text.label(|c| c.areas.get(m.id)).text),
                        ("newcomers", &self.fmt.number(m.area.newcomers as f64)),
                        ("services", &self.fmt.number(m.services as f64)),
                        ("per", &self.fmt.number(per(m).round())),
                    ],
                )
            })
            .collect()
    }

    fn map_csv(
        &self,
        mapped: &[Mapped],
        classes: &[Class],
        class_words: &[String],
        by_share: bool,
        files: &mut Vec<(String, String)>,
    ) -> Option<String> {
        let path = self.csv_path(Section::Context, "areas-map.csv")?;
        let mut header = vec![
            self.words.get("area").to_string(),
            self.words.get("newcomers_living").to_string(),
        ];
        if by_share {
            header.push(self.share_column());
        }
        header.push(self.words.get("map_services_column").to_string());
        header.push(self.words.get("map_class_column").to_string());
        let rows = mapped.iter().map(|m| {
            let mut row = vec![
                self.text.label(|c| c.areas.get(m.id)).text,
                plain_number(m.area.newcomers as f64),
            ];
            if by_share {
                row.push(plain_share(m.value));
            }
            row.push(plain_number(m.services as f64));
            row.push(class_words[class_of(classes, m.value)].clone());
            row
        });
        files.push((path.clone(), csv(&header, rows)));
        Some(path)
    }
}
