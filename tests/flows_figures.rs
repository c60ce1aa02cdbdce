//! The official figures of CE-05 and CE-08 come from the material ledger
//! (`computed_from = 'material_ledger'`), never from typed reports: computed by hand from the
//! demo ledger, rewritten when a manager approves or reopens a month over the API or a
//! receiver confirms a transfer, and the review operations refused to tenants' tokens.

use reqwest::Method;
use serde_json::{Value, json};

use crate::api::{call, get_json, pointers, post, problem, scalar, token};
use crate::common::{Template, TestApp};

/// An indicator's official figure of the period starting on `start`: (value, numerator,
/// denominator, contributors); `None` when there is none.
async fn official(
    app: &TestApp,
    code: &str,
    start: &str,
) -> Option<(f64, Option<f64>, Option<f64>, i64)> {
    sqlx::query_as(
        "SELECT f.value, f.numerator, f.denominator, f.contributors FROM official_figure f
           JOIN indicator i ON i.id = f.indicator_id
          WHERE i.code = $1 AND f.period_start = $2::date",
    )
    .bind(code)
    .bind(start)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

/// The id of an organisation's ledger month of a material.
async fn ledger_id(app: &TestApp, organisation: &str, material: &str, month: &str) -> String {
    sqlx::query_scalar::<_, uuid::Uuid>(
        "SELECT l.id FROM material_ledger l
           JOIN organisation o ON o.id = l.organisation_id
           JOIN material m ON m.id = l.material_id
          WHERE o.code = $1 AND m.code = $2 AND l.month = $3::date",
    )
    .bind(organisation)
    .bind(material)
    .bind(month)
    .fetch_one(&app.pool)
    .await
    .unwrap()
    .to_string()
}

/// The demo's third quarter of slag (t): the smelter generated 9,700 + 9,800 + 9,900 = 29,400
/// and used 1,500 a month on site (4,500); it sent the brick maker 5,350 + 5,400 + 5,450 =
/// 16,200, each confirmed in full; the converter generated 2,000 a month (6,000) and
/// landfilled it; the brick maker used what it received (its own use is 0).
const Q3_REUSED: f64 = 4_500.0 + 16_200.0;
const Q3_GENERATED: f64 = 29_400.0 + 6_000.0;

#[tokio::test]
async fn official_ce05_and_ce08_are_computed_from_the_ledger_by_hand() {
    let app = TestApp::spawn(Template::Demo).await;
    // Both are computed, and nobody's typed report feeds them.
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM indicator
              WHERE code IN ('CE-05', 'CE-08') AND computed_from = 'material_ledger'"
        )
        .await,
        2
    );
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
              WHERE i.code IN ('CE-05', 'CE-08')"
        )
        .await,
        0
    );

    // CE-05, Q3: (4,500 own use + 16,200 confirmed to the brick maker) ÷ 35,400 generated,
    // pooled = 58.47 %; three organisations have approved slag months.
    let (value, numerator, denominator, contributors) =
        official(&app, "CE-05", "2026-07-01").await.unwrap();
    assert_eq!(numerator, Some(Q3_REUSED));
    assert_eq!(denominator, Some(Q3_GENERATED));
    assert!(
        (value - 20_700.0 / 35_400.0 * 100.0).abs() < 1e-9,
        "{value}"
    );
    assert_eq!(contributors, 3);

    // CE-08, second half-year: the smelter → brick maker (slag, July–September) and the
    // power company → road contractor (ash, July, August, October) pairs; September's ash
    // was disputed but the pair is active through the other months: 2. Six organisations
    // have approved months of the materials CE-08 counts (slag, ash, residue).
    let (value, numerator, _, contributors) = official(&app, "CE-08", "2026-07-01").await.unwrap();
    assert_eq!(value, 2.0);
    assert_eq!(numerator, None);
    assert_eq!(contributors, 6);
    assert_eq!(official(&app, "CE-08", "2026-01-01").await.unwrap().0, 2.0);

    // The API's series shows the same figure, and a tenant now sees it (three contributors).
    let manager = token(&app, "UNIDO", "read").await;
    let series = get_json(
        &app,
        &manager,
        "/api/v1/indicators/CE-05/series?from=2026-07-01&to=2026-09-30",
    )
    .await;
    let park = &series["periods"][0]["park"];
    assert_eq!(park["numerator"], Q3_REUSED);
    assert_eq!(park["denominator"], Q3_GENERATED);
    assert_eq!(park["contributors"], 3);
    let tenant = token(&app, "DEMO-MATTE-D", "read").await;
    let seen = get_json(
        &app,
        &tenant,
        "/api/v1/indicators/CE-05/series?from=2026-07-01&to=2026-09-30",
    )
    .await;
    assert_eq!(seen["periods"][0]["park"]["numerator"], Q3_REUSED);
}

