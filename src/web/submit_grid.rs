//! `/submit/period/{frequency}/{start}`: one form for every indicator of the organisation due
//! for one period, saved in one batch (all or nothing) through `crate::workflow::reports::save_batch`.
//! Rows left blank are skipped; submitted and approved reports are shown read-only. Each line
//! is read like the single form (`web::report_form`) and a refusal shown through
//! `web::refusal`; no SQL and no rule of its own.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::NaiveDate;
use uuid::Uuid;

use super::format;
use super::layout::Layout;
use super::refusal::Refusal;
use super::report_form::{PostedReport, PostedVersion, ReportFields};
use crate::auth::CurrentUser;
use crate::domain::kinds::{DataQuality, Frequency, IndicatorKind, ObservationStatus};
use crate::domain::period::Period;
use crate::domain::{Actor, AuditOrigin};
use crate::error::AppError;
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::observations::{Observation, ObservationFilter};
use crate::workflow::reports::{self, BatchItem, ObservationInput, Reporter};

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/submit/period/{frequency}/{start}",
        get(grid_page).post(save_grid),
    )
}

#[derive(Template)]
#[template(path = "submit_grid.html")]
struct GridPage {
    layout: Layout,
    s: &'static StructureStrings,
    period: String,
    start: String,
    action: String,
    rows: Vec<GridRow>,
    qualities: Vec<(String, String)>,
    problem: String,
    notice: String,
}

/// One indicator's line of the grid, with what was typed (or stored) in it.
struct GridRow {
    code: String,
    name: String,
    unit: String,
    /// The kind's name, by which the template chooses the inputs.
    kind: String,
    /// The kind itself: which of the typed fields are read.
    indicator_kind: IndicatorKind,
    status: String,
    editable: bool,
    version: String,
    value: String,
    numerator: String,
    denominator: String,
    /// The indicator's own words for its parts ("Renewable electricity (MWh)"), or the
    /// generic ones.
    numerator_label: String,
    denominator_label: String,
    stage: String,
    stages: Vec<(String, String)>,
    text: String,
    data_quality: String,
    comment: String,
    errors: Vec<String>,
    /// The number fields whose stated reading the user is asked to confirm.
    confirm: Vec<String>,
}

impl GridRow {
    fn confirming(&self, field: &str) -> bool {
        self.confirm.iter().any(|f| f == field)
    }
}

struct Grid {
    period: Period,
    frequency: Frequency,
    organisation_id: Uuid,
    rows: Vec<GridRow>,
}

fn strings(layout: &Layout) -> &'static StructureStrings {
    &layout.locale.strings().structure
}

