-- The greenhouse-gas inventory (issue 17): versioned emission factors as data, monthly
-- activity data per organisation with the reports' workflow, and computed inventories kept
-- with their history. The method is in docs/ghg.md and src/domain/ghg.rs.

-- ---------------------------------------------------------------------------------------
-- Computed indicators: their official figures come from activity data × factors
-- (`domain::kinds::ComputedFrom`), never from typed totals, so nobody reports them.
ALTER TABLE indicator
    ADD COLUMN computed_from text CHECK (computed_from IN ('ghg_inventory', 'material_ledger'));

-- The official-figure refresh of migration 0011, leaving computed indicators alone: their
-- figures are written by the inventory (`workflow::ghg`), and an indicator edit or a stray
-- report must not wipe or overwrite them.
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
           JOIN indicator i ON i.id = k.indicator_id
          CROSS JOIN LATERAL (
                SELECT * FROM observation o
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

-- ---------------------------------------------------------------------------------------
-- Global-warming potentials, one row per IPCC assessment. An inventory names the set it used.
CREATE TABLE gwp_set (
    name    text PRIMARY KEY CHECK (name ~ '^[A-Z0-9][A-Za-z0-9-]{1,15}$'),
    ch4     double precision NOT NULL CHECK (ch4 > 0),
    n2o     double precision NOT NULL CHECK (n2o > 0),
    source  text NOT NULL CHECK (btrim(source) <> '')
);
INSERT INTO gwp_set (name, ch4, n2o, source) VALUES
    ('AR5', 28, 265, 'IPCC AR5 WG1 (2013) Table 8.7, GWP-100 without climate-carbon feedback'),
    ('AR6', 29.8, 273, 'IPCC AR6 WG1 (2021) Table 7.15, GWP-100; CH4 of fossil origin');

-- A versioned set of emission factors: name + version, where the values come from, the dates
-- it is valid for, and why this version was added. Versions are never edited: a correction is
-- a new version, and inventories computed with the old one keep naming it.
CREATE TABLE emission_factor_set (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name        text NOT NULL CHECK (btrim(name) <> ''),
    version     integer NOT NULL CHECK (version > 0),
    source      text NOT NULL CHECK (btrim(source) <> ''),
    valid_from  date NOT NULL,
    valid_to    date,
    reason      text NOT NULL CHECK (btrim(reason) <> ''),
    created_by  text NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT emission_factor_set_version_key UNIQUE (name, version),
    CONSTRAINT emission_factor_set_validity CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Per fuel: the default NCV (Tier 1) and CO2, CH4, N2O per TJ; density for fuels in litres.
CREATE TABLE fuel_factor (
    factor_set_id     uuid NOT NULL REFERENCES emission_factor_set (id),
    fuel              text NOT NULL CHECK (fuel IN ('sub_bituminous_coal', 'other_bituminous_coal',
                          'diesel', 'fuel_oil', 'lng')),
    ncv_gj_per_t      double precision NOT NULL CHECK (ncv_gj_per_t > 0),
    co2_kg_per_tj     double precision NOT NULL CHECK (co2_kg_per_tj >= 0),
    ch4_kg_per_tj     double precision NOT NULL CHECK (ch4_kg_per_tj >= 0),
    n2o_kg_per_tj     double precision NOT NULL CHECK (n2o_kg_per_tj >= 0),
    density_kg_per_l  double precision CHECK (density_kg_per_l > 0),
    source            text NOT NULL CHECK (btrim(source) <> ''),
    PRIMARY KEY (factor_set_id, fuel)
);

-- Per carbonate: tonnes CO2 per tonne calcined (stoichiometric).
CREATE TABLE carbonate_factor (
    factor_set_id  uuid NOT NULL REFERENCES emission_factor_set (id),
    carbonate      text NOT NULL CHECK (carbonate IN ('limestone', 'dolomite')),
    t_co2_per_t    double precision NOT NULL CHECK (t_co2_per_t > 0),
    source         text NOT NULL CHECK (btrim(source) <> ''),
    PRIMARY KEY (factor_set_id, carbonate)
);

-- The grid's location-based factor per year (t CO2 per MWh).
CREATE TABLE grid_factor (
    factor_set_id  uuid NOT NULL REFERENCES emission_factor_set (id),
    year           smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    t_co2_per_mwh  double precision NOT NULL CHECK (t_co2_per_mwh >= 0),
    source         text NOT NULL CHECK (btrim(source) <> ''),
    PRIMARY KEY (factor_set_id, year)
);

-- The pilot's first set: IPCC 2006 Vol. 2 Ch. 2 defaults (Table 1.2 NCVs; Table 2.2 energy
-- industries) and the Indonesian grid average of RUPTL 2015–2024, as iwip-pilot.md §5 lists
-- them, and the carbonates of IPCC 2006 Vol. 3 Ch. 2 Table 2.1.
WITH s AS (
    INSERT INTO emission_factor_set (id, name, version, source, valid_from, reason, created_by, created_at)
    VALUES ('6a1c0f27-0000-4000-8000-000000000001', 'IPCC 2006 + Indonesian grid', 1,
            'IPCC 2006 Guidelines Vol. 2 Ch. 2 (Tables 1.2, 2.2), Vol. 3 Ch. 2 (Table 2.1); grid: RUPTL 2015-2024 (0.867 kg CO2/kWh)',
            '2025-01-01', 'First set of the pilot (iwip-pilot.md section 5)', 'migration 0027', '2026-12-05T00:00:00Z')
    RETURNING id
)
INSERT INTO fuel_factor (factor_set_id, fuel, ncv_gj_per_t, co2_kg_per_tj, ch4_kg_per_tj, n2o_kg_per_tj, density_kg_per_l, source)
SELECT s.id, f.* FROM s, (VALUES
    ('sub_bituminous_coal', 18.9, 96100, 1, 1.5, NULL::double precision, 'IPCC 2006 V2 Ch2 Table 2.2 (energy industries); NCV Table 1.2'),
    ('other_bituminous_coal', 25.8, 94600, 1, 1.5, NULL, 'IPCC 2006 V2 Ch2 Table 2.2 (energy industries); NCV Table 1.2'),
    ('diesel', 43.0, 74100, 3, 0.6, 0.844, 'IPCC 2006 V2 Ch2 Table 2.2 (gas/diesel oil); NCV Table 1.2; density 0.844 kg/L'),
    ('fuel_oil', 40.4, 77400, 3, 0.6, NULL, 'IPCC 2006 V2 Ch2 Table 2.2 (residual fuel oil); NCV Table 1.2'),
    ('lng', 48.0, 56100, 1, 0.1, NULL, 'IPCC 2006 V2 Ch2 Table 2.2 (natural gas); NCV Table 1.2')
) AS f(fuel, ncv, co2, ch4, n2o, density, source);

INSERT INTO carbonate_factor (factor_set_id, carbonate, t_co2_per_t, source) VALUES
    ('6a1c0f27-0000-4000-8000-000000000001', 'limestone', 0.43971, 'IPCC 2006 V3 Ch2 Table 2.1 (calcite)'),
    ('6a1c0f27-0000-4000-8000-000000000001', 'dolomite', 0.47732, 'IPCC 2006 V3 Ch2 Table 2.1 (dolomite)');

INSERT INTO grid_factor (factor_set_id, year, t_co2_per_mwh, source)
SELECT '6a1c0f27-0000-4000-8000-000000000001', y, 0.867,
       'Indonesian grid average 0.867 kg CO2/kWh (2015; RUPTL 2015-2024), the latest in iwip-pilot.md; replace with the ESDM system factor of the year'
  FROM generate_series(2025, 2028) AS y;

-- ---------------------------------------------------------------------------------------
-- Activity data: one row per organisation, month and thing measured, in the reports'
-- workflow (draft → submitted → approved | returned, a version and a revision per change).
-- Only approved rows count in an inventory.
CREATE TABLE activity_record (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organisation_id  uuid NOT NULL REFERENCES organisation (id),
    -- The first day of the month the activity belongs to.
    month            date NOT NULL CHECK (extract(day FROM month) = 1),
    kind             text NOT NULL CHECK (kind IN ('fuel_use', 'process_carbon', 'carbonate',
                         'energy_purchase', 'energy_delivery', 'production')),
    -- The amount: fuel in `unit`, tonnes C in (process carbon), tonnes carbonate, MWh, t Ni.
    quantity         double precision NOT NULL CHECK (quantity >= 0 AND quantity < 1e12),
    fuel             text CHECK (fuel IN ('sub_bituminous_coal', 'other_bituminous_coal',
                         'diesel', 'fuel_oil', 'lng')),
    unit             text CHECK (unit IN ('t', 'l')),
    -- Measured net calorific value of the cargo, GJ/t: Tier 2 where known.
    ncv_gj_per_t     double precision CHECK (ncv_gj_per_t BETWEEN 1 AND 60),
    -- Tonnes C leaving in products and slag (process carbon).
    carbon_out_t     double precision CHECK (carbon_out_t >= 0),
    carbonate        text CHECK (carbonate IN ('limestone', 'dolomite')),
    carrier          text CHECK (carrier IN ('electricity', 'steam')),
    -- A purchase's supplier (NULL: the PLN grid, outside the park), a delivery's customer
    -- (NULL: the grid or outside the park). Stored so that the park counts captive power once.
    counterparty_id  uuid REFERENCES organisation (id),
    comment          text NOT NULL DEFAULT '' CHECK (char_length(comment) <= 2000),
    status           text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
    submitted_at     timestamptz,
    reviewed_at      timestamptz,
    review_note      text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    -- The columns each kind needs, and no others.
    CONSTRAINT activity_record_shape CHECK (CASE kind
        WHEN 'fuel_use' THEN fuel IS NOT NULL AND unit IS NOT NULL
             AND num_nonnulls(carbon_out_t, carbonate, carrier, counterparty_id) = 0
        WHEN 'process_carbon' THEN carbon_out_t IS NOT NULL AND carbon_out_t <= quantity
             AND num_nonnulls(fuel, unit, ncv_gj_per_t, carbonate, carrier, counterparty_id) = 0
        WHEN 'carbonate' THEN carbonate IS NOT NULL
             AND num_nonnulls(fuel, unit, ncv_gj_per_t, carbon_out_t, carrier, counterparty_id) = 0
        WHEN 'energy_purchase' THEN carrier IS NOT NULL
             AND num_nonnulls(fuel, unit, ncv_gj_per_t, carbon_out_t, carbonate) = 0
        WHEN 'energy_delivery' THEN carrier IS NOT NULL
             AND num_nonnulls(fuel, unit, ncv_gj_per_t, carbon_out_t, carbonate) = 0
        ELSE num_nonnulls(fuel, unit, ncv_gj_per_t, carbon_out_t, carbonate, carrier, counterparty_id) = 0
    END),
    CONSTRAINT activity_record_not_self CHECK (counterparty_id IS DISTINCT FROM organisation_id),
    CONSTRAINT activity_record_review_note CHECK (
        status <> 'returned' OR btrim(coalesce(review_note, '')) <> '')
);
CREATE INDEX activity_record_month_idx ON activity_record (month) WHERE status = 'approved';
CREATE INDEX activity_record_organisation_idx ON activity_record (organisation_id, month);

-- Every version of every activity row (who, when, before, after, why), append-only like
-- observation_revision.
CREATE TABLE activity_revision (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    activity_id  uuid NOT NULL REFERENCES activity_record (id),
    version      integer NOT NULL,
    action       text NOT NULL CHECK (action IN ('create', 'update', 'submit', 'approve', 'return', 'reopen')),
    changed_by   text NOT NULL,
    changed_at   timestamptz NOT NULL,
    reason       text,
    before       jsonb,
    after        jsonb NOT NULL,
    CONSTRAINT activity_revision_version_key UNIQUE (activity_id, version)
);
CREATE TRIGGER activity_revision_append_only
    BEFORE UPDATE OR DELETE ON activity_revision
    FOR EACH ROW EXECUTE FUNCTION observation_revision_refuse_change();

-- ---------------------------------------------------------------------------------------
-- A computed inventory of a park for one quarter, with the factor-set version and GWP set it
-- used. Recomputing (new data approved, a new factor version) adds a new inventory and marks
-- the one it replaces superseded: the old result stays, readable, in the history.
CREATE TABLE ghg_inventory (
    id               uuid PRIMARY KEY,
    park_id          uuid NOT NULL REFERENCES park (id),
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    factor_set_id    uuid NOT NULL REFERENCES emission_factor_set (id),
    gwp_set          text NOT NULL REFERENCES gwp_set (name),
    -- The totals (t CO2e): the park's, de-duplicated, and its reconciliation.
    park_total_t     double precision NOT NULL,
    reported_sum_t   double precision NOT NULL,
    counted_twice_t  double precision NOT NULL,
    nickel_t         double precision NOT NULL,
    -- Approved activity rows read, organisations they came from.
    activity_rows    integer NOT NULL,
    organisations    integer NOT NULL,
    -- Rows that could not be priced (no factor, a plant without deliveries), as data.
    gaps             jsonb NOT NULL DEFAULT '[]',
    reason           text NOT NULL,
    computed_by      text NOT NULL,
    computed_at      timestamptz NOT NULL,
    superseded_at    timestamptz,
    superseded_by    uuid REFERENCES ghg_inventory (id),
    CONSTRAINT ghg_inventory_period_order CHECK (period_end >= period_start),
    CONSTRAINT ghg_inventory_superseded CHECK ((superseded_at IS NULL) = (superseded_by IS NULL))
);
-- One current inventory per park and quarter.
CREATE UNIQUE INDEX ghg_inventory_current_key ON ghg_inventory (park_id, period_start)
    WHERE superseded_at IS NULL;

-- The inventory's lines: one gas of one activity row, traceable to that row.
CREATE TABLE ghg_emission (
    inventory_id     uuid NOT NULL REFERENCES ghg_inventory (id),
    activity_id      uuid NOT NULL REFERENCES activity_record (id),
    organisation_id  uuid NOT NULL REFERENCES organisation (id),
    month            date NOT NULL,
    scope            text NOT NULL CHECK (scope IN ('scope_1', 'scope_2')),
    source           text NOT NULL CHECK (source IN ('combustion', 'process_carbon', 'carbonates',
                         'grid_energy', 'captive_energy')),
    gas              text NOT NULL CHECK (gas IN ('co2', 'ch4', 'n2o')),
    tonnes           double precision NOT NULL,
    t_co2e           double precision NOT NULL,
    tier             text CHECK (tier IN ('tier_1', 'tier_2')),
    supplier_id      uuid REFERENCES organisation (id),
    PRIMARY KEY (inventory_id, activity_id, gas)
);
CREATE INDEX ghg_emission_organisation_idx ON ghg_emission (organisation_id, inventory_id);

-- Nickel contained per organisation in the inventory's quarter: intensity's denominator.
CREATE TABLE ghg_inventory_nickel (
    inventory_id     uuid NOT NULL REFERENCES ghg_inventory (id),
    organisation_id  uuid NOT NULL REFERENCES organisation (id),
    nickel_t         double precision NOT NULL CHECK (nickel_t >= 0),
    PRIMARY KEY (inventory_id, organisation_id)
);

-- The dashboards' cache hears of inventories (they write official figures of computed
-- indicators) like of every table it reads.
CREATE TRIGGER ghg_inventory_notify_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
    ON ghg_inventory FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
