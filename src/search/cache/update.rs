//! Bringing a cached index up to date: in place, deleting and adding the
//! sources whose stamps changed ([`update`]), or from nothing in a staged
//! folder put in place of the old one once whole ([`rebuild`]).

use super::manifest::{Indexed, write_manifest};
use super::open::Opened;
use super::{CacheOptions, TANTIVY};
use crate::archive::Archive;
use crate::cache::atomic;
use crate::cache::root::{Want, ready};
use crate::search::index::{self, Fields};
use crate::search::pairs::PairWords;
use crate::search::{BuildOptions, BuildProgress, CacheReport, SearchError, SearchIndex};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tantivy::directory::{Directory, MmapDirectory};
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Opens a folder of tantivy files.
pub(super) type OpenDirectory = dyn Fn(&Path) -> Result<Box<dyn Directory>, SearchError>;

pub(super) fn mmap_directory(path: &Path) -> Result<Box<dyn Directory>, SearchError> {
    let mmap = MmapDirectory::open(path).map_err(|e| SearchError::Index(e.into()))?;
    Ok(Box::new(mmap))
}

/// Applies the differences between the opened index's manifest and `new`
/// to it. `Ok(None)` when the result does not match the archive (rebuild).
pub(super) fn update(
    archive: Arc<Archive>,
    opened: Opened,
    dir: &Path,
    new: &BTreeMap<String, Indexed>,
    opts: &CacheOptions,
    progress: &BuildProgress,
) -> Result<Option<SearchIndex>, SearchError> {
    let Opened {
        index,
        fields,
        pairs,
        begun,
        manifest: old,
    } = opened;
    // Both maps are sorted: one pass tells whether anything changed, and
    // an unchanged folder (the common case) skips the lookups per entry.
    let unchanged = old.sources == *new;
    let (stale, fresh): (Vec<&String>, Vec<u32>) = if unchanged {
        (Vec::new(), Vec::new())
    } else {
        let stale = old
            .sources
            .iter()
            .filter(|(s, st)| new.get(*s) != Some(*st))
            .map(|(s, _)| s)
            .collect();
        let fresh = (0..archive.len() as u32)
            .filter(|&ix| {
                archive
                    .get(ix)
                    .is_some_and(|e| old.sources.get(&e.source) != new.get(&e.source))
            })
            .collect();
        (stale, fresh)
    };
    let report = CacheReport {
        rebuilt: false,
        indexed: fresh.len(),
        dropped_sources: stale.len(),
    };
    if !stale.is_empty() || !fresh.is_empty() {
        let mut writer = writer(&index, &opts.build)?;
        for s in stale {
            index::delete_source(&writer, &fields, s);
        }
        add_entries(&writer, &fields, &archive, &fresh, &begun, progress)?;
        writer.commit()?;
        writer.wait_merging_threads()?;
    }
    let (mut ix, seen) = SearchIndex::open(archive, index, fields, pairs)?;
    ix.report = report;
    if seen.iter().any(|&n| n != 1) {
        return Ok(None);
    }
    // Unchanged files and warnings: the manifest on disk already says so.
    let clean = ix.archive.warnings().is_empty();
    if !unchanged || old.clean != clean {
        write_manifest(dir, new, &ix.pairs, clean)?;
    }
    Ok(Some(ix))
}

/// Indexes the whole archive into a new folder and puts it in place of
/// `dir`. The new index is built in a temporary folder beside `dir`
/// ([`atomic::temp_dir`]), which a failure (a full disk) or a cancel
/// removes and a killed process leaves for the next one to sweep: `dir`
/// never holds a half-built index.
pub(super) fn rebuild(
    archive: Arc<Archive>,
    dir: &Path,
    stamps: &BTreeMap<String, Indexed>,
    opts: &CacheOptions,
    progress: &BuildProgress,
    directory: &OpenDirectory,
) -> Result<SearchIndex, SearchError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SearchError::Io { path, source }
    };
    ready(dir, Want::Folder).map_err(|b| SearchError::Io {
        path: b.path,
        source: std::io::Error::other(b.why),
    })?;
    // The untrusted index goes first: its room may be what the new one
    // needs.
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(io(dir))?;
    }
    let root = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(root).map_err(io(root))?;
    let staged = atomic::temp_dir(root).map_err(io(root))?;
    let tdir = staged.path().join(TANTIVY);
    std::fs::create_dir(&tdir).map_err(io(&tdir))?;
    let (schema, fields) = index::schema();
    let index = Index::create(directory(&tdir)?, schema, Default::default())?;
    let pairs = fill(&archive, &index, &fields, &opts.build, progress)?;
    drop(index);
    // The manifest goes in last, so a folder is never described by a
    // manifest it does not match.
    write_manifest(staged.path(), stamps, &pairs, archive.warnings().is_empty())?;
    replace(dir, staged).map_err(io(dir))?;
    let tdir = dir.join(TANTIVY);
    let index = Index::open(directory(&tdir)?)?;
    index::register_tokenizers(&index, pairs.clone());
    open_rebuilt(archive, index, fields, pairs)
}

