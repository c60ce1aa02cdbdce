-- The official-figure refresh reads only what the covering index holds (issue 21).
--
-- Every approval, return or reopening refreshes the figure of its (indicator, period) from
-- every approved report of it (migration 0027). The refresh read each report's whole row
-- (`SELECT *`), so it fetched one heap page per report: 1,821 pages for one period at 2,000
-- tenants, about ten times that at 20,000, most of them not in shared buffers after a day's
-- writes, which made an approval cost 0.4 s at 20,000 tenants. The index the refresh walks
-- (`observation_official_idx`) now also holds the period's end and the row's update time,
-- the two columns the refresh read beside those it already held, and the refresh names its
-- columns, so PostgreSQL reads the reports from the index alone (an index-only scan: the
-- heap is visited only for pages changed since the last vacuum).

DROP INDEX observation_official_idx;
CREATE INDEX observation_official_idx ON observation (indicator_id, period_start)
    INCLUDE (organisation_id, value, numerator, denominator, stage, reviewed_at, period_end,
             updated_at)
    WHERE status = 'approved';

CREATE OR REPLACE FUNCTION official_figure_refresh(indicator_ids uuid[], period_starts date[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('official_figure:' || k.indicator_id::text, 0))
       FROM (SELECT DISTINCT u.indicator_id FROM unnest(indicator_ids) AS u(indicator_id)
              ORDER BY 1) k;

    DELETE FROM official_figure f
     USING (SELECT DISTINCT * FROM unnest(indicator_ids, period_starts) AS u(indicator_id, period_start)) k,
           indicator i
     WHERE f.indicator_id = k.indicator_id AND f.period_start = k.period_start
       AND i.id = k.indicator_id AND i.computed_from IS NULL;

    INSERT INTO official_figure
           (indicator_id, period_start, period_end, frequency, value, numerator, denominator, contributors)
    WITH keys AS (
         SELECT DISTINCT * FROM unnest(indicator_ids, period_starts) AS u(indicator_id, period_start)
    ), approved AS (
         SELECT k.indicator_id, i.frequency, k.period_start, o.period_end, i.kind, i.aggregation,
                o.numerator, o.denominator,
                CASE i.kind
                     WHEN 'percentage' THEN 100 * o.numerator / o.denominator
                     WHEN 'ratio'      THEN o.numerator / o.denominator
                     WHEN 'milestone'  THEN o.stage::double precision
                     ELSE o.value
                END AS numeric_value,
                extract(epoch FROM coalesce(o.reviewed_at, o.updated_at))::bigint AS approved_at
           FROM keys k
           JOIN indicator i ON i.id = k.indicator_id
          CROSS JOIN LATERAL (
                -- Only the columns observation_official_idx holds: an index-only scan.
                SELECT o.period_end, o.numerator, o.denominator, o.stage, o.value,
                       o.reviewed_at, o.updated_at
                  FROM observation o
                 WHERE o.indicator_id = k.indicator_id AND o.period_start = k.period_start
                   AND o.status = 'approved'
                OFFSET 0) o
          WHERE i.kind <> 'qualitative' AND i.computed_from IS NULL
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
