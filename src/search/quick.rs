//! A search of unchanged folders that never loads their archive: the
//! answer comes from the cached index and the files' stamps alone.
//!
//! [`open`] trusts the cached index only when everything a load would find
//! is what the index's manifest describes: the manifest says the indexed
//! archive had no load warnings, a walk of the folders (the loader's walk:
//! hidden names skipped, links followed) finds exactly the manifest's files
//! with their size, modification and change times, none over the size
//! limit, and the embedded corpus is the one indexed (or absent from both).
//! The index's own files are trusted by their stamps, without tantivy's
//! pass over every byte (see `cache::Verify::Stamps`).
//! The archive under the index is then rebuilt from the index's columns
//! alone (ids, authors, dates, kinds: see `index::outline_entries`), which
//! gives the canonical order, the authors and the filter columns a full
//! load would give. Only the hits are read from their files, each checked
//! against its manifest stamp (see [`crate::load::reread_source`]).
//!
//! Anything that does not check out gives `None`, and the caller takes the
//! ordinary path (load, open or update the index, search): this one only
//! saves time.

use super::cache::{self, CacheOptions, Indexed, LoadOrder, Verify};
use super::{Fallback, Query, SearchIndex, SearchResults, Texts};
use crate::archive::Archive;
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
use tantivy::{DocAddress, IndexReader, ReloadPolicy, TantivyDocument};

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
    /// The manifest's stamps, per source.
    sources: BTreeMap<String, Indexed>,
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
    let (opened, walked) = std::thread::scope(|s| {
        let opening = s.spawn(|| cache::try_open(&dir, Verify::Stamps));
        let walked = walk(load);
        (opening.join().ok().flatten(), walked)
    });
    let opened = opened?;
    let walked = walked?;
    let manifest = &opened.manifest;
    if !manifest.clean || !builtin_as_indexed(load, &manifest.sources) {
        return None;
    }
    let files = manifest
        .sources
        .keys()
        .filter(|s| !s.starts_with(load::BUILTIN_PREFIX))
        .count();
    if walked.len() != files
        || !walked.par_iter().all(|(source, now)| {
            manifest
                .sources
                .get(source)
                .is_some_and(|st| st.stamp() == *now && now.size <= load.limit.max_bytes)
        })
    {
        return None;
    }
    let cache::Opened {
        index,
        fields,
        pairs,
        manifest,
        ..
    } = opened;
    let reader: IndexReader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .ok()?;
    let entries: Vec<Entry> = super::index::outline_entries(&reader.searcher())
        .ok()?
        .into_iter()
        .flatten()
        .flatten()
        .collect();
    let archive =
        Arc::new(Archive::new(entries, Vec::new()).with_text_kept(crate::model::Text::Outline));
    let (mut ix, seen) = SearchIndex::open(archive, index, fields, pairs).ok()?;
    if seen.iter().any(|&n| n != 1) {
        return None;
    }
    ix.texts = Texts::Files(Arc::new(FileTexts {
        sources: manifest.sources,
        read: Mutex::new(HashMap::new()),
        missed: AtomicBool::new(false),
    }));
    Some(ix)
}

/// Every file a load of `load`'s folders would read, by source, with its
/// stamp now; `None` when the walk meets anything a load would warn about
/// (an error, a special file, a link into a system folder, a name that is
/// not Unicode) or a missing folder. The stats run on every core.
fn walk(load: &LoadOptions) -> Option<Vec<(String, Stamp)>> {
    let mut found = Vec::new();
    for root in &load.folders {
        if !root.exists() || read::system_path(root).is_some() {
            return None;
        }
        let mut unusual = false;
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| {
                let hidden = e.file_name().to_str().is_some_and(|s| s.starts_with('.'));
                if e.depth() > 0 && hidden {
                    return false;
                }
                if e.path_is_symlink() && read::system_path(e.path()).is_some() {
                    unusual = true;
                }
                true
            });
        for item in walker {
            let e = item.ok()?;
            if e.file_type().is_dir() {
                continue;
            }
            if read::special_kind(&e.file_type()).is_some() {
                return None;
            }
            found.push(e);
        }
        if unusual {
            return None;
        }
    }
    found
        .into_par_iter()
        .map(|e| {
            let source = e.path().to_str()?.to_string();
            let meta = e.metadata().ok()?;
            Some((source, Stamp::of(&meta)))
        })
        .collect()
}

/// Whether the manifest's built-in sources are the embedded corpus's as a
/// load of `load` would give them: the same files with the same ids, or
/// none when it leaves the corpus out.
fn builtin_as_indexed(load: &LoadOptions, sources: &BTreeMap<String, Indexed>) -> bool {
    let indexed = sources
        .iter()
        .filter(|(s, _)| s.starts_with(load::BUILTIN_PREFIX));
    if !load.builtin {
        return indexed.count() == 0;
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
    builtin.warnings().is_empty() && indexed.map(|(s, st)| (s.as_str(), st.ids)).eq(ids)
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
        // (Built-in sources are read from the binary, unstamped: the
        // corpus was checked on open.)
        let seen = self.sources.get(source)?.stamp();
        let mut found = load::reread_source(source, Path::new(source), Some(seen), |p| {
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
