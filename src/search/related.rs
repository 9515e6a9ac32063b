//! More like this: the entries whose words are most like one entry's,
//! each with the distinctive words they share with it (the "why").
//!
//! The open entry's own words are weighed by tf-idf against the index's
//! live statistics (so words every entry has weigh nothing), the
//! [`TERMS`] heaviest become one query of alternatives over the title and
//! body, and BM25 ranks the index under it. The terms are not boosted by
//! their weight (as Lucene's MoreLikeThis by default): a boost wraps each
//! term's scorer, and tantivy's block-max WAND, which skips the documents
//! that cannot make the top ten, works on plain term scorers only (with
//! boosts, 80 ms a query on 100,000 entries). Only term lookups: no other
//! entry's text is read.

use super::SearchIndex;
use super::analyze::Analyzer;
use super::index::body_texts;
use crate::explore::TeaserJoins;
use std::collections::HashMap;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Term};

/// Distinctive words of the open entry that make up the query.
const TERMS: usize = 25;
/// Shared words given as the reason for one related entry.
const WHY: usize = 5;

/// One entry like the open one.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// Canonical index.
    pub ix: u32,
    pub score: f32,
    /// The open entry's distinctive words this one holds too, heaviest
    /// first, as the open entry spells them (folded).
    pub why: Vec<String>,
}

/// One word of the query: its indexed stem, its spelling and its weight.
struct Word {
    stem: String,
    surface: String,
    weight: f32,
    /// Entries holding it.
    df: f32,
}

/// A word held by more than this share of the entries is left out of the
/// query when enough rarer ones are there: its long postings cost the
/// query its speed (on a corpus whose every word is common, 160 ms) and
/// say little about what the entry is about.
const COMMON_SHARE: f32 = 0.1;
/// Rarer words enough to make the query of.
const ENOUGH: usize = 5;

impl SearchIndex {
    /// The `n` entries most like the one at `ix`, best first. The entry
    /// itself is left out, and so is its teaser/article pair when `joins`
    /// knows it; a teaser whose article is also listed gives way to it.
    pub fn related(&self, ix: u32, n: usize, joins: Option<&TeaserJoins>) -> Vec<Related> {
        let words = self.distinctive(ix);
        if words.is_empty() || n == 0 {
            return Vec::new();
        }
        let mut leave_out = vec![ix];
        if let Some(j) = joins {
            leave_out.extend(j.partners(ix));
        }
        let found = self.top_like(&words, n + leave_out.len() + 4);
        let mut out: Vec<Related> = Vec::with_capacity(n);
        for (score, ix, why) in found {
            if leave_out.contains(&ix) {
                continue;
            }
            out.push(Related { ix, score, why });
        }
        if let Some(j) = joins {
            let listed: Vec<u32> = out.iter().map(|r| r.ix).collect();
            out.retain(|r| j.article_of(r.ix).is_none_or(|a| !listed.contains(&a)));
        }
        out.truncate(n);
        out
    }

    /// How many live entries hold the indexed word `stem` in their body.
    pub fn doc_freq(&self, stem: &str) -> u64 {
        let term = Term::from_field_text(self.fields.body, stem);
        tantivy::query::Bm25StatisticsProvider::doc_freq(&*self.stats, &term).unwrap_or(0)
    }

