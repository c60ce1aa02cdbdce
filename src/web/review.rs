//! `/review`: program managers review submitted observations — a queue filterable by pillar,
//! indicator, organisation and period, each figure beside the organisation's previous periods
//! and the park figure so an outlier stands out; approve or return with a note, one or several
//! at once; reopen an approved one with a reason; and every observation's history. Every rule
//! (self-review, locks, notes, versions, revisions, audit) is `crate::workflow::reports`'s; a
//! refusal is shown through `web::refusal`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::format;
use super::layout::Layout;
use super::refusal::Refusal;
use super::view;
use crate::auth::CurrentUser;
use crate::domain::kinds::{Aggregation, IndicatorKind, ObservationStatus};
use crate::domain::period::Period;
use crate::domain::rollup::{Contribution, aggregate_organisations};
use crate::domain::{Actor, AuditOrigin};
use crate::error::AppError;
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::figures::ApprovedObservation;
use crate::store::observations::{Observation, ObservationFilter};
use crate::store::structure::IndicatorRecord;
use crate::workflow::reports::{self, Reviewer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/review", get(queue).post(decide))
        .route("/review/{id}", get(detail))
        .route("/review/{id}/reopen", post(reopen))
        .route("/review/{id}/history", get(history))
        .route("/submit/history/{id}", get(own_history))
}

/// The most submitted observations the queue shows at once.
const QUEUE_LIMIT: i64 = 500;

fn strings(layout: &Layout) -> &'static StructureStrings {
    &layout.locale.strings().structure
}

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

fn contribution(a: &ApprovedObservation) -> Contribution {
    Contribution {
        value: a.value,
        numerator: a.numerator,
        denominator: a.denominator,
        stage: a.stage,
        order_key: (a.period_end, a.approved_at),
    }
}

/// A figure's numeric reading: the percentage (0–100) or ratio from its parts, else the value
/// or stage.
fn reading(
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stage: Option<i16>,
    percentage: bool,
) -> Option<f64> {
    match (numerator, denominator) {
        (Some(n), Some(d)) if d > 0.0 => Some(if percentage { 100.0 * n / d } else { n / d }),
        _ => value.or(stage.map(f64::from)),
    }
}

/// Whether a figure is far from the organisation's earlier approved ones (the rule is
/// `domain::outlier::is_unusual`).
fn is_outlier(
    approved: &[ApprovedObservation],
    indicator: &IndicatorRecord,
    o: &Observation,
) -> bool {
    let percentage = indicator.kind == "percentage";
    let Some(now) = reading(o.value, o.numerator, o.denominator, o.stage, percentage) else {
        return false;
    };
    let earlier: Vec<f64> = approved
        .iter()
        .filter(|a| {
            a.indicator_id == o.indicator_id
                && a.organisation_id == o.organisation_id
                && a.period_start < o.period_start
        })
        .filter_map(|a| reading(a.value, a.numerator, a.denominator, a.stage, percentage))
        .collect();
    crate::domain::outlier::is_unusual(now, &earlier)
}

/// The figure of an observation as text, in the indicator's terms.
fn figure_of(
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stage: Option<i16>,
    indicator: &IndicatorRecord,
    layout: &Layout,
) -> String {
    let decimals = indicator.decimals.clamp(0, 6) as u8;
    let locale = layout.locale;
    match (numerator, denominator) {
        (Some(n), Some(d)) if d > 0.0 => {
            if indicator.kind == "percentage" {
                format!("{} %", format::number(100.0 * n / d, decimals, locale))
            } else {
                format::number(n / d, decimals.max(2), locale)
            }
        }
        _ => match (value, stage) {
            (Some(v), _) => format::number(v, decimals, locale),
            (None, Some(s)) => s.to_string(),
            _ => "—".into(),
        },
    }
}

fn park_text(
    approved: &[ApprovedObservation],
    indicator: &IndicatorRecord,
    period_start: NaiveDate,
    layout: &Layout,
) -> String {
    let (Ok(kind), Ok(aggregation)) = (
        indicator.kind.parse::<IndicatorKind>(),
        indicator.aggregation.parse::<Aggregation>(),
    ) else {
        return "—".into();
    };
    let contributions: Vec<Contribution> = approved
        .iter()
        .filter(|a| a.indicator_id == indicator.id && a.period_start == period_start)
        .map(contribution)
        .collect();
    match aggregate_organisations(kind, aggregation, &contributions) {
        Some(aggregate) => {
            let decimals = indicator.decimals.clamp(0, 6) as u8;
            let number = format::number(aggregate.value, decimals, layout.locale);
            let unit = if kind == IndicatorKind::Percentage {
                " %"
            } else {
                ""
            };
            format!(
                "{number}{unit} ({})",
                (strings(layout).organisations_count)(aggregate.contributors)
            )
        }
        None => "—".into(),
    }
}

