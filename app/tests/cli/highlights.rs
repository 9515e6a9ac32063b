//! Highlights and notes on the command line: `show` by link, `highlights`
//! listing them, and `highlights export` writing them. The highlights are
//! made through the library's database, as the window makes them.

use crate::collections::{Lib, builtin_ids};
use crate::*;
use hotline::db::{Anchor, Colour, Library};

/// Adds a highlight of `quote` (found in the entry's text) to `entry`.
pub fn highlight(lib: &Lib, entry: &str, quote: &str, colour: Colour, note: &str) -> i64 {
    let mut db = Library::open(&lib.path).unwrap().library;
    let anchor = Anchor {
        quote: quote.into(),
        prefix: String::new(),
        suffix: String::new(),
        start: 0,
        end: quote.len() as u64,
        text_hash: 0,
    };
    db.add_highlight(entry, anchor, colour, note).unwrap().id
}

#[test]
fn show_opens_a_link_and_names_its_highlight() {
    let lib = Lib::new();
    let id = &builtin_ids()[0];
    let by_id = lib.ok(&["show", id]);
    assert_eq!(lib.ok(&["show", &format!("hotline://entry/{id}")]), by_id);
    let h = highlight(&lib, id, "companies", Colour::Pink, "who?");
    let out = lib.run(&["show", &format!("hotline://entry/{id}#h={h}")]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), by_id);
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        format!("note: highlight {h} (pink): \u{201c}companies\u{201d} \u{2014} note: who?\n")
    );
    let out = lib.run(&["show", &format!("hotline://entry/{id}#h=999")]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("warning: entry"));
    let err = lib.fails(2, &["show", "hotline://entry/x%zz"]);
    assert!(err.contains("percent-encoded"), "{err}");
    lib.fails(1, &["show", "hotline://entry/no-such-entry"]);
}

/// Adds a highlight of `quote` where it first is in the entry's text,
/// anchored as the window anchors one.
fn placed(lib: &Lib, entry: &str, quote: &str, colour: Colour, note: &str) -> i64 {
    let shown = json(&["show", entry, "--format", "json"]);
    let blocks: Vec<&str> = shown["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap())
        .collect();
    let text = hotline::marks::EntryText::from_blocks(blocks);
    let at = text.as_str().find(quote).unwrap();
    let anchor = hotline::marks::make(&text, at..at + quote.len());
    let mut db = Library::open(&lib.path).unwrap().library;
    db.add_highlight(entry, anchor, colour, note).unwrap().id
}

/// The `id` of each row of a `highlights --json` listing.
fn row_ids(listed: &Value) -> Vec<Value> {
    listed
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].clone())
        .collect()
}

#[test]
fn highlights_are_listed_newest_first_or_in_reading_order_by_colour_and_collection() {
    let lib = Lib::new();
    let all = builtin_ids();
    let (a, b) = (&all[0], &all[1]);
    let h1 = placed(&lib, a, "companies", Colour::Pink, "who?");
    let h2 = placed(&lib, b, "Support", Colour::Green, "");
    let h3 = placed(&lib, a, "years", Colour::Green, "");
    let mut db = Library::open(&lib.path).unwrap().library;
    db.set_entry_note(a, "Read again.").unwrap();
    drop(db);
    let listed = lib.json(&["highlights", "--json"]);
    let ids = row_ids(&listed);
    assert_eq!(
        ids,
        [Value::Null, h3.into(), h2.into(), h1.into()],
        "newest first"
    );
    assert_eq!(listed[3]["quote"], "companies");
    assert_eq!(listed[3]["note"], "who?");
    assert_eq!(listed[3]["colour"], "pink");
    assert_eq!(listed[3]["entry"], a.as_str());
    assert_eq!(listed[3]["link"], format!("hotline://entry/{a}#h={h1}"));
    for key in ["title", "author", "date", "created"] {
        assert!(listed[3].get(key).is_some(), "{key}");
    }
    let reading = lib.json(&["highlights", "--json", "--order", "reading"]);
    let ids = row_ids(&reading);
    assert_eq!(
        ids,
        [Value::Null, h3.into(), h1.into(), h2.into()],
        "by entry, then text"
    );
    let green = lib.json(&["highlights", "--json", "--colour", "green"]);
    assert_eq!(green.as_array().unwrap().len(), 2);
    lib.ok(&["collection", "add", "Later", b]);
    let later = lib.json(&["highlights", "--json", "--collection", "later"]);
    assert_eq!(later.as_array().unwrap().len(), 1);
    assert_eq!(later[0]["id"], h2);
    let text = lib.ok(&["highlights", "--collection", "Later"]);
    assert!(
        text.contains(&format!("    hotline://entry/{b}#h={h2}\n")),
        "{text}"
    );
    lib.fails(1, &["highlights", "--collection", "Nope"]);
}

