//! `/`: the program at a glance — where it is in its three years, each pillar's indicators by
//! status with a few headline indicators, the milestones that are overdue or due soon, how
//! this period's reporting went, and the latest reviewed reports.
//!
//! Reads, each kept in the page cache until the data changes: the program's facts (program,
//! pillars, catalogue, official figures, milestones; shared with the other dashboards), and
//! this round's compliance from the tallies with the latest reviews — eight queries on a cold
//! cache whatever the data size, none on a warm one.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use chrono::{Datelike, NaiveDate};

use super::charts::Sparkline;
use super::facts::{self, ProgramFacts};
use super::format::{self, Locale};
use super::layout::{Layout, Nav};
use super::view::{self, StatusBadge, ValueFormat};
use crate::auth::policy::{NoteReader, readable_note};
use crate::domain::compliance::{self, ComplianceSummary, GRACE_DAYS};
use crate::domain::kinds::{Frequency, ObservationStatus};
use crate::domain::milestones::{self, DUE_SOON_DAYS};
use crate::domain::period::Period;
use crate::domain::report_period::program_month;
use crate::domain::scorecard::Scorecard;
use crate::domain::status::Status;
use crate::error::AppError;
use crate::i18n::Strings;
use crate::state::AppState;
use crate::store;
use crate::store::catalogue::CatalogueEntry;
use crate::store::compliance::{ReviewedReport, Scope};
use crate::store::milestones::Milestone;
use crate::store::program::Program;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(overview))
}

/// How many headline indicators a pillar card shows.
const HEADLINES_PER_PILLAR: usize = 3;
/// How many approved and how many returned reports the overview lists.
const RECENT_REVIEWS: i64 = 5;
/// How many late organisations the overview names; the rest are counted and left to
/// `/reporting`, so the page stays the same size at 2,000 tenants.
const LATE_ORGANISATIONS_SHOWN: usize = 10;

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    /// Anonymous public view: park-level figures only.
    public: bool,
    t: &'static Strings,
    layout: Layout,
    program_name: String,
    park_name: String,
    phase: String,
    dates: String,
    month_label: String,
    elapsed_percent: u32,
    elapsed_label: String,
    as_of: String,
    /// The pillar cards, rendered (`templates/overview_pillars.html`).
    pillar_grid: std::sync::Arc<String>,
    overdue: Vec<MilestoneLine>,
    due_soon: Vec<MilestoneLine>,
    due_soon_heading: String,
    round: RoundView,
    approved: Vec<ReviewLine>,
    returned: Vec<ReviewLine>,
    /// Whether the reader may read review notes at all: a viewer sees that reports were
    /// returned, not why (`auth::policy::may_read_note`).
    notes_shown: bool,
}

/// The pillar cards in one language: the same for every reader until the data changes or the
/// day turns, and most of the page's work (each headline's figures, judgement and sparkline),
/// so they are rendered once and kept.
#[derive(Template)]
#[template(path = "overview_pillars.html")]
struct PillarGrid<'a> {
    pillars: &'a [PillarCard],
    t: &'a Strings,
}

struct StatusCount {
    class: &'static str,
    label: &'static str,
    count: usize,
}

struct PillarCard {
    code: String,
    name: String,
    description: String,
    counts: Vec<StatusCount>,
    headlines: Vec<Headline>,
    all_label: String,
}

struct Headline {
    code: String,
    name: String,
    unit: String,
    latest: String,
    latest_period: String,
    target: String,
    status: StatusBadge,
    /// What the status judged, in a sentence (and a later incomplete period, if any).
    judgement: view::JudgementView,
    sparkline: Option<Sparkline>,
    sparkline_label: String,
    /// The latest restatement of one of its published figures, if any.
    restated: String,
}

pub(super) struct MilestoneLine {
    pub code: String,
    pub title: String,
    pub pillar_code: Option<String>,
    pub owner_code: Option<String>,
    pub owner_name: Option<String>,
    pub due: String,
    pub status_class: &'static str,
    pub status_label: &'static str,
}

struct LateOrganisation {
    code: String,
    name: String,
    label: String,
}

