-- Attesting through the API, and rotating the transparency log's key (issue 16,
-- docs/transparency.md).
--
-- An API token may act for a verifier account (an independent assurance provider): it is
-- still bound to an organisation (the provider's; the request budget, the idempotency keys
-- and the audit trail are kept per organisation as for every token), and `user_id` names
-- the verifier whose name an attestation made with it carries. That the account is a
-- verifier is checked when the token is issued and on every request (a deactivated or
-- demoted account's token opens nothing), not here: a check constraint cannot read app_user.
ALTER TABLE api_token ADD COLUMN user_id uuid REFERENCES app_user (id);
CREATE INDEX api_token_user_idx ON api_token (user_id) WHERE user_id IS NOT NULL;

-- A key rotation is an entry of the log of its own: the new verifier key, signed by the old
-- key, appended (and its checkpoint signed) while the old key is still the log's key, so a
-- verifier that kept the old key can follow the chain to the new one.
ALTER TABLE transparency_entry DROP CONSTRAINT transparency_entry_kind_check;
ALTER TABLE transparency_entry ADD CONSTRAINT transparency_entry_kind_check
    CHECK (kind IN ('statement', 'restatement', 'attestation', 'key_rotation'));

-- The dashboards' cached facts (src/web/facts.rs) carry the published restatements ("restated
-- on … (was …): reason" beside a figure), so a publication drops them like any other change
-- the pages read (migration 0009).
CREATE TRIGGER publication_notify_data_changed AFTER INSERT ON publication
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
