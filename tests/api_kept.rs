//! API reads kept whole (`api::kept`): `/api/v1/observations`, an indicator's series and the
//! indicator list are answered from the page cache until a change they read, keyed by the
//! reader and the query. A write through the instance is read back at once; a change made by
//! anyone else shows once its notification arrives; a kept answer is byte for byte the one
//! computed afresh, and never another reader's.

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use pilar::cache::PageCache;
use pilar::state::AppState;

use crate::api::{call, ce02_q2, get, get_json, post, token};
use crate::common::{Template, TestApp};

/// An app whose page cache is on and subscribed.
async fn kept_app() -> TestApp {
    let app = TestApp::spawn_with(Template::Demo, |s| s.page_cache = PageCache::new()).await;
    listening(&app.state).await;
    app
}

async fn listening(state: &AppState) {
    tokio::spawn(Arc::clone(&state.page_cache).listen(state.pool.clone()));
    for _ in 0..500 {
        if state.page_cache.is_active() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the listener subscribes");
}

/// The answer's status, `Link` header and body bytes.
async fn answer(app: &TestApp, token: &str, path: &str) -> (u16, Option<String>, Vec<u8>) {
    let response = get(app, token, path).await;
    let status = response.status().as_u16();
    let link = response
        .headers()
        .get("link")
        .map(|v| v.to_str().unwrap().to_string());
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(content_type, "application/json", "{path}");
    (status, link, response.bytes().await.unwrap().to_vec())
}

fn period<'a>(series: &'a Value, start: &str) -> Option<&'a Value> {
    series["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period_start"] == start)
}

#[tokio::test]
async fn api_kept_a_write_through_the_instance_is_read_back_at_once() {
    let app = TestApp::spawn_with(Template::Demo, |s| s.page_cache = PageCache::new()).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    // Listening once the indicator is added, so that its notice drops nothing kept below.
    listening(&app.state).await;
    let tenant = token(&app, "DEMO-RKEF-A", "write").await;
    let manager = token(&app, "UNIDO", "write").await;
    let list = "/api/v1/observations?indicator=CE-92";
    let series = "/api/v1/indicators/CE-92/series";
    // Read twice, so each is kept (the second from the cache).
    for _ in 0..2 {
        assert_eq!(get_json(&app, &tenant, list).await["items"], json!([]));
        let read = get_json(&app, &manager, series).await;
        assert!(period(&read, "2026-04-01").is_none_or(|p| p["park"].is_null()));
    }
    assert!(app.state.page_cache.answers_held() >= 2);

    // Written and read at once, with no pause: the write's answer left once this instance
    // had heard it.
    let created = post(&app, &tenant, "/api/v1/observations", &ce02_q2()).await;
    assert_eq!(created.status(), 201);
    let path = created.headers()["location"].to_str().unwrap().to_string();
    let items = get_json(&app, &tenant, list).await["items"].clone();
    assert_eq!(items.as_array().unwrap().len(), 1, "{items}");
    assert_eq!(items[0]["status"], "submitted");
    let read = get_json(&app, &manager, series).await;
    let q2 = period(&read, "2026-04-01")
        .expect("the period shows")
        .clone();
    assert_eq!(q2["organisations"][0]["status"], "submitted", "{q2}");
    assert!(q2["park"].is_null());

    // Approved by the manager: the official figure is in the next read of the series.
    let approved = call(
        &app,
        Method::POST,
        &format!("{path}/approve"),
        &manager,
        &[("if-match", "\"1\"")],
        None,
    )
    .await;
    assert_eq!(approved.status(), 200);
    let read = get_json(&app, &manager, series).await;
    let q2 = period(&read, "2026-04-01").unwrap();
    assert_eq!(q2["park"]["value"], 1.25, "{q2}");
    assert_eq!(q2["organisations"][0]["status"], "approved");
    let items = get_json(&app, &tenant, list).await["items"].clone();
    assert_eq!(items[0]["status"], "approved", "{items}");
}

