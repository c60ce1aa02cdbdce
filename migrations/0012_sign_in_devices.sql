-- Sign-in throttling that cannot be turned against an account's owner (issue 13).
--
-- A browser that signed in successfully to an account gets a random secret in an HttpOnly
-- cookie; its SHA-256 is kept here. However many failures others cause for the account, its
-- owner is never locked out of a correct sign-in from one of these browsers.
CREATE TABLE known_device (
    user_id       uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    secret_hash   bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, secret_hash)
);

-- A failure from a known browser counts against that browser, not against its address (which
-- it may share with others behind one NAT or proxy). NULL: the client was not known.
ALTER TABLE login_failure ADD COLUMN device_hash bytea;
