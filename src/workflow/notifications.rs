//! What a person and an admin do with notifications inside Pilar: a person marks their own
//! notifications read; an admin puts a message of the outbox back in the queue (resend a
//! failed one, retry one now), audited in the same transaction. Rules from
//! `domain::notifications`, SQL in `store::notifications`.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::notifications::may_resend;
use crate::domain::{Actor, AuditOrigin, Missing};
use crate::error::AppError;
use crate::store;
use crate::store::audit::AuditEntry;

/// Marks the person's notifications `ids` read (all of them when `None`); ids of anyone
/// else's change nothing. Not audited: it changes what one person's own page highlights,
/// nothing anyone else reads or relies on (the audit log keeps changes to shared data).
pub async fn mark_read(
    pool: &PgPool,
    user_id: Uuid,
    ids: Option<&[i64]>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut conn = pool.acquire().await?;
    Ok(store::notifications::mark_read(&mut conn, user_id, ids, now).await?)
}

/// What a resend did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    /// Back in the queue, due now: the next sending round takes it.
    Queued,
    /// Sent, or queued and not tried yet: nothing changed (a second click, a stale page).
    Unchanged,
}

/// Puts message `id` back in the queue for the next round, when the rule allows
/// (`domain::notifications::may_resend`), with an audit entry of where it stood.
pub async fn resend_message(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Resend, AppError> {
    let mut tx = pool.begin().await?;
    let Some(message) = store::notifications::lock_message(&mut tx, id).await? else {
        return Err(AppError::NotFound(Missing::Page));
    };
    if !may_resend(message.status, message.attempts) {
        tx.rollback().await?;
        return Ok(Resend::Unchanged);
    }
    store::notifications::requeue_message(&mut tx, id, now).await?;
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "resend",
            entity: "outbox_message",
            entity_id: Some(id.to_string()),
            before: Some(json!({
                "status": message.status.as_str(),
                "attempts": message.attempts,
                "last_error": message.last_error,
                "to": message.to_address,
            })),
            after: Some(json!({ "status": "queued", "attempts": 0, "next_attempt_at": now })),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Resend::Queued)
}
