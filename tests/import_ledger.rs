//! The ledger import (issues 15 and 18): a file of an organisation's ledger months and the
//! transfers it sends, previewed with every problem by row and column in both languages,
//! committed all or nothing through the ledger's own workflow, once; the same file twice
//! stores nothing twice; a tenant imports its own ledger only; the template round trip.

use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::api::{get_json, scalar, token};
use crate::common::{DemoUser, Template, TestApp};
use crate::html::page;

/// The rows an import may leave: ledger months, their revisions, transfers, the ledger's and
/// the transfers' audit entries.
async fn written(app: &TestApp) -> [i64; 5] {
    [
        scalar(app, "SELECT count(*) FROM material_ledger").await,
        scalar(app, "SELECT count(*) FROM material_ledger_revision").await,
        scalar(app, "SELECT count(*) FROM material_transfer").await,
        scalar(
            app,
            "SELECT count(*) FROM audit_event WHERE entity = 'material_ledger'",
        )
        .await,
        scalar(
            app,
            "SELECT count(*) FROM audit_event WHERE entity = 'material_transfer'",
        )
        .await,
    ]
}

/// A file to the API as a ledger; the answer's status and JSON.
async fn upload(
    app: &TestApp,
    token: &str,
    query: &str,
    bytes: Vec<u8>,
    language: &str,
) -> (u16, Value) {
    app.api_import(token, &format!("?kind=ledger{query}"), bytes, language)
        .await
}

/// The smelter's steam, which the demo has none of, in October and September 2026: each
/// balances (100 opening + 1,000 generated = 600 used + 400 sent + 100 closing; September
/// opens with August's missing closing, so with the declared 100 as well).
const MONTHS_CSV: &str = "material,month,opening,generated,received,used_on_site,sent,closing,comment,status\n\
STEAM,2026-09,100,1000,0,600,400,100,,submitted\n\
STEAM,2026-10,,1000,0,600,400,100,,draft\n";

/// Two equal loads of steam to the brick maker in September (two transfers, not one
/// repeated) and one to the road contractor in October.
const TRANSFERS_CSV: &str = "material,month,receiver,quantity,intended_use\n\
STEAM,2026-09,DEMO-BRICK-I,200,reuse\n\
STEAM,2026-09,DEMO-BRICK-I,200,reuse\n\
STEAM,2026-10,DEMO-ROAD-J,400,Recovery\n";

