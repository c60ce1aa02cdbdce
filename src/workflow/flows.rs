//! The material-flow ledger's use cases (issue 18), for the `/flows` forms and the API alike:
//! an organisation saves its months of a material (as drafts, or submitted for review), in
//! batches all or nothing; program managers approve or return them; a sender records a
//! transfer, its receiver confirms it with its own quantity or disputes it with a note.
//!
//! The ledger months follow the reports' workflow and reuse its rules rather than a copy of
//! them: the same states (`ObservationStatus`), the same lock (`reports::locked`: a submitted
//! month awaits review, an approved one is locked), the same reviewers and the same
//! self-review rule (`reports::review`), the same refusals and error (`ReportingError`), so
//! the pages (`web::refusal`) and the API (`api::problem`) word them as they word reports.
//! What the ledger adds is the mass balance (`domain::flows`): a month that does not balance
//! is submitted only with a comment explaining it.
//!
//! Every step takes the caller's transaction and writes the row, its revision and the audit
//! entry in it; nothing is written when it returns an error.

use std::collections::HashMap;

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::Deserialize;
use sqlx::{Postgres, Transaction};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::flows;
use crate::domain::kinds::{
    Frequency, IntendedUse, ObservationStatus, SubmissionStatus, TransferState,
};
use crate::domain::{Actor, AuditOrigin, FieldError, InputProblem, Period, ReportRefusal};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::flows::{LedgerFigures, LedgerRow, LedgerWriter, NewTransfer, Transfer};
use crate::store::notifications::FlaggedTransfers;
use crate::workflow::reports::input::{MAX_COMMENT_CHARS, MAX_NOTE_CHARS};
use crate::workflow::reports::review::{self, Reviewer};
use crate::workflow::reports::{MAX_BATCH, Reporter, ReportingError, locked};

/// The largest quantity kept (far beyond any park's month, far within what sums exactly).
pub const MAX_QUANTITY: f64 = 1e12;

/// One month of one material, as a form or the API sends it. Every field is optional in Rust
/// so that a missing one is reported with the others; the schema marks the required ones.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerInput {
    /// The material's code, e.g. `NI-SLAG`.
    #[schema(value_type = String, required = true, example = "NI-SLAG")]
    pub material: Option<String>,
    /// The month, `YYYY-MM`.
    #[schema(value_type = String, required = true, example = "2026-10")]
    pub month: Option<String>,
    /// The stock at the start of the month, for the first month an organisation reports
    /// (later months open with the previous month's closing stock; this is then ignored).
    pub opening: Option<f64>,
    #[schema(value_type = f64, required = true, minimum = 0)]
    pub generated: Option<f64>,
    /// Received from other organisations.
    #[schema(value_type = f64, required = true, minimum = 0)]
    pub received: Option<f64>,
    #[schema(value_type = f64, required = true, minimum = 0)]
    pub used_on_site: Option<f64>,
    /// Sent to other organisations.
    #[schema(value_type = f64, required = true, minimum = 0)]
    pub sent: Option<f64>,
    /// Disposed of to landfill (default 0).
    pub disposed_landfill: Option<f64>,
    /// Disposed of to engineered storage (default 0).
    pub disposed_storage: Option<f64>,
    /// Disposed of at sea (default 0).
    pub disposed_sea: Option<f64>,
    /// The stock at the end of the month.
    #[schema(value_type = f64, required = true, minimum = 0)]
    pub closing: Option<f64>,
    /// Required to submit a month that does not balance: why it does not.
    pub comment: Option<String>,
    /// `draft` (default) keeps it editable; `submitted` sends it for review.
    #[schema(value_type = Option<crate::domain::SubmissionStatus>)]
    pub status: Option<String>,
    /// To change a month already in the ledger: the version you read.
    #[schema(minimum = 1)]
    pub version: Option<i32>,
}

