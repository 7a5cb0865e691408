//! Dates in the reader's language, from ICU4X's CLDR data: `15 June 2026` or `June 15, 2026`,
//! `15 juin 2026`, `١٥ يونيو ٢٠٢٦`, as each locale writes them. Always the Gregorian calendar, the
//! one Canadian plans are written in, whatever a locale's default calendar is.

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_locale_core::Locale;

use crate::model::PartialDate;

pub(crate) struct DateFormat {
    day: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    month: Option<FixedCalendarDateTimeFormatter<Gregorian, YM>>,
    year: Option<FixedCalendarDateTimeFormatter<Gregorian, Y>>,
}

impl DateFormat {
    pub(crate) fn new(locale: &str) -> DateFormat {
        let locale = Locale::try_from_str(locale).unwrap_or(Locale::UNKNOWN);
        DateFormat {
            day: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok(),
            month: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::long()).ok(),
            year: FixedCalendarDateTimeFormatter::try_new((&locale).into(), Y::long()).ok(),
        }
    }

    /// The date as the locale writes it, at the date's own precision (year, month or day). Falls
    /// back to ISO 8601 if the locale has no data.
    pub(crate) fn format(&self, d: &PartialDate) -> String {
        let date =
            Date::try_new_gregorian(i32::from(d.year), d.month.unwrap_or(1), d.day.unwrap_or(1))
                .ok();
        let formatted = match (date, d.month, d.day) {
            (Some(date), Some(_), Some(_)) => {
                self.day.as_ref().map(|f| f.format(&date).to_string())
            }
            (Some(date), Some(_), None) => self.month.as_ref().map(|f| f.format(&date).to_string()),
            (Some(date), None, _) => self.year.as_ref().map(|f| f.format(&date).to_string()),
            (None, ..) => None,
        };
        formatted.unwrap_or_else(|| d.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(locale: &str, s: &str) -> String {
        DateFormat::new(locale).format(&PartialDate::parse(s).unwrap())
    }

    #[test]
    fn canadian_english_and_french_dates() {
        assert_eq!(fmt("en-CA", "2026-06-15"), "June 15, 2026");
        assert_eq!(fmt("fr-CA", "2026-06-15"), "15 juin 2026");
        assert_eq!(fmt("en-CA", "2027-03"), "March 2027");
        assert_eq!(fmt("fr-CA", "2027-03"), "mars 2027");
        assert_eq!(fmt("fr-CA", "2027"), "2027");
    }

    #[test]
    fn arabic_and_spanish_dates_use_their_month_names() {
        let ar = fmt("ar", "2026-06-15");
        assert!(ar.contains("يونيو"), "{ar}");
        assert_eq!(fmt("es", "2026-06-15"), "15 de junio de 2026");
    }
}
