//! Observations and their revisions: what an organisation may report, reading one or a page of
//! them, their revisions, what is due. The set-based writes are in `observation_writes` (and
//! re-exported here); `crate::workflow::reports` decides what is allowed.
//!
//! Every change of an observation writes its revision (who, when, before, after, why) in the
//! same statement, so the two cannot drift apart. Reads that take an organisation are scoped
//! to it: another organisation's rows are indistinguishable from rows that do not exist.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::parse_column;
use crate::domain::kinds::{DataQuality, Frequency, IndicatorKind, ObservationStatus};

pub use super::observation_writes::{
    Figures, Transition, Writer, Written, insert, transition, update,
};

/// An observation with the codes of its indicator and organisation.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub id: Uuid,
    pub indicator_id: Uuid,
    pub indicator: String,
    pub organisation_id: Uuid,
    pub organisation: String,
    pub frequency: Frequency,
    pub unit: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
    pub text: Option<String>,
    pub data_quality: DataQuality,
    pub assurance: String,
    pub comment: String,
    pub evidence_url: Option<String>,
    pub status: ObservationStatus,
    pub version: i32,
    pub review_note: Option<String>,
    /// The note is a reopening reason or an approval's note: reviewers only
    /// (`auth::policy::may_read_note`).
    #[serde(skip)]
    pub review_note_internal: bool,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<String>,
    #[serde(skip)]
    pub submitted_by_user_id: Option<Uuid>,
    #[serde(skip)]
    pub submitted_by_token_id: Option<Uuid>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

struct ObservationRow {
    id: Uuid,
    indicator_id: Uuid,
    indicator: String,
    organisation_id: Uuid,
    organisation: String,
    frequency: String,
    unit: String,
    period_start: NaiveDate,
    period_end: NaiveDate,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stage: Option<i16>,
    text_value: Option<String>,
    data_quality: String,
    assurance: String,
    comment: String,
    evidence_url: Option<String>,
    status: String,
    version: i32,
    review_note: Option<String>,
    review_note_internal: bool,
    first_submitted_at: Option<DateTime<Utc>>,
    submitted_at: Option<DateTime<Utc>>,
    submitted_by: Option<String>,
    submitted_by_user_id: Option<Uuid>,
    submitted_by_token_id: Option<Uuid>,
    reviewed_at: Option<DateTime<Utc>>,
    reviewed_by: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// The column names of [`observation_columns!`], in its order.
const OBSERVATION_COLUMN_NAMES: [&str; 31] = [
    "id",
    "indicator_id",
    "indicator",
    "organisation_id",
    "organisation",
    "frequency",
    "unit",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "stage",
    "text_value",
    "data_quality",
    "assurance",
    "comment",
    "evidence_url",
    "status",
    "version",
    "review_note",
    "review_note_internal",
    "first_submitted_at",
    "submitted_at",
    "submitted_by",
    "submitted_by_user_id",
    "submitted_by_token_id",
    "reviewed_at",
    "reviewed_by",
    "created_at",
    "updated_at",
];

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for ObservationRow {
    /// By position, in the order of [`observation_columns!`], without checking each value's
    /// type again: decoding was 43 % of a 100-row API page's cost, a third of it finding
    /// columns by name and checking their types on every row. The order is checked against
    /// the names in debug builds (every test).
    fn from_row(row: &'r sqlx::postgres::PgRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        debug_assert!(
            OBSERVATION_COLUMN_NAMES
                .iter()
                .enumerate()
                .all(|(i, name)| sqlx::Column::name(&row.columns()[i]) == *name),
            "observation_columns! and ObservationRow disagree"
        );
        Ok(ObservationRow {
            id: row.try_get_unchecked(0)?,
            indicator_id: row.try_get_unchecked(1)?,
            indicator: row.try_get_unchecked(2)?,
            organisation_id: row.try_get_unchecked(3)?,
            organisation: row.try_get_unchecked(4)?,
            frequency: row.try_get_unchecked(5)?,
            unit: row.try_get_unchecked(6)?,
            period_start: row.try_get_unchecked(7)?,
            period_end: row.try_get_unchecked(8)?,
            value: row.try_get_unchecked(9)?,
            numerator: row.try_get_unchecked(10)?,
            denominator: row.try_get_unchecked(11)?,
            stage: row.try_get_unchecked(12)?,
            text_value: row.try_get_unchecked(13)?,
            data_quality: row.try_get_unchecked(14)?,
            assurance: row.try_get_unchecked(15)?,
            comment: row.try_get_unchecked(16)?,
            evidence_url: row.try_get_unchecked(17)?,
            status: row.try_get_unchecked(18)?,
            version: row.try_get_unchecked(19)?,
            review_note: row.try_get_unchecked(20)?,
            review_note_internal: row.try_get_unchecked(21)?,
            first_submitted_at: row.try_get_unchecked(22)?,
            submitted_at: row.try_get_unchecked(23)?,
            submitted_by: row.try_get_unchecked(24)?,
            submitted_by_user_id: row.try_get_unchecked(25)?,
            submitted_by_token_id: row.try_get_unchecked(26)?,
            reviewed_at: row.try_get_unchecked(27)?,
            reviewed_by: row.try_get_unchecked(28)?,
            created_at: row.try_get_unchecked(29)?,
            updated_at: row.try_get_unchecked(30)?,
        })
    }
}

