//! Safe writing: every target checked before anything is written, files
//! written to hidden temporary files in the target folder and renamed into
//! place, and everything this export created removed again on failure or
//! cancel.
//!
//! Main items: [`single_file`] (one streamed file) and [`per_entry_files`]
//! (many files written in parallel with rayon, then renamed in a second
//! phase so an error or a cancel during writing leaves no real file; a
//! cancel or a failure during the renames removes the new files already
//! renamed, see [`Rollback`]). [`Steps`] is the seam through which tests make
//! any write or rename fail. What to do about files already there is the
//! caller's [`IfExists`]: refuse, replace, or skip them.
//!
//! Per-entry files may lie in subfolders of the export folder (the
//! template's `/`). Each subfolder, and each folder between it and the
//! export folder, must be a real folder or not exist yet: a file or a
//! symbolic link in its place is refused before anything is written
//! ([`ExportError::NotFolder`]), so a link never leads the export out of
//! the chosen folder. Every file's temporary file is made in the file's own
//! folder, so its rename never crosses a file system.
//!
//! Only regular files are ever replaced: a target that is a folder, a
//! symbolic link, a device, a FIFO or a socket is refused before anything
//! is written ([`ExportError::NotRegular`]), so `--out /dev/null --force`
//! never replaces the system's node and a link is never swapped for a file.
//! (Something that turns a checked regular file into another kind of node
//! in the instant before the rename is replaced by the rename, never
//! written through.)
//!
//! Temporary files are named `.hotline-export-<pid>-<random>.tmp`. An export
//! that dies without cleaning up (killed, or interrupted a second time)
//! leaves them behind; the next export into the same folder removes those
//! whose process no longer runs (Linux: no `/proc/<pid>`; every platform:
//! older than a day) and counts them in [`Written::stale_removed`]. A
//! process in another PID namespace writing into the same folder looks
//! dead from here; exporting into one folder from two containers at once
//! is not supported.

use super::{ExportError, ExportProgress, IfExists, Rollback};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};
use tempfile::{NamedTempFile, TempPath};

/// Prefix of the temporary files (hidden, and never a planned name, since
/// planned names never start with a dot).
const TEMP_PREFIX: &str = ".hotline-export-";
/// Suffix of the temporary files.
const TEMP_SUFFIX: &str = ".tmp";
/// Age after which a temporary file counts as abandoned even when its
/// process cannot be checked (no export runs that long).
const STALE_AGE: Duration = Duration::from_secs(24 * 60 * 60);

/// Buffer of one combined file.
const SINGLE_BUFFER: usize = 1 << 20;
/// Buffer of one per-entry file (most entries fit in one write).
const ENTRY_BUFFER: usize = 64 << 10;

/// Why a render step stopped.
#[derive(Debug)]
pub(crate) enum WriteError {
    Io(io::Error),
    Cancelled,
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

impl WriteError {
    fn at(self, path: &Path) -> ExportError {
        match self {
            WriteError::Cancelled => ExportError::Cancelled(Rollback::default()),
            WriteError::Io(error) => io_error(path, error),
        }
    }
}

/// The file-system steps of an export that can fail, so that tests can
/// make each of them fail (or cancel) at a chosen point. [`RealSteps`]
/// is what [`super::export`] uses.
pub(crate) trait Steps: Sync {
    /// The writer over `file`, the temporary file of `target`.
    fn writer<'a>(&'a self, _target: &Path, file: &'a mut File) -> io::Result<Box<dyn Write + 'a>> {
        Ok(Box::new(file))
    }

