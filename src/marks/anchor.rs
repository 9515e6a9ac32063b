//! Making an anchor for a passage, and finding the passage again in a text
//! that may have changed since.
//!
//! An [`Anchor`] keeps the passage's quote, ~32 characters on each side,
//! its byte range and the text's hash. [`locate`] tries, in order:
//!
//! 1. the same text (the hash matches and the range still holds the
//!    quote): [`Placement::Exact`];
//! 2. the quote verbatim, anywhere: each occurrence is judged by how well
//!    the text around it agrees with the kept context, then by nearness to
//!    the old offset; a short quote needs agreeing context, and two equally
//!    good occurrences are refused;
//! 3. the quote with a few characters changed: an edit-distance search in
//!    windows around where the context, the quote's ends or the old offset
//!    point, bounded in cost, accepted only at ≥ 90% similarity *and* with
//!    agreeing context (one side for a long quote, both for a short one).
//!
//! Anything else is [`Placement::Orphan`]: a mark is never put on a
//! passage that is not the one the reader marked.

use super::fuzzy::{self, similarity};
use super::text::{EntryText, Outline};
use crate::db::Anchor;
use std::cmp::Ordering;
use std::ops::Range;

/// How many characters of context an anchor keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// A verbatim quote at least this long (in characters) is the passage
/// wherever it is; a shorter one also needs agreeing context.
const DISTINCT_CHARS: usize = 32;

/// How alike a changed passage must be to the quote.
const MIN_SIMILARITY: f64 = 0.9;

/// How alike the text on one side must be to the kept context.
const MIN_CONTEXT: f64 = 0.7;

/// The longest quote searched for approximately, in characters; a longer
/// one is found verbatim or not at all.
const MAX_FUZZY_CHARS: usize = 2_000;

/// The most edit-distance cells one approximate search may compute
/// (windows × quote length): about 20 ms in a release build.
const CELL_BUDGET: usize = 20_000_000;

/// How many occurrences of each clue (the context, the quote's ends) are
/// searched around, the nearest to the old offset first.
const SEEDS_PER_CLUE: usize = 8;

/// Where an anchored passage is in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// The text is the one the anchor was made on.
    Exact(Range<usize>),
    /// The text changed; the passage is here now.
    Moved(Range<usize>),
    /// The passage cannot be found with confidence.
    Orphan,
}

/// The anchor of `range` in `text` (snapped onto character boundaries).
pub fn make(text: &EntryText, range: Range<usize>) -> Anchor {
    let range = text.snap_range(range);
    let s = text.as_str();
    Anchor {
        quote: s.get(range.clone()).unwrap_or_default().to_string(),
        prefix: last_chars(s.get(..range.start).unwrap_or_default(), CONTEXT_CHARS).to_string(),
        suffix: first_chars(s.get(range.end..).unwrap_or_default(), CONTEXT_CHARS).to_string(),
        start: range.start as u64,
        end: range.end as u64,
        text_hash: text.hash(),
    }
}

/// Where `anchor`'s passage is in `text` (see the module's doc). An
/// anchor with an empty quote marks nothing and is an orphan.
pub fn locate(text: &EntryText, anchor: &Anchor) -> Placement {
    if anchor.quote.is_empty() {
        return Placement::Orphan;
    }
    if let Some(range) = unchanged(text, anchor) {
        return Placement::Exact(range);
    }
    let old = usize::try_from(anchor.start).unwrap_or(usize::MAX);
    let verbatim = verbatim(text.as_str(), anchor, old);
    let found = if verbatim.is_empty() {
        approximate(text.as_str(), anchor, old)
    } else {
        verbatim
    };
    match choose(found) {
        Some(range) => Placement::Moved(range),
        None => Placement::Orphan,
    }
}

/// The anchor's own place, when the text there still reads as the anchor
/// says: its quote at its offset, its prefix right before (or the text's
/// start, for an anchor without one) and its suffix right after (or the
/// text's end). [`locate`] puts the mark there too (verbatim, both sides
/// of context wholly agreeing, no distance: no other place ranks as
/// high), so a caller that needs only the place, such as an export, can
/// skip joining and hashing the text; `None` means "ask [`locate`]".
pub fn in_place(text: &Outline<'_>, anchor: &Anchor) -> Option<Range<usize>> {
    let start = usize::try_from(anchor.start).ok()?;
    let end = start.checked_add(anchor.quote.len())?;
    let before = match anchor.prefix.len() {
        0 => start == 0,
        n => start
            .checked_sub(n)
            .is_some_and(|at| text.holds(at, &anchor.prefix)),
    };
    let after = match anchor.suffix.len() {
        0 => end == text.len(),
        _ => text.holds(end, &anchor.suffix),
    };
    let placed = !anchor.quote.is_empty() && text.holds(start, &anchor.quote) && before && after;
    placed.then_some(start..end)
}

