//! A file of yearly targets and baselines (admins): one row per indicator and year, `what`
//! saying whether the row is the year's target (the default) or the indicator's baseline, with
//! the reason for a change. Each row goes through the admin forms' own use cases — a target
//! through `structure::targets::set` (so every change lands in `target_revision` with the old
//! value, who and why, exactly as the target form keeps it), a baseline through
//! `structure::indicators::set_baseline` — in the import's one transaction. A row equal to what
//! is stored is left alone: uploading the same file again changes nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::cells::{self, Columns, structure_problem};
use super::reports::Outcome;
use super::sheet::{Sheet, SheetRow};
use crate::domain::import::{CellProblem, RowProblem, StructureProblem};
use crate::domain::structure::normalise_code;
use crate::domain::{Actor, AuditOrigin};
use crate::i18n::Locale;
use crate::store;
use crate::store::structure::IndicatorRecord;
use crate::workflow::structure::indicators::{self, BaselineInput};
use crate::workflow::structure::targets::{self, TargetInput};
use crate::workflow::structure::{FieldProblem, StructureError};

/// The columns a file of targets and baselines may have.
pub const COLUMNS: &[&str] = &["indicator", "what", "year", "value", "reason"];
/// Columns the template writes for the person filling it in, never read.
pub const INFORMATION_COLUMNS: &[&str] = &["name", "unit"];

/// What a row sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum What {
    Target,
    Baseline,
}

impl What {
    /// `target` or `baseline`, as its code or as its label in either language; empty is a
    /// target.
    pub fn read(text: Option<&str>) -> Option<What> {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Some(What::Target);
        };
        [What::Target, What::Baseline].into_iter().find(|w| {
            w.code().eq_ignore_ascii_case(text)
                || Locale::ALL.iter().any(|l| {
                    l.strings()
                        .imports
                        .what_label(w.code())
                        .eq_ignore_ascii_case(text)
                })
        })
    }

    pub fn code(self) -> &'static str {
        match self {
            What::Target => "target",
            What::Baseline => "baseline",
        }
    }
}

/// One row read and checked as far as the file alone can say.
struct ReadRow<'a> {
    number: usize,
    indicator: &'a IndicatorRecord,
    what: What,
    year: i16,
    value: f64,
    reason: String,
}

