//! Loading an archive: the embedded corpus plus any number of user folders,
//! read, decoded and parsed in parallel.
//!
//! A load never fails because of one file: unreadable, binary or empty files,
//! symlink loops and parser complaints become [`Warning`]s naming the file,
//! and everything else loads. Only a missing root folder or a cancel stop it.
//!
//! This module holds the options, the load of the embedded corpus, the
//! parse of one file's bytes and the assembly of the archive; `folder`
//! walks and reads one user folder (with its parse cache) and `reread`
//! gives an outline entry its text again from its file.

use crate::archive::Archive;
use crate::decode::{DecodeError, Sniff, decode_after};
use crate::formats::{self, Format, Route, Sniffed};
use crate::id;
pub use crate::model::Text;
use crate::model::{Block, Entry, Warning};
use crate::parse;
use crate::parse_cache;
use crate::read::{self, ReadLimit};
use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;

/// The HotLine corpus, compiled into the binary.
pub static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/archive");

/// Prefix of the `source` of built-in entries.
pub const BUILTIN_PREFIX: &str = "builtin/";

/// What to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// Include the embedded HotLine corpus.
    pub builtin: bool,
    /// Folders (read recursively) or single files.
    pub folders: Vec<PathBuf>,
    /// How much of each entry to keep (see [`Text`]).
    pub text: Text,
    /// The per-user cache root: each folder's parse is kept there and
    /// reused while its files are unchanged (see [`crate::parse_cache`]).
    /// `None` parses every file on every load.
    pub cache: Option<PathBuf>,
    /// How much of one file may be read: bigger files are skipped with a
    /// warning (see [`crate::read`]).
    pub limit: ReadLimit,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            builtin: true,
            folders: Vec::new(),
            text: Text::Full,
            cache: None,
            limit: ReadLimit::default(),
        }
    }
}

/// Why a load stopped.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: no such file or folder", crate::model::escape_controls(&.0.display().to_string()))]
    Missing(PathBuf),
    #[error("loading was cancelled")]
    Cancelled,
}

/// Shared progress of a running load, readable from another thread.
pub use crate::progress::{Progress, Snapshot, Stage};

mod file;
mod folder;
mod reread;

/// What one file produced: its entries and warnings.
pub(crate) type ItemOutput = (Vec<Entry>, Vec<Warning>);

use folder::{Walked, read_folder, system_warning, walk_folder};
pub(crate) use reread::reread_source;
pub use reread::with_text;

/// Loads the archive described by `opts`.
///
/// Every folder is walked first ([`Stage::Finding`]), so the number of
/// files is known before any is read and stays put while they are
/// ([`Stage::Reading`]): the walk is a small part of a load (0.1 s of
/// 100,000 files). The files are then read, decoded and parsed on rayon's
/// workers; results are put back in walk order, so warnings come out in
/// the same order on every run.
pub fn load(opts: &LoadOptions, progress: &Progress) -> Result<Archive, LoadError> {
    if let Some(root) = opts.folders.iter().find(|r| !r.exists()) {
        return Err(LoadError::Missing(root.clone()));
    }
    let mut walks = Vec::with_capacity(opts.folders.len());
    for root in &opts.folders {
        walks.push(match read::system_path(root) {
            Some(system) => Walk::Refused(system_warning(root, system)),
            None => Walk::Found(walk_folder(root, opts, progress)?),
        });
    }
    let builtin = if opts.builtin {
        builtin_files()
    } else {
        Vec::new()
    };
    progress.add_total(builtin.len());
    progress.enter(Stage::Reading);
    let mut entries: Vec<Entry> = Vec::new();
    let mut warnings = Vec::new();
    let mut stamps = HashMap::new();
    let mut paths = HashMap::new();
    load_builtin(&builtin, &mut entries, &mut warnings, opts.text, progress);
    for walk in walks {
        let walked = match walk {
            Walk::Refused(warning) => {
                warnings.push(warning);
                continue;
            }
            Walk::Found(walked) => walked,
        };
        let folder = read_folder(walked, opts, progress)?;
        for (e, w) in folder.loaded {
            entries.extend(e);
            warnings.extend(w);
        }
        warnings.extend(folder.skipped);
        stamps.extend(folder.stamps);
        paths.extend(folder.paths);
    }
    parse_cache::said_once(&mut warnings);
    Ok(assemble(entries, warnings)
        .with_file_stamps(stamps)
        .with_file_paths(paths)
        .with_roots(opts.folders.clone())
        .with_text_kept(opts.text))
}