/// The anchor's own range, when the text is the one it was made on.
fn unchanged(text: &EntryText, anchor: &Anchor) -> Option<Range<usize>> {
    let start = usize::try_from(anchor.start).ok()?;
    let end = usize::try_from(anchor.end).ok()?;
    let same = anchor.text_hash == text.hash() && text.as_str().get(start..end)? == anchor.quote;
    same.then_some(start..end)
}

/// One place the passage may be now.
#[derive(Debug, Clone)]
struct Candidate {
    range: Range<usize>,
    /// How alike the text there is to the quote (1.0 verbatim).
    alike: f64,
    /// How well the text around agrees with the kept context.
    context: f64,
    /// Bytes from the old offset.
    distance: usize,
}

impl Candidate {
    /// Better first: more alike, then better context, then nearer.
    fn rank(&self, other: &Candidate) -> Ordering {
        other
            .alike
            .total_cmp(&self.alike)
            .then(other.context.total_cmp(&self.context))
            .then(self.distance.cmp(&other.distance))
    }
}

/// The best candidate's range; none when there is none or when the best
/// two are equally good (the anchor cannot tell them apart).
fn choose(mut found: Vec<Candidate>) -> Option<Range<usize>> {
    found.sort_by(Candidate::rank);
    match found.as_slice() {
        [] => None,
        [best, next, ..] if best.rank(next) == Ordering::Equal => None,
        [best, ..] => Some(best.range.clone()),
    }
}

/// Every verbatim occurrence of the quote that the context allows.
fn verbatim(s: &str, anchor: &Anchor, old: usize) -> Vec<Candidate> {
    let at: Vec<usize> = occurrences(s, &anchor.quote).collect();
    let found = match at.len() {
        1 => Match::Once,
        _ => Match::Verbatim,
    };
    let need = Need::for_quote(anchor.quote.chars().count(), found);
    at.into_iter()
        .filter_map(|at| {
            let range = at..at + anchor.quote.len();
            let context = Context::around(s, &range, anchor);
            context.enough(need).then(|| Candidate {
                distance: at.abs_diff(old),
                context: context.score(),
                alike: 1.0,
                range,
            })
        })
        .collect()
}

/// Places where the quote is found with a few characters changed, at
/// [`MIN_SIMILARITY`] or more, with agreeing context.
fn approximate(s: &str, anchor: &Anchor, old: usize) -> Vec<Candidate> {
    let quote: Vec<char> = anchor.quote.chars().collect();
    let m = quote.len();
    // Edits allowed: a quote under ten characters must be verbatim.
    let k = (m as f64 * (1.0 - MIN_SIMILARITY)).floor() as usize;
    if k == 0 || m > MAX_FUZZY_CHARS {
        return Vec::new();
    }
    let need = Need::for_quote(m, Match::Approximate);
    let mut found = Vec::new();
    let mut cells = 0;
    for window in windows(s, anchor, old, m, k + 2) {
        cells += s.get(window.clone()).map_or(0, |w| w.chars().count()) * m;
        if cells > CELL_BUDGET {
            break;
        }
        for place in fuzzy::find(s, window, &quote, k) {
            let text = s.get(place.range.clone()).unwrap_or_default();
            let alike = similarity(text, &anchor.quote);
            let context = Context::around(s, &place.range, anchor);
            if alike >= MIN_SIMILARITY && context.enough(need) {
                found.push(Candidate {
                    distance: place.range.start.abs_diff(old),
                    context: context.score(),
                    alike,
                    range: place.range,
                });
            }
        }
    }
    found
}

/// The stretches of `s` worth an approximate search for a quote of `m`
/// characters: around the old offset, after each occurrence of the
/// prefix, before each of the suffix, and where the quote's first and
/// last words are; `slack` characters wider on each side, merged where
/// they overlap, the nearest to the old offset first.
fn windows(s: &str, anchor: &Anchor, old: usize, m: usize, slack: usize) -> Vec<Range<usize>> {
    let clue = (m / 3).clamp(1, 12);
    let head = first_chars(&anchor.quote, clue);
    let tail = last_chars(&anchor.quote, clue);
    let back = |end: usize| back_chars(s, end, m);
    let mut starts = vec![crate::marks::text::floor_char(s, old)];
    starts.extend(nearest(s, &anchor.prefix, old).map(|at| at + anchor.prefix.len()));
    starts.extend(nearest(s, &anchor.suffix, old).map(back));
    starts.extend(nearest(s, head, old));
    starts.extend(nearest(s, tail, old).map(|at| back(at + tail.len())));
    let mut windows: Vec<Range<usize>> = starts
        .into_iter()
        .map(|at| back_chars(s, at, slack)..forward_chars(s, at, m + slack))
        .collect();
    windows.sort_by_key(|w| w.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for w in windows {
        match merged.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => merged.push(w),
        }
    }
    merged.sort_by_key(|w| w.start.abs_diff(old).min(w.end.abs_diff(old)));
    merged
}

