-- Park-level indicators come from the park (issue 11, part 3).
--
-- An indicator aggregated 'park' is reported once for the whole park, by the park office (an
-- organisation of kind 'park_operator'). Its official figure is the latest approved report of
-- the period (migration 0007), so a tenant assigned such an indicator could replace the park
-- office's figure with its own the moment its report is approved. The rule
-- (`domain::structure::may_be_assigned`) is checked by the workflows first; the database keeps
-- it too, whoever writes. Every refusal names the constraint
-- `assignment_park_level_park_office`, which `crate::error` maps to the field message.
--
-- The rule binds live assignments only (archived_at IS NULL): an archived one keeps the
-- history it explains, and bringing it back is checked like a new one.

-- Live assignments that break the rule already are archived, with an audit entry each (the
-- system is the actor): the assignment matrix no longer shows them, the organisation is no
-- longer asked for the report, and nothing is deleted (its observations refer to it). Its
-- reports, if any, stay in the revision history and the audit log for a reviewer to reopen.
WITH broken AS (
    UPDATE assignment a
       SET archived_at = now()
      FROM indicator i, organisation o
     WHERE i.id = a.indicator_id AND o.id = a.organisation_id
       AND a.archived_at IS NULL AND i.aggregation = 'park' AND o.kind <> 'park_operator'
    RETURNING a.id, i.code AS indicator, o.code AS organisation, a.starts_on
)
INSERT INTO audit_event (actor_kind, actor_label, action, entity, entity_id, before, after, reason)
SELECT 'system', 'migration 0016', 'archive', 'assignment', b.id::text,
       jsonb_build_object('indicator', b.indicator, 'organisation', b.organisation,
                          'starts_on', b.starts_on, 'archived', false),
       jsonb_build_object('archived', true),
       'A park-level indicator is reported by the park office only.'
  FROM broken b;

CREATE FUNCTION park_level_refuse(indicator_code text, organisation_code text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'indicator % is reported once for the park: only the park office may be assigned it, not %',
        indicator_code, organisation_code
        USING ERRCODE = 'check_violation', CONSTRAINT = 'assignment_park_level_park_office';
END
$$;

-- A live assignment (new, changed or brought back) of a park-level indicator to any
-- organisation but the park office.
CREATE FUNCTION assignment_park_level_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    IF NEW.archived_at IS NULL THEN
        SELECT i.code AS indicator, o.code AS organisation INTO bad
          FROM indicator i, organisation o
         WHERE i.id = NEW.indicator_id AND o.id = NEW.organisation_id
           AND i.aggregation = 'park' AND o.kind <> 'park_operator';
        IF FOUND THEN
            PERFORM park_level_refuse(bad.indicator, bad.organisation);
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER assignment_park_level_park_office
    BEFORE INSERT OR UPDATE OF indicator_id, organisation_id, archived_at ON assignment
    FOR EACH ROW EXECUTE FUNCTION assignment_park_level_check();

-- The same rule from the other two sides: an indicator made park-level while tenants are
-- assigned it, or a park office whose kind changes while it holds park-level assignments.
CREATE FUNCTION indicator_park_level_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    IF NEW.aggregation = 'park' THEN
        SELECT o.code AS organisation INTO bad
          FROM assignment a JOIN organisation o ON o.id = a.organisation_id
         WHERE a.indicator_id = NEW.id AND a.archived_at IS NULL AND o.kind <> 'park_operator'
         LIMIT 1;
        IF FOUND THEN
            PERFORM park_level_refuse(NEW.code, bad.organisation);
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER indicator_park_level_park_office
    BEFORE UPDATE OF aggregation ON indicator
    FOR EACH ROW EXECUTE FUNCTION indicator_park_level_check();

CREATE FUNCTION organisation_park_level_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    bad record;
BEGIN
    IF NEW.kind <> 'park_operator' THEN
        SELECT i.code AS indicator INTO bad
          FROM assignment a JOIN indicator i ON i.id = a.indicator_id
         WHERE a.organisation_id = NEW.id AND a.archived_at IS NULL AND i.aggregation = 'park'
         LIMIT 1;
        IF FOUND THEN
            PERFORM park_level_refuse(bad.indicator, NEW.code);
        END IF;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER organisation_park_level_park_office
    BEFORE UPDATE OF kind ON organisation
    FOR EACH ROW EXECUTE FUNCTION organisation_park_level_check();

-- Review notes reach the right people (issue 11, part 7). A return note tells the reporting
-- organisation what to correct; a reopening reason and an approval's note are the reviewers'
-- own (and stay in the audit log). The note an observation holds says which it is, so every
-- page and resource can apply `auth::policy::may_read_note` without reading the history.
-- false: a return note (or none); true: written when approving or reopening.
ALTER TABLE observation ADD COLUMN review_note_internal boolean NOT NULL DEFAULT false;

-- The notes already stored: the last review decision that wrote the note decides.
UPDATE observation o
   SET review_note_internal = true
 WHERE o.review_note IS NOT NULL
   AND (SELECT r.action FROM observation_revision r
         WHERE r.observation_id = o.id AND r.action IN ('approve', 'return', 'reopen')
         ORDER BY r.version DESC LIMIT 1) IN ('approve', 'reopen');
