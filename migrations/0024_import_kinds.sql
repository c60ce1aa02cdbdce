-- Imports of the program's structure (issue 15): besides an organisation's reports, an admin
-- imports yearly targets and baselines, and assignments (organisation × indicator from a first
-- period). The kinds are declared once in `domain::kinds::ImportKind`; this check follows it.
ALTER TABLE import_upload DROP CONSTRAINT import_upload_kind_check;
ALTER TABLE import_upload
    ADD CONSTRAINT import_upload_kind_check CHECK (kind IN ('reports', 'targets', 'assignments'));

-- Targets and assignments belong to no one organisation: the file names the organisations
-- itself (assignments) or none (targets). A file of reports still names the organisation
-- whose reports it holds, and only it.
ALTER TABLE import_upload ALTER COLUMN organisation_id DROP NOT NULL;
ALTER TABLE import_upload
    ADD CONSTRAINT import_upload_organisation_of_reports
    CHECK ((kind = 'reports') = (organisation_id IS NOT NULL));
