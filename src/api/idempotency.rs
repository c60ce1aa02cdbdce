//! Safe retries of writes. A write with an `Idempotency-Key` claims the key at the start of its
//! transaction and stores its response before committing; a retry of the same request replays
//! that response (with `Idempotent-Replayed: true`) and stores nothing again; the same key on a
//! different request is refused with 422. Keys are per organisation and honoured for
//! `store::idempotency::RETENTION_HOURS` hours. Refused requests store nothing, so a client may
//! fix its request and retry with the same key.

use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use super::json::IdempotencyKey;
use super::problem::ApiError;
use crate::state::AppState;
use crate::store::idempotency::{self, Claim};

/// A JSON response, kept in a form that can be stored and replayed.
#[derive(Debug, Clone)]
pub struct JsonResponse {
    pub status: StatusCode,
    pub etag: Option<i32>,
    pub location: Option<String>,
    pub body: Vec<u8>,
}

impl JsonResponse {
    pub fn new(status: StatusCode, body: &impl serde::Serialize) -> Self {
        JsonResponse {
            status,
            etag: None,
            location: None,
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    pub fn with_etag(mut self, version: i32) -> Self {
        self.etag = Some(version);
        self
    }

    pub fn with_location(mut self, location: String) -> Self {
        self.location = Some(location);
        self
    }

    fn headers_json(&self) -> serde_json::Value {
        json!({ "etag": self.etag, "location": self.location })
    }
}

/// The `ETag` of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

impl IntoResponse for JsonResponse {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body,
        )
            .into_response();
        let headers = response.headers_mut();
        if let Some(version) = self.etag
            && let Ok(value) = HeaderValue::from_str(&etag(version))
        {
            headers.insert(header::ETAG, value);
        }
        if let Some(location) = self.location
            && let Ok(value) = HeaderValue::from_str(&location)
        {
            headers.insert(header::LOCATION, value);
        }
        response
    }
}

/// A write under way: its transaction, and the key it claimed (if any).
pub struct Write {
    pub tx: Transaction<'static, Postgres>,
    /// The organisation and key claimed, and the clock's time of the claim.
    claimed: Option<(Uuid, String, DateTime<Utc>)>,
}

/// How a write starts.
pub enum Begun {
    /// Go ahead.
    Fresh(Write),
    /// This request was answered before: here is the answer again.
    Replay(Response),
}

/// Starts a write for the organisation: opens the transaction and claims the key.
pub async fn begin(
    state: &AppState,
    organisation_id: Uuid,
    key: &IdempotencyKey,
    method: &Method,
    path: &str,
    body_hash: &[u8; 32],
) -> Result<Begun, ApiError> {
    let mut tx = state.pool.begin().await?;
    let Some(key) = &key.0 else {
        return Ok(Begun::Fresh(Write { tx, claimed: None }));
    };
    let mut hasher = Sha256::new();
    hasher.update(method.as_str().as_bytes());
    hasher.update(b"\n");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(body_hash);
    let request_hash: [u8; 32] = hasher.finalize().into();
    let now = state.clock.now();
    match idempotency::claim(
        &mut tx,
        now,
        organisation_id,
        key,
        &request_hash,
        method.as_str(),
        path,
    )
    .await?
    {
        Claim::Claimed => Ok(Begun::Fresh(Write {
            tx,
            claimed: Some((organisation_id, key.clone(), now)),
        })),
        Claim::Used(stored) => {
            drop(tx);
            if stored.request_hash != request_hash {
                return Err(ApiError::unprocessable(format!(
                    "The Idempotency-Key {key:?} was already used for a different request ({} {}) within the last {} hours; use a new key for a new request.",
                    stored.method,
                    stored.path,
                    idempotency::RETENTION_HOURS
                )));
            }
            let Some(status) = stored
                .response_status
                .and_then(|s| StatusCode::from_u16(u16::try_from(s).ok()?).ok())
            else {
                return Err(ApiError::Problem {
                    status: StatusCode::CONFLICT,
                    title: "Conflict",
                    detail: "A request with this Idempotency-Key is still being processed; retry in a moment.".into(),
                    errors: None,
                });
            };
            let replay = JsonResponse {
                status,
                etag: stored.response_headers["etag"]
                    .as_i64()
                    .and_then(|v| i32::try_from(v).ok()),
                location: stored.response_headers["location"]
                    .as_str()
                    .map(str::to_string),
                body: stored.response_body.unwrap_or_default(),
            };
            let mut response = replay.into_response();
            response.headers_mut().insert(
                HeaderName::from_static("idempotent-replayed"),
                HeaderValue::from_static("true"),
            );
            Ok(Begun::Replay(response))
        }
    }
}

impl Write {
    /// Stores the response under the claimed key and commits the write.
    pub async fn commit(mut self, response: JsonResponse) -> Result<Response, ApiError> {
        if let Some((organisation_id, key, now)) = &self.claimed {
            idempotency::complete(
                &mut self.tx,
                *now,
                *organisation_id,
                key,
                i16::try_from(response.status.as_u16()).unwrap_or(200),
                &response.headers_json(),
                &response.body,
            )
            .await?;
        }
        self.tx.commit().await?;
        Ok(response.into_response())
    }
}
