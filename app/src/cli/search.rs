//! `hotline search QUERY` and the `--query` filter of `list` and `export`:
//! the library's [`SearchIndex`] behind the command line.
//!
//! The index of the embedded corpus alone is built in memory (a few ms);
//! with `--archive` folders it is kept in the per-user cache and reused
//! while the files are unchanged; a search of such folders does not even
//! load them ([`quick`]). A malformed query is a usage error (exit 2); a
//! cache that cannot be written falls back to an in-memory index.

use super::{Context, FilterArgs, UsageError, out};
use hotline::search::{
    BuildProgress, CacheOptions, Fallback, Hit, Query, SearchIndex, Snippet, quick,
};
use hotline::{Entry, Filter, LoadOptions};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// The query: words (all must match), "exact phrases", -excluded,
    /// prefix*, author:NAME, date:2007-03..2008-05, kind:article|excerpt.
    ///
    /// Repeated values of one operator are alternatives (kind:excerpt
    /// kind:article is either kind; date:2007 date:2009 either year; the
    /// same for author:); different operators and FILTERS all apply. When
    /// nothing matches, a word found nowhere may be corrected to a close
    /// indexed word (1 edit for 4-5 letters, 2 for 6-20), with a note on
    /// stderr; --query filters are never corrected. See docs/CLI.md.
    #[arg(value_name = "QUERY", allow_hyphen_values = true)]
    pub text: String,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print at most N hits.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One element of `search --json`. `highlights` are `[start, end)` byte
/// offsets into the UTF-8 `snippet`.
#[derive(Serialize)]
struct JsonHit<'a> {
    id: &'a str,
    title: &'a str,
    score: f32,
    snippet: &'a str,
    highlights: Vec<[usize; 2]>,
    author: Option<&'a str>,
    date: Option<String>,
    kind: &'static str,
}

/// Runs `hotline search`.
pub fn run(ctx: &Context, args: &SearchArgs) -> anyhow::Result<ExitCode> {
    let query = query_of(args)?;
    let (filter, _) = ctx.filter(&args.filters)?;
    let index = open_index(ctx)?;
    let results = index.search(&query, &filter, args.limit, Fallback::Typos);
    let archive = index.archive();
    let hits = results
        .hits
        .iter()
        .filter_map(|h| Some((h, archive.get(h.ix)?)));
    print(args, &query, results.fuzzy.as_deref(), hits)
}

/// Runs `hotline search` on unchanged, already indexed folders without
/// loading them (see [`hotline::search::quick`]); `None` when that cannot
/// be done and the archive has to be loaded. A malformed query is also
/// `None`: the ordinary path reports it as it always does.
pub fn quick(load: &LoadOptions, args: &SearchArgs) -> anyhow::Result<Option<ExitCode>> {
    let Ok(query) = query_of(args) else {
        return Ok(None);
    };
    // A collection's members are positions in a loaded archive.
    if !args.filters.collection.is_empty() {
        return Ok(None);
    }
    let cache = cache_options(&load.folders);
    let filter = args.filters.filter();
    let found = quick::search(load, &cache, &query, &filter, args.limit, Fallback::Typos);
    let Some(found) = found else {
        return Ok(None);
    };
    let hits = found.results.hits.iter().zip(&found.entries);
    print(args, &query, found.results.fuzzy.as_deref(), hits).map(Some)
}

/// The query as typed, with the `--query` filter's clauses ANDed to it.
fn query_of(args: &SearchArgs) -> anyhow::Result<Query> {
    let query = parse(&args.text)?;
    match &args.filters.query {
        // `--query` narrows like any other filter; its clauses are ANDed.
        Some(extra) => {
            let extra = parse(extra)?;
            parse(&format!("{query} {extra}"))
        }
        None => Ok(query),
    }
}

/// Prints the hits (best first, each with its entry), after the note
/// about a corrected query.
fn print<'a>(
    args: &SearchArgs,
    query: &Query,
    fuzzy: Option<&str>,
    hits: impl Iterator<Item = (&'a Hit, &'a Entry)>,
) -> anyhow::Result<ExitCode> {
    if let Some(fixed) = fuzzy {
        out::eprint_line(format_args!(
            "note: nothing matched \"{query}\"; showing results for \"{fixed}\""
        ));
    }
    let mut w = out::stdout();
    if args.json {
        out::write_json_array(&mut w, hits.map(|(h, e)| json_hit(e, h)))?;
    } else {
        let ansi = std::io::stdout().is_terminal();
        for (rank, (h, e)) in hits.enumerate() {
            let title = out::one_line(&e.title);
            writeln!(w, "{:>3}. {:>7.3}  {title}  ({})", rank + 1, h.score, e.id)?;
            writeln!(w, "     {}", marked(&h.snippet, ansi))?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn json_hit<'a>(e: &'a Entry, h: &'a Hit) -> JsonHit<'a> {
    JsonHit {
        id: &e.id,
        title: &e.title,
        score: h.score,
        snippet: &h.snippet.text,
        highlights: h
            .snippet
            .highlights
            .iter()
            .map(|r| [r.start, r.end])
            .collect(),
        author: e.author.as_deref(),
        date: e.date.map(|d| d.to_string()),
        kind: e.kind.as_str(),
    }
}

/// The snippet on one line with its hits in bold (terminal) or `[…]`.
fn marked(s: &Snippet, ansi: bool) -> String {
    let (open, close) = if ansi {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut outp = String::with_capacity(s.text.len() + 16);
    let mut at = 0;
    for r in &s.highlights {
        let (Some(before), Some(hit)) = (s.text.get(at..r.start), s.text.get(r.clone())) else {
            continue;
        };
        outp.push_str(before);
        outp.push_str(open);
        outp.push_str(hit);
        outp.push_str(close);
        at = r.end;
    }
    outp.push_str(s.text.get(at..).unwrap_or(""));
    out::one_line(&outp).into_owned()
}

/// The canonical indexes, in canonical order, of the entries matching `query`
/// that `filter` keeps (the `--query` filter of every listing command). A
/// filter acts on the query as typed: a word found nowhere keeps nothing,
/// never the entries of a guessed correction.
pub fn select(ctx: &Context, query: &str, filter: &Filter) -> anyhow::Result<Vec<u32>> {
    let q = parse(query)?;
    Ok(open_index(ctx)?.search(&q, filter, 0, Fallback::Never).all)
}

fn parse(text: &str) -> anyhow::Result<Query> {
    let q = Query::parse(text).map_err(|e| UsageError(e.to_string()))?;
    if q.is_empty() {
        return Err(UsageError("empty query: give at least one word or operator".into()).into());
    }
    Ok(q)
}

/// Where the index of an archive loaded from `folders` is kept.
pub fn cache_options(folders: &[PathBuf]) -> CacheOptions {
    CacheOptions {
        roots: folders.to_vec(),
        ..Default::default()
    }
}

/// The index of the context's archive: cached on disk for user folders.
pub fn open_index(ctx: &Context) -> anyhow::Result<SearchIndex> {
    if let Some(index) = ctx.take_index() {
        return Ok(index);
    }
    let (index, cache_error) = SearchIndex::prepare_prefetched(
        ctx.archive.clone(),
        &cache_options(&ctx.folders),
        ctx.take_prefetch(),
        &BuildProgress::default(),
    )?;
    if let Some(e) = cache_error {
        out::eprint_line(format_args!(
            "warning: search cache unavailable ({e}); indexing in memory"
        ));
    }
    Ok(index)
}
