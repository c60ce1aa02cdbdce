//! Progress and status of an indicator against its target path.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::kinds::Direction;

/// A baseline and yearly targets; each value applies on 31 December of its year.
#[derive(Clone, Debug, PartialEq)]
pub struct TargetPath {
    /// Year whose 31 December the baseline describes.
    pub baseline_year: i32,
    /// The value at the baseline.
    pub baseline: f64,
    /// `(year, target)` pairs, in any order. Targets for the baseline year or earlier, and
    /// non-finite targets, are ignored; if a year appears twice the later entry wins.
    pub targets: Vec<(i32, f64)>,
}

/// 31 December of `year`, if chrono can represent it.
fn year_end(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

impl TargetPath {
    /// A path from an optional baseline. Without a baseline the first target stands in for
    /// it at the end of the year before, so no change is expected before the first target
    /// year; with neither, the path is empty and every status is "no data".
    pub fn new(baseline: Option<(i32, f64)>, targets: Vec<(i32, f64)>) -> TargetPath {
        let (baseline_year, baseline) = baseline
            .or_else(|| {
                targets
                    .iter()
                    .min_by_key(|(year, _)| *year)
                    .map(|&(year, value)| (year - 1, value))
            })
            .unwrap_or((0, f64::NAN));
        TargetPath {
            baseline_year,
            baseline,
            targets,
        }
    }

    /// The usable targets, sorted by year, one per year.
    fn valid_targets(&self) -> Vec<(i32, f64)> {
        let mut targets: Vec<(i32, f64)> = self
            .targets
            .iter()
            .copied()
            .filter(|(year, value)| {
                *year > self.baseline_year && value.is_finite() && year_end(*year).is_some()
            })
            .collect();
        // Stable sort keeps equal years in input order, so the later entry is last.
        targets.sort_by_key(|(year, _)| *year);
        let mut unique: Vec<(i32, f64)> = Vec::with_capacity(targets.len());
        for target in targets {
            match unique.last_mut() {
                Some(last) if last.0 == target.0 => *last = target,
                _ => unique.push(target),
            }
        }
        unique
    }

    /// The points the path passes through: the baseline, then each target, by date.
    /// Empty if the baseline is unusable.
    fn anchors(&self) -> Vec<(NaiveDate, f64)> {
        let Some(baseline_date) =
            year_end(self.baseline_year).filter(|_| self.baseline.is_finite())
        else {
            return Vec::new();
        };
        std::iter::once((baseline_date, self.baseline))
            .chain(
                self.valid_targets()
                    .into_iter()
                    .filter_map(|(year, value)| Some((year_end(year)?, value))),
            )
            .collect()
    }

    /// The value the path expects on `date`: linear in days between the surrounding anchors
    /// (baseline, then targets at 31 December; years without a target are skipped), the
    /// baseline before it and the last target after it. `None` if the baseline is not a
    /// finite number.
    pub fn expected_at(&self, date: NaiveDate) -> Option<f64> {
        let anchors = self.anchors();
        let &(first_date, first_value) = anchors.first()?;
        if date <= first_date {
            return Some(first_value);
        }
        for pair in anchors.windows(2) {
            let [(from, from_value), (to, to_value)] = [pair[0], pair[1]];
            // Anchors are strictly increasing and `date` is past `from`, so the span is > 0.
            if date < to {
                let elapsed = (date - from).num_days() as f64;
                let span = (to - from).num_days() as f64;
                return Some(from_value + (to_value - from_value) * elapsed / span);
            }
        }
        anchors.last().map(|(_, value)| *value)
    }

    /// The target set for `year`, if there is one (the baseline is not a target).
    pub fn target_for_year(&self, year: i32) -> Option<f64> {
        self.valid_targets()
            .into_iter()
            .find(|(y, _)| *y == year)
            .map(|(_, value)| value)
    }

    /// The corners of the path between `from` and `to` (both included): the expected value on
    /// `from`, every anchor (baseline, targets) strictly between, and the expected value on
    /// `to`, by date. The path is linear between anchors, so a line through these points draws
    /// it exactly. Empty when `from` is after `to` or the path has no usable baseline.
    pub fn points_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, f64)> {
        if from > to {
            return Vec::new();
        }
        let (Some(first), Some(last)) = (self.expected_at(from), self.expected_at(to)) else {
            return Vec::new();
        };
        let mut points = vec![(from, first)];
        points.extend(
            self.anchors()
                .into_iter()
                .filter(|(date, _)| from < *date && *date < to),
        );
        if to > from {
            points.push((to, last));
        }
        points
    }

    /// The last target of the path: `(year, value)`.
    pub fn final_target(&self) -> Option<(i32, f64)> {
        self.valid_targets().last().copied()
    }
}

