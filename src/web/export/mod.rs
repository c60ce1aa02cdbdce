//! The ways a program's figures leave Pilar as files: the results workbook
//! (`/exports/results.xlsx`) and the workbook writer ([`xlsx`]) that the pages' table downloads
//! share (and an import template can use).

mod results;
pub mod xlsx;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/exports/results.xlsx", get(results::results_xlsx))
}
