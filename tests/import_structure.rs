//! Imports of the program's structure (issue 15): targets and baselines, assignments — by an
//! admin on `/import` and by a program manager's token on `/api/v1/imports?kind=…`, previewed
//! with every problem by row and column in the reader's language, committed all or nothing
//! and once, each row through the admin forms' own use cases (a target's change in the target
//! history with its reason); refused to anyone else. And the templates as workbooks: the
//! report template's locked header rows and drop-down lists, read back from its XML.

use std::io::Read;

use serde_json::Value;

use crate::api::token;
use crate::common::{
    DemoUser, QuarterlyQuantity, Template, TestApp, add_quarterly_quantity, preview_location,
};
use crate::html::page;

/// Posts the import form as a browser does, choosing what the file holds.
async fn upload(app: &TestApp, kind: &str, file_name: &str, bytes: &[u8]) -> reqwest::Response {
    app.upload_file("/import", &[("kind", kind)], file_name, "text/csv", bytes)
        .await
}

/// A file posted to the API with a token, read in `language`; the status and the JSON.
async fn api(
    app: &TestApp,
    token: &str,
    path: &str,
    body: Vec<u8>,
    language: &str,
) -> (u16, Value) {
    app.api_send(
        token,
        reqwest::Method::POST,
        path,
        Some(body),
        Some(language),
    )
    .await
}

/// CE-97 (a quarterly quantity of DEMO-RKEF-A) with a 2027 target of 100 set by the form's
/// path, no 2028 target and no baseline.
async fn arrange_targets(app: &TestApp) {
    add_quarterly_quantity(
        &app.pool,
        QuarterlyQuantity {
            code: "CE-97",
            name_en: "Scrap sold",
            name_id: "Skrap dijual",
            unit: "t",
            direction: "higher_is_better",
            organisation: "DEMO-RKEF-A",
        },
    )
    .await;
    sqlx::query(
        "WITH t AS (INSERT INTO target (indicator_id, year, value)
                    SELECT id, 2027, 100 FROM indicator WHERE code = 'CE-97' RETURNING indicator_id)
         INSERT INTO target_revision (indicator_id, year, old_value, new_value, reason, changed_by)
         SELECT indicator_id, 2027, NULL, 100, 'first target', 'test' FROM t",
    )
    .execute(&app.pool)
    .await
    .unwrap();
}

