//! Materials of the ledger (issue 18): added and changed (names, unit, waste class, the
//! indicators they feed; the code stays) by admins. A changed link to an indicator computed
//! from the ledger rewrites that indicator's official figures in the same transaction.
//! Rules from `domain::structure`, SQL in `store::flows`; no HTML, forms or wording here.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{
    FieldProblem, Problem, Problems, Saved, StructureError, record_created, record_updated,
};
use crate::domain::kinds::{HazardClass, MaterialUnit};
use crate::domain::structure::{is_material_code, normalise_code};
use crate::domain::{Actor, AuditOrigin, Bilingual, Missing};
use crate::store;
use crate::store::flows::{MaterialDraft, MaterialRecord};

/// A material as the caller sends it.
#[derive(Debug, Clone, Default)]
pub struct MaterialInput {
    /// The new material's code; an update keeps the stored one.
    pub code: String,
    pub name: Bilingual,
    /// `tonne`, `cubic_metre`, `megawatt_hour` or `gigajoule`.
    pub unit: String,
    /// `b3`, `b3_exempt`, `non_b3`, or empty for what is not a waste.
    pub hazard_class: String,
    /// Codes of the program's indicators it feeds.
    pub indicators: Vec<String>,
}

async fn check(
    tx: &mut Transaction<'_, Postgres>,
    program_id: Uuid,
    code: &str,
    input: &MaterialInput,
) -> Result<MaterialDraft, StructureError> {
    let mut problems = Problems::new(&[]);
    let code = normalise_code(code);
    if !is_material_code(&code) {
        problems.push("code", Problem::MaterialCode);
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
    let unit = match input.unit.trim() {
        "" => {
            problems.push("unit", Problem::Required);
            None
        }
        text => text.parse::<MaterialUnit>().ok().or_else(|| {
            problems.push("unit", Problem::Choose);
            None
        }),
    };
    let hazard_class = match input.hazard_class.trim() {
        "" => None,
        text => text.parse::<HazardClass>().ok().or_else(|| {
            problems.push("hazard_class", Problem::Choose);
            None
        }),
    };
    let offered = store::flows::linkable_indicators(&mut **tx, program_id).await?;
    let mut indicators = Vec::new();
    for wanted in &input.indicators {
        let wanted = normalise_code(wanted);
        match offered.iter().find(|(_, c)| *c == wanted) {
            Some(found) if !indicators.contains(found) => indicators.push(found.clone()),
            Some(_) => {}
            None => problems.push("indicators", Problem::Choose),
        }
    }
    problems.finish()?;
    let Some(unit) = unit else {
        return Err(StructureError::Invalid(vec![FieldProblem::new(
            "unit",
            Problem::Required,
        )]));
    };
    Ok(MaterialDraft {
        code,
        name: input.name.trimmed(),
        unit,
        hazard_class,
        indicators,
    })
}

/// The material `code`, locked for the change.
async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    code: &str,
) -> Result<MaterialRecord, StructureError> {
    store::flows::lock_material(tx, code)
        .await?
        .ok_or_else(|| StructureError::NotFound(Missing::Page))
}

/// Rewrites the official figures of the indicators computed from the ledger when the
/// material's links changed: an indicator it now feeds, or no longer feeds, counts other
/// tonnes from now on.
async fn refresh_if_linked(
    tx: &mut Transaction<'_, Postgres>,
    before: &[String],
    after: &[(Uuid, String)],
) -> Result<(), StructureError> {
    let mut now: Vec<&str> = after.iter().map(|(_, c)| c.as_str()).collect();
    now.sort_unstable();
    let mut was: Vec<&str> = before.iter().map(String::as_str).collect();
    was.sort_unstable();
    if now != was {
        store::flows::refresh_computed_figures(tx, None, None).await?;
    }
    Ok(())
}

/// Adds a material.
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    (program_id, now): (Uuid, DateTime<Utc>),
    input: &MaterialInput,
) -> Result<Saved, StructureError> {
    let draft = check(tx, program_id, &input.code, input).await?;
    if store::flows::lock_material(tx, &draft.code)
        .await?
        .is_some()
    {
        return Err(StructureError::Invalid(vec![FieldProblem::new(
            "code",
            Problem::CodeTaken,
        )]));
    }
    let id = store::flows::insert_material(tx, &draft, now)
        .await
        .map_err(code_taken_or)?;
    let ids: Vec<Uuid> = draft.indicators.iter().map(|(id, _)| *id).collect();
    store::flows::set_material_indicators(tx, id, &ids).await?;
    refresh_if_linked(tx, &[], &draft.indicators).await?;
    record_created(tx, actor, origin, "material", id, json!(draft)).await?;
    Ok(Saved {
        id,
        code: draft.code,
    })
}

/// Changes the material `code` if it is still at `expected_version`. The code names the
/// material in the ledger, the API and imports: it is not edited.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    (program_id, code): (Uuid, &str),
    expected_version: Option<i32>,
    input: &MaterialInput,
) -> Result<(), StructureError> {
    let material = lock(tx, code).await?;
    let draft = check(tx, program_id, &material.code, input).await?;
    let version = expected_version.ok_or(StructureError::VersionMissing)?;
    if !store::flows::update_material(tx, material.id, version, &draft).await? {
        return Err(StructureError::Stale);
    }
    let ids: Vec<Uuid> = draft.indicators.iter().map(|(id, _)| *id).collect();
    store::flows::set_material_indicators(tx, material.id, &ids).await?;
    refresh_if_linked(tx, &material.indicators, &draft.indicators).await?;
    record_updated(
        tx,
        actor,
        origin,
        "material",
        material.id,
        json!(material),
        json!(draft),
    )
    .await?;
    Ok(())
}

/// Two admins adding the same code at once: the second is told the code is taken.
fn code_taken_or(err: sqlx::Error) -> StructureError {
    match &err {
        sqlx::Error::Database(db) if db.constraint() == Some("material_code_key") => {
            StructureError::Invalid(vec![FieldProblem::new("code", Problem::CodeTaken)])
        }
        _ => StructureError::Database(err),
    }
}
