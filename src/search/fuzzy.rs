//! The typo-tolerant fallback: when a query finds nothing, words that are in
//! no document are replaced by the closest term of the index ("did you
//! mean"), preferring the smallest edit distance, then the most common term.
//!
//! Only what looks like a mistyped word is corrected, and only by a few
//! edits ([`max_edits`]): a word of 4-5 letters by one, of 6-20 letters by
//! two. Shorter words (too many neighbours), longer ones and anything with
//! a digit or a symbol (hashes, numbers, codes: not typos of a word) are
//! never corrected, and then neither is the query.

use super::analyze::Analyzer;
use super::index::{Fields, LiveStats};
use super::query::{Clause, ClauseKind, Query};
use crate::model::Entry;
use std::collections::HashMap;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::{Searcher, Term};

/// The query with its unknown words corrected, or `None` if no word could be.
/// Words count as in the index only while a live document holds them
/// (`stats`), as in a fresh index of the same entries.
pub fn correct(q: &Query, searcher: &Searcher, stats: &LiveStats, f: &Fields) -> Option<Query> {
    let mut fixed = q.clone();
    let mut changed = false;
    let mut analyzer = Analyzer::default();
    for c in fixed.clauses.iter_mut().filter(|c| !c.excluded) {
        if c.kind == ClauseKind::Prefix {
            continue;
        }
        let folded = analyzer.folded(&c.text);
        let mut words = Vec::with_capacity(c.terms.len());
        for (i, stem) in c.terms.iter_mut().enumerate() {
            let typed = folded.get(i).cloned().unwrap_or_else(|| stem.clone());
            if is_known(stats, f, stem) {
                words.push(typed);
                continue;
            }
            let max = max_edits(&typed)?;
            let best = closest(searcher, stats, f, &typed, stem, max)?;
            *stem = best.clone();
            words.push(best);
            changed = true;
        }
        c.text = words.join(" ");
    }
    changed.then_some(fixed)
}

/// Replaces corrected stems in the clause texts with a word as written in
/// `entry` (so people read "customer", not the stem "custom").
pub fn show_surface(q: &mut Query, entry: &Entry) {
    let mut analyzer = Analyzer::default();
    let mut surface: HashMap<String, String> = HashMap::new();
    let texts = std::iter::once(entry.title.as_str()).chain(entry.blocks.iter().map(|b| b.text()));
    for text in texts {
        for t in analyzer.tokens(text) {
            surface.entry(t.stem).or_insert(t.folded);
        }
    }
    for c in q.clauses.iter_mut() {
        fix_text(c, &surface, &mut analyzer);
    }
}

fn fix_text(c: &mut Clause, surface: &HashMap<String, String>, analyzer: &mut Analyzer) {
    let folded = analyzer.folded(&c.text);
    if folded.len() != c.terms.len() {
        return;
    }
    let words: Vec<String> = c
        .terms
        .iter()
        .zip(folded)
        .map(|(stem, word)| match surface.get(stem) {
            Some(s) if word == *stem => s.clone(),
            _ => word,
        })
        .collect();
    c.text = words.join(" ");
}

fn is_known(stats: &LiveStats, f: &Fields, stem: &str) -> bool {
    f.weighted()
        .iter()
        .any(|(field, _)| live_docs(stats, &Term::from_field_text(*field, stem)) > 0)
}

/// Live documents holding `term`.
fn live_docs(stats: &LiveStats, term: &Term) -> u64 {
    stats.doc_freq(term).unwrap_or(0)
}

/// Longest word that may be corrected: longer "words" are pasted strings
/// (ids, hashes, noise), not words someone mistyped.
const LONGEST_WORD: usize = 20;

