//! A file of reports: each row read into the reports workflow's own input
//! (`reports::ObservationInput`, the API's and the forms'), checked by its own `check`, compared
//! with what is stored, and written by its own `save_batch` — so a file and a batch of API calls
//! can never disagree. Here only the reading of cells: which column is which, a number typed as
//! text read by the upload's language (`domain::number`, the forms' reader), a date, a choice
//! written as its code or as its label in either language.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::sheet::{Cell, Sheet, SheetRow};
use crate::domain::import::{CellProblem, RowProblem};
use crate::domain::kinds::{DataQuality, ObservationStatus, SubmissionStatus};
use crate::domain::{AuditOrigin, FieldError, InputProblem, Reading, read_number};
use crate::i18n::Locale;
use crate::store;
use crate::store::observations::Observation;
use crate::workflow::reports::{
    self, BatchItem, MAX_BATCH, ObservationInput, Reporter, ReportingError, input,
};

/// The columns a reports file may have; `organisation` (when present) must name the
/// organisation the file is imported for.
pub const COLUMNS: &[&str] = &[
    "organisation",
    "indicator",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "stage",
    "text",
    "unit",
    "data_quality",
    "assurance",
    "comment",
    "evidence_url",
    "status",
];

/// The columns a person types a report into: a row with all of them empty (a template's row
/// left blank) is skipped and counted as such.
const ENTRY_COLUMNS: &[&str] = &[
    "value",
    "numerator",
    "denominator",
    "stage",
    "text",
    "data_quality",
    "comment",
    "evidence_url",
    "status",
];

/// Columns the template writes for the person filling it in, never read.
pub const INFORMATION_COLUMNS: &[&str] = &["name", "period", "needs", "current_status"];

/// What checking (and, on commit, writing) the rows found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub rows: usize,
    pub created: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Rows naming a report but with nothing typed in it (a template's row left blank).
    pub skipped: usize,
    pub problems: Vec<RowProblem>,
}

/// One row read: its input, or what could not be read in it.
struct ReadRow {
    number: usize,
    input: ObservationInput,
    problems: Vec<RowProblem>,
}

/// The header's unknown columns, each a problem on the header row.
pub fn unknown_columns(sheet: &Sheet) -> Vec<RowProblem> {
    sheet
        .columns
        .iter()
        .filter(|c| {
            !c.is_empty()
                && !COLUMNS.contains(&c.as_str())
                && !INFORMATION_COLUMNS.contains(&c.as_str())
        })
        .map(|c| RowProblem {
            row: sheet.header_row,
            column: Some(c.clone()),
            read: c.clone(),
            problem: CellProblem::UnknownColumn,
        })
        .collect()
}

/// The rows read, and how many were skipped as not filled in.
fn read_rows(sheet: &Sheet, organisation: &str, locale: Locale) -> (Vec<ReadRow>, usize) {
    let at: HashMap<&str, usize> = sheet
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let filled = |row: &SheetRow| {
        ENTRY_COLUMNS
            .iter()
            .any(|c| at.get(c).is_some_and(|i| !row.cell(*i).is_empty()))
    };
    let (rows, blank): (Vec<&SheetRow>, Vec<&SheetRow>) =
        sheet.rows.iter().partition(|r| filled(r));
    (
        rows.into_iter()
            .map(|row| read_row(row, &at, organisation, locale))
            .collect(),
        blank.len(),
    )
}

