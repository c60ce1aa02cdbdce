-- Observations: one organisation's figure for one indicator and one period, and every
-- revision of it. Official figures are computed from approved observations only.

CREATE TABLE observation (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    indicator_id     uuid NOT NULL,
    organisation_id  uuid NOT NULL,
    -- Calendar period, both ends inclusive, aligned to the indicator's frequency (checked by
    -- the domain rules, which know the frequency).
    period_start     date NOT NULL,
    period_end       date NOT NULL,
    -- Which columns are set depends on the indicator kind: value (quantity, count),
    -- numerator + denominator (percentage, ratio), stage (milestone), text (qualitative).
    value            double precision,
    numerator        double precision,
    denominator      double precision,
    stage            smallint,
    text_value       text,
    data_quality     text NOT NULL CHECK (data_quality IN ('measured', 'calculated', 'estimated')),
    assurance        text NOT NULL DEFAULT 'none' CHECK (assurance IN ('none', 'limited', 'reasonable')),
    comment          text NOT NULL DEFAULT '',
    evidence_url     text CHECK (evidence_url ~ '^https?://'),
    status           text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    -- Optimistic concurrency: every change bumps the version; an update names the version it read.
    version          integer NOT NULL DEFAULT 1 CHECK (version > 0),
    -- First submission decides lateness; a correction after a return does not make it late.
    first_submitted_at  timestamptz,
    submitted_at     timestamptz,
    reviewed_at      timestamptz,
    review_note      text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    -- One figure per indicator, organisation and period.
    CONSTRAINT observation_period_key UNIQUE (indicator_id, organisation_id, period_start),
    -- Only an assigned organisation can report an indicator.
    CONSTRAINT observation_assignment_fkey FOREIGN KEY (indicator_id, organisation_id)
        REFERENCES assignment (indicator_id, organisation_id),
    CONSTRAINT observation_period_order CHECK (period_end >= period_start),
    CONSTRAINT observation_finite CHECK (
        (value IS NULL OR (value = value AND abs(value) < 'Infinity'))
        AND (numerator IS NULL OR (numerator = numerator AND abs(numerator) < 'Infinity'))
        AND (denominator IS NULL OR (denominator = denominator AND abs(denominator) < 'Infinity'))),
    -- The kind-independent part of the value rules: a fraction has both parts, a positive
    -- denominator and a non-negative numerator; a stage is not negative.
    CONSTRAINT observation_fraction CHECK (
        (numerator IS NULL) = (denominator IS NULL)
        AND (denominator IS NULL OR denominator > 0)
        AND (numerator IS NULL OR numerator >= 0)),
    CONSTRAINT observation_stage CHECK (stage IS NULL OR stage >= 0),
    CONSTRAINT observation_has_value CHECK (
        num_nonnulls(value, numerator, stage, text_value) = 1),
    CONSTRAINT observation_submitted_time CHECK (
        status = 'draft' OR first_submitted_at IS NOT NULL),
    CONSTRAINT observation_review_note CHECK (
        status <> 'returned' OR btrim(coalesce(review_note, '')) <> '')
);
-- Roll-ups read approved observations by indicator and period.
CREATE INDEX observation_official_idx ON observation (indicator_id, period_start)
    INCLUDE (organisation_id, value, numerator, denominator, stage, reviewed_at)
    WHERE status = 'approved';
-- A tenant's own history, and the compliance matrix by organisation.
CREATE INDEX observation_organisation_idx ON observation (organisation_id, indicator_id, period_start);
-- The review queue.
CREATE INDEX observation_submitted_idx ON observation (submitted_at) WHERE status = 'submitted';

-- Every version of every observation: who changed it, when, what it was and became, and why.
-- The store writes one row in the same transaction as each observation change.
CREATE TABLE observation_revision (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    observation_id  uuid NOT NULL REFERENCES observation (id),
    version         integer NOT NULL,
    action          text NOT NULL CHECK (action IN ('create', 'update', 'submit', 'approve', 'return', 'reopen')),
    changed_by      text NOT NULL,
    changed_at      timestamptz NOT NULL DEFAULT now(),
    reason          text,
    before          jsonb,
    after           jsonb NOT NULL,
    CONSTRAINT observation_revision_version_key UNIQUE (observation_id, version)
);
