//! Several parks' programs on one installation: the demo loads IWIP's and IMIP's; rights are per
//! program, so a manager, a viewer or a tenant of one sees nothing of the other (pages, files,
//! the API), an admin sees both, and `?program=` chooses (and remembers) the program.

use crate::api::{get as api_get, get_json, problem, token};
use crate::common::{DemoUser, Template, TestApp};

/// An IMIP-only indicator code, an IMIP tenant's name and the IMIP program's code.
const IMIP_INDICATOR: &str = "CE-105";
const IMIP_TENANT: &str = "Demo RKEF Smelter M (IMIP)";
const IMIP: &str = "IMIP-P1";
/// The two programs' names as their pages show them.
const IWIP_NAME: &str = "IWIP sustainable-nickel pilot, phase 1";
const IMIP_NAME: &str = "IMIP sustainable-nickel replication, phase 1";

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

async fn status_and_body(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

async fn signed_in_as(email: &str, password: &str) -> TestApp {
    let app = TestApp::spawn(Template::Demo).await;
    assert_eq!(app.sign_in(email, password).await.status(), 303, "{email}");
    app
}

#[tokio::test]
async fn the_demo_loads_both_programs_with_shared_definitions() {
    let app = TestApp::spawn(Template::Demo).await;
    assert_eq!(count(&app, "SELECT count(*) FROM program").await, 2);
    let imip = |sql: &str| {
        format!("{sql} WHERE program_id = (SELECT id FROM program WHERE code = '{IMIP}')")
    };
    assert_eq!(count(&app, &imip("SELECT count(*) FROM pillar")).await, 3);
    assert_eq!(
        count(&app, &imip("SELECT count(*) FROM indicator")).await,
        6
    );
    // Four IMIP indicators share an IWIP indicator's definition and unit.
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM indicator m JOIN program pm ON pm.id = m.program_id
               JOIN indicator w ON w.definition_en = m.definition_en AND w.unit = m.unit
               JOIN program pw ON pw.id = w.program_id
              WHERE pm.code = 'IMIP-P1' AND pw.code = 'IWIP-P1'"
        )
        .await,
        4
    );
    // Its own demo tenants reported over 2026, every figure from a demo organisation.
    assert!(
        count(
            &app,
            "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
               JOIN program p ON p.id = i.program_id JOIN organisation g ON g.id = o.organisation_id
              WHERE p.code = 'IMIP-P1' AND g.is_demo AND o.status = 'approved'
                AND o.period_start >= DATE '2026-04-01' AND o.period_end <= DATE '2026-10-31'"
        )
        .await
            > 50
    );
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
               JOIN program p ON p.id = i.program_id JOIN organisation g ON g.id = o.organisation_id
              WHERE p.code = 'IMIP-P1' AND g.park_id <> p.park_id"
        )
        .await,
        0,
        "IMIP's reports come from IMIP's tenants"
    );
}

#[tokio::test]
async fn an_iwip_manager_sees_nothing_of_imip() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let (status, overview) = status_and_body(&app, "/").await;
    assert_eq!(status, 200);
    assert!(overview.contains(IWIP_NAME));
    assert!(!overview.contains(IMIP_NAME));
    assert!(!overview.contains(IMIP_INDICATOR));
    // No switch: one program only.
    assert!(!overview.contains("?program="));
    assert_eq!(app.get(&format!("/?program={IMIP}")).await.status(), 403);
    assert_eq!(
        app.get(&format!("/timeline?program={IMIP}")).await.status(),
        403
    );
    // A program that does not exist is refused the same way.
    assert_eq!(app.get("/?program=NOPE-P1").await.status(), 403);
    for path in [
        format!("/indicators/{IMIP_INDICATOR}"),
        "/indicators/EC-21".to_string(),
        "/stakeholders/DEMO-IMIP-HPAL".to_string(),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
    for path in ["/stakeholders", "/reporting", "/review", "/timeline"] {
        let (status, body) = status_and_body(&app, path).await;
        assert_eq!(status, 200, "{path}");
        assert!(!body.contains(IMIP_TENANT), "{path}");
        assert!(!body.contains(IMIP_INDICATOR), "{path}");
        assert!(!body.contains("DEMO-IMIP"), "{path}");
    }
    let (status, iati) = status_and_body(&app, "/exports/iati-activities.xml").await;
    assert_eq!(status, 200);
    assert!(iati.contains("CE-05"));
    assert!(!iati.contains(IMIP_INDICATOR));
}

#[tokio::test]
async fn an_iwip_tenant_sees_nothing_of_imip() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let (status, own) = status_and_body(&app, "/my").await;
    assert_eq!(status, 200);
    assert!(!own.contains(IMIP_INDICATOR));
    assert_eq!(app.get(&format!("/my?program={IMIP}")).await.status(), 403);
    assert_eq!(
        app.get(&format!("/submit?program={IMIP}")).await.status(),
        403
    );
    assert_eq!(
        app.get(&format!("/indicators/{IMIP_INDICATOR}"))
            .await
            .status(),
        404
    );
    assert_eq!(app.get("/stakeholders/DEMO-IMIP-HPAL").await.status(), 404);
}

