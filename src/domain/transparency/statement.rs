//! A statement: the park figures of one period that may be published, frozen as canonical
//! JSON. Only approved park figures whose coverage meets the indicator's minimum and that
//! pool at least [`MIN_CONTRIBUTORS_FOR_TENANTS`] organisations (a park-level indicator: the
//! park office alone) are in it; a per-organisation figure never is.
//!
//! A restatement is a new statement for an already published period that also lists, for
//! each changed figure, the old value, the new value and the reason given when the report
//! was reopened.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::canonical::to_canonical;
use crate::domain::kinds::Aggregation;
use crate::domain::period::Period;
use crate::domain::privacy::MIN_CONTRIBUTORS_FOR_TENANTS;
use crate::domain::rollup::{self, PeriodFigure};
use crate::domain::scorecard::{self, IndicatorRules};
use crate::domain::status::{self, Status, TargetPath};

/// Numbers in a statement carry at most this many significant digits: far beyond any
/// indicator's decimals, and few enough that every JSON parser reads them back to the same
/// double (a significand below 2^53 times an exact power of ten), so a verifier that
/// re-canonicalises an entry gets its exact bytes.
pub const SIGNIFICANT_DIGITS: usize = 12;

/// A figure rounded to [`SIGNIFICANT_DIGITS`].
pub fn published(value: f64) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return if value.is_finite() { 0.0 } else { value };
    }
    format!("{:.*e}", SIGNIFICANT_DIGITS - 1, value)
        .parse()
        .unwrap_or(value)
}

/// The statement format's name, first member of every statement.
pub const FORMAT: &str = "pilar-statement/1";

/// What the statement needs of an indicator.
#[derive(Debug, Clone)]
pub struct PublishedIndicator {
    pub code: String,
    /// The indicator's definition version (bumped on every change of its definition).
    pub version: i32,
    pub pillar: String,
    pub unit: String,
    pub rules: IndicatorRules,
    pub targets: TargetPath,
}

/// One published park figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementFigure {
    pub indicator: String,
    pub definition_version: i32,
    pub pillar: String,
    /// The figure's own period (a quarter, a month, a year…) and its days.
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub unit: String,
    pub kind: String,
    pub aggregation: String,
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// Organisations whose approved reports the figure pools, and those assigned.
    pub contributors: u64,
    pub assigned: u64,
    /// The year's target, and what the target path expects at the period's end.
    pub target: Option<f64>,
    pub expected: Option<f64>,
    /// The value judged against the path (a flow scaled to a year) and the verdict.
    pub judged_value: Option<f64>,
    pub basis: String,
    pub status: String,
}

/// A figure that changed since the statement a restatement replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureChange {
    pub indicator: String,
    pub period: String,
    /// `None` when the figure was not published before (or is withdrawn).
    pub old_value: Option<f64>,
    pub new_value: Option<f64>,
    pub reason: String,
}

/// What a restatement replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Restates {
    /// The log index of the statement (or restatement) replaced.
    pub entry: u64,
    pub changes: Vec<FigureChange>,
}

/// A statement or restatement, as hashed into the log (see [`Statement::canonical`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub format: String,
    /// `statement` or `restatement`.
    pub kind: String,
    /// The log's origin, so an entry cannot be replayed into another log unnoticed.
    pub log: String,
    pub program: String,
    pub park: String,
    /// The published period: `2026-Q1` or `2026`.
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// When it was published (RFC 3339, UTC).
    pub published_at: String,
    pub figures: Vec<StatementFigure>,
    pub restates: Option<Restates>,
}

impl Statement {
    /// The exact bytes that go into the log: RFC 8785 canonical JSON.
    pub fn canonical(&self) -> Vec<u8> {
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        to_canonical(&value).into_bytes()
    }
}

/// Whether a park figure may be published: coverage met, and pooled from at least three
/// organisations (a park-level indicator: reported once, by the park office).
pub fn is_publishable(rules: &IndicatorRules, figure: &PeriodFigure) -> bool {
    let enough = if rules.aggregation == Aggregation::Park {
        figure.aggregate.contributors >= 1
    } else {
        figure.aggregate.contributors >= MIN_CONTRIBUTORS_FOR_TENANTS
    };
    enough && rules.is_complete(figure) && figure.aggregate.value.is_finite()
}

