//! Imports: a file (`.xlsx` or `.csv`) of an organisation's reports, of the program's yearly
//! targets and baselines, or of assignments, uploaded from `/import` or
//! `POST /api/v1/imports`, or of an organisation's GHG activity data, previewed, then
//! committed all or nothing.
//!
//! ```text
//!   upload ──► stored as uploaded (import_upload) ──► preview (any number of times)
//!                                                  └─► commit ──► committed (summary kept)
//! ```
//!
//! * **One path.** Every row of reports becomes the reports workflow's own input and passes its
//!   own check and its own batch writer (`reports.rs`); a row of targets or baselines goes
//!   through the target form's use case (`targets.rs`), a row of assignments through the
//!   assignment API's (`assignments.rs`), a row of activity data through the activity
//!   workflow's check and writer (`activity.rs`, as `POST /api/v1/ghg/activity/batch`), a
//!   ledger month or a transfer through the ledger's (`ledger.rs`): the rules of the API and
//!   the forms, nothing else.
//! * **Preview** checks every row and runs the very writes the commit would, in a transaction
//!   that is then rolled back: what the preview lists is what the commit would refuse.
//! * **Commit** does the same and commits only when no row has a problem; it is audited as one
//!   import (file name, SHA-256, rows, who). A second commit of the same upload stores nothing
//!   and answers the first's summary; a row equal to what is stored is left alone (no
//!   revision), so uploading the same file again changes nothing.
//! * **Who.** A tenant (user or API token) imports reports for its own organisation only; an
//!   admin for any organisation they name. Targets, baselines and assignments are imported by
//!   admins (on the page) and program managers' tokens (the API), as the admin forms and
//!   `POST /api/v1/assignments` allow. An upload is read back only by whom it concerns.
//! * **Which program.** A file of targets or assignments changes the structure of the program
//!   the importer had chosen when uploading it (the request's program: `?program=`, else the
//!   remembered or first one), kept with the upload (migration 0044): its preview and its
//!   commit apply to that program whatever a later request reads, never to another. A
//!   program manager's token reads it back only within that program (where it manages); an
//!   admin keeps every program.
//!
//! May use `domain/`, `store/`, `i18n/` (a choice written as its label) and the reports
//! workflow; words nothing.

pub mod activity;
pub mod assignments;
mod cells;
pub mod ledger;
pub mod reports;
pub mod sheet;
pub mod targets;

use chrono::{DateTime, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::domain::import::{FileProblem, RowProblem};
use crate::domain::kinds::ImportKind;
use crate::domain::{Actor, AuditOrigin};
use crate::i18n::Locale;
use crate::store;
use crate::store::audit::AuditEntry;
use crate::store::imports::{NewUpload, Upload};
use crate::workflow::reports::{Reporter, ReportingError};

pub use reports::Outcome;

/// Who imports: the actor, the organisation a tenant user or token belongs to, whether they
/// may import reports for any organisation (an admin), whether they keep the structure
/// (targets, baselines, assignments: an admin, a program manager's token) of the request's
/// program, and that program.
#[derive(Debug, Clone)]
pub struct Importer {
    pub actor: Actor,
    pub organisation_id: Option<Uuid>,
    pub admin: bool,
    pub structure: bool,
    /// The request's program (`auth::program`): a new file of targets or assignments is for
    /// it. `None` before any program exists.
    pub program_id: Option<Uuid>,
}

impl Importer {
    /// Whether the importer may read the upload: reports of its own organisation (any for an
    /// admin); targets and assignments when it keeps the structure of their program (an
    /// admin keeps every program's; a manager's token, the request's program's only).
    fn may_read(&self, upload: &Upload) -> bool {
        match upload.organisation_id {
            None => self.structure && (self.admin || upload.program_id == self.program_id),
            Some(id) => self.admin || self.organisation_id == Some(id),
        }
    }

    /// Whether the importer may upload a file of `kind`.
    pub fn may_import(&self, kind: ImportKind) -> bool {
        match kind {
            ImportKind::Reports => self.admin || self.organisation_id.is_some(),
            ImportKind::Targets | ImportKind::Assignments => self.structure,
            ImportKind::Activity => self.admin || self.organisation_id.is_some(),
            ImportKind::Ledger => self.admin || self.organisation_id.is_some(),
        }
    }
}

/// Reads a file of `kind` as a table: its header found by the kind's key column.
fn read_sheet(kind: ImportKind, bytes: &[u8]) -> Result<sheet::Sheet, FileProblem> {
    match kind {
        ImportKind::Reports | ImportKind::Targets | ImportKind::Assignments => sheet::read(bytes),
        ImportKind::Activity => sheet::read_keyed(bytes, activity::KEY_COLUMN),
        // A ledger file's first table, its months (`ledger::read` reads both tables).
        ImportKind::Ledger => sheet::read_keyed(bytes, "material"),
    }
}

/// Why an import did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("file not readable: {0:?}")]
    File(FileProblem),
    /// Rows with problems: nothing was stored.
    #[error("{} problems in the rows", .0.problems.len())]
    Rows(Outcome),
    /// No such upload (or not one the importer may see).
    #[error("upload not found")]
    NotFound,
    /// No organisation with this code.
    #[error("unknown organisation {0:?}")]
    UnknownOrganisation(String),
    /// A tenant naming another organisation, or an admin naming none, or a user with no
    /// organisation.
    #[error("not allowed to import for this organisation")]
    Forbidden,
    /// No program is set up (targets and assignments belong to one).
    #[error("no program")]
    NoProgram,
    #[error(transparent)]
    Reporting(#[from] ReportingError),
}

impl From<sqlx::Error> for ImportError {
    fn from(err: sqlx::Error) -> Self {
        ImportError::Reporting(ReportingError::from(err))
    }
}

/// An upload and what checking it found.
#[derive(Debug, Clone)]
pub struct Preview {
    pub id: Uuid,
    pub kind: ImportKind,
    /// The organisation whose reports the file holds; `None` for targets and assignments.
    pub organisation: Option<String>,
    /// The code of the program whose structure a file of targets or assignments changes.
    pub program: Option<String>,
    pub file_name: String,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
    pub outcome: Outcome,
}

/// What a new upload names.
pub struct NewFile<'a> {
    pub kind: ImportKind,
    /// The organisation's code (reports only): required of an admin, optional for a tenant
    /// (then its own).
    pub organisation: Option<&'a str>,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
    /// The language whose number convention reads numbers typed as text.
    pub locale: Locale,
}

