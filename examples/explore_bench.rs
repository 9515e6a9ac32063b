//! Explore benchmark: the time of related entries (more like this), the
//! teaser join, an author's profile and "this day" on a folder, beside a
//! one-word search of the same index in the same run (the baseline, so a
//! busy host shows in both).
//!
//! `cargo run --release --example explore_bench -- DIR [--cache ROOT]
//! [--samples N]`
//!
//! The folder is loaded with its text and its cached index opened (built
//! the first time); then related entries are asked for `N` entries spread
//! over the archive, one at a time, and the one-word search is timed as
//! often.

use anyhow::{Context, Result, bail};
use hotline::explore::{TeaserJoins, author_profile, this_day};
use hotline::search::{BuildProgress, CacheOptions, Fallback, Query, SearchIndex};
use hotline::{Filter, LoadOptions, Progress, Text};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: explore_bench DIR [--cache ROOT] [--samples N]";

fn main() -> Result<()> {
    let mut dir = None;
    let mut cache = None;
    let mut samples = 200usize;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--cache" => cache = it.next().map(PathBuf::from),
            "--samples" => samples = it.next().and_then(|n| n.parse().ok()).context(USAGE)?,
            s if !s.starts_with('-') && dir.is_none() => dir = Some(PathBuf::from(s)),
            s => bail!("unexpected argument {s}\n{USAGE}"),
        }
    }
    let dir = dir.context(USAGE)?;
    let t = Instant::now();
    let load = LoadOptions {
        builtin: false,
        folders: vec![dir.clone()],
        text: Text::Full,
        cache: cache.clone(),
        ..LoadOptions::default()
    };
    let archive = Arc::new(hotline::load(&load, &Progress::default())?);
    let opts = CacheOptions {
        cache_dir: cache,
        roots: vec![dir],
        ..Default::default()
    };
    let (index, err) =
        SearchIndex::prepare_prefetched(archive, &opts, None, &BuildProgress::default())?;
    if let Some(e) = err {
        bail!("the index cache could not be used: {e}");
    }
    let archive = index.archive().clone();
    println!(
        "{} entries loaded and index opened in {:.2} s (rebuilt={})",
        archive.len(),
        t.elapsed().as_secs_f64(),
        index.cache_report().rebuilt
    );

    let t = Instant::now();
    let joins = TeaserJoins::find(&archive);
    println!(
        "teaser join: {} teasers joined, {:.1} ms",
        joins.len(),
        ms(t.elapsed())
    );

    let step = (archive.len() / samples.max(1)).max(1);
    let picks: Vec<u32> = (0..archive.len() as u32)
        .step_by(step)
        .take(samples)
        .collect();
    let word = Query::parse("support").map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut related = Vec::with_capacity(picks.len());
    let mut search = Vec::with_capacity(picks.len());
    let mut found = 0usize;
    for &ix in &picks {
        let t = Instant::now();
        found += index.related(ix, 10, Some(&joins)).len();
        related.push(t.elapsed());
        let t = Instant::now();
        let r = index.search(&word, &Filter::default(), 10, Fallback::Never);
        search.push(t.elapsed());
        std::hint::black_box(r);
    }
    println!(
        "related (10, with why), {} entries: {}; {:.1} found on average",
        picks.len(),
        summary(&mut related),
        found as f64 / picks.len().max(1) as f64
    );
    println!(
        "baseline one-word search \"support\" (10 hits with snippets), as often: {}",
        summary(&mut search)
    );

    // Where related's time goes: its words' document counts, one lookup
    // per distinct word of the entry in every segment.
    let stems: Vec<String> = {
        let mut a = hotline::search::analyze::Analyzer::default();
        let e = archive.get(picks[picks.len() / 2]).context("entry")?;
        let mut s: Vec<String> = e
            .blocks
            .iter()
            .map(|b| b.text())
            .flat_map(|t| a.stems(t))
            .collect();
        s.sort();
        s.dedup();
        s
    };
    let t = Instant::now();
    let total: u64 = stems.iter().map(|s| index.doc_freq(s)).sum();
    println!(
        "document counts of one entry's {} distinct words over {} segments: {:.2} ms ({total})",
        stems.len(),
        index.segments(),
        ms(t.elapsed())
    );

    let counts = archive.author_counts(&archive.filter(&Filter::default()));
    if let Some((Some(name), n)) = counts.first() {
        let t = Instant::now();
        let p = author_profile(&index, name).map_err(|e| anyhow::anyhow!("{e}"))?;
        println!(
            "author profile of the most prolific author ({n} entries): {:.1} ms, {} words listed",
            ms(t.elapsed()),
            p.distinctive.len()
        );
    }
    let t = Instant::now();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 24).context("date")?;
    let days = this_day(&archive, today);
    println!(
        "this day (24 March): {} entries, {:.2} ms",
        days.len(),
        ms(t.elapsed())
    );
    std::mem::forget(index);
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median, 90th percentile and max of the times, in ms.
fn summary(times: &mut [Duration]) -> String {
    times.sort();
    let at = |q: f64| {
        times
            .get(((times.len() as f64 - 1.0) * q) as usize)
            .copied()
    };
    match (at(0.5), at(0.9), times.last()) {
        (Some(m), Some(p90), Some(max)) => format!(
            "median {:.2} ms, p90 {:.2} ms, max {:.2} ms",
            ms(m),
            ms(p90),
            ms(*max)
        ),
        _ => "no samples".into(),
    }
}
