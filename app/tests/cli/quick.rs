//! `hotline search` of an unchanged, indexed folder answers without a load
//! (`hotline::search::quick`): what it prints must not tell the two paths
//! apart. (The library's side is in `tests/integration/quick.rs`.)

use assert_cmd::Command;
use std::path::Path;

/// Bylines spelled two ways, dated and undated notes, two with the same
/// body (tied scores), an exact copy (ids made unique), a teaser page and a
/// hidden file.
fn notes(root: &Path) {
    let put = |name: &str, text: &str| std::fs::write(root.join(name), text).unwrap();
    std::fs::create_dir_all(root.join("deep")).unwrap();
    let tied = "The customer wants a calm escalation of the renewal.";
    put(
        "a.txt",
        &format!("Calm Desk\nBy Jane Doe\n\n{tied}\n\n4 March 2007\n"),
    );
    put(
        "b.txt",
        &format!("Calm Desk Again\nBy jane doe\n\n{tied}\n"),
    );
    put(
        "deep/c.txt",
        "Escalations\nBy John Roe\n\nEscalate early; the customer remembers.\n\n9 May 2008\n",
    );
    std::fs::copy(root.join("a.txt"), root.join("deep/a-copy.txt")).unwrap();
    put(
        "teasers.txt",
        "Renewal Season\nBy Ann Poe\n\nRenewals need a customer who trusts the desk.\n\n\
         Continue Reading »\n\nTicket Triage\nBy Ann Poe\n\nTriage the queue daily.\n\n\
         Continue Reading »\n",
    );
    put(".hidden.txt", "Hidden\n\ncustomer customer customer\n");
    put("tagged.json", &super::formats::tagged_json());
}

/// A first run (in an empty cache) loads and indexes, the next takes the
/// quick path; stdout, stderr and the status are the same byte for byte.
#[test]
fn search_prints_the_same_with_or_without_a_load() {
    let docs = tempfile::tempdir().unwrap();
    notes(docs.path());
    let run = |cache: &Path, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_hotline"))
            .env("HOTLINE_CACHE_DIR", cache)
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .args(["--archive", docs.path().to_str().unwrap(), "search"])
            .args(args)
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (out.status.code(), text(&out.stdout), text(&out.stderr))
    };
    let cases: &[&[&str]] = &[
        &["customer"],
        &["customer", "--json"],
        &["costumer"],
        &["costumer", "--json", "--limit", "2"],
        &["esc*", "--author", "jane doe"],
        &["calm", "--query", "date:2007"],
        &["kind:excerpt", "--json"],
        &["tag:saas", "--json"],
        &["customer", "--tag", "Metrics", "--tag", "nothing"],
        &["customer tag:\"help desk\""],
        &["\"unclosed"],
    ];
    for args in cases {
        let cache = tempfile::tempdir().unwrap();
        let first = run(cache.path(), args);
        let second = run(cache.path(), args);
        assert_eq!(first, second, "{args:?}");
        if args[0] == "costumer" {
            assert!(first.2.starts_with("note: nothing matched"), "{}", first.2);
        }
    }
}
