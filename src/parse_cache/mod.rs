//! What a user folder parsed into, kept in the per-user cache so the next
//! load of the unchanged files reads it back instead of parsing them again.
//!
//! One file per folder (`parsed-<hash of the folder's path>.bin`), written
//! through a temporary file and a rename, so it is never half-written
//! (its bytes in `format`, reading in `read`, writing in `writer`, and
//! when a load takes from it and writes it in [`FolderCache`]):
//!
//! - a header: magic, [`VERSION`], the parser's fingerprint, and the
//!   offset, length and xxh3 hash of the outline;
//! - the text: per source file one blob with every block of its entries,
//!   found by offset and checked by its own hash (an outline load
//!   that parsed a file keeps no text for it: the next full load
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

mod format;
mod read;
mod session;
mod writer;

pub use crate::cache::Stamp;
pub use read::{files_in, read};
pub use session::{FolderCache, Kept};
pub use writer::{Blob, Record, Writer, text_blob, write};

use crate::cache::fingerprint;
use crate::cache::root::{Want, ready};
use crate::model::{Entry, Warning};
use std::path::{Path, PathBuf};

/// Bumped whenever this format changes.
pub const VERSION: u32 = 4;

/// A hash of the source of everything that decides what a file parses
/// into, as compiled into this binary: any change to the parser makes the
/// caches written before it unusable, without anyone having to remember to
/// bump a version.
pub fn fingerprint() -> u64 {
    static SOURCES: &[&str] = &[
        include_str!("../parse/mod.rs"),
        include_str!("../parse/body.rs"),
        include_str!("../parse/byline.rs"),
        include_str!("../parse/caption.rs"),
        include_str!("../parse/date.rs"),
        include_str!("../parse/header.rs"),
        include_str!("../parse/lines.rs"),
        include_str!("../parse/teaser.rs"),
        include_str!("../parse/title.rs"),
        include_str!("../decode.rs"),
        include_str!("../id.rs"),
        include_str!("../model.rs"),
        include_str!("../load/mod.rs"),
        include_str!("../load/folder.rs"),
        include_str!("../load/reread.rs"),
        include_str!("../read.rs"),
        include_str!("mod.rs"),
        include_str!("format.rs"),
        include_str!("read.rs"),
        include_str!("writer.rs"),
        include_str!("../cache/stamp.rs"),
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
    pub(super) blob: (u64, u64, u64),
}

/// The cache file of a folder.
pub fn cache_file(cache_root: &Path, folder: &Path) -> PathBuf {
    let abs = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(abs.display().to_string().as_bytes());
    cache_root.join(format!("parsed-{key:016x}.bin"))
}

/// Whether the cache file exists and was written by this binary's parser
/// (a quick look at its header; its contents are checked when read).
pub fn usable(path: &Path) -> bool {
    read::open(path).is_some()
}

/// Whether `folders` is not empty and each has a cache file in
/// `cache_root` that [`usable`] accepts.
pub fn usable_for_all(cache_root: &Path, folders: &[PathBuf]) -> bool {
    !folders.is_empty() && folders.iter().all(|f| usable(&cache_file(cache_root, f)))
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

#[cfg(test)]
mod tests {
    use super::format::{HEADER, MAGIC};
    use super::read::RUN;
    use super::writer::{old_blob, text_blob};
    use super::*;
    use crate::cache::atomic::tests::names;
    use crate::cache::root::Blocked;
    use crate::load::Text;
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
        let full = read(&path, Text::Full).unwrap();
        let outline = read(&path, Text::Outline).unwrap();
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
        let outline = read(&path, Text::Outline).unwrap();
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
        let full = read(&path, Text::Full).unwrap();
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
        let full = read(&path, Text::Full).unwrap();
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
        let full = read(&path, Text::Full).unwrap();
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
        assert!(read(&path, Text::Outline).is_none() && read(&path, Text::Full).is_none());
        // A flipped byte in the first blob: that file alone is parsed again.
        let mut bad = good.clone();
        bad[HEADER + 3] ^= 0x55;
        std::fs::write(&path, &bad).unwrap();
        let outline = read(&path, Text::Outline).unwrap();
        let full = read(&path, Text::Full).unwrap();
        assert_eq!(full.len() + 1, outline.len());
        // Written by a binary with another parser: nothing is used.
        let mut other = good.clone();
        other[12] ^= 1;
        std::fs::write(&path, &other).unwrap();
        assert!(read(&path, Text::Outline).is_none());
        assert!(!usable(&path));
        // Truncated, empty, other magic or version: nothing is used.
        for bytes in [
            &good[..good.len() - 1],
            &good[..HEADER],
            &[][..],
            b"HLPARSE\0\x09\0\0\0",
        ] {
            std::fs::write(&path, bytes).unwrap();
            assert!(read(&path, Text::Full).is_none(), "{} bytes", bytes.len());
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
            std::thread::spawn(move || tx.send((usable(&pipe), read(&pipe, Text::Full).is_none())));
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
            let _ = read(&path, Text::Full);
            let _ = read(&path, Text::Outline);
        }
    }
}
