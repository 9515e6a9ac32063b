//! The tantivy side of search: schema, writing entries, and the mapping from
//! tantivy documents back to archive indexes.
//!
//! Nothing is stored in tantivy but postings and a few small columns:
//! snippets and highlights are computed from the entries' text, which the
//! archive holds or, for an archive of outlines, `load::with_text` reads
//! from the hits' files. Each document carries the entry's stable
//! `id` (a fast column, used to map documents to canonical indexes when an
//! index is reopened for a differently ordered archive), its `source`
//! (indexed, so a changed file's documents can be deleted, and stored, so a
//! hit's file can be found) and the columns filters and the canonical order
//! read: `author`, `day` and `kind`. From those alone [`outline_entries`]
//! gives back each entry's id, author, date and kind: enough for a search
//! of unchanged files without loading the archive (see `super::quick`).
//!
//! [`LiveStats`] gives BM25 the statistics of the live documents only, so
//! an index updated in place ranks like a fresh index of the same entries.

use super::analyze::{TOKENIZER, stemming};
use super::pairs::{BODY_TOKENIZER, PairWords, body_analyzer};
use crate::archive::Archive;
use crate::model::{Block, Entry, Kind};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DocId, DocSet, Index, IndexWriter, Searcher, SegmentReader, TantivyDocument, Term};

/// Bumped whenever the schema or the analysis changes; old caches are rebuilt.
pub const SCHEMA_VERSION: u32 = 4;

/// Marks a document whose entry is not in the archive.
pub const NO_ENTRY: u32 = u32::MAX;

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub title: Field,
    pub headings: Field,
    pub body: Field,
    pub id: Field,
    pub source: Field,
    pub author: Field,
    pub day: Field,
    pub kind: Field,
    /// Tags and categories, one value each: a search without a load
    /// filters by them too.
    pub tag: Field,
}

impl Fields {
    /// The three text fields with their BM25 boosts, best first.
    pub fn weighted(&self) -> [(Field, f32); 3] {
        [(self.title, 3.0), (self.headings, 2.0), (self.body, 1.0)]
    }
}

/// Builds the schema.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // The body's words and the pairs of its common words (see `pairs`).
    let body = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BODY_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        title: b.add_text_field("title", text.clone()),
        headings: b.add_text_field("headings", text),
        body: b.add_text_field("body", body),
        id: b.add_text_field("id", STRING | FAST),
        source: b.add_text_field("source", STRING | STORED),
        author: b.add_text_field("author", STRING | FAST),
        day: b.add_i64_field("day", FAST),
        kind: b.add_u64_field("kind", FAST),
        tag: b.add_text_field("tag", STRING | FAST),
    };
    (b.build(), fields)
}

/// The fields of an opened index, if its schema is ours.
pub fn fields_of(index: &Index) -> Option<Fields> {
    let s = index.schema();
    let (expected, _) = schema();
    if s != expected {
        return None;
    }
    Some(Fields {
        title: s.get_field("title").ok()?,
        headings: s.get_field("headings").ok()?,
        body: s.get_field("body").ok()?,
        id: s.get_field("id").ok()?,
        source: s.get_field("source").ok()?,
        author: s.get_field("author").ok()?,
        day: s.get_field("day").ok()?,
        kind: s.get_field("kind").ok()?,
        tag: s.get_field("tag").ok()?,
    })
}

/// Registers our analyzers, the body's with the index's common words;
/// needed after creating or opening an index. Returns the count of entries
/// whose indexing has begun (see [`super::pairs::body_analyzer`]).
pub fn register_tokenizers(index: &Index, pairs: Arc<PairWords>) -> Arc<AtomicU64> {
    let begun = Arc::new(AtomicU64::new(0));
    index.tokenizers().register(TOKENIZER, stemming());
    index
        .tokenizers()
        .register(BODY_TOKENIZER, body_analyzer(pairs, begun.clone()));
    begun
}

/// The body text of an entry: every block but headings, one value each.
pub fn body_texts(e: &Entry) -> impl Iterator<Item = &str> {
    e.blocks.iter().filter(|b| !b.is_heading()).map(Block::text)
}

