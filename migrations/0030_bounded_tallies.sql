-- The reporting tallies' triggers (0010) in memory that does not grow with a statement's size.
--
-- 0010 collected the rows a statement changed into an array, one element per row
-- (`report_tally_change[]`), and handed it to `report_tally_apply`. An array lives whole in
-- memory and PostgreSQL caps one at 1 GB: loading 20,000 synthetic tenants (9.4 million
-- reports in one statement) failed after 13.5 minutes at 4.4 GB with "array size exceeds the
-- maximum allowed (1073741823)", and the same would have happened to any large enough
-- import, re-computation after a frequency change, or archive of a large organisation.
--
-- Now the triggers read their transition tables with set-based statements and no array of
-- rows: the changes are joined, counted and grouped by tally key in SQL, where hash tables
-- and sorts spill to disk past `work_mem`, and each tally takes one upsert, in key order, as
-- before. The upserts are still written once: `report_tally_upserts` and
-- `assignment_tally_upserts` return their statement text around the query of changes a
-- trigger gives, and the trigger runs it with EXECUTE, because only the trigger function's
-- own statements (dynamic ones included) can see its transition tables; a function it calls
-- cannot. Each such statement is planned with the transition table's real row count, so a
-- load and a bulk correction each get the plan that suits them. The one exception is the
-- everyday path: an observation statement of up to 10,000 rows keeps 0010's array (bounded
-- by that limit) and its cached plans, see `observation_tally_reports` below.
--
-- The only arrays left hold distinct lock slots (at most 1,024 per kind, below) and, in the
-- official figures' triggers (0007, 0011, unchanged), distinct (indicator, period) pairs:
-- those number at most indicators × periods (about 1,200 for the whole 36-month synthetic
-- load) however many reports a statement writes. The figures' refresh reads each pair's
-- approved reports through the index and aggregates them per pair, so its memory follows the
-- reports of one pair (one per tenant), not the statement.
--
-- The locking discipline of 0010 is unchanged in everything but the size of the lock keys,
-- and the reasons are the same: writers run at READ COMMITTED; every trigger takes its
-- transaction-scoped advisory locks first and only then reads the other tables, each
-- statement with a fresh snapshot, so that a report written while its organisation is being
-- archived is counted once or not at all, never against the state the other transaction is
-- replacing. Observation writers share the locks of their indicators (batches of one
-- indicator run side by side, their upserts adding up under row locks); a change of liveness
-- takes them exclusively: an assignment locks its organisation and indicator, an indicator
-- itself, an organisation itself and then the indicators it is assigned (read after its own
-- lock, which new assignments need too). Keys are taken organisations first, then
-- indicators, each in key order, so two statements never wait for each other in a circle.
-- While a trigger holds its locks nothing it reads can change liveness, so its two upserts
-- (each reading the tables again) see the same assignments, organisations and indicators.

