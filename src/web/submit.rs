//! `/submit`: a tenant user reports their organisation's figures through a form — what is due
//! (each assigned indicator's closed and running periods with the unit, the last value and the
//! status), and a form per indicator and period with the fields of its kind. Save as a draft
//! or submit; a returned report shows the manager's note and can be corrected; submitted and
//! approved ones are read-only. Every rule (validation, versions, locks, revisions, audit) is
//! `crate::workflow::reports`'s: this module reads the form through `web::report_form`, shows
//! a refusal through `web::refusal`, and holds no SQL and no rule of its own.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Form, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::format;
use super::layout::Layout;
use super::refusal::Refusal;
use super::report_form::{PostedReport, PostedVersion, ReportFields};
use crate::auth::CurrentUser;
use crate::auth::policy::readable_note;
use crate::domain::compliance::{self, ReportFacts, ReportState};
use crate::domain::kinds::{DataQuality, Frequency, IndicatorKind, ObservationStatus};
use crate::domain::period::{Period, closed_periods};
use crate::domain::{Actor, AuditOrigin};
use crate::error::{AppError, FieldMessage};
use crate::i18n::StructureStrings;
use crate::state::AppState;
use crate::store;
use crate::store::observations::{Observation, ObservationFilter};
use crate::store::structure::IndicatorRecord;
use crate::workflow::reports::{self, ObservationInput, Reporter};

pub fn router() -> Router<AppState> {
    Router::new().route("/submit", get(due_page)).route(
        "/submit/{indicator}/{period_start}",
        get(form_page).post(save),
    )
}

fn strings(layout: &Layout) -> &'static StructureStrings {
    &layout.locale.strings().structure
}

fn organisation_of(user: &CurrentUser) -> Result<Uuid, AppError> {
    user.organisation_id
        .ok_or_else(|| AppError::Forbidden(crate::domain::Denied::ReportersOnly))
}

/// A figure as a line of text in the page's language: the value, the pooled percentage or
/// ratio with its parts, the stage's label, or the narrative.
fn figure_text(o: &Observation, indicator: Option<&IndicatorRecord>, layout: &Layout) -> String {
    let decimals = indicator.map_or(1, |i| i.decimals.clamp(0, 6) as u8);
    let locale = layout.locale;
    if let (Some(n), Some(d)) = (o.numerator, o.denominator) {
        let share = if d > 0.0 { n / d } else { 0.0 };
        let shown = if indicator.is_some_and(|i| i.kind == "percentage") {
            format::with_unit(&format::number(share * 100.0, decimals, locale), &o.unit)
        } else {
            format::with_unit(&format::number(share, decimals.max(2), locale), &o.unit)
        };
        return format!(
            "{shown} ({} ÷ {})",
            format::number(n, 2, locale),
            format::number(d, 2, locale)
        );
    }
    if let Some(v) = o.value {
        return format::with_unit(
            &format::number(v, decimals, locale),
            &format::period_unit(&o.unit, o.frequency, locale),
        );
    }
    if let Some(stage) = o.stage {
        let labels = indicator
            .map(|i| locale.exact(&i.stage_labels).clone())
            .unwrap_or_default()
            .unwrap_or_default();
        return labels
            .get(stage as usize)
            .map(|l| format!("{stage}: {l}"))
            .unwrap_or_else(|| stage.to_string());
    }
    o.text.clone().unwrap_or_default()
}

fn state_label(layout: &Layout, state: Option<ReportState>) -> String {
    match state {
        Some(s) => layout.t.report_state(s).to_string(),
        None => strings(layout).open_period.to_string(),
    }
}

#[derive(Template)]
#[template(path = "submit.html")]
struct DuePage {
    layout: Layout,
    s: &'static StructureStrings,
    rows: Vec<DueLine>,
    /// Periods with something to report, each linking to its grid: (address, label).
    grids: Vec<(String, String)>,
}

struct DueLine {
    indicator: String,
    name: String,
    unit: String,
    period: String,
    href: String,
    state: String,
    state_class: String,
    late: bool,
    last_value: String,
    note: String,
}

/// The review note of the organisation's own report as its reader may read it: a return note,
/// never a reopening reason or an approval's note (`auth::policy::may_read_note`).
fn own_note(o: &Observation, layout: &Layout) -> Option<String> {
    readable_note(
        layout.note_reader(),
        o.review_note.as_deref(),
        o.review_note_internal,
        o.organisation_id,
    )
}

