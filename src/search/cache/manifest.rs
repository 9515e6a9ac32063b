//! The manifest of an index folder: per source file what it was when
//! indexed ([`Indexed`]), the index's common words, the schema version,
//! the code fingerprint of the binary that wrote it, the stamps of the
//! segment files and a hash of tantivy's `meta.json`.
//! The stamps the archive would give now are compared with it to tell
//! what to update.
//!
//! The file is four lines: a header (everything but the sources, as JSON,
//! with a digest of the folders' files and the built-in sources' ids), its
//! xxh3 in hex, the sources as JSON, and the xxh3 of all that in hex. A
//! search without a load (`crate::search::quick`) reads and checks the
//! header alone: 100,000 sources are 13 MB of JSON, whose parse would cost
//! that search a fifth of its time.

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
    /// [`code_fingerprint`] of the binary that wrote it.
    code: u64,
    /// The sources, kept apart from the header (see the module doc): empty
    /// when only the header was read.
    #[serde(skip)]
    pub(in crate::search) sources: BTreeMap<String, Indexed>,
    /// [`files_digest`] of the sources that are files (all but the
    /// built-in ones).
    pub(in crate::search) files_digest: u64,
    /// The built-in sources and the hash of their entries' ids.
    pub(in crate::search) builtin: BTreeMap<String, u64>,
    /// The archive indexed had no load warnings: with its files unchanged,
    /// a load would say nothing either (see `crate::search::quick`).
    pub(in crate::search) clean: bool,
    /// The index's common words (see [`super::pairs`]).
    pub(super) pair_words: Vec<String>,
    /// xxh3 of the index's `meta.json` (tantivy's list of segments, which
    /// has no checksum of its own) when the manifest was written.
    meta: u64,
    /// The tantivy folder's segment files and their stamps when the
    /// manifest was written (see [`segment_files`]).
    pub(super) files: BTreeMap<String, Stamp>,
}

/// How much of a manifest [`Manifest::read`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::search) enum Part {
    /// The header and the sources: to update the index.
    Whole,
    /// The header: to search unchanged folders without a load.
    Header,
}

impl Manifest {
    /// The manifest of the index folder `dir` if what `part` asks for is
    /// whole (its check matches) and describes the index there now,
    /// written by this binary (same schema, same [`code_fingerprint`],
    /// same `meta.json`).
    pub(super) fn read(dir: &Path, part: Part) -> Option<Manifest> {
        let path = dir.join(MANIFEST);
        let manifest = match part {
            Part::Whole => {
                let bytes = read_file(&path).ok()?;
                let (header, rest) = header_of(checked(&bytes)?)?;
                let mut m: Manifest = serde_json::from_slice(header).ok()?;
                m.sources = serde_json::from_slice::<Sources>(rest).ok()?.0;
                m
            }
            Part::Header => {
                let bytes = read_header(&path).ok()?;
                serde_json::from_slice(header_of(&bytes)?.0).ok()?
            }
        };
        let current = manifest.version == SCHEMA_VERSION
            && manifest.code == code_fingerprint()
            && manifest.meta == meta_hash(&dir.join(TANTIVY)).ok()?;
        current.then_some(manifest)
    }
}

/// The sources as the manifest writes them, in order.
struct Sources(BTreeMap<String, Indexed>);

impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sources, D::Error> {
        in_one_pass(d).map(Sources)
    }
}

/// The digest of a set of files and their stamps, in any order: the
/// manifest's of the files indexed, a search without a load's of the files
/// it finds, which must be equal. It is the sum of each file's
/// [`file_digest`], so the files can be taken in any order, on any thread.
pub(in crate::search) fn files_digest<'a>(files: impl Iterator<Item = (&'a str, Stamp)>) -> u64 {
    let mut record = Vec::new();
    digest_of(files.map(|(source, st)| file_digest(source, st, &mut record)))
}

