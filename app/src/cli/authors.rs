//! `hotline authors`: entries per author among what the filters keep, most
//! first, the unknown author last.

use super::{Context, FilterArgs, out};
use serde::Serialize;
use std::io::{self, Write};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct AuthorsArgs {
    /// Count only what these filters keep.
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One `authors --json` element.
#[derive(Debug, Serialize)]
struct AuthorCount<'a> {
    author: Option<&'a str>,
    count: usize,
}

pub fn run(ctx: &Context, args: &AuthorsArgs) -> anyhow::Result<ExitCode> {
    let ixs = ctx.select_args(&args.filters)?;
    let counts = ctx.archive.author_counts(&ixs);
    let mut w = out::stdout();
    if args.json {
        let items = counts
            .iter()
            .map(|&(author, count)| AuthorCount { author, count });
        out::write_json_array(&mut w, items)?;
    } else {
        write_table(&counts, &mut w)?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Count, then name; `(unknown)` for entries without an author.
fn write_table<W: Write>(counts: &[(Option<&str>, usize)], w: &mut W) -> io::Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    let count_w = counts
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(0)
        .max("COUNT".len());
    writeln!(w, "{:>count_w$}  AUTHOR", "COUNT")?;
    for (author, n) in counts {
        let name = out::one_line(author.unwrap_or("(unknown)"));
        writeln!(w, "{n:>count_w$}  {name}")?;
    }
    Ok(())
}
