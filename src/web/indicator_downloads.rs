//! `/indicators/{code}/series.csv` and `/indicators/{code}/reports.csv`: the series of an
//! indicator page, and the reports of one of its periods by organisation (all of them, where
//! the page shows a page of them), as CSV. Reads the same cached facts as the page
//! (`web::indicator_facts`) and writes rows; no SQL and no rule here.
//!
//! Figures are given at the indicator's precision, the official and the reported value also in
//! full in a `_full` column; a fraction's value (a percentage 0–100, a ratio) is given beside
//! its numerator and denominator; every code (status, process route, data quality) has its
//! label in the request's language beside it.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::csv::{Csv, Field};
use super::indicator_facts::{IndicatorFacts, indicator_facts};
use super::layout::Layout;
use crate::domain::ObservationValue;
use crate::domain::kinds::{IndicatorKind, ObservationStatus};
use crate::domain::scorecard::{self, Basis};
use crate::domain::status::Status;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::compliance::ReportedValue;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/indicators/{code}/series.csv", get(series_csv))
        .route("/indicators/{code}/reports.csv", get(reports_csv))
}

/// `?period=2026-10`: the period whose reports the download holds (as the page's table).
#[derive(Debug, Deserialize)]
struct PeriodQuery {
    period: Option<String>,
}

/// A reported figure as one number: a fraction's value (percentage 100·n/d, ratio n/d), a
/// stage, or the value itself (`domain::ObservationValue::numeric`, the roll-ups' rule).
fn reported_number(kind: IndicatorKind, figure: &ReportedValue) -> Option<f64> {
    match (
        figure.value,
        figure.numerator,
        figure.denominator,
        figure.stage,
    ) {
        (_, Some(numerator), Some(denominator), _) if kind.uses_fraction() => {
            ObservationValue::Fraction {
                numerator,
                denominator,
            }
            .numeric(kind)
        }
        (Some(value), ..) => Some(value),
        (_, _, _, Some(stage)) => Some(f64::from(stage)),
        _ => None,
    }
}

async fn series_csv(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let t = layout.t;
    let cached = indicator_facts(&state, &code).await?;
    let IndicatorFacts { facts, points, .. } = cached.as_ref();
    let rules = &facts.entry.indicator.rules;
    let frequency = rules.frequency;
    let decimals = facts.entry.indicator.decimals;
    let name = layout.locale.text(&facts.entry.indicator.name);
    let mut csv = Csv::new(&[
        "indicator",
        "indicator_name",
        "period",
        "period_start",
        "period_end",
        "official_value",
        "official_value_full",
        "official_numerator",
        "official_denominator",
        "official_contributors",
        "official_assigned",
        "official_complete",
        "provisional_value",
        "provisional_contributors",
        "submitted_reports",
        "target_path_value",
        "unit",
        "status",
        "status_label",
        "judged_value",
        "judged_basis",
        "judged_months",
        "judged_expected",
    ]);
    // The status is the indicator's, judged once on its latest complete period: that row
    // carries it with what was judged; an incomplete period's row says it was not judged.
    let card = scorecard::scorecard(
        rules,
        &facts.entry.indicator.targets,
        &facts.official,
        state.clock.today(),
    );
    for point in points {
        let judged = card
            .judgement
            .filter(|_| card.latest.is_some_and(|l| l.period == point.period));
        let status = match (judged, point.official) {
            (Some(j), _) => Some(j.verdict.status),
            (None, Some(f)) if !rules.is_complete(&f) => Some(Status::InsufficientData),
            _ => None,
        };
        let official = point.official.map(|f| f.aggregate);
        let coverage = point.official.and_then(|f| rules.coverage(&f));
        csv.row([
            Field::Text(&facts.entry.indicator.code),
            Field::Text(name),
            Field::Text(&point.period.label(frequency)),
            Field::Text(&point.period.start().to_string()),
            Field::Text(&point.period.end().to_string()),
            Field::Fixed(official.map(|a| a.value), decimals),
            Field::Number(official.map(|a| a.value)),
            Field::Number(official.and_then(|a| a.numerator)),
            Field::Number(official.and_then(|a| a.denominator)),
            Field::Number(official.map(|a| a.contributors as f64)),
            // Coverage: organisations assigned for the period, and whether the figure meets
            // the indicator's minimum (an incomplete figure is never judged or headlined).
            Field::Number(coverage.map(|c| c.assigned as f64)),
            Field::Text(match (point.official, coverage) {
                (Some(_), Some(c)) if !c.is_complete() => "no",
                (Some(_), _) => "yes",
                (None, _) => "",
            }),
            Field::Fixed(point.provisional.map(|a| a.value), decimals),
            Field::Number(point.provisional.map(|a| a.contributors as f64)),
            Field::Number(Some(point.submitted as f64)),
            Field::Fixed(point.expected, decimals),
            Field::Text(&facts.entry.indicator.unit),
            Field::Text(status.map_or("", |s| s.as_str())),
            Field::Text(status.map_or("", |s| t.status(s))),
            Field::Fixed(judged.map(|j| j.value), decimals),
            Field::Text(judged.map_or("", |j| basis_text(j.basis))),
            Field::Number(judged.map(|j| f64::from(j.months))),
            Field::Fixed(judged.map(|j| j.verdict.expected), decimals),
        ]);
    }
    Ok(csv.into_download(&format!("{}-series.csv", facts.entry.indicator.code)))
}

