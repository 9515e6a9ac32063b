//! Full-text search over an [`Archive`], built on tantivy.
//!
//! [`SearchIndex`] owns a tantivy index of the archive's entries (in memory,
//! or on disk in the per-user cache, see [`cache`]) and answers a parsed
//! [`Query`] combined with a [`Filter`]: ranked [`Hit`]s with highlighted
//! [`Snippet`]s, every matching entry in canonical order (for facets), and,
//! when the caller asks for it ([`Fallback::Typos`]), a "did you mean"
//! fallback when nothing matches. A filter (`list --query`) asks for
//! [`Fallback::Never`]: it must act on the words as typed, never on a guess.
//! [`highlight`] finds every hit inside one entry for the reader.
//!
//! Module map: [`analyze`] (the one text pipeline), [`query`] (the query
//! language), `index` (schema, documents, BM25 statistics of the live
//! documents), `compile` (query to tantivy),
//! [`highlight`] (hits and snippets), `fuzzy` (typo fallback), [`cache`]
//! (on-disk reuse and incremental updates), [`quick`] (a search of unchanged
//! folders from the cached index and the files' stamps, without a load),
//! `related` (more like this: [`SearchIndex::related`]).

pub mod analyze;
pub mod cache;
mod compile;
pub(crate) mod fuzzy;
pub mod highlight;
mod index;
mod pairs;
pub mod query;
pub mod quick;
mod related;

pub use cache::{CACHE_ENV, CacheOptions, Prefetch};
pub use highlight::{Snippet, highlight};
pub(crate) use index::body_texts;
pub use query::{Clause, ClauseKind, DateRange, Query, QueryError};
pub use related::Related;

use crate::archive::Archive;
use crate::query::Filter;
use analyze::Analyzer;
use index::{DocMap, Fields, LiveStats};
use pairs::PairWords;
use std::path::PathBuf;
use std::sync::Arc;
use tantivy::query::EnableScoring;
use tantivy::{Executor, Index, IndexReader, ReloadPolicy, Searcher};

/// Why an index could not be built or opened.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index cache {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no cache directory could be determined (set HOTLINE_CACHE_DIR)")]
    NoCacheDir,
    #[error("indexing was cancelled")]
    Cancelled,
    #[error("the archive was loaded without its text, which indexing needs")]
    NoText,
}

/// How to build an index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// Indexing threads; 0 means one per core (at most 8).
    pub threads: usize,
    /// Total indexing memory of all threads, in bytes.
    pub heap_bytes: usize,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            threads: 0,
            heap_bytes: 48 << 20,
        }
    }
}

impl BuildOptions {
    fn thread_count(&self) -> usize {
        match self.threads {
            0 => crate::threads::available(8),
            n => n,
        }
    }
}

/// Progress of an index build, readable from another thread; cancellable.
pub type BuildProgress = crate::progress::Progress;

/// One ranked result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Canonical index of the entry in the archive.
    pub ix: u32,
    /// BM25 score, higher is better (0 for queries without words).
    pub score: f32,
    pub snippet: Snippet,
}

/// What a search found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    /// The best `limit` hits, best first.
    pub hits: Vec<Hit>,
    /// Every matching entry in canonical order (for facets and the list).
    pub all: Vec<u32>,
    /// `all.len()`.
    pub total: usize,
    /// `Some(corrected query)` when nothing matched the query as typed and
    /// these results are for the corrected one.
    pub fuzzy: Option<String>,
    /// Every match, best first: filled by [`SearchIndex::search_ranked`]
    /// only (ranking all matches costs a sort), empty otherwise.
    pub ranked: Vec<u32>,
}

/// What a search does when its query matches nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fallback {
    /// Nothing: the answer is empty. For filters, which must act on the
    /// query as typed (`list`, `export`, `authors`, `timeline --query`).
    Never,
    /// Words found in no entry are replaced by a close indexed word (see
    /// `fuzzy` for how close) and the answer says so
    /// ([`SearchResults::fuzzy`]), but only when the corrected query finds
    /// something. For searches a person reads: `hotline search`, the
    /// window's search box.
    Typos,
}

/// How much of the ranking a search returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ranking {
    /// The best `limit`, with snippets.
    Top,
    /// Also every match in rank order.
    All,
}

