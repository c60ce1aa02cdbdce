//! The holes an attack run found (issue 13, "Security"), each reproduced over HTTP: open
//! redirects after sign-in, archived organisations keeping access, the assignment matrix
//! touching rows it did not show, NUL bytes, forms without a version, API errors that are not
//! problem+json, throttling that locks people out, and the append-only revision log.

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

