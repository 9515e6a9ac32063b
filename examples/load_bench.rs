//! Loader benchmark: what `hotline --no-builtin --archive DIR list --json`
//! costs without the CLI around it.
//!
//! `cargo run --release --example load_bench -- DIR [--phases] [--bodies]
//! [--cache ROOT]` loads DIR
//! (no built-in corpus), serializes every entry's list fields as JSON into a
//! sink and prints the time, the entry and warning counts and the text bytes
//! held. With `--phases` it first times the floors separately: walking the
//! tree, and walking plus reading every file in parallel.

use anyhow::{Result, bail};
use hotline::{LoadOptions, Progress, Text, load};
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The app's allocator, so the figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let mut dir = None;
    let mut phases = false;
    let mut text = Text::Outline;
    let mut cache = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--phases" => phases = true,
            "--bodies" => text = Text::Full,
            "--cache" => cache = args.next().map(PathBuf::from),
            s if !s.starts_with('-') && dir.is_none() => dir = Some(PathBuf::from(s)),
            s => bail!(
                "unexpected argument {s}\nusage: load_bench DIR [--phases] [--bodies] [--cache ROOT]"
            ),
        }
    }
    let Some(dir) = dir else {
        bail!("usage: load_bench DIR [--phases] [--bodies] [--cache ROOT]");
    };
    if phases {
        time_floors(&dir);
    }
    let t = Instant::now();
    let opts = LoadOptions {
        builtin: false,
        folders: vec![dir],
        // By default as `list` loads without a cache: metadata and
        // outline, no body text, every file parsed.
        text,
        cache,
        ..LoadOptions::default()
    };
    let archive = load(&opts, &Progress::default())?;
    let loaded = t.elapsed();
    let mut sink = std::io::BufWriter::new(std::io::sink());
    serde_json::to_writer(&mut sink, &list_rows(&archive))?;
    sink.flush()?;
    println!(
        "load {:.3} s, +json {:.3} s: {} entries, {} warnings, {} text bytes",
        loaded.as_secs_f64(),
        t.elapsed().as_secs_f64(),
        archive.len(),
        archive.warnings().len(),
        archive.text_bytes()
    );
    Ok(())
}

fn list_rows(archive: &hotline::Archive) -> Vec<serde_json::Value> {
    archive
        .entries()
        .iter()
        .map(|e| {
            serde_json::json!({
                "id": e.id, "title": e.title, "author": e.author, "date": e.date,
                "kind": e.kind, "source": e.source, "words": e.words,
                "sections": e.sections().collect::<Vec<_>>(),
            })
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn time_floors(dir: &Path) {
    let t = Instant::now();
    let files = walk(dir);
    println!(
        "walk {:.3} s: {} files",
        t.elapsed().as_secs_f64(),
        files.len()
    );
    let t = Instant::now();
    let bytes: usize = files
        .par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| b.len()))
        .sum();
    println!(
        "read (parallel) {:.3} s: {bytes} bytes",
        t.elapsed().as_secs_f64()
    );
}