-- What changed in the locks: 0010 took one advisory lock per organisation and indicator a
-- statement touched. Locks live in a shared-memory table sized max_locks_per_transaction ×
-- max_connections (64 × 200 on Pilar's own cluster, 64 × 100 on a default server), and a
-- transaction-scoped lock is held until commit: one statement assigning 60,000 tenants (or a
-- load adding them) would run out of it ("out of shared memory"; 60,000 advisory locks in one
-- transaction do on Pilar's cluster, 20,000 still fit). Ids now map to one of 1,024 slots
-- per kind, and a writer locks the slots of its ids: at most 2,048 locks per statement,
-- whatever it touches. Two organisations that share a slot wait for each other when both
-- change liveness at the same moment, which costs a little concurrency and never
-- correctness: a lock covers at least the ids it covered before.
CREATE FUNCTION report_tally_slot(id uuid) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (hashtextextended(id::text, 0) & 1023)::integer
$$;

CREATE FUNCTION report_tally_lock_slots(organisation_slots integer[], indicator_slots integer[],
                                        exclusive boolean)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF exclusive THEN
        PERFORM pg_advisory_xact_lock(k.key)
           FROM (SELECT hashtextextended('report_tally:' || kind || ':' || slot, 0) AS key
                   FROM (SELECT 1 AS kind, u.slot FROM unnest(organisation_slots) AS u(slot)
                         UNION
                         SELECT 2, u.slot FROM unnest(indicator_slots) AS u(slot)) slots
                  WHERE slot IS NOT NULL
                  ORDER BY kind, slot) k;
    ELSE
        PERFORM pg_advisory_xact_lock_shared(k.key)
           FROM (SELECT hashtextextended('report_tally:' || kind || ':' || slot, 0) AS key
                   FROM (SELECT 1 AS kind, u.slot FROM unnest(organisation_slots) AS u(slot)
                         UNION
                         SELECT 2, u.slot FROM unnest(indicator_slots) AS u(slot)) slots
                  WHERE slot IS NOT NULL
                  ORDER BY kind, slot) k;
    END IF;
END
$$;

-- 0010's lock by id, for the small observation statements that still pass ids: the same
-- slots, so writers of either kind exclude each other exactly as before.
CREATE OR REPLACE FUNCTION report_tally_lock(organisation_ids uuid[], indicator_ids uuid[],
                                             exclusive boolean)
RETURNS void LANGUAGE sql AS $$
    SELECT report_tally_lock_slots(
               ARRAY(SELECT DISTINCT report_tally_slot(u.id) FROM unnest(organisation_ids) AS u(id)
                      WHERE u.id IS NOT NULL),
               ARRAY(SELECT DISTINCT report_tally_slot(u.id) FROM unnest(indicator_ids) AS u(id)
                      WHERE u.id IS NOT NULL),
               exclusive)
$$;

-- The two upserts that add a set of changes to the report tallies, as statements to EXECUTE.
-- `changes` is a query giving, per counted report added (sign 1) or taken away (sign -1):
-- program, indicator, organisation, the indicator's frequency, the assignment's start, the
-- report's period start, status and first submission, and the sign — the columns of 0010's
-- `report_tally_change`, in that order. Grouped by key, in key order (so concurrent writers
-- lock tally rows in the same order), skipping keys whose net change is nothing. After a
-- frequency change an indicator's rows take the new period end, which the rows added
-- (sign 1) carry; when a statement only takes away (an archive), the old end stays.
CREATE FUNCTION report_tally_upserts(changes text) RETURNS text[]
LANGUAGE sql STABLE AS $fn$
SELECT ARRAY[
    format($sql$
    INSERT INTO indicator_report_tally AS t
           (indicator_id, period_start, period_end, draft, submitted, approved, returned,
            submitted_late, unsubmitted)
    SELECT ch.indicator_id, ch.period_start,
           coalesce(min(c.period_end) FILTER (WHERE ch.sign > 0), min(c.period_end)),
           sum(ch.sign * c.draft), sum(ch.sign * c.submitted), sum(ch.sign * c.approved),
           sum(ch.sign * c.returned), sum(ch.sign * c.submitted_late),
           sum(ch.sign * c.unsubmitted)
      FROM (%s) AS ch(program_id, indicator_id, organisation_id, frequency, starts_on,
                      period_start, status, first_submitted_at, sign)
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
           unsubmitted = t.unsubmitted + EXCLUDED.unsubmitted
    $sql$, changes),
    format($sql$
    INSERT INTO organisation_report_tally AS t
           (program_id, organisation_id, period_start, period_end, draft, submitted, approved,
            returned, submitted_late, unsubmitted)
    SELECT ch.program_id, ch.organisation_id, ch.period_start, c.period_end,
           sum(ch.sign * c.draft), sum(ch.sign * c.submitted), sum(ch.sign * c.approved),
           sum(ch.sign * c.returned), sum(ch.sign * c.submitted_late),
           sum(ch.sign * c.unsubmitted)
      FROM (%s) AS ch(program_id, indicator_id, organisation_id, frequency, starts_on,
                      period_start, status, first_submitted_at, sign)
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
           unsubmitted = t.unsubmitted + EXCLUDED.unsubmitted
    $sql$, changes)]
$fn$;

-- The two upserts that add a set of changes to the assignment tallies, like
-- `report_tally_upserts`. `changes` gives program, indicator, organisation, the indicator's
-- frequency, the assignment's start and the sign (0010's `assignment_tally_change`).
CREATE FUNCTION assignment_tally_upserts(changes text) RETURNS text[]
LANGUAGE sql STABLE AS $fn$
SELECT ARRAY[
    format($sql$
    INSERT INTO indicator_assignment_tally AS t (indicator_id, starts_on, assignments)
    SELECT ch.indicator_id, ch.starts_on, sum(ch.sign)
      FROM (%s) AS ch(program_id, indicator_id, organisation_id, frequency, starts_on, sign)
     GROUP BY ch.indicator_id, ch.starts_on
    HAVING sum(ch.sign) <> 0
     ORDER BY ch.indicator_id, ch.starts_on
    ON CONFLICT (indicator_id, starts_on) DO UPDATE
       SET assignments = t.assignments + EXCLUDED.assignments
    $sql$, changes),
    format($sql$
    INSERT INTO organisation_assignment_tally AS t
           (program_id, organisation_id, frequency, starts_on, assignments)
    SELECT ch.program_id, ch.organisation_id, ch.frequency, ch.starts_on, sum(ch.sign)
      FROM (%s) AS ch(program_id, indicator_id, organisation_id, frequency, starts_on, sign)
     GROUP BY ch.program_id, ch.organisation_id, ch.frequency, ch.starts_on
    HAVING sum(ch.sign) <> 0
     ORDER BY ch.program_id, ch.organisation_id, ch.frequency, ch.starts_on
    ON CONFLICT (program_id, organisation_id, frequency, starts_on) DO UPDATE
       SET assignments = t.assignments + EXCLUDED.assignments
    $sql$, changes)]
$fn$;

-- Reports written: the rows a statement removed (old) count -1, the rows it wrote (new) +1,
-- each against the current assignment, organisation and indicator. An update counts only the
-- rows whose counted facts changed, so editing a draft's value costs one anti-join (and takes
-- no lock).
--
-- Two ways to the same upserts, chosen by the statement's size. Up to
-- `report_tally_array_rows` rows (every form, every API batch, every import of a normal
-- spreadsheet) the trigger runs 0010's statements unchanged: static SQL whose plans PL/pgSQL
-- keeps for the session, with the moved rows in an array of at most that many elements (a few
-- MB). Beyond it (a load, a bulk correction) it runs the set-based statements of
-- `report_tally_upserts`, planned for the statement at hand. Planning those costs a few
-- milliseconds, which a large statement does not notice and a single approval would (about
-- ten times the whole trigger's cost before, measured on this machine). Both ways take the
-- same locks and upsert the same keys in the same order, so writers of either size still
-- serialise as 0010 describes; tests/tally.rs compares both with a recount.
CREATE FUNCTION report_tally_array_rows() RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 10000::bigint $$;

CREATE OR REPLACE FUNCTION observation_tally_reports() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- A small statement's moved reports (0010's way).
    moved_rows report_tally_change[];
    -- A large statement's moved reports, as a query over the transition tables: indicator,
    -- organisation, period start, status, first submission, sign.
    moved text;
    written bigint;
    slots integer[];
    statement text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT count(*) INTO written FROM old_rows;
    ELSE
        SELECT count(*) INTO written FROM new_rows;
    END IF;

    IF written <= report_tally_array_rows() THEN
        IF TG_OP = 'INSERT' THEN
            moved_rows := ARRAY(SELECT ROW(NULL, n.indicator_id, n.organisation_id, NULL, NULL,
                                           n.period_start, n.status, n.first_submitted_at, 1)::report_tally_change
                                  FROM new_rows n);
        ELSIF TG_OP = 'DELETE' THEN
            moved_rows := ARRAY(SELECT ROW(NULL, o.indicator_id, o.organisation_id, NULL, NULL,
                                           o.period_start, o.status, o.first_submitted_at, -1)::report_tally_change
                                  FROM old_rows o);
        ELSE
            moved_rows := ARRAY(
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
        IF cardinality(moved_rows) = 0 THEN
            RETURN NULL;
        END IF;

        PERFORM report_tally_lock(NULL, ARRAY(SELECT DISTINCT m.indicator_id FROM unnest(moved_rows) m), false);
        PERFORM report_tally_apply(ARRAY(
            SELECT ROW(i.program_id, m.indicator_id, m.organisation_id, i.frequency, a.starts_on,
                       m.period_start, m.status, m.first_submitted_at, m.sign)::report_tally_change
              FROM unnest(moved_rows) m
              JOIN assignment a ON a.indicator_id = m.indicator_id AND a.organisation_id = m.organisation_id
              JOIN indicator i ON i.id = m.indicator_id
              JOIN organisation org ON org.id = m.organisation_id
             WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL));
        RETURN NULL;
    END IF;

    IF TG_OP = 'INSERT' THEN
        moved := 'SELECT n.indicator_id, n.organisation_id, n.period_start, n.status,
                         n.first_submitted_at, 1 AS sign
                    FROM new_rows n';
    ELSIF TG_OP = 'DELETE' THEN
        moved := 'SELECT o.indicator_id, o.organisation_id, o.period_start, o.status,
                         o.first_submitted_at, -1 AS sign
                    FROM old_rows o';
    ELSE
        moved := 'SELECT n.indicator_id, n.organisation_id, n.period_start, n.status,
                         n.first_submitted_at, 1 AS sign
                    FROM new_rows n
                   WHERE NOT EXISTS (
                         SELECT FROM old_rows o
                          WHERE o.id = n.id
                            AND (o.indicator_id, o.organisation_id, o.period_start, o.status,
                                 o.first_submitted_at)
                                IS NOT DISTINCT FROM
                                (n.indicator_id, n.organisation_id, n.period_start, n.status,
                                 n.first_submitted_at))
                  UNION ALL
                  SELECT o.indicator_id, o.organisation_id, o.period_start, o.status,
                         o.first_submitted_at, -1
                    FROM old_rows o
                   WHERE NOT EXISTS (
                         SELECT FROM new_rows n
                          WHERE n.id = o.id
                            AND (o.indicator_id, o.organisation_id, o.period_start, o.status,
                                 o.first_submitted_at)
                                IS NOT DISTINCT FROM
                                (n.indicator_id, n.organisation_id, n.period_start, n.status,
                                 n.first_submitted_at))';
    END IF;

    EXECUTE format('SELECT ARRAY(SELECT DISTINCT report_tally_slot(m.indicator_id) FROM (%s) m)',
                   moved)
       INTO slots;
    IF cardinality(slots) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM report_tally_lock_slots(NULL, slots, false);

    FOREACH statement IN ARRAY report_tally_upserts(format(
        'SELECT i.program_id, m.indicator_id, m.organisation_id, i.frequency, a.starts_on,
                m.period_start, m.status, m.first_submitted_at, m.sign
           FROM (%s) m
           JOIN assignment a ON a.indicator_id = m.indicator_id
                            AND a.organisation_id = m.organisation_id
           JOIN indicator i ON i.id = m.indicator_id
           JOIN organisation org ON org.id = m.organisation_id
          WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL',
        moved))
    LOOP
        EXECUTE statement;
    END LOOP;
    RETURN NULL;
END
$$;

-- Assignments written: an assignment counts only while live, so the live rows a statement
-- removed count -1 and the live rows it wrote +1, in the assignment tallies and, with their
-- reports, in the report tallies (a start date moved or an archive changes which reports
-- count). An update counts only the rows whose key, start or liveness changed. (The
-- observation foreign key means an inserted or deleted assignment has no reports; they are
-- looked up anyway, at the cost of one index probe each.)
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

-- Organisations archived (-1) or brought back (+1): their live assignments and the reports
-- of those, against the current indicators. Other edits (names, contacts) cost one join.
-- Inserting or deleting an organisation needs nothing: it has no assignments then (the
-- assignment foreign key), and the tallies' own foreign keys drop rows left at zero.
CREATE OR REPLACE FUNCTION organisation_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- The organisations whose liveness flipped, and the sign of the flip.
    flipped CONSTANT text :=
        'SELECT n.id, CASE WHEN n.archived_at IS NULL THEN 1 ELSE -1 END AS sign
           FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.archived_at IS NULL) <> (o.archived_at IS NULL)';
    slots integer[];
    statement text;
