//! `/reporting`: who reported what — a matrix of organisations × periods for a chosen pillar
//! (`?pillar=CE`, periods by the month they end in) or indicator (`?indicator=CE-01`, its own
//! periods), each cell the compliance of the reports due, with a legend and the counts of late
//! and missing reports. The matrix shows [`PAGE_SIZE`](super::pager::PAGE_SIZE) organisations a
//! page (`&page=2`); the counts cover every organisation of the scope. `/reporting.xlsx` (same
//! query) downloads the whole matrix, every organisation of the scope, as a workbook.
//!
//! Reads: the program's facts (shared with the other dashboards), the scope's count of
//! organisations (counted in the database) and totals (from the tallies), and the page's
//! organisations and their expected reports only — each kept in the page cache until the data
//! changes. A miss reads rows bounded by the page size, not by the number of organisations.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use serde::Deserialize;
use uuid::Uuid;

use super::export::xlsx::{self, Table, Workbook};
use super::facts::{self, ProgramFacts};
use super::format;
use super::layout::{Layout, Nav};
use super::overview::empty_page;
use super::pager::{self, Pager};
use super::view;
use crate::cache::Scope as CacheScope;
use crate::domain::compliance::{self, Compliance, ComplianceSummary, GRACE_DAYS, ReportState};
use crate::domain::kinds::Frequency;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::i18n::Strings;
use crate::state::AppState;
use crate::store;
use crate::store::catalogue::CatalogueEntry;
use crate::store::compliance::{Scope, ScopeOrganisation};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reporting", get(reporting))
        .route("/reporting.xlsx", get(reporting_xlsx))
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
    /// The content (`templates/reporting_body.html`): the same for every reader of a
    /// language, selection and page until the data changes or the day turns, so rendered once
    /// and kept.
    body: Arc<String>,
}