/// What is due: every live assignment's closed periods since it started, and the running one.
async fn due_page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
) -> Result<Html<String>, AppError> {
    let organisation_id = organisation_of(&user)?;
    let program = crate::auth::program::current()?
        .ok_or_else(|| AppError::NotFound(crate::domain::Missing::Program))?;
    let today = state.clock.today();
    let mut frequencies = Vec::new();
    let mut starts = Vec::new();
    for frequency in Frequency::ALL {
        let mut periods = closed_periods(*frequency, program.starts_on, program.ends_on, today);
        let running = Period::containing(*frequency, today);
        if running.start() >= program.starts_on && running.end() <= program.ends_on {
            periods.push(running);
        }
        for period in periods {
            frequencies.push(frequency.as_str());
            starts.push(period.start());
        }
    }
    let (rows, indicators) = tokio::try_join!(
        store::observations::due_reports(&state.pool, organisation_id, &frequencies, &starts),
        store::structure::indicators(&state.pool, program.id)
    )?;
    let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.observation_id).collect();
    let observations = {
        let mut conn = state.pool.acquire().await?;
        store::observations::by_ids(&mut conn, &ids).await?
    };
    let mut lines = Vec::new();
    let mut grids: Vec<(NaiveDate, String, String)> = Vec::new();
    for row in rows.iter().rev() {
        let period = Period::containing(row.frequency, row.period_start);
        if !compliance::is_expected(row.assignment_starts_on, &period) {
            continue;
        }
        let facts = row.status.map(|status| ReportFacts {
            status,
            first_submitted_on: row.first_submitted_on,
        });
        let item = compliance::compliance(&period, facts.as_ref(), today);
        let indicator = indicators.iter().find(|i| i.code == row.indicator);
        let observation = row
            .observation_id
            .and_then(|id| observations.iter().find(|o| o.id == id));
        let state_value = item.map(|c| c.state).or(row.status.map(ReportState::from));
        let open = matches!(
            state_value,
            None | Some(ReportState::Missing | ReportState::Draft | ReportState::Returned)
        );
        let grid = format!(
            "/submit/period/{}/{}",
            row.frequency.as_str(),
            period.start()
        );
        if open && !grids.iter().any(|(_, href, _)| *href == grid) {
            let label = format::period(&period, row.frequency, layout.locale);
            grids.push((period.start(), grid, label));
        }
        lines.push(DueLine {
            name: indicator
                .map(|i| layout.locale.text(&i.name).to_string())
                .unwrap_or_else(|| row.name_en.clone()),
            unit: format::period_unit(&row.unit, row.frequency, layout.locale),
            period: format::period(&period, row.frequency, layout.locale),
            href: format!("/submit/{}/{}", row.indicator, period.start()),
            state: state_label(&layout, state_value),
            state_class: state_value
                .map(|s| s.as_str().to_string())
                .unwrap_or_else(|| "open".into()),
            late: item.is_some_and(|c| c.late),
            last_value: observation
                .map(|o| figure_text(o, indicator, &layout))
                .unwrap_or_default(),
            note: observation
                .filter(|o| o.status == ObservationStatus::Returned)
                .and_then(|o| own_note(o, &layout))
                .unwrap_or_default(),
            indicator: row.indicator.clone(),
        });
    }
    // Most recent periods first, indicator by indicator.
    lines.sort_by(|a, b| a.indicator.cmp(&b.indicator));
    let s = strings(&layout);
    grids.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    let grids = grids
        .into_iter()
        .map(|(_, href, label)| (href, label))
        .collect();
    Ok(Html(
        DuePage {
            layout,
            s,
            rows: lines,
            grids,
        }
        .render()?,
    ))
}

/// The form as posted: its fields, and the button pressed (`submit`, else a draft).
#[derive(Debug, Deserialize)]
struct PostedForm {
    #[serde(flatten)]
    fields: ReportFields,
    #[serde(default)]
    action: String,
}

#[derive(Template)]
#[template(path = "submit_form.html")]
struct FormPage {
    layout: Layout,
    s: &'static StructureStrings,
    indicator: String,
    name: String,
    unit: String,
    kind: String,
    period: String,
    action: String,
    numerator_label: String,
    denominator_label: String,
    stages: Vec<(String, String)>,
    qualities: Vec<(String, String)>,
    /// The stored figure, formatted (the percentage computed from its parts).
    figure: String,
    status: String,
    review_note: String,
    editable: bool,
    approved: bool,
    form: ReportFields,
    errors: Vec<FieldMessage>,
    problem: String,
    notice: String,
    history_href: String,
    /// The number fields whose stated reading the user is asked to confirm.
    confirm: Vec<String>,
}

impl FormPage {
    fn error(&self, field: &str) -> String {
        crate::web::form::message_for(&self.errors, field)
    }