/// CE-97's targets and its revisions: (year, value, version), (year, old, new, reason, by).
async fn targets_of_ce97(
    app: &TestApp,
) -> (
    Vec<(i16, f64, i32)>,
    Vec<(i16, Option<f64>, f64, String, String)>,
) {
    let targets = sqlx::query_as(
        "SELECT t.year, t.value, t.version FROM target t JOIN indicator i ON i.id = t.indicator_id
          WHERE i.code = 'CE-97' ORDER BY t.year",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    let revisions = sqlx::query_as(
        "SELECT r.year, r.old_value, r.new_value, r.reason, r.changed_by
           FROM target_revision r JOIN indicator i ON i.id = r.indicator_id
          WHERE i.code = 'CE-97' ORDER BY r.year, r.changed_at, r.new_value",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    (targets, revisions)
}

async fn baseline_of_ce97(app: &TestApp) -> (Option<f64>, Option<i16>) {
    sqlx::query_as("SELECT baseline_value, baseline_year FROM indicator WHERE code = 'CE-97'")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

const GOOD_TARGETS: &str = "indicator,what,year,value,reason\n\
CE-97,,2027,\"1,200.5\",Steering committee raised it (SC-4)\n\
ce-97,Target,2028,1500,\n\
CE-97,baseline,2025,80,\n\
CE-97,,2026,,\n";

#[tokio::test]
async fn a_targets_file_is_previewed_then_kept_in_the_target_history_once() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    arrange_targets(&app).await;
    let (targets_before, revisions_before) = targets_of_ce97(&app).await;

    let preview =
        preview_location(&upload(&app, "targets", "targets.csv", GOOD_TARGETS.as_bytes()).await);
    let html = page(&app, &preview).await;
    assert!(
        html.contains("targets.csv, Targets and baselines"),
        "{html}"
    );
    // 2028's first target and the first baseline are new, 2027's target changes; 2026 is blank.
    assert!(
        html.contains("3 rows: 2 new, 1 changed, 0 already stored"),
        "{html}"
    );
    assert!(
        html.contains("1 rows with nothing filled in are skipped."),
        "{html}"
    );
    assert_eq!(
        targets_of_ce97(&app).await,
        (targets_before, revisions_before),
        "a preview stores nothing"
    );

    let commit = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(commit.status(), 303);
    let (targets, revisions) = targets_of_ce97(&app).await;
    assert_eq!(targets, [(2027, 1200.5, 2), (2028, 1500.0, 1)]);
    // The change keeps the old value, who and why, as the target form keeps it.
    assert_eq!(
        revisions,
        [
            (2027, None, 100.0, "first target".into(), "test".into()),
            (
                2027,
                Some(100.0),
                1200.5,
                "Steering committee raised it (SC-4)".into(),
                "Demo Admin <admin@demo.pilar>".into()
            ),
            (
                2028,
                None,
                1500.0,
                "first target".into(),
                "Demo Admin <admin@demo.pilar>".into()
            ),
        ]
    );
    assert_eq!(baseline_of_ce97(&app).await, (Some(80.0), Some(2025)));
    let audited: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT action, reason FROM audit_event
          WHERE action IN ('set_target', 'set_baseline', 'import') ORDER BY id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        audited,
        [
            (
                "set_target".into(),
                Some("Steering committee raised it (SC-4)".into())
            ),
            ("set_target".into(), Some("first target".into())),
            ("set_baseline".into(), Some("first baseline".into())),
            ("import".into(), None),
        ]
    );

    // The commit's retry stores nothing twice.
    let again = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(
        targets_of_ce97(&app).await,
        (targets.clone(), revisions.clone())
    );
    // The same file again: every row equals what is stored, no new revision.
    let second =
        preview_location(&upload(&app, "targets", "targets.csv", GOOD_TARGETS.as_bytes()).await);
    assert!(
        page(&app, &second)
            .await
            .contains("3 rows: 0 new, 0 changed, 3 already stored as they are."),
    );
    let commit = app
        .post_form(&format!("{second}/commit"), &second, &[])
        .await;
    assert_eq!(commit.status(), 303);
    assert_eq!(targets_of_ce97(&app).await, (targets, revisions));
}

const BAD_TARGETS: &str = "indicator,what,year,value,reason,colour\n\
CE-97,,2027,150,,blue\n\
XX-99,,2027,1,,\n\
CE-97,forecast,2027,1,,\n\
CE-97,,20x7,1,,\n\
CE-97,,2028,1.300,,\n\
CE-97,,2028,2000000000000000,,\n\
CE-97,baseline,2025,7,,\n\
CE-97,baseline,2026,8,,\n";