/// Stores an uploaded file after reading it as a table (a file that cannot be read is
/// refused and not stored). Its rows are checked by [`preview`].
pub async fn upload(
    pool: &PgPool,
    importer: &Importer,
    file: NewFile<'_>,
    now: DateTime<Utc>,
) -> Result<Uuid, ImportError> {
    if !importer.may_import(file.kind) {
        return Err(ImportError::Forbidden);
    }
    let organisation_id = match (file.organisation.map(str::trim), importer.admin) {
        _ if !file.kind.of_one_organisation() => None,
        (Some(code), _) if !code.is_empty() => {
            let id = store::organisations::id_by_code(pool, code)
                .await?
                .ok_or_else(|| ImportError::UnknownOrganisation(code.to_string()))?;
            if !importer.admin && importer.organisation_id != Some(id) {
                return Err(ImportError::Forbidden);
            }
            Some(id)
        }
        (_, false) => Some(importer.organisation_id.ok_or(ImportError::Forbidden)?),
        (_, true) => return Err(ImportError::Forbidden),
    };
    // A file of the structure is for the program the importer chose, never another.
    let program_id = if file.kind.of_one_program() {
        Some(importer.program_id.ok_or(ImportError::NoProgram)?)
    } else {
        None
    };
    let row_count = match file.kind {
        ImportKind::Ledger => ledger::read(file.bytes).map_err(ImportError::File)?.rows(),
        _ => read_sheet(file.kind, file.bytes)
            .map_err(ImportError::File)?
            .rows
            .len(),
    };
    let id = Uuid::new_v4();
    let sha256 = hex(&Sha256::digest(file.bytes));
    let (user_id, token_id) = match &importer.actor {
        Actor::User { id, .. } => (Some(*id), None),
        Actor::Token { id, .. } => (None, Some(*id)),
        Actor::System { .. } => (None, None),
    };
    let name: String = file.file_name.trim().chars().take(255).collect();
    store::imports::insert(
        pool,
        &NewUpload {
            id,
            kind: file.kind,
            organisation_id,
            program_id,
            file_name: if name.is_empty() { "upload" } else { &name },
            sha256: &sha256,
            content: file.bytes,
            language: file.locale.tag(),
            row_count: i32::try_from(row_count).unwrap_or(i32::MAX),
            uploaded_by: importer.actor.label(),
            user_id,
            token_id,
            at: now,
        },
    )
    .await?;
    Ok(id)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks every row of the upload as the commit would, and stores nothing. A committed upload
/// answers what its commit did.
pub async fn preview(
    pool: &PgPool,
    importer: &Importer,
    id: Uuid,
    context: &AuditOrigin,
    now: DateTime<Utc>,
) -> Result<Preview, ImportError> {
    let mut tx = pool.begin().await?;
    let upload = readable(&mut tx, importer, id).await?;
    let outcome = match committed_outcome(&upload) {
        Some(outcome) => outcome,
        None => check(&mut tx, &upload, importer, context, now).await?,
    };
    // Whatever the check wrote is dropped with the transaction.
    tx.rollback().await?;
    Ok(preview_of(upload, outcome))
}

/// Stores every row of the upload, all or nothing: refused with every row's problem when any
/// row has one. Committing a committed upload stores nothing and answers the first commit.
pub async fn commit(
    pool: &PgPool,
    importer: &Importer,
    id: Uuid,
    context: &AuditOrigin,
    now: DateTime<Utc>,
) -> Result<Preview, ImportError> {
    let mut tx = pool.begin().await?;
    let upload = readable(&mut tx, importer, id).await?;
    if let Some(outcome) = committed_outcome(&upload) {
        tx.rollback().await?;
        return Ok(preview_of(upload, outcome));
    }
    let outcome = check(&mut tx, &upload, importer, context, now).await?;
    if !outcome.problems.is_empty() {
        tx.rollback().await?;
        return Err(ImportError::Rows(outcome));
    }
    let summary = json!({
        "rows": outcome.rows,
        "created": outcome.created,
        "changed": outcome.changed,
        "unchanged": outcome.unchanged,
        "skipped": outcome.skipped,
    });
    store::imports::mark_committed(&mut tx, upload.id, importer.actor.label(), now, &summary)
        .await?;
    store::audit::record(
        &mut tx,
        &importer.actor,
        context,
        AuditEntry {
            action: "import",
            entity: "import_upload",
            entity_id: Some(upload.id.to_string()),
            before: None,
            after: Some(json!({
                "kind": upload.kind.as_str(),
                "organisation": upload.organisation,
                "program": upload.program,
                "file_name": upload.file_name,
                "sha256": upload.sha256,
                "rows": outcome.rows,
                "created": outcome.created,
                "changed": outcome.changed,
                "unchanged": outcome.unchanged,
            })),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    let mut upload = upload;
    upload.committed_at = Some(now);
    Ok(preview_of(upload, outcome))
}

async fn readable(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    importer: &Importer,
    id: Uuid,
) -> Result<Upload, ImportError> {
    store::imports::lock(tx, id)
        .await?
        .filter(|u| importer.may_read(u))
        .ok_or(ImportError::NotFound)
}

async fn check(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    upload: &Upload,
    importer: &Importer,
    context: &AuditOrigin,
    now: DateTime<Utc>,
) -> Result<Outcome, ImportError> {
    let locale = Locale::from_tag(&upload.language).unwrap_or_default();
    if upload.kind == ImportKind::Ledger {
        // A file of a ledger holds two tables (months, transfers): read by its own module.
        let (Some(organisation_id), Some(organisation)) =
            (upload.organisation_id, &upload.organisation)
        else {
            return Err(ImportError::NotFound);
        };
        let file = ledger::read(&upload.content).map_err(ImportError::File)?;
        let reporter = Reporter {
            organisation_id,
            actor: importer.actor.clone(),
        };
        return Ok(ledger::check_and_write(
            tx,
            &file,
            organisation,
            locale,
            &reporter,
            context,
            now,
        )
        .await?);
    }
    let sheet = read_sheet(upload.kind, &upload.content).map_err(ImportError::File)?;
    match (upload.kind, upload.organisation_id, &upload.organisation) {
        (ImportKind::Reports, Some(organisation_id), Some(organisation)) => {
            let reporter = Reporter {
                organisation_id,
                actor: importer.actor.clone(),
            };
            Ok(
                reports::check_and_write(tx, &sheet, organisation, locale, &reporter, context, now)
                    .await?,
            )
        }
        // The database keeps a file of reports bound to its organisation (migration 0024).
        (ImportKind::Reports, _, _) => Err(ImportError::NotFound),
        (ImportKind::Targets, _, _) => {
            let program = upload.program_id.ok_or(ImportError::NoProgram)?;
            Ok(
                targets::check_and_write(
                    tx,
                    &sheet,
                    locale,
                    &importer.actor,
                    context,
                    program,
                    now,
                )
                .await?,
            )
        }
        (ImportKind::Activity, Some(organisation_id), Some(organisation)) => {
            let reporter = Reporter {
                organisation_id,
                actor: importer.actor.clone(),
            };
            Ok(
                activity::check_and_write(
                    tx,
                    &sheet,
                    organisation,
                    locale,
                    &reporter,
                    context,
                    now,
                )
                .await?,
            )
        }
        // The database keeps a file of activity data bound to its organisation (0037).
        (ImportKind::Activity, _, _) => Err(ImportError::NotFound),
        (ImportKind::Assignments, _, _) => {
            let program = upload.program_id.ok_or(ImportError::NoProgram)?;
            Ok(
                assignments::check_and_write(tx, &sheet, &importer.actor, context, program, now)
                    .await?,
            )
        }
        // Read above, from its own tables.
        (ImportKind::Ledger, _, _) => Err(ImportError::NotFound),
    }
}

fn committed_outcome(upload: &Upload) -> Option<Outcome> {
    let summary = upload.summary.as_ref()?;
    let count = |key: &str| summary[key].as_u64().unwrap_or(0) as usize;
    Some(Outcome {
        rows: count("rows"),
        created: count("created"),
        changed: count("changed"),
        unchanged: count("unchanged"),
        skipped: count("skipped"),
        problems: Vec::<RowProblem>::new(),
    })
}

fn preview_of(upload: Upload, outcome: Outcome) -> Preview {
    Preview {
        id: upload.id,
        kind: upload.kind,
        organisation: upload.organisation,
        program: upload.program,
        file_name: upload.file_name,
        sha256: upload.sha256,
        uploaded_by: upload.uploaded_by,
        uploaded_at: upload.uploaded_at,
        committed_at: upload.committed_at,
        outcome,
    }
}
