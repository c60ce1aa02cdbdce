//! Official figures: the park value of every indicator and period, computed in the database
//! from approved observations by each indicator's aggregation rule.
//!
//! The roll-up runs in the database when observations change (migration
//! 0007_official_figures.sql: statement-level triggers keep `official_figure` current); the
//! pages read the precomputed rows. That SQL is the set-based twin of
//! `domain::rollup::aggregate_organisations`; a test (tests/figures.rs) checks that both give
//! the same numbers on the demo data.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::parse_column;
use crate::domain::kinds::Frequency;
use crate::domain::period::Period;
use crate::domain::rollup::{Aggregate, PeriodFigure};

/// One indicator's park value for one period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfficialFigure {
    pub indicator_id: Uuid,
    pub frequency: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub contributors: i64,
    /// Organisations assigned the indicator for the period: live assignments (of live
    /// organisations) starting on or before the period's end, from the assignment tally
    /// (migration 0010). The coverage's denominator.
    pub assigned: i64,
}

/// One organisation's approved figure (the input of the roll-up).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApprovedObservation {
    pub indicator_id: Uuid,
    pub organisation_id: Uuid,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
    /// Approval time in unix seconds: breaks ties for the `latest` and `park` rules.
    pub approved_at: i64,
}

/// Reads the precomputed figures with their coverage's denominator; `$1` picks the
/// indicators. The assigned count is a lookup per figure in the tally's primary key
/// (indicator, start date): a few rows each, however many organisations are assigned.
macro_rules! official_figures_sql {
    ($indicators:literal) => {
        concat!(
            "SELECT f.indicator_id, f.frequency, f.period_start, f.period_end, f.contributors,
                    f.numerator, f.denominator, f.value,
                    (SELECT coalesce(sum(t.assignments), 0)
                       FROM indicator_assignment_tally t
                      WHERE t.indicator_id = f.indicator_id
                        AND t.starts_on <= f.period_end)::bigint AS assigned
               FROM official_figure f
               JOIN indicator i ON i.id = f.indicator_id
              WHERE ",
            $indicators,
            " ORDER BY f.indicator_id, f.period_start"
        )
    };
}

