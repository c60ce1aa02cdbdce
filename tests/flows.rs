//! The material-flow ledger (issue 18) over HTTP and SQL on the demo data: the balance rule
//! and its comment, transfers confirmed within and beyond the tolerance and disputed, the
//! park's flows and the computed indicators by hand, and who sees what (two tenants and a
//! manager).

use reqwest::Method;
use serde_json::{Value, json};

use crate::api::{call, get_json, post, problem, scalar, token};
use crate::common::{DemoUser, Template, TestApp, add_user, unido_leads_imip};

/// The rows a ledger write leaves: months, revisions, audit entries.
async fn ledger_rows(app: &TestApp) -> (i64, i64, i64) {
    (
        scalar(app, "SELECT count(*) FROM material_ledger").await,
        scalar(app, "SELECT count(*) FROM material_ledger_revision").await,
        scalar(
            app,
            "SELECT count(*) FROM audit_event WHERE entity = 'material_ledger'",
        )
        .await,
    )
}

/// A month of steam for the smelter, which has none in the demo: 100 GJ declared at the
/// start, 1,000 generated, 500 used, 500 left: in 1,100, out 1,000 — off by 100 (the
/// tolerance is 0.5 % of 1,100 = 5.5).
fn steam_october(status: &str, comment: &str, version: Option<i32>) -> Value {
    let mut item = json!({
        "material": "STEAM", "month": "2026-10", "opening": 100.0,
        "generated": 1000.0, "received": 0.0, "used_on_site": 500.0, "sent": 0.0,
        "closing": 500.0, "status": status, "comment": comment,
    });
    if let Some(v) = version {
        item["version"] = json!(v);
    }
    json!({ "items": [item] })
}

#[tokio::test]
async fn a_month_that_does_not_balance_is_kept_as_a_draft_and_submitted_only_with_a_comment() {
    let app = TestApp::spawn(Template::Demo).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let before = ledger_rows(&app).await;

    let response = post(
        &app,
        &w,
        "/api/v1/flows/ledger/batch",
        &steam_october("draft", "", None),
    )
    .await;
    assert_eq!(response.status(), 200);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(saved["created"], 1);
    let item = &saved["items"][0];
    assert_eq!(item["status"], "draft");
    assert_eq!(item["opening"], 100.0);
    assert_eq!(item["imbalance"], 100.0);
    assert_eq!(item["balanced"], false);
    assert_eq!(item["version"], 1);
    let id = item["id"].as_str().unwrap().to_string();

    // Submitting it as it is: refused on the comment, with the imbalance; nothing stored.
    let refused = post(
        &app,
        &w,
        "/api/v1/flows/ledger/batch",
        &steam_october("submitted", " ", Some(1)),
    )
    .await;
    let body = problem(refused, 422).await;
    assert_eq!(body["errors"][0]["pointer"], "/items/0/comment");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("100"), "{message}");
    assert_eq!(
        ledger_rows(&app).await,
        (before.0 + 1, before.1 + 1, before.2 + 1)
    );

    // Explained, it goes: version 2, submitted, a second revision and audit entry; a retry
    // with the same key replays the answer and stores nothing twice.
    let explained = steam_october(
        "submitted",
        "Condensate losses not metered in October",
        Some(1),
    );
    let key = [("Idempotency-Key", "steam-2026-10")];
    let first = call(
        &app,
        Method::POST,
        "/api/v1/flows/ledger/batch",
        &w,
        &key,
        Some(&explained),
    )
    .await;
    assert_eq!(first.status(), 200);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["items"][0]["status"], "submitted");
    assert_eq!(first["items"][0]["version"], 2);
    let again = call(
        &app,
        Method::POST,
        "/api/v1/flows/ledger/batch",
        &w,
        &key,
        Some(&explained),
    )
    .await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    assert_eq!(
        ledger_rows(&app).await,
        (before.0 + 1, before.1 + 2, before.2 + 2)
    );
    let revisions = scalar(
        &app,
        &format!("SELECT count(*) FROM material_ledger_revision WHERE ledger_id = '{id}'"),
    )
    .await;
    assert_eq!(revisions, 2);

    // Submitted, it awaits review: changing it again is a conflict.
    let locked = post(
        &app,
        &w,
        "/api/v1/flows/ledger/batch",
        &steam_october("draft", "", Some(2)),
    )
    .await;
    problem(locked, 409).await;

    // November opens with October's closing stock (500), whatever is declared.
    let november = json!({ "items": [{
        "material": "STEAM", "month": "2026-11", "opening": 9999.0,
        "generated": 100.0, "received": 0.0, "used_on_site": 100.0, "sent": 0.0, "closing": 500.0
    }]});
    let saved: Value = post(&app, &w, "/api/v1/flows/ledger/batch", &november)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved["items"][0]["opening"], 500.0);
    assert_eq!(saved["items"][0]["balanced"], true);
    // November has not ended: it cannot be submitted yet.
    let running = json!({ "items": [{
        "material": "STEAM", "month": "2026-11", "generated": 100.0, "received": 0.0,
        "used_on_site": 100.0, "sent": 0.0, "closing": 500.0, "status": "submitted", "version": 1
    }]});
    let body = problem(
        post(&app, &w, "/api/v1/flows/ledger/batch", &running).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["pointer"], "/items/0/month");
}

