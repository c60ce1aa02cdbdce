//! What a reviewer sees beside a report, shared by the queue and the report's own page: the
//! report's figure in words, the same organisation's earlier periods, the park figure of the
//! period from approved reports, whether the figure is unusual, and who the reviewer is.

use chrono::NaiveDate;

use super::format;
use super::layout::Layout;
use crate::auth::CurrentUser;
use crate::domain::Actor;
use crate::domain::kinds::{Aggregation, IndicatorKind};
use crate::domain::period::Period;
use crate::domain::rollup::{Aggregate, Contribution, aggregate_organisations};
use crate::domain::weight::report_weight;
use crate::i18n::StructureStrings;
use crate::store::figures::ApprovedObservation;
use crate::store::observations::Observation;
use crate::store::structure::IndicatorRecord;
use crate::workflow::reports::Reviewer;

pub(super) fn strings(layout: &Layout) -> &'static StructureStrings {
    &layout.locale.strings().structure
}

pub(super) fn reviewer(user: &CurrentUser) -> Reviewer {
    Reviewer {
        actor: Actor::from(user),
        organisation_id: user.organisation_id,
    }
}

pub(super) fn contribution(a: &ApprovedObservation) -> Contribution {
    Contribution {
        value: a.value,
        numerator: a.numerator,
        denominator: a.denominator,
        stage: a.stage,
        order_key: (a.period_end, a.approved_at),
    }
}

use crate::domain::outlier::reading;

/// Whether a figure is far from the organisation's earlier approved ones (the rule is
/// `domain::outlier::is_unusual`).
pub(super) fn is_outlier(
    approved: &[ApprovedObservation],
    indicator: &IndicatorRecord,
    o: &Observation,
) -> bool {
    let percentage = indicator.kind == "percentage";
    let Some(now) = reading(o.value, o.numerator, o.denominator, o.stage, percentage) else {
        return false;
    };
    let mut earlier: Vec<&ApprovedObservation> = approved
        .iter()
        .filter(|a| {
            a.indicator_id == o.indicator_id
                && a.organisation_id == o.organisation_id
                && a.period_start < o.period_start
        })
        .collect();
    // Most recent first: the rule reads the last periods.
    earlier.sort_by_key(|a| std::cmp::Reverse(a.period_start));
    let earlier: Vec<f64> = earlier
        .iter()
        .filter_map(|a| reading(a.value, a.numerator, a.denominator, a.stage, percentage))
        .collect();
    crate::domain::outlier::is_unusual(now, &earlier)
}

/// The figure of an observation as a number in the indicator's terms, without its unit
/// (write it with [`format::with_unit`], once).
pub(super) fn figure_of(
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
    stage: Option<i16>,
    indicator: &IndicatorRecord,
    layout: &Layout,
) -> String {
    let decimals = indicator.decimals.clamp(0, 6) as u8;
    let locale = layout.locale;
    match (numerator, denominator) {
        (Some(n), Some(d)) if d > 0.0 => {
            if indicator.kind == "percentage" {
                format::number(100.0 * n / d, decimals, locale)
            } else {
                format::number(n / d, decimals.max(2), locale)
            }
        }
        _ => match (value, stage) {
            (Some(v), _) => format::number(v, decimals, locale),
            (None, Some(s)) => s.to_string(),
            _ => "—".into(),
        },
    }
}

pub(super) fn park_text(
    approved: &[ApprovedObservation],
    indicator: &IndicatorRecord,
    period_start: NaiveDate,
    layout: &Layout,
) -> String {
    let (Ok(kind), Ok(aggregation)) = (
        indicator.kind.parse::<IndicatorKind>(),
        indicator.aggregation.parse::<Aggregation>(),
    ) else {
        return "—".into();
    };
    let contributions: Vec<Contribution> = approved
        .iter()
        .filter(|a| a.indicator_id == indicator.id && a.period_start == period_start)
        .map(contribution)
        .collect();
    park_figure_text(
        aggregate_organisations(kind, aggregation, &contributions).as_ref(),
        indicator,
        layout,
    )
}

