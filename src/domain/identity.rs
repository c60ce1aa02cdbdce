//! Who does something, as the audit log and the workflows record it: an [`Actor`] and the
//! [`AuditOrigin`] of the request. (Roles and token scopes are closed sets, in `kinds`.) How a
//! request proves who it is — sessions, bearer tokens — is `auth/`'s business, not this one's.

use uuid::Uuid;

/// Who did something, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User { id: Uuid, label: String },
    Token { id: Uuid, label: String },
    System { label: String },
}

impl Actor {
    /// The text stored as `audit_event.actor_kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User { .. } => "user",
            Actor::Token { .. } => "token",
            Actor::System { .. } => "system",
        }
    }

    /// How the actor is named in the log and in revisions.
    pub fn label(&self) -> &str {
        match self {
            Actor::User { label, .. } | Actor::Token { label, .. } | Actor::System { label } => {
                label
            }
        }
    }
}

/// Where a change came from besides its actor, kept with every audit entry: the request id
/// (to match the log) and the client's address. Empty for the command line and the seeders.
#[derive(Debug, Clone, Default)]
pub struct AuditOrigin {
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
}
