//! The `pilar` binary as a user runs it: start-up on a private cluster, recovery after a
//! killed run, a second instance refused, graceful shutdown, and one-line errors for bad
//! configuration.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const PILAR: &str = env!("CARGO_BIN_EXE_pilar");

fn pilar(data_dir: &Path) -> Command {
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
struct Server {
    child: Child,
    address: String,
}

fn start(data_dir: &Path) -> Server {
    let mut child = pilar(data_dir)
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

fn signal(child: &Child, signal: i32) {
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

fn postmaster_running(data_dir: &Path) -> bool {
    data_dir.join("pgdata/postmaster.pid").exists()
}

fn server_binaries_available() -> bool {
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
            use std::io::Write;
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
            .contains("password: password must be at least 12 characters")
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
