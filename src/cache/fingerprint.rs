//! A hash of source files as compiled into this binary: each cache carries
//! one of the code that decides its contents, so a binary whose code
//! differs rebuilds the cache instead of trusting it, without anyone having
//! to remember to bump a version.

/// Folds the xxh3 of each of `sources` (their text, from `include_str!`)
/// into `seed`, in order: a cache whose contents depend on another's code
/// seeds with that one's fingerprint.
pub fn of_sources(seed: u64, sources: &[&str]) -> u64 {
    sources.iter().fold(seed, |h, s| {
        h.rotate_left(7) ^ xxhash_rust::xxh3::xxh3_64(s.as_bytes())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_its_order_and_the_seed_count() {
        let base = of_sources(0, &["a", "b"]);
        assert_eq!(base, of_sources(0, &["a", "b"]));
        assert_ne!(base, of_sources(0, &["b", "a"]));
        assert_ne!(base, of_sources(0, &["a", "c"]));
        assert_ne!(base, of_sources(0, &["a"]));
        assert_ne!(base, of_sources(1, &["a", "b"]));
    }
}