/// The statement's figure for one official park figure, or `None` when it may not be
/// published.
pub fn statement_figure(
    indicator: &PublishedIndicator,
    figure: &PeriodFigure,
) -> Option<StatementFigure> {
    let rules = &indicator.rules;
    if !rules.kind.is_numeric() || !is_publishable(rules, figure) {
        return None;
    }
    let as_of = figure.period.end();
    let judged = scorecard::comparable_period_value(rules, figure);
    let verdict = judged.and_then(|v| status::judge(&indicator.targets, rules.direction, v, as_of));
    let annualised = rollup::is_flow(rules.kind, rules.aggregation, rules.cumulative)
        && rules.frequency.months() < 12;
    Some(StatementFigure {
        indicator: indicator.code.clone(),
        definition_version: indicator.version,
        pillar: indicator.pillar.clone(),
        period: figure.period.label(rules.frequency),
        period_start: figure.period.start(),
        period_end: figure.period.end(),
        unit: indicator.unit.clone(),
        kind: rules.kind.as_str().to_owned(),
        aggregation: rules.aggregation.as_str().to_owned(),
        value: published(figure.aggregate.value),
        numerator: figure.aggregate.numerator.map(published),
        denominator: figure.aggregate.denominator.map(published),
        contributors: figure.aggregate.contributors as u64,
        assigned: figure.assigned.unwrap_or(0) as u64,
        target: indicator
            .targets
            .target_for_year(figure.period.year())
            .map(published),
        expected: verdict.map(|v| published(v.expected)),
        judged_value: judged.map(published),
        basis: if annualised { "annualised" } else { "period" }.to_owned(),
        status: verdict
            .map_or(Status::NoData, |v| v.status)
            .as_str()
            .to_owned(),
    })
}

/// The publishable figures of every indicator whose period lies within `period`, sorted by
/// pillar order as given, then indicator, then period.
pub fn statement_figures<'a>(
    period: &Period,
    series: impl IntoIterator<Item = (&'a PublishedIndicator, &'a [PeriodFigure])>,
) -> Vec<StatementFigure> {
    let mut out = Vec::new();
    for (indicator, figures) in series {
        let mut within: Vec<&PeriodFigure> = figures
            .iter()
            .filter(|f| f.period.start() >= period.start() && f.period.end() <= period.end())
            .collect();
        within.sort_by_key(|f| f.period.start());
        out.extend(
            within
                .into_iter()
                .filter_map(|f| statement_figure(indicator, f)),
        );
    }
    out
}

/// The figures that differ between a published statement and the figures now, keyed by
/// indicator and period; `reason` gives the reason recorded for a change.
pub fn changes(
    published: &[StatementFigure],
    now: &[StatementFigure],
    reason: impl Fn(&str, NaiveDate) -> String,
) -> Vec<FigureChange> {
    let key = |f: &StatementFigure| (f.indicator.clone(), f.period_start);
    let mut out = Vec::new();
    for old in published {
        match now.iter().find(|n| key(n) == key(old)) {
            Some(new) if new.value == old.value => {}
            found => out.push(FigureChange {
                indicator: old.indicator.clone(),
                period: old.period.clone(),
                old_value: Some(old.value),
                new_value: found.map(|n| n.value),
                reason: reason(&old.indicator, old.period_start),
            }),
        }
    }
    for new in now {
        if !published.iter().any(|o| key(o) == key(new)) {
            out.push(FigureChange {
                indicator: new.indicator.clone(),
                period: new.period.clone(),
                old_value: None,
                new_value: Some(new.value),
                reason: reason(&new.indicator, new.period_start),
            });
        }
    }
    out
}

/// A published figure as the public page shows it: the latest published value of an
/// indicator, the entry it comes from, and the change that restated it, if one did.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicFigure {
    pub figure: StatementFigure,
    /// The log index of the statement or restatement it comes from.
    pub entry: u64,
    /// When the value was restated, and the change (old value, reason).
    pub restated: Option<(String, FigureChange)>,
}

/// Each indicator's latest published figure (its most recent period; for a period published
/// more than once, the latest restatement), from the entries in log order.
pub fn public_figures(entries: &[(u64, Statement)]) -> Vec<PublicFigure> {
    let mut by_key: Vec<PublicFigure> = Vec::new();
    let mut ordered: Vec<&(u64, Statement)> = entries.iter().collect();
    ordered.sort_by_key(|(entry, _)| *entry);
    for (entry, statement) in ordered {
        for figure in &statement.figures {
            let change = statement.restates.as_ref().and_then(|r| {
                r.changes
                    .iter()
                    .find(|c| c.indicator == figure.indicator && c.period == figure.period)
            });
            let restated = change.map(|c| (statement.published_at.clone(), c.clone()));
            let public = PublicFigure {
                figure: figure.clone(),
                entry: *entry,
                restated,
            };
            match by_key.iter_mut().find(|p| {
                p.figure.indicator == figure.indicator
                    && p.figure.period_start == figure.period_start
            }) {
                Some(existing) => {
                    // A later entry of the same figure keeps an earlier restatement mark when
                    // it did not change the figure itself.
                    let earlier = existing.restated.take();
                    *existing = public;
                    if existing.restated.is_none() {
                        existing.restated = earlier;
                    }
                }
                None => by_key.push(public),
            }
        }
    }
    let mut latest: Vec<PublicFigure> = Vec::new();
    for figure in by_key {
        match latest
            .iter_mut()
            .find(|p| p.figure.indicator == figure.figure.indicator)
        {
            Some(existing) if existing.figure.period_end < figure.figure.period_end => {
                *existing = figure;
            }
            Some(_) => {}
            None => latest.push(figure),
        }
    }
    latest
}

