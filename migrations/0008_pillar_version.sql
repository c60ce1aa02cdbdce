-- Pillars get a version like indicators, organisations and milestones have, so that two admins
-- editing the same pillar through /admin/pillars conflict instead of silently overwriting each
-- other: an update names the version it started from and bumps it.
ALTER TABLE pillar ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0);
