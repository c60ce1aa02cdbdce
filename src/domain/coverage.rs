//! Coverage: how much of the park a park figure stands for. A figure pooled from one of six
//! assigned organisations is that one organisation's figure, not the park's; below the
//! indicator's minimum coverage it is shown as incomplete and never judged or headlined.

use serde::Serialize;

/// The minimum coverage of an indicator when an admin has not set one: at least half of the
/// organisations assigned for the period. A park-level indicator is assigned to the park
/// office alone, so half of one is that one report.
pub const DEFAULT_MIN_COVERAGE_PERCENT: u8 = 50;

/// Who stands behind one park figure.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Coverage {
    /// Organisations whose approved report the figure pools.
    pub reporters: usize,
    /// Organisations assigned the indicator for the period (live assignments starting on or
    /// before the period's end). Never fewer than `reporters`: an organisation archived since
    /// it reported still counts as assigned for the period it reported.
    pub assigned: usize,
    /// The fewest reporters the indicator's minimum coverage asks for this period.
    pub required: usize,
}

impl Coverage {
    /// The coverage of a figure pooled from `reporters` of `assigned` organisations, under a
    /// minimum of `min_percent` % of the assigned (rounded up, and at least one report).
    pub fn new(reporters: usize, assigned: usize, min_percent: u8) -> Coverage {
        let assigned = assigned.max(reporters);
        let percent = usize::from(min_percent.clamp(1, 100));
        Coverage {
            reporters,
            assigned,
            required: (assigned * percent).div_ceil(100).max(1),
        }
    }

    /// Whether the figure may be headlined and judged.
    pub fn is_complete(&self) -> bool {
        self.reporters >= self.required
    }

    /// Share of the assigned organisations that reported (0–1).
    pub fn share(&self) -> f64 {
        if self.assigned == 0 {
            0.0
        } else {
            self.reporters as f64 / self.assigned as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_of_the_assigned_by_default_rounded_up() {
        // 6 assigned: 3 are needed; 1 of 6 is incomplete, 3 of 6 (the threshold) and 4 of 6
        // are complete.
        assert_eq!(Coverage::new(1, 6, 50).required, 3);
        assert!(!Coverage::new(1, 6, 50).is_complete());
        assert!(!Coverage::new(2, 6, 50).is_complete());
        assert!(Coverage::new(3, 6, 50).is_complete());
        assert!(Coverage::new(4, 6, 50).is_complete());
        // 5 assigned: half is 2.5, so 3 are needed.
        assert_eq!(Coverage::new(2, 5, 50).required, 3);
        // The park office alone for a park-level indicator: 1 of 1.
        assert!(Coverage::new(1, 1, 50).is_complete());
        // 100 %: every assigned organisation.
        assert!(!Coverage::new(5, 6, 100).is_complete());
        assert!(Coverage::new(6, 6, 100).is_complete());
    }

    #[test]
    fn edges_never_judge_an_empty_figure() {
        // No assignment at all (a figure from an organisation archived since): its own report
        // is the whole coverage.
        let c = Coverage::new(1, 0, 50);
        assert_eq!((c.reporters, c.assigned, c.required), (1, 1, 1));
        assert!(c.is_complete());
        // Zero reporters is never complete, whatever the minimum.
        assert!(!Coverage::new(0, 0, 1).is_complete());
        assert!(!Coverage::new(0, 4, 0).is_complete());
        assert_eq!(Coverage::new(1, 4, 0).required, 1);
        assert_eq!(Coverage::new(2, 8, 50).share(), 0.25);
    }
}
