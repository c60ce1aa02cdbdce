//! Reads of the review pages: the approved figures around a queue of submitted observations
//! (each organisation's previous periods, and every organisation's figure of the same period
//! for the park figure), in one query whatever the queue's length.

use sqlx::PgPool;
use uuid::Uuid;

use super::figures::ApprovedObservation;

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
