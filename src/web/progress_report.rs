//! `/reports/{period}` (`2026`, `2026-Q3`): the progress report for the steering committee, a
//! page laid out for printing — a cover, the program at a glance, a section per pillar with
//! the managers' narrative, the indicators judged at the end of the period and their small
//! charts, then the milestones, reporting compliance and notes on the data. And
//! `/reports/{period}/narrative/{pillar}`: the managers' narrative form with every version.
//! `/reports/{period}.pdf` is not offered (see `docs/exports.md`): the browser prints the page.
//!
//! Reads the program's facts (cached, shared with the dashboards) and three queries for the
//! period (narratives, data notes, compliance tallies), whatever the data size. Park-level
//! figures only: tenants are refused by `auth::policy`. The narrative is saved by
//! `crate::workflow::narratives`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::charts::{self, BarSegment, Sparkline};
use super::facts::{self, ProgramFacts};
use super::format::{self, Locale};
use super::layout::{Layout, Nav};
use super::overview::{MilestoneLine, milestone_line};
use super::view::{self, StatusBadge, ValueFormat};
use crate::auth::CurrentUser;
use crate::domain::compliance::ComplianceSummary;
use crate::domain::kinds::Frequency;
use crate::domain::period::Period;
use crate::domain::report_period::{
    NARRATIVE_MAX_CHARS, ReportPeriod, ReportPeriodError, program_month,
};
use crate::domain::rollup::PeriodFigure;
use crate::domain::scorecard;
use crate::domain::status::Status;
use crate::domain::{Actor, AuditOrigin, Missing};
use crate::error::AppError;
use crate::i18n::{ReportStrings, Strings};
use crate::state::AppState;
use crate::store;
use crate::store::catalogue::CatalogueEntry;
use crate::store::compliance::Scope;
use crate::store::data_notes::IndicatorDataNotes;
use crate::store::narratives::Narrative;
use crate::store::program::{Pillar, Program};
use crate::workflow::narratives::{self, NarrativeError, NarrativeInput, NarrativeOf};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/reports", get(latest_report))
        .route("/reports/{period}", get(report))
        .route(
            "/reports/{period}/narrative/{pillar}",
            get(narrative_page).post(save_narrative),
        )
}

/// The width of a pillar's status bar, in SVG units (it scales to the page).
const STATUS_BAR_WIDTH: f64 = 240.0;

#[derive(Template)]
#[template(path = "progress_report.html")]
struct ReportPage {
    t: &'static Strings,
    r: &'static ReportStrings,
    layout: Layout,
    label: String,
    title: String,
    period_name: String,
    program_name: String,
    park_name: String,
    phase: String,
    dates: String,
    data_taken: String,
    month_label: String,
    status_heading: String,
    target_heading: String,
    other_periods: Vec<PeriodLink>,
    status_labels: Vec<&'static str>,
    glance: Vec<Glance>,
    pillars: Vec<PillarSection>,
    reached: Vec<MilestoneLine>,
    late: Vec<MilestoneLine>,
    compliance: Option<ComplianceView>,
    notes: Vec<String>,
    /// Managers and admins get the link to the narrative form.
    may_write: bool,
}

struct PeriodLink {
    href: String,
    name: String,
    current: bool,
}

#[derive(Clone, Copy)]
struct StatusCount {
    class: &'static str,
    label: &'static str,
    count: usize,
}

/// A pillar's line at a glance: its counts by status and the bar that draws them.
#[derive(Clone)]
struct Glance {
    code: String,
    name: String,
    counts: Vec<StatusCount>,
    bar: Vec<BarSegment>,
    bar_label: String,
}

struct PillarSection {
    code: String,
    name: String,
    description: String,
    narrative: Option<NarrativeView>,
    rows: Vec<IndicatorRow>,
    glance: Glance,
}

struct NarrativeView {
    body: String,
    byline: String,
}

struct IndicatorRow {
    code: String,
    name: String,
    unit: String,
    figure: String,
    figure_period: String,
    coverage: String,
    target: String,
    status: StatusBadge,
    sentence: String,
    incomplete: String,
    sparkline: Option<Sparkline>,
    sparkline_label: String,
}

struct ComplianceView {
    expected: String,
    on_time: String,
    late: String,
    share: String,
    states: Vec<(&'static str, String)>,
}

/// What a pillar's section is made from.
struct Judged<'a> {
    entry: &'a CatalogueEntry,
    card: scorecard::Scorecard,
    figures: Vec<PeriodFigure>,
}

