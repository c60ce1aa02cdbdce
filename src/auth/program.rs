//! The program a request is about. One installation serves several parks' programs; every
//! page, file and API call reads one of them. The program is `?program=CODE` when given
//! (remembered in the `program` cookie, like the language), else the remembered choice, else
//! the caller's first program; it must be one the caller may enter
//! ([`policy::may_enter_program`], [`policy::choose_program`]), else 403. Without
//! `?program=` a single-program installation, and every existing address, reads as before.
//!
//! Browser requests are resolved by the session step (`session::admit`), API requests by the
//! bearer step (`bearer::authenticate`); handlers take [`CurrentProgram`] (or the whole
//! [`ProgramScope`] where "no program yet" is a page of its own).

use std::sync::Arc;

use crate::cache::{PageCache, Scope};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Uri};
use chrono::NaiveDate;
use sqlx::PgPool;

use super::{CurrentUser, policy};
use crate::domain::{Denied, Missing, ProgramRole};
use crate::error::AppError;
use crate::store;
use crate::store::program::Program;

/// The query parameter and the cookie that choose the program.
pub const PROGRAM_PARAM: &str = "program";
/// A year, like the language's cookie.
const PROGRAM_COOKIE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// The programs a browser request may read and the one it reads.
#[derive(Debug, Clone, Default)]
pub struct ProgramScope {
    /// The request's program (`None`: no program exists, or none is open to the caller).
    pub current: Option<Program>,
    /// The programs open to the caller, earliest first (the layout's switcher lists them).
    pub open: Vec<Program>,
    /// Whether the installation holds any program (none open then means none of theirs).
    pub any: bool,
    /// `?program=` chose it: the answer remembers the choice in a cookie.
    pub asked: bool,
}

impl ProgramScope {
    /// The request's program, or why there is none: 403 when programs exist but none is
    /// the caller's, 404 on an installation with no program yet.
    pub fn program(&self) -> Result<&Program, AppError> {
        match &self.current {
            Some(program) => Ok(program),
            None if self.any => Err(AppError::Forbidden(Denied::OtherProgram)),
            None => Err(AppError::NotFound(Missing::Program)),
        }
    }
}

tokio::task_local! {
    /// The request's programs, fixed once per request (like the language, `error::LOCALE`)
    /// by the admit step for pages and by the bearer step for the API, around the handler:
    /// the handler, its helpers and the page cache's loaders read the same program through
    /// [`current`] and no helper can pick another.
    static SCOPE: ProgramScope;
}

/// Runs `answer` (the rest of the request) with `scope` as the request's programs.
pub async fn within<F: std::future::Future>(scope: Option<ProgramScope>, answer: F) -> F::Output {
    match scope {
        Some(scope) => SCOPE.scope(scope, answer).await,
        None => answer.await,
    }
}

/// The request's programs (empty outside a request: no program is open then).
pub fn scope() -> ProgramScope {
    SCOPE.try_with(Clone::clone).unwrap_or_default()
}

/// The request's program: `Ok(None)` before any program exists (pages then say so), 403
/// when programs exist but none is open to the caller.
pub fn current() -> Result<Option<Program>, AppError> {
    with_current(|program| program.cloned())
}

/// `f` of the request's program (as [`current`] finds it), read in place: a page reads it
/// several times a request, and [`scope`] copies every program open to the caller.
pub fn with_current<T>(f: impl FnOnce(Option<&Program>) -> T) -> Result<T, AppError> {
    fn found(scope: &ProgramScope) -> Result<Option<&Program>, AppError> {
        match scope.program() {
            Ok(program) => Ok(Some(program)),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(err) => Err(err),
        }
    }
    let mut f = Some(f);
    let mut apply = |scope: &ProgramScope| {
        found(scope).map(|program| f.take().map(|f| f(program)).expect("called once"))
    };
    match SCOPE.try_with(|scope| apply(scope)) {
        Ok(result) => result,
        // Outside a request: no program (as `scope`'s default says).
        Err(_) => apply(&ProgramScope::default()),
    }
}

