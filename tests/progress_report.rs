//! `/reports/{period}`: the progress report for the steering committee, and the managers'
//! narratives (saved with every version, audited, refused when stale).

use crate::common::{DemoUser, TestApp};
use crate::html::{between, page, row, section};

const PILLARS: [&str; 4] = ["CE", "SK", "CM", "SC"];

#[tokio::test]
async fn the_year_report_has_a_cover_a_glance_every_pillar_and_the_closing_sections() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let body = page(&app, "/reports/2026?lang=en").await;
    let cover = section(&body, r#"<section class="report-cover""#);
    assert!(cover.contains("Progress report · 2026"));
    assert!(cover.contains("For the programme steering committee"));
    // The date the data was taken is the injected clock's (tests live on 29 Nov 2026).
    assert_eq!(between(cover, r#"data-cover="taken">"#, "<"), "29 Nov 2026");
    assert!(cover.contains("Month 11 of 36"));
    assert_eq!(between(cover, r#"data-cover="period">"#, "<"), "2026");
    for code in PILLARS {
        let glance = row(cover, &format!(r#"<tr data-pillar="{code}""#));
        assert!(glance.contains(r#"<svg class="status-bar""#), "{code}");
        let counts: usize = glance
            .split(r#"data-status=""#)
            .skip(1)
            .map(|cell| between(cell, ">", "<").parse::<usize>().unwrap())
            .sum();
        let pillar = section(
            &body,
            &format!(r#"<section class="report-pillar" id="pillar-{code}""#),
        );
        assert_eq!(
            counts,
            pillar.matches("<tr data-indicator=").count(),
            "{code}: the glance counts every indicator of the pillar once"
        );
        assert!(pillar.contains("No narrative has been written"), "{code}");
    }
    // The indicators with figure, coverage, target, status and the status sentence.
    let ce01 = row(&body, r#"<tr data-indicator="CE-01""#);
    assert!(
        ce01.contains("data-status=") && ce01.contains("data-judgement"),
        "{ce01}"
    );
    assert!(
        ce01.contains(" of ") && ce01.contains("<svg class=\"sparkline\""),
        "{ce01}"
    );
    assert!(
        body.contains("Status on 29 Nov 2026"),
        "a running year is judged today"
    );
    // Milestones: the six done in 2026 reached, M07 late; compliance and the data notes.
    let closing = section(&body, r#"<section class="report-closing""#);
    let reached = between(closing, r#"data-milestones="reached""#, "</ul>");
    for code in ["M01", "M02", "M03", "M04", "M05", "M06"] {
        assert!(
            reached.contains(&format!(r#"data-milestone="{code}""#)),
            "{code}"
        );
    }
    let late = between(closing, r#"data-milestones="late""#, "</ul>");
    assert!(late.contains(r#"data-milestone="M07""#));
    assert!(closing.contains("data-compliance"));
    assert!(closing.contains("Notes on the data"));
    // Managers write the narratives; a viewer gets no link to the form.
    assert!(!body.contains("/narrative/"));
}

#[tokio::test]
async fn a_quarter_is_judged_at_its_end_and_reads_in_indonesian() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let body = page(&app, "/reports/2026-Q2?lang=en").await;
    assert!(body.contains("Progress report · Q2 2026"));
    assert!(
        body.contains("Status on 1 Jul 2026"),
        "judged the day after the quarter"
    );
    assert!(body.contains("Month 7 of 36"));
    assert!(body.contains(r#"data-cover="period">Q2 2026<"#));
    let reached = between(&body, r#"data-milestones="reached""#, "</ul>");
    assert!(
        reached.contains(r#"data-milestone="M04""#) && reached.contains(r#"data-milestone="M06""#)
    );
    assert!(
        !reached.contains(r#"data-milestone="M01""#),
        "January is not in Q2"
    );
    // No figure after the quarter is shown: CE-03 is monthly, its latest is June at most.
    let ce03 = row(&body, r#"<tr data-indicator="CE-03""#);
    let latest = between(ce03, r#"data-label="Latest official">"#, "</td>");
    assert!(latest.contains("(Jun 2026)"), "{latest}");
    // Managers get the link to each pillar's narrative form.
    for code in PILLARS {
        assert!(body.contains(&format!(r#"href="/reports/2026-Q2/narrative/{code}""#)));
    }
    let body = page(&app, "/reports/2026-Q2?lang=id").await;
    assert!(body.contains(r#"<html lang="id">"#));
    assert!(body.contains("Laporan kemajuan"));
    assert!(body.contains("Narasi pengelola"));
    assert!(body.contains("Kepatuhan pelaporan"));
}

#[tokio::test]
async fn periods_that_are_not_reports_are_refused_with_a_message() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    for label in ["2026-Q5", "26", "2026-03", "2026-q3", "abc"] {
        let response = app.get(&format!("/reports/{label}?lang=en")).await;
        assert_eq!(response.status(), 400, "{label}");
        let body = response.text().await.unwrap();
        assert!(body.contains("is not a report period"), "{label}: {body}");
    }
    for label in ["2025", "2029-Q1"] {
        let response = app.get(&format!("/reports/{label}?lang=en")).await;
        assert_eq!(response.status(), 404, "{label}");
        assert!(response.text().await.unwrap().contains(label));
    }
    // /reports goes to this year's report.
    let response = app.get("/reports").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/reports/2026");
}

#[tokio::test]
async fn the_pdf_address_says_how_to_print_the_report() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let response = app.get("/reports/2026.pdf?lang=en").await;
    assert_eq!(response.status(), 404);
    let body = response.text().await.unwrap();
    assert!(body.contains("Save as PDF"), "{body}");
    assert!(body.contains(r#"href="/reports/2026""#));
}

#[tokio::test]
async fn tenants_may_not_read_the_report_and_viewers_may_not_write_narratives() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    for path in [
        "/reports/2026",
        "/reports/2026.pdf",
        "/reports/2026/narrative/CE",
    ] {
        assert_eq!(app.get(path).await.status(), 403, "{path}");
    }
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    assert_eq!(app.get("/reports/2026/narrative/CE").await.status(), 403);
    let response = app
        .post_form(
            "/reports/2026/narrative/CE",
            "/reports/2026",
            &[("body", "Not mine to write"), ("version", "0")],
        )
        .await;
    assert_eq!(response.status(), 403);
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM report_narrative")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

async fn narrative_rows(app: &TestApp) -> Vec<(i32, String, String)> {
    sqlx::query_as(
        "SELECT version, body, written_by FROM report_narrative WHERE period = '2026-Q3' ORDER BY version",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn managers_save_narratives_with_every_version_kept_audited_and_conflicts_refused() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let form = "/reports/2026-Q3/narrative/CE";
    let page_body = page(&app, &format!("{form}?lang=en")).await;
    assert!(page_body.contains(r#"name="version" value="0""#));
    assert!(page_body.contains("Nothing saved yet."));

    let first = "Slag reuse rose in the smelters.\nWater recycling lags & needs <attention>.";
    let response = app
        .post_form(form, form, &[("body", first), ("version", "0")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], format!("{form}?saved=1"));
    let response = app
        .post_form(
            form,
            form,
            &[("body", "Second thoughts."), ("version", "1")],
        )
        .await;
    assert_eq!(response.status(), 303);

    // A save from the first version, after someone saved the second: refused, text kept.
    let response = app
        .post_form(form, form, &[("body", "A late edit"), ("version", "1")])
        .await;
    assert_eq!(response.status(), 409);
    let conflict = response.text().await.unwrap();
    assert!(conflict.contains("Someone saved version 2"), "{conflict}");
    assert!(conflict.contains(">A late edit</textarea>"));
    // No version, or a text beyond the limit: nothing stored.
    let response = app.post_form(form, form, &[("body", "x")]).await;
    assert_eq!(response.status(), 400);
    let long = "a".repeat(20_001);
    let response = app
        .post_form(form, form, &[("body", &long), ("version", "2")])
        .await;
    assert_eq!(response.status(), 422);
    // An unknown pillar.
    let response = app
        .post_form(
            "/reports/2026-Q3/narrative/XX",
            form,
            &[("body", "x"), ("version", "0")],
        )
        .await;
    assert_eq!(response.status(), 404);

    let rows = narrative_rows(&app).await;
    let versions: Vec<(i32, &str)> = rows.iter().map(|(v, b, _)| (*v, b.as_str())).collect();
    assert_eq!(versions, vec![(1, first), (2, "Second thoughts.")]);
    assert!(
        rows.iter()
            .all(|(_, _, by)| by.contains("<manager@demo.pilar>")),
        "{rows:?}"
    );
    let audited: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT action, entity_id FROM audit_event WHERE entity = 'report_narrative' ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        audited,
        vec![
            ("create".to_string(), Some("CE 2026-Q3".to_string())),
            ("update".to_string(), Some("CE 2026-Q3".to_string())),
        ]
    );
    // The history shows both versions; the report shows the latest, escaped.
    let history = page(&app, &format!("{form}?lang=en")).await;
    assert_eq!(history.matches("<li data-version>").count(), 2);
    assert!(history.contains("attention") && !history.contains("<attention>"));
    let report = page(&app, "/reports/2026-Q3?lang=en").await;
    let ce = section(&report, r#"id="pillar-CE""#);
    assert!(ce.contains("Second thoughts.") && ce.contains("Version 2"));
    // A printed report names its writers, never their e-mail addresses.
    assert!(!report.contains("manager@demo.pilar"), "{ce}");
    assert!(!report.contains("Slag reuse rose"));
    // Other periods keep their own narratives.
    let year = page(&app, "/reports/2026?lang=en").await;
    assert!(!year.contains("Second thoughts."));
    // The history is append-only, whoever asks.
    let refused = sqlx::query("UPDATE report_narrative SET body = 'rewritten'")
        .execute(&app.pool)
        .await;
    assert!(refused.is_err());
}

#[tokio::test]
async fn the_data_notes_name_estimated_and_restated_figures() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    // An approved Q3 report of an indicator with nothing to note yet.
    let (id, code): (uuid::Uuid, String) = sqlx::query_as(
        "SELECT o.id, i.code FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE o.status = 'approved' AND o.period_start >= '2026-07-01' AND o.period_end <= '2026-09-30'
            AND NOT EXISTS (SELECT 1 FROM observation e
                             WHERE e.indicator_id = i.id AND e.data_quality = 'estimated'
                               AND e.period_start >= '2026-01-01')
          ORDER BY i.code, o.id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let body = page(&app, "/reports/2026-Q3?lang=en").await;
    let before = between(&body, "Notes on the data", "</section>").to_string();
    assert!(
        !before.contains(&format!("{code}: 1 approved report")),
        "{before}"
    );
    sqlx::query("UPDATE observation SET data_quality = 'estimated' WHERE id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO observation_revision (observation_id, version, action, changed_by, reason, after)
         VALUES ($1, 1000, 'reopen', 'test', 'a correction', '{}'::jsonb)",
    )
    .bind(id)
    .execute(&app.pool)
    .await
    .unwrap();
    let body = page(&app, "/reports/2026-Q3?lang=en").await;
    let notes = between(&body, "Notes on the data", "</section>");
    assert!(
        notes.contains(&format!("{code}: 1 approved report is an estimate.")),
        "{notes}"
    );
    assert!(
        notes.contains(&format!("{code}: 1 approved report was restated")),
        "{notes}"
    );
    // A quarter before the report's does not carry the note; the year does.
    let q2 = page(&app, "/reports/2026-Q2?lang=en").await;
    assert!(!q2.contains(&format!("{code}: 1 approved report")));
    let year = page(&app, "/reports/2026?lang=en").await;
    assert!(year.contains(&format!("{code}: 1 approved report is an estimate.")));
}
