//! Indexes kept on disk in the per-user cache, reused while the files are
//! unchanged and updated incrementally when they change.
//!
//! A cache folder holds `tantivy/` (the index) and `manifest.json`: the
//! schema version and, per source file, its size, modification time and a
//! hash of the ids of its entries (ids hash the file's bytes, so this also
//! catches an edit that keeps size and time), and a hash of tantivy's
//! `meta.json`; its last line is a hash of the rest. On open, sources
//! whose stamp changed are deleted and re-added, vanished ones deleted, new
//! ones added. Anything unexpected (unreadable, changed or truncated
//! manifest or `meta.json`, other version, checksum failure, a manifest
//! written by a binary whose parser or text analysis differs, documents
//! not matching the archive) rebuilds the folder: the cache is never
//! trusted blindly.
//!
//! Nothing half-written stays: a new index is built in a temporary folder
//! beside the others and renamed into place once its manifest is written
//! (a failed or cancelled build removes it, a killed one is swept by the
//! next open, see [`crate::cache::atomic`]), and on open the files a
//! writer that did not finish left in `tantivy/` are removed
//! (`collect_garbage`). A cache folder that is a file, or a cache root
//! that is one, is an error of the cache: the index is built in memory.

use super::index::{self, Fields, SCHEMA_VERSION};
use super::pairs::PairWords;
use super::{BuildOptions, BuildProgress, CacheReport, SearchError, SearchIndex};
use crate::archive::Archive;
use crate::cache::root::{Want, open_file, ready};
use crate::cache::{Stamp, atomic, fingerprint};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tantivy::directory::error::LockError;
use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Env variable overriding the cache root (used by tests).
pub const CACHE_ENV: &str = "HOTLINE_CACHE_DIR";
const MANIFEST: &str = "manifest.json";
/// The index's folder in a cache folder.
const TANTIVY: &str = "tantivy";

/// Where and for what an on-disk index is kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheOptions {
    /// Cache root; `None` uses `$HOTLINE_CACHE_DIR`, else the per-user
    /// cache directory of `hotline`.
    pub cache_dir: Option<PathBuf>,
    /// The folders the archive was loaded from (they name the cache folder).
    pub roots: Vec<PathBuf>,
    pub build: BuildOptions,
}

/// What the manifest keeps of one source file when it was indexed: the
/// size and modification time of its [`Stamp`] (the status-change time is
/// not kept: the hash of ids already catches an edit that sets the
/// modification time back) and a hash of its entries' ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Indexed {
    size: u64,
    mtime_ns: u128,
    ids: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Manifest {
    version: u32,
    /// [`code_fingerprint`] of the binary that wrote it (0 in older manifests).
    #[serde(default)]
    code: u64,
    sources: BTreeMap<String, Indexed>,
    /// The index's common words (see [`super::pairs`]).
    #[serde(default)]
    pair_words: Vec<String>,
    /// xxh3 of the index's `meta.json` (tantivy's list of segments, which
    /// has no checksum of its own) when the manifest was written.
    #[serde(default)]
    meta: u64,
}

/// A hash of the source of the parser and of the text analysis, as
/// compiled: an index built by a binary that reads or tokenizes text
/// differently is rebuilt, not reused.
fn code_fingerprint() -> u64 {
    let analysis = [
        include_str!("analyze.rs"),
        include_str!("index.rs"),
        include_str!("pairs.rs"),
        include_str!("cache.rs"),
    ];
    fingerprint::of_sources(crate::parse_cache::fingerprint(), &analysis)
}

/// The cache root when none is given: `$HOTLINE_CACHE_DIR`, else the
/// per-user cache directory of `hotline` (`None` if there is none).
pub fn default_cache_root() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(CACHE_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "hotline").map(|p| p.cache_dir().to_path_buf())
}

/// Resolves the cache root from the options, the env and the platform.
pub fn cache_root(opts: &CacheOptions) -> Result<PathBuf, SearchError> {
    if let Some(d) = &opts.cache_dir {
        return Ok(d.clone());
    }
    default_cache_root().ok_or(SearchError::NoCacheDir)
}

