//! The REST API v1, reading: the program's structure, what is due, observations (filters,
//! cursor pagination under concurrent inserts), series with the privacy rule, tenant
//! isolation, and every error class. Helpers for the other `api_*` modules live here.

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::{Template, TestApp};
use pilar::auth::accounts::{self, TokenInput};
use pilar::domain::{Actor, AuditOrigin};

// --- helpers ------------------------------------------------------------------------------

/// Issues a token for an organisation (`read` or `write`).
pub async fn token(app: &TestApp, organisation: &str, scope: &str) -> String {
    accounts::create_token(
        &app.pool,
        &Actor::System {
            label: "test".into(),
        },
        &AuditOrigin::default(),
        crate::common::today(),
        TokenInput {
            organisation_code: organisation.into(),
            name: format!("{organisation} {scope} {}", uuid::Uuid::new_v4()),
            scope: scope.into(),
            expires_on: None,
            verifier_email: None,
        },
    )
    .await
    .expect("token issued")
    .secret
}

/// A request with a token and optional headers and JSON body.
pub async fn call(
    app: &TestApp,
    method: Method,
    path: &str,
    token: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

pub async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    call(app, Method::GET, path, token, &[], None).await
}

pub async fn get_json(app: &TestApp, token: &str, path: &str) -> Value {
    let response = get(app, token, path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.json().await.unwrap()
}

pub async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    call(app, Method::POST, path, token, &[], Some(body)).await
}

/// Asserts a problem+json answer with the status, and returns its body.
pub async fn problem(response: reqwest::Response, status: u16) -> Value {
    let got = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let body: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(got, status, "{body}");
    assert_eq!(
        content_type.as_deref(),
        Some("application/problem+json"),
        "{body}"
    );
    assert_eq!(body["status"], status);
    assert!(body["request_id"].is_string());
    body
}

