//! The transparency log's public, anonymous, read-only endpoints (no sign-in, whatever the
//! public-view setting says; `auth::policy` opens `/transparency`):
//!
//! - `GET /transparency/checkpoint`: the latest checkpoint, a C2SP signed note (text);
//! - `GET /transparency/entries/{index}`: the exact bytes of entry `index` that were hashed;
//! - `GET /transparency/proof/inclusion?index=&size=`: the audit path of an entry;
//! - `GET /transparency/proof/consistency?from=&to=`: the proof that a tree extends another;
//! - `GET /transparency/key`: the verifier key, its id and the origin.
//!
//! Entries and proofs never change once they exist, so they are cacheable for a long time;
//! the checkpoint and the key for a short while. The algorithm is in docs/transparency.md.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde_json::json;
use sqlx::PgPool;

use crate::domain::transparency::note::hex;
use crate::domain::transparency::{NoteSigner, merkle};
use crate::error::AppError;
use crate::state::AppState;
use crate::store;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/transparency/checkpoint", get(checkpoint))
        .route("/transparency/entries/{index}", get(entry))
        .route("/transparency/proof/inclusion", get(inclusion))
        .route("/transparency/proof/consistency", get(consistency))
        .route("/transparency/key", get(key))
}

/// A year: what does not change may be kept that long.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The checkpoint moves with every append.
const SHORT: &str = "public, max-age=60";

/// The latest tree head signed with the current key (an empty tree before the first entry).
/// Ed25519 signatures are deterministic, so the same head gives the same bytes.
pub async fn current_checkpoint(pool: &PgPool, signer: &NoteSigner) -> Result<String, AppError> {
    let (size, root) = store::transparency::latest_tree_head(pool)
        .await?
        .unwrap_or((0, merkle::empty_root()));
    Ok(signer.sign(size, &root))
}

async fn checkpoint(
    State(pool): State<PgPool>,
    State(signer): State<Arc<NoteSigner>>,
) -> Result<Response, AppError> {
    let note = current_checkpoint(&pool, &signer).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, SHORT),
        ],
        note,
    )
        .into_response())
}

async fn entry(
    State(pool): State<PgPool>,
    Path(index): Path<String>,
) -> Result<Response, AppError> {
    let Some(index) = index.parse::<u64>().ok() else {
        return Ok(problem(
            StatusCode::BAD_REQUEST,
            "index: a whole number from 0",
        ));
    };
    let Some((kind, body)) = store::transparency::entry(&pool, index).await? else {
        return Ok(problem(StatusCode::NOT_FOUND, "no entry at this index"));
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, IMMUTABLE),
            (
                header::HeaderName::from_static("x-entry-kind"),
                if kind == "attestation" {
                    "attestation"
                } else if kind == "restatement" {
                    "restatement"
                } else if kind == "key_rotation" {
                    "key_rotation"
                } else {
                    "statement"
                },
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
struct InclusionQuery {
    index: Option<String>,
    size: Option<String>,
}

#[derive(Deserialize)]
struct ConsistencyQuery {
    from: Option<String>,
    to: Option<String>,
}

fn number(text: Option<&String>) -> Option<u64> {
    text.and_then(|t| t.parse().ok())
}

/// The tree's size now, and the leaf hashes of its first `size` entries (`None` when the
/// tree is smaller than `size`).
async fn leaves(pool: &PgPool, size: u64) -> Result<Option<Vec<merkle::Hash>>, AppError> {
    let current = store::transparency::latest_tree_head(pool)
        .await?
        .map_or(0, |(s, _)| s);
    if size > current {
        return Ok(None);
    }
    Ok(Some(
        store::transparency::leaf_hashes_up_to(pool, size).await?,
    ))
}

async fn inclusion(
    State(pool): State<PgPool>,
    Query(q): Query<InclusionQuery>,
) -> Result<Response, AppError> {
    let (Some(index), Some(size)) = (number(q.index.as_ref()), number(q.size.as_ref())) else {
        return Ok(problem(
            StatusCode::BAD_REQUEST,
            "index and size: whole numbers, index below size",
        ));
    };
    if index >= size {
        return Ok(problem(StatusCode::BAD_REQUEST, "index must be below size"));
    }
    let Some(leaves) = leaves(&pool, size).await? else {
        return Ok(problem(StatusCode::NOT_FOUND, "the log is not that large"));
    };
    let index_usize = usize::try_from(index).unwrap_or(usize::MAX);
    let proof = merkle::inclusion_proof(index_usize, &leaves)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(proof_response(json!({
        "index": index,
        "size": size,
        "leaf_hash": STANDARD.encode(leaves[index_usize]),
        "root_hash": STANDARD.encode(merkle::root(&leaves)),
        "proof": proof.iter().map(|h| STANDARD.encode(h)).collect::<Vec<_>>(),
    })))
}

async fn consistency(
    State(pool): State<PgPool>,
    Query(q): Query<ConsistencyQuery>,
) -> Result<Response, AppError> {
    let (Some(from), Some(to)) = (number(q.from.as_ref()), number(q.to.as_ref())) else {
        return Ok(problem(
            StatusCode::BAD_REQUEST,
            "from and to: whole numbers, from not above to",
        ));
    };
    if from > to {
        return Ok(problem(
            StatusCode::BAD_REQUEST,
            "from must not be above to",
        ));
    }
    let Some(leaves) = leaves(&pool, to).await? else {
        return Ok(problem(StatusCode::NOT_FOUND, "the log is not that large"));
    };
    let from_usize = usize::try_from(from).unwrap_or(usize::MAX);
    let proof = merkle::consistency_proof(from_usize, &leaves)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    Ok(proof_response(json!({
        "from": from,
        "to": to,
        "from_root_hash": STANDARD.encode(merkle::root(&leaves[..from_usize])),
        "to_root_hash": STANDARD.encode(merkle::root(&leaves)),
        "proof": proof.iter().map(|h| STANDARD.encode(h)).collect::<Vec<_>>(),
    })))
}

async fn key(State(signer): State<Arc<NoteSigner>>) -> Response {
    (
        [(header::CACHE_CONTROL, SHORT)],
        Json(json!({
            "origin": signer.name(),
            "algorithm": "ed25519",
            "key_id": hex(&signer.key_id()),
            "public_key": STANDARD.encode(signer.public_key()),
            "verifier_key": signer.verifier_key(),
        })),
    )
        .into_response()
}

fn proof_response(body: serde_json::Value) -> Response {
    ([(header::CACHE_CONTROL, IMMUTABLE)], Json(body)).into_response()
}

/// A refusal as problem+json: these endpoints are for programs, in one language.
fn problem(status: StatusCode, detail: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        Json(json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or("error"),
            "status": status.as_u16(),
            "detail": detail,
        })),
    )
        .into_response()
}
