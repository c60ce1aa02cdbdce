//! Numbers as people type them, and plausible values only (issue 11, parts 4 and 5): the
//! report form, the period grid and the admin forms read numbers by the page's language and
//! ask before guessing; figures outside an indicator's bounds, or beyond what any figure may
//! be, are refused by the forms, the API and the database; a figure far from the
//! organisation's history asks for a comment and is flagged in review, a repeated 0 is not.

use serde_json::json;

use crate::api::{pointers, post, problem, token};
use crate::common::{DemoUser, QuarterlyQuantity, TestApp, add_quarterly_quantity};
use crate::html::page;
use crate::review::form_version;
use crate::submit::{arrange_percentage, stored};

const FORM: &str = "/submit/CE-99/2026-07-01";

/// What a post of the report form did.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// Saved (303); the numerator and denominator PostgreSQL holds.
    Stored(f64, f64),
    /// Refused (422) with this text on the page, the input kept, nothing changed.
    Refused(&'static str),
}

/// Posts CE-99's form for 2026-Q3 as a draft (with the version the form shows).
async fn post_figures(
    app: &TestApp,
    numerator: &str,
    denominator: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let version = form_version(app, FORM).await;
    let mut fields = vec![
        ("numerator", numerator),
        ("denominator", denominator),
        ("data_quality", "measured"),
        ("action", "draft"),
        ("version", version.as_str()),
    ];
    fields.extend_from_slice(extra);
    app.post_form(FORM, FORM, &fields).await
}

