//! `/admin/pillars`, `/admin/indicators`: the structure forms — success paths, a message per
//! field with nothing stored, targets with their revision history, archive rather than delete,
//! the concurrent-edit conflict, escaping.

use crate::common::{DemoUser, TestApp};
use crate::html::page;

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

fn new_indicator<'a>(code: &'a str, name: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("pillar", "CE"),
        ("code", code),
        ("name_en", name),
        ("name_id", "Bagian slag yang dimanfaatkan"),
        ("definition_en", "Slag reused ÷ slag produced"),
        ("unit", "%"),
        ("kind", "percentage"),
        ("direction", "higher_is_better"),
        ("aggregation", "ratio_of_sums"),
        ("cumulative", "on"),
        ("frequency", "quarterly"),
        ("decimals", "1"),
        ("baseline_value", "12.5"),
        ("baseline_year", "2025"),
        ("numerator_label_en", "slag reused (t)"),
        ("numerator_label_id", "slag dimanfaatkan (t)"),
        ("denominator_label_en", "slag produced (t)"),
        ("denominator_label_id", "slag dihasilkan (t)"),
        (
            "frameworks",
            "GRI | 306-4 | 2020\nEIP | CE-3 |\nGRI | 102-5 | 2025 | 2027-01-01",
        ),
        ("position", "20"),
    ]
}

