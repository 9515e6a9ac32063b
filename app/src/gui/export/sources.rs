//! What the Export window exports: the selection, everything shown, or the
//! open entry, in export order.

use crate::gui::selection::Selection;
use hotline::Archive;
use std::sync::Arc;

/// Which entries to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The selected entries (in list order, then any hidden by filters).
    Selection,
    /// Everything the list shows, in its order.
    Shown,
    /// The entry open in the reader.
    Open,
}

/// Where the entries come from, read each frame from the window's state.
pub struct Sources<'a> {
    pub archive: &'a Arc<Archive>,
    pub selection: &'a Selection,
    pub shown: &'a [u32],
    pub open: Option<u32>,
    /// The one collection the list shows (in its order), if it does: an
    /// export of the shown entries takes its name.
    pub collection: Option<&'a str>,
    /// The reader's highlights and notes, which every export carries.
    pub memory: &'a super::super::memory::Memory,
}

impl Sources<'_> {
    pub(super) fn count(&self, scope: Scope) -> usize {
        match scope {
            Scope::Selection => self.selection.len(),
            Scope::Shown => self.shown.len(),
            Scope::Open => usize::from(self.open.is_some()),
        }
    }

    /// The canonical indexes to export, in export order.
    pub(super) fn indexes(&self, scope: Scope) -> Vec<u32> {
        self.ordered(scope).collect()
    }

    /// The first few indexes only (for the name preview, every frame):
    /// the same as the head of [`Sources::indexes`] without building the
    /// set of shown rows.
    pub(super) fn first(&self, scope: Scope, n: usize) -> Vec<u32> {
        if scope != Scope::Selection {
            return self.ordered(scope).take(n).collect();
        }
        let mut out: Vec<u32> = self
            .shown
            .iter()
            .copied()
            .filter(|&ix| self.selection.contains(ix))
            .take(n)
            .collect();
        if out.len() < n {
            // Every shown selected entry is in `out`: the rest are hidden.
            let hidden: Vec<u32> = self
                .selection
                .indexes()
                .filter(|ix| !out.contains(ix))
                .take(n - out.len())
                .collect();
            out.extend(hidden);
        }
        out
    }

    /// The entries of `scope` in export order, lazily: selected entries
    /// hidden by the filters are only looked for once the shown ones are
    /// used up.
    fn ordered(&self, scope: Scope) -> Box<dyn Iterator<Item = u32> + '_> {
        match scope {
            Scope::Shown => Box::new(self.shown.iter().copied()),
            Scope::Open => Box::new(self.open.into_iter()),
            Scope::Selection => {
                let listed = self
                    .shown
                    .iter()
                    .copied()
                    .filter(|&ix| self.selection.contains(ix));
                let hidden = std::iter::once(()).flat_map(move |()| {
                    let shown: std::collections::HashSet<u32> =
                        self.shown.iter().copied().collect();
                    self.selection
                        .indexes()
                        .filter(move |ix| !shown.contains(ix))
                });
                Box::new(listed.chain(hidden))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_is_the_head_of_the_export_order() {
        let load = hotline::LoadOptions {
            builtin: true,
            folders: Vec::new(),
            text: hotline::Text::Full,
            cache: None,
            ..hotline::LoadOptions::default()
        };
        let archive = Arc::new(hotline::load(&load, &hotline::Progress::default()).unwrap());
        assert!(archive.len() >= 10);
        let ids: Vec<String> = [1, 4, 7, 9]
            .iter()
            .map(|&ix| archive.get(ix).unwrap().id.clone())
            .collect();
        let selection = Selection::from_ids(&archive, &ids);
        assert_eq!(selection.len(), 4);
        let memory = crate::gui::memory::Memory::default();
        for shown in [
            vec![9u32, 8, 7, 6, 5, 4, 3, 2, 1, 0],
            vec![3, 4],
            vec![],
            vec![7, 1],
        ] {
            let src = Sources {
                archive: &archive,
                selection: &selection,
                shown: &shown,
                open: None,
                collection: None,
                memory: &memory,
            };
            let all = src.indexes(Scope::Selection);
            assert_eq!(all.len(), 4, "hidden selected entries are exported too");
            for n in 0..6 {
                let head: Vec<u32> = all.iter().copied().take(n).collect();
                assert_eq!(src.first(Scope::Selection, n), head, "{shown:?} {n}");
            }
        }
    }
}
