//! The `hotline` command line, end to end, against the contract in
//! `docs/CLI.md`: every command, filter, output shape, exit status and
//! message.
//!
//! Three groups:
//! - plain folders (`--no-builtin`, files with no byline or date): output
//!   shapes, exit codes, warnings, global options;
//! - `meta_*`: small folders with bylines, dates and a teaser page, for the
//!   filters and counts (these rely on the parser reading `By …` and dates);
//! - `builtin_*`: the embedded corpus, checked against `EXPECTED.md`.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

fn hotline() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hotline"));
    cmd.env("NO_COLOR", "1").env_remove("RUST_BACKTRACE");
    cmd
}

/// Runs `hotline ARGS`, expects exit 0 and returns stdout.
fn ok(args: &[&str]) -> String {
    let out = hotline().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `hotline ARGS` and parses stdout as JSON.
fn json(args: &[&str]) -> Value {
    let text = ok(args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

/// Runs `hotline ARGS`, expects exit `code`, no stdout, and returns stderr,
/// which must start with `error: ` and carry no panic.
fn fails(code: i32, args: &[&str]) -> String {
    let out = hotline().args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
    stderr
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Three files with no byline and no date.
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

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect()
}

fn arg(dir: &TempDir) -> &str {
    dir.path().to_str().unwrap()
}

// ---------------------------------------------------------------- plain

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
        dir.path().join("image.bin"),
        [0u8, 159, 146, 150, 0, 0, 1, 2],
    )
    .unwrap();
    let out = hotline()
        .args(["--no-builtin", "--archive", arg(&dir), "list", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    let bin = dir.path().join("image.bin");
    let warning = format!("warning: {}: ", bin.display());
    assert!(stderr.lines().any(|l| l.starts_with(&warning)), "{stderr}");
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
fn search_export_and_query_are_not_yet_available() {
    let not_yet = |args: &[&str], what: &str| {
        let err = fails(2, args);
        assert!(
            err.contains(what) && err.contains("not yet available"),
            "{err}"
        );
    };
    not_yet(&["--no-builtin", "search", "support"], "search");
    not_yet(&["--no-builtin", "list", "--query", "support"], "search");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("all.txt");
    not_yet(
        &["--no-builtin", "export", "--out", target.to_str().unwrap()],
        "export",
    );
    assert!(!target.exists());
    // Their arguments are already checked.
    fails(2, &["--no-builtin", "search"]);
    fails(2, &["--no-builtin", "search", "x", "--limit", "many"]);
    fails(2, &["--no-builtin", "export"]);
    fails(
        2,
        &["--no-builtin", "export", "--out", "x", "--layout", "zip"],
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

// ---------------------------------------------------------------- meta

/// Articles by two authors over three months and two years, an undated
/// article without byline and an index page with two teasers.
fn meta_folder() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "a.txt",
        "By Jane Doe\n\nFirst piece about customer support teams.\n\nMarch 24, 2007\n",
    );
    write(
        p,
        "b.txt",
        "By John Roe\n\nSecond piece about service desks.\n\nDecember 12, 2007\n",
    );
    write(
        p,
        "c.txt",
        "By Jane Doe\n\nThird piece about cloud products.\n\nMay 15, 2008\n",
    );
    write(
        p,
        "d.txt",
        "By Jane Doe\n\nFourth piece about help centres.\n\nMarch 2, 2007\n",
    );
    write(
        p,
        "e.txt",
        "An unsigned and undated note on support metrics.\n",
    );
    write(
        p,
        "index.txt",
        "A teaser about escalations.\n\nContinue Reading »\n\nA teaser about onboarding.\n\nContinue Reading »\n",
    );
    dir
}

/// `list --json` over the meta folder with extra filter arguments:
/// (date or "-", author or "-") per entry, in output order.
fn meta_list(dir: &TempDir, extra: &[&str]) -> Vec<(String, String)> {
    let list = json(
        &[
            &["--no-builtin", "--archive", arg(dir), "list", "--json"][..],
            extra,
        ]
        .concat(),
    );
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap_or("-").to_string(),
                e["author"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn meta_list_is_ordered_by_date_undated_last() {
    let dir = meta_folder();
    assert_eq!(
        meta_list(&dir, &[]),
        pairs(&[
            ("2007-03-02", "Jane Doe"),
            ("2007-03-24", "Jane Doe"),
            ("2007-12-12", "John Roe"),
            ("2008-05-15", "Jane Doe"),
            ("-", "-"),
            ("-", "-"),
            ("-", "-"),
        ])
    );
    let list = json(&["--no-builtin", "--archive", arg(&dir), "list", "--json"]);
    let undated: Vec<String> = ids(&list)[4..].to_vec();
    let mut sorted = undated.clone();
    sorted.sort();
    assert_eq!(undated, sorted, "undated ties are ordered by id");
}

#[test]
fn meta_author_filter_is_case_insensitive_exact_and_ors() {
    let dir = meta_folder();
    let jane = pairs(&[
        ("2007-03-02", "Jane Doe"),
        ("2007-03-24", "Jane Doe"),
        ("2008-05-15", "Jane Doe"),
    ]);
    assert_eq!(meta_list(&dir, &["--author", "jane doe"]), jane);
    assert_eq!(meta_list(&dir, &["--author", "JANE DOE"]), jane);
    assert_eq!(meta_list(&dir, &["--author", "Jane"]), pairs(&[]));
    assert_eq!(
        meta_list(&dir, &["--author", "Jane Doe", "--author", "john roe"]).len(),
        4
    );
}

#[test]
fn meta_date_filters_at_each_precision() {
    let dir = meta_folder();
    let dates = |extra: &[&str]| -> Vec<String> {
        meta_list(&dir, extra).into_iter().map(|p| p.0).collect()
    };
    assert_eq!(dates(&["--from", "2008"]), ["2008-05-15"]);
    assert_eq!(
        dates(&["--to", "2007"]),
        ["2007-03-02", "2007-03-24", "2007-12-12"]
    );
    assert_eq!(
        dates(&["--from", "2007-03", "--to", "2007-03"]),
        ["2007-03-02", "2007-03-24"]
    );
    assert_eq!(
        dates(&["--from", "2007-03-24", "--to", "2007-12-12"]),
        ["2007-03-24", "2007-12-12"]
    );
    assert_eq!(
        dates(&["--from", "2007-03-03", "--to", "2007-12-11"]),
        ["2007-03-24"]
    );
    assert_eq!(dates(&["--from", "2009"]), Vec::<String>::new());
    assert_eq!(dates(&["--undated"]), ["-", "-", "-"]);
}

#[test]
fn meta_kind_and_combinations() {
    let dir = meta_folder();
    let base = ["--no-builtin", "--archive", arg(&dir), "list", "--json"];
    let excerpts = json(&[&base[..], &["--kind", "excerpt"]].concat());
    let excerpts = excerpts.as_array().unwrap();
    assert_eq!(excerpts.len(), 2);
    for e in excerpts {
        assert_eq!(e["kind"], "excerpt");
        assert!(e["page"]["source"].as_str().unwrap().ends_with("index.txt"));
        assert_eq!(e["page"]["of"], 2);
    }
    assert_eq!(meta_list(&dir, &["--kind", "article"]).len(), 5);
    assert_eq!(
        meta_list(&dir, &["--kind", "article", "--undated"]),
        pairs(&[("-", "-")])
    );
    assert_eq!(
        meta_list(
            &dir,
            &[
                "--author",
                "jane doe",
                "--from",
                "2007-03-10",
                "--kind",
                "article"
            ]
        ),
        pairs(&[("2007-03-24", "Jane Doe"), ("2008-05-15", "Jane Doe")])
    );
    assert_eq!(
        meta_list(&dir, &["--author", "john roe", "--undated"]),
        pairs(&[])
    );
}

#[test]
fn meta_authors_and_timeline() {
    let dir = meta_folder();
    let base = ["--no-builtin", "--archive", arg(&dir)];
    let run = |extra: &[&str]| json(&[&base[..], extra].concat());
    assert_eq!(
        run(&["authors", "--json"]),
        serde_json::json!([
            {"author": "Jane Doe", "count": 3},
            {"author": "John Roe", "count": 1},
            {"author": null, "count": 3}
        ])
    );
    assert_eq!(
        run(&["timeline", "--json"]),
        serde_json::json!([
            {"period": "2007", "count": 3},
            {"period": "2008", "count": 1},
            {"period": null, "count": 3}
        ])
    );
    assert_eq!(
        run(&["timeline", "--by", "month", "--json"]),
        serde_json::json!([
            {"period": "2007-03", "count": 2},
            {"period": "2007-12", "count": 1},
            {"period": "2008-05", "count": 1},
            {"period": null, "count": 3}
        ])
    );
    assert_eq!(
        run(&["authors", "--json", "--from", "2008"]),
        serde_json::json!([{"author": "Jane Doe", "count": 1}])
    );
    assert_eq!(
        run(&["timeline", "--json", "--author", "john roe"]),
        serde_json::json!([{"period": "2007", "count": 1}])
    );
    let table = ok(&[&base[..], &["authors"]].concat());
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["3", "Jane", "Doe"],
            vec!["1", "John", "Roe"],
            vec!["3", "(unknown)"]
        ]
    );
}

#[test]
fn meta_show_txt_has_byline_and_long_date() {
    let dir = meta_folder();
    let base = ["--no-builtin", "--archive", arg(&dir)];
    let list = json(&[&base[..], &["list", "--json", "--from", "2008"]].concat());
    let id = list[0]["id"].as_str().unwrap();
    let txt = ok(&[&base[..], &["show", id]].concat());
    let title = list[0]["title"].as_str().unwrap();
    assert!(
        txt.starts_with(&format!("{title}\nBy Jane Doe\nMay 15, 2008\nSource: ")),
        "{txt}"
    );
    let md = ok(&[&base[..], &["show", id, "--format", "md"]].concat());
    assert!(
        md.contains("\nauthor: \"Jane Doe\"\ndate: 2008-05-15\n"),
        "{md}"
    );
}

// ---------------------------------------------------------------- builtin

#[test]
fn builtin_authors_match_expected() {
    assert_eq!(
        json(&["authors", "--json"]),
        serde_json::json!([
            {"author": "Mikael Blaisdell", "count": 3},
            {"author": "Robert Butche", "count": 1},
            {"author": null, "count": 8}
        ])
    );
}

#[test]
fn builtin_timeline_matches_expected() {
    assert_eq!(
        json(&["timeline", "--json"]),
        serde_json::json!([
            {"period": "2007", "count": 3},
            {"period": "2008", "count": 1},
            {"period": null, "count": 8}
        ])
    );
    assert_eq!(
        json(&["timeline", "--by", "month", "--json"]),
        serde_json::json!([
            {"period": "2007-03", "count": 1},
            {"period": "2007-07", "count": 1},
            {"period": "2007-12", "count": 1},
            {"period": "2008-05", "count": 1},
            {"period": null, "count": 8}
        ])
    );
}

#[test]
fn builtin_list_matches_expected() {
    let list = json(&["list", "--json"]);
    let items = list.as_array().unwrap();
    assert_eq!(items.len(), 12);
    let row = |e: &Value| {
        format!(
            "{} {} {} {}",
            e["source"].as_str().unwrap().trim_start_matches("builtin/"),
            e["kind"].as_str().unwrap(),
            e["date"].as_str().unwrap_or("-"),
            e["author"].as_str().unwrap_or("-")
        )
    };
    let rows: Vec<String> = items.iter().map(row).collect();
    assert_eq!(
        rows[..4],
        [
            "000_d1407e68f245a19b.txt article 2007-03-24 Mikael Blaisdell",
            "003_77afbe2757c9b509.txt article 2007-07-25 Mikael Blaisdell",
            "001_04f353110890ce60.txt article 2007-12-12 Robert Butche",
            "004_d19514317767b5a9.txt article 2008-05-15 Mikael Blaisdell",
        ]
    );
    for (i, r) in rows[4..].iter().enumerate() {
        assert_eq!(r, "002_003c91b8c5e9534a.txt excerpt - -", "{i}");
        assert_eq!(items[4 + i]["page"]["of"], 8);
    }
    assert_eq!(
        items[0]["sections"],
        serde_json::json!(["Vision at all Levels", "Charting the Right Course"])
    );
    assert_eq!(
        items[0]["captions"],
        serde_json::json!([
            "Hubble Telescope over Earth",
            "Through the Lens",
            "Under the Microscope"
        ])
    );
    let undated: Vec<String> = ids(&list)[4..].to_vec();
    let mut sorted = undated.clone();
    sorted.sort();
    assert_eq!(undated, sorted);
}

#[test]
fn builtin_filters_match_expected() {
    let count = |extra: &[&str]| {
        json(&[&["list", "--json"][..], extra].concat())
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&["--author", "mikael blaisdell"]), 3);
    assert_eq!(
        count(&["--author", "Mikael Blaisdell", "--author", "ROBERT BUTCHE"]),
        4
    );
    assert_eq!(count(&["--from", "2007-07", "--to", "2007-12-12"]), 2);
    assert_eq!(count(&["--kind", "excerpt"]), 8);
    assert_eq!(count(&["--undated"]), 8);
}

#[test]
fn builtin_ids_and_titles_are_well_formed() {
    // Holds with any parser: ids [a-z0-9-]+, unique; titles 1..=80 chars.
    let list = json(&["list", "--json"]);
    let all = ids(&list);
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len());
    assert!(all.iter().all(|id| {
        !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }));
    for e in list.as_array().unwrap() {
        let t = e["title"].as_str().unwrap();
        assert!(!t.is_empty() && t.chars().count() <= 80, "{t}");
        assert!(e["source"].as_str().unwrap().starts_with("builtin/"));
    }
}
