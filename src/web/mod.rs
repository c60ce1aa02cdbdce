//! HTML pages, one module per area, each with its own `router()`.

mod assets;
pub mod format;
mod health;
mod overview;

use axum::Router;

use crate::app::AppState;

/// Every page and the operational endpoints.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(overview::router())
        .merge(health::router())
        .merge(assets::router())
}
