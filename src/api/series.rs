//! An indicator's series as a client reads it: the park's official figure per period, a
//! tenant's own figures beside it (the park figure withheld where too few organisations
//! contribute), every organisation's figures for managers. Reads only; no SQL of its own.

use std::collections::BTreeMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::catalogue::catalogue;
use super::openapi::NotFound;
use super::principal::Principal;
use super::problem::ApiError;
use super::standing::{StandingBody, standing};
use super::wire_time::period_label;
use crate::cache::Scope;
use crate::domain::kinds::{Frequency, IndicatorKind, ObservationStatus};
use crate::domain::privacy;
use crate::domain::rollup::PeriodFigure;
use crate::domain::scorecard;
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::figures::OfficialFigure;
use crate::store::observations::Observation;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(series))
}

/// The park's official figure for a period (approved reports only, by the indicator's rule).
#[derive(Debug, Serialize, ToSchema)]
pub struct ParkFigure {
    pub value: f64,
    /// Σ numerators (pooled fractions), or the chosen figure's numerator.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// How many organisations' approved figures went into it.
    pub contributors: usize,
    /// Organisations assigned the indicator for the period: the coverage is `contributors`
    /// of `assigned`.
    pub assigned: usize,
    /// The fewest contributors the indicator's minimum coverage asks for this period.
    pub required: usize,
    /// Whether the figure meets the minimum coverage. An incomplete figure is shown as such
    /// and never judged or headlined.
    pub complete: bool,
}

/// One organisation's figure for a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationFigure {
    pub organisation: String,
    pub observation_id: Uuid,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
    pub text: Option<String>,
    /// Only approved figures count in the park figure; submitted ones are provisional.
    #[schema(value_type = crate::domain::ObservationStatus)]
    pub status: crate::domain::kinds::ObservationStatus,
    pub version: i32,
}

impl From<&Observation> for OrganisationFigure {
    fn from(o: &Observation) -> Self {
        OrganisationFigure {
            organisation: o.organisation.clone(),
            observation_id: o.id,
            value: o.value,
            numerator: o.numerator,
            denominator: o.denominator,
            stage: o.stage,
            text: o.text.clone(),
            status: o.status,
            version: o.version,
        }
    }
}

/// One period of a series.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesPoint {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    #[schema(example = "2026-10")]
    pub period: String,
    /// The park's official figure, or null (see `park_note`).
    pub park: Option<ParkFigure>,
    /// Why `park` is null: no approved figure yet, or withheld from a tenant because fewer than
    /// three organisations contribute (a peer's figure could otherwise be read off).
    pub park_note: Option<String>,
    /// A tenant's token: its own organisation's figure for the period (any status), if any.
    pub own: Option<OrganisationFigure>,
    /// A manager's token: every organisation's figure for the period (any status but another
    /// organisation's draft).
    pub organisations: Option<Vec<OrganisationFigure>>,
}

/// An indicator's series, period by period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Series {
    pub indicator: String,
    pub unit: String,
    #[schema(value_type = crate::domain::IndicatorKind)]
    pub kind: IndicatorKind,
    #[schema(value_type = crate::domain::Frequency)]
    pub frequency: Frequency,
    pub decimals: u8,
    /// The fewest contributing organisations for a park figure to be shown to a tenant.
    pub min_contributors_for_tenants: usize,
    /// The indicator's status with what it judged, over all its periods (not only the range
    /// asked for).
    pub standing: StandingBody,
    pub periods: Vec<SeriesPoint>,
}

/// Period range of a series.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeriesQuery {
    /// Only periods starting on or after this day.
    from: Option<NaiveDate>,
    /// Only periods ending on or before this day.
    to: Option<NaiveDate>,
}

/// Read an indicator's series
///
/// The park's official figure per period; for a tenant's token its own figures beside it, and
/// the park figure only where at least three organisations contribute (otherwise withheld,
/// with the reason); for a manager's token every organisation's figures.
#[utoipa::path(
    get,
    path = "/api/v1/indicators/{code}/series",
    tag = "figures",
    operation_id = "get_indicator_series",
    params(("code" = String, Path, description = "The indicator's code, e.g. CE-03"), SeriesQuery),
    responses(
        (status = 200, description = "The series", body = Series),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = NotFound),
    )
)]
async fn series(
    State(state): State<AppState>,
    principal: Principal,
    coding: super::content_coding::Coding,
    Path(code): Path<String>,
    query: Result<Query<SeriesQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::App(AppError::BadRequest(e.body_text())))?;
    let program = super::catalogue::request_program()?;
    // The program, the indicator, the reader (a tenant's own figures, a manager's every
    // organisation's) and the range.
    let key = format!(
        "api/answer/series:{}:{code}:{}:{:?}:{:?}",
        program.code,
        super::kept::reader(&principal),
        query.from,
        query.to
    );
    super::kept::kept_or(&state, &key, coding, || async {
        let (series, indicator_id) = series_of(&state, &principal, &code, &query).await?;
        let body = serde_json::to_vec(&series).map_err(|e| AppError::Unexpected(e.into()))?;
        // One indicator's reports, figures and setup (and the structure, which any change of
        // it reaches).
        let scope = Scope::Indicator(indicator_id);
        Ok((super::kept::Answer::json(body), scope))
    })
    .await
}

