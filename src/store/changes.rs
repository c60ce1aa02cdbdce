//! Notices on PostgreSQL's notification channels sent by the instance itself (the data's own
//! changes are notified by the tables' statement triggers, migrations 0009 and 0036).

use sqlx::PgPool;

/// Sends `payload` on `channel`, in a transaction of its own: it is delivered to every listener
/// after the notices of every transaction committed before it.
#[tracing::instrument(skip(pool))]
pub async fn notify(pool: &PgPool, channel: &str, payload: &str) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(channel)
        .bind(payload)
        .execute(pool)
        .await?;
    Ok(())
}
