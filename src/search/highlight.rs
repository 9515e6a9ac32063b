//! Where a query matches inside an entry: every hit for the reader's
//! "hit 3 of 7" and find-in-article, and the snippet shown in result lists.
//!
//! Hits are found with the index's own [`Analyzer`], so they are exactly the
//! words the engine matched: same stems, same accent folding, same phrases.

use super::analyze::Analyzer;
use super::query::{ClauseKind, Query};
use crate::model::Entry;
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Range;

/// Target length of a snippet, in bytes (cut on char and word boundaries).
pub const SNIPPET_LEN: usize = 200;
/// How much text to keep before the first hit of a snippet.
const LEAD: usize = 40;
/// Matching text a snippet looks through for its densest window before it
/// settles: a 50 KB entry full of a common word would otherwise be analysed
/// whole for each result.
const SNIPPET_SCAN: usize = 4 * 1024;

/// A short passage of an entry's body with the hits marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of the hits in `text`, sorted, not overlapping.
    pub highlights: Vec<Range<usize>>,
}

/// The positive text clauses of a query, ready to test tokens against.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    words: HashSet<String>,
    prefixes: Vec<String>,
    phrases: Vec<Vec<String>>,
    /// Rules out texts that cannot hold a hit without analysing them (see
    /// [`Matcher::may_match`]); `None` when the query has a term it cannot
    /// vouch for.
    prefilter: Option<aho_corasick::AhoCorasick>,
}

impl Matcher {
    pub fn new(q: &Query) -> Matcher {
        let mut m = Matcher::default();
        for c in q.positive() {
            match c.kind {
                ClauseKind::Word => {
                    m.words.extend(c.terms.iter().cloned());
                }
                ClauseKind::Prefix => m.prefixes.extend(c.terms.iter().cloned()),
                ClauseKind::Phrase => m.phrases.push(c.terms.clone()),
            }
        }
        m.prefilter = m.needles().and_then(|needles| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(needles)
                .ok()
        });
        m
    }

    /// ASCII strings one of which every hit's text must contain (ignoring
    /// ASCII case): the part of each word's stem that [`could_stem_to`]
    /// requires, each prefix, and the longest such part of each phrase.
    /// `None` if any term gives no safe needle (short or irregular stems,
    /// characters other than ASCII letters and digits).
    fn needles(&self) -> Option<Vec<String>> {
        let part = |stem: &str| -> Option<String> {
            let n = stem.chars().count();
            let need: String = stem.chars().take(n.checked_sub(1)?).collect();
            (n > 3 && need.bytes().all(|b| b.is_ascii_alphanumeric())).then_some(need)
        };
        let mut out = Vec::new();
        for w in &self.words {
            out.push(part(w)?);
        }
        for p in &self.prefixes {
            let ok = !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric());
            out.push(ok.then(|| p.clone())?);
        }
        for phrase in &self.phrases {
            let best = phrase
                .iter()
                .filter_map(|s| part(s))
                .max_by_key(String::len)?;
            out.push(best);
        }
        (!out.is_empty()).then_some(out)
    }

    /// False only when `text` certainly holds no hit: none of the needles
    /// occurs in it and it has no letters outside ASCII (whose folding could
    /// turn into a needle, as `é` into `e`).
    pub fn may_match(&self, text: &str) -> bool {
        let Some(ac) = &self.prefilter else {
            return true;
        };
        ac.is_match(text) || (!text.is_ascii() && has_non_ascii_letter(text))
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && self.prefixes.is_empty() && self.phrases.is_empty()
    }

    /// Byte ranges of the hits in `text`: sorted, merged when they overlap.
    pub fn hits(&self, text: &str, analyzer: &mut Analyzer) -> Vec<Range<usize>> {
        if !self.may_match(text) {
            return Vec::new();
        }
        let tokens = analyzer.folded_tokens(text);
        let mut stems: Vec<Option<String>> = vec![None; tokens.len()];
        let mut stem = |i: usize, analyzer: &mut Analyzer| -> String {
            stems[i]
                .get_or_insert_with(|| analyzer.stem_word(&tokens[i].1))
                .clone()
        };
        let mut out: Vec<Range<usize>> = Vec::new();
        for (i, (range, folded)) in tokens.iter().enumerate() {
            let word = self.words.iter().any(|w| could_stem_to(folded, w))
                && self.words.contains(&stem(i, analyzer));
            if word || self.prefixes.iter().any(|p| folded.starts_with(p.as_str())) {
                out.push(range.clone());
            }
            for p in &self.phrases {
                let Some(window) = tokens.get(i..i + p.len()) else {
                    continue;
                };
                let plausible = window.iter().zip(p).all(|(t, s)| could_stem_to(&t.1, s));
                if plausible
                    && p.iter()
                        .enumerate()
                        .all(|(j, s)| stem(i + j, analyzer) == *s)
                    && let (Some(a), Some(b)) = (window.first(), window.last())
                {
                    out.push(a.0.start..b.0.end);
                }
            }
        }
        out.sort_by_key(|r| (r.start, r.end));
        merge(out)
    }
}

fn has_non_ascii_letter(text: &str) -> bool {
    let first = text
        .bytes()
        .position(|b| !b.is_ascii())
        .unwrap_or(text.len());
    text.get(first..)
        .is_some_and(|t| t.chars().any(|c| !c.is_ascii() && c.is_alphanumeric()))
}

