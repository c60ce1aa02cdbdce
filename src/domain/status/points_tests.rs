//! Unit tests of the points of a target path between two dates, including degenerate
//! ranges and empty paths. Tests only; no I/O.

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
