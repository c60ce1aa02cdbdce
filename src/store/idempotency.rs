//! Idempotency keys of API writes: claimed at the start of a write's transaction, completed
//! with the response before it commits, replayed to a retry.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// How long a key is honoured (and kept): a retry within this window replays the first answer.
pub const RETENTION_HOURS: i32 = 24;

/// A response stored under a key.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredResponse {
    pub request_hash: Vec<u8>,
    pub method: String,
    pub path: String,
    /// `None` only while the first request is still in flight (never seen after it commits).
    pub response_status: Option<i16>,
    pub response_headers: serde_json::Value,
    pub response_body: Option<Vec<u8>>,
}

/// The outcome of claiming a key.
#[derive(Debug)]
pub enum Claim {
    /// The key is new (or its old use expired): this request goes ahead, and its response is
    /// stored under the key when it succeeds.
    Claimed,
    /// The key was used within the retention window: the stored response.
    Used(StoredResponse),
}

/// Claims a key for this transaction. A concurrent request holding the same key makes this
/// wait until it commits (then `Used`) or rolls back (then `Claimed`), so that two copies of
/// one request never both write. `now` is the clock's: keys are stamped and expired by it,
/// never by the database's `now()`.
#[tracing::instrument(skip(conn, request_hash))]
pub async fn claim(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    organisation_id: Uuid,
    key: &str,
    request_hash: &[u8; 32],
    method: &str,
    path: &str,
) -> Result<Claim, sqlx::Error> {
    let claimed: Option<bool> = sqlx::query_scalar(
        "INSERT INTO idempotency_key (organisation_id, key, request_hash, method, path, created_at)
         VALUES ($1, $2, $3, $4, $5, $7)
         ON CONFLICT (organisation_id, key) DO UPDATE
            SET request_hash = EXCLUDED.request_hash, method = EXCLUDED.method,
                path = EXCLUDED.path, response_status = NULL, response_headers = '{}',
                response_body = NULL, created_at = EXCLUDED.created_at
          WHERE idempotency_key.created_at <= $7 - make_interval(hours => $6)
         RETURNING true",
    )
    .bind(organisation_id)
    .bind(key)
    .bind(&request_hash[..])
    .bind(method)
    .bind(path)
    .bind(RETENTION_HOURS)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    if claimed.is_some() {
        return Ok(Claim::Claimed);
    }
    let stored: StoredResponse = sqlx::query_as(
        "SELECT request_hash, method, path, response_status, response_headers, response_body
           FROM idempotency_key WHERE organisation_id = $1 AND key = $2",
    )
    .bind(organisation_id)
    .bind(key)
    .fetch_one(conn)
    .await?;
    Ok(Claim::Used(stored))
}

/// Stores the response of a claimed key (in the transaction of the write), and forgets the
/// organisation's keys that have expired by the clock's `now`.
#[tracing::instrument(skip(conn, headers, body))]
pub async fn complete(
    conn: &mut PgConnection,
    now: DateTime<Utc>,
    organisation_id: Uuid,
    key: &str,
    status: i16,
    headers: &serde_json::Value,
    body: &[u8],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE idempotency_key SET response_status = $3, response_headers = $4, response_body = $5
          WHERE organisation_id = $1 AND key = $2",
    )
    .bind(organisation_id)
    .bind(key)
    .bind(status)
    .bind(headers)
    .bind(body)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM idempotency_key
          WHERE organisation_id = $1 AND created_at <= $3 - make_interval(hours => $2)",
    )
    .bind(organisation_id)
    .bind(RETENTION_HOURS)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
