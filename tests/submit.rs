//! `/submit`: a tenant user reports through the form — what is due, a form per indicator and
//! period with the fields of its kind, draft or submit, the returned note and correction, the
//! approved lock.

use crate::common::{DemoUser, QuarterlyQuantity, TestApp, add_quarterly_quantity};
use crate::html::page;

/// Adds a quarterly percentage indicator, CE-99, assigned to the demo tenant's organisation
/// from the start of 2026: its 2026 quarters up to Q3 are due, Q4 is running.
pub async fn arrange_percentage(app: &TestApp) {
    sqlx::query(
        "WITH i AS (
             INSERT INTO indicator (program_id, pillar_id, code, name_en, name_id, unit, kind,
                    direction, aggregation, frequency, decimals, numerator_label_en,
                    denominator_label_en)
             SELECT p.program_id, p.id, 'CE-99', 'Slag <reused>', 'Slag dimanfaatkan', '%',
                    'percentage', 'higher_is_better', 'ratio_of_sums', 'quarterly', 1,
                    'slag reused (t)', 'slag produced (t)'
               FROM pillar p WHERE p.code = 'CE'
             RETURNING id)
         INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM i, organisation o
          WHERE o.code IN ('DEMO-RKEF-A', 'DEMO-HPAL-B')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
}

pub async fn stored(
    app: &TestApp,
    period: &str,
) -> Option<(String, Option<f64>, Option<f64>, i32)> {
    sqlx::query_as(
        "SELECT o.status, o.numerator, o.denominator, o.version FROM observation o
           JOIN indicator i ON i.id = o.indicator_id JOIN organisation g ON g.id = o.organisation_id
          WHERE i.code = 'CE-99' AND g.code = 'DEMO-RKEF-A' AND o.period_start = $1::date",
    )
    .bind(period)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

const FORM: &str = "/submit/CE-99/2026-07-01";

fn figures<'a>(
    numerator: &'a str,
    denominator: &'a str,
    action: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("numerator", numerator),
        ("denominator", denominator),
        ("data_quality", "measured"),
        ("comment", "From the <weighbridge> log"),
        ("evidence_url", ""),
        ("action", action),
    ]
}

