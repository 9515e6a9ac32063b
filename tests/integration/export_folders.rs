//! Per-entry exports into folders: subfolders from a `/` in the template,
//! always inside the export folder, and files already there replaced or
//! skipped.

use super::export::{assert_round_trip_named, file_names, generated, opts, read, run};
use hotline::export::{ExportError, ExportOptions, Format, IfExists, Layout, plan_names};
use std::path::{Path, PathBuf};

/// Every file below `dir`, as paths relative to it joined by `/`, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walk(dir) {
        let rel = e.strip_prefix(dir).unwrap();
        let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
        out.push(parts.join("/"));
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            files.extend(walk(&e.path()));
        } else {
            files.push(e.path());
        }
    }
    files
}

fn per_entry(template: &str) -> ExportOptions {
    ExportOptions {
        template: template.into(),
        ..opts(Format::Txt, Layout::PerEntry)
    }
}

#[test]
fn a_slash_in_the_template_makes_subfolders_that_re_import() {
    let a = generated(12);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let summary = run(&a, &out, &per_entry("{author}/{date} {title}")).unwrap();
    assert_eq!(summary.files.len(), 12);
    let files = tree(&out);
    assert_eq!(files.len(), 12);
    assert!(
        files.contains(&"jane-doe/2009-01-01 field-notes-on-support-number-0.txt".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"unknown/2009-04-04 field-notes-on-support-number-3.txt".to_string()),
        "{files:?}"
    );
    assert_eq!(
        file_names(&out),
        ["jane-doe", "john-roe", "mary-ann-oneil", "unknown"]
    );
    // The folder loads back with every entry, subfolders and all.
    assert_round_trip_named(&a, "{author}/{date} {title}");
}

#[test]
fn a_template_cannot_write_outside_the_export_folder() {
    let a = generated(4);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("inside");
    for template in [
        "../../{author}/{title}",
        "/{title}",
        "..//./{author}/../{title}",
    ] {
        run(&a, &out, &per_entry(template)).unwrap();
        // Everything lies below the chosen folder, nothing beside it.
        assert_eq!(file_names(dir.path()), ["inside"], "{template}");
        for file in walk(&out) {
            assert!(file.starts_with(&out), "{template}: {}", file.display());
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_link_or_a_file_where_a_subfolder_goes_is_refused_and_nothing_is_written() {
    let a = generated(6);
    let outside = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let o = ExportOptions {
        if_exists: IfExists::Replace,
        ..per_entry("{author}/{title}")
    };
    std::os::unix::fs::symlink(outside.path(), dir.path().join("jane-doe")).unwrap();
    let err = run(&a, dir.path(), &o).unwrap_err();
    assert!(
        matches!(&err, ExportError::NotFolder { kind, .. } if *kind == "a symbolic link"),
        "{err}"
    );
    assert!(
        err.to_string()
            .ends_with("is a symbolic link, not a folder; export makes subfolders only as real folders inside the chosen one"),
        "{err}"
    );
    assert_eq!(file_names(dir.path()), ["jane-doe"]);
    assert!(file_names(outside.path()).is_empty());

    std::fs::remove_file(dir.path().join("jane-doe")).unwrap();
    std::fs::write(dir.path().join("john-roe"), "a file").unwrap();
    let err = run(&a, dir.path(), &o).unwrap_err();
    assert!(
        matches!(&err, ExportError::NotFolder { kind, .. } if *kind == "a file"),
        "{err}"
    );
    assert_eq!(file_names(dir.path()), ["john-roe"]);
}

#[test]
fn skip_writes_only_the_files_not_there_and_counts_the_others() {
    let a = generated(6);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("per");
    let first = run(&a, &out, &per_entry("{author}/{title}")).unwrap();
    std::fs::write(&first.files[2], "my edits").unwrap();
    std::fs::remove_file(&first.files[4]).unwrap();
    let skip = ExportOptions {
        if_exists: IfExists::Skip,
        ..per_entry("{author}/{title}")
    };
    let again = run(&a, &out, &skip).unwrap();
    assert_eq!(again.files, [first.files[4].clone()]);
    assert_eq!((again.entries, again.skipped), (1, 5));
    let said = again.describe(&out);
    assert!(
        said.starts_with("Wrote 1 file (1 entry), ")
            && said.ends_with("; skipped 5 files that already existed"),
        "{said}"
    );
    assert_eq!(read(&first.files[2]), "my edits");
    assert!(read(&first.files[4]).starts_with("Field Notes"));
    assert_eq!(walk(&out).len(), 6, "no temporary files left behind");

    // Nothing new to write: nothing written, and the summary says so.
    let none = run(&a, &out, &skip).unwrap();
    assert!(none.files.is_empty());
    assert_eq!(
        none.describe(&out),
        format!(
            "Wrote no files to {}; skipped 6 files that already existed",
            out.display()
        )
    );
    assert_eq!(read(&first.files[2]), "my edits");

    let single = dir.path().join("all.md");
    std::fs::write(&single, "mine").unwrap();
    let o = ExportOptions {
        if_exists: IfExists::Skip,
        ..opts(Format::Md, Layout::Single)
    };
    let s = run(&a, &single, &o).unwrap();
    assert_eq!((s.files.len(), s.entries, s.skipped), (0, 0, 1));
    assert_eq!(read(&single), "mine");
}

#[test]
fn replace_rewrites_files_in_subfolders() {
    let a = generated(5);
    let dir = tempfile::tempdir().unwrap();
    let names = plan_names(&a, &[0, 1, 2, 3, 4], "{author}/{title}", "txt");
    let mine = dir.path().join(&names[1]);
    std::fs::create_dir_all(mine.parent().unwrap()).unwrap();
    std::fs::write(&mine, "mine").unwrap();
    let err = run(&a, dir.path(), &per_entry("{author}/{title}")).unwrap_err();
    let ExportError::TargetExists(paths) = &err else {
        panic!("{err}");
    };
    assert_eq!(paths, std::slice::from_ref(&mine));
    let o = ExportOptions {
        if_exists: IfExists::Replace,
        ..per_entry("{author}/{title}")
    };
    let s = run(&a, dir.path(), &o).unwrap();
    assert_eq!((s.files.len(), s.skipped), (5, 0));
    assert!(read(&mine).starts_with("Field Notes"));
}
