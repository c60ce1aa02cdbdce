//! The program's structure kept by every channel (the admin forms now; the REST API and the
//! spreadsheet imports later): pillars, indicators with their framework references, yearly
//! targets with their revision history, organisations with their roles and the pillars of each
//! role, the assignment matrix, and the milestones of the timeline. One module per resource.
//!
//! Every use case takes the caller's transaction, the [`Actor`](crate::domain::Actor) and the
//! [`AuditOrigin`](crate::domain::AuditOrigin); it checks the input against the rules of
//! `domain::structure` and `domain::milestones`, writes through `store::structure` and records
//! its audit entry in the same transaction; the caller commits. Nothing is written when it
//! returns an error: drop the transaction.
//!
//! Inputs are plain typed structs. A caller that reads text (a form) parses it first, and
//! hands over what it could not read as `reading_problems`: they are reported with the rules'
//! problems, field by field, and nothing is stored. Problems are [`Problem`]s, not sentences:
//! each channel says them in its user's words.
//!
//! An update names the version it started from; a row changed since is [`StructureError::Stale`]
//! and left as it is. Anything data refers to is archived rather than deleted.
//!
//! May use `domain/`, `store/` and `error`; never `web/` or `api/`, and nothing about HTML,
//! forms or HTTP.

pub mod assignments;
pub mod indicators;
pub mod materials;
pub mod milestones;
pub mod organisations;
pub mod pillars;
pub mod targets;

use serde_json::json;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::domain::{Actor, AuditOrigin};
use crate::error::{AppError, FieldMessage, constraint_violation};
use crate::store;
use crate::store::audit::AuditEntry;

/// What is wrong with one input field. Each channel words it for its users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A text that must be given is empty.
    Required,
    /// Not one of the values offered (an unknown pillar, kind, role, organisation…).
    Choose,
    PillarCode,
    IndicatorCode,
    OrganisationCode,
    MilestoneCode,
    /// A material's code: a capital, then capitals, digits or hyphens (2 to 32).
    MaterialCode,
    /// The code is already used in the program.
    CodeTaken,
    /// Not a whole number, 0 or more.
    Position,
    /// Not a whole number from 0 to 6.
    Decimals,
    /// A minimum coverage that is not a whole percentage from 1 to 100.
    MinCoverage,
    /// Not a number.
    Number,
    /// A number that could be read two ways in the form's language (`1.300` in English).
    AmbiguousNumber,
    /// A number beyond what any figure may be (`domain::bounds`: 0, or 10⁻⁶ to 10¹⁵).
    Implausible,
    /// Hard bounds whose lowest lies above their highest, or parts bounded at 0.
    BoundsOrder,
    /// Not a year from 2000 to 2100.
    Year,
    /// A baseline value without its year, or the other way round.
    BaselinePair,
    /// A percentage or ratio aggregated other than pooled.
    FractionPooled,
    /// A percentage or ratio that does not say what its numerator and denominator count.
    FractionLabels,
    /// A milestone indicator with fewer than two stages.
    Stages,
    /// Not as many Indonesian stage labels as English ones.
    StagesSame,
    /// A framework reference that cannot be read.
    Frameworks,
    /// The same framework reference twice.
    FrameworksTwice,
    /// The kind or frequency of an indicator with reported data.
    KindLocked,
    /// A changed target without the reason.
    Reason,
    /// A target for an archived indicator.
    Archived,
    /// A process route for an organisation that runs no plant.
    RouteTenant,
    /// A park-level indicator assigned to an organisation other than the park office.
    ParkLevel,
    /// An indicator computed from activity data (`indicator.computed_from`) assigned to
    /// anyone: nobody reports it.
    Computed,
    /// Not an http or https address.
    Url,
    Email,
    /// Not a date (or a required date missing).
    Date,
    DueBeforeStart,
    /// A done milestone without its completion date.
    CompletedNeeded,
    /// A completion date on a milestone that is not done.
    CompletedOnlyDone,
    /// A name, title, label or unit longer than [`NAME_MAX_CHARS`].
    NameTooLong,
    /// A description or definition longer than [`TEXT_MAX_CHARS`].
    TextTooLong,
    /// A target the indicator's kind cannot reach (a percentage below 0 or above 100…).
    TargetRange,
}

