//! `GET /api/v1/parks`: the national view as data, the same figures as the page `/parks`. The
//! parks side by side on the indicators their programs share (same definition, unit and rule:
//! `domain::parks::SharedDefinition`), park figures only; a park figure that fewer than three
//! organisations contribute to is withheld for every token (`domain::privacy`).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::problem::ApiError;
use crate::cache::Scope;
use crate::domain::kinds::{Aggregation, Frequency, IndicatorKind};
use crate::domain::parks::{ParkFigure, Window};
use crate::domain::period::parse_any_label;
use crate::domain::privacy::MIN_CONTRIBUTORS_FOR_TENANTS;
use crate::domain::status::Status;
use crate::error::AppError;
use crate::state::AppState;
use crate::store;
use crate::store::parks::NationalFacts;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_parks))
}

/// Which period: each indicator's latest when absent.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParksQuery {
    /// A month, quarter, half-year or year: `2026-10`, `2026-Q3`, `2026-H1`, `2026`. A park's
    /// figures of closed periods within it are rolled up by the indicator's rule.
    #[param(example = "2026-Q3")]
    period: Option<String>,
}

/// A park's program in the view.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParkBody {
    #[schema(example = "IWIP-P1")]
    pub program: String,
    pub program_name_en: String,
    pub program_name_id: String,
    #[schema(example = "IWIP")]
    pub park_code: String,
    pub park_name: String,
}

/// One park's figure of a shared indicator.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParkFigureBody {
    /// The park's program.
    #[schema(example = "IMIP-P1")]
    pub program: String,
    /// The park's indicator (its own code in its program).
    #[schema(example = "CE-105")]
    pub indicator: String,
    /// `shown`, `withheld` (fewer than three organisations contribute to a period in it:
    /// nothing of it is given) or `no_figure` (no approved figure of a closed period).
    #[schema(example = "shown")]
    pub state: String,
    /// The park's figure (a percentage is 0–100); null unless shown.
    pub value: Option<f64>,
    /// Σ numerators and Σ denominators of a pooled fraction.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// The first and last day of the official periods behind it, and how many there are.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub periods: Option<usize>,
    /// The fewest organisations behind any of its periods, of those assigned (the thinnest
    /// coverage).
    pub reporters: Option<usize>,
    pub assigned: Option<usize>,
    /// Its status against the park's own targets, judged on `to`.
    #[schema(value_type = Option<crate::domain::status::Status>)]
    pub status: Option<Status>,
    /// Why nothing is shown, when withheld.
    pub note: Option<String>,
}

/// An indicator several parks share, and each park's figure.
#[derive(Debug, Serialize, ToSchema)]
pub struct SharedIndicatorBody {
    /// The first park's name of the indicator (the definition is the same in every park).
    pub name_en: String,
    pub name_id: String,
    pub definition_en: String,
    pub definition_id: String,
    pub unit: String,
    #[schema(value_type = crate::domain::IndicatorKind)]
    pub kind: IndicatorKind,
    #[schema(value_type = crate::domain::Aggregation)]
    pub aggregation: Aggregation,
    #[schema(value_type = crate::domain::Frequency)]
    pub frequency: Frequency,
    /// The period shown (the latest with a figure in any park, or the one asked for); null
    /// when no park has a figure yet.
    #[schema(example = "2026-Q3")]
    pub period: Option<String>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    /// One per park whose program measures it, in the order of `parks`.
    pub figures: Vec<ParkFigureBody>,
}

/// The national view.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParksBody {
    /// The parks' programs that share an indicator with another, earliest first.
    pub parks: Vec<ParkBody>,
    pub indicators: Vec<SharedIndicatorBody>,
}

