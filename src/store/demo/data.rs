//! The whole demo data set, assembled from its tables.

use super::catalogue::{INDICATORS, PARKS, PILLARS, PROGRAM};
use super::milestones::MILESTONES;
use super::model::{
    Assignment, Indicator, Milestone, Observation, Organisation, Park, Pillar, Program, Role,
};
use super::observations;
use super::stakeholders::{self, ASSIGNMENTS, ORGANISATIONS};

/// The whole demo data set.
#[derive(Debug, Clone)]
pub struct DemoData {
    pub parks: &'static [Park],
    pub program: &'static Program,
    pub pillars: &'static [Pillar],
    pub indicators: &'static [Indicator],
    pub organisations: &'static [Organisation],
    pub roles: Vec<Role>,
    pub assignments: &'static [Assignment],
    pub milestones: &'static [Milestone],
    pub observations: Vec<Observation>,
}

/// Builds the demo data set. Deterministic: two calls return equal values.
pub fn demo_data() -> DemoData {
    DemoData {
        parks: PARKS,
        program: &PROGRAM,
        pillars: PILLARS,
        indicators: INDICATORS,
        organisations: ORGANISATIONS,
        roles: stakeholders::roles(),
        assignments: ASSIGNMENTS,
        milestones: MILESTONES,
        observations: observations::generate(),
    }
}
