//! The demo data set: complete, deterministic, and loaded once however often it is asked for.

use pilar::store::demo::{DemoOutcome, load_demo};

use crate::common::{Template, database};

async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn demo_data_has_the_whole_catalogue() {
    let pool = database(Template::Demo).await;
    assert_eq!(
        count(&pool, "SELECT count(*) FROM park").await,
        2,
        "IWIP and IMIP"
    );
    // IWIP's pilot and IMIP's replication (its own data is checked in `programs`).
    assert_eq!(count(&pool, "SELECT count(*) FROM program").await, 2);
    let iwip = |sql: &str| {
        format!("{sql} WHERE program_id = (SELECT id FROM program WHERE code = 'IWIP-P1')")
    };
    assert_eq!(count(&pool, &iwip("SELECT count(*) FROM pillar")).await, 4);
    assert_eq!(
        count(&pool, &iwip("SELECT count(*) FROM indicator")).await,
        33
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM milestone").await, 15);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM organisation WHERE NOT is_demo").await,
        14
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM organisation WHERE is_demo AND kind = 'tenant'"
        )
        .await,
        14,
        "eight reporting tenants and the material ledger's brick maker and road contractor at \
         IWIP, four reporting tenants at IMIP"
    );
    // Every indicator has 2026–2028 targets, a baseline and at least one framework reference.
    assert_eq!(
        count(&pool, "SELECT count(*) FROM target").await,
        (33 + 6) * 3
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM indicator WHERE baseline_value IS NULL"
        )
        .await,
        0
    );
    // IMIP's own two indicators name no framework yet; every IWIP one does.
    assert_eq!(
        count(&pool, "SELECT count(*) FROM indicator i WHERE NOT EXISTS (SELECT 1 FROM framework_reference f WHERE f.indicator_id = i.id)").await,
        2
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM program p JOIN park k ON k.id = p.park_id WHERE k.code = 'IMIP'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn real_organisations_carry_no_figures() {
    let pool = database(Template::Demo).await;
    assert_eq!(
        count(&pool, "SELECT count(*) FROM observation o JOIN organisation g ON g.id = o.organisation_id WHERE NOT g.is_demo").await,
        0
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM assignment a JOIN organisation g ON g.id = a.organisation_id WHERE NOT g.is_demo").await,
        0
    );
}

#[tokio::test]
async fn demo_observations_cover_january_to_october_with_every_status() {
    let pool = database(Template::Demo).await;
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM observation WHERE period_end > DATE '2026-10-31'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM observation WHERE period_start < DATE '2026-01-01'"
        )
        .await,
        0
    );
    for status in ["draft", "submitted", "approved", "returned"] {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM observation WHERE status = $1")
            .bind(status)
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(n > 0, "some observations are {status}");
    }
    // Some reports were late (first submitted more than 30 days after the period ended).
    assert!(
        count(
            &pool,
            "SELECT count(*) FROM observation WHERE first_submitted_at::date > period_end + 30"
        )
        .await
            > 0
    );
    // Every observation has its revision.
    assert_eq!(
        count(&pool, "SELECT count(*) FROM observation o WHERE NOT EXISTS (SELECT 1 FROM observation_revision r WHERE r.observation_id = o.id)").await,
        0
    );
}

#[tokio::test]
async fn loading_again_changes_nothing() {
    let pool = database(Template::Demo).await;
    let before = count(&pool, "SELECT count(*) FROM observation").await;
    assert!(matches!(
        load_demo(&pool).await.unwrap(),
        DemoOutcome::AlreadyLoaded
    ));
    assert_eq!(
        count(&pool, "SELECT count(*) FROM observation").await,
        before
    );
}

#[tokio::test]
async fn concurrent_loaders_load_once() {
    let pool = database(Template::Empty).await;
    let (a, b) = tokio::join!(load_demo(&pool), load_demo(&pool));
    let loaded = [a.unwrap(), b.unwrap()]
        .iter()
        .filter(|o| matches!(o, DemoOutcome::Loaded(_)))
        .count();
    assert_eq!(loaded, 1);
    assert_eq!(count(&pool, "SELECT count(*) FROM indicator").await, 33 + 6);
}

#[tokio::test]
async fn the_demo_data_is_the_same_on_every_load() {
    // Two databases loaded independently hold the same figures.
    let a = database(Template::Empty).await;
    let b = database(Template::Empty).await;
    load_demo(&a).await.unwrap();
    load_demo(&b).await.unwrap();
    let digest = "SELECT md5(string_agg(concat_ws('|', i.code, g.code, o.period_start, o.value, o.numerator,
                         o.denominator, o.stage, o.status, o.first_submitted_at), ',' ORDER BY i.code, g.code, o.period_start))
                    FROM observation o JOIN indicator i ON i.id = o.indicator_id
                    JOIN organisation g ON g.id = o.organisation_id";
    let da: String = sqlx::query_scalar(digest).fetch_one(&a).await.unwrap();
    let db: String = sqlx::query_scalar(digest).fetch_one(&b).await.unwrap();
    assert_eq!(da, db);
}
