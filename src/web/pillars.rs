//! `/pillars/{code}`: every indicator of one pillar in one table — baseline, latest official
//! value, this year's and the final target, progress, status, trend and coverage — and the
//! pillar's milestones.
//!
//! Reads the program's facts (program, pillars, catalogue, official figures, milestones: five
//! queries on a cold page cache, none on a warm one, whatever the data size).

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use chrono::{Datelike, NaiveDate};

use super::charts::Sparkline;
use super::facts::{self, ProgramFacts};
use super::format::{self, Locale};
use super::layout::{Layout, Nav};
use super::overview::{MilestoneLine, milestone_line};
use super::view::{self, StatusBadge, ValueFormat};
use crate::domain::compliance;
use crate::domain::rollup::PeriodFigure;
use crate::domain::scorecard::Scorecard;
use crate::domain::status::Status;
use crate::domain::transparency::statement::RestatementNote;
use crate::error::AppError;
use crate::i18n::Strings;
use crate::state::AppState;
use crate::store::catalogue::CatalogueEntry;
use crate::store::program::Pillar;

pub fn router() -> Router<AppState> {
    Router::new().route("/pillars/{code}", get(pillar))
}

#[derive(Template)]
#[template(path = "pillar.html")]
struct PillarPage {
    layout: Layout,
    code: String,
    name: String,
    /// The content (`templates/pillar_body.html`): the same for every reader of a language
    /// until the data changes or the day turns, so rendered once and kept.
    body: Arc<String>,
}

#[derive(Template)]
#[template(path = "pillar_body.html")]
struct PillarBody {
    t: &'static Strings,
    code: String,
    name: String,
    description: String,
    counts: Vec<(&'static str, &'static str, usize)>,
    this_year: String,
    final_year: String,
    rows: Vec<IndicatorRow>,
    milestones: Vec<MilestoneLine>,
}

struct IndicatorRow {
    code: String,
    name: String,
    unit: String,
    baseline: String,
    baseline_year: String,
    latest: String,
    latest_period: String,
    target: String,
    final_target: String,
    progress: Option<u32>,
    progress_label: String,
    status: StatusBadge,
    /// What the status judged, in a sentence (and a later incomplete period, if any).
    judgement: view::JudgementView,
    sparkline: Option<Sparkline>,
    sparkline_label: String,
    coverage: String,
    /// The latest restatement of one of its published figures, if any: "2026-Q2 — Restated
    /// on … (was …): reason".
    restated: String,
}

async fn pillar(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
) -> Result<Html<String>, AppError> {
    let not_found = || AppError::NotFound(crate::domain::Missing::Pillar(code.to_string()));
    let facts = facts::program_facts(&state).await?;
    let pillar = facts
        .as_ref()
        .as_ref()
        .and_then(|f| f.pillars.iter().find(|p| p.code == code))
        .ok_or_else(not_found)?;
    let (t, locale) = (layout.t, layout.locale);
    let today = state.clock.today();
    let body = state
        .page_cache
        .get_or_load(
            &format!("pillar:{}:{code}:{}", facts::program_key()?, locale.tag()),
            today,
            || async {
                // The facts are read again inside: an entry must not be made of facts older than
                // its own generation (a change between the two reads would keep it stale).
                let facts = facts::program_facts(&state).await?;
                let body = facts
                    .as_ref()
                    .as_ref()
                    .and_then(|f| {
                        let pillar = f.pillars.iter().find(|p| p.code == code)?;
                        Some(pillar_body(f, pillar, today, locale, t))
                    })
                    .ok_or_else(not_found)?;
                Ok(body.render()?)
            },
        )
        .await?;
    let page = PillarPage {
        layout: layout.at(Nav::Overview),
        name: locale.text(&pillar.name).to_string(),
        code: pillar.code.clone(),
        body,
    };
    Ok(Html(view::render_around(&page, page.body.len())?))
}

