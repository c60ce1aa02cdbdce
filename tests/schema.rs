//! The database refuses what the domain refuses, by constraint name, so that nothing invalid
//! enters through any path.

use sqlx::PgPool;

use crate::common::{Template, database};

/// Runs a statement that must fail and returns the name of the constraint it broke.
async fn violated(pool: &PgPool, sql: &str) -> String {
    let err = sqlx::query(sql)
        .execute(pool)
        .await
        .expect_err("statement must be refused");
    let db = err.as_database_error().expect("a database error");
    db.constraint()
        .unwrap_or_else(|| panic!("no constraint named in {db}"))
        .to_string()
}

const OBSERVATION_OF: &str = "INSERT INTO observation
    (indicator_id, organisation_id, period_start, period_end, value, numerator, denominator, stage,
     data_quality, status, first_submitted_at)
    SELECT a.indicator_id, a.organisation_id, DATE '2028-01-01', DATE '2028-03-31', {value}, {num}, {den}, NULL,
           'measured', 'submitted', now()
      FROM assignment a JOIN indicator i ON i.id = a.indicator_id
     WHERE i.code = '{code}' LIMIT 1";

fn observation(code: &str, value: &str, num: &str, den: &str) -> String {
    OBSERVATION_OF
        .replace("{code}", code)
        .replace("{value}", value)
        .replace("{num}", num)
        .replace("{den}", den)
}

#[tokio::test]
async fn one_observation_per_indicator_organisation_and_period() {
    let pool = database(Template::Demo).await;
    crate::common::add_reportable_quantity(&pool).await;
    let sql = observation("CE-92", "7.5", "NULL", "NULL");
    sqlx::query(&sql).execute(&pool).await.unwrap();
    assert_eq!(violated(&pool, &sql).await, "observation_period_key");
}

#[tokio::test]
async fn only_assigned_organisations_report() {
    let pool = database(Template::Demo).await;
    crate::common::add_reportable_quantity(&pool).await;
    let sql = "INSERT INTO observation (indicator_id, organisation_id, period_start, period_end, value, data_quality, status)
               SELECT i.id, o.id, DATE '2026-01-01', DATE '2026-03-31', 1, 'measured', 'draft'
                 FROM indicator i, organisation o WHERE i.code = 'CE-92' AND o.code = 'UNIDO'";
    assert_eq!(violated(&pool, sql).await, "observation_assignment_fkey");
}

#[tokio::test]
async fn fractions_need_a_positive_denominator_and_one_value_column() {
    let pool = database(Template::Demo).await;
    assert_eq!(
        violated(&pool, &observation("CE-03", "NULL", "5", "0")).await,
        "observation_fraction"
    );
    assert_eq!(
        violated(&pool, &observation("CE-03", "NULL", "-1", "10")).await,
        "observation_fraction"
    );
    assert_eq!(
        violated(&pool, &observation("CE-03", "NULL", "5", "NULL")).await,
        "observation_fraction"
    );
    assert_eq!(
        violated(&pool, &observation("CE-03", "3", "5", "10")).await,
        "observation_has_value"
    );
    assert_eq!(
        violated(&pool, &observation("CE-03", "'NaN'", "NULL", "NULL")).await,
        "observation_finite"
    );
}

#[tokio::test]
async fn closed_sets_are_checked() {
    let pool = database(Template::Demo).await;
    assert_eq!(
        violated(
            &pool,
            "UPDATE indicator SET kind = 'guess' WHERE code = 'CE-01'"
        )
        .await,
        "indicator_kind_check"
    );
    assert_eq!(
        violated(
            &pool,
            "UPDATE indicator SET aggregation = 'average' WHERE code = 'CE-01'"
        )
        .await,
        "indicator_aggregation_check"
    );
    assert_eq!(
        violated(
            &pool,
            "UPDATE observation SET status = 'published' WHERE true"
        )
        .await,
        "observation_status_check"
    );
    assert_eq!(
        violated(
            &pool,
            "UPDATE milestone SET status = 'done', completed_on = NULL WHERE code = 'M15'"
        )
        .await,
        "milestone_completion"
    );
    assert_eq!(
        violated(&pool, "UPDATE indicator SET stage_labels_en = NULL, stage_labels_id = NULL WHERE code = 'SK-08'").await,
        "indicator_stage_labels"
    );
}

#[tokio::test]
async fn a_returned_observation_carries_the_managers_note() {
    let pool = database(Template::Demo).await;
    assert_eq!(
        violated(&pool, "UPDATE observation SET status = 'returned', review_note = NULL WHERE status = 'approved'").await,
        "observation_review_note"
    );
}

#[tokio::test]
async fn target_revisions_point_at_a_target() {
    let pool = database(Template::Demo).await;
    let sql = "INSERT INTO target_revision (indicator_id, year, new_value, reason, changed_by)
               SELECT id, 2031, 1, 'test', 'test' FROM indicator WHERE code = 'CE-01'";
    assert_eq!(
        violated(&pool, sql).await,
        "target_revision_indicator_id_year_fkey"
    );
}
