//! Batch ingest through the REST API against a raw `COPY` of the same rows into the same table.
//!
//! ```sh
//! cargo bench --bench ingest                       # 1,000,000 observations, private cluster
//! DATABASE_URL=postgres://… cargo bench --bench ingest   # on that server (needs CREATEDB)
//! PILAR_BENCH_OBSERVATIONS=100000 cargo bench --bench ingest   # a shorter run
//! ```
//!
//! It makes a database of its own (a throwaway private cluster, or a new database on the
//! `DATABASE_URL` server, dropped at the end), migrates it, and creates a synthetic program:
//! 100 monthly indicators of mixed kinds (quantity, count, percentage, ratio), 100 tenant
//! organisations each assigned all of them, one `write` token per organisation. Then:
//!
//! 1. `COPY` loads the observations (every organisation × indicator × month, submitted) into
//!    `observation` on one connection, and is timed;
//! 2. the table is emptied, and the same observations are posted through the API in batches of
//!    1,000 (one organisation, ten months × 100 indicators per batch), `PILAR_BENCH_CLIENTS`
//!    (default 4) at a time, each with an `Idempotency-Key`: validation, revisions, audit and
//!    idempotency all on. The server is Pilar's router on a local socket in this process.
//!
//! Prints both rates in observations per second and their ratio.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool};

use pilar::app;
use pilar::auth::accounts::{TokenInput, create_token};
use pilar::db::embedded::{EmbeddedOptions, EmbeddedPostgres};
use pilar::domain::clock::Clock;
use pilar::domain::{Actor, AuditOrigin};
use pilar::rate_limit::ApiRateLimiter;
use pilar::state::AppState;

const INDICATORS: usize = 100;
const MONTHS_PER_BATCH: usize = 10;
const BATCH: usize = INDICATORS * MONTHS_PER_BATCH;
const KINDS: [&str; 4] = ["quantity", "count", "percentage", "ratio"];

fn main() {
    // `cargo bench` passes --bench; anything else (a test run building every target) does not
    // start a million-row run by accident.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!("run with: cargo bench --bench ingest");
        return;
    }
    // The private cluster is started here, on the main thread: it is bound to the thread that
    // starts it (it stops when that thread ends), and this one lives as long as the run.
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
        if let Some(dir) = &target._dir {
            let log = std::fs::read_to_string(dir.path().join("postgres.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(20).collect();
            eprintln!("cluster log (last lines):");
            for line in tail.into_iter().rev() {
                eprintln!("  {line}");
            }
        }
        std::process::exit(1);
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// One organisation's month of one indicator: the figure the API receives and COPY loads.
#[derive(Clone, Copy)]
struct Row {
    organisation: usize,
    indicator: usize,
    month: usize,
}

impl Row {
    fn kind(&self) -> &'static str {
        KINDS[self.indicator % KINDS.len()]
    }

    fn period(&self) -> (NaiveDate, NaiveDate) {
        let start = NaiveDate::from_ymd_opt(
            2019 + (self.month / 12) as i32,
            (self.month % 12) as u32 + 1,
            1,
        )
        .expect("valid month");
        let end = start
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .expect("valid month end");
        (start, end)
    }

    /// (value, numerator, denominator)
    fn figures(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        let seed =
            (self.organisation * 7919 + self.indicator * 104_729 + self.month * 1_299_709) % 1000;
        match self.kind() {
            "quantity" => (Some(100.0 + seed as f64 / 4.0), None, None),
            "count" => (Some(seed as f64), None, None),
            "percentage" => (None, Some(seed as f64 / 2.0), Some(500.0 + seed as f64)),
            _ => (
                None,
                Some(1.0 + seed as f64),
                Some(10.0 + seed as f64 / 10.0),
            ),
        }
    }

    fn unit(&self) -> &'static str {
        match self.kind() {
            "quantity" => "t",
            "count" => "persons",
            "percentage" => "%",
            _ => "t/t",
        }
    }
}

struct Target {
    base: PgConnectOptions,
    database: String,
    _cluster: Option<EmbeddedPostgres>,
    _dir: Option<tempfile::TempDir>,
}

