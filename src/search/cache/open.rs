//! Opening a cached index folder for reading: after sweeping what dead
//! writers left, its manifest, its tantivy files and their checksums must
//! all check out, else the folder is not used.

use super::TANTIVY;
use super::garbage::collect_garbage;
use super::manifest::{Manifest, Part, segment_files};
use crate::cache::atomic;
use crate::search::index::{self, Fields};
use crate::search::pairs::PairWords;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use tantivy::Index;

/// A cached index and its manifest, opened and checked.
pub(in crate::search) struct Opened {
    pub(in crate::search) index: Index,
    pub(in crate::search) fields: Fields,
    pub(in crate::search) pairs: Arc<PairWords>,
    pub(super) begun: Arc<AtomicU64>,
    pub(in crate::search) manifest: Manifest,
}

/// How much of a cached index [`try_open`] reads to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::search) enum Verify {
    /// The segment files' stamps and tantivy's checksum of every byte.
    Checksums,
    /// The segment files' stamps only: every write since the manifest was
    /// written moves a stamp; only damage that no write made (the disk's
    /// own) goes unseen. For `search::quick`, which falls back to the
    /// ordinary path at the first doubt, and must not read the whole index
    /// to save a load.
    Stamps,
}

/// Opens the index and manifest (`part` of it) in `dir` if both look
/// sound, after removing what processes that did not finish left in the
/// cache root and in `dir` (see [`atomic::sweep`] and [`collect_garbage`]).
pub(in crate::search) fn try_open(dir: &Path, verify: Verify, part: Part) -> Option<Opened> {
    if let Some(root) = dir.parent() {
        atomic::sweep(root);
    }
    atomic::sweep(dir);
    let mut manifest = Manifest::read(dir, part)?;
    let tdir = dir.join(TANTIVY);
    if !only_files(&tdir) {
        return None;
    }
    let mut index = Index::open_in_dir(&tdir).ok()?;
    let fields = index::fields_of(&index)?;
    if !collect_garbage(&mut index, &tdir) || segment_files(&tdir).ok()? != manifest.files {
        return None;
    }
    if verify == Verify::Checksums && !index.validate_checksum().ok()?.is_empty() {
        return None;
    }
    let pairs = Arc::new(PairWords::from_words(std::mem::take(
        &mut manifest.pair_words,
    )));
    let begun = index::register_tokenizers(&index, pairs.clone());
    Some(Opened {
        index,
        fields,
        pairs,
        begun,
        manifest,
    })
}

/// Whether the tantivy folder `tdir` holds only regular files that can
/// carry tantivy's footer: tantivy would wait for ever on a named pipe put
/// in place of one of its files, and its checksum pass panics (an integer
/// underflow) on a data file cut to 4-7 bytes, where it reads an 8-byte
/// footer from the end. Its own bookkeeping files (`meta.json`, the
/// dot-named lock and list files) have no footer.
fn only_files(tdir: &Path) -> bool {
    /// tantivy's footer ends with its length and a magic number, 4 bytes each.
    const FOOTER_TAIL: u64 = 8;
    std::fs::read_dir(tdir).is_ok_and(|items| {
        items.into_iter().all(|i| {
            i.and_then(|i| Ok((i.file_name(), i.metadata()?)))
                .is_ok_and(|(name, m)| {
                    let bookkeeping =
                        name == "meta.json" || name.to_string_lossy().starts_with('.');
                    m.is_file() && (bookkeeping || m.len() >= FOOTER_TAIL)
                })
        })
    })
}
