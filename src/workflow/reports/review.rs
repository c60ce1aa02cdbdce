//! Who may review an observation. Pure code.
//!
//! Reviewers are program managers: signed-in managers and admins (the permission rule of
//! `auth::policy`), and API tokens of a managing organisation — one holding the program's
//! `lead` role (UNIDO, the technical lead) or `pilot_site` role (the park operator, whose
//! sustainability office co-manages the pilot).
//!
//! Nobody approves their own organisation's submission when they made it:
//! - a reviewer bound to an organisation (a manager's API token) reviews no observation of
//!   that organisation, whoever submitted it: the organisation made it;
//! - a reviewer bound to no organisation (manager and admin accounts are not tenants of any)
//!   reviews no observation whose latest submission they made themselves, e.g. when entering
//!   a tenant's figures on its behalf.

use uuid::Uuid;

use crate::domain::kinds::{ObservationStatus, ProgramRole};
use crate::domain::{Actor, ReportRefusal};
use crate::store::observations::Observation;

/// Program roles whose organisations' API tokens may review.
pub const MANAGING_ROLES: &[ProgramRole] = &[ProgramRole::Lead, ProgramRole::PilotSite];

/// A program manager about to review.
#[derive(Debug, Clone)]
pub struct Reviewer {
    pub actor: Actor,
    /// The organisation the reviewer acts for: set for API tokens, `None` for manager and
    /// admin accounts.
    pub organisation_id: Option<Uuid>,
}

/// Why a reviewer may not review an observation; `None` when they may.
pub fn self_review(reviewer: &Reviewer, observation: &Observation) -> Option<ReportRefusal> {
    self_review_of(
        reviewer,
        observation.organisation_id,
        observation.submitted_by_user_id,
        observation.submitted_by_token_id,
    )
}

/// The self-review rule for anything an organisation submits for review (an observation, a
/// month of the material ledger): made by `organisation_id`, last submitted by that user or
/// token. `None` when the reviewer may review it.
pub fn self_review_of(
    reviewer: &Reviewer,
    organisation_id: Uuid,
    submitted_by_user_id: Option<Uuid>,
    submitted_by_token_id: Option<Uuid>,
) -> Option<ReportRefusal> {
    if reviewer.organisation_id == Some(organisation_id) {
        return Some(ReportRefusal::OwnOrganisation);
    }
    let made_it = match &reviewer.actor {
        Actor::User { id, .. } => submitted_by_user_id == Some(*id),
        Actor::Token { id, .. } => submitted_by_token_id == Some(*id),
        Actor::System { .. } => false,
    };
    made_it.then_some(ReportRefusal::OwnSubmission)
}

/// Why a review decision that starts from `expected` (submitted for approve and return,
/// approved for reopen) cannot be taken on something in `current` status; `None` when it can.
pub fn status_refusal(
    expected: ObservationStatus,
    current: ObservationStatus,
) -> Option<ReportRefusal> {
    if current == expected {
        return None;
    }
    Some(match (expected, current) {
        (ObservationStatus::Submitted, ObservationStatus::Approved) => {
            ReportRefusal::AlreadyApproved
        }
        (ObservationStatus::Submitted, status) => ReportRefusal::NotSubmitted { status },
        (_, status) => ReportRefusal::NotApproved { status },
    })
}

/// Why something in `status` cannot be approved or returned now; `None` when it is submitted.
pub fn not_reviewable(status: ObservationStatus) -> Option<ReportRefusal> {
    status_refusal(ObservationStatus::Submitted, status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kinds::{DataQuality, Frequency};
    use chrono::{NaiveDate, Utc};

    fn observation(organisation_id: Uuid, user: Option<Uuid>, token: Option<Uuid>) -> Observation {
        let day = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        Observation {
            id: Uuid::new_v4(),
            indicator_id: Uuid::new_v4(),
            indicator: "CE-03".into(),
            organisation_id,
            organisation: "DEMO-RKEF-A".into(),
            frequency: Frequency::Monthly,
            unit: "%".into(),
            period_start: day,
            period_end: day,
            value: None,
            numerator: Some(1.0),
            denominator: Some(2.0),
            stage: None,
            text: None,
            data_quality: DataQuality::Measured,
            assurance: "none".into(),
            comment: String::new(),
            evidence_url: None,
            status: ObservationStatus::Submitted,
            version: 2,
            review_note: None,
            review_note_internal: false,
            first_submitted_at: Some(Utc::now()),
            submitted_at: Some(Utc::now()),
            submitted_by: None,
            submitted_by_user_id: user,
            submitted_by_token_id: token,
            reviewed_at: None,
            reviewed_by: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn a_managing_organisations_token_reviews_others_but_not_its_own() {
        let unido = Uuid::new_v4();
        let tenant = Uuid::new_v4();
        let reviewer = Reviewer {
            actor: Actor::Token {
                id: Uuid::new_v4(),
                label: "token review (UNIDO)".into(),
            },
            organisation_id: Some(unido),
        };
        assert_eq!(
            self_review(&reviewer, &observation(tenant, None, None)),
            None
        );
        // Its own organisation's report, even when another of its tokens submitted it.
        let own = observation(unido, None, Some(Uuid::new_v4()));
        assert!(self_review(&reviewer, &own).is_some());
    }

    #[test]
    fn only_a_submitted_report_is_reviewed() {
        use ObservationStatus::*;
        assert_eq!(not_reviewable(Submitted), None);
        assert_eq!(
            not_reviewable(Approved),
            Some(ReportRefusal::AlreadyApproved)
        );
        assert_eq!(
            not_reviewable(Draft),
            Some(ReportRefusal::NotSubmitted { status: Draft })
        );
        assert_eq!(status_refusal(Approved, Approved), None);
        assert_eq!(
            status_refusal(Approved, Returned),
            Some(ReportRefusal::NotApproved { status: Returned })
        );
    }

    #[test]
    fn a_manager_account_does_not_review_what_it_submitted() {
        let manager = Uuid::new_v4();
        let reviewer = Reviewer {
            actor: Actor::User {
                id: manager,
                label: "Ana <ana@unido.org>".into(),
            },
            organisation_id: None,
        };
        let tenant = Uuid::new_v4();
        assert_eq!(
            self_review(&reviewer, &observation(tenant, Some(Uuid::new_v4()), None)),
            None
        );
        assert!(self_review(&reviewer, &observation(tenant, Some(manager), None)).is_some());
    }
}