/// The cache folder of a set of roots (a hash of their absolute paths).
pub fn cache_folder(opts: &CacheOptions) -> Result<PathBuf, SearchError> {
    let mut roots: Vec<String> = opts
        .roots
        .iter()
        .map(|r| {
            std::path::absolute(r)
                .unwrap_or_else(|_| r.clone())
                .display()
                .to_string()
        })
        .collect();
    roots.sort();
    let key = xxhash_rust::xxh3::xxh3_64(roots.join("\n").as_bytes());
    Ok(cache_root(opts)?.join(format!("index-{key:016x}")))
}

/// The cached index of a set of folders, opened on another thread while
/// their archive loads (see [`SearchIndex::prefetch`]).
pub struct Prefetch {
    dir: PathBuf,
    opening: std::thread::JoinHandle<Option<Opened>>,
}

/// A cached index and its manifest, opened and checked.
struct Opened {
    index: Index,
    fields: Fields,
    pairs: Arc<PairWords>,
    begun: Arc<AtomicU64>,
    manifest: Manifest,
}

impl Prefetch {
    /// What the thread opened, if `dir` is the folder it opened.
    fn take(self, dir: &Path) -> Option<Option<Opened>> {
        let opened = self.opening.join().ok()?;
        (self.dir == dir).then_some(opened)
    }
}

impl SearchIndex {
    /// Starts opening and checking the cached index of `opts.roots` on
    /// another thread, so that it happens while the archive is loading
    /// (nothing else needs to wait for it). Hand the result to
    /// [`SearchIndex::prepare_prefetched`]. `None` when there is no cache
    /// to open (no roots, no cache folder, or no thread).
    pub fn prefetch(opts: &CacheOptions) -> Option<Prefetch> {
        if opts.roots.is_empty() {
            return None;
        }
        let dir = cache_folder(opts).ok()?;
        let d = dir.clone();
        let opening = std::thread::Builder::new()
            .name("hotline-index-open".into())
            .spawn(move || try_open(&d))
            .ok()?;
        Some(Prefetch { dir, opening })
    }

    /// Opens the cached index for `archive` (loaded from `opts.roots`),
    /// updating it for changed files, or builds it if there is none or it
    /// cannot be trusted.
    pub fn open_or_build(
        archive: Arc<Archive>,
        opts: &CacheOptions,
        progress: &BuildProgress,
    ) -> Result<SearchIndex, SearchError> {
        SearchIndex::open_or_build_from(archive, opts, None, progress)
    }

    /// Opens the cached index for `archive` (loaded from `opts.roots`) if
    /// it is sound and current: every file as it was when indexed, nothing
    /// to update. Unlike [`SearchIndex::open_or_build`] it never writes, so
    /// `archive` may hold only its entries' outline (the index is searched
    /// and its snippets read from the files; see
    /// [`SearchIndex::with_archive`] to put the text under it later).
    /// `None` when there is no such index: the caller loads the text and
    /// prepares the index as usual.
    pub fn open_unchanged(
        archive: Arc<Archive>,
        opts: &CacheOptions,
        prefetched: Option<Prefetch>,
    ) -> Option<SearchIndex> {
        let dir = cache_folder(opts).ok()?;
        let opened = match prefetched.and_then(|p| p.take(&dir)) {
            Some(opened) => opened,
            None => try_open(&dir),
        }?;
        if !unchanged(&opened.manifest.sources, &archive) {
            return None;
        }
        let Opened {
            index,
            fields,
            pairs,
            ..
        } = opened;
        let (ix, seen) = SearchIndex::open(archive, index, fields, pairs).ok()?;
        seen.iter().all(|&n| n == 1).then_some(ix)
    }

