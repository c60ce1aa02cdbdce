//! What a report says about its data beyond the figures: per indicator, how many of the
//! approved reports behind a span's official figures are estimates, and how many were
//! restated (reopened after approval and approved again).

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

/// One indicator's notes over a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct IndicatorDataNotes {
    pub indicator_id: Uuid,
    /// Approved reports whose data quality is `estimated`.
    pub estimated: i64,
    /// Approved reports that were reopened after an approval (a restatement).
    pub restated: i64,
}

/// The notes of every indicator of the program with approved reports for periods within
/// `from..=to` that are estimated or restated: one query, grouped by indicator.
#[tracing::instrument(skip(pool))]
pub async fn data_notes(
    pool: &PgPool,
    program_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<IndicatorDataNotes>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.indicator_id,
                count(*) FILTER (WHERE o.data_quality = 'estimated') AS estimated,
                count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM observation_revision r
                     WHERE r.observation_id = o.id AND r.action = 'reopen')) AS restated
           FROM observation o
           JOIN indicator i ON i.id = o.indicator_id
          WHERE i.program_id = $1 AND o.status = 'approved'
            AND o.period_start >= $2 AND o.period_end <= $3
          GROUP BY o.indicator_id
         HAVING count(*) FILTER (WHERE o.data_quality = 'estimated') > 0
             OR count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM observation_revision r
                     WHERE r.observation_id = o.id AND r.action = 'reopen')) > 0",
    )
    .bind(program_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await
}
