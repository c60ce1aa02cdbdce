//! An indicator's standing as the API carries it: the status with what it judged (the judged
//! value, its basis and span, the expected value, the band limits), the period headlined and
//! a later incomplete one. The same `domain::scorecard` the pages use; data, never sentences.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::wire_time::period_label;
use crate::domain::privacy;
use crate::domain::rollup::PeriodFigure;
use crate::domain::scorecard::{Basis, Scorecard};
use crate::domain::status::{Status, Yardstick};
use crate::store::catalogue::CatalogueEntry;

/// What a status judged: enough to redo it by hand.
#[derive(Debug, Serialize, ToSchema)]
pub struct JudgedBody {
    /// The value compared with the target path (a flow's partial year annualised).
    pub value: f64,
    #[schema(value_type = crate::domain::scorecard::Basis)]
    pub basis: Basis,
    /// Months of data behind `value`.
    pub months: u32,
    /// The first and last day the judged figures cover.
    pub from: NaiveDate,
    pub as_of: NaiveDate,
    /// What the target path expects on `as_of`.
    pub expected: f64,
    /// The worst value still on track, and the worst still at risk; beyond it, off track.
    pub on_track_limit: f64,
    pub at_risk_limit: f64,
    /// The shortfall on the bad side of `expected` as a share of the yardstick (0 or less:
    /// at or better than expected; on track up to 0.25, at risk up to 0.5).
    pub shortfall_share: f64,
    #[schema(value_type = crate::domain::status::Yardstick)]
    pub yardstick: Yardstick,
    /// The yardstick in the indicator's unit.
    pub yardstick_size: f64,
}

/// An indicator's standing against its target path.
#[derive(Debug, Serialize, ToSchema)]
pub struct StandingBody {
    #[schema(value_type = crate::domain::status::Status)]
    pub status: Status,
    /// What the status judged; null when nothing was (no data, insufficient data, or withheld).
    pub judged: Option<JudgedBody>,
    /// The latest closed period whose figure meets the indicator's minimum coverage: the
    /// headline.
    #[schema(example = "2026-Q2")]
    pub latest_period: Option<String>,
    /// A later closed period whose figure is below the minimum coverage (shown as incomplete,
    /// not judged).
    pub incomplete_period: Option<String>,
    /// The share of the assigned organisations a figure needs (1–100 %).
    pub min_coverage_percent: u8,
    /// Why `judged` is null for this caller, when it is withheld.
    pub note: Option<String>,
}

/// The standing of an indicator for a caller. A tenant (not `manager`) sees the judged value
/// only when every park figure behind it has enough contributors that no peer's figure can
/// be read off (`domain::privacy`); otherwise the judgement and status are withheld.
pub fn standing(
    entry: &CatalogueEntry,
    card: &Scorecard,
    figures: &[PeriodFigure],
    manager: bool,
) -> StandingBody {
    let rules = &entry.indicator.rules;
    let label = |f: &PeriodFigure| period_label(rules.frequency, f.period.start(), f.period.end());
    let judged = card.judgement.map(|j| JudgedBody {
        value: j.value,
        basis: j.basis,
        months: j.months,
        from: j.from,
        as_of: j.as_of,
        expected: j.verdict.expected,
        on_track_limit: j.verdict.on_track_limit,
        at_risk_limit: j.verdict.at_risk_limit,
        shortfall_share: j.verdict.shortfall_share,
        yardstick: j.verdict.yardstick,
        yardstick_size: j.verdict.yardstick_size,
    });
    let visible = manager
        || card.judgement.is_none_or(|j| {
            figures
                .iter()
                .filter(|f| f.period.start() >= j.from && f.period.end() <= j.as_of)
                .all(|f| privacy::park_figure_visible_to_tenant(f.aggregate.contributors))
        });
    StandingBody {
        status: if visible { card.status } else { Status::NoData },
        judged: judged.filter(|_| visible),
        latest_period: card.latest.as_ref().map(label),
        incomplete_period: card.incomplete.as_ref().map(label),
        min_coverage_percent: rules.min_coverage_percent,
        note: (!visible).then(|| {
            format!(
                "withheld: a park figure behind the status pools fewer than the {} organisations needed, so a peer's figure could be read off",
                privacy::MIN_CONTRIBUTORS_FOR_TENANTS
            )
        }),
    }
}
