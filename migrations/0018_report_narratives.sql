-- The managers' narratives of the progress report (/reports/{period}): one text per pillar and
-- report period (a year `2026` or a quarter `2026-Q3`), kept as every version saved. A save
-- appends the next version; the report shows the highest. Nothing is updated or deleted, so
-- the steering committee can always see what was written before and by whom.
CREATE TABLE report_narrative (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pillar_id   uuid NOT NULL REFERENCES pillar (id),
    -- The report period's label, as `domain::report_period::ReportPeriod` writes it.
    period      text NOT NULL CHECK (period ~ '^[0-9]{4}(-Q[1-4])?$'),
    -- 1 for the first save, then one more per save: optimistic concurrency, since a save
    -- names the version it started from and two saves of the same version collide here.
    version     integer NOT NULL CHECK (version > 0),
    body        text NOT NULL CHECK (char_length(body) <= 20000),
    -- Who wrote it (the actor's label, as revisions keep it) and when, by the app's clock.
    written_by  text NOT NULL,
    written_at  timestamptz NOT NULL,
    CONSTRAINT report_narrative_version_key UNIQUE (pillar_id, period, version)
);

-- The history is append-only, like the observation revisions (0013): a save writes a new
-- row in the same transaction as its audit entry, and no row may change or disappear.
CREATE FUNCTION report_narrative_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the report narratives are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER report_narrative_append_only
    BEFORE UPDATE OR DELETE ON report_narrative
    FOR EACH ROW EXECUTE FUNCTION report_narrative_refuse_change();
CREATE TRIGGER report_narrative_no_truncate
    BEFORE TRUNCATE ON report_narrative
    FOR EACH STATEMENT EXECUTE FUNCTION report_narrative_refuse_change();