async fn grid(
    state: &AppState,
    layout: &Layout,
    user: &CurrentUser,
    frequency: &str,
    start: &str,
) -> Result<Grid, AppError> {
    let organisation_id = user
        .organisation_id
        .ok_or_else(|| AppError::Forbidden(crate::domain::Denied::ReportersOnly))?;
    let not_found = || AppError::NotFound(crate::domain::Missing::Period(start.to_string()));
    let frequency: Frequency = frequency.parse().map_err(|_| not_found())?;
    let start = NaiveDate::parse_from_str(start, "%Y-%m-%d").map_err(|_| not_found())?;
    let period = Period::containing(frequency, start);
    if period.start() != start {
        return Err(not_found());
    }
    let program = crate::auth::program::current()?.ok_or_else(not_found)?;
    let filter = ObservationFilter {
        organisation_id: Some(organisation_id),
        period_from: Some(period.start()),
        period_to: Some(period.end()),
        program_id: Some(program.id),
        ..ObservationFilter::default()
    };
    let (indicators, observations, specs) = tokio::try_join!(
        store::structure::indicators(&state.pool, program.id),
        store::observations::page(&state.pool, &filter, None, reports::MAX_BATCH as i64),
        async {
            let mut conn = state.pool.acquire().await?;
            store::observations::reporting_specs(&mut conn, organisation_id).await
        }
    )?;
    let t = layout.t;
    let rows = specs
        .iter()
        .filter(|s| s.frequency == frequency && s.assignment_starts_on <= period.end())
        // Computed indicators take their figures from activity data: nothing to type.
        .filter(|s| s.computed_from.is_none())
        .filter_map(|spec| {
            let i = indicators.iter().find(|i| i.id == spec.indicator_id)?;
            let o: Option<&Observation> = observations
                .iter()
                .find(|o| o.indicator_id == spec.indicator_id && o.period_start == period.start());
            let convention = layout.locale.number_convention();
            let number = |v: Option<f64>| {
                v.map(|v| crate::domain::write_for_input(v, convention))
                    .unwrap_or_default()
            };
            let labels = layout
                .locale
                .exact(&i.stage_labels)
                .clone()
                .unwrap_or_default();
            Some(GridRow {
                code: i.code.clone(),
                name: layout.locale.text(&i.name).to_string(),
                unit: format::period_unit(&i.unit, frequency, layout.locale),
                kind: spec.kind.as_str().into(),
                indicator_kind: spec.kind,
                status: o
                    .map(|o| t.observation_status(o.status).to_string())
                    .unwrap_or_default(),
                editable: o.is_none_or(|o| {
                    matches!(
                        o.status,
                        ObservationStatus::Draft | ObservationStatus::Returned
                    )
                }),
                version: o.map(|o| o.version.to_string()).unwrap_or_default(),
                value: number(o.and_then(|o| o.value)),
                numerator: number(o.and_then(|o| o.numerator)),
                denominator: number(o.and_then(|o| o.denominator)),
                numerator_label: layout
                    .locale
                    .text_opt(&i.numerator_label)
                    .unwrap_or(strings(layout).numerator)
                    .to_string(),
                denominator_label: layout
                    .locale
                    .text_opt(&i.denominator_label)
                    .unwrap_or(strings(layout).denominator)
                    .to_string(),
                stage: o
                    .and_then(|o| o.stage)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                stages: labels
                    .into_iter()
                    .enumerate()
                    .map(|(n, l)| (n.to_string(), format!("{n}: {l}")))
                    .collect(),
                text: o.and_then(|o| o.text.clone()).unwrap_or_default(),
                data_quality: o
                    .map(|o| o.data_quality.as_str().to_string())
                    .unwrap_or_else(|| "measured".into()),
                comment: o.map(|o| o.comment.clone()).unwrap_or_default(),
                errors: Vec::new(),
                confirm: Vec::new(),
            })
        })
        .collect();
    Ok(Grid {
        period,
        frequency,
        organisation_id,
        rows,
    })
}

fn render(
    layout: Layout,
    mut grid: Grid,
    problem: String,
    notice: String,
) -> Result<String, AppError> {
    let s = strings(&layout);
    let t = layout.t;
    // Each message once beside its line, however many rules found it.
    for row in &mut grid.rows {
        let mut seen = std::collections::HashSet::<String>::new();
        row.errors.retain(|e| seen.insert(e.clone()));
    }
    Ok(GridPage {
        s,
        period: format::period(&grid.period, grid.frequency, layout.locale),
        start: grid.period.start().to_string(),
        action: format!(
            "/submit/period/{}/{}",
            grid.frequency.as_str(),
            grid.period.start()
        ),
        rows: grid.rows,
        qualities: DataQuality::ALL
            .iter()
            .map(|q| (q.as_str().to_string(), t.data_quality(*q).to_string()))
            .collect(),
        problem,
        notice,
        layout,
    }
    .render()?)
}

async fn grid_page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Path((frequency, start)): Path<(String, String)>,
    axum::extract::Query(done): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Result<Html<String>, AppError> {
    let grid = grid(&state, &layout, &user, &frequency, &start).await?;
    // What the last save did, as its answer said (`?submitted=4`, `?drafts=2`).
    let count = |key: &str| done.get(key).and_then(|n| n.parse::<usize>().ok());
    let w = &layout.t.workflow;
    let notice = match (count("submitted"), count("drafts")) {
        (Some(n), _) => (w.reports_submitted)(n),
        (None, Some(n)) => (w.drafts_saved)(n),
        (None, None) if done.contains_key("done") => strings(&layout).saved.to_string(),
        (None, None) => String::new(),
    };
    Ok(Html(render(layout, grid, String::new(), notice)?))
}