    /// Called just before a finished temporary file is renamed to `target`.
    fn before_rename(&self, _target: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// The real file system, nothing injected.
pub(crate) struct RealSteps;

impl Steps for RealSteps {}

/// What an export put in place.
#[derive(Debug)]
pub(crate) struct Written {
    /// The files written, in plan order.
    pub files: Vec<PathBuf>,
    /// Files left as they were because they existed ([`IfExists::Skip`]).
    pub skipped: usize,
    /// Abandoned temporary files of earlier exports removed from the
    /// folders written to.
    pub stale_removed: usize,
}

/// Writes one file at `out` through a temporary file, streaming `body`.
pub(crate) fn single_file(
    out: &Path,
    if_exists: IfExists,
    progress: &ExportProgress,
    steps: &dyn Steps,
    body: impl FnOnce(&mut dyn Write) -> Result<(), WriteError>,
) -> Result<Written, ExportError> {
    if out.is_dir() {
        return Err(unwritable(out, "it is a folder, not a file"));
    }
    if let Ok(meta) = out.symlink_metadata() {
        refuse_unless_regular(out, &meta)?;
        match if_exists {
            IfExists::Refuse => return Err(ExportError::TargetExists(vec![out.to_path_buf()])),
            IfExists::Skip => {
                return Ok(Written {
                    files: Vec::new(),
                    skipped: 1,
                    stale_removed: 0,
                });
            }
            IfExists::Replace => {}
        }
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let created = ensure_dir(dir)?;
    let stale_removed = remove_stale_temps(dir);
    let result = write_then_persist(dir, out, if_exists, progress, steps, body);
    if result.is_err() {
        remove_created(&created);
    }
    result.map(|()| Written {
        files: vec![out.to_path_buf()],
        skipped: 0,
        stale_removed,
    })
}

fn write_then_persist(
    dir: &Path,
    out: &Path,
    if_exists: IfExists,
    progress: &ExportProgress,
    steps: &dyn Steps,
    body: impl FnOnce(&mut dyn Write) -> Result<(), WriteError>,
) -> Result<(), ExportError> {
    let mut tmp = temp_in(dir).map_err(|error| ExportError::Unwritable {
        path: dir.to_path_buf(),
        error,
    })?;
    stream(steps, out, &mut tmp, SINGLE_BUFFER, body).map_err(|e| e.at(out))?;
    // A single file is worth a sync: after a crash the rename may otherwise
    // survive while the data does not.
    tmp.as_file().sync_all().map_err(|e| io_error(out, e))?;
    // A large file takes a while to sync: a cancel meanwhile still counts.
    super::check_cancel(progress).map_err(|e| e.at(out))?;
    steps.before_rename(out).map_err(|e| io_error(out, e))?;
    persist(tmp.into_temp_path(), out, if_exists)
}

/// Writes `body` into the temporary file `tmp` of `target` through a buffer
/// of `capacity` bytes, flushed before returning.
fn stream<T>(
    steps: &dyn Steps,
    target: &Path,
    tmp: &mut NamedTempFile,
    capacity: usize,
    body: impl FnOnce(&mut dyn Write) -> Result<T, WriteError>,
) -> Result<T, WriteError> {
    let mut w = BufWriter::with_capacity(capacity, steps.writer(target, tmp.as_file_mut())?);
    let value = body(&mut w)?;
    w.flush()?;
    Ok(value)
}

/// Where per-entry files go.
pub(crate) struct PerEntryPlan<'a> {
    pub dir: &'a Path,
    /// One planned, unique, safe path per entry, relative to `dir`: file
    /// names, in subfolders when they hold a `/`.
    pub names: &'a [String],
    pub if_exists: IfExists,
}

/// Writes one file per name: all to temporary files first (in parallel),
/// then renames them into place. `render(i, w)` writes file `i`.
pub(crate) fn per_entry_files(
    plan: &PerEntryPlan<'_>,
    progress: &ExportProgress,
    steps: &dyn Steps,
    render: impl Fn(usize, &mut dyn Write) -> io::Result<()> + Sync,
) -> Result<Written, ExportError> {
    let dir = plan.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(unwritable(dir, "it is a file, not a folder"));
    }
    let folders = subfolders(plan.names);
    for folder in &folders {
        refuse_unless_folder(&dir.join(folder))?;
    }
    let existing = existing_names(dir, &folders)?;
    let clashes: Vec<usize> = (0..plan.names.len())
        .filter(|&i| existing.contains(&plan.names[i]))
        .collect();
    let target = |i: usize| dir.join(&plan.names[i]);
    for &i in &clashes {
        if let Ok(meta) = target(i).symlink_metadata() {
            refuse_unless_regular(&target(i), &meta)?;
        }
    }
    let todo: Vec<usize> = match plan.if_exists {
        IfExists::Refuse if !clashes.is_empty() => {
            return Err(ExportError::TargetExists(
                clashes.into_iter().map(target).collect(),
            ));
        }
        IfExists::Skip => (0..plan.names.len())
            .filter(|&i| !existing.contains(&plan.names[i]))
            .collect(),
        IfExists::Refuse | IfExists::Replace => (0..plan.names.len()).collect(),
    };
    progress.start(todo.len());
    let files: Vec<PathBuf> = todo.iter().map(|&i| target(i)).collect();
    let replaces: Vec<bool> = todo
        .iter()
        .map(|&i| existing.contains(&plan.names[i]))
        .collect();
    let mut created = ensure_dir(dir)?;
    let result = ensure_parents(&files, &mut created).and_then(|mut folders| {
        folders.insert(dir.to_path_buf());
        let stale_removed = folders.iter().map(|d| remove_stale_temps(d)).sum();
        probe(dir)?;
        let temps = write_temps(&files, &todo, progress, steps, &render)?;
        let renames = Renames {
            files: &files,
            replaces: &replaces,
            if_exists: plan.if_exists,
        };
        rename_all(temps, &renames, progress, steps)?;
        Ok(stale_removed)
    });
    if result.is_err() {
        remove_created(&created);
    }
    result.map(|stale_removed| Written {
        files,
        skipped: plan.names.len() - todo.len(),
        stale_removed,
    })
}

/// Every subfolder the planned names lie in, relative to the export folder,
/// with every folder between (`a`, `a/b` for `a/b/c.txt`); parents first.
fn subfolders(names: &[String]) -> BTreeSet<&str> {
    let mut folders = BTreeSet::new();
    for name in names {
        let mut end = 0;
        while let Some(slash) = name[end..].find('/') {
            end += slash;
            folders.insert(&name[..end]);
            end += 1;
        }
    }
    folders
}

/// Creates the folders of `files` that are missing, adding the ones it
/// made to `created`; returns the folders (the distinct parents).
fn ensure_parents(
    files: &[PathBuf],
    created: &mut Vec<PathBuf>,
) -> Result<BTreeSet<PathBuf>, ExportError> {
    let parents: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent())
        .map(Path::to_path_buf)
        .collect();
    for parent in &parents {
        created.extend(ensure_dir(parent)?);
    }
    Ok(parents)
}

/// Phase 1: every file to a temporary file in its folder, in parallel;
/// `render(todo[k], w)` writes `files[k]`.
fn write_temps(
    files: &[PathBuf],
    todo: &[usize],
    progress: &ExportProgress,
    steps: &dyn Steps,
    render: &(impl Fn(usize, &mut dyn Write) -> io::Result<()> + Sync),
) -> Result<Vec<TempPath>, ExportError> {
    (0..files.len())
        .into_par_iter()
        .map(|k| {
            let file = &files[k];
            let one = || -> Result<TempPath, WriteError> {
                super::check_cancel(progress)?;
                let mut tmp = temp_in(file.parent().unwrap_or(Path::new(".")))?;
                stream(steps, file, &mut tmp, ENTRY_BUFFER, |w| {
                    Ok(render(todo[k], w)?)
                })?;
                progress.advance();
                Ok(tmp.into_temp_path())
            };
            one().map_err(|e| e.at(file))
        })
        .collect()
}

/// What the rename phase puts in place.
struct Renames<'a> {
    files: &'a [PathBuf],
    /// For each file, whether it replaces one that existed.
    replaces: &'a [bool],
    if_exists: IfExists,
}