/// The pointers of a problem's `errors`.
pub fn pointers(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["pointer"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub async fn scalar(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

/// Rows written by reporting: observations, revisions, audit entries.
pub async fn written(app: &TestApp) -> (i64, i64, i64) {
    (
        scalar(app, "SELECT count(*) FROM observation").await,
        scalar(app, "SELECT count(*) FROM observation_revision").await,
        scalar(
            app,
            "SELECT count(*) FROM audit_event WHERE entity = 'observation'",
        )
        .await,
    )
}

/// An observation of an organisation in a given status (the earliest).
pub async fn observation_of(app: &TestApp, organisation: &str, status: &str) -> (String, i32) {
    let (id, version): (uuid::Uuid, i32) = sqlx::query_as(
        "SELECT o.id, o.version FROM observation o JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = $1 AND o.status = $2 ORDER BY o.period_start, o.id LIMIT 1",
    )
    .bind(organisation)
    .bind(status)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    (id.to_string(), version)
}

/// A valid quantity item for DEMO-RKEF-A: the test indicator
/// [`crate::common::REPORTABLE_QUANTITY`] (quarterly, Mt CO2e; add it first with
/// `add_reportable_quantity`), nothing reported for 2026-Q2.
pub fn ce02_q2() -> Value {
    json!({
        "indicator": "CE-92",
        "period_start": "2026-04-01",
        "value": 1.25,
        "unit": "Mt CO2e",
        "data_quality": "measured",
        "status": "submitted"
    })
}

// --- reading the structure ----------------------------------------------------------------

#[tokio::test]
async fn api_reads_the_program_pillars_organisations_and_milestones() {
    let app = TestApp::spawn(Template::Demo).await;
    let t = token(&app, "DEMO-RKEF-A", "read").await;
    let me = get_json(&app, &t, "/api/v1/me").await;
    assert_eq!(me["organisation"], "DEMO-RKEF-A");
    assert_eq!(me["manager"], false);

    let program = get_json(&app, &t, "/api/v1/program").await;
    assert_eq!(program["starts_on"], "2026-01-01");
    assert_eq!(program["ends_on"], "2028-12-31");
    assert_eq!(program["park_code"], "IWIP");
    assert_eq!(program["today"], "2026-11-29");

    let pillars = get_json(&app, &t, "/api/v1/pillars").await;
    let codes: Vec<&str> = pillars
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["CE", "SK", "CM", "SC"]);

    let organisations = get_json(&app, &t, "/api/v1/organisations").await;
    let unido = organisations
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == "UNIDO")
        .unwrap();
    assert!(unido["roles"].as_array().unwrap().contains(&json!("lead")));
    // The directory carries no figures.
    assert!(unido.get("value").is_none());

    let milestones = get_json(&app, &t, "/api/v1/milestones").await;
    assert_eq!(milestones.as_array().unwrap().len(), 15);
    assert!(milestones[0]["effective_status"].is_string());
}

#[tokio::test]
async fn api_indicators_carry_targets_and_what_a_valid_submission_needs() {
    let app = TestApp::spawn(Template::Demo).await;
    let t = token(&app, "DEMO-RKEF-A", "read").await;
    let all = get_json(&app, &t, "/api/v1/indicators").await;
    assert_eq!(all.as_array().unwrap().len(), 33);
    let ce = get_json(&app, &t, "/api/v1/indicators?pillar=CE").await;
    assert!(ce.as_array().unwrap().iter().all(|i| i["pillar"] == "CE"));

    let ce03 = get_json(&app, &t, "/api/v1/indicators/CE-03").await;
    assert_eq!(ce03["kind"], "percentage");
    assert_eq!(ce03["frequency"], "monthly");
    assert_eq!(ce03["unit"], "%");
    assert!(!ce03["targets"].as_array().unwrap().is_empty());
    assert_eq!(
        ce03["submission"]["value_fields"],
        json!(["numerator", "denominator"])
    );
    assert!(
        ce03["submission"]["period_rule"]
            .as_str()
            .unwrap()
            .contains("first day of a month")
    );
    // The guide's example is itself a valid submission.
    let example = ce03["submission"]["example"].clone();
    assert_eq!(example["period_start"], "2026-10-01");
    let sk08 = get_json(&app, &t, "/api/v1/indicators/SK-08").await;
    assert_eq!(sk08["kind"], "milestone");
    assert_eq!(sk08["stage_labels_en"].as_array().unwrap().len(), 5);
    assert_eq!(sk08["submission"]["value_fields"], json!(["stage"]));

    let missing = problem(get(&app, &t, "/api/v1/indicators/XX-99").await, 404).await;
    assert!(missing["detail"].as_str().unwrap().contains("XX-99"));
}

#[tokio::test]
async fn api_assignments_say_what_is_due_and_its_state() {
    let app = TestApp::spawn(Template::Demo).await;
    let t = token(&app, "DEMO-RKEF-A", "read").await;
    let all = get_json(&app, &t, "/api/v1/assignments").await;
    assert_eq!(all["organisation"], "DEMO-RKEF-A");
    assert_eq!(all["grace_days"], 30);
    let assignments = all["assignments"].as_array().unwrap();
    // 24 in the catalogue's demo, less CE-01 and CE-02 (computed from the GHG inventory) and
    // CE-05 (computed from the material ledger).
    assert_eq!(assignments.len(), 21);
    // CE-07 is monthly: January to October 2026 have closed on 29 November.
    let ce07 = assignments
        .iter()
        .find(|a| a["indicator"] == "CE-07")
        .unwrap();
    assert_eq!(ce07["reports"].as_array().unwrap().len(), 10);
    assert_eq!(ce07["current_period"]["period"], "2026-11");
    assert_eq!(ce07["current_period"]["due_on"], "2026-12-30");
    let summary = &all["summary"];
    assert_eq!(
        summary["expected"],
        summary["on_time"].as_i64().unwrap() + summary["late"].as_i64().unwrap()
    );

    // Outstanding only: what needs action, with what is needed to act on it.
    let outstanding = get_json(&app, &t, "/api/v1/assignments?outstanding=true").await;
    let reports: Vec<&Value> = outstanding["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["reports"].as_array().unwrap())
        .collect();
    assert!(!reports.is_empty());
    for report in &reports {
        assert!(["missing", "draft", "returned"].contains(&report["state"].as_str().unwrap()));
        assert_eq!(
            report["observation_id"].is_null(),
            report["state"] == "missing"
        );
    }
    let returned = reports.iter().find(|r| r["state"] == "returned").unwrap();
    assert!(returned["review_note"].is_string());
    assert!(returned["version"].is_i64());
    problem(
        get(&app, &t, "/api/v1/assignments?outstanding=perhaps").await,
        400,
    )
    .await;
}

#[tokio::test]
async fn api_series_withholds_the_park_figure_from_tenants_below_three_contributors() {
    let app = TestApp::spawn(Template::Demo).await;
    // CE-06 has one reporter, the HPAL plant: every park figure is withheld from it (the park
    // figure would be its own under another name, and below three no tenant sees one), with
    // the reason.
    let hpal = token(&app, "DEMO-HPAL-B", "read").await;
    let ce06 = get_json(&app, &hpal, "/api/v1/indicators/CE-06/series").await;
    let periods = ce06["periods"].as_array().unwrap();
    assert!(!periods.is_empty());
    for p in periods {
        assert!(p["park"].is_null(), "{p}");
        let note = p["park_note"].as_str().unwrap();
        assert!(
            note.contains("withheld") || note.contains("no approved figure"),
            "{note}"
        );
        assert!(p["organisations"].is_null());
    }
    assert!(
        periods
            .iter()
            .any(|p| p["park_note"].as_str().unwrap().contains("withheld"))
    );
    assert!(periods.iter().any(|p| p["own"].is_object()));
    assert_eq!(ce06["min_contributors_for_tenants"], 3);

    // SK-02 has eight: the park figure is shown beside the tenant's own.
    let tenant = token(&app, "DEMO-RKEF-A", "read").await;
    let sk02 = get_json(&app, &tenant, "/api/v1/indicators/SK-02/series").await;
    let shown = sk02["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["park"].is_object())
        .unwrap();
    assert!(shown["park"]["contributors"].as_u64().unwrap() >= 3);
    assert!(shown["own"].is_object());
    // Its own figures only: never a peer's.
    let text = sk02.to_string();
    assert!(!text.contains("DEMO-HPAL-B"));

    // A manager's token (UNIDO leads the program) sees every organisation and every park figure.
    let manager = token(&app, "UNIDO", "read").await;
    let ce06 = get_json(
        &app,
        &manager,
        "/api/v1/indicators/CE-06/series?from=2026-01-01&to=2026-06-30",
    )
    .await;
    let first = &ce06["periods"][0];
    assert!(first["park"].is_object());
    assert_eq!(first["organisations"].as_array().unwrap().len(), 1);
    assert!(
        ce06["periods"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["period_end"].as_str().unwrap() <= "2026-06-30")
    );
}

// --- observations: list, read, pagination ---------------------------------------------------

/// Every page of a listing, following `next`.
async fn walk(app: &TestApp, t: &str, first: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut next = Some(first.to_string());
    while let Some(path) = next {
        let response = get(app, t, &path).await;
        assert_eq!(response.status(), 200);
        let link = response
            .headers()
            .get("link")
            .map(|l| l.to_str().unwrap().to_string());
        let page: Value = response.json().await.unwrap();
        next = page["next"].as_str().map(str::to_string);
        assert_eq!(link.is_some(), next.is_some());
        ids.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_str().unwrap().to_string()),
        );
    }
    ids
}

#[tokio::test]
async fn api_observations_are_filtered_and_paginated_with_next_links() {
    let app = TestApp::spawn(Template::Demo).await;
    let t = token(&app, "DEMO-RKEF-A", "read").await;
    let own = scalar(
        &app,
        "SELECT count(*) FROM observation o JOIN organisation g ON g.id = o.organisation_id WHERE g.code = 'DEMO-RKEF-A'",
    )
    .await;
    let ids = walk(&app, &t, "/api/v1/observations?limit=7").await;
    assert_eq!(ids.len() as i64, own);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no observation twice");

    let page = get_json(
        &app,
        &t,
        "/api/v1/observations?indicator=CE-07&status=approved&period_from=2026-03-01&period_to=2026-06-30",
    )
    .await;
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for o in items {
        assert_eq!(o["indicator"], "CE-07");
        assert_eq!(o["status"], "approved");
        assert_eq!(o["organisation"], "DEMO-RKEF-A");
        assert!(o["period_start"].as_str().unwrap() >= "2026-03-01");
        assert!(o["period_end"].as_str().unwrap() <= "2026-06-30");
    }
    // Stable order: by period, then id.
    let starts: Vec<&str> = items
        .iter()
        .map(|o| o["period_start"].as_str().unwrap())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);

    for bad in [
        "/api/v1/observations?cursor=not-a-cursor",
        "/api/v1/observations?limit=0",
        "/api/v1/observations?limit=1001",
        "/api/v1/observations?status=lost",
        "/api/v1/observations?period_from=yesterday",
    ] {
        problem(get(&app, &t, bad).await, 400).await;
    }
}

