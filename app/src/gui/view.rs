//! What the window shows for the current filter and sort: the list rows and
//! the facet counts, memoized by their inputs.
//!
//! [`View::refresh`] is called every frame but recomputes only when the
//! archive, the filter or the sort changed, so a frame costs nothing here;
//! a change costs a few column scans (`hotline::query`) and an integer sort.
//! A new archive's view is [`Prepared`] on the thread that loaded it: its
//! ordering (a string sort of 100,000 titles) and its scans would take a
//! frame of 60-90 ms.

use super::answer::{Answer, Counts, counts, on_pool, rows_of};
use super::state::HitsOrder;
use hotline::sort::{Ranks, Sort, SortKey};
use hotline::{Archive, Filter};
use std::collections::HashMap;

/// The memo key: which archive (load generation), filter, sort (and how
/// hits are ordered), search answer (its serial, 0 for none) and the
/// reader's own order of a chosen collection.
type Key = (u64, Filter, (Sort, HitsOrder), u64, Option<Vec<u32>>);

/// What the rows are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rows {
    /// A search's hits, best first.
    Hits,
    /// The filter's entries, in canonical order.
    Entries,
}

/// Rows and counts for one filter.
#[derive(Default)]
pub struct View {
    key: Option<Key>,
    /// Canonical indexes of the shown entries, in list order.
    pub rows: Vec<u32>,
    /// Whether each canonical index is among the rows, built when first
    /// asked after the rows change (the reader asks every frame).
    listed: std::cell::OnceCell<Vec<bool>>,
    pub counts: Counts,
    /// Per archive generation: orderings computed so far.
    ranks: HashMap<SortKey, Ranks>,
    ranks_generation: u64,
    /// Bumped whenever `rows` are made again.
    revision: u64,
    /// The rows' revision and the joins whose teasers were taken out of
    /// them (see [`View::hide_joined`]).
    hidden: Option<(u64, usize)>,
}

