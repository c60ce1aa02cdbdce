//! Reads of the review pages: the approved figures around a queue of submitted observations
//! (each organisation's previous periods, and every organisation's figure of the same period
//! for the park figure), in one query whatever the queue's length; and the periods that have
//! reports awaiting review, which the queue's period filter offers.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use super::figures::ApprovedObservation;
use super::parse_column;
use crate::domain::kinds::Frequency;

/// Every approved observation of the given indicators, by indicator, period and organisation.
#[tracing::instrument(skip(pool, indicator_ids), fields(indicators = indicator_ids.len()))]
pub async fn approved_of_indicators(
    pool: &PgPool,
    indicator_ids: &[Uuid],
) -> Result<Vec<ApprovedObservation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.indicator_id, o.organisation_id, o.period_start, o.period_end,
                o.value, o.numerator, o.denominator, o.stage,
                extract(epoch FROM coalesce(o.reviewed_at, o.updated_at))::bigint AS approved_at
           FROM observation o
          WHERE o.indicator_id = ANY($1) AND o.status = 'approved'
          ORDER BY o.indicator_id, o.period_start, o.organisation_id",
    )
    .bind(indicator_ids)
    .fetch_all(pool)
    .await
}

/// Every period (by its indicators' frequency and its first day) that has a submitted report
/// awaiting review, newest first.
#[tracing::instrument(skip(pool))]
pub async fn submitted_periods(pool: &PgPool) -> Result<Vec<(Frequency, NaiveDate)>, sqlx::Error> {
    let rows: Vec<(String, NaiveDate)> = sqlx::query_as(
        "SELECT DISTINCT i.frequency, o.period_start
           FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE o.status = 'submitted'
          ORDER BY o.period_start DESC, i.frequency",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|(frequency, start)| Ok((parse_column("frequency", &frequency)?, start)))
        .collect()
}
