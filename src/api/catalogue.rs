//! The program's structure as a client needs it: the program, its pillars, and its indicators
//! with targets and what a valid submission of each looks like. An indicator's series is in
//! `series.rs`. Reads only; no SQL of its own.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::openapi::NotFound;
use super::principal::Principal;
use super::problem::ApiError;
use super::standing::{StandingBody, standing};
use crate::cache::Scope;
use crate::domain::kinds::{Aggregation, Direction, Frequency, IndicatorKind};
use crate::domain::rollup::PeriodFigure;
use crate::domain::scorecard;
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::catalogue::CatalogueEntry;
use crate::store::program::Program;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(program))
        .routes(routes!(pillars))
        .routes(routes!(indicators))
        .routes(routes!(indicator))
}

/// The program the request reads: the token's (`?program=CODE` among its programs, else its
/// first; see `auth::program`).
pub fn request_program() -> Result<Program, ApiError> {
    crate::auth::program::current()?
        .ok_or_else(|| ApiError::App(AppError::NotFound(crate::domain::Missing::Program)))
}

/// The program, its phase and the server's date.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramBody {
    #[schema(example = "IWIP-PILOT-1")]
    pub code: String,
    pub name_en: String,
    pub name_id: String,
    pub phase: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub park_code: String,
    pub park_name: String,
    /// The server's "today": periods starting after it are in the future, and only periods
    /// ended before it can be submitted.
    pub today: NaiveDate,
}

/// Read the program
///
/// Its name, phase dates, park, and the server's date.
#[utoipa::path(
    get,
    path = "/api/v1/program",
    tag = "program",
    operation_id = "get_program",
    responses(
        (status = 200, description = "The program", body = ProgramBody),
        (status = 404, response = NotFound),
    )
)]
async fn program(State(state): State<AppState>) -> Result<Json<ProgramBody>, ApiError> {
    let p = request_program()?;
    Ok(Json(ProgramBody {
        code: p.code,
        name_en: p.name.english,
        name_id: p.name.indonesian,
        phase: p.phase,
        starts_on: p.starts_on,
        ends_on: p.ends_on,
        park_code: p.park_code,
        park_name: p.park_name,
        today: state.clock.today(),
    }))
}

/// A pillar of the program.
#[derive(Debug, Serialize, ToSchema)]
pub struct PillarBody {
    #[schema(example = "CE")]
    pub code: String,
    pub name_en: String,
    pub name_id: String,
    pub description_en: String,
    pub description_id: String,
}

/// List the pillars
///
/// The program's pillars, in display order.
#[utoipa::path(
    get,
    path = "/api/v1/pillars",
    tag = "program",
    operation_id = "list_pillars",
    responses(
        (status = 200, description = "The pillars", body = Vec<PillarBody>),
        (status = 404, response = NotFound),
    )
)]
async fn pillars(State(state): State<AppState>) -> Result<Json<Vec<PillarBody>>, ApiError> {
    let program = request_program()?;
    let pillars = store::program::pillars(&state.pool, program.id).await?;
    Ok(Json(
        pillars
            .into_iter()
            .map(|p| PillarBody {
                code: p.code,
                name_en: p.name.english,
                name_id: p.name.indonesian,
                description_en: p.description.english,
                description_id: p.description.indonesian,
            })
            .collect(),
    ))
}

/// A yearly target: the value the indicator should reach by 31 December.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetBody {
    pub year: i32,
    pub value: f64,
}

/// A reporting framework the indicator answers to.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrameworkBody {
    #[schema(example = "GRI")]
    pub framework: String,
    #[schema(example = "305-4")]
    pub code: String,
    pub version: String,
    pub effective_from: Option<NaiveDate>,
}