struct RoundView {
    explained: String,
    any_due: bool,
    on_time_percent: u32,
    on_time_share: String,
    summary: String,
    /// The organisations with the most late reports, at most [`LATE_ORGANISATIONS_SHOWN`].
    late: Vec<LateOrganisation>,
    /// How many organisations have late reports, all told.
    late_total: String,
    /// "and 1,990 more…" when some late organisations are not named.
    more_late: Option<String>,
}

struct ReviewLine {
    indicator_code: String,
    indicator_name: String,
    organisation_code: String,
    organisation_name: String,
    period: String,
    value: String,
    reviewed_on: String,
    note: String,
    /// The report's review page (shown to reviewers: reopen an approved report there).
    review_href: String,
}

#[derive(Template)]
#[template(path = "empty.html")]
pub(super) struct EmptyPage {
    pub t: &'static Strings,
    pub layout: Layout,
}

/// The page for a database without a program.
pub(super) fn empty_page(layout: Layout) -> Result<Html<String>, AppError> {
    Ok(Html(
        EmptyPage {
            t: layout.t,
            layout,
        }
        .render()?,
    ))
}

/// The report round most recently due for each frequency, as `(frequency, period)` pairs.
fn latest_rounds(program: &Program, today: NaiveDate) -> Vec<(Frequency, Period)> {
    Frequency::ALL
        .iter()
        .filter_map(|f| {
            compliance::latest_closed_period(*f, program.starts_on, program.ends_on, today)
                .map(|p| (*f, p))
        })
        .collect()
}

/// What the overview reads beyond the program's facts: this round's compliance and the latest
/// reviews. Kept in the page cache until the data changes.
struct Activity {
    round: RoundFacts,
    reviews: Vec<ReviewedReport>,
}

/// This round's compliance by the domain's rules: the counts, and the organisations with the
/// most late reports.
struct RoundFacts {
    summary: ComplianceSummary,
    late: store::tally::LateOrganisations,
}

async fn activity(
    state: &AppState,
    program: &Program,
    today: NaiveDate,
) -> Result<Activity, AppError> {
    let pool = &state.pool;
    let rounds = latest_rounds(program, today);
    // From the compliance tallies (migration 0010): a few rows per indicator and organisation,
    // not one per assignment.
    let (summary, late, reviews) = tokio::try_join!(
        store::tally::scope_summary(pool, program.id, Scope::Program, &rounds, today),
        store::tally::late_organisations(
            pool,
            program.id,
            &rounds,
            today,
            LATE_ORGANISATIONS_SHOWN
        ),
        store::compliance::recent_reviews(pool, program.id, RECENT_REVIEWS),
    )?;
    Ok(Activity {
        round: RoundFacts { summary, late },
        reviews,
    })
}

