//! `hotline trends` on the embedded corpus: its numbers checked against
//! what `search` and `timeline` report for the same entries.

use super::{fails, json, ok};
use serde_json::Value;
use std::collections::BTreeMap;

/// Hits of `search TERM` (every one) per year of their dates, and in all.
fn search_per_year(term: &str, extra: &[&str]) -> (BTreeMap<String, u64>, u64) {
    let mut args = vec!["search", term, "--json", "--limit", "100000"];
    args.extend_from_slice(extra);
    let hits = json(&args);
    let mut years = BTreeMap::new();
    let hits = hits.as_array().unwrap();
    for h in hits {
        if let Some(date) = h["date"].as_str() {
            *years.entry(date[..4].to_string()).or_insert(0) += 1;
        }
    }
    (years, hits.len() as u64)
}

/// `trends` JSON periods as (period, total, counts, shares).
fn periods(v: &Value) -> Vec<(String, u64, Vec<u64>, Vec<f64>)> {
    v["periods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let nums = |k: &str| p[k].as_array().unwrap().clone();
            (
                p["period"].as_str().unwrap().to_string(),
                p["total"].as_u64().unwrap(),
                nums("counts").iter().map(|n| n.as_u64().unwrap()).collect(),
                nums("shares").iter().map(|n| n.as_f64().unwrap()).collect(),
            )
        })
        .collect()
}

#[test]
fn counts_per_year_are_the_search_hits_per_year() {
    let terms = ["\"customer support\"", "manag*", "customer -saas"];
    let v = json(&["trends", terms[0], terms[1], terms[2], "--json"]);
    let rows = periods(&v);
    assert!(!rows.is_empty());
    for (t, term) in terms.iter().enumerate() {
        let (years, total) = search_per_year(term, &[]);
        assert!(total > 0, "{term} finds something");
        assert_eq!(v["terms"][t]["term"], *term);
        assert_eq!(v["terms"][t]["total"].as_u64(), Some(total), "{term}");
        for (period, _, counts, _) in &rows {
            let want = years.get(period).copied().unwrap_or(0);
            assert_eq!(counts[t], want, "{term} in {period}");
        }
    }
}

#[test]
fn totals_are_the_timeline_and_shares_are_counts_over_totals() {
    let v = json(&["trends", "support", "--json"]);
    let timeline = json(&["timeline", "--json"]);
    for (period, total, counts, shares) in periods(&v) {
        let bucket = timeline
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["period"] == period.as_str())
            .map_or(0, |b| b["count"].as_u64().unwrap());
        assert_eq!(total, bucket, "{period}");
        let want = if total == 0 {
            0.0
        } else {
            counts[0] as f64 / total as f64
        };
        assert!((shares[0] - want).abs() < 1e-9, "{period}");
    }
}

#[test]
fn filters_narrow_the_counts_and_the_totals() {
    let author = ["--author", "Mikael Blaisdell"];
    let v = json(&["trends", "support", "--json", author[0], author[1]]);
    let (years, total) = search_per_year("support", &author);
    assert_eq!(v["terms"][0]["total"].as_u64(), Some(total));
    let all = json(&["trends", "support", "--json"]);
    assert!(total < all["terms"][0]["total"].as_u64().unwrap());
    let timeline = json(&["timeline", "--json", author[0], author[1]]);
    let dated: u64 = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| !b["period"].is_null())
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    let rows = periods(&v);
    assert_eq!(rows.iter().map(|r| r.1).sum::<u64>(), dated);
    for (period, _, counts, _) in rows {
        assert_eq!(counts[0], years.get(&period).copied().unwrap_or(0));
    }
}

#[test]
fn months_run_without_gaps_from_first_to_last() {
    let v = json(&["trends", "support", "--by", "month", "--json"]);
    assert_eq!(v["by"], "month");
    let names: Vec<String> = periods(&v).into_iter().map(|r| r.0).collect();
    let first = names.first().unwrap().clone();
    let last = names.last().unwrap().clone();
    let month = |s: &str| s[..4].parse::<i32>().unwrap() * 12 + s[5..7].parse::<i32>().unwrap();
    assert_eq!(names.len() as i32, month(&last) - month(&first) + 1);
}

#[test]
fn the_table_has_a_column_and_a_bar_per_term() {
    let text = ok(&["trends", "support", "customer"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("PERIOD"), "{text}");
    assert!(lines[0].contains("support") && lines[0].contains("customer"));
    let first = lines[1];
    assert!(first.matches('█').count() > 0, "{text}");
    let share = ok(&["trends", "support", "--share"]);
    assert!(share.lines().nth(1).unwrap().contains('%'), "{share}");
}

#[test]
fn a_bad_term_or_a_sixth_is_a_usage_error_naming_it() {
    let err = fails(2, &["trends", "support", "\"unclosed"]);
    assert!(err.contains("'\"unclosed'"), "{err}");
    let err = fails(2, &["trends", "a", "b", "c", "d", "e", "f"]);
    assert!(err.contains("at most 5"), "{err}");
    fails(2, &["trends"]);
}
