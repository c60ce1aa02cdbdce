//! What the reports workflow's steps share: the reporter, the one error type, the writer of a
//! change, the refusals for locked observations, and the move of one observation to
//! its next state with its audit entry.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::domain::kinds::{IndicatorKind, ObservationStatus};
use crate::domain::outlier;
use crate::domain::{Actor, AuditOrigin, FieldError, InputProblem, ReportRefusal};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::observations::{Figures, Observation, Transition, Writer};

use super::input::Checked;

/// A figure about to be submitted, for the history check: where it goes in the caller's input
/// (`item`: its position in a batch), what it reads as, and the comment it carries.
pub(super) struct ToSubmit<'a> {
    pub item: Option<usize>,
    pub indicator_id: Uuid,
    pub period_start: chrono::NaiveDate,
    pub kind: IndicatorKind,
    pub reading: Option<f64>,
    pub comment: &'a str,
}

impl<'a> ToSubmit<'a> {
    pub fn of(item: Option<usize>, checked: &'a Checked) -> Option<ToSubmit<'a>> {
        (checked.status == ObservationStatus::Submitted).then(|| ToSubmit {
            item,
            indicator_id: checked.indicator_id,
            period_start: checked.period.start(),
            kind: checked.kind,
            reading: checked.value.numeric(checked.kind),
            comment: &checked.comment,
        })
    }
}

/// The soft check against the organisation's own history (`domain::outlier`): a figure far
/// from the median of its last approved periods is submitted only with a comment saying why
/// (the reviewer then sees it flagged). One problem on `comment` per figure without one.
/// Milestones and narratives move by design and are not checked.
pub(super) async fn unexplained_unusual(
    tx: &mut Transaction<'_, Postgres>,
    organisation_id: Uuid,
    figures: &[ToSubmit<'_>],
) -> Result<Vec<FieldError>, ReportingError> {
    let to_check: Vec<&ToSubmit> = figures
        .iter()
        .filter(|f| {
            f.comment.trim().is_empty()
                && !matches!(
                    f.kind,
                    IndicatorKind::Milestone | IndicatorKind::Qualitative
                )
        })
        .collect();
    if to_check.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = to_check.iter().map(|f| f.indicator_id).collect();
    let history = store::observations::approved_history(tx, organisation_id, &ids).await?;
    let mut problems = Vec::new();
    for figure in to_check {
        let Some(current) = figure.reading else {
            continue;
        };
        let earlier: Vec<f64> = history
            .iter()
            .filter(|h| {
                h.indicator_id == figure.indicator_id && h.period_start < figure.period_start
            })
            .filter_map(|h| {
                outlier::reading(
                    h.value,
                    h.numerator,
                    h.denominator,
                    h.stage,
                    h.kind == "percentage",
                )
            })
            .collect();
        if outlier::is_unusual(current, &earlier)
            && let Some(median) = outlier::history_median(&earlier)
        {
            problems.push(item_error(
                figure.item,
                Some("comment"),
                InputProblem::UnusualNeedsComment { median },
            ));
        }
    }
    Ok(problems)
}

/// The most observations one batch may carry.
pub const MAX_BATCH: usize = 1000;

/// An organisation reporting its own figures, through a user or an API token.
#[derive(Debug, Clone)]
pub struct Reporter {
    pub organisation_id: Uuid,
    pub actor: Actor,
}

/// Who writes, and at which moment by the application's clock (it decides lateness).
pub(super) fn writer(actor: &Actor, at: DateTime<Utc>) -> Writer<'_> {
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
pub(super) fn item_error(
    index: Option<usize>,
    field: Option<&str>,
    problem: InputProblem,
) -> FieldError {
    FieldError {
        item: index,
        field: field.map(str::to_string),
        problem,
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
    #[error("conflict: {refusal:?}")]
    Conflict {
        refusal: ReportRefusal,
        items: Vec<FieldError>,
    },
    /// The observation changed since the caller read it.
    #[error("stale: {refusal:?}")]
    Stale {
        refusal: ReportRefusal,
        items: Vec<FieldError>,
    },
    /// The caller may not do this to this observation (reviewing their own report).
    #[error("forbidden: {0:?}")]
    Forbidden(ReportRefusal),
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
                refusal: ReportRefusal::Concurrent,
                items: Vec::new(),
            },
            _ => ReportingError::Database(err),
        }
    }
}

/// Why an observation in this state cannot be changed by its organisation, if it cannot.
/// Why a stored report cannot be changed by its organisation now, if it cannot: approved (a
/// program manager must reopen it) or awaiting review.
pub fn locked(status: ObservationStatus, id: Uuid) -> Option<ReportRefusal> {
    match status {
        ObservationStatus::Approved => Some(ReportRefusal::ApprovedLocked { id }),
        ObservationStatus::Submitted => Some(ReportRefusal::AwaitsReview),
        ObservationStatus::Draft | ObservationStatus::Returned => None,
    }
}

pub(super) fn check_version(
    observation: &Observation,
    expected: Option<i32>,
) -> Result<(), ReportingError> {
    match expected {
        Some(v) if v != observation.version => Err(ReportingError::Stale {
            refusal: ReportRefusal::Stale {
                current: observation.version,
            },
            items: Vec::new(),
        }),
        _ => Ok(()),
    }
}

pub(super) fn push_figure(figures: &mut Figures, checked: &Checked) {
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

pub(super) fn as_json(observation: &Observation) -> Option<serde_json::Value> {
    serde_json::to_value(observation).ok()
}

pub(super) async fn reread(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
) -> Result<Observation, ReportingError> {
    store::observations::by_ids(tx, &[id])
        .await?
        .into_iter()
        .next()
        .ok_or(ReportingError::NotFound)
}

/// The problems of a single input, as an error.
pub(super) fn invalid(problems: Vec<FieldError>) -> ReportingError {
    ReportingError::Invalid(problems)
}

pub(super) async fn transition(
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
            refusal: ReportRefusal::Stale {
                current: current.version + 1,
            },
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
