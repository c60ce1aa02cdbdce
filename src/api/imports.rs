//! `POST /api/v1/imports` (the file as the body), `GET /api/v1/imports/{id}` (its preview) and
//! `POST /api/v1/imports/{id}/commit`: a file of the token's organisation's reports, checked
//! row by row by the same rules as `POST /api/v1/observations/batch` — or, for a program
//! manager's token, a file of targets and baselines or of assignments (`?kind=`), checked by
//! the admin forms' rules — then stored all or nothing. Every rule is `workflow::imports`'; this module reads the request and words the
//! answer in the request's language.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::openapi::NotFound;
use super::principal::Principal;
use super::problem::ApiError;
use crate::domain::import::MAX_FILE_BYTES;
use crate::domain::kinds::ImportKind;
use crate::domain::{Actor, AuditOrigin, Denied, Missing};
use crate::error::{AppError, FieldMessage, request_locale};
use crate::i18n::Locale;
use crate::state::AppState;
use crate::workflow::imports::{self, ImportError, Importer, NewFile, Preview};
use crate::workflow::reports::ReportingError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload))
        .routes(routes!(read))
        .routes(routes!(commit))
        .layer(DefaultBodyLimit::max(MAX_FILE_BYTES))
}

/// How the upload is read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// What the file holds: `reports` (the default), `ledger` (the token's organisation's
    /// material-flow ledger: its months and the transfers it sends), `activity` (the token's
    /// organisation's GHG activity data), `targets` (targets and baselines) or `assignments`;
    /// the last two need a program manager's token.
    pub kind: Option<String>,
    /// The file's name, kept with the import (e.g. `2026-Q3.csv`).
    pub file_name: Option<String>,
    /// Whose reports: the token's own organisation's code (the default); no other is allowed.
    pub organisation: Option<String>,
    /// How numbers typed as text are read: `en` (1,300.5) or `id` (1.300,5). Default: the
    /// language of `Accept-Language`. Number cells of a workbook are numbers either way.
    pub language: Option<String>,
}

/// The file as the body: the bytes of an `.xlsx` workbook or of a CSV text.
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary)]
#[allow(dead_code)]
pub struct ImportFile(Vec<u8>);

/// An import: the uploaded file, what its rows would do (or did), and every problem.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportBody {
    pub id: Uuid,
    #[schema(value_type = String, example = "reports")]
    pub kind: ImportKind,
    /// The organisation whose reports the file holds; `null` for targets and assignments.
    pub organisation: Option<String>,
    /// The program whose structure a file of targets or assignments changes: the request's
    /// program when it was uploaded (`?program=`); `null` for the files of one organisation.
    #[schema(example = "IWIP-P1")]
    pub program: Option<String>,
    pub file_name: String,
    /// Hex SHA-256 of the file as uploaded.
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    /// When it was committed; `null` while it is a preview.
    pub committed_at: Option<DateTime<Utc>>,
    /// Rows under the header (empty rows not counted).
    pub rows: usize,
    /// Rows that create a report, a target, a baseline or an assignment (or created one, once
    /// committed).
    pub created: usize,
    /// Rows that change a draft or returned report, a target or a baseline.
    pub changed: usize,
    /// Rows equal to what is stored: left alone, no new revision.
    pub unchanged: usize,
    /// Rows with nothing typed in them (a template's row left blank).
    pub skipped: usize,
    /// Every problem; commit is refused while there is one.
    pub problems: Vec<ImportProblem>,
}

/// One problem of a row.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportProblem {
    /// The row as the spreadsheet numbers it (the header row counted).
    pub row: usize,
    /// The column (`value`, `period_start`…), or `null` for the row as a whole.
    pub column: Option<String>,
    /// What was read in the cell.
    pub read: String,
    /// What is wrong, in the request's language.
    pub message: String,
}

