//! Loading an archive: the embedded corpus plus any number of user folders,
//! read, decoded and parsed in parallel.
//!
//! A load never fails because of one file: unreadable, binary or empty files,
//! symlink loops and parser complaints become [`Warning`]s naming the file,
//! and everything else loads. Only a missing root folder or a cancel stop it.

use crate::archive::Archive;
use crate::cache::Stamp;
use crate::decode::{DecodeError, Sniff, decode_after};
use crate::id;
pub use crate::model::Text;
use crate::model::{Block, Entry, Warning};
use crate::parse;
use crate::parse_cache;
use crate::read::{self, Known, ReadError, ReadLimit, with_file_bytes};
use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// The HotLine corpus, compiled into the binary.
pub static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/archive");

/// Prefix of the `source` of built-in entries.
pub const BUILTIN_PREFIX: &str = "builtin/";

/// What to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Include the embedded HotLine corpus.
    pub builtin: bool,
    /// Folders (read recursively) or single files.
    pub folders: Vec<PathBuf>,
    /// How much of each entry to keep (see [`Text`]).
    pub text: Text,
    /// The per-user cache root: each folder's parse is kept there and
    /// reused while its files are unchanged (see [`crate::parse_cache`]).
    /// `None` parses every file on every load.
    pub cache: Option<PathBuf>,
    /// How much of one file may be read: bigger files are skipped with a
    /// warning (see [`crate::read`]).
    pub limit: ReadLimit,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            builtin: true,
            folders: Vec::new(),
            text: Text::Full,
            cache: None,
            limit: ReadLimit::default(),
        }
    }
}

/// Why a load stopped.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: no such file or folder", crate::model::escape_controls(&.0.display().to_string()))]
    Missing(PathBuf),
    #[error("loading was cancelled")]
    Cancelled,
}

/// Shared progress of a running load, readable from another thread.
pub use crate::progress::Progress;

/// What one walked item produced: its entries and warnings.
type ItemOutput = (Vec<Entry>, Vec<Warning>);

/// What one folder gave.
struct FolderLoad {
    /// Each walked item's entries and warnings, in walk order.
    loaded: Vec<ItemOutput>,
    /// What the walk refused to enter (symlinks into the system's
    /// pseudo-filesystems).
    skipped: Vec<Warning>,
    /// Each file read, and its size and times when it was read (with a
    /// cache only: without one, files are not stat'ed).
    stamps: Vec<(String, Stamp)>,
    /// The real path of each file whose name is not valid Unicode.
    paths: Vec<(String, PathBuf)>,
}

/// Loads the archive described by `opts`.
///
/// Each folder is walked on one thread while rayon's workers read, decode and
/// parse the files already found (`par_bridge`), so the walk overlaps the
/// parsing instead of preceding it. Results are put back in walk order, so
/// warnings come out in the same order on every run.
pub fn load(opts: &LoadOptions, progress: &Progress) -> Result<Archive, LoadError> {
    if let Some(root) = opts.folders.iter().find(|r| !r.exists()) {
        return Err(LoadError::Missing(root.clone()));
    }
    let mut entries: Vec<Entry> = Vec::new();
    let mut warnings = Vec::new();
    let mut stamps = HashMap::new();
    let mut paths = HashMap::new();
    if opts.builtin {
        load_builtin(&mut entries, &mut warnings, opts.text, progress);
    }
    for root in &opts.folders {
        if let Some(system) = read::system_path(root) {
            warnings.push(system_warning(root, system));
            continue;
        }
        let folder = load_folder(root, opts, progress)?;
        for (e, w) in folder.loaded {
            entries.extend(e);
            warnings.extend(w);
        }
        warnings.extend(folder.skipped);
        stamps.extend(folder.stamps);
        paths.extend(folder.paths);
    }
    parse_cache::said_once(&mut warnings);
    Ok(assemble(entries, warnings)
        .with_file_stamps(stamps)
        .with_file_paths(paths)
        .with_text_kept(opts.text))
}

/// Whether every folder of `opts` has a parse cache this binary can read
/// (its files may have changed since): an outline load then reads
/// outlines instead of parsing files.
pub fn cached(opts: &LoadOptions) -> bool {
    opts.cache
        .as_deref()
        .is_some_and(|root| parse_cache::usable_for_all(root, &opts.folders))
}

