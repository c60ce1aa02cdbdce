//! The shape of the downloads' words: the workbooks' first sheet, their sheet names and
//! column headers, and the links that offer them. Values are in each language's file. May use
//! `domain/` only.

/// The workbooks' and the download links' strings.
#[derive(Debug)]
pub struct ExportStrings {
    /// The link beside a page's table: "Download this table (.xlsx)".
    pub download_xlsx: &'static str,
    /// The link to the results workbook.
    pub download_results: &'static str,

    // ---- the first sheet of every workbook ----
    /// Its name (at most 31 characters, no `[]:*?/\`).
    pub about_sheet: &'static str,
    pub what_label: &'static str,
    pub program_label: &'static str,
    pub period_label: &'static str,
    pub made_label: &'static str,
    pub data_label: &'static str,
    pub coverage_label: &'static str,
    pub filters_label: &'static str,
    pub rows_label: &'static str,
    pub no_filter: &'static str,
    /// Which figures a file holds: approved reports only.
    pub official_data: &'static str,
    /// The minimum-coverage rule, in a sentence.
    pub coverage_rule: &'static str,
    /// The period a results workbook covers: "the year 2026 (periods closed by 29 Nov 2026)".
    pub year_period: fn(i32, &str) -> String,

    // ---- the results workbook ----
    pub results_title: &'static str,
    pub results_what: &'static str,
    pub summary_sheet: &'static str,
    pub pillar: &'static str,
    pub indicators: &'static str,
    pub code: &'static str,
    pub indicator: &'static str,
    pub unit: &'static str,
    pub frequency: &'static str,
    pub baseline_year: &'static str,
    pub baseline: &'static str,
    /// "Target 2027".
    pub target_for: fn(i32) -> String,
    pub value: &'static str,
    pub coverage: &'static str,
    pub status: &'static str,
    /// A period's figure below the indicator's minimum coverage: shown, not judged.
    pub incomplete: &'static str,
    pub year_to_date: &'static str,
    /// The status of the year so far (what the dashboards show).
    pub status_year_to_date: &'static str,
    pub judged_on: &'static str,

    // ---- the page tables ----
    pub reporting_title: &'static str,
    pub reporting_what: &'static str,
    pub review_title: &'static str,
    pub review_what: &'static str,
    pub own_reports_title: &'static str,
    pub own_reports_what: &'static str,
    pub audit_title: &'static str,
    pub audit_what: &'static str,
    pub organisation_code: &'static str,
    pub organisation: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    pub comment: &'static str,
    pub submitted_by: &'static str,
    pub park_value: &'static str,
    /// A park figure a tenant may not see: "withheld (fewer than 3 organisations)".
    pub withheld: fn(usize) -> String,
    pub review_note: &'static str,
    pub late: &'static str,
    pub missing: &'static str,
    pub when_utc: &'static str,
    pub actor_kind: &'static str,
    pub actor: &'static str,
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_name: &'static str,
    pub entity_id: &'static str,
    pub changes: &'static str,
    pub reason: &'static str,
    pub request_id: &'static str,
    pub client_address: &'static str,
}
