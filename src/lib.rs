//! Pilar: tracks the Tsingshan–UNIDO sustainable-nickel pilot at the Indonesia Weda Bay
//! Industrial Park: pillars, indicators and targets, stakeholders, and the figures tenants report.
//!
//! Data flows one way: request → handler (`web/`) → domain rules (`domain/`) and queries
//! (`store/`) → PostgreSQL, and back through a view model into a template.

pub mod api;
pub mod app;
pub mod auth;
pub mod cache;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod notify;
pub mod rate_limit;
pub mod serve;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod verify;
pub mod web;
pub mod workflow;
