//! `/indicators/{code}`: one indicator — its definition and attributes, where it stands, a
//! chart of the park value per period against the target path (provisional values marked),
//! the reports of a period by organisation and by process route, and the target history;
//! `/indicators/{code}/series.csv` and `/indicators/{code}/reports.csv` download the series
//! and the period's reports. The table by organisation shows
//! [`PAGE_SIZE`](super::pager::PAGE_SIZE) organisations a page (`&page=2`); the download holds
//! them all.
//!
//! Reads the program's facts (the indicator and its official figures among them), then the
//! indicator's reports and target history, both kept in the page cache until the data changes
//! with the series and each period's lines derived from them: two queries on a cold cache
//! whatever the data size, none on a warm one.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum::routing::get;
use chrono::{Datelike, Days, NaiveDate};
use serde::Deserialize;

use super::charts::{self, DateScale, LinearScale};
use super::csv::{Csv, Field};
use super::facts;
use super::format::{self, Locale};
use super::layout::{Layout, Nav};
use super::pager::{self, Pager};
use super::view::{self, StatusBadge, ValueFormat};
use crate::domain::compliance::{self, ReportFacts};
use crate::domain::kinds::{IndicatorKind, ObservationStatus, ProcessRoute};
use crate::domain::period::{self, Period};
use crate::domain::rollup::{self, Aggregate, Contribution, PeriodFigure};
use crate::domain::scorecard::{self, Scorecard};
use crate::error::AppError;
use crate::i18n::Strings;
use crate::state::AppState;
use crate::store;
use crate::store::catalogue::{CatalogueEntry, TargetRevision};
use crate::store::compliance::{AssignedReport, Report};
use crate::store::program::Program;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/indicators/{code}", get(indicator))
        .route("/indicators/{code}/series.csv", get(series_csv))
        .route("/indicators/{code}/reports.csv", get(reports_csv))
}

/// `?period=2026-10`: the period whose reports the table shows (and the download holds).
#[derive(Debug, Deserialize)]
struct PeriodQuery {
    period: Option<String>,
}

