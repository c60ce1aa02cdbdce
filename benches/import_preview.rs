//! The preview of a 10,000-row file of reports (issue 15: "checked and previewed in at most 2
//! seconds"), as `/import` and `POST /api/v1/imports` run it: the file stored, then every row
//! read, checked by the reports workflow and written in a transaction that is rolled back.
//!
//! ```sh
//! cargo bench --bench import_preview                  # release build, private cluster
//! cargo bench --profile dev --bench import_preview    # the test build's profile (quicker to build)
//! PILAR_BENCH_ROWS=50000 PILAR_BENCH_RUNS=5 cargo bench --bench import_preview
//! DATABASE_URL=postgres://… cargo bench --bench import_preview   # on that server (CREATEDB)
//! ```
//!
//! It makes a database of its own (a throwaway private cluster, or a new database on the
//! `DATABASE_URL` server, dropped at the end), migrates it and creates a synthetic program: 100
//! monthly indicators of mixed kinds (quantity, count, percentage, ratio) assigned to one
//! tenant since 2019, and "today" after the last month of the file, so that every row is a
//! closed, due period. The file holds one row per indicator and month (100 × rows/100
//! months), with figures, unit, data quality and "submitted", as a tenant's template would.
//! Then, `PILAR_BENCH_RUNS` times (default 3) for the CSV file and for the same rows as an
//! `.xlsx` workbook: upload (read, digest, store) and preview (read again, check, write,
//! roll back). Last, the commit of the last upload (check and write again, committed), in
//! rows a second. Prints every run and the median; no assertion on time.

use std::time::Instant;

use anyhow::Context;
use chrono::{NaiveDate, TimeZone, Utc};
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool};

use pilar::db::embedded::{EmbeddedOptions, EmbeddedPostgres};
use pilar::domain::kinds::ImportKind;
use pilar::domain::{Actor, AuditOrigin};
use pilar::i18n::Locale;
use pilar::workflow::imports::{self, Importer, NewFile};

