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

/// Live organisations by name, for the token and user forms.
#[tracing::instrument(skip_all)]
pub async fn choices(pool: &PgPool) -> Result<Vec<OrganisationChoice>, sqlx::Error> {
    sqlx::query_as("SELECT code, name, kind FROM organisation WHERE archived_at IS NULL ORDER BY is_demo DESC, name")
        .fetch_all(pool)
        .await
}
