//! `/review`: the queue with the organisation's previous periods and the park figure, approve
//! or return (one or several), the self-review rule, the lock and reopen rule, the history.

use crate::common::{DemoUser, TestApp};
use crate::html::page;
use crate::submit::{arrange_percentage, stored};

const FORM: &str = "/submit/CE-99/2026-07-01";

/// A tenant (on `app`) submits CE-99 for a quarter; a manager signs in on a second client over
/// the same database.
async fn submitted_and_a_manager(quarter: &str) -> (TestApp, TestApp) {
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&tenant).await;
    submit(&tenant, quarter, "30", "120").await;
    let manager = TestApp::serve(tenant.state.clone()).await;
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    (tenant, manager)
}

pub async fn submit(tenant: &TestApp, quarter: &str, n: &str, d: &str) {
    let path = format!("/submit/CE-99/{quarter}");
    // The version the form shows, carried back as a browser does.
    let version = form_version(tenant, &path).await;
    let response = tenant
        .post_form(
            &path,
            &path,
            &[
                ("numerator", n),
                ("denominator", d),
                ("data_quality", "measured"),
                ("action", "submit"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status(), 303, "submitting {quarter}");
}

/// The hidden `version` field of a report form (empty for a new report).
pub async fn form_version(app: &TestApp, path: &str) -> String {
    let html = page(app, path).await;
    crate::html::between(&html, r#"name="version" value=""#, "\"").to_string()
}

pub async fn id_of(app: &TestApp, quarter: &str) -> String {
    let id: uuid::Uuid = sqlx::query_scalar(
        "SELECT o.id FROM observation o JOIN indicator i ON i.id = o.indicator_id
           JOIN organisation g ON g.id = o.organisation_id
          WHERE i.code = 'CE-99' AND g.code = 'DEMO-RKEF-A' AND o.period_start = $1::date",
    )
    .bind(quarter)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    id.to_string()
}

#[tokio::test]
async fn a_manager_returns_with_a_note_the_tenant_corrects_and_the_manager_approves() {
    let (tenant, manager) = submitted_and_a_manager("2026-07-01").await;
    let queue = page(&manager, "/review?indicator=CE-99").await;
    let id = id_of(&tenant, "2026-07-01").await;
    assert!(queue.contains(&format!(r#"data-observation="{id}""#)));
    assert!(queue.contains("25.0 %"));
    // Returning needs a note; nothing changes without one.
    let item = format!("{id}:2");
    let version: i32 = stored(&tenant, "2026-07-01").await.unwrap().3;
    let item = if version == 2 {
        item
    } else {
        format!("{id}:{version}")
    };
    let no_note = manager
        .post_form(
            "/review",
            "/review",
            &[("item", &item), ("action", "return"), ("note", "")],
        )
        .await;
    assert_eq!(no_note.status(), 422);
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().0, "submitted");
    let returned = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &item),
                ("action", "return"),
                ("note", "Denominator looks <low>"),
            ],
        )
        .await;
    assert_eq!(returned.status(), 303);
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().0, "returned");
    // The tenant sees the note and corrects it.
    let form = page(&tenant, FORM).await;
    assert!(form.contains("Denominator looks &#60;low&#62;"));
    assert!(form.contains(r#"name="numerator""#), "editable again");
    submit(&tenant, "2026-07-01", "30", "150").await;
    let (status, _, denominator, version) = stored(&tenant, "2026-07-01").await.unwrap();
    assert_eq!((status.as_str(), denominator), ("submitted", Some(150.0)));
    let approved = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{id}:{version}")),
                ("action", "approve"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(approved.status(), 303);
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().0, "approved");
    // Approved: read-only for the tenant, and a change through the form is refused.
    let form = page(&tenant, FORM).await;
    assert!(form.contains("approved and locked"));
    let version = stored(&tenant, "2026-07-01").await.unwrap().3.to_string();
    let refused = tenant
        .post_form(
            FORM,
            FORM,
            &[
                ("numerator", "1"),
                ("denominator", "2"),
                ("data_quality", "measured"),
                ("action", "draft"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(refused.status(), 409);
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().2, Some(150.0));
}

#[tokio::test]
async fn several_are_approved_at_once_and_a_stale_version_conflicts() {
    let (tenant, manager) = submitted_and_a_manager("2026-04-01").await;
    submit(&tenant, "2026-07-01", "10", "20").await;
    let a = id_of(&tenant, "2026-04-01").await;
    let b = id_of(&tenant, "2026-07-01").await;
    let va = stored(&tenant, "2026-04-01").await.unwrap().3;
    let vb = stored(&tenant, "2026-07-01").await.unwrap().3;
    // A stale version refuses the whole batch.
    let stale = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{a}:{va}")),
                ("item", &format!("{b}:{}", vb + 7)),
                ("action", "approve"),
            ],
        )
        .await;
    assert_eq!(stale.status(), 409);
    assert_eq!(
        stored(&tenant, "2026-04-01").await.unwrap().0,
        "submitted",
        "all or nothing"
    );
    let both = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{a}:{va}")),
                ("item", &format!("{b}:{vb}")),
                ("action", "approve"),
            ],
        )
        .await;
    assert_eq!(both.status(), 303);
    assert_eq!(stored(&tenant, "2026-04-01").await.unwrap().0, "approved");
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().0, "approved");
}

