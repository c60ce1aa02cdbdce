//! The reports workflow, one module for every channel (the REST API, the `/submit` and `/review`
//! pages, and later imports): an organisation saves figures as drafts or submits them, one at a
//! time or in batches of up to [`MAX_BATCH`], corrects and resubmits a returned one; program
//! managers approve, return with a note, or reopen an approved one with a reason.
//!
//! ```text
//!            save / update            submit               approve
//!   (new) ──────────────► draft ───────────────► submitted ────────► approved
//!                          ▲  │                   │    ▲                │
//!                          │  └── save as ────────┘    │ submit         │ reopen (reason)
//!                          │      submitted            │                ▼
//!                          └──────── update ────────── returned ◄───────┘
//!                                                      ▲
//!                               return (note) ─────────┘ (from submitted)
//! ```
//!
//! Every function takes the caller's transaction and writes the observation, its revision
//! (`observation_revision`: who, when, before, after, why) and the audit entry in it; the caller
//! commits (and may store more in the same transaction, e.g. an idempotency key). Nothing is
//! written when a function returns an error: drop the transaction.
//!
//! Concurrency: every change locks the observation and checks the version the caller read
//! (`expected_version`, the API's `If-Match`); of two concurrent changes of one version, exactly
//! one wins and the other gets [`ReportingError::Stale`]. Batches are all or nothing: every
//! invalid item is listed and nothing is stored.
//!
//! Audit: a single change is audited with the observation before and after; a batch is
//! audited as one entry listing each observation it created or changed (id, version, action),
//! the per-observation before and after being in the revisions.
//!
//! Refusals are [`ReportingError`]s with `domain::FieldError`s; the workflow says nothing about
//! how a channel shows them (`web::refusal` does for the pages, `api::problem` for the API) and
//! imports neither.

pub mod input;
pub mod review;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::domain::kinds::ObservationStatus;
use crate::domain::{Actor, AuditOrigin, FieldError};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::observations::{Figures, Observation, Transition, Writer, Written};

pub use input::{Checked, ObservationInput};
pub use review::Reviewer;

/// The most observations one batch may carry.
pub const MAX_BATCH: usize = 1000;

/// An organisation reporting its own figures, through a user or an API token.
#[derive(Debug, Clone)]
pub struct Reporter {
    pub organisation_id: Uuid,
    pub actor: Actor,
}

/// Who writes, and at which moment by the application's clock (it decides lateness).
fn writer(actor: &Actor, at: DateTime<Utc>) -> Writer<'_> {
    let (user_id, token_id) = match actor {
        Actor::User { id, .. } => (Some(*id), None),
        Actor::Token { id, .. } => (None, Some(*id)),
        Actor::System { .. } => (None, None),
    };
    Writer {
        label: actor.label(),
        user_id,
        token_id,
        at,
    }
}

/// A problem with `field` (`None`: the whole) of item `index` of a batch (`None`: a single
/// input).
fn item_error(index: Option<usize>, field: Option<&str>, message: impl Into<String>) -> FieldError {
    FieldError {
        item: index,
        field: field.map(str::to_string),
        message: message.into(),
    }
}

/// Why a reporting step was refused. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum ReportingError {
    /// Input that breaks a rule, item by item and field by field.
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    /// No such observation (or not one the caller may see).
    #[error("observation not found")]
    NotFound,
    /// The request conflicts with the observation's state (approved and locked, awaiting
    /// review, already reported for the period…).
    #[error("conflict: {message}")]
    Conflict {
        message: String,
        items: Vec<FieldError>,
    },
    /// The observation changed since the caller read it.
    #[error("stale: {message}")]
    Stale {
        message: String,
        items: Vec<FieldError>,
    },
    /// The caller may not do this to this observation (reviewing their own report).
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error(transparent)]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for ReportingError {
    /// A deadlock or serialisation failure between concurrent writers is not a bug: the
    /// transaction was rolled back, nothing was stored, and the request can simply be retried.
    fn from(err: sqlx::Error) -> Self {
        let code = err
            .as_database_error()
            .and_then(|e| e.code())
            .map(|c| c.to_string());
        match code.as_deref() {
            Some("40P01") | Some("40001") => ReportingError::Conflict {
                message: "A concurrent request changed the same observations; nothing was stored. Retry the request.".into(),
                items: Vec::new(),
            },
            _ => ReportingError::Database(err),
        }
    }
}

