//! Marking a reported figure as unusual for its reviewer: far from the organisation's own
//! earlier approved figures. A reviewing aid, not a validation rule: nothing is refused for it.

/// How far from the mean of the earlier approved figures a figure may be, as a share of that
/// mean, before it is marked.
pub const UNUSUAL_SHARE: f64 = 0.5;

/// Whether `current` lies more than [`UNUSUAL_SHARE`] of the earlier figures' mean away from
/// that mean. With no earlier figures nothing is unusual.
pub fn is_unusual(current: f64, earlier: &[f64]) -> bool {
    if earlier.is_empty() || !current.is_finite() {
        return false;
    }
    let mean = earlier.iter().sum::<f64>() / earlier.len() as f64;
    (current - mean).abs() > UNUSUAL_SHARE * mean.abs().max(f64::EPSILON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_the_mean_either_way() {
        // Mean of 8, 10, 12 is 10: anything beyond 5 … 15 is unusual.
        let earlier = [8.0, 10.0, 12.0];
        assert!(!is_unusual(15.0, &earlier));
        assert!(is_unusual(15.1, &earlier));
        assert!(!is_unusual(5.0, &earlier));
        assert!(is_unusual(4.9, &earlier));
    }

    #[test]
    fn nothing_to_compare_with_is_not_unusual() {
        assert!(!is_unusual(1_000.0, &[]));
        assert!(!is_unusual(f64::NAN, &[1.0]));
        // A zero mean: any non-zero figure stands out.
        assert!(is_unusual(0.1, &[0.0, 0.0]));
        assert!(!is_unusual(0.0, &[0.0]));
    }
}
