//! Imports (issue 15): files of reports, `.csv` (BOM, comma, semicolon) and `.xlsx` (built
//! here with rust_xlsxwriter), previewed with every problem named by row and column in the
//! reader's language, committed all or nothing and once; a tenant imports for its own
//! organisation only; the template downloads, fills in and uploads.

use rust_xlsxwriter::{Formula, Workbook};

use crate::api::token;
use crate::common::{
    DemoUser, QuarterlyQuantity, Template, TestApp, add_quarterly_quantity, preview_location,
};
use crate::html::page;
use crate::submit::arrange_percentage;

/// CE-97, a quarterly quantity in tonnes assigned to the demo tenant (DEMO-RKEF-A) from the
/// start of 2026, nothing reported: with CE-99 (a quarterly percentage, `arrange_percentage`),
/// 2026's first three quarters are due.
async fn arrange(app: &TestApp) {
    arrange_percentage(app).await;
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
    // CE-96: another organisation's indicator.
    add_quarterly_quantity(
        &app.pool,
        QuarterlyQuantity {
            code: "CE-96",
            name_en: "Leach residue",
            name_id: "Residu pelindian",
            unit: "t",
            direction: "lower_is_better",
            organisation: "DEMO-HPAL-B",
        },
    )
    .await;
}

/// The demo tenant's stored reports of CE-97 and CE-99: (indicator, period start, status,
/// value, numerator, denominator, version).
async fn stored(app: &TestApp) -> Vec<(String, String, String, Option<f64>, Option<f64>, i32)> {
    sqlx::query_as(
        "SELECT i.code, o.period_start::text, o.status, o.value, o.numerator, o.version
           FROM observation o JOIN indicator i ON i.id = o.indicator_id
           JOIN organisation g ON g.id = o.organisation_id
          WHERE i.code IN ('CE-97', 'CE-99') AND g.code = 'DEMO-RKEF-A'
          ORDER BY i.code, o.period_start",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

async fn revisions(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM observation_revision r JOIN observation o ON o.id = r.observation_id
           JOIN indicator i ON i.id = o.indicator_id WHERE i.code IN ('CE-97', 'CE-99')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

/// Posts the import form (multipart, as a browser sends it) with the session's CSRF token.
async fn upload_form(
    app: &TestApp,
    organisation: Option<&str>,
    file_name: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let fields: Vec<(&str, &str)> = organisation
        .map(|o| ("organisation", o))
        .into_iter()
        .collect();
    app.upload_file(
        "/import",
        &fields,
        file_name,
        "application/octet-stream",
        bytes,
    )
    .await
}

const GOOD_CSV: &str = "indicator,period_start,value,numerator,denominator,unit,data_quality,comment,status\n\
CE-97,2026-01-01,\"1,250.5\",,,t,measured,,submitted\n\
CE-99,2026-01-01,,45,90,%,calculated,\"weighbridge, gate 2\",submitted\n\
\n\
CE-99,2026-04-01,,40,80,%,estimated,,draft\n";

#[tokio::test]
async fn a_csv_is_previewed_storing_nothing_then_committed_all_at_once_and_only_once() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange(&app).await;
    let preview = preview_location(&upload_form(&app, None, "q1.csv", GOOD_CSV.as_bytes()).await);
    let html = page(&app, &preview).await;
    assert!(
        html.contains("3 rows: 3 new, 0 changed, 0 already stored"),
        "{html}"
    );
    assert!(html.contains("Every row passes."));
    assert!(stored(&app).await.is_empty(), "a preview stores nothing");

    let commit = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(commit.status(), 303);
    let rows = stored(&app).await;
    assert_eq!(
        rows.iter()
            .map(|r| (r.0.as_str(), r.1.as_str(), r.2.as_str(), r.3, r.4))
            .collect::<Vec<_>>(),
        [
            ("CE-97", "2026-01-01", "submitted", Some(1250.5), None),
            ("CE-99", "2026-01-01", "submitted", None, Some(45.0)),
            ("CE-99", "2026-04-01", "draft", None, Some(40.0)),
        ]
    );
    assert!(page(&app, &preview).await.contains("Stored."));
    let before = revisions(&app).await;

    // The retry of the commit stores nothing twice.
    let again = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(stored(&app).await, rows);
    assert_eq!(revisions(&app).await, before);
    // Audited as one import, with the file's name and digest.
    let (file, sha): (String, String) = sqlx::query_as(
        "SELECT after->>'file_name', after->>'sha256' FROM audit_event
          WHERE action = 'import' AND entity = 'import_upload'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(file, "q1.csv");
    assert_eq!(sha.len(), 64);

    // The same file uploaded again: every row equals what is stored, nothing changes.
    let second = preview_location(&upload_form(&app, None, "q1.csv", GOOD_CSV.as_bytes()).await);
    assert!(
        page(&app, &second)
            .await
            .contains("3 rows: 0 new, 0 changed, 3 already stored as they are.")
    );
    let commit = app
        .post_form(&format!("{second}/commit"), &second, &[])
        .await;
    assert_eq!(commit.status(), 303);
    assert_eq!(stored(&app).await, rows);
    assert_eq!(revisions(&app).await, before);
}

#[tokio::test]
async fn semicolons_a_bom_and_decimal_commas_read_as_excel_writes_them_in_indonesian() {
    let app = TestApp::spawn(Template::Demo).await;
    arrange(&app).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let csv = "\u{feff}indicator;period_start;value;unit;data_quality;status\r\n\
               CE-97;2026-01-01;1.250,5;t;Terukur;Diajukan\r\n\
               CE-97;2026-04-01;7,25;t;measured;draft\r\n";
    let (status, body) = app
        .api_import(
            &w,
            "?file_name=ekspor.csv&language=id",
            csv.as_bytes().to_vec(),
            "id",
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["problems"], serde_json::json!([]), "{body}");
    assert_eq!(body["created"], 2);
    let id = body["id"].as_str().unwrap();
    let (status, body) = app.api_commit(&w, id, "en").await;
    assert_eq!(status, 200, "{body}");
    assert!(body["committed_at"].is_string());
    let rows = stored(&app).await;
    assert_eq!(rows[0].3, Some(1250.5));
    assert_eq!(rows[0].2, "submitted");
    assert_eq!(rows[1].3, Some(7.25));
    assert_eq!(rows[1].2, "draft");
}

/// A workbook like one a person saves: numbers as numbers, a date cell, a formula with its
/// cached value, a text number.
fn workbook(rows: &[[&str; 6]], formula_row: bool) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in [
        "indicator",
        "period_start",
        "value",
        "unit",
        "data_quality",
        "status",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            if c == 2
                && let Ok(n) = cell.parse::<f64>()
            {
                sheet.write_number(r, c, n).unwrap();
            } else if c == 1 && cell.len() == 10 {
                let d = rust_xlsxwriter::ExcelDateTime::parse_from_str(cell).unwrap();
                let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                sheet.write_datetime_with_format(r, c, &d, &format).unwrap();
            } else {
                sheet.write_string(r, c, *cell).unwrap();
            }
        }
    }
    if formula_row {
        let r = rows.len() as u32 + 1;
        sheet.write_string(r, 0, "CE-97").unwrap();
        sheet.write_string(r, 1, "2026-07-01").unwrap();
        sheet
            .write_formula(r, 2, Formula::new("=40+5").set_result("45"))
            .unwrap();
        sheet.write_string(r, 3, "t").unwrap();
        sheet.write_string(r, 4, "calculated").unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn a_workbook_with_a_bad_row_is_refused_row_by_row_in_both_languages_and_stores_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    arrange(&app).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let file = workbook(
        &[
            ["CE-97", "2026-01-01", "12", "t", "measured", "submitted"],
            ["CE-97", "2026-02-01", "-3", "kt", "guessed", "submitted"],
            ["CE-96", "2026-04-01", "1", "t", "measured", "draft"],
            ["CE-97", "2026-01-01", "13", "t", "measured", "draft"],
        ],
        true,
    );
    let (status, body) = app
        .api_import(&w, "?file_name=bad.xlsx", file.clone(), "en")
        .await;
    assert_eq!(status, 201, "{body}");
    let problems: Vec<(u64, String)> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["column"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    // Row 3: a misaligned period, a negative value, the wrong unit and an unknown quality;
    // row 4: another organisation's indicator; row 5: the same report as row 2.
    assert!(problems.contains(&(3, "period_start".into())), "{body}");
    assert!(problems.contains(&(3, "value".into())), "{body}");
    assert!(problems.contains(&(3, "unit".into())), "{body}");
    assert!(problems.contains(&(3, "data_quality".into())), "{body}");
    assert!(problems.contains(&(4, "indicator".into())), "{body}");
    assert!(problems.contains(&(5, "period_start".into())), "{body}");
    assert!(
        problems.iter().all(|(row, _)| *row != 2 && *row != 6),
        "{body}"
    );
    let message = |row: u64, column: &str| {
        body["problems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["row"] == row && p["column"] == column)
            .unwrap()["message"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(message(4, "indicator").contains("CE-96"));
    assert!(message(5, "period_start").contains("row 2"));
    let read_unit = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["row"] == 3 && p["column"] == "unit")
        .unwrap()["read"]
        .clone();
    assert_eq!(read_unit, "kt");

    let id = body["id"].as_str().unwrap();
    let (status, refused) = app.api_commit(&w, id, "id").await;
    assert_eq!(status, 422);
    let pointers: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert!(pointers.contains(&"/rows/5/period_start"), "{refused}");
    let duplicate = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["pointer"] == "/rows/5/period_start")
        .unwrap()["message"]
        .as_str()
        .unwrap();
    assert!(duplicate.contains("baris 2"), "Indonesian: {duplicate}");
    assert!(
        stored(&app).await.is_empty(),
        "nothing stored on any bad row"
    );

    // Without the bad rows the formula's cached value (45) is stored.
    let good = workbook(
        &[["CE-97", "2026-01-01", "12", "t", "measured", "submitted"]],
        true,
    );
    let (_, body) = app.api_import(&w, "", good, "en").await;
    assert_eq!(body["problems"], serde_json::json!([]), "{body}");
    let id = body["id"].as_str().unwrap();
    let (status, _) = app.api_commit(&w, id, "en").await;
    assert_eq!(status, 200);
    let values: Vec<Option<f64>> = stored(&app).await.iter().map(|r| r.3).collect();
    assert_eq!(values, [Some(12.0), Some(45.0)]);
}

#[tokio::test]
async fn a_tenant_imports_for_its_own_organisation_only() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange(&app).await;
    // Naming another organisation in the form is refused.
    let other = upload_form(&app, Some("DEMO-HPAL-B"), "x.csv", GOOD_CSV.as_bytes()).await;
    assert_eq!(other.status(), 403);
    // A row naming another organisation is refused row by row, and nothing is stored.
    let csv = "organisation,indicator,period_start,value,unit,data_quality\n\
               DEMO-RKEF-A,CE-97,2026-01-01,5,t,measured\n\
               DEMO-HPAL-B,CE-97,2026-04-01,5,t,measured\n";
    let preview = preview_location(&upload_form(&app, None, "x.csv", csv.as_bytes()).await);
    let html = page(&app, &preview).await;
    assert!(
        html.contains(r#"data-row="3" data-column="organisation""#),
        "{html}"
    );
    let commit = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(commit.status(), 422);
    assert!(stored(&app).await.is_empty());
    // Another organisation's token cannot read or commit this upload.
    let id = preview.rsplit('/').next().unwrap();
    let hpal = token(&app, "DEMO-HPAL-B", "write").await;
    let (status, _) = app.api_commit(&hpal, id, "en").await;
    assert_eq!(status, 404);
    // Nor upload for another organisation through the API.
    let (status, _) = app
        .api_import(
            &hpal,
            "?organisation=DEMO-RKEF-A",
            GOOD_CSV.as_bytes().to_vec(),
            "en",
        )
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn an_admin_imports_for_the_organisation_they_choose() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    arrange(&app).await;
    let none = upload_form(&app, None, "x.csv", GOOD_CSV.as_bytes()).await;
    assert_eq!(none.status(), 422, "an admin must name the organisation");
    let preview = preview_location(
        &upload_form(&app, Some("DEMO-RKEF-A"), "x.csv", GOOD_CSV.as_bytes()).await,
    );
    let commit = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(commit.status(), 303);
    assert_eq!(stored(&app).await.len(), 3);
}

#[tokio::test]
async fn files_beyond_the_limits_and_unknown_columns_are_refused_with_a_clear_message() {
    let app = TestApp::spawn(Template::Demo).await;
    arrange(&app).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let mut many = String::from("indicator,value\n");
    for _ in 0..50_001 {
        many.push_str("CE-97,1\n");
    }
    let (status, body) = app.api_import(&w, "", many.into_bytes(), "en").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("50,000 rows"),
        "{body}"
    );
    let (status, _) = app
        .api_import(&w, "", vec![b'a'; 10 * 1024 * 1024 + 1], "en")
        .await;
    assert_eq!(status, 413);
    let (status, body) = app
        .api_import(&w, "", b"\xff\xfe\x00\x01".to_vec(), "id")
        .await;
    assert_eq!(status, 422);
    assert!(
        body["detail"].as_str().unwrap().contains("CSV UTF-8"),
        "{body}"
    );
    let csv = "indicator,period_start,value,unit,data_quality,colour\nCE-97,2026-01-01,5,t,measured,red\n";
    let (status, body) = app.api_import(&w, "", csv.as_bytes().to_vec(), "en").await;
    assert_eq!(status, 201);
    assert_eq!(body["problems"][0]["row"], 1);
    assert_eq!(body["problems"][0]["column"], "colour");
    assert!(
        body["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("does not read")
    );
}

#[tokio::test]
async fn the_template_round_trip_download_fill_upload_commit() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange(&app).await;
    let response = app.get("/import/template.xlsx?lang=id").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names()[0], "Laporan");
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let header: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    assert_eq!(rows[0][0].to_string(), "Indikator");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // The tenant's due quarters of CE-97 and CE-99, with the names in Indonesian.
    let due: Vec<(String, String)> = rows[2..]
        .iter()
        .filter(|r| matches!(r[0].to_string().as_str(), "CE-97" | "CE-99"))
        .map(|r| (r[0].to_string(), r[col("name")].to_string()))
        .collect();
    assert_eq!(due.len(), 6, "{due:?}");
    assert!(due.contains(&("CE-97".into(), "Skrap dijual".into())));

    // The person fills in CE-97 and CE-99 for Q1 (the figures, a quality from the drop-down,
    // "Diajukan" to submit) and saves the workbook; the rest stays blank.
    let mut filled = Workbook::new();
    let sheet = filled.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::DateTime(d) => {
                    let format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
                    sheet
                        .write_number_with_format(r, c, d.as_f64(), &format)
                        .unwrap();
                }
                _ => {}
            }
        }
        // 2026-01-01 is day 46023 of Excel's calendar.
        let first_quarter = matches!(
            row.get(col("period_start")),
            Some(Data::DateTime(d)) if d.as_f64() == 46023.0
        );
        let r = r as u32;
        match (row[0].to_string().as_str(), first_quarter) {
            ("CE-97", true) => {
                sheet.write_number(r, col("value") as u16, 1250.5).unwrap();
            }
            ("CE-99", true) => {
                sheet.write_number(r, col("numerator") as u16, 45).unwrap();
                sheet
                    .write_number(r, col("denominator") as u16, 90)
                    .unwrap();
            }
            _ => continue,
        }
        sheet
            .write_string(r, col("data_quality") as u16, "Terukur")
            .unwrap();
        sheet
            .write_string(r, col("status") as u16, "Diajukan")
            .unwrap();
    }
    let file = filled.save_to_buffer().unwrap();
    let preview = preview_location(&upload_form(&app, None, "templat.xlsx", &file).await);
    let html = page(&app, &format!("{preview}?lang=id")).await;
    assert!(html.contains("Semua baris lolos."), "{html}");
    let commit = app
        .post_form(&format!("{preview}/commit"), &preview, &[])
        .await;
    assert_eq!(commit.status(), 303);
    let rows = stored(&app).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|r| r.2 == "submitted"));
    // The reports page shows them submitted.
    let submit = page(&app, "/submit").await;
    // (In Indonesian, as the tenant chose with the template.)
    assert!(
        submit.contains(r#"data-report="CE-97/TW I 2026""#),
        "{submit}"
    );
    assert!(submit.contains(r#"data-state="submitted""#), "{submit}");
}

/// Waits until the browser's page holds `text`.
async fn wait_for_text(client: &fantoccini::Client, text: &str) -> String {
    let started = std::time::Instant::now();
    loop {
        let source = client.source().await.unwrap();
        if source.contains(text) {
            return source;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the page never showed {text:?}: {source}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_tenant_uploads_a_file_reads_the_preview_and_commits_in_a_browser() {
    use crate::browser::{CHROMEDRIVER, CHROMIUM, Driver, browser, installed, sign_in};
    use fantoccini::Locator;
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(!ci, "CI=true but chromium or chromedriver is missing");
        eprintln!("skipping the browser import test: chromium and chromedriver are not installed");
        return;
    };
    let app = TestApp::spawn(Template::Demo).await;
    arrange(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("q1.csv");
    std::fs::write(&file, GOOD_CSV).unwrap();

    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, &chromium, profile.path()).await;
    sign_in(&client, &app, DemoUser::Tenant).await;
    client.goto(&app.url("/import")).await.unwrap();
    client
        .find(Locator::Css("input[name=file]"))
        .await
        .unwrap()
        .send_keys(file.to_str().unwrap())
        .await
        .unwrap();
    client
        .find(Locator::Css("form[action='/import'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let preview = wait_for_text(&client, "Every row passes.").await;
    assert!(preview.contains("3 rows: 3 new"), "{preview}");
    assert!(stored(&app).await.is_empty());
    client
        .find(Locator::Css("form[action$='/commit'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for_text(&client, "Stored.").await;
    assert_eq!(stored(&app).await.len(), 3);
    client.goto(&app.url("/submit")).await.unwrap();
    let reports = client.source().await.unwrap();
    assert!(
        reports.contains(r#"data-report="CE-97/Q1 2026""#),
        "{reports}"
    );
    client.close().await.unwrap();
}
