//! Review notes reach the right people (issue 11, part 7): a return note goes to the reporting
//! organisation and the reviewers; a reopening reason stays with the reviewers (and the audit
//! log); a viewer sees that reports were returned, not why — on the overview (whatever the
//! page cache holds), `/my`, the tenant's form and history, and the API.

use serde_json::Value;

use crate::api::{get_json, token};
use crate::common::{DemoUser, TestApp};
use crate::html::page;
use crate::submit::arrange_percentage;

const RETURN_NOTE: &str = "RETURN-NOTE: the denominator misses the October slag";
const REOPEN_REASON: &str = "REOPEN-REASON: internal audit of the meter pending";

async fn signed_in_beside(app: &TestApp, user: DemoUser) -> TestApp {
    let other = TestApp::serve(app.state.clone()).await;
    let (email, password) = user.credentials();
    assert_eq!(other.sign_in(email, password).await.status(), 303);
    other
}

/// The tenant (DEMO-RKEF-A) has CE-99 Q3 2026 returned with [`RETURN_NOTE`], and its latest
/// approved report of another indicator reopened with [`REOPEN_REASON`]. Returns the tenant's
/// app, a manager's, and the two observations' ids (returned, reopened).
async fn returned_and_reopened() -> (TestApp, TestApp, uuid::Uuid, uuid::Uuid) {
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&tenant).await;
    let path = "/submit/CE-99/2026-07-01";
    let submitted = tenant
        .post_form(
            path,
            path,
            &[
                ("numerator", "30"),
                ("denominator", "120"),
                ("data_quality", "measured"),
                ("action", "submit"),
                ("version", ""),
            ],
        )
        .await;
    assert_eq!(submitted.status(), 303);
    let manager = signed_in_beside(&tenant, DemoUser::Manager).await;
    let (returned, version): (uuid::Uuid, i32) = sqlx::query_as(
        "SELECT o.id, o.version FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE i.code = 'CE-99' AND o.status = 'submitted'",
    )
    .fetch_one(&tenant.pool)
    .await
    .unwrap();
    let response = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{returned}:{version}")),
                ("action", "return"),
                ("note", RETURN_NOTE),
            ],
        )
        .await;
    assert_eq!(response.status(), 303);
    // The latest approved report of one of the organisation's indicators (so /my shows it).
    let (reopened, version): (uuid::Uuid, i32) = sqlx::query_as(
        "SELECT o.id, o.version FROM observation o JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' AND o.status = 'approved'
            AND o.period_start = (SELECT max(p.period_start) FROM observation p
                                   WHERE p.indicator_id = o.indicator_id
                                     AND p.organisation_id = o.organisation_id)
          ORDER BY o.id LIMIT 1",
    )
    .fetch_one(&tenant.pool)
    .await
    .unwrap();
    let response = manager
        .post_form(
            &format!("/review/{reopened}/reopen"),
            &format!("/review/{reopened}"),
            &[("version", &version.to_string()), ("reason", REOPEN_REASON)],
        )
        .await;
    assert_eq!(response.status(), 303);
    (tenant, manager, returned, reopened)
}