/// Where an indicator stands against its target path.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// At or better than expected, or short by at most [`ON_TRACK_MAX_SHORTFALL`].
    OnTrack,
    /// Short by at most [`AT_RISK_MAX_SHORTFALL`].
    AtRisk,
    /// Short by more than [`AT_RISK_MAX_SHORTFALL`].
    OffTrack,
    /// No actual value, or no usable target path.
    NoData,
}

impl Status {
    /// Every status, best first.
    pub const ALL: &[Self] = &[Self::OnTrack, Self::AtRisk, Self::OffTrack, Self::NoData];

    /// Stable text for storage, CSS classes and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnTrack => "on_track",
            Self::AtRisk => "at_risk",
            Self::OffTrack => "off_track",
            Self::NoData => "no_data",
        }
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::OnTrack => "On track",
            Self::AtRisk => "At risk",
            Self::OffTrack => "Off track",
            Self::NoData => "No data",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Thresholds, defined once. Shortfall = how far the actual falls on the bad side of the
/// expected value, as a share of the change planned for the current year
/// (|target(year) − anchor at the start of that year|).
///
/// Largest shortfall still counted as on track (inclusive).
pub const ON_TRACK_MAX_SHORTFALL: f64 = 0.25;
/// Largest shortfall counted as at risk (inclusive); beyond it the indicator is off track.
pub const AT_RISK_MAX_SHORTFALL: f64 = 0.50;

/// Share of an expected value used as the yardstick when no change is planned for the year.
const FLAT_YARDSTICK_SHARE: f64 = 0.05;

/// The change the path plans over the calendar year `year`: |expected on 31 Dec of `year`
/// − expected on 31 Dec of the year before|. For a year with a target this is
/// |target − previous target or baseline|; for a year without one, the interpolated change.
fn planned_change(path: &TargetPath, year: i32) -> Option<f64> {
    let end = path.expected_at(year_end(year)?)?;
    let start = path.expected_at(year_end(year.checked_sub(1)?)?)?;
    Some((end - start).abs())
}

/// The status of `actual` on `as_of` against the path.
///
/// The shortfall on the bad side of the expected value (per `direction`) is divided by the
/// change planned for `as_of`'s year; when that is zero (a flat target, before the baseline
/// or after the last target) by 5 % of |expected|, or by 1 if expected is 0. A ratio up to
/// [`ON_TRACK_MAX_SHORTFALL`] is on track, up to [`AT_RISK_MAX_SHORTFALL`] at risk, beyond
/// it off track; a value on the good side is always on track. `NoData` when `actual` is
/// missing or not finite or the path has no usable baseline.
pub fn status(
    path: &TargetPath,
    direction: Direction,
    actual: Option<f64>,
    as_of: NaiveDate,
) -> Status {
    let Some(actual) = actual.filter(|a| a.is_finite()) else {
        return Status::NoData;
    };
    let Some(expected) = path.expected_at(as_of) else {
        return Status::NoData;
    };
    let shortfall = match direction {
        Direction::HigherIsBetter => expected - actual,
        Direction::LowerIsBetter => actual - expected,
    };
    if shortfall <= 0.0 {
        return Status::OnTrack;
    }
    let planned = planned_change(path, as_of.year()).unwrap_or(0.0);
    let yardstick = if planned > 0.0 {
        planned
    } else if expected != 0.0 {
        FLAT_YARDSTICK_SHARE * expected.abs()
    } else {
        1.0
    };
    let ratio = shortfall / yardstick;
    if ratio <= ON_TRACK_MAX_SHORTFALL {
        Status::OnTrack
    } else if ratio <= AT_RISK_MAX_SHORTFALL {
        Status::AtRisk
    } else {
        Status::OffTrack
    }
}

