//! The program's public facts: the organisations taking part (with their roles, never their
//! figures) and the milestones of the timeline.

use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::catalogue::request_program;
use super::openapi::NotFound;
use super::problem::ApiError;
use crate::domain::kinds::{MilestoneStatus, OrganisationKind};
use crate::domain::milestones;
use crate::state::AppState;
use crate::store;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(organisations))
        .routes(routes!(list_milestones))
}

/// An organisation taking part in the program.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationBody {
    #[schema(example = "DEMO-RKEF-A")]
    pub code: String,
    pub name: String,
    pub short_name: String,
    #[schema(value_type = crate::domain::OrganisationKind)]
    pub kind: OrganisationKind,
    /// What a tenant makes (rkef, hpal, refinery…).
    pub process_route: Option<String>,
    /// Its roles in the program (signatory, lead, reporting_tenant…).
    pub roles: Vec<String>,
    /// The pillars its roles cover.
    pub pillars: Vec<String>,
    /// A fictional organisation of the demo data.
    pub is_demo: bool,
}

/// List the organisations
///
/// The organisations taking part, with their roles in the program (never their figures).
#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "program",
    operation_id = "list_organisations",
    responses(
        (status = 200, description = "The organisations", body = Vec<OrganisationBody>),
        (status = 404, response = NotFound),
    )
)]
async fn organisations(
    State(state): State<AppState>,
) -> Result<Json<Vec<OrganisationBody>>, ApiError> {
    let program = request_program()?;
    let rows = store::stakeholders::directory(&state.pool, Some(program.id), None, None).await?;
    Ok(Json(
        rows.into_iter()
            .map(|s| OrganisationBody {
                code: s.code,
                name: s.name,
                short_name: s.short_name,
                kind: s.kind,
                process_route: s.process_route.map(|r| r.as_str().to_string()),
                roles: s.roles.iter().map(|r| r.as_str().to_string()).collect(),
                pillars: s.pillar_codes,
                is_demo: s.is_demo,
            })
            .collect(),
    ))
}

/// A milestone of the program's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct MilestoneBody {
    #[schema(example = "M01")]
    pub code: String,
    pub title_en: String,
    pub title_id: String,
    pub description_en: String,
    pub description_id: String,
    /// Null for a program-wide milestone.
    pub pillar: Option<String>,
    pub owner: Option<String>,
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
    /// As recorded.
    #[schema(value_type = crate::domain::MilestoneStatus)]
    pub status: MilestoneStatus,
    /// As it stands today: an unfinished milestone past its due date is late.
    #[schema(value_type = crate::domain::MilestoneStatus)]
    pub effective_status: MilestoneStatus,
    pub completed_on: Option<NaiveDate>,
    pub evidence_url: Option<String>,
}

/// List the milestones
///
/// The program's timeline, by start date, with each milestone's status as it stands today.
#[utoipa::path(
    get,
    path = "/api/v1/milestones",
    tag = "program",
    operation_id = "list_milestones",
    responses(
        (status = 200, description = "The milestones", body = Vec<MilestoneBody>),
        (status = 404, response = NotFound),
    )
)]
async fn list_milestones(
    State(state): State<AppState>,
) -> Result<Json<Vec<MilestoneBody>>, ApiError> {
    let program = request_program()?;
    let today = state.clock.today();
    let rows = store::milestones::milestones(&state.pool, program.id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|m| MilestoneBody {
                effective_status: milestones::effective_status(m.status, m.due_on, today),
                code: m.code,
                title_en: m.title.english,
                title_id: m.title.indonesian,
                description_en: m.description.english,
                description_id: m.description.indonesian,
                pillar: m.pillar_code,
                owner: m.owner_code,
                starts_on: m.starts_on,
                due_on: m.due_on,
                status: m.status,
                completed_on: m.completed_on,
                evidence_url: m.evidence_url,
            })
            .collect(),
    ))
}
