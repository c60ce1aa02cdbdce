//! The private PostgreSQL heals: a real `pilar serve` on its own cluster, a stream of API batch
//! writes, and `kill -9` of the postmaster. While it is down every answer is a quick 503 with
//! `Retry-After`; Pilar serves again within five seconds without anyone acting; and every
//! write it acknowledged is stored.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

use crate::cli::{
    assert_succeeded, pilar, postmaster_running, run, server_binaries_available, signal,
    start_with, stdout,
};

/// Three draft observations of DEMO-RKEF-A (periods the demo data leaves empty), each carrying
/// `comment`, created (no versions) or changed (with the versions last acknowledged).
fn batch(comment: &str, versions: Option<&[i64]>) -> Value {
    let mut items = vec![
        json!({"indicator": "CE-04", "period_start": "2026-10-01", "numerator": 3000, "denominator": 5, "unit": "GJ/t Ni", "data_quality": "measured"}),
        json!({"indicator": "CE-07", "period_start": "2026-11-01", "numerator": 12, "denominator": 40, "unit": "%", "data_quality": "calculated"}),
        json!({"indicator": "SK-07", "period_start": "2026-11-01", "period_end": "2026-11-30", "numerator": 1, "denominator": 3.5, "unit": "per 10⁶ h", "data_quality": "estimated"}),
    ];
    for (i, item) in items.iter_mut().enumerate() {
        item["status"] = json!("draft");
        item["comment"] = json!(comment);
        if let Some(versions) = versions {
            item["version"] = json!(versions[i]);
            item["reason"] = json!(comment);
        }
    }
    json!({ "items": items })
}

