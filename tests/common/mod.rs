//! The test harness: one throwaway PostgreSQL cluster per test run (or the server named by
//! `DATABASE_URL`), a fresh database per test copied from a migrated template, and the app
//! served on a real socket.

pub mod smtp;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use chrono::NaiveDate;
use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, Executor, PgConnection, PgPool};

use pilar::app;
use pilar::db::embedded::{EmbeddedOptions, EmbeddedPostgres};
use pilar::domain::clock::Clock;
use pilar::state::AppState;

/// The date the tests live on: after the demo data's last period (October 2026).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

/// The earliest-starting program (IWIP's pilot in the demo data): what a request without
/// `?program=` reads. The application itself never picks it for a caller (issue 21).
pub async fn first_program(
    pool: &PgPool,
) -> Result<Option<pilar::store::program::Program>, sqlx::Error> {
    Ok(pilar::store::program::programs(pool)
        .await?
        .into_iter()
        .next())
}

/// The moment the tests' servers take for "now": [`today`] at the system's time of day. Tests
/// that move an expiry or a last-seen time compare with this, never with SQL `now()`.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    Clock::Fixed(today()).now()
}

/// Which template a test database starts from.
#[derive(Clone, Copy)]
pub enum Template {
    /// Migrated, no rows.
    Empty,
    /// Migrated, with the IWIP demo data.
    Demo,
}

struct Server {
    /// Connection options to the server; the database is set per use.
    base: PgConnectOptions,
    /// Prefix of every database this run creates (so an external server can be cleaned).
    prefix: String,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);
/// What the exit handler must clean: the throwaway cluster's pid and directory, or the
/// databases made on an external server.
static CLEANUP: Mutex<Option<Cleanup>> = Mutex::new(None);

enum Cleanup {
    Cluster {
        pid: i32,
        dir: PathBuf,
    },
    External {
        base: Box<PgConnectOptions>,
        prefix: String,
    },
}

fn server() -> &'static Server {
    let result = SERVER.get_or_init(|| {
        // Everything runs on a thread of its own that lives as long as the process: the
        // throwaway cluster is bound to the thread that started it (parent-death signal), and
        // the one-off async work needs a runtime outside the tests' runtimes.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let result = start_server();
            let keep = match result {
                Ok((server, cluster)) => {
                    let _ = tx.send(Ok(server));
                    cluster
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                    None
                }
            };
            let _keep_cluster_alive = keep;
            loop {
                std::thread::park();
            }
        });
        rx.recv().unwrap_or_else(|e| Err(e.to_string()))
    });
    match result {
        Ok(server) => server,
        Err(e) => panic!("test database server unavailable: {e}"),
    }
}

fn start_server() -> Result<(Server, Option<EmbeddedPostgres>), String> {
    let run = format!(
        "{}_{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis() % 1_000_000
    );
    let prefix = format!("pilar_t{run}");
    let (base, cluster) = match std::env::var("DATABASE_URL").ok().filter(|u| !u.is_empty()) {
        Some(url) => {
            let base = pilar::db::parse_url(&url).map_err(|e| e.to_string())?;
            *CLEANUP.lock().unwrap() = Some(Cleanup::External {
                base: Box::new(base.clone()),
                prefix: prefix.clone(),
            });
            (base, None)
        }
        None => {
            sweep_stale_clusters();
            let dir = tempfile::Builder::new()
                .prefix("pilar-test-")
                .tempdir_in(std::env::temp_dir())
                .map_err(|e| e.to_string())?
                .keep();
            let cluster = EmbeddedPostgres::start(&EmbeddedOptions {
                data_dir: dir.clone(),
                pg_bin: std::env::var_os("PG_BIN").map(PathBuf::from),
                pg_user: std::env::var("PILAR_PG_USER").unwrap_or_else(|_| "postgres".into()),
                ephemeral: true,
            })
            .map_err(|e| e.to_string())?;
            let pid = cluster.pid().map(|p| p as i32).unwrap_or(0);
            *CLEANUP.lock().unwrap() = Some(Cleanup::Cluster { pid, dir });
            (cluster.connect_options_for("postgres"), Some(cluster))
        }
    };
    // SAFETY: registering a plain extern "C" function with atexit.
    unsafe {
        libc::atexit(cleanup_at_exit);
    }
    let server = Server { base, prefix };
    build_templates(&server)?;
    Ok((server, cluster))
}

fn template_name(server: &Server, template: Template) -> String {
    match template {
        Template::Empty => format!("{}_tmpl_empty", server.prefix),
        Template::Demo => format!("{}_tmpl_demo", server.prefix),
    }
}

