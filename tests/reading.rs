//! What a tenant user reads beside its own pages: the indicators its organisation reports
//! (its own figures, the park figure only where at least three organisations contribute,
//! nothing of another organisation), the timeline and the stakeholder directory; and what
//! stays closed to it (downloads of every organisation's reports, review pages).

use crate::common::{DemoUser, TestApp};
use crate::html::{page, section};
use crate::submit::arrange_percentage;

/// CE-99 (quarterly percentage) assigned to the tenant's organisation, DEMO-RKEF-A, and to
/// DEMO-HPAL-B; DEMO-POWER-C too from Q2. Approved figures: Q1 2026 from two organisations
/// (RKEF-A 25.0 %, HPAL-B 77.0 %, park 48.6 %); Q2 2026 from three (RKEF-A 11.0 %,
/// HPAL-B 23.0 %, POWER-C 38.0 %, park 24.0 %).
async fn arrange_figures(app: &TestApp) {
    arrange_percentage(app).await;
    sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-04-01' FROM indicator i, organisation o
          WHERE i.code = 'CE-99' AND o.code = 'DEMO-POWER-C'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    for (organisation, start, end, numerator, denominator) in [
        ("DEMO-RKEF-A", "2026-01-01", "2026-03-31", 30.0, 120.0),
        ("DEMO-HPAL-B", "2026-01-01", "2026-03-31", 77.0, 100.0),
        ("DEMO-RKEF-A", "2026-04-01", "2026-06-30", 11.0, 100.0),
        ("DEMO-HPAL-B", "2026-04-01", "2026-06-30", 23.0, 100.0),
        ("DEMO-POWER-C", "2026-04-01", "2026-06-30", 38.0, 100.0),
    ] {
        sqlx::query(
            "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end,
                    numerator, denominator, data_quality, status, first_submitted_at,
                    submitted_at, reviewed_at, comment, evidence_url)
             SELECT i.id, o.id, $2::date, $3::date, $4, $5, 'measured', 'approved',
                    $2::date + 40, $2::date + 40, $2::date + 45,
                    'note of ' || o.code, 'https://example.org/' || o.code
               FROM indicator i, organisation o WHERE i.code = 'CE-99' AND o.code = $1",
        )
        .bind(organisation)
        .bind(start)
        .bind(end)
        .bind(numerator)
        .bind(denominator)
        .execute(&app.pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_tenant_reads_its_own_values_and_the_park_figure_only_from_three_organisations() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_figures(&app).await;
    for lang in ["en", "id"] {
        let html = page(&app, &format!("/indicators/CE-99?lang={lang}")).await;
        let own = section(&html, r#"aria-labelledby="own-title""#);
        let (q1, q2) = if lang == "en" {
            (("25.0 %", "77.0"), ("11.0 %", "24.0 %"))
        } else {
            (("25,0 %", "77,0"), ("11,0 %", "24,0 %"))
        };
        assert!(own.contains(q1.0), "{lang}: its own Q1 value");
        assert!(own.contains(q2.0), "{lang}: its own Q2 value");
        assert!(
            own.contains(q2.1),
            "{lang}: the park figure of three organisations"
        );
        assert!(
            html.contains(q2.1),
            "{lang}: the park figure in the standing or series"
        );
        // Nothing of another organisation: not HPAL-B's 77.0 % or 23.0 %, not POWER-C's
        // 38.0 %, not the Q1 park figure pooled from two organisations (48.6 %).
        for leak in [
            q1.1,
            "23.0",
            "23,0",
            "38.0",
            "38,0",
            "48.6",
            "48,6",
            "DEMO-HPAL-B",
            "DEMO-POWER-C",
            "note of",
            "example.org",
        ] {
            assert!(!html.contains(leak), "{lang}: {leak} leaks");
        }
        // No downloads of every organisation's reports, no review pages, no pillar dashboard.
        for closed in ["reports.csv", "series.csv", "/review/", "/pillars/"] {
            assert!(!html.contains(closed), "{lang}: links to {closed}");
        }
    }
}

#[tokio::test]
async fn a_tenant_sees_no_park_figure_while_fewer_than_three_organisations_contribute() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_figures(&app).await;
    // Only Q1 (two organisations) approved: Q2 goes back to review.
    sqlx::query(
        "UPDATE observation SET status = 'submitted' WHERE period_start = DATE '2026-04-01'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let html = page(&app, "/indicators/CE-99").await;
    assert!(html.contains("25.0 %"), "its own value");
    for leak in ["48.6", "77.0", "23.0", "38.0", "24.0"] {
        assert!(!html.contains(leak), "{leak} leaks");
    }
    // The viewer reads the park figure of Q1 and every organisation's value.
    let viewer = TestApp::serve(app.state.clone()).await;
    let (email, password) = DemoUser::Viewer.credentials();
    assert_eq!(viewer.sign_in(email, password).await.status(), 303);
    let html = page(&viewer, "/indicators/CE-99?period=2026-Q1").await;
    assert!(html.contains("48.6"), "the park figure of two");
    assert!(html.contains("77.0"), "another organisation's value");
}

#[tokio::test]
async fn a_tenant_cannot_read_another_indicator_or_download_every_organisations_reports() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_figures(&app).await;
    let unassigned: String = sqlx::query_scalar(
        // Not a computed indicator: every tenant reads those (their figures come from activity
        // data, reported by nobody).
        "SELECT i.code FROM indicator i WHERE i.computed_from IS NULL AND NOT EXISTS (
             SELECT 1 FROM assignment a JOIN organisation o ON o.id = a.organisation_id
              WHERE a.indicator_id = i.id AND o.code = 'DEMO-RKEF-A')
          ORDER BY i.code LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let path = format!("/indicators/{unassigned}");
    assert_eq!(app.get(&path).await.status(), 404, "{path}");
    for path in [
        "/indicators/CE-99/reports.csv",
        "/indicators/CE-99/reports.csv?period=2026-Q2",
        "/indicators/CE-99/series.csv",
        "/pillars/CE",
        "/reporting",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 403, "{path}: {response:?}");
        let body = response.text().await.unwrap();
        assert!(
            !body.contains("DEMO-HPAL-B") && !body.contains("77.0"),
            "{path}"
        );
    }
    // The review page of another organisation's report stays closed too.
    let id: uuid::Uuid = sqlx::query_scalar(
        "SELECT o.id FROM observation o JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-HPAL-B' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(app.get(&format!("/review/{id}")).await.status(), 403);
    assert_eq!(
        app.get(&format!("/submit/history/{id}")).await.status(),
        404
    );
}

#[tokio::test]
async fn a_tenant_reads_the_timeline_and_the_directory_without_another_organisations_record() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_figures(&app).await;
    let form = page(&app, "/submit/CE-99/2026-07-01").await;
    assert!(
        form.contains(r#"href="/indicators/CE-99""#),
        "the form links the definition"
    );
    let my = page(&app, "/my").await;
    assert!(
        my.contains(r#"href="/indicators/CE-99""#),
        "/my links the definitions"
    );
    assert!(my.contains(r#"href="/timeline""#) && my.contains(r#"href="/stakeholders""#));
    for lang in ["en", "id"] {
        let timeline = page(&app, &format!("/timeline?lang={lang}")).await;
        assert!(timeline.contains("data-milestone="), "{lang}");
        let directory = page(&app, &format!("/stakeholders?lang={lang}")).await;
        assert!(directory.contains(r#"href="/stakeholders/DEMO-HPAL-B""#));
    }
    // Another organisation: its public part, not its contact, assignments or record.
    let other = page(&app, "/stakeholders/DEMO-HPAL-B").await;
    assert!(other.contains(r#"data-organisation="DEMO-HPAL-B""#));
    assert!(!other.contains("record-title"), "no reporting record");
    assert!(!other.contains("CE-99"), "no assigned indicators");
    assert!(
        !other.contains("data@hpal-b") && !other.contains("Demo data officer"),
        "no contact"
    );
    assert!(!other.contains("/review/"), "no review links");
    // Its own organisation: its record and assignments, linked to the definitions.
    let own = page(&app, "/stakeholders/DEMO-RKEF-A").await;
    assert!(own.contains("record-title"));
    assert!(own.contains(r#"href="/indicators/CE-99""#));
    assert!(!own.contains("/review/"), "no review links");
}
