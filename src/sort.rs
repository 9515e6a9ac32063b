//! Orderings of a result list other than the canonical (date) order: by
//! title, author or length, ascending or descending.
//!
//! Sorting 100,000 titles with string comparisons costs tens of
//! milliseconds, too slow to repeat on every filter change. So an archive's
//! [`Ranks`] for a key are computed once (each entry's position in that
//! order), and any filtered list is then sorted by those integers.

use crate::archive::Archive;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// What a list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum SortKey {
    /// Canonical order: date ascending, undated last, ties by id.
    #[default]
    Date,
    /// Title, case-insensitive.
    Title,
    /// Author name, case-insensitive; entries without an author last.
    Author,
    /// Body words.
    Length,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Date,
        SortKey::Title,
        SortKey::Author,
        SortKey::Length,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Title => "title",
            SortKey::Author => "author",
            SortKey::Length => "length",
        }
    }
}

/// A key and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

/// Each entry's position in one ordering of a whole archive.
#[derive(Debug, Clone, Default)]
pub struct Ranks {
    rank: Vec<u32>,
}

impl Ranks {
    /// Ranks every entry of `archive` by `key` (ties keep canonical order).
    pub fn new(archive: &Archive, key: SortKey) -> Ranks {
        let n = archive.len() as u32;
        let mut order: Vec<u32> = (0..n).collect();
        match key {
            SortKey::Date => {}
            SortKey::Title => {
                let lower: Vec<String> = archive
                    .entries()
                    .iter()
                    .map(|e| e.title.to_lowercase())
                    .collect();
                order.sort_by(|&a, &b| lower[a as usize].cmp(&lower[b as usize]));
            }
            SortKey::Author => {
                // Authors are already sorted by key, so their index is their rank;
                // NO_AUTHOR (u32::MAX) puts unknown authors last.
                order.sort_by_key(|&i| archive.author_of(i));
            }
            SortKey::Length => {
                order.sort_by_key(|&i| archive.get(i).map_or(0, |e| e.words));
            }
        }
        let mut rank = vec![0u32; order.len()];
        for (pos, &ix) in order.iter().enumerate() {
            rank[ix as usize] = pos as u32;
        }
        Ranks { rank }
    }

    /// Sorts canonical indexes in place by this ranking.
    pub fn sort(&self, rows: &mut [u32], descending: bool) {
        let key = |i: &u32| self.rank.get(*i as usize).copied().unwrap_or(u32::MAX);
        if descending {
            rows.sort_unstable_by_key(|r| std::cmp::Reverse(key(r)));
        } else {
            rows.sort_unstable_by_key(key);
        }
    }

    /// Compares two canonical indexes by this ranking.
    pub fn compare(&self, a: u32, b: u32) -> Ordering {
        self.rank.get(a as usize).cmp(&self.rank.get(b as usize))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::tests::sample;

    fn ids(a: &Archive, rows: &[u32]) -> Vec<String> {
        rows.iter().map(|&i| a.get(i).unwrap().id.clone()).collect()
    }

    #[test]
    fn sorts_by_each_key() {
        let a = sample();
        let all: Vec<u32> = (0..a.len() as u32).collect();
        let sorted = |key, descending| {
            let mut rows = all.clone();
            Ranks::new(&a, key).sort(&mut rows, descending);
            ids(&a, &rows)
        };
        assert_eq!(
            sorted(SortKey::Date, false),
            ["a", "b", "d", "c", "u0", "u1"]
        );
        assert_eq!(
            sorted(SortKey::Date, true),
            ["u1", "u0", "c", "d", "b", "a"]
        );
        assert_eq!(
            sorted(SortKey::Title, false),
            ["a", "b", "c", "d", "u0", "u1"]
        );
        // Bob Roe, then Jane Doe's three in date order, then no author.
        assert_eq!(
            sorted(SortKey::Author, false),
            ["b", "a", "d", "c", "u0", "u1"]
        );
    }

    #[test]
    fn sorts_a_filtered_subset_and_by_length() {
        let mut a_entries: Vec<crate::Entry> = sample().entries().to_vec();
        a_entries[0].words = 50;
        a_entries[1].words = 5;
        let a = Archive::new(a_entries, vec![]);
        let mut rows = vec![0, 1, 3];
        let r = Ranks::new(&a, SortKey::Length);
        r.sort(&mut rows, true);
        assert_eq!(ids(&a, &rows), ["a", "b", "c"]);
        assert_eq!(r.compare(0, 1), Ordering::Greater);
    }
}
