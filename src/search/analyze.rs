//! Text analysis shared by the index, the query parser and the highlighter.
//!
//! One pipeline turns text into terms everywhere: split on anything that is
//! not a letter or digit, lowercase, fold accents to ASCII, English stemming.
//! Because indexing, queries and highlights all go through [`Analyzer`], a
//! highlighted word is exactly a word the engine matched.

use std::collections::HashMap;

/// The memo's map: foldhash is several times faster than the default
/// SipHash on short words, and the memo needs no protection from crafted
/// keys (its keys come from the user's own files, and it is cleared often).
type Memo = HashMap<String, String, foldhash::fast::RandomState>;
use std::ops::Range;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer,
    TokenFilter, TokenStream, Tokenizer,
};

/// Name under which the stemming analyzer is registered in the index.
pub const TOKENIZER: &str = "hotline_en";

/// The stemming analyzer used for every text field.
///
/// The English (Porter 2) stemmer runs twice: once only maps `professional`
/// to `profession` but `profession` to `profess`, so a search for one would
/// miss the other. The second pass conflates such chains of suffixes.
pub fn stemming() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(RememberedStem)
        .build()
}

/// The double English stem of one word, uncached (see [`stemming`]).
pub(super) fn double_stem() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default())
        .filter(Stemmer::new(Language::English))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Words remembered by one [`RememberedStem`] before it starts afresh.
pub(super) const STEM_MEMO: usize = 100_000;

/// A token filter giving each word its double English stem, remembering
/// the stems it has computed: prose repeats a small vocabulary, and
/// stemming was a third of the indexing time. Same terms as two
/// `Stemmer::new(Language::English)` filters in a row (property-tested).
#[derive(Clone, Copy, Default)]
pub struct RememberedStem;

impl TokenFilter for RememberedStem {
    type Tokenizer<T: Tokenizer> = RememberedStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RememberedStemFilter<T> {
        RememberedStemFilter {
            inner: tokenizer,
            stemmer: double_stem(),
            memo: Memo::default(),
        }
    }
}

#[derive(Clone)]
pub struct RememberedStemFilter<T> {
    inner: T,
    stemmer: TextAnalyzer,
    memo: Memo,
}

impl<T: Tokenizer> Tokenizer for RememberedStemFilter<T> {
    type TokenStream<'a> = RememberedStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if self.memo.len() > STEM_MEMO {
            self.memo.clear();
        }
        RememberedStemStream {
            tail: self.inner.token_stream(text),
            stemmer: &mut self.stemmer,
            memo: &mut self.memo,
        }
    }
}

pub struct RememberedStemStream<'a, S> {
    tail: S,
    stemmer: &'a mut TextAnalyzer,
    memo: &'a mut Memo,
}

impl<S: TokenStream> TokenStream for RememberedStemStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.memo.get(&token.text) {
            token.text.clone_from(stem);
            return true;
        }
        let mut stream = self.stemmer.token_stream(&token.text);
        let stem = if stream.advance() {
            stream.token().text.clone()
        } else {
            token.text.clone()
        };
        drop(stream);
        self.memo
            .insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        true
    }

    fn token(&self) -> &tantivy::tokenizer::Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        self.tail.token_mut()
    }
}

/// The same pipeline without stemming (for prefixes and suggestions).
pub fn folding() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// One word of a text: where it is, its folded form and its stem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the analysed text (on char boundaries).
    pub range: Range<usize>,
    /// Lowercased, accent-folded word.
    pub folded: String,
    /// The indexed term.
    pub stem: String,
}

/// Both analyzers, reusable across calls (they need `&mut` to run).
#[derive(Clone)]
pub struct Analyzer {
    stem: TextAnalyzer,
    fold: TextAnalyzer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stem: stemming(),
            fold: folding(),
        }
    }
}

