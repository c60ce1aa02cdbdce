//! Reporting compliance from the precomputed tallies (migration 0010): for each indicator or
//! organisation and each period, the reports made by state and submission timing, and the
//! live assignments expected to report. A program's round reads a few hundred to a few
//! thousand such rows instead of one per assignment and period.
//!
//! The rows are facts; `domain::compliance::summarise_counts` decides, per (indicator or
//! organisation, period), what is late, so the result is what `summarise` gives over
//! `store::compliance::expected_reports` (tests/tally.rs checks it does).

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::compliance::{ComplianceSummary, ReportCounts, Standing, summarise_counts};
use crate::domain::kinds::Frequency;
use crate::domain::period::Period;
use crate::store::compliance::Scope;
use crate::store::count_column;

/// An organisation with late reports in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateOrganisation {
    pub code: String,
    /// The organisation's short name.
    pub name: String,
    /// Reports late over the periods asked for.
    pub late: usize,
}

/// The organisations with late reports: how many, and the first few.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LateOrganisations {
    /// Organisations with at least one late report.
    pub total: usize,
    /// The organisations with the most late reports, then by name and code.
    pub top: Vec<LateOrganisation>,
}

/// One tally and its expected count, for the period at `period_index` (1-based) of the
/// periods asked for.
#[derive(sqlx::FromRow)]
struct TallyRow {
    period_index: i64,
    expected: i64,
    draft: i64,
    submitted: i64,
    approved: i64,
    returned: i64,
    submitted_late: i64,
    unsubmitted: i64,
}

impl TallyRow {
    /// The row's period and its summary as of `today`.
    fn summary(
        &self,
        periods: &[(Frequency, Period)],
        today: NaiveDate,
    ) -> Result<ComplianceSummary, sqlx::Error> {
        let (_, period) = usize::try_from(self.period_index - 1)
            .ok()
            .and_then(|i| periods.get(i))
            .ok_or_else(|| sqlx::Error::ColumnDecode {
                index: "period_index".into(),
                source: format!("no period {} was asked for", self.period_index).into(),
            })?;
        let counts = ReportCounts {
            draft: count_column("draft", self.draft)?,
            submitted: count_column("submitted", self.submitted)?,
            approved: count_column("approved", self.approved)?,
            returned: count_column("returned", self.returned)?,
            submitted_late: count_column("submitted_late", self.submitted_late)?,
            unsubmitted: count_column("unsubmitted", self.unsubmitted)?,
        };
        Ok(summarise_counts(
            period,
            count_column("expected", self.expected)?,
            &counts,
            today,
        ))
    }
}

/// The periods as the three arrays the queries unnest (frequency, start, end); the query
/// numbers them from 1 in this order.
fn period_arrays(
    periods: &[(Frequency, Period)],
) -> (Vec<&'static str>, Vec<NaiveDate>, Vec<NaiveDate>) {
    (
        periods.iter().map(|(f, _)| f.as_str()).collect(),
        periods.iter().map(|(_, p)| p.start()).collect(),
        periods.iter().map(|(_, p)| p.end()).collect(),
    )
}

/// The compliance of every report expected in `scope` for `periods` (each of its frequency),
/// as of `today`: the same summary as `compliance::summarise` over the compliance of
/// `store::compliance::expected_reports`, read from the tallies.
#[tracing::instrument(skip(pool, periods), fields(periods = periods.len()))]
pub async fn scope_summary(
    pool: &PgPool,
    program_id: Uuid,
    scope: Scope,
    periods: &[(Frequency, Period)],
    today: NaiveDate,
) -> Result<ComplianceSummary, sqlx::Error> {
    let rows = match scope {
        Scope::Program => indicator_tallies(pool, program_id, None, None, periods).await?,
        Scope::Pillar(id) => indicator_tallies(pool, program_id, Some(id), None, periods).await?,
        Scope::Indicator(id) => {
            indicator_tallies(pool, program_id, None, Some(id), periods).await?
        }
        Scope::Organisation(id) => organisation_tallies(pool, program_id, id, periods).await?,
    };
    let mut summary = ComplianceSummary::default();
    for row in &rows {
        summary += row.summary(periods, today)?;
    }
    Ok(summary)
}