/// One item of a batch, as the caller read it: the input, and the problems the caller found
/// reading it (a field of the wrong type, a required field the channel insists on).
#[derive(Debug, Clone, Default)]
pub struct BatchItem {
    pub input: Option<ObservationInput>,
    pub reading_problems: Vec<FieldError>,
}

/// What a batch did to one of its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedItem {
    pub index: usize,
    pub id: Uuid,
    pub indicator: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub status: ObservationStatus,
    pub version: i32,
    /// True when the observation was created, false when an existing one was changed.
    pub created: bool,
}

const APPROVED_LOCKED: &str = "This observation is approved and locked. To change it, ask a program manager to reopen it (POST /api/v1/observations/{id}/reopen with a reason); it then comes back to you as returned.";
const AWAITS_REVIEW: &str = "This observation is submitted and awaits review; it can be changed again once a program manager returns it.";

fn locked_message(status: ObservationStatus, id: Uuid) -> Option<String> {
    match status {
        ObservationStatus::Approved => Some(APPROVED_LOCKED.replace("{id}", &id.to_string())),
        ObservationStatus::Submitted => Some(AWAITS_REVIEW.to_string()),
        ObservationStatus::Draft | ObservationStatus::Returned => None,
    }
}

fn stale_message(current: i32) -> String {
    format!(
        "The observation changed since you read it (it is now version {current}); read it again and retry."
    )
}

fn check_version(observation: &Observation, expected: Option<i32>) -> Result<(), ReportingError> {
    match expected {
        Some(v) if v != observation.version => Err(ReportingError::Stale {
            message: stale_message(observation.version),
            items: Vec::new(),
        }),
        _ => Ok(()),
    }
}

fn push_figure(figures: &mut Figures, checked: &Checked) {
    let (value, numerator, denominator, stage, text) = checked.value.columns();
    figures.indicator_ids.push(checked.indicator_id);
    figures.period_starts.push(checked.period.start());
    figures.period_ends.push(checked.period.end());
    figures.values.push(value);
    figures.numerators.push(numerator);
    figures.denominators.push(denominator);
    figures.stages.push(stage);
    figures.texts.push(text.map(str::to_string));
    figures.data_qualities.push(checked.data_quality.as_str());
    figures
        .assurances
        .push(checked.assurance.as_str().to_string());
    figures.comments.push(checked.comment.clone());
    figures.evidence_urls.push(checked.evidence_url.clone());
    figures.statuses.push(checked.status.as_str());
    figures.reasons.push(checked.reason.clone());
}

fn as_json(observation: &Observation) -> Option<serde_json::Value> {
    serde_json::to_value(observation).ok()
}

async fn reread(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
) -> Result<Observation, ReportingError> {
    store::observations::by_ids(tx, &[id])
        .await?
        .into_iter()
        .next()
        .ok_or(ReportingError::NotFound)
}

/// Creates one observation for the reporter's organisation, as a draft or submitted. An
/// observation already reported for the indicator and period is a conflict (change that one).
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    input: &ObservationInput,
) -> Result<Observation, ReportingError> {
    let specs = store::observations::reporting_specs(tx, reporter.organisation_id).await?;
    let checked = input::check(&specs, input, now.date_naive()).map_err(invalid)?;
    if checked.version.is_some() {
        return Err(ReportingError::Invalid(vec![item_error(
            None,
            Some("version"),
            "version is for changing an existing observation: leave it out to create one",
        )]));
    }
    let key = (checked.indicator_id, checked.period.start());
    if let Some(existing) = store::observations::lock_existing(tx, reporter.organisation_id, &[key])
        .await?
        .into_iter()
        .next()
    {
        return Err(already_reported(&checked, existing.id, existing.version));
    }
    let mut figures = Figures::default();
    push_figure(&mut figures, &checked);
    let written = store::observations::insert(
        tx,
        reporter.organisation_id,
        &figures,
        writer(&reporter.actor, now),
    )
    .await?;
    let Some(row) = written.into_iter().next() else {
        // Created meanwhile by a concurrent request.
        return Err(ReportingError::Conflict {
            message: format!(
                "{} was reported for this period by another request just now; read it and change that one.",
                checked.indicator
            ),
            items: Vec::new(),
        });
    };
    let observation = reread(tx, row.id).await?;
    store::audit::record(
        tx,
        &reporter.actor,
        context,
        AuditEntry {
            action: "create",
            entity: "observation",
            entity_id: Some(observation.id.to_string()),
            before: None,
            after: as_json(&observation),
            reason: checked.reason.as_deref(),
        },
    )
    .await?;
    Ok(observation)
}

