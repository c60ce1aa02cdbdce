//! The audit log: appended to in the same transaction as the write it records; read by admins.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use crate::domain::{Actor, AuditOrigin};

/// One entry to append.
pub struct AuditEntry<'a> {
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<&'a str>,
}

/// Appends an entry. Call it inside the transaction of the write it records, so both commit
/// or neither does.
#[tracing::instrument(skip_all, fields(action = entry.action, entity = entry.entity))]
pub async fn record(
    conn: &mut PgConnection,
    actor: &Actor,
    context: &AuditOrigin,
    entry: AuditEntry<'_>,
) -> Result<(), sqlx::Error> {
    let (user_id, token_id) = match actor {
        Actor::User { id, .. } => (Some(*id), None),
        Actor::Token { id, .. } => (None, Some(*id)),
        Actor::System { .. } => (None, None),
    };
    sqlx::query(
        "INSERT INTO audit_event (actor_kind, actor_user_id, actor_token_id, actor_label, action, entity,
                                  entity_id, before, after, reason, request_id, client_addr)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(actor.kind())
    .bind(user_id)
    .bind(token_id)
    .bind(actor.label())
    .bind(entry.action)
    .bind(entry.entity)
    .bind(entry.entity_id)
    .bind(entry.before)
    .bind(entry.after)
    .bind(entry.reason)
    .bind(context.request_id.as_deref())
    .bind(context.client_addr.as_deref())
    .execute(conn)
    .await?;
    Ok(())
}

/// A logged event as the admin page shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEvent {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_kind: String,
    pub actor_label: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub reason: Option<String>,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
}

/// Filters of the audit page; empty means any.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub action: Option<String>,
    /// Matches part of the actor's label (a name, an email, a token name).
    pub actor: Option<String>,
    /// Only events older than this id (the next page).
    pub before_id: Option<i64>,
}

/// The newest events matching the filter, `limit` at most.
#[tracing::instrument(skip(pool))]
pub async fn list(
    pool: &PgPool,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditEvent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, occurred_at, actor_kind, actor_label, action, entity, entity_id, before, after,
                reason, request_id, client_addr
           FROM audit_event
          WHERE ($1::text IS NULL OR entity = $1)
            AND ($2::text IS NULL OR action = $2)
            AND ($3::text IS NULL OR actor_label ILIKE '%' || replace(replace(replace($3, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
            AND ($4::bigint IS NULL OR id < $4)
          ORDER BY id DESC
          LIMIT $5",
    )
    .bind(filter.entity.as_deref())
    .bind(filter.action.as_deref())
    .bind(filter.actor.as_deref())
    .bind(filter.before_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}
