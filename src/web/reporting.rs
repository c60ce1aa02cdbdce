//! `/reporting`: who reported what — a matrix of organisations × periods for a chosen pillar
//! (`?pillar=CE`, periods by the month they end in) or indicator (`?indicator=CE-01`, its own
//! periods), each cell the compliance of the reports due, with a legend and the counts of late
//! and missing reports. The matrix shows [`PAGE_SIZE`](super::pager::PAGE_SIZE) organisations a
//! page (`&page=2`); the counts cover every organisation of the scope.
//!
//! Queries: the demo flag (for the page frame), the program, then two at once (pillars,
//! catalogue), then the expected reports of the scope: five whatever the data size.

use std::collections::{BTreeMap, HashMap, HashSet};

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;
use uuid::Uuid;

use super::format::{self, Locale};
use super::layout::{Layout, Nav};
use super::overview::empty_page;
use super::pager::{self, Pager};
use super::view;
use crate::app::AppState;
use crate::domain::compliance::{self, Compliance, GRACE_DAYS, ReportState};
use crate::domain::kinds::Frequency;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::i18n::Strings;
use crate::store;
use crate::store::reporting::{ExpectedReport, Scope};

pub fn router() -> Router<AppState> {
    Router::new().route("/reporting", get(reporting))
}

/// `?pillar=CE` or `?indicator=CE-01` (the indicator wins); neither: the first pillar.
/// `&page=2`: the matrix's second page of organisations (read leniently, see
/// [`pager::requested_page`]).
#[derive(Debug, Deserialize)]
struct ReportingQuery {
    pillar: Option<String>,
    indicator: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "reporting.html")]
struct ReportingPage {
    t: &'static Strings,
    layout: Layout,
    intro: String,
    pillars: Vec<Choice>,
    indicators: Vec<Choice>,
    caption: String,
    legend: Vec<(&'static str, &'static str, &'static str)>,
    columns: Vec<String>,
    rows: Vec<MatrixRow>,
    pager: Pager,
    totals: Option<Totals>,
    empty: Option<&'static str>,
}

struct Choice {
    value: String,
    label: String,
    selected: bool,
}

struct MatrixRow {
    code: String,
    name: String,
    cells: Vec<Cell>,
    late: usize,
    missing: usize,
}

struct Cell {
    class: &'static str,
    symbol: &'static str,
    late: bool,
    text: String,
    title: String,
}

struct Totals {
    expected: usize,
    late: usize,
    missing: usize,
    on_time: String,
}

/// The symbol a state shows in a cell (with its label beside it for screen readers), so the
/// matrix reads without colour and on paper.
fn symbol(state: ReportState) -> &'static str {
    match state {
        ReportState::Approved => "✓",
        ReportState::Submitted => "…",
        ReportState::Returned => "↩",
        ReportState::Draft => "✎",
        ReportState::Missing => "✗",
    }
}

/// What the matrix covers: its reports and how its columns are cut.
struct Selection {
    scope: Scope,
    name: String,
    /// `Some`: the indicator's own periods; `None` (a pillar): months.
    frequency: Option<Frequency>,
}

