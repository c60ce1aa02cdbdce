//! Browser sessions: a random id in an `HttpOnly`, `SameSite=Lax` cookie, its SHA-256 hash in
//! PostgreSQL, idle and absolute expiry, a fresh id at every sign-in (no fixation), and the
//! step (`admit`) that turns the cookie into a [`CurrentUser`] and applies the permission rule.
//!
//! A session resolved once is kept in this instance's memory (`cache::sessions`, beside the
//! page cache and on its terms: only while the cache is on and listening), so that the next
//! pages of the same person need no query. It is trusted only while this instance's own view
//! says it is live on the injected clock and its last-seen time was written less than
//! [`TOUCH_EVERY`] ago; otherwise the database decides, as without the memory (so a session
//! another instance kept alive is never refused here). A session that ends or whose account
//! changes is forgotten by the instance that writes it, at once, and by every instance when
//! the notice of migration 0046 arrives (docs/performance.md, "Fifth session").

use crate::cache::PageCache;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use sqlx::PgPool;

use super::policy::{self, Access, Decision};
use super::throttle::{self, SignInVerdict};
use super::{Actor, AuditOrigin, CurrentUser, client, password, token};
use crate::config::SessionSettings;
use crate::domain::Clock;
use crate::error::{AppError, LOCALE};
use crate::i18n::Locale;
use crate::store;
use crate::store::audit::AuditEntry;

/// The session cookie.
pub const COOKIE: &str = "pilar_session";
/// Before sign-in there is no session; the sign-in form's CSRF token lives in this cookie.
pub const PRE_SESSION_CSRF_COOKIE: &str = "pilar_csrf";
/// A session's last-seen time is written at most this often.
const TOUCH_EVERY: Duration = Duration::from_secs(60);

/// The value of one cookie in a request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax`, whole site, `Secure` when configured;
/// `max_age` 0 deletes the cookie.
pub fn set_cookie(name: &str, value: &str, max_age: Duration, secure: bool) -> HeaderValue {
    set_cookie_on(name, value, "/", max_age, secure)
}

/// A `Set-Cookie` value like [`set_cookie`], sent back only to `path` and its sub-paths (for a
/// value that one page reads once, such as a new API token between a POST and its redirect).
pub fn set_cookie_on(
    name: &str,
    value: &str,
    path: &str,
    max_age: Duration,
    secure: bool,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        max_age.as_secs()
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// Resolves the session cookie and applies the permission rule before any page handler runs:
/// the request to hand on (with its [`CurrentUser`], if signed in), or the answer instead of
/// it (a redirect to sign in, 403). API paths pass through: they authenticate with bearer
/// tokens (see `api`). A plain step rather than a layer of its own: `app.rs` calls it from the
/// one layer that admits requests.
pub async fn admit(
    pool: &PgPool,
    clock: &Clock,
    settings: &SessionSettings,
    cache: &PageCache,
    mut req: Request,
) -> Result<Request, Response> {
    let path = req.uri().path();
    let access = policy::access_for(path);
    let needs_program = access != Access::Public || path == "/public";
    if access == Access::Api {
        return Ok(req);
    }
    let user = match cookie(req.headers(), COOKIE) {
        Some(secret) => match current_user(pool, clock, settings, cache, secret).await {
            Ok(user) => user,
            Err(err) => return Err(err.into_response()),
        },
        None => None,
    };
    match policy::decide(user.as_ref().map(|u| u.role), access, settings.public_view) {
        Decision::Allow => {
            // The request's program, among those the person may enter (403 for another).
            // Pages for anyone (sign-in, assets, health) need none.
            if needs_program {
                let scope = match super::program::resolve(
                    pool,
                    cache,
                    clock.today(),
                    user.as_ref(),
                    req.uri(),
                    req.headers(),
                )
                .await
                {
                    Ok(scope) => scope,
                    Err(err) => {
                        return Err(match &user {
                            Some(user) => {
                                let locale = account_locale(&req, user);
                                LOCALE.scope(locale, async { err.into_response() }).await
                            }
                            None => err.into_response(),
                        });
                    }
                };
                req.extensions_mut().insert(scope);
            }
            if let Some(user) = user {
                req.extensions_mut().insert(user);
            }
            Ok(req)
        }
        Decision::SignIn => {
            let target = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let next_param = if target == "/" {
                String::new()
            } else {
                format!("?next={}", urlencode(target))
            };
            Err(Redirect::to(&format!("/login{next_param}")).into_response())
        }
        Decision::TenantHome => Err(Redirect::to(policy::TENANT_HOME).into_response()),
        Decision::VerifierHome => Err(Redirect::to(policy::VERIFIER_HOME).into_response()),
        Decision::Forbidden => {
            let refused = AppError::Forbidden(crate::domain::Denied::NoAccess);
            Err(match &user {
                // Refused before the page would choose its language: the account's language
                // counts here too (after `?lang=` and the cookie, before the browser's).
                Some(user) => {
                    let locale = account_locale(&req, user);
                    LOCALE
                        .scope(locale, async { refused.into_response() })
                        .await
                }
                None => refused.into_response(),
            })
        }
    }
}

/// The request's language with the signed-in user's preference, as the pages choose it.
fn account_locale(req: &Request, user: &CurrentUser) -> Locale {
    let query = req.uri().query().and_then(|q| {
        q.split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == "lang")
            .map(|(_, value)| value)
    });
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Locale::choose(
        query,
        cookie(req.headers(), "lang"),
        accept,
        Some(user.preferred_language.as_str()),
    )
}

