//! `/my`: a tenant's own organisation — its assigned indicators, its latest report of each
//! with the report's status, and the park figure where enough organisations contribute.
//! `/my/reports.xlsx`: the same table as a workbook. Both read the organisation's own reports
//! only and apply `domain::privacy` to every park figure, so a download holds nothing the page
//! may not show.

use askama::Template;
use axum::extract::State;
use axum::response::{Html, Response};
use axum::routing::get;
use axum::{Extension, Router};

use super::export::xlsx::{Cell, Table, Workbook};
use super::facts;
use super::format;
use super::layout::Layout;
use crate::auth::CurrentUser;
use crate::auth::policy::readable_note;
use crate::domain::compliance::ReportState;
use crate::domain::kinds::{Frequency, ObservationStatus};
use crate::domain::privacy;
use crate::error::AppError;
use crate::i18n::AccountStrings;
use crate::state::AppState;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/my", get(my_organisation))
        .route("/my/reports.xlsx", get(my_reports_xlsx))
}

#[derive(Template)]
#[template(path = "my.html")]
struct MyPage<'a> {
    a: &'static AccountStrings,
    layout: Layout,
    organisation: &'a str,
    rows: &'a [Row],
}

struct Row {
    code: String,
    name: String,
    unit: String,
    period: String,
    own_value: String,
    status: String,
    status_label: &'static str,
    review_note: String,
    park_value: String,
    /// The report's own page (its form, its state, its history), when there is one.
    href: Option<String>,
    /// For the download: the own figure and the park figure as numbers (the park's `None`
    /// where withheld or absent), and how the indicator writes them.
    own_number: Option<f64>,
    park_number: Option<f64>,
    percentage: bool,
    decimals: u8,
}

/// The organisation's name and its table's rows.
type OwnTable = (String, Vec<Row>);

async fn my_organisation(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
) -> Result<Html<String>, AppError> {
    // The table is the same for the organisation's users of a language until the data
    // changes or the day turns: built once and kept (its own key beside the facts it reads,
    // which it reads again inside, so it is never older than its own entry).
    let organisation_id = user
        .organisation_id
        .ok_or_else(|| AppError::Forbidden(crate::domain::Denied::TenantsOnly))?;
    let key = format!(
        "my:{}:{organisation_id}:{}:{:?}",
        facts::program_key()?,
        layout.locale.tag(),
        layout.note_reader()
    );
    let table = state
        .page_cache
        .get_or_load(&key, state.clock.today(), || {
            own_table(&state, &layout, &user)
        })
        .await?;
    let (organisation, rows) = table.as_ref();
    let page = MyPage {
        a: &layout.locale.strings().accounts,
        layout,
        organisation,
        rows,
    };
    Ok(Html(page.render()?))
}

/// The organisation's table as a workbook, headers in the page's language.
async fn my_reports_xlsx(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
) -> Result<Response, AppError> {
    let (organisation, rows) = own_table(&state, &layout, &user).await?;
    let (a, e) = (&layout.locale.strings().accounts, &layout.t.exports);
    let now = state.clock.now();
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let number = |value| {
                if r.percentage {
                    Cell::percent(value, r.decimals)
                } else {
                    Cell::number(value, r.decimals)
                }
            };
            vec![
                Cell::text(&r.code),
                Cell::text(&r.name),
                Cell::text(&r.unit),
                Cell::text(&r.period),
                number(r.own_number),
                Cell::text(r.status_label),
                Cell::text(&r.review_note),
                number(r.park_number),
                Cell::text(&r.park_value),
            ]
        })
        .collect();
    let mut book = Workbook::new(e.own_reports_title, now);
    book.about(
        e.about_sheet,
        &format!("{} — {organisation}", e.own_reports_title),
        &[
            (e.what_label, e.own_reports_what.to_string()),
            (e.organisation, organisation.clone()),
            (e.made_label, now.format("%Y-%m-%d %H:%M UTC").to_string()),
            (
                e.data_label,
                (e.withheld)(privacy::MIN_CONTRIBUTORS_FOR_TENANTS),
            ),
            (e.rows_label, cells.len().to_string()),
        ],
    )?;
    book.table(&Table {
        name: e.own_reports_title,
        groups: Vec::new(),
        headers: [
            e.code,
            a.indicator,
            a.unit,
            a.latest_period,
            a.your_value,
            a.status,
            e.review_note,
            e.park_value,
            a.park,
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        rows: cells,
        frozen_columns: 2,
    })?;
    book.into_download("pilar-our-reports.xlsx")
}

