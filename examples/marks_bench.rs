//! Reconcile benchmark: what `marks::reconcile` costs after a load of
//! 100,000 entries with 100,000 highlights, when nothing changed (the
//! common case: a set lookup per referenced id) and when 1% of the files
//! were edited.
//!
//! `cargo run --release --example marks_bench [-- ENTRIES]` builds the
//! archive in memory and the database in a temporary folder, reconciles
//! once to record the origins, then times further reconciles.

use anyhow::{Context, Result};
use hotline::db::Library;
use hotline::marks::{EntryText, anchor, reconcile};
use hotline::{Archive, Block, Entry};
use std::time::{Duration, Instant};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROOT: &str = "/bench";

/// Entry `i`, as of edition `edit` (an edit changes its id and its text).
fn entry(i: usize, edit: usize) -> Entry {
    let blocks = vec![
        Block::paragraph(format!(
            "Article {i} opens with a paragraph about the mill and the river."
        )),
        Block::paragraph(format!(
            "{}The miller of article {i} carried his sacks to the loft and waited.",
            "An added line. ".repeat(edit)
        )),
        Block::paragraph("Nobody in the village remembers what became of the wheel."),
    ];
    Entry::with_blocks(blocks)
        .with_id(&format!("article-{i}-{edit:08x}"))
        .with_title(&format!("Article {i}"))
        .with_source(&format!("{ROOT}/{i}.txt"))
}

fn archive(n: usize, edited: impl Fn(usize) -> usize) -> Archive {
    let entries = (0..n).map(|i| entry(i, edited(i))).collect();
    Archive::new(entries, Vec::new()).with_roots(vec![ROOT.into()])
}

/// This thread's CPU time (user and system) in clock ticks of 10 ms, from
/// `/proc/thread-self/stat` (Linux; 0 elsewhere): on a shared host the
/// wall time says more about the other processes than about this one.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis: utime is the 12th, stime the 13th.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

/// The fastest of `runs` reconciles (wall time), the least CPU time one
/// took, and what the last one reported.
fn time(db: &mut Library, a: &Archive, runs: usize) -> Result<(Duration, Duration, String)> {
    let mut best = Duration::MAX;
    let mut cpu = Duration::MAX;
    let mut report = String::new();
    for _ in 0..runs {
        let (t, ticks) = (Instant::now(), cpu_ticks());
        let r = reconcile(db, a)?;
        best = best.min(t.elapsed());
        cpu = cpu.min(Duration::from_millis(10 * (cpu_ticks() - ticks)));
        report = format!("{r:?}");
    }
    Ok((best, cpu, report))
}

fn main() -> Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()
        .context("ENTRIES must be a number")?
        .unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("library.sqlite");
    let before = archive(n, |_| 0);
    drop(Library::open(&path)?);
    {
        // Bulk insert: one transaction, as the library's own writes would
        // take far longer one by one.
        let mut conn = rusqlite::Connection::open(&path)?;
        let tx = conn.transaction()?;
        let mut insert = tx.prepare(
            "INSERT INTO highlight (entry, quote, prefix, suffix, start, end, text_hash, colour, note, created, updated)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'yellow', '', 0, 0)",
        )?;
        for e in before.entries() {
            let text = EntryText::of(e);
            let at = text.as_str().find("carried his sacks").unwrap_or(0);
            let a = anchor::make(&text, at..at + "carried his sacks to the loft".len());
            let bits = |n: u64| i64::from_ne_bytes(n.to_ne_bytes());
            insert.execute(rusqlite::params![
                e.id,
                a.quote,
                a.prefix,
                a.suffix,
                bits(a.start),
                bits(a.end),
                bits(a.text_hash)
            ])?;
        }
        drop(insert);
        tx.commit()?;
    }
    let mut db = Library::open(&path)?.library;
    println!("{n} entries, {n} highlights (wall time, CPU time)");
    let (wall, cpu, report) = time(&mut db, &before, 1)?;
    println!("first reconcile (records every origin): {wall:.2?} {cpu:.2?}  {report}");
    let (wall, cpu, report) = time(&mut db, &before, 5)?;
    println!("nothing changed (best of 5):            {wall:.2?} {cpu:.2?}  {report}");
    let after = archive(n, |i| usize::from(i % 100 == 0));
    let (wall, cpu, report) = time(&mut db, &after, 1)?;
    println!("1% of the files edited:                 {wall:.2?} {cpu:.2?}  {report}");
    let (wall, cpu, report) = time(&mut db, &after, 5)?;
    println!("then nothing changed (best of 5):       {wall:.2?} {cpu:.2?}  {report}");
    Ok(())
}
