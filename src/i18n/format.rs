//! Numbers, percentages and money in the reader's locale. Digits and grouping come from ICU4X's
//! CLDR data (`200,000` in en-CA, `200 000` with a no-break space in fr-CA); where the `%` and `$`
//! go is an interface word of each language (`{n}%`, `{n} %`, `${n}`, `{n} $`).

use icu_decimal::input::{Decimal, FloatPrecision};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

use super::Words;
use crate::model::vocab::Unit;

/// A number as data files and CSV write it, in no locale: a dot for decimals, no grouping, at most
/// two decimals (`57`, `14.29`).
pub fn plain_number(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

pub struct NumberFormat {
    decimal: DecimalFormatter,
    percent: String,
    money: String,
}

impl NumberFormat {
    pub fn new(locale: &str, words: &Words) -> NumberFormat {
        let locale = Locale::try_from_str(locale).unwrap_or(Locale::UNKNOWN);
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default())
            .or_else(|_| DecimalFormatter::try_new(Default::default(), Default::default()))
            .expect("ICU4X's compiled data always has the root locale");
        NumberFormat {
            decimal,
            percent: words.get("format.percent").to_string(),
            money: words.get("format.money").to_string(),
        }
    }

    /// A plain number: whole numbers without decimals, others with at most one.
    pub fn number(&self, value: f64) -> String {
        let magnitude = if value.fract().abs() < 1e-9 { 0 } else { -1 };
        let mut d =
            Decimal::try_from_f64(value, FloatPrecision::Magnitude(magnitude)).unwrap_or_default();
        d.absolute.trim_end();
        self.decimal.format(&d).to_string()
    }

    pub fn percent(&self, value: f64) -> String {
        self.percent.replace("{n}", &self.number(value))
    }

    pub fn money(&self, value: f64) -> String {
        self.money.replace("{n}", &self.number(value))
    }

    pub fn value(&self, value: f64, unit: Unit) -> String {
        match unit {
            Unit::Number => self.number(value),
            Unit::Percent => self.percent(value),
            Unit::Money => self.money(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(percent: &str, money: &str) -> Words {
        Words::from_pairs([("format.percent", percent), ("format.money", money)])
    }

    #[test]
    fn canadian_english_and_french() {
        let en = NumberFormat::new("en-CA", &words("{n}%", "${n}"));
        assert_eq!(en.money(200_000.0), "$200,000");
        assert_eq!(en.percent(57.0), "57%");
        assert_eq!(en.number(61.54), "61.5");
        let fr = NumberFormat::new("fr-CA", &words("{n}\u{a0}%", "{n}\u{a0}$"));
        assert_eq!(fr.money(200_000.0), "200\u{a0}000\u{a0}$");
        assert_eq!(fr.percent(57.0), "57\u{a0}%");
        assert_eq!(fr.number(61.5), "61,5");
    }
}
