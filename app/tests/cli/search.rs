//! `hotline search` and `--query` end to end on a small folder with a
//! parse and index cache.

use assert_cmd::Command;
use serde_json::Value;

struct Folder {
    docs: tempfile::TempDir,
    cache: tempfile::TempDir,
}

fn folder() -> Folder {
    let f = Folder {
        docs: tempfile::tempdir().unwrap(),
        cache: tempfile::tempdir().unwrap(),
    };
    let write = |name: &str, text: &str| std::fs::write(f.docs.path().join(name), text).unwrap();
    write(
        "a.txt",
        "By Jane Doe\n\nThe escalation desk answers every customer quickly.\n\nMarch 24, 2007",
    );
    write(
        "b.txt",
        "By John Roe\n\nRenewals depend on customer loyalty and a calm escalation.\n\nMay 2, 2008",
    );
    write(
        "c.txt",
        "By John Roe\n\nNothing to see here, only bananas.\n\nJune 1, 2008",
    );
    f
}

fn run(f: &Folder, args: &[&str]) -> std::process::Output {
    let dir = f.docs.path().to_str().unwrap();
    Command::new(env!("CARGO_BIN_EXE_hotline"))
        .env("HOTLINE_CACHE_DIR", f.cache.path())
        .env_remove("RUST_BACKTRACE")
        .args(["--no-builtin", "--archive", dir])
        .args(args)
        .output()
        .unwrap()
}

fn json(f: &Folder, args: &[&str]) -> Vec<Value> {
    let out = run(f, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn search_json_has_hits_best_first_with_highlight_offsets() {
    let f = folder();
    let hits = json(&f, &["search", "escalation", "--json"]);
    assert_eq!(hits.len(), 2);
    for h in &hits {
        for key in [
            "id",
            "title",
            "score",
            "snippet",
            "highlights",
            "author",
            "date",
            "kind",
        ] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
        let snippet = h["snippet"].as_str().unwrap();
        let [s, e] = [0, 1].map(|i| h["highlights"][0][i].as_u64().unwrap() as usize);
        assert_eq!(&snippet[s..e], "escalation");
    }
    assert!(hits[0]["score"].as_f64() >= hits[1]["score"].as_f64());
    // FILTERS combine with the query (the files here need no parser
    // support for bylines or dates).
    assert!(json(&f, &["search", "escalation", "--kind", "excerpt", "--json"]).is_empty());
    assert_eq!(
        json(&f, &["search", "escalation", "--kind", "article", "--json"]).len(),
        2
    );
    assert_eq!(
        json(&f, &["search", "escalation", "--limit", "1", "--json"]).len(),
        1
    );
    assert!(
        f.cache.path().read_dir().unwrap().next().is_some(),
        "index cached"
    );
}

#[test]
fn searching_again_gives_the_same_hits_and_follows_edits() {
    let f = folder();
    let first = json(&f, &["search", "escalation", "--json"]);
    // Both caches exist now: the folder is read as outlines, the hits'
    // snippets from their files.
    assert_eq!(json(&f, &["search", "escalation", "--json"]), first);
    let listed = json(&f, &["list", "--query", "escalation", "--json"]);
    assert_eq!(listed.len(), 2);
    std::fs::write(
        f.docs.path().join("b.txt"),
        "By John Roe\n\nRenewals depend on loyalty alone, nothing else at all.\n\nMay 2, 2008",
    )
    .unwrap();
    let after = json(&f, &["search", "escalation", "--json"]);
    assert_eq!(after.len(), 1);
    assert_eq!(
        after[0]["id"],
        first.iter().find(|h| h["author"] == "Jane Doe").unwrap()["id"]
    );
    let loyal = json(&f, &["search", "loyalty", "--json"]);
    assert_eq!(loyal.len(), 1);
    assert!(loyal[0]["snippet"].as_str().unwrap().contains("alone"));
    assert_eq!(json(&f, &["search", "loyalty", "--json"]), loyal);
}

#[test]
fn human_output_marks_hits_when_not_a_terminal() {
    let f = folder();
    let out = run(&f, &["search", "bananas"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1. ") && text.contains("[bananas]"), "{text}");
    assert!(!text.contains('\x1b'));
}

#[test]
fn malformed_queries_exit_2_with_an_error() {
    let f = folder();
    for q in ["\"unclosed", "-", "date:abc", "kind:poem", ""] {
        let out = run(&f, &["search", q]);
        assert_eq!(out.status.code(), Some(2), "{q}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("error: "), "{q}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = run(&f, &["search", "-bananas", "--json"]);
    assert!(
        out.status.success(),
        "a leading minus is a query, not an option"
    );
    let out = run(&f, &["list", "--query", "date:abc"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn query_narrows_list_and_typos_are_labelled() {
    let f = folder();
    let ids = |v: Vec<Value>| {
        v.iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let listed = ids(json(
        &f,
        &["list", "--query", "customer -loyalty", "--json"],
    ));
    let all = ids(json(&f, &["list", "--json"]));
    assert_eq!(listed.len(), 1);
    assert!(all.contains(&listed[0]));
    assert!(
        json(
            &f,
            &["list", "--query", "escalation kind:excerpt", "--json"]
        )
        .is_empty()
    );
    let in_search = json(&f, &["search", "customer", "--query=-loyalty", "--json"]);
    assert_eq!(ids(in_search), listed);
    // A query that starts with a minus is a value, not an option.
    let in_search = json(&f, &["search", "customer", "--query", "-loyalty", "--json"]);
    assert_eq!(ids(in_search), listed);
    let out = run(&f, &["search", "escalaton", "--json"]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("escalation"), "{err}");
    let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 2);
}
