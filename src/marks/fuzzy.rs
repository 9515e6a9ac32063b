//! Approximate matching, bounded in cost: how alike two short strings are
//! (edit distance over characters), and where a passage sits in a window
//! of text with a few characters changed (Sellers' semi-global edit
//! distance, which finds every end with at most `k` edits in one pass).
//!
//! Both run over `char`s, so a multi-byte character is one edit, and both
//! are O(n·m): callers keep `n` and `m` small (context strings of ~32
//! characters, windows a little longer than the passage).

use crate::search::fuzzy::levenshtein;
use std::ops::Range;

/// How alike `a` and `b` are: 1 minus their edit distance over the longer
/// length, so 1.0 when equal (or both empty) and 0.0 when nothing agrees.
pub fn similarity(a: &str, b: &str) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - levenshtein(a, b) as f64 / longest as f64
}

/// A place where the passage was found: the byte range in the searched
/// text and its edit distance to the passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub range: Range<usize>,
    pub edits: usize,
}

/// Every place in `text[window]` that is within `k` edits of `passage`,
/// as byte ranges of `text`. Where several ends overlap, only the best of
/// each run of overlapping places is kept (fewest edits, then shortest).
/// `window` must lie on character boundaries of `text`.
pub fn find(text: &str, window: Range<usize>, passage: &[char], k: usize) -> Vec<Found> {
    let Some(hay) = text.get(window.clone()) else {
        return Vec::new();
    };
    let m = passage.len();
    if m == 0 {
        return Vec::new();
    }
    // Column of (cost, start byte) for each passage prefix length: a place
    // may start anywhere in the window at no cost.
    let mut col: Vec<(usize, usize)> = (0..=m).map(|i| (i, window.start)).collect();
    let mut out: Vec<Found> = Vec::new();
    for (at, c) in hay.char_indices() {
        let here = window.start + at;
        let next = here + c.len_utf8();
        let mut diag = col[0];
        col[0] = (0, next);
        for i in 1..=m {
            let up = col[i];
            let sub = (diag.0 + usize::from(passage[i - 1] != c), diag.1);
            let skip_text = (up.0 + 1, up.1);
            let skip_passage = (col[i - 1].0 + 1, col[i - 1].1);
            // Fewer edits first; on a tie the later start (the shorter place).
            col[i] = [sub, skip_text, skip_passage]
                .into_iter()
                .min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
                .unwrap_or(sub);
            diag = up;
        }
        let (edits, start) = col[m];
        if edits <= k {
            keep_best(
                &mut out,
                Found {
                    range: start..next,
                    edits,
                },
            );
        }
    }
    out
}

/// Adds `found`, or lets it replace the last place kept when the two
/// overlap and it is better.
fn keep_best(out: &mut Vec<Found>, found: Found) {
    match out.last_mut() {
        Some(last) if found.range.start < last.range.end => {
            if (found.edits, found.range.len()) < (last.edits, last.range.len()) {
                *last = found;
            }
        }
        _ => out.push(found),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn similarity_is_one_minus_edits_over_length() {
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("abcd", "abcd"), 1.0);
        assert_eq!(similarity("abcd", "abxd"), 0.75);
        assert_eq!(similarity("abcd", ""), 0.0);
        assert_eq!(
            similarity("été", "ete"),
            1.0 - 2.0 / 3.0,
            "a character is one edit"
        );
    }

    #[test]
    fn find_gives_every_close_place_with_its_byte_range() {
        let text = "xx the quick fox yy the quack fox zz";
        let found = find(text, 0..text.len(), &chars("the quick fox"), 1);
        let places: Vec<_> = found
            .iter()
            .map(|f| (&text[f.range.clone()], f.edits))
            .collect();
        assert_eq!(places, [("the quick fox", 0), ("the quack fox", 1)]);
        assert!(find(text, 0..text.len(), &chars("a slow dog"), 2).is_empty());
        assert!(find(text, 0..text.len(), &[], 2).is_empty());
        assert!(
            find(text, 5..500, &chars("fox"), 0).is_empty(),
            "a window off the text"
        );
    }

    #[test]
    fn find_measures_multi_byte_text_in_bytes() {
        let text = "Ça — déjà vu, vraiment";
        let found = find(text, 0..text.len(), &chars("deja vu"), 2);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range.clone()], "déjà vu");
        assert_eq!(found[0].edits, 2);
    }
}
