-- Reporting compliance, precomputed: how many reports each indicator and each organisation
-- made for each period (by state, and whether first submitted late), and how many live
-- assignments each has by start date. `domain::compliance::summarise_counts` turns one
-- (indicator or organisation, period) row plus its expected count into the same summary
-- `summarise` gives over the individual reports (tests/tally.rs checks both agree), so the
-- dashboards read a few hundred rows instead of one per assignment and period.
--
-- Like `official_figure` (0007), the database keeps the tallies current itself, with
-- statement-level triggers and transition tables, so every write path stays correct. Unlike
-- the figures, nothing is recomputed from scratch: a report's or an assignment's contribution
-- depends only on its own row and on the liveness (and frequency, program) of the rows it
-- hangs from, so each trigger subtracts what the rows it changed contributed before and adds
-- what they contribute now, one set-based statement per tally. Archiving an organisation
-- touches its own reports only, not every report of the indicators it is assigned.
--
-- Who counts, exactly as `store::reporting::expected_reports`: an assignment whose own row,
-- organisation and indicator are all live (archived_at IS NULL), for the periods of the
-- indicator's current frequency ending on or after the assignment's start
-- (`compliance::is_expected`); a report counts when such an assignment expects it. Tallies
-- are not dropped when they fall to zero (the rows are few and a zero row reads as none).
--
-- Writers are expected at READ COMMITTED (as everywhere in Pilar): each trigger takes
-- transaction-scoped advisory locks, then reads the other tables with a fresh snapshot, so
-- that a report written while its organisation is being archived is counted once or not at
-- all, never against the state the other transaction is replacing.
--
-- No notification trigger (0009): these tables change only with the tables they derive from.

