//! A search answer as the window uses it, and what the list makes of one:
//! its rows and facet counts under a filter. The index thread scans an
//! answer here for the filter it was asked with ([`scan`]), and the list
//! view ([`super::view`]) takes that scan or makes its own with the same
//! functions, so both depend on this module and not on each other.

use hotline::search::Snippet;
use hotline::{Archive, DayCounts, Filter, Granularity, Period};
use std::collections::HashMap;

/// Results of one query, as the window uses them.
#[derive(Debug, Default)]
pub struct Answer {
    /// The query text these are the results of.
    pub query: String,
    /// Canonical indexes of every hit, best first.
    pub ranked: Vec<u32>,
    /// Every match in canonical order (for facet counts).
    pub all: Vec<u32>,
    pub snippets: HashMap<u32, Snippet>,
    /// The corrected query when these are fuzzy results.
    pub fuzzy: Option<String>,
    /// The list rows and facet counts for the filter the query was sent
    /// with, scanned on the index thread.
    pub scanned: Option<Scanned>,
}

/// The window's own threads for these scans. In rayon's shared pool they
/// would queue behind the index thread's work (a typo fallback walks every
/// segment there for ~100 ms) and the frame would wait for it. `None` if
/// no thread could start (the scans then run on the shared pool).
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
pub fn on_pool<R: Send>(op: impl FnOnce() -> R + Send) -> R {
    match pool() {
        Some(pool) => pool.install(op),
        None => op(),
    }
}

/// The facet counts for one filter.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Entries per author under the filter without its author part.
    pub authors: Vec<(Option<String>, usize)>,
    /// Entries per tag under the filter without its tag part.
    pub tags: Vec<(String, usize)>,
    /// Entries per year under the filter without its date part.
    pub years: Vec<(Option<Period>, usize)>,
    /// Entries per month under the filter without its date part.
    pub months: Vec<(Option<Period>, usize)>,
    /// Entries by day under the filter without its date part (the
    /// timeline chart bins them).
    pub days: DayCounts,
    /// With a search: the archive's entries by day under the filter
    /// without its date part, matching or not (drawn behind the matches).
    pub totals: Option<DayCounts>,
}

/// The rows of a search answer and its facet counts under one filter,
/// scanned where the answer is made (the index thread), not in the frame
/// that shows it.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    pub filter: Filter,
    pub rows: Vec<u32>,
    pub counts: Counts,
}

/// Scans a search answer for `filter`, on the window's scan threads.
pub fn scan(archive: &Archive, filter: &Filter, o: &Answer) -> Scanned {
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
pub fn rows_of(archive: &Archive, filter: &Filter, within: Option<&Answer>) -> Vec<u32> {
    match within {
        Some(o) => archive.filter_within(filter, &o.ranked),
        None => archive.filter(filter),
    }
}

/// The facet counts under `filter`, within the answer's matches if any.
pub fn counts(archive: &Archive, filter: &Filter, within: Option<&Answer>) -> Counts {
    let select = |f: &Filter| match within {
        Some(o) => archive.filter_within(f, &o.all),
        None => archive.filter(f),
    };
    let tags = || -> Vec<(String, usize)> {
        if archive.tags().is_empty() {
            return Vec::new();
        }
        let by_tag = select(&filter.without_tags());
        (archive.tag_counts(&by_tag).into_iter())
            .map(|(name, n)| (name.to_string(), n))
            .collect()
    };
    let ((authors, tags), (days, totals)) = rayon::join(
        || {
            rayon::join(
                || {
                    let by_author = select(&filter.without_authors());
                    archive
                        .author_counts(&by_author)
                        .into_iter()
                        .map(|(name, n)| (name.map(str::to_string), n))
                        .collect()
                },
                tags,
            )
        },
        || {
            let undated = filter.without_dates();
            rayon::join(
                || archive.day_counts(&select(&undated)),
                || within.map(|_| archive.day_counts(&archive.filter(&undated))),
            )
        },
    );
    Counts {
        authors,
        tags,
        years: days.periods(Granularity::Year),
        months: days.periods(Granularity::Month),
        days,
        totals,
    }
}
