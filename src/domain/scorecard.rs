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

/// The official figures of periods that have closed by `today`, oldest first: the series a
/// chart or sparkline shows (the same periods [`scorecard`] counts).
pub fn closed_figures(figures: &[PeriodFigure], today: NaiveDate) -> Vec<PeriodFigure> {
    let mut closed: Vec<PeriodFigure> = figures
        .iter()
        .filter(|f| f.period.end() < today)
        .copied()
        .collect();
    closed.sort_by_key(|f| f.period);
    closed
}

/// One period's park value made comparable with the yearly target path, as the status rule
/// compares it: flows (quantities and counts summed over periods) are scaled to a year
/// (× periods per year); every other figure is already on a yearly footing and is returned as
/// it is. `None` for a qualitative indicator.
pub fn comparable_period_value(rules: &IndicatorRules, figure: &PeriodFigure) -> Option<f64> {
    rollup::annualise(
        rules.kind,
        rules.aggregation,
        rules.cumulative,
        rules.frequency,
        std::slice::from_ref(figure),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::period::Period;
    use crate::domain::rollup::Aggregate;

    fn figure(frequency: Frequency, label: &str, value: f64) -> PeriodFigure {
        PeriodFigure {
            period: Period::parse_label(frequency, label).unwrap(),
            aggregate: Aggregate {
                value,
                numerator: None,
                denominator: None,
                contributors: 1,
            },
        }
    }

    fn rules(kind: IndicatorKind, cumulative: bool, frequency: Frequency) -> IndicatorRules {
        IndicatorRules {
            kind,
            aggregation: Aggregation::Sum,
            direction: Direction::HigherIsBetter,
            cumulative,
            frequency,
        }
    }

    #[test]
    fn closed_figures_leave_out_open_periods_and_are_sorted() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let figures = [
            figure(Frequency::Monthly, "2026-11", 3.0),
            figure(Frequency::Monthly, "2026-10", 2.0),
            figure(Frequency::Monthly, "2026-01", 1.0),
        ];
        let closed = closed_figures(&figures, today);
        let labels: Vec<String> = closed
            .iter()
            .map(|f| f.period.label(Frequency::Monthly))
            .collect();
        assert_eq!(labels, ["2026-01", "2026-10"]);
        assert!(closed_figures(&[], today).is_empty());
    }

    #[test]
    fn flows_are_annualised_per_period_and_stocks_are_not() {
        // 7.5 Mt in a quarter is a rate of 4 × 7.5 = 30 Mt a year.
        let quarter = figure(Frequency::Quarterly, "2026-Q2", 7.5);
        let flow = rules(IndicatorKind::Quantity, false, Frequency::Quarterly);
        assert_eq!(comparable_period_value(&flow, &quarter), Some(30.0));
        // 12 × 100 = 1,200 certificates a year from one month.
        let month = figure(Frequency::Monthly, "2026-03", 100.0);
        let count = rules(IndicatorKind::Count, false, Frequency::Monthly);
        assert_eq!(comparable_period_value(&count, &month), Some(1200.0));
        // People trained to date is a stock: taken as it is.
        let stock = rules(IndicatorKind::Count, true, Frequency::Quarterly);
        assert_eq!(comparable_period_value(&stock, &quarter), Some(7.5));
        // A pooled percentage (15 of 200 = 7.5 %) is a rate already.
        let share = IndicatorRules {
            aggregation: Aggregation::RatioOfSums,
            ..rules(IndicatorKind::Percentage, false, Frequency::Quarterly)
        };
        let pooled = PeriodFigure {
            aggregate: Aggregate {
                numerator: Some(15.0),
                denominator: Some(200.0),
                ..quarter.aggregate
            },
            ..quarter
        };
        assert_eq!(comparable_period_value(&share, &pooled), Some(7.5));
        let text = rules(IndicatorKind::Qualitative, false, Frequency::Quarterly);
        assert_eq!(comparable_period_value(&text, &quarter), None);
    }
}