/// The entry at `ix` with its text: borrowed when the archive holds text,
/// else read and parsed again from its file (the embedded corpus or a
/// user's file), which is what an outline load leaves for the few
/// entries whose text is wanted (snippets for a page of search results,
/// the one in the reader). The outline entry itself when the file cannot be
/// read, changed since the load (size or times differ) or no longer holds
/// the entry: never another file's or another version's text.
pub fn with_text(archive: &Archive, ix: u32) -> Option<std::borrow::Cow<'_, Entry>> {
    use std::borrow::Cow;
    let entry = archive.get(ix)?;
    if archive.has_text() {
        return Some(Cow::Borrowed(entry));
    }
    Some(reread(archive, entry).map_or(Cow::Borrowed(entry), Cow::Owned))
}

fn reread(archive: &Archive, entry: &Entry) -> Option<Entry> {
    let source = entry.source.as_str();
    let seen = archive.file_stamp(source);
    let mut found = reread_source(source, archive.file_path(source), seen, |p| {
        same_entry(entry, p)
    })?;
    found.id.clone_from(&entry.id);
    Some(found)
}

/// The entry of `source` (a built-in file, or the file at `path`) that
/// `pick` chooses, read and parsed again, its id as the parser gives it:
/// `None` when the file cannot be read, no longer has the stamp `seen`
/// (if one is given) or holds no such entry.
pub(crate) fn reread_source(
    source: &str,
    path: &Path,
    seen: Option<parse_cache::Stamp>,
    pick: impl Fn(&Entry) -> bool,
) -> Option<Entry> {
    let (parsed, _) = match source.strip_prefix(BUILTIN_PREFIX) {
        Some(name) => parse_bytes(source, BUILTIN.get_file(name)?.contents()),
        None => {
            let limit = match seen {
                Some(seen) => {
                    if Stamp::now(path)? != seen {
                        return None;
                    }
                    // The very file the load accepted, whatever the limit was.
                    ReadLimit {
                        max_bytes: seen.size,
                    }
                }
                None => ReadLimit::default(),
            };
            with_file_bytes(path, Known::Nothing, limit, |bytes| {
                parse_after(source, bytes, Sniff::Done)
            })
            .ok()?
        }
    };
    parsed.into_iter().find(pick)
}

/// Whether `parsed` (fresh from the parser, its id not yet made unique) is
/// the entry `loaded` of an archive.
fn same_entry(loaded: &Entry, parsed: &Entry) -> bool {
    let id = loaded.id == parsed.id
        || loaded
            .id
            .strip_prefix(parsed.id.as_str())
            .is_some_and(|rest| rest.starts_with('-'));
    id && loaded.title == parsed.title
        && loaded.page == parsed.page
        && loaded.words == parsed.words
        && loaded.sections().eq(parsed.sections())
}

fn load_builtin(
    entries: &mut Vec<Entry>,
    warnings: &mut Vec<Warning>,
    text: Text,
    progress: &Progress,
) {
    let mut files: Vec<_> = BUILTIN.files().collect();
    files.sort_by_key(|f| f.path());
    progress.add_total(files.len());
    for f in files {
        let source = format!("{BUILTIN_PREFIX}{}", f.path().display());
        let (mut e, w) = parse_bytes(&source, f.contents());
        if text == Text::Outline {
            e.iter_mut().for_each(keep_outline);
        }
        entries.extend(e);
        warnings.extend(w);
        progress.advance();
    }
}

