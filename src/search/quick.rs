//! A search of unchanged folders that never loads their archive: the
//! answer comes from the cached index and the files' stamps alone.
//!
//! [`open`] trusts the cached index only when everything a load would find
//! is what the index's manifest describes: the manifest says the indexed
//! archive had no load warnings, a walk of the folders (the loader's walk:
//! hidden names skipped, links to files followed) finds exactly the
//! manifest's files with their size, modification and change times (their
//! digest is the manifest header's, see `cache::digest_of`), none over
//! the size limit, and the embedded corpus is the one indexed (or absent
//! from both).
//! The index's own files are trusted by their stamps, without tantivy's
//! pass over every byte (see `cache::Verify::Stamps`).
//! The archive under the index is then rebuilt from the index's columns
//! alone (ids, authors, dates, kinds: see `index::outline_entries`), which
//! gives the canonical order, the authors and the filter columns a full
//! load would give. Only the hits are read from their files, each checked
//! against its stamp (see [`crate::load::reread_source`]).
//!
//! Anything that does not check out gives `None`, and the caller takes the
//! ordinary path (load, open or update the index, search): this one only
//! saves time.

use super::cache::{self, CacheOptions, LoadOrder, Manifest, Part, Verify};
use super::index::{DocMap, NO_ENTRY};
use super::{Fallback, Query, SearchIndex, SearchResults, Texts};
use crate::archive::{Archive, canonical_order, day_of};
use crate::cache::Stamp;
use crate::load::{self, LoadOptions};
use crate::model::Entry;
use crate::query::Filter;
use crate::read;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use tantivy::schema::Value;
use tantivy::{DocAddress, TantivyDocument};

/// What a search of unchanged folders found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub results: SearchResults,
    /// Per hit, in the same order: its entry with its text, read from its
    /// file.
    pub entries: Vec<Entry>,
}

/// The hits' texts, read from their files as the search asks for them.
pub(super) struct FileTexts {
    /// The stamps of the files by [`source_key`], found equal to the
    /// manifest's.
    stamps: HashMap<u64, Stamp, foldhash::fast::RandomState>,
    read: Mutex<HashMap<u32, Entry>>,
    /// A hit's file no longer held what the index says it does.
    missed: AtomicBool,
}

/// Searches the cached index of `load`'s folders if they are unchanged
/// since it was written (see the module doc), with the hits' entries.
/// `None` when that cannot be told without loading, or a hit's file
/// changed under the search: the caller then loads and searches.
pub fn search(
    load: &LoadOptions,
    cache: &CacheOptions,
    q: &Query,
    base: &Filter,
    limit: usize,
    fb: Fallback,
) -> Option<Found> {
    let index = open(load, cache)?;
    let results = index.search(q, base, limit, fb);
    let Texts::Files(files) = &index.texts else {
        return None;
    };
    if files.missed.load(Ordering::Relaxed) {
        return None;
    }
    let read = files.read.lock().unwrap_or_else(PoisonError::into_inner);
    let entries = results
        .hits
        .iter()
        .map(|h| read.get(&h.ix).cloned())
        .collect::<Option<Vec<Entry>>>()?;
    drop(read);
    // Freeing 100,000 entries takes a tenth of such a search: it happens
    // beside the caller's printing (and a command line's exit ends it).
    std::thread::spawn(move || drop(index));
    Some(Found { results, entries })
}

