//! The national view (`/parks`, `GET /api/v1/parks`): the demo's two parks side by side on
//! the four indicators their programs share, park figures only, a park figure from fewer than
//! three organisations withheld for every reader, in both languages.

use serde_json::Value;

use crate::api::{get as api_get, get_json, problem, token};
use crate::common::{DemoUser, Template, TestApp};

/// The pooled park figure (Σ numerators ÷ Σ denominators × 100) of an indicator's approved
/// reports for one period, summed here from the organisations' rows, and how many there are.
async fn pooled_by_hand(app: &TestApp, code: &str, start: &str) -> (f64, usize) {
    let rows: Vec<(f64, f64)> = sqlx::query_as(
        "SELECT o.numerator, o.denominator FROM observation o
           JOIN indicator i ON i.id = o.indicator_id
          WHERE i.code = $1 AND o.period_start = $2::date AND o.status = 'approved'",
    )
    .bind(code)
    .bind(start)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let (n, d) = rows
        .iter()
        .fold((0.0, 0.0), |(n, d), (rn, rd)| (n + rn, d + rd));
    (n / d * 100.0, rows.len())
}

/// [`pooled_by_hand`] over several periods (a quarter of a monthly indicator).
async fn pooled_over(app: &TestApp, code: &str, starts: &[&str]) -> f64 {
    let (mut n, mut d) = (0.0, 0.0);
    for start in starts {
        let rows: Vec<(f64, f64)> = sqlx::query_as(
            "SELECT o.numerator, o.denominator FROM observation o
               JOIN indicator i ON i.id = o.indicator_id
              WHERE i.code = $1 AND o.period_start = $2::date AND o.status = 'approved'",
        )
        .bind(code)
        .bind(start)
        .fetch_all(&app.pool)
        .await
        .unwrap();
        for (rn, rd) in rows {
            n += rn;
            d += rd;
        }
    }
    n / d * 100.0
}

/// Every name and code of a tenant that reports in either park: none may appear on the
/// national view.
async fn organisation_names(app: &TestApp) -> Vec<String> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT code, name, short_name FROM organisation
          WHERE kind = 'tenant' AND id IN (SELECT organisation_id FROM observation)",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    rows.into_iter()
        .flat_map(|(code, name, short)| [code, name, short])
        .collect()
}

async fn page(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// The figure of `program`'s indicator in the API's answer.
fn figure<'a>(body: &'a Value, indicator: &str) -> &'a Value {
    body["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["figures"].as_array().unwrap())
        .find(|f| f["indicator"] == indicator)
        .unwrap_or_else(|| panic!("{indicator} in {body}"))
}

#[tokio::test]
async fn both_parks_stand_side_by_side_on_their_shared_indicators_with_park_figures_only() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let body = page(&app, "/parks").await;
    for expected in [
        "Parks side by side",
        "IWIP",
        "IMIP",
        "Slag utilisation rate",
        "Water recycling rate",
        "Lost-time injury frequency rate",
        "MSME partnership value",
    ] {
        assert!(body.contains(expected), "{expected}");
    }
    // Each park's own indicator, linked to its program's page for a reader who may enter it.
    assert!(body.contains("/indicators/CE-05?program=IWIP-P1"));
    assert!(body.contains("/indicators/CE-105?program=IMIP-P1"));
    // IMIP's own indicators are no one else's: not compared.
    assert!(!body.contains("EC-21") && !body.contains("WS-21"));
    // Park figures only: no organisation of either park is named.
    for name in organisation_names(&app).await {
        assert!(!body.contains(&name), "{name} on /parks");
    }
    // The latest month of CE-107 (October 2026, closed on 29 November), pooled by hand from
    // IMIP's three approved reports (the fourth still waits for review).
    let (value, reporters) = pooled_by_hand(&app, "CE-107", "2026-10-01").await;
    assert_eq!(reporters, 3);
    assert!(
        body.contains(&format!("{value:.1} %")) || body.contains(&format!("{value:.1}%")),
        "CE-107's October figure {value:.1}"
    );
    assert!(body.contains("3 of 4 organisations reported"));
}

