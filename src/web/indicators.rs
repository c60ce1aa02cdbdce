//! `/indicators/{code}`: one indicator — its definition and attributes, where it stands, a
//! chart of the park value per period against the target path (provisional values marked),
//! the reports of a period by organisation and by process route, and the target history. The
//! table by organisation shows [`PAGE_SIZE`](super::pager::PAGE_SIZE) organisations a page
//! (`&page=2`); the downloads (`web::indicator_downloads`) hold them all.
//!
//! A tenant user reads the page of an indicator its organisation is assigned (another answers
//! 404): the same page made from the facts cut to it (`IndicatorFacts::for_tenant`), with its
//! own reports (`web::indicator_tenant`) instead of the tables by organisation and by route,
//! and without the downloads and the target history.
//!
//! A page module only: it reads the indicator's facts (`web::indicator_facts`, where the
//! figures come from the domain), builds the view model and renders it; the chart's geometry
//! is `web::charts`'s. No SQL and no rule here.

use std::sync::Arc;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Extension, Router};
use chrono::{Datelike, Days, NaiveDate};
use serde::Deserialize;

use super::charts::{self, Mark, TimeChart, TimeSeries};
use super::format::{self, Locale};
use super::indicator_facts::{Facts, IndicatorFacts, PeriodFacts, ReportLine, indicator_facts};
use super::indicator_tenant::{TenantView, tenant_view};
use super::layout::{Layout, Nav};
use super::pager::{self, Pager};
use super::view::{self, StatusBadge, ValueFormat};
use crate::auth::CurrentUser;
use crate::cache::Scope;
use crate::domain::Role;
use crate::domain::compliance;
use crate::domain::kinds::{IndicatorKind, ObservationStatus, ProcessRoute};
use crate::domain::period::Period;
use crate::domain::rollup::{self, Aggregate, PeriodFigure};
use crate::domain::scorecard;
use crate::domain::series::SeriesPoint;
use crate::error::AppError;
use crate::i18n::Strings;
use crate::state::AppState;

/// The page; its downloads are `web::indicator_downloads`'s.
pub fn router() -> Router<AppState> {
    Router::new().route("/indicators/{code}", get(indicator))
}

/// The page's query: the period, and `&page=2` for the table's second page of organisations
/// (read leniently, see [`pager::requested_page`]).
#[derive(Debug, Deserialize)]
struct IndicatorQuery {
    period: Option<String>,
    page: Option<String>,
}

#[derive(Template)]
#[template(path = "indicator.html")]
struct IndicatorPage {
    layout: Layout,
    code: String,
    name: String,
    /// The content (`templates/indicator_body.html`).
    body: Arc<String>,
}

#[derive(Template)]
#[template(path = "indicator_body.html")]
struct IndicatorBody {
    t: &'static Strings,
    /// Whether the reader reviews reports (a manager): the organisations' rows link to them.
    reviews: bool,
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
    chart: Option<TimeChart>,
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
    /// Set for a tenant user: its own reports, in place of every organisation's.
    tenant: Option<TenantView>,
    /// Set for an indicator computed from the GHG inventory: where its figures come from.
    computed: bool,
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
    /// What the status judged (the judged value, its basis, the expected value, the bands and
    /// the sentence), labelled apart from the latest period's value.
    judgement: view::JudgementView,
    /// Its published figures that restatements changed: "2026-Q2 — Restated on … (was …):
    /// reason", newest period first.
    restated: Vec<String>,
}

