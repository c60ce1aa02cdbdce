//! An indicator's standing: its latest official figure, the value for the year so far, and
//! progress and status against the target path. One function, used by every page that shows
//! a status, so no page computes its own version of the rule.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::kinds::{Aggregation, Direction, Frequency, IndicatorKind};
use crate::domain::rollup::{self, PeriodFigure};
use crate::domain::status::{self, Status, TargetPath};

/// The attributes of an indicator that decide how its figures roll up and are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndicatorRules {
    pub kind: IndicatorKind,
    pub aggregation: Aggregation,
    pub direction: Direction,
    pub cumulative: bool,
    pub frequency: Frequency,
}

/// Where an indicator stands.
#[derive(Debug, Clone)]
pub struct Scorecard {
    /// The most recent period with an official (approved) park figure.
    pub latest: Option<PeriodFigure>,
    /// The year of `latest`, and that year's value so far rolled up by the indicator's rule.
    pub year: Option<i32>,
    pub year_value: Option<f64>,
    /// The year-to-date value made comparable with an annual target (flows annualised).
    pub comparable_value: Option<f64>,
    /// What the target path expects at the end of the latest period.
    pub expected: Option<f64>,
    pub status: Status,
    /// Share of the whole planned change achieved (not clamped).
    pub progress: Option<f64>,
}

/// Computes the scorecard from the official figures of one indicator (any order). Only closed
/// periods count: a figure for a period that has not ended yet is not a result.
pub fn scorecard(
    rules: &IndicatorRules,
    path: &TargetPath,
    figures: &[PeriodFigure],
    today: NaiveDate,
) -> Scorecard {
    let latest = figures
        .iter()
        .filter(|f| f.period.end() < today)
        .max_by_key(|f| f.period.start())
        .cloned();
    let Some(latest) = latest else {
        return Scorecard {
            latest: None,
            year: None,
            year_value: None,
            comparable_value: None,
            expected: None,
            status: Status::NoData,
            progress: None,
        };
    };
    let year = latest.period.year();
    let of_year: Vec<PeriodFigure> = figures
        .iter()
        .filter(|f| f.period.year() == year && f.period.start() <= latest.period.start())
        .cloned()
        .collect();
    let year_value = rollup::rollup_year(rules.kind, rules.aggregation, rules.cumulative, &of_year)
        .map(|a| a.value);
    let comparable_value = rollup::annualise(
        rules.kind,
        rules.aggregation,
        rules.cumulative,
        rules.frequency,
        &of_year,
    );
    let as_of = latest.period.end();
    let expected = path.expected_at(as_of);
    let status = status::status(path, rules.direction, comparable_value, as_of);
    let progress = comparable_value.and_then(|v| status::progress(path, rules.direction, v));
    Scorecard {
        year: Some(year),
        year_value,
        comparable_value,
        expected,
        status,
        progress,
        latest: Some(latest),
    }
}
