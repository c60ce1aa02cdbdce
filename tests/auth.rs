//! Accounts and security over HTTP: the permission matrix, sign-in and sessions, CSRF,
//! throttling, API tokens, the audit log and the hardening headers.

use pilar::auth::accounts::{self, TokenInput};
use pilar::domain::{Actor, AuditOrigin, Role};
use reqwest::StatusCode;
use serde_json::Value;

use crate::common::{DemoUser, Template, TestApp, add_user};

// --- the permission matrix -------------------------------------------------------------

/// What a request gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Ok,
    /// 303 to the sign-in page.
    SignIn,
    /// 303 to the tenant's own page.
    TenantHome,
    Forbidden,
    /// Allowed through, but nothing is built there yet.
    NotFound,
}

use Outcome::*;

/// Every page route, and what each role gets: anonymous, viewer, tenant, manager, admin.
/// Written out by hand from the permission table of the accounts issue, not computed from the
/// policy code, so that a change to either shows here.
const MATRIX: &[(&str, [Outcome; 5])] = &[
    ("/", [SignIn, Ok, TenantHome, Ok, Ok]),
    ("/my", [SignIn, Forbidden, Ok, Forbidden, Forbidden]),
    ("/admin", [SignIn, Forbidden, Forbidden, Forbidden, Ok]),
    (
        "/admin/users",
        [SignIn, Forbidden, Forbidden, Forbidden, Ok],
    ),
    (
        "/admin/tokens",
        [SignIn, Forbidden, Forbidden, Forbidden, Ok],
    ),
    (
        "/admin/audit",
        [SignIn, Forbidden, Forbidden, Forbidden, Ok],
    ),
    (
        "/admin/pillars",
        [SignIn, Forbidden, Forbidden, Forbidden, Ok],
    ),
    (
        "/admin/indicators",
        [SignIn, Forbidden, Forbidden, Forbidden, Ok],
    ),
    (
        "/admin/organisations",
        [SignIn, Forbidden, Forbidden, Forbidden, Ok],
    ),
    (
        "/admin/assignments",
        [SignIn, Forbidden, Forbidden, Forbidden, Ok],
    ),
    (
        "/admin/milestones",
        [SignIn, Forbidden, Forbidden, Forbidden, Ok],
    ),
    ("/review", [SignIn, Forbidden, Forbidden, Ok, Ok]),
    ("/submit", [SignIn, Forbidden, Ok, Forbidden, Forbidden]),
    (
        "/no/such/page",
        [SignIn, NotFound, Forbidden, NotFound, NotFound],
    ),
    (
        "/login",
        [Ok, Outcome::Ok, Outcome::Ok, Outcome::Ok, Outcome::Ok],
    ),
    ("/healthz", [Ok, Ok, Ok, Ok, Ok]),
    ("/readyz", [Ok, Ok, Ok, Ok, Ok]),
    ("/static/pilar.css", [Ok, Ok, Ok, Ok, Ok]),
];