const INDICATORS: usize = 100;
const KINDS: [&str; 4] = ["quantity", "count", "percentage", "ratio"];

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("run with: cargo bench --bench import_preview");
        return;
    }
    // The private cluster is bound to the thread that starts it: this one, for the whole run.
    let target = match open_target() {
        Ok(target) => target,
        Err(e) => {
            eprintln!("benchmark failed: {e:#}");
            std::process::exit(1);
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    if let Err(e) = runtime.block_on(run(&target)) {
        eprintln!("benchmark failed: {e:#}");
        std::process::exit(1);
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

struct Target {
    base: PgConnectOptions,
    database: String,
    _cluster: Option<EmbeddedPostgres>,
    _dir: Option<tempfile::TempDir>,
}

fn open_target() -> anyhow::Result<Target> {
    let database = format!("pilar_import_bench_{}", std::process::id());
    match std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(url) => Ok(Target {
            base: pilar::db::parse_url(&url)?,
            database,
            _cluster: None,
            _dir: None,
        }),
        None => {
            let dir = tempfile::Builder::new()
                .prefix("pilar-import-bench-")
                .tempdir()?;
            let options = EmbeddedOptions {
                data_dir: dir.path().to_path_buf(),
                pg_bin: std::env::var_os("PG_BIN").map(Into::into),
                pg_user: std::env::var("PILAR_PG_USER").unwrap_or_else(|_| "postgres".into()),
                ephemeral: true,
            };
            let cluster = EmbeddedPostgres::start(&options)?;
            Ok(Target {
                base: cluster.connect_options_for("postgres"),
                database,
                _cluster: Some(cluster),
                _dir: Some(dir),
            })
        }
    }
}

async fn run(target: &Target) -> anyhow::Result<()> {
    let mut admin = PgConnection::connect_with(&target.base.clone().database("postgres")).await?;
    admin
        .execute(format!(r#"CREATE DATABASE "{}""#, target.database).as_str())
        .await?;
    let result = measure(target).await;
    let _ = admin
        .execute(
            format!(
                r#"DROP DATABASE IF EXISTS "{}" WITH (FORCE)"#,
                target.database
            )
            .as_str(),
        )
        .await;
    result
}

fn month_start(month: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2019 + (month / 12) as i32, (month % 12) as u32 + 1, 1)
        .expect("valid month")
}

/// One row's cells: indicator, period start, value, numerator, denominator, unit.
fn row(indicator: usize, month: usize) -> [String; 6] {
    let seed = (indicator * 104_729 + month * 1_299_709) % 1000;
    let code = format!("BN-{indicator:03}");
    let start = month_start(month).to_string();
    let (value, numerator, denominator, unit) = match KINDS[indicator % KINDS.len()] {
        "quantity" => (format!("{}", 100.0 + seed as f64 / 4.0), "", "", "t"),
        "count" => (seed.to_string(), "", "", "persons"),
        "percentage" => {
            return [
                code,
                start,
                String::new(),
                (seed as f64 / 2.0).to_string(),
                (500 + seed).to_string(),
                "%".into(),
            ];
        }
        _ => {
            return [
                code,
                start,
                String::new(),
                (1 + seed).to_string(),
                (10.0 + seed as f64 / 10.0).to_string(),
                "t/t".into(),
            ];
        }
    };
    [
        code,
        start,
        value,
        numerator.into(),
        denominator.into(),
        unit.into(),
    ]
}

const HEADER: [&str; 8] = [
    "indicator",
    "period_start",
    "value",
    "numerator",
    "denominator",
    "unit",
    "data_quality",
    "status",
];

fn csv_file(rows: usize) -> Vec<u8> {
    let mut text = HEADER.join(",") + "\n";
    for n in 0..rows {
        let cells = row(n % INDICATORS, n / INDICATORS);
        text.push_str(&cells.join(","));
        text.push_str(",measured,submitted\n");
    }
    text.into_bytes()
}

fn xlsx_file(rows: usize) -> anyhow::Result<Vec<u8>> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for n in 0..rows {
        let cells = row(n % INDICATORS, n / INDICATORS);
        let r = n as u32 + 1;
        for (c, cell) in cells.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(v) if (2..=4).contains(&c) => sheet.write_number(r, c as u16, v)?,
                _ if cell.is_empty() => continue,
                _ => sheet.write_string(r, c as u16, cell)?,
            };
        }
        sheet.write_string(r, 6, "measured")?;
        sheet.write_string(r, 7, "submitted")?;
    }
    Ok(workbook.save_to_buffer()?)
}

async fn setup(pool: &PgPool, months: usize) -> anyhow::Result<uuid::Uuid> {
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO park (code, name) VALUES ('BENCH-PARK', 'Benchmark park')")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO program (park_id, code, name_en, name_id, phase, starts_on, ends_on)
         SELECT id, 'BENCH', 'Benchmark program', 'Program tolok ukur', 'bench', '2019-01-01', $1
           FROM park WHERE code = 'BENCH-PARK'",
    )
    .bind(month_start(months + 12))
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO pillar (program_id, code, name_en, name_id)
         SELECT id, 'BN', 'Benchmark', 'Tolok ukur' FROM program WHERE code = 'BENCH'",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO indicator (program_id, pillar_id, code, name_en, name_id, unit, kind, direction,
                                aggregation, frequency, numerator_label_en, denominator_label_en)
         SELECT p.program_id, p.id, 'BN-' || lpad(n::text, 3, '0'), 'Indicator ' || n, 'Indikator ' || n,
                (ARRAY['t', 'persons', '%', 't/t'])[n % 4 + 1],
                (ARRAY['quantity', 'count', 'percentage', 'ratio'])[n % 4 + 1],
                'higher_is_better',
                CASE WHEN n % 4 >= 2 THEN 'ratio_of_sums' ELSE 'sum' END,
                'monthly',
                CASE WHEN n % 4 >= 2 THEN 'part' END, CASE WHEN n % 4 >= 2 THEN 'whole' END
           FROM pillar p, generate_series(0, $1 - 1) AS n
          WHERE p.code = 'BN'",
    )
    .bind(INDICATORS as i32)
    .execute(&mut *tx)
    .await?;
    let organisation: uuid::Uuid = sqlx::query_scalar(
        "INSERT INTO organisation (code, name, short_name, kind)
         VALUES ('BENCH-T0000', 'Bench tenant', 'T0', 'tenant') RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, $1, '2019-01-01' FROM indicator i WHERE i.code LIKE 'BN-%'",
    )
    .bind(organisation)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(organisation)
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

