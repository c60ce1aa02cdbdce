//! The words of imports (`/import`, `POST /api/v1/imports`, the template): the page, the
//! preview, what can be wrong with a file or a cell, and the template's headers and notes.
//! [`ImportStrings::say`] words a `domain::import::RowProblem` — a problem the reports
//! workflow found is worded by the validation catalogue, as for the forms and the API. The
//! shape only: the values are in `en.rs` and `id.rs`. May use `domain/` only.

use crate::domain::field_error::FieldError;
use crate::domain::import::{
    ActivityProblem, CellProblem, FileProblem, MAX_FILE_BYTES, MAX_ROWS, StructureProblem,
};
use crate::domain::kinds::{ImportKind, IndicatorKind};

use super::structure::StructureStrings;
use super::validation::{ValidationStrings, written_number};

/// The import area's strings.
#[derive(Debug)]
pub struct ImportStrings {
    pub title: &'static str,
    pub intro: &'static str,
    /// The template link and what it holds.
    pub template: &'static str,
    pub template_intro: &'static str,
    pub file: &'static str,
    pub file_hint: fn(&str, &str) -> String,
    pub organisation: &'static str,
    pub upload: &'static str,
    pub preview_title: &'static str,
    /// The file's name, the organisation's code.
    pub preview_of: fn(&str, &str) -> String,
    /// Rows read, rows that would be created, changed, left as they are.
    pub counts: fn(usize, usize, usize, usize) -> String,
    /// Rows with nothing filled in, skipped.
    pub skipped: fn(usize) -> String,
    pub all_pass: &'static str,
    /// How many problems: nothing stored.
    pub problems_intro: fn(usize) -> String,
    pub row: &'static str,
    pub column: &'static str,
    pub read: &'static str,
    pub problem: &'static str,
    pub whole_row: &'static str,
    pub commit: &'static str,
    pub committed: &'static str,
    pub see_reports: &'static str,
    pub upload_another: &'static str,
    /// A file that cannot be read at all: the problem, the limits filled in.
    pub file_problem: fn(&FileProblem, &str, &str) -> String,
    pub unknown_column: &'static str,
    pub not_a_date: &'static str,
    /// The text as typed, how it would be read.
    pub ambiguous: fn(&str, &str) -> String,
    /// The earlier row's number.
    pub duplicate: fn(&str) -> String,
    /// The organisation the row names.
    pub other_organisation: fn(&str) -> String,
    /// An organisation code no organisation has.
    pub unknown_organisation: fn(&str) -> String,
    pub choose_organisation: &'static str,
    /// Template: the sheet's name, the header labels by column, what a row of a kind needs,
    /// the note above the table.
    pub sheet_name: &'static str,
    pub column_label: fn(&str) -> &'static str,
    pub needs: fn(IndicatorKind) -> &'static str,
    pub template_note: &'static str,
    /// Targets, baselines and assignments (admins).
    pub structure: ImportStructureStrings,
    /// GHG activity data (tenants).
    pub activity: ImportActivityStrings,
    /// A file of an organisation's material-flow ledger.
    pub ledger: ImportLedgerStrings,
}

/// The words of a file of GHG activity data (`workflow::imports::activity`).
#[derive(Debug)]
pub struct ImportActivityStrings {
    /// The links to the template, as a workbook and as CSV, and what they hold.
    pub template_xlsx: &'static str,
    pub template_csv: &'static str,
    pub template_intro: &'static str,
    pub see_activity: &'static str,
    pub sheet_name: &'static str,
    pub note: &'static str,
    pub unknown_row: &'static str,
    /// The earlier row's number.
    pub same_row_twice: fn(&str) -> String,
    pub no_park: &'static str,
    /// Labels of the template's columns.
    pub column_label: fn(&str) -> &'static str,
}

/// The words of a ledger file (issue 18): its templates, its preview, its sheets and columns.
#[derive(Debug)]
pub struct ImportLedgerStrings {
    /// The template links and what they hold.
    pub template: &'static str,
    pub csv_months: &'static str,
    pub csv_transfers: &'static str,
    pub template_intro: &'static str,
    /// The file's name, the organisation's code.
    pub preview_of: fn(&str, &str) -> String,
    pub commit: &'static str,
    pub see_ledger: &'static str,
    pub months_sheet: &'static str,
    pub transfers_sheet: &'static str,
    /// The headers of the sheet of lists the drop-downs offer.
    pub materials_list: &'static str,
    pub receivers_list: &'static str,
    pub note: &'static str,
    /// Labels of the columns only a ledger file has.
    pub column_label: fn(&str) -> &'static str,
}

