//! `/admin/materials`: admins add and edit the ledger's materials through the structure use
//! case (audited); bad input is refused naming the field and stores nothing; a changed link to
//! a computed indicator rewrites its official figures.

use crate::common::{DemoUser, TestApp};

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn an_admin_adds_a_material_and_bad_input_stores_nothing() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let page = app.get("/admin/materials").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"data-material="NI-SLAG""#), "{html}");
    let before = count(&app, "SELECT count(*) FROM material").await;
    let audits = || async {
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE entity = 'material'",
        )
        .await
    };
    let audits_before = audits().await;

    let bad = app
        .post_form(
            "/admin/materials",
            "/admin/materials",
            &[
                ("code", "wood chips"),
                ("name_en", ""),
                ("name_id", "Serpihan kayu"),
                ("unit", "barrel"),
                ("hazard_class", "toxic"),
                ("indicators", "ZZ-99"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(
        html.contains("starting with a capital, such as NI-SLAG"),
        "{html}"
    );
    assert!(html.contains("This field is required."));
    assert_eq!(html.matches("Choose one of the listed values.").count(), 3);
    assert!(html.contains(r#"value="Serpihan kayu""#), "input is kept");
    assert_eq!(count(&app, "SELECT count(*) FROM material").await, before);
    assert_eq!(audits().await, audits_before);

    let taken = app
        .post_form(
            "/admin/materials",
            "/admin/materials",
            &[
                ("code", "NI-SLAG"),
                ("name_en", "Slag again"),
                ("name_id", "Slag lagi"),
                ("unit", "tonne"),
            ],
        )
        .await;
    assert_eq!(taken.status(), 422);
    assert!(taken.text().await.unwrap().contains("already used"));

    let added = app
        .post_form(
            "/admin/materials",
            "/admin/materials",
            &[
                ("code", "scrap-steel"),
                ("name_en", "Steel scrap"),
                ("name_id", "Skrap baja"),
                ("unit", "tonne"),
                ("hazard_class", "non_b3"),
                ("indicators", "CE-08"),
            ],
        )
        .await;
    assert_eq!(added.status(), 303);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM material m
               JOIN material_indicator mi ON mi.material_id = m.id
               JOIN indicator i ON i.id = mi.indicator_id
              WHERE m.code = 'SCRAP-STEEL' AND m.name_id = 'Skrap baja' AND m.unit = 'tonne'
                AND m.hazard_class = 'non_b3' AND i.code = 'CE-08'"
        )
        .await,
        1
    );
    assert_eq!(audits().await, audits_before + 1);
    let list = app
        .get("/admin/materials?done=saved")
        .await
        .text()
        .await
        .unwrap();
    assert!(list.contains(r#"data-material="SCRAP-STEEL""#));
    // Its edit form holds what was stored.
    let edit = app.get("/admin/materials/SCRAP-STEEL").await;
    assert_eq!(edit.status(), 200);
    assert!(edit.text().await.unwrap().contains(r#"value="Skrap baja""#));
}

#[tokio::test]
async fn unlinking_slag_from_ce05_removes_its_computed_figures_and_a_stale_edit_conflicts() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let ce05 = "SELECT count(*) FROM official_figure f JOIN indicator i ON i.id = f.indicator_id
                 WHERE i.code = 'CE-05'";
    assert!(count(&app, ce05).await > 0);
    let version = count(
        &app,
        "SELECT version::bigint FROM material WHERE code = 'NI-SLAG'",
    )
    .await;
    let version = version.to_string();
    let fields = |version: &str| -> Vec<(&'static str, String)> {
        vec![
            ("name_en", "Nickel slag".into()),
            ("name_id", "Slag nikel".into()),
            ("unit", "tonne".into()),
            ("hazard_class", "b3_exempt".into()),
            ("indicators", "CE-08".into()),
            ("version", version.into()),
        ]
    };
    let saved = {
        let f = fields(&version);
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form(
            "/admin/materials/NI-SLAG",
            "/admin/materials/NI-SLAG",
            &refs,
        )
        .await
    };
    assert_eq!(saved.status(), 303);
    // CE-05 is fed by no material now: it has no official figure left.
    assert_eq!(count(&app, ce05).await, 0);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE entity = 'material' AND action = 'update'"
        )
        .await,
        1
    );

    // The same version again: someone saved in between — 409, nothing changes.
    let stale = {
        let mut f = fields(&version);
        f[0].1 = "Nickel slag (RKEF)".into();
        let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form(
            "/admin/materials/NI-SLAG",
            "/admin/materials/NI-SLAG",
            &refs,
        )
        .await
    };
    assert_eq!(stale.status(), 409);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM material WHERE name_en = 'Nickel slag (RKEF)'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn only_admins_keep_materials() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    assert_eq!(app.get("/admin/materials").await.status(), 403);
}
