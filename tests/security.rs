//! The holes an attack run found (issue 13, "Security"), each reproduced over HTTP: open
//! redirects after sign-in, archived organisations keeping access, the assignment matrix
//! touching rows it did not show, NUL bytes, forms without a version, API errors that are not
//! problem+json, throttling that locks people out, and the append-only revision log.

use reqwest::StatusCode;

use crate::common::{DemoUser, Template, TestApp};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

// --- open redirect ------------------------------------------------------------------------

/// `next` values a browser could turn into another site, or that cannot be a header.
const HOSTILE_NEXT: &[&str] = &[
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0d%0aSet-Cookie:%20x=1",
    "//evil.example",
    "/%2f/evil.example",
    "/%5cevil.example",
    "/\\evil.example",
    "https://evil.example",
    "%2f%2fevil.example",
    "/ok%7f",
];
// (A `%00` is refused before any handler: see the NUL tests below.)

#[tokio::test]
async fn a_signed_in_login_page_never_redirects_off_site() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    for next in HOSTILE_NEXT {
        let response = app.get(&format!("/login?next={next}")).await;
        assert_eq!(response.status(), 303, "next={next}");
        assert_eq!(response.headers()["location"], "/", "next={next}");
    }
    let response = app.get("/login?next=/pillars/CE%3Fx%3D1").await;
    assert_eq!(response.headers()["location"], "/pillars/CE?x=1");
}

