//! The REST API v1, writing: single observations, batches (all or nothing), If-Match and
//! races, idempotent retries, the review workflow, and the audit trail of every write.

use reqwest::Method;
use serde_json::{Value, json};

use crate::api::{
    call, ce02_q2, get_json, observation_of, pointers, post, problem, scalar, token, written,
};
use crate::common::{Template, TestApp};

fn with(mut item: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        item[k] = v.clone();
    }
    item
}

fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"].to_str().unwrap().to_string()
}

/// Three valid items for DEMO-RKEF-A (periods missing in the demo data).
fn valid_items() -> Vec<Value> {
    vec![
        ce02_q2(),
        json!({"indicator": "CE-07", "period_start": "2026-11-01", "numerator": 12, "denominator": 40, "unit": "%", "data_quality": "calculated"}),
        json!({"indicator": "SK-07", "period_start": "2026-11-01", "period_end": "2026-11-30", "numerator": 1, "denominator": 3.5, "unit": "per 10⁶ h", "data_quality": "estimated", "comment": "November so far", "evidence_url": "https://erp.example.com/hse/2026-11"}),
    ]
}

#[tokio::test]
async fn api_creates_one_observation_and_a_second_for_the_same_period_conflicts() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let response = post(&app, &w, "/api/v1/observations", &ce02_q2()).await;
    assert_eq!(response.status(), 201);
    assert_eq!(etag(&response), "\"1\"");
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/observations/{}", body["id"].as_str().unwrap())
    );
    assert_eq!(body["status"], "submitted");
    assert_eq!(body["period_end"], "2026-06-30");
    assert_eq!(body["period"], "2026-Q2");
    assert_eq!(body["value"], 1.25);
    assert!(body["first_submitted_at"].is_string());
    assert!(
        body["submitted_by"]
            .as_str()
            .unwrap()
            .contains("DEMO-RKEF-A")
    );
    let read = get_json(&app, &w, &location).await;
    assert_eq!(read["id"], body["id"]);

    let again = problem(
        post(&app, &w, "/api/v1/observations", &ce02_q2()).await,
        409,
    )
    .await;
    assert!(
        again["detail"]
            .as_str()
            .unwrap()
            .contains("already reported")
    );
    // The revision and the audit entry were written with the observation.
    let revisions = get_json(&app, &w, &format!("{location}/revisions")).await;
    assert_eq!(revisions.as_array().unwrap().len(), 1);
    assert_eq!(revisions[0]["action"], "create");
    assert!(revisions[0]["before"].is_null());
    assert_eq!(revisions[0]["after"]["status"], "submitted");
    let (kind, label): (String, String) = sqlx::query_as(
        "SELECT actor_kind, actor_label FROM audit_event WHERE entity = 'observation' AND entity_id = $1 AND action = 'create'",
    )
    .bind(body["id"].as_str().unwrap())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(kind, "token");
    assert!(label.contains("DEMO-RKEF-A"));
}

