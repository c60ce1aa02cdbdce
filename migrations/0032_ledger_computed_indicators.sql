-- The material-flow ledger's indicators (issue 18): CE-05 (slag utilisation) and CE-08
-- (active industrial-symbiosis exchanges) are computed from approved ledger months and
-- confirmed transfers (`computed_from = 'material_ledger'`, docs/material-flows.md), and the
-- pages that read the ledger are told when it changes.

-- A catalogue indicator becomes computed from the ledger where the ledger computes it
-- (`domain::flows::LedgerMeasure`: CE-05, CE-08) and a material feeds it; an indicator with no
-- material linked stays reported, and one already computed from elsewhere is left alone.
UPDATE indicator i
   SET computed_from = 'material_ledger'
 WHERE i.code IN ('CE-05', 'CE-08')
   AND i.computed_from IS NULL
   AND EXISTS (SELECT 1 FROM material_indicator mi WHERE mi.indicator_id = i.id);

-- Their official figures were rolled up from typed reports. The database's refresh no longer
-- writes computed indicators' figures (migration 0027), so these would stay forever: remove
-- them. The ledger's figures are written by the application (`store::flows::
-- refresh_computed_figures`), which rebuilds them after applying migrations; the typed
-- reports themselves stay, with their history.
DELETE FROM official_figure f
 USING indicator i
 WHERE f.indicator_id = i.id AND i.computed_from = 'material_ledger';

-- The page cache (migration 0009) drops what it holds when one of the tables the pages read
-- changes. `/flows` and the computed figures read the ledger's tables; a ledger write that
-- rewrites an official figure notifies through them, in the same transaction.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['material', 'material_indicator', 'material_ledger',
                             'material_transfer']
    LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                 FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed()',
            t || '_notify_data_changed', t);
    END LOOP;
END
$$;

-- Materials are kept by admins at /admin/materials (`workflow::structure::materials`): a
-- version makes a second editor of the same material get a conflict, not a silent overwrite.
ALTER TABLE material ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version > 0);
