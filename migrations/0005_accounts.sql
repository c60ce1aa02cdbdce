-- Accounts: users, their sessions, API tokens, sign-in throttling and the audit log.
--
-- Secrets are never stored: a session id and an API token are kept as their SHA-256 hash,
-- a password as an Argon2 hash. A database dump therefore opens no session and no API.

-- A person who signs in. Tenant users belong to exactly one organisation; nobody else does.
CREATE TABLE app_user (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email               text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    display_name        text NOT NULL CHECK (btrim(display_name) <> ''),
    role                text NOT NULL CHECK (role IN ('admin', 'manager', 'tenant', 'viewer')),
    organisation_id     uuid REFERENCES organisation (id),
    preferred_language  text NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en', 'id')),
    password_hash       text NOT NULL,
    active              boolean NOT NULL DEFAULT true,
    last_login_at       timestamptz,
    version             integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT app_user_tenant_organisation CHECK ((role = 'tenant') = (organisation_id IS NOT NULL))
);
-- Emails compare case-insensitively: Ana@Example.org and ana@example.org are one account.
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));

-- A signed-in browser. The cookie holds a random secret; the row holds its hash. Sessions
-- live here rather than in memory so that they survive a restart and work across instances.
CREATE TABLE user_session (
    id_hash       bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    user_id       uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    -- Per-session token that every state-changing form must echo back.
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    -- Absolute expiry; idle expiry is checked against last_seen_at.
    expires_at    timestamptz NOT NULL,
    client_addr   text,
    user_agent    text
);
CREATE INDEX user_session_user_idx ON user_session (user_id);
CREATE INDEX user_session_expiry_idx ON user_session (expires_at);

-- A machine credential for the REST API, bound to one organisation. Shown once at creation;
-- only its hash and a short display prefix are kept.
CREATE TABLE api_token (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organisation_id     uuid NOT NULL REFERENCES organisation (id),
    name                text NOT NULL CHECK (btrim(name) <> ''),
    -- The first characters of the token, so people can tell their tokens apart.
    display_prefix      text NOT NULL,
    secret_hash         bytea NOT NULL UNIQUE CHECK (length(secret_hash) = 32),
    scope               text NOT NULL CHECK (scope IN ('read', 'write')),
    created_by          text NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz,
    revoked_at          timestamptz,
    last_used_at        timestamptz
);
CREATE INDEX api_token_organisation_idx ON api_token (organisation_id);

-- Failed sign-ins, for throttling per account and per client address. Kept in the database
-- so that every server instance sees the same count.
CREATE TABLE login_failure (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_lower   text NOT NULL,
    client_addr   text NOT NULL,
    failed_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_email_idx ON login_failure (email_lower, failed_at);
CREATE INDEX login_failure_client_idx ON login_failure (client_addr, failed_at);

-- Every write anywhere: who (a user, an API token or the system), what, on which entity,
-- the entity before and after, why, when, and from which request and address.
CREATE TABLE audit_event (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    actor_kind     text NOT NULL CHECK (actor_kind IN ('user', 'token', 'system')),
    actor_user_id  uuid,
    actor_token_id uuid,
    -- Who, in words that stay readable after the user or token is gone.
    actor_label    text NOT NULL,
    action         text NOT NULL CHECK (btrim(action) <> ''),
    entity         text NOT NULL CHECK (btrim(entity) <> ''),
    entity_id      text,
    before         jsonb,
    after          jsonb,
    reason         text,
    request_id     text,
    client_addr    text
);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at DESC);
CREATE INDEX audit_event_entity_idx ON audit_event (entity, entity_id);

-- The audit log is append-only: no row may change or disappear, whoever asks.
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change();
