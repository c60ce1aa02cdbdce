//! `/parks`: the national view. The parks side by side on the indicators their programs
//! share (`domain::parks::SharedDefinition`): each park's official figure for each
//! indicator's latest period, or for a chosen one (`?period=2026-Q3`, `?period=2026`), with
//! its coverage and its status against the park's own targets. Park figures only, and a park
//! figure that fewer than three organisations contribute to is withheld for every reader
//! (`domain::privacy`), so the page is the same for everyone who may open it and names no
//! organisation.
//!
//! Reads the national facts (three queries on a cold cache, none on a warm one:
//! `store::parks::national_facts`, kept like the other dashboards' facts until the data
//! changes).

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use serde::Deserialize;

use super::format::{self, Locale};
use super::layout::{Layout, Nav};
use super::view::{self, StatusBadge, ValueFormat};
use crate::auth::program::{PROGRAM_PARAM, ProgramScope};
use crate::cache::Scope;
use crate::domain::parks::{ParkFigure, Window};
use crate::domain::period::parse_any_label;
use crate::domain::privacy::MIN_CONTRIBUTORS_FOR_TENANTS;
use crate::error::AppError;
use crate::i18n::Strings;
use crate::state::AppState;
use crate::store;
use crate::store::parks::{NationalFacts, ParkCell};

pub fn router() -> Router<AppState> {
    Router::new().route("/parks", get(parks))
}

/// The page-cache key of the national facts.
const FACTS_KEY: &str = "parks";

/// `?period=2026-Q3`: a month, quarter, half-year or year; each indicator's latest period
/// when absent.
#[derive(Debug, Default, Deserialize)]
struct ParksQuery {
    period: Option<String>,
}

#[derive(Template)]
#[template(path = "parks.html")]
struct ParksPage {
    t: &'static Strings,
    layout: Layout,
    parks: Vec<ParkColumn>,
    rows: Vec<RowView>,
    periods: Vec<PeriodOption>,
    latest_selected: bool,
    /// Set when `?period=` could not be read.
    unreadable: bool,
    as_of: String,
}

struct ParkColumn {
    park: String,
    program: String,
}

struct PeriodOption {
    value: String,
    label: String,
    selected: bool,
}

struct RowView {
    name: String,
    unit: String,
    period: String,
    cells: Vec<CellView>,
}

struct CellView {
    /// The column's heading, for the cell's label on a phone.
    park: String,
    /// What the cell holds: a figure, a note that it is withheld or missing, or nothing
    /// (the park does not measure the indicator).
    figure: Option<FigureView>,
    note: String,
    withheld: bool,
    code: String,
    /// The park's indicator page, when the reader may enter its program.
    href: Option<String>,
    link_title: String,
}

struct FigureView {
    value: String,
    coverage: String,
    periods: String,
    status: StatusBadge,
}

/// The national facts, kept in the page cache until the data changes.
async fn national_facts(state: &AppState) -> Result<std::sync::Arc<NationalFacts>, AppError> {
    state
        .page_cache
        .get_or_load_in(FACTS_KEY, Scope::Data, state.clock.today(), || async {
            Ok(store::parks::national_facts(&state.pool).await?)
        })
        .await
}

/// The window a `?period=` label asks for: `None` when it reads as no period.
fn window_of(label: Option<&str>) -> Option<Window> {
    match label.map(str::trim).filter(|l| !l.is_empty()) {
        None => Some(Window::Latest),
        Some(label) => parse_any_label(label).map(|(p, f)| Window::Within(p, f)),
    }
}

