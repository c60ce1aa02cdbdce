//! Reporting compliance from the precomputed tallies (migration 0010): for each indicator or
//! organisation and each period, the reports made by state and submission timing, and the
//! live assignments expected to report. A program's round reads a few hundred to a few
//! thousand such rows instead of one per assignment and period.
//!
//! The rows are facts; `domain::compliance::summarise_counts` decides, per (indicator or
//! organisation, period), what is late, so the result is what `summarise` gives over
//! `store::compliance::expected_reports` (tests/tally.rs checks it does).

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::compliance::{ComplianceSummary, ReportCounts, summarise_counts};
use crate::domain::kinds::Frequency;
use crate::domain::period::Period;
use crate::store::compliance::Scope;

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

#[derive(sqlx::FromRow)]
struct OrganisationTallyRow {
    organisation_id: Uuid,
    code: String,
    short_name: String,
    #[sqlx(flatten)]
    tally: TallyRow,
}

/// A count column as a `usize`; a negative one means the tallies lost a delta, which is a bug
/// to report, not a state to show.
fn count(column: &'static str, value: i64) -> Result<usize, sqlx::Error> {
    usize::try_from(value).map_err(|e| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: Box::new(e),
    })
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
            draft: count("draft", self.draft)?,
            submitted: count("submitted", self.submitted)?,
            approved: count("approved", self.approved)?,
            returned: count("returned", self.returned)?,
            submitted_late: count("submitted_late", self.submitted_late)?,
            unsubmitted: count("unsubmitted", self.unsubmitted)?,
        };
        Ok(summarise_counts(
            period,
            count("expected", self.expected)?,
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

/// The live organisations with late reports over `periods` as of `today`: how many, and the
/// `limit` with the most late reports (then by short name, then code), counted as the
/// overview's round counts them from `expected_reports`.
#[tracing::instrument(skip(pool, periods), fields(periods = periods.len()))]
pub async fn late_organisations(
    pool: &PgPool,
    program_id: Uuid,
    periods: &[(Frequency, Period)],
    today: NaiveDate,
    limit: usize,
) -> Result<LateOrganisations, sqlx::Error> {
    let (frequencies, starts, ends) = period_arrays(periods);
    // One row per live organisation and period it expects reports for.
    let rows: Vec<OrganisationTallyRow> = sqlx::query_as(
        // The reports are read per period (a range of the key), not per organisation, and
        // hash-joined to the expected counts.
        &format!(
            "WITH r AS (
                  SELECT * FROM UNNEST($2::text[], $3::date[], $4::date[]) WITH ORDINALITY
                                AS r(frequency, period_start, period_end, period_index)
             ), {COMPUTED_TALLIES},
             expected AS (
                  SELECT x.organisation_id, x.period_index, sum(x.n)::bigint AS expected
                    FROM (SELECT a.organisation_id, r.period_index, a.assignments AS n
                            FROM organisation_assignment_tally a
                            JOIN r ON r.frequency = a.frequency AND a.starts_on <= r.period_end
                           WHERE a.program_id = $1
                          UNION ALL
                          SELECT ce.organisation_id, ce.period_index, -ce.expected
                            FROM computed_expected ce) x
                   GROUP BY x.organisation_id, x.period_index
                  HAVING sum(x.n) > 0
             ), reported AS (
                  SELECT t.organisation_id, r.period_index,
                         t.draft - coalesce(cr.draft, 0) AS draft,
                         t.submitted - coalesce(cr.submitted, 0) AS submitted,
                         t.approved - coalesce(cr.approved, 0) AS approved,
                         t.returned - coalesce(cr.returned, 0) AS returned,
                         t.submitted_late - coalesce(cr.submitted_late, 0) AS submitted_late,
                         t.unsubmitted - coalesce(cr.unsubmitted, 0) AS unsubmitted
                    FROM r
                    JOIN organisation_report_tally t
                      ON t.program_id = $1 AND t.period_start = r.period_start
                     AND t.period_end = r.period_end
                    LEFT JOIN computed_reported cr
                      ON cr.organisation_id = t.organisation_id
                     AND cr.period_index = r.period_index
             )
             SELECT e.organisation_id, org.code, org.short_name, e.period_index, e.expected,
                    coalesce(t.draft, 0)::bigint AS draft,
                    coalesce(t.submitted, 0)::bigint AS submitted,
                    coalesce(t.approved, 0)::bigint AS approved,
                    coalesce(t.returned, 0)::bigint AS returned,
                    coalesce(t.submitted_late, 0)::bigint AS submitted_late,
                    coalesce(t.unsubmitted, 0)::bigint AS unsubmitted
               FROM expected e
               JOIN organisation org ON org.id = e.organisation_id
               LEFT JOIN reported t
                 ON t.organisation_id = e.organisation_id AND t.period_index = e.period_index
              WHERE org.archived_at IS NULL"
        ),
    )
    .bind(program_id)
    .bind(frequencies)
    .bind(starts)
    .bind(ends)
    .fetch_all(pool)
    .await?;

    let mut late: HashMap<Uuid, LateOrganisation> = HashMap::new();
    for row in rows {
        let summary = row.tally.summary(periods, today)?;
        if summary.late == 0 {
            continue;
        }
        late.entry(row.organisation_id)
            .or_insert_with(|| LateOrganisation {
                code: row.code,
                name: row.short_name,
                late: 0,
            })
            .late += summary.late;
    }
    let mut late: Vec<LateOrganisation> = late.into_values().collect();
    late.sort_by(|a, b| {
        b.late
            .cmp(&a.late)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.code.cmp(&b.code))
    });
    let total = late.len();
    late.truncate(limit);
    Ok(LateOrganisations { total, top: late })
}
