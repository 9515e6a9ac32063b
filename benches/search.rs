//! Search benchmark on a large folder: `HOTLINE_BENCH_DIR=DIR cargo bench --bench search`.
//!
//! Loads the folder, builds the index in memory (MB/s of text), builds it
//! into a fresh on-disk cache and reopens it unchanged (time to searchable),
//! then times warm queries (p50/p95 over many runs, snippets for the first
//! page of 20 hits included) and reports peak memory. Without
//! `HOTLINE_BENCH_DIR` it prints how to run it and exits successfully, so
//! `cargo bench` in CI does not need the 400 MB corpus.

use hotline::search::{BuildOptions, BuildProgress, CacheOptions, Fallback, Query, SearchIndex};
use hotline::{Filter, LoadOptions, Progress, Text};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The queries timed: name, query. Override with `HOTLINE_BENCH_QUERIES`
/// (queries separated by `;`).
const QUERIES: &[&str] = &[
    "customer",
    "\"customer support\"",
    "quixotic",
    "serendipity",
    "ombudsman",
    "churn renewal",
    "manag*",
    "support -customer",
    "custmer",
];

fn main() {
    let Some(dir) = std::env::var_os("HOTLINE_BENCH_DIR") else {
        println!("search bench: set HOTLINE_BENCH_DIR to a folder of articles to run it (skipped)");
        return;
    };
    let runs: usize = std::env::var("HOTLINE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let t = Instant::now();
    let load = LoadOptions {
        builtin: false,
        folders: vec![dir.clone().into()],
        text: Text::Full,
        cache: None,
        ..LoadOptions::default()
    };
    let archive = match hotline::load(&load, &Progress::default()) {
        Ok(a) => Arc::new(a),
        Err(e) => {
            println!("search bench: cannot load {}: {e}", dir.display());
            return;
        }
    };
    let mb = archive.text_bytes() as f64 / 1e6;
    println!(
        "loaded {} entries, {mb:.1} MB of text in {:.2} s",
        archive.len(),
        t.elapsed().as_secs_f64()
    );
    let ix = build_in_ram(&archive, mb);
    cache_round_trip(&archive, &load.folders, mb);
    let queries: Vec<String> = match std::env::var("HOTLINE_BENCH_QUERIES") {
        Ok(q) => q.split(';').map(str::to_string).collect(),
        Err(_) => QUERIES.iter().map(|q| q.to_string()).collect(),
    };
    println!(
        "{:<24} {:>8} {:>9} {:>9} {:>9}",
        "query", "total", "p50 ms", "p95 ms", "max ms"
    );
    for q in &queries {
        time_query(&ix, q, runs);
    }
    println!("peak memory (VmHWM): {}", peak_memory());
}

fn build_in_ram(archive: &Arc<hotline::Archive>, mb: f64) -> SearchIndex {
    let t = Instant::now();
    let ix = SearchIndex::build(
        archive.clone(),
        &BuildOptions::default(),
        &BuildProgress::default(),
    );
    let secs = t.elapsed().as_secs_f64();
    match ix {
        Ok(ix) => {
            println!(
                "index build (RAM): {secs:.2} s, {:.1} MB/s, {} segments",
                mb / secs,
                ix.segments()
            );
            ix
        }
        Err(e) => panic!("index build failed: {e}"),
    }
}

fn cache_round_trip(archive: &Arc<hotline::Archive>, roots: &[std::path::PathBuf], mb: f64) {
    let Ok(cache) = tempfile::tempdir() else {
        println!("cache: no temporary folder");
        return;
    };
    let opts = CacheOptions {
        cache_dir: Some(cache.path().into()),
        roots: roots.to_vec(),
        ..Default::default()
    };
    for label in ["cache build (disk)", "cache reopen (unchanged)"] {
        let t = Instant::now();
        match SearchIndex::open_or_build(archive.clone(), &opts, &BuildProgress::default()) {
            Ok(ix) => {
                let secs = t.elapsed().as_secs_f64();
                let r = ix.cache_report();
                println!(
                    "{label}: {secs:.3} s ({:.1} MB/s), rebuilt={} indexed={}",
                    mb / secs,
                    r.rebuilt,
                    r.indexed
                );
            }
            Err(e) => println!("{label}: failed: {e}"),
        }
    }
}

fn time_query(ix: &SearchIndex, q: &str, runs: usize) {
    let Ok(query) = Query::parse(q) else {
        println!("{q:<24} (malformed)");
        return;
    };
    let filter = Filter::default();
    let first = ix.search(&query, &filter, 20, Fallback::Typos);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let r = ix.search(&query, &filter, 20, Fallback::Typos);
            std::hint::black_box(&r);
            t.elapsed()
        })
        .collect();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let label = match &first.fuzzy {
        Some(f) => format!("{q} (fuzzy: {f})"),
        None => q.to_string(),
    };
    println!(
        "{label:<24} {:>8} {:>9.3} {:>9.3} {:>9.3}",
        first.total,
        ms(pct(0.5)),
        ms(pct(0.95)),
        ms(times[times.len() - 1])
    );
}

/// Peak resident memory of this process (Linux), as reported by the kernel.
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