impl View {
    /// Brings rows and counts up to date; cheap when nothing changed. With
    /// a search answer the rows are its hits in rank order and the counts
    /// cover its matches only. `order` is a chosen collection's own order
    /// (canonical indexes) when the list shows it: entries are listed in
    /// it rather than by `sort`.
    pub fn refresh(
        &mut self,
        archive: &Archive,
        (generation, filter, sort): (u64, &Filter, (Sort, HitsOrder)),
        search: Option<(u64, &Answer)>,
        order: Option<&[u32]>,
    ) {
        let serial = search.map_or(0, |s| s.0);
        if let Some((g, f, s, q, o)) = &self.key
            && *g == generation
            && f == filter
            && *s == sort
            && *q == serial
            && o.as_deref() == order
        {
            return;
        }
        let key = (
            generation,
            filter.clone(),
            sort,
            serial,
            order.map(<[u32]>::to_vec),
        );
        if self.ranks_generation != generation {
            self.ranks.clear();
            self.ranks_generation = generation;
        }
        let counts_changed = self
            .key
            .as_ref()
            .is_none_or(|(g, f, _, q, _)| *g != generation || f != filter || *q != serial);
        let within = search.map(|s| s.1);
        // An answer scanned by the index thread for this very filter: the
        // frame that shows it only takes the result.
        if let Some(done) = within
            .and_then(|o| o.scanned.as_ref())
            .filter(|d| d.filter == *filter)
        {
            let mut rows = done.rows.clone();
            self.counts.clone_from(&done.counts);
            self.sort_rows(archive, &mut rows, sort, Rows::Hits);
            self.rows = rows;
            self.listed = Default::default();
            self.key = Some(key);
            self.revision += 1;
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
        let kind = match within {
            Some(_) => Rows::Hits,
            None => Rows::Entries,
        };
        self.sort_rows(archive, &mut rows, sort, kind);
        if let Some(order) = order.filter(|_| kind == Rows::Entries) {
            let place: HashMap<u32, usize> =
                order.iter().enumerate().map(|(i, &ix)| (ix, i)).collect();
            rows.sort_by_key(|ix| place.get(ix).copied().unwrap_or(usize::MAX));
        }
        self.rows = rows;
        self.listed = Default::default();
        self.key = Some(key);
        self.revision += 1;
    }

    /// Takes the teasers whose article is in the archive out of the rows
    /// (`Some` joins), or puts them back (`None`: the rows are made again
    /// on the next refresh). Cheap when nothing changed.
    pub fn hide_joined(&mut self, joins: Option<&std::sync::Arc<hotline::explore::TeaserJoins>>) {
        let wanted = joins.map(|j| (self.revision, std::sync::Arc::as_ptr(j) as usize));
        if wanted == self.hidden {
            return;
        }
        match joins {
            Some(j) => {
                if let Some(done) = self.hidden
                    && done.0 == self.revision
                {
                    // These rows lost other joins' teasers: start from
                    // the whole rows again.
                    self.key = None;
                    self.hidden = None;
                    return;
                }
                self.rows.retain(|&ix| !j.is_joined_teaser(ix));
                self.listed = Default::default();
                self.hidden = wanted;
            }
            None => {
                self.key = None;
                self.hidden = None;
            }
        }
    }

    /// Puts `rows` in the list's order: hits stay best first unless the
    /// user sorted them; entries come canonical (the default sort) or
    /// sorted.
    fn sort_rows(
        &mut self,
        archive: &Archive,
        rows: &mut [u32],
        (sort, hits): (Sort, HitsOrder),
        kind: Rows,
    ) {
        let sorted = match kind {
            Rows::Hits => hits == HitsOrder::Sorted,
            Rows::Entries => sort != Sort::default(),
        };
        if sorted {
            let ranks = self
                .ranks
                .entry(sort.key)
                .or_insert_with(|| Ranks::new(archive, sort.key));
            ranks.sort(rows, sort.descending);
        }
    }

    /// Whether the entry at canonical index `ix` is one of the rows.
    pub fn lists(&self, ix: u32) -> bool {
        let listed = self.listed.get_or_init(|| {
            let len = self.rows.iter().max().map_or(0, |&m| m as usize + 1);
            let mut listed = vec![false; len];
            for &r in &self.rows {
                listed[r as usize] = true;
            }
            listed
        });
        listed.get(ix as usize).copied().unwrap_or(false)
    }

    /// Takes `prepared` as the view of the archive at `generation`; the
    /// next [`View::refresh`] keeps it if it asks for the same filter and
    /// sort without a search answer.
    pub fn adopt(&mut self, generation: u64, prepared: Prepared, hits: HitsOrder) {
        let Prepared {
            filter,
            sort,
            rows,
            counts,
            ranks,
        } = prepared;
        self.ranks = ranks.into_iter().collect();
        self.ranks_generation = generation;
        self.rows = rows;
        self.listed = Default::default();
        self.revision += 1;
        self.counts = counts;
        // No search answer: how hits would be ordered changes nothing.
        self.key = Some((generation, filter, (sort, hits), 0, None));
    }

    /// The list position of a canonical index, if shown.
    /// (Linear: rows are not sorted by index.)
    pub fn position_of(&self, ix: u32) -> Option<usize> {
        self.rows.iter().position(|&r| r == ix)
    }
}

/// An archive's rows, counts and ordering for one filter and sort, made
/// before it is shown (see [`View::adopt`]).
pub struct Prepared {
    filter: Filter,
    sort: Sort,
    rows: Vec<u32>,
    counts: Counts,
    /// The ordering the rows are in, unless canonical.
    ranks: Option<(SortKey, Ranks)>,
}

impl Prepared {
    /// Scans and orders `archive` for `filter` and `sort` on this thread
    /// (and its rayon pool).
    pub fn new(archive: &Archive, filter: Filter, sort: Sort) -> Prepared {
        let (mut rows, counts) = rayon::join(
            || rows_of(archive, &filter, None),
            || counts(archive, &filter, None),
        );
        let ranks = (sort != Sort::default()).then(|| {
            let ranks = Ranks::new(archive, sort.key);
            ranks.sort(&mut rows, sort.descending);
            (sort.key, ranks)
        });
        Prepared {
            filter,
            sort,
            rows,
            counts,
            ranks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::tests::{entry, para};

    #[test]
    fn a_prepared_view_is_shown_as_it_came_until_the_list_asks_for_another() {
        let titles = ["Charlie", "alpha", "Bravo"];
        let entries = (titles.iter().enumerate())
            .map(|(i, t)| {
                entry(
                    &format!("e{i}"),
                    t,
                    None,
                    Some("2007-01-01"),
                    vec![para("x")],
                )
            })
            .collect();
        let archive = Archive::new(entries, vec![]);
        let by_title = Sort {
            key: SortKey::Title,
            descending: false,
        };
        let prepared = Prepared::new(&archive, Filter::default(), by_title);
        let title = |ix: &u32| archive.get(*ix).unwrap().title.as_str();
        assert_eq!(
            prepared.rows.iter().map(title).collect::<Vec<_>>(),
            ["alpha", "Bravo", "Charlie"]
        );
        // Taken as it is: the frame that shows it scans and sorts nothing.
        let mut view = View::default();
        let kept = Prepared {
            rows: vec![7, 7],
            ..prepared
        };
        let best = HitsOrder::Relevance;
        view.adopt(3, kept, best);
        view.refresh(
            &archive,
            (3, &Filter::default(), (by_title, best)),
            None,
            None,
        );
        assert_eq!(view.rows, [7, 7]);
        // Another sort: the rows are made again.
        let down = Sort {
            descending: true,
            ..by_title
        };
        view.refresh(&archive, (3, &Filter::default(), (down, best)), None, None);
        assert_eq!(
            view.rows.iter().map(title).collect::<Vec<_>>(),
            ["Charlie", "Bravo", "alpha"]
        );
    }
}
