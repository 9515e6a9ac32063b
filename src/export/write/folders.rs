//! The folders of a per-entry export: the subfolders its names lie in
//! (checked to be real folders, so a link never leads the export out of
//! the chosen folder), the names already in them, and the folders an
//! export creates and removes again when it fails.

use super::ExportError;
use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::{Path, PathBuf};

/// Every subfolder the planned names lie in, relative to the export folder,
/// with every folder between (`a`, `a/b` for `a/b/c.txt`); parents first.
pub(super) fn subfolders(names: &[String]) -> BTreeSet<&str> {
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
pub(super) fn ensure_parents(
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

/// The planned names already taken: the names in `dir` and in each of its
/// `folders` (relative paths joined by `/`; a folder not there yet holds
/// none).
pub(super) fn existing_names(
    dir: &Path,
    folders: &BTreeSet<&str>,
) -> Result<HashSet<String>, ExportError> {
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
pub(super) fn refuse_unless_folder(path: &Path) -> Result<(), ExportError> {
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

/// Creates `dir` and any missing parents; returns the folders it created,
/// deepest first.
pub(super) fn ensure_dir(dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
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
pub(super) fn remove_created(created: &[PathBuf]) {
    let mut deepest_first: Vec<&PathBuf> = created.iter().collect();
    deepest_first.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in deepest_first {
        // Best effort: one that is not empty, or already gone, is kept.
        std::fs::remove_dir(d).ok();
    }
}
