//! Collections on the command line, each test with its own library
//! database (`HOTLINE_LIBRARY`): the commands that make and change them,
//! `--collection` as a filter, errors for unknown names and ids, two
//! processes adding at once, a damaged database and an unwritable data
//! folder.

use crate::*;
use std::path::PathBuf;
use std::process::Output;
use tempfile::TempDir;

/// A scratch library database.
pub struct Lib {
    _dir: TempDir,
    pub path: PathBuf,
}

impl Lib {
    pub fn new() -> Lib {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join("library.sqlite");
        Lib { _dir: dir, path }
    }

    pub fn run(&self, args: &[&str]) -> Output {
        hotline()
            .env("HOTLINE_LIBRARY", &self.path)
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs `hotline ARGS`, expects exit 0 and returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Expects exit `code` and an `error: ` on stderr; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        stderr
    }
}

/// The built-in entries' ids, in canonical order.
pub fn builtin_ids() -> Vec<String> {
    ids(&json(&["list", "--json"]))
}

#[test]
fn collections_keep_their_order_and_are_renamed_and_deleted() {
    let lib = Lib::new();
    let all = builtin_ids();
    let (a, b, c) = (&all[5], &all[0], &all[3]);
    assert_eq!(
        lib.ok(&["collection", "add", "Reading list", a, b]),
        "Added 2 entries to \u{201c}Reading list\u{201d} (now 2 entries)\n"
    );
    lib.ok(&["collection", "add", "reading LIST", c, a]);
    let shown = lib.json(&["collection", "show", "Reading list", "--json"]);
    assert_eq!(
        ids(&shown),
        [a.clone(), b.clone(), c.clone()],
        "the order added, no repeats"
    );
    let listed = lib.json(&["collections", "--json"]);
    assert_eq!(
        listed,
        serde_json::json!([{"name": "Reading list", "count": 3, "loaded": 3}])
    );
    lib.ok(&["collection", "remove", "Reading list", b]);
    lib.ok(&["collection", "rename", "Reading list", "Later"]);
    let shown = lib.json(&["collection", "show", "later", "--json"]);
    assert_eq!(ids(&shown), [a.clone(), c.clone()]);
    lib.ok(&["collection", "delete", "Later"]);
    assert_eq!(lib.json(&["collections", "--json"]), serde_json::json!([]));
}

#[test]
fn a_collection_filters_every_listing_and_several_or_together() {
    let lib = Lib::new();
    let all = builtin_ids();
    lib.ok(&["collection", "add", "One", &all[4], &all[1]]);
    lib.ok(&["collection", "add", "Two", &all[7]]);
    let kept = ids(&lib.json(&["list", "--json", "--collection", "One"]));
    assert_eq!(
        kept,
        [all[1].clone(), all[4].clone()],
        "canonical order in a listing"
    );
    let both = lib.json(&[
        "list",
        "--json",
        "--collection",
        "one",
        "--collection",
        "Two",
    ]);
    assert_eq!(ids(&both), [all[1].clone(), all[4].clone(), all[7].clone()]);
    let counts = lib.json(&[
        "authors",
        "--json",
        "--collection",
        "One",
        "--collection",
        "Two",
    ]);
    let total: u64 = counts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 3);
    let years = lib.json(&["timeline", "--json", "--collection", "Two"]);
    assert_eq!(years.as_array().unwrap().len(), 1);
    // With add's own filters: what they keep is added.
    lib.ok(&["collection", "add", "Undated", "--undated"]);
    let undated = ids(&json(&["list", "--json", "--undated"]));
    assert_eq!(
        ids(&lib.json(&["collection", "show", "Undated", "--json"])),
        undated
    );
}

#[test]
fn unknown_ids_and_collections_fail_and_change_nothing() {
    let lib = Lib::new();
    let all = builtin_ids();
    let err = lib.fails(1, &["collection", "add", "New", &all[0], "no-such-id"]);
    assert!(err.contains("no entry with id 'no-such-id'"), "{err}");
    assert_eq!(lib.json(&["collections", "--json"]), serde_json::json!([]));
    let err = lib.fails(1, &["list", "--collection", "Nope"]);
    assert!(
        err.contains("no collection named \u{201c}Nope\u{201d}"),
        "{err}"
    );
    lib.fails(1, &["collection", "show", "Nope"]);
    lib.fails(1, &["collection", "delete", "Nope"]);
    lib.ok(&["collection", "add", "Kept", &all[0]]);
    let err = lib.fails(1, &["collection", "remove", "Kept", &all[0], "stray"]);
    assert!(
        err.contains("does not hold stray; nothing was removed"),
        "{err}"
    );
    assert_eq!(
        ids(&lib.json(&["collection", "show", "Kept", "--json"])),
        [all[0].clone()]
    );
    lib.ok(&["collection", "add", "Other", &all[1]]);
    let err = lib.fails(1, &["collection", "rename", "Kept", "other"]);
    assert!(err.contains("already a collection named"), "{err}");
    lib.fails(2, &["collection", "add", "Kept"]);
}

#[test]
fn two_processes_adding_at_once_lose_nothing() {
    let lib = Lib::new();
    let all = builtin_ids();
    let (first, second) = all.split_at(all.len() / 2);
    let spawn = |ids: &[String]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_hotline"));
        cmd.env("HOTLINE_LIBRARY", &lib.path)
            .env(
                "HOTLINE_CACHE_DIR",
                concat!(env!("CARGO_TARGET_TMPDIR"), "/cache"),
            )
            .args(["collection", "add", "Shared"])
            .args(ids);
        cmd.stdout(std::process::Stdio::null()).spawn().unwrap()
    };
    // Each id on its own, from two processes at once.
    let mut children = Vec::new();
    for (a, b) in first.iter().zip(second) {
        children.push(spawn(std::slice::from_ref(a)));
        children.push(spawn(std::slice::from_ref(b)));
    }
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let mut held = ids(&lib.json(&["collection", "show", "Shared", "--json"]));
    held.sort();
    let mut want: Vec<String> = first
        .iter()
        .zip(second)
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    want.sort();
    assert_eq!(held, want);
}

#[test]
fn a_damaged_database_is_set_aside_and_the_command_carries_on() {
    let lib = Lib::new();
    std::fs::create_dir_all(lib.path.parent().unwrap()).unwrap();
    std::fs::write(&lib.path, "not a database at all, just some text here").unwrap();
    let out = lib.run(&["collections", "--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("was damaged; it was set aside as"),
        "{stderr}"
    );
    let aside: Vec<_> = std::fs::read_dir(lib.path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1);
}

#[test]
fn an_unwritable_data_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let out = hotline()
        .env("HOTLINE_LIBRARY", file.join("library.sqlite"))
        .args(["collection", "add", "X", "--undated"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("error: cannot make the folder of the library database"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}
