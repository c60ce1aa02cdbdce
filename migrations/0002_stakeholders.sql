-- Stakeholders: the organisations around the program, the roles they hold in it, the pillars
-- they take part in, and which indicators each reporting organisation is assigned.

CREATE TABLE organisation (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code            text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9-]{1,31}$'),
    name            text NOT NULL CHECK (btrim(name) <> ''),
    short_name      text NOT NULL CHECK (btrim(short_name) <> ''),
    kind            text NOT NULL CHECK (kind IN ('government', 'park_operator', 'tenant', 'association',
                        'financial_institution', 'un_agency', 'community_organisation', 'academia', 'ngo')),
    -- What a tenant makes decides which indicators apply (RKEF smelters report slag, HPAL plants residue).
    process_route   text CHECK (process_route IN ('rkef', 'matte_converter', 'hpal', 'refinery', 'precursor',
                        'cell', 'aluminium_smelter', 'captive_power', 'mining')),
    park_id         uuid REFERENCES park (id),
    description_en  text NOT NULL DEFAULT '',
    description_id  text NOT NULL DEFAULT '',
    website         text,
    contact_name    text,
    contact_email   text,
    -- Fictional organisations of the demo data set; pages showing their figures say so.
    is_demo         boolean NOT NULL DEFAULT false,
    archived_at     timestamptz,
    version         integer NOT NULL DEFAULT 1 CHECK (version > 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organisation_process_route_tenant CHECK (process_route IS NULL OR kind IN ('tenant', 'park_operator'))
);
CREATE INDEX organisation_kind_idx ON organisation (kind);

-- An organisation's role in a program (signatory, funder, reporting tenant…); one organisation
-- may hold several roles.
CREATE TABLE program_role (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id       uuid NOT NULL REFERENCES program (id),
    organisation_id  uuid NOT NULL REFERENCES organisation (id),
    role             text NOT NULL CHECK (role IN ('signatory', 'lead', 'implementing_partner', 'funder',
                        'pilot_site', 'reporting_tenant', 'beneficiary', 'verifier', 'observer')),
    note_en          text NOT NULL DEFAULT '',
    note_id          text NOT NULL DEFAULT '',
    CONSTRAINT program_role_key UNIQUE (program_id, organisation_id, role)
);
CREATE INDEX program_role_organisation_idx ON program_role (organisation_id);

-- The pillars a role covers (UNIDO leads all four; a community group takes part in one).
CREATE TABLE program_role_pillar (
    program_role_id  uuid NOT NULL REFERENCES program_role (id) ON DELETE CASCADE,
    pillar_id        uuid NOT NULL REFERENCES pillar (id),
    PRIMARY KEY (program_role_id, pillar_id)
);
CREATE INDEX program_role_pillar_pillar_idx ON program_role_pillar (pillar_id);

-- Who reports what. A tenant may report only the indicators it is assigned; the observation
-- table's foreign key to this one enforces that in the database.
CREATE TABLE assignment (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    indicator_id     uuid NOT NULL REFERENCES indicator (id),
    organisation_id  uuid NOT NULL REFERENCES organisation (id),
    -- Reports are expected for periods ending on or after this date (an organisation assigned
    -- mid-program is not late for the months before).
    starts_on        date NOT NULL,
    archived_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT assignment_key UNIQUE (indicator_id, organisation_id)
);
CREATE INDEX assignment_organisation_idx ON assignment (organisation_id);
