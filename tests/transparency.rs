//! Published figures anyone can verify (issue 16): publishing a period from the page and the
//! API, the canonical statement, restatements on re-approval, the public anonymous log
//! endpoints, the append-only log table, and `pilar verify` and the Python verifier agreeing
//! on Pilar's output and both catching each tampering.

use std::path::Path;
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::{Connection, Executor, PgConnection};

use crate::api::{call, get_json, post, token};
use crate::common::{DemoUser, Template, TestApp};
use pilar::domain::transparency::statement::published;
use pilar::domain::transparency::{NoteSigner, merkle};

pub(crate) const PILAR: &str = env!("CARGO_BIN_EXE_pilar");

pub(crate) async fn publish_api(app: &TestApp, manager: &str, period: &str) -> Value {
    let response = post(
        app,
        manager,
        "/api/v1/publications",
        &json!({ "period": period }),
    )
    .await;
    assert_eq!(response.status(), 201, "publishing {period}");
    response.json().await.unwrap()
}

pub(crate) async fn entry(app: &TestApp, index: u64) -> (Vec<u8>, Value) {
    let response = app.get(&format!("/transparency/entries/{index}")).await;
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap().to_vec();
    let value = serde_json::from_slice(&bytes).unwrap();
    (bytes, value)
}

pub(crate) async fn verifier_key(app: &TestApp) -> String {
    let key: Value = app.get("/transparency/key").await.json().await.unwrap();
    key["verifier_key"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_public_endpoints_answer_anonymously_even_before_anything_is_published() {
    let app = TestApp::spawn(Template::Demo).await;
    let response = app.get("/transparency/checkpoint").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("public")
    );
    let note = response.text().await.unwrap();
    let lines: Vec<&str> = note.lines().collect();
    assert_eq!(lines[0], pilar::config::DEFAULT_LOG_ORIGIN);
    assert_eq!(lines[1], "0");
    assert_eq!(lines[2], STANDARD.encode(merkle::empty_root()));
    let key: Value = app.get("/transparency/key").await.json().await.unwrap();
    assert_eq!(key["algorithm"], "ed25519");
    let parsed: pilar::domain::transparency::VerifierKey =
        key["verifier_key"].as_str().unwrap().parse().unwrap();
    pilar::domain::transparency::note::open(&note, &parsed).unwrap();
    assert_eq!(app.get("/transparency/entries/0").await.status(), 404);
    assert_eq!(app.get("/transparency/entries/x").await.status(), 400);
    assert_eq!(
        app.get("/transparency/proof/inclusion?index=0&size=1")
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get("/transparency/proof/inclusion?index=2&size=1")
            .await
            .status(),
        400
    );
    assert_eq!(app.get("/public").await.status(), 200);
    // Publishing is for managers: an anonymous visitor is sent to sign in.
    assert_eq!(app.get("/publish").await.status(), 303);
}

#[tokio::test]
async fn a_manager_publishes_a_quarter_from_the_page_once() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let page = app.get("/publish").await.text().await.unwrap();
    assert!(page.contains("2026-Q1"), "Q1 2026 can be published");
    let published = app
        .post_form("/publish", "/publish", &[("period", "2026-Q1")])
        .await;
    assert_eq!(published.status(), 303);
    let location = published.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("entry=0"), "{location}");
    let page = app.get(&location).await.text().await.unwrap();
    assert!(page.contains("/transparency/entries/0"));

    let (bytes, statement) = entry(&app, 0).await;
    assert_eq!(statement["format"], "pilar-statement/1");
    assert_eq!(statement["kind"], "statement");
    assert_eq!(statement["period"], "2026-Q1");
    assert_eq!(statement["period_start"], "2026-01-01");
    let figures = statement["figures"].as_array().unwrap();
    assert!(!figures.is_empty());
    for figure in figures {
        // Never a per-organisation figure: pooled from three or more, or the park's own.
        let contributors = figure["contributors"].as_u64().unwrap();
        assert!(
            contributors >= 3 || figure["aggregation"] == "park",
            "{figure}"
        );
        assert!(figure["period_start"].as_str().unwrap() >= "2026-01-01");
        assert!(figure["period_end"].as_str().unwrap() <= "2026-03-31");
        assert!(figure.get("organisation").is_none());
        assert!(figure["definition_version"].as_i64().unwrap() >= 1);
    }
    // The exact bytes are canonical JSON (RFC 8785), and their leaf is the signed root.
    assert_eq!(
        pilar::domain::transparency::canonical::to_canonical(&statement),
        String::from_utf8(bytes.clone()).unwrap()
    );
    let note = app
        .get("/transparency/checkpoint")
        .await
        .text()
        .await
        .unwrap();
    let key: pilar::domain::transparency::VerifierKey = verifier_key(&app).await.parse().unwrap();
    let checkpoint = pilar::domain::transparency::note::open(&note, &key).unwrap();
    assert_eq!(checkpoint.size, 1);
    assert_eq!(checkpoint.root, merkle::leaf_hash(&bytes));
    // Stored together: the entry, its checkpoint, the publication and the audit event.
    let (entries, checkpoints, publications, audits): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM transparency_entry), (SELECT count(*) FROM transparency_checkpoint),
                (SELECT count(*) FROM publication WHERE period_label = '2026-Q1'),
                (SELECT count(*) FROM audit_event WHERE action = 'publish' AND entity = 'publication')",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((entries, checkpoints, publications, audits), (1, 1, 1, 1));

    // Once only; and a period that has not ended cannot be published.
    let again = app
        .post_form("/publish", "/publish", &[("period", "2026-Q1")])
        .await;
    assert_eq!(again.status(), 409);
    let open = app
        .post_form("/publish", "/publish", &[("period", "2026-Q4")])
        .await;
    assert_eq!(open.status(), 409);
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM transparency_entry")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn publishing_through_the_api_needs_a_managers_token() {
    let app = TestApp::spawn(Template::Demo).await;
    let tenant = token(&app, "DEMO-RKEF-A", "write").await;
    let manager = token(&app, "UNIDO", "write").await;
    let refused = post(
        &app,
        &tenant,
        "/api/v1/publications",
        &json!({"period": "2026-Q2"}),
    )
    .await;
    assert_eq!(refused.status(), 403);
    let body = publish_api(&app, &manager, "2026-Q2").await;
    assert_eq!(body["entry"], 0);
    assert_eq!(body["tree_size"], 1);
    assert!(
        body["checkpoint"]
            .as_str()
            .unwrap()
            .contains("\n\n\u{2014} ")
    );
    let list = get_json(&app, &tenant, "/api/v1/publications").await;
    assert_eq!(list[0]["period"], "2026-Q2");
    assert_eq!(list[0]["kind"], "statement");
    let conflict = post(
        &app,
        &manager,
        "/api/v1/publications",
        &json!({"period": "2026-Q2"}),
    )
    .await;
    assert_eq!(conflict.status(), 409);
}

