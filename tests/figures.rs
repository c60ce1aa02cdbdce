//! The SQL roll-ups equal the domain's roll-up rules, indicator by indicator and period by
//! period, on the demo data.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use pilar::domain::kinds::{Aggregation, IndicatorKind};
use pilar::domain::rollup::{Contribution, aggregate_organisations};
use pilar::store;

use crate::common::{Template, database};

#[tokio::test]
async fn sql_rollups_equal_the_domain_rules_on_the_demo_data() {
    let pool = database(Template::Demo).await;
    let kinds_seen = assert_sql_figures_equal_the_domain_rules(&pool).await;
    // The comparison covered pooled percentages and ratios, sums and park-level figures.
    use pilar::domain::kinds::{Aggregation, IndicatorKind};
    for pair in [
        (IndicatorKind::Percentage, Aggregation::RatioOfSums),
        (IndicatorKind::Ratio, Aggregation::RatioOfSums),
        (IndicatorKind::Quantity, Aggregation::Sum),
        (IndicatorKind::Count, Aggregation::Sum),
        (IndicatorKind::Milestone, Aggregation::Park),
    ] {
        assert!(kinds_seen.contains(&pair), "{pair:?} compared");
    }
}

/// The stored official figures equal the domain's roll-up of the approved observations, one
/// for one; returns the (kind, aggregation) pairs compared.
pub(crate) async fn assert_sql_figures_equal_the_domain_rules(
    pool: &sqlx::PgPool,
) -> HashSet<(IndicatorKind, Aggregation)> {
    let pool = pool.clone();
    let program = crate::common::first_program(&pool)
        .await
        .unwrap()
        .expect("demo program");
    let indicators = store::program::indicators(&pool, program.id).await.unwrap();
    let approved = store::figures::approved_observations(&pool, program.id)
        .await
        .unwrap();
    // Indicators computed from activity data or the ledger (`computed_from`) take their
    // figures from there, not from reports: they are not this roll-up's.
    let computed: Vec<uuid::Uuid> =
        sqlx::query_scalar("SELECT id FROM indicator WHERE computed_from IS NOT NULL")
            .fetch_all(&pool)
            .await
            .unwrap();
    let sql: Vec<_> = store::figures::official_period_figures(&pool, program.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|f| !computed.contains(&f.indicator_id))
        .collect();

    let mut groups: BTreeMap<(uuid::Uuid, chrono::NaiveDate), Vec<Contribution>> = BTreeMap::new();
    for o in approved
        .iter()
        .filter(|o| !computed.contains(&o.indicator_id))
    {
        groups
            .entry((o.indicator_id, o.period_start))
            .or_default()
            .push(Contribution {
                value: o.value,
                numerator: o.numerator,
                denominator: o.denominator,
                stage: o.stage,
                order_key: (o.period_end, o.approved_at),
            });
    }
    assert!(
        !groups.is_empty(),
        "the demo data has approved observations"
    );
    assert_eq!(
        sql.len(),
        groups.len(),
        "one SQL figure per indicator and period with approved data"
    );

    let mut kinds_seen = HashSet::new();
    for figure in &sql {
        let indicator = indicators
            .iter()
            .find(|i| i.id == figure.indicator_id)
            .unwrap();
        let contributions = &groups[&(figure.indicator_id, figure.period_start)];
        let domain = aggregate_organisations(
            indicator.rules.kind,
            indicator.rules.aggregation,
            contributions,
        )
        .expect("approved contributions give a figure");
        let sql_value = figure.value.expect("SQL figure has a value");
        let tolerance = 1e-9 * domain.value.abs().max(1.0);
        assert!(
            (sql_value - domain.value).abs() <= tolerance,
            "{} {}: SQL {} vs domain {}",
            indicator.code,
            figure.period_start,
            sql_value,
            domain.value
        );
        assert_eq!(
            figure.contributors as usize, domain.contributors,
            "{} contributors",
            indicator.code
        );
        kinds_seen.insert((indicator.rules.kind, indicator.rules.aggregation));
    }
    kinds_seen
}

