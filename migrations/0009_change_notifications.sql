-- Change notifications for the dashboards' page cache.
--
-- The dashboards keep what they read from the database (program, catalogue, official figures,
-- reports expected and made, milestones, organisations) in memory, computed once and reused
-- until the data changes (src/cache.rs). "Until the data changes" is told by PostgreSQL
-- itself: every statement that writes one of the tables below sends a notification on the
-- channel `pilar_data_changed`, and each Pilar instance listens on it and drops what it holds.
--
-- NOTIFY is transactional: the notification is delivered when the writing transaction
-- commits, never for a rolled-back one, and identical notifications of one transaction are
-- folded into one, so a batch of 1,000 observations costs one message. Every write path
-- (forms, API, seeding, manual SQL, another instance) is covered without calling anything.

CREATE FUNCTION notify_data_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The payload is the same for every table so that one transaction sends one message.
    PERFORM pg_notify('pilar_data_changed', '');
    RETURN NULL;
END
$$;

-- One statement-level trigger per table the pages read (INSERT, UPDATE, DELETE, TRUNCATE).
-- `official_figure` is derived from `observation` by its own triggers, so it is covered.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['park', 'program', 'pillar', 'indicator', 'framework_reference',
                             'target', 'target_revision', 'organisation', 'program_role',
                             'program_role_pillar', 'assignment', 'observation', 'milestone',
                             'data_set']
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                 FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed()',
            t || '_notify_data_changed', t);
    END LOOP;
END
$$;