/// What became of one file in the rename phase.
enum Renamed {
    Done,
    /// Not attempted: the export had already failed or been cancelled.
    Skipped,
    Failed(ExportError),
}

/// Phase 2: renames every temporary file into place (in parallel: the
/// kernel serialises a folder's updates, but path lookups overlap). A
/// cancel or a failure stops the renames not yet begun; then every new
/// file already renamed is removed again, and the files that replaced
/// existing ones are named in the error's [`Rollback`] (their old content
/// is gone; each holds the complete new one). Dropping the remaining
/// temporary files deletes them.
fn rename_all(
    temps: Vec<TempPath>,
    renames: &Renames<'_>,
    progress: &ExportProgress,
    steps: &dyn Steps,
) -> Result<(), ExportError> {
    let failed = AtomicBool::new(false);
    let results: Vec<Renamed> = temps
        .into_par_iter()
        .zip(renames.files.par_iter())
        .map(|(tmp, target)| {
            if failed.load(Ordering::Relaxed) {
                return Renamed::Skipped;
            }
            let one = || {
                super::check_cancel(progress).map_err(|e| e.at(target))?;
                steps
                    .before_rename(target)
                    .map_err(|e| io_error(target, e))?;
                persist(tmp, target, renames.if_exists)
            };
            match one() {
                Ok(()) => Renamed::Done,
                Err(e) => {
                    failed.store(true, Ordering::Relaxed);
                    Renamed::Failed(e)
                }
            }
        })
        .collect();
    if !failed.load(Ordering::Relaxed) {
        return Ok(());
    }
    let mut rollback = Rollback::default();
    let mut errors = Vec::new();
    for ((target, &replaced), result) in renames.files.iter().zip(renames.replaces).zip(results) {
        match result {
            Renamed::Done if replaced => rollback.kept.push(target.clone()),
            Renamed::Done => match std::fs::remove_file(target) {
                Ok(()) => rollback.removed += 1,
                // Still there (or someone else's now): it stays, complete.
                Err(e) if e.kind() != io::ErrorKind::NotFound => rollback.kept.push(target.clone()),
                Err(_) => rollback.removed += 1,
            },
            Renamed::Skipped => {}
            Renamed::Failed(e) => errors.push(e),
        }
    }
    // A real failure says more than the cancel that may have raced it.
    let error = errors
        .into_iter()
        .min_by_key(|e| matches!(e, ExportError::Cancelled(_)))
        .unwrap_or(ExportError::Cancelled(Rollback::default()));
    Err(error.with_rollback(rollback))
}