fn build_templates(server: &Server) -> Result<(), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let mut admin = PgConnection::connect_with(&server.base.clone().database("postgres"))
            .await
            .map_err(|e| format!("cannot connect to the test server: {e}"))?;
        for template in [Template::Empty, Template::Demo] {
            let name = template_name(server, template);
            admin
                .execute(format!(r#"CREATE DATABASE "{name}""#).as_str())
                .await
                .map_err(|e| e.to_string())?;
            let pool = PgPool::connect_with(server.base.clone().database(&name))
                .await
                .map_err(|e| e.to_string())?;
            pilar::db::MIGRATOR
                .run(&pool)
                .await
                .map_err(|e| e.to_string())?;
            if let Template::Demo = template {
                pilar::store::demo::load_demo(&pool)
                    .await
                    .map_err(|e| format!("demo load failed: {e}"))?;
                pilar::auth::accounts::ensure_demo_users(&pool)
                    .await
                    .map_err(|e| format!("demo users: {e}"))?;
            }
            pool.close().await;
        }
        Ok::<_, String>(())
    })
}

/// A fresh database for one test, copied from a template.
pub async fn database(template: Template) -> PgPool {
    let server = server();
    let name = format!(
        "{}_{}",
        server.prefix,
        COUNTER.fetch_add(1, Ordering::SeqCst)
    );
    let mut admin = PgConnection::connect_with(&server.base.clone().database("postgres"))
        .await
        .unwrap();
    admin
        .execute(
            format!(
                r#"CREATE DATABASE "{name}" TEMPLATE "{}""#,
                template_name(server, template)
            )
            .as_str(),
        )
        .await
        .unwrap();
    admin.close().await.unwrap();
    PgPool::connect_with(server.base.clone().database(&name))
        .await
        .unwrap()
}

/// A demo user (in the `Demo` template), one per role.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoUser {
    Admin,
    Manager,
    Viewer,
    Tenant,
}

impl DemoUser {
    pub fn credentials(self) -> (&'static str, &'static str) {
        match self {
            DemoUser::Admin => ("admin@demo.pilar", "demo-admin-pass"),
            DemoUser::Manager => ("manager@demo.pilar", "demo-manager-pass"),
            DemoUser::Viewer => ("viewer@demo.pilar", "demo-viewer-pass"),
            DemoUser::Tenant => ("tenant@demo.pilar", "demo-tenant-pass"),
        }
    }
}

/// The app on a real socket, over a fresh database; its client keeps cookies like a browser.
pub struct TestApp {
    pub address: String,
    pub pool: PgPool,
    pub client: reqwest::Client,
    pub state: AppState,
}

impl TestApp {
    pub async fn spawn(template: Template) -> TestApp {
        Self::spawn_with(template, |_| {}).await
    }

    /// Spawns with adjusted state (session settings, API budget…).
    pub async fn spawn_with(template: Template, adjust: impl FnOnce(&mut AppState)) -> TestApp {
        let pool = database(template).await;
        let mut state = AppState::new(pool.clone(), Clock::Fixed(today()));
        adjust(&mut state);
        Self::serve(state).await
    }

