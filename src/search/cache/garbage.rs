//! What a writer that did not finish (killed, out of disk space,
//! cancelled) left in an index's tantivy folder, found and removed.

use super::TANTIVY;
use std::path::{Path, PathBuf};
use tantivy::Index;
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, INDEX_WRITER_LOCK};

/// Removes what a writer that did not finish (killed, out of disk space,
/// cancelled) left in the tantivy folder of the index folder `dir`.
pub(super) fn tidy(dir: &Path) {
    let tdir = dir.join(TANTIVY);
    if let Ok(mut index) = Index::open_in_dir(&tdir) {
        // A damaged lock is met again, and repaired, by the rebuild.
        let _ = collect_garbage(&mut index, &tdir);
    }
}

/// Removes from the index in `tdir` the files a writer that did not
/// finish left: segment files no commit lists and tantivy's temporary
/// files. Only while no writer runs (tantivy's writer lock is ours): a
/// running one's files look the same. A sound index costs one listing of
/// the folder. `false` when the leftovers cannot be removed because the
/// lock itself is damaged: the folder is then rebuilt.
pub(super) fn collect_garbage(index: &mut Index, tdir: &Path) -> bool {
    if left_over(index, tdir).is_empty() {
        return true;
    }
    let _writing = match index.directory().acquire_lock(&INDEX_WRITER_LOCK) {
        Ok(lock) => lock,
        // Another writer runs: its files are not leftovers.
        Err(LockError::LockBusy) => return true,
        Err(LockError::IoError(_)) => return false,
    };
    // Again under the lock: a writer may have committed in between.
    let strays = left_over(index, tdir);
    let living: std::collections::HashSet<PathBuf> = index
        .directory()
        .list_managed_files()
        .into_iter()
        .filter(|f| !strays.contains(f))
        .collect();
    // Tantivy's own collection also drops them from its list of files.
    let _ = index.directory_mut().garbage_collect(|| living);
    for name in strays {
        let path = tdir.join(name);
        let _ = match path.is_dir() {
            true => std::fs::remove_dir_all(&path),
            false => std::fs::remove_file(&path),
        };
    }
    true
}

/// The files of the index in `tdir` that belong to no committed segment:
/// all but `meta.json`, tantivy's own dot-files (its list of files and its
/// locks) and the files of the segments `meta.json` lists.
fn left_over(index: &Index, tdir: &Path) -> Vec<PathBuf> {
    let Ok(metas) = index.searchable_segment_metas() else {
        return Vec::new();
    };
    let Ok(items) = std::fs::read_dir(tdir) else {
        return Vec::new();
    };
    let segments: Vec<String> = metas.iter().map(|m| m.id().uuid_string()).collect();
    let kept = |name: &str| {
        name == "meta.json"
            || name == ".managed.json"
            || name.starts_with(".tantivy-")
            || segments.iter().any(|s| name.starts_with(s.as_str()))
    };
    items
        .flatten()
        .map(|i| PathBuf::from(i.file_name()))
        .filter(|name| name.to_str().is_none_or(|n| !kept(n)))
        .collect()
}