struct SeriesRow {
    period: String,
    official: String,
    contributors: String,
    /// "4 of 6 organisations", or the incomplete marker when below the minimum coverage.
    coverage: String,
    incomplete: bool,
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
    /// The report's review page (approve, return, reopen), for reviewers; never for a draft.
    review: Option<String>,
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
    user: Option<Extension<CurrentUser>>,
    Path(code): Path<String>,
    Query(query): Query<IndicatorQuery>,
) -> Result<Html<String>, AppError> {
    let Some(Extension(user)) = user else {
        return Err(AppError::Forbidden(crate::domain::Denied::SignIn));
    };
    let (t, locale) = (layout.t, layout.locale);
    let today = state.clock.today();
    let reviews = layout.is_manager;
    let (name, body) = if user.role == Role::Tenant {
        let facts = indicator_facts(&state, &code).await?;
        // Only what the tenant's organisation reports, cut before anything is built.
        let not_found = || AppError::NotFound(crate::domain::Missing::Indicator(code.to_string()));
        let organisation = user.organisation_id.ok_or_else(not_found)?;
        let cut = facts
            .for_tenant(&state, organisation)
            .await?
            .ok_or_else(not_found)?;
        let chosen = chosen_facts(&state, &cut, None, today).await?;
        let mut body = indicator_body(
            &cut,
            chosen.as_deref(),
            (None, None),
            (t, locale, reviews),
            today,
        )?;
        let values = ValueFormat {
            kind: cut.facts.entry.indicator.rules.kind,
            decimals: cut.facts.entry.indicator.decimals,
            stages: locale
                .exact(&cut.facts.entry.indicator.stage_labels)
                .as_slice(),
            locale,
        };
        let mut own = tenant_view(&cut, &values, (t, locale));
        if body.computed {
            // Its typed reports from before: superseded, and no form to open.
            for row in &mut own.rows {
                row.state_class = "superseded";
                row.state_label = t.ghg.superseded_by_computation;
                row.href = String::new();
            }
        }
        body.tenant = Some(own);
        (body.name.clone(), Arc::new(body.render()?))
    } else {
        // The same for every dashboard reader of this language, period, page and role until
        // the data changes or the day turns: rendered once and kept.
        let key = format!(
            "indicator:{}:{code}:{}:{}:{reviews}:{}",
            super::facts::program_key()?,
            query.period.as_deref().unwrap_or(""),
            query.page.as_deref().unwrap_or(""),
            locale.tag()
        );
        // Kept per indicator, like its facts: another indicator's change keeps it.
        let held = state.page_cache.get::<(String, Arc<String>)>(&key, today);
        let body = match held {
            Some(body) => body,
            None => {
                let id = indicator_facts(&state, &code)
                    .await?
                    .facts
                    .entry
                    .indicator
                    .id;
                state
                    .page_cache
                    .get_or_load_in(&key, Scope::Indicator(id), today, || async {
                        let facts = indicator_facts(&state, &code).await?;
                        let chosen =
                            chosen_facts(&state, &facts, query.period.as_deref(), today).await?;
                        let body = indicator_body(
                            &facts,
                            chosen.as_deref(),
                            (
                                query.period.as_deref(),
                                pager::requested_page(query.page.as_deref()),
                            ),
                            (t, locale, reviews),
                            today,
                        )?;
                        Ok((body.name.clone(), Arc::new(body.render()?)))
                    })
                    .await?
            }
        };
        (body.0.clone(), Arc::clone(&body.1))
    };
    let page = IndicatorPage {
        layout: layout.at(Nav::Overview),
        code,
        name,
        body,
    };
    Ok(Html(view::render_around(&page, page.body.len())?))
}

/// The period shown (as the request asks, else the latest with an official figure) with its
/// lines and route figures; `None` when the indicator has no period to show.
async fn chosen_facts(
    state: &AppState,
    cached: &IndicatorFacts,
    period_query: Option<&str>,
    today: NaiveDate,
) -> Result<Option<Arc<PeriodFacts>>, AppError> {
    let indicator = &cached.facts.entry.indicator;
    let card = scorecard::scorecard(
        &indicator.rules,
        &indicator.targets,
        &cached.facts.official,
        today,
    );
    match cached.chosen_period(period_query, &card)? {
        Some(period) => Ok(Some(cached.period(state, &period, today).await?)),
        None => Ok(None),
    }
}

