//! The templates of a ledger file (`/import/template.xlsx?kind=ledger`, and
//! `/import/template.csv?kind=ledger&table=months|transfers`): an organisation's months of
//! its materials that are not yet submitted — the last twelve closed months, prefilled with a
//! draft's or returned month's figures — and the transfers it sent in them, read back by
//! `workflow::imports::ledger`. In the workbook the material, month, name, unit and state are
//! grey and locked, the figures, comment and "save as" white; the transfers already recorded
//! are locked (a transfer is not changed by a file: uploaded as they are, they change nothing)
//! and blank rows under them offer drop-downs of the materials, the receivers and the intended
//! uses (kept on a protected sheet of lists). It decides nothing: the rules are the ledger's.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Months, NaiveDate};
use rust_xlsxwriter::{Color, DataValidation, Format, Formula, Workbook, Worksheet, XlsxError};
use serde::Deserialize;
use uuid::Uuid;

use super::import_template::template_columns;
use crate::auth::CurrentUser;
use crate::domain::kinds::{
    IntendedUse, MaterialUnit, ObservationStatus, SubmissionStatus, TransferState,
};
use crate::domain::{Denied, Missing};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::store;
use crate::store::flows::LedgerFilter;
use crate::workflow::imports::ledger::{
    MONTH_COLUMNS, MONTH_INFORMATION, TRANSFER_COLUMNS, TRANSFER_INFORMATION, intended_use_label,
};

/// How many closed months the template offers.
const MONTHS: u32 = 12;
/// Room for new transfers under the recorded ones.
const NEW_TRANSFER_ROWS: u32 = 100;
/// Data starts under the two header rows.
const FIRST_ROW: u32 = 2;

/// The months template's columns, in order: the material and month, the month's name, unit
/// and state (information), then the figures to type.
static MONTH_SHEET: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| template_columns(MONTH_COLUMNS, MONTH_INFORMATION, Some("opening")));
/// The transfers template's columns: the transfer, then information about it.
static TRANSFER_SHEET: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| template_columns(TRANSFER_COLUMNS, TRANSFER_INFORMATION, None));

/// One month of one material, with what is stored of it (a draft or a returned month).
pub struct MonthLine {
    pub material: String,
    pub name: String,
    pub unit: &'static str,
    /// `2026-10`.
    pub month: String,
    pub current_status: String,
    pub figures: Option<[f64; 9]>,
    pub comment: String,
}

/// A transfer the organisation sent.
pub struct TransferLine {
    pub material: String,
    pub month: String,
    pub receiver: String,
    pub receiver_name: String,
    pub quantity: f64,
    pub intended_use: IntendedUse,
    pub unit: &'static str,
    pub state: String,
}

/// What a ledger template holds.
pub struct LedgerTemplate {
    pub months: Vec<MonthLine>,
    pub transfers: Vec<TransferLine>,
    /// (code, name) of the materials and of the receivers the drop-downs offer.
    pub materials: Vec<(String, String)>,
    pub receivers: Vec<(String, String)>,
}

fn unit_symbol(unit: MaterialUnit) -> &'static str {
    match unit {
        MaterialUnit::Tonne => "t",
        MaterialUnit::CubicMetre => "m³",
        MaterialUnit::MegawattHour => "MWh",
        MaterialUnit::Gigajoule => "GJ",
    }
}

fn state_label(locale: Locale, state: TransferState) -> &'static str {
    let f = &locale.strings().flows;
    match state {
        TransferState::Pending => f.state_pending,
        TransferState::Confirmed => f.state_confirmed,
        TransferState::Disputed => f.state_disputed,
    }
}

