//! `/healthz`: the process answers. `/readyz`: the database answers too (503 otherwise), so
//! a load balancer stops sending traffic to an instance that lost its database.

use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// What `Json(json!({ "status": "ok" }))` wrote, without building and serialising a map on
/// every probe, nor a `text/plain` type to replace and a value to check and copy.
async fn healthz() -> Response {
    let mut answer = Response::new(Body::from(r#"{"status":"ok"}"#));
    // Room for the fields every answer is given on its way out (`app::frame`): the map is
    // made once at its size rather than grown there.
    *answer.headers_mut() = HeaderMap::with_capacity(12);
    answer.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    answer
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let ping = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&state.pool);
    match tokio::time::timeout(Duration::from_secs(2), ping).await {
        Ok(Ok(_)) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": "ok" })),
        ),
        Ok(Err(err)) => {
            tracing::warn!(%err, "readiness check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "unavailable", "database": "timeout" })),
        ),
    }
}