    fn confirming(&self, field: &str) -> bool {
        self.confirm.iter().any(|f| f == field)
    }
}

struct Target {
    indicator: IndicatorRecord,
    period: Period,
    frequency: Frequency,
    kind: IndicatorKind,
}

async fn target(
    state: &AppState,
    organisation_id: Uuid,
    code: &str,
    period_start: &str,
) -> Result<(Target, Option<Observation>), AppError> {
    let not_found = || {
        AppError::NotFound(crate::domain::Missing::Report {
            indicator: code.to_string(),
            period: period_start.to_string(),
        })
    };
    let program = crate::auth::program::current()?.ok_or_else(not_found)?;
    let indicator = store::structure::indicator(&state.pool, program.id, code)
        .await?
        .filter(|i| !i.archived)
        .ok_or_else(not_found)?;
    // Only what the organisation is assigned has a form.
    let specs = {
        let mut conn = state.pool.acquire().await?;
        store::observations::reporting_specs(&mut conn, organisation_id).await?
    };
    if !specs.iter().any(|s| s.indicator_id == indicator.id) {
        return Err(not_found());
    }
    let frequency: Frequency = indicator.frequency.parse().map_err(|_| not_found())?;
    let kind: IndicatorKind = indicator.kind.parse().map_err(|_| not_found())?;
    let start = NaiveDate::parse_from_str(period_start, "%Y-%m-%d").map_err(|_| not_found())?;
    let period = Period::containing(frequency, start);
    if period.start() != start {
        return Err(not_found());
    }
    let filter = ObservationFilter {
        organisation_id: Some(organisation_id),
        indicator_code: Some(indicator.code.clone()),
        period_from: Some(period.start()),
        period_to: Some(period.end()),
        program_id: Some(program.id),
        ..ObservationFilter::default()
    };
    let observation = store::observations::page(&state.pool, &filter, None, 1)
        .await?
        .into_iter()
        .next();
    Ok((
        Target {
            indicator,
            period,
            frequency,
            kind,
        },
        observation,
    ))
}

struct FormView {
    form: ReportFields,
    errors: Vec<FieldMessage>,
    problem: String,
    notice: String,
    confirm: Vec<String>,
}

fn render_form(
    layout: Layout,
    target: &Target,
    observation: Option<&Observation>,
    view: FormView,
) -> Result<String, AppError> {
    let s = strings(&layout);
    let t = layout.t;
    let i = &target.indicator;
    let locale = layout.locale;
    let stage_labels = locale.exact(&i.stage_labels).clone().unwrap_or_default();
    let editable = observation.is_none_or(|o| {
        matches!(
            o.status,
            ObservationStatus::Draft | ObservationStatus::Returned
        )
    });
    Ok(FormPage {
        s,
        indicator: i.code.clone(),
        name: locale.text(&i.name).to_string(),
        // The unit of one period's value: SK-03 is counted per quarter, not per year.
        unit: format::period_unit(&i.unit, target.frequency, locale),
        kind: target.kind.as_str().into(),
        period: format::period(&target.period, target.frequency, locale),
        action: format!("/submit/{}/{}", i.code, target.period.start()),
        numerator_label: locale
            .text_opt(&i.numerator_label)
            .map(str::to_string)
            .unwrap_or_else(|| s.numerator.into()),
        denominator_label: locale
            .text_opt(&i.denominator_label)
            .map(str::to_string)
            .unwrap_or_else(|| s.denominator.into()),
        stages: stage_labels
            .into_iter()
            .enumerate()
            .map(|(n, l)| (n.to_string(), format!("{n}: {l}")))
            .collect(),
        qualities: DataQuality::ALL
            .iter()
            .map(|q| (q.as_str().to_string(), t.data_quality(*q).to_string()))
            .collect(),
        figure: observation
            .map(|o| figure_text(o, Some(i), &layout))
            .unwrap_or_default(),
        status: observation
            .map(|o| t.observation_status(o.status).to_string())
            .unwrap_or_else(|| t.report_state(ReportState::Missing).to_string()),
        review_note: observation
            .filter(|o| o.status == ObservationStatus::Returned)
            .and_then(|o| own_note(o, &layout))
            .unwrap_or_default(),
        editable,
        approved: observation.is_some_and(|o| o.status == ObservationStatus::Approved),
        form: view.form,
        confirm: view.confirm,
        errors: view.errors,
        problem: view.problem,
        notice: view.notice,
        history_href: observation
            .map(|o| format!("/submit/history/{}", o.id))
            .unwrap_or_default(),
        layout,
    }
    .render()?)
}

#[derive(Deserialize, Default)]
struct Done {
    done: Option<String>,
}

