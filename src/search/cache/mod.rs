//! Indexes kept on disk in the per-user cache, reused while the files are
//! unchanged and updated incrementally when they change.
//!
//! A cache folder holds `tantivy/` (the index) and `manifest.json`: the
//! schema version and, per source file, its size, modification and change
//! times and a hash of the ids of its entries (ids hash the file's bytes,
//! so this also catches an edit that keeps size and time), whether the
//! archive indexed loaded without warnings, and a hash of tantivy's
//! `meta.json`; a header with its own check comes first, so that a search
//! without a load reads only that (see [`manifest`]). On open, sources
//! whose stamp changed are deleted and re-added, vanished ones deleted, new
//! ones added. Anything unexpected (unreadable, changed or truncated
//! manifest or `meta.json`, a segment file deleted or written to since
//! the manifest, other version, checksum failure, a manifest
//! written by a binary whose parser or text analysis differs, documents
//! not matching the archive) rebuilds the folder: the cache is never
//! trusted blindly.
//!
//! Nothing half-written stays: a new index is built in a temporary folder
//! beside the others and renamed into place once its manifest is written
//! (a failed or cancelled build removes it, a killed one is swept by the
//! next open, see [`crate::cache::atomic`]), and on open the files a
//! writer that did not finish left in `tantivy/` are removed
//! ([`garbage`]). A cache folder that is a file, or a cache root
//! that is one, is an error of the cache: the index is built in memory.

mod garbage;
mod manifest;
mod open;
mod update;

pub(super) use manifest::{Manifest, Part, digest_of, file_digest, mix_id};
pub(super) use open::{Opened, Verify, try_open};
pub(super) use update::fill_new_index;

use super::{BuildOptions, BuildProgress, SearchError, SearchIndex};
use crate::archive::Archive;
use garbage::tidy;
use manifest::{stamps, unchanged};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use update::{mmap_directory, rebuild, update};

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
            .spawn(move || try_open(&d, Verify::Checksums, Part::Whole))
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
            None => try_open(&dir, Verify::Checksums, Part::Whole),
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
            None => try_open(&dir, Verify::Checksums, Part::Whole),
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

/// How a load of `load`, indexed in `cache`, is best ordered: only the
/// entries' outline first, trying [`SearchIndex::open_unchanged`], when both
/// caches exist (the folders were opened before, likely unchanged), so the
/// outline is quick to read and the index likely current. Otherwise the
/// text is loaded at once (a first open parses every file once, not
/// twice).
pub fn load_order(load: &crate::LoadOptions, cache: &CacheOptions) -> LoadOrder {
    if crate::load::cached(load) && exists(cache) {
        LoadOrder::OutlineFirst
    } else {
        LoadOrder::TextAtOnce
    }
}

/// How a folder set is best loaded for searching (see [`load_order`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadOrder {
    /// The outline, searched with the cached index, then (if wanted) the
    /// text under the same index.
    OutlineFirst,
    /// The text at once, then the index opened, updated or built on it.
    TextAtOnce,
}