/// How many edits may correct the folded word `typed`, or `None` when it
/// is not corrected at all: fewer than 4 letters, more than
/// [`LONGEST_WORD`], or anything but letters.
pub fn max_edits(typed: &str) -> Option<usize> {
    if !typed.chars().all(char::is_alphabetic) {
        return None;
    }
    match typed.chars().count() {
        4..=5 => Some(1),
        6..=LONGEST_WORD => Some(2),
        _ => None,
    }
}

/// The body term within `max` edits of the typed word or its stem that
/// live documents hold, the nearest first, then the most held.
fn closest(
    searcher: &Searcher,
    stats: &LiveStats,
    f: &Fields,
    typed: &str,
    stem: &str,
    max: usize,
) -> Option<String> {
    use rayon::prelude::*;
    // Each segment's dictionary is walked on its own thread for the near
    // words; only those few are then counted.
    let per_segment: Vec<HashMap<String, usize>> = searcher
        .segment_readers()
        .par_iter()
        .map(|reader| {
            let mut found = HashMap::new();
            let Ok(inv) = reader.inverted_index(f.body) else {
                return found;
            };
            let Ok(mut stream) = inv.terms().stream() else {
                return found;
            };
            while stream.advance() {
                // Word pairs (`a b`, see `pairs`) are not words to suggest.
                if stream.key().contains(&b' ') {
                    continue;
                }
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                if term.len() > typed.len().max(stem.len()) + max {
                    continue;
                }
                let d = distance(typed, stem, term);
                if d <= max {
                    found.insert(term.to_string(), d);
                }
            }
            found
        })
        .collect();
    let mut near: HashMap<String, usize> = HashMap::new();
    for segment in per_segment {
        near.extend(segment);
    }
    near.into_iter()
        .map(|(term, d)| {
            let n = live_docs(stats, &Term::from_field_text(f.body, &term));
            (term, (d, n))
        })
        .filter(|(_, (_, n))| *n > 0)
        .min_by(|a, b| (a.1.0, b.1.1, &a.0).cmp(&(b.1.0, a.1.1, &b.0)))
        .map(|(t, _)| t)
}

/// How far a typed word (and its stem) is from an indexed term. A term
/// that matches the beginning of the typed word (a stem such as `escal` for
/// `escalaton`) counts one edit more than the distance to that beginning.
fn distance(typed: &str, stem: &str, term: &str) -> usize {
    let whole = levenshtein(typed, term).min(levenshtein(stem, term));
    if term.len() < 4 || typed.len() <= term.len() {
        return whole;
    }
    let prefix = (term.len() - 1..=term.len() + 1)
        .filter(|&k| typed.is_char_boundary(k))
        .map(|k| levenshtein(&typed[..k], term) + 1)
        .min()
        .unwrap_or(usize::MAX);
    whole.min(prefix)
}

/// Edit distance (insertions, deletions, substitutions) between two words
/// (or any two short strings: `marks` measures context with it).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_counts_edits() {
        assert_eq!(levenshtein("custmer", "customer"), 1);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("same", "same"), 0);
        assert_eq!(distance("escalaton", "escalaton", "escal"), 1);
        assert_eq!(distance("custmer", "custmer", "custom"), 2);
        assert_eq!(distance("qqqqq", "qqqqq", "escal"), 5);
    }

    #[test]
    fn only_letters_words_of_4_to_20_letters_are_corrected_by_edits_scaled_to_length() {
        assert_eq!(max_edits("sup"), None);
        assert_eq!(max_edits("supp"), Some(1));
        assert_eq!(max_edits("suppo"), Some(1));
        assert_eq!(max_edits("supprot"), Some(2));
        assert_eq!(max_edits("résumé"), Some(2));
        assert_eq!(max_edits(&"a".repeat(20)), Some(2));
        assert_eq!(max_edits(&"a".repeat(21)), None);
        assert_eq!(max_edits("2071"), None);
        assert_eq!(max_edits("abc1"), None);
        assert_eq!(max_edits("e3b0c44298fc1c149afbf4c8996fb924"), None);
    }
}