/// `/reports`: this year's report (or the program's first or last year, outside it).
async fn latest_report(State(state): State<AppState>) -> Result<Redirect, AppError> {
    let facts = facts::program_facts(&state).await?;
    let program = &facts
        .as_ref()
        .as_ref()
        .ok_or(AppError::NotFound(Missing::Program))?
        .program;
    let year = state
        .clock
        .today()
        .year()
        .clamp(program.starts_on.year(), program.ends_on.year());
    Ok(Redirect::to(&format!("/reports/{year}")))
}

/// The report period named in the address, checked against the program.
fn report_period(label: &str, program: &Program, t: &Strings) -> Result<ReportPeriod, AppError> {
    ReportPeriod::parse(label, program.starts_on, program.ends_on).map_err(|e| match e {
        ReportPeriodError::Unreadable => AppError::Unreadable((t.report.period_unreadable)(label)),
        ReportPeriodError::OutsideProgram => AppError::NotFound(Missing::Period(label.to_string())),
    })
}

async fn report(
    State(state): State<AppState>,
    layout: Layout,
    Path(label): Path<String>,
) -> Result<Response, AppError> {
    if let Some(stem) = label.strip_suffix(".pdf") {
        return pdf_not_offered(&state, layout, stem).await;
    }
    let facts = facts::program_facts(&state).await?;
    let Some(facts) = facts.as_ref() else {
        return Err(AppError::NotFound(Missing::Program));
    };
    let (t, locale) = (layout.t, layout.locale);
    let period = report_period(&label, &facts.program, t)?;
    let today = state.clock.today();
    let judged_on = period.judged_on(today);
    let program = &facts.program;
    let pool = &state.pool;
    let rounds: Vec<(Frequency, Period)> = view::all_closed_periods(program, today)
        .into_iter()
        .filter(|(_, p)| period.includes(p))
        .collect();
    let key = period.label();
    let (narratives, notes, summary) = tokio::try_join!(
        store::narratives::latest_narratives(pool, program.id, &key),
        store::data_notes::data_notes(
            pool,
            program.id,
            period.period().start(),
            period.period().end()
        ),
        store::tally::scope_summary(pool, program.id, Scope::Program, &rounds, today),
    )?;

    let judged: Vec<Judged> = facts
        .entries
        .iter()
        .map(|entry| {
            let figures = period.figures_until(facts.figures(entry.indicator.id), |f| f.period);
            let card = scorecard::scorecard(
                &entry.indicator.rules,
                &entry.indicator.targets,
                &figures,
                judged_on,
            );
            Judged {
                entry,
                card,
                figures,
            }
        })
        .collect();
    let pillars: Vec<PillarSection> = facts
        .pillars
        .iter()
        .map(|pillar| {
            let members: Vec<&Judged> = judged
                .iter()
                .filter(|j| j.entry.indicator.pillar_id == pillar.id)
                .collect();
            pillar_section(
                pillar,
                &members,
                narratives.iter().find(|n| n.pillar_id == pillar.id),
                &period,
                judged_on,
                locale,
                t,
            )
        })
        .collect();

    let (month, months) = program_month(program.starts_on, program.ends_on, judged_on);
    let data_notes = judged
        .iter()
        .flat_map(|j| data_notes(j, &notes, &period, judged_on, locale, t))
        .collect();
    let milestones = &facts.milestones;
    let page = ReportPage {
        r: &t.report,
        title: (t.report.title)(&period_name(&period, locale)),
        period_name: period_name(&period, locale),
        program_name: locale.text(&program.name).to_string(),
        park_name: program.park_name.clone(),
        phase: (t.phase)(&program.phase),
        dates: format!(
            "{} – {}",
            format::date(program.starts_on, locale),
            format::date(program.ends_on, locale)
        ),
        data_taken: format::date(today, locale),
        month_label: if month == 0 {
            t.not_started.to_string()
        } else {
            (t.month_of)(month, months)
        },
        status_heading: (t.report.status_on)(&format::date(judged_on, locale)),
        target_heading: (t.target_year)(period.year()),
        other_periods: period_links(program, &period, locale),
        status_labels: Status::ALL.iter().map(|s| t.status(*s)).collect(),
        glance: pillars.iter().map(|p| p.glance.clone()).collect(),
        pillars,
        reached: milestones
            .iter()
            .filter(|m| period.reached(m.status, m.completed_on))
            .map(|m| milestone_line(m, judged_on, locale, t))
            .collect(),
        late: milestones
            .iter()
            .filter(|m| period.late(m.status, m.due_on, today))
            .map(|m| milestone_line(m, judged_on, locale, t))
            .collect(),
        compliance: compliance_view(&summary, locale, t),
        notes: data_notes,
        may_write: layout.is_manager || layout.is_admin,
        label: period.label(),
        layout: layout.at(Nav::Reports),
        t,
    };
    Ok(Html(page.render()?).into_response())
}

