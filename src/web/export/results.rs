//! `/exports/results.xlsx` (`?year=2027`): the results framework in the shape donors know as an
//! indicator performance tracking table. A first sheet says what the file is; a summary sheet
//! counts each pillar's indicators by status; then a sheet per pillar with a row per indicator:
//! baseline, each program year's target, each closed period of the year with its official
//! figure, coverage and status, and the year to date with its status.
//!
//! Reads the dashboards' cached program facts (official figures only: approved reports) and
//! judges them with `domain::scorecard`, the one rule every page uses; no SQL here. Closed to
//! tenants by `auth::policy` (`/exports` is the dashboards'), as it holds every park figure.

use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::xlsx::{Cell, Table, Workbook};
use crate::domain::kinds::IndicatorKind;
use crate::domain::period::{self, Period};
use crate::domain::rollup::PeriodFigure;
use crate::domain::scorecard::{self, Scorecard};
use crate::domain::status::Status;
use crate::error::AppError;
use crate::i18n::{Locale, Strings};
use crate::state::AppState;
use crate::store::catalogue::CatalogueEntry;
use crate::web::facts::{self, ProgramFacts};
use crate::web::format;
use crate::web::layout::Layout;

/// `?year=2026`: the program year the periods and the year to date are of (default: the
/// clock's year, within the program).
#[derive(Debug, Deserialize)]
pub(super) struct ResultsQuery {
    year: Option<String>,
}

/// The program years, first to last.
fn program_years(facts: &ProgramFacts) -> Vec<i32> {
    (facts.program.starts_on.year()..=facts.program.ends_on.year()).collect()
}

/// The year asked for: a program year, or the clock's (kept within the program).
fn chosen_year(query: Option<&str>, years: &[i32], today: NaiveDate) -> Result<i32, AppError> {
    let (first, last) = (
        years.first().copied().unwrap_or(today.year()),
        years.last().copied().unwrap_or(today.year()),
    );
    match query.map(str::trim).filter(|y| !y.is_empty()) {
        None => Ok(today.year().clamp(first, last)),
        Some(text) => text
            .parse::<i32>()
            .ok()
            .filter(|y| years.contains(y))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "year: give a year of the program, {first} to {last}"
                ))
            }),
    }
}

pub(super) async fn results_xlsx(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<ResultsQuery>,
) -> Result<Response, AppError> {
    let facts = facts::program_facts(&state).await?;
    let facts = facts
        .as_ref()
        .as_ref()
        .ok_or(AppError::NotFound(crate::domain::Missing::Program))?;
    let today = state.clock.today();
    let years = program_years(facts);
    let year = chosen_year(query.year.as_deref(), &years, today)?;
    let book = results_workbook(facts, year, &years, today, state.clock.now(), layout.locale)?;
    let code: String = facts
        .program
        .code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    book.into_download(&format!("{code}-results-{year}.xlsx"))
}

/// One indicator judged for the workbook.
struct Judged<'a> {
    entry: &'a CatalogueEntry,
    /// Official figures of periods of the year that have closed, oldest first.
    figures: Vec<PeriodFigure>,
    /// The year to date (the scorecard as of the year's end, or today).
    card: Scorecard,
}

fn judge<'a>(
    entry: &'a CatalogueEntry,
    all: &[PeriodFigure],
    year: i32,
    today: NaiveDate,
) -> Judged<'a> {
    let i = &entry.indicator;
    // Up to the end of the year: a later year's figures must not be that year's result.
    let until = NaiveDate::from_ymd_opt(year + 1, 1, 1).map_or(today, |d| d.min(today));
    let upto: Vec<PeriodFigure> = all
        .iter()
        .filter(|f| f.period.year() <= year)
        .copied()
        .collect();
    let card = scorecard::scorecard(&i.rules, &i.targets, &upto, until);
    let figures = scorecard::closed_figures(&upto, until)
        .into_iter()
        .filter(|f| f.period.year() == year)
        .collect();
    Judged {
        entry,
        figures,
        card,
    }
}

