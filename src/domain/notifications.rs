//! The rules of reminders and notifications: which kinds a person chooses and their defaults,
//! when a pending item goes into a message, which reports the daily job tells of, how long a
//! failed message waits before the next attempt, and how long a reset link lives.
//! Pure: the day and the moment come in as arguments.

use std::time::Duration;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::compliance::due_date;
use super::kinds::{Cadence, Frequency, NotificationKind, OutboxStatus};
use super::period::Period;

/// Days before a report's due date on which its reporters hear that it falls due.
pub const DUE_NOTICE_DAYS: u64 = 5;
/// How far back the daily job still tells of a report that became late or a milestone that
/// became overdue (a job that could not run for a few days catches up; older ones are not
/// news, and a first start on an old database does not flood anyone).
pub const CATCH_UP_DAYS: u64 = 7;
/// How long a password-reset link works.
pub const RESET_LINK_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// How long the link to change one's notification settings works.
pub const SETTINGS_LINK_LIFETIME: Duration = Duration::from_secs(60 * 24 * 3600);
/// "Forgot password" requests for one address within [`RESET_WINDOW`] before further ones send
/// nothing (the answer stays the same).
pub const RESETS_PER_ADDRESS: i64 = 3;
/// Requests from one client within [`RESET_WINDOW`] before it is refused (429).
pub const RESETS_PER_CLIENT: i64 = 10;
/// The window both reset limits count in.
pub const RESET_WINDOW: Duration = Duration::from_secs(15 * 60);
/// The weekly digest and summary go out on this day (in the park's time zone).
pub const WEEK_STARTS: Weekday = Weekday::Mon;
/// Attempts at sending one message before it is marked failed.
pub const MAX_ATTEMPTS: i32 = 8;
/// How long a claimed message stays with its sender before another may take it (a sender that
/// crashed between sending and marking): the one case in which a message goes out twice.
pub const CLAIM_LEASE: Duration = Duration::from_secs(5 * 60);

/// Unread notifications the page header counts exactly; beyond, it shows "99+" (the count
/// stops there, so that it stays cheap however much a person leaves unread).
pub const UNREAD_COUNTED: i64 = 99;
/// Notifications the notifications page lists, newest first.
pub const INBOX_LENGTH: i64 = 100;
/// Messages the admin's outbox view lists, newest first.
pub const OUTBOX_LENGTH: i64 = 200;

/// The header's unread count as shown: nothing when none, "99+" beyond [`UNREAD_COUNTED`].
pub fn unread_badge(unread: i64) -> Option<String> {
    match unread {
        n if n <= 0 => None,
        n if n > UNREAD_COUNTED => Some(format!("{UNREAD_COUNTED}+")),
        n => Some(n.to_string()),
    }
}

/// Whether an admin may put a message back in the queue to go out at the next round: a
/// failed one (resend), one waiting for its next attempt after a failure (retry now), or one
/// only logged because no SMTP server was configured then. A sent message is not sent again
/// (the person has it), and a queued one not yet tried is on its way anyway.
pub fn may_resend(status: OutboxStatus, attempts: i32) -> bool {
    match status {
        OutboxStatus::Failed | OutboxStatus::Logged => true,
        OutboxStatus::Queued => attempts > 0,
        OutboxStatus::Sent => false,
    }
}

impl NotificationKind {
    /// The kinds a person chooses a cadence for, in the order the settings show them.
    pub const CHOSEN: &[NotificationKind] = &[
        NotificationKind::ReportsDue,
        NotificationKind::ReportReturned,
        NotificationKind::ReviewsWaiting,
        NotificationKind::WeeklySummary,
        NotificationKind::MilestoneOverdue,
        NotificationKind::TransferFlagged,
    ];

    /// Account notices (reset link, password changed): always sent at once, one message each,
    /// whatever the preferences.
    pub fn is_account_notice(self) -> bool {
        matches!(
            self,
            NotificationKind::PasswordReset | NotificationKind::PasswordChanged
        )
    }

    /// The cadence of a person who chose none for this kind.
    pub fn default_cadence(self) -> Cadence {
        match self {
            NotificationKind::ReportsDue | NotificationKind::ReviewsWaiting => Cadence::Daily,
            NotificationKind::WeeklySummary => Cadence::Weekly,
            NotificationKind::ReportReturned
            | NotificationKind::MilestoneOverdue
            | NotificationKind::TransferFlagged
            | NotificationKind::PasswordReset
            | NotificationKind::PasswordChanged => Cadence::Immediately,
        }
    }

