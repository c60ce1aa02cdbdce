//! Abuse by volume (issue 13, "Security"): sign-in throttling that nobody can turn against an
//! account's owner (per account and client, known browsers, trusted proxies), and slow or
//! greedy clients against the server loop's header-read timeout and connection cap.

use crate::common::{Template, TestApp};
use crate::security::count;

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

/// Posts the password form from `client` (signed in), named by the proxy as `forwarded_for`.
async fn change_password_from(
    app: &TestApp,
    client: &reqwest::Client,
    forwarded_for: &str,
    current: &str,
) -> reqwest::Response {
    let page = client
        .get(app.url("/account"))
        .header("x-forwarded-for", forwarded_for)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::common::hidden_csrf(&page).unwrap();
    client
        .post(app.url("/account/password"))
        .header("x-forwarded-for", forwarded_for)
        .form(&[
            ("current_password", current),
            ("new_password", "a brand new password"),
            ("repeat_password", "a brand new password"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn failures_from_elsewhere_do_not_stop_the_owner_changing_their_password() {
    let app = behind_a_trusted_proxy().await;
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
    // Someone else fails to sign in to the account, from another address and from the
    // owner's own (a shared office behind one proxy address).
    let attacker = TestApp::browser();
    for (address, times) in [("203.0.113.9", 5), ("198.51.100.7", 2)] {
        for _ in 0..times {
            let failed = sign_in_from(&app, &attacker, address, "viewer@demo.pilar", "guess").await;
            assert_eq!(failed.status(), 401);
        }
    }
    // The owner's browser (known to the account) still changes the password, at once.
    let started = std::time::Instant::now();
    let changed = change_password_from(&app, &owner, "198.51.100.7", "demo-viewer-pass").await;
    assert_eq!(changed.status(), 303);
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE action = 'change_password'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn wrong_current_passwords_from_the_owners_browser_are_still_refused() {
    let app = behind_a_trusted_proxy().await;
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
    for _ in 0..5 {
        let wrong = change_password_from(&app, &owner, "198.51.100.7", "a wrong guess").await;
        assert_eq!(wrong.status(), 422);
    }
    // The pair (this account, this browser) is refused now, even with the right password
    // and from another address; the failures were counted against the browser.
    let refused = change_password_from(&app, &owner, "192.0.2.1", "demo-viewer-pass").await;
    assert_eq!(refused.status(), 429);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM login_failure WHERE device_hash IS NOT NULL"
        )
        .await,
        5
    );
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

// --- the request deadline -----------------------------------------------------------------

/// A request still waiting at its deadline is given up with 408, in our shape and with the
/// security headers; one answered at once is answered whatever the deadline (the deadline's
/// timer is armed only when a request waits, `app::guarded`).
#[tokio::test]
async fn a_request_past_its_deadline_is_given_up_with_408_in_our_shape() {
    use tower::ServiceExt;
    let app = TestApp::spawn(Template::Empty).await;
    // A pool of one connection, held here: `/readyz` waits for it (its own limit is 2 s).
    let options = app.pool.connect_options().as_ref().clone();
    let one = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    let _held = one.acquire().await.unwrap();
    let mut state = app.state.clone();
    state.pool = one.clone();
    let router = pilar::app::router(state, std::time::Duration::from_millis(200));
    let ask = |path: &str| {
        axum::http::Request::get(path)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let started = std::time::Instant::now();
    let late = router.clone().oneshot(ask("/readyz")).await.unwrap();
    assert_eq!(late.status(), 408);
    assert!(started.elapsed() < std::time::Duration::from_millis(1900));
    assert!(late.headers().contains_key("content-security-policy"));
    assert!(late.headers().contains_key("x-request-id"));
    let kind = late.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.starts_with("text/html"), "{kind}");
    let ready = pilar::app::router(app.state.clone(), std::time::Duration::ZERO)
        .oneshot(ask("/healthz"))
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
}
