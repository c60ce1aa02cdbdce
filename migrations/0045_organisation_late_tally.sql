-- The overview's late organisations, kept (issue 21): per program, organisation and period of
-- the program, the reports that are late once the period has closed (first submitted after
-- the due date) and the reports that are late once it is overdue (expected but not made, or
-- never submitted). The overview's count of organisations with a late report and the ten it
-- shows then read the rows of the round that have a non-zero count, through two partial
-- indexes, instead of every (organisation, period) of the round (60,000 at 20,000 tenants).
--
-- Whether a period is closed and overdue depends on the day, which only Pilar's injected clock
-- knows: the table keeps both counts and `store::tally::late_organisations` adds the second
-- only for the periods that are overdue on that day, exactly as
-- `domain::compliance::summarise_counts` does.
--
-- Who counts, as in the overview's round (`store::tally::late_organisations` before this
-- migration): a live assignment of a live organisation to a live indicator that is not
-- computed (`indicator.computed_from IS NULL`: nobody reports it), for the periods of the
-- indicator's frequency that belong to the program (`domain::period::periods_between` from
-- the program's start to its end) and end on or after the assignment's start; a report counts
-- when such an assignment expects it. Reports of periods outside the program (or misaligned
-- after a frequency change) count for nothing here: the overview never asks for those. A row
-- exists for every (organisation, period) that expects a report; rows are not dropped when
-- they fall to zero, like the other tallies.
--
-- Kept by the tally triggers of 0010/0030/0042, extended below, in the same transaction and
-- under the same advisory locks as `organisation_report_tally`; like those since 0030, a large
-- statement's changes are joined and grouped by key in SQL (no array of its rows), and the
-- everyday statements (up to `report_tally_array_rows()` reports) keep 0010's array path with
-- static SQL and cached plans. An assignment's expected reports are grouped by (program,
-- organisation, frequency, start) before they are spread over the program's periods, so a
-- statement assigning every tenant costs its distinct groups times the periods, not its rows
-- times the periods.