impl Analyzer {
    /// The stems of a text, in order.
    pub fn stems(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = self.stem.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    /// The folded (unstemmed) words of a text, in order.
    pub fn folded(&mut self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = self.fold.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    /// The first `n` folded words of a text; the rest is not analysed.
    pub fn folded_prefix(&mut self, text: &str, n: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut stream = self.fold.token_stream(text);
        while out.len() < n {
            let Some(t) = stream.next() else { break };
            out.push(t.text.clone());
        }
        out
    }

    /// The folded words of a text with their byte ranges (stems are
    /// computed on demand with [`Analyzer::stem_word`]: stemming is the
    /// costly part of analysis and most words need no stem to be ruled out).
    pub fn folded_tokens(&mut self, text: &str) -> Vec<(Range<usize>, String)> {
        let mut out = Vec::new();
        let mut stream = self.fold.token_stream(text);
        while let Some(t) = stream.next() {
            let (from, to) = (t.offset_from, t.offset_to);
            if from <= to && text.is_char_boundary(from) && text.is_char_boundary(to) {
                out.push((from..to, t.text.clone()));
            }
        }
        out
    }

    /// The stem of one folded word.
    pub fn stem_word(&mut self, folded: &str) -> String {
        let mut stream = self.stem.token_stream(folded);
        stream.next().map(|t| t.text.clone()).unwrap_or_default()
    }

    /// Every word of a text with its offsets, folded form and stem. Both
    /// pipelines share the tokenizer and their filters map one token to one
    /// token, so the two streams line up.
    pub fn tokens(&mut self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut folded = self.fold.token_stream(text);
        let mut stemmed = self.stem.token_stream(text);
        while let (Some(f), Some(s)) = (folded.next(), stemmed.next()) {
            let (from, to) = (f.offset_from, f.offset_to);
            if from <= to && text.is_char_boundary(from) && text.is_char_boundary(to) {
                out.push(Token {
                    range: from..to,
                    folded: f.text.clone(),
                    stem: s.text.clone(),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pipeline as it was before stems were remembered.
    fn two_stemmers() -> TextAnalyzer {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .filter(Stemmer::new(Language::English))
            .build()
    }

    fn terms(a: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
        let mut out = Vec::new();
        let mut stream = a.token_stream(text);
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn remembered_stems_are_the_double_stems(
            texts in proptest::collection::vec(
                "((professional|profession|professionally|running|runs|ran|generously|happiness|Café|naïve|résumé|dying|the|a|x|[a-zA-Z]{1,12}|[0-9]{1,4})[ ,.’—-]{1,2}){0,30}",
                1..4,
            )
        ) {
            // One analyzer over several texts, as an indexing thread uses
            // it: the memo carries over from text to text.
            let (mut new, mut old) = (stemming(), two_stemmers());
            for text in &texts {
                proptest::prop_assert_eq!(terms(&mut new, text), terms(&mut old, text));
            }
        }
    }

    #[test]
    fn folds_case_accents_and_stems() {
        let mut a = Analyzer::default();
        assert_eq!(a.stems("Café PROFESSIONAL"), a.stems("cafe professional"));
        assert_eq!(a.stems("profession"), a.stems("professional"));
        assert_eq!(a.stems("professionally"), a.stems("profession"));
        assert_eq!(a.folded("Naïve Résumé"), ["naive", "resume"]);
    }

    #[test]
    fn tokens_carry_byte_ranges_on_char_boundaries() {
        let mut a = Analyzer::default();
        let text = "Élan — customers' “support”";
        let toks = a.tokens(text);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(words, ["Élan", "customers", "support"]);
        assert_eq!(toks[0].folded, "elan");
        assert_eq!(toks[1].stem, "custom");
        let folded = a.folded_tokens(text);
        assert_eq!(folded.len(), 3);
        assert_eq!(folded[1], (toks[1].range.clone(), "customers".to_string()));
        assert_eq!(a.stem_word("customers"), "custom");
    }
}
