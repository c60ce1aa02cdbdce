//! Organisations — kind, process route, contacts — with their roles in the program and the
//! pillars of each role: created, changed (the code stays), archived and restored.
//! Rules from `domain::structure`, SQL in `store::structure`; no HTML, forms or wording here.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::{
    FieldProblem, Problem, Problems, Saved, StructureError, code_taken_or, optional_text,
    record_archive_change, record_created, record_updated,
};
use crate::domain::kinds::{OrganisationKind, ProcessRoute, ProgramRole};
use crate::domain::structure::{has_process_route, is_email, is_organisation_code, normalise_code};
use crate::domain::web_address::check_url;
use crate::domain::{Actor, AuditOrigin, Bilingual};
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::structure::{OrganisationDraft, OrganisationRecord, PillarRecord};

/// An organisation as the caller sends it. `None` in a closed set means none was chosen.
#[derive(Debug, Clone, Default)]
pub struct OrganisationInput {
    /// The new organisation's code; an update keeps the stored one.
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: Option<OrganisationKind>,
    /// The plant's process route (tenants and the park operator only).
    pub process_route: Option<ProcessRoute>,
    pub description: Bilingual,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    /// Its roles in the program, in the order given (a role given twice counts once).
    pub roles: Vec<RoleInput>,
    /// Fields the caller could not read (`process_route`, `roles`): reported with the rules'
    /// problems.
    pub reading_problems: Vec<FieldProblem>,
}

/// A role in the program and the codes of the (live) pillars it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInput {
    pub role: ProgramRole,
    pub pillars: Vec<String>,
}

fn check(
    input: &OrganisationInput,
    code: &str,
    pillars: &[PillarRecord],
) -> Result<OrganisationDraft, StructureError> {
    let mut problems = Problems::new(&input.reading_problems);
    let code = normalise_code(code);
    if !is_organisation_code(&code) {
        problems.push("code", Problem::OrganisationCode);
    }
    for (field, value) in [("name", &input.name), ("short_name", &input.short_name)] {
        if value.trim().is_empty() {
            problems.push(field, Problem::Required);
        }
    }
    problems.limit(
        Problem::NameTooLong,
        &[
            ("name", &input.name),
            ("short_name", &input.short_name),
            (
                "contact_name",
                input.contact_name.as_deref().unwrap_or_default(),
            ),
        ],
    );
    problems.limit(
        Problem::TextTooLong,
        &[
            ("description_en", &input.description.english),
            ("description_id", &input.description.indonesian),
        ],
    );
    let kind = input.kind;
    if kind.is_none() {
        problems.push("kind", Problem::Choose);
    }
    if input.process_route.is_some() && kind.is_some_and(|k| !has_process_route(k)) {
        problems.push("process_route", Problem::RouteTenant);
    }
    let website = optional_text(input.website.as_deref());
    if website
        .as_deref()
        .is_some_and(|url| check_url(url).is_err())
    {
        problems.push("website", Problem::Url);
    }
    let contact_email = optional_text(input.contact_email.as_deref());
    if contact_email.as_deref().is_some_and(|e| !is_email(e)) {
        problems.push("contact_email", Problem::Email);
    }
    let mut roles = Vec::new();
    for role in &input.roles {
        let mut ids = Vec::new();
        for code in &role.pillars {
            match pillars.iter().find(|p| &p.code == code && !p.archived) {
                Some(p) => ids.push(p.id),
                None => problems.push("roles", Problem::Choose),
            }
        }
        roles.push((role.role.as_str().to_string(), ids));
    }
    roles.sort();
    roles.dedup_by(|a, b| a.0 == b.0);
    let Some(kind) = kind else {
        return Err(problems.into_error());
    };
    problems.finish()?;
    Ok(OrganisationDraft {
        code,
        name: input.name.trim().into(),
        short_name: input.short_name.trim().into(),
        kind: kind.as_str().into(),
        process_route: input.process_route.map(|r| r.as_str().to_string()),
        description: input.description.trimmed(),
        website,
        contact_name: optional_text(input.contact_name.as_deref()),
        contact_email,
        roles,
    })
}

