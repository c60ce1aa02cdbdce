//! Writes `.xlsx` workbooks with `rust_xlsxwriter`: a first sheet that says what the file is,
//! then tables with a bold, frozen header, numbers as numbers in their indicator's format
//! (grouped thousands, its decimals, its unit), percentages as percentages, and columns as
//! wide as what they hold. It knows nothing of the program: callers give it words and cells,
//! already in the reader's language. No SQL and no rule here, so any page or import template
//! can use it.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook as Book, Worksheet, XlsxError,
};

use crate::error::AppError;

/// The media type of an `.xlsx` file.
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Widths (in characters) a column keeps between.
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 60.0;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A measured number with `decimals` places, and `unit` after it in the display format
    /// (the cell's value stays the bare number).
    Number {
        value: f64,
        decimals: u8,
        unit: Option<String>,
    },
    /// A share as the domain keeps it (0–100), written as a fraction with a percent format.
    Percent {
        value: f64,
        decimals: u8,
    },
    /// A whole count.
    Count(i64),
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// A number, empty when absent or not finite.
    pub fn number(value: Option<f64>, decimals: u8) -> Cell {
        match value {
            Some(value) if value.is_finite() => Cell::Number {
                value,
                decimals,
                unit: None,
            },
            _ => Cell::Empty,
        }
    }

    /// A number shown with its unit (`1,234.5 t`), empty when absent or not finite.
    pub fn measured(value: Option<f64>, decimals: u8, unit: &str) -> Cell {
        match Cell::number(value, decimals) {
            Cell::Number {
                value, decimals, ..
            } => Cell::Number {
                value,
                decimals,
                unit: Some(unit.to_string()).filter(|u| !u.trim().is_empty()),
            },
            other => other,
        }
    }

    /// A percentage (0–100), empty when absent or not finite.
    pub fn percent(value: Option<f64>, decimals: u8) -> Cell {
        match value {
            Some(value) if value.is_finite() => Cell::Percent { value, decimals },
            _ => Cell::Empty,
        }
    }

    /// How many characters the cell shows, for the column's width.
    fn shown_width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(text) => text.lines().map(|l| l.chars().count()).max().unwrap_or(0),
            Cell::Number {
                value,
                decimals,
                unit,
            } => {
                let digits = format!("{:.*}", usize::from(*decimals), value.abs()).len();
                digits + digits / 3 + 1 + unit.as_ref().map_or(0, |u| u.chars().count() + 1)
            }
            Cell::Percent { decimals, .. } => 6 + usize::from(*decimals),
            Cell::Count(n) => n.to_string().len() + 2,
        }
    }
}

/// The display format of a number with `decimals` places: `#,##0.00`, and the unit after it
/// as literal text.
pub fn number_format(decimals: u8, unit: Option<&str>) -> String {
    let mut format = String::from("#,##0");
    if decimals > 0 {
        format.push('.');
        format.push_str(&"0".repeat(usize::from(decimals.min(10))));
    }
    if let Some(unit) = unit {
        // A quoted literal; a quote or backslash inside it would end or escape it.
        let unit: String = unit.chars().filter(|c| !matches!(c, '"' | '\\')).collect();
        format.push_str(&format!(" \"{unit}\""));
    }
    format
}

/// The display format of a percentage with `decimals` places: `0.0%`.
pub fn percent_format(decimals: u8) -> String {
    if decimals == 0 {
        "0%".to_string()
    } else {
        format!("0.{}%", "0".repeat(usize::from(decimals.min(10))))
    }
}

/// A sheet's name as Excel accepts it: at most 31 characters, none of `[]:*?/\`, not empty.
pub fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '-'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').trim().to_string();
    if cleaned.is_empty() {
        "Sheet".into()
    } else {
        cleaned
    }
}

/// A table to write on its own sheet.
pub struct Table<'a> {
    /// The sheet's name (made acceptable by [`sheet_name`]).
    pub name: &'a str,
    /// An optional row above the headers naming groups of columns: (label, first column,
    /// last column), merged across them.
    pub groups: Vec<(String, u16, u16)>,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Columns kept in view when scrolling sideways (the codes and names).
    pub frozen_columns: u16,
}

/// A workbook being written.
pub struct Workbook {
    book: Book,
    bold: Format,
    heading: Format,
    wrap: Format,
    group: Format,
}

fn unexpected(err: XlsxError) -> AppError {
    AppError::Unexpected(anyhow::Error::new(err).context("writing a workbook failed"))
}

impl Workbook {
    /// A workbook titled `title`, made at `made_at` (the injected clock's time, which its
    /// properties carry instead of the machine's).
    pub fn new(title: &str, made_at: DateTime<Utc>) -> Workbook {
        let mut book = Book::new();
        let mut properties = DocProperties::new().set_title(title).set_author("Pilar");
        if let Ok(made_at) = ExcelDateTime::from_timestamp(made_at.timestamp()) {
            properties = properties.set_creation_datetime(&made_at);
        }
        book.set_properties(&properties);
        Workbook {
            book,
            bold: Format::new().set_bold(),
            heading: Format::new().set_bold().set_font_size(14),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            group: Format::new().set_bold().set_align(FormatAlign::Center),
        }
    }