/// Walks `root` (a folder, recursively, or a single file), following symlinks
/// but reporting loops, and skipping hidden files and folders; reads and
/// parses each file found, in parallel. With a cache, unchanged files come
/// from it instead, and the cache is rewritten when anything changed.
fn load_folder(
    root: &Path,
    opts: &LoadOptions,
    progress: &Progress,
) -> Result<FolderLoad, LoadError> {
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
    };
    // With a cache file, it is read on another thread while this one walks
    // the folder; the files are then looked up or parsed in parallel.
    // Without one, the walk feeds the parsers as it goes.
    let (cached, walked) = match cache_path.as_deref() {
        Some(p) if p.exists() => std::thread::scope(|s| {
            let reader = s.spawn(|| parse_cache::read(p, opts.text));
            let walked: Vec<_> = walker().collect();
            (reader.join().ok().flatten(), Some(walked))
        }),
        _ => (None, None),
    };
    if progress.is_cancelled() {
        return Err(LoadError::Cancelled);
    }
    let had_cache = cached.is_some();
    let cached = Mutex::new(cached.unwrap_or_default());
    // With no cache yet, every file's text goes into a new one as it is
    // parsed, so none of it waits in memory for the end.
    let writer = match &cache_path {
        Some(p) if !had_cache && opts.text == Text::Full => parse_cache::Writer::new(p).ok(),
        _ => None,
    };
    let streaming = writer.is_some();
    let writer = Mutex::new(writer);
    let ctx = ItemCtx {
        root,
        text: opts.text,
        caching: cache_path.is_some(),
        cached: &cached,
        writer: &writer,
        progress,
        limit: opts.limit,
    };
    let load = |(i, item)| load_item(&ctx, item).map(|out| (i, out));
    let mut results: Vec<(usize, Item)> = match walked {
        Some(items) => items.into_par_iter().enumerate().filter_map(load).collect(),
        None => walker().enumerate().par_bridge().filter_map(load).collect(),
    };
    if progress.is_cancelled() {
        return Err(LoadError::Cancelled);
    }
    results.sort_unstable_by_key(|(i, _)| *i);
    let gone = !cached
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .is_empty();
    let fresh = results.iter().any(|(_, it)| it.fresh);
    let writer = writer.into_inner().unwrap_or_else(PoisonError::into_inner);
    // The cache only saves time: if it cannot be written, the next load
    // parses the files again, and nothing else changes but a warning.
    // (A streamed write that failed is not retried: the disk is likely
    // full.)
    let written = match (writer, cache_path) {
        (Some(w), Some(path)) if streaming => Some((w.finish(&records(&results, opts.text)), path)),
        (_, Some(path)) if !streaming && (gone || fresh) => Some((
            parse_cache::write(&path, &records(&results, opts.text)),
            path,
        )),
        _ => None,
    };
    if let Some((Err(e), path)) = written {
        cache_warning = Some(parse_cache::write_warning(&path, &e));
    }
    let mut stamps = Vec::with_capacity(results.len());
    let mut paths = Vec::new();
    let mut loaded: Vec<ItemOutput> = results
        .into_iter()
        .map(|(_, it)| {
            stamps.extend(it.file);
            paths.extend(it.path);
            it.loaded
        })
        .collect();
    loaded.extend(cache_warning.map(|w| (Vec::new(), vec![w])));
    Ok(FolderLoad {
        loaded,
        skipped: skipped.into_inner().unwrap_or_else(PoisonError::into_inner),
        stamps,
        paths,
    })
}

