//! `hotline list`: the entries the filters keep, in canonical order, as an
//! aligned table or as the JSON array of `docs/CLI.md`.

use super::{Context, FilterArgs, out};
use hotline::render::Summary;
use hotline::{Archive, Entry};
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(ctx: &Context, args: &ListArgs) -> anyhow::Result<ExitCode> {
    let ixs = ctx.select(&args.filters.filter(), args.filters.query.as_deref())?;
    let mut w = out::stdout();
    if args.json {
        write_json(&ctx.archive, &ixs, &mut w)?;
    } else {
        write_table(&ctx.archive, &ixs, &mut w)?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn entries<'a>(archive: &'a Archive, ixs: &'a [u32]) -> impl Iterator<Item = &'a Entry> + 'a {
    ixs.iter().filter_map(|&i| archive.get(i))
}

/// The `list --json` array, streamed one entry at a time.
pub fn write_json<W: Write>(archive: &Archive, ixs: &[u32], w: &mut W) -> io::Result<()> {
    out::write_json_array(w, entries(archive, ixs).map(Summary::new))
}

/// Widest author column before names are cut.
const AUTHOR_MAX: usize = 24;

/// Columns: date, author, words, id, title; nothing at all when empty.
pub fn write_table<W: Write>(archive: &Archive, ixs: &[u32], w: &mut W) -> io::Result<()> {
    if ixs.is_empty() {
        return Ok(());
    }
    let (mut author_w, mut id_w) = (out::width("AUTHOR"), out::width("ID"));
    for e in entries(archive, ixs) {
        author_w = author_w.max(out::width(author(e)).min(AUTHOR_MAX));
        id_w = id_w.max(out::width(&e.id));
    }
    let row = |date: &str, author: &str, words: &str, id: &str, title: &str| {
        format!(
            "{}  {}  {words:>6}  {}  {title}",
            out::pad(date, 10),
            out::pad(&out::clip(author, AUTHOR_MAX), author_w),
            out::pad(id, id_w)
        )
    };
    writeln!(w, "{}", row("DATE", "AUTHOR", "WORDS", "ID", "TITLE"))?;
    for e in entries(archive, ixs) {
        let date = e
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let words = e.words.to_string();
        writeln!(w, "{}", row(&date, author(e), &words, &e.id, &e.title))?;
    }
    Ok(())
}

fn author(e: &Entry) -> &str {
    e.author.as_deref().unwrap_or("(unknown)")
}