async fn reporting(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<ReportingQuery>,
) -> Result<Html<String>, AppError> {
    let Some(program) = store::program::main_program(&state.pool).await? else {
        return empty_page(layout.at(Nav::Reporting));
    };
    let pool = &state.pool;
    let (pillars, entries) = tokio::try_join!(
        store::program::pillars(pool, program.id),
        store::catalogue::entries(pool, program.id, None),
    )?;
    let (t, locale) = (layout.t, layout.locale);
    let nonempty = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let (indicator_code, pillar_code) = (nonempty(&query.indicator), nonempty(&query.pillar));
    let selection: Option<Selection> = match (&indicator_code, &pillar_code) {
        (Some(code), _) => {
            let entry = entries
                .iter()
                .find(|e| e.indicator.code == *code)
                .ok_or_else(|| AppError::NotFound(format!("Indicator {code}")))?;
            Some(Selection {
                scope: Scope::Indicator(entry.indicator.id),
                name: format!(
                    "{} {}",
                    entry.indicator.code,
                    view::pick(locale, &entry.indicator.name_en, &entry.indicator.name_id)
                ),
                frequency: Some(entry.indicator.rules.frequency),
            })
        }
        (None, requested) => {
            let pillar = match requested {
                Some(code) => Some(
                    pillars
                        .iter()
                        .find(|p| p.code == *code)
                        .ok_or_else(|| AppError::NotFound(format!("Pillar {code}")))?,
                ),
                None => pillars.first(),
            };
            pillar.map(|p| Selection {
                scope: Scope::Pillar(p.id),
                name: format!("{} {}", p.code, view::pick(locale, &p.name_en, &p.name_id)),
                frequency: None,
            })
        }
    };
    let today = state.clock.today();
    let reports = match &selection {
        Some(s) => {
            let periods = view::all_closed_periods(&program, today);
            store::reporting::expected_reports(pool, program.id, s.scope, &periods).await?
        }
        None => Vec::new(),
    };
    let selected_pillar: Option<Uuid> = match selection.as_ref().map(|s| s.scope) {
        Some(Scope::Pillar(id)) => Some(id),
        _ => None,
    };
    let selected_indicator: Option<Uuid> = match selection.as_ref().map(|s| s.scope) {
        Some(Scope::Indicator(id)) => Some(id),
        _ => None,
    };
    let assigned = selection.as_ref().is_some_and(|s| {
        entries.iter().any(|e| {
            let in_scope = match s.scope {
                Scope::Indicator(id) => e.indicator.id == id,
                Scope::Pillar(id) => e.indicator.pillar_id == id,
                Scope::Program | Scope::Organisation(_) => true,
            };
            in_scope && !e.assignment_starts.is_empty()
        })
    });
    let requested = pager::requested_page(query.page.as_deref());
    let href = |n: usize| {
        pager::page_href(
            "/reporting",
            &[
                ("pillar", pillar_code.as_deref().unwrap_or("")),
                ("indicator", indicator_code.as_deref().unwrap_or("")),
            ],
            n,
        )
    };
    let Matrix {
        columns,
        rows,
        pager,
        totals,
    } = match &selection {
        Some(s) => matrix(&reports, s.frequency, today, (requested, &href), locale, t),
        None => Matrix {
            columns: Vec::new(),
            rows: Vec::new(),
            pager: Pager::new(0, None, t, href),
            totals: None,
        },
    };
    let empty = if !assigned {
        Some(t.no_assignments_in_scope)
    } else if columns.is_empty() {
        Some(t.no_period_closed)
    } else {
        None
    };
    let page = ReportingPage {
        layout: layout.at(Nav::Reporting),
        intro: (t.reporting_intro)(GRACE_DAYS),
        pillars: pillars
            .iter()
            .map(|p| Choice {
                value: p.code.clone(),
                label: format!("{} {}", p.code, view::pick(locale, &p.name_en, &p.name_id)),
                selected: Some(p.id) == selected_pillar,
            })
            .collect(),
        indicators: entries
            .iter()
            .map(|e| Choice {
                value: e.indicator.code.clone(),
                label: format!(
                    "{} {}",
                    e.indicator.code,
                    view::pick(locale, &e.indicator.name_en, &e.indicator.name_id)
                ),
                selected: Some(e.indicator.id) == selected_indicator,
            })
            .collect(),
        caption: (t.matrix_caption)(selection.as_ref().map_or("", |s| s.name.as_str())),
        legend: ReportState::ALL
            .iter()
            .map(|s| (s.as_str(), symbol(*s), t.report_state(*s)))
            .collect(),
        columns,
        rows,
        pager,
        totals,
        empty,
        t,
    };
    Ok(Html(page.render()?))
}

/// The matrix as the page shows it: column labels, the rows of one page, and the totals.
struct Matrix {
    columns: Vec<String>,
    rows: Vec<MatrixRow>,
    pager: Pager,
    totals: Option<Totals>,
}

