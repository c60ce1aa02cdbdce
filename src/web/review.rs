//! `/review`: program managers review submitted observations — a queue filterable by pillar,
//! indicator, organisation and period, each figure beside the organisation's previous periods
//! and the park figure so an outlier stands out; approve or return with a note, one or several
//! at once (one report's own page, reopening and history are `review_detail`; what is shown
//! beside each report is `review_context`). Every rule
//! (self-review, locks, notes, versions, revisions, audit) is `crate::workflow::reports`'s; a
//! refusal is shown through `web::refusal`. `/review/queue.xlsx` (same filters) downloads the
//! queue as a workbook.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use serde::Deserialize;
use uuid::Uuid;

use super::export::xlsx::{Cell, Table, Workbook};
use super::format;
use super::layout::Layout;
use super::pager;
use super::refusal::Refusal;
use crate::auth::CurrentUser;
use crate::domain::AuditOrigin;
use crate::domain::kinds::{Frequency, ObservationStatus};
use crate::domain::period::Period;
use crate::error::AppError;
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::observations::{Observation, ObservationFilter};
use crate::workflow::publication::{self, Publisher};
use crate::workflow::reports::{self};

use super::review_context::{
    WeightView, figure_of, is_outlier, previous_text, reviewer, strings, weight_view,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/review", get(queue).post(decide))
        .route("/review/queue.xlsx", get(queue_xlsx))
}

/// The most submitted observations the queue shows at once.
const QUEUE_LIMIT: i64 = 500;

/// The queue's filters (`period` is a period's label: `2026-Q2`, `2026-06`, `2026-H1`,
/// `2026`), kept across a decision: the form posts them back in its address and the answer
/// returns to the queue with them.
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

impl QueueQuery {
    /// The period the filter names, with its frequency: `Ok(None)` for no period filter,
    /// `Err` for a label that names no period. A label belongs to one frequency only.
    fn chosen_period(&self) -> Result<Option<(Frequency, Period)>, ()> {
        let label = self.period.trim();
        if label.is_empty() {
            return Ok(None);
        }
        Frequency::ALL
            .iter()
            .find_map(|f| Period::parse_label(*f, label).ok().map(|p| (*f, p)))
            .map(Some)
            .ok_or(())
    }

    /// `/review?…` with the filters (and `done`, when given), empty ones left out.
    fn href(&self, done: &str) -> String {
        pager::page_href(
            "/review",
            &[
                ("pillar", self.pillar.as_str()),
                ("indicator", self.indicator.as_str()),
                ("organisation", self.organisation.as_str()),
                ("period", self.period.trim()),
                ("done", done),
            ],
            1,
        )
    }
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
    /// The periods with reports awaiting review (label, name in the page's language).
    periods: Vec<(String, String)>,
    /// Where the decision form posts: the queue with its filters.
    action: String,
    /// The queue as filtered, as a workbook.
    download: String,
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
    /// Numerator and denominator with their labels, the share and the park figure with and
    /// without the report.
    weight: WeightView,
    submitted_by: String,
    comment: String,
    /// Far from the organisation's previous approved figures (see [`is_outlier`]).
    outlier: bool,
    /// The figure as numbers, for the download: the value (a fraction's 100·n/d or n/d),
    /// its parts, and how the indicator writes it.
    number: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    kind: String,
    decimals: u8,
    unit: String,
}

async fn render_queue(
    state: &AppState,
    layout: Layout,
    query: QueueQuery,
    problem: String,
) -> Result<String, AppError> {
    Ok(queue_page(state, layout, query, problem).await?.render()?)
}

