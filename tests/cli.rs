//! The `pilar` binary as a user runs it: start-up on a private cluster, recovery after a
//! killed run, a second instance refused, graceful shutdown, one-line errors for bad
//! configuration, and the commands run beside a server, beside each other and alone.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use sqlx::postgres::PgConnectOptions;
use sqlx::{Connection, PgConnection};

const PILAR: &str = env!("CARGO_BIN_EXE_pilar");

pub(crate) fn pilar(data_dir: &Path) -> Command {
    let mut cmd = Command::new(PILAR);
    cmd.env_remove("DATABASE_URL")
        .env("PILAR_DATA_DIR", data_dir)
        .env("PILAR_LISTEN", "127.0.0.1:0")
        .env("PILAR_LOG", "warn")
        .env("PILAR_TODAY", "2026-11-29");
    cmd
}

/// Runs a command expected to fail and returns its stderr.
fn fails(cmd: &mut Command) -> String {
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    assert!(
        !out.status.success(),
        "expected failure, got {:?}",
        out.status
    );
    String::from_utf8(out.stderr).unwrap()
}

fn last_line(stderr: &str) -> &str {
    stderr
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or_default()
}

/// A running `pilar serve` and the address it printed.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) address: String,
}

impl Drop for Server {
    /// A test that fails with its server running stops it, before the test's directory is
    /// removed under it.
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            signal(&self.child, libc::SIGTERM);
            let _ = self.child.wait();
        }
    }
}

fn start(data_dir: &Path) -> Server {
    start_with(pilar(data_dir))
}

/// A server without the demo data: quicker to start where a test needs only its own users.
fn start_without_demo(data_dir: &Path) -> Server {
    let mut cmd = pilar(data_dir);
    cmd.env("PILAR_NO_DEMO", "true")
        .env("PILAR_ADMIN_PASSWORD", "the first admin's password");
    start_with(cmd)
}

pub(crate) fn start_with(mut cmd: Command) -> Server {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let line = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("pilar printed its address");
    let address = line.rsplit(' ').next().unwrap().to_string();
    assert!(
        line.starts_with("Pilar is running at http://127.0.0.1:"),
        "{line}"
    );
    Server { child, address }
}

pub(crate) fn signal(child: &Child, signal: i32) {
    // SAFETY: signalling a child we spawned.
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
}

