//! What a user folder parsed into, kept in the per-user cache so the next
//! load of the unchanged files reads it back instead of parsing them again.
//!
//! One file per folder (`parsed-<hash of the folder's path>.bin`), written
//! through a temporary file and a rename, so it is never half-written:
//!
//! - a header: magic, [`VERSION`], the parser's fingerprint, and the
//!   offset, length and xxh3 hash of the outline;
//! - the text: per source file one blob with every block of its entries,
//!   found by offset and checked by its own hash (a load without bodies
//!   that parsed a file keeps no text for it: the next load with bodies
//!   parses it again and fills it in);
//! - the outline, last (it is written once every blob's place is known):
//!   per source file its path, size, modification and status-change times
//!   and warnings, and per entry everything but the body text (metadata,
//!   word count, headings and captions) — what `list`, `authors` and
//!   `timeline` need.
//!
//! Trust: a cache written by a binary whose parser differs (see
//! [`fingerprint`]) is not used at all; the outline is used only if its
//! hash matches, a blob only if its hash does; anything else is parsed
//! again. A file counts as unchanged when its size, modification time and
//! (on Unix) status-change time are: an edit that sets the modification
//! time back is still seen, because the status-change time cannot be set
//! back. Ids are stored as the parser made them, before
//! [`crate::id::make_unique`], so they come out the same as from a fresh
//! parse whatever else changed. Reading never panics on a damaged file.
//!
//! The file is written whole or not at all and a killed writer's
//! temporary is swept by the next load ([`crate::cache::atomic`]); a path
//! of the wrong kind where the file goes is replaced if it holds only what
//! the caches write ([`crate::cache::root`]). Otherwise, as when the cache
//! root is a file or cannot be written, the load goes on without the cache
//! and says so once, in a warning whose path is [`WARNING_PATH`].

pub use crate::cache::Stamp;
use crate::cache::atomic::{self, AtomicFile};
use crate::cache::fingerprint;
use crate::cache::root::{Want, open_file, ready};
use crate::model::{Block, Entry, Kind, PageRef, Warning};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"HLPARSE\0";
/// Bumped whenever this format changes.
pub const VERSION: u32 = 3;
/// Magic, version, fingerprint, then where the outline is: offset, length
/// and hash.
const HEADER: usize = 8 + 4 + 8 + 8 + 8 + 8;

/// A hash of the source of everything that decides what a file parses
/// into, as compiled into this binary: any change to the parser makes the
/// caches written before it unusable, without anyone having to remember to
/// bump a version.
pub fn fingerprint() -> u64 {
    static SOURCES: &[&str] = &[
        include_str!("parse/mod.rs"),
        include_str!("parse/body.rs"),
        include_str!("parse/byline.rs"),
        include_str!("parse/caption.rs"),
        include_str!("parse/date.rs"),
        include_str!("parse/header.rs"),
        include_str!("parse/lines.rs"),
        include_str!("parse/teaser.rs"),
        include_str!("parse/title.rs"),
        include_str!("decode.rs"),
        include_str!("id.rs"),
        include_str!("model.rs"),
        include_str!("load.rs"),
        include_str!("parse_cache.rs"),
        include_str!("cache/stamp.rs"),
    ];
    static HASH: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| fingerprint::of_sources(0, SOURCES))
}

/// One source file as cached: its entries (with the outline, or every block
/// when the text was read) and its warnings' messages.
#[derive(Debug)]
pub struct Cached {
    pub stamp: Stamp,
    pub entries: Vec<Entry>,
    pub warnings: Vec<String>,
    /// Where its text blob is in the cache file, and its hash.
    blob: (u64, u64, u64),
}

/// The cache file of a folder.
pub fn cache_file(cache_root: &Path, folder: &Path) -> PathBuf {
    let abs = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(abs.display().to_string().as_bytes());
    cache_root.join(format!("parsed-{key:016x}.bin"))
}

