//! Yearly targets: each write appends its revision to `target_revision`, in the caller's
//! transaction.
//! SQL only: no rule of the domain, no audit (the caller's business).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// A yearly target as the form shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct TargetRecord {
    pub year: i16,
    pub value: f64,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// An indicator's targets by year.
#[tracing::instrument(skip(pool))]
pub async fn targets(pool: &PgPool, indicator_id: Uuid) -> Result<Vec<TargetRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT year, value, version, updated_at FROM target WHERE indicator_id = $1 ORDER BY year",
    )
    .bind(indicator_id)
    .fetch_all(pool)
    .await
}

/// What happened to a target write.
#[derive(Debug, Clone, PartialEq)]
pub enum TargetWrite {
    /// Stored; the value it had before (`None`: a new target).
    Stored { old_value: Option<f64> },
    /// The target was changed since the editor read it (at `version`); nothing stored.
    Stale { current_value: Option<f64> },
}

/// Sets an indicator's target for a year and appends its revision, if the target is still at
/// `expected_version` (`None`: the editor saw no target for that year).
#[tracing::instrument(skip(conn, reason, changed_by))]
pub async fn set_target(
    conn: &mut PgConnection,
    indicator_id: Uuid,
    year: i16,
    value: f64,
    expected_version: Option<i32>,
    reason: &str,
    changed_by: &str,
) -> Result<TargetWrite, sqlx::Error> {
    let current: Option<(f64, i32)> = sqlx::query_as(
        "SELECT value, version FROM target WHERE indicator_id = $1 AND year = $2 FOR UPDATE",
    )
    .bind(indicator_id)
    .bind(year)
    .fetch_optional(&mut *conn)
    .await?;
    if current.map(|(_, v)| v) != expected_version {
        return Ok(TargetWrite::Stale {
            current_value: current.map(|(v, _)| v),
        });
    }
    if current.is_some() {
        // The row is locked above and still at the editor's version.
        sqlx::query(
            "UPDATE target SET value = $3, version = version + 1, updated_at = now()
              WHERE indicator_id = $1 AND year = $2",
        )
        .bind(indicator_id)
        .bind(year)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    } else {
        // No row to lock: two editors who both saw no target race to insert it. The second
        // waits for the first to commit and then inserts nothing, so it is told, like any
        // stale editor, instead of overwriting the first one's value.
        let inserted: Option<i32> = sqlx::query_scalar(
            "INSERT INTO target (indicator_id, year, value) VALUES ($1, $2, $3)
             ON CONFLICT (indicator_id, year) DO NOTHING
             RETURNING version",
        )
        .bind(indicator_id)
        .bind(year)
        .bind(value)
        .fetch_optional(&mut *conn)
        .await?;
        if inserted.is_none() {
            let current_value: Option<f64> = sqlx::query_scalar(
                "SELECT value FROM target WHERE indicator_id = $1 AND year = $2",
            )
            .bind(indicator_id)
            .bind(year)
            .fetch_optional(&mut *conn)
            .await?;
            return Ok(TargetWrite::Stale { current_value });
        }
    }
    sqlx::query(
        "INSERT INTO target_revision (indicator_id, year, old_value, new_value, reason, changed_by)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(indicator_id)
    .bind(year)
    .bind(current.map(|(v, _)| v))
    .bind(value)
    .bind(reason)
    .bind(changed_by)
    .execute(conn)
    .await?;
    Ok(TargetWrite::Stored {
        old_value: current.map(|(v, _)| v),
    })
}

/// A target as an import compares it with a file's row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredTarget {
    pub indicator_id: Uuid,
    pub year: i16,
    pub value: f64,
    pub version: i32,
}

/// Every target of the program's indicators, in one query.
#[tracing::instrument(skip(db))]
pub async fn program_targets<'e>(
    db: impl sqlx::PgExecutor<'e>,
    program_id: Uuid,
) -> Result<Vec<StoredTarget>, sqlx::Error> {
    sqlx::query_as(
        "SELECT t.indicator_id, t.year, t.value, t.version
           FROM target t JOIN indicator i ON i.id = t.indicator_id
          WHERE i.program_id = $1
          ORDER BY i.code, t.year",
    )
    .bind(program_id)
    .fetch_all(db)
    .await
}
