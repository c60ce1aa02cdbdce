//! A file of an organisation's material-flow ledger (issue 18): its months of each material
//! and the transfers it sends. A workbook holds them on two sheets (the template's *Ledger*
//! and *Transfers*), a CSV file either table; a table whose header names `receiver` is the
//! transfers, any other naming `material` the months.
//!
//! * Each month row becomes the ledger's own input (`workflow::flows::LedgerInput`, the API
//!   batch's and the page's) and is written by its own batch writer
//!   (`workflow::flows::save_ledger`): the same checks, the balance rule with its comment,
//!   the same lock on a submitted or approved month. A row equal to the stored month is left
//!   alone; a row changing a draft or returned month names its stored version.
//! * Each transfer row becomes the ledger's own `TransferInput` and is recorded by
//!   `workflow::flows::record_transfer`, always from the importing organisation. A row equal
//!   to a transfer the organisation already sent (material, month, receiver, quantity and
//!   intended use) is that transfer: left alone. Two equal rows are two loads, matched against
//!   as many stored ones — so the same file uploaded twice records nothing the second time.
//!
//! Here only the reading of cells; every rule is the ledger workflow's.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::cells::{self, Columns};
use super::reports::{Outcome, status_code};
use super::sheet::{self, Cell, Sheet, SheetRow};
use crate::domain::import::{CellProblem, FileProblem, RowProblem};
use crate::domain::kinds::{Frequency, IntendedUse, ObservationStatus};
use crate::domain::{AuditOrigin, FieldError, InputProblem, Period, Reading, read_number};
use crate::i18n::Locale;
use crate::store;
use crate::store::flows::LedgerRow;
use crate::workflow::flows::{self as ledger, LedgerInput, TransferInput};
use crate::workflow::reports::{MAX_BATCH, Reporter, ReportingError, locked};

/// The column every table of a ledger file names (how its header row is found).
pub const KEY_COLUMN: &str = "material";
/// The column only the transfers table has.
const TRANSFER_KEY: &str = "receiver";
/// How a problem of the transfers table names its column (`transfers!receiver`), as a
/// spreadsheet names a cell of another sheet; a month's column is named alone.
pub const TRANSFERS: &str = "transfers";

/// The columns of the months table; `organisation` (when present) must name the importing
/// organisation.
pub const MONTH_COLUMNS: &[&str] = &[
    "organisation",
    "material",
    "month",
    "opening",
    "generated",
    "received",
    "used_on_site",
    "sent",
    "disposed_landfill",
    "disposed_storage",
    "disposed_sea",
    "closing",
    "comment",
    "status",
];
/// The columns a person types a month into: a row with all of them empty (a template's row
/// left blank) is skipped.
const MONTH_ENTRY: &[&str] = &[
    "opening",
    "generated",
    "received",
    "used_on_site",
    "sent",
    "disposed_landfill",
    "disposed_storage",
    "disposed_sea",
    "closing",
    "comment",
    "status",
];
/// Columns the months template writes for the person filling it in, never read.
pub const MONTH_INFORMATION: &[&str] = &["name", "unit", "current_status"];

/// The columns of the transfers table.
pub const TRANSFER_COLUMNS: &[&str] = &[
    "organisation",
    "material",
    "month",
    "receiver",
    "quantity",
    "intended_use",
];
/// The columns a person types a transfer into.
const TRANSFER_ENTRY: &[&str] = &["receiver", "quantity", "intended_use"];
/// Columns the transfers template writes for the person filling it in, never read.
pub const TRANSFER_INFORMATION: &[&str] = &["receiver_name", "unit", "state"];

/// A ledger file as tables: its months and its transfers.
#[derive(Debug, Clone)]
pub struct LedgerFile {
    pub months: Vec<Sheet>,
    pub transfers: Vec<Sheet>,
}

impl LedgerFile {
    /// The rows of every table.
    pub fn rows(&self) -> usize {
        self.months
            .iter()
            .chain(&self.transfers)
            .map(|s| s.rows.len())
            .sum()
    }
}

