//! Cross-site request forgery protection for every state-changing browser request: the
//! request must come from our own origin (`Origin`, else `Referer`, when the browser sends
//! one) and carry the session's CSRF token (form field `csrf_token` or header
//! `X-CSRF-Token`), compared in constant time. Before sign-in the token lives in a cookie of
//! its own. The bearer-token API needs none of this: browsers never attach its credentials.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::CurrentUser;
use super::policy::{self, Access};
use super::session::{PRE_SESSION_CSRF_COOKIE, cookie};
use crate::error::AppError;

/// The form field that carries the token.
pub const FIELD: &str = "csrf_token";
/// Largest form body we read (forms carry a few fields; a batch of figures is an API call).
/// Well above what the forms' fields may hold (`maxlength`, checked again by their rules), so
/// that a text pasted past a field's limit comes back to its form with that limit named, the
/// input kept, rather than as a refusal of the whole body.
pub const FORM_BODY_LIMIT: usize = 1024 * 1024;

/// Checks unsafe browser requests: the request to hand on (safe methods and the API untouched;
/// a form's body read once and handed on), or the refusal. Called from `app.rs`'s layer.
pub async fn screen(req: Request) -> Result<Request, Response> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || policy::access_for(req.uri().path()) == Access::Api
    {
        return Ok(req);
    }
    if !same_origin(req.headers()) {
        tracing::warn!("cross-origin form post refused");
        return Err(refused());
    }
    let expected = match req.extensions().get::<CurrentUser>() {
        Some(user) => Some(user.csrf_token.clone()),
        None => cookie(req.headers(), PRE_SESSION_CSRF_COOKIE).map(str::to_string),
    };
    let Some(expected) = expected else {
        return Err(refused());
    };

    // The token is in the header, or in the urlencoded body, which is read here and handed on.
    let from_header = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, FORM_BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return Err(AppError::PayloadTooLarge {
                limit: FORM_BODY_LIMIT,
            }
            .into_response());
        }
    };
    let presented = from_header.or_else(|| form_urlencoded_value(&bytes, FIELD));
    let valid = presented.is_some_and(|p| bool::from(p.as_bytes().ct_eq(expected.as_bytes())));
    if !valid {
        tracing::warn!("form post with a missing or stale CSRF token refused");
        return Err(refused());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

fn refused() -> Response {
    AppError::Forbidden(crate::domain::Denied::FormExpired).into_response()
}

/// `Origin` (or, without it, `Referer`) must name the host the request was sent to. A request
/// with neither (old browsers, some privacy tools) relies on the token alone.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match source {
        None => true,
        Some("null") => false,
        Some(source) => {
            let without_scheme = source.split_once("://").map_or(source, |(_, rest)| rest);
            let authority = without_scheme.split('/').next().unwrap_or_default();
            authority.eq_ignore_ascii_case(host)
        }
    }
}

/// One field of an `application/x-www-form-urlencoded` body.
fn form_urlencoded_value(body: &[u8], name: &str) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    #[test]
    fn origin_must_match_the_host() {
        assert!(same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://evil.example")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "pilar.example"),
            ("origin", "null")
        ])));
        assert!(same_origin(&headers(&[
            ("host", "pilar.example"),
            ("referer", "https://pilar.example/admin/tokens")
        ])));
        assert!(!same_origin(&headers(&[
            ("host", "pilar.example"),
            ("referer", "https://pilar.example.evil.org/")
        ])));
        assert!(same_origin(&headers(&[("host", "pilar.example")])));
        assert!(!same_origin(&headers(&[])));
    }

    #[test]
    fn form_values_are_found_and_decoded() {
        assert_eq!(
            form_urlencoded_value(b"a=1&csrf_token=abc-_9&b=2", FIELD).as_deref(),
            Some("abc-_9")
        );
        assert_eq!(
            form_urlencoded_value(b"name=a+b%21", "name").as_deref(),
            Some("a b!")
        );
        assert_eq!(form_urlencoded_value(b"a=1", FIELD), None);
    }
}