#[tokio::test]
async fn only_approved_observations_make_official_figures() {
    let pool = database(Template::Demo).await;
    let program = crate::common::first_program(&pool).await.unwrap().unwrap();
    let before = store::figures::official_period_figures(&pool, program.id)
        .await
        .unwrap();
    // Submitting, returning or drafting more figures changes nothing official.
    let changed = sqlx::query(
        "UPDATE observation SET status = 'submitted', reviewed_at = NULL,
                first_submitted_at = coalesce(first_submitted_at, now())
          WHERE status IN ('draft', 'returned')",
    )
    .execute(&pool)
    .await
    .unwrap()
    .rows_affected();
    assert!(changed > 0);
    let after = store::figures::official_period_figures(&pool, program.id)
        .await
        .unwrap();
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        // Same figures; the last bit may differ as PostgreSQL sums the rows in another order.
        let (b, a) = (b.value.unwrap(), a.value.unwrap());
        assert!((b - a).abs() <= 1e-9 * b.abs().max(1.0), "{b} vs {a}");
    }
}

/// The precomputed figure's contributor count of one indicator and period (0 when none).
async fn contributors(pool: &sqlx::PgPool, indicator: uuid::Uuid, period: NaiveDate) -> i64 {
    sqlx::query_scalar(
        "SELECT coalesce(max(contributors), 0)::bigint FROM official_figure
          WHERE indicator_id = $1 AND period_start = $2",
    )
    .bind(indicator)
    .bind(period)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn approving_returning_and_deleting_reports_update_the_precomputed_figures() {
    let pool = database(Template::Demo).await;
    // A submitted report of a figure-bearing indicator: approving it adds a contributor.
    let (id, indicator, period): (uuid::Uuid, uuid::Uuid, NaiveDate) = sqlx::query_as(
        "SELECT o.id, o.indicator_id, o.period_start FROM observation o
           JOIN indicator i ON i.id = o.indicator_id
          WHERE o.status = 'submitted' AND i.kind <> 'qualitative'
          ORDER BY o.indicator_id, o.period_start LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("the demo data has a submitted report");
    let before = contributors(&pool, indicator, period).await;

    // Plain SQL on purpose: the database keeps the figures current whoever writes.
    sqlx::query(
        "UPDATE observation SET status = 'approved', reviewed_at = now(), version = version + 1
          WHERE id = $1",
    )
    .bind(id)
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(contributors(&pool, indicator, period).await, before + 1);
    assert_sql_figures_equal_the_domain_rules(&pool).await;

    sqlx::query(
        "UPDATE observation SET status = 'returned', review_note = 'Check the meter log.',
                version = version + 1 WHERE id = $1",
    )
    .bind(id)
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(contributors(&pool, indicator, period).await, before);
    assert_sql_figures_equal_the_domain_rules(&pool).await;

    // Approved again, then deleted (with its revisions, which refer to it).
    sqlx::query("UPDATE observation SET status = 'approved', reviewed_at = now() WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(contributors(&pool, indicator, period).await, before + 1);
    // The revision history is append-only: deleting by hand means lifting the guard first.
    sqlx::query(
        "ALTER TABLE observation_revision DISABLE TRIGGER observation_revision_append_only",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("DELETE FROM observation_revision WHERE observation_id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM observation WHERE id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(contributors(&pool, indicator, period).await, before);
    assert_sql_figures_equal_the_domain_rules(&pool).await;

    // Returning every approved report of the indicator in one statement removes its figures.
    let returned = sqlx::query(
        "UPDATE observation SET status = 'returned', review_note = 'Recheck the whole series.'
          WHERE indicator_id = $1 AND status = 'approved'",
    )
    .bind(indicator)
    .execute(&pool)
    .await
    .unwrap()
    .rows_affected();
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM official_figure WHERE indicator_id = $1")
            .bind(indicator)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        left, 0,
        "no figures left after returning {returned} reports"
    );
    assert_sql_figures_equal_the_domain_rules(&pool).await;
}

#[tokio::test]
async fn synthetic_load_adds_tenants_reports_and_their_figures() {
    let pool = database(Template::Demo).await;
    let counts = store::synthetic::load_synthetic(&pool, 5, 6).await.unwrap();
    // 33 indicators, 4 of them park-level (the park office's alone; CE-08 among them) and 3
    // others computed (CE-01, CE-02 from the GHG inventory, CE-05 from the material ledger:
    // nobody's report): 26 each; in six months: 6 monthly periods, 2 quarterly, 1 half-year
    // and 1 year.
    assert_eq!(counts.tenants, 5);
    assert_eq!(counts.assignments, 5 * 26);
    let per_tenant: i64 = sqlx::query_scalar(
        "SELECT sum(CASE frequency WHEN 'monthly' THEN 6 WHEN 'quarterly' THEN 2 ELSE 1 END)::bigint
           FROM indicator
          WHERE archived_at IS NULL AND aggregation <> 'park' AND computed_from IS NULL
            AND program_id = (SELECT id FROM program WHERE code = 'IWIP-P1')",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counts.observations, 5 * per_tenant);
    // The figures the trigger made on the way in equal the domain's roll-up.
    assert_sql_figures_equal_the_domain_rules(&pool).await;
    // A second load would double the data: refused.
    assert!(store::synthetic::load_synthetic(&pool, 5, 6).await.is_err());
}

/// The maintained official figures hold exactly what recomputing every figure from scratch
/// gives: every stored figure is dropped and each (indicator, period) with an approved report
/// refreshed anew, in a transaction that is rolled back, and the two sets compared (values to
/// the last few bits, as sums may run in another order). Returns how many figures compared.
pub(crate) async fn assert_figures_equal_a_recount(pool: &sqlx::PgPool) -> i64 {
    let mut tx = pool.begin().await.unwrap();
    // Computed indicators' figures are written by their use cases, not recounted from reports.
    sqlx::query(
        "CREATE TEMPORARY TABLE kept_figure ON COMMIT DROP AS
         SELECT f.* FROM official_figure f JOIN indicator i ON i.id = f.indicator_id
          WHERE i.computed_from IS NULL",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "DELETE FROM official_figure
          WHERE indicator_id IN (SELECT id FROM indicator WHERE computed_from IS NULL)",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "SELECT official_figure_refresh(array_agg(indicator_id), array_agg(period_start))
           FROM (SELECT DISTINCT indicator_id, period_start FROM observation
                  WHERE status = 'approved') k",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    let (compared, differing): (i64, i64) = sqlx::query_as(
        "SELECT count(*),
                count(*) FILTER (
                    WHERE k.indicator_id IS NULL OR f.indicator_id IS NULL
                       OR (k.period_end, k.frequency, k.contributors)
                          IS DISTINCT FROM (f.period_end, f.frequency, f.contributors)
                       OR (k.value IS NULL) <> (f.value IS NULL)
                       OR abs(k.value - f.value) > 1e-9 * greatest(abs(f.value), 1)
                       OR (k.numerator IS NULL) <> (f.numerator IS NULL)
                       OR abs(k.numerator - f.numerator) > 1e-9 * greatest(abs(f.numerator), 1)
                       OR (k.denominator IS NULL) <> (f.denominator IS NULL)
                       OR abs(k.denominator - f.denominator) > 1e-9 * greatest(abs(f.denominator), 1))
           FROM kept_figure k
           FULL JOIN (SELECT f.* FROM official_figure f JOIN indicator i ON i.id = f.indicator_id
                       WHERE i.computed_from IS NULL) f
             ON f.indicator_id = k.indicator_id AND f.period_start = k.period_start",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(
        differing, 0,
        "of {compared} official figures, against a recount"
    );
    compared
}
