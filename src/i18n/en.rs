//! English: the catalogue's values, and the default language.

use super::accounts::AccountStrings;
use super::catalogue::*;
use super::errors::{ApiDocsStrings, ErrorStrings};
use super::exports::ExportStrings;
use super::flows::FlowStrings;
use super::ghg::*;
use super::iati::IatiStrings;
use super::import::{
    ImportActivityStrings, ImportLedgerStrings, ImportStrings, ImportStructureStrings,
};
use super::judgement::JudgementStrings;
use super::notifications::NotificationStrings;
use super::publication::PublicationStrings;
use super::report::ReportStrings;
use super::structure::StructureStrings;
use super::validation::ValidationStrings;
use super::workflow::WorkflowStrings;
use crate::domain::accounts::AccountProblem;
use crate::domain::import::FileProblem;
use crate::domain::kinds::{Frequency, ImportKind, IndicatorKind};
use crate::domain::status::{Status, Yardstick};
use crate::domain::{Clash, Denied, Missing, ReportRefusal, Violated};

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
        verifier: "verifier",
    },
    status_labels: StatusLabels {
        on_track: "On track",
        at_risk: "At risk",
        off_track: "Off track",
        insufficient_data: "Insufficient data",
        no_data: "No data",
    },
    judgement: JudgementStrings {
        latest_period: "Latest period",
        year_to_date: "Year to date",
        annualised_from: |months| format!("Annualised from {months} months"),
        judged_value: "Judged value",
        period_value: "Period value",
        basis: "Basis",
        expected_by: |date| format!("Expected by {date}"),
        band_limits: |on_track, at_risk| {
            format!("on track down to {on_track}, at risk down to {at_risk}")
        },
        sentence: |w| {
            let reason = match (w.shortfall_percent, w.status) {
                (None, _) => "at or better than expected".to_string(),
                (Some(p), status) => {
                    let yardstick = match w.yardstick {
                        Yardstick::PlannedChange => {
                            format!(
                                "this year's planned change of {} {}",
                                w.yardstick_size, w.unit
                            )
                        }
                        Yardstick::ShareOfExpected => {
                            "5 % of the expected value, as no change is planned this year"
                                .to_string()
                        }
                        Yardstick::OneUnit => format!("1 {}, as 0 is expected", w.unit),
                    };
                    match status {
                        Status::OnTrack => format!("short by {p} % of {yardstick}, within 25 %"),
                        Status::AtRisk => {
                            format!(
                                "short by {p} % of {yardstick}, more than 25 % and at most 50 %"
                            )
                        }
                        _ => format!("short by {p} % of {yardstick}, more than 50 %"),
                    }
                }
            };
            format!(
                "{} {} {} against {} expected by {}: {}, {reason}.",
                w.basis,
                w.value,
                w.unit,
                w.expected,
                w.date,
                w.status_label.to_lowercase()
            )
        },
        coverage: |reporters, assigned| format!("{reporters} of {assigned} organisations"),
        coverage_heading: "Coverage",
        incomplete: |reporters, assigned, required| {
            format!("Incomplete: {reporters} of {assigned} organisations ({required} needed)")
        },
        not_judged: |period, reporters, assigned, required| {
            format!(
                "Not judged: {period} has approved reports from {reporters} of {assigned} organisations, fewer than the {required} needed."
            )
        },
        later_incomplete: |period, reporters, assigned| {
            format!("{period}: incomplete, {reporters} of {assigned} organisations")
        },
        min_coverage_help: "A park figure is headlined and judged only when approved reports from at least this share of the organisations assigned for the period are in (rounded up). 50 means half.",
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
        per_month: "per month",
        per_quarter: "per quarter",
        per_half_year: "per half-year",
    },
    data_qualities: DataQualityLabels {
        measured: "Measured",
        calculated: "Calculated",
        estimated: "Estimated",
    },
    errors: ErrorStrings {
        bad_request: "Bad request",
        unauthorized: "Unauthorized",
        forbidden: "Forbidden",
        not_found: "Not found",
        method_not_allowed: "Method not allowed",
        conflict: "Conflict",
        precondition_failed: "Precondition failed",
        payload_too_large: "Payload too large",
        uri_too_long: "Address too long",
        headers_too_large: "Request headers too large",
        validation_failed: "Validation failed",
        too_many_requests: "Too many requests",
        unavailable: "Temporarily unavailable",
        unexpected: "Something went wrong",
        explain: |_, reason| reason.to_string(),
        missing,
        denied,
        clash,
        violated,
        address_too_long: |kb| {
            format!(
                "The address is longer than {kb} KB, so it was not read. Open the page from Pilar's own links."
            )
        },
        headers_too_long: |kb| {
            format!(
                "The request's headers are larger than {kb} KB, so it was not read. Clearing this site's cookies usually helps."
            )
        },
        too_large: |kb| {
            format!(
                "What you sent is larger than {kb} KB, so nothing was saved. Use your browser's Back button: what you typed is still there. Shorten the longest text and send it again."
            )
        },
        status_line: |status| format!("Status {status} · request id"),
        back_to_overview: "Back to the overview",
    },
    api_docs: ApiDocsStrings {
        reference_of: |title| format!("{title} reference"),
        machine_readable: |version| {
            format!("OpenAPI {version} · the machine-readable document is at")
        },
        english_note: "",
        contents: "Contents",
        operations: "Operations",
        schemas: "Schemas",
        parameter: "Parameter",
        located_in: "In",
        type_: "Type",
        required: "Required",
        description: "Description",
        status: "Status",
        meaning: "Meaning",
        body: "Body",
        field: "Field",
        request_body: "Request body",
        one_of: "One of:",
        yes: "yes",
        no: "no",
    },
    programs: &super::programs::EN,
    iati: IatiStrings {
        definition: |definition, unit| format!("{definition} Unit: {unit}."),
        target_path: "The target path's value at the end of the period: from the baseline to \
                      each year's target.",
        target_path_flow: |n| {
            format!(
                "The target path's yearly value at the end of the period, divided by the {n} \
                 periods of a year."
            )
        },
        partial_coverage: |reporters, assigned| {
            format!(
                "Approved reports of {reporters} of the {assigned} organisations assigned the \
                 indicator, combined by its rule."
            )
        },
        incomplete: |reporters, assigned, required| {
            format!(
                "Coverage incomplete: approved reports of {reporters} of the {assigned} \
                 organisations assigned, fewer than the {required} needed; no park figure is \
                 published for this period."
            )
        },
        too_few: |contributors, required| {
            format!(
                "Not published: {contributors} organisation(s) contribute, fewer than the \
                 {required} needed so that no organisation's own figure can be read off."
            )
        },
    },
    validation: ValidationStrings {
        field: |field| match field {
            "value" => "The value",
            "numerator" => "The numerator",
            "denominator" => "The denominator",
            "stage" => "The stage",
            "text" => "The text",
            "indicator" => "The indicator",
            "status" => "The status",
            "period_start" => "The period's first day",
            "period_end" => "The period's last day",
            "unit" => "The unit",
            "data_quality" => "The data quality",
            "assurance" => "The assurance",
            "comment" => "The comment",
            "evidence_url" => "Evidence",
            "version" => "The version",
            "reason" => "The reason",
            "note" => "The note",
            "items" => "The batch",
            "material" => "The material",
            "month" => "The month",
            "opening" => "The opening stock",
            "generated" => "Generated",
            "received" => "Received",
            "used_on_site" => "Used on site",
            "sent" => "Sent",
            "disposed_landfill" => "Landfill",
            "disposed_storage" => "Engineered storage",
            "disposed_sea" => "Placement at sea",
            "closing" => "The closing stock",
            "receiver" => "The receiver",
            "quantity" => "The quantity",
            "received_quantity" => "The received quantity",
            "intended_use" => "The intended use",
            _ => "This entry",
        },
        kind_noun: |kind| match kind {
            IndicatorKind::Quantity => "quantity",
            IndicatorKind::Count => "count",
            IndicatorKind::Percentage => "percentage",
            IndicatorKind::Ratio => "ratio",
            IndicatorKind::Milestone => "milestone",
            IndicatorKind::Qualitative => "qualitative",
        },
        period_noun: |frequency| match frequency {
            Frequency::Monthly => "month",
            Frequency::Quarterly => "quarter",
            Frequency::SemiAnnual => "half-year",
            Frequency::Annual => "year",
        },
        thousands: ',',
        decimal: '.',
        required: |field| format!("{field} is required."),
        not_used: |field, kind| {
            format!("{field} is not used by a {kind} indicator; leave it empty.")
        },
        not_a_number: |field| format!("{field} must be a number, such as 12.5."),
        not_a_choice: |field| format!("{field} must be one of the listed values."),
        not_whole: |field, got| format!("{field} must be a whole number; {got} is not."),
        negative: |field, got| format!("{field} cannot be negative; {got} is below zero."),
        too_large: |field| format!("{field} is too large."),
        above_maximum: |field, max| format!("{field} can be at most {max}."),
        below_minimum: |field, min| format!("{field} cannot be below {min}."),
        too_small: |field, min| {
            format!("{field} is too close to zero to keep: write 0, or at least {min}.")
        },
        figure_out_of_bounds: |figure, min, max| {
            format!(
                "The numerator and the denominator give {figure}, outside the indicator's plausible range ({min} to {max}): check both."
            )
        },
        ambiguous: |field, typed, reading| {
            format!(
                "{field} \u{201c}{typed}\u{201d} would be read as {reading}. Confirm that reading, or retype the number (in English, one thousand three hundred is 1,300 and one point three is 1.3)."
            )
        },
        unusual_needs_comment: |median| {
            format!(
                "This figure is far from your organisation's usual figure (median of the last periods: {median}). Say in the comment why, then submit again."
            )
        },
        numerator_above_denominator: |numerator, denominator| {
            format!(
                "The numerator ({numerator}) cannot be larger than the denominator ({denominator})."
            )
        },
        not_positive: |field| format!("{field} must be greater than 0."),
        stage_out_of_range: |last| format!("Choose a stage from 0 to {last}."),
        no_stages: "This milestone indicator has no stages yet; ask the program's administrator to define them.",
        blank: |field| format!("{field} cannot be blank."),
        too_long: |field, max| format!("{field} can be at most {max} characters long."),
        not_web_address: |field| {
            format!("{field} must be a full web address, such as https://example.org/report.pdf.")
        },
        not_assigned: |code| format!("{code} is not an indicator assigned to your organisation."),
        status_not_allowed: "The status must be draft or submitted; reviewers set approved and returned.",
        unbalanced: |imbalance| {
            format!(
                "The month does not balance: opening + generated + received differs from used + sent + disposed + closing by {imbalance}. Correct the figures, or explain the difference in the comment to submit it."
            )
        },
        unknown_code: |field, code| format!("{field} \"{code}\" is not known."),
        same_organisation: "A transfer goes to another organisation, not to your own.",
        start_not_aligned: |start, noun| {
            format!("The period must start on the first day of a {noun}; {start} is not.")
        },
        end_mismatch: |end, expected| {
            format!("The period that starts there ends on {expected}, not on {end}.")
        },
        invalid_label: |label, noun| format!("\"{label}\" is not a {noun} this indicator reports."),
        outside_program: |period, starts, ends| {
            format!("The period {period} lies outside the program ({starts} to {ends}).")
        },
        in_future: |period, starts| {
            format!("The period {period} is in the future: it starts on {starts}.")
        },
        still_running: |period, ends| {
            format!(
                "The period {period} is still running until {ends}: save it as a draft and submit it once the period has ended."
            )
        },
        wrong_unit: |unit, code| format!("The unit must be {unit}, as {code} declares."),
        unit_required: "The unit is required: send the indicator's unit as GET /api/v1/indicators lists it.",
        unknown_data_quality: "The data quality must be measured, calculated or estimated.",
        unknown_assurance: "The assurance must be none, limited or reasonable.",
        version_too_low: "The version must be the one you read (1 or more).",
        indicator_fixed: |code| {
            format!("This observation reports {code}; an observation's indicator cannot change.")
        },
        period_fixed: |start| {
            format!(
                "This observation is for the period starting {start}; its period cannot change."
            )
        },
        note_required: "The note is required: tell the organisation what to correct and why.",
        computed: |code| {
            format!(
                "{code} is computed from approved activity data (the greenhouse-gas inventory); it is not reported. Report the activity data on the GHG page instead."
            )
        },
        carbon_out_above_in: "The carbon leaving in products and slag cannot be more than the carbon that came in.",
        unreadable: "This entry could not be read.",
        refusal: report_refusal,
    },
    accounts: AccountStrings {
        problem: account_problem,
        sign_in_title: "Sign in",
        sign_in_heading: "Sign in to Pilar",
        email: "Email",
        password: "Password",
        sign_in_button: "Sign in",
        wrong_credentials: "Wrong email or password.",
        throttled: "Too many failed sign-in attempts. Wait 15 minutes, then try again.",
        nul_in_address: "The address holds a NUL character (%00), which Pilar does not accept.",
        nul_in_field: "holds a NUL character, which Pilar does not accept",
        organisation_archived: "Your organisation has been archived in the program, so its accounts can no longer sign in. Ask the program administrator if this is a mistake.",

        my_intro: "Your organisation's latest report of each indicator it is assigned, and the park figure for the same period where at least three organisations report.",
        my_empty: "Your organisation has no assigned indicators yet. A program admin assigns them.",
        indicator: "Indicator",
        unit: "Unit",
        latest_period: "Latest period",
        your_value: "Your value",
        status: "Status",
        park: "Park",
        no_report_yet: "no report yet",
        withheld: |n| format!("withheld (fewer than {n} organisations report)"),

        admin_title: "Admin",
        users: "Users",
        users_about: "accounts, roles, organisations; deactivate an account.",
        api_tokens: "API tokens",
        tokens_about: "issue a token for a tenant's systems, revoke one.",
        audit_log: "Audit log",
        audit_about: "every change: who, what, when, from where.",

        name: "Name",
        role: "Role",
        organisation: "Organisation",
        language: "Language",
        last_sign_in: "Last sign-in",
        account: "Account",
        never: "never",
        deactivate: "Deactivate",
        reactivate: "Reactivate",
        new_user: "New user",
        user_not_created: "The account was not created: correct the fields marked below.",
        display_name: "Display name",
        organisation_tenants_only: "Organisation (tenant users only)",
        initial_password: "Initial password (at least 12 characters)",
        create_user: "Create user",
        created_account: "Created the account",
        updated_account: "The account was updated.",

        token_created: "Token created",
        token_secret_gone: "The new token's secret is no longer available: it is shown once only. If you did not copy it, revoke that token and issue a new one.",
        token_shown_once: "Copy this token now: it is shown once and cannot be recovered. Send it as Authorization: Bearer …",
        no_tokens: "No tokens yet. Issue one below for a tenant's systems.",
        token_starts: "Token starts",
        scope: "Scope",
        created: "Created",
        by: "by",
        last_used: "Last used",
        state: "State",
        revoked: "revoked",
        revoke_link: "Revoke…",
        issue_token: "Issue a token",
        token_not_issued: "No token was issued: correct the fields marked below.",
        token_purpose: "Name (what it is for)",
        scope_write: "write: read and report",
        scope_read: "read only",
        last_day_valid: "Last day valid (optional, YYYY-MM-DD)",
        issue_button: "Issue token",
        token_verifier: "Acts for a verifier account (attests through the API)",
        token_verifier_none: "— (the organisation’s own token)",
        revoke_question: "Revoke this token?",
        revoke_explained: "It stops working at once. This cannot be undone; the organisation will need a new token.",
        revoke_button: "Revoke token",
        cancel: "Cancel",

        entity: "Entity",
        action: "Action",
        who: "Who",
        filter: "Filter",
        no_events: "No events match these filters.",
        when: "When",
        changes: "What changed",
        who_hint: "name, email or token",
        from_day: "From (day)",
        to_day: "To (day)",
        download_csv: "Download these events (CSV)",
        request: "Request",
        why: "why",
        older_events: "Older events",

        edit_user: "Edit user",
        edit_link: "Edit",
        user_not_updated: "Nothing was changed: correct the fields marked below.",
        new_password_optional: "New password (leave empty to keep the current one; setting one signs the user out everywhere)",
        save_changes: "Save changes",
        your_account: "Your account",
        change_password: "Change your password",
        change_password_about: "Your other sessions end when the password changes; this one stays signed in.",
        current_password: "Current password",
        new_password: "New password (at least 12 characters)",
        repeat_password: "New password again",
        password_not_changed: "Your password was not changed: correct the fields marked below.",
        password_changed: "Your password was changed. Your other sessions have ended.",
    },
    structure: StructureStrings {
        structure_title: "Program structure",
        pillars_title: "Pillars",
        indicators_title: "Indicators",
        new_pillar: "New pillar",
        edit_pillar: "Edit pillar",
        new_indicator: "New indicator",
        edit_indicator: "Edit indicator",
        edit: "Edit",
        save: "Save",
        cancel: "Cancel",
        archive: "Archive",
        restore: "Restore",
        delete: "Delete",
        remove: "Archive or delete…",
        archived_tag: "archived",
        actions: "Actions",
        count_indicators: "Indicators",
        code: "Code",
        pillar: "Pillar",
        name_en: "Name (English)",
        name_id: "Name (Bahasa Indonesia)",
        description_en: "Description (English)",
        description_id: "Description (Bahasa Indonesia)",
        definition_en: "Definition (English)",
        definition_id: "Definition (Bahasa Indonesia)",
        unit: "Unit",
        kind: "Kind",
        direction: "Direction",
        aggregation: "Aggregation across organisations",
        cumulative: "Cumulative (a year takes its latest value)",
        frequency: "Reporting frequency",
        decimals: "Decimals",
        baseline_value: "Baseline value",
        baseline_year: "Baseline year",
        numerator_label_en: "Numerator counts (English)",
        numerator_label_id: "Numerator counts (Bahasa Indonesia)",
        denominator_label_en: "Denominator counts (English)",
        denominator_label_id: "Denominator counts (Bahasa Indonesia)",
        fraction_hint: "Percentages and ratios only.",
        stage_labels_en: "Stages (English), one per line, from stage 0",
        stage_labels_id: "Stages (Bahasa Indonesia), one per line",
        stages_hint: "Milestone indicators only.",
        frameworks: "Framework references, one per line: framework | code | version | effective from (YYYY-MM-DD, optional)",
        position: "Position in lists",
        code_fixed: "The code cannot be changed once data refers to it.",
        not_saved: "Nothing was saved: correct the fields marked below.",
        conflict_title: "Someone else saved this indicator while you were editing it.",
        conflict_title_pillar: "Someone else saved this pillar while you were editing it.",
        conflict_title_org: "Someone else saved this item while you were editing it.",
        conflict_explained: "Your input is kept below. These fields now hold a different value; check them, then save again to replace them with yours.",
        stored_now: "now stored",
        locked_kind: "This indicator has reported data: its kind and frequency stay as they are.",
        targets_title: "Yearly targets",
        targets_explained: "The value to reach by 31 December of each year. Changing a target asks for a reason; the old value stays in the history below.",
        year: "Year",
        target: "Target",
        reason: "Reason for the change",
        set_target: "Save target",
        history_title: "Target history",
        old_value: "Was",
        new_value: "Became",
        changed_by: "Changed by",
        changed_at: "When",
        no_history: "No target has been set yet.",
        confirm_title: "Please confirm",
        archive_pillar_explained: "An archived pillar disappears from the dashboards and forms; its indicators and their data stay, and it can be restored.",
        remove_deletes: "Nothing refers to this indicator yet: it will be deleted for good.",
        saved: "Saved.",
        archived_notice: "Archived. Its data stays; restore it at any time.",
        restored_notice: "Restored.",
        deleted_notice: "Deleted.",
        target_saved: "Target saved; the previous value is in the history.",
        first_target_reason: "first target",
        target_conflict: "This target was changed meanwhile; nothing was saved. It is now:",
        err_required: "This field is required.",
        err_choose: "Choose one of the listed values.",
        err_pillar_code: "Use 2 to 4 capital letters, such as CE.",
        err_indicator_code: "Use capital letters, a hyphen and 2–3 digits, such as CE-01.",
        err_code_taken: "This code is already used in the program.",
        err_position: "Enter a whole number, 0 or more.",
        err_decimals: "Enter a whole number from 0 to 6.",
        err_number: "Enter a number, such as 12.5.",
        err_ambiguous_number: "This number could be read two ways (1.300: one point three, or one thousand three hundred). Retype it in English: 1.3 or 1,300.",
        err_implausible: "Enter 0, or a number from 0.000001 to 1,000,000,000,000,000 (either sign).",
        err_bounds_order: "The lowest plausible value must not exceed the highest, and numerators and denominators need a positive limit.",
        bounds_legend: "Plausible values (figures outside are refused)",
        bound_min: "Lowest figure",
        bound_max: "Highest figure",
        bound_parts_max: "Largest numerator or denominator",
        bounds_hint: "Leave blank for the catalogue's default: percentages 0–100, counts from 0, other figures from 0 to a ceiling that fits the unit.",
        err_year: "Enter a year from 2000 to 2100.",
        err_baseline_pair: "Please give the baseline value and its year together, or neither.",
        err_fraction_pooled: "Choose ratio of sums (or park): percentages and ratios are pooled.",
        err_fraction_labels: "Please say what the numerator and the denominator count.",
        err_stages: "A milestone needs at least two stages.",
        err_stages_same: "Give as many stages in Bahasa Indonesia as in English.",
        err_frameworks: "Write one reference on each line: framework | code | version | effective from (the framework is required; the date as YYYY-MM-DD).",
        err_frameworks_twice: "The same reference appears twice.",
        err_kind_locked: "This cannot change once data has been reported.",
        err_reason: "Please say why the target changes.",
        err_archived: "Restore the indicator first.",
        organisations_title: "Organisations",
        new_organisation: "New organisation",
        edit_organisation: "Edit organisation",
        org_name: "Name",
        short_name: "Short name",
        process_route: "Process route (tenants and the park operator)",
        no_route: "none",
        website: "Website",
        contact_name: "Contact person",
        contact_email: "Contact email",
        contact: "Contact",
        roles: "Roles in the program and their pillars",
        role_pillars: "Pillars of this role",
        archive_organisation_explained: "An archived organisation disappears from the forms and the matrix; its reports, roles and users stay, and it can be restored.",
        assignments_title: "Assignments",
        assignments_explained: "Tick who reports which indicator of the pillar. Unticking archives the assignment: reports already made stay.",
        assignment_starts: "New assignments expect reports for periods ending on or after",
        show: "Show",
        save_assignments: "Save assignments",
        no_columns: "This pillar has no live indicators.",
        organisation: "Organisation",
        milestones_title: "Milestones",
        new_milestone: "New milestone",
        edit_milestone: "Edit milestone",
        title_en: "Title (English)",
        title_id: "Title (Bahasa Indonesia)",
        owner: "Owner",
        none: "—",
        starts_on: "Starts on",
        due_on: "Due on",
        milestone_status: "Status",
        completed_on: "Completed on (when done)",
        evidence_url: "Evidence (web address)",
        date_hint: "YYYY-MM-DD",
        err_organisation_code: "Use capital letters, digits and hyphens, such as DEMO-RKEF-A.",
        err_route_tenant: "Leave it empty: only tenants and the park operator have a process route.",
        err_park_level: "Assignments: a park-level indicator (reported once for the park) can be assigned to the park office (the park operator) only; untick it for every other organisation.",
        err_computed: "Indicator: it is computed from approved activity data (see \"Computed from\" on the indicator), so nobody reports it and it cannot be assigned.",
        err_url: "Enter a full web address (an http or https address), such as https://example.org/report.pdf.",
        err_email: "Enter an email address such as name@example.org.",
        err_date: "Enter a date as YYYY-MM-DD.",
        err_milestone_code: "Use M and 2–3 digits, such as M12.",
        err_material_code: "Use 2 to 32 capitals, digits or hyphens, starting with a capital, such as NI-SLAG.",
        new_material: "New material",
        edit_material: "Edit material",
        conflict_title_material: "Someone else saved this material while you were editing it.",
        err_due_before_start: "Check the dates: the due date comes before the start.",
        err_completed_needed: "Give the date: a done milestone needs its completion date.",
        err_completed_only_done: "Leave it empty: only a done milestone has a completion date.",
        err_min_coverage: "Enter a whole number from 1 to 100.",
        min_coverage: "Minimum coverage (% of assigned organisations)",
        computed_from: "Computed from",
        computed_from_none: "Not computed: organisations report it",
        computed_from_ghg_inventory: "The greenhouse-gas inventory",
        computed_from_material_ledger: "The material-flow ledger",
        computed_from_help: "A computed indicator takes its official figures from approved activity data, never from typed reports: nobody is asked for it, and it cannot be assigned.",
        err_name_too_long: "Too long: at most 200 characters.",
        err_text_too_long: "Too long: at most 5,000 characters.",
        err_target_range: "Not a figure this indicator can reach: a percentage is from 0 to 100, a count is not negative.",
        submit_title: "Report your figures",
        submit_intro: "Each assigned indicator's periods: closed ones are due (late after the grace period), the running one can be prepared. Open a line to report it.",
        indicator: "Indicator",
        period: "Period",
        last_value: "Last value",
        status: "Status",
        open_period: "open (period running)",
        confirm_reading: "Yes, I mean the number as read above",
        late_tag: "late",
        manager_note: "Manager's note",
        nothing_due: "Nothing is assigned to your organisation yet.",
        nav_submit: "Report figures",
        nav_review: "Review",
        nav_structure: "Program structure",
        value: "Value",
        numerator: "Numerator",
        denominator: "Denominator",
        stage: "Stage reached",
        narrative: "Narrative",
        data_quality: "Data quality",
        comment: "Comment for the reviewer",
        save_draft: "Save as draft",
        submit_for_review: "Submit for review",
        saved_draft: "Saved as a draft. Submit it when it is complete.",
        submitted_notice: "Submitted for review. A program manager will approve it or return it with a note.",
        read_only_approved: "This report is approved and locked. A program manager can reopen it.",
        read_only_submitted: "This report awaits review. You can change it again if it is returned.",
        returned_for_correction: "Returned for correction",
        stored_figure: "Stored figure",
        history: "History of this report",
        back_to_due: "Back to what is due",
        report_not_saved: "Nothing was saved.",
        review_title: "Review submitted reports",
        review_intro: "Each submitted figure beside the organisation's previous approved periods and the park figure of the same period. Tick several to approve or return them at once; a return needs a note.",
        filter: "Filter",
        any: "any",
        queue_empty: "Nothing awaits review for this filter.",
        select: "Select",
        figure: "Figure",
        previous: "Previous approved periods",
        park_figure: "Park figure, same period",
        share_of_park: "Share of the park figure",
        parts: "Numerator and denominator",
        share_hint: "this report's weight (its denominator, or its value where figures are added) over the period's total of approved reports and this one",
        park_with: "Park figure with this report",
        park_without: "Park figure without it",
        submitted_by: "Submitted by",
        note: "Note to the organisation (required to return)",
        approve: "Approve",
        return_report: "Return for correction",
        approved_notice: "Approved: the figure now counts in the official figures.",
        returned_notice: "Returned to the organisation with your note.",
        reopened_notice: "Reopened: the report is back with the organisation as returned.",
        err_nothing_ticked: "Tick at least one report.",
        review_one: "Review this report",
        reopen_title: "Reopen this approved report",
        reopen_reason: "Reason for reopening (required)",
        reopen: "Reopen",
        history_title_obs: "History",
        version: "Version",
        action: "Change",
        view_history: "Every version of this report",
        grid_title: "Every due indicator of",
        grid_intro: "Fill the lines you have figures for; blank lines are left as they are. Everything is saved together or not at all.",
        grid_links: "Fill a whole period in one go",
        err_nothing_typed: "Type at least one figure.",
        err_form_action: "Choose “Save as draft” or “Submit for review”.",
        err_form_version: "This form does not say which version of the report it was filled from, so it could overwrite a newer one. Reload the page, check the figures and save again.",
        back: "Back",
        matrix_conflict: "Someone else changed these assignments since you opened the page; your ticks are kept below. Changed meanwhile:",
        unusual: "unusual: far from earlier periods",
        remove_archives: |observations, targets, assignments| {
            format!(
                "This indicator is referenced by {observations} reports, {targets} targets and {assignments} assignments: it will be archived, not deleted. Its data stays and it can be restored."
            )
        },
        organisations_count: |n| {
            if n == 1 {
                "1 organisation".into()
            } else {
                format!("{n} organisations")
            }
        },
    },
    report: ReportStrings {
        nav: "Reports",
        title: |period| format!("Progress report · {period}"),
        for_committee: "For the programme steering committee",
        period: "Period",
        data_taken: "Data taken on",
        figures_basis: "Park-level official figures only: approved reports, each figure judged only when enough of the assigned organisations reported. No organisation’s own figure appears in this report.",
        print_hint: "To keep a PDF, print this page from the browser and choose “Save as PDF”.",
        other_periods: "Other reports",
        at_a_glance: "The program at a glance",
        pillar_by_status: |pillar| format!("Indicators of {pillar} by status"),
        narrative: "Managers’ narrative",
        no_narrative: "No narrative has been written for this pillar and period yet.",
        narrative_version: |version, who, date| format!("Version {version} · {who} · {date}"),
        write_narrative: "Write or edit the narrative",
        status_on: |date| format!("Status on {date}"),
        no_indicators: "This pillar has no indicators.",
        milestones: "Milestones",
        milestones_reached: "Reached in the period",
        milestones_late: "Late at the end of the period",
        none_reached: "No milestone was reached in this period.",
        none_late: "No milestone was late.",
        compliance: "Reporting compliance",
        compliance_intro: "Reports expected from the assigned organisations for the periods of this report that have closed, as they stand on the day the data was taken.",
        reports_expected: "Expected",
        reports_on_time: "On time",
        reports_late: "Late",
        no_reports_due: "No report has fallen due in this period yet.",
        data_notes: "Notes on the data",
        data_notes_intro: "What a reader should know before quoting a figure of this report.",
        incomplete_in: |code, period| format!("{code}, {period}: "),
        estimated: |code, n| {
            if n == 1 {
                format!("{code}: 1 approved report is an estimate.")
            } else {
                format!("{code}: {n} approved reports are estimates.")
            }
        },
        restated: |code, n| {
            if n == 1 {
                format!("{code}: 1 approved report was restated (reopened and approved again).")
            } else {
                format!("{code}: {n} approved reports were restated (reopened and approved again).")
            }
        },
        no_data_notes: "Nothing to note: every figure covers enough of the park, and none is estimated or restated.",
        period_unreadable: |label| {
            format!(
                "“{label}” is not a report period: write a year such as 2026 or a quarter such as 2026-Q3."
            )
        },
        narrative_title: |pillar, period| format!("Narrative of {pillar} · {period}"),
        narrative_help: "What the steering committee should read beside the figures: progress, difficulties, what comes next. Every version is kept.",
        narrative_field: "Narrative",
        save_narrative: "Save the narrative",
        back_to_report: "Back to the report",
        history: "Earlier versions",
        no_history: "Nothing saved yet.",
        narrative_saved: "The narrative is saved.",
        narrative_stale: |version| {
            format!(
                "Someone saved version {version} while you were writing. Your text is kept below; read their version in the history, then save again."
            )
        },
        narrative_too_long: |max| format!("A narrative holds at most {max} characters."),
        pdf_title: "No PDF from the server",
        pdf_explained: "Pilar does not make PDFs on the server: the report page is laid out for printing, and your browser’s “Print → Save as PDF” gives the same document, with the same page breaks.",
        open_report: "Open the report",
    },
    exports: ExportStrings {
        download_xlsx: "Download this table (.xlsx)",
        download_results: "Results framework workbook (.xlsx)",
        about_sheet: "About",
        what_label: "What this file is",
        program_label: "Program",
        period_label: "Period",
        made_label: "Made at",
        data_label: "Data",
        coverage_label: "Coverage rule",
        filters_label: "Filters",
        rows_label: "Rows",
        no_filter: "none",
        official_data: "Official figures only: approved reports, combined across organisations by each indicator's aggregation rule. Submitted, draft and returned reports are not counted.",
        coverage_rule: "A park figure counts the organisations with an approved report against those assigned the indicator. Below the indicator's minimum coverage it is shown as incomplete and never judged.",
        year_period: |year, today| format!("The year {year}: periods closed by {today}"),
        results_title: "Results framework",
        results_what: "Indicator performance tracking table: per pillar, each indicator's baseline, yearly targets, official figure per period with its coverage and status, and the year to date.",
        summary_sheet: "Summary",
        pillar: "Pillar",
        indicators: "Indicators",
        code: "Code",
        indicator: "Indicator",
        unit: "Unit",
        frequency: "Frequency",
        baseline_year: "Baseline year",
        baseline: "Baseline",
        target_for: |year| format!("Target {year}"),
        value: "Value",
        coverage: "Coverage",
        status: "Status",
        incomplete: "Incomplete, not judged",
        year_to_date: "Year to date",
        status_year_to_date: "Status (year to date)",
        judged_on: "Judged on",
        reporting_title: "Reporting compliance",
        reporting_what: "Who reported what: each organisation's reports due per period, the worst state of each cell, and the late and missing reports.",
        review_title: "Review queue",
        review_what: "The submitted reports awaiting review, as filtered on the page.",
        own_reports_title: "Our reports",
        own_reports_what: "Your organisation's latest report of each assigned indicator, beside the park figure where at least three organisations contribute.",
        audit_title: "Audit log",
        audit_what: "Every recorded change, newest first, as filtered on the page.",
        organisation_code: "Organisation code",
        organisation: "Organisation",
        numerator: "Numerator",
        denominator: "Denominator",
        comment: "Comment",
        submitted_by: "Submitted by",
        park_value: "Park figure",
        withheld: |n| format!("withheld (fewer than {n} organisations contribute)"),
        review_note: "Review note",
        late: "Late",
        missing: "Missing",
        when_utc: "When (UTC)",
        actor_kind: "Actor kind",
        actor: "Actor",
        action: "Action",
        entity: "Entity",
        entity_name: "Name",
        entity_id: "Id",
        changes: "Changes",
        reason: "Reason",
        request_id: "Request id",
        client_address: "Client address",
    },
    notifications: NotificationStrings {
        recorded: "en",
        months: [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
        quarter: |q, year| format!("Q{q} {year}"),
        half: |h, year| format!("H{h} {year}"),
        greeting: |name| format!("Hello {name},"),
        digest_subject: |n| {
            if n == 1 {
                "Pilar: 1 thing needs your attention".to_string()
            } else {
                format!("Pilar: {n} things need your attention")
            }
        },
        digest_intro: "Here is what changed in Pilar for you.",
        due_heading: "Reports falling due",
        due_line: |indicator, period, due| format!("{indicator}, {period}: due {due}"),
        late_heading: "Reports now late",
        late_line: |indicator, period, due| {
            format!("{indicator}, {period}: was due {due}, not submitted yet")
        },
        submit_link: "Report them in Pilar",
        returned_heading: "Reports returned for correction",
        returned_line: |indicator, period, note| {
            format!("{indicator}, {period}: returned with the note “{note}”")
        },
        reviews_heading: "Reports waiting for your review",
        reviews_line: |reports, organisations, oldest| {
            format!(
                "{reports} report(s) from {organisations} organisation(s) wait for review; the oldest was submitted on {oldest}."
            )
        },
        review_link: "Open the review queue",
        weekly_heading: "Your week in Pilar",
        weekly_lines: |received, approved, returned, waiting, milestones| {
            vec![
                format!("{received} report(s) came in this week."),
                format!("{approved} approved, {returned} returned for correction."),
                format!("{waiting} wait for review."),
                format!("{milestones} milestone(s) fall due in the next 30 days."),
            ]
        },
        milestones_heading: "Milestones overdue",
        milestone_line: |code, title, due| format!("{code} {title}: was due {due}"),
        timeline_link: "Open the timeline",
        flagged_heading: "Material transfers flagged",
        flagged_difference: |what, sent, received, share| {
            format!("{what}: {sent} sent, {received} confirmed ({share}), beyond the 2 % tolerance")
        },
        flagged_disputed: |what, sent, note| {
            format!("{what}: {sent} sent, disputed by the receiver: “{note}”")
        },
        flagged_unanswered: |what, sent, recorded| {
            format!(
                "{what}: {sent} sent, recorded on {recorded}, neither confirmed nor disputed after 30 days"
            )
        },
        flows_link: "Open the material flows",
        number_marks: (',', '.'),
        settings_footer: "You receive this because of your notification settings in Pilar.",
        settings_link: "Change how often Pilar writes to you",
        reset_subject: "Pilar: set a new password",
        reset_body: |minutes| {
            format!(
                "Someone (we hope you) asked to set a new password for your Pilar account. The link below works once, for {minutes} minutes."
            )
        },
        reset_ignore: "If you did not ask for this, ignore this message: your password stays as it is.",
        changed_subject: "Pilar: your password was changed",
        changed_body: "The password of your Pilar account was just changed, and your other sessions were ended. If this was not you, ask a Pilar administrator to secure your account at once.",
        forgot_link: "Forgot your password?",
        forgot_title: "Forgot your password",
        forgot_intro: "Type the e-mail address of your account: we send a link to set a new password, which works once within an hour.",
        forgot_button: "Send the link",
        forgot_sent: "If an account has this address, a link to set a new password is on its way to it. The link works once within an hour.",
        forgot_throttled: "Too many requests from here: try again in 15 minutes.",
        reset_title: "Set a new password",
        reset_intro: "Choose a new password (at least 12 characters). Your sessions elsewhere end.",
        reset_button: "Set the password",
        reset_invalid: "This link does not work: it was used already, or it expired. Ask for a new one.",
        reset_done: "Your password is set. Sign in with it.",
        new_password: "New password",
        repeat_password: "New password again",
        settings_title: "Notifications",
        settings_intro: "How often Pilar writes to you by e-mail, for each kind of message. Password notices are always sent.",
        settings_save: "Save",
        settings_saved: "Your notification settings are saved.",
        settings_link_invalid: "This link does not work any more. Sign in and change your settings on your account page.",
        reports_due: "Reports falling due or late",
        report_returned: "Reports returned for correction",
        reviews_waiting: "Reports waiting for review",
        weekly_summary: "Weekly summary",
        milestone_overdue: "Milestones overdue",
        transfer_flagged: "Material transfers flagged",
        immediately: "Immediately",
        daily: "Daily digest",
        weekly: "Weekly digest",
        never: "Never",
        inbox_nav: "Notifications",
        inbox_unread: |n| format!("{n} unread"),
        inbox_title: "Your notifications",
        inbox_intro: "What Pilar has told you of, newest first — whether or not it also reached you by e-mail.",
        inbox_empty: "Nothing to tell you yet.",
        inbox_new: "New",
        inbox_mark_read: "Mark as read",
        inbox_mark_all_read: "Mark all as read",
        inbox_settings: "How often Pilar e-mails you",
        inbox_account_link: "Open your account",
        inbox_reset_heading: "New password asked for",
        inbox_reset_line: "A link to set a new password was asked for on the sign-in page. If this was not you, nothing changes until the link is used; it expires within the hour.",
        inbox_changed_heading: "Password changed",
        outbox_title: "Outbox",
        outbox_about: "the e-mail Pilar sends: what went out, what waits, what failed, and sending again",
        outbox_intro: "The latest messages, newest first. A failed message, or one waiting after a failed attempt, can be sent again: it goes out at the next round (within a minute).",
        outbox_empty: "No messages.",
        outbox_filter: "Status",
        outbox_all: "All",
        outbox_show: "Show",
        outbox_to: "To",
        outbox_subject: "Subject",
        outbox_status: "Status",
        outbox_attempts: "Attempts",
        outbox_created: "Written",
        outbox_next_try: "Next attempt",
        outbox_sent_at: "Sent",
        outbox_error: "Last error",
        outbox_resend: "Send again",
        outbox_retry_now: "Retry now",
        outbox_requeued: |id| {
            format!("Message {id} is queued again: it goes out at the next round.")
        },
        outbox_not_resendable: "This message is sent or on its way already: nothing changed.",
        status_queued: "Queued",
        status_sent: "Sent",
        status_logged: "Logged (no mail server)",
        status_failed: "Failed",
    },
    imports: ImportStrings {
        title: "Import",
        intro: "Upload your organisation's reports as a workbook (.xlsx) or a CSV file: one row per indicator and period. Every row is checked by the same rules as the form and the API; nothing is stored until you commit, and then all rows are stored or none.",
        template: "Download the template (.xlsx)",
        template_intro: "The template lists your due and returned reports, with the indicator's name, the period, the unit and what each row needs. Fill in the figures and upload it here.",
        file: "File (.xlsx or .csv)",
        file_hint: |size, rows| {
            format!(
                "At most {size} and {rows} rows. CSV: UTF-8, separated by commas or semicolons; numbers typed as text are read the way this page's language writes them."
            )
        },
        organisation: "Organisation",
        upload: "Check the file",
        preview_title: "Import preview",
        preview_of: |file, organisation| format!("{file}, reports of {organisation}"),
        counts: |rows, created, changed, unchanged| {
            format!(
                "{rows} rows: {created} new, {changed} changed, {unchanged} already stored as they are."
            )
        },
        skipped: |n| format!("{n} rows with nothing filled in are skipped."),
        all_pass: "Every row passes. Nothing is stored until you commit.",
        problems_intro: |n| {
            if n == 1 {
                "1 problem: correct it in the file and upload it again. Nothing was stored.".into()
            } else {
                format!(
                    "{n} problems: correct them in the file and upload it again. Nothing was stored."
                )
            }
        },
        row: "Row",
        column: "Column",
        read: "Read",
        problem: "Problem",
        whole_row: "(the row)",
        commit: "Store these reports",
        committed: "Stored. Committing again stores nothing twice.",
        see_reports: "See your reports",
        upload_another: "Upload another file",
        file_problem: |problem, size, rows| {
            match problem {
            FileProblem::Empty => "The file is empty.".into(),
            FileProblem::TooLarge { .. } => format!("The file is larger than {size}; split it into smaller files."),
            FileProblem::TooManyRows { .. } => format!("The file has more than {rows} rows; split it into smaller files."),
            FileProblem::NotReadable => "This is neither an .xlsx workbook nor a UTF-8 CSV file. Save it from your spreadsheet as .xlsx or as \"CSV UTF-8\".".into(),
            FileProblem::NoSheet => "The workbook's first sheet cannot be read.".into(),
            FileProblem::NoHeader => "No header row with an \"indicator\" column in the first 10 rows. Start from the template, or name the columns as docs/import.md lists them.".into(),
            FileProblem::NoRows => "The file has a header row but no rows under it.".into(),
            FileProblem::NoHeaderWith(column) => format!("No header row with a \"{column}\" column in the first 10 rows. Start from the template, or name the columns as docs/import.md lists them."),
        }
        },
        unknown_column: "Pilar does not read this column. Remove it, or name it as the template does.",
        not_a_date: "Not a date: write the period's first day as 2026-10-01, or use a date cell.",
        ambiguous: |typed, reading| {
            format!(
                "“{typed}” could be read two ways (this language reads {reading}); a file cannot confirm it, so write it without a thousands separator."
            )
        },
        duplicate: |first| format!("The same indicator and period as row {first}."),
        other_organisation: |named| {
            format!("This row names {named}: a file holds the reports of one organisation only.")
        },
        unknown_organisation: |code| format!("No organisation has the code {code:?}."),
        choose_organisation: "Choose the organisation whose reports the file holds.",
        sheet_name: "Reports",
        column_label: |column| match column {
            "organisation" => "Organisation",
            "indicator" => "Indicator",
            "name" => "Name",
            "period" => "Period",
            "period_start" => "Period's first day",
            "unit" => "Unit",
            "needs" => "What to fill in",
            "current_status" => "Current status",
            "value" => "Value",
            "numerator" => "Numerator",
            "denominator" => "Denominator",
            "stage" => "Stage",
            "text" => "Text",
            "data_quality" => "Data quality",
            "comment" => "Comment",
            "evidence_url" => "Evidence link",
            "status" => "Save as",
            _ => "",
        },
        needs: |kind| match kind {
            IndicatorKind::Quantity => "value",
            IndicatorKind::Count => "value (a whole number)",
            IndicatorKind::Percentage => "numerator and denominator (numerator ≤ denominator)",
            IndicatorKind::Ratio => "numerator and denominator",
            IndicatorKind::Milestone => "stage (choose from the list)",
            IndicatorKind::Qualitative => "text",
        },
        template_note: "Fill in the white columns; keep the grey ones and the two header rows as they are. Save as draft keeps a report editable; submitted sends it for review.",
        structure: ImportStructureStrings {
            kind: "The file holds",
            kind_label: |kind| match kind {
                ImportKind::Reports => "Reports of one organisation",
                ImportKind::Targets => "Targets and baselines",
                ImportKind::Assignments => "Assignments",
                ImportKind::Activity => "GHG activity data",
                ImportKind::Ledger => "Material-flow ledger",
            },
            organisation_hint: "For a file of reports only: whose reports it holds.",
            targets_template: "Targets and baselines template (.xlsx)",
            assignments_template: "Assignments template (.xlsx)",
            templates_intro: "The targets template lists every indicator of the catalogue with its baseline and a row per year of the program, filled in with what is stored; change a figure and give the reason. The assignments template lists who reports what now; add a row per new assignment.",
            preview_of: |file, kind, program| format!("{file}, {kind}, program {program}"),
            see_targets: "See the indicators and their targets",
            see_assignments: "See the assignments",
            what_label: |code| match code {
                "baseline" => "Baseline",
                _ => "Target",
            },
            first_baseline_reason: "first baseline",
            required: "Fill in this cell.",
            unknown_indicator: "No indicator of the catalogue has this code (or it is archived).",
            unknown_organisation: "No organisation has this code (or it is archived).",
            not_target_or_baseline: "Write Target or Baseline (or leave it blank for a target).",
            reason_needed: "This changes a stored figure: say why in the reason column; it is kept in the history.",
            park_level: "A park-level indicator (reported once for the park) is assigned to the park office only.",
            computed_indicator: "This indicator is computed from approved activity data: nobody reports it, so it is assigned to nobody.",
            not_a_start_date: "Not a date: write the first day as 2026-01-01, or use a date cell.",
            changed_meanwhile: "Someone changed this meanwhile: upload the file again to check it against what is stored now.",
            targets_sheet: "Targets",
            assignments_sheet: "Assignments",
            targets_note: "One row per indicator and year. Change a value in a white column and say why in the reason column (a first target or baseline needs none); a blank value leaves the row out. A Baseline row sets the indicator's baseline and its year. Rows equal to what is stored change nothing.",
            assignments_note: "One row per organisation and indicator: the organisation's code, the indicator's code, and from which day reports are expected (the first period is the first that ends on or after it). Rows already assigned change nothing; a file never unassigns (use the assignment matrix).",
            column_label: |column| match column {
                "what" => "Target or baseline",
                "year" => "Year",
                "reason" => "Reason for a change",
                "stored" => "Stored now",
                "organisation_name" => "Organisation's name",
                "starts_on" => "Reports expected from",
                _ => "",
            },
        },
        activity: ImportActivityStrings {
            template_xlsx: "Activity-data template (.xlsx)",
            template_csv: "Activity-data template (.csv)",
            template_intro: "For the greenhouse-gas inventory: one row per month and activity (fuel burned, process carbon, carbonates, energy bought or delivered, nickel produced), checked by the rules of the activity form and the API. Your draft and returned rows come filled in with their id: correct them in place. Rows already stored are not stored again.",
            see_activity: "See the activity data",
            sheet_name: "Activity data",
            note: "One row per month and activity. month: the month's first day (2026-03-01). kind: what the row records; then quantity (fuel in its unit, tonnes of carbon in, tonnes calcined, MWh, tonnes of nickel contained) and only the columns the kind uses: fuel, unit (t or l) and ncv (GJ/t, measured, else leave it blank) for fuel burned; carbon_out for process carbon; carbonate; carrier and counterparty (a park organisation's code, or GRID) for energy. Keep id and version on a row you correct; leave them blank for a new row. A row equal to one already stored is not stored again.",
            unknown_row: "No activity row of your organisation has this id: leave id and version blank to add a new row.",
            same_row_twice: |first| format!("The same activity row as row {first}."),
            no_park: "Your organisation belongs to no park, so it has no greenhouse-gas inventory to report activity data to.",
            column_label: |column| match column {
                "month" => "Month (first day)",
                "kind" => "Activity",
                "quantity" => "Quantity",
                "fuel" => "Fuel",
                "unit" => "Unit (t or l)",
                "ncv" => "Measured NCV (GJ/t)",
                "carbon_out" => "Carbon out (t C)",
                "carbonate" => "Carbonate",
                "carrier" => "Electricity or steam",
                "counterparty" => "Supplier or customer (code, or GRID)",
                "comment" => "Comment",
                "status" => "Save as",
                "id" => "Row id (do not change)",
                "version" => "Version (do not change)",
                "current_status" => "Current state",
                "organisation" => "Organisation",
                _ => "",
            },
        },
        ledger: ImportLedgerStrings {
            template: "Ledger template (.xlsx)",
            csv_months: "ledger months (.csv)",
            csv_transfers: "transfers (.csv)",
            template_intro: "The ledger template lists your materials' months that are not yet submitted, each with the figures stored so far, and the transfers you sent in those months. Fill in each month (and an explanation in the comment where it does not balance), add a row per transfer, then upload it here with \u{201c}Material-flow ledger\u{201d} chosen.",
            preview_of: |file, organisation| {
                format!("{file}, material-flow ledger of {organisation}")
            },
            commit: "Store these months and transfers",
            see_ledger: "See your ledger",
            months_sheet: "Ledger",
            transfers_sheet: "Transfers",
            materials_list: "Materials",
            receivers_list: "Receivers",
            note: "Ledger: one row per material and month. Opening + generated + received must equal used on site + sent + disposed + closing (within 0.5 %); a month that does not balance is submitted only with a comment explaining why. The opening stock is needed only for the first month of a material. Transfers: one row per load you sent; the receiver confirms or disputes it on its ledger. Rows equal to what is stored change nothing; rows left blank are skipped.",
            column_label: |column| match column {
                "material" => "Material",
                "month" => "Month (YYYY-MM)",
                "opening" => "Opening stock (first month only)",
                "generated" => "Generated",
                "received" => "Received from others",
                "used_on_site" => "Used on site",
                "sent" => "Sent to others",
                "disposed_landfill" => "Landfill",
                "disposed_storage" => "Engineered storage",
                "disposed_sea" => "Placement at sea",
                "closing" => "Closing stock",
                "receiver" => "Receiver",
                "receiver_name" => "Receiver's name",
                "quantity" => "Quantity",
                "intended_use" => "Intended use",
                "state" => "Receiver's answer",
                _ => "",
            },
        },
    },
    workflow: WorkflowStrings {
        unknown_period: |label| {
            format!(
                "“{label}” is not a period the queue knows; choose one from the list (such as Q2 2026 or Jun 2026). The queue below is not filtered by period."
            )
        },
        review: "Review",
        open_review: "Review page",
        latest_reports: "Latest reports",
        latest_reports_intro: "Each report's review page: approve or return a submitted one, reopen an approved one.",
        no_reports: "No reports yet.",
        earlier_note: "Earlier return note (the report was corrected and submitted again)",
        reports_submitted: |n| {
            if n == 1 {
                "1 report submitted for review.".into()
            } else {
                format!("{n} reports submitted for review.")
            }
        },
        drafts_saved: |n| {
            if n == 1 {
                "1 draft saved.".into()
            } else {
                format!("{n} drafts saved.")
            }
        },
        your_reports: "Your organisation's reports",
        your_reports_intro: |n| {
            format!(
                "Your own figures, period by period, beside the park figure. The park figure is shown only where at least {n} organisations contribute, so that no organisation's figure can be read from it."
            )
        },
        park_series_intro: |n| {
            format!(
                "Approved figures only, for the periods where at least {n} organisations contribute."
            )
        },
    },
    ghg: GhgStrings {
        computed_note: "Computed from the park's greenhouse-gas inventory: approved activity data × versioned emission factors, captive power counted once. Nobody reports this indicator; typed reports from before it was computed count for nothing and are shown as superseded.",
        computed_link: "See how it is computed: the greenhouse-gas inventory",
        superseded_by_computation: "Superseded by the computation",
        nav: "Emissions",
        title: "Greenhouse-gas inventory",
        intro: "Computed from approved activity data (fuel, process carbon, carbonates, electricity and steam bought and delivered, nickel produced) with versioned emission factors. Scope 2 is location-based. The park counts its captive power plants once: their Scope 1 already holds what they sold to their neighbours.",
        period: "Period",
        show: "Show",
        title_for: |period| format!("Greenhouse-gas inventory, {period}"),
        no_inventory: "No inventory has been computed for this period yet.",
        park_total: "Park total",
        park_total_explained: "Σ Scope 1 of every organisation + Scope 2 from outside the park (the grid).",
        scope1: "Scope 1",
        scope2_grid: "Scope 2, grid",
        scope2_captive: "Scope 2, captive plants",
        nickel: "Nickel contained (t)",
        intensity: "t CO2e per t Ni",
        t_co2e: "t CO2e",
        chart_title: "Park emissions by month and source",
        chart_aria: |period| {
            format!(
                "Stacked bars: the park's emissions in t CO2e by month and source, {period}; captive power counted once"
            )
        },
        by_scope_source_gas: "By scope, source and gas (t CO2e)",
        scope: "Scope",
        source: "Source",
        total: "Total",
        not_added: "not added to the park total: already in the captive plant's Scope 1",
        reconciliation: "Counting captive power once",
        reconciliation_intro: "The organisations' own Scope 1 + 2, added up, count the captive plants' emissions twice: once as the plant's Scope 1 and again as its customers' Scope 2. Taking the captive deliveries out once gives the park total.",
        organisation: "Organisation",
        reported_sum: "Σ Scope 1 + 2 as each organisation reports it",
        counted_twice: "− captive deliveries counted twice",
        equals_park_total: "= park total",
        intensity_by_route: "Intensity by process route",
        intensity_intro: "Σ Scope 1 + 2 of the route's producers (captive power included) ÷ their nickel contained, beside the published range for the route.",
        route: "Process route",
        organisations: "Organisations",
        reference_range: "Published range",
        within_range: "within",
        outside_range: "outside",
        park: "Park (captive power once)",
        park_withheld: "The park figures are shown where at least three organisations contribute.",
        target_path: "CE-01 target",
        inventories_used: "Inventories and factor versions",
        quarter: "Quarter",
        factor_set: "Factor set",
        gwp_set: "GWP",
        computed: "Computed",
        reason: "Reason",
        activity_rows: "Activity rows",
        superseded: "superseded",
        current: "current",
        history: "History",
        gaps: "Not counted",
        gap_no_factor: |id| format!("Activity row {id}: the factor set has no factor for it."),
        gap_plant: |id, plant| {
            format!(
                "Activity row {id}: bought from {plant}, which has no approved deliveries that month."
            )
        },
        recompute: "Recompute",
        recompute_intro: "Recompute a quarter with a factor-set version and a GWP set. The inventory it replaces stays in the history.",
        recomputed_notice: "The inventory was recomputed; the previous one is kept in the history.",
        tenant_inventory: "An organisation's inventory",
        own_inventory: "Your organisation's inventory",
        choose_organisation: "Organisation",
        lines_intro: "Every line comes from one approved activity row and one gas, with the factor version of its inventory.",
        month: "Month",
        gas: "Gas",
        activity: "Activity",
        quantity: "Quantity",
        tier: "Tier",
        supplier: "Supplier",
        no_lines: "No emissions for this organisation in this period.",
        activity_nav: "Activity data",
        activity_title: "Activity data",
        activity_intro: "Report what your organisation burned, bought, delivered and produced each month. Approved rows are what the inventory counts; CE-01 and CE-02 are computed from them.",
        add_activity: "Add a row",
        edit_activity: "Change the row",
        kind: "What",
        fuel: "Fuel",
        unit: "Unit",
        tonnes: "tonnes",
        litres: "litres",
        ncv: "Measured NCV (GJ/t)",
        ncv_help: "The cargo's measured net calorific value (Tier 2); leave empty to use the factor set's default (Tier 1).",
        carbon_out: "Carbon out (t C)",
        carbon_help: "Process carbon: the quantity is tonnes of carbon in (reductant, electrodes); carbon out is in products and slag.",
        carbonate: "Carbonate",
        carrier: "Electricity or steam",
        counterparty: "Supplier or customer",
        counterparty_help: "Bought: the captive plant you bought from, or the PLN grid. Delivered: the organisation you delivered to.",
        grid: "PLN grid (outside the park)",
        quantity_help: "Fuel in the unit chosen; tonnes of carbon in; tonnes of carbonate; MWh; tonnes of nickel contained.",
        comment: "Comment",
        save_draft: "Save as draft",
        submit: "Submit",
        status: "Status",
        edit: "Change",
        no_activity: "No activity data for this year yet.",
        saved_notice: "Saved.",
        not_a_tenant: "Activity data is reported by a tenant's users for their own organisation.",
        review_title: "Activity data to review",
        review_intro: "Approve a row to count it in the inventory (its quarter is recomputed at once), or return it with a note.",
        approve: "Approve",
        return_: "Return",
        note: "Note",
        nothing_to_review: "No activity data awaits review.",
        decided_notice: "Done.",
        factors_title: "Emission factors",
        factors_intro: "Factor sets are data: each version names its source and why it was added, and is never edited. An inventory names the version and the GWP set it used.",
        version: "Version",
        valid: "Valid",
        created: "Added",
        ncv_default: "Default NCV (GJ/t)",
        grid_factor: "Grid (t CO2/MWh)",
        year: "Year",
        add_version: "Add a version",
        add_version_intro: "A new version copies this one's factors with the grid factor of a year changed. Recompute the quarters to use it.",
        version_added_notice: "The new version was added.",
        computed_from_inventory: "Computed from the greenhouse-gas inventory (approved activity data × versioned factors); not reported by tenants.",
        scopes: ScopeLabels {
            scope_1: "Scope 1",
            scope_2: "Scope 2",
        },
        sources: SourceLabels {
            combustion: "Fuel combustion",
            process_carbon: "Process carbon (RKEF)",
            carbonates: "Carbonates",
            grid_energy: "Electricity and steam from the grid",
            captive_energy: "Electricity and steam from captive plants",
        },
        gases: GasLabels {
            co2: "CO2",
            ch4: "CH4",
            n2o: "N2O",
        },
        kinds: ActivityKindLabels {
            fuel_use: "Fuel burned",
            process_carbon: "Process carbon balance",
            carbonate: "Carbonate calcined",
            energy_purchase: "Electricity or steam bought",
            energy_delivery: "Electricity or steam delivered",
            production: "Nickel produced",
        },
        fuels: FuelLabels {
            sub_bituminous_coal: "Sub-bituminous coal",
            other_bituminous_coal: "Other bituminous coal",
            diesel: "Diesel",
            fuel_oil: "Fuel oil",
            lng: "LNG",
        },
        carbonates: CarbonateLabels {
            limestone: "Limestone",
            dolomite: "Dolomite",
        },
        carriers: CarrierLabels {
            electricity: "Electricity",
            steam: "Steam",
        },
    },
    flows: FlowStrings {
        nav: "Material flows",
        title: "Material flows",
        intro: "What each organisation's waste and by-products become in the park: generated, used on site, passed to another organisation, sent outside, disposed of. The official flows count approved ledger months and transfers their receivers confirmed.",
        material: "Material",
        period: "Period",
        period_hint: "A month (2026-10), a quarter (2026-Q3), a half-year (2026-H1) or a year (2026).",
        diagram_title: |material, period| format!("Flows of {material}, {period}"),
        own_diagram_title: |material, period| format!("Your flows of {material}, {period}"),
        diagram_desc: "Each band runs from where the material was generated to where it went; its width is the quantity. The table beside the diagram lists the same flows.",
        park_hidden: |n| {
            format!(
                "The park's totals of this material are shown when at least three organisations contribute to it; {n} do in this period. Your own flows are shown."
            )
        },
        table_caption: "The same flows as a table",
        from: "From",
        to: "To",
        quantity: "Quantity",
        no_flows: "No approved ledger months of this material in this period.",
        totals_caption: "Park totals",
        generated: "Generated",
        received: "Received",
        used_on_site: "Used on site",
        reused_by_transfer: "Passed on for reuse in the park (confirmed)",
        reused_in_park: "Reused inside the park",
        share_reused: "Share reused",
        sent: "Sent",
        sent_outside: "Sent outside the park",
        disposed: "Disposed of",
        disposed_landfill: "Disposed: landfill",
        disposed_storage: "Disposed: engineered storage",
        disposed_sea: "Disposed: placement at sea",
        opening: "Opening stock",
        opening_first: "Opening stock (first month only; later months open with the previous closing stock)",
        closing: "Closing stock",
        active_links: "Active company-to-company links",
        contributors: "Organisations contributing",
        park: "The park",
        end_used_on_site: "Used on site",
        end_in_park: "Other organisations in the park",
        end_outside: "Sent outside the park",
        end_landfill: "Landfill",
        end_storage: "Engineered storage",
        end_sea: "Placement at sea",
        computed_title: "Indicators computed from the ledger",
        computed_intro: "CE-05 and CE-08 are computed from approved ledger months and confirmed transfers of the period, not typed: slag utilisation = (own use on site + confirmed transfers for reuse, recycling or recovery in the park) ÷ generated; active symbiosis links = distinct sender → receiver pairs with such a confirmed transfer.",
        no_computed: "Nothing to compute for this period.",
        ce05: "Slag utilisation rate",
        ce08: "Active industrial-symbiosis exchanges",
        indicator: "Indicator",
        organisation: "Organisation",
        value: "Value",
        basis: "Basis",
        basis_share: |reused, generated| format!("{reused} reused of {generated} generated"),
        basis_links: "distinct sender → receiver pairs",
        by_organisation: "Inputs and outputs by organisation (approved months)",
        your_inputs_outputs: "Your inputs and outputs (approved months)",
        attention_title: "Transfers that need attention",
        attention_intro: "Transfers awaiting the receiver's answer, unanswered after 30 days, disputed, or confirmed with a quantity more than 2 % from the sender's.",
        transfers_title: "Transfers",
        no_transfers: "No transfers of this material in this period.",
        month: "Month",
        sender: "Sender",
        receiver: "Receiver",
        intended_use: "Intended use",
        state: "State",
        received_quantity: "Received quantity",
        flags: "Flags",
        flag_difference: |share| format!("Received {share} % against sent (beyond 2 %)"),
        flag_unanswered: |days| format!("Unanswered for {days} days"),
        flag_disputed: "Disputed",
        state_pending: "Awaiting the receiver",
        state_confirmed: "Confirmed",
        state_disputed: "Disputed",
        use_reuse: "Reuse",
        use_recycling: "Recycling",
        use_recovery: "Recovery",
        use_third_party_disposal: "Disposal by a third party",
        confirm: "Confirm",
        dispute: "Dispute",
        note: "Note",
        ledger_title: "Your ledger",
        no_ledger: "No months of this material in your ledger yet.",
        balance: "Balance",
        balances: "Balances",
        imbalance: |off| format!("Off by {off}"),
        status: "Status",
        comment: "Comment",
        form_title: "Report a month",
        form_intro: "Opening stock + generated + received must equal used on site + sent + disposed + closing stock (within 0.5 %). A month that does not balance can be saved as a draft; to submit it, explain the difference in the comment.",
        save_draft: "Save as draft",
        submit: "Submit for review",
        transfer_form_title: "Record a transfer",
        transfer_form_intro: "What you sent to another organisation; its receiver confirms it with the quantity it received, or disputes it.",
        record: "Record the transfer",
        review_title: "Ledger months awaiting review",
        nothing_to_review: "No ledger month awaits review.",
        decision: "Decision",
        approve: "Approve",
        return_: "Return",
        approved_title: "Approved ledger months",
        approved_intro: "Approved months of this material and period count in the park's flows and in CE-05 and CE-08. Reopening one sends it back to its organisation as returned, with your reason; it leaves the figures until it is approved again, and a published figure it changes is restated.",
        nothing_approved: "No approved ledger month of this material in this period.",
        reopen: "Reopen",
        reopen_reason: "Reason",
        materials_title: "Materials",
        no_materials: "No materials are set up yet.",
        code: "Code",
        name: "Name",
        unit: "Unit",
        hazard_class: "Waste class",
        indicators: "Indicators",
        hazard_none: "Not a waste",
        hazard_b3: "Hazardous (B3)",
        hazard_b3_exempt: "Exempted from B3",
        hazard_non_b3: "Not hazardous (non-B3)",
        done: |done| match done {
            "saved" => "Saved.",
            "recorded" => "Transfer recorded; its receiver is asked to confirm it.",
            "confirmed" => "Transfer confirmed.",
            "disputed" => "Transfer disputed; its sender and the managers see your note.",
            "approved" => "Ledger month approved.",
            "returned" => "Ledger month returned to its organisation.",
            "reopened" => "Ledger month reopened and returned to its organisation.",
            _ => "",
        },
    },
    publication: PublicationStrings {
        nav_publish: "Publish",
        nav_public: "Published figures",
        publish_title: "Publish figures",
        publish_intro: "Publishing a quarter or a year freezes its publishable park figures (approved, coverage met, at least three organisations or the park office) as a statement in the public, signed transparency log. A figure changed later is published as a restatement, never silently.",
        period: "Period",
        publish: "Publish",
        published_notice: |period, entry| {
            format!("{period} is published: entry {entry} of the transparency log.")
        },
        attested_notice: |entry| {
            format!("Your attestation is entry {entry} of the transparency log.")
        },
        no_periods: "Every ended period is published.",
        publications: "Publications",
        none_yet: "Nothing is published yet.",
        kind: "Kind",
        kind_statement: "Statement",
        kind_restatement: "Restatement",
        entry: "Log entry",
        published_at: "Published",
        published_by: "By",
        figures: "Figures",
        statement: "Statement",
        proof: "Proof",
        attest_title: "Attest a statement",
        attest_intro: "As an independent assurance provider, record your assurance of a published statement; it becomes an entry of its own in the log.",
        assurance: "Assurance",
        limited: "Limited",
        reasonable: "Reasonable",
        note: "Note",
        attest: "Attest",
        public_title: "Published figures",
        public_intro: "The program's figures as published: only approved park figures that cover enough of the park and pool at least three organisations. Each comes from a statement in a signed, append-only log that anyone can check without trusting this server.",
        checkpoint: "Current checkpoint",
        public_key: "Public key",
        how_to_verify: "To check it yourself, keep the public key and this checkpoint, then run `pilar verify` or tools/verify_log.py (see docs/transparency.md).",
        indicator: "Indicator",
        value: "Value",
        target: "Target",
        status: "Status",
        coverage: "Coverage",
        coverage_of: |reporters, assigned| format!("{reporters} of {assigned} organisations"),
        restated: |date, old, reason| format!("Restated on {date} (was {old}): {reason}"),
        attested: |assurance, note| format!("{assurance} assurance: {note}"),
        nothing_published: "Nothing is published yet.",
    },
};

