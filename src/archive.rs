//! The loaded archive: entries in canonical order plus the columns that make
//! filters and counts cheap.
//!
//! Canonical order is the order of `list --json`: by date ascending, undated
//! entries last, ties by id. Entries are addressed by their position in that
//! order (`u32`, an "index") everywhere a query result is kept, so results are
//! small and already sorted.

use crate::cache::Stamp;
use crate::model::{Entry, Kind, Text, Warning};
use chrono::{Datelike, NaiveDate};
use rayon::slice::ParallelSliceMut;
use std::collections::HashMap;

/// The archive's lookup maps hash with foldhash: ids and names are looked
/// up once per entry on every open, where SipHash's cost shows.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Each id's canonical index, built on the first lookup: a search of
/// unchanged folders without a load (`search::quick`) never looks one up,
/// and 100,000 ids copied into a map are a sixth of its time. It is a
/// function of the entries, so it takes no part in comparing archives.
#[derive(Debug, Clone, Default)]
struct IdIndex(std::sync::OnceLock<FastMap<String, u32>>);

impl PartialEq for IdIndex {
    fn eq(&self, _: &IdIndex) -> bool {
        true
    }
}

impl Eq for IdIndex {}
use std::path::{Path, PathBuf};

/// Author column value for entries without an author.
pub const NO_AUTHOR: u32 = u32::MAX;
/// Date column value for undated entries (sorts after every real day).
pub const NO_DATE: i32 = i32::MAX;

/// One distinct author (names compared case-insensitively).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The spelling shown to people (the most common one in the archive).
    pub name: String,
    /// Lowercased name, the identity used by filters.
    pub key: String,
}

/// Entries plus indexes. Immutable once built; share it as `Arc<Archive>`.
#[derive(Debug, Default)]
pub struct Archive {
    entries: Vec<Entry>,
    by_id: IdIndex,
    /// Authors sorted by key.
    authors: Vec<Author>,
    author_by_key: FastMap<String, u32>,
    /// Per entry: index into `authors`, or [`NO_AUTHOR`].
    pub(crate) author_col: Vec<u32>,
    /// Per entry: days since 0001-01-01 (CE), or [`NO_DATE`].
    pub(crate) day_col: Vec<i32>,
    pub(crate) kind_col: Vec<Kind>,
    /// Distinct tags, sorted by key (names compared case-insensitively).
    tags: Vec<Author>,
    tag_by_key: FastMap<String, u32>,
    /// Each entry's tag indexes, sorted: entry `i`'s are
    /// `tag_ids[tag_starts[i]..tag_starts[i + 1]]`.
    tag_starts: Vec<u32>,
    tag_ids: Vec<u32>,
    warnings: Vec<Warning>,
    /// Per source file: its size and times when the loader read it.
    stamps: HashMap<String, Stamp>,
    /// Per source whose file name is not valid Unicode: the file's real
    /// path (the source shows the name with replacement characters, which
    /// opens nothing).
    paths: HashMap<String, PathBuf>,
    /// The folders (and single files) the load read, as given.
    roots: Vec<PathBuf>,
    /// The entries keep only their outline (headings and captions): their
    /// text is read from their files when needed (see
    /// [`crate::load::with_text`]).
    text: Text,
}

impl Archive {
    /// Builds the archive: sorts entries into canonical order (ids must
    /// already be unique; the loader ensures it) and builds the columns.
    pub fn new(mut entries: Vec<Entry>, warnings: Vec<Warning>) -> Archive {
        // Ids are unique, so an unstable sort is deterministic.
        entries.par_sort_unstable_by(canonical_order);
        let (authors, author_by_key, key_of) =
            dictionary(entries.iter().filter_map(|e| e.author.as_deref()));
        let by_spelling: FastMap<&str, u32> = key_of
            .iter()
            .filter_map(|(&a, key)| Some((a, *author_by_key.get(key)?)))
            .collect();
        let author_col = entries
            .iter()
            .map(|e| {
                e.author
                    .as_deref()
                    .and_then(|a| by_spelling.get(a).copied())
                    .unwrap_or(NO_AUTHOR)
            })
            .collect();
        let day_col = entries.iter().map(|e| day_of(e.date)).collect();
        let kind_col = entries.iter().map(|e| e.kind).collect();
        let (tags, tag_by_key, tag_starts, tag_ids) = tag_columns(&entries);
        Archive {
            entries,
            by_id: IdIndex::default(),
            authors,
            author_by_key,
            author_col,
            day_col,
            kind_col,
            tags,
            tag_by_key,
            tag_starts,
            tag_ids,
            warnings,
            stamps: HashMap::new(),
            paths: HashMap::new(),
            roots: Vec::new(),
            text: Text::Full,
        }
    }