/// The indicator's series as `principal` may read it, and the indicator's id.
async fn series_of(
    state: &AppState,
    principal: &Principal,
    code: &str,
    query: &SeriesQuery,
) -> Result<(Series, Uuid), ApiError> {
    let catalogue = catalogue(state).await?;
    let entry = catalogue.entry(code)?;
    let i = &entry.indicator;
    let (park, reports) = tokio::try_join!(park_figures(state, code), async {
        store::observations::of_indicator(&state.pool, i.id, principal.read_scope())
            .await
            .map_err(AppError::from)
    },)?;
    let ParkFigures {
        rows: park,
        figures,
        card,
    } = park.as_ref();
    let in_range = |start: NaiveDate, end: NaiveDate| {
        query.from.is_none_or(|f| start >= f) && query.to.is_none_or(|t| end <= t)
    };
    let mut points: BTreeMap<NaiveDate, SeriesPoint> = BTreeMap::new();
    let point = |points: &mut BTreeMap<NaiveDate, SeriesPoint>, start, end| {
        points.entry(start).or_insert_with(|| SeriesPoint {
            period_start: start,
            period_end: end,
            period: period_label(i.rules.frequency, start, end),
            park: None,
            park_note: Some("no approved figure for this period yet".into()),
            own: None,
            organisations: principal.manager.then(Vec::new),
        });
    };
    for figure in park
        .iter()
        .filter(|f| in_range(f.period_start, f.period_end))
    {
        point(&mut points, figure.period_start, figure.period_end);
        let contributors = usize::try_from(figure.contributors).unwrap_or(0);
        let coverage = crate::domain::coverage::Coverage::new(
            contributors,
            usize::try_from(figure.assigned).unwrap_or(0),
            i.rules.min_coverage_percent,
        );
        let Some(p) = points.get_mut(&figure.period_start) else {
            continue;
        };
        match figure.value {
            Some(value)
                if principal.manager || privacy::park_figure_visible_to_tenant(contributors) =>
            {
                p.park = Some(ParkFigure {
                    value,
                    numerator: figure.numerator,
                    denominator: figure.denominator,
                    contributors,
                    assigned: coverage.assigned,
                    required: coverage.required,
                    complete: coverage.is_complete(),
                });
                p.park_note = None;
            }
            Some(_) => {
                p.park_note = Some(format!(
                    "withheld: {contributors} organisation(s) contribute, fewer than the {} needed, so a peer's figure could be read off",
                    privacy::MIN_CONTRIBUTORS_FOR_TENANTS
                ));
            }
            None => {}
        }
    }
    // Another organisation's draft is its unfinished work, not given to the program.
    let given = |o: &&Observation| {
        o.status != ObservationStatus::Draft
            || o.organisation_id == principal.caller.organisation_id
    };
    for report in reports
        .iter()
        .filter(given)
        .filter(|o| in_range(o.period_start, o.period_end))
    {
        point(&mut points, report.period_start, report.period_end);
        let Some(p) = points.get_mut(&report.period_start) else {
            continue;
        };
        match &mut p.organisations {
            Some(list) => list.push(OrganisationFigure::from(report)),
            None => p.own = Some(OrganisationFigure::from(report)),
        }
    }
    let series = Series {
        standing: standing(entry, card, figures, principal.manager),
        indicator: i.code.clone(),
        unit: i.unit.clone(),
        kind: i.rules.kind,
        frequency: i.rules.frequency,
        decimals: i.decimals,
        min_contributors_for_tenants: privacy::MIN_CONTRIBUTORS_FOR_TENANTS,
        periods: points.into_values().collect(),
    };
    Ok((series, i.id))
}

/// An indicator's park figures with its standing's judgement: the same for every caller, kept
/// with the dashboards' facts (`AppState::page_cache`) until the data changes or the day
/// turns. Only the caller's own reports are read per request.
struct ParkFigures {
    rows: Vec<OfficialFigure>,
    figures: Vec<PeriodFigure>,
    card: scorecard::Scorecard,
}

/// The park figures of a live indicator (its code checked against the catalogue first, so
/// that only indicators that exist are kept), kept per indicator (`cache::Scope::Indicator`).
async fn park_figures(
    state: &AppState,
    code: &str,
) -> Result<std::sync::Arc<ParkFigures>, AppError> {
    let today = state.clock.today();
    let not_found = || AppError::NotFound(crate::domain::Missing::Indicator(code.to_string()));
    let held = catalogue(state).await?;
    let id = held.entry(code).map_err(|_| not_found())?.indicator.id;
    let key = format!("api/series:{}:{code}", held.program.code);
    state
        .page_cache
        .get_or_load_in(&key, Scope::Indicator(id), today, || async {
            // Read again once the entry is stamped (a catalogue held from before a change of
            // this indicator's targets must not be filed as newer than it).
            let catalogue = catalogue(state).await?;
            let entry = catalogue
                .entry(code)
                .ok()
                .filter(|e| e.indicator.id == id)
                .ok_or_else(not_found)?;
            let i = &entry.indicator;
            let rows =
                store::figures::official_period_figures_of_indicator(&state.pool, i.id).await?;
            let figures: Vec<PeriodFigure> = rows
                .iter()
                .cloned()
                .map(store::figures::period_figure)
                .filter_map(Result::transpose)
                .collect::<Result<_, _>>()?;
            let card = scorecard::scorecard(&i.rules, &i.targets, &figures, today);
            Ok(ParkFigures {
                rows,
                figures,
                card,
            })
        })
        .await
}
