-- Program structure: parks, their programs, the pillars of a program and the indicators of a
-- pillar, with yearly targets and the history of every target change.
--
-- Closed sets (kinds, directions, aggregations…) are stored as text and checked here, so a row
-- that the application would refuse cannot enter through SQL either. The same strings live in
-- src/domain/kinds.rs; the two lists change together.

-- An industrial park. IWIP is one; IMIP is a second pilot, so parks are rows, not constants.
CREATE TABLE park (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9-]{1,15}$'),
    name        text NOT NULL CHECK (btrim(name) <> ''),
    province    text,
    regency     text,
    -- Area and workforce figures change fast; each carries the date it was true.
    area_ha     numeric(10, 1) CHECK (area_ha > 0),
    area_as_of  date,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- A program run in a park over a fixed phase (IWIP pilot phase 1: 2026-01-01 … 2028-12-31).
CREATE TABLE program (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    park_id         uuid NOT NULL REFERENCES park (id),
    code            text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9-]{1,31}$'),
    name_en         text NOT NULL CHECK (btrim(name_en) <> ''),
    name_id         text NOT NULL CHECK (btrim(name_id) <> ''),
    phase           text NOT NULL,
    description_en  text NOT NULL DEFAULT '',
    description_id  text NOT NULL DEFAULT '',
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT program_phase_dates CHECK (ends_on > starts_on)
);
CREATE INDEX program_park_idx ON program (park_id);

-- The four pillars of the IWIP pilot (CE, SK, CM, SC); codes are unique within a program.
CREATE TABLE pillar (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id      uuid NOT NULL REFERENCES program (id),
    code            text NOT NULL CHECK (code ~ '^[A-Z]{2,4}$'),
    name_en         text NOT NULL CHECK (btrim(name_en) <> ''),
    name_id         text NOT NULL CHECK (btrim(name_id) <> ''),
    description_en  text NOT NULL DEFAULT '',
    description_id  text NOT NULL DEFAULT '',
    position        smallint NOT NULL DEFAULT 0,
    -- Pillars referenced by data are archived, never deleted.
    archived_at     timestamptz,
    CONSTRAINT pillar_code_key UNIQUE (program_id, code),
    -- Lets indicator carry (pillar_id, program_id) and have the pair checked.
    CONSTRAINT pillar_id_program_key UNIQUE (id, program_id)
);

-- What is measured. Every attribute the roll-up and status rules need lives here.
CREATE TABLE indicator (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id         uuid NOT NULL,
    pillar_id          uuid NOT NULL,
    code               text NOT NULL CHECK (code ~ '^[A-Z]{2,4}-[0-9]{2,3}$'),
    name_en            text NOT NULL CHECK (btrim(name_en) <> ''),
    name_id            text NOT NULL CHECK (btrim(name_id) <> ''),
    definition_en      text NOT NULL DEFAULT '',
    definition_id      text NOT NULL DEFAULT '',
    unit               text NOT NULL CHECK (btrim(unit) <> ''),
    kind               text NOT NULL CHECK (kind IN ('quantity', 'count', 'percentage', 'ratio', 'milestone', 'qualitative')),
    direction          text NOT NULL CHECK (direction IN ('higher_is_better', 'lower_is_better')),
    aggregation        text NOT NULL CHECK (aggregation IN ('sum', 'ratio_of_sums', 'mean', 'latest', 'max', 'min', 'park')),
    -- Cumulative indicators (people trained to date) roll up to a year by taking the latest value.
    cumulative         boolean NOT NULL DEFAULT false,
    frequency          text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'semi_annual', 'annual')),
    decimals           smallint NOT NULL DEFAULT 1 CHECK (decimals BETWEEN 0 AND 6),
    baseline_value     double precision,
    baseline_year      smallint CHECK (baseline_year BETWEEN 2000 AND 2100),
    -- For percentages and ratios: what the numerator and the denominator count, so the park
    -- value can be recomputed from pooled raw figures (never from averaged percentages).
    numerator_label_en    text,
    numerator_label_id    text,
    denominator_label_en  text,
    denominator_label_id  text,
    -- For milestones: the ordinal stages 0..n, one label per stage, in both languages.
    stage_labels_en    text[],
    stage_labels_id    text[],
    position           smallint NOT NULL DEFAULT 0,
    archived_at        timestamptz,
    version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT indicator_code_key UNIQUE (program_id, code),
    CONSTRAINT indicator_pillar_fkey FOREIGN KEY (pillar_id, program_id) REFERENCES pillar (id, program_id),
    CONSTRAINT indicator_baseline_pair CHECK ((baseline_value IS NULL) = (baseline_year IS NULL)),
    -- A milestone has stage labels (at least two stages, the same number in each language);
    -- nothing else has any.
    CONSTRAINT indicator_stage_labels CHECK (
        -- (coalesce: a CHECK that evaluates to NULL passes, and cardinality(NULL) is NULL.)
        CASE WHEN kind = 'milestone'
             THEN coalesce(cardinality(stage_labels_en), 0) >= 2
                  AND coalesce(cardinality(stage_labels_en) = cardinality(stage_labels_id), false)
             ELSE stage_labels_en IS NULL AND stage_labels_id IS NULL
        END),
    -- A percentage of what? Fraction kinds name both parts.
    CONSTRAINT indicator_fraction_labels CHECK (
        kind NOT IN ('percentage', 'ratio')
        OR (numerator_label_en IS NOT NULL AND denominator_label_en IS NOT NULL))
);
CREATE INDEX indicator_pillar_idx ON indicator (pillar_id, position);

-- Reporting frameworks an indicator answers to (GRI 305-4, EIP Framework, IRMA…). GRI
-- standards are replaced on fixed dates (GRI 102 replaces 305 from 2027), hence effective_from.
CREATE TABLE framework_reference (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id    uuid NOT NULL REFERENCES indicator (id),
    framework       text NOT NULL CHECK (btrim(framework) <> ''),
    code            text NOT NULL DEFAULT '',
    version         text NOT NULL DEFAULT '',
    effective_from  date,
    CONSTRAINT framework_reference_key UNIQUE (indicator_id, framework, code, version)
);

-- The value an indicator should reach by 31 December of a year.
CREATE TABLE target (
    indicator_id  uuid NOT NULL REFERENCES indicator (id),
    year          smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    value         double precision NOT NULL CHECK (value = value AND abs(value) < 'Infinity'),
    version       integer NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (indicator_id, year)
);

-- Every target ever set: a changed target keeps the old value, who changed it, when and why.
-- Append-only: the store inserts here in the same transaction that writes `target`.
CREATE TABLE target_revision (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id  uuid NOT NULL,
    year          smallint NOT NULL,
    old_value     double precision,
    new_value     double precision NOT NULL,
    reason        text NOT NULL CHECK (btrim(reason) <> ''),
    changed_by    text NOT NULL,
    changed_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (indicator_id, year) REFERENCES target (indicator_id, year)
);
CREATE INDEX target_revision_target_idx ON target_revision (indicator_id, year, changed_at);
