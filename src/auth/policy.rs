//! The permission rule, in one place. Every browser request passes through [`decide`] (the
//! session middleware calls it before any handler runs); API requests pass through the
//! bearer-token middleware, whose rule is [`decide_api`]. Anything not listed needs a
//! signed-in dashboard reader: a new route is closed until it is opened here.

use axum::http::Method;

use uuid::Uuid;

use super::Role;
use crate::domain::TokenScope;

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the sign-in page, health checks, the stylesheet.
    Public,
    /// Any signed-in user (sign-out, language choice).
    SignedIn,
    /// The program overview: dashboard readers, or anyone when the public view is on.
    Overview,
    /// The dashboards: viewers, managers, admins. Tenants see their own pages instead, since
    /// dashboards show every organisation's figures.
    Dashboards,
    /// A tenant's own pages: its organisation's figures and reports.
    Tenant,
    /// What a tenant reports on and the program around it: an indicator's page (not its
    /// downloads), the timeline, the stakeholder directory, the national view of the parks
    /// (`/parks`, park figures only), the material flows (`/flows`,
    /// scoped by [`may_read_ledger`] and its siblings). Dashboard readers and tenant
    /// users; for a tenant each page shows only what is public or its own organisation's
    /// (the handler scopes it: an indicator its organisation is not assigned answers 404, a
    /// park figure needs `domain::privacy`'s minimum of organisations).
    Reference,
    /// Reviewing reports and keeping milestones: managers and admins.
    Review,
    /// Structure, users, tokens, the audit log: admins.
    Admin,
    /// Importing files of reports: tenant users for their own organisation, admins for any.
    Import,
    /// Attesting published statements: verifiers (independent assurance providers).
    Attest,
    /// The JSON API: bearer tokens, see [`decide_api`].
    Api,
}

/// What happens to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Not signed in: go to the sign-in page, then come back.
    SignIn,
    /// Signed in, but this is not for this role.
    Forbidden,
    /// A tenant asking for the program overview goes to its own page.
    TenantHome,
    /// A verifier asking for the program overview goes to the statements to attest.
    VerifierHome,
}

/// Where a tenant user lands.
pub const TENANT_HOME: &str = "/my";
/// Where a verifier lands.
pub const VERIFIER_HOME: &str = "/attest";

/// The access a path requires. Prefixes are matched on whole segments.
pub fn access_for(path: &str) -> Access {
    // Without building `{prefix}/` per check: this runs for every request and every link
    // of the navigation.
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    // `/login/forgot` and `/login/reset` (a password-reset link), and `/notifications` (the
    // settings link in a message, its secret the credential) are for people not signed in.
    // The transparency log and the public page are for anyone, signed in or not, whatever
    // the public-view setting says (docs/transparency.md).
    if under("/login")
        || path == "/notifications"
        || path == "/healthz"
        || path == "/readyz"
        || under("/static")
        || under("/transparency")
        || path == "/public"
    {
        Access::Public
    } else if path == "/logout" || path == "/language" || under("/account") || under("/inbox") {
        Access::SignedIn
    } else if under("/api") {
        Access::Api
    } else if path == "/" {
        Access::Overview
    } else if under("/my")
        || under("/submit")
        || under("/ghg/activity")
        || under("/flows/ledger")
        || under("/flows/transfers")
    {
        Access::Tenant
    } else if under("/ghg/review") || under("/ghg/compute") {
        Access::Review
    } else if under("/ghg/factors/new") {
        Access::Admin
    } else if under("/timeline")
        || under("/stakeholders")
        || path == "/parks"
        || is_indicator_page(path)
        || under("/ghg")
        || path == "/flows"
    {
        // `/parks`: park figures only, each withheld below three organisations for every
        // reader, so a tenant may read it as the dashboards' readers do.
        // `/ghg` (and `/ghg/factors`): a tenant reads its own inventory and the park's figures
        // only where enough organisations contribute; the handler scopes it. `/flows` likewise
        // (`may_read_park_flows`).
        Access::Reference
    } else if under("/review")
        || under("/publish")
        || under("/flows/review")
        || is_narrative_form(path)
    {
        Access::Review
    } else if under("/admin") {
        Access::Admin
    } else if under("/import") {
        Access::Import
    } else if under("/attest") {
        Access::Attest
    } else {
        Access::Dashboards
    }
}