#[tokio::test]
async fn nobody_reviews_their_own_submission() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    arrange_percentage(&app).await;
    // The manager's own account submits a figure for the tenant organisation (as a program
    // manager entering a paper report would): the same account may not approve it.
    let manager_id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM app_user WHERE email = 'manager@demo.pilar'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let organisation_id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM organisation WHERE code = 'DEMO-RKEF-A'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let reporter = pilar::workflow::reports::Reporter {
        organisation_id,
        actor: pilar::domain::Actor::User {
            id: manager_id,
            label: "Demo manager".into(),
        },
    };
    let input = pilar::workflow::reports::ObservationInput {
        indicator: Some("CE-99".into()),
        period_start: chrono::NaiveDate::from_ymd_opt(2026, 7, 1),
        numerator: Some(5.0),
        denominator: Some(10.0),
        unit: Some("%".into()),
        data_quality: Some("measured".into()),
        status: Some("submitted".into()),
        ..Default::default()
    };
    let mut tx = app.pool.begin().await.unwrap();
    let o = pilar::workflow::reports::create(
        &mut tx,
        &reporter,
        &pilar::domain::AuditOrigin::default(),
        crate::common::now(),
        &input,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let refused = app
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{}:{}", o.id, o.version)),
                ("action", "approve"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("another program manager must review it")
    );
    assert_eq!(stored(&app, "2026-07-01").await.unwrap().0, "submitted");
}

#[tokio::test]
async fn an_approved_report_is_reopened_only_with_a_reason_and_its_history_shows_every_version() {
    let (tenant, manager) = submitted_and_a_manager("2026-07-01").await;
    let id = id_of(&tenant, "2026-07-01").await;
    let version = stored(&tenant, "2026-07-01").await.unwrap().3;
    let approved = manager
        .post_form(
            "/review",
            "/review",
            &[("item", &format!("{id}:{version}")), ("action", "approve")],
        )
        .await;
    assert_eq!(approved.status(), 303);
    let version = stored(&tenant, "2026-07-01").await.unwrap().3;
    let detail = format!("/review/{id}");
    let reopen = format!("/review/{id}/reopen");
    let no_reason = manager
        .post_form(
            &reopen,
            &detail,
            &[("reason", ""), ("version", &version.to_string())],
        )
        .await;
    assert_eq!(no_reason.status(), 422);
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().0, "approved");
    let reopened = manager
        .post_form(
            &reopen,
            &detail,
            &[
                ("reason", "Auditor found a <typo>"),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(reopened.status(), 303);
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().0, "returned");
    let history = page(&manager, &format!("/review/{id}/history")).await;
    assert!(
        history.matches("<tr data-version=").count() >= 3,
        "created, approved, reopened"
    );
    assert!(history.contains("Auditor found a &#60;typo&#62;"));
    assert!(history.contains("Demo"), "who changed it");
    // The tenant reads the same history of its own report, without the reopening reason (the
    // reviewers' own, issue 11); another organisation's is hidden.
    let own = page(&tenant, &format!("/submit/history/{id}")).await;
    assert!(own.matches("<tr data-version=").count() >= 3);
    assert!(!own.contains("Auditor found"));
}

#[tokio::test]
async fn the_queue_filters_and_is_closed_to_tenants() {
    let (tenant, manager) = submitted_and_a_manager("2026-07-01").await;
    let other_pillar = page(&manager, "/review?pillar=SK&indicator=CE-99").await;
    assert!(!other_pillar.contains("data-observation="));
    let period = page(&manager, "/review?indicator=CE-99&period=2026-Q3").await;
    assert!(period.contains("data-observation="));
    let other_period = page(&manager, "/review?indicator=CE-99&period=2026-Q2").await;
    assert!(!other_period.contains("data-observation="));
    let html = page(&manager, "/review?lang=id").await;
    assert!(html.contains("Tinjau laporan yang dikirim"));
    assert_eq!(tenant.get("/review").await.status(), 403);
}

