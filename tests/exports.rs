//! The downloads: the results workbook checked cell by cell against the API's figures, the
//! page tables' workbooks against their pages, a tenant's workbook holding nothing of another
//! organisation, and the fixed CSVs (byte-order mark, precision, labels beside codes).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use crate::api::{get_json, token};
use crate::common::{DemoUser, TestApp, today};
use crate::expected;
use pilar::domain::kinds::{Frequency, IndicatorKind};
use pilar::domain::period::Period;
use pilar::domain::status::Status;
use pilar::i18n::{EN, Locale};
use pilar::store;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A submitted report: indicator, organisation, value, numerator, denominator, kind.
type SubmittedRow = (
    String,
    String,
    Option<f64>,
    Option<f64>,
    Option<f64>,
    String,
);

/// A sheet as a grid of cells from A1.
type Grid = Vec<Vec<Data>>;

/// Downloads `path` and opens it as a workbook: its sheets in order, each as a grid.
async fn workbook(app: &TestApp, path: &str) -> Vec<(String, Grid)> {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    assert_eq!(response.headers()["content-type"], XLSX, "{path}");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename="),
        "{path}"
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("an xlsx file");
    let names = book.sheet_names().to_vec();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let (row0, col0) = range.start().unwrap_or((0, 0));
            let mut grid: Grid = vec![Vec::new(); row0 as usize];
            for row in range.rows() {
                let mut cells = vec![Data::Empty; col0 as usize];
                cells.extend(row.iter().cloned());
                grid.push(cells);
            }
            (name, grid)
        })
        .collect()
}

