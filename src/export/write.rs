//! Safe writing: every target checked before anything is written, files
//! written to hidden temporary files in the target folder and renamed into
//! place, and everything this export created removed again on failure.
//!
//! Main items: [`single_file`] (one streamed file) and [`per_entry_files`]
//! (many files written in parallel with rayon, then renamed in a second
//! phase so an error or a cancel during writing leaves no real file).

use super::{ExportError, ExportProgress};
use rayon::prelude::*;
use std::collections::HashSet;
use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::{NamedTempFile, TempPath};

/// Prefix of the temporary files (hidden, and never a planned name, since
/// planned names never start with a dot).
const TEMP_PREFIX: &str = ".hotline-export-";

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
            WriteError::Cancelled => ExportError::Cancelled,
            WriteError::Io(error) => ExportError::Io {
                path: path.to_path_buf(),
                error,
            },
        }
    }
}

/// Writes one file at `out` through a temporary file, streaming `body`.
pub(crate) fn single_file(
    out: &Path,
    overwrite: bool,
    body: impl FnOnce(&mut dyn Write) -> Result<(), WriteError>,
) -> Result<PathBuf, ExportError> {
    if out.is_dir() {
        return Err(unwritable(out, "it is a folder, not a file"));
    }
    if out.symlink_metadata().is_ok() && !overwrite {
        return Err(ExportError::TargetExists(vec![out.to_path_buf()]));
    }
    let dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let created = ensure_dir(dir)?;
    let result = write_then_persist(dir, out, overwrite, body);
    if result.is_err() {
        remove_created(&created);
    }
    result.map(|()| out.to_path_buf())
}

fn write_then_persist(
    dir: &Path,
    out: &Path,
    overwrite: bool,
    body: impl FnOnce(&mut dyn Write) -> Result<(), WriteError>,
) -> Result<(), ExportError> {
    let tmp = temp_in(dir).map_err(|error| ExportError::Unwritable {
        path: dir.to_path_buf(),
        error,
    })?;
    let mut w = BufWriter::with_capacity(SINGLE_BUFFER, tmp);
    body(&mut w).map_err(|e| e.at(out))?;
    let tmp = w
        .into_inner()
        .map_err(|e| WriteError::Io(e.into_error()).at(out))?;
    // A single file is worth a sync: after a crash the rename may otherwise
    // survive while the data does not.
    tmp.as_file()
        .sync_all()
        .map_err(|e| WriteError::Io(e).at(out))?;
    persist(tmp.into_temp_path(), out, overwrite)
}

/// Where per-entry files go.
pub(crate) struct PerEntryPlan<'a> {
    pub dir: &'a Path,
    /// One planned, unique, safe file name per entry.
    pub names: &'a [String],
    pub overwrite: bool,
}

/// Writes one file per name: all to temporary files first (in parallel),
/// then renames them into place. `render(i, w)` writes file `i`.
pub(crate) fn per_entry_files(
    plan: &PerEntryPlan<'_>,
    progress: &ExportProgress,
    render: impl Fn(usize, &mut dyn Write) -> io::Result<()> + Sync,
) -> Result<Vec<PathBuf>, ExportError> {
    let dir = plan.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(unwritable(dir, "it is a file, not a folder"));
    }
    let targets: Vec<PathBuf> = plan.names.iter().map(|n| dir.join(n)).collect();
    let existing = existing_names(dir)?;
    let clashes: Vec<PathBuf> = plan
        .names
        .iter()
        .zip(&targets)
        .filter(|(n, _)| existing.contains(&OsString::from(n)))
        .map(|(_, t)| t.clone())
        .collect();
    if !clashes.is_empty() && !plan.overwrite {
        return Err(ExportError::TargetExists(clashes));
    }
    let created = ensure_dir(dir)?;
    let result = probe(dir)
        .and_then(|()| write_temps(dir, &targets, progress, &render))
        .and_then(|temps| rename_all(temps, &targets, &existing, plan));
    if result.is_err() {
        remove_created(&created);
    }
    result.map(|()| targets)
}

/// Phase 1: every file to a temporary file, in parallel.
fn write_temps(
    dir: &Path,
    targets: &[PathBuf],
    progress: &ExportProgress,
    render: &(impl Fn(usize, &mut dyn Write) -> io::Result<()> + Sync),
) -> Result<Vec<TempPath>, ExportError> {
    (0..targets.len())
        .into_par_iter()
        .map(|i| {
            let one = || -> Result<TempPath, WriteError> {
                super::check_cancel(progress)?;
                let mut w = BufWriter::with_capacity(ENTRY_BUFFER, temp_in(dir)?);
                render(i, &mut w)?;
                let tmp = w.into_inner().map_err(|e| e.into_error())?;
                progress.advance();
                Ok(tmp.into_temp_path())
            };
            one().map_err(|e| e.at(&targets[i]))
        })
        .collect()
}

