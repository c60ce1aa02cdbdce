//! A file of GHG activity data: each row read into the activity workflow's own input
//! (`workflow::ghg::ActivityInput`, the API batch's and the form's), checked by its own
//! `check_activity` and written by its own `save_activity` — the same states, versions,
//! revisions and audit as `POST /api/v1/ghg/activity/batch`. Here only the reading of cells
//! (a month, a number typed as text read by the upload's language, a choice written as its
//! code or as its label in either language) and what makes a second upload of the same file
//! store nothing: a row equal to a stored row of the organisation is that row.
//!
//! A row with `id` and `version` (the template's draft and returned rows) changes that row;
//! a row without them is matched with a stored row of the same month and figures (each
//! stored row matched once, so a file with two equal cargoes stores two rows, once), else
//! creates one.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::cells::{self, Columns};
use super::reports::{Outcome, status_code};
use super::sheet::{Cell, Sheet, SheetRow};
use crate::domain::import::{ActivityProblem, CellProblem, RowProblem, StructureProblem};
use crate::domain::kinds::{ActivityKind, Carbonate, EnergyCarrier, Fuel, ObservationStatus};
use crate::domain::{AuditOrigin, FieldError, InputProblem};
use crate::i18n::{Locale, Strings};
use crate::store;
use crate::store::ghg::{ActivityColumns, ActivityRecord};
use crate::workflow::ghg::{
    self, ActivityInput, ActivityWrite, CheckedActivity, Reporter, ReportingError,
};

/// The column that finds the header row (a file of activity data has no `indicator`).
pub const KEY_COLUMN: &str = "month";

/// The columns a file of activity data may have, in the template's order; `organisation`
/// (when present) must name the organisation the file is imported for.
pub const COLUMNS: &[&str] = &[
    "month",
    "kind",
    "quantity",
    "fuel",
    "unit",
    "ncv",
    "carbon_out",
    "carbonate",
    "carrier",
    "counterparty",
    "comment",
    "status",
    "id",
    "version",
    "organisation",
];

/// The template's columns written for the reader, never read.
pub const INFORMATION_COLUMNS: &[&str] = &["current_status"];

/// The columns a person types an activity into: a row with all of them empty is skipped.
const ENTRY_COLUMNS: &[&str] = &[
    "kind",
    "quantity",
    "fuel",
    "unit",
    "ncv",
    "carbon_out",
    "carbonate",
    "carrier",
    "counterparty",
    "comment",
];

/// One row read: where to write, what, and what could not be read.
struct ReadRow {
    number: usize,
    existing: Option<(Uuid, i32)>,
    input: ActivityInput,
    problems: Vec<RowProblem>,
}

