//! The transparency log's rows: entries (the exact bytes hashed), signed checkpoints, which
//! entries are which period's statements, and attestations. Append-only (migration 0023);
//! appends run inside the publishing use case's transaction, after [`lock_log`].

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::domain::transparency::Hash;

/// Takes the log's append lock until the transaction ends: one append at a time, so the next
/// position is the number of entries.
#[tracing::instrument(skip_all)]
pub async fn lock_log(conn: &mut PgConnection) -> Result<(), sqlx::Error> {
    sqlx::query("LOCK TABLE transparency_entry IN EXCLUSIVE MODE")
        .execute(conn)
        .await?;
    Ok(())
}

/// Every leaf hash, in log order.
#[tracing::instrument(skip_all)]
pub async fn leaf_hashes(conn: &mut PgConnection) -> Result<Vec<Hash>, sqlx::Error> {
    let rows: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT leaf_hash FROM transparency_entry ORDER BY position")
            .fetch_all(conn)
            .await?;
    rows.into_iter().map(hash).collect()
}

/// The first `size` leaf hashes, in log order (fewer when the log is shorter).
#[tracing::instrument(skip(pool))]
pub async fn leaf_hashes_up_to(pool: &PgPool, size: u64) -> Result<Vec<Hash>, sqlx::Error> {
    let rows: Vec<Vec<u8>> = sqlx::query_scalar(
        "SELECT leaf_hash FROM transparency_entry WHERE position < $1 ORDER BY position",
    )
    .bind(i64::try_from(size).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(hash).collect()
}

fn hash(bytes: Vec<u8>) -> Result<Hash, sqlx::Error> {
    Hash::try_from(bytes.as_slice()).map_err(|e| sqlx::Error::ColumnDecode {
        index: "leaf_hash".into(),
        source: Box::new(e),
    })
}

/// Appends an entry at `position` (the number of entries so far).
#[tracing::instrument(skip(conn, body))]
pub async fn append_entry(
    conn: &mut PgConnection,
    position: u64,
    kind: &str,
    body: &[u8],
    leaf_hash: &Hash,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO transparency_entry (position, kind, body, leaf_hash, recorded_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(kind)
    .bind(body)
    .bind(leaf_hash.as_slice())
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Keeps a signed checkpoint.
#[tracing::instrument(skip(conn, root, note))]
pub async fn insert_checkpoint(
    conn: &mut PgConnection,
    size: u64,
    root: &Hash,
    note: &str,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO transparency_checkpoint (tree_size, root_hash, note, signed_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(i64::try_from(size).unwrap_or(i64::MAX))
    .bind(root.as_slice())
    .bind(note)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The latest tree head: its size and root (none before the first entry).
#[tracing::instrument(skip_all)]
pub async fn latest_tree_head(pool: &PgPool) -> Result<Option<(u64, Hash)>, sqlx::Error> {
    let row: Option<(i64, Vec<u8>)> = sqlx::query_as(
        "SELECT tree_size, root_hash FROM transparency_checkpoint ORDER BY tree_size DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    row.map(|(size, root)| Ok((u64::try_from(size).unwrap_or(0), hash(root)?)))
        .transpose()
}

/// One entry: its kind and exact bytes.
#[tracing::instrument(skip(executor))]
pub async fn entry<'e>(
    executor: impl sqlx::PgExecutor<'e>,
    position: u64,
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as("SELECT kind, body FROM transparency_entry WHERE position = $1")
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .fetch_optional(executor)
        .await
}

/// The log index of a publication (statement or restatement), by its id.
#[tracing::instrument(skip(pool))]
pub async fn publication_entry(pool: &PgPool, id: Uuid) -> Result<Option<u64>, sqlx::Error> {
    let position: Option<i64> =
        sqlx::query_scalar("SELECT entry_position FROM publication WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(position.and_then(|p| u64::try_from(p).ok()))
}

/// A period's publication (statement or restatement) as lists show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Publication {
    pub id: Uuid,
    pub period_label: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub kind: String,
    pub entry_position: i64,
    pub published_at: DateTime<Utc>,
    pub published_by: Option<String>,
    /// The entry's exact bytes (the statement).
    pub body: Vec<u8>,
}

/// Every publication of a program, newest first.
#[tracing::instrument(skip(pool))]
pub async fn publications(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<Publication>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.period_label, p.period_start, p.period_end, p.kind, p.entry_position,
                p.published_at, u.display_name AS published_by, e.body
           FROM publication p
           JOIN transparency_entry e ON e.position = p.entry_position
           LEFT JOIN app_user u ON u.id = p.published_by
          WHERE p.program_id = $1
          ORDER BY p.entry_position DESC",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}

/// The latest statement or restatement of one period (inside the publishing transaction).
#[tracing::instrument(skip(conn))]
pub async fn latest_of_period(
    conn: &mut PgConnection,
    program_id: Uuid,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Option<(i64, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.entry_position, e.body
           FROM publication p JOIN transparency_entry e ON e.position = p.entry_position
          WHERE p.program_id = $1 AND p.period_start = $2 AND p.period_end = $3
          ORDER BY p.entry_position DESC LIMIT 1",
    )
    .bind(program_id)
    .bind(start)
    .bind(end)
    .fetch_optional(conn)
    .await
}

/// What a new publication row records.
pub struct NewPublication<'a> {
    pub program_id: Uuid,
    pub period_label: &'a str,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub kind: &'a str,
    pub entry_position: u64,
    pub published_by: Option<Uuid>,
    pub published_at: DateTime<Utc>,
}

/// Records which entry is a period's (re)statement.
#[tracing::instrument(skip_all)]
pub async fn insert_publication(
    conn: &mut PgConnection,
    p: &NewPublication<'_>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO publication (program_id, period_label, period_start, period_end, kind,
                                  entry_position, published_by, published_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(p.program_id)
    .bind(p.period_label)
    .bind(p.period_start)
    .bind(p.period_end)
    .bind(p.kind)
    .bind(i64::try_from(p.entry_position).unwrap_or(i64::MAX))
    .bind(p.published_by)
    .bind(p.published_at)
    .fetch_one(conn)
    .await
}

/// The published periods whose days contain `date`'s period of an observation, for one
/// indicator: `(start, end)` of each published period of the program containing
/// `[start, end]`.
#[tracing::instrument(skip(conn))]
pub async fn published_periods_containing(
    conn: &mut PgConnection,
    program_id: Uuid,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(String, NaiveDate, NaiveDate)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT DISTINCT period_label, period_start, period_end FROM publication
          WHERE program_id = $1 AND period_start <= $2 AND period_end >= $3
          ORDER BY period_start",
    )
    .bind(program_id)
    .bind(start)
    .bind(end)
    .fetch_all(conn)
    .await
}

/// The latest reopening reason of each indicator's reports in a period, as
/// `(indicator code, period start, reason)`: what a restatement gives as the reason.
#[tracing::instrument(skip(conn))]
pub async fn reopen_reasons(
    conn: &mut PgConnection,
    program_id: Uuid,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<(String, NaiveDate, String)>, sqlx::Error> {
    // A figure computed from the material ledger (CE-05, CE-08) changes when a ledger month
    // of one of its materials is reopened: its reason is the latest reopening of such a month
    // in the figure's period (the indicator's frequency).
    sqlx::query_as(
        "SELECT DISTINCT ON (code, period_start) code, period_start, reason
           FROM (SELECT i.code, o.period_start, r.reason, r.changed_at
                   FROM observation_revision r
                   JOIN observation o ON o.id = r.observation_id
                   JOIN indicator i ON i.id = o.indicator_id
                  WHERE i.program_id = $1 AND o.period_start >= $2 AND o.period_end <= $3
                    AND r.action = 'reopen' AND r.reason IS NOT NULL
                 UNION ALL
                 SELECT i.code,
                        CASE i.frequency
                            WHEN 'monthly' THEN l.month
                            WHEN 'quarterly' THEN date_trunc('quarter', l.month)::date
                            WHEN 'semi_annual' THEN
                                make_date(extract(year FROM l.month)::int,
                                          CASE WHEN extract(month FROM l.month) <= 6
                                               THEN 1 ELSE 7 END, 1)
                            ELSE date_trunc('year', l.month)::date
                        END,
                        r.reason, r.changed_at
                   FROM material_ledger_revision r
                   JOIN material_ledger l ON l.id = r.ledger_id
                   JOIN material_indicator mi ON mi.material_id = l.material_id
                   JOIN indicator i ON i.id = mi.indicator_id
                  WHERE i.program_id = $1 AND i.computed_from = 'material_ledger'
                    AND l.month BETWEEN $2 AND $3
                    AND r.action = 'reopen' AND r.reason IS NOT NULL) reasons
          ORDER BY code, period_start, changed_at DESC",
    )
    .bind(program_id)
    .bind(start)
    .bind(end)
    .fetch_all(conn)
    .await
}

/// Indicator definition versions of a program, by id.
#[tracing::instrument(skip(pool))]
pub async fn indicator_versions(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<(Uuid, i32)>, sqlx::Error> {
    sqlx::query_as("SELECT id, version FROM indicator WHERE program_id = $1")
        .bind(program_id)
        .fetch_all(pool)
        .await
}

/// Records an attestation (its entry is appended first, in the same transaction).
#[tracing::instrument(skip(conn, note))]
pub async fn insert_attestation(
    conn: &mut PgConnection,
    attested: u64,
    entry: u64,
    assurance: &str,
    note: &str,
    by: Option<Uuid>,
    at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO attestation (attested_position, entry_position, assurance, note, attested_by, attested_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(i64::try_from(attested).unwrap_or(i64::MAX))
    .bind(i64::try_from(entry).unwrap_or(i64::MAX))
    .bind(assurance)
    .bind(note)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// An attestation as pages show it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attestation {
    pub attested_position: i64,
    pub entry_position: i64,
    pub assurance: String,
    pub note: String,
    pub attested_by: Option<String>,
    pub attested_at: DateTime<Utc>,
}

/// Every attestation, oldest first.
#[tracing::instrument(skip_all)]
pub async fn attestations(pool: &PgPool) -> Result<Vec<Attestation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.attested_position, a.entry_position, a.assurance, a.note,
                u.display_name AS attested_by, a.attested_at
           FROM attestation a LEFT JOIN app_user u ON u.id = a.attested_by
          ORDER BY a.entry_position",
    )
    .fetch_all(pool)
    .await
}

/// One organisation's approved report of an indicator for a period (the demo restates it).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApprovedReport {
    pub id: Uuid,
    pub version: i32,
    pub organisation_id: Uuid,
    pub value: f64,
}

/// The first approved report (by organisation code) with a value of an indicator and period.
#[tracing::instrument(skip(pool))]
pub async fn an_approved_report(
    pool: &PgPool,
    program_id: Uuid,
    indicator_code: &str,
    period_start: NaiveDate,
) -> Result<Option<ApprovedReport>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.version, o.organisation_id, o.value
           FROM observation o
           JOIN indicator i ON i.id = o.indicator_id
           JOIN organisation g ON g.id = o.organisation_id
          WHERE i.program_id = $1 AND i.code = $2 AND o.period_start = $3
            AND o.status = 'approved' AND o.value IS NOT NULL
          ORDER BY g.code LIMIT 1",
    )
    .bind(program_id)
    .bind(indicator_code)
    .bind(period_start)
    .fetch_optional(pool)
    .await
}

/// The body of the log's latest key rotation, if the key was ever rotated.
#[tracing::instrument(skip_all)]
pub async fn latest_key_rotation(pool: &PgPool) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT body FROM transparency_entry WHERE kind = 'key_rotation'
          ORDER BY position DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await
}

/// A program's restatements, as (log index, exact bytes), in log order.
#[tracing::instrument(skip(pool))]
pub async fn restatements(
    pool: &PgPool,
    program_id: Uuid,
) -> Result<Vec<(i64, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.entry_position, e.body
           FROM publication p JOIN transparency_entry e ON e.position = p.entry_position
          WHERE p.program_id = $1 AND p.kind = 'restatement'
          ORDER BY p.entry_position",
    )
    .bind(program_id)
    .fetch_all(pool)
    .await
}
