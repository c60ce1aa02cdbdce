//! Identity and permission: who is calling (a signed-in user or an API token), what their role
//! allows (one rule, in `policy`), and the protections around it: Argon2 passwords, sessions
//! in PostgreSQL, CSRF tokens, hashed API tokens, sign-in throttling and security headers.

pub mod accounts;
pub mod csrf;
pub mod headers;
pub mod password;
pub mod policy;
pub mod session;
pub mod throttle;
pub mod token;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use uuid::Uuid;

/// What a user may do, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads every dashboard; changes nothing.
    Viewer,
    /// Bound to one organisation: reads and reports its own figures only.
    Tenant,
    /// Reads everything; reviews reports and keeps milestones.
    Manager,
    /// Everything, including structure, users and tokens.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Viewer, Role::Tenant, Role::Manager, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Tenant => "tenant",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A role name that is not one of ours.
#[derive(Debug, thiserror::Error)]
#[error("unknown role {0:?} (expected admin, manager, tenant or viewer)")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_string()))
    }
}

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
}

/// The organisation behind an API request, from its bearer token.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub token_id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_code: String,
    pub scope: token::Scope,
    pub label: String,
}

/// Who did something, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User { id: Uuid, label: String },
    Token { id: Uuid, label: String },
    System { label: String },
}

impl Actor {
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User { .. } => "user",
            Actor::Token { .. } => "token",
            Actor::System { .. } => "system",
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Actor::User { label, .. } | Actor::Token { label, .. } | Actor::System { label } => {
                label
            }
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

/// The request facts every audit entry carries besides the actor. Extract it in a handler.
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for RequestContext {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(RequestContext {
            request_id: parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            client_addr: parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string()),
        })
    }
}
