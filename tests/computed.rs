//! Computed indicators (`indicator.computed_from`): nobody is asked for them — due lists, the
//! submission grid, the API's duties, reminders and compliance tallies skip them, whatever
//! they are computed from — nobody can be assigned them, an admin chooses "computed from" on
//! the indicator form (audited, in both languages), and a database seeded with the old demo
//! (CE-01 and CE-02 reported) is brought to the computed demo by migration 0031.

use chrono::NaiveDate;
use pilar::domain::kinds::Frequency;
use pilar::domain::notifications::DueNotice;
use pilar::domain::period::Period;
use pilar::store;
use pilar::store::compliance::Scope;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::api::{get_json, post, problem, token};
use crate::common::{
    DemoUser, REPORTABLE_QUANTITY, Template, TestApp, add_reportable_quantity, now, today,
};
use crate::html::page;

fn q2() -> Period {
    Period::containing(
        Frequency::Quarterly,
        NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
    )
}

async fn set_computed(pool: &PgPool, code: &str, computed_from: Option<&str>) {
    sqlx::query("UPDATE indicator SET computed_from = $2 WHERE code = $1")
        .bind(code)
        .bind(computed_from)
        .execute(pool)
        .await
        .unwrap();
}

async fn id_of(pool: &PgPool, table: &str, code: &str) -> Uuid {
    sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE code = $1"))
        .bind(code)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Reminders the daily job records for Q2 2026 (late) naming `code`.
async fn reminders_of(pool: &PgPool, code: &str) -> i64 {
    let mut conn = pool.acquire().await.unwrap();
    let notice = DueNotice {
        frequency: Frequency::Quarterly,
        period: q2(),
        due: NaiveDate::from_ymd_opt(2026, 7, 30).unwrap(),
        late: true,
    };
    store::notifications::record_due_reports(&mut conn, &[notice], now())
        .await
        .unwrap();
    sqlx::query_scalar(
        "SELECT count(*) FROM notification_item
          WHERE kind = 'reports_due' AND payload->>'indicator' = $1",
    )
    .bind(code)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// Where a tenant is asked for `code`: its due list, its quarter's grid, its duties in the API,
/// the reports its import template is made from, and the compliance tallies of its
/// organisation and of the indicator (Q2 2026).
async fn asked_for(app: &TestApp, tenant_token: &str, code: &str) -> [bool; 6] {
    let due = page(app, "/submit").await;
    let grid = page(app, "/submit/period/quarterly/2026-04-01").await;
    let duties = get_json(app, tenant_token, "/api/v1/assignments").await;
    let in_duties = duties["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["indicator"] == code);
    let organisation = id_of(&app.pool, "organisation", "DEMO-RKEF-A").await;
    let quarter = q2();
    let due_reports = store::observations::due_reports(
        &app.pool,
        organisation,
        &["quarterly"],
        &[quarter.start()],
    )
    .await
    .unwrap();
    let program = crate::common::first_program(&app.pool)
        .await
        .unwrap()
        .unwrap();
    let periods = [(Frequency::Quarterly, quarter)];
    let indicator = id_of(&app.pool, "indicator", code).await;
    let by_indicator = store::tally::scope_summary(
        &app.pool,
        program.id,
        Scope::Indicator(indicator),
        &periods,
        today(),
    )
    .await
    .unwrap();
    let by_organisation = store::compliance::expected_reports(
        &app.pool,
        program.id,
        Scope::Organisation(organisation),
        &periods,
    )
    .await
    .unwrap();
    [
        due.contains(&format!("/submit/{code}/2026-04-01")),
        grid.contains(&format!(r#"data-grid-row="{code}""#)),
        in_duties,
        due_reports.iter().any(|r| r.indicator == code),
        by_indicator.expected == 1,
        by_organisation.iter().any(|r| r.indicator_code == code),
    ]
}

#[tokio::test]
async fn a_computed_indicator_is_asked_of_nobody_whatever_it_is_computed_from() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    add_reportable_quantity(&app.pool).await;
    let code = REPORTABLE_QUANTITY;
    let reader = token(&app, "DEMO-RKEF-A", "read").await;
    assert_eq!(asked_for(&app, &reader, code).await, [true; 6]);
    let program = crate::common::first_program(&app.pool)
        .await
        .unwrap()
        .unwrap();
    let organisation = id_of(&app.pool, "organisation", "DEMO-RKEF-A").await;
    let periods = [(Frequency::Quarterly, q2())];
    let summary = || async {
        store::tally::scope_summary(
            &app.pool,
            program.id,
            Scope::Organisation(organisation),
            &periods,
            today(),
        )
        .await
        .unwrap()
    };
    let reported = summary().await;
    for source in ["material_ledger", "ghg_inventory"] {
        set_computed(&app.pool, code, Some(source)).await;
        assert_eq!(asked_for(&app, &reader, code).await, [false; 6], "{source}");
        // The organisation's tally of Q2 expects one report less, and misses one less.
        let computed = summary().await;
        assert_eq!(computed.expected + 1, reported.expected, "{source}");
        assert_eq!(computed.missing + 1, reported.missing, "{source}");
        assert_eq!(reminders_of(&app.pool, code).await, 0, "{source}");
        // Its form is gone too.
        let form = app.get(&format!("/submit/{code}/2026-04-01")).await;
        assert_eq!(form.status(), 404, "{source}");
    }
    // Reported again, it is asked for again (and reminded of: the check above meant it).
    set_computed(&app.pool, code, None).await;
    assert_eq!(asked_for(&app, &reader, code).await, [true; 6]);
    assert!(reminders_of(&app.pool, code).await > 0);
}

#[tokio::test]
async fn computed_indicators_keep_the_tallies_equal_to_the_domain_rules() {
    let pool = crate::common::database(Template::Demo).await;
    // CE-04 has live assignments and reports of every state: made computed, its reports and
    // assignments leave every tally as they leave the domain's count.
    set_computed(&pool, "CE-04", Some("material_ledger")).await;
    crate::tally::assert_all_equal(&pool).await;
}

#[tokio::test]
async fn assigning_a_computed_indicator_is_refused_naming_the_field() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    let body =
        json!({"organisation": "DEMO-HPAL-B", "indicator": "CE-01", "starts_on": "2026-01-01"});
    let live = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT count(*) FROM assignment a JOIN indicator i ON i.id = a.indicator_id
              WHERE i.code = 'CE-01' AND a.archived_at IS NULL",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    let refused = problem(
        post(&app, &manager, "/api/v1/assignments", &body).await,
        422,
    )
    .await;
    assert_eq!(refused["errors"][0]["pointer"], "/indicator", "{refused}");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("computed from approved activity data"),
        "{refused}"
    );
    assert_eq!(live().await, 0, "nothing stored");
    // In Indonesian when asked.
    let indonesian = crate::api::call(
        &app,
        reqwest::Method::POST,
        "/api/v1/assignments",
        &manager,
        &[("Accept-Language", "id")],
        Some(&body),
    )
    .await;
    let indonesian = problem(indonesian, 422).await;
    assert!(
        indonesian["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("dihitung dari data aktivitas"),
        "{indonesian}"
    );
}

#[tokio::test]
async fn the_assignment_matrix_refuses_a_new_tick_of_a_computed_indicator() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let live_before: i64 =
        sqlx::query_scalar("SELECT count(*) FROM assignment WHERE archived_at IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let mut workflow = pilar::workflow::structure::assignments::AssignmentsInput {
        pillar: "CE".into(),
        starts_on: NaiveDate::from_ymd_opt(2026, 1, 1),
        ticked: store::structure::assignment_pairs(&app.pool, expected_program(&app).await)
            .await
            .unwrap(),
        seen: Vec::new(),
    };
    workflow.seen = workflow.ticked.clone();
    workflow
        .ticked
        .push(("DEMO-RKEF-A".to_string(), "CE-01".to_string()));
    let mut tx = app.pool.begin().await.unwrap();
    let refused = pilar::workflow::structure::assignments::save(
        &mut tx,
        &pilar::domain::Actor::System {
            label: "test".into(),
        },
        &pilar::domain::AuditOrigin::default(),
        expected_program(&app).await,
        &workflow,
        now(),
    )
    .await;
    drop(tx);
    match refused {
        Err(pilar::workflow::structure::StructureError::Invalid(problems)) => {
            assert!(
                problems.iter().any(|p| p.field == "assignments"
                    && p.problem == pilar::workflow::structure::Problem::Computed),
                "{problems:?}"
            );
        }
        other => panic!("refused, not {other:?}"),
    }
    let live_after: i64 =
        sqlx::query_scalar("SELECT count(*) FROM assignment WHERE archived_at IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(live_after, live_before);
}

async fn expected_program(app: &TestApp) -> Uuid {
    crate::common::first_program(&app.pool)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn emissions_indicator(computed_from: &str) -> Vec<(&str, &str)> {
    vec![
        ("pillar", "CE"),
        ("code", "CE-95"),
        ("name_en", "Park emissions in tonnes"),
        ("name_id", "Emisi kawasan dalam ton"),
        ("unit", "t CO2e"),
        ("kind", "quantity"),
        ("direction", "lower_is_better"),
        ("aggregation", "sum"),
        ("frequency", "quarterly"),
        ("decimals", "0"),
        ("position", "30"),
        ("computed_from", computed_from),
    ]
}

#[tokio::test]
async fn an_admin_chooses_computed_from_on_the_indicator_form_audited() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let form = page(&app, "/admin/indicators/new").await;
    assert!(form.contains(r#"<select name="computed_from""#));
    assert!(
        form.contains(r#"<option value="ghg_inventory">The greenhouse-gas inventory</option>"#)
    );
    assert!(form.contains("The material-flow ledger"));
    let indonesian = page(&app, "/admin/indicators/new?lang=id").await;
    assert!(indonesian.contains("Dihitung dari"));
    assert!(indonesian.contains("Inventaris gas rumah kaca"));

    // Not one of the choices: refused, naming the field, nothing stored.
    let refused = app
        .post_form(
            "/admin/indicators/new",
            "/admin/indicators/new",
            &emissions_indicator("typed_totals"),
        )
        .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains(r#"id="computed_from-error""#)
    );
    // Computed from the inventory: its figures are the demo inventories' park totals at once.
    let created = app
        .post_form(
            "/admin/indicators/new",
            "/admin/indicators/new",
            &emissions_indicator("ghg_inventory"),
        )
        .await;
    assert_eq!(created.status(), 303);
    let stored: Option<String> =
        sqlx::query_scalar("SELECT computed_from FROM indicator WHERE code = 'CE-95'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.as_deref(), Some("ghg_inventory"));
    let figures: Vec<(NaiveDate, f64, f64)> = sqlx::query_as(
        "SELECT f.period_start, f.value, g.park_total_t
           FROM official_figure f JOIN indicator i ON i.id = f.indicator_id
           JOIN ghg_inventory g ON g.period_start = f.period_start AND g.superseded_at IS NULL
          WHERE i.code = 'CE-95' ORDER BY f.period_start",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(figures.len(), 3, "Q1–Q3 2026");
    for (start, value, total) in &figures {
        assert!(
            (value - total).abs() < 1e-6,
            "{start}: {value} t = {total} t"
        );
    }
    let html = page(&app, "/admin/indicators/CE-95").await;
    assert!(html.contains(r#"<option value="ghg_inventory" selected>"#));

    // Made reported again: audited with what it was, and its figures are the reports' (none).
    let mut edit = emissions_indicator("");
    edit.push(("version", "1"));
    let saved = app
        .post_form("/admin/indicators/CE-95", "/admin/indicators/CE-95", &edit)
        .await;
    assert_eq!(saved.status(), 303);
    let audit: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT action, before->>'computed_from', after->>'computed_from' FROM audit_event
          WHERE entity = 'indicator'
            AND entity_id = (SELECT id::text FROM indicator WHERE code = 'CE-95')
          ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        audit,
        vec![
            ("create".into(), None, Some("ghg_inventory".into())),
            ("update".into(), Some("ghg_inventory".into()), None),
        ]
    );
    let left: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM official_figure f JOIN indicator i ON i.id = f.indicator_id
          WHERE i.code = 'CE-95'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
}

/// The demo's CE-01 and CE-02 as a database seeded before they were computed holds them:
/// reported, assigned, with official figures pooled from reports.
async fn as_the_old_demo(pool: &PgPool) {
    for sql in [
        "UPDATE indicator SET computed_from = NULL WHERE code IN ('CE-01', 'CE-02')",
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM indicator i, organisation o
          WHERE i.code IN ('CE-01', 'CE-02') AND o.code = 'DEMO-RKEF-A'",
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end, value,
                data_quality, status, first_submitted_at, submitted_at, reviewed_at)
         SELECT i.id, o.id, DATE '2026-04-01', DATE '2026-06-30', 0.25, 'measured', 'approved',
                TIMESTAMPTZ '2026-07-10 09:00Z', TIMESTAMPTZ '2026-07-10 09:00Z',
                TIMESTAMPTZ '2026-07-14 09:00Z'
           FROM indicator i, organisation o WHERE i.code = 'CE-02' AND o.code = 'DEMO-RKEF-A'",
    ] {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
}

#[tokio::test]
async fn migration_0031_makes_an_old_demo_database_computed() {
    let pool = crate::common::database(Template::Demo).await;
    let figure = || async {
        sqlx::query_scalar::<_, f64>(
            "SELECT f.value FROM official_figure f JOIN indicator i ON i.id = f.indicator_id
              WHERE i.code = 'CE-02' AND f.period_start = '2026-04-01'",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let computed = figure().await;
    as_the_old_demo(&pool).await;
    assert_eq!(figure().await, 0.25, "the typed report's figure");
    sqlx::raw_sql(include_str!("../migrations/0031_demo_ghg_computed.sql"))
        .execute(&pool)
        .await
        .unwrap();
    let computed_from: Vec<Option<String>> = sqlx::query_scalar(
        "SELECT computed_from FROM indicator WHERE code IN ('CE-01', 'CE-02') ORDER BY code",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        computed_from,
        vec![Some("ghg_inventory".into()), Some("ghg_inventory".into())]
    );
    assert!((figure().await - computed).abs() < 1e-12, "the inventory's");
    let (live, archived_audit, switched_audit): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM assignment a JOIN indicator i ON i.id = a.indicator_id
                  WHERE i.code IN ('CE-01', 'CE-02') AND a.archived_at IS NULL),
                (SELECT count(*) FROM audit_event
                  WHERE actor_label = 'migration 0031' AND entity = 'assignment'),
                (SELECT count(*) FROM audit_event
                  WHERE actor_label = 'migration 0031' AND entity = 'indicator')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((live, archived_audit, switched_audit), (0, 2, 2));
    // The same figures for the indicators as the inventory's own refresh writes.
    let written: Vec<(Uuid, NaiveDate, f64)> = sqlx::query_as(
        "SELECT indicator_id, period_start, value FROM official_figure f
          WHERE indicator_id IN (SELECT id FROM indicator WHERE code IN ('CE-01', 'CE-02'))
          ORDER BY 1, 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let park: Uuid = sqlx::query_scalar("SELECT id FROM park WHERE code = 'IWIP'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    store::ghg::refresh_computed_figures(&mut conn, park)
        .await
        .unwrap();
    drop(conn);
    let refreshed: Vec<(Uuid, NaiveDate, f64)> = sqlx::query_as(
        "SELECT indicator_id, period_start, value FROM official_figure f
          WHERE indicator_id IN (SELECT id FROM indicator WHERE code IN ('CE-01', 'CE-02'))
          ORDER BY 1, 2",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(written.len(), 6, "Q1–Q3 of both");
    assert_eq!(written.len(), refreshed.len());
    for (w, r) in written.iter().zip(&refreshed) {
        assert_eq!((w.0, w.1), (r.0, r.1));
        assert!((w.2 - r.2).abs() < 1e-9, "{w:?} {r:?}");
    }
}

#[tokio::test]
async fn a_tenant_reads_a_computed_indicator_with_its_source_and_old_typed_reports_count_for_nothing()
 {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let official = || async {
        sqlx::query_scalar::<_, f64>(
            "SELECT f.value FROM official_figure f JOIN indicator i ON i.id = f.indicator_id
              WHERE i.code = 'CE-02' AND f.period_start = '2026-04-01'",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    let computed = official().await;
    // A report of CE-02 typed (and approved) before it was computed, its assignment left live.
    for sql in [
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM indicator i, organisation o
          WHERE i.code = 'CE-02' AND o.code = 'DEMO-RKEF-A'",
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end, value,
                data_quality, status, first_submitted_at, submitted_at, reviewed_at)
         SELECT i.id, o.id, DATE '2026-04-01', DATE '2026-06-30', 0.25, 'measured', 'approved',
                TIMESTAMPTZ '2026-07-10 09:00Z', TIMESTAMPTZ '2026-07-10 09:00Z',
                TIMESTAMPTZ '2026-07-14 09:00Z'
           FROM indicator i, organisation o WHERE i.code = 'CE-02' AND o.code = 'DEMO-RKEF-A'",
    ] {
        sqlx::query(sql).execute(&app.pool).await.unwrap();
    }
    assert_eq!(
        official().await,
        computed,
        "the typed report is no official figure"
    );

    // CE-01: nothing typed; the tenant reads its figures, where they come from, and no form.
    let response = app.get("/indicators/CE-01").await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("data-computed"), "{body}");
    assert!(
        body.contains("greenhouse-gas inventory: approved activity data"),
        "{body}"
    );
    assert!(body.contains(r#"<a href="/ghg">"#));
    assert!(!body.contains("/submit/CE-01"));
    let body = app
        .get("/indicators/CE-01?lang=id")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        body.contains("Dihitung dari inventaris gas rumah kaca kawasan"),
        "{body}"
    );

    // CE-02: the old report shown, superseded, with no link to a form.
    let body = app
        .get("/indicators/CE-02?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("data-computed"));
    assert!(body.contains("Superseded by the computation"), "{body}");
    assert!(!body.contains("/submit/CE-02"), "{body}");
    let body = app
        .get("/indicators/CE-02?lang=id")
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("Digantikan oleh perhitungan"));

    // A manager reads it marked the same, and no provisional figure pools it.
    let manager = TestApp {
        address: app.address.clone(),
        pool: app.pool.clone(),
        client: TestApp::browser(),
        state: app.state.clone(),
    };
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    let body = manager
        .get("/indicators/CE-02?period=2026-Q2")
        .await
        .text()
        .await
        .unwrap();
    assert!(body.contains("data-computed"));
    assert!(body.contains("Superseded by the computation"), "{body}");
    assert!(
        !body.contains("(1 submitted") && !body.contains("0.25 ("),
        "{body}"
    );
}
