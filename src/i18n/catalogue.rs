//! The shape of a language's catalogue: every string the dashboards show, the labels of the
//! domain's closed sets with the methods that pick one by variant, and the areas that have
//! their own part (`accounts`, `structure`, `workflow`, `errors`, `validation`).

use super::accounts::AccountStrings;
use super::errors::{ApiDocsStrings, ErrorStrings};
use super::exports::ExportStrings;
use super::flows::FlowStrings;
use super::ghg::GhgStrings;
use super::iati::IatiStrings;
use super::import::ImportStrings;
use super::judgement::JudgementStrings;
use super::notifications::NotificationStrings;
use super::programs::ProgramStrings;
use super::publication::PublicationStrings;
use super::report::ReportStrings;
use super::structure::StructureStrings;
use super::validation::ValidationStrings;
use super::workflow::WorkflowStrings;
use crate::domain::compliance::ReportState;
use crate::domain::kinds::{
    Aggregation, DataQuality, Direction, Frequency, IndicatorKind, MilestoneStatus,
    ObservationStatus, OrganisationKind, ProcessRoute, ProgramRole,
};
use crate::domain::status::Status;
use crate::domain::{FieldError, Role};

/// Labels of indicator statuses.
pub struct StatusLabels {
    pub on_track: &'static str,
    pub at_risk: &'static str,
    pub off_track: &'static str,
    pub insufficient_data: &'static str,
    pub no_data: &'static str,
}

/// Labels of user roles.
pub struct RoleLabels {
    pub viewer: &'static str,
    pub tenant: &'static str,
    pub manager: &'static str,
    pub admin: &'static str,
    pub verifier: &'static str,
}

/// Labels of report states (compliance).
pub struct ReportStateLabels {
    pub missing: &'static str,
    pub draft: &'static str,
    pub submitted: &'static str,
    pub approved: &'static str,
    pub returned: &'static str,
}

/// Labels of milestone statuses.
pub struct MilestoneStatusLabels {
    pub planned: &'static str,
    pub in_progress: &'static str,
    pub done: &'static str,
    pub late: &'static str,
    pub cancelled: &'static str,
}

/// Labels of organisation kinds.
pub struct OrganisationKindLabels {
    pub government: &'static str,
    pub park_operator: &'static str,
    pub tenant: &'static str,
    pub association: &'static str,
    pub financial_institution: &'static str,
    pub un_agency: &'static str,
    pub community_organisation: &'static str,
    pub academia: &'static str,
    pub ngo: &'static str,
}

/// Labels of program roles.
pub struct ProgramRoleLabels {
    pub signatory: &'static str,
    pub lead: &'static str,
    pub implementing_partner: &'static str,
    pub funder: &'static str,
    pub pilot_site: &'static str,
    pub reporting_tenant: &'static str,
    pub beneficiary: &'static str,
    pub verifier: &'static str,
    pub observer: &'static str,
}

/// Labels of process routes.
pub struct ProcessRouteLabels {
    pub rkef: &'static str,
    pub matte_converter: &'static str,
    pub hpal: &'static str,
    pub refinery: &'static str,
    pub precursor: &'static str,
    pub cell: &'static str,
    pub aluminium_smelter: &'static str,
    pub captive_power: &'static str,
    pub mining: &'static str,
}

/// Labels of indicator kinds.
pub struct IndicatorKindLabels {
    pub quantity: &'static str,
    pub count: &'static str,
    pub percentage: &'static str,
    pub ratio: &'static str,
    pub milestone: &'static str,
    pub qualitative: &'static str,
}

/// Labels of directions.
pub struct DirectionLabels {
    pub higher_is_better: &'static str,
    pub lower_is_better: &'static str,
}

/// Labels of aggregations, as a sentence on how the park figure is made.
pub struct AggregationLabels {
    pub sum: &'static str,
    pub ratio_of_sums: &'static str,
    pub mean: &'static str,
    pub latest: &'static str,
    pub max: &'static str,
    pub min: &'static str,
    pub park: &'static str,
}

