//! Who reported what: the reports expected of each assignment for given periods (with the
//! state of each, or none), the latest reviewed reports, and every organisation's reports of
//! one indicator.
//!
//! These queries return facts (and hand them over as the domain's types); whether a report is
//! late, and how reports combine into figures, is decided by `domain::compliance`,
//! `domain::rollup`, `domain::series` and `domain::period_reports`. Only SQL and that hand-over
//! here: no rule, nothing above the domain.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::{count_column, parse_column};
use crate::domain::Bilingual;
use crate::domain::compliance::ReportFacts;
use crate::domain::kinds::{
    DataQuality, Frequency, IndicatorKind, ObservationStatus, OrganisationKind, ProcessRoute,
};
use crate::domain::period::Period;
use crate::domain::period_reports::AssignmentRow;
use crate::domain::rollup::Contribution;
use crate::domain::series::ReportedFigure;

/// Which assignments a query covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every assignment of the program.
    Program,
    /// The assignments of the indicators of one pillar.
    Pillar(Uuid),
    /// The assignments of one indicator.
    Indicator(Uuid),
    /// One organisation's assignments.
    Organisation(Uuid),
}

impl Scope {
    /// The scope as the optional `(pillar, indicator, organisation)` ids the queries bind,
    /// each `NULL` meaning "any".
    fn filters(self) -> (Option<Uuid>, Option<Uuid>, Option<Uuid>) {
        match self {
            Scope::Program => (None, None, None),
            Scope::Pillar(id) => (Some(id), None, None),
            Scope::Indicator(id) => (None, Some(id), None),
            Scope::Organisation(id) => (None, None, Some(id)),
        }
    }
}

/// One assignment and one period: the report expected, and what was reported (if anything).
#[derive(Debug, Clone)]
pub struct ExpectedReport {
    pub indicator_id: Uuid,
    pub indicator_code: String,
    pub indicator_name: Bilingual,
    pub frequency: Frequency,
    pub organisation_id: Uuid,
    pub organisation_code: String,
    pub organisation_name: String,
    /// The assignment's start: no report is expected for periods ending before it.
    pub starts_on: NaiveDate,
    pub period: Period,
    pub report: Option<ReportFacts>,
}

#[derive(sqlx::FromRow)]
struct ExpectedRow {
    indicator_id: Uuid,
    indicator_code: String,
    indicator_name: Bilingual,
    frequency: String,
    organisation_id: Uuid,
    organisation_code: String,
    organisation_name: String,
    starts_on: NaiveDate,
    period_start: NaiveDate,
    status: Option<String>,
    first_submitted_on: Option<NaiveDate>,
}

fn period_of(frequency: Frequency, start: NaiveDate) -> Result<Period, sqlx::Error> {
    let period = Period::containing(frequency, start);
    if period.start() == start {
        Ok(period)
    } else {
        Err(sqlx::Error::ColumnDecode {
            index: "period_start".into(),
            source: format!("{start} does not start a {frequency} period").into(),
        })
    }
}

/// For every live assignment in `scope` and every period in `periods` of the indicator's
/// frequency: the report's state, or `None` when nothing was reported. One query: the
/// periods go in as arrays and are joined, never looped over.
#[tracing::instrument(skip(pool, periods), fields(periods = periods.len()))]
pub async fn expected_reports(
    pool: &PgPool,
    program_id: Uuid,
    scope: Scope,
    periods: &[(Frequency, Period)],
) -> Result<Vec<ExpectedReport>, sqlx::Error> {
    expected_reports_query(pool, program_id, scope, periods, None).await
}

/// [`expected_reports`] of the given organisations only (one page of a matrix): the rows
/// read are bounded by the page, not by the number of organisations in the scope.
#[tracing::instrument(skip(pool, periods, organisations), fields(periods = periods.len(), organisations = organisations.len()))]
pub async fn expected_reports_of(
    pool: &PgPool,
    program_id: Uuid,
    scope: Scope,
    periods: &[(Frequency, Period)],
    organisations: &[Uuid],
) -> Result<Vec<ExpectedReport>, sqlx::Error> {
    expected_reports_query(pool, program_id, scope, periods, Some(organisations)).await
}