#[tokio::test]
async fn the_log_tables_are_append_only() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    publish_api(&app, &manager, "2026-Q1").await;
    for sql in [
        "UPDATE transparency_entry SET body = 'x'",
        "DELETE FROM transparency_entry",
        "TRUNCATE transparency_entry CASCADE",
        "UPDATE transparency_checkpoint SET note = 'x'",
        "DELETE FROM publication",
        "INSERT INTO transparency_entry (position, kind, body, leaf_hash, recorded_at)
         VALUES (5, 'statement', 'x', decode(repeat('00', 32), 'hex'), now())",
    ] {
        let err = sqlx::query(sql).execute(&app.pool).await.unwrap_err();
        assert!(err.to_string().contains("transparency log"), "{sql}: {err}");
    }
}

#[tokio::test]
async fn an_approval_that_changes_a_published_figure_appends_a_restatement() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    publish_api(&app, &manager, "2026-Q1").await;
    let (_, statement) = entry(&app, 0).await;
    // A summed quantity of the quarter, and one organisation's approved report of it.
    let figure = statement["figures"]
        .as_array()
        .unwrap()
        .iter()
        // CE-02 is computed from the GHG inventory: no report of it to reopen.
        .find(|f| {
            f["aggregation"] == "sum"
                && f["kind"] == "quantity"
                && f["period"] == "2026-Q1"
                && f["indicator"] != "CE-02"
        })
        .expect("a summed quantity is published")
        .clone();
    let (id, version, organisation, value): (uuid::Uuid, i32, String, f64) = sqlx::query_as(
        "SELECT o.id, o.version, g.code, o.value FROM observation o
           JOIN indicator i ON i.id = o.indicator_id JOIN organisation g ON g.id = o.organisation_id
          WHERE i.code = $1 AND o.period_start = '2026-01-01' AND o.status = 'approved'
          ORDER BY g.code LIMIT 1",
    )
    .bind(figure["indicator"].as_str().unwrap())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let path = format!("/api/v1/observations/{id}");
    let reopened = call(
        &app,
        Method::POST,
        &format!("{path}/reopen"),
        &manager,
        &[("if-match", &format!("\"{version}\""))],
        Some(&json!({"reason": "meter misread at the weighbridge"})),
    )
    .await;
    assert_eq!(reopened.status(), 200);
    let tenant = token(&app, &organisation, "write").await;
    let corrected = call(
        &app,
        Method::PUT,
        &path,
        &tenant,
        &[("if-match", &format!("\"{}\"", version + 1))],
        Some(&json!({
            "indicator": figure["indicator"],
            "period_start": "2026-01-01",
            "value": value + 10.0,
            "unit": figure["unit"],
            "data_quality": "measured",
            "status": "submitted",
            "reason": "weighbridge corrected"
        })),
    )
    .await;
    assert_eq!(
        corrected.status(),
        200,
        "{}",
        corrected.text().await.unwrap()
    );
    let approved = call(
        &app,
        Method::POST,
        &format!("{path}/approve"),
        &manager,
        &[],
        None,
    )
    .await;
    assert_eq!(approved.status(), 200);
    // The statement is unchanged; a restatement follows it.
    let (_, first) = entry(&app, 0).await;
    assert_eq!(first, statement);
    let (_, restatement) = entry(&app, 1).await;
    assert_eq!(restatement["kind"], "restatement");
    assert_eq!(restatement["period"], "2026-Q1");
    assert_eq!(restatement["restates"]["entry"], 0);
    let change = restatement["restates"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["indicator"] == figure["indicator"])
        .unwrap()
        .clone();
    assert_eq!(change["old_value"], figure["value"]);
    let new = change["new_value"].as_f64().unwrap();
    assert!(
        (new - figure["value"].as_f64().unwrap() - 10.0).abs() < 1e-6,
        "{change}"
    );
    assert_eq!(change["reason"], "meter misread at the weighbridge");
    // The public page shows the restated figure with its mark.
    let page = app.get("/public").await.text().await.unwrap();
    assert!(page.contains("data-restated"), "restatement mark");
    assert!(page.contains("meter misread at the weighbridge"));
}

