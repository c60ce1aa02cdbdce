//! Pillars: created, changed (names, descriptions, position; the code stays), archived and
//! restored. A pillar's code is 2 to 4 capitals, unique in the program.
//! Rules from `domain::structure`, SQL in `store::structure`; no HTML, forms or wording here.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{
    FieldProblem, Problem, Problems, Saved, StructureError, code_taken_or, record_archive_change,
    record_created, record_updated,
};
use crate::domain::structure::{is_pillar_code, is_position, normalise_code};
use crate::domain::{Actor, AuditOrigin, Bilingual};
use crate::store;
use crate::store::structure::{PillarDraft, PillarRecord};

/// A pillar as the caller sends it.
#[derive(Debug, Clone, Default)]
pub struct PillarInput {
    /// The new pillar's code; an update keeps the stored one.
    pub code: String,
    pub name: Bilingual,
    pub description: Bilingual,
    /// Where it comes in lists (0 or more).
    pub position: i16,
    /// Fields the caller could not read (`position`): reported with the rules' problems.
    pub reading_problems: Vec<FieldProblem>,
}

fn check(code: &str, input: &PillarInput) -> Result<PillarDraft, StructureError> {
    let mut problems = Problems::new(&input.reading_problems);
    let code = normalise_code(code);
    if !is_pillar_code(&code) {
        problems.push("code", Problem::PillarCode);
    }
    for (field, value) in [
        ("name_en", &input.name.english),
        ("name_id", &input.name.indonesian),
    ] {
        if value.trim().is_empty() {
            problems.push(field, Problem::Required);
        }
    }
    problems.limit(
        Problem::NameTooLong,
        &[
            ("name_en", &input.name.english),
            ("name_id", &input.name.indonesian),
        ],
    );
    problems.limit(
        Problem::TextTooLong,
        &[
            ("description_en", &input.description.english),
            ("description_id", &input.description.indonesian),
        ],
    );
    if !problems.unread("position") && !is_position(input.position) {
        problems.push("position", Problem::Position);
    }
    problems.finish()?;
    Ok(PillarDraft {
        code,
        name: input.name.trimmed(),
        description: input.description.trimmed(),
        position: input.position,
    })
}

/// The program's pillar `code`, locked for the change.
async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    program_id: Uuid,
    code: &str,
) -> Result<PillarRecord, StructureError> {
    store::structure::lock_pillar(tx, program_id, code)
        .await?
        .ok_or_else(|| StructureError::NotFound(crate::domain::Missing::Pillar(code.to_string())))
}

/// Adds a pillar to the program.
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    input: &PillarInput,
) -> Result<Saved, StructureError> {
    let draft = check(&input.code, input)?;
    let id = store::structure::insert_pillar(tx, program_id, &draft)
        .await
        .map_err(code_taken_or)?;
    record_created(tx, actor, origin, "pillar", id, json!(draft)).await?;
    Ok(Saved {
        id,
        code: draft.code,
    })
}

/// Changes the pillar `code` if it is still at `expected_version`. The code names the pillar
/// in addresses and data: it is not edited.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    expected_version: Option<i32>,
    input: &PillarInput,
) -> Result<(), StructureError> {
    let pillar = lock(tx, program_id, code).await?;
    let draft = check(&pillar.code, input)?;
    let version = expected_version.ok_or(StructureError::VersionMissing)?;
    if store::structure::update_pillar(tx, pillar.id, version, &draft)
        .await?
        .is_none()
    {
        return Err(StructureError::Stale);
    }
    record_updated(
        tx,
        actor,
        origin,
        "pillar",
        pillar.id,
        json!(pillar),
        json!(draft),
    )
    .await?;
    Ok(())
}

/// Archives (`archived`, at `now`) or restores the pillar `code`. Its indicators and their data
/// stay.
pub async fn set_archived(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<(), StructureError> {
    let pillar = lock(tx, program_id, code).await?;
    store::structure::set_pillar_archived(tx, pillar.id, archived, now).await?;
    record_archive_change(
        tx,
        actor,
        origin,
        "pillar",
        pillar.id,
        pillar.archived,
        archived,
    )
    .await
}