fn open_target() -> anyhow::Result<Target> {
    let database = format!("pilar_bench_{}", std::process::id());
    match std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(url) => {
            let base = pilar::db::parse_url(&url)?;
            println!("database: a new database on the DATABASE_URL server");
            Ok(Target {
                base,
                database,
                _cluster: None,
                _dir: None,
            })
        }
        None => {
            let dir = tempfile::Builder::new().prefix("pilar-bench-").tempdir()?;
            let options = EmbeddedOptions {
                data_dir: dir.path().to_path_buf(),
                pg_bin: std::env::var_os("PG_BIN").map(Into::into),
                pg_user: std::env::var("PILAR_PG_USER").unwrap_or_else(|_| "postgres".into()),
                ephemeral: true,
            };
            let cluster = EmbeddedPostgres::start(&options)?;
            println!(
                "database: a throwaway private cluster in {}",
                dir.path().display()
            );
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
    let organisations = env_number("PILAR_BENCH_OBSERVATIONS", 1_000_000)
        .div_ceil(BATCH * 10)
        .max(1);
    let batches_per_org = (env_number("PILAR_BENCH_OBSERVATIONS", 1_000_000) / BATCH)
        .div_ceil(organisations)
        .max(1);
    let clients = env_number("PILAR_BENCH_CLIENTS", 4).max(1);
    let total = organisations * batches_per_org * BATCH;
    let months = batches_per_org * MONTHS_PER_BATCH;

    let mut admin = PgConnection::connect_with(&target.base.clone().database("postgres")).await?;
    admin
        .execute(format!(r#"DROP DATABASE IF EXISTS "{}""#, target.database).as_str())
        .await?;
    admin
        .execute(format!(r#"CREATE DATABASE "{}""#, target.database).as_str())
        .await?;
    let result = measure(
        target,
        organisations,
        batches_per_org,
        months,
        clients,
        total,
    )
    .await;
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

async fn measure(
    target: &Target,
    organisations: usize,
    batches_per_org: usize,
    months: usize,
    clients: usize,
    total: usize,
) -> anyhow::Result<()> {
    let pool = pilar::db::connect(target.base.clone().database(&target.database), 16).await?;
    pilar::db::MIGRATOR.run(&pool).await?;
    let version: String = sqlx::query_scalar("SHOW server_version")
        .fetch_one(&pool)
        .await?;
    println!(
        "PostgreSQL {version}; {} CPU(s); {total} observations = {organisations} organisations × {INDICATORS} monthly indicators × {months} months; batches of {BATCH}; {clients} concurrent clients",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    let tokens = setup(&pool, organisations, months)
        .await
        .context("creating the synthetic program")?;
    let ids = synthetic_ids(&pool)
        .await
        .context("reading the synthetic ids")?;

    // 1. COPY.
    let csv = copy_text(&ids, organisations, months);
    let copy_secs = {
        let mut conn = pool.acquire().await?;
        let started = Instant::now();
        let mut copy = conn
            .copy_in_raw(
                "COPY observation (indicator_id, organisation_id, period_start, period_end, value,
                                   numerator, denominator, data_quality, status, first_submitted_at,
                                   submitted_at, submitted_by_token_id, submitted_by)
                 FROM STDIN (FORMAT csv)",
            )
            .await?;
        for chunk in csv.as_bytes().chunks(1 << 20) {
            copy.send(chunk).await.context("sending COPY data")?;
        }
        let rows = copy.finish().await.context("COPY")?;
        anyhow::ensure!(
            rows as usize == total,
            "COPY loaded {rows} rows, not {total}"
        );
        started.elapsed().as_secs_f64()
    };
    drop(csv);
    let copy_rate = total as f64 / copy_secs;
    println!("COPY: {total} rows in {copy_secs:.2} s = {copy_rate:.0} observations/s");
    sqlx::query("TRUNCATE observation, observation_revision")
        .execute(&pool)
        .await?;
    sqlx::query("VACUUM ANALYZE observation")
        .execute(&pool)
        .await?;
    sqlx::query("CHECKPOINT").execute(&pool).await?;

    // 2. The API.
    let mut state = AppState::new(pool.clone(), Clock::Fixed(today(months)));
    state.api_limiter = Arc::new(ApiRateLimiter::new(u32::MAX / 2));
    let router = app::router(state, Duration::from_secs(300));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    let bodies: Arc<Vec<(usize, Vec<u8>)>> = Arc::new(
        (0..organisations)
            .flat_map(|o| (0..batches_per_org).map(move |b| (o, b)))
            .map(|(o, b)| (o, batch_body(o, b)))
            .collect(),
    );
    let tokens = Arc::new(tokens);
    let next = Arc::new(AtomicUsize::new(0));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()?;
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (bodies, tokens, next, client, address) = (
            bodies.clone(),
            tokens.clone(),
            next.clone(),
            client.clone(),
            address.clone(),
        );
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some((organisation, body)) = bodies.get(i) else {
                    return Ok::<(), anyhow::Error>(());
                };
                let response = client
                    .post(format!("{address}/api/v1/observations/batch"))
                    .bearer_auth(&tokens[*organisation])
                    .header("content-type", "application/json")
                    .header("idempotency-key", format!("bench-batch-{i}"))
                    .body(body.clone())
                    .send()
                    .await?;
                let status = response.status();
                if status != 200 {
                    let text = response.text().await.unwrap_or_default();
                    anyhow::bail!(
                        "batch {i} answered {status}: {}",
                        &text[..text.len().min(500)]
                    );
                }
                response.bytes().await?;
            }
        }));
    }
    for task in tasks {
        task.await??;
    }
    let api_secs = started.elapsed().as_secs_f64();
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM observation")
        .fetch_one(&pool)
        .await?;
    let revisions: i64 = sqlx::query_scalar("SELECT count(*) FROM observation_revision")
        .fetch_one(&pool)
        .await?;
    let audited: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE action = 'save_batch'")
            .fetch_one(&pool)
            .await?;
    anyhow::ensure!(
        stored as usize == total,
        "the API stored {stored} observations, not {total}"
    );
    let api_rate = total as f64 / api_secs;
    println!(
        "API:  {total} observations in {} batches in {api_secs:.2} s = {api_rate:.0} observations/s ({revisions} revisions, {audited} audit entries)",
        bodies.len()
    );
    println!(
        "ratio: the API ingests at {:.1} % of the COPY rate",
        100.0 * api_rate / copy_rate
    );

    // Reads at this size: a tenant walking its observations page by page, and what is due.
    sqlx::query("ANALYZE").execute(&pool).await?;
    let mut path = Some("/api/v1/observations?limit=100".to_string());
    let mut pages = 0;
    let started = Instant::now();
    while let Some(next) = path.take().filter(|_| pages < 20) {
        let page: serde_json::Value = client
            .get(format!("{address}{next}"))
            .bearer_auth(&tokens[0])
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        pages += 1;
        path = page["next"].as_str().map(str::to_string);
    }
    let per_page = started.elapsed().as_secs_f64() * 1000.0 / f64::from(pages);
    let started = Instant::now();
    client
        .get(format!("{address}/api/v1/assignments?outstanding=true"))
        .bearer_auth(&tokens[0])
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let due_ms = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "reads: a page of 100 observations in {per_page:.1} ms (mean of {pages} pages); what is due ({} reports) in {due_ms:.0} ms",
        INDICATORS * months
    );
    pool.close().await;
    Ok(())
}