#[tokio::test]
async fn reopening_a_month_removes_its_contribution_and_approving_it_again_restores_it() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    let converter = token(&app, "DEMO-MATTE-D", "write").await;
    let september = ledger_id(&app, "DEMO-MATTE-D", "NI-SLAG", "2026-09-01").await;
    let reopen = format!("/api/v1/flows/ledger/{september}/reopen");
    let revisions = || async {
        scalar(
            &app,
            &format!(
                "SELECT count(*) FROM material_ledger_revision WHERE ledger_id = '{september}'"
            ),
        )
        .await
    };
    let before = revisions().await;

    // Tenants' tokens do not review, not even another organisation's month: 403, nothing
    // changes.
    for tenant in [&converter, &token(&app, "DEMO-RKEF-A", "write").await] {
        for verb in ["approve", "return", "reopen"] {
            let path = format!("/api/v1/flows/ledger/{september}/{verb}");
            let body = json!({"note": "x"});
            let body = if verb == "reopen" {
                json!({"reason": "x"})
            } else {
                body
            };
            problem(post(&app, tenant, &path, &body).await, 403).await;
        }
    }
    // A reopening needs a reason; an approved month is not approved again; a stale version
    // is refused.
    let refused = problem(post(&app, &manager, &reopen, &json!({})).await, 422).await;
    assert_eq!(pointers(&refused), ["/reason"]);
    problem(
        post(
            &app,
            &manager,
            &format!("/api/v1/flows/ledger/{september}/approve"),
            &json!({}),
        )
        .await,
        409,
    )
    .await;
    let stale = call(
        &app,
        Method::POST,
        &reopen,
        &manager,
        &[("If-Match", "\"7\"")],
        Some(&json!({"reason": "Weighbridge recalibrated"})),
    )
    .await;
    problem(stale, 412).await;
    assert_eq!(revisions().await, before);
    assert_eq!(
        official(&app, "CE-05", "2026-07-01").await.unwrap().1,
        Some(Q3_REUSED)
    );

    // Reopened: the converter's 2,000 t leave the quarter's denominator: 20,700 ÷ 33,400.
    let reopened = call(
        &app,
        Method::POST,
        &reopen,
        &manager,
        &[("If-Match", "\"2\"")],
        Some(&json!({"reason": "Weighbridge recalibrated in September"})),
    )
    .await;
    assert_eq!(reopened.status(), 200);
    assert_eq!(reopened.headers()["etag"], "\"3\"");
    let reopened: Value = reopened.json().await.unwrap();
    assert_eq!(reopened["status"], "returned");
    assert_eq!(
        reopened["review_note"],
        "Weighbridge recalibrated in September"
    );
    let (value, numerator, denominator, contributors) =
        official(&app, "CE-05", "2026-07-01").await.unwrap();
    assert_eq!(numerator, Some(Q3_REUSED));
    assert_eq!(denominator, Some(Q3_GENERATED - 2_000.0));
    assert!((value - 20_700.0 / 33_400.0 * 100.0).abs() < 1e-9);
    // The converter still has July and August.
    assert_eq!(contributors, 3);
    assert_eq!(revisions().await, before + 1);
    assert_eq!(
        scalar(
            &app,
            &format!(
                "SELECT count(*) FROM audit_event WHERE entity = 'material_ledger'
                   AND action = 'reopen' AND entity_id = '{september}'"
            ),
        )
        .await,
        1
    );

    // The converter corrects and resubmits it; the manager approves it: back in the figure.
    let resubmitted = post(
        &app,
        &converter,
        "/api/v1/flows/ledger/batch",
        &json!({"items": [{
            "material": "NI-SLAG", "month": "2026-09", "generated": 2000.0, "received": 0.0,
            "used_on_site": 0.0, "sent": 0.0, "disposed_landfill": 2000.0, "closing": 0.0,
            "status": "submitted", "version": 3,
        }]}),
    )
    .await;
    assert_eq!(resubmitted.status(), 200);
    let approved = post(
        &app,
        &manager,
        &format!("/api/v1/flows/ledger/{september}/approve"),
        &json!({}),
    )
    .await;
    assert_eq!(approved.status(), 200);
    assert_eq!(
        approved.json::<Value>().await.unwrap()["status"],
        "approved"
    );
    let (_, numerator, denominator, _) = official(&app, "CE-05", "2026-07-01").await.unwrap();
    assert_eq!(
        (numerator, denominator),
        (Some(Q3_REUSED), Some(Q3_GENERATED))
    );
}