/// The organisation's template: the materials it keeps a ledger of (every material while it
/// keeps none), each of the last twelve closed months not yet submitted or approved, and its
/// transfers of those months.
pub async fn lines(
    state: &AppState,
    organisation_id: Uuid,
    locale: Locale,
) -> Result<LedgerTemplate, AppError> {
    let today = state.clock.today();
    let this_month = today.with_day(1).unwrap_or(today);
    let last = this_month - Months::new(1);
    let first = this_month - Months::new(MONTHS);
    let filter = LedgerFilter {
        organisation_id: Some(organisation_id),
        from: Some(first),
        to: Some(last),
        ..LedgerFilter::default()
    };
    let (materials, stored, sent, receivers, kept) = tokio::try_join!(
        store::flows::materials(&state.pool),
        store::flows::ledger(&state.pool, filter),
        // The organisation's own transfers wherever they went (a transfer may leave the park).
        store::flows::transfers(
            &state.pool,
            None,
            Some(organisation_id),
            None,
            Some(first),
            Some(last)
        ),
        store::flows::counterparties(&state.pool, None),
        store::flows::ledger(
            &state.pool,
            LedgerFilter {
                organisation_id: Some(organisation_id),
                ..LedgerFilter::default()
            }
        ),
    )?;
    let t = locale.strings();
    let own: BTreeSet<&str> = kept
        .iter()
        .map(|r| r.material.as_str())
        .chain(
            sent.iter()
                .filter(|t| t.sender_id == organisation_id)
                .map(|t| t.material.as_str()),
        )
        .collect();
    let stored: HashMap<(&str, NaiveDate), _> = stored
        .iter()
        .map(|r| ((r.material.as_str(), r.month), r))
        .collect();
    let mut months = Vec::new();
    for material in materials
        .iter()
        .filter(|m| own.is_empty() || own.contains(m.code.as_str()))
    {
        let mut month = first;
        while month <= last {
            let row = stored.get(&(material.code.as_str(), month));
            let open = row.is_none_or(|r| {
                matches!(
                    r.status,
                    ObservationStatus::Draft | ObservationStatus::Returned
                )
            });
            if open {
                months.push(MonthLine {
                    material: material.code.clone(),
                    name: locale.text(&material.name).to_string(),
                    unit: unit_symbol(material.unit),
                    month: month.format("%Y-%m").to_string(),
                    current_status: row
                        .map(|r| t.observation_status(r.status).to_string())
                        .unwrap_or_default(),
                    figures: row.map(|r| {
                        [
                            r.opening_declared,
                            r.generated,
                            r.received,
                            r.used_on_site,
                            r.sent,
                            r.disposed_landfill,
                            r.disposed_storage,
                            r.disposed_sea,
                            r.closing,
                        ]
                    }),
                    comment: row.map(|r| r.comment.clone()).unwrap_or_default(),
                });
            }
            month = month + Months::new(1);
        }
    }
    let mut transfers: Vec<TransferLine> = sent
        .iter()
        .filter(|t| t.sender_id == organisation_id)
        .map(|t| TransferLine {
            material: t.material.clone(),
            month: t.month.format("%Y-%m").to_string(),
            receiver: t.receiver.clone(),
            receiver_name: t.receiver_name.clone(),
            quantity: t.quantity,
            intended_use: t.intended_use,
            unit: unit_symbol(t.unit),
            state: state_label(locale, t.state).to_string(),
        })
        .collect();
    transfers.sort_by(|a, b| (&a.month, &a.material).cmp(&(&b.month, &b.material)));
    Ok(LedgerTemplate {
        months,
        transfers,
        materials: materials
            .iter()
            .map(|m| (m.code.clone(), locale.text(&m.name).to_string()))
            .collect(),
        receivers: receivers
            .into_iter()
            .filter(|(id, _, _)| *id != organisation_id)
            .map(|(_, code, name)| (code, name))
            .collect(),
    })
}

fn col(columns: &[&str], name: &str) -> u16 {
    columns.iter().position(|c| *c == name).unwrap_or(0) as u16
}

/// The two header rows: labels in the reader's language over the column names the import
/// reads, both locked.
fn header(sheet: &mut Worksheet, columns: &[&str], locale: Locale) -> Result<(), XlsxError> {
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
            "name" | "comment" | "receiver_name" => 32,
            "current_status" | "status" | "intended_use" | "state" | "receiver" => 18,
            _ => 13,
        };
        sheet.set_column_width(i, width)?;
    }
    Ok(())
}

