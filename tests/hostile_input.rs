//! Input meant to break the server (issue 13, "Security"): NUL characters in addresses, form
//! fields and JSON strings answer 400/422 with a message and store nothing (they answered 500);
//! errors the framework writes itself (405, a path that does not parse, a form missing a
//! field) get our shape — problem+json on the API, the error page elsewhere.

use crate::common::{DemoUser, Template, TestApp};
use crate::security::count;

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
    let in_indonesian = app
        .client
        .get(app.url("/stakeholders/%00"))
        .header("accept-language", "id")
        .send()
        .await
        .unwrap();
    assert_eq!(in_indonesian.status(), 400);
    assert!(in_indonesian.text().await.unwrap().contains("karakter NUL"));
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
    crate::common::add_reportable_quantity(&app.pool).await;
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

/// A head longer than we read (hyper's own 414 and 431 carried neither our shape nor the
/// security headers): ours refuses it first, in the caller's language.
#[tokio::test]
async fn an_overlong_address_or_headers_get_our_shaped_answer_with_the_security_headers() {
    let app = TestApp::spawn(Template::Demo).await;
    let read = crate::api::token(&app, "DEMO-RKEF-A", "read").await;
    let long_query = format!("/api/v1/indicators?x={}", "a".repeat(9 * 1024));
    let response = app
        .client
        .get(app.url(&long_query))
        .bearer_auth(&read)
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(response.headers().contains_key("content-security-policy"));
    let body = crate::api::problem(response, 414).await;
    assert!(body["detail"].as_str().unwrap().contains("8 KB"), "{body}");

    // A browser reading Indonesian gets the error page in its language.
    let response = app
        .client
        .get(app.url(&format!("/pillars/CE?pad={}", "b".repeat(9 * 1024))))
        .header("accept-language", "id")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 414);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Alamat terlalu panjang")
    );
    // 40 KB of headers in two fields: 431.
    let response = app
        .client
        .get(app.url("/api/v1/indicators"))
        .bearer_auth(&read)
        .header("x-padding-one", "c".repeat(20 * 1024))
        .header("x-padding-two", "d".repeat(20 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    let body = crate::api::problem(response, 431).await;
    assert!(body["detail"].as_str().unwrap().contains("32 KB"), "{body}");
    // Just under the limits the request is served.
    let response = app
        .client
        .get(app.url(&format!("/healthz?x={}", "a".repeat(7 * 1024))))
        .header("x-padding", "e".repeat(30 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}