async fn expected_reports_query(
    pool: &PgPool,
    program_id: Uuid,
    scope: Scope,
    periods: &[(Frequency, Period)],
    organisations: Option<&[Uuid]>,
) -> Result<Vec<ExpectedReport>, sqlx::Error> {
    let (pillar, indicator, organisation) = scope.filters();
    let rows: Vec<ExpectedRow> = sqlx::query_as(
        "SELECT a.indicator_id, i.code AS indicator_code,
                (i.name_en, i.name_id) AS indicator_name, i.frequency, a.organisation_id,
                org.code AS organisation_code, org.short_name AS organisation_name, a.starts_on,
                r.period_start, o.status,
                (o.first_submitted_at AT TIME ZONE 'UTC')::date AS first_submitted_on
           FROM assignment a
           JOIN indicator i ON i.id = a.indicator_id
           JOIN organisation org ON org.id = a.organisation_id
           JOIN UNNEST($2::text[], $3::date[]) AS r(frequency, period_start)
             ON r.frequency = i.frequency
           LEFT JOIN observation o
             ON o.indicator_id = a.indicator_id AND o.organisation_id = a.organisation_id
            AND o.period_start = r.period_start
          WHERE i.program_id = $1 AND i.archived_at IS NULL AND a.archived_at IS NULL
            AND org.archived_at IS NULL AND i.computed_from IS NULL
            AND ($4::uuid IS NULL OR i.pillar_id = $4)
            AND ($5::uuid IS NULL OR i.id = $5)
            AND ($6::uuid IS NULL OR a.organisation_id = $6)
            AND ($7::uuid[] IS NULL OR a.organisation_id = ANY($7))
          ORDER BY org.short_name, org.code, r.period_start, i.code",
    )
    .bind(program_id)
    .bind(
        periods
            .iter()
            .map(|(f, _)| f.as_str())
            .collect::<Vec<&str>>(),
    )
    .bind(
        periods
            .iter()
            .map(|(_, p)| p.start())
            .collect::<Vec<NaiveDate>>(),
    )
    .bind(pillar)
    .bind(indicator)
    .bind(organisation)
    .bind(organisations)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let frequency: Frequency = parse_column("frequency", &row.frequency)?;
            let report = match row.status {
                Some(status) => Some(ReportFacts {
                    status: parse_column("status", &status)?,
                    first_submitted_on: row.first_submitted_on,
                }),
                None => None,
            };
            Ok(ExpectedReport {
                period: period_of(frequency, row.period_start)?,
                indicator_id: row.indicator_id,
                indicator_code: row.indicator_code,
                indicator_name: row.indicator_name,
                frequency,
                organisation_id: row.organisation_id,
                organisation_code: row.organisation_code,
                organisation_name: row.organisation_name,
                starts_on: row.starts_on,
                report,
            })
        })
        .collect()
}

/// A live organisation with at least one live assignment in a scope.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScopeOrganisation {
    pub id: Uuid,
    pub code: String,
    pub short_name: String,
}

/// The live organisations assigned a live indicator of `scope`, in the order of
/// [`expected_reports`] (short name, then code). One query over organisations, each checked
/// through the assignment index.
#[tracing::instrument(skip(pool))]
pub async fn organisations_in_scope(
    pool: &PgPool,
    program_id: Uuid,
    scope: Scope,
) -> Result<Vec<ScopeOrganisation>, sqlx::Error> {
    organisations_in_scope_page(pool, program_id, scope, 0, usize::MAX).await
}