/// One root of a load after the walk.
enum Walk<'a> {
    /// A system folder, never walked: its warning.
    Refused(Warning),
    Found(Walked<'a>),
}

/// Whether every folder of `opts` has a parse cache this binary can read
/// (its files may have changed since): an outline load then reads
/// outlines instead of parsing files.
pub fn cached(opts: &LoadOptions) -> bool {
    opts.cache
        .as_deref()
        .is_some_and(|root| parse_cache::usable_for_all(root, &opts.folders))
}

/// The embedded corpus's files, in path order.
fn builtin_files() -> Vec<&'static include_dir::File<'static>> {
    let mut files: Vec<_> = BUILTIN.files().collect();
    files.sort_by_key(|f| f.path());
    files
}

fn load_builtin(
    files: &[&include_dir::File<'static>],
    entries: &mut Vec<Entry>,
    warnings: &mut Vec<Warning>,
    text: Text,
    progress: &Progress,
) {
    for f in files {
        let source = format!("{BUILTIN_PREFIX}{}", f.path().display());
        let (mut e, w) = parse_bytes(&source, f.contents());
        if text == Text::Outline {
            e.iter_mut().for_each(keep_outline);
        }
        entries.extend(e);
        warnings.extend(w);
        progress.advance();
    }
}

/// Drops all but the section headings and captions (see
/// [`Text::Outline`]); the word count stays that of the whole text.
pub(crate) fn keep_outline(e: &mut Entry) {
    e.blocks.retain(Block::is_outline);
    e.blocks.shrink_to_fit();
}

/// Sorts into a deterministic order, makes ids unique and builds the archive.
pub fn assemble(mut entries: Vec<Entry>, warnings: Vec<Warning>) -> Archive {
    // Source and part are unique, so an unstable sort is deterministic;
    // a walk in file-name order usually leaves nothing to sort.
    let part = |e: &Entry| e.page.as_ref().map(|p| p.part);
    let order = |a: &Entry, b: &Entry| a.source.cmp(&b.source).then_with(|| part(a).cmp(&part(b)));
    if !entries.is_sorted_by(|a, b| order(a, b).is_le()) {
        entries.par_sort_unstable_by(order);
    }
    let mut ids: Vec<String> = entries
        .iter_mut()
        .map(|e| std::mem::take(&mut e.id))
        .collect();
    id::make_unique(&mut ids);
    for (e, id) in entries.iter_mut().zip(ids) {
        e.id = id;
    }
    Archive::new(entries, warnings)
}

/// Decodes and parses one file's bytes in the format its name (and, where
/// the name is not enough, its first bytes) says; problems become
/// warnings, and a file that is not an article gives one saying so.
pub fn parse_bytes(source: &str, bytes: &[u8]) -> (Vec<Entry>, Vec<Warning>) {
    let sniffed = match formats::route(source) {
        Route::Read(format) => Sniffed::Read(format),
        Route::Sniff => formats::sniff(source, bytes),
        Route::NotArticle(ext) => Sniffed::NotArticle(ext),
    };
    match sniffed {
        Sniffed::Read(format) => parse_as(format, source, bytes, Sniff::Needed),
        Sniffed::NotArticle(ext) => {
            let message = format!("skipped: not an article ({ext})");
            (Vec::new(), vec![warn(source, message)])
        }
    }
}

/// Parses one file's bytes as `format`; `sniffed` says whether the reader
/// already judged them text.
pub(crate) fn parse_as(
    format: Format,
    source: &str,
    bytes: &[u8],
    sniffed: Sniff,
) -> (Vec<Entry>, Vec<Warning>) {
    let hash = id::content_hash(bytes);
    let out = match format {
        Format::Epub => formats::epub::parse(source, bytes, hash),
        Format::Wxr => formats::wxr::parse_reader(source, bytes),
        Format::Text | Format::Html | Format::Markdown | Format::Json => {
            let decoded = match decode_after(bytes, sniffed) {
                Ok(d) => d,
                Err(e) => return (Vec::new(), vec![skipped(source, &e)]),
            };
            let text = &decoded.text;
            match format {
                Format::Json => formats::json::parse(source, text),
                Format::Markdown => formats::markdown::parse(source, text, hash),
                Format::Html => formats::html::parse(source, text, hash),
                // A page saved without an extension is still a page.
                _ if formats::looks_like_html(text) => formats::html::parse(source, text, hash),
                _ => parse::parse_document(source, text, hash),
            }
        }
    };
    let warnings = out.warnings.into_iter().map(|m| warn(source, m)).collect();
    (out.entries, warnings)
}

pub(crate) fn skipped(source: &str, e: &DecodeError) -> Warning {
    warn(source, format!("skipped: {e}"))
}

pub(crate) fn warn(path: &str, message: String) -> Warning {
    Warning {
        path: path.to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::Stamp;
    use std::path::Path;

    #[test]
    fn builtin_loads_without_warnings() {
        let a = load(&LoadOptions::default(), &Progress::default()).unwrap();
        assert!(a.warnings().is_empty(), "{:?}", a.warnings());
        assert!(
            a.entries()
                .iter()
                .all(|e| e.source.starts_with(BUILTIN_PREFIX))
        );
        assert_eq!(BUILTIN.files().count(), 5);
    }

    #[test]
    fn an_outline_load_keeps_everything_but_the_text() {
        let full = load(&LoadOptions::default(), &Progress::default()).unwrap();
        let opts = LoadOptions {
            text: Text::Outline,
            cache: None,
            ..LoadOptions::default()
        };
        let outline = load(&opts, &Progress::default()).unwrap();
        assert_eq!(full.len(), outline.len());
        for (f, o) in full.entries().iter().zip(outline.entries()) {
            assert_eq!((&f.id, &f.title, f.words), (&o.id, &o.title, o.words));
            assert!(f.sections().eq(o.sections()), "{}", f.id);
            assert!(f.captions().eq(o.captions()), "{}", f.id);
            assert!(o.first_paragraph().is_none(), "{}", o.id);
            assert!(f.first_paragraph().is_some(), "{}", f.id);
        }
        assert!(outline.entries().iter().any(|e| e.sections().count() > 0));
    }

    /// A full load of `dir` alone, without a cache.
    fn only(dir: &Path) -> LoadOptions {
        LoadOptions {
            builtin: false,
            folders: vec![dir.into()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        }
    }

    /// Everything a load shows, for comparing loads.
    fn shown(a: &Archive) -> (Vec<Entry>, Vec<String>) {
        let w = a.warnings().iter().map(ToString::to_string).collect();
        (a.entries().to_vec(), w)
    }

    #[test]
    fn a_cached_load_is_the_same_as_a_fresh_one_and_follows_changes() {
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(docs.path().join(name), text).unwrap();
        write("a.txt", "By Jane Doe\n\nFirst text here.\n\nMay 1, 2009");
        write("b.txt", "Same Title\nBy John Roe\n\nSecond text.");
        write("c.txt", "Same Title\nBy John Roe\n\nSecond text.");
        write("d.txt", "");
        let opts = |text: Text, cache_dir: Option<&Path>| LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text,
            cache: cache_dir.map(Path::to_path_buf),
            ..LoadOptions::default()
        };
        let fresh = |text| shown(&load(&opts(text, None), &Progress::default()).unwrap());
        let cached =
            |text| shown(&load(&opts(text, Some(cache.path())), &Progress::default()).unwrap());
        let cache_file = parse_cache::cache_file(cache.path(), docs.path());
        // Outline first (writes the cache), then full and outline from it.
        assert_eq!(cached(Text::Outline), fresh(Text::Outline));
        assert!(cache_file.exists());
        // The outline load kept no text; the full load fills it in.
        let with_text = || parse_cache::read(&cache_file, Text::Full).map(|m| m.len());
        assert_eq!(with_text(), Some(0));
        assert_eq!(cached(Text::Full), fresh(Text::Full));
        assert_eq!(with_text(), Some(4));
        assert_eq!(cached(Text::Outline), fresh(Text::Outline));
        // The same text twice: the second id gets a suffix, and loses it
        // when the first copy goes (the cache keeps the parser's ids).
        assert!(fresh(Text::Full).0.iter().any(|e| e.id.ends_with("-2")));
        // A changed file (new size and time), a removed one and a new one.
        write(
            "a.txt",
            "By Jane Doe\n\nFirst text, now longer than before.",
        );
        std::fs::remove_file(docs.path().join("c.txt")).unwrap();
        write("e.txt", "By Ann Poe\n\nFifth text.");
        assert_eq!(cached(Text::Full), fresh(Text::Full));
        assert_eq!(cached(Text::Outline), fresh(Text::Outline));
        assert!(!cached(Text::Full).0.iter().any(|e| e.id.ends_with("-2")));
        let titles: Vec<String> = fresh(Text::Full).0.into_iter().map(|e| e.title).collect();
        assert!(
            titles
                .iter()
                .any(|t| t.starts_with("First text, now longer"))
        );
        // Same size, modification time set back: still seen (on Unix the
        // status-change time moved on).
        if cfg!(unix) {
            let path = docs.path().join("e.txt");
            let before = std::fs::metadata(&path).unwrap().modified().unwrap();
            write("e.txt", "By Ann Poe\n\nFifth TEXT.");
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(before).unwrap();
            drop(f);
            assert_eq!(cached(Text::Full), fresh(Text::Full));
            assert!(
                cached(Text::Outline)
                    .0
                    .iter()
                    .any(|e| e.title == "Fifth TEXT")
            );
        }
        // A damaged cache is not trusted.
        std::fs::write(&cache_file, b"garbage").unwrap();
        assert_eq!(cached(Text::Full), fresh(Text::Full));
        assert_eq!(cached(Text::Outline), fresh(Text::Outline));
    }

    #[test]
    fn a_first_full_load_streams_the_text_into_the_cache() {
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        for i in 0..40 {
            let text = format!("Title {i}\nBy Jane Doe\n\nText number {i}.\n\nMore text.");
            std::fs::write(docs.path().join(format!("{i:02}.txt")), text).unwrap();
        }
        std::fs::write(docs.path().join("bad.dat"), [0u8, 1, 2]).unwrap();
        let opts = |cache_dir: Option<&Path>| LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text: Text::Full,
            cache: cache_dir.map(Path::to_path_buf),
            ..LoadOptions::default()
        };
        let fresh = shown(&load(&opts(None), &Progress::default()).unwrap());
        let first = shown(&load(&opts(Some(cache.path())), &Progress::default()).unwrap());
        assert_eq!(first, fresh);
        let file = parse_cache::cache_file(cache.path(), docs.path());
        let kept = parse_cache::read(&file, Text::Full).unwrap();
        assert_eq!(
            kept.len(),
            41,
            "every file, the binary one with its warning"
        );
        let again = shown(&load(&opts(Some(cache.path())), &Progress::default()).unwrap());
        assert_eq!(again, fresh);
        let outline = LoadOptions {
            text: Text::Outline,
            ..opts(Some(cache.path()))
        };
        let without_cache = LoadOptions {
            text: Text::Outline,
            ..opts(None)
        };
        assert_eq!(
            shown(&load(&outline, &Progress::default()).unwrap()),
            shown(&load(&without_cache, &Progress::default()).unwrap())
        );
        // Nothing but the cache file is left in the cache folder.
        assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_load_with_a_cache_records_what_each_file_was_when_read() {
        let dir = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "By Jane Doe\n\nAlpha text.").unwrap();
        std::fs::write(dir.path().join("b.txt"), "By John Roe\n\nBravo.").unwrap();
        let mut opts = LoadOptions {
            builtin: true,
            folders: vec![dir.path().into()],
            text: Text::Full,
            cache: Some(cache.path().into()),
            ..LoadOptions::default()
        };
        for _ in 0..2 {
            // Parsed, then from the cache: the same stamps.
            let a = load(&opts, &Progress::default()).unwrap();
            for name in ["a.txt", "b.txt"] {
                let path = dir.path().join(name);
                let meta = std::fs::metadata(&path).unwrap();
                let st = a.file_stamp(&path.display().to_string()).unwrap();
                assert_eq!(st, Stamp::of(&meta));
            }
            let builtin = &a
                .entries()
                .iter()
                .find(|e| e.source.starts_with(BUILTIN_PREFIX));
            assert!(a.file_stamp(&builtin.unwrap().source).is_none());
        }
        // Without a cache, files are not stat'ed.
        opts.cache = None;
        let a = load(&opts, &Progress::default()).unwrap();
        assert!(
            a.file_stamp(&dir.path().join("a.txt").display().to_string())
                .is_none()
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_unchanged_folder_does_not_rewrite_its_cache() {
        use std::os::unix::fs::MetadataExt;
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        std::fs::write(docs.path().join("a.txt"), "By Jane Doe\n\nText.").unwrap();
        // A symlink loop: a warning on every walk, not a change.
        std::os::unix::fs::symlink(docs.path(), docs.path().join("loop")).unwrap();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text: Text::Full,
            cache: Some(cache.path().into()),
            ..LoadOptions::default()
        };
        let file = parse_cache::cache_file(cache.path(), docs.path());
        let first = load(&opts, &Progress::default()).unwrap();
        let inode = std::fs::metadata(&file).unwrap().ino();
        let second = load(&opts, &Progress::default()).unwrap();
        assert_eq!(shown(&first), shown(&second));
        assert_eq!(second.warnings().len(), 1);
        assert_eq!(std::fs::metadata(&file).unwrap().ino(), inode, "rewritten");
    }

    #[test]
    fn an_unusable_cache_root_changes_nothing_but_is_said_once() {
        let docs = tempfile::tempdir().unwrap();
        std::fs::write(docs.path().join("a.txt"), "By Jane Doe\n\nText.").unwrap();
        let not_a_dir = docs.path().join("a.txt");
        let opts = LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text: Text::Full,
            cache: Some(not_a_dir),
            ..LoadOptions::default()
        };
        let a = load(&opts, &Progress::default()).unwrap();
        assert_eq!(a.len(), 1);
        let said: Vec<String> = a.warnings().iter().map(|w| w.to_string()).collect();
        let why = format!(
            "cache: {}: is a file, not a cache folder; working without a cache",
            docs.path().join("a.txt").display()
        );
        assert_eq!(said, std::slice::from_ref(&why));
        // Two folders under the same root: still said once.
        let other = tempfile::tempdir().unwrap();
        let opts = LoadOptions {
            folders: vec![docs.path().into(), other.path().into()],
            ..opts
        };
        let a = load(&opts, &Progress::default()).unwrap();
        let said: Vec<String> = a.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(said, [why]);
    }

    #[test]
    fn progress_counts_every_file_and_warnings_follow_walk_order() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", "c.txt"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let sub = dir.path().join("d");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("e.txt"), "By Jane Doe\n\nSome text.").unwrap();
        let opts = only(dir.path());
        let progress = Progress::default();
        let a = load(&opts, &progress).unwrap();
        let seen = progress.snapshot();
        assert_eq!((seen.stage, seen.done, seen.total), (Stage::Reading, 4, 4));
        assert_eq!(a.len(), 1);
        let names: Vec<&str> = a
            .warnings()
            .iter()
            .map(|w| &w.path[w.path.len() - 5..])
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.txt"]);
    }

    /// Regression: the total grew with the count, one file at a time as
    /// each was read, so a progress bar always looked full.
    #[test]
    fn the_total_is_known_before_any_file_is_read_and_stays_put() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..1000 {
            let sub = dir.path().join(format!("{:02}", i % 20));
            std::fs::create_dir_all(&sub).unwrap();
            let text = format!("Title {i}\nBy Jane Doe\n\nText number {i}.");
            std::fs::write(sub.join(format!("{i:03}.txt")), text).unwrap();
        }
        let cache = tempfile::tempdir().unwrap();
        let opts = LoadOptions {
            builtin: true,
            cache: Some(cache.path().into()),
            ..only(dir.path())
        };
        let total = 1000 + BUILTIN.files().count();
        // A first load (parsing), then a reload from the parse cache; the
        // first is slow enough to be seen mid-read even on a busy machine.
        let mut mid_read = 0;
        for expected in [0, 1000] {
            let progress = Progress::default();
            let seen = std::thread::scope(|s| {
                let loading = s.spawn(|| load(&opts, &progress));
                let mut seen = Vec::new();
                while !loading.is_finished() {
                    seen.push(progress.snapshot());
                }
                loading.join().unwrap().unwrap();
                seen
            });
            let reading: Vec<_> = seen.iter().filter(|s| s.stage == Stage::Reading).collect();
            mid_read += reading.iter().filter(|s| s.done < s.total).count();
            assert!(reading.iter().all(|s| s.total == total), "{reading:?}");
            let last = progress.snapshot();
            assert_eq!(
                (last.stage, last.done, last.total),
                (Stage::Reading, total, total)
            );
            // The reload knew from the cache what its walk would find.
            assert_eq!(last.expected, expected);
        }
        assert!(mid_read > 0, "never seen mid-read");
    }

    #[test]
    fn a_cancelled_load_stops_with_an_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Some text.").unwrap();
        let progress = Progress::default();
        progress.cancel();
        let opts = only(dir.path());
        assert!(matches!(load(&opts, &progress), Err(LoadError::Cancelled)));
    }

    #[test]
    fn missing_folder_is_an_error() {
        let opts = LoadOptions {
            builtin: false,
            folders: vec!["/no/such/dir/x".into()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        };
        assert!(matches!(
            load(&opts, &Progress::default()),
            Err(LoadError::Missing(_))
        ));
    }

    #[test]
    fn bad_files_become_warnings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("good.txt"),
            "By Jane Doe\n\nHello there.\n\nMay 1, 2009",
        )
        .unwrap();
        std::fs::write(dir.path().join("empty.txt"), "").unwrap();
        std::fs::write(dir.path().join("bin.dat"), [0u8, 1, 2, 3, 0, 0]).unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "Hidden text.").unwrap();
        let opts = only(dir.path());
        let a = load(&opts, &Progress::default()).unwrap();
        assert_eq!(a.len(), 1);
        let msgs: Vec<String> = a.warnings().iter().map(|w| w.to_string()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("empty.txt") && m.contains("empty"))
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("bin.dat") && m.contains("binary"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        std::fs::write(sub.join("a.txt"), "Some text here.").unwrap();
        std::os::unix::fs::symlink(dir.path(), sub.join("loop")).unwrap();
        let opts = only(dir.path());
        let a = load(&opts, &Progress::default()).unwrap();
        assert_eq!(a.len(), 1);
        assert!(
            a.warnings()
                .iter()
                .any(|w| w.message.contains("symlink loop")),
            "{:?}",
            a.warnings()
        );
    }

    /// Loads `opts` on another thread, failing the test instead of hanging
    /// it if the load blocks.
    fn load_within(opts: &LoadOptions, secs: u64) -> Archive {
        let (tx, rx) = std::sync::mpsc::channel();
        let opts = opts.clone();
        std::thread::spawn(move || {
            let _ = tx.send(load(&opts, &Progress::default()));
        });
        let waited = rx.recv_timeout(std::time::Duration::from_secs(secs));
        waited.expect("the load hung").expect("the load failed")
    }

    #[cfg(unix)]
    #[test]
    fn hostile_files_are_skipped_with_a_warning_and_the_rest_loads() {
        use std::os::unix::fs::{MetadataExt, symlink};
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let p = |name: &str| docs.path().join(name);
        std::fs::write(p("good.txt"), "By Jane Doe\n\nThe only article.").unwrap();
        // 8 GB on paper and nothing on disk: reading it whole took 16 GB.
        std::fs::File::create(p("big.txt"))
            .unwrap()
            .set_len(8 << 30)
            .unwrap();
        let fifo = std::process::Command::new("mkfifo").arg(p("pipe")).status();
        assert!(fifo.unwrap().success());
        let _socket = std::os::unix::net::UnixListener::bind(p("sock")).unwrap();
        symlink("/proc/self", p("procself")).unwrap();
        symlink("/dev/null", p("null")).unwrap();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            cache: Some(cache.path().into()),
            ..LoadOptions::default()
        };
        let cache_file = parse_cache::cache_file(cache.path(), docs.path());
        let mut inode = None;
        for _ in 0..2 {
            let a = load_within(&opts, 30);
            assert_eq!(a.len(), 1);
            let said = |name: &str, what: &str| {
                a.warnings()
                    .iter()
                    .any(|w| w.path.ends_with(name) && w.message.contains(what))
            };
            assert!(
                said("big.txt", "larger than the 64 MB limit (8 GB"),
                "{:?}",
                a.warnings()
            );
            assert!(said("pipe", "a FIFO (named pipe), not a regular file"));
            assert!(said("sock", "a socket, not a regular file"));
            assert!(said("null", "leads into /dev"));
            assert!(said("procself", "leads into /proc"));
            assert_eq!(a.warnings().len(), 5, "{:?}", a.warnings());
            // Refusals are no change: the cache is written once.
            let now = std::fs::metadata(&cache_file).unwrap().ino();
            assert_eq!(*inode.get_or_insert(now), now, "cache rewritten");
        }
        // A larger limit reads the file the smaller one refused.
        std::fs::File::create(p("big.txt"))
            .unwrap()
            .set_len(100)
            .unwrap();
        let small = LoadOptions {
            limit: ReadLimit { max_bytes: 99 },
            ..opts.clone()
        };
        assert_eq!(load_within(&small, 30).warnings().len(), 5);
        let warnings = load_within(&opts, 30).warnings().to_vec();
        assert!(
            warnings
                .iter()
                .any(|w| w.path.ends_with("big.txt") && w.message.contains("binary"))
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_system_folder_is_never_walked() {
        for root in ["/proc/self", "/proc/kmsg", "/sys", "/dev"] {
            let opts = LoadOptions {
                builtin: false,
                folders: vec![root.into()],
                ..LoadOptions::default()
            };
            let a = load_within(&opts, 30);
            assert_eq!(a.len(), 0, "{root}");
            assert_eq!(a.warnings().len(), 1, "{root}: {:?}", a.warnings());
            assert!(a.warnings()[0].message.contains("the system's own files"));
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_name_that_is_not_unicode_keeps_its_text_on_an_outline_reload() {
        use std::os::unix::ffi::OsStrExt;
        let docs = tempfile::tempdir().unwrap();
        let cache = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(docs.path().join(name), "Title Two\n\nText two body.").unwrap();
        let opts = |text| LoadOptions {
            builtin: false,
            folders: vec![docs.path().into()],
            text,
            cache: Some(cache.path().into()),
            ..LoadOptions::default()
        };
        let full = load(&opts(Text::Full), &Progress::default()).unwrap();
        assert!(full.entries()[0].source.ends_with("caf\u{fffd}.txt"));
        let outline = load(&opts(Text::Outline), &Progress::default()).unwrap();
        assert!(!outline.has_text());
        let entry = with_text(&outline, 0).unwrap();
        assert_eq!(entry.first_paragraph(), Some("Text two body."));
    }

    #[test]
    fn ids_do_not_change_when_other_folders_are_added() {
        let one = tempfile::tempdir().unwrap();
        let two = tempfile::tempdir().unwrap();
        std::fs::write(one.path().join("a.txt"), "By Jane Doe\n\nFirst text.").unwrap();
        std::fs::write(two.path().join("b.txt"), "By John Roe\n\nSecond text.").unwrap();
        let alone = load(
            &LoadOptions {
                builtin: true,
                folders: vec![one.path().into()],
                text: Text::Full,
                cache: None,
                ..LoadOptions::default()
            },
            &Progress::default(),
        )
        .unwrap();
        let both = load(
            &LoadOptions {
                builtin: true,
                folders: vec![two.path().into(), one.path().into()],
                text: Text::Full,
                cache: None,
                ..LoadOptions::default()
            },
            &Progress::default(),
        )
        .unwrap();
        for e in alone.entries() {
            assert!(
                both.by_id(&e.id).is_some_and(|x| x.source == e.source),
                "{}",
                e.id
            );
        }
    }
}
