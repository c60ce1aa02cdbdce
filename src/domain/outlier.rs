//! A reported figure far from the organisation's own history: more than [`FACTOR`] times, or
//! less than a [`FACTOR`]th of, the median of its last approved periods. Not a validation rule
//! (nothing is refused for it): the reporter is asked for a comment before submitting such a
//! figure, and the reviewer sees it flagged.
//!
//! The median, not the mean, so that one odd period does not move the yardstick; and a
//! history of one repeated value (three periods of 0.00 injuries) never makes that same value
//! unusual. A zero median is handled on its own: the figure is unusual only if it is non-zero
//! and more than [`FACTOR`] times the largest earlier magnitude — after nothing but zeros,
//! any non-zero figure asks for a word.

/// How many times the median a figure may be (or a how-manieth of it) before it is unusual.
pub const FACTOR: f64 = 3.0;
/// How many of the most recent earlier periods make the history.
pub const HISTORY_PERIODS: usize = 4;
/// How many earlier periods are needed before anything is unusual: one period is not a
/// history.
pub const MIN_HISTORY: usize = 2;

/// A figure's numeric reading from its stored columns: the percentage (0–100) or ratio from
/// its parts, else the value or the stage.
pub fn reading(
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stage: Option<i16>,
    percentage: bool,
) -> Option<f64> {
    match (numerator, denominator) {
        (Some(n), Some(d)) if d > 0.0 => Some(if percentage { 100.0 * n / d } else { n / d }),
        _ => value.or(stage.map(f64::from)),
    }
}

/// The median of the most recent [`HISTORY_PERIODS`] figures of `earlier` (most recent
/// first), if there are at least [`MIN_HISTORY`].
pub fn history_median(earlier: &[f64]) -> Option<f64> {
    let mut recent: Vec<f64> = earlier
        .iter()
        .copied()
        .filter(|x| x.is_finite())
        .take(HISTORY_PERIODS)
        .collect();
    if recent.len() < MIN_HISTORY {
        return None;
    }
    recent.sort_by(f64::total_cmp);
    let n = recent.len();
    Some(if n % 2 == 1 {
        recent[n / 2]
    } else {
        (recent[n / 2 - 1] + recent[n / 2]) / 2.0
    })
}

/// Whether `current` is unusual against `earlier` (the organisation's earlier approved
/// figures of the indicator, most recent first); see the module's rule.
pub fn is_unusual(current: f64, earlier: &[f64]) -> bool {
    let Some(median) = history_median(earlier).filter(|_| current.is_finite()) else {
        return false;
    };
    if median == 0.0 {
        let largest = earlier
            .iter()
            .take(HISTORY_PERIODS)
            .fold(0.0_f64, |m, x| m.max(x.abs()));
        return current != 0.0 && current.abs() > FACTOR * largest;
    }
    // A change of sign is as far as a figure can go.
    if current.signum() != median.signum() || current == 0.0 {
        return true;
    }
    let ratio = current / median;
    !(1.0 / FACTOR..=FACTOR).contains(&ratio)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_times_or_a_third_of_the_median() {
        // Last four of 8, 10, 12, 100 (most recent first): sorted 8, 10, 12, 100, median 11.
        let earlier = [8.0, 10.0, 12.0, 100.0, 5000.0];
        assert_eq!(history_median(&earlier), Some(11.0));
        // 3 × 11 = 33 and 11 / 3 = 3.67 are the edges.
        assert!(!is_unusual(33.0, &earlier));
        assert!(is_unusual(33.1, &earlier));
        assert!(!is_unusual(3.7, &earlier));
        assert!(is_unusual(3.6, &earlier));
        // An odd count: 4, 9, 30 → median 9.
        assert_eq!(history_median(&[30.0, 4.0, 9.0]), Some(9.0));
    }

    #[test]
    fn a_repeated_value_is_never_unusual() {
        assert!(!is_unusual(0.0, &[0.0, 0.0, 0.0]));
        assert!(!is_unusual(4.0, &[4.0, 4.0, 4.0]));
        assert!(!is_unusual(-2.0, &[-2.0, -2.0]));
    }

    #[test]
    fn a_zero_median_asks_only_for_a_figure_well_above_the_history() {
        // Nothing but zeros: any non-zero figure stands out.
        assert!(is_unusual(0.3, &[0.0, 0.0, 0.0]));
        // Median of 0, 0, 0, 0.5 is 0; the largest is 0.5, so up to 1.5 is usual.
        let earlier = [0.0, 0.5, 0.0, 0.0];
        assert_eq!(history_median(&earlier), Some(0.0));
        assert!(!is_unusual(1.5, &earlier));
        assert!(is_unusual(1.6, &earlier));
        assert!(!is_unusual(0.0, &earlier));
    }

    #[test]
    fn zero_or_a_change_of_sign_after_a_non_zero_median() {
        assert!(is_unusual(0.0, &[5.0, 6.0]));
        assert!(is_unusual(-5.0, &[5.0, 6.0]));
        // Negative history: -6, -5 → median -5.5; -10 is 1.8 times, usual.
        assert!(!is_unusual(-10.0, &[-6.0, -5.0]));
    }

    #[test]
    fn no_history_no_flag() {
        assert!(!is_unusual(1_000.0, &[]));
        assert!(!is_unusual(1_000.0, &[1.0]));
        assert!(!is_unusual(f64::NAN, &[1.0, 1.0]));
    }

    #[test]
    fn reading_from_the_columns() {
        assert_eq!(
            reading(None, Some(45.0), Some(120.0), None, true),
            Some(37.5)
        );
        assert_eq!(
            reading(None, Some(45.0), Some(120.0), None, false),
            Some(0.375)
        );
        assert_eq!(reading(Some(7.0), None, None, None, false), Some(7.0));
        assert_eq!(reading(None, None, None, Some(2), false), Some(2.0));
        assert_eq!(reading(None, Some(1.0), Some(0.0), None, false), None);
    }
}