/// A park figure with its unit and how many organisations make it: "25.0 % (2
/// organisations)"; "—" when there is none.
fn park_figure_text(
    aggregate: Option<&Aggregate>,
    indicator: &IndicatorRecord,
    layout: &Layout,
) -> String {
    match aggregate {
        Some(aggregate) => {
            let decimals = indicator.decimals.clamp(0, 6) as u8;
            let number = format::number(aggregate.value, decimals, layout.locale);
            format!(
                "{} ({})",
                format::with_unit(&number, &indicator.unit),
                (strings(layout).organisations_count)(aggregate.contributors)
            )
        }
        None => "—".into(),
    }
}

/// What carries the weight of a report, as its reviewer reads it: its numerator and
/// denominator under the indicator's own labels, its share of the pooled park figure and the
/// park figure with and without it (`domain::weight`).
pub(super) struct WeightView {
    /// "Renewable electricity (MWh)"; empty when the indicator is not a fraction.
    pub numerator_label: String,
    pub numerator: String,
    pub denominator_label: String,
    pub denominator: String,
    /// "80.0 %" of the period's total denominator (approved + this report); empty when the
    /// figure is not pooled or added.
    pub share: String,
    pub park_with: String,
    pub park_without: String,
}

pub(super) fn weight_view(
    approved: &[ApprovedObservation],
    indicator: &IndicatorRecord,
    o: &Observation,
    layout: &Layout,
) -> WeightView {
    let locale = layout.locale;
    let decimals = indicator.decimals.clamp(0, 6) as u8;
    let (numerator_label, numerator, denominator_label, denominator) =
        match (o.numerator, o.denominator) {
            (Some(n), Some(d)) => (
                locale
                    .text_opt(&indicator.numerator_label)
                    .unwrap_or(layout.t.numerator)
                    .to_string(),
                format::number(n, decimals, locale),
                locale
                    .text_opt(&indicator.denominator_label)
                    .unwrap_or(layout.t.denominator)
                    .to_string(),
                format::number(d, decimals, locale),
            ),
            _ => Default::default(),
        };
    let (Ok(kind), Ok(aggregation)) = (
        indicator.kind.parse::<IndicatorKind>(),
        indicator.aggregation.parse::<Aggregation>(),
    ) else {
        return WeightView {
            numerator_label,
            numerator,
            denominator_label,
            denominator,
            share: String::new(),
            park_with: "—".into(),
            park_without: "—".into(),
        };
    };
    // The period's approved figures of the other organisations: the report itself never
    // counts twice (an approved report being looked at again is "this report").
    let others: Vec<Contribution> = approved
        .iter()
        .filter(|a| {
            a.indicator_id == o.indicator_id
                && a.period_start == o.period_start
                && a.organisation_id != o.organisation_id
        })
        .map(contribution)
        .collect();
    let report = Contribution {
        value: o.value,
        numerator: o.numerator,
        denominator: o.denominator,
        stage: o.stage,
        // As if approved now: after every approved figure of the period.
        order_key: (o.period_end, i64::MAX),
    };
    let weight = report_weight(kind, aggregation, &others, &report);
    WeightView {
        numerator_label,
        numerator,
        denominator_label,
        denominator,
        share: weight
            .share
            .map(|s| format::with_unit(&format::number(100.0 * s, 1, locale), "%"))
            .unwrap_or_default(),
        park_with: park_figure_text(weight.with.as_ref(), indicator, layout),
        park_without: park_figure_text(weight.without.as_ref(), indicator, layout),
    }
}

pub(super) fn previous_text(
    approved: &[ApprovedObservation],
    indicator: &IndicatorRecord,
    o: &Observation,
    layout: &Layout,
) -> String {
    let mut earlier: Vec<&ApprovedObservation> = approved
        .iter()
        .filter(|a| {
            a.indicator_id == o.indicator_id
                && a.organisation_id == o.organisation_id
                && a.period_start < o.period_start
        })
        .collect();
    earlier.sort_by_key(|a| std::cmp::Reverse(a.period_start));
    let parts: Vec<String> = earlier
        .iter()
        .take(3)
        .map(|a| {
            let period = Period::containing(o.frequency, a.period_start);
            format!(
                "{}: {}",
                format::period(&period, o.frequency, layout.locale),
                format::with_unit(
                    &figure_of(
                        a.value,
                        a.numerator,
                        a.denominator,
                        a.stage,
                        indicator,
                        layout
                    ),
                    &format::period_unit(&indicator.unit, o.frequency, layout.locale)
                )
            )
        })
        .collect();
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join(" · ")
    }
}