async fn overview(State(state): State<AppState>, layout: Layout) -> Result<Html<String>, AppError> {
    let facts = facts::program_facts(&state).await?;
    let Some(ProgramFacts {
        program,
        milestones,
        ..
    }) = facts.as_ref()
    else {
        return empty_page(layout.at(Nav::Overview));
    };
    let today = state.clock.today();
    let activity = state
        .page_cache
        .get_or_load(&format!("overview:{}", program.code), today, || {
            activity(&state, program, today)
        })
        .await?;
    let Activity { round, reviews } = activity.as_ref();
    let (t, locale) = (layout.t, layout.locale);
    let pillar_grid = state
        .page_cache
        .get_or_load(
            &format!("overview:pillars:{}:{}", program.code, locale.tag()),
            today,
            || async {
                // The facts are read again inside: an entry must not be made of facts older than
                // its own generation (a change between the two reads would keep it stale).
                let facts = facts::program_facts(&state).await?;
                let Some(ProgramFacts {
                    pillars,
                    entries,
                    series,
                    cards,
                    restatements,
                    ..
                }) = facts.as_ref()
                else {
                    return Ok(String::new());
                };
                let cards: Vec<PillarCard> = pillars
                    .iter()
                    .map(|pillar| {
                        let members: Vec<(&CatalogueEntry, &Scorecard)> = entries
                            .iter()
                            .zip(cards)
                            .filter(|(e, _)| e.indicator.pillar_id == pillar.id)
                            .collect();
                        let counts = Status::ALL
                            .iter()
                            .map(|status| StatusCount {
                                class: status.as_str(),
                                label: t.status(*status),
                                count: members.iter().filter(|(_, c)| c.status == *status).count(),
                            })
                            .collect();
                        let headlines = headline_members(&members)
                            .into_iter()
                            .map(|(entry, card)| {
                                let figures = series
                                    .get(&entry.indicator.id)
                                    .map_or(&[][..], Vec::as_slice);
                                let restated = restatements
                                    .iter()
                                    .find(|n| n.indicator == entry.indicator.code);
                                headline(entry, card, figures, restated, today, locale, t)
                            })
                            .collect();
                        PillarCard {
                            all_label: (t.all_indicators_of_pillar)(members.len()),
                            name: locale.text(&pillar.name).to_string(),
                            description: locale.text(&pillar.description).to_string(),
                            code: pillar.code.clone(),
                            counts,
                            headlines,
                        }
                    })
                    .collect();
                Ok(PillarGrid { pillars: &cards, t }.render()?)
            },
        )
        .await?;

    let (month, months) = program_month(program.starts_on, program.ends_on, today);
    let elapsed_percent = (month * 100).checked_div(months).unwrap_or(0);
    let overdue = milestones
        .iter()
        .filter(|m| milestones::is_overdue(m.status, m.due_on, today))
        .map(|m| milestone_line(m, today, locale, t))
        .collect();
    let due_soon = milestones
        .iter()
        .filter(|m| milestones::is_due_soon(m.status, m.due_on, today))
        .map(|m| milestone_line(m, today, locale, t))
        .collect();
    let (approved, returned): (Vec<&ReviewedReport>, Vec<&ReviewedReport>) = reviews
        .iter()
        .partition(|r| r.status == ObservationStatus::Approved);
    // The public view (anonymous visitors, when switched on) shows park-level figures only:
    // nothing that names a tenant or its reports.
    let public = layout.user.is_none();
    // The cached facts hold every note; each reader gets only what the rule allows.
    let reader = layout.note_reader();
    let page = OverviewPage {
        public,
        layout: layout.at(Nav::Overview),
        program_name: locale.text(&program.name).to_string(),
        park_name: program.park_name.clone(),
        phase: (t.phase)(&program.phase),
        dates: format!(
            "{} – {}",
            format::date(program.starts_on, locale),
            format::date(program.ends_on, locale)
        ),
        month_label: if month == 0 {
            t.not_started.to_string()
        } else {
            (t.month_of)(month, months)
        },
        elapsed_percent,
        elapsed_label: (t.elapsed)(elapsed_percent),
        as_of: (t.figures_as_of)(&format::date(today, locale)),
        pillar_grid,
        overdue,
        due_soon,
        due_soon_heading: (t.due_next_days)(DUE_SOON_DAYS),
        round: round_view(round, locale, t),
        approved: approved
            .into_iter()
            .map(|r| review_line(r, locale, reader))
            .collect(),
        returned: returned
            .into_iter()
            .map(|r| review_line(r, locale, reader))
            .collect(),
        notes_shown: reader != NoteReader::Other,
        t,
    };
    Ok(Html(view::render_around(&page, page.pillar_grid.len())?))
}

/// The indicators a pillar card headlines: the first in catalogue order that have an official
/// figure, topped up with the others. A choice of presentation, not a rule about figures.
fn headline_members<'a>(
    members: &[(&'a CatalogueEntry, &'a Scorecard)],
) -> Vec<(&'a CatalogueEntry, &'a Scorecard)> {
    let (with_data, without): (Vec<_>, Vec<_>) = members
        .iter()
        .copied()
        .partition(|(_, c)| c.latest.is_some());
    with_data
        .into_iter()
        .chain(without)
        .take(HEADLINES_PER_PILLAR)
        .collect()
}