/// Two CTEs over `r` (the periods, `$2`–`$4`) of the program `$1`: the live assignments
/// (`computed_expected`) and the reports (`computed_reported`, counted as the tallies count
/// them) of computed indicators, per organisation and period. The tallies of migration 0010
/// count every live assignment, but nobody reports a computed indicator
/// (`indicator.computed_from`): its figures come from activity data. The organisation views
/// take these out again; the indicator views leave computed indicators out altogether.
/// Computed indicators are few and rarely assigned, so both stay small.
const COMPUTED_TALLIES: &str = "
    computed_expected AS (
         SELECT a.organisation_id, r.period_index, count(*) AS expected
           FROM r
           JOIN indicator i ON i.frequency = r.frequency
           JOIN assignment a ON a.indicator_id = i.id AND a.starts_on <= r.period_end
           JOIN organisation org ON org.id = a.organisation_id
          WHERE i.program_id = $1 AND i.computed_from IS NOT NULL AND i.archived_at IS NULL
            AND a.archived_at IS NULL AND org.archived_at IS NULL
          GROUP BY a.organisation_id, r.period_index
    ), computed_reported AS (
         SELECT o.organisation_id, r.period_index, sum(c.draft) AS draft,
                sum(c.submitted) AS submitted, sum(c.approved) AS approved,
                sum(c.returned) AS returned, sum(c.submitted_late) AS submitted_late,
                sum(c.unsubmitted) AS unsubmitted
           FROM r
           JOIN indicator i ON i.frequency = r.frequency
           JOIN observation o ON o.indicator_id = i.id AND o.period_start = r.period_start
           JOIN assignment a
             ON a.indicator_id = o.indicator_id AND a.organisation_id = o.organisation_id
           JOIN organisation org ON org.id = o.organisation_id
          CROSS JOIN LATERAL report_tally_counts(i.frequency, a.starts_on, o.period_start,
                                                 o.status, o.first_submitted_at) c
          WHERE i.program_id = $1 AND i.computed_from IS NOT NULL AND i.archived_at IS NULL
            AND a.archived_at IS NULL AND org.archived_at IS NULL
          GROUP BY o.organisation_id, r.period_index
    )";

/// Per live indicator of the program (optionally of one pillar, or one indicator) and per
/// period of its frequency: the reports made and the live assignments starting by the
/// period's end.
#[tracing::instrument(skip(pool, periods), fields(periods = periods.len()))]
async fn indicator_tallies(
    pool: &PgPool,
    program_id: Uuid,
    pillar_id: Option<Uuid>,
    indicator_id: Option<Uuid>,
    periods: &[(Frequency, Period)],
) -> Result<Vec<TallyRow>, sqlx::Error> {
    let (frequencies, starts, ends) = period_arrays(periods);
    sqlx::query_as(
        "SELECT r.period_index, coalesce(e.expected, 0)::bigint AS expected,
                coalesce(t.draft, 0)::bigint AS draft,
                coalesce(t.submitted, 0)::bigint AS submitted,
                coalesce(t.approved, 0)::bigint AS approved,
                coalesce(t.returned, 0)::bigint AS returned,
                coalesce(t.submitted_late, 0)::bigint AS submitted_late,
                coalesce(t.unsubmitted, 0)::bigint AS unsubmitted
           FROM indicator i
           JOIN UNNEST($2::text[], $3::date[], $4::date[]) WITH ORDINALITY
                AS r(frequency, period_start, period_end, period_index)
             ON r.frequency = i.frequency
          CROSS JOIN LATERAL (SELECT sum(a.assignments) AS expected
                                FROM indicator_assignment_tally a
                               WHERE a.indicator_id = i.id AND a.starts_on <= r.period_end) e
           LEFT JOIN indicator_report_tally t
             ON t.indicator_id = i.id AND t.period_start = r.period_start
          WHERE i.program_id = $1 AND i.archived_at IS NULL AND i.computed_from IS NULL
            AND ($5::uuid IS NULL OR i.pillar_id = $5)
            AND ($6::uuid IS NULL OR i.id = $6)",
    )
    .bind(program_id)
    .bind(frequencies)
    .bind(starts)
    .bind(ends)
    .bind(pillar_id)
    .bind(indicator_id)
    .fetch_all(pool)
    .await
}

/// Per period: one organisation's reports made for the program's indicators of the period's
/// frequency, and its live assignments of those starting by the period's end.
#[tracing::instrument(skip(pool, periods), fields(periods = periods.len()))]
async fn organisation_tallies(
    pool: &PgPool,
    program_id: Uuid,
    organisation_id: Uuid,
    periods: &[(Frequency, Period)],
) -> Result<Vec<TallyRow>, sqlx::Error> {
    let (frequencies, starts, ends) = period_arrays(periods);
    sqlx::query_as(&format!(
        "WITH r AS (
              SELECT * FROM UNNEST($2::text[], $3::date[], $4::date[]) WITH ORDINALITY
                            AS r(frequency, period_start, period_end, period_index)
         ), {COMPUTED_TALLIES}
         SELECT r.period_index,
                (coalesce(e.expected, 0) - coalesce(ce.expected, 0))::bigint AS expected,
                (coalesce(t.draft, 0) - coalesce(cr.draft, 0))::bigint AS draft,
                (coalesce(t.submitted, 0) - coalesce(cr.submitted, 0))::bigint AS submitted,
                (coalesce(t.approved, 0) - coalesce(cr.approved, 0))::bigint AS approved,
                (coalesce(t.returned, 0) - coalesce(cr.returned, 0))::bigint AS returned,
                (coalesce(t.submitted_late, 0) - coalesce(cr.submitted_late, 0))::bigint
                    AS submitted_late,
                (coalesce(t.unsubmitted, 0) - coalesce(cr.unsubmitted, 0))::bigint AS unsubmitted
           FROM r
          CROSS JOIN LATERAL (SELECT sum(a.assignments) AS expected
                                FROM organisation_assignment_tally a
                               WHERE a.program_id = $1 AND a.organisation_id = $5
                                 AND a.frequency = r.frequency
                                 AND a.starts_on <= r.period_end) e
           LEFT JOIN organisation_report_tally t
             ON t.program_id = $1 AND t.organisation_id = $5
            AND t.period_start = r.period_start AND t.period_end = r.period_end
           LEFT JOIN computed_expected ce
             ON ce.organisation_id = $5 AND ce.period_index = r.period_index
           LEFT JOIN computed_reported cr
             ON cr.organisation_id = $5 AND cr.period_index = r.period_index"
    ))
    .bind(program_id)
    .bind(frequencies)
    .bind(starts)
    .bind(ends)
    .bind(organisation_id)
    .fetch_all(pool)
    .await
}