impl TryFrom<ObservationRow> for Observation {
    type Error = sqlx::Error;

    fn try_from(r: ObservationRow) -> Result<Self, Self::Error> {
        Ok(Observation {
            frequency: parse_column("frequency", &r.frequency)?,
            data_quality: parse_column("data_quality", &r.data_quality)?,
            status: parse_column("status", &r.status)?,
            id: r.id,
            indicator_id: r.indicator_id,
            indicator: r.indicator,
            organisation_id: r.organisation_id,
            organisation: r.organisation,
            unit: r.unit,
            period_start: r.period_start,
            period_end: r.period_end,
            value: r.value,
            numerator: r.numerator,
            denominator: r.denominator,
            stage: r.stage,
            text: r.text_value,
            assurance: r.assurance,
            comment: r.comment,
            evidence_url: r.evidence_url,
            version: r.version,
            review_note: r.review_note,
            review_note_internal: r.review_note_internal,
            first_submitted_at: r.first_submitted_at,
            submitted_at: r.submitted_at,
            submitted_by: r.submitted_by,
            submitted_by_user_id: r.submitted_by_user_id,
            submitted_by_token_id: r.submitted_by_token_id,
            reviewed_at: r.reviewed_at,
            reviewed_by: r.reviewed_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

fn parse_rows(rows: Vec<ObservationRow>) -> Result<Vec<Observation>, sqlx::Error> {
    rows.into_iter().map(Observation::try_from).collect()
}

/// The columns of [`ObservationRow`], over `observation o`, `indicator i`, `organisation g`.
macro_rules! observation_columns {
    () => {
        "o.id, o.indicator_id, i.code AS indicator, o.organisation_id, g.code AS organisation,
         i.frequency, i.unit, o.period_start, o.period_end, o.value, o.numerator, o.denominator,
         o.stage, o.text_value, o.data_quality, o.assurance, o.comment, o.evidence_url, o.status,
         o.version, o.review_note, o.review_note_internal, o.first_submitted_at, o.submitted_at, o.submitted_by,
         o.submitted_by_user_id, o.submitted_by_token_id, o.reviewed_at, o.reviewed_by,
         o.created_at, o.updated_at"
    };
}

/// One observation, scoped to an organisation when one is given (`None`: any organisation, for
/// program managers).
#[tracing::instrument(skip(pool))]
///
/// `reader` is the reading organisation: another organisation's draft is its own unfinished
/// work, not given to the program, so it is not found for a program-wide read either.
pub async fn get(
    pool: &PgPool,
    id: Uuid,
    organisation_id: Option<Uuid>,
    reader: Uuid,
) -> Result<Option<Observation>, sqlx::Error> {
    let row: Option<ObservationRow> = sqlx::query_as(concat!(
        "SELECT ",
        observation_columns!(),
        " FROM observation o JOIN indicator i ON i.id = o.indicator_id
          JOIN organisation g ON g.id = o.organisation_id
         WHERE o.id = $1 AND ($2::uuid IS NULL OR o.organisation_id = $2)
           AND (o.status <> 'draft' OR o.organisation_id = $3)"
    ))
    .bind(id)
    .bind(organisation_id)
    .bind(reader)
    .fetch_optional(pool)
    .await?;
    row.map(Observation::try_from).transpose()
}

/// Locks one observation (scoped like [`get`]) for a change in this transaction.
#[tracing::instrument(skip(conn))]
pub async fn lock(
    conn: &mut PgConnection,
    id: Uuid,
    organisation_id: Option<Uuid>,
) -> Result<Option<Observation>, sqlx::Error> {
    let row: Option<ObservationRow> = sqlx::query_as(concat!(
        "SELECT ",
        observation_columns!(),
        " FROM observation o JOIN indicator i ON i.id = o.indicator_id
          JOIN organisation g ON g.id = o.organisation_id
         WHERE o.id = $1 AND ($2::uuid IS NULL OR o.organisation_id = $2)
           FOR UPDATE OF o"
    ))
    .bind(id)
    .bind(organisation_id)
    .fetch_optional(conn)
    .await?;
    row.map(Observation::try_from).transpose()
}

/// Re-reads observations by id (after a write, in the writing transaction).
#[tracing::instrument(skip_all, fields(count = ids.len()))]
pub async fn by_ids(
    conn: &mut PgConnection,
    ids: &[Uuid],
) -> Result<Vec<Observation>, sqlx::Error> {
    let rows: Vec<ObservationRow> = sqlx::query_as(concat!(
        "SELECT ",
        observation_columns!(),
        " FROM observation o JOIN indicator i ON i.id = o.indicator_id
          JOIN organisation g ON g.id = o.organisation_id
         WHERE o.id = ANY($1)"
    ))
    .bind(ids)
    .fetch_all(conn)
    .await?;
    parse_rows(rows)
}

/// What a page of observations is filtered by; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct ObservationFilter {
    /// The caller's organisation for tenants (always set for them).
    pub organisation_id: Option<Uuid>,
    pub indicator_code: Option<String>,
    pub organisation_code: Option<String>,
    /// Periods starting on or after this day.
    pub period_from: Option<NaiveDate>,
    /// Periods ending on or before this day.
    pub period_to: Option<NaiveDate>,
    pub status: Option<ObservationStatus>,
    /// The reading organisation, for reads across organisations: other organisations' drafts
    /// (their unfinished work, not given to the program) are left out. `None`: no such rule
    /// (a tenant's own reads, and the pages that list only submitted reports).
    pub reader: Option<Uuid>,
    /// The program whose indicators' observations are listed (rights are per program).
    pub program_id: Option<Uuid>,
}

/// A position in the stable order of observations: (period start, id). Both never change, so
/// a page that starts after a position neither skips nor repeats a row that existed when the
/// walk began, whatever is inserted meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagePosition {
    pub period_start: NaiveDate,
    pub id: Uuid,
}

/// The page query for one organisation or for all, the rest of it shared. The walk's position
/// is a row comparison on the index's own columns, with no `OR` around it, so that the plan
/// (generic or not) walks `observation_organisation_page_idx` or `observation_page_idx` and
/// stops after `limit` rows instead of sorting every match.
macro_rules! page_sql {
    ($scope:literal) => {
        concat!(
            "SELECT ",
            observation_columns!(),
            " FROM observation o JOIN indicator i ON i.id = o.indicator_id
              JOIN organisation g ON g.id = o.organisation_id
             WHERE ",
            $scope,
            " AND (o.period_start, o.id) > ($7, $8)
               AND ($2::text IS NULL OR i.code = $2)
               AND ($3::text IS NULL OR g.code = $3)
               AND ($4::date IS NULL OR o.period_start >= $4)
               AND ($5::date IS NULL OR o.period_end <= $5)
               AND ($6::text IS NULL OR o.status = $6)
               AND ($10::uuid IS NULL OR o.status <> 'draft' OR o.organisation_id = $10)
               AND ($11::uuid IS NULL OR i.program_id = $11)
             ORDER BY o.period_start, o.id
             LIMIT $9"
        )
    };
}

/// Up to `limit` observations matching the filter after `after`, in the order
/// (period_start, id).
#[tracing::instrument(skip(pool))]
pub async fn page(
    pool: &PgPool,
    filter: &ObservationFilter,
    after: Option<PagePosition>,
    limit: i64,
) -> Result<Vec<Observation>, sqlx::Error> {
    let sql = match filter.organisation_id {
        Some(_) => page_sql!("o.organisation_id = $1"),
        None => page_sql!("$1::uuid IS NULL"),
    };
    // Before the first row: a day before any period (1 January of year 1, which PostgreSQL
    // can hold, unlike chrono's minimum), and the smallest id.
    let after = after.unwrap_or(PagePosition {
        period_start: NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default(),
        id: Uuid::nil(),
    });
    let rows: Vec<ObservationRow> = sqlx::query_as(sql)
        .bind(filter.organisation_id)
        .bind(filter.indicator_code.as_deref())
        .bind(filter.organisation_code.as_deref())
        .bind(filter.period_from)
        .bind(filter.period_to)
        .bind(filter.status.map(ObservationStatus::as_str))
        .bind(after.period_start)
        .bind(after.id)
        .bind(limit)
        .bind(filter.reader)
        .bind(filter.program_id)
        .fetch_all(pool)
        .await?;
    parse_rows(rows)
}

/// Every observation of one indicator (all statuses), of one organisation when given, by
/// period then organisation.
#[tracing::instrument(skip(pool))]
pub async fn of_indicator(
    pool: &PgPool,
    indicator_id: Uuid,
    organisation_id: Option<Uuid>,
) -> Result<Vec<Observation>, sqlx::Error> {
    let rows: Vec<ObservationRow> = sqlx::query_as(concat!(
        "SELECT ",
        observation_columns!(),
        " FROM observation o JOIN indicator i ON i.id = o.indicator_id
          JOIN organisation g ON g.id = o.organisation_id
         WHERE o.indicator_id = $1 AND ($2::uuid IS NULL OR o.organisation_id = $2)
         ORDER BY o.period_start, g.code"
    ))
    .bind(indicator_id)
    .bind(organisation_id)
    .fetch_all(pool)
    .await?;
    parse_rows(rows)
}

/// What an organisation may report for one assigned indicator: the attributes its figures
/// are checked against, and the program's phase.
#[derive(Debug, Clone)]
pub struct ReportingSpec {
    pub indicator_id: Uuid,
    pub code: String,
    pub name_en: String,
    pub kind: IndicatorKind,
    pub frequency: Frequency,
    pub unit: String,
    pub stage_count: usize,
    /// The hard bounds in force (the admin's, else the catalogue's).
    pub bounds: crate::domain::Bounds,
    pub assignment_starts_on: NaiveDate,
    pub program_starts_on: NaiveDate,
    pub program_ends_on: NaiveDate,
    /// Set for an indicator computed from activity data: nobody reports it.
    pub computed_from: Option<crate::domain::kinds::ComputedFrom>,
}

#[derive(sqlx::FromRow)]
struct SpecRow {
    indicator_id: Uuid,
    code: String,
    name_en: String,
    kind: String,
    frequency: String,
    unit: String,
    stage_count: i32,
    bound_min: Option<f64>,
    bound_max: Option<f64>,
    bound_parts_max: Option<f64>,
    assignment_starts_on: NaiveDate,
    program_starts_on: NaiveDate,
    program_ends_on: NaiveDate,
    computed_from: Option<String>,
}

/// The live assignments of an organisation (live indicators only), with the rules of each,
/// and the computed indicators of its programs (`computed_from` set, assigned or not) so that
/// a report of one is refused saying why, not as "not assigned". Lists of what to report
/// leave those out. One query; an organisation has tens of assignments, not thousands.
#[tracing::instrument(skip(conn))]
pub async fn reporting_specs(
    conn: &mut PgConnection,
    organisation_id: Uuid,
) -> Result<Vec<ReportingSpec>, sqlx::Error> {
    let rows: Vec<SpecRow> = sqlx::query_as(
        "SELECT i.id AS indicator_id, i.code, i.name_en, i.kind, i.frequency, i.unit,
                coalesce(cardinality(i.stage_labels_en), 0) AS stage_count,
                i.bound_min, i.bound_max, i.bound_parts_max,
                coalesce(a.starts_on, p.starts_on) AS assignment_starts_on,
                p.starts_on AS program_starts_on, p.ends_on AS program_ends_on,
                i.computed_from
           FROM indicator i
           JOIN program p ON p.id = i.program_id
           LEFT JOIN assignment a
             ON a.indicator_id = i.id AND a.organisation_id = $1 AND a.archived_at IS NULL
          WHERE i.archived_at IS NULL
            AND (a.id IS NOT NULL
                 OR i.computed_from IS NOT NULL
                    AND EXISTS (SELECT 1 FROM assignment b JOIN indicator j ON j.id = b.indicator_id
                                 WHERE b.organisation_id = $1 AND b.archived_at IS NULL
                                   AND j.program_id = i.program_id))
          ORDER BY i.code",
    )
    .bind(organisation_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            let kind = parse_column("kind", &r.kind)?;
            Ok(ReportingSpec {
                bounds: crate::domain::Bounds::effective(
                    kind,
                    &r.unit,
                    r.bound_min,
                    r.bound_max,
                    r.bound_parts_max,
                ),
                kind,
                frequency: parse_column("frequency", &r.frequency)?,
                indicator_id: r.indicator_id,
                code: r.code,
                name_en: r.name_en,
                unit: r.unit,
                stage_count: usize::try_from(r.stage_count).unwrap_or(0),
                assignment_starts_on: r.assignment_starts_on,
                program_starts_on: r.program_starts_on,
                program_ends_on: r.program_ends_on,
                computed_from: r
                    .computed_from
                    .as_deref()
                    .map(|c| parse_column("computed_from", c))
                    .transpose()?,
            })
        })
        .collect()
}

/// The current state of observations about to be changed, found by (indicator, period start)
/// within one organisation and locked for this transaction. One query for a whole batch.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Existing {
    pub id: Uuid,
    pub indicator_id: Uuid,
    pub period_start: NaiveDate,
    pub status: String,
    pub version: i32,
}

