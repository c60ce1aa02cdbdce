//! `/import`: a tenant uploads its organisation's reports (an admin, any organisation's, or
//! the program's targets and baselines, or assignments) as `.xlsx` or `.csv`, reads the
//! preview — every problem by row and column, in the page's language — and commits;
//! `/import/template.xlsx` gives the workbook to start from (`?kind=targets` or
//! `?kind=assignments` for an admin). Every rule is `workflow::imports`' (which hands each row
//! to the reports or the structure workflows); this module reads the multipart form, calls it
//! and renders.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use chrono::Datelike;
use serde::Deserialize;
use uuid::Uuid;

use super::format;
use super::import_template::{self, AssignmentLine, TargetsLine, TemplateLine};
use super::layout::Layout;
use crate::auth::CurrentUser;
use crate::domain::compliance::{self, ReportFacts, ReportState};
use crate::domain::import::{MAX_FILE_BYTES, MAX_ROWS};
use crate::domain::kinds::{Frequency, ImportKind, IndicatorKind, Role};
use crate::domain::period::{Period, closed_periods};
use crate::domain::{Actor, AuditOrigin, Denied, Missing};
use crate::error::AppError;
use crate::i18n::{ImportStrings, Locale};
use crate::state::AppState;
use crate::store;
use crate::workflow::imports::{self, ImportError, Importer, NewFile, Preview};
use crate::workflow::reports::ReportingError;

/// Room for the form's other fields and the multipart framing around the largest file.
const FORM_LIMIT: usize = MAX_FILE_BYTES + 64 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/import",
            get(page)
                .post(upload)
                .layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route("/import/template.xlsx", get(template))
        .route("/import/template.csv", get(template_csv))
        .route("/import/{id}", get(preview))
        .route("/import/{id}/commit", post(commit))
}

fn importer(user: &CurrentUser) -> Result<Importer, AppError> {
    let admin = user.role == Role::Admin;
    if !admin && user.organisation_id.is_none() {
        return Err(AppError::Forbidden(Denied::ReportersOnly));
    }
    Ok(Importer {
        actor: Actor::from(user),
        organisation_id: user.organisation_id,
        admin,
        structure: admin,
        // The page's program: a file of targets or assignments is for it. None open (a
        // tenant reporting to no program yet) keeps its own files importable.
        program_id: crate::auth::program::current().ok().flatten().map(|p| p.id),
    })
}

fn words(layout: &Layout) -> &'static ImportStrings {
    &layout.t.imports
}

#[derive(Template)]
#[template(path = "import.html")]
struct UploadPage {
    layout: Layout,
    s: &'static ImportStrings,
    hint: String,
    admin: bool,
    organisations: Vec<(String, String)>,
    chosen: String,
    /// What the file holds, offered to an admin: (code, label, chosen).
    kinds: Vec<(&'static str, &'static str, bool)>,
    problem: String,
}

async fn render_upload(
    state: &AppState,
    layout: Layout,
    user: &CurrentUser,
    chosen: String,
    kind: ImportKind,
    problem: String,
) -> Result<Html<String>, AppError> {
    let admin = user.role == Role::Admin;
    let organisations = if admin {
        store::organisations::choices(&state.pool)
            .await?
            .into_iter()
            .map(|o| (o.code, o.name))
            .collect()
    } else {
        Vec::new()
    };
    let v = &layout.t.validation;
    let hint = (words(&layout).file_hint)(
        &format!("{} MB", MAX_FILE_BYTES / (1024 * 1024)),
        &crate::i18n::validation::written_number(MAX_ROWS as f64, v.thousands, v.decimal),
    );
    let label = layout.t.imports.structure.kind_label;
    // What this user may import: a tenant its reports, its activity data or its ledger.
    let importer = importer(user)?;
    let kinds = ImportKind::ALL
        .iter()
        .filter(|k| importer.may_import(**k))
        .map(|k| (k.as_str(), label(*k), *k == kind))
        .collect();
    Ok(Html(
        UploadPage {
            s: words(&layout),
            layout,
            hint,
            admin,
            organisations,
            chosen,
            kinds,
            problem,
        }
        .render()?,
    ))
}

