//! `/exports/iati-activities.xml`: the program as an IATI 2.03 activity file, for dashboard
//! readers (viewers, managers, admins; `auth::policy` keeps tenants out). The document and
//! its rules are `domain::iati`'s; this module reads the program and answers the file.

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::domain::iati;
use crate::domain::missing::Missing;
use crate::error::AppError;
use crate::i18n::iati_words;
use crate::state::AppState;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new().route("/exports/iati-activities.xml", get(iati_activities))
}

async fn iati_activities(State(state): State<AppState>) -> Result<Response, AppError> {
    Ok(xml_download(iati_document(&state).await?))
}

/// The main program's IATI file (404 when there is no program yet).
async fn iati_document(state: &AppState) -> Result<String, AppError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let activity = store::iati::activity(&state.pool, program.id)
        .await?
        .ok_or(AppError::NotFound(Missing::Program))?;
    iati::activities_xml(
        &activity,
        &state.iati,
        state.clock.now(),
        state.clock.today(),
        &iati_words,
    )
    .map_err(|e| AppError::Unexpected(anyhow::Error::new(e).context("writing the IATI file")))
}

/// An XML document as a download.
fn xml_download(body: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/xml; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"iati-activities.xml\""),
            ),
        ],
        body,
    )
        .into_response()
}
