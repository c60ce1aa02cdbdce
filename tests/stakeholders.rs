//! `/stakeholders` and `/stakeholders/{code}`.

use pilar::i18n::Locale;
use pilar::store::compliance::Scope;
use pilar::web::format;

use crate::common::{DemoUser, TestApp, add_tenants};
use crate::expected;
use crate::html::{empty_signed_in, figure, organisation_rows, page, pager_link, row};

#[tokio::test]
async fn the_directory_lists_every_organisation_with_roles_and_pillars() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/stakeholders").await;
    let count: i64 =
        // IWIP's directory: IMIP's demo tenants hold roles in IMIP's program only.
        sqlx::query_scalar("SELECT count(*) FROM organisation WHERE archived_at IS NULL AND code NOT LIKE 'DEMO-IMIP-%'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(body.matches("<tr data-organisation=").count() as i64, count);
    let unido = row(&body, r#"<tr data-organisation="UNIDO""#);
    assert!(unido.contains("UN agency"));
    assert!(unido.contains("Signatory, Lead"));
    assert!(unido.contains("CE SK CM SC"));
    let rkef = row(&body, r#"<tr data-organisation="DEMO-RKEF-A""#);
    assert!(rkef.contains("Reporting tenant") && rkef.contains("RKEF smelting"));
    assert!(rkef.contains("demo-tag"), "demo organisations are marked");
}

#[tokio::test]
async fn the_directory_filters_by_kind_and_pillar() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let tenants: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM organisation WHERE kind = 'tenant' AND code NOT LIKE 'DEMO-IMIP-%'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let body = page(&app, "/stakeholders?kind=tenant").await;
    assert_eq!(
        body.matches("<tr data-organisation=").count() as i64,
        tenants
    );
    assert!(body.contains(r#"<option value="tenant" selected>"#));

    let in_community: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT pr.organisation_id) FROM program_role pr
           JOIN program_role_pillar rp ON rp.program_role_id = pr.id
           JOIN pillar p ON p.id = rp.pillar_id
           JOIN organisation o ON o.id = pr.organisation_id
          WHERE p.code = 'CM' AND o.kind = 'government'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let body = page(&app, "/stakeholders?kind=government&pillar=CM").await;
    assert_eq!(
        body.matches("<tr data-organisation=").count() as i64,
        in_community
    );
    assert!(body.contains(r#"data-organisation="HALTENG""#));
    assert!(
        !body.contains(r#"data-organisation="KLH""#),
        "KLH covers CE and SC only"
    );

    // Nothing matches: say so, and offer to clear the filters.
    let body = page(&app, "/stakeholders?kind=ngo").await;
    assert!(body.contains("No organisation matches these filters."));
    assert!(body.contains(r#"href="/stakeholders">Clear filters"#));
    // An unknown value filters nothing.
    let all = page(&app, "/stakeholders?kind=pirate&pillar=ZZ").await;
    assert!(all.matches("<tr data-organisation=").count() > 20);
}

#[tokio::test]
async fn the_directory_shows_fifty_organisations_a_page_and_keeps_the_filters() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    add_tenants(&app.pool, 60, "CE-04").await;
    let mut tenants: Vec<String> = sqlx::query_scalar(
        "SELECT code FROM organisation WHERE kind = 'tenant' AND archived_at IS NULL
            AND code NOT LIKE 'DEMO-IMIP-%'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    tenants.sort();
    assert!((51..=100).contains(&tenants.len()), "two pages");

    let first = page(&app, "/stakeholders?kind=tenant").await;
    assert!(
        first.contains(&format!("{} organisations", tenants.len())),
        "the count covers every page"
    );
    assert_eq!(organisation_rows(&first).len(), 50);
    assert_eq!(
        pager_link(&first, "next").as_deref(),
        Some("/stakeholders?kind=tenant&page=2")
    );
    let second = page(&app, "/stakeholders?kind=tenant&page=2").await;
    assert_eq!(organisation_rows(&second).len(), tenants.len() - 50);
    assert!(pager_link(&second, "next").is_none());
    assert_eq!(
        pager_link(&second, "prev").as_deref(),
        Some("/stakeholders?kind=tenant")
    );
    let mut shown: Vec<String> = organisation_rows(&first)
        .into_iter()
        .chain(organisation_rows(&second))
        .collect();
    shown.sort();
    assert_eq!(shown, tenants);
    // Out of range: the last page; not a number: the first.
    let beyond = page(&app, "/stakeholders?kind=tenant&page=1000").await;
    assert_eq!(organisation_rows(&beyond), organisation_rows(&second));
    let junk = page(&app, "/stakeholders?kind=tenant&page=-2").await;
    assert_eq!(organisation_rows(&junk), organisation_rows(&first));
    // Without filters the links carry none; an unknown filter value is dropped from them.
    let all = page(&app, "/stakeholders?kind=pirate").await;
    assert_eq!(organisation_rows(&all).len(), 50);
    assert_eq!(
        pager_link(&all, "next").as_deref(),
        Some("/stakeholders?page=2")
    );
}

#[tokio::test]
async fn an_organisation_shows_roles_indicators_and_its_reporting_record() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let program = expected::program(&app.pool).await;
    let id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM organisation WHERE code = 'DEMO-POWER-C'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let items = expected::compliance_of(
        &app.pool,
        Scope::Organisation(id),
        &expected::all_closed(&program),
    )
    .await;
    let summary = expected::summary(&items);
    assert!(summary.late > 0, "the demo's laggard is late");
    let body = page(&app, "/stakeholders/DEMO-POWER-C").await;
    assert!(body.contains("Demo Captive Power C"));
    assert!(body.contains("Reporting tenant"));
    assert_eq!(figure(&body, "expected"), summary.expected.to_string());
    assert_eq!(figure(&body, "late"), summary.late.to_string());
    assert_eq!(figure(&body, "missing"), summary.missing.to_string());
    assert_eq!(figure(&body, "returned"), summary.returned.to_string());
    assert_eq!(
        figure(&body, "on-time-share"),
        format::percent(summary.on_time_share().unwrap(), Locale::En)
    );
    let assigned: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM assignment WHERE organisation_id = $1 AND archived_at IS NULL",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(body.matches("<tr data-indicator=").count() as i64, assigned);
}

#[tokio::test]
async fn a_stakeholder_without_reports_says_so() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/stakeholders/UNIDO").await;
    assert!(body.contains("Signatory") && body.contains("Technical lead of the pilot."));
    assert!(body.contains("This organisation reports no indicators."));
    assert!(body.contains("No report has fallen due yet."));
    assert!(
        body.contains(r#"data-milestone="M02""#),
        "milestones it owns"
    );
    assert!(body.contains(r#"href="https://www.unido.org""#));
}

#[tokio::test]
async fn an_unknown_organisation_is_a_404() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    assert_eq!(app.get("/stakeholders/NOPE").await.status(), 404);
}

#[tokio::test]
async fn organisation_names_are_escaped() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query("UPDATE organisation SET name = '<script>alert(1)</script>' WHERE code = 'APNI'")
        .execute(&app.pool)
        .await
        .unwrap();
    for path in ["/stakeholders", "/stakeholders/APNI"] {
        let body = page(&app, path).await;
        assert!(!body.contains("<script>alert(1)</script>"), "{path}");
    }
}

#[tokio::test]
async fn an_empty_database_has_no_stakeholders_yet() {
    let app = empty_signed_in().await;
    let body = page(&app, "/stakeholders").await;
    assert!(body.contains("No stakeholders yet."));
}