fn already_reported(checked: &Checked, id: Uuid, version: i32) -> ReportingError {
    ReportingError::Conflict {
        message: format!(
            "{} is already reported for {} (observation {id}, version {version}); change that one instead.",
            checked.indicator,
            checked.period.start()
        ),
        items: Vec::new(),
    }
}

/// Replaces the figure of one of the reporter's draft or returned observations (a returned one
/// is corrected this way, and resubmitted with status `submitted`). The indicator and the
/// period cannot change.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    id: Uuid,
    expected_version: i32,
    input: &ObservationInput,
) -> Result<Observation, ReportingError> {
    let current = store::observations::lock(tx, id, Some(reporter.organisation_id))
        .await?
        .ok_or(ReportingError::NotFound)?;
    check_version(&current, Some(expected_version))?;
    if let Some(message) = locked_message(current.status, current.id) {
        return Err(ReportingError::Conflict {
            message,
            items: Vec::new(),
        });
    }
    let specs = store::observations::reporting_specs(tx, reporter.organisation_id).await?;
    let checked = input::check(&specs, input, now.date_naive()).map_err(invalid)?;
    let mut problems = Vec::new();
    if checked.indicator_id != current.indicator_id {
        problems.push(FieldError::new(
            "indicator",
            format!(
                "this observation reports {}; an observation's indicator cannot change",
                current.indicator
            ),
        ));
    }
    if checked.period.start() != current.period_start {
        problems.push(FieldError::new(
            "period_start",
            format!(
                "this observation is for the period starting {}; its period cannot change",
                current.period_start
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let mut figures = Figures::default();
    push_figure(&mut figures, &checked);
    figures.ids.push(current.id);
    figures.versions.push(current.version);
    let written = store::observations::update(tx, &figures, writer(&reporter.actor, now)).await?;
    if written.is_empty() {
        return Err(ReportingError::Stale {
            message: stale_message(current.version + 1),
            items: Vec::new(),
        });
    }
    let observation = reread(tx, id).await?;
    let action = if observation.status == ObservationStatus::Submitted {
        "submit"
    } else {
        "update"
    };
    store::audit::record(
        tx,
        &reporter.actor,
        context,
        AuditEntry {
            action,
            entity: "observation",
            entity_id: Some(id.to_string()),
            before: as_json(&current),
            after: as_json(&observation),
            reason: checked.reason.as_deref(),
        },
    )
    .await?;
    Ok(observation)
}

/// The problems of a single input, as an error.
fn invalid(problems: Vec<FieldError>) -> ReportingError {
    ReportingError::Invalid(problems)
}

/// Saves up to [`MAX_BATCH`] observations of the reporter's organisation, all or nothing: new
/// ones are created, existing ones (named with the `version` read) are changed. Every invalid
/// item is listed; then every item that conflicts with a stored observation; then every stale
/// one. Set-based: a handful of statements whatever the batch size.
pub async fn save_batch(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    items: &[BatchItem],
) -> Result<Vec<SavedItem>, ReportingError> {
    if items.is_empty() || items.len() > MAX_BATCH {
        return Err(ReportingError::Invalid(vec![item_error(
            None,
            Some("items"),
            format!(
                "a batch carries 1 to {MAX_BATCH} observations (got {}); split larger sets into several batches",
                items.len()
            ),
        )]));
    }
    let specs = store::observations::reporting_specs(tx, reporter.organisation_id).await?;
    let mut errors = Vec::new();
    let mut checked: Vec<(usize, Checked)> = Vec::with_capacity(items.len());
    let mut seen: HashMap<(Uuid, NaiveDate), usize> = HashMap::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let reading = item
            .reading_problems
            .iter()
            .cloned()
            .map(|p| p.in_item(Some(index)));
        errors.extend(reading);
        let Some(input) = &item.input else { continue };
        match input::check(&specs, input, now.date_naive()) {
            Ok(c) => {
                let key = (c.indicator_id, c.period.start());
                if let Some(first) = seen.insert(key, index) {
                    errors.push(item_error(
                        Some(index),
                        Some("period_start"),
                        format!(
                            "item {first} already reports {} for the period starting {}: one figure per indicator and period",
                            c.indicator,
                            c.period.start()
                        ),
                    ));
                } else if item.reading_problems.is_empty() {
                    checked.push((index, c));
                }
            }
            Err(problems) => errors.extend(problems.into_iter().map(|p| p.in_item(Some(index)))),
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.item);
        return Err(ReportingError::Invalid(errors));
    }

    let keys: Vec<(Uuid, NaiveDate)> = checked
        .iter()
        .map(|(_, c)| (c.indicator_id, c.period.start()))
        .collect();
    let existing: HashMap<(Uuid, NaiveDate), store::observations::Existing> =
        store::observations::lock_existing(tx, reporter.organisation_id, &keys)
            .await?
            .into_iter()
            .map(|e| ((e.indicator_id, e.period_start), e))
            .collect();
    let mut conflicts = Vec::new();
    let mut stale = Vec::new();
    let mut new = Figures::default();
    let mut changed = Figures::default();
    let mut new_indices = Vec::new();
    let mut changed_indices = Vec::new();
    // New rows go in in key order, so that two batches creating overlapping observations wait
    // for each other instead of deadlocking.
    let mut in_key_order: Vec<&(usize, Checked)> = checked.iter().collect();
    in_key_order.sort_by_key(|(_, c)| (c.indicator_id, c.period.start()));
    for (index, c) in in_key_order {
        let index = Some(*index);
        match existing.get(&(c.indicator_id, c.period.start())) {
            None => {
                if c.version.is_some() {
                    stale.push(item_error(
                        index,
                        Some("version"),
                        format!(
                            "no observation of {} exists for the period starting {}: leave version out to create it",
                            c.indicator,
                            c.period.start()
                        ),
                    ));
                } else {
                    push_figure(&mut new, c);
                    new_indices.push(index);
                }
            }
            Some(e) => {
                let status: ObservationStatus = e
                    .status
                    .parse()
                    .map_err(|err| ReportingError::Database(sqlx::Error::Decode(Box::new(err))))?;
                if let Some(message) = locked_message(status, e.id) {
                    conflicts.push(item_error(index, None, message));
                } else if c.version.is_none() {
                    conflicts.push(item_error(
                        index,
                        Some("version"),
                        format!(
                            "{} is already reported for the period starting {} (observation {}, version {}): send \"version\": {} to change it",
                            c.indicator,
                            c.period.start(),
                            e.id,
                            e.version,
                            e.version
                        ),
                    ));
                } else if c.version != Some(e.version) {
                    stale.push(item_error(
                        index,
                        Some("version"),
                        format!(
                            "observation {} changed since you read it: it is now version {}",
                            e.id, e.version
                        ),
                    ));
                } else {
                    push_figure(&mut changed, c);
                    changed.ids.push(e.id);
                    changed.versions.push(e.version);
                    changed_indices.push(index);
                }
            }
        }
    }
    conflicts.sort_by_key(|e| e.item);
    stale.sort_by_key(|e| e.item);
    if !conflicts.is_empty() {
        return Err(ReportingError::Conflict {
            message: format!(
                "{} item(s) conflict with stored observations; nothing was stored.",
                conflicts.len()
            ),
            items: conflicts,
        });
    }
    if !stale.is_empty() {
        return Err(ReportingError::Stale {
            message: format!(
                "{} item(s) name a version that is not the stored one; nothing was stored.",
                stale.len()
            ),
            items: stale,
        });
    }

    let author = writer(&reporter.actor, now);
    let mut written: Vec<(Written, bool)> = Vec::with_capacity(checked.len());
    if !new.is_empty() {
        let rows = store::observations::insert(tx, reporter.organisation_id, &new, author).await?;
        if rows.len() != new.len() {
            return Err(ReportingError::Conflict {
                message: "Some of these observations were reported by another request just now; nothing was stored. Read them and retry.".into(),
                items: Vec::new(),
            });
        }
        written.extend(rows.into_iter().map(|r| (r, true)));
    }
    if !changed.is_empty() {
        let rows = store::observations::update(tx, &changed, author).await?;
        if rows.len() != changed.len() {
            return Err(ReportingError::Stale {
                message: "Some of these observations changed meanwhile; nothing was stored. Read them and retry.".into(),
                items: Vec::new(),
            });
        }
        written.extend(rows.into_iter().map(|r| (r, false)));
    }

    let by_key: HashMap<(Uuid, NaiveDate), (Written, bool)> = written
        .into_iter()
        .map(|(w, created)| ((w.indicator_id, w.period_start), (w, created)))
        .collect();
    let mut saved = Vec::with_capacity(checked.len());
    for (index, c) in &checked {
        let Some((w, created)) = by_key.get(&(c.indicator_id, c.period.start())) else {
            continue;
        };
        saved.push(SavedItem {
            index: *index,
            id: w.id,
            indicator: c.indicator.clone(),
            period_start: w.period_start,
            period_end: w.period_end,
            status: c.status,
            version: w.version,
            created: *created,
        });
    }
    let summary: Vec<serde_json::Value> = saved
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "indicator": s.indicator,
                "period_start": s.period_start,
                "version": s.version,
                "action": match (s.created, s.status) {
                    (true, _) => "create",
                    (false, ObservationStatus::Submitted) => "submit",
                    (false, _) => "update",
                },
            })
        })
        .collect();
    store::audit::record(
        tx,
        &reporter.actor,
        context,
        AuditEntry {
            action: "save_batch",
            entity: "observation",
            entity_id: None,
            before: None,
            after: Some(json!({
                "created": new_indices.len(),
                "changed": changed_indices.len(),
                "observations": summary,
            })),
            reason: None,
        },
    )
    .await?;
    Ok(saved)
}