fn read_row(
    row: &SheetRow,
    at: &HashMap<&str, usize>,
    organisation: &str,
    locale: Locale,
) -> ReadRow {
    let cell = |column: &str| at.get(column).map_or(&Cell::Empty, |i| row.cell(*i));
    let mut problems = Vec::new();
    let mut problem = |column: &str, problem: CellProblem| {
        problems.push(RowProblem {
            row: row.number,
            column: Some(column.to_string()),
            read: cell(column).shown(),
            problem,
        })
    };
    if let Some(named) = text(cell("organisation"))
        && !named.eq_ignore_ascii_case(organisation)
    {
        problem("organisation", CellProblem::OtherOrganisation { named });
    }
    let convention = locale.number_convention();
    let mut number = |column: &str| match cell(column) {
        Cell::Empty => None,
        Cell::Number(n) => Some(*n),
        Cell::Date(_) => {
            problem(column, CellProblem::Input(InputProblem::NotANumber));
            None
        }
        Cell::Text(t) => match read_number(t, convention) {
            Ok(Reading::Exact(v)) => Some(v),
            Ok(Reading::Confirm(reading)) => {
                problem(
                    column,
                    CellProblem::Ambiguous {
                        typed: t.clone(),
                        reading,
                    },
                );
                None
            }
            Err(_) => {
                problem(column, CellProblem::Input(InputProblem::NotANumber));
                None
            }
        },
    };
    let value = number("value");
    let numerator = number("numerator");
    let denominator = number("denominator");
    let mut date = |column: &str| match cell(column) {
        Cell::Empty => None,
        Cell::Date(d) => Some(*d),
        Cell::Text(t) => match NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                problem(column, CellProblem::NotADate);
                None
            }
        },
        Cell::Number(_) => {
            problem(column, CellProblem::NotADate);
            None
        }
    };
    let period_start = date("period_start");
    let period_end = date("period_end");
    let stage = match cell("stage") {
        Cell::Empty => None,
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e6 => Some(*n as i32),
        // "2", or "2: Design approved" as the template's drop-down writes it.
        Cell::Text(t) => {
            let digits: String = t.trim().chars().take_while(char::is_ascii_digit).collect();
            match digits.parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    problem("stage", CellProblem::Input(InputProblem::NotAChoice));
                    None
                }
            }
        }
        _ => {
            problem("stage", CellProblem::Input(InputProblem::NotAChoice));
            None
        }
    };
    let input = ObservationInput {
        indicator: text(cell("indicator")),
        period_start,
        period_end,
        value,
        numerator,
        denominator,
        stage,
        text: text(cell("text")),
        unit: text(cell("unit")),
        data_quality: text(cell("data_quality")).map(|t| data_quality_code(&t)),
        assurance: text(cell("assurance")),
        comment: text(cell("comment")),
        evidence_url: text(cell("evidence_url")),
        status: text(cell("status")).map(|t| status_code(&t)),
        version: None,
        reason: None,
    };
    ReadRow {
        number: row.number,
        input,
        problems,
    }
}

fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Empty => None,
        other => Some(other.shown()),
    }
}

/// A data quality written as its code or its label in any language (the template's drop-down
/// shows the labels); anything else is handed on as written, for the rule to refuse.
fn data_quality_code(text: &str) -> String {
    DataQuality::ALL
        .iter()
        .find(|q| {
            q.as_str().eq_ignore_ascii_case(text)
                || Locale::ALL
                    .iter()
                    .any(|l| l.strings().data_quality(**q).eq_ignore_ascii_case(text))
        })
        .map_or_else(|| text.to_string(), |q| q.as_str().to_string())
}

/// Draft or submitted, as its code or its label in any language.
pub fn status_code(text: &str) -> String {
    SubmissionStatus::ALL
        .iter()
        .find(|s| {
            s.as_str().eq_ignore_ascii_case(text)
                || Locale::ALL.iter().any(|l| {
                    l.strings()
                        .observation_status(ObservationStatus::from(**s))
                        .eq_ignore_ascii_case(text)
                })
        })
        .map_or_else(|| text.to_string(), |s| s.as_str().to_string())
}

/// A workflow problem about a row: its field is the column.
fn from_field(row: &ReadRow, error: FieldError) -> RowProblem {
    RowProblem {
        row: row.number,
        read: String::new(),
        column: error.field,
        problem: CellProblem::Input(error.problem),
    }
}

/// Whether the row says exactly what is stored (figure, quality, assurance, comment,
/// evidence), and asks for no move the stored report has not made: then it is left alone.
fn same_as_stored(c: &input::Checked, o: &Observation) -> bool {
    let (value, numerator, denominator, stage, text) = c.value.columns();
    let figures = value == o.value
        && numerator == o.numerator
        && denominator == o.denominator
        && stage == o.stage
        && text == o.text.as_deref()
        && c.data_quality == o.data_quality
        && c.assurance.as_str() == o.assurance
        && c.comment == o.comment
        && c.evidence_url == o.evidence_url;
    let moves = c.status == ObservationStatus::Submitted
        && matches!(
            o.status,
            ObservationStatus::Draft | ObservationStatus::Returned
        );
    figures && !moves
}