fn account_problem(problem: &AccountProblem) -> String {
    match problem {
        AccountProblem::Email => "Enter an email address such as name@example.org.".into(),
        AccountProblem::PasswordTooShort { min } => {
            format!("The password must be at least {min} characters long.")
        }
        AccountProblem::PasswordTooLong { max } => {
            format!("The password can be at most {max} characters long.")
        }
        AccountProblem::Language => "Choose English or Bahasa Indonesia.".into(),
        AccountProblem::Role => "Choose one of the roles offered.".into(),
        AccountProblem::NoSuchOrganisation { code } => {
            format!("No organisation has the code {code:?}.")
        }
        AccountProblem::NoSuchVerifier { email } => format!(
            "No active verifier account has the email {email:?}: a token acts for a verifier account only."
        ),
        AccountProblem::OrganisationNeeded => {
            "A tenant user needs the code of its organisation.".into()
        }
        AccountProblem::OrganisationOnlyForTenants => {
            "Only tenant users belong to an organisation: leave the organisation empty.".into()
        }
        AccountProblem::NameRequired => "Give the user a name.".into(),
        AccountProblem::NameTooLong { max } => {
            format!("The name can be at most {max} characters long.")
        }
        AccountProblem::TokenName { max } => format!(
            "Give the token a name of 1 to {max} characters that says what it is for (e.g. \"ERP monthly upload\")."
        ),
        AccountProblem::Scope => "Choose one of the scopes offered.".into(),
        AccountProblem::ExpiryPast => "The expiry date is in the past.".into(),
        AccountProblem::WrongCurrentPassword => "This is not your current password.".into(),
        AccountProblem::PasswordsDiffer => "The two new passwords differ.".into(),
        AccountProblem::OwnAdminRole => {
            "You cannot take the admin role from your own account.".into()
        }
        AccountProblem::VersionUnknown => {
            "This form does not say which version of the user it changes: open it again.".into()
        }
    }
}