/// "2026" or "Q3 2026" in the page's language.
fn period_name(period: &ReportPeriod, locale: Locale) -> String {
    format::period(&period.period(), period.frequency(), locale)
}

/// The program's year reports with the quarters of the shown year.
fn period_links(program: &Program, shown: &ReportPeriod, locale: Locale) -> Vec<PeriodLink> {
    let years = program.starts_on.year()..=program.ends_on.year();
    let mut labels: Vec<String> = years.map(|y| y.to_string()).collect();
    labels.extend((1..=4).map(|q| format!("{}-Q{q}", shown.year())));
    labels
        .into_iter()
        .filter_map(|label| ReportPeriod::parse(&label, program.starts_on, program.ends_on).ok())
        .map(|p| PeriodLink {
            href: format!("/reports/{}", p.label()),
            name: period_name(&p, locale),
            current: p == *shown,
        })
        .collect()
}

fn status_counts(statuses: impl Iterator<Item = Status> + Clone, t: &Strings) -> Vec<StatusCount> {
    Status::ALL
        .iter()
        .map(|s| StatusCount {
            class: s.as_str(),
            label: t.status(*s),
            count: statuses.clone().filter(|x| x == s).count(),
        })
        .collect()
}

fn pillar_section(
    pillar: &Pillar,
    members: &[&Judged],
    narrative: Option<&Narrative>,
    period: &ReportPeriod,
    judged_on: NaiveDate,
    locale: Locale,
    t: &Strings,
) -> PillarSection {
    let name = locale.text(&pillar.name).to_string();
    let counts = status_counts(members.iter().map(|j| j.card.status), t);
    let bar = charts::stacked_bar(
        &counts
            .iter()
            .map(|c| (c.class, c.count))
            .collect::<Vec<_>>(),
        STATUS_BAR_WIDTH,
    );
    PillarSection {
        code: pillar.code.clone(),
        description: locale.text(&pillar.description).to_string(),
        narrative: narrative
            .filter(|n| !n.body.trim().is_empty())
            .map(|n| NarrativeView {
                body: n.body.clone(),
                byline: (t.report.narrative_version)(
                    n.version,
                    writer_name(&n.written_by),
                    &format::date(n.written_at.date_naive(), locale),
                ),
            }),
        rows: members
            .iter()
            .map(|j| indicator_row(j, period, judged_on, locale, t))
            .collect(),
        glance: Glance {
            code: pillar.code.clone(),
            bar_label: (t.report.pillar_by_status)(&pillar.code),
            name: name.clone(),
            counts,
            bar,
        },
        name,
    }
}

fn indicator_row(
    judged: &Judged,
    period: &ReportPeriod,
    judged_on: NaiveDate,
    locale: Locale,
    t: &Strings,
) -> IndicatorRow {
    let Judged {
        entry,
        card,
        figures,
    } = judged;
    let indicator = &entry.indicator;
    let stages = locale.exact(&indicator.stage_labels);
    let values = ValueFormat {
        kind: indicator.rules.kind,
        decimals: indicator.decimals,
        stages,
        locale,
    };
    let name = locale.text(&indicator.name).to_string();
    let (figure, figure_period, coverage) = match &card.latest {
        Some(f) => (
            values.figure(f.aggregate.value),
            format::period(&f.period, indicator.rules.frequency, locale),
            match indicator.rules.coverage(f) {
                Some(c) => (t.coverage_of)(c.reporters, c.assigned),
                None => (t.coverage_of)(f.aggregate.contributors, f.aggregate.contributors),
            },
        ),
        None => ("—".to_string(), String::new(), "—".to_string()),
    };
    let judgement = view::judgement_view(card, &indicator.rules, &values, &indicator.unit, t);
    IndicatorRow {
        code: indicator.code.clone(),
        unit: format::period_unit(&indicator.unit, indicator.rules.frequency, locale),
        figure,
        figure_period,
        coverage,
        target: indicator
            .targets
            .target_for_year(period.year())
            .map(|v| values.figure(v))
            .unwrap_or_else(|| "—".to_string()),
        status: view::status_badge(card.status, t),
        sentence: judgement.sentence,
        incomplete: judgement.incomplete,
        sparkline: view::sparkline(&indicator.rules, figures, judged_on),
        sparkline_label: (t.trend_of)(&name),
        name,
    }
}

