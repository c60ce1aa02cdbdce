-- A file of an organisation's material-flow ledger (issue 18 meets issue 15's import): its
-- months of each material and the transfers it sends. Like a file of reports, it belongs to
-- one organisation. The kinds are declared once in `domain::kinds::ImportKind`; these checks
-- follow it.
--
-- Other kinds may be added by migrations written at the same time as this one. So that the
-- order in which such migrations run cannot drop a kind another one added, both checks are
-- rebuilt from what they allow now, with 'ledger' added, rather than from a fixed list.
DO $$
DECLARE
    allowed text;
    of_one_organisation text;
BEGIN
    SELECT string_agg(quote_literal(kind), ', ' ORDER BY kind) INTO allowed
      FROM (SELECT (regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g'))[1] AS kind
              FROM pg_constraint c
             WHERE c.conrelid = 'import_upload'::regclass
               AND c.conname = 'import_upload_kind_check'
            UNION
            SELECT 'ledger') kinds;
    SELECT string_agg(quote_literal(kind), ', ' ORDER BY kind) INTO of_one_organisation
      FROM (SELECT (regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g'))[1] AS kind
              FROM pg_constraint c
             WHERE c.conrelid = 'import_upload'::regclass
               AND c.conname = 'import_upload_organisation_of_reports'
            UNION
            SELECT 'ledger') kinds;
    ALTER TABLE import_upload DROP CONSTRAINT import_upload_kind_check;
    EXECUTE format(
        'ALTER TABLE import_upload ADD CONSTRAINT import_upload_kind_check CHECK (kind IN (%s))',
        allowed);
    -- A file of reports or of a ledger names the organisation it belongs to, and only such a
    -- file does.
    ALTER TABLE import_upload DROP CONSTRAINT import_upload_organisation_of_reports;
    EXECUTE format(
        'ALTER TABLE import_upload ADD CONSTRAINT import_upload_organisation_of_reports '
        'CHECK ((kind IN (%s)) = (organisation_id IS NOT NULL))',
        of_one_organisation);
END
$$;
