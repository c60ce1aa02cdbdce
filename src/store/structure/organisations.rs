//! Organisations with what the admin form edits, and their roles in a program with the
//! pillars of each role.
//! SQL only: no rule of the domain, no audit (the caller's business).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgExecutor};
use uuid::Uuid;

use crate::domain::Bilingual;
use crate::store::text::columns;

/// An organisation with what the admin form edits.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct OrganisationRecord {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub process_route: Option<String>,
    #[serde(flatten, serialize_with = "columns::description")]
    pub description: Bilingual,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub version: i32,
    pub archived: bool,
    /// The organisation's roles in the program as `role:PILLAR,PILLAR` entries.
    pub roles: Vec<String>,
}

/// What the organisation form writes.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationDraft {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub process_route: Option<String>,
    #[serde(flatten, serialize_with = "columns::description")]
    pub description: Bilingual,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    /// Roles in the program, each with the ids of the pillars it covers.
    pub roles: Vec<(String, Vec<Uuid>)>,
}

const ORGANISATION_RECORD: &str = "
    SELECT o.id, o.code, o.name, o.short_name, o.kind, o.process_route,
           (o.description_en, o.description_id) AS description, o.website, o.contact_name,
           o.contact_email, o.version,
           o.archived_at IS NOT NULL AS archived,
           coalesce((SELECT array_agg(r.role || ':' || coalesce(
                               (SELECT string_agg(p.code, ',' ORDER BY p.position, p.code)
                                  FROM program_role_pillar rp JOIN pillar p ON p.id = rp.pillar_id
                                 WHERE rp.program_role_id = r.id), '') ORDER BY r.role)
                       FROM program_role r
                      WHERE r.organisation_id = o.id AND r.program_id = $1), '{}') AS roles
      FROM organisation o";

/// Every organisation with its roles in the program, archived ones last.
#[tracing::instrument(skip(db))]
pub async fn organisations<'e>(
    db: impl PgExecutor<'e>,
    program_id: Uuid,
) -> Result<Vec<OrganisationRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ORGANISATION_RECORD} ORDER BY o.archived_at IS NOT NULL, o.name"
    ))
    .bind(program_id)
    .fetch_all(db)
    .await
}

/// The organisation `code`, archived or not, with its roles in the program, locked until the
/// transaction ends.
#[tracing::instrument(skip(conn))]
pub async fn lock_organisation(
    conn: &mut PgConnection,
    program_id: Uuid,
    code: &str,
) -> Result<Option<OrganisationRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ORGANISATION_RECORD} WHERE o.code = $2 FOR UPDATE OF o"
    ))
    .bind(program_id)
    .bind(code)
    .fetch_optional(conn)
    .await
}

/// Adds an organisation; its id.
#[tracing::instrument(skip(conn, draft), fields(code = %draft.code))]
pub async fn insert_organisation(
    conn: &mut PgConnection,
    draft: &OrganisationDraft,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO organisation (code, name, short_name, kind, process_route, description_en,
                description_id, website, contact_name, contact_email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         RETURNING id",
    )
    .bind(&draft.code)
    .bind(&draft.name)
    .bind(&draft.short_name)
    .bind(&draft.kind)
    .bind(&draft.process_route)
    .bind(&draft.description.english)
    .bind(&draft.description.indonesian)
    .bind(&draft.website)
    .bind(&draft.contact_name)
    .bind(&draft.contact_email)
    .fetch_one(conn)
    .await
}

/// Changes an organisation if it is still at `version`; the new version, or `None` when
/// someone else changed it first. The code stays.
#[tracing::instrument(skip(conn, draft))]
pub async fn update_organisation(
    conn: &mut PgConnection,
    id: Uuid,
    version: i32,
    draft: &OrganisationDraft,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE organisation SET name = $3, short_name = $4, kind = $5, process_route = $6,
                description_en = $7, description_id = $8, website = $9, contact_name = $10,
                contact_email = $11, version = version + 1
          WHERE id = $1 AND version = $2
          RETURNING version",
    )
    .bind(id)
    .bind(version)
    .bind(&draft.name)
    .bind(&draft.short_name)
    .bind(&draft.kind)
    .bind(&draft.process_route)
    .bind(&draft.description.english)
    .bind(&draft.description.indonesian)
    .bind(&draft.website)
    .bind(&draft.contact_name)
    .bind(&draft.contact_email)
    .fetch_optional(conn)
    .await
}

/// Replaces an organisation's roles in a program and the pillars of each, set-based.
#[tracing::instrument(skip(conn, roles))]
pub async fn replace_roles(
    conn: &mut PgConnection,
    program_id: Uuid,
    organisation_id: Uuid,
    roles: &[(String, Vec<Uuid>)],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM program_role WHERE program_id = $1 AND organisation_id = $2")
        .bind(program_id)
        .bind(organisation_id)
        .execute(&mut *conn)
        .await?;
    let names: Vec<&str> = roles.iter().map(|(r, _)| r.as_str()).collect();
    let (pair_roles, pair_pillars): (Vec<&str>, Vec<Uuid>) = roles
        .iter()
        .flat_map(|(r, pillars)| pillars.iter().map(move |p| (r.as_str(), *p)))
        .unzip();
    sqlx::query(
        "WITH inserted AS (
             INSERT INTO program_role (program_id, organisation_id, role)
             SELECT $1, $2, r FROM unnest($3::text[]) AS x(r)
             RETURNING id, role)
         INSERT INTO program_role_pillar (program_role_id, pillar_id)
         SELECT i.id, p.pillar_id
           FROM inserted i JOIN unnest($4::text[], $5::uuid[]) AS p(role, pillar_id) ON p.role = i.role",
    )
    .bind(program_id)
    .bind(organisation_id)
    .bind(&names)
    .bind(&pair_roles)
    .bind(&pair_pillars)
    .execute(conn)
    .await?;
    Ok(())
}

/// Archives (or restores) an organisation, bumping its version.
#[tracing::instrument(skip(conn))]
pub async fn set_organisation_archived(
    conn: &mut PgConnection,
    id: Uuid,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE organisation SET archived_at = CASE WHEN $2 THEN coalesce(archived_at, $3) END,
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