/// The cached index of `load`'s folders over an archive rebuilt from its
/// columns, if the folders are unchanged since it was written (see the
/// module doc); its hits' texts are read from their files.
pub fn open(load: &LoadOptions, cache: &CacheOptions) -> Option<SearchIndex> {
    if load.folders.is_empty() || cache.roots != load.folders {
        return None;
    }
    // Without the parse cache a load would parse every file (and might
    // say why it cannot keep a cache): not an unchanged folder's load.
    if cache::load_order(load, cache) != LoadOrder::OutlineFirst {
        return None;
    }
    let dir = cache::cache_folder(cache).ok()?;
    // The index and the archive under it are opened while the folders are
    // walked: the walk waits on the kernel, the opening on memory.
    let (opened, walked) = std::thread::scope(|s| {
        let opening = s.spawn(|| open_index(&dir));
        let walked = walk(load);
        (opening.join().ok().flatten(), walked)
    });
    let (mut ix, manifest) = opened?;
    let walked = walked?;
    if !manifest.clean || !builtin_as_indexed(load, &manifest.builtin) {
        return None;
    }
    let now = cache::digest_of(walked.iter().map(|f| f.digest));
    if now != manifest.files_digest || walked.iter().any(|f| f.stamp.size > load.limit.max_bytes) {
        return None;
    }
    ix.texts = Texts::Files(Arc::new(FileTexts {
        stamps: walked.into_iter().map(|f| (f.key, f.stamp)).collect(),
        read: Mutex::new(HashMap::new()),
        missed: AtomicBool::new(false),
    }));
    Some(ix)
}

/// The cached index in `dir` over the archive its columns describe, with
/// its manifest's header; `None` if either is not sound.
fn open_index(dir: &Path) -> Option<(SearchIndex, Manifest)> {
    let cache::Opened {
        index,
        fields,
        pairs,
        manifest,
        ..
    } = cache::try_open(dir, Verify::Stamps, Part::Header)?;
    let reader = SearchIndex::reader(&index).ok()?;
    let mut per_segment = super::index::outline_entries(&reader.searcher()).ok()?;
    // Put in canonical order here, the entries keep it in the archive
    // (sorting sorted entries costs one pass), and each document's place
    // is known without looking up 100,000 ids. Small keys are sorted, not
    // the entries, which are large to move: each holds the date and the
    // id's first bytes, so most comparisons never look at the entries.
    let mut keys: Vec<Key> = (per_segment.iter().enumerate())
        .flat_map(|(segment, docs)| {
            (docs.iter().enumerate())
                .filter_map(move |(doc, e)| Some(Key::of(e.as_ref()?, segment, doc)))
        })
        .collect();
    let entry = |k: &Key| per_segment[k.segment as usize][k.doc as usize].as_ref();
    keys.par_sort_unstable_by(|a, b| {
        (a.day, a.prefix)
            .cmp(&(b.day, b.prefix))
            .then_with(|| match (entry(a), entry(b)) {
                (Some(x), Some(y)) => canonical_order(x, y),
                _ => std::cmp::Ordering::Equal,
            })
    });
    let same_id = |w: &[Key]| entry(&w[0]).map(|e| &e.id) == entry(&w[1]).map(|e| &e.id);
    if keys.windows(2).any(same_id) {
        return None;
    }
    let mut slots: Vec<Vec<u32>> = (per_segment.iter())
        .map(|docs| vec![NO_ENTRY; docs.len()])
        .collect();
    let mut entries = Vec::with_capacity(keys.len());
    for (ix, k) in keys.iter().enumerate() {
        let (segment, doc) = (k.segment as usize, k.doc as usize);
        *slots.get_mut(segment)?.get_mut(doc)? = ix as u32;
        entries.push(per_segment.get_mut(segment)?.get_mut(doc)?.take()?);
    }
    let map: DocMap = slots.into_iter().map(Arc::from).collect();
    let archive =
        Arc::new(Archive::new(entries, Vec::new()).with_text_kept(crate::model::Text::Outline));
    let ix = SearchIndex::mapped(archive, reader, fields, pairs, map).ok()?;
    Some((ix, manifest))
}

/// An outline entry's place in the canonical order, and in the index.
struct Key {
    day: i32,
    /// The id's first bytes (zeros after a shorter id).
    prefix: [u8; 8],
    segment: u32,
    doc: u32,
}

