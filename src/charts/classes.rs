//! Natural breaks (Jenks): a few classes of values, each as tight as it can be, for the map's
//! shades. Computed exactly by Fisher's dynamic programme (a few million steps for a thousand
//! areas) rather than by sampling, so the same data always gives the same classes, and equal
//! values always fall in the same class.

/// One class: its lowest and its highest value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Class {
    pub low: f64,
    pub high: f64,
}

/// The most values the breaks are computed from: the programme's time grows with the square of
/// their number, so a larger list (a file of a hundred thousand tiny areas) is represented by this
/// many of its values, evenly spaced in order.
const MOST_VALUES: usize = 1000;

/// At most `wanted` classes of `values` (fewer when there are fewer different values), from the
/// lowest to the highest, that together hold every value.
pub(crate) fn natural_breaks(values: &[f64], wanted: usize) -> Vec<Class> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    if v.len() <= MOST_VALUES {
        return exact_breaks(&v, wanted);
    }
    let picked: Vec<f64> = (0..MOST_VALUES)
        .map(|i| v[i * (v.len() - 1) / (MOST_VALUES - 1)])
        .collect();
    let mut classes = exact_breaks(&picked, wanted);
    // Every value falls in a class by its highest value; each class's lowest is then what it holds.
    let highs: Vec<f64> = classes.iter().map(|c| c.high).collect();
    for (i, class) in classes.iter_mut().enumerate() {
        let floor = if i == 0 {
            f64::NEG_INFINITY
        } else {
            highs[i - 1]
        };
        class.low = v.iter().copied().find(|&x| x > floor).unwrap_or(class.low);
    }
    classes
}

/// Natural breaks of sorted values, computed exactly.
fn exact_breaks(v: &[f64], wanted: usize) -> Vec<Class> {
    let n = v.len();
    let distinct = v.windows(2).filter(|w| w[0] != w[1]).count() + usize::from(n > 0);
    let k = wanted.min(distinct);
    if k == 0 {
        return Vec::new();
    }
    // Sums of values and squares up to each index, for the spread of any run in one step.
    let mut sum = vec![0.0; n + 1];
    let mut squares = vec![0.0; n + 1];
    for (i, x) in v.iter().enumerate() {
        sum[i + 1] = sum[i] + x;
        squares[i + 1] = squares[i] + x * x;
    }
    let spread = |from: usize, to: usize| {
        let (s, q, m) = (
            sum[to] - sum[from],
            squares[to] - squares[from],
            (to - from) as f64,
        );
        q - s * s / m
    };
    // A class may only begin where the value changes.
    let may_begin = |i: usize| i == 0 || v[i - 1] != v[i];
    // cost[c][j]: the least spread of the first j values in c + 1 classes; from[c][j]: where
    // the last of those classes begins.
    let mut cost = vec![vec![f64::INFINITY; n + 1]; k];
    let mut from = vec![vec![0usize; n + 1]; k];
    for (j, first) in cost[0].iter_mut().enumerate().skip(1) {
        *first = spread(0, j);
    }
    for c in 1..k {
        for j in (c + 1)..=n {
            for i in c..j {
                if !may_begin(i) || !cost[c - 1][i].is_finite() {
                    continue;
                }
                let total = cost[c - 1][i] + spread(i, j);
                if total < cost[c][j] {
                    cost[c][j] = total;
                    from[c][j] = i;
                }
            }
        }
    }
    let mut classes = Vec::with_capacity(k);
    let mut end = n;
    for c in (0..k).rev() {
        let start = if c == 0 { 0 } else { from[c][end] };
        classes.push(Class {
            low: v[start],
            high: v[end - 1],
        });
        end = start;
    }
    classes.reverse();
    classes
}

/// The class `value` falls in.
pub(crate) fn class_of(classes: &[Class], value: f64) -> usize {
    classes
        .iter()
        .position(|c| value <= c.high)
        .unwrap_or(classes.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clear_groups_become_classes() {
        let v = [1.0, 2.0, 1.5, 10.0, 11.0, 10.5, 50.0, 52.0];
        let c = natural_breaks(&v, 3);
        assert_eq!(
            c,
            [
                Class {
                    low: 1.0,
                    high: 2.0
                },
                Class {
                    low: 10.0,
                    high: 11.0
                },
                Class {
                    low: 50.0,
                    high: 52.0
                }
            ]
        );
        assert_eq!(class_of(&c, 10.5), 1);
    }

    #[test]
    fn there_are_never_more_classes_than_different_values_and_equal_values_stay_together() {
        assert_eq!(natural_breaks(&[3.0, 3.0, 7.0], 5).len(), 2);
        assert!(natural_breaks(&[], 5).is_empty());
        let c = natural_breaks(&[1.0, 1.0, 1.0, 2.0, 9.0, 9.0], 3);
        assert_eq!(c.len(), 3);
        assert!(c.windows(2).all(|w| w[0].high < w[1].low), "{c:?}");
    }

    #[test]
    fn a_hundred_thousand_values_are_classed_from_a_thousand_and_every_value_has_a_class() {
        let v: Vec<f64> = (0..100_000)
            .map(|i| ((i * 7919) % 100_003) as f64)
            .collect();
        let start = std::time::Instant::now();
        let c = natural_breaks(&v, 5);
        assert!(start.elapsed().as_secs() < 5);
        assert_eq!(c.len(), 5);
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!((c[0].low, c[4].high), (min, max));
        assert!(c.windows(2).all(|w| w[0].high < w[1].low), "{c:?}");
    }

    #[test]
    fn a_thousand_values_are_classed_quickly_and_every_value_has_a_class() {
        let v: Vec<f64> = (0..1000).map(|i| ((i * 7919) % 1000) as f64).collect();
        let c = natural_breaks(&v, 5);
        assert_eq!(c.len(), 5);
        assert_eq!((c[0].low, c[4].high), (0.0, 999.0));
    }
}
