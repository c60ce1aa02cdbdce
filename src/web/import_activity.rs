//! The templates of a file of GHG activity data (`/import/template.xlsx?kind=activity` and
//! `/import/template.csv?kind=activity`): the organisation's draft and returned activity rows,
//! ready to be corrected in place (their `id` and `version` in grey, locked columns), and
//! blank rows for new ones, with drop-down lists of the activity kinds, fuels, carbonates,
//! carriers and states in the reader's language and of the park's organisations. The import
//! (`workflow::imports::activity`) reads back the labels and the codes alike. It decides
//! nothing: the rows are read by the store, the rules are the activity workflow's.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, ExcelDateTime, Format, Formula, Workbook, Worksheet,
    XlsxError,
};
use uuid::Uuid;

use super::csv::{Csv, Field};
use super::import_template::template_columns;
use crate::domain::Missing;
use crate::domain::kinds::{
    ActivityKind, Carbonate, EnergyCarrier, Fuel, FuelUnit, ObservationStatus, SubmissionStatus,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::store;
use crate::store::ghg::ActivityRecord;
use crate::workflow::imports::activity::{
    self, carbonate_label, carrier_label, fuel_label, kind_label,
};

/// The template's columns, in order: what the import reads, then the row's state, id and
/// version (grey, locked).
static COLUMNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    template_columns(activity::COLUMNS, activity::INFORMATION_COLUMNS, Some("id"))
});
/// Data starts under the two header rows.
const FIRST_ROW: u32 = 2;
/// Blank rows offered for new activity under the stored ones.
const NEW_ROWS: u32 = 200;
/// The code the import reads as "the PLN grid" (`workflow::ghg::check_activity`).
const GRID: &str = "GRID";

fn col(name: &str) -> u16 {
    COLUMNS.iter().position(|c| *c == name).unwrap_or(0) as u16
}

/// What the templates hold for an organisation: its rows still to correct (draft or
/// returned, oldest month first) and the codes a counterparty may be.
struct Contents {
    rows: Vec<ActivityRecord>,
    counterparties: Vec<String>,
}

async fn contents(state: &AppState, organisation_id: Uuid) -> Result<Contents, AppError> {
    let program = crate::auth::program::current()?.ok_or(AppError::NotFound(Missing::Program))?;
    let mut rows = store::ghg::activity_records(
        &state.pool,
        Some(organisation_id),
        None,
        program.starts_on,
        program.ends_on,
    )
    .await?;
    rows.retain(|r| {
        matches!(
            r.status(),
            Ok(ObservationStatus::Draft | ObservationStatus::Returned)
        )
    });
    rows.sort_by(|a, b| a.month.cmp(&b.month).then(a.kind.cmp(&b.kind)));
    let mut conn = state.pool.acquire().await?;
    let park = match store::ghg::park_of(&mut conn, organisation_id).await? {
        Some(park) => store::ghg::park_organisations(&mut conn, park).await?,
        None => Vec::new(),
    };
    let counterparties = park
        .into_iter()
        .filter(|o| o.id != organisation_id)
        .map(|o| o.code)
        .chain(std::iter::once(GRID.to_string()))
        .collect();
    Ok(Contents {
        rows,
        counterparties,
    })
}

/// A stored code as the reader's language labels it (the import reads either back).
fn label_of<T: Copy + std::str::FromStr>(
    code: Option<&str>,
    label: impl Fn(T) -> &'static str,
) -> String {
    code.map(|c| {
        c.parse::<T>()
            .map_or_else(|_| c.to_string(), |v| label(v).to_string())
    })
    .unwrap_or_default()
}

