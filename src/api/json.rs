//! Reading request bodies and write headers the way the API promises: 415 for a body that is
//! not declared JSON, 413 over the size limit, 400 for malformed JSON, 422 naming the field of
//! the wrong type; `Idempotency-Key` checked; the canonical hash of the body kept for
//! idempotency.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use super::problem::ApiError;
use crate::error::{AppError, FieldMessage};

/// A JSON body, parsed, with the SHA-256 of its canonical form (keys sorted, no whitespace):
/// two bodies that differ only in formatting are the same request.
pub struct JsonBody<T> {
    pub value: T,
    pub hash: [u8; 32],
}

/// Like [`JsonBody`], but an empty body (no content type needed) reads as `T::default()`.
pub struct OptionalJsonBody<T> {
    pub value: T,
    pub hash: [u8; 32],
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| {
            let mime = mime.trim().to_ascii_lowercase();
            mime == "application/json"
                || (mime.starts_with("application/") && mime.ends_with("+json"))
        })
        .unwrap_or(false)
}

fn unsupported() -> ApiError {
    ApiError::Problem {
        status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
        title: "Unsupported media type",
        detail: "Send the body as JSON with Content-Type: application/json.".into(),
        errors: None,
    }
}

/// Largest request body (declared once, at the edge that reads bodies first).
pub use crate::auth::edge::BODY_LIMIT;

async fn bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, ApiError> {
    Bytes::from_request(req, state).await.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::App(AppError::PayloadTooLarge { limit: BODY_LIMIT })
        } else {
            ApiError::App(AppError::BadRequest(
                "The request body could not be read.".into(),
            ))
        }
    })
}

/// Parses JSON text; malformed JSON is a 400 that says where.
pub fn parse_json(bytes: &[u8]) -> Result<serde_json::Value, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::App(AppError::BadRequest(format!(
            "The body is not valid JSON: {e}."
        )))
    })
}

/// SHA-256 of a JSON value's canonical text: object keys sorted at every level.
pub fn canonical_hash(value: &serde_json::Value) -> [u8; 32] {
    fn write(value: &serde_json::Value, out: &mut Vec<u8>) {
        match value {
            serde_json::Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push(b'{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    out.extend(serde_json::to_vec(key).unwrap_or_default());
                    out.push(b':');
                    write(&map[key], out);
                }
                out.push(b'}');
            }
            serde_json::Value::Array(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write(item, out);
                }
                out.push(b']');
            }
            scalar => out.extend(serde_json::to_vec(scalar).unwrap_or_default()),
        }
    }
    let mut text = Vec::new();
    write(value, &mut text);
    Sha256::digest(&text).into()
}

/// A serde path as a JSON Pointer (`items[3].numerator` → `/items/3/numerator`).
pub fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"))
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}

/// Deserialises a parsed value; a field of the wrong type is a 422 naming it. Every body the
/// API reads is an object: an array is refused as such (serde would read it field by field,
/// and name its first element as a string that was expected).
pub fn typed<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, ApiError> {
    if value.is_array() {
        return Err(ApiError::App(AppError::Validation(vec![
            FieldMessage::new("", "invalid type: array, expected a JSON object"),
        ])));
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = pointer(e.path());
        let message = friendly(&pointer, &e.into_inner().to_string());
        ApiError::App(AppError::Validation(vec![FieldMessage::new(
            pointer, message,
        )]))
    })
}

/// serde's messages in the words of the API's documentation: "a number", not "f64".
fn friendly(pointer: &str, message: &str) -> String {
    let message = message
        .replace("expected f64", "expected a number")
        .replace("expected i32", "expected a whole number")
        .replace("expected i64", "expected a whole number")
        .replace("expected u64", "expected a whole number");
    // "expected struct ObservationInput" names a Rust type; the reader needs "an object".
    let message = match message.find("expected struct ") {
        Some(at) => format!("{}expected a JSON object", &message[..at]),
        None => message,
    };
    let is_date = ["period_start", "period_end"]
        .iter()
        .any(|field| pointer.ends_with(field));
    if is_date && !message.contains("invalid type") {
        format!("{message}: expected a date, YYYY-MM-DD")
    } else if is_date {
        message.replace(
            "expected a formatted date string",
            "expected a date, YYYY-MM-DD",
        )
    } else {
        message
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(unsupported());
        }
        let body = bytes(req, state).await?;
        let json = parse_json(&body)?;
        Ok(JsonBody {
            hash: canonical_hash(&json),
            value: typed(&json)?,
        })
    }
}

