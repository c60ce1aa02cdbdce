//! Pillars: the list the admin page shows, and their writes.
//! SQL only: no rule of the domain, no audit (the caller's business).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::domain::Bilingual;
use crate::store::text::columns;

/// A pillar as the admin list shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PillarRecord {
    pub id: Uuid,
    pub code: String,
    #[serde(flatten, serialize_with = "columns::name")]
    pub name: Bilingual,
    #[serde(flatten, serialize_with = "columns::description")]
    pub description: Bilingual,
    pub position: i16,
    pub version: i32,
    pub archived: bool,
    /// Live and archived indicators under it.
    pub indicators: i64,
}

/// What the pillar form writes.
#[derive(Debug, Clone, Serialize)]
pub struct PillarDraft {
    pub code: String,
    #[serde(flatten, serialize_with = "columns::name")]
    pub name: Bilingual,
    #[serde(flatten, serialize_with = "columns::description")]
    pub description: Bilingual,
    pub position: i16,
}

const PILLAR_RECORD: &str = "
    SELECT p.id, p.code, (p.name_en, p.name_id) AS name,
           (p.description_en, p.description_id) AS description, p.position,
           p.version, p.archived_at IS NOT NULL AS archived,
           (SELECT count(*) FROM indicator i WHERE i.pillar_id = p.id) AS indicators
      FROM pillar p";

/// Every pillar of the program, archived ones included, with its indicator count.
#[tracing::instrument(skip(db))]
pub async fn pillars<'e>(
    db: impl PgExecutor<'e>,
    program_id: Uuid,
) -> Result<Vec<PillarRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PILLAR_RECORD} WHERE p.program_id = $1
          ORDER BY p.archived_at IS NOT NULL, p.position, p.code"
    ))
    .bind(program_id)
    .fetch_all(db)
    .await
}

/// The program's pillar `code`, archived or not, locked until the transaction ends.
#[tracing::instrument(skip(conn))]
pub async fn lock_pillar(
    conn: &mut PgConnection,
    program_id: Uuid,
    code: &str,
) -> Result<Option<PillarRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{PILLAR_RECORD} WHERE p.program_id = $1 AND p.code = $2 FOR UPDATE OF p"
    ))
    .bind(program_id)
    .bind(code)
    .fetch_optional(conn)
    .await
}

/// Adds a pillar; its id.
#[tracing::instrument(skip(conn, draft), fields(code = %draft.code))]
pub async fn insert_pillar(
    conn: &mut PgConnection,
    program_id: Uuid,
    draft: &PillarDraft,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO pillar (program_id, code, name_en, name_id, description_en, description_id, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         RETURNING id",
    )
    .bind(program_id)
    .bind(&draft.code)
    .bind(&draft.name.english)
    .bind(&draft.name.indonesian)
    .bind(&draft.description.english)
    .bind(&draft.description.indonesian)
    .bind(draft.position)
    .fetch_one(conn)
    .await
}

/// Changes a pillar's names, descriptions and position (its code stays) if it is still at
/// `version`; the new version, or `None` when someone else changed it first.
#[tracing::instrument(skip(conn, draft))]
pub async fn update_pillar(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    draft: &PillarDraft,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE pillar SET name_en = $3, name_id = $4, description_en = $5, description_id = $6,
                position = $7, version = version + 1
          WHERE id = $1 AND version = $2
          RETURNING version",
    )
    .bind(id)
    .bind(version)
    .bind(&draft.name.english)
    .bind(&draft.name.indonesian)
    .bind(&draft.description.english)
    .bind(&draft.description.indonesian)
    .bind(draft.position)
    .fetch_optional(conn)
    .await
}

/// Archives (or restores) a pillar; false when it does not exist.
#[tracing::instrument(skip(conn))]
pub async fn set_pillar_archived(
    conn: &mut PgConnection,
    id: Uuid,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE pillar SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, $3) END,
                version = version + 1
          WHERE id = $1",
    )
    .bind(id)
    .bind(archived)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