/// A basis as the downloads and the API write it.
fn basis_text(basis: Basis) -> &'static str {
    match basis {
        Basis::LatestPeriod => "latest_period",
        Basis::YearToDate => "year_to_date",
        Basis::Annualised => "annualised",
    }
}

async fn reports_csv(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let cached = indicator_facts(&state, &code).await?;
    let facts = &cached.facts;
    let today = state.clock.today();
    let indicator = &facts.entry.indicator;
    let frequency = indicator.rules.frequency;
    let card = scorecard::scorecard(&indicator.rules, &indicator.targets, &facts.official, today);
    let chosen = cached.chosen_period(query.period.as_deref(), &card)?;
    let t = layout.t;
    let kind = indicator.rules.kind;
    let name = layout.locale.text(&indicator.name);
    let mut csv = Csv::new(&[
        "indicator",
        "indicator_name",
        "period",
        "organisation_code",
        "organisation",
        "process_route",
        "process_route_label",
        "status",
        "status_label",
        "late",
        "value",
        "value_full",
        "numerator",
        "denominator",
        "stage",
        "text",
        "data_quality",
        "data_quality_label",
        "comment",
        "evidence_url",
    ]);
    let label = chosen.map(|p| p.label(frequency)).unwrap_or_default();
    if let Some(period) = chosen {
        let period_facts = cached.period(&state, &period, today).await?;
        for line in period_facts.lines(&period_facts.lines) {
            let shown = line.report.filter(|r| r.status != ObservationStatus::Draft);
            let state = line
                .state
                .map(|c| c.state)
                .or(line.report.map(|r| r.status.into()));
            let figure = shown.map(|r| &r.figure);
            let value = figure.and_then(|f| reported_number(kind, f));
            let route = line.reporter.process_route;
            let quality = line.report.map(|r| r.data_quality);
            csv.row([
                Field::Text(&indicator.code),
                Field::Text(name),
                Field::Text(&label),
                Field::Text(&line.reporter.code),
                Field::Text(&line.reporter.short_name),
                Field::Text(route.map_or("", |r| r.as_str())),
                Field::Text(route.map_or("", |r| t.process_route(r))),
                Field::Text(state.map_or("", |s| s.as_str())),
                Field::Text(state.map_or("", |s| t.report_state(s))),
                Field::Text(match line.state {
                    Some(c) if c.late => "yes",
                    Some(_) => "no",
                    None => "",
                }),
                Field::Fixed(value, indicator.decimals),
                Field::Number(value),
                Field::Number(figure.and_then(|f| f.numerator)),
                Field::Number(figure.and_then(|f| f.denominator)),
                Field::Number(figure.and_then(|f| f.stage).map(f64::from)),
                Field::Text(figure.and_then(|f| f.text.as_deref()).unwrap_or("")),
                Field::Text(quality.map_or("", |q| q.as_str())),
                Field::Text(quality.map_or("", |q| t.data_quality(q))),
                Field::Text(shown.map_or("", |r| r.comment.as_str())),
                Field::Text(shown.and_then(|r| r.evidence_url.as_deref()).unwrap_or("")),
            ]);
        }
    }
    Ok(csv.into_download(&format!("{}-{label}-reports.csv", indicator.code)))
}
