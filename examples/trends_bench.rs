//! Trends benchmark: how long five terms take to count over time on a
//! folder (what the Trends window and `hotline trends` wait for), beside a
//! baseline that gets the same numbers through the ordinary search.
//!
//! `cargo run --release --example trends_bench -- DIR [--cache ROOT]
//! [--runs N] [TERM ...]`
//!
//! The folder is opened as `hotline search` opens it (its outline and its
//! cached index when both are current, else a load and an index build),
//! then each run times, side by side in the same minute:
//! - `trends`: `hotline::trends::trends` of the terms (unscored matching,
//!   then each term's entries by day and the filter's totals);
//! - `search`: each term through `SearchIndex::search` (BM25 scores, the
//!   top 20 hits' snippets, every match listed), then the same day counts.
//!
//! Both unfiltered and for one author (the window's "an author's trends").
//! The numbers of both are checked to agree before any is printed.

use anyhow::{Context, Result, bail};
use hotline::search::{BuildProgress, CacheOptions, Fallback, Query, SearchIndex};
use hotline::{AuthorSel, DayCounts, Filter, LoadOptions, Progress, Text};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// The allocator the `hotline` binary uses.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: trends_bench DIR [--cache ROOT] [--runs N] [TERM ...]";

/// Five terms of the generated corpus: common and rare words, a phrase, a
/// prefix and an exclusion.
const TERMS: [&str; 5] = [
    "support",
    "saas",
    "\"customer success\"",
    "escalat*",
    "metrics -team",
];

fn main() -> Result<()> {
    let mut dir = None;
    let mut cache = None;
    let mut runs = 15;
    let mut terms = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--cache" => cache = it.next().map(PathBuf::from),
            "--runs" => runs = it.next().and_then(|n| n.parse().ok()).context(USAGE)?,
            s if dir.is_none() && !s.starts_with('-') => dir = Some(PathBuf::from(s)),
            s => terms.push(s.to_string()),
        }
    }
    let dir = dir.context(USAGE)?;
    if terms.is_empty() {
        terms = TERMS.iter().map(|t| t.to_string()).collect();
    }
    let t = Instant::now();
    let index = open(&dir, cache)?;
    println!(
        "opened {} entries in {:.2} s",
        index.archive().len(),
        t.elapsed().as_secs_f64()
    );
    let author = index
        .archive()
        .author_counts(&index.archive().filter(&Filter::default()))
        .into_iter()
        .find_map(|(a, _)| a.map(str::to_string))
        .context("no author")?;
    let filters = [
        ("all entries", Filter::default()),
        (
            "one author",
            Filter {
                authors: vec![AuthorSel::Named(author.clone())],
                ..Filter::default()
            },
        ),
    ];
    for (name, filter) in &filters {
        let found = hotline::trends::trends(&index, &terms, filter, &Query::default());
        let baseline = by_search(&index, &terms, filter)?;
        for (t, b) in found.terms.iter().zip(&baseline) {
            let m = t.matches.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?;
            if m != b {
                bail!("{name}: \"{}\" counts differ from the search's", t.term);
            }
        }
        let totals: Vec<usize> = found.terms.iter().map(|t| t.total()).collect();
        println!("{name}: matches per term {totals:?} ({author} for one author)");
        let mut fast = Vec::new();
        let mut slow = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            std::hint::black_box(hotline::trends::trends(
                &index,
                &terms,
                filter,
                &Query::default(),
            ));
            fast.push(t.elapsed().as_secs_f64() * 1000.0);
            let t = Instant::now();
            std::hint::black_box(by_search(&index, &terms, filter)?);
            slow.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        report(&format!("{name}, trends"), &mut fast);
        report(&format!("{name}, search"), &mut slow);
    }
    // Freeing 100,000 entries one by one is not part of the figure.
    std::mem::forget(index);
    Ok(())
}

/// The baseline: each term through the ranked search, then by day.
fn by_search(index: &SearchIndex, terms: &[String], filter: &Filter) -> Result<Vec<DayCounts>> {
    terms
        .iter()
        .map(|t| {
            let q = Query::parse(t).map_err(|e| anyhow::anyhow!("{e}"))?;
            let r = index.search(&q, filter, 20, Fallback::Never);
            Ok(index.archive().day_counts(&r.all))
        })
        .collect()
}

fn report(name: &str, ms: &mut [f64]) {
    ms.sort_by(f64::total_cmp);
    if let (Some(min), Some(max)) = (ms.first(), ms.last()) {
        println!(
            "{name}: min {min:.1} ms, median {:.1} ms, max {max:.1} ms ({} runs)",
            ms[ms.len() / 2],
            ms.len()
        );
    }
}

/// The folder's index, as `hotline search` opens it.
fn open(dir: &std::path::Path, cache_dir: Option<PathBuf>) -> Result<SearchIndex> {
    let cache = CacheOptions {
        cache_dir: cache_dir.clone(),
        roots: vec![dir.to_path_buf()],
        ..Default::default()
    };
    let load = LoadOptions {
        builtin: false,
        folders: vec![dir.to_path_buf()],
        text: Text::Outline,
        cache: cache_dir,
        ..LoadOptions::default()
    };
    let mut prefetch = SearchIndex::prefetch(&cache);
    if hotline::search::cache::load_order(&load, &cache)
        == hotline::search::cache::LoadOrder::OutlineFirst
    {
        let outline = Arc::new(hotline::load(&load, &Progress::default())?);
        if let Some(ix) = SearchIndex::open_unchanged(outline, &cache, prefetch.take()) {
            return Ok(ix);
        }
    }
    let full = LoadOptions {
        text: Text::Full,
        ..load
    };
    let archive = Arc::new(hotline::load(&full, &Progress::default())?);
    let p = BuildProgress::default();
    let (ix, _) = SearchIndex::prepare_prefetched(archive, &cache, prefetch, &p)?;
    Ok(ix)
}