/// One stored row's cells as text, by column (numbers apart).
fn texts(r: &ActivityRecord, locale: Locale) -> Vec<(&'static str, String)> {
    let t = locale.strings();
    let state = r
        .status()
        .map(|s| t.observation_status(s).to_string())
        .unwrap_or_default();
    vec![
        (
            "kind",
            label_of::<ActivityKind>(Some(&r.kind), |k| kind_label(t, k)),
        ),
        (
            "fuel",
            label_of::<Fuel>(r.fuel.as_deref(), |f| fuel_label(t, f)),
        ),
        ("unit", r.unit.clone().unwrap_or_default()),
        (
            "carbonate",
            label_of::<Carbonate>(r.carbonate.as_deref(), |c| carbonate_label(t, c)),
        ),
        (
            "carrier",
            label_of::<EnergyCarrier>(r.carrier.as_deref(), |c| carrier_label(t, c)),
        ),
        (
            "counterparty",
            match (r.kind.parse::<ActivityKind>(), &r.counterparty) {
                (_, Some(code)) => code.clone(),
                (Ok(ActivityKind::EnergyPurchase | ActivityKind::EnergyDelivery), None) => {
                    GRID.to_string()
                }
                _ => String::new(),
            },
        ),
        ("comment", r.comment.clone()),
        ("current_status", state),
        ("id", r.id.to_string()),
    ]
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

/// A drop-down of `choices` on the column's rows, when the list fits a workbook's limit.
fn list(sheet: &mut Worksheet, column: &str, last: u32, choices: &[&str]) -> Result<(), XlsxError> {
    if choices.iter().map(|c| c.chars().count() + 1).sum::<usize>() >= 255 {
        return Ok(());
    }
    let validation = DataValidation::new().allow_list_strings(choices)?;
    sheet.add_data_validation(FIRST_ROW, col(column), last, col(column), &validation)?;
    Ok(())
}

fn workbook(contents: &Contents, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.strings();
    let s = &t.imports.activity;
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
    let entry = Format::new().set_unlocked();
    let entry_text = Format::new().set_unlocked().set_num_format("@");
    let entry_date = Format::new().set_unlocked().set_num_format("yyyy-mm-dd");
    let grey_columns = ["current_status", "id", "version"];

    let sheet = workbook.add_worksheet();
    sheet.set_name(s.sheet_name)?;
    for (i, column) in COLUMNS.iter().enumerate() {
        let i = i as u16;
        sheet.write_string_with_format(0, i, (s.column_label)(column), &label)?;
        sheet.write_string_with_format(1, i, *column, &key)?;
        let width = match *column {
            "kind" | "fuel" | "comment" | "counterparty" | "id" => 28,
            "month" | "carrier" | "carbonate" | "status" | "current_status" => 16,
            _ => 12,
        };
        sheet.set_column_width(i, width)?;
    }
    let stored = contents.rows.len() as u32;
    let last = FIRST_ROW + stored + NEW_ROWS - 1;
    for row in FIRST_ROW..=last {
        for (i, column) in COLUMNS.iter().enumerate() {
            let format = match *column {
                c if grey_columns.contains(&c) => &info,
                "month" => &entry_date,
                "comment" | "counterparty" => &entry_text,
                _ => &entry,
            };
            sheet.write_blank(row, i as u16, format)?;
        }
    }
    for (n, r) in contents.rows.iter().enumerate() {
        let row = FIRST_ROW + n as u32;
        sheet.write_datetime_with_format(row, col("month"), excel_date(r.month)?, &entry_date)?;
        sheet.write_number_with_format(row, col("quantity"), r.quantity, &entry)?;
        if let Some(ncv) = r.ncv_gj_per_t {
            sheet.write_number_with_format(row, col("ncv"), ncv, &entry)?;
        }
        if let Some(out) = r.carbon_out_t {
            sheet.write_number_with_format(row, col("carbon_out"), out, &entry)?;
        }
        for (column, text) in texts(r, locale) {
            if text.is_empty() {
                continue;
            }
            let format = match column {
                c if grey_columns.contains(&c) => &info,
                "comment" | "counterparty" => &entry_text,
                _ => &entry,
            };
            sheet.write_string_with_format(row, col(column), text, format)?;
        }
        sheet.write_number_with_format(row, col("version"), r.version, &info)?;
    }
    let kinds: Vec<&str> = ActivityKind::ALL
        .iter()
        .map(|k| kind_label(t, *k))
        .collect();
    list(sheet, "kind", last, &kinds)?;
    let fuels: Vec<&str> = Fuel::ALL.iter().map(|f| fuel_label(t, *f)).collect();
    list(sheet, "fuel", last, &fuels)?;
    let units: Vec<&str> = FuelUnit::ALL.iter().map(|u| u.as_str()).collect();
    list(sheet, "unit", last, &units)?;
    let carbonates: Vec<&str> = Carbonate::ALL
        .iter()
        .map(|c| carbonate_label(t, *c))
        .collect();
    list(sheet, "carbonate", last, &carbonates)?;
    let carriers: Vec<&str> = EnergyCarrier::ALL
        .iter()
        .map(|c| carrier_label(t, *c))
        .collect();
    list(sheet, "carrier", last, &carriers)?;
    let statuses: Vec<&str> = SubmissionStatus::ALL
        .iter()
        .map(|s| t.observation_status(ObservationStatus::from(*s)))
        .collect();
    list(sheet, "status", last, &statuses)?;
    // The park's organisations may be many: their list is kept on a sheet of its own.
    let lists_name = "Lists";
    let counterparty = DataValidation::new().allow_list_formula(Formula::new(format!(
        "={lists_name}!$A$2:$A${}",
        contents.counterparties.len().max(1) + 1
    )));
    sheet.add_data_validation(
        FIRST_ROW,
        col("counterparty"),
        last,
        col("counterparty"),
        &counterparty,
    )?;
    let months = DataValidation::new().allow_date(DataValidationRule::Between(
        excel_date(NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default())?,
        excel_date(NaiveDate::from_ymd_opt(2100, 12, 1).unwrap_or_default())?,
    ));
    sheet.add_data_validation(FIRST_ROW, col("month"), last, col("month"), &months)?;
    sheet.set_freeze_panes(FIRST_ROW, 2)?;
    sheet.protect();

    let lists = workbook.add_worksheet();
    lists.set_name(lists_name)?;
    lists.write_string_with_format(
        0,
        0,
        (s.column_label)("counterparty"),
        &Format::new().set_bold(),
    )?;
    for (i, code) in contents.counterparties.iter().enumerate() {
        lists.write_string(i as u32 + 1, 0, code)?;
    }
    lists.set_column_width(0, 28)?;
    lists.protect();

    let note = workbook.add_worksheet();
    note.set_name(t.imports.title)?;
    note.set_column_width(0, 100)?;
    let wrap = Format::new().set_text_wrap();
    note.write_string_with_format(0, 0, s.template_intro, &wrap)?;
    note.write_string_with_format(1, 0, s.note, &wrap)?;
    workbook.save_to_buffer()
}

/// The CSV template: the column names the import reads as the header, then the stored rows
/// to correct (numbers written as the reader's language writes them, without grouping, so the
/// upload in that language reads them back).
fn csv(contents: &Contents, locale: Locale) -> Csv {
    let decimal = locale.strings().validation.decimal;
    let number = |n: Option<f64>| n.map(|n| n.to_string().replace('.', &decimal.to_string()));
    let mut csv = Csv::new(&COLUMNS);
    for r in &contents.rows {
        let texts = texts(r, locale);
        let text = |column: &str| {
            texts
                .iter()
                .find(|(c, _)| *c == column)
                .map(|(_, t)| t.clone())
                .unwrap_or_default()
        };
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|column| match *column {
                "month" => r.month.to_string(),
                "quantity" => number(Some(r.quantity)).unwrap_or_default(),
                "ncv" => number(r.ncv_gj_per_t).unwrap_or_default(),
                "carbon_out" => number(r.carbon_out_t).unwrap_or_default(),
                "version" => r.version.to_string(),
                "status" => String::new(),
                other => text(other),
            })
            .collect();
        csv.row(cells.iter().map(|c| Field::Text(c)));
    }
    csv
}

/// The workbook of the organisation's activity rows to correct, and room for new ones.
pub async fn workbook_download(
    state: &AppState,
    organisation_id: Uuid,
    locale: Locale,
) -> Result<Response, AppError> {
    let contents = contents(state, organisation_id).await?;
    let bytes = workbook(&contents, locale)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("activity workbook: {e}")))?;
    // Built here rather than by `web::import` (which calls this module): no import circle.
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"pilar-activity-template.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The same as CSV.
pub async fn csv_download(
    state: &AppState,
    organisation_id: Uuid,
    locale: Locale,
) -> Result<Response, AppError> {
    let contents = contents(state, organisation_id).await?;
    Ok(csv(&contents, locale).into_download("pilar-activity-template.csv"))
}