/// What a valid observation of the indicator looks like.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubmissionGuide {
    /// The value fields to send; every other value field must be left out.
    #[schema(example = json!(["numerator", "denominator"]))]
    pub value_fields: Vec<String>,
    /// The rule the value fields follow.
    pub value_rule: String,
    /// How `period_start` must be aligned.
    pub period_rule: String,
    /// The unit to send, exactly.
    pub unit: String,
    /// Allowed `data_quality` values.
    #[schema(value_type = Vec<crate::domain::DataQuality>)]
    pub data_quality: Vec<String>,
    /// A complete, valid item for the latest closed period.
    #[schema(value_type = Object)]
    pub example: serde_json::Value,
}

/// An indicator with its targets and the rules of its submissions.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndicatorBody {
    #[schema(example = "CE-03")]
    pub code: String,
    #[schema(example = "CE")]
    pub pillar: String,
    pub name_en: String,
    pub name_id: String,
    pub definition_en: String,
    pub definition_id: String,
    #[schema(example = "%")]
    pub unit: String,
    #[schema(value_type = crate::domain::IndicatorKind)]
    pub kind: IndicatorKind,
    #[schema(value_type = crate::domain::Direction)]
    pub direction: Direction,
    #[schema(value_type = crate::domain::Aggregation)]
    pub aggregation: Aggregation,
    /// Cumulative indicators report the total to date; a year takes its latest value.
    pub cumulative: bool,
    #[schema(value_type = crate::domain::Frequency)]
    pub frequency: Frequency,
    /// Decimals shown.
    pub decimals: u8,
    /// The baseline year and value the target path starts from.
    pub baseline_year: Option<i32>,
    pub baseline_value: Option<f64>,
    pub targets: Vec<TargetBody>,
    pub numerator_label_en: Option<String>,
    pub numerator_label_id: Option<String>,
    pub denominator_label_en: Option<String>,
    pub denominator_label_id: Option<String>,
    /// Milestones: one label per stage, stage 0 first.
    pub stage_labels_en: Vec<String>,
    pub stage_labels_id: Vec<String>,
    pub frameworks: Vec<FrameworkBody>,
    pub submission: SubmissionGuide,
    /// The indicator's status today, with what it judged (value, basis, expected value, band
    /// limits), from its official figures that meet the minimum coverage.
    pub standing: StandingBody,
}

fn period_rule(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Monthly => {
            "monthly: period_start is the first day of a month (period_end, if sent, its last day)"
        }
        Frequency::Quarterly => {
            "quarterly: period_start is 1 January, 1 April, 1 July or 1 October (period_end, if sent, the quarter's last day)"
        }
        Frequency::SemiAnnual => {
            "semi-annual: period_start is 1 January or 1 July (period_end, if sent, 30 June or 31 December)"
        }
        Frequency::Annual => "annual: period_start is 1 January (period_end, if sent, 31 December)",
    }
}