/// The page's content; `chosen_facts` those of the period shown ([`chosen_facts`]),
/// `(period_query, requested_page)` as the request asked.
fn indicator_body(
    cached: &IndicatorFacts,
    chosen_facts: Option<&PeriodFacts>,
    (period_query, requested_page): (Option<&str>, Option<usize>),
    (t, locale, reviews): (&'static Strings, Locale, bool),
    today: NaiveDate,
) -> Result<IndicatorBody, AppError> {
    let IndicatorFacts {
        facts,
        history,
        points,
        periods,
        ..
    } = cached;
    let entry = &facts.entry;
    let indicator = &entry.indicator;
    let rules = &indicator.rules;
    let stages = locale.exact(&indicator.stage_labels);
    let values = ValueFormat {
        kind: rules.kind,
        decimals: indicator.decimals,
        stages,
        locale,
    };
    let card = scorecard::scorecard(rules, &indicator.targets, &facts.official, today);
    let chosen = cached.chosen_period(period_query, &card)?;
    let name = locale.text(&indicator.name).to_string();
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
        judgement: view::judgement_view(&card, rules, &values, &indicator.unit, t),
        restated: facts
            .restatements
            .iter()
            .map(|n| view::restatement_line(n, &values, &indicator.unit, rules.frequency, t))
            .collect(),
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
            coverage: p
                .official
                .and_then(|f| rules.coverage(&f))
                .map(|c| {
                    if c.is_complete() {
                        (t.judgement.coverage)(c.reporters, c.assigned)
                    } else {
                        (t.judgement.incomplete)(c.reporters, c.assigned, c.required)
                    }
                })
                .unwrap_or_else(|| "—".to_string()),
            incomplete: p.official.is_some_and(|f| !rules.is_complete(&f)),
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
    let lines = chosen_facts.map(|p| p.lines.as_slice()).unwrap_or_default();
    // Rows only for this page's organisations; the links keep the period shown.
    let chosen_label = chosen.map(|p| p.label(rules.frequency)).unwrap_or_default();
    let organisations_pager = Pager::new(lines.len(), requested_page, t, |n| {
        pager::page_href(
            &format!("/indicators/{}", indicator.code),
            &[("period", chosen_label.as_str())],
            n,
        )
    });
    let organisations = chosen_facts
        .map(|p| {
            p.lines(organisations_pager.slice(lines))
                .iter()
                .map(|line| organisation_row(line, &values, t, reviews))
                .collect()
        })
        .unwrap_or_default();
    let computed = entry.computed_from.is_some();
    // Reports typed before the indicator was computed stay in the history, superseded.
    let organisations = if computed {
        superseded(organisations, t)
    } else {
        organisations
    };
    let routes = chosen_facts
        .filter(|_| !computed)
        .map(|p| route_rows(&p.routes, &values, t))
        .unwrap_or_default();
    Ok(IndicatorBody {
        reviews,
        code: indicator.code.clone(),
        pillar_code: entry.pillar_code.clone(),
        pillar_name: locale.text(&entry.pillar_name).to_string(),
        definition: locale.text(&entry.definition).to_string(),
        attributes,
        numerator: locale.text_opt(&entry.numerator_label).map(str::to_string),
        denominator: locale
            .text_opt(&entry.denominator_label)
            .map(str::to_string),
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
        no_organisations: if !facts.has_reporters {
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
        tenant: None,
        computed,
        name,
        t,
    })
}

/// The rows of a computed indicator's typed reports, marked superseded by the computation.
fn superseded(rows: Vec<OrganisationRow>, t: &'static Strings) -> Vec<OrganisationRow> {
    rows.into_iter()
        .map(|row| OrganisationRow {
            state_class: "superseded",
            state_label: t.ghg.superseded_by_computation,
            late: false,
            ..row
        })
        .collect()
}

/// The chart of the series, labelled: each official and provisional figure made comparable with
/// the target path (flows annualised), from the end of the year before the program (the
/// baseline) to its end, widened to any period reported outside it. `None` for a kind without
/// numbers or a series without figures.
fn chart(
    facts: &Facts,
    points: &[SeriesPoint],
    values: &ValueFormat<'_>,
    (t, locale): (&Strings, Locale),
    today: NaiveDate,
    name: &str,
) -> Option<TimeChart> {
    let indicator = &facts.entry.indicator;
    let rules = &indicator.rules;
    if !rules.kind.is_numeric() || points.is_empty() {
        return None;
    }
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
    let comparable = |aggregate: Aggregate, period: Period| {
        scorecard::comparable_period_value(
            rules,
            &PeriodFigure {
                period,
                aggregate,
                assigned: None,
            },
        )
    };
    // Each mark is one period's value: a yearly-rate unit reads per period.
    let unit = &format::period_unit(&indicator.unit, rules.frequency, locale);
    let flow = rollup::is_flow(rules.kind, rules.aggregation, rules.cumulative);
    let annualised = |title: &mut String, v: f64| {
        if flow {
            title.push_str(&format!(" · {}", (t.annualised_value)(&values.number(v))));
        }
    };
    let mut line = Vec::new();
    let mut marks = Vec::new();
    for p in points {
        let period_name = format::period(&p.period, rules.frequency, locale);
        let date = p.period.end();
        if let Some((f, v)) = p
            .official
            .and_then(|f| comparable(f.aggregate, p.period).map(|v| (f, v)))
        {
            line.push((date, v));
            let mut title = format!(
                "{period_name}: {} {unit} · {}",
                values.figure(f.aggregate.value),
                (t.contributors)(f.aggregate.contributors)
            );
            if let Some(c) = rules.coverage(&f).filter(|c| !c.is_complete()) {
                title.push_str(&format!(
                    " · {}",
                    (t.judgement.incomplete)(c.reporters, c.assigned, c.required)
                ));
            }
            annualised(&mut title, v);
            marks.push(Mark {
                date,
                value: v,
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
            annualised(&mut title, v);
            marks.push(Mark {
                date,
                value: v,
                class: "provisional",
                title,
            });
        }
    }
    let series = TimeSeries {
        from,
        to,
        path: indicator.targets.points_between(from, to),
        line,
        marks,
        today,
    };
    charts::time_chart(series, (t.chart_aria)(name), |v, decimals| {
        format::number(v, decimals, locale)
    })
}

fn organisation_row(
    line: &ReportLine<'_>,
    values: &ValueFormat<'_>,
    t: &Strings,
    reviews: bool,
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
        review: shown
            .filter(|_| reviews)
            .map(|r| format!("/review/{}", r.id)),
    }
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