/// Labels of reporting frequencies.
pub struct FrequencyLabels {
    pub monthly: &'static str,
    pub quarterly: &'static str,
    pub semi_annual: &'static str,
    pub annual: &'static str,
    /// A yearly rate's unit read for one period: "count per quarter".
    pub per_month: &'static str,
    pub per_quarter: &'static str,
    pub per_half_year: &'static str,
}

/// Labels of data qualities.
pub struct DataQualityLabels {
    pub measured: &'static str,
    pub calculated: &'static str,
    pub estimated: &'static str,
}

/// Every string of the interface in one language.
pub struct Strings {
    // ---- layout ----
    pub skip_to_content: &'static str,
    pub tagline: &'static str,
    pub main_navigation: &'static str,
    pub nav_overview: &'static str,
    pub nav_timeline: &'static str,
    pub nav_reporting: &'static str,
    pub nav_stakeholders: &'static str,
    pub language: &'static str,
    pub demo_data: &'static str,
    pub demo_data_title: &'static str,
    pub footer: &'static str,
    pub footer_demo: &'static str,
    pub breadcrumb: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub none: &'static str,
    pub show: &'static str,
    pub clear_filters: &'static str,
    pub filters: &'static str,
    pub legend: &'static str,
    pub download_csv: &'static str,
    pub account: &'static str,
    pub my_organisation: &'static str,
    pub admin: &'static str,
    pub sign_in: &'static str,
    pub sign_out: &'static str,

    // ---- empty database ----
    pub no_program_title: &'static str,
    pub no_program_text: &'static str,

    // ---- overview ----
    pub phase: fn(&str) -> String,
    pub month_of: fn(u32, u32) -> String,
    pub not_started: &'static str,
    pub elapsed: fn(u32) -> String,
    pub figures_as_of: fn(&str) -> String,
    pub indicators_by_status: &'static str,
    pub headline_indicators: &'static str,
    pub all_indicators_of_pillar: fn(usize) -> String,
    pub no_indicators: &'static str,
    pub milestones: &'static str,
    pub overdue: &'static str,
    pub due_next_days: fn(u64) -> String,
    pub nothing_overdue: &'static str,
    pub nothing_due_soon: &'static str,
    pub due_on: fn(&str) -> String,
    pub whole_timeline: &'static str,
    pub reporting_this_period: &'static str,
    pub reporting_round_explained: fn(i64) -> String,
    pub reports_on_time: fn(usize, usize) -> String,
    pub late_organisations: &'static str,
    pub late_reports_count: fn(usize) -> String,
    /// How many organisations have late reports: the count (for the plural) and the count as
    /// written in the locale.
    pub late_organisations_total: fn(usize, &str) -> String,
    /// The late organisations the overview does not name (count, count as written).
    pub more_late_organisations: fn(usize, &str) -> String,
    pub nobody_late: &'static str,
    pub no_reports_due_yet: &'static str,
    pub whole_reporting: &'static str,
    pub latest_approved: &'static str,
    pub latest_returned: &'static str,
    pub nothing_approved: &'static str,
    pub nothing_returned: &'static str,
    pub reviewed_on: &'static str,
    pub review_note: &'static str,
    pub trend_of: fn(&str) -> String,

    // ---- shared table headings ----
    pub indicator: &'static str,
    pub unit: &'static str,
    pub organisation: &'static str,
    pub period: &'static str,
    pub value: &'static str,
    pub status: &'static str,
    pub baseline: &'static str,
    pub latest_official: &'static str,
    pub target_this_year: &'static str,
    pub target_year: fn(i32) -> String,
    pub progress: &'static str,
    pub progress_aria: fn(u32) -> String,
    pub trend: &'static str,
    pub coverage: &'static str,
    pub coverage_of: fn(usize, usize) -> String,
    pub coverage_explained: &'static str,

    // ---- pillar ----
    pub pillar: &'static str,
    pub pillar_indicators: &'static str,
    pub pillar_milestones: &'static str,
    pub no_pillar_milestones: &'static str,

