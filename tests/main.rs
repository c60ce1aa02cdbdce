//! One integration-test binary, so the crate links once. Each module covers an area; each
//! test gets its own database.

mod common;
mod expected;
mod html;

mod admin_forms;
mod api;
mod api_contract;
mod api_writes;
mod architecture;
mod auth;
mod bad_input;
mod browser;
mod browser_workflow;
mod cache;
mod cli;
mod compliance;
mod figures;
mod heal;
mod hostile_input;
mod indicators;
mod instances;
mod judgement;
mod language;
mod notes;
mod numbers;
mod overview;
mod park_level;
mod pillars;
mod reading;
mod review;
mod review_weight;
mod schema;
mod security;
mod seed;
mod stakeholders;
mod submit;
mod tally;
mod text;
mod throttling;
mod timeline;
mod transparency;
mod words;