-- The last day of the period of `frequency` that starts on `period_start`; the SQL twin of
-- `Period::containing(frequency, start).end()` for the calendar-aligned starts Pilar stores.
-- Computed from the indicator's current frequency rather than read from
-- `observation.period_end`, because `expected_reports` matches reports to periods by start
-- date and the indicator's frequency only.
CREATE FUNCTION report_period_end(frequency text, period_start date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (period_start + CASE frequency
                               WHEN 'monthly' THEN interval '1 month'
                               WHEN 'quarterly' THEN interval '3 months'
                               WHEN 'semi_annual' THEN interval '6 months'
                               ELSE interval '1 year'
                           END)::date - 1
$$;

-- What one report contributes to a tally: nothing when the assignment starts after the
-- period's end (no report is expected then), otherwise one in its state's column, one in
-- `submitted_late` when it was first submitted (UTC date) after the due date, and one in
-- `unsubmitted` when it was never submitted. 30 is `compliance::GRACE_DAYS`; the two change
-- together. A single SELECT, so PostgreSQL inlines it where it is used.
CREATE FUNCTION report_tally_counts(frequency text, starts_on date, period_start date,
                                    status text, first_submitted_at timestamptz)
RETURNS TABLE (period_end date, draft integer, submitted integer, approved integer,
               returned integer, submitted_late integer, unsubmitted integer)
LANGUAGE sql STABLE AS $$
    SELECT e.period_end,
           (status = 'draft')::integer,
           (status = 'submitted')::integer,
           (status = 'approved')::integer,
           (status = 'returned')::integer,
           coalesce((first_submitted_at AT TIME ZONE 'UTC')::date > e.period_end + 30, false)::integer,
           (first_submitted_at IS NULL)::integer
      FROM (SELECT report_period_end(frequency, period_start) AS period_end) e
     WHERE starts_on <= e.period_end
$$;

-- Reports made, per indicator and period (the period of the indicator's frequency starting
-- on `period_start`). Read for a program, a pillar or an indicator.
CREATE TABLE indicator_report_tally (
    indicator_id    uuid NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
    period_start    date NOT NULL,
    period_end      date NOT NULL,
    draft           integer NOT NULL,
    submitted       integer NOT NULL,
    approved        integer NOT NULL,
    returned        integer NOT NULL,
    -- First submitted after the due date (period end + grace days).
    submitted_late  integer NOT NULL,
    -- Never submitted (drafts): late once the due date has passed.
    unsubmitted     integer NOT NULL,
    PRIMARY KEY (indicator_id, period_start)
);

-- Reports made, per organisation and period, over the indicators of one program. The period
-- end is part of the key because a month, a quarter, a half-year and a year can start on the
-- same day; the program is, because an organisation may report to several programs and every
-- read is for one. The key leads with the period, so a round's rows for every organisation
-- are a few range scans. (No CHECK (count >= 0) on the counts: PostgreSQL checks the row an
-- upsert proposes, which for a delta may well be negative, before it finds the conflict.)
CREATE TABLE organisation_report_tally (
    program_id       uuid NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    organisation_id  uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    draft            integer NOT NULL,
    submitted        integer NOT NULL,
    approved         integer NOT NULL,
    returned         integer NOT NULL,
    submitted_late   integer NOT NULL,
    unsubmitted      integer NOT NULL,
    PRIMARY KEY (program_id, period_start, period_end, organisation_id)
);

-- Live assignments per indicator and start date: the reports an indicator expects for a
-- period are the assignments starting on or before its end.
CREATE TABLE indicator_assignment_tally (
    indicator_id  uuid NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
    starts_on     date NOT NULL,
    assignments   integer NOT NULL,
    PRIMARY KEY (indicator_id, starts_on)
);

-- Live assignments per organisation, program, frequency and start date: the reports an
-- organisation is expected to make for a period of a frequency.
CREATE TABLE organisation_assignment_tally (
    program_id       uuid NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    organisation_id  uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    frequency        text NOT NULL,
    starts_on        date NOT NULL,
    assignments      integer NOT NULL,
    PRIMARY KEY (program_id, organisation_id, frequency, starts_on)
);

-- What the four tables must hold, counted from scratch: the initial fill below, and a
-- consistency check (rows of the tables with a non-zero count EXCEPT these must be empty,
-- and the other way round; tests/tally.rs does so after every kind of write).
CREATE VIEW indicator_report_tally_recount AS
SELECT o.indicator_id, o.period_start, min(c.period_end) AS period_end,
       sum(c.draft)::integer AS draft, sum(c.submitted)::integer AS submitted,
       sum(c.approved)::integer AS approved, sum(c.returned)::integer AS returned,
       sum(c.submitted_late)::integer AS submitted_late,
       sum(c.unsubmitted)::integer AS unsubmitted
  FROM observation o
  JOIN assignment a ON a.indicator_id = o.indicator_id AND a.organisation_id = o.organisation_id
  JOIN indicator i ON i.id = o.indicator_id
  JOIN organisation org ON org.id = o.organisation_id
 CROSS JOIN LATERAL report_tally_counts(i.frequency, a.starts_on, o.period_start, o.status,
                                        o.first_submitted_at) c
 WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL
 GROUP BY o.indicator_id, o.period_start;

CREATE VIEW organisation_report_tally_recount AS
SELECT i.program_id, o.organisation_id, o.period_start, c.period_end,
       sum(c.draft)::integer AS draft, sum(c.submitted)::integer AS submitted,
       sum(c.approved)::integer AS approved, sum(c.returned)::integer AS returned,
       sum(c.submitted_late)::integer AS submitted_late,
       sum(c.unsubmitted)::integer AS unsubmitted
  FROM observation o
  JOIN assignment a ON a.indicator_id = o.indicator_id AND a.organisation_id = o.organisation_id
  JOIN indicator i ON i.id = o.indicator_id
  JOIN organisation org ON org.id = o.organisation_id
 CROSS JOIN LATERAL report_tally_counts(i.frequency, a.starts_on, o.period_start, o.status,
                                        o.first_submitted_at) c
 WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL
 GROUP BY i.program_id, o.organisation_id, o.period_start, c.period_end;

CREATE VIEW indicator_assignment_tally_recount AS
SELECT a.indicator_id, a.starts_on, count(*)::integer AS assignments
  FROM assignment a
  JOIN indicator i ON i.id = a.indicator_id
  JOIN organisation org ON org.id = a.organisation_id
 WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL
 GROUP BY a.indicator_id, a.starts_on;

CREATE VIEW organisation_assignment_tally_recount AS
SELECT i.program_id, a.organisation_id, i.frequency, a.starts_on, count(*)::integer AS assignments
  FROM assignment a
  JOIN indicator i ON i.id = a.indicator_id
  JOIN organisation org ON org.id = a.organisation_id
 WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL
 GROUP BY i.program_id, a.organisation_id, i.frequency, a.starts_on;

-- One counted report or assignment, added (sign 1) or taken away (sign -1), with the facts
-- its tallies depend on; the triggers below build arrays of these and hand them to the
-- `*_apply` functions, so the upserts are written once.
CREATE TYPE report_tally_change AS (
    program_id          uuid,
    indicator_id        uuid,
    organisation_id     uuid,
    frequency           text,
    starts_on           date,
    period_start        date,
    status              text,
    first_submitted_at  timestamptz,
    sign                integer
);

CREATE TYPE assignment_tally_change AS (
    program_id       uuid,
    indicator_id     uuid,
    organisation_id  uuid,
    frequency        text,
    starts_on        date,
    sign             integer
);

-- Serialises the writers whose deltas could overlap. Observation writers share the locks of
-- their indicators (so batches of one indicator run side by side, their upserts adding up
-- under row locks); a change of liveness takes them exclusively: an assignment locks its
-- organisation and indicator, an indicator itself, an organisation itself and then the
-- indicators it is assigned (read after its own lock, which new assignments need too).
-- Keys are taken organisations first, then indicators, each in id order, so two statements
-- never wait for each other in a circle.
CREATE FUNCTION report_tally_lock(organisation_ids uuid[], indicator_ids uuid[], exclusive boolean)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF exclusive THEN
        PERFORM pg_advisory_xact_lock(k.key)
           FROM (SELECT hashtextextended('report_tally:' || kind || ':' || id::text, 0) AS key
                   FROM (SELECT DISTINCT 1 AS kind, u.id FROM unnest(organisation_ids) AS u(id)
                         UNION
                         SELECT DISTINCT 2, u.id FROM unnest(indicator_ids) AS u(id)) ids
                  WHERE id IS NOT NULL
                  ORDER BY kind, id) k;
    ELSE
        PERFORM pg_advisory_xact_lock_shared(k.key)
           FROM (SELECT hashtextextended('report_tally:' || kind || ':' || id::text, 0) AS key
                   FROM (SELECT DISTINCT 1 AS kind, u.id FROM unnest(organisation_ids) AS u(id)
                         UNION
                         SELECT DISTINCT 2, u.id FROM unnest(indicator_ids) AS u(id)) ids
                  WHERE id IS NOT NULL
                  ORDER BY kind, id) k;
    END IF;
END
$$;

-- Adds the changes to both report tallies: one upsert each, grouped by key, in key order (so
-- concurrent writers lock tally rows in the same order), skipping keys whose net change is
-- nothing. After a frequency change an indicator's rows take the new period end (the rows
-- added, sign 1, carry it).
CREATE FUNCTION report_tally_apply(changes report_tally_change[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_report_tally AS t
           (indicator_id, period_start, period_end, draft, submitted, approved, returned,
            submitted_late, unsubmitted)
    SELECT ch.indicator_id, ch.period_start,
           (array_agg(c.period_end ORDER BY ch.sign DESC))[1],
           sum(ch.sign * c.draft), sum(ch.sign * c.submitted), sum(ch.sign * c.approved),
           sum(ch.sign * c.returned), sum(ch.sign * c.submitted_late),
           sum(ch.sign * c.unsubmitted)
      FROM unnest(changes) ch
     CROSS JOIN LATERAL report_tally_counts(ch.frequency, ch.starts_on, ch.period_start,
                                            ch.status, ch.first_submitted_at) c
     GROUP BY ch.indicator_id, ch.period_start
    HAVING sum(ch.sign * c.draft) <> 0 OR sum(ch.sign * c.submitted) <> 0
        OR sum(ch.sign * c.approved) <> 0 OR sum(ch.sign * c.returned) <> 0
        OR sum(ch.sign * c.submitted_late) <> 0 OR sum(ch.sign * c.unsubmitted) <> 0
        OR min(c.period_end) <> max(c.period_end)
     ORDER BY ch.indicator_id, ch.period_start
    ON CONFLICT (indicator_id, period_start) DO UPDATE
       SET period_end = EXCLUDED.period_end,
           draft = t.draft + EXCLUDED.draft,
           submitted = t.submitted + EXCLUDED.submitted,
           approved = t.approved + EXCLUDED.approved,
           returned = t.returned + EXCLUDED.returned,
           submitted_late = t.submitted_late + EXCLUDED.submitted_late,
           unsubmitted = t.unsubmitted + EXCLUDED.unsubmitted;

    INSERT INTO organisation_report_tally AS t
           (program_id, organisation_id, period_start, period_end, draft, submitted, approved,
            returned, submitted_late, unsubmitted)
    SELECT ch.program_id, ch.organisation_id, ch.period_start, c.period_end,
           sum(ch.sign * c.draft), sum(ch.sign * c.submitted), sum(ch.sign * c.approved),
           sum(ch.sign * c.returned), sum(ch.sign * c.submitted_late),
           sum(ch.sign * c.unsubmitted)
      FROM unnest(changes) ch
     CROSS JOIN LATERAL report_tally_counts(ch.frequency, ch.starts_on, ch.period_start,
                                            ch.status, ch.first_submitted_at) c
     GROUP BY ch.program_id, ch.period_start, c.period_end, ch.organisation_id
    HAVING sum(ch.sign * c.draft) <> 0 OR sum(ch.sign * c.submitted) <> 0
        OR sum(ch.sign * c.approved) <> 0 OR sum(ch.sign * c.returned) <> 0
        OR sum(ch.sign * c.submitted_late) <> 0 OR sum(ch.sign * c.unsubmitted) <> 0
     ORDER BY ch.program_id, ch.period_start, c.period_end, ch.organisation_id
    ON CONFLICT (program_id, period_start, period_end, organisation_id) DO UPDATE
       SET draft = t.draft + EXCLUDED.draft,
           submitted = t.submitted + EXCLUDED.submitted,
           approved = t.approved + EXCLUDED.approved,
           returned = t.returned + EXCLUDED.returned,
           submitted_late = t.submitted_late + EXCLUDED.submitted_late,
           unsubmitted = t.unsubmitted + EXCLUDED.unsubmitted;
END
$$;

-- Adds the changes to both assignment tallies, like `report_tally_apply`.
CREATE FUNCTION assignment_tally_apply(changes assignment_tally_change[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO indicator_assignment_tally AS t (indicator_id, starts_on, assignments)
    SELECT ch.indicator_id, ch.starts_on, sum(ch.sign)
      FROM unnest(changes) ch
     GROUP BY ch.indicator_id, ch.starts_on
    HAVING sum(ch.sign) <> 0
     ORDER BY ch.indicator_id, ch.starts_on
    ON CONFLICT (indicator_id, starts_on) DO UPDATE
       SET assignments = t.assignments + EXCLUDED.assignments;

    INSERT INTO organisation_assignment_tally AS t
           (program_id, organisation_id, frequency, starts_on, assignments)
    SELECT ch.program_id, ch.organisation_id, ch.frequency, ch.starts_on, sum(ch.sign)
      FROM unnest(changes) ch
     GROUP BY ch.program_id, ch.organisation_id, ch.frequency, ch.starts_on
    HAVING sum(ch.sign) <> 0
     ORDER BY ch.program_id, ch.organisation_id, ch.frequency, ch.starts_on
    ON CONFLICT (program_id, organisation_id, frequency, starts_on) DO UPDATE
       SET assignments = t.assignments + EXCLUDED.assignments;
END
$$;

-- Reports written: the rows a statement removed (old) count -1, the rows it wrote (new) +1,
-- each against the current assignment, organisation and indicator. An update passes only the
-- rows whose counted facts changed, so editing a draft's value costs one anti-join.
CREATE FUNCTION observation_tally_reports() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    moved report_tally_change[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        moved := ARRAY(SELECT ROW(NULL, n.indicator_id, n.organisation_id, NULL, NULL,
                                  n.period_start, n.status, n.first_submitted_at, 1)::report_tally_change
                         FROM new_rows n);
    ELSIF TG_OP = 'DELETE' THEN
        moved := ARRAY(SELECT ROW(NULL, o.indicator_id, o.organisation_id, NULL, NULL,
                                  o.period_start, o.status, o.first_submitted_at, -1)::report_tally_change
                         FROM old_rows o);
    ELSE
        moved := ARRAY(
            SELECT ROW(NULL, n.indicator_id, n.organisation_id, NULL, NULL,
                       n.period_start, n.status, n.first_submitted_at, 1)::report_tally_change
              FROM new_rows n
             WHERE NOT EXISTS (
                   SELECT FROM old_rows o
                    WHERE o.id = n.id
                      AND (o.indicator_id, o.organisation_id, o.period_start, o.status, o.first_submitted_at)
                          IS NOT DISTINCT FROM
                          (n.indicator_id, n.organisation_id, n.period_start, n.status, n.first_submitted_at))
            UNION ALL
            SELECT ROW(NULL, o.indicator_id, o.organisation_id, NULL, NULL,
                       o.period_start, o.status, o.first_submitted_at, -1)::report_tally_change
              FROM old_rows o
             WHERE NOT EXISTS (
                   SELECT FROM new_rows n
                    WHERE n.id = o.id
                      AND (o.indicator_id, o.organisation_id, o.period_start, o.status, o.first_submitted_at)
                          IS NOT DISTINCT FROM
                          (n.indicator_id, n.organisation_id, n.period_start, n.status, n.first_submitted_at)));
    END IF;
    IF cardinality(moved) = 0 THEN
        RETURN NULL;
    END IF;

    PERFORM report_tally_lock(NULL, ARRAY(SELECT DISTINCT m.indicator_id FROM unnest(moved) m), false);
    PERFORM report_tally_apply(ARRAY(
        SELECT ROW(i.program_id, m.indicator_id, m.organisation_id, i.frequency, a.starts_on,
                   m.period_start, m.status, m.first_submitted_at, m.sign)::report_tally_change
          FROM unnest(moved) m
          JOIN assignment a ON a.indicator_id = m.indicator_id AND a.organisation_id = m.organisation_id
          JOIN indicator i ON i.id = m.indicator_id
          JOIN organisation org ON org.id = m.organisation_id
         WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL));
    RETURN NULL;
END
$$;

CREATE TRIGGER observation_report_tally_insert
    AFTER INSERT ON observation REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION observation_tally_reports();
CREATE TRIGGER observation_report_tally_update
    AFTER UPDATE ON observation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION observation_tally_reports();
CREATE TRIGGER observation_report_tally_delete
    AFTER DELETE ON observation REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION observation_tally_reports();

-- Assignments written: an assignment counts only while live, so the live rows a statement
-- removed count -1 and the live rows it wrote +1, in the assignment tallies and, with their
-- reports, in the report tallies (a start date moved or an archive changes which reports
-- count). An update passes only the rows whose key, start or liveness changed. (The
-- observation foreign key means an inserted or deleted assignment has no reports; they are
-- looked up anyway, at the cost of one index probe each.)
CREATE FUNCTION assignment_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    moved assignment_tally_change[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        moved := ARRAY(SELECT ROW(NULL, n.indicator_id, n.organisation_id, NULL, n.starts_on, 1)::assignment_tally_change
                         FROM new_rows n WHERE n.archived_at IS NULL);
    ELSIF TG_OP = 'DELETE' THEN
        moved := ARRAY(SELECT ROW(NULL, o.indicator_id, o.organisation_id, NULL, o.starts_on, -1)::assignment_tally_change
                         FROM old_rows o WHERE o.archived_at IS NULL);
    ELSE
        moved := ARRAY(
            SELECT ROW(NULL, n.indicator_id, n.organisation_id, NULL, n.starts_on, 1)::assignment_tally_change
              FROM new_rows n
             WHERE n.archived_at IS NULL
               AND NOT EXISTS (
                   SELECT FROM old_rows o
                    WHERE o.id = n.id AND o.archived_at IS NULL
                      AND (o.indicator_id, o.organisation_id, o.starts_on)
                          = (n.indicator_id, n.organisation_id, n.starts_on))
            UNION ALL
            SELECT ROW(NULL, o.indicator_id, o.organisation_id, NULL, o.starts_on, -1)::assignment_tally_change
              FROM old_rows o
             WHERE o.archived_at IS NULL
               AND NOT EXISTS (
                   SELECT FROM new_rows n
                    WHERE n.id = o.id AND n.archived_at IS NULL
                      AND (o.indicator_id, o.organisation_id, o.starts_on)
                          = (n.indicator_id, n.organisation_id, n.starts_on)));
    END IF;
    IF cardinality(moved) = 0 THEN
        RETURN NULL;
    END IF;

    PERFORM report_tally_lock(ARRAY(SELECT m.organisation_id FROM unnest(moved) m),
                              ARRAY(SELECT m.indicator_id FROM unnest(moved) m), true);
    -- Resolved once against the current organisation and indicator, used twice.
    moved := ARRAY(
        SELECT ROW(i.program_id, m.indicator_id, m.organisation_id, i.frequency, m.starts_on, m.sign)::assignment_tally_change
          FROM unnest(moved) m
          JOIN indicator i ON i.id = m.indicator_id
          JOIN organisation org ON org.id = m.organisation_id
         WHERE i.archived_at IS NULL AND org.archived_at IS NULL);
    PERFORM assignment_tally_apply(moved);
    PERFORM report_tally_apply(ARRAY(
        SELECT ROW(m.program_id, m.indicator_id, m.organisation_id, m.frequency, m.starts_on,
                   o.period_start, o.status, o.first_submitted_at, m.sign)::report_tally_change
          FROM unnest(moved) m
          JOIN observation o ON o.indicator_id = m.indicator_id AND o.organisation_id = m.organisation_id));
    RETURN NULL;
END
$$;

CREATE TRIGGER assignment_tally_insert
    AFTER INSERT ON assignment REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_tally();
CREATE TRIGGER assignment_tally_update
    AFTER UPDATE ON assignment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_tally();
CREATE TRIGGER assignment_tally_delete
    AFTER DELETE ON assignment REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_tally();

-- Organisations archived (-1) or brought back (+1): their live assignments and the reports
-- of those, against the current indicators. Other edits (names, contacts) cost one join.
-- Inserting or deleting an organisation needs nothing: it has no assignments then (the
-- assignment foreign key), and the tallies' own foreign keys drop rows left at zero.
CREATE FUNCTION organisation_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    flipped_ids uuid[];
    signs integer[];
BEGIN
    SELECT array_agg(n.id ORDER BY n.id),
           array_agg(CASE WHEN n.archived_at IS NULL THEN 1 ELSE -1 END ORDER BY n.id)
      INTO flipped_ids, signs
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.archived_at IS NULL) <> (o.archived_at IS NULL);
    IF flipped_ids IS NULL THEN
        RETURN NULL;
    END IF;

    PERFORM report_tally_lock(flipped_ids, NULL, true);
    PERFORM report_tally_lock(NULL, ARRAY(SELECT a.indicator_id FROM assignment a
                                           WHERE a.organisation_id = ANY (flipped_ids)), true);
    PERFORM assignment_tally_apply(ARRAY(
        SELECT ROW(i.program_id, a.indicator_id, a.organisation_id, i.frequency, a.starts_on, f.sign)::assignment_tally_change
          FROM unnest(flipped_ids, signs) AS f(id, sign)
          JOIN assignment a ON a.organisation_id = f.id
          JOIN indicator i ON i.id = a.indicator_id
         WHERE a.archived_at IS NULL AND i.archived_at IS NULL));
    PERFORM report_tally_apply(ARRAY(
        SELECT ROW(i.program_id, a.indicator_id, a.organisation_id, i.frequency, a.starts_on,
                   o.period_start, o.status, o.first_submitted_at, f.sign)::report_tally_change
          FROM unnest(flipped_ids, signs) AS f(id, sign)
          JOIN assignment a ON a.organisation_id = f.id
          JOIN indicator i ON i.id = a.indicator_id
          JOIN observation o ON o.indicator_id = a.indicator_id AND o.organisation_id = a.organisation_id
         WHERE a.archived_at IS NULL AND i.archived_at IS NULL));
    RETURN NULL;
END
$$;

CREATE TRIGGER organisation_tally_update
    AFTER UPDATE ON organisation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION organisation_tally();

-- Indicators whose liveness, frequency or program changed: everything they counted under the
-- old row is taken away and what they count under the new one added (a new frequency moves
-- reports to other period ends, a new program to other organisation rows). Other edits
-- (names, targets' version bumps) cost one join. Like organisations, an inserted or deleted
-- indicator has no assignments.
CREATE FUNCTION indicator_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changed_ids uuid[];
BEGIN
    SELECT array_agg(n.id ORDER BY n.id) INTO changed_ids
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.archived_at IS NULL, n.frequency, n.program_id)
           IS DISTINCT FROM (o.archived_at IS NULL, o.frequency, o.program_id);
    IF changed_ids IS NULL THEN
        RETURN NULL;
    END IF;

    PERFORM report_tally_lock(NULL, changed_ids, true);
    PERFORM assignment_tally_apply(ARRAY(
        SELECT ROW(s.program_id, a.indicator_id, a.organisation_id, s.frequency, a.starts_on, s.sign)::assignment_tally_change
          FROM (SELECT o.id, o.program_id, o.frequency, -1 AS sign
                  FROM old_rows o WHERE o.id = ANY (changed_ids) AND o.archived_at IS NULL
                UNION ALL
                SELECT n.id, n.program_id, n.frequency, 1
                  FROM new_rows n WHERE n.id = ANY (changed_ids) AND n.archived_at IS NULL) s
          JOIN assignment a ON a.indicator_id = s.id
          JOIN organisation org ON org.id = a.organisation_id
         WHERE a.archived_at IS NULL AND org.archived_at IS NULL));
    PERFORM report_tally_apply(ARRAY(
        SELECT ROW(s.program_id, a.indicator_id, a.organisation_id, s.frequency, a.starts_on,
                   ob.period_start, ob.status, ob.first_submitted_at, s.sign)::report_tally_change
          FROM (SELECT o.id, o.program_id, o.frequency, -1 AS sign
                  FROM old_rows o WHERE o.id = ANY (changed_ids) AND o.archived_at IS NULL
                UNION ALL
                SELECT n.id, n.program_id, n.frequency, 1
                  FROM new_rows n WHERE n.id = ANY (changed_ids) AND n.archived_at IS NULL) s
          JOIN assignment a ON a.indicator_id = s.id
          JOIN organisation org ON org.id = a.organisation_id
          JOIN observation ob ON ob.indicator_id = a.indicator_id AND ob.organisation_id = a.organisation_id
         WHERE a.archived_at IS NULL AND org.archived_at IS NULL));
    RETURN NULL;
END
$$;

CREATE TRIGGER indicator_tally_update
    AFTER UPDATE ON indicator REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_tally();

-- Emptying the reports empties the report tallies; emptying the assignments (which empties
-- the reports too, or fails) empties all four. TRUNCATE has no transition tables, and fires
-- the triggers of the tables a TRUNCATE … CASCADE reaches as well.
CREATE FUNCTION observation_truncate_report_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE indicator_report_tally, organisation_report_tally;
    RETURN NULL;
END
$$;
CREATE TRIGGER observation_report_tally_truncate
    AFTER TRUNCATE ON observation
    FOR EACH STATEMENT EXECUTE FUNCTION observation_truncate_report_tally();

CREATE FUNCTION assignment_truncate_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE indicator_assignment_tally, organisation_assignment_tally,
             indicator_report_tally, organisation_report_tally;
    RETURN NULL;
END
$$;
CREATE TRIGGER assignment_tally_truncate
    AFTER TRUNCATE ON assignment
    FOR EACH STATEMENT EXECUTE FUNCTION assignment_truncate_tally();

-- The tallies of the data already stored.
INSERT INTO indicator_report_tally SELECT * FROM indicator_report_tally_recount;
INSERT INTO organisation_report_tally SELECT * FROM organisation_report_tally_recount;
INSERT INTO indicator_assignment_tally SELECT * FROM indicator_assignment_tally_recount;
INSERT INTO organisation_assignment_tally SELECT * FROM organisation_assignment_tally_recount;

-- Planner statistics for the new tables now, rather than at autovacuum's next visit.
ANALYZE indicator_report_tally, organisation_report_tally, indicator_assignment_tally,
        organisation_assignment_tally;