/// A searchable index of one archive. Cheap to share (`Arc`), `Sync`.
pub struct SearchIndex {
    archive: Arc<Archive>,
    searcher: Searcher,
    fields: Fields,
    /// The common words whose pairs are indexed.
    pairs: Arc<PairWords>,
    /// Per segment: document to canonical index.
    map: Vec<Arc<[u32]>>,
    /// BM25 statistics of the live documents (see [`LiveStats`]).
    stats: Arc<LiveStats>,
    /// Threads that search segments side by side (none on one core).
    parallel: Option<Arc<Executor>>,
    report: CacheReport,
    /// Where the hits' text comes from.
    texts: Texts,
}

/// Where a [`SearchIndex`] finds the text of its hits.
#[derive(Clone)]
enum Texts {
    /// In its archive, or in the files the archive's stamps describe (see
    /// [`crate::load::with_text`]).
    Archive,
    /// In the files its cache's manifest describes: the archive holds only
    /// what the index's columns do (see [`quick`]).
    Files(Arc<quick::FileTexts>),
}

/// What [`SearchIndex::open_or_build`] did with the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheReport {
    /// The whole archive was indexed (no cache, or one not trusted).
    pub rebuilt: bool,
    /// Entries (re-)indexed.
    pub indexed: usize,
    /// Source files whose old documents were deleted (changed or removed).
    pub dropped_sources: usize,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("entries", &self.archive.len())
            .field("segments", &self.map.len())
            .finish()
    }
}

impl SearchIndex {
    /// Indexes every entry of `archive` in memory.
    pub fn build(
        archive: Arc<Archive>,
        opts: &BuildOptions,
        progress: &BuildProgress,
    ) -> Result<SearchIndex, SearchError> {
        if !archive.has_text() {
            return Err(SearchError::NoText);
        }
        let (schema, fields) = index::schema();
        let index = Index::create_in_ram(schema);
        cache::fill_new_index(archive, index, fields, opts, progress)
    }

    /// What building or opening this index did.
    pub fn cache_report(&self) -> CacheReport {
        self.report
    }

    /// Opens a committed index for `archive`; also returns how many live
    /// documents each entry has (1 in a sound index).
    fn open(
        archive: Arc<Archive>,
        index: Index,
        fields: Fields,
        pairs: Arc<PairWords>,
    ) -> Result<(SearchIndex, Vec<u8>), SearchError> {
        let reader = Self::reader(&index)?;
        let (map, seen) = index::map_documents(&reader.searcher(), &archive)?;
        Ok((Self::mapped(archive, reader, fields, pairs, map)?, seen))
    }

    fn reader(index: &Index) -> Result<IndexReader, SearchError> {
        Ok(index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?)
    }

    /// The index `reader` reads for `archive`, whose entries its documents
    /// are by `map` (per segment, per document: the entry's canonical index).
    fn mapped(
        archive: Arc<Archive>,
        reader: IndexReader,
        fields: Fields,
        pairs: Arc<PairWords>,
        map: DocMap,
    ) -> Result<SearchIndex, SearchError> {
        let threads = crate::threads::available(8);
        let parallel = match threads {
            1 => None,
            n => Some(Arc::new(Executor::multi_thread(n, "hotline-search-")?)),
        };
        let searcher = reader.searcher();
        let stats = Arc::new(LiveStats::new(&searcher, &fields)?);
        Ok(SearchIndex {
            archive,
            searcher,
            fields,
            pairs,
            map,
            stats,
            parallel,
            report: CacheReport::default(),
            texts: Texts::Archive,
        })
    }

    pub fn archive(&self) -> &Arc<Archive> {
        &self.archive
    }

    /// This index over `archive` instead: the same entries (the same ids in
    /// the same order), typically with their text where this index's
    /// archive held only their outline. `None` if the entries differ.
    pub fn with_archive(&self, archive: Arc<Archive>) -> Option<SearchIndex> {
        if !self.archive.same_entries(&archive) {
            return None;
        }
        Some(SearchIndex {
            archive,
            searcher: self.searcher.clone(),
            fields: self.fields,
            pairs: self.pairs.clone(),
            map: self.map.clone(),
            stats: self.stats.clone(),
            parallel: self.parallel.clone(),
            report: self.report,
            texts: Texts::Archive,
        })
    }

    /// Number of tantivy segments (fewer is faster to search).
    pub fn segments(&self) -> usize {
        self.map.len()
    }

    /// Searches: the query's words ranked by BM25, its operators and `base`
    /// narrowing the entries. `limit` bounds `hits` (not `all`); `fb` says
    /// whether a query that finds nothing may be corrected.
    pub fn search(&self, q: &Query, base: &Filter, limit: usize, fb: Fallback) -> SearchResults {
        self.search_with(q, base, limit, Ranking::Top, fb)
    }