#[tokio::test]
async fn a_viewer_sees_that_reports_were_returned_not_why_whatever_the_cache_holds() {
    let (tenant, manager, _, _) = returned_and_reopened().await;
    let viewer = signed_in_beside(&tenant, DemoUser::Viewer).await;
    // The viewer first (filling the cache), the manager, then the viewer again (served from
    // the cache the manager's page filled).
    for round in 0..2 {
        let html = page(&viewer, "/").await;
        assert!(html.contains(r#"data-review="returned""#), "round {round}");
        assert!(!html.contains("RETURN-NOTE"), "round {round}: return note");
        assert!(
            !html.contains("REOPEN-REASON"),
            "round {round}: reopen reason"
        );
        assert!(
            !html.contains(r#"data-figure="note""#),
            "round {round}: no note column"
        );
        if round == 0 {
            let html = page(&manager, "/").await;
            assert!(
                html.contains(RETURN_NOTE),
                "the reviewer reads the return note"
            );
            assert!(html.contains(REOPEN_REASON), "and the reopening reason");
        }
    }
}

#[tokio::test]
async fn the_tenant_reads_its_return_note_but_not_the_reopening_reason() {
    let (tenant, manager, returned, reopened) = returned_and_reopened().await;
    let my = page(&tenant, "/my").await;
    assert!(my.contains(RETURN_NOTE), "its own return note on /my");
    assert!(!my.contains("REOPEN-REASON"));
    let form = page(&tenant, "/submit/CE-99/2026-07-01").await;
    assert!(form.contains(RETURN_NOTE));
    let (code, start): (String, chrono::NaiveDate) = sqlx::query_as(
        "SELECT i.code, o.period_start FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE o.id = $1",
    )
    .bind(reopened)
    .fetch_one(&tenant.pool)
    .await
    .unwrap();
    let reopened_form = page(&tenant, &format!("/submit/{code}/{start}")).await;
    assert!(reopened_form.contains("data-figure=\"status\""));
    assert!(!reopened_form.contains("REOPEN-REASON"));
    let history = page(&tenant, &format!("/submit/history/{reopened}")).await;
    assert!(!history.contains("REOPEN-REASON"));
    assert!(page(&tenant, "/submit").await.contains(RETURN_NOTE));
    assert!(!page(&tenant, "/submit").await.contains("REOPEN-REASON"));
    // The reviewers keep both, and the audit log the reason.
    let history = page(&manager, &format!("/review/{reopened}/history")).await;
    assert!(history.contains(REOPEN_REASON));
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM observation_revision WHERE observation_id = $1 AND reason = $2",
    )
    .bind(reopened)
    .bind(REOPEN_REASON)
    .fetch_one(&tenant.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // The API: the tenant's token reads its return note, not the reopening reason, in the
    // observation, its revisions and its duties; a program manager's token reads both.
    let own = token(&tenant, "DEMO-RKEF-A", "read").await;
    let body = get_json(&tenant, &own, &format!("/api/v1/observations/{returned}")).await;
    assert_eq!(body["review_note"], RETURN_NOTE);
    let body = get_json(&tenant, &own, &format!("/api/v1/observations/{reopened}")).await;
    assert_eq!(body["status"], "returned");
    assert_eq!(body["review_note"], Value::Null);
    let revisions = get_json(
        &tenant,
        &own,
        &format!("/api/v1/observations/{reopened}/revisions"),
    )
    .await;
    assert!(
        !revisions.to_string().contains("REOPEN-REASON"),
        "{revisions}"
    );
    let list = get_json(
        &tenant,
        &own,
        "/api/v1/observations?status=returned&limit=500",
    )
    .await;
    assert!(!list.to_string().contains("REOPEN-REASON"));
    assert!(list.to_string().contains("RETURN-NOTE"));
    let duties = get_json(&tenant, &own, "/api/v1/assignments").await;
    assert!(!duties.to_string().contains("REOPEN-REASON"));
    let reviewer = token(&tenant, "UNIDO", "read").await;
    let body = get_json(
        &tenant,
        &reviewer,
        &format!("/api/v1/observations/{reopened}"),
    )
    .await;
    assert_eq!(body["review_note"], REOPEN_REASON);
    let revisions = get_json(
        &tenant,
        &reviewer,
        &format!("/api/v1/observations/{reopened}/revisions"),
    )
    .await;
    assert!(revisions.to_string().contains("REOPEN-REASON"));

    // The reports download has no note column at all.
    let csv = manager
        .get("/indicators/CE-99/reports.csv?period=2026-Q3")
        .await
        .text()
        .await
        .unwrap();
    assert!(!csv.contains("RETURN-NOTE") && !csv.contains("REOPEN-REASON"));
}