    // ---- indicator ----
    pub definition: &'static str,
    pub attributes: &'static str,
    pub kind: &'static str,
    pub direction: &'static str,
    pub aggregation: &'static str,
    pub frequency: &'static str,
    pub cumulative: &'static str,
    pub decimals: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    pub stages: &'static str,
    pub frameworks: &'static str,
    pub no_frameworks: &'static str,
    pub effective_from: fn(&str) -> String,
    pub standing: &'static str,
    pub expected_now: &'static str,
    pub chart_title: &'static str,
    pub chart_annualised: &'static str,
    pub chart_aria: fn(&str) -> String,
    pub legend_official: &'static str,
    pub legend_provisional: &'static str,
    pub legend_target_path: &'static str,
    pub legend_today: &'static str,
    pub contributors: fn(usize) -> String,
    pub provisional: &'static str,
    pub provisional_note: fn(usize) -> String,
    pub annualised_value: fn(&str) -> String,
    pub no_figures_yet: &'static str,
    pub qualitative_no_chart: &'static str,
    pub series_table: &'static str,
    pub by_organisation: &'static str,
    pub choose_period: &'static str,
    pub process_route: &'static str,
    pub report_status: &'static str,
    pub data_quality: &'static str,
    pub comment: &'static str,
    pub evidence: &'static str,
    pub evidence_link: &'static str,
    pub no_assignments: &'static str,
    pub no_reports_for_period: &'static str,
    pub by_process_route: &'static str,
    pub by_process_route_explained: &'static str,
    pub no_route: &'static str,
    pub organisations: &'static str,
    pub no_approved_for_period: &'static str,
    pub target_history: &'static str,
    pub year: &'static str,
    pub old_value: &'static str,
    pub new_value: &'static str,
    pub reason: &'static str,
    pub changed_by: &'static str,
    pub changed_on: &'static str,
    pub no_target_history: &'static str,
    pub downloads: &'static str,
    pub download_series: &'static str,
    pub download_table: &'static str,

    // ---- stakeholders ----
    pub stakeholders_title: &'static str,
    pub stakeholders_intro: &'static str,
    pub all_kinds: &'static str,
    pub all_pillars: &'static str,
    pub roles: &'static str,
    pub pillars: &'static str,
    pub organisations_shown: fn(usize) -> String,
    pub no_stakeholders: &'static str,
    pub no_stakeholders_match: &'static str,
    // ---- paging (long lists) ----
    pub rows_of: fn(usize, usize, usize) -> String,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub pages_label: &'static str,
    pub demo_organisation: &'static str,
    pub roles_in_program: &'static str,
    pub no_roles: &'static str,
    pub assigned_indicators: &'static str,
    pub reports_from: fn(&str) -> String,
    pub no_assigned_indicators: &'static str,
    pub reporting_record: &'static str,
    pub on_time_share: &'static str,
    pub expected_reports: &'static str,
    pub late_reports: &'static str,
    pub missing_reports: &'static str,
    pub open_returns: &'static str,
    pub no_reports_expected: &'static str,
    pub website: &'static str,
    pub contact: &'static str,
    pub milestones_owned: &'static str,

    // ---- timeline ----
    pub timeline_title: &'static str,
    pub timeline_intro: &'static str,
    pub all_statuses: &'static str,
    pub program_wide: &'static str,
    pub gantt_view: &'static str,
    pub list_view: &'static str,
    pub gantt_aria: &'static str,
    pub today: &'static str,
    pub milestone: &'static str,
    pub owner: &'static str,
    pub starts: &'static str,
    pub due: &'static str,
    pub completed: fn(&str) -> String,
    pub milestones_shown: fn(usize) -> String,
    pub no_milestones: &'static str,
    pub no_milestones_match: &'static str,

    // ---- reporting ----
    pub reporting_title: &'static str,
    pub reporting_intro: fn(i64) -> String,
    pub by_pillar: &'static str,
    pub by_indicator: &'static str,
    pub matrix_caption: fn(&str) -> String,
    pub late: &'static str,
    pub late_marker_title: &'static str,
    pub reports_in_cell: fn(usize, usize) -> String,
    pub no_period_closed: &'static str,
    pub no_assignments_in_scope: &'static str,
    pub total: &'static str,