/// One approved figure of an organisation's history, for the history check.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryFigure {
    pub indicator_id: Uuid,
    pub period_start: NaiveDate,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
    /// The indicator's kind as stored (`percentage` reads its parts × 100).
    pub kind: String,
}

/// The organisation's approved figures of the indicators `indicator_ids`, most recent period
/// first within each indicator. One query for a whole batch.
#[tracing::instrument(skip(conn))]
pub async fn approved_history(
    conn: &mut PgConnection,
    organisation_id: Uuid,
    indicator_ids: &[Uuid],
) -> Result<Vec<HistoryFigure>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.indicator_id, o.period_start, o.value, o.numerator, o.denominator, o.stage,
                i.kind
           FROM observation o
           JOIN indicator i ON i.id = o.indicator_id
          WHERE o.organisation_id = $1 AND o.indicator_id = ANY($2) AND o.status = 'approved'
          ORDER BY o.indicator_id, o.period_start DESC",
    )
    .bind(organisation_id)
    .bind(indicator_ids)
    .fetch_all(conn)
    .await
}

#[tracing::instrument(skip_all, fields(count = keys.len()))]
pub async fn lock_existing(
    conn: &mut PgConnection,
    organisation_id: Uuid,
    keys: &[(Uuid, NaiveDate)],
) -> Result<Vec<Existing>, sqlx::Error> {
    let (indicators, starts): (Vec<Uuid>, Vec<NaiveDate>) = keys.iter().copied().unzip();
    sqlx::query_as(
        "SELECT o.id, o.indicator_id, o.period_start, o.status, o.version
           FROM observation o
           JOIN UNNEST($2::uuid[], $3::date[]) AS k(indicator_id, period_start)
             ON o.indicator_id = k.indicator_id AND o.period_start = k.period_start
          WHERE o.organisation_id = $1
          ORDER BY o.id
            FOR UPDATE OF o",
    )
    .bind(organisation_id)
    .bind(indicators)
    .bind(starts)
    .fetch_all(conn)
    .await
}

