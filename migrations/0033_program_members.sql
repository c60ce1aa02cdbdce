-- Rights per program. One installation serves several parks' programs (IWIP, IMIP…); a
-- manager or viewer works in the programs granted here and sees nothing of any other.
--
-- Who may enter a program is decided by one rule (src/auth/policy.rs, `may_enter_program`):
--   * admins keep the installation (users, tokens, every program's structure): every program;
--   * managers and viewers: the programs granted in this table;
--   * tenant users: the programs their organisation reports to (a `reporting_tenant` role in
--     `program_role`, or an assignment to one of the program's indicators);
--   * verifiers attest the published log, which is the installation's: every program.
CREATE TABLE program_member (
    user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    program_id  uuid NOT NULL REFERENCES program (id),
    granted_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, program_id)
);
CREATE INDEX program_member_program_idx ON program_member (program_id);

-- Existing managers and viewers keep their rights to the program they had: the one the
-- single-program installation showed (the earliest starting).
INSERT INTO program_member (user_id, program_id)
SELECT u.id, p.id
  FROM app_user u
 CROSS JOIN (SELECT id FROM program ORDER BY starts_on, code LIMIT 1) p
 WHERE u.role IN ('manager', 'viewer');
