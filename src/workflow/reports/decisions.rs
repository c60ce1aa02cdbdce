//! Program managers' decisions on a submitted or approved observation: approve it, return it
//! with a note, reopen an approved one with a reason.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::domain::kinds::ObservationStatus;
use crate::domain::{AuditOrigin, InputProblem};
use crate::store;
use crate::store::observations::{Observation, Transition};

use super::common::*;
use super::input;
use super::review::{self, Reviewer};

/// A review note or reopening reason: required or optional, trimmed, bounded.
fn note(field: &str, text: Option<&str>, required: bool) -> Result<Option<String>, ReportingError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match text {
        None if required => Err(ReportingError::Invalid(vec![item_error(
            None,
            Some(field),
            InputProblem::NoteRequired,
        )])),
        Some(t) if t.chars().count() > input::MAX_NOTE_CHARS => {
            Err(ReportingError::Invalid(vec![item_error(
                None,
                Some(field),
                InputProblem::TooLong {
                    max: input::MAX_NOTE_CHARS,
                },
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
    if let Some(refusal) = review::status_refusal(expected_status, current.status) {
        return Err(ReportingError::Conflict {
            refusal,
            items: Vec::new(),
        });
    }
    Ok(current)
}

/// One review decision: the note read by its rule (`field`, whether it is required), the
/// observation in the status the decision starts from, then the transition with its audit.
/// Approve, return and reopen differ only in these.
async fn decide(
    tx: &mut Transaction<'_, Postgres>,
    reviewer: &Reviewer,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    (id, expected_version): (Uuid, Option<i32>),
    (field, text, required): (&'static str, Option<&str>, bool),
    (from, step): (ObservationStatus, Transition),
) -> Result<Observation, ReportingError> {
    let text = note(field, text, required)?;
    let current = reviewable(tx, reviewer, id, expected_version, from).await?;
    let tells_reporters = matches!(step, Transition::Return | Transition::Reopen);
    let decided = transition(
        tx,
        &reviewer.actor,
        context,
        now,
        current,
        step,
        text.as_deref(),
    )
    .await?;
    // The reporters hear of a return (with its note) from the same transaction: no return
    // without its notice, no notice of a return rolled back.
    if tells_reporters {
        store::notifications::record_returned(tx, id, text.as_deref(), now).await?;
    }
    Ok(decided)
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
    decide(
        tx,
        reviewer,
        context,
        now,
        (id, expected_version),
        ("note", review_note, false),
        (ObservationStatus::Submitted, Transition::Approve),
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
    decide(
        tx,
        reviewer,
        context,
        now,
        (id, expected_version),
        ("note", review_note, true),
        (ObservationStatus::Submitted, Transition::Return),
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
    decide(
        tx,
        reviewer,
        context,
        now,
        (id, expected_version),
        ("reason", reason, true),
        (ObservationStatus::Approved, Transition::Reopen),
    )
    .await
}