/// Reads a ledger file: every table whose header names `material`.
pub fn read(bytes: &[u8]) -> Result<LedgerFile, FileProblem> {
    let (transfers, months): (Vec<Sheet>, Vec<Sheet>) = sheet::read_all(bytes, KEY_COLUMN)?
        .into_iter()
        .map(|t| t.sheet)
        .partition(|s| s.columns.iter().any(|c| c == TRANSFER_KEY));
    Ok(LedgerFile { months, transfers })
}

/// The two tables of a ledger file: what is read the same way in both is read once, over
/// this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Months,
    Transfers,
}

impl Table {
    fn sheets(self, file: &LedgerFile) -> &[Sheet] {
        match self {
            Table::Months => &file.months,
            Table::Transfers => &file.transfers,
        }
    }

    /// The columns read, the columns written for the reader (never read) and the columns a
    /// person types into (a row with all of them empty is skipped).
    fn columns(
        self,
    ) -> (
        &'static [&'static str],
        &'static [&'static str],
        &'static [&'static str],
    ) {
        match self {
            Table::Months => (MONTH_COLUMNS, MONTH_INFORMATION, MONTH_ENTRY),
            Table::Transfers => (TRANSFER_COLUMNS, TRANSFER_INFORMATION, TRANSFER_ENTRY),
        }
    }

    /// A column as a problem names it: a transfers column prefixed (`transfers!receiver`).
    fn problem_column(self, column: &str) -> String {
        match self {
            Table::Months => column.to_string(),
            Table::Transfers => format!("{TRANSFERS}!{column}"),
        }
    }

    /// The table's column a problem names.
    fn column_of_problem(self, named: &str) -> Option<&str> {
        match self {
            Table::Months => Some(named),
            Table::Transfers => named.strip_prefix(TRANSFERS)?.strip_prefix('!'),
        }
    }
}

/// A cell read as a row's problem would show it, and what was wrong with it.
struct Reader<'a> {
    row: &'a SheetRow,
    columns: &'a Columns<'a>,
    locale: Locale,
    /// The table read (how a problem names a column).
    table: Table,
    problems: Vec<RowProblem>,
}

impl<'a> Reader<'a> {
    fn cell(&self, column: &str) -> &'a Cell {
        self.columns.cell(self.row, column)
    }

    fn problem(&mut self, column: &str, problem: CellProblem) {
        let read = self.cell(column).shown();
        self.problems.push(RowProblem {
            row: self.row.number,
            column: Some(self.table.problem_column(column)),
            read,
            problem,
        });
    }

    fn text(&self, column: &str) -> Option<String> {
        cells::text(self.cell(column))
    }

    /// A number cell, or text read by the upload's language (`domain::number`, the forms'
    /// reader): an ambiguous one is refused, never guessed.
    fn number(&mut self, column: &str) -> Option<f64> {
        match self.cell(column) {
            Cell::Empty => None,
            Cell::Number(n) => Some(*n),
            Cell::Date(_) => {
                self.problem(column, CellProblem::Input(InputProblem::NotANumber));
                None
            }
            Cell::Text(t) => match read_number(t, self.locale.number_convention()) {
                Ok(Reading::Exact(v)) => Some(v),
                Ok(Reading::Confirm(reading)) => {
                    let typed = t.clone();
                    self.problem(column, CellProblem::Ambiguous { typed, reading });
                    None
                }
                Err(_) => {
                    self.problem(column, CellProblem::Input(InputProblem::NotANumber));
                    None
                }
            },
        }
    }

    /// The month as the ledger reads it (`2026-10`): a date cell or a first day written as
    /// a date is its month (a workbook turns a typed `2026-10` into the month's first day);
    /// any other text goes to the ledger's rule as it is written.
    fn month(&self) -> Option<String> {
        let first_day = |d: &NaiveDate| (d.day() == 1).then(|| d.format("%Y-%m").to_string());
        match self.cell("month") {
            Cell::Empty => None,
            Cell::Date(d) => Some(first_day(d).unwrap_or_else(|| d.to_string())),
            Cell::Text(t) => Some(
                NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                    .ok()
                    .as_ref()
                    .and_then(first_day)
                    .unwrap_or_else(|| t.trim().to_string()),
            ),
            other => Some(other.shown()),
        }
    }

    /// A row naming an organisation must name the importing one.
    fn organisation(&mut self, organisation: &str) {
        if let Some(named) = self.text("organisation")
            && !named.eq_ignore_ascii_case(organisation)
        {
            self.problem("organisation", CellProblem::OtherOrganisation { named });
        }
    }
}

