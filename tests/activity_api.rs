//! Activity data of the GHG inventory through the API: a batch write that is all or nothing
//! and safe to retry with an `Idempotency-Key`, changes at the version read, and a read that
//! keeps each tenant to its own organisation's rows while a manager reads everyone's.

use reqwest::Method;
use serde_json::{Value, json};

use crate::api::{call, get_json, problem, token};
use crate::common::{Template, TestApp};

const BATCH: &str = "/api/v1/ghg/activity/batch";

fn diesel(litres: f64) -> Value {
    json!({"month": "2026-11-01", "kind": "fuel_use", "fuel": "diesel", "unit": "l",
           "quantity": litres, "comment": "haul trucks"})
}

fn nickel(tonnes: f64) -> Value {
    json!({"month": "2026-11-01", "kind": "production", "quantity": tonnes, "status": "submitted"})
}

async fn rows_of(app: &TestApp, organisation: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM activity_record a JOIN organisation o ON o.id = a.organisation_id
          WHERE o.code = $1",
    )
    .bind(organisation)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn send(app: &TestApp, token: &str, key: Option<&str>, body: &Value) -> reqwest::Response {
    let headers: Vec<(&str, &str)> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
    call(app, Method::POST, BATCH, token, &headers, Some(body)).await
}

#[tokio::test]
async fn a_batch_of_activity_rows_is_stored_once_however_often_it_is_sent() {
    let app = TestApp::spawn(Template::Demo).await;
    let writer = token(&app, "DEMO-RKEF-A", "write").await;
    let before = rows_of(&app, "DEMO-RKEF-A").await;
    let body = json!({"items": [diesel(100_000.0), nickel(600.0)]});
    let first = send(&app, &writer, Some("erp-2026-11"), &body).await;
    assert_eq!(first.status(), 200);
    let stored: Value = first.json().await.unwrap();
    assert_eq!(
        (stored["created"].clone(), stored["updated"].clone()),
        (json!(2), json!(0))
    );
    assert_eq!(stored["items"][0]["status"], "draft");
    assert_eq!(stored["items"][1]["status"], "submitted");
    assert_eq!(rows_of(&app, "DEMO-RKEF-A").await, before + 2);
    // The retry replays the first answer and stores nothing more.
    let again = send(&app, &writer, Some("erp-2026-11"), &body).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), stored);
    assert_eq!(rows_of(&app, "DEMO-RKEF-A").await, before + 2);
    // Each write is audited with a revision.
    let id = stored["items"][0]["id"].as_str().unwrap().to_string();
    let (revisions, audited): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM activity_revision WHERE activity_id = $1::uuid),
                (SELECT count(*) FROM audit_event WHERE entity = 'activity_record' AND entity_id = $1)",
    )
    .bind(&id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((revisions, audited), (1, 1));

    // A change at the version read; a stale version is refused.
    let change = json!({"items": [{"id": id, "version": 1, "month": "2026-11-01", "kind": "fuel_use",
        "fuel": "diesel", "unit": "l", "quantity": 120_000.0}]});
    let changed = send(&app, &writer, None, &change).await;
    assert_eq!(changed.status(), 200);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(changed["updated"], 1);
    assert_eq!(changed["items"][0]["version"], 2);
    problem(send(&app, &writer, None, &change).await, 412).await;
    let quantity: f64 =
        sqlx::query_scalar("SELECT quantity FROM activity_record WHERE id = $1::uuid")
            .bind(&id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(quantity, 120_000.0);
}

#[tokio::test]
async fn an_invalid_item_stores_nothing_and_every_problem_is_named() {
    let app = TestApp::spawn(Template::Demo).await;
    let writer = token(&app, "DEMO-RKEF-A", "write").await;
    let before = rows_of(&app, "DEMO-RKEF-A").await;
    let mut future = diesel(10.0);
    future["month"] = json!("2031-01-01");
    let mut unknown = nickel(5.0);
    unknown["colour"] = json!("red");
    let body = json!({"items": [diesel(10.0), future, unknown, {"kind": "fuel_use", "id": "x"}]});
    let refused = problem(send(&app, &writer, None, &body).await, 422).await;
    let pointers: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert!(pointers.contains(&"/items/1/month"), "{refused}");
    assert!(
        pointers.iter().any(|p| p.starts_with("/items/2")),
        "{refused}"
    );
    assert!(pointers.contains(&"/items/3/id"), "{refused}");
    assert!(
        !pointers.iter().any(|p| p.starts_with("/items/0")),
        "{refused}"
    );
    assert_eq!(rows_of(&app, "DEMO-RKEF-A").await, before, "nothing stored");
    // No items, or more than the batch holds.
    problem(send(&app, &writer, None, &json!({"items": []})).await, 422).await;
}

#[tokio::test]
async fn activity_rows_are_read_and_written_by_their_own_organisation_only() {
    let app = TestApp::spawn(Template::Demo).await;
    let tenant = token(&app, "DEMO-RKEF-A", "write").await;
    let reader = token(&app, "DEMO-RKEF-A", "read").await;
    let manager = token(&app, "UNIDO", "read").await;

    // A tenant reads its own rows only, even when it names another organisation.
    let own = get_json(&app, &reader, "/api/v1/ghg/activity").await;
    let own = own.as_array().unwrap();
    assert!(!own.is_empty());
    assert!(own.iter().all(|r| r["organisation"] == "DEMO-RKEF-A"));
    assert_eq!(own.len() as i64, rows_of(&app, "DEMO-RKEF-A").await);
    problem(
        crate::api::get(
            &app,
            &reader,
            "/api/v1/ghg/activity?organisation=DEMO-POWER-C",
        )
        .await,
        404,
    )
    .await;
    // A manager reads everyone's, or one organisation's.
    let all = get_json(&app, &manager, "/api/v1/ghg/activity").await;
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM activity_record")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len() as i64, total);
    let power = get_json(
        &app,
        &manager,
        "/api/v1/ghg/activity?organisation=DEMO-POWER-C",
    )
    .await;
    let power = power.as_array().unwrap();
    assert!(!power.is_empty());
    assert!(power.iter().all(|r| r["organisation"] == "DEMO-POWER-C"));
    // A month range.
    let october = get_json(
        &app,
        &manager,
        "/api/v1/ghg/activity?from=2026-10-01&to=2026-10-01",
    )
    .await;
    assert!(
        october
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["month"] == "2026-10-01")
    );
    problem(
        crate::api::get(&app, &manager, "/api/v1/ghg/activity?from=soon").await,
        400,
    )
    .await;

    // A tenant cannot change another organisation's row: it is not found, and unchanged.
    let (peer, version): (uuid::Uuid, i32) = sqlx::query_as(
        "SELECT a.id, a.version FROM activity_record a JOIN organisation o ON o.id = a.organisation_id
          WHERE o.code <> 'DEMO-RKEF-A' ORDER BY a.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let body = json!({"items": [{"id": peer, "version": version, "month": "2026-10-01",
        "kind": "production", "quantity": 1.0}]});
    problem(send(&app, &tenant, None, &body).await, 404).await;
    let after: i32 = sqlx::query_scalar("SELECT version FROM activity_record WHERE id = $1")
        .bind(peer)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(after, version);
    // A read token writes nothing.
    problem(
        send(&app, &reader, None, &json!({"items": [nickel(1.0)]})).await,
        403,
    )
    .await;
}
