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

/// One indicator of the targets template: its baseline and its targets as stored.
pub struct TargetsLine {
    pub indicator: String,
    pub name: String,
    pub unit: String,
    pub baseline: Option<(f64, i16)>,
    /// (year, stored target) for each year of the program.
    pub targets: Vec<(i16, Option<f64>)>,
}

/// The columns of the targets template, in order; `value` and `reason` are filled in (and a
/// baseline's year).
const TARGET_COLUMNS: &[&str] = &[
    "indicator",
    "name",
    "unit",
    "what",
    "year",
    "value",
    "reason",
];

/// A template's columns, in order, built from the columns its import reads (`read`): less
/// `organisation` (a template is one organisation's own), with the columns written for the
/// person filling it in (`information`, never read) before the column `before` (at the end
/// when `None`). So a column the import learns is in the template too, in one place.
pub(super) fn template_columns(
    read: &[&'static str],
    information: &[&'static str],
    before: Option<&str>,
) -> Vec<&'static str> {
    let mut columns: Vec<&'static str> = read
        .iter()
        .copied()
        .filter(|c| *c != "organisation")
        .collect();
    let at = before
        .and_then(|b| columns.iter().position(|c| *c == b))
        .unwrap_or(columns.len());
    columns.splice(at..at, information.iter().copied());
    columns
}

fn column_of(columns: &[&str], name: &str) -> u16 {
    columns.iter().position(|c| *c == name).unwrap_or(0) as u16
}

/// The header rows every admin template shares: labels in the reader's language over the
/// column names the import reads, both locked.
fn header(
    sheet: &mut rust_xlsxwriter::Worksheet,
    columns: &[&str],
    locale: Locale,
) -> Result<(), XlsxError> {
    let s = &locale.strings().imports;
    let grey = Color::RGB(0xE8E8E8);
    let label = Format::new()
        .set_bold()
        .set_background_color(grey)
        .set_text_wrap();
    let key = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x555555))
        .set_background_color(grey);
    for (i, column) in columns.iter().enumerate() {
        let i = i as u16;
        sheet.write_string_with_format(0, i, s.any_column_label(column), &label)?;
        sheet.write_string_with_format(1, i, *column, &key)?;
        let width = match *column {
            "name" | "reason" | "organisation_name" => 36,
            "what" | "starts_on" | "organisation" => 18,
            _ => 12,
        };
        sheet.set_column_width(i, width)?;
    }
    Ok(())
}

/// A sheet with the template's note, for the reader.
fn note(workbook: &mut Workbook, locale: Locale, text: &str) -> Result<(), XlsxError> {
    let s = &locale.strings().imports;
    let note = workbook.add_worksheet();
    note.set_name(s.title)?;
    note.set_column_width(0, 100)?;
    note.write_string_with_format(0, 0, text, &Format::new().set_text_wrap())?;
    Ok(())
}

/// The targets and baselines workbook: every live indicator of the catalogue, a baseline row
/// and a row per year of the program, prefilled with what is stored (uploaded unchanged, it
/// changes nothing).
pub fn targets_workbook(lines: &[TargetsLine], locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let s = &locale.strings().imports.structure;
    let mut workbook = Workbook::new();
    let grey = Color::RGB(0xE8E8E8);
    let info = Format::new().set_background_color(grey);
    let entry = Format::new().set_unlocked();
    let entry_text = Format::new().set_unlocked().set_num_format("@");
    let col = |name: &str| column_of(TARGET_COLUMNS, name);

    let sheet = workbook.add_worksheet();
    sheet.set_name(s.targets_sheet)?;
    header(sheet, TARGET_COLUMNS, locale)?;
    let mut row = FIRST_ROW;
    for line in lines {
        let rows = std::iter::once((
            "baseline",
            line.baseline.map(|(_, y)| y),
            line.baseline.map(|(v, _)| v),
        ))
        .chain(line.targets.iter().map(|(y, v)| ("target", Some(*y), *v)));
        for (what, year, value) in rows {
            sheet.write_string_with_format(row, col("indicator"), &line.indicator, &info)?;
            sheet.write_string_with_format(row, col("name"), &line.name, &info)?;
            sheet.write_string_with_format(row, col("unit"), &line.unit, &info)?;
            sheet.write_string_with_format(row, col("what"), (s.what_label)(what), &info)?;
            // A baseline's year is typed (it may be any year); a target's is the row's own.
            let year_format = if what == "baseline" { &entry } else { &info };
            match year {
                Some(y) => sheet.write_number_with_format(row, col("year"), y, year_format)?,
                None => sheet.write_blank(row, col("year"), year_format)?,
            };
            match value {
                Some(v) => sheet.write_number_with_format(row, col("value"), v, &entry)?,
                None => sheet.write_blank(row, col("value"), &entry)?,
            };
            sheet.write_blank(row, col("reason"), &entry_text)?;
            row += 1;
        }
    }
    let last = row.max(FIRST_ROW + 1) - 1;
    let years = DataValidation::new()
        .allow_whole_number(rust_xlsxwriter::DataValidationRule::Between(2000, 2100));
    sheet.add_data_validation(FIRST_ROW, col("year"), last, col("year"), &years)?;
    let whats = [(s.what_label)("target"), (s.what_label)("baseline")];
    let what = DataValidation::new().allow_list_strings(&whats)?;
    sheet.add_data_validation(FIRST_ROW, col("what"), last, col("what"), &what)?;
    sheet.set_freeze_panes(FIRST_ROW, 1)?;
    sheet.protect();
    note(&mut workbook, locale, s.targets_note)?;
    workbook.save_to_buffer()
}