#[tokio::test]
async fn signing_in_with_a_hostile_next_lands_home_and_opens_one_session() {
    let app = TestApp::spawn(Template::Demo).await;
    for (n, next) in HOSTILE_NEXT.iter().enumerate() {
        let next = percent_decode(next);
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
        let response = client
            .post(app.url("/login"))
            .form(&[
                ("email", "viewer@demo.pilar"),
                ("password", "demo-viewer-pass"),
                ("csrf_token", token.as_str()),
                ("next", next.as_str()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "next={next:?}");
        assert_eq!(response.headers()["location"], "/", "next={next:?}");
        let sessions = count(&app, "SELECT count(*) FROM user_session").await;
        assert_eq!(sessions, n as i64 + 1, "one session per sign-in");
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

// --- archived organisations ---------------------------------------------------------------

/// Signs in on a fresh client (another browser); returns it with the answer.
async fn browser_signed_in(
    app: &TestApp,
    email: &str,
    password: &str,
) -> (reqwest::Client, reqwest::Response) {
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
    let response = client
        .post(app.url("/login"))
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    (client, response)
}

async fn issue_token(app: &TestApp, organisation: &str, scope: &str) -> String {
    pilar::auth::accounts::create_token(
        &app.pool,
        &pilar::domain::Actor::System {
            label: "test".into(),
        },
        &pilar::domain::AuditOrigin::default(),
        crate::common::today(),
        pilar::auth::accounts::TokenInput {
            organisation_code: organisation.into(),
            name: format!("{organisation} {scope}"),
            scope: scope.into(),
            expires_on: None,
        },
    )
    .await
    .unwrap()
    .secret
}

async fn me(app: &TestApp, token: &str) -> StatusCode {
    app.client
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn archiving_an_organisation_ends_its_tokens_and_sessions_for_good() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let token = issue_token(&app, "DEMO-RKEF-A", "write").await;
    let (tenant, signed_in) =
        browser_signed_in(&app, "tenant@demo.pilar", "demo-tenant-pass").await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(me(&app, &token).await, StatusCode::OK);
    assert_eq!(
        tenant.get(app.url("/my")).send().await.unwrap().status(),
        200
    );

    let archived = app
        .post_form(
            "/admin/organisations/DEMO-RKEF-A/archive",
            "/admin/organisations/DEMO-RKEF-A/archive",
            &[],
        )
        .await;
    assert_eq!(archived.status(), 303);

    // The token is revoked, the session ended, and both are audited.
    assert_eq!(me(&app, &token).await, StatusCode::UNAUTHORIZED);
    let page = tenant.get(app.url("/my")).send().await.unwrap();
    assert_eq!(page.status(), 303);
    assert!(
        page.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login")
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM api_token t JOIN organisation o ON o.id = t.organisation_id
                      WHERE o.code = 'DEMO-RKEF-A' AND t.revoked_at IS NULL"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM user_session s JOIN app_user u ON u.id = s.user_id
                      WHERE u.email = 'tenant@demo.pilar'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE entity = 'api_token' AND action = 'revoke'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE action = 'end_sessions'"
        )
        .await,
        1
    );

    // A new sign-in is refused with a clear message, and opens no session.
    let (_, again) = browser_signed_in(&app, "tenant@demo.pilar", "demo-tenant-pass").await;
    assert_eq!(again.status(), 403);
    assert!(again.text().await.unwrap().contains("archived"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM user_session s JOIN app_user u ON u.id = s.user_id
                      WHERE u.email = 'tenant@demo.pilar'"
        )
        .await,
        0
    );

    // Restoring brings the people back, not the old tokens.
    let restored = app
        .post_form(
            "/admin/organisations/DEMO-RKEF-A/restore",
            "/admin/organisations",
            &[],
        )
        .await;
    assert_eq!(restored.status(), 303);
    assert_eq!(me(&app, &token).await, StatusCode::UNAUTHORIZED);
    let (_, back) = browser_signed_in(&app, "tenant@demo.pilar", "demo-tenant-pass").await;
    assert_eq!(back.status(), 303);
}

#[tokio::test]
async fn a_principal_of_an_archived_organisation_is_refused_even_if_its_grant_survived() {
    // Defence in depth: a token or a session whose organisation was archived behind the
    // application's back (e.g. by SQL) opens nothing.
    let app = TestApp::spawn(Template::Demo).await;
    let token = issue_token(&app, "DEMO-RKEF-A", "read").await;
    let (tenant, signed_in) =
        browser_signed_in(&app, "tenant@demo.pilar", "demo-tenant-pass").await;
    assert_eq!(signed_in.status(), 303);
    sqlx::query("UPDATE organisation SET archived_at = $1 WHERE code = 'DEMO-RKEF-A'")
        .bind(crate::common::now())
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(me(&app, &token).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        tenant.get(app.url("/my")).send().await.unwrap().status(),
        303
    );
}

// --- the assignment matrix ----------------------------------------------------------------

/// The `seen` token of the CE matrix page.
async fn matrix_seen(app: &TestApp) -> String {
    let html = app
        .get("/admin/assignments?pillar=CE")
        .await
        .text()
        .await
        .unwrap();
    let at = html.find(r#"name="seen" value=""#).unwrap() + r#"name="seen" value=""#.len();
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn saving_the_matrix_leaves_archived_organisations_assignments_alone() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let hidden = "SELECT count(*) FROM assignment a JOIN organisation o ON o.id = a.organisation_id
                   WHERE o.code = 'DEMO-HPAL-B' AND a.archived_at IS NULL";
    let before = count(&app, hidden).await;
    assert!(before > 0, "the demo organisation has assignments");
    let archived = app
        .post_form(
            "/admin/organisations/DEMO-HPAL-B/archive",
            "/admin/organisations/DEMO-HPAL-B/archive",
            &[],
        )
        .await;
    assert_eq!(archived.status(), 303);

    // Save the CE matrix exactly as shown: nothing changes, not even hidden rows.
    let shown = matrix_seen(&app).await;
    assert!(
        !shown.contains("DEMO-HPAL-B"),
        "archived organisations are not on the form"
    );
    let mut fields: Vec<(&str, &str)> = vec![
        ("pillar", "CE"),
        ("starts_on", "2027-01-01"),
        ("seen", &shown),
    ];
    for pair in shown.split(',').filter(|p| !p.is_empty()) {
        fields.push(("a", pair));
    }
    let saved = app
        .post_form(
            "/admin/assignments",
            "/admin/assignments?pillar=CE",
            &fields,
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(count(&app, hidden).await, before);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE entity = 'assignment'"
        )
        .await,
        0,
        "no change, no audit entry"
    );

    // Restoring finds them all.
    app.post_form(
        "/admin/organisations/DEMO-HPAL-B/restore",
        "/admin/organisations",
        &[],
    )
    .await;
    assert_eq!(count(&app, hidden).await, before);
}

// --- NUL bytes ----------------------------------------------------------------------------

#[tokio::test]
async fn nul_in_an_address_is_refused_with_400_not_500() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    for path in [
        "/stakeholders/%00",
        "/admin/indicators/%00",
        "/review?organisation=%00",
        "/indicators/CE-01?period=%00",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        assert!(
            response.text().await.unwrap().contains("NUL"),
            "{path}: the page says what is wrong"
        );
    }
    let read = crate::api::token(&app, "DEMO-RKEF-A", "read").await;
    for path in [
        "/api/v1/indicators/%00",
        "/api/v1/observations?indicator=%00",
    ] {
        let response = app
            .client
            .get(app.url(path))
            .bearer_auth(&read)
            .send()
            .await
            .unwrap();
        let body = crate::api::problem(response, 400).await;
        assert!(body["detail"].as_str().unwrap().contains("NUL"), "{path}");
    }
}

#[tokio::test]
async fn nul_in_a_json_string_is_a_422_naming_the_field_and_stores_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    let write = crate::api::token(&app, "DEMO-RKEF-A", "write").await;
    let before = count(&app, "SELECT count(*) FROM observation").await;
    let mut item = crate::api::ce02_q2();
    item["comment"] = "a\u{0}b".into();
    let response = crate::api::post(&app, &write, "/api/v1/observations", &item).await;
    let body = crate::api::problem(response, 422).await;
    assert_eq!(body["errors"][0]["pointer"], "/comment");
    let batch = serde_json::json!({ "items": [crate::api::ce02_q2(), item] });
    let response = crate::api::post(&app, &write, "/api/v1/observations/batch", &batch).await;
    let body = crate::api::problem(response, 422).await;
    assert_eq!(body["errors"][0]["pointer"], "/items/1/comment");
    assert_eq!(
        count(&app, "SELECT count(*) FROM observation").await,
        before
    );
}

#[tokio::test]
async fn nul_in_a_form_field_is_a_422_and_stores_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    // The sign-in email.
    let page = app.get("/login").await.text().await.unwrap();
    let csrf = crate::common::hidden_csrf(&page).unwrap();
    let response = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", "viewer@demo.pilar\u{0}"),
            ("password", "demo-viewer-pass"),
            ("csrf_token", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(response.text().await.unwrap().contains("NUL"));
    assert_eq!(count(&app, "SELECT count(*) FROM login_failure").await, 0);

    // A token's name and a user's display name.
    assert_eq!(
        app.sign_in("admin@demo.pilar", "demo-admin-pass")
            .await
            .status(),
        303
    );
    let tokens = count(&app, "SELECT count(*) FROM api_token").await;
    let response = app
        .post_form(
            "/admin/tokens",
            "/admin/tokens",
            &[
                ("organisation", "DEMO-RKEF-A"),
                ("name", "nul\u{0}name"),
                ("scope", "read"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(count(&app, "SELECT count(*) FROM api_token").await, tokens);
    let users = count(&app, "SELECT count(*) FROM app_user").await;
    let response = app
        .post_form(
            "/admin/users",
            "/admin/users",
            &[
                ("email", "new@example.org"),
                ("display_name", "New\u{0}Person"),
                ("role", "viewer"),
                ("language", "en"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(count(&app, "SELECT count(*) FROM app_user").await, users);
}

// --- forms name the version they change ---------------------------------------------------

const REPORT: &str = "/submit/CE-99/2026-07-01";

fn report_fields<'a>(numerator: &'a str, version: Option<&'a str>) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("numerator", numerator),
        ("denominator", "120"),
        ("data_quality", "measured"),
        ("action", "draft"),
    ];
    if let Some(version) = version {
        fields.push(("version", version));
    }
    fields
}

#[tokio::test]
async fn a_report_form_without_a_readable_version_changes_nothing() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    crate::submit::arrange_percentage(&app).await;
    let created = app
        .post_form(REPORT, REPORT, &report_fields("30", None))
        .await;
    assert_eq!(created.status(), 303);
    for version in [
        None,
        Some(""),
        Some("abc"),
        Some("0"),
        Some("-1"),
        Some("1.5"),
    ] {
        let refused = app
            .post_form(REPORT, REPORT, &report_fields("99", version))
            .await;
        assert_eq!(refused.status(), 409, "version {version:?}");
        assert!(
            refused.text().await.unwrap().contains("which version"),
            "version {version:?}: the page says why"
        );
        assert_eq!(
            crate::submit::stored(&app, "2026-07-01").await,
            Some(("draft".into(), Some(30.0), Some(120.0), 1)),
            "version {version:?}: nothing stored"
        );
    }
    let changed = app
        .post_form(REPORT, REPORT, &report_fields("40", Some("1")))
        .await;
    assert_eq!(changed.status(), 303);
    assert_eq!(
        crate::submit::stored(&app, "2026-07-01").await.unwrap().1,
        Some(40.0)
    );
}

#[tokio::test]
async fn the_grid_changes_a_line_only_from_the_version_it_showed() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    crate::submit::arrange_percentage(&app).await;
    let grid = "/submit/period/quarterly/2026-07-01";
    let line = |numerator: &'static str, version: &'static str| {
        vec![
            ("CE-99.numerator", numerator),
            ("CE-99.denominator", "90"),
            ("CE-99.data_quality", "estimated"),
            ("CE-99.version", version),
            ("action", "draft"),
        ]
    };
    assert_eq!(
        app.post_form(grid, grid, &line("45", "")).await.status(),
        303
    );
    // Someone else changes the report (version 2) while this grid still shows version 1.
    let other = app
        .post_form(REPORT, REPORT, &report_fields("50", Some("1")))
        .await;
    assert_eq!(other.status(), 303);
    let stale = app.post_form(grid, grid, &line("46", "1")).await;
    assert_eq!(stale.status(), 409, "not a silent overwrite");
    assert_eq!(
        crate::submit::stored(&app, "2026-07-01").await.unwrap().1,
        Some(50.0)
    );
    // A line without a version, or with a garbled one, changes nothing either.
    assert_eq!(
        app.post_form(grid, grid, &line("47", "")).await.status(),
        409
    );
    let garbled = app.post_form(grid, grid, &line("48", "two")).await;
    assert_eq!(garbled.status(), 422);
    assert!(garbled.text().await.unwrap().contains("which version"));
    assert_eq!(
        crate::submit::stored(&app, "2026-07-01").await.unwrap().1,
        Some(50.0)
    );
    // From the version shown now, it saves.
    assert_eq!(
        app.post_form(grid, grid, &line("49", "2")).await.status(),
        303
    );
    assert_eq!(
        crate::submit::stored(&app, "2026-07-01").await.unwrap().1,
        Some(49.0)
    );
}

#[tokio::test]
async fn admin_edit_forms_without_a_version_change_nothing() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let before = count(&app, "SELECT version::bigint FROM pillar WHERE code = 'CE'").await;
    for version in [None, Some(""), Some("garbage")] {
        let mut fields = vec![
            ("name_en", "Changed"),
            ("name_id", "Diubah"),
            ("position", "1"),
        ];
        if let Some(version) = version {
            fields.push(("version", version));
        }
        let refused = app
            .post_form("/admin/pillars/CE", "/admin/pillars/CE", &fields)
            .await;
        assert!(
            matches!(refused.status().as_u16(), 400 | 409 | 412 | 428),
            "version {version:?}: {}",
            refused.status()
        );
        assert_eq!(
            count(&app, "SELECT version::bigint FROM pillar WHERE code = 'CE'").await,
            before
        );
    }
}

// --- every error has our shape ------------------------------------------------------------

#[tokio::test]
async fn framework_errors_on_the_api_are_problem_json_with_the_security_headers() {
    let app = TestApp::spawn(Template::Demo).await;
    let read = crate::api::token(&app, "DEMO-RKEF-A", "read").await;
    let write = crate::api::token(&app, "DEMO-RKEF-A", "write").await;
    // A method the address does not answer: 405, with Allow kept.
    let response = app
        .client
        .delete(app.url("/api/v1/indicators"))
        .bearer_auth(&write)
        .send()
        .await
        .unwrap();
    assert!(response.headers().contains_key("allow"));
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let body = crate::api::problem(response, 405).await;
    assert!(!body["detail"].as_str().unwrap().is_empty());
    // A path segment that is not UTF-8.
    let response = app
        .client
        .get(app.url("/api/v1/indicators/%ff"))
        .bearer_auth(&read)
        .send()
        .await
        .unwrap();
    let body = crate::api::problem(response, 400).await;
    assert!(!body["detail"].as_str().unwrap().is_empty());
    // An observation id that is not a UUID.
    let response = app
        .client
        .get(app.url("/api/v1/observations/not-a-uuid"))
        .bearer_auth(&read)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_client_error());
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
}

#[tokio::test]
async fn a_form_missing_a_field_gets_an_error_page_not_plain_text() {
    let app = TestApp::spawn(Template::Demo).await;
    let page = app.get("/login").await.text().await.unwrap();
    let csrf = crate::common::hidden_csrf(&page).unwrap();
    let response = app
        .client
        .post(app.url("/login"))
        .form(&[
            ("email", "viewer@demo.pilar"),
            ("csrf_token", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(response.text().await.unwrap().contains("password"));
}

// --- the revision history is append-only --------------------------------------------------

#[tokio::test]
async fn the_observation_revision_history_is_append_only() {
    let app = TestApp::spawn(Template::Demo).await;
    let rows = count(&app, "SELECT count(*) FROM observation_revision").await;
    assert!(rows > 0, "the demo data has revisions");
    let update = sqlx::query("UPDATE observation_revision SET reason = 'rewritten'")
        .execute(&app.pool)
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("DELETE FROM observation_revision")
        .execute(&app.pool)
        .await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let truncate = sqlx::query("TRUNCATE observation_revision")
        .execute(&app.pool)
        .await;
    assert!(truncate.is_err());
    assert_eq!(
        count(&app, "SELECT count(*) FROM observation_revision").await,
        rows
    );
}

// --- throttling without lock-out ----------------------------------------------------------

/// Signs in from a client with the given `X-Forwarded-For`, on `client` (which keeps cookies).
async fn sign_in_from(
    app: &TestApp,
    client: &reqwest::Client,
    forwarded_for: &str,
    email: &str,
    password: &str,
) -> reqwest::Response {
    let page = client
        .get(app.url("/login"))
        .header("x-forwarded-for", forwarded_for)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::common::hidden_csrf(&page).unwrap();
    client
        .post(app.url("/login"))
        .header("x-forwarded-for", forwarded_for)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap()
}

async fn behind_a_trusted_proxy() -> TestApp {
    TestApp::spawn_with(Template::Demo, |state| {
        state.sessions = std::sync::Arc::new(pilar::config::SessionSettings {
            trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
            ..Default::default()
        });
    })
    .await
}

#[tokio::test]
async fn failures_from_one_address_do_not_lock_the_owner_out_of_another() {
    let app = behind_a_trusted_proxy().await;
    let attacker = TestApp::browser();
    for _ in 0..5 {
        let failed =
            sign_in_from(&app, &attacker, "203.0.113.9", "viewer@demo.pilar", "guess").await;
        assert_eq!(failed.status(), 401);
    }
    let refused = sign_in_from(
        &app,
        &attacker,
        "203.0.113.9",
        "viewer@demo.pilar",
        "demo-viewer-pass",
    )
    .await;
    assert_eq!(refused.status(), 429, "the attacking pair is refused");
    // The owner, from their own address (named by the trusted proxy), gets in.
    let owner = TestApp::browser();
    let signed_in = sign_in_from(
        &app,
        &owner,
        "198.51.100.7",
        "viewer@demo.pilar",
        "demo-viewer-pass",
    )
    .await;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event
              WHERE action = 'sign_in_failed' AND client_addr = '203.0.113.9'"
        )
        .await,
        5,
        "failures are audited with the forwarded address"
    );
}

#[tokio::test]
async fn an_account_under_attack_still_lets_its_owner_in_from_a_known_browser() {
    let app = behind_a_trusted_proxy().await;
    let owner = TestApp::browser();
    let first = sign_in_from(
        &app,
        &owner,
        "198.51.100.7",
        "viewer@demo.pilar",
        "demo-viewer-pass",
    )
    .await;
    assert_eq!(first.status(), 303);
    let cookies: Vec<String> = first
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(cookies[0].starts_with("pilar_session="));
    let device = cookies
        .iter()
        .find(|c| c.starts_with("pilar_device=") && c.contains("HttpOnly"))
        .expect("the browser is made known to the account")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    // The owner signs out later; the browser keeps its device cookie (a fresh client holding
    // only that cookie stands for it).
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(&format!("{device}; Path=/"), &app.url("/").parse().unwrap());
    let owner = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_provider(jar)
        .build()
        .unwrap();
    // A distributed attack: many failures of the account from many addresses.
    sqlx::query(
        "INSERT INTO login_failure (email_lower, client_addr, failed_at)
         SELECT 'viewer@demo.pilar', '192.0.2.' || g, $1 FROM generate_series(1, 40) g",
    )
    .bind(crate::common::now())
    .execute(&app.pool)
    .await
    .unwrap();
    // A browser the account has never seen is refused…
    let stranger = TestApp::browser();
    let refused = sign_in_from(
        &app,
        &stranger,
        "198.51.100.8",
        "viewer@demo.pilar",
        "demo-viewer-pass",
    )
    .await;
    assert_eq!(refused.status(), 429);
    // …the owner's known browser is not, even from a new address, and at once.
    let started = std::time::Instant::now();
    let again = sign_in_from(
        &app,
        &owner,
        "198.51.100.99",
        "viewer@demo.pilar",
        "demo-viewer-pass",
    )
    .await;
    assert_eq!(again.status(), 303);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
}

#[tokio::test]
async fn without_a_trusted_proxy_x_forwarded_for_is_ignored() {
    let app = TestApp::spawn(Template::Demo).await;
    let client = TestApp::browser();
    let failed = sign_in_from(&app, &client, "203.0.113.9", "viewer@demo.pilar", "guess").await;
    assert_eq!(failed.status(), 401);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM login_failure WHERE client_addr = '127.0.0.1'"
        )
        .await,
        1
    );
}