/// The longest name, title, label or unit the structure keeps (in characters).
pub const NAME_MAX_CHARS: usize = 200;
/// The longest description or definition the structure keeps (in characters).
pub const TEXT_MAX_CHARS: usize = 5000;

impl Problem {
    /// A stable name for the problem, for callers that have no words of their own.
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::Choose => "not_offered",
            Problem::PillarCode => "pillar_code",
            Problem::IndicatorCode => "indicator_code",
            Problem::OrganisationCode => "organisation_code",
            Problem::MilestoneCode => "milestone_code",
            Problem::MaterialCode => "material_code",
            Problem::CodeTaken => "code_taken",
            Problem::Position => "position",
            Problem::Decimals => "decimals",
            Problem::MinCoverage => "min_coverage",
            Problem::Number => "number",
            Problem::AmbiguousNumber => "ambiguous_number",
            Problem::Implausible => "implausible",
            Problem::BoundsOrder => "bounds_order",
            Problem::Year => "year",
            Problem::BaselinePair => "baseline_pair",
            Problem::FractionPooled => "fraction_pooled",
            Problem::FractionLabels => "fraction_labels",
            Problem::Stages => "stages",
            Problem::StagesSame => "stages_same",
            Problem::Frameworks => "frameworks",
            Problem::FrameworksTwice => "frameworks_twice",
            Problem::KindLocked => "kind_locked",
            Problem::Reason => "reason",
            Problem::Archived => "archived",
            Problem::RouteTenant => "route_tenant",
            Problem::ParkLevel => "park_level",
            Problem::Computed => "computed",
            Problem::Url => "url",
            Problem::Email => "email",
            Problem::Date => "date",
            Problem::DueBeforeStart => "due_before_start",
            Problem::CompletedNeeded => "completed_needed",
            Problem::CompletedOnlyDone => "completed_only_done",
            Problem::NameTooLong => "name_too_long",
            Problem::TextTooLong => "text_too_long",
            Problem::TargetRange => "target_range",
        }
    }
}

/// A problem with one field of an input (named as the forms name it: `code`, `name_en`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: &'static str, problem: Problem) -> Self {
        FieldProblem { field, problem }
    }
}

/// What a create stored: the new row's id and its code as stored (trimmed, in capitals).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub id: Uuid,
    pub code: String,
}

/// Why a change of the structure was refused. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum StructureError {
    /// Input that breaks a rule (or could not be read), field by field.
    #[error("invalid input")]
    Invalid(Vec<FieldProblem>),
    /// No such pillar, indicator, organisation or milestone (named, e.g. "Pillar CE").
    #[error("{0:?} not found")]
    NotFound(crate::domain::Missing),
    /// An update that does not say which version it started from.
    #[error("the version read is missing")]
    VersionMissing,
    /// The row changed since the caller read it.
    #[error("changed since it was read")]
    Stale,
    /// The year's target changed since the caller read it; what it is now.
    #[error("the target changed since it was read")]
    TargetChanged { current_value: Option<f64> },
    /// The pillar's assignments changed since the caller read them; the live ones now, as
    /// (organisation code, indicator code) pairs.
    #[error("the assignments changed since they were read")]
    AssignmentsChanged { current: Vec<(String, String)> },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl From<StructureError> for AppError {
    /// For callers without words of their own: problems by their names. (The admin pages
    /// word each problem in the page's language.)
    fn from(err: StructureError) -> Self {
        match err {
            StructureError::Invalid(problems) => AppError::Validation(
                problems
                    .into_iter()
                    .map(|p| FieldMessage::new(p.field, p.problem.as_str()))
                    .collect(),
            ),
            StructureError::NotFound(what) => AppError::NotFound(what),
            StructureError::VersionMissing => {
                AppError::BadRequest("The version read is missing.".into())
            }
            StructureError::Stale
            | StructureError::TargetChanged { .. }
            | StructureError::AssignmentsChanged { .. } => {
                AppError::Conflict(crate::domain::Clash::ChangedSinceRead)
            }
            StructureError::Database(e) => AppError::from(e),
        }
    }
}