async fn page(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
) -> Result<Html<String>, AppError> {
    importer(&user)?;
    render_upload(
        &state,
        layout,
        &user,
        String::new(),
        ImportKind::Reports,
        String::new(),
    )
    .await
}

/// The import's refusals that are no problem of the rows, as the page's error.
fn refusal(err: ImportError, layout: &Layout) -> AppError {
    let s = words(layout);
    match err {
        ImportError::File(p) => AppError::Unreadable(s.say_file(&layout.t.validation, &p)),
        ImportError::UnknownOrganisation(code) => {
            AppError::Unreadable((s.unknown_organisation)(&code))
        }
        ImportError::NotFound => AppError::NotFound(Missing::Import),
        ImportError::Forbidden => AppError::Forbidden(Denied::NoAccess),
        ImportError::NoProgram => AppError::NotFound(Missing::Program),
        ImportError::Rows(_) => AppError::Unexpected(anyhow::anyhow!("rows refused unexpectedly")),
        ImportError::Reporting(ReportingError::Database(e)) => AppError::from(e),
        ImportError::Reporting(other) => AppError::Unexpected(anyhow::anyhow!("{other}")),
    }
}

async fn upload(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    mut form: Multipart,
) -> Result<Response, AppError> {
    let importer = importer(&user)?;
    let mut organisation = String::new();
    let mut kind_field = String::new();
    let mut file: Option<(String, Bytes)> = None;
    while let Some(field) = form
        .next_field()
        .await
        .map_err(|e| AppError::BadRequest(e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "organisation" => {
                organisation = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.body_text()))?
            }
            "kind" => {
                kind_field = field
                    .text()
                    .await
                    .map_err(|e| AppError::BadRequest(e.body_text()))?
            }
            "file" => {
                let name = field.file_name().unwrap_or_default().to_string();
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::PayloadTooLarge {
                            limit: MAX_FILE_BYTES,
                        }
                    } else {
                        AppError::BadRequest(e.body_text())
                    }
                })?;
                file = Some((name, bytes));
            }
            _ => {}
        }
    }
    let (file_name, bytes) = file.unwrap_or_default();
    // No choice (a tenant's form offers none) is a file of reports.
    let kind = match kind_field.trim() {
        "" => ImportKind::Reports,
        k => k
            .parse::<ImportKind>()
            .map_err(|_| AppError::BadRequest(format!("unknown kind of import {k:?}")))?,
    };
    let result = imports::upload(
        &state.pool,
        &importer,
        NewFile {
            kind,
            organisation: Some(organisation.as_str()).filter(|o| !o.trim().is_empty()),
            file_name: &file_name,
            bytes: &bytes,
            locale: layout.locale,
        },
        state.clock.now(),
    )
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/import/{id}")).into_response()),
        Err(ImportError::Forbidden) if importer.admin => {
            let problem = words(&layout).choose_organisation.to_string();
            let html = render_upload(&state, layout, &user, organisation, kind, problem).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(err @ (ImportError::File(_) | ImportError::UnknownOrganisation(_))) => {
            let problem = match refusal(err, &layout) {
                AppError::Unreadable(message) => message,
                other => return Err(other),
            };
            let html = render_upload(&state, layout, &user, organisation, kind, problem).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(err) => Err(refusal(err, &layout)),
    }
}

/// One problem as the preview lists it.
struct ProblemLine {
    row: usize,
    column: String,
    read: String,
    message: String,
}

#[derive(Template)]
#[template(path = "import_preview.html")]
struct PreviewPage {
    layout: Layout,
    s: &'static ImportStrings,
    id: Uuid,
    heading: String,
    counts: String,
    skipped: String,
    committed: bool,
    /// Where the stored rows are seen: (address, link text).
    see: (&'static str, &'static str),
    /// The commit button's words.
    commit: &'static str,
    problems: Vec<ProblemLine>,
}

