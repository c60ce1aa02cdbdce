//! Reviewers see what carries the weight (issue 11, part 6): numerator and denominator under
//! the indicator's own labels, the report's share of the pooled park figure and the park
//! figure with and without it; every unit written once; a quarterly count labelled per
//! quarter; the grid's own numerator and denominator labels.

use crate::common::{DemoUser, TestApp};
use crate::html::page;
use crate::submit::arrange_percentage;

/// CE-99 (a pooled percentage, 1 decimal, labels "slag reused (t)" / "slag produced (t)") for
/// Q3 2026: DEMO-HPAL-B approved 30 / 100, DEMO-POWER-C approved 20 / 100, and the tenant
/// (DEMO-RKEF-A) submits 460 / 800.
async fn three_reports() -> (TestApp, TestApp) {
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&tenant).await;
    sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM indicator i, organisation o
          WHERE i.code = 'CE-99' AND o.code = 'DEMO-POWER-C'",
    )
    .execute(&tenant.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end,
                                  numerator, denominator, data_quality, status,
                                  first_submitted_at, submitted_at, reviewed_at)
         SELECT i.id, o.id, DATE '2026-07-01', DATE '2026-09-30', v.n, v.d, 'measured', 'approved',
                TIMESTAMPTZ '2026-10-05 00:00Z', TIMESTAMPTZ '2026-10-05 00:00Z',
                TIMESTAMPTZ '2026-10-06 00:00Z'
           FROM (VALUES ('DEMO-HPAL-B', 30.0, 100.0), ('DEMO-POWER-C', 20.0, 100.0)) AS v(org, n, d)
           JOIN organisation o ON o.code = v.org, indicator i WHERE i.code = 'CE-99'",
    )
    .execute(&tenant.pool)
    .await
    .unwrap();
    let path = "/submit/CE-99/2026-07-01";
    let submitted = tenant
        .post_form(
            path,
            path,
            &[
                ("numerator", "460"),
                ("denominator", "800"),
                ("data_quality", "measured"),
                ("action", "submit"),
                ("version", ""),
            ],
        )
        .await;
    assert_eq!(submitted.status(), 303);
    let manager = TestApp::serve(tenant.state.clone()).await;
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    (tenant, manager)
}

