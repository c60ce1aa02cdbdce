//! The national view: parks side by side on the indicators they share.
//!
//! Two programs' indicators are one measure when they have the same [`SharedDefinition`]: the
//! same definition (in both languages, spacing aside), unit, kind, aggregation, cumulation,
//! frequency and direction. Nothing else links them: each program keeps its own code, targets
//! and minimum coverage, and an indicator whose definition was reworded in one park is no
//! longer compared (its figures would not mean the same).
//!
//! Each park's figure stands for the park only: it is shown when at least
//! [`privacy::MIN_CONTRIBUTORS_FOR_TENANTS`] organisations stand behind every period in it,
//! to every reader (the view sets parks side by side, never organisations), and withheld
//! otherwise.

use chrono::NaiveDate;

use crate::domain::Bilingual;
use crate::domain::coverage::Coverage;
use crate::domain::kinds::{Aggregation, Direction, Frequency, IndicatorKind};
use crate::domain::period::Period;
use crate::domain::privacy;
use crate::domain::rollup::{self, Aggregate, PeriodFigure};
use crate::domain::scorecard::IndicatorRules;
use crate::domain::status::{self, Status, TargetPath};

/// What makes indicators of several programs one measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedDefinition {
    /// The definition in both languages, runs of white space made one space.
    pub definition: Bilingual,
    pub unit: String,
    pub kind: IndicatorKind,
    pub aggregation: Aggregation,
    pub cumulative: bool,
    pub frequency: Frequency,
    pub direction: Direction,
}

impl SharedDefinition {
    /// The shared definition of an indicator.
    pub fn of(definition: &Bilingual, unit: &str, rules: &IndicatorRules) -> SharedDefinition {
        let spaced = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        SharedDefinition {
            definition: Bilingual::new(spaced(&definition.english), spaced(&definition.indonesian)),
            unit: unit.trim().to_string(),
            kind: rules.kind,
            aggregation: rules.aggregation,
            cumulative: rules.cumulative,
            frequency: rules.frequency,
            direction: rules.direction,
        }
    }
}

/// The indicators that several programs share, as groups of indices into `measures` (each a
/// program and its indicator's shared definition, in display order): one group per definition
/// held by at least two programs, in the order of its first indicator, with one indicator per
/// program (its first).
pub fn shared_groups<P: PartialEq>(measures: &[(P, SharedDefinition)]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, (program, definition)) in measures.iter().enumerate() {
        match groups.iter_mut().find(|g| measures[g[0]].1 == *definition) {
            Some(group) => {
                if !group.iter().any(|j| measures[*j].0 == *program) {
                    group.push(i);
                }
            }
            None => groups.push(vec![i]),
        }
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// Which periods the view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Each row's latest closed period with a figure in any park.
    Latest,
    /// A chosen period (a month, quarter, half-year or year) of the given frequency: each
    /// park's figures of closed periods within it, rolled up by the indicator's rule.
    Within(Period, Frequency),
}

/// The span of one row: the latest closed period with a figure among `series` (each park's
/// official figures), or the chosen one. `None` when no park has a closed figure.
pub fn row_span(
    window: Window,
    series: &[&[PeriodFigure]],
    today: NaiveDate,
) -> Option<(Period, Option<Frequency>)> {
    match window {
        Window::Within(period, frequency) => Some((period, Some(frequency))),
        Window::Latest => series
            .iter()
            .flat_map(|s| s.iter())
            .filter(|f| f.period.end() < today)
            .map(|f| f.period)
            .max()
            .map(|p| (p, None)),
    }
}

/// A park's figure in the view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ParkFigure {
    /// No official figure of a closed period in the span.
    NoFigure,
    /// A period in the span has fewer contributing organisations than the privacy minimum:
    /// nothing of the figure is shown (not its value, nor its status or coverage).
    Withheld,
    Shown(ShownFigure),
}

