//! Reminders and notifications against a real SMTP server (`common::smtp`, a sink on a loopback
//! port speaking the protocol): password reset by e-mail (single use, expiry, the same answer
//! for an unknown address, throttling), tenants' digests (grouped, never for submitted reports,
//! in the person's language, the settings link working, "never" sending nothing), returns with
//! their note, managers' digests, the outbox's retries and several senders sending once.

use chrono::{Days, NaiveDate};
use pilar::config::MailSettings;
use pilar::domain::clock::Clock;
use pilar::notify::{self, Sender};
use pilar::state::AppState;
use sha2::Digest;

use crate::common::smtp::{SmtpSink, closed_port};
use crate::common::{DemoUser, Template, TestApp, add_user, hidden_csrf, today};
use crate::html::page;

/// Settings sending to `smtp_url`, linking back to `app`.
fn settings(app: &TestApp, smtp_url: &str) -> MailSettings {
    let mut settings = MailSettings::logged(&app.address);
    settings.smtp_url = Some(smtp_url.to_string());
    settings
}

/// One dispatcher run and one sending round, as the background loop does.
async fn deliver(app: &TestApp, settings: &MailSettings) {
    deliver_at(app, &app.state.clock, settings).await;
}

async fn deliver_at(app: &TestApp, clock: &Clock, settings: &MailSettings) {
    notify::dispatch(&app.pool, clock, settings).await.unwrap();
    let sender = Sender::new(settings).unwrap();
    notify::send_due(&app.pool, clock, &sender).await.unwrap();
}

/// The app over the same database on another day.
async fn on_day(app: &TestApp, day: NaiveDate) -> TestApp {
    let mut state: AppState = app.state.clone();
    state.clock = Clock::Fixed(day);
    TestApp::serve(state).await
}

/// Marks today's daily job as run, so that a dispatch sends only what is immediate (the demo
/// data has reports falling due and reviews waiting).
async fn skip_daily(app: &TestApp) {
    sqlx::query("INSERT INTO scheduled_run (job, run_on, started_at) VALUES ('daily', $1, $2)")
        .bind(today())
        .bind(app.state.clock.now())
        .execute(&app.pool)
        .await
        .unwrap();
}