#[tokio::test]
async fn a_good_file_is_stored_once_visible_through_the_api_and_uploaded_again_stores_nothing() {
    let app = TestApp::spawn(Template::Demo).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let before = written(&app).await;

    let (status, months) = upload(&app, &w, "&file_name=steam.csv", MONTHS_CSV.into(), "en").await;
    assert_eq!(status, 201, "{months}");
    assert_eq!(months["kind"], "ledger");
    assert_eq!(months["organisation"], "DEMO-RKEF-A");
    assert_eq!(months["problems"], serde_json::json!([]), "{months}");
    assert_eq!(
        (months["rows"].as_u64(), months["created"].as_u64()),
        (Some(2), Some(2))
    );
    let (status, transfers) = upload(&app, &w, "", TRANSFERS_CSV.into(), "en").await;
    assert_eq!(status, 201);
    assert_eq!(transfers["problems"], serde_json::json!([]), "{transfers}");
    assert_eq!(transfers["created"], 3);
    assert_eq!(written(&app).await, before, "a preview stores nothing");

    for upload in [&months, &transfers] {
        let (status, body) = app
            .api_commit(&w, upload["id"].as_str().unwrap(), "en")
            .await;
        assert_eq!(status, 200, "{body}");
        assert!(body["committed_at"].is_string());
    }
    // Two months (each with its revision and one audited batch), three transfers.
    assert_eq!(
        written(&app).await,
        [
            before[0] + 2,
            before[1] + 2,
            before[2] + 3,
            before[3] + 1,
            before[4] + 3
        ]
    );

    // Through the API, as if they had been sent as a batch.
    let ledger = get_json(&app, &w, "/api/v1/flows/ledger?material=STEAM").await;
    let stored: Vec<(&str, &str, f64, f64)> = ledger
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap(),
                m["status"].as_str().unwrap(),
                m["generated"].as_f64().unwrap(),
                m["opening"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        stored,
        [
            ("2026-10", "draft", 1000.0, 100.0),
            ("2026-09", "submitted", 1000.0, 100.0)
        ]
    );
    let sent = get_json(&app, &w, "/api/v1/flows/transfers?material=STEAM").await;
    let mut sent: Vec<(String, String, f64, String, String)> = sent
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["sender"].as_str().unwrap().to_string(),
                t["receiver"].as_str().unwrap().to_string(),
                t["quantity"].as_f64().unwrap(),
                t["intended_use"].as_str().unwrap().to_string(),
                t["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    sent.sort_by(|a, b| a.1.cmp(&b.1));
    let brick = (
        "DEMO-RKEF-A".to_string(),
        "DEMO-BRICK-I".to_string(),
        200.0,
        "reuse".to_string(),
        "pending".to_string(),
    );
    assert_eq!(
        sent,
        [
            brick.clone(),
            brick,
            (
                "DEMO-RKEF-A".into(),
                "DEMO-ROAD-J".into(),
                400.0,
                "recovery".into(),
                "pending".into()
            )
        ]
    );
    // The receiver sees the transfer it is to answer.
    let brick_token = token(&app, "DEMO-BRICK-I", "read").await;
    let theirs = get_json(&app, &brick_token, "/api/v1/flows/transfers?material=STEAM").await;
    assert_eq!(theirs.as_array().unwrap().len(), 2);

    // A commit retried answers the first and stores nothing.
    let stored = written(&app).await;
    let (status, again) = app
        .api_commit(&w, months["id"].as_str().unwrap(), "en")
        .await;
    assert_eq!((status, again["created"].as_u64()), (200, Some(2)));
    assert_eq!(written(&app).await, stored);

    // The same files uploaded again: every row is what is stored; nothing is stored twice.
    for (file, rows) in [(MONTHS_CSV, 2), (TRANSFERS_CSV, 3)] {
        let (status, second) = upload(&app, &w, "", file.into(), "en").await;
        assert_eq!(status, 201);
        assert_eq!(
            (
                second["created"].as_u64(),
                second["changed"].as_u64(),
                second["unchanged"].as_u64()
            ),
            (Some(0), Some(0), Some(rows)),
            "{second}"
        );
        let (status, _) = app
            .api_commit(&w, second["id"].as_str().unwrap(), "en")
            .await;
        assert_eq!(status, 200);
    }
    assert_eq!(written(&app).await, stored);

    // A third load in the file is a new transfer; the two stored ones are still matched.
    let more = format!("{TRANSFERS_CSV}STEAM,2026-09,DEMO-BRICK-I,200,reuse\n");
    let (_, third) = upload(&app, &w, "", more.into_bytes(), "en").await;
    assert_eq!(
        (third["created"].as_u64(), third["unchanged"].as_u64()),
        (Some(1), Some(3))
    );
}

/// A workbook with a sheet of months and a sheet of transfers, as the template's two sheets.
fn workbook(months: &[&[&str]], transfers: &[&[&str]]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in [("Ledger", months), ("Transfers", transfers)] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell.parse::<f64>() {
                    Ok(n) if r > 0 => sheet.write_number(r as u32, c as u16, n).unwrap(),
                    _ => sheet.write_string(r as u32, c as u16, *cell).unwrap(),
                };
            }
        }
    }
    book.save_to_buffer().unwrap()
}

const MONTH_HEADER: &[&str] = &[
    "material",
    "month",
    "opening",
    "generated",
    "received",
    "used_on_site",
    "sent",
    "closing",
    "comment",
    "status",
];
const TRANSFER_HEADER: &[&str] = &["material", "month", "receiver", "quantity", "intended_use"];