/// The problems of one input as they are found: first those its caller met reading it, then
/// those of the rules.
struct Problems {
    found: Vec<FieldProblem>,
    /// Fields the caller could not read.
    unread: Vec<&'static str>,
}

impl Problems {
    fn new(reading: &[FieldProblem]) -> Self {
        Problems {
            found: reading.to_vec(),
            unread: reading.iter().map(|p| p.field).collect(),
        }
    }

    fn push(&mut self, field: &'static str, problem: Problem) {
        self.found.push(FieldProblem::new(field, problem));
    }

    /// Whether the caller could not read `field`.
    fn unread(&self, field: &str) -> bool {
        self.unread.contains(&field)
    }

    /// Whether `field` was given: it holds a value, or held one the caller could not read.
    fn given(&self, field: &str, has_value: bool) -> bool {
        has_value || self.unread(field)
    }

    /// Names (or, with `Problem::TextTooLong`, descriptions) beyond their length, field by
    /// field: a page of text where a name belongs was stored as given.
    fn limit(&mut self, problem: Problem, fields: &[(&'static str, &str)]) {
        let max = match problem {
            Problem::TextTooLong => TEXT_MAX_CHARS,
            _ => NAME_MAX_CHARS,
        };
        for (field, text) in fields {
            if text.trim().chars().count() > max {
                self.push(field, problem);
            }
        }
    }

    /// Every problem found, as the error.
    fn into_error(self) -> StructureError {
        StructureError::Invalid(self.found)
    }

    /// `Ok` when nothing was found, else every problem.
    fn finish(self) -> Result<(), StructureError> {
        if self.found.is_empty() {
            Ok(())
        } else {
            Err(self.into_error())
        }
    }
}

/// An optional text, trimmed; `None` when empty.
fn optional_text(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// A failed insert: a code already used (as the constraint→field mapping of `crate::error`
/// says) is a problem of the `code` field; anything else is the database's.
fn code_taken_or(err: sqlx::Error) -> StructureError {
    match constraint_violation(&err) {
        Some(v) if v.field == "code" => {
            StructureError::Invalid(vec![FieldProblem::new("code", Problem::CodeTaken)])
        }
        _ => StructureError::Database(err),
    }
}

/// The audit entry of archiving or restoring an entity, in the caller's transaction.
/// Records the creation of `entity` `id` with its stored fields.
async fn record_created(
    conn: &mut PgConnection,
    actor: &Actor,
    origin: &AuditOrigin,
    entity: &str,
    id: Uuid,
    after: serde_json::Value,
) -> Result<(), StructureError> {
    store::audit::record(
        conn,
        actor,
        origin,
        AuditEntry {
            action: "create",
            entity,
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    Ok(())
}

/// Records a change of `entity` `id`: the row as it was, and its fields as written.
async fn record_updated(
    conn: &mut PgConnection,
    actor: &Actor,
    origin: &AuditOrigin,
    entity: &str,
    id: Uuid,
    before: serde_json::Value,
    after: serde_json::Value,
) -> Result<(), StructureError> {
    store::audit::record(
        conn,
        actor,
        origin,
        AuditEntry {
            action: "update",
            entity,
            entity_id: Some(id.to_string()),
            before: Some(before),
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    Ok(())
}

async fn record_archive_change(
    conn: &mut PgConnection,
    actor: &Actor,
    origin: &AuditOrigin,
    entity: &str,
    id: Uuid,
    was_archived: bool,
    archived: bool,
) -> Result<(), StructureError> {
    store::audit::record(
        conn,
        actor,
        origin,
        AuditEntry {
            action: if archived { "archive" } else { "restore" },
            entity,
            entity_id: Some(id.to_string()),
            before: Some(json!({ "archived": was_archived })),
            after: Some(json!({ "archived": archived })),
            reason: None,
        },
    )
    .await?;
    Ok(())
}
