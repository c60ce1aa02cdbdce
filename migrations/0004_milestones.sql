-- The program's timeline: milestones with dates, an owner and a status.

CREATE TABLE milestone (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id             uuid NOT NULL REFERENCES program (id),
    -- Optional: some milestones (the kick-off, the final evaluation) belong to no one pillar.
    pillar_id              uuid REFERENCES pillar (id),
    code                   text NOT NULL CHECK (code ~ '^M[0-9]{2,3}$'),
    title_en               text NOT NULL CHECK (btrim(title_en) <> ''),
    title_id               text NOT NULL CHECK (btrim(title_id) <> ''),
    description_en         text NOT NULL DEFAULT '',
    description_id         text NOT NULL DEFAULT '',
    owner_organisation_id  uuid REFERENCES organisation (id),
    starts_on              date NOT NULL,
    due_on                 date NOT NULL,
    status                 text NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'late', 'cancelled')),
    completed_on           date,
    evidence_url           text CHECK (evidence_url ~ '^https?://'),
    version                integer NOT NULL DEFAULT 1 CHECK (version > 0),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT milestone_code_key UNIQUE (program_id, code),
    CONSTRAINT milestone_dates CHECK (due_on >= starts_on),
    -- A finished milestone says when it finished; an unfinished one does not.
    CONSTRAINT milestone_completion CHECK ((status = 'done') = (completed_on IS NOT NULL))
);
CREATE INDEX milestone_program_due_idx ON milestone (program_id, due_on);

-- Which data sets have been loaded, so the demo loader runs once and pages can show a
-- "demo data" marker.
CREATE TABLE data_set (
    name       text PRIMARY KEY,
    version    integer NOT NULL,
    loaded_at  timestamptz NOT NULL DEFAULT now()
);
