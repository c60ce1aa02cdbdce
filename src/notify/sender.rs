//! The outbox's sender: claims due messages (several instances share the work without taking
//! the same one), sends each over SMTP with lettre, marks it sent, or records the failure and
//! retries later with a growing delay. Without an SMTP server configured, each message is
//! written to the log and marked `logged`.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::PgPool;

use crate::config::MailSettings;
use crate::domain::clock::Clock;
use crate::domain::notifications::{CLAIM_LEASE, MAX_ATTEMPTS, retry_delay};
use crate::store;
use crate::store::notifications::OutboxMessage;

/// Messages claimed at a time.
const BATCH: i64 = 50;
/// How long one SMTP conversation may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// Where messages go: an SMTP server, or the log.
pub struct Sender {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

impl Sender {
    /// The sender of these settings; an unreadable SMTP URL or sender address is an error.
    pub fn new(settings: &MailSettings) -> Result<Sender, String> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| format!("the sender address {:?}: {e}", settings.from))?;
        let transport = match &settings.smtp_url {
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("the SMTP URL: {e}"))?
                    .timeout(Some(SMTP_TIMEOUT))
                    .build(),
            ),
            None => None,
        };
        Ok(Sender { transport, from })
    }

    /// Whether messages go to an SMTP server (else to the log).
    pub fn sends(&self) -> bool {
        self.transport.is_some()
    }

    async fn deliver(&self, message: &OutboxMessage) -> Result<&'static str, Failure> {
        let to: Mailbox = message
            .to_address
            .parse()
            .map_err(|e| Failure::Permanent(format!("recipient address: {e}")))?;
        let Some(transport) = &self.transport else {
            tracing::info!(
                to = %message.to_address,
                subject = %message.subject,
                body = %message.body_text,
                "notification logged (no SMTP server configured)"
            );
            return Ok("logged");
        };
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                message.body_text.clone(),
                message.body_html.clone(),
            ))
            .map_err(|e| Failure::Permanent(format!("building the message: {e}")))?;
        match transport.send(email).await {
            Ok(_) => Ok("sent"),
            // A permanent refusal (5xx: no such mailbox…) will not change by waiting.
            Err(e) if e.is_permanent() => Err(Failure::Permanent(e.to_string())),
            Err(e) => Err(Failure::Transient(e.to_string())),
        }
    }
}

enum Failure {
    Transient(String),
    Permanent(String),
}

/// What one sending round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SendReport {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// Sends every message due by the clock's "now": claims a batch (committed before sending,
/// with a lease), delivers each, marks it; repeats until none is due.
pub async fn send_due(
    pool: &PgPool,
    clock: &Clock,
    sender: &Sender,
) -> Result<SendReport, sqlx::Error> {
    let mut report = SendReport::default();
    loop {
        let now = clock.now();
        let lease = now + chrono::Duration::from_std(CLAIM_LEASE).unwrap_or_default();
        let claimed = store::notifications::claim_messages(pool, now, lease, BATCH).await?;
        if claimed.is_empty() {
            return Ok(report);
        }
        for message in &claimed {
            match sender.deliver(message).await {
                Ok(status) => {
                    store::notifications::mark_delivered(pool, message.id, status, clock.now())
                        .await?;
                    report.sent += 1;
                }
                Err(Failure::Transient(error)) if message.attempts < MAX_ATTEMPTS => {
                    let retry_at = clock.now()
                        + chrono::Duration::from_std(retry_delay(message.attempts))
                            .unwrap_or_default();
                    tracing::warn!(id = message.id, attempts = message.attempts, %error, "notification not sent; will retry");
                    store::notifications::mark_attempt_failed(
                        pool,
                        message.id,
                        &error,
                        Some(retry_at),
                    )
                    .await?;
                    report.retrying += 1;
                }
                Err(Failure::Transient(error) | Failure::Permanent(error)) => {
                    tracing::error!(id = message.id, %error, "notification given up");
                    store::notifications::mark_attempt_failed(pool, message.id, &error, None)
                        .await?;
                    report.failed += 1;
                }
            }
        }
    }
}
