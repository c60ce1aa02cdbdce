//! An indicator's standing: its latest official figure that covers enough of the park, the
//! value for the year so far, and progress and status against the target path, with the
//! judgement spelled out as data (what value was judged, on what basis, against what expected
//! value and band). One function, used by every page and API resource that shows a status, so
//! none computes its own version of the rule.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::coverage::Coverage;
use crate::domain::kinds::{Aggregation, Direction, Frequency, IndicatorKind};
use crate::domain::rollup::{self, PeriodFigure};
use crate::domain::status::{self, Status, TargetPath, Verdict};

/// The attributes of an indicator that decide how its figures roll up and are judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct IndicatorRules {
    pub kind: IndicatorKind,
    pub aggregation: Aggregation,
    pub direction: Direction,
    pub cumulative: bool,
    pub frequency: Frequency,
    /// The share of the assigned organisations (1–100 %) whose approved reports a park figure
    /// needs before it is headlined and judged (`domain::coverage`).
    pub min_coverage_percent: u8,
}

impl IndicatorRules {
    /// The coverage of one park figure under these rules; `None` when the number of assigned
    /// organisations is not known (then the figure is taken as complete).
    pub fn coverage(&self, figure: &PeriodFigure) -> Option<Coverage> {
        figure.assigned.map(|assigned| {
            Coverage::new(
                figure.aggregate.contributors,
                assigned,
                self.min_coverage_percent,
            )
        })
    }

    /// Whether a park figure covers enough of the park to be headlined and judged.
    pub fn is_complete(&self, figure: &PeriodFigure) -> bool {
        self.coverage(figure).is_none_or(|c| c.is_complete())
    }
}

/// What the judged value is.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The latest period's figure (stocks, cumulative totals, milestones, latest/park rules,
    /// and any rule when the year has one period so far).
    LatestPeriod,
    /// The year so far rolled up by the indicator's rule (pooled fractions pooled again,
    /// means, extremes; flows once the whole year is in).
    YearToDate,
    /// A flow's year-to-date total scaled to twelve months (× 12 ÷ months with data).
    Annualised,
}

/// The judgement behind a status: the value judged, its basis and span, and the verdict
/// against the target path. A person can redo the status from these numbers alone.
#[derive(Copy, Clone, Debug, PartialEq, Serialize)]
pub struct Judgement {
    /// The value compared with the path (annualised for a flow's partial year).
    pub value: f64,
    pub basis: Basis,
    /// The months of data behind `value` (a quarter: 3; two quarters annualised: 6).
    pub months: u32,
    /// The first day and the last day the judged figures cover.
    pub from: NaiveDate,
    pub as_of: NaiveDate,
    /// Status, expected value on `as_of`, shortfall share and band limits.
    pub verdict: Verdict,
}

/// Where an indicator stands.
#[derive(Debug, Clone)]
pub struct Scorecard {
    /// The most recent closed period with an official park figure that meets the indicator's
    /// minimum coverage: the headline and "latest official".
    pub latest: Option<PeriodFigure>,
    /// A later closed period whose figure falls below the minimum coverage: shown as
    /// incomplete, never judged.
    pub incomplete: Option<PeriodFigure>,
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
    /// What was judged and how; `None` when nothing was (no data, insufficient data, no path).
    pub judgement: Option<Judgement>,
}

/// Computes the scorecard from the official figures of one indicator (any order). Only closed
/// periods count: a figure for a period that has not ended yet is not a result. Only figures
/// that meet the indicator's minimum coverage are headlined, rolled up and judged; when closed
/// figures exist but none meets it, the status is [`Status::InsufficientData`].
pub fn scorecard(
    rules: &IndicatorRules,
    path: &TargetPath,
    figures: &[PeriodFigure],
    today: NaiveDate,
) -> Scorecard {
    let closed: Vec<&PeriodFigure> = figures.iter().filter(|f| f.period.end() < today).collect();
    let latest = closed
        .iter()
        .filter(|f| rules.is_complete(f))
        .max_by_key(|f| f.period.start())
        .copied()
        .copied();
    let incomplete = closed
        .iter()
        .filter(|f| !rules.is_complete(f))
        .filter(|f| latest.is_none_or(|l| f.period.start() > l.period.start()))
        .max_by_key(|f| f.period.start())
        .copied()
        .copied();
    let Some(latest) = latest else {
        return Scorecard {
            latest: None,
            incomplete,
            year: None,
            year_value: None,
            comparable_value: None,
            expected: None,
            status: if closed.is_empty() {
                Status::NoData
            } else {
                Status::InsufficientData
            },
            progress: None,
            judgement: None,
        };
    };
    let year = latest.period.year();
    let of_year: Vec<PeriodFigure> = closed
        .iter()
        .filter(|f| f.period.year() == year && f.period.start() <= latest.period.start())
        .filter(|f| rules.is_complete(f))
        .copied()
        .copied()
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
    let verdict = comparable_value.and_then(|v| status::judge(path, rules.direction, v, as_of));
    let judgement = verdict.zip(comparable_value).map(|(verdict, value)| {
        let (basis, months, from) = basis(rules, &latest, &of_year);
        Judgement {
            value,
            basis,
            months,
            from,
            as_of,
            verdict,
        }
    });
    let progress = comparable_value.and_then(|v| status::progress(path, rules.direction, v));
    Scorecard {
        year: Some(year),
        year_value,
        comparable_value,
        expected,
        status: verdict.map_or(Status::NoData, |v| v.status),
        progress,
        latest: Some(latest),
        incomplete,
        judgement,
    }
}

