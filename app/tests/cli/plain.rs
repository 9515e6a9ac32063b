//! Plain folders (`--no-builtin`, files with no byline or date): output
//! shapes, exit codes, warnings and global options. These hold with any parser.

use crate::*;
use serde_json::Value;
use tempfile::TempDir;

fn plain_folder() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "one.txt",
        "Apples grow on trees in the orchard.\n\nThey are red.\n",
    );
    write(
        dir.path(),
        "two.txt",
        "Bananas grow in bunches.\n\nThey are yellow.\n",
    );
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(
        &dir.path().join("sub"),
        "three.txt",
        "Cherries are small fruit.\n",
    );
    dir
}

#[test]
fn list_json_has_the_contract_fields_and_types() {
    let dir = plain_folder();
    let list = json(&["--no-builtin", "--archive", arg(&dir), "list", "--json"]);
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 3);
    for e in items {
        let id = e["id"].as_str().unwrap();
        assert!(
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id}"
        );
        let title = e["title"].as_str().unwrap();
        assert!(!title.is_empty() && title.chars().count() <= 80);
        assert!(e["author"].is_null() || e["author"].is_string());
        assert!(e["date"].is_null() || e["date"].is_string());
        assert!(["article", "excerpt"].contains(&e["kind"].as_str().unwrap()));
        assert!(e["source"].as_str().unwrap().starts_with(arg(&dir)));
        assert!(e["words"].as_u64().unwrap() > 0);
        assert!(e["reading_minutes"].as_u64().unwrap() >= 1);
        assert!(e["sections"].is_array());
        assert!(e["captions"].is_array());
    }
    let all = ids(&list);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 3, "ids are unique");
    assert_eq!(all, unique, "undated entries are ordered by id");
    assert!(
        items
            .iter()
            .any(|e| e["source"].as_str().unwrap().ends_with("three.txt"))
    );
}

#[test]
fn ids_are_the_same_on_every_run() {
    let dir = plain_folder();
    let args = ["--no-builtin", "--archive", arg(&dir), "list", "--json"];
    assert_eq!(ids(&json(&args)), ids(&json(&args)));
}

#[test]
fn list_table_has_a_header_and_one_row_per_entry() {
    let dir = plain_folder();
    let list = json(&["--no-builtin", "--archive", arg(&dir), "list", "--json"]);
    let table = ok(&["--no-builtin", "--archive", arg(&dir), "list"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    for word in ["DATE", "AUTHOR", "WORDS", "ID", "TITLE"] {
        assert!(lines[0].contains(word), "{table}");
    }
    for (line, e) in lines[1..].iter().zip(list.as_array().unwrap()) {
        assert!(line.starts_with("undated"), "{line}");
        assert!(line.contains("(unknown)"), "{line}");
        assert!(line.contains(e["id"].as_str().unwrap()), "{line}");
        assert!(line.ends_with(e["title"].as_str().unwrap()), "{line}");
    }
    // Columns line up: every id starts at the same character.
    let col = |l: &str, id: &str| l.find(id).map(|b| l[..b].chars().count());
    let cols: Vec<_> = lines[1..]
        .iter()
        .zip(ids(&list))
        .map(|(l, id)| col(l, &id))
        .collect();
    assert!(cols.windows(2).all(|w| w[0] == w[1]), "{table}");
}

#[test]
fn empty_archive_is_an_empty_success() {
    assert_eq!(
        json(&["--no-builtin", "list", "--json"]),
        Value::Array(vec![])
    );
    assert_eq!(ok(&["--no-builtin", "list"]), "");
    assert_eq!(
        json(&["--no-builtin", "authors", "--json"]),
        Value::Array(vec![])
    );
    assert_eq!(
        json(&["--no-builtin", "timeline", "--json"]),
        Value::Array(vec![])
    );
}

#[test]
fn global_options_work_after_the_subcommand() {
    let dir = plain_folder();
    let before = json(&["--no-builtin", "--archive", arg(&dir), "list", "--json"]);
    let after = json(&["list", "--json", "--archive", arg(&dir), "--no-builtin"]);
    assert_eq!(before, after);
    assert_eq!(after.as_array().unwrap().len(), 3);
}

#[test]
fn archive_is_repeatable() {
    let one = plain_folder();
    let two = tempfile::tempdir().unwrap();
    write(two.path(), "four.txt", "Dates are sweet.\n");
    let list = json(&[
        "--no-builtin",
        "--archive",
        arg(&one),
        "--archive",
        arg(&two),
        "list",
        "--json",
    ]);
    assert_eq!(list.as_array().unwrap().len(), 4);
}

#[test]
fn bad_files_warn_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "good.txt",
        "A good plain article about support.\n",
    );
    std::fs::write(
        dir.path().join("image.dat"),
        [0u8, 159, 146, 150, 0, 0, 1, 2],
    )
    .unwrap();
    std::fs::write(dir.path().join("manifest.jsonl"), "{\"title\": \"x\"}\n").unwrap();
    let out = hotline()
        .args(["--no-builtin", "--archive", arg(&dir), "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let bin = dir.path().join("image.dat");
    let warning = format!("warning: {}: ", bin.display());
    assert!(stderr.lines().any(|l| l.starts_with(&warning)), "{stderr}");
    let summary = format!(
        "warning: {}: skipped 1 file that is not an article: .jsonl 1",
        dir.path().display()
    );
    assert!(stderr.lines().any(|l| l == summary), "{stderr}");
    assert!(!stderr.contains("good.txt"), "{stderr}");
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0]["source"].as_str().unwrap().ends_with("good.txt"));
}