/// Whether a row has anything typed in its entry columns.
fn filled(row: &SheetRow, columns: &Columns, entry: &[&str]) -> bool {
    entry.iter().any(|c| !columns.cell(row, c).is_empty())
}

/// A row read: its number, its input and what could not be read in it.
struct TableRow<I> {
    number: usize,
    input: I,
    problems: Vec<RowProblem>,
}

/// A month row read.
type MonthRow = TableRow<LedgerInput>;

fn read_month(row: &SheetRow, columns: &Columns, organisation: &str, locale: Locale) -> MonthRow {
    let mut r = Reader {
        row,
        columns,
        locale,
        table: Table::Months,
        problems: Vec::new(),
    };
    r.organisation(organisation);
    let input = LedgerInput {
        material: r.text("material"),
        month: r.month(),
        opening: r.number("opening"),
        generated: r.number("generated"),
        received: r.number("received"),
        used_on_site: r.number("used_on_site"),
        sent: r.number("sent"),
        disposed_landfill: r.number("disposed_landfill"),
        disposed_storage: r.number("disposed_storage"),
        disposed_sea: r.number("disposed_sea"),
        closing: r.number("closing"),
        comment: r.text("comment"),
        status: r.text("status").map(|t| status_code(&t)),
        version: None,
    };
    MonthRow {
        number: row.number,
        input,
        problems: r.problems,
    }
}

/// A transfer row read.
type TransferRow = TableRow<TransferInput>;

fn read_transfer(
    row: &SheetRow,
    columns: &Columns,
    organisation: &str,
    locale: Locale,
) -> TransferRow {
    let mut r = Reader {
        row,
        columns,
        locale,
        table: Table::Transfers,
        problems: Vec::new(),
    };
    r.organisation(organisation);
    let input = TransferInput {
        material: r.text("material"),
        month: r.month(),
        receiver: r.text("receiver"),
        quantity: r.number("quantity"),
        intended_use: r.text("intended_use").map(|t| intended_use_code(&t)),
    };
    TransferRow {
        number: row.number,
        input,
        problems: r.problems,
    }
}

/// An intended use as the reader's language names it (the template's drop-down).
pub fn intended_use_label(locale: Locale, intended_use: IntendedUse) -> &'static str {
    let f = &locale.strings().flows;
    match intended_use {
        IntendedUse::Reuse => f.use_reuse,
        IntendedUse::Recycling => f.use_recycling,
        IntendedUse::Recovery => f.use_recovery,
        IntendedUse::ThirdPartyDisposal => f.use_third_party_disposal,
    }
}

/// An intended use written as its code or its label in any language; anything else is handed
/// on as written, for the rule to refuse.
fn intended_use_code(text: &str) -> String {
    IntendedUse::ALL
        .iter()
        .find(|u| {
            u.as_str().eq_ignore_ascii_case(text)
                || Locale::ALL
                    .iter()
                    .any(|l| intended_use_label(*l, **u).eq_ignore_ascii_case(text))
        })
        .map_or_else(|| text.to_string(), |u| u.as_str().to_string())
}

/// The first day of a month label, when it is one (the ledger's rule says why it is not).
fn month_start(label: Option<&str>) -> Option<NaiveDate> {
    Period::parse_label(Frequency::Monthly, label?.trim())
        .ok()
        .map(|p| p.start())
}

/// Whether the row says exactly what is stored, and asks for no move the stored month has
/// not made: then it is left alone (no revision).
fn same_as_stored(input: &LedgerInput, stored: &LedgerRow) -> bool {
    let same = |read: Option<f64>, kept: f64| read.is_some_and(|v| v == kept);
    let defaulted = |read: Option<f64>, kept: f64| read.unwrap_or(0.0) == kept;
    let status = input
        .status
        .as_deref()
        .and_then(|s| s.parse::<crate::domain::kinds::SubmissionStatus>().ok())
        .map_or(ObservationStatus::Draft, ObservationStatus::from);
    let figures = input.opening.is_none_or(|o| o == stored.opening_declared)
        && same(input.generated, stored.generated)
        && same(input.received, stored.received)
        && same(input.used_on_site, stored.used_on_site)
        && same(input.sent, stored.sent)
        && defaulted(input.disposed_landfill, stored.disposed_landfill)
        && defaulted(input.disposed_storage, stored.disposed_storage)
        && defaulted(input.disposed_sea, stored.disposed_sea)
        && same(input.closing, stored.closing)
        && input.comment.as_deref().map(str::trim).unwrap_or_default() == stored.comment;
    let moves = status == ObservationStatus::Submitted
        && matches!(
            stored.status,
            ObservationStatus::Draft | ObservationStatus::Returned
        );
    figures && !moves
}