/// Reads the cache file: per source, its cached parse. With `bodies`, each
/// entry gets every block from the text blobs; a source whose blob is
/// missing or damaged is left out (it is parsed again). `None` when there
/// is no cache or its outline cannot be trusted.
pub fn read(path: &Path, bodies: bool) -> Option<HashMap<String, Cached>> {
    let (mut file, (at, len, hash)) = open(path)?;
    let size = file.metadata().ok()?.len();
    let mut outline = Vec::new();
    if !read_blob(&mut file, size, (at, len, hash), &mut outline, true) {
        return None;
    }
    let files = decode_outline(&outline)?;
    if !bodies {
        return Some(files);
    }
    // The text, on every core: each worker reads with its own handle, runs
    // of sources in file order, each run in one read. In file order, a
    // cache that is not in memory is read from the disk front to back.
    let mut files: Vec<(String, Cached)> = files.into_iter().collect();
    files.sort_unstable_by_key(|(_, c)| c.blob.0);
    let filled: Vec<bool> = files
        .par_chunks_mut(RUN)
        .map_init(
            || (std::fs::File::open(path).ok(), Vec::new()),
            |(file, buf), run| match file.as_mut() {
                Some(f) => read_run(f, size, run, buf),
                None => vec![false; run.len()],
            },
        )
        .flatten_iter()
        .collect();
    Some(
        files
            .into_iter()
            .zip(filled)
            .filter_map(|(f, ok)| ok.then_some(f))
            .collect(),
    )
}

/// Opens the cache file if this binary wrote it (its header's magic,
/// version and parser fingerprint are ours); the file and where its outline
/// is (offset, length, hash).
fn open(path: &Path) -> Option<(std::fs::File, (u64, u64, u64))> {
    let mut file = open_file(path).ok()?;
    let mut header = [0u8; HEADER];
    file.read_exact(&mut header).ok()?;
    let mut h = Reader::new(&header);
    if h.bytes(8)? != MAGIC || h.u32()? != VERSION || h.u64()? != fingerprint() {
        return None;
    }
    Some((file, (h.u64()?, h.u64()?, h.u64()?)))
}

/// Whether the cache file exists and was written by this binary's parser
/// (a quick look at its header; its contents are checked when read).
pub fn usable(path: &Path) -> bool {
    open(path).is_some()
}

/// What the cache should hold for one source: its stamp, entries and
/// warnings, and where its text comes from.
pub struct Record<'a> {
    pub source: &'a str,
    pub stamp: Stamp,
    pub entries: &'a [Entry],
    pub warnings: &'a [Warning],
    pub blob: Blob,
}

/// Where a record's text comes from.
#[derive(Debug, Clone)]
pub enum Blob {
    /// The entries hold every block.
    Entries,
    /// In the old cache file, by offset, length and hash.
    Old(u64, u64, u64),
    /// In the file being written ([`Writer::add`]), by offset, length and
    /// hash.
    Written(u64, u64, u64),
    /// Not kept (a load without bodies that parsed the file): a load with
    /// bodies parses the file again.
    Missing,
}

/// The blob place that stands for [`Blob::Missing`].
const MISSING: (u64, u64, u64) = (u64::MAX, 0, 0);

/// The text blob of one source's entries: every block of every entry.
pub fn text_blob(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.iter().map(text_len).sum::<usize>() + 64);
    encode_blocks(entries, &mut out);
    out
}

/// Where a cached source's blob is in the old file (for [`Blob::Old`];
/// a source cached without its text stays so).
pub fn old_blob(c: &Cached) -> Blob {
    match c.blob {
        MISSING => Blob::Missing,
        (at, len, hash) => Blob::Old(at, len, hash),
    }
}

