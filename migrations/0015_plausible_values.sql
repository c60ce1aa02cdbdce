-- Plausible values only (issue 11, part 5).
--
-- 1. Every stored number is 0 or has a magnitude between 1e-6 and 1e15
--    (`domain::bounds::is_storable`). The domain refuses anything else first, with a message
--    naming the field; these checks are the last line of defence, so that no row can make the
--    official-figure refresh (migrations 0007, 0011: `100 * numerator / denominator`,
--    `sum(numerator) / sum(denominator)`, sums and means) overflow or underflow. The argument
--    for why these limits suffice is in src/domain/bounds.rs.
--    The checks on existing tables are NOT VALID: they hold for every row written from now on,
--    and an installation whose history already holds such a number still starts (find those
--    rows with `SELECT … WHERE NOT is_storable_number(…)`, correct them through a reopening,
--    then `ALTER TABLE … VALIDATE CONSTRAINT …`).
-- 2. Each indicator may carry hard bounds set by the administrator (NULL: the catalogue's
--    default for its kind and unit, `domain::bounds::Bounds::default_for`): the lowest and
--    highest figure (value, percentage or ratio) and the largest numerator or denominator.

CREATE FUNCTION is_storable_number(x double precision) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT x IS NULL OR x = 0 OR (abs(x) >= 1e-6 AND abs(x) <= 1e15)
$$;

ALTER TABLE observation
    ADD CONSTRAINT observation_storable CHECK (
        is_storable_number(value) AND is_storable_number(numerator)
        AND is_storable_number(denominator)) NOT VALID;

ALTER TABLE target
    ADD CONSTRAINT target_storable CHECK (is_storable_number(value)) NOT VALID;

ALTER TABLE indicator
    ADD COLUMN bound_min double precision,
    ADD COLUMN bound_max double precision,
    ADD COLUMN bound_parts_max double precision,
    ADD CONSTRAINT indicator_storable CHECK (
        is_storable_number(baseline_value) AND is_storable_number(bound_min)
        AND is_storable_number(bound_max) AND is_storable_number(bound_parts_max)),
    -- A range that admits something, and parts that can be positive.
    ADD CONSTRAINT indicator_bounds_order CHECK (
        bound_min IS NULL OR bound_max IS NULL OR bound_min <= bound_max),
    ADD CONSTRAINT indicator_bounds_parts CHECK (bound_parts_max IS NULL OR bound_parts_max > 0);

COMMENT ON COLUMN indicator.bound_min IS
    'Lowest plausible figure (value, percentage or ratio); NULL: the catalogue default (0).';
COMMENT ON COLUMN indicator.bound_max IS
    'Highest plausible figure; NULL: the catalogue default for the kind and unit.';
COMMENT ON COLUMN indicator.bound_parts_max IS
    'Largest plausible numerator or denominator; NULL: the catalogue default (1e12).';

-- The administrator's bounds, checked again here for every new or changed figure (the
-- catalogue defaults are the domain's; only bounds that were set are enforced here).
CREATE FUNCTION observation_within_bounds() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    i record;
    figure double precision;
BEGIN
    SELECT kind, bound_min, bound_max, bound_parts_max INTO i
      FROM indicator WHERE id = NEW.indicator_id;
    IF i.bound_parts_max IS NOT NULL
       AND (NEW.numerator > i.bound_parts_max OR NEW.denominator > i.bound_parts_max) THEN
        RAISE check_violation USING CONSTRAINT = 'observation_within_bounds',
            MESSAGE = 'numerator or denominator above the indicator''s bound';
    END IF;
    figure := CASE
        WHEN NEW.numerator IS NOT NULL AND NEW.denominator > 0 THEN
            NEW.numerator / NEW.denominator * CASE WHEN i.kind = 'percentage' THEN 100 ELSE 1 END
        ELSE NEW.value
    END;
    IF figure < i.bound_min OR figure > i.bound_max THEN
        RAISE check_violation USING CONSTRAINT = 'observation_within_bounds',
            MESSAGE = 'figure outside the indicator''s bounds';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER observation_within_bounds
    BEFORE INSERT OR UPDATE OF value, numerator, denominator ON observation
    FOR EACH ROW EXECUTE FUNCTION observation_within_bounds();