impl Key {
    fn of(e: &Entry, segment: usize, doc: usize) -> Key {
        let mut prefix = [0u8; 8];
        let id = e.id.as_bytes();
        let n = id.len().min(prefix.len());
        prefix[..n].copy_from_slice(&id[..n]);
        Key {
            day: day_of(e.date),
            prefix,
            segment: segment as u32,
            doc: doc as u32,
        }
    }
}

/// A file a load would read, as the walk found it: no path is kept (a
/// walk of 100,000 files would copy each), only what the checks need.
struct Walked {
    /// [`source_key`] of its source.
    key: u64,
    stamp: Stamp,
    /// Its part of the folders' digest (see `cache::file_digest`).
    digest: u64,
}

/// The key of a source in [`FileTexts`]'s stamps.
fn source_key(source: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(source.as_bytes())
}

impl Walked {
    fn of(source: &str, stamp: Stamp, record: &mut Vec<u8>) -> Walked {
        Walked {
            key: source_key(source),
            stamp,
            digest: cache::file_digest(source, stamp, record),
        }
    }
}

/// Every file a load of `load`'s folders would read, with its stamp now;
/// `None` when the walk meets anything a load would warn about (an error,
/// a special file, a link into a system folder, a name that is not
/// Unicode), a linked folder (whose loops only a load reports) or a
/// missing folder. Each file is stat'ed by its name in its open folder,
/// not by its whole path, with the folders and their files on every core.
fn walk(load: &LoadOptions) -> Option<Vec<Walked>> {
    let mut found = Vec::new();
    for root in &load.folders {
        if read::system_path(root).is_some() {
            return None;
        }
        let meta = std::fs::metadata(root).ok()?;
        if meta.is_dir() {
            found.extend(walk_folder(root, 0)?);
        } else if meta.is_file() {
            found.push(Walked::of(
                root.to_str()?,
                Stamp::of(&meta),
                &mut Vec::new(),
            ));
        } else {
            return None;
        }
    }
    Some(found)
}

/// Deeper than this, a folder is taken for a loop (a bind mount into
/// itself) and left to a load.
const MAX_DEPTH: usize = 256;

/// The files under `dir` (see [`walk`]).
fn walk_folder(dir: &Path, depth: usize) -> Option<Vec<Walked>> {
    if depth > MAX_DEPTH {
        return None;
    }
    // A source is the folder's path joined with the name, as the loader's
    // `Path::join` makes it.
    let mut prefix = dir.to_str()?.to_string();
    if !prefix.ends_with(std::path::MAIN_SEPARATOR) {
        prefix.push(std::path::MAIN_SEPARATOR);
    }
    let mut files = Vec::new();
    let mut folders = Vec::new();
    let mut linked = Vec::new();
    for item in std::fs::read_dir(dir).ok()? {
        let item = item.ok()?;
        let name = item.file_name();
        // The loader skips hidden names below its roots.
        if name.to_str()?.starts_with('.') {
            continue;
        }
        let kind = item.file_type().ok()?;
        if kind.is_dir() {
            folders.push(item.path());
        } else if kind.is_file() {
            files.push(item);
        } else if kind.is_symlink() {
            linked.push(item.path());
        } else {
            return None;
        }
    }
    let scratch = || (prefix.clone(), Vec::new());
    let mut found: Vec<Walked> = files
        .par_iter()
        .map_init(scratch, |(source, record), item| {
            let meta = item.metadata().ok()?;
            source.truncate(prefix.len());
            source.push_str(item.file_name().to_str()?);
            Some(Walked::of(source, Stamp::of(&meta), record))
        })
        .collect::<Option<_>>()?;
    for path in linked {
        if read::system_path(&path).is_some() {
            return None;
        }
        let meta = std::fs::metadata(&path).ok()?;
        if !meta.is_file() {
            return None;
        }
        found.push(Walked::of(
            path.to_str()?,
            Stamp::of(&meta),
            &mut Vec::new(),
        ));
    }
    let nested: Vec<Vec<Walked>> = folders
        .par_iter()
        .map(|d| walk_folder(d, depth + 1))
        .collect::<Option<_>>()?;
    found.extend(nested.into_iter().flatten());
    Some(found)
}