/// Park figures per indicator and period for a whole program, in one query, whatever the
/// number of organisations and periods. Percentages and ratios are pooled (Σ numerators ÷
/// Σ denominators), never averaged. Read from `official_figure`, which the database keeps
/// current on every change of an approved observation (migration 0007).
#[tracing::instrument(skip(pool))]
pub async fn official_period_figures(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<OfficialFigure>, sqlx::Error> {
    sqlx::query_as(official_figures_sql!("i.program_id = $1"))
        .bind(program_id)
        .fetch_all(pool)
        .await
}

/// Park figures per period of one indicator: [`official_period_figures`] for one indicator.
#[tracing::instrument(skip(pool))]
pub async fn official_period_figures_of_indicator(
    pool: &PgPool,
    indicator_id: Uuid,
) -> Result<Vec<OfficialFigure>, sqlx::Error> {
    sqlx::query_as(official_figures_sql!("f.indicator_id = $1"))
        .bind(indicator_id)
        .fetch_all(pool)
        .await
}

/// The official figures of the given indicators (of any program) as domain series, keyed by
/// indicator: one query, however many programs they come from.
#[tracing::instrument(skip(pool, indicator_ids))]
pub async fn official_series_of_indicators(
    pool: &PgPool,
    indicator_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<PeriodFigure>>, sqlx::Error> {
    let rows: Vec<OfficialFigure> =
        sqlx::query_as(official_figures_sql!("f.indicator_id = ANY($1)"))
            .bind(indicator_ids)
            .fetch_all(pool)
            .await?;
    let mut series: HashMap<Uuid, Vec<PeriodFigure>> = HashMap::new();
    for figure in rows {
        let indicator_id = figure.indicator_id;
        if let Some(figure) = period_figure(figure)? {
            series.entry(indicator_id).or_default().push(figure);
        }
    }
    Ok(series)
}

/// Every approved observation of a program, organisation by organisation.
#[tracing::instrument(skip(pool))]
pub async fn approved_observations(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<ApprovedObservation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.indicator_id, o.organisation_id, o.period_start, o.period_end,
                o.value, o.numerator, o.denominator, o.stage,
                extract(epoch FROM coalesce(o.reviewed_at, o.updated_at))::bigint AS approved_at
           FROM observation o
           JOIN indicator i ON i.id = o.indicator_id
          WHERE i.program_id = $1 AND o.status = 'approved' AND i.kind <> 'qualitative'
          ORDER BY o.indicator_id, o.period_start, o.organisation_id",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// The official figures of a program as domain series, keyed by indicator.
#[tracing::instrument(skip(pool))]
pub async fn official_series(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<HashMap<Uuid, Vec<PeriodFigure>>, sqlx::Error> {
    let mut series: HashMap<Uuid, Vec<PeriodFigure>> = HashMap::new();
    for figure in official_period_figures(pool, program_id).await? {
        let indicator_id = figure.indicator_id;
        if let Some(figure) = period_figure(figure)? {
            series.entry(indicator_id).or_default().push(figure);
        }
    }
    Ok(series)
}

/// [`official_series`] read on a transaction's connection, so that a use case sees the
/// figures its own writes produced (a restatement right after an approval).
#[tracing::instrument(skip(conn))]
pub async fn official_series_in(
    conn: &mut sqlx::PgConnection,
    program_id: Uuid,
) -> Result<HashMap<Uuid, Vec<PeriodFigure>>, sqlx::Error> {
    let rows: Vec<OfficialFigure> = sqlx::query_as(official_figures_sql!("i.program_id = $1"))
        .bind(program_id)
        .fetch_all(conn)
        .await?;
    let mut series: HashMap<Uuid, Vec<PeriodFigure>> = HashMap::new();
    for figure in rows {
        let indicator_id = figure.indicator_id;
        if let Some(figure) = period_figure(figure)? {
            series.entry(indicator_id).or_default().push(figure);
        }
    }
    Ok(series)
}

/// A row as a domain figure with its coverage; `None` when the roll-up gave no value.
pub fn period_figure(figure: OfficialFigure) -> Result<Option<PeriodFigure>, sqlx::Error> {
    let Some(value) = figure.value else {
        return Ok(None);
    };
    let frequency: Frequency = parse_column("frequency", &figure.frequency)?;
    let period = Period::new(frequency, figure.period_start, figure.period_end).map_err(|e| {
        sqlx::Error::ColumnDecode {
            index: "period_start".into(),
            source: Box::new(e),
        }
    })?;
    Ok(Some(PeriodFigure {
        period,
        aggregate: Aggregate {
            value,
            numerator: figure.numerator,
            denominator: figure.denominator,
            contributors: usize::try_from(figure.contributors).unwrap_or(0),
        },
        assigned: Some(usize::try_from(figure.assigned).unwrap_or(0)),
    }))
}

/// One official figure of a computed indicator, written by the use case that computes it
/// rather than by the database's refresh from approved observations.
#[derive(Debug, Clone, PartialEq)]
pub struct ComputedFigure {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub contributors: i64,
}

/// Takes the transaction-scoped lock the official-figure refresh takes per indicator
/// (migration 0007), so writers of one indicator's figures run one after the other.
#[tracing::instrument(skip(conn))]
pub async fn lock_indicator_figures(
    conn: &mut sqlx::PgConnection,
    indicator_id: Uuid,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "SELECT pg_advisory_xact_lock(hashtextextended('official_figure:' || $1::text, 0))",
    )
    .bind(indicator_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces a computed indicator's official figures of the periods starting on
/// `period_starts` (every period: `None`) with `figures`, set-based.
#[tracing::instrument(skip(conn, figures))]
pub async fn replace_computed_figures(
    conn: &mut sqlx::PgConnection,
    indicator_id: Uuid,
    frequency: &str,
    period_starts: Option<&[NaiveDate]>,
    figures: &[ComputedFigure],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM official_figure
          WHERE indicator_id = $1 AND ($2::date[] IS NULL OR period_start = ANY($2))",
    )
    .bind(indicator_id)
    .bind(period_starts)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO official_figure (indicator_id, period_start, period_end, frequency, value,
                                      numerator, denominator, contributors)
         SELECT $1, u.period_start, u.period_end, $2, u.value, u.numerator, u.denominator,
                u.contributors
           FROM unnest($3::date[], $4::date[], $5::float8[], $6::float8[], $7::float8[],
                       $8::bigint[])
                AS u(period_start, period_end, value, numerator, denominator, contributors)",
    )
    .bind(indicator_id)
    .bind(frequency)
    .bind(figures.iter().map(|f| f.period_start).collect::<Vec<_>>())
    .bind(figures.iter().map(|f| f.period_end).collect::<Vec<_>>())
    .bind(figures.iter().map(|f| f.value).collect::<Vec<_>>())
    .bind(figures.iter().map(|f| f.numerator).collect::<Vec<_>>())
    .bind(figures.iter().map(|f| f.denominator).collect::<Vec<_>>())
    .bind(figures.iter().map(|f| f.contributors).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}
