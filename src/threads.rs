//! How many threads a pool of the library or the binary gets.

/// The cores this process may use, at most `at_most` (1 where the count
/// cannot be had): each pool's cap says how far its work scales.
pub fn available(at_most: usize) -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(at_most))
}

#[cfg(test)]
mod tests {
    #[test]
    fn at_least_one_and_at_most_the_cap() {
        assert_eq!(super::available(1), 1);
        let all = super::available(usize::MAX);
        assert!(all >= 1 && super::available(2) == all.min(2));
    }
}
