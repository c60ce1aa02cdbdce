//! A manager's narrative of one pillar in a progress report: saved as the next version (every
//! version kept), refused when someone saved since the writer read it, audited in the same
//! transaction. Rules from `domain::report_period`, SQL in `store::narratives`; no HTML,
//! forms or wording here.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::domain::report_period::{ReportPeriod, narrative_fits};
use crate::domain::{Actor, AuditOrigin, Missing};
use crate::error::AppError;
use crate::store;
use crate::store::audit::AuditEntry;

/// What the writer sends: the text, and the version it started from (0 when there was none).
#[derive(Debug, Clone)]
pub struct NarrativeInput {
    pub body: String,
    /// `None` when the form did not say: refused, like every other versioned form.
    pub expected_version: Option<i32>,
}

/// Which narrative: a pillar of the program, in a report period.
#[derive(Debug, Clone, Copy)]
pub struct NarrativeOf<'a> {
    pub program_id: Uuid,
    pub pillar_code: &'a str,
    pub period: &'a ReportPeriod,
}

/// Why a narrative was not saved. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum NarrativeError {
    /// Longer than `domain::report_period::NARRATIVE_MAX_CHARS`.
    #[error("the narrative is too long")]
    TooLong,
    #[error("{0:?} not found")]
    NotFound(Missing),
    #[error("the version read is missing")]
    VersionMissing,
    /// Someone saved a newer version since the writer read it; the version now.
    #[error("changed since it was read")]
    Stale { current_version: i32 },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl From<NarrativeError> for AppError {
    fn from(err: NarrativeError) -> Self {
        match err {
            NarrativeError::TooLong => AppError::Validation(vec![crate::error::FieldMessage::new(
                "body",
                "text_too_long",
            )]),
            NarrativeError::NotFound(what) => AppError::NotFound(what),
            NarrativeError::VersionMissing => {
                AppError::BadRequest("The version read is missing.".into())
            }
            NarrativeError::Stale { .. } => {
                AppError::Conflict(crate::domain::Clash::ChangedSinceRead)
            }
            NarrativeError::Database(e) => AppError::from(e),
        }
    }
}

/// Saves the narrative of `which` pillar and period as the next version, if the
/// latest is still the one the writer started from; the version saved.
pub async fn save(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    which: NarrativeOf<'_>,
    input: &NarrativeInput,
    now: DateTime<Utc>,
) -> Result<i32, NarrativeError> {
    let NarrativeOf {
        program_id,
        pillar_code,
        period,
    } = which;
    // The pillar's row lock queues two saves of the same narrative one after the other.
    let pillar = store::structure::lock_pillar(tx, program_id, pillar_code)
        .await?
        .filter(|p| !p.archived)
        .ok_or_else(|| NarrativeError::NotFound(Missing::Pillar(pillar_code.to_string())))?;
    if !narrative_fits(&input.body) {
        return Err(NarrativeError::TooLong);
    }
    let expected = input
        .expected_version
        .ok_or(NarrativeError::VersionMissing)?;
    let label = period.label();
    let current = store::narratives::latest_version(tx, pillar.id, &label).await?;
    if current != expected {
        return Err(NarrativeError::Stale {
            current_version: current,
        });
    }
    let version = current + 1;
    let body = input.body.trim();
    store::narratives::insert_narrative(tx, pillar.id, &label, version, body, actor.label(), now)
        .await?;
    store::audit::record(
        tx,
        actor,
        origin,
        AuditEntry {
            action: if current == 0 { "create" } else { "update" },
            entity: "report_narrative",
            entity_id: Some(format!("{} {label}", pillar.code)),
            before: None,
            after: Some(json!({
                "pillar": pillar.code,
                "period": label,
                "version": version,
                "body": body,
            })),
            reason: None,
        },
    )
    .await?;
    Ok(version)
}