fn render_preview(layout: Layout, preview: Preview) -> Result<Html<String>, AppError> {
    let s = words(&layout);
    let o = &preview.outcome;
    let problems = o
        .problems
        .iter()
        .map(|p| ProblemLine {
            row: p.row,
            column: p.column.clone().unwrap_or_else(|| s.whole_row.to_string()),
            read: p.read.clone(),
            message: s.say(
                &layout.t.validation,
                &layout.t.structure,
                &p.problem,
                p.column.as_deref(),
            ),
        })
        .collect();
    let heading = match &preview.organisation {
        Some(organisation) if preview.kind == ImportKind::Ledger => {
            (s.ledger.preview_of)(&preview.file_name, organisation)
        }
        Some(organisation) => (s.preview_of)(&preview.file_name, organisation),
        None => (s.structure.preview_of)(
            &preview.file_name,
            (s.structure.kind_label)(preview.kind),
            preview.program.as_deref().unwrap_or_default(),
        ),
    };
    let see = match preview.kind {
        ImportKind::Reports => ("/submit", s.see_reports),
        ImportKind::Targets => ("/admin/indicators", s.structure.see_targets),
        ImportKind::Assignments => ("/admin/assignments", s.structure.see_assignments),
        ImportKind::Activity => ("/ghg/activity", s.activity.see_activity),
        ImportKind::Ledger => ("/flows", s.ledger.see_ledger),
    };
    let commit = match preview.kind {
        ImportKind::Ledger => s.ledger.commit,
        _ => s.commit,
    };
    Ok(Html(
        PreviewPage {
            commit,
            heading,
            see,
            counts: (s.counts)(o.rows - o.skipped, o.created, o.changed, o.unchanged),
            skipped: if o.skipped > 0 {
                (s.skipped)(o.skipped)
            } else {
                String::new()
            },
            committed: preview.committed_at.is_some(),
            id: preview.id,
            problems,
            s,
            layout,
        }
        .render()?,
    ))
}

fn upload_id(raw: &str) -> Result<Uuid, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(Missing::Import))
}

async fn preview(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
) -> Result<Html<String>, AppError> {
    let importer = importer(&user)?;
    let preview = imports::preview(
        &state.pool,
        &importer,
        upload_id(&id)?,
        &context,
        state.clock.now(),
    )
    .await
    .map_err(|e| refusal(e, &layout))?;
    render_preview(layout, preview)
}

async fn commit(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    context: AuditOrigin,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let importer = importer(&user)?;
    let id = upload_id(&id)?;
    match imports::commit(&state.pool, &importer, id, &context, state.clock.now()).await {
        Ok(_) => Ok(Redirect::to(&format!("/import/{id}")).into_response()),
        Err(ImportError::Rows(outcome)) => {
            let mut preview =
                imports::preview(&state.pool, &importer, id, &context, state.clock.now())
                    .await
                    .map_err(|e| refusal(e, &layout))?;
            preview.outcome = outcome;
            let html = render_preview(layout, preview)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html).into_response())
        }
        Err(err) => Err(refusal(err, &layout)),
    }
}

#[derive(Deserialize, Default)]
struct TemplateQuery {
    organisation: Option<String>,
    /// `targets` or `assignments` (admins), `activity`; none: reports.
    kind: Option<String>,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn workbook_response(bytes: Vec<u8>, file_name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, XLSX.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// The workbook of the organisation's due (closed, unreported or in draft) and returned
/// reports: a tenant's own; an admin names the organisation.
async fn template(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<TemplateQuery>,
) -> Result<Response, AppError> {
    let importer = importer(&user)?;
    let kind = match query.kind.as_deref().map(str::trim) {
        None | Some("") => ImportKind::Reports,
        Some(k) => k
            .parse::<ImportKind>()
            .map_err(|_| AppError::NotFound(Missing::Page))?,
    };
    if !importer.may_import(kind) {
        return Err(AppError::Forbidden(Denied::NoAccess));
    }
    match kind {
        ImportKind::Reports => {}
        ImportKind::Targets => {
            let lines = targets_lines(&state, layout.locale).await?;
            let bytes = import_template::targets_workbook(&lines, layout.locale)
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("targets workbook: {e}")))?;
            return Ok(workbook_response(bytes, "pilar-targets-template.xlsx"));
        }
        ImportKind::Assignments => {
            let bytes = assignments_template(&state, layout.locale).await?;
            return Ok(workbook_response(bytes, "pilar-assignments-template.xlsx"));
        }
        ImportKind::Activity => {
            let organisation_id = template_organisation(&state, &importer, &query).await?;
            return super::import_activity::workbook_download(
                &state,
                organisation_id,
                layout.locale,
            )
            .await;
        }
        ImportKind::Ledger => {
            let organisation_id = template_organisation(&state, &importer, &query).await?;
            let template =
                super::import_ledger_template::lines(&state, organisation_id, layout.locale)
                    .await?;
            let bytes = super::import_ledger_template::workbook(&template, layout.locale)
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("ledger workbook: {e}")))?;
            return Ok(workbook_response(bytes, "pilar-ledger-template.xlsx"));
        }
    }
    let organisation_id = template_organisation(&state, &importer, &query).await?;
    let lines = due_lines(&state, organisation_id, layout.locale).await?;
    let bytes = import_template::workbook(&lines, layout.locale)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("template workbook: {e}")))?;
    Ok(workbook_response(bytes, "pilar-import-template.xlsx"))
}

