//! Every kind of answer leaves with the same head: the security headers, the request id, then
//! what the router adds last (`Allow` on a 405, `Content-Length` counting the body sent; a
//! HEAD counted as its GET). Served by the production server loop (`serve::serve_http`), whose
//! service wraps the routes (`app::App`) rather than being layered into each route.

use crate::common::{Template, TestApp};

const SECURITY_HEADERS: [&str; 7] = [
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "permissions-policy",
    "cross-origin-opener-policy",
    "cache-control",
];

/// The app behind the production server loop; its base URL.
async fn served() -> (TestApp, String) {
    let app = TestApp::spawn(Template::Demo).await;
    let service = pilar::app::router(app.state.clone(), std::time::Duration::from_secs(30));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(pilar::serve::serve_http(
        listener,
        service,
        pilar::serve::ConnectionLimits {
            max_connections: 16,
            header_read_timeout: std::time::Duration::from_secs(30),
        },
        std::future::pending(),
    ));
    (app, base)
}

/// The position of each field in the head as sent.
fn position(names: &[String], name: &str, what: &str) -> usize {
    names
        .iter()
        .position(|n| n == name)
        .unwrap_or_else(|| panic!("{what}: no {name} in {names:?}"))
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_same_head() {
    let (_app, base) = served().await;
    let client = TestApp::browser();
    let cases = [
        ("GET", "/healthz", 200),
        ("GET", "/static/pilar.css", 200),
        ("GET", "/login", 200),
        ("GET", "/static/no-such-file.css", 404),
        ("GET", "/indicators/%00", 400),
        ("GET", "/api/v1/me", 401),
        ("OPTIONS", "/healthz", 405),
        ("HEAD", "/healthz", 200),
        ("HEAD", "/login", 200),
        ("HEAD", "/static/no-such-file.css", 404),
    ];
    for (method, path, status) in cases {
        let what = format!("{method} {path}");
        let method: reqwest::Method = method.parse().unwrap();
        let head = method == reqwest::Method::HEAD;
        let response = client
            .request(method, format!("{base}{path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{what}");
        let headers = response.headers().clone();
        let names: Vec<String> = headers.keys().map(|n| n.to_string()).collect();
        let id = position(&names, "x-request-id", &what);
        for name in SECURITY_HEADERS {
            assert!(position(&names, name, &what) < id, "{what}: {names:?}");
        }
        let length = position(&names, "content-length", &what);
        assert!(id < length, "{what}: {names:?}");
        if status == 405 {
            let allow = position(&names, "allow", &what);
            assert!(id < allow && allow < length, "{what}: {names:?}");
            assert_eq!(headers["allow"], "GET,HEAD", "{what}");
        }
        let declared: usize = headers["content-length"].to_str().unwrap().parse().unwrap();
        let body = response.bytes().await.unwrap();
        if head {
            assert!(body.is_empty(), "{what}");
            let get = client.get(format!("{base}{path}")).send().await.unwrap();
            let sent = get.bytes().await.unwrap().len();
            assert_eq!(declared, sent, "{what}: the length its GET sends");
        } else {
            assert_eq!(declared, body.len(), "{what}");
        }
    }
}