#[tokio::test]
async fn a_bad_row_is_refused_by_row_and_column_in_both_languages_and_nothing_is_stored() {
    let app = TestApp::spawn(Template::Demo).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let before = written(&app).await;
    let file = workbook(
        &[
            MONTH_HEADER,
            &[
                "STEAM",
                "2026-10",
                "100",
                "1000",
                "0",
                "600",
                "400",
                "100",
                "",
                "submitted",
            ],
            &[
                "NO-SUCH", "2026-10", "0", "10", "0", "10", "0", "0", "", "draft",
            ],
        ],
        &[
            TRANSFER_HEADER,
            &["STEAM", "2026-10", "DEMO-ROAD-J", "400", "reuse"],
            &["STEAM", "2026-10", "NOBODY", "5", "reuse"],
        ],
    );
    let (status, body) = upload(&app, &w, "&file_name=bad.xlsx", file.clone(), "en").await;
    assert_eq!(status, 201);
    let problems: Vec<(u64, &str, &str)> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().unwrap(),
                p["column"].as_str().unwrap(),
                p["read"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        problems,
        [
            (3, "material", "NO-SUCH"),
            (3, "transfers!receiver", "NOBODY")
        ],
        "{body}"
    );
    let messages: Vec<&str> = body["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert!(
        messages[0].contains("NO-SUCH") && messages[0].contains("material"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("NOBODY") && messages[1].contains("receiver"),
        "{messages:?}"
    );

    // In Indonesian, the same problems in its words.
    let id = body["id"].as_str().unwrap().to_string();
    let (status, refused) = app.api_commit(&w, &id, "id").await;
    assert_eq!(status, 422, "{refused}");
    let errors = refused["errors"].as_array().unwrap();
    assert_eq!(errors[0]["pointer"], "/rows/3/material");
    assert_eq!(errors[1]["pointer"], "/rows/3/transfers!receiver");
    let message = errors[1]["message"].as_str().unwrap();
    assert!(
        message.contains("Penerima") && message.contains("NOBODY"),
        "{message}"
    );
    // Nothing of the good rows either.
    assert_eq!(written(&app).await, before);
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM import_upload WHERE committed_at IS NOT NULL"
        )
        .await,
        0
    );
}

/// Steam in October that does not balance: in 100 + 1,000, out 500 + 500 = 1,000 — off by
/// 100, beyond the tolerance (0.5 % of 1,100 = 5.5).
fn unbalanced(comment: &str) -> String {
    format!(
        "material,month,opening,generated,received,used_on_site,sent,closing,comment,status\n\
         STEAM,2026-10,100,1000,0,500,0,500,{comment},submitted\n"
    )
}

#[tokio::test]
async fn a_month_that_does_not_balance_is_refused_without_a_comment_and_stored_with_one() {
    let app = TestApp::spawn(Template::Demo).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let before = written(&app).await;

    let (_, refused) = upload(&app, &w, "", unbalanced("").into_bytes(), "en").await;
    let problems = refused["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{refused}");
    assert_eq!(
        (problems[0]["row"].as_u64(), problems[0]["column"].as_str()),
        (Some(2), Some("comment"))
    );
    let message = problems[0]["message"].as_str().unwrap();
    assert!(message.contains("100"), "the imbalance is named: {message}");
    let (status, _) = app
        .api_commit(&w, refused["id"].as_str().unwrap(), "en")
        .await;
    assert_eq!(status, 422);
    assert_eq!(written(&app).await, before);

    let (_, explained) = upload(
        &app,
        &w,
        "",
        unbalanced("\"Meter 3 out of service, 100 GJ estimated vented\"").into_bytes(),
        "en",
    )
    .await;
    assert_eq!(explained["problems"], serde_json::json!([]), "{explained}");
    let (status, _) = app
        .api_commit(&w, explained["id"].as_str().unwrap(), "en")
        .await;
    assert_eq!(status, 200);
    let ledger = get_json(&app, &w, "/api/v1/flows/ledger?material=STEAM").await;
    assert_eq!(ledger[0]["status"], "submitted");
    assert_eq!(ledger[0]["imbalance"], 100.0);
    assert_eq!(
        ledger[0]["comment"],
        "Meter 3 out of service, 100 GJ estimated vented"
    );
}

