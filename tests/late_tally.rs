//! The kept late tally (migration 0045), from which the overview reads its late
//! organisations, equals counting from scratch, and the overview's answer equals the domain's
//! rules, after reports written through the app, a change of definition and of the program's
//! dates, and assignments added and removed. (tests/tally.rs checks it after every kind of
//! write to the tables it derives from, statements of tens of thousands of rows included.)

use sqlx::PgPool;

use crate::common::{DemoUser, Template, TestApp, database};
use crate::review::{id_of, submit};
use crate::submit::{arrange_percentage, stored};
use crate::tally::{assert_all_equal, execute};

/// DEMO-RKEF-A's kept counts for the third quarter of 2026: (submitted late, outstanding).
async fn third_quarter(pool: &PgPool) -> (i32, i32) {
    sqlx::query_as(
        "SELECT t.submitted_late, t.outstanding
           FROM organisation_late_tally t JOIN organisation org ON org.id = t.organisation_id
          WHERE org.code = 'DEMO-RKEF-A' AND t.period_start = DATE '2026-07-01'
            AND t.period_end = DATE '2026-09-30'",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_late_tally_follows_reports_submitted_returned_and_approved_through_the_app() {
    let tenant = TestApp::signed_in(DemoUser::Tenant).await;
    arrange_percentage(&tenant).await;
    let pool = tenant.pool.clone();
    assert_all_equal(&pool).await;
    let (late, outstanding) = third_quarter(&pool).await;

    // Submitted after the quarter's due date (2026-10-30): one late report, one fewer
    // outstanding.
    submit(&tenant, "2026-07-01", "30", "120").await;
    assert_eq!(third_quarter(&pool).await, (late + 1, outstanding - 1));
    assert_all_equal(&pool).await;

    // Returned, corrected and approved: still first submitted late, nothing else moves.
    let manager = TestApp::serve(tenant.state.clone()).await;
    let (email, password) = DemoUser::Manager.credentials();
    assert_eq!(manager.sign_in(email, password).await.status(), 303);
    let id = id_of(&tenant, "2026-07-01").await;
    let version = stored(&tenant, "2026-07-01").await.unwrap().3;
    let returned = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{id}:{version}")),
                ("action", "return"),
                ("note", "Check the denominator."),
            ],
        )
        .await;
    assert_eq!(returned.status(), 303);
    assert_all_equal(&pool).await;
    submit(&tenant, "2026-07-01", "30", "150").await;
    let version = stored(&tenant, "2026-07-01").await.unwrap().3;
    let approved = manager
        .post_form(
            "/review",
            "/review",
            &[
                ("item", &format!("{id}:{version}")),
                ("action", "approve"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(approved.status(), 303);
    assert_eq!(stored(&tenant, "2026-07-01").await.unwrap().0, "approved");
    assert_eq!(third_quarter(&pool).await, (late + 1, outstanding - 1));
    assert_all_equal(&pool).await;

    // The overview shows the round from the kept tally.
    assert_eq!(manager.get("/").await.status(), 200);
}

#[tokio::test]
async fn the_late_tally_follows_an_indicator_made_computed_and_the_program_dates() {
    let pool = database(Template::Demo).await;
    // The reported indicator with the most reports made computed (nobody reports it then: it
    // leaves the late tally), and reported again.
    let busiest: uuid::Uuid = sqlx::query_scalar(
        "SELECT o.indicator_id FROM observation o JOIN indicator i ON i.id = o.indicator_id
          WHERE i.computed_from IS NULL
          GROUP BY o.indicator_id ORDER BY count(*) DESC, o.indicator_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let kept = || async {
        sqlx::query_scalar::<_, i64>(
            "SELECT sum(outstanding + submitted_late) FROM organisation_late_tally",
        )
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let before = kept().await;
    for computed_from in [Some("ghg_inventory"), None] {
        let changed = sqlx::query("UPDATE indicator SET computed_from = $2 WHERE id = $1")
            .bind(busiest)
            .bind(computed_from)
            .execute(&pool)
            .await
            .unwrap()
            .rows_affected();
        assert_eq!(changed, 1);
        if computed_from.is_some() {
            assert!(kept().await < before, "its reports leave the late tally");
        }
        assert_all_equal(&pool).await;
    }
    assert_eq!(kept().await, before);

    // The program a year shorter, then as before: its periods, and so the rows, follow.
    execute(
        &pool,
        "UPDATE program SET ends_on = ends_on - interval '1 year'",
    )
    .await;
    assert_all_equal(&pool).await;
    execute(
        &pool,
        "UPDATE program SET ends_on = ends_on + interval '1 year'",
    )
    .await;
    assert_all_equal(&pool).await;
}

#[tokio::test]
async fn the_late_tally_follows_assignments_added_and_removed() {
    let pool = database(Template::Demo).await;
    // Every indicator not yet assigned to an organisation assigned in one statement, from the
    // middle of a quarter (so some periods expect it and some do not)…
    let added = execute(
        &pool,
        "INSERT INTO assignment (indicator_id, organisation_id, starts_on)
         SELECT i.id, org.id, DATE '2026-05-15'
           FROM indicator i CROSS JOIN organisation org
          WHERE i.archived_at IS NULL AND org.archived_at IS NULL AND i.computed_from IS NULL
            AND i.aggregation <> 'park'
            AND NOT EXISTS (SELECT FROM assignment a
                             WHERE a.indicator_id = i.id AND a.organisation_id = org.id)",
    )
    .await;
    assert!(added > 10, "{added}");
    assert_all_equal(&pool).await;
    // …one of them archived, then all of them removed in one statement.
    execute(
        &pool,
        "UPDATE assignment SET archived_at = now()
          WHERE id = (SELECT id FROM assignment WHERE starts_on = DATE '2026-05-15'
                       ORDER BY id LIMIT 1)",
    )
    .await;
    assert_all_equal(&pool).await;
    let removed = execute(
        &pool,
        "DELETE FROM assignment WHERE starts_on = DATE '2026-05-15'",
    )
    .await;
    assert_eq!(removed, added);
    assert_all_equal(&pool).await;
}
