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
/// Largest multipart body read (the import form: a file of at most
/// `domain::import::MAX_FILE_BYTES` and its framing); its token is a part of its own.
pub const MULTIPART_BODY_LIMIT: usize = crate::domain::import::MAX_FILE_BYTES + 64 * 1024;

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
    let boundary = multipart_boundary(req.headers());
    let limit = if boundary.is_some() {
        MULTIPART_BODY_LIMIT
    } else {
        FORM_BODY_LIMIT
    };
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, limit).await {
        Ok(bytes) => bytes,
        Err(_) => return Err(AppError::PayloadTooLarge { limit }.into_response()),
    };
    let presented = from_header.or_else(|| match &boundary {
        Some(boundary) => multipart_value(&bytes, boundary, FIELD),
        None => form_urlencoded_value(&bytes, FIELD),
    });
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

/// The boundary of a `multipart/form-data` body.
fn multipart_boundary(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let (kind, params) = value.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

/// The text of the part named `name` of a `multipart/form-data` body (a short field: the
/// token, before the file in the form).
fn multipart_value(body: &[u8], boundary: &str, name: &str) -> Option<String> {
    let delimiter = format!("--{boundary}");
    let wanted = format!("name=\"{name}\"");
    let text_end = |from: usize| {
        body[from..]
            .windows(delimiter.len())
            .position(|w| w == delimiter.as_bytes())
            .map(|p| from + p)
    };
    let mut at = text_end(0)?;
    loop {
        let start = at + delimiter.len();
        let end = text_end(start)?;
        let part = &body[start..end];
        let split = part.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&part[..split]);
        if head.lines().any(|l| {
            l.to_ascii_lowercase().starts_with("content-disposition") && l.contains(&wanted)
        }) {
            let value = &part[split + 4..];
            let value = value.strip_suffix(b"\r\n").unwrap_or(value);
            return String::from_utf8(value.to_vec()).ok();
        }
        at = end;
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
    fn the_token_is_found_among_multipart_parts() {
        let body = b"--xyz\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc123\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\nindicator\r\n--xyz--\r\n";
        assert_eq!(
            multipart_value(body, "xyz", "csrf_token").as_deref(),
            Some("abc123")
        );
        assert_eq!(multipart_value(body, "xyz", "other"), None);
        let mut map = HeaderMap::new();
        map.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("multipart/form-data; boundary=\"xyz\""),
        );
        assert_eq!(multipart_boundary(&map).as_deref(), Some("xyz"));
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
