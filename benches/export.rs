//! Export throughput (issue 5): 100,000 articles one file each (target
//! ≥ 10,000 files/s) and one combined text file (target ≥ 200 MB/s), with
//! the process's peak memory during each export.
//!
//! Uses the generated corpus at `$HOTLINE_CORPUS` (default
//! `/work/corpus100k`, made by `examples/gen_corpus`). Without it, it says
//! so and measures `$HOTLINE_BENCH_N` (default 20,000) synthetic articles
//! instead, so `cargo bench` never fails for want of the big corpus.
//! Output goes to a temporary folder beside the system temp dir
//! (`$HOTLINE_BENCH_OUT` to choose the file system) and is removed.
//!
//! `$HOTLINE_BENCH_FORMATS` picks formats (default `txt,md,json`).
//! `$HOTLINE_BENCH_MARKS=N` also runs each export with N highlights (every
//! other one with a note) and an entry note on every entry, right after
//! the same export without them (issue 17: marks cost little).
//! `$HOTLINE_BENCH_ROUNDS=R` runs every export R times, in alternating
//! order, and reports the medians; `$HOTLINE_BENCH_LAYOUTS` picks
//! `per-entry`, `single` or both (the default).
//!
//! Run: `cargo bench --bench export`.

use chrono::NaiveDate;
use hotline::db::{Colour, Highlight};
use hotline::export::{EntryMarks, ExportOptions, ExportProgress, Format, Layout, Marks, export};
use hotline::marks::{EntryText, make};
use hotline::{Archive, Block, Entry, Kind, LoadOptions, Progress, Text, load};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

/// The app's allocator (see `app/src/main.rs`), so the figures are the
/// app's: an export makes many small allocations per entry.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let archive = corpus();
    let ixs: Vec<u32> = (0..archive.len() as u32).collect();
    let text_mb = archive.text_bytes() as f64 / 1e6;
    println!(
        "export bench: {} entries, {text_mb:.0} MB of text, {} threads, RSS after load {} MB",
        archive.len(),
        rayon::current_num_threads(),
        rss_mb("VmRSS")
    );
    let base = std::env::var_os("HOTLINE_BENCH_OUT").map_or_else(std::env::temp_dir, PathBuf::from);
    let Ok(dir) = tempfile::tempdir_in(&base) else {
        println!(
            "skipped: cannot create a temporary folder in {}",
            base.display()
        );
        return;
    };
    let formats = formats();
    let none = Arc::new(Marks::default());
    let mut runs = vec![("", none)];
    if let Some(n) = std::env::var("HOTLINE_BENCH_MARKS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        let start = Instant::now();
        let marks = marks_for(&archive, n);
        println!(
            "made {n} highlights per entry in {:.2} s",
            start.elapsed().as_secs_f64()
        );
        runs.push(("+marks", Arc::new(marks)));
    }
    let rounds = std::env::var("HOTLINE_BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1usize)
        .max(1);
    for layout in layouts() {
        for &format in &formats {
            let name = match layout {
                Layout::PerEntry => format!("per-{}", format.extension()),
                Layout::Single => format!("all.{}", format.extension()),
            };
            let out = dir.path().join(name);
            // Rounds alternate which run goes first, so a disk or a host
            // that slows down over a round does not favour one side.
            let mut times: Vec<Vec<f64>> = vec![Vec::new(); runs.len()];
            let mut cpus: Vec<Vec<f64>> = vec![Vec::new(); runs.len()];
            let mut bytes = vec![0u64; runs.len()];
            for round in 0..rounds {
                for k in 0..runs.len() {
                    let k = if round % 2 == 0 {
                        k
                    } else {
                        runs.len() - 1 - k
                    };
                    let (secs, cpu, b) = timed(&archive, &ixs, &out, (format, layout), &runs[k].1);
                    times[k].push(secs);
                    cpus[k].push(cpu);
                    bytes[k] = b;
                    remove(&out);
                }
            }
            let mut medians = Vec::new();
            for (k, (label, _)) in runs.iter().enumerate() {
                let secs = median(&mut times[k]);
                let cpu = median(&mut cpus[k]);
                medians.push((secs, cpu));
                let what = match layout {
                    Layout::PerEntry => format!(
                        "per-entry {:<4}{label:<6}: {:>7} files in {secs:.3} s = {:>6.0} files/s",
                        format.extension(),
                        ixs.len(),
                        ixs.len() as f64 / secs
                    ),
                    Layout::Single => format!(
                        "single    {:<4}{label:<6}: {:>7} MB in {secs:.3} s = {:>6.0} entries/s",
                        format.extension(),
                        bytes[k] / 1_000_000,
                        ixs.len() as f64 / secs
                    ),
                };
                println!(
                    "{what}, {:.0} MB/s, CPU {cpu:.2} s, median of {rounds}, peak RSS {} MB",
                    bytes[k] as f64 / 1e6 / secs,
                    rss_mb("VmHWM")
                );
            }
            if let [without, with] = medians[..] {
                println!(
                    "  marks change the time by {:+.1} %, the CPU time by {:+.1} %",
                    (with.0 / without.0 - 1.0) * 100.0,
                    (with.1 / without.1 - 1.0) * 100.0
                );
            }
        }
    }
}

/// `$HOTLINE_BENCH_LAYOUTS` (`per-entry`, `single` or both, the default).
fn layouts() -> Vec<Layout> {
    let chosen = std::env::var("HOTLINE_BENCH_LAYOUTS").unwrap_or_default();
    let all = [(Layout::PerEntry, "per-entry"), (Layout::Single, "single")];
    let picked: Vec<Layout> = all
        .iter()
        .filter(|(_, name)| chosen.split(',').any(|c| c.trim() == *name))
        .map(|(l, _)| *l)
        .collect();
    if picked.is_empty() {
        all.map(|(l, _)| l).to_vec()
    } else {
        picked
    }
}

