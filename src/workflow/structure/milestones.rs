//! The milestones of the program's timeline — dates, pillar, owner, status, completion date
//! and evidence: created and changed (the code stays), under the rules of
//! `domain::milestones`.
//! SQL in `store::structure`; no HTML, forms or wording here.

use chrono::NaiveDate;
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{
    FieldProblem, Problem, Problems, Saved, StructureError, code_taken_or, optional_text,
    record_created, record_updated,
};
use crate::domain::kinds::MilestoneStatus;
use crate::domain::milestones::{
    CompletionProblem, completion_problem, dates_in_order, is_milestone_code,
};
use crate::domain::structure::normalise_code;
use crate::domain::web_address::check_url;
use crate::domain::{Actor, AuditOrigin, Bilingual};
use crate::store;
use crate::store::structure::{MilestoneDraft, MilestoneRecord};

/// A milestone as the caller sends it. `None`: not given (or, for the required dates, not
/// readable).
#[derive(Debug, Clone, Default)]
pub struct MilestoneInput {
    /// The new milestone's code; an update keeps the stored one.
    pub code: String,
    pub title: Bilingual,
    pub description: Bilingual,
    /// The code of the pillar it belongs to, if any.
    pub pillar: Option<String>,
    /// The code of the (live) organisation that owns it, if any.
    pub owner: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub status: Option<MilestoneStatus>,
    pub completed_on: Option<NaiveDate>,
    pub evidence_url: Option<String>,
    /// Fields the caller could not read (`completed_on`): reported with the rules' problems.
    pub reading_problems: Vec<FieldProblem>,
}

async fn check(
    tx: &mut Transaction<'_, Postgres>,
    program_id: Uuid,
    code: &str,
    input: &MilestoneInput,
) -> Result<MilestoneDraft, StructureError> {
    let mut problems = Problems::new(&input.reading_problems);
    let code = normalise_code(code);
    if !is_milestone_code(&code) {
        problems.push("code", Problem::MilestoneCode);
    }
    for (field, value) in [
        ("title_en", &input.title.english),
        ("title_id", &input.title.indonesian),
    ] {
        if value.trim().is_empty() {
            problems.push(field, Problem::Required);
        }
    }
    problems.limit(
        Problem::NameTooLong,
        &[
            ("title_en", &input.title.english),
            ("title_id", &input.title.indonesian),
        ],
    );
    problems.limit(
        Problem::TextTooLong,
        &[
            ("description_en", &input.description.english),
            ("description_id", &input.description.indonesian),
        ],
    );
    let pillar_id = match optional_text(input.pillar.as_deref()) {
        None => None,
        Some(code) => {
            let pillars = store::structure::pillars(&mut **tx, program_id).await?;
            let found = pillars.iter().find(|p| p.code == code).map(|p| p.id);
            if found.is_none() {
                problems.push("pillar", Problem::Choose);
            }
            found
        }
    };
    let owner_organisation_id = match optional_text(input.owner.as_deref()) {
        None => None,
        Some(code) => {
            let found = store::organisations::id_by_code(&mut **tx, &code).await?;
            if found.is_none() {
                problems.push("owner", Problem::Choose);
            }
            found
        }
    };
    let (starts_on, due_on) = (input.starts_on, input.due_on);
    if starts_on.is_none() {
        problems.push("starts_on", Problem::Date);
    }
    if due_on.is_none() {
        problems.push("due_on", Problem::Date);
    }
    if let (Some(a), Some(b)) = (starts_on, due_on)
        && !dates_in_order(a, b)
    {
        problems.push("due_on", Problem::DueBeforeStart);
    }
    let status = input.status;
    if status.is_none() {
        problems.push("status", Problem::Choose);
    }
    // An unreadable completion date is already reported; whether one is needed is not asked.
    if let Some(status) = status
        && !problems.unread("completed_on")
    {
        match completion_problem(status, input.completed_on) {
            Some(CompletionProblem::Missing) => {
                problems.push("completed_on", Problem::CompletedNeeded)
            }
            Some(CompletionProblem::NotDone) => {
                problems.push("completed_on", Problem::CompletedOnlyDone)
            }
            None => {}
        }
    }
    let evidence_url = optional_text(input.evidence_url.as_deref());
    if evidence_url
        .as_deref()
        .is_some_and(|url| check_url(url).is_err())
    {
        problems.push("evidence_url", Problem::Url);
    }
    let (Some(starts_on), Some(due_on), Some(status)) = (starts_on, due_on, status) else {
        return Err(problems.into_error());
    };
    problems.finish()?;
    Ok(MilestoneDraft {
        code,
        title: input.title.trimmed(),
        description: input.description.trimmed(),
        pillar_id,
        owner_organisation_id,
        starts_on,
        due_on,
        status: status.as_str().into(),
        completed_on: input.completed_on,
        evidence_url,
    })
}

/// Adds a milestone to the program's timeline.
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    input: &MilestoneInput,
) -> Result<Saved, StructureError> {
    let draft = check(tx, program_id, &input.code, input).await?;
    let id = store::structure::insert_milestone(tx, program_id, &draft)
        .await
        .map_err(code_taken_or)?;
    record_created(tx, actor, origin, "milestone", id, json!(draft)).await?;
    Ok(Saved {
        id,
        code: draft.code,
    })
}

/// The program's milestone `code`, locked for the change.
async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    program_id: Uuid,
    code: &str,
) -> Result<MilestoneRecord, StructureError> {
    store::structure::lock_milestone(tx, program_id, code)
        .await?
        .ok_or_else(|| {
            StructureError::NotFound(crate::domain::Missing::Milestone(code.to_string()))
        })
}

/// Changes the milestone `code` if it is still at `expected_version`. The code is not edited.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    expected_version: Option<i32>,
    input: &MilestoneInput,
) -> Result<(), StructureError> {
    let record = lock(tx, program_id, code).await?;
    let draft = check(tx, program_id, &record.code, input).await?;
    let version = expected_version.ok_or(StructureError::VersionMissing)?;
    if store::structure::update_milestone(tx, record.id, version, &draft)
        .await?
        .is_none()
    {
        return Err(StructureError::Stale);
    }
    record_updated(
        tx,
        actor,
        origin,
        "milestone",
        record.id,
        json!(record),
        json!(draft),
    )
    .await?;
    Ok(())
}
