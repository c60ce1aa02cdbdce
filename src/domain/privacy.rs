//! What a tenant may see of its peers: a park figure only when enough organisations
//! contribute that no single peer's figure can be read off or subtracted out.

/// The fewest contributing organisations for a park figure to be shown to a tenant. With two,
/// a tenant could subtract its own figure from the total and read its one peer's.
pub const MIN_CONTRIBUTORS_FOR_TENANTS: usize = 3;

/// Whether a park figure with this many contributors may be shown to a tenant.
pub fn park_figure_visible_to_tenant(contributors: usize) -> bool {
    contributors >= MIN_CONTRIBUTORS_FOR_TENANTS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_contributors_or_more() {
        assert!(!park_figure_visible_to_tenant(0));
        assert!(!park_figure_visible_to_tenant(1));
        assert!(!park_figure_visible_to_tenant(2));
        assert!(park_figure_visible_to_tenant(3));
        assert!(park_figure_visible_to_tenant(12));
    }
}