/// A ledger workflow's problem about a row: its field is the column.
fn from_field(row: usize, table: Table, error: FieldError) -> RowProblem {
    RowProblem {
        row,
        read: String::new(),
        column: error.field.map(|f| table.problem_column(&f)),
        problem: CellProblem::Input(error.problem),
    }
}

/// Checks every row of the file for the reporter's organisation and writes the new and
/// changed months and the new transfers in `tx` through the ledger workflow. The caller
/// commits only when the outcome has no problem (a preview always rolls back).
pub async fn check_and_write(
    tx: &mut Transaction<'_, Postgres>,
    file: &LedgerFile,
    organisation: &str,
    locale: Locale,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
) -> Result<Outcome, ReportingError> {
    let mut outcome = Outcome {
        rows: file.rows(),
        ..Outcome::default()
    };
    let mut month_problems = months(
        tx,
        file,
        organisation,
        locale,
        reporter,
        context,
        now,
        &mut outcome,
    )
    .await?;
    let mut transfer_problems = transfers(
        tx,
        file,
        organisation,
        locale,
        reporter,
        context,
        now,
        &mut outcome,
    )
    .await?;
    month_problems.sort_by_key(|p| p.row);
    transfer_problems.sort_by_key(|p| p.row);
    outcome.problems = month_problems;
    outcome.problems.extend(transfer_problems);
    Ok(outcome)
}

/// The months tables: read, compared with the stored months, written by the ledger's batch.
#[allow(clippy::too_many_arguments)]
async fn months(
    tx: &mut Transaction<'_, Postgres>,
    file: &LedgerFile,
    organisation: &str,
    locale: Locale,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    outcome: &mut Outcome,
) -> Result<Vec<RowProblem>, ReportingError> {
    let (mut problems, rows) = read_rows(
        file,
        Table::Months,
        organisation,
        locale,
        outcome,
        read_month,
    );
    let codes: Vec<String> = rows
        .iter()
        .filter_map(|(r, _)| r.input.material.as_deref().map(|c| c.trim().to_string()))
        .collect();
    let materials: HashMap<String, Uuid> = store::flows::materials_by_code(tx, &codes)
        .await?
        .into_iter()
        .map(|(id, code)| (code, id))
        .collect();
    let key = |r: &MonthRow| {
        let material = r.input.material.as_deref().map(str::trim)?;
        Some((
            *materials.get(material)?,
            month_start(r.input.month.as_deref())?,
        ))
    };
    let keys: Vec<(Uuid, NaiveDate)> = rows.iter().filter_map(|(r, _)| key(r)).collect();
    let (ids, starts): (Vec<Uuid>, Vec<NaiveDate>) = keys.iter().copied().unzip();
    let stored: HashMap<(Uuid, NaiveDate), LedgerRow> =
        store::flows::lock_ledger_months(tx, reporter.organisation_id, &ids, &starts)
            .await?
            .into_iter()
            .map(|r| ((r.material_id, r.month), r))
            .collect();

    let mut first_row: HashMap<(Uuid, NaiveDate), usize> = HashMap::new();
    let mut items: Vec<(usize, LedgerInput)> = Vec::new();
    for (row, _) in &rows {
        problems.extend(row.problems.iter().cloned());
        let mut input = row.input.clone();
        match key(row) {
            Some(k) => {
                if let Some(first) = first_row.insert(k, row.number) {
                    problems.push(RowProblem {
                        row: row.number,
                        column: Some("month".into()),
                        read: row.input.month.clone().unwrap_or_default(),
                        problem: CellProblem::Duplicate { first_row: first },
                    });
                    continue;
                }
                if !row.problems.is_empty() {
                    continue;
                }
                match stored.get(&k) {
                    None => outcome.created += 1,
                    Some(s) if same_as_stored(&input, s) => {
                        outcome.unchanged += 1;
                        continue;
                    }
                    Some(s) => match locked(s.status, s.id) {
                        Some(refusal) => {
                            problems.push(RowProblem::refused(row.number, refusal));
                            continue;
                        }
                        None => {
                            outcome.changed += 1;
                            input.version = Some(s.version);
                        }
                    },
                }
            }
            // An unknown material or a month the rule refuses: the workflow says which.
            None if !row.problems.is_empty() => continue,
            None => outcome.created += 1,
        }
        items.push((row.number, input));
    }

    // The rows to write go through the ledger's batch, as an API client's would, a batch's
    // worth at a time in the one transaction.
    for chunk in items.chunks(MAX_BATCH) {
        let batch: Vec<LedgerInput> = chunk.iter().map(|(_, input)| input.clone()).collect();
        let row_of = |index: Option<usize>| index.and_then(|i| chunk.get(i)).map(|(n, _)| *n);
        let refused = match ledger::save_ledger(tx, reporter, context, now, &batch, false).await {
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
        let header = file.months.first().map_or(1, |s| s.header_row);
        problems.extend(
            refused
                .into_iter()
                .map(|e| from_field(row_of(e.item).unwrap_or(header), Table::Months, e)),
        );
    }
    fill_read(Table::Months, &mut problems, &rows);
    Ok(problems)
}

/// What a transfer is, to tell a row already recorded from a new one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct TransferKey {
    material: String,
    month: NaiveDate,
    receiver: String,
    /// The quantity's bits: the same text reads to the same number.
    quantity: u64,
    intended_use: String,
}

