//! The set of selected entries, by canonical index, with its count.
//!
//! Kept as one flag per entry so checking a visible row and counting are
//! O(1) at 100,000 entries. It is saved by id (see `state.rs`), so it
//! survives filter changes, reloads and restarts; ids that no longer exist
//! are dropped on restore.

use hotline::Archive;

/// Selected entries of one loaded archive.
#[derive(Debug, Default, Clone)]
pub struct Selection {
    flags: Vec<bool>,
    count: usize,
    /// Moves on with every change, so a copy of the ids can tell it is
    /// still current without comparing them.
    revision: u64,
}

impl Selection {
    /// Restores a selection from saved ids, dropping unknown ones.
    pub fn from_ids(archive: &Archive, ids: &[String]) -> Selection {
        let mut s = Selection {
            flags: vec![false; archive.len()],
            count: 0,
            revision: 0,
        };
        for ix in ids.iter().filter_map(|id| archive.index_of(id)) {
            s.set(ix, true);
        }
        s
    }

    /// The selected ids, in canonical order.
    pub fn ids(&self, archive: &Archive) -> Vec<String> {
        self.indexes()
            .filter_map(|ix| archive.get(ix).map(|e| e.id.clone()))
            .collect()
    }

    /// The selected canonical indexes, in canonical order.
    pub fn indexes(&self) -> impl Iterator<Item = u32> + '_ {
        self.flags
            .iter()
            .enumerate()
            .filter(|(_, f)| **f)
            .map(|(i, _)| i as u32)
    }

    pub fn contains(&self, ix: u32) -> bool {
        self.flags.get(ix as usize).copied().unwrap_or(false)
    }

    pub fn len(&self) -> usize {
        self.count
    }

    pub fn set(&mut self, ix: u32, on: bool) {
        let Some(flag) = self.flags.get_mut(ix as usize) else {
            return;
        };
        if *flag != on {
            *flag = on;
            self.revision += 1;
            if on {
                self.count += 1;
            } else {
                self.count -= 1;
            }
        }
    }

    pub fn toggle(&mut self, ix: u32) {
        self.set(ix, !self.contains(ix));
    }

    pub fn clear(&mut self) {
        self.flags.iter_mut().for_each(|f| *f = false);
        self.count = 0;
        self.revision += 1;
    }

    /// See the field: equal revisions of one selection hold the same ids.
    pub fn revision(&self) -> u64 {
        self.revision
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hotline::Entry;

    fn archive(ids: &[&str]) -> Archive {
        let entries = ids
            .iter()
            .map(|id| {
                Entry::with_blocks(vec![])
                    .with_id(id)
                    .with_title(id)
                    .with_source("t")
            })
            .collect();
        Archive::new(entries, vec![])
    }

    #[test]
    fn counts_and_round_trips_by_id_dropping_unknown_ids() {
        let a = archive(&["a", "b", "c"]);
        let mut s = Selection::from_ids(&a, &["c".into(), "gone".into()]);
        assert_eq!(s.len(), 1);
        s.toggle(0);
        s.set(0, true);
        assert_eq!(s.len(), 2);
        assert_eq!(s.ids(&a), ["a", "c"]);
        s.toggle(0);
        assert_eq!(s.ids(&a), ["c"]);
        s.clear();
        assert_eq!(s.len(), 0);
        s.set(99, true);
        assert_eq!(s.len(), 0);
    }
}
