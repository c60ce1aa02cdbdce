//! The interface's two languages, English and Bahasa Indonesia.
//!
//! Every string a page shows is a field of [`Strings`], and each language is one `static`
//! value of it, so a string missing in one language is a compile error, not a blank on a page.
//! Labels of the domain's closed sets (statuses, kinds, roles…) are sub-structs with one field
//! per variant, read through methods that match on the variant: a new variant does not compile
//! until both languages name it. Strings with numbers or dates in them are functions, so the
//! word order can differ between the languages.

use crate::domain::Role;
use crate::domain::compliance::ReportState;
use crate::domain::kinds::{
    Aggregation, DataQuality, Direction, Frequency, IndicatorKind, MilestoneStatus,
    ObservationStatus, OrganisationKind, ProcessRoute, ProgramRole,
};
use crate::domain::status::Status;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// English, the default.
    #[default]
    En,
    /// Bahasa Indonesia.
    Id,
}

impl Locale {
    /// Every language, in the order the switch shows them.
    pub const ALL: &[Locale] = &[Locale::En, Locale::Id];

    /// The BCP 47 tag: `<html lang>`, the `lang` cookie and the `?lang=` parameter.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Id => "id",
        }
    }

    /// The language's own name, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Id => "Bahasa Indonesia",
        }
    }

    /// Reads a language tag (`en`, `en-GB`, `id`, `id-ID`, and `in`, the old code for
    /// Indonesian), case-insensitively; `None` for any other language.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "id" | "in" => Some(Locale::Id),
            _ => None,
        }
    }

    /// The preferred supported language of an `Accept-Language` header: the highest quality
    /// wins, the earlier entry on a tie; `None` when the header names neither language (or
    /// gives them quality 0).
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(Locale, f32)> = None;
        for entry in header.split(',') {
            let mut parts = entry.split(';');
            let Some(locale) = parts.next().and_then(Locale::from_tag) else {
                continue;
            };
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if quality > 0.0 && best.is_none_or(|(_, q)| quality > q) {
                best = Some((locale, quality));
            }
        }
        best.map(|(locale, _)| locale)
    }

    /// The language for a request: an explicit choice (`?lang=`), else the remembered one
    /// (the `lang` cookie), else the browser's preference (`Accept-Language`), else the
    /// signed-in user's preferred language (for a browser that names neither), else English.
    pub fn choose(
        query: Option<&str>,
        cookie: Option<&str>,
        accept: Option<&str>,
        preferred: Option<&str>,
    ) -> Locale {
        query
            .and_then(Locale::from_tag)
            .or_else(|| cookie.and_then(Locale::from_tag))
            .or_else(|| accept.and_then(Locale::from_accept_language))
            .or_else(|| preferred.and_then(Locale::from_tag))
            .unwrap_or_default()
    }

    /// The strings of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::En => &EN,
            Locale::Id => &ID,
        }
    }
}

/// Labels of indicator statuses.
pub struct StatusLabels {
    pub on_track: &'static str,
    pub at_risk: &'static str,
    pub off_track: &'static str,
    pub no_data: &'static str,
}

/// Labels of user roles.
pub struct RoleLabels {
    pub viewer: &'static str,
    pub tenant: &'static str,
    pub manager: &'static str,
    pub admin: &'static str,
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

    pub fn data_quality(&self, quality: DataQuality) -> &'static str {
        let l = &self.data_qualities;
        match quality {
            DataQuality::Measured => l.measured,
            DataQuality::Calculated => l.calculated,
            DataQuality::Estimated => l.estimated,
        }
    }

    pub fn yes_no(&self, value: bool) -> &'static str {
        if value { self.yes } else { self.no }
    }
}