/// One live assignment of the assignments template.
pub struct AssignmentLine {
    pub organisation: String,
    pub organisation_name: String,
    pub indicator: String,
    pub name: String,
    pub starts_on: NaiveDate,
}

const ASSIGNMENT_COLUMNS: &[&str] = &[
    "organisation",
    "indicator",
    "starts_on",
    "organisation_name",
    "name",
];
/// Room for new assignments under the live ones: that many blank rows offer the drop-downs.
const NEW_ASSIGNMENT_ROWS: u32 = 200;

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// The assignments workbook: the live assignments (uploaded unchanged, they change nothing)
/// and blank rows for new ones, the organisation and indicator chosen from lists of the live
/// codes (kept on a second, protected sheet: a list of a workbook's own cells has no length
/// limit) and the first day a date.
pub fn assignments_workbook(
    lines: &[AssignmentLine],
    organisations: &[(String, String)],
    indicators: &[(String, String)],
    locale: Locale,
) -> Result<Vec<u8>, XlsxError> {
    let s = &locale.strings().imports.structure;
    let mut workbook = Workbook::new();
    let grey = Color::RGB(0xE8E8E8);
    let info = Format::new().set_background_color(grey);
    let entry = Format::new().set_unlocked();
    let entry_date = Format::new().set_unlocked().set_num_format("yyyy-mm-dd");
    let col = |name: &str| column_of(ASSIGNMENT_COLUMNS, name);

    let sheet = workbook.add_worksheet();
    sheet.set_name(s.assignments_sheet)?;
    header(sheet, ASSIGNMENT_COLUMNS, locale)?;
    for (n, line) in lines.iter().enumerate() {
        let row = FIRST_ROW + n as u32;
        sheet.write_string_with_format(row, col("organisation"), &line.organisation, &entry)?;
        sheet.write_string_with_format(row, col("indicator"), &line.indicator, &entry)?;
        sheet.write_datetime_with_format(
            row,
            col("starts_on"),
            excel_date(line.starts_on)?,
            &entry_date,
        )?;
        sheet.write_string_with_format(
            row,
            col("organisation_name"),
            &line.organisation_name,
            &info,
        )?;
        sheet.write_string_with_format(row, col("name"), &line.name, &info)?;
    }
    let first_new = FIRST_ROW + lines.len() as u32;
    let last = first_new + NEW_ASSIGNMENT_ROWS - 1;
    for row in first_new..=last {
        sheet.write_blank(row, col("organisation"), &entry)?;
        sheet.write_blank(row, col("indicator"), &entry)?;
        sheet.write_blank(row, col("starts_on"), &entry_date)?;
    }
    // The lists the drop-downs offer, on a sheet of their own.
    let lists_name = "Lists";
    let list_range = |column: &str, len: usize| {
        rust_xlsxwriter::Formula::new(format!(
            "={lists_name}!${column}$2:${column}${}",
            len.max(1) + 1
        ))
    };
    let organisation =
        DataValidation::new().allow_list_formula(list_range("A", organisations.len()));
    let indicator = DataValidation::new().allow_list_formula(list_range("C", indicators.len()));
    let starts = DataValidation::new().allow_date(rust_xlsxwriter::DataValidationRule::Between(
        excel_date(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default())?,
        excel_date(NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or_default())?,
    ));
    sheet.add_data_validation(
        FIRST_ROW,
        col("organisation"),
        last,
        col("organisation"),
        &organisation,
    )?;
    sheet.add_data_validation(
        FIRST_ROW,
        col("indicator"),
        last,
        col("indicator"),
        &indicator,
    )?;
    sheet.add_data_validation(FIRST_ROW, col("starts_on"), last, col("starts_on"), &starts)?;
    sheet.set_freeze_panes(FIRST_ROW, 0)?;
    sheet.protect();

    let lists = workbook.add_worksheet();
    lists.set_name(lists_name)?;
    let bold = Format::new().set_bold();
    let t = &locale.strings().imports;
    lists.write_string_with_format(0, 0, t.any_column_label("organisation"), &bold)?;
    lists.write_string_with_format(0, 2, t.any_column_label("indicator"), &bold)?;
    for (i, (code, name)) in organisations.iter().enumerate() {
        lists.write_string(i as u32 + 1, 0, code)?;
        lists.write_string(i as u32 + 1, 1, name)?;
    }
    for (i, (code, name)) in indicators.iter().enumerate() {
        lists.write_string(i as u32 + 1, 2, code)?;
        lists.write_string(i as u32 + 1, 3, name)?;
    }
    lists.set_column_width(1, 36)?;
    lists.set_column_width(3, 36)?;
    lists.protect();
    note(&mut workbook, locale, s.assignments_note)?;
    workbook.save_to_buffer()
}
