-- Imports (issue 15): a file of reports uploaded from `/import` or `POST /api/v1/imports`,
-- kept as uploaded until it is committed, so that the preview a person reads and the commit
-- they then ask for check the very same bytes (`workflow::imports`).
--
-- One row per upload. The file stays here (at most 10 MB, refused above by the application)
-- because the preview is a resource one can read again and the commit re-checks every row
-- against what is stored at that moment. `committed_at` and `summary` make the commit
-- idempotent: a second commit of the same upload stores nothing and answers the first
-- commit's summary. Uploading the same file again makes a new upload whose rows equal what is
-- stored are left alone (no new revision).
CREATE TABLE import_upload (
    id              uuid PRIMARY KEY,
    -- What the file holds; only reports are imported so far (`domain::kinds::ImportKind`).
    kind            text NOT NULL CHECK (kind IN ('reports')),
    -- The organisation whose reports the file holds: the uploader's own for a tenant, the one
    -- an admin chose.
    organisation_id uuid NOT NULL REFERENCES organisation (id),
    file_name       text NOT NULL CHECK (char_length(file_name) BETWEEN 1 AND 255),
    -- Hex SHA-256 of `content`, audited with the commit.
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    content         bytea NOT NULL CHECK (octet_length(content) <= 10485760),
    -- The language whose number convention reads numbers typed as text (`en`: 1,300.5;
    -- `id`: 1.300,5).
    language        text NOT NULL CHECK (language IN ('en', 'id')),
    row_count       integer NOT NULL CHECK (row_count >= 0),
    uploaded_by     text NOT NULL,
    user_id         uuid REFERENCES app_user (id),
    token_id        uuid REFERENCES api_token (id),
    -- By the application's clock (`domain::clock`), never SQL now().
    uploaded_at     timestamptz NOT NULL,
    committed_at    timestamptz,
    committed_by    text,
    -- What the commit did: rows created, changed, left as they were.
    summary         jsonb,
    CHECK ((committed_at IS NULL) = (summary IS NULL))
);
CREATE INDEX import_upload_organisation_idx ON import_upload (organisation_id, uploaded_at DESC);
