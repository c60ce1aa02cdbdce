//! Reading the cells of a file of targets and baselines or of assignments: which column is
//! which, a number typed as text read by the upload's language (`domain::number`, the forms'
//! reader; an ambiguous one refused, never guessed), a year, a date, a text; the header's
//! unknown columns; and the structure workflows' problems as an import words them. Pure code.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::sheet::{Cell, Sheet, SheetRow};
use crate::domain::import::{CellProblem, RowProblem, StructureProblem};
use crate::domain::{Reading, read_number};
use crate::i18n::Locale;

/// The columns of a sheet by name.
pub struct Columns<'a> {
    at: HashMap<&'a str, usize>,
}

impl<'a> Columns<'a> {
    pub fn of(sheet: &'a Sheet) -> Self {
        Columns {
            at: sheet
                .columns
                .iter()
                .enumerate()
                .map(|(i, c)| (c.as_str(), i))
                .collect(),
        }
    }

    /// The row's cell in `column` (empty when the file has no such column).
    pub fn cell<'r>(&self, row: &'r SheetRow, column: &str) -> &'r Cell {
        self.at.get(column).map_or(&Cell::Empty, |i| row.cell(*i))
    }
}

/// The header's columns that are neither `read` nor `information`: each a problem on the
/// header row, never silently dropped.
pub fn unknown_columns(sheet: &Sheet, read: &[&str], information: &[&str]) -> Vec<RowProblem> {
    sheet
        .columns
        .iter()
        .filter(|c| {
            !c.is_empty() && !read.contains(&c.as_str()) && !information.contains(&c.as_str())
        })
        .map(|c| RowProblem {
            row: sheet.header_row,
            column: Some(c.clone()),
            read: c.clone(),
            problem: CellProblem::UnknownColumn,
        })
        .collect()
}

/// A cell's text, `None` when empty.
pub fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        other => Some(other.shown()),
    }
}

/// A number: a number cell, or text read the way the upload's language writes numbers.
pub fn number(cell: &Cell, locale: Locale) -> Result<Option<f64>, CellProblem> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Number(n) => Ok(Some(*n)),
        Cell::Date(_) => Err(CellProblem::Structure(StructureProblem::Number)),
        Cell::Text(t) => match read_number(t, locale.number_convention()) {
            Ok(Reading::Exact(v)) => Ok(Some(v)),
            Ok(Reading::Confirm(reading)) => Err(CellProblem::Ambiguous {
                typed: t.clone(),
                reading,
            }),
            Err(_) => Err(CellProblem::Structure(StructureProblem::Number)),
        },
    }
}

/// A year: a whole number (cell or text) from 2000 to 2100 is left to the rules; anything that
/// is not a whole number at all is refused here.
pub fn year(cell: &Cell) -> Result<Option<i16>, CellProblem> {
    let whole = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 32_000.0 => Some(*n as i16),
        Cell::Text(t) => t.trim().parse::<i16>().ok(),
        _ => None,
    };
    whole
        .map(Some)
        .ok_or(CellProblem::Structure(StructureProblem::Year))
}

/// A date: a date cell, or text written as 2026-10-01.
pub fn date(cell: &Cell) -> Result<Option<NaiveDate>, CellProblem> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Text(t) => NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| CellProblem::Structure(StructureProblem::Date)),
        Cell::Number(_) => Err(CellProblem::Structure(StructureProblem::Date)),
    }
}

/// A structure workflow's problem as an import words it.
pub fn structure_problem(problem: crate::workflow::structure::Problem) -> StructureProblem {
    use crate::workflow::structure::Problem as P;
    match problem {
        P::Required => StructureProblem::Required,
        P::Year => StructureProblem::Year,
        P::Number | P::AmbiguousNumber => StructureProblem::Number,
        P::Implausible => StructureProblem::Implausible,
        P::TargetRange => StructureProblem::TargetRange,
        P::Reason => StructureProblem::Reason,
        P::Archived => StructureProblem::Archived,
        P::ParkLevel => StructureProblem::ParkLevel,
        P::Computed => StructureProblem::Computed,
        P::Date => StructureProblem::Date,
        other => StructureProblem::Other(other.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_by_the_language_and_an_ambiguous_one_is_refused() {
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(number(&t("1.250,5"), Locale::Id), Ok(Some(1250.5)));
        assert_eq!(number(&t("1,250.5"), Locale::En), Ok(Some(1250.5)));
        assert_eq!(number(&Cell::Number(3.0), Locale::Id), Ok(Some(3.0)));
        assert!(matches!(
            number(&t("1.300"), Locale::En),
            Err(CellProblem::Ambiguous { .. })
        ));
        assert_eq!(
            number(&t("lots"), Locale::En),
            Err(CellProblem::Structure(StructureProblem::Number))
        );
        assert_eq!(year(&Cell::Number(2027.0)), Ok(Some(2027)));
        assert_eq!(year(&t(" 2028 ")), Ok(Some(2028)));
        assert_eq!(
            year(&Cell::Number(2027.5)),
            Err(CellProblem::Structure(StructureProblem::Year))
        );
        assert_eq!(
            date(&t("2026-13-01")),
            Err(CellProblem::Structure(StructureProblem::Date))
        );
    }
}