/// English.
pub static EN: Strings = Strings {
    skip_to_content: "Skip to content",
    tagline: "IWIP sustainable-nickel pilot tracker",
    main_navigation: "Main",
    nav_overview: "Overview",
    nav_timeline: "Timeline",
    nav_reporting: "Reporting",
    nav_stakeholders: "Stakeholders",
    language: "Language",
    demo_data: "Demo data",
    demo_data_title: "The figures on this page come from fictional demo tenants.",
    footer: "Pilar · Tsingshan–UNIDO pilot at PT Indonesia Weda Bay Industrial Park.",
    footer_demo: "Figures reported by demo tenants are synthetic.",
    breadcrumb: "Breadcrumb",
    yes: "Yes",
    no: "No",
    none: "None",
    show: "Show",
    clear_filters: "Clear filters",
    filters: "Filters",
    legend: "Legend",
    download_csv: "Download CSV",
    account: "Account",
    my_organisation: "My organisation",
    admin: "Admin",
    sign_in: "Sign in",
    sign_out: "Sign out",

    no_program_title: "No program yet",
    no_program_text: "This Pilar has no program. Load the IWIP demo data with \
                      pilar seed --demo, or have an admin create the park, the program and its \
                      pillars.",

    phase: |phase| format!("Phase {phase}"),
    month_of: |month, months| format!("Month {month} of {months}"),
    not_started: "Not started",
    elapsed: |percent| format!("{percent}% of the program elapsed"),
    figures_as_of: |date| format!("figures as of {date}"),
    indicators_by_status: "Indicators by status",
    headline_indicators: "Headline indicators",
    all_indicators_of_pillar: |n| {
        if n == 1 {
            "The pillar's indicator".to_string()
        } else {
            format!("All {n} indicators of the pillar")
        }
    },
    no_indicators: "No indicators yet. An admin adds them to this pillar.",
    milestones: "Milestones",
    overdue: "Overdue",
    due_next_days: |days| format!("Due in the next {days} days"),
    nothing_overdue: "Nothing is overdue.",
    nothing_due_soon: "Nothing falls due in this window.",
    due_on: |date| format!("due {date}"),
    whole_timeline: "The whole timeline",
    reporting_this_period: "Reporting this period",
    reporting_round_explained: |days| {
        format!(
            "The reports of the latest closed period of every assigned indicator. A report is \
             due {days} days after its period ends."
        )
    },
    reports_on_time: |on_time, expected| format!("{on_time} of {expected} reports on time"),
    late_organisations: "Late",
    late_reports_count: |n| {
        if n == 1 {
            "1 late report".to_string()
        } else {
            format!("{n} late reports")
        }
    },
    late_organisations_total: |n, shown| {
        if n == 1 {
            "1 organisation has late reports".to_string()
        } else {
            format!("{shown} organisations have late reports")
        }
    },
    more_late_organisations: |n, shown| {
        if n == 1 {
            "and 1 more organisation with late reports".to_string()
        } else {
            format!("and {shown} more organisations with late reports")
        }
    },
    nobody_late: "Every organisation is on time.",
    no_reports_due_yet: "No report is due yet: the first ones fall due after the first period \
                         closes.",
    whole_reporting: "Who reported what",
    latest_approved: "Latest approved reports",
    latest_returned: "Latest returned reports",
    nothing_approved: "No report has been approved yet.",
    nothing_returned: "No report has been returned.",
    reviewed_on: "Reviewed",
    review_note: "Review note",
    trend_of: |name| format!("Trend of the official values of {name}"),

    indicator: "Indicator",
    unit: "Unit",
    organisation: "Organisation",
    period: "Period",
    value: "Value",
    status: "Status",
    baseline: "Baseline",
    latest_official: "Latest official",
    target_this_year: "Target this year",
    target_year: |year| format!("Target {year}"),
    progress: "Progress to final target",
    progress_aria: |percent| format!("{percent}% of the planned change"),
    trend: "Trend",
    coverage: "Coverage",
    coverage_of: |reported, assigned| format!("{reported} of {assigned}"),
    coverage_explained: "Organisations in the latest official figure, of those assigned.",

    pillar: "Pillar",
    pillar_indicators: "Indicators",
    pillar_milestones: "Milestones of the pillar",
    no_pillar_milestones: "No milestones belong to this pillar.",

    definition: "Definition",
    attributes: "How it is measured",
    kind: "Kind",
    direction: "Direction",
    aggregation: "Park figure",
    frequency: "Reported",
    cumulative: "Cumulative",
    decimals: "Decimals",
    numerator: "Numerator",
    denominator: "Denominator",
    stages: "Stages",
    frameworks: "Framework references",
    no_frameworks: "No framework reference.",
    effective_from: |date| format!("from {date}"),
    standing: "Where it stands",
    expected_now: "Expected at the latest period",
    chart_title: "Park value per period against the target path",
    chart_annualised: "Flows are shown per year (the period's value × periods per year), as \
                       the targets are yearly.",
    chart_aria: |name| {
        format!("Chart of the park value of {name} per period against its target path")
    },
    legend_official: "Official (approved)",
    legend_provisional: "Provisional (includes submitted reports)",
    legend_target_path: "Target path",
    legend_today: "Today",
    contributors: |n| {
        if n == 1 {
            "1 organisation".to_string()
        } else {
            format!("{n} organisations")
        }
    },
    provisional: "provisional",
    provisional_note: |n| {
        if n == 1 {
            "includes 1 submitted report awaiting review".to_string()
        } else {
            format!("includes {n} submitted reports awaiting review")
        }
    },
    annualised_value: |value| format!("{value} per year"),
    no_figures_yet: "No approved figures yet. They appear here once the assigned organisations \
                     report and a manager approves their reports.",
    qualitative_no_chart: "A qualitative indicator has no chart: read the reports below.",
    series_table: "Values per period",
    by_organisation: "By reporting organisation",
    choose_period: "Period",
    process_route: "Process route",
    report_status: "Report",
    data_quality: "Data quality",
    comment: "Comment",
    evidence: "Evidence",
    evidence_link: "Evidence",
    no_assignments: "No organisation is assigned this indicator yet. An admin assigns the \
                     reporting organisations.",
    no_reports_for_period: "No period has been reported yet.",
    by_process_route: "By process route",
    by_process_route_explained: "Approved figures of the period, combined by the indicator's \
                                 rule within each route.",
    no_route: "No process route",
    organisations: "Organisations",
    no_approved_for_period: "No approved figure for this period yet.",
    target_history: "Target history",
    year: "Year",
    old_value: "Before",
    new_value: "Target",
    reason: "Reason",
    changed_by: "Changed by",
    changed_on: "Changed",
    no_target_history: "No target has been set yet.",
    downloads: "Downloads",
    download_series: "Values per period (CSV)",
    download_table: "Reports of the period by organisation (CSV)",

    stakeholders_title: "Stakeholders",
    stakeholders_intro: "The organisations around the program, their roles and the pillars \
                         they take part in.",
    all_kinds: "All kinds",
    all_pillars: "All pillars",
    roles: "Roles",
    pillars: "Pillars",
    organisations_shown: |n| {
        if n == 1 {
            "1 organisation".to_string()
        } else {
            format!("{n} organisations")
        }
    },
    no_stakeholders: "No stakeholders yet. An admin adds the organisations and their roles.",
    no_stakeholders_match: "No organisation matches these filters.",
    rows_of: |from, to, total| format!("Rows {from}–{to} of {total}"),
    previous_page: "Previous page",
    next_page: "Next page",
    pages_label: "Pages",
    demo_organisation: "Demo",
    roles_in_program: "Roles in the program",
    no_roles: "No role in the program.",
    assigned_indicators: "Assigned indicators",
    reports_from: |date| format!("reports from {date}"),
    no_assigned_indicators: "This organisation reports no indicators.",
    reporting_record: "Reporting record",
    on_time_share: "On time",
    expected_reports: "Reports expected",
    late_reports: "Late",
    missing_reports: "Missing",
    open_returns: "Returned, awaiting correction",
    no_reports_expected: "No report has fallen due yet.",
    website: "Website",
    contact: "Contact",
    milestones_owned: "Milestones it owns",

    timeline_title: "Timeline",
    timeline_intro: "The program's milestones, 2026–2028, grouped by pillar.",
    all_statuses: "All statuses",
    program_wide: "Program-wide",
    gantt_view: "Chart",
    list_view: "List",
    gantt_aria: "Gantt chart of the milestones; the same milestones are listed below.",
    today: "Today",
    milestone: "Milestone",
    owner: "Owner",
    starts: "Starts",
    due: "Due",
    completed: |date| format!("completed {date}"),
    milestones_shown: |n| {
        if n == 1 {
            "1 milestone".to_string()
        } else {
            format!("{n} milestones")
        }
    },
    no_milestones: "No milestones yet. An admin adds the program's milestones.",
    no_milestones_match: "No milestone matches these filters.",

    reporting_title: "Reporting",
    reporting_intro: |days| {
        format!(
            "Who reported what, period by period. A report is due {days} days after its period \
             ends; a cell holding several reports shows the one that needs the most attention."
        )
    },
    by_pillar: "By pillar",
    by_indicator: "By indicator",
    matrix_caption: |scope| format!("Reports per organisation and period: {scope}"),
    late: "late",
    late_marker_title: "Late: submitted after the due date, or still missing after it",
    reports_in_cell: |approved, expected| format!("{approved} of {expected} approved"),
    no_period_closed: "No reporting period has closed yet: the first reports fall due after the \
                       first period ends.",
    no_assignments_in_scope: "No organisation is assigned an indicator here yet. An admin \
                              assigns the reporting organisations.",
    total: "Total",

    roles_of_users: RoleLabels {
        viewer: "viewer",
        tenant: "tenant",
        manager: "manager",
        admin: "admin",
    },
    status_labels: StatusLabels {
        on_track: "On track",
        at_risk: "At risk",
        off_track: "Off track",
        no_data: "No data",
    },
    report_states: ReportStateLabels {
        missing: "Missing",
        draft: "Draft",
        submitted: "Submitted",
        approved: "Approved",
        returned: "Returned",
    },
    milestone_statuses: MilestoneStatusLabels {
        planned: "Planned",
        in_progress: "In progress",
        done: "Done",
        late: "Late",
        cancelled: "Cancelled",
    },
    organisation_kinds: OrganisationKindLabels {
        government: "Government",
        park_operator: "Park operator",
        tenant: "Tenant",
        association: "Association",
        financial_institution: "Financial institution",
        un_agency: "UN agency",
        community_organisation: "Community organisation",
        academia: "Academia",
        ngo: "NGO",
    },
    program_roles: ProgramRoleLabels {
        signatory: "Signatory",
        lead: "Lead",
        implementing_partner: "Implementing partner",
        funder: "Funder",
        pilot_site: "Pilot site",
        reporting_tenant: "Reporting tenant",
        beneficiary: "Beneficiary",
        verifier: "Verifier",
        observer: "Observer",
    },
    process_routes: ProcessRouteLabels {
        rkef: "RKEF smelting",
        matte_converter: "Matte converter",
        hpal: "HPAL",
        refinery: "Refinery",
        precursor: "Battery precursor",
        cell: "Battery cells",
        aluminium_smelter: "Aluminium smelter",
        captive_power: "Captive power",
        mining: "Mining",
    },
    indicator_kinds: IndicatorKindLabels {
        quantity: "Quantity",
        count: "Count",
        percentage: "Percentage (numerator ÷ denominator)",
        ratio: "Ratio (numerator ÷ denominator)",
        milestone: "Stages",
        qualitative: "Qualitative",
    },
    directions: DirectionLabels {
        higher_is_better: "Higher is better",
        lower_is_better: "Lower is better",
    },
    aggregations: AggregationLabels {
        sum: "Sum of the organisations' figures",
        ratio_of_sums: "Pooled: Σ numerators ÷ Σ denominators",
        mean: "Mean of the organisations' figures",
        latest: "The most recently approved figure",
        max: "The largest figure",
        min: "The smallest figure",
        park: "Reported once for the park",
    },
    frequencies: FrequencyLabels {
        monthly: "Monthly",
        quarterly: "Quarterly",
        semi_annual: "Half-yearly",
        annual: "Yearly",
    },
    data_qualities: DataQualityLabels {
        measured: "Measured",
        calculated: "Calculated",
        estimated: "Estimated",
    },
};

