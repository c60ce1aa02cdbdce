-- Coverage before a headline (issue 11, part 2): a park figure pooled from too few of the
-- organisations assigned an indicator is that handful's figure, not the park's. Each
-- indicator says how much of the park a figure must stand for before it is headlined and
-- judged: the share of the organisations assigned for the period whose approved reports it
-- pools (`domain::coverage::Coverage`, rounded up, at least one report). Below it the figure
-- is shown as incomplete, with status "insufficient data", and the headline stays on the
-- latest period that meets it.
--
-- The default, at least half of the assigned organisations, also covers park-level
-- indicators: the park office is their one assigned organisation, so its report is enough.
-- Admins change it on the indicator form; the change is audited like every indicator edit.
ALTER TABLE indicator
    ADD COLUMN min_coverage_percent smallint NOT NULL DEFAULT 50
        CONSTRAINT indicator_min_coverage_percent_range
            CHECK (min_coverage_percent BETWEEN 1 AND 100);
