//! Sessions kept in memory (`cache::sessions`, `auth::session`): a signed-in page needs no query
//! once the instance knows the session, yet a session that ends, or whose account changes,
//! ends at once on the instance that wrote it and on every other one (migration 0046's
//! notices); expiry is judged per request on the clock; nothing is kept while the page cache
//! is off or not listening. Two instances over one database where it concerns others.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use pilar::cache::PageCache;
use pilar::domain::clock::Clock;
use pilar::state::AppState;

use crate::common::{DemoUser, Template, TestApp, database, hidden_csrf, today};

/// An instance over `database`'s database: its own pool (named `name` in `pg_stat_activity`),
/// page cache and listener, subscribed before it serves (unless the cache is off).
async fn instance(database: &PgPool, name: &str, adjust: impl FnOnce(&mut AppState)) -> TestApp {
    let options = (*database.connect_options())
        .clone()
        .application_name(&format!("pilar sessions test {name}"));
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .unwrap();
    let mut state = AppState::new(pool.clone(), Clock::Fixed(today()));
    state.page_cache = PageCache::new();
    adjust(&mut state);
    tokio::spawn(Arc::clone(&state.page_cache).listen(pool));
    let app = TestApp::serve(state).await;
    if name != "off" {
        wait_until_listening(&app).await;
    }
    app
}