/// The digest of the files whose [`file_digest`]s are `parts`.
pub(in crate::search) fn digest_of(parts: impl Iterator<Item = u64>) -> u64 {
    let (mut sum, mut count) = (0u64, 0u64);
    for part in parts {
        sum = sum.wrapping_add(part);
        count += 1;
    }
    let mut total = sum.to_le_bytes().to_vec();
    total.extend_from_slice(&count.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(&total)
}

/// One file's part of a [`files_digest`]; `record` is scratch space.
pub(in crate::search) fn file_digest(source: &str, st: Stamp, record: &mut Vec<u8>) -> u64 {
    record.clear();
    record.extend_from_slice(source.as_bytes());
    // A byte no UTF-8 text holds ends the name.
    record.push(0xff);
    record.extend_from_slice(&st.size.to_le_bytes());
    record.extend_from_slice(&st.mtime_ns.to_le_bytes());
    record.extend_from_slice(&st.ctime_ns.to_le_bytes());
    xxhash_rust::xxh3::xxh3_64(record)
}

/// The header's JSON (checked against its own line) and the rest of a
/// manifest's body.
fn header_of(body: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = body.iter().position(|&b| b == b'\n')?;
    let (header, rest) = (&body[..end], &body[end + 1..]);
    let check_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let check = std::str::from_utf8(&rest[..check_end]).ok()?;
    let check = u64::from_str_radix(check, 16).ok()?;
    let rest = rest.get(check_end + 1..).unwrap_or_default();
    (xxhash_rust::xxh3::xxh3_64(header) == check).then_some((header, rest))
}

/// The first two lines of the manifest file at `path` (its header and the
/// header's check), read in blocks until they are in.
fn read_header(path: &Path) -> std::io::Result<Vec<u8>> {
    const BLOCK: usize = 64 * 1024;
    let mut file = open_file(path)?;
    let mut bytes = Vec::new();
    let mut newlines = 0;
    loop {
        let at = bytes.len();
        bytes.resize(at + BLOCK, 0);
        let n = file.read(&mut bytes[at..])?;
        bytes.truncate(at + n);
        if n == 0 {
            return Ok(bytes);
        }
        for (i, &b) in bytes[at..].iter().enumerate() {
            if b == b'\n' {
                newlines += 1;
                if newlines == 2 {
                    bytes.truncate(at + i + 1);
                    return Ok(bytes);
                }
            }
        }
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
    let (builtin, files): (Vec<_>, Vec<_>) = sources
        .iter()
        .partition(|(s, _)| s.starts_with(crate::load::BUILTIN_PREFIX));
    let m = Manifest {
        version: SCHEMA_VERSION,
        code: code_fingerprint(),
        sources: BTreeMap::new(),
        files_digest: files_digest(files.into_iter().map(|(s, st)| (s.as_str(), st.stamp()))),
        builtin: builtin
            .into_iter()
            .map(|(s, st)| (s.clone(), st.ids))
            .collect(),
        clean,
        pair_words: pairs.to_sorted(),
        meta: meta_hash(&dir.join(TANTIVY)).map_err(io)?,
        files: segment_files(&dir.join(TANTIVY)).map_err(io)?,
    };
    let json = |e: serde_json::Error| io(e.into());
    let mut bytes = serde_json::to_vec(&m).map_err(json)?;
    let check = xxhash_rust::xxh3::xxh3_64(&bytes);
    bytes.extend_from_slice(format!("\n{check:016x}\n").as_bytes());
    serde_json::to_writer(&mut bytes, sources).map_err(json)?;
    let check = xxhash_rust::xxh3::xxh3_64(&bytes);
    bytes.extend_from_slice(format!("\n{check:016x}\n").as_bytes());
    atomic::write(&dir.join(MANIFEST), &bytes).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::tests::{entry, sample};
    use crate::model::Kind;

    #[test]
    fn sources_read_back_as_written() {
        let sources = stamps(&sample());
        assert!(sources.len() > 1);
        let json = serde_json::to_vec(&sources).unwrap();
        assert_eq!(serde_json::from_slice::<Sources>(&json).unwrap().0, sources);
    }

    #[test]
    fn the_files_digest_is_of_the_set() {
        let st = |size| Stamp {
            size,
            mtime_ns: 5,
            ctime_ns: 6,
        };
        let d = |files: &[(&str, Stamp)]| files_digest(files.iter().map(|(s, st)| (*s, *st)));
        let ab = d(&[("a", st(1)), ("b", st(2))]);
        assert_eq!(ab, d(&[("b", st(2)), ("a", st(1))]));
        assert_ne!(ab, d(&[("a", st(1)), ("b", st(3))]));
        assert_ne!(ab, d(&[("a", st(1))]));
        assert_ne!(ab, d(&[("a", st(1)), ("c", st(2))]));
        assert_ne!(d(&[("ab", st(1))]), d(&[("a", st(1))]));
    }

    #[test]
    fn the_header_is_read_alone_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(TANTIVY)).unwrap();
        std::fs::write(dir.path().join(TANTIVY).join("meta.json"), "{}").unwrap();
        let sources = stamps(&sample());
        let pairs = PairWords::from_words(vec!["the".into()]);
        write_manifest(dir.path(), &sources, &pairs, true).unwrap();
        let whole = Manifest::read(dir.path(), Part::Whole).unwrap();
        let header = Manifest::read(dir.path(), Part::Header).unwrap();
        assert_eq!(whole.sources, sources);
        assert!(header.sources.is_empty());
        assert_eq!(
            Manifest {
                sources: BTreeMap::new(),
                ..whole
            },
            header
        );
        // A byte changed in the header fails both reads; one in the
        // sources fails only the whole read.
        let path = dir.path().join(MANIFEST);
        let bytes = std::fs::read(&path).unwrap();
        let flip = |at: usize| {
            let mut b = bytes.clone();
            b[at] ^= 1;
            std::fs::write(&path, b).unwrap();
        };
        flip(3);
        assert!(Manifest::read(dir.path(), Part::Header).is_none());
        assert!(Manifest::read(dir.path(), Part::Whole).is_none());
        flip(bytes.len() - 30);
        assert!(Manifest::read(dir.path(), Part::Header).is_some());
        assert!(Manifest::read(dir.path(), Part::Whole).is_none());
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
