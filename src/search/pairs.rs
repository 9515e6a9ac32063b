//! Word pairs: phrases of common words without reading positions.
//!
//! A phrase query checks word positions in every entry that holds all its
//! words. For two words most entries contain ("customer support") that is
//! most of the archive's positions, and the query slows down with the
//! archive. So each adjacent pair of *common* words of the body is also
//! indexed, once per entry, as one term beside the words (`custom
//! support`), and a phrase of common words becomes a lookup of its pairs
//! (the idea of Lucene's common-grams). A phrase with a rarer word keeps
//! the positional query: its rarest word already narrows it to a few
//! entries.
//!
//! Which words are common is decided once per index, from a sample of its
//! entries, and kept with it (in the manifest of an on-disk cache), so that
//! queries and later incremental updates use the same set.

use super::analyze::{STEM_MEMO, double_stem, folding, stemming};
use crate::archive::Archive;
use crate::model::Entry;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Name under which the body analyzer is registered in the index.
pub const BODY_TOKENIZER: &str = "hotline_body";

/// The first body value of every entry (see [`body_analyzer`]): a text
/// without words (NUL is no letter or digit) that tells the analyzer a new
/// entry begins. Any text holding it would only get its pairs again.
pub const ENTRY_START: &str = "\u{0}";

/// Entries read to decide which words are common.
const SAMPLE: usize = 2_000;
/// A word is common when at least this share of the sampled entries hold it.
const MIN_SHARE: f64 = 0.02;
/// At most this many common words (the most frequent).
const MAX_WORDS: usize = 64;
/// Common words are taken, most frequent first, while the pairs they make
/// stay under this share of the words indexed. If common words make up a
/// share `c` of the text, about `c * c` of adjacent pairs are pairs of
/// common words: pairs cost indexing time in proportion. Text with a few
/// very frequent words gets fewer common words than text whose frequent
/// words are spread out.
const MAX_PAIR_SHARE: f64 = 0.4;
/// Longer stems are never common (and never make an oversized term).
const MAX_WORD_BYTES: usize = 40;

/// The common words (stems) of one index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairWords {
    /// Each word's number (below [`MAX_WORDS`]). Looked up for every word
    /// indexed: foldhash, not SipHash.
    words: HashMap<String, u16, foldhash::fast::RandomState>,
    /// The words by number.
    names: Vec<String>,
}

impl PairWords {
    /// The common words of `archive`'s body text, from a sample of at most
    /// [`SAMPLE`] entries spread over the whole archive.
    pub fn sample(archive: &Archive) -> PairWords {
        let step = (archive.len() / SAMPLE).max(1);
        let ixs: Vec<u32> = (0..archive.len() as u32).step_by(step).collect();
        // Per word: entries holding it, and times it occurs.
        let counts = ixs
            .par_iter()
            .fold(
                || (stemming(), Counts::new()),
                |(mut analyzer, mut counts), &ix| {
                    if let Some(e) = archive.get(ix) {
                        for (w, n) in entry_words(&mut analyzer, e) {
                            let c = counts.entry(w).or_default();
                            c.0 += 1;
                            c.1 += n;
                        }
                    }
                    (analyzer, counts)
                },
            )
            .map(|(_, counts)| counts)
            .reduce(Counts::new, |mut a, b| {
                for (w, (d, n)) in b {
                    let c = a.entry(w).or_default();
                    c.0 += d;
                    c.1 += n;
                }
                a
            });
        let total: u64 = counts.values().map(|c| c.1).sum();
        let min = ((ixs.len() as f64 * MIN_SHARE).ceil() as u32).max(2);
        let mut common: Vec<(String, (u32, u64))> = counts
            .into_iter()
            .filter(|(w, (d, _))| *d >= min && w.len() <= MAX_WORD_BYTES)
            .collect();
        common.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
        let mut covered = 0u64;
        let words = common
            .into_iter()
            .take(MAX_WORDS)
            .take_while(|(_, (_, n))| {
                covered += n;
                let share = covered as f64 / total.max(1) as f64;
                share * share <= MAX_PAIR_SHARE
            });
        PairWords::from_words(words.map(|(w, _)| w))
    }

    /// The first [`MAX_WORDS`] distinct usable words of `words`.
    pub fn from_words(words: impl IntoIterator<Item = String>) -> PairWords {
        let mut map = HashMap::default();
        let mut names = Vec::new();
        for w in words {
            if names.len() == MAX_WORDS {
                break;
            }
            let usable = !w.is_empty() && w.len() <= MAX_WORD_BYTES && !w.contains(' ');
            if usable && !map.contains_key(&w) {
                map.insert(w.clone(), names.len() as u16);
                names.push(w);
            }
        }
        PairWords { words: map, names }
    }

