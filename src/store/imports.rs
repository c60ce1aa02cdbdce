//! Uploaded import files (`import_upload`): stored as uploaded, read back for the preview and
//! the commit, and marked committed with what the commit did. The rows themselves are written
//! by the workflows' own queries (`store::observations`, `store::structure`).

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::domain::kinds::ImportKind;

use super::parse_column;

/// An upload as stored.
#[derive(Debug, Clone)]
pub struct Upload {
    pub id: Uuid,
    pub kind: ImportKind,
    /// The organisation whose reports a file of reports holds; `None` for targets and
    /// assignments (migration 0024).
    pub organisation_id: Option<Uuid>,
    /// The organisation's code, for the rows that name it.
    pub organisation: Option<String>,
    /// The program whose structure a file of targets or assignments changes; `None` for the
    /// files of one organisation (migration 0044).
    pub program_id: Option<Uuid>,
    /// That program's code.
    pub program: Option<String>,
    pub file_name: String,
    pub sha256: String,
    pub content: Vec<u8>,
    /// `en` or `id`: how numbers typed as text are read.
    pub language: String,
    pub row_count: i32,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
    pub summary: Option<serde_json::Value>,
}

#[derive(sqlx::FromRow)]
struct UploadRow {
    id: Uuid,
    kind: String,
    organisation_id: Option<Uuid>,
    organisation: Option<String>,
    program_id: Option<Uuid>,
    program: Option<String>,
    file_name: String,
    sha256: String,
    content: Vec<u8>,
    language: String,
    row_count: i32,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
    committed_at: Option<DateTime<Utc>>,
    summary: Option<serde_json::Value>,
}

/// A new upload, before it is stored.
pub struct NewUpload<'a> {
    pub id: Uuid,
    pub kind: ImportKind,
    pub organisation_id: Option<Uuid>,
    pub program_id: Option<Uuid>,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub language: &'a str,
    pub row_count: i32,
    pub uploaded_by: &'a str,
    pub user_id: Option<Uuid>,
    pub token_id: Option<Uuid>,
    pub at: DateTime<Utc>,
}

#[tracing::instrument(skip_all, fields(bytes = upload.content.len()))]
pub async fn insert<'e>(
    db: impl PgExecutor<'e>,
    upload: &NewUpload<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO import_upload
             (id, kind, organisation_id, file_name, sha256, content, language, row_count,
              uploaded_by, user_id, token_id, uploaded_at, program_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(upload.id)
    .bind(upload.kind.as_str())
    .bind(upload.organisation_id)
    .bind(upload.file_name)
    .bind(upload.sha256)
    .bind(upload.content)
    .bind(upload.language)
    .bind(upload.row_count)
    .bind(upload.uploaded_by)
    .bind(upload.user_id)
    .bind(upload.token_id)
    .bind(upload.at)
    .bind(upload.program_id)
    .execute(db)
    .await?;
    Ok(())
}

/// The upload `id`, locked for this transaction (a commit and its retry queue for each other,
/// so the second sees the first's summary).
#[tracing::instrument(skip(conn))]
pub async fn lock(conn: &mut PgConnection, id: Uuid) -> Result<Option<Upload>, sqlx::Error> {
    let row: Option<UploadRow> = sqlx::query_as(
        "SELECT u.id, u.kind, u.organisation_id, g.code AS organisation,
                u.program_id, p.code AS program, u.file_name, u.sha256,
                u.content, u.language, u.row_count, u.uploaded_by, u.uploaded_at,
                u.committed_at, u.summary
           FROM import_upload u
           LEFT JOIN organisation g ON g.id = u.organisation_id
           LEFT JOIN program p ON p.id = u.program_id
          WHERE u.id = $1
            FOR UPDATE OF u",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|r| {
        Ok(Upload {
            kind: parse_column("kind", &r.kind)?,
            id: r.id,
            organisation_id: r.organisation_id,
            organisation: r.organisation,
            program_id: r.program_id,
            program: r.program,
            file_name: r.file_name,
            sha256: r.sha256,
            content: r.content,
            language: r.language,
            row_count: r.row_count,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
            committed_at: r.committed_at,
            summary: r.summary,
        })
    })
    .transpose()
}

/// Marks the upload committed, with what the commit did.
#[tracing::instrument(skip(conn, summary))]
pub async fn mark_committed(
    conn: &mut PgConnection,
    id: Uuid,
    by: &str,
    at: DateTime<Utc>,
    summary: &serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE import_upload SET committed_at = $2, committed_by = $3, summary = $4
          WHERE id = $1 AND committed_at IS NULL",
    )
    .bind(id)
    .bind(at)
    .bind(by)
    .bind(summary)
    .execute(conn)
    .await?;
    Ok(())
}
