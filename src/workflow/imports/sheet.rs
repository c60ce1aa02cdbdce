//! A file as a table of cells: an `.xlsx` workbook's first sheet (read with calamine: a formula
//! gives its cached value) or CSV text (UTF-8, with or without a byte-order mark, comma or
//! semicolon separated as Excel writes it in Indonesian). The header is the last row, among
//! the first ten, naming an `indicator` column (rows above it, such as the template's
//! labels in the reader's language — "Indicator" in English — are not data); empty rows are skipped; rows keep the number
//! the spreadsheet shows. Pure code: bytes in, cells out.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::domain::import::{FileProblem, MAX_FILE_BYTES, MAX_ROWS};

/// One cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    /// Text, trimmed (a CSV field is always text).
    Text(String),
    /// A workbook's number cell.
    Number(f64),
    /// A workbook's date cell.
    Date(NaiveDate),
}

impl Cell {
    /// The cell as a person reads it, for a problem's "read" part.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }
}

/// A row under the header.
#[derive(Debug, Clone)]
pub struct SheetRow {
    /// The row's number in the spreadsheet (1-based, the header's rows counted).
    pub number: usize,
    pub cells: Vec<Cell>,
}

impl SheetRow {
    pub fn cell(&self, column: usize) -> &Cell {
        self.cells.get(column).unwrap_or(&Cell::Empty)
    }
}

/// The table read from a file.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The header row's number.
    pub header_row: usize,
    /// The header's names, trimmed and lower-cased (`indicator`, `period_start`…).
    pub columns: Vec<String>,
    pub rows: Vec<SheetRow>,
}

/// The column every import's header names (how the header row is found).
const KEY_COLUMN: &str = "indicator";
/// How far down the header row may be.
const HEADER_SEARCH: usize = 10;

/// Reads a file: a workbook when it is a zip archive, else CSV text.
pub fn read(bytes: &[u8]) -> Result<Sheet, FileProblem> {
    read_keyed(bytes, KEY_COLUMN)
}

/// Reads a file whose header is the row naming `key` (a file of activity data has no
/// `indicator` column: its rows are keyed by `month`).
pub fn read_keyed(bytes: &[u8], key: &'static str) -> Result<Sheet, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge { bytes: bytes.len() });
    }
    let raw = if bytes.starts_with(b"PK\x03\x04") {
        workbook_rows(bytes)?
    } else {
        csv_rows(bytes)?
    };
    table(raw, key)
}

fn table(raw: Vec<(usize, Vec<Cell>)>, key: &'static str) -> Result<Sheet, FileProblem> {
    let sheet = keyed_table(&raw, key).ok_or(if key == KEY_COLUMN {
        FileProblem::NoHeader
    } else {
        FileProblem::NoHeaderWith(key)
    })?;
    if sheet.rows.len() > MAX_ROWS {
        return Err(FileProblem::TooManyRows {
            rows: sheet.rows.len(),
        });
    }
    if sheet.rows.is_empty() {
        return Err(FileProblem::NoRows);
    }
    Ok(sheet)
}

/// The table under the header naming `key`, if the first rows have one.
fn keyed_table(raw: &[(usize, Vec<Cell>)], key: &str) -> Option<Sheet> {
    // The last such row: a template's labels row above the names row may say "Indicator"
    // too, and a data row never does.
    let header_at = raw.iter().take(HEADER_SEARCH).rposition(|(_, cells)| {
        cells
            .iter()
            .any(|c| matches!(c, Cell::Text(t) if t.eq_ignore_ascii_case(key)))
    })?;
    let (header_row, header) = &raw[header_at];
    let mut columns: Vec<String> = header
        .iter()
        .map(|c| c.shown().trim().to_lowercase())
        .collect();
    while columns.last().is_some_and(String::is_empty) {
        columns.pop();
    }
    let rows: Vec<SheetRow> = raw[header_at + 1..]
        .iter()
        .filter(|(_, cells)| !cells.iter().all(Cell::is_empty))
        .map(|(number, cells)| SheetRow {
            number: *number,
            cells: cells.clone(),
        })
        .collect();
    Some(Sheet {
        header_row: *header_row,
        columns,
        rows,
    })
}

/// A sheet's rows as read: (row number, cells).
type RawRows = Vec<(usize, Vec<Cell>)>;

/// One table of a file that may hold several: a workbook's sheet (with its name) or the CSV
/// text (no name).
#[derive(Debug, Clone)]
pub struct NamedSheet {
    pub name: Option<String>,
    pub sheet: Sheet,
}

/// Reads every table of a file whose header names `key`: each sheet of a workbook that has
/// one (sheets without it — a note, a sheet of lists — are not data), or the CSV text. At
/// least one table and one row in all, at most [`MAX_ROWS`] rows in all.
pub fn read_all(bytes: &[u8], key: &str) -> Result<Vec<NamedSheet>, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(FileProblem::TooLarge { bytes: bytes.len() });
    }
    let raw: Vec<(Option<String>, RawRows)> = if bytes.starts_with(b"PK\x03\x04") {
        let mut workbook: Xlsx<_> =
            Xlsx::new(Cursor::new(bytes)).map_err(|_| FileProblem::NotReadable)?;
        let names = workbook.sheet_names();
        if names.is_empty() {
            return Err(FileProblem::NoSheet);
        }
        let mut sheets = Vec::with_capacity(names.len());
        for (index, name) in names.into_iter().enumerate() {
            sheets.push((Some(name), sheet_rows(&mut workbook, index)?));
        }
        sheets
    } else {
        vec![(None, csv_rows(bytes)?)]
    };
    let tables: Vec<NamedSheet> = raw
        .into_iter()
        .filter_map(|(name, rows)| keyed_table(&rows, key).map(|sheet| NamedSheet { name, sheet }))
        .collect();
    if tables.is_empty() {
        return Err(FileProblem::NoHeader);
    }
    let rows: usize = tables.iter().map(|t| t.sheet.rows.len()).sum();
    if rows > MAX_ROWS {
        return Err(FileProblem::TooManyRows { rows });
    }
    if rows == 0 {
        return Err(FileProblem::NoRows);
    }
    Ok(tables)
}

