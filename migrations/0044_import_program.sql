-- A file of targets or of assignments changes one program's structure: the program the
-- importer had chosen when uploading it (`?program=`, the remembered choice, or their first),
-- kept with the upload so that its preview and its commit apply to that program and to no
-- other, whichever program a later request reads (issue 21). Files of one organisation
-- (reports, activity data, a ledger) name no program: their rows name the indicators.
ALTER TABLE import_upload ADD COLUMN program_id uuid REFERENCES program (id);

-- Uploads of the single-program installation changed the first program's structure.
UPDATE import_upload
   SET program_id = (SELECT id FROM program ORDER BY starts_on, code LIMIT 1)
 WHERE kind IN ('targets', 'assignments');

-- A structure file without its program would have to guess one again; any other file has none.
-- (An installation with structure uploads has a program, so the update above filled them.)
ALTER TABLE import_upload
    ADD CONSTRAINT import_upload_program_of_structure
    CHECK ((kind IN ('targets', 'assignments')) = (program_id IS NOT NULL));
CREATE INDEX import_upload_program_idx ON import_upload (program_id) WHERE program_id IS NOT NULL;
