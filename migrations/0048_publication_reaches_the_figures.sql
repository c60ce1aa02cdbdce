-- A publication tells the caches that every indicator's figures may read differently (issue 21).
--
-- Migration 0026 made a publication send the empty payload ("anything changed"), so every
-- approval that restated a published figure (most approvals in a program's later months) also
-- dropped what the caches keep as structure: the organisations' directory and counts, the
-- programs each reader may enter, the API's catalogue. At 20,000 tenants that recounted
-- 20,000 organisations on the next page. A publication changes no organisation, role,
-- pillar, indicator setup or assignment: what reads it (the program's facts with their
-- restatement notes, the figures' pages and answers) is within "the reports of every
-- indicator" (`reports:*`, `cache::Change::Reports(Touched::Every)`), which keeps the
-- structure.
CREATE FUNCTION notify_every_indicator_reported() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pilar_data_changed', 'reports:*');
    RETURN NULL;
END
$$;

DROP TRIGGER publication_notify_data_changed ON publication;
CREATE TRIGGER publication_notify_data_changed AFTER INSERT ON publication
    FOR EACH STATEMENT EXECUTE FUNCTION notify_every_indicator_reported();
