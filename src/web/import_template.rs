//! `GET /import/template.xlsx`'s workbook: an organisation's due and returned reports as rows
//! ready to be filled in and uploaded to `/import` — the indicator, its name in the reader's
//! language, the period, the unit and what the row needs in grey, locked columns; the figure,
//! data quality, comment, evidence and "save as" in white, unlocked ones, with drop-down lists
//! for the data quality, the milestone stages and draft/submitted; the two header rows
//! (labels in the reader's language, then the column names the import reads) locked. Written
//! with rust_xlsxwriter; it reads no database and decides nothing.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, DataValidation, ExcelDateTime, Format, Workbook, XlsxError};

use crate::domain::kinds::{DataQuality, IndicatorKind, ObservationStatus, SubmissionStatus};
use crate::i18n::Locale;

/// One row of the template: a report due (or returned), with what is stored of it.
pub struct TemplateLine {
    pub indicator: String,
    pub name: String,
    pub period: String,
    pub period_start: NaiveDate,
    pub unit: String,
    pub kind: IndicatorKind,
    /// The report's state, as the reader's language says it.
    pub current_status: String,
    /// A milestone's stages, in the reader's language.
    pub stages: Vec<String>,
    /// A draft's or returned report's figure and details, to correct rather than retype.
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
    pub text: Option<String>,
    pub data_quality: Option<DataQuality>,
    pub comment: String,
    pub evidence_url: Option<String>,
}

/// The columns, in order: the first seven are information (grey, locked).
const COLUMNS: &[&str] = &[
    "indicator",
    "name",
    "period",
    "period_start",
    "unit",
    "needs",
    "current_status",
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
const FIRST_ENTRY: u16 = 7;
/// Data starts under the two header rows.
const FIRST_ROW: u32 = 2;

fn col(name: &str) -> u16 {
    COLUMNS.iter().position(|c| *c == name).unwrap_or(0) as u16
}

/// A stage as the drop-down offers it and the import reads it back ("2: Design approved").
fn stage_choice(index: usize, label: &str) -> String {
    format!("{index}: {label}")
}

/// The workbook's bytes.
pub fn workbook(lines: &[TemplateLine], locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.strings();
    let s = &t.imports;
    let mut workbook = Workbook::new();
    let grey = Color::RGB(0xE8E8E8);
    let label = Format::new()
        .set_bold()
        .set_background_color(grey)
        .set_text_wrap();
    let key = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x555555))
        .set_background_color(grey);
    let info = Format::new().set_background_color(grey);
    let info_date = Format::new()
        .set_background_color(grey)
        .set_num_format("yyyy-mm-dd");
    let entry = Format::new().set_unlocked();
    let entry_text = Format::new().set_unlocked().set_num_format("@");

    let sheet = workbook.add_worksheet();
    sheet.set_name(s.sheet_name)?;
    for (i, column) in COLUMNS.iter().enumerate() {
        let i = i as u16;
        sheet.write_string_with_format(0, i, (s.column_label)(column), &label)?;
        sheet.write_string_with_format(1, i, *column, &key)?;
        let width = match *column {
            "name" | "needs" | "comment" | "evidence_url" | "text" => 32,
            "period_start" | "current_status" | "data_quality" | "status" => 16,
            _ => 12,
        };
        sheet.set_column_width(i, width)?;
    }
    let last = FIRST_ROW + lines.len().max(1) as u32 - 1;
    for (n, line) in lines.iter().enumerate() {
        let row = FIRST_ROW + n as u32;
        sheet.write_string_with_format(row, col("indicator"), &line.indicator, &info)?;
        sheet.write_string_with_format(row, col("name"), &line.name, &info)?;
        sheet.write_string_with_format(row, col("period"), &line.period, &info)?;
        let start = ExcelDateTime::from_ymd(
            line.period_start.year() as u16,
            line.period_start.month() as u8,
            line.period_start.day() as u8,
        )?;
        sheet.write_datetime_with_format(row, col("period_start"), start, &info_date)?;
        sheet.write_string_with_format(row, col("unit"), &line.unit, &info)?;
        sheet.write_string_with_format(row, col("needs"), (s.needs)(line.kind), &info)?;
        sheet.write_string_with_format(row, col("current_status"), &line.current_status, &info)?;
        for c in FIRST_ENTRY..COLUMNS.len() as u16 {
            let format = if matches!(COLUMNS[c as usize], "text" | "comment" | "evidence_url") {
                &entry_text
            } else {
                &entry
            };
            sheet.write_blank(row, c, format)?;
        }
        let number = |sheet: &mut rust_xlsxwriter::Worksheet, c: &str, v: Option<f64>| {
            v.map_or(Ok(()), |v| {
                sheet
                    .write_number_with_format(row, col(c), v, &entry)
                    .map(|_| ())
            })
        };
        number(sheet, "value", line.value)?;
        number(sheet, "numerator", line.numerator)?;
        number(sheet, "denominator", line.denominator)?;
        if let Some(stage) = line.stage {
            let i = stage as usize;
            let text = line
                .stages
                .get(i)
                .map_or(i.to_string(), |l| stage_choice(i, l));
            sheet.write_string_with_format(row, col("stage"), text, &entry)?;
        }
        if let Some(text) = &line.text {
            sheet.write_string_with_format(row, col("text"), text, &entry_text)?;
        }
        if let Some(q) = line.data_quality {
            sheet.write_string_with_format(row, col("data_quality"), t.data_quality(q), &entry)?;
        }
        if !line.comment.is_empty() {
            sheet.write_string_with_format(row, col("comment"), &line.comment, &entry_text)?;
        }
        if let Some(url) = &line.evidence_url {
            sheet.write_string_with_format(row, col("evidence_url"), url, &entry_text)?;
        }
        if line.kind == IndicatorKind::Milestone && !line.stages.is_empty() {
            let choices: Vec<String> = line
                .stages
                .iter()
                .enumerate()
                .map(|(i, l)| stage_choice(i, l))
                .collect();
            // A list is at most 255 characters in a workbook: the numbers alone otherwise.
            let choices = if choices.iter().map(|c| c.chars().count() + 1).sum::<usize>() < 255 {
                choices
            } else {
                (0..line.stages.len()).map(|i| i.to_string()).collect()
            };
            let validation = DataValidation::new().allow_list_strings(&choices)?;
            sheet.add_data_validation(row, col("stage"), row, col("stage"), &validation)?;
        }
    }
    let qualities: Vec<&str> = DataQuality::ALL
        .iter()
        .map(|q| t.data_quality(*q))
        .collect();
    let quality = DataValidation::new().allow_list_strings(&qualities)?;
    sheet.add_data_validation(
        FIRST_ROW,
        col("data_quality"),
        last,
        col("data_quality"),
        &quality,
    )?;
    let statuses: Vec<&str> = SubmissionStatus::ALL
        .iter()
        .map(|s| t.observation_status(ObservationStatus::from(*s)))
        .collect();
    let status = DataValidation::new().allow_list_strings(&statuses)?;
    sheet.add_data_validation(FIRST_ROW, col("status"), last, col("status"), &status)?;
    sheet.set_freeze_panes(FIRST_ROW, 1)?;
    sheet.protect();

    let note = workbook.add_worksheet();
    note.set_name(t.imports.title)?;
    note.set_column_width(0, 100)?;
    note.write_string_with_format(0, 0, s.template_intro, &Format::new().set_text_wrap())?;
    note.write_string_with_format(1, 0, s.template_note, &Format::new().set_text_wrap())?;
    workbook.save_to_buffer()
}
