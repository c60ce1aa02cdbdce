-- The park's material-flow ledger (issue 18): what each organisation generates, receives,
-- uses, sends and disposes of, month by month and material by material, and the transfers
-- between organisations that the receiver confirms or disputes. Official flows count
-- approved ledger months and confirmed transfers only (docs/material-flows.md).

-- Materials are data, kept by admins: slag, fly and bottom ash, HPAL residue, steam…
CREATE TABLE material (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code          text NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9-]{1,31}$'),
    name_en       text NOT NULL CHECK (btrim(name_en) <> ''),
    name_id       text NOT NULL CHECK (btrim(name_id) <> ''),
    -- The one unit every quantity of the material is in (domain::kinds::MaterialUnit): t, m³,
    -- MWh or GJ, stored by name.
    unit          text NOT NULL CHECK (unit IN ('tonne', 'cubic_metre', 'megawatt_hour', 'gigajoule')),
    -- The Indonesian waste class where one applies (domain::kinds::HazardClass): B3
    -- (hazardous), exempted from B3 (nickel slag, PP 101/2014 art. 54), or not B3 (fly and
    -- bottom ash since 2021). NULL for what is not a waste (steam, recycled water).
    hazard_class  text CHECK (hazard_class IN ('b3', 'b3_exempt', 'non_b3')),
    archived_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Which indicators a material feeds (slag → CE-05; any material's transfers → CE-08).
CREATE TABLE material_indicator (
    material_id   uuid NOT NULL REFERENCES material (id),
    indicator_id  uuid NOT NULL REFERENCES indicator (id),
    PRIMARY KEY (material_id, indicator_id)
);
CREATE INDEX material_indicator_indicator_idx ON material_indicator (indicator_id);

-- One organisation's month of one material. The opening stock is the previous month's
-- closing stock when that month is in the ledger; `opening_declared` is used only for the
-- first month an organisation reports (domain::flows::opening). The workflow is the
-- reports' (draft → submitted → approved | returned), with a version and revisions.
CREATE TABLE material_ledger (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organisation_id        uuid NOT NULL REFERENCES organisation (id),
    material_id            uuid NOT NULL REFERENCES material (id),
    month                  date NOT NULL CHECK (extract(day FROM month) = 1),
    opening_declared       double precision NOT NULL DEFAULT 0,
    generated              double precision NOT NULL,
    received               double precision NOT NULL,
    used_on_site           double precision NOT NULL,
    sent                   double precision NOT NULL,
    disposed_landfill      double precision NOT NULL,
    disposed_storage       double precision NOT NULL,
    disposed_sea           double precision NOT NULL,
    closing                double precision NOT NULL,
    -- Required (by the workflow) to submit a month that does not balance.
    comment                text NOT NULL DEFAULT '',
    status                 text NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
    version                integer NOT NULL DEFAULT 1 CHECK (version > 0),
    review_note            text,
    submitted_at           timestamptz,
    submitted_by           text,
    submitted_by_user_id   uuid,
    submitted_by_token_id  uuid,
    reviewed_at            timestamptz,
    reviewed_by            text,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL,
    CONSTRAINT material_ledger_month_key UNIQUE (organisation_id, material_id, month),
    -- Quantities are amounts of stuff: finite and never below zero.
    CONSTRAINT material_ledger_quantities CHECK (
        least(opening_declared, generated, received, used_on_site, sent, disposed_landfill,
              disposed_storage, disposed_sea, closing) >= 0
        AND greatest(opening_declared, generated, received, used_on_site, sent,
                     disposed_landfill, disposed_storage, disposed_sea, closing) < 'Infinity'),
    CONSTRAINT material_ledger_review_note CHECK (
        status <> 'returned' OR btrim(coalesce(review_note, '')) <> '')
);
CREATE INDEX material_ledger_material_month_idx ON material_ledger (material_id, month);

-- Every change of a ledger month: who, when, before, after, why. Append-only.
CREATE TABLE material_ledger_revision (
    id          bigserial PRIMARY KEY,
    ledger_id   uuid NOT NULL REFERENCES material_ledger (id),
    version     integer NOT NULL,
    action      text NOT NULL,
    changed_by  text NOT NULL,
    reason      text,
    before      jsonb,
    after       jsonb NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT material_ledger_revision_key UNIQUE (ledger_id, version)
);
CREATE FUNCTION material_ledger_revision_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the material ledger revision history is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER material_ledger_revision_append_only
    BEFORE UPDATE OR DELETE ON material_ledger_revision
    FOR EACH ROW EXECUTE FUNCTION material_ledger_revision_refuse_change();
CREATE TRIGGER material_ledger_revision_no_truncate
    BEFORE TRUNCATE ON material_ledger_revision
    FOR EACH STATEMENT EXECUTE FUNCTION material_ledger_revision_refuse_change();

-- A transfer of a material from one organisation to another in a month, recorded by the
-- sender and answered by the receiver: confirmed with the quantity it received, or disputed
-- with a note. Only confirmed transfers count in the park's flows.
CREATE TABLE material_transfer (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    sender_id          uuid NOT NULL REFERENCES organisation (id),
    receiver_id        uuid NOT NULL REFERENCES organisation (id),
    material_id        uuid NOT NULL REFERENCES material (id),
    month              date NOT NULL CHECK (extract(day FROM month) = 1),
    quantity           double precision NOT NULL CHECK (quantity > 0 AND quantity < 'Infinity'),
    intended_use       text NOT NULL CHECK (intended_use IN ('reuse', 'recycling', 'recovery',
                                                             'third_party_disposal')),
    state              text NOT NULL DEFAULT 'pending'
                       CHECK (state IN ('pending', 'confirmed', 'disputed')),
    received_quantity  double precision CHECK (received_quantity >= 0
                                               AND received_quantity < 'Infinity'),
    dispute_note       text,
    -- The application's clock (the 30-day rule reads it), never SQL now().
    recorded_at        timestamptz NOT NULL,
    recorded_by        text NOT NULL,
    answered_at        timestamptz,
    answered_by        text,
    version            integer NOT NULL DEFAULT 1 CHECK (version > 0),
    CONSTRAINT material_transfer_two_parties CHECK (sender_id <> receiver_id),
    CONSTRAINT material_transfer_confirmed_quantity CHECK (
        (state = 'confirmed') = (received_quantity IS NOT NULL)),
    CONSTRAINT material_transfer_dispute_note CHECK (
        (state = 'disputed') = (btrim(coalesce(dispute_note, '')) <> '')),
    CONSTRAINT material_transfer_answered CHECK ((state = 'pending') = (answered_at IS NULL))
);
CREATE INDEX material_transfer_material_month_idx ON material_transfer (material_id, month);
CREATE INDEX material_transfer_sender_idx ON material_transfer (sender_id);
CREATE INDEX material_transfer_receiver_idx ON material_transfer (receiver_id);