fn body_of(preview: Preview) -> ImportBody {
    let locale = request_locale();
    let t = locale.strings();
    let o = preview.outcome;
    ImportBody {
        id: preview.id,
        kind: preview.kind,
        organisation: preview.organisation,
        program: preview.program,
        file_name: preview.file_name,
        sha256: preview.sha256,
        uploaded_by: preview.uploaded_by,
        uploaded_at: preview.uploaded_at,
        committed_at: preview.committed_at,
        rows: o.rows,
        created: o.created,
        changed: o.changed,
        unchanged: o.unchanged,
        skipped: o.skipped,
        problems: o
            .problems
            .into_iter()
            .map(|p| ImportProblem {
                message: t.imports.say(
                    &t.validation,
                    &t.structure,
                    &p.problem,
                    p.column.as_deref(),
                ),
                row: p.row,
                column: p.column,
                read: p.read,
            })
            .collect(),
    }
}

fn importer(principal: &Principal) -> Importer {
    Importer {
        actor: Actor::from(&principal.caller),
        organisation_id: Some(principal.caller.organisation_id),
        admin: false,
        // As `POST /api/v1/assignments`: a program manager's token keeps the structure of
        // the request's program (it manages there), and only of it.
        structure: principal.manager,
        program_id: principal.caller.program.as_ref().map(|p| p.id),
    }
}

fn refusal(err: ImportError) -> ApiError {
    let t = request_locale().strings();
    match err {
        ImportError::File(p) => ApiError::unprocessable(t.imports.say_file(&t.validation, &p)),
        ImportError::UnknownOrganisation(_) | ImportError::Forbidden => {
            ApiError::App(AppError::Forbidden(Denied::NoAccess))
        }
        ImportError::NotFound => ApiError::App(AppError::NotFound(Missing::Import)),
        ImportError::NoProgram => ApiError::App(AppError::NotFound(Missing::Program)),
        ImportError::Rows(outcome) => ApiError::App(AppError::Validation(
            outcome
                .problems
                .iter()
                .map(|p| {
                    let pointer = match &p.column {
                        Some(c) => format!("/rows/{}/{c}", p.row),
                        None => format!("/rows/{}", p.row),
                    };
                    FieldMessage::new(
                        pointer,
                        t.imports
                            .say(&t.validation, &t.structure, &p.problem, p.column.as_deref()),
                    )
                })
                .collect(),
        )),
        ImportError::Reporting(ReportingError::Database(e)) => ApiError::from(e),
        ImportError::Reporting(other) => {
            ApiError::App(AppError::Unexpected(anyhow::anyhow!("{other}")))
        }
    }
}

fn parse_upload_id(raw: &str) -> Result<Uuid, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::App(AppError::NotFound(Missing::Import)))
}