/// Which organisations `organisation org` are in the scope `$1`–`$4` (program, pillar,
/// indicator, organisation; `NULL`: any): live, and assigned a live indicator of the scope
/// that is reported (not computed).
const IN_SCOPE: &str = "
    org.archived_at IS NULL
    AND ($4::uuid IS NULL OR org.id = $4)
    AND EXISTS (SELECT 1
                  FROM assignment a
                  JOIN indicator i ON i.id = a.indicator_id
                 WHERE a.organisation_id = org.id AND a.archived_at IS NULL
                   AND i.program_id = $1 AND i.archived_at IS NULL
                   AND i.computed_from IS NULL
                   AND ($2::uuid IS NULL OR i.pillar_id = $2)
                   AND ($3::uuid IS NULL OR i.id = $3))";

/// How many organisations [`organisations_in_scope`] lists, counted in the database.
#[tracing::instrument(skip(pool))]
pub async fn organisations_in_scope_count(
    pool: &PgPool,
    program_id: Uuid,
    scope: Scope,
) -> Result<usize, sqlx::Error> {
    let (pillar, indicator, organisation) = scope.filters();
    let count: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM organisation org WHERE {IN_SCOPE}"
    ))
    .bind(program_id)
    .bind(pillar)
    .bind(indicator)
    .bind(organisation)
    .fetch_one(pool)
    .await?;
    count_column("count", count)
}

/// The organisations `offset..offset + limit` of [`organisations_in_scope`], in its order:
/// a page of the matrix reads its own organisations only (the order is
/// `organisation_short_name_idx`'s, migration 0043).
#[tracing::instrument(skip(pool))]
pub async fn organisations_in_scope_page(
    pool: &PgPool,
    program_id: Uuid,
    scope: Scope,
    offset: usize,
    limit: usize,
) -> Result<Vec<ScopeOrganisation>, sqlx::Error> {
    let (pillar, indicator, organisation) = scope.filters();
    sqlx::query_as(&format!(
        "SELECT org.id, org.code, org.short_name
           FROM organisation org
          WHERE {IN_SCOPE}
          ORDER BY org.short_name, org.code
          LIMIT $5 OFFSET $6"
    ))
    .bind(program_id)
    .bind(pillar)
    .bind(indicator)
    .bind(organisation)
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
}

/// A figure as reported, in the columns its kind uses.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportedValue {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
    pub text: Option<String>,
}

/// A report that was recently approved or returned.
#[derive(Debug, Clone)]
pub struct ReviewedReport {
    /// The observation (its review page is `/review/{id}`).
    pub id: Uuid,
    pub status: ObservationStatus,
    pub indicator_code: String,
    pub indicator_name: Bilingual,
    pub unit: String,
    pub kind: IndicatorKind,
    pub frequency: Frequency,
    pub decimals: u8,
    pub stage_labels: Bilingual<Vec<String>>,
    pub organisation_code: String,
    pub organisation_name: String,
    pub period: Period,
    pub figure: ReportedValue,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
    /// See `store::observations::Observation::review_note_internal`.
    pub review_note_internal: bool,
    pub organisation_id: Uuid,
}

#[derive(sqlx::FromRow)]
struct ReviewedRow {
    id: Uuid,
    status: String,
    indicator_code: String,
    indicator_name: Bilingual,
    unit: String,
    kind: String,
    frequency: String,
    decimals: i16,
    stage_labels: Bilingual<Option<Vec<String>>>,
    organisation_code: String,
    organisation_name: String,
    period_start: NaiveDate,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stage: Option<i16>,
    text_value: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    review_note: Option<String>,
    review_note_internal: bool,
    organisation_id: Uuid,
}

