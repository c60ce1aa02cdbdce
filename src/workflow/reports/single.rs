//! One observation at a time: create it, change it, submit it.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::domain::kinds::ObservationStatus;
use crate::domain::{AuditOrigin, FieldError, InputProblem, ReportRefusal};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::observations::{Figures, Observation, Transition};

use super::common::*;
use super::input::{self, Checked, ObservationInput};

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
    explained(tx, reporter, &checked).await?;
    if checked.version.is_some() {
        return Err(ReportingError::Invalid(vec![item_error(
            None,
            Some("version"),
            InputProblem::Refused(ReportRefusal::VersionOnCreate),
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
            refusal: ReportRefusal::CreatedMeanwhile {
                indicator: checked.indicator.clone(),
            },
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

/// Refuses a figure submitted far from the organisation's history without a comment.
async fn explained(
    tx: &mut Transaction<'_, Postgres>,
    reporter: &Reporter,
    checked: &Checked,
) -> Result<(), ReportingError> {
    let figures: Vec<ToSubmit> = ToSubmit::of(None, checked).into_iter().collect();
    let problems = unexplained_unusual(tx, reporter.organisation_id, &figures).await?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(problems))
    }
}

fn already_reported(checked: &Checked, id: Uuid, version: i32) -> ReportingError {
    ReportingError::Conflict {
        refusal: ReportRefusal::AlreadyReported {
            indicator: checked.indicator.clone(),
            starts: checked.period.start(),
            id,
            version,
        },
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
    if let Some(refusal) = locked(current.status, current.id) {
        return Err(ReportingError::Conflict {
            refusal,
            items: Vec::new(),
        });
    }
    let specs = store::observations::reporting_specs(tx, reporter.organisation_id).await?;
    let checked = input::check(&specs, input, now.date_naive()).map_err(invalid)?;
    let mut problems = Vec::new();
    if checked.indicator_id != current.indicator_id {
        problems.push(FieldError::new(
            "indicator",
            InputProblem::IndicatorFixed {
                indicator: current.indicator.clone(),
            },
        ));
    }
    if checked.period.start() != current.period_start {
        problems.push(FieldError::new(
            "period_start",
            InputProblem::PeriodFixed {
                starts: current.period_start,
            },
        ));
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    explained(tx, reporter, &checked).await?;
    let mut figures = Figures::default();
    push_figure(&mut figures, &checked);
    figures.ids.push(current.id);
    figures.versions.push(current.version);
    let written = store::observations::update(tx, &figures, writer(&reporter.actor, now)).await?;
    if written.is_empty() {
        return Err(ReportingError::Stale {
            refusal: ReportRefusal::Stale {
                current: current.version + 1,
            },
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
    if let Some(refusal) = locked(current.status, current.id) {
        return Err(ReportingError::Conflict {
            refusal,
            items: Vec::new(),
        });
    }
    if current.period_end >= now.date_naive() {
        return Err(ReportingError::Conflict {
            refusal: ReportRefusal::StillRunning {
                ends: current.period_end,
            },
            items: Vec::new(),
        });
    }
    // A draft submitted as it stands passes the same history check as one saved as submitted.
    let specs = store::observations::reporting_specs(tx, reporter.organisation_id).await?;
    if let Some(spec) = specs
        .iter()
        .find(|s| s.indicator_id == current.indicator_id)
    {
        let figure = ToSubmit {
            item: None,
            indicator_id: current.indicator_id,
            period_start: current.period_start,
            kind: spec.kind,
            reading: crate::domain::outlier::reading(
                current.value,
                current.numerator,
                current.denominator,
                current.stage,
                spec.kind == crate::domain::kinds::IndicatorKind::Percentage,
            ),
            comment: &current.comment,
        };
        let problems = unexplained_unusual(tx, reporter.organisation_id, &[figure]).await?;
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
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