async fn queue_page(
    state: &AppState,
    layout: Layout,
    mut query: QueueQuery,
    mut problem: String,
) -> Result<QueuePage, AppError> {
    let program = crate::auth::program::current()?
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Program))?;
    // A label that names no period is said so, and the rest of the queue shown.
    let period = query.chosen_period().unwrap_or_else(|()| {
        let unknown = (layout.t.workflow.unknown_period)(query.period.trim());
        problem = [problem.as_str(), unknown.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        query.period.clear();
        None
    });
    let filter = ObservationFilter {
        indicator_code: Some(query.indicator.clone()).filter(|c| !c.is_empty()),
        organisation_code: Some(query.organisation.clone()).filter(|c| !c.is_empty()),
        period_from: period.map(|(_, p)| p.start()),
        period_to: period.map(|(_, p)| p.end()),
        status: Some(ObservationStatus::Submitted),
        program_id: Some(program.id),
        ..ObservationFilter::default()
    };
    let (observations, indicators, pillars, organisations, submitted_periods) = tokio::try_join!(
        store::observations::page(&state.pool, &filter, None, QUEUE_LIMIT),
        store::structure::indicators(&state.pool, program.id),
        store::structure::pillars(&state.pool, program.id),
        store::organisations::program_choices(&state.pool, program.id),
        store::review::submitted_periods(&state.pool),
    )?;
    let observations: Vec<Observation> = observations
        .into_iter()
        .filter(|o| period.is_none_or(|(f, p)| o.frequency == f && o.period_start == p.start()))
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
                        indicator,
                        &layout,
                    ),
                    &format::period_unit(&o.unit, o.frequency, layout.locale),
                ),
                previous: previous_text(&approved, indicator, o, &layout),
                weight: weight_view(&approved, indicator, o, &layout),
                outlier: is_outlier(&approved, indicator, o),
                submitted_by: o.submitted_by.clone().unwrap_or_default(),
                comment: o.comment.clone(),
                number: match (o.value, o.numerator, o.denominator, o.stage) {
                    (_, Some(n), Some(d), _) if d > 0.0 => Some(
                        if indicator.kind == "percentage" {
                            100.0
                        } else {
                            1.0
                        } * n
                            / d,
                    ),
                    (Some(v), ..) => Some(v),
                    (_, _, _, Some(stage)) => Some(f64::from(stage)),
                    _ => None,
                },
                numerator: o.numerator,
                denominator: o.denominator,
                kind: indicator.kind.clone(),
                decimals: u8::try_from(indicator.decimals.clamp(0, 6)).unwrap_or(1),
                unit: o.unit.clone(),
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
    // The periods awaiting review, and the one chosen even when nothing awaits in it now.
    let mut choices: Vec<(Frequency, Period)> = submitted_periods
        .into_iter()
        .map(|(f, start)| (f, Period::containing(f, start)))
        .chain(period)
        .collect();
    choices.sort_by(|a, b| {
        b.1.start()
            .cmp(&a.1.start())
            .then(a.0.as_str().cmp(b.0.as_str()))
    });
    choices.dedup();
    Ok(QueuePage {
        download: query.href("").replacen("/review", "/review/queue.xlsx", 1),
        s,
        periods: choices
            .iter()
            .map(|(f, p)| (p.label(*f), format::period(p, *f, layout.locale)))
            .collect(),
        action: query.href(""),
        pillars: pillars
            .iter()
            .filter(|p| !p.archived)
            .map(|p| {
                (
                    p.code.clone(),
                    format!("{} {}", p.code, layout.locale.text(&p.name)),
                )
            })
            .collect(),
        indicators: indicators
            .iter()
            .filter(|i| !i.archived)
            .map(|i| {
                (
                    i.code.clone(),
                    format!("{} {}", i.code, layout.locale.text(&i.name)),
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
    })
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

/// The queue as filtered (every report it lists), as a workbook: figures as numbers in the
/// indicator's format, percentages as percentages, the previous figures and the park figure
/// as the page words them.
async fn queue_xlsx(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<QueueQuery>,
) -> Result<Response, AppError> {
    let (t, now) = (layout.t, state.clock.now());
    let e = &t.exports;
    let page = queue_page(&state, layout, query, String::new()).await?;
    let s = page.s;
    let rows: Vec<Vec<Cell>> = page
        .rows
        .iter()
        .map(|r| {
            let value = if r.kind == "percentage" {
                Cell::percent(r.number, r.decimals)
            } else {
                Cell::measured(r.number, r.decimals, &r.unit)
            };
            vec![
                Cell::text(&r.indicator),
                Cell::text(&r.name),
                Cell::text(&r.organisation),
                Cell::text(&r.period),
                value,
                Cell::number(r.numerator, r.decimals),
                Cell::number(r.denominator, r.decimals),
                Cell::text(&r.unit),
                Cell::text(&r.previous),
                Cell::text(&r.weight.park_with),
                Cell::text(&r.submitted_by),
                Cell::text(&r.comment),
            ]
        })
        .collect();
    let filters: Vec<String> = [
        (s.pillar, &page.query.pillar),
        (s.indicator, &page.query.indicator),
        (s.organisation, &page.query.organisation),
        (s.period, &page.query.period),
    ]
    .into_iter()
    .filter(|(_, v)| !v.trim().is_empty())
    .map(|(k, v)| format!("{k}: {}", v.trim()))
    .collect();
    let mut book = Workbook::new(e.review_title, now);
    book.about(
        e.about_sheet,
        e.review_title,
        &[
            (e.what_label, e.review_what.to_string()),
            (
                e.filters_label,
                if filters.is_empty() {
                    e.no_filter.to_string()
                } else {
                    filters.join(", ")
                },
            ),
            (e.made_label, now.format("%Y-%m-%d %H:%M UTC").to_string()),
            (e.rows_label, rows.len().to_string()),
        ],
    )?;
    book.table(&Table {
        name: e.review_title,
        groups: Vec::new(),
        headers: [
            e.code,
            e.indicator,
            e.organisation,
            s.period,
            e.value,
            e.numerator,
            e.denominator,
            e.unit,
            s.previous,
            s.park_figure,
            e.submitted_by,
            e.comment,
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows,
        frozen_columns: 2,
    })?;
    book.into_download("pilar-review-queue.xlsx")
}

async fn refuse(
    state: &AppState,
    layout: Layout,
    query: QueueQuery,
    problem: String,
    status: StatusCode,
) -> Result<Response, AppError> {
    let html = render_queue(state, layout, query, problem).await?;
    Ok((status, Html(html)).into_response())
}

/// Approves or returns every ticked observation (`item=<id>:<version>`), all or nothing, then
/// returns to the queue with the filters it was posted from (in the form's address).
async fn decide(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Query(mut query): Query<QueueQuery>,
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
    query.done.clear();
    if items.is_empty() {
        return refuse(
            &state,
            layout,
            query,
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
    let mut approved_periods = Vec::new();
    for (id, version) in &items {
        let result = if action == "approve" {
            reports::approve(&mut tx, &reviewer, &context, now, *id, Some(*version), note)
                .await
                .inspect(|o| approved_periods.push((o.indicator_id, o.period_start, o.period_end)))
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
                query,
                format!("{} {}", s.report_not_saved, refusal.sentence(t)),
                refusal.status,
            )
            .await;
        }
    }
    // A figure of a published period changed: its restatement commits with the approval.
    let actor = crate::domain::Actor::from(&user);
    let publisher = Publisher {
        signer: &state.log_signer,
        actor: &actor,
        context: &context,
        now,
    };
    publication::restate_after_approvals(&state.pool, &mut tx, &publisher, &approved_periods)
        .await?;
    tx.commit().await?;
    let done = if action == "approve" {
        "approved"
    } else {
        "returned"
    };
    let target = if back.starts_with("/review/") {
        format!("{back}?done={done}")
    } else {
        query.href(done)
    };
    Ok(Redirect::to(&target).into_response())
}