/// Whether the manifest's built-in sources are the embedded corpus's as a
/// load of `load` would give them: the same files with the same ids, or
/// none when it leaves the corpus out.
fn builtin_as_indexed(load: &LoadOptions, indexed: &BTreeMap<String, u64>) -> bool {
    if !load.builtin {
        return indexed.is_empty();
    }
    let only = LoadOptions {
        builtin: true,
        folders: Vec::new(),
        cache: None,
        text: load::Text::Outline,
        ..load.clone()
    };
    let Ok(builtin) = load::load(&only, &load::Progress::default()) else {
        return false;
    };
    let mut ids: BTreeMap<&str, u64> = BTreeMap::new();
    for e in builtin.entries() {
        cache::mix_id(ids.entry(e.source.as_str()).or_insert(0), &e.id);
    }
    builtin.warnings().is_empty() && indexed.iter().map(|(s, &h)| (s.as_str(), h)).eq(ids)
}

/// Whether `loaded`, an id of the archive, is the parser's id `parsed`,
/// or that id made unique (`-2`, `-3`, ...: see [`crate::id::make_unique`]).
/// The parser's ids end in a hash, never in such a suffix, so at most one
/// entry of a file matches.
fn same_id(loaded: &str, parsed: &str) -> bool {
    loaded == parsed
        || loaded.strip_prefix(parsed).is_some_and(|rest| {
            rest.strip_prefix('-')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
}

impl FileTexts {
    /// The entry at `ix` of `index` with its text, read from its file if
    /// the file still has its manifest stamp; else `None`, and the search
    /// is marked as not to be trusted.
    pub(super) fn entry(&self, index: &SearchIndex, ix: u32) -> Option<Entry> {
        let cached = self
            .read
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&ix)
            .cloned();
        if let Some(e) = cached {
            return Some(e);
        }
        let found = self.reread(index, ix);
        match &found {
            Some(e) => {
                let mut read = self.read.lock().unwrap_or_else(PoisonError::into_inner);
                read.insert(ix, e.clone());
            }
            None => self.missed.store(true, Ordering::Relaxed),
        }
        found
    }

    fn reread(&self, index: &SearchIndex, ix: u32) -> Option<Entry> {
        let loaded = index.archive.get(ix)?;
        let (segment, doc) = index.map.iter().enumerate().find_map(|(s, docs)| {
            let doc = docs.iter().position(|&d| d == ix)?;
            Some((s as u32, doc as u32))
        })?;
        let stored: TantivyDocument = index.searcher.doc(DocAddress::new(segment, doc)).ok()?;
        let source = stored.get_first(index.fields.source)?.as_str()?;
        // Built-in sources are read from the binary, unstamped: the
        // corpus was checked on open.
        let seen = match source.starts_with(load::BUILTIN_PREFIX) {
            true => None,
            false => Some(*self.stamps.get(&source_key(source))?),
        };
        let mut found = load::reread_source(source, Path::new(source), seen, |p| {
            same_id(&loaded.id, &p.id)
        })?;
        found.id.clone_from(&loaded.id);
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_id_made_unique_is_its_parsed_id() {
        use super::same_id;
        assert!(same_id("a-1234abcd", "a-1234abcd"));
        assert!(same_id("a-1234abcd-2", "a-1234abcd"));
        assert!(same_id("a-1234abcd-12", "a-1234abcd"));
        assert!(!same_id("a-1234abcd-", "a-1234abcd"));
        assert!(!same_id("a-1234abcd-x", "a-1234abcd"));
        assert!(!same_id("a-1234abcd", "a-1234abc"));
    }
}
