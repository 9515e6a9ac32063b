//! Reading a parse cache file: the header and outline checked, then (for
//! a full load) each source's text on every core, in runs of
//! sources in file order so a cache the page cache dropped is read front
//! to back.

use super::Cached;
use super::format::{HEADER, decode_header, decode_outline, fill_blocks};
use crate::cache::root::open_file;
use crate::load::Text;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// Reads the cache file: per source, its cached parse. With `Text::Full`, each
/// entry gets every block from the text blobs; a source whose blob is
/// missing or damaged is left out (it is parsed again). `None` when there
/// is no cache or its outline cannot be trusted.
pub fn read(path: &Path, text: Text) -> Option<HashMap<String, Cached>> {
    let (mut file, (at, len, hash)) = open(path)?;
    let size = file.metadata().ok()?.len();
    let mut outline = Vec::new();
    if !read_blob(
        &mut file,
        size,
        (at, len, hash),
        &mut outline,
        HashCheck::Now,
    ) {
        return None;
    }
    let files = decode_outline(&outline)?;
    if text == Text::Outline {
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

/// How many files the cache file holds, read from the front of its
/// outline without checking it (a hint for a progress bar: a few bytes
/// read, where the whole outline is megabytes). `None` if this binary did
/// not write it.
pub fn files_in(path: &Path) -> Option<usize> {
    let (mut file, (at, _, _)) = open(path)?;
    file.seek(SeekFrom::Start(at)).ok()?;
    let mut count = [0u8; 4];
    file.read_exact(&mut count).ok()?;
    Some(u32::from_le_bytes(count) as usize)
}

/// Opens the cache file if this binary wrote it (its header's magic,
/// version and parser fingerprint are ours); the file and where its outline
/// is (offset, length, hash).
pub(super) fn open(path: &Path) -> Option<(std::fs::File, (u64, u64, u64))> {
    let mut file = open_file(path).ok()?;
    let mut header = [0u8; HEADER];
    file.read_exact(&mut header).ok()?;
    Some((file, decode_header(&header)?))
}

/// Sources whose text is read together.
pub(super) const RUN: usize = 64;

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
    let whole =
        span <= MAX_RUN_BYTES && read_blob(file, size, (from, span, 0), buf, HashCheck::ByCaller);
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
                _ if read_blob(file, size, c.blob, &mut one, HashCheck::ByCaller) => &one[..],
                _ => return false,
            };
            xxhash_rust::xxh3::xxh3_64(bytes) == hash && fill_blocks(bytes, c)
        })
        .collect()
}

/// Who checks the bytes [`read_blob`] reads against their hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HashCheck {
    /// `read_blob` does.
    Now,
    /// The caller does, per blob: the bytes are a run of several.
    ByCaller,
}

/// Reads the bytes at `at..at + len`, checked against `hash` if `check`
/// says so; `false` if they are missing or damaged.
pub(super) fn read_blob(
    file: &mut std::fs::File,
    size: u64,
    (at, len, hash): (u64, u64, u64),
    out: &mut Vec<u8>,
    check: HashCheck,
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
        && (check == HashCheck::ByCaller || xxhash_rust::xxh3::xxh3_64(out) == hash)
}