    /// The cadence that applies: an account notice is always immediate; otherwise the
    /// person's choice, or the default.
    pub fn cadence(self, chosen: Option<Cadence>) -> Cadence {
        if self.is_account_notice() {
            Cadence::Immediately
        } else {
            chosen.unwrap_or_else(|| self.default_cadence())
        }
    }
}

/// Which kind of dispatch is running: every tick sends what is immediate; the day's first
/// (once per day, by one instance) also the daily digests, and on [`WEEK_STARTS`] the weekly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dispatch {
    pub daily: bool,
    pub weekly: bool,
}

impl Dispatch {
    /// The dispatch of a tick: `first_of_day` when it won the day's run.
    pub fn of(day: NaiveDate, first_of_day: bool) -> Dispatch {
        Dispatch {
            daily: first_of_day,
            weekly: first_of_day && day.weekday() == WEEK_STARTS,
        }
    }
}

/// What becomes of a pending item at a dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Goes into a message now.
    Send,
    /// Waits for a later dispatch.
    Wait,
    /// Dropped without a message (the person chose "never").
    Drop,
}

/// The rule of the dispatcher.
pub fn fate(cadence: Cadence, dispatch: Dispatch) -> Fate {
    match cadence {
        Cadence::Never => Fate::Drop,
        Cadence::Immediately => Fate::Send,
        Cadence::Daily if dispatch.daily => Fate::Send,
        Cadence::Weekly if dispatch.weekly => Fate::Send,
        Cadence::Daily | Cadence::Weekly => Fate::Wait,
    }
}

/// A reporting period the daily job tells of, with its due date and whether it is late.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DueNotice {
    pub frequency: Frequency,
    pub period: Period,
    pub due: NaiveDate,
    /// Past its due date (else: falls due within [`DUE_NOTICE_DAYS`]).
    pub late: bool,
}

/// The periods (of every frequency) whose reports the daily job of `today` tells of: due
/// within the next [`DUE_NOTICE_DAYS`] days (today included), or due at most
/// [`CATCH_UP_DAYS`] days ago (late since the day after the due date). A report first heard
/// of as "falls due" is heard of again as "late": they are two notices.
pub fn due_notices(today: NaiveDate) -> Vec<DueNotice> {
    let grace = u64::try_from(super::compliance::GRACE_DAYS).unwrap_or(0);
    let (Some(first_due), Some(last_due)) = (
        today.checked_sub_days(Days::new(CATCH_UP_DAYS)),
        today.checked_add_days(Days::new(DUE_NOTICE_DAYS)),
    ) else {
        return Vec::new();
    };
    let mut notices = Vec::new();
    for &frequency in Frequency::ALL {
        // Periods ending in [first_due - grace, last_due - grace].
        let (Some(from), Some(to)) = (
            first_due.checked_sub_days(Days::new(grace)),
            last_due.checked_sub_days(Days::new(grace)),
        ) else {
            continue;
        };
        let mut period = Period::containing(frequency, from);
        while period.start() <= to {
            let due = due_date(&period);
            if (first_due..=last_due).contains(&due) {
                notices.push(DueNotice {
                    frequency,
                    period,
                    due,
                    late: due < today,
                });
            }
            period = period.next(frequency);
        }
    }
    notices
}

/// The days on which pending transfers were recorded that the daily job of `today` tells of
/// as unanswered (inclusive): those whose first flagged day (the 31st, `domain::flows::
/// transfer_flags`) is today or at most [`CATCH_UP_DAYS`] before. A job that could not run
/// for a few days catches up; a first start on an old ledger does not flood anyone.
pub fn unanswered_transfers_recorded(today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let first_flagged = u64::try_from(super::flows::ANSWER_WITHIN_DAYS + 1).ok()?;
    let last = today.checked_sub_days(Days::new(first_flagged))?;
    let first = last.checked_sub_days(Days::new(CATCH_UP_DAYS))?;
    Some((first, last))
}