#[tokio::test]
async fn a_tenant_imports_its_own_ledger_and_sends_its_own_transfers_only() {
    let app = TestApp::spawn(Template::Demo).await;
    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let before = written(&app).await;
    // Naming another organisation for the file: refused, nothing kept.
    let (status, _) = upload(
        &app,
        &w,
        "&organisation=DEMO-HPAL-B",
        MONTHS_CSV.into(),
        "en",
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(scalar(&app, "SELECT count(*) FROM import_upload").await, 0);
    // A row naming another organisation, in either table: refused on its column.
    let months = "organisation,material,month,generated,received,used_on_site,sent,closing\n\
                  DEMO-HPAL-B,STEAM,2026-10,1,0,1,0,0\n";
    let (_, body) = upload(&app, &w, "", months.into(), "en").await;
    assert_eq!(body["problems"][0]["column"], "organisation", "{body}");
    let transfers = "organisation,material,month,receiver,quantity,intended_use\n\
                     DEMO-HPAL-B,STEAM,2026-10,DEMO-BRICK-I,5,reuse\n";
    let (_, body) = upload(&app, &w, "", transfers.into(), "en").await;
    assert_eq!(
        body["problems"][0]["column"], "transfers!organisation",
        "{body}"
    );
    // A transfer to itself is no transfer.
    let to_itself =
        "material,month,receiver,quantity,intended_use\nSTEAM,2026-10,DEMO-RKEF-A,5,reuse\n";
    let (_, body) = upload(&app, &w, "", to_itself.into(), "en").await;
    assert_eq!(
        body["problems"][0]["column"], "transfers!receiver",
        "{body}"
    );
    // Another organisation cannot read or commit the upload.
    let (_, good) = upload(&app, &w, "", TRANSFERS_CSV.into(), "en").await;
    let other = token(&app, "DEMO-HPAL-B", "write").await;
    let (status, _) = app
        .api_commit(&other, good["id"].as_str().unwrap(), "en")
        .await;
    assert_eq!(status, 404);
    assert_eq!(written(&app).await, before);
    // Committed by its own organisation, the transfers are sent by it.
    let (status, _) = app.api_commit(&w, good["id"].as_str().unwrap(), "en").await;
    assert_eq!(status, 200);
    assert_eq!(
        scalar(
            &app,
            "SELECT count(*) FROM material_transfer t JOIN organisation o ON o.id = t.sender_id
              JOIN material m ON m.id = t.material_id
             WHERE m.code = 'STEAM' AND o.code = 'DEMO-RKEF-A'"
        )
        .await,
        3
    );
}

#[tokio::test]
async fn the_template_round_trip_download_fill_upload_commit_and_again() {
    use calamine::{Data, Reader, Xlsx};
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let response = app.get("/import/template.xlsx?kind=ledger&lang=id").await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names()[..2], ["Neraca", "Pengiriman"]);
    let read = |book: &mut Xlsx<_>, i: usize| -> Vec<Vec<Data>> {
        book.worksheet_range_at(i)
            .unwrap()
            .unwrap()
            .rows()
            .map(|r| r.to_vec())
            .collect()
    };
    let months = read(&mut book, 0);
    let transfers = read(&mut book, 1);
    assert_eq!(months[0][0].to_string(), "Material");
    let header: Vec<String> = months[1].iter().map(|c| c.to_string()).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    // The smelter's slag months not yet submitted: November 2025 among them.
    let november = months
        .iter()
        .position(|r| r[col("material")] == "NI-SLAG" && r[col("month")] == "2025-11")
        .expect("November 2025's slag is offered");
    // The transfers already recorded (the sheet's blank rows under them hold no value).
    let recorded = transfers[2..]
        .iter()
        .filter(|r| !r[0].to_string().is_empty())
        .count();

    // The person fills in November (it balances: 50 + 1,000 = 900 used + 150 closing) and
    // saves it as submitted, in Indonesian; adds a transfer under the recorded ones.
    let mut filled = Workbook::new();
    for (name, rows) in [("Neraca", &months), ("Pengiriman", &transfers)] {
        let sheet = filled.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    Data::String(s) => {
                        sheet.write_string(r as u32, c as u16, s).unwrap();
                    }
                    Data::Float(f) => {
                        sheet.write_number(r as u32, c as u16, *f).unwrap();
                    }
                    _ => {}
                }
            }
        }
    }
    let hcol = |name: &str| col(name) as u16;
    let sheet = filled.worksheet_from_index(0).unwrap();
    let r = november as u32;
    for (name, value) in [
        ("opening", 50.0),
        ("generated", 1000.0),
        ("received", 0.0),
        ("used_on_site", 900.0),
        ("sent", 0.0),
        ("closing", 150.0),
    ] {
        sheet.write_number(r, hcol(name), value).unwrap();
    }
    sheet.write_string(r, hcol("status"), "Diajukan").unwrap();
    let sheet = filled.worksheet_from_index(1).unwrap();
    let r = 2 + recorded as u32;
    for (c, text) in ["NI-SLAG", "2025-11", "DEMO-BRICK-I"].iter().enumerate() {
        sheet.write_string(r, c as u16, *text).unwrap();
    }
    sheet.write_string(r, 3, "1.000,5").unwrap();
    sheet.write_string(r, 4, "Daur ulang").unwrap();
    let file = filled.save_to_buffer().unwrap();

    let w = token(&app, "DEMO-RKEF-A", "write").await;
    let (status, body) = upload(&app, &w, "", file, "id").await;
    assert_eq!(status, 201);
    assert_eq!(body["problems"], serde_json::json!([]), "{body}");
    assert_eq!(
        (body["created"].as_u64(), body["unchanged"].as_u64()),
        (Some(2), Some(recorded as u64)),
        "{body}"
    );
    // The preview page words it in the page's language.
    let html = page(
        &app,
        &format!("/import/{}?lang=id", body["id"].as_str().unwrap()),
    )
    .await;
    assert!(html.contains("Simpan bulan dan pengiriman ini"), "{html}");
    let (status, _) = app.api_commit(&w, body["id"].as_str().unwrap(), "id").await;
    assert_eq!(status, 200);
    let ledger = get_json(
        &app,
        &w,
        "/api/v1/flows/ledger?material=NI-SLAG&from=2025-11&to=2025-11",
    )
    .await;
    assert_eq!(ledger[0]["status"], "submitted");
    assert_eq!(ledger[0]["closing"], 150.0);
    let sent = get_json(
        &app,
        &w,
        "/api/v1/flows/transfers?material=NI-SLAG&from=2025-11&to=2025-11",
    )
    .await;
    assert_eq!(sent[0]["quantity"], 1000.5);
    assert_eq!(sent[0]["intended_use"], "recycling");

    // Downloaded again: November is submitted, no longer offered; the transfer is recorded.
    let again = app
        .get("/import/template.xlsx?kind=ledger")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(again.clone())).unwrap();
    let months = read(&mut book, 0);
    assert!(
        !months
            .iter()
            .any(|r| r[col("material")] == "NI-SLAG" && r[col("month")] == "2025-11")
    );
    let now_recorded = read(&mut book, 1)[2..]
        .iter()
        .filter(|r| !r[0].to_string().is_empty())
        .count();
    assert_eq!(now_recorded, recorded + 1);
    // Uploaded as it is, it changes nothing.
    let before = written(&app).await;
    let (_, body) = upload(&app, &w, "", again, "en").await;
    assert_eq!(body["problems"], serde_json::json!([]), "{body}");
    assert_eq!(body["created"], 0, "{body}");
    let (status, _) = app.api_commit(&w, body["id"].as_str().unwrap(), "en").await;
    assert_eq!(status, 200);
    assert_eq!(written(&app).await, before);

    // The CSV templates hold the same tables.
    let csv = app
        .get("/import/template.csv?kind=ledger&table=transfers")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("material,month,receiver,quantity,intended_use\n"),
        "{csv}"
    );
    assert!(
        // (In Indonesian, the language the tenant chose with the first template.)
        csv.contains("NI-SLAG,2025-11,DEMO-BRICK-I,1000.5,Daur ulang"),
        "{csv}"
    );
}
