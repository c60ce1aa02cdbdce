//! HTML pages, one module per area, each with its own `router()`.

mod account;
mod admin;
mod assets;
mod attest;
mod auth;
mod charts;
mod compliance;
mod csv;
mod export;
mod exports;
pub(crate) mod facts;
mod flows;
mod form;
pub mod format;
mod ghg;
mod health;
mod import;
mod import_activity;
mod import_ledger_template;
mod import_template;
mod inbox;
mod indicator_downloads;
mod indicator_facts;
mod indicator_tenant;
mod indicators;
pub mod layout;
mod notifications;
mod overview;
mod pager;
mod parks;
mod pillars;
mod progress_report;
mod public;
mod publish;
mod refusal;
mod report_form;
mod review;
mod review_context;
mod review_detail;
mod sankey;
mod stakeholders;
mod submit;
mod submit_grid;
mod tenant;
mod timeline;
mod transparency;
mod view;

use axum::Router;

use crate::state::AppState;

/// Every page and the operational endpoints. (Every request passes
/// [`layout::choose_language`] first, called from `app.rs`, which chooses the language.)
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(overview::router())
        .merge(pillars::router())
        .merge(indicators::router())
        .merge(indicator_downloads::router())
        .merge(export::router())
        .merge(exports::router())
        .merge(stakeholders::router())
        .merge(parks::router())
        .merge(timeline::router())
        .merge(ghg::router())
        .merge(flows::router())
        .merge(progress_report::router())
        .merge(compliance::router())
        .merge(tenant::router())
        .merge(submit::router())
        .merge(submit_grid::router())
        .merge(import::router())
        .merge(review::router())
        .merge(review_detail::router())
        .merge(auth::router())
        .merge(account::router())
        .merge(notifications::router())
        .merge(inbox::router())
        .merge(admin::router())
        .merge(health::router())
        .merge(assets::router())
        .merge(transparency::router())
        .merge(publish::router())
        .merge(public::router())
        .merge(attest::router())
}