#[tokio::test]
async fn a_tenant_sees_what_is_due_and_reports_a_percentage_as_draft_then_submits_it() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    let due = page(&app, "/submit").await;
    assert!(due.contains(r#"href="/submit/CE-99/2026-07-01""#));
    assert!(
        due.contains(r#"href="/submit/CE-99/2026-10-01""#),
        "the running quarter too"
    );
    assert!(due.contains("Slag &#60;reused&#62;"), "escaped");
    let form = page(&app, FORM).await;
    assert!(form.contains("slag reused (t)") && form.contains("slag produced (t)"));

    let draft = app
        .post_form(FORM, FORM, &figures("30", "120", "draft"))
        .await;
    assert_eq!(draft.status(), 303);
    assert_eq!(
        draft.headers()["location"],
        "/submit/CE-99/2026-07-01?done=draft"
    );
    assert_eq!(
        stored(&app, "2026-07-01").await,
        Some(("draft".into(), Some(30.0), Some(120.0), 1))
    );
    let shown = page(&app, "/submit/CE-99/2026-07-01?done=draft").await;
    assert!(
        shown.contains("25.0 %"),
        "the resulting percentage is shown"
    );
    assert!(shown.contains("From the &#60;weighbridge&#62; log"));

    let mut fields = figures("30", "120", "submit");
    fields.push(("version", "1"));
    let submitted = app.post_form(FORM, FORM, &fields).await;
    assert_eq!(submitted.status(), 303);
    assert_eq!(stored(&app, "2026-07-01").await.unwrap().0, "submitted");
    let read_only = page(&app, FORM).await;
    assert!(read_only.contains("This report awaits review"));
    assert!(!read_only.contains(r#"name="numerator""#));
    let due = page(&app, "/submit").await;
    assert!(due.contains("25.0 %"), "the last value is listed");
}

#[tokio::test]
async fn bad_figures_are_named_field_by_field_and_nothing_is_stored() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    let bad = app
        .post_form(FORM, FORM, &figures("130", "120", "submit"))
        .await;
    assert_eq!(bad.status(), 422);
    let html = bad.text().await.unwrap();
    assert!(html.contains("Nothing was saved"));
    assert!(html.contains(r#"value="130""#), "the input is kept");
    assert_eq!(stored(&app, "2026-07-01").await, None);
    let not_a_number = app
        .post_form(FORM, FORM, &figures("many", "120", "draft"))
        .await;
    assert_eq!(not_a_number.status(), 422);
    assert!(
        not_a_number
            .text()
            .await
            .unwrap()
            .contains("a number, such as 12.5")
    );
    assert_eq!(stored(&app, "2026-07-01").await, None);
    // Another organisation's indicator or a misaligned period is not there at all.
    assert_eq!(app.get("/submit/CE-99/2026-08-01").await.status(), 404);
    let unassigned: String = sqlx::query_scalar(
        "SELECT i.code FROM indicator i WHERE NOT EXISTS (
             SELECT 1 FROM assignment a JOIN organisation o ON o.id = a.organisation_id
              WHERE a.indicator_id = i.id AND o.code = 'DEMO-RKEF-A' AND a.archived_at IS NULL)
          ORDER BY i.code LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let path = format!("/submit/{unassigned}/2026-01-01");
    assert_eq!(app.get(&path).await.status(), 404, "{path}");
}

#[tokio::test]
async fn submit_pages_are_for_tenant_users_and_speak_indonesian() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    let html = page(&app, "/submit?lang=id").await;
    assert!(html.contains("Laporkan angka Anda"));
    let manager = TestApp::signed_in(DemoUser::Manager).await;
    assert_eq!(manager.get("/submit").await.status(), 403);
}

#[tokio::test]
async fn the_grid_saves_every_filled_line_of_one_period_together() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    let due = page(&app, "/submit").await;
    assert!(due.contains(r#"href="/submit/period/quarterly/2026-07-01""#));
    let grid = "/submit/period/quarterly/2026-07-01";
    let html = page(&app, grid).await;
    assert!(html.contains(r#"data-grid-row="CE-99""#));
    let bad = app
        .post_form(
            grid,
            grid,
            &[
                ("CE-99.numerator", "lots"),
                ("CE-99.denominator", "120"),
                ("CE-99.data_quality", "measured"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(bad.text().await.unwrap().contains(r#"value="lots""#));
    assert_eq!(stored(&app, "2026-07-01").await, None);
    let ok = app
        .post_form(
            grid,
            grid,
            &[
                ("CE-99.numerator", "45"),
                ("CE-99.denominator", "90"),
                ("CE-99.data_quality", "estimated"),
                ("CE-99.comment", "grid"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    assert_eq!(
        stored(&app, "2026-07-01").await,
        Some(("submitted".into(), Some(45.0), Some(90.0), 1))
    );
}

/// A second quarterly indicator of the tenant's organisation, CE-98 (a quantity).
async fn arrange_quantity(app: &TestApp) {
    add_quarterly_quantity(
        &app.pool,
        QuarterlyQuantity {
            code: "CE-98",
            name_en: "Scrap sold",
            name_id: "Skrap dijual",
            unit: "t",
            direction: "higher_is_better",
            organisation: "DEMO-RKEF-A",
        },
    )
    .await;
}

#[tokio::test]
async fn the_grid_says_what_it_did_in_both_languages() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    arrange_quantity(&app).await;
    let grid = "/submit/period/quarterly/2026-04-01";
    let drafts = app
        .post_form(
            grid,
            grid,
            &[
                ("CE-99.numerator", "45"),
                ("CE-99.denominator", "90"),
                ("CE-99.data_quality", "measured"),
                ("CE-98.value", "12.5"),
                ("CE-98.data_quality", "measured"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(drafts.status(), 303);
    let done = drafts.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(done, format!("{grid}?drafts=2"));
    assert!(page(&app, &done).await.contains("2 drafts saved."));
    assert!(
        page(&app, &format!("{done}&lang=id"))
            .await
            .contains("2 draf tersimpan.")
    );
    let version = stored(&app, "2026-04-01").await.unwrap().3.to_string();
    let one = app
        .post_form(
            grid,
            grid,
            &[
                ("CE-99.version", &version),
                ("CE-99.numerator", "45"),
                ("CE-99.denominator", "90"),
                ("CE-99.data_quality", "measured"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(one.status(), 303);
    let done = one.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(done, format!("{grid}?submitted=1"));
    assert!(
        page(&app, &format!("{done}&lang=en"))
            .await
            .contains("1 report submitted for review.")
    );
    assert!(
        page(&app, &format!("{done}&lang=id"))
            .await
            .contains("1 laporan dikirim untuk ditinjau.")
    );
}

#[tokio::test]
async fn the_grid_lists_each_error_once() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    arrange_quantity(&app).await;
    let grid = "/submit/period/quarterly/2026-07-01";
    for (fields, expected) in [
        (
            vec![
                ("CE-99.numerator", "130"),
                ("CE-99.denominator", "120"),
                ("CE-99.data_quality", "measured"),
                ("CE-98.value", "-5"),
                ("CE-98.data_quality", "measured"),
                ("action", "submit"),
            ],
            1,
        ),
        (
            vec![
                ("CE-99.numerator", "lots"),
                ("CE-99.denominator", "many"),
                ("CE-99.data_quality", "measured"),
                ("action", "submit"),
            ],
            1,
        ),
    ] {
        let bad = app.post_form(grid, grid, &fields).await;
        assert_eq!(bad.status(), 422);
        let html = bad.text().await.unwrap();
        let messages: Vec<&str> = html
            .split(r#"<span class="field-error">"#)
            .skip(1)
            .map(|rest| &rest[..rest.find("</span>").unwrap()])
            .collect();
        let mut once = messages.clone();
        once.sort_unstable();
        once.dedup();
        assert_eq!(messages.len(), once.len(), "{messages:?}");
        assert!(messages.len() >= expected, "{messages:?}");
        assert_eq!(html.matches("Nothing was saved").count(), 1);
    }
    assert_eq!(stored(&app, "2026-07-01").await, None);
}