fn report_refusal(refusal: &ReportRefusal) -> String {
    match refusal {
        ReportRefusal::Concurrent => "A concurrent request changed the same observations; nothing was stored. Retry the request.".into(),
        ReportRefusal::ApprovedLocked { id } => format!(
            "This observation is approved and locked. To change it, ask a program manager to reopen it (POST /api/v1/observations/{id}/reopen with a reason); it then comes back to you as returned."
        ),
        ReportRefusal::AwaitsReview => "This observation is submitted and awaits review; it can be changed again once a program manager returns it.".into(),
        ReportRefusal::Stale { current } => format!(
            "The observation changed since you read it (it is now version {current}); read it again and retry."
        ),
        ReportRefusal::CreatedMeanwhile { indicator } => format!(
            "{indicator} was reported for this period by another request just now; read it and change that one."
        ),
        ReportRefusal::AlreadyReported { indicator, starts, id, version } => format!(
            "{indicator} is already reported for {starts} (observation {id}, version {version}); change that one instead."
        ),
        ReportRefusal::StillRunning { ends } => format!(
            "The period is still running until {ends}; submit the observation once the period has ended."
        ),
        ReportRefusal::ItemsConflict { count } => format!(
            "{count} item(s) conflict with stored observations; nothing was stored."
        ),
        ReportRefusal::ItemsStale { count } => format!(
            "{count} item(s) name a version that is not the stored one; nothing was stored."
        ),
        ReportRefusal::BatchCreatedMeanwhile => "Some of these observations were reported by another request just now; nothing was stored. Read them and retry.".into(),
        ReportRefusal::BatchChangedMeanwhile => "Some of these observations changed meanwhile; nothing was stored. Read them and retry.".into(),
        ReportRefusal::OwnOrganisation => "This is your own organisation's report: another program manager must review it.".into(),
        ReportRefusal::OwnSubmission => "You submitted this report yourself: another program manager must review it.".into(),
        ReportRefusal::AlreadyApproved => "This observation is already approved; reopen it (with a reason) to send it back.".into(),
        ReportRefusal::NotSubmitted { status } => format!(
            "This observation is {status}, not submitted: only a submitted observation can be reviewed."
        ),
        ReportRefusal::NotApproved { status } => format!(
            "This observation is {status}: only an approved observation can be reopened."
        ),
        ReportRefusal::VersionOnCreate => "The version is for changing an existing observation: leave it out to create one.".into(),
        ReportRefusal::BatchSize { max, got } => format!(
            "A batch carries 1 to {max} observations (got {got}); split larger sets into several batches."
        ),
        ReportRefusal::DuplicateInBatch { first, indicator, starts } => format!(
            "Item {first} already reports {indicator} for the period starting {starts}: one figure per indicator and period."
        ),
        ReportRefusal::NothingToChange { indicator, starts } => format!(
            "No observation of {indicator} exists for the period starting {starts}: leave version out to create it."
        ),
        ReportRefusal::VersionNeeded { indicator, starts, id, version } => format!(
            "{indicator} is already reported for the period starting {starts} (observation {id}, version {version}): send \"version\": {version} to change it."
        ),
        ReportRefusal::ItemStale { id, current } => format!(
            "Observation {id} changed since you read it: it is now version {current}."
        ),
        ReportRefusal::NotReceiver => "Only the receiver of a transfer confirms or disputes it.".into(),
        ReportRefusal::AlreadyAnswered => "This transfer is already confirmed or disputed.".into(),
    }
}