/// The page's query: the period, and `&page=2` for the table's second page of organisations
/// (read leniently, see [`pager::requested_page`]).
#[derive(Debug, Deserialize)]
struct IndicatorQuery {
    period: Option<String>,
    page: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// What the page and the downloads are computed from
// ---------------------------------------------------------------------------------------------

struct Facts {
    program: Program,
    entry: CatalogueEntry,
    official: Vec<PeriodFigure>,
    reports: Vec<AssignedReport>,
}

/// What the page and the downloads read, and what they derive from it that is the same for
/// every reader: kept in the page cache until the data changes.
struct IndicatorFacts {
    facts: Facts,
    history: Vec<TargetRevision>,
    /// [`series`] of the facts.
    points: Vec<SeriesPoint>,
    /// [`table_periods`] of the facts.
    periods: Vec<Period>,
    /// Per period shown: its lines and route figures, worked out on first use and kept with
    /// these facts (never across a change of them).
    by_period: Mutex<HashMap<Period, Arc<PeriodFacts>>>,
}

/// Periods whose lines one indicator keeps at most (any valid label can be asked for).
const PERIODS_KEPT: usize = 64;

/// One period of the table: which organisations it lists (indexes into `Facts::reports`) with
/// the compliance of each, and the approved figures rolled up per process route.
struct PeriodFacts {
    lines: Vec<LineIndex>,
    routes: Vec<(Option<ProcessRoute>, Aggregate)>,
}

struct LineIndex {
    reporter: usize,
    report: Option<usize>,
    state: Option<compliance::Compliance>,
}

impl IndicatorFacts {
    /// The lines and route figures of `period`, from the memo or worked out now.
    fn period(&self, period: &Period, today: NaiveDate) -> Arc<PeriodFacts> {
        let memo = || self.by_period.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = memo().get(period) {
            return Arc::clone(found);
        }
        let computed = Arc::new(PeriodFacts {
            lines: line_indexes(&self.facts, period, today),
            routes: route_figures(&self.facts, period),
        });
        let mut kept = memo();
        if kept.len() >= PERIODS_KEPT {
            kept.clear();
        }
        Arc::clone(kept.entry(*period).or_insert(computed))
    }
}

/// The indicator with this code and its reports, or 404.
async fn indicator_facts(state: &AppState, code: &str) -> Result<Arc<IndicatorFacts>, AppError> {
    let today = state.clock.today();
    let program_facts = facts::program_facts(state).await?;
    let not_found = || AppError::NotFound(format!("Indicator {code}"));
    let program_facts = program_facts.as_ref().as_ref().ok_or_else(not_found)?;
    let entry = program_facts.entry(code).ok_or_else(not_found)?;
    state
        .page_cache
        .get_or_load(&format!("indicator:{code}"), today, || async {
            let id = entry.indicator.id;
            let frequency = entry.indicator.rules.frequency;
            let (reports, history) = tokio::try_join!(
                store::compliance::indicator_reports(&state.pool, id, frequency),
                store::catalogue::target_history(&state.pool, id),
            )?;
            let facts = Facts {
                program: program_facts.program.clone(),
                entry: entry.clone(),
                official: program_facts.figures(id).to_vec(),
                reports,
            };
            Ok(IndicatorFacts {
                points: series(&facts, today),
                periods: table_periods(&facts, today),
                facts,
                history,
                by_period: Mutex::new(HashMap::new()),
            })
        })
        .await
}

/// One period of the series: the official figure, the provisional one when reports await
/// review, and what the target path expects at the period's end.
struct SeriesPoint {
    period: Period,
    official: Option<PeriodFigure>,
    provisional: Option<Aggregate>,
    submitted: usize,
    expected: Option<f64>,
}

fn contribution(report: &Report) -> Contribution {
    Contribution {
        value: report.figure.value,
        numerator: report.figure.numerator,
        denominator: report.figure.denominator,
        stage: report.figure.stage,
        order_key: (report.period.end(), report.order_time),
    }
}

/// The closed periods with an official or a provisional figure, oldest first. Official
/// figures come from the store; provisional ones from the domain's rule over the approved and
/// submitted reports.
fn series(facts: &Facts, today: NaiveDate) -> Vec<SeriesPoint> {
    let rules = &facts.entry.indicator.rules;
    let mut by_period: BTreeMap<Period, (Vec<Contribution>, Vec<Contribution>)> = BTreeMap::new();
    for report in facts.reports.iter().filter_map(|r| r.report.as_ref()) {
        if !report.period.is_closed(today) {
            continue;
        }
        let (approved, submitted) = by_period.entry(report.period).or_default();
        match report.status {
            ObservationStatus::Approved => approved.push(contribution(report)),
            ObservationStatus::Submitted => submitted.push(contribution(report)),
            ObservationStatus::Draft | ObservationStatus::Returned => {}
        }
    }
    let official = scorecard::closed_figures(&facts.official, today);
    let mut periods: Vec<Period> = official.iter().map(|f| f.period).collect();
    periods.extend(
        by_period
            .iter()
            .filter(|(_, (_, submitted))| !submitted.is_empty())
            .map(|(p, _)| *p),
    );
    periods.sort();
    periods.dedup();
    periods
        .into_iter()
        .map(|period| {
            let (approved, submitted) = by_period
                .get(&period)
                .map_or((&[][..], &[][..]), |(a, s)| (a.as_slice(), s.as_slice()));
            SeriesPoint {
                period,
                official: official.iter().find(|f| f.period == period).copied(),
                provisional: rollup::provisional_aggregate(
                    rules.kind,
                    rules.aggregation,
                    approved,
                    submitted,
                ),
                submitted: submitted.len(),
                expected: facts.entry.indicator.targets.expected_at(period.end()),
            }
        })
        .collect()
}

/// The periods the reports table can show, newest first: the program's closed periods and
/// any period with a report.
fn table_periods(facts: &Facts, today: NaiveDate) -> Vec<Period> {
    let frequency = facts.entry.indicator.rules.frequency;
    let mut periods = period::closed_periods(
        frequency,
        facts.program.starts_on,
        facts.program.ends_on,
        today,
    );
    periods.extend(
        facts
            .reports
            .iter()
            .filter_map(|r| r.report.as_ref().map(|r| r.period)),
    );
    periods.sort();
    periods.dedup();
    periods.reverse();
    periods
}

/// The period asked for (404 for a label that names no period of the indicator), else the
/// latest official one, else the latest with a report or closed.
fn chosen_period(
    query: Option<&str>,
    facts: &Facts,
    card: &Scorecard,
    periods: &[Period],
) -> Result<Option<Period>, AppError> {
    let frequency = facts.entry.indicator.rules.frequency;
    match query.map(str::trim).filter(|q| !q.is_empty()) {
        Some(label) => Period::parse_label(frequency, label)
            .map(Some)
            .map_err(|_| AppError::NotFound(format!("Period {label}"))),
        None => Ok(card
            .latest
            .map(|f| f.period)
            .or_else(|| periods.first().copied())),
    }
}

/// One organisation's line for a period: its report, and the report's compliance once the
/// period has closed.
struct PeriodLine<'a> {
    reporter: &'a store::compliance::AssignedOrganisation,
    report: Option<&'a Report>,
    state: Option<compliance::Compliance>,
}