/// Submits one of the reporter's drafts, or a returned observation as it stands. The period
/// must have ended.
pub async fn submit(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    id: Uuid,
    expected_version: Option<i32>,
) -> Result<Observation, ReportingError> {
    let current = store::observations::lock(tx, id, Some(reporter.organisation_id))
        .await?
        .ok_or(ReportingError::NotFound)?;
    check_version(&current, expected_version)?;
    if let Some(message) = locked_message(current.status, current.id) {
        return Err(ReportingError::Conflict {
            message,
            items: Vec::new(),
        });
    }
    if current.period_end >= now.date_naive() {
        return Err(ReportingError::Conflict {
            message: format!(
                "The period is still running until {}; submit the observation once the period has ended.",
                current.period_end
            ),
            items: Vec::new(),
        });
    }
    transition(
        tx,
        &reporter.actor,
        context,
        now,
        current,
        Transition::Submit,
        None,
    )
    .await
}

async fn transition(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    current: Observation,
    step: Transition,
    note: Option<&str>,
) -> Result<Observation, ReportingError> {
    let moved = store::observations::transition(
        tx,
        current.id,
        current.version,
        step,
        note,
        writer(actor, now),
    )
    .await?;
    if moved.is_none() {
        return Err(ReportingError::Stale {
            message: stale_message(current.version + 1),
            items: Vec::new(),
        });
    }
    let observation = reread(tx, current.id).await?;
    let action = match step {
        Transition::Submit => "submit",
        Transition::Approve => "approve",
        Transition::Return => "return",
        Transition::Reopen => "reopen",
    };
    store::audit::record(
        tx,
        actor,
        context,
        AuditEntry {
            action,
            entity: "observation",
            entity_id: Some(current.id.to_string()),
            before: as_json(&current),
            after: as_json(&observation),
            reason: note,
        },
    )
    .await?;
    Ok(observation)
}