fn missing(what: &Missing) -> String {
    let thing = match what {
        Missing::Page => "This page".to_string(),
        Missing::ApiResource => "This API resource".into(),
        Missing::Program => "The program".into(),
        Missing::Observation => "This observation".into(),
        Missing::ThisOrganisation => "This organisation".into(),
        Missing::User => "This user".into(),
        Missing::UserWithEmail(email) => format!("A user with the email {email:?}"),
        Missing::Token => "This token".into(),
        Missing::Indicator(code) => format!("Indicator {code}"),
        Missing::Pillar(code) => format!("Pillar {code}"),
        Missing::Organisation(code) => format!("Organisation {code}"),
        Missing::Milestone(code) => format!("Milestone {code}"),
        Missing::Period(period) => format!("The period {period}"),
        Missing::Import => "This import".into(),
        Missing::Report { indicator, period } => {
            format!("The report of {indicator} for {period}")
        }
    };
    format!("{thing} does not exist. Check the address, or start again from the overview.")
}

fn denied(why: &Denied) -> String {
    match why {
        Denied::NoAccess => "Your account does not give access to this page.".into(),
        Denied::OtherProgram => "Your account does not give access to this program.".into(),
        Denied::FormExpired => "This form has expired or did not come from Pilar. Go back, reload the page and try again.".into(),
        Denied::ReadOnlyToken => "This token may only read; writing needs a token with the write scope.".into(),
        Denied::SignIn => "Sign in to read this page.".into(),
        Denied::TenantsOnly => "This page is for tenant users.".into(),
        Denied::ReportersOnly => "Only a tenant organisation's users report figures here.".into(),
        Denied::ReviewersOnly => "Reviewing needs a program manager's token (an organisation that leads or hosts the program).".into(),
        Denied::ManagersOnly => "This export needs a program manager's token (an organisation that leads or hosts the program).".into(),
        Denied::VerifiersOnly => "Attesting needs a token issued for a verifier account (an independent assurance provider).".into(),
        Denied::VerifierTokenLimited => "A verifier account's token lists publications and attests them; it opens nothing else.".into(),
        Denied::Report(refusal) => report_refusal(refusal),
    }
}

