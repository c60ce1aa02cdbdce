//! Notifications inside Pilar (issue 19): the notifications page (`/inbox`) lists a person's
//! own notifications only, the header of every page counts the unread ones, marking read; it
//! all works with no mail server, the items being written in the event's own transaction. The
//! admin's outbox (`/admin/outbox`): failed messages with their error, "send again" putting a
//! message back in the queue (audited) and a real SMTP server receiving it; closed to
//! everyone else. A password changed by its owner or by an admin sends its notice. The demo
//! users have notifications, once.

use pilar::config::MailSettings;
use pilar::notify::{self, Sender};
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::smtp::SmtpSink;
use crate::common::{DemoUser, TestApp};
use crate::html::page;

async fn user_id(pool: &PgPool, email: &str) -> Uuid {
    sqlx::query_scalar("SELECT id FROM app_user WHERE email = $1")
        .bind(email)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Records a milestone notification for `email` (an item as the daily job writes them).
async fn milestone_item(app: &TestApp, email: &str, code: &str, title: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at)
         SELECT id, 'milestone_overdue',
                jsonb_build_object('code', $2::text, 'title_en', $3::text, 'title_id', $3::text,
                                   'due', '2026-11-20'),
                $4
           FROM app_user WHERE email = $1
         RETURNING id",
    )
    .bind(email)
    .bind(code)
    .bind(title)
    .bind(app.state.clock.now())
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn unread(pool: &PgPool, email: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT count(*) FROM notification_item n JOIN app_user u ON u.id = n.user_id
          WHERE u.email = $1 AND n.read_at IS NULL",
    )
    .bind(email)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The header's unread count, as the page carries it.