impl GridRow {
    /// Shows what was typed in the line again, whatever happens next.
    fn keep(&mut self, typed: &ReportFields) {
        self.value = typed.value.clone();
        self.numerator = typed.numerator.clone();
        self.denominator = typed.denominator.clone();
        self.stage = typed.stage.clone();
        self.text = typed.text.clone();
        self.data_quality = typed.data_quality.clone();
        self.comment = typed.comment.clone();
    }
}

async fn save_grid(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Path((frequency, start)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let s = strings(&layout);
    let mut grid = grid(&state, &layout, &user, &frequency, &start).await?;
    let field = |code: &str, name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == &format!("{code}.{name}"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let submit = pairs.iter().any(|(k, v)| k == "action" && v == "submit");
    let mut items: Vec<BatchItem> = Vec::new();
    let mut item_rows: Vec<usize> = Vec::new();
    for (position, row) in grid.rows.iter_mut().enumerate() {
        if !row.editable {
            continue;
        }
        let typed = ReportFields {
            value: field(&row.code, "value"),
            numerator: field(&row.code, "numerator"),
            denominator: field(&row.code, "denominator"),
            stage: field(&row.code, "stage"),
            text: field(&row.code, "text"),
            data_quality: field(&row.code, "data_quality"),
            comment: field(&row.code, "comment"),
            evidence_url: String::new(),
            // A line changes the stored observation as the page the user filled in read it
            // (its hidden field), not as it is stored now: a newer one is not overwritten.
            version: field(&row.code, "version"),
            confirm_value: field(&row.code, "confirm_value"),
            confirm_numerator: field(&row.code, "confirm_numerator"),
            confirm_denominator: field(&row.code, "confirm_denominator"),
        };
        row.keep(&typed);
        if typed.is_blank() {
            continue;
        }
        if PostedVersion::read(&typed.version) == PostedVersion::Garbled {
            row.errors.push(s.err_form_version.to_string());
            continue;
        }
        let read = ObservationInput::try_from(PostedReport {
            indicator: &row.code,
            unit: &row.unit,
            kind: row.indicator_kind,
            period_start: grid.period.start(),
            submit,
            fields: &typed,
            convention: layout.locale.number_convention(),
        });
        match read {
            Ok(input) => {
                items.push(BatchItem {
                    input: Some(input),
                    reading_problems: Vec::new(),
                });
                item_rows.push(position);
            }
            Err(unreadable) => {
                row.confirm = ReportFields::to_confirm(&unreadable);
                row.errors = unreadable.iter().map(|e| layout.t.field_error(e)).collect()
            }
        }
    }
    if grid.rows.iter().any(|r| !r.errors.is_empty()) {
        let html = render(layout, grid, s.report_not_saved.into(), String::new())?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    if items.is_empty() {
        let html = render(layout, grid, s.err_nothing_typed.into(), String::new())?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let reporter = Reporter {
        organisation_id: grid.organisation_id,
        actor: Actor::from(&user),
    };
    let mut tx = state.pool.begin().await?;
    match reports::save_batch(&mut tx, &reporter, &context, state.clock.now(), &items).await {
        Ok(saved) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!(
                "/submit/period/{}/{}?{}={}",
                grid.frequency.as_str(),
                grid.period.start(),
                if submit { "submitted" } else { "drafts" },
                saved.len()
            ))
            .into_response())
        }
        Err(err) => {
            drop(tx);
            let refusal = Refusal::of(err)?;
            let problem = if refusal.fields.is_empty() {
                format!("{} {}", s.report_not_saved, refusal.reason(layout.t))
            } else {
                s.report_not_saved.to_string()
            };
            // Each message beside its line; one about no line in particular on the first.
            for e in &refusal.fields {
                let row = e.item.and_then(|i| item_rows.get(i)).copied();
                let message = layout.t.field_error(e);
                match row.and_then(|r| grid.rows.get_mut(r)) {
                    Some(r) => r.errors.push(message),
                    None => {
                        if let Some(first) = grid.rows.first_mut() {
                            first.errors.push(message)
                        }
                    }
                }
            }
            let html = render(layout, grid, problem, String::new())?;
            Ok((refusal.status, Html(html)).into_response())
        }
    }
}
