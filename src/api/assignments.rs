//! `GET /api/v1/assignments`: what the calling organisation must report — each assigned
//! indicator, every closed period of the program it expects a report for, the state of that
//! report and whether it is late (`domain::compliance`), and the period running now.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::catalogue::request_program;
use super::json::JsonBody;
use super::openapi::NotFound;
use super::principal::Principal;
use super::problem::ApiError;
use crate::auth::policy::{NoteReader, readable_note};
use crate::domain::compliance::{self, Compliance, ComplianceSummary, ReportFacts, ReportState};
use crate::domain::kinds::{Frequency, IndicatorKind};
use crate::domain::period::{Period, closed_periods};
use crate::domain::{Actor, AuditOrigin};
use crate::error::{AppError, FieldMessage, request_locale};
use crate::state::AppState;
use crate::store;
use crate::workflow::structure::assignments::{AssignmentInput, assign};
use crate::workflow::structure::{Problem, StructureError};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(assignments, create))
}

/// Counts of expected reports by state and lateness.
#[derive(Debug, Serialize, ToSchema)]
pub struct SummaryBody {
    pub expected: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub draft: usize,
    pub submitted: usize,
    pub approved: usize,
    pub returned: usize,
}

impl From<ComplianceSummary> for SummaryBody {
    fn from(s: ComplianceSummary) -> Self {
        SummaryBody {
            expected: s.expected,
            on_time: s.on_time,
            late: s.late,
            missing: s.missing,
            draft: s.draft,
            submitted: s.submitted,
            approved: s.approved,
            returned: s.returned,
        }
    }
}

/// The report expected for one closed period.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueReportBody {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    #[schema(example = "2026-10")]
    pub period: String,
    /// The last on-time day: the period's end plus the grace days.
    pub due_on: NaiveDate,
    #[schema(value_type = crate::domain::ReportState)]
    pub state: ReportState,
    /// First submitted after `due_on`, or still not submitted past it.
    pub late: bool,
    /// The observation reported, to read, change or submit; null when missing.
    pub observation_id: Option<Uuid>,
    /// Its version (send it as If-Match or as a batch item's version).
    pub version: Option<i32>,
    /// The reviewer's note when returned for correction. A reopening reason or an approval's
    /// note is the reviewers' own: null for a reporting organisation's token.
    pub review_note: Option<String>,
}

/// The period running now, reported once it has ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentPeriod {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub period: String,
    pub due_on: NaiveDate,
}

/// One assigned indicator and its reports.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentBody {
    #[schema(example = "CE-03")]
    pub indicator: String,
    pub name_en: String,
    #[schema(value_type = crate::domain::IndicatorKind)]
    pub kind: IndicatorKind,
    #[schema(value_type = crate::domain::Frequency)]
    pub frequency: Frequency,
    pub unit: String,
    /// Reports are expected for periods ending on or after this day.
    pub starts_on: NaiveDate,
    pub current_period: Option<CurrentPeriod>,
    pub summary: SummaryBody,
    /// Every closed period expected (only those needing action with `outstanding=true`), oldest
    /// first.
    pub reports: Vec<DueReportBody>,
}

/// The organisation's reporting duties.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentsBody {
    pub organisation: String,
    pub today: NaiveDate,
    /// Days after a period's end within which its report is on time.
    pub grace_days: i64,
    pub summary: SummaryBody,
    pub assignments: Vec<AssignmentBody>,
}

/// Filter of the assignments.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssignmentsQuery {
    /// Only reports needing action: missing, draft or returned.
    outstanding: Option<bool>,
}