    /// [`SearchIndex::search`], also ranking every match
    /// ([`SearchResults::ranked`]): for a list of all the hits, best first,
    /// whose snippets beyond the first `n` come from
    /// [`SearchIndex::snippets`] as they are shown.
    pub fn search_ranked(&self, q: &Query, base: &Filter, n: usize, fb: Fallback) -> SearchResults {
        self.search_with(q, base, n, Ranking::All, fb)
    }

    fn search_with(
        &self,
        q: &Query,
        base: &Filter,
        limit: usize,
        rank: Ranking,
        fallback: Fallback,
    ) -> SearchResults {
        let first = self.run(q, base, limit, rank);
        if fallback == Fallback::Never || first.total > 0 || q.is_text_empty() {
            return first;
        }
        let Some(mut fixed) = fuzzy::correct(q, &self.searcher, &self.stats, &self.fields) else {
            return first;
        };
        let mut results = self.run(&fixed, base, limit, rank);
        // A note must describe what is shown: a correction that finds
        // nothing either (under the operators or `base`) is not offered.
        if results.total == 0 {
            return first;
        }
        if let Some(entry) = results.hits.first().and_then(|h| self.with_text(h.ix)) {
            fuzzy::show_surface(&mut fixed, &entry);
        }
        results.fuzzy = Some(fixed.to_string());
        results
    }

    fn run(&self, q: &Query, base: &Filter, limit: usize, rank: Ranking) -> SearchResults {
        let filters = q.filters(&self.archive, base);
        if filters.is_empty() {
            return SearchResults::default();
        }
        let mut scored = if q.clauses.is_empty() {
            let all = self.archive.filter_any(&filters);
            let scored = all.iter().map(|&ix| (ix, 0.0)).collect();
            return self.results(q, scored, limit, rank);
        } else {
            self.matches(q)
        };
        if let Some(keep) = self.kept(&filters) {
            scored.retain(|(ix, _)| keep.get(*ix as usize).copied().unwrap_or(false));
        }
        self.results(q, scored, limit, rank)
    }

    /// A flag per entry kept by any of `filters`; `None` when one of them
    /// keeps everything.
    fn kept(&self, filters: &[Filter]) -> Option<Vec<bool>> {
        if filters.iter().any(Filter::is_empty) {
            return None;
        }
        let mut keep = vec![false; self.archive.len()];
        for ix in self.archive.filter_any(filters) {
            keep[ix as usize] = true;
        }
        Some(keep)
    }

    /// Every entry matching `q` under `base`, in canonical order: the
    /// query as typed (never corrected), without scores or snippets, which
    /// counting does not need (see [`crate::trends`]). An empty query
    /// matches every entry `base` keeps.
    pub fn matching(&self, q: &Query, base: &Filter) -> Vec<u32> {
        let filters = q.filters(&self.archive, base);
        if filters.is_empty() {
            return Vec::new();
        }
        if q.clauses.is_empty() {
            return self.archive.filter_any(&filters);
        }
        let Ok(tq) = compile::compile(q, &self.fields, &self.pairs) else {
            return Vec::new();
        };
        let collector = compile::AllDocs {
            map: self.map.clone(),
        };
        let found = self.searcher.search(&*tq, &collector).unwrap_or_default();
        let mut hit = vec![false; self.archive.len()];
        for ix in found {
            if let Some(h) = hit.get_mut(ix as usize) {
                *h = true;
            }
        }
        if let Some(keep) = self.kept(&filters) {
            for (h, k) in hit.iter_mut().zip(keep) {
                *h &= k;
            }
        }
        (0..hit.len() as u32).filter(|&i| hit[i as usize]).collect()
    }

    /// Every entry matching the text clauses, with its score.
    fn matches(&self, q: &Query) -> Vec<(u32, f32)> {
        let collector = compile::AllScores {
            map: self.map.clone(),
        };
        let Ok(tq) = compile::compile(q, &self.fields, &self.pairs) else {
            return Vec::new();
        };
        // A phrase not made of common words checks word positions in every
        // entry holding all its words, which can be most of the archive, so
        // its segments are searched side by side (for one looked up by its
        // word pairs this costs nothing measurable). Other queries spend
        // their time collecting scores, where waking threads costs more
        // than it saves.
        let phrase = q
            .clauses
            .iter()
            .any(|c| c.kind == ClauseKind::Phrase && c.terms.len() > 1);
        // Scored with the live documents' statistics, so that an index
        // updated in place ranks like a fresh one.
        let stats = &*self.stats;
        let found = match &self.parallel {
            Some(executor) if phrase => {
                let scoring =
                    EnableScoring::enabled_from_statistics_provider(stats, &self.searcher);
                self.searcher
                    .search_with_executor(&*tq, &collector, executor, scoring)
            }
            _ => self
                .searcher
                .search_with_statistics_provider(&*tq, &collector, stats),
        };
        found.unwrap_or_default()
    }

