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
        let threads = hotline::threads::available(4);
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("hotline-view-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Runs `op` on the window's scan threads (its rayon calls stay there).
fn on_pool<R: Send>(op: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(op),
        None => op(),
    }
}

/// The memo key: which archive (load generation), filter, sort and search
/// answer (its serial, 0 for none).
type Key = (u64, Filter, Sort, u64);

/// The facet counts for one filter.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Entries per author under the filter without its author part.
    pub authors: Vec<(Option<String>, usize)>,
    /// Entries per year under the filter without its date part.
    pub years: Vec<(Option<Period>, usize)>,
    /// Entries per month under the filter without its date part.
    pub months: Vec<(Option<Period>, usize)>,
}

/// Rows and counts for one filter.
#[derive(Default)]
pub struct View {
    key: Option<Key>,
    /// Canonical indexes of the shown entries, in list order.
    pub rows: Vec<u32>,
    pub counts: Counts,
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
        // An answer scanned by the index thread for this very filter: the
        // frame that shows it only takes the result.
        if let Some(done) = within
            .and_then(|o| o.scanned.as_ref())
            .filter(|d| d.filter == *filter)
        {
            self.rows.clone_from(&done.rows);
            self.counts.clone_from(&done.counts);
            self.key = Some((generation, filter.clone(), sort, serial));
            return;
        }
        // The rows and the facet counts are independent column scans: on
        // two cores they take the time of the longer one.
        let scan = || {
            rayon::join(
                || rows_of(archive, filter, within),
                || {
                    if counts_changed {
                        self.counts = counts(archive, filter, within);
                    }
                },
            )
        };
        let (mut rows, ()) = on_pool(scan);
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

    /// The timeline at a granularity.
    pub fn periods(&self, by: Granularity) -> &[(Option<Period>, usize)] {
        match by {
            Granularity::Year => &self.counts.years,
            Granularity::Month => &self.counts.months,
        }
    }

    /// The list position of a canonical index, if shown.
    /// (Linear: rows are not sorted by index.)
    pub fn position_of(&self, ix: u32) -> Option<usize> {
        self.rows.iter().position(|&r| r == ix)
    }
}

/// The rows of a search answer and its facet counts under one filter,
/// scanned where the answer is made (the index thread), not in the frame
/// that shows it.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    pub filter: Filter,
    rows: Vec<u32>,
    counts: Counts,
}

/// Scans a search answer for `filter`, on the window's scan threads.
pub fn scan(archive: &Archive, filter: &Filter, o: &Outcome) -> Scanned {
    let both = || {
        rayon::join(
            || rows_of(archive, filter, Some(o)),
            || counts(archive, filter, Some(o)),
        )
    };
    let (rows, counts) = on_pool(both);
    Scanned {
        filter: filter.clone(),
        rows,
        counts,
    }
}

/// The rows under `filter`: the search hits in rank order when there is an
/// answer (`filter_within` keeps the order it is given), else canonical.
fn rows_of(archive: &Archive, filter: &Filter, within: Option<&Outcome>) -> Vec<u32> {
    match within {
        Some(o) => archive.filter_within(filter, &o.ranked),
        None => archive.filter(filter),
    }
}

/// The facet counts under `filter`, within the answer's matches if any.
fn counts(archive: &Archive, filter: &Filter, within: Option<&Outcome>) -> Counts {
    let select = |f: &Filter| match within {
        Some(o) => archive.filter_within(f, &o.all),
        None => archive.filter(f),
    };
    let (authors, (years, months)) = rayon::join(
        || {
            let by_author = select(&filter.without_authors());
            archive
                .author_counts(&by_author)
                .into_iter()
                .map(|(name, n)| (name.map(str::to_string), n))
                .collect()
        },
        || {
            let by_date = select(&filter.without_dates());
            rayon::join(
                || archive.timeline(&by_date, Granularity::Year),
                || archive.timeline(&by_date, Granularity::Month),
            )
        },
    );
    Counts {
        authors,
        years,
        months,
    }
}