/// The tantivy document of one entry.
pub fn document(f: &Fields, e: &Entry) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(f.title, &e.title);
    for h in e.sections() {
        doc.add_text(f.headings, h);
    }
    doc.add_text(f.body, super::pairs::ENTRY_START);
    for t in body_texts(e) {
        doc.add_text(f.body, t);
    }
    doc.add_text(f.id, &e.id);
    doc.add_text(f.source, &e.source);
    if let Some(a) = &e.author {
        doc.add_text(f.author, a);
    }
    if let Some(d) = e.date {
        doc.add_i64(f.day, i64::from(d.num_days_from_ce()));
    }
    doc.add_u64(f.kind, kind_code(e.kind));
    for t in &e.tags {
        doc.add_text(f.tag, t);
    }
    doc
}

/// The `kind` column's value of a kind.
fn kind_code(k: Kind) -> u64 {
    match k {
        Kind::Article => 0,
        Kind::Excerpt => 1,
    }
}

/// Per segment ordinal, per document: the entry's id, author, date, kind and tags
/// read back from the columns (`None` for deleted documents). Every other
/// field of the entries is empty; their source is in the document store.
pub fn outline_entries(searcher: &Searcher) -> tantivy::Result<Vec<Vec<Option<Entry>>>> {
    searcher
        .segment_readers()
        .par_iter()
        .map(segment_entries)
        .collect()
}

fn segment_entries(reader: &SegmentReader) -> tantivy::Result<Vec<Option<Entry>>> {
    let fast = reader.fast_fields();
    let not_ours = || tantivy::TantivyError::SchemaError("a column is missing".into());
    let ids = fast.str("id")?.ok_or_else(not_ours)?;
    let authors = fast.str("author")?.ok_or_else(not_ours)?;
    let days = fast.i64("day")?;
    let kinds = fast.u64("kind")?;
    let tags = fast.str("tag")?.ok_or_else(not_ours)?;
    let terms = |col: &tantivy::columnar::StrColumn| -> tantivy::Result<Vec<Option<String>>> {
        let mut out = Vec::with_capacity(col.num_terms());
        let mut stream = col.dictionary().stream()?;
        while stream.advance() {
            out.push(String::from_utf8(stream.key().to_vec()).ok());
        }
        Ok(out)
    };
    // Each id names one document: it is moved out of its term, not copied
    // (a second document with the same id finds `None` and is no entry,
    // which the caller's count of documents per entry catches).
    let mut id_terms = terms(&ids)?;
    let author_terms = terms(&authors)?;
    let tag_terms = terms(&tags)?;
    let alive = reader.alive_bitset();
    Ok((0..reader.max_doc())
        .map(|doc| {
            if alive.is_some_and(|a| !a.is_alive(doc)) {
                return None;
            }
            let id = id_terms.get_mut(ids.ords().first(doc)? as usize)?.take()?;
            let author = authors
                .ords()
                .first(doc)
                .and_then(|o| author_terms.get(o as usize).cloned().flatten());
            let date = days
                .first(doc)
                .and_then(|d| i32::try_from(d).ok())
                .and_then(NaiveDate::from_num_days_from_ce_opt);
            // A code this schema never writes is no entry: the caller
            // then finds the index not matching and does not use it.
            let kind = match kinds.first(doc)? {
                0 => Kind::Article,
                1 => Kind::Excerpt,
                _ => return None,
            };
            let mut e = Entry {
                id,
                author,
                date,
                kind,
                ..Entry::with_blocks(Vec::new())
            };
            e.tags = tags
                .ords()
                .values_for_doc(doc)
                .filter_map(|o| tag_terms.get(o as usize).cloned().flatten())
                .collect();
            Some(e)
        })
        .collect())
}

/// Queues the deletion of every document from `source`.
pub fn delete_source(writer: &IndexWriter, f: &Fields, source: &str) {
    writer.delete_term(Term::from_field_text(f.source, source));
}

/// Per segment ordinal: document id to canonical index.
pub type DocMap = Vec<Arc<[u32]>>;

/// For each segment of `searcher` (by segment ordinal), the canonical index
/// of each document, or [`NO_ENTRY`]. Also returns how many live documents
/// each archive entry has (1 in a sound index). Segments are mapped on
/// every core.
pub fn map_documents(searcher: &Searcher, archive: &Archive) -> tantivy::Result<(DocMap, Vec<u8>)> {
    let maps = searcher
        .segment_readers()
        .par_iter()
        .map(|reader| map_segment(reader, archive))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut seen = vec![0u8; archive.len()];
    for &ix in maps.iter().flat_map(|m| m.iter()) {
        if let Some(n) = seen.get_mut(ix as usize) {
            *n = n.saturating_add(1);
        }
    }
    Ok((maps, seen))
}