/// The `limit` most recently approved and the `limit` most recently returned reports of the
/// program, newest first, in one query.
#[tracing::instrument(skip(pool))]
pub async fn recent_reviews(
    pool: &PgPool,
    program_id: Uuid,
    limit: i64,
) -> Result<Vec<ReviewedReport>, sqlx::Error> {
    let rows: Vec<ReviewedRow> = sqlx::query_as(
        // The status is a literal in each branch (not a shared CTE, which PostgreSQL would
        // materialise whole), so each branch walks `observation_reviewed_idx` newest first
        // and stops after `$2` rows, however many reports are stored.
        "(SELECT o.id, o.status, i.code AS indicator_code,
                 (i.name_en, i.name_id) AS indicator_name, i.unit, i.kind, i.frequency, i.decimals,
                 (i.stage_labels_en, i.stage_labels_id) AS stage_labels,
                 org.code AS organisation_code,
                 org.short_name AS organisation_name, o.period_start, o.value, o.numerator,
                 o.denominator, o.stage, o.text_value, o.reviewed_at, o.review_note,
                 o.review_note_internal, o.organisation_id
            FROM observation o
            JOIN indicator i ON i.id = o.indicator_id
            JOIN organisation org ON org.id = o.organisation_id
           WHERE i.program_id = $1 AND i.archived_at IS NULL AND o.status = 'approved'
           ORDER BY o.reviewed_at DESC NULLS LAST, i.code, org.code LIMIT $2)
         UNION ALL
         (SELECT o.id, o.status, i.code, (i.name_en, i.name_id), i.unit, i.kind, i.frequency, i.decimals,
                 (i.stage_labels_en, i.stage_labels_id), org.code, org.short_name, o.period_start,
                 o.value, o.numerator, o.denominator, o.stage, o.text_value, o.reviewed_at,
                 o.review_note, o.review_note_internal, o.organisation_id
            FROM observation o
            JOIN indicator i ON i.id = o.indicator_id
            JOIN organisation org ON org.id = o.organisation_id
           WHERE i.program_id = $1 AND i.archived_at IS NULL AND o.status = 'returned'
           ORDER BY o.reviewed_at DESC NULLS LAST, i.code, org.code LIMIT $2)",
    )
    .bind(program_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let frequency: Frequency = parse_column("frequency", &row.frequency)?;
            Ok(ReviewedReport {
                id: row.id,
                status: parse_column("status", &row.status)?,
                kind: parse_column("kind", &row.kind)?,
                period: period_of(frequency, row.period_start)?,
                frequency,
                indicator_code: row.indicator_code,
                indicator_name: row.indicator_name,
                unit: row.unit,
                decimals: u8::try_from(row.decimals).unwrap_or(1),
                stage_labels: row.stage_labels.unwrap_or_default(),
                organisation_code: row.organisation_code,
                organisation_name: row.organisation_name,
                figure: ReportedValue {
                    value: row.value,
                    numerator: row.numerator,
                    denominator: row.denominator,
                    stage: row.stage,
                    text: row.text_value,
                },
                reviewed_at: row.reviewed_at,
                review_note: row.review_note,
                review_note_internal: row.review_note_internal,
                organisation_id: row.organisation_id,
            })
        })
        .collect()
}

/// An organisation assigned an indicator.
#[derive(Debug, Clone)]
pub struct AssignedOrganisation {
    pub organisation_id: Uuid,
    pub code: String,
    pub short_name: String,
    pub kind: OrganisationKind,
    pub process_route: Option<ProcessRoute>,
    pub is_demo: bool,
    pub starts_on: NaiveDate,
    /// Whether the assignment is still live (an archived one is listed only for its reports).
    pub live: bool,
}

/// One organisation's report of one period.
#[derive(Debug, Clone)]
pub struct Report {
    /// The observation (its review page is `/review/{id}`).
    pub id: Uuid,
    pub period: Period,
    pub figure: ReportedValue,
    pub data_quality: DataQuality,
    pub comment: String,
    pub evidence_url: Option<String>,
    pub status: ObservationStatus,
    pub first_submitted_on: Option<NaiveDate>,
    /// Unix seconds of approval (or of submission while submitted): orders the `latest` and
    /// `park` roll-ups exactly as `store::figures` does.
    pub order_time: i64,
}

