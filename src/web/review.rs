//! `/review`: program managers review submitted observations — a queue filterable by pillar,
//! indicator, organisation and period, each figure beside the organisation's previous periods
//! and the park figure so an outlier stands out; approve or return with a note, one or several
//! at once (one report's own page, reopening and history are `review_detail`; what is shown
//! beside each report is `review_context`). Every rule
//! (self-review, locks, notes, versions, revisions, audit) is `crate::workflow::reports`'s; a
//! refusal is shown through `web::refusal`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::format;
use super::layout::Layout;
use super::refusal::Refusal;
use super::view;
use crate::auth::CurrentUser;
use crate::domain::AuditOrigin;
use crate::domain::kinds::ObservationStatus;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::observations::{Observation, ObservationFilter};
use crate::workflow::reports::{self};

use super::review_context::{figure_of, is_outlier, park_text, previous_text, reviewer, strings};

pub fn router() -> Router<AppState> {
    Router::new().route("/review", get(queue).post(decide))
}

/// The most submitted observations the queue shows at once.
const QUEUE_LIMIT: i64 = 500;

#[derive(Deserialize, Default, Clone)]
struct QueueQuery {
    #[serde(default)]
    pillar: String,
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    done: String,
}

#[derive(Template)]
#[template(path = "review.html")]
struct QueuePage {
    layout: Layout,
    s: &'static StructureStrings,
    query: QueueQuery,
    pillars: Vec<(String, String)>,
    indicators: Vec<(String, String)>,
    organisations: Vec<(String, String)>,
    rows: Vec<QueueLine>,
    notice: String,
    problem: String,
}

struct QueueLine {
    id: Uuid,
    version: i32,
    indicator: String,
    name: String,
    organisation: String,
    period: String,
    figure: String,
    previous: String,
    park: String,
    submitted_by: String,
    comment: String,
    /// Far from the organisation's previous approved figures (see [`is_outlier`]).
    outlier: bool,
}

