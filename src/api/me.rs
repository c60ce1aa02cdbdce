//! `GET /api/v1/me`: which organisation and scope the presented token stands for.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::principal::Principal;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

/// The token presented and what it may do.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub token_id: Uuid,
    /// The organisation the token belongs to; it reads and writes that organisation's reports.
    #[schema(example = "DEMO-RKEF-A")]
    pub organisation: String,
    /// `read` or `write`.
    #[schema(example = "write")]
    pub scope: String,
    /// Whether the token is a program manager's (its organisation leads or hosts the program):
    /// it then reads every organisation's reports and reviews them.
    pub manager: bool,
}

/// Read the token's identity
///
/// The organisation the token stands for, its scope, and whether it is a program manager's.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "account",
    operation_id = "get_me",
    responses((status = 200, description = "The token's organisation and scope", body = Me))
)]
async fn me(principal: Principal) -> Json<Me> {
    Json(Me {
        token_id: principal.caller.token_id,
        organisation: principal.caller.organisation_code.clone(),
        scope: principal.caller.scope.as_str().to_string(),
        manager: principal.manager,
    })
}
