//! Highlights and notes on the command line: `show` by link, `highlights`
//! listing them, and `highlights export` writing them. The highlights are
//! made through the library's database, as the window makes them.

use crate::collections::{Lib, builtin_ids};
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
