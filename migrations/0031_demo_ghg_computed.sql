-- CE-01 and CE-02 of the demo catalogue become computed from the GHG inventory (issue 17).
--
-- A database seeded before this change holds the demo's CE-01 and CE-02 as ordinary reported
-- indicators: typed reports, live assignments and official figures pooled from those reports.
-- The demo now declares them computed (`store::demo::catalogue`), so such a database is
-- brought to what seeding it today gives. Only the demo's own rows are touched: they are
-- recognised by their ids (`store::demo::prng::entity_id("indicator", code)`, the same on every
-- machine), so a real program that happens to use the codes CE-01 and CE-02 is left alone —
-- its admins choose "computed from" on the indicator form. On a fresh database this does
-- nothing (the demo is loaded after migrations, already computed).

CREATE TEMPORARY TABLE demo_computed ON COMMIT DROP AS
SELECT i.id, i.code
  FROM indicator i
 WHERE i.id IN ('6e2f5055-344a-87da-8cfc-d982b560f3db', '7ca9b485-2c0f-8026-8ba4-43ac6beeb08d')
   AND i.code IN ('CE-01', 'CE-02')
   AND i.computed_from IS NULL;

-- The switch, audited like an admin's edit (the system is the actor).
WITH switched AS (
    UPDATE indicator i SET computed_from = 'ghg_inventory'
      FROM demo_computed d WHERE d.id = i.id
    RETURNING i.id, i.code
)
INSERT INTO audit_event (actor_kind, actor_label, action, entity, entity_id, before, after, reason)
SELECT 'system', 'migration 0031', 'update', 'indicator', s.id::text,
       jsonb_build_object('code', s.code, 'computed_from', NULL),
       jsonb_build_object('code', s.code, 'computed_from', 'ghg_inventory'),
       'The demo''s GHG indicators take their figures from the inventory, not from reports.'
  FROM switched s;

-- Nobody is asked for them any more: their live assignments are archived, not deleted (the
-- typed reports refer to them and stay in the history), each with an audit entry.
WITH archived AS (
    UPDATE assignment a SET archived_at = now()
      FROM demo_computed d, organisation o
     WHERE a.indicator_id = d.id AND o.id = a.organisation_id AND a.archived_at IS NULL
    RETURNING a.id, d.code AS indicator, o.code AS organisation, a.starts_on
)
INSERT INTO audit_event (actor_kind, actor_label, action, entity, entity_id, before, after, reason)
SELECT 'system', 'migration 0031', 'archive', 'assignment', a.id::text,
       jsonb_build_object('indicator', a.indicator, 'organisation', a.organisation,
                          'starts_on', a.starts_on, 'archived', false),
       jsonb_build_object('archived', true),
       'A computed indicator is not reported.'
  FROM archived a;

-- Their official figures are the inventory's from now on: the pooled typed reports go, and
-- each current quarterly inventory gives its quarter the figure `domain::ghg::computed_figure`
-- gives (both demo indicators are quarterly): CE-02 the park total in Mt CO2e, CE-01 the park
-- total over the nickel contained, with both parts kept. The next computation of a quarter
-- rewrites them through `store::ghg::refresh_computed_figures`, as for any computed indicator.
DELETE FROM official_figure f USING demo_computed d WHERE f.indicator_id = d.id;

INSERT INTO official_figure
       (indicator_id, period_start, period_end, frequency, value, numerator, denominator, contributors)
SELECT d.id, g.period_start, g.period_end, 'quarterly',
       CASE d.code WHEN 'CE-02' THEN g.park_total_t / 1e6 ELSE g.park_total_t / g.nickel_t END,
       CASE d.code WHEN 'CE-01' THEN g.park_total_t END,
       CASE d.code WHEN 'CE-01' THEN g.nickel_t END,
       g.organisations
  FROM demo_computed d
  JOIN indicator i ON i.id = d.id
  JOIN program p ON p.id = i.program_id
  JOIN ghg_inventory g ON g.park_id = p.park_id AND g.superseded_at IS NULL
 WHERE i.frequency = 'quarterly' AND g.organisations > 0
   AND (d.code = 'CE-02' OR g.nickel_t > 0);
