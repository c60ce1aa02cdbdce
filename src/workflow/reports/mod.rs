//! The reports workflow, one module for every channel (the REST API, the `/submit` and `/review`
//! pages, and imports: `workflow::imports`): an organisation saves figures as drafts or submits them, one at a
//! time or in batches of up to [`MAX_BATCH`], corrects and resubmits a returned one; program
//! managers approve, return with a note, or reopen an approved one with a reason.
//!
//! ```text
//!            save / update            submit               approve
//!   (new) ──────────────► draft ───────────────► submitted ────────► approved
//!                          ▲  │                   │    ▲                │
//!                          │  └── save as ────────┘    │ submit         │ reopen (reason)
//!                          │      submitted            │                ▼
//!                          └──────── update ────────── returned ◄───────┘
//!                                                      ▲
//!                               return (note) ─────────┘ (from submitted)
//! ```
//!
//! Every function takes the caller's transaction and writes the observation, its revision
//! (`observation_revision`: who, when, before, after, why) and the audit entry in it; the caller
//! commits (and may store more in the same transaction, e.g. an idempotency key). Nothing is
//! written when a function returns an error: drop the transaction.
//!
//! Concurrency: every change locks the observation and checks the version the caller read
//! (`expected_version`, the API's `If-Match`); of two concurrent changes of one version, exactly
//! one wins and the other gets [`ReportingError::Stale`]. Batches are all or nothing: every
//! invalid item is listed and nothing is stored.
//!
//! Audit: a single change is audited with the observation before and after; a batch is
//! audited as one entry listing each observation it created or changed (id, version, action),
//! the per-observation before and after being in the revisions.
//!
//! Plausibility: every value passes the indicator's hard bounds (`domain::bounds`, through
//! `input::check`), and a figure submitted far from the organisation's own history
//! (`domain::outlier`: beyond 3× or a third of the median of its last approved periods) needs a
//! comment, else it is refused with a problem on `comment`; a draft is kept without one.
//!
//! Refusals are [`ReportingError`]s with `domain::ReportRefusal`s and `domain::FieldError`s (data,
//! never sentences); the workflow says nothing about
//! how a channel shows them (`web::refusal` does for the pages, `api::problem` for the API) and
//! imports neither.

mod batch;
mod common;
mod decisions;
pub mod input;
pub mod review;
mod single;

pub use batch::{BatchItem, SavedItem, save_batch};
pub use common::{MAX_BATCH, Reporter, ReportingError, locked};
pub use decisions::{approve, reopen, return_for_correction};
pub use input::{Checked, ObservationInput};
pub use review::Reviewer;
pub use single::{create, submit, update};
