//! The SQL roll-ups equal the domain's roll-up rules, indicator by indicator and period by
//! period, on the demo data.

use std::collections::BTreeMap;

use pilar::domain::rollup::{Contribution, aggregate_organisations};
use pilar::store;

use crate::common::{Template, database};

#[tokio::test]
async fn sql_rollups_equal_the_domain_rules_on_the_demo_data() {
    let pool = database(Template::Demo).await;
    let program = store::program::main_program(&pool)
        .await
        .unwrap()
        .expect("demo program");
    let indicators = store::program::indicators(&pool, program.id).await.unwrap();
    let approved = store::figures::approved_observations(&pool, program.id)
        .await
        .unwrap();
    let sql = store::figures::official_period_figures(&pool, program.id)
        .await
        .unwrap();

    let mut groups: BTreeMap<(uuid::Uuid, chrono::NaiveDate), Vec<Contribution>> = BTreeMap::new();
    for o in &approved {
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

    let mut kinds_seen = std::collections::HashSet::new();
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

#[tokio::test]
async fn only_approved_observations_make_official_figures() {
    let pool = database(Template::Demo).await;
    let program = store::program::main_program(&pool).await.unwrap().unwrap();
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
