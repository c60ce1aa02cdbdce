//! What sign-in throttling reads and writes: failed sign-ins (per account, per client address,
//! per known browser) and the browsers that signed in to an account before. SQL only: the rule
//! that weighs the counts is `auth::throttle`.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// Failed sign-ins within the throttling window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct RecentFailures {
    /// Of this account from this client: the known browser when there is one, else the
    /// client address.
    pub pair: i64,
    /// Of this account, from anywhere.
    pub account: i64,
    /// From this client address, to any account.
    pub client: i64,
}

/// Counts the failures since `since`, in one query. `device_hash` is the known browser's
/// secret hash (`None` when the browser is not known for this account).
#[tracing::instrument(skip(pool, device_hash))]
pub async fn recent_failures(
    pool: &PgPool,
    email: &str,
    client_addr: &str,
    device_hash: Option<&[u8; 32]>,
    since: DateTime<Utc>,
) -> Result<RecentFailures, sqlx::Error> {
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE email_lower = lower($1)
                                   AND CASE WHEN $3::bytea IS NULL THEN client_addr = $2
                                            ELSE device_hash = $3 END) AS pair,
                count(*) FILTER (WHERE email_lower = lower($1)) AS account,
                count(*) FILTER (WHERE client_addr = $2) AS client
           FROM login_failure
          WHERE failed_at > $4 AND (email_lower = lower($1) OR client_addr = $2)",
    )
    .bind(email)
    .bind(client_addr)
    .bind(device_hash.map(|h| h.to_vec()))
    .bind(since)
    .fetch_one(pool)
    .await
}

/// Records a failed sign-in, against the known browser when there is one.
#[tracing::instrument(skip(pool, device_hash))]
pub async fn record_failure(
    pool: &PgPool,
    email: &str,
    client_addr: &str,
    device_hash: Option<&[u8; 32]>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO login_failure (email_lower, client_addr, device_hash, failed_at)
         VALUES (lower($1), $2, $3, $4)",
    )
    .bind(email)
    .bind(client_addr)
    .bind(device_hash.map(|h| h.to_vec()))
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Whether the browser with this secret hash signed in to the account `email` before.
#[tracing::instrument(skip(pool, device_hash))]
pub async fn is_known_device(
    pool: &PgPool,
    email: &str,
    device_hash: &[u8; 32],
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM known_device d JOIN app_user u ON u.id = d.user_id
                         WHERE lower(u.email) = lower($1) AND d.secret_hash = $2)",
    )
    .bind(email)
    .bind(&device_hash[..])
    .fetch_one(pool)
    .await
}

/// Remembers (or refreshes) a browser that signed in to the account.
#[tracing::instrument(skip(conn, device_hash))]
pub async fn remember_device(
    conn: &mut PgConnection,
    user_id: Uuid,
    device_hash: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO known_device (user_id, secret_hash, created_at, last_used_at)
         VALUES ($1, $2, $3, $3)
         ON CONFLICT (user_id, secret_hash) DO UPDATE SET last_used_at = excluded.last_used_at",
    )
    .bind(user_id)
    .bind(&device_hash[..])
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