/// The offsets of the [`SEEDS_PER_CLUE`] occurrences of `clue` nearest
/// to `old` (none for an empty clue).
fn nearest(s: &str, clue: &str, old: usize) -> impl Iterator<Item = usize> {
    let mut at: Vec<usize> = occurrences(s, clue).collect();
    at.sort_by_key(|i| i.abs_diff(old));
    at.truncate(SEEDS_PER_CLUE);
    at.into_iter()
}

/// Where `pattern` starts in `s`, overlapping occurrences included (a
/// quote "aa" is twice in "aaa"); none for an empty pattern.
fn occurrences<'a>(s: &'a str, pattern: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        if pattern.is_empty() {
            return None;
        }
        let at = from + s.get(from..)?.find(pattern)?;
        from = forward_chars(s, at, 1).max(at + 1);
        Some(at)
    })
}

/// How much agreeing context a place needs, by how much its quote shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// A long quote found verbatim is the passage wherever it is.
    Nothing,
    /// One side may have been edited too, the other must agree: for a
    /// long quote found with a few changes, or a short one found verbatim
    /// once.
    EitherSide,
    /// A short quote (a word, a name) found in several places, or with
    /// changes: both sides must agree, so an edit right next to it leaves
    /// it an orphan rather than a guess.
    BothSides,
}

impl Need {
    /// What a quote of `chars` characters, found as `found`, needs.
    fn for_quote(chars: usize, found: Match) -> Need {
        match (chars >= DISTINCT_CHARS, found) {
            (true, Match::Once | Match::Verbatim) => Need::Nothing,
            (true, Match::Approximate) | (false, Match::Once) => Need::EitherSide,
            (false, Match::Verbatim | Match::Approximate) => Need::BothSides,
        }
    }
}

/// How a place matched the quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    /// Verbatim, and nowhere else in the text.
    Once,
    /// Verbatim, one of several places.
    Verbatim,
    /// With a few characters changed.
    Approximate,
}

/// How the text around a place agrees with the anchor's context, each
/// side alone: `None` for a side the anchor has no context for (the
/// passage began or ended the text), unless the place is at that end too.
struct Context {
    before: Option<f64>,
    after: Option<f64>,
}

impl Context {
    fn around(s: &str, range: &Range<usize>, anchor: &Anchor) -> Context {
        let before = s.get(..range.start).unwrap_or_default();
        let after = s.get(range.end..).unwrap_or_default();
        Context {
            before: side(&anchor.prefix, before, last_chars),
            after: side(&anchor.suffix, after, first_chars),
        }
    }

    /// Whether the context is enough evidence for a place, by what the
    /// quote alone already shows (`need`).
    fn enough(&self, need: Need) -> bool {
        let sides = || [self.before, self.after].into_iter().flatten();
        let agree = |a: f64| a >= MIN_CONTEXT;
        match need {
            Need::Nothing => true,
            Need::EitherSide => sides().next().is_none() || sides().any(agree),
            Need::BothSides => sides().all(agree),
        }
    }

    /// The mean agreement of the sides there are (a neutral 0.5 with none).
    fn score(&self) -> f64 {
        match (self.before, self.after) {
            (Some(a), Some(b)) => (a + b) / 2.0,
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => 0.5,
        }
    }
}

/// How `kept` (the anchor's context on one side) agrees with `around`,
/// the text on that side now, cut to as many characters by `cut`.
fn side(kept: &str, around: &str, cut: fn(&str, usize) -> &str) -> Option<f64> {
    if kept.is_empty() {
        return around.is_empty().then_some(1.0);
    }
    Some(similarity(kept, cut(around, kept.chars().count())))
}

/// The first `n` characters of `s`.
fn first_chars(s: &str, n: usize) -> &str {
    s.get(..forward_chars(s, 0, n)).unwrap_or(s)
}

/// The last `n` characters of `s`.
fn last_chars(s: &str, n: usize) -> &str {
    s.get(back_chars(s, s.len(), n)..).unwrap_or(s)
}

/// The offset `n` characters before `at` (or 0).
fn back_chars(s: &str, at: usize, n: usize) -> usize {
    let at = crate::marks::text::floor_char(s, at);
    match n.checked_sub(1) {
        None => at,
        Some(n) => s
            .get(..at)
            .and_then(|b| b.char_indices().rev().nth(n))
            .map_or(0, |(i, _)| i),
    }
}

/// The offset `n` characters after `at` (or the end).
fn forward_chars(s: &str, at: usize, n: usize) -> usize {
    let at = crate::marks::text::floor_char(s, at);
    s.get(at..)
        .and_then(|a| a.char_indices().nth(n))
        .map_or(s.len(), |(i, _)| at + i)
}

#[cfg(test)]
#[path = "anchor_tests.rs"]
mod tests;