fn headline(
    entry: &CatalogueEntry,
    card: &Scorecard,
    figures: &[crate::domain::rollup::PeriodFigure],
    restated: Option<&crate::domain::transparency::statement::RestatementNote>,
    today: NaiveDate,
    locale: Locale,
    t: &Strings,
) -> Headline {
    let indicator = &entry.indicator;
    let stages = locale.exact(&indicator.stage_labels);
    let values = ValueFormat {
        kind: indicator.rules.kind,
        decimals: indicator.decimals,
        stages,
        locale,
    };
    let name = locale.text(&indicator.name).to_string();
    let (latest, latest_period) = match &card.latest {
        Some(figure) => (
            values.figure(figure.aggregate.value),
            format::period(&figure.period, indicator.rules.frequency, locale),
        ),
        None => ("—".to_string(), String::new()),
    };
    Headline {
        code: indicator.code.clone(),
        // The headline value is one period's: a yearly rate reads per quarter for a quarter.
        unit: format::period_unit(&indicator.unit, indicator.rules.frequency, locale),
        latest,
        latest_period,
        target: indicator
            .targets
            .target_for_year(today.year())
            .map(|v| values.figure(v))
            .unwrap_or_else(|| "—".to_string()),
        status: view::status_badge(card.status, t),
        judgement: view::judgement_view(card, &indicator.rules, &values, &indicator.unit, t),
        sparkline: view::sparkline(&indicator.rules, figures, today),
        sparkline_label: (t.trend_of)(&name),
        restated: restated
            .map(|n| {
                view::restatement_line(n, &values, &indicator.unit, indicator.rules.frequency, t)
            })
            .unwrap_or_default(),
        name,
    }
}

pub(super) fn milestone_line(
    m: &Milestone,
    today: NaiveDate,
    locale: Locale,
    t: &Strings,
) -> MilestoneLine {
    let status = milestones::effective_status(m.status, m.due_on, today);
    MilestoneLine {
        code: m.code.clone(),
        title: locale.text(&m.title).to_string(),
        pillar_code: m.pillar_code.clone(),
        owner_code: m.owner_code.clone(),
        owner_name: m.owner_name.clone(),
        due: (t.due_on)(&format::date(m.due_on, locale)),
        status_class: status.as_str(),
        status_label: t.milestone_status(status),
    }
}

/// The round as the page shows it: the ten latest organisations named, the rest counted.
fn round_view(round: &RoundFacts, locale: Locale, t: &Strings) -> RoundView {
    let RoundFacts { summary, late } = round;
    let share = summary.on_time_share();
    let late_count = late.total;
    let written = |n: usize| format::number(n as f64, 0, locale);
    let more = late_count.saturating_sub(late.top.len());
    RoundView {
        explained: (t.reporting_round_explained)(GRACE_DAYS),
        any_due: summary.expected > 0,
        on_time_percent: share.map_or(0, |s| (s * 100.0).round() as u32),
        on_time_share: share.map_or_else(|| "—".to_string(), |s| format::percent(s, locale)),
        summary: (t.reports_on_time)(summary.on_time, summary.expected),
        late_total: (t.late_organisations_total)(late_count, &written(late_count)),
        more_late: (more > 0).then(|| (t.more_late_organisations)(more, &written(more))),
        late: late
            .top
            .iter()
            .map(|o| LateOrganisation {
                code: o.code.clone(),
                name: o.name.clone(),
                label: (t.late_reports_count)(o.late),
            })
            .collect(),
    }
}

fn review_line(report: &ReviewedReport, locale: Locale, reader: NoteReader) -> ReviewLine {
    let stages = locale.exact(&report.stage_labels);
    let values = ValueFormat {
        kind: report.kind,
        decimals: report.decimals,
        stages,
        locale,
    };
    ReviewLine {
        indicator_code: report.indicator_code.clone(),
        indicator_name: locale.text(&report.indicator_name).to_string(),
        organisation_code: report.organisation_code.clone(),
        organisation_name: report.organisation_name.clone(),
        period: format::period(&report.period, report.frequency, locale),
        value: format::with_unit(
            &values.reported(&report.figure),
            &format::period_unit(&report.unit, report.frequency, locale),
        ),
        reviewed_on: report
            .reviewed_at
            .map(|at| format::date(at.date_naive(), locale))
            .unwrap_or_default(),
        note: readable_note(
            reader,
            report.review_note.as_deref(),
            report.review_note_internal,
            report.organisation_id,
        )
        .unwrap_or_default(),
        review_href: format!("/review/{}", report.id),
    }
}
