//! A small sketch of a text, to tell which of several entries is the most
//! like one whose text is gone: the [`SIZE`] smallest hashes of its runs
//! of three words (bottom-k MinHash). Two sketches estimate how much of
//! the two texts' word runs they share (their Jaccard similarity) in
//! O([`SIZE`]), without keeping either text.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// How many hashes a sketch keeps: 32 give the similarity to within about
/// ±0.1, enough to tell an edited text from another one.
pub const SIZE: usize = 32;

/// The sketch of `text`: the smallest hashes of its runs of three words
/// (lowercased), sorted; a text under three words has its words instead.
pub fn of(text: &str) -> Vec<u64> {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| xxh3_64(w.to_lowercase().as_bytes()))
        .collect();
    let mut hashes: Vec<u64> = if words.len() < 3 {
        words
    } else {
        words
            .windows(3)
            .map(|w| xxh3_64_with_seed(&w[2].to_le_bytes(), w[0] ^ w[1].rotate_left(29)))
            .collect()
    };
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SIZE);
    hashes
}

/// The estimated share of word runs two texts have in common, from their
/// sketches: of the smallest hashes of both together, how many are in
/// each. 0.0 when either is empty.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    let mut union: Vec<u64> = a.iter().chain(b).copied().collect();
    union.sort_unstable();
    union.dedup();
    union.truncate(SIZE);
    if a.is_empty() || b.is_empty() || union.is_empty() {
        return 0.0;
    }
    let shared = union
        .iter()
        .filter(|h| a.binary_search(h).is_ok() && b.binary_search(h).is_ok())
        .count();
    shared as f64 / union.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The mill stood by the river for a hundred years before the flood came \
        and the miller carried his sacks to the loft and waited for the water to fall again \
        while the village watched from the hill above the old stone bridge in the rain";

    #[test]
    fn the_same_text_is_wholly_alike_and_a_sketch_is_bounded() {
        let s = of(TEXT);
        assert_eq!(s.len(), SIZE);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(similarity(&s, &s), 1.0);
        assert_eq!(of("Two words").len(), 2);
    }

    #[test]
    fn an_edited_text_is_more_alike_than_another_text() {
        let edited = TEXT.replace("hundred", "thousand").replace("rain", "fog");
        let other = "Prices rose again in the spring as the markets closed early on \
            news that the harvest would be late and the ships had not come in from the east";
        let (s, e, o) = (of(TEXT), of(&edited), of(other));
        assert!(similarity(&s, &e) >= 0.5, "{}", similarity(&s, &e));
        assert!(similarity(&s, &o) <= 0.1, "{}", similarity(&s, &o));
        assert_eq!(similarity(&s, &[]), 0.0);
    }
}
