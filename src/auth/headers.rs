//! Security headers on every response.

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderName, HeaderValue, header};

/// No inline script or style, nothing from other origins, no framing.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The headers every answer carries, made once: `HeaderName`/`HeaderValue::from_static` check
/// every byte each time they are called, which for these was most of what this step cost.
static SECURITY_HEADERS: LazyLock<[(HeaderName, HeaderValue); 6]> = LazyLock::new(|| {
    let value = HeaderValue::from_static;
    [
        (
            header::CONTENT_SECURITY_POLICY,
            value(CONTENT_SECURITY_POLICY),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, value("nosniff")),
        (header::REFERRER_POLICY, value("same-origin")),
        (header::X_FRAME_OPTIONS, value("DENY")),
        (
            HeaderName::from_static("permissions-policy"),
            value("camera=(), microphone=(), geolocation=()"),
        ),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            value("same-origin"),
        ),
    ]
});

/// Adds the headers; responses that chose their own caching keep it, others are not stored
/// (pages show figures that only signed-in users may read).
pub fn add_security_headers(headers: &mut HeaderMap) {
    headers.reserve(SECURITY_HEADERS.len() + 1);
    for (name, value) in SECURITY_HEADERS.iter() {
        headers.insert(name.clone(), value.clone());
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
}
