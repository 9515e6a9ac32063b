//! Reopen benchmark: how long an unchanged folder takes from launch to a
//! searchable state, both caches reused — what a person waits for when
//! they open the reader (or run `hotline search`) on their folder again.
//!
//! `cargo run --release --example reopen_bench -- DIR [--cache ROOT]
//! [--runs N] [--query Q]`
//!
//! Each timed run is a fresh process (so the memory the archive takes is
//! new to it, as at launch) that does what the CLI and the window do:
//! starts opening the cached index on another thread, loads the folder's
//! outline from the parse cache, opens the index on it if every file's
//! stamp matches, and answers one query with snippets for the first 20
//! hits (their text read from their files). That is the time printed;
//! then, as the window does, it loads the text behind it and says when. First, one untimed run makes sure both caches exist
//! and are current. Without `--cache` a temporary cache root is used.

use anyhow::{Context, Result, bail};
use hotline::search::{BuildProgress, CacheOptions, Fallback, Query, SearchIndex};
use hotline::{Filter, LoadOptions, Progress, Text};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// The allocator the `hotline` binary uses, so the load costs the same.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: reopen_bench DIR [--cache ROOT] [--runs N] [--query Q]";

struct Args {
    dir: PathBuf,
    cache: Option<PathBuf>,
    runs: usize,
    query: String,
    once: bool,
}

fn args() -> Result<Args> {
    let mut a = Args {
        dir: PathBuf::new(),
        cache: None,
        runs: 10,
        query: "quixotic".into(),
        once: false,
    };
    let mut dir = None;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--cache" => a.cache = it.next().map(PathBuf::from),
            "--runs" => a.runs = it.next().and_then(|n| n.parse().ok()).context(USAGE)?,
            "--query" => a.query = it.next().context(USAGE)?,
            "--once" => a.once = true,
            s if !s.starts_with('-') && dir.is_none() => dir = Some(PathBuf::from(s)),
            s => bail!("unexpected argument {s}\n{USAGE}"),
        }
    }
    a.dir = dir.context(USAGE)?;
    Ok(a)
}

fn main() -> Result<()> {
    let mut a = args()?;
    if a.once {
        let (secs, line) = reopen(&a)?;
        println!("{secs:.4} {line}");
        return Ok(());
    }
    let tmp = tempfile::tempdir()?;
    let root = a.cache.clone().unwrap_or_else(|| tmp.path().into());
    a.cache = Some(root.clone());
    let exe = std::env::current_exe()?;
    // Every run is its own process, the setup too: a bench process holding
    // an archive's memory would make the next process's memory slower to
    // come by than at a real launch.
    let once = |run: &str| -> Result<String> {
        let out = std::process::Command::new(&exe)
            .arg(&a.dir)
            .arg("--cache")
            .arg(&root)
            .args(["--query", &a.query, "--once"])
            .output()?;
        if !out.status.success() {
            bail!("{run} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let t = Instant::now();
    let line = once("setup")?;
    println!(
        "setup (caches made current): {:.2} s, {line}",
        t.elapsed().as_secs_f64()
    );
    let mut times = Vec::new();
    for run in 1..=a.runs {
        let text = once(&format!("run {run}"))?;
        let secs: f64 = text
            .split_whitespace()
            .next()
            .and_then(|s| s.parse().ok())
            .context("no time printed")?;
        println!("run {run}: {text}");
        times.push(secs);
    }
    times.sort_by(f64::total_cmp);
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        println!(
            "launch to searchable, {} runs: min {min:.3} s, median {:.3} s, max {max:.3} s",
            times.len(),
            times[times.len() / 2]
        );
    }
    Ok(())
}

/// One reopen, as the CLI and the window do it; the seconds it took and
/// what it found.
fn reopen(a: &Args) -> Result<(f64, String)> {
    let query = Query::parse(&a.query).map_err(|e| anyhow::anyhow!("{e}"))?;
    let t = Instant::now();
    let cache = CacheOptions {
        cache_dir: a.cache.clone(),
        roots: vec![a.dir.clone()],
        ..Default::default()
    };
    let prefetch = SearchIndex::prefetch(&cache);
    let load = LoadOptions {
        builtin: false,
        folders: vec![a.dir.clone()],
        text: Text::Full,
        cache: a.cache.clone(),
        ..LoadOptions::default()
    };
    // Both caches there: the outline is loaded and searched first.
    let outline_first = hotline::search::cache::load_order(&load, &cache)
        == hotline::search::cache::LoadOrder::OutlineFirst;
    let mut prefetch = prefetch;
    let mut opened = None;
    if outline_first {
        let outline = LoadOptions {
            text: Text::Outline,
            ..load.clone()
        };
        let archive = Arc::new(hotline::load(&outline, &Progress::default())?);
        opened = SearchIndex::open_unchanged(archive, &cache, prefetch.take());
    }
    let loaded = t.elapsed().as_secs_f64();
    let ix = match opened {
        Some(ix) => ix,
        None => {
            let archive = Arc::new(hotline::load(&load, &Progress::default())?);
            let p = BuildProgress::default();
            let (ix, err) = SearchIndex::prepare_prefetched(archive, &cache, prefetch, &p)?;
            if let Some(e) = err {
                bail!("the index cache could not be used: {e}");
            }
            ix
        }
    };
    let r = ix.search(&query, &Filter::default(), 20, Fallback::Typos);
    let secs = t.elapsed().as_secs_f64();
    let report = ix.cache_report();
    // Then the text, as the window loads it behind the outline.
    let texted = if ix.archive().has_text() || std::env::var_os("REOPEN_NO_TEXT").is_some() {
        String::new()
    } else {
        let full = Arc::new(hotline::load(&load, &Progress::default())?);
        let ok = ix.with_archive(full.clone()).is_some();
        let text = t.elapsed().as_secs_f64();
        std::mem::forget(full);
        format!("; text at {text:.3} s, same entries={ok}")
    };
    let line = format!(
        "({} {loaded:.3} s; {} entries, {} hits; index rebuilt={} reindexed={}{texted})",
        if outline_first { "outline" } else { "load" },
        ix.archive().len(),
        r.total,
        report.rebuilt,
        report.indexed
    );
    // Freeing 100,000 entries one by one is not part of opening them.
    std::mem::forget(ix);
    Ok((secs, line))
}