#[tokio::test]
async fn api_kept_two_readers_with_the_same_query_get_each_their_own_answer() {
    let app = kept_app().await;
    let a = token(&app, "DEMO-RKEF-A", "read").await;
    let b = token(&app, "DEMO-HPAL-B", "read").await;
    let manager = token(&app, "UNIDO", "read").await;
    for path in [
        "/api/v1/observations?limit=50",
        "/api/v1/observations?indicator=CE-06",
        "/api/v1/indicators/CE-06/series",
        "/api/v1/indicators",
    ] {
        // Interleaved, twice: each reader's second answer may come from the cache.
        let mut answers = Vec::new();
        for _ in 0..2 {
            for t in [&a, &b, &manager] {
                answers.push(answer(&app, t, path).await);
            }
        }
        for (first, second) in answers[..3].iter().zip(&answers[3..]) {
            assert_eq!(first, second, "{path}: the same reader, the same answer");
            assert_eq!(first.0, 200, "{path}");
        }
        if path.starts_with("/api/v1/observations") {
            for (reader, own) in [(0, "DEMO-RKEF-A"), (1, "DEMO-HPAL-B")] {
                let page: Value = serde_json::from_slice(&answers[reader].2).unwrap();
                assert!(
                    page["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|o| o["organisation"] == own),
                    "{path}: {own} reads only its own"
                );
            }
        }
        if path.ends_with("/series") {
            // The HPAL plant reports CE-06, RKEF A does not; the manager sees every figure.
            let of = |n: usize| serde_json::from_slice::<Value>(&answers[n].2).unwrap();
            let periods = |v: &Value| v["periods"].as_array().unwrap().clone();
            assert!(periods(&of(0)).iter().all(|p| p["own"].is_null()));
            assert!(periods(&of(1)).iter().any(|p| p["own"].is_object()));
            assert!(
                periods(&of(2))
                    .iter()
                    .any(|p| p["organisations"].is_array())
            );
        }
        if !path.ends_with("/indicators") {
            assert_ne!(answers[0].2, answers[1].2, "{path}: tenants differ");
            assert_ne!(
                answers[0].2, answers[2].2,
                "{path}: tenant and manager differ"
            );
        }
    }
}

#[tokio::test]
async fn api_kept_a_change_made_elsewhere_shows_once_its_notice_arrives() {
    let app = kept_app().await;
    let a = token(&app, "DEMO-RKEF-A", "read").await;
    let path = "/api/v1/observations?indicator=CE-07&limit=5";
    let first = get_json(&app, &a, path).await;
    let id = first["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(get_json(&app, &a, path).await, first);
    // Another instance, or an operator: plain SQL, heard through the notification only.
    sqlx::query("UPDATE observation SET comment = 'corrected elsewhere' WHERE id = $1::uuid")
        .bind(&id)
        .execute(&app.pool)
        .await
        .unwrap();
    for _ in 0..250 {
        let page = get_json(&app, &a, path).await;
        if page["items"][0]["comment"] == "corrected elsewhere" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} never showed the change made with SQL");
}

#[tokio::test]
async fn api_kept_answers_are_the_bytes_computed_afresh() {
    let kept = kept_app().await;
    // A second instance over the same database, keeping nothing.
    let mut state = kept.state.clone();
    state.page_cache = PageCache::disabled();
    let fresh = TestApp::serve(state).await;
    let tenant = token(&kept, "DEMO-RKEF-A", "read").await;
    let manager = token(&kept, "UNIDO", "read").await;
    let mut pages = vec![
        "/api/v1/observations".to_string(),
        "/api/v1/observations?limit=3".to_string(),
        "/api/v1/observations?indicator=CE-07&status=approved&period_from=2026-01-01&limit=2"
            .to_string(),
        "/api/v1/indicators/CE-07/series".to_string(),
        "/api/v1/indicators/CE-07/series?from=2026-04-01".to_string(),
        "/api/v1/indicators".to_string(),
        "/api/v1/indicators?pillar=CE".to_string(),
    ];
    // The next page, through its cursor.
    let (_, link, _) = answer(&kept, &tenant, "/api/v1/observations?limit=3").await;
    let link = link.expect("a next page");
    pages.push(link[1..link.find('>').unwrap()].to_string());
    for path in &pages {
        for t in [&tenant, &manager] {
            let afresh = answer(&fresh, t, path).await;
            assert_eq!(afresh.0, 200, "{path}");
            // Computed and kept, then served from the cache.
            assert_eq!(answer(&kept, t, path).await, afresh, "{path}");
            assert_eq!(answer(&kept, t, path).await, afresh, "{path}");
        }
    }
    assert!(kept.state.page_cache.answers_held() >= pages.len());
    // An error is answered, not kept.
    let missing = get(&kept, &tenant, "/api/v1/indicators/XX-99/series").await;
    assert_eq!(missing.status(), 404);
}

/// An answer as a client that sends `accept` (its `Accept-Encoding`, none when `None`) reads
/// it: status, `Link`, `Content-Encoding`, `Vary`, the bytes sent and the bytes they decode to.
struct Coded {
    status: u16,
    link: Option<String>,
    encoding: Option<String>,
    vary: Option<String>,
    sent: Vec<u8>,
    body: Vec<u8>,
}

async fn coded(app: &TestApp, token: &str, path: &str, accept: Option<&str>) -> Coded {
    let headers: Vec<(&str, &str)> = accept.map(|a| ("accept-encoding", a)).into_iter().collect();
    let response = call(app, Method::GET, path, token, &headers, None).await;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    };
    let (status, link, encoding, vary) = (
        response.status().as_u16(),
        header("link"),
        header("content-encoding"),
        header("vary"),
    );
    let sent = response.bytes().await.unwrap().to_vec();
    let body = match encoding.as_deref() {
        Some("gzip") => {
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&sent[..]), &mut body)
                .expect("a gzip stream");
            body
        }
        None => sent.clone(),
        Some(other) => panic!("{path}: unexpected coding {other}"),
    };
    Coded {
        status,
        link,
        encoding,
        vary,
        sent,
        body,
    }
}