    /// Serves the app over the given state (e.g. a second instance over the same database).
    pub async fn serve(state: AppState) -> TestApp {
        let router = app::router(state.clone(), std::time::Duration::from_secs(30));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
            .unwrap()
        });
        TestApp {
            address,
            pool: state.pool.clone(),
            client: Self::browser(),
            state,
        }
    }

    /// A fresh cookie-keeping client that does not follow redirects.
    pub fn browser() -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .cookie_store(true)
            .build()
            .unwrap()
    }

    /// Spawns over the demo data, signed in as a demo user.
    pub async fn signed_in(user: DemoUser) -> TestApp {
        let app = Self::spawn(Template::Demo).await;
        let (email, password) = user.credentials();
        let response = app.sign_in(email, password).await;
        assert_eq!(response.status(), 303, "demo sign-in of {email}");
        app
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// Signs in through the form, as a browser does: the page sets the form's CSRF cookie.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        let page = self.get("/login").await.text().await.unwrap();
        let token = hidden_csrf(&page).expect("the sign-in form has a CSRF token");
        self.client
            .post(self.url("/login"))
            .form(&[
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap()
    }

    /// The signed-in session's CSRF token, read off a page as a browser's form would carry it.
    pub async fn csrf_token(&self, page: &str) -> String {
        let html = self.get(page).await.text().await.unwrap();
        hidden_csrf(&html).expect("the page carries a CSRF token")
    }

    /// Posts a form with the session's CSRF token (read off `from_page`).
    pub async fn post_form(
        &self,
        path: &str,
        from_page: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_token(from_page).await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf_token", &token));
        self.client
            .post(self.url(path))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Posts a file as a browser posts a form with one: the CSRF token of `path`'s page, then
    /// `fields` in their order, then the file (multipart).
    pub async fn upload_file(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let token = self.csrf_token(path).await;
        let boundary = "----pilar-test-boundary";
        let mut body = Vec::new();
        for (name, value) in [("csrf_token", token.as_str())].iter().chain(fields) {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        self.client
            .post(self.url(path))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// A call with a token, a file as its body (`application/octet-stream`) if any, and an
    /// `accept-language` if any; the answer's status and JSON (`null` when it has none).
    pub async fn api_send(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        file: Option<Vec<u8>>,
        language: Option<&str>,
    ) -> (u16, serde_json::Value) {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        if let Some(file) = file {
            request = request
                .header("content-type", "application/octet-stream")
                .body(file);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (
            status,
            response.json().await.unwrap_or(serde_json::Value::Null),
        )
    }

    /// A file to the API's imports (`query` names its kind, program, file name…), read in
    /// `language`; the preview's status and JSON.
    pub async fn api_import(
        &self,
        token: &str,
        query: &str,
        file: Vec<u8>,
        language: &str,
    ) -> (u16, serde_json::Value) {
        let path = format!("/api/v1/imports{query}");
        self.api_send(
            token,
            reqwest::Method::POST,
            &path,
            Some(file),
            Some(language),
        )
        .await
    }

    /// Commits the API import `id`, read in `language`; the answer's status and JSON.
    pub async fn api_commit(
        &self,
        token: &str,
        id: &str,
        language: &str,
    ) -> (u16, serde_json::Value) {
        let path = format!("/api/v1/imports/{id}/commit");
        self.api_send(token, reqwest::Method::POST, &path, None, Some(language))
            .await
    }

    /// The test database as a URL, for running the `pilar` binary against it.
    pub fn database_url(&self) -> String {
        let options = self.pool.connect_options();
        let host = options.get_host();
        let database = options.get_database().unwrap_or("postgres");
        if host.starts_with('/') {
            format!(
                "postgres://{}@localhost/{}?host={}&port={}",
                options.get_username(),
                database,
                host,
                options.get_port()
            )
        } else {
            format!(
                "postgres://{}@{}:{}/{}",
                options.get_username(),
                host,
                options.get_port(),
                database
            )
        }
    }
}

/// The value of the first hidden `csrf_token` input of a page.
pub fn hidden_csrf(html: &str) -> Option<String> {
    let at = html.find(r#"name="csrf_token" value=""#)?;
    let rest = &html[at + r#"name="csrf_token" value=""#.len()..];
    Some(rest[..rest.find('"')?].to_string())
}

/// Removes throwaway clusters of earlier runs that died before their exit handler ran: their
/// lock file is no longer held by anyone.
fn sweep_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with("pilar-test-")
        {
            continue;
        }
        let lock = entry.path().join("pilar.lock");
        let Ok(file) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&lock)
        else {
            let _ = std::fs::remove_dir_all(entry.path());
            continue;
        };
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor we own.
        let free = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if free {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

extern "C" fn cleanup_at_exit() {
    let Some(cleanup) = CLEANUP.lock().ok().and_then(|mut c| c.take()) else {
        return;
    };
    match cleanup {
        Cleanup::Cluster { pid, dir } => {
            if pid > 0 {
                // Immediate shutdown: the data is thrown away anyway.
                // SAFETY: signalling and reaping our own child process.
                unsafe {
                    libc::kill(pid, libc::SIGQUIT);
                    let mut status = 0;
                    libc::waitpid(pid, &mut status, 0);
                }
            }
            let _ = std::fs::remove_dir_all(dir);
        }
        Cleanup::External { base, prefix } => {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                let Ok(mut admin) = PgConnection::connect_with(&base.database("postgres")).await
                else {
                    return;
                };
                let names: Vec<String> = sqlx::query_scalar(
                    "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
                )
                .bind(&prefix)
                .fetch_all(&mut admin)
                .await
                .unwrap_or_default();
                for name in names {
                    let _ = admin
                        .execute(
                            format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#).as_str(),
                        )
                        .await;
                }
            });
        }
    }
}

/// Creates a user with the password "a long enough password".
pub async fn add_user(
    pool: &PgPool,
    email: &str,
    role: pilar::domain::Role,
    organisation: Option<&str>,
) -> uuid::Uuid {
    pilar::auth::accounts::create_user(
        pool,
        &pilar::domain::Actor::System {
            label: "test".into(),
        },
        &pilar::domain::AuditOrigin::default(),
        pilar::auth::accounts::UserInput {
            email: email.into(),
            display_name: None,
            role,
            organisation_code: organisation.map(str::to_string),
            preferred_language: "en".into(),
            password: "a long enough password".into(),
        },
    )
    .await
    .expect("test user created")
}

/// Adds `count` tenant organisations (`LOAD-001`, "Load tenant 001"…), each assigned the
/// indicator `indicator` from the start of 2026 and reporting nothing: enough of them to page
/// the lists that grow with the tenants.
pub async fn add_tenants(pool: &PgPool, count: i32, indicator: &str) {
    let assigned = sqlx::query(
        "WITH o AS (
             INSERT INTO organisation (code, name, short_name, kind, process_route)
             SELECT 'LOAD-' || lpad(n::text, 3, '0'), 'Load tenant ' || lpad(n::text, 3, '0'),
                    'Load tenant ' || lpad(n::text, 3, '0'), 'tenant', 'rkef'
               FROM generate_series(1, $1) AS n
             RETURNING id)
         INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM o, indicator i WHERE i.code = $2",
    )
    .bind(count)
    .bind(indicator)
    .execute(pool)
    .await
    .expect("tenants added")
    .rows_affected();
    assert_eq!(
        assigned,
        u64::try_from(count).unwrap(),
        "{indicator} assigned"
    );
}

/// A quarterly quantity indicator of the CE pillar with one decimal, summed over
/// organisations: names in both languages, unit and direction as given. Assigned to one
/// organisation from the start of 2026, with nothing reported yet.
pub struct QuarterlyQuantity<'a> {
    pub code: &'a str,
    pub name_en: &'a str,
    pub name_id: &'a str,
    pub unit: &'a str,
    pub direction: &'a str,
    pub organisation: &'a str,
}

/// The quarterly quantity (Mt CO2e, two decimals, summed) that [`add_reportable_quantity`]
/// assigns to DEMO-RKEF-A with nothing reported: what the demo's CE-02 was to these tests
/// before it became computed from the GHG inventory (nobody reports it now).
pub const REPORTABLE_QUANTITY: &str = "CE-92";

/// Adds [`REPORTABLE_QUANTITY`] and its assignment to DEMO-RKEF-A from the start of 2026.
pub async fn add_reportable_quantity(pool: &PgPool) {
    sqlx::query(
        "WITH i AS (
             INSERT INTO indicator (program_id, pillar_id, code, name_en, name_id, unit, kind,
                    direction, aggregation, frequency, decimals)
             SELECT p.program_id, p.id, $1, 'Process emissions', 'Emisi proses', 'Mt CO2e',
                    'quantity', 'lower_is_better', 'sum', 'quarterly', 2
               FROM pillar p WHERE p.code = 'CE'
             RETURNING id)
         INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM i, organisation o WHERE o.code = 'DEMO-RKEF-A'",
    )
    .bind(REPORTABLE_QUANTITY)
    .execute(pool)
    .await
    .unwrap();
}

/// Adds the indicator and its one assignment.
pub async fn add_quarterly_quantity(pool: &PgPool, q: QuarterlyQuantity<'_>) {
    sqlx::query(
        "WITH i AS (
             INSERT INTO indicator (program_id, pillar_id, code, name_en, name_id, unit, kind,
                    direction, aggregation, frequency, decimals)
             SELECT p.program_id, p.id, $1, $2, $3, $4, 'quantity', $5, 'sum', 'quarterly', 1
               FROM pillar p WHERE p.code = 'CE'
             RETURNING id)
         INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM i, organisation o WHERE o.code = $6",
    )
    .bind(q.code)
    .bind(q.name_en)
    .bind(q.name_id)
    .bind(q.unit)
    .bind(q.direction)
    .bind(q.organisation)
    .execute(pool)
    .await
    .unwrap();
}

/// UNIDO, which leads IWIP, leads IMIP too: its token and its managers then manage both
/// programs.
pub async fn unido_leads_imip(pool: &PgPool) {
    sqlx::query(
        "INSERT INTO program_role (program_id, organisation_id, role)
         SELECT p.id, o.id, 'lead' FROM program p, organisation o
          WHERE p.code = 'IMIP-P1' AND o.code = 'UNIDO'",
    )
    .execute(pool)
    .await
    .unwrap();
}

/// The preview an import's upload redirected to.
pub fn preview_location(response: &reqwest::Response) -> String {
    assert_eq!(
        response.status(),
        303,
        "the upload redirects to its preview"
    );
    response.headers()["location"].to_str().unwrap().to_string()
}
