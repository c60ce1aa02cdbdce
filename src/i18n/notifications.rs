//! The words of reminders and notifications: the messages (digests, reset link, password
//! notice), the "forgot password" and reset pages, and the notification settings. The shape
//! only: the values are in `en.rs` and `id.rs`. May use `domain/` only.

use chrono::{Datelike, NaiveDate};
use serde_json::Value;

use crate::domain::kinds::{Cadence, Frequency, MaterialUnit, NotificationKind, OutboxStatus};

/// The notifications' strings.
#[derive(Debug)]
pub struct NotificationStrings {
    /// The suffix of the names recorded in a notification in this language (`name_en`,
    /// `title_id`…): "en" or "id".
    pub recorded: &'static str,
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
    pub flagged_heading: &'static str,
    /// What (material, month, sender → receiver), sent, received, difference in %.
    pub flagged_difference: fn(&str, &str, &str, &str) -> String,
    /// What, sent, the receiver's note.
    pub flagged_disputed: fn(&str, &str, &str) -> String,
    /// What, sent, the day it was recorded.
    pub flagged_unanswered: fn(&str, &str, &str) -> String,
    pub flows_link: &'static str,
    /// The marks of numbers in messages: the thousands' group and the decimal mark.
    pub number_marks: (char, char),
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
    pub transfer_flagged: &'static str,
    pub immediately: &'static str,
    pub daily: &'static str,
    pub weekly: &'static str,
    pub never: &'static str,

    // ---- the notifications page (`/inbox`) and the header ----
    /// The header's link to the page.
    pub inbox_nav: &'static str,
    /// The header's count, spelled out for screen readers ("3 unread").
    pub inbox_unread: fn(&str) -> String,
    pub inbox_title: &'static str,
    pub inbox_intro: &'static str,
    pub inbox_empty: &'static str,
    /// The marker of an unread notification.
    pub inbox_new: &'static str,
    pub inbox_mark_read: &'static str,
    pub inbox_mark_all_read: &'static str,
    /// The link to one's e-mail settings.
    pub inbox_settings: &'static str,
    pub inbox_account_link: &'static str,
    pub inbox_reset_heading: &'static str,
    pub inbox_reset_line: &'static str,
    pub inbox_changed_heading: &'static str,

