//! The audit log: appended to in the same transaction as the write it records; read by admins.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

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
    record_all(conn, actor, context, &[entry]).await
}

/// Appends the entries of one actor's request, in their order, in one statement (a write of
/// many rows at once); inside its transaction, like [`record`].
#[tracing::instrument(skip_all, fields(entries = entries.len()))]
pub async fn record_all(
    conn: &mut PgConnection,
    actor: &Actor,
    context: &AuditOrigin,
    entries: &[AuditEntry<'_>],
) -> Result<(), sqlx::Error> {
    let (user_id, token_id) = match actor {
        Actor::User { id, .. } => (Some(*id), None),
        Actor::Token { id, .. } => (None, Some(*id)),
        Actor::System { .. } => (None, None),
    };
    let actions: Vec<&str> = entries.iter().map(|e| e.action).collect();
    let entities: Vec<&str> = entries.iter().map(|e| e.entity).collect();
    let entity_ids: Vec<Option<&str>> = entries.iter().map(|e| e.entity_id.as_deref()).collect();
    let befores: Vec<Option<&serde_json::Value>> =
        entries.iter().map(|e| e.before.as_ref()).collect();
    let afters: Vec<Option<&serde_json::Value>> =
        entries.iter().map(|e| e.after.as_ref()).collect();
    let reasons: Vec<Option<&str>> = entries.iter().map(|e| e.reason).collect();
    sqlx::query(
        "INSERT INTO audit_event (actor_kind, actor_user_id, actor_token_id, actor_label, action, entity,
                                  entity_id, before, after, reason, request_id, client_addr)
         SELECT $1, $2, $3, $4, e.action, e.entity, e.entity_id, e.before, e.after, e.reason,
                $11, $12
           FROM UNNEST($5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[], $10::text[])
                WITH ORDINALITY AS e(action, entity, entity_id, before, after, reason, n)
          ORDER BY e.n",
    )
    .bind(actor.kind())
    .bind(user_id)
    .bind(token_id)
    .bind(actor.label())
    .bind(&actions)
    .bind(&entities)
    .bind(&entity_ids)
    .bind(&befores)
    .bind(&afters)
    .bind(&reasons)
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
    /// What the entity is called today (an email, a code, "CE-03 · DEMO-RKEF-A · 2026-10-01"),
    /// when it still exists; the id otherwise.
    pub entity_label: Option<String>,
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
    /// Only events on or after this day (UTC).
    pub from: Option<NaiveDate>,
    /// Only events on or before this day (UTC).
    pub to: Option<NaiveDate>,
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
    // The entity's name is looked up through its id where the id is a UUID (set-based: one
    // indexed lookup per listed event, never a scan).
    sqlx::query_as(
        "SELECT e.id, e.occurred_at, e.actor_kind, e.actor_label, e.action, e.entity, e.entity_id,
                CASE e.entity
                  WHEN 'user' THEN (SELECT u.email FROM app_user u WHERE u.id = k.uid)
                  WHEN 'api_token' THEN (SELECT t.name || ' (' || o.code || ')'
                                           FROM api_token t JOIN organisation o ON o.id = t.organisation_id
                                          WHERE t.id = k.uid)
                  WHEN 'observation' THEN (SELECT i.code || ' · ' || g.code || ' · ' || ob.period_start
                                             FROM observation ob
                                             JOIN indicator i ON i.id = ob.indicator_id
                                             JOIN organisation g ON g.id = ob.organisation_id
                                            WHERE ob.id = k.uid)
                  WHEN 'organisation' THEN (SELECT g.code FROM organisation g WHERE g.id = k.uid)
                  WHEN 'indicator' THEN (SELECT i.code FROM indicator i WHERE i.id = k.uid)
                  WHEN 'pillar' THEN (SELECT p.code FROM pillar p WHERE p.id = k.uid)
                  WHEN 'milestone' THEN (SELECT m.code FROM milestone m WHERE m.id = k.uid)
                  WHEN 'assignment' THEN (SELECT i.code || ' × ' || g.code
                                            FROM assignment a
                                            JOIN indicator i ON i.id = a.indicator_id
                                            JOIN organisation g ON g.id = a.organisation_id
                                           WHERE a.id = k.uid)
                END AS entity_label,
                e.before, e.after, e.reason, e.request_id, e.client_addr
           FROM audit_event e
           LEFT JOIN LATERAL (
                SELECT CASE WHEN e.entity_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                            THEN e.entity_id::uuid END AS uid) k ON true
          WHERE ($1::text IS NULL OR e.entity = $1)
            AND ($2::text IS NULL OR e.action = $2)
            AND ($3::text IS NULL OR e.actor_label ILIKE '%' || replace(replace(replace($3, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
            AND ($4::bigint IS NULL OR e.id < $4)
            AND ($5::date IS NULL OR e.occurred_at >= $5::date::timestamp AT TIME ZONE 'UTC')
            AND ($6::date IS NULL OR e.occurred_at < ($6::date + 1)::timestamp AT TIME ZONE 'UTC')
          ORDER BY e.id DESC
          LIMIT $7",
    )
    .bind(filter.entity.as_deref())
    .bind(filter.action.as_deref())
    .bind(filter.actor.as_deref())
    .bind(filter.before_id)
    .bind(filter.from)
    .bind(filter.to)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// The names of things an audit entry's before and after refer to by id (organisations,
/// indicators, pillars, milestones: their code; users: their email), in one query.
#[tracing::instrument(skip_all, fields(count = ids.len()))]
pub async fn names_of(pool: &PgPool, ids: &[Uuid]) -> Result<HashMap<Uuid, String>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = sqlx::query_as(
        "SELECT id, code FROM organisation WHERE id = ANY($1)
         UNION ALL SELECT id, code FROM indicator WHERE id = ANY($1)
         UNION ALL SELECT id, code FROM pillar WHERE id = ANY($1)
         UNION ALL SELECT id, code FROM milestone WHERE id = ANY($1)
         UNION ALL SELECT id, email FROM app_user WHERE id = ANY($1)",
    )
    .bind(ids)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().collect())
}