/// What the report notes about one indicator's data, in the catalogue's order: every figure
/// of the period below the indicator's minimum coverage, then its estimated and restated
/// approved reports.
fn data_notes(
    judged: &Judged,
    notes: &[IndicatorDataNotes],
    period: &ReportPeriod,
    judged_on: NaiveDate,
    locale: Locale,
    t: &Strings,
) -> Vec<String> {
    let indicator = &judged.entry.indicator;
    let rules = &indicator.rules;
    let mut lines: Vec<String> = scorecard::closed_figures(&judged.figures, judged_on)
        .into_iter()
        .filter(|f| period.includes(&f.period))
        .filter_map(|f| {
            let c = rules.coverage(&f).filter(|c| !c.is_complete())?;
            Some(format!(
                "{}{}",
                (t.report.incomplete_in)(
                    &indicator.code,
                    &format::period(&f.period, rules.frequency, locale)
                ),
                (t.judgement.incomplete)(c.reporters, c.assigned, c.required)
            ))
        })
        .collect();
    if let Some(note) = notes.iter().find(|n| n.indicator_id == indicator.id) {
        if note.estimated > 0 {
            lines.push((t.report.estimated)(&indicator.code, note.estimated));
        }
        if note.restated > 0 {
            lines.push((t.report.restated)(&indicator.code, note.restated));
        }
    }
    lines
}

fn compliance_view(
    summary: &ComplianceSummary,
    locale: Locale,
    t: &Strings,
) -> Option<ComplianceView> {
    use crate::domain::compliance::ReportState;
    let n = |v: usize| format::number(v as f64, 0, locale);
    (summary.expected > 0).then(|| ComplianceView {
        expected: n(summary.expected),
        on_time: n(summary.on_time),
        late: n(summary.late),
        share: summary
            .on_time_share()
            .map_or_else(|| "—".to_string(), |s| format::percent(s, locale)),
        states: [
            (ReportState::Approved, summary.approved),
            (ReportState::Submitted, summary.submitted),
            (ReportState::Returned, summary.returned),
            (ReportState::Draft, summary.draft),
            (ReportState::Missing, summary.missing),
        ]
        .into_iter()
        .map(|(state, count)| (t.report_state(state), n(count)))
        .collect(),
    })
}

#[derive(Template)]
#[template(path = "report_pdf.html")]
struct PdfPage {
    r: &'static ReportStrings,
    layout: Layout,
    href: Option<String>,
}

/// `/reports/{period}.pdf`: not made on the server (see `docs/exports.md`); a 404 that says
/// how to get the PDF, with the report's address when the period is one.
async fn pdf_not_offered(
    state: &AppState,
    layout: Layout,
    stem: &str,
) -> Result<Response, AppError> {
    let facts = facts::program_facts(state).await?;
    let href = facts
        .as_ref()
        .as_ref()
        .and_then(|f| ReportPeriod::parse(stem, f.program.starts_on, f.program.ends_on).ok())
        .map(|p| format!("/reports/{}", p.label()));
    let page = PdfPage {
        r: &layout.t.report,
        layout: layout.at(Nav::Reports),
        href,
    };
    Ok((StatusCode::NOT_FOUND, Html(page.render()?)).into_response())
}

#[derive(Template)]
#[template(path = "narrative.html")]
struct NarrativePage {
    r: &'static ReportStrings,
    layout: Layout,
    label: String,
    pillar_code: String,
    title: String,
    body: String,
    version: i32,
    notice: String,
    error: String,
    max_chars: usize,
    history: Vec<NarrativeView>,
}

#[derive(Debug, Default, Deserialize)]
struct NarrativeForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    version: String,
}

#[derive(Debug, Default, Deserialize)]
struct Saved {
    saved: Option<String>,
}