#[test]
fn warnings_come_with_every_command() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "good.txt",
        "A good plain article about support.\n",
    );
    write(dir.path(), "empty.txt", "");
    for cmd in [
        &["list"][..],
        &["authors"],
        &["timeline"],
        &["list", "--json"],
    ] {
        let out = hotline()
            .args(["--no-builtin", "--archive", arg(&dir)])
            .args(cmd)
            .output()
            .unwrap();
        assert!(out.status.success());
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("warning: ") && stderr.contains("empty.txt"),
            "{cmd:?}: {stderr}"
        );
    }
}

#[test]
fn missing_archive_folder_fails_with_1() {
    let err = fails(1, &["--archive", "/no/such/folder/hotline", "list"]);
    assert!(err.contains("/no/such/folder/hotline"), "{err}");
}

#[test]
fn show_prints_each_format() {
    let dir = plain_folder();
    let base = ["--no-builtin", "--archive", arg(&dir)];
    let list = json(&[&base[..], &["list", "--json"]].concat());
    let apples = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"].as_str().unwrap().ends_with("one.txt"))
        .unwrap();
    let id = apples["id"].as_str().unwrap();
    let title = apples["title"].as_str().unwrap();

    let txt = ok(&[&base[..], &["show", id]].concat());
    assert!(txt.starts_with(&format!("{title}\nSource: ")), "{txt}");
    assert!(txt.contains("\n\nThey are red.\n"), "{txt}");
    assert_eq!(
        txt,
        ok(&[&base[..], &["show", id, "--format", "txt"]].concat())
    );

    let md = ok(&[&base[..], &["show", "--format", "md", id]].concat());
    assert!(md.starts_with("---\ntitle: "), "{md}");
    assert!(md.contains(&format!("\nid: {id}\n")), "{md}");
    assert!(
        md.contains("\nauthor: null\ndate: null\nkind: article\n"),
        "{md}"
    );
    assert!(md.contains(&format!("---\n\n# {title}\n")), "{md}");

    let full: Value =
        serde_json::from_str(&ok(&[&base[..], &["show", id, "--format", "json"]].concat()))
            .unwrap();
    assert_eq!(full["id"], id);
    assert_eq!(full["title"], title);
    assert_eq!(full["words"], apples["words"]);
    let blocks = full["blocks"].as_array().unwrap();
    assert!(
        blocks
            .iter()
            .any(|b| b["type"] == "paragraph" && b["text"] == "They are red."),
        "{full}"
    );
}

#[test]
fn show_unknown_id_fails_with_1() {
    let err = fails(1, &["--no-builtin", "show", "no-such-entry"]);
    assert_eq!(err.trim_end(), "error: no entry with id 'no-such-entry'");
}

