-- The reporting workflow and the REST API: who submitted and reviewed each observation, and
-- the idempotency keys that make API writes safe to retry.

-- Who last submitted an observation, so that nobody approves a submission they made
-- themselves (src/reporting/review.rs). A user or an API token, never both; no foreign keys,
-- like the audit log, because the record must outlive a deleted account or token. The labels
-- keep the names readable in the review queue.
ALTER TABLE observation
    ADD COLUMN submitted_by_user_id   uuid,
    ADD COLUMN submitted_by_token_id  uuid,
    ADD COLUMN submitted_by           text,
    ADD COLUMN reviewed_by            text,
    ADD CONSTRAINT observation_submitted_by_one CHECK (
        submitted_by_user_id IS NULL OR submitted_by_token_id IS NULL);

-- Cursor pagination of an organisation's observations walks them in the order
-- (period_start, id) within an organisation; this index serves it without a sort.
CREATE INDEX observation_organisation_page_idx ON observation (organisation_id, period_start, id);
-- The same walk across organisations (manager tokens).
CREATE INDEX observation_page_idx ON observation (period_start, id);

-- The response to every API write that carried an `Idempotency-Key`, per organisation, so that
-- a client may retry a request whose answer it never saw: the same key with the same request
-- replays the stored response and stores nothing again; the same key with another request is
-- refused. Only successful responses are kept (a refused request stored nothing and may be
-- retried as is). Rows older than the retention window (24 hours, src/store/idempotency.rs)
-- are no longer honoured and are deleted as new keys arrive.
CREATE TABLE idempotency_key (
    organisation_id  uuid NOT NULL REFERENCES organisation (id),
    -- As sent by the client: 1 to 255 printable ASCII characters (checked by the API).
    key              text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    -- SHA-256 of the method, the path and the canonical JSON body: "the same request".
    request_hash     bytea NOT NULL CHECK (length(request_hash) = 32),
    method           text NOT NULL,
    path             text NOT NULL,
    -- NULL while the first request is still being processed (the row is inserted at its
    -- start, inside its transaction, so a concurrent duplicate waits for it).
    response_status  smallint CHECK (response_status BETWEEN 200 AND 299),
    response_headers jsonb NOT NULL DEFAULT '{}',
    response_body    bytea,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organisation_id, key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);