BEGIN
    EXECUTE format('SELECT ARRAY(SELECT DISTINCT report_tally_slot(f.id) FROM (%s) f)', flipped)
       INTO slots;
    IF cardinality(slots) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM report_tally_lock_slots(slots, NULL, true);
    EXECUTE format('SELECT ARRAY(SELECT DISTINCT report_tally_slot(a.indicator_id)
                                   FROM (%s) f JOIN assignment a ON a.organisation_id = f.id)',
                   flipped)
       INTO slots;
    PERFORM report_tally_lock_slots(NULL, slots, true);

    FOREACH statement IN ARRAY assignment_tally_upserts(format(
        'SELECT i.program_id, a.indicator_id, a.organisation_id, i.frequency, a.starts_on, f.sign
           FROM (%s) f
           JOIN assignment a ON a.organisation_id = f.id
           JOIN indicator i ON i.id = a.indicator_id
          WHERE a.archived_at IS NULL AND i.archived_at IS NULL',
        flipped))
    LOOP
        EXECUTE statement;
    END LOOP;
    FOREACH statement IN ARRAY report_tally_upserts(format(
        'SELECT i.program_id, a.indicator_id, a.organisation_id, i.frequency, a.starts_on,
                o.period_start, o.status, o.first_submitted_at, f.sign
           FROM (%s) f
           JOIN assignment a ON a.organisation_id = f.id
           JOIN indicator i ON i.id = a.indicator_id
           JOIN observation o ON o.indicator_id = a.indicator_id
                             AND o.organisation_id = a.organisation_id
          WHERE a.archived_at IS NULL AND i.archived_at IS NULL',
        flipped))
    LOOP
        EXECUTE statement;
    END LOOP;
    RETURN NULL;
