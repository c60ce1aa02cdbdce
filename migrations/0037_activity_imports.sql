-- Imports of GHG activity data (issue 17): a tenant uploads its organisation's monthly
-- activity rows as a file, like its reports. The kinds are declared once in
-- `domain::kinds::ImportKind`; this check follows it.
ALTER TABLE import_upload DROP CONSTRAINT import_upload_kind_check;
ALTER TABLE import_upload
    ADD CONSTRAINT import_upload_kind_check
    CHECK (kind IN ('reports', 'targets', 'assignments', 'activity'));

-- A file of activity data, like one of reports, holds one organisation's rows and names it.
ALTER TABLE import_upload DROP CONSTRAINT import_upload_organisation_of_reports;
ALTER TABLE import_upload
    ADD CONSTRAINT import_upload_organisation_of_reports
    CHECK ((kind IN ('reports', 'activity')) = (organisation_id IS NOT NULL));
