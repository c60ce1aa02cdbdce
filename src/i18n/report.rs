//! The words of the progress report for the steering committee (`/reports/{period}`) and of
//! the managers' narrative form. The shape only: the values are in `en.rs` and `id.rs` like
//! every other area's. May use nothing but std.

/// The progress report's strings.
#[derive(Debug)]
pub struct ReportStrings {
    /// The main navigation's entry.
    pub nav: &'static str,
    /// "Progress report · Q3 2026" (the period already worded).
    pub title: fn(&str) -> String,
    /// Who the report is for.
    pub for_committee: &'static str,
    /// The cover's lines: the period, and the day the data was taken.
    pub period: &'static str,
    pub data_taken: &'static str,
    /// Under the cover: what the figures are.
    pub figures_basis: &'static str,
    /// How to get the PDF: the browser's print.
    pub print_hint: &'static str,
    /// The other reports of the program.
    pub other_periods: &'static str,
    pub at_a_glance: &'static str,
    /// "Indicators of CE by status" (chart label).
    pub pillar_by_status: fn(&str) -> String,
    /// A pillar's narrative.
    pub narrative: &'static str,
    pub no_narrative: &'static str,
    /// "Version 3 · Budi Santoso · 1 Dec 2026".
    pub narrative_version: fn(i32, &str, &str) -> String,
    /// Link to the narrative form (managers).
    pub write_narrative: &'static str,
    /// The judged-on column: "Status on 1 Oct 2026".
    pub status_on: fn(&str) -> String,
    pub no_indicators: &'static str,
    pub milestones: &'static str,
    pub milestones_reached: &'static str,
    pub milestones_late: &'static str,
    pub none_reached: &'static str,
    pub none_late: &'static str,
    pub compliance: &'static str,
    pub compliance_intro: &'static str,
    pub reports_expected: &'static str,
    pub reports_on_time: &'static str,
    pub reports_late: &'static str,
    pub no_reports_due: &'static str,
    pub data_notes: &'static str,
    pub data_notes_intro: &'static str,
    /// "CE-03, Q3 2026: " before the coverage words.
    pub incomplete_in: fn(&str, &str) -> String,
    /// "CE-07: 2 approved reports are estimates".
    pub estimated: fn(&str, i64) -> String,
    /// "SK-01: 1 approved report was restated (reopened and approved again)".
    pub restated: fn(&str, i64) -> String,
    pub no_data_notes: &'static str,
    /// A label that is no report period.
    pub period_unreadable: fn(&str) -> String,
    /// The narrative form.
    pub narrative_title: fn(&str, &str) -> String,
    pub narrative_help: &'static str,
    pub narrative_field: &'static str,
    pub save_narrative: &'static str,
    pub back_to_report: &'static str,
    pub history: &'static str,
    pub no_history: &'static str,
    pub narrative_saved: &'static str,
    pub narrative_stale: fn(i32) -> String,
    pub narrative_too_long: fn(usize) -> String,
    /// `/reports/{period}.pdf`, which is not made on the server.
    pub pdf_title: &'static str,
    pub pdf_explained: &'static str,
    pub open_report: &'static str,
}