#[test]
fn highlights_export_writes_readwise_csv_and_files_per_entry() {
    let lib = Lib::new();
    let all = builtin_ids();
    placed(&lib, &all[0], "companies", Colour::Pink, "who, \"really\"?");
    placed(&lib, &all[1], "Support", Colour::Green, "");
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("h.csv");
    let csv_path = csv.to_str().unwrap();
    let said = lib.ok(&["highlights", "export", "--format", "csv", csv_path]);
    assert!(said.starts_with("Wrote 1 file (2 entries)"), "{said}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("Highlight,Title,Author,URL,Note,Location,Location Type,Date\r\n"));
    assert!(
        text.contains(",\"who, \"\"really\"\"?\",1,order,"),
        "{text}"
    );
    let err = lib.fails(1, &["highlights", "export", "--format", "csv", csv_path]);
    assert!(err.contains("use --force"), "{err}");
    let per = dir.path().join("per");
    let per_path = per.to_str().unwrap();
    lib.ok(&[
        "highlights",
        "export",
        "--format",
        "md",
        "--per-entry",
        per_path,
    ]);
    assert_eq!(std::fs::read_dir(&per).unwrap().count(), 2);
    let json_out = dir.path().join("h.json");
    lib.ok(&[
        "highlights",
        "export",
        "--format",
        "json",
        "--colour",
        "pink",
        json_out.to_str().unwrap(),
    ]);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&json_out).unwrap()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
}

#[test]
fn exporting_a_collection_keeps_its_order_and_name_and_carries_the_marks() {
    let lib = Lib::new();
    let all = builtin_ids();
    lib.ok(&["collection", "add", "Best of", &all[3], &all[0]]);
    let h = placed(&lib, &all[0], "companies", Colour::Yellow, "who?");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("best.md");
    let out_path = out.to_str().unwrap();
    lib.ok(&[
        "export",
        "--collection",
        "best of",
        "--format",
        "md",
        "--out",
        out_path,
    ]);
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        md.starts_with("---\ntitle: \"Best of\"\nentries: 2\nmarks: obsidian\n"),
        "{md}"
    );
    assert!(
        md.find(&format!("<a id=\"{}\">", all[3])).unwrap()
            < md.find(&format!("<a id=\"{}\">", all[0])).unwrap()
    );
    assert!(md.contains("==companies==[^1]"), "{md}");
    assert!(md.contains(&format!(
        "[^1]: who? — [open in HotLine](hotline://entry/{}#h={h})",
        all[0]
    )));
    let per = dir.path().join("per");
    lib.ok(&[
        "export",
        "--collection",
        "Best of",
        "--layout",
        "per-article",
        "--template",
        "{n}-{id}",
        "--no-marks",
        "--format",
        "md",
        "--out",
        per.to_str().unwrap(),
    ]);
    let mut names: Vec<String> = std::fs::read_dir(&per)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(
        names[0].starts_with("1-") && names[0].contains(&all[3][..10]),
        "{names:?}"
    );
    let second = std::fs::read_to_string(per.join(&names[1])).unwrap();
    assert!(!second.contains("=="), "--no-marks leaves them out");
}
