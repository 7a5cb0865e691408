//! Numbers, percentages and money in the reader's locale. Digits and grouping come from ICU4X's
//! CLDR data (`200,000` in en-CA, `200 000` with a no-break space in fr-CA); where the `%` and `$`
//! go is an interface word of each language (`{n}%`, `{n} %`, `${n}`, `{n} $`).

use icu_decimal::input::{Decimal, FloatPrecision, SignDisplay};
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

use super::Words;
use crate::model::vocab::Unit;

/// A number as data files and CSV write it, in no locale: a dot for decimals, no grouping, at most
/// two decimals (`57`, `14.29`).
pub(crate) fn plain_number(v: f64) -> String {
    let s = format!("{v:.2}");
    without_minus_zero(s.trim_end_matches('0').trim_end_matches('.'))
}

/// `-0`, what a negative zero or a tiny negative number rounds to, is `0` to a reader.
fn without_minus_zero(number: &str) -> String {
    match number {
        "-0" => "0".to_string(),
        other => other.to_string(),
    }
}

/// A share (a percent of a whole) as the site shows it everywhere (chart, description, table and
/// CSV): to one decimal, or to as many as it takes for a share that is not zero to show as more
/// than zero (`0.04`, never `0`).
pub(crate) fn round_share(share: f64) -> f64 {
    let decimals = share_decimals(share);
    let scale = 10f64.powi(decimals);
    (share * scale).round() / scale
}

fn share_decimals(share: f64) -> i32 {
    if share <= 0.0 || share >= 0.05 || !share.is_finite() {
        1
    } else {
        ((-share.log10()).ceil() as i32).clamp(1, 6)
    }
}

/// A share as CSV writes it: [`round_share`], in no locale (`33.3`, `0.4`, `57`).
pub(crate) fn plain_share(share: f64) -> String {
    let s = format!("{:.*}", share_decimals(share) as usize, round_share(share));
    if s.contains('.') {
        without_minus_zero(s.trim_end_matches('0').trim_end_matches('.'))
    } else {
        without_minus_zero(&s)
    }
}

pub(crate) struct NumberFormat {
    decimal: DecimalFormatter,
    percent: String,
    money: String,
}

impl NumberFormat {
    pub(crate) fn new(locale: &str, words: &Words) -> NumberFormat {
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
    pub(crate) fn number(&self, value: f64) -> String {
        let magnitude = if value.fract().abs() < 1e-9 { 0 } else { -1 };
        let d =
            Decimal::try_from_f64(value, FloatPrecision::Magnitude(magnitude)).unwrap_or_default();
        self.format(d)
    }

    pub(crate) fn percent(&self, value: f64) -> String {
        self.percent.replace("{n}", &self.number(value))
    }

    /// A share of a whole, rounded by [`round_share`]: `33.3%`, `0.4 %`, `57%`.
    pub(crate) fn share(&self, share: f64) -> String {
        let magnitude = -share_decimals(share) as i16;
        let d = Decimal::try_from_f64(round_share(share), FloatPrecision::Magnitude(magnitude))
            .unwrap_or_default();
        self.percent.replace("{n}", &self.format(d))
    }

    /// Without trailing zeros, and without a minus on a zero (`-0` from `-0.01`).
    fn format(&self, mut d: Decimal) -> String {
        d.absolute.trim_end();
        d.apply_sign_display(SignDisplay::Negative);
        self.decimal.format(&d).to_string()
    }

    pub(crate) fn money(&self, value: f64) -> String {
        self.money.replace("{n}", &self.number(value))
    }

    pub(crate) fn value(&self, value: f64, unit: Unit) -> String {
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

    #[test]
    fn minus_zero_and_what_rounds_to_it_print_as_0() {
        let en = NumberFormat::new("en-CA", &words("{n}%", "${n}"));
        for v in [-0.0, -0.001, -0.04] {
            assert_eq!(en.number(v), "0", "{v}");
            assert_eq!(en.money(v), "$0", "{v}");
            assert_eq!(en.share(v), "0%", "{v}");
            assert_eq!(plain_share(v), "0", "{v}");
        }
        for v in [-0.0, -0.001] {
            assert_eq!(plain_number(v), "0", "{v}");
        }
        assert_eq!(en.number(-5.0), "-5");
        assert_eq!(plain_number(-0.04), "-0.04");
    }

    #[test]
    fn shares_keep_one_decimal_and_a_tiny_share_never_shows_as_zero() {
        let en = NumberFormat::new("en-CA", &words("{n}%", "${n}"));
        let fr = NumberFormat::new("fr-CA", &words("{n}\u{a0}%", "{n}\u{a0}$"));
        for (share, english, french, plain) in [
            (57.0, "57%", "57\u{a0}%", "57"),
            (100.0 / 3.0, "33.3%", "33,3\u{a0}%", "33.3"),
            (0.4, "0.4%", "0,4\u{a0}%", "0.4"),
            (0.04, "0.04%", "0,04\u{a0}%", "0.04"),
            (0.0012, "0.001%", "0,001\u{a0}%", "0.001"),
            (0.0, "0%", "0\u{a0}%", "0"),
            (99.96, "100%", "100\u{a0}%", "100"),
        ] {
            assert_eq!(en.share(share), english, "{share}");
            assert_eq!(fr.share(share), french, "{share}");
            assert_eq!(plain_share(share), plain, "{share}");
        }
    }
}