/// The organisations listed for a period, one line each in the store's order (rows come
/// grouped by organisation): every organisation with a report for it, and every live
/// assignment that expects one; with the report's compliance once the period has closed.
fn line_indexes(facts: &Facts, period: &Period, today: NaiveDate) -> Vec<LineIndex> {
    let mut lines: Vec<LineIndex> = Vec::new();
    let mut index: HashMap<uuid::Uuid, usize> = HashMap::new();
    for (i, row) in facts.reports.iter().enumerate() {
        let report = row
            .report
            .as_ref()
            .filter(|r| r.period == *period)
            .map(|_| i);
        match index.get(&row.reporter.organisation_id) {
            Some(&line) => {
                if lines[line].report.is_none() {
                    lines[line].report = report;
                }
            }
            None => {
                index.insert(row.reporter.organisation_id, lines.len());
                lines.push(LineIndex {
                    reporter: i,
                    report,
                    state: None,
                });
            }
        }
    }
    lines.retain(|l| {
        let reporter = &facts.reports[l.reporter].reporter;
        l.report.is_some() || (reporter.live && compliance::is_expected(reporter.starts_on, period))
    });
    for line in &mut lines {
        let report = line.report.and_then(|i| facts.reports[i].report.as_ref());
        let known = report.map(|r| ReportFacts {
            status: r.status,
            first_submitted_on: r.first_submitted_on,
        });
        line.state = compliance::compliance(period, known.as_ref(), today);
    }
    lines
}