fn clash(why: &Clash) -> String {
    match why {
        Clash::UserChanged => {
            "Someone changed this user since you opened the form; open it again.".into()
        }
        Clash::LastAdmin => {
            "Pilar needs at least one active admin; make another user admin first.".into()
        }
        Clash::OwnAccount => "You cannot deactivate your own account.".into(),
        Clash::ChangedSinceRead => {
            "Someone else changed this since you read it; read it again.".into()
        }
        Clash::PeriodNotOver => "This period has not ended yet; publish it once it is over.".into(),
        Clash::AlreadyPublished => {
            "This period is already published; a changed figure is published as a restatement.".into()
        }
        Clash::NothingToPublish => {
            "This period has no park figure that may be published yet (approved, coverage met, at least three organisations).".into()
        }
    }
}

fn violated(rule: &Violated) -> String {
    match rule {
        Violated::EmailTaken => "An account with this email already exists.",
        Violated::TenantOrganisation => {
            "A tenant user belongs to exactly one organisation; other roles to none."
        }
        Violated::AlreadyReported => "This indicator is already reported for this period.",
        Violated::NotAssigned => "This organisation is not assigned this indicator.",
        Violated::TokenName => "Give the token a name.",
        Violated::CodeTaken => "This code is already used in the program.",
        Violated::ParkLevelOffice => {
            "Organisation: this indicator is reported once for the park, so only the park office may be assigned it, not a tenant."
        }
    }
    .into()
}