/// A ledger month that passed every check.
#[derive(Debug, Clone)]
struct CheckedMonth {
    material_id: Uuid,
    material: String,
    month: NaiveDate,
    declared_opening: Option<f64>,
    figures: LedgerFigures,
    comment: String,
    status: ObservationStatus,
    version: Option<i32>,
}

/// What a saved month became.
#[derive(Debug, Clone)]
pub struct SavedMonth {
    pub index: usize,
    pub created: bool,
    pub row: LedgerRow,
}

fn item(index: Option<usize>, field: &str, problem: InputProblem) -> FieldError {
    FieldError::new(field, problem).in_item(index)
}

/// A quantity: required (or defaulted), finite, zero or more, not absurdly large.
fn quantity(
    index: Option<usize>,
    field: &str,
    value: Option<f64>,
    default: Option<f64>,
    problems: &mut Vec<FieldError>,
) -> f64 {
    match value.or(default) {
        None => {
            problems.push(item(index, field, InputProblem::Required));
            0.0
        }
        Some(v) if !v.is_finite() => {
            problems.push(item(index, field, InputProblem::NotANumber));
            0.0
        }
        Some(v) if v < 0.0 => {
            problems.push(item(index, field, InputProblem::Negative { got: v }));
            0.0
        }
        Some(v) if v > MAX_QUANTITY => {
            problems.push(item(
                index,
                field,
                InputProblem::AboveMaximum { max: MAX_QUANTITY },
            ));
            0.0
        }
        Some(v) => v,
    }
}

/// A month label (`2026-10`) that has started by `today`.
fn month(
    index: Option<usize>,
    text: Option<&str>,
    today: NaiveDate,
    problems: &mut Vec<FieldError>,
) -> Option<Period> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        problems.push(item(index, "month", InputProblem::Required));
        return None;
    };
    match Period::parse_label(Frequency::Monthly, text) {
        Err(e) => {
            problems.push(item(index, "month", InputProblem::Period(e)));
            None
        }
        Ok(period) if period.start() > today => {
            problems.push(item(
                index,
                "month",
                InputProblem::InFuture {
                    period: period.label(Frequency::Monthly),
                    starts: period.start(),
                },
            ));
            None
        }
        Ok(period) => Some(period),
    }
}

fn comment(index: Option<usize>, text: Option<&str>, problems: &mut Vec<FieldError>) -> String {
    let text = text.map(str::trim).unwrap_or_default();
    if text.chars().count() > MAX_COMMENT_CHARS {
        problems.push(item(
            index,
            "comment",
            InputProblem::TooLong {
                max: MAX_COMMENT_CHARS,
            },
        ));
    }
    text.to_string()
}

fn submission(
    index: Option<usize>,
    text: Option<&str>,
    problems: &mut Vec<FieldError>,
) -> ObservationStatus {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => ObservationStatus::Draft,
        Some(t) => match t.parse::<SubmissionStatus>() {
            Ok(s) => s.into(),
            Err(_) => {
                problems.push(item(index, "status", InputProblem::StatusNotAllowed));
                ObservationStatus::Draft
            }
        },
    }
}