/// Writes the log as downloaded files: `checkpoint`, `entries/{i}`.
pub(crate) async fn download(app: &TestApp, dir: &Path) {
    std::fs::create_dir_all(dir.join("entries")).unwrap();
    let note = app
        .get("/transparency/checkpoint")
        .await
        .text()
        .await
        .unwrap();
    let size: u64 = note.lines().nth(1).unwrap().parse().unwrap();
    std::fs::write(dir.join("checkpoint"), &note).unwrap();
    for i in 0..size {
        let (bytes, _) = entry(app, i).await;
        std::fs::write(dir.join("entries").join(i.to_string()), bytes).unwrap();
    }
}

/// Runs `pilar verify` and, where Python and its `cryptography` module are installed (always
/// under CI=true), the Python verifier; both must agree. Returns whether they passed.
pub(crate) fn verifiers_pass(key: &str, source: (&str, &str), saved: Option<&Path>) -> bool {
    let mut pilar = Command::new(PILAR);
    pilar.args(["verify", "--key", key, source.0, source.1]);
    if let Some(saved) = saved {
        pilar.arg("--checkpoint").arg(saved);
    }
    let out = pilar.output().unwrap();
    let rust_ok = out.status.success();
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    if rust_ok {
        assert!(said.contains("OK:"), "{said}");
    } else {
        assert!(said.contains("MISMATCH"), "{said}");
    }
    if let Some(python_ok) = python_verifier(key, source, saved) {
        assert_eq!(
            python_ok, rust_ok,
            "the two verifiers disagree; pilar said: {said}"
        );
    }
    rust_ok
}