fn guide(entry: &CatalogueEntry, program: &Program, today: NaiveDate) -> SubmissionGuide {
    let i = &entry.indicator;
    let kind = i.rules.kind;
    let (fields, rule, sample): (&[&str], String, serde_json::Value) = match kind {
        IndicatorKind::Quantity => (
            &["value"],
            format!("value: a finite number in {}", i.unit),
            json!({ "value": 1250.5 }),
        ),
        IndicatorKind::Count => (
            &["value"],
            "value: a whole number, 0 or more".into(),
            json!({ "value": 42 }),
        ),
        IndicatorKind::Percentage => (
            &["numerator", "denominator"],
            "0 ≤ numerator ≤ denominator and denominator > 0; the percentage is 100 × numerator ÷ denominator (send the raw counts, never the percentage)".into(),
            json!({ "numerator": 45, "denominator": 120 }),
        ),
        IndicatorKind::Ratio => (
            &["numerator", "denominator"],
            "numerator ≥ 0 and denominator > 0; the ratio is numerator ÷ denominator".into(),
            json!({ "numerator": 38.2, "denominator": 1.9 }),
        ),
        IndicatorKind::Milestone => (
            &["stage"],
            format!(
                "stage: 0 to {}, the index of the stage reached in stage_labels",
                i.stage_labels.english.len().saturating_sub(1)
            ),
            json!({ "stage": 1 }),
        ),
        IndicatorKind::Qualitative => (
            &["text"],
            "text: a non-blank narrative".into(),
            json!({ "text": "Grievance desk opened in March." }),
        ),
    };
    let frequency = i.rules.frequency;
    let latest = crate::domain::compliance::latest_closed_period(
        frequency,
        program.starts_on,
        program.ends_on,
        today,
    )
    .map(|p| p.start())
    .unwrap_or(program.starts_on);
    let mut example = json!({
        "indicator": i.code,
        "period_start": latest,
        "unit": i.unit,
        "data_quality": "measured",
        "status": "submitted",
    });
    if let (Some(example), Some(sample)) = (example.as_object_mut(), sample.as_object()) {
        example.extend(sample.clone());
    }
    SubmissionGuide {
        value_fields: fields.iter().map(|f| f.to_string()).collect(),
        value_rule: rule,
        period_rule: period_rule(frequency).into(),
        unit: i.unit.clone(),
        data_quality: vec!["measured".into(), "calculated".into(), "estimated".into()],
        example,
    }
}

/// The caller's view of the figures an indicator's standing is judged on.
struct Judging<'a> {
    figures: &'a [PeriodFigure],
    today: NaiveDate,
    manager: bool,
}

fn indicator_body(entry: CatalogueEntry, program: &Program, judging: Judging<'_>) -> IndicatorBody {
    let today = judging.today;
    let submission = guide(&entry, program, today);
    let card = scorecard::scorecard(
        &entry.indicator.rules,
        &entry.indicator.targets,
        judging.figures,
        today,
    );
    let standing = standing(&entry, &card, judging.figures, judging.manager);
    let i = entry.indicator;
    let path = &i.targets;
    let baseline = path
        .baseline
        .is_finite()
        .then_some((path.baseline_year, path.baseline));
    let mut targets: Vec<TargetBody> = path
        .targets
        .iter()
        .map(|(year, value)| TargetBody {
            year: *year,
            value: *value,
        })
        .collect();
    targets.sort_by_key(|t| t.year);
    IndicatorBody {
        code: i.code,
        pillar: entry.pillar_code,
        name_en: i.name.english,
        name_id: i.name.indonesian,
        definition_en: entry.definition.english,
        definition_id: entry.definition.indonesian,
        unit: i.unit,
        kind: i.rules.kind,
        direction: i.rules.direction,
        aggregation: i.rules.aggregation,
        cumulative: i.rules.cumulative,
        frequency: i.rules.frequency,
        decimals: i.decimals,
        baseline_year: baseline.map(|b| b.0),
        baseline_value: baseline.map(|b| b.1),
        targets,
        numerator_label_en: entry.numerator_label.english,
        numerator_label_id: entry.numerator_label.indonesian,
        denominator_label_en: entry.denominator_label.english,
        denominator_label_id: entry.denominator_label.indonesian,
        stage_labels_en: i.stage_labels.english,
        stage_labels_id: i.stage_labels.indonesian,
        frameworks: entry
            .frameworks
            .into_iter()
            .map(|f| FrameworkBody {
                framework: f.framework,
                code: f.code,
                version: f.version,
                effective_from: f.effective_from,
            })
            .collect(),
        submission,
        standing,
    }
}

/// Filter of the indicator list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndicatorQuery {
    /// Only this pillar's indicators (its code, e.g. CE).
    pillar: Option<String>,
}