/// A published figure that a restatement changed, as pages show it beside the current
/// figure: "restated on {date} (was {old}): {reason}".
#[derive(Debug, Clone, PartialEq)]
pub struct RestatementNote {
    pub indicator: String,
    /// The figure's own period label (`2026-Q2`) and first day.
    pub period: String,
    pub period_start: NaiveDate,
    /// The day the restatement was published (`YYYY-MM-DD`, UTC).
    pub restated_on: String,
    /// The value published before (none: the figure was not published before).
    pub old_value: Option<f64>,
    pub new_value: Option<f64>,
    pub reason: String,
}

/// Every restated figure, from the log's statements in any order: for a figure restated
/// more than once, the latest restatement, with the value it replaced. Sorted by indicator,
/// then newest period first.
pub fn restatement_notes(entries: &[(u64, Statement)]) -> Vec<RestatementNote> {
    let mut ordered: Vec<&(u64, Statement)> = entries.iter().collect();
    ordered.sort_by_key(|(entry, _)| *entry);
    let mut notes: Vec<RestatementNote> = Vec::new();
    for (_, statement) in ordered {
        let Some(restates) = &statement.restates else {
            continue;
        };
        for change in &restates.changes {
            // The figure's first day, from the figures of either side of the change.
            let start = statement
                .figures
                .iter()
                .find(|f| f.indicator == change.indicator && f.period == change.period)
                .map_or(statement.period_start, |f| f.period_start);
            let note = RestatementNote {
                indicator: change.indicator.clone(),
                period: change.period.clone(),
                period_start: start,
                restated_on: statement
                    .published_at
                    .get(..10)
                    .unwrap_or(&statement.published_at)
                    .to_owned(),
                old_value: change.old_value,
                new_value: change.new_value,
                reason: change.reason.clone(),
            };
            match notes
                .iter_mut()
                .find(|n| n.indicator == note.indicator && n.period == note.period)
            {
                Some(existing) => *existing = note,
                None => notes.push(note),
            }
        }
    }
    notes.sort_by(|a, b| {
        a.indicator
            .cmp(&b.indicator)
            .then(b.period_start.cmp(&a.period_start))
    });
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::{Direction, Frequency, IndicatorKind};
    use crate::domain::rollup::Aggregate;

    fn indicator(aggregation: Aggregation) -> PublishedIndicator {
        PublishedIndicator {
            code: "CE-1".into(),
            version: 2,
            pillar: "CE".into(),
            unit: "t".into(),
            rules: IndicatorRules {
                kind: IndicatorKind::Quantity,
                aggregation,
                direction: Direction::HigherIsBetter,
                cumulative: false,
                frequency: Frequency::Quarterly,
                min_coverage_percent: 50,
            },
            targets: TargetPath::new(Some((2025, 0.0)), vec![(2026, 400.0)]),
        }
    }

    fn figure(contributors: usize, assigned: usize, value: f64) -> PeriodFigure {
        PeriodFigure {
            period: Period::parse_label(Frequency::Quarterly, "2026-Q1").unwrap(),
            aggregate: Aggregate {
                value,
                numerator: None,
                denominator: None,
                contributors,
            },
            assigned: Some(assigned),
        }
    }

    #[test]
    fn only_pooled_covered_figures_are_published() {
        let sum = indicator(Aggregation::Sum);
        assert!(statement_figure(&sum, &figure(3, 4, 100.0)).is_some());
        // Two organisations: a peer's figure could be subtracted out.
        assert!(statement_figure(&sum, &figure(2, 2, 100.0)).is_none());
        // Three of ten: below the 50 % coverage.
        assert!(statement_figure(&sum, &figure(3, 10, 100.0)).is_none());
        // The park office alone reports a park-level indicator.
        assert!(statement_figure(&indicator(Aggregation::Park), &figure(1, 1, 5.0)).is_some());
    }

    #[test]
    fn published_numbers_read_back_exactly() {
        assert_eq!(published(1.0 / 3.0), 0.333333333333);
        assert_eq!(published(1234.5), 1234.5);
        assert_eq!(published(-0.0), 0.0);
        for v in [
            1.0 / 3.0,
            2.0 / 3.0 * 1e6,
            0.1 + 0.2,
            98765.4321987654,
            7e-9,
        ] {
            let text = crate::domain::transparency::canonical::number(published(v));
            assert_eq!(text.parse::<f64>().unwrap(), published(v), "{text}");
            let back: f64 = serde_json::from_str(&text).unwrap();
            assert_eq!(back, published(v), "serde_json reads {text} back");
        }
    }

    #[test]
    fn a_figure_carries_its_judgement() {
        let f = statement_figure(&indicator(Aggregation::Sum), &figure(3, 3, 100.0)).unwrap();
        assert_eq!(f.period, "2026-Q1");
        assert_eq!(f.target, Some(400.0));
        // A quarter's flow judged as a year: 400 against the path's 100 on 31 March.
        assert_eq!(f.judged_value, Some(400.0));
        assert_eq!(f.basis, "annualised");
        assert_eq!(f.status, "on_track");
    }

    fn statement_of(
        kind: &str,
        figures: Vec<StatementFigure>,
        restates: Option<Restates>,
    ) -> Statement {
        Statement {
            format: FORMAT.into(),
            kind: kind.into(),
            log: "log".into(),
            program: "P".into(),
            park: "K".into(),
            period: "2026-Q1".into(),
            period_start: figures[0].period_start,
            period_end: figures[0].period_end,
            published_at: "2026-04-10T00:00:00Z".into(),
            figures,
            restates,
        }
    }

    #[test]
    fn the_public_figure_is_the_latest_restated_one() {
        let ind = indicator(Aggregation::Sum);
        let first = statement_figure(&ind, &figure(3, 3, 100.0)).unwrap();
        let second = statement_figure(&ind, &figure(3, 3, 120.0)).unwrap();
        let change = FigureChange {
            indicator: "CE-1".into(),
            period: "2026-Q1".into(),
            old_value: Some(100.0),
            new_value: Some(120.0),
            reason: "meter misread".into(),
        };
        let entries = vec![
            (0, statement_of("statement", vec![first], None)),
            (
                1,
                statement_of(
                    "restatement",
                    vec![second.clone()],
                    Some(Restates {
                        entry: 0,
                        changes: vec![change.clone()],
                    }),
                ),
            ),
        ];
        let public = public_figures(&entries);
        assert_eq!(public.len(), 1);
        assert_eq!(public[0].figure, second);
        assert_eq!(public[0].entry, 1);
        assert_eq!(public[0].restated.as_ref().map(|(_, c)| c), Some(&change));
    }

    #[test]
    fn restatement_notes_keep_the_latest_restatement_of_each_figure() {
        let ind = indicator(Aggregation::Sum);
        let change = |old: f64, new: f64, reason: &str| FigureChange {
            indicator: "CE-1".into(),
            period: "2026-Q1".into(),
            old_value: Some(old),
            new_value: Some(new),
            reason: reason.into(),
        };
        let restatement = |value: f64, c: FigureChange, at: &str| {
            let mut s = statement_of(
                "restatement",
                vec![statement_figure(&ind, &figure(3, 3, value)).unwrap()],
                Some(Restates {
                    entry: 0,
                    changes: vec![c],
                }),
            );
            s.published_at = at.into();
            s
        };
        let entries = vec![
            (
                2,
                restatement(
                    130.0,
                    change(120.0, 130.0, "second"),
                    "2026-06-01T00:00:00Z",
                ),
            ),
            (
                0,
                statement_of(
                    "statement",
                    vec![statement_figure(&ind, &figure(3, 3, 100.0)).unwrap()],
                    None,
                ),
            ),
            (
                1,
                restatement(120.0, change(100.0, 120.0, "first"), "2026-05-01T00:00:00Z"),
            ),
        ];
        let notes = restatement_notes(&entries);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].restated_on, "2026-06-01");
        assert_eq!(notes[0].old_value, Some(120.0));
        assert_eq!(notes[0].reason, "second");
        assert_eq!(
            notes[0].period_start,
            NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
        );
        assert!(restatement_notes(&entries[1..2]).is_empty());
    }

    #[test]
    fn changes_list_old_and_new_values_with_reasons() {
        let ind = indicator(Aggregation::Sum);
        let old = vec![statement_figure(&ind, &figure(3, 3, 100.0)).unwrap()];
        let new = vec![statement_figure(&ind, &figure(3, 3, 120.0)).unwrap()];
        let changes = changes(&old, &new, |code, _| format!("fix {code}"));
        assert_eq!(
            changes,
            vec![FigureChange {
                indicator: "CE-1".into(),
                period: "2026-Q1".into(),
                old_value: Some(100.0),
                new_value: Some(120.0),
                reason: "fix CE-1".into(),
            }]
        );
        assert!(super::changes(&old, &old, |_, _| String::new()).is_empty());
    }
}