/// One organisation's late reports, and how many organisations have any (the same on every
/// row).
#[derive(sqlx::FromRow)]
struct LateRow {
    code: String,
    short_name: String,
    late: i64,
    total: i64,
}

/// The live organisations with late reports over `periods` (periods of the program, as the
/// overview's round) as of `today`: how many, and the `limit` with the most late reports (then
/// by short name, then code, compared byte by byte), counted as the overview's round counts
/// them from `expected_reports`.
///
/// Read from the kept late tally (migration 0045), so that only the organisations with a late
/// report are read, not every (organisation, period) of the round: per organisation and
/// period, the reports first submitted late once the period has closed, and once it is
/// overdue the reports not made or never submitted — the arithmetic of
/// `domain::compliance::summarise_counts`. Whether each period is closed and overdue is decided
/// here by `compliance::Standing` on the injected day, and each count is read for the periods
/// where it is late through its own partial index; the query never reads the database's clock.
/// tests/tally.rs checks the result against the domain's rules over every expected report, on
/// days before, on and after the due dates.
#[tracing::instrument(skip(pool, periods), fields(periods = periods.len()))]
pub async fn late_organisations(
    pool: &PgPool,
    program_id: Uuid,
    periods: &[(Frequency, Period)],
    today: NaiveDate,
    limit: usize,
) -> Result<LateOrganisations, sqlx::Error> {
    // The periods whose late submissions count (closed), and those whose outstanding reports
    // count too (overdue, which implies closed), as (start, end) arrays.
    let (mut closed_starts, mut closed_ends) = (Vec::new(), Vec::new());
    let (mut overdue_starts, mut overdue_ends) = (Vec::new(), Vec::new());
    for (_, period) in periods {
        let standing = Standing::on(period, today);
        if standing.closed {
            closed_starts.push(period.start());
            closed_ends.push(period.end());
        }
        if standing.overdue {
            overdue_starts.push(period.start());
            overdue_ends.push(period.end());
        }
    }
    // At least one row is asked for, so that the total comes back with it.
    let rows_asked = i64::try_from(limit.max(1)).unwrap_or(i64::MAX);
    // One row per live organisation with late reports, of the first `rows_asked`.
    let rows: Vec<LateRow> = sqlx::query_as(
        "WITH late AS (
              SELECT l.organisation_id, sum(l.late)::bigint AS late
                FROM (SELECT t.organisation_id, t.submitted_late AS late
                        FROM UNNEST($2::date[], $3::date[]) AS c(period_start, period_end)
                        JOIN organisation_late_tally t
                          ON t.program_id = $1 AND t.period_start = c.period_start
                         AND t.period_end = c.period_end
                       WHERE t.submitted_late > 0
                      UNION ALL
                      SELECT t.organisation_id, t.outstanding
                        FROM UNNEST($4::date[], $5::date[]) AS o(period_start, period_end)
                        JOIN organisation_late_tally t
                          ON t.program_id = $1 AND t.period_start = o.period_start
                         AND t.period_end = o.period_end
                       WHERE t.outstanding > 0) l
               GROUP BY l.organisation_id
         )
         SELECT org.code, org.short_name, l.late, count(*) OVER () AS total
           FROM late l
           JOIN organisation org ON org.id = l.organisation_id
          WHERE org.archived_at IS NULL
          ORDER BY l.late DESC, org.short_name COLLATE \"C\", org.code COLLATE \"C\"
          LIMIT $6",
    )
    .bind(program_id)
    .bind(closed_starts)
    .bind(closed_ends)
    .bind(overdue_starts)
    .bind(overdue_ends)
    .bind(rows_asked)
    .fetch_all(pool)
    .await?;
    let total = match rows.first() {
        Some(row) => count_column("total", row.total)?,
        None => 0,
    };
    let top = rows
        .into_iter()
        .take(limit)
        .map(|row| {
            Ok(LateOrganisation {
                late: count_column("late", row.late)?,
                code: row.code,
                name: row.short_name,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(LateOrganisations { total, top })
}
