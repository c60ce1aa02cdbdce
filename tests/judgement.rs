//! Issue 11, parts 1 and 2: a status says what it judged (value, basis, expected value, band,
//! one sentence in the page's language), and a park figure below its indicator's minimum
//! coverage is shown as incomplete, never judged or headlined. Seeded into the demo program
//! with hand-computed figures; checked through the API and the pages in both languages.

use serde_json::Value;
use sqlx::PgPool;

use crate::api::{get_json, token};
use crate::common::{DemoUser, TestApp};

/// Two indicators of pillar CE, six tenants assigned both from 1 January 2026:
/// - CE-90, a pooled percentage (quarterly, higher is better, baseline 40 % in 2025, target
///   60 % in 2026);
/// - CE-91, a quarterly count summed over the year (people, baseline 1,000 in 2025, target
///   2,000 in 2026).
async fn seed(pool: &PgPool) {
    sqlx::query(
        "INSERT INTO indicator (program_id, pillar_id, code, name_en, name_id, unit, kind,
                                direction, aggregation, frequency, decimals, baseline_value,
                                baseline_year, numerator_label_en, numerator_label_id,
                                denominator_label_en, denominator_label_id, position)
         SELECT p.program_id, p.id, c.code, c.name, c.name, c.unit, c.kind, 'higher_is_better',
                c.aggregation, 'quarterly', c.decimals, c.baseline, 2025, c.num, c.num, c.den,
                c.den, 90
           FROM pillar p,
                (VALUES ('CE-90', 'Coverage share', '%', 'percentage', 'ratio_of_sums', 1, 40.0,
                         'Recycled', 'Total'),
                        ('CE-91', 'Coverage count', 'people', 'count', 'sum', 0, 1000.0,
                         NULL, NULL)) AS c(code, name, unit, kind, aggregation, decimals,
                                           baseline, num, den)
          WHERE p.code = 'CE'",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO target (indicator_id, year, value)
         SELECT id, 2026, CASE code WHEN 'CE-90' THEN 60 ELSE 2000 END
           FROM indicator WHERE code IN ('CE-90', 'CE-91')",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "WITH o AS (
             INSERT INTO organisation (code, name, short_name, kind, process_route)
             SELECT 'COV-' || n, 'Coverage tenant ' || n, 'Cov ' || n, 'tenant', 'rkef'
               FROM generate_series(1, 6) AS n
             RETURNING id)
         INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01'
           FROM o, indicator i WHERE i.code IN ('CE-90', 'CE-91')",
    )
    .execute(pool)
    .await
    .unwrap();
    // CE-90: Q1 and Q2 from four of six (complete); Q3 from one of six (incomplete).
    //   Q1 45/100 50/100 100/200 45/100 → 240/500 = 48.0 %
    //   Q2 50/100 60/100 110/200 55/100 → 275/500 = 55.0 %
    //   Q3 142/500                       → 28.4 %, 1 of 6 (3 needed)
    // CE-91: Q1 and Q2 from three of six (exactly the threshold):
    //   Q1 100 + 150 + 50 = 300; Q2 200 + 100 + 100 = 400.
    for (code, org, start, value, numerator, denominator) in [
        ("CE-90", 1, "2026-01-01", None, Some(45.0), Some(100.0)),
        ("CE-90", 2, "2026-01-01", None, Some(50.0), Some(100.0)),
        ("CE-90", 3, "2026-01-01", None, Some(100.0), Some(200.0)),
        ("CE-90", 4, "2026-01-01", None, Some(45.0), Some(100.0)),
        ("CE-90", 1, "2026-04-01", None, Some(50.0), Some(100.0)),
        ("CE-90", 2, "2026-04-01", None, Some(60.0), Some(100.0)),
        ("CE-90", 3, "2026-04-01", None, Some(110.0), Some(200.0)),
        ("CE-90", 4, "2026-04-01", None, Some(55.0), Some(100.0)),
        ("CE-90", 5, "2026-07-01", None, Some(142.0), Some(500.0)),
        ("CE-91", 1, "2026-01-01", Some(100.0), None, None),
        ("CE-91", 2, "2026-01-01", Some(150.0), None, None),
        ("CE-91", 3, "2026-01-01", Some(50.0), None, None),
        ("CE-91", 1, "2026-04-01", Some(200.0), None, None),
        ("CE-91", 2, "2026-04-01", Some(100.0), None, None),
        ("CE-91", 3, "2026-04-01", Some(100.0), None, None),
    ] {
        approve(pool, code, org, start, value, numerator, denominator).await;
    }
}

