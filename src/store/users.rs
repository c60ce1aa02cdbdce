//! Users, their sessions, and failed sign-ins.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::parse_column;
use crate::domain::Role;
use crate::domain::notifications::UNREAD_COUNTED;

/// What sign-in needs to know about an account.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Credentials {
    pub id: Uuid,
    pub password_hash: String,
    pub active: bool,
    /// The user belongs to an organisation that is archived: no sign-in.
    pub organisation_archived: bool,
}

/// A user as the admin pages list it.
#[derive(Debug, Clone)]
pub struct UserSummary {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_code: Option<String>,
    pub preferred_language: String,
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
    pub preferred_language: String,
    pub password_hash: String,
}

#[tracing::instrument(skip(pool))]
pub async fn credentials(pool: &PgPool, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id, u.password_hash, u.active,
                coalesce(o.archived_at IS NOT NULL, false) AS organisation_archived
           FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
          WHERE lower(u.email) = lower($1)",
    )
    .bind(email)
    .fetch_optional(pool)
    .await
}

/// Whether any active admin exists (first start creates one when none does).
#[tracing::instrument(skip_all)]
pub async fn has_admin(pool: &PgPool) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM app_user WHERE role = 'admin' AND active)")
        .fetch_one(pool)
        .await
}

/// Creates a user; returns its id and the stored row as JSON for the audit log.
#[tracing::instrument(skip(conn, user), fields(email = %user.email))]
pub async fn create(
    conn: &mut PgConnection,
    user: &NewUser,
) -> Result<(Uuid, serde_json::Value), sqlx::Error> {
    sqlx::query_as(
        "INSERT INTO app_user (email, display_name, role, organisation_id, preferred_language, password_hash)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id, jsonb_build_object('email', email, 'display_name', display_name, 'role', role,
                   'organisation_id', organisation_id, 'preferred_language', preferred_language, 'active', active)",
    )
    .bind(&user.email)
    .bind(&user.display_name)
    .bind(user.role.as_str())
    .bind(user.organisation_id)
    .bind(&user.preferred_language)
    .bind(&user.password_hash)
    .fetch_one(conn)
    .await
}

/// Replaces a password; returns the user's id when the email exists.
#[tracing::instrument(skip(conn, password_hash))]
pub async fn set_password(
    conn: &mut PgConnection,
    email: &str,
    password_hash: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE app_user SET password_hash = $2, version = version + 1, updated_at = now()
          WHERE lower(email) = lower($1) RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .fetch_optional(conn)
    .await
}

/// Switches an account on or off; returns (before, after) as JSON when it exists.
#[tracing::instrument(skip(conn))]
pub async fn set_active(
    conn: &mut PgConnection,
    id: Uuid,
    active: bool,
) -> Result<Option<(serde_json::Value, serde_json::Value)>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE app_user u SET active = $2, version = u.version + 1, updated_at = now()
           FROM app_user old WHERE u.id = $1 AND old.id = u.id
         RETURNING jsonb_build_object('active', old.active), jsonb_build_object('active', u.active)",
    )
    .bind(id)
    .bind(active)
    .fetch_optional(conn)
    .await
}

#[tracing::instrument(skip(conn))]
pub async fn record_login(
    conn: &mut PgConnection,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE app_user SET last_login_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: Uuid,
    email: String,
    display_name: String,
    role: String,
    organisation_code: Option<String>,
    preferred_language: String,
    active: bool,
    last_login_at: Option<DateTime<Utc>>,
}

/// Every user, for the admin page.
#[tracing::instrument(skip_all)]
pub async fn list(pool: &PgPool) -> Result<Vec<UserSummary>, sqlx::Error> {
    let rows: Vec<UserRow> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.role, o.code AS organisation_code,
                u.preferred_language, u.active, u.last_login_at
           FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
          ORDER BY u.active DESC, u.role, lower(u.email)",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(UserSummary {
                role: parse_column("role", &r.role)?,
                id: r.id,
                email: r.email,
                display_name: r.display_name,
                organisation_code: r.organisation_code,
                preferred_language: r.preferred_language,
                active: r.active,
                last_login_at: r.last_login_at,
            })
        })
        .collect()
}

/// One user as the edit form shows it, with the version a change must name.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_code: Option<String>,
    pub preferred_language: String,
    pub active: bool,
    pub version: i32,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: Uuid,
    email: String,
    display_name: String,
    role: String,
    organisation_code: Option<String>,
    preferred_language: String,
    active: bool,
    version: i32,
}

