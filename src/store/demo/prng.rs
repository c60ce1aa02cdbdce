//! The demo data's only source of variation: a SplitMix64 generator seeded from text keys
//! (indicator code, organisation code, period…), and the stable row ids derived the same way.
//!
//! Deliberately not `std::hash` (its seeds may change between Rust releases) and not
//! `rand` (not a dependency, and thread-local generators are seeded from the OS): the demo
//! data must be byte-for-byte the same on every machine and every run.

use uuid::Uuid;

/// FNV-1a over the parts, with a separator byte between them so that ("ab", "c") and
/// ("a", "bc") give different seeds.
fn fnv1a(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut hash = OFFSET;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// SplitMix64 (Steele, Lea & Flood 2014): tiny, fast, and good enough for demo figures.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose sequence depends only on the key parts.
    pub(crate) fn keyed(parts: &[&str]) -> Self {
        SplitMix64 {
            state: fnv1a(parts),
        }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits (exact in an f64).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in [-amplitude, amplitude).
    pub(crate) fn symmetric(&mut self, amplitude: f64) -> f64 {
        (self.unit() * 2.0 - 1.0) * amplitude
    }

    /// Uniform integer in lo..=hi (lo when hi < lo).
    pub(crate) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo + 1) as u64;
        lo + (self.next_u64() % span) as i64
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One of the items, uniformly.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }
}

/// The id of a demo row: a version-8 (custom) UUID derived from the table and the row's
/// natural key, so that the same row has the same id on every machine and ids can be
/// computed without asking the database.
pub(crate) fn entity_id(table: &str, key: &str) -> Uuid {
    let mut rng = SplitMix64::keyed(&["pilar-demo", table, key]);
    let high = rng.next_u64().to_be_bytes();
    let low = rng.next_u64().to_be_bytes();
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high);
    bytes[8..].copy_from_slice(&low);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_sequence_and_different_keys_differ() {
        let mut a = SplitMix64::keyed(&["CE-01", "DEMO-RKEF-A", "2026-Q1"]);
        let mut b = SplitMix64::keyed(&["CE-01", "DEMO-RKEF-A", "2026-Q1"]);
        let mut c = SplitMix64::keyed(&["CE-01", "DEMO-RKEF-A", "2026-Q2"]);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        let zs: Vec<u64> = (0..5).map(|_| c.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // Reference values of SplitMix64 seeded with 0 (as in the published C code).
        let mut rng = SplitMix64 { state: 0 };
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn ranges_stay_in_bounds() {
        let mut rng = SplitMix64::keyed(&["bounds"]);
        for _ in 0..1000 {
            let u = rng.unit();
            assert!((0.0..1.0).contains(&u));
            let s = rng.symmetric(0.5);
            assert!((-0.5..0.5).contains(&s));
            let n = rng.between(3, 7);
            assert!((3..=7).contains(&n));
        }
    }

    #[test]
    fn ids_are_stable_version_8_uuids() {
        let id = entity_id("indicator", "CE-01");
        assert_eq!(id, entity_id("indicator", "CE-01"));
        assert_ne!(id, entity_id("indicator", "CE-02"));
        assert_ne!(id, entity_id("pillar", "CE-01"));
        assert_eq!(id.get_version_num(), 8);
    }
}
