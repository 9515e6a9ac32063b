//! `related`, `author` and `export --skip-joined-teasers` on a small
//! folder: three articles by two authors and an index page whose first
//! teaser is a near copy of one article's opening.

use crate::*;
use tempfile::TempDir;

const OPENING: &str = "Submarine crews trained their sonar operators for months before the long \
    patrol under the polar ice, where every sound of the torpedo room mattered.";

fn folder() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write(
        p,
        "a.txt",
        &format!(
            "By Jane Doe\n\n{OPENING}\n\nThe rest of the patrol was quiet.\n\nMarch 24, 2007\n"
        ),
    );
    write(
        p,
        "b.txt",
        "By Jane Doe\n\nA sonar operator on a submarine hears the patrol around the ice.\n\nMay 2, 2008\n",
    );
    write(
        p,
        "c.txt",
        "By John Roe\n\nBananas ripen faster in a paper bag on the kitchen table.\n\nJune 1, 2008\n",
    );
    // The teaser: other quotes and case, cut mid-word with an ellipsis.
    write(
        p,
        "index.txt",
        "SUBMARINE crews trained their “sonar” operators -- for months before the long patrol under the po…\n\n\
         Continue Reading »\n\nA teaser about gardening and roses in the spring sun.\n\nContinue Reading »\n",
    );
    dir
}

/// The ids of the folder's entries: a, b, c, and the two teasers.
fn id_of(dir: &TempDir, pick: impl Fn(&serde_json::Value) -> bool) -> String {
    let list = json(&["--no-builtin", "--archive", arg(dir), "list", "--json"]);
    let found = list.as_array().unwrap().iter().find(|e| pick(e)).unwrap();
    found["id"].as_str().unwrap().to_string()
}

#[test]
fn cli_related_lists_the_most_alike_entry_first_with_its_shared_words_and_not_its_teaser() {
    let dir = folder();
    let a = id_of(&dir, |e| e["date"] == "2007-03-24");
    let b = id_of(&dir, |e| e["date"] == "2008-05-02");
    let teaser = id_of(&dir, |e| {
        e["kind"] == "excerpt" && e["title"].as_str().unwrap().starts_with("SUBMARINE")
    });
    let found = json(&[
        "--no-builtin",
        "--archive",
        arg(&dir),
        "related",
        &a,
        "--json",
    ]);
    let got = ids(&found);
    assert_eq!(got.first(), Some(&b), "{found}");
    assert!(!got.contains(&a) && !got.contains(&teaser), "{found}");
    let why: Vec<&str> = found[0]["why"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        why.contains(&"sonar") && why.contains(&"submarine"),
        "{why:?}"
    );
    let text = ok(&["--no-builtin", "--archive", arg(&dir), "related", &a]);
    assert!(text.contains("shares: "), "{text}");
    let err = fails(
        1,
        &[
            "--no-builtin",
            "--archive",
            arg(&dir),
            "related",
            "no-such-id",
        ],
    );
    assert!(err.contains("no entry with id 'no-such-id'"), "{err}");
}

#[test]
fn cli_author_prints_first_and_last_dates_words_and_periods() {
    let dir = folder();
    let page = json(&[
        "--no-builtin",
        "--archive",
        arg(&dir),
        "author",
        "jane doe",
        "--json",
    ]);
    assert_eq!(page["name"], "Jane Doe");
    assert_eq!(page["entries"], 2);
    assert_eq!(page["first"], "2007-03-24");
    assert_eq!(page["last"], "2008-05-02");
    assert_eq!(page["granularity"], "month");
    assert_eq!(page["periods"][0]["period"], "2007-03");
    assert_eq!(page["periods"][1]["period"], "2008-05");
    let words = page["words"].as_u64().unwrap();
    assert!((30..60).contains(&words), "{page}");
    let text = ok(&["--no-builtin", "--archive", arg(&dir), "author", "Jane Doe"]);
    assert!(text.contains("first:       2007-03-24"), "{text}");
}

#[test]
fn cli_author_of_an_unknown_name_fails_with_suggestions() {
    let dir = folder();
    let err = fails(
        2,
        &["--no-builtin", "--archive", arg(&dir), "author", "Doe"],
    );
    assert!(
        err.contains("no author named “Doe”; did you mean Jane Doe?"),
        "{err}"
    );
}

#[test]
fn cli_export_can_leave_out_the_teasers_whose_article_is_loaded() {
    let dir = folder();
    let out = tempfile::tempdir().unwrap();
    let with = out.path().join("with.json");
    let without = out.path().join("without.json");
    let base = [
        "--no-builtin",
        "--archive",
        arg(&dir),
        "export",
        "--format",
        "json",
        "--out",
    ];
    ok(&[&base[..], &[with.to_str().unwrap()]].concat());
    ok(&[
        &base[..],
        &[without.to_str().unwrap(), "--skip-joined-teasers"],
    ]
    .concat());
    let read = |p: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let titles = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_string())
            .collect()
    };
    let (with, without) = (titles(&read(&with)), titles(&read(&without)));
    assert_eq!(with.len(), 5, "{with:?}");
    assert_eq!(without.len(), 4, "{without:?}");
    assert!(with.iter().any(|t| t.starts_with("SUBMARINE")));
    assert!(!without.iter().any(|t| t.starts_with("SUBMARINE")));
    assert!(
        without
            .iter()
            .any(|t| t.starts_with("A teaser about gardening"))
    );
}