/// The workbook: the months, the transfers, the lists the drop-downs offer, a note.
pub fn workbook(template: &LedgerTemplate, locale: Locale) -> Result<Vec<u8>, XlsxError> {
    let t = locale.strings();
    let s = &t.imports.ledger;
    let mut workbook = Workbook::new();
    let grey = Color::RGB(0xE8E8E8);
    let info = Format::new().set_background_color(grey);
    let info_text = Format::new().set_background_color(grey).set_num_format("@");
    let entry = Format::new().set_unlocked();
    let entry_text = Format::new().set_unlocked().set_num_format("@");
    let lists_name = "Lists";
    let list = |column: &str, len: usize| {
        DataValidation::new().allow_list_formula(Formula::new(format!(
            "={lists_name}!${column}$2:${column}${}",
            len.max(1) + 1
        )))
    };

    let sheet = workbook.add_worksheet();
    sheet.set_name(s.months_sheet)?;
    header(sheet, &MONTH_SHEET, locale)?;
    let c = |name: &str| col(&MONTH_SHEET, name);
    // The figures start at the opening stock, in the order of `MonthLine::figures`.
    let first_entry = c("opening");
    for (n, line) in template.months.iter().enumerate() {
        let row = FIRST_ROW + n as u32;
        sheet.write_string_with_format(row, c("material"), &line.material, &info)?;
        // Text, so that a workbook does not turn the month into a date.
        sheet.write_string_with_format(row, c("month"), &line.month, &info_text)?;
        sheet.write_string_with_format(row, c("name"), &line.name, &info)?;
        sheet.write_string_with_format(row, c("unit"), line.unit, &info)?;
        sheet.write_string_with_format(row, c("current_status"), &line.current_status, &info)?;
        for column in first_entry..MONTH_SHEET.len() as u16 {
            let format = if MONTH_SHEET[column as usize] == "comment" {
                &entry_text
            } else {
                &entry
            };
            sheet.write_blank(row, column, format)?;
        }
        if let Some(figures) = line.figures {
            for (i, value) in figures.iter().enumerate() {
                let column = first_entry + i as u16;
                // The opening stock is the stored month's only where it was declared.
                if column == c("opening") && *value == 0.0 {
                    continue;
                }
                sheet.write_number_with_format(row, column, *value, &entry)?;
            }
        }
        if !line.comment.is_empty() {
            sheet.write_string_with_format(row, c("comment"), &line.comment, &entry_text)?;
        }
    }
    let last = FIRST_ROW + template.months.len().max(1) as u32 - 1;
    let statuses: Vec<&str> = SubmissionStatus::ALL
        .iter()
        .map(|st| t.observation_status(ObservationStatus::from(*st)))
        .collect();
    let status = DataValidation::new().allow_list_strings(&statuses)?;
    sheet.add_data_validation(FIRST_ROW, c("status"), last, c("status"), &status)?;
    sheet.set_freeze_panes(FIRST_ROW, 2)?;
    sheet.protect();

    let sheet = workbook.add_worksheet();
    sheet.set_name(s.transfers_sheet)?;
    header(sheet, &TRANSFER_SHEET, locale)?;
    let c = |name: &str| col(&TRANSFER_SHEET, name);
    for (n, line) in template.transfers.iter().enumerate() {
        let row = FIRST_ROW + n as u32;
        sheet.write_string_with_format(row, c("material"), &line.material, &info)?;
        sheet.write_string_with_format(row, c("month"), &line.month, &info_text)?;
        sheet.write_string_with_format(row, c("receiver"), &line.receiver, &info)?;
        sheet.write_number_with_format(row, c("quantity"), line.quantity, &info)?;
        sheet.write_string_with_format(
            row,
            c("intended_use"),
            intended_use_label(locale, line.intended_use),
            &info,
        )?;
        sheet.write_string_with_format(row, c("receiver_name"), &line.receiver_name, &info)?;
        sheet.write_string_with_format(row, c("unit"), line.unit, &info)?;
        sheet.write_string_with_format(row, c("state"), &line.state, &info)?;
    }
    let first_new = FIRST_ROW + template.transfers.len() as u32;
    let last = first_new + NEW_TRANSFER_ROWS - 1;
    for row in first_new..=last {
        for name in ["material", "receiver", "quantity", "intended_use"] {
            sheet.write_blank(row, c(name), &entry)?;
        }
        sheet.write_blank(row, c("month"), &entry_text)?;
    }
    let uses: Vec<&str> = IntendedUse::ALL
        .iter()
        .map(|u| intended_use_label(locale, *u))
        .collect();
    let intended = DataValidation::new().allow_list_strings(&uses)?;
    sheet.add_data_validation(
        first_new,
        c("material"),
        last,
        c("material"),
        &list("A", template.materials.len()),
    )?;
    sheet.add_data_validation(
        first_new,
        c("receiver"),
        last,
        c("receiver"),
        &list("C", template.receivers.len()),
    )?;
    sheet.add_data_validation(
        first_new,
        c("intended_use"),
        last,
        c("intended_use"),
        &intended,
    )?;
    sheet.set_freeze_panes(FIRST_ROW, 0)?;
    sheet.protect();

    // The lists the drop-downs offer, on a sheet of their own; its headers name no column
    // the import reads, so it is not taken for data.
    let lists = workbook.add_worksheet();
    lists.set_name(lists_name)?;
    let bold = Format::new().set_bold();
    lists.write_string_with_format(0, 0, s.materials_list, &bold)?;
    lists.write_string_with_format(0, 2, s.receivers_list, &bold)?;
    for (i, (code, name)) in template.materials.iter().enumerate() {
        lists.write_string(i as u32 + 1, 0, code)?;
        lists.write_string(i as u32 + 1, 1, name)?;
    }
    for (i, (code, name)) in template.receivers.iter().enumerate() {
        lists.write_string(i as u32 + 1, 2, code)?;
        lists.write_string(i as u32 + 1, 3, name)?;
    }
    lists.set_column_width(1, 36)?;
    lists.set_column_width(3, 36)?;
    lists.protect();

    let note = workbook.add_worksheet();
    note.set_name(t.imports.title)?;
    note.set_column_width(0, 100)?;
    note.write_string_with_format(0, 0, s.note, &Format::new().set_text_wrap())?;
    workbook.save_to_buffer()
}

