//! The page cache: the dashboards keep their facts until PostgreSQL says the data changed
//! (migrations 0009 and 0036's notifications), and show every committed change on the next
//! load; a change of one indicator's reports or setup recomputes that indicator's facts and
//! the program-wide ones only.

use std::sync::Arc;
use std::time::Duration;

use pilar::cache::PageCache;
use sqlx::Connection;

use crate::common::{DemoUser, Template, TestApp};

/// An app whose page cache is on and subscribed, signed in as the demo viewer.
async fn cached_app() -> TestApp {
    let app = TestApp::spawn_with(Template::Demo, |s| s.page_cache = PageCache::new()).await;
    tokio::spawn(Arc::clone(&app.state.page_cache).listen(app.pool.clone()));
    for _ in 0..500 {
        if app.state.page_cache.is_active() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(app.state.page_cache.is_active(), "the listener subscribes");
    let (email, password) = DemoUser::Viewer.credentials();
    assert_eq!(app.sign_in(email, password).await.status(), 303);
    app
}

async fn body(app: &TestApp, path: &str) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// Loads `path` until it contains `text` (a notification travels asynchronously after the
/// commit); fails after five seconds.
async fn eventually_contains(app: &TestApp, path: &str, text: &str) {
    for _ in 0..250 {
        if body(app, path).await.contains(text) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let last = body(app, path).await;
    panic!(
        "{path} never showed {text:?}: {}",
        &last[..last.len().min(3000)]
    );
}

#[tokio::test]
async fn a_change_committed_by_any_writer_shows_on_the_next_loads() {
    let app = cached_app().await;
    assert!(body(&app, "/pillars/CE").await.contains("Circular economy"));
    // A write with plain SQL, as another instance or an operator would make it.
    sqlx::query("UPDATE pillar SET name_en = 'Circular economy renewed' WHERE code = 'CE'")
        .execute(&app.pool)
        .await
        .unwrap();
    eventually_contains(&app, "/pillars/CE", "Circular economy renewed").await;
    // Every page reading the program sees it, not only the one that was loaded.
    assert!(
        body(&app, "/timeline")
            .await
            .contains("Circular economy renewed")
    );
    // An approved report changes the official figures and the overview's counts.
    let before = body(&app, "/").await;
    sqlx::query(
        "UPDATE observation SET status = 'approved', reviewed_at = now()
          WHERE status = 'submitted'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    for _ in 0..250 {
        if body(&app, "/").await != before {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the overview never showed the approvals");
}

#[tokio::test]
async fn the_cache_serves_what_it_holds_until_the_database_says_otherwise() {
    let app = cached_app().await;
    assert!(body(&app, "/timeline").await.contains("UNIDO site visit"));
    // A change made with the notification trigger switched off sends no notification: the
    // cached facts are served, which shows that the page is not reading the database on every
    // request… (The test database is this test's own, so the switch touches nothing else.)
    let mut tx = app.pool.begin().await.unwrap();
    sqlx::query("ALTER TABLE milestone DISABLE TRIGGER milestone_notify_data_changed")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query(
        "UPDATE milestone SET title_en = 'UNIDO site visit, second round' WHERE code = 'M02'",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query("ALTER TABLE milestone ENABLE TRIGGER milestone_notify_data_changed")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    for _ in 0..5 {
        let page = body(&app, "/timeline").await;
        assert!(page.contains("UNIDO site visit") && !page.contains("second round"));
    }
    // …and the notification is what makes it read again.
    sqlx::query("NOTIFY pilar_data_changed")
        .execute(&app.pool)
        .await
        .unwrap();
    eventually_contains(&app, "/timeline", "UNIDO site visit, second round").await;
}

#[tokio::test]
async fn a_rolled_back_change_is_never_shown() {
    let app = cached_app().await;
    let mut tx = app.pool.begin().await.unwrap();
    sqlx::query("UPDATE milestone SET title_en = 'Never happened' WHERE code = 'M02'")
        .execute(&mut *tx)
        .await
        .unwrap();
    // Loaded while the change is open: the page reads committed data only.
    assert!(!body(&app, "/timeline").await.contains("Never happened"));
    tx.rollback().await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!body(&app, "/timeline").await.contains("Never happened"));
}

/// The listener's connection is killed while the pool is busy, so that listening again has to
/// wait for a connection: meanwhile a change commits, and nobody hears it. Until the listener
/// has subscribed again the cache must not answer (it is bypassed), or a request that got a
/// connection first would be served what the cache held before the change.
#[tokio::test]
async fn while_the_listener_reconnects_the_cache_is_bypassed() {
    // The overview open to anonymous readers: a page whose request needs no database connection
    // when its facts are held (no session to look up).
    let app = TestApp::spawn_with(Template::Demo, |s| {
        s.page_cache = PageCache::new();
        s.sessions = Arc::new(pilar::config::SessionSettings {
            public_view: true,
            ..Default::default()
        });
    })
    .await;
    tokio::spawn(Arc::clone(&app.state.page_cache).listen(app.pool.clone()));
    for _ in 0..500 {
        if app.state.page_cache.is_active() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(app.state.page_cache.is_active());
    let anonymous = TestApp::browser();
    let overview = |client: reqwest::Client| {
        let url = app.url("/");
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.text().await.unwrap()
        }
    };
    assert!(
        overview(anonymous.clone())
            .await
            .contains("Circular economy")
    );

    // Every connection of the pool but the listener's is taken, and a request waits for one:
    // the connection the kill frees goes to it, not to the listener.
    let mut held = Vec::new();
    while app.pool.num_idle() > 0 || app.pool.size() < app.pool.options().get_max_connections() {
        held.push(app.pool.acquire().await.unwrap());
    }
    let waiting = tokio::spawn({
        let pool = app.pool.clone();
        async move { pool.acquire().await.unwrap() }
    });
    tokio::time::sleep(Duration::from_millis(50)).await;
    // From outside the pool: the listener's backend is killed, then a change commits.
    let mut admin = sqlx::PgConnection::connect_with(&app.pool.connect_options())
        .await
        .unwrap();
    let killed: bool = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_one(&mut admin)
    .await
    .unwrap();
    assert!(killed);
    sqlx::query("UPDATE pillar SET name_en = 'Circular economy renewed' WHERE code = 'CE'")
        .execute(&mut admin)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The listener lost its connection and has not subscribed again: the cache must not count
    // itself active (it used to, for as long as re-subscribing waited for a connection).
    assert!(
        !app.state.page_cache.is_active(),
        "the cache counts as active while its listener waits to listen again"
    );

    // A reader arrives while the listener waits for a connection; the connections come back a
    // moment later.
    let reader = tokio::spawn(overview(anonymous.clone()));
    tokio::time::sleep(Duration::from_millis(300)).await;
    held.push(waiting.await.unwrap());
    drop(held);
    let page = reader.await.unwrap();
    assert!(
        page.contains("Circular economy renewed"),
        "the overview was served from the cache while nobody listened"
    );
    // And the listener is back: the next change shows too.
    for _ in 0..250 {
        if app.state.page_cache.is_active() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(app.state.page_cache.is_active(), "listening again");
    sqlx::query("UPDATE pillar SET name_en = 'Circular economy, third' WHERE code = 'CE'")
        .execute(&mut admin)
        .await
        .unwrap();
    eventually_contains_anonymous(&app, "/", "Circular economy, third").await;
}

async fn eventually_contains_anonymous(app: &TestApp, path: &str, text: &str) {
    let client = TestApp::browser();
    for _ in 0..250 {
        let body = client
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if body.contains(text) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} never showed {text:?}");
}

/// Loads an API path with a token until its body contains `text`; fails after five seconds.
async fn api_eventually_contains(app: &TestApp, token: &str, path: &str, text: &str) {
    for _ in 0..250 {
        let response = crate::api::get(app, token, path).await;
        assert_eq!(response.status(), 200, "{path}");
        if response.text().await.unwrap().contains(text) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} never showed {text:?}");
}

#[tokio::test]
async fn the_api_reads_the_kept_catalogue_and_figures_until_the_database_says_otherwise() {
    let app = cached_app().await;
    // A manager's token: every park figure is shown to it, whatever its contributors.
    let token = crate::api::token(&app, "UNIDO", "read").await;
    let list = crate::api::get_json(&app, &token, "/api/v1/indicators?pillar=CE").await;
    let name = list[0]["name_en"].as_str().unwrap().to_string();
    let code = list[0]["code"].as_str().unwrap().to_string();
    let series_path = format!("/api/v1/indicators/{code}/series");
    let park_values = |series: &serde_json::Value| -> Vec<serde_json::Value> {
        series["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["park"]["value"].clone())
            .collect()
    };
    let before = park_values(&crate::api::get_json(&app, &token, &series_path).await);
    assert!(
        before.iter().any(|v| v.is_number()),
        "{code} has park figures"
    );
    // Renamed and its park figures changed where they are kept, with the notifications
    // switched off: the API answers from memory…
    rename_and_refigure_unheard(&app, &[&code]).await;
    for _ in 0..3 {
        let list = crate::api::get_json(&app, &token, "/api/v1/indicators?pillar=CE").await;
        assert_eq!(list[0]["name_en"], name.as_str());
        let series = crate::api::get_json(&app, &token, &series_path).await;
        assert_eq!(park_values(&series), before);
    }
    // …until the notification, after which both show the change.
    sqlx::query("NOTIFY pilar_data_changed")
        .execute(&app.pool)
        .await
        .unwrap();
    api_eventually_contains(&app, &token, "/api/v1/indicators?pillar=CE", "(renamed)").await;
    let after = park_values(&crate::api::get_json(&app, &token, &series_path).await);
    assert!(
        after
            .iter()
            .filter(|v| v.is_number())
            .all(|v| v == 424242.0)
    );
}

// --- Only what a change touched (migration 0036: notifications name the indicators) -------

/// Runs `statements` in one transaction with the change notifications of `indicator` and
/// `official_figure` switched off: a write no instance hears of, so a page that shows it was
/// computed after it, and one that does not was served from what the cache held.
async fn unheard(app: &TestApp, statements: &[String]) {
    let mut tx = app.pool.begin().await.unwrap();
    for switch in [
        "ALTER TABLE indicator DISABLE TRIGGER indicator_notify_data_changed",
        // Renaming an indicator refreshes its figures (0007), which would notify.
        "ALTER TABLE official_figure DISABLE TRIGGER USER",
    ] {
        sqlx::query(switch).execute(&mut *tx).await.unwrap();
    }
    for statement in statements {
        sqlx::query(statement).execute(&mut *tx).await.unwrap();
    }
    for switch in [
        "ALTER TABLE indicator ENABLE TRIGGER indicator_notify_data_changed",
        "ALTER TABLE official_figure ENABLE TRIGGER USER",
    ] {
        sqlx::query(switch).execute(&mut *tx).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// `codes` renamed with " (renamed)" and their official figures set to 424242, unheard.
async fn rename_and_refigure_unheard(app: &TestApp, codes: &[&str]) {
    let list = codes
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(",");
    unheard(
        app,
        &[
            format!(
                "UPDATE indicator SET name_en = name_en || ' (renamed)' WHERE code IN ({list})"
            ),
            format!(
                "UPDATE official_figure SET value = 424242
                  WHERE indicator_id IN (SELECT id FROM indicator WHERE code IN ({list}))"
            ),
        ],
    )
    .await;
}

/// Indicator A (a submitted report, and an official figure of another period), and B (another
/// live indicator with official figures), with B's pillar.
async fn two_indicators(app: &TestApp) -> (String, String, String) {
    let a: String = sqlx::query_scalar(
        "SELECT i.code FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE o.status = 'submitted' AND i.archived_at IS NULL
            AND EXISTS (SELECT FROM official_figure f
                         WHERE f.indicator_id = i.id AND f.value IS NOT NULL
                           AND NOT EXISTS (SELECT FROM observation s
                                            WHERE s.indicator_id = i.id
                                              AND s.period_start = f.period_start
                                              AND s.status = 'submitted'))
          ORDER BY i.code LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (b, pillar): (String, String) = sqlx::query_as(
        "SELECT i.code, p.code FROM indicator i JOIN pillar p ON p.id = i.pillar_id
          WHERE i.archived_at IS NULL AND i.code <> $1
            AND EXISTS (SELECT FROM official_figure f
                         WHERE f.indicator_id = i.id AND f.value IS NOT NULL)
          ORDER BY i.code LIMIT 1",
    )
    .bind(&a)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    (a, b, pillar)
}

fn park_values(series: &serde_json::Value) -> Vec<serde_json::Value> {
    series["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["park"]["value"].clone())
        .collect()
}

/// The list's body of one indicator.
fn listed(list: &serde_json::Value, code: &str) -> serde_json::Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == code)
        .cloned()
        .unwrap_or_else(|| panic!("{code} is listed"))
}

#[tokio::test]
async fn an_approval_recomputes_its_indicator_and_the_program_wide_pages_and_keeps_the_others() {
    let app = cached_app().await;
    let (a, b, pillar) = two_indicators(&app).await;
    let token = crate::api::token(&app, "UNIDO", "read").await;
    let series = |code: &str| format!("/api/v1/indicators/{code}/series");
    // Every page and answer computed and kept.
    assert!(
        !body(&app, &format!("/indicators/{a}"))
            .await
            .contains("(renamed)")
    );
    assert!(
        !body(&app, &format!("/indicators/{b}"))
            .await
            .contains("(renamed)")
    );
    assert!(
        !body(&app, &format!("/pillars/{pillar}"))
            .await
            .contains("(renamed)")
    );
    let overview = body(&app, "/").await;
    let b_series = park_values(&crate::api::get_json(&app, &token, &series(&b)).await);
    let _ = crate::api::get_json(&app, &token, &series(&a)).await;
    let b_listed = listed(
        &crate::api::get_json(&app, &token, "/api/v1/indicators").await,
        &b,
    );

    // Both indicators renamed and their figures changed, unheard; then A's submitted reports
    // approved, which the database announces as A's reports (`reports:<A's id>`).
    rename_and_refigure_unheard(&app, &[&a, &b]).await;
    sqlx::query(
        "UPDATE observation SET status = 'approved', reviewed_at = now()
          WHERE status = 'submitted' AND indicator_id = (SELECT id FROM indicator WHERE code = $1)",
    )
    .bind(&a)
    .execute(&app.pool)
    .await
    .unwrap();

    // A's page and the program-wide pages are computed anew: they show the unheard write too…
    eventually_contains(&app, &format!("/indicators/{a}"), "(renamed)").await;
    eventually_contains(&app, &format!("/pillars/{pillar}"), "(renamed)").await;
    assert_ne!(
        body(&app, "/").await,
        overview,
        "the overview shows the approvals"
    );
    api_eventually_contains(&app, &token, &series(&a), "424242").await;
    // …and B's page, series and listed body are served from what was kept.
    for _ in 0..3 {
        assert!(
            !body(&app, &format!("/indicators/{b}"))
                .await
                .contains("(renamed)")
        );
        let now = crate::api::get_json(&app, &token, &series(&b)).await;
        assert_eq!(park_values(&now), b_series);
        let list = crate::api::get_json(&app, &token, "/api/v1/indicators").await;
        assert_eq!(listed(&list, &b), b_listed);
    }
    // A change the database cannot narrow down (here a manual, empty notification) reaches B.
    sqlx::query("NOTIFY pilar_data_changed")
        .execute(&app.pool)
        .await
        .unwrap();
    eventually_contains(&app, &format!("/indicators/{b}"), "(renamed)").await;
    api_eventually_contains(&app, &token, &series(&b), "424242").await;
}

#[tokio::test]
async fn a_structural_change_recomputes_every_indicator() {
    let app = cached_app().await;
    let (_, b, _) = two_indicators(&app).await;
    assert!(
        !body(&app, &format!("/indicators/{b}"))
            .await
            .contains("(renamed)")
    );
    rename_and_refigure_unheard(&app, &[&b]).await;
    assert!(
        !body(&app, &format!("/indicators/{b}"))
            .await
            .contains("(renamed)")
    );
    // A pillar renamed: its notification names no indicator, so everything is dropped.
    sqlx::query("UPDATE pillar SET name_en = name_en || ' renewed' WHERE code = 'CE'")
        .execute(&app.pool)
        .await
        .unwrap();
    eventually_contains(&app, &format!("/indicators/{b}"), "(renamed)").await;
}

#[tokio::test]
async fn a_statement_over_more_indicators_than_a_notification_names_recomputes_every_indicator() {
    let app = cached_app().await;
    let (_, b, _) = two_indicators(&app).await;
    let over_limit: bool = sqlx::query_scalar(
        "SELECT count(DISTINCT indicator_id) > change_notice_indicator_limit() FROM observation
          WHERE indicator_id <> (SELECT id FROM indicator WHERE code = $1)",
    )
    .bind(&b)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    if !over_limit {
        // The demo reports fewer indicators than a notification names: the limit is lowered
        // in this test's own database, so that the statement below is a large one.
        sqlx::query(
            "CREATE OR REPLACE FUNCTION change_notice_indicator_limit() RETURNS integer
             LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT 2 $$",
        )
        .execute(&app.pool)
        .await
        .unwrap();
    }
    assert!(
        !body(&app, &format!("/indicators/{b}"))
            .await
            .contains("(renamed)")
    );
    rename_and_refigure_unheard(&app, &[&b]).await;
    assert!(
        !body(&app, &format!("/indicators/{b}"))
            .await
            .contains("(renamed)")
    );
    // One statement over every other indicator's reports, B's not among them: `reports:*`.
    let mut listener = sqlx::postgres::PgListener::connect_with(&app.pool)
        .await
        .unwrap();
    listener.listen(pilar::cache::CHANNEL).await.unwrap();
    sqlx::query(
        "UPDATE observation SET comment = comment
          WHERE indicator_id <> (SELECT id FROM indicator WHERE code = $1)",
    )
    .bind(&b)
    .execute(&app.pool)
    .await
    .unwrap();
    let heard = tokio::time::timeout(Duration::from_secs(5), listener.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(heard.payload(), "reports:*");
    eventually_contains(&app, &format!("/indicators/{b}"), "(renamed)").await;
}

#[tokio::test]
async fn notifications_name_the_class_and_the_indicators_a_statement_touched() {
    let app = TestApp::spawn(Template::Demo).await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&app.pool)
        .await
        .unwrap();
    listener.listen(pilar::cache::CHANNEL).await.unwrap();
    let (a, b, _) = two_indicators(&app).await;
    let id = |code: String| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, uuid::Uuid>("SELECT id FROM indicator WHERE code = $1")
                .bind(code)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let (a_id, b_id) = (id(a.clone()).await, id(b.clone()).await);
    let mut next = async || {
        tokio::time::timeout(Duration::from_secs(5), listener.recv())
            .await
            .unwrap()
            .unwrap()
            .payload()
            .to_string()
    };

    // An approval writes the report and, through its trigger, the official figure: one
    // transaction, one message naming A.
    sqlx::query(
        "UPDATE observation SET status = 'approved', reviewed_at = now()
          WHERE status = 'submitted' AND indicator_id = $1",
    )
    .bind(a_id)
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(next().await, format!("reports:{a_id}"));
    // Targets of two indicators in one statement: both, sorted.
    let targeted: Vec<uuid::Uuid> = sqlx::query_scalar(
        "SELECT DISTINCT indicator_id FROM target WHERE indicator_id IN ($1, $2) ORDER BY 1",
    )
    .bind(a_id)
    .bind(b_id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(!targeted.is_empty(), "{a} or {b} has targets");
    sqlx::query("UPDATE target SET value = value WHERE indicator_id IN ($1, $2)")
        .bind(a_id)
        .bind(b_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let named: Vec<String> = targeted.iter().map(ToString::to_string).collect();
    assert_eq!(next().await, format!("setup:{}", named.join(",")));
    // A statement that changed nothing says nothing; the structure says "anything".
    sqlx::query("UPDATE assignment SET starts_on = starts_on WHERE false")
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE milestone SET title_en = title_en WHERE code = 'M02'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(next().await, "");
}

#[tokio::test]
async fn the_flows_page_shows_an_approved_ledger_month_after_the_write() {
    let app = cached_app().await;
    // The HPAL plant's October residue (70,000 t) awaits review: not in the park's flows yet.
    let page = "/flows?material=HPAL-RES&period=2026-10";
    let before = body(&app, page).await;
    assert!(!before.contains("70,000"), "{before}");
    assert_eq!(body(&app, page).await, before, "served from the cache");
    let id: uuid::Uuid = sqlx::query_scalar(
        "SELECT l.id FROM material_ledger l JOIN material m ON m.id = l.material_id
          WHERE m.code = 'HPAL-RES' AND l.month = '2026-10-01' AND l.status = 'submitted'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let manager = crate::api::token(&app, "UNIDO", "write").await;
    let approved = crate::api::post(
        &app,
        &manager,
        &format!("/api/v1/flows/ledger/{id}/approve"),
        &serde_json::json!({}),
    )
    .await;
    assert_eq!(approved.status(), 200);
    eventually_contains(&app, page, "70,000").await;
}

/// What ties a person to the programs is kept with the structure: a grant written straight
/// to the table (as an admin's form or another instance would) opens the program once the
/// notification arrives (migration 0034), and a withdrawal closes it again.
#[tokio::test]
async fn a_program_grant_reaches_a_cached_instance() {
    let app = cached_app().await;
    let imip = "/?program=IMIP-P1";
    assert_eq!(
        app.get(imip).await.status(),
        403,
        "the viewer has IWIP only"
    );
    assert_eq!(app.get(imip).await.status(), 403, "kept: still refused");
    let grant = "INSERT INTO program_member (user_id, program_id)
                 SELECT u.id, p.id FROM app_user u, program p
                  WHERE u.email = 'viewer@demo.pilar' AND p.code = 'IMIP-P1'";
    sqlx::query(grant).execute(&app.pool).await.unwrap();
    let mut status = app.get(imip).await.status();
    for _ in 0..250 {
        if status == 200 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        status = app.get(imip).await.status();
    }
    assert_eq!(status, 200, "the grant is heard");
    sqlx::query(
        "DELETE FROM program_member m USING program p
          WHERE p.id = m.program_id AND p.code = 'IMIP-P1'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let mut status = app.get(imip).await.status();
    for _ in 0..250 {
        if status == 403 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        status = app.get(imip).await.status();
    }
    assert_eq!(status, 403, "the withdrawal is heard");
}

#[tokio::test]
async fn a_publication_reaches_every_indicators_figures_and_keeps_the_structure() {
    let app = TestApp::spawn(Template::Demo).await;
    let manager = crate::api::token(&app, "UNIDO", "write").await;
    let mut listener = sqlx::postgres::PgListener::connect_with(&app.pool)
        .await
        .unwrap();
    listener.listen(pilar::cache::CHANNEL).await.unwrap();
    crate::transparency::publish_api(&app, &manager, "2026-Q1").await;
    let mut heard = Vec::new();
    while let Ok(Ok(notification)) =
        tokio::time::timeout(Duration::from_millis(500), listener.recv()).await
    {
        heard.push(notification.payload().to_string());
    }
    // The publication's own message: every indicator's figures, not "anything" (which would
    // drop the directory, the programs a reader may enter and the API's catalogue).
    assert!(heard.iter().any(|p| p == "reports:*"), "{heard:?}");
    assert!(!heard.iter().any(String::is_empty), "{heard:?}");
    assert_eq!(
        pilar::cache::Change::parse("reports:*"),
        pilar::cache::Change::Reports(pilar::cache::Touched::Every)
    );
}