/// Bahasa Indonesia.
pub static ID: Strings = Strings {
    skip_to_content: "Langsung ke konten",
    tagline: "Pemantau proyek percontohan nikel berkelanjutan IWIP",
    main_navigation: "Utama",
    nav_overview: "Ringkasan",
    nav_timeline: "Linimasa",
    nav_reporting: "Pelaporan",
    nav_stakeholders: "Pemangku kepentingan",
    language: "Bahasa",
    demo_data: "Data demo",
    demo_data_title: "Angka di halaman ini berasal dari tenant demo fiktif.",
    footer: "Pilar · Proyek percontohan Tsingshan–UNIDO di PT Indonesia Weda Bay Industrial Park.",
    footer_demo: "Angka yang dilaporkan tenant demo bersifat sintetis.",
    breadcrumb: "Navigasi halaman",
    yes: "Ya",
    no: "Tidak",
    none: "Tidak ada",
    show: "Tampilkan",
    clear_filters: "Hapus filter",
    filters: "Filter",
    legend: "Keterangan",
    download_csv: "Unduh CSV",
    account: "Akun",
    my_organisation: "Organisasi saya",
    admin: "Admin",
    sign_in: "Masuk",
    sign_out: "Keluar",

    no_program_title: "Belum ada program",
    no_program_text: "Pilar ini belum memiliki program. Muat data demo IWIP dengan \
                      pilar seed --demo, atau minta admin membuat kawasan, program dan pilarnya.",

    phase: |phase| format!("Fase {phase}"),
    month_of: |month, months| format!("Bulan ke-{month} dari {months}"),
    not_started: "Belum dimulai",
    elapsed: |percent| format!("{percent}% masa program telah berjalan"),
    figures_as_of: |date| format!("angka per {date}"),
    indicators_by_status: "Indikator menurut status",
    headline_indicators: "Indikator utama",
    all_indicators_of_pillar: |n| {
        if n == 1 {
            "Indikator pilar ini".to_string()
        } else {
            format!("Semua {n} indikator pilar ini")
        }
    },
    no_indicators: "Belum ada indikator. Admin menambahkannya ke pilar ini.",
    milestones: "Tonggak",
    overdue: "Lewat tenggat",
    due_next_days: |days| format!("Jatuh tempo dalam {days} hari ke depan"),
    nothing_overdue: "Tidak ada yang lewat tenggat.",
    nothing_due_soon: "Tidak ada yang jatuh tempo dalam rentang ini.",
    due_on: |date| format!("tenggat {date}"),
    whole_timeline: "Seluruh linimasa",
    reporting_this_period: "Pelaporan periode ini",
    reporting_round_explained: |days| {
        format!(
            "Laporan periode terakhir yang sudah ditutup untuk setiap indikator yang ditugaskan. \
             Laporan jatuh tempo {days} hari setelah periodenya berakhir."
        )
    },
    reports_on_time: |on_time, expected| format!("{on_time} dari {expected} laporan tepat waktu"),
    late_organisations: "Terlambat",
    late_reports_count: |n| format!("{n} laporan terlambat"),
    late_organisations_total: |_, shown| format!("{shown} organisasi memiliki laporan terlambat"),
    more_late_organisations: |_, shown| {
        format!("dan {shown} organisasi lain dengan laporan terlambat")
    },
    nobody_late: "Semua organisasi tepat waktu.",
    no_reports_due_yet: "Belum ada laporan yang jatuh tempo: laporan pertama jatuh tempo setelah \
                         periode pertama ditutup.",
    whole_reporting: "Siapa melaporkan apa",
    latest_approved: "Laporan terbaru yang disetujui",
    latest_returned: "Laporan terbaru yang dikembalikan",
    nothing_approved: "Belum ada laporan yang disetujui.",
    nothing_returned: "Tidak ada laporan yang dikembalikan.",
    reviewed_on: "Ditinjau",
    review_note: "Catatan tinjauan",
    trend_of: |name| format!("Tren nilai resmi {name}"),

    indicator: "Indikator",
    unit: "Satuan",
    organisation: "Organisasi",
    period: "Periode",
    value: "Nilai",
    status: "Status",
    baseline: "Nilai dasar",
    latest_official: "Nilai resmi terakhir",
    target_this_year: "Target tahun ini",
    target_year: |year| format!("Target {year}"),
    progress: "Kemajuan menuju target akhir",
    progress_aria: |percent| format!("{percent}% dari perubahan yang direncanakan"),
    trend: "Tren",
    coverage: "Cakupan",
    coverage_of: |reported, assigned| format!("{reported} dari {assigned}"),
    coverage_explained: "Organisasi dalam angka resmi terakhir, dari yang ditugaskan.",

    pillar: "Pilar",
    pillar_indicators: "Indikator",
    pillar_milestones: "Tonggak pilar ini",
    no_pillar_milestones: "Tidak ada tonggak untuk pilar ini.",

    definition: "Definisi",
    attributes: "Cara pengukuran",
    kind: "Jenis",
    direction: "Arah",
    aggregation: "Angka kawasan",
    frequency: "Dilaporkan",
    cumulative: "Kumulatif",
    decimals: "Desimal",
    numerator: "Pembilang",
    denominator: "Penyebut",
    stages: "Tahapan",
    frameworks: "Rujukan kerangka",
    no_frameworks: "Tidak ada rujukan kerangka.",
    effective_from: |date| format!("mulai {date}"),
    standing: "Posisi saat ini",
    expected_now: "Yang diharapkan pada periode terakhir",
    chart_title: "Nilai kawasan per periode terhadap jalur target",
    chart_annualised: "Arus ditampilkan per tahun (nilai periode × jumlah periode per tahun), \
                       karena targetnya tahunan.",
    chart_aria: |name| format!("Grafik nilai kawasan {name} per periode terhadap jalur targetnya"),
    legend_official: "Resmi (disetujui)",
    legend_provisional: "Sementara (termasuk laporan yang diajukan)",
    legend_target_path: "Jalur target",
    legend_today: "Hari ini",
    contributors: |n| format!("{n} organisasi"),
    provisional: "sementara",
    provisional_note: |n| format!("termasuk {n} laporan diajukan yang menunggu tinjauan"),
    annualised_value: |value| format!("{value} per tahun"),
    no_figures_yet: "Belum ada angka yang disetujui. Angka muncul di sini setelah organisasi \
                     yang ditugaskan melapor dan manajer menyetujui laporannya.",
    qualitative_no_chart: "Indikator kualitatif tidak memiliki grafik: baca laporannya di bawah.",
    series_table: "Nilai per periode",
    by_organisation: "Menurut organisasi pelapor",
    choose_period: "Periode",
    process_route: "Jalur proses",
    report_status: "Laporan",
    data_quality: "Kualitas data",
    comment: "Komentar",
    evidence: "Bukti",
    evidence_link: "Bukti",
    no_assignments: "Belum ada organisasi yang ditugaskan melaporkan indikator ini. Admin \
                     menugaskan organisasi pelapor.",
    no_reports_for_period: "Belum ada periode yang dilaporkan.",
    by_process_route: "Menurut jalur proses",
    by_process_route_explained: "Angka periode ini yang disetujui, digabung menurut aturan \
                                 indikator dalam setiap jalur.",
    no_route: "Tanpa jalur proses",
    organisations: "Organisasi",
    no_approved_for_period: "Belum ada angka yang disetujui untuk periode ini.",
    target_history: "Riwayat target",
    year: "Tahun",
    old_value: "Sebelumnya",
    new_value: "Target",
    reason: "Alasan",
    changed_by: "Diubah oleh",
    changed_on: "Diubah",
    no_target_history: "Belum ada target yang ditetapkan.",
    downloads: "Unduhan",
    download_series: "Nilai per periode (CSV)",
    download_table: "Laporan periode ini per organisasi (CSV)",

    stakeholders_title: "Pemangku kepentingan",
    stakeholders_intro: "Organisasi di sekitar program, peran mereka dan pilar yang mereka ikuti.",
    all_kinds: "Semua jenis",
    all_pillars: "Semua pilar",
    roles: "Peran",
    pillars: "Pilar",
    organisations_shown: |n| format!("{n} organisasi"),
    no_stakeholders: "Belum ada pemangku kepentingan. Admin menambahkan organisasi dan perannya.",
    no_stakeholders_match: "Tidak ada organisasi yang cocok dengan filter ini.",
    rows_of: |from, to, total| format!("Baris {from}–{to} dari {total}"),
    previous_page: "Halaman sebelumnya",
    next_page: "Halaman berikutnya",
    pages_label: "Halaman",
    demo_organisation: "Demo",
    roles_in_program: "Peran dalam program",
    no_roles: "Tidak memiliki peran dalam program.",
    assigned_indicators: "Indikator yang ditugaskan",
    reports_from: |date| format!("melapor sejak {date}"),
    no_assigned_indicators: "Organisasi ini tidak melaporkan indikator apa pun.",
    reporting_record: "Rekam jejak pelaporan",
    on_time_share: "Tepat waktu",
    expected_reports: "Laporan yang diharapkan",
    late_reports: "Terlambat",
    missing_reports: "Belum ada",
    open_returns: "Dikembalikan, menunggu perbaikan",
    no_reports_expected: "Belum ada laporan yang jatuh tempo.",
    website: "Situs web",
    contact: "Kontak",
    milestones_owned: "Tonggak yang menjadi tanggung jawabnya",

    timeline_title: "Linimasa",
    timeline_intro: "Tonggak program, 2026–2028, dikelompokkan menurut pilar.",
    all_statuses: "Semua status",
    program_wide: "Seluruh program",
    gantt_view: "Grafik",
    list_view: "Daftar",
    gantt_aria: "Diagram Gantt tonggak program; tonggak yang sama tercantum di bawah.",
    today: "Hari ini",
    milestone: "Tonggak",
    owner: "Penanggung jawab",
    starts: "Mulai",
    due: "Tenggat",
    completed: |date| format!("selesai {date}"),
    milestones_shown: |n| format!("{n} tonggak"),
    no_milestones: "Belum ada tonggak. Admin menambahkan tonggak program.",
    no_milestones_match: "Tidak ada tonggak yang cocok dengan filter ini.",

    reporting_title: "Pelaporan",
    reporting_intro: |days| {
        format!(
            "Siapa melaporkan apa, periode demi periode. Laporan jatuh tempo {days} hari setelah \
             periodenya berakhir; sel yang memuat beberapa laporan menampilkan laporan yang \
             paling perlu perhatian."
        )
    },
    by_pillar: "Menurut pilar",
    by_indicator: "Menurut indikator",
    matrix_caption: |scope| format!("Laporan per organisasi dan periode: {scope}"),
    late: "terlambat",
    late_marker_title: "Terlambat: diajukan setelah tenggat, atau belum ada setelah tenggat",
    reports_in_cell: |approved, expected| format!("{approved} dari {expected} disetujui"),
    no_period_closed: "Belum ada periode pelaporan yang ditutup: laporan pertama jatuh tempo \
                       setelah periode pertama berakhir.",
    no_assignments_in_scope: "Belum ada organisasi yang ditugaskan melaporkan indikator di sini. \
                              Admin menugaskan organisasi pelapor.",
    total: "Jumlah",

    roles_of_users: RoleLabels {
        viewer: "pembaca",
        tenant: "tenant",
        manager: "manajer",
        admin: "admin",
    },
    status_labels: StatusLabels {
        on_track: "Sesuai target",
        at_risk: "Berisiko",
        off_track: "Tidak sesuai target",
        no_data: "Tidak ada data",
    },
    report_states: ReportStateLabels {
        missing: "Belum ada",
        draft: "Draf",
        submitted: "Diajukan",
        approved: "Disetujui",
        returned: "Dikembalikan",
    },
    milestone_statuses: MilestoneStatusLabels {
        planned: "Direncanakan",
        in_progress: "Berjalan",
        done: "Selesai",
        late: "Terlambat",
        cancelled: "Dibatalkan",
    },
    organisation_kinds: OrganisationKindLabels {
        government: "Pemerintah",
        park_operator: "Pengelola kawasan",
        tenant: "Tenant",
        association: "Asosiasi",
        financial_institution: "Lembaga keuangan",
        un_agency: "Badan PBB",
        community_organisation: "Organisasi masyarakat",
        academia: "Perguruan tinggi",
        ngo: "LSM",
    },
    program_roles: ProgramRoleLabels {
        signatory: "Penandatangan",
        lead: "Pemimpin",
        implementing_partner: "Mitra pelaksana",
        funder: "Penyandang dana",
        pilot_site: "Lokasi percontohan",
        reporting_tenant: "Tenant pelapor",
        beneficiary: "Penerima manfaat",
        verifier: "Verifikator",
        observer: "Pengamat",
    },
    process_routes: ProcessRouteLabels {
        rkef: "Peleburan RKEF",
        matte_converter: "Konverter matte",
        hpal: "HPAL",
        refinery: "Pemurnian",
        precursor: "Prekursor baterai",
        cell: "Sel baterai",
        aluminium_smelter: "Smelter aluminium",
        captive_power: "Pembangkit captive",
        mining: "Pertambangan",
    },
    indicator_kinds: IndicatorKindLabels {
        quantity: "Kuantitas",
        count: "Hitungan",
        percentage: "Persentase (pembilang ÷ penyebut)",
        ratio: "Rasio (pembilang ÷ penyebut)",
        milestone: "Tahapan",
        qualitative: "Kualitatif",
    },
    directions: DirectionLabels {
        higher_is_better: "Makin tinggi makin baik",
        lower_is_better: "Makin rendah makin baik",
    },
    aggregations: AggregationLabels {
        sum: "Jumlah angka seluruh organisasi",
        ratio_of_sums: "Gabungan: Σ pembilang ÷ Σ penyebut",
        mean: "Rata-rata angka seluruh organisasi",
        latest: "Angka terakhir yang disetujui",
        max: "Angka terbesar",
        min: "Angka terkecil",
        park: "Dilaporkan sekali untuk kawasan",
    },
    frequencies: FrequencyLabels {
        monthly: "Bulanan",
        quarterly: "Triwulanan",
        semi_annual: "Semesteran",
        annual: "Tahunan",
    },
    data_qualities: DataQualityLabels {
        measured: "Terukur",
        calculated: "Terhitung",
        estimated: "Perkiraan",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_loosely() {
        assert_eq!(Locale::from_tag("en"), Some(Locale::En));
        assert_eq!(Locale::from_tag("en-GB"), Some(Locale::En));
        assert_eq!(Locale::from_tag("ID"), Some(Locale::Id));
        assert_eq!(Locale::from_tag("id-ID"), Some(Locale::Id));
        assert_eq!(Locale::from_tag("in"), Some(Locale::Id));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        assert_eq!(
            Locale::from_accept_language("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"),
            Some(Locale::Id)
        );
        assert_eq!(
            Locale::from_accept_language("fr-FR, en;q=0.5, id;q=0.8"),
            Some(Locale::Id)
        );
        assert_eq!(
            Locale::from_accept_language("en;q=0.9, id;q=0.9"),
            Some(Locale::En),
            "the earlier entry wins a tie"
        );
        assert_eq!(
            Locale::from_accept_language("id;q=0, en;q=0.1"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("fr, de"), None);
        assert_eq!(Locale::from_accept_language(""), None);
        assert_eq!(Locale::from_accept_language("*"), None);
    }

    #[test]
    fn an_explicit_choice_beats_the_cookie_which_beats_the_browser() {
        let choose = Locale::choose;
        assert_eq!(choose(Some("id"), Some("en"), Some("en"), None), Locale::Id);
        assert_eq!(choose(None, Some("id"), Some("en"), Some("en")), Locale::Id);
        assert_eq!(choose(Some("xx"), Some("id"), None, None), Locale::Id);
        assert_eq!(choose(None, None, Some("id-ID"), Some("en")), Locale::Id);
        assert_eq!(choose(None, Some("fr"), Some("fr"), None), Locale::En);
        assert_eq!(choose(None, None, None, None), Locale::En);
        // The user's preference counts only when the browser names neither language.
        assert_eq!(choose(None, None, Some("fr"), Some("id")), Locale::Id);
        assert_eq!(choose(None, None, None, Some("id")), Locale::Id);
    }

    #[test]
    fn both_languages_fill_in_their_numbers() {
        assert_eq!((EN.month_of)(11, 36), "Month 11 of 36");
        assert_eq!((ID.month_of)(11, 36), "Bulan ke-11 dari 36");
        assert_eq!(EN.status(Status::AtRisk), "At risk");
        assert_eq!(ID.status(Status::AtRisk), "Berisiko");
        assert_eq!(ID.report_state(ReportState::Returned), "Dikembalikan");
    }
}
