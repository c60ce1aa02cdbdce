//! `/`: the program overview — the header of the program and, per pillar, every indicator's
//! latest official value, this year's target and its status.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use chrono::{Datelike, NaiveDate};

use super::format::{self, Locale};
use crate::app::AppState;
use crate::domain::kinds::IndicatorKind;
use crate::domain::scorecard::{self, Scorecard};
use crate::domain::status::Status;
use crate::error::AppError;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(overview))
}

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    demo: bool,
    program_name: String,
    park_name: String,
    phase: String,
    dates: String,
    month_label: String,
    elapsed_percent: u32,
    today: String,
    pillars: Vec<PillarCard>,
}

struct PillarCard {
    code: String,
    name: String,
    description: String,
    on_track: usize,
    at_risk: usize,
    off_track: usize,
    no_data: usize,
    indicators: Vec<IndicatorLine>,
}

struct IndicatorLine {
    code: String,
    name: String,
    unit: String,
    latest: String,
    latest_period: String,
    target: String,
    status_class: &'static str,
    status_label: &'static str,
    progress_percent: Option<u32>,
}

#[derive(Template)]
#[template(path = "empty.html")]
struct EmptyPage {
    demo: bool,
}

async fn overview(State(state): State<AppState>) -> Result<Html<String>, AppError> {
    let Some(program) = store::program::main_program(&state.pool).await? else {
        return Ok(Html(EmptyPage { demo: false }.render()?));
    };
    let (pillars, indicators, series, demo) = tokio::try_join!(
        store::program::pillars(&state.pool, program.id),
        store::program::indicators(&state.pool, program.id),
        store::figures::official_series(&state.pool, program.id),
        store::program::demo_loaded(&state.pool),
    )?;
    let today = state.clock.today();
    let cards: Vec<Scorecard> = indicators
        .iter()
        .map(|i| {
            let figures = series.get(&i.id).map_or(&[][..], Vec::as_slice);
            scorecard::scorecard(&i.rules, &i.targets, figures, today)
        })
        .collect();
    let locale = Locale::En;

    let pillars = pillars
        .into_iter()
        .map(|pillar| {
            let lines: Vec<IndicatorLine> = indicators
                .iter()
                .zip(&cards)
                .filter(|(indicator, _)| indicator.pillar_id == pillar.id)
                .map(|(indicator, card)| indicator_line(indicator, card, today, locale))
                .collect();
            let count = |status: Status| {
                lines
                    .iter()
                    .filter(|l| l.status_class == status.as_str())
                    .count()
            };
            PillarCard {
                on_track: count(Status::OnTrack),
                at_risk: count(Status::AtRisk),
                off_track: count(Status::OffTrack),
                no_data: count(Status::NoData),
                code: pillar.code,
                name: pillar.name_en,
                description: pillar.description_en,
                indicators: lines,
            }
        })
        .collect();

    let (month, months) = program_month(program.starts_on, program.ends_on, today);
    let page = OverviewPage {
        demo,
        program_name: program.name_en,
        park_name: program.park_name,
        phase: program.phase,
        dates: format!(
            "{} – {}",
            format::date(program.starts_on, locale),
            format::date(program.ends_on, locale)
        ),
        month_label: if month == 0 {
            "Not started".to_string()
        } else {
            format!("Month {month} of {months}")
        },
        elapsed_percent: (month * 100).checked_div(months).unwrap_or(0),
        today: format::date(today, locale),
        pillars,
    };
    Ok(Html(page.render()?))
}

fn indicator_line(
    indicator: &store::program::Indicator,
    card: &Scorecard,
    today: NaiveDate,
    locale: Locale,
) -> IndicatorLine {
    let show = |value: f64| match indicator.rules.kind {
        IndicatorKind::Milestone => stage_label(indicator, value),
        _ => format::number(value, indicator.decimals, locale),
    };
    let (latest, latest_period) = match &card.latest {
        Some(figure) => (
            show(figure.aggregate.value),
            figure.period.label(indicator.rules.frequency),
        ),
        None => ("—".to_string(), String::new()),
    };
    IndicatorLine {
        code: indicator.code.clone(),
        name: indicator.name_en.clone(),
        unit: indicator.unit.clone(),
        latest,
        latest_period,
        target: indicator
            .targets
            .target_for_year(today.year())
            .map(show)
            .unwrap_or_else(|| "—".to_string()),
        status_class: card.status.as_str(),
        status_label: card.status.label(),
        progress_percent: card
            .progress
            .map(|p| (p.clamp(0.0, 1.0) * 100.0).round() as u32),
    }
}

/// A milestone's stage shown by its label ("2 · site & curriculum").
fn stage_label(indicator: &store::program::Indicator, value: f64) -> String {
    let stage = value.round().max(0.0) as usize;
    match indicator.stage_labels_en.get(stage) {
        Some(label) => format!("{stage} · {label}"),
        None => stage.to_string(),
    }
}

/// Which month of the program `today` falls in (1-based; 0 before the start), and how many
/// months the program has.
fn program_month(starts_on: NaiveDate, ends_on: NaiveDate, today: NaiveDate) -> (u32, u32) {
    let months_between = |a: NaiveDate, b: NaiveDate| {
        (b.year() - a.year()) * 12 + b.month() as i32 - a.month() as i32
    };
    let total = months_between(starts_on, ends_on) + 1;
    let current = if today < starts_on {
        0
    } else {
        (months_between(starts_on, today) + 1).min(total)
    };
    (current.max(0) as u32, total.max(1) as u32)
}

#[cfg(test)]
mod tests {
    use super::program_month;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn program_month_counts_from_one_and_stops_at_the_end() {
        let (start, end) = (d(2026, 1, 1), d(2028, 12, 31));
        assert_eq!(program_month(start, end, d(2026, 11, 29)), (11, 36));
        assert_eq!(program_month(start, end, d(2026, 1, 1)), (1, 36));
        assert_eq!(program_month(start, end, d(2025, 12, 31)), (0, 36));
        assert_eq!(program_month(start, end, d(2028, 12, 31)), (36, 36));
        assert_eq!(program_month(start, end, d(2030, 5, 1)), (36, 36));
    }
}