    /// The words, sorted (for the manifest).
    pub fn to_sorted(&self) -> Vec<String> {
        let mut v: Vec<String> = self.words.keys().cloned().collect();
        v.sort();
        v
    }

    pub fn is_common(&self, stem: &str) -> bool {
        self.words.contains_key(stem)
    }

    /// The number of a common word.
    fn number(&self, stem: &str) -> Option<u16> {
        self.words.get(stem).copied()
    }

    /// The common word of a number.
    fn name(&self, n: u16) -> &str {
        self.names.get(usize::from(n)).map_or("", String::as_str)
    }

    /// The indexed term of two adjacent stems, if both are common.
    pub fn pair(&self, a: &str, b: &str) -> Option<String> {
        (self.is_common(a) && self.is_common(b)).then(|| pair_term(a, b))
    }
}

/// Two stems as one term. Stems never hold a space (the tokenizer splits
/// on anything but letters and digits), so the join is unambiguous.
fn pair_term(a: &str, b: &str) -> String {
    let mut t = String::with_capacity(a.len() + 1 + b.len());
    write_pair(&mut t, a, b);
    t
}

/// Replaces `out` with the pair term of `a` and `b` (reusing its buffer).
fn write_pair(out: &mut String, a: &str, b: &str) {
    out.clear();
    out.push_str(a);
    out.push(' ');
    out.push_str(b);
}

/// The distinct stems of an entry's body text, with their counts.
fn entry_words(analyzer: &mut TextAnalyzer, e: &Entry) -> HashMap<String, u64> {
    let mut seen: HashMap<String, u64> = HashMap::new();
    for text in super::index::body_texts(e) {
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            match seen.get_mut(&t.text) {
                Some(n) => *n += 1,
                None => {
                    seen.insert(t.text.clone(), 1);
                }
            }
        }
    }
    seen
}

/// Per word of a sample: how many entries hold it, how often it occurs.
type Counts = HashMap<String, (u32, u64)>;

/// The analyzer of the body: the stems of the text (the same tokens as
/// [`stemming`] makes), each adjacent pair of common words followed by its
/// pair token. Pair tokens share the body's term dictionary: they hold a
/// space, which no word does.
///
/// It is also the fast path of indexing: words are split here (as
/// tantivy's `SimpleTokenizer` splits them) and looked up as they stand in
/// a memo giving the stem and whether the stem is common, so a word seen
/// before costs one lookup and no lowercasing, folding or copying.
///
/// `begun` counts the entries whose body it has begun (see
/// [`ENTRY_START`]): how far the indexing threads have come.
pub fn body_analyzer(words: Arc<PairWords>, begun: Arc<AtomicU64>) -> TextAnalyzer {
    TextAnalyzer::from(PairTokenizer {
        fold: folding(),
        stemmer: double_stem(),
        memo: Memo::default(),
        words,
        seen: Vec::new(),
        begun,
    })
}

/// A word as written to its stem and, if the stem is common, its number.
type Memo = HashMap<String, (String, Option<u16>), foldhash::fast::RandomState>;

#[derive(Clone)]
struct PairTokenizer {
    fold: TextAnalyzer,
    stemmer: TextAnalyzer,
    memo: Memo,
    words: Arc<PairWords>,
    /// The pairs already given in the current entry, a bit per pair.
    seen: Vec<u64>,
    begun: Arc<AtomicU64>,
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairStream<'a> {
        if self.memo.len() > STEM_MEMO {
            self.memo.clear();
        }
        // Pairs are given once per entry: its first value resets them.
        let start = text == ENTRY_START;
        if start {
            self.begun.fetch_add(1, Ordering::Relaxed);
        }
        if start || self.seen.is_empty() {
            self.seen.clear();
            self.seen.resize(MAX_WORDS * MAX_WORDS / 64, 0);
        }
        let text = if start { "" } else { text };
        PairStream {
            text,
            at: 0,
            fold: &mut self.fold,
            stemmer: &mut self.stemmer,
            memo: &mut self.memo,
            words: &self.words,
            seen: &mut self.seen,
            word: Token::default(),
            cur: None,
            prev: None,
            prev_from: 0,
            pair_next: false,
            on_pair: false,
            pair: Token::default(),
        }
    }
}