    /// Records the size and times each source file had when it was read
    /// (the loader does, when it keeps a parse cache and so stats files).
    pub fn with_file_stamps(mut self, stamps: HashMap<String, Stamp>) -> Archive {
        self.stamps = stamps;
        self
    }

    /// Records the real paths of sources whose names are not valid Unicode.
    pub fn with_file_paths(mut self, paths: HashMap<String, PathBuf>) -> Archive {
        self.paths = paths;
        self
    }

    /// Records the folders (and single files) the load read.
    pub fn with_roots(mut self, roots: Vec<PathBuf>) -> Archive {
        self.roots = roots;
        self
    }

    /// The folders (and single files) the load read, as given: a source
    /// under none of them is not part of this archive's reading.
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// The file an entry's `source` was read from: the source itself,
    /// except for names that are not valid Unicode, whose real path the
    /// loader recorded.
    pub fn file_path<'a>(&'a self, source: &'a str) -> &'a Path {
        self.paths
            .get(source)
            .map_or_else(|| Path::new(source), PathBuf::as_path)
    }

    /// Says how much of each entry the archive holds (a load keeping only
    /// the outline marks it so).
    pub fn with_text_kept(mut self, text: Text) -> Archive {
        self.text = text;
        self
    }

    /// Whether `other` holds the same entries in the same order (by id):
    /// canonical indexes mean the same in both.
    pub fn same_entries(&self, other: &Archive) -> bool {
        self.len() == other.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| a.id == b.id)
    }

    /// Whether the entries hold their text (every block), rather than
    /// only their outline.
    pub fn has_text(&self) -> bool {
        self.text == Text::Full
    }

    /// The size and times a source file had when the loader read it, if
    /// it recorded them: what the archive's text is a reading of.
    pub fn file_stamp(&self, source: &str) -> Option<Stamp> {
        self.stamps.get(source).copied()
    }

    /// All entries, in canonical order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry at a canonical index.
    pub fn get(&self, ix: u32) -> Option<&Entry> {
        self.entries.get(ix as usize)
    }

    /// The canonical index of an id.
    pub fn index_of(&self, id: &str) -> Option<u32> {
        self.by_id
            .0
            .get_or_init(|| {
                (self.entries.iter().enumerate())
                    .map(|(i, e)| (e.id.clone(), i as u32))
                    .collect()
            })
            .get(id)
            .copied()
    }

    /// The entry with an id.
    pub fn by_id(&self, id: &str) -> Option<&Entry> {
        self.index_of(id).and_then(|i| self.get(i))
    }

    /// Distinct authors, sorted case-insensitively.
    pub fn authors(&self) -> &[Author] {
        &self.authors
    }

    /// The author index for a name (case-insensitive, exact).
    pub fn author_index(&self, name: &str) -> Option<u32> {
        self.author_by_key.get(&name.trim().to_lowercase()).copied()
    }

    /// The author index of the entry at `ix` ([`NO_AUTHOR`] if none).
    pub fn author_of(&self, ix: u32) -> u32 {
        self.author_col
            .get(ix as usize)
            .copied()
            .unwrap_or(NO_AUTHOR)
    }

    /// Distinct tags, sorted case-insensitively (each with the spelling
    /// most entries use).
    pub fn tags(&self) -> &[Author] {
        &self.tags
    }

    /// The tag index for a name (case-insensitive, exact).
    pub fn tag_index(&self, name: &str) -> Option<u32> {
        self.tag_by_key.get(&name.trim().to_lowercase()).copied()
    }

    /// The tag indexes of the entry at `ix`, sorted.
    pub fn tags_of(&self, ix: u32) -> &[u32] {
        let i = ix as usize;
        match (self.tag_starts.get(i), self.tag_starts.get(i + 1)) {
            (Some(&a), Some(&b)) => self.tag_ids.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// Problems met while loading (files skipped, dates dropped, ...).
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Total bytes of text held (for memory and speed reporting).
    pub fn text_bytes(&self) -> usize {
        self.entries
            .iter()
            .map(|e| e.blocks.iter().map(|b| b.text().len()).sum::<usize>())
            .sum()
    }
}

/// Names (authors or tags) compared without case: one per key, sorted by
/// key, each with the spelling used most (ties: the first in byte
/// order); the index of each key; and the key of each spelling. Each
/// spelling is counted first and lowercased once, not once per entry.
fn dictionary<'a>(
    names: impl Iterator<Item = &'a str>,
) -> (Vec<Author>, FastMap<String, u32>, FastMap<&'a str, String>) {
    let mut counts: FastMap<&str, usize> = FastMap::default();
    for n in names {
        *counts.entry(n).or_insert(0) += 1;
    }
    let key_of: FastMap<&str, String> = counts.keys().map(|&n| (n, n.to_lowercase())).collect();
    let mut spellings: FastMap<&str, Vec<(&str, usize)>> = FastMap::default();
    for (&n, &c) in &counts {
        spellings
            .entry(key_of[n].as_str())
            .or_default()
            .push((n, c));
    }
    let mut dict: Vec<Author> = spellings
        .into_iter()
        .map(|(key, names)| {
            let name = names
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map_or_else(|| key.to_string(), |(n, _)| n.to_string());
            Author {
                name,
                key: key.to_string(),
            }
        })
        .collect();
    dict.sort_by(|a, b| a.key.cmp(&b.key));
    let by_key = (dict.iter().enumerate())
        .map(|(i, a)| (a.key.clone(), i as u32))
        .collect();
    (dict, by_key, key_of)
}

