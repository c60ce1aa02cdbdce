-- Official figures, precomputed: the park value of every indicator and period, rolled up from
-- approved observations by the indicator's own rule (the set-based twin of
-- `domain::rollup::aggregate_organisations`; tests/figures.rs checks both agree).
--
-- The dashboards read these rows instead of scanning `observation` per request, so a page's
-- cost stays flat as reports accumulate. The database keeps the table current itself:
-- statement-level triggers with transition tables on `observation` recompute, set-based, the
-- (indicator, period) pairs a statement touched, so every write path (forms, API, seeding,
-- manual SQL) stays correct without calling anything.

CREATE TABLE official_figure (
    indicator_id  uuid NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    -- The indicator's frequency when the figure was computed (the period's length).
    frequency     text NOT NULL,
    -- NULL when the rule gives no value (a pooled fraction without a positive denominator).
    value         double precision,
    numerator     double precision,
    denominator   double precision,
    -- How many approved reports (organisations) the figure pools.
    contributors  bigint NOT NULL CHECK (contributors > 0),
    PRIMARY KEY (indicator_id, period_start)
);

-- Recomputes the figures of the given (indicator, period) pairs from the approved
-- observations: deletes them, then inserts what the roll-up gives now (nothing when no
-- approved report is left). Concurrent writers of the same indicator are serialised by a
-- transaction-scoped advisory lock, taken in a fixed order, so the second one recomputes
-- after the first committed and sees its rows (statements run at READ COMMITTED).
CREATE FUNCTION official_figure_refresh(indicator_ids uuid[], period_starts date[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('official_figure:' || k.indicator_id::text, 0))
       FROM (SELECT DISTINCT u.indicator_id FROM unnest(indicator_ids) AS u(indicator_id)
              ORDER BY 1) k;

    DELETE FROM official_figure f
     USING (SELECT DISTINCT * FROM unnest(indicator_ids, period_starts) AS u(indicator_id, period_start)) k
     WHERE f.indicator_id = k.indicator_id AND f.period_start = k.period_start;

    INSERT INTO official_figure
           (indicator_id, period_start, period_end, frequency, value, numerator, denominator, contributors)
    WITH keys AS (
         SELECT DISTINCT * FROM unnest(indicator_ids, period_starts) AS u(indicator_id, period_start)
    ), approved AS (
         SELECT o.indicator_id, i.frequency, o.period_start, o.period_end, i.kind, i.aggregation,
                o.numerator, o.denominator,
                CASE i.kind
                     WHEN 'percentage' THEN 100 * o.numerator / o.denominator
                     WHEN 'ratio'      THEN o.numerator / o.denominator
                     WHEN 'milestone'  THEN o.stage::double precision
                     ELSE o.value
                END AS numeric_value,
                extract(epoch FROM coalesce(o.reviewed_at, o.updated_at))::bigint AS approved_at
           FROM keys k
           JOIN observation o ON o.indicator_id = k.indicator_id AND o.period_start = k.period_start
           JOIN indicator i ON i.id = o.indicator_id
          WHERE o.status = 'approved' AND i.kind <> 'qualitative'
    )
    SELECT indicator_id, period_start, min(period_end), min(frequency),
           CASE
               WHEN min(kind) IN ('percentage', 'ratio') AND min(aggregation) IN ('sum', 'ratio_of_sums')
                   THEN CASE WHEN sum(denominator) > 0
                             THEN sum(numerator) / sum(denominator)
                                  * CASE WHEN min(kind) = 'percentage' THEN 100 ELSE 1 END
                        END
               WHEN min(aggregation) IN ('sum', 'ratio_of_sums') THEN sum(numeric_value)
               WHEN min(aggregation) = 'mean' THEN avg(numeric_value)
               WHEN min(aggregation) = 'max' THEN max(numeric_value)
               WHEN min(aggregation) = 'min' THEN min(numeric_value)
               -- latest, park: the most recently approved figure of the period
               ELSE (array_agg(numeric_value ORDER BY approved_at DESC))[1]
           END,
           sum(numerator), sum(denominator), count(*)
      FROM approved
     GROUP BY indicator_id, period_start
    ON CONFLICT (indicator_id, period_start) DO UPDATE
       SET period_end = EXCLUDED.period_end, frequency = EXCLUDED.frequency,
           value = EXCLUDED.value, numerator = EXCLUDED.numerator,
           denominator = EXCLUDED.denominator, contributors = EXCLUDED.contributors;
END
$$;

-- One trigger function for the three events; each passes the pairs its transition tables
-- hold. Only rows that are or were approved can change a figure, so drafts and submissions
-- cost nothing here.
CREATE FUNCTION observation_refresh_official_figures() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
    starts date[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(n.indicator_id), array_agg(n.period_start) INTO ids, starts
          FROM (SELECT DISTINCT indicator_id, period_start FROM new_rows WHERE status = 'approved') n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(d.indicator_id), array_agg(d.period_start) INTO ids, starts
          FROM (SELECT DISTINCT indicator_id, period_start FROM old_rows WHERE status = 'approved') d;
    ELSE
        -- An update touches the figure a row left (old key) and the one it joined (new key).
        SELECT array_agg(u.indicator_id), array_agg(u.period_start) INTO ids, starts
          FROM (SELECT indicator_id, period_start FROM old_rows WHERE status = 'approved'
                UNION
                SELECT indicator_id, period_start FROM new_rows WHERE status = 'approved') u;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM official_figure_refresh(ids, starts);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER observation_official_figures_insert
    AFTER INSERT ON observation REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION observation_refresh_official_figures();
CREATE TRIGGER observation_official_figures_update
    AFTER UPDATE ON observation REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION observation_refresh_official_figures();
CREATE TRIGGER observation_official_figures_delete
    AFTER DELETE ON observation REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION observation_refresh_official_figures();

-- Emptying the observations empties the figures (TRUNCATE has no transition tables).
CREATE FUNCTION observation_truncate_official_figures() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE official_figure;
    RETURN NULL;
END
$$;
CREATE TRIGGER observation_official_figures_truncate
    AFTER TRUNCATE ON observation
    FOR EACH STATEMENT EXECUTE FUNCTION observation_truncate_official_figures();

-- The rule itself lives on the indicator (kind, aggregation, frequency): when it changes, the
-- indicator's figures are recomputed from its approved observations.
CREATE FUNCTION indicator_refresh_official_figures() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
    starts date[];
BEGIN
    SELECT array_agg(k.indicator_id), array_agg(k.period_start) INTO ids, starts
      FROM (SELECT f.indicator_id, f.period_start
              FROM official_figure f JOIN changed c ON c.id = f.indicator_id
            UNION
            SELECT o.indicator_id, o.period_start
              FROM observation o JOIN changed c ON c.id = o.indicator_id
             WHERE o.status = 'approved') k;
    IF ids IS NOT NULL THEN
        PERFORM official_figure_refresh(ids, starts);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER indicator_official_figures_update
    AFTER UPDATE ON indicator REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION indicator_refresh_official_figures();

-- The figures of the observations already stored.
SELECT official_figure_refresh(array_agg(indicator_id), array_agg(period_start))
  FROM (SELECT DISTINCT indicator_id, period_start FROM observation WHERE status = 'approved') k;

-- The overview's latest approved and returned reports: newest first by review time, read
-- through an index instead of sorting every observation.
CREATE INDEX observation_reviewed_idx ON observation (status, reviewed_at DESC NULLS LAST)
    WHERE status IN ('approved', 'returned');

-- Every page reads each indicator's live assignment start dates (coverage, expected
-- reports): an index-only scan in date order instead of visiting every assignment row.
CREATE INDEX assignment_live_starts_idx ON assignment (indicator_id, starts_on)
    WHERE archived_at IS NULL;