/// A park's figure that may be shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShownFigure {
    /// The span's figure: one period's, or the periods within it rolled up by the indicator's
    /// rule (`rollup::rollup_year`); `contributors` is the fewest of any period.
    pub aggregate: Aggregate,
    /// The official periods behind it.
    pub periods: usize,
    /// The first and last day they cover.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The thinnest coverage of its periods (`None`: the number assigned is not known).
    pub coverage: Option<Coverage>,
    /// The status of the figure against the park's own targets, judged as the status rule
    /// judges (flows annualised) on the span's last day; insufficient data when a period is
    /// below the indicator's minimum coverage.
    pub status: Status,
}

/// A park's figure for `span` from its official `figures` (any order), judged against its
/// own `targets`. Only closed periods (ended before `today`) within the span count.
pub fn park_figure(
    rules: &IndicatorRules,
    targets: &TargetPath,
    figures: &[PeriodFigure],
    span: Period,
    today: NaiveDate,
) -> ParkFigure {
    let mut within: Vec<PeriodFigure> = figures
        .iter()
        .filter(|f| f.period.start() >= span.start() && f.period.end() <= span.end())
        .filter(|f| f.period.end() < today && f.aggregate.value.is_finite())
        .copied()
        .collect();
    within.sort_by_key(|f| f.period);
    let (Some(first), Some(last)) = (within.first(), within.last()) else {
        return ParkFigure::NoFigure;
    };
    let (from, to) = (first.period.start(), last.period.end());
    if !within
        .iter()
        .all(|f| privacy::park_figure_visible_to_tenant(f.aggregate.contributors))
    {
        return ParkFigure::Withheld;
    }
    let aggregate = if within.len() == 1 {
        Some(first.aggregate)
    } else {
        rollup::rollup_year(rules.kind, rules.aggregation, rules.cumulative, &within)
    };
    let Some(mut aggregate) = aggregate else {
        return ParkFigure::NoFigure;
    };
    aggregate.contributors = within
        .iter()
        .map(|f| f.aggregate.contributors)
        .min()
        .unwrap_or(0);
    let coverage = within
        .iter()
        .filter_map(|f| rules.coverage(f))
        .min_by(|a, b| a.share().total_cmp(&b.share()));
    let status = if within.iter().all(|f| rules.is_complete(f)) {
        rollup::annualise(
            rules.kind,
            rules.aggregation,
            rules.cumulative,
            rules.frequency,
            &within,
        )
        .and_then(|value| status::judge(targets, rules.direction, value, to))
        .map_or(Status::NoData, |v| v.status)
    } else {
        Status::InsufficientData
    };
    ParkFigure::Shown(ShownFigure {
        aggregate,
        periods: within.len(),
        from,
        to,
        coverage,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::{Aggregation, Direction, Frequency, IndicatorKind};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn quarter(y: i32, q: u32) -> Period {
        Period::containing(Frequency::Quarterly, date(y, q * 3, 1))
    }

    fn rules() -> IndicatorRules {
        IndicatorRules {
            kind: IndicatorKind::Percentage,
            aggregation: Aggregation::RatioOfSums,
            direction: Direction::HigherIsBetter,
            cumulative: false,
            frequency: Frequency::Quarterly,
            min_coverage_percent: 50,
        }
    }

    fn pooled(
        period: Period,
        n: f64,
        d: f64,
        contributors: usize,
        assigned: usize,
    ) -> PeriodFigure {
        PeriodFigure {
            period,
            aggregate: Aggregate {
                value: n / d * 100.0,
                numerator: Some(n),
                denominator: Some(d),
                contributors,
            },
            assigned: Some(assigned),
        }
    }

    fn definition(text: &str, unit: &str) -> SharedDefinition {
        SharedDefinition::of(&Bilingual::new(text.into(), text.into()), unit, &rules())
    }

    #[test]
    fn a_definition_is_shared_when_two_programs_hold_it() {
        let measures = [
            ("IWIP", definition("Slag reused", "%")),
            ("IWIP", definition("Water reused", "%")),
            ("IMIP", definition("Slag  reused ", "%")),
            ("IMIP", definition("Water reused", "m3")),
            ("IMIP", definition("Slag reused", "%")),
            ("KIPI", definition("Slag reused", "%")),
        ];
        // Spacing aside the same text; another unit is another measure; a program's second
        // indicator of one definition is left out.
        assert_eq!(shared_groups(&measures), vec![vec![0, 2, 5]]);
        assert!(shared_groups(&measures[..2]).is_empty());
        let other_kind = SharedDefinition {
            kind: IndicatorKind::Ratio,
            ..definition("Slag reused", "%")
        };
        assert!(
            shared_groups(&[
                ("IWIP", definition("Slag reused", "%")),
                ("IMIP", other_kind)
            ])
            .is_empty()
        );
    }

    #[test]
    fn the_latest_span_is_the_latest_closed_period_of_any_park() {
        let iwip = [
            pooled(quarter(2026, 2), 1.0, 2.0, 3, 3),
            pooled(quarter(2026, 3), 1.0, 2.0, 3, 3),
        ];
        let imip = [pooled(quarter(2026, 4), 1.0, 2.0, 3, 3)];
        // Q4 has not closed on 29 November.
        assert_eq!(
            row_span(Window::Latest, &[&iwip, &imip], date(2026, 11, 29)),
            Some((quarter(2026, 3), None))
        );
        assert_eq!(
            row_span(Window::Latest, &[&[], &[]], date(2026, 11, 29)),
            None
        );
    }

    #[test]
    fn a_figure_from_fewer_than_three_organisations_is_withheld() {
        let today = date(2026, 11, 29);
        let path = TargetPath::new(Some((2025, 20.0)), vec![(2026, 30.0)]);
        let figures = [pooled(quarter(2026, 3), 1.0, 4.0, 2, 2)];
        assert_eq!(
            park_figure(&rules(), &path, &figures, quarter(2026, 3), today),
            ParkFigure::Withheld
        );
        // A year with one thin quarter is withheld too: the year less the other quarters
        // would give it away.
        let year = Period::containing(Frequency::Annual, date(2026, 1, 1));
        let figures = [
            pooled(quarter(2026, 2), 1.0, 4.0, 3, 3),
            pooled(quarter(2026, 3), 1.0, 4.0, 2, 3),
        ];
        assert_eq!(
            park_figure(&rules(), &path, &figures, year, today),
            ParkFigure::Withheld
        );
        assert_eq!(
            park_figure(&rules(), &path, &figures, quarter(2026, 1), today),
            ParkFigure::NoFigure
        );
    }

    #[test]
    fn a_year_pools_its_quarters_and_is_judged_on_its_last_day() {
        let today = date(2026, 11, 29);
        // Baseline 20 % (2025), target 30 % (2026): expected on 30 September is
        // 20 + 10 × 273/365 = 27.48 %.
        let path = TargetPath::new(Some((2025, 20.0)), vec![(2026, 30.0)]);
        let year = Period::containing(Frequency::Annual, date(2026, 1, 1));
        let figures = [
            pooled(quarter(2026, 2), 30.0, 100.0, 3, 4),
            pooled(quarter(2026, 3), 60.0, 200.0, 4, 4),
            // Q4 is not closed: left out.
            pooled(quarter(2026, 4), 0.0, 100.0, 4, 4),
        ];
        let ParkFigure::Shown(shown) = park_figure(&rules(), &path, &figures, year, today) else {
            panic!("shown");
        };
        // (30 + 60) ÷ (100 + 200) = 30 %.
        assert!((shown.aggregate.value - 30.0).abs() < 1e-9);
        assert_eq!(shown.aggregate.contributors, 3);
        assert_eq!(shown.periods, 2);
        assert_eq!(
            (shown.from, shown.to),
            (date(2026, 4, 1), date(2026, 9, 30))
        );
        // The thinner coverage: 3 of 4.
        assert_eq!(
            shown.coverage.map(|c| (c.reporters, c.assigned)),
            Some((3, 4))
        );
        assert_eq!(shown.status, Status::OnTrack);
        // Below the minimum coverage (3 of 8 < 50 %): shown, not judged.
        let thin = [pooled(quarter(2026, 3), 1.0, 4.0, 3, 8)];
        let ParkFigure::Shown(shown) = park_figure(&rules(), &path, &thin, quarter(2026, 3), today)
        else {
            panic!("shown");
        };
        assert_eq!(shown.status, Status::InsufficientData);
        assert!((shown.aggregate.value - 25.0).abs() < 1e-9);
    }
}