/// Opens an index every entry of `archive` was just added to, reporting
/// it as rebuilt.
fn open_rebuilt(
    archive: Arc<Archive>,
    index: Index,
    fields: Fields,
    pairs: Arc<PairWords>,
) -> Result<SearchIndex, SearchError> {
    let (mut ix, _) = SearchIndex::open(archive, index, fields, pairs)?;
    ix.report = CacheReport {
        rebuilt: true,
        indexed: ix.archive.len(),
        dropped_sources: 0,
    };
    Ok(ix)
}

/// Puts the folder `staged` in place of `dir`: the old folder is first
/// renamed to a temporary name (a folder cannot be renamed over one that
/// is not empty), then removed.
fn replace(dir: &Path, staged: tempfile::TempDir) -> std::io::Result<()> {
    let root = dir.parent().unwrap_or(Path::new("."));
    // An empty temporary folder reserves the old one's new name.
    let old = atomic::temp_dir(root)?.keep();
    let moved = match std::fs::rename(dir, &old) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => {
            let _ = std::fs::remove_dir(&old);
            return Err(e);
        }
    };
    let placed = std::fs::rename(staged.path(), dir);
    if placed.is_ok() {
        let _ = staged.keep();
    }
    let _ = match moved {
        true => std::fs::remove_dir_all(&old),
        false => std::fs::remove_dir(&old),
    };
    placed
}

/// Indexes every entry of `archive` into a new, empty `index` and commits;
/// returns the common words whose pairs it indexed.
fn fill(
    archive: &Archive,
    index: &Index,
    fields: &Fields,
    opts: &BuildOptions,
    progress: &BuildProgress,
) -> Result<Arc<PairWords>, SearchError> {
    let pairs = Arc::new(PairWords::sample(archive));
    let begun = index::register_tokenizers(index, pairs.clone());
    let mut writer = writer(index, opts)?;
    let all: Vec<u32> = (0..archive.len() as u32).collect();
    add_entries(&writer, fields, archive, &all, &begun, progress)?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(pairs)
}

/// Documents handed to the indexing threads and not yet begun, at most.
/// tantivy queues up to 10,000, each a copy of an entry's text: about 40 MB
/// at the peak of a first build of 100,000 articles, for no speed.
const QUEUED: u64 = 256;

/// Indexes every entry of `archive` into a new, empty `index` (in memory or
/// on disk) and opens it for searching.
pub(in crate::search) fn fill_new_index(
    archive: Arc<Archive>,
    index: Index,
    fields: Fields,
    opts: &BuildOptions,
    progress: &BuildProgress,
) -> Result<SearchIndex, SearchError> {
    let pairs = fill(&archive, &index, &fields, opts, progress)?;
    open_rebuilt(archive, index, fields, pairs)
}

/// An index writer with our threads, memory and no background merging
/// (merges cost more build time than the few segments cost at search).
fn writer(index: &Index, opts: &BuildOptions) -> Result<IndexWriter, SearchError> {
    let threads = opts.thread_count();
    let heap = opts.heap_bytes.max(threads * (16 << 20));
    let w: IndexWriter<TantivyDocument> = index.writer_with_num_threads(threads, heap)?;
    w.set_merge_policy(Box::new(NoMergePolicy));
    Ok(w)
}