#[tokio::test]
async fn the_queue_shows_previous_periods_and_marks_an_outlier() {
    let (tenant, manager) = submitted_and_a_manager("2026-04-01").await;
    submit(&tenant, "2026-01-01", "30", "120").await;
    let items: Vec<(&str, String)> = {
        let mut items = Vec::new();
        for quarter in ["2026-01-01", "2026-04-01"] {
            let id = id_of(&tenant, quarter).await;
            let version = stored(&tenant, quarter).await.unwrap().3;
            items.push(("item", format!("{id}:{version}")));
        }
        items
    };
    let mut fields: Vec<(&str, &str)> = items.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fields.push(("action", "approve"));
    let approved = manager.post_form("/review", "/review", &fields).await;
    assert_eq!(approved.status(), 303);
    // 10 of 12 is 83.3 %, more than three times the median of the last periods (25 %): it is
    // submitted with the comment the history check asks for, and flagged for the reviewer.
    let path = "/submit/CE-99/2026-07-01";
    let submitted = tenant
        .post_form(
            path,
            path,
            &[
                ("numerator", "10"),
                ("denominator", "12"),
                ("data_quality", "measured"),
                ("comment", "A new slag mill from July"),
                ("action", "submit"),
                ("version", ""),
            ],
        )
        .await;
    assert_eq!(submitted.status(), 303);
    let queue = page(&manager, "/review?indicator=CE-99").await;
    let b = id_of(&tenant, "2026-07-01").await;
    let line = crate::html::row(&queue, &format!(r#"data-observation="{b}""#));
    assert!(line.contains("83.3 %"));
    assert!(line.contains("2026"), "the previous period is named");
    assert!(
        line.contains("25.0 %"),
        "beside the previous approved figure"
    );
    assert!(line.contains(r#"data-outlier="true""#));
    assert!(!queue.contains(" style="));
}

#[tokio::test]
async fn the_period_filter_offers_the_periods_and_names_an_unknown_one() {
    let (tenant, manager) = submitted_and_a_manager("2026-07-01").await;
    submit(&tenant, "2026-04-01", "10", "20").await;
    let queue = page(&manager, "/review?lang=en").await;
    let filter = crate::html::between(&queue, r#"<select name="period">"#, "</select>");
    assert!(filter.contains(r#"<option value="2026-Q3">Q3 2026</option>"#));
    assert!(filter.contains(r#"<option value="2026-Q2">Q2 2026</option>"#));
    assert!(
        filter.find("2026-Q3") < filter.find("2026-Q2"),
        "newest first"
    );
    assert!(!queue.contains(r#"type="date""#), "no free date");
    let id = page(&manager, "/review?lang=id&indicator=CE-99&period=2026-Q3").await;
    assert!(id.contains(r#"<option value="2026-Q3" selected>TW III 2026</option>"#));
    assert_eq!(id.matches("data-observation=").count(), 1);
    // A date in the middle of a period (or any text) is named, and the queue still shows.
    for (query, text) in [("period=2026-07-15", "2026-07-15"), ("period=soon", "soon")] {
        let html = page(
            &manager,
            &format!("/review?lang=en&indicator=CE-99&{query}"),
        )
        .await;
        assert!(
            html.contains(&format!("“{text}” is not a period the queue knows")),
            "{query}"
        );
        assert_eq!(html.matches("data-observation=").count(), 2, "{query}");
    }
}

#[tokio::test]
async fn the_queue_keeps_its_filters_after_approve_and_return() {
    let (tenant, manager) = submitted_and_a_manager("2026-07-01").await;
    submit(&tenant, "2026-04-01", "10", "20").await;
    let filtered = "/review?indicator=CE-99&period=2026-Q3";
    let queue = page(&manager, filtered).await;
    assert!(
        queue.contains(
            r#"<form method="post" action="/review?indicator=CE-99&#38;period=2026-Q3">"#
        )
    );
    let q3 = id_of(&tenant, "2026-07-01").await;
    let version = stored(&tenant, "2026-07-01").await.unwrap().3;
    let returned = manager
        .post_form(
            filtered,
            filtered,
            &[
                ("item", &format!("{q3}:{version}")),
                ("action", "return"),
                ("note", "Check the denominator"),
            ],
        )
        .await;
    assert_eq!(returned.status(), 303);
    assert_eq!(
        returned.headers()["location"],
        "/review?indicator=CE-99&period=2026-Q3&done=returned"
    );
    let q2 = id_of(&tenant, "2026-04-01").await;
    let version = stored(&tenant, "2026-04-01").await.unwrap().3;
    let by_pillar = "/review?pillar=CE&organisation=DEMO-RKEF-A&done=returned";
    let approved = manager
        .post_form(
            by_pillar,
            by_pillar,
            &[("item", &format!("{q2}:{version}")), ("action", "approve")],
        )
        .await;
    assert_eq!(approved.status(), 303);
    assert_eq!(
        approved.headers()["location"],
        "/review?pillar=CE&organisation=DEMO-RKEF-A&done=approved"
    );
    // A refusal shows the same filtered queue again.
    let nothing = manager
        .post_form(filtered, filtered, &[("action", "approve")])
        .await;
    assert_eq!(nothing.status(), 422);
    let html = nothing.text().await.unwrap();
    assert!(html.contains(r#"<option value="2026-Q3" selected>"#));
}

#[tokio::test]
async fn an_approved_report_is_reopened_from_the_pages_that_link_to_its_review_page() {
    let (tenant, manager) = submitted_and_a_manager("2026-07-01").await;
    let id = id_of(&tenant, "2026-07-01").await;
    let version = stored(&tenant, "2026-07-01").await.unwrap().3;
    let approved = manager
        .post_form(
            "/review",
            "/review",
            &[("item", &format!("{id}:{version}")), ("action", "approve")],
        )
        .await;
    assert_eq!(approved.status(), 303);
    let link = format!(r#"href="/review/{id}""#);
    for path in [
        "/indicators/CE-99?period=2026-Q3",
        "/stakeholders/DEMO-RKEF-A",
        &format!("/review/{id}/history"),
        "/",
    ] {
        assert!(page(&manager, path).await.contains(&link), "{path}");
    }
    // Viewers read the same pages without the links.
    let viewer = TestApp::serve(tenant.state.clone()).await;
    let (email, password) = DemoUser::Viewer.credentials();
    assert_eq!(viewer.sign_in(email, password).await.status(), 303);
    for path in [
        "/indicators/CE-99?period=2026-Q3",
        "/stakeholders/DEMO-RKEF-A",
        "/",
    ] {
        assert!(!page(&viewer, path).await.contains("/review/"), "{path}");
    }
    // The review page reached from there reopens it.
    let detail = format!("/review/{id}");
    assert!(
        page(&manager, &detail)
            .await
            .contains(&format!(r#"action="/review/{id}/reopen""#))
    );
    let version = stored(&tenant, "2026-07-01").await.unwrap().3;
    let reopened = manager
        .post_form(
            &format!("/review/{id}/reopen"),
            &detail,
            &[
                ("reason", "Restated by the auditor"),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(reopened.status(), 303);
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().0, "returned");
}

#[tokio::test]
async fn a_resubmitted_report_shows_its_return_note_as_earlier_only() {
    let (tenant, manager) = submitted_and_a_manager("2026-07-01").await;
    let id = id_of(&tenant, "2026-07-01").await;
    let version = stored(&tenant, "2026-07-01").await.unwrap().3;
    let returned = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{id}:{version}")),
                ("action", "return"),
                ("note", "Denominator looks low"),
            ],
        )
        .await;
    assert_eq!(returned.status(), 303);
    let detail = format!("/review/{id}");
    let html = page(&manager, &detail).await;
    assert_eq!(crate::html::figure(&html, "note"), "Denominator looks low");
    assert!(page(&tenant, "/my").await.contains("Denominator looks low"));
    submit(&tenant, "2026-07-01", "30", "150").await;
    for lang in ["en", "id"] {
        let html = page(&manager, &format!("{detail}?lang={lang}")).await;
        assert!(
            !html.contains(r#"data-figure="note""#),
            "{lang}: not current"
        );
        assert_eq!(
            crate::html::figure(&html, "earlier-note"),
            "Denominator looks low"
        );
    }
    assert!(
        page(&manager, &format!("{detail}?lang=en"))
            .await
            .contains("Earlier return note")
    );
    assert!(!page(&tenant, "/my").await.contains("Denominator looks low"));
    assert!(!page(&tenant, FORM).await.contains("Denominator looks low"));
    // The history keeps it.
    let history = page(&manager, &format!("{detail}/history")).await;
    assert!(history.contains("Denominator looks low"));
}