/// A review note or reopening reason: required or optional, trimmed, bounded.
fn note(field: &str, text: Option<&str>, required: bool) -> Result<Option<String>, ReportingError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match text {
        None if required => Err(ReportingError::Invalid(vec![item_error(
            None,
            Some(field),
            format!("{field} is required: tell the organisation what to correct and why"),
        )])),
        Some(t) if t.chars().count() > input::MAX_NOTE_CHARS => {
            Err(ReportingError::Invalid(vec![item_error(
                None,
                Some(field),
                format!(
                    "{field} is longer than {} characters",
                    input::MAX_NOTE_CHARS
                ),
            )]))
        }
        other => Ok(other.map(str::to_string)),
    }
}

async fn reviewable(
    tx: &mut Transaction<'_, Postgres>,
    reviewer: &Reviewer,
    id: Uuid,
    expected_version: Option<i32>,
    expected_status: ObservationStatus,
) -> Result<Observation, ReportingError> {
    let current = store::observations::lock(tx, id, None)
        .await?
        .ok_or(ReportingError::NotFound)?;
    if let Some(why) = review::self_review(reviewer, &current) {
        return Err(ReportingError::Forbidden(why));
    }
    check_version(&current, expected_version)?;
    if current.status != expected_status {
        let message = match (expected_status, current.status) {
            (ObservationStatus::Submitted, ObservationStatus::Approved) => {
                "This observation is already approved; reopen it (with a reason) to send it back."
                    .to_string()
            }
            (ObservationStatus::Submitted, status) => format!(
                "This observation is {status}, not submitted: only a submitted observation can be reviewed."
            ),
            (_, status) => format!(
                "This observation is {status}: only an approved observation can be reopened."
            ),
        };
        return Err(ReportingError::Conflict {
            message,
            items: Vec::new(),
        });
    }
    Ok(current)
}