async fn outcome(app: &TestApp, path: &str) -> Outcome {
    let response = app.get(path).await;
    match response.status() {
        StatusCode::OK => Ok,
        StatusCode::FORBIDDEN => Forbidden,
        StatusCode::NOT_FOUND => NotFound,
        StatusCode::SEE_OTHER => {
            let location = response.headers()["location"].to_str().unwrap().to_string();
            if path == "/login" {
                // A signed-in user asking for the sign-in page is sent home.
                Ok
            } else if location.starts_with("/login") {
                SignIn
            } else if location == "/my" {
                TenantHome
            } else {
                panic!("{path}: unexpected redirect to {location}")
            }
        }
        other => panic!("{path}: unexpected status {other}"),
    }
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_permission_table_says() {
    let anonymous = TestApp::spawn(Template::Demo).await;
    let mut apps = vec![("anonymous", anonymous)];
    for (name, user) in [
        ("viewer", DemoUser::Viewer),
        ("tenant", DemoUser::Tenant),
        ("manager", DemoUser::Manager),
        ("admin", DemoUser::Admin),
    ] {
        apps.push((name, TestApp::signed_in(user).await));
    }
    let mut checked = 0;
    for (path, expected) in MATRIX {
        for ((role, app), want) in apps.iter().zip(expected) {
            assert_eq!(outcome(app, path).await, *want, "{role} GET {path}");
            checked += 1;
        }
    }
    assert_eq!(checked, MATRIX.len() * 5);
}

#[tokio::test]
async fn state_changing_routes_are_closed_to_roles_without_the_right() {
    // A viewer (with a valid session and CSRF token) cannot create users or tokens.
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM app_user")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let token = app.csrf_token("/").await;
    for path in ["/admin/users", "/admin/tokens"] {
        let response = app
            .client
            .post(app.url(path))
            .form(&[
                ("email", "x@example.org"),
                ("role", "admin"),
                ("password", "a long enough password"),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "viewer POST {path}");
    }
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM app_user")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(before, after, "nothing stored");
}

#[tokio::test]
async fn public_view_shows_the_overview_to_anonymous_visitors_only_when_switched_on() {
    let app = TestApp::spawn_with(Template::Demo, |state| {
        let mut sessions = (*state.sessions).clone();
        sessions.public_view = true;
        state.sessions = std::sync::Arc::new(sessions);
    })
    .await;
    let page = app.get("/").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    // Park-level figures only: no tenant names, no reports, no late list.
    assert!(
        html.contains(r#"id="pillar-CE""#) || html.contains("CE"),
        "pillars shown"
    );
    for private in [
        "Demo RKEF Smelter A",
        "Demo HPAL Plant B",
        r#"data-list="late""#,
        r#"data-review="#,
    ] {
        assert!(!html.contains(private), "{private} is not public");
    }
    assert_eq!(outcome(&app, "/pillars/CE").await, SignIn);
    assert_eq!(outcome(&app, "/admin").await, SignIn);
}

// --- sign-in and sessions --------------------------------------------------------------

#[tokio::test]
async fn wrong_email_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn(Template::Demo).await;
    let unknown = app.sign_in("nobody@demo.pilar", "demo-viewer-pass").await;
    assert_eq!(unknown.status(), 401);
    let unknown = unknown.text().await.unwrap();
    let wrong = app.sign_in("viewer@demo.pilar", "not the password").await;
    assert_eq!(wrong.status(), 401);
    let wrong = wrong.text().await.unwrap();
    assert!(unknown.contains("Wrong email or password."));
    assert!(wrong.contains("Wrong email or password."));
    assert!(
        wrong.contains(r#"value="viewer@demo.pilar""#),
        "the email is kept in the form"
    );
    assert!(
        !wrong.contains("not the password"),
        "the password is never echoed"
    );
    // Both failures are audited and counted for throttling.
    let failures: i64 = sqlx::query_scalar("SELECT count(*) FROM login_failure")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(failures, 2);
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE action = 'sign_in_failed'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_records_the_login() {
    let app = TestApp::spawn(Template::Demo).await;
    let response = app.sign_in("Viewer@Demo.Pilar", "demo-viewer-pass").await;
    assert_eq!(response.status(), 303, "emails compare case-insensitively");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("pilar_session="));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/")
    );
    assert!(
        !cookie.contains("Secure"),
        "not Secure unless configured for HTTPS"
    );
    let last_login: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT last_login_at FROM app_user WHERE email = 'viewer@demo.pilar'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(last_login.is_some());
    // Only the hash of the session id is stored.
    let secret = cookie
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("pilar_session=");
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM user_session WHERE id_hash = sha256(convert_to($1, 'UTF8'))",
    )
    .bind(secret)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored, 1);
    let in_clear: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM user_session WHERE encode(id_hash, 'escape') LIKE '%' || $1 || '%'",
    )
    .bind(secret)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(in_clear, 0);
}

