//! Tests of safe writing on the real file system, and with renames that
//! fail or cancel at a chosen file.

use super::temps::{TEMP_PREFIX, TEMP_SUFFIX};
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
