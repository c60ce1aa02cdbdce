//! The managers' narratives of the progress report (migration 0018): every version of each
//! pillar's text per report period, appended, never changed.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// One saved version of a pillar's narrative.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Narrative {
    pub pillar_id: Uuid,
    pub version: i32,
    pub body: String,
    pub written_by: String,
    pub written_at: DateTime<Utc>,
}

/// The latest version of every pillar's narrative of the program for `period` (`2026`,
/// `2026-Q3`): one query for the whole report.
#[tracing::instrument(skip(pool))]
pub async fn latest_narratives(
    pool: &PgPool,
    program_id: Uuid,
    period: &str,
) -> Result<Vec<Narrative>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT ON (n.pillar_id) n.pillar_id, n.version, n.body, n.written_by, n.written_at
           FROM report_narrative n
           JOIN pillar p ON p.id = n.pillar_id
          WHERE p.program_id = $1 AND n.period = $2
          ORDER BY n.pillar_id, n.version DESC",
    )
    .bind(program_id)
    .bind(period)
    .fetch_all(pool)
    .await
}

/// Every version of one pillar's narrative for `period`, newest first.
#[tracing::instrument(skip(pool))]
pub async fn narrative_history(
    pool: &PgPool,
    pillar_id: Uuid,
    period: &str,
) -> Result<Vec<Narrative>, sqlx::Error> {
    sqlx::query_as(
        "SELECT pillar_id, version, body, written_by, written_at
           FROM report_narrative
          WHERE pillar_id = $1 AND period = $2
          ORDER BY version DESC",
    )
    .bind(pillar_id)
    .bind(period)
    .fetch_all(pool)
    .await
}

/// The latest version number of a pillar's narrative for `period` (0: none yet). Two saves
/// that read the same number collide on the table's unique version afterwards.
#[tracing::instrument(skip(conn))]
pub async fn latest_version(
    conn: &mut PgConnection,
    pillar_id: Uuid,
    period: &str,
) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT coalesce(max(version), 0) FROM report_narrative WHERE pillar_id = $1 AND period = $2",
    )
    .bind(pillar_id)
    .bind(period)
    .fetch_one(conn)
    .await
}

/// Appends `version` of a pillar's narrative for `period`.
#[tracing::instrument(skip(conn, body))]
pub async fn insert_narrative(
    conn: &mut PgConnection,
    pillar_id: Uuid,
    period: &str,
    version: i32,
    body: &str,
    written_by: &str,
    written_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO report_narrative (pillar_id, period, version, body, written_by, written_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(pillar_id)
    .bind(period)
    .bind(version)
    .bind(body)
    .bind(written_by)
    .bind(written_at)
    .execute(conn)
    .await?;
    Ok(())
}