/// Which table a CSV template holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Months,
    Transfers,
}

/// A CSV template: the header the import reads (the column names, one line) and the rows.
/// Quantities are written as plain numbers (`5000.5`), which every language reads the same.
pub fn csv(template: &LedgerTemplate, table: Table, locale: Locale) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let number = |v: f64| v.to_string();
    // Writing to a vector does not fail.
    let _ = match table {
        Table::Months => {
            let mut result =
                out.write_record(MONTH_COLUMNS.iter().filter(|c| **c != "organisation"));
            for line in &template.months {
                let mut record = vec![line.material.clone(), line.month.clone()];
                match line.figures {
                    Some(f) => {
                        record.push(if f[0] == 0.0 {
                            String::new()
                        } else {
                            number(f[0])
                        });
                        record.extend(f[1..].iter().map(|v| number(*v)));
                    }
                    None => record.extend(std::iter::repeat_n(String::new(), 9)),
                }
                record.push(line.comment.clone());
                record.push(String::new());
                result = result.and(out.write_record(&record));
            }
            result
        }
        Table::Transfers => {
            let mut result =
                out.write_record(TRANSFER_COLUMNS.iter().filter(|c| **c != "organisation"));
            for line in &template.transfers {
                result = result.and(out.write_record([
                    line.material.as_str(),
                    line.month.as_str(),
                    line.receiver.as_str(),
                    number(line.quantity).as_str(),
                    intended_use_label(locale, line.intended_use),
                ]));
            }
            result
        }
    };
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[derive(Deserialize, Default)]
pub struct CsvQuery {
    kind: Option<String>,
    table: Option<String>,
}

/// `GET /import/template.csv?kind=ledger&table=months|transfers`: the signed-in tenant's
/// ledger template as CSV, one table per file.
pub async fn csv_template(
    State(state): State<AppState>,
    layout: super::layout::Layout,
    Extension(user): Extension<CurrentUser>,
    Query(query): Query<CsvQuery>,
) -> Result<Response, AppError> {
    if query.kind.as_deref() != Some("ledger") {
        return Err(AppError::NotFound(Missing::Page));
    }
    let table = match query.table.as_deref() {
        None | Some("months") => Table::Months,
        Some("transfers") => Table::Transfers,
        Some(_) => return Err(AppError::NotFound(Missing::Page)),
    };
    let organisation_id = user
        .organisation_id
        .ok_or(AppError::Forbidden(Denied::ReportersOnly))?;
    let template = lines(&state, organisation_id, layout.locale).await?;
    let name = match table {
        Table::Months => "pilar-ledger-months.csv",
        Table::Transfers => "pilar-ledger-transfers.csv",
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv(&template, table, layout.locale),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sheets_are_the_import_s_columns_with_the_information_where_a_reader_looks() {
        assert_eq!(
            MONTH_SHEET.join(","),
            "material,month,name,unit,current_status,opening,generated,received,used_on_site,\
             sent,disposed_landfill,disposed_storage,disposed_sea,closing,comment,status"
        );
        assert_eq!(
            TRANSFER_SHEET.join(","),
            "material,month,receiver,quantity,intended_use,receiver_name,unit,state"
        );
    }
}