async fn outcome_of(app: &TestApp, numerator: &str, denominator: &str, want: &Outcome) {
    let before = stored(app, "2026-07-01").await;
    let response = post_figures(app, numerator, denominator, &[]).await;
    let status = response.status().as_u16();
    let html = response.text().await.unwrap();
    let got = match status {
        303 => {
            let (_, n, d, _) = stored(app, "2026-07-01").await.expect("stored");
            Outcome::Stored(n.unwrap(), d.unwrap())
        }
        422 => {
            assert_eq!(
                stored(app, "2026-07-01").await,
                before,
                "{numerator:?}: nothing stored"
            );
            assert!(
                html.contains(&format!(r#"name="numerator" value="{numerator}""#)),
                "{numerator:?}: the input is kept"
            );
            match want {
                Outcome::Refused(text) if html.contains(text) => Outcome::Refused(text),
                _ => panic!("{numerator:?} / {denominator:?}: 422 without the expected text"),
            }
        }
        other => panic!("{numerator:?}: answered {other}"),
    };
    assert_eq!(&got, want, "{numerator:?} / {denominator:?}");
}

#[tokio::test]
async fn the_english_form_reads_english_numbers_and_asks_before_guessing() {
    use Outcome::*;
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    page(&app, "/submit?lang=en").await;
    let table: &[(&str, &str, Outcome)] = &[
        ("1,300", "2,000", Stored(1300.0, 2000.0)),
        ("1,234", "1,234.5", Stored(1234.0, 1234.5)),
        ("1 300.5", "2\u{a0}000", Stored(1300.5, 2000.0)),
        (
            "1\u{202f}080\u{202f}163",
            "2,000,000",
            Stored(1_080_163.0, 2e6),
        ),
        ("1300.5", "2000", Stored(1300.5, 2000.0)),
        ("0.300", "2000", Stored(0.3, 2000.0)),
        // Ambiguous, or written the Indonesian way: asked, never guessed.
        ("1.300", "2000", Refused("“1.300” would be read as 1.3.")),
        (
            "12.345",
            "2000",
            Refused("“12.345” would be read as 12.345."),
        ),
        (
            "1300,5",
            "2000",
            Refused("“1300,5” would be read as 1,300.5."),
        ),
        ("1,5", "2000", Refused("“1,5” would be read as 1.5.")),
        (
            "1.300,5",
            "2000",
            Refused("“1.300,5” would be read as 1,300.5."),
        ),
        (
            "1.300.000",
            "2,000,000",
            Refused("“1.300.000” would be read as 1,300,000."),
        ),
        ("1,30,0", "2000", Refused("must be a number")),
        ("1e3", "2000", Refused("must be a number")),
    ];
    for (numerator, denominator, want) in table {
        outcome_of(&app, numerator, denominator, want).await;
    }
}

#[tokio::test]
async fn the_indonesian_form_reads_indonesian_numbers_and_asks_before_guessing() {
    use Outcome::*;
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    page(&app, "/submit?lang=id").await;
    let table: &[(&str, &str, Outcome)] = &[
        ("1.300", "2.000", Stored(1300.0, 2000.0)),
        ("1.300,5", "2000", Stored(1300.5, 2000.0)),
        ("1300.5", "2 000", Stored(1300.5, 2000.0)),
        ("1300,5", "2\u{a0}000", Stored(1300.5, 2000.0)),
        ("1.080.163", "2.000.000", Stored(1_080_163.0, 2e6)),
        ("1,5", "2000", Stored(1.5, 2000.0)),
        ("1.5", "2000", Stored(1.5, 2000.0)),
        ("0,300", "2000", Stored(0.3, 2000.0)),
        // Ambiguous, or written the English way.
        ("1,300", "2000", Refused("“1,300” akan dibaca sebagai 1,3.")),
        (
            "123,456",
            "2000",
            Refused("“123,456” akan dibaca sebagai 123,456."),
        ),
        (
            "1,300.5",
            "2000",
            Refused("“1,300.5” akan dibaca sebagai 1.300,5."),
        ),
        (
            "1,300,000",
            "2.000.000",
            Refused("“1,300,000” akan dibaca sebagai 1.300.000."),
        ),
        ("1.30.0", "2000", Refused("harus berupa angka")),
    ];
    for (numerator, denominator, want) in table {
        outcome_of(&app, numerator, denominator, want).await;
    }
}

#[tokio::test]
async fn an_ambiguous_number_is_stored_once_confirmed_and_read_afresh_when_retyped() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    let asked = post_figures(&app, "1.300", "2000", &[]).await;
    assert_eq!(asked.status(), 422);
    let html = asked.text().await.unwrap();
    assert!(
        html.contains(r#"<input type="checkbox" name="confirm_numerator" value="1.300">"#),
        "a box to confirm the stated reading"
    );
    assert!(!html.contains(r#"name="confirm_denominator""#));
    assert_eq!(stored(&app, "2026-07-01").await, None, "nothing stored");
    // Confirming another text does not confirm this one.
    let other = post_figures(&app, "1.300", "2000", &[("confirm_numerator", "1.30")]).await;
    assert_eq!(other.status(), 422);
    let confirmed = post_figures(&app, "1.300", "2000", &[("confirm_numerator", "1.300")]).await;
    assert_eq!(confirmed.status(), 303);
    assert_eq!(
        stored(&app, "2026-07-01").await,
        Some(("draft".into(), Some(1.3), Some(2000.0), 1))
    );
    // Shown again for editing, the number reads back as it is (no "1.300" trap).
    let form = page(&app, FORM).await;
    assert!(form.contains(r#"name="numerator" value="1.3""#));
    // In Indonesian the same stored 1.3 is shown "1,3"; posted unchanged it stays 1.3.
    page(&app, "/submit?lang=id").await;
    let form = page(&app, FORM).await;
    assert!(form.contains(r#"name="numerator" value="1,3""#));
    assert_eq!(post_figures(&app, "1,3", "2000", &[]).await.status(), 303);
    assert_eq!(stored(&app, "2026-07-01").await.unwrap().1, Some(1.3));
}

#[tokio::test]
async fn the_period_grid_reads_numbers_by_language_and_asks_before_guessing() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    let grid = |start: &str| format!("/submit/period/quarterly/{start}");
    let q3 = grid("2026-07-01");
    page(&app, "/submit?lang=id").await;
    let saved = app
        .post_form(
            &q3,
            &q3,
            &[
                ("CE-99.version", ""),
                ("CE-99.numerator", "1.300"),
                ("CE-99.denominator", "2.000"),
                ("CE-99.data_quality", "measured"),
                ("action", "draft"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        stored(&app, "2026-07-01").await,
        Some(("draft".into(), Some(1300.0), Some(2000.0), 1))
    );

    page(&app, "/submit?lang=en").await;
    let q2 = grid("2026-04-01");
    let fields = |confirm: &'static str| {
        vec![
            ("CE-99.version", ""),
            ("CE-99.numerator", "1.300"),
            ("CE-99.denominator", "2000"),
            ("CE-99.data_quality", "measured"),
            ("CE-99.confirm_numerator", confirm),
            ("action", "draft"),
        ]
    };
    let asked = app.post_form(&q2, &q2, &fields("")).await;
    assert_eq!(asked.status(), 422);
    let html = asked.text().await.unwrap();
    assert!(html.contains("“1.300” would be read as 1.3."));
    assert!(html.contains(r#"name="CE-99.confirm_numerator" value="1.300""#));
    assert_eq!(stored(&app, "2026-04-01").await, None);
    let confirmed = app.post_form(&q2, &q2, &fields("1.300")).await;
    assert_eq!(confirmed.status(), 303);
    assert_eq!(
        stored(&app, "2026-04-01").await,
        Some(("draft".into(), Some(1.3), Some(2000.0), 1))
    );
}

/// Adds CE-98, a quarterly quantity in ML (catalogue ceiling 10¹⁰), assigned to the demo
/// tenant's organisation from the start of 2026.
async fn arrange_quantity(app: &TestApp) {
    add_quarterly_quantity(
        &app.pool,
        QuarterlyQuantity {
            code: "CE-98",
            name_en: "Water drawn",
            name_id: "Air diambil",
            unit: "ML",
            direction: "lower_is_better",
            organisation: "DEMO-RKEF-A",
        },
    )
    .await;
}

async fn water(app: &TestApp) -> Option<f64> {
    sqlx::query_scalar(
        "SELECT o.value FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE i.code = 'CE-98' AND o.period_start = DATE '2026-07-01'",
    )
    .fetch_optional(&app.pool)
    .await
    .unwrap()
    .flatten()
}

#[tokio::test]
async fn figures_outside_the_bounds_are_refused_by_the_form_naming_the_field() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_quantity(&app).await;
    let path = "/submit/CE-98/2026-07-01";
    let post_value = |value: &'static str| {
        let app = &app;
        async move {
            let fields = [
                ("value", value),
                ("data_quality", "measured"),
                ("action", "submit"),
                ("version", ""),
            ];
            let response = app.post_form(path, path, &fields).await;
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }
    };
    // 10^26 ML: beyond any figure at all.
    let (status, html) = post_value("100,000,000,000,000,000,000,000,000").await;
    assert_eq!(status, 422);
    assert!(
        html.contains("The value can be at most 1,000,000,000,000,000."),
        "{html}"
    );
    // Beyond the catalogue's ceiling for ML (10^10), and below 0.
    let (status, html) = post_value("20,000,000,000").await;
    assert_eq!(status, 422);
    assert!(html.contains("The value can be at most 10,000,000,000."));
    let (status, html) = post_value("-5").await;
    assert_eq!(status, 422);
    assert!(html.contains("The value cannot be below 0."));
    // Closer to zero than anything kept.
    let (status, html) = post_value("0.0000001").await;
    assert_eq!(status, 422);
    assert!(html.contains("too close to zero"));
    assert_eq!(water(&app).await, None, "nothing stored");
    // The admin's bound wins over the catalogue's.
    sqlx::query("UPDATE indicator SET bound_max = 500 WHERE code = 'CE-98'")
        .execute(&app.pool)
        .await
        .unwrap();
    let (status, html) = post_value("600").await;
    assert_eq!(status, 422);
    assert!(html.contains("The value can be at most 500."));
    assert_eq!(water(&app).await, None);
    let (status, _) = post_value("500").await;
    assert_eq!(status, 303);
    assert_eq!(water(&app).await, Some(500.0));
}

#[tokio::test]
async fn api_extremes_are_refused_so_approval_never_fails_and_a_bulk_approval_works() {
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&tenant).await;
    let w = token(&tenant, "DEMO-RKEF-A", "write").await;
    let item = |start: &str, n: f64, d: f64| {
        json!({"indicator": "CE-99", "period_start": start, "numerator": n, "denominator": d,
               "unit": "%", "data_quality": "measured", "status": "submitted"})
    };
    // 1e307 / 2e307 is refused with the fields named; nothing is stored.
    let body = problem(
        post(
            &tenant,
            &w,
            "/api/v1/observations",
            &item("2026-04-01", 1e307, 2e307),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/numerator", "/denominator"]);
    let detail = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(detail.contains("1,000,000,000,000,000"), "{body}");
    // Above the parts' default bound (10^12), and a tiny denominator.
    let body = problem(
        post(
            &tenant,
            &w,
            "/api/v1/observations",
            &item("2026-04-01", 1e13, 2e13),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/numerator", "/denominator"]);
    let body = problem(
        post(
            &tenant,
            &w,
            "/api/v1/observations",
            &item("2026-04-01", 0.0, 1e-300),
        )
        .await,
        422,
    )
    .await;
    assert_eq!(pointers(&body), ["/denominator"]);
    let none: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE i.code = 'CE-99'",
    )
    .fetch_one(&tenant.pool)
    .await
    .unwrap();
    assert_eq!(none, 0);
    // The database refuses them too, whatever writes.
    let direct = sqlx::query(
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end,
                numerator, denominator, data_quality, status, first_submitted_at)
         SELECT i.id, o.id, DATE '2026-04-01', DATE '2026-06-30', 1e307, 2e307, 'measured',
                'submitted', now()
           FROM indicator i, organisation o WHERE i.code = 'CE-99' AND o.code = 'DEMO-RKEF-A'",
    )
    .execute(&tenant.pool)
    .await
    .unwrap_err();
    assert_eq!(
        direct.as_database_error().and_then(|e| e.constraint()),
        Some("observation_storable")
    );
    // The largest figures allowed, submitted and approved together: 200-class answers.
    for (start, n, d) in [("2026-04-01", 1e12, 1e12), ("2026-07-01", 1e-6, 1e12)] {
        let created = post(&tenant, &w, "/api/v1/observations", &item(start, n, d)).await;
        assert_eq!(created.status(), 201, "{start}");
    }
    let manager = TestApp::serve(tenant.state.clone()).await;
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    let items: Vec<(uuid::Uuid, i32)> = sqlx::query_as(
        "SELECT o.id, o.version FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE i.code = 'CE-99' ORDER BY o.period_start",
    )
    .fetch_all(&tenant.pool)
    .await
    .unwrap();
    let fields: Vec<(String, String)> = items
        .iter()
        .map(|(id, v)| ("item".to_string(), format!("{id}:{v}")))
        .chain([("action".to_string(), "approve".to_string())])
        .collect();
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let approved = manager.post_form("/review", "/review", &fields).await;
    assert_eq!(approved.status(), 303);
    let (count, value): (i64, Option<f64>) = sqlx::query_as(
        "SELECT count(*), max(f.value) FROM official_figure f
           JOIN indicator i ON i.id = f.indicator_id WHERE i.code = 'CE-99'",
    )
    .fetch_one(&tenant.pool)
    .await
    .unwrap();
    // Q2: 100 × 1e12 / 1e12 = 100 %; Q3: 100 × 1e-6 / 1e12 = 1e-16 %.
    assert_eq!((count, value), (2, Some(100.0)));
}

/// Approves CE-99 figures of the demo tenant for the quarters before 2026-Q3 (the history).
async fn approved_history(app: &TestApp, figures: &[(&str, f64, f64)]) {
    for (start, n, d) in figures {
        sqlx::query(
            "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end,
                    numerator, denominator, data_quality, status, first_submitted_at,
                    submitted_at, reviewed_at)
             SELECT i.id, o.id, $1::date, ($1::date + interval '3 months - 1 day')::date, $2, $3,
                    'measured', 'approved', $1::date + 100, $1::date + 100, $1::date + 105
               FROM indicator i, organisation o WHERE i.code = 'CE-99' AND o.code = 'DEMO-RKEF-A'",
        )
        .bind(start)
        .bind(n)
        .bind(d)
        .execute(&app.pool)
        .await
        .unwrap();
    }
}

async fn submit_q3(app: &TestApp, n: &str, d: &str, comment: &str) -> (u16, String) {
    let response = app
        .post_form(
            FORM,
            FORM,
            &[
                ("numerator", n),
                ("denominator", d),
                ("data_quality", "measured"),
                ("comment", comment),
                ("action", "submit"),
                ("version", ""),
            ],
        )
        .await;
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn a_figure_far_from_the_history_asks_for_a_comment_and_is_flagged_in_review() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    // Q1 10 %, Q2 12 %: median 11 %; 40 % is 3.6 times that.
    approved_history(
        &app,
        &[("2026-01-01", 10.0, 100.0), ("2026-04-01", 12.0, 100.0)],
    )
    .await;
    let (status, html) = submit_q3(&app, "40", "100", "").await;
    assert_eq!(status, 422);
    assert!(
        html.contains(
            "far from your organisation&#39;s usual figure (median of the last periods: 11)"
        ) || html
            .contains("far from your organisation's usual figure (median of the last periods: 11)"),
        "{html}"
    );
    assert_eq!(stored(&app, "2026-07-01").await, None, "nothing stored");
    // The API refuses it the same way, naming the comment.
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let item = json!({"indicator": "CE-99", "period_start": "2026-07-01", "numerator": 40,
                      "denominator": 100, "unit": "%", "data_quality": "measured",
                      "status": "submitted"});
    let body = problem(post(&app, &w, "/api/v1/observations", &item).await, 422).await;
    assert_eq!(pointers(&body), ["/comment"]);
    // As a draft it is kept without a word; submitted with a comment it goes through.
    let (status, _) = submit_q3(&app, "40", "100", "New slag mill commissioned in July").await;
    assert_eq!(status, 303);
    assert_eq!(stored(&app, "2026-07-01").await.unwrap().0, "submitted");
    // The reviewer sees it flagged.
    let manager = TestApp::serve(app.state.clone()).await;
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    let queue = page(&manager, "/review").await;
    let row = crate::html::between(&queue, r#"<span class="code">CE-99</span>"#, "</tr>");
    assert!(row.contains(r#"data-outlier="true""#), "{row}");
}

#[tokio::test]
async fn a_repeated_zero_is_not_unusual() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&app).await;
    // Three quarters of 0 %: a fourth 0 % needs no comment and is not flagged.
    approved_history(
        &app,
        &[
            ("2025-10-01", 0.0, 80.0),
            ("2026-01-01", 0.0, 90.0),
            ("2026-04-01", 0.0, 100.0),
        ],
    )
    .await;
    let (status, _) = submit_q3(&app, "0", "120", "").await;
    assert_eq!(status, 303);
    assert_eq!(stored(&app, "2026-07-01").await.unwrap().0, "submitted");
    let manager = TestApp::serve(app.state.clone()).await;
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    let queue = page(&manager, "/review").await;
    let row = crate::html::between(&queue, r#"<span class="code">CE-99</span>"#, "</tr>");
    assert!(!row.contains("data-outlier"), "{row}");
}

#[tokio::test]
async fn admin_bounds_and_targets_are_read_by_language_and_audited() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let indicator = |bound_min: &'static str, bound_max: &'static str| {
        vec![
            ("pillar", "CE"),
            ("code", "CE-91"),
            ("name_en", "Water drawn"),
            ("name_id", "Air diambil"),
            ("unit", "ML"),
            ("kind", "quantity"),
            ("direction", "lower_is_better"),
            ("aggregation", "sum"),
            ("frequency", "quarterly"),
            ("decimals", "1"),
            ("position", "21"),
            ("bound_min", bound_min),
            ("bound_max", bound_max),
            ("bound_parts_max", ""),
        ]
    };
    let new = "/admin/indicators/new";
    let crossed = app.post_form(new, new, &indicator("5", "1")).await;
    assert_eq!(crossed.status(), 422);
    assert!(
        crossed
            .text()
            .await
            .unwrap()
            .contains("must not exceed the highest")
    );
    // A lowest figure above the default highest for ML (10^10), the highest left blank.
    let above_default = app
        .post_form(new, new, &indicator("20,000,000,000", ""))
        .await;
    assert_eq!(above_default.status(), 422);
    assert!(
        above_default
            .text()
            .await
            .unwrap()
            .contains("must not exceed the highest")
    );
    let ambiguous = app.post_form(new, new, &indicator("", "1.500")).await;
    assert_eq!(ambiguous.status(), 422);
    assert!(
        ambiguous
            .text()
            .await
            .unwrap()
            .contains("could be read two ways")
    );
    let huge = app.post_form(new, new, &indicator("", "1e20")).await;
    assert_eq!(huge.status(), 422);
    let none: i64 = sqlx::query_scalar("SELECT count(*) FROM indicator WHERE code = 'CE-91'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(none, 0, "nothing stored");
    let created = app.post_form(new, new, &indicator("", "1,500")).await;
    assert_eq!(created.status(), 303);
    let bounds: (Option<f64>, Option<f64>, Option<f64>) = sqlx::query_as(
        "SELECT bound_min, bound_max, bound_parts_max FROM indicator WHERE code = 'CE-91'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(bounds, (None, Some(1500.0), None));
    let audited: serde_json::Value = sqlx::query_scalar(
        "SELECT after FROM audit_event WHERE entity = 'indicator' AND action = 'create'
          ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited["bound_max"], 1500.0);
    let shown = page(&app, "/admin/indicators/CE-91").await;
    assert!(shown.contains(r#"name="bound_max" value="1500""#));

    // Targets: "1.300" in English is asked to be retyped; "1.300" in Indonesian is 1300.
    let path = "/admin/indicators/CE-91";
    let targets = "/admin/indicators/CE-91/targets";
    let target = |value: &'static str| {
        [
            ("year", "2027"),
            ("value", value),
            ("reason", ""),
            ("version", ""),
        ]
    };
    let asked = app.post_form(targets, path, &target("1.300")).await;
    assert_eq!(asked.status(), 422);
    assert!(
        asked
            .text()
            .await
            .unwrap()
            .contains("could be read two ways")
    );
    page(&app, "/admin/indicators/CE-91?lang=id").await;
    let set = app.post_form(targets, path, &target("1.300")).await;
    assert_eq!(set.status(), 303);
    let value: f64 = sqlx::query_scalar(
        "SELECT t.value FROM target t JOIN indicator i ON i.id = t.indicator_id
          WHERE i.code = 'CE-91' AND t.year = 2027",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(value, 1300.0);
}
