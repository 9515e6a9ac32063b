//! Full-text queries on the command line: a filter's `--query` acts on the
//! words as typed, `search` corrects only a word close to an indexed one
//! and says so, repeated operators of one field are alternatives, and a
//! reversed date range is a usage error that shows the range swapped.

use crate::*;
use std::process::Output;
use tempfile::TempDir;

/// Articles about support by two authors in 2007 and 2008, and an index
/// page whose two teasers also mention support.
fn support_folder() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "a.txt",
            "By Jane Doe\n\nCustomer support teams answer every call.\n\nMarch 24, 2007\n",
        ),
        (
            "b.txt",
            "By John Roe\n\nSupport desks and their metrics.\n\nDecember 12, 2008\n",
        ),
        (
            "c.txt",
            "By Jane Doe\n\nCloud products, nothing else.\n\nMay 15, 2008\n",
        ),
        (
            "index.txt",
            "A teaser about support escalations.\n\nContinue Reading »\n\n\
             A teaser about support onboarding.\n\nContinue Reading »\n",
        ),
    ] {
        write(dir.path(), name, text);
    }
    dir
}

fn run(dir: &TempDir, args: &[&str]) -> Output {
    hotline()
        .args(["--no-builtin", "--archive", arg(dir)])
        .args(args)
        .output()
        .unwrap()
}

/// Runs a command that must succeed: (stdout, stderr).
fn run_ok(dir: &TempDir, args: &[&str]) -> (String, String) {
    let out = run(dir, args);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{args:?}: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// The ids a `--json` command prints.
fn json_ids(dir: &TempDir, args: &[&str]) -> Vec<String> {
    let (stdout, _) = run_ok(dir, &[args, &["--json"]].concat());
    ids(&serde_json::from_str(&stdout).unwrap())
}

#[test]
fn a_filter_query_is_never_rewritten_by_the_typo_fallback() {
    let dir = support_folder();
    assert_eq!(json_ids(&dir, &["list", "--query", "support"]).len(), 4);
    let (stdout, stderr) = run_ok(&dir, &["list", "--query", "supprot"]);
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
    for cmd in ["list", "authors", "timeline"] {
        let (stdout, stderr) = run_ok(&dir, &[cmd, "--query", "supprot", "--json"]);
        assert_eq!(stdout.trim(), "[]", "{cmd}");
        assert_eq!(stderr, "", "{cmd}");
    }
}

#[test]
fn an_export_of_a_mistyped_query_exports_no_entry() {
    let dir = support_folder();
    let out_dir = tempfile::tempdir().unwrap();
    let target = out_dir.path().join("q.txt");
    let out = run(
        &dir,
        &[
            "export",
            "--query",
            "supprot",
            "--out",
            target.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("showing results"), "{stderr}");
    // Either nothing is written or a file without any entry's text.
    let written = std::fs::read_to_string(&target).unwrap_or_default();
    assert!(!written.to_lowercase().contains("support"), "{written}");
    assert!(!written.contains("Jane Doe") && !written.contains("John Roe"));
}

#[test]
fn search_of_a_typo_falls_back_with_a_note() {
    let dir = support_folder();
    let (stdout, stderr) = run_ok(&dir, &["search", "supprot"]);
    assert_eq!(
        stderr,
        "note: nothing matched \"supprot\"; showing results for \"support\"\n"
    );
    assert!(
        stdout.contains("[Support]") || stdout.contains("[support]"),
        "{stdout}"
    );
}

#[test]
fn pasted_strings_noise_and_operator_soup_are_never_corrected() {
    let dir = support_folder();
    let sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    // 500 letters from a fixed linear congruential sequence.
    let mut x = 12345u32;
    let noise: String = (0..500)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            char::from(b'a' + ((x >> 16) % 26) as u8)
        })
        .collect();
    for q in [
        sha,
        noise.as_str(),
        "support^10",
        "[a-z]+",
        "a:b:c",
        "suppxxx",
    ] {
        let (stdout, stderr) = run_ok(&dir, &["search", q]);
        assert!(!stderr.contains("showing results"), "{q}: {stderr}");
        assert_eq!(stdout, "", "{q}");
    }
}

#[test]
fn repeated_operators_of_one_field_are_alternatives_like_authors() {
    let dir = support_folder();
    let search = |q: &str| json_ids(&dir, &["search", q, "--limit", "100"]);
    let any_kind = search("support");
    assert_eq!(any_kind.len(), 4);
    assert_eq!(search("support kind:excerpt").len(), 2);
    assert_eq!(search("support kind:excerpt kind:article"), any_kind);
    assert_eq!(search("support kind:article kind:excerpt"), any_kind);
    let mut years = search("support date:2007");
    years.extend(search("support date:2008"));
    years.sort();
    let mut both = search("support date:2007 date:2008");
    both.sort();
    assert_eq!(both, years);
    assert_eq!(both.len(), 2);
    let mut authors = search("support author:doe author:roe");
    authors.sort();
    assert_eq!(authors, both);
    // Different fields still all apply.
    assert_eq!(
        search("support kind:excerpt kind:article date:2008 author:jane"),
        Vec::<String>::new()
    );
    let listed = json_ids(&dir, &["list", "--query", "kind:excerpt kind:article"]);
    assert_eq!(listed, json_ids(&dir, &["list"]));
}

#[test]
fn reversed_date_ranges_are_usage_errors_that_show_the_range_swapped() {
    let dir = support_folder();
    let folder = ["--no-builtin", "--archive", arg(&dir)];
    for args in [
        &["search", "support date:2099..1800"][..],
        &["list", "--query", "date:2099..1800"],
        &[
            "export",
            "--query",
            "date:2099..1800",
            "--out",
            "/nonexistent/never.txt",
        ],
    ] {
        let err = fails(2, &[&folder[..], args].concat());
        assert!(err.contains("reversed"), "{args:?}: {err}");
        assert!(err.contains("'date:1800..2099'"), "{args:?}: {err}");
    }
    for cmd in [
        &["list"][..],
        &["search", "support"],
        &["authors"],
        &["timeline"],
        &["export", "--out", "/nonexistent/never.txt"],
    ] {
        let args = [&folder[..], cmd, &["--from", "2099", "--to", "1800"]].concat();
        let err = fails(2, &args);
        assert!(err.contains("reversed"), "{args:?}: {err}");
        assert!(err.contains("'--from 1800 --to 2099'"), "{args:?}: {err}");
    }
    // A month after its own year is inside it, not reversed.
    run_ok(&dir, &["list", "--from", "2008-05", "--to", "2008"]);
}

#[test]
fn search_help_says_how_repeated_operators_combine_and_when_typos_are_corrected() {
    let help = ok(&["search", "--help"]);
    assert!(
        help.contains("Repeated values of one operator are alternatives"),
        "{help}"
    );
    assert!(
        help.contains("--query filters are never corrected"),
        "{help}"
    );
}
