//! Pilar's domain: the types and rules that decide the program's official figures.
//!
//! Pure code: no I/O, no database, no async. Everything here is deterministic given its
//! arguments (the only source of "now" is [`Clock`], passed in explicitly), so the rules can
//! be unit-tested with hand-computed expectations.

pub mod accounts;
pub mod bounds;
pub mod clock;
pub mod compliance;
pub mod coverage;
pub mod denied;
pub mod field_error;
pub mod flows;
pub mod ghg;
pub mod iati;
pub mod identity;
pub mod import;
pub mod kinds;
pub mod milestones;
pub mod missing;
pub mod notifications;
pub mod number;
pub mod outlier;
pub mod parks;
pub mod period;
pub mod period_reports;
pub mod privacy;
pub mod report_period;
pub mod report_refusal;
pub mod rollup;
pub mod scorecard;
pub mod series;
pub mod status;
pub mod structure;
pub mod text;
pub mod transparency;
pub mod value;
pub mod web_address;
pub mod weight;

pub use bounds::Bounds;
pub use clock::Clock;
pub use compliance::{
    Compliance, ComplianceSummary, GRACE_DAYS, ReportFacts, ReportState, compliance, due_date,
    summarise,
};
pub use denied::{Clash, Denied, Violated};
pub use field_error::{FieldError, InputProblem};
pub use identity::{Actor, AuditOrigin};
pub use kinds::{
    Aggregation, Assurance, Cadence, DataQuality, Direction, Frequency, ImportKind, IndicatorKind,
    MilestoneStatus, NotificationKind, ObservationStatus, OrganisationKind, ProcessRoute,
    ProgramRole, Role, SubmissionStatus, TokenScope, UnknownVariant,
};
pub use missing::Missing;
pub use number::{NumberConvention, Reading, read_number, write_for_input};
pub use period::{Period, PeriodError, closed_periods, periods_between};
pub use report_refusal::ReportRefusal;
pub use rollup::{
    Aggregate, Contribution, PeriodFigure, aggregate_organisations, annualise, rollup_year,
};
pub use status::{
    AT_RISK_MAX_SHORTFALL, ON_TRACK_MAX_SHORTFALL, Status, TargetPath, progress, status,
};
pub use text::Bilingual;
pub use value::{ObservationValue, RawValue, check_bounds, parse_value};