#[tokio::test]
async fn a_session_id_planted_before_sign_in_is_not_the_one_after_it() {
    let app = TestApp::spawn(Template::Demo).await;
    let planted = "pilar_session=attacker-chosen-value";
    let page = app
        .client
        .get(app.url("/login"))
        .header("cookie", planted)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::common::hidden_csrf(&page).unwrap();
    let response = app
        .client
        .post(app.url("/login"))
        .header("cookie", format!("{planted}; pilar_csrf={token}"))
        .form(&[
            ("email", "viewer@demo.pilar"),
            ("password", "demo-viewer-pass"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let issued = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        !issued.contains("attacker-chosen-value"),
        "a fresh session id is issued at sign-in"
    );
    // The planted id opens nothing.
    let fresh = TestApp::browser();
    let response = fresh
        .get(app.url("/"))
        .header("cookie", planted)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}

/// Signs in through the form on a fresh client, as another browser would.
async fn sign_in_fresh(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    let client = TestApp::browser();
    let page = client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::common::hidden_csrf(&page).unwrap();
    client
        .post(app.url("/login"))
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap()
}

/// Signs in on a fresh client and returns the session cookie's value, as a browser holds it.
async fn session_cookie(app: &TestApp, email: &str, password: &str) -> String {
    let response = sign_in_fresh(app, email, password).await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

/// GET with an explicit cookie, from a client that keeps none.
async fn get_with(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    TestApp::browser()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn after_sign_out_the_old_cookie_opens_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    let cookie = session_cookie(&app, "viewer@demo.pilar", "demo-viewer-pass").await;
    let page = get_with(&app, "/", &cookie).await;
    assert_eq!(page.status(), 200);
    let token = crate::common::hidden_csrf(&page.text().await.unwrap()).unwrap();
    let response = TestApp::browser()
        .post(app.url("/logout"))
        .header("cookie", &cookie)
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert!(
        response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM user_session")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        0
    );
    // The cookie from before the sign-out, replayed, opens nothing.
    let replay = get_with(&app, "/", &cookie).await;
    assert_eq!(replay.status(), 303);
    assert!(
        replay.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE action = 'sign_out'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn idle_and_absolute_expiry_end_a_session() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    assert_eq!(app.get("/").await.status(), 200);
    // Idle for longer than the idle timeout (2 hours by default).
    sqlx::query("UPDATE user_session SET last_seen_at = $1::timestamptz - interval '3 hours'")
        .bind(crate::common::now())
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.get("/").await.status(), 303);

    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query("UPDATE user_session SET expires_at = $1::timestamptz - interval '1 second'")
        .bind(crate::common::now())
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.get("/").await.status(), 303);
}

#[tokio::test]
async fn sessions_survive_a_restart_and_work_on_another_instance() {
    let first = TestApp::spawn(Template::Demo).await;
    let cookie = session_cookie(&first, "viewer@demo.pilar", "demo-viewer-pass").await;
    assert_eq!(get_with(&first, "/", &cookie).await.status(), 200);
    // A second server over the same database (a restart, or another instance behind a load
    // balancer) knows the session.
    let second = TestApp::serve(first.state.clone()).await;
    assert_eq!(get_with(&second, "/", &cookie).await.status(), 200);
}

#[tokio::test]
async fn deactivated_accounts_lose_their_sessions() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM app_user WHERE email = 'viewer@demo.pilar'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    accounts::set_user_active(
        &app.pool,
        &Actor::System {
            label: "test".into(),
        },
        &AuditOrigin::default(),
        id,
        false,
    )
    .await
    .unwrap();
    assert_eq!(app.get("/").await.status(), 303);
    assert_eq!(
        app.sign_in("viewer@demo.pilar", "demo-viewer-pass")
            .await
            .status(),
        401
    );
}

// --- CSRF ---------------------------------------------------------------------------------

#[tokio::test]
async fn forms_without_or_with_a_stale_csrf_token_are_refused() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM app_user")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let before = count().await;
    let fields = [
        ("email", "new@example.org"),
        ("role", "viewer"),
        ("language", "en"),
        ("password", "a long enough password"),
    ];

    let missing = app
        .client
        .post(app.url("/admin/users"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 403);

    let mut stale = fields.to_vec();
    stale.push(("csrf_token", "a-token-from-another-session"));
    let stale = app
        .client
        .post(app.url("/admin/users"))
        .form(&stale)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 403);

    let token = app.csrf_token("/admin/users").await;
    let mut cross = fields.to_vec();
    cross.push(("csrf_token", &token));
    let cross = app
        .client
        .post(app.url("/admin/users"))
        .header("origin", "https://evil.example")
        .form(&cross)
        .send()
        .await
        .unwrap();
    assert_eq!(
        cross.status(),
        403,
        "a valid token from another origin is refused"
    );
    assert_eq!(count().await, before, "nothing stored");

    let mut good = fields.to_vec();
    good.push(("csrf_token", &token));
    let good = app
        .client
        .post(app.url("/admin/users"))
        .header("origin", &app.address)
        .form(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), 303);
    assert_eq!(count().await, before + 1);
}

#[tokio::test]
async fn the_sign_in_form_needs_its_csrf_cookie() {
    let app = TestApp::spawn(Template::Demo).await;
    let response = TestApp::browser()
        .post(app.url("/login"))
        .form(&[
            ("email", "viewer@demo.pilar"),
            ("password", "demo-viewer-pass"),
            ("csrf_token", "guess"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

// --- throttling ---------------------------------------------------------------------------

#[tokio::test]
async fn repeated_failures_are_slowed_then_refused_with_429() {
    let app = TestApp::spawn(Template::Demo).await;
    for _ in 0..5 {
        assert_eq!(
            app.sign_in("viewer@demo.pilar", "wrong password!")
                .await
                .status(),
            401
        );
    }
    // Refused now, even with the right password, for the window.
    let refused = app.sign_in("viewer@demo.pilar", "demo-viewer-pass").await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "900");
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM user_session")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        0
    );
    // Another account from the same address still works (below the per-address limit).
    assert_eq!(
        app.sign_in("manager@demo.pilar", "demo-manager-pass")
            .await
            .status(),
        303
    );
}

#[tokio::test]
async fn one_address_trying_many_accounts_is_refused() {
    let app = TestApp::spawn(Template::Demo).await;
    sqlx::query(
        "INSERT INTO login_failure (email_lower, client_addr, failed_at)
         SELECT 'user' || g || '@x.org', '127.0.0.1', $1 FROM generate_series(1, 20) g",
    )
    .bind(crate::common::now())
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        app.sign_in("viewer@demo.pilar", "demo-viewer-pass")
            .await
            .status(),
        429
    );
}

// --- API tokens ---------------------------------------------------------------------------

async fn issue(
    app: &TestApp,
    organisation: &str,
    scope: &str,
    expires_on: Option<chrono::NaiveDate>,
) -> String {
    accounts::create_token(
        &app.pool,
        &Actor::System {
            label: "test".into(),
        },
        &AuditOrigin::default(),
        crate::common::today(),
        TokenInput {
            organisation_code: organisation.into(),
            name: format!("{organisation} {scope}"),
            scope: scope.into(),
            expires_on,
            verifier_email: None,
        },
    )
    .await
    .unwrap()
    .secret
}

async fn api(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

async fn problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status);
    body
}