/// The basis of the comparable value, the months of data behind it and the first day it
/// covers: the latest period for rules that take the latest figure (or a year of one period
/// so far), the year to date for figures that roll up, annualised for a flow's partial year.
fn basis(
    rules: &IndicatorRules,
    latest: &PeriodFigure,
    of_year: &[PeriodFigure],
) -> (Basis, u32, NaiveDate) {
    let period_months = rules.frequency.months();
    let periods = u32::try_from(of_year.len()).unwrap_or(u32::MAX).max(1);
    let from = of_year
        .iter()
        .map(|f| f.period.start())
        .min()
        .unwrap_or(latest.period.start());
    if rollup::takes_latest(rules.kind, rules.aggregation, rules.cumulative)
        || periods == 1 && !rollup::is_flow(rules.kind, rules.aggregation, rules.cumulative)
    {
        return (Basis::LatestPeriod, period_months, latest.period.start());
    }
    let months = periods.saturating_mul(period_months);
    if rollup::is_flow(rules.kind, rules.aggregation, rules.cumulative) && months < 12 {
        (Basis::Annualised, months, from)
    } else {
        (Basis::YearToDate, months, from)
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
            assigned: None,
        }
    }

    fn rules(kind: IndicatorKind, cumulative: bool, frequency: Frequency) -> IndicatorRules {
        IndicatorRules {
            kind,
            aggregation: Aggregation::Sum,
            direction: Direction::HigherIsBetter,
            cumulative,
            frequency,
            min_coverage_percent: 50,
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

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A pooled percentage of one quarter from `n` ÷ `den`, `reporters` of `assigned`.
    fn pooled(label: &str, n: f64, den: f64, reporters: usize, assigned: usize) -> PeriodFigure {
        PeriodFigure {
            period: Period::parse_label(Frequency::Quarterly, label).unwrap(),
            aggregate: Aggregate {
                value: 100.0 * n / den,
                numerator: Some(n),
                denominator: Some(den),
                contributors: reporters,
            },
            assigned: Some(assigned),
        }
    }

    fn share_rules() -> IndicatorRules {
        IndicatorRules {
            aggregation: Aggregation::RatioOfSums,
            ..rules(IndicatorKind::Percentage, false, Frequency::Quarterly)
        }
    }

    #[test]
    fn a_year_to_date_judgement_pools_the_quarters_and_names_its_basis() {
        // Baseline 40 % (2025), target 60 % (2026). Q1 240/500, Q2 275/500: year to date
        // 515/1,000 = 51.5 %, judged on 30 Jun 2026, expected 40 + 20 × 181/365 = 49.918.
        let path = TargetPath::new(Some((2025, 40.0)), vec![(2026, 60.0)]);
        let figures = [
            pooled("2026-Q1", 240.0, 500.0, 4, 6),
            pooled("2026-Q2", 275.0, 500.0, 4, 6),
        ];
        let card = scorecard(&share_rules(), &path, &figures, d(2026, 11, 29));
        let j = card.judgement.unwrap();
        assert_eq!(j.basis, Basis::YearToDate);
        assert_eq!(
            (j.months, j.from, j.as_of),
            (6, d(2026, 1, 1), d(2026, 6, 30))
        );
        assert!((j.value - 51.5).abs() < 1e-12);
        let expected = 40.0 + 20.0 * 181.0 / 365.0;
        assert!((j.verdict.expected - expected).abs() < 1e-9);
        assert_eq!(j.verdict.status, Status::OnTrack);
        assert!(j.verdict.shortfall_share < 0.0);
        assert_eq!(j.verdict.yardstick, status::Yardstick::PlannedChange);
        assert!((j.verdict.on_track_limit - (expected - 5.0)).abs() < 1e-9);
        assert!((j.verdict.at_risk_limit - (expected - 10.0)).abs() < 1e-9);
        assert_eq!(card.status, Status::OnTrack);
        // The period value shown beside it is Q2's own 55 %, not the judged 51.5 %.
        assert_eq!(card.latest.unwrap().aggregate.value, 55.0);
    }

    #[test]
    fn an_annualised_judgement_scales_a_flow_by_its_months() {
        // 300 people in Q1, 400 in Q2: 700 in 6 months, 1,400 a year. Baseline 1,000 (2025),
        // target 2,000 (2026): expected on 30 Jun 1,000 + 1,000 × 181/365 = 1,495.89; short by
        // 95.89 = 9.6 % of the planned 1,000: on track. Q3 with nothing is simply absent.
        let path = TargetPath::new(Some((2025, 1000.0)), vec![(2026, 2000.0)]);
        let count = rules(IndicatorKind::Count, false, Frequency::Quarterly);
        let mut q1 = figure(Frequency::Quarterly, "2026-Q1", 300.0);
        let mut q2 = figure(Frequency::Quarterly, "2026-Q2", 400.0);
        q1.aggregate.contributors = 3;
        q2.aggregate.contributors = 3;
        q1.assigned = Some(6);
        q2.assigned = Some(6);
        let card = scorecard(&count, &path, &[q1, q2], d(2026, 11, 29));
        let j = card.judgement.unwrap();
        assert_eq!((j.basis, j.months), (Basis::Annualised, 6));
        assert_eq!(j.value, 1400.0);
        let expected = 1000.0 + 1000.0 * 181.0 / 365.0;
        assert!((j.verdict.shortfall_share - (expected - 1400.0) / 1000.0).abs() < 1e-12);
        assert_eq!(j.verdict.status, Status::OnTrack);
        // One quarter alone: annualised from 3 months (4 × 300 = 1,200).
        let card = scorecard(&count, &path, &[q1], d(2026, 11, 29));
        let j = card.judgement.unwrap();
        assert_eq!((j.basis, j.months, j.value), (Basis::Annualised, 3, 1200.0));
        // A stock is judged on its latest period.
        let stock = rules(IndicatorKind::Count, true, Frequency::Quarterly);
        let j = scorecard(&stock, &path, &[q1, q2], d(2026, 11, 29))
            .judgement
            .unwrap();
        assert_eq!(
            (j.basis, j.months, j.value),
            (Basis::LatestPeriod, 3, 400.0)
        );
    }

    #[test]
    fn an_incomplete_latest_period_is_not_headlined_nor_judged() {
        let path = TargetPath::new(Some((2025, 40.0)), vec![(2026, 60.0)]);
        let rules = share_rules();
        // Q3 from 1 of 6 (28.4 %) after Q2 from 4 of 6: the headline stays on Q2.
        let q2 = pooled("2026-Q2", 275.0, 500.0, 4, 6);
        let q3 = pooled("2026-Q3", 142.0, 500.0, 1, 6);
        let card = scorecard(&rules, &path, &[q2, q3], d(2026, 11, 29));
        assert_eq!(card.latest.unwrap().period, q2.period);
        assert_eq!(card.incomplete.unwrap().period, q3.period);
        assert_eq!(card.status, Status::OnTrack);
        assert_eq!(card.judgement.unwrap().basis, Basis::LatestPeriod);
        // At the threshold (3 of 6) Q3 counts: 417/1,000 = 41.7 % year to date (Q2 + Q3),
        // expected 40 + 20 × 273/365 = 54.96 on 30 Sep: short by 13.26 = 66 % of 20: off track.
        let q3 = pooled("2026-Q3", 142.0, 500.0, 3, 6);
        let card = scorecard(&rules, &path, &[q2, q3], d(2026, 11, 29));
        assert_eq!(card.latest.unwrap().period, q3.period);
        assert!(card.incomplete.is_none());
        assert_eq!(card.status, Status::OffTrack);
        assert!((card.judgement.unwrap().value - 41.7).abs() < 1e-9);
        // Nothing complete at all: insufficient data, nothing judged; no figures: no data.
        let alone = pooled("2026-Q3", 142.0, 500.0, 1, 6);
        let card = scorecard(&rules, &path, &[alone], d(2026, 11, 29));
        assert_eq!(card.status, Status::InsufficientData);
        assert!(card.latest.is_none() && card.judgement.is_none());
        assert_eq!(card.incomplete.unwrap().period, alone.period);
        assert_eq!(
            scorecard(&rules, &path, &[], d(2026, 11, 29)).status,
            Status::NoData
        );
        // An open period is neither: Q4 has not ended on 29 Nov.
        let open = pooled("2026-Q4", 142.0, 500.0, 1, 6);
        let card = scorecard(&rules, &path, &[q2, open], d(2026, 11, 29));
        assert!(card.incomplete.is_none());
    }
}

#[cfg(test)]
mod worked_examples;
