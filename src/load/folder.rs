//! One user folder's load, in two steps so that every folder is counted
//! before any is read: the walk ([`walk_folder`]: hidden files, special
//! files and links into the system's pseudo-filesystems left out, each
//! with a warning; the parse cache starts being read alongside), then the
//! reads ([`read_folder`]: each file taken from the parse cache or read
//! and parsed on rayon's workers, and the parse cache written back when
//! anything changed).

use super::file::{FileRead, read_file};
use super::{ItemOutput, Text, keep_outline, skipped, warn};
use super::{LoadError, LoadOptions, Progress};
use crate::cache::Stamp;
use crate::formats::{self, Route};
use crate::model::Warning;
use crate::parse_cache;
use crate::read::{self, Known, ReadError, ReadLimit};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// What one folder gave.
pub(super) struct FolderLoad {
    /// Each walked item's entries and warnings, in walk order.
    pub(super) loaded: Vec<ItemOutput>,
    /// What the walk refused to enter (symlinks into the system's
    /// pseudo-filesystems).
    pub(super) skipped: Vec<Warning>,
    /// Each file read, and its size and times when it was read (with a
    /// cache only: without one, files are not stat'ed).
    pub(super) stamps: Vec<(String, Stamp)>,
    /// The real path of each file whose name is not valid Unicode.
    pub(super) paths: Vec<(String, PathBuf)>,
}

/// One folder walked, nothing read yet: what the walk found, in walk
/// order, and the folder's parse cache as read alongside the walk.
pub(super) struct Walked<'a> {
    root: &'a Path,
    items: Vec<walkdir::Result<walkdir::DirEntry>>,
    /// What the walk refused to enter.
    skipped: Vec<Warning>,
    /// The folder's cache file, if one is kept, and what it holds.
    cache: Option<(PathBuf, CacheRead)>,
    /// Why the cache cannot be used, if it cannot.
    cache_warning: Option<Warning>,
}

/// Walks `root` (a folder, recursively, or a single file), following
/// symlinks but reporting loops, and skipping hidden files and folders.
/// Each file found is counted in `progress`'s total; with a cache file,
/// its reading starts on another thread (the count of files it holds
/// tells `progress` what to expect) and goes on after the walk.
pub(super) fn walk_folder<'a>(
    root: &'a Path,
    opts: &LoadOptions,
    progress: &Progress,
) -> Result<Walked<'a>, LoadError> {
    let mut cache_warning = None;
    let cache_path = opts
        .cache
        .as_deref()
        .map(|c| parse_cache::cache_file(c, root))
        .filter(|p| match parse_cache::ready_warning(p) {
            Ok(()) => true,
            Err(w) => {
                cache_warning = Some(w);
                false
            }
        });
    let skipped = Mutex::new(Vec::new());
    let walker = || {
        walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0 && is_hidden(e.file_name()) {
                    return false;
                }
                // Only a symlink can lead out of an ordinary folder into
                // `/proc` and the like; resolving every other path would
                // cost a syscall per file.
                let system = e.path_is_symlink().then(|| read::system_path(e.path()));
                if let Some(Some(system)) = system {
                    let mut skipped = skipped.lock().unwrap_or_else(PoisonError::into_inner);
                    skipped.push(system_warning(e.path(), system));
                    return false;
                }
                true
            })
            .take_while(|_| !progress.is_cancelled())
            .inspect(|item| {
                if item.as_ref().is_ok_and(is_file) {
                    progress.add_total(1);
                }
            })
            .collect::<Vec<_>>()
    };
    let cache = cache_path.map(|p| {
        let read = CacheRead::start(&p, opts.text);
        if let CacheRead::Reading(_) = read {
            // What the last load found, for the walk's progress.
            progress.expect(parse_cache::files_in(&p).unwrap_or(0));
        }
        (p, read)
    });
    let items = walker();
    if progress.is_cancelled() {
        return Err(LoadError::Cancelled);
    }
    Ok(Walked {
        root,
        items,
        skipped: skipped.into_inner().unwrap_or_else(PoisonError::into_inner),
        cache,
        cache_warning,
    })
}