async fn measure(target: &Target) -> anyhow::Result<()> {
    let rows = env_number("PILAR_BENCH_ROWS", 10_000).max(1);
    let runs = env_number("PILAR_BENCH_RUNS", 3).max(1);
    let months = rows.div_ceil(INDICATORS);
    let pool = pilar::db::connect(target.base.clone().database(&target.database), 8).await?;
    pilar::db::MIGRATOR.run(&pool).await?;
    let organisation = setup(&pool, months)
        .await
        .context("creating the synthetic program")?;
    let today = month_start(months) + chrono::Days::new(20);
    let now = Utc.from_utc_datetime(&today.and_hms_opt(3, 0, 0).expect("time"));
    let importer = Importer {
        actor: Actor::System {
            label: "benchmark".into(),
        },
        organisation_id: Some(organisation),
        admin: false,
        structure: false,
        // A file of reports names no program.
        program_id: None,
    };
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&pool)
        .await?;
    println!(
        "PostgreSQL {version}; {} CPU(s); {rows} rows = {INDICATORS} monthly indicators × {months} months of one tenant",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let files = [
        ("csv", csv_file(rows)),
        ("xlsx", xlsx_file(rows).context("writing the workbook")?),
    ];
    let mut last = None;
    for (kind, bytes) in &files {
        let mut uploads = Vec::new();
        let mut previews = Vec::new();
        for run in 1..=runs {
            let started = Instant::now();
            let id = imports::upload(
                &pool,
                &importer,
                NewFile {
                    kind: ImportKind::Reports,
                    organisation: None,
                    file_name: &format!("bench.{kind}"),
                    bytes,
                    locale: Locale::En,
                },
                now,
            )
            .await
            .map_err(|e| anyhow::anyhow!("upload: {e}"))?;
            let upload = started.elapsed().as_secs_f64();
            let started = Instant::now();
            let preview = imports::preview(&pool, &importer, id, &AuditOrigin::default(), now)
                .await
                .map_err(|e| anyhow::anyhow!("preview: {e}"))?;
            let checked = started.elapsed().as_secs_f64();
            let o = &preview.outcome;
            anyhow::ensure!(
                o.problems.is_empty() && o.created == rows,
                "the file should pass whole: {} created, first problems {:?}",
                o.created,
                &o.problems[..o.problems.len().min(3)]
            );
            println!(
                "{kind} ({} KiB) run {run}: upload {:.2} s, preview {:.2} s ({} rows, all new)",
                bytes.len() / 1024,
                upload,
                checked,
                o.rows
            );
            uploads.push(upload);
            previews.push(checked);
            last = Some((*kind, id));
        }
        println!(
            "{kind}: median upload {:.2} s, median preview {:.2} s, upload + preview {:.2} s",
            median(uploads.clone()),
            median(previews.clone()),
            median(uploads) + median(previews)
        );
    }
    if let Some((kind, id)) = last {
        let started = Instant::now();
        let committed = imports::commit(&pool, &importer, id, &AuditOrigin::default(), now)
            .await
            .map_err(|e| anyhow::anyhow!("commit: {e}"))?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "commit of the {kind} upload: {:.2} s, {} reports stored, {:.0} rows/s",
            secs,
            committed.outcome.created,
            committed.outcome.created as f64 / secs
        );
    }
    Ok(())
}