/// The words of the text, stemmed; after a common word that follows a
/// common word, one more token: the pair, the first time it occurs in the
/// entry (a phrase needs to know which entries hold it, and repeats would
/// only cost indexing time: this halves the pairs indexed).
struct PairStream<'a> {
    text: &'a str,
    /// Where the next word is looked for.
    at: usize,
    fold: &'a mut TextAnalyzer,
    stemmer: &'a mut TextAnalyzer,
    memo: &'a mut Memo,
    words: &'a PairWords,
    seen: &'a mut [u64],
    /// The current word (its stem).
    word: Token,
    /// Its number if common.
    cur: Option<u16>,
    /// The same of the word before it, and where that began.
    prev: Option<u16>,
    prev_from: usize,
    /// The next token is the pair of `prev` and `cur`.
    pair_next: bool,
    /// The current token is `pair` (not `word`).
    on_pair: bool,
    pair: Token,
}

/// Whether the char starting at byte `i` of `text` is a letter or digit,
/// and its length.
fn alnum_at(text: &str, i: usize) -> (bool, usize) {
    match text.as_bytes()[i] {
        b if b < 0x80 => (b.is_ascii_alphanumeric(), 1),
        _ => text[i..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
    }
}

impl PairStream<'_> {
    /// The byte range of the next word (a run of letters and digits).
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let len = self.text.len();
        let mut i = self.at;
        while i < len {
            let (alnum, n) = alnum_at(self.text, i);
            if alnum {
                break;
            }
            i += n;
        }
        if i >= len {
            self.at = len;
            return None;
        }
        let from = i;
        while i < len {
            let (alnum, n) = alnum_at(self.text, i);
            if !alnum {
                break;
            }
            i += n;
        }
        self.at = i;
        Some((from, i))
    }

    /// Moves `word` to the next word; false at the end.
    fn next_stem(&mut self) -> bool {
        let Some((from, to)) = self.next_word() else {
            return false;
        };
        let raw = &self.text[from..to];
        let n = match self.memo.get(raw) {
            Some((stem, n)) => {
                self.word.text.clone_from(stem);
                *n
            }
            None => {
                // As `stemming` would: lowercase, fold, double stem.
                let mut folded = self.fold.token_stream(raw);
                let folded = match folded.next() {
                    Some(t) => t.text.clone(),
                    None => raw.to_lowercase(),
                };
                let mut stream = self.stemmer.token_stream(&folded);
                let stem = match stream.next() {
                    Some(t) => t.text.clone(),
                    None => folded.clone(),
                };
                drop(stream);
                let n = self.words.number(&stem);
                self.word.text.clone_from(&stem);
                self.memo.insert(raw.to_string(), (stem, n));
                n
            }
        };
        self.word.offset_from = from;
        self.word.offset_to = to;
        self.word.position = self.word.position.wrapping_add(1);
        self.cur = n;
        true
    }
}

