//! Loading an archive: the embedded corpus plus any number of user folders,
//! read, decoded and parsed in parallel.
//!
//! A load never fails because of one file: unreadable, binary or empty files,
//! symlink loops and parser complaints become [`Warning`]s naming the file,
//! and everything else loads. Only a missing root folder or a cancel stop it.

use crate::archive::Archive;
use crate::decode::decode;
use crate::id;
use crate::model::{Entry, Warning};
use crate::parse;
use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

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
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            builtin: true,
            folders: Vec::new(),
        }
    }
}

/// Why a load stopped.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{0}: no such file or folder")]
    Missing(PathBuf),
    #[error("loading was cancelled")]
    Cancelled,
}

/// Shared progress of a running load, readable from another thread.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    cancel: AtomicBool,
}

impl Progress {
    /// Asks the load to stop as soon as it can.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Files done and files found so far.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// One file to read: where it is and what to call it.
struct Job {
    path: PathBuf,
    source: String,
}

/// Loads the archive described by `opts`.
pub fn load(opts: &LoadOptions, progress: &Progress) -> Result<Archive, LoadError> {
    let mut warnings = Vec::new();
    let mut jobs = Vec::new();
    for root in &opts.folders {
        if !root.exists() {
            return Err(LoadError::Missing(root.clone()));
        }
        collect_files(root, &mut jobs, &mut warnings, progress)?;
    }
    let builtin: Vec<&include_dir::File<'static>> = if opts.builtin {
        let mut files: Vec<_> = BUILTIN.files().collect();
        files.sort_by_key(|f| f.path());
        files
    } else {
        Vec::new()
    };
    progress
        .total
        .store(jobs.len() + builtin.len(), Ordering::Relaxed);

    let mut entries: Vec<Entry> = Vec::new();
    for f in builtin {
        let source = format!("{BUILTIN_PREFIX}{}", f.path().display());
        let out = parse_bytes(&source, f.contents());
        entries.extend(out.0);
        warnings.extend(out.1);
        progress.done.fetch_add(1, Ordering::Relaxed);
    }

    let results: Vec<(Vec<Entry>, Vec<Warning>)> = jobs
        .par_iter()
        .map(|job| {
            if progress.is_cancelled() {
                return (Vec::new(), Vec::new());
            }
            let out = match std::fs::read(&job.path) {
                Ok(bytes) => parse_bytes(&job.source, &bytes),
                Err(e) => (
                    Vec::new(),
                    vec![warn(&job.source, format!("cannot read: {e}"))],
                ),
            };
            progress.done.fetch_add(1, Ordering::Relaxed);
            out
        })
        .collect();
    if progress.is_cancelled() {
        return Err(LoadError::Cancelled);
    }
    for (e, w) in results {
        entries.extend(e);
        warnings.extend(w);
    }
    Ok(assemble(entries, warnings))
}

/// Sorts into a deterministic order, makes ids unique and builds the archive.
pub fn assemble(mut entries: Vec<Entry>, warnings: Vec<Warning>) -> Archive {
    entries.sort_by(|a, b| {
        a.source.cmp(&b.source).then_with(|| {
            a.page
                .as_ref()
                .map(|p| p.part)
                .cmp(&b.page.as_ref().map(|p| p.part))
        })
    });
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

/// Decodes and parses one file's bytes; problems become warnings.
pub fn parse_bytes(source: &str, bytes: &[u8]) -> (Vec<Entry>, Vec<Warning>) {
    match decode(bytes) {
        Ok(decoded) => {
            let out = parse::parse_document(source, &decoded.text, id::content_hash(bytes));
            let warnings = out.warnings.into_iter().map(|m| warn(source, m)).collect();
            (out.entries, warnings)
        }
        Err(e) => (Vec::new(), vec![warn(source, format!("skipped: {e}"))]),
    }
}

fn warn(path: &str, message: String) -> Warning {
    Warning {
        path: path.to_string(),
        message,
    }
}

/// Walks `root` (a folder, recursively, or a single file), following symlinks
/// but reporting loops, and skipping hidden files and folders.
fn collect_files(
    root: &Path,
    jobs: &mut Vec<Job>,
    warnings: &mut Vec<Warning>,
    progress: &Progress,
) -> Result<(), LoadError> {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for item in walker {
        if progress.is_cancelled() {
            return Err(LoadError::Cancelled);
        }
        match item {
            Ok(e) if e.file_type().is_file() => jobs.push(Job {
                source: e.path().display().to_string(),
                path: e.into_path(),
            }),
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(root).display().to_string();
                let reason = if e.loop_ancestor().is_some() {
                    "skipped: symlink loop".to_string()
                } else {
                    match e.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => format!("cannot read: {e}"),
                    }
                };
                warnings.push(warn(&path, reason));
            }
        }
    }
    Ok(())
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|s| s.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn missing_folder_is_an_error() {
        let opts = LoadOptions {
            builtin: false,
            folders: vec!["/no/such/dir/x".into()],
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
        let opts = LoadOptions {
            builtin: false,
            folders: vec![dir.path().into()],
        };
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
        let opts = LoadOptions {
            builtin: false,
            folders: vec![dir.path().into()],
        };
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
            },
            &Progress::default(),
        )
        .unwrap();
        let both = load(
            &LoadOptions {
                builtin: true,
                folders: vec![two.path().into(), one.path().into()],
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