#[tokio::test]
async fn an_imip_manager_and_tenant_see_nothing_of_iwip() {
    let manager = signed_in_as("imip.manager@demo.pilar", "demo-imip-manager-pass").await;
    let (status, overview) = status_and_body(&manager, "/").await;
    assert_eq!(status, 200);
    assert!(overview.contains(IMIP_INDICATOR));
    assert!(overview.contains(IMIP_NAME));
    assert!(!overview.contains(IWIP_NAME));
    assert!(!overview.contains("/indicators/CE-05\""));
    assert_eq!(manager.get("/?program=IWIP-P1").await.status(), 403);
    assert_eq!(manager.get("/indicators/CE-05").await.status(), 404);
    assert_eq!(manager.get("/stakeholders/DEMO-RKEF-A").await.status(), 404);
    let (status, indicator) = status_and_body(&manager, "/indicators/CE-105").await;
    assert_eq!(status, 200);
    assert!(indicator.contains("CE-105"));

    let tenant = signed_in_as("imip.tenant@demo.pilar", "demo-imip-tenant-pass").await;
    let (status, own) = status_and_body(&tenant, "/my").await;
    assert_eq!(status, 200);
    assert!(own.contains(IMIP_INDICATOR));
    assert_eq!(tenant.get("/indicators/CE-05").await.status(), 404);
    assert_eq!(tenant.get("/my?program=IWIP-P1").await.status(), 403);
}

#[tokio::test]
async fn an_admin_enters_both_and_the_choice_is_remembered() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let (status, iwip) = status_and_body(&app, "/").await;
    assert_eq!(status, 200);
    assert!(iwip.contains(IWIP_NAME));
    assert!(!iwip.contains(IMIP_INDICATOR));
    // The switch offers both programs.
    assert!(iwip.contains(&format!("/?program={IMIP}")));
    assert!(iwip.contains("/?program=IWIP-P1"));
    let (status, imip) = status_and_body(&app, &format!("/?program={IMIP}")).await;
    assert_eq!(status, 200);
    assert!(imip.contains(IMIP_INDICATOR));
    // Remembered: the next page without `?program=` is IMIP's too.
    let (status, timeline) = status_and_body(&app, "/").await;
    assert_eq!(status, 200);
    assert!(timeline.contains(IMIP_INDICATOR));
    assert_eq!(app.get("/indicators/CE-105").await.status(), 200);
    assert_eq!(app.get("/indicators/CE-05").await.status(), 404);
    // And switched back.
    let (_, back) = status_and_body(&app, "/?program=IWIP-P1").await;
    assert!(back.contains(IWIP_NAME) && !back.contains(IMIP_INDICATOR));
}

#[tokio::test]
async fn tokens_read_their_own_program_only() {
    let app = TestApp::spawn(Template::Demo).await;
    let iwip = token(&app, "DEMO-RKEF-A", "read").await;
    let program = get_json(&app, &iwip, "/api/v1/program").await;
    assert_eq!(program["code"], "IWIP-P1");
    let indicators = get_json(&app, &iwip, "/api/v1/indicators")
        .await
        .to_string();
    assert!(!indicators.contains(IMIP_INDICATOR));
    problem(
        api_get(&app, &iwip, &format!("/api/v1/indicators?program={IMIP}")).await,
        403,
    )
    .await;
    problem(
        api_get(&app, &iwip, &format!("/api/v1/indicators/{IMIP_INDICATOR}")).await,
        404,
    )
    .await;

    let imip = token(&app, "DEMO-IMIP-HPAL", "read").await;
    let program = get_json(&app, &imip, "/api/v1/program").await;
    assert_eq!(program["code"], IMIP);
    let own = get_json(&app, &imip, "/api/v1/observations")
        .await
        .to_string();
    assert!(own.contains(IMIP_INDICATOR));
    assert!(!own.contains("\"CE-05\""));
    problem(api_get(&app, &imip, "/api/v1/indicators/CE-05").await, 404).await;
    problem(
        api_get(&app, &imip, "/api/v1/program?program=IWIP-P1").await,
        403,
    )
    .await;

    // A program manager's token (UNIDO leads IWIP only) reads IWIP's observations, not IMIP's.
    let unido = token(&app, "UNIDO", "read").await;
    let all = get_json(&app, &unido, "/api/v1/observations?limit=500")
        .await
        .to_string();
    assert!(!all.contains("DEMO-IMIP"));
    problem(
        api_get(
            &app,
            &unido,
            &format!("/api/v1/observations?program={IMIP}"),
        )
        .await,
        403,
    )
    .await;
}

#[tokio::test]
async fn an_admin_grants_a_viewer_the_imip_program() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let viewer: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM app_user WHERE email = 'viewer@demo.pilar'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let page = format!("/admin/users/{viewer}");
    let response = app
        .post_form(
            &format!("{page}/programs"),
            &page,
            &[("program", "IWIP-P1"), ("program", IMIP)],
        )
        .await;
    assert_eq!(response.status(), 200);
    let granted: Vec<String> = sqlx::query_scalar(
        "SELECT p.code FROM program_member m JOIN program p ON p.id = m.program_id
          WHERE m.user_id = $1 ORDER BY p.code",
    )
    .bind(viewer)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(granted, ["IMIP-P1", "IWIP-P1"]);
    // An unknown program stores nothing.
    let response = app
        .post_form(
            &format!("{page}/programs"),
            &page,
            &[("program", "NOPE-P1")],
        )
        .await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        count(
            &app,
            &format!("SELECT count(*) FROM program_member WHERE user_id = '{viewer}'")
        )
        .await,
        2
    );

    // The viewer, in another browser over the same installation.
    let as_viewer = TestApp::serve(app.state.clone()).await;
    let (email, password) = DemoUser::Viewer.credentials();
    assert_eq!(as_viewer.sign_in(email, password).await.status(), 303);
    let (status, imip) = status_and_body(&as_viewer, &format!("/?program={IMIP}")).await;
    assert_eq!(status, 200);
    assert!(imip.contains(IMIP_INDICATOR));
}