fn transfer_key(input: &TransferInput) -> Option<TransferKey> {
    Some(TransferKey {
        material: input.material.as_deref()?.trim().to_string(),
        month: month_start(input.month.as_deref())?,
        receiver: input.receiver.as_deref()?.trim().to_string(),
        quantity: input.quantity?.to_bits(),
        intended_use: input.intended_use.as_deref()?.trim().to_string(),
    })
}

/// The transfers tables: read, matched against what the organisation already sent, the new
/// ones recorded by the ledger's own use case.
#[allow(clippy::too_many_arguments)]
async fn transfers(
    tx: &mut Transaction<'_, Postgres>,
    file: &LedgerFile,
    organisation: &str,
    locale: Locale,
    reporter: &Reporter,
    context: &AuditOrigin,
    now: DateTime<Utc>,
    outcome: &mut Outcome,
) -> Result<Vec<RowProblem>, ReportingError> {
    let (mut problems, rows) = read_rows(
        file,
        Table::Transfers,
        organisation,
        locale,
        outcome,
        read_transfer,
    );
    if rows.is_empty() {
        return Ok(problems);
    }
    let months: Vec<NaiveDate> = rows
        .iter()
        .filter_map(|(r, _)| month_start(r.input.month.as_deref()))
        .collect();
    // What was sent already, as many of each as were recorded.
    let mut recorded: HashMap<TransferKey, usize> = HashMap::new();
    for t in store::flows::lock_sent_transfers(tx, reporter.organisation_id, &months).await? {
        let key = TransferKey {
            material: t.material,
            month: t.month,
            receiver: t.receiver,
            quantity: t.quantity.to_bits(),
            intended_use: t.intended_use.as_str().to_string(),
        };
        *recorded.entry(key).or_default() += 1;
    }
    for (row, _) in &rows {
        problems.extend(row.problems.iter().cloned());
        if !row.problems.is_empty() {
            continue;
        }
        if let Some(left) = transfer_key(&row.input).and_then(|k| recorded.get_mut(&k))
            && *left > 0
        {
            *left -= 1;
            outcome.unchanged += 1;
            continue;
        }
        match ledger::record_transfer(tx, reporter, context, now, &row.input).await {
            Ok(_) => outcome.created += 1,
            Err(ReportingError::Invalid(refused)) => problems.extend(
                refused
                    .into_iter()
                    .map(|e| from_field(row.number, Table::Transfers, e)),
            ),
            Err(other) => return Err(other),
        }
    }
    fill_read(Table::Transfers, &mut problems, &rows);
    Ok(problems)
}