#[tokio::test]
async fn an_admin_creates_a_pillar_and_bad_input_stores_nothing() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let before = count(&app, "SELECT count(*) FROM pillar").await;
    let bad = app
        .post_form(
            "/admin/pillars",
            "/admin/pillars",
            &[
                ("code", "toolong"),
                ("name_en", ""),
                ("name_id", "Air"),
                ("position", "x"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("2 to 4 capital letters"));
    assert!(html.contains("required"));
    assert!(html.contains("a whole number, 0 or more"));
    assert!(html.contains(r#"value="Air""#), "input is kept");
    assert_eq!(count(&app, "SELECT count(*) FROM pillar").await, before);

    let duplicate = app
        .post_form(
            "/admin/pillars",
            "/admin/pillars",
            &[("code", "CE"), ("name_en", "Again"), ("name_id", "Lagi")],
        )
        .await;
    assert_eq!(duplicate.status(), 422);
    assert!(duplicate.text().await.unwrap().contains("already used"));

    let ok = app
        .post_form(
            "/admin/pillars",
            "/admin/pillars",
            &[
                ("code", "WA"),
                ("name_en", "Water <stewardship>"),
                ("name_id", "Pengelolaan air"),
                ("position", "5"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let html = page(&app, "/admin/pillars").await;
    assert!(
        html.contains("Water &#60;stewardship&#62;"),
        "names are escaped"
    );
    assert!(!html.contains("Water <stewardship>"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE entity = 'pillar' AND action = 'create'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn an_admin_builds_an_indicator_with_every_attribute() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let created = app
        .post_form(
            "/admin/indicators/new",
            "/admin/indicators/new",
            &new_indicator("CE-90", "Slag reused"),
        )
        .await;
    assert_eq!(created.status(), 303);
    assert_eq!(
        created.headers()["location"],
        "/admin/indicators/CE-90?done=saved"
    );
    let row: (String, String, bool, i16, Option<f64>, Option<i16>, Option<String>) = sqlx::query_as(
        "SELECT kind, aggregation, cumulative, position, baseline_value, baseline_year, denominator_label_id
           FROM indicator WHERE code = 'CE-90'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            "percentage".into(),
            "ratio_of_sums".into(),
            true,
            20,
            Some(12.5),
            Some(2025),
            Some("slag dihasilkan (t)".into())
        )
    );
    let frameworks: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT f.framework, f.code, f.version FROM framework_reference f
           JOIN indicator i ON i.id = f.indicator_id WHERE i.code = 'CE-90' ORDER BY f.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        frameworks,
        vec![
            ("GRI".into(), "306-4".into(), "2020".into()),
            ("EIP".into(), "CE-3".into(), "".into()),
            ("GRI".into(), "102-5".into(), "2025".into())
        ]
    );
    let html = page(&app, "/admin/indicators/CE-90").await;
    assert!(html.contains("GRI | 306-4 | 2020"));
    assert!(
        html.contains("GRI | 102-5 | 2025 | 2027-01-01"),
        "the effective date"
    );
    let listed = page(&app, "/admin/indicators").await;
    assert!(listed.contains(r#"data-indicator="CE-90""#));
}

#[tokio::test]
async fn bad_indicator_input_is_named_field_by_field_and_nothing_is_stored() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let before = count(&app, "SELECT count(*) FROM indicator").await;
    let mut fields = new_indicator("ce9", "<script>alert(1)</script>");
    for (name, value) in fields.iter_mut() {
        match *name {
            "aggregation" => *value = "mean",
            "numerator_label_en" => *value = "",
            "decimals" => *value = "9",
            "baseline_year" => *value = "",
            "frameworks" => *value = "| no framework",
            _ => {}
        }
    }
    let bad = app
        .post_form("/admin/indicators/new", "/admin/indicators/new", &fields)
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    for message in [
        "capital letters, a hyphen and 2–3 digits",
        "percentages and ratios are pooled",
        "say what the numerator and the denominator count",
        "a whole number from 0 to 6",
        "give the baseline value and its year together",
        "each line: framework | code | version",
    ] {
        assert!(html.contains(message), "{message}");
    }
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "kept and escaped"
    );
    assert!(!html.contains("<script>alert(1)"));
    assert_eq!(count(&app, "SELECT count(*) FROM indicator").await, before);

    let milestone = app
        .post_form(
            "/admin/indicators/new",
            "/admin/indicators/new",
            &[
                ("pillar", "CE"),
                ("code", "CE-91"),
                ("name_en", "Plan"),
                ("name_id", "Rencana"),
                ("unit", "stage"),
                ("kind", "milestone"),
                ("direction", "higher_is_better"),
                ("aggregation", "park"),
                ("frequency", "annual"),
                ("stage_labels_en", "none\ndrafted\nadopted"),
                ("stage_labels_id", "belum\ndisusun"),
            ],
        )
        .await;
    assert_eq!(milestone.status(), 422);
    assert!(milestone.text().await.unwrap().contains("as many stages"));
    assert_eq!(count(&app, "SELECT count(*) FROM indicator").await, before);
}

#[tokio::test]
async fn a_changed_target_asks_for_a_reason_and_keeps_the_old_value() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let created = app
        .post_form(
            "/admin/indicators/new",
            "/admin/indicators/new",
            &new_indicator("CE-92", "Slag"),
        )
        .await;
    assert_eq!(created.status(), 303);
    let path = "/admin/indicators/CE-92";
    let targets = "/admin/indicators/CE-92/targets";
    let first = app
        .post_form(
            targets,
            path,
            &[
                ("year", "2027"),
                ("value", "40"),
                ("reason", ""),
                ("version", ""),
            ],
        )
        .await;
    assert_eq!(first.status(), 303);
    // Changing it without a reason is refused, nothing stored.
    let no_reason = app
        .post_form(
            targets,
            path,
            &[
                ("year", "2027"),
                ("value", "55"),
                ("reason", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(no_reason.status(), 422);
    assert!(
        no_reason
            .text()
            .await
            .unwrap()
            .contains("say why the target changes")
    );
    let value: f64 = sqlx::query_scalar(
        "SELECT t.value FROM target t JOIN indicator i ON i.id = t.indicator_id WHERE i.code = 'CE-92' AND t.year = 2027",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(value, 40.0);
    let changed = app
        .post_form(
            targets,
            path,
            &[
                ("year", "2027"),
                ("value", "55"),
                ("reason", "Steering committee <raised> it"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(changed.status(), 303);
    // A second editor still holding version 1 gets a conflict, not an overwrite.
    let stale = app
        .post_form(
            targets,
            path,
            &[
                ("year", "2027"),
                ("value", "60"),
                ("reason", "mine"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert!(stale.text().await.unwrap().contains("It is now: 55"));
    let history: Vec<(Option<f64>, f64, String)> = sqlx::query_as(
        "SELECT r.old_value, r.new_value, r.reason FROM target_revision r
           JOIN indicator i ON i.id = r.indicator_id WHERE i.code = 'CE-92' ORDER BY r.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        history,
        vec![
            (None, 40.0, "first target".into()),
            (Some(40.0), 55.0, "Steering committee <raised> it".into())
        ]
    );
    let html = page(&app, path).await;
    let table = crate::html::between(&html, "<table class=\"target-history\">", "</table>");
    assert!(table.contains("Steering committee &#60;raised&#62; it"));
    assert!(table.contains(">40<") && table.contains(">55<"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM audit_event WHERE action = 'set_target'"
        )
        .await,
        2
    );
}

#[tokio::test]
async fn an_indicator_with_observations_is_archived_not_deleted_after_confirming() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let reported: String = sqlx::query_scalar(
        "SELECT i.code FROM indicator i WHERE EXISTS (SELECT 1 FROM observation o WHERE o.indicator_id = i.id)
          ORDER BY i.code LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let confirm = page(&app, &format!("/admin/indicators/{reported}/remove")).await;
    assert!(confirm.contains("it will be archived, not deleted"));
    let removed = app
        .post_form(
            &format!("/admin/indicators/{reported}/remove"),
            &format!("/admin/indicators/{reported}/remove"),
            &[],
        )
        .await;
    assert_eq!(removed.status(), 303);
    let archived: bool =
        sqlx::query_scalar("SELECT archived_at IS NOT NULL FROM indicator WHERE code = $1")
            .bind(&reported)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(archived, "still there, archived");
    // Restored, it comes back.
    let restored = app
        .post_form(
            &format!("/admin/indicators/{reported}/restore"),
            &format!("/admin/indicators/{reported}"),
            &[],
        )
        .await;
    assert_eq!(restored.status(), 303);

    // One nothing refers to is deleted outright.
    app.post_form(
        "/admin/indicators/new",
        "/admin/indicators/new",
        &new_indicator("CE-93", "Fresh"),
    )
    .await;
    let confirm = page(&app, "/admin/indicators/CE-93/remove").await;
    assert!(confirm.contains("deleted for good"));
    let deleted = app
        .post_form(
            "/admin/indicators/CE-93/remove",
            "/admin/indicators/CE-93/remove",
            &[],
        )
        .await;
    assert_eq!(deleted.status(), 303);
    assert_eq!(
        count(&app, "SELECT count(*) FROM indicator WHERE code = 'CE-93'").await,
        0
    );
}

#[tokio::test]
async fn two_admins_editing_one_indicator_conflict_and_the_second_sees_what_changed() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    app.post_form(
        "/admin/indicators/new",
        "/admin/indicators/new",
        &new_indicator("CE-94", "Original"),
    )
    .await;
    let edit = |name: &'static str, version: &'static str| {
        let mut fields = new_indicator("CE-94", name);
        fields.push(("version", version));
        fields
    };
    let first = app
        .post_form(
            "/admin/indicators/CE-94",
            "/admin/indicators/CE-94",
            &edit("First edit", "1"),
        )
        .await;
    assert_eq!(first.status(), 303);
    let second = app
        .post_form(
            "/admin/indicators/CE-94",
            "/admin/indicators/CE-94",
            &edit("Second edit", "1"),
        )
        .await;
    assert_eq!(second.status(), 409);
    let html = second.text().await.unwrap();
    assert!(html.contains("Someone else saved this indicator"));
    assert!(
        html.contains("<q>First edit</q>"),
        "the stored value is shown"
    );
    assert!(
        html.contains(r#"value="Second edit""#),
        "the user's input is kept"
    );
    assert!(html.contains(r#"name="version" value="2""#));
    let name: String = sqlx::query_scalar("SELECT name_en FROM indicator WHERE code = 'CE-94'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(name, "First edit");
}

#[tokio::test]
async fn structure_forms_are_for_admins_only_and_speak_indonesian() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    assert_eq!(app.get("/admin/indicators").await.status(), 403);
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    let html = page(&admin, "/admin/indicators/new?lang=id").await;
    assert!(html.contains("Indikator baru"));
    assert!(html.contains("Frekuensi pelaporan"));
    for path in [
        "/admin/pillars",
        "/admin/indicators",
        "/admin/indicators/CE-01",
        "/admin/organisations",
        "/admin/assignments",
        "/admin/milestones",
    ] {
        let body = page(&admin, path).await;
        assert!(!body.contains("<script"), "{path}: no script");
        assert!(!body.contains(" style="), "{path}: no inline style");
        if path != "/admin/indicators" {
            assert!(body.contains("<label"), "{path}: labelled fields");
        }
    }
}

#[tokio::test]
async fn an_admin_keeps_organisations_with_their_roles_and_pillars() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let before = count(&app, "SELECT count(*) FROM organisation").await;
    let bad = app
        .post_form(
            "/admin/organisations",
            "/admin/organisations",
            &[
                ("code", "bad code"),
                ("name", "Nickel <Works>"),
                ("short_name", ""),
                ("kind", "ngo"),
                ("process_route", "hpal"),
                ("website", "ftp://x"),
                ("contact_email", "nobody"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    for message in [
        "capital letters, digits and hyphens",
        "required",
        "only tenants and the park operator have a process route",
        "an http or https address",
        "an email address such as",
    ] {
        assert!(html.contains(message), "{message}");
    }
    assert!(html.contains(r#"value="Nickel &#60;Works&#62;""#));
    assert_eq!(
        count(&app, "SELECT count(*) FROM organisation").await,
        before
    );

    let ok = app
        .post_form(
            "/admin/organisations",
            "/admin/organisations",
            &[
                ("code", "NEW-HPAL-C"),
                ("name", "New HPAL Plant C"),
                ("short_name", "HPAL C"),
                ("kind", "tenant"),
                ("process_route", "hpal"),
                ("website", "https://hpal-c.example"),
                ("contact_name", "Sari"),
                ("contact_email", "sari@hpal-c.example"),
                ("role", "reporting_tenant"),
                ("pillars_reporting_tenant", "CE"),
                ("pillars_reporting_tenant", "SC"),
                ("role", "funder"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let roles: Vec<(String, i64)> = sqlx::query_as(
        "SELECT r.role, (SELECT count(*) FROM program_role_pillar rp WHERE rp.program_role_id = r.id)
           FROM program_role r JOIN organisation o ON o.id = r.organisation_id
          WHERE o.code = 'NEW-HPAL-C' ORDER BY r.role",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        roles,
        vec![("funder".into(), 0), ("reporting_tenant".into(), 2)]
    );

    // Two editors of version 1: the second conflicts and sees the first one's change.
    let edit = |name: &'static str| {
        vec![
            ("name", name),
            ("short_name", "HPAL C"),
            ("kind", "tenant"),
            ("process_route", "hpal"),
            ("role", "reporting_tenant"),
            ("pillars_reporting_tenant", "CE"),
            ("version", "1"),
        ]
    };
    let path = "/admin/organisations/NEW-HPAL-C";
    assert_eq!(
        app.post_form(path, path, &edit("First name"))
            .await
            .status(),
        303
    );
    let second = app.post_form(path, path, &edit("Second name")).await;
    assert_eq!(second.status(), 409);
    assert!(second.text().await.unwrap().contains("<q>First name</q>"));

    // Archive asks first, then keeps the row.
    let confirm = page(&app, "/admin/organisations/NEW-HPAL-C/archive").await;
    assert!(confirm.contains("can be restored"));
    let archived = app
        .post_form(
            "/admin/organisations/NEW-HPAL-C/archive",
            "/admin/organisations/NEW-HPAL-C/archive",
            &[],
        )
        .await;
    assert_eq!(archived.status(), 303);
    assert_eq!(
        count(&app, "SELECT count(*) FROM organisation WHERE code = 'NEW-HPAL-C' AND archived_at IS NOT NULL").await,
        1
    );
}

async fn seen(app: &TestApp) -> String {
    let html = page(app, "/admin/assignments?pillar=CE").await;
    crate::html::between(&html, r#"name="seen" value=""#, "\"").to_string()
}

#[tokio::test]
async fn the_assignment_matrix_saves_the_ticked_set_and_archives_the_rest() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    app.post_form(
        "/admin/indicators/new",
        "/admin/indicators/new",
        &new_indicator("CE-95", "Matrix"),
    )
    .await;
    let live = "SELECT count(*) FROM assignment a JOIN indicator i ON i.id = a.indicator_id
                 WHERE i.code = 'CE-95' AND a.archived_at IS NULL";
    let total_before = count(
        &app,
        "SELECT count(*) FROM assignment WHERE archived_at IS NULL",
    )
    .await;
    // Keep every existing CE assignment (as shown), add two for the new indicator.
    let shown = seen(&app).await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("pillar", "CE"),
        ("starts_on", "2027-01-01"),
        ("seen", &shown),
    ];
    for e in shown.split(',').filter(|e| !e.is_empty()) {
        fields.push(("a", e));
    }
    fields.push(("a", "DEMO-RKEF-A|CE-95"));
    fields.push(("a", "DEMO-HPAL-B|CE-95"));
    let saved = app
        .post_form(
            "/admin/assignments",
            "/admin/assignments?pillar=CE",
            &fields,
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(count(&app, live).await, 2);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM assignment WHERE archived_at IS NULL"
        )
        .await,
        total_before + 2
    );
    let html = page(&app, "/admin/assignments?pillar=CE").await;
    assert!(html.contains(r#"value="DEMO-RKEF-A|CE-95" aria-label="#));

    // A second admin still holding the first page's state conflicts and sees what changed.
    let stale = app
        .post_form(
            "/admin/assignments",
            "/admin/assignments?pillar=CE",
            &fields,
        )
        .await;
    assert_eq!(stale.status(), 409);
    let html = stale.text().await.unwrap();
    assert!(html.contains("Someone else changed these assignments"));
    assert!(html.contains("+ DEMO-HPAL-B CE-95"));

    // Unticking one archives it; nothing else moves.
    let shown = seen(&app).await;
    let mut fields: Vec<(&str, &str)> = vec![
        ("pillar", "CE"),
        ("starts_on", "2027-01-01"),
        ("seen", &shown),
    ];
    for e in shown.split(',').filter(|e| *e != "DEMO-HPAL-B|CE-95") {
        fields.push(("a", e));
    }
    let saved = app
        .post_form(
            "/admin/assignments",
            "/admin/assignments?pillar=CE",
            &fields,
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(count(&app, live).await, 1);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM assignment a JOIN indicator i ON i.id = a.indicator_id WHERE i.code = 'CE-95'"
        )
        .await,
        2,
        "archived, not deleted"
    );
    // A bad date stores nothing.
    let bad = app
        .post_form(
            "/admin/assignments",
            "/admin/assignments?pillar=CE",
            &[
                ("pillar", "CE"),
                ("starts_on", "soon"),
                ("seen", &seen(&app).await),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(count(&app, live).await, 1);
}

#[tokio::test]
async fn an_admin_keeps_milestones_and_bad_dates_are_refused() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let before = count(&app, "SELECT count(*) FROM milestone").await;
    let bad = app
        .post_form(
            "/admin/milestones",
            "/admin/milestones",
            &[
                ("code", "X1"),
                ("title_en", "Slag plan"),
                ("title_id", "Rencana slag"),
                ("starts_on", "2027-05-01"),
                ("due_on", "2027-01-01"),
                ("status", "done"),
                ("evidence_url", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    for message in [
        "M and 2–3 digits",
        "the due date comes before the start",
        "a done milestone needs its completion date",
        "an http or https address",
    ] {
        assert!(html.contains(message), "{message}");
    }
    assert_eq!(count(&app, "SELECT count(*) FROM milestone").await, before);
    let ok = app
        .post_form(
            "/admin/milestones",
            "/admin/milestones",
            &[
                ("code", "M90"),
                ("title_en", "Slag plan"),
                ("title_id", "Rencana slag"),
                ("pillar", "CE"),
                ("owner", "DEMO-RKEF-A"),
                ("starts_on", "2027-01-01"),
                ("due_on", "2027-06-30"),
                ("status", "done"),
                ("completed_on", "2027-06-01"),
                ("evidence_url", "https://example.org/plan.pdf"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let path = "/admin/milestones/M90";
    let edit = |status: &'static str| {
        vec![
            ("title_en", "Slag plan"),
            ("title_id", "Rencana slag"),
            ("starts_on", "2027-01-01"),
            ("due_on", "2027-06-30"),
            ("status", status),
            ("version", "1"),
        ]
    };
    assert_eq!(
        app.post_form(path, path, &edit("in_progress"))
            .await
            .status(),
        303
    );
    let stale = app.post_form(path, path, &edit("cancelled")).await;
    assert_eq!(stale.status(), 409);
    let status: String = sqlx::query_scalar("SELECT status FROM milestone WHERE code = 'M90'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "in_progress");
}

#[tokio::test]
async fn two_admins_editing_one_pillar_conflict_and_archiving_asks_first() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let version: i32 = sqlx::query_scalar("SELECT version FROM pillar WHERE code = 'CE'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let v = version.to_string();
    let edit = |name: &'static str| {
        vec![
            ("name_en", name),
            ("name_id", "Ekonomi sirkular"),
            ("position", "1"),
            ("version", v.as_str()),
        ]
    };
    let path = "/admin/pillars/CE";
    let first = app
        .post_form(path, path, &edit("Circular economy (revised)"))
        .await;
    assert_eq!(first.status(), 303);
    let second = app
        .post_form(path, path, &edit("Circular economy, mine"))
        .await;
    assert_eq!(second.status(), 409);
    let html = second.text().await.unwrap();
    assert!(html.contains("Someone else saved this pillar"));
    assert!(html.contains("<q>Circular economy (revised)</q>"));
    assert!(html.contains(r#"value="Circular economy, mine""#));
    let confirm = page(&app, "/admin/pillars/CE/archive").await;
    assert!(confirm.contains("can be restored"));
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM pillar WHERE code = 'CE' AND archived_at IS NULL"
        )
        .await,
        1,
        "nothing happens before the confirmation is posted"
    );
    let archived = app
        .post_form(
            "/admin/pillars/CE/archive",
            "/admin/pillars/CE/archive",
            &[],
        )
        .await;
    assert_eq!(archived.status(), 303);
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM pillar WHERE code = 'CE' AND archived_at IS NOT NULL"
        )
        .await,
        1
    );
    assert!(count(&app, "SELECT count(*) FROM indicator i JOIN pillar p ON p.id = i.pillar_id WHERE p.code = 'CE'").await > 0);
}

#[tokio::test]
async fn a_new_assignment_starts_by_default_with_the_month_still_running() {
    // The tests live on 2026-11-29: a tenant assigned today owes nothing for closed months.
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let html = page(&app, "/admin/assignments?pillar=CE").await;
    let starts = crate::html::between(&html, r#"name="starts_on" value=""#, "\"");
    assert_eq!(starts, "2026-11-01");
}

#[tokio::test]
async fn archiving_revoking_signing_in_and_reporting_take_their_time_from_the_clock() {
    // A day far from the real one: a time the database's own clock wrote would show.
    let day = chrono::NaiveDate::from_ymd_opt(2031, 3, 3).unwrap();
    let app = TestApp::spawn_with(crate::common::Template::Demo, |state| {
        state.clock = pilar::domain::clock::Clock::Fixed(day);
    })
    .await;
    crate::common::add_reportable_quantity(&app.pool).await;
    assert_eq!(
        app.sign_in("admin@demo.pilar", "demo-admin-pass")
            .await
            .status(),
        303
    );
    let writer = crate::api::token(&app, "DEMO-RKEF-A", "write").await;
    let created = crate::api::post(
        &app,
        &writer,
        "/api/v1/observations",
        &crate::api::ce02_q2(),
    )
    .await;
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    crate::api::token(&app, "DEMO-HPAL-B", "read").await;
    let token_id: uuid::Uuid = sqlx::query_scalar(
        "SELECT t.id FROM api_token t JOIN organisation o ON o.id = t.organisation_id
          WHERE o.code = 'DEMO-HPAL-B' ORDER BY t.created_at DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let revoke = format!("/admin/tokens/{token_id}/revoke");
    assert_eq!(app.post_form(&revoke, &revoke, &[]).await.status(), 303);
    let archive = "/admin/organisations/DEMO-MINE-H/archive";
    assert_eq!(app.post_form(archive, archive, &[]).await.status(), 303);
    let archive = "/admin/pillars/CE/archive";
    assert_eq!(app.post_form(archive, archive, &[]).await.status(), 303);
    let dates: Vec<Option<chrono::NaiveDate>> = sqlx::query_scalar(
        "SELECT (t AT TIME ZONE 'UTC')::date FROM unnest(ARRAY[
            (SELECT revoked_at FROM api_token WHERE id = $1),
            (SELECT archived_at FROM organisation WHERE code = 'DEMO-MINE-H'),
            (SELECT archived_at FROM pillar WHERE code = 'CE'),
            (SELECT last_login_at FROM app_user WHERE email = 'admin@demo.pilar'),
            (SELECT created_at FROM observation WHERE id = $2),
            (SELECT updated_at FROM observation WHERE id = $2)]) WITH ORDINALITY AS x(t, n)
          ORDER BY n",
    )
    .bind(token_id)
    .bind(
        created["id"]
            .as_str()
            .unwrap()
            .parse::<uuid::Uuid>()
            .unwrap(),
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    // Revoked, archived (organisation, pillar), signed in, created, updated: all on the
    // clock's day.
    assert_eq!(dates, vec![Some(day); 6]);
}

/// Two editors who both saw no target for a year save at once: the first is stored, the
/// second is told the target changed (as any stale editor is), and nothing is overwritten.
#[tokio::test]
async fn the_first_target_saved_twice_at_once_keeps_the_first_and_refuses_the_second() {
    use pilar::store::structure::{TargetWrite, set_target};
    let pool = crate::common::database(crate::common::Template::Demo).await;
    // A year no target has been set for yet (the store takes any year; the forms the program's).
    let (indicator, year): (uuid::Uuid, i16) =
        sqlx::query_as("SELECT id, 2031::smallint FROM indicator ORDER BY code LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let mut first = pool.begin().await.unwrap();
    let stored = set_target(&mut first, indicator, year, 70.0, None, "first", "a")
        .await
        .unwrap();
    assert_eq!(stored, TargetWrite::Stored { old_value: None });
    // The second waits on the first's uncommitted row, then finds it.
    let second = tokio::spawn({
        let pool = pool.clone();
        async move {
            let mut tx = pool.begin().await.unwrap();
            let write = set_target(&mut tx, indicator, year, 90.0, None, "second", "b")
                .await
                .unwrap();
            tx.commit().await.unwrap();
            write
        }
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    assert_eq!(
        second.await.unwrap(),
        TargetWrite::Stale {
            current_value: Some(70.0)
        }
    );
    let (value, revisions): (f64, i64) = sqlx::query_as(
        "SELECT t.value, (SELECT count(*) FROM target_revision r
                           WHERE r.indicator_id = t.indicator_id AND r.year = t.year
                             AND r.reason IN ('first', 'second'))
           FROM target t WHERE t.indicator_id = $1 AND t.year = $2",
    )
    .bind(indicator)
    .bind(year)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((value, revisions), (70.0, 1));
}