#[tokio::test]
async fn tokens_authenticate_the_api_and_bad_ones_get_401() {
    let app = TestApp::spawn(Template::Demo).await;
    let token = issue(&app, "DEMO-RKEF-A", "read", None).await;
    let me = api(&app, reqwest::Method::GET, "/api/v1/me", Some(&token)).await;
    assert_eq!(me.status(), 200);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["organisation"], "DEMO-RKEF-A");
    assert_eq!(me["scope"], "read");

    let missing = problem(
        api(&app, reqwest::Method::GET, "/api/v1/me", None).await,
        401,
    )
    .await;
    assert!(missing["detail"].as_str().unwrap().contains("Bearer"));
    problem(
        api(
            &app,
            reqwest::Method::GET,
            "/api/v1/me",
            Some("not-a-token"),
        )
        .await,
        401,
    )
    .await;
    let unknown = format!("pilar_{}", "A".repeat(43));
    let body = problem(
        api(&app, reqwest::Method::GET, "/api/v1/me", Some(&unknown)).await,
        401,
    )
    .await;
    assert_eq!(body["detail"], "This token is not known.");

    // The secret is stored only as its hash.
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM api_token WHERE secret_hash = sha256(convert_to($1, 'UTF8'))",
    )
    .bind(&token)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(stored, 1);
    let last_used: Option<chrono::DateTime<chrono::Utc>> =
        sqlx::query_scalar("SELECT last_used_at FROM api_token")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(last_used.is_some(), "use is recorded");
}

#[tokio::test]
async fn expired_and_revoked_tokens_get_401() {
    let app = TestApp::spawn(Template::Demo).await;
    let expiring = issue(&app, "DEMO-RKEF-A", "read", Some(crate::common::today())).await;
    assert_eq!(
        api(&app, reqwest::Method::GET, "/api/v1/me", Some(&expiring))
            .await
            .status(),
        200
    );
    sqlx::query("UPDATE api_token SET expires_at = $1::timestamptz - interval '1 second'")
        .bind(crate::common::now())
        .execute(&app.pool)
        .await
        .unwrap();
    let body = problem(
        api(&app, reqwest::Method::GET, "/api/v1/me", Some(&expiring)).await,
        401,
    )
    .await;
    assert_eq!(body["detail"], "This token has expired.");

    let revoked = issue(&app, "DEMO-RKEF-A", "write", None).await;
    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM api_token WHERE scope = 'write'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    accounts::revoke_token(
        &app.pool,
        &Actor::System {
            label: "test".into(),
        },
        &AuditOrigin::default(),
        id,
        crate::common::now(),
    )
    .await
    .unwrap();
    let body = problem(
        api(&app, reqwest::Method::GET, "/api/v1/me", Some(&revoked)).await,
        401,
    )
    .await;
    assert_eq!(body["detail"], "This token has been revoked.");
}

