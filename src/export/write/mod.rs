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
//! Temporary files and their clean-up live in [`temps`]; the subfolders,
//! the names already there and the folders an export creates, in
//! [`folders`].

mod folders;
mod temps;
#[cfg(test)]
mod tests;

use super::{ExportError, ExportProgress, IfExists, Rollback};
use folders::{
    ensure_dir, ensure_parents, existing_names, refuse_unless_folder, remove_created, subfolders,
};
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use tempfile::{NamedTempFile, TempPath};
use temps::{probe, remove_stale_temps, temp_in};

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