/// An assigned organisation and one of its reports (or `None` when it has none at all).
#[derive(Debug, Clone)]
pub struct AssignedReport {
    pub reporter: AssignedOrganisation,
    pub report: Option<Report>,
}

impl Report {
    /// The report as the roll-ups weigh it (`domain::series`, `domain::period_reports`).
    pub fn reported_figure(&self) -> ReportedFigure {
        ReportedFigure {
            period: self.period,
            status: self.status,
            contribution: Contribution {
                value: self.figure.value,
                numerator: self.figure.numerator,
                denominator: self.figure.denominator,
                stage: self.figure.stage,
                order_key: (self.period.end(), self.order_time),
            },
        }
    }
}

impl AssignedReport {
    /// The row as `domain::period_reports` lists it.
    pub fn assignment_row(&self) -> AssignmentRow {
        AssignmentRow {
            organisation_id: self.reporter.organisation_id,
            live: self.reporter.live,
            starts_on: self.reporter.starts_on,
            report: self.report.as_ref().map(|r| {
                (
                    r.period,
                    ReportFacts {
                        status: r.status,
                        first_submitted_on: r.first_submitted_on,
                    },
                )
            }),
        }
    }
}

#[derive(sqlx::FromRow)]
struct AssignedRow {
    organisation_id: Uuid,
    code: String,
    short_name: String,
    kind: String,
    process_route: Option<String>,
    is_demo: bool,
    starts_on: NaiveDate,
    live: bool,
    observation_id: Option<Uuid>,
    period_start: Option<NaiveDate>,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stage: Option<i16>,
    text_value: Option<String>,
    data_quality: Option<String>,
    comment: Option<String>,
    evidence_url: Option<String>,
    status: Option<String>,
    first_submitted_on: Option<NaiveDate>,
    order_time: Option<i64>,
}

/// The columns and joins of [`indicator_reports_of_period`] and
/// [`indicator_reports_of_organisation`]: each assignment of the indicator (`$1`) with a
/// report, or `NULL`s; `$on` narrows the reports joined, `$where` the assignments.
macro_rules! assigned_reports_sql {
    ($on:literal, $where:literal) => {
        concat!(
            "SELECT a.organisation_id, org.code, org.short_name, org.kind, org.process_route,
                    org.is_demo, a.starts_on, a.archived_at IS NULL AS live,
                    o.id AS observation_id, o.period_start, o.value, o.numerator, o.denominator,
                    o.stage, o.text_value, o.data_quality, o.comment, o.evidence_url, o.status,
                    (o.first_submitted_at AT TIME ZONE 'UTC')::date AS first_submitted_on,
                    extract(epoch FROM CASE WHEN o.status = 'approved'
                                            THEN coalesce(o.reviewed_at, o.updated_at)
                                            ELSE coalesce(o.submitted_at, o.updated_at)
                                       END)::bigint AS order_time
               FROM assignment a
               JOIN organisation org ON org.id = a.organisation_id
               LEFT JOIN observation o
                 ON o.indicator_id = a.indicator_id AND o.organisation_id = a.organisation_id ",
            $on,
            " WHERE a.indicator_id = $1 AND (a.archived_at IS NULL OR o.id IS NOT NULL) ",
            $where,
            " ORDER BY org.short_name, org.code, o.period_start"
        )
    };
}

/// Every organisation assigned the indicator with its report of `period` (or `None`): one row
/// per organisation with a live assignment or a report of that period, by organisation. One
/// query, its rows bounded by the organisations, not by their reports of other periods.
#[tracing::instrument(skip(pool))]
pub async fn indicator_reports_of_period(
    pool: &PgPool,
    indicator_id: Uuid,
    frequency: Frequency,
    period: Period,
) -> Result<Vec<AssignedReport>, sqlx::Error> {
    let rows: Vec<AssignedRow> =
        sqlx::query_as(assigned_reports_sql!("AND o.period_start = $2", ""))
            .bind(indicator_id)
            .bind(period.start())
            .fetch_all(pool)
            .await?;
    assigned_reports(rows, frequency)
}

