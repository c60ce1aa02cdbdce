//! One integration-test binary, so the crate links once. Each module covers an area; each
//! test gets its own database.

mod common;

mod cli;
mod figures;
mod overview;
mod schema;
mod seed;
