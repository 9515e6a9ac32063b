//! Files in the formats people keep, through the command line: tags as a
//! filter (`--tag`, `tag:`) and a column of `list --json`.

use super::{arg, json};
use serde_json::Value;

/// Two entries in this app's JSON export shape, tagged.
pub fn tagged_json() -> String {
    let entry = |id: &str, title: &str, tags: &[&str], text: &str| {
        serde_json::json!({
            "id": id, "title": title, "author": "Kim Poe", "date": "2008-05-15",
            "kind": "article", "source": "elsewhere", "page": null,
            "blocks": [{"type": "paragraph", "text": text}], "words": 0,
            "tags": tags, "url": format!("https://example.com/{id}"),
        })
    };
    Value::Array(vec![
        entry(
            "metrics-that-matter",
            "Metrics That Matter",
            &["Metrics", "SaaS"],
            "A customer metric.",
        ),
        entry(
            "help-desk-days",
            "Help Desk Days",
            &["help desk"],
            "The customer calls the help desk.",
        ),
    ])
    .to_string()
}

#[test]
fn tags_filter_the_list_and_are_a_column_of_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tagged.json"), tagged_json()).unwrap();
    let base = ["--no-builtin", "--archive", arg(&dir), "list", "--json"];
    let all = json(&base);
    assert_eq!(all.as_array().unwrap().len(), 2);
    let titles = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e["title"].as_str().unwrap().to_string())
            .collect()
    };
    let tagged = json(&[&base[..], &["--tag", "saas"]].concat());
    assert_eq!(titles(&tagged), ["Metrics That Matter"]);
    assert_eq!(tagged[0]["tags"], serde_json::json!(["Metrics", "SaaS"]));
    assert_eq!(tagged[0]["url"], "https://example.com/metrics-that-matter");
    let either = json(&[&base[..], &["--tag", "SAAS", "--tag", "Help Desk"]].concat());
    assert_eq!(either.as_array().unwrap().len(), 2);
    let query = json(&[&base[..], &["--query", "tag:\"help desk\""]].concat());
    assert_eq!(titles(&query), ["Help Desk Days"]);
    assert!(
        json(&[&base[..], &["--tag", "help"]].concat())
            .as_array()
            .unwrap()
            .is_empty()
    );
}