/// One revision of an observation.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Revision {
    pub version: i32,
    pub action: String,
    pub changed_by: String,
    pub changed_at: DateTime<Utc>,
    pub reason: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: serde_json::Value,
}

/// Every revision of an observation, oldest first.
#[tracing::instrument(skip(pool))]
pub async fn revisions(pool: &PgPool, observation_id: Uuid) -> Result<Vec<Revision>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, action, changed_by, changed_at, reason, before, after
           FROM observation_revision WHERE observation_id = $1 ORDER BY version, id",
    )
    .bind(observation_id)
    .fetch_all(pool)
    .await
}

/// One assignment and one period of an organisation: the report expected and, when there is
/// one, the observation reported.
#[derive(Debug, Clone)]
pub struct DueReport {
    pub indicator_id: Uuid,
    pub indicator: String,
    pub name_en: String,
    pub kind: IndicatorKind,
    pub frequency: Frequency,
    pub unit: String,
    pub assignment_starts_on: NaiveDate,
    pub period_start: NaiveDate,
    pub observation_id: Option<Uuid>,
    pub status: Option<ObservationStatus>,
    pub version: Option<i32>,
    pub first_submitted_on: Option<NaiveDate>,
    pub review_note: Option<String>,
    /// See [`Observation::review_note_internal`].
    pub review_note_internal: bool,
}