    // ---- closed sets ----
    pub status_labels: StatusLabels,
    pub roles_of_users: RoleLabels,
    pub report_states: ReportStateLabels,
    pub milestone_statuses: MilestoneStatusLabels,
    pub organisation_kinds: OrganisationKindLabels,
    pub program_roles: ProgramRoleLabels,
    pub process_routes: ProcessRouteLabels,
    pub indicator_kinds: IndicatorKindLabels,
    pub directions: DirectionLabels,
    pub aggregations: AggregationLabels,
    pub frequencies: FrequencyLabels,
    pub data_qualities: DataQualityLabels,

    // ---- areas ----
    pub accounts: AccountStrings,
    pub structure: StructureStrings,
    pub workflow: WorkflowStrings,
    /// The progress report and its narratives.
    pub report: ReportStrings,
    /// The downloads: workbooks and their links.
    pub exports: ExportStrings,
    /// Reminders and notifications: the messages, the reset pages, the settings.
    pub notifications: NotificationStrings,
    /// Imports: the page, the preview, the template.
    pub imports: ImportStrings,
    /// Publishing periods and the public page.
    pub flows: FlowStrings,
    pub publication: PublicationStrings,
    /// The greenhouse-gas inventory and its activity data.
    pub ghg: GhgStrings,
    /// What a status judged, and a park figure's coverage.
    pub judgement: JudgementStrings,
    /// The error pages.
    pub errors: ErrorStrings,
    /// The frame of the API reference page.
    pub api_docs: ApiDocsStrings,
    /// The comments of the IATI results file (see `i18n::iati`).
    pub iati: IatiStrings,
    /// Several programs: the switch, the programs granted, the national view.
    pub programs: &'static ProgramStrings,
    /// What is wrong with an input (see `i18n::validation`).
    pub validation: ValidationStrings,
}

impl std::fmt::Debug for Strings {
    /// The strings are constants; a layout's debug output names them, not all 200.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("nav_overview", &self.nav_overview)
            .finish_non_exhaustive()
    }
}