/// List the indicators
///
/// Every indicator of the program with its targets and the rules of a valid submission.
#[utoipa::path(
    get,
    path = "/api/v1/indicators",
    tag = "program",
    operation_id = "list_indicators",
    params(IndicatorQuery),
    responses(
        (status = 200, description = "The indicators, by pillar", body = Vec<IndicatorBody>),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = NotFound),
    )
)]
async fn indicators(
    State(state): State<AppState>,
    principal: Principal,
    coding: super::content_coding::Coding,
    query: Result<Query<IndicatorQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::App(AppError::BadRequest(e.body_text())))?;
    // The list differs only between managers and tenants (a standing's detail), not between
    // organisations.
    let reader = if principal.manager {
        "manager"
    } else {
        "tenant"
    };
    let key = format!(
        "api/answer/indicators:{}:{reader}:{:?}",
        request_program()?.code,
        query.pillar
    );
    super::kept::kept_or(&state, &key, coding, || async {
        let list = indicator_list(&state, principal.manager).await?;
        let wanted = list
            .items
            .iter()
            .filter(|item| query.pillar.as_deref().is_none_or(|p| item.pillar == p));
        // What `Json<Vec<IndicatorBody>>` writes: the bodies, comma-separated, in brackets.
        let mut body = Vec::with_capacity(list.bytes + 2);
        body.push(b'[');
        for (n, item) in wanted.enumerate() {
            if n > 0 {
                body.push(b',');
            }
            body.extend_from_slice(item.json.as_bytes());
        }
        body.push(b']');
        // Every indicator's figures and the program's structure.
        Ok((super::kept::Answer::json(body), Scope::Data))
    })
    .await
}

/// Every indicator's body as sent, in display order: judged and serialised once per change
/// of the data (or turn of the day) for each kind of reader, not on every request. Kept with
/// the dashboards' facts (`AppState::page_cache`), which the same change notifications empty:
/// the catalogue, the official figures and the program are what the pages read too.
struct IndicatorList {
    items: Vec<std::sync::Arc<IndicatorJson>>,
    /// The bodies' total length.
    bytes: usize,
}

/// One indicator's body as sent, with its pillar's code: kept per indicator
/// (`cache::Scope::Indicator`), so that after one indicator's report changes the list is
/// joined anew from the others' kept bodies and only that indicator's is judged again.
struct IndicatorJson {
    pillar: String,
    json: String,
}

async fn indicator_list(
    state: &AppState,
    manager: bool,
) -> Result<std::sync::Arc<IndicatorList>, ApiError> {
    let reader = if manager { "manager" } else { "tenant" };
    let key = format!("api/indicators:{}:{reader}", request_program()?.code);
    let today = state.clock.today();
    let cache = &state.page_cache;
    let list = cache
        .get_or_load(&key, today, || async move {
            // Taken before anything is read: the bodies judged below are filed as of now.
            let stamp = cache.stamp();
            let catalogue = catalogue(state).await?;
            let program = &catalogue.program;
            let key = |e: &CatalogueEntry| {
                format!(
                    "api/indicator:{}:{reader}:{}",
                    program.code, e.indicator.code
                )
            };
            let held: Vec<Option<std::sync::Arc<IndicatorJson>>> = catalogue
                .entries
                .iter()
                .map(|e| cache.get(&key(e), today))
                .collect();
            let missing: Vec<&CatalogueEntry> = catalogue
                .entries
                .iter()
                .zip(&held)
                .filter_map(|(e, held)| held.is_none().then_some(e))
                .collect();
            // One indicator's figures when one is missing (a report approved), else the
            // program's in one query.
            let series = match missing.as_slice() {
                [] => HashMap::new(),
                [one] => {
                    let id = one.indicator.id;
                    let rows =
                        store::figures::official_period_figures_of_indicator(&state.pool, id)
                            .await?;
                    let figures = rows
                        .into_iter()
                        .map(store::figures::period_figure)
                        .filter_map(Result::transpose)
                        .collect::<Result<Vec<_>, _>>()?;
                    HashMap::from([(id, figures)])
                }
                _ => store::figures::official_series(&state.pool, program.id).await?,
            };
            let mut bytes = 0;
            let items = catalogue
                .entries
                .iter()
                .zip(held)
                .map(|(e, held)| {
                    let item = match held {
                        Some(item) => item,
                        None => {
                            let figures =
                                series.get(&e.indicator.id).map_or(&[][..], Vec::as_slice);
                            let judging = Judging {
                                figures,
                                today,
                                manager,
                            };
                            let item = std::sync::Arc::new(IndicatorJson {
                                pillar: e.pillar_code.clone(),
                                json: serde_json::to_string(&indicator_body(
                                    e.clone(),
                                    program,
                                    judging,
                                ))
                                .map_err(|e| AppError::Unexpected(e.into()))?,
                            });
                            let scope = Scope::Indicator(e.indicator.id);
                            cache.keep_in(&key(e), scope, today, stamp, item.clone());
                            item
                        }
                    };
                    bytes += item.json.len() + 1;
                    Ok(item)
                })
                .collect::<Result<_, AppError>>()?;
            Ok(IndicatorList { items, bytes })
        })
        .await?;
    Ok(list)
}