fn postmaster_pid(data_dir: &Path) -> i32 {
    std::fs::read_to_string(data_dir.join("pgdata/postmaster.pid"))
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// One answer seen after the kill: its status, how long it took, and its `Retry-After`.
struct Answer {
    status: u16,
    took: Duration,
    retry_after: Option<String>,
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_postmaster_is_restarted_and_no_acknowledged_write_is_lost() {
    if !server_binaries_available() {
        eprintln!("skipped: no PostgreSQL server binaries on this machine");
        return;
    }
    let dir = tempfile::Builder::new()
        .prefix("pilar-heal-")
        .tempdir()
        .unwrap();
    let data_dir = dir.path().join("data");
    let server = tokio::task::spawn_blocking({
        let data_dir = data_dir.clone();
        move || {
            let mut cmd = pilar(&data_dir);
            // The writer sends as fast as it is answered; the token's budget is not under test.
            cmd.env("PILAR_API_RATE_LIMIT", "1000000");
            start_with(cmd)
        }
    })
    .await
    .unwrap();
    let created = tokio::task::spawn_blocking({
        let data_dir = data_dir.clone();
        move || {
            run(
                &data_dir,
                &[
                    "token",
                    "create",
                    "--org",
                    "DEMO-RKEF-A",
                    "--scope",
                    "write",
                    "--name",
                    "heal",
                ],
                "",
            )
        }
    })
    .await
    .unwrap();
    assert_succeeded(&created);
    let token = stdout(&created).trim().to_string();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let url = |path: &str| format!("{}{path}", server.address);

    let first = client
        .post(url("/api/v1/observations/batch"))
        .bearer_auth(&token)
        .json(&batch("write 0", None))
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let body: Value = first.json().await.unwrap();
    let ids: Vec<String> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    let mut acknowledged: Vec<(String, i64, String)> = ids
        .iter()
        .map(|id| (id.clone(), 1, "write 0".to_string()))
        .collect();
    let mut versions: Option<Vec<i64>> = Some(vec![1, 1, 1]);

    let old_postmaster = postmaster_pid(&data_dir);
    let started = Instant::now();
    let mut killed_at: Option<Instant> = None;
    let mut after_kill: Vec<Answer> = Vec::new();
    let mut back_at: Option<Instant> = None;
    let mut n = 1u64;
    loop {
        if killed_at.is_none() && started.elapsed() > Duration::from_secs(1) {
            // SAFETY: signalling the postmaster of the cluster this test started.
            unsafe {
                libc::kill(old_postmaster, libc::SIGKILL);
            }
            killed_at = Some(Instant::now());
        }
        if back_at.is_some_and(|at| at.elapsed() > Duration::from_secs(1)) {
            break;
        }
        if let Some(killed) = killed_at {
            assert!(
                back_at.is_some() || killed.elapsed() < Duration::from_secs(5),
                "no 2xx within 5 s of the kill"
            );
        }
        let sent = Instant::now();
        let (status, retry_after) = match &versions {
            // After an answer that was not a success, a write may or may not have been stored:
            // read the current versions again.
            None => {
                let mut read = Vec::new();
                let mut failed = None;
                for id in &ids {
                    let response = client
                        .get(url(&format!("/api/v1/observations/{id}")))
                        .bearer_auth(&token)
                        .send()
                        .await
                        .unwrap();
                    if response.status() != 200 {
                        failed = Some(response);
                        break;
                    }
                    let body: Value = response.json().await.unwrap();
                    read.push(body["version"].as_i64().unwrap());
                }
                match failed {
                    None => {
                        versions = Some(read);
                        (200, None)
                    }
                    Some(response) => (
                        response.status().as_u16(),
                        response
                            .headers()
                            .get("retry-after")
                            .map(|v| v.to_str().unwrap().to_string()),
                    ),
                }
            }
            Some(current) => {
                let comment = format!("write {n}");
                n += 1;
                let response = client
                    .post(url("/api/v1/observations/batch"))
                    .bearer_auth(&token)
                    .json(&batch(&comment, Some(current)))
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                let retry_after = response
                    .headers()
                    .get("retry-after")
                    .map(|v| v.to_str().unwrap().to_string());
                if status == 200 {
                    let body: Value = response.json().await.unwrap();
                    let new: Vec<i64> = body["items"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|i| i["version"].as_i64().unwrap())
                        .collect();
                    for (id, version) in ids.iter().zip(&new) {
                        acknowledged.push((id.clone(), *version, comment.clone()));
                    }
                    versions = Some(new);
                } else {
                    let text = response.text().await.unwrap_or_default();
                    assert!(
                        matches!(status, 503 | 409 | 412),
                        "a write answered {status}: {text}"
                    );
                    versions = None;
                }
                (status, retry_after)
            }
        };
        if killed_at.is_some() {
            after_kill.push(Answer {
                status,
                took: sent.elapsed(),
                retry_after,
            });
            // Served again: a success from the restarted cluster (a request sent before the
            // exit was noticed may wait for a connection and succeed once it is back).
            if status == 200 && back_at.is_none() && postmaster_pid(&data_dir) != old_postmaster {
                back_at = Some(Instant::now());
            }
        }
    }

    let killed = killed_at.unwrap();
    let back = back_at.unwrap().duration_since(killed);
    assert!(back < Duration::from_secs(5), "served again after {back:?}");
    let down: Vec<&Answer> = after_kill.iter().filter(|a| a.status == 503).collect();
    if down.is_empty() {
        // On a busy machine the whole outage can fit inside the one request that was already
        // waiting for a connection when the postmaster died: it then succeeds, and no 503 is
        // owed. Anything else means the outage went unseen.
        let first = after_kill.first().expect("answers after the kill");
        assert_eq!(first.status, 200, "the outage was seen or waited out");
        eprintln!(
            "the outage fitted inside one request's wait ({:?})",
            first.took
        );
    }
    for (i, answer) in down.iter().enumerate() {
        // The writer sends one request at a time. The answer in flight when the postmaster
        // died, and on a loaded machine the next one too (sent before the supervisor's task
        // was scheduled to notice the exit), may have waited for a connection: the pool's
        // acquire timeout (3 s) bounds them. Every later one is refused without a wait.
        let limit = if i < 2 {
            Duration::from_millis(3500)
        } else {
            Duration::from_millis(1000)
        };
        assert!(
            answer.took < limit,
            "503 number {i} came quickly, not after a wait for a connection: {:?}",
            answer.took
        );
        assert!(
            answer
                .retry_after
                .as_deref()
                .is_some_and(|v| v.parse::<u32>().is_ok_and(|s| (1..=5).contains(&s))),
            "a 503 says when to try again: {:?}",
            answer.retry_after
        );
    }
    assert!(
        after_kill.iter().filter(|a| a.status == 200).count() > 1,
        "writes went on after the restart"
    );
    let new_postmaster = postmaster_pid(&data_dir);
    assert_ne!(new_postmaster, old_postmaster, "a new postmaster runs");

    // Every acknowledged write is stored: its revision, with its comment.
    let options = PgConnectOptions::new()
        .host(&data_dir.join("run").to_string_lossy())
        .port(5432)
        .username("pilar")
        .database("pilar");
    let mut db = PgConnection::connect_with(&options).await.unwrap();
    for (id, version, comment) in &acknowledged {
        let stored: Option<String> = sqlx::query_scalar(
            "SELECT after->>'comment' FROM observation_revision WHERE observation_id = $1::uuid AND version = $2",
        )
        .bind(id)
        .bind(*version as i32)
        .fetch_optional(&mut db)
        .await
        .unwrap();
        assert_eq!(
            stored.as_deref(),
            Some(comment.as_str()),
            "acknowledged write {comment} of {id} (version {version}) is stored"
        );
    }
    db.close().await.unwrap();
    // The figures docs/reliability.md quotes (`cargo test heal -- --nocapture`).
    eprintln!(
        "heal: served 2xx again {back:?} after the kill; {} answers 503 (slowest {:?}); {} acknowledged writes, all stored",
        down.len(),
        down.iter().map(|a| a.took).max().unwrap_or_default(),
        acknowledged.len()
    );

    // The restarted cluster is the server's: a SIGTERM stops both cleanly.
    let mut server = server;
    signal(&server.child, libc::SIGTERM);
    let status = tokio::task::spawn_blocking(move || {
        let status = server.child.wait().unwrap();
        drop(server);
        status
    })
    .await
    .unwrap();
    assert!(status.success(), "clean exit: {status:?}");
    assert!(
        !postmaster_running(&data_dir),
        "the restarted cluster stopped with the server"
    );
}

/// Records every event that passes a subscriber's filter: its level and target.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<(tracing::Level, String)>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Captured {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        let meta = event.metadata();
        self.0
            .lock()
            .unwrap()
            .push((*meta.level(), meta.target().to_string()));
    }
}