/// One organisation's assignment of the indicator with every report it made (all statuses,
/// all periods), by period; a live assignment without any report appears once with
/// `report: None`, and nothing when the organisation is not assigned the indicator.
#[tracing::instrument(skip(pool))]
pub async fn indicator_reports_of_organisation(
    pool: &PgPool,
    indicator_id: Uuid,
    frequency: Frequency,
    organisation_id: Uuid,
) -> Result<Vec<AssignedReport>, sqlx::Error> {
    let rows: Vec<AssignedRow> =
        sqlx::query_as(assigned_reports_sql!("", "AND a.organisation_id = $2"))
            .bind(indicator_id)
            .bind(organisation_id)
            .fetch_all(pool)
            .await?;
    assigned_reports(rows, frequency)
}

fn assigned_reports(
    rows: Vec<AssignedRow>,
    frequency: Frequency,
) -> Result<Vec<AssignedReport>, sqlx::Error> {
    rows.into_iter()
        .map(|row| {
            let reporter = AssignedOrganisation {
                organisation_id: row.organisation_id,
                kind: parse_column("kind", &row.kind)?,
                process_route: row
                    .process_route
                    .as_deref()
                    .map(|r| parse_column("process_route", r))
                    .transpose()?,
                code: row.code,
                short_name: row.short_name,
                is_demo: row.is_demo,
                starts_on: row.starts_on,
                live: row.live,
            };
            let report = match (
                row.observation_id,
                row.period_start,
                row.status,
                row.data_quality,
            ) {
                (Some(id), Some(start), Some(status), Some(quality)) => Some(Report {
                    id,
                    period: period_of(frequency, start)?,
                    figure: ReportedValue {
                        value: row.value,
                        numerator: row.numerator,
                        denominator: row.denominator,
                        stage: row.stage,
                        text: row.text_value,
                    },
                    data_quality: parse_column("data_quality", &quality)?,
                    comment: row.comment.unwrap_or_default(),
                    evidence_url: row.evidence_url,
                    status: parse_column("status", &status)?,
                    first_submitted_on: row.first_submitted_on,
                    order_time: row.order_time.unwrap_or(0),
                }),
                _ => None,
            };
            Ok(AssignedReport { reporter, report })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    period_start: NaiveDate,
    status: String,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stage: Option<i16>,
    order_time: i64,
    with_approved: bool,
}

/// An indicator's reports awaiting review, for its provisional figures.
#[derive(Debug, Clone, Default)]
pub struct PendingReports {
    /// The reports awaiting review (`submitted`), and, when `with_approved`, the approved
    /// reports of the periods that have one awaiting review; by organisation (short name,
    /// code), then period, the order in which the roll-ups weigh equal keys.
    pub reports: Vec<ReportedFigure>,
    /// Whether the approved reports of those periods are among `reports`: asked for, or the
    /// indicator is computed (its official figures do not come from its reports).
    pub with_approved: bool,
}

/// The indicator's reports awaiting review as the roll-ups weigh them; with `with_approved`
/// (the rules whose provisional figure cannot start from the official one,
/// `domain::rollup::provisional_needs_approved`), also the approved reports of the periods
/// that have one awaiting review. Reads the pending reports from migration 0041's index alone:
/// bounded by what awaits review, not by every report of the indicator.
#[tracing::instrument(skip(pool))]
pub async fn pending_reports(
    pool: &PgPool,
    indicator_id: Uuid,
    frequency: Frequency,
    with_approved: bool,
) -> Result<PendingReports, sqlx::Error> {
    let rows: Vec<PendingRow> = sqlx::query_as(
        // The status of a pending report is written as a literal, not read, so that the
        // reports come from `observation_pending_idx` alone (an index-only scan).
        "WITH flag AS (
             SELECT $2 OR EXISTS (SELECT 1 FROM indicator i
                                   WHERE i.id = $1 AND i.computed_from IS NOT NULL)
                    AS with_approved
         ), pending AS (
             SELECT o.organisation_id, o.period_start, 'submitted'::text AS status, o.value,
                    o.numerator, o.denominator, o.stage,
                    extract(epoch FROM coalesce(o.submitted_at, o.updated_at))::bigint AS order_time
               FROM observation o
              WHERE o.indicator_id = $1 AND o.status = 'submitted'
         ), approved AS (
             SELECT o.organisation_id, o.period_start, o.status, o.value, o.numerator,
                    o.denominator, o.stage,
                    extract(epoch FROM coalesce(o.reviewed_at, o.updated_at))::bigint AS order_time
               FROM observation o, flag
              WHERE flag.with_approved AND o.indicator_id = $1 AND o.status = 'approved'
                AND o.period_start IN (SELECT period_start FROM pending)
         )
         SELECT r.period_start, r.status, r.value, r.numerator, r.denominator, r.stage,
                r.order_time, flag.with_approved
           FROM (SELECT * FROM pending UNION ALL SELECT * FROM approved) r
           JOIN organisation org ON org.id = r.organisation_id
          CROSS JOIN flag
          ORDER BY org.short_name, org.code, r.period_start",
    )
    .bind(indicator_id)
    .bind(with_approved)
    .fetch_all(pool)
    .await?;
    let mut pending = PendingReports {
        reports: Vec::with_capacity(rows.len()),
        with_approved,
    };
    for row in rows {
        pending.with_approved = row.with_approved;
        let period = period_of(frequency, row.period_start)?;
        pending.reports.push(ReportedFigure {
            period,
            status: parse_column("status", &row.status)?,
            contribution: Contribution {
                value: row.value,
                numerator: row.numerator,
                denominator: row.denominator,
                stage: row.stage,
                order_key: (period.end(), row.order_time),
            },
        });
    }
    Ok(pending)
}

/// The periods in which the indicator has at least one report (any status), oldest first.
/// A loose index scan of migration 0041's `observation_indicator_period_idx`: one probe per
/// period, however many reports each holds.
#[tracing::instrument(skip(pool))]
pub async fn reported_periods(
    pool: &PgPool,
    indicator_id: Uuid,
    frequency: Frequency,
) -> Result<Vec<Period>, sqlx::Error> {
    let starts: Vec<NaiveDate> = sqlx::query_scalar(
        "WITH RECURSIVE p(period_start) AS (
             (SELECT o.period_start FROM observation o
               WHERE o.indicator_id = $1
               ORDER BY o.period_start LIMIT 1)
             UNION ALL
             SELECT (SELECT o.period_start FROM observation o
                      WHERE o.indicator_id = $1 AND o.period_start > p.period_start
                      ORDER BY o.period_start LIMIT 1)
               FROM p WHERE p.period_start IS NOT NULL
         )
         SELECT period_start FROM p WHERE period_start IS NOT NULL",
    )
    .bind(indicator_id)
    .fetch_all(pool)
    .await?;
    starts
        .into_iter()
        .map(|start| period_of(frequency, start))
        .collect()
}

/// Whether any organisation is listed for the indicator: a live assignment, or a report
/// (an archived assignment is listed for its reports).
#[tracing::instrument(skip(pool))]
pub async fn has_reporters(pool: &PgPool, indicator_id: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM assignment a
                         WHERE a.indicator_id = $1 AND a.archived_at IS NULL)
             OR EXISTS (SELECT 1 FROM observation o WHERE o.indicator_id = $1)",
    )
    .bind(indicator_id)
    .fetch_one(pool)
    .await
}