/// Checks every row of `sheet` for the reporter's organisation and writes the new and changed
/// ones in `tx` through the reports workflow. The caller commits only when the outcome has no
/// problem (a preview always rolls back).
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
        problems: unknown_columns(sheet),
        ..Outcome::default()
    };
    let (rows, skipped) = read_rows(sheet, organisation, locale);
    outcome.skipped = skipped;
    let specs = store::observations::reporting_specs(tx, reporter.organisation_id).await?;
    let today = now.date_naive();
    let mut checked: Vec<(&ReadRow, input::Checked)> = Vec::with_capacity(rows.len());
    let mut first_row: HashMap<(Uuid, NaiveDate), usize> = HashMap::new();
    for row in &rows {
        outcome.problems.extend(row.problems.iter().cloned());
        match input::check(&specs, &row.input, today) {
            Ok(c) => {
                if let Some(first) =
                    first_row.insert((c.indicator_id, c.period.start()), row.number)
                {
                    outcome.problems.push(RowProblem {
                        row: row.number,
                        column: Some("period_start".into()),
                        read: c.period.start().to_string(),
                        problem: CellProblem::Duplicate { first_row: first },
                    });
                } else if row.problems.is_empty() {
                    checked.push((row, c));
                }
            }
            Err(problems) => outcome
                .problems
                .extend(problems.into_iter().map(|p| from_field(row, p))),
        }
    }

    let keys: Vec<(Uuid, NaiveDate)> = checked
        .iter()
        .map(|(_, c)| (c.indicator_id, c.period.start()))
        .collect();
    let existing = store::observations::lock_existing(tx, reporter.organisation_id, &keys).await?;
    let ids: Vec<Uuid> = existing.iter().map(|e| e.id).collect();
    let stored: HashMap<(Uuid, NaiveDate), Observation> = store::observations::by_ids(tx, &ids)
        .await?
        .into_iter()
        .map(|o| ((o.indicator_id, o.period_start), o))
        .collect();
    let mut items: Vec<(usize, BatchItem)> = Vec::new();
    for (row, c) in &checked {
        let mut input = row.input.clone();
        match stored.get(&(c.indicator_id, c.period.start())) {
            None => outcome.created += 1,
            Some(o) if same_as_stored(c, o) => {
                outcome.unchanged += 1;
                continue;
            }
            Some(o) => match reports::locked(o.status, o.id) {
                Some(refusal) => {
                    outcome
                        .problems
                        .push(RowProblem::refused(row.number, refusal));
                    continue;
                }
                None => {
                    outcome.changed += 1;
                    input.version = Some(o.version);
                }
            },
        }
        items.push((
            row.number,
            BatchItem {
                input: Some(input),
                reading_problems: Vec::new(),
            },
        ));
    }

    // The rows to write go through the reports workflow's batch, as an API client's would,
    // a batch's worth at a time in the one transaction.
    for chunk in items.chunks(MAX_BATCH) {
        let batch: Vec<BatchItem> = chunk.iter().map(|(_, item)| item.clone()).collect();
        let row_of = |index: Option<usize>| index.and_then(|i| chunk.get(i)).map(|(n, _)| *n);
        let refused = match reports::save_batch(tx, reporter, context, now, &batch).await {
            Ok(_) => continue,
            Err(ReportingError::Invalid(items)) => items,
            Err(
                ReportingError::Conflict { refusal, items }
                | ReportingError::Stale { refusal, items },
            ) => {
                if items.is_empty() {
                    vec![FieldError::whole(InputProblem::Refused(refusal))]
                } else {
                    items
                }
            }
            Err(other) => return Err(other),
        };
        outcome
            .problems
            .extend(refused.into_iter().map(|e| RowProblem {
                row: row_of(e.item).unwrap_or(sheet.header_row),
                read: String::new(),
                column: e.field,
                problem: CellProblem::Input(e.problem),
            }));
    }
    outcome.problems.sort_by_key(|p| p.row);
    // The cells' text, for a problem the workflow found.
    let at: HashMap<&str, usize> = sheet
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let by_number: HashMap<usize, &SheetRow> = sheet.rows.iter().map(|r| (r.number, r)).collect();
    for p in &mut outcome.problems {
        if p.read.is_empty()
            && let (Some(column), Some(row)) = (&p.column, by_number.get(&p.row))
            && let Some(i) = at.get(column.as_str())
        {
            p.read = row.cell(*i).shown();
        }
    }
    Ok(outcome)
}
