-- Two indexes for the first request of the directory and the reporting matrix after a change
-- (issues 20 and 21).
--
-- Both pages read every live organisation on a miss (the directory with each one's roles
-- gathered, the matrix's scope to count it and cut its pager), then showed 50: 20,000 rows
-- at 20,000 tenants. They now count in the database and read one page with LIMIT/OFFSET
-- (`store::stakeholders::directory_page`, `store::compliance::organisations_in_scope_page`).
-- These indexes hold each page's order, so a page is a walk of the index from its offset
-- instead of a sort of every organisation. Partial: archived organisations are never listed.

-- The directory's order: real organisations first, then the demo ones, by name and code.
CREATE INDEX organisation_directory_idx ON organisation (is_demo, name, code)
    WHERE archived_at IS NULL;

-- The reporting matrix's order (and `expected_reports`'): by short name, then code.
CREATE INDEX organisation_short_name_idx ON organisation (short_name, code)
    WHERE archived_at IS NULL;