/// Checks one input; `None` when it has problems (pushed).
fn check_month(
    index: Option<usize>,
    input: &LedgerInput,
    materials: &HashMap<String, Uuid>,
    today: NaiveDate,
    problems: &mut Vec<FieldError>,
) -> Option<CheckedMonth> {
    let before = problems.len();
    let code = input.material.as_deref().map(str::trim).unwrap_or_default();
    let material_id = if code.is_empty() {
        problems.push(item(index, "material", InputProblem::Required));
        None
    } else {
        let found = materials.get(code).copied();
        if found.is_none() {
            problems.push(item(
                index,
                "material",
                InputProblem::UnknownCode {
                    code: code.to_string(),
                },
            ));
        }
        found
    };
    let period = month(index, input.month.as_deref(), today, problems);
    let status = submission(index, input.status.as_deref(), problems);
    if let Some(period) = &period
        && status == ObservationStatus::Submitted
        && !period.is_closed(today)
    {
        problems.push(item(
            index,
            "month",
            InputProblem::StillRunning {
                period: period.label(Frequency::Monthly),
                ends: period.end(),
            },
        ));
    }
    let declared_opening = input
        .opening
        .map(|o| quantity(index, "opening", Some(o), None, problems));
    let figures = LedgerFigures {
        opening_declared: declared_opening.unwrap_or(0.0),
        generated: quantity(index, "generated", input.generated, None, problems),
        received: quantity(index, "received", input.received, None, problems),
        used_on_site: quantity(index, "used_on_site", input.used_on_site, None, problems),
        sent: quantity(index, "sent", input.sent, None, problems),
        disposed_landfill: quantity(
            index,
            "disposed_landfill",
            input.disposed_landfill,
            Some(0.0),
            problems,
        ),
        disposed_storage: quantity(
            index,
            "disposed_storage",
            input.disposed_storage,
            Some(0.0),
            problems,
        ),
        disposed_sea: quantity(
            index,
            "disposed_sea",
            input.disposed_sea,
            Some(0.0),
            problems,
        ),
        closing: quantity(index, "closing", input.closing, None, problems),
    };
    let comment = comment(index, input.comment.as_deref(), problems);
    if input.version.is_some_and(|v| v < 1) {
        problems.push(item(index, "version", InputProblem::VersionTooLow));
    }
    if problems.len() > before {
        return None;
    }
    Some(CheckedMonth {
        material_id: material_id?,
        material: code.to_string(),
        month: period?.start(),
        declared_opening,
        figures,
        comment,
        status,
        version: input.version,
    })
}

fn ledger_writer(actor: &Actor, at: DateTime<Utc>) -> LedgerWriter<'_> {
    let (user_id, token_id) = match actor {
        Actor::User { id, .. } => (Some(*id), None),
        Actor::Token { id, .. } => (None, Some(*id)),
        Actor::System { .. } => (None, None),
    };
    LedgerWriter {
        label: actor.label(),
        user_id,
        token_id,
        at,
    }
}

fn previous_month(month: NaiveDate) -> NaiveDate {
    month - Months::new(1)
}