async fn render_queue(
    state: &AppState,
    layout: Layout,
    query: QueueQuery,
    problem: String,
) -> Result<String, AppError> {
    let program = store::program::main_program(&state.pool)
        .await?
        .ok_or_else(|| AppError::NotFound("The program".into()))?;
    let period = NaiveDate::parse_from_str(query.period.trim(), "%Y-%m-%d").ok();
    let filter = ObservationFilter {
        indicator_code: Some(query.indicator.clone()).filter(|c| !c.is_empty()),
        organisation_code: Some(query.organisation.clone()).filter(|c| !c.is_empty()),
        period_from: period,
        status: Some(ObservationStatus::Submitted),
        ..ObservationFilter::default()
    };
    let (observations, indicators, pillars, organisations) = tokio::try_join!(
        store::observations::page(&state.pool, &filter, None, QUEUE_LIMIT),
        store::structure::indicators(&state.pool, program.id),
        store::structure::pillars(&state.pool, program.id),
        store::organisations::choices(&state.pool)
    )?;
    let observations: Vec<Observation> = observations
        .into_iter()
        .filter(|o| period.is_none_or(|p| o.period_start == p))
        .filter(|o| {
            query.pillar.is_empty()
                || indicators
                    .iter()
                    .any(|i| i.id == o.indicator_id && i.pillar_code == query.pillar)
        })
        .collect();
    let mut ids: Vec<Uuid> = observations.iter().map(|o| o.indicator_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let approved = store::review::approved_of_indicators(&state.pool, &ids).await?;
    let rows = observations
        .iter()
        .filter_map(|o| {
            let indicator = indicators.iter().find(|i| i.id == o.indicator_id)?;
            Some(QueueLine {
                id: o.id,
                version: o.version,
                indicator: o.indicator.clone(),
                name: view::pick(layout.locale, &indicator.name_en, &indicator.name_id),
                organisation: o.organisation.clone(),
                period: format::period(
                    &Period::containing(o.frequency, o.period_start),
                    o.frequency,
                    layout.locale,
                ),
                figure: format!(
                    "{} {}",
                    figure_of(
                        o.value,
                        o.numerator,
                        o.denominator,
                        o.stage,
                        indicator,
                        &layout
                    ),
                    o.unit
                ),
                previous: previous_text(&approved, indicator, o, &layout),
                park: park_text(&approved, indicator, o.period_start, &layout),
                outlier: is_outlier(&approved, indicator, o),
                submitted_by: o.submitted_by.clone().unwrap_or_default(),
                comment: o.comment.clone(),
            })
        })
        .collect();
    let s = strings(&layout);
    let notice = match query.done.as_str() {
        "approved" => s.approved_notice.to_string(),
        "returned" => s.returned_notice.to_string(),
        "reopened" => s.reopened_notice.to_string(),
        _ => String::new(),
    };
    Ok(QueuePage {
        s,
        pillars: pillars
            .iter()
            .filter(|p| !p.archived)
            .map(|p| {
                (
                    p.code.clone(),
                    format!(
                        "{} {}",
                        p.code,
                        view::pick(layout.locale, &p.name_en, &p.name_id)
                    ),
                )
            })
            .collect(),
        indicators: indicators
            .iter()
            .filter(|i| !i.archived)
            .map(|i| {
                (
                    i.code.clone(),
                    format!(
                        "{} {}",
                        i.code,
                        view::pick(layout.locale, &i.name_en, &i.name_id)
                    ),
                )
            })
            .collect(),
        organisations: organisations
            .iter()
            .map(|o| (o.code.clone(), o.name.clone()))
            .collect(),
        query,
        rows,
        notice,
        problem,
        layout,
    }
    .render()?)
}

async fn queue(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<QueueQuery>,
) -> Result<Html<String>, AppError> {
    Ok(Html(
        render_queue(&state, layout, query, String::new()).await?,
    ))
}

async fn refuse(
    state: &AppState,
    layout: Layout,
    problem: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let html = render_queue(state, layout, QueueQuery::default(), problem).await?;
    Ok((status, Html(html)).into_response())
}

/// Approves or returns every ticked observation (`item=<id>:<version>`), all or nothing.
async fn decide(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let t = layout.t;
    let value = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let action = value("action");
    let note = value("note");
    let back = value("back");
    let mut items: Vec<(Uuid, i32)> = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "item") {
        let (id, version) = v.split_once(':').unwrap_or((v, ""));
        if let (Ok(id), Ok(version)) = (id.parse::<Uuid>(), version.parse::<i32>()) {
            items.push((id, version));
        }
    }
    if items.is_empty() {
        return refuse(
            &state,
            layout,
            s.err_nothing_ticked.into(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    if !matches!(action.as_str(), "approve" | "return") {
        return Err(AppError::BadRequest("Choose approve or return.".into()));
    }
    let reviewer = reviewer(&user);
    let note = Some(note.trim()).filter(|n| !n.is_empty());
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    for (id, version) in &items {
        let result = if action == "approve" {
            reports::approve(&mut tx, &reviewer, &context, now, *id, Some(*version), note).await
        } else {
            reports::return_for_correction(
                &mut tx,
                &reviewer,
                &context,
                now,
                *id,
                Some(*version),
                note,
            )
            .await
        };
        if let Err(e) = result {
            drop(tx);
            let refusal = Refusal::of(e)?;
            return refuse(
                &state,
                layout,
                format!("{} {}", s.report_not_saved, refusal.sentence(t)),
                refusal.status,
            )
            .await;
        }
    }
    tx.commit().await?;
    let done = if action == "approve" {
        "approved"
    } else {
        "returned"
    };
    let target = if back.starts_with("/review/") {
        format!("{back}?done={done}")
    } else {
        format!("/review?done={done}")
    };
    Ok(Redirect::to(&target).into_response())
}
