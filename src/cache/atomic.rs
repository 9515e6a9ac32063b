//! Writing a cache file whole or not at all, and sweeping what a writer
//! that was killed left.
//!
//! Every temporary file or folder either cache writes is named
//! `.hotline-tmp-<pid>-<random>`, `<pid>` being the writing process's id,
//! and sits in the folder of what it becomes: renamed into place once
//! written, removed at once when dropped unfinished, and otherwise
//! (a process killed or a power loss) removed by [`sweep`] in the next
//! process that opens the cache root. Nothing is synced before the rename:
//! a cache a crash damaged fails its hashes and is rebuilt, and a sync
//! would cost a load of a large folder seconds for no gain.

use std::path::Path;

/// The start of the name of every temporary the caches write.
pub(crate) const TEMP_PREFIX: &str = ".hotline-tmp-";

/// Where it cannot be told whether a process still runs, a temporary is
/// left over once it has not been written to for this long.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

fn builder(prefix: &str) -> tempfile::Builder<'_, 'static> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    b
}

fn prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// A temporary folder in `dir`, named as ours; removed when dropped.
pub(crate) fn temp_dir(dir: &Path) -> std::io::Result<tempfile::TempDir> {
    builder(&prefix()).tempdir_in(dir)
}

/// A file being written in place of another: a temporary in the target's
/// folder until [`AtomicFile::commit`] renames it over the target. Dropped
/// uncommitted, it removes itself.
pub(crate) struct AtomicFile {
    tmp: tempfile::NamedTempFile,
}

impl AtomicFile {
    /// Starts a file that will go in `dir`.
    pub(crate) fn create_in(dir: &Path) -> std::io::Result<AtomicFile> {
        Ok(AtomicFile {
            tmp: builder(&prefix()).tempfile_in(dir)?,
        })
    }

    /// Another handle to the temporary file, to write it through a buffer.
    pub(crate) fn reopen(&self) -> std::io::Result<std::fs::File> {
        self.tmp.reopen()
    }

    /// The temporary file's path (for the tests of its name).
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Renames the written file over `target` (which must be in the folder
    /// it was created in).
    pub(crate) fn commit(self, target: &Path) -> std::io::Result<()> {
        self.tmp.persist(target).map_err(|e| e.error)?;
        Ok(())
    }
}

/// Writes `bytes` to `path` through an [`AtomicFile`] beside it: `path`
/// holds either its old contents or all of `bytes`.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    put(path, bytes, Durability::Renamed)
}

/// [`write`], with the bytes on the disk before the rename: for what a
/// user would lose (saved settings), where a cache is only rebuilt.
pub fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    put(path, bytes, Durability::Synced)
}

/// What a write waits for before its rename.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Durability {
    /// Nothing: after a crash the file may be empty (caches check).
    Renamed,
    /// The bytes on the disk.
    Synced,
}

fn put(path: &Path, bytes: &[u8], durability: Durability) -> std::io::Result<()> {
    use std::io::Write;
    let file = AtomicFile::create_in(path.parent().unwrap_or(Path::new(".")))?;
    file.tmp.as_file().write_all(bytes)?;
    if durability == Durability::Synced {
        file.tmp.as_file().sync_all()?;
    }
    file.commit(path)
}

/// Whether `name` is a temporary of ours, and the id of its process.
pub(crate) fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?;
    rest.split_once('-')?.0.parse().ok()
}

/// Whether the process that wrote the temporary `item` may still be
/// writing it. On Linux, whether the process runs; elsewhere, whether the
/// temporary changed within [`STALE_AFTER`].
fn writer_may_run(pid: u32, item: &std::fs::DirEntry) -> bool {
    if cfg!(target_os = "linux") && Path::new("/proc/self").exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    item.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_none_or(|age| age < STALE_AFTER)
}

/// Removes from `dir` the temporaries of ours (files or folders) whose
/// process no longer runs. What cannot be removed stays for the next
/// time: the cache only saves time.
pub(crate) fn sweep(dir: &Path) {
    let Ok(items) = std::fs::read_dir(dir) else {
        return;
    };
    for item in items.flatten() {
        let name = item.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else {
            continue;
        };
        if writer_may_run(pid, &item) {
            continue;
        }
        let path = item.path();
        let _ = match item.file_type() {
            Ok(t) if t.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The id of a process that ran and is gone.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    /// The names in `dir`, sorted.
    pub(crate) fn names(dir: &Path) -> std::collections::BTreeSet<String> {
        let items = std::fs::read_dir(dir).unwrap().flatten();
        items
            .map(|i| i.file_name().to_string_lossy().into())
            .collect()
    }

    #[test]
    fn temporaries_of_processes_that_are_gone_are_swept_and_no_others() {
        let dir = tempfile::tempdir().unwrap();
        let dead = dead_pid();
        let live = std::process::id();
        let stale_dir = dir.path().join(format!("{TEMP_PREFIX}{dead}-b"));
        std::fs::create_dir_all(stale_dir.join("tantivy")).unwrap();
        for name in [
            format!("{TEMP_PREFIX}{dead}-a"),
            format!("{TEMP_PREFIX}{live}-a"),
            format!("{TEMP_PREFIX}x{dead}-a"),
            format!("{TEMP_PREFIX}{dead}"),
            ".tmpAbC123".to_string(),
            "parsed-0000000000000000.bin".to_string(),
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        sweep(dir.path());
        let kept = [
            format!("{TEMP_PREFIX}{live}-a"),
            format!("{TEMP_PREFIX}x{dead}-a"),
            format!("{TEMP_PREFIX}{dead}"),
            ".tmpAbC123".to_string(),
            "parsed-0000000000000000.bin".to_string(),
        ];
        assert_eq!(names(dir.path()), kept.into());
        // The writers' own temporaries are named so.
        let tmp = AtomicFile::create_in(dir.path()).unwrap();
        let staged = temp_dir(dir.path()).unwrap();
        for path in [tmp.path(), staged.path()] {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert_eq!(temp_pid(&name), Some(live), "{name}");
        }
    }

    #[test]
    fn an_atomic_write_replaces_whole_and_an_uncommitted_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.json");
        write(&path, b"old").unwrap();
        write(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        drop(AtomicFile::create_in(dir.path()).unwrap());
        assert_eq!(names(dir.path()), ["m.json".to_string()].into());
    }
}
