//! An indicator's yearly targets. Every change is kept in `target_revision` with the old value,
//! the new one, who and why: a first target needs no reason, a change of one does.
//! Rules from `domain::structure`, SQL in `store::structure`; no HTML, forms or wording here.

use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{Problem, Problems, StructureError};
use crate::domain::kinds::IndicatorKind;
use crate::domain::structure::{YEARS, target_change_is_explained, target_fits_kind};
use crate::domain::{Actor, AuditOrigin};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::structure::TargetWrite;

/// A yearly target as the caller sends it. `None`: not given (or not readable).
#[derive(Debug, Clone, Default)]
pub struct TargetInput {
    pub year: Option<i16>,
    pub value: Option<f64>,
    /// The version of the year's target the caller read; `None` when it saw none.
    pub expected_version: Option<i32>,
    /// Why the target changes (required unless it is the year's first target).
    pub reason: String,
    /// The reason recorded for a first target set without one, in the caller's language.
    pub first_target_reason: String,
}

/// Sets the target of the indicator `indicator_code` for a year, if the year's target is still
/// at the version the caller read (none for a first target); the revision and the audit entry
/// keep the old value. An archived indicator takes no target.
///
/// The problems come in a fixed order (year, value, reason, indicator), so that a caller
/// showing one shows the first.
pub async fn set(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    indicator_code: &str,
    input: &TargetInput,
) -> Result<(), StructureError> {
    let record = store::structure::indicator(&mut **tx, program_id, indicator_code)
        .await?
        .ok_or_else(|| {
            StructureError::NotFound(crate::domain::Missing::Indicator(
                indicator_code.to_string(),
            ))
        })?;
    let mut problems = Problems::new(&[]);
    let year = input.year.filter(|y| YEARS.contains(y));
    if year.is_none() {
        problems.push("year", Problem::Year);
    }
    let value = input.value.filter(|v| v.is_finite());
    let kind = record.kind.parse::<IndicatorKind>().ok();
    match value {
        None => problems.push("value", Problem::Number),
        // A target is a figure like any other: within what may be stored at all.
        Some(v) if !crate::domain::bounds::is_storable(v) => {
            problems.push("value", Problem::Implausible)
        }
        Some(v) if kind.is_some_and(|k| !target_fits_kind(k, v)) => {
            problems.push("value", Problem::TargetRange)
        }
        Some(_) => {}
    }
    let reason = input.reason.trim();
    if !target_change_is_explained(input.expected_version.is_none(), reason) {
        problems.push("reason", Problem::Reason);
    }
    if record.archived {
        problems.push("indicator", Problem::Archived);
    }
    let (Some(year), Some(value)) = (year, value) else {
        return Err(problems.into_error());
    };
    problems.finish()?;
    let reason = if reason.is_empty() {
        input.first_target_reason.as_str()
    } else {
        reason
    };
    let write = store::structure::set_target(
        tx,
        record.id,
        year,
        value,
        input.expected_version,
        reason,
        actor.label(),
    )
    .await?;
    let old_value = match write {
        TargetWrite::Stale { current_value } => {
            return Err(StructureError::TargetChanged { current_value });
        }
        TargetWrite::Stored { old_value } => old_value,
    };
    store::audit::record(
        tx,
        actor,
        origin,
        AuditEntry {
            action: "set_target",
            entity: "target",
            entity_id: Some(format!("{}/{year}", record.code)),
            before: old_value.map(|v| json!({ "year": year, "value": v })),
            after: Some(json!({ "year": year, "value": value })),
            reason: Some(reason),
        },
    )
    .await?;
    Ok(())
}
