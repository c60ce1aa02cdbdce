-- Session notices: every instance keeps the sessions it has resolved in memory (the session's
-- user, role, language, CSRF token, expiry and unread count: `cache::sessions`,
-- `auth::session`), so that a signed-in page needs no query. A session that ends or whose
-- account changes must end at once on every instance, whoever made the change (an instance,
-- `pilar user`, psql): these triggers tell every listener which users' sessions to forget.
--
--   pilar_sessions_changed   <user id>,<user id>,…   forget these users' sessions
--                            *                       forget every session
--
-- The ids are distinct and sorted, so two statements of one transaction naming the same users
-- send the same payload and PostgreSQL folds them into one message at commit. A statement
-- touching more than `session_notice_user_limit()` users (the sweep of expired sessions, a
-- notice to everyone) sends `*`, and so do TRUNCATE and an organisation archived or deleted
-- (its users' sessions are refused from then on). An instance reading a payload it does not
-- understand forgets every session, so `*`, a manual `NOTIFY pilar_sessions_changed` and a
-- future form are all safe.
--
-- What a kept session shows, and so what notifies:
--   user_session        a session deleted (sign-out, password change, deactivation, expiry
--                       sweep), or its user, CSRF token or expiry changed; not its last-seen
--                       time, which is written once a minute per session and which each
--                       instance judges on its own (a session it believes idle is asked for)
--   app_user            the columns a session shows or is refused on (email, name, role,
--                       organisation, language, password, active), and deletion
--   organisation        archived, un-archived or deleted
--   notification_item   added, read or unread, deleted (the page header's unread count)
-- An insert into user_session notifies nothing: a new session is not in anyone's memory.

CREATE FUNCTION session_notice_user_limit() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 32 $$;

-- A statement's users: TG_ARGV[0] names the column holding the user's id in the transition
-- table(s) the trigger declares (`new_rows`, `old_rows`).
CREATE FUNCTION notify_sessions_of_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    cap CONSTANT integer := session_notice_user_limit();
    touched uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('SELECT ARRAY(SELECT DISTINCT %I FROM new_rows ORDER BY 1 LIMIT %s)',
                       TG_ARGV[0], cap + 1) INTO touched;
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT ARRAY(SELECT DISTINCT %I FROM old_rows ORDER BY 1 LIMIT %s)',
                       TG_ARGV[0], cap + 1) INTO touched;
    ELSE
        EXECUTE format('SELECT ARRAY(SELECT %1$I FROM new_rows UNION SELECT %1$I FROM old_rows
                                      ORDER BY 1 LIMIT %2$s)',
                       TG_ARGV[0], cap + 1) INTO touched;
    END IF;
    touched := array_remove(touched, NULL);
    IF cardinality(touched) = 0 THEN
        RETURN NULL;
    END IF;
    IF cardinality(touched) > cap THEN
        PERFORM pg_notify('pilar_sessions_changed', '*');
    ELSE
        PERFORM pg_notify('pilar_sessions_changed', array_to_string(touched, ','));
    END IF;
    RETURN NULL;
END
$$;

-- One row's user (TG_ARGV[0] names the column), before and after: for the row triggers whose
-- WHEN clause lets only the changes that matter through.
CREATE FUNCTION notify_sessions_of_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    before_user uuid := to_jsonb(OLD) ->> TG_ARGV[0];
    after_user uuid := to_jsonb(NEW) ->> TG_ARGV[0];
BEGIN
    IF before_user IS DISTINCT FROM after_user AND before_user IS NOT NULL THEN
        PERFORM pg_notify('pilar_sessions_changed',
                          array_to_string(ARRAY(SELECT unnest(ARRAY[before_user, after_user])
                                                 ORDER BY 1), ','));
    ELSE
        PERFORM pg_notify('pilar_sessions_changed', after_user::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION notify_every_session() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('pilar_sessions_changed', '*');
    RETURN NULL;
END
$$;

CREATE TRIGGER user_session_notify_delete AFTER DELETE ON user_session
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_of_rows('user_id');
-- A row trigger: an update of a session is its touch (last_seen_at) but for tests and repairs,
-- so the WHEN clause keeps the touch free of any notice.
CREATE TRIGGER user_session_notify_update AFTER UPDATE ON user_session
    FOR EACH ROW
    WHEN ((OLD.user_id, OLD.csrf_token, OLD.expires_at, OLD.id_hash)
          IS DISTINCT FROM (NEW.user_id, NEW.csrf_token, NEW.expires_at, NEW.id_hash))
    EXECUTE FUNCTION notify_sessions_of_row('user_id');
CREATE TRIGGER user_session_notify_truncate AFTER TRUNCATE ON user_session
    FOR EACH STATEMENT EXECUTE FUNCTION notify_every_session();

-- Not `last_login_at`, `version`, `updated_at`: a sign-in writes them and changes no session.
CREATE TRIGGER app_user_notify_sessions_update AFTER UPDATE ON app_user
    FOR EACH ROW
    WHEN ((OLD.email, OLD.display_name, OLD.role, OLD.organisation_id, OLD.preferred_language,
           OLD.password_hash, OLD.active)
          IS DISTINCT FROM
          (NEW.email, NEW.display_name, NEW.role, NEW.organisation_id, NEW.preferred_language,
           NEW.password_hash, NEW.active))
    EXECUTE FUNCTION notify_sessions_of_row('id');
CREATE TRIGGER app_user_notify_sessions_delete AFTER DELETE ON app_user
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_of_rows('id');
CREATE TRIGGER app_user_notify_sessions_truncate AFTER TRUNCATE ON app_user
    FOR EACH STATEMENT EXECUTE FUNCTION notify_every_session();

CREATE TRIGGER organisation_notify_sessions_archived AFTER UPDATE ON organisation
    FOR EACH ROW WHEN (OLD.archived_at IS DISTINCT FROM NEW.archived_at)
    EXECUTE FUNCTION notify_every_session();
CREATE TRIGGER organisation_notify_sessions_delete AFTER DELETE ON organisation
    FOR EACH STATEMENT EXECUTE FUNCTION notify_every_session();

CREATE TRIGGER notification_item_notify_sessions_insert AFTER INSERT ON notification_item
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_of_rows('user_id');
-- A row trigger for the same reason as the session's: the mail sender marks items handled,
-- which changes no count. Marking many items of one person read sends one message (equal
-- payloads of a transaction are folded).
CREATE TRIGGER notification_item_notify_sessions_update AFTER UPDATE ON notification_item
    FOR EACH ROW
    WHEN ((OLD.read_at IS NULL, OLD.user_id) IS DISTINCT FROM (NEW.read_at IS NULL, NEW.user_id))
    EXECUTE FUNCTION notify_sessions_of_row('user_id');
CREATE TRIGGER notification_item_notify_sessions_delete AFTER DELETE ON notification_item
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION notify_sessions_of_rows('user_id');
CREATE TRIGGER notification_item_notify_sessions_truncate AFTER TRUNCATE ON notification_item
    FOR EACH STATEMENT EXECUTE FUNCTION notify_every_session();