/// A browser signed in as the demo viewer (demo users exist once the demo data is loaded).
async fn signed_in_viewer(address: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let page = client
        .get(format!("{address}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::common::hidden_csrf(&page).unwrap();
    let response = client
        .post(format!("{address}/login"))
        .form(&[
            ("email", "viewer@demo.pilar"),
            ("password", "demo-viewer-pass"),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "signed in and sent to the overview");
    client
}

pub(crate) fn postmaster_running(data_dir: &Path) -> bool {
    data_dir.join("pgdata/postmaster.pid").exists()
}

pub(crate) fn server_binaries_available() -> bool {
    pilar::db::embedded::find_binaries(std::env::var_os("PG_BIN").as_deref().map(Path::new)).is_ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn serve_on_a_private_cluster_survives_a_kill_refuses_a_twin_and_stops_cleanly() {
    if !server_binaries_available() {
        eprintln!("skipped: no PostgreSQL server binaries on this machine");
        return;
    }
    let dir = tempfile::Builder::new()
        .prefix("pilar-cli-")
        .tempdir()
        .unwrap();
    let data_dir = dir.path().join("data");

    // First start: a cluster is made, the demo data loaded, the overview served.
    let mut first = start(&data_dir);
    let viewer = signed_in_viewer(&first.address).await;
    let page = viewer
        .get(format!("{}/", first.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Month 11 of 36"));

    // A second Pilar on the same data directory is refused, in one line.
    let stderr = tokio::task::spawn_blocking({
        let data_dir = data_dir.clone();
        move || fails(&mut pilar(&data_dir))
    })
    .await
    .unwrap();
    assert!(
        last_line(&stderr).contains("already running on the data directory"),
        "{stderr}"
    );

    // Killed outright: the postmaster is left behind.
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    assert!(
        postmaster_running(&data_dir),
        "a killed Pilar leaves its postmaster"
    );

    // The next start recovers, keeps the data, and a SIGTERM stops everything cleanly.
    let mut second = tokio::task::spawn_blocking({
        let data_dir = data_dir.clone();
        move || start(&data_dir)
    })
    .await
    .unwrap();
    let viewer = signed_in_viewer(&second.address).await;
    let body = viewer
        .get(format!("{}/", second.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Month 11 of 36"), "data kept across the kill");
    signal(&second.child, libc::SIGTERM);
    let status = tokio::task::spawn_blocking(move || second.child.wait().unwrap())
        .await
        .unwrap();
    assert!(status.success(), "graceful exit, got {status:?}");
    assert!(
        !postmaster_running(&data_dir),
        "the private cluster is stopped on exit"
    );

    // A stale postmaster.pid naming a dead process does not block the next start.
    std::fs::write(data_dir.join("pgdata/postmaster.pid"), "999999\n").unwrap();
    let out = tokio::task::spawn_blocking({
        let data_dir = data_dir.clone();
        move || pilar(&data_dir).arg("migrate").output().unwrap()
    })
    .await
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!postmaster_running(&data_dir));
}

#[test]
fn missing_server_binaries_are_named_with_what_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = fails(
        pilar(dir.path())
            .env("PG_BIN", "/nonexistent/pg/bin")
            .arg("migrate"),
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("PG_BIN /nonexistent/pg/bin does not hold"),
        "{stderr}"
    );
}

#[test]
fn malformed_database_url_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = fails(
        pilar(dir.path())
            .env("DATABASE_URL", "mysql://nope")
            .arg("migrate"),
    );
    assert!(
        last_line(&stderr).contains("DATABASE_URL is not a valid PostgreSQL URL"),
        "{stderr}"
    );
}

#[test]
fn unreachable_database_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = fails(
        pilar(dir.path())
            .env("DATABASE_URL", "postgres://pilar@127.0.0.1:1/pilar")
            .arg("migrate"),
    );
    assert!(
        last_line(&stderr).contains("cannot connect to the database"),
        "{stderr}"
    );
}

#[test]
fn port_in_use_is_refused_in_one_line() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let stderr = fails(pilar(dir.path()).env("PILAR_LISTEN", &address));
    assert!(
        last_line(&stderr).contains(&format!("cannot listen on {address}")),
        "{stderr}"
    );
}

#[test]
fn unusable_data_directory_is_refused_in_one_line() {
    let stderr = fails(pilar(Path::new("/dev/null/pilar")).arg("migrate"));
    assert!(
        last_line(&stderr).contains("data directory /dev/null/pilar is not usable"),
        "{stderr}"
    );
}

#[test]
fn help_lists_every_setting_with_its_variable() {
    let out = Command::new(PILAR).arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for variable in [
        "PILAR_LISTEN",
        "DATABASE_URL",
        "PILAR_DIRECT_DATABASE_URL",
        "PILAR_DATA_DIR",
        "PG_BIN",
        "PILAR_PG_USER",
        "PILAR_DB_MAX_CONNECTIONS",
        "PILAR_NO_DEMO",
        "PILAR_TODAY",
        "PILAR_REQUEST_TIMEOUT",
        "PILAR_LOG",
        "PILAR_LOG_FORMAT",
    ] {
        assert!(help.contains(variable), "--help names {variable}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn user_and_token_commands_create_sign_in_able_users_and_usable_tokens() {
    let app = crate::common::TestApp::spawn(crate::common::Template::Demo).await;
    let url = app.database_url();
    let run = move |args: &'static [&'static str], stdin: &'static str| {
        let url = url.clone();
        move || {
            let mut child = Command::new(PILAR)
                .args(args)
                .env("DATABASE_URL", &url)
                .env("PILAR_LOG", "warn")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(stdin.as_bytes())
                .unwrap();
            child.wait_with_output().unwrap()
        }
    };
    let added = tokio::task::spawn_blocking(run(
        &[
            "user",
            "add",
            "--email",
            "cli.tenant@example.org",
            "--role",
            "tenant",
            "--org",
            "DEMO-MINE-H",
            "--password-stdin",
        ],
        "a long enough password\n",
    ))
    .await
    .unwrap();
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert_eq!(
        app.sign_in("cli.tenant@example.org", "a long enough password")
            .await
            .status(),
        303
    );

    let weak = tokio::task::spawn_blocking(run(
        &[
            "user",
            "add",
            "--email",
            "weak@example.org",
            "--role",
            "viewer",
            "--password-stdin",
        ],
        "short\n",
    ))
    .await
    .unwrap();
    assert!(!weak.status.success());
    assert!(
        String::from_utf8_lossy(&weak.stderr)
            .contains("password: The password must be at least 12 characters")
    );

    let reset = tokio::task::spawn_blocking(run(
        &[
            "user",
            "reset-password",
            "--email",
            "cli.tenant@example.org",
            "--password-stdin",
        ],
        "another long password\n",
    ))
    .await
    .unwrap();
    assert!(reset.status.success());
    assert_eq!(
        app.get("/my").await.status(),
        303,
        "a password reset ends the sessions"
    );

    let created = tokio::task::spawn_blocking(run(
        &[
            "token",
            "create",
            "--org",
            "DEMO-MINE-H",
            "--scope",
            "read",
            "--name",
            "historian",
        ],
        "",
    ))
    .await
    .unwrap();
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let token = String::from_utf8(created.stdout).unwrap();
    let token = token.trim();
    assert!(
        token.starts_with("pilar_") && token.len() == 49,
        "the token alone on stdout: {token:?}"
    );
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);

    let id: uuid::Uuid = sqlx::query_scalar("SELECT id FROM api_token")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let id: &'static str = Box::leak(id.to_string().into_boxed_str());
    let args: &'static [&'static str] = Box::leak(vec!["token", "revoke", id].into_boxed_slice());
    let revoked = tokio::task::spawn_blocking(run(args, "")).await.unwrap();
    assert!(revoked.status.success());
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
}

/// Runs blocking work (a process, a wait) off the test's async threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(work).await.unwrap()
}

