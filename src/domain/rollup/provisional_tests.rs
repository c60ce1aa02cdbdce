//! Unit tests of provisional park figures (approved and submitted reports pooled, flows
//! summed), and of periods without a submitted report. Tests only; no I/O.

use super::*;

fn frac(n: f64, d: f64) -> Contribution {
    Contribution {
        value: None,
        numerator: Some(n),
        denominator: Some(d),
        stage: None,
        order_key: (NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(), 0),
    }
}

#[test]
fn provisional_figures_pool_approved_and_submitted_reports() {
    let approved = [frac(9.0, 10.0)];
    let submitted = [frac(10.0, 100.0)];
    // (9 + 10) / (10 + 100) = 17.27… %, with both organisations counted.
    let p = provisional_aggregate(
        IndicatorKind::Percentage,
        Aggregation::RatioOfSums,
        &approved,
        &submitted,
    )
    .unwrap();
    assert!((p.value - 100.0 * 19.0 / 110.0).abs() < 1e-9);
    assert_eq!(p.contributors, 2);
    // Submitted figures alone still make a provisional figure.
    let alone =
        provisional_aggregate(IndicatorKind::Ratio, Aggregation::Sum, &[], &submitted).unwrap();
    assert!((alone.value - 0.1).abs() < 1e-12);
}

#[test]
fn flows_are_summed_quantities_and_counts_that_are_not_cumulative() {
    use Aggregation as A;
    use IndicatorKind as K;
    assert!(is_flow(K::Quantity, A::Sum, false));
    assert!(is_flow(K::Count, A::RatioOfSums, false));
    assert!(!is_flow(K::Count, A::Sum, true), "a stock");
    assert!(
        !is_flow(K::Percentage, A::RatioOfSums, false),
        "a pooled rate"
    );
    assert!(!is_flow(K::Quantity, A::Mean, false));
    assert!(!is_flow(K::Count, A::Park, false));
    assert!(!is_flow(K::Milestone, A::Sum, false));
    assert!(!is_flow(K::Qualitative, A::Sum, false));
}

#[test]
fn without_submitted_reports_there_is_no_provisional_figure() {
    assert_eq!(
        provisional_aggregate(
            IndicatorKind::Percentage,
            Aggregation::RatioOfSums,
            &[frac(1.0, 2.0)],
            &[]
        ),
        None
    );
}