/// Saves up to [`MAX_BATCH`] months of the reporter's organisation, all or nothing: new ones
/// are created, existing ones (named with the `version` read) changed. Every invalid item is
/// listed, then every one in conflict with a stored month. `index` of a single form's input
/// is `None` (its problems name no item).
pub async fn save_ledger(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    inputs: &[LedgerInput],
    single: bool,
) -> Result<Vec<SavedMonth>, ReportingError> {
    if inputs.is_empty() || inputs.len() > MAX_BATCH {
        return Err(ReportingError::Invalid(vec![FieldError::new(
            "items",
            InputProblem::Refused(ReportRefusal::BatchSize {
                max: MAX_BATCH,
                got: inputs.len(),
            }),
        )]));
    }
    let at = |i: usize| (!single).then_some(i);
    let today = now.date_naive();
    let codes: Vec<String> = inputs
        .iter()
        .filter_map(|i| i.material.as_deref().map(|c| c.trim().to_string()))
        .collect();
    let materials: HashMap<String, Uuid> = store::flows::materials_by_code(tx, &codes)
        .await?
        .into_iter()
        .map(|(id, code)| (code, id))
        .collect();
    let mut problems = Vec::new();
    let mut checked: Vec<(usize, CheckedMonth)> = Vec::new();
    let mut seen: HashMap<(Uuid, NaiveDate), usize> = HashMap::new();
    for (index, input) in inputs.iter().enumerate() {
        if let Some(c) = check_month(at(index), input, &materials, today, &mut problems) {
            if let Some(first) = seen.insert((c.material_id, c.month), index) {
                problems.push(item(
                    at(index),
                    "month",
                    InputProblem::Refused(ReportRefusal::DuplicateInBatch {
                        first,
                        indicator: c.material.clone(),
                        starts: c.month,
                    }),
                ));
            } else {
                checked.push((index, c));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ReportingError::Invalid(problems));
    }

    // The stored months the batch names, locked, and the closing stocks of the months
    // before them (the opening stock of a month is its predecessor's closing stock).
    let materials_of: Vec<Uuid> = checked.iter().map(|(_, c)| c.material_id).collect();
    let months: Vec<NaiveDate> = checked.iter().map(|(_, c)| c.month).collect();
    let previous: Vec<NaiveDate> = months.iter().map(|m| previous_month(*m)).collect();
    let existing: HashMap<(Uuid, NaiveDate), LedgerRow> =
        store::flows::lock_ledger_months(tx, reporter.organisation_id, &materials_of, &months)
            .await?
            .into_iter()
            .map(|r| ((r.material_id, r.month), r))
            .collect();
    let stored_closings: HashMap<(Uuid, NaiveDate), f64> =
        store::flows::closings(tx, reporter.organisation_id, &materials_of, &previous)
            .await?
            .into_iter()
            .map(|(m, month, closing)| ((m, month), closing))
            .collect();
    let batch_closings: HashMap<(Uuid, NaiveDate), f64> = checked
        .iter()
        .map(|(_, c)| ((c.material_id, c.month), c.figures.closing))
        .collect();

    let mut conflicts = Vec::new();
    for (index, c) in &checked {
        let index = at(*index);
        let stored = existing.get(&(c.material_id, c.month));
        match (stored, c.version) {
            (None, Some(_)) => conflicts.push(item(
                index,
                "version",
                InputProblem::Refused(ReportRefusal::NothingToChange {
                    indicator: c.material.clone(),
                    starts: c.month,
                }),
            )),
            (Some(row), None) => conflicts.push(item(
                index,
                "version",
                InputProblem::Refused(ReportRefusal::VersionNeeded {
                    indicator: c.material.clone(),
                    starts: c.month,
                    id: row.id,
                    version: row.version,
                }),
            )),
            (Some(row), Some(v)) if v != row.version => conflicts.push(item(
                index,
                "version",
                InputProblem::Refused(ReportRefusal::ItemStale {
                    id: row.id,
                    current: row.version,
                }),
            )),
            (Some(row), Some(_)) => {
                if let Some(refusal) = locked(row.status, row.id) {
                    conflicts.push(item(index, "status", InputProblem::Refused(refusal)));
                }
            }
            (None, None) => {}
        }
        if c.status == ObservationStatus::Submitted {
            let key = (c.material_id, previous_month(c.month));
            let declared = c
                .declared_opening
                .or(stored.map(|r| r.opening_declared))
                .unwrap_or(0.0);
            let opening = flows::opening(
                batch_closings
                    .get(&key)
                    .or(stored_closings.get(&key))
                    .copied(),
                declared,
            );
            let figures = month_figures(opening, &c.figures);
            if let Some(problem) = flows::unexplained_imbalance(&figures, &c.comment) {
                problems.push(item(index, "comment", problem));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ReportingError::Invalid(problems));
    }
    if !conflicts.is_empty() {
        return Err(ReportingError::Conflict {
            refusal: ReportRefusal::ItemsConflict {
                count: conflicts.len(),
            },
            items: conflicts,
        });
    }

    let writer = ledger_writer(&reporter.actor, now);
    let mut saved = Vec::with_capacity(checked.len());
    // In key order, so that two batches over overlapping months wait instead of deadlocking.
    let mut in_key_order: Vec<&(usize, CheckedMonth)> = checked.iter().collect();
    in_key_order.sort_by_key(|(_, c)| (c.material_id, c.month));
    for (index, c) in in_key_order {
        let before = existing.get(&(c.material_id, c.month));
        let mut figures = c.figures;
        if c.declared_opening.is_none()
            && let Some(row) = before
        {
            figures.opening_declared = row.opening_declared;
        }
        let id = match before {
            None => {
                store::flows::insert_ledger(
                    tx,
                    reporter.organisation_id,
                    c.material_id,
                    c.month,
                    &figures,
                    &c.comment,
                    c.status,
                    writer,
                )
                .await?
            }
            Some(row) => {
                let changed = store::flows::update_ledger(
                    tx,
                    row.id,
                    row.version,
                    &figures,
                    &c.comment,
                    c.status,
                    writer,
                )
                .await?;
                if !changed {
                    return Err(ReportingError::Stale {
                        refusal: ReportRefusal::BatchChangedMeanwhile,
                        items: Vec::new(),
                    });
                }
                row.id
            }
        };
        let row = reread_month(tx, id).await?;
        let action = match (before.is_none(), c.status) {
            (true, ObservationStatus::Submitted) => "create_submit",
            (true, _) => "create",
            (false, ObservationStatus::Submitted) => "update_submit",
            (false, _) => "update",
        };
        store::flows::record_ledger_revision(tx, &row, action, writer.label, None, before).await?;
        saved.push(SavedMonth {
            index: *index,
            created: before.is_none(),
            row,
        });
    }
    saved.sort_by_key(|s| s.index);
    let entity_id = (saved.len() == 1).then(|| saved[0].row.id.to_string());
    store::audit::record(
        tx,
        &reporter.actor,
        context,
        AuditEntry {
            action: "save",
            entity: "material_ledger",
            entity_id,
            before: None,
            after: Some(serde_json::json!(
                saved
                    .iter()
                    .map(|s| serde_json::json!({
                        "id": s.row.id,
                        "material": s.row.material,
                        "month": s.row.month,
                        "status": s.row.status,
                        "version": s.row.version,
                        "created": s.created,
                    }))
                    .collect::<Vec<_>>()
            )),
            reason: None,
        },
    )
    .await?;
    Ok(saved)
}

fn month_figures(opening: f64, f: &LedgerFigures) -> flows::LedgerMonth {
    flows::LedgerMonth {
        opening,
        generated: f.generated,
        received: f.received,
        used_on_site: f.used_on_site,
        sent: f.sent,
        disposed: flows::Disposal {
            landfill: f.disposed_landfill,
            storage: f.disposed_storage,
            sea: f.disposed_sea,
        },
        closing: f.closing,
    }
}

async fn reread_month(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
) -> Result<LedgerRow, ReportingError> {
    store::flows::lock_ledger(tx, id)
        .await?
        .ok_or(ReportingError::NotFound)
}

/// A program manager's decision on a submitted ledger month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedgerDecision {
    /// It counts in the park's flows from now on, and is locked.
    Approve,
    /// Back to its organisation with a note saying what to correct.
    Return,
    /// An approved month leaves the park's flows and the computed figures and goes back to
    /// its organisation as returned, with the reason (required) as its note.
    Reopen,
}

impl LedgerDecision {
    /// The status the decision starts from, the one it leads to, the action's name and the
    /// field its text is read from.
    fn transition(
        self,
    ) -> (
        ObservationStatus,
        ObservationStatus,
        &'static str,
        &'static str,
    ) {
        use ObservationStatus::{Approved, Returned, Submitted};
        match self {
            LedgerDecision::Approve => (Submitted, Approved, "approve", "note"),
            LedgerDecision::Return => (Submitted, Returned, "return", "note"),
            LedgerDecision::Reopen => (Approved, Returned, "reopen", "reason"),
        }
    }
}

/// Approves or returns a submitted ledger month, or reopens an approved one, by the reports'
/// rules: a reviewer reviews no month of its own organisation nor one it submitted, only a
/// submitted month is approved or returned and only an approved one reopened, a return needs
/// a note and a reopening a reason. The official figures of the indicators computed from the
/// ledger are rewritten in the same transaction.
pub async fn review_month(
    tx: &mut Transaction<'_, Postgres>,
    reviewer: &Reviewer,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    (id, expected_version): (Uuid, Option<i32>),
    decision: LedgerDecision,
    note: Option<&str>,
) -> Result<LedgerRow, ReportingError> {
    let (from, status, action, field) = decision.transition();
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if decision != LedgerDecision::Approve && note.is_none() {
        return Err(ReportingError::Invalid(vec![FieldError::new(
            field,
            InputProblem::NoteRequired,
        )]));
    }
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        return Err(ReportingError::Invalid(vec![FieldError::new(
            field,
            InputProblem::TooLong {
                max: MAX_NOTE_CHARS,
            },
        )]));
    }
    let current = store::flows::lock_ledger(tx, id)
        .await?
        .ok_or(ReportingError::NotFound)?;
    if let Some(why) = review::self_review_of(
        reviewer,
        current.organisation_id,
        current.submitted_by_user_id,
        current.submitted_by_token_id,
    ) {
        return Err(ReportingError::Forbidden(why));
    }
    if let Some(v) = expected_version
        && v != current.version
    {
        return Err(ReportingError::Stale {
            refusal: ReportRefusal::Stale {
                current: current.version,
            },
            items: Vec::new(),
        });
    }
    if let Some(refusal) = review::status_refusal(from, current.status) {
        return Err(ReportingError::Conflict {
            refusal,
            items: Vec::new(),
        });
    }
    let label = reviewer.actor.label().to_string();
    if !store::flows::review_ledger(tx, id, current.version, status, note, &label, now).await? {
        return Err(ReportingError::Stale {
            refusal: ReportRefusal::Stale {
                current: current.version + 1,
            },
            items: Vec::new(),
        });
    }
    let after = reread_month(tx, id).await?;
    store::flows::record_ledger_revision(tx, &after, action, &label, note, Some(&current)).await?;
    // Only approving or reopening changes what counts; a return of a submitted month does not.
    if decision != LedgerDecision::Return {
        store::flows::refresh_computed_figures(
            tx,
            Some(&[current.material_id]),
            Some(&[current.month]),
        )
        .await?;
    }
    store::audit::record(
        tx,
        &reviewer.actor,
        context,
        AuditEntry {
            action,
            entity: "material_ledger",
            entity_id: Some(id.to_string()),
            before: serde_json::to_value(&current).ok(),
            after: serde_json::to_value(&after).ok(),
            reason: note,
        },
    )
    .await?;
    Ok(after)
}

