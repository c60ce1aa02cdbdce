//! The transparency log beyond publishing (issue 16): attesting through the API with a token
//! issued for a verifier account, `pilar verify` over HTTPS, restatements shown beside the
//! dashboards' figures, the demo log made by `pilar seed --demo`, and rotating the signing key
//! (followed by both verifiers; a forged rotation caught by both).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use reqwest::Method;
use serde_json::{Value, json};

use crate::api::{call, get_json, token};
use crate::common::{Template, TestApp};
use crate::transparency::{
    PILAR, copy, demo_log, download, entry, publish_api, python_available, verifier_key,
    verifiers_pass,
};
use pilar::auth::accounts::{self, TokenInput};
use pilar::domain::transparency::{NoteSigner, merkle, rotation};
use pilar::domain::{Actor, AuditOrigin, Role};

/// A token for the organisation `organisation` acting for the verifier account `email`.
async fn verifier_token(app: &TestApp, organisation: &str, email: &str) -> String {
    accounts::create_token(
        &app.pool,
        &Actor::System {
            label: "test".into(),
        },
        &AuditOrigin::default(),
        crate::common::today(),
        TokenInput {
            organisation_code: organisation.into(),
            name: "assurance engagement".into(),
            scope: "write".into(),
            expires_on: None,
            verifier_email: Some(email.into()),
        },
    )
    .await
    .expect("verifier token issued")
    .secret
}