pub(crate) fn python_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("python3 with the cryptography module is needed (Debian: python3-cryptography)");
    }
    ok
}

pub(crate) fn python_verifier(
    key: &str,
    source: (&str, &str),
    saved: Option<&Path>,
) -> Option<bool> {
    if !python_available() {
        eprintln!("skipping the Python verifier: python3 with cryptography is not installed");
        return None;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/verify_log.py");
    let mut python = Command::new("python3");
    python.arg(script).args(["--key", key, source.0, source.1]);
    if let Some(saved) = saved {
        python.arg("--checkpoint").arg(saved);
    }
    let out = python.output().unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    if out.status.success() {
        assert!(said.contains("OK:"), "{said}");
    } else {
        assert!(
            said.contains("MISMATCH"),
            "{said}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Some(out.status.success())
}

#[test]
fn the_python_verifier_passes_the_rfc_vectors() {
    if !python_available() {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/verify_log.py");
    let out = Command::new("python3")
        .arg(script)
        .arg("--self-test")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// Multi-threaded: the verifiers run as child processes that call back into this server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_verifiers_accept_the_log_and_catch_every_tampering() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    let key = verifier_key(&app).await;
    let work = tempfile::tempdir().unwrap();
    publish_api(&app, &manager, "2026-Q1").await;
    // A verifier saves the checkpoint of a one-entry log…
    let saved = work.path().join("saved-checkpoint");
    std::fs::write(
        &saved,
        app.get("/transparency/checkpoint")
            .await
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    publish_api(&app, &manager, "2026-Q2").await;
    publish_api(&app, &manager, "2026-Q3").await;
    // …and later checks the three-entry log, over HTTP and from downloaded files.
    assert!(verifiers_pass(&key, ("--url", &app.address), Some(&saved)));
    let good = work.path().join("good");
    download(&app, &good).await;
    let good_dir = good.to_str().unwrap();
    assert!(verifiers_pass(&key, ("--dir", good_dir), Some(&saved)));

    // A checkpoint signed by another key.
    let stranger = NoteSigner::from_seed(pilar::config::DEFAULT_LOG_ORIGIN, [9; 32]);
    let stranger_dir = copy(&good, &work.path().join("stranger"));
    let note = std::fs::read_to_string(good.join("checkpoint")).unwrap();
    let checkpoint = pilar::domain::transparency::note::parse_body(&note).unwrap();
    std::fs::write(
        stranger_dir.join("checkpoint"),
        stranger.sign(checkpoint.size, &checkpoint.root),
    )
    .unwrap();
    assert!(!verifiers_pass(
        &key,
        ("--dir", stranger_dir.to_str().unwrap()),
        None
    ));

    // A removed entry.
    let removed = copy(&good, &work.path().join("removed"));
    std::fs::remove_file(removed.join("entries/1")).unwrap();
    assert!(!verifiers_pass(
        &key,
        ("--dir", removed.to_str().unwrap()),
        None
    ));

    // An old leaf rewritten, and the checkpoint re-signed over the new tree by the log's own
    // key: the signature holds, but the log no longer extends the saved checkpoint.
    let rewritten = copy(&good, &work.path().join("rewritten"));
    let original = std::fs::read(good.join("entries/0")).unwrap();
    let mut statement: Value = serde_json::from_slice(&original).unwrap();
    let first_value = statement["figures"][0]["value"].as_f64().unwrap();
    statement["figures"][0]["value"] = json!(published(first_value + 1.0));
    let forged = pilar::domain::transparency::canonical::to_canonical(&statement);
    std::fs::write(rewritten.join("entries/0"), &forged).unwrap();
    let leaves: Vec<merkle::Hash> = (0..checkpoint.size)
        .map(|i| merkle::leaf_hash(&std::fs::read(rewritten.join(format!("entries/{i}"))).unwrap()))
        .collect();
    let signer = log_signer_of(&app);
    std::fs::write(
        rewritten.join("checkpoint"),
        signer.sign(checkpoint.size, &merkle::root(&leaves)),
    )
    .unwrap();
    // Without the saved checkpoint nothing is amiss; with it, the rewrite shows.
    assert!(verifiers_pass(
        &key,
        ("--dir", rewritten.to_str().unwrap()),
        None
    ));
    assert!(!verifiers_pass(
        &key,
        ("--dir", rewritten.to_str().unwrap()),
        Some(&saved)
    ));

    // An edited statement row in the database (triggers switched off by a superuser): the
    // served entry no longer hashes to the signed root.
    let mut admin = PgConnection::connect(&app.database_url()).await.unwrap();
    admin
        .execute("SET session_replication_role = replica")
        .await
        .unwrap();
    sqlx::query("UPDATE transparency_entry SET body = $1 WHERE position = 1")
        .bind(forged.as_bytes())
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.unwrap();
    assert!(!verifiers_pass(&key, ("--url", &app.address), None));
}

fn log_signer_of(app: &TestApp) -> std::sync::Arc<NoteSigner> {
    app.state.log_signer.clone()
}

pub(crate) fn copy(from: &Path, to: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(to.join("entries")).unwrap();
    std::fs::copy(from.join("checkpoint"), to.join("checkpoint")).unwrap();
    for file in std::fs::read_dir(from.join("entries")).unwrap() {
        let file = file.unwrap();
        std::fs::copy(file.path(), to.join("entries").join(file.file_name())).unwrap();
    }
    to.to_path_buf()
}

/// The demo's publications: Q1–Q3 2026, one restatement, one attestation.
pub(crate) async fn demo_log(app: &TestApp) -> u64 {
    pilar::workflow::publication::publish_demo(
        &app.pool,
        &app.state.log_signer,
        crate::common::now(),
        crate::common::today(),
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_log_holds_three_quarters_a_restatement_and_an_attestation_and_verifies() {
    let app = TestApp::spawn(Template::Demo).await;
    // IWIP's five entries, then IMIP's (its program starts in April: no Q1, no attestation).
    assert_eq!(demo_log(&app).await, 8);
    let mut kinds = Vec::new();
    let mut programs = Vec::new();
    for i in 0..8 {
        let (_, value) = entry(&app, i).await;
        kinds.push((
            value["kind"].as_str().unwrap().to_owned(),
            value["period"].clone(),
        ));
        programs.push(value["program"].clone());
    }
    assert_eq!(kinds[0], ("statement".into(), json!("2026-Q1")));
    assert_eq!(kinds[1], ("statement".into(), json!("2026-Q2")));
    assert_eq!(kinds[2], ("statement".into(), json!("2026-Q3")));
    assert_eq!(kinds[3], ("restatement".into(), json!("2026-Q2")));
    assert_eq!(kinds[4].0, "attestation");
    assert_eq!(kinds[5], ("statement".into(), json!("2026-Q2")));
    assert_eq!(kinds[6], ("statement".into(), json!("2026-Q3")));
    assert_eq!(kinds[7], ("restatement".into(), json!("2026-Q2")));
    assert_eq!(
        programs,
        [
            json!("IWIP-P1"),
            json!("IWIP-P1"),
            json!("IWIP-P1"),
            json!("IWIP-P1"),
            Value::Null,
            json!("IMIP-P1"),
            json!("IMIP-P1"),
            json!("IMIP-P1"),
        ]
    );
    let (_, attestation) = entry(&app, 4).await;
    assert_eq!(attestation["statement_entry"], 0);
    assert_eq!(attestation["assurance"], "limited");
    // A second call publishes nothing more.
    assert_eq!(demo_log(&app).await, 8);
    let key = verifier_key(&app).await;
    assert!(verifiers_pass(&key, ("--url", &app.address), None));
}

#[tokio::test]
async fn the_public_page_shows_published_figures_only_in_both_languages_in_a_real_browser() {
    use crate::browser::{CHROMEDRIVER, CHROMIUM, Driver, OVERFLOW, browser_log, installed, phone};
    let app = TestApp::spawn(Template::Demo).await;
    demo_log(&app).await;
    // Over HTTP first: anonymous, published figures with their marks, no tenant's name.
    for (lang, restated) in [("en", "Restated on"), ("id", "Dinyatakan ulang pada")] {
        let response = app.get(&format!("/public?lang={lang}")).await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("lang=\"{lang}\"")));
        assert!(html.contains(restated), "{lang}: restatement mark");
        assert!(html.contains("data-attested"), "{lang}: attestation");
        assert!(html.contains("data-checkpoint"));
        assert!(html.contains("/transparency/proof/inclusion?index="));
        assert!(!html.contains("DEMO-RKEF-A"), "no organisation is named");
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let (Some(chromium), Some(chromedriver)) = (installed(CHROMIUM), installed(CHROMEDRIVER))
    else {
        assert!(!ci, "CI=true but chromium or chromedriver is missing");
        eprintln!("skipping the browser part: chromium and chromedriver are not installed");
        return;
    };
    let driver = Driver::start(&chromedriver).await;
    let profile = tempfile::tempdir().unwrap();
    let client = phone(&driver, &chromium, profile.path(), 390).await;
    for lang in ["en", "id"] {
        let url = app.url(&format!("/public?lang={lang}"));
        client.goto(&url).await.unwrap();
        assert_eq!(client.current_url().await.unwrap().path(), "/public");
        let html_lang = client
            .find(fantoccini::Locator::Css("html"))
            .await
            .unwrap()
            .attr("lang")
            .await
            .unwrap();
        assert_eq!(html_lang.as_deref(), Some(lang));
        let measured = client.execute(OVERFLOW, vec![]).await.unwrap();
        assert!(
            measured["width"].as_u64().unwrap() <= measured["viewport"].as_u64().unwrap(),
            "{url} is wider than a phone: {}",
            measured["culprits"]
        );
        let rows = client
            .find_all(fantoccini::Locator::Css("tr[data-indicator]"))
            .await
            .unwrap();
        assert!(!rows.is_empty(), "{url}: published indicators");
        let errors: Vec<Value> = browser_log(&driver, &client)
            .await
            .into_iter()
            .filter(|e| e["level"] == "SEVERE")
            .collect();
        assert!(errors.is_empty(), "{url}: console errors {errors:?}");
    }
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_verifier_attests_a_published_statement_as_an_entry_of_its_own() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    publish_api(&app, &manager, "2026-Q1").await;
    crate::common::add_user(
        &app.pool,
        "assurance@verifier.example",
        pilar::domain::Role::Verifier,
        None,
    )
    .await;
    let signed_in = app
        .sign_in("assurance@verifier.example", "a long enough password")
        .await;
    assert_eq!(signed_in.status(), 303);
    // A verifier's home is the statements to attest; the dashboards are not theirs.
    let home = app.get("/").await;
    assert_eq!(home.status(), 303);
    assert_eq!(home.headers()["location"], "/attest");
    assert_eq!(app.get("/review").await.status(), 403);
    assert_eq!(app.get("/publish").await.status(), 403);
    let page = app.get("/attest?lang=id").await.text().await.unwrap();
    assert!(page.contains("Atestasi pernyataan"));
    let attested = app
        .post_form(
            "/attest",
            "/attest",
            &[
                ("entry", "0"),
                ("assurance", "reasonable"),
                ("note", "ISAE 3000 reasonable assurance; no exception."),
            ],
        )
        .await;
    assert_eq!(attested.status(), 303);
    assert_eq!(attested.headers()["location"], "/attest?entry=1");
    let (_, entry) = entry(&app, 1).await;
    assert_eq!(entry["kind"], "attestation");
    assert_eq!(entry["statement_entry"], 0);
    assert_eq!(entry["assurance"], "reasonable");
    assert!(
        !entry.to_string().contains("@verifier.example"),
        "no email in the log"
    );
    let (_, statement_bytes) = {
        let (bytes, _) = self::entry(&app, 0).await;
        ((), bytes)
    };
    assert_eq!(
        entry["statement_leaf_hash"],
        STANDARD.encode(merkle::leaf_hash(&statement_bytes))
    );
    let stored: (String, String) =
        sqlx::query_as("SELECT assurance, note FROM attestation WHERE entry_position = 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(stored.0, "reasonable");
    // A manager does not attest.
    let manager_app = TestApp::signed_in(DemoUser::Manager).await;
    assert_eq!(manager_app.get("/attest").await.status(), 403);
}