#[tokio::test]
async fn api_kept_answers_are_sent_gzipped_to_who_accepts_it_decoding_to_the_same_bytes() {
    let kept = kept_app().await;
    let mut state = kept.state.clone();
    state.page_cache = PageCache::disabled();
    let fresh = TestApp::serve(state).await;
    let tenant = token(&kept, "DEMO-RKEF-A", "read").await;
    let manager = token(&kept, "UNIDO", "read").await;
    for path in [
        "/api/v1/observations?limit=100",
        "/api/v1/observations?limit=3",
        "/api/v1/indicators/CE-07/series",
        "/api/v1/indicators?pillar=CE",
    ] {
        for t in [&tenant, &manager] {
            let identity = coded(&fresh, t, path, None).await;
            assert_eq!(identity.status, 200, "{path}");
            assert_eq!(identity.encoding, None, "{path}: no header, no coding");
            assert_eq!(identity.vary.as_deref(), Some("accept-encoding"), "{path}");
            // The first load (compressed as it is kept), then the kept answer; and an instance
            // keeping nothing compresses for who accepts it too.
            for (app, what) in [(&kept, "first load"), (&kept, "kept"), (&fresh, "uncached")] {
                let gzipped = coded(app, t, path, Some("gzip, deflate, br")).await;
                assert_eq!(gzipped.status, 200, "{path} {what}");
                assert_eq!(gzipped.encoding.as_deref(), Some("gzip"), "{path} {what}");
                assert_eq!(gzipped.vary, identity.vary, "{path} {what}");
                assert_eq!(gzipped.link, identity.link, "{path} {what}: Link unchanged");
                assert_eq!(gzipped.body, identity.body, "{path} {what}: the same bytes");
                assert!(
                    gzipped.sent.len() < identity.sent.len() / 2,
                    "{path} {what}"
                );
            }
            // Kept now: refused, absent or outweighed, gzip is not sent.
            for accept in [
                None,
                Some("gzip;q=0"),
                Some("*, gzip;q=0"),
                Some("gzip;q=0.5, identity"),
            ] {
                let plain = coded(&kept, t, path, accept).await;
                assert_eq!(plain.encoding, None, "{path} {accept:?}");
                assert_eq!(plain.vary, identity.vary, "{path} {accept:?}");
                assert_eq!(plain.link, identity.link, "{path} {accept:?}");
                assert_eq!(plain.sent, identity.body, "{path} {accept:?}");
            }
            // Any coding: gzip.
            let any = coded(&kept, t, path, Some("*")).await;
            assert_eq!(any.encoding.as_deref(), Some("gzip"), "{path}");
            assert_eq!(any.body, identity.body, "{path}");
        }
    }
    // The page of 100 has a next page: its link is the same in either coding (checked above).
    let page = coded(
        &kept,
        &manager,
        "/api/v1/observations?limit=3",
        Some("gzip"),
    )
    .await;
    assert!(page.link.is_some_and(|l| l.ends_with("rel=\"next\"")));
}

#[tokio::test]
async fn api_kept_small_answers_are_sent_as_they_are() {
    let app = kept_app().await;
    let tenant = token(&app, "DEMO-RKEF-A", "read").await;
    let path = "/api/v1/observations?period_from=2099-01-01";
    for _ in 0..2 {
        let empty = coded(&app, &tenant, path, Some("gzip")).await;
        assert_eq!(empty.status, 200);
        assert_eq!(
            empty.encoding, None,
            "an empty page is not worth compressing"
        );
        assert_eq!(empty.vary.as_deref(), Some("accept-encoding"));
        let page: Value = serde_json::from_slice(&empty.body).unwrap();
        assert_eq!(page["items"], json!([]));
    }
}
