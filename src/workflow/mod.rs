//! The use cases that change what Pilar holds, one module per area, shared by every channel
//! (pages, the REST API, imports): each takes the caller's transaction, applies the rules from
//! `domain/`, writes through `store/` with its audit entry, and says what went wrong as a typed
//! error. Handlers parse and render; they hold no business rule and open no write of their own.
//!
//! May use `domain/`, `store/`, `auth/` (who is acting) and `error`; never `web/` or `api/`.

pub mod flows;
pub mod ghg;
pub mod imports;
pub mod narratives;
pub mod notifications;
pub mod publication;
pub mod reports;
pub mod structure;