/// A table's sheets read: the problems of their columns, and each row with something typed
/// in it read by `read` (with its sheet); a row without is counted as skipped.
fn read_rows<'f, I>(
    file: &'f LedgerFile,
    table: Table,
    organisation: &str,
    locale: Locale,
    outcome: &mut Outcome,
    read: fn(&SheetRow, &Columns, &str, Locale) -> TableRow<I>,
) -> (Vec<RowProblem>, Vec<(TableRow<I>, &'f Sheet)>) {
    let (read_columns, information, entry) = table.columns();
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for sheet in table.sheets(file) {
        problems.extend(
            cells::unknown_columns(sheet, read_columns, information)
                .into_iter()
                .map(|mut p| {
                    p.column = p.column.map(|c| table.problem_column(&c));
                    p
                }),
        );
        let columns = Columns::of(sheet);
        for row in &sheet.rows {
            if filled(row, &columns, entry) {
                rows.push((read(row, &columns, organisation, locale), sheet));
            } else {
                outcome.skipped += 1;
            }
        }
    }
    (problems, rows)
}

/// The cells' text, for a problem the workflow found about a row read.
fn fill_read<I>(table: Table, problems: &mut [RowProblem], rows: &[(TableRow<I>, &Sheet)]) {
    let by_number: HashMap<usize, (&SheetRow, &Sheet)> = rows
        .iter()
        .filter_map(|(r, sheet)| {
            sheet
                .rows
                .iter()
                .find(|s| s.number == r.number)
                .map(|s| (r.number, (s, *sheet)))
        })
        .collect();
    for p in problems.iter_mut() {
        if p.read.is_empty()
            && let Some(column) = p.column.as_deref().and_then(|c| table.column_of_problem(c))
            && let Some((r, sheet)) = by_number.get(&p.row)
        {
            p.read = Columns::of(sheet).cell(r, column).shown();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_month_and_a_label_in_either_language_are_read_as_the_ledger_writes_them() {
        let sheet = sheet::read_all(
            b"material,month,receiver,quantity,intended_use\n\
              NI-SLAG,2026-10-01,DEMO-BRICK-I,\"5.000,5\",Daur ulang\n",
            KEY_COLUMN,
        )
        .unwrap()
        .remove(0)
        .sheet;
        let columns = Columns::of(&sheet);
        let row = read_transfer(&sheet.rows[0], &columns, "DEMO-RKEF-A", Locale::Id);
        assert!(row.problems.is_empty());
        assert_eq!(row.input.month.as_deref(), Some("2026-10"));
        assert_eq!(row.input.quantity, Some(5000.5));
        assert_eq!(row.input.intended_use.as_deref(), Some("recycling"));
        assert_eq!(intended_use_code("Recovery"), "recovery");
        assert_eq!(intended_use_code("compost"), "compost");
    }

    #[test]
    fn the_table_naming_a_receiver_is_the_transfers() {
        let file = read(b"material,month,generated\nSTEAM,2026-10,1\n").unwrap();
        assert_eq!((file.months.len(), file.transfers.len()), (1, 0));
        let file =
            read(b"Material,Month,Receiver\nmaterial,month,receiver\nSTEAM,2026-10,X\n").unwrap();
        assert_eq!((file.months.len(), file.transfers.len()), (0, 1));
        assert_eq!(file.rows(), 1);
        assert_eq!(
            read(b"indicator,value\nCE-02,1\n").unwrap_err(),
            FileProblem::NoHeader
        );
    }

    #[test]
    fn another_organisation_named_in_a_row_is_a_problem_of_its_column() {
        let sheet = sheet::read_all(
            b"organisation,material,month,generated\nDEMO-HPAL-B,STEAM,2026-10,\"1.300\"\n",
            KEY_COLUMN,
        )
        .unwrap()
        .remove(0)
        .sheet;
        let columns = Columns::of(&sheet);
        let row = read_month(&sheet.rows[0], &columns, "DEMO-RKEF-A", Locale::En);
        let columns: Vec<_> = row.problems.iter().map(|p| p.column.clone()).collect();
        assert_eq!(
            columns,
            [
                Some("organisation".to_string()),
                Some("generated".to_string())
            ]
        );
    }
}