impl<T: DeserializeOwned + Default, S: Send + Sync> FromRequest<S> for OptionalJsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let declared_json = is_json(req.headers());
        let body = bytes(req, state).await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(OptionalJsonBody {
                value: T::default(),
                hash: Sha256::digest(b"").into(),
            });
        }
        if !declared_json {
            return Err(unsupported());
        }
        let json = parse_json(&body)?;
        Ok(OptionalJsonBody {
            hash: canonical_hash(&json),
            value: typed(&json)?,
        })
    }
}

/// The `Idempotency-Key` header, when sent: 1 to 255 printable ASCII characters.
#[derive(Debug, Clone, Default)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get("idempotency-key") else {
            return Ok(IdempotencyKey(None));
        };
        let key = value
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|k| {
                !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| (0x20..0x7f).contains(&b))
            })
            .ok_or_else(|| {
                ApiError::App(AppError::BadRequest(
                    "Idempotency-Key must be 1 to 255 printable ASCII characters (a UUID is a good key)."
                        .into(),
                ))
            })?;
        Ok(IdempotencyKey(Some(key.to_string())))
    }
}

/// The version an `If-Match` value names, in the forms the OpenAPI document states: `"3"`,
/// `W/"3"` or `3` (up to nine digits); anything else names none.
fn named_version(text: &str) -> Option<i32> {
    let digits = match text.strip_prefix("W/") {
        Some(weak) => weak.strip_prefix('"')?.strip_suffix('"')?,
        None => match text.strip_prefix('"') {
            Some(quoted) => quoted.strip_suffix('"')?,
            None => text,
        },
    };
    let plain =
        !digits.is_empty() && digits.len() <= 9 && digits.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| digits.parse().ok()).flatten()
}

/// The version named by `If-Match` (`"3"`, `W/"3"` or `3`), when sent. `*` names none (any
/// current version). A value that names no version of ours cannot match: 412.
#[derive(Debug, Clone, Copy, Default)]
pub struct IfMatch(pub Option<i32>);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(value) = parts.headers.get(header::IF_MATCH) else {
            return Ok(IfMatch(None));
        };
        let text = value.to_str().unwrap_or_default().trim();
        if text == "*" {
            return Ok(IfMatch(None));
        }
        let version = named_version(text).ok_or_else(|| {
                ApiError::App(AppError::PreconditionFailed(format!(
                    "If-Match {text:?} names no version of this observation; send the ETag you read, e.g. \"3\"."
                )))
            })?;
        Ok(IfMatch(Some(version)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::reports::ObservationInput;

    fn message(body: serde_json::Value) -> (String, String) {
        match typed::<ObservationInput>(&body) {
            Err(ApiError::App(AppError::Validation(mut fields))) => {
                let f = fields.remove(0);
                (f.pointer, f.message)
            }
            _ => panic!("expected a validation error"),
        }
    }

    #[test]
    fn type_errors_name_the_field_in_the_apis_words() {
        let (pointer, text) = message(serde_json::json!({"value": "lots"}));
        assert_eq!(pointer, "/value");
        assert!(text.contains("expected a number"), "{text}");
        let (pointer, text) = message(serde_json::json!({"period_start": "October"}));
        assert_eq!(pointer, "/period_start");
        assert!(text.ends_with("expected a date, YYYY-MM-DD"), "{text}");
        let (pointer, text) = message(serde_json::json!({"stage": 1.5}));
        assert_eq!(pointer, "/stage");
        assert!(text.contains("whole number"), "{text}");
    }

    #[test]
    fn if_match_names_a_version_only_in_the_documented_forms() {
        assert_eq!(named_version("\"3\""), Some(3));
        assert_eq!(named_version("W/\"3\""), Some(3));
        assert_eq!(named_version("3"), Some(3));
        for other in ["\"3", "W/3", "+3", "-1", "", "\"\"", "1234567890", "3a"] {
            assert_eq!(named_version(other), None, "{other:?}");
        }
    }

    #[test]
    fn canonical_hashes_ignore_key_order_and_whitespace() {
        let a: serde_json::Value =
            serde_json::from_str(r#"{"b": [1, {"y": 2, "x": 1}], "a": "é"}"#).unwrap();
        let b: serde_json::Value =
            serde_json::from_str(r#"{"a":"é","b":[1,{"x":1,"y":2}]}"#).unwrap();
        let c: serde_json::Value =
            serde_json::from_str(r#"{"a":"é","b":[{"x":1,"y":2},1]}"#).unwrap();
        assert_eq!(canonical_hash(&a), canonical_hash(&b));
        assert_ne!(canonical_hash(&a), canonical_hash(&c));
    }
}
