//! Static assets, compiled into the binary so that the server needs no files beside it and
//! pages load nothing from outside the server.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::app::AppState;

const STYLESHEET: &str = include_str!("../../static/pilar.css");

pub fn router() -> Router<AppState> {
    Router::new().route("/static/pilar.css", get(stylesheet))
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}