/// The median of `xs` (0 when empty).
fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(0.0)
}

/// `n` highlights on every entry, spread through its text (each anchored
/// as the reader anchors one), every other one with a note, and an entry
/// note.
fn marks_for(a: &Archive, n: usize) -> Marks {
    let mut marks = Marks::default();
    let mut id = 0;
    for e in a.entries() {
        let text = EntryText::of(e);
        let len = text.len();
        let highlights = (0..n)
            .filter_map(|k| {
                let start = len * k / n.max(1);
                let range = start..(start + 40).min(len);
                (!range.is_empty()).then(|| {
                    id += 1;
                    Highlight {
                        id,
                        entry: e.id.clone(),
                        anchor: make(&text, range),
                        colour: Colour::Yellow,
                        note: if k % 2 == 0 {
                            "A note on this.".into()
                        } else {
                            String::new()
                        },
                        created: 1_700_000_000,
                        updated: 1_700_000_000,
                        orphan: false,
                    }
                })
            })
            .collect();
        let note = Some("What this entry is about.".to_string());
        marks.insert(&e.id, EntryMarks { highlights, note });
    }
    marks
}

/// `$HOTLINE_BENCH_FORMATS` (e.g. `txt,json`), default txt, md and json.
fn formats() -> Vec<Format> {
    let chosen = std::env::var("HOTLINE_BENCH_FORMATS").unwrap_or_else(|_| "txt,md,json".into());
    chosen.split(',').filter_map(Format::parse).collect()
}

/// Runs one export and returns its wall time and bytes written. The peak
/// RSS counter is reset first, so `VmHWM` afterwards is this export's peak.
fn timed(
    a: &Archive,
    ixs: &[u32],
    out: &Path,
    (format, layout): (Format, Layout),
    marks: &Arc<Marks>,
) -> (f64, f64, u64) {
    reset_peak_rss();
    let opts = ExportOptions {
        format,
        layout,
        marks: marks.clone(),
        ..ExportOptions::default()
    };
    let (start, cpu) = (Instant::now(), cpu_secs());
    let summary = match export(a, ixs, out, &opts, &ExportProgress::default()) {
        Ok(s) => s,
        Err(e) => {
            println!("export failed: {e}");
            std::process::exit(1);
        }
    };
    let cpu = cpu_secs() - cpu;
    (start.elapsed().as_secs_f64(), cpu, summary.bytes)
}

/// The process's CPU time so far, user and system, all threads (Linux;
/// 0 elsewhere). Less swayed than wall time by other work on the host.
fn cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis; utime and stime are
    // the 14th and 15th of the line, in clock ticks (100 a second).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: f64 = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<f64>().ok())
        .sum();
    ticks / 100.0
}

fn remove(p: &Path) {
    let done = if p.is_dir() {
        std::fs::remove_dir_all(p)
    } else {
        std::fs::remove_file(p)
    };
    if let Err(e) = done {
        println!("note: could not remove {}: {e}", p.display());
    }
}

/// The big generated corpus if present, else synthetic articles.
fn corpus() -> Archive {
    let dir = std::env::var_os("HOTLINE_CORPUS")
        .map_or_else(|| PathBuf::from("/work/corpus100k"), PathBuf::from);
    if dir.is_dir() {
        let start = Instant::now();
        let opts = LoadOptions {
            builtin: false,
            folders: vec![dir.clone()],
            text: Text::Full,
            cache: None,
            ..LoadOptions::default()
        };
        match load(&opts, &Progress::default()) {
            Ok(a) => {
                println!(
                    "loaded {} in {:.2} s",
                    dir.display(),
                    start.elapsed().as_secs_f64()
                );
                return a;
            }
            Err(e) => println!("cannot load {}: {e}", dir.display()),
        }
    }
    let n = std::env::var("HOTLINE_BENCH_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    println!(
        "{} not found: measuring {n} synthetic articles instead",
        dir.display()
    );
    synthetic(n)
}

/// Articles of 2–50 KB (about 4 KB on average, like the generated corpus).
fn synthetic(n: usize) -> Archive {
    let sentence =
        "Support leaders who measure what matters keep customers for years, and they know why. ";
    let entries = (0..n)
        .map(|i| {
            let paragraphs = if i % 20 == 0 { 60 } else { 2 + i % 9 };
            let mut blocks = Vec::with_capacity(paragraphs + 2);
            for p in 0..paragraphs {
                if p % 4 == 3 {
                    blocks.push(Block::heading(format!("Section {p} of Article {i}")));
                }
                blocks.push(Block::paragraph(sentence.repeat(3 + (i + p) % 6)));
            }
            Entry {
                id: format!("article-{i}"),
                title: format!("Article Number {i} on Cloud Support"),
                author: (i % 20 != 0).then(|| format!("Author {}", i % 40)),
                date: NaiveDate::from_ymd_opt(
                    2000 + (i % 10) as i32,
                    1 + (i % 12) as u32,
                    1 + (i % 28) as u32,
                ),
                kind: Kind::Article,
                source: format!("synthetic/{i}.txt"),
                page: None,
                ..Entry::with_blocks(blocks)
            }
        })
        .collect();
    Archive::new(entries, vec![])
}

/// A line of `/proc/self/status` in MB (0 where there is no procfs).
fn rss_mb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

/// Resets `VmHWM` to the current RSS (Linux; ignored elsewhere).
fn reset_peak_rss() {
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        // No procfs: the peak then covers the whole run.
    }
}