    // ---- the admin's outbox (`/admin/outbox`) ----
    pub outbox_title: &'static str,
    /// The line on the admin's index page.
    pub outbox_about: &'static str,
    pub outbox_intro: &'static str,
    pub outbox_empty: &'static str,
    pub outbox_filter: &'static str,
    pub outbox_all: &'static str,
    pub outbox_show: &'static str,
    pub outbox_to: &'static str,
    pub outbox_subject: &'static str,
    pub outbox_status: &'static str,
    pub outbox_attempts: &'static str,
    pub outbox_created: &'static str,
    pub outbox_next_try: &'static str,
    pub outbox_sent_at: &'static str,
    pub outbox_error: &'static str,
    pub outbox_resend: &'static str,
    pub outbox_retry_now: &'static str,
    /// The notice after a resend, with the message's number.
    pub outbox_requeued: fn(i64) -> String,
    pub outbox_not_resendable: &'static str,
    pub status_queued: &'static str,
    pub status_sent: &'static str,
    pub status_logged: &'static str,
    pub status_failed: &'static str,
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
            NotificationKind::TransferFlagged => self.transfer_flagged,
            NotificationKind::PasswordReset => self.reset_subject,
            NotificationKind::PasswordChanged => self.changed_subject,
        }
    }

    /// An outbox status's name.
    pub fn outbox_status_name(&self, status: OutboxStatus) -> &'static str {
        match status {
            OutboxStatus::Queued => self.status_queued,
            OutboxStatus::Sent => self.status_sent,
            OutboxStatus::Logged => self.status_logged,
            OutboxStatus::Failed => self.status_failed,
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

// ---- what a notification's payload says, in the reader's language (messages and the page) ----

/// The indicator's code and name in the person's language.
pub fn indicator(w: &NotificationStrings, p: &Value) -> String {
    let name = p[format!("name_{}", w.recorded).as_str()].as_str();
    let code = p["indicator"].as_str().unwrap_or("");
    match name {
        Some(name) if !name.is_empty() => format!("{code} {name}"),
        _ => code.to_string(),
    }
}

/// A period as people name it (`Oct 2026`, `Q3 2026` / `TW III 2026`…).
pub fn period(w: &NotificationStrings, p: &Value) -> String {
    let frequency = p["frequency"]
        .as_str()
        .and_then(|f| f.parse::<Frequency>().ok());
    let Some(start) = parse_date(p["period_start"].as_str()) else {
        return String::new();
    };
    let year = start.year();
    match frequency {
        Some(Frequency::Monthly) => format!("{} {year}", w.months[start.month0() as usize]),
        Some(Frequency::Quarterly) => (w.quarter)(start.month0() / 3 + 1, year),
        Some(Frequency::SemiAnnual) => (w.half)(start.month0() / 6 + 1, year),
        Some(Frequency::Annual) | None => year.to_string(),
    }
}

fn parse_date(text: Option<&str>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
}

/// A date as `30 Nov 2026` / `30 Nov 2026`.
pub fn date(w: &NotificationStrings, text: Option<&str>) -> String {
    match parse_date(text) {
        Some(d) => day(w, d),
        None => text.unwrap_or("").to_string(),
    }
}

/// One notification as the notifications page says it: a heading and its lines, in the
/// reader's language, from what was recorded of it (the same words as the e-mail's).
pub fn in_app(
    w: &NotificationStrings,
    kind: NotificationKind,
    p: &Value,
) -> (&'static str, Vec<String>) {
    let report = || (indicator(w, p), period(w, p));
    match kind {
        NotificationKind::ReportsDue => {
            let (i, per) = report();
            let due = date(w, p["due"].as_str());
            if p["late"].as_bool() == Some(true) {
                (w.late_heading, vec![(w.late_line)(&i, &per, &due)])
            } else {
                (w.due_heading, vec![(w.due_line)(&i, &per, &due)])
            }
        }
        NotificationKind::ReportReturned => {
            let (i, per) = report();
            let note = p["note"].as_str().unwrap_or("");
            (w.returned_heading, vec![(w.returned_line)(&i, &per, note)])
        }
        NotificationKind::ReviewsWaiting => (
            w.reviews_heading,
            vec![(w.reviews_line)(
                p["reports"].as_i64().unwrap_or(0),
                p["organisations"].as_i64().unwrap_or(0),
                &date(w, p["oldest"].as_str()),
            )],
        ),
        NotificationKind::WeeklySummary => {
            let n = |key: &str| p[key].as_i64().unwrap_or(0);
            (
                w.weekly_heading,
                (w.weekly_lines)(
                    n("received"),
                    n("approved"),
                    n("returned"),
                    n("waiting"),
                    n("milestones_due"),
                ),
            )
        }
        NotificationKind::MilestoneOverdue => {
            let title = p[format!("title_{}", w.recorded).as_str()].as_str();
            (
                w.milestones_heading,
                vec![(w.milestone_line)(
                    p["code"].as_str().unwrap_or(""),
                    title.unwrap_or(""),
                    &date(w, p["due"].as_str()),
                )],
            )
        }
        NotificationKind::TransferFlagged => (w.flagged_heading, vec![flagged_transfer(w, p)]),
        NotificationKind::PasswordReset => {
            (w.inbox_reset_heading, vec![w.inbox_reset_line.to_string()])
        }
        NotificationKind::PasswordChanged => {
            (w.inbox_changed_heading, vec![w.changed_body.to_string()])
        }
    }
}

/// A flagged transfer in one line: what (material, month, sender → receiver), what was sent
/// and why it is flagged (`flag`: `difference`, `disputed` or `unanswered`).
pub fn flagged_transfer(w: &NotificationStrings, p: &Value) -> String {
    let name = p[format!("material_{}", w.recorded).as_str()]
        .as_str()
        .unwrap_or("");
    let month = parse_date(p["month"].as_str())
        .map(|m| format!("{} {}", w.months[m.month0() as usize], m.year()))
        .unwrap_or_default();
    let what = format!(
        "{} {name}, {month}, {} → {}",
        p["material"].as_str().unwrap_or(""),
        p["sender"].as_str().unwrap_or(""),
        p["receiver"].as_str().unwrap_or("")
    );
    let unit = match p["unit"]
        .as_str()
        .and_then(|u| u.parse::<MaterialUnit>().ok())
    {
        Some(MaterialUnit::Tonne) => "t",
        Some(MaterialUnit::CubicMetre) => "m³",
        Some(MaterialUnit::MegawattHour) => "MWh",
        Some(MaterialUnit::Gigajoule) => "GJ",
        None => "",
    };
    let amount = |key: &str| format!("{} {unit}", number(w, p[key].as_f64().unwrap_or(0.0), 1));
    let sent = amount("quantity");
    match p["flag"].as_str() {
        Some("difference") => {
            let (quantity, received) = (
                p["quantity"].as_f64().unwrap_or(0.0),
                p["received"].as_f64().unwrap_or(0.0),
            );
            let share = if quantity > 0.0 {
                (received - quantity) / quantity * 100.0
            } else {
                0.0
            };
            let sign = if share > 0.0 { "+" } else { "" };
            (w.flagged_difference)(
                &what,
                &sent,
                &amount("received"),
                &format!("{sign}{} %", number(w, share, 1)),
            )
        }
        Some("disputed") => (w.flagged_disputed)(&what, &sent, p["note"].as_str().unwrap_or("")),
        _ => (w.flagged_unanswered)(&what, &sent, &date(w, p["recorded_on"].as_str())),
    }
}

/// A number with at most `decimals` decimals (none when whole) and the language's marks.
fn number(w: &NotificationStrings, value: f64, decimals: usize) -> String {
    let (group, point) = w.number_marks;
    let text = format!("{:.*}", decimals, value.abs());
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let mut out = String::new();
    if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.push('−');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// A day as `30 Nov 2026` / `30 Nov 2026`.
pub fn day(w: &NotificationStrings, d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), w.months[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use serde_json::json;

    #[test]
    fn a_notification_reads_in_either_language() {
        let (en, id) = (
            &Locale::En.strings().notifications,
            &Locale::Id.strings().notifications,
        );
        let late = json!({"indicator": "CE-01", "name_en": "Slag reused", "name_id": "Terak",
                          "frequency": "monthly", "period_start": "2026-10-01",
                          "due": "2026-11-30", "late": true});
        let (heading, lines) = in_app(en, NotificationKind::ReportsDue, &late);
        assert_eq!(heading, "Reports now late");
        assert_eq!(
            lines,
            ["CE-01 Slag reused, Oct 2026: was due 30 Nov 2026, not submitted yet"]
        );
        let (_, lines) = in_app(id, NotificationKind::ReportsDue, &late);
        assert!(lines[0].starts_with("CE-01 Terak, Okt 2026"), "{lines:?}");
        let (heading, _) = in_app(en, NotificationKind::PasswordChanged, &json!({}));
        assert_eq!(heading, "Password changed");
        let short = json!({"flag": "difference", "material": "NI-SLAG",
                           "material_en": "Nickel slag", "material_id": "Terak nikel",
                           "unit": "tonne", "month": "2026-11-01",
                           "sender": "Smelter A", "receiver": "Brick Maker I",
                           "quantity": 1000.0, "received": 975.0});
        let (heading, lines) = in_app(en, NotificationKind::TransferFlagged, &short);
        assert_eq!(heading, "Material transfers flagged");
        assert_eq!(
            lines,
            [
                "NI-SLAG Nickel slag, Nov 2026, Smelter A → Brick Maker I: 1,000 t sent, 975 t confirmed (−2.5 %), beyond the 2 % tolerance"
            ]
        );
        let (_, lines) = in_app(id, NotificationKind::TransferFlagged, &short);
        assert_eq!(
            lines,
            [
                "NI-SLAG Terak nikel, Nov 2026, Smelter A → Brick Maker I: 1.000 t dikirim, 975 t dikonfirmasi (−2,5 %), melewati toleransi 2 %"
            ]
        );
    }
}