/// Phase 2: renames every temporary file into place (in parallel: the
/// kernel serialises a folder's updates, but path lookups overlap); on any
/// failure removes every new file already renamed (dropping the remaining
/// temporary files deletes them).
fn rename_all(
    temps: Vec<TempPath>,
    targets: &[PathBuf],
    existing: &HashSet<OsString>,
    plan: &PerEntryPlan<'_>,
) -> Result<(), ExportError> {
    let results: Vec<Result<(), ExportError>> = temps
        .into_par_iter()
        .zip(targets.par_iter())
        .map(|(tmp, target)| persist(tmp, target, plan.overwrite))
        .collect();
    let Some(first) = results.iter().position(Result::is_err) else {
        return Ok(());
    };
    for ((name, target), done) in plan.names.iter().zip(targets).zip(&results) {
        if done.is_ok() && !existing.contains(&OsString::from(name)) {
            remove_quietly(target);
        }
    }
    results.into_iter().nth(first).unwrap_or(Ok(()))
}

/// Renames a finished temporary file to `out`.
fn persist(tmp: TempPath, out: &Path, overwrite: bool) -> Result<(), ExportError> {
    let done = if overwrite {
        tmp.persist(out)
    } else {
        tmp.persist_noclobber(out)
    };
    done.map_err(|e| match e.error.kind() {
        // Someone created the file after our check.
        io::ErrorKind::AlreadyExists => ExportError::TargetExists(vec![out.to_path_buf()]),
        _ => ExportError::Io {
            path: out.to_path_buf(),
            error: e.error,
        },
    })
}

fn temp_in(dir: &Path) -> io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(".tmp");
    // An exported file is an ordinary file (0666 less the umask), not
    // tempfile's private 0600: people share what they export.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
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

/// Names already in `dir` (empty if it does not exist yet).
fn existing_names(dir: &Path) -> Result<HashSet<OsString>, ExportError> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Ok(HashSet::new());
    };
    read.map(|e| e.map(|e| e.file_name()))
        .collect::<io::Result<HashSet<OsString>>>()
        .map_err(|error| ExportError::Unwritable {
            path: dir.to_path_buf(),
            error,
        })
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

/// Removes folders this export created, deepest first, while they are empty.
fn remove_created(created: &[PathBuf]) {
    for d in created {
        if std::fs::remove_dir(d).is_err() {
            // Not empty (someone else's files) or already gone: keep it.
            break;
        }
    }
}

/// Best-effort removal during a rollback; the original error is what the
/// caller reports, so a second failure here is not reported on top of it.
fn remove_quietly(path: &Path) {
    if std::fs::remove_file(path).is_err() {
        // Already gone: nothing to undo.
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

    fn plan<'a>(dir: &'a Path, names: &'a [String], overwrite: bool) -> PerEntryPlan<'a> {
        PerEntryPlan {
            dir,
            names,
            overwrite,
        }
    }

    #[test]
    fn all_files_are_written_and_no_temporaries_remain() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("new/out");
        let names = names(20);
        let files = per_entry_files(
            &plan(&dir, &names, false),
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
        single_file(&out, false, |w| Ok(w.write_all(b"x")?)).unwrap();
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        // tempfile's default would be 0600; with the usual umask 022 it is 0644.
        assert_ne!(mode & 0o044, 0, "mode {mode:o}");
    }

    #[test]
    fn a_writer_failure_half_way_leaves_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("created");
        let names = names(50);
        let err = per_entry_files(
            &plan(&dir, &names, false),
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
        let err = per_entry_files(&plan(tmp.path(), &names, false), &progress, |i, w| {
            if i == 10 {
                progress.cancel();
            }
            w.write_all(b"text")
        })
        .unwrap_err();
        assert!(matches!(err, ExportError::Cancelled), "{err}");
        assert!(listing(tmp.path()).is_empty(), "{:?}", listing(tmp.path()));
    }

    #[test]
    fn a_rename_failure_removes_the_files_already_renamed() {
        let tmp = tempfile::tempdir().unwrap();
        let names = names(10);
        std::fs::create_dir(tmp.path().join(&names[6])).unwrap();
        std::fs::write(tmp.path().join(&names[2]), "old").unwrap();
        let err = per_entry_files(
            &plan(tmp.path(), &names, true),
            &ExportProgress::default(),
            |_, w| w.write_all(b"new"),
        )
        .unwrap_err();
        assert!(
            matches!(&err, ExportError::Io { path, .. } if path.ends_with(&names[6])),
            "{err}"
        );
        // Only what was there before remains (the replaced file is complete).
        assert_eq!(listing(tmp.path()), [names[2].clone(), names[6].clone()]);
        assert_eq!(
            std::fs::read_to_string(tmp.path().join(&names[2])).unwrap(),
            "new"
        );
    }

    #[test]
    fn existing_files_are_all_listed_and_nothing_is_written() {
        let tmp = tempfile::tempdir().unwrap();
        let names = names(5);
        for n in [&names[1], &names[3]] {
            std::fs::write(tmp.path().join(n), "mine").unwrap();
        }
        let err = per_entry_files(
            &plan(tmp.path(), &names, false),
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
        let err = single_file(&out, false, |w| {
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
        let err = per_entry_files(
            &plan(&file.join("sub"), &names, false),
            &ExportProgress::default(),
            |_, w| w.write_all(b"x"),
        )
        .unwrap_err();
        assert!(matches!(err, ExportError::Unwritable { .. }), "{err}");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot write to {}", file.join("sub").display()))
        );
        let err = single_file(&file.join("a.txt"), false, |_| Ok(())).unwrap_err();
        assert!(matches!(err, ExportError::Unwritable { .. }), "{err}");
        let err = single_file(tmp.path(), true, |_| Ok(())).unwrap_err();
        assert!(err.to_string().contains("it is a folder"), "{err}");
    }
}