/// List what is due
///
/// What the token's organisation must report: each assignment with every closed period's
/// report state (missing, draft, submitted, approved, returned) and lateness, and the period
/// running now.
#[utoipa::path(
    get,
    path = "/api/v1/assignments",
    tag = "reporting",
    operation_id = "list_assignments",
    params(AssignmentsQuery),
    responses(
        (status = 200, description = "The organisation's assignments and what is due", body = AssignmentsBody),
        (status = 400, response = super::openapi::BadRequest),
        (status = 404, response = NotFound),
    )
)]
async fn assignments(
    State(state): State<AppState>,
    principal: Principal,
    query: Result<Query<AssignmentsQuery>, QueryRejection>,
) -> Result<Json<AssignmentsBody>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::App(AppError::BadRequest(e.body_text())))?;
    let outstanding = query.outstanding.unwrap_or(false);
    // The duties are the caller's own organisation's: its return notes, and a program
    // manager's token reads every note (`auth::policy::may_read_note`).
    let reader = NoteReader::of_token(principal.manager, principal.caller.organisation_id);
    let program = request_program()?;
    let today = state.clock.today();
    let mut frequencies = Vec::new();
    let mut starts = Vec::new();
    for frequency in Frequency::ALL {
        for period in closed_periods(*frequency, program.starts_on, program.ends_on, today) {
            frequencies.push(frequency.as_str());
            starts.push(period.start());
        }
    }
    let rows = store::observations::due_reports(
        &state.pool,
        principal.caller.organisation_id,
        &frequencies,
        &starts,
    )
    .await?;
    // Live assignments without any closed period yet still appear, with their current period.
    let specs = {
        let mut conn = state.pool.acquire().await.map_err(AppError::from)?;
        store::observations::reporting_specs(&mut conn, principal.caller.organisation_id).await?
    };
    let mut all: Vec<Compliance> = Vec::new();
    let mut assignments: Vec<AssignmentBody> = specs
        .iter()
        // Computed indicators are nobody's report (`indicator.computed_from`).
        .filter(|spec| spec.computed_from.is_none())
        .map(|spec| {
            let running = Period::containing(spec.frequency, today);
            let current_period = (running.start() >= program.starts_on
                && running.end() <= program.ends_on)
                .then(|| CurrentPeriod {
                    period_start: running.start(),
                    period_end: running.end(),
                    period: running.label(spec.frequency),
                    due_on: compliance::due_date(&running),
                });
            AssignmentBody {
                indicator: spec.code.clone(),
                name_en: spec.name_en.clone(),
                kind: spec.kind,
                frequency: spec.frequency,
                unit: spec.unit.clone(),
                starts_on: spec.assignment_starts_on,
                current_period,
                summary: ComplianceSummary::default().into(),
                reports: Vec::new(),
            }
        })
        .collect();
    let mut per_assignment: Vec<Vec<Compliance>> = vec![Vec::new(); assignments.len()];
    for row in rows {
        let Some(position) = assignments
            .iter()
            .position(|a| a.indicator == row.indicator)
        else {
            continue;
        };
        let period = Period::containing(row.frequency, row.period_start);
        if !compliance::is_expected(row.assignment_starts_on, &period) {
            continue;
        }
        let facts = row.status.map(|status| ReportFacts {
            status,
            first_submitted_on: row.first_submitted_on,
        });
        let Some(item) = compliance::compliance(&period, facts.as_ref(), today) else {
            continue;
        };
        per_assignment[position].push(item);
        all.push(item);
        let assignment = &mut assignments[position];
        let needs_action = matches!(
            item.state,
            ReportState::Missing | ReportState::Draft | ReportState::Returned
        );
        if outstanding && !needs_action {
            continue;
        }
        assignment.reports.push(DueReportBody {
            period_start: period.start(),
            period_end: period.end(),
            period: period.label(row.frequency),
            due_on: item.due,
            state: item.state,
            late: item.late,
            observation_id: row.observation_id,
            version: row.version,
            review_note: readable_note(
                reader,
                row.review_note.as_deref(),
                row.review_note_internal,
                principal.caller.organisation_id,
            ),
        });
    }
    for (assignment, items) in assignments.iter_mut().zip(&per_assignment) {
        assignment.summary = compliance::summarise(items).into();
    }
    Ok(Json(AssignmentsBody {
        organisation: principal.caller.organisation_code.clone(),
        today,
        grace_days: compliance::GRACE_DAYS,
        summary: compliance::summarise(&all).into(),
        assignments,
    }))
}

/// One indicator to assign to one organisation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignmentRequest {
    /// The organisation's code. A park-level indicator (aggregation `park`) may be assigned to
    /// the park office (kind `park_operator`) only.
    #[schema(example = "DEMO-RKEF-A")]
    pub organisation: String,
    #[schema(example = "CE-03")]
    pub indicator: String,
    /// Reports are expected for periods ending on or after this day.
    pub starts_on: NaiveDate,
}

/// The live assignment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignedBody {
    pub organisation: String,
    pub indicator: String,
    /// False when the pair was live already (nothing changed).
    pub added: bool,
}

/// A structure problem of one field, in the request's language, pointing into the body.
fn problem_message(field: &str, problem: Problem) -> FieldMessage {
    let s = &request_locale().strings().structure;
    let message = match problem {
        Problem::ParkLevel => s.err_park_level,
        Problem::Computed => s.err_computed,
        Problem::Date => s.err_date,
        _ => s.err_choose,
    };
    FieldMessage::new(format!("/{field}"), message)
}

/// Assign an indicator
///
/// A program manager's `write` token assigns one indicator to one organisation from
/// `starts_on`; a pair already live stays as it is (200). A park-level indicator assigned to
/// any organisation but the park office is refused (422, pointer `/organisation`).
#[utoipa::path(
    post,
    path = "/api/v1/assignments",
    tag = "program",
    operation_id = "create_assignment",
    request_body(content = AssignmentRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Assigned", body = AssignedBody),
        (status = 200, description = "Already assigned", body = AssignedBody),
    )
)]
async fn create(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    body: JsonBody<AssignmentRequest>,
) -> Result<Response, ApiError> {
    if !principal.manager {
        return Err(ApiError::App(AppError::Forbidden(
            crate::domain::Denied::ReviewersOnly,
        )));
    }
    let program = request_program()?;
    let input = AssignmentInput {
        organisation: body.value.organisation.clone(),
        indicator: body.value.indicator.clone(),
        starts_on: Some(body.value.starts_on),
    };
    let mut tx = state.pool.begin().await.map_err(AppError::from)?;
    let actor = Actor::from(&principal.caller);
    match assign(
        &mut tx,
        &actor,
        &context,
        program.id,
        &input,
        state.clock.now(),
    )
    .await
    {
        Ok(assigned) => {
            tx.commit().await.map_err(AppError::from)?;
            let status = if assigned.added {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((
                status,
                Json(AssignedBody {
                    organisation: assigned.organisation,
                    indicator: assigned.indicator,
                    added: assigned.added,
                }),
            )
                .into_response())
        }
        Err(StructureError::Invalid(problems)) => Err(ApiError::App(AppError::Validation(
            problems
                .into_iter()
                .map(|p| problem_message(p.field, p.problem))
                .collect(),
        ))),
        Err(other) => Err(ApiError::App(other.into())),
    }
}
