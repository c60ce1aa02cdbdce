//! Notifications' SQL: pending items (what a person should be told of), the outbox of rendered
//! messages, the once-a-day job record, password-reset links, and notification preferences.
//!
//! Every moment compared or recorded here is a parameter from the program's clock. Items are
//! recorded set-based (one statement for every recipient); their once-only keys make the
//! daily job safe to run twice. See docs/notifications.md.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::parse_column;
use crate::domain::kinds::{Cadence, NotificationKind, OutboxStatus};
use crate::domain::notifications::DueNotice;

/// The advisory lock that lets one instance at a time record and dispatch notifications.
const DISPATCH_LOCK: i64 = 0x7069_6c61_725f_6e31; // "pilar_n1"

/// Takes the dispatcher's lock for the transaction; `false` when another instance holds it.
#[tracing::instrument(skip(conn))]
pub async fn try_dispatch_lock(conn: &mut PgConnection) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
        .bind(DISPATCH_LOCK)
        .fetch_one(conn)
        .await
}

/// Records that `job` runs for `day`; `false` when it already ran (here or on another
/// instance).
#[tracing::instrument(skip(conn))]
pub async fn claim_run(
    conn: &mut PgConnection,
    job: &str,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let claimed = sqlx::query(
        "INSERT INTO scheduled_run (job, run_on, started_at) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(job)
    .bind(day)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(claimed == 1)
}

/// Tells every active tenant user of the observation's organisation that it was returned,
/// with the note. In the transaction of the return.
#[tracing::instrument(skip(conn, note))]
pub async fn record_returned(
    conn: &mut PgConnection,
    observation_id: Uuid,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at)
         SELECT u.id, 'report_returned',
                jsonb_build_object('indicator', i.code, 'name_en', i.name_en,
                                   'name_id', i.name_id, 'frequency', i.frequency,
                                   'period_start', o.period_start, 'note', $2::text),
                $3
           FROM observation o
           JOIN indicator i ON i.id = o.indicator_id
           JOIN app_user u ON u.organisation_id = o.organisation_id
          WHERE o.id = $1 AND u.active AND u.role = 'tenant'",
    )
    .bind(observation_id)
    .bind(note)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Which flagged transfers to tell of.
#[derive(Debug, Clone, Copy)]
pub enum FlaggedTransfers<'a> {
    /// Transfers just answered with a flag (a difference beyond the tolerance, a dispute):
    /// `flag` is `difference` or `disputed`. In the transaction of the answer.
    Answered { ids: &'a [Uuid], flag: &'a str },
    /// Transfers still pending that were recorded between these days (inclusive, the
    /// application's days): unanswered after 30 days, found by the daily job
    /// (`domain::notifications::unanswered_transfers_recorded`).
    UnansweredRecorded { first: NaiveDate, last: NaiveDate },
}

