//! How the pages show a reporting step the workflow refused: the one place a
//! `workflow::reports::ReportingError` becomes page output (`/submit`, the period grid and
//! `/review` all use it; the API's counterpart is `api::problem`). It decides the status and
//! the words; each page only places them. It renders nothing and touches no store.

use axum::http::StatusCode;

use crate::domain::{FieldError, ReportRefusal};
use crate::error::{AppError, FieldMessage};
use crate::i18n::Strings;
use crate::workflow::reports::ReportingError;

/// A refused step as a page shows it. Nothing was stored.
#[derive(Debug)]
pub struct Refusal {
    /// 422 for input that breaks a rule, 403 for a step the user may not take, 409 for a
    /// conflict with the observation's state or a version read before a change.
    pub status: StatusCode,
    /// Input that breaks a rule, field by field (item by item in a batch); empty otherwise.
    pub fields: Vec<FieldError>,
    /// Why the step cannot be taken as things stand; `None` when `fields` say it.
    reason: Option<Reason>,
}

/// Why a step cannot be taken: the workflow's refusal, or a sentence the page already worded.
#[derive(Debug)]
enum Reason {
    Refused(ReportRefusal),
    Worded(String),
}

impl Refusal {
    /// The refusal a page shows; `Err` for what no page shows in place — the observation is
    /// gone (404) or the database failed — which answers with the error page.
    pub fn of(err: ReportingError) -> Result<Refusal, AppError> {
        match err {
            ReportingError::Invalid(fields) => Ok(Refusal::invalid(fields)),
            ReportingError::Conflict { refusal, .. } | ReportingError::Stale { refusal, .. } => Ok(
                Refusal::because(StatusCode::CONFLICT, Reason::Refused(refusal)),
            ),
            ReportingError::Forbidden(refusal) => Ok(Refusal::because(
                StatusCode::FORBIDDEN,
                Reason::Refused(refusal),
            )),
            ReportingError::NotFound => {
                Err(AppError::NotFound(crate::domain::Missing::Observation))
            }
            ReportingError::Database(e) => Err(AppError::from(e)),
        }
    }

    /// Input that could not be read or breaks a rule, field by field (422).
    pub fn invalid(fields: Vec<FieldError>) -> Refusal {
        Refusal {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            fields,
            reason: None,
        }
    }

    /// A form that does not name (readably) the version of the report it changes: refused
    /// like the API's missing `If-Match` (409), so that nothing newer is overwritten. The
    /// reason comes worded in the page's language.
    pub fn version_unknown(reason: &str) -> Refusal {
        Refusal::because(StatusCode::CONFLICT, Reason::Worded(reason.to_string()))
    }

    fn because(status: StatusCode, reason: Reason) -> Refusal {
        Refusal {
            status,
            fields: Vec::new(),
            reason: Some(reason),
        }
    }

    /// Why the step cannot be taken as things stand, in the page's language; empty when the
    /// fields say it.
    pub fn reason(&self, t: &Strings) -> String {
        match &self.reason {
            None => String::new(),
            Some(Reason::Refused(refusal)) => (t.validation.refusal)(refusal),
            Some(Reason::Worded(sentence)) => sentence.clone(),
        }
    }

    /// The fields' messages in the page's language, keyed by the form field's name (`""` for
    /// the input as a whole), as `web::form::message_for` and the form templates read them.
    pub fn field_messages(&self, t: &Strings) -> Vec<FieldMessage> {
        self.fields
            .iter()
            .map(|e| FieldMessage::new(e.field.clone().unwrap_or_default(), t.field_error(e)))
            .collect()
    }

    /// Everything in one sentence, for a page without fields to put messages beside: the
    /// reason, or every field's message.
    pub fn sentence(&self, t: &Strings) -> String {
        if self.fields.is_empty() {
            return self.reason(t);
        }
        self.fields
            .iter()
            .map(|e| t.field_error(e))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InputProblem;
    use crate::i18n::{EN, ID};

    #[test]
    fn invalid_input_is_422_field_by_field() {
        let refusal = Refusal::of(ReportingError::Invalid(vec![
            FieldError::new("note", InputProblem::NoteRequired),
            FieldError::whole(InputProblem::Unreadable(None)),
        ]))
        .unwrap();
        assert_eq!(refusal.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refusal.reason(&EN), "");
        assert_eq!(
            refusal.field_messages(&EN),
            [
                FieldMessage::new(
                    "note",
                    "The note is required: tell the organisation what to correct and why."
                ),
                FieldMessage::new("", "This entry could not be read.")
            ]
        );
        assert_eq!(
            refusal.sentence(&EN),
            "The note is required: tell the organisation what to correct and why. This entry could not be read."
        );
        assert_eq!(
            refusal.field_messages(&ID)[1],
            FieldMessage::new("", "Isian ini tidak dapat dibaca.")
        );
    }

    #[test]
    fn conflicts_and_stale_versions_are_409_forbidden_403_and_the_rest_error_pages() {
        let stale = Refusal::of(ReportingError::Stale {
            refusal: ReportRefusal::Stale { current: 3 },
            items: vec![FieldError::new(
                "version",
                InputProblem::Refused(ReportRefusal::ItemsStale { count: 1 }),
            )],
        })
        .unwrap();
        assert_eq!(
            (stale.status, stale.sentence(&EN).as_str()),
            (
                StatusCode::CONFLICT,
                "The observation changed since you read it (it is now version 3); read it again and retry."
            )
        );
        assert!(
            stale
                .sentence(&ID)
                .starts_with("Data ini berubah sejak Anda membacanya")
        );
        assert!(stale.fields.is_empty());
        let own = Refusal::of(ReportingError::Forbidden(ReportRefusal::OwnSubmission)).unwrap();
        assert_eq!(own.status, StatusCode::FORBIDDEN);
        assert!(matches!(
            Refusal::of(ReportingError::NotFound),
            Err(AppError::NotFound(_))
        ));
    }
}