/// Upload a file of reports, targets or assignments and check it
///
/// The body is the file itself: an `.xlsx` workbook (first sheet) or CSV text (UTF-8, with or
/// without a byte-order mark, comma or semicolon separated), at most 10 MB and 50,000 rows,
/// with a header row naming the columns (`indicator`, `period_start`, `value` or `numerator`
/// and `denominator` or `stage` or `text`, `unit`, `data_quality`, optional `period_end`,
/// `assurance`, `comment`, `evidence_url`, `status`, `organisation`). Every row is checked by
/// the rules of `POST /api/v1/observations/batch` and nothing is stored: the answer is the
/// preview, listing each problem by row and column. A file that cannot be read at all answers
/// 422.
///
/// With `kind=targets` (a program manager's token), the columns are `indicator`, `year`,
/// `value`, `reason` and optional `what` (`target`, the default, or `baseline`): each row is
/// checked by the admin target form's rules and kept in the target history. With
/// `kind=assignments`, `organisation`, `indicator` and `starts_on`: each row is checked as
/// `POST /api/v1/assignments` checks it. Another token asking for these kinds gets 403. Such
/// a file changes the structure of the upload's program (`?program=CODE`, else the token's
/// first) and of no other; the token must manage that program (403 otherwise), and reads the
/// import back and commits it within that program only (404 elsewhere).
///
/// With `kind=ledger`, the file holds the token's organisation's material-flow ledger: a
/// table of months (`material`, `month`, `generated`, `received`, `used_on_site`, `sent`,
/// `closing`, optional `opening`, `disposed_landfill`, `disposed_storage`, `disposed_sea`,
/// `comment`, `status`) checked as `POST /api/v1/flows/ledger/batch` checks it, and a table
/// of the transfers it sends (`material`, `month`, `receiver`, `quantity`, `intended_use`)
/// checked as `POST /api/v1/flows/transfers`; a workbook holds both on two sheets. A problem
/// of the transfers table names its column `transfers!receiver`.
#[utoipa::path(
    post,
    path = "/api/v1/imports",
    tag = "observations",
    operation_id = "upload_import",
    params(UploadQuery),
    request_body(content = ImportFile, description = "The file: .xlsx or .csv", content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Stored as a preview (see `problems`)", body = ImportBody,
         headers(("Location" = String, description = "The import's address"))),
    )
)]
async fn upload(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Query(query): Query<UploadQuery>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let importer = importer(&principal);
    let locale = match query.language.as_deref() {
        Some(tag) => Locale::from_tag(tag).ok_or_else(|| {
            ApiError::App(AppError::BadRequest(format!(
                "language must be en or id (got {tag:?})"
            )))
        })?,
        None => request_locale(),
    };
    let kind = match query.kind.as_deref().map(str::trim) {
        None | Some("") => ImportKind::Reports,
        Some(k) => k.parse::<ImportKind>().map_err(|_| {
            ApiError::App(AppError::BadRequest(format!(
                "kind must be reports, ledger, activity, targets or assignments (got {k:?})"
            )))
        })?,
    };
    let id = imports::upload(
        &state.pool,
        &importer,
        NewFile {
            kind,
            organisation: query.organisation.as_deref(),
            file_name: query.file_name.as_deref().unwrap_or("upload"),
            bytes: &body,
            locale,
        },
        state.clock.now(),
    )
    .await
    .map_err(refusal)?;
    let preview = imports::preview(&state.pool, &importer, id, &context, state.clock.now())
        .await
        .map_err(refusal)?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/imports/{id}"))],
        Json(body_of(preview)),
    )
        .into_response())
}

/// Read an import's preview
///
/// Checks every row again against what is stored now, storing nothing. A committed import
/// answers what its commit did.
#[utoipa::path(
    get,
    path = "/api/v1/imports/{id}",
    tag = "observations",
    operation_id = "get_import",
    params(("id" = Uuid, Path, description = "The import's id")),
    responses(
        (status = 200, description = "The preview", body = ImportBody),
        (status = 404, response = NotFound),
    )
)]
async fn read(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let preview = imports::preview(
        &state.pool,
        &importer(&principal),
        parse_upload_id(&id)?,
        &context,
        state.clock.now(),
    )
    .await
    .map_err(refusal)?;
    Ok(Json(body_of(preview)).into_response())
}

/// Commit an import, all or nothing
///
/// Stores every row (new reports created, drafts and returned ones changed, rows equal to what
/// is stored left alone), audited as one import. When any row has a problem nothing is
/// stored: 422 with `errors[].pointer` = `/rows/{row}/{column}`. Committing again stores
/// nothing twice and answers the first commit.
#[utoipa::path(
    post,
    path = "/api/v1/imports/{id}/commit",
    tag = "observations",
    operation_id = "commit_import",
    params(("id" = Uuid, Path, description = "The import's id")),
    responses(
        (status = 200, description = "Committed (now or before)", body = ImportBody),
        (status = 404, response = NotFound),
        (status = 422, response = super::openapi::ValidationFailed),
    )
)]
async fn commit(
    State(state): State<AppState>,
    principal: Principal,
    context: AuditOrigin,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let preview = imports::commit(
        &state.pool,
        &importer(&principal),
        parse_upload_id(&id)?,
        &context,
        state.clock.now(),
    )
    .await
    .map_err(refusal)?;
    Ok(Json(body_of(preview)).into_response())
}
