//! A person's notification settings: how often they hear of each kind, changed on their
//! account page or through the link in a message (which needs no sign-in). One transaction
//! with the audit entry.

use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::{Actor, AuditOrigin};
use crate::domain::kinds::{Cadence, NotificationKind};
use crate::error::AppError;
use crate::store;
use crate::store::audit::AuditEntry;

/// A person's cadence for every kind they choose, their default where they chose none, in
/// the order the settings show them.
pub async fn notification_settings(
    pool: &PgPool,
    user_id: Uuid,
) -> Result<Vec<(NotificationKind, Cadence)>, AppError> {
    let chosen = store::notifications::preferences(pool, user_id).await?;
    Ok(NotificationKind::CHOSEN
        .iter()
        .map(|&kind| {
            let cadence = chosen.iter().find(|(k, _)| *k == kind).map(|(_, c)| *c);
            (kind, kind.cadence(cadence))
        })
        .collect())
}

/// Stores a person's choices (account notices are not theirs to choose: ignored).
pub async fn set_notification_settings(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    user_id: Uuid,
    choices: &[(NotificationKind, Cadence)],
) -> Result<(), AppError> {
    let choices: Vec<(NotificationKind, Cadence)> = choices
        .iter()
        .copied()
        .filter(|(kind, _)| !kind.is_account_notice())
        .collect();
    let mut tx = pool.begin().await?;
    store::notifications::set_preferences(&mut tx, user_id, &choices).await?;
    let after: serde_json::Map<String, serde_json::Value> = choices
        .iter()
        .map(|(k, c)| (k.as_str().to_string(), c.as_str().into()))
        .collect();
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "set_notification_settings",
            entity: "user",
            entity_id: Some(user_id.to_string()),
            before: None,
            after: Some(after.into()),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The person a settings link (as presented) belongs to, while it works.
pub async fn settings_link_user(
    pool: &PgPool,
    secret: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<Uuid>, AppError> {
    Ok(
        store::notifications::settings_link_user(pool, &crate::auth::token::hash(secret), now)
            .await?,
    )
}