// --- slow clients -------------------------------------------------------------------------

/// The app served by the production server loop with the given limits; returns its address.
async fn serve_limited(limits: pilar::serve::ConnectionLimits) -> (TestApp, std::net::SocketAddr) {
    let app = TestApp::spawn(Template::Empty).await;
    let router = pilar::app::router(app.state.clone(), std::time::Duration::from_secs(30));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(pilar::serve::serve_http(
        listener,
        router,
        limits,
        std::future::pending(),
    ));
    (app, address)
}

/// Reads until the server closes the connection (or `within` passes): whether it closed.
async fn closed_within(stream: &mut tokio::net::TcpStream, within: std::time::Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buffer = [0u8; 1024];
    let read = async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => continue,
            }
        }
    };
    tokio::time::timeout(within, read).await.is_ok()
}

#[tokio::test]
async fn a_client_sending_half_a_header_is_cut_off() {
    use tokio::io::AsyncWriteExt;
    let (_app, address) = serve_limited(pilar::serve::ConnectionLimits {
        max_connections: 16,
        header_read_timeout: std::time::Duration::from_secs(1),
    })
    .await;
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    assert!(
        closed_within(&mut slow, std::time::Duration::from_secs(5)).await,
        "the connection is closed after the header-read timeout"
    );
    // A normal client is served.
    let response = reqwest::get(format!("http://{address}/healthz"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_for_a_free_one() {
    let (_app, address) = serve_limited(pilar::serve::ConnectionLimits {
        max_connections: 2,
        header_read_timeout: std::time::Duration::from_secs(30),
    })
    .await;
    let idle_a = tokio::net::TcpStream::connect(address).await.unwrap();
    let idle_b = tokio::net::TcpStream::connect(address).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let client = reqwest::Client::new();
    let waiting = tokio::spawn({
        let client = client.clone();
        async move { client.get(format!("http://{address}/healthz")).send().await }
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "a third connection is not served while two are held"
    );
    drop(idle_a);
    let response = tokio::time::timeout(std::time::Duration::from_secs(5), waiting)
        .await
        .expect("served once a connection is free")
        .unwrap()
        .unwrap();
    assert_eq!(response.status(), 200);
    drop(idle_b);
}

// --- the OpenAPI document states what is enforced -----------------------------------------

#[tokio::test]
async fn the_api_enforces_the_if_match_form_its_document_states() {
    let app = TestApp::spawn(Template::Demo).await;
    let write = crate::api::token(&app, "DEMO-RKEF-A", "write").await;
    let mut draft = crate::api::ce02_q2();
    draft["status"] = "draft".into();
    let created = crate::api::post(&app, &write, "/api/v1/observations", &draft).await;
    assert_eq!(created.status(), 201);
    let path = created.headers()["location"].to_str().unwrap().to_string();
    let mut change = draft.clone();
    change["value"] = 2.5.into();
    change["reason"] = "recounted".into();
    for if_match in ["\"1", "W/1", "+1", "1x"] {
        let response = crate::api::call(
            &app,
            reqwest::Method::PUT,
            &path,
            &write,
            &[("if-match", if_match)],
            Some(&change),
        )
        .await;
        crate::api::problem(response, 412).await;
    }
    let stored: f64 = sqlx::query_scalar("SELECT value FROM observation WHERE id = $1::uuid")
        .bind(path.rsplit('/').next().unwrap())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 1.25, "nothing stored");

    let document: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let text = document.to_string();
    assert!(text.contains(r#""maximum":1000"#), "the limit range");
    assert!(
        text.contains(r#""pattern":"^[!-~]([ -~]*[!-~])?$""#),
        "the Idempotency-Key"
    );
}