/// The words of the admins' imports: targets and baselines, assignments.
#[derive(Debug)]
pub struct ImportStructureStrings {
    /// The choice of what a file holds, and each kind's name.
    pub kind: &'static str,
    pub kind_label: fn(ImportKind) -> &'static str,
    /// What the organisation field is for, when the file holds reports.
    pub organisation_hint: &'static str,
    pub targets_template: &'static str,
    pub assignments_template: &'static str,
    pub templates_intro: &'static str,
    /// The file's name, what it holds, the code of the program whose structure it changes.
    pub preview_of: fn(&str, &str, &str) -> String,
    pub see_targets: &'static str,
    pub see_assignments: &'static str,
    /// A row's `what`: its code (`target`, `baseline`) as the template writes it.
    pub what_label: fn(&str) -> &'static str,
    /// Recorded as the reason of a first baseline set without one.
    pub first_baseline_reason: &'static str,
    pub required: &'static str,
    pub unknown_indicator: &'static str,
    pub unknown_organisation: &'static str,
    pub not_target_or_baseline: &'static str,
    pub reason_needed: &'static str,
    pub park_level: &'static str,
    /// An indicator computed from activity data is assigned to nobody.
    pub computed_indicator: &'static str,
    pub not_a_start_date: &'static str,
    pub changed_meanwhile: &'static str,
    pub targets_sheet: &'static str,
    pub assignments_sheet: &'static str,
    pub targets_note: &'static str,
    pub assignments_note: &'static str,
    /// Labels of the columns only these files have.
    pub column_label: fn(&str) -> &'static str,
}

impl ImportStrings {
    /// One problem of a row as a sentence: the reports workflow's problems in the validation
    /// catalogue's words (the field being the column), the import's own here.
    pub fn say(
        &self,
        validation: &ValidationStrings,
        structure: &StructureStrings,
        problem: &CellProblem,
        column: Option<&str>,
    ) -> String {
        let number = |x: f64| written_number(x, validation.thousands, validation.decimal);
        match problem {
            CellProblem::Input(p) => validation.say(&FieldError {
                item: None,
                // A column of another sheet (`transfers!receiver`) is worded as its field.
                field: column.map(|c| c.rsplit('!').next().unwrap_or(c).to_string()),
                problem: p.clone(),
            }),
            CellProblem::UnknownColumn => self.unknown_column.into(),
            CellProblem::NotADate => self.not_a_date.into(),
            CellProblem::Ambiguous { typed, reading } => (self.ambiguous)(typed, &number(*reading)),
            CellProblem::Duplicate { first_row } => (self.duplicate)(&first_row.to_string()),
            CellProblem::OtherOrganisation { named } => (self.other_organisation)(named),
            CellProblem::Structure(p) => self.say_structure(structure, *p).into(),
            CellProblem::Activity(p) => self.say_activity(*p),
        }
    }

    /// A problem only a file of activity data has.
    fn say_activity(&self, problem: ActivityProblem) -> String {
        let a = &self.activity;
        match problem {
            ActivityProblem::UnknownRow => a.unknown_row.into(),
            ActivityProblem::SameRowTwice { first_row } => {
                (a.same_row_twice)(&first_row.to_string())
            }
            ActivityProblem::NoPark => a.no_park.into(),
        }
    }

    /// A problem of a row of targets, baselines or assignments: the admin forms' words where
    /// they fit a file, the import's own where the forms speak of their fields.
    fn say_structure(
        &self,
        structure: &StructureStrings,
        problem: StructureProblem,
    ) -> &'static str {
        let s = &self.structure;
        match problem {
            StructureProblem::Required => s.required,
            StructureProblem::UnknownIndicator => s.unknown_indicator,
            StructureProblem::UnknownOrganisation => s.unknown_organisation,
            StructureProblem::NotTargetOrBaseline => s.not_target_or_baseline,
            StructureProblem::Year => structure.err_year,
            StructureProblem::Number => structure.err_number,
            StructureProblem::Implausible => structure.err_implausible,
            StructureProblem::TargetRange => structure.err_target_range,
            StructureProblem::Reason => s.reason_needed,
            StructureProblem::Archived => structure.err_archived,
            StructureProblem::ParkLevel => s.park_level,
            StructureProblem::Computed => s.computed_indicator,
            StructureProblem::Date => s.not_a_start_date,
            StructureProblem::Changed => s.changed_meanwhile,
            StructureProblem::Other(_) => structure.err_choose,
        }
    }

    /// A row's `what` (`target`, `baseline`) as the reader's language writes it.
    pub fn what_label(&self, code: &str) -> &'static str {
        (self.structure.what_label)(code)
    }

    /// A column's label in the template's first header row, whatever the file holds.
    pub fn any_column_label(&self, column: &str) -> &'static str {
        match (self.structure.column_label)(column) {
            "" => match (self.ledger.column_label)(column) {
                "" => (self.column_label)(column),
                label => label,
            },
            label => label,
        }
    }

    /// A file that cannot be read, with the limits written for this language.
    pub fn say_file(&self, validation: &ValidationStrings, problem: &FileProblem) -> String {
        let count = |n: usize| written_number(n as f64, validation.thousands, validation.decimal);
        (self.file_problem)(
            problem,
            &format!("{} MB", MAX_FILE_BYTES / (1024 * 1024)),
            &count(MAX_ROWS),
        )
    }
}
