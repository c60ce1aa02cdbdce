//! `/reporting`: the matrix of organisations × periods.

use pilar::i18n::Locale;
use pilar::store;
use pilar::store::compliance::Scope;
use pilar::web::format;

use crate::common::{DemoUser, TestApp, add_tenants};
use crate::expected;
use crate::html::{between, figure, organisation_rows, page, pager_link, row};

#[tokio::test]
async fn the_matrix_of_a_pillar_counts_what_the_compliance_rules_count() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let program = expected::program(&app.pool).await;
    let pillar: uuid::Uuid = sqlx::query_scalar("SELECT id FROM pillar WHERE code = 'CE'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let items = expected::compliance_of(
        &app.pool,
        Scope::Pillar(pillar),
        &expected::all_closed(&program),
    )
    .await;
    let summary = expected::summary(&items);
    // The default is the first pillar.
    let body = page(&app, "/reporting").await;
    assert!(body.contains("Reports per organisation and period: CE Circular economy"));
    assert_eq!(figure(&body, "expected"), summary.expected.to_string());
    assert_eq!(figure(&body, "late"), summary.late.to_string());
    assert_eq!(figure(&body, "missing"), summary.missing.to_string());
    assert_eq!(
        figure(&body, "on-time-share"),
        format::percent(summary.on_time_share().unwrap(), Locale::En)
    );
    // A row per organisation, its late and missing counts from the same rules.
    let matrix = between(&body, "<table class=\"matrix\">", "</table>");
    // Every organisation assigned an indicator of the pillar has a row, one with nothing due
    // yet (DEMO-MINE-H reports only the annual CE-09 there) too.
    let mut organisations: Vec<String> =
        store::compliance::organisations_in_scope(&app.pool, program.id, Scope::Pillar(pillar))
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.code)
            .collect();
    organisations.sort();
    let mut due: Vec<&str> = items
        .iter()
        .map(|(r, _)| r.organisation_code.as_str())
        .collect();
    due.sort();
    due.dedup();
    assert!(due.iter().all(|d| organisations.iter().any(|o| o == d)));
    assert_eq!(
        matrix.matches("<tr data-organisation=").count(),
        organisations.len()
    );
    for code in organisations {
        let line = row(matrix, &format!(r#"<tr data-organisation="{code}""#));
        let of = |late: bool| {
            items
                .iter()
                .filter(|(r, c)| {
                    r.organisation_code == code
                        && if late {
                            c.late
                        } else {
                            c.state.as_str() == "missing"
                        }
                })
                .count()
                .to_string()
        };
        assert_eq!(figure(line, "row-late"), of(true), "{code} late");
        assert_eq!(figure(line, "row-missing"), of(false), "{code} missing");
    }
    // Ten month columns (January–October 2026) and a legend.
    assert_eq!(matrix.matches("class=\"period-col\"").count(), 10);
    assert!(body.contains("cell-key late-key"));
}

#[tokio::test]
async fn the_matrix_of_an_indicator_has_its_own_periods() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/reporting?indicator=CE-04").await;
    assert!(body.contains(r#"<option value="CE-04" selected>"#));
    let matrix = between(&body, "<table class=\"matrix\">", "</table>");
    // Quarterly: Q1–Q3 2026 have closed.
    assert_eq!(matrix.matches("class=\"period-col\"").count(), 3);
    assert!(matrix.contains(">Q3 2026<"));
    // Every cell says its state in words as well as by symbol and colour.
    assert_eq!(
        matrix.matches("class=\"cell ").count() - matrix.matches("class=\"cell none").count(),
        matrix.matches("class=\"visually-hidden\"").count()
    );
}

#[tokio::test]
async fn unknown_scopes_are_404s() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    assert_eq!(app.get("/reporting?pillar=XX").await.status(), 404);
    assert_eq!(app.get("/reporting?indicator=XX-01").await.status(), 404);
}

#[tokio::test]
async fn empty_states_say_what_is_missing() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query(
        "UPDATE assignment a SET archived_at = now() FROM indicator i
          WHERE i.id = a.indicator_id AND i.code LIKE 'SC-%'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let body = page(&app, "/reporting?pillar=SC").await;
    assert!(body.contains("No organisation is assigned an indicator here yet."));

    // A program whose first period has not closed yet.
    sqlx::query("UPDATE program SET starts_on = '2027-01-01', ends_on = '2029-12-31'")
        .execute(&app.pool)
        .await
        .unwrap();
    let body = page(&app, "/reporting?pillar=CE").await;
    assert!(body.contains("No reporting period has closed yet"));
}

#[tokio::test]
async fn the_matrix_shows_fifty_organisations_a_page_and_counts_them_all() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    add_tenants(&app.pool, 60, "CE-04").await;
    let program = expected::program(&app.pool).await;
    let pillar: uuid::Uuid = sqlx::query_scalar("SELECT id FROM pillar WHERE code = 'CE'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let items = expected::compliance_of(
        &app.pool,
        Scope::Pillar(pillar),
        &expected::all_closed(&program),
    )
    .await;
    let summary = expected::summary(&items);
    // A row for every organisation assigned in the pillar (one with nothing due yet too).
    let mut organisations: Vec<String> =
        store::compliance::organisations_in_scope(&app.pool, program.id, Scope::Pillar(pillar))
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.code)
            .collect();
    organisations.sort();
    assert!((51..=100).contains(&organisations.len()), "two pages");
    let matrix_rows =
        |body: &str| organisation_rows(between(body, "<table class=\"matrix\">", "</table>"));

    let first = page(&app, "/reporting?pillar=CE").await;
    assert_eq!(matrix_rows(&first).len(), 50);
    assert_eq!(
        pager_link(&first, "next").as_deref(),
        Some("/reporting?pillar=CE&page=2")
    );
    assert!(pager_link(&first, "prev").is_none());
    assert!(first.contains(&format!("Rows 1–50 of {}", organisations.len())));
    let second = page(&app, "/reporting?pillar=CE&page=2").await;
    assert_eq!(matrix_rows(&second).len(), organisations.len() - 50);
    assert!(pager_link(&second, "next").is_none());
    assert_eq!(
        pager_link(&second, "prev").as_deref(),
        Some("/reporting?pillar=CE")
    );
    // Every organisation on exactly one page; the totals count them all on every page.
    let mut shown: Vec<String> = matrix_rows(&first)
        .into_iter()
        .chain(matrix_rows(&second))
        .collect();
    shown.sort();
    assert_eq!(shown, organisations);
    for body in [&first, &second] {
        assert_eq!(figure(body, "expected"), summary.expected.to_string());
        assert_eq!(figure(body, "late"), summary.late.to_string());
        assert_eq!(figure(body, "missing"), summary.missing.to_string());
        assert_eq!(
            figure(body, "on-time-share"),
            format::percent(summary.on_time_share().unwrap(), Locale::En)
        );
    }
    // A page out of range is the last; a page that is not a number, the first.
    let beyond = page(&app, "/reporting?pillar=CE&page=99").await;
    assert_eq!(matrix_rows(&beyond), matrix_rows(&second));
    let junk = page(&app, "/reporting?pillar=CE&page=abc").await;
    assert_eq!(matrix_rows(&junk), matrix_rows(&first));
    // An indicator's matrix keeps the indicator in its links.
    let body = page(&app, "/reporting?indicator=CE-04").await;
    assert_eq!(
        pager_link(&body, "next").as_deref(),
        Some("/reporting?indicator=CE-04&page=2")
    );
}