/// Compare the parks
///
/// The parks side by side on the indicators their programs share (the same definition, unit,
/// kind, aggregation and frequency): each park's official figure for each indicator's latest
/// period, or for `period`, with its coverage and status. Park figures only, for every token:
/// a figure that fewer than three organisations contribute to is withheld.
#[utoipa::path(
    get,
    path = "/api/v1/parks",
    tag = "figures",
    operation_id = "list_parks",
    params(ParksQuery),
    responses(
        (status = 200, description = "The parks side by side", body = ParksBody),
        (status = 400, response = super::openapi::BadRequest),
    )
)]
async fn list_parks(
    State(state): State<AppState>,
    query: Result<Query<ParksQuery>, QueryRejection>,
) -> Result<Json<ParksBody>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::App(AppError::BadRequest(e.body_text())))?;
    let window = match query.period.as_deref().map(str::trim) {
        None | Some("") => Window::Latest,
        Some(label) => parse_any_label(label)
            .map(|(p, f)| Window::Within(p, f))
            .ok_or_else(|| {
                ApiError::App(AppError::BadRequest(
                    "period: expected 2026-10, 2026-Q3, 2026-H1 or 2026".into(),
                ))
            })?,
    };
    let today = state.clock.today();
    let facts: std::sync::Arc<NationalFacts> = state
        .page_cache
        .get_or_load_in("api/parks", Scope::Data, today, || async {
            Ok(store::parks::national_facts(&state.pool).await?)
        })
        .await?;
    let indicators = facts
        .compare(window, today)
        .into_iter()
        .map(|row| {
            let lead = row.lead;
            let rules = lead.indicator.rules;
            SharedIndicatorBody {
                name_en: lead.indicator.name.english.clone(),
                name_id: lead.indicator.name.indonesian.clone(),
                definition_en: lead.definition.english.clone(),
                definition_id: lead.definition.indonesian.clone(),
                unit: lead.indicator.unit.clone(),
                kind: rules.kind,
                aggregation: rules.aggregation,
                frequency: rules.frequency,
                period: row.span.map(|(p, f)| p.label(f)),
                period_start: row.span.map(|(p, _)| p.start()),
                period_end: row.span.map(|(p, _)| p.end()),
                figures: row
                    .cells
                    .iter()
                    .flatten()
                    .map(|cell| {
                        let mut body = ParkFigureBody {
                            program: cell.program.code.clone(),
                            indicator: cell.entry.indicator.code.clone(),
                            state: String::new(),
                            value: None,
                            numerator: None,
                            denominator: None,
                            from: None,
                            to: None,
                            periods: None,
                            reporters: None,
                            assigned: None,
                            status: None,
                            note: None,
                        };
                        match cell.figure {
                            ParkFigure::NoFigure => body.state = "no_figure".into(),
                            ParkFigure::Withheld => {
                                body.state = "withheld".into();
                                body.note = Some(format!(
                                    "withheld: fewer than {MIN_CONTRIBUTORS_FOR_TENANTS} organisations contribute, so a park figure would give one away"
                                ));
                            }
                            ParkFigure::Shown(shown) => {
                                body.state = "shown".into();
                                body.value = Some(shown.aggregate.value);
                                body.numerator = shown.aggregate.numerator;
                                body.denominator = shown.aggregate.denominator;
                                body.from = Some(shown.from);
                                body.to = Some(shown.to);
                                body.periods = Some(shown.periods);
                                body.reporters = Some(
                                    shown
                                        .coverage
                                        .map_or(shown.aggregate.contributors, |c| c.reporters),
                                );
                                body.assigned = shown.coverage.map(|c| c.assigned);
                                body.status = Some(shown.status);
                            }
                        }
                        body
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Json(ParksBody {
        parks: facts
            .programs
            .iter()
            .map(|p| ParkBody {
                program: p.code.clone(),
                program_name_en: p.name.english.clone(),
                program_name_id: p.name.indonesian.clone(),
                park_code: p.park_code.clone(),
                park_name: p.park_name.clone(),
            })
            .collect(),
        indicators,
    }))
}
