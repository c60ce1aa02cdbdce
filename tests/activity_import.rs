//! Imports of GHG activity data (issue 17): the template (CSV and `.xlsx`) downloads, fills in
//! and uploads; every row passes the activity workflow's own check and writer (the API batch's),
//! a bad row is named by row and column in the reader's language and stores nothing, a good
//! file is stored all at once and read back by `GET /api/v1/ghg/activity`, the same file
//! uploaded again stores nothing, and a tenant imports its own organisation's rows only.

use serde_json::Value;

use crate::api::{get_json, token};
use crate::common::{DemoUser, TestApp};

async fn rows_of(app: &TestApp, organisation: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM activity_record a JOIN organisation o ON o.id = a.organisation_id
          WHERE o.code = $1",
    )
    .bind(organisation)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

fn counts(preview: &Value) -> (u64, u64, u64) {
    (
        preview["created"].as_u64().unwrap(),
        preview["changed"].as_u64().unwrap(),
        preview["unchanged"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn the_csv_template_round_trip_stores_a_good_file_once_however_often_it_is_uploaded() {
    // An admin downloads the template of the mine, whose October diesel was returned.
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let response = app
        .get("/import/template.csv?kind=activity&organisation=DEMO-MINE-H")
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let template = response.text().await.unwrap();
    let mut lines = template.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}month,kind,quantity,fuel,unit,ncv,carbon_out,carbonate,carrier,counterparty,comment,status,current_status,id,version"
    );
    let returned: Vec<&str> = lines.collect();
    assert_eq!(returned.len(), 1, "{template}");
    assert!(returned[0].starts_with("2026-10-01,"), "{template}");
    let mine = token(&app, "DEMO-MINE-H", "write").await;
    let before = rows_of(&app, "DEMO-MINE-H").await;

    // Uploaded as downloaded, it changes nothing.
    let (status, preview) = app
        .api_import(
            &mine,
            "?kind=activity&file_name=t.csv",
            template.clone().into_bytes(),
            "en",
        )
        .await;
    assert_eq!(status, 201, "{preview}");
    assert_eq!(preview["kind"], "activity");
    assert_eq!(preview["organisation"], "DEMO-MINE-H");
    assert_eq!(preview["problems"], serde_json::json!([]), "{preview}");
    assert_eq!(counts(&preview), (0, 0, 1));

    // Filled in: two rows of November, one written with the Indonesian labels and a
    // decimal comma as an Indonesian Excel writes CSV.
    let filled = format!(
        "{template}2026-11-01,fuel_use,120000,diesel,l,,,,,,haul trucks,submitted,,,\r\n\
         2026-11-01,Bahan bakar dibakar,\"1250,5\",Solar,t,,,,,,genset,,,,\r\n"
    );
    let (status, preview) = app
        .api_import(
            &mine,
            "?kind=activity&language=id",
            filled.clone().into_bytes(),
            "en",
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(preview["problems"], serde_json::json!([]), "{preview}");
    assert_eq!(counts(&preview), (2, 0, 1));
    assert_eq!(
        rows_of(&app, "DEMO-MINE-H").await,
        before,
        "a preview stores nothing"
    );
    let (status, stored) = app
        .api_commit(&mine, preview["id"].as_str().unwrap(), "en")
        .await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(rows_of(&app, "DEMO-MINE-H").await, before + 2);

    // Read back through the API, as the batch's rows are.
    let rows = get_json(&app, &mine, "/api/v1/ghg/activity?from=2026-11-01").await;
    let mut read: Vec<(String, f64, String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["fuel"].as_str().unwrap().to_string(),
                r["quantity"].as_f64().unwrap(),
                r["unit"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    read.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert_eq!(
        read,
        vec![
            ("diesel".into(), 1250.5, "t".into(), "draft".into()),
            ("diesel".into(), 120_000.0, "l".into(), "submitted".into()),
        ]
    );
    // Each row has its revision and audit entry, as the API's do; the import its own entry.
    let audited: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE entity = 'activity_record' AND action = 'create'
            AND entity_id IN (SELECT a.id::text FROM activity_record a
                                JOIN organisation o ON o.id = a.organisation_id
                               WHERE o.code = 'DEMO-MINE-H' AND a.month = '2026-11-01')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited, 2);

    // The same file again: nothing is stored twice.
    let (status, again) = app
        .api_import(
            &mine,
            "?kind=activity&language=id",
            filled.into_bytes(),
            "en",
        )
        .await;
    assert_eq!(status, 201);
    assert_eq!(counts(&again), (0, 0, 3), "{again}");
    let (status, _) = app
        .api_commit(&mine, again["id"].as_str().unwrap(), "en")
        .await;
    assert_eq!(status, 200);
    assert_eq!(rows_of(&app, "DEMO-MINE-H").await, before + 2);
}

#[tokio::test]
async fn a_bad_row_is_named_by_row_and_column_in_both_languages_and_nothing_is_stored() {
    let app = TestApp::spawn(crate::common::Template::Demo).await;
    let writer = token(&app, "DEMO-RKEF-A", "write").await;
    let before = rows_of(&app, "DEMO-RKEF-A").await;
    let file = "month,kind,quantity,fuel,unit,ncv,comment\n\
                2026-11-01,fuel_use,100000,diesel,l,,good\n\
                2026-11-01,fuel_use,500,,t,,no fuel\n\
                2026-11-15,production,600,,,,mid-month\n\
                2026-11-01,fuel_use,900,sub_bituminous_coal,t,lots,bad ncv\n";
    let (status, preview) = app
        .api_import(&writer, "?kind=activity", file.as_bytes().to_vec(), "en")
        .await;
    assert_eq!(status, 201);
    let problems: Vec<(u64, String, String)> = preview["problems"]
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
            .unwrap_or_else(|| panic!("no problem at row {row} {column}: {problems:?}"))
            .2
            .clone()
    };
    let english = (at(3, "fuel"), at(4, "month"), at(5, "ncv"));
    assert!(!problems.iter().any(|p| p.0 == 2), "{problems:?}");
    let (status, refused) = app
        .api_commit(&writer, preview["id"].as_str().unwrap(), "en")
        .await;
    assert_eq!(status, 422, "{refused}");
    let pointers: Vec<&str> = refused["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert!(pointers.contains(&"/rows/3/fuel"), "{refused}");
    assert!(pointers.contains(&"/rows/5/ncv"), "{refused}");
    assert_eq!(rows_of(&app, "DEMO-RKEF-A").await, before, "nothing stored");

    // In Indonesian the same places, in other words.
    let (_, preview) = app
        .api_import(&writer, "?kind=activity", file.as_bytes().to_vec(), "id")
        .await;
    let indonesian: Vec<(u64, String, String)> = preview["problems"]
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
    assert_eq!(indonesian.len(), problems.len());
    for (row, column, message) in &indonesian {
        let english = &problems
            .iter()
            .find(|p| p.0 == *row && &p.1 == column)
            .unwrap()
            .2;
        assert_ne!(message, english, "row {row} {column}");
    }
    assert_ne!(english.0, english.1);
    assert_eq!(rows_of(&app, "DEMO-RKEF-A").await, before);
}

#[tokio::test]
async fn a_tenant_imports_its_own_organisations_activity_only() {
    let app = TestApp::spawn(crate::common::Template::Demo).await;
    let writer = token(&app, "DEMO-RKEF-A", "write").await;
    let before = rows_of(&app, "DEMO-RKEF-A").await;
    let others_before = rows_of(&app, "DEMO-MINE-H").await;
    // Another organisation's file is refused outright.
    let file = "month,kind,quantity\n2026-11-01,production,10\n";
    let (status, _) = app
        .api_import(
            &writer,
            "?kind=activity&organisation=DEMO-MINE-H",
            file.as_bytes().to_vec(),
            "en",
        )
        .await;
    assert_eq!(status, 403);
    // A row naming another organisation, or another organisation's stored row by its id.
    let (other_id, version): (uuid::Uuid, i32) = sqlx::query_as(
        "SELECT a.id, a.version FROM activity_record a JOIN organisation o ON o.id = a.organisation_id
          WHERE o.code = 'DEMO-MINE-H' AND a.status = 'returned' LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let file = format!(
        "organisation,month,kind,quantity,fuel,unit,id,version\n\
         DEMO-RKEF-A,2026-11-01,production,10,,,,\n\
         DEMO-MINE-H,2026-11-01,production,20,,,,\n\
         ,2026-10-01,fuel_use,5,diesel,l,{other_id},{version}\n"
    );
    let (status, preview) = app
        .api_import(&writer, "?kind=activity", file.into_bytes(), "en")
        .await;
    assert_eq!(status, 201);
    let places: Vec<(u64, String)> = preview["problems"]
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
    assert!(places.contains(&(3, "organisation".into())), "{preview}");
    assert!(places.contains(&(4, "id".into())), "{preview}");
    assert!(!places.iter().any(|p| p.0 == 2), "{preview}");
    let (status, _) = app
        .api_commit(&writer, preview["id"].as_str().unwrap(), "en")
        .await;
    assert_eq!(status, 422);
    assert_eq!(rows_of(&app, "DEMO-RKEF-A").await, before);
    assert_eq!(rows_of(&app, "DEMO-MINE-H").await, others_before);
    let untouched: i32 = sqlx::query_scalar("SELECT version FROM activity_record WHERE id = $1")
        .bind(other_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(untouched, version);
    // Nor can another organisation read the upload.
    let other = token(&app, "DEMO-MINE-H", "write").await;
    let response = app
        .client
        .get(app.url(&format!(
            "/api/v1/imports/{}",
            preview["id"].as_str().unwrap()
        )))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_workbook_template_in_indonesian_fills_in_and_uploads_through_the_page() {
    use calamine::{Data, Reader, Xlsx};
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let page = app.get("/import").await.text().await.unwrap();
    assert!(page.contains(r#"<option value="activity""#), "{page}");
    assert!(page.contains("/import/template.xlsx?kind=activity"));
    let response = app.get("/import/template.xlsx?kind=activity&lang=id").await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names()[0], "Data aktivitas");
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0][0].to_string(), "Bulan (hari pertama)");
    let header: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    assert_eq!(&header[..3], ["month", "kind", "quantity"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap() as u16;

    // The person fills in one row: a date cell, the kind and fuel from the drop-downs (in
    // Indonesian), a number cell.
    let t = pilar::i18n::Locale::Id.strings();
    let mut filled = Workbook::new();
    let sheet = filled.add_worksheet();
    for (r, row) in rows.iter().take(2).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Data::String(s) = cell {
                sheet.write_string(r as u32, c as u16, s).unwrap();
            }
        }
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .write_datetime_with_format(
            2,
            col("month"),
            ExcelDateTime::from_ymd(2026, 11, 1).unwrap(),
            &date,
        )
        .unwrap();
    sheet
        .write_string(
            2,
            col("kind"),
            t.ghg
                .activity_kind(pilar::domain::kinds::ActivityKind::FuelUse),
        )
        .unwrap();
    sheet
        .write_string(
            2,
            col("fuel"),
            t.ghg.fuel(pilar::domain::kinds::Fuel::SubBituminousCoal),
        )
        .unwrap();
    sheet.write_string(2, col("unit"), "t").unwrap();
    sheet.write_number(2, col("quantity"), 10_000.0).unwrap();
    sheet.write_number(2, col("ncv"), 16.0).unwrap();
    let bytes = filled.save_to_buffer().unwrap();

    // Through the page, as a browser sends it.
    let before = rows_of(&app, "DEMO-RKEF-A").await;
    let response = app
        .upload_file(
            "/import",
            &[("kind", "activity")],
            "aktivitas.xlsx",
            "application/octet-stream",
            &bytes,
        )
        .await;
    assert_eq!(response.status(), 303);
    let preview_at = response.headers()["location"].to_str().unwrap().to_string();
    let preview = app.get(&preview_at).await.text().await.unwrap();
    assert!(
        preview.contains(&format!("{preview_at}/commit")),
        "{preview}"
    );
    let committed = app
        .post_form(&format!("{preview_at}/commit"), &preview_at, &[])
        .await;
    assert_eq!(committed.status(), 303);
    let done = app.get(&preview_at).await.text().await.unwrap();
    assert!(done.contains(r#"<a href="/ghg/activity">"#), "{done}");
    assert_eq!(rows_of(&app, "DEMO-RKEF-A").await, before + 1);
    let (quantity, ncv, fuel): (f64, Option<f64>, Option<String>) = sqlx::query_as(
        "SELECT a.quantity, a.ncv_gj_per_t, a.fuel FROM activity_record a
           JOIN organisation o ON o.id = a.organisation_id
          WHERE o.code = 'DEMO-RKEF-A' AND a.month = '2026-11-01'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        (quantity, ncv, fuel.as_deref()),
        (10_000.0, Some(16.0), Some("sub_bituminous_coal"))
    );
}