impl Strings {
    pub fn status(&self, status: Status) -> &'static str {
        let l = &self.status_labels;
        match status {
            Status::OnTrack => l.on_track,
            Status::AtRisk => l.at_risk,
            Status::OffTrack => l.off_track,
            Status::InsufficientData => l.insufficient_data,
            Status::NoData => l.no_data,
        }
    }

    /// A user's role (templates hand it over by value or by reference).
    pub fn role(&self, role: impl std::borrow::Borrow<Role>) -> &'static str {
        let l = &self.roles_of_users;
        match role.borrow() {
            Role::Viewer => l.viewer,
            Role::Tenant => l.tenant,
            Role::Manager => l.manager,
            Role::Admin => l.admin,
            Role::Verifier => l.verifier,
        }
    }

    pub fn report_state(&self, state: ReportState) -> &'static str {
        let l = &self.report_states;
        match state {
            ReportState::Missing => l.missing,
            ReportState::Draft => l.draft,
            ReportState::Submitted => l.submitted,
            ReportState::Approved => l.approved,
            ReportState::Returned => l.returned,
        }
    }

    pub fn observation_status(&self, status: ObservationStatus) -> &'static str {
        self.report_state(status.into())
    }

    pub fn milestone_status(&self, status: MilestoneStatus) -> &'static str {
        let l = &self.milestone_statuses;
        match status {
            MilestoneStatus::Planned => l.planned,
            MilestoneStatus::InProgress => l.in_progress,
            MilestoneStatus::Done => l.done,
            MilestoneStatus::Late => l.late,
            MilestoneStatus::Cancelled => l.cancelled,
        }
    }

    pub fn organisation_kind(&self, kind: OrganisationKind) -> &'static str {
        let l = &self.organisation_kinds;
        match kind {
            OrganisationKind::Government => l.government,
            OrganisationKind::ParkOperator => l.park_operator,
            OrganisationKind::Tenant => l.tenant,
            OrganisationKind::Association => l.association,
            OrganisationKind::FinancialInstitution => l.financial_institution,
            OrganisationKind::UnAgency => l.un_agency,
            OrganisationKind::CommunityOrganisation => l.community_organisation,
            OrganisationKind::Academia => l.academia,
            OrganisationKind::Ngo => l.ngo,
        }
    }

    pub fn program_role(&self, role: ProgramRole) -> &'static str {
        let l = &self.program_roles;
        match role {
            ProgramRole::Signatory => l.signatory,
            ProgramRole::Lead => l.lead,
            ProgramRole::ImplementingPartner => l.implementing_partner,
            ProgramRole::Funder => l.funder,
            ProgramRole::PilotSite => l.pilot_site,
            ProgramRole::ReportingTenant => l.reporting_tenant,
            ProgramRole::Beneficiary => l.beneficiary,
            ProgramRole::Verifier => l.verifier,
            ProgramRole::Observer => l.observer,
        }
    }

    pub fn process_route(&self, route: ProcessRoute) -> &'static str {
        let l = &self.process_routes;
        match route {
            ProcessRoute::Rkef => l.rkef,
            ProcessRoute::MatteConverter => l.matte_converter,
            ProcessRoute::Hpal => l.hpal,
            ProcessRoute::Refinery => l.refinery,
            ProcessRoute::Precursor => l.precursor,
            ProcessRoute::Cell => l.cell,
            ProcessRoute::AluminiumSmelter => l.aluminium_smelter,
            ProcessRoute::CaptivePower => l.captive_power,
            ProcessRoute::Mining => l.mining,
        }
    }

    pub fn indicator_kind(&self, kind: IndicatorKind) -> &'static str {
        let l = &self.indicator_kinds;
        match kind {
            IndicatorKind::Quantity => l.quantity,
            IndicatorKind::Count => l.count,
            IndicatorKind::Percentage => l.percentage,
            IndicatorKind::Ratio => l.ratio,
            IndicatorKind::Milestone => l.milestone,
            IndicatorKind::Qualitative => l.qualitative,
        }
    }

    pub fn direction(&self, direction: Direction) -> &'static str {
        match direction {
            Direction::HigherIsBetter => self.directions.higher_is_better,
            Direction::LowerIsBetter => self.directions.lower_is_better,
        }
    }

    pub fn aggregation(&self, aggregation: Aggregation) -> &'static str {
        let l = &self.aggregations;
        match aggregation {
            Aggregation::Sum => l.sum,
            Aggregation::RatioOfSums => l.ratio_of_sums,
            Aggregation::Mean => l.mean,
            Aggregation::Latest => l.latest,
            Aggregation::Max => l.max,
            Aggregation::Min => l.min,
            Aggregation::Park => l.park,
        }
    }

    pub fn frequency(&self, frequency: Frequency) -> &'static str {
        let l = &self.frequencies;
        match frequency {
            Frequency::Monthly => l.monthly,
            Frequency::Quarterly => l.quarterly,
            Frequency::SemiAnnual => l.semi_annual,
            Frequency::Annual => l.annual,
        }
    }

    /// "per quarter" for a unit of one period; `None` for a year, whose unit is the rate's own.
    pub fn per_period(&self, frequency: Frequency) -> Option<&'static str> {
        let l = &self.frequencies;
        match frequency {
            Frequency::Monthly => Some(l.per_month),
            Frequency::Quarterly => Some(l.per_quarter),
            Frequency::SemiAnnual => Some(l.per_half_year),
            Frequency::Annual => None,
        }
    }

    pub fn data_quality(&self, quality: DataQuality) -> &'static str {
        let l = &self.data_qualities;
        match quality {
            DataQuality::Measured => l.measured,
            DataQuality::Calculated => l.calculated,
            DataQuality::Estimated => l.estimated,
        }
    }

    /// What is wrong with a field, as a sentence in this language (see `i18n::validation`).
    pub fn field_error(&self, error: &FieldError) -> String {
        self.validation.say(error)
    }

    pub fn yes_no(&self, value: bool) -> &'static str {
        if value { self.yes } else { self.no }
    }
}