/// Renames a finished temporary file to `out`, replacing a file there only
/// with [`IfExists::Replace`].
fn persist(tmp: TempPath, out: &Path, if_exists: IfExists) -> Result<(), ExportError> {
    let done = match if_exists {
        IfExists::Replace => tmp.persist(out),
        IfExists::Refuse | IfExists::Skip => tmp.persist_noclobber(out),
    };
    done.map_err(|e| match e.error.kind() {
        // Someone created the file after our check.
        io::ErrorKind::AlreadyExists => ExportError::TargetExists(vec![out.to_path_buf()]),
        _ => io_error(out, e.error),
    })
}

fn temp_in(dir: &Path) -> io::Result<NamedTempFile> {
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
fn remove_stale_temps(dir: &Path) -> usize {
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
fn probe(dir: &Path) -> Result<(), ExportError> {
    let tmp = temp_in(dir).map_err(|error| ExportError::Unwritable {
        path: dir.to_path_buf(),
        error,
    })?;
    tmp.close().map_err(|error| ExportError::Unwritable {
        path: dir.to_path_buf(),
        error,
    })
}

/// The planned names already taken: the names in `dir` and in each of its
/// `folders` (relative paths joined by `/`; a folder not there yet holds
/// none).
fn existing_names(dir: &Path, folders: &BTreeSet<&str>) -> Result<HashSet<String>, ExportError> {
    let mut names = HashSet::new();
    for folder in std::iter::once("").chain(folders.iter().copied()) {
        let path = dir.join(folder);
        let Ok(read) = std::fs::read_dir(&path) else {
            continue;
        };
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        for entry in read {
            let entry = entry.map_err(|error| ExportError::Unwritable {
                path: path.clone(),
                error,
            })?;
            // A name that is not UTF-8 is never a planned one.
            if let Ok(name) = entry.file_name().into_string() {
                names.insert(format!("{prefix}{name}"));
            }
        }
    }
    Ok(names)
}

/// Refuses a subfolder that exists and is not a real folder (a file, or a
/// symbolic link even to a folder).
fn refuse_unless_folder(path: &Path) -> Result<(), ExportError> {
    match path.symlink_metadata() {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(meta) => Err(ExportError::NotFolder {
            path: path.to_path_buf(),
            kind: crate::read::node_kind(&meta.file_type()).unwrap_or("a file"),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(ExportError::Unwritable {
            path: path.to_path_buf(),
            error,
        }),
    }
}

/// Refuses a target that exists and is anything but a regular file.
fn refuse_unless_regular(path: &Path, meta: &std::fs::Metadata) -> Result<(), ExportError> {
    match crate::read::node_kind(&meta.file_type()) {
        None => Ok(()),
        Some(kind) => Err(ExportError::NotRegular {
            path: path.to_path_buf(),
            kind,
        }),
    }
}

/// Creates `dir` and any missing parents; returns the folders it created,
/// deepest first.
fn ensure_dir(dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let mut missing = Vec::new();
    let mut p = Some(dir);
    while let Some(d) = p {
        if d.as_os_str().is_empty() || d.exists() {
            break;
        }
        missing.push(d.to_path_buf());
        p = d.parent();
    }
    std::fs::create_dir_all(dir).map_err(|error| ExportError::Unwritable {
        path: dir.to_path_buf(),
        error,
    })?;
    Ok(missing)
}

/// Removes the folders this export created, deepest first, while they are
/// empty: a folder that is not (someone else put a file in it) stays, and
/// so do the folders above it.
fn remove_created(created: &[PathBuf]) {
    let mut deepest_first: Vec<&PathBuf> = created.iter().collect();
    deepest_first.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in deepest_first {
        // Best effort: one that is not empty, or already gone, is kept.
        std::fs::remove_dir(d).ok();
    }
}

fn io_error(path: &Path, error: io::Error) -> ExportError {
    ExportError::Io {
        path: path.to_path_buf(),
        error,
        rollback: Rollback::default(),
    }
}

fn unwritable(path: &Path, reason: &str) -> ExportError {
    ExportError::Unwritable {
        path: path.to_path_buf(),
        error: io::Error::other(reason.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("entry-{i:03}.txt")).collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    fn plan<'a>(dir: &'a Path, names: &'a [String], if_exists: IfExists) -> PerEntryPlan<'a> {
        PerEntryPlan {
            dir,
            names,
            if_exists,
        }
    }

    /// [`per_entry_files`] on the real file system.
    fn entries(
        plan: &PerEntryPlan<'_>,
        progress: &ExportProgress,
        render: impl Fn(usize, &mut dyn Write) -> io::Result<()> + Sync,
    ) -> Result<Vec<PathBuf>, ExportError> {
        per_entry_files(plan, progress, &RealSteps, render).map(|w| w.files)
    }

    /// [`single_file`] on the real file system.
    fn single(
        out: &Path,
        if_exists: IfExists,
        body: impl FnOnce(&mut dyn Write) -> Result<(), WriteError>,
    ) -> Result<Written, ExportError> {
        single_file(out, if_exists, &ExportProgress::default(), &RealSteps, body)
    }

    /// Renames that fail or cancel at a chosen target.
    struct RenameFault<'a> {
        at: &'a Path,
        cancel: Option<&'a ExportProgress>,
    }

    impl Steps for RenameFault<'_> {
        fn before_rename(&self, target: &Path) -> io::Result<()> {
            if target != self.at {
                return Ok(());
            }
            match self.cancel {
                Some(progress) => {
                    progress.cancel();
                    Ok(())
                }
                None => Err(io::Error::other("rename refused")),
            }
        }
    }

    #[test]
    fn all_files_are_written_and_no_temporaries_remain() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new/out");
        let names = names(20);
        let files = entries(
            &plan(&dir, &names, IfExists::Refuse),
            &ExportProgress::default(),
            |i, w| writeln!(w, "file {i}"),
        )
        .unwrap();
        assert_eq!(files.len(), 20);
        assert_eq!(listing(&dir), names);
        assert_eq!(std::fs::read_to_string(&files[7]).unwrap(), "file 7\n");
    }

    #[cfg(unix)]
    #[test]
    fn exported_files_are_readable_by_others_under_a_usual_umask() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("all.txt");
        single(&out, IfExists::Refuse, |w| Ok(w.write_all(b"x")?)).unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        // tempfile's default would be 0600; with the usual umask 022 it is 0644.
        assert_ne!(mode & 0o044, 0, "mode {mode:o}");
    }

    #[test]
    fn a_writer_failure_half_way_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("created");
        let names = names(50);
        let err = entries(
            &plan(&dir, &names, IfExists::Refuse),
            &ExportProgress::default(),
            |i, w| {
                w.write_all(b"partial text")?;
                if i == 37 {
                    return Err(io::Error::other("disk full"));
                }
                Ok(())
            },
        )
        .unwrap_err();
        assert!(
            matches!(&err, ExportError::Io { path, .. } if path.ends_with("entry-037.txt")),
            "{err}"
        );
        assert!(err.to_string().contains("disk full"));
        // The folder this export created is gone again, temporaries and all.
        assert!(!dir.exists());
    }

    #[test]
    fn a_cancel_during_writing_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let names = names(200);
        let progress = ExportProgress::default();
        let err = entries(
            &plan(tmp.path(), &names, IfExists::Refuse),
            &progress,
            |i, w| {
                if i == 10 {
                    progress.cancel();
                }
                w.write_all(b"text")
            },
        )
        .unwrap_err();
        assert!(matches!(err, ExportError::Cancelled(_)), "{err}");
        assert!(listing(tmp.path()).is_empty(), "{:?}", listing(tmp.path()));
    }

    #[test]
    fn a_rename_failure_removes_the_new_files_already_renamed_and_names_the_replaced_ones() {
        let tmp = tempfile::tempdir().unwrap();
        let names = names(10);
        std::fs::write(tmp.path().join(&names[2]), "old").unwrap();
        let at = tmp.path().join(&names[6]);
        let steps = RenameFault {
            at: &at,
            cancel: None,
        };
        let err = per_entry_files(
            &plan(tmp.path(), &names, IfExists::Replace),
            &ExportProgress::default(),
            &steps,
            |_, w| w.write_all(b"new"),
        )
        .unwrap_err();
        let ExportError::Io { path, rollback, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(path, &at);
        assert!(err.to_string().contains("rename refused"), "{err}");
        // Only what was there before remains; a replaced file is complete
        // and named in the error, an untouched one keeps its content.
        assert_eq!(listing(tmp.path()), [names[2].clone()]);
        let replaced = tmp.path().join(&names[2]);
        let content = std::fs::read_to_string(&replaced).unwrap();
        assert_eq!(rollback.kept.contains(&replaced), content == "new", "{err}");
        assert!(rollback.kept.len() <= 1, "{err}");
    }

    #[test]
    fn a_cancel_during_the_renames_removes_every_new_file() {
        let tmp = tempfile::tempdir().unwrap();
        let names = names(40);
        let progress = ExportProgress::default();
        let at = tmp.path().join(&names[20]);
        let steps = RenameFault {
            at: &at,
            cancel: Some(&progress),
        };
        let err = per_entry_files(
            &plan(tmp.path(), &names, IfExists::Refuse),
            &progress,
            &steps,
            |_, w| w.write_all(b"new"),
        )
        .unwrap_err();
        let ExportError::Cancelled(rollback) = &err else {
            panic!("{err}");
        };
        assert!(rollback.kept.is_empty(), "{err}");
        assert!(listing(tmp.path()).is_empty(), "{:?}", listing(tmp.path()));
        assert!(err.to_string().ends_with("nothing was written"), "{err}");
    }

    /// Runs `f` on a scratch folder holding a node of each special kind
    /// (with the name of the first planned file).
    #[cfg(unix)]
    fn special_nodes() -> Vec<(tempfile::TempDir, &'static str)> {
        let mut nodes = Vec::new();
        let fifo = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(fifo.path().join("entry-000.txt"))
            .status()
            .unwrap();
        assert!(status.success());
        nodes.push((fifo, "a FIFO (named pipe)"));
        let socket = tempfile::tempdir().unwrap();
        let listener =
            std::os::unix::net::UnixListener::bind(socket.path().join("entry-000.txt")).unwrap();
        drop(listener);
        nodes.push((socket, "a socket"));
        let link = tempfile::tempdir().unwrap();
        std::fs::write(link.path().join("real.txt"), "target").unwrap();
        std::os::unix::fs::symlink("real.txt", link.path().join("entry-000.txt")).unwrap();
        nodes.push((link, "a symbolic link"));
        let dangling = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("missing", dangling.path().join("entry-000.txt")).unwrap();
        nodes.push((dangling, "a symbolic link"));
        nodes
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_replaced_even_with_overwrite() {
        let names = names(3);
        for (dir, kind) in special_nodes() {
            let node = dir.path().join(&names[0]);
            let before = listing(dir.path());
            for if_exists in [IfExists::Replace, IfExists::Refuse, IfExists::Skip] {
                let err = single(&node, if_exists, |w| Ok(w.write_all(b"x")?)).unwrap_err();
                assert!(
                    matches!(&err, ExportError::NotRegular { path, kind: k } if path == &node && k == &kind),
                    "{err}"
                );
                assert_eq!(
                    err.to_string(),
                    format!(
                        "{} is {kind}; export only creates or replaces regular files",
                        node.display()
                    )
                );
                let err = entries(
                    &plan(dir.path(), &names, if_exists),
                    &ExportProgress::default(),
                    |_, w| w.write_all(b"x"),
                )
                .unwrap_err();
                assert!(matches!(err, ExportError::NotRegular { .. }), "{err}");
                assert_eq!(listing(dir.path()), before, "{kind}");
            }
            let meta = node.symlink_metadata().unwrap();
            assert!(!meta.is_file(), "{kind} was replaced");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_refused_before_anything_is_written() {
        // Only checked, never written: the refusal comes before any write.
        let null = Path::new("/dev/null");
        let err = single(null, IfExists::Replace, |_| {
            panic!("nothing may be written")
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "/dev/null is a character device; export only creates or replaces regular files"
        );
        let meta = null.symlink_metadata().unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(meta.file_type().is_char_device());
    }

    #[test]
    fn a_folder_named_like_a_planned_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let names = names(3);
        std::fs::create_dir(tmp.path().join(&names[1])).unwrap();
        let err = entries(
            &plan(tmp.path(), &names, IfExists::Replace),
            &ExportProgress::default(),
            |_, w| w.write_all(b"x"),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("is a folder; export only"),
            "{err}"
        );
        assert_eq!(listing(tmp.path()), [names[1].clone()]);
    }

    #[test]
    fn temporary_files_carry_the_process_id() {
        let tmp = tempfile::tempdir().unwrap();
        let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
        let seen = std::sync::Mutex::new(Vec::new());
        single(&tmp.path().join("all.txt"), IfExists::Refuse, |_| {
            seen.lock().unwrap().extend(listing(tmp.path()));
            Ok(())
        })
        .unwrap();
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(
            seen[0].starts_with(&prefix) && seen[0].ends_with(TEMP_SUFFIX),
            "{seen:?}"
        );
    }

    /// The id of a process that has exited.
    #[cfg(target_os = "linux")]
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn temporary_files_of_dead_exports_are_removed_and_counted() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = format!("{TEMP_PREFIX}{}-AbC123{TEMP_SUFFIX}", dead_pid());
        let own = format!("{TEMP_PREFIX}{}-Own123{TEMP_SUFFIX}", std::process::id());
        // pid 1 always runs.
        let live = format!("{TEMP_PREFIX}1-Live12{TEMP_SUFFIX}");
        let unrelated = format!("{TEMP_PREFIX}notes.txt");
        for name in [&dead, &own, &live, &unrelated] {
            std::fs::write(tmp.path().join(name), "partial").unwrap();
        }
        // A folder named like a temporary file is not ours to remove.
        let folder = format!("{TEMP_PREFIX}{}-Dir123{TEMP_SUFFIX}", dead_pid());
        std::fs::create_dir(tmp.path().join(&folder)).unwrap();
        let names = names(2);
        let written = per_entry_files(
            &plan(tmp.path(), &names, IfExists::Refuse),
            &ExportProgress::default(),
            &RealSteps,
            |_, w| w.write_all(b"x"),
        )
        .unwrap();
        assert_eq!(written.stale_removed, 1);
        let mut want = vec![
            names[0].clone(),
            names[1].clone(),
            own,
            live,
            unrelated,
            folder,
        ];
        want.sort();
        assert_eq!(listing(tmp.path()), want);
        // The single layout cleans its folder too.
        std::fs::write(tmp.path().join(&dead), "partial").unwrap();
        let written = single(&tmp.path().join("all.txt"), IfExists::Refuse, |_| Ok(())).unwrap();
        assert_eq!(written.stale_removed, 1);
        assert!(!tmp.path().join(&dead).exists());
    }

    #[test]
    fn existing_files_are_all_listed_and_nothing_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let names = names(5);
        for n in [&names[1], &names[3]] {
            std::fs::write(tmp.path().join(n), "mine").unwrap();
        }
        let err = entries(
            &plan(tmp.path(), &names, IfExists::Refuse),
            &ExportProgress::default(),
            |_, w| w.write_all(b"new"),
        )
        .unwrap_err();
        let ExportError::TargetExists(paths) = &err else {
            panic!("{err}");
        };
        assert_eq!(
            paths,
            &[tmp.path().join(&names[1]), tmp.path().join(&names[3])]
        );
        assert_eq!(listing(tmp.path()), [names[1].clone(), names[3].clone()]);
    }

    #[test]
    fn a_single_file_failure_leaves_no_file() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("sub/all.txt");
        let err = single(&out, IfExists::Refuse, |w| {
            w.write_all(&[b'x'; 4 << 20])?;
            Err(WriteError::Io(io::Error::other("no space left")))
        })
        .unwrap_err();
        assert!(err.to_string().contains("no space left"), "{err}");
        assert!(listing(tmp.path()).is_empty());
    }

    #[test]
    fn a_file_in_the_way_makes_the_target_unwritable() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, "x").unwrap();
        let names = names(2);
        let err = entries(
            &plan(&file.join("sub"), &names, IfExists::Refuse),
            &ExportProgress::default(),
            |_, w| w.write_all(b"x"),
        )
        .unwrap_err();
        assert!(matches!(err, ExportError::Unwritable { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot write to {}", file.join("sub").display()))
        );
        let err = single(&file.join("a.txt"), IfExists::Refuse, |_| Ok(())).unwrap_err();
        assert!(matches!(err, ExportError::Unwritable { .. }), "{err}");
        let err = single(tmp.path(), IfExists::Replace, |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("it is a folder"), "{err}");
    }
}