async fn parks(
    State(state): State<AppState>,
    layout: Layout,
    scope: ProgramScope,
    Query(query): Query<ParksQuery>,
) -> Result<Html<String>, AppError> {
    let facts = national_facts(&state).await?;
    let today = state.clock.today();
    let asked = window_of(query.period.as_deref());
    let window = asked.unwrap_or(Window::Latest);
    let (t, locale) = (layout.t, layout.locale);
    // Links to a park's indicator page for the readers of dashboards in the programs open
    // to them (a tenant's indicator pages are its assigned indicators').
    let links = layout.reads_dashboards();
    let open = |code: &str| links && scope.open.iter().any(|p| p.code == code);
    let parks: Vec<ParkColumn> = facts
        .programs
        .iter()
        .map(|p| ParkColumn {
            park: p.park_name.clone(),
            program: locale.text(&p.name).to_string(),
        })
        .collect();
    let rows = facts
        .compare(window, today)
        .into_iter()
        .map(|row| {
            let lead = &row.lead.indicator;
            // A yearly rate reads per period for a period shorter than a year.
            let frequency = row.span.map_or(lead.rules.frequency, |(_, f)| f);
            let unit = format::period_unit(&lead.unit, frequency, locale);
            RowView {
                name: locale.text(&lead.name).to_string(),
                period: row
                    .span
                    .map(|(p, f)| format::period(&p, f, locale))
                    .unwrap_or_else(|| "—".to_string()),
                cells: row
                    .cells
                    .iter()
                    .zip(&parks)
                    .map(|(cell, column)| cell_view(cell.as_ref(), column, &unit, &open, locale, t))
                    .collect(),
                unit,
            }
        })
        .collect();
    let selected = match window {
        Window::Latest => None,
        Window::Within(p, _) => Some(p),
    };
    let periods = facts
        .periods(today)
        .into_iter()
        .map(|(p, f)| PeriodOption {
            value: p.label(f),
            label: format::period(&p, f, locale),
            selected: selected == Some(p),
        })
        .collect();
    let page = ParksPage {
        layout: layout.at(Nav::Parks),
        parks,
        rows,
        periods,
        latest_selected: selected.is_none(),
        unreadable: asked.is_none(),
        as_of: (t.figures_as_of)(&format::date(today, locale)),
        t,
    };
    Ok(Html(page.render()?))
}

fn cell_view(
    cell: Option<&ParkCell<'_>>,
    column: &ParkColumn,
    unit: &str,
    open: &dyn Fn(&str) -> bool,
    locale: Locale,
    t: &Strings,
) -> CellView {
    let px = &t.programs;
    let Some(cell) = cell else {
        return CellView {
            park: column.park.clone(),
            figure: None,
            note: px.not_measured.to_string(),
            withheld: false,
            code: String::new(),
            href: None,
            link_title: String::new(),
        };
    };
    let indicator = &cell.entry.indicator;
    let code = indicator.code.clone();
    let href = open(&cell.program.code)
        .then(|| format!("/indicators/{code}?{PROGRAM_PARAM}={}", cell.program.code));
    let link_title = (px.open_indicator)(&code, &cell.program.park_name);
    let (figure, note, withheld) = match cell.figure {
        ParkFigure::NoFigure => (None, px.no_figure.to_string(), false),
        ParkFigure::Withheld => (None, (px.too_few)(MIN_CONTRIBUTORS_FOR_TENANTS), true),
        ParkFigure::Shown(shown) => {
            let values = ValueFormat {
                kind: indicator.rules.kind,
                decimals: indicator.decimals,
                stages: locale.exact(&indicator.stage_labels).as_slice(),
                locale,
            };
            (
                Some(FigureView {
                    value: format::with_unit(&values.figure(shown.aggregate.value), unit),
                    coverage: shown
                        .coverage
                        .map(|c| (px.coverage)(c.reporters, c.assigned))
                        .unwrap_or_default(),
                    periods: if shown.periods > 1 {
                        (px.periods_behind)(shown.periods)
                    } else {
                        String::new()
                    },
                    status: view::status_badge(shown.status, t),
                }),
                String::new(),
                false,
            )
        }
    };
    CellView {
        park: column.park.clone(),
        figure,
        note,
        withheld,
        code,
        href,
        link_title,
    }
}
