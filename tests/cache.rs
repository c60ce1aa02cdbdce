//! The page cache: the dashboards keep their facts until PostgreSQL says the data changed
//! (migration 0009's notifications), and show every committed change on the next load.

use std::sync::Arc;
use std::time::Duration;

use pilar::cache::PageCache;

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