/// The canonical index of each document of one segment ([`NO_ENTRY`] for
/// deleted documents and ids not in the archive).
fn map_segment(reader: &SegmentReader, archive: &Archive) -> tantivy::Result<Arc<[u32]>> {
    let mut map = vec![NO_ENTRY; reader.max_doc() as usize];
    let Some(col) = reader.fast_fields().str("id")? else {
        return Ok(Arc::from(map));
    };
    let mut by_ord = Vec::with_capacity(col.num_terms());
    let mut stream = col.dictionary().stream()?;
    while stream.advance() {
        let ix = std::str::from_utf8(stream.key())
            .ok()
            .and_then(|id| archive.index_of(id))
            .unwrap_or(NO_ENTRY);
        by_ord.push(ix);
    }
    let alive = reader.alive_bitset();
    for (doc, slot) in map.iter_mut().enumerate() {
        let doc = doc as u32;
        if alive.is_some_and(|a| !a.is_alive(doc)) {
            continue;
        }
        *slot = col
            .ords()
            .first(doc)
            .and_then(|o| by_ord.get(o as usize).copied())
            .unwrap_or(NO_ENTRY);
    }
    Ok(Arc::from(map))
}

/// BM25 statistics of the live documents. tantivy's own count the
/// documents an update deleted until their segment is merged, and this
/// index is never merged: after edits in place, document counts, term
/// frequencies across documents and the average length all drifted from a
/// fresh index of the same entries, enough to reorder near-equal hits.
/// With these, an updated index and a fresh one score alike.
#[derive(Clone)]
pub struct LiveStats {
    searcher: Searcher,
    docs: u64,
    /// Per text field: the tokens of its live documents, summed from their
    /// field norms (per document, the same in any index of that entry;
    /// tantivy's own total is exact but keeps deleted documents').
    tokens: Vec<(Field, u64)>,
    /// Per segment ordinal: its deleted documents, ascending (mostly none).
    deleted: Vec<Vec<DocId>>,
}

impl LiveStats {
    /// The statistics of `searcher`'s live documents, segments on every core.
    pub fn new(searcher: &Searcher, f: &Fields) -> tantivy::Result<LiveStats> {
        let readers = searcher.segment_readers();
        let deleted = readers
            .par_iter()
            .map(|r| match r.alive_bitset() {
                Some(alive) => (0..r.max_doc()).filter(|&d| !alive.is_alive(d)).collect(),
                None => Vec::new(),
            })
            .collect();
        let mut tokens = Vec::new();
        for (field, _) in f.weighted() {
            let per_segment = readers
                .par_iter()
                .map(|r| {
                    let norms = r.get_fieldnorms_reader(field)?;
                    Ok(r.doc_ids_alive()
                        .map(|d| u64::from(norms.fieldnorm(d)))
                        .sum::<u64>())
                })
                .collect::<tantivy::Result<Vec<u64>>>()?;
            tokens.push((field, per_segment.iter().sum()));
        }
        Ok(LiveStats {
            searcher: searcher.clone(),
            docs: searcher.num_docs(),
            tokens,
            deleted,
        })
    }
}

impl Bm25StatisticsProvider for LiveStats {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        match self.tokens.iter().find(|(f, _)| *f == field) {
            Some(&(_, n)) => Ok(n),
            None => self.searcher.total_num_tokens(field),
        }
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.docs)
    }

    /// Documents holding `term`, less the deleted ones: each deleted
    /// document is looked up in the term's postings (a skip, not a scan).
    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let mut n = 0u64;
        for (reader, deleted) in self.searcher.segment_readers().iter().zip(&self.deleted) {
            let inv = reader.inverted_index(term.field())?;
            let all = u64::from(inv.doc_freq(term)?);
            if all == 0 || deleted.is_empty() {
                n += all;
                continue;
            }
            let Some(mut postings) = inv.read_postings(term, IndexRecordOption::Basic)? else {
                continue;
            };
            let gone = deleted
                .iter()
                .filter(|&&d| postings.doc() <= d && postings.seek(d) == d)
                .count();
            n += all.saturating_sub(gone as u64);
        }
        Ok(n)
    }
}