-- Months in one period of the frequency: the SQL twin of `Frequency::months`.
CREATE FUNCTION report_frequency_months(frequency text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE frequency
               WHEN 'monthly' THEN 1
               WHEN 'quarterly' THEN 3
               WHEN 'semi_annual' THEN 6
               ELSE 12
           END
$$;

-- The first day of the period of `frequency` containing `day`: the SQL twin of
-- `Period::containing(frequency, day).start()`.
CREATE FUNCTION report_period_start(frequency text, day date) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT make_date(extract(year FROM day)::integer,
                     (extract(month FROM day)::integer - 1)
                         / report_frequency_months(frequency) * report_frequency_months(frequency)
                         + 1,
                     1)
$$;

-- The program's periods of the frequency: from the one containing the program's start to the
-- last one ending on or before its end, the SQL twin of `domain::period::periods_between`
-- (which `compliance::latest_closed_period` walks for the overview's round).
CREATE FUNCTION program_periods(frequency text, program_start date, program_end date)
RETURNS TABLE (period_start date, period_end date)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT s::date, report_period_end(frequency, s::date)
      FROM generate_series(report_period_start(frequency, program_start)::timestamp,
                           program_end::timestamp,
                           make_interval(months => report_frequency_months(frequency))) AS s
     WHERE report_period_end(frequency, s::date) <= program_end
$$;

-- Whether the period of `frequency` starting on `period_start` is one of `program_periods`.
CREATE FUNCTION is_program_period(frequency text, period_start date, program_start date,
                                  program_end date) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT period_start = report_period_start(frequency, period_start)
       AND period_start >= report_period_start(frequency, program_start)
       AND report_period_end(frequency, period_start) <= program_end
$$;

-- What one report contributes to the late tally: nothing unless it is counted (its assignment
-- expects it, `report_tally_counts`) for a period of the program; then one in `submitted_late`
-- when first submitted after the due date, and in `outstanding` one less than its assignment
-- added (it is made), one more if never submitted (a draft is late like a missing report).
-- A single SELECT, so PostgreSQL inlines it where it is used.
CREATE FUNCTION late_tally_counts(frequency text, starts_on date, period_start date, status text,
                                  first_submitted_at timestamptz, program_start date,
                                  program_end date)
RETURNS TABLE (period_end date, submitted_late integer, outstanding integer)
LANGUAGE sql STABLE AS $$
    SELECT c.period_end, c.submitted_late, c.unsubmitted - 1
      FROM report_tally_counts(frequency, starts_on, period_start, status, first_submitted_at) c
     WHERE is_program_period(frequency, period_start, program_start, program_end)
$$;

-- Late reports per program, organisation and period of the program. The key leads with the
-- period like `organisation_report_tally`'s: a round is a few range scans.
CREATE TABLE organisation_late_tally (
    program_id       uuid NOT NULL REFERENCES program (id) ON DELETE CASCADE,
    organisation_id  uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    -- Reports first submitted after the due date: late once the period has closed.
    submitted_late   integer NOT NULL,
    -- Reports expected and not made, plus reports never submitted (drafts): late once the
    -- period is overdue. Never negative: an (indicator, organisation) has one assignment and
    -- one report per period at most, so the reports made never outnumber those expected.
    outstanding      integer NOT NULL,
    PRIMARY KEY (program_id, period_start, period_end, organisation_id)
);

-- The rows that can make an organisation late, one index per count, so a round reads the
-- organisations with a late report and no other: on a day inside a period's grace days most
-- organisations still have reports outstanding, which are not late yet and are not read.
-- The counts are included so the reads need not visit the rows the visibility map vouches for.
CREATE INDEX organisation_late_tally_submitted_late_idx
    ON organisation_late_tally (program_id, period_start, period_end)
    INCLUDE (organisation_id, submitted_late) WHERE submitted_late > 0;
CREATE INDEX organisation_late_tally_outstanding_idx
    ON organisation_late_tally (program_id, period_start, period_end)
    INCLUDE (organisation_id, outstanding) WHERE outstanding > 0;

-- What the table must hold, counted from scratch: the initial fill below, the rebuilds after a
-- TRUNCATE or a change of a program's dates, and the consistency check of tests/tally.rs (rows
-- with a non-zero count on either side must agree). Assignments are grouped by (program,
-- organisation, frequency, start) before they are spread over the periods.
CREATE VIEW organisation_late_tally_recount AS
WITH expected AS (
     SELECT s.program_id, s.organisation_id, p.period_start, p.period_end,
            sum(s.assignments) AS expected
       FROM (SELECT i.program_id, a.organisation_id, i.frequency, a.starts_on,
                    count(*) AS assignments
               FROM assignment a
               JOIN indicator i ON i.id = a.indicator_id
               JOIN organisation org ON org.id = a.organisation_id
              WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL
                AND i.computed_from IS NULL
              GROUP BY i.program_id, a.organisation_id, i.frequency, a.starts_on) s
       JOIN program pr ON pr.id = s.program_id
      CROSS JOIN LATERAL program_periods(s.frequency, pr.starts_on, pr.ends_on) p
      WHERE p.period_end >= s.starts_on
      GROUP BY s.program_id, s.organisation_id, p.period_start, p.period_end
), reported AS (
     SELECT i.program_id, o.organisation_id, o.period_start, c.period_end,
            sum(c.submitted_late) AS submitted_late, sum(c.outstanding) AS outstanding
       FROM observation o
       JOIN assignment a
         ON a.indicator_id = o.indicator_id AND a.organisation_id = o.organisation_id
       JOIN indicator i ON i.id = o.indicator_id
       JOIN organisation org ON org.id = o.organisation_id
       JOIN program pr ON pr.id = i.program_id
      CROSS JOIN LATERAL late_tally_counts(i.frequency, a.starts_on, o.period_start, o.status,
                                           o.first_submitted_at, pr.starts_on, pr.ends_on) c
      WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL
        AND i.computed_from IS NULL
      GROUP BY i.program_id, o.organisation_id, o.period_start, c.period_end
)
SELECT e.program_id, e.organisation_id, e.period_start, e.period_end,
       coalesce(r.submitted_late, 0)::integer AS submitted_late,
       (e.expected + coalesce(r.outstanding, 0))::integer AS outstanding
  FROM expected e
  LEFT JOIN reported r USING (program_id, organisation_id, period_start, period_end);

-- Adds a small statement's counted report changes (0010's array path, static SQL whose plan
-- PL/pgSQL keeps): grouped by key, in key order, skipping keys whose net change is nothing
-- (an approval moves no late count). `changes` must hold reports of indicators that are not
-- computed. The same upsert as `late_tally_upsert` writes for large statements.
CREATE FUNCTION late_tally_apply(changes report_tally_change[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO organisation_late_tally AS t
           (program_id, organisation_id, period_start, period_end, submitted_late, outstanding)
    SELECT ch.program_id, ch.organisation_id, ch.period_start, c.period_end,
           sum(ch.sign * c.submitted_late), sum(ch.sign * c.outstanding)
      FROM unnest(changes) ch
      JOIN program pr ON pr.id = ch.program_id
     CROSS JOIN LATERAL late_tally_counts(ch.frequency, ch.starts_on, ch.period_start, ch.status,
                                          ch.first_submitted_at, pr.starts_on, pr.ends_on) c
     GROUP BY ch.program_id, ch.period_start, c.period_end, ch.organisation_id
    HAVING sum(ch.sign * c.submitted_late) <> 0 OR sum(ch.sign * c.outstanding) <> 0
     ORDER BY ch.program_id, ch.period_start, c.period_end, ch.organisation_id
    ON CONFLICT (program_id, period_start, period_end, organisation_id) DO UPDATE
       SET submitted_late = t.submitted_late + EXCLUDED.submitted_late,
           outstanding = t.outstanding + EXCLUDED.outstanding;
END
$$;

-- The upsert that adds a set of changes to the late tally, as one statement to EXECUTE (see
-- 0030: only the trigger's own statements can read its transition tables). `reports` and
-- `assignments` are queries in the shapes `report_tally_upserts` and
-- `assignment_tally_upserts` take, either may be NULL, and both must hold indicators that are
-- not computed (`late_tally_counted`). An assignment adds one outstanding report to every
-- period of the program it expects; its group's changes are summed first.
CREATE FUNCTION late_tally_upsert(reports text, assignments text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
    changes text[] := '{}';
BEGIN
    IF reports IS NOT NULL THEN
        changes := changes || format($sql$
            SELECT ch.program_id, ch.organisation_id, ch.period_start, c.period_end,
                   ch.sign * c.submitted_late AS submitted_late, ch.sign * c.outstanding AS outstanding
              FROM (%s) AS ch(program_id, indicator_id, organisation_id, frequency, starts_on,
                              period_start, status, first_submitted_at, sign)
              JOIN program pr ON pr.id = ch.program_id
             CROSS JOIN LATERAL late_tally_counts(ch.frequency, ch.starts_on, ch.period_start,
                                                  ch.status, ch.first_submitted_at,
                                                  pr.starts_on, pr.ends_on) c
            $sql$, reports);
    END IF;
    IF assignments IS NOT NULL THEN
        changes := changes || format($sql$
            SELECT g.program_id, g.organisation_id, p.period_start, p.period_end,
                   0 AS submitted_late, g.assignments AS outstanding
              FROM (SELECT ch.program_id, ch.organisation_id, ch.frequency, ch.starts_on,
                           sum(ch.sign) AS assignments
                      FROM (%s) AS ch(program_id, indicator_id, organisation_id, frequency,
                                      starts_on, sign)
                     GROUP BY ch.program_id, ch.organisation_id, ch.frequency, ch.starts_on
                    HAVING sum(ch.sign) <> 0) g
              JOIN program pr ON pr.id = g.program_id
             CROSS JOIN LATERAL program_periods(g.frequency, pr.starts_on, pr.ends_on) p
             WHERE p.period_end >= g.starts_on
            $sql$, assignments);
    END IF;
    IF cardinality(changes) = 0 THEN
        RETURN NULL;
    END IF;
    RETURN format($sql$
    INSERT INTO organisation_late_tally AS t
           (program_id, organisation_id, period_start, period_end, submitted_late, outstanding)
    SELECT d.program_id, d.organisation_id, d.period_start, d.period_end,
           sum(d.submitted_late), sum(d.outstanding)
      FROM (%s) d
     GROUP BY d.program_id, d.period_start, d.period_end, d.organisation_id
    HAVING sum(d.submitted_late) <> 0 OR sum(d.outstanding) <> 0
     ORDER BY d.program_id, d.period_start, d.period_end, d.organisation_id
    ON CONFLICT (program_id, period_start, period_end, organisation_id) DO UPDATE
       SET submitted_late = t.submitted_late + EXCLUDED.submitted_late,
           outstanding = t.outstanding + EXCLUDED.outstanding
    $sql$, array_to_string(changes, ' UNION ALL '));
END
$fn$;

-- The changes of a query (either shape above) whose indicator is not computed, read from the
-- current indicator: right for every trigger but the indicator's own, whose old rows may have
-- been computed differently (it filters old and new rows itself). The trigger's locks keep the
-- indicator's row from changing meanwhile.
CREATE FUNCTION late_tally_counted(changes text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$
    SELECT format('SELECT ch.* FROM (%s) ch JOIN indicator ci ON ci.id = ch.indicator_id
                    WHERE ci.computed_from IS NULL', changes)
$fn$;

-- Counts the late tally of the programs (every program when NULL) from scratch, for what
-- deltas cannot follow: a TRUNCATE and a change of a program's dates. Takes every lock slot
-- exclusively first, so no writer's delta lands between the delete and the recount.
CREATE FUNCTION late_tally_recount(program_ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    every_slot CONSTANT integer[] := ARRAY(SELECT generate_series(0, 1023));
BEGIN
    PERFORM report_tally_lock_slots(every_slot, every_slot, true);
    DELETE FROM organisation_late_tally
     WHERE program_ids IS NULL OR program_id = ANY (program_ids);
    INSERT INTO organisation_late_tally
    SELECT * FROM organisation_late_tally_recount
     WHERE program_ids IS NULL OR program_id = ANY (program_ids);
END
$$;

-- Reports written (0030), now also into the late tally: the same changes, those of computed
-- indicators left out.
CREATE OR REPLACE FUNCTION observation_tally_reports() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- A small statement's moved reports (0010's way).
    moved_rows report_tally_change[];
    -- The same, resolved against the current assignment, indicator and organisation; and
    -- those of them whose indicator is not computed.
    resolved_rows report_tally_change[];
    counted_rows report_tally_change[];
    -- A large statement's moved reports, as a query over the transition tables: indicator,
    -- organisation, period start, status, first submission, sign.
    moved text;
    resolved text;
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
        SELECT coalesce(array_agg(ROW(i.program_id, m.indicator_id, m.organisation_id, i.frequency,
                                      a.starts_on, m.period_start, m.status, m.first_submitted_at,
                                      m.sign)::report_tally_change), '{}'),
               coalesce(array_agg(ROW(i.program_id, m.indicator_id, m.organisation_id, i.frequency,
                                      a.starts_on, m.period_start, m.status, m.first_submitted_at,
                                      m.sign)::report_tally_change)
                            FILTER (WHERE i.computed_from IS NULL), '{}')
          INTO resolved_rows, counted_rows
          FROM unnest(moved_rows) m
          JOIN assignment a ON a.indicator_id = m.indicator_id AND a.organisation_id = m.organisation_id
          JOIN indicator i ON i.id = m.indicator_id
          JOIN organisation org ON org.id = m.organisation_id
         WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL;
        PERFORM report_tally_apply(resolved_rows);
        PERFORM late_tally_apply(counted_rows);
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

    resolved := format(
        'SELECT i.program_id, m.indicator_id, m.organisation_id, i.frequency, a.starts_on,
                m.period_start, m.status, m.first_submitted_at, m.sign
           FROM (%s) m
           JOIN assignment a ON a.indicator_id = m.indicator_id
                            AND a.organisation_id = m.organisation_id
           JOIN indicator i ON i.id = m.indicator_id
           JOIN organisation org ON org.id = m.organisation_id
          WHERE a.archived_at IS NULL AND i.archived_at IS NULL AND org.archived_at IS NULL',
        moved);
    FOREACH statement IN ARRAY report_tally_upserts(resolved) LOOP
        EXECUTE statement;
    END LOOP;
    EXECUTE late_tally_upsert(late_tally_counted(resolved), NULL);
    RETURN NULL;
END
$$;

-- Assignments written (0042), now also into the late tally: a live assignment added or taken
-- away adds or takes away an outstanding report in each period it expects, and when one is
-- updated its reports move with it.
CREATE OR REPLACE FUNCTION assignment_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- The live assignments moved: indicator, organisation, start, sign.
    moved text;
    -- The same, resolved against the current (live) indicator and organisation.
    resolved text;
    -- Their reports (an update's only: see below).
    reports text;
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
    -- means an inserted assignment has none yet and a deleted one had none left (0042).
    IF TG_OP = 'UPDATE' THEN
        reports := format(
            'SELECT r.program_id, r.indicator_id, r.organisation_id, r.frequency, r.starts_on,
                    o.period_start, o.status, o.first_submitted_at, r.sign
               FROM (%s) r
               JOIN observation o ON o.indicator_id = r.indicator_id
                                 AND o.organisation_id = r.organisation_id',
            resolved);
        FOREACH statement IN ARRAY report_tally_upserts(reports) LOOP
            EXECUTE statement;
        END LOOP;
        reports := late_tally_counted(reports);
    END IF;
    EXECUTE late_tally_upsert(reports, late_tally_counted(resolved));
    RETURN NULL;
END
$$;

-- Organisations archived (-1) or brought back (+1), as in 0030, now also in the late tally.
CREATE OR REPLACE FUNCTION organisation_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- The organisations whose liveness flipped, and the sign of the flip.
    flipped CONSTANT text :=
        'SELECT n.id, CASE WHEN n.archived_at IS NULL THEN 1 ELSE -1 END AS sign
           FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.archived_at IS NULL) <> (o.archived_at IS NULL)';
    assignments text;
    reports text;
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

    assignments := format(
        'SELECT i.program_id, a.indicator_id, a.organisation_id, i.frequency, a.starts_on, f.sign
           FROM (%s) f
           JOIN assignment a ON a.organisation_id = f.id
           JOIN indicator i ON i.id = a.indicator_id
          WHERE a.archived_at IS NULL AND i.archived_at IS NULL',
        flipped);
    reports := format(
        'SELECT i.program_id, a.indicator_id, a.organisation_id, i.frequency, a.starts_on,
                o.period_start, o.status, o.first_submitted_at, f.sign
           FROM (%s) f
           JOIN assignment a ON a.organisation_id = f.id
           JOIN indicator i ON i.id = a.indicator_id
           JOIN observation o ON o.indicator_id = a.indicator_id
                             AND o.organisation_id = a.organisation_id
          WHERE a.archived_at IS NULL AND i.archived_at IS NULL',
        flipped);
    FOREACH statement IN ARRAY assignment_tally_upserts(assignments) LOOP
        EXECUTE statement;
    END LOOP;
    FOREACH statement IN ARRAY report_tally_upserts(reports) LOOP
        EXECUTE statement;
    END LOOP;
    EXECUTE late_tally_upsert(late_tally_counted(reports), late_tally_counted(assignments));
    RETURN NULL;
END
$$;

-- Indicators whose liveness, frequency or program changed (0030), and for the late tally also
-- those made computed or reported again: what they counted under the old row is taken away and
-- what they count under the new one added.
CREATE OR REPLACE FUNCTION indicator_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    -- The indicators whose counted facts changed for the reporting tallies.
    changed CONSTANT text :=
        'SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.archived_at IS NULL, n.frequency, n.program_id)
                IS DISTINCT FROM (o.archived_at IS NULL, o.frequency, o.program_id)';
    -- And for the late tally, which leaves computed indicators out.
    changed_late CONSTANT text :=
        'SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
          WHERE (n.archived_at IS NULL, n.frequency, n.program_id, n.computed_from IS NULL)
                IS DISTINCT FROM
                (o.archived_at IS NULL, o.frequency, o.program_id, o.computed_from IS NULL)';
    -- The assignments and the reports of a set of signed indicator rows (id, program,
    -- frequency, sign).
    assignments CONSTANT text :=
        'SELECT s.program_id, a.indicator_id, a.organisation_id, s.frequency, a.starts_on, s.sign
           FROM (%s) s
           JOIN assignment a ON a.indicator_id = s.id
           JOIN organisation org ON org.id = a.organisation_id
          WHERE a.archived_at IS NULL AND org.archived_at IS NULL';
    reports CONSTANT text :=
        'SELECT s.program_id, a.indicator_id, a.organisation_id, s.frequency, a.starts_on,
                ob.period_start, ob.status, ob.first_submitted_at, s.sign
           FROM (%s) s
           JOIN assignment a ON a.indicator_id = s.id
           JOIN organisation org ON org.id = a.organisation_id
           JOIN observation ob ON ob.indicator_id = a.indicator_id
                              AND ob.organisation_id = a.organisation_id
          WHERE a.archived_at IS NULL AND org.archived_at IS NULL';
    -- Their live old rows (-1) and live new rows (+1).
    signed text;
    slots integer[];
    statement text;
BEGIN
    EXECUTE format('SELECT ARRAY(SELECT DISTINCT report_tally_slot(c.id) FROM (%s) c)',
                   changed_late)
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
    FOREACH statement IN ARRAY assignment_tally_upserts(format(assignments, signed)) LOOP
        EXECUTE statement;
    END LOOP;
    FOREACH statement IN ARRAY report_tally_upserts(format(reports, signed)) LOOP
        EXECUTE statement;
    END LOOP;

    signed := format(
        'SELECT o.id, o.program_id, o.frequency, -1 AS sign
           FROM old_rows o
          WHERE o.archived_at IS NULL AND o.computed_from IS NULL AND o.id IN (%1$s)
         UNION ALL
         SELECT n.id, n.program_id, n.frequency, 1
           FROM new_rows n
          WHERE n.archived_at IS NULL AND n.computed_from IS NULL AND n.id IN (%1$s)',
        changed_late);
    EXECUTE late_tally_upsert(format(reports, signed), format(assignments, signed));
    RETURN NULL;
END
$$;

-- A program's dates decide its periods: when they change, its late tally is counted again.
-- (Pilar never changes them; a script or a future form might.)
CREATE FUNCTION program_late_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    moved uuid[];
BEGIN
    SELECT array_agg(n.id) INTO moved
      FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.starts_on, n.ends_on) IS DISTINCT FROM (o.starts_on, o.ends_on);
    IF moved IS NOT NULL THEN
        PERFORM late_tally_recount(moved);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER program_late_tally_update
    AFTER UPDATE ON program REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION program_late_tally();

-- Emptying the reports leaves every expected report outstanding: the late tally is counted
-- again from the assignments. Emptying the assignments empties it.
CREATE OR REPLACE FUNCTION observation_truncate_report_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE indicator_report_tally, organisation_report_tally;
    PERFORM late_tally_recount(NULL);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION assignment_truncate_tally() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE indicator_assignment_tally, organisation_assignment_tally,
             indicator_report_tally, organisation_report_tally, organisation_late_tally;
    RETURN NULL;
END
$$;

-- The late tally of the data already stored.
INSERT INTO organisation_late_tally SELECT * FROM organisation_late_tally_recount;

-- Planner statistics for the new table now, rather than at autovacuum's next visit.
ANALYZE organisation_late_tally;