/// Writes the cache file for `records` atomically (a temporary file in the
/// same folder, renamed over the old one). Old blobs are copied from the
/// cache file being replaced and checked on the way; a record whose blob
/// cannot be had is left out (its file is parsed again next time).
pub fn write(path: &Path, records: &[Record<'_>]) -> std::io::Result<()> {
    Writer::new(path)?.finish(records)
}

/// A cache file being written: text blobs first, in any order (from any
/// thread, one at a time), then [`Writer::finish`] adds the outline and
/// puts the file in place. Dropped unfinished, or once a write fails, it
/// leaves nothing behind: its temporary file is removed at once (a full
/// disk gets its space back before the load ends), and later writes and
/// [`Writer::finish`] return the first error.
pub struct Writer {
    path: PathBuf,
    /// The temporary file and its writer; `None` once a write failed.
    out: Option<(AtomicFile, BufWriter<std::fs::File>)>,
    /// Why the write failed.
    failed: Option<std::io::Error>,
    at: u64,
    /// Bytes the file may grow to: a disk with only so much room, for
    /// the tests of a write that runs out of space.
    room: u64,
}

impl Writer {
    /// Starts the cache file at `path`.
    pub fn new(path: &Path) -> std::io::Result<Writer> {
        Writer::with_room(path, u64::MAX)
    }

    fn with_room(path: &Path, room: u64) -> std::io::Result<Writer> {
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        atomic::sweep(dir);
        let tmp = AtomicFile::create_in(dir)?;
        let w = BufWriter::with_capacity(1 << 20, tmp.reopen()?);
        let mut writer = Writer {
            path: path.to_path_buf(),
            out: Some((tmp, w)),
            failed: None,
            at: 0,
            room,
        };
        writer.put(&[0u8; HEADER])?;
        Ok(writer)
    }

    /// Whether a write failed: nothing more is written.
    pub fn failed(&self) -> bool {
        self.failed.is_some()
    }

    /// Appends one source's text blob ([`text_blob`]); returns its place
    /// for [`Blob::Written`].
    pub fn add(&mut self, bytes: &[u8]) -> std::io::Result<Blob> {
        let (at, len, hash) = self.place(bytes)?;
        Ok(Blob::Written(at, len, hash))
    }

    /// Writes the blobs `records` still need and the outline, and renames
    /// the file into place.
    pub fn finish(mut self, records: &[Record<'_>]) -> std::io::Result<()> {
        let mut old = std::fs::File::open(&self.path)
            .ok()
            .and_then(|f| Some((f.metadata().ok()?.len(), f)));
        let mut kept = 0u32;
        let mut scratch = Vec::new();
        let mut written = Vec::with_capacity(records.len() * 256);
        for r in records {
            let place = match r.blob {
                Blob::Written(at, len, hash) => (at, len, hash),
                Blob::Missing => MISSING,
                Blob::Entries => {
                    scratch.clear();
                    encode_blocks(r.entries, &mut scratch);
                    self.place(&scratch)?
                }
                Blob::Old(o, len, hash) => {
                    let ok = old.as_mut().is_some_and(|(size, f)| {
                        read_blob(f, *size, (o, len, hash), &mut scratch, true)
                    });
                    if !ok {
                        continue;
                    }
                    self.place(&scratch)?
                }
            };
            encode_record(r, place, &mut written);
            kept += 1;
        }
        let mut outline = Vec::with_capacity(written.len() + 4);
        put_u32(&mut outline, kept);
        outline.extend_from_slice(&written);
        let outline_at = self.at;
        self.put(&outline)?;
        let mut header = Vec::with_capacity(HEADER);
        header.extend_from_slice(MAGIC);
        put_u32(&mut header, VERSION);
        put_u64(&mut header, fingerprint());
        put_u64(&mut header, outline_at);
        put_u64(&mut header, outline.len() as u64);
        put_u64(&mut header, xxhash_rust::xxh3::xxh3_64(&outline));
        let Some((tmp, mut w)) = self.out.take() else {
            return Err(copy_error(self.failed.as_ref()));
        };
        // On an error the temporary file is dropped, which removes it.
        w.seek(SeekFrom::Start(0))?;
        w.write_all(&header)?;
        w.flush()?;
        drop(w);
        tmp.commit(&self.path)
    }

    fn place(&mut self, bytes: &[u8]) -> std::io::Result<(u64, u64, u64)> {
        let place = (
            self.at,
            bytes.len() as u64,
            xxhash_rust::xxh3::xxh3_64(bytes),
        );
        self.put(bytes)?;
        Ok(place)
    }

    /// Appends `bytes`; after a failure, removes the temporary file.
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let end = self.at.saturating_add(bytes.len() as u64);
        let written = match &mut self.out {
            None => return Err(copy_error(self.failed.as_ref())),
            Some(_) if end > self.room => Err(std::io::ErrorKind::StorageFull.into()),
            Some((_, w)) => w.write_all(bytes),
        };
        match written {
            Ok(()) => {
                self.at = end;
                Ok(())
            }
            Err(e) => {
                self.failed = Some(e);
                // Dropping the temporary file removes it.
                self.out = None;
                Err(copy_error(self.failed.as_ref()))
            }
        }
    }
}

/// The first error of a failed write, again (an `io::Error` is not `Clone`).
fn copy_error(failed: Option<&std::io::Error>) -> std::io::Error {
    match failed {
        Some(e) => std::io::Error::new(e.kind(), e.to_string()),
        None => std::io::Error::other("cache file already written"),
    }
}

fn text_len(e: &Entry) -> usize {
    e.blocks.iter().map(|b| b.text().len() + 5).sum::<usize>() + 4
}

/// Sources whose text is read together.
const RUN: usize = 64;
/// A run whose text spans more than this is read source by source.
const MAX_RUN_BYTES: u64 = 64 << 20;

/// Fills the entries of a run of sources (in file order) from their blobs,
/// read in one go; per source, whether its text was sound.
fn read_run(
    file: &mut std::fs::File,
    size: u64,
    run: &mut [(String, Cached)],
    buf: &mut Vec<u8>,
) -> Vec<bool> {
    let valid = |&(at, len, _): &(u64, u64, u64)| at.checked_add(len).is_some_and(|e| e <= size);
    let places = run.iter().map(|(_, c)| c.blob).filter(valid);
    let from = places.clone().map(|b| b.0).min().unwrap_or(0);
    let to = places.map(|b| b.0 + b.1).max().unwrap_or(0);
    let span = to.saturating_sub(from);
    let whole = span <= MAX_RUN_BYTES && read_blob(file, size, (from, span, 0), buf, false);
    let mut one = Vec::new();
    run.iter_mut()
        .map(|(_, c)| {
            let (at, len, hash) = c.blob;
            if !valid(&c.blob) {
                return false;
            }
            let start = usize::try_from(at - from).unwrap_or(usize::MAX);
            let in_run = usize::try_from(len)
                .ok()
                .and_then(|len| buf.get(start..start.checked_add(len)?));
            let bytes = match in_run {
                Some(bytes) if whole => bytes,
                _ if read_blob(file, size, c.blob, &mut one, false) => &one[..],
                _ => return false,
            };
            xxhash_rust::xxh3::xxh3_64(bytes) == hash && fill_blocks(bytes, c)
        })
        .collect()
}

/// Reads the bytes at `at..at + len`, checked against `hash` when `check`;
/// `false` if they are missing or damaged.
fn read_blob(
    file: &mut std::fs::File,
    size: u64,
    (at, len, hash): (u64, u64, u64),
    out: &mut Vec<u8>,
    check: bool,
) -> bool {
    if at.checked_add(len).is_none_or(|end| end > size) {
        return false;
    }
    let Ok(len) = usize::try_from(len) else {
        return false;
    };
    out.clear();
    out.resize(len, 0);
    file.seek(SeekFrom::Start(at)).is_ok()
        && file.read_exact(out).is_ok()
        && (!check || xxhash_rust::xxh3::xxh3_64(out) == hash)
}

/// [`ready`] for the parse cache file at `path`, as a load warning.
pub(crate) fn ready_warning(path: &Path) -> Result<(), Warning> {
    ready(path, Want::File).map_err(|b| cache_warning(&b))
}

/// The path of the warning of a cache that cannot be used: it is printed
/// as `warning: cache: PATH: why; working without a cache`.
pub const WARNING_PATH: &str = "cache";

/// The load warning that the cache of `what` cannot be used or written.
pub(crate) fn cache_warning(what: &dyn std::fmt::Display) -> Warning {
    Warning {
        path: WARNING_PATH.to_string(),
        message: format!("{what}; working without a cache"),
    }
}

/// The load warning that the parse cache at `path` could not be written.
pub(crate) fn write_warning(path: &Path, e: &std::io::Error) -> Warning {
    cache_warning(&format_args!("{}: cannot be written ({e})", path.display()))
}

/// Keeps the first of equal cache warnings: a problem of the cache root
/// is every folder's, and is said once.
pub(crate) fn said_once(warnings: &mut Vec<Warning>) {
    let mut seen = std::collections::HashSet::new();
    warnings.retain(|w| w.path != WARNING_PATH || seen.insert(w.message.clone()));
}

// ---- encoding ----

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, u32::try_from(s.len()).unwrap_or(u32::MAX));
    out.extend_from_slice(s.as_bytes());
}

fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

fn block_tag(b: &Block) -> u8 {
    match b {
        Block::Paragraph(_) => 0,
        Block::Heading(_) => 1,
        Block::Caption(_) => 2,
        Block::AuthorNote(_) => 3,
    }
}

fn block_of(tag: u8, text: String) -> Option<Block> {
    Some(match tag {
        0 => Block::Paragraph(text),
        1 => Block::Heading(text),
        2 => Block::Caption(text),
        3 => Block::AuthorNote(text),
        _ => return None,
    })
}

fn encode_blocks(entries: &[Entry], out: &mut Vec<u8>) {
    for e in entries {
        put_u32(out, u32::try_from(e.blocks.len()).unwrap_or(u32::MAX));
        for b in &e.blocks {
            out.push(block_tag(b));
            put_str(out, b.text());
        }
    }
}

fn encode_record(r: &Record<'_>, (at, len, hash): (u64, u64, u64), out: &mut Vec<u8>) {
    put_str(out, r.source);
    put_u64(out, r.stamp.size);
    out.extend_from_slice(&r.stamp.mtime_ns.to_le_bytes());
    out.extend_from_slice(&r.stamp.ctime_ns.to_le_bytes());
    put_u64(out, at);
    put_u64(out, len);
    put_u64(out, hash);
    put_u32(out, u32::try_from(r.warnings.len()).unwrap_or(u32::MAX));
    for w in r.warnings {
        put_str(out, &w.message);
    }
    put_u32(out, u32::try_from(r.entries.len()).unwrap_or(u32::MAX));
    for e in r.entries {
        put_str(out, &e.id);
        put_str(out, &e.title);
        put_opt_str(out, e.author.as_deref());
        match e.date {
            Some(d) => {
                out.push(1);
                out.extend_from_slice(&chrono::Datelike::num_days_from_ce(&d).to_le_bytes());
            }
            None => out.push(0),
        }
        out.push(match e.kind {
            Kind::Article => 0,
            Kind::Excerpt => 1,
        });
        match &e.page {
            Some(p) => {
                out.push(1);
                put_u32(out, p.part);
                put_u32(out, p.of);
            }
            None => out.push(0),
        }
        put_u32(out, e.words);
        let outline: Vec<&Block> = e
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Heading(_) | Block::Caption(_)))
            .collect();
        put_u32(out, u32::try_from(outline.len()).unwrap_or(u32::MAX));
        for b in outline {
            out.push(block_tag(b));
            put_str(out, b.text());
        }
    }
}