/// Approves a submitted observation: it counts in the official figures from now on and is
/// locked. An optional note is kept with it.
pub async fn approve(
    tx: &mut Transaction<'_, Postgres>,
    reviewer: &Reviewer,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    id: Uuid,
    expected_version: Option<i32>,
    review_note: Option<&str>,
) -> Result<Observation, ReportingError> {
    let review_note = note("note", review_note, false)?;
    let current = reviewable(
        tx,
        reviewer,
        id,
        expected_version,
        ObservationStatus::Submitted,
    )
    .await?;
    transition(
        tx,
        &reviewer.actor,
        context,
        now,
        current,
        Transition::Approve,
        review_note.as_deref(),
    )
    .await
}

/// Returns a submitted observation to its organisation for correction, with a note saying what
/// to correct.
pub async fn return_for_correction(
    tx: &mut Transaction<'_, Postgres>,
    reviewer: &Reviewer,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    id: Uuid,
    expected_version: Option<i32>,
    review_note: Option<&str>,
) -> Result<Observation, ReportingError> {
    let review_note = note("note", review_note, true)?;
    let current = reviewable(
        tx,
        reviewer,
        id,
        expected_version,
        ObservationStatus::Submitted,
    )
    .await?;
    transition(
        tx,
        &reviewer.actor,
        context,
        now,
        current,
        Transition::Return,
        review_note.as_deref(),
    )
    .await
}

/// Reopens an approved observation, with the reason: it leaves the official figures and goes
/// back to its organisation as returned, the reason being the note it reads.
pub async fn reopen(
    tx: &mut Transaction<'_, Postgres>,
    reviewer: &Reviewer,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    id: Uuid,
    expected_version: Option<i32>,
    reason: Option<&str>,
) -> Result<Observation, ReportingError> {
    let reason = note("reason", reason, true)?;
    let current = reviewable(
        tx,
        reviewer,
        id,
        expected_version,
        ObservationStatus::Approved,
    )
    .await?;
    transition(
        tx,
        &reviewer.actor,
        context,
        now,
        current,
        Transition::Reopen,
        reason.as_deref(),
    )
    .await
}
