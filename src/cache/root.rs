//! What a path in the cache root must be before a cache is read or
//! written there: a regular file where a cache file goes (a named pipe
//! would block a read for ever), a folder where an index folder goes. A
//! path of the wrong kind that holds only what the caches write is
//! replaced; anything else of the user's is left alone and the cache goes
//! without it this run.

use super::atomic::{sweep, temp_pid};
use std::path::{Path, PathBuf};

/// Opens a cache file to read it, if it is a regular file: opening a
/// named pipe put in its place would wait for a writer for ever.
pub(crate) fn open_file(path: &Path) -> std::io::Result<std::fs::File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    std::fs::File::open(path)
}

/// What a cache path must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Want {
    /// A regular file (the parse cache).
    File,
    /// A folder (an index folder).
    Folder,
}

/// A cache path that is not what the cache needs and is not ours to
/// replace: the cache goes without it this run, and says so once.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {why}", path.display())]
pub struct Blocked {
    pub path: PathBuf,
    pub why: &'static str,
}

/// Gets the cache root of `path` ready for a cache at `path`: sweeps the
/// root's leftover temporaries ([`sweep`]) and, where a file goes, removes
/// a folder that holds only files the caches write (nothing of the user's
/// is lost). `Err` when the root or `path` is of the wrong kind and not
/// ours to replace.
pub(crate) fn ready(path: &Path, want: Want) -> Result<(), Blocked> {
    let blocked = |path: &Path, why| {
        Err(Blocked {
            path: path.to_path_buf(),
            why,
        })
    };
    if let Some(root) = path.parent().filter(|r| !r.as_os_str().is_empty()) {
        match std::fs::metadata(root) {
            Ok(m) if !m.is_dir() => return blocked(root, "is a file, not a cache folder"),
            Ok(_) => sweep(root),
            Err(_) => {}
        }
    }
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(());
    };
    match want {
        Want::Folder if meta.is_dir() => Ok(()),
        Want::Folder => blocked(path, "is a file, not a cache folder"),
        Want::File if meta.is_file() => Ok(()),
        Want::File if meta.is_dir() && only_ours(path, 0) => std::fs::remove_dir_all(path)
            .or_else(|_| blocked(path, "is a folder, not a cache file, and cannot be removed")),
        Want::File if meta.is_dir() => blocked(path, "is a folder, not a cache file"),
        Want::File => blocked(path, "is not a regular file"),
    }
}

/// Whether the folder `dir` holds nothing but files the caches write
/// (parse caches and temporaries) and folders that hold only those.
fn only_ours(dir: &Path, depth: usize) -> bool {
    let Ok(items) = std::fs::read_dir(dir) else {
        return false;
    };
    depth < 4
        && items.into_iter().all(|item| {
            let Ok(item) = item else { return false };
            let name = item.file_name();
            let name = name.to_string_lossy();
            match item.file_type() {
                Ok(t) if t.is_dir() => only_ours(&item.path(), depth + 1),
                Ok(t) if t.is_file() => {
                    temp_pid(&name).is_some()
                        || (name.starts_with("parsed-") && name.ends_with(".bin"))
                }
                _ => false,
            }
        })
}