/// The value of a query parameter (program codes are plain ASCII: no decoding needed).
fn query_param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The value of a cookie (the session step reads its own; this module may not import it,
/// which calls [`resolve`]).
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

/// What ties a person or an organisation to each program. It changes only with the
/// structure (programs, roles, assignments, grants: every one of those tables notifies), so it
/// is kept with the structure's facts instead of queried on every request, for pages and API
/// tokens alike.
async fn ties(
    pool: &PgPool,
    cache: &PageCache,
    today: NaiveDate,
    user_id: Option<uuid::Uuid>,
    organisation_id: Option<uuid::Uuid>,
) -> Result<Arc<Vec<store::program::ProgramTie>>, AppError> {
    let key = format!("program-ties:{user_id:?}:{organisation_id:?}");
    cache
        .get_or_load_in(&key, Scope::Structure, today, || async {
            Ok(store::program::program_ties(pool, user_id, organisation_id).await?)
        })
        .await
}

/// Resolves the program of a browser request for `user` (`None`: not signed in, who reads
/// the first program only, as the public view always did).
pub async fn resolve(
    pool: &PgPool,
    cache: &PageCache,
    today: NaiveDate,
    user: Option<&CurrentUser>,
    uri: &Uri,
    headers: &HeaderMap,
) -> Result<ProgramScope, AppError> {
    let (user_id, organisation_id) = (user.map(|u| u.id), user.and_then(|u| u.organisation_id));
    let ties = ties(pool, cache, today, user_id, organisation_id).await?;
    let any = !ties.is_empty();
    let open: Vec<Program> = match user {
        Some(user) => ties
            .iter()
            .filter(|t| {
                let reports = t.assigned || t.roles.contains(&ProgramRole::ReportingTenant);
                policy::may_enter_program(user.role, t.granted, reports)
            })
            .map(|t| t.program.clone())
            .collect(),
        None => ties.iter().take(1).map(|t| t.program.clone()).collect(),
    };
    let asked = query_param(uri.query(), PROGRAM_PARAM).filter(|c| !c.is_empty());
    let codes: Vec<&str> = open.iter().map(|p| p.code.as_str()).collect();
    let chosen = policy::choose_program(&codes, asked, cookie(headers, PROGRAM_PARAM))
        .map_err(AppError::Forbidden)?
        .map(str::to_string);
    let current = chosen.and_then(|code| open.iter().find(|p| p.code == code).cloned());
    Ok(ProgramScope {
        current,
        open,
        any,
        asked: asked.is_some(),
    })
}

/// The cookie that remembers a program chosen with `?program=`, if it was.
pub fn remembered(scope: Option<&ProgramScope>) -> Option<HeaderValue> {
    let scope = scope.filter(|s| s.asked)?;
    let program = scope.current.as_ref()?;
    HeaderValue::from_str(&format!(
        "{PROGRAM_PARAM}={}; Path=/; Max-Age={PROGRAM_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly",
        program.code
    ))
    .ok()
}

/// What ties an API token's organisation to the program its request reads: the program
/// (`?program=CODE` among those it may enter, else its first), the roles it holds there, and
/// whether the installation holds any program. A verifier account's token enters every
/// program, as the verifier does (`policy::may_enter_program`).
pub async fn resolve_for_token(
    pool: &PgPool,
    cache: &PageCache,
    today: NaiveDate,
    organisation: uuid::Uuid,
    verifier: bool,
    uri: &Uri,
) -> Result<(Option<Program>, Vec<ProgramRole>, bool), AppError> {
    let ties = ties(pool, cache, today, None, Some(organisation)).await?;
    let any = !ties.is_empty();
    let open: Vec<_> = ties
        .iter()
        .filter(|t| verifier || policy::token_may_enter_program(!t.roles.is_empty(), t.assigned))
        .collect();
    let codes: Vec<&str> = open.iter().map(|t| t.program.code.as_str()).collect();
    let asked = query_param(uri.query(), PROGRAM_PARAM).filter(|c| !c.is_empty());
    let chosen = policy::choose_program(&codes, asked, None)
        .map_err(AppError::Forbidden)?
        .map(str::to_string);
    Ok(
        match chosen.and_then(|code| open.into_iter().find(|t| t.program.code == code)) {
            Some(tie) => (Some(tie.program.clone()), tie.roles.clone(), any),
            None => (None, Vec::new(), any),
        },
    )
}

/// The request's program, for a handler: 403 when none is open to the caller, 404 before any
/// program exists.
#[derive(Debug, Clone)]
pub struct CurrentProgram(pub Program);

impl<S: Send + Sync> FromRequestParts<S> for CurrentProgram {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let scope = parts
            .extensions
            .get::<ProgramScope>()
            .cloned()
            .unwrap_or_default();
        scope.program().cloned().map(CurrentProgram)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ProgramScope {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<ProgramScope>()
            .cloned()
            .unwrap_or_default())
    }
}