/// Reads and parses each file `walked` found, in parallel; with a cache,
/// unchanged files come from it instead, and the cache is rewritten when
/// anything changed.
pub(super) fn read_folder(
    walked: Walked<'_>,
    opts: &LoadOptions,
    progress: &Progress,
) -> Result<FolderLoad, LoadError> {
    let Walked {
        root,
        items,
        skipped,
        cache,
        mut cache_warning,
    } = walked;
    let cache = cache.map(|(p, read)| parse_cache::FolderCache::new(p, read.finish(), opts.text));
    let ctx = ItemCtx {
        root,
        text: opts.text,
        cache: cache.as_ref(),
        progress,
        limit: opts.limit,
    };
    let load = |(i, item)| load_item(&ctx, item).map(|out| (i, out));
    let mut results: Vec<(usize, Item)> =
        items.into_par_iter().enumerate().filter_map(load).collect();
    if progress.is_cancelled() {
        return Err(LoadError::Cancelled);
    }
    results.sort_unstable_by_key(|(i, _)| *i);
    if let Some(cache) = cache {
        let fresh = results.iter().any(|(_, it)| it.fresh);
        let kept: Vec<parse_cache::Kept<'_>> = results
            .iter()
            .filter_map(|(_, it)| {
                let (source, stamp) = it.file.as_ref()?;
                Some(parse_cache::Kept {
                    source,
                    stamp: *stamp,
                    entries: &it.loaded.0,
                    warnings: &it.loaded.1,
                    blob: it.blob.clone(),
                })
            })
            .collect();
        if let Err(w) = cache.finish(&kept, fresh) {
            cache_warning = Some(w);
        }
    }
    let mut stamps = Vec::with_capacity(results.len());
    let mut paths = Vec::new();
    let mut not_articles = std::collections::BTreeMap::<String, usize>::new();
    let mut loaded: Vec<ItemOutput> = results
        .into_iter()
        .map(|(_, it)| {
            stamps.extend(it.file);
            paths.extend(it.path);
            if let Some(ext) = it.not_article {
                *not_articles.entry(ext).or_default() += 1;
            }
            it.loaded
        })
        .collect();
    loaded.extend(not_articles_warning(root, &not_articles).map(|w| (Vec::new(), vec![w])));
    loaded.extend(cache_warning.map(|w| (Vec::new(), vec![w])));
    Ok(FolderLoad {
        loaded,
        skipped,
        stamps,
        paths,
    })
}

/// What a folder's parse cache file holds, read on a thread of its own
/// from the start of the folder's walk until its files are read (the
/// walks of the other folders go on meanwhile).
enum CacheRead {
    /// No file to read.
    Nothing,
    Reading(std::thread::JoinHandle<Option<HashMap<String, parse_cache::Cached>>>),
    /// Read on the walk's thread, where no thread could start.
    Read(Option<HashMap<String, parse_cache::Cached>>),
}

impl CacheRead {
    fn start(path: &Path, text: Text) -> CacheRead {
        if !path.exists() {
            return CacheRead::Nothing;
        }
        let p = path.to_path_buf();
        let thread = std::thread::Builder::new().name("hotline-cache-read".into());
        match thread.spawn(move || parse_cache::read(&p, text)) {
            Ok(reading) => CacheRead::Reading(reading),
            Err(_) => CacheRead::Read(parse_cache::read(path, text)),
        }
    }

    /// What the file holds (`None`: nothing usable).
    fn finish(self) -> Option<HashMap<String, parse_cache::Cached>> {
        match self {
            CacheRead::Nothing => None,
            CacheRead::Reading(reading) => reading.join().ok().flatten(),
            CacheRead::Read(read) => read,
        }
    }
}

/// Whether a walked item is a file the load reads (or refuses with a
/// warning of its own): what the progress counts.
fn is_file(e: &walkdir::DirEntry) -> bool {
    let kind = e.file_type();
    !kind.is_dir() && read::special_kind(&kind).is_none()
}

/// What every walked item needs to know.
struct ItemCtx<'a> {
    root: &'a Path,
    text: Text,
    /// The folder's cache, if one is kept: files are looked up in it, and
    /// it keeps what it needs of the files parsed.
    cache: Option<&'a parse_cache::FolderCache>,
    progress: &'a Progress,
    limit: ReadLimit,
}

/// One walked item's entries and warnings, and what the cache keeps of it.
struct Item {
    loaded: ItemOutput,
    /// The file's source and stamp, if it can be cached.
    file: Option<(String, Stamp)>,
    /// Read now rather than taken from the cache (the cache is then
    /// rewritten).
    fresh: bool,
    /// Where its text for the cache is, when known already.
    blob: Option<parse_cache::Blob>,
    /// Its source and real path, when its name is not valid Unicode.
    path: Option<(String, PathBuf)>,
    /// Not an article: its extension, for the folder's summary.
    not_article: Option<String>,
}

impl Item {
    /// An item that gave only a warning, which every walk finds again: the
    /// cache holds files only.
    fn walk_only(warning: Warning) -> Item {
        Item {
            loaded: (Vec::new(), vec![warning]),
            file: None,
            fresh: false,
            blob: None,
            path: None,
            not_article: None,
        }
    }

    /// A file that is not an article: nothing loaded, nothing cached, and
    /// one line for all of them in the folder's summary.
    fn not_article(ext: String) -> Item {
        Item {
            loaded: (Vec::new(), Vec::new()),
            not_article: Some(ext),
            ..Item::walk_only(Warning {
                path: String::new(),
                message: String::new(),
            })
        }
    }
}