/// `/reports/{period}/narrative/{pillar}`: the managers' narrative of a progress report is
/// written by reviewers (the report itself is a dashboard, read by viewers too).
fn is_narrative_form(path: &str) -> bool {
    path.strip_prefix("/reports/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, rest)| rest.starts_with("narrative/") || rest == "narrative")
}

/// `/indicators/{code}` itself: its downloads (`/indicators/{code}/….csv`) hold every
/// organisation's reports and stay with the dashboards.
fn is_indicator_page(path: &str) -> bool {
    path.strip_prefix("/indicators/")
        .is_some_and(|code| !code.is_empty() && !code.contains('/'))
}

/// The rule for browser requests.
pub fn decide(role: Option<Role>, access: Access, public_view: bool) -> Decision {
    use Access as A;
    use Role as R;
    let Some(role) = role else {
        return match access {
            A::Public | A::Api => Decision::Allow,
            A::Overview if public_view => Decision::Allow,
            _ => Decision::SignIn,
        };
    };
    let allowed = match access {
        A::Public | A::SignedIn | A::Api => true,
        A::Overview | A::Dashboards => matches!(role, R::Viewer | R::Manager | R::Admin),
        A::Tenant => role == R::Tenant,
        A::Reference => matches!(role, R::Viewer | R::Tenant | R::Manager | R::Admin),
        A::Review => matches!(role, R::Manager | R::Admin),
        A::Admin => role == R::Admin,
        A::Import => matches!(role, R::Tenant | R::Admin),
        A::Attest => role == R::Verifier,
    };
    match (allowed, access, role) {
        (true, _, _) => Decision::Allow,
        (false, A::Overview, R::Tenant) => Decision::TenantHome,
        (false, A::Overview, R::Verifier) => Decision::VerifierHome,
        (false, _, _) => Decision::Forbidden,
    }
}

/// The rule for programs: whether someone with `role` may enter a program (read its pages,
/// API and files), from what ties them to it. Rights are per program: a manager or viewer
/// works in the programs granted to them (`program_member`) and sees nothing of another;
/// a tenant user in the programs its organisation reports to (a `reporting_tenant` role or
/// an assignment there). Admins keep the installation (users, tokens, every program's
/// structure) and verifiers attest its one published log, so both are global.
pub fn may_enter_program(role: Role, granted: bool, organisation_reports: bool) -> bool {
    match role {
        Role::Admin | Role::Verifier => true,
        Role::Manager | Role::Viewer => granted,
        Role::Tenant => organisation_reports,
    }
}

/// The rule for an API token: it enters the programs its organisation holds a role in or
/// reports to. Whether it manages one is the program's roles' business
/// (`workflow::reports::review::MANAGING_ROLES`).
pub fn token_may_enter_program(organisation_has_role: bool, organisation_assigned: bool) -> bool {
    organisation_has_role || organisation_assigned
}

/// Which of the programs `open` to the caller (earliest first) a request is about: the one
/// `asked` for (`?program=CODE`), else the `remembered` choice while it is still open, else
/// the first. Asking for one that is not open is refused, whether it exists or not (so the
/// answer says nothing of other programs).
pub fn choose_program<'a>(
    open: &[&'a str],
    asked: Option<&str>,
    remembered: Option<&str>,
) -> Result<Option<&'a str>, crate::domain::Denied> {
    match asked {
        Some(code) => open
            .iter()
            .find(|c| **c == code)
            .copied()
            .map(Some)
            .ok_or(crate::domain::Denied::OtherProgram),
        None => Ok(remembered
            .and_then(|code| open.iter().find(|c| **c == code).copied())
            .or_else(|| open.first().copied())),
    }
}