    /// How many live entries the index holds.
    pub fn live_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    /// The entry's [`TERMS`] heaviest words by tf-idf, heaviest first
    /// (words no other entry holds relate it to nothing, and words nearly
    /// every entry holds tell nothing: both are left out).
    fn distinctive(&self, ix: u32) -> Vec<Word> {
        let Some(entry) = self.with_text(ix) else {
            return Vec::new();
        };
        let mut analyzer = Analyzer::default();
        // Per stem: its count, and its spellings with theirs.
        let mut counts: HashMap<String, (u32, HashMap<String, u32>)> = HashMap::new();
        for text in std::iter::once(entry.title.as_str()).chain(body_texts(&entry)) {
            for t in analyzer.tokens(text) {
                if t.stem.chars().count() < 3 || t.stem.chars().all(|c| c.is_ascii_digit()) {
                    continue;
                }
                let (n, spellings) = counts.entry(t.stem).or_default();
                *n += 1;
                *spellings.entry(t.folded).or_default() += 1;
            }
        }
        let docs = self.live_docs().max(1) as f32;
        let mut words: Vec<Word> = counts
            .into_iter()
            .filter_map(|(stem, (n, spellings))| {
                let df = self.doc_freq(&stem) as f32;
                // A word nearly every entry holds says nothing about this
                // one (in a small folder, half of them may well share a
                // topic: those words are kept, weighed low by their idf).
                if df < 2.0 || df > 0.9 * docs {
                    return None;
                }
                let idf = (1.0 + (docs - df + 0.5) / (df + 0.5)).ln();
                let surface = spellings
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?
                    .0;
                let weight = (1.0 + (n as f32).ln()) * idf;
                Some(Word {
                    stem,
                    surface,
                    weight,
                    df,
                })
            })
            .collect();
        words.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.stem.cmp(&b.stem)));
        let rare = words.iter().filter(|w| w.df <= COMMON_SHARE * docs).count();
        if rare >= ENOUGH {
            words.retain(|w| w.df <= COMMON_SHARE * docs);
        }
        words.truncate(TERMS);
        words
    }

    /// The `limit` best entries under the words' query, each with the
    /// words it holds (heaviest first, at most [`WHY`]).
    fn top_like(&self, words: &[Word], limit: usize) -> Vec<(f32, u32, Vec<String>)> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for w in words {
            for field in [self.fields.title, self.fields.body] {
                let term = Term::from_field_text(field, &w.stem);
                let q = TermQuery::new(term, IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(q)));
            }
        }
        let query = BooleanQuery::new(clauses);
        let collector = TopDocs::with_limit(limit).order_by_score();
        let Ok(top) =
            self.searcher
                .search_with_statistics_provider(&query, &collector, &*self.stats)
        else {
            return Vec::new();
        };
        top.into_iter()
            .filter_map(|(score, addr)| {
                let ix = *self
                    .map
                    .get(addr.segment_ord as usize)?
                    .get(addr.doc_id as usize)?;
                (ix != super::index::NO_ENTRY).then(|| (score, ix, self.shared(words, addr)))
            })
            .collect()
    }

    /// The words (heaviest first, at most [`WHY`]) that the document at
    /// `addr` holds in its title or body: a seek in each word's postings.
    fn shared(&self, words: &[Word], addr: tantivy::DocAddress) -> Vec<String> {
        let reader = self.searcher.segment_reader(addr.segment_ord);
        let holds = |w: &Word| {
            [self.fields.body, self.fields.title]
                .into_iter()
                .any(|field| {
                    let term = Term::from_field_text(field, &w.stem);
                    reader
                        .inverted_index(field)
                        .ok()
                        .and_then(|inv| inv.read_postings(&term, IndexRecordOption::Basic).ok())
                        .flatten()
                        .is_some_and(|mut p| {
                            p.doc() <= addr.doc_id && p.seek(addr.doc_id) == addr.doc_id
                        })
                })
        };
        words
            .iter()
            .filter(|w| holds(w))
            .take(WHY)
            .map(|w| w.surface.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Archive;
    use crate::model::{Block, Entry, Kind, PageRef};
    use crate::search::{BuildOptions, BuildProgress};
    use std::sync::Arc;

    fn entry(id: &str, text: &str) -> Entry {
        Entry::with_blocks(vec![Block::paragraph(text)])
            .with_id(id)
            .with_title(id)
            .with_date((2007, 1, 1))
            .with_source(&format!("t/{id}.txt"))
    }

    fn index(entries: Vec<Entry>) -> SearchIndex {
        let archive = Arc::new(Archive::new(entries, vec![]));
        SearchIndex::build(archive, &BuildOptions::default(), &BuildProgress::default()).unwrap()
    }

    fn filler(i: usize) -> Entry {
        entry(
            &format!("filler{i}"),
            "The weather was fine and the team met on a Tuesday to talk about the plan.",
        )
    }

    fn ids(ix: &SearchIndex, found: &[Related]) -> Vec<String> {
        found
            .iter()
            .map(|r| ix.archive().get(r.ix).unwrap().id.clone())
            .collect()
    }

    #[test]
    fn related_ranks_entries_sharing_distinctive_words_first_and_says_which() {
        let mut entries = vec![
            entry(
                "open",
                "Submarine sonar and torpedo crews trained for the patrol. The team met.",
            ),
            entry(
                "close",
                "A submarine crew checked its sonar before the long patrol.",
            ),
            entry("part", "The torpedo was old."),
            entry("none", "Gardening tips: roses, tulips in spring."),
        ];
        entries.extend((0..8).map(filler));
        let ix = index(entries);
        let open = ix.archive().index_of("open").unwrap();
        let found = ix.related(open, 3, None);
        assert_eq!(ids(&ix, &found)[..2], ["close", "part"]);
        let mut why = found[0].why.clone();
        why.sort();
        assert_eq!(why, ["crews", "patrol", "sonar", "submarine"]);
        assert!(!ids(&ix, &found).contains(&"open".to_string()));
        assert!(!ids(&ix, &found).contains(&"none".to_string()));
    }

    #[test]
    fn a_word_most_entries_hold_is_left_out_of_the_query_when_rarer_ones_suffice() {
        let open = "Ocean ocean ocean ocean. Anchor, beacon, compass, dinghy, estuary, fathom.";
        let mut entries = vec![
            entry("open", open),
            entry(
                "rare",
                "An anchor, a beacon, a compass, a dinghy, an estuary, a fathom.",
            ),
        ];
        // "ocean" in 21 of 62 entries: over a tenth.
        entries.extend((0..20).map(|i| entry(&format!("sea{i}"), "The ocean was calm.")));
        entries.extend((0..40).map(filler));
        let ix = index(entries);
        let found = ix.related(ix.archive().index_of("open").unwrap(), 10, None);
        assert_eq!(ids(&ix, &found), ["rare"]);
        assert!(found.iter().all(|r| !r.why.contains(&"ocean".to_string())));
    }

    #[test]
    fn related_leaves_out_the_open_entrys_teaser_and_a_teaser_listed_with_its_article() {
        let text =
            "Submarine sonar and torpedo crews trained for the long patrol in the cold north sea.";
        let mut teaser = entry("teaser", text);
        teaser.kind = Kind::Excerpt;
        teaser.page = Some(PageRef {
            source: "t/index.txt".into(),
            part: 1,
            of: 1,
        });
        let mut other_teaser = entry(
            "other-teaser",
            "Sonar crews and their torpedo drills on patrol in the north, written up in full here.",
        );
        other_teaser.kind = Kind::Excerpt;
        let mut entries = vec![
            entry("open", text),
            teaser,
            entry(
                "other",
                "Sonar crews and their torpedo drills on patrol in the north, written up in full here and more.",
            ),
            other_teaser,
        ];
        entries.extend((0..8).map(filler));
        let ix = index(entries);
        let joins = TeaserJoins::find(ix.archive());
        let open = ix.archive().index_of("open").unwrap();
        assert_eq!(joins.teasers_of(open).len(), 1);
        let found = ids(&ix, &ix.related(open, 5, Some(&joins)));
        assert_eq!(found.first().map(String::as_str), Some("other"));
        assert!(!found.contains(&"teaser".to_string()), "{found:?}");
        assert!(!found.contains(&"other-teaser".to_string()), "{found:?}");
        // Without the joins, the teaser is the most like it.
        assert_eq!(
            ids(&ix, &ix.related(open, 5, None))
                .first()
                .map(String::as_str),
            Some("teaser")
        );
    }
}