/// The matrix: column labels, a row per organisation of the requested page (`page`: the
/// page asked for and the link to page `n`), and the totals over every organisation; the
/// compliance of each report and the summary of each cell come from the domain.
fn matrix(
    reports: &[ExpectedReport],
    frequency: Option<Frequency>,
    today: chrono::NaiveDate,
    page: (Option<usize>, &dyn Fn(usize) -> String),
    locale: Locale,
    t: &Strings,
) -> Matrix {
    let items: Vec<(&ExpectedReport, Compliance)> = view::compliance_items(reports, today);
    let column_of = |p: &Period| match frequency {
        Some(_) => *p,
        None => Period::containing(Frequency::Monthly, p.end()),
    };
    let mut columns: Vec<Period> = items.iter().map(|(r, _)| column_of(&r.period)).collect();
    columns.sort();
    columns.dedup();
    // One row per organisation, in the store's order (by name).
    let mut organisations: Vec<(&str, &str, Uuid)> = Vec::new();
    let mut seen: HashSet<Uuid> = HashSet::new();
    for (report, _) in &items {
        if seen.insert(report.organisation_id) {
            organisations.push((
                &report.organisation_name,
                &report.organisation_code,
                report.organisation_id,
            ));
        }
    }
    let (requested, href) = page;
    let pager = Pager::new(organisations.len(), requested, t, href);
    let visible = pager.slice(&organisations);
    // Cells and row counts only for the organisations on this page: at 2,000 tenants the
    // other pages' cells would be most of the work and none of the page.
    let on_page: HashSet<Uuid> = visible.iter().map(|(_, _, id)| *id).collect();
    let mut cells: BTreeMap<(Uuid, Period), Vec<Compliance>> = BTreeMap::new();
    let mut by_organisation: HashMap<Uuid, Vec<Compliance>> = HashMap::new();
    for (report, item) in items
        .iter()
        .filter(|(r, _)| on_page.contains(&r.organisation_id))
    {
        cells
            .entry((report.organisation_id, column_of(&report.period)))
            .or_default()
            .push(*item);
        by_organisation
            .entry(report.organisation_id)
            .or_default()
            .push(*item);
    }
    let label = |p: &Period| match frequency {
        Some(f) => format::period(p, f, locale),
        None => format::month(p.start(), locale),
    };
    let column_labels: Vec<String> = columns.iter().map(label).collect();
    let rows = visible
        .iter()
        .map(|(name, code, id)| {
            let row_summary =
                compliance::summarise(by_organisation.get(id).map_or(&[][..], Vec::as_slice));
            MatrixRow {
                code: code.to_string(),
                name: name.to_string(),
                cells: columns
                    .iter()
                    .zip(&column_labels)
                    .map(|(column, column_label)| match cells.get(&(*id, *column)) {
                        Some(items) => cell(items, name, column_label, t),
                        None => Cell {
                            class: "none",
                            symbol: "",
                            late: false,
                            text: String::new(),
                            title: String::new(),
                        },
                    })
                    .collect(),
                late: row_summary.late,
                missing: row_summary.missing,
            }
        })
        .collect();
    // The totals count every organisation of the scope, not only this page's.
    let summary = compliance::summarise(items.iter().map(|(_, c)| c));
    let totals = summary.on_time_share().map(|share| Totals {
        expected: summary.expected,
        late: summary.late,
        missing: summary.missing,
        on_time: format::percent(share, locale),
    });
    Matrix {
        columns: column_labels,
        rows,
        pager,
        totals,
    }
}

fn cell(items: &[Compliance], organisation: &str, column: &str, t: &Strings) -> Cell {
    let summary = compliance::summarise(items);
    let state = summary.worst_state().unwrap_or(ReportState::Missing);
    let late = summary.late > 0;
    let mut text = t.report_state(state).to_string();
    if late {
        text.push_str(&format!(", {}", t.late));
    }
    let mut title = format!("{organisation} · {column}: {text}");
    if summary.expected > 1 {
        title.push_str(&format!(
            " ({})",
            (t.reports_in_cell)(summary.approved, summary.expected)
        ));
    }
    Cell {
        class: state.as_str(),
        symbol: symbol(state),
        late,
        text,
        title,
    }
}