#[test]
fn usage_errors_exit_2() {
    let bad_dates = ["2007-13", "07", "2007-3", "2008-02-30", "March 2007", ""];
    for bad in bad_dates {
        let err = fails(2, &["--no-builtin", "list", "--from", bad]);
        assert!(err.contains("YYYY"), "{err}");
        fails(2, &["--no-builtin", "list", "--to", bad]);
    }
    fails(2, &["--no-builtin", "list", "--kind", "essay"]);
    fails(2, &["--no-builtin", "list", "--frobnicate"]);
    fails(2, &["--no-builtin", "frobnicate"]);
    fails(2, &["--no-builtin", "show"]);
    fails(2, &["--no-builtin", "show", "x", "--format", "pdf"]);
    fails(2, &["--no-builtin", "timeline", "--by", "week"]);
}

#[test]
fn search_and_export_arguments_are_checked() {
    fails(2, &["--no-builtin", "search"]);
    fails(2, &["--no-builtin", "search", "x", "--limit", "many"]);
    fails(2, &["--no-builtin", "search", "x", "--from", "2007-00"]);
    fails(2, &["--no-builtin", "export"]);
    fails(
        2,
        &["--no-builtin", "export", "--out", "x", "--layout", "zip"],
    );
    fails(
        2,
        &["--no-builtin", "export", "--out", "x", "--format", "doc"],
    );
}

#[test]
fn help_and_version_succeed() {
    let help = ok(&["--help"]);
    for cmd in ["list", "show", "search", "authors", "timeline", "export"] {
        assert!(help.contains(cmd), "{help}");
    }
    assert!(ok(&["list", "--help"]).contains("--author"));
    assert!(ok(&["--version"]).starts_with("hotline "));
}

#[test]
fn filters_on_undated_entries() {
    let dir = plain_folder();
    let base = ["--no-builtin", "--archive", arg(&dir), "list", "--json"];
    let count = |extra: &[&str]| json(&[&base[..], extra].concat()).as_array().unwrap().len();
    assert_eq!(count(&[]), 3);
    assert_eq!(count(&["--undated"]), 3);
    assert_eq!(count(&["--kind", "article"]), 3);
    assert_eq!(count(&["--kind", "excerpt"]), 0);
    assert_eq!(
        count(&["--from", "1990"]),
        0,
        "a date range drops undated entries"
    );
    assert_eq!(count(&["--to", "2100-01-01"]), 0);
    assert_eq!(count(&["--author", "Nobody Atall"]), 0);
    assert_eq!(count(&["--undated", "--kind", "article"]), 3);
}

#[test]
fn counts_of_undated_unknown_entries() {
    let dir = plain_folder();
    let base = ["--no-builtin", "--archive", arg(&dir)];
    let authors = json(&[&base[..], &["authors", "--json"]].concat());
    assert_eq!(authors, serde_json::json!([{"author": null, "count": 3}]));
    let timeline = json(&[&base[..], &["timeline", "--json", "--by", "month"]].concat());
    assert_eq!(timeline, serde_json::json!([{"period": null, "count": 3}]));
    let table = ok(&[&base[..], &["authors"]].concat());
    assert_eq!(
        table
            .lines()
            .nth(1)
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>),
        Some(vec!["3", "(unknown)"])
    );
    let table = ok(&[&base[..], &["timeline"]].concat());
    let row = table.lines().nth(1).unwrap();
    assert!(
        row.starts_with("undated") && row.contains(" 3 ") && row.ends_with('█'),
        "{table}"
    );
}

#[test]
fn a_closed_stdout_is_not_a_crash() {
    use std::process::{Command as StdCommand, Stdio};
    let dir = tempfile::tempdir().unwrap();
    for i in 0..300 {
        write(
            dir.path(),
            &format!("f{i:03}.txt"),
            &format!("Article number {i} about support.\n"),
        );
    }
    for args in [&["list", "--json"][..], &["list"]] {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_hotline"))
            .args(["--no-builtin", "--archive", arg(&dir)])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
    }
}