/// One walked item: a file is taken from the cache or read and parsed, a
/// folder gives nothing, a walk error becomes a warning.
fn load_item(ctx: &ItemCtx<'_>, item: walkdir::Result<walkdir::DirEntry>) -> Option<Item> {
    let e = match item {
        Ok(e) if e.file_type().is_dir() => return None,
        Ok(e) => e,
        Err(e) => return Some(Item::walk_only(walk_warning(ctx.root, &e))),
    };
    let source = e.path().display().to_string();
    if let Some(kind) = read::special_kind(&e.file_type()) {
        let message = format!("skipped: {kind}, not a regular file");
        return Some(Item::walk_only(warn(&source, message)));
    }
    if let Route::NotArticle(ext) = formats::route(&source) {
        ctx.progress.advance();
        return Some(Item::not_article(ext));
    }
    let path = e
        .path()
        .to_str()
        .is_none()
        .then(|| (source.clone(), e.path().to_path_buf()));
    let stamp = if ctx.cache.is_some() {
        e.metadata().ok().map(|m| Stamp::of(&m))
    } else {
        None
    };
    let hit = ctx
        .cache
        .zip(stamp)
        .and_then(|(cache, st)| cache.lookup(&source, st));
    let item = match hit {
        Some((c, blob)) => {
            let warnings = c.warnings.into_iter().map(|m| warn(&source, m)).collect();
            Item {
                loaded: (c.entries, warnings),
                file: stamp.map(|st| (source, st)),
                path,
                fresh: false,
                blob,
                not_article: None,
            }
        }
        None => read_item(ctx, e.path(), source, stamp, path),
    };
    ctx.progress.advance();
    Some(item)
}

/// A file not in the cache: read, parsed and (if a cache is kept) cached.
fn read_item(
    ctx: &ItemCtx<'_>,
    file: &Path,
    source: String,
    stamp: Option<Stamp>,
    path: Option<(String, PathBuf)>,
) -> Item {
    // With a cache, the walk stat'ed the file already.
    let known = match stamp {
        Some(st) => Known::Regular { size: st.size },
        None => Known::Nothing,
    };
    let read = match read_file(&source, file, known, ctx.limit) {
        Ok(FileRead::NotArticle(ext)) => return Item::not_article(ext),
        Ok(FileRead::Parsed(parsed)) => Ok(parsed),
        Err(e) => Err(e),
    };
    let parsed = match read {
        // Refused for what it holds: as final as a parse, so cached too.
        Err(ReadError::Content(e)) => Ok((Vec::new(), vec![skipped(&source, &e)])),
        other => other,
    };
    match parsed {
        Ok((mut entries, warnings)) => {
            let blob = ctx
                .cache
                .filter(|_| stamp.is_some())
                .and_then(|c| c.keep(&entries));
            if ctx.text == Text::Outline {
                // Dropped on this worker, so its allocator reuses the
                // memory for the next file.
                entries.iter_mut().for_each(keep_outline);
            }
            Item {
                loaded: (entries, warnings),
                file: stamp.map(|st| (source, st)),
                path,
                fresh: true,
                blob,
                not_article: None,
            }
        }
        // Not cached: it may be readable next time.
        Err(err @ ReadError::Io(_)) => Item {
            fresh: true,
            ..Item::walk_only(warn(&source, err.to_string()))
        },
        // Refused before reading, which the next load does again as
        // cheaply (and after a change of the limit, differently): not
        // cached, and no reason to rewrite the cache.
        Err(err) => Item::walk_only(warn(&source, err.to_string())),
    }
}

/// One line for the files of a folder that are not articles, counted by
/// extension: `skipped 3 files that are not articles: .jsonl 1, .png 2`.
fn not_articles_warning(
    root: &Path,
    counts: &std::collections::BTreeMap<String, usize>,
) -> Option<Warning> {
    let total: usize = counts.values().sum();
    if total == 0 {
        return None;
    }
    let each: Vec<String> = counts.iter().map(|(ext, n)| format!("{ext} {n}")).collect();
    let files = if total == 1 {
        "file that is not an article"
    } else {
        "files that are not articles"
    };
    let message = format!("skipped {total} {files}: {}", each.join(", "));
    Some(warn(&root.display().to_string(), message))
}

fn walk_warning(root: &Path, e: &walkdir::Error) -> Warning {
    let path = e.path().unwrap_or(root).display().to_string();
    let reason = if e.loop_ancestor().is_some() {
        "skipped: symlink loop".to_string()
    } else {
        match e.io_error() {
            Some(io) => format!("cannot read: {io}"),
            None => format!("cannot read: {e}"),
        }
    };
    warn(&path, reason)
}

pub(super) fn system_warning(path: &Path, system: &str) -> Warning {
    let message =
        format!("skipped: leads into {system}, the system's own files, not a folder of articles");
    warn(&path.display().to_string(), message)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}
