-- Who may enter which program (`program_member`, migration 0033) is kept in each instance's
-- page cache with the structure (`auth::program::resolve`), so a grant or a withdrawal must
-- reach every instance like any other change of the structure: the empty payload, "anything
-- may have changed" (migrations 0009, 0036).
CREATE TRIGGER program_member_notify_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON program_member
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