/// Tells of flagged transfers: one item for every active tenant user of the sender and of the
/// receiver, and every active manager of a program of the sender's park (`program_member`),
/// in one statement. Once per flag, transfer and person (`flag:<flag>:<transfer>:<person>`):
/// a second run records nothing.
#[tracing::instrument(skip(conn))]
pub async fn record_flagged_transfers(
    conn: &mut PgConnection,
    which: FlaggedTransfers<'_>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let (ids, flag, first, last): (Option<&[Uuid]>, &str, Option<NaiveDate>, Option<NaiveDate>) =
        match which {
            FlaggedTransfers::Answered { ids, flag } => (Some(ids), flag, None, None),
            FlaggedTransfers::UnansweredRecorded { first, last } => {
                (None, "unanswered", Some(first), Some(last))
            }
        };
    Ok(sqlx::query(
        "WITH flagged AS (
             SELECT t.* FROM material_transfer t
              WHERE CASE WHEN $1::uuid[] IS NOT NULL THEN t.id = ANY($1)
                         ELSE t.state = 'pending'
                              AND (t.recorded_at AT TIME ZONE 'UTC')::date BETWEEN $3 AND $4
                    END),
              told AS (
             SELECT f.id AS transfer_id, u.id AS user_id
               FROM flagged f
               JOIN app_user u ON u.organisation_id IN (f.sender_id, f.receiver_id)
              WHERE u.active AND u.role = 'tenant'
             UNION
             SELECT f.id, u.id
               FROM flagged f
               JOIN organisation s ON s.id = f.sender_id
               JOIN program p ON p.park_id = s.park_id
               JOIN program_member pm ON pm.program_id = p.id
               JOIN app_user u ON u.id = pm.user_id
              WHERE u.active AND u.role = 'manager')
         INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key)
         SELECT told.user_id, 'transfer_flagged',
                jsonb_build_object('flag', $2::text, 'transfer', f.id, 'material', m.code,
                                   'material_en', m.name_en, 'material_id', m.name_id,
                                   'unit', m.unit, 'month', f.month, 'sender', s.name,
                                   'receiver', r.name, 'quantity', f.quantity,
                                   'received', f.received_quantity, 'note', f.dispute_note,
                                   'recorded_on', (f.recorded_at AT TIME ZONE 'UTC')::date),
                $5, 'flag:' || $2 || ':' || f.id || ':' || told.user_id
           FROM told
           JOIN flagged f ON f.id = told.transfer_id
           JOIN material m ON m.id = f.material_id
           JOIN organisation s ON s.id = f.sender_id
           JOIN organisation r ON r.id = f.receiver_id
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(ids)
    .bind(flag)
    .bind(first)
    .bind(last)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Records an account notice (reset link, password changed) for one person. `now`: the
/// clock's moment, where the caller has one (no rule compares it; else the database's).
#[tracing::instrument(skip(conn, payload))]
pub async fn record_account_notice(
    conn: &mut PgConnection,
    user_id: Uuid,
    kind: NotificationKind,
    payload: serde_json::Value,
    now: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at)
         VALUES ($1, $2, $3, coalesce($4, now()))",
    )
    .bind(user_id)
    .bind(kind.as_str())
    .bind(payload)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The daily job's reports: for each period told of, every live assignment whose report is