/// The program and its live indicators in display order, as the API reads them: kept with the
/// dashboards' facts (`AppState::page_cache`) until the structure or an indicator's setup
/// changes, or the day turns (`cache::Scope::Structure`: reports do not change it).
pub(super) struct Catalogue {
    pub program: Program,
    pub entries: Vec<CatalogueEntry>,
}

impl Catalogue {
    /// The live indicator with this code, or 404.
    pub fn entry(&self, code: &str) -> Result<&CatalogueEntry, ApiError> {
        self.entries
            .iter()
            .find(|e| e.indicator.code == code)
            .ok_or_else(|| {
                ApiError::App(AppError::NotFound(crate::domain::Missing::Indicator(
                    code.to_string(),
                )))
            })
    }
}

pub(super) async fn catalogue(state: &AppState) -> Result<std::sync::Arc<Catalogue>, AppError> {
    let program = crate::auth::program::current()?
        .ok_or(AppError::NotFound(crate::domain::Missing::Program))?;
    // Each program's catalogue under its own key: a cached one never answers another's token.
    state
        .page_cache
        .get_or_load_in(
            &format!("api/catalogue:{}", program.code),
            Scope::Structure,
            state.clock.today(),
            || async {
                let entries = store::catalogue::entries(&state.pool, program.id, None).await?;
                Ok(Catalogue { program, entries })
            },
        )
        .await
}

pub(super) async fn entry(
    state: &AppState,
    code: &str,
) -> Result<(Program, CatalogueEntry), ApiError> {
    let catalogue = catalogue(state).await?;
    let entry = catalogue.entry(code)?.clone();
    Ok((catalogue.program.clone(), entry))
}

/// Read one indicator
///
/// With its targets and the rules of a valid submission.
#[utoipa::path(
    get,
    path = "/api/v1/indicators/{code}",
    tag = "program",
    operation_id = "get_indicator",
    params(("code" = String, Path, description = "The indicator's code, e.g. CE-03")),
    responses(
        (status = 200, description = "The indicator", body = IndicatorBody),
        (status = 404, response = NotFound),
    )
)]
async fn indicator(
    State(state): State<AppState>,
    principal: Principal,
    Path(code): Path<String>,
) -> Result<Json<IndicatorBody>, ApiError> {
    let (program, entry) = entry(&state, &code).await?;
    let figures: Vec<PeriodFigure> =
        store::figures::official_period_figures_of_indicator(&state.pool, entry.indicator.id)
            .await?
            .into_iter()
            .map(store::figures::period_figure)
            .filter_map(Result::transpose)
            .collect::<Result<_, _>>()?;
    let judging = Judging {
        figures: &figures,
        today: state.clock.today(),
        manager: principal.manager,
    };
    Ok(Json(indicator_body(entry, &program, judging)))
}
