//! The demo data set's shapes: parks, program, pillars, indicators, organisations and their
//! roles, assignments, milestones and observations with their histories, as plain data in the
//! domain's types, with the stable ids every row gets. The tables themselves are in the
//! sibling modules; this one holds no data.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::prng;
use crate::domain::kinds::{
    Aggregation, Assurance, DataQuality, Direction, Frequency, IndicatorKind, MilestoneStatus,
    ObservationStatus, OrganisationKind, ProcessRoute, ProgramRole,
};
use crate::domain::period::Period;

/// The `data_set.name` that marks the demo data as loaded.
pub const DATA_SET_NAME: &str = "demo";
/// Bumped when the demo data changes in a way a loaded database should know about.
pub const DATA_SET_VERSION: i32 = 1;

/// A date in the proleptic Gregorian calendar, usable in constants.
pub(crate) const fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => d,
        None => panic!("invalid date in the demo data"),
    }
}

/// The "today" the demo data describes: milestone statuses and report statuses are as of
/// this date, and no timestamp in the data set is later.
pub const DEMO_DATE: NaiveDate = date(2026, 11, 29);
/// Reports exist for periods ending on or before this date.
pub const REPORTS_UNTIL: NaiveDate = date(2026, 10, 31);
/// When the program's structure (catalogue, targets, stakeholders) was entered.
pub const CATALOGUE_ENTERED_ON: NaiveDate = date(2025, 12, 15);
/// The `changed_by` of every revision the loader writes.
pub const SEED_AUTHOR: &str = "demo-seed";
/// The reason on every initial target revision.
pub const INITIAL_TARGET_REASON: &str = "Initial target from the program catalogue";

/// The timestamp at which the catalogue rows were created (02:00 UTC = 11:00 WIT).
pub fn catalogue_entered_at() -> DateTime<Utc> {
    at(CATALOGUE_ENTERED_ON, 2, 0)
}

/// A UTC timestamp on a date.
pub(crate) fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, minute, 0)
        .expect("hour < 24 and minute < 60")
        .and_utc()
}

/// A text in English and in Bahasa Indonesia (`ind`, to keep `id` for identifiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bilingual {
    pub en: &'static str,
    pub ind: &'static str,
}

/// Shorthand for the tables below.
pub(crate) const fn tr(en: &'static str, ind: &'static str) -> Bilingual {
    Bilingual { en, ind }
}

/// An industrial park.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Park {
    pub code: &'static str,
    pub name: &'static str,
    pub province: Option<&'static str>,
    pub regency: Option<&'static str>,
    pub area_ha: Option<f64>,
    pub area_as_of: Option<NaiveDate>,
}

impl Park {
    pub fn id(&self) -> Uuid {
        prng::entity_id("park", self.code)
    }
}

/// A program in a park.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Program {
    pub code: &'static str,
    pub park: &'static str,
    pub name: Bilingual,
    pub phase: &'static str,
    pub description: Bilingual,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

impl Program {
    pub fn id(&self) -> Uuid {
        prng::entity_id("program", self.code)
    }
}

/// A pillar of the program.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pillar {
    pub code: &'static str,
    pub name: Bilingual,
    pub description: Bilingual,
    pub position: i16,
}

impl Pillar {
    pub fn id(&self) -> Uuid {
        pillar_id(self.code)
    }
}

/// The id of the demo program's pillar with this code.
pub fn pillar_id(code: &str) -> Uuid {
    prng::entity_id("pillar", code)
}

/// A reporting framework an indicator answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameworkRef {
    pub framework: &'static str,
    pub code: &'static str,
    pub version: &'static str,
    pub effective_from: Option<NaiveDate>,
}

/// An indicator of the catalogue, with everything the roll-up and status rules need.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indicator {
    pub code: &'static str,
    pub pillar: &'static str,
    pub position: i16,
    pub name: Bilingual,
    pub definition: Bilingual,
    pub unit: &'static str,
    pub kind: IndicatorKind,
    pub direction: Direction,
    pub aggregation: Aggregation,
    pub cumulative: bool,
    pub frequency: Frequency,
    pub decimals: i16,
    pub baseline_value: f64,
    pub baseline_year: i16,
    /// (year, value): the value to reach by 31 December of the year.
    pub targets: [(i16, f64); 3],
    pub numerator_label: Option<Bilingual>,
    pub denominator_label: Option<Bilingual>,
    /// For milestones, the label of stage 0, 1, …; empty otherwise.
    pub stage_labels: &'static [Bilingual],
    /// Computed from activity data (CE-01, CE-02 from the GHG inventory): nobody reports it.
    pub computed_from: Option<crate::domain::kinds::ComputedFrom>,
    pub frameworks: &'static [FrameworkRef],
}

impl Indicator {
    pub fn id(&self) -> Uuid {
        indicator_id(self.code)
    }

