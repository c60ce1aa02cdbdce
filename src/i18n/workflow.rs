//! The words of the reporting workflow's details: the review queue's period filter, reports
//! linked to their review page, an earlier return note, what the period grid did, and what a
//! tenant reads on an indicator's page. The shape only: the values are in `en.rs` and `id.rs`
//! like every other area's. May use nothing but std.

/// The workflow details' strings.
#[derive(Debug)]
pub struct WorkflowStrings {
    /// A period label in the review queue's query that names no period (the label as typed).
    pub unknown_period: fn(&str) -> String,
    /// The column (and link) from a report to its own review page.
    pub review: &'static str,
    /// The link text to a report's review page: approve, return or reopen it there.
    pub open_review: &'static str,
    /// An organisation's latest reports, on its page, for reviewers.
    pub latest_reports: &'static str,
    pub latest_reports_intro: &'static str,
    pub no_reports: &'static str,
    /// A return note kept after the report was corrected and submitted again.
    pub earlier_note: &'static str,
    /// What the period grid did: reports submitted, drafts saved.
    pub reports_submitted: fn(usize) -> String,
    pub drafts_saved: fn(usize) -> String,
    /// A tenant's view of an indicator.
    pub your_reports: &'static str,
    pub your_reports_intro: fn(usize) -> String,
    pub park_series_intro: fn(usize) -> String,
}
