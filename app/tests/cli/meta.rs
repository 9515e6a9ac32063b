//! Small folders with bylines, dates and a teaser page: the filters, their
//! combinations and the counts. They rely on the parser reading `By …`
//! bylines, `Month D, YYYY` dates and `Continue Reading »` teaser pages.

use crate::*;
use tempfile::TempDir;

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
fn list_is_ordered_by_date_undated_last() {
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
fn author_filter_is_case_insensitive_exact_and_ors() {
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
fn date_filters_at_each_precision() {
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
fn kind_and_combinations() {
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
fn authors_and_timeline() {
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
fn show_txt_has_byline_and_long_date() {
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