#[tokio::test]
async fn bad_target_rows_are_named_by_row_and_column_in_both_languages_and_store_nothing() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    arrange_targets(&app).await;
    let before = targets_of_ce97(&app).await;
    let baseline = baseline_of_ce97(&app).await;

    let preview =
        preview_location(&upload(&app, "targets", "bad.csv", BAD_TARGETS.as_bytes()).await);
    let html = page(&app, &preview).await;
    let expected = [
        ("1", "colour", "Pilar does not read this column."),
        (
            "2",
            "reason",
            "This changes a stored figure: say why in the reason column",
        ),
        (
            "3",
            "indicator",
            "No indicator of the catalogue has this code",
        ),
        ("4", "what", "Write Target or Baseline"),
        ("5", "year", "Enter a year from 2000 to 2100."),
        ("6", "value", "could be read two ways"),
        ("7", "value", "Enter 0, or a number from 0.000001"),
        ("9", "year", "The same indicator and period as row 8."),
    ];
    for (row, column, message) in expected {
        let at = html
            .find(&format!(r#"data-row="{row}" data-column="{column}""#))
            .unwrap_or_else(|| panic!("row {row} column {column} in {html}"));
        assert!(
            html[at..].contains(message),
            "row {row}: {message} in {html}"
        );
    }
    assert!(!html.contains("Every row passes."));
    // In Indonesian on the same preview.
    let indonesian = page(&app, &format!("{preview}?lang=id")).await;
    for message in [
        "Tidak ada indikator katalog dengan kode ini",
        "Tulis Target atau Nilai dasar",
        "Isi tahun dari 2000 sampai 2100.",
        "Baris ini mengubah angka yang tersimpan",
    ] {
        assert!(indonesian.contains(message), "{message} in {indonesian}");
    }
    // A commit is refused whole: nothing stored, not even the good baseline row.
    let commit = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(commit.status(), 422);
    assert_eq!(targets_of_ce97(&app).await, before);
    assert_eq!(baseline_of_ce97(&app).await, baseline);
}

const GOOD_ASSIGNMENTS: &str = "organisation;indicator;starts_on\r\n\
DEMO-HPAL-B;CE-97;2026-04-01\r\n\
demo-rkef-a;CE-97;2026-01-01\r\n";

async fn assignments_of_ce97(app: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT o.code, a.starts_on::text FROM assignment a
           JOIN organisation o ON o.id = a.organisation_id
           JOIN indicator i ON i.id = a.indicator_id
          WHERE i.code = 'CE-97' AND a.archived_at IS NULL ORDER BY o.code",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_assignments_file_assigns_from_its_first_period_once() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    arrange_targets(&app).await;
    assert_eq!(
        assignments_of_ce97(&app).await,
        [("DEMO-RKEF-A".into(), "2026-01-01".into())]
    );
    let preview = preview_location(
        &upload(
            &app,
            "assignments",
            "assign.csv",
            GOOD_ASSIGNMENTS.as_bytes(),
        )
        .await,
    );
    let html = page(&app, &preview).await;
    assert!(
        html.contains("2 rows: 1 new, 0 changed, 1 already stored"),
        "{html}"
    );
    assert_eq!(
        assignments_of_ce97(&app).await.len(),
        1,
        "a preview stores nothing"
    );
    let audits = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM audit_event WHERE action = 'assign'")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let audited_before = audits().await;
    let commit = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(commit.status(), 303);
    let stored = assignments_of_ce97(&app).await;
    assert_eq!(
        stored,
        [
            ("DEMO-HPAL-B".into(), "2026-04-01".into()),
            ("DEMO-RKEF-A".into(), "2026-01-01".into())
        ]
    );
    let assigned = audits().await;
    assert_eq!(
        assigned,
        audited_before + 1,
        "the new assignment is audited"
    );
    let again = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(assignments_of_ce97(&app).await, stored);
    assert_eq!(audits().await, assigned, "the retry assigns nothing twice");
    assert!(page(&app, &preview).await.contains("/admin/assignments"));
}

const BAD_ASSIGNMENTS: &str = "organisation,indicator,starts_on\n\
NOBODY,CE-97,2026-04-01\n\
DEMO-HPAL-B,SK-08,2026-04-01\n\
DEMO-HPAL-B,CE-97,1 April\n\
DEMO-HPAL-B,,2026-04-01\n\
DEMO-HPAL-B,CE-97,2026-07-01\n";

#[tokio::test]
async fn bad_assignment_rows_are_named_in_both_languages_and_store_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    arrange_targets(&app).await;
    let manager = token(&app, "UNIDO", "write").await;
    let live: i64 = sqlx::query_scalar("SELECT count(*) FROM assignment WHERE archived_at IS NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    for (language, messages) in [
        (
            "en",
            [
                "No organisation has this code",
                "is assigned to the park office only",
                "Not a date: write the first day as 2026-01-01",
                "Fill in this cell.",
            ],
        ),
        (
            "id",
            [
                "Tidak ada organisasi dengan kode ini",
                "hanya ditugaskan kepada kantor kawasan",
                "Bukan tanggal: tulis hari pertama",
                "Isi sel ini.",
            ],
        ),
    ] {
        let (status, body) = api(
            &app,
            &manager,
            "/api/v1/imports?kind=assignments&file_name=bad.csv",
            BAD_ASSIGNMENTS.as_bytes().to_vec(),
            language,
        )
        .await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["kind"], "assignments");
        assert_eq!(body["organisation"], Value::Null);
        let problems: Vec<(u64, String, String)> = body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["row"].as_u64().unwrap(),
                    p["column"].as_str().unwrap_or("").to_string(),
                    p["message"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let at = |row: u64, column: &str| {
            problems
                .iter()
                .find(|p| p.0 == row && p.1 == column)
                .unwrap_or_else(|| panic!("row {row} {column} in {problems:?}"))
                .2
                .clone()
        };
        assert!(at(2, "organisation").contains(messages[0]), "{problems:?}");
        assert!(at(3, "organisation").contains(messages[1]), "{problems:?}");
        assert!(at(4, "starts_on").contains(messages[2]), "{problems:?}");
        assert!(at(5, "indicator").contains(messages[3]), "{problems:?}");
        // Row 6 is good on its own; the commit is still refused whole.
        assert!(!problems.iter().any(|p| p.0 == 6), "{problems:?}");
        let id = body["id"].as_str().unwrap();
        let (status, refused) = api(
            &app,
            &manager,
            &format!("/api/v1/imports/{id}/commit"),
            Vec::new(),
            language,
        )
        .await;
        assert_eq!(status, 422, "{refused}");
        assert!(
            refused["errors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["pointer"] == "/rows/4/starts_on"),
            "{refused}"
        );
    }
    let after: i64 =
        sqlx::query_scalar("SELECT count(*) FROM assignment WHERE archived_at IS NULL")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(after, live, "nothing stored");
}

#[tokio::test]
async fn a_managers_token_imports_targets_and_assignments_through_the_api_once() {
    let app = TestApp::spawn(Template::Demo).await;
    arrange_targets(&app).await;
    let manager = token(&app, "UNIDO", "write").await;
    let (status, body) = api(
        &app,
        &manager,
        "/api/v1/imports?kind=targets&file_name=t.csv&language=id",
        "indicator;year;value;reason\nCE-97;2027;1.250,5;Disepakati komite\n"
            .as_bytes()
            .to_vec(),
        "en",
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["changed"], 1, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    for _ in 0..2 {
        let (status, body) = api(
            &app,
            &manager,
            &format!("/api/v1/imports/{id}/commit"),
            Vec::new(),
            "en",
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
    let (targets, revisions) = targets_of_ce97(&app).await;
    assert_eq!(targets, [(2027, 1250.5, 2)]);
    assert_eq!(revisions.len(), 2, "one revision for one commit, retried");
    assert_eq!(revisions[1].3, "Disepakati komite");

    let (status, body) = api(
        &app,
        &manager,
        "/api/v1/imports?kind=assignments",
        GOOD_ASSIGNMENTS.as_bytes().to_vec(),
        "en",
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap();
    let (status, _) = api(
        &app,
        &manager,
        &format!("/api/v1/imports/{id}/commit"),
        Vec::new(),
        "en",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(assignments_of_ce97(&app).await.len(), 2);
}

#[tokio::test]
async fn only_admins_and_managers_tokens_import_targets_and_assignments() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_targets(&app).await;
    let before = targets_of_ce97(&app).await;
    for kind in ["targets", "assignments"] {
        let response = upload(&app, kind, "x.csv", GOOD_TARGETS.as_bytes()).await;
        assert_eq!(response.status(), 403, "a tenant's {kind} file");
        let template = app.get(&format!("/import/template.xlsx?kind={kind}")).await;
        assert_eq!(template.status(), 403, "a tenant's {kind} template");
    }
    // A tenant's token, even a writing one.
    let tenant = token(&app, "DEMO-RKEF-A", "write").await;
    for kind in ["targets", "assignments"] {
        let (status, body) = api(
            &app,
            &tenant,
            &format!("/api/v1/imports?kind={kind}"),
            GOOD_TARGETS.as_bytes().to_vec(),
            "en",
        )
        .await;
        assert_eq!(status, 403, "{body}");
    }
    assert_eq!(targets_of_ce97(&app).await, before);
    let uploads: i64 = sqlx::query_scalar("SELECT count(*) FROM import_upload")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(uploads, 0, "nothing kept of a refused file");
    // An admin's file of reports still names the organisation whose reports it holds.
    let admin = TestApp::signed_in(DemoUser::Admin).await;
    assert_eq!(
        upload(&admin, "reports", "r.csv", b"indicator,value\nCE-01,1\n")
            .await
            .status(),
        422,
        "an admin's file of reports names its organisation"
    );
}

// ---- The templates, read back as workbooks ----

/// One part of an `.xlsx` (a zip archive) as text.
fn part(xlsx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the workbook"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The style index of a cell (`A1`) of a sheet's XML (0 when it has none).
fn style_of(sheet: &str, cell: &str) -> usize {
    let at = sheet
        .find(&format!(r#"<c r="{cell}""#))
        .unwrap_or_else(|| panic!("cell {cell}"));
    let tag = &sheet[at..at + sheet[at..].find('>').unwrap()];
    tag.split(" s=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map_or(0, |s| s.parse().unwrap())
}

/// Whether the cell format `index` of the workbook's styles leaves a cell unlocked (cells are
/// locked unless their format says `locked="0"`).
fn unlocked(styles: &str, index: usize) -> bool {
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let formats: Vec<&str> = xfs.split("<xf ").skip(1).collect();
    formats[index].contains(r#"locked="0""#)
}

/// Every data validation of a sheet: (cells, type, first formula).
fn validations(sheet: &str) -> Vec<(String, String, String)> {
    sheet
        .split("<dataValidation ")
        .skip(1)
        .map(|v| {
            let attribute = |name: &str| {
                v.split(&format!(" {name}=\""))
                    .nth(1)
                    .or_else(|| v.strip_prefix(&format!("{name}=\"")))
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default()
                    .to_string()
            };
            let formula = v
                .split("<formula1>")
                .nth(1)
                .and_then(|rest| rest.split("</formula1>").next())
                .unwrap_or_default()
                .replace("&quot;", "\"");
            (attribute("sqref"), attribute("type"), formula)
        })
        .collect()
}

#[tokio::test]
async fn the_report_template_locks_its_header_rows_and_offers_lists_for_quality_and_stage() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    // A quarterly quantity and a quarterly milestone of three stages, due for 2026's first
    // three quarters.
    add_quarterly_quantity(
        &app.pool,
        QuarterlyQuantity {
            code: "CE-97",
            name_en: "Scrap sold",
            name_id: "Skrap dijual",
            unit: "t",
            direction: "higher_is_better",
            organisation: "DEMO-RKEF-A",
        },
    )
    .await;
    sqlx::query(
        "WITH i AS (
             INSERT INTO indicator (program_id, pillar_id, code, name_en, name_id, unit, kind,
                    direction, aggregation, frequency, stage_labels_en, stage_labels_id)
             SELECT p.program_id, p.id, 'SK-97', 'Training centre', 'Pusat pelatihan', 'stage',
                    'milestone', 'higher_is_better', 'max', 'quarterly',
                    ARRAY['Planned', 'Designed', 'Built'],
                    ARRAY['Direncanakan', 'Dirancang', 'Dibangun']
               FROM pillar p WHERE p.code = 'SK'
             RETURNING id)
         INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM i, organisation o WHERE o.code = 'DEMO-RKEF-A'",
    )
    .execute(&app.pool)
    .await
    .unwrap();

    let response = app.get("/import/template.xlsx").await;
    assert_eq!(response.status(), 200);
    let xlsx = response.bytes().await.unwrap().to_vec();
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    let styles = part(&xlsx, "xl/styles.xml");

    // The sheet is protected, so that its locked cells — both header rows, the grey
    // information columns — cannot be changed; the entry columns are unlocked.
    assert!(sheet.contains("<sheetProtection"), "{sheet}");
    for cell in ["A1", "H1", "P1", "A2", "H2", "M2", "P2", "A3", "D3"] {
        assert!(
            !unlocked(&styles, style_of(&sheet, cell)),
            "{cell} is locked"
        );
    }
    for cell in ["H3", "K3", "M3", "P3"] {
        assert!(
            unlocked(&styles, style_of(&sheet, cell)),
            "{cell} is open for entry"
        );
    }
    // The header rows stay in view.
    assert!(sheet.contains(r#"ySplit="2""#), "{sheet}");

    // Drop-down lists: the data quality and "save as" over every data row, each milestone
    // row's stages on its own row.
    let last: u32 = sheet
        .split("<row r=\"")
        .skip(1)
        .filter_map(|r| r.split('"').next()?.parse().ok())
        .max()
        .unwrap();
    assert!(
        last >= 8,
        "six due quarters of two indicators under the header"
    );
    let lists = validations(&sheet);
    let list = |cells: &str| {
        lists
            .iter()
            .find(|(sqref, kind, _)| sqref == cells && kind == "list")
            .unwrap_or_else(|| panic!("a list over {cells} in {lists:?}"))
            .2
            .clone()
    };
    assert_eq!(
        list(&format!("M3:M{last}")),
        r#""Measured,Calculated,Estimated""#
    );
    assert_eq!(list(&format!("P3:P{last}")), r#""Draft,Submitted""#);
    let stage_rows: Vec<&(String, String, String)> = lists
        .iter()
        .filter(|(sqref, _, _)| sqref.starts_with('K'))
        .collect();
    assert_eq!(
        stage_rows.len(),
        3,
        "three due quarters of SK-97: {lists:?}"
    );
    for (_, kind, formula) in stage_rows {
        assert_eq!(kind, "list");
        assert_eq!(formula, r#""0: Planned,1: Designed,2: Built""#);
    }

    // In Indonesian, the lists are the Indonesian labels the import reads back.
    let xlsx = app
        .get("/import/template.xlsx?lang=id")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let lists = validations(&part(&xlsx, "xl/worksheets/sheet1.xml"));
    assert!(
        lists
            .iter()
            .any(|(_, _, f)| f == r#""0: Direncanakan,1: Dirancang,2: Dibangun""#),
        "{lists:?}"
    );
    assert!(
        lists.iter().any(|(s, _, _)| s.starts_with("M3:")),
        "{lists:?}"
    );
}

#[tokio::test]
async fn the_admins_templates_are_prefilled_locked_and_upload_unchanged() {
    use calamine::{Reader, Xlsx};
    let app = TestApp::signed_in(DemoUser::Admin).await;
    arrange_targets(&app).await;

    // Targets: every live indicator, a baseline row and a row per program year, as stored.
    let xlsx = app
        .get("/import/template.xlsx?kind=targets")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection"));
    let lists = validations(&sheet);
    assert!(
        lists
            .iter()
            .any(|(s, k, f)| s.starts_with("D3:") && k == "list" && f == r#""Target,Baseline""#),
        "{lists:?}"
    );
    assert!(
        lists
            .iter()
            .any(|(s, k, _)| s.starts_with("E3:") && k == "whole"),
        "{lists:?}"
    );
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(xlsx.clone())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let ce97: Vec<Vec<String>> = range
        .rows()
        .filter(|r| r[0] == "CE-97")
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        ce97.iter()
            .map(|r| (r[3].as_str(), r[4].as_str(), r[5].as_str()))
            .collect::<Vec<_>>(),
        [
            ("Baseline", "", ""),
            ("Target", "2026", ""),
            ("Target", "2027", "100"),
            ("Target", "2028", ""),
        ]
    );
    // Uploaded as downloaded, it changes nothing.
    let preview = preview_location(&upload(&app, "targets", "targets.xlsx", &xlsx).await);
    let html = page(&app, &preview).await;
    assert!(html.contains("Every row passes."), "{html}");
    assert!(html.contains(" 0 new, 0 changed,"), "{html}");

    // Assignments: the live ones, and lists of the live codes.
    let xlsx = app
        .get("/import/template.xlsx?kind=assignments&lang=id")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection"));
    let lists = validations(&sheet);
    assert!(
        lists
            .iter()
            .any(|(s, k, f)| s.starts_with("A3:") && k == "list" && f.starts_with("Lists!$A$2")),
        "{lists:?}"
    );
    assert!(
        lists
            .iter()
            .any(|(s, k, _)| s.starts_with("C3:") && k == "date"),
        "{lists:?}"
    );
    let preview = preview_location(&upload(&app, "assignments", "penugasan.xlsx", &xlsx).await);
    let html = page(&app, &format!("{preview}?lang=id")).await;
    assert!(html.contains("Semua baris lolos."), "{html}");
    assert!(html.contains(" baris: 0 baru, 0 berubah,"), "{html}");
}
