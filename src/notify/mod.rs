//! Reminders and notifications by e-mail: the dispatcher (the daily job that records what
//! falls due, is late or waits, then the grouping of each person's pending items into one
//! message by their preferences), and the sender (the outbox over SMTP, or the log).
//! See docs/notifications.md.
//!
//! Runs in the background of every instance (`serve`), and is called directly by the tests.
//! Uses the store, the domain's rules, the languages' words and the settings; nothing of the
//! web. "Now" and the park's "today" come from the injected clock, never SQL `now()`.

pub mod mail;
pub mod sender;

use std::collections::BTreeMap;

use chrono::Days;
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::token;
use crate::config::MailSettings;
use crate::domain::clock::Clock;
use crate::domain::kinds::NotificationKind;
use crate::domain::notifications::{
    CATCH_UP_DAYS, Dispatch, Fate, SETTINGS_LINK_LIFETIME, due_notices, fate,
    unanswered_transfers_recorded,
};
use crate::i18n::Locale;
use crate::store;
use crate::store::notifications::{FlaggedTransfers, NewMessage, PendingItem};

pub use sender::{Sender, send_due};

/// What one dispatcher run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DispatchReport {
    /// Another instance held the dispatcher's lock: this run did nothing.
    pub skipped: bool,
    /// This run was the park day's first: it ran the daily job.
    pub daily: bool,
    /// Items the daily job recorded.
    pub recorded: u64,
    /// Messages written to the outbox.
    pub messages: usize,
    /// Items dropped (preference "never", inactive account).
    pub dropped: usize,
}

/// One dispatcher run, in one transaction under an advisory lock (so instances take turns and
/// none writes a message twice): the daily job once per park day (recorded in
/// `scheduled_run`), then every pending item whose cadence says "now" into its person's one
/// message (account notices each their own).
#[tracing::instrument(skip_all)]
pub async fn dispatch(
    pool: &PgPool,
    clock: &Clock,
    settings: &MailSettings,
) -> Result<DispatchReport, sqlx::Error> {
    let now = clock.now();
    let day = clock.today_in(settings.time_zone);
    let mut tx = pool.begin().await?;
    if !store::notifications::try_dispatch_lock(&mut tx).await? {
        tx.commit().await?;
        return Ok(DispatchReport {
            skipped: true,
            ..DispatchReport::default()
        });
    }
    let mut report = DispatchReport::default();
    let first_of_day = store::notifications::claim_run(&mut tx, "daily", day, now).await?;
    let dispatch = Dispatch::of(day, first_of_day);
    if first_of_day {
        report.daily = true;
        report.recorded +=
            store::notifications::record_due_reports(&mut tx, &due_notices(day), now).await?;
        report.recorded += store::notifications::record_reviews_waiting(&mut tx, day, now).await?;
        let from = day
            .checked_sub_days(Days::new(CATCH_UP_DAYS))
            .unwrap_or(day);
        report.recorded +=
            store::notifications::record_overdue_milestones(&mut tx, from, day, now).await?;
        // Transfers unanswered after 30 days by the application's day (as `/flows` flags
        // them), told of once.
        if let Some((first, last)) = unanswered_transfers_recorded(clock.today()) {
            report.recorded += store::notifications::record_flagged_transfers(
                &mut tx,
                FlaggedTransfers::UnansweredRecorded { first, last },
                now,
            )
            .await?;
        }
        if dispatch.weekly {
            let since = now - chrono::Duration::days(7);
            report.recorded +=
                store::notifications::record_weekly_summaries(&mut tx, day, since, now).await?;
        }
    }
    let pending = store::notifications::lock_pending_items(&mut tx).await?;
    let mut by_person: BTreeMap<Uuid, Vec<PendingItem>> = BTreeMap::new();
    for item in pending {
        by_person.entry(item.user_id).or_default().push(item);
    }
    for (user_id, items) in by_person {
        let mut dropped = Vec::new();
        let mut digest = Vec::new();
        let mut notices = Vec::new();
        for item in items {
            let verdict = if item.active {
                fate(item.kind.cadence(item.chosen), dispatch)
            } else {
                Fate::Drop
            };
            match verdict {
                Fate::Drop => dropped.push(item.id),
                Fate::Wait => {}
                Fate::Send if item.kind.is_account_notice() => notices.push(item),
                Fate::Send => digest.push(item),
            }
        }
        if !dropped.is_empty() {
            report.dropped += dropped.len();
            store::notifications::mark_items_handled(&mut tx, &dropped, None, now).await?;
        }
        for item in notices {
            let locale = Locale::from_tag(&item.language).unwrap_or_default();
            let written = match item.kind {
                NotificationKind::PasswordReset => {
                    let secret = item.payload["token"].as_str().unwrap_or_default();
                    let link = format!("{}/login/reset?token={secret}", settings.public_url);
                    mail::reset_link(locale, &item.display_name, &link)
                }
                _ => mail::password_changed(locale, &item.display_name),
            };
            let id = queue(&mut tx, &item, written, now).await?;
            store::notifications::mark_items_handled(&mut tx, &[item.id], Some(id), now).await?;
            report.messages += 1;
        }
        if let Some(first) = digest.first() {
            let locale = Locale::from_tag(&first.language).unwrap_or_default();
            let secret = token::random_secret();
            let expires = now
                + chrono::Duration::from_std(SETTINGS_LINK_LIFETIME)
                    .unwrap_or(chrono::Duration::days(60));
            store::notifications::create_settings_link(
                &mut tx,
                &token::hash(&secret),
                user_id,
                now,
                expires,
            )
            .await?;
            let settings_link = format!("{}/notifications?token={secret}", settings.public_url);
            let lines: Vec<mail::DigestItem> = digest
                .iter()
                .map(|i| mail::DigestItem {
                    kind: i.kind,
                    payload: i.payload.clone(),
                })
                .collect();
            let written = mail::digest(
                locale,
                &first.display_name,
                &lines,
                &settings.public_url,
                &settings_link,
            );
            let id = queue(&mut tx, first, written, now).await?;
            let ids: Vec<i64> = digest.iter().map(|i| i.id).collect();
            store::notifications::mark_items_handled(&mut tx, &ids, Some(id), now).await?;
            report.messages += 1;
        }
    }
    tx.commit().await?;
    Ok(report)
}

async fn queue(
    tx: &mut sqlx::PgConnection,
    to: &PendingItem,
    written: mail::Written,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<i64, sqlx::Error> {
    store::notifications::enqueue(
        tx,
        &NewMessage {
            user_id: Some(to.user_id),
            to_address: to.email.clone(),
            subject: written.subject,
            body_text: written.text,
            body_html: written.html,
        },
        now,
    )
    .await
}

/// The background loop of one instance: dispatch, then send what is due, every
/// `settings.interval`; errors are logged and the next round tries again.
pub async fn run(pool: PgPool, clock: Clock, settings: MailSettings) {
    let sender = match Sender::new(&settings) {
        Ok(sender) => sender,
        Err(err) => {
            tracing::error!(error = %err, "notifications are off: the SMTP settings do not work");
            return;
        }
    };
    let mut interval = tokio::time::interval(settings.interval);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if let Err(err) = dispatch(&pool, &clock, &settings).await {
            tracing::warn!(error = %err, "notification dispatch failed; trying again later");
        }
        if let Err(err) = send_due(&pool, &clock, &sender).await {
            tracing::warn!(error = %err, "sending notifications failed; trying again later");
        }
    }
}