/// The wait before the next attempt after `attempts` failed ones: 1, 2, 4 … minutes, at most
/// six hours.
pub fn retry_delay(attempts: i32) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    Duration::from_secs((60u64 << exponent).min(6 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_dispatcher_sends_holds_or_drops_by_cadence() {
        let tick = Dispatch::of(day(2026, 12, 2), false);
        let daily = Dispatch::of(day(2026, 12, 2), true); // a Wednesday
        let monday = Dispatch::of(day(2026, 11, 30), true);
        assert_eq!(fate(Cadence::Immediately, tick), Fate::Send);
        assert_eq!(fate(Cadence::Daily, tick), Fate::Wait);
        assert_eq!(fate(Cadence::Daily, daily), Fate::Send);
        assert_eq!(fate(Cadence::Weekly, daily), Fate::Wait);
        assert_eq!(fate(Cadence::Weekly, monday), Fate::Send);
        assert_eq!(fate(Cadence::Never, monday), Fate::Drop);
        assert!(!Dispatch::of(day(2026, 11, 30), false).weekly);
    }

    #[test]
    fn the_unread_badge_is_empty_exact_or_capped() {
        assert_eq!(unread_badge(0), None);
        assert_eq!(unread_badge(1).as_deref(), Some("1"));
        assert_eq!(unread_badge(99).as_deref(), Some("99"));
        assert_eq!(unread_badge(100).as_deref(), Some("99+"));
    }

    #[test]
    fn failed_waiting_and_logged_messages_may_be_resent_sent_ones_not() {
        assert!(may_resend(OutboxStatus::Failed, 8));
        assert!(may_resend(OutboxStatus::Queued, 1));
        assert!(may_resend(OutboxStatus::Logged, 1));
        assert!(!may_resend(OutboxStatus::Queued, 0));
        assert!(!may_resend(OutboxStatus::Sent, 1));
    }

    #[test]
    fn account_notices_ignore_preferences() {
        assert_eq!(
            NotificationKind::PasswordReset.cadence(Some(Cadence::Never)),
            Cadence::Immediately
        );
        assert_eq!(
            NotificationKind::ReportsDue.cadence(Some(Cadence::Never)),
            Cadence::Never
        );
        assert_eq!(NotificationKind::ReportsDue.cadence(None), Cadence::Daily);
    }

    #[test]
    fn due_notices_cover_reports_falling_due_and_just_late() {
        // October 2026 closes on the 31st and is due 30 days later, on 30 November.
        let notices = due_notices(day(2026, 11, 26));
        let october = notices
            .iter()
            .find(|n| n.frequency == Frequency::Monthly && n.period.start() == day(2026, 10, 1))
            .expect("October is due within five days");
        assert_eq!(october.due, day(2026, 11, 30));
        assert!(!october.late);
        // Q3 2026 (due 30 October) is long late: not news any more.
        assert!(
            !notices
                .iter()
                .any(|n| n.frequency == Frequency::Quarterly && n.period.start() == day(2026, 7, 1))
        );
        // The day after the due date, it is late.
        let late = due_notices(day(2026, 12, 1));
        assert!(late.iter().any(|n| n.frequency == Frequency::Monthly
            && n.period.start() == day(2026, 10, 1)
            && n.late));
        // Seven days on it is still told of (catch-up), eight days on no more.
        assert!(
            due_notices(day(2026, 12, 7))
                .iter()
                .any(|n| n.period.start() == day(2026, 10, 1))
        );
        assert!(
            !due_notices(day(2026, 12, 8))
                .iter()
                .any(|n| n.period.start() == day(2026, 10, 1) && n.frequency == Frequency::Monthly)
        );
    }

    #[test]
    fn a_transfer_is_told_of_as_unanswered_from_its_31st_day_for_a_week() {
        // Recorded on 20 October: flagged from 20 November (day 31).
        let window = |d| unanswered_transfers_recorded(d).unwrap();
        let recorded = day(2026, 10, 20);
        let told = |d| {
            let (first, last) = window(d);
            (first..=last).contains(&recorded)
        };
        assert!(!told(day(2026, 11, 19)));
        assert!(told(day(2026, 11, 20)));
        assert!(told(day(2026, 11, 27)));
        assert!(!told(day(2026, 11, 28)));
        assert_eq!(
            window(day(2026, 11, 20)),
            (day(2026, 10, 13), day(2026, 10, 20))
        );
    }

    #[test]
    fn retries_back_off_up_to_six_hours() {
        assert_eq!(retry_delay(1), Duration::from_secs(60));
        assert_eq!(retry_delay(2), Duration::from_secs(120));
        assert_eq!(retry_delay(4), Duration::from_secs(480));
        assert_eq!(retry_delay(30), Duration::from_secs(6 * 3600));
    }
}