    /// Sorts out the best `limit` hits with snippets and the full list.
    fn results(
        &self,
        q: &Query,
        mut scored: Vec<(u32, f32)>,
        limit: usize,
        rank: Ranking,
    ) -> SearchResults {
        // A flag per entry, read back in order: cheaper than sorting when
        // most of the archive matches, and already in canonical order.
        let mut hit = vec![false; self.archive.len()];
        for &(ix, _) in &scored {
            if let Some(h) = hit.get_mut(ix as usize) {
                *h = true;
            }
        }
        let all: Vec<u32> = (0..hit.len() as u32).filter(|&i| hit[i as usize]).collect();
        let (top, ranked) = match rank {
            Ranking::Top => (best(&scored, limit), Vec::new()),
            Ranking::All => {
                scored.sort_unstable_by(by_rank);
                let ranked = scored.iter().map(|s| s.0).collect();
                scored.truncate(limit);
                (scored, ranked)
            }
        };
        SearchResults {
            total: all.len(),
            all,
            hits: self.hits(q, top),
            fuzzy: None,
            ranked,
        }
    }

    /// Snippets of `q` in the entries at `ixs` (those that exist), in
    /// order: for hits shown beyond the first page of a ranked search.
    pub fn snippets(&self, q: &Query, ixs: &[u32]) -> Vec<(u32, Snippet)> {
        let items = ixs.iter().map(|&ix| (ix, 0.0)).collect();
        self.hits(q, items)
            .into_iter()
            .map(|h| (h.ix, h.snippet))
            .collect()
    }

    /// The entry at `ix` with its text, wherever this index finds it.
    fn with_text(&self, ix: u32) -> Option<std::borrow::Cow<'_, crate::model::Entry>> {
        match &self.texts {
            Texts::Archive => crate::load::with_text(&self.archive, ix),
            Texts::Files(files) => files.entry(self, ix).map(std::borrow::Cow::Owned),
        }
    }

    /// The hits at `scored`, with their snippets.
    fn hits(&self, q: &Query, scored: Vec<(u32, f32)>) -> Vec<Hit> {
        let matcher = highlight::Matcher::new(q);
        let hit = |analyzer: &mut Analyzer, (ix, score): (u32, f32)| {
            let entry = self.with_text(ix)?;
            let snippet = highlight::snippet(&entry, &matcher, analyzer);
            Some(Hit { ix, score, snippet })
        };
        // Entries holding only their outline are read from their files,
        // each on its own: on every core.
        if self.archive.has_text() {
            let mut analyzer = Analyzer::default();
            scored
                .into_iter()
                .filter_map(|s| hit(&mut analyzer, s))
                .collect()
        } else {
            use rayon::prelude::*;
            scored
                .into_par_iter()
                .map_init(Analyzer::default, hit)
                .flatten()
                .collect()
        }
    }
}

/// Rank order: higher score first, then lower index.
fn by_rank(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// The `limit` best of `scored`, best first (higher score, then lower
/// index). One comparison per entry once the list is full: cheaper than a
/// selection over 100,000 matches.
fn best(scored: &[(u32, f32)], limit: usize) -> Vec<(u32, f32)> {
    use std::cmp::Ordering::Less;
    let mut top: Vec<(u32, f32)> = Vec::with_capacity(limit.min(scored.len()) + 1);
    if limit == 0 {
        return top;
    }
    for s in scored {
        if top.len() == limit && top.last().is_some_and(|worst| by_rank(s, worst) != Less) {
            continue;
        }
        let at = top.partition_point(|t| by_rank(t, s) == Less);
        top.insert(at, *s);
        top.truncate(limit);
    }
    top
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        #[test]
        fn best_is_the_head_of_the_full_ranking(
            scores in proptest::collection::vec(0u8..6, 0..60),
            limit in 0usize..25,
        ) {
            let scored: Vec<(u32, f32)> =
                scores.iter().enumerate().map(|(i, &s)| (i as u32 * 7 % 61, f32::from(s))).collect();
            let mut all = scored.clone();
            all.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            all.truncate(limit);
            proptest::prop_assert_eq!(super::best(&scored, limit), all);
        }
    }
}