async fn publications(app: &TestApp, token: &str) -> Vec<Value> {
    get_json(app, token, "/api/v1/publications")
        .await
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_verifier_token_attests_through_the_api_and_the_log_verifies() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    publish_api(&app, &manager, "2026-Q1").await;
    crate::common::add_user(&app.pool, "auditor@assurance.example", Role::Verifier, None).await;
    let verifier = verifier_token(&app, "KLH", "auditor@assurance.example").await;

    // The verifier's token lists the publications, and opens nothing else.
    let listed = publications(&app, &verifier).await;
    assert_eq!(listed.len(), 1);
    let id = listed[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(get(&app, &verifier, "/api/v1/observations").await, 403);

    let path = format!("/api/v1/publications/{id}/attestations");
    let body =
        json!({"assurance": "reasonable", "note": "ISAE 3000 reasonable assurance; no exception."});
    let headers = [("Idempotency-Key", "attest-q1-1")];
    let first = call(&app, Method::POST, &path, &verifier, &headers, Some(&body)).await;
    assert_eq!(first.status(), 201);
    assert_eq!(first.headers()["location"], "/transparency/entries/1");
    let attested: Value = first.json().await.unwrap();
    assert_eq!(attested["entry"], 1);
    assert_eq!(attested["statement_entry"], 0);
    assert_eq!(attested["attested_by"], "auditor");
    assert_eq!(attested["tree_size"], 2);

    // A retry with the same key replays the answer and appends nothing.
    let again = call(&app, Method::POST, &path, &verifier, &headers, Some(&body)).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let replayed: Value = again.json().await.unwrap();
    assert_eq!(replayed, attested);
    let entries: i64 = sqlx::query_scalar("SELECT count(*) FROM transparency_entry")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(entries, 2);

    // The entry in the log: an attestation of entry 0, the account's name, no email; the
    // same code path as the page (attestation row, audit entry).
    let (_, logged) = entry(&app, 1).await;
    assert_eq!(logged["kind"], "attestation");
    assert_eq!(logged["statement_entry"], 0);
    assert_eq!(logged["assurance"], "reasonable");
    assert_eq!(logged["attested_by"], "auditor");
    assert!(!logged.to_string().contains("@assurance.example"));
    let (row_by, audit_actor): (Option<uuid::Uuid>, String) = sqlx::query_as(
        "SELECT a.attested_by, e.actor_kind FROM attestation a, audit_event e
          WHERE a.entry_position = 1 AND e.action = 'attest'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(row_by.is_some(), "the verifier account is recorded");
    assert_eq!(audit_actor, "token");

    // Bad input: no assurance of that kind, an unknown publication.
    let bad = call(
        &app,
        Method::POST,
        &path,
        &verifier,
        &[],
        Some(&json!({"assurance": "absolute"})),
    )
    .await;
    assert_eq!(bad.status(), 422);
    let unknown = call(
        &app,
        Method::POST,
        &format!("/api/v1/publications/{}/attestations", uuid::Uuid::new_v4()),
        &verifier,
        &[],
        Some(&body),
    )
    .await;
    assert_eq!(unknown.status(), 404);

    // Another organisation's token, a manager's included, does not attest.
    for other in [manager.clone(), token(&app, "DEMO-RKEF-A", "write").await] {
        let refused = call(&app, Method::POST, &path, &other, &[], Some(&body)).await;
        assert_eq!(refused.status(), 403);
        let problem: Value = refused.json().await.unwrap();
        assert!(
            problem["detail"].as_str().unwrap().contains("verifier"),
            "{problem}"
        );
    }

    // A deactivated verifier's token opens nothing.
    sqlx::query("UPDATE app_user SET active = false WHERE email = 'auditor@assurance.example'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        call(&app, Method::POST, &path, &verifier, &[], Some(&body))
            .await
            .status(),
        401
    );

    // Both verifiers accept the log with the attestation.
    let key = verifier_key(&app).await;
    assert!(verifiers_pass(&key, ("--url", &app.address), None));
}

async fn get(app: &TestApp, token: &str, path: &str) -> u16 {
    crate::api::get(app, token, path).await.status().as_u16()
}

#[tokio::test]
async fn an_admin_issues_a_token_for_a_verifier_account_from_the_page() {
    let app = crate::common::TestApp::signed_in(crate::common::DemoUser::Admin).await;
    crate::common::add_user(&app.pool, "auditor@assurance.example", Role::Verifier, None).await;
    let page = app.get("/admin/tokens").await.text().await.unwrap();
    assert!(
        page.contains("auditor@assurance.example"),
        "verifiers offered"
    );
    let created = app
        .post_form(
            "/admin/tokens",
            "/admin/tokens",
            &[
                ("organisation", "KLH"),
                ("verifier", "auditor@assurance.example"),
                ("name", "Q1 assurance"),
                ("scope", "write"),
                ("expires", ""),
            ],
        )
        .await;
    assert_eq!(created.status(), 303);
    let holder: Option<String> = sqlx::query_scalar(
        "SELECT u.email FROM api_token t JOIN app_user u ON u.id = t.user_id
          WHERE t.name = 'Q1 assurance'",
    )
    .fetch_optional(&app.pool)
    .await
    .unwrap();
    assert_eq!(holder.as_deref(), Some("auditor@assurance.example"));
    // A manager's account is no verifier: refused with the field named, nothing stored.
    let refused = app
        .post_form(
            "/admin/tokens",
            "/admin/tokens",
            &[
                ("organisation", "KLH"),
                ("verifier", "manager@demo.pilar"),
                ("name", "not a verifier"),
                ("scope", "write"),
                ("expires", ""),
            ],
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.unwrap();
    assert!(page.contains("No active verifier account"), "{page}");
}

/// A TLS server on 127.0.0.1 for `localhost`, with a fresh self-signed certificate, that
/// passes every connection through to `backend` (a Pilar test server). Returns its
/// `https://localhost:port` address and the certificate's PEM.
async fn https_in_front_of(backend: &str) -> (String, String) {
    use tokio_rustls::rustls;
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let pem = certified.cert.pem();
    let key = rustls_pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let backend = backend.trim_start_matches("http://").to_owned();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            let backend = backend.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                let Ok(mut plain) = tokio::net::TcpStream::connect(&backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    (format!("https://localhost:{port}"), pem)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pilar_verify_reads_the_log_over_https() {
    let app = TestApp::spawn(Template::Demo).await;
    demo_log(&app).await;
    let key = verifier_key(&app).await;
    let (url, pem) = https_in_front_of(&app.address).await;
    let work = tempfile::tempdir().unwrap();
    let ca = work.path().join("ca.pem");
    std::fs::write(&ca, pem).unwrap();
    let saved = work.path().join("saved");

    let run = |extra: &[&str]| {
        let out = Command::new(PILAR)
            .args(["verify", "--key", &key, "--url", &url])
            .args(extra)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string()
                + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, said) = run(&[
        "--ca-cert",
        ca.to_str().unwrap(),
        "--save",
        saved.to_str().unwrap(),
    ]);
    assert!(ok, "{said}");
    assert!(
        said.contains("Inclusion: the server's proof of each of the 8 entries verifies."),
        "{said}"
    );
    assert!(said.contains("OK: 8 entries verified."), "{said}");
    // The saved checkpoint is checked over HTTPS next time (consistency proof included).
    let (ok, said) = run(&[
        "--ca-cert",
        ca.to_str().unwrap(),
        "--checkpoint",
        saved.to_str().unwrap(),
    ]);
    assert!(ok, "{said}");
    assert!(said.contains("Consistency:"), "{said}");
    // Without the CA, the self-signed certificate is not trusted: nothing is read.
    let (ok, said) = run(&[]);
    assert!(!ok, "{said}");
    assert!(said.contains("TLS with localhost"), "{said}");

    // The Python verifier agrees over HTTPS.
    if python_available() {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/verify_log.py");
        let out = Command::new("python3")
            .arg(script)
            .args([
                "--key",
                &key,
                "--url",
                &url,
                "--ca-cert",
                ca.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{said}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(said.contains("OK: 8 entries verified."), "{said}");
    }
}

#[tokio::test]
async fn a_restated_figure_shows_its_restatement_on_the_dashboards_in_both_languages() {
    let app = TestApp::spawn(Template::Demo).await;
    demo_log(&app).await;
    let (email, password) = crate::common::DemoUser::Manager.credentials();
    assert_eq!(app.sign_in(email, password).await.status(), 303);
    let (_, restatement) = entry(&app, 3).await;
    assert_eq!(restatement["kind"], "restatement");
    let changes = restatement["restates"]["changes"]
        .as_array()
        .unwrap()
        .clone();
    let change = changes
        .iter()
        .find(|c| {
            c["reason"]
                .as_str()
                .is_some_and(|r| r.contains("weighbridge"))
        })
        .expect("the demo's corrected report, with its reason");
    let code = change["indicator"].as_str().unwrap().to_owned();
    let pillar = restatement["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["indicator"] == change["indicator"])
        .unwrap()["pillar"]
        .as_str()
        .unwrap()
        .to_owned();
    let reason = change["reason"].as_str().unwrap().to_owned();
    for (lang, words) in [("en", "Restated on"), ("id", "Dinyatakan ulang pada")] {
        for path in [
            format!("/indicators/{code}?lang={lang}"),
            format!("/pillars/{pillar}?lang={lang}"),
        ] {
            let response = app.get(&path).await;
            assert_eq!(response.status(), 200, "{path}");
            let html = response.text().await.unwrap();
            let mark = html
                .split("data-restated>")
                .nth(1)
                .unwrap_or_else(|| panic!("{path}: no restatement beside the figure"));
            let line = &mark[..mark.find("</small>").unwrap()];
            assert!(line.contains(words), "{path}: {line}");
            assert!(line.contains(&reason), "{path}: {line}");
            assert!(
                line.contains("2026"),
                "{path}: the period and the day: {line}"
            );
        }
        // The overview names it where the indicator is one of its pillar's headlines.
        let html = app
            .get(&format!("/?lang={lang}"))
            .await
            .text()
            .await
            .unwrap();
        if html.contains(&format!("data-indicator=\"{code}\"")) {
            assert!(html.contains(&reason), "overview ({lang})");
        }
    }
    // An indicator whose published figures were never restated shows no mark.
    let other = restatement["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| changes.iter().all(|c| c["indicator"] != f["indicator"]))
        .unwrap()["indicator"]
        .as_str()
        .unwrap()
        .to_owned();
    let html = app
        .get(&format!("/indicators/{other}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!html.contains("data-restated"), "{other}");
}

#[tokio::test]
async fn pilar_seed_demo_publishes_the_demo_log_once() {
    let app = TestApp::spawn(Template::Empty).await;
    let data = tempfile::tempdir().unwrap();
    let seed = || {
        let out = Command::new(PILAR)
            .args(["seed", "--demo"])
            .env("DATABASE_URL", app.database_url())
            .env("PILAR_DATA_DIR", data.path())
            .env("PILAR_LOG", "warn")
            .env("PILAR_TODAY", crate::common::today().to_string())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let kinds = || async {
        sqlx::query_scalar::<_, String>("SELECT kind FROM transparency_entry ORDER BY position")
            .fetch_all(&app.pool)
            .await
            .unwrap()
    };
    seed();
    let first = kinds().await;
    assert_eq!(
        first,
        [
            "statement",
            "statement",
            "statement",
            "restatement",
            "attestation",
            // IMIP's program, from its first quarter (Q2).
            "statement",
            "statement",
            "restatement",
        ]
    );
    // Signed with the key generated into the data directory, which the server then uses.
    let key = std::fs::read_to_string(data.path().join("transparency.key")).unwrap();
    let signer = NoteSigner::from_private_key_text(&key).unwrap();
    let note: String = sqlx::query_scalar(
        "SELECT note FROM transparency_checkpoint ORDER BY tree_size DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let verifier: pilar::domain::transparency::VerifierKey = signer.verifier_key().parse().unwrap();
    assert_eq!(
        pilar::domain::transparency::note::open(&note, &verifier)
            .unwrap()
            .size,
        8
    );
    seed();
    assert_eq!(kinds().await, first, "a second seed publishes nothing more");
}

/// Writes the checkpoint of the entries in `dir` signed by `signer`.
fn resign(dir: &Path, signer: &NoteSigner) {
    let count = std::fs::read_dir(dir.join("entries")).unwrap().count() as u64;
    let leaves: Vec<merkle::Hash> = (0..count)
        .map(|i| merkle::leaf_hash(&std::fs::read(dir.join(format!("entries/{i}"))).unwrap()))
        .collect();
    std::fs::write(
        dir.join("checkpoint"),
        signer.sign(count, &merkle::root(&leaves)),
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rotated_key_is_followed_by_both_verifiers_and_a_forged_rotation_is_caught() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    publish_api(&app, &manager, "2026-Q1").await;
    let old_key = verifier_key(&app).await;
    let work = tempfile::tempdir().unwrap();
    let saved = work.path().join("saved");
    std::fs::write(
        &saved,
        app.get("/transparency/checkpoint")
            .await
            .text()
            .await
            .unwrap(),
    )
    .unwrap();

    // The key rotated (as `pilar transparency rotate-key` does), then Pilar restarted with
    // the new key over the same database.
    let old = app.state.log_signer.clone();
    let new = Arc::new(NoteSigner::from_seed(old.name(), [42; 32]));
    let rotated = pilar::workflow::publication::rotate_key(
        &app.pool,
        &old,
        &new,
        &Actor::System {
            label: "test".into(),
        },
        &AuditOrigin::default(),
        crate::common::now(),
    )
    .await
    .unwrap();
    assert_eq!(rotated.position, 1);
    // The rotation's own checkpoint is signed by the old key.
    let rotation_note: String =
        sqlx::query_scalar("SELECT note FROM transparency_checkpoint WHERE tree_size = 2")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let old_verifier: pilar::domain::transparency::VerifierKey = old_key.parse().unwrap();
    assert!(pilar::domain::transparency::note::open(&rotation_note, &old_verifier).is_ok());
    // A server started with the retired key refuses to: it would sign what verifiers refuse.
    assert!(
        pilar::workflow::publication::check_signing_key(&app.pool, &old)
            .await
            .is_err()
    );
    let mut state = app.state.clone();
    state.log_signer = new.clone();
    let restarted = TestApp::serve(state).await;
    publish_api(&restarted, &manager, "2026-Q2").await;
    let (_, entry1) = entry(&restarted, 1).await;
    assert_eq!(entry1["kind"], "key_rotation");
    assert_eq!(entry1["old_key"], old_key.as_str());
    assert_eq!(entry1["new_key"], new.verifier_key().as_str());

    // A verifier that kept the old key and a checkpoint signed by it follows the chain, over
    // HTTP and from files; one that learnt the new key checks it directly.
    assert!(verifiers_pass(
        &old_key,
        ("--url", &restarted.address),
        Some(&saved)
    ));
    let good = work.path().join("good");
    download(&restarted, &good).await;
    assert!(verifiers_pass(
        &old_key,
        ("--dir", good.to_str().unwrap()),
        Some(&saved)
    ));
    assert!(verifiers_pass(
        &new.verifier_key(),
        ("--dir", good.to_str().unwrap()),
        None
    ));
    let out = Command::new(PILAR)
        .args(["verify", "--key", &old_key, "--dir", good.to_str().unwrap()])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("Key rotation: entry 1 hands the log over"),
        "{said}"
    );

    // A forged rotation: someone without the old key hands the log over to their own key and
    // signs the tree with it.
    let forger = NoteSigner::from_seed(old.name(), [66; 32]);
    let forged = copy(&good, &work.path().join("forged"));
    let mut fake = rotation::rotation(&forger, &forger, "2026-12-01T00:00:00Z".into());
    fake.old_key = old_key.clone();
    let text =
        pilar::domain::transparency::canonical::to_canonical(&serde_json::to_value(&fake).unwrap());
    std::fs::write(forged.join("entries/1"), text).unwrap();
    resign(&forged, &forger);
    assert!(!verifiers_pass(
        &old_key,
        ("--dir", forged.to_str().unwrap()),
        None
    ));

    // The retired key signing a later tree (a stolen old key, or a server not restarted).
    let stale = copy(&good, &work.path().join("stale"));
    resign(&stale, &old);
    assert!(!verifiers_pass(
        &old_key,
        ("--dir", stale.to_str().unwrap()),
        None
    ));
}

#[tokio::test]
async fn the_rotate_key_command_swaps_the_key_files_and_logs_the_rotation() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = token(&app, "UNIDO", "write").await;
    publish_api(&app, &manager, "2026-Q1").await;
    let work = tempfile::tempdir().unwrap();
    let key_file = work.path().join("log.key");
    std::fs::write(&key_file, app.state.log_signer.private_key_text()).unwrap();
    let out = Command::new(PILAR)
        .args(["transparency", "rotate-key"])
        .env("DATABASE_URL", app.database_url())
        .env("PILAR_LOG_KEY_FILE", &key_file)
        .env("PILAR_DATA_DIR", work.path())
        .env("PILAR_LOG", "warn")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let new =
        NoteSigner::from_private_key_text(&std::fs::read_to_string(&key_file).unwrap()).unwrap();
    assert_ne!(new.verifier_key(), app.state.log_signer.verifier_key());
    assert!(said.contains(&new.verifier_key()), "{said}");
    let retired = work.path().join(format!(
        "log.key.retired-{}",
        pilar::domain::transparency::note::hex(&app.state.log_signer.key_id())
    ));
    assert_eq!(
        std::fs::read_to_string(retired).unwrap().trim(),
        app.state.log_signer.private_key_text()
    );
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM transparency_entry ORDER BY position")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(kinds, ["statement", "key_rotation"]);
    let audit: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_event WHERE action = 'rotate_key'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(audit, 1);
}