/// The organisation `code` with its roles in the program, locked for the change.
async fn lock(
    tx: &mut Transaction<'_, Postgres>,
    program_id: Uuid,
    code: &str,
) -> Result<OrganisationRecord, StructureError> {
    store::structure::lock_organisation(tx, program_id, code)
        .await?
        .ok_or_else(|| {
            StructureError::NotFound(crate::domain::Missing::Organisation(code.to_string()))
        })
}

/// Adds an organisation with its roles in the program.
pub async fn create(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    input: &OrganisationInput,
) -> Result<Saved, StructureError> {
    let pillars = store::structure::pillars(&mut **tx, program_id).await?;
    let draft = check(input, &input.code, &pillars)?;
    let id = store::structure::insert_organisation(tx, &draft)
        .await
        .map_err(code_taken_or)?;
    store::structure::replace_roles(tx, program_id, id, &draft.roles).await?;
    record_created(tx, actor, origin, "organisation", id, json!(draft)).await?;
    Ok(Saved {
        id,
        code: draft.code,
    })
}

/// Changes the organisation `code` and its roles in the program if it is still at
/// `expected_version`. The code is not edited.
pub async fn update(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    expected_version: Option<i32>,
    input: &OrganisationInput,
) -> Result<(), StructureError> {
    let record = lock(tx, program_id, code).await?;
    let pillars = store::structure::pillars(&mut **tx, program_id).await?;
    let draft = check(input, &record.code, &pillars)?;
    let version = expected_version.ok_or(StructureError::VersionMissing)?;
    if store::structure::update_organisation(tx, record.id, version, &draft)
        .await?
        .is_none()
    {
        return Err(StructureError::Stale);
    }
    store::structure::replace_roles(tx, program_id, record.id, &draft.roles).await?;
    record_updated(
        tx,
        actor,
        origin,
        "organisation",
        record.id,
        json!(record),
        json!(draft),
    )
    .await?;
    Ok(())
}

/// Archives (`archived`) or restores the organisation `code`; its reports and accounts stay.
/// Archiving also ends its access, in the same transaction: its API tokens are revoked and its
/// users' sessions end (each audited). Restoring does not bring the old tokens back.
pub async fn set_archived(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    program_id: Uuid,
    code: &str,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<(), StructureError> {
    let record = lock(tx, program_id, code).await?;
    store::structure::set_organisation_archived(tx, record.id, archived, now).await?;
    record_archive_change(
        tx,
        actor,
        origin,
        "organisation",
        record.id,
        record.archived,
        archived,
    )
    .await?;
    if archived {
        end_access(tx, actor, origin, record.id, now).await?;
    }
    Ok(())
}

/// Revokes the organisation's live tokens and ends its users' sessions, with audit entries.
async fn end_access(
    tx: &mut Transaction<'_, Postgres>,
    actor: &Actor,
    origin: &AuditOrigin,
    organisation_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StructureError> {
    for token_id in store::tokens::revoke_all_of_organisation(tx, organisation_id, now).await? {
        store::audit::record(
            tx,
            actor,
            origin,
            AuditEntry {
                action: "revoke",
                entity: "api_token",
                entity_id: Some(token_id.to_string()),
                before: Some(json!({ "revoked_at": null })),
                after: Some(json!({ "revoked_at": now, "reason": "organisation archived" })),
                reason: Some("organisation archived"),
            },
        )
        .await?;
    }
    let ended = store::users::delete_sessions_of_organisation(tx, organisation_id).await?;
    if ended > 0 {
        store::audit::record(
            tx,
            actor,
            origin,
            AuditEntry {
                action: "end_sessions",
                entity: "organisation",
                entity_id: Some(organisation_id.to_string()),
                before: Some(json!({ "sessions": ended })),
                after: Some(json!({ "sessions": 0 })),
                reason: Some("organisation archived"),
            },
        )
        .await?;
    }
    Ok(())
}