    fn open_or_build_from(
        archive: Arc<Archive>,
        opts: &CacheOptions,
        prefetched: Option<Prefetch>,
        progress: &BuildProgress,
    ) -> Result<SearchIndex, SearchError> {
        if !archive.has_text() {
            return Err(SearchError::NoText);
        }
        let dir = cache_folder(opts)?;
        let stamps = stamps(&archive);
        let opened = match prefetched.and_then(|p| p.take(&dir)) {
            Some(opened) => opened,
            None => try_open(&dir),
        };
        if let Some(opened) = opened {
            let updated = update(archive.clone(), opened, &dir, &stamps, opts, progress);
            if let Ok(Some(ix)) = updated {
                return Ok(ix);
            }
            // A writer that failed or was cancelled leaves its segments.
            tidy(&dir);
            if let Err(SearchError::Cancelled) = updated {
                return Err(SearchError::Cancelled);
            }
        }
        rebuild(archive, &dir, &stamps, opts, progress, &mmap_directory)
    }
}

impl SearchIndex {
    /// The index the CLI and the window use: kept in the on-disk cache
    /// when the archive was loaded from user folders (`opts.roots` not
    /// empty), else built in memory. When the cache cannot be used the
    /// index is built in memory and the cache's error comes back with it.
    pub fn prepare(
        archive: Arc<Archive>,
        opts: &CacheOptions,
        progress: &BuildProgress,
    ) -> Result<(SearchIndex, Option<SearchError>), SearchError> {
        SearchIndex::prepare_prefetched(archive, opts, None, progress)
    }

    /// [`SearchIndex::prepare`], taking the cached index from a
    /// [`SearchIndex::prefetch`] started with the same options.
    pub fn prepare_prefetched(
        archive: Arc<Archive>,
        opts: &CacheOptions,
        prefetched: Option<Prefetch>,
        progress: &BuildProgress,
    ) -> Result<(SearchIndex, Option<SearchError>), SearchError> {
        let mut cache_error = None;
        if !opts.roots.is_empty() {
            match SearchIndex::open_or_build_from(archive.clone(), opts, prefetched, progress) {
                Ok(ix) => return Ok((ix, None)),
                Err(SearchError::Cancelled) => return Err(SearchError::Cancelled),
                Err(e) => cache_error = Some(e),
            }
        }
        let ix = SearchIndex::build(archive, &opts.build, progress)?;
        Ok((ix, cache_error))
    }
}

/// Whether a cached index of `opts.roots` exists (sound and current or
/// not).
pub fn exists(opts: &CacheOptions) -> bool {
    !opts.roots.is_empty() && cache_folder(opts).is_ok_and(|d| d.join(MANIFEST).is_file())
}

/// Whether a load of `load`, indexed in `cache`, should read only the
/// entries' outline first and try [`SearchIndex::open_unchanged`]: both
/// caches exist (the folders were opened before, likely unchanged), so the
/// outline is quick to read and the index likely current. Otherwise the
/// text is loaded at once (a first open parses every file once, not
/// twice).
pub fn outline_first(load: &crate::LoadOptions, cache: &CacheOptions) -> bool {
    crate::load::cached(load) && exists(cache)
}