/// What this instance keeps of a live session: the request's user and the session's times.
struct KnownSession {
    user: CurrentUser,
    expires_at: DateTime<Utc>,
    last_seen: DateTime<Utc>,
}

/// The user of a live session, touching it when it was last seen a while ago: from this
/// instance's memory when it knows the session and its last touch is recent, else from the
/// database (and kept).
async fn current_user(
    pool: &PgPool,
    clock: &Clock,
    settings: &SessionSettings,
    cache: &PageCache,
    secret: &str,
) -> Result<Option<CurrentUser>, AppError> {
    let id_hash = token::hash(secret);
    let now = clock.now();
    let idle_since = now - chrono::Duration::from_std(settings.idle_timeout).unwrap_or_default();
    let touch_since = now - chrono::Duration::from_std(TOUCH_EVERY).unwrap_or_default();
    let known = cache.session::<KnownSession>(&id_hash);
    if let Some(known) = &known {
        // Judged on this request's clock, as the query judges: a session this instance saw
        // less than `TOUCH_EVERY` ago needs no touch yet. One it thinks idle or due a touch is
        // asked for: another instance may have kept it alive.
        if known.expires_at > now && known.last_seen > idle_since && known.last_seen >= touch_since
        {
            return Ok(Some(known.user.clone()));
        }
    }
    // Taken before the read: a notice heard during it keeps what was read from being kept.
    let stamp = cache.session_stamp();
    let Some(live) = store::users::session_user(pool, &id_hash, now, idle_since).await? else {
        // Only a session that was kept: unknown cookies must not disturb the stamp.
        if known.is_some() {
            cache.forget_session(&id_hash);
        }
        return Ok(None);
    };
    let mut last_seen = live.last_seen_at;
    if last_seen < touch_since {
        store::users::touch_session(pool, &id_hash, now).await?;
        last_seen = now;
    }
    let user = CurrentUser::from(live.account);
    cache.keep_session(
        id_hash,
        user.id,
        stamp,
        std::sync::Arc::new(KnownSession {
            user: user.clone(),
            expires_at: live.expires_at,
            last_seen,
        }),
    );
    Ok(Some(user))
}

/// A successful sign-in: the cookies to set — the session's, and the one that makes this
/// browser known to the account (see `client::DEVICE_COOKIE`).
pub struct SignedIn {
    pub set_cookie: HeaderValue,
    pub device_cookie: HeaderValue,
}

/// Why a sign-in failed: always the same message for a wrong email and a wrong password.
#[derive(Debug)]
pub enum SignInError {
    WrongCredentials,
    Throttled,
    /// The right password, but the account's organisation is archived.
    OrganisationArchived,
    Other(AppError),
}

impl From<sqlx::Error> for SignInError {
    fn from(err: sqlx::Error) -> Self {
        SignInError::Other(err.into())
    }
}

