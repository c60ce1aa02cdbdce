//! The reports workflow's writes, set-based: new observations and their `create` revisions in
//! one statement, changes of drafts and returned ones with their revisions in one statement,
//! and one observation's move to its next state. What may be written is decided by
//! `crate::workflow::reports`; the moment of every write comes from the application's clock.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;
use uuid::Uuid;

/// Who writes, as the revision and submission columns record it.
#[derive(Debug, Clone, Copy)]
pub struct Writer<'a> {
    pub label: &'a str,
    pub user_id: Option<Uuid>,
    pub token_id: Option<Uuid>,
    /// The moment of the write by the application's clock: submission and review times are
    /// compared with due dates, so they never come from the database's `now()`.
    pub at: DateTime<Utc>,
}

/// Checked figures to store, column by column (one entry per observation). For new rows
/// `ids` and `versions` are ignored; for updates `indicator_ids`, `period_*` are ignored.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub ids: Vec<Uuid>,
    pub versions: Vec<i32>,
    pub indicator_ids: Vec<Uuid>,
    pub period_starts: Vec<NaiveDate>,
    pub period_ends: Vec<NaiveDate>,
    pub values: Vec<Option<f64>>,
    pub numerators: Vec<Option<f64>>,
    pub denominators: Vec<Option<f64>>,
    pub stages: Vec<Option<i16>>,
    pub texts: Vec<Option<String>>,
    pub data_qualities: Vec<&'static str>,
    pub assurances: Vec<String>,
    pub comments: Vec<String>,
    pub evidence_urls: Vec<Option<String>>,
    pub statuses: Vec<&'static str>,
    pub reasons: Vec<Option<String>>,
}

impl Figures {
    pub fn len(&self) -> usize {
        self.statuses.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty()
    }
}

/// A stored observation's key facts after a write.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Written {
    pub id: Uuid,
    pub indicator_id: Uuid,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub status: String,
    pub version: i32,
}

/// Inserts new observations of one organisation with their `create` revisions, in one
/// statement. A row whose (indicator, period) already exists — created meanwhile by a
/// concurrent request — is skipped; the caller compares the count and rolls back.
#[tracing::instrument(skip_all, fields(count = figures.len()))]
pub async fn insert(
    conn: &mut PgConnection,
    organisation_id: Uuid,
    figures: &Figures,
    writer: Writer<'_>,
) -> Result<Vec<Written>, sqlx::Error> {
    sqlx::query_as(
        "WITH input AS (
             SELECT * FROM UNNEST($2::uuid[], $3::date[], $4::date[], $5::float8[], $6::float8[],
                                  $7::float8[], $8::int2[], $9::text[], $10::text[], $11::text[],
                                  $12::text[], $13::text[], $14::text[], $15::text[])
                 AS u(indicator_id, period_start, period_end, value, numerator, denominator, stage,
                      text_value, data_quality, assurance, comment, evidence_url, status, reason)
         ),
         ins AS (
             INSERT INTO observation (indicator_id, organisation_id, period_start, period_end, value,
                                      numerator, denominator, stage, text_value, data_quality,
                                      assurance, comment, evidence_url, status, first_submitted_at,
                                      submitted_at, submitted_by_user_id, submitted_by_token_id,
                                      submitted_by, created_at, updated_at)
             SELECT u.indicator_id, $1, u.period_start, u.period_end, u.value, u.numerator,
                    u.denominator, u.stage, u.text_value, u.data_quality, u.assurance, u.comment,
                    u.evidence_url, u.status,
                    CASE WHEN u.status = 'submitted' THEN $19::timestamptz END,
                    CASE WHEN u.status = 'submitted' THEN $19::timestamptz END,
                    CASE WHEN u.status = 'submitted' THEN $16::uuid END,
                    CASE WHEN u.status = 'submitted' THEN $17::uuid END,
                    CASE WHEN u.status = 'submitted' THEN $18 END,
                    $19::timestamptz, $19::timestamptz
               FROM input u
             ON CONFLICT ON CONSTRAINT observation_period_key DO NOTHING
             RETURNING *
         ),
         revision AS (
             INSERT INTO observation_revision (observation_id, version, action, changed_by, reason,
                                               before, after)
             SELECT ins.id, ins.version, 'create', $18, u.reason, NULL, to_jsonb(ins)
               FROM ins JOIN input u
                 ON u.indicator_id = ins.indicator_id AND u.period_start = ins.period_start
         )
         SELECT id, indicator_id, period_start, period_end, status, version FROM ins",
    )
    .bind(organisation_id)
    .bind(&figures.indicator_ids)
    .bind(&figures.period_starts)
    .bind(&figures.period_ends)
    .bind(&figures.values)
    .bind(&figures.numerators)
    .bind(&figures.denominators)
    .bind(&figures.stages)
    .bind(&figures.texts)
    .bind(&figures.data_qualities)
    .bind(&figures.assurances)
    .bind(&figures.comments)
    .bind(&figures.evidence_urls)
    .bind(&figures.statuses)
    .bind(&figures.reasons)
    .bind(writer.user_id)
    .bind(writer.token_id)
    .bind(writer.label)
    .bind(writer.at)
    .fetch_all(conn)
    .await
}