/// not submitted (missing, draft or returned), one item per active tenant user of the
/// organisation, once per report and notice ("due" and "late" are two).
#[tracing::instrument(skip(conn, notices), fields(notices = notices.len()))]
pub async fn record_due_reports(
    conn: &mut PgConnection,
    notices: &[DueNotice],
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let frequencies: Vec<&str> = notices.iter().map(|n| n.frequency.as_str()).collect();
    let starts: Vec<NaiveDate> = notices.iter().map(|n| n.period.start()).collect();
    let ends: Vec<NaiveDate> = notices.iter().map(|n| n.period.end()).collect();
    let dues: Vec<NaiveDate> = notices.iter().map(|n| n.due).collect();
    let late: Vec<bool> = notices.iter().map(|n| n.late).collect();
    Ok(sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key)
         SELECT u.id, 'reports_due',
                jsonb_build_object('indicator', i.code, 'name_en', i.name_en,
                                   'name_id', i.name_id, 'frequency', i.frequency,
                                   'period_start', r.period_start, 'due', r.due,
                                   'late', r.late, 'status', o.status),
                $6,
                CASE WHEN r.late THEN 'late:' ELSE 'due:' END
                    || u.id || ':' || i.id || ':' || r.period_start
           FROM UNNEST($1::text[], $2::date[], $3::date[], $4::date[], $5::bool[])
                AS r(frequency, period_start, period_end, due, late)
           JOIN indicator i ON i.frequency = r.frequency AND i.archived_at IS NULL
                           AND i.computed_from IS NULL
           JOIN assignment a ON a.indicator_id = i.id AND a.archived_at IS NULL
                            AND a.starts_on <= r.period_end
           JOIN organisation org ON org.id = a.organisation_id AND org.archived_at IS NULL
           JOIN app_user u ON u.organisation_id = a.organisation_id
                          AND u.active AND u.role = 'tenant'
           LEFT JOIN observation o ON o.indicator_id = a.indicator_id
                                  AND o.organisation_id = a.organisation_id
                                  AND o.period_start = r.period_start
          WHERE o.id IS NULL OR o.status IN ('draft', 'returned')
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(frequencies)
    .bind(starts)
    .bind(ends)
    .bind(dues)
    .bind(late)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The daily item for each active manager and admin when reports wait for review: how many,
/// from how many organisations, the oldest submission. Once per person and day.
#[tracing::instrument(skip(conn))]
pub async fn record_reviews_waiting(
    conn: &mut PgConnection,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "WITH waiting AS (
             SELECT count(*) AS reports, count(DISTINCT organisation_id) AS organisations,
                    (min(submitted_at) AT TIME ZONE 'UTC')::date AS oldest
               FROM observation WHERE status = 'submitted')
         INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key)
         SELECT u.id, 'reviews_waiting',
                jsonb_build_object('reports', w.reports, 'organisations', w.organisations,
                                   'oldest', w.oldest),
                $2, 'reviews:' || u.id || ':' || $1::date
           FROM waiting w, app_user u
          WHERE w.reports > 0 AND u.active AND u.role IN ('manager', 'admin')
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(day)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Milestones whose due date passed (due in `[from, day)`) and that are not done or
/// cancelled: one item per milestone for each active manager and admin, once.
#[tracing::instrument(skip(conn))]
pub async fn record_overdue_milestones(
    conn: &mut PgConnection,
    from: NaiveDate,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key)
         SELECT u.id, 'milestone_overdue',
                jsonb_build_object('code', m.code, 'title_en', m.title_en,
                                   'title_id', m.title_id, 'due', m.due_on),
                $3, 'milestone:' || u.id || ':' || m.id
           FROM milestone m, app_user u
          WHERE m.due_on >= $1 AND m.due_on < $2 AND m.status NOT IN ('done', 'cancelled')
            AND u.active AND u.role IN ('manager', 'admin')
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(from)
    .bind(day)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The weekly summary for each active manager and admin: reports that came in since `since`,
/// reports approved and returned since then, reports waiting, milestones due in the next 30
/// days. Once per person and week.
#[tracing::instrument(skip(conn))]
pub async fn record_weekly_summaries(
    conn: &mut PgConnection,
    day: NaiveDate,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "WITH week AS (
             SELECT count(*) FILTER (WHERE submitted_at >= $2) AS received,
                    count(*) FILTER (WHERE status = 'approved' AND reviewed_at >= $2) AS approved,
                    count(*) FILTER (WHERE status = 'returned' AND reviewed_at >= $2) AS returned,
                    count(*) FILTER (WHERE status = 'submitted') AS waiting
               FROM observation),
              due AS (
             SELECT count(*) AS milestones_due FROM milestone
              WHERE due_on >= $1 AND due_on < $1 + 30 AND status NOT IN ('done', 'cancelled'))
         INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key)
         SELECT u.id, 'weekly_summary',
                jsonb_build_object('received', w.received, 'approved', w.approved,
                                   'returned', w.returned, 'waiting', w.waiting,
                                   'milestones_due', d.milestones_due),
                $3, 'weekly:' || u.id || ':' || $1::date
           FROM week w, due d, app_user u
          WHERE u.active AND u.role IN ('manager', 'admin')
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(day)
    .bind(since)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// A pending item with what its message needs of the person.
#[derive(Debug, Clone)]
pub struct PendingItem {
    pub id: i64,
    pub user_id: Uuid,
    pub email: String,
    pub display_name: String,
    pub language: String,
    /// Whether the account is active: an inactive one is told nothing.
    pub active: bool,
    pub kind: NotificationKind,
    /// The person's choice for the kind, if any.
    pub chosen: Option<Cadence>,
    pub payload: serde_json::Value,
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: i64,
    user_id: Uuid,
    email: String,
    display_name: String,
    preferred_language: String,
    active: bool,
    kind: String,
    cadence: Option<String>,
    payload: serde_json::Value,
}

