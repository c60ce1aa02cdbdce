//! The holes an attack run found (issue 13, "Security"), each reproduced over HTTP: open
//! redirects after sign-in, archived organisations keeping access, the assignment matrix
//! touching rows it did not show, forms without a version, the append-only revision log, and
//! an OpenAPI document that says what is enforced. (NUL bytes and framework errors:
//! `hostile_input`; throttling and slow clients: `throttling`.)

use reqwest::StatusCode;

use crate::common::{DemoUser, Template, TestApp};

pub async fn count(app: &TestApp, sql: &str) -> i64 {
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
            verifier_email: None,
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

// --- the OpenAPI document states what is enforced -----------------------------------------

#[tokio::test]
async fn the_api_enforces_the_if_match_form_its_document_states() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
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
