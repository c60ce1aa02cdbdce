//! `/review/{id}`: one report as its reviewer sees it, reopening an approved one with a reason,
//! and every report's history (`/review/{id}/history`, and `/submit/history/{id}` for the
//! reporting organisation's own).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use uuid::Uuid;

use super::format;
use super::layout::Layout;
use super::refusal::Refusal;
use super::report_form::PostedVersion;
use crate::auth::CurrentUser;
use crate::auth::policy::may_read_reason;
use crate::domain::AuditOrigin;
use crate::domain::kinds::ObservationStatus;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::observations::Observation;
use crate::store::structure::IndicatorRecord;
use crate::workflow::reports::{self};

use super::review_context::{
    WeightView, figure_of, park_text, previous_text, reviewer, strings, weight_view,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/review/{id}", get(detail))
        .route("/review/{id}/reopen", post(reopen))
        .route("/review/{id}/history", get(history))
        .route("/submit/history/{id}", get(own_history))
}

#[derive(Template)]
#[template(path = "review_detail.html")]
struct DetailPage {
    layout: Layout,
    s: &'static StructureStrings,
    id: Uuid,
    version: i32,
    indicator: String,
    name: String,
    organisation: String,
    period: String,
    figure: String,
    previous: String,
    park: String,
    /// Numerator and denominator with their labels, the share and the park figure with and
    /// without the report.
    weight: WeightView,
    status: String,
    submitted: bool,
    approved: bool,
    comment: String,
    evidence_url: String,
    data_quality: String,
    submitted_by: String,
    /// The note of the review that put the report in its current state.
    review_note: String,
    /// A return note the report has since been corrected for (submitted again): history.
    earlier_note: String,
    notice: String,
    problem: String,
    reason: String,
}

/// A report as the program's reviewers see it: a draft is still the tenant's own work, not
/// given to the program, so it is not found here (the tenant reads it through `own_history`).
async fn given_observation(
    state: &AppState,
    id: &str,
) -> Result<(Observation, IndicatorRecord), AppError> {
    let (observation, indicator) = observation(state, id).await?;
    if observation.status == ObservationStatus::Draft {
        return Err(AppError::NotFound(crate::domain::Missing::Observation));
    }
    Ok((observation, indicator))
}

async fn observation(
    state: &AppState,
    id: &str,
) -> Result<(Observation, IndicatorRecord), AppError> {
    let not_found = || AppError::NotFound(crate::domain::Missing::Observation);
    let id: Uuid = id.parse().map_err(|_| not_found())?;
    let observation = {
        let mut conn = state.pool.acquire().await?;
        store::observations::by_ids(&mut conn, &[id]).await?
    }
    .into_iter()
    .next()
    .ok_or_else(not_found)?;
    let program = crate::auth::program::current()?.ok_or_else(not_found)?;
    let indicator = store::structure::indicator(&state.pool, program.id, &observation.indicator)
        .await?
        .ok_or_else(not_found)?;
    Ok((observation, indicator))
}

#[derive(Deserialize, Default)]
struct DetailQuery {
    #[serde(default)]
    done: String,
}

async fn render_detail(
    state: &AppState,
    layout: Layout,
    id: &str,
    notice: String,
    problem: String,
    reason: String,
) -> Result<String, AppError> {
    let (o, indicator) = given_observation(state, id).await?;
    let approved = store::review::approved_of_indicators(&state.pool, &[o.indicator_id]).await?;
    let s = strings(&layout);
    let t = layout.t;
    // A submission keeps the note of the return before it; that note no longer stands.
    let current_note = matches!(
        o.status,
        ObservationStatus::Returned | ObservationStatus::Approved
    );
    Ok(DetailPage {
        s,
        id: o.id,
        version: o.version,
        indicator: o.indicator.clone(),
        name: layout.locale.text(&indicator.name).to_string(),
        organisation: o.organisation.clone(),
        period: format::period(
            &Period::containing(o.frequency, o.period_start),
            o.frequency,
            layout.locale,
        ),
        figure: format::with_unit(
            &figure_of(
                o.value,
                o.numerator,
                o.denominator,
                o.stage,
                &indicator,
                &layout,
            ),
            &format::period_unit(&o.unit, o.frequency, layout.locale),
        ),
        previous: previous_text(&approved, &indicator, &o, &layout),
        park: park_text(&approved, &indicator, o.period_start, &layout),
        weight: weight_view(&approved, &indicator, &o, &layout),
        status: t.observation_status(o.status).to_string(),
        submitted: o.status == ObservationStatus::Submitted,
        approved: o.status == ObservationStatus::Approved,
        comment: o.comment.clone(),
        evidence_url: o.evidence_url.clone().unwrap_or_default(),
        data_quality: t.data_quality(o.data_quality).to_string(),
        submitted_by: o.submitted_by.clone().unwrap_or_default(),
        review_note: current_note
            .then(|| o.review_note.clone())
            .flatten()
            .unwrap_or_default(),
        earlier_note: (!current_note)
            .then(|| o.review_note.clone())
            .flatten()
            .unwrap_or_default(),
        notice,
        problem,
        reason,
        layout,
    }
    .render()?)
}

