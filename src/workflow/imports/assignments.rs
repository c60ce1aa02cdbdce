//! A file of assignments (admins): one row per organisation and indicator, with the day from
//! which reports are expected (`starts_on`: the first period is the first whose end falls on
//! or after it). Each row goes through the admin API's own use case,
//! `structure::assignments::assign` (the park-level rule included), in the import's one
//! transaction. A pair already live is left as it is, its first period too: uploading the same
//! file again changes nothing. Nothing is unassigned by a file (the matrix does that).

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::cells::{self, Columns, structure_problem};
use super::reports::Outcome;
use super::sheet::{Sheet, SheetRow};
use crate::domain::import::{CellProblem, RowProblem, StructureProblem};
use crate::domain::structure::normalise_code;
use crate::domain::{Actor, AuditOrigin};
use crate::store;
use crate::workflow::structure::StructureError;
use crate::workflow::structure::assignments::{AssignmentInput, assign};

/// The columns a file of assignments may have.
pub const COLUMNS: &[&str] = &["organisation", "indicator", "starts_on"];
/// Columns the template writes for the person filling it in, never read.
pub const INFORMATION_COLUMNS: &[&str] = &["organisation_name", "name"];

struct ReadRow {
    number: usize,
    organisation: String,
    indicator: String,
    starts_on: NaiveDate,
}

/// Checks every row of `sheet` and assigns the new pairs in `tx` through the assignments
/// workflow. The caller commits only when the outcome has no problem.
pub async fn check_and_write(
    tx: &mut Transaction<'_, Postgres>,
    sheet: &Sheet,
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
    let live: HashSet<(String, String)> = store::structure::assignment_pairs(&mut **tx, program_id)
        .await?
        .into_iter()
        .collect();
    let columns = Columns::of(sheet);
    let mut first_row: std::collections::HashMap<(String, String), usize> = Default::default();
    let mut rows = Vec::new();
    for row in &sheet.rows {
        match read_row(row, &columns) {
            Err(problems) => outcome.problems.extend(problems),
            Ok(read) => {
                let key = (read.organisation.clone(), read.indicator.clone());
                if let Some(first) = first_row.insert(key, read.number) {
                    outcome.problems.push(RowProblem {
                        row: read.number,
                        column: Some("indicator".into()),
                        read: read.indicator.clone(),
                        problem: CellProblem::Duplicate { first_row: first },
                    });
                } else {
                    rows.push(read);
                }
            }
        }
    }
    for row in &rows {
        if live.contains(&(row.organisation.clone(), row.indicator.clone())) {
            outcome.unchanged += 1;
            continue;
        }
        let input = AssignmentInput {
            organisation: row.organisation.clone(),
            indicator: row.indicator.clone(),
            starts_on: Some(row.starts_on),
        };
        match assign(tx, actor, context, program_id, &input, now).await {
            Ok(assigned) if assigned.added => outcome.created += 1,
            Ok(_) => outcome.unchanged += 1,
            Err(StructureError::Database(e)) => return Err(e),
            Err(StructureError::Invalid(problems)) => {
                outcome.problems.extend(problems.into_iter().map(|p| {
                    let (column, read, problem) = match (p.field, p.problem) {
                        ("organisation", crate::workflow::structure::Problem::Choose) => (
                            "organisation",
                            row.organisation.clone(),
                            StructureProblem::UnknownOrganisation,
                        ),
                        ("indicator", crate::workflow::structure::Problem::Choose) => (
                            "indicator",
                            row.indicator.clone(),
                            StructureProblem::UnknownIndicator,
                        ),
                        ("indicator", problem) => (
                            "indicator",
                            row.indicator.clone(),
                            structure_problem(problem),
                        ),
                        ("starts_on", problem) => (
                            "starts_on",
                            row.starts_on.to_string(),
                            structure_problem(problem),
                        ),
                        (_, problem) => (
                            "organisation",
                            row.organisation.clone(),
                            structure_problem(problem),
                        ),
                    };
                    RowProblem {
                        row: row.number,
                        column: Some(column.into()),
                        read,
                        problem: CellProblem::Structure(problem),
                    }
                }))
            }
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

/// A row read: the codes as the structure keeps them (trimmed, in capitals) and the date.
fn read_row(row: &SheetRow, columns: &Columns) -> Result<ReadRow, Vec<RowProblem>> {
    let cell = |column: &str| columns.cell(row, column);
    let mut problems = Vec::new();
    let mut problem = |column: &str, problem: CellProblem| {
        problems.push(RowProblem {
            row: row.number,
            column: Some(column.to_string()),
            read: cell(column).shown(),
            problem,
        })
    };
    let mut code = |column: &str| match cells::text(cell(column)) {
        Some(code) => Some(normalise_code(&code)),
        None => {
            problem(column, StructureProblem::Required.into());
            None
        }
    };
    let organisation = code("organisation");
    let indicator = code("indicator");
    let starts_on = match cells::date(cell("starts_on")) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            problem("starts_on", StructureProblem::Required.into());
            None
        }
        Err(p) => {
            problem("starts_on", p);
            None
        }
    };
    match (organisation, indicator, starts_on) {
        (Some(organisation), Some(indicator), Some(starts_on)) if problems.is_empty() => {
            Ok(ReadRow {
                number: row.number,
                organisation,
                indicator,
                starts_on,
            })
        }
        _ => Err(problems),
    }
}