#[tokio::test]
async fn api_pagination_neither_skips_nor_repeats_rows_while_new_rows_arrive() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let reader = token(&app, "DEMO-RKEF-A", "read").await;
    let writer = token(&app, "DEMO-RKEF-A", "write").await;
    let before: Vec<String> = sqlx::query_scalar(
        "SELECT o.id::text FROM observation o JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' ORDER BY o.period_start, o.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();

    // Walk page by page; between pages, new observations arrive, some sorting before the
    // cursor (early periods) and some after it (late periods).
    let mut seen = Vec::new();
    let mut next = Some("/api/v1/observations?limit=10".to_string());
    let mut arrivals = [
        json!({"indicator": "CE-92", "period_start": "2026-04-01", "value": 1.0, "unit": "Mt CO2e", "data_quality": "measured"}),
        json!({"indicator": "CE-07", "period_start": "2026-11-01", "numerator": 1, "denominator": 2, "unit": "%", "data_quality": "measured"}),
        json!({"indicator": "SK-07", "period_start": "2026-11-01", "numerator": 1, "denominator": 2, "unit": "per 10⁶ h", "data_quality": "measured"}),
    ]
    .into_iter();
    while let Some(path) = next {
        let page = get_json(&app, &reader, &path).await;
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_str().unwrap().to_string()),
        );
        next = page["next"].as_str().map(str::to_string);
        if let Some(item) = arrivals.next() {
            let response = post(&app, &writer, "/api/v1/observations", &item).await;
            assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "no row repeated");
    for id in &before {
        assert!(
            seen.contains(id),
            "row {id} that existed before was skipped"
        );
    }
}

