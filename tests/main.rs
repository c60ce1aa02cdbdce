//! One integration-test binary, so the crate links once. Each module covers an area; each
//! test gets its own database.

mod common;
mod expected;
mod html;

mod api;
mod api_contract;
mod api_writes;
mod auth;
mod cli;
mod figures;
mod indicators;
mod language;
mod overview;
mod pillars;
mod reporting;
mod schema;
mod seed;
mod stakeholders;
mod timeline;