async fn wait_until_listening(app: &TestApp) {
    for _ in 0..500 {
        if app.state.page_cache.is_active() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the listener subscribes");
}

/// Signs `user` in on `app` through the form; the session cookie (`pilar_session=…`).
async fn session_cookie(app: &TestApp, user: DemoUser) -> String {
    let browser = TestApp::browser();
    let page = browser.get(app.url("/login")).send().await.unwrap();
    let pre = page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = hidden_csrf(&page.text().await.unwrap()).unwrap();
    let (email, password) = user.credentials();
    let response = browser
        .post(app.url("/login"))
        .header("cookie", pre)
        .form(&[
            ("email", email),
            ("password", password),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303, "{email} signs in");
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("pilar_session="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// GET with a cookie, from a client that keeps none: the status and the body.
async fn get_with(app: &TestApp, path: &str, cookie: &str) -> (u16, String) {
    let response = TestApp::browser()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// POSTs a form with a cookie and the session's CSRF token (read off `from_page`).
async fn post_with(
    app: &TestApp,
    path: &str,
    from_page: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> u16 {
    let (_, html) = get_with(app, from_page, cookie).await;
    let token = hidden_csrf(&html).expect("the page carries a CSRF token");
    let mut form = fields.to_vec();
    form.push(("csrf_token", &token));
    TestApp::browser()
        .post(app.url(path))
        .header("cookie", cookie)
        .form(&form)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The name the page header shows for the signed-in person (`class="who"`).
fn who(html: &str) -> &str {
    let at = html
        .find(r#"class="who" href="/account">"#)
        .expect("signed in");
    let rest = &html[at + r#"class="who" href="/account">"#.len()..];
    rest[..rest.find(" <small>").unwrap()].trim()
}

/// The header's unread count.
fn unread(html: &str) -> i64 {
    let at = html.find("data-unread=\"").expect("signed in");
    let rest = &html[at + "data-unread=\"".len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

/// Renames a person without the notice (the trigger off in the same transaction): a change no
/// instance hears, so a page that shows the old name was served from memory.
async fn rename_silently(database: &PgPool, user: DemoUser, name: &str) {
    let mut tx = database.begin().await.unwrap();
    sqlx::query("ALTER TABLE app_user DISABLE TRIGGER app_user_notify_sessions_update")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("UPDATE app_user SET display_name = $2 WHERE email = $1")
        .bind(user.credentials().0)
        .bind(name)
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("ALTER TABLE app_user ENABLE TRIGGER app_user_notify_sessions_update")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn refused(answer: &(u16, String)) -> bool {
    answer.0 == 303
}

/// Asks until `path` is refused with `cookie` (a redirect to sign in); how long it took, or a
/// failure after `within`.
async fn refused_within(app: &TestApp, path: &str, cookie: &str, within: Duration) -> Duration {
    let at = Instant::now();
    loop {
        if refused(&get_with(app, path, cookie).await) {
            return at.elapsed();
        }
        assert!(
            at.elapsed() < within,
            "{path} still served after {within:?}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

async fn user_id(database: &PgPool, user: DemoUser) -> (uuid::Uuid, i32) {
    sqlx::query_as("SELECT id, version FROM app_user WHERE email = $1")
        .bind(user.credentials().0)
        .fetch_one(database)
        .await
        .unwrap()
}

#[tokio::test]
async fn sessions_kept_a_known_session_is_served_from_memory_only_while_the_cache_listens() {
    let database = database(Template::Demo).await;
    let kept = instance(&database, "kept", |_| {}).await;
    // The page cache off (`--no-page-cache`): no session memory either.
    let off = instance(&database, "off", |s| s.page_cache = PageCache::disabled()).await;
    let cookie = session_cookie(&kept, DemoUser::Viewer).await;
    for app in [&kept, &off] {
        let (status, html) = get_with(app, "/", &cookie).await;
        assert_eq!(status, 200);
        assert_eq!(who(&html), "Demo Viewer");
    }
    assert_eq!(kept.state.page_cache.sessions_held(), 1);
    assert_eq!(off.state.page_cache.sessions_held(), 0);

    // A change nobody is told of: the instance that keeps the session shows what it knew,
    // the one without memory asks the database each time.
    rename_silently(&database, DemoUser::Viewer, "Vera Silent").await;
    assert_eq!(who(&get_with(&kept, "/", &cookie).await.1), "Demo Viewer");
    assert_eq!(who(&get_with(&off, "/", &cookie).await.1), "Vera Silent");

    // The listener loses its connection: the memory is emptied and not used until it listens
    // again, so every request asks the database meanwhile.
    let killed: i64 = sqlx::query_scalar(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
          WHERE application_name = 'pilar sessions test kept' AND query LIKE 'LISTEN%'",
    )
    .fetch_one(&database)
    .await
    .unwrap();
    assert_eq!(killed, 1);
    let at = Instant::now();
    while who(&get_with(&kept, "/", &cookie).await.1) != "Vera Silent" {
        assert!(
            at.elapsed() < Duration::from_secs(5),
            "the lost listener is noticed"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    wait_until_listening(&kept).await;
    // Listening again: kept anew from the database, and served from memory.
    assert_eq!(who(&get_with(&kept, "/", &cookie).await.1), "Vera Silent");
    rename_silently(&database, DemoUser::Viewer, "Vera Twice").await;
    assert_eq!(who(&get_with(&kept, "/", &cookie).await.1), "Vera Silent");

    // A cache made but never subscribed keeps nothing.
    let deaf = TestApp::serve({
        let mut state = AppState::new(database.clone(), Clock::Fixed(today()));
        state.page_cache = PageCache::new();
        state
    })
    .await;
    assert_eq!(who(&get_with(&deaf, "/", &cookie).await.1), "Vera Twice");
    assert_eq!(who(&get_with(&deaf, "/", &cookie).await.1), "Vera Twice");
    assert_eq!(deaf.state.page_cache.sessions_held(), 0);
}

#[tokio::test]
async fn sessions_kept_a_sign_out_on_a_is_refused_on_b_within_the_notices_delivery() {
    let database = database(Template::Demo).await;
    let a = instance(&database, "a", |_| {}).await;
    let b = instance(&database, "b", |_| {}).await;
    // Twenty times: the request on B follows the sign-out's answer with no pause.
    for round in 0..20 {
        let cookie = session_cookie(&a, DemoUser::Viewer).await;
        // Known to both instances.
        assert_eq!(get_with(&a, "/", &cookie).await.0, 200);
        assert_eq!(get_with(&b, "/", &cookie).await.0, 200);
        assert!(b.state.page_cache.sessions_held() >= 1);
        assert_eq!(
            post_with(&a, "/logout", "/", &cookie, &[]).await,
            303,
            "round {round}"
        );
        // B hears A's notice on its own connection, not in step with A's answer: the window
        // is the notice's delivery (milliseconds), bounded here at one second.
        refused_within(&b, "/", &cookie, Duration::from_secs(1)).await;
        assert!(refused(&get_with(&a, "/", &cookie).await), "round {round}");
    }
    assert_eq!(b.state.page_cache.sessions_held(), 0);
}

#[tokio::test]
async fn sessions_kept_account_changes_on_a_end_or_change_the_sessions_on_b_at_once() {
    let database = database(Template::Demo).await;
    let a = instance(&database, "a", |_| {}).await;
    let b = instance(&database, "b", |_| {}).await;
    let admin = session_cookie(&a, DemoUser::Admin).await;
    let (viewer_id, version) = user_id(&database, DemoUser::Viewer).await;
    let edit = format!("/admin/users/{viewer_id}");

    // A role change through A: B shows the manager's pages to the former viewer at once.
    let viewer = session_cookie(&b, DemoUser::Viewer).await;
    assert_eq!(get_with(&b, "/review", &viewer).await.0, 403);
    assert_eq!(get_with(&a, "/review", &viewer).await.0, 403);
    let changed = post_with(
        &a,
        &edit,
        &edit,
        &admin,
        &[
            ("display_name", "Vera Manager"),
            ("role", "manager"),
            ("organisation", ""),
            ("language", "en"),
            ("password", ""),
            ("version", &version.to_string()),
        ],
    )
    .await;
    assert_eq!(changed, 303);
    for app in [&b, &a] {
        let (status, html) = get_with(app, "/review", &viewer).await;
        assert_eq!(status, 200, "the new role at once");
        assert_eq!(who(&html), "Vera Manager");
    }

    // Deactivated through A: refused on B at once.
    assert_eq!(
        post_with(
            &a,
            &format!("/admin/users/{viewer_id}/deactivate"),
            "/admin/users",
            &admin,
            &[]
        )
        .await,
        303
    );
    assert!(refused(&get_with(&b, "/", &viewer).await));
    assert!(refused(&get_with(&a, "/", &viewer).await));

    // A password changed by its owner on A ends their other sessions on B at once (and keeps
    // the one in use).
    let here = session_cookie(&a, DemoUser::Manager).await;
    let elsewhere = session_cookie(&b, DemoUser::Manager).await;
    for app in [&a, &b] {
        assert_eq!(get_with(app, "/", &here).await.0, 200);
        assert_eq!(get_with(app, "/", &elsewhere).await.0, 200);
    }
    let changed = post_with(
        &a,
        "/account/password",
        "/account",
        &here,
        &[
            ("current_password", DemoUser::Manager.credentials().1),
            ("new_password", "a brand new password"),
            ("repeat_password", "a brand new password"),
        ],
    )
    .await;
    assert_eq!(changed, 303);
    assert!(refused(&get_with(&b, "/", &elsewhere).await));
    assert!(refused(&get_with(&a, "/", &elsewhere).await));
    assert_eq!(get_with(&b, "/", &here).await.0, 200);
}

#[tokio::test]
async fn sessions_kept_changes_made_outside_any_instance_reach_every_instance() {
    let database = database(Template::Demo).await;
    let a = instance(&database, "a", |_| {}).await;
    let b = instance(&database, "b", |_| {}).await;
    let cookie = session_cookie(&a, DemoUser::Manager).await;
    let before = unread(&get_with(&a, "/", &cookie).await.1);
    assert_eq!(unread(&get_with(&b, "/", &cookie).await.1), before);

    // A notification added (by the daily job, another instance, psql): the header's count.
    let (manager_id, _) = user_id(&database, DemoUser::Manager).await;
    sqlx::query(
        "INSERT INTO notification_item (user_id, kind, payload, occurred_at)
         VALUES ($1, 'password_changed', '{}', now())",
    )
    .bind(manager_id)
    .execute(&database)
    .await
    .unwrap();
    for app in [&a, &b] {
        let at = Instant::now();
        while unread(&get_with(app, "/", &cookie).await.1) != before + 1 {
            assert!(at.elapsed() < Duration::from_secs(2), "the count follows");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    // Marked read through A: B's header at once.
    assert_eq!(
        post_with(&a, "/inbox/read", "/inbox", &cookie, &[]).await,
        303
    );
    let now_unread: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM notification_item WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(manager_id)
    .fetch_one(&database)
    .await
    .unwrap();
    assert_eq!(unread(&get_with(&b, "/", &cookie).await.1), now_unread);

    // The account deleted with SQL: its sessions go with it, on every instance once the
    // notice arrives (bounded here at a second; it takes milliseconds).
    sqlx::query("DELETE FROM app_user WHERE id = $1")
        .bind(manager_id)
        .execute(&database)
        .await
        .unwrap();
    for app in [&a, &b] {
        refused_within(app, "/", &cookie, Duration::from_secs(1)).await;
    }
}

#[tokio::test]
async fn sessions_kept_expiry_is_judged_per_request_on_the_clock() {
    let database = database(Template::Demo).await;
    // Idle after two seconds: a session kept in memory still ends then, used or not (its
    // last-seen time is written at most once a minute, as without the memory).
    let idle = instance(&database, "idle", |s| {
        s.sessions = Arc::new(pilar::config::SessionSettings {
            idle_timeout: Duration::from_secs(2),
            ..Default::default()
        })
    })
    .await;
    let cookie = session_cookie(&idle, DemoUser::Viewer).await;
    let signed_in = Instant::now();
    assert_eq!(get_with(&idle, "/", &cookie).await.0, 200);
    rename_silently(&database, DemoUser::Viewer, "Vera Silent").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let (status, html) = get_with(&idle, "/", &cookie).await;
    assert_eq!((status, who(&html)), (200, "Demo Viewer"), "from memory");
    assert!(
        signed_in.elapsed() < Duration::from_millis(1900),
        "a slow machine"
    );
    tokio::time::sleep(Duration::from_millis(2100).saturating_sub(signed_in.elapsed())).await;
    assert!(refused(&get_with(&idle, "/", &cookie).await), "idle");
    assert_eq!(idle.state.page_cache.sessions_held(), 0);

    // A session this instance thinks idle, which another instance kept alive (its last-seen
    // time moved in the database without a notice): asked for, and served.
    let cookie = session_cookie(&idle, DemoUser::Viewer).await;
    assert_eq!(get_with(&idle, "/", &cookie).await.0, 200);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    sqlx::query(
        "UPDATE user_session SET last_seen_at = $1
          WHERE user_id = (SELECT id FROM app_user WHERE email = $2)",
    )
    .bind(idle.state.clock.now())
    .bind(DemoUser::Viewer.credentials().0)
    .execute(&database)
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(
        get_with(&idle, "/", &cookie).await.0,
        200,
        "kept alive elsewhere"
    );

    // Ended two seconds after sign-in however busy: the absolute expiry.
    let absolute = instance(&database, "absolute", |s| {
        s.sessions = Arc::new(pilar::config::SessionSettings {
            absolute_timeout: Duration::from_secs(2),
            ..Default::default()
        })
    })
    .await;
    let cookie = session_cookie(&absolute, DemoUser::Viewer).await;
    let signed_in = Instant::now();
    while signed_in.elapsed() < Duration::from_millis(1700) {
        assert_eq!(get_with(&absolute, "/", &cookie).await.0, 200);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(2100).saturating_sub(signed_in.elapsed())).await;
    assert!(refused(&get_with(&absolute, "/", &cookie).await), "expired");
}