fn sheet<'a>(book: &'a [(String, Grid)], name: &str) -> &'a Grid {
    &book
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("sheet {name}"))
        .1
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn number(cell: Option<&Data>) -> Option<f64> {
    match cell {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

/// Every text of a workbook, for what must not be in it.
fn all_text(book: &[(String, Grid)]) -> String {
    book.iter()
        .flat_map(|(_, grid)| grid.iter().flatten())
        .map(|c| text(Some(c)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The column whose header (row `row`) is `label`, at or after `from`.
fn column(grid: &Grid, row: usize, label: &str, from: usize) -> Option<usize> {
    grid[row]
        .iter()
        .enumerate()
        .skip(from)
        .find(|(_, c)| text(Some(c)) == label)
        .map(|(i, _)| i)
}

#[tokio::test]
async fn the_results_workbook_holds_the_figures_the_api_serves() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let manager = token(&app, "UNIDO", "read").await;
    let program = expected::program(&app.pool).await;
    let entries = store::catalogue::entries(&app.pool, program.id, None)
        .await
        .unwrap();
    let book = workbook(&app, "/exports/results.xlsx?year=2026&lang=en").await;
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(&names[..2], ["About", "Summary"]);

    // What the file is, for which program and period, when made (the injected clock).
    let about = all_text(&book[..1]);
    assert!(about.contains("Results framework"), "{about}");
    assert!(about.contains("The year 2026"), "{about}");
    assert!(
        about.contains(&today().to_string()),
        "made at the clock's day: {about}"
    );
    assert!(about.contains("approved reports"), "{about}");
    assert!(about.contains("minimum coverage"), "{about}");

    let mut compared = 0;
    for entry in &entries {
        let i = &entry.indicator;
        let grid = sheet(&book, &entry.pillar_code);
        // Row 0 names the periods, row 1 the columns, one row per indicator after.
        let row = grid
            .iter()
            .skip(2)
            .find(|r| text(r.first()) == i.code)
            .unwrap_or_else(|| panic!("a row for {}", i.code));
        assert_eq!(text(row.get(1)), i.name.english, "{}", i.code);
        let series = get_json(
            &app,
            &manager,
            &format!(
                "/api/v1/indicators/{}/series?from=2026-01-01&to=2026-12-31",
                i.code
            ),
        )
        .await;
        for point in series["periods"].as_array().unwrap() {
            let park = &point["park"];
            // The workbook has columns for closed periods; a figure computed from the ledger
            // may stand for a period still running.
            let closed = point["period_end"].as_str().unwrap() < today().to_string().as_str();
            if park.is_null() || !closed {
                continue;
            }
            let frequency: Frequency = serde_json::from_value(series["frequency"].clone()).unwrap();
            let label = pilar::web::format::period(
                &Period::parse_label(frequency, point["period"].as_str().unwrap()).unwrap(),
                frequency,
                Locale::En,
            );
            let col = column(grid, 0, &label, 6)
                .unwrap_or_else(|| panic!("{}: a column for {label}", i.code));
            // The group heads three columns: value, coverage, status; several frequencies may
            // share a label's first column only if they are the same period.
            let value = park["value"].as_f64().unwrap();
            let cell = number(row.get(col));
            match i.rules.kind {
                IndicatorKind::Percentage => {
                    let cell = cell.unwrap_or_else(|| panic!("{} {label}", i.code));
                    assert!((cell * 100.0 - value).abs() < 1e-9, "{} {label}", i.code);
                }
                IndicatorKind::Qualitative => assert!(cell.is_none()),
                _ => {
                    let cell = cell.unwrap_or_else(|| panic!("{} {label}", i.code));
                    assert!(
                        (cell - value).abs() < 1e-9,
                        "{} {label}: {cell} ≠ {value}",
                        i.code
                    );
                }
            }
            let share = park["contributors"].as_f64().unwrap() / park["assigned"].as_f64().unwrap();
            let coverage = number(row.get(col + 1)).unwrap();
            assert!(
                (coverage - share).abs() < 1e-9,
                "{} {label} coverage",
                i.code
            );
            if !park["complete"].as_bool().unwrap() {
                assert_eq!(text(row.get(col + 2)), "Incomplete, not judged");
            }
            compared += 1;
        }
        // The year to date's status is the API's standing (no figure after 2026 yet).
        let status: Status = serde_json::from_value(series["standing"]["status"].clone()).unwrap();
        let header = &grid[1];
        let status_col = header.len() - 1;
        assert_eq!(text(header.get(status_col)), "Status (year to date)");
        assert_eq!(text(row.get(status_col)), EN.status(status), "{}", i.code);
        // Targets as numbers: the 2026 target of the path.
        if let Some(target) = i.targets.target_for_year(2026) {
            let col = column(grid, 1, "Target 2026", 0).unwrap();
            let cell = number(row.get(col)).unwrap();
            let scale = if i.rules.kind == IndicatorKind::Percentage {
                100.0
            } else {
                1.0
            };
            assert!((cell * scale - target).abs() < 1e-9, "{} target", i.code);
        }
    }
    assert!(compared > 20, "only {compared} figures compared");

    // The summary counts every indicator of each pillar once.
    let summary = sheet(&book, "Summary");
    for pillar_row in summary.iter().skip(1) {
        let code = text(pillar_row.first());
        let count = entries.iter().filter(|e| e.pillar_code == code).count() as f64;
        assert_eq!(number(pillar_row.get(2)), Some(count), "{code}");
        let by_status: f64 = (3..3 + Status::ALL.len())
            .map(|c| number(pillar_row.get(c)).unwrap_or(0.0))
            .sum();
        assert_eq!(by_status, count, "{code}");
    }
}

#[tokio::test]
async fn the_results_workbook_speaks_indonesian_and_refuses_years_outside_the_program() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let book = workbook(&app, "/exports/results.xlsx?lang=id").await;
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(&names[..2], ["Tentang", "Ringkasan"]);
    let ce = sheet(&book, "CE");
    assert_eq!(text(ce[1].first()), "Kode");
    assert!(ce[1].iter().any(|c| text(Some(c)) == "Nilai dasar"));
    assert!(all_text(&book).contains("Tahun 2026"));

    // A later program year has no closed period yet: targets, no figures.
    let later = workbook(&app, "/exports/results.xlsx?year=2027&lang=en").await;
    let ce = sheet(&later, "CE");
    // No period group row: the headers are the first row, and no figure column.
    assert_eq!(text(ce[0].first()), "Code");
    assert!(ce[0].iter().any(|c| text(Some(c)) == "Target 2027"));
    assert!(!ce[0].iter().any(|c| text(Some(c)) == "Value"));
    for year in ["2031", "next", "2025"] {
        let response = app.get(&format!("/exports/results.xlsx?year={year}")).await;
        assert_eq!(response.status(), 400, "{year}");
    }
}

#[tokio::test]
async fn the_reporting_matrix_downloads_every_organisation_of_the_scope() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let html = app.get("/reporting?pillar=CE").await.text().await.unwrap();
    assert!(
        html.contains(r#"href="/reporting.xlsx?pillar=CE""#),
        "the link"
    );
    let figure = |name: &str| -> f64 {
        let marker = format!(r#"data-figure="{name}">"#);
        let at = html.find(&marker).unwrap() + marker.len();
        html[at..]
            .split('<')
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    };
    let book = workbook(&app, "/reporting.xlsx?pillar=CE").await;
    let grid = sheet(&book, "Reporting compliance");
    let header = &grid[0];
    let (late, missing) = (header.len() - 2, header.len() - 1);
    assert_eq!(text(header.get(late)), "Late");
    let rows = &grid[1..];
    let organisations: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT a.organisation_id) FROM assignment a
           JOIN indicator i ON i.id = a.indicator_id JOIN pillar p ON p.id = i.pillar_id
          WHERE p.code = 'CE' AND a.archived_at IS NULL AND i.archived_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows.len() as i64, organisations);
    let sum = |col: usize| rows.iter().filter_map(|r| number(r.get(col))).sum::<f64>();
    assert_eq!(sum(late), figure("late"));
    assert_eq!(sum(missing), figure("missing"));
    // Unknown scopes are 404s, as on the page.
    assert_eq!(
        app.get("/reporting.xlsx?indicator=XX-01").await.status(),
        404
    );
}

#[tokio::test]
async fn the_review_queue_and_the_audit_log_download_as_filtered() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let html = app.get("/review?pillar=CE").await.text().await.unwrap();
    assert!(
        html.contains(r#"href="/review/queue.xlsx?pillar=CE""#),
        "the link"
    );
    let book = workbook(&app, "/review/queue.xlsx?pillar=CE").await;
    let grid = sheet(&book, "Review queue");
    let submitted: Vec<SubmittedRow> = sqlx::query_as(
        "SELECT i.code, g.short_name, o.value, o.numerator, o.denominator, i.kind
               FROM observation o JOIN indicator i ON i.id = o.indicator_id
               JOIN pillar p ON p.id = i.pillar_id JOIN organisation g ON g.id = o.organisation_id
              WHERE o.status = 'submitted' AND p.code = 'CE'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(
        !submitted.is_empty(),
        "the demo has reports awaiting review"
    );
    assert_eq!(grid.len() - 1, submitted.len());
    for (code, _, value, numerator, denominator, kind) in &submitted {
        let expected = match (value, numerator, denominator) {
            (Some(v), _, _) => *v,
            (_, Some(n), Some(d)) if kind == "percentage" => n / d,
            (_, Some(n), Some(d)) => n / d,
            _ => continue,
        };
        assert!(
            grid[1..].iter().any(|r| text(r.first()) == *code
                && number(r.get(4)).is_some_and(|v| (v - expected).abs() < 1e-9)),
            "{code} {expected}"
        );
    }

    // A decision writes an observation's audit entry.
    let (id, version): (String, i32) = sqlx::query_as(
        "SELECT id::text, version FROM observation WHERE status = 'submitted' ORDER BY id LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let item = format!("{id}:{version}");
    let approved = app
        .post_form(
            "/review",
            "/review",
            &[("item", &item), ("action", "approve"), ("note", "fine")],
        )
        .await;
    assert_eq!(approved.status(), 303);
    let csv = app
        .get("/admin/audit.csv?entity=observation")
        .await
        .text()
        .await
        .unwrap();
    let html = app
        .get("/admin/audit?entity=observation")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains(r#"href="/admin/audit.xlsx?entity=observation""#));
    let book = workbook(&app, "/admin/audit.xlsx?entity=observation&lang=id").await;
    let grid = sheet(&book, "Log audit");
    assert_eq!(text(grid[0].first()), "Waktu (UTC)");
    let csv_rows = csv.lines().count() - 1;
    assert!(csv_rows >= 1, "the approval is in the log");
    assert_eq!(grid.len() - 1, csv_rows);
    assert!(all_text(&book).contains(&id), "the approved observation");
    assert!(grid[1..].iter().all(|r| text(r.get(4)) == "observation"));
}

/// CE-99 (quarterly percentage) for the tenant's organisation DEMO-RKEF-A and DEMO-HPAL-B,
/// approved for Q1 2026 from both (RKEF-A 30/120 = 25.0 %, HPAL-B 77/100): two contributors,
/// so the park figure is withheld from the tenant.
async fn arrange_two_reporters(app: &TestApp) {
    crate::submit::arrange_percentage(app).await;
    for (organisation, numerator, denominator) in
        [("DEMO-RKEF-A", 30.0, 120.0), ("DEMO-HPAL-B", 77.0, 100.0)]
    {
        sqlx::query(
            "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end,
                    numerator, denominator, data_quality, status, first_submitted_at,
                    submitted_at, reviewed_at, comment)
             SELECT i.id, o.id, DATE '2026-01-01', DATE '2026-03-31', $2, $3, 'measured',
                    'approved', DATE '2026-04-10', DATE '2026-04-10', DATE '2026-04-15',
                    'note of ' || o.code
               FROM indicator i, organisation o WHERE i.code = 'CE-99' AND o.code = $1",
        )
        .bind(organisation)
        .bind(numerator)
        .bind(denominator)
        .execute(&app.pool)
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn a_tenants_download_holds_its_own_reports_and_no_peers_figure() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_two_reporters(&app).await;
    let html = app.get("/my").await.text().await.unwrap();
    assert!(html.contains(r#"href="/my/reports.xlsx""#), "the link");
    let book = workbook(&app, "/my/reports.xlsx").await;
    let grid = sheet(&book, "Our reports");
    let row = grid
        .iter()
        .find(|r| text(r.first()) == "CE-99")
        .expect("the CE-99 row");
    assert!(
        (number(row.get(4)).unwrap() - 0.25).abs() < 1e-12,
        "own 25.0 %"
    );
    assert_eq!(
        number(row.get(7)),
        None,
        "no park number from two organisations"
    );
    assert!(
        text(row.get(8)).contains('3'),
        "said withheld: {:?}",
        row.get(8)
    );
    // Only its own organisation: no other organisation's code, name, note or figure.
    let everything = all_text(&book);
    let others: Vec<(String, String)> =
        sqlx::query_as("SELECT code, short_name FROM organisation WHERE code <> 'DEMO-RKEF-A'")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    for (code, name) in &others {
        assert!(
            !everything.contains(code.as_str()),
            "{code} in the tenant's workbook"
        );
        assert!(!everything.contains(&format!("\n{name}\n")), "{name}");
    }
    assert!(!everything.contains("note of DEMO-HPAL-B"));
    let numbers: Vec<f64> = book
        .iter()
        .flat_map(|(_, g)| g.iter().flatten())
        .filter_map(|c| number(Some(c)))
        .collect();
    assert!(
        !numbers.iter().any(|n| (n - 0.77).abs() < 1e-9),
        "HPAL-B's 77 %"
    );
    assert!(
        !numbers.iter().any(|n| (n - 107.0 / 220.0).abs() < 1e-9),
        "the two-organisation park figure"
    );

    // With a third organisation the park figure appears, as on the page.
    sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM indicator i, organisation o
          WHERE i.code = 'CE-99' AND o.code = 'DEMO-POWER-C'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end,
                numerator, denominator, data_quality, status, first_submitted_at,
                submitted_at, reviewed_at)
         SELECT i.id, o.id, DATE '2026-01-01', DATE '2026-03-31', 43, 80, 'measured',
                'approved', DATE '2026-04-10', DATE '2026-04-10', DATE '2026-04-15'
           FROM indicator i, organisation o WHERE i.code = 'CE-99' AND o.code = 'DEMO-POWER-C'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    app.state.page_cache.invalidate();
    let book = workbook(&app, "/my/reports.xlsx").await;
    let grid = sheet(&book, "Our reports");
    let row = grid.iter().find(|r| text(r.first()) == "CE-99").unwrap();
    let park = number(row.get(7)).expect("the park figure from three organisations");
    assert!((park - 150.0 / 300.0).abs() < 1e-9, "{park}");

    // The workbooks of every organisation's figures stay closed to a tenant.
    for path in [
        "/exports/results.xlsx",
        "/reporting.xlsx",
        "/review/queue.xlsx",
        "/admin/audit.xlsx",
        "/indicators/CE-99/series.csv",
    ] {
        assert_eq!(app.get(path).await.status(), 403, "{path}");
    }
}

#[tokio::test]
async fn csv_downloads_open_in_excel_with_values_at_precision_and_labels_beside_codes() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    crate::submit::arrange_percentage(&app).await;
    sqlx::query(
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end,
                numerator, denominator, data_quality, status, first_submitted_at, submitted_at,
                reviewed_at)
         SELECT i.id, o.id, DATE '2026-01-01', DATE '2026-03-31', 1, 3, 'estimated',
                'approved', DATE '2026-04-10', DATE '2026-04-10', DATE '2026-04-15'
           FROM indicator i, organisation o WHERE i.code = 'CE-99' AND o.code = 'DEMO-RKEF-A'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let body = app
        .get("/indicators/CE-99/reports.csv?period=2026-Q1&lang=id")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 byte-order mark");
    let text = String::from_utf8(body[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = lines
        .find(|l| l.contains("DEMO-RKEF-A"))
        .unwrap()
        .split(',')
        .collect();
    // A percentage carries its value, at the indicator's precision and in full.
    assert_eq!(row[at("value")], "33.3");
    assert!(row[at("value_full")].starts_with("33.333333"));
    assert_eq!(row[at("numerator")], "1");
    assert_eq!(row[at("indicator_name")], "Slag dimanfaatkan");
    assert_eq!(row[at("process_route")], "rkef");
    assert!(!row[at("process_route_label")].is_empty());
    assert_eq!(row[at("data_quality")], "estimated");
    assert_ne!(
        row[at("data_quality_label")],
        "estimated",
        "worded in Indonesian"
    );
    assert_eq!(row[at("status")], "approved");

    let body = app
        .get("/indicators/CE-99/series.csv?lang=en")
        .await
        .bytes()
        .await
        .unwrap();
    let body = std::str::from_utf8(&body)
        .unwrap()
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark");
    let mut lines = body.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(row[at("official_value")], "33.3");
    assert!(row[at("official_value_full")].starts_with("33.333333"));
    assert_eq!(row[at("indicator_name")], "Slag <reused>");
}
