//! English: the catalogue's values, and the default language.

use super::catalogue::*;

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
    accounts: AccountStrings {
        sign_in_title: "Sign in",
        sign_in_heading: "Sign in to Pilar",
        email: "Email",
        password: "Password",
        sign_in_button: "Sign in",
        wrong_credentials: "Wrong email or password.",
        throttled: "Too many failed sign-in attempts. Wait 15 minutes, then try again.",

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
};