impl Judged<'_> {
    /// The status of the year to date (no figure of this year: no data).
    fn status(&self, year: i32) -> Status {
        if self.card.year == Some(year) {
            self.card.status
        } else if self.figures.is_empty() {
            Status::NoData
        } else {
            Status::InsufficientData
        }
    }

    /// The status as of the end of `figure`'s period: the scorecard over the figures up to it,
    /// when this figure is the one it headlines (an incomplete figure is not judged).
    fn status_at(&self, figure: &PeriodFigure, all: &[PeriodFigure]) -> Option<Status> {
        let i = &self.entry.indicator;
        let day_after = figure.period.end().succ_opt()?;
        let upto: Vec<PeriodFigure> = all
            .iter()
            .filter(|f| f.period.start() <= figure.period.start())
            .copied()
            .collect();
        let card = scorecard::scorecard(&i.rules, &i.targets, &upto, day_after);
        card.latest
            .filter(|l| l.period == figure.period)
            .map(|_| card.status)
    }
}

/// A value of this indicator as a cell: a percentage as a percentage, a milestone's stage as a
/// whole number, any other number in the indicator's decimals and unit; a qualitative
/// indicator has no number.
pub fn value_cell(entry: &CatalogueEntry, value: Option<f64>) -> Cell {
    let i = &entry.indicator;
    match i.rules.kind {
        IndicatorKind::Percentage => Cell::percent(value, i.decimals),
        IndicatorKind::Milestone => Cell::number(value, 0),
        IndicatorKind::Qualitative => Cell::Empty,
        IndicatorKind::Quantity | IndicatorKind::Count | IndicatorKind::Ratio => {
            Cell::measured(value, i.decimals, &i.unit)
        }
    }
}

/// The columns of a pillar's periods: every period of the year, at its indicators' own
/// frequencies, that has closed, ordered by its end (a month before the quarter it closes).
fn period_columns(
    judged: &[&Judged],
    year: i32,
    today: NaiveDate,
) -> Vec<(crate::domain::kinds::Frequency, Period)> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Vec::new();
    };
    let mut columns: Vec<_> = judged
        .iter()
        .map(|j| j.entry.indicator.rules.frequency)
        .flat_map(|f| {
            period::closed_periods(f, first, last, today)
                .into_iter()
                .map(move |p| (f, p))
        })
        .collect();
    columns.sort_by_key(|(f, p)| (p.end(), f.months()));
    columns.dedup();
    columns
}

/// Builds the results workbook for `year`.
pub fn results_workbook(
    facts: &ProgramFacts,
    year: i32,
    years: &[i32],
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
    locale: Locale,
) -> Result<Workbook, AppError> {
    let t = locale.strings();
    let e = &t.exports;
    let mut book = Workbook::new(e.results_title, now);
    let program = &facts.program;
    book.about(
        e.about_sheet,
        &format!("{} — {}", e.results_title, locale.text(&program.name)),
        &[
            (e.what_label, e.results_what.to_string()),
            (
                e.program_label,
                format!(
                    "{} ({}, {} – {})",
                    locale.text(&program.name),
                    program.park_name,
                    format::date(program.starts_on, locale),
                    format::date(program.ends_on, locale)
                ),
            ),
            (
                e.period_label,
                (e.year_period)(year, &format::date(today, locale)),
            ),
            (e.made_label, now.format("%Y-%m-%d %H:%M UTC").to_string()),
            (e.data_label, e.official_data.to_string()),
            (e.coverage_label, e.coverage_rule.to_string()),
        ],
    )?;
    let judged: Vec<Judged> = facts
        .entries
        .iter()
        .map(|entry| judge(entry, facts.figures(entry.indicator.id), year, today))
        .collect();

    let mut summary_headers = vec![
        e.code.to_string(),
        e.pillar.to_string(),
        e.indicators.to_string(),
    ];
    summary_headers.extend(Status::ALL.iter().map(|s| t.status(*s).to_string()));
    let summary_rows = facts
        .pillars
        .iter()
        .map(|pillar| {
            let of_pillar: Vec<&Judged> = judged
                .iter()
                .filter(|j| j.entry.indicator.pillar_id == pillar.id)
                .collect();
            let mut row = vec![
                Cell::text(&pillar.code),
                Cell::text(locale.text(&pillar.name)),
                Cell::Count(of_pillar.len() as i64),
            ];
            row.extend(Status::ALL.iter().map(|status| {
                Cell::Count(
                    of_pillar
                        .iter()
                        .filter(|j| j.status(year) == *status)
                        .count() as i64,
                )
            }));
            row
        })
        .collect();
    book.table(&Table {
        name: e.summary_sheet,
        groups: Vec::new(),
        headers: summary_headers,
        rows: summary_rows,
        frozen_columns: 2,
    })?;

    for pillar in &facts.pillars {
        let of_pillar: Vec<&Judged> = judged
            .iter()
            .filter(|j| j.entry.indicator.pillar_id == pillar.id)
            .collect();
        book.table(&pillar_table(
            &pillar.code,
            &of_pillar,
            facts,
            year,
            years,
            today,
            locale,
            t,
        ))?;
    }
    Ok(book)
}