async fn detail(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Result<Html<String>, AppError> {
    let s = strings(&layout);
    let notice = match query.done.as_str() {
        "approved" => s.approved_notice.to_string(),
        "returned" => s.returned_notice.to_string(),
        "reopened" => s.reopened_notice.to_string(),
        _ => String::new(),
    };
    Ok(Html(
        render_detail(&state, layout, &id, notice, String::new(), String::new()).await?,
    ))
}

#[derive(Deserialize, Default)]
struct ReopenForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    version: String,
}

async fn reopen(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
    Form(form): Form<ReopenForm>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let t = layout.t;
    let (o, _) = given_observation(&state, &id).await?;
    // A form that does not name the version it was read at (missing, empty, garbled) is
    // refused like the API's missing `If-Match`: it could reopen a report changed meanwhile.
    let PostedVersion::Named(version) = PostedVersion::read(&form.version) else {
        let html = render_detail(
            &state,
            layout,
            &id,
            String::new(),
            format!("{} {}", s.report_not_saved, s.err_form_version),
            form.reason,
        )
        .await?;
        return Ok((StatusCode::CONFLICT, Html(html)).into_response());
    };
    let reason = Some(form.reason.trim()).filter(|r| !r.is_empty());
    let mut tx = state.pool.begin().await?;
    match reports::reopen(
        &mut tx,
        &reviewer(&user),
        &context,
        state.clock.now(),
        o.id,
        Some(version),
        reason,
    )
    .await
    {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/review/{}?done=reopened", o.id)).into_response())
        }
        Err(e) => {
            drop(tx);
            let refusal = Refusal::of(e)?;
            let html = render_detail(
                &state,
                layout,
                &id,
                String::new(),
                format!("{} {}", s.report_not_saved, refusal.sentence(t)),
                form.reason,
            )
            .await?;
            Ok((refusal.status, Html(html)).into_response())
        }
    }
}

#[derive(Template)]
#[template(path = "observation_history.html")]
struct HistoryPage {
    layout: Layout,
    s: &'static StructureStrings,
    title: String,
    back: String,
    /// What `back` leads to: the report's review page (approve, return, reopen), or the
    /// tenant's own form.
    back_label: &'static str,
    rows: Vec<HistoryLine>,
}

struct HistoryLine {
    version: i32,
    action: String,
    changed_by: String,
    changed_at: String,
    reason: String,
    figure: String,
}

async fn render_history(
    state: &AppState,
    layout: Layout,
    o: &Observation,
    indicator: &IndicatorRecord,
    (back, back_label): (String, &'static str),
) -> Result<String, AppError> {
    let revisions = store::observations::revisions(&state.pool, o.id).await?;
    let s = strings(&layout);
    let reader = layout.note_reader();
    let rows = revisions
        .iter()
        .map(|r| {
            let after = &r.after;
            let num = |k: &str| after.get(k).and_then(serde_json::Value::as_f64);
            let stage = after
                .get("stage")
                .and_then(serde_json::Value::as_i64)
                .map(|x| x as i16);
            let status = after
                .get("status")
                .and_then(serde_json::Value::as_str)
                .and_then(|x| x.parse::<ObservationStatus>().ok())
                .map(|x| layout.t.observation_status(x).to_string())
                .unwrap_or_default();
            HistoryLine {
                version: r.version,
                action: r.action.clone(),
                changed_by: r.changed_by.clone(),
                changed_at: r.changed_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                // A reopening reason or an approval's note stays with the reviewers.
                reason: r
                    .reason
                    .clone()
                    .filter(|_| may_read_reason(reader, &r.action, o.organisation_id))
                    .unwrap_or_default(),
                figure: format!(
                    "{} · {status}",
                    format::with_unit(
                        &figure_of(
                            num("value"),
                            num("numerator"),
                            num("denominator"),
                            stage,
                            indicator,
                            &layout,
                        ),
                        &format::period_unit(&o.unit, o.frequency, layout.locale),
                    )
                ),
            }
        })
        .collect();
    Ok(HistoryPage {
        s,
        title: format!("{} · {} · {}", o.indicator, o.organisation, o.period_start),
        back,
        back_label,
        rows,
        layout,
    }
    .render()?)
}

async fn history(
    State(state): State<AppState>,
    layout: Layout,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let (o, indicator) = given_observation(&state, &id).await?;
    let back = (format!("/review/{}", o.id), layout.t.workflow.open_review);
    Ok(Html(
        render_history(&state, layout, &o, &indicator, back).await?,
    ))
}

/// A tenant user's view of the history of one of their own organisation's reports.
async fn own_history(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let (o, indicator) = observation(&state, &id).await?;
    if user.organisation_id != Some(o.organisation_id) {
        return Err(AppError::NotFound(crate::domain::Missing::Observation));
    }
    let back = (
        format!("/submit/{}/{}", o.indicator, o.period_start),
        strings(&layout).back,
    );
    Ok(Html(
        render_history(&state, layout, &o, &indicator, back).await?,
    ))
}
