//! The rules of the program's structure — pillars, indicators, their targets and framework
//! references, organisations — whoever changes it (the admin forms, later the API and the
//! spreadsheet imports): what a code looks like, which aggregations an indicator kind allows
//! ("percentages are pooled"), what a kind requires, when an indicator's shape is fixed.
//! (A milestone's rules are in `milestones`.)
//!
//! Pure code, like the rest of `domain/`: no text in any language (callers say what is wrong
//! in the user's words), no I/O.

use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::kinds::{Aggregation, IndicatorKind, OrganisationKind};

/// A code as typed, in the form it is stored and compared: trimmed, in capitals.
pub fn normalise_code(text: &str) -> String {
    text.trim().to_ascii_uppercase()
}

/// A pillar's code: 2 to 4 capital letters (`CE`, `SC`).
pub fn is_pillar_code(code: &str) -> bool {
    (2..=4).contains(&code.len()) && code.chars().all(|c| c.is_ascii_uppercase())
}

/// A material's code: a capital letter, then 1 to 31 capitals, digits or hyphens (`NI-SLAG`,
/// `FABA`), as migration 0028's check has it.
pub fn is_material_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && (2..=32).contains(&code.len())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// An indicator's code: 2 to 4 capital letters, a hyphen and 2 or 3 digits (`CE-01`).
pub fn is_indicator_code(code: &str) -> bool {
    let Some((letters, digits)) = code.split_once('-') else {
        return false;
    };
    (2..=4).contains(&letters.len())
        && letters.chars().all(|c| c.is_ascii_uppercase())
        && (2..=3).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// An organisation's code: 2 to 32 capitals, digits and hyphens, starting with a capital
/// (`DEMO-RKEF-A`).
pub fn is_organisation_code(code: &str) -> bool {
    (2..=32).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
}

/// The aggregations an indicator of `kind` may use. Percentages and ratios are pooled
/// (Σ numerators ÷ Σ denominators) or reported once for the park, never averaged, summed or
/// picked: an average of ratios weighs a small plant like a large one.
pub fn allowed_aggregations(kind: IndicatorKind) -> &'static [Aggregation] {
    if kind.uses_fraction() {
        &[Aggregation::RatioOfSums, Aggregation::Park]
    } else {
        Aggregation::ALL
    }
}

/// Whether an indicator of `kind` may aggregate with `aggregation` (see
/// [`allowed_aggregations`]).
pub fn allows_aggregation(kind: IndicatorKind, aggregation: Aggregation) -> bool {
    allowed_aggregations(kind).contains(&aggregation)
}

/// Whether an indicator of `kind` must say what its numerator and denominator count.
pub fn needs_fraction_labels(kind: IndicatorKind) -> bool {
    kind.uses_fraction()
}

/// The fewest stages a milestone indicator has (at least "not started" and "done").
pub const MIN_STAGES: usize = 2;

/// What is wrong with a milestone indicator's stage labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StagesProblem {
    /// Fewer than [`MIN_STAGES`] stages in English.
    TooFew,
    /// Not as many stages in Bahasa Indonesia as in English.
    Unmatched,
}

/// The problems of a milestone indicator's stage labels, in English and Bahasa Indonesia:
/// at least [`MIN_STAGES`], one Indonesian label per English one.
pub fn stages_problems(en: &[String], id: &[String]) -> Vec<StagesProblem> {
    let mut problems = Vec::new();
    if en.len() < MIN_STAGES {
        problems.push(StagesProblem::TooFew);
    }
    if en.len() != id.len() {
        problems.push(StagesProblem::Unmatched);
    }
    problems
}

/// How many decimals an indicator's figures may show.
pub const DECIMALS: RangeInclusive<i16> = 0..=6;

/// The years a baseline or a target may be set for.
pub const YEARS: RangeInclusive<i16> = 2000..=2100;

/// Whether a baseline is whole: its value and its year are given together, or neither.
pub fn baseline_is_whole(value_given: bool, year_given: bool) -> bool {
    value_given == year_given
}

