//! Who calls a resource handler: the token's organisation and whether it manages the program
//! (so it reads every organisation's observations and reviews them), and how a path id is read.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use uuid::Uuid;

use super::problem::ApiError;
use crate::auth::{ApiCaller, TokenVerifier};
use crate::domain::Denied;
use crate::error::AppError;
use crate::workflow::reports::review::MANAGING_ROLES;

/// The caller of a resource handler: the token's organisation, and whether it is a program
/// manager's token (its organisation holds a managing role, see `workflow::reports::review`). A
/// manager reads every organisation's observations and reviews them; a tenant reads and
/// writes its own only.
#[derive(Debug, Clone)]
pub struct Principal {
    pub caller: ApiCaller,
    pub manager: bool,
}

impl Principal {
    /// The organisation a read is confined to: the caller's own for a tenant, none for a
    /// manager.
    pub fn read_scope(&self) -> Option<Uuid> {
        (!self.manager).then_some(self.caller.organisation_id)
    }
}

impl<S> FromRequestParts<S> for Principal
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        let caller = api_caller(parts)?;
        // A verifier's token acts for the assurance provider's account, not for its
        // organisation: it lists publications and attests them (`Attester`), nothing else.
        if caller.verifier.is_some() {
            return Err(AppError::Forbidden(Denied::VerifierTokenLimited).into());
        }
        // The organisation's roles came with the token, in the same request: as fresh as a
        // query of its own.
        let manager = MANAGING_ROLES
            .iter()
            .any(|role| caller.organisation_roles.contains(role));
        Ok(Principal { caller, manager })
    }
}

fn api_caller(parts: &Parts) -> Result<ApiCaller, ApiError> {
    Ok(parts
        .extensions
        .get::<ApiCaller>()
        .cloned()
        .ok_or_else(|| AppError::Unauthorized("Send an API token.".into()))?)
}

/// Any token's caller, a verifier's included: for what every token may read (the list of
/// publications, which the public log shows anyway).
#[derive(Debug, Clone, Copy)]
pub struct AnyCaller;

impl<S: Send + Sync> FromRequestParts<S> for AnyCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        api_caller(parts).map(|_| AnyCaller)
    }
}

/// The caller of an attestation: a token issued for an active verifier account. Others
/// get 403.
#[derive(Debug, Clone)]
pub struct Attester {
    pub caller: ApiCaller,
    pub verifier: TokenVerifier,
}

impl<S: Send + Sync> FromRequestParts<S> for Attester {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let caller = api_caller(parts)?;
        let verifier = caller
            .verifier
            .clone()
            .ok_or(AppError::Forbidden(Denied::VerifiersOnly))?;
        Ok(Attester { caller, verifier })
    }
}

/// A path id: one that cannot exist is simply not found, revealing nothing either way.
pub(super) fn parse_id(raw: &str) -> Result<Uuid, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::App(AppError::NotFound(crate::domain::Missing::Observation)))
}
