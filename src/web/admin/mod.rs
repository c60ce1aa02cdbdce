//! `/admin`: users, API tokens, the audit log and the outbox of e-mail, and the program's structure — pillars,
//! indicators and their targets, organisations, the assignment matrix, milestones, the
//! materials of the ledger — one module
//! per resource, what they share in `structure` (admins only; the permission rule in
//! `auth::policy` closes the whole area to everyone else). Pages read forms and render; the
//! structure's rules and writes are `crate::workflow::structure`'s.

mod assignments;
mod audit;
mod indicator_page;
mod indicators;
mod materials;
mod milestones;
mod organisations;
mod outbox;
mod pillars;
mod structure;
mod targets;
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
        .merge(outbox::router())
        .merge(pillars::router())
        .merge(indicators::router())
        .merge(targets::router())
        .merge(organisations::router())
        .merge(assignments::router())
        .merge(milestones::router())
        .merge(materials::router())
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