/// The tag dictionary (by key, each with its most used spelling), its
/// lookup, and each entry's sorted tag indexes as offsets into one list.
fn tag_columns(entries: &[Entry]) -> (Vec<Author>, FastMap<String, u32>, Vec<u32>, Vec<u32>) {
    let (tags, by_key, key_of) = dictionary(
        entries
            .iter()
            .flat_map(|e| e.tags.iter().map(String::as_str)),
    );
    let mut starts = Vec::with_capacity(entries.len() + 1);
    let mut ids = Vec::new();
    starts.push(0);
    for e in entries {
        let from = ids.len();
        ids.extend(
            e.tags
                .iter()
                .filter_map(|t| by_key.get(key_of.get(t.as_str())?).copied()),
        );
        ids[from..].sort_unstable();
        let mut kept = from;
        for i in from..ids.len() {
            if kept == from || ids[kept - 1] != ids[i] {
                ids[kept] = ids[i];
                kept += 1;
            }
        }
        ids.truncate(kept);
        starts.push(u32::try_from(ids.len()).unwrap_or(u32::MAX));
    }
    (tags, by_key, starts, ids)
}

/// Days since CE for ordering; undated sorts last.
/// The archive's order of entries: by date (undated last), then id.
pub(crate) fn canonical_order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    day_of(a.date)
        .cmp(&day_of(b.date))
        .then_with(|| a.id.cmp(&b.id))
}

pub(crate) fn day_of(date: Option<NaiveDate>) -> i32 {
    date.map_or(NO_DATE, |d| d.num_days_from_ce())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Block;

    pub fn entry(id: &str, author: Option<&str>, date: Option<&str>, kind: Kind) -> Entry {
        let blocks = vec![Block::paragraph(format!("Text of {id}."))];
        let date = date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("test date"));
        Entry::with_blocks(blocks)
            .with_id(id)
            .with_author(author)
            .with_date(date.map(|d| (d.year(), d.month(), d.day())))
            .with_title(&id.to_uppercase())
            .with_kind(kind)
            .with_source(&format!("test/{id}.txt"))
    }

    pub fn sample() -> Archive {
        Archive::new(
            vec![
                entry("c", Some("Jane Doe"), Some("2008-05-15"), Kind::Article),
                entry("a", Some("jane doe"), Some("2007-03-24"), Kind::Article),
                entry("u1", None, None, Kind::Excerpt),
                entry("b", Some("Bob Roe"), Some("2007-03-24"), Kind::Article),
                entry("d", Some("Jane Doe"), Some("2007-12-12"), Kind::Article),
                entry("u0", None, None, Kind::Excerpt),
            ],
            vec![],
        )
    }

    #[test]
    fn canonical_order_is_date_then_id_undated_last() {
        let a = sample();
        let ids: Vec<&str> = a.entries().iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "d", "c", "u0", "u1"]);
        assert_eq!(a.index_of("c"), Some(3));
        assert_eq!(a.by_id("u1").map(|e| e.kind), Some(Kind::Excerpt));
    }

    #[test]
    fn authors_merge_case_insensitively() {
        let a = sample();
        let names: Vec<&str> = a.authors().iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["Bob Roe", "Jane Doe"]);
        assert_eq!(a.author_index("JANE DOE"), Some(1));
        assert_eq!(a.author_of(a.index_of("a").unwrap()), 1);
        assert_eq!(a.author_of(a.index_of("u0").unwrap()), NO_AUTHOR);
    }
}