async fn record(app: &TestApp, token: &str, quantity: f64) -> Value {
    let response = post(
        app,
        token,
        "/api/v1/flows/transfers",
        &json!({
            "material": "NI-SLAG", "month": "2026-11", "receiver": "DEMO-BRICK-I",
            "quantity": quantity, "intended_use": "recycling"
        }),
    )
    .await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_receiver_confirms_within_or_beyond_the_tolerance_or_disputes() {
    let app = TestApp::spawn(Template::Demo).await;
    let smelter = token(&app, "DEMO-RKEF-A", "write").await;
    let brick = token(&app, "DEMO-BRICK-I", "write").await;
    let hpal = token(&app, "DEMO-HPAL-B", "write").await;

    let short = record(&app, &smelter, 1000.0).await;
    assert_eq!(short["state"], "pending");
    assert_eq!(short["flags"], json!([]));
    let confirm = |id: &str| format!("/api/v1/flows/transfers/{id}/confirm");
    let dispute = |id: &str| format!("/api/v1/flows/transfers/{id}/dispute");
    let id = short["id"].as_str().unwrap();

    // Only the receiver answers: the sender is refused, a stranger finds nothing.
    problem(
        post(
            &app,
            &smelter,
            &confirm(id),
            &json!({"received_quantity": 1000.0}),
        )
        .await,
        403,
    )
    .await;
    problem(
        post(
            &app,
            &hpal,
            &confirm(id),
            &json!({"received_quantity": 1000.0}),
        )
        .await,
        404,
    )
    .await;

    // 975 of 1,000: −2.5 %, beyond the 2 % tolerance — confirmed, and flagged.
    let answered = post(
        &app,
        &brick,
        &confirm(id),
        &json!({"received_quantity": 975.0}),
    )
    .await;
    assert_eq!(answered.status(), 200);
    let answered: Value = answered.json().await.unwrap();
    assert_eq!(answered["state"], "confirmed");
    assert_eq!(answered["received_quantity"], 975.0);
    assert_eq!(answered["flags"][0]["flag"], "difference");
    assert!((answered["flags"][0]["share"].as_f64().unwrap() + 0.025).abs() < 1e-12);
    // Answered once.
    problem(
        post(
            &app,
            &brick,
            &confirm(id),
            &json!({"received_quantity": 975.0}),
        )
        .await,
        409,
    )
    .await;

    // 985 of 1,000: −1.5 %, within: no flag.
    let within = record(&app, &smelter, 1000.0).await;
    let within: Value = post(
        &app,
        &brick,
        &confirm(within["id"].as_str().unwrap()),
        &json!({"received_quantity": 985.0}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(within["state"], "confirmed");
    assert_eq!(within["flags"], json!([]));

    // A dispute needs its note.
    let disputed = record(&app, &smelter, 400.0).await;
    let did = disputed["id"].as_str().unwrap();
    let body = problem(
        post(&app, &brick, &dispute(did), &json!({"note": "  "})).await,
        422,
    )
    .await;
    assert_eq!(body["errors"][0]["pointer"], "/note");
    let disputed: Value = post(
        &app,
        &brick,
        &dispute(did),
        &json!({"note": "Never arrived"}),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(disputed["state"], "disputed");
    assert_eq!(disputed["dispute_note"], "Never arrived");
    assert_eq!(disputed["flags"], json!([{"flag": "disputed"}]));

    // Both parties see the three; a stranger sees none of them.
    let november = "/api/v1/flows/transfers?material=NI-SLAG&from=2026-11&to=2026-11";
    assert_eq!(
        get_json(&app, &smelter, november)
            .await
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        get_json(&app, &brick, november)
            .await
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(get_json(&app, &hpal, november).await, json!([]));

    // The demo's October load, recorded on 20 October and never answered, is flagged for
    // both parties on 29 November: 40 days.
    let october = get_json(
        &app,
        &smelter,
        "/api/v1/flows/transfers?material=NI-SLAG&from=2026-10&to=2026-10",
    )
    .await;
    assert_eq!(october[0]["state"], "pending");
    assert_eq!(
        october[0]["flags"],
        json!([{"flag": "unanswered", "days": 40}])
    );
    let audit = scalar(
        &app,
        "SELECT count(*) FROM audit_event WHERE entity = 'material_transfer'",
    )
    .await;
    // Three recorded, two confirmed, one disputed.
    assert_eq!(audit, 6);
}

#[tokio::test]
async fn park_flows_and_computed_indicators_by_hand() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "read").await;
    // September's slag in the demo: the smelter generated 9,900 t, used 1,500 on site, sent
    // 5,450 to the brick maker (confirmed 5,450), stored 2,950; the converter landfilled its
    // 2,000; the brick maker used the 5,450 it received.
    let park = get_json(
        &app,
        &manager,
        "/api/v1/flows/park?material=NI-SLAG&period=2026-09",
    )
    .await;
    assert_eq!(park["period"], "2026-09");
    assert_eq!(park["contributors"], 3);
    let totals = &park["totals"];
    assert_eq!(totals["generated"], 11_900.0);
    assert_eq!(totals["used_on_site"], 1_500.0);
    assert_eq!(totals["reused_by_transfer"], 5_450.0);
    assert_eq!(totals["reused"], 6_950.0);
    assert_eq!(totals["sent_outside"], 0.0);
    assert_eq!(totals["disposed_landfill"], 2_000.0);
    assert_eq!(totals["disposed_storage"], 2_950.0);
    assert_eq!(totals["links"], 1);
    assert!((totals["share_reused"].as_f64().unwrap() - 6_950.0 / 11_900.0).abs() < 1e-12);
    // The manager sees the bands organisation by organisation.
    let flows = park["flows"].as_array().unwrap();
    assert!(
        flows.contains(&json!({"from": "DEMO-RKEF-A", "to": "DEMO-BRICK-I", "quantity": 5450.0}))
    );
    assert!(flows.contains(&json!({"from": "DEMO-MATTE-D", "to": "landfill", "quantity": 2000.0})));
    assert!(flows.contains(&json!({"from": "DEMO-RKEF-A", "to": "storage", "quantity": 2950.0})));

    // CE-05: the smelter (1,500 + 5,450) ÷ 9,900 = 70.2 %, the converter 0 %, the park pooled
    // 6,950 ÷ 11,900 = 58.4 % (not the mean of the two).
    let computed = park["computed"].as_array().unwrap();
    let ce05 = |org: Value| {
        computed
            .iter()
            .find(|c| c["indicator"] == "CE-05" && c["organisation"] == org)
            .cloned()
            .unwrap()
    };
    let smelter = ce05(json!("DEMO-RKEF-A"));
    assert_eq!(smelter["numerator"], 6_950.0);
    assert_eq!(smelter["denominator"], 9_900.0);
    assert!((smelter["value"].as_f64().unwrap() - 6_950.0 / 9_900.0 * 100.0).abs() < 1e-9);
    assert_eq!(ce05(json!("DEMO-MATTE-D"))["value"], 0.0);
    let pooled = ce05(Value::Null);
    assert_eq!(pooled["numerator"], 6_950.0);
    assert_eq!(pooled["denominator"], 11_900.0);
    // CE-08 in September: the slag link counts; the ash was disputed — one link.
    let ce08: Vec<&Value> = computed
        .iter()
        .filter(|c| c["indicator"] == "CE-08")
        .collect();
    assert_eq!(ce08.len(), 1);
    assert_eq!(ce08[0]["value"], 1.0);
    // In the third quarter the ash went to the road contractor, confirmed, in July and
    // August: two links.
    let quarter = pilar::store::flows::computed_values(
        &app.pool,
        None,
        "CE-08",
        chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(quarter.values.len(), 1);
    assert_eq!(quarter.values[0].value, 2.0);
    // An indicator the ledger does not compute has no values.
    let none = pilar::store::flows::computed_values(
        &app.pool,
        None,
        "CE-03",
        chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
    )
    .await
    .unwrap();
    assert!(none.values.is_empty());
}

#[tokio::test]
async fn a_tenant_sees_its_own_ledger_its_transfers_and_park_totals_of_three_a_manager_everything()
{
    let app = TestApp::spawn(Template::Demo).await;
    let smelter = token(&app, "DEMO-RKEF-A", "read").await;
    let power = token(&app, "DEMO-POWER-C", "read").await;
    let manager = token(&app, "UNIDO", "read").await;

    // Ledgers: one's own only; the manager's token every organisation's.
    let own = get_json(&app, &smelter, "/api/v1/flows/ledger").await;
    assert!(!own.as_array().unwrap().is_empty());
    assert!(
        own.as_array()
            .unwrap()
            .iter()
            .all(|m| m["organisation"] == "DEMO-RKEF-A")
    );
    let all = get_json(
        &app,
        &manager,
        "/api/v1/flows/ledger?from=2026-09&to=2026-09",
    )
    .await;
    let organisations: std::collections::BTreeSet<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["organisation"].as_str().unwrap())
        .collect();
    assert_eq!(organisations.len(), 6, "{organisations:?}");

    // Transfers: those one is a party to, on either side.
    for (t, code) in [(&smelter, "DEMO-RKEF-A"), (&power, "DEMO-POWER-C")] {
        let listed = get_json(&app, t, "/api/v1/flows/transfers").await;
        assert_eq!(listed.as_array().unwrap().len(), 10);
        assert!(
            listed
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["sender"] == code || x["receiver"] == code)
        );
    }
    assert_eq!(
        get_json(&app, &manager, "/api/v1/flows/transfers")
            .await
            .as_array()
            .unwrap()
            .len(),
        20
    );

    // Park totals: slag has three contributors, so the smelter sees the park as one source;
    // ash has two (the power company, the road contractor), so the power company sees its
    // own flows only.
    let slag = get_json(
        &app,
        &smelter,
        "/api/v1/flows/park?material=NI-SLAG&period=2026-09",
    )
    .await;
    assert_eq!(slag["totals"]["generated"], 11_900.0);
    assert!(
        slag["flows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["from"] == "park")
    );
    let ash = get_json(
        &app,
        &power,
        "/api/v1/flows/park?material=FABA&period=2026-09",
    )
    .await;
    assert_eq!(ash["contributors"], 2);
    assert_eq!(ash["totals"], Value::Null);
    assert!(!ash["flows"].as_array().unwrap().is_empty());
    assert!(
        ash["flows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["from"] == "DEMO-POWER-C")
    );
    // The manager sees the ash organisation by organisation.
    let ash = get_json(
        &app,
        &manager,
        "/api/v1/flows/park?material=FABA&period=2026-09",
    )
    .await;
    assert_eq!(ash["totals"]["generated"], 34_500.0);
    // A tenant reads its own computed CE-05 and the park's, never a peer's.
    let ce05: Vec<Value> = slag["computed"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["indicator"] == "CE-05")
        .cloned()
        .collect();
    assert_eq!(ce05.len(), 2, "{ce05:?}");
    assert!(
        ce05.iter()
            .all(|c| c["organisation"] == "DEMO-RKEF-A" || c["organisation"].is_null())
    );

    // The page: the same rule. The smelter's tenant user sees the park's slag as one source
    // and no peer's band.
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    let page = tenant.get("/flows?material=NI-SLAG&period=2026-09").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("data-sankey=\"NI-SLAG\""));
    assert!(
        html.contains("The park → Landfill"),
        "the park's band to landfill"
    );
    assert!(
        !html.contains("Demo Matte Converter D → "),
        "no peer's band"
    );
    // A second tenant, the power company's, sees its ash only.
    add_user(
        &tenant.pool,
        "ash@power-c.demo.example.org",
        pilar::domain::Role::Tenant,
        Some("DEMO-POWER-C"),
    )
    .await;
    let other = TestApp::serve(tenant.state.clone()).await;
    assert_eq!(
        other
            .sign_in("ash@power-c.demo.example.org", "a long enough password")
            .await
            .status(),
        303
    );
    let html = other
        .get("/flows?material=FABA&period=2026-09")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-privacy=\"park-hidden\""));
    assert!(html.contains("Demo Captive Power C → Landfill"));
    assert!(!html.contains("Demo Road Contractor J → "));
    assert!(
        html.contains("Only about 6,100 t arrived"),
        "the dispute on its own transfer"
    );
    // The manager's page shows both organisations' bands.
    let manager_page = TestApp::signed_in(DemoUser::Manager).await;
    let html = manager_page
        .get("/flows?material=FABA&period=2026-09")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Demo Captive Power C → Landfill"));
    assert!(html.contains("Disputed"));
}

#[tokio::test]
async fn the_forms_record_a_month_a_manager_approves_it_and_the_receiver_confirms_a_transfer() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let month = |comment: &'static str| {
        vec![
            ("material", "STEAM"),
            ("month", "2026-10"),
            ("opening", "100"),
            ("generated", "1,000"),
            ("received", "0"),
            ("used_on_site", "500"),
            ("sent", "0"),
            ("closing", "500"),
            ("comment", comment),
            ("status", "submitted"),
            ("period", "2026-10"),
        ]
    };
    // Unexplained: the page again, 422, the message beside the comment, nothing stored.
    let refused = app.post_form("/flows/ledger", "/flows", &month("")).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("does not balance"), "{html}");
    assert!(html.contains("value=\"1,000\""), "the input is kept");
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM material_ledger WHERE status = 'submitted'"
        )
        .await,
        1
    );
    // Explained: stored, submitted.
    let saved = app
        .post_form("/flows/ledger", "/flows", &month("Condensate not metered"))
        .await;
    assert_eq!(saved.status(), 303);
    let (id, version): (uuid::Uuid, i32) = sqlx::query_as(
        "SELECT l.id, l.version FROM material_ledger l JOIN material m ON m.id = l.material_id
          WHERE m.code = 'STEAM' AND l.status = 'submitted'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();

    // A manager approves it from the queue on the same page.
    let manager = TestApp::serve(app.state.clone()).await;
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    let queue = manager.get("/flows").await.text().await.unwrap();
    assert!(queue.contains(&format!("data-ledger=\"{id}\"")));
    let approved = manager
        .post_form(
            &format!("/flows/review/{id}/approve"),
            "/flows",
            &[
                ("version", &version.to_string()),
                ("material", "STEAM"),
                ("period", "2026-10"),
            ],
        )
        .await;
    assert_eq!(approved.status(), 303);
    let status: String = sqlx::query_scalar("SELECT status FROM material_ledger WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "approved");
    // A tenant may not review.
    let forbidden = app
        .post_form(
            &format!("/flows/review/{id}/return"),
            "/flows",
            &[("note", "no")],
        )
        .await;
    assert_eq!(forbidden.status(), 403);

    // The brick maker confirms October's unanswered load on its page, in English numbers.
    add_user(
        &app.pool,
        "bricks@brick-i.demo.example.org",
        pilar::domain::Role::Tenant,
        Some("DEMO-BRICK-I"),
    )
    .await;
    let brick = TestApp::serve(app.state.clone()).await;
    assert_eq!(
        brick
            .sign_in("bricks@brick-i.demo.example.org", "a long enough password")
            .await
            .status(),
        303
    );
    let (transfer, version): (uuid::Uuid, i32) =
        sqlx::query_as("SELECT id, version FROM material_transfer WHERE state = 'pending'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let page = brick
        .get("/flows?material=NI-SLAG&period=2026-10")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("/flows/transfers/{transfer}/confirm")));
    let confirmed = brick
        .post_form(
            &format!("/flows/transfers/{transfer}/confirm"),
            "/flows",
            &[
                ("received_quantity", "5,480"),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(confirmed.status(), 303);
    let (state, received): (String, Option<f64>) =
        sqlx::query_as("SELECT state, received_quantity FROM material_transfer WHERE id = $1")
            .bind(transfer)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((state.as_str(), received), ("confirmed", Some(5_480.0)));
}

/// The id and version of an organisation's approved month of slag.
async fn approved_slag(app: &TestApp, organisation: &str, month: &str) -> (uuid::Uuid, i32) {
    sqlx::query_as(
        "SELECT l.id, l.version FROM material_ledger l
           JOIN organisation o ON o.id = l.organisation_id
           JOIN material m ON m.id = l.material_id
          WHERE o.code = $1 AND m.code = 'NI-SLAG' AND l.month = $2::date
            AND l.status = 'approved'",
    )
    .bind(organisation)
    .bind(month)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_manager_reopens_an_approved_month_from_the_page_in_either_language() {
    let manager = TestApp::signed_in(DemoUser::Manager).await;
    let (id, version) = approved_slag(&manager, "DEMO-MATTE-D", "2026-09-01").await;
    let page = manager
        .get("/flows?material=NI-SLAG&period=2026-09")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Approved ledger months"), "{page}");
    assert!(page.contains(&format!("action=\"/flows/review/{id}/reopen\"")));
    let indonesian = manager
        .get("/flows?material=NI-SLAG&period=2026-09&lang=id")
        .await
        .text()
        .await
        .unwrap();
    assert!(indonesian.contains("Bulan neraca yang disetujui"));
    assert!(indonesian.contains(">Buka kembali</button>"));

    // A tenant sees no such form and may not reopen: 403.
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    let own = tenant
        .get("/flows?material=NI-SLAG&period=2026-09")
        .await
        .text()
        .await
        .unwrap();
    assert!(!own.contains("/reopen\""));
    let refused = tenant
        .post_form(
            &format!("/flows/review/{id}/reopen"),
            "/flows",
            &[("note", "no"), ("version", &version.to_string())],
        )
        .await;
    assert_eq!(refused.status(), 403);
    // Without a CSRF token: refused, nothing changes.
    let forged = manager
        .client
        .post(manager.url(&format!("/flows/review/{id}/reopen")))
        .form(&[("note", "forged"), ("version", &version.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    // Without a reason: the page again, 422, still approved.
    let unexplained = manager
        .post_form(
            &format!("/flows/review/{id}/reopen"),
            "/flows",
            &[
                ("note", " "),
                ("version", &version.to_string()),
                ("material", "NI-SLAG"),
                ("period", "2026-09"),
            ],
        )
        .await;
    assert_eq!(unexplained.status(), 422);
    let status = || async {
        sqlx::query_as::<_, (String, Option<String>)>(
            "SELECT status, review_note FROM material_ledger WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&manager.pool)
        .await
        .unwrap()
    };
    assert_eq!(status().await.0, "approved");

    // With one: returned to its organisation with the reason, revised and audited.
    let reopened = manager
        .post_form(
            &format!("/flows/review/{id}/reopen"),
            "/flows",
            &[
                ("note", "Weighbridge recalibrated"),
                ("version", &version.to_string()),
                ("material", "NI-SLAG"),
                ("period", "2026-09"),
            ],
        )
        .await;
    assert_eq!(reopened.status(), 303);
    assert!(
        reopened.headers()["location"]
            .to_str()
            .unwrap()
            .contains("done=reopened")
    );
    assert_eq!(
        status().await,
        (
            "returned".to_string(),
            Some("Weighbridge recalibrated".to_string())
        )
    );
    assert_eq!(
        scalar(
            &manager,
            &format!(
                "SELECT count(*) FROM audit_event WHERE entity = 'material_ledger'
                   AND action = 'reopen' AND entity_id = '{id}'"
            ),
        )
        .await,
        1
    );
    assert_eq!(
        scalar(
            &manager,
            &format!(
                "SELECT count(*) FROM material_ledger_revision
                  WHERE ledger_id = '{id}' AND action = 'reopen'
                    AND reason = 'Weighbridge recalibrated'"
            ),
        )
        .await,
        1
    );
    let done = manager
        .get("/flows?material=NI-SLAG&period=2026-09&done=reopened&lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(done.contains("Ledger month reopened and returned to its organisation."));
    assert!(!done.contains(&format!("action=\"/flows/review/{id}/reopen\"")));
}

#[tokio::test]
async fn each_programs_managers_see_and_review_their_own_parks_ledger_only() {
    let iwip = TestApp::signed_in(DemoUser::Manager).await;
    // UNIDO leads IMIP too, so that its token manages both programs.
    unido_leads_imip(&iwip.pool).await;
    let (id, version) = approved_slag(&iwip, "DEMO-MATTE-D", "2026-09-01").await;
    let page = iwip
        .get("/flows?material=NI-SLAG&period=2026-09")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Demo RKEF Smelter A"));
    assert!(page.contains(&format!("data-ledger=\"{id}\"")));

    let imip = TestApp::serve(iwip.state.clone()).await;
    assert_eq!(
        imip.sign_in("imip.manager@demo.pilar", "demo-imip-manager-pass")
            .await
            .status(),
        303
    );
    let page = imip
        .get("/flows?material=NI-SLAG&period=2026-09")
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Demo RKEF Smelter A"), "{page}");
    assert!(!page.contains("Demo Brick Maker I"));
    assert!(!page.contains("data-ledger="));
    // The HPAL plant's October awaits IWIP's review, not IMIP's.
    let queue = imip.get("/flows").await.text().await.unwrap();
    assert!(!queue.contains("data-ledger="), "{queue}");
    let refused = imip
        .post_form(
            &format!("/flows/review/{id}/reopen"),
            "/flows",
            &[("note", "not ours"), ("version", &version.to_string())],
        )
        .await;
    assert_eq!(refused.status(), 404);
    // IWIP's page, cached first, is still IWIP's.
    let again = iwip
        .get("/flows?material=NI-SLAG&period=2026-09")
        .await
        .text()
        .await
        .unwrap();
    assert!(again.contains("Demo RKEF Smelter A"));

    // The API: the same token reads each program's ledger by `?program=`.
    let unido = token(&iwip, "UNIDO", "write").await;
    let months = get_json(&iwip, &unido, "/api/v1/flows/ledger?material=NI-SLAG").await;
    assert!(!months.as_array().unwrap().is_empty());
    let none = get_json(
        &iwip,
        &unido,
        "/api/v1/flows/ledger?material=NI-SLAG&program=IMIP-P1",
    )
    .await;
    assert_eq!(none, json!([]));
    let transfers = get_json(&iwip, &unido, "/api/v1/flows/transfers?program=IMIP-P1").await;
    assert_eq!(transfers, json!([]));
    let park = get_json(
        &iwip,
        &unido,
        "/api/v1/flows/park?material=NI-SLAG&period=2026-09&program=IMIP-P1",
    )
    .await;
    assert!(!park.to_string().contains("DEMO-RKEF-A"), "{park}");
    let iwip_park = get_json(
        &iwip,
        &unido,
        "/api/v1/flows/park?material=NI-SLAG&period=2026-09",
    )
    .await;
    assert!(iwip_park.to_string().contains("DEMO-RKEF-A"), "{iwip_park}");
    problem(
        post(
            &iwip,
            &unido,
            &format!("/api/v1/flows/ledger/{id}/reopen?program=IMIP-P1"),
            &json!({"reason": "not ours"}),
        )
        .await,
        404,
    )
    .await;
    assert_eq!(
        scalar(
            &iwip,
            &format!(
                "SELECT count(*) FROM material_ledger WHERE id = '{id}' AND status = 'approved'"
            ),
        )
        .await,
        1
    );
}