fn text_cell(text: &str) -> Cell {
    match text.trim() {
        "" => Cell::Empty,
        t => Cell::Text(t.to_string()),
    }
}

/// CSV: UTF-8 (a byte-order mark dropped), separated by whichever of `;` and `,` the header
/// line uses more (outside quotes).
fn csv_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<Cell>)>, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| FileProblem::NotReadable)?;
    if text.contains('\0') {
        return Err(FileProblem::NotReadable);
    }
    let delimiter = separator(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(|_| FileProblem::NotReadable)?;
        if index > MAX_ROWS + HEADER_SEARCH {
            return Err(FileProblem::TooManyRows { rows: index });
        }
        rows.push((index + 1, record.iter().map(text_cell).collect()));
    }
    Ok(rows)
}

/// `;` when the first line has more semicolons than commas outside quotes, else `,`.
fn separator(text: &str) -> u8 {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut quoted, mut semicolons, mut commas) = (false, 0, 0);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// A workbook's first sheet: numbers as numbers, dates as dates, formulas as their cached
/// values.
fn workbook_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<Cell>)>, FileProblem> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|_| FileProblem::NotReadable)?;
    sheet_rows(&mut workbook, 0)
}

/// The rows of a workbook's sheet at `index`.
fn sheet_rows(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    index: usize,
) -> Result<Vec<(usize, Vec<Cell>)>, FileProblem> {
    let range = workbook
        .worksheet_range_at(index)
        .ok_or(FileProblem::NoSheet)?
        .map_err(|_| FileProblem::NoSheet)?;
    let Some((first_row, first_column)) = range.start() else {
        return Ok(Vec::new());
    };
    if range.height() > MAX_ROWS + HEADER_SEARCH {
        return Err(FileProblem::TooManyRows {
            rows: range.height(),
        });
    }
    // Text no database may hold (NUL) makes the file unreadable, as it does a CSV file.
    if range
        .used_cells()
        .any(|(_, _, d)| matches!(d, Data::String(s) if s.contains('\0')))
    {
        return Err(FileProblem::NotReadable);
    }
    let lead = vec![Cell::Empty; first_column as usize];
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut row = lead.clone();
            row.extend(cells.iter().map(workbook_cell));
            (first_row as usize + i + 1, row)
        })
        .collect())
}

fn workbook_cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => text_cell(s),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) => excel_date(d.as_f64())
            .map(Cell::Date)
            .unwrap_or(Cell::Number(d.as_f64())),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// A date from Excel's serial day number (1900 system: day 1 is 1900-01-01, and Excel's
/// phantom 1900-02-29 makes serials from 61 on count from 1899-12-30).
fn excel_date(serial: f64) -> Option<NaiveDate> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_a_bom_and_semicolons_reads_like_one_with_commas() {
        let comma = read(b"indicator,value\nCE-02,\"1,5\"\n\n").unwrap();
        let semi = read("\u{feff}indicator;value\r\nCE-02;1,5\r\n".as_bytes()).unwrap();
        for sheet in [&comma, &semi] {
            assert_eq!(sheet.columns, ["indicator", "value"]);
            assert_eq!(sheet.rows.len(), 1);
            assert_eq!(sheet.rows[0].number, 2);
            assert_eq!(sheet.rows[0].cells[1], Cell::Text("1,5".into()));
        }
    }

    #[test]
    fn the_header_may_sit_under_a_title_and_empty_rows_are_skipped() {
        let sheet = read(b"Reports of PT X\nIndicator,Value\n,\nCE-02,3\n").unwrap();
        assert_eq!(sheet.header_row, 2);
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].number, 4);
        assert_eq!(
            read(b"code,value\nCE-02,3\n").unwrap_err(),
            FileProblem::NoHeader
        );
        assert_eq!(read(b"indicator\n").unwrap_err(), FileProblem::NoRows);
        assert_eq!(read(b"").unwrap_err(), FileProblem::Empty);
        assert_eq!(read(b"\xff\xfe\x00").unwrap_err(), FileProblem::NotReadable);
    }

    #[test]
    fn an_english_labels_row_above_the_names_row_is_not_the_header() {
        let sheet = read(b"Indicator,Name,Value\nindicator,name,value\nCE-02,Scrap,3\n").unwrap();
        assert_eq!(sheet.header_row, 2);
        assert_eq!(sheet.columns, ["indicator", "name", "value"]);
        assert_eq!(sheet.rows.len(), 1);
    }

    #[test]
    fn excel_serials_are_dates() {
        assert_eq!(excel_date(46296.0), NaiveDate::from_ymd_opt(2026, 10, 1));
        assert_eq!(excel_date(3.0), None);
    }
}