/// One user by id.
#[tracing::instrument(skip(pool))]
pub async fn by_id(pool: &PgPool, id: Uuid) -> Result<Option<UserRecord>, sqlx::Error> {
    let row: Option<RecordRow> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.role, o.code AS organisation_code,
                u.preferred_language, u.active, u.version
           FROM app_user u LEFT JOIN organisation o ON o.id = u.organisation_id
          WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(UserRecord {
            role: parse_column("role", &r.role)?,
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            organisation_code: r.organisation_code,
            preferred_language: r.preferred_language,
            active: r.active,
            version: r.version,
        })
    })
    .transpose()
}

/// What an admin may change of a user (the email stays: it is how they sign in).
#[derive(Debug, Clone)]
pub struct ProfileChange {
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
    pub preferred_language: String,
}

/// Changes a user's profile if it is still at `expected_version`; returns (before, after) as
/// JSON for the audit log, or `None` when the user is gone or changed meanwhile.
#[tracing::instrument(skip(conn, change))]
pub async fn update_profile(
    conn: &mut PgConnection,
    id: Uuid,
    expected_version: i32,
    change: &ProfileChange,
) -> Result<Option<(serde_json::Value, serde_json::Value)>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE app_user u
            SET display_name = $3, role = $4, organisation_id = $5, preferred_language = $6,
                version = u.version + 1, updated_at = now()
           FROM app_user old
          WHERE u.id = $1 AND old.id = u.id AND u.version = $2
         RETURNING jsonb_build_object('display_name', old.display_name, 'role', old.role,
                       'organisation_id', old.organisation_id,
                       'preferred_language', old.preferred_language),
                   jsonb_build_object('display_name', u.display_name, 'role', u.role,
                       'organisation_id', u.organisation_id,
                       'preferred_language', u.preferred_language)",
    )
    .bind(id)
    .bind(expected_version)
    .bind(&change.display_name)
    .bind(change.role.as_str())
    .bind(change.organisation_id)
    .bind(&change.preferred_language)
    .fetch_optional(conn)
    .await
}

/// How many active admins there are (seen inside the transaction that may have removed one).
#[tracing::instrument(skip_all)]
pub async fn active_admins(conn: &mut PgConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM app_user WHERE role = 'admin' AND active")
        .fetch_one(conn)
        .await
}

/// The stored password hash of a user, to check their current password.
#[tracing::instrument(skip(pool))]
pub async fn password_hash(pool: &PgPool, id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM app_user WHERE id = $1 AND active")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// Replaces a user's password by id; whether the user exists.
#[tracing::instrument(skip(conn, password_hash))]
pub async fn set_password_of(
    conn: &mut PgConnection,
    id: Uuid,
    password_hash: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE app_user SET password_hash = $2, version = version + 1, updated_at = now()
          WHERE id = $1",
    )
    .bind(id)
    .bind(password_hash)
    .execute(conn)
    .await?
    .rows_affected()
        == 1)
}

// --- sessions -------------------------------------------------------------------------------

/// A session to store: only the hash of its id is kept.
pub struct NewSession<'a> {
    pub id_hash: &'a [u8; 32],
    pub user_id: Uuid,
    pub csrf_token: &'a str,
    /// Sign-in time by the application's clock (also the first "last seen").
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub client_addr: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

/// Stores a new session.
#[tracing::instrument(skip_all)]
pub async fn create_session(
    conn: &mut PgConnection,
    session: &NewSession<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO user_session (id_hash, user_id, csrf_token, expires_at, client_addr, user_agent,
                                   created_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(&session.id_hash[..])
    .bind(session.user_id)
    .bind(session.csrf_token)
    .bind(session.expires_at)
    .bind(session.client_addr)
    .bind(session.user_agent)
    .bind(session.created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The account behind a live session, as `auth` needs it to build the request's user.
#[derive(Debug, Clone)]
pub struct SessionAccount {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<Uuid>,
    pub preferred_language: String,
    pub csrf_token: String,
    /// The person's unread notifications, counted up to `UNREAD_COUNTED + 1` (the header
    /// shows "99+" beyond).
    pub unread_notifications: i64,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: Uuid,
    email: String,
    display_name: String,
    role: String,
    organisation_id: Option<Uuid>,
    preferred_language: String,
    csrf_token: String,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    unread_notifications: i64,
}

/// A live session: its account, when it was last seen and when it ends however busy.
#[derive(Debug, Clone)]
pub struct LiveSession {
    pub account: SessionAccount,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// The user of a live session: not past its absolute expiry at `now`, seen since `idle_since`,
/// and belonging to an active account. Returns when it was last seen, to spare needless writes,
/// and when it expires, for an instance that keeps it (`auth::session`).
/// The page header's unread count comes in the same statement (an index-only count on
/// `notification_item_unread`, bounded), so that no page pays a second round trip for it.
#[tracing::instrument(skip_all)]
pub async fn session_user(
    pool: &PgPool,
    id_hash: &[u8; 32],
    now: DateTime<Utc>,
    idle_since: DateTime<Utc>,
) -> Result<Option<LiveSession>, sqlx::Error> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT u.id, u.email, u.display_name, u.role, u.organisation_id, u.preferred_language,
                s.csrf_token, s.last_seen_at, s.expires_at,
                (SELECT count(*) FROM (SELECT 1 FROM notification_item n
                                        WHERE n.user_id = u.id AND n.read_at IS NULL
                                        LIMIT $4) unread) AS unread_notifications
           FROM user_session s JOIN app_user u ON u.id = s.user_id
          WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.active
            AND NOT EXISTS (SELECT 1 FROM organisation o
                             WHERE o.id = u.organisation_id AND o.archived_at IS NOT NULL)",
    )
    .bind(&id_hash[..])
    .bind(now)
    .bind(idle_since)
    .bind(UNREAD_COUNTED + 1)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(LiveSession {
            account: SessionAccount {
                role: parse_column("role", &r.role)?,
                id: r.id,
                email: r.email,
                display_name: r.display_name,
                organisation_id: r.organisation_id,
                preferred_language: r.preferred_language,
                csrf_token: r.csrf_token,
                unread_notifications: r.unread_notifications,
            },
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
        })
    })
    .transpose()
}

