//! Dates as strategies write them: a review day (`2026-06-15`) or a timeline bound (`2027`,
//! `2027-03`, `2027-03-31`). Kept as validated parts; formatting belongs to the renderer.

use std::fmt;

/// A date as precise as the strategy wrote it: a year, a month or a day. Dates order by year,
/// then month, then day, a date without a month before any with one in the same year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, from 1900.
    pub year: u16,
    /// The month, 1 to 12, if written.
    pub month: Option<u8>,
    /// The day of the month, if written (only with a month).
    pub day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the month and day exist.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let mut parts = s.trim().split('-');
        let year = parts.next().filter(|y| y.len() == 4)?.parse::<u16>().ok()?;
        let month = match parts.next() {
            Some(m) if m.len() == 2 => Some(m.parse::<u8>().ok().filter(|m| (1..=12).contains(m))?),
            Some(_) => return None,
            None => None,
        };
        let day = match parts.next() {
            Some(d) if d.len() == 2 => {
                let d = d.parse::<u8>().ok()?;
                (d >= 1 && d <= days_in_month(year, month?)).then_some(d)?;
                Some(d)
            }
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() || year < 1900 {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// A full date (`YYYY-MM-DD`) only.
    pub fn parse_day(s: &str) -> Option<PartialDate> {
        PartialDate::parse(s).filter(|d| d.day.is_some())
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601, the form used in `datetime` attributes (and Canada's official all-numeric date).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(PartialDate::parse("2027").unwrap().to_string(), "2027");
        assert_eq!(
            PartialDate::parse("2027-03").unwrap().to_string(),
            "2027-03"
        );
        assert_eq!(
            PartialDate::parse("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
    }

    #[test]
    fn rejects_impossible_dates() {
        for bad in [
            "2025-02-29",
            "2025-13",
            "2025-4",
            "25",
            "2025/04/01",
            "next year",
            "2025-04-31",
        ] {
            assert!(PartialDate::parse(bad).is_none(), "{bad}");
        }
        assert!(PartialDate::parse_day("2025-04").is_none());
    }
}
