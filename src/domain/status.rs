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
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// At or better than expected, or short by at most [`ON_TRACK_MAX_SHORTFALL`].
    OnTrack,
    /// Short by at most [`AT_RISK_MAX_SHORTFALL`].
    AtRisk,
    /// Short by more than [`AT_RISK_MAX_SHORTFALL`].
    OffTrack,
    /// Official figures exist, but none of a closed period reaches the indicator's minimum
    /// coverage (`domain::coverage`): too few of the assigned organisations have an approved
    /// report for the figure to be judged.
    InsufficientData,
    /// No actual value, or no usable target path.
    NoData,
}

impl Status {
    /// Every status, best first.
    pub const ALL: &[Self] = &[
        Self::OnTrack,
        Self::AtRisk,
        Self::OffTrack,
        Self::InsufficientData,
        Self::NoData,
    ];

    /// Stable text for storage, CSS classes and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnTrack => "on_track",
            Self::AtRisk => "at_risk",
            Self::OffTrack => "off_track",
            Self::InsufficientData => "insufficient_data",
            Self::NoData => "no_data",
        }
    }

    /// Human label.
    pub fn label(self) -> &'static str {
        match self {
            Self::OnTrack => "On track",
            Self::AtRisk => "At risk",
            Self::OffTrack => "Off track",
            Self::InsufficientData => "Insufficient data",
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

/// What the shortfall of a value is measured against.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Yardstick {
    /// The change the path plans over the calendar year of the judged date.
    PlannedChange,
    /// No change is planned for that year: 5 % of the expected value.
    ShareOfExpected,
    /// No change is planned and the expected value is 0: one unit.
    OneUnit,
}

/// How a value was judged against the path: everything a person needs to redo the status by
/// hand. The numbers are data; the pages word them (`i18n`).
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
pub struct Verdict {
    pub status: Status,
    /// The value the path expects on the judged date.
    pub expected: f64,
    /// How far the value falls on the bad side of `expected`, as a share of the yardstick
    /// (0 or less: at or better than expected).
    pub shortfall_share: f64,
    /// What the shortfall is divided by, and its size in the indicator's unit.
    pub yardstick: Yardstick,
    pub yardstick_size: f64,
    /// The worst value still on track, and the worst still at risk (band limits, in the
    /// indicator's unit; beyond the second the value is off track).
    pub on_track_limit: f64,
    pub at_risk_limit: f64,
}

/// Judges `actual` on `as_of` against the path.
///
/// The shortfall on the bad side of the expected value (per `direction`) is divided by the
/// change planned for `as_of`'s year; when that is zero (a flat target, before the baseline
/// or after the last target) by 5 % of |expected|, or by 1 if expected is 0. A ratio up to
/// [`ON_TRACK_MAX_SHORTFALL`] is on track, up to [`AT_RISK_MAX_SHORTFALL`] at risk, beyond
/// it off track; a value on the good side is always on track. `None` when `actual` is not
/// finite or the path has no usable baseline.
pub fn judge(
    path: &TargetPath,
    direction: Direction,
    actual: f64,
    as_of: NaiveDate,
) -> Option<Verdict> {
    if !actual.is_finite() {
        return None;
    }
    let expected = path.expected_at(as_of)?;
    // +1 when higher is better: a limit lies below the expected value by its share.
    let sign = match direction {
        Direction::HigherIsBetter => 1.0,
        Direction::LowerIsBetter => -1.0,
    };
    let shortfall = sign * (expected - actual);
    let planned = planned_change(path, as_of.year()).unwrap_or(0.0);
    let (yardstick, size) = if planned > 0.0 {
        (Yardstick::PlannedChange, planned)
    } else if expected != 0.0 {
        (
            Yardstick::ShareOfExpected,
            FLAT_YARDSTICK_SHARE * expected.abs(),
        )
    } else {
        (Yardstick::OneUnit, 1.0)
    };
    let ratio = shortfall / size;
    let status = if shortfall <= 0.0 || ratio <= ON_TRACK_MAX_SHORTFALL {
        Status::OnTrack
    } else if ratio <= AT_RISK_MAX_SHORTFALL {
        Status::AtRisk
    } else {
        Status::OffTrack
    };
    Some(Verdict {
        status,
        expected,
        shortfall_share: ratio,
        yardstick,
        yardstick_size: size,
        on_track_limit: expected - sign * ON_TRACK_MAX_SHORTFALL * size,
        at_risk_limit: expected - sign * AT_RISK_MAX_SHORTFALL * size,
    })
}

/// The status of `actual` on `as_of` against the path: [`judge`]'s status, `NoData` when
/// `actual` is missing or not finite or the path has no usable baseline.
pub fn status(
    path: &TargetPath,
    direction: Direction,
    actual: Option<f64>,
    as_of: NaiveDate,
) -> Status {
    actual
        .and_then(|a| judge(path, direction, a, as_of))
        .map_or(Status::NoData, |v| v.status)
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
mod tests;

#[cfg(test)]
mod points_tests;