/// A cheap test that rules out most words before stemming them: English
/// stems keep the word's beginning, all but their last letter (`happy` ->
/// `happi`). Short stems come from irregular words (`dying` -> `die`), so
/// they are always checked.
fn could_stem_to(folded: &str, stem: &str) -> bool {
    let n = stem.chars().count();
    n <= 3
        || folded
            .chars()
            .zip(stem.chars())
            .take(n - 1)
            .all(|(a, b)| a == b)
            && folded.len() >= n - 1
}

fn merge(sorted: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Every hit of `q` in the entry's blocks, as (block index, byte range in
/// that block's text), in reading order.
pub fn highlight(entry: &Entry, q: &Query) -> Vec<(usize, Range<usize>)> {
    let matcher = Matcher::new(q);
    let mut analyzer = Analyzer::default();
    let mut out = Vec::new();
    if matcher.is_empty() {
        return out;
    }
    for (i, b) in entry.blocks.iter().enumerate() {
        let hits = matcher.hits(b.text(), &mut analyzer);
        out.extend(hits.into_iter().map(|r| (i, r)));
    }
    out
}

/// The snippet of an entry: the ~200 bytes of body text holding the most
/// hits, or the beginning of the body when no body text matches.
pub fn snippet(entry: &Entry, matcher: &Matcher, analyzer: &mut Analyzer) -> Snippet {
    let body = || {
        entry
            .blocks
            .iter()
            .filter(|b| b.kind == crate::model::BlockKind::Paragraph)
    };
    let mut best: Option<(usize, &str, Vec<Range<usize>>)> = None;
    let mut scanned = 0;
    if !matcher.is_empty() {
        for b in body() {
            if scanned > SNIPPET_SCAN {
                break;
            }
            let text = b.text();
            let hits = matcher.hits(text, analyzer);
            if !hits.is_empty() {
                scanned += text.len();
            }
            let (count, start) = densest(&hits);
            if count > best.as_ref().map_or(0, |x| x.0) {
                let window = window(text, start);
                let inside: Vec<Range<usize>> = hits
                    .iter()
                    .filter(|r| r.start >= window.start && r.end <= window.end)
                    .map(|r| r.start - window.start..r.end - window.start)
                    .collect();
                best = Some((count, &text[window], inside));
            }
        }
    }
    let (text, highlights) = match best {
        Some((_, text, hits)) => (text, hits),
        None => {
            let first = body()
                .chain(entry.blocks.iter())
                .next()
                .map_or("", |b| b.text());
            (&first[window(first, 0)], Vec::new())
        }
    };
    Snippet {
        text: text.to_string(),
        highlights,
    }
}

/// The most hits that fit in one snippet, and where the first of them starts.
fn densest(hits: &[Range<usize>]) -> (usize, usize) {
    let mut best = (0, 0);
    let mut j = 0;
    for (i, h) in hits.iter().enumerate() {
        j = j.max(i);
        while j + 1 < hits.len() && hits[j + 1].end <= h.start + SNIPPET_LEN - LEAD {
            j += 1;
        }
        if j + 1 - i > best.0 {
            best = (j + 1 - i, h.start);
        }
    }
    best
}

/// A window of about [`SNIPPET_LEN`] bytes of `text` around `hit_start`,
/// cut at word boundaries where possible and always on char boundaries.
fn window(text: &str, hit_start: usize) -> Range<usize> {
    let mut start = floor(text, hit_start.saturating_sub(LEAD));
    if start > 0 {
        // Start at the next word so the snippet does not open mid-word.
        if let Some(sp) = text[start..hit_start.min(text.len())].find(char::is_whitespace) {
            start += sp + 1;
        }
    }
    let mut end = floor(text, start + SNIPPET_LEN);
    if end < text.len()
        && let Some(sp) = text[start..end].rfind(char::is_whitespace)
        && start + sp > hit_start
    {
        end = start + sp;
    }
    start..end.max(start)
}

/// The largest char boundary of `text` at or below `i`.
fn floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(q: &str, text: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
        let Ok(q) = Query::parse(q) else {
            return (Vec::new(), Vec::new());
        };
        let fast = Matcher::new(&q);
        let slow = Matcher {
            prefilter: None,
            ..fast.clone()
        };
        let mut a = Analyzer::default();
        (fast.hits(text, &mut a), slow.hits(text, &mut a))
    }

    #[test]
    fn the_prefilter_skips_texts_without_a_needle() {
        let q = Query::parse("quixotic").unwrap();
        let m = Matcher::new(&q);
        assert!(m.prefilter.is_some());
        assert!(!m.may_match("Nothing of the sort here, “really”."));
        assert!(m.may_match("How QUIXOTIC of them."));
        // An accented letter might fold into the needle: analyse it.
        assert!(m.may_match("Quíxotic, with an accent."));
        // Short stems are irregular: no prefilter.
        assert!(
            Matcher::new(&Query::parse("die").unwrap())
                .prefilter
                .is_none()
        );
    }

    proptest::proptest! {
        #[test]
        fn the_prefilter_never_changes_the_hits(
            words in proptest::collection::vec(
                "(Quixotic|quixotically|résumé|resume|Résumés|support|SUPPORTED|supporting|customer’s|customers|don’t|dying|die|naïve|naive|café|élan|manage|management|the|a|—|2007|x)",
                0..12,
            ),
            q in "(quixotic|resume|résumé|support|customer|customers|dying|naive|elan|manag\\*|\"customer support\"|\"the support\"|don’t|2007|cafe)",
        ) {
            let text = words.join(" ");
            let (fast, slow) = both(&q, &text);
            proptest::prop_assert_eq!(fast, slow, "{} in {}", q, text);
        }
    }
}