async fn form_page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Path((code, period_start)): Path<(String, String)>,
    Query(done): Query<Done>,
) -> Result<Html<String>, AppError> {
    let organisation_id = organisation_of(&user)?;
    let (target, observation) = target(&state, organisation_id, &code, &period_start).await?;
    // A computed indicator has no form to fill in (a post is refused saying why).
    if target.indicator.computed_from.is_some() {
        return Err(AppError::NotFound(crate::domain::Missing::Report {
            indicator: code,
            period: period_start,
        }));
    }
    let s = strings(&layout);
    let notice = match done.done.as_deref() {
        Some("draft") => s.saved_draft.to_string(),
        Some("submitted") => s.submitted_notice.to_string(),
        _ => String::new(),
    };
    let form = observation
        .as_ref()
        .map(|o| ReportFields::of(o, layout.locale.number_convention()))
        .unwrap_or(ReportFields {
            data_quality: "measured".into(),
            ..ReportFields::default()
        });
    let view = FormView {
        form,
        errors: Vec::new(),
        problem: String::new(),
        notice,
        confirm: Vec::new(),
    };
    Ok(Html(render_form(
        layout,
        &target,
        observation.as_ref(),
        view,
    )?))
}

async fn save(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Path((code, period_start)): Path<(String, String)>,
    Form(posted): Form<PostedForm>,
) -> Result<Response, AppError> {
    let organisation_id = organisation_of(&user)?;
    let (target, observation) = target(&state, organisation_id, &code, &period_start).await?;
    let PostedForm {
        fields: form,
        action,
    } = posted;
    // The form's two buttons; anything else was not typed on it (an unknown action used to
    // save a draft).
    let submit = match action.as_str() {
        "submit" => true,
        "draft" | "" => false,
        _ => {
            return Err(AppError::BadRequest(
                strings(&layout).err_form_action.into(),
            ));
        }
    };
    let fail = |refusal: Refusal, form: ReportFields| {
        let view = FormView {
            confirm: ReportFields::to_confirm(&refusal.fields),
            form,
            errors: refusal.field_messages(layout.t),
            problem: refusal.reason(layout.t),
            notice: String::new(),
        };
        render_form(layout.clone(), &target, observation.as_ref(), view)
            .map(|html| (refusal.status, Html(html)).into_response())
    };
    // Without a readable version the form would overwrite whatever is stored now.
    if !PostedVersion::read(&form.version).fits(observation.as_ref().map(|o| o.version)) {
        let mut form = form;
        if let Some(o) = &observation {
            form.version = o.version.to_string();
        }
        return fail(
            Refusal::version_unknown(strings(&layout).err_form_version),
            form,
        );
    }
    let read = ObservationInput::try_from(PostedReport {
        indicator: &target.indicator.code,
        unit: &target.indicator.unit,
        kind: target.kind,
        period_start: target.period.start(),
        submit,
        fields: &form,
        convention: layout.locale.number_convention(),
    });
    let mut input = match read {
        Ok(input) => input,
        Err(unreadable) => return fail(Refusal::invalid(unreadable), form),
    };
    // The single form names the version it was filled from as the condition of the change
    // (the API's If-Match), not as part of the figure.
    let read_version = input.version.take();
    let reporter = Reporter {
        organisation_id,
        actor: Actor::from(&user),
    };
    let now = state.clock.now();
    let mut tx = state.pool.begin().await?;
    let result = match &observation {
        None => reports::create(&mut tx, &reporter, &context, now, &input).await,
        Some(existing) => {
            // Checked above: a stored report is only changed from the version the form names.
            match read_version {
                Some(version) => {
                    reports::update(
                        &mut tx,
                        &reporter,
                        &context,
                        now,
                        existing.id,
                        version,
                        &input,
                    )
                    .await
                }
                None => {
                    drop(tx);
                    return fail(
                        Refusal::version_unknown(strings(&layout).err_form_version),
                        form,
                    );
                }
            }
        }
    };
    match result {
        Ok(_) => {
            tx.commit().await?;
            let done = if submit { "submitted" } else { "draft" };
            Ok(Redirect::to(&format!(
                "/submit/{}/{}?done={done}",
                target.indicator.code,
                target.period.start()
            ))
            .into_response())
        }
        Err(err) => {
            drop(tx);
            let refusal = Refusal::of(err)?;
            let mut form = form;
            // Refused as things stand (not for what was typed): show the current version.
            if refusal.fields.is_empty()
                && let Some(o) = &observation
            {
                form.version = o.version.to_string();
            }
            fail(refusal, form)
        }
    }
}