/// Replaces the figures of existing draft or returned observations (locked by the caller) and
/// writes their `update` or `submit` revisions, in one statement. A row whose version is no
/// longer the one given, or which is no longer a draft or returned, is skipped; the caller
/// compares the count and rolls back.
#[tracing::instrument(skip_all, fields(count = figures.len()))]
pub async fn update(
    conn: &mut PgConnection,
    figures: &Figures,
    writer: Writer<'_>,
) -> Result<Vec<Written>, sqlx::Error> {
    sqlx::query_as(
        "WITH input AS (
             SELECT * FROM UNNEST($1::uuid[], $2::int4[], $3::float8[], $4::float8[], $5::float8[],
                                  $6::int2[], $7::text[], $8::text[], $9::text[], $10::text[],
                                  $11::text[], $12::text[], $13::text[])
                 AS u(id, version, value, numerator, denominator, stage, text_value, data_quality,
                      assurance, comment, evidence_url, status, reason)
         ),
         old AS (
             SELECT o.* FROM observation o JOIN input u ON u.id = o.id
         ),
         upd AS (
             UPDATE observation o
                SET value = u.value, numerator = u.numerator, denominator = u.denominator,
                    stage = u.stage, text_value = u.text_value, data_quality = u.data_quality,
                    assurance = u.assurance, comment = u.comment, evidence_url = u.evidence_url,
                    status = u.status, version = o.version + 1, updated_at = $17::timestamptz,
                    submitted_at = CASE WHEN u.status = 'submitted' THEN $17::timestamptz
                                        ELSE o.submitted_at END,
                    first_submitted_at = CASE WHEN u.status = 'submitted'
                                              THEN coalesce(o.first_submitted_at, $17::timestamptz)
                                              ELSE o.first_submitted_at END,
                    submitted_by_user_id = CASE WHEN u.status = 'submitted' THEN $14::uuid
                                                ELSE o.submitted_by_user_id END,
                    submitted_by_token_id = CASE WHEN u.status = 'submitted' THEN $15::uuid
                                                 ELSE o.submitted_by_token_id END,
                    submitted_by = CASE WHEN u.status = 'submitted' THEN $16 ELSE o.submitted_by END
               FROM input u
              WHERE o.id = u.id AND o.version = u.version AND o.status IN ('draft', 'returned')
             RETURNING o.*
         ),
         revision AS (
             INSERT INTO observation_revision (observation_id, version, action, changed_by, reason,
                                               before, after)
             SELECT upd.id, upd.version,
                    CASE WHEN upd.status = 'submitted' THEN 'submit' ELSE 'update' END,
                    $16, u.reason, to_jsonb(old), to_jsonb(upd)
               FROM upd JOIN old ON old.id = upd.id JOIN input u ON u.id = upd.id
         )
         SELECT id, indicator_id, period_start, period_end, status, version FROM upd",
    )
    .bind(&figures.ids)
    .bind(&figures.versions)
    .bind(&figures.values)
    .bind(&figures.numerators)
    .bind(&figures.denominators)
    .bind(&figures.stages)
    .bind(&figures.texts)
    .bind(&figures.data_qualities)
    .bind(&figures.assurances)
    .bind(&figures.comments)
    .bind(&figures.evidence_urls)
    .bind(&figures.statuses)
    .bind(&figures.reasons)
    .bind(writer.user_id)
    .bind(writer.token_id)
    .bind(writer.label)
    .bind(writer.at)
    .fetch_all(conn)
    .await
}