impl TokenStream for PairStream<'_> {
    fn advance(&mut self) -> bool {
        if self.pair_next {
            self.pair_next = false;
            if let (Some(a), Some(b)) = (self.prev, self.cur) {
                write_pair(&mut self.pair.text, self.words.name(a), self.words.name(b));
                self.pair.position = self.word.position;
                self.pair.offset_from = self.prev_from;
                self.pair.offset_to = self.word.offset_to;
                self.on_pair = true;
                return true;
            }
        }
        self.on_pair = false;
        self.prev = self.cur;
        self.prev_from = self.word.offset_from;
        if !self.next_stem() {
            return false;
        }
        if let (Some(a), Some(b)) = (self.prev, self.cur) {
            let bit = usize::from(a) * MAX_WORDS + usize::from(b);
            if let Some(slot) = self.seen.get_mut(bit / 64) {
                let mask = 1u64 << (bit % 64);
                self.pair_next = *slot & mask == 0;
                *slot |= mask;
            }
        }
        true
    }

    fn token(&self) -> &Token {
        if self.on_pair { &self.pair } else { &self.word }
    }

    fn token_mut(&mut self) -> &mut Token {
        if self.on_pair {
            &mut self.pair
        } else {
            &mut self.word
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(words: &[&str], text: &str) -> Vec<String> {
        let mut a = body_analyzer(
            Arc::new(PairWords::from_words(words.iter().map(|w| w.to_string()))),
            Arc::default(),
        );
        let mut out = Vec::new();
        let mut stream = a.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn adjacent_common_stems_add_their_pair_after_the_second() {
        let common = ["custom", "support", "the", "of"];
        assert_eq!(
            tokens(&common, "The Customers' support of the support desk"),
            [
                "the",
                "custom",
                "the custom",
                "support",
                "custom support",
                "of",
                "support of",
                "the",
                "of the",
                "support",
                "the support",
                "desk"
            ]
        );
        // A rare word between two common ones breaks the pair.
        assert_eq!(
            tokens(&common, "customer quixotic support"),
            ["custom", "quixot", "support"]
        );
        assert_eq!(tokens(&[], "customer support"), ["custom", "support"]);
    }

    #[test]
    fn a_pair_is_given_once_per_entry() {
        let common = ["custom", "support"];
        assert_eq!(
            tokens(
                &common,
                "customer support, customers support support customers"
            ),
            [
                "custom",
                "support",
                "custom support",
                "custom",
                "support custom",
                "support",
                "support",
                "support support",
                "custom"
            ]
        );
        // Across the texts (blocks) of one entry too; each entry starts
        // afresh, and is counted as begun.
        let begun = Arc::new(AtomicU64::new(0));
        let mut a = body_analyzer(
            Arc::new(PairWords::from_words(common.iter().map(|w| w.to_string()))),
            begun.clone(),
        );
        let mut pairs = |text: &str| {
            let mut stream = a.token_stream(text);
            let mut pairs = 0;
            while let Some(t) = stream.next() {
                pairs += usize::from(t.text.contains(' '));
            }
            pairs
        };
        assert_eq!(pairs(ENTRY_START), 0);
        assert_eq!(pairs("customer support"), 1);
        assert_eq!(pairs("customers support"), 0);
        assert_eq!(pairs(ENTRY_START), 0);
        assert_eq!(pairs("customer support"), 1);
        assert_eq!(begun.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn the_words_are_the_stemming_analyzers() {
        let text = "Élan — the customers' “support”, of the 2007 e-mail";
        let mut plain = Vec::new();
        let mut a = stemming();
        let mut stream = a.token_stream(text);
        while let Some(t) = stream.next() {
            plain.push(t.text.clone());
        }
        let with_pairs = tokens(&["the", "custom", "support", "of"], text);
        let words: Vec<&String> = with_pairs.iter().filter(|t| !t.contains(' ')).collect();
        assert_eq!(words, plain.iter().collect::<Vec<_>>());
        assert_eq!(with_pairs.len(), plain.len() + 4);
    }

    fn all(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = a.token_stream(text);
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_words_are_exactly_those_of_stemming(
            texts in proptest::collection::vec(
                "((The|the|THE|customer|Customers|support|of|Café|naïve|Æon|ǅemal|Σίσυφος|İstanbul|x²|٣|[a-zA-Z]{1,12}|[0-9]{1,4})[ ,.’—\\-\\t\\n]{1,2}){0,30}",
                1..4,
            )
        ) {
            // One analyzer over several texts, as an indexing thread uses
            // it: the memo carries over from text to text.
            let words = ["the", "custom", "support", "of", "cafe"].map(String::from);
            let mut body = body_analyzer(Arc::new(PairWords::from_words(words)), Arc::default());
            let mut plain = stemming();
            for text in &texts {
                let got: Vec<_> = all(&mut body, text)
                    .into_iter()
                    .filter(|t| !t.0.contains(' '))
                    .map(|(w, from, to, _)| (w, from, to))
                    .collect();
                let want: Vec<_> = all(&mut plain, text)
                    .into_iter()
                    .map(|(w, from, to, _)| (w, from, to))
                    .collect();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn words_count_positions_from_zero_and_pairs_share_the_second() {
        let words = ["custom", "support"].map(String::from);
        let mut body = body_analyzer(Arc::new(PairWords::from_words(words)), Arc::default());
        let got = all(&mut body, "Our customer support");
        let positions: Vec<usize> = got.iter().map(|t| t.3).collect();
        assert_eq!(positions, [0, 1, 2, 2]);
        assert_eq!(got[3].0, "custom support");
        assert_eq!((got[3].1, got[3].2), (4, 20));
    }

    #[test]
    fn common_words_are_the_most_held_while_their_pairs_stay_few() {
        // "alpha" is in every entry and half the words; "beta" in every
        // entry and a quarter; "gamma" in every entry, once; "delta" in one.
        let text = |i: usize| {
            let mut t = "alpha beta alpha alpha beta alpha gamma ".repeat(4);
            t.push_str(&format!("word{i}x word{i}y word{i}z "));
            if i == 0 {
                t.push_str("delta");
            }
            t
        };
        let entries = (0..10)
            .map(|i| Entry::with_blocks(vec![crate::model::Block::paragraph(text(i))]))
            .collect();
        let words = PairWords::sample(&Archive::new(entries, vec![]));
        // alpha covers 16/31 of the words (pairs ~27%); with beta 24/31
        // (pairs ~60%, over the budget), so only alpha is common.
        assert_eq!(words.to_sorted(), ["alpha"]);
    }

    #[test]
    fn a_pair_term_needs_both_words_common() {
        let w = PairWords::from_words(["custom".to_string(), "support".to_string()]);
        assert_eq!(
            w.pair("custom", "support").as_deref(),
            Some("custom support")
        );
        assert_eq!(w.pair("custom", "desk"), None);
        assert_eq!(w.to_sorted(), ["custom", "support"]);
    }
}
