//! The one shape of "this input is wrong here": a problem with a field of an input, or of one
//! item of a batch. Every rule that checks input (the value rules here, the reports workflow,
//! the API's reading of a batch, the pages' reading of a form) reports in it. A problem is an
//! [`InputProblem`] carrying its data (the numbers, the period, the code), never a sentence:
//! only the edges word it, in the reader's language (`i18n::validation`, used by the pages and
//! by problem+json). Pure data: it may not touch anything outside `domain/`.

use std::fmt;

use chrono::NaiveDate;

use crate::domain::kinds::IndicatorKind;
use crate::domain::period::PeriodError;
use crate::domain::report_refusal::ReportRefusal;

/// What is wrong with one field (or with an input as a whole). Closed: a new problem does not
/// compile until every language words it.
#[derive(Debug, Clone, PartialEq)]
pub enum InputProblem {
    /// A field the input needs is missing.
    Required,
    /// A field the indicator's kind does not use was given.
    NotUsed { kind: IndicatorKind },
    /// Not a (finite) number.
    NotANumber,
    /// Not one of the values offered (a milestone stage on a form).
    NotAChoice,
    /// A count that is not a whole number.
    NotWhole { got: f64 },
    /// A number below zero where only zero or more makes sense.
    Negative { got: f64 },
    /// A number too large to keep.
    TooLarge,
    /// A number above the most its field (or any stored number) may be.
    AboveMaximum { max: f64 },
    /// A number below the least its field may be.
    BelowMinimum { min: f64 },
    /// A non-zero number closer to zero than any stored number may be.
    TooSmall { min: f64 },
    /// A percentage or ratio (`figure`, from numerator and denominator) outside its
    /// indicator's bounds.
    FigureOutOfBounds { figure: f64, min: f64, max: f64 },
    /// A typed number that could be read two ways (or is written the other language's way):
    /// how it would be read, kept only once confirmed.
    Ambiguous { typed: String, reading: f64 },
    /// A figure far from the organisation's own history (`median` of its last approved
    /// periods), submitted without a comment saying why.
    UnusualNeedsComment { median: f64 },
    /// A percentage whose numerator is larger than its denominator.
    NumeratorAboveDenominator { numerator: f64, denominator: f64 },
    /// A denominator of zero or less.
    NotPositive,
    /// A milestone stage outside `0..=last`.
    StageOutOfRange { last: usize },
    /// A milestone indicator without stages.
    NoStages,
    /// A text of blanks only.
    Blank,
    /// A text longer than `max` characters.
    TooLong { max: usize },
    /// Not an absolute `http`/`https` address.
    NotWebAddress,
    /// An indicator code not assigned to the reporter's organisation.
    NotAssigned { indicator: String },
    /// A status a reporter may not set (only draft and submitted).
    StatusNotAllowed,
    /// A period that does not fit the indicator's frequency.
    Period(PeriodError),
    /// A period outside the program's years.
    OutsideProgram {
        period: String,
        starts: NaiveDate,
        ends: NaiveDate,
    },
    /// A period that has not started.
    InFuture { period: String, starts: NaiveDate },
    /// Submitting a period that has not ended.
    StillRunning { period: String, ends: NaiveDate },
    /// A unit other than the indicator's.
    WrongUnit { expected: String, indicator: String },
    /// The API's guard: the unit must be sent.
    UnitRequired,
    /// Not measured, calculated or estimated.
    UnknownDataQuality,
    /// Not none, limited or reasonable.
    UnknownAssurance,
    /// A version below 1.
    VersionTooLow,
    /// An update that names another indicator than the observation's.
    IndicatorFixed { indicator: String },
    /// An update that names another period than the observation's.
    PeriodFixed { starts: NaiveDate },
    /// A return without the note saying what to correct.
    NoteRequired,
    /// An indicator computed from activity data (`indicator.computed_from`): nobody reports it.
    Computed { indicator: String },
    /// An RKEF carbon balance with more carbon leaving in products and slag than came in.
    CarbonOutAboveIn,
    /// An item (or field) that could not be read at all; the reader's own explanation, if it
    /// gave one (the API's JSON reader names the field and the expected type).
    Unreadable(Option<String>),
    /// A ledger month whose two sides differ by `imbalance` (inflow − outflow) beyond the
    /// tolerance, submitted without a comment explaining it (`domain::flows`).
    Unbalanced { imbalance: f64 },
    /// A code (a material's, an organisation's) that names nothing known.
    UnknownCode { code: String },
    /// A transfer from an organisation to itself.
    SameOrganisation,
    /// A refusal the workflow states about an input or an item of a batch (a duplicate, a
    /// version that does not match, a locked observation).
    Refused(ReportRefusal),
}

/// A problem with one field of an input.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    /// The item's position in a batch; `None` for a single input.
    pub item: Option<usize>,
    /// The field at fault (`numerator`, `period_start`…); `None` for the input (or the item)
    /// as a whole.
    pub field: Option<String>,
    /// What is wrong.
    pub problem: InputProblem,
}

impl FieldError {
    /// A problem with `field` of a single input.
    pub fn new(field: impl Into<String>, problem: InputProblem) -> Self {
        FieldError {
            item: None,
            field: Some(field.into()),
            problem,
        }
    }

    /// A problem with an input (or an item) as a whole.
    pub fn whole(problem: InputProblem) -> Self {
        FieldError {
            item: None,
            field: None,
            problem,
        }
    }

    /// The same problem, about item `item` of a batch (`None`: a single input).
    pub fn in_item(self, item: Option<usize>) -> Self {
        FieldError { item, ..self }
    }

    /// A JSON Pointer (RFC 6901) into the request body: `/items/3/numerator` in a batch,
    /// `/numerator` for a single input, `/items/3` or `""` for the whole item or input.
    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        if let Some(item) = self.item {
            pointer.push_str(&format!("/items/{item}"));
        }
        if let Some(field) = &self.field {
            pointer.push('/');
            pointer.push_str(field);
        }
        pointer
    }
}

/// For logs only: the pointer and the problem's name (people read the worded message).
impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:?}", self.pointer(), self.problem)
    }
}

impl std::error::Error for FieldError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_name_the_item_and_the_field() {
        let single = FieldError::new("numerator", InputProblem::TooLarge);
        assert_eq!(single.pointer(), "/numerator");
        assert_eq!(
            single.clone().in_item(Some(3)).pointer(),
            "/items/3/numerator"
        );
        let whole = FieldError::whole(InputProblem::Unreadable(None));
        assert_eq!(whole.clone().in_item(Some(0)).pointer(), "/items/0");
        assert_eq!(whole.pointer(), "");
    }
}