/// Checks every row of `sheet` and writes the new and changed targets and baselines in `tx`
/// through the structure workflows. The caller commits only when the outcome has no problem.
pub async fn check_and_write(
    tx: &mut Transaction<'_, Postgres>,
    sheet: &Sheet,
    locale: Locale,
    actor: &Actor,
    context: &AuditOrigin,
    program_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Outcome, sqlx::Error> {
    let mut outcome = Outcome {
        rows: sheet.rows.len(),
        problems: cells::unknown_columns(sheet, COLUMNS, INFORMATION_COLUMNS),
        ..Outcome::default()
    };
    let indicators = store::structure::indicators(&mut **tx, program_id).await?;
    let stored: HashMap<(Uuid, i16), (f64, i32)> =
        store::structure::program_targets(&mut **tx, program_id)
            .await?
            .into_iter()
            .map(|t| ((t.indicator_id, t.year), (t.value, t.version)))
            .collect();
    let columns = Columns::of(sheet);
    let mut rows: Vec<ReadRow> = Vec::new();
    let mut first_row: HashMap<(Uuid, What, i16), usize> = HashMap::new();
    for row in &sheet.rows {
        match read_row(row, &columns, &indicators, locale) {
            Err(problems) => outcome.problems.extend(problems),
            Ok(None) => outcome.skipped += 1,
            Ok(Some(read)) => {
                // An indicator has one target a year, and one baseline whatever its year.
                let year = if read.what == What::Baseline {
                    0
                } else {
                    read.year
                };
                let key = (read.indicator.id, read.what, year);
                if let Some(first) = first_row.insert(key, read.number) {
                    outcome.problems.push(RowProblem {
                        row: read.number,
                        column: Some("year".into()),
                        read: read.year.to_string(),
                        problem: CellProblem::Duplicate { first_row: first },
                    });
                } else {
                    rows.push(read);
                }
            }
        }
    }

    let words = locale.strings();
    for row in &rows {
        let code = row.indicator.code.as_str();
        let written = match row.what {
            What::Target => {
                let current = stored.get(&(row.indicator.id, row.year));
                if current.is_some_and(|(v, _)| *v == row.value) {
                    outcome.unchanged += 1;
                    continue;
                }
                let input = TargetInput {
                    year: Some(row.year),
                    value: Some(row.value),
                    expected_version: current.map(|(_, version)| *version),
                    reason: row.reason.clone(),
                    first_target_reason: words.structure.first_target_reason.into(),
                };
                let result = targets::set(tx, actor, context, program_id, code, &input).await;
                result.map(|()| current.is_some())
            }
            What::Baseline => {
                let i = row.indicator;
                if i.baseline_value == Some(row.value) && i.baseline_year == Some(row.year) {
                    outcome.unchanged += 1;
                    continue;
                }
                let input = BaselineInput {
                    value: Some(row.value),
                    year: Some(row.year),
                    expected_version: Some(i.version),
                    reason: row.reason.clone(),
                    first_reason: words.imports.structure.first_baseline_reason.into(),
                };
                let result =
                    indicators::set_baseline(tx, actor, context, program_id, code, &input, now)
                        .await;
                result.map(|()| i.baseline_value.is_some())
            }
        };
        match written {
            Ok(true) => outcome.changed += 1,
            Ok(false) => outcome.created += 1,
            Err(StructureError::Database(e)) => return Err(e),
            Err(StructureError::Invalid(problems)) => outcome
                .problems
                .extend(problems.into_iter().map(|p| refused(row, p))),
            Err(StructureError::NotFound(_)) => outcome.problems.push(RowProblem {
                row: row.number,
                column: Some("indicator".into()),
                read: code.to_string(),
                problem: CellProblem::Structure(StructureProblem::UnknownIndicator),
            }),
            Err(_) => outcome.problems.push(RowProblem {
                row: row.number,
                column: None,
                read: String::new(),
                problem: CellProblem::Structure(StructureProblem::Changed),
            }),
        }
    }
    outcome.problems.sort_by_key(|p| p.row);
    Ok(outcome)
}

/// A problem the structure workflow found with a row, in the column the file names.
fn refused(row: &ReadRow, p: FieldProblem) -> RowProblem {
    let (column, read) = match p.field {
        "year" | "baseline_year" => ("year", row.year.to_string()),
        "value" | "baseline_value" => ("value", row.value.to_string()),
        "reason" => ("reason", row.reason.clone()),
        _ => ("indicator", row.indicator.code.clone()),
    };
    RowProblem {
        row: row.number,
        column: Some(column.into()),
        read,
        problem: CellProblem::Structure(structure_problem(p.problem)),
    }
}

/// A row read: `None` when nothing is typed in it (a template's year left blank).
fn read_row<'a>(
    row: &SheetRow,
    columns: &Columns,
    indicators: &'a [IndicatorRecord],
    locale: Locale,
) -> Result<Option<ReadRow<'a>>, Vec<RowProblem>> {
    let cell = |column: &str| columns.cell(row, column);
    let value = cells::number(cell("value"), locale);
    let reason = cells::text(cell("reason")).unwrap_or_default();
    if matches!(value, Ok(None)) && reason.trim().is_empty() {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let mut problem = |column: &str, problem: CellProblem| {
        problems.push(RowProblem {
            row: row.number,
            column: Some(column.to_string()),
            read: cell(column).shown(),
            problem,
        })
    };
    let indicator = match cells::text(cell("indicator")) {
        None => {
            problem("indicator", StructureProblem::Required.into());
            None
        }
        Some(code) => {
            let code = normalise_code(&code);
            let found = indicators.iter().find(|i| i.code == code && !i.archived);
            if found.is_none() {
                problem("indicator", StructureProblem::UnknownIndicator.into());
            }
            found
        }
    };
    let what = What::read(cells::text(cell("what")).as_deref());
    if what.is_none() {
        problem("what", StructureProblem::NotTargetOrBaseline.into());
    }
    let year = match cells::year(cell("year")) {
        Ok(Some(y)) => Some(y),
        Ok(None) => {
            problem("year", StructureProblem::Required.into());
            None
        }
        Err(p) => {
            problem("year", p);
            None
        }
    };
    let value = match value {
        Ok(Some(v)) => Some(v),
        Ok(None) => {
            problem("value", StructureProblem::Required.into());
            None
        }
        Err(p) => {
            problem("value", p);
            None
        }
    };
    match (indicator, what, year, value) {
        (Some(indicator), Some(what), Some(year), Some(value)) if problems.is_empty() => {
            Ok(Some(ReadRow {
                number: row.number,
                indicator,
                what,
                year,
                value,
                reason,
            }))
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_reads_codes_and_labels_in_either_language_and_blank_is_a_target() {
        assert_eq!(What::read(None), Some(What::Target));
        assert_eq!(What::read(Some("  ")), Some(What::Target));
        assert_eq!(What::read(Some("Baseline")), Some(What::Baseline));
        assert_eq!(
            What::read(Some(Locale::Id.strings().imports.what_label("baseline"))),
            Some(What::Baseline)
        );
        assert_eq!(What::read(Some("forecast")), None);
    }
}
