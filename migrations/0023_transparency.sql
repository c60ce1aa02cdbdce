-- Published figures anyone can verify (issue 16, docs/transparency.md).
--
-- `transparency_entry` is the log: leaf i of an RFC 6962 Merkle tree holds the exact bytes
-- of entry i (a statement, a restatement or an attestation, as canonical JSON). Positions
-- run 0, 1, 2… without gaps, so that the tree of the first n rows is the tree of size n.
-- Every signed checkpoint is kept in `transparency_checkpoint`. `publication` and
-- `attestation` say which entries are which period's statements and who attested what.
-- All four are append-only, like the audit log: a correction is a new entry, never an edit.

CREATE TABLE transparency_entry (
    position     bigint PRIMARY KEY CHECK (position >= 0),
    kind         text NOT NULL CHECK (kind IN ('statement', 'restatement', 'attestation')),
    -- The exact bytes hashed: SHA-256(0x00 ‖ body) is the leaf hash.
    body         bytea NOT NULL,
    leaf_hash    bytea NOT NULL CHECK (length(leaf_hash) = 32),
    recorded_at  timestamptz NOT NULL
);

-- A checkpoint as signed after an append: the tree size, its root and the signed note.
CREATE TABLE transparency_checkpoint (
    tree_size  bigint PRIMARY KEY CHECK (tree_size > 0),
    root_hash  bytea NOT NULL CHECK (length(root_hash) = 32),
    note       text NOT NULL,
    signed_at  timestamptz NOT NULL
);

-- A period published for a program: its first statement, then each restatement.
CREATE TABLE publication (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id      uuid NOT NULL REFERENCES program (id),
    -- '2026-Q1' or '2026'.
    period_label    text NOT NULL,
    period_start    date NOT NULL,
    period_end      date NOT NULL CHECK (period_end > period_start),
    kind            text NOT NULL CHECK (kind IN ('statement', 'restatement')),
    entry_position  bigint NOT NULL UNIQUE REFERENCES transparency_entry (position),
    published_by    uuid REFERENCES app_user (id),
    published_at    timestamptz NOT NULL
);
-- A period is published once; later changes are restatements.
CREATE UNIQUE INDEX publication_period_once ON publication (program_id, period_start, period_end)
    WHERE kind = 'statement';
CREATE INDEX publication_program_idx ON publication (program_id, period_start);

-- An independent assurance provider's attestation of a published statement.
CREATE TABLE attestation (
    id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    attested_position   bigint NOT NULL REFERENCES transparency_entry (position),
    entry_position      bigint NOT NULL UNIQUE REFERENCES transparency_entry (position),
    assurance           text NOT NULL CHECK (assurance IN ('limited', 'reasonable')),
    note                text NOT NULL DEFAULT '',
    attested_by         uuid REFERENCES app_user (id),
    attested_at         timestamptz NOT NULL
);

-- The verifier role reads published statements and attests them.
ALTER TABLE app_user DROP CONSTRAINT app_user_role_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_role_check
    CHECK (role IN ('admin', 'manager', 'tenant', 'viewer', 'verifier'));

-- Entries come in order: the next position is the number of entries so far. (Appends take
-- an exclusive lock on the table first, so two publications cannot race for a position.)
CREATE FUNCTION transparency_entry_in_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.position <> (SELECT coalesce(max(position) + 1, 0) FROM transparency_entry) THEN
        RAISE EXCEPTION 'transparency log entries are appended in order: position % refused', NEW.position
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER transparency_entry_in_order
    BEFORE INSERT ON transparency_entry
    FOR EACH ROW EXECUTE FUNCTION transparency_entry_in_order();

CREATE FUNCTION transparency_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the transparency log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER transparency_entry_append_only BEFORE UPDATE OR DELETE ON transparency_entry
    FOR EACH ROW EXECUTE FUNCTION transparency_refuse_change();
CREATE TRIGGER transparency_entry_no_truncate BEFORE TRUNCATE ON transparency_entry
    FOR EACH STATEMENT EXECUTE FUNCTION transparency_refuse_change();
CREATE TRIGGER transparency_checkpoint_append_only BEFORE UPDATE OR DELETE ON transparency_checkpoint
    FOR EACH ROW EXECUTE FUNCTION transparency_refuse_change();
CREATE TRIGGER transparency_checkpoint_no_truncate BEFORE TRUNCATE ON transparency_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION transparency_refuse_change();
CREATE TRIGGER publication_append_only BEFORE UPDATE OR DELETE ON publication
    FOR EACH ROW EXECUTE FUNCTION transparency_refuse_change();
CREATE TRIGGER publication_no_truncate BEFORE TRUNCATE ON publication
    FOR EACH STATEMENT EXECUTE FUNCTION transparency_refuse_change();
CREATE TRIGGER attestation_append_only BEFORE UPDATE OR DELETE ON attestation
    FOR EACH ROW EXECUTE FUNCTION transparency_refuse_change();
CREATE TRIGGER attestation_no_truncate BEFORE TRUNCATE ON attestation
    FOR EACH STATEMENT EXECUTE FUNCTION transparency_refuse_change();
