//! Unit tests of progress and status against the target path, both directions (higher and
//! lower is better), with hand-computed expectations. Tests only; no I/O.

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
    assert_eq!(
        texts,
        [
            "on_track",
            "at_risk",
            "off_track",
            "insufficient_data",
            "no_data"
        ]
    );
    let labels: Vec<String> = Status::ALL.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        labels,
        [
            "On track",
            "At risk",
            "Off track",
            "Insufficient data",
            "No data"
        ]
    );
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