/// Every pending item, locked for the dispatcher's transaction (items another transaction
/// holds are skipped), by person and then in the order they happened.
#[tracing::instrument(skip(conn))]
pub async fn lock_pending_items(conn: &mut PgConnection) -> Result<Vec<PendingItem>, sqlx::Error> {
    let rows: Vec<PendingRow> = sqlx::query_as(
        "SELECT n.id, n.user_id, u.email, u.display_name, u.preferred_language, u.active,
                n.kind, p.cadence, n.payload
           FROM notification_item n
           JOIN app_user u ON u.id = n.user_id
           LEFT JOIN notification_preference p ON p.user_id = n.user_id AND p.kind = n.kind
          WHERE n.handled_at IS NULL
          ORDER BY n.user_id, n.id
            FOR UPDATE OF n SKIP LOCKED",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(PendingItem {
                id: r.id,
                user_id: r.user_id,
                email: r.email,
                display_name: r.display_name,
                language: r.preferred_language,
                active: r.active,
                kind: parse_column("kind", &r.kind)?,
                chosen: r
                    .cadence
                    .as_deref()
                    .map(|c| parse_column("cadence", c))
                    .transpose()?,
                payload: r.payload,
            })
        })
        .collect()
}

/// Marks items handled: put into `message_id`, or dropped (`None`). A reset link's secret
/// leaves the item once it is in the message.
#[tracing::instrument(skip(conn, ids), fields(items = ids.len()))]
pub async fn mark_items_handled(
    conn: &mut PgConnection,
    ids: &[i64],
    message_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE notification_item SET handled_at = $3, message_id = $2, payload = payload - 'token'
          WHERE id = ANY($1)",
    )
    .bind(ids)
    .bind(message_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub user_id: Option<Uuid>,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// Queues a message for sending now; returns its id.
#[tracing::instrument(skip(conn, message))]
pub async fn enqueue(
    conn: &mut PgConnection,
    message: &NewMessage,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox_message (user_id, to_address, subject, body_text, body_html,
                                     created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(message.user_id)
    .bind(&message.to_address)
    .bind(&message.subject)
    .bind(&message.body_text)
    .bind(&message.body_html)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// A queued message, claimed for sending.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OutboxMessage {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// Attempts including this one.
    pub attempts: i32,
}

/// Claims up to `limit` messages due by `now`: each is leased until `lease_until` (moved
/// forward in the same statement), so another sender skips it — while this statement runs
/// (`SKIP LOCKED`) and after it commits (the lease). The claim commits before sending.
#[tracing::instrument(skip(pool))]
pub async fn claim_messages(
    pool: &PgPool,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE outbox_message m SET attempts = m.attempts + 1, next_attempt_at = $2
           FROM (SELECT id FROM outbox_message
                  WHERE status = 'queued' AND next_attempt_at <= $1
                  ORDER BY next_attempt_at, id
                  LIMIT $3
                    FOR UPDATE SKIP LOCKED) due
          WHERE m.id = due.id
         RETURNING m.id, m.to_address, m.subject, m.body_text, m.body_html, m.attempts",
    )
    .bind(now)
    .bind(lease_until)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Marks a claimed message sent (`sent`) or written to the log (`logged`).
#[tracing::instrument(skip(pool))]
pub async fn mark_delivered(
    pool: &PgPool,
    id: i64,
    status: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox_message SET status = $2, sent_at = $3, last_error = NULL WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(())
}

/// Records a failed attempt: retried at `retry_at`, or marked failed when `None`.
#[tracing::instrument(skip(pool, error))]
pub async fn mark_attempt_failed(
    pool: &PgPool,
    id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox_message
            SET last_error = $2,
                status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE status END,
                next_attempt_at = coalesce($3, next_attempt_at)
          WHERE id = $1",
    )
    .bind(id)
    .bind(error)
    .bind(retry_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// Stores a link to one's notification settings (its secret's hash).
#[tracing::instrument(skip(conn, token_hash))]
pub async fn create_settings_link(
    conn: &mut PgConnection,
    token_hash: &[u8; 32],
    user_id: Uuid,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_settings_link (token_hash, user_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(&token_hash[..])
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The active person a settings link belongs to, while it works.
#[tracing::instrument(skip(pool, token_hash))]
pub async fn settings_link_user(
    pool: &PgPool,
    token_hash: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT l.user_id FROM notification_settings_link l JOIN app_user u ON u.id = l.user_id
          WHERE l.token_hash = $1 AND l.expires_at > $2 AND u.active",
    )
    .bind(&token_hash[..])
    .bind(now)
    .fetch_optional(pool)
    .await
}

/// A person's chosen cadences (kinds without a row take their default).
#[tracing::instrument(skip(pool))]
pub async fn preferences(
    pool: &PgPool,
    user_id: Uuid,
) -> Result<Vec<(NotificationKind, Cadence)>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, cadence FROM notification_preference WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(pool)
            .await?;
    rows.into_iter()
        .map(|(k, c)| Ok((parse_column("kind", &k)?, parse_column("cadence", &c)?)))
        .collect()
}

/// Sets a person's cadences for the given kinds (one statement).
#[tracing::instrument(skip(conn, choices))]
pub async fn set_preferences(
    conn: &mut PgConnection,
    user_id: Uuid,
    choices: &[(NotificationKind, Cadence)],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_preference (user_id, kind, cadence)
         SELECT $1, k, c FROM UNNEST($2::text[], $3::text[]) AS x(k, c)
         ON CONFLICT (user_id, kind) DO UPDATE SET cadence = EXCLUDED.cadence",
    )
    .bind(user_id)
    .bind(choices.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>())
    .bind(choices.iter().map(|(_, c)| c.as_str()).collect::<Vec<_>>())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a "forgot password" request (known address or not), for throttling.
#[tracing::instrument(skip(conn, email))]
pub async fn record_reset_request(
    conn: &mut PgConnection,
    email: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO password_reset_request (email, client, requested_at) VALUES ($1, $2, $3)",
    )
    .bind(email)
    .bind(client)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Reset requests since `since`: for this address (any case), and from this client.
#[tracing::instrument(skip(pool, email))]
pub async fn recent_reset_requests(
    pool: &PgPool,
    email: &str,
    client: &str,
    since: DateTime<Utc>,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT count(*) FILTER (WHERE lower(email) = lower($1)),
                count(*) FILTER (WHERE client = $2)
           FROM password_reset_request
          WHERE requested_at >= $3 AND (lower(email) = lower($1) OR client = $2)",
    )
    .bind(email)
    .bind(client)
    .bind(since)
    .fetch_one(pool)
    .await
}

/// The active account with this address (any case), if any.
#[tracing::instrument(skip(conn, email))]
pub async fn active_user_by_email(
    conn: &mut PgConnection,
    email: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM app_user WHERE lower(email) = lower($1) AND active")
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// Stores a reset link (its secret's hash) for a person.
#[tracing::instrument(skip(conn, token_hash))]
pub async fn create_reset(
    conn: &mut PgConnection,
    token_hash: &[u8; 32],
    user_id: Uuid,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO password_reset (token_hash, user_id, created_at, expires_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(&token_hash[..])
    .bind(user_id)
    .bind(now)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether a reset link works now (unused, unexpired, its account active).
#[tracing::instrument(skip(pool, token_hash))]
pub async fn reset_is_usable(
    pool: &PgPool,
    token_hash: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM password_reset r JOIN app_user u ON u.id = r.user_id
                         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2
                           AND u.active)",
    )
    .bind(&token_hash[..])
    .bind(now)
    .fetch_one(pool)
    .await
}

/// Uses a reset link: marks it used and returns its person, or `None` when it is unknown,
/// used, expired or its account inactive. The row lock makes two concurrent uses one.
/// Every other open link of the person is used up too.
#[tracing::instrument(skip(conn, token_hash))]
pub async fn consume_reset(
    conn: &mut PgConnection,
    token_hash: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sqlx::Error> {
    let user: Option<Uuid> = sqlx::query_scalar(
        "UPDATE password_reset r SET used_at = $2
           FROM app_user u
          WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2
            AND u.id = r.user_id AND u.active
         RETURNING r.user_id",
    )
    .bind(&token_hash[..])
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(user_id) = user {
        sqlx::query(
            "UPDATE password_reset SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    }
    Ok(user)
}

/// One row of the outbox, for the admin's list.
#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub to_address: String,
    pub subject: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due (for a queued message).
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct OutboxRowRaw {
    id: i64,
    to_address: String,
    subject: String,
    status: String,
    attempts: i32,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    next_attempt_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

impl TryFrom<OutboxRowRaw> for OutboxRow {
    type Error = sqlx::Error;

    fn try_from(r: OutboxRowRaw) -> Result<Self, Self::Error> {
        Ok(OutboxRow {
            status: parse_column("status", &r.status)?,
            id: r.id,
            to_address: r.to_address,
            subject: r.subject,
            attempts: r.attempts,
            last_error: r.last_error,
            created_at: r.created_at,
            next_attempt_at: r.next_attempt_at,
            sent_at: r.sent_at,
        })
    }
}

/// The latest messages of the outbox, newest first; only those with `status` when given.
#[tracing::instrument(skip(pool))]
pub async fn recent_messages(
    pool: &PgPool,
    status: Option<OutboxStatus>,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    let rows: Vec<OutboxRowRaw> = sqlx::query_as(
        "SELECT id, to_address, subject, status, attempts, last_error, created_at,
                next_attempt_at, sent_at
           FROM outbox_message
          WHERE $1::text IS NULL OR status = $1
          ORDER BY id DESC LIMIT $2",
    )
    .bind(status.map(OutboxStatus::as_str))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(OutboxRow::try_from).collect()
}

/// One message of the outbox, locked for the transaction (for a resend).
#[tracing::instrument(skip(conn))]
pub async fn lock_message(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<OutboxRow>, sqlx::Error> {
    let row: Option<OutboxRowRaw> = sqlx::query_as(
        "SELECT id, to_address, subject, status, attempts, last_error, created_at,
                next_attempt_at, sent_at
           FROM outbox_message WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(OutboxRow::try_from).transpose()
}

/// Puts a message back in the queue, due at `now`, with a fresh count of attempts (its last
/// error stays until it is sent).
#[tracing::instrument(skip(conn))]
pub async fn requeue_message(
    conn: &mut PgConnection,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox_message SET status = 'queued', attempts = 0, next_attempt_at = $2
          WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// One notification on a person's notifications page.
#[derive(Debug, Clone)]
pub struct InboxItem {
    pub id: i64,
    pub kind: NotificationKind,
    /// What the item says (never a reset link's secret).
    pub payload: serde_json::Value,
    pub occurred_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct InboxRow {
    id: i64,
    kind: String,
    payload: serde_json::Value,
    occurred_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
}

/// A person's latest notifications, newest first: theirs only, whether e-mailed or not.
#[tracing::instrument(skip(pool))]
pub async fn inbox(
    pool: &PgPool,
    user_id: Uuid,
    limit: i64,
) -> Result<Vec<InboxItem>, sqlx::Error> {
    let rows: Vec<InboxRow> = sqlx::query_as(
        "SELECT id, kind, payload - 'token' AS payload, occurred_at, read_at
           FROM notification_item
          WHERE user_id = $1
          ORDER BY occurred_at DESC, id DESC
          LIMIT $2",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(InboxItem {
                kind: parse_column("kind", &r.kind)?,
                id: r.id,
                payload: r.payload,
                occurred_at: r.occurred_at,
                read_at: r.read_at,
            })
        })
        .collect()
}

/// Marks a person's notifications read: those of `ids`, or all of them when `None`. Another
/// person's ids change nothing. Returns how many were unread.
#[tracing::instrument(skip(conn, ids))]
pub async fn mark_read(
    conn: &mut PgConnection,
    user_id: Uuid,
    ids: Option<&[i64]>,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE notification_item SET read_at = $3
          WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint[] IS NULL OR id = ANY($2))",
    )
    .bind(user_id)
    .bind(ids)
    .bind(now)
    .execute(conn)
    .await?
    .rows_affected())
}

/// The moments the demo notifications happened at (fixed, like the rest of the demo data).
pub struct DemoMoments {
    /// October's monthly reports fall due (five days before their due date).
    pub due_notice: DateTime<Utc>,
    pub due: NaiveDate,
    pub period_start: NaiveDate,
    /// The week's summary (a Monday morning in the park).
    pub weekly: DateTime<Utc>,
    /// The daily digest of reviews waiting, and the milestones found overdue.
    pub daily: DateTime<Utc>,
    /// A report returned.
    pub returned: DateTime<Utc>,
    /// A password changed.
    pub password_changed: DateTime<Utc>,
}

impl DemoMoments {
    /// The demo's moments: around the due date of October 2026's monthly reports, the demo
    /// data's last period.
    pub fn of_demo() -> DemoMoments {
        use crate::domain::compliance::due_date;
        use crate::domain::kinds::Frequency;
        use crate::domain::period::Period;
        let at = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_default()
        };
        let period_start = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default();
        DemoMoments {
            due_notice: at("2026-11-25T00:30:00Z"),
            due: due_date(&Period::containing(Frequency::Monthly, period_start)),
            period_start,
            weekly: at("2026-11-30T00:30:00Z"),
            daily: at("2026-12-01T00:30:00Z"),
            returned: at("2026-12-01T03:15:00Z"),
            password_changed: at("2026-11-10T06:00:00Z"),
        }
    }
}

/// A few notifications for the demo users named by `emails`, drawn from the demo data (their
/// organisation's returned report and reports falling due; for managers and admins the
/// reviews waiting, milestones overdue and the week's summary), so that the notifications page
/// and the header's count show something. Marked handled: they are never e-mailed. Once
/// only (their `demo:` keys): a second call adds nothing.
#[tracing::instrument(skip(conn, emails, at))]
pub async fn record_demo_notifications(
    conn: &mut PgConnection,
    emails: &[&str],
    at: &DemoMoments,
) -> Result<u64, sqlx::Error> {
    let report = "jsonb_build_object('indicator', i.code, 'name_en', i.name_en,
                                     'name_id', i.name_id, 'frequency', i.frequency,
                                     'period_start', o.period_start";
    let mut recorded = 0;
    // The tenant's latest returned report, with the reviewer's note: unread.
    recorded += sqlx::query(&format!(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key, handled_at)
         SELECT u.id, 'report_returned', {report}, 'note', o.review_note), $2,
                'demo:returned:' || u.id, $2
           FROM app_user u
           JOIN LATERAL (SELECT * FROM observation o
                          WHERE o.organisation_id = u.organisation_id AND o.status = 'returned'
                          ORDER BY o.period_start DESC, o.id LIMIT 1) o ON true
           JOIN indicator i ON i.id = o.indicator_id
          WHERE u.email = ANY($1) AND u.role = 'tenant'
         ON CONFLICT (dedup_key) DO NOTHING"
    ))
    .bind(emails)
    .bind(at.returned)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    // Up to two monthly reports of the period not yet submitted: falling due, unread.
    recorded += sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key, handled_at)
         SELECT u.id, 'reports_due',
                jsonb_build_object('indicator', r.code, 'name_en', r.name_en,
                                   'name_id', r.name_id, 'frequency', r.frequency,
                                   'period_start', $3::date, 'due', $4::date, 'late', false,
                                   'status', r.status),
                $2, 'demo:due:' || u.id || ':' || r.code, $2
           FROM app_user u
           JOIN LATERAL (SELECT i.code, i.name_en, i.name_id, i.frequency, o.status
                           FROM assignment a
                           JOIN indicator i ON i.id = a.indicator_id AND i.archived_at IS NULL
                                            AND i.computed_from IS NULL
                           LEFT JOIN observation o ON o.indicator_id = a.indicator_id
                                                  AND o.organisation_id = a.organisation_id
                                                  AND o.period_start = $3
                          WHERE a.organisation_id = u.organisation_id AND a.archived_at IS NULL
                            AND i.frequency = 'monthly'
                            AND (o.id IS NULL OR o.status IN ('draft', 'returned'))
                          ORDER BY i.code LIMIT 2) r ON true
          WHERE u.email = ANY($1) AND u.role = 'tenant'
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(emails)
    .bind(at.due_notice)
    .bind(at.period_start)
    .bind(at.due)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    // A password change some weeks ago, already read.
    recorded += sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key,
                                        handled_at, read_at)
         SELECT u.id, 'password_changed', '{}'::jsonb, $2, 'demo:password:' || u.id, $2, $2
           FROM app_user u WHERE u.email = ANY($1) AND u.role = 'tenant'
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(emails)
    .bind(at.password_changed)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    // Managers and admins: the reviews waiting (unread), milestones overdue (unread), the
    // week's summary (read), with the demo data's own figures.
    recorded += sqlx::query(
        "WITH waiting AS (
             SELECT count(*) AS reports, count(DISTINCT organisation_id) AS organisations,
                    (min(submitted_at) AT TIME ZONE 'UTC')::date AS oldest
               FROM observation WHERE status = 'submitted'),
              week AS (
             SELECT count(*) FILTER (WHERE status IN ('submitted', 'approved', 'returned')
                                       AND period_start = $5) AS received,
                    count(*) FILTER (WHERE status = 'approved' AND period_start = $5) AS approved,
                    count(*) FILTER (WHERE status = 'returned' AND period_start = $5) AS returned,
                    count(*) FILTER (WHERE status = 'submitted') AS waiting
               FROM observation),
              due AS (
             SELECT count(*) AS milestones_due FROM milestone
              WHERE due_on >= $4::date AND due_on < $4::date + 30
                AND status NOT IN ('done', 'cancelled'))
         INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key,
                                        handled_at, read_at)
         SELECT u.id, 'reviews_waiting',
                jsonb_build_object('reports', w.reports, 'organisations', w.organisations,
                                   'oldest', w.oldest),
                $2, 'demo:reviews:' || u.id, $2, NULL
           FROM waiting w, app_user u
          WHERE w.reports > 0 AND u.email = ANY($1) AND u.role IN ('manager', 'admin')
         UNION ALL
         SELECT u.id, 'weekly_summary',
                jsonb_build_object('received', k.received, 'approved', k.approved,
                                   'returned', k.returned, 'waiting', k.waiting,
                                   'milestones_due', d.milestones_due),
                $3, 'demo:weekly:' || u.id, $3, $2
           FROM week k, due d, app_user u
          WHERE u.email = ANY($1) AND u.role IN ('manager', 'admin')
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(emails)
    .bind(at.daily)
    .bind(at.weekly)
    .bind(at.daily.date_naive())
    .bind(at.period_start)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    recorded += sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at, dedup_key, handled_at)
         SELECT u.id, 'milestone_overdue',
                jsonb_build_object('code', m.code, 'title_en', m.title_en,
                                   'title_id', m.title_id, 'due', m.due_on),
                $2, 'demo:milestone:' || u.id || ':' || m.code, $2
           FROM app_user u
           JOIN LATERAL (SELECT * FROM milestone m
                          WHERE m.due_on < $3 AND m.status NOT IN ('done', 'cancelled')
                          ORDER BY m.due_on DESC, m.code LIMIT 2) m ON true
          WHERE u.email = ANY($1) AND u.role IN ('manager', 'admin')
         ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(emails)
    .bind(at.daily)
    .bind(at.daily.date_naive())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(recorded)
}
