//! The program's structure as the admin forms (and `workflow::structure`) keep it: pillars,
//! indicators with their framework references, yearly targets (each change kept in
//! `target_revision`), organisations with their roles, the assignment matrix and the
//! milestones; and the reads those forms need. One module per resource, re-exported here.
//!
//! Every write takes the caller's transaction so that the write and its audit entry commit
//! together; updates of versioned rows check the version the editor started from. No rule of
//! the domain is decided here (that is `workflow::structure`'s, with `domain/`).

mod assignments;
mod indicators;
mod milestones;
mod organisations;
mod pillars;
mod targets;

pub use assignments::{AssignmentChange, assignment_pairs, live_assignments, save_assignments};
pub use indicators::{
    IndicatorDraft, IndicatorRecord, delete_unreferenced_indicator, indicator, indicators,
    insert_indicator, lock_indicator, replace_frameworks, set_indicator_archived,
    set_indicator_baseline, set_indicator_bounds, set_indicator_computed_from,
    set_indicator_min_coverage, update_indicator,
};
pub use milestones::{
    MilestoneDraft, MilestoneRecord, insert_milestone, lock_milestone, milestones, update_milestone,
};
pub use organisations::{
    OrganisationDraft, OrganisationRecord, insert_organisation, lock_organisation, organisations,
    replace_roles, set_organisation_archived, update_organisation,
};
pub use pillars::{
    PillarDraft, PillarRecord, insert_pillar, lock_pillar, pillars, set_pillar_archived,
    update_pillar,
};
pub use targets::{StoredTarget, TargetRecord, TargetWrite, program_targets, set_target, targets};
