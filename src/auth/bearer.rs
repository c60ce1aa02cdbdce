//! API authentication: `Authorization: Bearer pilar_…` becomes the [`ApiCaller`] of the
//! request, beside the session check that does the same for browsers (`session`). It knows the
//! token's organisation and scope; what the caller may then read is the API's business.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

use super::{ApiCaller, policy, token};
use crate::cache::PageCache;
use crate::domain::Clock;
use crate::error::AppError;
use crate::rate_limit::ApiRateLimiter;
use crate::store;

/// Turns `Authorization: Bearer …` into an [`ApiCaller`]: 401 for a missing, malformed,
/// unknown, expired or revoked token; 429 over budget (every request of a valid token counts,
/// a forbidden one too); 403 for a read token on a write.
pub async fn authenticate(
    State(pool): State<PgPool>,
    State(clock): State<Clock>,
    State(limiter): State<Arc<ApiRateLimiter>>,
    State(cache): State<Arc<PageCache>>,
    mut req: Request,
    next: Next,
) -> Response {
    let authorization = req.headers().get(header::AUTHORIZATION).cloned();
    let caller = match caller(&pool, &clock, authorization).await {
        Ok(caller) => caller,
        Err(err) => return err.into_response(),
    };
    // One round trip: the budget shared by every instance, and the token's "last used".
    let left = match store::tokens::take_request(
        &pool,
        caller.token_id,
        clock.now(),
        limiter.capacity(),
        limiter.refill_per_second(),
    )
    .await
    {
        Ok(left) => left,
        Err(err) => return AppError::from(err).into_response(),
    };
    if let Err(retry_after_secs) = limiter.verdict(left.granted, left.tokens) {
        return AppError::TooManyRequests {
            message: "This token has used its request budget; slow down and retry after the given seconds.".into(),
            retry_after_secs,
        }
        .into_response();
    }
    if !policy::decide_api(caller.scope, req.method()) {
        return AppError::Forbidden(crate::domain::Denied::ReadOnlyToken).into_response();
    }
    // Rights are per program: the token reads the program asked for if its organisation is
    // in it, and manages it only if it holds a managing role there.
    let mut caller = caller;
    let any_program = match super::program::resolve_for_token(
        &pool,
        &cache,
        clock.today(),
        caller.organisation_id,
        caller.verifier.is_some(),
        req.uri(),
    )
    .await
    {
        Ok((program, roles, any)) => {
            caller.program = program;
            caller.organisation_roles = roles;
            any
        }
        Err(err) => return err.into_response(),
    };
    let scope = super::program::ProgramScope {
        any: any_program,
        open: caller.program.iter().cloned().collect(),
        current: caller.program.clone(),
        asked: false,
    };
    req.extensions_mut().insert(caller);
    super::program::within(Some(scope), next.run(req)).await
}

async fn caller(
    pool: &PgPool,
    clock: &Clock,
    authorization: Option<HeaderValue>,
) -> Result<ApiCaller, AppError> {
    let header = authorization.ok_or_else(|| {
        AppError::Unauthorized("Send an API token: Authorization: Bearer pilar_…".into())
    })?;
    let presented = header
        .to_str()
        .ok()
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| token::well_formed(t))
        .ok_or_else(|| {
            AppError::Unauthorized("The Authorization header is not a Pilar bearer token.".into())
        })?;
    let grant = store::tokens::by_hash(pool, &token::hash(presented))
        .await?
        .ok_or_else(|| AppError::Unauthorized("This token is not known.".into()))?;
    if grant.revoked_at.is_some() {
        return Err(AppError::Unauthorized(
            "This token has been revoked.".into(),
        ));
    }
    if grant.organisation_archived {
        return Err(AppError::Unauthorized(
            "This token's organisation is archived.".into(),
        ));
    }
    let now = clock.now();
    if grant.expires_at.is_some_and(|at| at <= now) {
        return Err(AppError::Unauthorized("This token has expired.".into()));
    }
    // A verifier's token works while its account is an active verifier.
    let verifier = match grant.account {
        Some(account) if !account.active_verifier => {
            return Err(AppError::Unauthorized(
                "This token's verifier account is deactivated or no longer a verifier.".into(),
            ));
        }
        Some(account) => Some(super::TokenVerifier {
            user_id: account.user_id,
            display_name: account.display_name,
        }),
        None => None,
    };
    let label = match &verifier {
        Some(v) => format!(
            "token {} ({}, for {})",
            grant.name, grant.organisation_code, v.display_name
        ),
        None => format!("token {} ({})", grant.name, grant.organisation_code),
    };
    Ok(ApiCaller {
        token_id: grant.id,
        organisation_id: grant.organisation_id,
        label,
        organisation_code: grant.organisation_code,
        scope: grant.scope,
        organisation_roles: grant.organisation_roles,
        program: None,
        verifier,
    })
}