END
$$;

-- Indicators whose liveness, frequency or program changed: everything they counted under the
-- old row is taken away and what they count under the new one added (a new frequency moves
-- reports to other period ends, a new program to other organisation rows). Other edits
-- (names, targets' version bumps) cost one join. Like organisations, an inserted or deleted
-- indicator has no assignments.
CREATE OR REPLACE FUNCTION indicator_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- The indicators whose counted facts changed.
    changed CONSTANT text :=
        'SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.archived_at IS NULL, n.frequency, n.program_id)
                IS DISTINCT FROM (o.archived_at IS NULL, o.frequency, o.program_id)';
    -- Their live old rows (-1) and live new rows (+1).
    signed text;
    slots integer[];
    statement text;
BEGIN
    EXECUTE format('SELECT ARRAY(SELECT DISTINCT report_tally_slot(c.id) FROM (%s) c)', changed)
       INTO slots;
    IF cardinality(slots) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM report_tally_lock_slots(NULL, slots, true);

    signed := format(
        'SELECT o.id, o.program_id, o.frequency, -1 AS sign
           FROM old_rows o WHERE o.archived_at IS NULL AND o.id IN (%1$s)
         UNION ALL
         SELECT n.id, n.program_id, n.frequency, 1
           FROM new_rows n WHERE n.archived_at IS NULL AND n.id IN (%1$s)',
        changed);
    FOREACH statement IN ARRAY assignment_tally_upserts(format(
        'SELECT s.program_id, a.indicator_id, a.organisation_id, s.frequency, a.starts_on, s.sign
           FROM (%s) s
           JOIN assignment a ON a.indicator_id = s.id
           JOIN organisation org ON org.id = a.organisation_id
          WHERE a.archived_at IS NULL AND org.archived_at IS NULL',
        signed))
    LOOP
        EXECUTE statement;
    END LOOP;
    FOREACH statement IN ARRAY report_tally_upserts(format(
        'SELECT s.program_id, a.indicator_id, a.organisation_id, s.frequency, a.starts_on,
                ob.period_start, ob.status, ob.first_submitted_at, s.sign
           FROM (%s) s
           JOIN assignment a ON a.indicator_id = s.id
           JOIN organisation org ON org.id = a.organisation_id
           JOIN observation ob ON ob.indicator_id = a.indicator_id
                              AND ob.organisation_id = a.organisation_id
          WHERE a.archived_at IS NULL AND org.archived_at IS NULL',
        signed))
    LOOP
        EXECUTE statement;
    END LOOP;
    RETURN NULL;
END
$$;

-- What the assignment triggers called before, now unused (observation writes below the
-- array limit still use `report_tally_apply` and `report_tally_change`).
DROP FUNCTION assignment_tally_apply(assignment_tally_change[]);
DROP TYPE assignment_tally_change;