/// The lines as the page and the download show them.
fn period_lines<'a>(facts: &'a Facts, lines: &[LineIndex]) -> Vec<PeriodLine<'a>> {
    lines
        .iter()
        .map(|l| PeriodLine {
            reporter: &facts.reports[l.reporter].reporter,
            report: l.report.and_then(|i| facts.reports[i].report.as_ref()),
            state: l.state,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    t: &'static Strings,
    layout: Layout,
    code: String,
    name: String,
    pillar_code: String,
    pillar_name: String,
    definition: String,
    attributes: Vec<(&'static str, String)>,
    numerator: Option<String>,
    denominator: Option<String>,
    stages: Vec<String>,
    frameworks: Vec<String>,
    standing: Standing,
    chart: Option<ChartView>,
    chart_empty: &'static str,
    annualised: bool,
    series: Vec<SeriesRow>,
    fraction: bool,
    periods: Vec<PeriodChoice>,
    period_label: String,
    organisations: Vec<OrganisationRow>,
    organisations_pager: Pager,
    no_organisations: &'static str,
    routes: Vec<RouteRow>,
    history: Vec<HistoryRow>,
    reports_csv: String,
}

struct Standing {
    latest: String,
    latest_period: String,
    status: StatusBadge,
    progress: Option<u32>,
    progress_label: String,
    expected: String,
    target: String,
    target_label: String,
    final_target: String,
    final_label: String,
}

struct ChartView {
    width: u32,
    height: u32,
    aria: String,
    left: String,
    right: String,
    top: String,
    bottom: String,
    y_ticks: Vec<(String, String)>,
    years: Vec<(String, String, String)>,
    target_path: String,
    official_line: String,
    points: Vec<ChartPoint>,
    today_x: Option<String>,
}

struct ChartPoint {
    cx: String,
    cy: String,
    class: &'static str,
    title: String,
}

struct SeriesRow {
    period: String,
    official: String,
    contributors: String,
    provisional: String,
    expected: String,
}

struct PeriodChoice {
    label: String,
    name: String,
    selected: bool,
}

struct OrganisationRow {
    code: String,
    name: String,
    demo: bool,
    route: String,
    value: String,
    numerator: String,
    denominator: String,
    state_class: &'static str,
    state_label: &'static str,
    late: bool,
    quality: String,
    comment: String,
    evidence: Option<String>,
}

struct RouteRow {
    route: String,
    value: String,
    contributors: usize,
}

struct HistoryRow {
    year: i16,
    old: String,
    new: String,
    reason: String,
    changed_by: String,
    changed_on: String,
}

async fn indicator(
    State(state): State<AppState>,
    layout: Layout,
    Path(code): Path<String>,
    Query(query): Query<IndicatorQuery>,
) -> Result<Html<String>, AppError> {
    let facts = indicator_facts(&state, &code).await?;
    let page = indicator_page(
        &facts,
        (
            query.period.as_deref(),
            pager::requested_page(query.page.as_deref()),
        ),
        layout,
        state.clock.today(),
    )?;
    Ok(Html(page.render()?))
}

/// The page; `(period_query, requested_page)` as the request asked.
fn indicator_page(
    cached: &IndicatorFacts,
    (period_query, requested_page): (Option<&str>, Option<usize>),
    layout: Layout,
    today: NaiveDate,
) -> Result<IndicatorPage, AppError> {
    let IndicatorFacts {
        facts,
        history,
        points,
        periods,
        ..
    } = cached;
    let (t, locale) = (layout.t, layout.locale);
    let entry = &facts.entry;
    let indicator = &entry.indicator;
    let rules = &indicator.rules;
    let stages = match locale {
        Locale::En => &indicator.stage_labels_en,
        Locale::Id => &entry.stage_labels_id,
    };
    let values = ValueFormat {
        kind: rules.kind,
        decimals: indicator.decimals,
        stages,
        locale,
    };
    let card = scorecard::scorecard(rules, &indicator.targets, &facts.official, today);
    let chosen = chosen_period(period_query, facts, &card, periods)?;
    let name = view::pick(locale, &indicator.name_en, &indicator.name_id);
    let path = &indicator.targets;
    let baseline = if path.baseline.is_finite() {
        format!("{} ({})", values.figure(path.baseline), path.baseline_year)
    } else {
        "—".to_string()
    };
    let attributes = vec![
        (t.unit, indicator.unit.clone()),
        (t.kind, t.indicator_kind(rules.kind).to_string()),
        (t.direction, t.direction(rules.direction).to_string()),
        (t.aggregation, t.aggregation(rules.aggregation).to_string()),
        (t.frequency, t.frequency(rules.frequency).to_string()),
        (t.cumulative, t.yes_no(rules.cumulative).to_string()),
        (t.baseline, baseline),
    ];
    let frameworks = entry
        .frameworks
        .iter()
        .map(|f| {
            let mut text = [f.framework.as_str(), f.code.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            if !f.version.is_empty() {
                text.push_str(&format!(" ({})", f.version));
            }
            if let Some(from) = f.effective_from {
                text.push_str(&format!(
                    ", {}",
                    (t.effective_from)(&format::date(from, locale))
                ));
            }
            text
        })
        .collect();
    let progress = view::progress_percent(card.progress);
    let final_target = path.final_target();
    let standing = Standing {
        latest: card
            .latest
            .map(|f| values.figure(f.aggregate.value))
            .unwrap_or_else(|| "—".to_string()),
        latest_period: card
            .latest
            .map(|f| format::period(&f.period, rules.frequency, locale))
            .unwrap_or_default(),
        status: view::status_badge(card.status, t),
        progress_label: progress.map(|p| (t.progress_aria)(p)).unwrap_or_default(),
        progress,
        expected: card
            .expected
            .map(|v| values.figure(v))
            .unwrap_or_else(|| "—".to_string()),
        target: path
            .target_for_year(today.year())
            .map(|v| values.figure(v))
            .unwrap_or_else(|| "—".to_string()),
        target_label: (t.target_year)(today.year()),
        final_target: final_target
            .map(|(_, v)| values.figure(v))
            .unwrap_or_else(|| "—".to_string()),
        final_label: final_target
            .map(|(year, _)| (t.target_year)(year))
            .unwrap_or_else(|| t.target_this_year.to_string()),
    };
    let annualised = rollup::is_flow(rules.kind, rules.aggregation, rules.cumulative);
    let chart = chart(facts, points, &values, (t, locale), today, &name);
    let series_rows = points
        .iter()
        .rev()
        .map(|p| SeriesRow {
            period: format::period(&p.period, rules.frequency, locale),
            official: p
                .official
                .map(|f| values.figure(f.aggregate.value))
                .unwrap_or_else(|| "—".to_string()),
            contributors: p
                .official
                .map(|f| f.aggregate.contributors.to_string())
                .unwrap_or_else(|| "—".to_string()),
            provisional: p
                .provisional
                .map(|a| {
                    format!(
                        "{} ({})",
                        values.figure(a.value),
                        (t.provisional_note)(p.submitted)
                    )
                })
                .unwrap_or_default(),
            expected: p
                .expected
                .map(|v| values.figure(v))
                .unwrap_or_else(|| "—".to_string()),
        })
        .collect();
    let chosen_facts = chosen.map(|period| cached.period(&period, today));
    let lines = chosen_facts
        .as_ref()
        .map(|p| p.lines.as_slice())
        .unwrap_or_default();
    // Rows only for this page's organisations; the links keep the period shown.
    let chosen_label = chosen.map(|p| p.label(rules.frequency)).unwrap_or_default();
    let organisations_pager = Pager::new(lines.len(), requested_page, t, |n| {
        pager::page_href(
            &format!("/indicators/{}", indicator.code),
            &[("period", chosen_label.as_str())],
            n,
        )
    });
    let organisations = period_lines(facts, organisations_pager.slice(lines))
        .iter()
        .map(|line| organisation_row(line, &values, t))
        .collect();
    let routes = chosen_facts
        .as_ref()
        .map(|p| route_rows(&p.routes, &values, t))
        .unwrap_or_default();
    Ok(IndicatorPage {
        layout: layout.at(Nav::Overview),
        code: indicator.code.clone(),
        pillar_code: entry.pillar_code.clone(),
        pillar_name: view::pick(locale, &entry.pillar_name_en, &entry.pillar_name_id),
        definition: view::pick(locale, &entry.definition_en, &entry.definition_id),
        attributes,
        numerator: view::pick_opt(
            locale,
            entry.numerator_label_en.as_deref(),
            entry.numerator_label_id.as_deref(),
        ),
        denominator: view::pick_opt(
            locale,
            entry.denominator_label_en.as_deref(),
            entry.denominator_label_id.as_deref(),
        ),
        stages: stages
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{i} · {s}"))
            .collect(),
        frameworks,
        standing,
        chart_empty: if rules.kind == IndicatorKind::Qualitative {
            t.qualitative_no_chart
        } else {
            t.no_figures_yet
        },
        chart,
        annualised,
        series: series_rows,
        fraction: rules.kind.uses_fraction(),
        periods: periods
            .iter()
            .map(|p| PeriodChoice {
                label: p.label(rules.frequency),
                name: format::period(p, rules.frequency, locale),
                selected: Some(*p) == chosen,
            })
            .collect(),
        period_label: chosen
            .map(|p| format::period(&p, rules.frequency, locale))
            .unwrap_or_default(),
        no_organisations: if facts.reports.is_empty() {
            t.no_assignments
        } else {
            t.no_reports_for_period
        },
        organisations,
        organisations_pager,
        routes,
        history: history
            .iter()
            .map(|h| HistoryRow {
                year: h.year,
                old: h
                    .old_value
                    .map(|v| values.figure(v))
                    .unwrap_or_else(|| "—".to_string()),
                new: values.figure(h.new_value),
                reason: h.reason.clone(),
                changed_by: h.changed_by.clone(),
                changed_on: format::date(h.changed_at.date_naive(), locale),
            })
            .collect(),
        reports_csv: match chosen {
            Some(p) => format!(
                "/indicators/{}/reports.csv?period={}",
                indicator.code,
                p.label(rules.frequency)
            ),
            None => format!("/indicators/{}/reports.csv", indicator.code),
        },
        name,
        t,
    })
}

/// Chart size and margins, in SVG units (the chart scales to the page's width).
const CHART_WIDTH: u32 = 720;
const CHART_HEIGHT: u32 = 280;
const MARGIN_LEFT: f64 = 64.0;
const MARGIN_RIGHT: f64 = 16.0;
const MARGIN_TOP: f64 = 12.0;
const MARGIN_BOTTOM: f64 = 32.0;

fn chart(
    facts: &Facts,
    points: &[SeriesPoint],
    values: &ValueFormat<'_>,
    (t, locale): (&Strings, Locale),
    today: NaiveDate,
    name: &str,
) -> Option<ChartView> {
    let indicator = &facts.entry.indicator;
    let rules = &indicator.rules;
    if !rules.kind.is_numeric() || points.is_empty() {
        return None;
    }
    // From the end of the year before the program (the baseline) to its end, widened to
    // any period reported outside it.
    let from = facts
        .program
        .starts_on
        .checked_sub_days(Days::new(1))
        .unwrap_or(facts.program.starts_on)
        .min(points.first().map_or(NaiveDate::MAX, |p| p.period.end()));
    let to = facts
        .program
        .ends_on
        .max(points.last().map_or(NaiveDate::MIN, |p| p.period.end()));
    let path = indicator.targets.points_between(from, to);
    let comparable = |aggregate: Aggregate, period: Period| {
        scorecard::comparable_period_value(rules, &PeriodFigure { period, aggregate })
    };
    let mut all: Vec<f64> = path.iter().map(|(_, v)| *v).collect();
    for p in points {
        all.extend(p.official.and_then(|f| comparable(f.aggregate, p.period)));
        all.extend(p.provisional.and_then(|a| comparable(a, p.period)));
    }
    let min = all.iter().copied().fold(f64::INFINITY, f64::min);
    let max = all.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // A little room above and below, so no point sits on the frame.
    let pad = (max - min) * 0.05;
    let (ticks, tick_decimals) = charts::nice_ticks(min - pad, max + pad, 5);
    let (w, h) = (f64::from(CHART_WIDTH), f64::from(CHART_HEIGHT));
    let (left, right, top, bottom) = (MARGIN_LEFT, w - MARGIN_RIGHT, MARGIN_TOP, h - MARGIN_BOTTOM);
    let x = DateScale::new(from, to, (left, right));
    let y = LinearScale::new((*ticks.first()?, *ticks.last()?), (bottom, top));
    let coordinate = |v: f64| format!("{v:.1}");
    let unit = &indicator.unit;
    let flow = rollup::is_flow(rules.kind, rules.aggregation, rules.cumulative);
    let mut marks = Vec::new();
    let mut official_line = Vec::new();
    for p in points {
        let period_name = format::period(&p.period, rules.frequency, locale);
        let px = x.at(p.period.end());
        if let Some((f, v)) = p
            .official
            .and_then(|f| comparable(f.aggregate, p.period).map(|v| (f, v)))
        {
            official_line.push((px, y.at(v)));
            let mut title = format!(
                "{period_name}: {} {unit} · {}",
                values.figure(f.aggregate.value),
                (t.contributors)(f.aggregate.contributors)
            );
            if flow {
                title.push_str(&format!(" · {}", (t.annualised_value)(&values.number(v))));
            }
            marks.push(ChartPoint {
                cx: coordinate(px),
                cy: coordinate(y.at(v)),
                class: "official",
                title,
            });
        }
        if let Some((a, v)) = p
            .provisional
            .and_then(|a| comparable(a, p.period).map(|v| (a, v)))
        {
            let mut title = format!(
                "{period_name} ({}): {} {unit} · {} · {}",
                t.provisional,
                values.figure(a.value),
                (t.contributors)(a.contributors),
                (t.provisional_note)(p.submitted)
            );
            if flow {
                title.push_str(&format!(" · {}", (t.annualised_value)(&values.number(v))));
            }
            marks.push(ChartPoint {
                cx: coordinate(px),
                cy: coordinate(y.at(v)),
                class: "provisional",
                title,
            });
        }
    }
    let years = x
        .year_starts()
        .into_iter()
        .map(|start| {
            let end = NaiveDate::from_ymd_opt(start.year(), 12, 31)
                .unwrap_or(to)
                .min(to);
            let middle = (x.at(start) + x.at(end)) / 2.0;
            (
                coordinate(x.at(start)),
                coordinate(middle),
                start.year().to_string(),
            )
        })
        .collect();
    Some(ChartView {
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
        aria: (t.chart_aria)(name),
        left: coordinate(left),
        right: coordinate(right),
        top: coordinate(top),
        bottom: coordinate(bottom),
        y_ticks: ticks
            .iter()
            .map(|v| {
                (
                    coordinate(y.at(*v)),
                    format::number(*v, tick_decimals, locale),
                )
            })
            .collect(),
        years,
        target_path: charts::polyline(
            &path
                .iter()
                .map(|(d, v)| (x.at(*d), y.at(*v)))
                .collect::<Vec<_>>(),
        ),
        official_line: charts::polyline(&official_line),
        points: marks,
        today_x: (from..=to)
            .contains(&today)
            .then(|| coordinate(x.at(today))),
    })
}

fn organisation_row(
    line: &PeriodLine<'_>,
    values: &ValueFormat<'_>,
    t: &Strings,
) -> OrganisationRow {
    let reporter = line.reporter;
    // A draft is the organisation's work in progress: its status shows, its figure does not.
    let shown = line.report.filter(|r| r.status != ObservationStatus::Draft);
    let (state_class, state_label) = match (line.state, line.report) {
        (Some(c), _) => (c.state.as_str(), t.report_state(c.state)),
        (None, Some(r)) => {
            let state = compliance::ReportState::from(r.status);
            (state.as_str(), t.report_state(state))
        }
        (None, None) => ("open", "—"),
    };
    OrganisationRow {
        code: reporter.code.clone(),
        name: reporter.short_name.clone(),
        demo: reporter.is_demo,
        route: reporter
            .process_route
            .map(|r| t.process_route(r).to_string())
            .unwrap_or_else(|| "—".to_string()),
        value: shown
            .map(|r| values.reported(&r.figure))
            .unwrap_or_else(|| "—".to_string()),
        numerator: shown
            .and_then(|r| r.figure.numerator)
            .map(|n| values.number(n))
            .unwrap_or_default(),
        denominator: shown
            .and_then(|r| r.figure.denominator)
            .map(|d| values.number(d))
            .unwrap_or_default(),
        state_class,
        state_label,
        late: line.state.is_some_and(|c| c.late),
        quality: line
            .report
            .map(|r| t.data_quality(r.data_quality).to_string())
            .unwrap_or_default(),
        comment: shown.map(|r| r.comment.clone()).unwrap_or_default(),
        evidence: shown.and_then(|r| r.evidence_url.clone()),
    }
}

/// The period's approved figures combined by the indicator's rule within each process route
/// (organisations without a route together), in the order of the routes.
fn route_figures(facts: &Facts, period: &Period) -> Vec<(Option<ProcessRoute>, Aggregate)> {
    let rules = &facts.entry.indicator.rules;
    let mut groups: BTreeMap<usize, (Option<ProcessRoute>, Vec<Contribution>)> = BTreeMap::new();
    for row in &facts.reports {
        let Some(report) = row
            .report
            .as_ref()
            .filter(|r| r.period == *period && r.status == ObservationStatus::Approved)
        else {
            continue;
        };
        let route = row.reporter.process_route;
        let order = route
            .and_then(|r| ProcessRoute::ALL.iter().position(|x| *x == r))
            .unwrap_or(ProcessRoute::ALL.len());
        groups
            .entry(order)
            .or_insert_with(|| (route, Vec::new()))
            .1
            .push(contribution(report));
    }
    groups
        .into_values()
        .filter_map(|(route, contributions)| {
            rollup::aggregate_organisations(rules.kind, rules.aggregation, &contributions)
                .map(|aggregate| (route, aggregate))
        })
        .collect()
}

fn route_rows(
    figures: &[(Option<ProcessRoute>, Aggregate)],
    values: &ValueFormat<'_>,
    t: &Strings,
) -> Vec<RouteRow> {
    figures
        .iter()
        .map(|(route, aggregate)| RouteRow {
            route: route
                .map(|r| t.process_route(r).to_string())
                .unwrap_or_else(|| t.no_route.to_string()),
            value: values.figure(aggregate.value),
            contributors: aggregate.contributors,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Downloads
// ---------------------------------------------------------------------------------------------

async fn series_csv(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, AppError> {
    let cached = indicator_facts(&state, &code).await?;
    let IndicatorFacts { facts, points, .. } = cached.as_ref();
    let frequency = facts.entry.indicator.rules.frequency;
    let mut csv = Csv::new(&[
        "indicator",
        "period",
        "period_start",
        "period_end",
        "official_value",
        "official_numerator",
        "official_denominator",
        "official_contributors",
        "provisional_value",
        "provisional_contributors",
        "submitted_reports",
        "target_path_value",
        "unit",
    ]);
    for point in points {
        let official = point.official.map(|f| f.aggregate);
        csv.row([
            Field::Text(&facts.entry.indicator.code),
            Field::Text(&point.period.label(frequency)),
            Field::Text(&point.period.start().to_string()),
            Field::Text(&point.period.end().to_string()),
            Field::Number(official.map(|a| a.value)),
            Field::Number(official.and_then(|a| a.numerator)),
            Field::Number(official.and_then(|a| a.denominator)),
            Field::Number(official.map(|a| a.contributors as f64)),
            Field::Number(point.provisional.map(|a| a.value)),
            Field::Number(point.provisional.map(|a| a.contributors as f64)),
            Field::Number(Some(point.submitted as f64)),
            Field::Number(point.expected),
            Field::Text(&facts.entry.indicator.unit),
        ]);
    }
    Ok(csv.into_download(&format!("{}-series.csv", facts.entry.indicator.code)))
}

async fn reports_csv(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, AppError> {
    let cached = indicator_facts(&state, &code).await?;
    let IndicatorFacts { facts, periods, .. } = cached.as_ref();
    let today = state.clock.today();
    let indicator = &facts.entry.indicator;
    let frequency = indicator.rules.frequency;
    let card = scorecard::scorecard(&indicator.rules, &indicator.targets, &facts.official, today);
    let chosen = chosen_period(query.period.as_deref(), facts, &card, periods)?;
    let mut csv = Csv::new(&[
        "indicator",
        "period",
        "organisation_code",
        "organisation",
        "process_route",
        "status",
        "late",
        "value",
        "numerator",
        "denominator",
        "stage",
        "text",
        "data_quality",
        "comment",
        "evidence_url",
    ]);
    let label = chosen.map(|p| p.label(frequency)).unwrap_or_default();
    if let Some(period) = chosen {
        let period_facts = cached.period(&period, today);
        for line in period_lines(facts, &period_facts.lines) {
            let shown = line.report.filter(|r| r.status != ObservationStatus::Draft);
            let state = line
                .state
                .map(|c| c.state)
                .or(line.report.map(|r| r.status.into()));
            let figure = shown.map(|r| &r.figure);
            csv.row([
                Field::Text(&indicator.code),
                Field::Text(&label),
                Field::Text(&line.reporter.code),
                Field::Text(&line.reporter.short_name),
                Field::Text(line.reporter.process_route.map_or("", |r| r.as_str())),
                Field::Text(state.map_or("", |s| s.as_str())),
                Field::Text(match line.state {
                    Some(c) if c.late => "yes",
                    Some(_) => "no",
                    None => "",
                }),
                Field::Number(figure.and_then(|f| f.value)),
                Field::Number(figure.and_then(|f| f.numerator)),
                Field::Number(figure.and_then(|f| f.denominator)),
                Field::Number(figure.and_then(|f| f.stage).map(f64::from)),
                Field::Text(figure.and_then(|f| f.text.as_deref()).unwrap_or("")),
                Field::Text(line.report.map_or("", |r| r.data_quality.as_str())),
                Field::Text(shown.map_or("", |r| r.comment.as_str())),
                Field::Text(shown.and_then(|r| r.evidence_url.as_deref()).unwrap_or("")),
            ]);
        }
    }
    Ok(csv.into_download(&format!("{}-{label}-reports.csv", indicator.code)))
}
