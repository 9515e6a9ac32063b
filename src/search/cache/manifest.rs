//! The manifest of an index folder: per source file what it was when
//! indexed ([`Indexed`]), the index's common words, the schema version,
//! the code fingerprint of the binary that wrote it, the stamps of the
//! segment files and a hash of tantivy's `meta.json`, as JSON whose last
//! line is a hash of the rest.
//! The stamps the archive would give now are compared with it to tell
//! what to update.

use super::{MANIFEST, TANTIVY};
use crate::archive::Archive;
use crate::cache::root::open_file;
use crate::cache::{Stamp, atomic, fingerprint};
use crate::search::SearchError;
use crate::search::index::SCHEMA_VERSION;
use crate::search::pairs::PairWords;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;

/// What the manifest keeps of one source file when it was indexed: its
/// [`Stamp`] (with the status-change time, which an edit that puts size
/// and modification time back still moves: a search without a load has no
/// ids to catch it, see `crate::search::quick`) and a hash of its entries'
/// ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(in crate::search) struct Indexed {
    size: u64,
    mtime_ns: u128,
    ctime_ns: u128,
    pub(in crate::search) ids: u64,
}

impl Indexed {
    /// The file's stamp when it was indexed.
    pub(in crate::search) fn stamp(&self) -> Stamp {
        Stamp {
            size: self.size,
            mtime_ns: self.mtime_ns,
            ctime_ns: self.ctime_ns,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(in crate::search) struct Manifest {
    version: u32,
    /// [`code_fingerprint`] of the binary that wrote it (0 in older manifests).
    #[serde(default)]
    code: u64,
    #[serde(deserialize_with = "in_one_pass")]
    pub(in crate::search) sources: BTreeMap<String, Indexed>,
    /// The archive indexed had no load warnings: with its files unchanged,
    /// a load would say nothing either (see `crate::search::quick`).
    #[serde(default)]
    pub(in crate::search) clean: bool,
    /// The index's common words (see [`super::pairs`]).
    #[serde(default)]
    pub(super) pair_words: Vec<String>,
    /// xxh3 of the index's `meta.json` (tantivy's list of segments, which
    /// has no checksum of its own) when the manifest was written.
    #[serde(default)]
    meta: u64,
    /// The tantivy folder's segment files and their stamps when the
    /// manifest was written (see [`segment_files`]).
    #[serde(default)]
    pub(super) files: BTreeMap<String, Stamp>,
}

impl Manifest {
    /// The manifest of the index folder `dir` if it is whole (its check
    /// matches) and describes the index there now, written by this binary
    /// (same schema, same [`code_fingerprint`], same `meta.json`).
    pub(super) fn read(dir: &Path) -> Option<Manifest> {
        let bytes = read_file(&dir.join(MANIFEST)).ok()?;
        let manifest: Manifest = serde_json::from_slice(checked(&bytes)?).ok()?;
        let current = manifest.version == SCHEMA_VERSION
            && manifest.code == code_fingerprint()
            && manifest.meta == meta_hash(&dir.join(TANTIVY)).ok()?;
        current.then_some(manifest)
    }
}

/// The manifest's sources, which it writes in order, as a map built in
/// one pass: inserting 100,000 paths one by one compares each with a
/// dozen others that share a long prefix with it.
fn in_one_pass<'de, D>(d: D) -> Result<BTreeMap<String, Indexed>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Entries;
    impl<'de> serde::de::Visitor<'de> for Entries {
        type Value = Vec<(String, Indexed)>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of source files")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut m: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(m.size_hint().unwrap_or(0));
            while let Some(entry) = m.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }
    // `collect` sorts (one comparison per pair when already in order) and
    // builds the tree in bulk; a repeated key keeps its last value, as
    // inserting would.
    Ok(d.deserialize_map(Entries)?.into_iter().collect())
}

/// A hash of the source of the parser and of the text analysis, as
/// compiled: an index built by a binary that reads or tokenizes text
/// differently is rebuilt, not reused.
fn code_fingerprint() -> u64 {
    let analysis = [
        include_str!("../analyze.rs"),
        include_str!("../index.rs"),
        include_str!("../pairs.rs"),
        include_str!("mod.rs"),
        include_str!("manifest.rs"),
        include_str!("open.rs"),
        include_str!("update.rs"),
        include_str!("garbage.rs"),
    ];
    fingerprint::of_sources(crate::parse_cache::fingerprint(), &analysis)
}

/// The stamp of every source of the archive: the size and time the loader
/// saw when it read the file (what the archive's text is a reading of),
/// else the file's now. Built-in and vanished files have size and time 0;
/// their ids still identify their content.
pub(super) fn stamps(archive: &Archive) -> BTreeMap<String, Indexed> {
    let mut ids: BTreeMap<&str, u64> = BTreeMap::new();
    for e in archive.entries() {
        mix_id(ids.entry(e.source.as_str()).or_insert(0), &e.id);
    }
    ids.into_iter()
        .map(|(source, ids)| {
            let st = file_stamp(archive, source);
            (
                source.to_string(),
                Indexed {
                    size: st.size,
                    mtime_ns: st.mtime_ns,
                    ctime_ns: st.ctime_ns,
                    ids,
                },
            )
        })
        .collect()
}

/// Mixes one entry's id into its source's hash of ids (in canonical
/// order, as [`stamps`] and [`unchanged`] both read them).
pub(in crate::search) fn mix_id(h: &mut u64, id: &str) {
    *h = h.rotate_left(5) ^ xxhash_rust::xxh3::xxh3_64(id.as_bytes());
}

/// The stamp of a source: as the loader saw it, else as it is now; zeros
/// for built-in and vanished files.
fn file_stamp(archive: &Archive, source: &str) -> Stamp {
    archive
        .file_stamp(source)
        .or_else(|| Stamp::now(Path::new(source)))
        .unwrap_or(Stamp {
            size: 0,
            mtime_ns: 0,
            ctime_ns: 0,
        })
}

/// Whether [`stamps`] of `archive` would equal `sources`, found without
/// building it (no copy of 100,000 paths on the way to a search).
pub(super) fn unchanged(sources: &BTreeMap<String, Indexed>, archive: &Archive) -> bool {
    let mut ids: HashMap<&str, u64, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(sources.len(), Default::default());
    for e in archive.entries() {
        mix_id(ids.entry(e.source.as_str()).or_insert(0), &e.id);
    }
    ids.len() == sources.len()
        && sources.iter().all(|(source, st)| {
            ids.get(source.as_str()) == Some(&st.ids) && file_stamp(archive, source) == st.stamp()
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

/// The segment files of the tantivy folder `tdir` (all but `meta.json`
/// and tantivy's dot-named lists and locks) with their stamps. tantivy
/// opens an index with a segment file missing (it takes absent positions
/// for none) and its checksum pass skips files its list does not name, so
/// comparing these with the manifest's is what catches a file deleted,
/// replaced or written to since; no program can set a status-change time
/// back.
pub(super) fn segment_files(tdir: &Path) -> std::io::Result<BTreeMap<String, Stamp>> {
    let mut files = BTreeMap::new();
    for item in std::fs::read_dir(tdir)? {
        let item = item?;
        let name = item.file_name().to_string_lossy().into_owned();
        if name != "meta.json" && !name.starts_with('.') {
            files.insert(name, Stamp::of(&std::fs::metadata(item.path())?));
        }
    }
    Ok(files)
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
pub(super) fn write_manifest(
    dir: &Path,
    sources: &BTreeMap<String, Indexed>,
    pairs: &PairWords,
    clean: bool,
) -> Result<(), SearchError> {
    let io = |source| SearchError::Io {
        path: dir.join(MANIFEST),
        source,
    };
    let m = Manifest {
        version: SCHEMA_VERSION,
        code: code_fingerprint(),
        sources: sources.clone(),
        clean,
        pair_words: pairs.to_sorted(),
        meta: meta_hash(&dir.join(TANTIVY)).map_err(io)?,
        files: segment_files(&dir.join(TANTIVY)).map_err(io)?,
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

    #[test]
    fn sources_read_back_as_written() {
        let m = Manifest {
            sources: stamps(&sample()),
            ..Manifest::default()
        };
        assert!(m.sources.len() > 1);
        let json = serde_json::to_vec(&m).unwrap();
        assert_eq!(serde_json::from_slice::<Manifest>(&json).unwrap(), m);
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