/// Adds the entries at `ixs`, checking for cancel and counting progress.
/// `begun` is the count of entries the indexing threads have begun (from
/// [`index::register_tokenizers`]); the queue is kept short with it.
fn add_entries(
    writer: &IndexWriter,
    fields: &Fields,
    archive: &Archive,
    ixs: &[u32],
    begun: &AtomicU64,
    progress: &BuildProgress,
) -> Result<(), SearchError> {
    progress.start(ixs.len());
    let before = begun.load(Ordering::Relaxed);
    let mut throttle = true;
    for (sent, &ix) in ixs.iter().enumerate() {
        if progress.is_cancelled() {
            return Err(SearchError::Cancelled);
        }
        // Wait for the indexing threads to catch up; if they do not move
        // for 100 ms, stop waiting (tantivy's own queue still bounds it).
        let queued = || {
            let done = begun.load(Ordering::Relaxed).saturating_sub(before);
            (sent as u64).saturating_sub(done)
        };
        let mut waited = 0;
        while throttle && queued() > QUEUED {
            if waited == 400 {
                throttle = false;
            }
            std::thread::sleep(std::time::Duration::from_micros(250));
            waited += 1;
        }
        if let Some(e) = archive.get(ix) {
            writer.add_document(index::document(fields, e))?;
        }
        progress.advance();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::tests::sample;
    use crate::search::cache::cache_folder;
    use crate::search::cache::manifest::Part;
    use crate::search::cache::manifest::stamps;
    use crate::search::cache::open::{Verify, try_open};

    use std::sync::atomic::AtomicI64;
    use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
    use tantivy::directory::{
        AntiCallToken, FileHandle, TerminatingWrite, WatchCallback, WatchHandle, WritePtr,
    };

    /// A folder of tantivy files on a disk with only so many bytes of room.
    #[derive(Debug, Clone)]
    struct Full {
        inner: MmapDirectory,
        room: Arc<AtomicI64>,
    }

    struct Limited {
        w: Box<dyn TerminatingWrite + Send + Sync>,
        room: Arc<AtomicI64>,
    }

    impl std::io::Write for Limited {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            let n = b.len() as i64;
            if self.room.fetch_sub(n, Ordering::Relaxed) < n {
                return Err(std::io::ErrorKind::StorageFull.into());
            }
            self.w.write(b)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.w.flush()
        }
    }

    impl TerminatingWrite for Limited {
        fn terminate_ref(&mut self, token: AntiCallToken) -> std::io::Result<()> {
            self.w.terminate_ref(token)
        }
    }

    impl Directory for Full {
        fn get_file_handle(&self, p: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
            self.inner.get_file_handle(p)
        }
        fn delete(&self, p: &Path) -> Result<(), DeleteError> {
            self.inner.delete(p)
        }
        fn exists(&self, p: &Path) -> Result<bool, OpenReadError> {
            self.inner.exists(p)
        }
        fn open_write(&self, p: &Path) -> Result<WritePtr, OpenWriteError> {
            let w = self
                .inner
                .open_write(p)?
                .into_inner()
                .map_err(|e| OpenWriteError::wrap_io_error(e.into_error(), p.to_path_buf()))?;
            let room = self.room.clone();
            Ok(std::io::BufWriter::new(Box::new(Limited { w, room })))
        }
        fn atomic_read(&self, p: &Path) -> Result<Vec<u8>, OpenReadError> {
            self.inner.atomic_read(p)
        }
        fn atomic_write(&self, p: &Path, data: &[u8]) -> std::io::Result<()> {
            self.inner.atomic_write(p, data)
        }
        fn sync_directory(&self) -> std::io::Result<()> {
            self.inner.sync_directory()
        }
        fn watch(&self, cb: WatchCallback) -> tantivy::Result<WatchHandle> {
            self.inner.watch(cb)
        }
    }

    #[test]
    fn a_build_that_runs_out_of_room_leaves_nothing_and_the_next_is_fresh() {
        let root = tempfile::tempdir().unwrap();
        let archive = Arc::new(sample());
        let opts = CacheOptions {
            cache_dir: Some(root.path().into()),
            roots: vec!["docs".into()],
            build: BuildOptions {
                threads: 1,
                ..Default::default()
            },
        };
        let dir = cache_folder(&opts).unwrap();
        let progress = BuildProgress::default();
        let run = |directory: &OpenDirectory| {
            rebuild(
                archive.clone(),
                &dir,
                &stamps(&archive),
                &opts,
                &progress,
                directory,
            )
        };
        // An old index is there: the rebuild replaces it.
        run(&mmap_directory).unwrap();
        let full = |p: &Path| -> Result<Box<dyn Directory>, SearchError> {
            let inner = MmapDirectory::open(p).map_err(|e| SearchError::Index(e.into()))?;
            let room = Arc::new(AtomicI64::new(200));
            Ok(Box::new(Full { inner, room }))
        };
        let failed = run(&full);
        assert!(failed.is_err(), "{failed:?}");
        let left: Vec<_> = std::fs::read_dir(root.path()).unwrap().flatten().collect();
        assert!(left.is_empty(), "{left:?}");
        // With room, the index answers as one built in memory.
        let ix = run(&mmap_directory).unwrap();
        let fresh = SearchIndex::build(archive.clone(), &opts.build, &progress).unwrap();
        let q = crate::search::Query::parse("text").unwrap();
        let hits = |ix: &SearchIndex| {
            let r = ix.search(
                &q,
                &crate::Filter::default(),
                100,
                crate::search::Fallback::Never,
            );
            let mut h: Vec<_> = r.hits.iter().map(|h| (h.ix, h.score.to_bits())).collect();
            h.sort_unstable();
            h
        };
        assert!(!hits(&fresh).is_empty());
        assert_eq!(hits(&ix), hits(&fresh));
        assert!(try_open(&dir, Verify::Checksums, Part::Whole).is_some());
    }
}
