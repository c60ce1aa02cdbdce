//! The milestones of the program's timeline as the admin form edits them.
//! SQL only: no rule of the domain, no audit (the caller's business).

use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::Bilingual;
use crate::store::text::columns;

/// A milestone with what the admin form edits.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct MilestoneRecord {
    pub id: Uuid,
    pub code: String,
    #[serde(flatten, serialize_with = "columns::title")]
    pub title: Bilingual,
    #[serde(flatten, serialize_with = "columns::description")]
    pub description: Bilingual,
    pub pillar_code: Option<String>,
    pub owner_code: Option<String>,
    pub starts_on: chrono::NaiveDate,
    pub due_on: chrono::NaiveDate,
    pub status: String,
    pub completed_on: Option<chrono::NaiveDate>,
    pub evidence_url: Option<String>,
    pub version: i32,
}

/// What the milestone form writes.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneDraft {
    pub code: String,
    #[serde(flatten, serialize_with = "columns::title")]
    pub title: Bilingual,
    #[serde(flatten, serialize_with = "columns::description")]
    pub description: Bilingual,
    pub pillar_id: Option<Uuid>,
    pub owner_organisation_id: Option<Uuid>,
    pub starts_on: chrono::NaiveDate,
    pub due_on: chrono::NaiveDate,
    pub status: String,
    pub completed_on: Option<chrono::NaiveDate>,
    pub evidence_url: Option<String>,
}

const MILESTONE_RECORD: &str = "
    SELECT m.id, m.code, (m.title_en, m.title_id) AS title,
           (m.description_en, m.description_id) AS description,
           p.code AS pillar_code, o.code AS owner_code, m.starts_on, m.due_on, m.status,
           m.completed_on, m.evidence_url, m.version
      FROM milestone m
      LEFT JOIN pillar p ON p.id = m.pillar_id
      LEFT JOIN organisation o ON o.id = m.owner_organisation_id";

/// Every milestone of the program by due date.
#[tracing::instrument(skip(pool))]
pub async fn milestones(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<MilestoneRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{MILESTONE_RECORD} WHERE m.program_id = $1 ORDER BY m.due_on, m.code"
    ))
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// The program's milestone `code`, locked until the transaction ends.
#[tracing::instrument(skip(conn))]
pub async fn lock_milestone(
    conn: &mut PgConnection,
    program_id: Uuid,
    code: &str,
) -> Result<Option<MilestoneRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{MILESTONE_RECORD} WHERE m.program_id = $1 AND m.code = $2 FOR UPDATE OF m"
    ))
    .bind(program_id)
    .bind(code)
    .fetch_optional(conn)
    .await
}

/// Adds a milestone; its id.
#[tracing::instrument(skip(conn, draft), fields(code = %draft.code))]
pub async fn insert_milestone(
    conn: &mut PgConnection,
    program_id: Uuid,
    draft: &MilestoneDraft,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO milestone (program_id, code, title_en, title_id, description_en, description_id,
                pillar_id, owner_organisation_id, starts_on, due_on, status, completed_on, evidence_url)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING id",
    )
    .bind(program_id)
    .bind(&draft.code)
    .bind(&draft.title.english)
    .bind(&draft.title.indonesian)
    .bind(&draft.description.english)
    .bind(&draft.description.indonesian)
    .bind(draft.pillar_id)
    .bind(draft.owner_organisation_id)
    .bind(draft.starts_on)
    .bind(draft.due_on)
    .bind(&draft.status)
    .bind(draft.completed_on)
    .bind(&draft.evidence_url)
    .fetch_one(conn)
    .await
}

/// Changes a milestone if it is still at `version`; the new version, or `None` when someone
/// else changed it first.
#[tracing::instrument(skip(conn, draft))]
pub async fn update_milestone(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    draft: &MilestoneDraft,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE milestone SET title_en = $3, title_id = $4, description_en = $5, description_id = $6,
                pillar_id = $7, owner_organisation_id = $8, starts_on = $9, due_on = $10,
                status = $11, completed_on = $12, evidence_url = $13, version = version + 1,
                updated_at = now()
          WHERE id = $1 AND version = $2
          RETURNING version",
    )
    .bind(id)
    .bind(version)
    .bind(&draft.title.english)
    .bind(&draft.title.indonesian)
    .bind(&draft.description.english)
    .bind(&draft.description.indonesian)
    .bind(draft.pillar_id)
    .bind(draft.owner_organisation_id)
    .bind(draft.starts_on)
    .bind(draft.due_on)
    .bind(&draft.status)
    .bind(draft.completed_on)
    .bind(&draft.evidence_url)
    .fetch_optional(conn)
    .await
}