/// A transfer as its sender records it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferInput {
    /// The material's code.
    #[schema(value_type = String, required = true, example = "NI-SLAG")]
    pub material: Option<String>,
    /// The month it was sent, `YYYY-MM`.
    #[schema(value_type = String, required = true, example = "2026-10")]
    pub month: Option<String>,
    /// The receiving organisation's code.
    #[schema(value_type = String, required = true, example = "DEMO-BRICK-I")]
    pub receiver: Option<String>,
    /// The quantity sent, in the material's unit (> 0).
    #[schema(value_type = f64, required = true, exclusive_minimum = 0)]
    pub quantity: Option<f64>,
    /// What the receiver is to do with it.
    #[schema(value_type = crate::domain::kinds::IntendedUse, required = true)]
    pub intended_use: Option<String>,
}

/// Records a transfer from the reporter's organisation, pending its receiver's answer.
pub async fn record_transfer(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    input: &TransferInput,
) -> Result<Transfer, ReportingError> {
    let mut problems = Vec::new();
    let today = now.date_naive();
    let code = input.material.as_deref().map(str::trim).unwrap_or_default();
    let receiver = input.receiver.as_deref().map(str::trim).unwrap_or_default();
    let material_id = if code.is_empty() {
        problems.push(FieldError::new("material", InputProblem::Required));
        None
    } else {
        let found = store::flows::materials_by_code(tx, &[code.to_string()])
            .await?
            .into_iter()
            .next()
            .map(|(id, _)| id);
        if found.is_none() {
            problems.push(FieldError::new(
                "material",
                InputProblem::UnknownCode { code: code.into() },
            ));
        }
        found
    };
    let receiver_id = if receiver.is_empty() {
        problems.push(FieldError::new("receiver", InputProblem::Required));
        None
    } else {
        let found = store::flows::organisations_by_code(tx, &[receiver.to_string()])
            .await?
            .into_iter()
            .next()
            .map(|(id, _)| id);
        match found {
            None => problems.push(FieldError::new(
                "receiver",
                InputProblem::UnknownCode {
                    code: receiver.into(),
                },
            )),
            Some(id) if id == reporter.organisation_id => {
                problems.push(FieldError::new("receiver", InputProblem::SameOrganisation))
            }
            Some(_) => {}
        }
        found
    };
    let period = month(None, input.month.as_deref(), today, &mut problems);
    let quantity = match input.quantity {
        None => {
            problems.push(FieldError::new("quantity", InputProblem::Required));
            0.0
        }
        Some(q) if !q.is_finite() => {
            problems.push(FieldError::new("quantity", InputProblem::NotANumber));
            0.0
        }
        Some(q) if q <= 0.0 => {
            problems.push(FieldError::new("quantity", InputProblem::NotPositive));
            0.0
        }
        Some(q) if q > MAX_QUANTITY => {
            problems.push(FieldError::new(
                "quantity",
                InputProblem::AboveMaximum { max: MAX_QUANTITY },
            ));
            0.0
        }
        Some(q) => q,
    };
    let intended_use = match input.intended_use.as_deref().map(str::trim) {
        None | Some("") => {
            problems.push(FieldError::new("intended_use", InputProblem::Required));
            None
        }
        Some(text) => match text.parse::<IntendedUse>() {
            Ok(u) => Some(u),
            Err(_) => {
                problems.push(FieldError::new("intended_use", InputProblem::NotAChoice));
                None
            }
        },
    };
    let (Some(material_id), Some(receiver_id), Some(period), Some(intended_use), true) = (
        material_id,
        receiver_id,
        period,
        intended_use,
        problems.is_empty(),
    ) else {
        return Err(ReportingError::Invalid(problems));
    };
    let id = store::flows::insert_transfer(
        tx,
        NewTransfer {
            sender_id: reporter.organisation_id,
            receiver_id,
            material_id,
            month: period.start(),
            quantity,
            intended_use,
            recorded_by: reporter.actor.label(),
            at: now,
        },
    )
    .await?;
    let transfer = store::flows::lock_transfer(tx, id)
        .await?
        .ok_or(ReportingError::NotFound)?;
    store::audit::record(
        tx,
        &reporter.actor,
        context,
        AuditEntry {
            action: "record",
            entity: "material_transfer",
            entity_id: Some(id.to_string()),
            before: None,
            after: serde_json::to_value(&transfer).ok(),
            reason: None,
        },
    )
    .await?;
    Ok(transfer)
}

