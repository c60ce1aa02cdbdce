//! The last places that took "the first program" (issue 21): a file of targets or assignments
//! changes the program the importer chose (`?program=`) and no other, a manager of one
//! program cannot import into another, and the demo publishes each program's periods.

use serde_json::Value;

use crate::api::{get_json, problem, token};
use crate::common::{DemoUser, Template, TestApp, unido_leads_imip};
use crate::html::page;

const IMIP: &str = "IMIP-P1";

/// What a structure import could change in IWIP's program: its targets, their revisions, its
/// baselines and its assignments, as one comparable text.
async fn iwip_structure(app: &TestApp) -> String {
    sqlx::query_scalar(
        "WITH i AS (SELECT i.* FROM indicator i JOIN program p ON p.id = i.program_id
                     WHERE p.code = 'IWIP-P1')
         SELECT concat_ws(' | ',
           (SELECT string_agg(i.code || ':' || t.year || '=' || t.value || 'v' || t.version, ','
                              ORDER BY i.code, t.year)
              FROM target t JOIN i ON i.id = t.indicator_id),
           (SELECT count(*) FROM target_revision r JOIN i ON i.id = r.indicator_id),
           (SELECT string_agg(i.code || '=' || coalesce(i.baseline_value::text, '-'), ','
                              ORDER BY i.code) FROM i),
           (SELECT string_agg(i.code || '@' || a.organisation_id || a.starts_on
                                || coalesce(a.archived_at::text, ''), ','
                              ORDER BY i.code, a.organisation_id, a.starts_on)
              FROM assignment a JOIN i ON i.id = a.indicator_id))",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// An indicator's target of `year`, by its program's code and its code.
async fn target(app: &TestApp, program: &str, code: &str, year: i16) -> Option<f64> {
    sqlx::query_scalar(
        "SELECT t.value FROM target t
           JOIN indicator i ON i.id = t.indicator_id
           JOIN program p ON p.id = i.program_id
          WHERE p.code = $1 AND i.code = $2 AND t.year = $3",
    )
    .bind(program)
    .bind(code)
    .bind(year)
    .fetch_optional(&app.pool)
    .await
    .unwrap()
}

async fn upload_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM import_upload")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// Posts the import form as a browser does, to `path` (which may name the program).
async fn upload(app: &TestApp, path: &str, kind: &str, bytes: &[u8]) -> reqwest::Response {
    app.upload_file(path, &[("kind", kind)], "t.csv", "text/csv", bytes)
        .await
}

/// A file posted to the API with a token, answering the status and the JSON.
async fn api(app: &TestApp, token: &str, path: &str, body: &[u8]) -> (u16, Value) {
    let file = Some(body.to_vec());
    app.api_send(token, reqwest::Method::POST, path, file, None)
        .await
}

#[tokio::test]
async fn an_admins_targets_file_chosen_for_imip_changes_imips_targets_only() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let iwip_before = iwip_structure(&app).await;
    let import = format!("/import?program={IMIP}");

    // An IWIP indicator's code is unknown in IMIP's program: a problem, never IWIP's target.
    let wrong = upload(
        &app,
        &import,
        "targets",
        b"indicator,year,value,reason\nCE-05,2027,4321,SC-5\n",
    )
    .await;
    assert_eq!(wrong.status(), 303);
    let preview = wrong.headers()["location"].to_str().unwrap().to_string();
    let html = page(&app, &preview).await;
    assert!(
        html.contains("t.csv, Targets and baselines, program IMIP-P1"),
        "{html}"
    );
    assert!(
        html.contains("data-row=\"2\""),
        "CE-05 is not IMIP's: {html}"
    );
    let refused = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(refused.status(), 422);

    // IMIP's own indicator: its target changes, with its revision.
    let before = target(&app, IMIP, "WS-21", 2027).await;
    assert_ne!(before, Some(4321.0));
    let good = upload(
        &app,
        &import,
        "targets",
        b"indicator,year,value,reason\nWS-21,2027,4321,Raised by the IMIP steering committee\n",
    )
    .await;
    assert_eq!(good.status(), 303);
    let preview = good.headers()["location"].to_str().unwrap().to_string();
    // Whatever program a later page reads, the file stays IMIP's.
    assert_eq!(app.get("/?program=IWIP-P1").await.status(), 200);
    let html = page(&app, &preview).await;
    assert!(html.contains("program IMIP-P1"), "{html}");
    let commit = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(commit.status(), 303);
    assert_eq!(target(&app, IMIP, "WS-21", 2027).await, Some(4321.0));
    let program: String = sqlx::query_scalar(
        "SELECT p.code FROM import_upload u JOIN program p ON p.id = u.program_id
          WHERE u.committed_at IS NOT NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(program, IMIP);
    assert_eq!(
        iwip_structure(&app).await,
        iwip_before,
        "nothing of IWIP's changed"
    );

    // Without `?program=` (and the choice forgotten) the file is for the first program, IWIP.
    let fresh = TestApp::signed_in(DemoUser::Admin).await;
    let response = upload(
        &fresh,
        "/import",
        "targets",
        b"indicator,year,value,reason\nWS-21,2027,4321,x\n",
    )
    .await;
    let preview = response.headers()["location"].to_str().unwrap().to_string();
    let html = page(&fresh, &preview).await;
    assert!(html.contains("program IWIP-P1"), "{html}");
    assert!(
        html.contains("data-row=\"2\""),
        "WS-21 is not IWIP's: {html}"
    );
}

#[tokio::test]
async fn a_token_managing_imip_imports_into_imip_with_program_and_reads_it_there_only() {
    let app = TestApp::spawn(Template::Demo).await;
    // UNIDO leads IWIP; here it leads IMIP too, so its token manages both.
    unido_leads_imip(&app.pool).await;
    let manager = token(&app, "UNIDO", "write").await;
    let iwip_before = iwip_structure(&app).await;
    let (status, body) = api(
        &app,
        &manager,
        &format!("/api/v1/imports?kind=assignments&program={IMIP}"),
        b"organisation,indicator,starts_on\nDEMO-IMIP-POWER,SK-107,2026-10-01\n",
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["program"], IMIP, "{body}");
    assert_eq!(body["created"], 1, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    // Its first program is IWIP: there the import is not found.
    let (status, _) = api(&app, &manager, &format!("/api/v1/imports/{id}/commit"), b"").await;
    assert_eq!(status, 404);
    let (status, body) = api(
        &app,
        &manager,
        &format!("/api/v1/imports/{id}/commit?program={IMIP}"),
        b"",
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let assigned: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM assignment a
           JOIN indicator i ON i.id = a.indicator_id
           JOIN program p ON p.id = i.program_id
           JOIN organisation o ON o.id = a.organisation_id
          WHERE p.code = 'IMIP-P1' AND i.code = 'SK-107' AND o.code = 'DEMO-IMIP-POWER'
            AND a.archived_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(assigned, 1);
    assert_eq!(
        iwip_structure(&app).await,
        iwip_before,
        "nothing of IWIP's changed"
    );

    // Targets the same way, by the token's default program (IWIP) when none is named.
    let (status, body) = api(
        &app,
        &manager,
        "/api/v1/imports?kind=targets",
        b"indicator,year,value,reason\nWS-21,2027,4321,x\n",
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["program"], "IWIP-P1", "{body}");
    assert_eq!(body["problems"].as_array().unwrap().len(), 1, "{body}");
}

#[tokio::test]
async fn a_manager_of_iwip_only_cannot_import_into_imip() {
    let app = TestApp::spawn(Template::Demo).await;
    let before = target(&app, IMIP, "WS-21", 2027).await;
    let file = b"indicator,year,value,reason\nWS-21,2027,4321,x\n";
    // UNIDO leads IWIP only: IMIP is not its program.
    let unido = token(&app, "UNIDO", "write").await;
    for kind in ["targets", "assignments"] {
        problem(
            app.client
                .post(app.url(&format!("/api/v1/imports?kind={kind}&program={IMIP}")))
                .bearer_auth(&unido)
                .header("content-type", "application/octet-stream")
                .body(file.to_vec())
                .send()
                .await
                .unwrap(),
            403,
        )
        .await;
    }
    // An IMIP tenant's token enters IMIP but manages nothing there.
    let tenant = token(&app, "DEMO-IMIP-HPAL", "write").await;
    let (status, _) = api(
        &app,
        &tenant,
        &format!("/api/v1/imports?kind=targets&program={IMIP}"),
        file,
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(upload_count(&app).await, 0, "nothing stored");

    // UNIDO's IWIP file is not found by a token managing IMIP only.
    let (status, body) = api(
        &app,
        &unido,
        "/api/v1/imports?kind=targets",
        b"indicator,year,value,reason\nCE-05,2027,1,x\n",
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    sqlx::query(
        "INSERT INTO program_role (program_id, organisation_id, role)
         SELECT p.id, o.id, 'lead' FROM program p, organisation o
          WHERE p.code = 'IMIP-P1' AND o.code = 'DEMO-IMIP-POWER'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let imip_manager = token(&app, "DEMO-IMIP-POWER", "write").await;
    let (status, _) = api(
        &app,
        &imip_manager,
        &format!("/api/v1/imports/{id}/commit"),
        b"",
    )
    .await;
    assert_eq!(status, 404);

    // IWIP's manager signed in: IMIP's import page is closed to them.
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(app.sign_in(email, password).await.status(), 303);
    assert_eq!(
        app.get(&format!("/import?program={IMIP}")).await.status(),
        403
    );
    assert_eq!(target(&app, IMIP, "WS-21", 2027).await, before);
}

/// Whether a page lists an indicator with an IWIP code: IWIP's are two-digit (`CE-05`),
/// IMIP's own and shared ones are not (`EC-21`, `CE-105`).
fn lists_an_iwip_code(html: &str) -> bool {
    html.match_indices("data-indicator=\"").any(|(at, m)| {
        let code = &html[at + m.len()..];
        code.get(2..4) == Some("-0") && code.as_bytes().get(5) == Some(&b'"')
    })
}

#[tokio::test]
async fn the_demo_publishes_each_programs_periods_in_its_own_publications() {
    let app = TestApp::spawn(Template::Demo).await;
    crate::transparency::demo_log(&app).await;
    let periods = |list: &Value| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["period"].as_str().unwrap().to_owned(),
                    p["kind"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let iwip = token(&app, "DEMO-RKEF-A", "read").await;
    let list = get_json(&app, &iwip, "/api/v1/publications").await;
    assert_eq!(
        periods(&list),
        [
            ("2026-Q1".into(), "statement".into()),
            ("2026-Q2".into(), "restatement".into()),
            ("2026-Q2".into(), "statement".into()),
            ("2026-Q3".into(), "statement".into()),
        ]
    );
    // IMIP's program starts in April: its first quarter is Q2.
    let imip = token(&app, "DEMO-IMIP-HPAL", "read").await;
    let list = get_json(&app, &imip, "/api/v1/publications").await;
    let imip_periods = periods(&list);
    assert!(
        imip_periods.contains(&("2026-Q2".into(), "statement".into()))
            && imip_periods.contains(&("2026-Q3".into(), "statement".into())),
        "{list}"
    );
    assert!(!imip_periods.iter().any(|(p, _)| p == "2026-Q1"), "{list}");
    // Each statement names its own program and park, and only its program's indicators.
    for item in list.as_array().unwrap() {
        let entry = item["entry"].as_u64().unwrap();
        let body: Vec<u8> =
            sqlx::query_scalar("SELECT body FROM transparency_entry WHERE position = $1")
                .bind(i64::try_from(entry).unwrap())
                .fetch_one(&app.pool)
                .await
                .unwrap();
        let statement: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(statement["program"], IMIP);
        assert_eq!(statement["park"], "IMIP");
        let figures = statement["figures"].to_string();
        assert!(
            figures.contains("CE-105") || figures.contains("EC-21"),
            "{figures}"
        );
        assert!(!figures.contains("\"CE-05\""), "{figures}");
    }
    // The public page of each program shows that program's published figures.
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    crate::transparency::demo_log(&admin).await;
    let html = page(&admin, &format!("/public?program={IMIP}")).await;
    assert!(html.contains("data-indicator=\""), "{html}");
    assert!(!lists_an_iwip_code(&html), "{html}");
    let html = page(&admin, "/public?program=IWIP-P1").await;
    assert!(lists_an_iwip_code(&html), "{html}");
    assert!(!html.contains("data-indicator=\"CE-105\""), "{html}");
    // A second call publishes nothing more.
    let size = crate::transparency::demo_log(&app).await;
    assert_eq!(crate::transparency::demo_log(&app).await, size);
}