/// Whether an indicator's kind and frequency are fixed: once anything is reported against it,
/// the stored observations have that shape and those periods.
pub fn shape_is_fixed(observations: i64) -> bool {
    observations > 0
}

/// Whether a position in a list is acceptable: 0 or more.
pub fn is_position(position: i16) -> bool {
    position >= 0
}

/// A reference of an indicator in a reporting framework (GRI, ESRS, the EIP framework…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameworkReference {
    pub framework: String,
    pub code: String,
    pub version: String,
    /// From when the reference applies (GRI 102 replaces 305 from 2027).
    pub effective_from: Option<NaiveDate>,
}

/// Whether a list of references names one framework, code and version twice (whatever the
/// dates): an indicator has one reference per framework, code and version.
pub fn repeats_reference(references: &[FrameworkReference]) -> bool {
    references.iter().enumerate().any(|(at, r)| {
        references[..at]
            .iter()
            .any(|e| (&e.framework, &e.code, &e.version) == (&r.framework, &r.code, &r.version))
    })
}

/// Whether an organisation of `kind` has a process route: only the plants — tenants and the
/// park operator (its captive power and shared facilities) — run one.
pub fn has_process_route(kind: OrganisationKind) -> bool {
    matches!(
        kind,
        OrganisationKind::Tenant | OrganisationKind::ParkOperator
    )
}

/// Whether an organisation of `kind` may be assigned an indicator aggregated by
/// `aggregation`. A park-level indicator (reported once for the park) comes from the park
/// office alone: a tenant's approved figure would otherwise replace the park's own (the figure
/// of a park-level period is the latest approved one). Migration 0016 keeps the same rule in
/// the database (`assignment_park_level_park_office`).
pub fn may_be_assigned(aggregation: Aggregation, kind: OrganisationKind) -> bool {
    aggregation != Aggregation::Park || kind == OrganisationKind::ParkOperator
}

/// Whether a text looks like an email address: something, an `@`, a domain with a dot, no
/// spaces. (Deliverability is the mail server's business.)
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && !text.chars().any(char::is_whitespace)
}

/// Whether a yearly target is a figure the indicator's kind can take: a percentage from 0 to
/// 100, a count or a milestone's stage not negative. Quantities and ratios may be negative
/// (a net change).
pub fn target_fits_kind(kind: IndicatorKind, value: f64) -> bool {
    match kind {
        IndicatorKind::Percentage => (0.0..=100.0).contains(&value),
        IndicatorKind::Count | IndicatorKind::Milestone => value >= 0.0,
        IndicatorKind::Quantity | IndicatorKind::Ratio | IndicatorKind::Qualitative => true,
    }
}

/// Whether changing a yearly target is explained: a first target needs no reason, a change
/// of an existing one does (the old value is kept with it in the revision history).
pub fn target_change_is_explained(first_target: bool, reason: &str) -> bool {
    first_target || !reason.trim().is_empty()
}

