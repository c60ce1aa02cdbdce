//! The reporting workflow in a real browser, as people do it: a tenant reports a percentage,
//! a manager returns it with a note, the tenant corrects it, the manager approves it — and the
//! official (dashboard) figure changes only at approval.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use pilar::store;

use crate::browser::{CHROMEDRIVER, CHROMIUM, Driver, browser, installed, sign_in};
use crate::common::{DemoUser, Template, TestApp};

/// The official figure of one indicator and period: (value, contributors).
async fn official(
    app: &TestApp,
    indicator: uuid::Uuid,
    period_start: chrono::NaiveDate,
) -> Option<(f64, i64)> {
    let program = crate::common::first_program(&app.pool)
        .await
        .unwrap()
        .unwrap();
    store::figures::official_period_figures(&app.pool, program.id)
        .await
        .unwrap()
        .into_iter()
        .find(|f| f.indicator_id == indicator && f.period_start == period_start)
        .and_then(|f| Some((f.value?, f.contributors)))
}

async fn status_of(
    app: &TestApp,
    indicator: uuid::Uuid,
    period_start: chrono::NaiveDate,
) -> Option<String> {
    sqlx::query_scalar(
        "SELECT o.status FROM observation o JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' AND o.indicator_id = $1 AND o.period_start = $2",
    )
    .bind(indicator)
    .bind(period_start)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

/// Waits until the observation reaches `want` (the form posted and redirected).
async fn wait_for_status(
    app: &TestApp,
    indicator: uuid::Uuid,
    period_start: chrono::NaiveDate,
    want: &str,
) {
    let started = Instant::now();
    loop {
        if status_of(app, indicator, period_start).await.as_deref() == Some(want) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the observation never became {want}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn fill(client: &Client, css: &str, text: &str) {
    let field = client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no field {css}"));
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("no button {css}"))
        .click()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_percentage_is_reported_returned_corrected_and_approved_in_a_browser() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(!ci, "CI=true but chromium or chromedriver is missing");
        eprintln!(
            "skipping the browser workflow test: chromium and chromedriver are not installed"
        );
        return;
    };
    let app = TestApp::spawn(Template::Demo).await;
    // Arrange: one of the tenant's percentage reports that is not yet approved, removed, so
    // that the period is due again and the official figure does not count it.
    let (id, indicator, code, period_start): (uuid::Uuid, uuid::Uuid, String, chrono::NaiveDate) = sqlx::query_as(
        "SELECT o.id, i.id, i.code, o.period_start FROM observation o
           JOIN indicator i ON i.id = o.indicator_id JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' AND i.kind = 'percentage' AND o.status IN ('draft', 'submitted')
          ORDER BY o.period_start, i.code LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    // The revision history is append-only: deleting by hand means lifting the guard first.
    sqlx::query(
        "ALTER TABLE observation_revision DISABLE TRIGGER observation_revision_append_only",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM observation_revision WHERE observation_id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM observation WHERE id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let before = official(&app, indicator, period_start).await;

    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;
    let form = app.url(&format!("/submit/{code}/{period_start}"));

    // The tenant reports 40 of 100 and submits.
    sign_in(&client, &app, DemoUser::Tenant).await;
    client.goto(&form).await.unwrap();
    fill(&client, "input[name=numerator]", "40").await;
    fill(&client, "input[name=denominator]", "100").await;
    click(&client, "button[name=action][value=submit]").await;
    wait_for_status(&app, indicator, period_start, "submitted").await;
    assert_eq!(
        official(&app, indicator, period_start).await,
        before,
        "a submitted figure is not official"
    );

    // The manager returns it with a note.
    let observation: uuid::Uuid = sqlx::query_scalar(
        "SELECT o.id FROM observation o JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' AND o.indicator_id = $1 AND o.period_start = $2",
    )
    .bind(indicator)
    .bind(period_start)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    sign_in(&client, &app, DemoUser::Manager).await;
    client
        .goto(&app.url(&format!("/review/{observation}")))
        .await
        .unwrap();
    fill(
        &client,
        "textarea[name=note]",
        "The denominator looks like last month's; please check.",
    )
    .await;
    click(&client, "button[name=action][value=return]").await;
    wait_for_status(&app, indicator, period_start, "returned").await;
    assert_eq!(
        official(&app, indicator, period_start).await,
        before,
        "a returned figure is not official"
    );

    // The tenant sees the note, corrects the figure and submits again.
    sign_in(&client, &app, DemoUser::Tenant).await;
    client.goto(&form).await.unwrap();
    let page = client.source().await.unwrap();
    assert!(
        page.contains("The denominator looks like last month"),
        "the manager's note is shown"
    );
    fill(&client, "input[name=numerator]", "45").await;
    fill(&client, "input[name=denominator]", "120").await;
    click(&client, "button[name=action][value=submit]").await;
    wait_for_status(&app, indicator, period_start, "submitted").await;
    assert_eq!(official(&app, indicator, period_start).await, before);

    // The manager approves: now, and only now, the official figure counts it.
    sign_in(&client, &app, DemoUser::Manager).await;
    client
        .goto(&app.url(&format!("/review/{observation}")))
        .await
        .unwrap();
    click(&client, "button[name=action][value=approve]").await;
    wait_for_status(&app, indicator, period_start, "approved").await;
    let after = official(&app, indicator, period_start)
        .await
        .expect("an official figure");
    let contributors_before = before.map_or(0, |(_, n)| n);
    assert_eq!(
        after.1,
        contributors_before + 1,
        "the approved report joins the park figure"
    );
    assert_ne!(
        Some(after),
        before,
        "the dashboard figure changed at approval"
    );
    let (numerator, denominator): (f64, f64) =
        sqlx::query_as("SELECT numerator, denominator FROM observation WHERE id = $1")
            .bind(observation)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        (numerator, denominator),
        (45.0, 120.0),
        "the corrected figure was approved"
    );
    client.close().await.unwrap();
}

/// CE-99's stored numerator and denominator for a quarter, once the form's post has landed.
async fn wait_for_figures(app: &TestApp, period_start: &str) -> (f64, f64) {
    let started = Instant::now();
    loop {
        if let Some((_, Some(n), Some(d), _)) = crate::submit::stored(app, period_start).await {
            return (n, d);
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "nothing was stored for {period_start}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn one_thousand_three_hundred_typed_the_way_each_language_writes_it_is_stored_as_1300() {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(!ci, "CI=true but chromium or chromedriver is missing");
        eprintln!("skipping the browser number test: chromium and chromedriver are not installed");
        return;
    };
    let app = TestApp::spawn(Template::Demo).await;
    crate::submit::arrange_percentage(&app).await;
    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;
    sign_in(&client, &app, DemoUser::Tenant).await;

    // English: "1,300" of "2,000".
    client
        .goto(&app.url("/submit/CE-99/2026-04-01?lang=en"))
        .await
        .unwrap();
    fill(&client, "input[name=numerator]", "1,300").await;
    fill(&client, "input[name=denominator]", "2,000").await;
    click(&client, "button[name=action][value=draft]").await;
    assert_eq!(wait_for_figures(&app, "2026-04-01").await, (1300.0, 2000.0));

    // Bahasa Indonesia: "1.300" of "2.000".
    client
        .goto(&app.url("/submit/CE-99/2026-07-01?lang=id"))
        .await
        .unwrap();
    fill(&client, "input[name=numerator]", "1.300").await;
    fill(&client, "input[name=denominator]", "2.000").await;
    click(&client, "button[name=action][value=draft]").await;
    assert_eq!(wait_for_figures(&app, "2026-07-01").await, (1300.0, 2000.0));

    // And "1.300" in the English form is asked about, not stored as 1.3 or 1300.
    client
        .goto(&app.url("/submit/CE-99/2026-01-01?lang=en"))
        .await
        .unwrap();
    fill(&client, "input[name=numerator]", "1.300").await;
    fill(&client, "input[name=denominator]", "2000").await;
    click(&client, "button[name=action][value=draft]").await;
    let started = Instant::now();
    loop {
        let page = client.source().await.unwrap();
        if page.contains("would be read as 1.3") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "never asked");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(crate::submit::stored(&app, "2026-01-01").await, None);
    client.close().await.unwrap();
}
