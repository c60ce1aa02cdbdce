//! `/timeline`: the Gantt chart and the list, with their filters.

use crate::common::{DemoUser, TestApp};
use crate::html::{between, empty_signed_in, page, row};

#[tokio::test]
async fn the_timeline_draws_every_milestone_grouped_by_pillar() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/timeline").await;
    let gantt = between(&body, "<svg class=\"gantt-chart\"", "</svg>");
    assert_eq!(gantt.matches("<rect class=\"bar ").count(), 15);
    assert_eq!(gantt.matches("<g class=\"milestone\">").count(), 15);
    assert!(gantt.contains(r#"<line class="today""#), "today marker");
    for group in [
        "Program-wide",
        "CE Circular economy",
        "SK Industrial skills",
        "SC Green supply-chain",
    ] {
        assert!(gantt.contains(group), "{group}");
    }
    // Status colours by the domain's effective status; owners beside the bars.
    assert!(gantt.contains(r#"class="bar late""#));
    assert!(gantt.contains(r#"class="bar done""#));
    assert!(gantt.contains(r#"class="bar in_progress""#));
    assert!(gantt.contains(">Weda Bay Nickel</text>"));
    // The list shows the same milestones.
    assert_eq!(body.matches("<tr data-milestone=").count(), 15);
    let m07 = row(&body, r#"<tr data-milestone="M07""#);
    assert!(m07.contains(r#"data-status="late""#) && m07.contains("30 Sep 2026"));
}

#[tokio::test]
async fn filters_by_pillar_and_status() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/timeline?pillar=CE").await;
    assert_eq!(body.matches("<tr data-milestone=").count(), 3);
    assert!(body.contains(r#"<option value="CE" selected>"#));
    let body = page(&app, "/timeline?status=late").await;
    assert_eq!(body.matches("<tr data-milestone=").count(), 1);
    assert!(body.contains(r#"data-milestone="M07""#));
    let body = page(&app, "/timeline?pillar=program&status=done").await;
    assert_eq!(body.matches("<tr data-milestone=").count(), 6, "M01–M06");
    // A planned milestone whose due date has passed counts as late.
    sqlx::query("UPDATE milestone SET status = 'planned' WHERE code = 'M07'")
        .execute(&app.pool)
        .await
        .unwrap();
    let body = page(&app, "/timeline?status=late").await;
    assert!(body.contains(r#"data-milestone="M07""#));
}

#[tokio::test]
async fn an_empty_filter_says_so() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/timeline?pillar=SK&status=cancelled").await;
    assert!(body.contains("No milestone matches these filters."));
    assert!(!body.contains("gantt-chart"));
    let app = empty_signed_in().await;
    let body = page(&app, "/timeline").await;
    assert!(body.contains("pilar seed --demo"));
}

#[tokio::test]
async fn milestone_titles_are_escaped() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    sqlx::query("UPDATE milestone SET title_en = '<script>alert(1)</script>' WHERE code = 'M01'")
        .execute(&app.pool)
        .await
        .unwrap();
    let body = page(&app, "/timeline").await;
    assert!(!body.contains("<script>alert(1)</script>"));
}
