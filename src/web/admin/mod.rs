//! `/admin`: users, API tokens and the audit log (admins only; the permission rule in
//! `auth::policy` closes the whole area to everyone else).

mod audit;
mod structure;
mod structure_milestones;
mod structure_organisations;
mod tokens;
mod users;

use askama::Template;
use axum::Router;
use axum::response::Html;
use axum::routing::get;

use super::layout::Layout;
use crate::error::AppError;
use crate::i18n::AccountStrings;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(index))
        .merge(users::router())
        .merge(tokens::router())
        .merge(audit::router())
        .merge(structure::router())
        .merge(structure_organisations::router())
        .merge(structure_milestones::router())
}

#[derive(Template)]
#[template(path = "admin/index.html")]
struct IndexPage {
    a: &'static AccountStrings,
    layout: Layout,
}

async fn index(layout: Layout) -> Result<Html<String>, AppError> {
    Ok(Html(
        IndexPage {
            a: &layout.locale.strings().accounts,
            layout,
        }
        .render()?,
    ))
}
