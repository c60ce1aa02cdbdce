//! Imports as data: the limits of a file, what may be wrong with a file as a whole, and what is
//! wrong with one cell of one row (the row and the column as the person sees them in their
//! spreadsheet, the text read there, and the problem). The workflow (`workflow::imports`)
//! finds them; only the edges word them (`i18n::import`). Pure data: nothing outside `domain/`.

use crate::domain::field_error::InputProblem;
use crate::domain::report_refusal::ReportRefusal;

/// The largest file accepted (bytes).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most rows (not counting the header and empty rows) one file may hold.
pub const MAX_ROWS: usize = 50_000;

/// Why a file cannot be read at all (nothing about its rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Empty upload.
    Empty,
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge { bytes: usize },
    /// More than [`MAX_ROWS`] rows.
    TooManyRows { rows: usize },
    /// Neither a workbook (`.xlsx`) nor UTF-8 CSV text.
    NotReadable,
    /// A workbook whose first sheet cannot be read.
    NoSheet,
    /// No header row naming an `indicator` column within the first rows.
    NoHeader,
    /// A header row, and not a single row under it.
    NoRows,
    /// No header row naming this column within the first rows (a file whose rows are keyed
    /// by another column than `indicator`: activity data by `month`).
    NoHeaderWith(&'static str),
}

/// What is wrong with one cell (or a row as a whole), beyond the rules of the input itself.
#[derive(Debug, Clone, PartialEq)]
pub enum CellProblem {
    /// One of the reports workflow's problems with the row's input (the same as the API's).
    Input(InputProblem),
    /// A column Pilar does not read: reported, never silently dropped.
    UnknownColumn,
    /// Not a date (`2026-10-01`, or a date cell).
    NotADate,
    /// A number written as text that could be read two ways; a file cannot confirm it, so it
    /// must be written unambiguously (`reading` is how the upload's language reads it).
    Ambiguous { typed: String, reading: f64 },
    /// The same indicator and period as an earlier row.
    Duplicate { first_row: usize },
    /// A row naming an organisation other than the one the file is imported for.
    OtherOrganisation { named: String },
    /// What the structure's rules refuse in a file of targets, baselines or assignments
    /// (the admin forms' rules, `workflow::structure`).
    Structure(StructureProblem),
    /// What only a file of GHG activity data can get wrong.
    Activity(ActivityProblem),
}

/// A row of a file of GHG activity data that names a stored row it cannot change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityProblem {
    /// An `id` that names no activity row of the organisation the file is imported for.
    UnknownRow,
    /// The same `id` as an earlier row.
    SameRowTwice { first_row: usize },
    /// The organisation reports no activity data: it belongs to no park.
    NoPark,
}

/// A row of targets, baselines or assignments refused by the rules of the admin forms, as
/// the import words it (the workflow's own problems, translated once in `workflow::imports`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructureProblem {
    /// A cell that must be filled in is empty.
    Required,
    /// No live indicator of the program has this code.
    UnknownIndicator,
    /// No live organisation has this code.
    UnknownOrganisation,
    /// Neither "target" nor "baseline".
    NotTargetOrBaseline,
    /// Not a year from 2000 to 2100.
    Year,
    /// Not a number.
    Number,
    /// Beyond what any figure may be.
    Implausible,
    /// A target the indicator's kind cannot reach (a percentage above 100…).
    TargetRange,
    /// A change of a target or baseline without its reason.
    Reason,
    /// A target or baseline of an archived indicator.
    Archived,
    /// A park-level indicator assigned to an organisation other than the park office.
    ParkLevel,
    /// An indicator computed from activity data assigned to an organisation.
    Computed,
    /// Not a date.
    Date,
    /// Changed by someone else since the file was checked: check it again.
    Changed,
    /// Any other rule of the forms (named for the log).
    Other(&'static str),
}

/// One problem in one place of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct RowProblem {
    /// The row as the spreadsheet numbers it (1 = the first line of the file).
    pub row: usize,
    /// The column's header (`value`, `period_start`…); `None` for the row as a whole.
    pub column: Option<String>,
    /// What was read in that cell, as text (empty for the row as a whole).
    pub read: String,
    pub problem: CellProblem,
}

impl RowProblem {
    /// A row refused as a whole: what it would change is locked (approved, awaiting review)
    /// or changed since it was read.
    pub fn refused(row: usize, refusal: ReportRefusal) -> RowProblem {
        RowProblem {
            row,
            column: None,
            read: String::new(),
            problem: CellProblem::Input(InputProblem::Refused(refusal)),
        }
    }
}

impl From<StructureProblem> for CellProblem {
    fn from(problem: StructureProblem) -> Self {
        CellProblem::Structure(problem)
    }
}

impl crate::domain::kinds::ImportKind {
    /// Whether a file of this kind belongs to one organisation (its reports, its ledger), named
    /// when it is uploaded; targets and assignments belong to the program.
    pub fn of_one_organisation(self) -> bool {
        use crate::domain::kinds::ImportKind as K;
        match self {
            K::Reports | K::Ledger | K::Activity => true,
            K::Targets | K::Assignments => false,
        }
    }

    /// Whether a file of this kind changes one program's structure (targets, baselines,
    /// assignments): the program in scope when it is uploaded, kept with it (migration 0044).
    pub fn of_one_program(self) -> bool {
        !self.of_one_organisation()
    }
}
