//! `hotline related ID`: the entries most like one entry, best first, each
//! with the distinctive words it shares with it (the library's
//! [`hotline::search::SearchIndex::related`]); the entry's own teaser or
//! article is left out.

use super::{Context, out};
use hotline::explore::TeaserJoins;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RelatedArgs {
    /// The entry's id, as printed by `list`.
    pub id: String,
    /// Print at most N entries.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// One element of `related --json`.
#[derive(Serialize)]
struct JsonRelated<'a> {
    id: &'a str,
    title: &'a str,
    score: f32,
    why: &'a [String],
    author: Option<&'a str>,
    date: Option<String>,
    kind: &'static str,
}

pub fn run(ctx: &Context, args: &RelatedArgs) -> anyhow::Result<ExitCode> {
    let Some(ix) = ctx.archive.index_of(&args.id) else {
        anyhow::bail!("no entry with id '{}'", args.id);
    };
    let index = super::search::open_index(ctx)?;
    let joins = TeaserJoins::find(index.archive());
    let found = index.related(ix, args.limit, Some(&joins));
    let archive = index.archive();
    let rows = found.iter().filter_map(|r| Some((r, archive.get(r.ix)?)));
    let mut w = out::stdout();
    if args.json {
        out::write_json_array(
            &mut w,
            rows.map(|(r, e)| JsonRelated {
                id: &e.id,
                title: &e.title,
                score: r.score,
                why: &r.why,
                author: e.author.as_deref(),
                date: e.date.map(|d| d.to_string()),
                kind: e.kind.as_str(),
            }),
        )?;
    } else {
        for (rank, (r, e)) in rows.enumerate() {
            let title = out::one_line(&e.title);
            writeln!(w, "{:>3}. {:>7.3}  {title}  ({})", rank + 1, r.score, e.id)?;
            writeln!(w, "     shares: {}", r.why.join(", "))?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}
