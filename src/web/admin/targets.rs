//! `/admin/indicators/{code}/targets`: an indicator's yearly target, set from its page. A change
//! asks for a reason and is kept in the revision history; both are
//! `crate::workflow::structure::targets`' business. A refused target comes back on the
//! indicator's page in its row, with one message.
//! Reads through `store/`; no SQL, no write of its own and no rule here.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};

use super::indicator_page::{
    IndicatorForm, IndicatorView, TargetForm, indicator_by_code, render_indicator,
};
use super::structure::{problem_text, program, read_typed_number, strings};
use crate::auth::CurrentUser;
use crate::domain::{Actor, AuditOrigin};
use crate::error::AppError;
use crate::state::AppState;
use crate::web::layout::Layout;
use crate::workflow::structure::StructureError;
use crate::workflow::structure::targets::{self, TargetInput};

pub fn router() -> Router<AppState> {
    Router::new().route("/admin/indicators/{code}/targets", post(set_target))
}

async fn set_target(
    State(state): State<AppState>,
    layout: Layout,
    Extension(admin): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(code): Path<String>,
    Form(typed): Form<TargetForm>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let program = program()?;
    // Read by the page's language; an ambiguous number is refused, to be retyped.
    let value = read_typed_number(&typed.value, layout.locale.number_convention());
    if let Err(problem) = value {
        let record = indicator_by_code(&state, &code).await?;
        let view = IndicatorView {
            target_input: Some((typed, problem_text(s, problem).to_string())),
            ..IndicatorView::plain(IndicatorForm::of(&record))
        };
        let html = render_indicator(&state, layout, Some(&record), view).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let input = TargetInput {
        year: typed.year.trim().parse().ok(),
        value: value.ok().flatten(),
        expected_version: match typed.version.trim() {
            "" => None,
            v => v.parse().ok(),
        },
        reason: typed.reason.clone(),
        first_target_reason: s.first_target_reason.into(),
    };
    let mut tx = state.pool.begin().await?;
    let set = targets::set(
        &mut tx,
        &Actor::from(&admin),
        &context,
        program.id,
        &code,
        &input,
    )
    .await;
    let (status, message) = match set {
        Ok(()) => {
            tx.commit().await?;
            return Ok(
                Redirect::to(&format!("/admin/indicators/{code}?done=target")).into_response(),
            );
        }
        // The row shows one message: the first.
        Err(StructureError::Invalid(problems)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            problems
                .first()
                .map(|p| problem_text(s, p.problem).to_string())
                .unwrap_or_default(),
        ),
        Err(StructureError::TargetChanged { current_value }) => (
            StatusCode::CONFLICT,
            format!(
                "{} {}",
                s.target_conflict,
                current_value
                    .map(super::structure::number_for_input)
                    .unwrap_or_else(|| "—".into())
            ),
        ),
        Err(e) => return Err(e.into()),
    };
    drop(tx);
    let record = indicator_by_code(&state, &code).await?;
    let view = IndicatorView {
        target_input: Some((typed, message)),
        ..IndicatorView::plain(IndicatorForm::of(&record))
    };
    let html = render_indicator(&state, layout, Some(&record), view).await?;
    Ok((status, Html(html)).into_response())
}