    /// The target for `year` (the catalogue sets 2026, 2027 and 2028).
    pub fn target(&self, year: i16) -> Option<f64> {
        self.targets
            .iter()
            .find(|(y, _)| *y == year)
            .map(|(_, v)| *v)
    }
}

/// The id of the demo indicator with this code.
pub fn indicator_id(code: &str) -> Uuid {
    prng::entity_id("indicator", code)
}

/// A stakeholder organisation (real ones: roles and descriptions only) or a fictional demo
/// tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Organisation {
    pub code: &'static str,
    pub name: &'static str,
    pub short_name: &'static str,
    pub kind: OrganisationKind,
    pub process_route: Option<ProcessRoute>,
    pub park: Option<&'static str>,
    pub description: Bilingual,
    pub website: Option<&'static str>,
    pub contact_name: Option<&'static str>,
    pub contact_email: Option<&'static str>,
    pub is_demo: bool,
}

impl Organisation {
    pub fn id(&self) -> Uuid {
        organisation_id(self.code)
    }
}

/// The id of the demo organisation with this code.
pub fn organisation_id(code: &str) -> Uuid {
    prng::entity_id("organisation", code)
}

/// An organisation's role in the program and the pillars it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub organisation: &'static str,
    pub role: ProgramRole,
    pub note: Bilingual,
    pub pillars: Vec<&'static str>,
}

impl Role {
    pub fn id(&self) -> Uuid {
        prng::entity_id(
            "program_role",
            &format!("{}|{}", self.organisation, self.role.as_str()),
        )
    }
}

/// Which organisation reports which indicator, from when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    pub indicator: &'static str,
    pub organisation: &'static str,
    pub starts_on: NaiveDate,
}

impl Assignment {
    pub fn id(&self) -> Uuid {
        prng::entity_id(
            "assignment",
            &format!("{}|{}", self.indicator, self.organisation),
        )
    }
}

/// A milestone of the three-year timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Milestone {
    pub code: &'static str,
    pub title: Bilingual,
    pub description: Bilingual,
    pub pillar: Option<&'static str>,
    pub owner: Option<&'static str>,
    pub starts_on: NaiveDate,
    pub due_on: NaiveDate,
    pub status: MilestoneStatus,
    pub completed_on: Option<NaiveDate>,
    pub evidence_url: Option<&'static str>,
}

impl Milestone {
    pub fn id(&self) -> Uuid {
        prng::entity_id("milestone", self.code)
    }
}

/// What a revision did (a closed set checked by the observation_revision table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RevisionAction {
    Create,
    Update,
    Submit,
    Approve,
    Return,
}

impl RevisionAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionAction::Create => "create",
            RevisionAction::Update => "update",
            RevisionAction::Submit => "submit",
            RevisionAction::Approve => "approve",
            RevisionAction::Return => "return",
        }
    }
}

/// The figure itself, in the columns its kind uses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub stage: Option<i16>,
}

/// The observation's fields that change from one version to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub status: ObservationStatus,
    pub figure: Figure,
    pub comment: String,
    pub first_submitted_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_note: Option<String>,
}

/// One version of an observation: who did what when, and the state it left.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub version: i32,
    pub action: RevisionAction,
    pub changed_at: DateTime<Utc>,
    pub reason: Option<String>,
    pub state: Snapshot,
}

/// One demo tenant's figure for one indicator and one period, as it stands on the demo date,
/// with its history (oldest first; the last revision is the current state).
#[derive(Debug, Clone, PartialEq)]
pub struct Observation {
    pub indicator: &'static str,
    pub organisation: &'static str,
    pub period: Period,
    pub data_quality: DataQuality,
    pub assurance: Assurance,
    pub evidence_url: Option<String>,
    pub history: Vec<Revision>,
}

impl Observation {
    pub fn id(&self) -> Uuid {
        prng::entity_id(
            "observation",
            &format!(
                "{}|{}|{}",
                self.indicator,
                self.organisation,
                self.period.start()
            ),
        )
    }

    /// The current state (the last revision's).
    pub fn current(&self) -> &Snapshot {
        &self
            .history
            .last()
            .expect("an observation has at least one revision")
            .state
    }

    pub fn status(&self) -> ObservationStatus {
        self.current().status
    }

    pub fn figure(&self) -> Figure {
        self.current().figure
    }

    /// The version number (= number of revisions).
    pub fn version(&self) -> i32 {
        self.history.last().map_or(1, |r| r.version)
    }

    pub fn created_at(&self) -> DateTime<Utc> {
        self.history
            .first()
            .expect("an observation has at least one revision")
            .changed_at
    }

    pub fn updated_at(&self) -> DateTime<Utc> {
        self.history
            .last()
            .expect("an observation has at least one revision")
            .changed_at
    }
}
