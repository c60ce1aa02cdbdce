//! The shape of the words that explain a status: what value was judged, on what basis,
//! against what expected value, and why it got its status; and a park figure's coverage. The
//! domain hands over numbers (`domain::scorecard::Judgement`, `domain::coverage::Coverage`);
//! each language words them once here. The values are in `en.rs` and `id.rs`.

use crate::domain::status::{Status, Yardstick};

/// The pieces of one status sentence, already formatted for the page's language.
pub struct JudgementWords<'a> {
    /// The basis, worded ("Year to date", "Annualised from 6 months").
    pub basis: &'a str,
    /// The judged value and the expected value, with the indicator's decimals.
    pub value: &'a str,
    pub expected: &'a str,
    pub unit: &'a str,
    /// The date the value is judged on.
    pub date: &'a str,
    pub status: Status,
    /// The status's label in the page's language.
    pub status_label: &'a str,
    /// The shortfall as a whole percentage of the yardstick; `None` when the value is at or
    /// better than expected.
    pub shortfall_percent: Option<&'a str>,
    pub yardstick: Yardstick,
    /// The yardstick in the indicator's unit (the change planned for the year).
    pub yardstick_size: &'a str,
}

/// The words of judgements and coverage.
#[derive(Debug)]
pub struct JudgementStrings {
    /// Bases of a judged value.
    pub latest_period: &'static str,
    pub year_to_date: &'static str,
    pub annualised_from: fn(u32) -> String,
    /// The label of a judged value, distinct from a period's value.
    pub judged_value: &'static str,
    /// The label of one period's figure where a judged value stands beside it.
    pub period_value: &'static str,
    /// The basis heading.
    pub basis: &'static str,
    /// "Expected by 30 Jun 2026".
    pub expected_by: fn(&str) -> String,
    /// The limits of the bands: the worst value still on track, the worst still at risk.
    pub band_limits: fn(&str, &str) -> String,
    /// One sentence: why the status.
    pub sentence: fn(&JudgementWords) -> String,
    /// A park figure's coverage: "4 of 6 organisations".
    pub coverage: fn(usize, usize) -> String,
    /// Coverage heading.
    pub coverage_heading: &'static str,
    /// A figure below the minimum coverage: "Incomplete: 1 of 6 organisations (3 needed)".
    pub incomplete: fn(usize, usize, usize) -> String,
    /// Why nothing is judged: the latest period's figure is incomplete.
    pub not_judged: fn(&str, usize, usize, usize) -> String,
    /// An incomplete later period beside the headline: "Q3 2026: incomplete, 1 of 6 …".
    pub later_incomplete: fn(&str, usize, usize) -> String,
    /// The help beside the minimum coverage on the indicator form.
    pub min_coverage_help: &'static str,
}