/// A day after the last month's period has ended, so every period is closed.
fn today(months: usize) -> NaiveDate {
    Row {
        organisation: 0,
        indicator: 0,
        month: months,
    }
    .period()
    .0
    .checked_add_days(chrono::Days::new(1))
    .expect("valid date")
}

/// The synthetic program, its indicators, organisations, assignments and tokens.
async fn setup(pool: &PgPool, organisations: usize, months: usize) -> anyhow::Result<Vec<String>> {
    let ends_on = today(months + 12);
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO park (code, name) VALUES ('BENCH-PARK', 'Benchmark park')")
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO program (park_id, code, name_en, name_id, phase, starts_on, ends_on)
         SELECT id, 'BENCH', 'Benchmark program', 'Program tolok ukur', 'bench', '2019-01-01', $1
           FROM park WHERE code = 'BENCH-PARK'",
    )
    .bind(ends_on)
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
    sqlx::query(
        "INSERT INTO organisation (code, name, short_name, kind)
         SELECT 'BENCH-T' || lpad(n::text, 4, '0'), 'Bench tenant ' || n, 'T' || n, 'tenant'
           FROM generate_series(0, $1 - 1) AS n",
    )
    .bind(organisations as i32)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, '2019-01-01' FROM indicator i, organisation o
          WHERE i.code LIKE 'BN-%' AND o.code LIKE 'BENCH-T%'",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let mut tokens = Vec::with_capacity(organisations);
    for o in 0..organisations {
        let issued = create_token(
            pool,
            &Actor::System {
                label: "benchmark".into(),
            },
            &AuditOrigin::default(),
            today(months),
            TokenInput {
                organisation_code: format!("BENCH-T{o:04}"),
                name: "benchmark upload".into(),
                scope: "write".into(),
                expires_on: None,
                verifier_email: None,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("token for organisation {o}: {e}"))?;
        tokens.push(issued.secret);
    }
    Ok(tokens)
}