/// The rule for API requests: reading needs any token, everything else a `write` token.
/// Which organisation's data a token reaches is decided by the queries, scoped to the
/// token's organisation (another organisation's rows answer 404).
pub fn decide_api(scope: TokenScope, method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) || scope.allows_writes()
}

/// Who is reading a review note: the rule for notes is [`may_read_note`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoteReader {
    /// Reviews reports (a manager or admin; a program manager's API token): every note.
    Reviewer,
    /// A reporting organisation's user or token: the return notes of its own reports.
    Organisation(Uuid),
    /// Anyone else (a viewer, the public view): sees that reports were returned, not why.
    Other,
}

impl NoteReader {
    /// The reader a signed-in browser user is (anonymous visitors: `None`).
    pub fn of_user(role: Option<Role>, organisation_id: Option<Uuid>) -> NoteReader {
        match (role, organisation_id) {
            (Some(Role::Manager | Role::Admin), _) => NoteReader::Reviewer,
            (Some(Role::Tenant), Some(organisation)) => NoteReader::Organisation(organisation),
            _ => NoteReader::Other,
        }
    }

    /// The reader an API token is: a program manager's token reviews, any other reads as its
    /// organisation.
    pub fn of_token(manager: bool, organisation_id: Uuid) -> NoteReader {
        if manager {
            NoteReader::Reviewer
        } else {
            NoteReader::Organisation(organisation_id)
        }
    }
}

/// The one rule for review notes, for every page, resource and download. Return notes go
/// to the reporting organisation and the reviewers; reopening reasons and approval notes
/// (`internal`) stay with the reviewers and the audit log; anyone else sees that a report
/// was returned, not why.
pub fn may_read_note(reader: NoteReader, internal: bool, reported_by: Uuid) -> bool {
    match reader {
        NoteReader::Reviewer => true,
        NoteReader::Organisation(own) => !internal && own == reported_by,
        NoteReader::Other => false,
    }
}

/// `note` when `reader` may read it (see [`may_read_note`]), else `None`.
pub fn readable_note(
    reader: NoteReader,
    note: Option<&str>,
    internal: bool,
    reported_by: Uuid,
) -> Option<String> {
    note.filter(|_| may_read_note(reader, internal, reported_by))
        .map(str::to_string)
}

/// Which versions of an observation hold an internal note, from its revisions' actions in
/// version order: the note a version holds was written by the last review decision up to it
/// (approve and reopen write internal ones, return a note for the organisation; other
/// actions keep the note). `true` at index i: version i+1 holds an internal note.
pub fn internal_notes_by_version<'a>(actions: impl IntoIterator<Item = &'a str>) -> Vec<bool> {
    let mut internal = false;
    actions
        .into_iter()
        .map(|action| {
            match action {
                "approve" | "reopen" => internal = true,
                "return" => internal = false,
                _ => {}
            }
            internal
        })
        .collect()
}

/// Whether the reason of a revision with `action` may be read: a reopening reason or an
/// approval note is the reviewers' own, a return note the organisation's too, any other
/// reason (a correction's) was written by the organisation itself.
pub fn may_read_reason(reader: NoteReader, action: &str, reported_by: Uuid) -> bool {
    let internal = matches!(action, "approve" | "reopen");
    let review = matches!(action, "approve" | "return" | "reopen");
    match reader {
        NoteReader::Reviewer => true,
        NoteReader::Organisation(own) if !review => own == reported_by,
        reader => may_read_note(reader, internal, reported_by),
    }
}

