//! The permission rule, in one place. Every browser request passes through [`decide`] (the
//! session middleware calls it before any handler runs); API requests pass through the
//! bearer-token middleware, whose rule is [`decide_api`]. Anything not listed needs a
//! signed-in dashboard reader: a new route is closed until it is opened here.

use axum::http::Method;

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
    /// downloads), the timeline, the stakeholder directory. Dashboard readers and tenant
    /// users; for a tenant each page shows only what is public or its own organisation's
    /// (the handler scopes it: an indicator its organisation is not assigned answers 404, a
    /// park figure needs `domain::privacy`'s minimum of organisations).
    Reference,
    /// Reviewing reports and keeping milestones: managers and admins.
    Review,
    /// Structure, users, tokens, the audit log: admins.
    Admin,
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
}

/// Where a tenant user lands.
pub const TENANT_HOME: &str = "/my";

/// The access a path requires. Prefixes are matched on whole segments.
pub fn access_for(path: &str) -> Access {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if path == "/login" || path == "/healthz" || path == "/readyz" || under("/static") {
        Access::Public
    } else if path == "/logout" || path == "/language" || under("/account") {
        Access::SignedIn
    } else if under("/api") {
        Access::Api
    } else if path == "/" {
        Access::Overview
    } else if under("/my") || under("/submit") {
        Access::Tenant
    } else if under("/timeline") || under("/stakeholders") || is_indicator_page(path) {
        Access::Reference
    } else if under("/review") {
        Access::Review
    } else if under("/admin") {
        Access::Admin
    } else {
        Access::Dashboards
    }
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
    };
    match (allowed, access, role) {
        (true, _, _) => Decision::Allow,
        (false, A::Overview, R::Tenant) => Decision::TenantHome,
        (false, _, _) => Decision::Forbidden,
    }
}

/// The rule for API requests: reading needs any token, everything else a `write` token.
/// Which organisation's data a token reaches is decided by the queries, scoped to the
/// token's organisation (another organisation's rows answer 404).
pub fn decide_api(scope: TokenScope, method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) || scope.allows_writes()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(access_for("/api/v1/me"), Access::Api);
        assert_eq!(access_for("/no/such/page"), Access::Dashboards);
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
    fn read_tokens_only_read() {
        assert!(decide_api(TokenScope::Read, &Method::GET));
        assert!(!decide_api(TokenScope::Read, &Method::POST));
        assert!(!decide_api(TokenScope::Read, &Method::PUT));
        assert!(decide_api(TokenScope::Write, &Method::POST));
    }
}