/// A choice written as its code or as its label in any language, as its code; anything else
/// as written, for the workflow's rule to refuse.
fn code_of<T: Copy>(
    text: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(&'static Strings, T) -> &'static str,
) -> String {
    let text = text.trim();
    all.iter()
        .find(|v| {
            code(**v).eq_ignore_ascii_case(text)
                || Locale::ALL
                    .iter()
                    .any(|l| label(l.strings(), **v).eq_ignore_ascii_case(text))
        })
        .map_or_else(|| text.to_string(), |v| code(*v).to_string())
}

/// An activity kind's label in the reader's language (the template's drop-down).
pub fn kind_label(t: &'static Strings, kind: ActivityKind) -> &'static str {
    t.ghg.activity_kind(kind)
}
pub fn fuel_label(t: &'static Strings, fuel: Fuel) -> &'static str {
    t.ghg.fuel(fuel)
}
pub fn carbonate_label(t: &'static Strings, carbonate: Carbonate) -> &'static str {
    t.ghg.carbonate(carbonate)
}
pub fn carrier_label(t: &'static Strings, carrier: EnergyCarrier) -> &'static str {
    t.ghg.carrier(carrier)
}

/// A month: a date cell, or `2026-03-01`, or `2026-03`.
fn month(cell: &Cell) -> Result<Option<NaiveDate>, CellProblem> {
    match cell {
        Cell::Text(t) if t.trim().len() == 7 => {
            NaiveDate::parse_from_str(&format!("{}-01", t.trim()), "%Y-%m-%d")
                .map(Some)
                .map_err(|_| CellProblem::NotADate)
        }
        other => cells::date(other).map_err(|_| CellProblem::NotADate),
    }
}

fn read_row(row: &SheetRow, columns: &Columns<'_>, organisation: &str, locale: Locale) -> ReadRow {
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
    if let Some(named) = cells::text(cell("organisation"))
        && !named.eq_ignore_ascii_case(organisation)
    {
        problem("organisation", CellProblem::OtherOrganisation { named });
    }
    let mut number = |column: &str| match cells::number(cell(column), locale) {
        Ok(n) => n,
        Err(CellProblem::Structure(StructureProblem::Number)) => {
            problem(column, CellProblem::Input(InputProblem::NotANumber));
            None
        }
        Err(other) => {
            problem(column, other);
            None
        }
    };
    let quantity = number("quantity");
    let ncv = number("ncv");
    let carbon_out = number("carbon_out");
    let version = number("version");
    let month = month(cell("month")).unwrap_or_else(|p| {
        problem("month", p);
        None
    });
    let id = cells::text(cell("id")).map(|t| t.trim().parse::<Uuid>());
    let existing = match (id, version) {
        (None, None) => None,
        (Some(Ok(id)), Some(v)) if v.fract() == 0.0 && (1.0..=i32::MAX as f64).contains(&v) => {
            Some((id, v as i32))
        }
        (Some(Ok(_)), None) => {
            problem("version", CellProblem::Input(InputProblem::Required));
            None
        }
        (Some(Ok(_)), Some(_)) => {
            problem("version", CellProblem::Input(InputProblem::VersionTooLow));
            None
        }
        (Some(Err(_)), _) => {
            problem("id", CellProblem::Activity(ActivityProblem::UnknownRow));
            None
        }
        (None, Some(_)) => {
            problem("id", CellProblem::Input(InputProblem::Required));
            None
        }
    };
    let choice = |column: &str| cells::text(cell(column));
    let input = ActivityInput {
        month,
        kind: choice("kind")
            .map(|t| code_of(&t, ActivityKind::ALL, ActivityKind::as_str, kind_label)),
        quantity,
        fuel: choice("fuel").map(|t| code_of(&t, Fuel::ALL, Fuel::as_str, fuel_label)),
        unit: choice("unit").map(|t| t.trim().to_lowercase()),
        ncv,
        carbon_out,
        carbonate: choice("carbonate")
            .map(|t| code_of(&t, Carbonate::ALL, Carbonate::as_str, carbonate_label)),
        carrier: choice("carrier")
            .map(|t| code_of(&t, EnergyCarrier::ALL, EnergyCarrier::as_str, carrier_label)),
        counterparty: choice("counterparty").map(|t| t.trim().to_uppercase()),
        comment: choice("comment"),
        status: choice("status").map(|t| status_code(&t)),
    };
    ReadRow {
        number: row.number,
        existing,
        input,
        problems,
    }
}

/// Whether a stored row records the same activity of the same month (its comment and state
/// aside).
fn same_activity(c: &ActivityColumns, r: &ActivityRecord) -> bool {
    c.month == r.month
        && c.kind.as_str() == r.kind
        && c.quantity == r.quantity
        && c.fuel.map(Fuel::as_str) == r.fuel.as_deref()
        && c.unit.map(|u| u.as_str()) == r.unit.as_deref()
        && c.ncv_gj_per_t == r.ncv_gj_per_t
        && c.carbon_out_t == r.carbon_out_t
        && c.carbonate.map(Carbonate::as_str) == r.carbonate.as_deref()
        && c.carrier.map(EnergyCarrier::as_str) == r.carrier.as_deref()
        && c.counterparty_id == r.counterparty_id
}

/// Whether writing the row would change the stored one: another activity, another comment,
/// or a draft or returned row the file submits.
fn changes(c: &ActivityColumns, r: &ActivityRecord) -> bool {
    let status = r.status().unwrap_or(ObservationStatus::Draft);
    let submits = c.status == ObservationStatus::Submitted
        && matches!(
            status,
            ObservationStatus::Draft | ObservationStatus::Returned
        );
    !same_activity(c, r) || c.comment != r.comment || submits
}

fn at(row: usize, error: FieldError) -> RowProblem {
    RowProblem {
        row,
        column: error.field,
        read: String::new(),
        problem: CellProblem::Input(error.problem),
    }
}

/// Checks every row of `sheet` for the reporter's organisation and writes the new and changed
/// ones in `tx` through the activity workflow (`workflow::ghg::save_activity`). The caller
/// commits only when the outcome has no problem (a preview always rolls back).
pub async fn check_and_write(
    tx: &mut Transaction<'_, Postgres>,
    sheet: &Sheet,
    organisation: &str,
    locale: Locale,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
) -> Result<Outcome, ReportingError> {
    let mut outcome = Outcome {
        rows: sheet.rows.len(),
        problems: cells::unknown_columns(sheet, COLUMNS, INFORMATION_COLUMNS),
        ..Outcome::default()
    };
    let Some(park_id) = store::ghg::park_of(tx, reporter.organisation_id).await? else {
        outcome.problems.push(RowProblem {
            row: sheet.header_row,
            column: None,
            read: String::new(),
            problem: CellProblem::Activity(ActivityProblem::NoPark),
        });
        return Ok(outcome);
    };
    let columns = Columns::of(sheet);
    let filled = |row: &SheetRow| {
        ENTRY_COLUMNS
            .iter()
            .any(|c| !columns.cell(row, c).is_empty())
    };
    let rows: Vec<ReadRow> = sheet
        .rows
        .iter()
        .filter(|r| filled(r))
        .map(|r| read_row(r, &columns, organisation, locale))
        .collect();
    outcome.skipped = sheet.rows.len() - rows.len();

    // Each row checked by the workflow's own rule, as the API's items are.
    let park = store::ghg::park_organisations(tx, park_id).await?;
    let today = now.date_naive();
    let mut checked: Vec<(&ReadRow, CheckedActivity)> = Vec::with_capacity(rows.len());
    let mut first_with_id: HashMap<Uuid, usize> = HashMap::new();
    for row in &rows {
        outcome.problems.extend(row.problems.iter().cloned());
        if let Some((id, _)) = row.existing
            && let Some(first) = first_with_id.insert(id, row.number)
        {
            outcome.problems.push(RowProblem {
                row: row.number,
                column: Some("id".into()),
                read: id.to_string(),
                problem: CellProblem::Activity(ActivityProblem::SameRowTwice { first_row: first }),
            });
            continue;
        }
        match ghg::check_activity(&row.input, reporter.organisation_id, &park, today) {
            Ok(c) if row.problems.is_empty() => checked.push((row, c)),
            Ok(_) => {}
            Err(problems) => outcome
                .problems
                .extend(problems.into_iter().map(|p| at(row.number, p))),
        }
    }

    // What is stored of the months the file covers, and the rows it names.
    let months = checked.iter().map(|(_, c)| c.month);
    let (from, to) = (
        months.clone().min().unwrap_or(NaiveDate::MIN),
        months.max().unwrap_or(NaiveDate::MIN),
    );
    let ids: Vec<Uuid> = first_with_id.keys().copied().collect();
    let stored = store::ghg::lock_activity_of(tx, reporter.organisation_id, from, to, &ids).await?;
    let mut matched = vec![false; stored.len()];
    for (i, record) in stored.iter().enumerate() {
        matched[i] = first_with_id.contains_key(&record.id);
    }

    // Each row's write decided against what is stored, then all written together.
    let mut writes = Vec::with_capacity(checked.len());
    for (row, c) in &checked {
        let columns = ActivityColumns::of(
            reporter.organisation_id,
            c.month,
            &c.activity,
            c.comment.clone(),
            c.status,
        );
        let existing = match row.existing {
            Some((id, version)) => match stored.iter().find(|r| r.id == id) {
                None => {
                    outcome.problems.push(RowProblem {
                        row: row.number,
                        column: Some("id".into()),
                        read: id.to_string(),
                        problem: CellProblem::Activity(ActivityProblem::UnknownRow),
                    });
                    continue;
                }
                Some(r) if !changes(&columns, r) => {
                    outcome.unchanged += 1;
                    continue;
                }
                Some(r) => Some((r, version)),
            },
            // A stored row recording the same activity is this row: the same one exactly is
            // preferred, so a second upload of a file matches each row with itself.
            None => {
                let free = |same: &dyn Fn(&ActivityRecord) -> bool| {
                    stored
                        .iter()
                        .enumerate()
                        .position(|(i, r)| !matched[i] && same(r))
                };
                let found = free(&|r| same_activity(&columns, r) && !changes(&columns, r))
                    .or_else(|| free(&|r| same_activity(&columns, r)));
                match found {
                    Some(i) => {
                        matched[i] = true;
                        let r = &stored[i];
                        if !changes(&columns, r) || !r.status().is_ok_and(editable) {
                            outcome.unchanged += 1;
                            continue;
                        }
                        Some((r, r.version))
                    }
                    None => None,
                }
            }
        };
        let write = match existing {
            None => {
                outcome.created += 1;
                ActivityWrite::Create(columns)
            }
            Some((current, version)) => match ghg::changeable(current, version) {
                Ok(()) => {
                    outcome.changed += 1;
                    ActivityWrite::Change {
                        current: Box::new(current.clone()),
                        version,
                        columns,
                    }
                }
                Err(
                    ReportingError::Conflict { refusal, .. }
                    | ReportingError::Stale { refusal, .. },
                ) => {
                    outcome
                        .problems
                        .push(RowProblem::refused(row.number, refusal));
                    continue;
                }
                Err(other) => return Err(other),
            },
        };
        writes.push(write);
    }
    ghg::save_activities(tx, &reporter.actor, context, now, &writes).await?;
    outcome.problems.sort_by_key(|p| p.row);
    // The cell's text, for a problem the workflow found.
    let by_number: HashMap<usize, &SheetRow> = sheet.rows.iter().map(|r| (r.number, r)).collect();
    for p in &mut outcome.problems {
        if let (true, Some(column), Some(row)) = (
            p.read.is_empty(),
            p.column.as_deref(),
            by_number.get(&p.row),
        ) {
            p.read = columns.cell(row, column).shown();
        }
    }
    Ok(outcome)
}

/// A row a file may still change: a draft or a returned one (as the form and the API allow).
fn editable(status: ObservationStatus) -> bool {
    matches!(
        status,
        ObservationStatus::Draft | ObservationStatus::Returned
    )
}