#[derive(Template)]
#[template(path = "reporting_body.html")]
struct ReportingBody {
    t: &'static Strings,
    intro: String,
    pillars: Vec<Choice>,
    indicators: Vec<Choice>,
    caption: String,
    legend: Vec<(&'static str, &'static str, &'static str)>,
    matrix: Arc<MatrixFragment>,
    pager: Pager,
    totals: Option<Totals>,
    empty: Option<&'static str>,
    /// The download of the whole matrix as filtered.
    download: String,
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

impl Selection {
    /// The column a period's reports fall in: the period itself for an indicator, the month
    /// it ends in for a pillar.
    fn column_of(&self, period: &Period) -> Period {
        match self.frequency {
            Some(_) => *period,
            None => Period::containing(Frequency::Monthly, period.end()),
        }
    }

    fn covers(&self, entry: &CatalogueEntry) -> bool {
        match self.scope {
            Scope::Indicator(id) => entry.indicator.id == id,
            Scope::Pillar(id) => entry.indicator.pillar_id == id,
            Scope::Program | Scope::Organisation(_) => true,
        }
    }
}

/// What every page of one scope's matrix shares: how many organisations it has (counted in the
/// database) and the totals over all of them (from the tallies).
struct ScopeFacts {
    organisations: usize,
    summary: ComplianceSummary,
    /// The matrix's columns (see [`columns`]), the same for every page.
    columns: Vec<Period>,
}

/// One page of the matrix in one language, as the page shows it: the column headers and the
/// table's rows rendered once per change of the data and kept, since a page has hundreds of
/// cells and they are the same for every reader of that language.
struct MatrixFragment {
    labels: Vec<String>,
    body: String,
}

/// The matrix's rows (`templates/reporting_rows.html`), rendered into [`MatrixFragment::body`].
#[derive(Template)]
#[template(path = "reporting_rows.html")]
struct MatrixRows<'a> {
    rows: &'a [MatrixRow],
}

/// One page of the matrix: its organisations, read alone, and their rows.
struct PageFacts {
    organisations: Vec<ScopeOrganisation>,
    rows: Vec<RowFacts>,
}

/// One organisation's row on a page: the summary of each column's reports (`None`: nothing
/// due in that column) and of the whole row.
struct RowFacts {
    cells: Vec<Option<ComplianceSummary>>,
    summary: ComplianceSummary,
}

async fn reporting(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<ReportingQuery>,
) -> Result<Html<String>, AppError> {
    let facts = facts::program_facts(&state).await?;
    let Some(ProgramFacts {
        program,
        pillars,
        entries,
        ..
    }) = facts.as_ref()
    else {
        return empty_page(layout.at(Nav::Reporting));
    };
    let (t, locale) = (layout.t, layout.locale);
    // An unknown code is a 404 before anything is kept.
    let (indicator_code, pillar_code, selection) = select(&query, pillars, entries, locale)?;
    let today = state.clock.today();
    let requested = pager::requested_page(query.page.as_deref());
    let page_number = match &selection {
        Some(s) => Pager::page_for(
            scope_facts(&state, program, entries, s, today)
                .await?
                .organisations,
            requested,
        ),
        None => 1,
    };
    let render = || async {
        // The facts are read again inside: an entry must not be made of facts older than its
        // own generation (a change between the two reads would keep it stale).
        let facts = facts::program_facts(&state).await?;
        let facts = facts
            .as_ref()
            .as_ref()
            .ok_or(AppError::NotFound(crate::domain::Missing::Program))?;
        let html = reporting_body(&state, facts, &query, today, locale, t)
            .await?
            .render()?;
        Ok::<_, AppError>(html)
    };
    // Kept per selection, page and language, as many as there are: a `pillar` beside an
    // `indicator` is not checked (the indicator wins) but shows in the links, so such an
    // answer is not kept.
    let known = pillar_code
        .as_deref()
        .is_none_or(|code| pillars.iter().any(|p| p.code == code));
    let body = if known {
        state
            .page_cache
            .get_or_load(
                &format!(
                    "reporting-page:{}:{indicator_code:?}:{pillar_code:?}:{page_number}:{}",
                    program.code,
                    locale.tag()
                ),
                today,
                render,
            )
            .await?
    } else {
        Arc::new(render().await?)
    };
    let page = ReportingPage {
        layout: layout.at(Nav::Reporting),
        body,
        t,
    };
    Ok(Html(view::render_around(&page, page.body.len())?))
}

/// The scope's organisations in order, its totals and its columns, kept until the data
/// changes.
async fn scope_facts(
    state: &AppState,
    program: &crate::store::program::Program,
    entries: &[CatalogueEntry],
    s: &Selection,
    today: chrono::NaiveDate,
) -> Result<Arc<ScopeFacts>, AppError> {
    let pool = &state.pool;
    let scope_key = format!("reporting:{}:{:?}", program.code, s.scope);
    state
        .page_cache
        .get_or_load(&scope_key, today, || async {
            let periods = view::all_closed_periods(program, today);
            // The totals from the compliance tallies (migration 0010), not from a row per
            // assignment and period. How many organisations the scope has is structure
            // (organisations and their assignments; no report), kept when reports change,
            // and looked up inside so that it is never older than this entry.
            let count_key = format!("{scope_key}:organisations");
            let (organisations, summary) = tokio::try_join!(
                state.page_cache.get_or_load_in(
                    &count_key,
                    CacheScope::Structure,
                    today,
                    || async {
                        Ok(store::compliance::organisations_in_scope_count(
                            pool, program.id, s.scope,
                        )
                        .await?)
                    },
                ),
                async {
                    Ok::<_, AppError>(
                        store::tally::scope_summary(pool, program.id, s.scope, &periods, today)
                            .await?,
                    )
                },
            )?;
            Ok(ScopeFacts {
                organisations: *organisations,
                summary,
                columns: columns(s, entries, &periods),
            })
        })
        .await
}

/// The content of the reporting page for `query`'s selection and page.
async fn reporting_body(
    state: &AppState,
    facts: &ProgramFacts,
    query: &ReportingQuery,
    today: chrono::NaiveDate,
    locale: crate::i18n::Locale,
    t: &'static Strings,
) -> Result<ReportingBody, AppError> {
    let ProgramFacts {
        program,
        pillars,
        entries,
        ..
    } = facts;
    let (indicator_code, pillar_code, selection) = select(query, pillars, entries, locale)?;
    let selected_pillar: Option<Uuid> = match selection.as_ref().map(|s| s.scope) {
        Some(Scope::Pillar(id)) => Some(id),
        _ => None,
    };
    let selected_indicator: Option<Uuid> = match selection.as_ref().map(|s| s.scope) {
        Some(Scope::Indicator(id)) => Some(id),
        _ => None,
    };
    let assigned = selection.as_ref().is_some_and(|s| {
        entries
            .iter()
            .any(|e| s.covers(e) && !e.assignment_starts.is_empty())
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
    let (matrix, pager, totals) = match &selection {
        Some(s) => {
            let pool = &state.pool;
            let scope_key = format!("reporting:{}:{:?}", program.code, s.scope);
            let scope = scope_facts(state, program, entries, s, today).await?;
            let pager = Pager::new(scope.organisations, requested, t, href);
            let page_key = format!("{scope_key}:{}", pager.page);
            let fragment = state
                .page_cache
                .get_or_load(&format!("{page_key}:{}", locale.tag()), today, || async {
                    let page_facts = state
                        .page_cache
                        .get_or_load(&page_key, today, || async {
                            // The page's organisations are structure too, kept when reports
                            // change (looked up inside, like the count); their reports are
                            // read per change.
                            let organisations = state
                                .page_cache
                                .get_or_load_in(
                                    &format!("{page_key}:{}:organisations", pager.end),
                                    CacheScope::Structure,
                                    today,
                                    || async {
                                        Ok(store::compliance::organisations_in_scope_page(
                                            pool,
                                            program.id,
                                            s.scope,
                                            pager.start,
                                            pager.end - pager.start,
                                        )
                                        .await?)
                                    },
                                )
                                .await?;
                            let organisations = organisations.as_ref().clone();
                            let periods = view::all_closed_periods(program, today);
                            let ids: Vec<Uuid> = organisations.iter().map(|o| o.id).collect();
                            let reports = store::compliance::expected_reports_of(
                                pool, program.id, s.scope, &periods, &ids,
                            )
                            .await?;
                            let rows =
                                row_facts(s, &scope.columns, &organisations, &reports, today);
                            Ok(PageFacts {
                                organisations,
                                rows,
                            })
                        })
                        .await?;
                    let rows: Vec<MatrixRow> = page_facts
                        .organisations
                        .iter()
                        .zip(page_facts.rows.iter())
                        .map(|(organisation, row)| matrix_row(organisation, row, t))
                        .collect();
                    Ok(MatrixFragment {
                        labels: scope
                            .columns
                            .iter()
                            .map(|p| match s.frequency {
                                Some(f) => format::period(p, f, locale),
                                None => format::month(p.start(), locale),
                            })
                            .collect(),
                        body: MatrixRows { rows: &rows }.render()?,
                    })
                })
                .await?;
            let totals = scope.summary.on_time_share().map(|share| Totals {
                expected: scope.summary.expected,
                late: scope.summary.late,
                missing: scope.summary.missing,
                on_time: format::percent(share, locale),
            });
            (fragment, pager, totals)
        }
        None => (
            Arc::new(MatrixFragment {
                labels: Vec::new(),
                body: String::new(),
            }),
            Pager::new(0, None, t, href),
            None,
        ),
    };
    let empty = if !assigned {
        Some(t.no_assignments_in_scope)
    } else if matrix.labels.is_empty() {
        Some(t.no_period_closed)
    } else {
        None
    };
    Ok(ReportingBody {
        intro: (t.reporting_intro)(GRACE_DAYS),
        pillars: pillars
            .iter()
            .map(|p| Choice {
                value: p.code.clone(),
                label: format!("{} {}", p.code, locale.text(&p.name)),
                selected: Some(p.id) == selected_pillar,
            })
            .collect(),
        indicators: entries
            .iter()
            .map(|e| Choice {
                value: e.indicator.code.clone(),
                label: format!("{} {}", e.indicator.code, locale.text(&e.indicator.name)),
                selected: Some(e.indicator.id) == selected_indicator,
            })
            .collect(),
        caption: (t.matrix_caption)(selection.as_ref().map_or("", |s| s.name.as_str())),
        legend: ReportState::ALL
            .iter()
            .map(|s| (s.as_str(), symbol(*s), t.report_state(*s)))
            .collect(),
        matrix,
        pager,
        totals,
        empty,
        download: pager::page_href(
            "/reporting.xlsx",
            &[
                ("pillar", pillar_code.as_deref().unwrap_or("")),
                ("indicator", indicator_code.as_deref().unwrap_or("")),
            ],
            1,
        ),
        t,
    })
}

/// The matrix of `query`'s scope as a workbook: every organisation of the scope (not one
/// page), a row each, the cells in words (the worst state of the cell's reports, and "late"),
/// and the late and missing counts as numbers.
async fn reporting_xlsx(
    State(state): State<AppState>,
    layout: Layout,
    Query(query): Query<ReportingQuery>,
) -> Result<Response, AppError> {
    let facts = facts::program_facts(&state).await?;
    let Some(ProgramFacts {
        program,
        pillars,
        entries,
        ..
    }) = facts.as_ref()
    else {
        return Err(AppError::NotFound(crate::domain::Missing::Program));
    };
    let (t, locale) = (layout.t, layout.locale);
    let e = &t.exports;
    let (_, _, selection) = select(&query, pillars, entries, locale)?;
    let today = state.clock.today();
    let periods = view::all_closed_periods(program, today);
    let mut headers = vec![e.organisation_code.to_string(), e.organisation.to_string()];
    let mut rows = Vec::new();
    if let Some(s) = &selection {
        let organisations =
            store::compliance::organisations_in_scope(&state.pool, program.id, s.scope).await?;
        let ids: Vec<Uuid> = organisations.iter().map(|o| o.id).collect();
        let reports = store::compliance::expected_reports_of(
            &state.pool,
            program.id,
            s.scope,
            &periods,
            &ids,
        )
        .await?;
        let columns = columns(s, entries, &periods);
        headers.extend(columns.iter().map(|p| match s.frequency {
            Some(f) => format::period(p, f, locale),
            None => format::month(p.start(), locale),
        }));
        let facts = row_facts(s, &columns, &organisations, &reports, today);
        for (organisation, row) in organisations.iter().zip(&facts) {
            let mut cells = vec![
                xlsx::Cell::text(&organisation.code),
                xlsx::Cell::text(&organisation.short_name),
            ];
            cells.extend(row.cells.iter().map(|summary| match summary {
                Some(summary) => xlsx::Cell::text(cell(summary, t).text),
                None => xlsx::Cell::Empty,
            }));
            cells.extend([
                xlsx::Cell::Count(row.summary.late as i64),
                xlsx::Cell::Count(row.summary.missing as i64),
            ]);
            rows.push(cells);
        }
    }
    headers.extend([e.late.to_string(), e.missing.to_string()]);
    let mut book = Workbook::new(e.reporting_title, state.clock.now());
    book.about(
        e.about_sheet,
        e.reporting_title,
        &[
            (e.what_label, e.reporting_what.to_string()),
            (e.program_label, locale.text(&program.name).to_string()),
            (
                e.filters_label,
                selection
                    .as_ref()
                    .map_or_else(|| e.no_filter.to_string(), |s| s.name.clone()),
            ),
            (
                e.period_label,
                format!(
                    "{} – {}",
                    format::date(program.starts_on, locale),
                    format::date(today, locale)
                ),
            ),
            (
                e.made_label,
                state.clock.now().format("%Y-%m-%d %H:%M UTC").to_string(),
            ),
            (e.data_label, (t.reporting_intro)(GRACE_DAYS)),
            (e.rows_label, rows.len().to_string()),
        ],
    )?;
    book.table(&Table {
        name: e.reporting_title,
        groups: Vec::new(),
        headers,
        rows,
        frozen_columns: 2,
    })?;
    book.into_download("pilar-reporting.xlsx")
}

/// The codes asked for (indicator, pillar; blank ones as `None`) and the matrix they select.
type Selected = (Option<String>, Option<String>, Option<Selection>);

/// What `query` selects: an indicator (which wins), a pillar, or the first pillar; an unknown
/// code is a 404.
fn select(
    query: &ReportingQuery,
    pillars: &[crate::store::program::Pillar],
    entries: &[CatalogueEntry],
    locale: crate::i18n::Locale,
) -> Result<Selected, AppError> {
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
                .ok_or_else(|| {
                    AppError::NotFound(crate::domain::Missing::Indicator(code.to_string()))
                })?;
            Some(Selection {
                scope: Scope::Indicator(entry.indicator.id),
                name: format!(
                    "{} {}",
                    entry.indicator.code,
                    locale.text(&entry.indicator.name)
                ),
                frequency: Some(entry.indicator.rules.frequency),
            })
        }
        (None, requested) => {
            let pillar = match requested {
                Some(code) => Some(pillars.iter().find(|p| p.code == *code).ok_or_else(|| {
                    AppError::NotFound(crate::domain::Missing::Pillar(code.to_string()))
                })?),
                None => pillars.first(),
            };
            pillar.map(|p| Selection {
                scope: Scope::Pillar(p.id),
                name: format!("{} {}", p.code, locale.text(&p.name)),
                frequency: None,
            })
        }
    };
    Ok((indicator_code, pillar_code, selection))
}

/// The matrix's columns, oldest first: every closed period of the scope's indicators that some
/// live assignment expects a report for (it ends on or after the earliest start), cut by
/// [`Selection::column_of`]. The same for every page.
fn columns(
    selection: &Selection,
    entries: &[CatalogueEntry],
    periods: &[(Frequency, Period)],
) -> Vec<Period> {
    let mut columns: Vec<Period> = entries
        .iter()
        .filter(|e| selection.covers(e))
        .filter_map(|e| {
            let (first_start, _) = e.assignment_starts.first()?;
            Some(
                periods
                    .iter()
                    .filter(|(f, p)| {
                        *f == e.indicator.rules.frequency
                            && compliance::is_expected(*first_start, p)
                    })
                    .map(|(_, p)| selection.column_of(p))
                    .collect::<Vec<_>>(),
            )
        })
        .flatten()
        .collect();
    columns.sort();
    columns.dedup();
    columns
}

/// The rows of one page: each organisation's reports summarised per column and in all, by the
/// domain's compliance rules.
fn row_facts(
    selection: &Selection,
    columns: &[Period],
    organisations: &[ScopeOrganisation],
    reports: &[crate::store::compliance::ExpectedReport],
    today: chrono::NaiveDate,
) -> Vec<RowFacts> {
    let mut cells: BTreeMap<(Uuid, Period), Vec<Compliance>> = BTreeMap::new();
    let mut by_organisation: HashMap<Uuid, Vec<Compliance>> = HashMap::new();
    for (report, item) in view::compliance_items(reports, today) {
        cells
            .entry((report.organisation_id, selection.column_of(&report.period)))
            .or_default()
            .push(item);
        by_organisation
            .entry(report.organisation_id)
            .or_default()
            .push(item);
    }
    organisations
        .iter()
        .map(|organisation| RowFacts {
            cells: columns
                .iter()
                .map(|column| {
                    cells
                        .get(&(organisation.id, *column))
                        .map(compliance::summarise)
                })
                .collect(),
            summary: compliance::summarise(
                by_organisation
                    .get(&organisation.id)
                    .map_or(&[][..], Vec::as_slice),
            ),
        })
        .collect()
}

fn matrix_row(organisation: &ScopeOrganisation, row: &RowFacts, t: &Strings) -> MatrixRow {
    MatrixRow {
        code: organisation.code.clone(),
        name: organisation.short_name.clone(),
        cells: row
            .cells
            .iter()
            .map(|summary| match summary {
                Some(summary) => cell(summary, t),
                None => Cell {
                    class: "none",
                    symbol: "",
                    late: false,
                    text: String::new(),
                    title: String::new(),
                },
            })
            .collect(),
        late: row.summary.late,
        missing: row.summary.missing,
    }
}

fn cell(summary: &ComplianceSummary, t: &Strings) -> Cell {
    let state = summary.worst_state().unwrap_or(ReportState::Missing);
    let late = summary.late > 0;
    let mut text = t.report_state(state).to_string();
    if late {
        text.push_str(&format!(", {}", t.late));
    }
    // The row and column headers name the organisation and the period (screen readers read
    // them with the cell); the tooltip adds only what the symbol cannot say: how many of the
    // cell's reports are approved. Kept short, as a page has hundreds of cells.
    let title = if summary.expected > 1 {
        (t.reports_in_cell)(summary.approved, summary.expected)
    } else {
        String::new()
    };
    Cell {
        class: state.as_str(),
        symbol: symbol(state),
        late,
        text,
        title,
    }
}
