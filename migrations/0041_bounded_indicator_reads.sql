-- Two indexes for the first request of an indicator's page after a change (issue 20).
--
-- The page drew its series, its list of periods and the chosen period's table from every
-- report of the indicator: 72,000 rows for a monthly indicator at 2,000 tenants (ten times
-- that at 20,000), about 250 ms of SQL alone. It now reads the official figures
-- (`official_figure`), the reports awaiting review, the periods that have a report, and the
-- chosen period's reports (`store::compliance::pending_reports`, `reported_periods`,
-- `indicator_reports_of_period`), each bounded by what the page shows.
--
-- (indicator, period), every status: the periods with a report are found by one probe per
-- period (a loose index scan, index only), and one period's reports are read without walking
-- every organisation's reports of the indicator through the unique key (whose second column
-- is the organisation). Deduplicated by PostgreSQL (one key per indicator and period): 5.8 MB
-- at 810,000 observations.
CREATE INDEX observation_indicator_period_idx ON observation (indicator_id, period_start);

-- The reports awaiting review, with what the provisional figures weigh, so that they are read
-- from the index alone (about one report in twenty; 4 MB at 810,000 observations). Partial:
-- a report leaves it when it is reviewed.
CREATE INDEX observation_pending_idx ON observation (indicator_id, period_start)
    INCLUDE (organisation_id, value, numerator, denominator, stage, submitted_at, updated_at)
    WHERE status = 'submitted';
