//! What the window shows for the current filter and sort: the list rows and
//! the facet counts, memoized by their inputs.
//!
//! [`View::refresh`] is called every frame but recomputes only when the
//! archive, the filter or the sort changed, so a frame costs nothing here;
//! a change costs a few column scans (`hotline::query`) and an integer sort.

use super::search::Outcome;
use hotline::sort::{Ranks, Sort, SortKey};
use hotline::{Archive, Filter, Granularity, Period};
use std::collections::HashMap;

/// The window's own threads for these scans. In rayon's shared pool they
/// would queue behind the index thread's work (a typo fallback walks every
/// segment there for ~100 ms) and the frame would wait for it: measured,
/// a 45 ms frame on typing a letter. `None` if no thread could start (the
/// scans then run on the shared pool).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("hotline-view-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// The memo key: which archive (load generation), filter, sort and search
/// answer (its serial, 0 for none).
type Key = (u64, Filter, Sort, u64);

/// Rows and counts for one filter.
#[derive(Default)]
pub struct View {
    key: Option<Key>,
    /// Canonical indexes of the shown entries, in list order.
    pub rows: Vec<u32>,
    /// Entries per author under the filter without its author part.
    pub authors: Vec<(Option<String>, usize)>,
    /// Entries per year under the filter without its date part.
    pub years: Vec<(Option<Period>, usize)>,
    /// Entries per month under the filter without its date part.
    pub months: Vec<(Option<Period>, usize)>,
    /// Total under the filter without its author part ("All authors").
    pub all_authors_total: usize,
    /// Per archive generation: orderings computed so far.
    ranks: HashMap<SortKey, Ranks>,
    ranks_generation: u64,
}

impl View {
    /// Brings rows and counts up to date; cheap when nothing changed. With
    /// a search answer the rows are its hits in rank order and the counts
    /// cover its matches only.
    pub fn refresh(
        &mut self,
        archive: &Archive,
        (generation, filter, sort): (u64, &Filter, Sort),
        search: Option<(u64, &Outcome)>,
    ) {
        let serial = search.map_or(0, |s| s.0);
        if let Some((g, f, s, q)) = &self.key
            && *g == generation
            && f == filter
            && *s == sort
            && *q == serial
        {
            return;
        }
        if self.ranks_generation != generation {
            self.ranks.clear();
            self.ranks_generation = generation;
        }
        let counts_changed = self
            .key
            .as_ref()
            .is_none_or(|(g, f, _, q)| *g != generation || f != filter || *q != serial);
        let within = search.map(|s| s.1);
        // The rows and the facet counts are independent column scans: on
        // two cores they take the time of the longer one.
        let mut scan = || {
            rayon::join(
                || match within {
                    Some(o) => ranked_within(archive, filter, o),
                    None => archive.filter(filter),
                },
                || {
                    if counts_changed {
                        self.recount(archive, filter, within);
                    }
                },
            )
        };
        let (mut rows, ()) = match pool() {
            Some(pool) => pool.install(scan),
            None => scan(),
        };
        if sort != Sort::default() && within.is_none() {
            let ranks = self
                .ranks
                .entry(sort.key)
                .or_insert_with(|| Ranks::new(archive, sort.key));
            ranks.sort(&mut rows, sort.descending);
        }
        self.rows = rows;
        self.key = Some((generation, filter.clone(), sort, serial));
    }

    fn recount(&mut self, archive: &Archive, filter: &Filter, within: Option<&Outcome>) {
        let select = |f: &Filter| match within {
            Some(o) => archive.filter_within(f, &o.all),
            None => archive.filter(f),
        };
        let ((authors_total, authors), (years, months)) = rayon::join(
            || {
                let by_author = select(&filter.without_authors());
                let counts = archive
                    .author_counts(&by_author)
                    .into_iter()
                    .map(|(name, n)| (name.map(str::to_string), n))
                    .collect();
                (by_author.len(), counts)
            },
            || {
                let by_date = select(&filter.without_dates());
                rayon::join(
                    || archive.timeline(&by_date, Granularity::Year),
                    || archive.timeline(&by_date, Granularity::Month),
                )
            },
        );
        self.all_authors_total = authors_total;
        self.authors = authors;
        self.years = years;
        self.months = months;
    }

    /// The timeline at a granularity.
    pub fn periods(&self, by: Granularity) -> &[(Option<Period>, usize)] {
        match by {
            Granularity::Year => &self.years,
            Granularity::Month => &self.months,
        }
    }

    /// The list position of a canonical index, if shown.
    /// (Linear: rows are not sorted by index.)
    pub fn position_of(&self, ix: u32) -> Option<usize> {
        self.rows.iter().position(|&r| r == ix)
    }
}

/// The search hits, best first, that also pass the filter.
fn ranked_within(archive: &Archive, filter: &Filter, o: &Outcome) -> Vec<u32> {
    // `filter_within` keeps the order it is given.
    archive.filter_within(filter, &o.ranked)
}