/// The text of the first element carrying `data-figure="{name}"`.
fn figure<'a>(html: &'a str, name: &str) -> &'a str {
    let start = html
        .find(&format!(r#"data-figure="{name}""#))
        .unwrap_or_else(|| panic!("no {name} in the page"));
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest[open..].find('<').unwrap();
    rest[open..open + close].trim()
}

#[tokio::test]
async fn the_queue_and_the_report_show_its_parts_share_and_the_park_figure_with_and_without_it() {
    let (_tenant, manager) = three_reports().await;
    // Hand-computed: the report 460 / 800 = 57.5 %; its share 800 / (100 + 100 + 800) = 80.0 %;
    // the park with it (30 + 20 + 460) / 1,000 = 51.0 % of 3 organisations, without it
    // (30 + 20) / 200 = 25.0 % of 2.
    let queue = page(&manager, "/review?indicator=CE-99").await;
    assert!(queue.contains("<strong>57.5 %</strong>"), "{queue}");
    assert_eq!(figure(&queue, "numerator"), "slag reused (t): 460.0");
    assert_eq!(figure(&queue, "denominator"), "slag produced (t): 800.0");
    assert_eq!(figure(&queue, "share"), "Share of the park figure: 80.0 %");
    assert_eq!(
        figure(&queue, "park-with"),
        "Park figure with this report: 51.0 % (3 organisations)"
    );
    assert_eq!(
        figure(&queue, "park-without"),
        "Park figure without it: 25.0 % (2 organisations)"
    );

    let id: uuid::Uuid = sqlx::query_scalar(
        "SELECT o.id FROM observation o JOIN organisation g ON g.id = o.organisation_id
          WHERE g.code = 'DEMO-RKEF-A' AND o.status = 'submitted'
            AND o.indicator_id = (SELECT id FROM indicator WHERE code = 'CE-99')",
    )
    .fetch_one(&manager.pool)
    .await
    .unwrap();
    let detail = page(&manager, &format!("/review/{id}")).await;
    assert_eq!(figure(&detail, "figure"), "57.5 %");
    assert_eq!(figure(&detail, "numerator"), "460.0");
    assert!(detail.contains("<dt>slag reused (t)</dt>"));
    assert_eq!(figure(&detail, "denominator"), "800.0");
    assert!(detail.contains("<dt>slag produced (t)</dt>"));
    assert_eq!(figure(&detail, "share"), "80.0 %");
    assert_eq!(figure(&detail, "park-with"), "51.0 % (3 organisations)");
    assert_eq!(figure(&detail, "park-without"), "25.0 % (2 organisations)");
    // In Indonesian: the same figures with the locale's separators and words.
    let indonesian = page(&manager, &format!("/review/{id}?lang=id")).await;
    assert_eq!(figure(&indonesian, "share"), "80,0 %");
    assert_eq!(figure(&indonesian, "park-with"), "51,0 % (3 organisasi)");
}

/// "% %": a unit written twice (the figure's own "%" and the unit's).
fn assert_units_once(path: &str, html: &str) {
    for doubled in ["% %", "%&#160;%", "% % units", "% % t"] {
        assert!(!html.contains(doubled), "{path}: {doubled:?} in the page");
    }
}

#[tokio::test]
async fn no_page_writes_a_unit_twice() {
    let (tenant, manager) = three_reports().await;
    // A demo percentage with a unit of its own words ("% units", "% t") is in the queue too.
    let mut paths: Vec<String> = vec![
        "/review".into(),
        "/review?indicator=CE-99".into(),
        "/".into(),
        "/indicators/CE-99".into(),
        "/indicators/SC-01".into(),
        "/indicators/SC-07".into(),
    ];
    let ids: Vec<uuid::Uuid> = sqlx::query_scalar(
        "SELECT o.id FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE i.kind = 'percentage' AND o.status IN ('submitted', 'approved')
          ORDER BY i.unit <> '%' DESC, o.status DESC, o.id LIMIT 6",
    )
    .fetch_all(&manager.pool)
    .await
    .unwrap();
    for id in ids {
        paths.push(format!("/review/{id}"));
        paths.push(format!("/review/{id}/history"));
    }
    for path in &paths {
        let html = page(&manager, path).await;
        assert_units_once(path, &html);
    }
    for path in [
        "/my",
        "/submit",
        "/submit/CE-99/2026-07-01",
        "/indicators/CE-99",
    ] {
        let html = page(&tenant, path).await;
        assert_units_once(path, &html);
    }
    // The figure itself carries the unit once: the queue shows "57.5 %".
    assert!(
        page(&manager, "/review?indicator=CE-99")
            .await
            .contains("57.5 %")
    );
}

#[tokio::test]
async fn a_quarterly_count_is_asked_per_quarter_and_the_grid_names_each_part() {
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    // SK-03 (certificates issued, a count with yearly targets, "count/yr") is reported each
    // quarter by the tenant's organisation.
    let form = page(&tenant, "/submit/SK-03/2026-10-01").await;
    assert!(
        form.contains("Value (count per quarter)"),
        "{}",
        form.lines()
            .filter(|l| l.contains("count") || l.contains("Value"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!form.contains("count/yr"));
    let indonesian = page(&tenant, "/submit/SK-03/2026-10-01?lang=id").await;
    assert!(indonesian.contains("(count per triwulan)"));
    assert!(!indonesian.contains("count/yr"));
    let due = page(&tenant, "/submit?lang=en").await;
    assert!(
        due.contains("count per quarter"),
        "{}",
        due.lines()
            .filter(|l| l.contains("SK-0") || l.contains("pager") || l.contains("page="))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!due.contains("count/yr"));
    let grid = page(&tenant, "/submit/period/quarterly/2026-10-01?lang=en").await;
    assert!(grid.contains("count per quarter"));
    assert!(!grid.contains("count/yr"));
    // The indicator page keeps the indicator's own unit ("count/yr", its targets are yearly)
    // and labels each quarter's figure per quarter.
    let indicator = page(&tenant, "/indicators/SK-03?lang=en").await;
    assert!(indicator.contains("count per quarter"));
    // So does the overview's headline, which shows one quarter's figure.
    let viewer = TestApp::signed_in(DemoUser::Viewer).await;
    let overview = page(&viewer, "/?lang=en").await;
    let sk03 = overview
        .split(r#"<li data-indicator="SK-03">"#)
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("SK-03 is a headline of the overview");
    assert!(sk03.contains("<small>count per quarter</small>"), "{sk03}");

    // The grid names each fraction's own parts, never the bare "Numerator/Denominator".
    arrange_percentage(&tenant).await;
    let grid = page(&tenant, "/submit/period/quarterly/2026-10-01?lang=en").await;
    assert!(grid.contains(r#"<label>slag reused (t) <input"#), "{grid}");
    assert!(grid.contains(r#"<label>slag produced (t) <input"#));
    assert!(!grid.contains("<label>Numerator <input"));
    assert!(!grid.contains("<label>Denominator <input"));
}