/// A pillar's sheet: a row per indicator.
#[allow(clippy::too_many_arguments)]
fn pillar_table<'a>(
    name: &'a str,
    judged: &[&Judged],
    facts: &ProgramFacts,
    year: i32,
    years: &[i32],
    today: NaiveDate,
    locale: Locale,
    t: &Strings,
) -> Table<'a> {
    let e = &t.exports;
    let mut headers: Vec<String> = vec![
        e.code.into(),
        e.indicator.into(),
        e.unit.into(),
        e.frequency.into(),
        e.baseline_year.into(),
        e.baseline.into(),
    ];
    headers.extend(years.iter().map(|y| (e.target_for)(*y)));
    let columns = period_columns(judged, year, today);
    let mut groups = Vec::new();
    for (frequency, period) in &columns {
        let first = headers.len() as u16;
        groups.push((format::period(period, *frequency, locale), first, first + 2));
        headers.extend([e.value.into(), e.coverage.into(), e.status.into()]);
    }
    headers.extend([
        e.year_to_date.to_string(),
        e.status_year_to_date.to_string(),
    ]);

    let rows = judged
        .iter()
        .map(|j| {
            let entry = j.entry;
            let i = &entry.indicator;
            let mut row = vec![
                Cell::text(&i.code),
                Cell::text(locale.text(&i.name)),
                Cell::text(&i.unit),
                Cell::text(t.frequency(i.rules.frequency)),
                // As the indicator's page: a baseline when the path has one.
                if i.targets.baseline.is_finite() {
                    Cell::Count(i64::from(i.targets.baseline_year))
                } else {
                    Cell::Empty
                },
                if i.targets.baseline.is_finite() {
                    value_cell(entry, Some(i.targets.baseline))
                } else {
                    Cell::Empty
                },
            ];
            row.extend(
                years
                    .iter()
                    .map(|y| value_cell(entry, i.targets.target_for_year(*y))),
            );
            let all = facts.figures(i.id);
            for (frequency, period) in &columns {
                let figure = (*frequency == i.rules.frequency)
                    .then(|| j.figures.iter().find(|f| f.period == *period))
                    .flatten();
                match figure {
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty]),
                    Some(figure) => {
                        let coverage = i.rules.coverage(figure);
                        let status = if i.rules.is_complete(figure) {
                            j.status_at(figure, all)
                                .map_or(Cell::Empty, |s| Cell::text(t.status(s)))
                        } else {
                            Cell::text(e.incomplete)
                        };
                        row.extend([
                            value_cell(entry, Some(figure.aggregate.value)),
                            Cell::percent(coverage.map(|c| 100.0 * c.share()), 0),
                            status,
                        ]);
                    }
                }
            }
            let ytd = (j.card.year == Some(year))
                .then_some(j.card.year_value)
                .flatten();
            row.extend([value_cell(entry, ytd), Cell::text(t.status(j.status(year)))]);
            row
        })
        .collect();
    Table {
        name,
        groups,
        headers,
        rows,
        frozen_columns: 2,
    }
}