/// Stores one approved report (the official-figure trigger rolls it up).
async fn approve(
    pool: &PgPool,
    code: &str,
    org: i32,
    start: &str,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
) {
    sqlx::query(
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end, value,
                                  numerator, denominator, data_quality, status,
                                  first_submitted_at, submitted_at, reviewed_at)
         SELECT i.id, o.id, $3::date, ($3::date + interval '3 months')::date - 1, $4, $5, $6,
                'measured', 'approved', $7, $7, $7
           FROM indicator i, organisation o
          WHERE i.code = $1 AND o.code = 'COV-' || $2",
    )
    .bind(code)
    .bind(org)
    .bind(start)
    .bind(value)
    .bind(numerator)
    .bind(denominator)
    .bind(crate::common::now())
    .execute(pool)
    .await
    .unwrap();
}

fn approx(value: &Value, expected: f64) {
    let v = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is a number"));
    assert!((v - expected).abs() < 1e-6, "{v} ≠ {expected}");
}

#[tokio::test]
async fn api_and_pages_say_what_was_judged_year_to_date_and_annualised() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    seed(&app.pool).await;
    let manager = token(&app, "UNIDO", "read").await;

    // CE-90, year to date: Q1 + Q2 pooled = 515 / 1,000 = 51.5 %, judged on 30 Jun 2026.
    // Expected: 40 + 20 × 181 / 365 = 49.917808… (181 days of 365 from the baseline); the
    // value is above it, so on track. Bands: the year plans 20 points, so on track down to
    // 49.918 − 0.25 × 20 = 44.918, at risk down to 39.918.
    let ce90 = get_json(&app, &manager, "/api/v1/indicators/CE-90").await;
    let standing = &ce90["standing"];
    assert_eq!(standing["status"], "on_track", "{standing}");
    let judged = &standing["judged"];
    approx(&judged["value"], 51.5);
    assert_eq!(judged["basis"], "year_to_date");
    assert_eq!(judged["months"], 6);
    assert_eq!(judged["from"], "2026-01-01");
    assert_eq!(judged["as_of"], "2026-06-30");
    approx(&judged["expected"], 40.0 + 20.0 * 181.0 / 365.0);
    approx(&judged["on_track_limit"], 40.0 + 20.0 * 181.0 / 365.0 - 5.0);
    approx(&judged["at_risk_limit"], 40.0 + 20.0 * 181.0 / 365.0 - 10.0);
    assert_eq!(judged["yardstick"], "planned_change");
    approx(&judged["yardstick_size"], 20.0);
    // The headline is Q2; Q3 (1 of 6) is incomplete and not judged.
    assert_eq!(standing["latest_period"], "2026-Q2");
    assert_eq!(standing["incomplete_period"], "2026-Q3");
    assert_eq!(standing["min_coverage_percent"], 50);

    // CE-91, annualised: (300 + 400) × 4 ÷ 2 quarters = 1,400 a year, judged on 30 Jun 2026.
    // Expected: 1,000 + 1,000 × 181 / 365 = 1,495.890…; short by 95.890, 9.6 % of the
    // planned 1,000: on track (within 25 %).
    let ce91 = get_json(&app, &manager, "/api/v1/indicators/CE-91").await;
    let judged = &ce91["standing"]["judged"];
    assert_eq!(ce91["standing"]["status"], "on_track");
    approx(&judged["value"], 1400.0);
    assert_eq!(judged["basis"], "annualised");
    assert_eq!(judged["months"], 6);
    approx(&judged["expected"], 1000.0 + 1000.0 * 181.0 / 365.0);
    approx(
        &judged["shortfall_share"],
        (1000.0 + 1000.0 * 181.0 / 365.0 - 1400.0) / 1000.0,
    );
    // The series carries the same standing, and each park figure its coverage.
    let series = get_json(&app, &manager, "/api/v1/indicators/CE-91/series").await;
    approx(&series["standing"]["judged"]["value"], 1400.0);
    let q2 = series["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == "2026-Q2")
        .unwrap();
    assert_eq!(q2["park"]["contributors"], 3);
    assert_eq!(q2["park"]["assigned"], 6);
    assert_eq!(q2["park"]["required"], 3);
    assert_eq!(q2["park"]["complete"], true);

    // The pages word the same judgement, in each language.
    let en = app
        .get("/indicators/CE-91?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        en.contains("Annualised from 6 months 1,400 people against 1,496 expected by 30 Jun 2026: on track, short by 10 % of this year&#39;s planned change of 1,000 people, within 25 %."),
        "{}",
        judgement_of(&en)
    );
    let id = app
        .get("/indicators/CE-91?lang=id")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        id.contains("Disetahunkan dari 6 bulan 1.400 people dibanding 1.496 yang diharapkan pada 30 Jun 2026: sesuai target, kurang 10 % dari perubahan yang direncanakan tahun ini sebesar 1.000 people, masih dalam 25 %."),
        "{}",
        judgement_of(&id)
    );
    let pillar_en = app.get("/pillars/CE?lang=en").await.text().await.unwrap();
    assert!(
        pillar_en.contains("Year to date 51.5 % against 49.9 expected by 30 Jun 2026: on track, at or better than expected."),
        "{}",
        judgement_of(&pillar_en)
    );
    let pillar_id = app.get("/pillars/CE?lang=id").await.text().await.unwrap();
    assert!(
        pillar_id.contains("Sejak awal tahun 51,5 % dibanding 49,9 yang diharapkan pada 30 Jun 2026: sesuai target, sama dengan atau lebih baik dari yang diharapkan."),
        "{}",
        judgement_of(&pillar_id)
    );
    // The judged value is labelled apart from the latest period's value on the indicator page.
    assert!(en.contains("Judged value · Annualised from 6 months"));
    assert!(en.contains("Latest official · Period value"));
}

