//! Why a step of the reports workflow cannot be taken as things stand (the observation is
//! locked, awaits review, changed since it was read…), as data: the workflow refuses with a
//! [`ReportRefusal`] (for a whole request, or for one item of a batch inside an
//! `InputProblem`), and only the edges word it in the reader's language (`i18n`: the pages in
//! the page's language, problem+json in the one `Accept-Language` prefers). Pure data: it may
//! not touch anything outside `domain/`.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::kinds::ObservationStatus;

/// A refused reporting step. Closed: a new refusal does not compile until every language
/// words it.
#[derive(Debug, Clone, PartialEq)]
pub enum ReportRefusal {
    /// A deadlock or serialisation failure between concurrent writers: retry.
    Concurrent,
    /// Approved and locked: a program manager must reopen it.
    ApprovedLocked { id: Uuid },
    /// Submitted and awaiting review.
    AwaitsReview,
    /// Changed since it was read; `current` is its version now.
    Stale { current: i32 },
    /// Created by a concurrent request between the check and the write.
    CreatedMeanwhile { indicator: String },
    /// Already reported for the period: change that one.
    AlreadyReported {
        indicator: String,
        starts: NaiveDate,
        id: Uuid,
        version: i32,
    },
    /// Submitting before the period ended.
    StillRunning { ends: NaiveDate },
    /// A batch with `count` items in conflict with stored observations.
    ItemsConflict { count: usize },
    /// A batch with `count` items naming a version that is not the stored one.
    ItemsStale { count: usize },
    /// Some of a batch's new observations were created by a concurrent request.
    BatchCreatedMeanwhile,
    /// Some of a batch's observations changed meanwhile.
    BatchChangedMeanwhile,
    /// A reviewer's own organisation's report.
    OwnOrganisation,
    /// A report the reviewer submitted.
    OwnSubmission,
    /// Reviewing an observation already approved.
    AlreadyApproved,
    /// Reviewing an observation that is not submitted.
    NotSubmitted { status: ObservationStatus },
    /// Reopening an observation that is not approved.
    NotApproved { status: ObservationStatus },
    /// A `version` on a new observation.
    VersionOnCreate,
    /// A batch of no items, or of more than `max`.
    BatchSize { max: usize, got: usize },
    /// A batch item reporting the same indicator and period as an earlier item.
    DuplicateInBatch {
        first: usize,
        indicator: String,
        starts: NaiveDate,
    },
    /// A batch item naming a version of an observation that does not exist.
    NothingToChange {
        indicator: String,
        starts: NaiveDate,
    },
    /// A batch item without `version` for an observation that exists.
    VersionNeeded {
        indicator: String,
        starts: NaiveDate,
        id: Uuid,
        version: i32,
    },
    /// A batch item whose observation changed since it was read.
    ItemStale { id: Uuid, current: i32 },
    /// Answering a transfer as its sender: only its receiver confirms or disputes it.
    NotReceiver,
    /// Answering a transfer already confirmed or disputed.
    AlreadyAnswered,
}