/// The signed-in tenant's organisation and its rows: its own reports, and the park figure
/// of each only where `domain::privacy` lets a tenant see it.
async fn own_table(
    state: &AppState,
    layout: &Layout,
    user: &CurrentUser,
) -> Result<OwnTable, AppError> {
    let organisation_id = user
        .organisation_id
        .ok_or_else(|| AppError::Forbidden(crate::domain::Denied::TenantsOnly))?;
    // The park figures are the program's, shared with the dashboards (and their cache); the
    // organisation's own reports are read for it alone.
    let key = format!("my:{organisation_id}");
    let (facts, own_facts) = tokio::try_join!(
        facts::program_facts(state),
        state
            .page_cache
            .get_or_load(&key, state.clock.today(), || async {
                Ok(tokio::try_join!(
                    store::tenant::organisation_name(&state.pool, organisation_id),
                    store::tenant::own_latest(&state.pool, organisation_id),
                )?)
            }),
    )?;
    let (name, own) = own_facts.as_ref();
    let no_figures = Default::default();
    let series = facts.as_ref().as_ref().map_or(&no_figures, |f| &f.series);
    let locale = layout.locale;
    let (t, a) = (layout.t, &locale.strings().accounts);
    let reader = layout.note_reader();
    let rows = own
        .iter()
        .map(|r| {
            let decimals = u8::try_from(r.decimals).unwrap_or(1);
            let own_value = match (r.value, r.numerator, r.denominator, r.stage) {
                (Some(v), _, _, _) => format::number(v, decimals, locale),
                (_, Some(n), Some(d), _) if d > 0.0 => {
                    let scale = if r.kind == "percentage" { 100.0 } else { 1.0 };
                    format!(
                        "{} ({} / {})",
                        format::number(scale * n / d, decimals, locale),
                        format::number(n, 0, locale),
                        format::number(d, 0, locale)
                    )
                }
                (_, _, _, Some(stage)) => stage.to_string(),
                _ => "—".to_string(),
            };
            // The park figure of the same period, only when enough organisations contribute.
            let park_figure = series.get(&r.indicator_id).and_then(|figures| {
                figures
                    .iter()
                    .find(|f| Some(f.period.start()) == r.period_start)
            });
            // The park figure as a number only where a tenant may read it (as the text).
            let park_number = park_figure
                .filter(|f| privacy::park_figure_visible_to_tenant(f.aggregate.contributors))
                .map(|f| f.aggregate.value);
            let own_number = match (r.value, r.numerator, r.denominator, r.stage) {
                (Some(v), _, _, _) => Some(v),
                (_, Some(n), Some(d), _) if d > 0.0 => {
                    Some(if r.kind == "percentage" { 100.0 } else { 1.0 } * n / d)
                }
                (_, _, _, Some(stage)) => Some(f64::from(stage)),
                _ => None,
            };
            let park_value = park_figure
                .map(|f| {
                    if privacy::park_figure_visible_to_tenant(f.aggregate.contributors) {
                        let value = format::number(f.aggregate.value, decimals, locale);
                        // With its coverage: "4 of 6 organisations", or marked incomplete
                        // when below the indicator's minimum (never a park headline then).
                        let rules = facts
                            .as_ref()
                            .as_ref()
                            .and_then(|facts| {
                                facts
                                    .entries
                                    .iter()
                                    .find(|e| e.indicator.id == r.indicator_id)
                            })
                            .map(|e| e.indicator.rules);
                        match rules.and_then(|rules| rules.coverage(f)) {
                            Some(c) if c.is_complete() => format!(
                                "{value} ({})",
                                (t.judgement.coverage)(c.reporters, c.assigned)
                            ),
                            Some(c) => format!(
                                "{value} ({})",
                                (t.judgement.incomplete)(c.reporters, c.assigned, c.required)
                            ),
                            None => value,
                        }
                    } else {
                        (a.withheld)(privacy::MIN_CONTRIBUTORS_FOR_TENANTS)
                    }
                })
                .unwrap_or_else(|| "—".to_string());
            Row {
                code: r.code.clone(),
                name: locale.text(&r.name).to_string(),
                unit: match r.frequency.parse::<Frequency>() {
                    Ok(frequency) => format::period_unit(&r.unit, frequency, locale),
                    Err(_) => r.unit.clone(),
                },
                period: match (r.period_start, r.period_end) {
                    (Some(s), Some(e)) => {
                        format!("{} – {}", format::date(s, locale), format::date(e, locale))
                    }
                    _ => a.no_report_yet.to_string(),
                },
                own_value,
                status_label: match r.status.as_deref().map(str::parse::<ObservationStatus>) {
                    Some(Ok(status)) => t.observation_status(status),
                    _ => t.report_state(ReportState::Missing),
                },
                status: r.status.clone().unwrap_or_else(|| "missing".into()),
                // Only the note of the review that stands: a report corrected and submitted
                // again keeps its old return note for the history alone.
                // A return note reaches the organisation; a reopening reason or an approval's
                // note stays with the reviewers (`auth::policy::may_read_note`).
                review_note: readable_note(
                    reader,
                    r.review_note.as_deref(),
                    r.review_note_internal.unwrap_or(false),
                    organisation_id,
                )
                .filter(|_| {
                    matches!(
                        r.status.as_deref().map(str::parse::<ObservationStatus>),
                        Some(Ok(ObservationStatus::Returned | ObservationStatus::Approved))
                    )
                })
                .unwrap_or_default(),
                park_value,
                href: r.period_start.map(|s| format!("/submit/{}/{s}", r.code)),
                own_number,
                park_number,
                percentage: r.kind == "percentage",
                decimals,
            }
        })
        .collect();
    Ok((name.clone().unwrap_or_default(), rows))
}