// ---- decoding (never panics: every read is checked) ----

struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8]) -> Self {
        Reader { b }
    }

    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.b.len() {
            return None;
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Some(head)
    }

    fn u8(&mut self) -> Option<u8> {
        Some(self.bytes(1)?[0])
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.bytes(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.bytes(8)?.try_into().ok()?))
    }

    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.bytes(16)?.try_into().ok()?))
    }

    fn str(&mut self) -> Option<String> {
        let n = self.u32()? as usize;
        let s = simdutf8::basic::from_utf8(self.bytes(n)?).ok()?;
        Some(s.to_string())
    }

    fn opt_str(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }

    /// A count of items that each take at least `min` bytes: bounded by
    /// what is left, so a damaged count cannot make us allocate much.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.saturating_mul(min) <= self.b.len()).then_some(n)
    }
}

fn decode_outline(b: &[u8]) -> Option<HashMap<String, Cached>> {
    let mut r = Reader::new(b);
    let n = r.count(76)?;
    let mut files = HashMap::with_capacity(n);
    for _ in 0..n {
        let source = r.str()?;
        let stamp = Stamp {
            size: r.u64()?,
            mtime_ns: r.u128()?,
            ctime_ns: r.u128()?,
        };
        let blob = (r.u64()?, r.u64()?, r.u64()?);
        let nw = r.count(4)?;
        let warnings = (0..nw).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
        let ne = r.count(20)?;
        let mut entries = Vec::with_capacity(ne);
        for _ in 0..ne {
            entries.push(decode_entry(&mut r, &source)?);
        }
        files.insert(
            source,
            Cached {
                stamp,
                entries,
                warnings,
                blob,
            },
        );
    }
    r.b.is_empty().then_some(files)
}

