-- Reminders and notifications by e-mail (issue 19). See docs/notifications.md.
--
-- Three steps, each a table:
--   1. `notification_item`: something one person should be told of (a report falls due, a
--      report was returned, reviews wait, a password reset was asked for…). Written in the
--      same transaction as the event (a return) or by the daily job, which computes lateness.
--   2. The dispatcher groups a person's pending items into one message when their preference
--      for the kind says so (immediately, daily, weekly, never) and writes it to
--      `outbox_message`, marking the items handled, in one transaction.
--   3. Senders claim queued messages (FOR UPDATE SKIP LOCKED), send them over SMTP and mark
--      them sent; a failure is retried later with a growing delay.
-- Every time compared here comes from the program's clock, passed in as a parameter.

-- A person's choice per kind of notification. No row: the kind's default (domain::notifications).
CREATE TABLE notification_preference (
    user_id  uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind     text NOT NULL CHECK (kind IN ('reports_due', 'report_returned', 'reviews_waiting',
                                           'weekly_summary', 'milestone_overdue')),
    cadence  text NOT NULL CHECK (cadence IN ('immediately', 'daily', 'weekly', 'never')),
    PRIMARY KEY (user_id, kind)
);

-- A message as sent: rendered once, in the recipient's language, so that a resend is the same
-- message. `next_attempt_at` is also the claim: a sender moves it forward before sending, so
-- a crash between sending and marking resends one message at most, after the lease, and
-- loses none.
CREATE TABLE outbox_message (
    id               bigserial PRIMARY KEY,
    user_id          uuid REFERENCES app_user (id) ON DELETE SET NULL,
    to_address       text NOT NULL,
    subject          text NOT NULL,
    body_text        text NOT NULL,
    body_html        text NOT NULL,
    created_at       timestamptz NOT NULL,
    -- queued: waiting or being sent; sent: accepted by the SMTP server; logged: no SMTP server
    -- configured, written to the log instead; failed: gave up after the last attempt.
    status           text NOT NULL DEFAULT 'queued'
                     CHECK (status IN ('queued', 'sent', 'logged', 'failed')),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL,
    last_error       text,
    sent_at          timestamptz
);
CREATE INDEX outbox_message_due ON outbox_message (next_attempt_at) WHERE status = 'queued';

CREATE TABLE notification_item (
    id           bigserial PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('reports_due', 'report_returned', 'reviews_waiting',
                                               'weekly_summary', 'milestone_overdue',
                                               'password_reset', 'password_changed')),
    -- What the message says of it (indicator, period, note…), rendered in the person's
    -- language when the message is written.
    payload      jsonb NOT NULL,
    occurred_at  timestamptz NOT NULL,
    -- What makes the item once-only (e.g. "due:<user>:<indicator>:<period>"), so that the
    -- daily job run twice, or by two instances, records it once. NULL: an event that cannot
    -- repeat (a return, a reset request).
    dedup_key    text UNIQUE,
    -- When it went into a message (`message_id`) or was dropped (preference "never").
    handled_at   timestamptz,
    message_id   bigint REFERENCES outbox_message (id) ON DELETE SET NULL
);
CREATE INDEX notification_item_pending ON notification_item (user_id) WHERE handled_at IS NULL;

-- Which scheduled job ran for which day (in the park's time zone): the primary key lets one
-- instance run the daily job once per day, however many instances tick.
CREATE TABLE scheduled_run (
    job         text NOT NULL,
    run_on      date NOT NULL,
    started_at  timestamptz NOT NULL,
    PRIMARY KEY (job, run_on)
);

-- A password-reset link: only the SHA-256 of its secret is kept; it works once, until it expires.
CREATE TABLE password_reset (
    token_hash  bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

-- Every "forgot password" request, known address or not, for throttling per address typed and
-- per client: the answer is the same either way, so the limits must not depend on the account.
CREATE TABLE password_reset_request (
    email         text NOT NULL,
    client        text NOT NULL,
    requested_at  timestamptz NOT NULL
);
CREATE INDEX password_reset_request_email ON password_reset_request (lower(email), requested_at);
CREATE INDEX password_reset_request_client ON password_reset_request (client, requested_at);

-- The link in each message to change one's notification settings without signing in: a
-- random secret, kept as its SHA-256, bound to one person, for a limited time.
CREATE TABLE notification_settings_link (
    token_hash  bytea PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
