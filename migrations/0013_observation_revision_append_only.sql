-- The revision history of observations is append-only, like the audit log (issue 13): every
-- change writes a new row in the same transaction, and no row may change or disappear,
-- whoever asks (an UPDATE through psql used to succeed).
CREATE FUNCTION observation_revision_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the observation revision history is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER observation_revision_append_only
    BEFORE UPDATE OR DELETE ON observation_revision
    FOR EACH ROW EXECUTE FUNCTION observation_revision_refuse_change();
CREATE TRIGGER observation_revision_no_truncate
    BEFORE TRUNCATE ON observation_revision
    FOR EACH STATEMENT EXECUTE FUNCTION observation_revision_refuse_change();