fn decode_entry(r: &mut Reader<'_>, source: &str) -> Option<Entry> {
    let id = r.str()?;
    let title = r.str()?;
    let author = r.opt_str()?;
    let date = match r.u8()? {
        0 => None,
        1 => {
            let days = i32::from_le_bytes(r.bytes(4)?.try_into().ok()?);
            Some(NaiveDate::from_num_days_from_ce_opt(days)?)
        }
        _ => return None,
    };
    let kind = match r.u8()? {
        0 => Kind::Article,
        1 => Kind::Excerpt,
        _ => return None,
    };
    let page = match r.u8()? {
        0 => None,
        1 => Some(PageRef {
            source: source.to_string(),
            part: r.u32()?,
            of: r.u32()?,
        }),
        _ => return None,
    };
    let words = r.u32()?;
    let nb = r.count(5)?;
    let mut blocks = Vec::with_capacity(nb);
    for _ in 0..nb {
        let tag = r.u8()?;
        blocks.push(block_of(tag, r.str()?)?);
    }
    Some(Entry {
        id,
        title,
        author,
        date,
        kind,
        source: source.to_string(),
        page,
        blocks,
        words,
    })
}

/// Replaces each entry's outline with every block from its text blob.
fn fill_blocks(blob: &[u8], c: &mut Cached) -> bool {
    let mut r = Reader::new(blob);
    let mut all = Vec::with_capacity(c.entries.len());
    for _ in 0..c.entries.len() {
        let Some(n) = r.count(5) else { return false };
        let mut blocks = Vec::with_capacity(n);
        for _ in 0..n {
            let Some(b) = r.u8().zip(r.str()).and_then(|(t, s)| block_of(t, s)) else {
                return false;
            };
            blocks.push(b);
        }
        all.push(blocks);
    }
    if !r.b.is_empty() {
        return false;
    }
    for (e, blocks) in c.entries.iter_mut().zip(all) {
        e.blocks = blocks;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::atomic::tests::names;
    use crate::cache::root::Blocked;
    use crate::load::{BUILTIN, parse_bytes};

    /// A source, its entries and its warnings.
    type Parsed = (String, Vec<Entry>, Vec<Warning>);

    /// The built-in files' parse, as records with made-up stamps.
    fn parsed() -> Vec<Parsed> {
        let mut files: Vec<_> = BUILTIN.files().collect();
        files.sort_by_key(|f| f.path());
        let mut out: Vec<_> = files
            .iter()
            .map(|f| {
                let source = f.path().display().to_string();
                let (e, w) = parse_bytes(&source, f.contents());
                (source, e, w)
            })
            .collect();
        out.push((
            "bad.bin".into(),
            Vec::new(),
            vec![Warning {
                path: "bad.bin".into(),
                message: "skipped: binary file (not text)".into(),
            }],
        ));
        out
    }

    fn stamp(i: usize) -> Stamp {
        Stamp {
            size: 1000 + i as u64,
            mtime_ns: 1_700_000_000_000_000_000 + i as u128,
            ctime_ns: 1_700_000_000_000_000_000 + 2 * i as u128,
        }
    }

    fn write_all(path: &Path, files: &[(String, Vec<Entry>, Vec<Warning>)]) {
        let records: Vec<Record<'_>> = files
            .iter()
            .enumerate()
            .map(|(i, (s, e, w))| Record {
                source: s,
                stamp: stamp(i),
                entries: e,
                warnings: w,
                blob: Blob::Entries,
            })
            .collect();
        write(path, &records).unwrap();
    }

    /// A folder with a cache file of the built-in files' parse: the
    /// folder, the file and what it holds.
    fn written() -> (tempfile::TempDir, PathBuf, Vec<Parsed>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin");
        let files = parsed();
        write_all(&path, &files);
        (dir, path, files)
    }

    #[test]
    fn a_cache_reads_back_what_was_written() {
        let (_dir, path, files) = written();
        let full = read(&path, true).unwrap();
        let outline = read(&path, false).unwrap();
        assert_eq!(full.len(), files.len());
        for (i, (source, entries, warnings)) in files.iter().enumerate() {
            let c = &full[source];
            assert_eq!(c.stamp, stamp(i));
            assert_eq!(&c.entries, entries, "{source}");
            let msgs: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
            assert_eq!(c.warnings, msgs);
            let o = &outline[source];
            for (a, b) in o.entries.iter().zip(entries) {
                assert_eq!(
                    (&a.id, &a.title, a.words, a.date),
                    (&b.id, &b.title, b.words, b.date)
                );
                assert!(a.sections().eq(b.sections()) && a.captions().eq(b.captions()));
                assert!(a.first_paragraph().is_none());
            }
        }
    }

    #[test]
    fn old_blobs_are_copied_into_a_new_cache() {
        let (_dir, path, files) = written();
        // Rewrite from an outline read: the text comes from the old file.
        let outline = read(&path, false).unwrap();
        let records: Vec<Record<'_>> = files
            .iter()
            .map(|(s, _, w)| {
                let c = &outline[s];
                Record {
                    source: s,
                    stamp: c.stamp,
                    entries: &c.entries,
                    warnings: w,
                    blob: old_blob(c),
                }
            })
            .collect();
        write(&path, &records).unwrap();
        let full = read(&path, true).unwrap();
        for (source, entries, _) in &files {
            assert_eq!(&full[source].entries, entries);
        }
    }

    #[test]
    fn text_is_read_in_runs_and_a_damaged_blob_costs_only_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin");
        // More sources than one run reads, so several runs share the work.
        let base = parsed();
        let files: Vec<_> = (0..RUN * 3 + 7)
            .map(|i| {
                let (s, e, w) = &base[i % base.len()];
                (format!("{i:04}-{s}"), e.clone(), w.clone())
            })
            .collect();
        write_all(&path, &files);
        let full = read(&path, true).unwrap();
        assert_eq!(full.len(), files.len());
        let blocks = |e: &[Entry]| e.iter().map(|e| e.blocks.clone()).collect::<Vec<_>>();
        for (source, entries, _) in &files {
            assert_eq!(blocks(&full[source].entries), blocks(entries), "{source}");
        }
        // Damage the text of a source in the middle of the second run.
        let victim = &files[RUN + RUN / 2].0;
        let (at, _, _) = full[victim].blob;
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[at as usize + 2] ^= 0x55;
        std::fs::write(&path, &bytes).unwrap();
        let full = read(&path, true).unwrap();
        assert_eq!(full.len(), files.len() - 1);
        assert!(!full.contains_key(victim));
        for (source, entries, _) in files.iter().filter(|f| &f.0 != victim) {
            assert_eq!(blocks(&full[source].entries), blocks(entries), "{source}");
        }
    }

    #[test]
    fn damage_is_never_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.bin");
        assert!(!usable(&path), "no file");
        write_all(&path, &parsed());
        assert!(usable(&path));
        let good = std::fs::read(&path).unwrap();
        let outline_at = u64::from_le_bytes(good[20..28].try_into().unwrap()) as usize;
        // A flipped byte in the outline: nothing is used.
        let mut bad = good.clone();
        bad[outline_at + 10] ^= 0x55;
        std::fs::write(&path, &bad).unwrap();
        assert!(read(&path, false).is_none() && read(&path, true).is_none());
        // A flipped byte in the first blob: that file alone is parsed again.
        let mut bad = good.clone();
        bad[HEADER + 3] ^= 0x55;
        std::fs::write(&path, &bad).unwrap();
        let outline = read(&path, false).unwrap();
        let full = read(&path, true).unwrap();
        assert_eq!(full.len() + 1, outline.len());
        // Written by a binary with another parser: nothing is used.
        let mut other = good.clone();
        other[12] ^= 1;
        std::fs::write(&path, &other).unwrap();
        assert!(read(&path, false).is_none());
        assert!(!usable(&path));
        // Truncated, empty, other magic or version: nothing is used.
        for bytes in [
            &good[..good.len() - 1],
            &good[..HEADER],
            &[][..],
            b"HLPARSE\0\x09\0\0\0",
        ] {
            std::fs::write(&path, bytes).unwrap();
            assert!(read(&path, true).is_none(), "{} bytes", bytes.len());
        }
    }

    #[test]
    fn a_write_that_runs_out_of_room_leaves_the_old_cache_and_no_temporary() {
        let (dir, path, files) = written();
        let before = std::fs::read(&path).unwrap();
        // Room for the first blobs, not for all of them.
        let mut w = Writer::with_room(&path, 4096).unwrap();
        let blobs: Vec<_> = files.iter().map(|(_, e, _)| text_blob(e)).collect();
        let failed = blobs
            .iter()
            .map(|b| w.add(b))
            .find_map(Result::err)
            .unwrap();
        assert_eq!(failed.kind(), std::io::ErrorKind::StorageFull);
        assert!(w.failed());
        let only_the_cache = std::collections::BTreeSet::from(["c.bin".to_string()]);
        assert_eq!(
            names(dir.path()),
            only_the_cache,
            "the temporary is gone at once"
        );
        let again = w.add(&blobs[0]).unwrap_err();
        assert_eq!(again.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(w.finish(&[]).unwrap_err().kind(), again.kind());
        // Room for every blob but not the outline.
        let size: u64 = blobs.iter().map(|b| b.len() as u64).sum::<u64>() + HEADER as u64;
        let mut w = Writer::with_room(&path, size).unwrap();
        for b in &blobs {
            w.add(b).unwrap();
        }
        let records: Vec<Record<'_>> = files
            .iter()
            .map(|(s, e, w)| Record {
                source: s,
                stamp: stamp(0),
                entries: e,
                warnings: w,
                blob: Blob::Entries,
            })
            .collect();
        assert!(w.finish(&records).is_err());
        assert_eq!(names(dir.path()), only_the_cache);
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "the old cache stands"
        );
    }

    #[test]
    fn a_folder_at_the_cache_path_is_removed_only_if_it_holds_only_ours() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("parsed-0000000000000000.bin");
        let blocked = |why| {
            Err(Blocked {
                path: path.clone(),
                why,
            })
        };
        assert_eq!(ready(&path, Want::File), Ok(()), "nothing there");
        // Ours: empty folders, parse caches, temporaries.
        std::fs::create_dir_all(path.join("a/b")).unwrap();
        std::fs::write(path.join("parsed-1.bin"), b"").unwrap();
        std::fs::write(
            path.join(format!("{}1-x", crate::cache::atomic::TEMP_PREFIX)),
            b"",
        )
        .unwrap();
        assert_eq!(ready(&path, Want::File), Ok(()));
        assert!(!path.exists());
        // Not ours: left alone.
        std::fs::create_dir_all(path.join("a")).unwrap();
        std::fs::write(path.join("a/notes.txt"), b"mine").unwrap();
        let folder = "is a folder, not a cache file";
        assert_eq!(ready(&path, Want::File), blocked(folder));
        assert!(path.join("a/notes.txt").is_file());
        assert_eq!(ready(&path, Want::Folder), Ok(()));
        std::fs::remove_dir_all(&path).unwrap();
        // A pipe would block a read for ever: it is not opened.
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(ready(&path, Want::File), blocked("is not a regular file"));
            let (tx, rx) = std::sync::mpsc::channel();
            let pipe = path.clone();
            std::thread::spawn(move || tx.send((usable(&pipe), read(&pipe, true).is_none())));
            let waited = rx.recv_timeout(std::time::Duration::from_secs(10));
            assert_eq!(waited, Ok((false, true)), "a read of a pipe returns");
            std::fs::remove_file(&path).unwrap();
        }
        // A file where a folder goes, and a root that is a file.
        std::fs::write(&path, b"").unwrap();
        assert_eq!(
            ready(&path, Want::Folder),
            blocked("is a file, not a cache folder")
        );
        let below = path.join("parsed-1.bin");
        assert_eq!(
            ready(&below, Want::File),
            blocked("is a file, not a cache folder")
        );
    }

    proptest::proptest! {
        #[test]
        fn reading_arbitrary_bytes_never_panics(
            bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
            keep_header in proptest::bool::ANY,
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("c.bin");
            let mut data = bytes;
            if keep_header {
                let mut h = MAGIC.to_vec();
                h.extend_from_slice(&VERSION.to_le_bytes());
                h.extend_from_slice(&fingerprint().to_le_bytes());
                h.extend_from_slice(&(HEADER as u64).to_le_bytes());
                h.extend_from_slice(&(data.len() as u64).to_le_bytes());
                h.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(&data).to_le_bytes());
                h.append(&mut data);
                data = h;
            }
            std::fs::write(&path, &data).unwrap();
            let _ = read(&path, true);
            let _ = read(&path, false);
        }
    }
}
