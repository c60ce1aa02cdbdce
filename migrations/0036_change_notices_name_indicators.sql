-- Change notifications that say what changed, so that an instance recomputes only that.
--
-- Until now every statement on a table the pages read sent `pilar_data_changed` with an empty
-- payload (0009), and every instance dropped every page's facts: approving one report of
-- CE-01 made every indicator's page, series and download recompute. Now the tables whose rows
-- belong to one indicator name the indicators a statement touched, in one of two classes:
--
--   reports:<id>,<id>,…   observation, official_figure (the reports and the figures made of
--                         them)
--   setup:<id>,<id>,…     target, target_revision, framework_reference, assignment (what an
--                         indicator asks for, against which frameworks, and of whom)
--
-- The ids are the indicators' uuids, distinct and sorted, so that two statements of one
-- transaction touching the same indicators send the same payload and PostgreSQL folds them
-- into one message at commit (an approval writes the observation, and its trigger the official
-- figure: one message). A statement touching more than `change_notice_indicator_limit()`
-- indicators (a load, an import, a bulk correction) says `reports:*` or `setup:*`: every
-- indicator. The payload stays far below NOTIFY's 8,000 bytes (32 × 37 + 7).
--
-- Every other table (program, pillars, indicators themselves, organisations, roles,
-- milestones, data sets, publications, GHG inventories) still sends the empty payload, which
-- means "anything may have changed": those changes are rare and reach every page. TRUNCATE
-- has no transition tables, so truncating one of the six tables sends the empty payload too.
-- An instance reading a payload it does not know drops everything (src/cache.rs), so the
-- empty payload, a manual `NOTIFY pilar_data_changed` and a future class are all safe.
--
-- A statement that changed no row sends nothing (0009's triggers notified for it too).
--
-- The cost: one DISTINCT over the statement's transition table, which the figures' and
-- tallies' triggers (0007, 0010, 0030) already make PostgreSQL keep; the set is cut at the
-- limit plus one, so its size follows the number of indicators, not of rows.

CREATE FUNCTION change_notice_indicator_limit() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 32 $$;

-- TG_ARGV[0] is the class. Every table given to it has an `indicator_id` column.
CREATE FUNCTION notify_indicators_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cap CONSTANT integer := change_notice_indicator_limit();
    touched uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        touched := ARRAY(SELECT DISTINCT n.indicator_id FROM new_rows n
                          ORDER BY 1 LIMIT cap + 1);
    ELSIF TG_OP = 'DELETE' THEN
        touched := ARRAY(SELECT DISTINCT o.indicator_id FROM old_rows o
                          ORDER BY 1 LIMIT cap + 1);
    ELSE
        -- An update can move a row to another indicator: both are touched.
        touched := ARRAY(SELECT n.indicator_id FROM new_rows n
                         UNION
                         SELECT o.indicator_id FROM old_rows o
                          ORDER BY 1 LIMIT cap + 1);
    END IF;
    IF cardinality(touched) = 0 THEN
        RETURN NULL;
    END IF;
    IF cardinality(touched) > cap THEN
        PERFORM pg_notify('pilar_data_changed', TG_ARGV[0] || ':*');
    ELSE
        PERFORM pg_notify('pilar_data_changed', TG_ARGV[0] || ':' || array_to_string(touched, ','));
    END IF;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    t text;
    class text;
BEGIN
    FOR t, class IN VALUES ('observation', 'reports'), ('official_figure', 'reports'),
                           ('target', 'setup'), ('target_revision', 'setup'),
                           ('framework_reference', 'setup'), ('assignment', 'setup')
    LOOP
        -- 0009's trigger, where there was one (official_figure had none: it is written by the
        -- observation and indicator triggers, and by the GHG inventory, whose own writes notify).
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_notify_data_changed', t);
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                 FOR EACH STATEMENT EXECUTE FUNCTION notify_indicators_changed(%L)',
            t || '_notify_insert', t, class);
        EXECUTE format(
            'CREATE TRIGGER %I AFTER UPDATE ON %I
                 REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                 FOR EACH STATEMENT EXECUTE FUNCTION notify_indicators_changed(%L)',
            t || '_notify_update', t, class);
        EXECUTE format(
            'CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                 FOR EACH STATEMENT EXECUTE FUNCTION notify_indicators_changed(%L)',
            t || '_notify_delete', t, class);
        EXECUTE format(
            'CREATE TRIGGER %I AFTER TRUNCATE ON %I
                 FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed()',
            t || '_notify_truncate', t);
    END LOOP;
END
$$;