/// Opens the index and manifest in `dir` if both look sound, after
/// removing what processes that did not finish left in the cache root and
/// in `dir` (see [`atomic::sweep`] and [`collect_garbage`]).
fn try_open(dir: &Path) -> Option<Opened> {
    if let Some(root) = dir.parent() {
        atomic::sweep(root);
    }
    atomic::sweep(dir);
    let bytes = read_file(&dir.join(MANIFEST)).ok()?;
    let mut manifest: Manifest = serde_json::from_slice(checked(&bytes)?).ok()?;
    let tdir = dir.join(TANTIVY);
    if manifest.version != SCHEMA_VERSION
        || manifest.code != code_fingerprint()
        || manifest.meta != meta_hash(&tdir).ok()?
    {
        return None;
    }
    if !only_files(&tdir) {
        return None;
    }
    let mut index = Index::open_in_dir(&tdir).ok()?;
    let fields = index::fields_of(&index)?;
    if !collect_garbage(&mut index, &tdir) {
        return None;
    }
    if !index.validate_checksum().ok()?.is_empty() {
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

/// Applies the differences between the opened index's manifest and `new`
/// to it. `Ok(None)` when the result does not match the archive (rebuild).
fn update(
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
    // Unchanged files: the manifest on disk already says so.
    if !unchanged {
        write_manifest(dir, new, &ix.pairs)?;
    }
    Ok(Some(ix))
}

/// Opens a folder of tantivy files.
type OpenDirectory = dyn Fn(&Path) -> Result<Box<dyn Directory>, SearchError>;

fn mmap_directory(path: &Path) -> Result<Box<dyn Directory>, SearchError> {
    let mmap = MmapDirectory::open(path).map_err(|e| SearchError::Index(e.into()))?;
    Ok(Box::new(mmap))
}

/// Indexes the whole archive into a new folder and puts it in place of
/// `dir`. The new index is built in a temporary folder beside `dir`
/// ([`atomic::temp_dir`]), which a failure (a full disk) or a cancel
/// removes and a killed process leaves for the next one to sweep: `dir`
/// never holds a half-built index.
fn rebuild(
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
    write_manifest(staged.path(), stamps, &pairs)?;
    replace(dir, staged).map_err(io(dir))?;
    let tdir = dir.join(TANTIVY);
    let index = Index::open(directory(&tdir)?)?;
    index::register_tokenizers(&index, pairs.clone());
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

/// Removes what a writer that did not finish (killed, out of disk space,
/// cancelled) left in the tantivy folder of the index folder `dir`.
fn tidy(dir: &Path) {
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
fn collect_garbage(index: &mut Index, tdir: &Path) -> bool {
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

/// Indexes every entry of `archive` into a new, empty `index` (in memory or
/// on disk) and opens it for searching.
pub(super) fn fill_new_index(
    archive: Arc<Archive>,
    index: Index,
    fields: Fields,
    opts: &BuildOptions,
    progress: &BuildProgress,
) -> Result<SearchIndex, SearchError> {
    let pairs = fill(&archive, &index, &fields, opts, progress)?;
    let (mut ix, _) = SearchIndex::open(archive, index, fields, pairs)?;
    ix.report = CacheReport {
        rebuilt: true,
        indexed: ix.archive.len(),
        dropped_sources: 0,
    };
    Ok(ix)
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

/// An index writer with our threads, memory and no background merging
/// (merges cost more build time than the few segments cost at search).
pub(super) fn writer(index: &Index, opts: &BuildOptions) -> Result<IndexWriter, SearchError> {
    let threads = opts.thread_count();
    let heap = opts.heap_bytes.max(threads * (16 << 20));
    let w: IndexWriter<TantivyDocument> = index.writer_with_num_threads(threads, heap)?;
    w.set_merge_policy(Box::new(NoMergePolicy));
    Ok(w)
}

/// Documents handed to the indexing threads and not yet begun, at most.
/// tantivy queues up to 10,000, each a copy of an entry's text: about 40 MB
/// at the peak of a first build of 100,000 articles, for no speed.
const QUEUED: u64 = 256;

/// Adds the entries at `ixs`, checking for cancel and counting progress.
/// `begun` is the count of entries the indexing threads have begun (from
/// [`index::register_tokenizers`]); the queue is kept short with it.
pub(super) fn add_entries(
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

/// The stamp of every source of the archive: the size and time the loader
/// saw when it read the file (what the archive's text is a reading of),
/// else the file's now. Built-in and vanished files have size and time 0;
/// their ids still identify their content.
fn stamps(archive: &Archive) -> BTreeMap<String, Indexed> {
    let mut ids: BTreeMap<&str, u64> = BTreeMap::new();
    for e in archive.entries() {
        mix_id(ids.entry(e.source.as_str()).or_insert(0), &e.id);
    }
    ids.into_iter()
        .map(|(source, ids)| {
            let (size, mtime_ns) = file_stamp(archive, source);
            (
                source.to_string(),
                Indexed {
                    size,
                    mtime_ns,
                    ids,
                },
            )
        })
        .collect()
}

/// Mixes one entry's id into its source's hash of ids (in canonical
/// order, as [`stamps`] and [`unchanged`] both read them).
fn mix_id(h: &mut u64, id: &str) {
    *h = h.rotate_left(5) ^ xxhash_rust::xxh3::xxh3_64(id.as_bytes());
}

/// The size and modification time of a source: as the loader saw it,
/// else as it is now; 0 and 0 for built-in and vanished files.
fn file_stamp(archive: &Archive, source: &str) -> (u64, u128) {
    archive
        .file_stamp(source)
        .or_else(|| Stamp::now(Path::new(source)))
        .map_or((0, 0), |st| (st.size, st.mtime_ns))
}

/// Whether [`stamps`] of `archive` would equal `sources`, found without
/// building it (no copy of 100,000 paths on the way to a search).
fn unchanged(sources: &BTreeMap<String, Indexed>, archive: &Archive) -> bool {
    let mut ids: HashMap<&str, u64, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(sources.len(), Default::default());
    for e in archive.entries() {
        mix_id(ids.entry(e.source.as_str()).or_insert(0), &e.id);
    }
    ids.len() == sources.len()
        && sources.iter().all(|(source, st)| {
            ids.get(source.as_str()) == Some(&st.ids)
                && file_stamp(archive, source) == (st.size, st.mtime_ns)
        })
}

/// The JSON of a manifest file if its check (the xxh3 of the JSON, in hex
/// on the last line) matches: a byte changed anywhere is not trusted.
fn checked(bytes: &[u8]) -> Option<&[u8]> {
    let body = bytes.strip_suffix(b"\n")?;
    let at = body.iter().rposition(|&b| b == b'\n')?;
    let check = std::str::from_utf8(&body[at + 1..]).ok()?;
    let check = u64::from_str_radix(check, 16).ok()?;
    (xxhash_rust::xxh3::xxh3_64(&body[..at]) == check).then_some(&body[..at])
}

/// The xxh3 of the `meta.json` of the index in `tdir`.
fn meta_hash(tdir: &Path) -> std::io::Result<u64> {
    Ok(xxhash_rust::xxh3::xxh3_64(&read_file(
        &tdir.join("meta.json"),
    )?))
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

/// The bytes of a file of the cache folder, if it is a regular file (see
/// [`open_file`]).
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_file(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes the manifest (its JSON, then its check) through a temporary
/// file and a rename, so a crash never leaves a half-written one.
fn write_manifest(
    dir: &Path,
    sources: &BTreeMap<String, Indexed>,
    pairs: &PairWords,
) -> Result<(), SearchError> {
    let io = |source| SearchError::Io {
        path: dir.join(MANIFEST),
        source,
    };
    let m = Manifest {
        version: SCHEMA_VERSION,
        code: code_fingerprint(),
        sources: sources.clone(),
        pair_words: pairs.to_sorted(),
        meta: meta_hash(&dir.join(TANTIVY)).map_err(io)?,
    };
    let mut json = serde_json::to_vec(&m).map_err(|e| io(e.into()))?;
    let check = xxhash_rust::xxh3::xxh3_64(&json);
    json.extend_from_slice(format!("\n{check:016x}\n").as_bytes());
    atomic::write(&dir.join(MANIFEST), &json).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::tests::{entry, sample};
    use crate::model::Kind;

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
        let q = super::super::Query::parse("text").unwrap();
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
        assert!(try_open(&dir).is_some());
    }

    #[test]
    fn unchanged_agrees_with_comparing_the_stamps() {
        let a = sample();
        let sources = stamps(&a);
        assert!(unchanged(&sources, &a));
        // Another entry, one entry fewer, another id, another size.
        let mut more = a.entries().to_vec();
        more.push(entry("e", None, None, Kind::Article));
        let more = Archive::new(more, vec![]);
        assert!(!unchanged(&sources, &more) && stamps(&more) != sources);
        let fewer = Archive::new(a.entries()[1..].to_vec(), vec![]);
        assert!(!unchanged(&sources, &fewer));
        let mut renamed = a.entries().to_vec();
        renamed[0].id = "zz".into();
        assert!(!unchanged(&sources, &Archive::new(renamed, vec![])));
        let mut sized = sources.clone();
        if let Some(st) = sized.values_mut().next() {
            st.size += 1;
        }
        assert!(!unchanged(&sized, &a));
    }
}