    /// The first sheet: a heading, then one fact a row (label, value).
    pub fn about(
        &mut self,
        name: &str,
        heading: &str,
        facts: &[(&str, String)],
    ) -> Result<(), AppError> {
        let (bold, heading_format, wrap) = (&self.bold, &self.heading, &self.wrap);
        let sheet = self.book.add_worksheet();
        sheet.set_name(sheet_name(name)).map_err(unexpected)?;
        sheet
            .write_string_with_format(0, 0, heading, heading_format)
            .map_err(unexpected)?;
        for (row, (label, value)) in (2u32..).zip(facts) {
            sheet
                .write_string_with_format(row, 0, *label, bold)
                .map_err(unexpected)?;
            sheet
                .write_string_with_format(row, 1, value, wrap)
                .map_err(unexpected)?;
        }
        let label_width = facts
            .iter()
            .map(|(l, _)| l.chars().count())
            .max()
            .unwrap_or(10);
        sheet
            .set_column_width(0, (label_width as f64 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH))
            .map_err(unexpected)?;
        sheet.set_column_width(1, 90).map_err(unexpected)?;
        Ok(())
    }

    /// A sheet holding `table`: the group row (if any) and the headers frozen at the top,
    /// the first `frozen_columns` columns frozen at the left.
    pub fn table(&mut self, table: &Table) -> Result<(), AppError> {
        let (bold, group_format) = (self.bold.clone(), self.group.clone());
        let sheet = self.book.add_worksheet();
        sheet.set_name(sheet_name(table.name)).map_err(unexpected)?;
        let header_row: u32 = if table.groups.is_empty() { 0 } else { 1 };
        for (label, first, last) in &table.groups {
            if first == last {
                sheet
                    .write_string_with_format(0, *first, label, &group_format)
                    .map_err(unexpected)?;
            } else {
                sheet
                    .merge_range(0, *first, 0, *last, label, &group_format)
                    .map_err(unexpected)?;
            }
        }
        let mut widths: Vec<usize> = Vec::new();
        let mut widen = |col: usize, width: usize| {
            if widths.len() <= col {
                widths.resize(col + 1, 0);
            }
            widths[col] = widths[col].max(width);
        };
        for (col, header) in (0u16..).zip(&table.headers) {
            sheet
                .write_string_with_format(header_row, col, header, &bold)
                .map_err(unexpected)?;
            widen(usize::from(col), header.chars().count());
        }
        let mut formats: std::collections::HashMap<String, Format> = Default::default();
        for (row, cells) in (header_row + 1..).zip(&table.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                widen(usize::from(col), cell.shown_width());
                write_cell(sheet, &mut formats, row, col, cell)?;
            }
        }
        for (col, width) in (0u16..).zip(&widths) {
            sheet
                .set_column_width(col, (*width as f64 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH))
                .map_err(unexpected)?;
        }
        sheet
            .set_freeze_panes(header_row + 1, table.frozen_columns)
            .map_err(unexpected)?;
        Ok(())
    }

    /// The workbook's bytes.
    pub fn into_bytes(mut self) -> Result<Vec<u8>, AppError> {
        self.book.save_to_buffer().map_err(unexpected)
    }

    /// The workbook as a download named `filename` (ASCII, chosen by the code).
    pub fn into_download(self, filename: &str) -> Result<Response, AppError> {
        let bytes = self.into_bytes()?;
        let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
        Ok((
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE)),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            bytes,
        )
            .into_response())
    }
}

/// Writes one cell, reusing one format per number format.
fn write_cell(
    sheet: &mut Worksheet,
    formats: &mut std::collections::HashMap<String, Format>,
    row: u32,
    col: u16,
    cell: &Cell,
) -> Result<(), AppError> {
    let mut format_for = |code: String| {
        formats
            .entry(code.clone())
            .or_insert_with(|| Format::new().set_num_format(code))
            .clone()
    };
    match cell {
        Cell::Empty => {}
        // A string is stored as a string, never read as a formula.
        Cell::Text(text) => {
            sheet.write_string(row, col, text).map_err(unexpected)?;
        }
        Cell::Number {
            value,
            decimals,
            unit,
        } => {
            let format = format_for(number_format(*decimals, unit.as_deref()));
            sheet
                .write_number_with_format(row, col, *value, &format)
                .map_err(unexpected)?;
        }
        Cell::Percent { value, decimals } => {
            let format = format_for(percent_format(*decimals));
            sheet
                .write_number_with_format(row, col, *value / 100.0, &format)
                .map_err(unexpected)?;
        }
        Cell::Count(n) => {
            sheet
                .write_number(row, col, *n as f64)
                .map_err(unexpected)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_decimals_and_units() {
        assert_eq!(number_format(0, None), "#,##0");
        assert_eq!(number_format(2, Some("t")), "#,##0.00 \"t\"");
        assert_eq!(number_format(1, Some("m\"3")), "#,##0.0 \"m3\"");
        assert_eq!(percent_format(0), "0%");
        assert_eq!(percent_format(1), "0.0%");
    }

    #[test]
    fn sheet_names_are_what_excel_accepts() {
        assert_eq!(sheet_name("CE"), "CE");
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name(""), "Sheet");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
    }

    #[test]
    fn absent_and_infinite_numbers_are_empty_cells() {
        assert_eq!(Cell::number(None, 1), Cell::Empty);
        assert_eq!(Cell::number(Some(f64::NAN), 1), Cell::Empty);
        assert_eq!(Cell::percent(Some(f64::INFINITY), 1), Cell::Empty);
        assert_eq!(
            Cell::measured(Some(2.0), 1, " "),
            Cell::number(Some(2.0), 1)
        );
    }
}
