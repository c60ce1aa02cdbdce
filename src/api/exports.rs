//! `GET /api/v1/exports/iati-activities.xml`: the program's IATI results file for a program
//! manager's token (the same document as `/exports/iati-activities.xml`; `domain::iati`
//! decides what it holds). A tenant's token is refused: the file covers the whole program.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::NotFound;
use super::principal::Principal;
use super::problem::ApiError;
use crate::domain::iati;
use crate::domain::{Denied, Missing};
use crate::error::AppError;
use crate::i18n::iati_words;
use crate::state::AppState;
use crate::store;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(iati_activities))
}

/// Download the IATI results file
///
/// The program as one IATI 2.03 activity (`iati-activities` XML): a result per pillar, an
/// indicator per indicator with its GRI and SDG references, baseline, and a period per
/// official park figure with its target and actual value. Only approved park figures whose
/// coverage is met and that pool at least three organisations (or come from the park itself)
/// carry a value; never an organisation's own figure. Needs a program manager's token.
#[utoipa::path(
    get,
    path = "/api/v1/exports/iati-activities.xml",
    tag = "figures",
    operation_id = "get_iati_activities",
    responses(
        (status = 200, description = "The IATI 2.03 activity file", content_type = "application/xml", body = String),
        (status = 403, response = super::openapi::Forbidden),
        (status = 404, response = NotFound),
    )
)]
async fn iati_activities(
    State(state): State<AppState>,
    principal: Principal,
) -> Result<Response, ApiError> {
    if !principal.manager {
        return Err(ApiError::App(AppError::Forbidden(Denied::ManagersOnly)));
    }
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let activity = store::iati::activity(&state.pool, program.id)
        .await?
        .ok_or(AppError::NotFound(Missing::Program))?;
    let document = iati::activities_xml(
        &activity,
        &state.iati,
        state.clock.now(),
        state.clock.today(),
        &iati_words,
    )
    .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("writing the IATI file")))?;
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/xml; charset=utf-8"),
        )],
        document,
    )
        .into_response())
}
