//! A tenant's own view: its assigned indicators with its latest report of each.

use chrono::NaiveDate;
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::Bilingual;

/// One assigned indicator and the organisation's latest report of it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnLatest {
    pub indicator_id: Uuid,
    pub code: String,
    pub name: Bilingual,
    pub unit: String,
    pub kind: String,
    pub frequency: String,
    pub decimals: i16,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
    pub status: Option<String>,
    pub review_note: Option<String>,
    /// See `store::observations::Observation::review_note_internal`.
    pub review_note_internal: Option<bool>,
}

/// The organisation's name and its assigned indicators with their latest report, in one query.
#[tracing::instrument(skip(pool))]
pub async fn own_latest(
    pool: &PgPool,
    organisation_id: Uuid,
) -> Result<Vec<OwnLatest>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id AS indicator_id, i.code, (i.name_en, i.name_id) AS name, i.unit, i.kind,
                i.frequency, i.decimals,
                o.period_start, o.period_end, o.value, o.numerator, o.denominator, o.stage, o.status, o.review_note,
                o.review_note_internal
           FROM assignment a
           JOIN indicator i ON i.id = a.indicator_id
           LEFT JOIN LATERAL (
                SELECT * FROM observation o
                 WHERE o.indicator_id = a.indicator_id AND o.organisation_id = a.organisation_id
                 ORDER BY o.period_start DESC LIMIT 1) o ON true
          WHERE a.organisation_id = $1 AND a.archived_at IS NULL AND i.archived_at IS NULL
          ORDER BY i.code",
    )
    .bind(organisation_id)
    .fetch_all(pool)
    .await
}

/// The organisation's name.
#[tracing::instrument(skip(pool))]
pub async fn organisation_name(
    pool: &PgPool,
    organisation_id: Uuid,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM organisation WHERE id = $1")
        .bind(organisation_id)
        .fetch_optional(pool)
        .await
}