/// Share of the whole planned change achieved: (actual − baseline) ÷ (final target −
/// baseline). The signs cancel, so the direction does not matter (it is taken for symmetry
/// with [`status`]). Not clamped: below 0 is worse than the baseline, above 1 beyond the
/// final target. `None` without a final target, when it equals the baseline, or for
/// non-finite input.
pub fn progress(path: &TargetPath, _direction: Direction, actual: f64) -> Option<f64> {
    let (_, final_value) = path.final_target()?;
    let planned = final_value - path.baseline;
    if planned == 0.0 || !planned.is_finite() || !actual.is_finite() {
        return None;
    }
    Some((actual - path.baseline) / planned).filter(|p| p.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Direction::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn approx(actual: Option<f64>, expected: f64) {
        let actual = actual.expect("a value");
        assert!(
            (actual - expected).abs() < 1e-9,
            "expected {expected}, got {actual}"
        );
    }

    /// Emissions intensity, lower is better: 2025 baseline 58, then 56, 53, 48.
    fn lower() -> TargetPath {
        TargetPath {
            baseline_year: 2025,
            baseline: 58.0,
            targets: vec![(2026, 56.0), (2027, 53.0), (2028, 48.0)],
        }
    }

    /// Renewable share, higher is better: 2025 baseline 20, then 30, 40, 60.
    fn higher() -> TargetPath {
        TargetPath {
            baseline_year: 2025,
            baseline: 20.0,
            targets: vec![(2028, 60.0), (2026, 30.0), (2027, 40.0)],
        }
    }

    #[test]
    fn expected_interpolates_by_days_between_anchors() {
        // 2026-06-30 is 181 days after 2025-12-31 (31+28+31+30+31+30): 58 − 2 × 181/365.
        approx(
            lower().expected_at(d(2026, 6, 30)),
            58.0 - 2.0 * 181.0 / 365.0,
        );
        // 2027-07-02 is 183 days after 2026-12-31: 56 − 3 × 183/365.
        approx(
            lower().expected_at(d(2027, 7, 2)),
            56.0 - 3.0 * 183.0 / 365.0,
        );
        // On an anchor the value is exact.
        assert_eq!(lower().expected_at(d(2025, 12, 31)), Some(58.0));
        assert_eq!(lower().expected_at(d(2026, 12, 31)), Some(56.0));
        assert_eq!(lower().expected_at(d(2028, 12, 31)), Some(48.0));
        // Targets given out of order (higher()) are sorted: 2027-01-01 is 1/365 into 30 → 40.
        approx(higher().expected_at(d(2027, 1, 1)), 30.0 + 10.0 / 365.0);
    }

    #[test]
    fn expected_counts_the_leap_day_of_2028() {
        // 2027-12-31 → 2028-12-31 is 366 days. 2028-02-29 is day 60 (31 + 29):
        // 53 − 5 × 60/366.
        approx(
            lower().expected_at(d(2028, 2, 29)),
            53.0 - 5.0 * 60.0 / 366.0,
        );
        // 2028-07-01 is day 183 = exactly half of 366: 53 − 2.5 = 50.5.
        approx(lower().expected_at(d(2028, 7, 1)), 50.5);
    }

    #[test]
    fn expected_is_flat_before_the_baseline_and_after_the_last_target() {
        assert_eq!(lower().expected_at(d(2025, 1, 1)), Some(58.0));
        assert_eq!(lower().expected_at(d(2020, 6, 1)), Some(58.0));
        assert_eq!(lower().expected_at(d(2029, 1, 1)), Some(48.0));
        assert_eq!(lower().expected_at(d(2035, 6, 30)), Some(48.0));
        // No targets at all: the baseline throughout.
        let bare = TargetPath {
            targets: vec![],
            ..lower()
        };
        assert_eq!(bare.expected_at(d(2027, 5, 5)), Some(58.0));
    }

    #[test]
    fn expected_skips_years_without_a_target() {
        // Baseline 2025 = 100, only a 2027 target of 80: 730 days between the anchors;
        // 2026-12-31 is 365 days in, so 100 − 20 × 365/730 = 90.
        let path = TargetPath {
            baseline_year: 2025,
            baseline: 100.0,
            targets: vec![(2027, 80.0)],
        };
        assert_eq!(path.expected_at(d(2026, 12, 31)), Some(90.0));
        assert_eq!(path.target_for_year(2026), None);
    }

    #[test]
    fn unusable_targets_are_ignored_and_later_duplicates_win() {
        let path = TargetPath {
            baseline_year: 2025,
            baseline: 10.0,
            targets: vec![
                (2024, 99.0),     // before the baseline
                (2025, 99.0),     // the baseline year itself
                (2026, f64::NAN), // not a number
                (2027, 30.0),
                (2027, 20.0), // a later revision of 2027
            ],
        };
        assert_eq!(path.final_target(), Some((2027, 20.0)));
        assert_eq!(path.target_for_year(2027), Some(20.0));
        assert_eq!(path.target_for_year(2025), None);
        assert_eq!(path.expected_at(d(2027, 12, 31)), Some(20.0));
        // An unusable baseline gives no path at all.
        let broken = TargetPath {
            baseline: f64::INFINITY,
            ..lower()
        };
        assert_eq!(broken.expected_at(d(2026, 6, 30)), None);
        assert_eq!(
            status(&broken, LowerIsBetter, Some(50.0), d(2026, 6, 30)),
            Status::NoData
        );
    }

    #[test]
    fn target_for_year_and_final_target() {
        assert_eq!(lower().target_for_year(2027), Some(53.0));
        assert_eq!(lower().target_for_year(2029), None);
        assert_eq!(lower().final_target(), Some((2028, 48.0)));
        assert_eq!(higher().final_target(), Some((2028, 60.0)));
        let bare = TargetPath {
            targets: vec![],
            ..lower()
        };
        assert_eq!(bare.final_target(), None);
    }

    #[test]
    fn status_lower_is_better_worked_example() {
        // On 2026-06-30 expected = 57.00822; the 2026 planned change is |56 − 58| = 2.
        let at = d(2026, 6, 30);
        let s = |actual| status(&lower(), LowerIsBetter, Some(actual), at);
        // Better than expected.
        assert_eq!(s(57.0), Status::OnTrack);
        assert_eq!(s(40.0), Status::OnTrack);
        // (57.5 − 57.00822) / 2 = 0.2459 ≤ 0.25.
        assert_eq!(s(57.5), Status::OnTrack);
        // (57.6 − 57.00822) / 2 = 0.2959.
        assert_eq!(s(57.6), Status::AtRisk);
        // (58.2 − 57.00822) / 2 = 0.5959.
        assert_eq!(s(58.2), Status::OffTrack);
    }

    #[test]
    fn status_higher_is_better_with_inclusive_thresholds() {
        // On 2026-12-31 expected = 30; planned change |30 − 20| = 10.
        let at = d(2026, 12, 31);
        let s = |actual| status(&higher(), HigherIsBetter, Some(actual), at);
        assert_eq!(s(31.0), Status::OnTrack);
        assert_eq!(s(27.5), Status::OnTrack); // 2.5 / 10 = 0.25 exactly
        assert_eq!(s(27.4), Status::AtRisk); // 2.6 / 10 = 0.26
        assert_eq!(s(25.0), Status::AtRisk); // 5 / 10 = 0.5 exactly
        assert_eq!(s(24.9), Status::OffTrack); // 5.1 / 10 = 0.51
    }

    #[test]
    fn status_in_the_leap_year() {
        // 2028-07-01: expected = 40 + 20 × 183/366 = 50; planned |60 − 40| = 20.
        let at = d(2028, 7, 1);
        let s = |actual| status(&higher(), HigherIsBetter, Some(actual), at);
        assert_eq!(s(45.0), Status::OnTrack); // 5 / 20 = 0.25
        assert_eq!(s(44.0), Status::AtRisk); // 6 / 20 = 0.3
        assert_eq!(s(39.0), Status::OffTrack); // 11 / 20 = 0.55
    }

    #[test]
    fn status_uses_the_interpolated_change_for_a_year_without_target() {
        // Baseline 2025 = 100, 2027 = 80 (lower is better). 2026's planned change is
        // |90 − 100| = 10; on 2026-12-31 expected = 90.
        let path = TargetPath {
            baseline_year: 2025,
            baseline: 100.0,
            targets: vec![(2027, 80.0)],
        };
        let at = d(2026, 12, 31);
        assert_eq!(
            status(&path, LowerIsBetter, Some(92.0), at),
            Status::OnTrack
        ); // 0.2
        assert_eq!(status(&path, LowerIsBetter, Some(93.0), at), Status::AtRisk); // 0.3
    }

    #[test]
    fn status_with_a_flat_target_measures_against_5_percent_of_expected() {
        // 2026 target equals the baseline (10): the yardstick is 5 % × 10 = 0.5.
        let path = TargetPath {
            baseline_year: 2025,
            baseline: 10.0,
            targets: vec![(2026, 10.0), (2027, 8.0)],
        };
        let at = d(2026, 6, 30);
        let s = |actual| status(&path, LowerIsBetter, Some(actual), at);
        assert_eq!(s(10.0), Status::OnTrack);
        assert_eq!(s(10.1), Status::OnTrack); // 0.1 / 0.5 = 0.2
        assert_eq!(s(10.2), Status::AtRisk); // 0.2 / 0.5 = 0.4
        assert_eq!(s(10.3), Status::OffTrack); // 0.3 / 0.5 = 0.6
    }

    #[test]
    fn status_with_a_flat_zero_target_measures_against_1() {
        // Zero fatalities throughout: expected 0, yardstick 1.
        let path = TargetPath {
            baseline_year: 2025,
            baseline: 0.0,
            targets: vec![(2026, 0.0), (2027, 0.0)],
        };
        let at = d(2026, 9, 30);
        assert_eq!(status(&path, LowerIsBetter, Some(0.0), at), Status::OnTrack);
        assert_eq!(status(&path, LowerIsBetter, Some(0.5), at), Status::AtRisk);
        assert_eq!(
            status(&path, LowerIsBetter, Some(1.0), at),
            Status::OffTrack
        );
    }

    #[test]
    fn status_before_the_baseline_and_after_the_last_target() {
        // After 2028 the path is flat at 48: yardstick 5 % × 48 = 2.4.
        let after = d(2029, 3, 31);
        let s = |actual| status(&lower(), LowerIsBetter, Some(actual), after);
        assert_eq!(s(48.5), Status::OnTrack); // 0.5 / 2.4 = 0.208
        assert_eq!(s(49.0), Status::AtRisk); // 1 / 2.4 = 0.417
        assert_eq!(s(50.0), Status::OffTrack); // 2 / 2.4 = 0.833
        // During the baseline year the path is flat at 58: yardstick 2.9.
        let before = d(2025, 6, 30);
        let s = |actual| status(&lower(), LowerIsBetter, Some(actual), before);
        assert_eq!(s(58.0), Status::OnTrack);
        assert_eq!(s(59.0), Status::AtRisk); // 1 / 2.9 = 0.345
    }

    #[test]
    fn status_without_an_actual_is_no_data() {
        let at = d(2026, 6, 30);
        assert_eq!(status(&lower(), LowerIsBetter, None, at), Status::NoData);
        assert_eq!(
            status(&lower(), LowerIsBetter, Some(f64::NAN), at),
            Status::NoData
        );
    }

    #[test]
    fn status_texts_and_labels() {
        let texts: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(texts, ["on_track", "at_risk", "off_track", "no_data"]);
        let labels: Vec<String> = Status::ALL.iter().map(|s| s.to_string()).collect();
        assert_eq!(labels, ["On track", "At risk", "Off track", "No data"]);
    }

    #[test]
    fn progress_is_the_share_of_the_planned_change_in_either_direction() {
        // Lower is better, 58 → 48: at 53, (53 − 58) / (48 − 58) = 0.5.
        assert_eq!(progress(&lower(), LowerIsBetter, 53.0), Some(0.5));
        // Not clamped: worse than baseline (60 → −0.2), beyond the target (46 → 1.2).
        approx(progress(&lower(), LowerIsBetter, 60.0), -0.2);
        approx(progress(&lower(), LowerIsBetter, 46.0), 1.2);
        // Higher is better, 20 → 60: at 30, 10 / 40 = 0.25.
        assert_eq!(progress(&higher(), HigherIsBetter, 30.0), Some(0.25));
    }

    #[test]
    fn progress_is_undefined_without_a_planned_change() {
        let flat = TargetPath {
            baseline_year: 2025,
            baseline: 5.0,
            targets: vec![(2028, 5.0)],
        };
        assert_eq!(progress(&flat, HigherIsBetter, 6.0), None);
        let bare = TargetPath {
            targets: vec![],
            ..lower()
        };
        assert_eq!(progress(&bare, LowerIsBetter, 50.0), None);
        assert_eq!(progress(&lower(), LowerIsBetter, f64::NAN), None);
    }

    #[test]
    fn a_path_without_baseline_starts_flat_at_the_first_target() {
        // No baseline: the 2026 target (10) stands at 2025-12-31, so mid-2026 expects 10,
        // and mid-2027 is halfway-ish to 20 (2027-07-02 is 183 of 365 days: 10 + 10 × 183/365).
        let path = TargetPath::new(None, vec![(2027, 20.0), (2026, 10.0)]);
        assert_eq!(
            path.expected_at(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
            Some(10.0)
        );
        let mid = path
            .expected_at(NaiveDate::from_ymd_opt(2027, 7, 2).unwrap())
            .unwrap();
        assert!((mid - (10.0 + 10.0 * 183.0 / 365.0)).abs() < 1e-9);
        // Neither baseline nor targets: nothing to judge against.
        let empty = TargetPath::new(None, vec![]);
        assert_eq!(
            empty.expected_at(NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()),
            None
        );
    }
}

#[cfg(test)]
mod points_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_path_between_two_dates_passes_through_its_anchors() {
        let path = TargetPath::new(
            Some((2025, 58.0)),
            vec![(2026, 56.0), (2027, 53.0), (2028, 48.0)],
        );
        let points = path.points_between(d(2025, 12, 31), d(2028, 12, 31));
        assert_eq!(
            points,
            vec![
                (d(2025, 12, 31), 58.0),
                (d(2026, 12, 31), 56.0),
                (d(2027, 12, 31), 53.0),
                (d(2028, 12, 31), 48.0),
            ]
        );
        // From mid-2026: the first point is interpolated (58 − 2 × 181/365 on 30 June).
        let points = path.points_between(d(2026, 6, 30), d(2027, 6, 30));
        assert_eq!(points.len(), 3);
        assert!((points[0].1 - (58.0 - 2.0 * 181.0 / 365.0)).abs() < 1e-9);
        assert_eq!(points[1], (d(2026, 12, 31), 56.0));
        assert_eq!(points[2].0, d(2027, 6, 30));
        // After the last target the path is flat.
        assert_eq!(
            path.points_between(d(2029, 1, 1), d(2030, 1, 1)),
            vec![(d(2029, 1, 1), 48.0), (d(2030, 1, 1), 48.0)]
        );
    }

    #[test]
    fn degenerate_ranges_and_empty_paths_give_few_or_no_points() {
        let path = TargetPath::new(Some((2025, 10.0)), vec![(2026, 20.0)]);
        assert_eq!(path.points_between(d(2026, 1, 1), d(2025, 1, 1)), vec![]);
        assert_eq!(
            path.points_between(d(2025, 6, 1), d(2025, 6, 1)),
            vec![(d(2025, 6, 1), 10.0)]
        );
        let empty = TargetPath::new(None, vec![]);
        assert_eq!(empty.points_between(d(2026, 1, 1), d(2027, 1, 1)), vec![]);
    }
}
