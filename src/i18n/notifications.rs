//! The words of reminders and notifications: the messages (digests, reset link, password
//! notice), the "forgot password" and reset pages, and the notification settings. The shape
//! only: the values are in `en.rs` and `id.rs`. May use `domain/` only.

use crate::domain::kinds::{Cadence, NotificationKind};

/// The notifications' strings.
#[derive(Debug)]
pub struct NotificationStrings {
    /// Short month names, January first, for dates and periods in messages.
    pub months: [&'static str; 12],
    /// "Q3 2026" / "TW III 2026": a quarter's label.
    pub quarter: fn(u32, i32) -> String,
    /// "H1 2026" / "Semester I 2026": a half-year's label.
    pub half: fn(u32, i32) -> String,

    // ---- messages ----
    pub greeting: fn(&str) -> String,
    /// A digest's subject, with the number of things it tells of.
    pub digest_subject: fn(usize) -> String,
    pub digest_intro: &'static str,
    pub due_heading: &'static str,
    /// Indicator, period, due date.
    pub due_line: fn(&str, &str, &str) -> String,
    pub late_heading: &'static str,
    pub late_line: fn(&str, &str, &str) -> String,
    pub submit_link: &'static str,
    pub returned_heading: &'static str,
    /// Indicator, period, the reviewer's note.
    pub returned_line: fn(&str, &str, &str) -> String,
    pub reviews_heading: &'static str,
    /// Reports waiting, organisations, oldest submission date.
    pub reviews_line: fn(i64, i64, &str) -> String,
    pub review_link: &'static str,
    pub weekly_heading: &'static str,
    /// Received, approved, returned, waiting, milestones due in 30 days.
    pub weekly_lines: fn(i64, i64, i64, i64, i64) -> Vec<String>,
    pub milestones_heading: &'static str,
    /// Code, title, due date.
    pub milestone_line: fn(&str, &str, &str) -> String,
    pub timeline_link: &'static str,
    /// The footer of every digest, before the one-click link to the settings.
    pub settings_footer: &'static str,
    pub settings_link: &'static str,
    pub reset_subject: &'static str,
    /// The reset message's lines before the link; minutes the link lives.
    pub reset_body: fn(u64) -> String,
    pub reset_ignore: &'static str,
    pub changed_subject: &'static str,
    pub changed_body: &'static str,

    // ---- pages ----
    pub forgot_link: &'static str,
    pub forgot_title: &'static str,
    pub forgot_intro: &'static str,
    pub forgot_button: &'static str,
    /// The one answer to a reset request, whether or not the address has an account.
    pub forgot_sent: &'static str,
    pub forgot_throttled: &'static str,
    pub reset_title: &'static str,
    pub reset_intro: &'static str,
    pub reset_button: &'static str,
    pub reset_invalid: &'static str,
    pub reset_done: &'static str,
    pub new_password: &'static str,
    pub repeat_password: &'static str,
    pub settings_title: &'static str,
    pub settings_intro: &'static str,
    pub settings_save: &'static str,
    pub settings_saved: &'static str,
    pub settings_link_invalid: &'static str,
    pub reports_due: &'static str,
    pub report_returned: &'static str,
    pub reviews_waiting: &'static str,
    pub weekly_summary: &'static str,
    pub milestone_overdue: &'static str,
    pub immediately: &'static str,
    pub daily: &'static str,
    pub weekly: &'static str,
    pub never: &'static str,
}

impl NotificationStrings {
    /// A kind's name in the settings. Account notices are not chosen and have none.
    pub fn kind(&self, kind: NotificationKind) -> &'static str {
        match kind {
            NotificationKind::ReportsDue => self.reports_due,
            NotificationKind::ReportReturned => self.report_returned,
            NotificationKind::ReviewsWaiting => self.reviews_waiting,
            NotificationKind::WeeklySummary => self.weekly_summary,
            NotificationKind::MilestoneOverdue => self.milestone_overdue,
            NotificationKind::PasswordReset => self.reset_subject,
            NotificationKind::PasswordChanged => self.changed_subject,
        }
    }

    /// A cadence's name.
    pub fn cadence(&self, cadence: Cadence) -> &'static str {
        match cadence {
            Cadence::Immediately => self.immediately,
            Cadence::Daily => self.daily,
            Cadence::Weekly => self.weekly,
            Cadence::Never => self.never,
        }
    }
}