/// The day a new assignment starts by default: the first day of the month that is still
/// running (the first period still open for a monthly indicator; a quarterly or yearly one's
/// running period ends later, so it is expected too), and never before the program starts.
/// An assignment made today then owes no report for a period that has already closed.
pub fn first_open_period_start(today: NaiveDate, program_starts_on: NaiveDate) -> NaiveDate {
    let month_start = today.with_day(1).unwrap_or(today);
    month_start.max(program_starts_on)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn park_level_indicators_are_assigned_to_the_park_office_only() {
        for kind in OrganisationKind::ALL {
            assert_eq!(
                may_be_assigned(Aggregation::Park, *kind),
                *kind == OrganisationKind::ParkOperator,
                "{kind:?}"
            );
        }
        // Every other aggregation takes any reporter, the park office included.
        for aggregation in Aggregation::ALL.iter().filter(|a| **a != Aggregation::Park) {
            assert!(may_be_assigned(*aggregation, OrganisationKind::Tenant));
            assert!(may_be_assigned(
                *aggregation,
                OrganisationKind::ParkOperator
            ));
        }
    }

    #[test]
    fn a_target_fits_its_indicators_kind() {
        assert!(target_fits_kind(IndicatorKind::Percentage, 0.0));
        assert!(target_fits_kind(IndicatorKind::Percentage, 100.0));
        assert!(!target_fits_kind(IndicatorKind::Percentage, -5.0));
        assert!(!target_fits_kind(IndicatorKind::Percentage, 100.5));
        assert!(!target_fits_kind(IndicatorKind::Count, -1.0));
        assert!(target_fits_kind(IndicatorKind::Count, 0.0));
        assert!(target_fits_kind(IndicatorKind::Quantity, -12.5));
        assert!(target_fits_kind(IndicatorKind::Ratio, -0.1));
    }

    #[test]
    fn percentages_and_ratios_are_pooled_never_averaged() {
        for kind in [IndicatorKind::Percentage, IndicatorKind::Ratio] {
            assert_eq!(
                allowed_aggregations(kind),
                [Aggregation::RatioOfSums, Aggregation::Park]
            );
            for refused in [
                Aggregation::Sum,
                Aggregation::Mean,
                Aggregation::Latest,
                Aggregation::Max,
                Aggregation::Min,
            ] {
                assert!(!allows_aggregation(kind, refused), "{kind} {refused}");
            }
            assert!(allows_aggregation(kind, Aggregation::RatioOfSums));
            assert!(allows_aggregation(kind, Aggregation::Park));
        }
    }

    #[test]
    fn other_kinds_may_use_every_aggregation() {
        for kind in [
            IndicatorKind::Quantity,
            IndicatorKind::Count,
            IndicatorKind::Milestone,
            IndicatorKind::Qualitative,
        ] {
            assert_eq!(allowed_aggregations(kind), Aggregation::ALL);
            assert!(allows_aggregation(kind, Aggregation::Mean));
            assert!(!needs_fraction_labels(kind));
        }
        assert!(needs_fraction_labels(IndicatorKind::Percentage));
        assert!(needs_fraction_labels(IndicatorKind::Ratio));
    }

    #[test]
    fn codes() {
        assert_eq!(normalise_code("  ce-01 "), "CE-01");
        assert!(is_pillar_code("CE"));
        assert!(is_pillar_code("ABCD"));
        assert!(!is_pillar_code("C"));
        assert!(!is_pillar_code("TOOLONG"));
        assert!(!is_pillar_code("C1"));
        assert!(!is_pillar_code(""));

        assert!(is_material_code("NI-SLAG"));
        assert!(is_material_code("FA"));
        assert!(is_material_code(&format!("A{}", "B".repeat(31))));
        assert!(!is_material_code(&format!("A{}", "B".repeat(32))));
        assert!(!is_material_code("F"));
        assert!(!is_material_code("1ASH"));
        assert!(!is_material_code("NI SLAG"));
        assert!(!is_material_code("ni-slag"));

        assert!(is_indicator_code("CE-01"));
        assert!(is_indicator_code("ABCD-123"));
        assert!(!is_indicator_code("CE-1"));
        assert!(!is_indicator_code("CE-1234"));
        assert!(!is_indicator_code("C-01"));
        assert!(!is_indicator_code("CE01"));
        assert!(!is_indicator_code("ce-01"));
        assert!(!is_indicator_code("CE-0A"));

        assert!(is_organisation_code("DEMO-RKEF-A"));
        assert!(is_organisation_code("U2"));
        assert!(!is_organisation_code("2U"));
        assert!(!is_organisation_code("-AB"));
        assert!(!is_organisation_code("A"));
        assert!(!is_organisation_code("BAD CODE"));
        assert!(is_organisation_code(&"A".repeat(32)));
        assert!(!is_organisation_code(&"A".repeat(33)));
    }

    #[test]
    fn a_milestone_indicator_has_two_stages_or_more_in_both_languages() {
        let labels = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert_eq!(stages_problems(&labels(3), &labels(3)), []);
        assert_eq!(stages_problems(&labels(2), &labels(2)), []);
        assert_eq!(
            stages_problems(&labels(3), &labels(2)),
            [StagesProblem::Unmatched]
        );
        assert_eq!(
            stages_problems(&labels(1), &labels(1)),
            [StagesProblem::TooFew]
        );
        assert_eq!(
            stages_problems(&[], &labels(1)),
            [StagesProblem::TooFew, StagesProblem::Unmatched]
        );
    }

    #[test]
    fn ranges_and_pairs() {
        assert!(DECIMALS.contains(&0) && DECIMALS.contains(&6));
        assert!(!DECIMALS.contains(&7) && !DECIMALS.contains(&-1));
        assert!(YEARS.contains(&2000) && YEARS.contains(&2100));
        assert!(!YEARS.contains(&1999) && !YEARS.contains(&2101));
        assert!(baseline_is_whole(true, true));
        assert!(baseline_is_whole(false, false));
        assert!(!baseline_is_whole(true, false));
        assert!(!baseline_is_whole(false, true));
        assert!(is_position(0));
        assert!(!is_position(-1));
        assert!(!shape_is_fixed(0));
        assert!(shape_is_fixed(1));
    }

    #[test]
    fn one_reference_per_framework_code_and_version() {
        let r = |framework: &str, code: &str, version: &str, from: Option<NaiveDate>| {
            FrameworkReference {
                framework: framework.into(),
                code: code.into(),
                version: version.into(),
                effective_from: from,
            }
        };
        let day = NaiveDate::from_ymd_opt(2027, 1, 1);
        assert!(!repeats_reference(&[]));
        assert!(!repeats_reference(&[
            r("GRI", "306-4", "2020", None),
            r("GRI", "306-4", "2025", None),
            r("EIP", "CE-3", "", None),
        ]));
        // The date does not make a second reference.
        assert!(repeats_reference(&[
            r("GRI", "306-4", "2020", None),
            r("EIP", "CE-3", "", None),
            r("GRI", "306-4", "2020", day),
        ]));
    }

    #[test]
    fn only_plants_have_a_process_route() {
        let with_route: Vec<OrganisationKind> = OrganisationKind::ALL
            .iter()
            .copied()
            .filter(|k| has_process_route(*k))
            .collect();
        assert_eq!(
            with_route,
            [OrganisationKind::ParkOperator, OrganisationKind::Tenant]
        );
    }

    #[test]
    fn email_addresses() {
        assert!(is_email("sari@hpal-c.example"));
        assert!(!is_email("nobody"));
        assert!(!is_email("@example.org"));
        assert!(!is_email("sari@localhost"));
        assert!(!is_email("sari @example.org"));
    }

    #[test]
    fn a_changed_target_says_why() {
        assert!(target_change_is_explained(true, ""));
        assert!(!target_change_is_explained(false, "  "));
        assert!(target_change_is_explained(false, "steering committee"));
    }

    #[test]
    fn a_new_assignment_starts_with_the_running_month_not_the_program() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let program = d(2026, 1, 1);
        assert_eq!(
            first_open_period_start(d(2026, 12, 5), program),
            d(2026, 12, 1)
        );
        assert_eq!(
            first_open_period_start(d(2027, 3, 31), program),
            d(2027, 3, 1)
        );
        // Before the program, the program's start.
        assert_eq!(first_open_period_start(d(2025, 11, 20), program), program);
        // Expected: the running month and the running quarter; not the closed months.
        use crate::domain::compliance::is_expected;
        use crate::domain::kinds::Frequency;
        use crate::domain::period::Period;
        let starts = first_open_period_start(d(2026, 12, 5), program);
        let month = |m| Period::containing(Frequency::Monthly, d(2026, m, 1));
        assert!(!is_expected(starts, &month(11)));
        assert!(is_expected(starts, &month(12)));
        assert!(is_expected(
            starts,
            &Period::containing(Frequency::Quarterly, d(2026, 10, 1))
        ));
    }
}