#[tokio::test]
async fn a_park_figure_from_two_organisations_is_withheld_on_the_page_and_in_the_api() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let body = page(&app, "/parks").await;
    // SK-107 has two reporters in IMIP: withheld even for an admin, who may see both parks'
    // organisations elsewhere.
    let cell = body
        .split("data-indicator=\"SK-107\"")
        .nth(1)
        .expect("SK-107's cell")
        .split("</td>")
        .next()
        .unwrap();
    assert!(cell.starts_with(" data-withheld"), "{cell}");
    assert!(cell.contains("Hidden: fewer than 3 organisations contribute"));
    assert!(!cell.contains("class=\"figure\""));
    assert!(!cell.contains("data-status"));

    let iwip = token(&app, "DEMO-RKEF-A", "read").await;
    let parks = get_json(&app, &iwip, "/api/v1/parks").await;
    let sk = figure(&parks, "SK-107");
    assert_eq!(sk["state"], "withheld");
    assert!(sk["value"].is_null() && sk["status"].is_null() && sk["reporters"].is_null());
    // Another shared indicator with three reporters in IMIP is shown.
    assert_eq!(figure(&parks, "CE-107")["state"], "shown");
}

#[tokio::test]
async fn the_api_gives_the_same_figures_for_a_chosen_period() {
    let app = TestApp::spawn(Template::Demo).await;
    let imip = token(&app, "DEMO-IMIP-HPAL", "read").await;
    let parks = get_json(&app, &imip, "/api/v1/parks?period=2026-Q3").await;
    let programs: Vec<&str> = parks["parks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["program"].as_str().unwrap())
        .collect();
    assert_eq!(programs, ["IWIP-P1", "IMIP-P1"]);
    assert_eq!(parks["indicators"].as_array().unwrap().len(), 4);
    // A monthly indicator in a quarter: each park's three months pooled again, by hand.
    let quarter = ["2026-07-01", "2026-08-01", "2026-09-01"];
    assert_eq!(figure(&parks, "CE-107")["periods"], 3);
    assert_eq!(figure(&parks, "CE-107")["to"], "2026-09-30");
    for code in ["CE-107", "CE-07"] {
        let f = figure(&parks, code);
        assert_eq!(f["state"], "shown", "{code}");
        assert!(f["periods"].as_u64().unwrap() >= 2, "{code}");
        assert!(f["from"].as_str().unwrap() >= "2026-07-01");
        assert!(f["to"].as_str().unwrap() <= "2026-09-30");
        let value = pooled_over(&app, code, &quarter).await;
        assert!(
            (f["value"].as_f64().unwrap() - value).abs() < 1e-6,
            "{code}: {f} against {value}"
        );
    }
    // Nothing of any organisation in the answer.
    let text = parks.to_string();
    assert!(!text.contains("DEMO-"));
    problem(api_get(&app, &imip, "/api/v1/parks?period=Q3").await, 400).await;
}

#[tokio::test]
async fn a_manager_of_one_park_sees_the_others_park_figures_only() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let body = page(&app, "/parks").await;
    assert!(body.contains("IMIP") && body.contains("CE-105"));
    // No link into a program they may not enter; their own program's pages are linked.
    assert!(!body.contains("program=IMIP-P1"));
    assert!(body.contains("/indicators/CE-05?program=IWIP-P1"));
    for name in organisation_names(&app).await {
        assert!(!body.contains(&name), "{name} on /parks");
    }
    // And the rest of IMIP stays closed.
    assert_eq!(app.get("/indicators/CE-105").await.status(), 404);
    // The national view is in their navigation.
    assert!(page(&app, "/").await.contains("href=\"/parks\""));

    // A tenant reads the same park figures, linked nowhere.
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    let body = page(&tenant, "/parks").await;
    assert!(body.contains("CE-105") && !body.contains("/indicators/"));
    assert!(body.contains("data-withheld"));
    for name in organisation_names(&tenant).await {
        assert!(!body.contains(&name), "{name} on /parks");
    }
}

#[tokio::test]
async fn the_national_view_speaks_both_languages_and_reads_a_chosen_period() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let english = page(&app, "/parks?lang=en").await;
    assert!(english.contains("Parks side by side"));
    assert!(
        english.contains("Not measured in this park") || english.contains("organisations reported")
    );
    let indonesian = page(&app, "/parks?lang=id").await;
    assert!(indonesian.contains("Kawasan berdampingan"));
    assert!(indonesian.contains("Tingkat pemanfaatan slag"));
    assert!(indonesian.contains("organisasi melapor"));
    assert!(indonesian.contains("Disembunyikan: kurang dari 3 organisasi"));
    assert!(!indonesian.contains("Parks side by side"));
    // A chosen year: the figures of its closed quarters rolled up, and chosen in the form.
    let year = page(&app, "/parks?period=2026&lang=en").await;
    assert!(year.contains("<option value=\"2026\" selected>"));
    assert!(year.contains("periods"));
    // An unreadable period says so and shows the latest.
    let unreadable = page(&app, "/parks?period=someday").await;
    assert!(unreadable.contains("could not be read"));
    // Not for the signed out.
    let anonymous = TestApp::spawn(Template::Demo).await;
    assert_eq!(anonymous.get("/parks").await.status(), 303);
}