/// The pillar's indicators with their figures, status and trend, and its milestones.
fn pillar_body(
    facts: &ProgramFacts,
    pillar: &Pillar,
    today: NaiveDate,
    locale: Locale,
    t: &'static Strings,
) -> PillarBody {
    let ProgramFacts {
        program,
        entries,
        series,
        cards,
        milestones,
        restatements,
        ..
    } = facts;
    let rows: Vec<(IndicatorRow, Status)> = entries
        .iter()
        .zip(cards)
        .filter(|(e, _)| e.indicator.pillar_id == pillar.id)
        .map(|(e, card)| {
            let figures = series.get(&e.indicator.id).map_or(&[][..], Vec::as_slice);
            let restated = restatements
                .iter()
                .find(|n| n.indicator == e.indicator.code);
            indicator_row(e, card, figures, restated, today, locale, t)
        })
        .collect();
    let counts = Status::ALL
        .iter()
        .map(|s| {
            let n = rows.iter().filter(|(_, status)| status == s).count();
            (s.as_str(), t.status(*s), n)
        })
        .collect();
    let final_year = entries
        .iter()
        .filter_map(|e| e.indicator.targets.final_target())
        .map(|(year, _)| year)
        .max()
        .unwrap_or(program.ends_on.year());
    PillarBody {
        name: locale.text(&pillar.name).to_string(),
        description: locale.text(&pillar.description).to_string(),
        counts,
        this_year: (t.target_year)(today.year()),
        final_year: (t.target_year)(final_year),
        rows: rows.into_iter().map(|(row, _)| row).collect(),
        milestones: milestones
            .iter()
            .filter(|m| m.pillar_code.as_deref() == Some(pillar.code.as_str()))
            .map(|m| milestone_line(m, today, locale, t))
            .collect(),
        code: pillar.code.clone(),
        t,
    }
}

fn indicator_row(
    entry: &CatalogueEntry,
    card: &Scorecard,
    figures: &[PeriodFigure],
    restated: Option<&RestatementNote>,
    today: NaiveDate,
    locale: Locale,
    t: &Strings,
) -> (IndicatorRow, Status) {
    let indicator = &entry.indicator;
    let stages = locale.exact(&indicator.stage_labels);
    let values = ValueFormat {
        kind: indicator.rules.kind,
        decimals: indicator.decimals,
        stages,
        locale,
    };
    let path = &indicator.targets;
    let name = locale.text(&indicator.name).to_string();
    let (latest, latest_period, coverage) = match &card.latest {
        Some(f) => {
            // The figure's own coverage (reporters of the organisations assigned for its
            // period), as the store counted it; from the catalogue's assignments when unknown.
            let assigned = f.assigned.unwrap_or_else(|| {
                entry
                    .assignment_starts
                    .iter()
                    .filter(|(starts, _)| compliance::is_expected(*starts, &f.period))
                    .map(|(_, count)| count)
                    .sum()
            });
            (
                values.figure(f.aggregate.value),
                format::period(&f.period, indicator.rules.frequency, locale),
                (t.coverage_of)(
                    f.aggregate.contributors,
                    assigned.max(f.aggregate.contributors),
                ),
            )
        }
        None => ("—".to_string(), String::new(), "—".to_string()),
    };
    let progress = view::progress_percent(card.progress);
    let row = IndicatorRow {
        code: indicator.code.clone(),
        unit: indicator.unit.clone(),
        baseline: if path.baseline.is_finite() {
            values.figure(path.baseline)
        } else {
            "—".to_string()
        },
        baseline_year: if path.baseline.is_finite() {
            path.baseline_year.to_string()
        } else {
            String::new()
        },
        latest,
        latest_period,
        target: path
            .target_for_year(today.year())
            .map(|v| values.figure(v))
            .unwrap_or_else(|| "—".to_string()),
        final_target: path
            .final_target()
            .map(|(_, v)| values.figure(v))
            .unwrap_or_else(|| "—".to_string()),
        progress_label: progress.map(|p| (t.progress_aria)(p)).unwrap_or_default(),
        progress,
        status: view::status_badge(card.status, t),
        judgement: view::judgement_view(card, &indicator.rules, &values, &indicator.unit, t),
        sparkline: view::sparkline(&indicator.rules, figures, today),
        sparkline_label: (t.trend_of)(&name),
        coverage,
        restated: restated
            .map(|n| {
                view::restatement_line(n, &values, &indicator.unit, indicator.rules.frequency, t)
            })
            .unwrap_or_default(),
        name,
    };
    (row, card.status)
}
