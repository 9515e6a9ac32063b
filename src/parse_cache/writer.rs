//! Writing a parse cache file: what it holds per source ([`Record`], its
//! text from where it is ([`Blob`])), and the [`Writer`] that streams
//! text blobs during a first load and puts the file in place whole.

use super::format::{HEADER, MAGIC, encode_blocks, encode_record, put_u32, put_u64};
use super::read::{HashCheck, read_blob};
use super::{Cached, VERSION, fingerprint};
use crate::cache::Stamp;
use crate::cache::atomic::{self, AtomicFile};
use crate::model::{Entry, Warning};
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

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
    /// Not kept (an outline load that parsed the file): a full load
    /// parses the file again.
    Missing,
}

/// The blob place that stands for [`Blob::Missing`].
pub(super) const MISSING: (u64, u64, u64) = (u64::MAX, 0, 0);

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

    pub(super) fn with_room(path: &Path, room: u64) -> std::io::Result<Writer> {
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
                        read_blob(f, *size, (o, len, hash), &mut scratch, HashCheck::Now)
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
pub(super) fn copy_error(failed: Option<&std::io::Error>) -> std::io::Error {
    match failed {
        Some(e) => std::io::Error::new(e.kind(), e.to_string()),
        None => std::io::Error::other("cache file already written"),
    }
}

fn text_len(e: &Entry) -> usize {
    e.blocks.iter().map(|b| b.text().len() + 5).sum::<usize>() + 4
}