fn header_count(html: &str) -> i64 {
    let at = html
        .find("data-unread=\"")
        .expect("the header links to the notifications");
    let rest = &html[at + "data-unread=\"".len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

#[tokio::test]
async fn the_page_lists_ones_own_notifications_and_the_header_counts_the_unread() {
    let app = TestApp::signed_in(DemoUser::Manager).await;
    let (manager, _) = DemoUser::Manager.credentials();
    let (viewer, _) = DemoUser::Viewer.credentials();
    let mine = milestone_item(&app, manager, "M-MINE", "Slag plant commissioned").await;
    let theirs = milestone_item(&app, viewer, "M-THEIRS", "Someone else's milestone").await;

    let html = page(&app, "/inbox").await;
    assert!(html.contains("M-MINE Slag plant commissioned: was due 20 Nov 2026"));
    assert!(html.contains(r#"href="/timeline""#));
    assert!(!html.contains("M-THEIRS"), "another person's notification");
    assert!(html.contains(&format!(r#"data-notification="{mine}""#)));
    let count = unread(&app.pool, manager).await;
    assert!(count >= 1);
    assert_eq!(header_count(&html), count);
    // Every page's header, not only this one.
    assert_eq!(header_count(&page(&app, "/").await), count);
    assert_eq!(header_count(&page(&app, "/timeline").await), count);

    // Marking one read: that one only; another person's id changes nothing.
    let read = app
        .post_form("/inbox/read", "/inbox", &[("id", &mine.to_string())])
        .await;
    assert_eq!(read.status(), 303);
    assert_eq!(read.headers()["location"], "/inbox");
    assert_eq!(unread(&app.pool, manager).await, count - 1);
    let theirs_read = app
        .post_form("/inbox/read", "/inbox", &[("id", &theirs.to_string())])
        .await;
    assert_eq!(theirs_read.status(), 303);
    assert_eq!(
        unread(&app.pool, viewer).await,
        1,
        "not the manager's to mark"
    );
    let html = page(&app, "/inbox").await;
    assert_eq!(header_count(&html), count - 1);
    assert!(!html.contains(&format!(r#"<li class="unread" data-notification="{mine}""#)));

    // Marking all read: the count is gone from every header.
    let all = app.post_form("/inbox/read", "/inbox", &[]).await;
    assert_eq!(all.status(), 303);
    assert_eq!(unread(&app.pool, manager).await, 0);
    let html = page(&app, "/").await;
    assert_eq!(header_count(&html), 0);
    assert!(!html.contains("class=\"unread-count\""));
    assert!(!page(&app, "/inbox").await.contains("data-mark-all"));

    // An id that is not a number marks nothing (not everything).
    milestone_item(&app, manager, "M-LATER", "Later").await;
    let odd = app
        .post_form("/inbox/read", "/inbox", &[("id", "first")])
        .await;
    assert_eq!(odd.status(), 303);
    assert_eq!(unread(&app.pool, manager).await, 1);

    // Without the CSRF token nothing is marked.
    let forged = app
        .client
        .post(app.url("/inbox/read"))
        .form(&[("id", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_eq!(unread(&app.pool, manager).await, 1);
}

#[tokio::test]
async fn the_header_counts_up_to_99_then_says_99_plus() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let (viewer, _) = DemoUser::Viewer.credentials();
    sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at)
         SELECT u.id, 'password_changed', '{}', $2 FROM app_user u, generate_series(1, 120)
          WHERE u.email = $1",
    )
    .bind(viewer)
    .bind(app.state.clock.now())
    .execute(&app.pool)
    .await
    .unwrap();
    let html = page(&app, "/").await;
    assert!(html.contains(r#"<span class="unread-count" aria-hidden="true">99+</span>"#));
    assert!(html.contains("(99+ unread)"));
}

#[tokio::test]
async fn a_returned_report_is_on_the_tenants_page_without_any_mail_server() {
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    crate::submit::arrange_percentage(&tenant).await;
    crate::review::submit(&tenant, "2026-07-01", "30", "120").await;
    let manager = TestApp::serve(tenant.state.clone()).await;
    let (manager_email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(manager_email, password).await.status(), 303);
    let (tenant_email, _) = DemoUser::Tenant.credentials();
    let before = unread(&tenant.pool, tenant_email).await;
    let id = crate::review::id_of(&tenant, "2026-07-01").await;
    let version = crate::submit::stored(&tenant, "2026-07-01")
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
                ("note", "Check the <denominator>"),
            ],
        )
        .await;
    assert_eq!(returned.status(), 303);

    // No dispatcher ran and no mail server exists: the notice is there, from the return's
    // own transaction, and counted in the header.
    assert_eq!(unread(&tenant.pool, tenant_email).await, before + 1);
    let html = page(&tenant, "/inbox").await;
    assert!(html.contains("Reports returned for correction"));
    assert!(html.contains("returned with the note “Check the &#60;denominator&#62;”"));
    assert!(html.contains(r#"href="/submit""#));
    assert_eq!(header_count(&page(&tenant, "/my").await), before + 1);

    // Dispatched with no SMTP server (logged), it stays on the page, still unread (today's
    // daily job marked as run, so that it records nothing new).
    sqlx::query("INSERT INTO scheduled_run (job, run_on, started_at) VALUES ('daily', $1, $2)")
        .bind(crate::common::today())
        .bind(tenant.state.clock.now())
        .execute(&tenant.pool)
        .await
        .unwrap();
    notify::dispatch(
        &tenant.pool,
        &tenant.state.clock,
        &MailSettings::logged(&tenant.address),
    )
    .await
    .unwrap();
    assert!(
        page(&tenant, "/inbox")
            .await
            .contains("Check the &#60;denominator&#62;")
    );
    assert_eq!(unread(&tenant.pool, tenant_email).await, before + 1);

    // In Bahasa Indonesia too.
    let html = page(&tenant, "/inbox?lang=id").await;
    assert!(html.contains("Notifikasi Anda"));
    assert!(html.contains("dikembalikan dengan catatan"));
}

#[tokio::test]
async fn notifications_without_a_settings_link_lead_a_signed_in_person_to_the_page() {
    let app = TestApp::signed_in(DemoUser::Viewer).await;
    let response = app.get("/notifications").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/inbox");
    let html = page(&app, "/inbox").await;
    assert!(html.contains("Your notifications"));
    assert!(html.contains("Nothing to tell you yet."));
}

#[tokio::test]
async fn the_demo_users_have_notifications_and_a_second_run_adds_none() {
    let app = TestApp::signed_in(DemoUser::Tenant).await;
    let (tenant, _) = DemoUser::Tenant.credentials();
    let (manager, _) = DemoUser::Manager.credentials();
    let count = |email: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT count(*) FROM notification_item n JOIN app_user u ON u.id = n.user_id
                  WHERE u.email = $1 AND n.dedup_key LIKE 'demo:%'",
            )
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    let (tenant_items, manager_items) = (count(tenant).await, count(manager).await);
    assert!(tenant_items >= 2, "{tenant_items}");
    assert!(manager_items >= 2, "{manager_items}");
    // Unread ones show in the header; none is waiting to be e-mailed.
    assert!(header_count(&page(&app, "/my").await) >= 1);
    let pending: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notification_item WHERE dedup_key LIKE 'demo:%' AND handled_at IS NULL",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(pending, 0);
    let html = page(&app, "/inbox").await;
    assert!(html.contains("Password changed"), "the demo's read notice");

    pilar::auth::accounts::ensure_demo_users(&app.pool)
        .await
        .unwrap();
    assert_eq!(count(tenant).await, tenant_items);
    assert_eq!(count(manager).await, manager_items);
}

/// A message that failed for good, as the sender leaves it.
async fn failed_message(app: &TestApp, to: &str) -> i64 {
    let mut conn = app.pool.acquire().await.unwrap();
    let id = pilar::store::notifications::enqueue(
        &mut conn,
        &pilar::store::notifications::NewMessage {
            user_id: None,
            to_address: to.into(),
            subject: "Pilar: 2 things need your attention".into(),
            body_text: "Reports now late".into(),
            body_html: "<p>Reports now late</p>".into(),
        },
        app.state.clock.now(),
    )
    .await
    .unwrap();
    drop(conn);
    sqlx::query("UPDATE outbox_message SET attempts = 8 WHERE id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    pilar::store::notifications::mark_attempt_failed(
        &app.pool,
        id,
        "550 5.1.1 mailbox unavailable",
        None,
    )
    .await
    .unwrap();
    id
}

#[tokio::test]
async fn an_admin_sends_a_failed_message_again_and_the_mail_server_receives_it() {
    let app = TestApp::signed_in(DemoUser::Admin).await;
    let id = failed_message(&app, "officer@tenant.example").await;

    let html = page(&app, "/admin/outbox?status=failed").await;
    assert!(html.contains(&format!(r#"data-message="{id}" data-status="failed""#)));
    assert!(html.contains("550 5.1.1 mailbox unavailable"));
    assert!(html.contains(&format!(r#"action="/admin/outbox/{id}/resend""#)));
    assert!(html.contains("Send again"));
    // The filter shows that status only.
    assert!(
        !page(&app, "/admin/outbox?status=sent")
            .await
            .contains(&format!(r#"data-message="{id}""#))
    );

    let resent = app
        .post_form(
            &format!("/admin/outbox/{id}/resend"),
            "/admin/outbox",
            &[("status", "failed")],
        )
        .await;
    assert_eq!(resent.status(), 303);
    assert_eq!(
        resent.headers()["location"],
        format!("/admin/outbox?status=failed&resent={id}").as_str()
    );
    let (status, attempts, due): (String, i32, chrono::DateTime<chrono::Utc>) = sqlx::query_as(
        "SELECT status, attempts, next_attempt_at FROM outbox_message WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), attempts), ("queued", 0));
    assert!(due <= app.state.clock.now());
    let audited: (String, serde_json::Value) = sqlx::query_as(
        "SELECT actor_label, before FROM audit_event
          WHERE action = 'resend' AND entity = 'outbox_message' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(audited.0.contains("admin@demo.pilar"), "{audited:?}");
    assert_eq!(audited.1["status"], "failed");
    assert_eq!(audited.1["last_error"], "550 5.1.1 mailbox unavailable");

    // The next sending round takes it to the mail server, once.
    let sink = SmtpSink::start().await;
    let mut mail = MailSettings::logged(&app.address);
    mail.smtp_url = Some(sink.url());
    let sender = Sender::new(&mail).unwrap();
    let round = notify::send_due(&app.pool, &app.state.clock, &sender)
        .await
        .unwrap();
    assert_eq!(round.sent, 1);
    let received = sink.to("officer@tenant.example");
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].subject(), "Pilar: 2 things need your attention");
    let status: String = sqlx::query_scalar("SELECT status FROM outbox_message WHERE id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "sent");

    // A sent message is not sent again: a second click changes nothing.
    let again = app
        .post_form(&format!("/admin/outbox/{id}/resend"), "/admin/outbox", &[])
        .await;
    assert_eq!(again.status(), 303);
    assert_eq!(again.headers()["location"], "/admin/outbox?unchanged=1");
    let resends: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_event WHERE action = 'resend' AND entity_id = $1",
    )
    .bind(id.to_string())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(resends, 1);
    assert_eq!(
        notify::send_due(&app.pool, &app.state.clock, &sender)
            .await
            .unwrap()
            .sent,
        0
    );
    assert_eq!(sink.to("officer@tenant.example").len(), 1);
    // An unknown message: 404.
    let unknown = app
        .post_form("/admin/outbox/999999/resend", "/admin/outbox", &[])
        .await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn only_admins_see_the_outbox_or_send_again() {
    for user in [DemoUser::Manager, DemoUser::Tenant, DemoUser::Viewer] {
        let app = TestApp::signed_in(user).await;
        let id = failed_message(&app, "someone@example.org").await;
        assert_eq!(app.get("/admin/outbox").await.status(), 403, "{user:?}");
        // The form's token from a page the person may open.
        let from = if user == DemoUser::Tenant {
            "/my"
        } else {
            "/timeline"
        };
        let resend = app
            .post_form(&format!("/admin/outbox/{id}/resend"), from, &[])
            .await;
        assert_eq!(resend.status(), 403, "{user:?}");
        let status: String = sqlx::query_scalar("SELECT status FROM outbox_message WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(status, "failed", "{user:?}: nothing changed");
    }
    let anonymous = TestApp::spawn(crate::common::Template::Demo).await;
    let response = anonymous.get("/admin/outbox").await;
    assert_eq!(response.status(), 303, "to the sign-in page");
}

/// The "password changed" messages the mail server received for `email`.
async fn password_notices(app: &TestApp, sink: &SmtpSink, email: &str) -> usize {
    let mut mail = MailSettings::logged(&app.address);
    mail.smtp_url = Some(sink.url());
    notify::dispatch(&app.pool, &app.state.clock, &mail)
        .await
        .unwrap();
    notify::send_due(&app.pool, &app.state.clock, &Sender::new(&mail).unwrap())
        .await
        .unwrap();
    sink.to(email)
        .iter()
        .filter(|m| m.subject() == "Pilar: your password was changed")
        .count()
}

#[tokio::test]
async fn a_password_changed_by_its_owner_or_by_an_admin_sends_a_notice() {
    let sink = SmtpSink::start().await;
    let owner = TestApp::signed_in(DemoUser::Viewer).await;
    let (viewer, password) = DemoUser::Viewer.credentials();
    let viewer_id = user_id(&owner.pool, viewer).await;
    let changed = owner
        .post_form(
            "/account/password",
            "/account",
            &[
                ("current_password", password),
                ("new_password", "a brand new long password"),
                ("repeat_password", "a brand new long password"),
            ],
        )
        .await;
    assert_eq!(changed.status(), 303);
    assert_eq!(password_notices(&owner, &sink, viewer).await, 1);
    assert!(page(&owner, "/inbox").await.contains("Password changed"));

    let admin = TestApp::serve(owner.state.clone()).await;
    let (admin_email, admin_password) = DemoUser::Admin.credentials();
    assert_eq!(
        admin.sign_in(admin_email, admin_password).await.status(),
        303
    );
    let version: i32 = sqlx::query_scalar("SELECT version FROM app_user WHERE id = $1")
        .bind(viewer_id)
        .fetch_one(&admin.pool)
        .await
        .unwrap();
    let path = format!("/admin/users/{viewer_id}");
    let reset = admin
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Demo Viewer"),
                ("role", "viewer"),
                ("organisation", ""),
                ("language", "en"),
                ("password", "an admin-chosen long password"),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(reset.status(), 303);
    assert_eq!(password_notices(&admin, &sink, viewer).await, 2);
    // An edit that leaves the password alone sends nothing.
    let version: i32 = sqlx::query_scalar("SELECT version FROM app_user WHERE id = $1")
        .bind(viewer_id)
        .fetch_one(&admin.pool)
        .await
        .unwrap();
    let renamed = admin
        .post_form(
            &path,
            &path,
            &[
                ("display_name", "Vera Viewer"),
                ("role", "viewer"),
                ("organisation", ""),
                ("language", "en"),
                ("password", ""),
                ("version", &version.to_string()),
            ],
        )
        .await;
    assert_eq!(renamed.status(), 303);
    assert_eq!(password_notices(&admin, &sink, viewer).await, 2);
}
