//! API tokens: issuing one for an organisation (or for a verifier account of an assurance
//! provider, which attests published statements) and revoking it, each in one transaction with
//! its audit entry. Problems with the input are [`AccountProblem`]s, worded by the caller; no
//! HTML, no HTTP.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::rules::AccountError;
use crate::auth::{Actor, AuditOrigin, token};
use crate::domain::TokenScope;
use crate::domain::accounts::{AccountFieldProblem, AccountProblem, TOKEN_NAME_MAX_CHARS};
use crate::error::AppError;
use crate::store;
use crate::store::audit::AuditEntry;

/// An API token to issue, as typed.
#[derive(Debug, Clone)]
pub struct TokenInput {
    pub organisation_code: String,
    pub name: String,
    pub scope: String,
    /// Last day of validity; the token stops working at the end of that day (UTC).
    pub expires_on: Option<NaiveDate>,
    /// The email of the verifier account the token acts for (an assurance provider's token,
    /// which attests published statements through the API); empty for an organisation's.
    pub verifier_email: Option<String>,
}

/// An issued token: its id and the secret, to be shown once.
pub struct IssuedToken {
    pub id: Uuid,
    pub secret: String,
}

/// Issues a token for an organisation.
pub async fn create_token(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    today: NaiveDate,
    input: TokenInput,
) -> Result<IssuedToken, AccountError> {
    let mut errors = Vec::new();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > TOKEN_NAME_MAX_CHARS {
        errors.push(AccountFieldProblem::new(
            "name",
            AccountProblem::TokenName {
                max: TOKEN_NAME_MAX_CHARS,
            },
        ));
    }
    let scope = match input.scope.parse::<TokenScope>() {
        Ok(scope) => Some(scope),
        Err(_) => {
            errors.push(AccountFieldProblem::new("scope", AccountProblem::Scope));
            None
        }
    };
    if let Some(day) = input.expires_on
        && day < today
    {
        errors.push(AccountFieldProblem::new(
            "expires",
            AccountProblem::ExpiryPast,
        ));
    }
    let code = input.organisation_code.trim();
    let organisation_id = store::organisations::id_by_code(pool, code).await?;
    if organisation_id.is_none() {
        errors.push(AccountFieldProblem::new(
            "organisation",
            AccountProblem::NoSuchOrganisation {
                code: code.to_string(),
            },
        ));
    }
    let mut user_id = None;
    if let Some(email) = input
        .verifier_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        match store::users::active_verifier_by_email(pool, email).await? {
            Some(account) => user_id = Some(account.id),
            None => errors.push(AccountFieldProblem::new(
                "verifier",
                AccountProblem::NoSuchVerifier {
                    email: email.to_string(),
                },
            )),
        }
    }
    let (Some(scope), Some(organisation_id), true) = (scope, organisation_id, errors.is_empty())
    else {
        return Err(AccountError::Invalid(errors));
    };
    let expires_at: Option<DateTime<Utc>> = input
        .expires_on
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc());
    let issued = token::generate();
    let mut tx = pool.begin().await?;
    let (id, after) = store::tokens::create(
        &mut tx,
        &store::tokens::NewTokenRow {
            organisation_id,
            name,
            display_prefix: &issued.display_prefix,
            secret_hash: &issued.hash,
            scope,
            created_by: actor.label(),
            expires_at,
            user_id,
        },
    )
    .await?;
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "create",
            entity: "api_token",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(IssuedToken {
        id,
        secret: issued.secret,
    })
}

/// Revokes a live token at `now`.
pub async fn revoke_token(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let mut tx = pool.begin().await?;
    let Some((before, after)) = store::tokens::revoke(&mut tx, id, now).await? else {
        return Err(AppError::NotFound(crate::domain::Missing::Token).into());
    };
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "revoke",
            entity: "api_token",
            entity_id: Some(id.to_string()),
            before: Some(before),
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