/// The judgement sentences of a page, for a failing assertion's message.
fn judgement_of(html: &str) -> String {
    html.split("data-judgement>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_figure_below_coverage_is_incomplete_and_the_headline_stays_on_the_last_complete_one() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    seed(&app.pool).await;
    let manager = token(&app, "UNIDO", "read").await;

    // Q3 2026 has 1 of 6 (28.4 %): below the 3 needed. The headline and status stay on Q2
    // (4 of 6), year to date 51.5 %, on track.
    let series = get_json(&app, &manager, "/api/v1/indicators/CE-90/series").await;
    let q3 = series["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == "2026-Q3")
        .unwrap()
        .clone();
    approx(&q3["park"]["value"], 28.4);
    assert_eq!(q3["park"]["contributors"], 1);
    assert_eq!(q3["park"]["assigned"], 6);
    assert_eq!(q3["park"]["complete"], false);
    assert_eq!(series["standing"]["latest_period"], "2026-Q2");
    assert_eq!(series["standing"]["status"], "on_track");

    let page = app
        .get("/indicators/CE-90?lang=en")
        .await
        .text()
        .await
        .unwrap();
    // The latest official figure is Q2's 55.0, not Q3's 28.4.
    assert!(
        page.contains(r#"<strong data-figure="latest">55.0</strong> <small>(Q2 2026)</small>"#),
        "latest official"
    );
    assert!(page.contains("Q3 2026: incomplete, 1 of 6 organisations"));
    assert!(page.contains("Incomplete: 1 of 6 organisations (3 needed)"));
    let id = app
        .get("/indicators/CE-90?lang=id")
        .await
        .text()
        .await
        .unwrap();
    assert!(id.contains("TW III 2026: belum lengkap, 1 dari 6 organisasi"));
    assert!(id.contains("Belum lengkap: 1 dari 6 organisasi (3 diperlukan)"));
    // The pillar page's trend draws the complete quarters only: Q1 and Q2, not Q3's 28.4.
    let pillar = app.get("/pillars/CE?lang=en").await.text().await.unwrap();
    let row = pillar
        .split(r#"<tr data-indicator="CE-90">"#)
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("CE-90's row");
    let points = row
        .split(r#"<polyline points=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a trend line");
    assert_eq!(points.split(' ').count(), 2, "{points}");

    // Two more Q3 reports: 3 of 6, exactly the threshold. Q3 is complete, so it becomes the
    // headline: 212 / 700 = 30.285…%; year to date 727 / 1,700 = 42.76 % against
    // 40 + 20 × 273 / 365 = 54.96 expected on 30 Sep 2026: short by 12.19, 61 % of the
    // planned 20 points: off track.
    approve(
        &app.pool,
        "CE-90",
        1,
        "2026-07-01",
        None,
        Some(30.0),
        Some(100.0),
    )
    .await;
    approve(
        &app.pool,
        "CE-90",
        2,
        "2026-07-01",
        None,
        Some(40.0),
        Some(100.0),
    )
    .await;
    let standing = get_json(&app, &manager, "/api/v1/indicators/CE-90").await["standing"].clone();
    assert_eq!(standing["latest_period"], "2026-Q3");
    assert!(standing["incomplete_period"].is_null());
    assert_eq!(standing["status"], "off_track");
    approx(&standing["judged"]["value"], 100.0 * 727.0 / 1700.0);
    approx(&standing["judged"]["expected"], 40.0 + 20.0 * 273.0 / 365.0);

    // With only incomplete figures, nothing is judged: insufficient data.
    sqlx::query(
        "DELETE FROM observation WHERE indicator_id = (SELECT id FROM indicator WHERE code = 'CE-90')
            AND organisation_id IN (SELECT id FROM organisation WHERE code IN ('COV-2', 'COV-3', 'COV-4'))",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    // Left: COV-1 in Q1, Q2, Q3 and COV-5 in Q3: 1, 1 and 2 of 6.
    let standing = get_json(&app, &manager, "/api/v1/indicators/CE-90").await["standing"].clone();
    assert_eq!(standing["status"], "insufficient_data", "{standing}");
    assert!(standing["judged"].is_null());
    assert!(standing["latest_period"].is_null());
    assert_eq!(standing["incomplete_period"], "2026-Q3");
    // The pages' cache learns of the change by a notification: wait for it as a reader would.
    let page = eventually(&app, "/indicators/CE-90?lang=en", "insufficient_data").await;
    assert!(page.contains(r#"data-status="insufficient_data">Insufficient data</span>"#));
    assert!(page.contains(
        "Not judged: Q3 2026 has approved reports from 2 of 6 organisations, fewer than the 3 needed."
    ));
    let id = eventually(&app, "/pillars/CE?lang=id", "insufficient_data").await;
    assert!(id.contains(r#"data-status="insufficient_data">Data belum cukup</span>"#));
}

/// The page once it contains `needle` (the page cache drops its entries when the database's
/// change notification arrives, a moment after the commit); the last answer after 5 s.
async fn eventually(app: &TestApp, path: &str, needle: &str) -> String {
    let mut page = String::new();
    for _ in 0..50 {
        page = app.get(path).await.text().await.unwrap();
        if page.contains(needle) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    page
}

#[tokio::test]
async fn an_admin_sets_the_minimum_coverage_and_the_change_is_audited() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let fields = |min: &'static str| {
        vec![
            ("pillar", "CE"),
            ("code", "CE-95"),
            ("name_en", "Slag reused"),
            ("name_id", "Slag dimanfaatkan"),
            ("unit", "t"),
            ("kind", "quantity"),
            ("direction", "higher_is_better"),
            ("aggregation", "sum"),
            ("frequency", "quarterly"),
            ("decimals", "0"),
            ("position", "30"),
            ("min_coverage_percent", min),
        ]
    };
    let stored = || async {
        sqlx::query_scalar::<_, i16>(
            "SELECT min_coverage_percent FROM indicator WHERE code = 'CE-95'",
        )
        .fetch_optional(&app.pool)
        .await
        .unwrap()
    };
    for bad in ["0", "101", "half"] {
        let refused = app
            .post_form(
                "/admin/indicators/new",
                "/admin/indicators/new",
                &fields(bad),
            )
            .await;
        assert_eq!(refused.status(), 422, "{bad}");
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("Enter a whole number from 1 to 100."),
            "{bad}"
        );
        assert!(html.contains(&format!(r#"name="min_coverage_percent" value="{bad}""#)));
        assert_eq!(stored().await, None, "{bad}: nothing stored");
    }
    let created = app
        .post_form(
            "/admin/indicators/new",
            "/admin/indicators/new",
            &fields("75"),
        )
        .await;
    assert_eq!(created.status(), 303);
    assert_eq!(stored().await, Some(75));
    let audited: serde_json::Value = sqlx::query_scalar(
        "SELECT after FROM audit_event WHERE entity = 'indicator' AND action = 'create'
          ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited["min_coverage_percent"], 75);
    // The form shows it, in both languages.
    let en = app
        .get("/admin/indicators/CE-95?lang=en")
        .await
        .text()
        .await
        .unwrap();
    assert!(en.contains("Minimum coverage (% of assigned organisations)"));
    assert!(en.contains(r#"name="min_coverage_percent" value="75""#));
    let id = app
        .get("/admin/indicators/CE-95?lang=id")
        .await
        .text()
        .await
        .unwrap();
    assert!(id.contains("Cakupan minimum (% organisasi yang ditugaskan)"));
}

/// A tenant's token reads a judgement only when every park figure behind it pools at least
/// three organisations (`domain::privacy`): from fewer, a peer's figure could be read off the
/// judged value. A manager's token reads it whole.
#[tokio::test]
async fn a_tenant_sees_no_judgement_resting_on_a_figure_of_fewer_than_three() {
    let app = TestApp::spawn(crate::common::Template::Demo).await;
    seed(&app.pool).await;
    // One of six now suffices, so Q3's single report (COV-5's 142/500) is complete and joins
    // the year to date: (240 + 275 + 142) / (500 + 500 + 500) = 657 / 1,500 = 43.8 %.
    sqlx::query("UPDATE indicator SET min_coverage_percent = 1 WHERE code = 'CE-90'")
        .execute(&app.pool)
        .await
        .unwrap();
    let manager = token(&app, "UNIDO", "read").await;
    let tenant = token(&app, "COV-1", "read").await;

    let whole = get_json(&app, &manager, "/api/v1/indicators/CE-90").await;
    let standing = &whole["standing"];
    assert_eq!(standing["latest_period"], "2026-Q3", "{standing}");
    approx(&standing["judged"]["value"], 657.0 / 1500.0 * 100.0);
    assert_eq!(standing["judged"]["as_of"], "2026-09-30");
    assert!(standing["note"].is_null());

    let seen = get_json(&app, &tenant, "/api/v1/indicators/CE-90").await;
    let standing = &seen["standing"];
    assert!(standing["judged"].is_null(), "{standing}");
    assert_eq!(standing["status"], "no_data");
    assert!(
        standing["note"].as_str().unwrap().starts_with("withheld"),
        "{standing}"
    );
    // The series says the same, and withholds Q3's park figure itself.
    let series = get_json(&app, &tenant, "/api/v1/indicators/CE-90/series").await;
    assert!(series["standing"]["judged"].is_null());
    let q3 = series["periods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["period"] == "2026-Q3")
        .unwrap();
    assert!(q3["park"].is_null(), "{q3}");
}