/// Who reads the material-flow ledger (`/flows`, `/api/v1/flows/…`): the rule for what each
/// sees is [`may_read_ledger`], [`may_read_transfer`] and [`may_read_park_flows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowReader {
    /// The program's dashboard readers (viewers, managers, admins) and program managers'
    /// API tokens: every organisation's ledger and transfers, and organisations' flows.
    Program,
    /// A reporting organisation's user or token: its own ledger, the transfers it is a party
    /// to (sender or receiver), park totals where enough organisations contribute.
    Organisation(Uuid),
}

impl FlowReader {
    /// The reader a signed-in user is; `None` for a role that reads no ledger (a verifier,
    /// or a tenant user bound to no organisation).
    pub fn of_user(role: Role, organisation_id: Option<Uuid>) -> Option<FlowReader> {
        match (role, organisation_id) {
            (Role::Viewer | Role::Manager | Role::Admin, _) => Some(FlowReader::Program),
            (Role::Tenant, Some(own)) => Some(FlowReader::Organisation(own)),
            _ => None,
        }
    }

    /// The reader an API token is: a program manager's token reads everything.
    pub fn of_token(manager: bool, organisation_id: Uuid) -> FlowReader {
        if manager {
            FlowReader::Program
        } else {
            FlowReader::Organisation(organisation_id)
        }
    }

    /// The organisation its ledger and transfer reads are confined to (`None`: every one).
    pub fn scope(self) -> Option<Uuid> {
        match self {
            FlowReader::Program => None,
            FlowReader::Organisation(own) => Some(own),
        }
    }
}

/// Whether `reader` may read an organisation's ledger months.
pub fn may_read_ledger(reader: FlowReader, organisation_id: Uuid) -> bool {
    match reader {
        FlowReader::Program => true,
        FlowReader::Organisation(own) => own == organisation_id,
    }
}

/// Whether `reader` may read a transfer: both parties see the transfer they share.
pub fn may_read_transfer(reader: FlowReader, sender_id: Uuid, receiver_id: Uuid) -> bool {
    match reader {
        FlowReader::Program => true,
        FlowReader::Organisation(own) => own == sender_id || own == receiver_id,
    }
}

/// Whether `reader` may read the park's totals of a material for a period to which
/// `contributors` organisations contribute: an organisation only where at least
/// `domain::privacy::MIN_CONTRIBUTORS_FOR_TENANTS` do, so that no peer's flow can be read off.
pub fn may_read_park_flows(reader: FlowReader, contributors: usize) -> bool {
    match reader {
        FlowReader::Program => true,
        FlowReader::Organisation(_) => {
            crate::domain::privacy::park_figure_visible_to_tenant(contributors)
        }
    }
}

