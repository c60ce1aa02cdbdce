//! `/indicators/{code}` and its CSV downloads.

use pilar::domain::scorecard::closed_figures;
use pilar::i18n::Locale;
use pilar::store;
use pilar::web::format;

use crate::common::{DemoUser, TestApp, add_tenants, today};
use crate::expected;
use crate::html::{between, figure, organisation_rows, page, pager_link, row, section};

#[tokio::test]
async fn the_indicator_page_shows_definition_attributes_and_standing() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/indicators/CE-01").await;
    assert!(body.contains("GHG intensity of nickel output"));
    assert!(body.contains("Scope 1 and Scope 2 greenhouse-gas emissions"));
    for attribute in [
        "t CO2e/t Ni",
        "Ratio (numerator ÷ denominator)",
        "Lower is better",
        "Pooled: Σ numerators ÷ Σ denominators",
        "Quarterly",
        "58.0 (2025)",
        "Nickel contained in products (t Ni)",
        "GRI 305-4 (2016)",
        "GRI 102 (2025), from 1 Jan 2027",
    ] {
        assert!(body.contains(attribute), "{attribute}");
    }
    let cards = expected::scorecards(&app.pool).await;
    let (entry, _, card) = cards
        .iter()
        .find(|(e, _, _)| e.indicator.code == "CE-01")
        .unwrap();
    let latest = card.latest.unwrap();
    assert_eq!(
        figure(&body, "latest"),
        format::number(latest.aggregate.value, entry.indicator.decimals, Locale::En)
    );
    assert!(body.contains(&format!(r#"data-status="{}""#, card.status.as_str())));
    // Target history, one initial revision per year.
    let history = section(&body, "history-title");
    assert_eq!(
        history
            .matches("Initial target from the program catalogue")
            .count(),
        3
    );
}

#[tokio::test]
async fn the_chart_marks_every_official_and_provisional_value_with_a_tooltip() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let cards = expected::scorecards(&app.pool).await;
    for code in ["CE-01", "CE-02", "CE-03", "SK-08"] {
        let (entry, figures, _) = cards
            .iter()
            .find(|(e, _, _)| e.indicator.code == code)
            .unwrap();
        let official = closed_figures(figures, today());
        let provisional: i64 = sqlx::query_scalar(
            "SELECT count(DISTINCT period_start) FROM observation
              WHERE indicator_id = $1 AND status = 'submitted' AND period_end < $2",
        )
        .bind(entry.indicator.id)
        .bind(today())
        .fetch_one(&app.pool)
        .await
        .unwrap();
        let body = page(&app, &format!("/indicators/{code}")).await;
        let chart = between(&body, "<svg class=\"line-chart\"", "</svg>");
        assert_eq!(
            chart.matches(r#"class="point official""#).count(),
            official.len(),
            "{code}: one official point per closed period with a figure"
        );
        assert_eq!(
            chart.matches(r#"class="point provisional""#).count() as i64,
            provisional,
            "{code}: provisional points where reports await review"
        );
        assert_eq!(
            chart.matches("<circle").count(),
            chart.matches("<title>").count(),
            "{code}: every point has a tooltip"
        );
        assert!(
            chart.contains(r#"class="target-path""#),
            "{code}: target path"
        );
        assert!(chart.contains(r#"class="today""#), "{code}: today marker");
        // Each official tooltip names its period and value.
        for f in &official {
            let period = format::period(&f.period, entry.indicator.rules.frequency, Locale::En);
            assert!(
                chart.contains(&format!("<title>{period}: ")),
                "{code}: {period}"
            );
        }
    }
    // A flow is compared with its yearly target per year, and the page says so.
    let body = page(&app, "/indicators/CE-02").await;
    assert!(body.contains("Flows are shown per year"));
    assert!(body.contains(" per year</title>"));
    // A pooled percentage is a rate already: nothing is scaled.
    let body = page(&app, "/indicators/CE-03").await;
    assert!(!body.contains("Flows are shown per year"));
    assert!(!body.contains(" per year</title>"));
}

#[tokio::test]
async fn the_reports_of_a_period_are_listed_by_organisation_and_route() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/indicators/SK-01?period=2026-Q2").await;
    assert!(body.contains("By reporting organisation: Q2 2026"));
    assert!(body.contains(r#"<option value="2026-Q2" selected>"#));
    let rows: Vec<(String, f64, f64, String)> = sqlx::query_as(
        "SELECT org.code, o.numerator, o.denominator, o.status
           FROM observation o JOIN organisation org ON org.id = o.organisation_id
           JOIN indicator i ON i.id = o.indicator_id
          WHERE i.code = 'SK-01' AND o.period_start = '2026-04-01'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(!rows.is_empty());
    for (code, numerator, denominator, status) in rows {
        let line = row(&body, &format!(r#"<tr data-organisation="{code}""#));
        if status != "draft" {
            assert!(
                line.contains(&format::number(numerator, 1, Locale::En)),
                "{code}"
            );
            assert!(
                line.contains(&format::number(denominator, 1, Locale::En)),
                "{code}"
            );
            // The value is the domain's reading of the fraction (a ratio: n ÷ d).
            assert!(line.contains(&format::number(numerator / denominator, 1, Locale::En)));
        }
    }
    let routes = between(&body, "<table class=\"routes\">", "</table>");
    assert!(routes.contains("RKEF smelting") && routes.contains("HPAL"));
}

#[tokio::test]
async fn the_table_by_organisation_shows_fifty_a_page_and_the_download_all() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    add_tenants(&app.pool, 60, "SK-01").await;
    let mut assigned: Vec<String> = sqlx::query_scalar(
        "SELECT org.code FROM assignment a JOIN indicator i ON i.id = a.indicator_id
           JOIN organisation org ON org.id = a.organisation_id
          WHERE i.code = 'SK-01' AND a.archived_at IS NULL",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assigned.sort();
    assert!((51..=100).contains(&assigned.len()), "two pages");
    let table_rows = |body: &str| {
        organisation_rows(between(body, "<table class=\"stack reports\">", "</table>"))
    };

    let first = page(&app, "/indicators/SK-01?period=2026-Q2").await;
    assert_eq!(table_rows(&first).len(), 50);
    assert_eq!(
        pager_link(&first, "next").as_deref(),
        Some("/indicators/SK-01?period=2026-Q2&page=2")
    );
    let second = page(&app, "/indicators/SK-01?period=2026-Q2&page=2").await;
    assert!(second.contains("By reporting organisation: Q2 2026"));
    assert_eq!(table_rows(&second).len(), assigned.len() - 50);
    assert_eq!(
        pager_link(&second, "prev").as_deref(),
        Some("/indicators/SK-01?period=2026-Q2")
    );
    let mut shown: Vec<String> = table_rows(&first)
        .into_iter()
        .chain(table_rows(&second))
        .collect();
    shown.sort();
    assert_eq!(shown, assigned);
    // The route breakdown and the download still cover every organisation.
    assert_eq!(
        between(&first, "<table class=\"routes\">", "</table>"),
        between(&second, "<table class=\"routes\">", "</table>")
    );
    let csv = app
        .get("/indicators/SK-01/reports.csv?period=2026-Q2&page=2")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(csv.lines().count(), 1 + assigned.len());
    // Out of range: the last page; not a number: the first.
    let beyond = page(&app, "/indicators/SK-01?period=2026-Q2&page=7").await;
    assert_eq!(table_rows(&beyond), table_rows(&second));
    let junk = page(&app, "/indicators/SK-01?period=2026-Q2&page=2.5").await;
    assert_eq!(table_rows(&junk), table_rows(&first));
    // Without a period asked for, the links keep the period shown.
    let latest = page(&app, "/indicators/SK-01").await;
    let next = pager_link(&latest, "next").unwrap();
    assert!(
        next.starts_with("/indicators/SK-01?period=2026-Q") && next.ends_with("&page=2"),
        "{next}"
    );
}

#[tokio::test]
async fn drafts_show_their_status_but_not_their_figure() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let (code, period): (String, chrono::NaiveDate) = sqlx::query_as(
        "UPDATE observation o SET status = 'draft', numerator = 777777, first_submitted_at = NULL,
                submitted_at = NULL, reviewed_at = NULL, review_note = NULL
           FROM organisation org, indicator i
          WHERE org.id = o.organisation_id AND i.id = o.indicator_id AND i.code = 'SK-01'
            AND o.period_start = '2026-04-01' AND org.code = 'DEMO-RKEF-A'
         RETURNING org.code, o.period_start",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(period.to_string(), "2026-04-01");
    let body = page(&app, "/indicators/SK-01?period=2026-Q2").await;
    let line = row(&body, &format!(r#"<tr data-organisation="{code}""#));
    assert!(line.contains("Draft"));
    assert!(!line.contains("777,777"));
}

#[tokio::test]
async fn an_indicator_without_figures_says_what_to_do() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    // CE-09 is annual: its first period ends on 31 December 2026.
    let body = page(&app, "/indicators/CE-09").await;
    assert!(body.contains("No approved figures yet."));
    assert_eq!(figure(&body, "latest"), "—");
}

#[tokio::test]
async fn unknown_indicators_and_periods_are_404s() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    for path in [
        "/indicators/XX-01",
        "/indicators/XX-01/series.csv",
        "/indicators/XX-01/reports.csv",
        "/indicators/SK-01?period=2026-13",
        "/indicators/SK-01?period=2026-10",
        "/indicators/SK-01/reports.csv?period=nonsense",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn the_series_download_holds_the_official_figures() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let program = expected::program(&app.pool).await;
    let indicators = store::catalogue::entries(&app.pool, program.id, Some("CE-03"))
        .await
        .unwrap();
    let official = closed_figures(
        &store::figures::official_series(&app.pool, program.id)
            .await
            .unwrap()[&indicators[0].indicator.id],
        today(),
    );
    let response = app.get("/indicators/CE-03/series.csv").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"CE-03-series.csv\""
    );
    let csv = response.text().await.unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let decimals = usize::from(indicators[0].indicator.decimals);
    for f in &official {
        let label = f.period.label(pilar::domain::kinds::Frequency::Monthly);
        let line = rows
            .iter()
            .find(|r| r[at("period")] == label)
            .unwrap_or_else(|| panic!("{label} in the CSV"));
        assert_eq!(
            line[at("indicator_name")],
            indicators[0].indicator.name.english
        );
        // At the indicator's precision, and in full beside it.
        assert_eq!(
            line[at("official_value")],
            format!("{:.*}", decimals, f.aggregate.value)
        );
        let value: f64 = line[at("official_value_full")].parse().unwrap();
        assert!((value - f.aggregate.value).abs() < 1e-9, "{label}");
        assert_eq!(
            line[at("official_contributors")],
            f.aggregate.contributors.to_string()
        );
    }
    assert!(rows.len() >= official.len());
}

#[tokio::test]
async fn the_reports_download_lists_the_period_by_organisation() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query(
        "UPDATE observation o SET comment = '=1+1, \"quoted\"'
           FROM organisation org, indicator i
          WHERE org.id = o.organisation_id AND i.id = o.indicator_id AND i.code = 'SK-01'
            AND o.period_start = '2026-04-01' AND org.code = 'DEMO-HPAL-B'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let response = app
        .get("/indicators/SK-01/reports.csv?period=2026-Q2")
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"SK-01-2026-Q2-reports.csv\""
    );
    let csv = response.text().await.unwrap();
    let assigned: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM assignment a JOIN indicator i ON i.id = a.indicator_id
          WHERE i.code = 'SK-01' AND a.archived_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        csv.lines().count() as i64,
        1 + assigned,
        "a header and a line per organisation"
    );
    assert!(csv.starts_with("\u{feff}indicator,indicator_name,period,organisation_code,"));
    assert!(csv.contains(",2026-Q2,DEMO-HPAL-B,"));
    // Quoted, and defused for spreadsheets.
    assert!(csv.contains(r#""'=1+1, ""quoted""""#));
}

#[tokio::test]
async fn reported_text_is_escaped() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query(
        "UPDATE observation o SET comment = '<script>alert(1)</script>'
           FROM indicator i WHERE i.id = o.indicator_id AND i.code = 'SK-01'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("UPDATE indicator SET definition_en = '<b>bold</b>' WHERE code = 'SK-01'")
        .execute(&app.pool)
        .await
        .unwrap();
    let body = page(&app, "/indicators/SK-01?period=2026-Q2").await;
    assert!(!body.contains("<script>alert(1)</script>"));
    assert!(!body.contains("<b>bold</b>"));
    assert!(body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"));
}