fn previous_text(
    approved: &[ApprovedObservation],
    indicator: &IndicatorRecord,
    o: &Observation,
    layout: &Layout,
) -> String {
    let mut earlier: Vec<&ApprovedObservation> = approved
        .iter()
        .filter(|a| {
            a.indicator_id == o.indicator_id
                && a.organisation_id == o.organisation_id
                && a.period_start < o.period_start
        })
        .collect();
    earlier.sort_by_key(|a| std::cmp::Reverse(a.period_start));
    let parts: Vec<String> = earlier
        .iter()
        .take(3)
        .map(|a| {
            let period = Period::containing(o.frequency, a.period_start);
            format!(
                "{}: {}",
                format::period(&period, o.frequency, layout.locale),
                figure_of(
                    a.value,
                    a.numerator,
                    a.denominator,
                    a.stage,
                    indicator,
                    layout
                )
            )
        })
        .collect();
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join(" · ")
    }
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

fn reviewer(user: &CurrentUser) -> Reviewer {
    Reviewer {
        actor: Actor::from(user),
        organisation_id: user.organisation_id,
    }
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
                format!("{} {}", s.report_not_saved, refusal.sentence()),
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
    status: String,
    submitted: bool,
    approved: bool,
    comment: String,
    evidence_url: String,
    data_quality: String,
    submitted_by: String,
    review_note: String,
    notice: String,
    problem: String,
    reason: String,
}

async fn observation(
    state: &AppState,
    id: &str,
) -> Result<(Observation, IndicatorRecord), AppError> {
    let not_found = || AppError::NotFound("This observation".into());
    let id: Uuid = id.parse().map_err(|_| not_found())?;
    let observation = {
        let mut conn = state.pool.acquire().await?;
        store::observations::by_ids(&mut conn, &[id]).await?
    }
    .into_iter()
    .next()
    .ok_or_else(not_found)?;
    let program = store::program::main_program(&state.pool)
        .await?
        .ok_or_else(not_found)?;
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
    let (o, indicator) = observation(state, id).await?;
    let approved = store::review::approved_of_indicators(&state.pool, &[o.indicator_id]).await?;
    let s = strings(&layout);
    let t = layout.t;
    Ok(DetailPage {
        s,
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
                &indicator,
                &layout
            ),
            o.unit
        ),
        previous: previous_text(&approved, &indicator, &o, &layout),
        park: park_text(&approved, &indicator, o.period_start, &layout),
        status: t.observation_status(o.status).to_string(),
        submitted: o.status == ObservationStatus::Submitted,
        approved: o.status == ObservationStatus::Approved,
        comment: o.comment.clone(),
        evidence_url: o.evidence_url.clone().unwrap_or_default(),
        data_quality: t.data_quality(o.data_quality).to_string(),
        submitted_by: o.submitted_by.clone().unwrap_or_default(),
        review_note: o.review_note.clone().unwrap_or_default(),
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
    let (o, _) = observation(&state, &id).await?;
    let version = form.version.trim().parse::<i32>().ok();
    let reason = Some(form.reason.trim()).filter(|r| !r.is_empty());
    let mut tx = state.pool.begin().await?;
    match reports::reopen(
        &mut tx,
        &reviewer(&user),
        &context,
        state.clock.now(),
        o.id,
        version,
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
                format!("{} {}", s.report_not_saved, refusal.sentence()),
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
    back: String,
) -> Result<String, AppError> {
    let revisions = store::observations::revisions(&state.pool, o.id).await?;
    let s = strings(&layout);
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
                reason: r.reason.clone().unwrap_or_default(),
                figure: format!(
                    "{} {} · {status}",
                    figure_of(
                        num("value"),
                        num("numerator"),
                        num("denominator"),
                        stage,
                        indicator,
                        &layout
                    ),
                    o.unit
                ),
            }
        })
        .collect();
    Ok(HistoryPage {
        s,
        title: format!("{} · {} · {}", o.indicator, o.organisation, o.period_start),
        back,
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
    let (o, indicator) = observation(&state, &id).await?;
    let back = format!("/review/{}", o.id);
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
        return Err(AppError::NotFound("This observation".into()));
    }
    let back = format!("/submit/{}/{}", o.indicator, o.period_start);
    Ok(Html(
        render_history(&state, layout, &o, &indicator, back).await?,
    ))
}