/// The CSV templates: of activity data (`?kind=activity`) and of the ledger
/// (`?kind=ledger&table=months|transfers`), the kinds whose rows a tenant types from another
/// system's export as often as from the workbook.
async fn template_csv(
    State(state): State<AppState>,
    layout: Layout,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<TemplateQuery>,
    ledger_query: Query<super::import_ledger_template::CsvQuery>,
) -> Result<Response, AppError> {
    if query.kind.as_deref().map(str::trim) == Some(ImportKind::Ledger.as_str()) {
        return super::import_ledger_template::csv_template(
            State(state),
            layout,
            Extension(user),
            ledger_query,
        )
        .await;
    }
    let importer = importer(&user)?;
    if query.kind.as_deref().map(str::trim) != Some(ImportKind::Activity.as_str()) {
        return Err(AppError::NotFound(Missing::Page));
    }
    if !importer.may_import(ImportKind::Activity) {
        return Err(AppError::Forbidden(Denied::NoAccess));
    }
    let organisation_id = template_organisation(&state, &importer, &query).await?;
    super::import_activity::csv_download(&state, organisation_id, layout.locale).await
}

/// Whose rows a template of one organisation holds: a tenant's own; an admin names it.
async fn template_organisation(
    state: &AppState,
    importer: &Importer,
    query: &TemplateQuery,
) -> Result<Uuid, AppError> {
    Ok(match (importer.admin, query.organisation.as_deref()) {
        (true, Some(code)) => store::organisations::id_by_code(&state.pool, code)
            .await?
            .ok_or_else(|| AppError::NotFound(Missing::Organisation(code.to_string())))?,
        (_, _) => importer
            .organisation_id
            .ok_or(AppError::Forbidden(Denied::ReportersOnly))?,
    })
}

/// Every live indicator with its baseline and its targets for each year of the program.
async fn targets_lines(state: &AppState, locale: Locale) -> Result<Vec<TargetsLine>, AppError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let (indicators, targets) = tokio::try_join!(
        store::structure::indicators(&state.pool, program.id),
        store::structure::program_targets(&state.pool, program.id)
    )?;
    let years: Vec<i16> = (program.starts_on.year()..=program.ends_on.year())
        .filter_map(|y| i16::try_from(y).ok())
        .collect();
    Ok(indicators
        .iter()
        .filter(|i| !i.archived)
        .map(|i| TargetsLine {
            indicator: i.code.clone(),
            name: locale.text(&i.name).to_string(),
            unit: i.unit.clone(),
            baseline: i.baseline_value.zip(i.baseline_year),
            targets: years
                .iter()
                .map(|y| {
                    let stored = targets
                        .iter()
                        .find(|t| t.indicator_id == i.id && t.year == *y)
                        .map(|t| t.value);
                    (*y, stored)
                })
                .collect(),
        })
        .collect())
}

