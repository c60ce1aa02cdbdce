//! Input refused at the edge, once for every page and API route, before any handler, store or
//! database sees it: NUL characters. PostgreSQL cannot store them in text, so a NUL reaching a
//! query used to fail there as a 500. A `%00` in the path or the query is a 400; a NUL in a
//! form field or a JSON string is a 422 naming the field, in the caller's language. No state,
//! no database.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, FieldMessage, Oversized};
use crate::i18n::Locale;

/// Largest request body: an API batch of 1,000 observations fits with room to spare. The
/// application applies it to every request (forms have their own, smaller limit), and this
/// edge reads no more.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The longest request target (path and query) we read: far above any address Pilar makes,
/// and below hyper's own hard limit (64 KiB), whose bare 414 would carry neither our shape nor
/// the security headers.
pub const ADDRESS_LIMIT: usize = 8 * 1024;
/// The most header fields, and header bytes, we read. `serve.rs` sets hyper's own limits
/// above these, so that it is our answer (problem+json or the error page, with the security
/// headers) that refuses a request over them.
pub const HEADER_COUNT_LIMIT: usize = 100;
pub const HEADER_BYTES_LIMIT: usize = 32 * 1024;

/// A request whose head is longer than we read: 414 for the address, 431 for the headers.
pub fn oversized_head(req: &Request) -> Option<AppError> {
    let address = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if address > ADDRESS_LIMIT {
        return Some(AppError::HeadTooLarge(Oversized::Address {
            limit: ADDRESS_LIMIT,
        }));
    }
    let headers = req.headers();
    let bytes: usize = headers
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len())
        .sum();
    if headers.len() > HEADER_COUNT_LIMIT || bytes > HEADER_BYTES_LIMIT {
        return Some(AppError::HeadTooLarge(Oversized::Headers {
            limit: HEADER_BYTES_LIMIT,
        }));
    }
    None
}

/// What kind of body a request declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Form,
    Json,
    Other,
}

fn body_kind(headers: &HeaderMap) -> BodyKind {
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if mime == "application/x-www-form-urlencoded" {
        BodyKind::Form
    } else if mime == "application/json"
        || (mime.starts_with("application/") && mime.ends_with("+json"))
    {
        BodyKind::Json
    } else {
        BodyKind::Other
    }
}

fn locale(headers: &HeaderMap) -> Locale {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(Locale::from_accept_language)
        .unwrap_or(Locale::En)
}

fn address_refused(locale: Locale) -> AppError {
    AppError::Unreadable(locale.strings().accounts.nul_in_address.into())
}

fn field_refused(locale: Locale, field: String) -> AppError {
    let message = locale.strings().accounts.nul_in_field;
    AppError::Validation(vec![FieldMessage::new(field, message)])
}

/// Whether a raw (still percent-encoded) path or query names a NUL.
fn names_nul(raw: &str) -> bool {
    // Digits have no case: no need to fold it.
    raw.contains('\0') || raw.contains("%00")
}

/// The first form field (its name) whose name or value holds a NUL.
fn nul_in_form(body: &[u8]) -> Option<String> {
    form_urlencoded::parse(body)
        .find(|(key, value)| key.contains('\0') || value.contains('\0'))
        .map(|(key, _)| key.replace('\0', ""))
}

/// The JSON Pointer of the first string (or key) holding a NUL; `None` for a body that is not
/// JSON (the handler says what is wrong with it).
fn nul_in_json(body: &[u8]) -> Option<String> {
    fn walk(value: &serde_json::Value, at: &mut String) -> bool {
        match value {
            serde_json::Value::String(text) => text.contains('\0'),
            serde_json::Value::Array(items) => items.iter().enumerate().any(|(i, item)| {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                let found = walk(item, at);
                if !found {
                    at.truncate(len);
                }
                found
            }),
            serde_json::Value::Object(map) => map.iter().any(|(key, item)| {
                let len = at.len();
                at.push('/');
                at.push_str(&key.replace('\0', "").replace('~', "~0").replace('/', "~1"));
                let found = key.contains('\0') || walk(item, at);
                if !found {
                    at.truncate(len);
                }
                found
            }),
            _ => false,
        }
    }
    // A NUL can only be in a JSON string as the escape `\u0000`.
    if !body.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut at = String::new();
    walk(&value, &mut at).then_some(at)
}

/// Refuses NUL characters in the path, the query, form fields and JSON strings: the request
/// to hand on (its body read once, if it was a form or JSON), or the refusal. A plain function
/// rather than a layer of its own: `app.rs` calls it from the one layer that admits requests.
pub async fn screen(req: Request) -> Result<Request, Response> {
    if names_nul(req.uri().path()) || req.uri().query().is_some_and(names_nul) {
        return Err(address_refused(locale(req.headers())).into_response());
    }
    let kind = body_kind(req.headers());
    if kind == BodyKind::Other {
        return Ok(req);
    }
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(_) => return Err(AppError::PayloadTooLarge { limit: BODY_LIMIT }.into_response()),
    };
    let found = match kind {
        BodyKind::Form => nul_in_form(&bytes),
        BodyKind::Json => nul_in_json(&bytes),
        BodyKind::Other => None,
    };
    if let Some(field) = found {
        return Err(field_refused(locale(&parts.headers), field).into_response());
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_found_wherever_it_hides() {
        assert!(names_nul("/api/v1/indicators/%00"));
        assert!(names_nul("indicator=a%00b"));
        assert!(!names_nul("/api/v1/indicators/CE-01"));
        assert_eq!(nul_in_form(b"a=1&email=x%00y").as_deref(), Some("email"));
        assert_eq!(nul_in_form(b"a=1&email=x%2500y"), None);
        assert_eq!(
            nul_in_json(br#"{"items":[{"comment":"ok"},{"comment":"a\u0000b"}]}"#).as_deref(),
            Some("/items/1/comment")
        );
        assert_eq!(nul_in_json(br#"{"comment":"a\\u0000b"}"#), None);
        assert_eq!(nul_in_json(br#"{"comment":"#), None);
    }
}