#[tokio::test]
async fn while_the_database_is_down_a_refused_request_logs_one_warning_and_no_error() {
    use tower::ServiceExt;
    use tracing_subscriber::layer::SubscriberExt;
    // The subscriber the server installs (its filter at the default level), for this thread
    // only: the test's runtime runs the whole request on it.
    let captured = Captured::default();
    let subscriber = tracing_subscriber::registry()
        .with(pilar::telemetry::filter("info").unwrap())
        .with(captured.clone());
    let _guard = tracing::subscriber::set_default(subscriber);
    // A database that is never reached: the request must be refused before any connection.
    let pool = sqlx::postgres::PgPoolOptions::new()
        .connect_lazy("postgres://nobody@127.0.0.1:9/none")
        .unwrap();
    let state = pilar::state::AppState::new(
        pool,
        pilar::domain::clock::Clock::Fixed(crate::common::today()),
    );
    state.database.mark_down();
    let router = pilar::app::router(state, Duration::from_secs(5));
    for path in ["/api/v1/me", "/"] {
        captured.0.lock().unwrap().clear();
        let response = router
            .clone()
            .oneshot(
                axum::http::Request::get(path)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), 503, "{path}");
        assert!(response.headers().contains_key("retry-after"));
        let events = captured.0.lock().unwrap().clone();
        let errors: Vec<_> = events
            .iter()
            .filter(|(level, _)| *level == tracing::Level::ERROR)
            .collect();
        assert!(
            errors.is_empty(),
            "{path}: no ERROR per refused request: {errors:?}"
        );
        let warnings = events
            .iter()
            .filter(|(level, _)| *level == tracing::Level::WARN)
            .count();
        assert_eq!(
            warnings, 1,
            "{path}: one warning per refused request: {events:?}"
        );
    }
}