/// An observation of an organisation in a given status.
async fn observation_of(app: &TestApp, organisation: &str, status: &str) -> uuid::Uuid {
    sqlx::query_scalar(
        "SELECT o.id FROM observation o JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = $1 AND o.status = $2 ORDER BY o.period_start LIMIT 1",
    )
    .bind(organisation)
    .bind(status)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn read_tokens_cannot_write_and_tokens_reach_their_own_organisation_only() {
    let app = TestApp::spawn(Template::Demo).await;
    let reader = issue(&app, "DEMO-RKEF-A", "read", None).await;
    let writer = issue(&app, "DEMO-RKEF-A", "write", None).await;
    let own_draft = observation_of(&app, "DEMO-RKEF-A", "draft").await;
    let peer: uuid::Uuid = sqlx::query_scalar(
        "SELECT o.id FROM observation o JOIN organisation g ON g.id = o.organisation_id WHERE g.code <> 'DEMO-RKEF-A' AND o.status = 'draft' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();

    // Reading: own observation yes (with its version as ETag), a peer's is "not found".
    let own = api(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/observations/{own_draft}"),
        Some(&reader),
    )
    .await;
    assert_eq!(own.status(), 200);
    let version: i32 = sqlx::query_scalar("SELECT version FROM observation WHERE id = $1")
        .bind(own_draft)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(own.headers()["etag"], format!("\"{version}\"").as_str());
    problem(
        api(
            &app,
            reqwest::Method::GET,
            &format!("/api/v1/observations/{peer}"),
            Some(&reader),
        )
        .await,
        404,
    )
    .await;
    problem(
        api(
            &app,
            reqwest::Method::GET,
            "/api/v1/observations/not-a-uuid",
            Some(&reader),
        )
        .await,
        404,
    )
    .await;

    // Writing with a read token: 403, nothing changes.
    let body = problem(
        api(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/observations/{own_draft}/submit"),
            Some(&reader),
        )
        .await,
        403,
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("write scope"));
    // A write token on a peer's observation: 404, as if it did not exist.
    problem(
        api(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/observations/{peer}/submit"),
            Some(&writer),
        )
        .await,
        404,
    )
    .await;
    let statuses: Vec<String> =
        sqlx::query_scalar("SELECT status FROM observation WHERE id = ANY($1)")
            .bind(vec![own_draft, peer])
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(statuses, vec!["draft", "draft"]);

    // The write token submits its own draft; the change is audited with the token as actor.
    let submitted = api(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/observations/{own_draft}/submit"),
        Some(&writer),
    )
    .await;
    assert_eq!(submitted.status(), 200);
    let body: Value = submitted.json().await.unwrap();
    assert_eq!(body["status"], "submitted");
    let (kind, label): (String, String) = sqlx::query_as(
        "SELECT actor_kind, actor_label FROM audit_event WHERE entity = 'observation' AND entity_id = $1 AND action = 'submit'",
    )
    .bind(own_draft.to_string())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(kind, "token");
    assert!(label.contains("DEMO-RKEF-A"));
    // Submitting again conflicts.
    problem(
        api(
            &app,
            reqwest::Method::POST,
            &format!("/api/v1/observations/{own_draft}/submit"),
            Some(&writer),
        )
        .await,
        409,
    )
    .await;
}

#[tokio::test]
async fn a_stale_if_match_gets_412() {
    let app = TestApp::spawn(Template::Demo).await;
    let writer = issue(&app, "DEMO-RKEF-A", "write", None).await;
    let draft = observation_of(&app, "DEMO-RKEF-A", "draft").await;
    let response = app
        .client
        .post(app.url(&format!("/api/v1/observations/{draft}/submit")))
        .bearer_auth(&writer)
        .header("if-match", "\"999\"")
        .send()
        .await
        .unwrap();
    problem(response, 412).await;
}

#[tokio::test]
async fn each_token_has_a_request_budget() {
    let app = TestApp::spawn_with(Template::Demo, |state| {
        state.api_limiter = std::sync::Arc::new(pilar::rate_limit::ApiRateLimiter::new(3));
    })
    .await;
    let token = issue(&app, "DEMO-RKEF-A", "read", None).await;
    for _ in 0..3 {
        assert_eq!(
            api(&app, reqwest::Method::GET, "/api/v1/me", Some(&token))
                .await
                .status(),
            200
        );
    }
    let over = api(&app, reqwest::Method::GET, "/api/v1/me", Some(&token)).await;
    assert!(over.headers().contains_key("retry-after"));
    problem(over, 429).await;
}

#[tokio::test]
async fn admins_issue_a_token_once_and_revoke_it_after_confirming() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let page = app
        .post_form(
            "/admin/tokens",
            "/admin/tokens",
            &[
                ("organisation", "DEMO-HPAL-B"),
                ("name", "ERP upload"),
                ("scope", "write"),
                ("expires", ""),
            ],
        )
        .await;
    // POST-redirect-GET: the secret is shown on the page the POST redirects to.
    assert_eq!(page.status(), 303);
    let created = page.headers()["location"].to_str().unwrap().to_string();
    assert!(created.starts_with("/admin/tokens/") && created.ends_with("/created"));
    let page = app.get(&created).await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    let at = html.find("data-token>").expect("the token is shown") + "data-token>".len();
    let secret = html[at..at + 49].to_string();
    assert!(secret.starts_with("pilar_"));
    assert_eq!(
        api(&app, reqwest::Method::GET, "/api/v1/me", Some(&secret))
            .await
            .status(),
        200
    );
    // A refresh of that page shows no secret and issues no second token.
    let refreshed = app.get(&created).await;
    assert_eq!(refreshed.status(), 303);
    assert_eq!(
        refreshed.headers()["location"],
        "/admin/tokens?secret_gone=1"
    );
    let told = app
        .get("/admin/tokens?secret_gone=1")
        .await
        .text()
        .await
        .unwrap();
    assert!(told.contains("data-secret-gone") && !told.contains(&secret));
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM api_token")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        1
    );
    // The list never shows the secret again.
    let list = app.get("/admin/tokens").await.text().await.unwrap();
    assert!(list.contains("ERP upload"));
    assert!(!list.contains(&secret));

    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM api_token")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let confirm = app.get(&format!("/admin/tokens/{id}/revoke")).await;
    assert_eq!(confirm.status(), 200);
    assert!(confirm.text().await.unwrap().contains("cannot be undone"));
    let revoked = app
        .post_form(
            &format!("/admin/tokens/{id}/revoke"),
            &format!("/admin/tokens/{id}/revoke"),
            &[],
        )
        .await;
    assert_eq!(revoked.status(), 303);
    assert_eq!(
        api(&app, reqwest::Method::GET, "/api/v1/me", Some(&secret))
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn a_tokens_last_day_valid_is_listed_as_entered() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let issued = app
        .post_form(
            "/admin/tokens",
            "/admin/tokens",
            &[
                ("organisation", "DEMO-HPAL-B"),
                ("name", "Until June"),
                ("scope", "read"),
                ("expires", "2027-06-30"),
            ],
        )
        .await;
    assert_eq!(issued.status(), 303);
    let list = app.get("/admin/tokens").await.text().await.unwrap();
    let row = &list[list.find("Until June").expect("the token is listed")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("2027-06-30"), "{row}");
    assert!(!row.contains("2027-07-01"), "{row}");
}

#[tokio::test]
async fn bad_token_form_input_names_the_field_and_stores_nothing() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let page = app
        .post_form(
            "/admin/tokens",
            "/admin/tokens",
            &[
                ("organisation", "NO-SUCH-ORG"),
                ("name", ""),
                ("scope", "root"),
                ("expires", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(page.status(), 422);
    let html = page.text().await.unwrap();
    assert!(html.contains("No organisation has the code"));
    assert!(html.contains("Give the token a name"));
    assert!(html.contains("Choose one of the scopes offered"));
    assert!(html.contains("The expiry date is in the past"));
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM api_token")
            .fetch_one(&app.pool)
            .await
            .unwrap(),
        0
    );
}

// --- users --------------------------------------------------------------------------------

#[tokio::test]
async fn admins_create_users_and_bad_input_is_named_and_kept() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let bad = app
        .post_form(
            "/admin/users",
            "/admin/users",
            &[
                ("email", "viewer@demo.pilar"),
                ("display_name", "<b>Dup</b>"),
                ("role", "tenant"),
                ("organisation", ""),
                ("language", "en"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("A tenant user needs the code of its organisation"));
    assert!(html.contains("at least 12 characters"));
    assert!(
        html.contains("&#60;b&#62;Dup&#60;/b&#62;") || html.contains("&lt;b&gt;Dup"),
        "input kept, escaped"
    );

    let duplicate = app
        .post_form(
            "/admin/users",
            "/admin/users",
            &[
                ("email", "VIEWER@demo.pilar"),
                ("display_name", ""),
                ("role", "viewer"),
                ("organisation", ""),
                ("language", "en"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(duplicate.status(), 422);
    assert!(
        duplicate
            .text()
            .await
            .unwrap()
            .contains("An account with this email already exists.")
    );

    let created = app
        .post_form(
            "/admin/users",
            "/admin/users",
            &[
                ("email", "data.officer@hpal.example"),
                ("display_name", "Data Officer"),
                ("role", "tenant"),
                ("organisation", "DEMO-HPAL-B"),
                ("language", "id"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let other = TestApp::serve(app.state.clone()).await;
    assert_eq!(
        other
            .sign_in("data.officer@hpal.example", "a long enough password")
            .await
            .status(),
        303
    );
    assert_eq!(other.get("/").await.headers()["location"], "/my");
    let my = other.get("/my").await.text().await.unwrap();
    assert!(my.contains("Demo HPAL Plant B"));
}

/// CM-04 (reported by the smelter, the HPAL plant and the mine) pooled from fewer than three
/// organisations where the smelter looks: its own latest report approved, the mine's reports
/// back to submitted.
async fn cm04_from_two_organisations(app: &TestApp) {
    sqlx::query(
        "UPDATE observation SET status = CASE o.code WHEN 'DEMO-MINE-H' THEN 'submitted'
                                                     ELSE 'approved' END,
                reviewed_at = coalesce(observation.reviewed_at, observation.submitted_at)
           FROM organisation o
          WHERE o.id = observation.organisation_id
            AND observation.indicator_id = (SELECT id FROM indicator WHERE code = 'CM-04')
            AND ((o.code = 'DEMO-MINE-H' AND observation.status = 'approved')
                 OR (o.code = 'DEMO-RKEF-A' AND observation.status = 'submitted'))",
    )
    .execute(&app.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn tenants_see_their_own_figures_and_park_figures_only_with_three_contributors() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    cm04_from_two_organisations(&app).await;
    let html = app.get("/my").await.text().await.unwrap();
    assert!(html.contains("Demo RKEF Smelter A"));
    // Park-level figures with fewer than three contributors are withheld.
    assert!(html.contains("withheld (fewer than 3 organisations report)"));
    // No other organisation's name appears.
    for peer in [
        "Demo HPAL Plant B",
        "Demo Captive Power C",
        "Demo Nickel Mine H",
    ] {
        assert!(!html.contains(peer), "{peer} is not shown to a tenant");
    }
}

// --- audit ----------------------------------------------------------------------------------

#[tokio::test]
async fn the_audit_log_is_append_only() {
    let app = TestApp::spawn(Template::Demo).await;
    add_user(&app.pool, "someone@example.org", Role::Viewer, None).await;
    let update = sqlx::query("UPDATE audit_event SET actor_label = 'nobody'")
        .execute(&app.pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM audit_event")
        .execute(&app.pool)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let truncate = sqlx::query("TRUNCATE audit_event").execute(&app.pool).await;
    assert!(truncate.is_err());
}

#[tokio::test]
async fn every_account_write_is_audited_with_actor_request_and_address() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    app.post_form(
        "/admin/users",
        "/admin/users",
        &[
            ("email", "auditee@example.org"),
            ("display_name", "Auditee"),
            ("role", "viewer"),
            ("organisation", ""),
            ("language", "en"),
            ("password", "a long enough password"),
        ],
    )
    .await;
    let (actor, request_id, client, after): (String, Option<String>, Option<String>, Value) = sqlx::query_as(
        "SELECT actor_label, request_id, client_addr, after FROM audit_event WHERE entity = 'user' AND action = 'create' AND after->>'email' = 'auditee@example.org'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(actor.contains("admin@demo.pilar"));
    assert!(request_id.is_some_and(|id| id.len() >= 32));
    assert_eq!(client.as_deref(), Some("127.0.0.1"));
    assert!(after.get("password_hash").is_none(), "no secret in the log");

    let page = app.get("/admin/audit?entity=user&action=create").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("auditee@example.org"));
    let sign_ins = app
        .get("/admin/audit?action=sign_in")
        .await
        .text()
        .await
        .unwrap();
    assert!(sign_ins.contains("sign_in"));
}

// --- hardening ------------------------------------------------------------------------------

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn(Template::Demo).await;
    for path in ["/login", "/", "/healthz", "/api/v1/me", "/static/pilar.css"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
    }
}

#[tokio::test]
async fn oversized_bodies_get_413_and_change_nothing() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let token = app.csrf_token("/admin/users").await;
    let huge = "x".repeat(5 * 1024 * 1024);
    let response = app
        .client
        .post(app.url("/admin/users"))
        .header("x-csrf-token", token)
        .form(&[
            ("email", "big@example.org"),
            ("display_name", huge.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM app_user WHERE email = 'big@example.org'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn the_first_start_creates_one_admin_and_only_once() {
    let app = TestApp::spawn(Template::Empty).await;
    let created = accounts::ensure_first_admin(&app.pool, Some("root@iwip.example"), None)
        .await
        .unwrap();
    let (email, password) = created.expect("an admin is created when there is none");
    assert_eq!(email, "root@iwip.example");
    let password = password.expect("a generated password, to print once");
    assert!(password.len() >= 12);
    assert_eq!(
        app.sign_in("root@iwip.example", &password).await.status(),
        303
    );
    assert!(
        accounts::ensure_first_admin(&app.pool, Some("root@iwip.example"), None)
            .await
            .unwrap()
            .is_none()
    );
    let admins: i64 = sqlx::query_scalar("SELECT count(*) FROM app_user WHERE role = 'admin'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(admins, 1);
}

#[tokio::test]
async fn loading_the_demo_data_is_audited() {
    let app = TestApp::spawn(Template::Demo).await;
    let loads: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE entity = 'data_set' AND action = 'load'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(loads, 1);
}

#[tokio::test]
async fn account_pages_speak_both_languages() {
    let app = TestApp::spawn(Template::Demo).await;
    let login = app.get("/login?lang=id").await.text().await.unwrap();
    assert!(login.contains("Masuk ke Pilar") && login.contains("Kata sandi"));
    let wrong = app
        .sign_in("viewer@demo.pilar", "not the password")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        wrong.contains("Email atau kata sandi salah."),
        "the language is remembered"
    );

    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    cm04_from_two_organisations(&tenant).await;
    let my = tenant.get("/my?lang=id").await.text().await.unwrap();
    assert!(
        my.contains("Nilai Anda")
            && my.contains("tidak ditampilkan (kurang dari 3 organisasi melapor)")
    );
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    for (path, words) in [
        ("/admin?lang=id", "Log audit"),
        ("/admin/tokens?lang=id", "Terbitkan token"),
        ("/admin/users?lang=id", "Buat pengguna"),
        ("/admin/audit?lang=id", "Saring"),
    ] {
        assert!(
            admin.get(path).await.text().await.unwrap().contains(words),
            "{path}"
        );
    }
    assert!(
        admin
            .get("/admin/users?lang=en")
            .await
            .text()
            .await
            .unwrap()
            .contains("Create user")
    );
}

// --- one's own account and an admin's edits ---------------------------------------------------

#[tokio::test]
async fn a_person_changes_their_own_password_and_their_other_sessions_end() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let elsewhere = session_cookie(&app, "viewer@demo.pilar", "demo-viewer-pass").await;
    assert_eq!(get_with(&app, "/", &elsewhere).await.status(), 200);
    assert_eq!(app.get("/account").await.status(), 200);

    // The current password is required, and the new one must be typed twice alike.
    let refused = app
        .post_form(
            "/account/password",
            "/account",
            &[
                ("current_password", "not my password"),
                ("new_password", "a brand new password"),
                ("repeat_password", "a different one entirely"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("This is not your current password"), "{html}");
    assert!(html.contains("The two new passwords differ"));
    assert_eq!(get_with(&app, "/", &elsewhere).await.status(), 200);

    let changed = app
        .post_form(
            "/account/password",
            "/account",
            &[
                ("current_password", "demo-viewer-pass"),
                ("new_password", "a brand new password"),
                ("repeat_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(changed.status(), 303);
    assert_eq!(changed.headers()["location"], "/account?changed=1");
    // This session stays; the other one has ended; only the new password signs in.
    assert_eq!(app.get("/").await.status(), 200);
    assert_eq!(get_with(&app, "/", &elsewhere).await.status(), 303);
    let old = sign_in_fresh(&app, "viewer@demo.pilar", "demo-viewer-pass").await;
    assert_eq!(old.status(), 401, "the old password no longer works");
    session_cookie(&app, "viewer@demo.pilar", "a brand new password").await;
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE action = 'change_password'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn guessing_the_current_password_is_throttled_and_audited() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    for _ in 0..5 {
        let refused = app
            .post_form(
                "/account/password",
                "/account",
                &[
                    ("current_password", "a wrong guess"),
                    ("new_password", "a brand new password"),
                    ("repeat_password", "a brand new password"),
                ],
            )
            .await;
        assert_eq!(refused.status(), 422);
    }
    let throttled = app
        .post_form(
            "/account/password",
            "/account",
            &[
                ("current_password", "demo-viewer-pass"),
                ("new_password", "a brand new password"),
                ("repeat_password", "a brand new password"),
            ],
        )
        .await;
    assert_eq!(throttled.status(), 429);
    let failed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE action = 'change_password_failed'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(failed, 5);
    // The password did not change.
    session_cookie(&app, "manager@demo.pilar", "demo-manager-pass").await;
}

#[tokio::test]
async fn an_admin_edits_a_user_and_sets_a_new_password() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let viewer_session = session_cookie(&app, "viewer@demo.pilar", "demo-viewer-pass").await;
    let (id, version): (uuid::Uuid, i32) =
        sqlx::query_as("SELECT id, version FROM app_user WHERE email = 'viewer@demo.pilar'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let path = format!("/admin/users/{id}");
    let form = app.get(&path).await;
    assert_eq!(form.status(), 200);
    assert!(form.text().await.unwrap().contains("viewer@demo.pilar"));

    // A tenant needs an organisation: named, nothing stored.
    let refused = app
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Vera Viewer"),
                ("role", "tenant"),
                ("organisation", ""),
                ("language", "id"),
                ("password", ""),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("A tenant user needs the code of its organisation")
    );

    let saved = app
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Vera Viewer"),
                ("role", "manager"),
                ("organisation", ""),
                ("language", "id"),
                ("password", "another long password"),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let (name, role, language): (String, String, String) =
        sqlx::query_as("SELECT display_name, role, preferred_language FROM app_user WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), role.as_str(), language.as_str()),
        ("Vera Viewer", "manager", "id")
    );
    // A new password signs the user out everywhere and is the only one that works.
    assert_eq!(get_with(&app, "/", &viewer_session).await.status(), 303);
    session_cookie(&app, "viewer@demo.pilar", "another long password").await;
    let actions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM audit_event
          WHERE entity = 'user' AND entity_id = $1 AND action <> 'sign_in' ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(
        actions.ends_with(&["update".to_string(), "reset_password".to_string()]),
        "{actions:?}"
    );
    let after: serde_json::Value = sqlx::query_scalar(
        "SELECT after FROM audit_event WHERE action = 'update' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(after["role"], "manager");
    assert!(after.get("password_hash").is_none());

    // The form read before that change is stale now: a conflict, nothing changed.
    let stale = app
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Someone else"),
                ("role", "viewer"),
                ("organisation", ""),
                ("language", "en"),
                ("password", ""),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    let name: String = sqlx::query_scalar("SELECT display_name FROM app_user WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "Vera Viewer");
}

#[tokio::test]
async fn the_audit_log_names_what_changed_filters_by_day_and_downloads_as_csv() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let (id, version): (uuid::Uuid, i32) =
        sqlx::query_as("SELECT id, version FROM app_user WHERE email = 'viewer@demo.pilar'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let path = format!("/admin/users/{id}");
    let saved = app
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Demo Viewer"),
                ("role", "manager"),
                ("organisation", ""),
                ("language", "en"),
                ("password", ""),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);

    let page = app.get("/admin/audit?entity=user&action=update").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let row = &html[html.find("<tbody>").unwrap()..];
    assert!(
        row.contains("<strong>viewer@demo.pilar</strong>"),
        "named, not only an id: {row}"
    );
    assert!(row.contains("<del>viewer</del> → manager"), "{row}");
    assert!(
        !row.contains("display_name"),
        "unchanged fields are not listed: {row}"
    );

    // Days: nothing before the log began, nothing after today; a bad day names the field.
    for range in ["to=2000-01-01", "from=2999-01-01"] {
        let html = app
            .get(&format!("/admin/audit?{range}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("No events match"), "{range}");
    }
    let bad = app.get("/admin/audit?from=yesterday").await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains("YYYY-MM-DD"));

    let csv = app.get("/admin/audit.csv?entity=user&action=update").await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = csv.text().await.unwrap();
    // A byte-order mark first, so that Excel reads the file as UTF-8.
    let body = body.strip_prefix('\u{feff}').expect("a byte-order mark");
    let mut lines = body.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("occurred_at_utc,actor_kind,actor,action,entity,entity_name")
    );
    let row = lines.next().expect("the update is in the download");
    assert!(
        row.contains("viewer@demo.pilar") && row.contains("role: viewer → manager"),
        "{row}"
    );
    assert_eq!(lines.next(), None, "only what the filter matches");
}

#[tokio::test]
async fn each_row_of_a_tenants_own_page_links_to_its_report() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let html = app.get("/my").await.text().await.unwrap();
    let link = crate::html::between(&html, r#"<a href="/submit/"#, "\"");
    let report = app.get(&format!("/submit/{link}")).await;
    assert_eq!(report.status(), 200, "/submit/{link} is the report's page");
}