#[tokio::test]
async fn a_confirmed_transfer_enters_the_computed_figure_in_the_same_write() {
    let app = TestApp::spawn(Template::Demo).await;
    // October: the smelter generated 10,000 t and used 1,500 on site, the converter 2,000;
    // the 5,500 t sent to the brick maker are not answered yet: 1,500 ÷ 12,000 = 12.5 %.
    let (value, numerator, denominator, _) = official(&app, "CE-05", "2026-10-01").await.unwrap();
    assert_eq!((numerator, denominator), (Some(1_500.0), Some(12_000.0)));
    assert!((value - 12.5).abs() < 1e-9);
    let pending: uuid::Uuid = sqlx::query_scalar(
        "SELECT t.id FROM material_transfer t JOIN material m ON m.id = t.material_id
          WHERE m.code = 'NI-SLAG' AND t.month = '2026-10-01' AND t.state = 'pending'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let brick = token(&app, "DEMO-BRICK-I", "write").await;
    let confirmed = post(
        &app,
        &brick,
        &format!("/api/v1/flows/transfers/{pending}/confirm"),
        &json!({"received_quantity": 5_450.0}),
    )
    .await;
    assert_eq!(confirmed.status(), 200);
    // It counts the smaller quantity: (1,500 + 5,450) ÷ 12,000 = 57.9 %.
    let (value, numerator, _, _) = official(&app, "CE-05", "2026-10-01").await.unwrap();
    assert_eq!(numerator, Some(6_950.0));
    assert!((value - 6_950.0 / 12_000.0 * 100.0).abs() < 1e-9);
}

#[tokio::test]
async fn a_ledger_review_that_changes_a_published_figure_appends_a_restatement() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    let converter = token(&app, "DEMO-MATTE-D", "write").await;
    crate::transparency::publish_api(&app, &manager, "2026-Q3").await;
    let (_, statement) = crate::transparency::entry(&app, 0).await;
    let published = statement["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["indicator"] == "CE-05" && f["period"] == "2026-Q3")
        .expect("CE-05 of 2026-Q3 is published")
        .clone();
    // 20,700 ÷ 35,400 = 58.47 %.
    let old = published["value"].as_f64().unwrap();
    assert!(
        (old - Q3_REUSED / Q3_GENERATED * 100.0).abs() < 0.06,
        "{old}"
    );

    // Reopening the converter's September (2,000 t generated, none reused) restates it:
    // 20,700 ÷ 33,400 = 61.98 %, with the reason.
    let september = ledger_id(&app, "DEMO-MATTE-D", "NI-SLAG", "2026-09-01").await;
    let reopened = post(
        &app,
        &manager,
        &format!("/api/v1/flows/ledger/{september}/reopen"),
        &json!({"reason": "Weighbridge recalibrated in September"}),
    )
    .await;
    assert_eq!(reopened.status(), 200);
    let (_, first) = crate::transparency::entry(&app, 0).await;
    assert_eq!(first, statement, "the statement itself never changes");
    let (_, restatement) = crate::transparency::entry(&app, 1).await;
    assert_eq!(restatement["kind"], "restatement");
    assert_eq!(restatement["period"], "2026-Q3");
    assert_eq!(restatement["restates"]["entry"], 0);
    let changes = restatement["restates"]["changes"].as_array().unwrap();
    let change = changes
        .iter()
        .find(|c| c["indicator"] == "CE-05")
        .expect("CE-05 restated")
        .clone();
    assert_eq!(change["old_value"], published["value"]);
    let new = change["new_value"].as_f64().unwrap();
    assert!((new - 20_700.0 / 33_400.0 * 100.0).abs() < 0.06, "{change}");
    assert_eq!(change["reason"], "Weighbridge recalibrated in September");

    // Corrected and approved again: restated back to 58.47 %.
    let resubmitted = post(
        &app,
        &converter,
        "/api/v1/flows/ledger/batch",
        &json!({"items": [{
            "material": "NI-SLAG", "month": "2026-09", "generated": 2000.0, "received": 0.0,
            "used_on_site": 0.0, "sent": 0.0, "disposed_landfill": 2000.0, "closing": 0.0,
            "status": "submitted", "version": 3,
        }]}),
    )
    .await;
    assert_eq!(resubmitted.status(), 200);
    let approved = post(
        &app,
        &manager,
        &format!("/api/v1/flows/ledger/{september}/approve"),
        &json!({}),
    )
    .await;
    assert_eq!(approved.status(), 200);
    let (_, again) = crate::transparency::entry(&app, 2).await;
    assert_eq!(again["kind"], "restatement");
    let back = again["restates"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["indicator"] == "CE-05")
        .expect("CE-05 restated again")
        .clone();
    assert_eq!(back["old_value"], change["new_value"]);
    assert_eq!(back["new_value"], published["value"]);
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM publication WHERE kind = 'restatement'"
        )
        .await,
        2
    );
}