/// Checks the credentials (throttled per account and client, see `throttle`) and opens a new
/// session with a new id. `device` is the browser's device cookie, if it sent one. Every
/// attempt is audited.
#[allow(clippy::too_many_arguments)]
pub async fn sign_in(
    pool: &PgPool,
    clock: &Clock,
    settings: &SessionSettings,
    context: &AuditOrigin,
    user_agent: Option<&str>,
    device: Option<&str>,
    email: &str,
    password: &str,
) -> Result<SignedIn, SignInError> {
    let email = email.trim();
    let client = context
        .client_addr
        .clone()
        .unwrap_or_else(|| "unknown".into());
    let now = clock.now();
    let since = now - chrono::Duration::from_std(throttle::WINDOW).unwrap_or_default();
    let device = device.filter(|d| client::well_formed_device(d));
    let device_hash = device.map(token::hash);
    let known_hash = match &device_hash {
        Some(hash) if store::sign_in::is_known_device(pool, email, hash).await? => Some(*hash),
        _ => None,
    };
    let counted =
        store::sign_in::recent_failures(pool, email, &client, known_hash.as_ref(), since).await?;
    let failures = throttle::Failures {
        pair: counted.pair,
        account: counted.account,
        client: counted.client,
    };
    match throttle::sign_in_verdict_for(failures, known_hash.is_some()) {
        SignInVerdict::Refuse => {
            tracing::warn!(%client, "sign-in refused: too many failures");
            return Err(SignInError::Throttled);
        }
        SignInVerdict::Proceed { delay } if !delay.is_zero() => tokio::time::sleep(delay).await,
        SignInVerdict::Proceed { .. } => {}
    }

    let credentials = store::users::credentials(pool, email).await?;
    let hash = credentials.as_ref().map(|c| c.password_hash.clone());
    let matches = password::verify(password.to_string(), hash).await;
    let credentials = match credentials {
        Some(c) if matches && c.active => c,
        _ => {
            store::sign_in::record_failure(pool, email, &client, known_hash.as_ref(), now).await?;
            let mut tx = pool.begin().await?;
            store::audit::record(
                &mut tx,
                &Actor::System {
                    label: "sign-in".into(),
                },
                context,
                AuditEntry {
                    action: "sign_in_failed",
                    entity: "user",
                    entity_id: Some(email.to_lowercase()),
                    before: None,
                    after: None,
                    reason: None,
                },
            )
            .await?;
            tx.commit().await?;
            tracing::warn!(%client, "sign-in failed");
            return Err(SignInError::WrongCredentials);
        }
    };

    if credentials.organisation_archived {
        let mut tx = pool.begin().await?;
        store::audit::record(
            &mut tx,
            &Actor::System {
                label: "sign-in".into(),
            },
            context,
            AuditEntry {
                action: "sign_in_refused",
                entity: "user",
                entity_id: Some(credentials.id.to_string()),
                before: None,
                after: None,
                reason: Some("organisation archived"),
            },
        )
        .await?;
        tx.commit().await?;
        return Err(SignInError::OrganisationArchived);
    }

    let secret = token::random_secret();
    let expires_at =
        now + chrono::Duration::from_std(settings.absolute_timeout).unwrap_or_default();
    let mut tx = pool.begin().await?;
    store::users::clear_failures(&mut tx, email).await?;
    store::users::create_session(
        &mut tx,
        &store::users::NewSession {
            id_hash: &token::hash(&secret),
            user_id: credentials.id,
            csrf_token: &token::random_secret(),
            created_at: now,
            expires_at,
            client_addr: context.client_addr.as_deref(),
            user_agent,
        },
    )
    .await?;
    store::users::record_login(&mut tx, credentials.id, now).await?;
    // This browser is known to the account from now on (its cookie kept, or a new one).
    let device_secret = device.map_or_else(token::random_secret, str::to_string);
    store::sign_in::remember_device(&mut tx, credentials.id, &token::hash(&device_secret), now)
        .await?;
    store::audit::record(
        &mut tx,
        &Actor::User {
            id: credentials.id,
            label: email.to_lowercase(),
        },
        context,
        AuditEntry {
            action: "sign_in",
            entity: "user",
            entity_id: Some(credentials.id.to_string()),
            before: None,
            after: None,
            reason: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(SignedIn {
        set_cookie: set_cookie(
            COOKIE,
            &secret,
            settings.absolute_timeout,
            settings.secure_cookies,
        ),
        device_cookie: set_cookie(
            client::DEVICE_COOKIE,
            &device_secret,
            client::DEVICE_COOKIE_MAX_AGE,
            settings.secure_cookies,
        ),
    })
}

/// Ends the request's session (if any); returns the cookie that clears it in the browser. This
/// instance forgets it once the deletion has committed; the others when its notice arrives.
pub async fn sign_out(
    pool: &PgPool,
    settings: &SessionSettings,
    cache: &PageCache,
    headers: &HeaderMap,
    context: &AuditOrigin,
) -> Result<HeaderValue, AppError> {
    if let Some(secret) = cookie(headers, COOKIE) {
        let id_hash = token::hash(secret);
        let mut tx = pool.begin().await?;
        if let Some(user_id) = store::users::delete_session(&mut tx, &id_hash).await? {
            store::audit::record(
                &mut tx,
                &Actor::User {
                    id: user_id,
                    label: user_id.to_string(),
                },
                context,
                AuditEntry {
                    action: "sign_out",
                    entity: "user",
                    entity_id: Some(user_id.to_string()),
                    before: None,
                    after: None,
                    reason: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        cache.forget_session(&id_hash);
    }
    Ok(set_cookie(
        COOKIE,
        "",
        Duration::ZERO,
        settings.secure_cookies,
    ))
}

/// Percent-encodes a path for a query parameter.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// Where to go after signing in: only a path on this site, never another site (no open
/// redirect); anything else goes to the home page.
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(crate::domain::web_address::local_path)
        .unwrap_or_else(|| "/".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_read_by_name() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; pilar_session=abc; b=2"),
        );
        assert_eq!(cookie(&headers, COOKIE), Some("abc"));
        assert_eq!(cookie(&headers, "b"), Some("2"));
        assert_eq!(cookie(&headers, "missing"), None);
    }

    #[test]
    fn session_cookies_are_http_only_and_same_site() {
        let value = set_cookie(COOKIE, "xyz", Duration::from_secs(60), true);
        let text = value.to_str().unwrap();
        assert!(
            text.contains("HttpOnly") && text.contains("SameSite=Lax") && text.contains("Secure")
        );
        assert!(
            !set_cookie(COOKIE, "xyz", Duration::from_secs(60), false)
                .to_str()
                .unwrap()
                .contains("Secure")
        );
    }

    #[test]
    fn next_is_a_local_path_only() {
        assert_eq!(safe_next(Some("/pillars/CE")), "/pillars/CE");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