/// A change of workflow state of one observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// draft or returned → submitted.
    Submit,
    /// submitted → approved.
    Approve,
    /// submitted → returned, with a note.
    Return,
    /// approved → returned, with the reason as the note.
    Reopen,
}

impl Transition {
    fn action(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Approve => "approve",
            Transition::Return => "return",
            Transition::Reopen => "reopen",
        }
    }

    fn to_status(self) -> &'static str {
        match self {
            Transition::Submit => "submitted",
            Transition::Approve => "approved",
            Transition::Return | Transition::Reopen => "returned",
        }
    }
}

/// Moves one observation (locked and checked by the caller) to its next state, bumps its
/// version and writes the revision with `reason`, in one statement. `None` when the row was
/// not at `expected_version` after all.
#[tracing::instrument(skip(conn, writer))]
pub async fn transition(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    transition: Transition,
    note: Option<&str>,
    writer: Writer<'_>,
) -> Result<Option<i32>, sqlx::Error> {
    sqlx::query_scalar(
        "WITH old AS (
             SELECT * FROM observation WHERE id = $1 AND version = $2
         ),
         upd AS (
             UPDATE observation o
                SET status = $3, version = o.version + 1, updated_at = $9::timestamptz,
                    submitted_at = CASE WHEN $4 = 'submit' THEN $9::timestamptz ELSE o.submitted_at END,
                    first_submitted_at = CASE WHEN $4 = 'submit'
                                              THEN coalesce(o.first_submitted_at, $9::timestamptz)
                                              ELSE o.first_submitted_at END,
                    submitted_by_user_id = CASE WHEN $4 = 'submit' THEN $6::uuid
                                                ELSE o.submitted_by_user_id END,
                    submitted_by_token_id = CASE WHEN $4 = 'submit' THEN $7::uuid
                                                 ELSE o.submitted_by_token_id END,
                    submitted_by = CASE WHEN $4 = 'submit' THEN $8 ELSE o.submitted_by END,
                    reviewed_at = CASE WHEN $4 = 'submit' THEN o.reviewed_at ELSE $9::timestamptz END,
                    reviewed_by = CASE WHEN $4 = 'submit' THEN o.reviewed_by ELSE $8 END,
                    review_note = CASE WHEN $4 = 'submit' THEN o.review_note ELSE $5 END,
                    -- Approval notes and reopening reasons are the reviewers' own
                    -- (`auth::policy::may_read_note`); a return note goes to the organisation.
                    review_note_internal = CASE WHEN $4 = 'submit' THEN o.review_note_internal
                                                ELSE $4 IN ('approve', 'reopen') END
               FROM old
              WHERE o.id = old.id
             RETURNING o.*
         ),
         revision AS (
             INSERT INTO observation_revision (observation_id, version, action, changed_by, reason,
                                               before, after)
             SELECT upd.id, upd.version, $4, $8, $5, to_jsonb(old), to_jsonb(upd) FROM upd, old
         )
         SELECT version FROM upd",
    )
    .bind(id)
    .bind(expected_version)
    .bind(transition.to_status())
    .bind(transition.action())
    .bind(note)
    .bind(writer.user_id)
    .bind(writer.token_id)
    .bind(writer.label)
    .bind(writer.at)
    .fetch_optional(conn)
    .await
}