/// The program, the report period and the live pillar an address names.
async fn narrative_target(
    state: &AppState,
    label: &str,
    code: &str,
    t: &Strings,
) -> Result<(Program, ReportPeriod, Pillar), AppError> {
    let facts = facts::program_facts(state).await?;
    let facts: &ProgramFacts = facts
        .as_ref()
        .as_ref()
        .ok_or(AppError::NotFound(Missing::Program))?;
    let period = report_period(label, &facts.program, t)?;
    let pillar = facts
        .pillars
        .iter()
        .find(|p| p.code == code)
        .cloned()
        .ok_or_else(|| AppError::NotFound(Missing::Pillar(code.to_string())))?;
    Ok((facts.program.clone(), period, pillar))
}

struct FormState {
    body: Option<String>,
    notice: String,
    error: String,
}

async fn render_narrative(
    state: &AppState,
    layout: Layout,
    period: &ReportPeriod,
    pillar: &Pillar,
    form: FormState,
) -> Result<String, AppError> {
    let (t, locale) = (layout.t, layout.locale);
    let history =
        store::narratives::narrative_history(&state.pool, pillar.id, &period.label()).await?;
    let version = history.first().map_or(0, |n| n.version);
    let body = form
        .body
        .unwrap_or_else(|| history.first().map(|n| n.body.clone()).unwrap_or_default());
    Ok(NarrativePage {
        r: &t.report,
        title: (t.report.narrative_title)(
            &format!("{} {}", pillar.code, locale.text(&pillar.name)),
            &period_name(period, locale),
        ),
        label: period.label(),
        pillar_code: pillar.code.clone(),
        body,
        version,
        notice: form.notice,
        error: form.error,
        max_chars: NARRATIVE_MAX_CHARS,
        history: history
            .iter()
            .map(|n| NarrativeView {
                body: n.body.clone(),
                byline: (t.report.narrative_version)(
                    n.version,
                    writer_name(&n.written_by),
                    &format::date(n.written_at.date_naive(), locale),
                ),
            })
            .collect(),
        layout: layout.at(Nav::Reports),
    }
    .render()?)
}

async fn narrative_page(
    State(state): State<AppState>,
    layout: Layout,
    Path((label, code)): Path<(String, String)>,
    Query(saved): Query<Saved>,
) -> Result<Html<String>, AppError> {
    let (_, period, pillar) = narrative_target(&state, &label, &code, layout.t).await?;
    let notice = if saved.saved.is_some() {
        layout.t.report.narrative_saved.to_string()
    } else {
        String::new()
    };
    let form = FormState {
        body: None,
        notice,
        error: String::new(),
    };
    Ok(Html(
        render_narrative(&state, layout, &period, &pillar, form).await?,
    ))
}

async fn save_narrative(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Path((label, code)): Path<(String, String)>,
    Form(form): Form<NarrativeForm>,
) -> Result<Response, AppError> {
    let t = layout.t;
    let (program, period, pillar) = narrative_target(&state, &label, &code, t).await?;
    let input = NarrativeInput {
        body: form.body.clone(),
        expected_version: form.version.trim().parse().ok(),
    };
    let mut tx = state.pool.begin().await?;
    let outcome = narratives::save(
        &mut tx,
        &Actor::from(&user),
        &context,
        NarrativeOf {
            program_id: program.id,
            pillar_code: &pillar.code,
            period: &period,
        },
        &input,
        state.clock.now(),
    )
    .await;
    let (status, error) = match outcome {
        Ok(_) => {
            tx.commit().await?;
            return Ok(Redirect::to(&format!(
                "/reports/{}/narrative/{}?saved=1",
                period.label(),
                pillar.code
            ))
            .into_response());
        }
        Err(NarrativeError::TooLong) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            (t.report.narrative_too_long)(NARRATIVE_MAX_CHARS),
        ),
        Err(NarrativeError::Stale { current_version }) => (
            StatusCode::CONFLICT,
            (t.report.narrative_stale)(current_version),
        ),
        Err(e) => return Err(e.into()),
    };
    drop(tx);
    let form = FormState {
        body: Some(form.body),
        notice: String::new(),
        error,
    };
    let html = render_narrative(&state, layout, &period, &pillar, form).await?;
    Ok((status, Html(html)).into_response())
}

/// The writer as a printed report names them: the account's label is "Name <e-mail>", and a
/// document handed round a committee carries names, not e-mail addresses.
fn writer_name(label: &str) -> &str {
    match label.split_once(" <") {
        Some((name, _)) if !name.trim().is_empty() => name.trim(),
        _ => label,
    }
}