/// The live assignments, and the live organisations and indicators the lists offer.
async fn assignments_template(state: &AppState, locale: Locale) -> Result<Vec<u8>, AppError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let (indicators, organisations, live) = tokio::try_join!(
        store::structure::indicators(&state.pool, program.id),
        store::structure::organisations(&state.pool, program.id),
        store::structure::live_assignments(&state.pool, program.id)
    )?;
    // A computed indicator cannot be assigned: the drop-down does not offer it.
    let indicators: Vec<(String, String)> = indicators
        .iter()
        .filter(|i| !i.archived && i.computed_from.is_none())
        .map(|i| (i.code.clone(), locale.text(&i.name).to_string()))
        .collect();
    let organisations: Vec<(String, String)> = organisations
        .iter()
        .filter(|o| !o.archived)
        .map(|o| (o.code.clone(), o.name.clone()))
        .collect();
    let name_of = |list: &[(String, String)], code: &str| {
        list.iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let lines: Vec<AssignmentLine> = live
        .into_iter()
        // Not a live assignment of a computed indicator (left from before it was computed).
        .filter(|(_, indicator, _)| indicators.iter().any(|(c, _)| c == indicator))
        .map(|(organisation, indicator, starts_on)| AssignmentLine {
            organisation_name: name_of(&organisations, &organisation),
            name: name_of(&indicators, &indicator),
            organisation,
            indicator,
            starts_on,
        })
        .collect();
    import_template::assignments_workbook(&lines, &organisations, &indicators, locale)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("assignments workbook: {e}")))
}

/// Every live assignment's closed periods whose report is missing, a draft or returned.
async fn due_lines(
    state: &AppState,
    organisation_id: Uuid,
    locale: Locale,
) -> Result<Vec<TemplateLine>, AppError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let today = state.clock.today();
    let mut frequencies = Vec::new();
    let mut starts = Vec::new();
    for frequency in Frequency::ALL {
        for period in closed_periods(*frequency, program.starts_on, program.ends_on, today) {
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
    let t = locale.strings();
    let mut lines = Vec::new();
    for row in &rows {
        let period = Period::containing(row.frequency, row.period_start);
        if !compliance::is_expected(row.assignment_starts_on, &period) {
            continue;
        }
        let facts = row.status.map(|status| ReportFacts {
            status,
            first_submitted_on: row.first_submitted_on,
        });
        let state_value = compliance::compliance(&period, facts.as_ref(), today)
            .map(|c| c.state)
            .or(row.status.map(ReportState::from));
        if !matches!(
            state_value,
            None | Some(ReportState::Missing | ReportState::Draft | ReportState::Returned)
        ) {
            continue;
        }
        let indicator = indicators.iter().find(|i| i.code == row.indicator);
        let observation = row
            .observation_id
            .and_then(|id| observations.iter().find(|o| o.id == id));
        let stages = indicator
            .and_then(|i| match locale {
                Locale::Id => i
                    .stage_labels
                    .indonesian
                    .clone()
                    .or_else(|| i.stage_labels.english.clone()),
                Locale::En => i.stage_labels.english.clone(),
            })
            .unwrap_or_default();
        lines.push(TemplateLine {
            indicator: row.indicator.clone(),
            name: indicator
                .map(|i| locale.text(&i.name).to_string())
                .unwrap_or_else(|| row.name_en.clone()),
            period: format::period(&period, row.frequency, locale),
            period_start: period.start(),
            unit: row.unit.clone(),
            kind: row.kind,
            current_status: state_value
                .map(|s| t.report_state(s).to_string())
                .unwrap_or_default(),
            stages: if row.kind == IndicatorKind::Milestone {
                stages
            } else {
                Vec::new()
            },
            value: observation.and_then(|o| o.value),
            numerator: observation.and_then(|o| o.numerator),
            denominator: observation.and_then(|o| o.denominator),
            stage: observation.and_then(|o| o.stage),
            text: observation.and_then(|o| o.text.clone()),
            data_quality: observation.map(|o| o.data_quality),
            comment: observation.map(|o| o.comment.clone()).unwrap_or_default(),
            evidence_url: observation.and_then(|o| o.evidence_url.clone()),
        });
    }
    lines.sort_by(|a, b| {
        a.period_start
            .cmp(&b.period_start)
            .then(a.indicator.cmp(&b.indicator))
    });
    Ok(lines)
}