/// A command started with its standard input open: it opens the database, then waits there
/// for the password, holding its use of the cluster until [`finish`] writes it.
struct Waiting(Option<Child>);

impl Waiting {
    fn child(&mut self) -> &mut Child {
        self.0.as_mut().unwrap()
    }
}

impl Drop for Waiting {
    /// A test that fails before [`finish`] closes the command's input and waits for it to
    /// leave (and stop) the cluster, before the test's directory is removed under it.
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            drop(child.stdin.take());
            let _ = child.wait();
        }
    }
}

fn spawn_waiting_for_stdin(data_dir: &Path, args: &[&str]) -> Waiting {
    Waiting(Some(
        pilar(data_dir)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    ))
}

/// Writes `stdin` to a waiting command, closes it, and waits for the command's end.
fn finish(mut waiting: Waiting, stdin: &str) -> Output {
    let mut child = waiting.0.take().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Runs a command to its end with `stdin` on its standard input.
pub(crate) fn run(data_dir: &Path, args: &[&str], stdin: &str) -> Output {
    finish(spawn_waiting_for_stdin(data_dir, args), stdin)
}

pub(crate) fn assert_succeeded(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

pub(crate) fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits until the command `child` is connected to the private cluster of `data_dir`: a
/// connection named `pilar … (pid N)` is in `pg_stat_activity`. Fails if the command ends.
async fn wait_until_connected(data_dir: &Path, waiting: &mut Waiting) {
    let child = waiting.child();
    let options = PgConnectOptions::new()
        .host(&data_dir.join("run").to_string_lossy())
        .port(5432)
        .username("pilar")
        .database("pilar");
    let name = format!("%(pid {})", child.id());
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut stderr);
            panic!("the command ended before it was connected: {status:?}: {stderr}");
        }
        // The cluster may not be up yet (the command may be the one starting it).
        if let Ok(mut connection) = PgConnection::connect_with(&options).await {
            let connected: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE $1",
            )
            .bind(&name)
            .fetch_one(&mut connection)
            .await
            .unwrap();
            let _ = connection.close().await;
            if connected > 0 {
                return;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the command never connected to the cluster"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Signs in through the form as a browser does; the status says whether it worked (303).
async fn sign_in(address: &str, email: &str, password: &str) -> reqwest::StatusCode {
    let browser = crate::common::TestApp::browser();
    let page = browser
        .get(format!("{address}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::common::hidden_csrf(&page).unwrap();
    browser
        .post(format!("{address}/login"))
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", token.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .status()
}

async fn me_with_token(address: &str, token: &str) -> reqwest::StatusCode {
    reqwest::Client::new()
        .get(format!("{address}/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

async fn stop(mut server: Server) {
    signal(&server.child, libc::SIGTERM);
    let status = blocking(move || server.child.wait().unwrap()).await;
    assert!(status.success(), "graceful exit, got {status:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn commands_beside_a_running_server_use_its_cluster_and_take_effect_at_once() {
    if !server_binaries_available() {
        eprintln!("skipped: no PostgreSQL server binaries on this machine");
        return;
    }
    let dir = tempfile::Builder::new()
        .prefix("pilar-cli-")
        .tempdir()
        .unwrap();
    let data_dir = dir.path().join("data");
    let server = blocking({
        let data_dir = data_dir.clone();
        move || start(&data_dir)
    })
    .await;
    let at = server.address.clone();
    let command = |args: &'static [&'static str], stdin: &'static str| {
        let data_dir = data_dir.clone();
        blocking(move || run(&data_dir, args, stdin))
    };

    let added = command(
        &[
            "user",
            "add",
            "--email",
            "cli.manager@example.org",
            "--role",
            "manager",
            "--password-stdin",
        ],
        "a long enough password\n",
    )
    .await;
    assert_succeeded(&added);
    assert!(stdout(&added).contains("created manager cli.manager@example.org"));
    assert_eq!(
        sign_in(&at, "cli.manager@example.org", "a long enough password").await,
        303,
        "the new user signs in on the running server"
    );

    let reset = command(
        &[
            "user",
            "reset-password",
            "--email",
            "cli.manager@example.org",
            "--password-stdin",
        ],
        "another long password\n",
    )
    .await;
    assert_succeeded(&reset);
    assert_eq!(
        sign_in(&at, "cli.manager@example.org", "a long enough password").await,
        401,
        "the old password no longer works"
    );
    assert_eq!(
        sign_in(&at, "cli.manager@example.org", "another long password").await,
        303
    );

    let created = command(
        &[
            "token",
            "create",
            "--org",
            "DEMO-MINE-H",
            "--scope",
            "read",
            "--name",
            "historian",
        ],
        "",
    )
    .await;
    assert_succeeded(&created);
    let token = stdout(&created).trim().to_string();
    assert!(
        token.starts_with("pilar_"),
        "the token on stdout: {token:?}"
    );
    assert_eq!(me_with_token(&at, &token).await, 200);
    let stderr = String::from_utf8_lossy(&created.stderr).into_owned();
    let id = stderr
        .lines()
        .find_map(|l| l.strip_prefix("token ")?.split_once(" created"))
        .map(|(id, _)| id.to_string())
        .unwrap_or_else(|| panic!("the token's id on stderr: {stderr}"));
    let revoked = blocking({
        let data_dir = data_dir.clone();
        move || run(&data_dir, &["token", "revoke", &id], "")
    })
    .await;
    assert_succeeded(&revoked);
    assert_eq!(
        me_with_token(&at, &token).await,
        401,
        "a revoked token is refused at once"
    );

    let migrated = command(&["migrate"], "").await;
    assert_succeeded(&migrated);
    assert!(stdout(&migrated).contains("migrations applied"));
    let seeded = command(&["seed", "--demo"], "").await;
    assert_succeeded(&seeded);
    assert!(stdout(&seeded).contains("demo data already loaded; nothing changed"));
    let ready = reqwest::get(format!("{at}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 200, "the server still has its database");

    // The server stops while a command is connected: the cluster stays up for the command,
    // which finishes, then stops it as the last one using it.
    let mut late = spawn_waiting_for_stdin(
        &data_dir,
        &[
            "user",
            "add",
            "--email",
            "late@example.org",
            "--role",
            "viewer",
            "--password-stdin",
        ],
    );
    wait_until_connected(&data_dir, &mut late).await;
    stop(server).await;
    assert!(
        postmaster_running(&data_dir),
        "the cluster stays up for the command still using it"
    );
    let late = blocking(move || finish(late, "a long enough password\n")).await;
    assert_succeeded(&late);
    assert!(stdout(&late).contains("created viewer late@example.org"));
    assert!(
        !postmaster_running(&data_dir),
        "the last one using the cluster stops it"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_command_with_nothing_running_starts_the_cluster_and_stops_it() {
    if !server_binaries_available() {
        eprintln!("skipped: no PostgreSQL server binaries on this machine");
        return;
    }
    let dir = tempfile::Builder::new()
        .prefix("pilar-cli-")
        .tempdir()
        .unwrap();
    let data_dir = dir.path().join("data");

    // A fresh data directory: the command makes the cluster, migrates, adds, and stops it.
    let added = blocking({
        let data_dir = data_dir.clone();
        move || {
            run(
                &data_dir,
                &[
                    "user",
                    "add",
                    "--email",
                    "solo@example.org",
                    "--role",
                    "viewer",
                    "--password-stdin",
                ],
                "a long enough password\n",
            )
        }
    })
    .await;
    assert_succeeded(&added);
    assert!(!postmaster_running(&data_dir), "no cluster left running");

    // A killed server leaves its postmaster and a pid file naming it; the next command finds
    // nobody using them, starts afresh, and stops the cluster when done.
    let mut killed = blocking({
        let data_dir = data_dir.clone();
        move || start_without_demo(&data_dir)
    })
    .await;
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    assert!(postmaster_running(&data_dir));
    let reset = blocking({
        let data_dir = data_dir.clone();
        move || {
            run(
                &data_dir,
                &[
                    "user",
                    "reset-password",
                    "--email",
                    "solo@example.org",
                    "--password-stdin",
                ],
                "another long password\n",
            )
        }
    })
    .await;
    assert_succeeded(&reset);
    assert!(!postmaster_running(&data_dir), "no cluster left running");

    // What the commands did is there for the next server.
    let server = blocking({
        let data_dir = data_dir.clone();
        move || start_without_demo(&data_dir)
    })
    .await;
    assert_eq!(
        sign_in(&server.address, "solo@example.org", "another long password").await,
        303
    );
    stop(server).await;
    assert!(!postmaster_running(&data_dir));
}

#[tokio::test(flavor = "multi_thread")]
async fn commands_at_once_share_one_cluster_and_a_server_joins_a_commands_cluster() {
    if !server_binaries_available() {
        eprintln!("skipped: no PostgreSQL server binaries on this machine");
        return;
    }
    let dir = tempfile::Builder::new()
        .prefix("pilar-cli-")
        .tempdir()
        .unwrap();
    let data_dir = dir.path().join("data");
    let add = |email: &str| {
        spawn_waiting_for_stdin(
            &data_dir,
            &[
                "user",
                "add",
                "--email",
                email,
                "--role",
                "viewer",
                "--password-stdin",
            ],
        )
    };

    // Two commands at once on a fresh data directory: one makes and starts the cluster, the
    // other waits for it and uses it; both are connected at the same time.
    let mut one = add("one@example.org");
    let mut two = add("two@example.org");
    wait_until_connected(&data_dir, &mut one).await;
    wait_until_connected(&data_dir, &mut two).await;
    let one = blocking(move || finish(one, "a long enough password\n")).await;
    assert_succeeded(&one);
    assert!(
        postmaster_running(&data_dir),
        "the cluster stays up for the command still using it"
    );
    let two = blocking(move || finish(two, "a long enough password\n")).await;
    assert_succeeded(&two);
    assert!(
        !postmaster_running(&data_dir),
        "the last one using the cluster stops it"
    );

    // A server started while a command runs the cluster uses that cluster, and keeps it when
    // the command ends.
    let mut reset = spawn_waiting_for_stdin(
        &data_dir,
        &[
            "user",
            "reset-password",
            "--email",
            "one@example.org",
            "--password-stdin",
        ],
    );
    wait_until_connected(&data_dir, &mut reset).await;
    let server = blocking({
        let data_dir = data_dir.clone();
        move || start_without_demo(&data_dir)
    })
    .await;
    let reset = blocking(move || finish(reset, "another long password\n")).await;
    assert_succeeded(&reset);
    assert_eq!(
        sign_in(&server.address, "one@example.org", "another long password").await,
        303
    );
    assert_eq!(
        sign_in(&server.address, "two@example.org", "a long enough password").await,
        303
    );
    stop(server).await;
    assert!(!postmaster_running(&data_dir));
}
