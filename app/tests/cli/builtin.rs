//! The embedded corpus, checked against `EXPECTED.md` (12 entries:
//! Mikael Blaisdell 3, Robert Butche 1, unknown 8; 2007 3, 2008 1, undated 8).

use crate::*;
use serde_json::Value;

#[test]
fn authors_match_expected() {
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
fn timeline_matches_expected() {
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
fn list_matches_expected() {
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
fn filters_match_expected() {
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
fn ids_and_titles_are_well_formed() {
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