struct Ids {
    indicators: Vec<uuid::Uuid>,
    organisations: Vec<uuid::Uuid>,
    token_of: Vec<uuid::Uuid>,
}

async fn synthetic_ids(pool: &PgPool) -> anyhow::Result<Ids> {
    let indicators =
        sqlx::query_scalar("SELECT id FROM indicator WHERE code LIKE 'BN-%' ORDER BY code")
            .fetch_all(pool)
            .await?;
    let organisations =
        sqlx::query_scalar("SELECT id FROM organisation WHERE code LIKE 'BENCH-T%' ORDER BY code")
            .fetch_all(pool)
            .await?;
    let token_of = sqlx::query_scalar(
        "SELECT t.id FROM api_token t JOIN organisation o ON o.id = t.organisation_id ORDER BY o.code",
    )
    .fetch_all(pool)
    .await?;
    Ok(Ids {
        indicators,
        organisations,
        token_of,
    })
}

fn number(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// The rows as CSV for COPY, with the columns the API would set for a submitted observation.
fn copy_text(ids: &Ids, organisations: usize, months: usize) -> String {
    use std::fmt::Write as _;
    let mut text = String::with_capacity(organisations * months * INDICATORS * 200);
    let now = chrono::Utc::now().to_rfc3339();
    for organisation in 0..organisations {
        for month in 0..months {
            for indicator in 0..INDICATORS {
                let row = Row {
                    organisation,
                    indicator,
                    month,
                };
                let (start, end) = row.period();
                let (value, numerator, denominator) = row.figures();
                let _ = writeln!(
                    text,
                    "{},{},{start},{end},{},{},{},measured,submitted,{now},{now},{},token benchmark upload (BENCH-T{organisation:04})",
                    ids.indicators[indicator],
                    ids.organisations[organisation],
                    number(value),
                    number(numerator),
                    number(denominator),
                    ids.token_of[organisation],
                );
            }
        }
    }
    text
}

/// Batch `b` of an organisation: ten months × every indicator, submitted.
fn batch_body(organisation: usize, b: usize) -> Vec<u8> {
    let mut items = Vec::with_capacity(BATCH);
    for month in b * MONTHS_PER_BATCH..(b + 1) * MONTHS_PER_BATCH {
        for indicator in 0..INDICATORS {
            let row = Row {
                organisation,
                indicator,
                month,
            };
            let (start, _) = row.period();
            let (value, numerator, denominator) = row.figures();
            let mut item = serde_json::json!({
                "indicator": format!("BN-{indicator:03}"),
                "period_start": start,
                "unit": row.unit(),
                "data_quality": "measured",
                "status": "submitted",
            });
            let object = item.as_object_mut().expect("an object");
            if let Some(v) = value {
                object.insert("value".into(), v.into());
            }
            if let (Some(n), Some(d)) = (numerator, denominator) {
                object.insert("numerator".into(), n.into());
                object.insert("denominator".into(), d.into());
            }
            items.push(item);
        }
    }
    serde_json::to_vec(&serde_json::json!({ "items": items })).expect("JSON")
}