/// Marks a session as used at `now` (keeps it from idling out).
#[tracing::instrument(skip_all)]
pub async fn touch_session(
    pool: &PgPool,
    id_hash: &[u8; 32],
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE user_session SET last_seen_at = $2 WHERE id_hash = $1")
        .bind(&id_hash[..])
        .bind(now)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends a session; returns its user when it existed.
#[tracing::instrument(skip_all)]
pub async fn delete_session(
    conn: &mut PgConnection,
    id_hash: &[u8; 32],
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar("DELETE FROM user_session WHERE id_hash = $1 RETURNING user_id")
        .bind(&id_hash[..])
        .fetch_optional(conn)
        .await
}

/// Ends every session of the users of an organisation (its archiving); returns how many.
#[tracing::instrument(skip(conn))]
pub async fn delete_sessions_of_organisation(
    conn: &mut PgConnection,
    organisation_id: Uuid,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "DELETE FROM user_session s USING app_user u
          WHERE u.id = s.user_id AND u.organisation_id = $1",
    )
    .bind(organisation_id)
    .execute(conn)
    .await?
    .rows_affected())
}

/// Ends every session of a user (after a password change or deactivation).
#[tracing::instrument(skip(conn))]
pub async fn delete_sessions_of(
    conn: &mut PgConnection,
    user_id: Uuid,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM user_session WHERE user_id = $1")
        .bind(user_id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// Ends every session of a user but the one with `keep` as its id hash (a password changed by
/// its owner ends the others).
#[tracing::instrument(skip(conn, keep))]
pub async fn delete_other_sessions(
    conn: &mut PgConnection,
    user_id: Uuid,
    keep: &[u8; 32],
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM user_session WHERE user_id = $1 AND id_hash <> $2")
            .bind(user_id)
            .bind(&keep[..])
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

/// Removes sessions past their absolute expiry at `now`.
#[tracing::instrument(skip_all)]
pub async fn delete_expired_sessions(
    pool: &PgPool,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM user_session WHERE expires_at <= $1")
            .bind(now)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

// --- sign-in throttling (failures are counted in `store::sign_in`) ------------------------

/// Forgets an account's failures after a successful sign-in.
#[tracing::instrument(skip(conn))]
pub async fn clear_failures(conn: &mut PgConnection, email: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failure WHERE email_lower = lower($1)")
        .bind(email)
        .execute(conn)
        .await?;
    Ok(())
}

/// An active verifier account, as a token's holder is chosen.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct VerifierAccount {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
}

/// Every active verifier account, by name.
#[tracing::instrument(skip_all)]
pub async fn active_verifiers(pool: &PgPool) -> Result<Vec<VerifierAccount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, display_name FROM app_user
          WHERE role = 'verifier' AND active ORDER BY display_name, email",
    )
    .fetch_all(pool)
    .await
}

/// The active verifier account with this email (compared case-insensitively).
#[tracing::instrument(skip(pool))]
pub async fn active_verifier_by_email(
    pool: &PgPool,
    email: &str,
) -> Result<Option<VerifierAccount>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, display_name FROM app_user
          WHERE lower(email) = lower($1) AND role = 'verifier' AND active",
    )
    .bind(email)
    .fetch_optional(pool)
    .await
}
