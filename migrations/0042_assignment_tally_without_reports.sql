-- Assignments inserted or deleted no longer look up their reports (there are none: the
-- observation foreign key), so the tallies of a large set-based assignment statement grow
-- with its rows only. Otherwise as in 0030.
CREATE OR REPLACE FUNCTION assignment_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- The live assignments moved: indicator, organisation, start, sign.
    moved text;
    -- The same, resolved against the current (live) indicator and organisation.
    resolved text;
    organisation_slots integer[];
    indicator_slots integer[];
    statement text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        moved := 'SELECT n.indicator_id, n.organisation_id, n.starts_on, 1 AS sign
                    FROM new_rows n WHERE n.archived_at IS NULL';
    ELSIF TG_OP = 'DELETE' THEN
        moved := 'SELECT o.indicator_id, o.organisation_id, o.starts_on, -1 AS sign
                    FROM old_rows o WHERE o.archived_at IS NULL';
    ELSE
        moved := 'SELECT n.indicator_id, n.organisation_id, n.starts_on, 1 AS sign
                    FROM new_rows n
                   WHERE n.archived_at IS NULL
                     AND NOT EXISTS (
                         SELECT FROM old_rows o
                          WHERE o.id = n.id AND o.archived_at IS NULL
                            AND (o.indicator_id, o.organisation_id, o.starts_on)
                                = (n.indicator_id, n.organisation_id, n.starts_on))
                  UNION ALL
                  SELECT o.indicator_id, o.organisation_id, o.starts_on, -1
                    FROM old_rows o
                   WHERE o.archived_at IS NULL
                     AND NOT EXISTS (
                         SELECT FROM new_rows n
                          WHERE n.id = o.id AND n.archived_at IS NULL
                            AND (o.indicator_id, o.organisation_id, o.starts_on)
                                = (n.indicator_id, n.organisation_id, n.starts_on))';
    END IF;

    EXECUTE format('SELECT ARRAY(SELECT DISTINCT report_tally_slot(m.organisation_id) FROM (%s) m),
                           ARRAY(SELECT DISTINCT report_tally_slot(m.indicator_id) FROM (%s) m)',
                   moved, moved)
       INTO organisation_slots, indicator_slots;
    IF cardinality(organisation_slots) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM report_tally_lock_slots(organisation_slots, indicator_slots, true);

    resolved := format(
        'SELECT i.program_id, m.indicator_id, m.organisation_id, i.frequency, m.starts_on, m.sign
           FROM (%s) m
           JOIN indicator i ON i.id = m.indicator_id
           JOIN organisation org ON org.id = m.organisation_id
          WHERE i.archived_at IS NULL AND org.archived_at IS NULL',
        moved);
    FOREACH statement IN ARRAY assignment_tally_upserts(resolved) LOOP
        EXECUTE statement;
    END LOOP;
    -- Reports move with an assignment only when it is updated: the observation foreign key
    -- means an inserted assignment has none yet and a deleted one had none left, and looking
    -- them up cost one probe of the observations per assignment row (70 s of a 520,000-row
    -- load statement's 168 s, for nothing).
    IF TG_OP <> 'UPDATE' THEN
        RETURN NULL;
    END IF;
    FOREACH statement IN ARRAY report_tally_upserts(format(
        'SELECT r.program_id, r.indicator_id, r.organisation_id, r.frequency, r.starts_on,
                o.period_start, o.status, o.first_submitted_at, r.sign
           FROM (%s) r
           JOIN observation o ON o.indicator_id = r.indicator_id
                             AND o.organisation_id = r.organisation_id',
        resolved))
    LOOP
        EXECUTE statement;
    END LOOP;
    RETURN NULL;
END
$$;
