//! The hidden temporary files an export writes before renaming them into
//! place, and the clean-up of those that killed exports left behind.
//!
//! Temporary files are named `.hotline-export-<pid>-<random>.tmp`. An export
//! that dies without cleaning up (killed, or interrupted a second time)
//! leaves them behind; the next export into the same folder removes those
//! whose process no longer runs (Linux: no `/proc/<pid>`; every platform:
//! older than a day) and counts them in [`super::Written::stale_removed`].
//! A process in another PID namespace writing into the same folder looks
//! dead from here; exporting into one folder from two containers at once
//! is not supported.

use super::ExportError;
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};
use tempfile::NamedTempFile;

/// Prefix of the temporary files (hidden, and never a planned name, since
/// planned names never start with a dot).
pub(super) const TEMP_PREFIX: &str = ".hotline-export-";
/// Suffix of the temporary files.
pub(super) const TEMP_SUFFIX: &str = ".tmp";
/// Age after which a temporary file counts as abandoned even when its
/// process cannot be checked (no export runs that long).
const STALE_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// A new temporary file in `dir`, to become one exported file.
pub(super) fn temp_in(dir: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    // An exported file is an ordinary file (0666 less the umask), not
    // tempfile's private 0600: people share what they export.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Removes the temporary files in `dir` that earlier exports abandoned
/// (see the module doc); returns how many. Best effort: a file that cannot
/// be removed stays and is not counted.
pub(super) fn remove_stale_temps(dir: &Path) -> usize {
    let Ok(read) = std::fs::read_dir(dir) else {
        return 0;
    };
    let own = std::process::id();
    read.filter_map(Result::ok)
        .filter(|e| is_stale_temp(e, own))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// A regular file named like our temporary files whose process is gone or
/// which is older than [`STALE_AGE`]; never one of this process's own.
fn is_stale_temp(entry: &std::fs::DirEntry, own: u32) -> bool {
    let name = entry.file_name();
    let Some(rest) = name
        .to_str()
        .and_then(|n| n.strip_prefix(TEMP_PREFIX))
        .filter(|r| r.ends_with(TEMP_SUFFIX))
    else {
        return false;
    };
    // `DirEntry::metadata` does not follow links: only our own kind of file.
    let Ok(meta) = entry.metadata() else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let pid = rest
        .split_once('-')
        .and_then(|(p, _)| p.parse::<u32>().ok());
    if pid == Some(own) {
        return false;
    }
    let old = meta
        .modified()
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_some_and(|age| age > STALE_AGE);
    old || pid.is_some_and(process_is_gone)
}

/// True when no process with this id runs (as far as this platform can
/// tell cheaply; false when it cannot tell).
fn process_is_gone(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    {
        Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = pid;
        false
    }
}

/// Fails early, before any work, when the folder cannot take new files.
pub(super) fn probe(dir: &Path) -> Result<(), ExportError> {
    let tmp = temp_in(dir).map_err(|error| ExportError::Unwritable {
        path: dir.to_path_buf(),
        error,
    })?;
    tmp.close().map_err(|error| ExportError::Unwritable {
        path: dir.to_path_buf(),
        error,
    })
}
