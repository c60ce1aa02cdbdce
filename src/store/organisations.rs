//! Organisations, as far as accounts and tokens need them.

use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

/// An organisation to choose in a form.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationChoice {
    pub code: String,
    pub name: String,
    pub kind: String,
}

/// The live organisation `code`'s id.
#[tracing::instrument(skip(db))]
pub async fn id_by_code<'e>(
    db: impl PgExecutor<'e>,
    code: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM organisation WHERE code = $1 AND archived_at IS NULL")
        .bind(code)
        .fetch_optional(db)
        .await
}

/// The live organisations of a program by name (the directory's rule: a role in the program,
/// or none in any other), for the review queue's filter.
#[tracing::instrument(skip(pool))]
pub async fn program_choices(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<OrganisationChoice>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.code, o.name, o.kind FROM organisation o
          WHERE o.archived_at IS NULL
            AND (EXISTS (SELECT 1 FROM program_role r
                          WHERE r.organisation_id = o.id AND r.program_id = $1)
                 OR NOT EXISTS (SELECT 1 FROM program_role r
                                 WHERE r.organisation_id = o.id AND r.program_id <> $1))
          ORDER BY o.is_demo DESC, o.name",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// Live organisations by name, for the token and user forms.
#[tracing::instrument(skip_all)]
pub async fn choices(pool: &PgPool) -> Result<Vec<OrganisationChoice>, sqlx::Error> {
    sqlx::query_as("SELECT code, name, kind FROM organisation WHERE archived_at IS NULL ORDER BY is_demo DESC, name")
        .fetch_all(pool)
        .await
}
