//! The greenhouse-gas inventory over HTTP and SQL: the demo's inventories and the official
//! figures computed from them, a factor-set change recomputing with the old result kept, the
//! activity workflow (only approved rows count), computed indicators refused to reporters,
//! and a tenant seeing only its own inventory. The arithmetic itself is unit-tested with
//! hand-computed figures in `src/domain/ghg/tests.rs`.

use pilar::domain::kinds::{Frequency, ObservationStatus};
use pilar::domain::period::Period;
use pilar::domain::{Actor, AuditOrigin};
use pilar::store;
use pilar::workflow::ghg as flow;
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::{DemoUser, TestApp, now};

fn system() -> Actor {
    Actor::System {
        label: "test".into(),
    }
}

async fn park(pool: &PgPool) -> Uuid {
    sqlx::query_scalar("SELECT id FROM park WHERE code = 'IWIP'")
        .fetch_one(pool)
        .await
        .unwrap()
}

fn q1() -> Period {
    Period::containing(
        Frequency::Quarterly,
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    )
}

/// (id, park total, factor-set version, gwp, superseded) of every Q1 inventory, oldest first.
async fn q1_inventories(pool: &PgPool) -> Vec<(Uuid, f64, i32, String, bool)> {
    sqlx::query_as(
        "SELECT g.id, g.park_total_t, s.version, g.gwp_set, g.superseded_at IS NOT NULL
           FROM ghg_inventory g JOIN emission_factor_set s ON s.id = g.factor_set_id
          WHERE g.period_start = '2026-01-01' ORDER BY g.computed_at",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_demo_inventories_make_the_official_figures_of_the_computed_indicators() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    // The demo's CE-01 and CE-02 are computed: nobody is assigned them or reported them.
    let (computed, assigned, reported): (i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE i.computed_from = 'ghg_inventory'),
                (SELECT count(*) FROM assignment a JOIN indicator j ON j.id = a.indicator_id
                  WHERE j.code IN ('CE-01', 'CE-02')),
                (SELECT count(*) FROM observation o JOIN indicator j ON j.id = o.indicator_id
                  WHERE j.code IN ('CE-01', 'CE-02'))
           FROM indicator i WHERE i.code IN ('CE-01', 'CE-02')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((computed, assigned, reported), (2, 0, 0));
    // Q1 was computed twice (a row approved late): the first is kept, superseded.
    let q1 = q1_inventories(&app.pool).await;
    assert_eq!(q1.len(), 2);
    assert!(q1[0].4 && !q1[1].4);
    assert!(q1[1].1 > q1[0].1, "the late row adds to the total");
    // CE-02 (Mt CO2e, quantity) is the current inventory's park total; CE-01 (ratio) the
    // park total over the nickel, pooled.
    let (total, nickel): (f64, f64) = sqlx::query_as(
        "SELECT park_total_t, nickel_t FROM ghg_inventory
          WHERE period_start = '2026-04-01' AND superseded_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let figure = |code: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_as::<_, (f64, Option<f64>, Option<f64>)>(
                "SELECT f.value, f.numerator, f.denominator FROM official_figure f
                   JOIN indicator i ON i.id = f.indicator_id
                  WHERE i.code = $1 AND f.period_start = '2026-04-01'",
            )
            .bind(code)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let (ce02, _, _) = figure("CE-02").await;
    assert!((ce02 - total / 1e6).abs() < 1e-9);
    let (ce01, num, den) = figure("CE-01").await;
    assert!((ce01 - total / nickel).abs() < 1e-9);
    assert_eq!((num, den), (Some(total), Some(nickel)));
    // The demo's RKEF intensity lands in the published range; the page says so.
    let body = app.get("/ghg?period=2026-Q2").await.text().await.unwrap();
    assert!(body.contains("Greenhouse-gas inventory, 2026-Q2"), "{body}");
    assert!(body.contains("data-recon=\"total\""));
    assert!(
        body.contains("57–70 [S33] (within)"),
        "RKEF within its range"
    );
    assert!(body.contains("<svg viewBox=\"0 0 600 220\""));
    // In Indonesian too.
    let body = app
        .get("/ghg?period=2026-Q2&lang=id")
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("Inventaris gas rumah kaca, 2026-Q2"));
}

#[tokio::test]
async fn a_factor_set_change_recomputes_with_the_old_result_kept() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let park = park(&app.pool).await;
    let before = q1_inventories(&app.pool).await;
    let current = before.last().unwrap().clone();
    let base: Uuid = sqlx::query_scalar("SELECT id FROM emission_factor_set WHERE version = 1")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let mut tx = app.pool.begin().await.unwrap();
    let v2 = flow::add_factor_version(
        &mut tx,
        &system(),
        &AuditOrigin::default(),
        now(),
        base,
        "ESDM grid factor 2026 (test)",
        "The grid factor of the year",
        &[(2026, 0.900)],
        &[],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    // Recompute Q1 with version 2 through the page.
    let set = v2.to_string();
    let response = app
        .post_form(
            "/ghg/compute",
            "/ghg?period=2026-Q1",
            &[
                ("quarter", "2026-Q1"),
                ("factor_set", &set),
                ("gwp", "AR5"),
                ("reason", "grid factor 2026"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let after = q1_inventories(&app.pool).await;
    assert_eq!(after.len(), before.len() + 1);
    // The old results stay, superseded, with their version; the new one is current.
    assert_eq!(&after[..before.len() - 1], &before[..before.len() - 1]);
    let (old_id, old_total, old_version, _, superseded) = after[before.len() - 1].clone();
    assert_eq!((old_id, old_version, superseded), (current.0, 1, true));
    assert!((old_total - current.1).abs() < 1e-9);
    let (_, new_total, new_version, gwp, superseded) = after.last().unwrap().clone();
    assert_eq!((new_version, gwp.as_str(), superseded), (2, "AR5", false));
    // Only the mine's grid power changes: 800 MWh × 3 months × (0.900 − 0.867) t/MWh
    // = 2,400 × 0.033 = 79.20 t CO2e.
    assert!(
        (new_total - old_total - 79.20).abs() < 0.005,
        "{new_total} − {old_total}"
    );
    // The old lines are still there to read.
    let old_lines: i64 =
        sqlx::query_scalar("SELECT count(*) FROM ghg_emission WHERE inventory_id = $1")
            .bind(old_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(old_lines > 0);
    // CE-02's Q1 figure follows the new inventory.
    let ce02: f64 = sqlx::query_scalar(
        "SELECT f.value FROM official_figure f JOIN indicator i ON i.id = f.indicator_id
          WHERE i.code = 'CE-02' AND f.period_start = '2026-01-01'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!((ce02 - new_total / 1e6).abs() < 1e-9);
    let page = app.get("/ghg?period=2026-Q1").await.text().await.unwrap();
    assert!(page.contains("IPCC 2006 + Indonesian grid v2"));
    assert!(page.contains("superseded"));
    let _ = park;
}

#[tokio::test]
async fn only_approved_activity_counts_and_an_approval_recomputes_the_quarter() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let before: f64 = sqlx::query_scalar(
        "SELECT park_total_t FROM ghg_inventory WHERE period_start = '2026-07-01' AND superseded_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    // The RKEF smelter adds 10,000 L of diesel for September 2026 and submits it.
    let response = app
        .post_form(
            "/ghg/activity",
            "/ghg/activity",
            &[
                ("month", "2026-09"),
                ("kind", "fuel_use"),
                ("fuel", "diesel"),
                ("unit", "l"),
                ("quantity", "10000"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    let (id, status, version): (Uuid, String, i32) = sqlx::query_as(
        "SELECT a.id, a.status, a.version FROM activity_record a JOIN organisation o ON o.id = a.organisation_id
          WHERE o.code = 'DEMO-RKEF-A' AND a.month = '2026-09-01' AND a.quantity = 10000",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(status, "submitted");
    // Submitted is not counted: nothing recomputed yet.
    let unchanged: f64 = sqlx::query_scalar(
        "SELECT park_total_t FROM ghg_inventory WHERE period_start = '2026-07-01' AND superseded_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(unchanged, before);
    // A bad row is refused field by field, nothing stored.
    let refused = app
        .post_form(
            "/ghg/activity",
            "/ghg/activity",
            &[
                ("month", "2026-09"),
                ("kind", "process_carbon"),
                ("quantity", "10"),
                ("carbon_out", "20"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("cannot be more than the carbon that came in")
    );
    // The manager approves it: Q3 is recomputed with it.
    let manager = TestApp::serve(app.state.clone()).await;
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    let version = version.to_string();
    let decided = manager
        .post_form(
            &format!("/ghg/review/{id}"),
            "/ghg/review",
            &[("version", &version), ("decision", "approve")],
        )
        .await;
    assert_eq!(decided.status(), 303);
    let after: f64 = sqlx::query_scalar(
        "SELECT park_total_t FROM ghg_inventory WHERE period_start = '2026-07-01' AND superseded_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    // 10,000 L × 2.698056 kg CO2e/L (IPCC diesel, AR5) = 26.98 t.
    assert!((after - before - 26.98).abs() < 0.005, "{after} − {before}");
    let revisions: Vec<String> = sqlx::query_scalar(
        "SELECT action FROM activity_revision WHERE activity_id = $1 ORDER BY version",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(revisions, ["create", "approve"]);
    let row = {
        let mut conn = app.pool.acquire().await.unwrap();
        store::ghg::lock_activity(&mut conn, id)
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(row.status().unwrap(), ObservationStatus::Approved);
}

#[tokio::test]
async fn a_computed_indicator_is_not_reported_by_tenants() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
              WHERE i.code IN ('CE-01', 'CE-02')",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    let before = count().await;
    let response = app
        .post_form(
            "/submit/CE-02/2026-04-01",
            "/submit",
            &[
                ("value", "1.5"),
                ("data_quality", "measured"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("CE-02 is computed from approved activity data"),
        "{body}"
    );
    assert_eq!(count().await, before, "nothing stored");
    // Through the API too.
    let token = crate::api::token(&app, "DEMO-RKEF-A", "write").await;
    let mut item = crate::api::ce02_q2();
    item["indicator"] = serde_json::json!("CE-02");
    let response = crate::api::post(&app, &token, "/api/v1/observations", &item).await;
    assert_eq!(response.status(), 422);
    let problem = response.text().await.unwrap();
    assert!(problem.contains("CE-02 is computed"), "{problem}");
    assert_eq!(count().await, before, "nothing stored");
}

#[tokio::test]
async fn a_tenant_sees_only_its_own_inventory() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    for path in [
        "/ghg?period=2026-Q2",
        "/ghg?period=2026-Q2&org=DEMO-POWER-C",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        let body = response.text().await.unwrap();
        assert!(body.contains("Your organisation"), "{body}");
        // Its own lines: its carbon balance and its captive power from the power company.
        assert!(body.contains("Process carbon balance"));
        // No other organisation's figures: no reconciliation, no route table, no
        // organisation chooser.
        assert!(!body.contains("data-recon=\"sum\""));
        assert!(!body.contains("data-organisation="));
        assert!(!body.contains("name=\"org\""));
        assert!(!body.contains("DEMO-HPAL-B"));
    }
    // Its own activity page lists its own rows only.
    let body = app
        .get("/ghg/activity?year=2026")
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("Demo RKEF Smelter A"));
    let own: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM activity_record a JOIN organisation o ON o.id = a.organisation_id
          WHERE o.code = 'DEMO-RKEF-A' AND a.month >= '2026-01-01'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(own > 0);
    assert_eq!(
        body.matches("<tr data-activity=").count(),
        usize::try_from(own).unwrap(),
        "its own rows, and no other organisation's"
    );
    // The managers' pages are closed to it.
    assert_eq!(app.get("/ghg/review").await.status(), 403);
    let _ = q1();
}

#[tokio::test]
async fn the_demo_inventories_have_the_same_ids_on_every_load_and_a_recomputation_a_new_one() {
    use crate::common::{Template, database};
    let a = database(Template::Empty).await;
    let b = database(Template::Empty).await;
    store::demo::load_demo(&a).await.unwrap();
    store::demo::load_demo(&b).await.unwrap();
    let ids = |pool: PgPool| async move {
        sqlx::query_as::<_, (Uuid, chrono::NaiveDate, bool)>(
            "SELECT id, period_start, superseded_at IS NOT NULL FROM ghg_inventory
              ORDER BY period_start, computed_at",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    let first = ids(a.clone()).await;
    assert_eq!(first.len(), 4, "Q1 twice, Q2, Q3");
    assert_eq!(first, ids(b.clone()).await);
    let lines = "SELECT count(DISTINCT inventory_id) FROM ghg_emission";
    let count: i64 = sqlx::query_scalar(lines).fetch_one(&a).await.unwrap();
    assert_eq!(count, 4, "every inventory's lines under its own id");

    // Q1 computed again with the same factors: a new inventory, the two before it kept.
    let park = park(&a).await;
    let mut tx = a.begin().await.unwrap();
    let again = flow::compute_inventory(
        &mut tx,
        &system(),
        &AuditOrigin::default(),
        now(),
        park,
        q1(),
        None,
        None,
        "recomputed",
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let after = q1_inventories(&a).await;
    assert_eq!(after.len(), 3);
    assert_eq!(after[2].0, again);
    assert!(after[0].4 && after[1].4 && !after[2].4);
    assert!(first.iter().all(|(id, _, _)| *id != again));
    assert_eq!(
        (after[0].0, after[1].0),
        (first[0].0, first[1].0),
        "the old ones keep their ids"
    );
}
