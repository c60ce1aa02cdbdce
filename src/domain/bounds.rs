//! Plausible values: the hard bounds of an indicator's figures, and the ceiling on every
//! number Pilar keeps. Pure code: the bounds are checked in `domain::value` (one path for the
//! forms, the API and imports) and again by the database (migration 0015) as the last line.
//!
//! # Why nothing can overflow
//!
//! Every stored number (an observation's value, numerator or denominator, a target, a
//! baseline, a bound) is 0 or has a magnitude between [`MIN_MAGNITUDE`] (10⁻⁶) and
//! [`MAX_MAGNITUDE`] (10¹⁵). The arithmetic done on them, in Rust (`f64`) and in SQL (`double
//! precision`, whose multiplication and division also raise on underflow to zero), is sums,
//! means, minima and maxima over the reports of one indicator, and `100 × n / d` or `Σn / Σd`:
//!
//! * a sum of N figures is at most N × 10¹⁵; even N = 10¹⁵ reports (far beyond any program)
//!   gives 10³⁰, against an `f64` limit of 1.8 × 10³⁰⁸;
//! * `n / d` and `Σn / Σd` lie between 10⁻⁶ / (N × 10¹⁵) ≥ 10⁻³⁶ and N × 10¹⁵ / 10⁻⁶ ≤ 10³⁶,
//!   and × 100 at most 10³⁸: no overflow, and no quotient of non-zero numbers rounds to zero
//!   (the smallest normal `f64` is 2.2 × 10⁻³⁰⁸);
//! * annualising multiplies by at most 12, a target path by at most a few program years.
//!
//! A ceiling of 10¹⁵ still holds every real figure: 10¹⁵ IDR is a thousand trillion rupiah,
//! 10¹⁵ t of nickel some ten million years of the world's production.

use crate::domain::kinds::IndicatorKind;

/// The largest magnitude any stored number may have.
pub const MAX_MAGNITUDE: f64 = 1e15;
/// The smallest magnitude a non-zero stored number may have (a form shows at most six
/// decimals, so a smaller figure could not even be read back).
pub const MIN_MAGNITUDE: f64 = 1e-6;

/// Whether `x` may be stored at all: finite, and 0 or of a magnitude in
/// [`MIN_MAGNITUDE`] ..= [`MAX_MAGNITUDE`].
pub fn is_storable(x: f64) -> bool {
    x.is_finite() && (x == 0.0 || (MIN_MAGNITUDE..=MAX_MAGNITUDE).contains(&x.abs()))
}

/// The hard bounds of one indicator's figures. Values outside are refused, never stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// The lowest figure accepted: the value (quantity, count), the percentage (0–100) or
    /// the ratio `n / d`.
    pub min: f64,
    /// The highest figure accepted, in the same terms.
    pub max: f64,
    /// The largest numerator or denominator accepted (percentages and ratios).
    pub parts_max: f64,
}

impl Bounds {
    /// The catalogue's bounds for an indicator of `kind` measured in `unit`: percentages
    /// 0–100, counts whole numbers from 0, quantities and ratios from 0 to a ceiling that fits
    /// the unit (a park's annual emissions in Mt CO2e stay under 10,000; in tonnes under 10¹⁰;
    /// an intensity per tonne of nickel under 10,000).
    pub fn default_for(kind: IndicatorKind, unit: &str) -> Bounds {
        let unit = unit.trim();
        let max = match kind {
            IndicatorKind::Percentage => 100.0,
            IndicatorKind::Count => 1e9,
            IndicatorKind::Ratio => 1e4,
            IndicatorKind::Milestone => 1e3,
            IndicatorKind::Quantity | IndicatorKind::Qualitative => quantity_ceiling(unit),
        };
        Bounds {
            min: 0.0,
            max,
            parts_max: 1e12,
        }
    }

    /// The bounds in force: what the admin set, else the catalogue's default for each.
    pub fn effective(
        kind: IndicatorKind,
        unit: &str,
        min: Option<f64>,
        max: Option<f64>,
        parts_max: Option<f64>,
    ) -> Bounds {
        let default = Bounds::default_for(kind, unit);
        Bounds {
            min: min.unwrap_or(default.min),
            max: max.unwrap_or(default.max),
            parts_max: parts_max.unwrap_or(default.parts_max),
        }
    }
}

/// A quantity's ceiling by its unit (the catalogue's units; anything else 10¹²).
fn quantity_ceiling(unit: &str) -> f64 {
    let lower = unit.to_lowercase();
    if lower.starts_with("mt") {
        1e4
    } else if lower.starts_with("kt") || lower.starts_with("idr bn") || lower.starts_with("ha") {
        1e7
    } else if lower.starts_with('t') || lower.starts_with("ml") || lower.starts_with("gj") {
        1e10
    } else if lower.starts_with('%') {
        100.0
    } else {
        1e12
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IndicatorKind::*;

    #[test]
    fn storable_numbers_lie_between_the_floor_and_the_ceiling() {
        assert!(is_storable(0.0));
        assert!(is_storable(1e15) && is_storable(-1e15));
        assert!(is_storable(1e-6) && is_storable(-1e-6));
        assert!(!is_storable(1.000_001e15));
        assert!(!is_storable(1e307) && !is_storable(2e307));
        assert!(!is_storable(9e-7) && !is_storable(1e-320));
        assert!(!is_storable(f64::NAN) && !is_storable(f64::INFINITY));
    }

    #[test]
    fn catalogue_defaults_per_kind_and_unit() {
        let b = Bounds::default_for(Percentage, "%");
        assert_eq!((b.min, b.max, b.parts_max), (0.0, 100.0, 1e12));
        assert_eq!(Bounds::default_for(Count, "persons").max, 1e9);
        assert_eq!(Bounds::default_for(Ratio, "GJ/t Ni").max, 1e4);
        assert_eq!(Bounds::default_for(Quantity, "Mt CO2e").max, 1e4);
        assert_eq!(Bounds::default_for(Quantity, "ML").max, 1e10);
        assert_eq!(Bounds::default_for(Quantity, "IDR bn/yr").max, 1e7);
        assert_eq!(Bounds::default_for(Quantity, "ha").max, 1e7);
        assert_eq!(Bounds::default_for(Quantity, "widgets").max, 1e12);
        // What the admin set wins, field by field.
        let set = Bounds::effective(Quantity, "ML", None, Some(500.0), None);
        assert_eq!((set.min, set.max, set.parts_max), (0.0, 500.0, 1e12));
    }

    #[test]
    fn the_worst_sums_and_quotients_stay_finite_and_non_zero() {
        // A million reports at the ceiling, pooled against a million at the floor: the
        // arithmetic of the official figures (Σn / Σd × 100) stays finite.
        let n = 1e6;
        let pooled = (n * MAX_MAGNITUDE) / (n * MIN_MAGNITUDE) * 100.0;
        assert!(pooled.is_finite() && pooled <= 1e23);
        let smallest = MIN_MAGNITUDE / (n * MAX_MAGNITUDE);
        assert!(smallest > f64::MIN_POSITIVE);
    }
}