/// What every walked item needs to know.
struct ItemCtx<'a> {
    root: &'a Path,
    text: Text,
    /// A cache will be written: keep what it needs.
    caching: bool,
    /// Cached sources not yet claimed by a walked file.
    cached: &'a Mutex<HashMap<String, parse_cache::Cached>>,
    /// The new cache file the text goes into as files are parsed, if any
    /// (`None` once a write failed).
    writer: &'a Mutex<Option<parse_cache::Writer>>,
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
    ctx.progress.add_total(1);
    let path = e
        .path()
        .to_str()
        .is_none()
        .then(|| (source.clone(), e.path().to_path_buf()));
    let stamp = if ctx.caching {
        e.metadata().ok().map(|m| Stamp::of(&m))
    } else {
        None
    };
    let hit = stamp.and_then(|st| {
        let mut cached = ctx.cached.lock().unwrap_or_else(PoisonError::into_inner);
        cached.remove(&source).filter(|c| c.stamp == st)
    });
    let item = match hit {
        Some(c) => {
            let blob = (ctx.text == Text::Outline).then(|| parse_cache::old_blob(&c));
            let warnings = c.warnings.into_iter().map(|m| warn(&source, m)).collect();
            Item {
                loaded: (c.entries, warnings),
                file: stamp.map(|st| (source, st)),
                path,
                fresh: false,
                blob,
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
    let read = with_file_bytes(file, known, ctx.limit, |bytes| {
        parse_after(&source, bytes, Sniff::Done)
    });
    let parsed = match read {
        // Refused for what it holds: as final as a parse, so cached too.
        Err(ReadError::Content(e)) => Ok((Vec::new(), vec![skipped(&source, &e)])),
        other => other,
    };
    match parsed {
        Ok((mut entries, warnings)) => {
            let blob = if ctx.caching && ctx.text == Text::Full && stamp.is_some() {
                cache_blob(ctx, &entries)
            } else {
                None
            };
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

/// A freshly parsed file's text for the cache: written to the new cache
/// file at once if one is being written, else taken from the entries at
/// the end (full text) or not kept (outline: a listing should not pay for
/// writing the archive's text).
fn cache_blob(ctx: &ItemCtx<'_>, entries: &[Entry]) -> Option<parse_cache::Blob> {
    let lock = || ctx.writer.lock().unwrap_or_else(PoisonError::into_inner);
    if lock().as_ref().is_none_or(parse_cache::Writer::failed) {
        return None;
    }
    // Encoded outside the lock, so the workers only queue to write.
    let bytes = parse_cache::text_blob(entries);
    let mut writer = lock();
    // Disk full or the like: no cache this time (the writer keeps the
    // error for the end of the load and has removed its file).
    writer.as_mut()?.add(&bytes).ok()
}

/// What the cache keeps of one folder's walked items, in walk order.
fn records(items: &[(usize, Item)], text: Text) -> Vec<parse_cache::Record<'_>> {
    items
        .iter()
        .filter_map(|(_, it)| {
            let (source, stamp) = it.file.as_ref()?;
            let blob = match &it.blob {
                Some(b) => b.clone(),
                None if text == Text::Full => parse_cache::Blob::Entries,
                None => parse_cache::Blob::Missing,
            };
            Some(parse_cache::Record {
                source,
                stamp: *stamp,
                entries: &it.loaded.0,
                warnings: &it.loaded.1,
                blob,
            })
        })
        .collect()
}

/// Drops all but the section headings and captions (see
/// [`Text::Outline`]); the word count stays that of the whole text.
fn keep_outline(e: &mut Entry) {
    e.blocks
        .retain(|b| matches!(b, Block::Heading(_) | Block::Caption(_)));
    e.blocks.shrink_to_fit();
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

/// Sorts into a deterministic order, makes ids unique and builds the archive.
pub fn assemble(mut entries: Vec<Entry>, warnings: Vec<Warning>) -> Archive {
    // Source and part are unique, so an unstable sort is deterministic;
    // a walk in file-name order usually leaves nothing to sort.
    let part = |e: &Entry| e.page.as_ref().map(|p| p.part);
    let order = |a: &Entry, b: &Entry| a.source.cmp(&b.source).then_with(|| part(a).cmp(&part(b)));
    if !entries.is_sorted_by(|a, b| order(a, b).is_le()) {
        entries.par_sort_unstable_by(order);
    }
    let mut ids: Vec<String> = entries
        .iter_mut()
        .map(|e| std::mem::take(&mut e.id))
        .collect();
    id::make_unique(&mut ids);
    for (e, id) in entries.iter_mut().zip(ids) {
        e.id = id;
    }
    Archive::new(entries, warnings)
}

/// Decodes and parses one file's bytes; problems become warnings.
pub fn parse_bytes(source: &str, bytes: &[u8]) -> (Vec<Entry>, Vec<Warning>) {
    parse_after(source, bytes, Sniff::Needed)
}

/// [`parse_bytes`] of bytes the reader may already have judged text.
fn parse_after(source: &str, bytes: &[u8], sniffed: Sniff) -> (Vec<Entry>, Vec<Warning>) {
    match decode_after(bytes, sniffed) {
        Ok(decoded) => {
            let out = parse::parse_document(source, &decoded.text, id::content_hash(bytes));
            let warnings = out.warnings.into_iter().map(|m| warn(source, m)).collect();
            (out.entries, warnings)
        }
        Err(e) => (Vec::new(), vec![skipped(source, &e)]),
    }
}

fn skipped(source: &str, e: &DecodeError) -> Warning {
    warn(source, format!("skipped: {e}"))
}

fn system_warning(path: &Path, system: &str) -> Warning {
    let message =
        format!("skipped: leads into {system}, the system's own files, not a folder of articles");
    warn(&path.display().to_string(), message)
}

fn warn(path: &str, message: String) -> Warning {
    Warning {
        path: path.to_string(),
        message,
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_without_warnings() {
        let a = load(&LoadOptions::default(), &Progress::default()).unwrap();
        assert!(a.warnings().is_empty(), "{:?}", a.warnings());
        assert!(
            a.entries()
                .iter()
                .all(|e| e.source.starts_with(BUILTIN_PREFIX))
        );
        assert_eq!(BUILTIN.files().count(), 5);
    }

    #[test]
    fn an_outline_load_keeps_everything_but_the_text() {
        let full = load(&LoadOptions::default(), &Progress::default()).unwrap();
        let opts = LoadOptions {
            text: Text::Outline,
            cache: None,
            ..LoadOptions::default()
        };
        let outline = load(&opts, &Progress::default()).unwrap();
        assert_eq!(full.len(), outline.len());
        for (f, o) in full.entries().iter().zip(outline.entries()) {
            assert_eq!((&f.id, &f.title, f.words), (&o.id, &o.title, o.words));
            assert!(f.sections().eq(o.sections()), "{}", f.id);
            assert!(f.captions().eq(o.captions()), "{}", f.id);
            assert!(o.first_paragraph().is_none(), "{}", o.id);
            assert!(f.first_paragraph().is_some(), "{}", f.id);
        }
        assert!(outline.entries().iter().any(|e| e.sections().count() > 0));
    }

    /// Everything a load shows, for comparing loads.
    fn shown(a: &Archive) -> (Vec<Entry>, Vec<String>) {
        let w = a.warnings().iter().map(ToString::to_string).collect();
        (a.entries().to_vec(), w)
    }

    #[test]
    fn a_cached_load_is_the_same_as_a_fresh_one_and_follows_changes() {
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(docs.path().join(name), text).unwrap();
        write("a.txt", "By Jane Doe\n\nFirst text here.\n\nMay 1, 2009");
        write("b.txt", "Same Title\nBy John Roe\n\nSecond text.");
        write("c.txt", "Same Title\nBy John Roe\n\nSecond text.");
        write("d.txt", "");
        let opts = |text: Text, cache_dir: Option<&Path>| LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text,
            cache: cache_dir.map(Path::to_path_buf),
            ..LoadOptions::default()
        };
        let fresh = |text| shown(&load(&opts(text, None), &Progress::default()).unwrap());
        let cached =
            |text| shown(&load(&opts(text, Some(cache.path())), &Progress::default()).unwrap());
        let cache_file = parse_cache::cache_file(cache.path(), docs.path());
        // Outline first (writes the cache), then full and outline from it.
        assert_eq!(cached(Text::Outline), fresh(Text::Outline));
        assert!(cache_file.exists());
        // The outline load kept no text; the full load fills it in.
        let with_text = || parse_cache::read(&cache_file, Text::Full).map(|m| m.len());
        assert_eq!(with_text(), Some(0));
        assert_eq!(cached(Text::Full), fresh(Text::Full));
        assert_eq!(with_text(), Some(4));
        assert_eq!(cached(Text::Outline), fresh(Text::Outline));
        // The same text twice: the second id gets a suffix, and loses it
        // when the first copy goes (the cache keeps the parser's ids).
        assert!(fresh(Text::Full).0.iter().any(|e| e.id.ends_with("-2")));
        // A changed file (new size and time), a removed one and a new one.
        write(
            "a.txt",
            "By Jane Doe\n\nFirst text, now longer than before.",
        );
        std::fs::remove_file(docs.path().join("c.txt")).unwrap();
        write("e.txt", "By Ann Poe\n\nFifth text.");
        assert_eq!(cached(Text::Full), fresh(Text::Full));
        assert_eq!(cached(Text::Outline), fresh(Text::Outline));
        assert!(!cached(Text::Full).0.iter().any(|e| e.id.ends_with("-2")));
        let titles: Vec<String> = fresh(Text::Full).0.into_iter().map(|e| e.title).collect();
        assert!(
            titles
                .iter()
                .any(|t| t.starts_with("First text, now longer"))
        );
        // Same size, modification time set back: still seen (on Unix the
        // status-change time moved on).
        if cfg!(unix) {
            let path = docs.path().join("e.txt");
            let before = std::fs::metadata(&path).unwrap().modified().unwrap();
            write("e.txt", "By Ann Poe\n\nFifth TEXT.");
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(before).unwrap();
            drop(f);
            assert_eq!(cached(Text::Full), fresh(Text::Full));
            assert!(
                cached(Text::Outline)
                    .0
                    .iter()
                    .any(|e| e.title == "Fifth TEXT")
            );
        }
        // A damaged cache is not trusted.
        std::fs::write(&cache_file, b"garbage").unwrap();
        assert_eq!(cached(Text::Full), fresh(Text::Full));
        assert_eq!(cached(Text::Outline), fresh(Text::Outline));
    }

    #[test]
    fn a_first_full_load_streams_the_text_into_the_cache() {
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        for i in 0..40 {
            let text = format!("Title {i}\nBy Jane Doe\n\nText number {i}.\n\nMore text.");
            std::fs::write(docs.path().join(format!("{i:02}.txt")), text).unwrap();
        }
        std::fs::write(docs.path().join("bad.bin"), [0u8, 1, 2]).unwrap();
        let opts = |cache_dir: Option<&Path>| LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text: Text::Full,
            cache: cache_dir.map(Path::to_path_buf),
            ..LoadOptions::default()
        };
        let fresh = shown(&load(&opts(None), &Progress::default()).unwrap());
        let first = shown(&load(&opts(Some(cache.path())), &Progress::default()).unwrap());
        assert_eq!(first, fresh);
        let file = parse_cache::cache_file(cache.path(), docs.path());
        let kept = parse_cache::read(&file, Text::Full).unwrap();
        assert_eq!(
            kept.len(),
            41,
            "every file, the binary one with its warning"
        );
        let again = shown(&load(&opts(Some(cache.path())), &Progress::default()).unwrap());
        assert_eq!(again, fresh);
        let outline = LoadOptions {
            text: Text::Outline,
            ..opts(Some(cache.path()))
        };
        let without_cache = LoadOptions {
            text: Text::Outline,
            ..opts(None)
        };
        assert_eq!(
            shown(&load(&outline, &Progress::default()).unwrap()),
            shown(&load(&without_cache, &Progress::default()).unwrap())
        );
        // Nothing but the cache file is left in the cache folder.
        assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_load_with_a_cache_records_what_each_file_was_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "By Jane Doe\n\nAlpha text.").unwrap();
        std::fs::write(dir.path().join("b.txt"), "By John Roe\n\nBravo.").unwrap();
        let mut opts = LoadOptions {
            builtin: true,
            folders: vec![dir.path().into()],
            text: Text::Full,
            cache: Some(cache.path().into()),
            ..LoadOptions::default()
        };
        for _ in 0..2 {
            // Parsed, then from the cache: the same stamps.
            let a = load(&opts, &Progress::default()).unwrap();
            for name in ["a.txt", "b.txt"] {
                let path = dir.path().join(name);
                let meta = std::fs::metadata(&path).unwrap();
                let st = a.file_stamp(&path.display().to_string()).unwrap();
                assert_eq!(st, Stamp::of(&meta));
            }
            let builtin = &a
                .entries()
                .iter()
                .find(|e| e.source.starts_with(BUILTIN_PREFIX));
            assert!(a.file_stamp(&builtin.unwrap().source).is_none());
        }
        // Without a cache, files are not stat'ed.
        opts.cache = None;
        let a = load(&opts, &Progress::default()).unwrap();
        assert!(
            a.file_stamp(&dir.path().join("a.txt").display().to_string())
                .is_none()
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_unchanged_folder_does_not_rewrite_its_cache() {
        use std::os::unix::fs::MetadataExt;
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        std::fs::write(docs.path().join("a.txt"), "By Jane Doe\n\nText.").unwrap();
        // A symlink loop: a warning on every walk, not a change.
        std::os::unix::fs::symlink(docs.path(), docs.path().join("loop")).unwrap();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text: Text::Full,
            cache: Some(cache.path().into()),
            ..LoadOptions::default()
        };
        let file = parse_cache::cache_file(cache.path(), docs.path());
        let first = load(&opts, &Progress::default()).unwrap();
        let inode = std::fs::metadata(&file).unwrap().ino();
        let second = load(&opts, &Progress::default()).unwrap();
        assert_eq!(shown(&first), shown(&second));
        assert_eq!(second.warnings().len(), 1);
        assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode, "rewritten");
    }

    #[test]
    fn an_unusable_cache_root_changes_nothing_but_is_said_once() {
        let docs = tempfile::tempdir().unwrap();
        std::fs::write(docs.path().join("a.txt"), "By Jane Doe\n\nText.").unwrap();
        let not_a_dir = docs.path().join("a.txt");
        let opts = LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text: Text::Full,
            cache: Some(not_a_dir),
            ..LoadOptions::default()
        };
        let a = load(&opts, &Progress::default()).unwrap();
        assert_eq!(a.len(), 1);
        let said: Vec<String> = a.warnings().iter().map(|w| w.to_string()).collect();
        let why = format!(
            "cache: {}: is a file, not a cache folder; working without a cache",
            docs.path().join("a.txt").display()
        );
        assert_eq!(said, std::slice::from_ref(&why));
        // Two folders under the same root: still said once.
        let other = tempfile::tempdir().unwrap();
        let opts = LoadOptions {
            folders: vec![docs.path().into(), other.path().into()],
            ..opts
        };
        let a = load(&opts, &Progress::default()).unwrap();
        let said: Vec<String> = a.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(said, [why]);
    }

    #[test]
    fn progress_counts_every_file_and_warnings_follow_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", "c.txt"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let sub = dir.path().join("d");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("e.txt"), "By Jane Doe\n\nSome text.").unwrap();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![dir.path().into()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        };
        let progress = Progress::default();
        let a = load(&opts, &progress).unwrap();
        assert_eq!(progress.counts(), (4, 4));
        assert_eq!(a.len(), 1);
        let names: Vec<&str> = a
            .warnings()
            .iter()
            .map(|w| &w.path[w.path.len() - 5..])
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.txt"]);
    }

    #[test]
    fn a_cancelled_load_stops_with_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Some text.").unwrap();
        let progress = Progress::default();
        progress.cancel();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![dir.path().into()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        };
        assert!(matches!(load(&opts, &progress), Err(LoadError::Cancelled)));
    }

    #[test]
    fn missing_folder_is_an_error() {
        let opts = LoadOptions {
            builtin: false,
            folders: vec!["/no/such/dir/x".into()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        };
        assert!(matches!(
            load(&opts, &Progress::default()),
            Err(LoadError::Missing(_))
        ));
    }

    #[test]
    fn bad_files_become_warnings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("good.txt"),
            "By Jane Doe\n\nHello there.\n\nMay 1, 2009",
        )
        .unwrap();
        std::fs::write(dir.path().join("empty.txt"), "").unwrap();
        std::fs::write(dir.path().join("bin.dat"), [0u8, 1, 2, 3, 0, 0]).unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "Hidden text.").unwrap();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![dir.path().into()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        };
        let a = load(&opts, &Progress::default()).unwrap();
        assert_eq!(a.len(), 1);
        let msgs: Vec<String> = a.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("empty.txt") && m.contains("empty"))
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("bin.dat") && m.contains("binary"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("a.txt"), "Some text here.").unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![dir.path().into()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        };
        let a = load(&opts, &Progress::default()).unwrap();
        assert_eq!(a.len(), 1);
        assert!(
            a.warnings()
                .iter()
                .any(|w| w.message.contains("symlink loop")),
            "{:?}",
            a.warnings()
        );
    }

    /// Loads `opts` on another thread, failing the test instead of hanging
    /// it if the load blocks.
    fn load_within(opts: &LoadOptions, secs: u64) -> Archive {
        let (tx, rx) = std::sync::mpsc::channel();
        let opts = opts.clone();
        std::thread::spawn(move || {
            let _ = tx.send(load(&opts, &Progress::default()));
        });
        let waited = rx.recv_timeout(std::time::Duration::from_secs(secs));
        waited.expect("the load hung").expect("the load failed")
    }

    #[cfg(unix)]
    #[test]
    fn hostile_files_are_skipped_with_a_warning_and_the_rest_loads() {
        use std::os::unix::fs::{MetadataExt, symlink};
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let p = |name: &str| docs.path().join(name);
        std::fs::write(p("good.txt"), "By Jane Doe\n\nThe only article.").unwrap();
        // 8 GB on paper and nothing on disk: reading it whole took 16 GB.
        std::fs::File::create(p("big.txt"))
            .unwrap()
            .set_len(8 << 30)
            .unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(p("pipe")).status();
        assert!(fifo.unwrap().success());
        let _socket = std::os::unix::net::UnixListener::bind(p("sock")).unwrap();
        symlink("/proc/self", p("procself")).unwrap();
        symlink("/dev/null", p("null")).unwrap();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            cache: Some(cache.path().into()),
            ..LoadOptions::default()
        };
        let cache_file = parse_cache::cache_file(cache.path(), docs.path());
        let mut inode = None;
        for _ in 0..2 {
            let a = load_within(&opts, 30);
            assert_eq!(a.len(), 1);
            let said = |name: &str, what: &str| {
                a.warnings()
                    .iter()
                    .any(|w| w.path.ends_with(name) && w.message.contains(what))
            };
            assert!(
                said("big.txt", "larger than the 64 MB limit (8 GB"),
                "{:?}",
                a.warnings()
            );
            assert!(said("pipe", "a FIFO (named pipe), not a regular file"));
            assert!(said("sock", "a socket, not a regular file"));
            assert!(said("null", "leads into /dev"));
            assert!(said("procself", "leads into /proc"));
            assert_eq!(a.warnings().len(), 5, "{:?}", a.warnings());
            // Refusals are no change: the cache is written once.
            let now = std::fs::metadata(&cache_file).unwrap().ino();
            assert_eq!(*inode.get_or_insert(now), now, "cache rewritten");
        }
        // A larger limit reads the file the smaller one refused.
        std::fs::File::create(p("big.txt"))
            .unwrap()
            .set_len(100)
            .unwrap();
        let small = LoadOptions {
            limit: ReadLimit { max_bytes: 99 },
            ..opts.clone()
        };
        assert_eq!(load_within(&small, 30).warnings().len(), 5);
        let warnings = load_within(&opts, 30).warnings().to_vec();
        assert!(
            warnings
                .iter()
                .any(|w| w.path.ends_with("big.txt") && w.message.contains("binary"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_system_folder_is_never_walked() {
        for root in ["/proc/self", "/proc/kmsg", "/sys", "/dev"] {
            let opts = LoadOptions {
                builtin: false,
                folders: vec![root.into()],
                ..LoadOptions::default()
            };
            let a = load_within(&opts, 30);
            assert_eq!(a.len(), 0, "{root}");
            assert_eq!(a.warnings().len(), 1, "{root}: {:?}", a.warnings());
            assert!(a.warnings()[0].message.contains("the system's own files"));
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_name_that_is_not_unicode_keeps_its_text_on_an_outline_reload() {
        use std::os::unix::ffi::OsStrExt;
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(docs.path().join(name), "Title Two\n\nText two body.").unwrap();
        let opts = |text| LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text,
            cache: Some(cache.path().into()),
            ..LoadOptions::default()
        };
        let full = load(&opts(Text::Full), &Progress::default()).unwrap();
        assert!(full.entries()[0].source.ends_with("caf\u{fffd}.txt"));
        let outline = load(&opts(Text::Outline), &Progress::default()).unwrap();
        assert!(!outline.has_text());
        let entry = with_text(&outline, 0).unwrap();
        assert_eq!(entry.first_paragraph(), Some("Text two body."));
    }

    #[test]
    fn ids_do_not_change_when_other_folders_are_added() {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        std::fs::write(one.path().join("a.txt"), "By Jane Doe\n\nFirst text.").unwrap();
        std::fs::write(two.path().join("b.txt"), "By John Roe\n\nSecond text.").unwrap();
        let alone = load(
            &LoadOptions {
                builtin: true,
                folders: vec![one.path().into()],
                text: Text::Full,
                cache: None,
                ..LoadOptions::default()
            },
            &Progress::default(),
        )
        .unwrap();
        let both = load(
            &LoadOptions {
                builtin: true,
                folders: vec![two.path().into(), one.path().into()],
                text: Text::Full,
                cache: None,
                ..LoadOptions::default()
            },
            &Progress::default(),
        )
        .unwrap();
        for e in alone.entries() {
            assert!(
                both.by_id(&e.id).is_some_and(|x| x.source == e.source),
                "{}",
                e.id
            );
        }
    }
}
