//! The overview page, health endpoints, error pages and the stylesheet, over HTTP.

use pilar::domain::compliance;
use pilar::domain::kinds::Frequency;
use pilar::domain::status::Status;
use pilar::i18n::Locale;
use pilar::store::compliance::Scope;
use pilar::web::format;

use crate::common::{DemoUser, Template, TestApp, add_tenants, today};
use crate::expected;
use crate::html::{between, empty_signed_in, figure, page, section};

#[tokio::test]
async fn overview_shows_the_program_its_phase_and_every_pillar() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(response.headers().contains_key("x-request-id"));
    let body = response.text().await.unwrap();
    assert!(
        body.contains("PT Indonesia Weda Bay Industrial Park"),
        "park name on the page"
    );
    assert!(
        body.contains("Month 11 of 36"),
        "program month as of 2026-11-29"
    );
    assert!(body.contains(r#"<progress class="timeline-bar" max="100" value="30""#));
    assert!(body.contains("Demo data"), "demo marker");
    for pillar in ["CE", "SK", "CM", "SC"] {
        assert!(
            body.contains(&format!(r#"id="pillar-{pillar}""#)),
            "pillar {pillar} shown"
        );
        assert!(body.contains(&format!(r#"href="/pillars/{pillar}""#)));
    }
    for status in ["On track", "At risk", "Off track"] {
        assert!(body.contains(status), "some indicator is {status}");
    }
}

#[tokio::test]
async fn pillar_cards_count_indicators_by_the_domain_status() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let cards = expected::scorecards(&app.pool).await;
    let body = page(&app, "/").await;
    for pillar in ["CE", "SK", "CM", "SC"] {
        let card = section(&body, &format!(r#"id="pillar-{pillar}""#));
        for status in Status::ALL {
            let count = cards
                .iter()
                .filter(|(e, _, c)| e.pillar_code == pillar && c.status == *status)
                .count();
            let shown = between(
                card,
                &format!(r#"data-status="{}"><strong>"#, status.as_str()),
                "<",
            );
            assert_eq!(shown, count.to_string(), "{pillar} {status:?}");
        }
        // Two or three headline indicators, each with its sparkline when it has figures.
        let headlines = card.matches("data-indicator=").count();
        assert!(
            (2..=3).contains(&headlines),
            "{pillar}: {headlines} headlines"
        );
        assert!(card.contains(r#"<svg class="sparkline""#));
        assert!(card.contains("<polyline points="));
    }
    // A headline's latest value is the domain's latest official figure.
    let (entry, _, card) = cards
        .iter()
        .find(|(e, _, _)| e.indicator.code == "CE-01")
        .unwrap();
    let latest = card.latest.unwrap().aggregate.value;
    let headline = between(&body, r#"data-indicator="CE-01""#, "</li>");
    assert!(headline.contains(&format::number(
        latest,
        entry.indicator.decimals,
        Locale::En
    )));
}

#[tokio::test]
async fn milestones_overdue_and_due_within_90_days_are_listed() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/").await;
    // M07 was due on 30 Sep 2026 and is late; M08 is due on 31 Dec 2026, within 90 days.
    let overdue = between(&body, r#"data-list="overdue""#, "</ul>");
    assert!(overdue.contains(r#"data-milestone="M07""#));
    assert_eq!(overdue.matches("data-milestone=").count(), 1);
    let soon = between(&body, r#"data-list="due-soon""#, "</ul>");
    assert!(soon.contains(r#"data-milestone="M08""#));
    assert!(
        !soon.contains(r#"data-milestone="M11""#),
        "due in 2027-09, beyond 90 days"
    );
}

#[tokio::test]
async fn reporting_this_period_comes_from_the_compliance_rules() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let program = expected::program(&app.pool).await;
    let rounds: Vec<_> = Frequency::ALL
        .iter()
        .filter_map(|f| {
            compliance::latest_closed_period(*f, program.starts_on, program.ends_on, today())
                .map(|p| (*f, p))
        })
        .collect();
    let items = expected::compliance_of(&app.pool, Scope::Program, &rounds).await;
    let summary = expected::summary(&items);
    assert!(
        summary.expected > 0 && summary.late > 0,
        "the demo has late reports"
    );
    let body = page(&app, "/").await;
    assert_eq!(
        figure(&body, "on-time-share"),
        format::percent(summary.on_time_share().unwrap(), Locale::En)
    );
    assert!(body.contains(&format!(
        "{} of {} reports on time",
        summary.on_time, summary.expected
    )));
    // Every organisation with a late report of this round is listed, and only those.
    let late = between(&body, r#"data-list="late""#, "</ul>");
    let mut late_codes: Vec<&str> = items
        .iter()
        .filter(|(_, c)| c.late)
        .map(|(r, _)| r.organisation_code.as_str())
        .collect();
    late_codes.sort();
    late_codes.dedup();
    assert_eq!(late.matches("<li>").count(), late_codes.len());
    for code in late_codes {
        assert!(
            late.contains(&format!("/stakeholders/{code}\"")),
            "{code} listed late"
        );
    }
}

#[tokio::test]
async fn the_overview_names_the_ten_latest_organisations_and_counts_the_rest() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    // Sixty more tenants, each late with its Q3 report of CE-04.
    add_tenants(&app.pool, 60, "CE-04").await;
    let program = expected::program(&app.pool).await;
    let rounds: Vec<_> = Frequency::ALL
        .iter()
        .filter_map(|f| {
            compliance::latest_closed_period(*f, program.starts_on, program.ends_on, today())
                .map(|p| (*f, p))
        })
        .collect();
    let items = expected::compliance_of(&app.pool, Scope::Program, &rounds).await;
    let mut late: std::collections::BTreeMap<&str, usize> = Default::default();
    for (report, c) in &items {
        if c.late {
            *late.entry(report.organisation_code.as_str()).or_default() += 1;
        }
    }
    assert!(late.len() > 60, "{} late organisations", late.len());
    let body = page(&app, "/").await;
    assert_eq!(
        figure(&body, "late-organisations"),
        format!("{} organisations have late reports", late.len())
    );
    let list = between(&body, r#"data-list="late""#, "</ul>");
    assert_eq!(list.matches("<li>").count(), 10);
    // The ten with the most late reports: none left out has more than one listed.
    let listed: Vec<&str> = list
        .split("/stakeholders/")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    let fewest_listed = listed.iter().map(|code| late[code]).min().unwrap();
    let most_left_out = late
        .iter()
        .filter(|(code, _)| !listed.contains(code))
        .map(|(_, n)| *n)
        .max()
        .unwrap();
    assert!(fewest_listed >= most_left_out);
    assert!(body.contains(&format!(
        r#"<a href="/reporting">and {} more organisations with late reports</a>"#,
        late.len() - 10
    )));
}

#[tokio::test]
async fn latest_approved_and_returned_reports_are_listed() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/").await;
    assert_eq!(body.matches(r#"data-review="approved""#).count(), 5);
    let returned = body.matches(r#"data-review="returned""#).count();
    assert!((1..=5).contains(&returned), "{returned} returned reports");
}

#[tokio::test]
async fn overview_of_an_empty_database_says_what_to_do() {
    let app = empty_signed_in().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("pilar seed --demo"));
    assert!(!body.contains("Demo data"));
}

#[tokio::test]
async fn data_is_escaped_in_html() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query("UPDATE pillar SET name_en = '<script>alert(1)</script>' WHERE code = 'CE'")
        .execute(&app.pool)
        .await
        .unwrap();
    let body = app.get("/").await.text().await.unwrap();
    assert!(!body.contains("<script>alert(1)</script>"));
    assert!(
        body.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            || body.contains("&lt;script&gt;")
    );
}

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn(Template::Empty).await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["status"],
        "ok"
    );
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(
        ready.json::<serde_json::Value>().await.unwrap()["database"],
        "ok"
    );

    // With the database gone, readiness fails while liveness holds.
    app.pool.close().await;
    assert_eq!(app.get("/readyz").await.status(), 503);
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn unknown_address_gets_a_404_page_without_internals() {
    let app = TestApp::spawn(Template::Demo).await;
    // Signed out, an unknown address reveals nothing: it asks to sign in like any page.
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login?next=/no/such/page");
    let (email, password) = DemoUser::Viewer.credentials();
    app.sign_in(email, password).await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status(), 404);
    let request_id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    let body = response.text().await.unwrap();
    assert!(body.contains("Not found"));
    assert!(body.contains(&request_id), "the page shows the request id");
}

#[tokio::test]
async fn a_failing_query_shows_a_500_page_with_only_the_request_id() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    // Break the schema under the running app: the page's query fails.
    sqlx::query("ALTER TABLE indicator RENAME COLUMN unit TO unit_gone")
        .execute(&app.pool)
        .await
        .unwrap();
    let response = app.get("/").await;
    assert_eq!(response.status(), 500);
    let body = response.text().await.unwrap();
    assert!(body.contains("Something went wrong"));
    assert!(!body.contains("unit"), "no SQL or column names leak");
    assert!(!body.to_lowercase().contains("sqlx"));
}

#[tokio::test]
async fn stylesheet_is_served_by_the_app_itself() {
    let app = TestApp::spawn(Template::Empty).await;
    let response = app.get("/static/pilar.css").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}
