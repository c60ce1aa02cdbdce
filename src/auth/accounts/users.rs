//! Users: creating them, an admin's edit, a person changing their own password, resets,
//! (de)activation, the first admin and the demo users. Each runs in one transaction with its
//! audit entry. Problems with the input are [`AccountProblem`]s, worded by the caller; no
//! HTML, no HTTP.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use super::rules::{AccountError, check_password, valid_email};
use crate::auth::throttle::{self, SignInVerdict};
use crate::auth::{Actor, AuditOrigin, CurrentUser, Role, password, token};
use crate::domain::accounts::{AccountFieldProblem, AccountProblem, USER_NAME_MAX_CHARS};
use crate::error::AppError;
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
) -> Result<Uuid, AccountError> {
    let mut errors = Vec::new();
    let email = input.email.trim().to_string();
    if !valid_email(&email) {
        errors.push(AccountFieldProblem::new("email", AccountProblem::Email));
    }
    if let Err(weak) = check_password(&input.password) {
        errors.push(AccountFieldProblem::new("password", weak));
    }
    // The same bound as an admin's edit: a name beyond it was stored on creation only.
    if input
        .display_name
        .as_deref()
        .is_some_and(|n| n.trim().chars().count() > USER_NAME_MAX_CHARS)
    {
        errors.push(AccountFieldProblem::new(
            "display_name",
            AccountProblem::NameTooLong {
                max: USER_NAME_MAX_CHARS,
            },
        ));
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
        return Err(AccountError::Invalid(errors));
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
    // Rights are per program (`policy::may_enter_program`): a new manager or viewer starts in
    // the installation's first program, as before there were several; the users page grants
    // others.
    if matches!(new_user.role, Role::Manager | Role::Viewer) {
        store::program::grant_first_program(&mut tx, id).await?;
    }
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
    errors: &mut Vec<AccountFieldProblem>,
) -> Result<Option<Uuid>, AppError> {
    if !matches!(preferred_language, "en" | "id") {
        errors.push(AccountFieldProblem::new(
            "language",
            AccountProblem::Language,
        ));
    }
    let code = organisation_code.map(str::trim).filter(|c| !c.is_empty());
    Ok(match (role, code) {
        (Role::Tenant, Some(code)) => match store::organisations::id_by_code(pool, code).await? {
            Some(id) => Some(id),
            None => {
                errors.push(AccountFieldProblem::new(
                    "organisation",
                    AccountProblem::NoSuchOrganisation {
                        code: code.to_string(),
                    },
                ));
                None
            }
        },
        (Role::Tenant, None) => {
            errors.push(AccountFieldProblem::new(
                "organisation",
                AccountProblem::OrganisationNeeded,
            ));
            None
        }
        (_, Some(_)) => {
            errors.push(AccountFieldProblem::new(
                "organisation",
                AccountProblem::OrganisationOnlyForTenants,
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
) -> Result<(), AccountError> {
    let mut errors = Vec::new();
    let display_name = edit.display_name.trim().to_string();
    if display_name.is_empty() {
        errors.push(AccountFieldProblem::new(
            "display_name",
            AccountProblem::NameRequired,
        ));
    } else if display_name.chars().count() > USER_NAME_MAX_CHARS {
        errors.push(AccountFieldProblem::new(
            "display_name",
            AccountProblem::NameTooLong {
                max: USER_NAME_MAX_CHARS,
            },
        ));
    }
    let new_password = edit.new_password.filter(|p| !p.is_empty());
    if let Some(Err(weak)) = new_password.as_deref().map(check_password) {
        errors.push(AccountFieldProblem::new("password", weak));
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
        return Err(AccountError::Invalid(errors));
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
            Some(_) => AppError::Conflict(crate::domain::Clash::UserChanged),
            None => AppError::NotFound(crate::domain::Missing::User),
        }
        .into());
    };
    // Someone must be able to keep users and structure: two admins demoting each other at the
    // same time must not leave none.
    if store::users::active_admins(&mut tx).await? == 0 {
        return Err(AppError::Conflict(crate::domain::Clash::LastAdmin).into());
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
        store::notifications::record_account_notice(
            &mut tx,
            id,
            crate::domain::kinds::NotificationKind::PasswordChanged,
            serde_json::json!({}),
            None,
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
/// `change_password`. `device` is the browser's device cookie, if it sent one: wrong guesses
/// are throttled per (account, client) like sign-in, so nobody else's failures can stop the
/// owner's browser from changing the password.
#[allow(clippy::too_many_arguments)]
pub async fn change_own_password(
    pool: &PgPool,
    context: &AuditOrigin,
    user: &CurrentUser,
    session_hash: &[u8; 32],
    device: Option<&str>,
    change: PasswordChange,
    now: DateTime<Utc>,
) -> Result<(), AccountError> {
    let PasswordChange {
        current,
        new,
        repeated,
    } = change;
    let actor = Actor::from(user);
    let user_id = user.id;
    // Guessing the current password from a hijacked session is throttled like signing in, and
    // counts with the sign-in failures of the same account: per (account, client) pair — the
    // browser known to the account, else the address — with the account's and the address's
    // brakes holding back unknown clients only.
    let client = context.client_addr.as_deref().unwrap_or("unknown");
    let since = now - chrono::Duration::from_std(throttle::WINDOW).unwrap_or_default();
    let device_hash = device
        .filter(|d| crate::auth::client::well_formed_device(d))
        .map(token::hash);
    let known_hash = match &device_hash {
        Some(hash) if store::sign_in::is_known_device(pool, &user.email, hash).await? => {
            Some(*hash)
        }
        _ => None,
    };
    let counted =
        store::sign_in::recent_failures(pool, &user.email, client, known_hash.as_ref(), since)
            .await?;
    let failures = throttle::Failures {
        pair: counted.pair,
        account: counted.account,
        client: counted.client,
    };
    match throttle::sign_in_verdict_for(failures, known_hash.is_some()) {
        SignInVerdict::Refuse => {
            return Err(AppError::TooManyRequests {
                message: "Too many wrong passwords: try again in 15 minutes.".into(),
                retry_after_secs: throttle::WINDOW.as_secs(),
            }
            .into());
        }
        SignInVerdict::Proceed { delay } if !delay.is_zero() => tokio::time::sleep(delay).await,
        SignInVerdict::Proceed { .. } => {}
    }
    let stored = store::users::password_hash(pool, user_id).await?;
    let mut errors = Vec::new();
    if !password::verify(current, stored).await {
        store::sign_in::record_failure(pool, &user.email, client, known_hash.as_ref(), now).await?;
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
        errors.push(AccountFieldProblem::new(
            "current_password",
            AccountProblem::WrongCurrentPassword,
        ));
    }
    if let Err(weak) = check_password(&new) {
        errors.push(AccountFieldProblem::new("new_password", weak));
    } else if new != repeated {
        errors.push(AccountFieldProblem::new(
            "repeat_password",
            AccountProblem::PasswordsDiffer,
        ));
    }
    if !errors.is_empty() {
        return Err(AccountError::Invalid(errors));
    }
    let hash = password::hash(new).await?;
    let mut tx = pool.begin().await?;
    if !store::users::set_password_of(&mut tx, user_id, &hash).await? {
        return Err(AppError::NotFound(crate::domain::Missing::User).into());
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
    store::notifications::record_account_notice(
        &mut tx,
        user_id,
        crate::domain::kinds::NotificationKind::PasswordChanged,
        serde_json::json!({}),
        Some(now),
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
) -> Result<(), AccountError> {
    check_password(&new_password)
        .map_err(|weak| AccountError::Invalid(vec![AccountFieldProblem::new("password", weak)]))?;
    let hash = password::hash(new_password).await?;
    let mut tx = pool.begin().await?;
    let Some(id) = store::users::set_password(&mut tx, email.trim(), &hash).await? else {
        return Err(AppError::NotFound(crate::domain::Missing::UserWithEmail(
            email.trim().to_string(),
        ))
        .into());
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
    store::notifications::record_account_notice(
        &mut tx,
        id,
        crate::domain::kinds::NotificationKind::PasswordChanged,
        serde_json::json!({}),
        None,
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
) -> Result<(), AccountError> {
    let mut tx = pool.begin().await?;
    let Some((before, after)) = store::users::set_active(&mut tx, id, active).await? else {
        return Err(AppError::NotFound(crate::domain::Missing::User).into());
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
    (
        "imip.manager@demo.pilar",
        "Demo Manager (IMIP)",
        Role::Manager,
        None,
        "demo-imip-manager-pass",
    ),
    (
        "imip.tenant@demo.pilar",
        "Demo Tenant (IMIP Smelter M)",
        Role::Tenant,
        Some("DEMO-IMIP-RKEF-M"),
        "demo-imip-tenant-pass",
    ),
];

/// The demo users who work in another program than the first: the IMIP program's manager.
/// (The demo admin, global, enters both; the other demo users stay with IWIP.)
const DEMO_GRANTS: &[(&str, &[&str])] = &[("imip.manager@demo.pilar", &["IMIP-P1"])];

/// Adds the demo users that are missing, and their demo notifications (idempotent).
pub async fn ensure_demo_users(pool: &PgPool) -> Result<usize, AppError> {
    let mut created = 0;
    for (email, name, role, organisation, password) in DEMO_USERS {
        if store::users::credentials(pool, email).await?.is_some() {
            continue;
        }
        let user = create_user(
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
        if let Some((_, programs)) = DEMO_GRANTS.iter().find(|(e, _)| e == email) {
            let codes: Vec<String> = programs.iter().map(|c| (*c).to_string()).collect();
            let mut conn = pool.acquire().await?;
            store::program::set_granted(&mut conn, user, &codes).await?;
        }
        created += 1;
    }
    // Their notifications, so that the notifications page and the header's count show
    // something in the demo (once: a second run adds nothing).
    let emails: Vec<&str> = DEMO_USERS.iter().map(|(email, ..)| *email).collect();
    let mut conn = pool.acquire().await?;
    store::notifications::record_demo_notifications(
        &mut conn,
        &emails,
        &store::notifications::DemoMoments::of_demo(),
    )
    .await?;
    Ok(created)
}
