//! The first page, health endpoints and error pages, over HTTP.

use crate::common::{Template, TestApp};

#[tokio::test]
async fn overview_shows_the_program_its_pillars_and_every_indicator() {
    let app = TestApp::spawn(Template::Demo).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(response.headers().contains_key("x-request-id"));
    let body = response.text().await.unwrap();
    assert!(
        body.contains("PT Indonesia Weda Bay Industrial Park"),
        "park name on the page"
    );
    assert!(
        body.contains("Month 11 of 36"),
        "program month as of 2026-11-29"
    );
    assert!(body.contains("Demo data"), "demo marker");
    for pillar in ["CE", "SK", "CM", "SC"] {
        assert!(
            body.contains(&format!(r#"id="pillar-{pillar}""#)),
            "pillar {pillar} shown"
        );
    }
    let indicators = body.matches("data-indicator=").count();
    assert_eq!(indicators, 33, "every catalogue indicator has a row");
    for status in ["On track", "At risk", "Off track"] {
        assert!(body.contains(status), "some indicator is {status}");
    }
}

#[tokio::test]
async fn overview_of_an_empty_database_says_what_to_do() {
    let app = TestApp::spawn(Template::Empty).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("pilar seed --demo"));
    assert!(!body.contains("Demo data"));
}

#[tokio::test]
async fn data_is_escaped_in_html() {
    let app = TestApp::spawn(Template::Demo).await;
    sqlx::query("UPDATE pillar SET name_en = '<script>alert(1)</script>' WHERE code = 'CE'")
        .execute(&app.pool)
        .await
        .unwrap();
    let body = app.get("/").await.text().await.unwrap();
    assert!(!body.contains("<script>alert(1)</script>"));
    assert!(
        body.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || body.contains("&lt;script&gt;")
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn(Template::Empty).await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["database"],
        "ok"
    );

    // With the database gone, readiness fails while liveness holds.
    app.pool.close().await;
    assert_eq!(app.get("/readyz").await.status(), 503);
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn unknown_address_gets_a_404_page_without_internals() {
    let app = TestApp::spawn(Template::Empty).await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let body = response.text().await.unwrap();
    assert!(body.contains("Not found"));
    assert!(body.contains(&request_id), "the page shows the request id");
}

#[tokio::test]
async fn a_failing_query_shows_a_500_page_with_only_the_request_id() {
    let app = TestApp::spawn(Template::Demo).await;
    // Break the schema under the running app: the page's query fails.
    sqlx::query("ALTER TABLE indicator RENAME COLUMN unit TO unit_gone")
        .execute(&app.pool)
        .await
        .unwrap();
    let response = app.get("/").await;
    assert_eq!(response.status(), 500);
    let body = response.text().await.unwrap();
    assert!(body.contains("Something went wrong"));
    assert!(!body.contains("unit"), "no SQL or column names leak");
    assert!(!body.to_lowercase().contains("sqlx"));
}

#[tokio::test]
async fn stylesheet_is_served_by_the_app_itself() {
    let app = TestApp::spawn(Template::Empty).await;
    let response = app.get("/static/pilar.css").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}