#[tokio::test]
async fn api_updates_need_the_current_version_and_keep_every_revision() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let draft = with(ce02_q2(), json!({"status": "draft"}));
    let created = post(&app, &w, "/api/v1/observations", &draft).await;
    let path = created.headers()["location"].to_str().unwrap().to_string();
    let v1 = etag(&created);

    let change = with(
        draft.clone(),
        json!({"value": 1.5, "reason": "meter recalibrated"}),
    );
    let missing = call(&app, Method::PUT, &path, &w, &[], Some(&change)).await;
    problem(missing, 428).await;
    // `*` names no version: a change must say which one it was made from (the document's
    // pattern for this header leaves `*` out).
    let any = call(
        &app,
        Method::PUT,
        &path,
        &w,
        &[("if-match", "*")],
        Some(&change),
    )
    .await;
    problem(any, 428).await;
    let updated = call(
        &app,
        Method::PUT,
        &path,
        &w,
        &[("if-match", v1.as_str())],
        Some(&change),
    )
    .await;
    assert_eq!(updated.status(), 200);
    assert_eq!(etag(&updated), "\"2\"");
    let body: Value = updated.json().await.unwrap();
    assert_eq!(
        (body["value"].as_f64(), body["status"].as_str()),
        (Some(1.5), Some("draft"))
    );
    // The version read first is stale now.
    let stale = problem(
        call(
            &app,
            Method::PUT,
            &path,
            &w,
            &[("if-match", v1.as_str())],
            Some(&change),
        )
        .await,
        412,
    )
    .await;
    assert!(stale["detail"].as_str().unwrap().contains("version 2"));
    // The indicator and period of an observation cannot change.
    let moved = with(change.clone(), json!({"period_start": "2026-07-01"}));
    let body = problem(
        call(
            &app,
            Method::PUT,
            &path,
            &w,
            &[("if-match", "\"2\"")],
            Some(&moved),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/period_start"]);
    // Submitting through the update.
    let submit = with(change, json!({"status": "submitted"}));
    let submitted = call(
        &app,
        Method::PUT,
        &path,
        &w,
        &[("if-match", "W/\"2\"")],
        Some(&submit),
    )
    .await;
    assert_eq!(submitted.status(), 200);
    let revisions = get_json(&app, &w, &format!("{path}/revisions")).await;
    let actions: Vec<&str> = revisions
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update", "submit"]);
    assert_eq!(revisions[1]["reason"], "meter recalibrated");
    assert_eq!(revisions[1]["before"]["value"], 1.25);
    assert_eq!(revisions[1]["after"]["value"], 1.5);
    // Submitted: awaiting review, not editable by the tenant.
    let locked = problem(
        call(
            &app,
            Method::PUT,
            &path,
            &w,
            &[("if-match", "\"3\"")],
            Some(&submit),
        )
        .await,
        409,
    )
    .await;
    assert!(locked["detail"].as_str().unwrap().contains("awaits review"));
}

#[tokio::test]
async fn api_two_concurrent_updates_of_one_version_exactly_one_wins() {
    let app = TestApp::spawn(Template::Demo).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    for round in 0..5 {
        let item = json!({"indicator": "SK-07", "period_start": format!("2026-{:02}-01", 11 - round), "numerator": 1, "denominator": 2, "unit": "per 10⁶ h", "data_quality": "measured", "status": "draft"});
        let path = match round {
            0 => {
                let created = post(&app, &w, "/api/v1/observations", &item).await;
                assert_eq!(created.status(), 201);
                created.headers()["location"].to_str().unwrap().to_string()
            }
            _ => {
                // Earlier months exist in the demo data: change the existing draft or returned one.
                let id: Option<String> = sqlx::query_scalar(
                    "SELECT o.id::text FROM observation o JOIN indicator i ON i.id = o.indicator_id
                       JOIN organisation g ON g.id = o.organisation_id
                      WHERE g.code = 'DEMO-RKEF-A' AND i.code = 'SK-07' AND o.status IN ('draft', 'returned')
                        AND o.period_start = $1::date",
                )
                .bind(item["period_start"].as_str().unwrap())
                .fetch_optional(&app.pool)
                .await
                .unwrap();
                match id {
                    Some(id) => format!("/api/v1/observations/{id}"),
                    None => continue,
                }
            }
        };
        let current = crate::api::get(&app, &w, &path).await;
        let version = etag(&current);
        let a = with(item.clone(), json!({"numerator": 1.1}));
        let b = with(item.clone(), json!({"numerator": 1.2}));
        let headers = [("if-match", version.as_str())];
        let (ra, rb) = tokio::join!(
            call(&app, Method::PUT, &path, &w, &headers, Some(&a)),
            call(&app, Method::PUT, &path, &w, &headers, Some(&b)),
        );
        let mut statuses = [ra.status().as_u16(), rb.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 412], "round {round}");
        let after = get_json(&app, &w, &path).await;
        let expected: i64 = version.trim_matches('"').parse::<i64>().unwrap() + 1;
        assert_eq!(after["version"], expected, "exactly one change applied");
    }
}

