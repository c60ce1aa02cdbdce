//! The demo data set: the IWIP pilot's real structure (parks, program, pillars, the 33
//! indicators of the catalogue, the stakeholders and the timeline of the reference page) and
//! synthetic reports from clearly fictional demo tenants for January–October 2026; a second
//! program, IMIP's replication (`imip`: its own pillars and indicators, some sharing IWIP's
//! definitions, its own fictional tenants and reports from April 2026); and [`load_demo`],
//! which writes it all to the database once.
//!
//! The tables are pure data and a pure, deterministic generator: no I/O, no clock, no
//! thread-local randomness. [`demo_data`] returns the same value on every machine, whatever
//! today's date. Only `load` touches the database.
//!
//! Real organisations appear with their public roles and descriptions only. Every figure
//! belongs to an organisation with `is_demo = true`.

mod activity;
mod catalogue;
mod data;
mod flows;
mod imip;
mod load;
mod milestones;
mod model;
mod observations;
mod prng;
mod stakeholders;

pub use catalogue::{INDICATORS, PARKS, PILLARS, PROGRAM, indicator};
pub use data::{DemoData, demo_data};
pub use imip::{IMIP_PROGRAM_CODE, imip_data};
pub use load::{DemoCounts, DemoOutcome, load_demo};
pub use milestones::MILESTONES;
pub use model::*;
pub use stakeholders::{ASSIGNMENTS, ORGANISATIONS, organisation};

#[cfg(test)]
mod tests;
