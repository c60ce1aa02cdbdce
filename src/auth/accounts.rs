//! Account operations shared by the command line and the admin pages: creating users,
//! resetting passwords, issuing and revoking API tokens. Each runs in one transaction with its
//! audit entry.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::throttle::{self, SignInVerdict};
use super::{Actor, AuditOrigin, Role, password};
use super::{CurrentUser, token};
use crate::domain::TokenScope;
use crate::error::{AppError, FieldMessage};
use crate::store;
use crate::store::audit::AuditEntry;

/// A user to create, as typed.
#[derive(Debug, Clone)]
pub struct UserInput {
    pub email: String,
    pub display_name: Option<String>,
    pub role: Role,
    pub organisation_code: Option<String>,
    pub preferred_language: String,
    pub password: String,
}

/// Creates a user after checking every field; returns its id.
pub async fn create_user(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    input: UserInput,
) -> Result<Uuid, AppError> {
    let mut errors = Vec::new();
    let email = input.email.trim().to_string();
    if !valid_email(&email) {
        errors.push(FieldMessage::new(
            "email",
            "enter an email address such as name@example.org",
        ));
    }
    if let Err(weak) = password::check_new(&input.password) {
        errors.push(FieldMessage::new("password", weak.to_string()));
    }
    let organisation_id = check_profile(
        pool,
        input.role,
        input.organisation_code.as_deref(),
        &input.preferred_language,
        &mut errors,
    )
    .await?;
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let display_name = input
        .display_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_string());
    let password_hash = password::hash(input.password).await?;
    let new_user = store::users::NewUser {
        email,
        display_name,
        role: input.role,
        organisation_id,
        preferred_language: input.preferred_language,
        password_hash,
    };
    let mut tx = pool.begin().await?;
    let (id, after) = store::users::create(&mut tx, &new_user).await?;
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "create",
            entity: "user",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The checks a user's role, organisation and language pass, on creation and on every edit:
/// a tenant user belongs to an existing organisation and nobody else belongs to one. Returns
/// the organisation's id; problems are added to `errors`.
async fn check_profile(
    pool: &PgPool,
    role: Role,
    organisation_code: Option<&str>,
    preferred_language: &str,
    errors: &mut Vec<FieldMessage>,
) -> Result<Option<Uuid>, AppError> {
    if !matches!(preferred_language, "en" | "id") {
        errors.push(FieldMessage::new(
            "language",
            "choose en (English) or id (Bahasa Indonesia)",
        ));
    }
    let code = organisation_code.map(str::trim).filter(|c| !c.is_empty());
    Ok(match (role, code) {
        (Role::Tenant, Some(code)) => match store::organisations::id_by_code(pool, code).await? {
            Some(id) => Some(id),
            None => {
                errors.push(FieldMessage::new(
                    "organisation",
                    format!("no organisation has the code {code:?}"),
                ));
                None
            }
        },
        (Role::Tenant, None) => {
            errors.push(FieldMessage::new(
                "organisation",
                "a tenant user needs the code of its organisation",
            ));
            None
        }
        (_, Some(_)) => {
            errors.push(FieldMessage::new(
                "organisation",
                "only tenant users belong to an organisation",
            ));
            None
        }
        (_, None) => None,
    })
}

/// What an admin changes of a user, as typed: the profile, and a new password when one is
/// given (empty: unchanged).
#[derive(Debug, Clone)]
pub struct UserEdit {
    pub display_name: String,
    pub role: Role,
    pub organisation_code: Option<String>,
    pub preferred_language: String,
    pub new_password: Option<String>,
    /// The version the admin read; a change made meanwhile is a conflict.
    pub version: i32,
    /// When admins edit themselves: their own session (by id hash), which a new password
    /// leaves open while it ends every other.
    pub keep_session: Option<[u8; 32]>,
}