#[tokio::test]
async fn api_tokens_reach_their_own_organisation_only() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let a = token(&app, "DEMO-RKEF-A", "write").await;
    let (peer, peer_version) = observation_of(&app, "DEMO-HPAL-B", "submitted").await;
    let (peer_returned, _) = observation_of(&app, "DEMO-PCAM-F", "returned").await;
    let before = written(&app).await;
    let etag = format!("\"{peer_version}\"");
    for (method, path) in [
        (Method::GET, format!("/api/v1/observations/{peer}")),
        (
            Method::GET,
            format!("/api/v1/observations/{peer}/revisions"),
        ),
        (
            Method::POST,
            format!("/api/v1/observations/{peer_returned}/submit"),
        ),
        (Method::POST, format!("/api/v1/observations/{peer}/submit")),
    ] {
        let response = call(
            &app,
            method.clone(),
            &path,
            &a,
            &[("if-match", etag.as_str())],
            None,
        )
        .await;
        let body = problem(response, 404).await;
        assert!(!body.to_string().contains("DEMO-HPAL-B"), "{method} {path}");
    }
    let mut item = ce02_q2();
    item["status"] = json!("draft");
    let put = call(
        &app,
        Method::PUT,
        &format!("/api/v1/observations/{peer_returned}"),
        &a,
        &[("if-match", "\"1\"")],
        Some(&item),
    )
    .await;
    problem(put, 404).await;
    // A tenant cannot list another organisation's observations.
    problem(
        get(&app, &a, "/api/v1/observations?organisation=DEMO-HPAL-B").await,
        404,
    )
    .await;
    let own_only = get_json(&app, &a, "/api/v1/observations?limit=1000").await;
    assert!(
        own_only["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["organisation"] == "DEMO-RKEF-A")
    );
    // A tenant reports only its own assignments.
    let assigned_to_a = scalar(&app, "SELECT count(*) FROM assignment a JOIN organisation g ON g.id = a.organisation_id JOIN indicator i ON i.id = a.indicator_id WHERE g.code = 'DEMO-RKEF-A' AND i.code = 'CE-06'").await;
    assert_eq!(assigned_to_a, 0);
    let not_assigned = json!({"indicator": "CE-06", "period_start": "2026-07-01", "numerator": 1, "denominator": 2, "unit": "%", "data_quality": "measured"});
    let body = problem(
        post(&app, &a, "/api/v1/observations", &not_assigned).await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/indicator"]);
    assert_eq!(written(&app).await, before, "nothing changed");
}

/// A draft is its organisation's unfinished work: the program's managers see that it exists
/// (the compliance matrix says "draft"), never its figures, through the API or the review page.
#[tokio::test]
async fn api_and_review_pages_keep_other_organisations_drafts_out_of_managers_reads() {
    let app = TestApp::signed_in(crate::common::DemoUser::Manager).await;
    let (draft, _) = observation_of(&app, "DEMO-RKEF-A", "draft").await;
    let manager = token(&app, "UNIDO", "read").await;
    let owner = token(&app, "DEMO-RKEF-A", "read").await;
    for path in [
        format!("/api/v1/observations/{draft}"),
        format!("/api/v1/observations/{draft}/revisions"),
    ] {
        problem(get(&app, &manager, &path).await, 404).await;
        assert_eq!(get(&app, &owner, &path).await.status(), 200, "{path}");
    }
    let listed = |body: &Value| {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == draft.as_str())
    };
    let query = "/api/v1/observations?organisation=DEMO-RKEF-A&status=draft&limit=1000";
    assert!(!listed(&get_json(&app, &manager, query).await));
    assert!(listed(&get_json(&app, &owner, query).await));
    let everything = get_json(
        &app,
        &manager,
        "/api/v1/observations?status=draft&limit=1000",
    )
    .await;
    assert!(
        everything["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["organisation"] == "UNIDO"),
        "a manager lists only its own organisation's drafts"
    );
    // Nor among the organisations' figures of the indicator's series.
    let code: String = sqlx::query_scalar(
        "SELECT i.code FROM observation o JOIN indicator i ON i.id = o.indicator_id WHERE o.id = $1::uuid",
    )
    .bind(&draft)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let series = get_json(&app, &manager, &format!("/api/v1/indicators/{code}/series")).await;
    let statuses: Vec<&Value> = series["periods"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["organisations"].as_array().unwrap())
        .map(|o| &o["status"])
        .collect();
    assert!(
        !statuses.is_empty(),
        "the series lists organisations' figures"
    );
    assert!(statuses.iter().all(|s| *s != "draft"), "{statuses:?}");
    for path in [
        format!("/review/{draft}"),
        format!("/review/{draft}/history"),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
}

// --- error classes ------------------------------------------------------------------------

#[tokio::test]
async fn api_answers_every_error_class_in_problem_json() {
    let app = TestApp::spawn_with(Template::Demo, |state| {
        state.api_limiter = std::sync::Arc::new(pilar::rate_limit::ApiRateLimiter::new(40));
    })
    .await;
    crate::common::add_reportable_quantity(&app.pool).await;
    let reader = token(&app, "DEMO-RKEF-A", "read").await;
    let writer = token(&app, "DEMO-RKEF-A", "write").await;
    let (draft, draft_version) = observation_of(&app, "DEMO-RKEF-A", "draft").await;
    let before = written(&app).await;

    // 401: no token, a malformed one, an unknown one.
    let none = app
        .client
        .get(app.url("/api/v1/observations"))
        .send()
        .await
        .unwrap();
    assert_eq!(none.headers()["www-authenticate"], "Bearer realm=\"pilar\"");
    problem(none, 401).await;
    problem(get(&app, "nonsense", "/api/v1/observations").await, 401).await;
    // 403: a read token writing.
    let body = problem(
        post(&app, &reader, "/api/v1/observations", &ce02_q2()).await,
        403,
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("write scope"));
    // 404: no such observation, or not an id at all.
    problem(
        get(
            &app,
            &reader,
            &format!("/api/v1/observations/{}", uuid::Uuid::new_v4()),
        )
        .await,
        404,
    )
    .await;
    problem(get(&app, &reader, "/api/v1/observations/42").await, 404).await;
    problem(get(&app, &reader, "/api/v1/nothing-here").await, 404).await;
    // 400: malformed JSON.
    let malformed = app
        .client
        .post(app.url("/api/v1/observations"))
        .bearer_auth(&writer)
        .header("content-type", "application/json")
        .body("{\"indicator\": \"CE-02\",")
        .send()
        .await
        .unwrap();
    let body = problem(malformed, 400).await;
    assert!(body["detail"].as_str().unwrap().contains("not valid JSON"));
    // 415: not declared as JSON.
    let form = app
        .client
        .post(app.url("/api/v1/observations"))
        .bearer_auth(&writer)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("indicator=CE-02")
        .send()
        .await
        .unwrap();
    problem(form, 415).await;
    // 413: over the body limit.
    let huge = format!("{{\"items\": [\"{}\"]}}", "x".repeat(5 * 1024 * 1024));
    let big = app
        .client
        .post(app.url("/api/v1/observations/batch"))
        .bearer_auth(&writer)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    problem(big, 413).await;
    // 422: a field of the wrong type, an unknown field, a rule broken.
    let body = problem(
        post(
            &app,
            &writer,
            "/api/v1/observations",
            &json!({"indicator": "CE-92", "value": "lots"}),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/value"]);
    let body = problem(
        post(
            &app,
            &writer,
            "/api/v1/observations",
            &json!({"indicator": "CE-92", "unit": "Mt CO2e", "colour": "red"}),
        )
        .await,
        422,
    )
    .await;
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("colour")
    );
    let mut wrong = ce02_q2();
    wrong["unit"] = json!("kt CO2e");
    wrong["period_start"] = json!("2026-05-01");
    let body = problem(
        post(&app, &writer, "/api/v1/observations", &wrong).await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/period_start", "/unit"]);
    // 409: submitting an approved observation; the answer says how to get it reopened.
    let (approved, _) = observation_of(&app, "DEMO-RKEF-A", "approved").await;
    let body = problem(
        call(
            &app,
            Method::POST,
            &format!("/api/v1/observations/{approved}/submit"),
            &writer,
            &[],
            None,
        )
        .await,
        409,
    )
    .await;
    assert!(body["detail"].as_str().unwrap().contains("reopen"));
    // 412: a stale If-Match; 428: an update without one.
    let mut change = json!({"indicator": "SK-07", "numerator": 1, "denominator": 2, "unit": "per 10⁶ h", "data_quality": "measured"});
    let draft_start: String =
        sqlx::query_scalar("SELECT period_start::text FROM observation WHERE id = $1::uuid")
            .bind(&draft)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    change["period_start"] = json!(draft_start);
    let stale = format!("\"{}\"", draft_version + 5);
    problem(
        call(
            &app,
            Method::PUT,
            &format!("/api/v1/observations/{draft}"),
            &writer,
            &[("if-match", stale.as_str())],
            Some(&change),
        )
        .await,
        412,
    )
    .await;
    problem(
        call(
            &app,
            Method::PUT,
            &format!("/api/v1/observations/{draft}"),
            &writer,
            &[],
            Some(&change),
        )
        .await,
        428,
    )
    .await;
    problem(
        call(
            &app,
            Method::POST,
            &format!("/api/v1/observations/{draft}/submit"),
            &writer,
            &[("if-match", "\"abc\"")],
            None,
        )
        .await,
        412,
    )
    .await;
    // 400: a malformed Idempotency-Key.
    problem(
        call(
            &app,
            Method::POST,
            "/api/v1/observations",
            &writer,
            &[("idempotency-key", "")],
            Some(&ce02_q2()),
        )
        .await,
        400,
    )
    .await;
    assert_eq!(written(&app).await, before, "no error stored anything");

    // 429: over the token's budget, with Retry-After.
    let mut last = None;
    for _ in 0..60 {
        let response = get(&app, &reader, "/api/v1/me").await;
        if response.status() == 429 {
            last = Some(response);
            break;
        }
    }
    let over = last.expect("the budget runs out");
    assert!(over.headers().contains_key("retry-after"));
    problem(over, 429).await;
}
