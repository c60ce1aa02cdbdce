//! An admin grants a manager or viewer the programs they work in (`program_member`): rights
//! are per program (`policy::may_enter_program`). Admins and verifiers are global, tenant users
//! follow their organisation, so only managers and viewers are granted programs by hand.

use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::{Actor, AuditOrigin, Role};
use crate::error::AppError;
use crate::store;
use crate::store::audit::AuditEntry;

/// Why a grant was refused.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    /// A code that names no program (the `programs` field).
    #[error("unknown program {0}")]
    UnknownProgram(String),
    /// The user's role enters programs by a rule, not by grants.
    #[error("programs are not granted to this role")]
    NotGranted,
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<sqlx::Error> for GrantError {
    fn from(err: sqlx::Error) -> Self {
        GrantError::App(err.into())
    }
}

/// Replaces the programs `user` (a manager or viewer) works in with `codes`. One
/// transaction with its audit entry (`grant_programs`, before and after); an unknown code
/// stores nothing.
pub async fn set_user_programs(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    user: Uuid,
    role: Role,
    codes: &[String],
) -> Result<(), GrantError> {
    if !matches!(role, Role::Manager | Role::Viewer) {
        return Err(GrantError::NotGranted);
    }
    let known = store::program::program_ties(pool, None, None).await?;
    if let Some(unknown) = codes
        .iter()
        .find(|c| !known.iter().any(|t| t.program.code == **c))
    {
        return Err(GrantError::UnknownProgram(unknown.clone()));
    }
    let before = store::program::granted_codes(pool, user).await?;
    let mut tx = pool.begin().await?;
    store::program::set_granted(&mut tx, user, codes).await?;
    let mut after: Vec<String> = known
        .iter()
        .map(|t| t.program.code.clone())
        .filter(|c| codes.contains(c))
        .collect();
    after.dedup();
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "grant_programs",
            entity: "user",
            entity_id: Some(user.to_string()),
            before: Some(serde_json::json!({ "programs": before })),
            after: Some(serde_json::json!({ "programs": after })),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