/// An admin changes a user's name, role, organisation and language, and may set a new password
/// (which ends the user's sessions). One transaction; audited as `update` (and
/// `reset_password` when the password changes), never with the hash.
pub async fn update_user(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    id: Uuid,
    edit: UserEdit,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let display_name = edit.display_name.trim().to_string();
    if display_name.is_empty() {
        errors.push(FieldMessage::new("display_name", "give the user a name"));
    } else if display_name.chars().count() > 200 {
        errors.push(FieldMessage::new(
            "display_name",
            "the name is longer than 200 characters",
        ));
    }
    let new_password = edit.new_password.filter(|p| !p.is_empty());
    if let Some(Err(weak)) = new_password.as_deref().map(password::check_new) {
        errors.push(FieldMessage::new("password", weak.to_string()));
    }
    let organisation_id = check_profile(
        pool,
        edit.role,
        edit.organisation_code.as_deref(),
        &edit.preferred_language,
        &mut errors,
    )
    .await?;
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let password_hash = match new_password {
        Some(p) => Some(password::hash(p).await?),
        None => None,
    };
    let change = store::users::ProfileChange {
        display_name,
        role: edit.role,
        organisation_id,
        preferred_language: edit.preferred_language,
    };
    let mut tx = pool.begin().await?;
    let Some((before, after)) =
        store::users::update_profile(&mut tx, id, edit.version, &change).await?
    else {
        return Err(match store::users::by_id(pool, id).await? {
            Some(_) => AppError::Conflict(
                "Someone changed this user since you opened the form; open it again.".into(),
            ),
            None => AppError::NotFound("This user".into()),
        });
    };
    // Someone must be able to keep users and structure: two admins demoting each other at the
    // same time must not leave none.
    if store::users::active_admins(&mut tx).await? == 0 {
        return Err(AppError::Conflict(
            "Pilar needs at least one active admin; make another user admin first.".into(),
        ));
    }
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "update",
            entity: "user",
            entity_id: Some(id.to_string()),
            before: Some(before),
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    if let Some(hash) = password_hash {
        store::users::set_password_of(&mut tx, id, &hash).await?;
        let ended = match &edit.keep_session {
            Some(keep) => store::users::delete_other_sessions(&mut tx, id, keep).await?,
            None => store::users::delete_sessions_of(&mut tx, id).await?,
        };
        store::audit::record(
            &mut tx,
            actor,
            context,
            AuditEntry {
                action: "reset_password",
                entity: "user",
                entity_id: Some(id.to_string()),
                before: None,
                after: Some(serde_json::json!({ "sessions_ended": ended })),
                reason: None,
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A password change as typed by its owner.
#[derive(Debug, Clone)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
    /// The new password typed a second time.
    pub repeated: String,
}

/// A signed-in person changes their own password: the current one is required, and every other
/// session of theirs ends (the one in use, `session_hash`, stays). Audited as
/// `change_password`.
pub async fn change_own_password(
    pool: &PgPool,
    context: &AuditOrigin,
    user: &CurrentUser,
    session_hash: &[u8; 32],
    change: PasswordChange,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let PasswordChange {
        current,
        new,
        repeated,
    } = change;
    let actor = Actor::from(user);
    let user_id = user.id;
    // Guessing the current password from a hijacked session is throttled like signing in,
    // and counts with the sign-in failures of the same account and address.
    let client = context.client_addr.as_deref().unwrap_or("unknown");
    let since = now - chrono::Duration::from_std(throttle::WINDOW).unwrap_or_default();
    let (account_failures, client_failures) =
        store::users::recent_failures(pool, &user.email, client, since).await?;
    match throttle::sign_in_verdict(account_failures, client_failures) {
        SignInVerdict::Refuse => {
            return Err(AppError::TooManyRequests {
                message: "Too many wrong passwords: try again in 15 minutes.".into(),
                retry_after_secs: throttle::WINDOW.as_secs(),
            });
        }
        SignInVerdict::Proceed { delay } if !delay.is_zero() => tokio::time::sleep(delay).await,
        SignInVerdict::Proceed { .. } => {}
    }
    let stored = store::users::password_hash(pool, user_id).await?;
    let mut errors = Vec::new();
    if !password::verify(current, stored).await {
        store::users::record_failure(pool, &user.email, client, now).await?;
        let mut tx = pool.begin().await?;
        store::audit::record(
            &mut tx,
            &actor,
            context,
            AuditEntry {
                action: "change_password_failed",
                entity: "user",
                entity_id: Some(user_id.to_string()),
                before: None,
                after: None,
                reason: None,
            },
        )
        .await?;
        tx.commit().await?;
        errors.push(FieldMessage::new(
            "current_password",
            "this is not your current password",
        ));
    }
    if let Err(weak) = password::check_new(&new) {
        errors.push(FieldMessage::new("new_password", weak.to_string()));
    } else if new != repeated {
        errors.push(FieldMessage::new(
            "repeat_password",
            "the two new passwords differ",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let hash = password::hash(new).await?;
    let mut tx = pool.begin().await?;
    if !store::users::set_password_of(&mut tx, user_id, &hash).await? {
        return Err(AppError::NotFound("This user".into()));
    }
    let ended = store::users::delete_other_sessions(&mut tx, user_id, session_hash).await?;
    store::audit::record(
        &mut tx,
        &actor,
        context,
        AuditEntry {
            action: "change_password",
            entity: "user",
            entity_id: Some(user_id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "other_sessions_ended": ended })),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password and ends the user's sessions everywhere.
pub async fn reset_password(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    email: &str,
    new_password: String,
) -> Result<(), AppError> {
    password::check_new(&new_password)
        .map_err(|w| AppError::Validation(vec![FieldMessage::new("password", w.to_string())]))?;
    let hash = password::hash(new_password).await?;
    let mut tx = pool.begin().await?;
    let Some(id) = store::users::set_password(&mut tx, email.trim(), &hash).await? else {
        return Err(AppError::NotFound(format!(
            "A user with the email {:?}",
            email.trim()
        )));
    };
    let ended = store::users::delete_sessions_of(&mut tx, id).await?;
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "reset_password",
            entity: "user",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(serde_json::json!({ "sessions_ended": ended })),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Switches an account off (ending its sessions) or on again.
pub async fn set_user_active(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    id: Uuid,
    active: bool,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let Some((before, after)) = store::users::set_active(&mut tx, id, active).await? else {
        return Err(AppError::NotFound("This user".into()));
    };
    if !active {
        store::users::delete_sessions_of(&mut tx, id).await?;
    }
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: if active { "activate" } else { "deactivate" },
            entity: "user",
            entity_id: Some(id.to_string()),
            before: Some(before),
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// An API token to issue, as typed.
#[derive(Debug, Clone)]
pub struct TokenInput {
    pub organisation_code: String,
    pub name: String,
    pub scope: String,
    /// Last day of validity; the token stops working at the end of that day (UTC).
    pub expires_on: Option<NaiveDate>,
}

/// An issued token: its id and the secret, to be shown once.
pub struct IssuedToken {
    pub id: Uuid,
    pub secret: String,
}

/// Issues a token for an organisation.
pub async fn create_token(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    today: NaiveDate,
    input: TokenInput,
) -> Result<IssuedToken, AppError> {
    let mut errors = Vec::new();
    let name = input.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldMessage::new(
            "name",
            "give the token a name of 1 to 100 characters (e.g. \"ERP monthly upload\")",
        ));
    }
    let scope = match input.scope.parse::<TokenScope>() {
        Ok(scope) => Some(scope),
        Err(e) => {
            errors.push(FieldMessage::new("scope", e.to_string()));
            None
        }
    };
    if let Some(day) = input.expires_on
        && day < today
    {
        errors.push(FieldMessage::new(
            "expires",
            "the expiry date is in the past",
        ));
    }
    let code = input.organisation_code.trim();
    let organisation_id = store::organisations::id_by_code(pool, code).await?;
    if organisation_id.is_none() {
        errors.push(FieldMessage::new(
            "organisation",
            format!("no organisation has the code {code:?}"),
        ));
    }
    let (Some(scope), Some(organisation_id), true) = (scope, organisation_id, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
    let expires_at: Option<DateTime<Utc>> = input
        .expires_on
        .and_then(|d| d.succ_opt())
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc());
    let issued = token::generate();
    let mut tx = pool.begin().await?;
    let (id, after) = store::tokens::create(
        &mut tx,
        &store::tokens::NewTokenRow {
            organisation_id,
            name,
            display_prefix: &issued.display_prefix,
            secret_hash: &issued.hash,
            scope,
            created_by: actor.label(),
            expires_at,
        },
    )
    .await?;
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "create",
            entity: "api_token",
            entity_id: Some(id.to_string()),
            before: None,
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(IssuedToken {
        id,
        secret: issued.secret,
    })
}

/// Revokes a live token.
pub async fn revoke_token(
    pool: &PgPool,
    actor: &Actor,
    context: &AuditOrigin,
    id: Uuid,
) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    let Some((before, after)) = store::tokens::revoke(&mut tx, id).await? else {
        return Err(AppError::NotFound("A live token with this id".into()));
    };
    store::audit::record(
        &mut tx,
        actor,
        context,
        AuditEntry {
            action: "revoke",
            entity: "api_token",
            entity_id: Some(id.to_string()),
            before: Some(before),
            after: Some(after),
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// On first start, when no admin exists: create one from the configured email and password,
/// or with a generated password, which is returned to be printed once.
pub async fn ensure_first_admin(
    pool: &PgPool,
    email: Option<&str>,
    configured_password: Option<&str>,
) -> Result<Option<(String, Option<String>)>, AppError> {
    if store::users::has_admin(pool).await? {
        return Ok(None);
    }
    let email = email.unwrap_or("admin@pilar.local").to_string();
    let (password, generated) = match configured_password {
        Some(p) => (p.to_string(), None),
        None => {
            let p = token::random_secret()[..20].to_string();
            (p.clone(), Some(p))
        }
    };
    create_user(
        pool,
        &Actor::System {
            label: "first start".into(),
        },
        &AuditOrigin::default(),
        UserInput {
            email: email.clone(),
            display_name: Some("Administrator".into()),
            role: Role::Admin,
            organisation_code: None,
            preferred_language: "en".into(),
            password,
        },
    )
    .await?;
    Ok(Some((email, generated)))
}

/// The demo users, one per role; their passwords are in the README and are for the demo only.
pub const DEMO_USERS: &[(&str, &str, Role, Option<&str>, &str)] = &[
    (
        "admin@demo.pilar",
        "Demo Admin",
        Role::Admin,
        None,
        "demo-admin-pass",
    ),
    (
        "manager@demo.pilar",
        "Demo Manager (UNIDO)",
        Role::Manager,
        None,
        "demo-manager-pass",
    ),
    (
        "viewer@demo.pilar",
        "Demo Viewer",
        Role::Viewer,
        None,
        "demo-viewer-pass",
    ),
    (
        "tenant@demo.pilar",
        "Demo Tenant (RKEF Smelter A)",
        Role::Tenant,
        Some("DEMO-RKEF-A"),
        "demo-tenant-pass",
    ),
];

/// Adds the demo users that are missing (idempotent).
pub async fn ensure_demo_users(pool: &PgPool) -> Result<usize, AppError> {
    let mut created = 0;
    for (email, name, role, organisation, password) in DEMO_USERS {
        if store::users::credentials(pool, email).await?.is_some() {
            continue;
        }
        create_user(
            pool,
            &Actor::System {
                label: "demo data".into(),
            },
            &AuditOrigin::default(),
            UserInput {
                email: (*email).into(),
                display_name: Some((*name).into()),
                role: *role,
                organisation_code: organisation.map(str::to_string),
                preferred_language: "en".into(),
                password: (*password).into(),
            },
        )
        .await?;
        created += 1;
    }
    Ok(created)
}

fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 254
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>')
        && !domain.contains('@')
}

#[cfg(test)]
mod tests {
    use super::valid_email;

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert!(valid_email("ana@unido.org"));
        assert!(!valid_email("ana"));
        assert!(!valid_email("@unido.org"));
        assert!(!valid_email("ana@localhost"));
        assert!(!valid_email("ana@@unido.org"));
        assert!(!valid_email("a na@unido.org"));
        assert!(!valid_email("<script>@x.org"));
    }
}
