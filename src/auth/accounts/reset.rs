//! "Forgot password": a person asks for a link by e-mail address and sets a new password with
//! it. The link's secret is random, kept only as its SHA-256, works once and for an hour; the
//! answer to a request is the same whether or not the address has an account, and requests
//! are throttled per address typed and per client. The message itself is written by the
//! notification dispatcher from the item recorded here (`crate::notify`).

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::rules::{AccountError, check_password};
use crate::auth::{Actor, AuditOrigin, password, token};
use crate::domain::accounts::{AccountFieldProblem, AccountProblem};
use crate::domain::kinds::NotificationKind;
use crate::domain::notifications::{
    RESET_LINK_LIFETIME, RESET_WINDOW, RESETS_PER_ADDRESS, RESETS_PER_CLIENT,
};
use crate::error::AppError;
use crate::store;
use crate::store::audit::AuditEntry;

/// The longest address looked up; anything longer is no account's.
const EMAIL_MAX_CHARS: usize = 320;

/// The answer to a reset request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetRequest {
    /// The same for a known and an unknown address: "if an account has it, a link is sent".
    Accepted,
    /// Too many requests from this client (whatever the addresses): refused.
    Throttled,
}

/// Handles "forgot password" for `email` from `client`: when the address belongs to an active
/// account and has not asked too often, a link is stored (as a hash) and its message queued,
/// in one transaction with the request's record.
pub async fn request_reset(
    pool: &PgPool,
    email: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<ResetRequest, AppError> {
    let email = email.trim();
    let since = now - chrono::Duration::from_std(RESET_WINDOW).unwrap_or_default();
    let (for_address, from_client) =
        store::notifications::recent_reset_requests(pool, email, client, since).await?;
    if from_client >= RESETS_PER_CLIENT {
        return Ok(ResetRequest::Throttled);
    }
    if email.is_empty() || email.chars().count() > EMAIL_MAX_CHARS {
        return Ok(ResetRequest::Accepted);
    }
    let mut tx = pool.begin().await?;
    store::notifications::record_reset_request(&mut tx, email, client, now).await?;
    if for_address < RESETS_PER_ADDRESS
        && let Some(user_id) = store::notifications::active_user_by_email(&mut tx, email).await?
    {
        let secret = token::random_secret();
        let expires = now + chrono::Duration::from_std(RESET_LINK_LIFETIME).unwrap_or_default();
        store::notifications::create_reset(&mut tx, &token::hash(&secret), user_id, now, expires)
            .await?;
        store::notifications::record_account_notice(
            &mut tx,
            user_id,
            NotificationKind::PasswordReset,
            serde_json::json!({ "token": secret }),
            Some(now),
        )
        .await?;
        store::audit::record(
            &mut tx,
            &Actor::System {
                label: "password reset".into(),
            },
            &AuditOrigin {
                client_addr: Some(client.to_string()),
                ..AuditOrigin::default()
            },
            AuditEntry {
                action: "request_password_reset",
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before: None,
                after: None,
                reason: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ResetRequest::Accepted)
}

/// Whether a reset link (as presented) works now.
pub async fn reset_link_works(
    pool: &PgPool,
    secret: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(store::notifications::reset_is_usable(pool, &token::hash(secret), now).await?)
}

/// Why a new password was not set.
#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// The link is unknown, used, expired, or its account inactive.
    #[error("the reset link does not work")]
    LinkUnusable,
    /// The new password breaks a rule (nothing used up).
    #[error(transparent)]
    Account(#[from] AccountError),
}

impl From<sqlx::Error> for ResetError {
    fn from(err: sqlx::Error) -> Self {
        ResetError::Account(err.into())
    }
}

/// Sets a new password with a reset link: checks the password, then in one transaction uses
/// the link up (and every other open link of the person), sets the password, ends every
/// session, records the audit entry and queues the "password changed" notice.
pub async fn complete_reset(
    pool: &PgPool,
    context: &AuditOrigin,
    secret: &str,
    new: String,
    repeated: &str,
    now: DateTime<Utc>,
) -> Result<(), ResetError> {
    if let Err(weak) = check_password(&new) {
        return Err(
            AccountError::Invalid(vec![AccountFieldProblem::new("new_password", weak)]).into(),
        );
    }
    if new != repeated {
        return Err(AccountError::Invalid(vec![AccountFieldProblem::new(
            "repeat_password",
            AccountProblem::PasswordsDiffer,
        )])
        .into());
    }
    let hash = password::hash(new).await.map_err(AccountError::from)?;
    let mut tx = pool.begin().await?;
    let Some(user_id) =
        store::notifications::consume_reset(&mut tx, &token::hash(secret), now).await?
    else {
        return Err(ResetError::LinkUnusable);
    };
    store::users::set_password_of(&mut tx, user_id, &hash).await?;
    let ended = store::users::delete_sessions_of(&mut tx, user_id).await?;
    store::audit::record(
        &mut tx,
        &Actor::System {
            label: "password reset link".into(),
        },
        context,
        AuditEntry {
            action: "reset_password",
            entity: "user",
            entity_id: Some(user_id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "sessions_ended": ended, "by": "link" })),
            reason: None,
        },
    )
    .await?;
    store::notifications::record_account_notice(
        &mut tx,
        user_id,
        NotificationKind::PasswordChanged,
        serde_json::json!({}),
        Some(now),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
