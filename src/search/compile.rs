//! Turning a parsed [`Query`] into a tantivy query, and collecting every
//! match with its score.
//!
//! Each word becomes a disjunction over title (boost 3), headings (2) and
//! body (1), so BM25 weighs a title match above a body match; all positive
//! clauses are required, excluded clauses are `MustNot`. In the body, a
//! phrase of common words is looked up by its indexed word pairs (see
//! `pairs`) instead of by word positions.

use super::index::{Fields, NO_ENTRY};
use super::pairs::PairWords;
use super::query::{Clause, ClauseKind, Query};
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, Term};

/// The tantivy query for the text part of `q` (`AllQuery` when it has none).
pub fn compile(q: &Query, f: &Fields, pairs: &PairWords) -> tantivy::Result<Box<dyn TQuery>> {
    let mut subs: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for c in &q.clauses {
        let occur = if c.excluded {
            Occur::MustNot
        } else {
            Occur::Must
        };
        subs.push((occur, clause(c, f, pairs)?));
    }
    if q.is_text_empty() {
        subs.push((Occur::Must, Box::new(AllQuery)));
    }
    Ok(Box::new(BooleanQuery::new(subs)))
}

/// One clause over the three weighted fields.
fn clause(c: &Clause, f: &Fields, pairs: &PairWords) -> tantivy::Result<Box<dyn TQuery>> {
    let mut fields: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
    for (field, boost) in f.weighted() {
        let q = match (field == f.body, c.kind) {
            (true, ClauseKind::Word | ClauseKind::Phrase) if c.terms.len() > 1 => {
                body_phrase(&c.terms, f, pairs)
            }
            _ => in_field(c, field)?,
        };
        fields.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
    }
    Ok(Box::new(BooleanQuery::new(fields)))
}

fn in_field(c: &Clause, field: Field) -> tantivy::Result<Box<dyn TQuery>> {
    let term = |s: &String| Term::from_field_text(field, s);
    Ok(match (c.kind, c.terms.as_slice()) {
        (ClauseKind::Prefix, [p, ..]) => Box::new(RegexQuery::from_pattern(
            // Not `.*`: the body also holds word pairs (`a b`).
            &format!("{}[^ ]*", escape(p)),
            field,
        )?),
        (_, [one]) => Box::new(TermQuery::new(term(one), IndexRecordOption::WithFreqs)),
        (_, terms) => Box::new(PhraseQuery::new(terms.iter().map(term).collect())),
    })
}

/// A phrase in the body. When every adjacent pair of its words is an
/// indexed pair, two words are one pair term and longer phrases check
/// positions only in the entries that hold all their pairs; otherwise the
/// plain positional phrase.
fn body_phrase(terms: &[String], f: &Fields, pairs: &PairWords) -> Box<dyn TQuery> {
    let pair_terms: Option<Vec<Term>> = terms
        .windows(2)
        .map(|w| Some(Term::from_field_text(f.body, &pairs.pair(&w[0], &w[1])?)))
        .collect();
    let phrase = || {
        let words = terms.iter().map(|t| Term::from_field_text(f.body, t));
        Box::new(PhraseQuery::new(words.collect())) as Box<dyn TQuery>
    };
    match pair_terms {
        Some(mut p) if p.len() == 1 => {
            Box::new(TermQuery::new(p.remove(0), IndexRecordOption::WithFreqs))
        }
        Some(p) => {
            let mut subs: Vec<(Occur, Box<dyn TQuery>)> = p
                .into_iter()
                .map(|t| {
                    let q = TermQuery::new(t, IndexRecordOption::Basic);
                    (
                        Occur::Must,
                        Box::new(ConstScoreQuery::new(Box::new(q), 0.0)) as _,
                    )
                })
                .collect();
            subs.push((Occur::Must, phrase()));
            Box::new(BooleanQuery::new(subs))
        }
        None => phrase(),
    }
}

/// Escapes regex syntax (folded terms are mostly letters and digits, but a
/// query must never be able to inject a pattern).
fn escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            // Escaping a non-punctuation character (`\ж`) is itself an error.
            let special = c.is_ascii_punctuation();
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// One segment's document-to-canonical-index map (empty if unknown).
fn segment_map(maps: &[Arc<[u32]>], ord: SegmentOrdinal) -> Arc<[u32]> {
    maps.get(ord as usize)
        .cloned()
        .unwrap_or_else(|| Arc::from(Vec::new()))
}

/// Collects every matching document as (canonical index, score).
pub struct AllScores {
    /// Per segment ordinal: document to canonical index.
    pub map: Vec<Arc<[u32]>>,
}

pub struct SegmentScores {
    map: Arc<[u32]>,
    out: Vec<(u32, f32)>,
}

impl Collector for AllScores {
    type Fruit = Vec<(u32, f32)>;
    type Child = SegmentScores;

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        _: &SegmentReader,
    ) -> tantivy::Result<SegmentScores> {
        let map = segment_map(&self.map, ord);
        Ok(SegmentScores {
            map,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(u32, f32)>>) -> tantivy::Result<Vec<(u32, f32)>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentScores {
    type Fruit = Vec<(u32, f32)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        match self.map.get(doc as usize) {
            Some(&ix) if ix != NO_ENTRY => self.out.push((ix, score)),
            _ => {}
        }
    }

    fn harvest(self) -> Vec<(u32, f32)> {
        self.out
    }
}

/// Collects every matching document's canonical index, unscored: for
/// counts, where BM25 would be work thrown away.
pub struct AllDocs {
    /// Per segment ordinal: document to canonical index.
    pub map: Vec<Arc<[u32]>>,
}

pub struct SegmentDocs {
    map: Arc<[u32]>,
    out: Vec<u32>,
}

impl Collector for AllDocs {
    type Fruit = Vec<u32>;
    type Child = SegmentDocs;

    fn for_segment(&self, ord: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentDocs> {
        let map = segment_map(&self.map, ord);
        Ok(SegmentDocs {
            map,
            out: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<u32>>) -> tantivy::Result<Vec<u32>> {
        Ok(fruits.concat())
    }
}

impl SegmentCollector for SegmentDocs {
    type Fruit = Vec<u32>;

    fn collect(&mut self, doc: DocId, _: Score) {
        match self.map.get(doc as usize) {
            Some(&ix) if ix != NO_ENTRY => self.out.push(ix),
            _ => {}
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.out.extend(
            docs.iter()
                .filter_map(|&d| self.map.get(d as usize).copied())
                .filter(|&ix| ix != NO_ENTRY),
        );
    }

    fn harvest(self) -> Vec<u32> {
        self.out
    }
}