/// Whether `reader` may see the park's flows organisation by organisation (the Sankey
/// diagram's bands from each sender, each organisation's inputs and outputs); others see the
/// park as one source.
pub fn may_read_organisations_flows(reader: FlowReader) -> bool {
    reader == FlowReader::Program
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reports_are_dashboards_and_their_narratives_are_written_by_reviewers() {
        assert_eq!(access_for("/reports"), Access::Dashboards);
        assert_eq!(access_for("/reports/2026-Q3"), Access::Dashboards);
        assert_eq!(access_for("/reports/2026.pdf"), Access::Dashboards);
        assert_eq!(access_for("/reports/2026/narrative/CE"), Access::Review);
        assert_eq!(access_for("/reports/2026-Q3/narrative"), Access::Review);
        assert_eq!(
            decide(Some(Role::Tenant), access_for("/reports/2026"), false),
            Decision::Forbidden
        );
        assert_eq!(
            decide(
                Some(Role::Viewer),
                access_for("/reports/2026/narrative/CE"),
                false
            ),
            Decision::Forbidden
        );
    }

    #[test]
    fn return_notes_reach_the_organisation_and_reviewers_reasons_the_reviewers_only() {
        let own = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        // reader, internal note?, the report's organisation → may read
        let table = [
            (NoteReader::Reviewer, false, own, true),
            (NoteReader::Reviewer, true, own, true),
            (NoteReader::Organisation(own), false, own, true),
            (NoteReader::Organisation(own), true, own, false),
            (NoteReader::Organisation(own), false, other, false),
            (NoteReader::Other, false, own, false),
            (NoteReader::Other, true, own, false),
        ];
        for (reader, internal, by, want) in table {
            assert_eq!(
                may_read_note(reader, internal, by),
                want,
                "{reader:?} {internal}"
            );
        }
        assert_eq!(
            readable_note(NoteReader::Other, Some("why"), false, own),
            None
        );
        assert_eq!(
            readable_note(NoteReader::Organisation(own), Some("fix it"), false, own).as_deref(),
            Some("fix it")
        );
    }

    #[test]
    fn a_correction_reason_is_its_organisations_and_the_reviewers() {
        let own = Uuid::from_u128(1);
        let other = Uuid::from_u128(2);
        assert!(may_read_reason(
            NoteReader::Organisation(own),
            "update",
            own
        ));
        assert!(!may_read_reason(
            NoteReader::Organisation(other),
            "update",
            own
        ));
        assert!(may_read_reason(NoteReader::Reviewer, "update", own));
        assert!(!may_read_reason(NoteReader::Other, "update", own));
        assert!(may_read_reason(
            NoteReader::Organisation(own),
            "return",
            own
        ));
        assert!(!may_read_reason(
            NoteReader::Organisation(own),
            "reopen",
            own
        ));
    }

    #[test]
    fn readers_follow_roles_and_tokens() {
        let org = Uuid::from_u128(7);
        assert_eq!(
            NoteReader::of_user(Some(Role::Manager), None),
            NoteReader::Reviewer
        );
        assert_eq!(
            NoteReader::of_user(Some(Role::Admin), None),
            NoteReader::Reviewer
        );
        assert_eq!(
            NoteReader::of_user(Some(Role::Tenant), Some(org)),
            NoteReader::Organisation(org)
        );
        assert_eq!(
            NoteReader::of_user(Some(Role::Viewer), None),
            NoteReader::Other
        );
        assert_eq!(NoteReader::of_user(None, None), NoteReader::Other);
        assert_eq!(NoteReader::of_token(true, org), NoteReader::Reviewer);
        assert_eq!(
            NoteReader::of_token(false, org),
            NoteReader::Organisation(org)
        );
    }

    #[test]
    fn each_version_holds_the_note_of_the_last_review_decision() {
        let actions = [
            "create", "submit", "return", "update", "submit", "approve", "reopen", "update",
        ];
        assert_eq!(
            internal_notes_by_version(actions),
            [false, false, false, false, false, true, true, true]
        );
        let own = Uuid::from_u128(1);
        let tenant = NoteReader::Organisation(own);
        assert!(may_read_reason(tenant, "update", own));
        assert!(may_read_reason(tenant, "return", own));
        assert!(!may_read_reason(tenant, "reopen", own));
        assert!(!may_read_reason(tenant, "approve", own));
        assert!(may_read_reason(NoteReader::Reviewer, "reopen", own));
    }

    #[test]
    fn paths_map_to_areas_on_whole_segments() {
        assert_eq!(access_for("/login"), Access::Public);
        assert_eq!(access_for("/static/pilar.css"), Access::Public);
        assert_eq!(access_for("/staticky"), Access::Dashboards);
        assert_eq!(access_for("/"), Access::Overview);
        assert_eq!(access_for("/pillars/CE"), Access::Dashboards);
        assert_eq!(access_for("/admin"), Access::Admin);
        assert_eq!(access_for("/admin/tokens/1/revoke"), Access::Admin);
        assert_eq!(access_for("/administrator"), Access::Dashboards);
        assert_eq!(access_for("/review/queue"), Access::Review);
        assert_eq!(access_for("/my"), Access::Tenant);
        assert_eq!(access_for("/indicators/CE-01"), Access::Reference);
        assert_eq!(
            access_for("/indicators/CE-01/series.csv"),
            Access::Dashboards
        );
        assert_eq!(
            access_for("/indicators/CE-01/reports.csv"),
            Access::Dashboards
        );
        assert_eq!(access_for("/indicators/"), Access::Dashboards);
        assert_eq!(access_for("/indicators"), Access::Dashboards);
        assert_eq!(access_for("/timeline"), Access::Reference);
        assert_eq!(access_for("/stakeholders"), Access::Reference);
        assert_eq!(access_for("/stakeholders/DEMO-HPAL-B"), Access::Reference);
        assert_eq!(access_for("/timelines"), Access::Dashboards);
        assert_eq!(access_for("/parks"), Access::Reference);
        assert_eq!(access_for("/parks/IWIP"), Access::Dashboards);
        assert_eq!(access_for("/api/v1/me"), Access::Api);
        // The downloads follow the pages they come from: the results workbook and the matrix
        // are the dashboards', the queue the reviewers', the log the admins', and a tenant's
        // own table its own.
        assert_eq!(access_for("/exports/results.xlsx"), Access::Dashboards);
        assert_eq!(access_for("/reporting.xlsx"), Access::Dashboards);
        assert_eq!(access_for("/review/queue.xlsx"), Access::Review);
        assert_eq!(access_for("/admin/audit.xlsx"), Access::Admin);
        assert_eq!(access_for("/my/reports.xlsx"), Access::Tenant);
        // The IATI file covers every organisation's program: dashboard readers only.
        assert_eq!(
            access_for("/exports/iati-activities.xml"),
            Access::Dashboards
        );
        assert_eq!(access_for("/no/such/page"), Access::Dashboards);
        // One's own notifications: every signed-in role; the outbox: admins.
        assert_eq!(access_for("/inbox"), Access::SignedIn);
        assert_eq!(access_for("/inbox/read"), Access::SignedIn);
        assert_eq!(access_for("/inboxes"), Access::Dashboards);
        assert_eq!(access_for("/admin/outbox"), Access::Admin);
    }

    #[test]
    fn anonymous_users_sign_in_except_for_public_pages() {
        assert_eq!(decide(None, Access::Public, false), Decision::Allow);
        assert_eq!(decide(None, Access::Dashboards, false), Decision::SignIn);
        assert_eq!(decide(None, Access::Overview, false), Decision::SignIn);
        assert_eq!(decide(None, Access::Overview, true), Decision::Allow);
        assert_eq!(decide(None, Access::Dashboards, true), Decision::SignIn);
        assert_eq!(decide(None, Access::Admin, true), Decision::SignIn);
        assert_eq!(decide(None, Access::Reference, true), Decision::SignIn);
    }

    #[test]
    fn roles_reach_their_areas_only() {
        use Access as A;
        use Decision::*;
        let table = [
            // access,      viewer,    tenant,     manager,   admin
            (A::Overview, [Allow, TenantHome, Allow, Allow]),
            (A::Dashboards, [Allow, Forbidden, Allow, Allow]),
            (A::Tenant, [Forbidden, Allow, Forbidden, Forbidden]),
            (A::Reference, [Allow, Allow, Allow, Allow]),
            (A::Review, [Forbidden, Forbidden, Allow, Allow]),
            (A::Admin, [Forbidden, Forbidden, Forbidden, Allow]),
            (A::Import, [Forbidden, Allow, Forbidden, Allow]),
            (A::SignedIn, [Allow, Allow, Allow, Allow]),
        ];
        for (access, expected) in table {
            for (role, want) in [Role::Viewer, Role::Tenant, Role::Manager, Role::Admin]
                .into_iter()
                .zip(expected)
            {
                assert_eq!(
                    decide(Some(role), access, false),
                    want,
                    "{role:?} on {access:?}"
                );
            }
        }
    }

    #[test]
    fn the_flows_page_is_for_readers_and_tenants_its_forms_for_their_roles() {
        assert_eq!(access_for("/flows"), Access::Reference);
        assert_eq!(access_for("/flows/ledger"), Access::Tenant);
        assert_eq!(access_for("/flows/transfers"), Access::Tenant);
        assert_eq!(access_for("/flows/transfers/1/confirm"), Access::Tenant);
        assert_eq!(access_for("/flows/review/1/approve"), Access::Review);
        assert_eq!(access_for("/flowsheet"), Access::Dashboards);
    }

    #[test]
    fn a_tenant_reads_its_own_ledger_its_transfers_and_park_totals_of_three() {
        let own = Uuid::from_u128(1);
        let peer = Uuid::from_u128(2);
        let third = Uuid::from_u128(3);
        let tenant = FlowReader::of_user(Role::Tenant, Some(own)).unwrap();
        assert!(may_read_ledger(tenant, own));
        assert!(!may_read_ledger(tenant, peer));
        assert!(may_read_transfer(tenant, own, peer));
        assert!(may_read_transfer(tenant, peer, own));
        assert!(!may_read_transfer(tenant, peer, third));
        assert!(!may_read_park_flows(tenant, 2));
        assert!(may_read_park_flows(tenant, 3));
        assert!(!may_read_organisations_flows(tenant));
        assert_eq!(tenant.scope(), Some(own));
        let manager = FlowReader::of_user(Role::Manager, None).unwrap();
        assert!(may_read_ledger(manager, peer));
        assert!(may_read_transfer(manager, peer, third));
        assert!(may_read_park_flows(manager, 1));
        assert!(may_read_organisations_flows(manager));
        assert_eq!(manager.scope(), None);
        assert_eq!(FlowReader::of_user(Role::Verifier, None), None);
        assert_eq!(FlowReader::of_user(Role::Tenant, None), None);
        assert_eq!(FlowReader::of_token(false, own), tenant);
        assert_eq!(FlowReader::of_token(true, own), FlowReader::Program);
    }

    #[test]
    fn read_tokens_only_read() {
        assert!(decide_api(TokenScope::Read, &Method::GET));
        assert!(!decide_api(TokenScope::Read, &Method::POST));
        assert!(!decide_api(TokenScope::Read, &Method::PUT));
        assert!(decide_api(TokenScope::Write, &Method::POST));
    }

    #[test]
    fn rights_are_per_program_admins_and_verifiers_global() {
        assert!(may_enter_program(Role::Manager, true, false));
        assert!(!may_enter_program(Role::Manager, false, true));
        assert!(!may_enter_program(Role::Viewer, false, false));
        assert!(may_enter_program(Role::Tenant, false, true));
        assert!(!may_enter_program(Role::Tenant, true, false));
        assert!(may_enter_program(Role::Admin, false, false));
        assert!(may_enter_program(Role::Verifier, false, false));
        assert!(token_may_enter_program(true, false));
        assert!(!token_may_enter_program(false, false));
    }

    #[test]
    fn the_program_asked_for_must_be_open_else_the_remembered_or_first() {
        let open = ["IWIP-P1", "IMIP-P1"];
        assert_eq!(choose_program(&open, None, None), Ok(Some("IWIP-P1")));
        assert_eq!(
            choose_program(&open, Some("IMIP-P1"), None),
            Ok(Some("IMIP-P1"))
        );
        assert_eq!(
            choose_program(&open, None, Some("IMIP-P1")),
            Ok(Some("IMIP-P1"))
        );
        // A remembered choice that is no longer open falls back; one asked for is refused.
        assert_eq!(
            choose_program(&open[..1], None, Some("IMIP-P1")),
            Ok(Some("IWIP-P1"))
        );
        assert_eq!(
            choose_program(&open[..1], Some("IMIP-P1"), None),
            Err(crate::domain::Denied::OtherProgram)
        );
        assert_eq!(
            choose_program(&open, Some("NOPE"), None),
            Err(crate::domain::Denied::OtherProgram)
        );
        assert_eq!(choose_program(&[], None, None), Ok(None));
    }
}