#[derive(sqlx::FromRow)]
struct DueRow {
    indicator_id: Uuid,
    indicator: String,
    name_en: String,
    kind: String,
    frequency: String,
    unit: String,
    assignment_starts_on: NaiveDate,
    period_start: NaiveDate,
    observation_id: Option<Uuid>,
    status: Option<String>,
    version: Option<i32>,
    first_submitted_on: Option<NaiveDate>,
    review_note: Option<String>,
    review_note_internal: Option<bool>,
}

/// For every live assignment of the organisation and every period given for the indicator's
/// frequency: the observation reported, if any. One query; the periods go in as arrays.
/// Computed indicators (`indicator.computed_from`) are nobody's report, so never due.
#[tracing::instrument(skip(pool, frequencies, starts), fields(periods = starts.len()))]
pub async fn due_reports(
    pool: &PgPool,
    organisation_id: Uuid,
    frequencies: &[&str],
    starts: &[NaiveDate],
) -> Result<Vec<DueReport>, sqlx::Error> {
    let rows: Vec<DueRow> = sqlx::query_as(
        "SELECT i.id AS indicator_id, i.code AS indicator, i.name_en, i.kind, i.frequency, i.unit,
                a.starts_on AS assignment_starts_on, r.period_start, o.id AS observation_id,
                o.status, o.version,
                (o.first_submitted_at AT TIME ZONE 'UTC')::date AS first_submitted_on,
                o.review_note, o.review_note_internal
           FROM assignment a
           JOIN indicator i ON i.id = a.indicator_id
           JOIN UNNEST($2::text[], $3::date[]) AS r(frequency, period_start)
             ON r.frequency = i.frequency
           LEFT JOIN observation o
             ON o.indicator_id = a.indicator_id AND o.organisation_id = a.organisation_id
            AND o.period_start = r.period_start
          WHERE a.organisation_id = $1 AND a.archived_at IS NULL AND i.archived_at IS NULL
            AND i.computed_from IS NULL
          ORDER BY i.code, r.period_start",
    )
    .bind(organisation_id)
    .bind(frequencies)
    .bind(starts)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(DueReport {
                kind: parse_column("kind", &r.kind)?,
                frequency: parse_column("frequency", &r.frequency)?,
                status: r
                    .status
                    .as_deref()
                    .map(|s| parse_column("status", s))
                    .transpose()?,
                indicator_id: r.indicator_id,
                indicator: r.indicator,
                name_en: r.name_en,
                unit: r.unit,
                assignment_starts_on: r.assignment_starts_on,
                period_start: r.period_start,
                observation_id: r.observation_id,
                version: r.version,
                first_submitted_on: r.first_submitted_on,
                review_note: r.review_note,
                review_note_internal: r.review_note_internal.unwrap_or(false),
            })
        })
        .collect()
}
