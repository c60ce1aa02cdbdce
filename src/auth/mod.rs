//! Identity and permission: who is calling (a signed-in user or an API token), what their role
//! allows (one rule, in `policy`), and the protections around it: Argon2 passwords, sessions
//! in PostgreSQL, CSRF tokens, hashed API tokens, sign-in throttling and security headers.

pub mod accounts;
pub mod bearer;
pub mod client;
pub mod csrf;
pub mod edge;
pub mod headers;
pub mod password;
pub mod policy;
pub mod program;
pub mod session;
pub mod throttle;
pub mod token;

use uuid::Uuid;

use crate::domain::{Actor, AuditOrigin, Role, TokenScope};

/// The signed-in user of a browser request, put in the request's extensions by the session
/// middleware.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Set for tenant users only.
    pub organisation_id: Option<Uuid>,
    pub preferred_language: String,
    /// The session's CSRF token, for forms.
    pub csrf_token: String,
    /// Unread notifications (counted with the session, up to just past
    /// `domain::notifications::UNREAD_COUNTED`), for the page header.
    pub unread_notifications: i64,
}

/// The organisation behind an API request, from its bearer token.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub token_id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_code: String,
    pub scope: TokenScope,
    pub label: String,
    /// The roles the organisation holds in the request's program.
    pub organisation_roles: Vec<crate::domain::ProgramRole>,
    /// The program the request reads (`?program=CODE` among the token's, else its first;
    /// see `program::resolve_for_token`); `None` when the organisation is in none.
    pub program: Option<crate::store::program::Program>,
    /// The verifier account the token acts for (an assurance provider's token), if any.
    pub verifier: Option<TokenVerifier>,
}

/// The verifier account a token acts for: attestations made with it carry its name.
#[derive(Debug, Clone)]
pub struct TokenVerifier {
    pub user_id: Uuid,
    pub display_name: String,
}

impl From<crate::store::users::SessionAccount> for CurrentUser {
    fn from(account: crate::store::users::SessionAccount) -> Self {
        CurrentUser {
            id: account.id,
            email: account.email,
            display_name: account.display_name,
            role: account.role,
            organisation_id: account.organisation_id,
            preferred_language: account.preferred_language,
            csrf_token: account.csrf_token,
            unread_notifications: account.unread_notifications,
        }
    }
}

impl From<&CurrentUser> for Actor {
    fn from(user: &CurrentUser) -> Self {
        Actor::User {
            id: user.id,
            label: format!("{} <{}>", user.display_name, user.email),
        }
    }
}

impl From<&ApiCaller> for Actor {
    fn from(caller: &ApiCaller) -> Self {
        Actor::Token {
            id: caller.token_id,
            label: caller.label.clone(),
        }
    }
}

/// The request's id and client address, for the audit entry of whatever the handler writes.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for AuditOrigin {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(AuditOrigin {
            request_id: parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            // Resolved once (trusted proxies considered) by `client::resolve`; the peer when
            // that did not run.
            client_addr: parts
                .extensions
                .get::<client::ClientAddr>()
                .map(|c| c.0.to_string())
                .or_else(|| {
                    parts
                        .extensions
                        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                        .map(|c| c.0.ip().to_string())
                }),
        })
    }
}
