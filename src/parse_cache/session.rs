//! One folder's parse cache during one load ([`FolderCache`]): what the
//! old file held, which of it the load takes, and when and how the new
//! file is written. The loader only asks it for a file's cached parse and
//! hands it what it parsed; the policy is here.
//!
//! - With no old file and the full text wanted, every parsed file's text
//!   is streamed into the new file as it is parsed ([`Writer`]), so none of
//!   it waits in memory for the end of the load.
//! - Otherwise the new file is written at the end, and only when the load
//!   found something the old file does not say: a file parsed afresh, or
//!   a cached file that is gone. An outline load keeps the old text blobs
//!   of unchanged files and keeps none for the files it parsed (a listing
//!   does not pay for writing the archive's text).
//! - A write that fails costs only time: the next load parses again, and
//!   this one says why in a warning.

use super::writer::{Blob, Record, Writer, old_blob, text_blob, write};
use super::{Cached, Stamp, write_warning};
use crate::model::{Entry, Text, Warning};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// How the new cache file gets written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Writing {
    /// Streamed during the load (see the module doc).
    Streamed,
    /// Whole at the end, if anything changed.
    AtTheEnd,
}

/// One folder's parse cache during a load (see the module doc). Shared by
/// the load's workers.
pub struct FolderCache {
    path: PathBuf,
    text: Text,
    /// What the old file held and the load has not taken yet.
    old: Mutex<HashMap<String, Cached>>,
    writing: Writing,
    /// The streamed file; `None` once it could not be started.
    writer: Mutex<Option<Writer>>,
}

/// What the new cache file holds for one source file, as the loader has
/// it: its stamp, what it parsed into, and the blob [`FolderCache`] gave
/// it (`None`: the loader's entries hold its text, or hold none).
pub struct Kept<'a> {
    pub source: &'a str,
    pub stamp: Stamp,
    pub entries: &'a [Entry],
    pub warnings: &'a [Warning],
    pub blob: Option<Blob>,
}

impl FolderCache {
    /// The cache at `path` for a load keeping `text`, with what its old
    /// file held (`None`: no old file, or one not fit to use).
    pub fn new(path: PathBuf, old: Option<HashMap<String, Cached>>, text: Text) -> FolderCache {
        // A stream that cannot be started leaves the write to the end,
        // which says why it fails.
        let writer = match (&old, text) {
            (None, Text::Full) => Writer::new(&path).ok(),
            _ => None,
        };
        let writing = match writer {
            Some(_) => Writing::Streamed,
            None => Writing::AtTheEnd,
        };
        FolderCache {
            path,
            text,
            old: Mutex::new(old.unwrap_or_default()),
            writing,
            writer: Mutex::new(writer),
        }
    }

    /// The cached parse of `source` if the file still has the `stamp` it
    /// had when cached, with the blob its record keeps.
    pub fn lookup(&self, source: &str, stamp: Stamp) -> Option<(Cached, Option<Blob>)> {
        let mut old = self.old.lock().unwrap_or_else(PoisonError::into_inner);
        let c = old.remove(source).filter(|c| c.stamp == stamp)?;
        // A full load's entries hold the text; an outline's do not, and
        // the record keeps pointing at the old blob.
        let blob = (self.text == Text::Outline).then(|| old_blob(&c));
        Some((c, blob))
    }

    /// Takes the text of a file parsed afresh: written at once when the
    /// file is streamed (its blob), else `None` (the entries are written
    /// at the end, or an outline keeps no text).
    pub fn keep(&self, entries: &[Entry]) -> Option<Blob> {
        if self.writing != Writing::Streamed || self.text != Text::Full {
            return None;
        }
        let lock = || self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        if lock().as_ref().is_none_or(Writer::failed) {
            return None;
        }
        // Encoded outside the lock, so the workers only queue to write.
        let bytes = text_blob(entries);
        let mut writer = lock();
        // Disk full or the like: no cache this time (the writer keeps the
        // error for the end of the load and has removed its file).
        writer.as_mut()?.add(&bytes).ok()
    }

    /// Writes the new cache file if it is due (see the module doc), for
    /// `kept`, every source file the load read or took from the cache, in
    /// walk order; `fresh` says whether any was parsed afresh. A write that
    /// fails is a warning. (A streamed write that failed is not retried:
    /// the disk is likely full.)
    pub fn finish(self, kept: &[Kept<'_>], fresh: bool) -> Result<(), Warning> {
        let gone = !self
            .old
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty();
        let records = || -> Vec<Record<'_>> {
            kept.iter()
                .map(|k| Record {
                    source: k.source,
                    stamp: k.stamp,
                    entries: k.entries,
                    warnings: k.warnings,
                    blob: match (&k.blob, self.text) {
                        (Some(b), _) => b.clone(),
                        (None, Text::Full) => Blob::Entries,
                        (None, Text::Outline) => Blob::Missing,
                    },
                })
                .collect()
        };
        let writer = self
            .writer
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let written = match (self.writing, writer) {
            (Writing::Streamed, Some(w)) => w.finish(&records()),
            (Writing::AtTheEnd, _) if gone || fresh => write(&self.path, &records()),
            (Writing::Streamed, None) | (Writing::AtTheEnd, _) => Ok(()),
        };
        written.map_err(|e| write_warning(&self.path, &e))
    }
}