/// Posts "forgot password" for `email` as an anonymous browser; the page's status and body.
async fn forgot(app: &TestApp, email: &str) -> (u16, String) {
    let form = app.get("/login/forgot").await.text().await.unwrap();
    let token = hidden_csrf(&form).expect("the form has a CSRF token");
    let response = app
        .client
        .post(app.url("/login/forgot"))
        .form(&[("email", email), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The first link in `text` that starts with `prefix`.
fn link(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {text}"));
    text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches(['.', ')'])
        .to_string()
}

async fn set_new_password(app: &TestApp, reset_link: &str, password: &str) -> reqwest::Response {
    let form = app
        .client
        .get(reset_link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // A link that no longer works shows no form: the browser's token is on any other form.
    let csrf = match hidden_csrf(&form) {
        Some(token) => token,
        None => hidden_csrf(&app.get("/login/forgot").await.text().await.unwrap()).unwrap(),
    };
    let token = reset_link.split("token=").nth(1).unwrap().to_string();
    app.client
        .post(app.url("/login/reset"))
        .form(&[
            ("token", token.as_str()),
            ("new_password", password),
            ("repeat_password", password),
            ("csrf_token", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_reset_link_arrives_works_once_and_an_unknown_address_gets_the_same_answer() {
    let app = TestApp::spawn(Template::Demo).await;
    skip_daily(&app).await;
    let sink = SmtpSink::start().await;
    let mail = settings(&app, &sink.url());
    let (tenant, _) = DemoUser::Tenant.credentials();

    let known = forgot(&app, tenant).await;
    let unknown = forgot(&app, "nobody@nowhere.example").await;
    assert_eq!(known.0, 200);
    assert_eq!(
        known, unknown,
        "the same answer whether or not the address exists"
    );
    assert!(known.1.contains("If an account has this address"));

    deliver(&app, &mail).await;
    assert_eq!(sink.messages().len(), 1, "nothing for the unknown address");
    let message = &sink.to(tenant)[0];
    assert_eq!(message.subject(), "Pilar: set a new password");
    assert_eq!(message.from, "pilar@localhost");
    assert!(message.html().contains("<a href=\""));
    let reset = link(
        &message.text(),
        &format!("{}/login/reset?token=", app.address),
    );

    // Only the secret's hash is stored.
    let secret = reset.split("token=").nth(1).unwrap();
    let hash = sha2::Sha256::digest(secret.as_bytes()).to_vec();
    let stored: Vec<Vec<u8>> = sqlx::query_scalar("SELECT token_hash FROM password_reset")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, vec![hash]);

    // The link works once.
    let done = set_new_password(&app, &reset, "a brand new long password").await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], "/login?reset=1");
    let browser = TestApp::serve(app.state.clone()).await;
    assert_eq!(
        browser
            .sign_in(tenant, "a brand new long password")
            .await
            .status(),
        303
    );
    let again = set_new_password(&app, &reset, "yet another long password").await;
    assert_eq!(again.status(), 410);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("was used already, or it expired")
    );
    assert_eq!(app.client.get(&reset).send().await.unwrap().status(), 410);

    // The owner hears that the password changed.
    deliver(&app, &mail).await;
    let notices = sink.to(tenant);
    assert_eq!(notices.len(), 2);
    assert_eq!(notices[1].subject(), "Pilar: your password was changed");
}

#[tokio::test]
async fn a_reset_link_expires_within_the_hour_and_requests_are_throttled_per_address() {
    let app = TestApp::spawn(Template::Demo).await;
    skip_daily(&app).await;
    let sink = SmtpSink::start().await;
    let mail = settings(&app, &sink.url());
    let (manager, _) = DemoUser::Manager.credentials();
    for _ in 0..4 {
        let (status, body) = forgot(&app, manager).await;
        assert_eq!(status, 200);
        assert!(body.contains("If an account has this address"));
    }
    deliver(&app, &mail).await;
    assert_eq!(
        sink.to(manager).len(),
        3,
        "three links per address and window, then none"
    );
    let reset = link(
        &sink.to(manager)[0].text(),
        &format!("{}/login/reset?token=", app.address),
    );
    // The next day (the clock moved), the link has expired.
    let tomorrow = on_day(&app, today().checked_add_days(Days::new(1)).unwrap()).await;
    let moved = reset.replace(&app.address, &tomorrow.address);
    assert_eq!(
        tomorrow.client.get(&moved).send().await.unwrap().status(),
        410
    );
    let refused = set_new_password(&tomorrow, &moved, "a brand new long password").await;
    assert_eq!(refused.status(), 410);
}

/// A tenant organisation reporting CE-03, CE-07 and CM-05 monthly, with one user (in `language`):
/// October's CM-05 submitted, CE-07 a draft, CE-03 missing.
async fn tenant_with_october(app: &TestApp, email: &str, language: &str) {
    sqlx::query(
        "WITH o AS (INSERT INTO organisation (code, name, short_name, kind, process_route)
                    VALUES ('MAIL-T', 'Mail tenant', 'Mail tenant', 'tenant', 'rkef')
                    RETURNING id)
         INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, o.id, DATE '2026-01-01' FROM o, indicator i
          WHERE i.code IN ('CE-03', 'CE-07', 'CM-05')",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end,
                                  numerator, denominator, data_quality, status,
                                  first_submitted_at, submitted_at)
         SELECT i.id, o.id, DATE '2026-10-01', DATE '2026-10-31', 1, 2, 'measured', s.status,
                CASE WHEN s.status = 'submitted' THEN TIMESTAMPTZ '2026-11-20 08:00+00' END,
                CASE WHEN s.status = 'submitted' THEN TIMESTAMPTZ '2026-11-20 08:00+00' END
           FROM organisation o,
                (VALUES ('CM-05', 'submitted'), ('CE-07', 'draft')) AS s(code, status)
           JOIN indicator i ON i.code = s.code
          WHERE o.code = 'MAIL-T'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    add_user(
        &app.pool,
        email,
        pilar::domain::Role::Tenant,
        Some("MAIL-T"),
    )
    .await;
    sqlx::query("UPDATE app_user SET preferred_language = $2 WHERE email = $1")
        .bind(email)
        .bind(language)
        .execute(&app.pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_tenant_gets_one_digest_of_reports_falling_due_never_of_submitted_ones() {
    let app = TestApp::spawn(Template::Demo).await;
    let sink = SmtpSink::start().await;
    let mail = settings(&app, &sink.url());
    let email = "pelapor@mail-tenant.example";
    tenant_with_october(&app, email, "id").await;

    // Two instances dispatch at once, and again later the same day: one digest.
    let (a, b) = tokio::join!(
        notify::dispatch(&app.pool, &app.state.clock, &mail),
        notify::dispatch(&app.pool, &app.state.clock, &mail)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.daily != b.daily || a.skipped || b.skipped, "{a:?} {b:?}");
    deliver(&app, &mail).await;
    deliver(&app, &mail).await;
    let received = sink.to(email);
    assert_eq!(received.len(), 1, "one message for many reports, sent once");
    let digest = &received[0];
    // In the person's language (Bahasa Indonesia): October is "Okt", due 30 November.
    assert_eq!(digest.subject(), "Pilar: 2 hal memerlukan perhatian Anda");
    let text = digest.text();
    assert!(text.contains("Laporan yang akan jatuh tempo"), "{text}");
    assert!(text.contains("CE-03") && text.contains("CE-07"), "{text}");
    assert!(text.contains("Okt 2026: jatuh tempo 30 Nov 2026"), "{text}");
    assert!(
        !text.contains("CM-05"),
        "never for a submitted report: {text}"
    );
    assert!(
        digest
            .html()
            .contains("<h2>Laporan yang akan jatuh tempo</h2>")
    );

    // The one-click link opens the settings without signing in; "never" is kept.
    let settings_link = link(&text, &format!("{}/notifications?token=", app.address));
    let browser = TestApp::browser();
    let form = browser.get(&settings_link).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains(r#"name="reports_due""#));
    let csrf = hidden_csrf(&html).unwrap();
    let token = settings_link.split("token=").nth(1).unwrap();
    let saved = browser
        .post(app.url("/notifications"))
        .form(&[
            ("token", token),
            ("reports_due", "never"),
            ("csrf_token", csrf.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    let chosen: String = sqlx::query_scalar(
        "SELECT p.cadence FROM notification_preference p JOIN app_user u ON u.id = p.user_id
          WHERE u.email = $1 AND p.kind = 'reports_due'",
    )
    .bind(email)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(chosen, "never");

    // Two days on, October's reports are late: with "never", nothing is sent.
    let later = on_day(&app, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).await;
    deliver(&later, &mail).await;
    assert_eq!(sink.to(email).len(), 1, "\"never\" sends nothing");
    let dropped: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notification_item n JOIN app_user u ON u.id = n.user_id
          WHERE u.email = $1 AND n.payload->>'late' = 'true' AND n.message_id IS NULL
            AND n.handled_at IS NOT NULL",
    )
    .bind(email)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(dropped, 2);
}

#[tokio::test]
async fn a_returned_report_reaches_its_reporters_with_the_note_and_managers_get_their_digest() {
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    crate::submit::arrange_percentage(&tenant).await;
    crate::review::submit(&tenant, "2026-07-01", "30", "120").await;
    let manager = TestApp::serve(tenant.state.clone()).await;
    let (manager_email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(manager_email, password).await.status(), 303);
    // A milestone fell due two days ago and is not done.
    sqlx::query(
        "UPDATE milestone SET starts_on = LEAST(starts_on, $1), due_on = $1,
                status = 'in_progress', completed_on = NULL
          WHERE id = (SELECT id FROM milestone ORDER BY code LIMIT 1)",
    )
    .bind(today().checked_sub_days(Days::new(2)).unwrap())
    .execute(&tenant.pool)
    .await
    .unwrap();
    let sink = SmtpSink::start().await;
    let mail = settings(&tenant, &sink.url());

    // The day's first dispatch: the manager's daily digest (reviews waiting, the milestone).
    deliver(&tenant, &mail).await;
    let to_manager = sink.to(manager_email);
    assert_eq!(to_manager.len(), 1);
    let text = to_manager[0].text();
    assert!(text.contains("Reports waiting for your review"), "{text}");
    assert!(text.contains("Milestones overdue"), "{text}");
    assert!(
        text.contains(&format!("{}/review", tenant.address)),
        "{text}"
    );

    // The manager returns the report with a note: the tenant hears at once, with the note.
    let id = crate::review::id_of(&tenant, "2026-07-01").await;
    let version: i32 = crate::submit::stored(&tenant, "2026-07-01")
        .await
        .unwrap()
        .3;
    let returned = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{id}:{version}")),
                ("action", "return"),
                ("note", "Denominator looks <low>"),
            ],
        )
        .await;
    assert_eq!(returned.status(), 303);
    let (tenant_email, _) = DemoUser::Tenant.credentials();
    let before = sink.to(tenant_email).len();
    deliver(&tenant, &mail).await;
    let to_tenant = sink.to(tenant_email);
    assert_eq!(to_tenant.len(), before + 1, "the return is told at once");
    let last = to_tenant.last().unwrap();
    assert!(
        last.text()
            .contains("returned with the note “Denominator looks <low>”")
    );
    assert!(last.html().contains("Denominator looks &lt;low&gt;"));
    assert_eq!(
        sink.to(manager_email).len(),
        1,
        "the manager's digest is daily"
    );
}

#[tokio::test]
async fn managers_get_a_weekly_summary_on_monday() {
    let app = TestApp::spawn(Template::Demo).await;
    let monday = on_day(&app, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).await;
    let sink = SmtpSink::start().await;
    let mail = settings(&monday, &sink.url());
    deliver(&monday, &mail).await;
    let (manager, _) = DemoUser::Manager.credentials();
    let messages = sink.to(manager);
    assert_eq!(messages.len(), 1);
    assert!(messages[0].text().contains("Your week in Pilar"));
}

#[tokio::test]
async fn a_message_waits_while_the_server_is_down_then_goes_once() {
    let app = TestApp::spawn(Template::Demo).await;
    skip_daily(&app).await;
    let port = closed_port().await;
    let mail = settings(&app, &format!("smtp://127.0.0.1:{port}"));
    let (viewer, _) = DemoUser::Viewer.credentials();
    forgot(&app, viewer).await;
    notify::dispatch(&app.pool, &app.state.clock, &mail)
        .await
        .unwrap();
    let sender = Sender::new(&mail).unwrap();
    let first = notify::send_due(&app.pool, &app.state.clock, &sender)
        .await
        .unwrap();
    assert_eq!(first.retrying, 1);
    let (status, attempts, error): (String, i32, Option<String>) = sqlx::query_as(
        "SELECT status, attempts, last_error FROM outbox_message WHERE to_address = $1",
    )
    .bind(viewer)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), attempts), ("queued", 1));
    assert!(error.is_some());

    // The server comes up; the retry waits for its time, then the message goes once.
    let sink = SmtpSink::start_on(port).await;
    let early = notify::send_due(&app.pool, &app.state.clock, &sender)
        .await
        .unwrap();
    assert_eq!(early.sent, 0, "not before the backoff");
    let later = Clock::Fixed(today().checked_add_days(Days::new(1)).unwrap());
    assert_eq!(
        notify::send_due(&app.pool, &later, &sender)
            .await
            .unwrap()
            .sent,
        1
    );
    assert_eq!(
        notify::send_due(&app.pool, &later, &sender)
            .await
            .unwrap()
            .sent,
        0
    );
    assert_eq!(sink.to(viewer).len(), 1);
}

#[tokio::test]
async fn two_senders_share_the_outbox_without_sending_anything_twice() {
    let app = TestApp::spawn(Template::Empty).await;
    let sink = SmtpSink::start().await;
    let mail = settings(&app, &sink.url());
    let now = app.state.clock.now();
    let mut conn = app.pool.acquire().await.unwrap();
    for n in 0..30 {
        pilar::store::notifications::enqueue(
            &mut conn,
            &pilar::store::notifications::NewMessage {
                user_id: None,
                to_address: format!("person{n}@example.org"),
                subject: format!("message {n}"),
                body_text: "text".into(),
                body_html: "<p>text</p>".into(),
            },
            now,
        )
        .await
        .unwrap();
    }
    drop(conn);
    let (one, two) = (Sender::new(&mail).unwrap(), Sender::new(&mail).unwrap());
    let (a, b) = tokio::join!(
        notify::send_due(&app.pool, &app.state.clock, &one),
        notify::send_due(&app.pool, &app.state.clock, &two)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 30);
    let mut subjects: Vec<String> = sink.messages().iter().map(|m| m.subject()).collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 30);
    assert_eq!(sink.messages().len(), 30, "each message once");
}

#[tokio::test]
async fn without_an_smtp_server_messages_are_logged_not_sent() {
    let app = TestApp::spawn(Template::Demo).await;
    skip_daily(&app).await;
    let mail = MailSettings::logged(&app.address);
    let (tenant, _) = DemoUser::Tenant.credentials();
    forgot(&app, tenant).await;
    deliver(&app, &mail).await;
    let status: String =
        sqlx::query_scalar("SELECT status FROM outbox_message WHERE to_address = $1")
            .bind(tenant)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(status, "logged");
}

#[tokio::test]
async fn the_account_page_keeps_notification_settings() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let html = page(&app, "/account").await;
    assert!(html.contains(r#"name="weekly_summary""#));
    let saved = app
        .post_form(
            "/account/notifications",
            "/account",
            &[
                ("weekly_summary", "never"),
                ("reviews_waiting", "immediately"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 303);
    let html = page(&app, "/account?notifications=1").await;
    assert!(html.contains("Your notification settings are saved."));
    assert!(html.contains(r#"<option value="never" selected>Never</option>"#));
}

/// A tenant user of `organisation` writing in `language`.
async fn party(app: &TestApp, email: &str, organisation: &str, language: &str) {
    add_user(
        &app.pool,
        email,
        pilar::domain::Role::Tenant,
        Some(organisation),
    )
    .await;
    sqlx::query("UPDATE app_user SET preferred_language = $2 WHERE email = $1")
        .bind(email)
        .bind(language)
        .execute(&app.pool)
        .await
        .unwrap();
}

/// Records a transfer of `quantity` t of slag from the smelter to the brick maker; its id.
async fn slag_transfer(app: &TestApp, smelter: &str, quantity: f64) -> String {
    let response = crate::api::post(
        app,
        smelter,
        "/api/v1/flows/transfers",
        &serde_json::json!({
            "material": "NI-SLAG", "month": "2026-11", "receiver": "DEMO-BRICK-I",
            "quantity": quantity, "intended_use": "recycling"
        }),
    )
    .await;
    assert_eq!(response.status(), 201);
    let body: serde_json::Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().to_string()
}

/// The messages to `email` with `text` in them.
fn telling(sink: &SmtpSink, email: &str, text: &str) -> usize {
    sink.to(email)
        .iter()
        .filter(|m| m.text().contains(text))
        .count()
}

#[tokio::test]
async fn a_flagged_transfer_reaches_both_parties_and_the_managers_once_in_their_language() {
    let app = TestApp::spawn(Template::Demo).await;
    let sink = SmtpSink::start().await;
    let mail = settings(&app, &sink.url());
    skip_daily(&app).await;
    let (sender, receiver) = ("kirim@smelter.example", "terima@brick.example");
    party(&app, sender, "DEMO-RKEF-A", "en").await;
    party(&app, receiver, "DEMO-BRICK-I", "id").await;
    let (manager, _) = DemoUser::Manager.credentials();
    let imip_manager = "imip.manager@demo.pilar";
    let smelter = crate::api::token(&app, "DEMO-RKEF-A", "write").await;
    let brick = crate::api::token(&app, "DEMO-BRICK-I", "write").await;

    // 975 of 1,000 t: −2.5 %, beyond the 2 % tolerance. Told at once (the default cadence).
    let short = slag_transfer(&app, &smelter, 1000.0).await;
    let confirmed = crate::api::post(
        &app,
        &brick,
        &format!("/api/v1/flows/transfers/{short}/confirm"),
        &serde_json::json!({"received_quantity": 975.0}),
    )
    .await;
    assert_eq!(confirmed.status(), 200);
    // A transfer within the tolerance is told of to nobody.
    let within = slag_transfer(&app, &smelter, 1000.0).await;
    let confirmed = crate::api::post(
        &app,
        &brick,
        &format!("/api/v1/flows/transfers/{within}/confirm"),
        &serde_json::json!({"received_quantity": 985.0}),
    )
    .await;
    assert_eq!(confirmed.status(), 200);
    deliver(&app, &mail).await;
    let line_en = "NI-SLAG Nickel slag, Nov 2026, Demo RKEF Smelter A → Demo Brick Maker I: 1,000 t sent, 975 t confirmed (−2.5 %), beyond the 2 % tolerance";
    let line_id = "1.000 t dikirim, 975 t dikonfirmasi (−2,5 %), melewati toleransi 2 %";
    assert_eq!(sink.to(sender).len(), 1);
    let to_sender = &sink.to(sender)[0];
    assert!(
        to_sender.text().contains("Material transfers flagged"),
        "{}",
        to_sender.text()
    );
    assert!(to_sender.text().contains(line_en), "{}", to_sender.text());
    assert!(to_sender.text().contains(&format!("{}/flows", app.address)));
    assert!(
        to_sender
            .html()
            .contains("Demo RKEF Smelter A → Demo Brick Maker I")
    );
    assert_eq!(sink.to(receiver).len(), 1);
    let to_receiver = sink.to(receiver)[0].text();
    assert!(
        to_receiver.contains("Transfer material yang ditandai"),
        "{to_receiver}"
    );
    assert!(to_receiver.contains(line_id), "{to_receiver}");
    assert_eq!(telling(&sink, manager, line_en), 1, "IWIP's manager");
    assert!(
        sink.to(imip_manager).is_empty(),
        "IMIP's manager is not told of IWIP's ledger"
    );
    assert!(
        !to_receiver.contains("985"),
        "a transfer within the tolerance is not flagged"
    );
    // The same items are the notifications inside Pilar.
    let inside: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notification_item
          WHERE kind = 'transfer_flagged' AND payload->>'transfer' = $1",
    )
    .bind(&short)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let tenants_and_managers: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM app_user u
          WHERE u.active AND (u.role = 'tenant' AND u.organisation_id IN
                   (SELECT id FROM organisation WHERE code IN ('DEMO-RKEF-A', 'DEMO-BRICK-I'))
                OR u.role = 'manager' AND u.id IN
                   (SELECT m.user_id FROM program_member m JOIN program p ON p.id = m.program_id
                     WHERE p.code = 'IWIP-P1'))",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(inside, tenants_and_managers);
    let reader = TestApp::serve(app.state.clone()).await;
    assert_eq!(
        reader
            .sign_in(sender, "a long enough password")
            .await
            .status(),
        303
    );
    let inbox = reader.get("/inbox").await.text().await.unwrap();
    assert!(inbox.contains("Material transfers flagged"), "{inbox}");
    assert!(inbox.contains("href=\"/flows\""), "{inbox}");

    // A dispute, with its note.
    let disputed = slag_transfer(&app, &smelter, 700.0).await;
    let answered = crate::api::post(
        &app,
        &brick,
        &format!("/api/v1/flows/transfers/{disputed}/dispute"),
        &serde_json::json!({"note": "Nothing arrived on the 12th"}),
    )
    .await;
    assert_eq!(answered.status(), 200);
    deliver(&app, &mail).await;
    deliver(&app, &mail).await;
    assert_eq!(sink.to(sender).len(), 2, "one more message, once");
    assert!(
        sink.to(sender)[1]
            .text()
            .contains("700 t sent, disputed by the receiver: “Nothing arrived on the 12th”")
    );
    assert!(
        sink.to(receiver)[1]
            .text()
            .contains("700 t dikirim, disanggah oleh penerima")
    );

    // Unanswered: recorded today (29 November), flagged from its 31st day (30 December) by
    // the daily job, told of once however often the job runs.
    slag_transfer(&app, &smelter, 400.0).await;
    let unanswered =
        "400 t sent, recorded on 29 Nov 2026, neither confirmed nor disputed after 30 days";
    let day = |d: u32| Clock::Fixed(NaiveDate::from_ymd_opt(2026, 12, d).unwrap());
    deliver_at(&app, &day(29), &mail).await;
    assert_eq!(telling(&sink, sender, unanswered), 0, "day 30: not yet");
    deliver_at(&app, &day(30), &mail).await;
    assert_eq!(telling(&sink, sender, unanswered), 1, "day 31");
    assert_eq!(
        telling(&sink, receiver, "400 t dikirim, dicatat pada 29 Nov 2026"),
        1
    );
    assert_eq!(telling(&sink, manager, unanswered), 1);
    // The job again the same day (its record cleared, as if another instance ran it), and the
    // next day: nothing twice.
    sqlx::query("DELETE FROM scheduled_run WHERE run_on = '2026-12-30'")
        .execute(&app.pool)
        .await
        .unwrap();
    deliver_at(&app, &day(30), &mail).await;
    deliver_at(&app, &day(31), &mail).await;
    assert_eq!(telling(&sink, sender, unanswered), 1);
    assert_eq!(telling(&sink, manager, unanswered), 1);
    assert!(
        sink.to(imip_manager)
            .iter()
            .all(|m| !m.text().contains("400 t"))
    );
}