#[tokio::test]
async fn api_a_batch_with_invalid_items_stores_nothing_and_lists_every_one() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let before = written(&app).await;
    let mut items = valid_items();
    items.push(json!({"indicator": "CE-07", "period_start": "2026-10-01", "numerator": 50, "denominator": 40, "unit": "%", "data_quality": "measured", "version": 1}));
    items.push(json!({"indicator": "CE-92", "period_start": "2026-04-01", "value": "many", "unit": "Mt CO2e", "data_quality": "measured"}));
    items.push(with(ce02_q2(), json!({"period_start": "2027-01-01"})));
    items.push(json!({"indicator": "SK-02", "period_start": "2026-07-01", "value": 3.5, "unit": "persons", "data_quality": "sometimes", "evidence_url": "file:///etc/passwd"}));
    items.push(ce02_q2());
    let body = problem(
        post(
            &app,
            &w,
            "/api/v1/observations/batch",
            &json!({"items": items}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(
        pointers(&body),
        [
            "/items/3/numerator",
            "/items/4/value",
            "/items/5/period_start",
            "/items/6/value",
            "/items/6/data_quality",
            "/items/6/evidence_url",
            "/items/7/period_start",
        ]
    );
    assert!(
        body["errors"][6]["message"]
            .as_str()
            .unwrap()
            .contains("Item 0 already reports")
    );
    assert_eq!(written(&app).await, before, "nothing stored");

    // A batch of the wrong shape.
    for (bad, pointer) in [
        (json!([]), ""),
        (json!({"records": []}), "/records"),
        (json!({"items": "all"}), "/items"),
        (json!({"items": []}), "/items"),
    ] {
        let body = problem(
            post(&app, &w, "/api/v1/observations/batch", &bad).await,
            422,
        )
        .await;
        assert_eq!(pointers(&body), [pointer], "{bad}");
    }
    let too_many: Vec<Value> = (0..1001).map(|_| ce02_q2()).collect();
    let body = problem(
        post(
            &app,
            &w,
            "/api/v1/observations/batch",
            &json!({"items": too_many}),
        )
        .await,
        422,
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("1 to 1000"));
    assert_eq!(written(&app).await, before, "nothing stored");
}

#[tokio::test]
async fn api_a_batch_creates_and_changes_observations_with_revisions_and_one_audit_entry() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let (returned, version): (String, i32) = sqlx::query_as(
        "SELECT o.id::text, o.version FROM observation o JOIN indicator i ON i.id = o.indicator_id
           JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' AND i.code = 'CE-07' AND o.status = 'returned'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let start: String =
        sqlx::query_scalar("SELECT period_start::text FROM observation WHERE id = $1::uuid")
            .bind(&returned)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let (observations, revisions, _) = written(&app).await;
    let mut items = valid_items();
    items.push(json!({"indicator": "CE-07", "period_start": start, "numerator": 30, "denominator": 40, "unit": "%", "data_quality": "measured", "status": "submitted", "version": version, "reason": "evidence attached"}));
    let response = post(
        &app,
        &w,
        "/api/v1/observations/batch",
        &json!({"items": items}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (body["created"].as_u64(), body["updated"].as_u64()),
        (Some(3), Some(1))
    );
    let results = body["items"].as_array().unwrap();
    assert_eq!(
        results
            .iter()
            .map(|r| r["index"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
    assert_eq!(results[3]["id"], returned.as_str());
    assert_eq!(results[3]["version"], version + 1);
    assert_eq!(results[3]["status"], "submitted");
    assert_eq!(results[1]["status"], "draft");
    assert_eq!(results[2]["period_end"], "2026-11-30");

    let (observations_after, revisions_after, _) = written(&app).await;
    assert_eq!(observations_after, observations + 3);
    assert_eq!(revisions_after, revisions + 4);
    let audit: Value = sqlx::query_scalar(
        "SELECT after FROM audit_event WHERE action = 'save_batch' AND actor_kind = 'token'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audit["created"], 3);
    assert_eq!(audit["changed"], 1);
    assert_eq!(audit["observations"].as_array().unwrap().len(), 4);
    let stored = get_json(&app, &w, &format!("/api/v1/observations/{returned}")).await;
    assert_eq!(stored["numerator"], 30.0);
    assert_eq!(stored["status"], "submitted");
    let sk07 = get_json(
        &app,
        &w,
        &format!(
            "/api/v1/observations/{}",
            results[2]["id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(sk07["evidence_url"], "https://erp.example.com/hse/2026-11");
    assert_eq!(sk07["comment"], "November so far");
    assert_eq!(sk07["data_quality"], "estimated");
}

#[tokio::test]
async fn api_batch_items_that_conflict_or_are_stale_store_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let (approved_start, approved_version): (String, i32) = sqlx::query_as(
        "SELECT o.period_start::text, o.version FROM observation o JOIN indicator i ON i.id = o.indicator_id
           JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' AND i.code = 'CE-07' AND o.status = 'approved' ORDER BY o.period_start LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (draft_start, draft_version): (String, i32) = sqlx::query_as(
        "SELECT o.period_start::text, o.version FROM observation o JOIN indicator i ON i.id = o.indicator_id
           JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' AND i.code = 'SK-07' AND o.status = 'draft'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let before = written(&app).await;
    let approved = json!({"indicator": "CE-07", "period_start": approved_start, "numerator": 1, "denominator": 2, "unit": "%", "data_quality": "measured", "version": approved_version});
    let exists_without_version = json!({"indicator": "SK-07", "period_start": draft_start, "numerator": 1, "denominator": 2, "unit": "per 10⁶ h", "data_quality": "measured"});
    let items = json!({"items": [ce02_q2(), approved, exists_without_version]});
    let body = problem(
        post(&app, &w, "/api/v1/observations/batch", &items).await,
        409,
    )
    .await;
    assert_eq!(pointers(&body), ["/items/1", "/items/2/version"]);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("reopen")
    );
    assert_eq!(written(&app).await, before);

    let stale = json!({"indicator": "SK-07", "period_start": draft_start, "numerator": 1, "denominator": 2, "unit": "per 10⁶ h", "data_quality": "measured", "version": draft_version + 1});
    let ghost = with(
        ce02_q2(),
        json!({"period_start": "2026-10-01", "status": "draft", "version": 1}),
    );
    let body = problem(
        post(
            &app,
            &w,
            "/api/v1/observations/batch",
            &json!({"items": [ce02_q2(), stale, ghost]}),
        )
        .await,
        412,
    )
    .await;
    assert_eq!(pointers(&body), ["/items/1/version", "/items/2/version"]);
    assert_eq!(written(&app).await, before);
}

#[tokio::test]
async fn api_an_idempotent_retry_replays_the_first_answer_and_stores_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let batch = json!({"items": valid_items()});
    let key = [("idempotency-key", "erp-2026-11-upload-1")];
    let first = call(
        &app,
        Method::POST,
        "/api/v1/observations/batch",
        &w,
        &key,
        Some(&batch),
    )
    .await;
    assert_eq!(first.status(), 200);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let after_first = written(&app).await;

    // The same body, differently formatted: the same request.
    let reformatted = serde_json::to_string_pretty(&batch).unwrap();
    let retry = app
        .client
        .post(app.url("/api/v1/observations/batch"))
        .bearer_auth(&w)
        .header("idempotency-key", "erp-2026-11-upload-1")
        .header("content-type", "application/json")
        .body(reformatted)
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), 200);
    assert_eq!(retry.headers()["idempotent-replayed"], "true");
    let replayed: Value = retry.json().await.unwrap();
    assert_eq!(replayed, first);
    assert_eq!(written(&app).await, after_first, "nothing stored again");

    // Single writes replay their status and headers too.
    let single = [("idempotency-key", "single-1")];
    let item = with(
        ce02_q2(),
        json!({"period_start": "2026-10-01", "status": "draft"}),
    );
    let created = call(
        &app,
        Method::POST,
        "/api/v1/observations",
        &w,
        &single,
        Some(&item),
    )
    .await;
    assert_eq!(created.status(), 201);
    let again = call(
        &app,
        Method::POST,
        "/api/v1/observations",
        &w,
        &single,
        Some(&item),
    )
    .await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["etag"], "\"1\"");
    assert!(again.headers().contains_key("location"));
    // Keys are per organisation: another organisation's same key is its own.
    let other = token(&app, "DEMO-HPAL-B", "write").await;
    let theirs = call(
        &app,
        Method::POST,
        "/api/v1/observations",
        &other,
        &single,
        Some(&item),
    )
    .await;
    assert_ne!(
        theirs
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.to_str().unwrap()),
        Some("true")
    );
}

#[tokio::test]
async fn api_an_idempotency_key_reused_for_another_request_is_refused() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let key = [("idempotency-key", "upload-42")];
    let first = call(
        &app,
        Method::POST,
        "/api/v1/observations",
        &w,
        &key,
        Some(&ce02_q2()),
    )
    .await;
    assert_eq!(first.status(), 201);
    let before = written(&app).await;
    let other = with(
        ce02_q2(),
        json!({"period_start": "2026-10-01", "status": "draft"}),
    );
    let body = problem(
        call(
            &app,
            Method::POST,
            "/api/v1/observations",
            &w,
            &key,
            Some(&other),
        )
        .await,
        422,
    )
    .await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("different request")
    );
    assert_eq!(written(&app).await, before);

    // A refused request stores no key: fixed, it goes through with the same key.
    let key = [("idempotency-key", "upload-43")];
    let invalid = with(other.clone(), json!({"unit": "kt"}));
    problem(
        call(
            &app,
            Method::POST,
            "/api/v1/observations",
            &w,
            &key,
            Some(&invalid),
        )
        .await,
        422,
    )
    .await;
    let fixed = call(
        &app,
        Method::POST,
        "/api/v1/observations",
        &w,
        &key,
        Some(&other),
    )
    .await;
    assert_eq!(fixed.status(), 201);
    // Keys older than the retention window are forgotten.
    // (Expiry is the server's clock's, never the database's now().)
    sqlx::query("UPDATE idempotency_key SET created_at = $1 WHERE key = 'upload-42'")
        .bind(crate::common::now() - chrono::Duration::hours(25))
        .execute(&app.pool)
        .await
        .unwrap();
    let reused = call(
        &app,
        Method::POST,
        "/api/v1/observations",
        &w,
        &[("idempotency-key", "upload-42")],
        Some(&ce02_q2()),
    )
    .await;
    assert_eq!(
        reused.status(),
        409,
        "a new request, not a replay: the Q2 figure the first one made exists already"
    );
}

#[tokio::test]
async fn api_concurrent_copies_of_one_request_write_once() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let batch = json!({"items": valid_items()});
    let key = [("idempotency-key", "twice-at-once")];
    let before = written(&app).await;
    let (a, b, c) = tokio::join!(
        call(
            &app,
            Method::POST,
            "/api/v1/observations/batch",
            &w,
            &key,
            Some(&batch)
        ),
        call(
            &app,
            Method::POST,
            "/api/v1/observations/batch",
            &w,
            &key,
            Some(&batch)
        ),
        call(
            &app,
            Method::POST,
            "/api/v1/observations/batch",
            &w,
            &key,
            Some(&batch)
        ),
    );
    let replays = [&a, &b, &c]
        .iter()
        .filter(|r| r.headers().get("idempotent-replayed").is_some())
        .count();
    assert_eq!([a.status(), b.status(), c.status()], [200, 200, 200]);
    assert_eq!(replays, 2);
    let bodies = [
        a.json::<Value>().await.unwrap(),
        b.json::<Value>().await.unwrap(),
        c.json::<Value>().await.unwrap(),
    ];
    assert!(bodies.iter().all(|body| *body == bodies[0]));
    let after = written(&app).await;
    assert_eq!(after.0, before.0 + 3);
    assert_eq!(after.1, before.1 + 3);
    assert_eq!(after.2, before.2 + 1);
}

#[tokio::test]
async fn api_a_draft_is_submitted_once_its_period_has_ended() {
    let app = TestApp::spawn(Template::Demo).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let running = json!({"indicator": "CE-07", "period_start": "2026-11-01", "numerator": 1, "denominator": 4, "unit": "%", "data_quality": "measured"});
    let body = problem(
        post(
            &app,
            &w,
            "/api/v1/observations",
            &with(running.clone(), json!({"status": "submitted"})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/status"]);
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("still running")
    );
    let created = post(&app, &w, "/api/v1/observations", &running).await;
    let path = created.headers()["location"].to_str().unwrap().to_string();
    problem(
        call(&app, Method::POST, &format!("{path}/submit"), &w, &[], None).await,
        409,
    )
    .await;
    let future = with(running, json!({"period_start": "2026-12-01"}));
    let body = problem(post(&app, &w, "/api/v1/observations", &future).await, 422).await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("future")
    );

    let (draft, version) = observation_of(&app, "DEMO-RKEF-A", "draft").await;
    let submitted = call(
        &app,
        Method::POST,
        &format!("/api/v1/observations/{draft}/submit"),
        &w,
        &[("if-match", format!("\"{version}\"").as_str())],
        None,
    )
    .await;
    assert_eq!(submitted.status(), 200);
    assert_eq!(etag(&submitted), format!("\"{}\"", version + 1));
    let body: Value = submitted.json().await.unwrap();
    assert_eq!(body["status"], "submitted");
}

#[tokio::test]
async fn api_a_month_of_review_return_correct_resubmit_approve_and_reopen() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let tenant = token(&app, "DEMO-RKEF-A", "write").await;
    let manager = token(&app, "UNIDO", "write").await;
    assert_eq!(
        get_json(&app, &manager, "/api/v1/me").await["manager"],
        true
    );

    let created = post(&app, &tenant, "/api/v1/observations", &ce02_q2()).await;
    let path = created.headers()["location"].to_str().unwrap().to_string();
    // The manager sees it, and returns it with a note (a note is required).
    let seen = get_json(&app, &manager, &path).await;
    assert_eq!(seen["organisation"], "DEMO-RKEF-A");
    let body = problem(
        call(
            &app,
            Method::POST,
            &format!("{path}/return"),
            &manager,
            &[("if-match", "\"1\"")],
            Some(&json!({})),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/note"]);
    let returned = call(
        &app,
        Method::POST,
        &format!("{path}/return"),
        &manager,
        &[("if-match", "\"1\"")],
        Some(&json!({"note": "Q2 emissions look low: include the captive power plant"})),
    )
    .await;
    assert_eq!(returned.status(), 200);
    // The tenant finds the return among what is due, with the note and the version to send.
    let due = get_json(&app, &tenant, "/api/v1/assignments?outstanding=true").await;
    let report = due["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["indicator"] == "CE-92")
        .unwrap()["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["period"] == "2026-Q2")
        .unwrap()
        .clone();
    assert_eq!(report["state"], "returned");
    assert!(
        report["review_note"]
            .as_str()
            .unwrap()
            .contains("captive power")
    );
    let version = format!("\"{}\"", report["version"]);
    // Correct and resubmit.
    let corrected = with(
        ce02_q2(),
        json!({"value": 1.75, "reason": "captive power plant included"}),
    );
    let resubmitted = call(
        &app,
        Method::PUT,
        &path,
        &tenant,
        &[("if-match", version.as_str())],
        Some(&corrected),
    )
    .await;
    assert_eq!(resubmitted.status(), 200);
    let v3 = etag(&resubmitted);
    // A tenant does not review.
    problem(
        call(
            &app,
            Method::POST,
            &format!("{path}/approve"),
            &tenant,
            &[],
            None,
        )
        .await,
        403,
    )
    .await;
    // Approving a stale version fails; the current one succeeds.
    problem(
        call(
            &app,
            Method::POST,
            &format!("{path}/approve"),
            &manager,
            &[("if-match", "\"2\"")],
            None,
        )
        .await,
        412,
    )
    .await;
    let approved = call(
        &app,
        Method::POST,
        &format!("{path}/approve"),
        &manager,
        &[("if-match", v3.as_str())],
        None,
    )
    .await;
    assert_eq!(approved.status(), 200);
    let body: Value = approved.json().await.unwrap();
    assert_eq!(body["status"], "approved");
    assert!(body["reviewed_by"].as_str().unwrap().contains("UNIDO"));
    // Approved: locked for the tenant, with how to get it reopened.
    let locked = problem(
        call(
            &app,
            Method::PUT,
            &path,
            &tenant,
            &[("if-match", "\"4\"")],
            Some(&corrected),
        )
        .await,
        409,
    )
    .await;
    assert!(locked["detail"].as_str().unwrap().contains("reopen"));
    problem(
        call(
            &app,
            Method::POST,
            &format!("{path}/approve"),
            &manager,
            &[],
            None,
        )
        .await,
        409,
    )
    .await;
    // Reopening needs a reason, and sends it back as returned.
    problem(
        call(
            &app,
            Method::POST,
            &format!("{path}/reopen"),
            &manager,
            &[],
            None,
        )
        .await,
        422,
    )
    .await;
    let reopened = call(
        &app,
        Method::POST,
        &format!("{path}/reopen"),
        &manager,
        &[("if-match", "\"4\"")],
        Some(&json!({"reason": "verifier found a double count"})),
    )
    .await;
    assert_eq!(reopened.status(), 200);
    let body: Value = reopened.json().await.unwrap();
    assert_eq!(body["status"], "returned");
    assert_eq!(body["review_note"], "verifier found a double count");
    // The reopening reason is the reviewers' own (issue 11): the tenant sees the report
    // returned, its history without the reason; the manager's token reads both.
    let own = get_json(&app, &tenant, &path).await;
    assert_eq!(own["status"], "returned");
    assert_eq!(own["review_note"], Value::Null);
    let history = get_json(&app, &tenant, &format!("{path}/revisions")).await;
    assert_eq!(history[4]["reason"], Value::Null);
    assert!(!history.to_string().contains("double count"));
    let history = get_json(&app, &manager, &format!("{path}/revisions")).await;
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "return", "submit", "approve", "reopen"]);
    assert_eq!(history[4]["reason"], "verifier found a double count");
    let audited = scalar(&app, "SELECT count(*) FROM audit_event WHERE entity = 'observation' AND action IN ('return', 'approve', 'reopen') AND actor_label LIKE '%UNIDO%'").await;
    assert_eq!(audited, 3);
}

#[tokio::test]
async fn api_nobody_reviews_their_own_organisations_report() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    // UNIDO (a managing organisation) is assigned an indicator and reports it.
    sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, g.id, '2026-01-01' FROM indicator i, organisation g WHERE i.code = 'CE-92' AND g.code = 'UNIDO'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let reporter = token(&app, "UNIDO", "write").await;
    let colleague = token(&app, "UNIDO", "write").await;
    let created = post(&app, &reporter, "/api/v1/observations", &ce02_q2()).await;
    assert_eq!(created.status(), 201);
    let path = created.headers()["location"].to_str().unwrap().to_string();
    for who in [&reporter, &colleague] {
        let body = problem(
            call(
                &app,
                Method::POST,
                &format!("{path}/approve"),
                who,
                &[],
                None,
            )
            .await,
            403,
        )
        .await;
        assert!(
            body["detail"]
                .as_str()
                .unwrap()
                .contains("own organisation")
        );
    }
    // The park operator's office (a managing organisation too) may.
    let iwip = token(&app, "IWIP", "write").await;
    let approved = call(
        &app,
        Method::POST,
        &format!("{path}/approve"),
        &iwip,
        &[],
        Some(&json!({"note": "checked against the PROPER report"})),
    )
    .await;
    assert_eq!(approved.status(), 200);
    let body: Value = approved.json().await.unwrap();
    assert_eq!(body["review_note"], "checked against the PROPER report");
    // A read token of a manager cannot review.
    let reader = token(&app, "UNIDO", "read").await;
    let (submitted, _) = observation_of(&app, "DEMO-HPAL-B", "submitted").await;
    problem(
        call(
            &app,
            Method::POST,
            &format!("/api/v1/observations/{submitted}/approve"),
            &reader,
            &[],
            None,
        )
        .await,
        403,
    )
    .await;
}

#[tokio::test]
async fn api_two_concurrent_batches_of_the_same_new_observations_store_them_once() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let before = written(&app).await;
    // The same figures in opposite orders, at once: one batch wins whole, the other is told
    // to retry (409) and stores nothing; no deadlock, no half batch.
    let items = valid_items();
    let reversed: Vec<Value> = items.iter().rev().cloned().collect();
    let (first, second) = (json!({"items": items}), json!({"items": reversed}));
    let (a, b) = tokio::join!(
        post(&app, &w, "/api/v1/observations/batch", &first),
        post(&app, &w, "/api/v1/observations/batch", &second),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    let loser = if a.status() == 409 { a } else { b };
    problem(loser, 409).await;
    let after = written(&app).await;
    assert_eq!(after.0, before.0 + 3);
    assert_eq!(after.1, before.1 + 3);
    assert_eq!(after.2, before.2 + 1);
}