/// The receiver's answer to a transfer.
#[derive(Debug, Clone, PartialEq)]
pub enum TransferAnswer {
    /// It arrived: the quantity the receiver counted.
    Confirm { received: Option<f64> },
    /// It did not arrive as recorded: why.
    Dispute { note: Option<String> },
}

/// The receiver confirms or disputes a pending transfer. A transfer the reporter's
/// organisation is not party to is not found; its sender may not answer it.
pub async fn answer_transfer(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    (id, expected_version): (Uuid, Option<i32>),
    answer: &TransferAnswer,
) -> Result<Transfer, ReportingError> {
    let (state, received, note) = match answer {
        TransferAnswer::Confirm { received } => {
            let mut problems = Vec::new();
            let q = quantity(None, "received_quantity", *received, None, &mut problems);
            if !problems.is_empty() {
                return Err(ReportingError::Invalid(problems));
            }
            (TransferState::Confirmed, Some(q), None)
        }
        TransferAnswer::Dispute { note } => {
            let note = note.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let Some(note) = note else {
                return Err(ReportingError::Invalid(vec![FieldError::new(
                    "note",
                    InputProblem::NoteRequired,
                )]));
            };
            if note.chars().count() > MAX_NOTE_CHARS {
                return Err(ReportingError::Invalid(vec![FieldError::new(
                    "note",
                    InputProblem::TooLong {
                        max: MAX_NOTE_CHARS,
                    },
                )]));
            }
            (TransferState::Disputed, None, Some(note.to_string()))
        }
    };
    let current = store::flows::lock_transfer(tx, id)
        .await?
        .ok_or(ReportingError::NotFound)?;
    let own = reporter.organisation_id;
    if current.sender_id != own && current.receiver_id != own {
        return Err(ReportingError::NotFound);
    }
    if current.receiver_id != own {
        return Err(ReportingError::Forbidden(ReportRefusal::NotReceiver));
    }
    if let Some(v) = expected_version
        && v != current.version
    {
        return Err(ReportingError::Stale {
            refusal: ReportRefusal::Stale {
                current: current.version,
            },
            items: Vec::new(),
        });
    }
    if current.state != TransferState::Pending {
        return Err(ReportingError::Conflict {
            refusal: ReportRefusal::AlreadyAnswered,
            items: Vec::new(),
        });
    }
    let label = reporter.actor.label().to_string();
    let answered = store::flows::answer_transfer(
        tx,
        id,
        current.version,
        state,
        received,
        note.as_deref(),
        &label,
        now,
    )
    .await?;
    if !answered {
        return Err(ReportingError::Stale {
            refusal: ReportRefusal::Stale {
                current: current.version + 1,
            },
            items: Vec::new(),
        });
    }
    let after = store::flows::lock_transfer(tx, id)
        .await?
        .ok_or(ReportingError::NotFound)?;
    // A difference beyond the tolerance or a dispute flags it: both parties and the program's
    // managers are told, with the answer (an unanswered one is found by the daily job).
    let facts = flows::TransferFacts {
        state: after.state,
        quantity: after.quantity,
        received: after.received_quantity,
        recorded_on: after.recorded_at.date_naive(),
    };
    let flag = flows::transfer_flags(&facts, now.date_naive())
        .into_iter()
        .find_map(|flag| match flag {
            flows::TransferFlag::Difference { .. } => Some("difference"),
            flows::TransferFlag::Disputed => Some("disputed"),
            flows::TransferFlag::Unanswered { .. } => None,
        });
    if let Some(flag) = flag {
        store::notifications::record_flagged_transfers(
            tx,
            FlaggedTransfers::Answered { ids: &[id], flag },
            now,
        )
        .await?;
    }
    // A confirmed transfer counts in the computed figures; a disputed one no longer waits to.
    if state == TransferState::Confirmed {
        store::flows::refresh_computed_figures(
            tx,
            Some(&[after.material_id]),
            Some(&[after.month]),
        )
        .await?;
    }
    store::audit::record(
        tx,
        &reporter.actor,
        context,
        AuditEntry {
            action: match state {
                TransferState::Disputed => "dispute",
                _ => "confirm",
            },
            entity: "material_transfer",
            entity_id: Some(id.to_string()),
            before: serde_json::to_value(&current).ok(),
            after: serde_json::to_value(&after).ok(),
            reason: note.as_deref(),
        },
    )
    .await?;
    Ok(after)
}

/// Rebuilds the official figures of every indicator computed from the ledger from what the
/// ledger holds now, in one transaction. Run after migrations: an indicator made computed by
/// a migration (0032: CE-05, CE-08 of a seeded database) gets its figures without waiting for
/// the next approval. Idempotent: a second run writes the same figures.
pub async fn rebuild_computed_figures(pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    store::flows::refresh_computed_figures(&mut tx, None, None).await?;
    tx.commit().await
}
