//! `hotline author NAME`: one author's page (the library's
//! [`hotline::explore::author_profile`]): first and last dates, entries
//! and words, entries per period, their most distinctive words, and the
//! collections and highlights of their entries in the reader's database
//! (read only if it exists). An unknown name fails with suggestions.

use super::{Context, UsageError, out};
use hotline::explore::{AuthorProfile, AuthorShelf, author_profile, author_shelf};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct AuthorArgs {
    /// The author's name (case-insensitive), as `authors` prints it.
    pub name: String,
    /// Print a JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    entries: usize,
    first: Option<String>,
    last: Option<String>,
    words: u64,
    granularity: &'static str,
    periods: Vec<JsonPeriod>,
    distinctive: Vec<&'a str>,
    collections: Vec<JsonCollection<'a>>,
    highlights: usize,
    ids: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonPeriod {
    /// The period's label (`2007`, `2007-03`), or `null` for undated.
    period: Option<String>,
    count: usize,
}

#[derive(Serialize)]
struct JsonCollection<'a> {
    name: &'a str,
    entries: usize,
}

pub fn run(ctx: &Context, args: &AuthorArgs) -> anyhow::Result<ExitCode> {
    let index = super::search::open_index(ctx)?;
    let profile = author_profile(&index, &args.name).map_err(|e| UsageError(e.to_string()))?;
    let shelf = shelf(ctx, &profile);
    let mut w = out::stdout();
    if args.json {
        let archive = &ctx.archive;
        let doc = JsonAuthor {
            name: &profile.name,
            entries: profile.entries.len(),
            first: profile.first.map(|d| d.to_string()),
            last: profile.last.map(|d| d.to_string()),
            words: profile.words,
            granularity: size_name(profile.granularity),
            periods: profile
                .per_period
                .iter()
                .map(|(p, n)| JsonPeriod {
                    period: p.map(|p| p.to_string()),
                    count: *n,
                })
                .collect(),
            distinctive: profile
                .distinctive
                .iter()
                .map(|(w, _)| w.as_str())
                .collect(),
            collections: shelf
                .collections
                .iter()
                .map(|(name, n)| JsonCollection { name, entries: *n })
                .collect(),
            highlights: shelf.highlights,
            ids: (profile.entries.iter())
                .filter_map(|&ix| Some(archive.get(ix)?.id.as_str()))
                .collect(),
        };
        serde_json::to_writer_pretty(&mut w, &doc)?;
        writeln!(w)?;
    } else {
        write_text(&mut w, &profile, &shelf)?;
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The author's collections and highlights, from the database if there
/// is one (a command that only reads never creates it); a database that
/// cannot be read is said on stderr and leaves the shelf empty.
fn shelf(ctx: &Context, profile: &AuthorProfile) -> AuthorShelf {
    let Some(path) = hotline::db::default_path().filter(|p| p.exists()) else {
        return AuthorShelf::default();
    };
    let read = hotline::db::Library::open(&path)
        .and_then(|mut o| author_shelf(&ctx.archive, &profile.entries, &mut o.library));
    read.unwrap_or_else(|e| {
        out::eprint_line(format_args!("warning: {e}"));
        AuthorShelf::default()
    })
}

fn write_text(w: &mut impl Write, p: &AuthorProfile, shelf: &AuthorShelf) -> std::io::Result<()> {
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "-".to_string(), |d| d.to_string());
    writeln!(w, "{}", out::one_line(&p.name))?;
    writeln!(w, "entries:     {}", p.entries.len())?;
    writeln!(w, "first:       {}", date(p.first))?;
    writeln!(w, "last:        {}", date(p.last))?;
    writeln!(
        w,
        "words:       {}",
        hotline::numbers::grouped(p.words as usize)
    )?;
    let words: Vec<&str> = p.distinctive.iter().map(|(w, _)| w.as_str()).collect();
    writeln!(w, "distinctive: {}", words.join(", "))?;
    let collections: Vec<String> = (shelf.collections.iter())
        .map(|(name, n)| format!("{} ({n})", out::one_line(name)))
        .collect();
    writeln!(w, "collections: {}", collections.join(", "))?;
    writeln!(w, "highlights:  {}", shelf.highlights)?;
    writeln!(w, "per {}:", size_name(p.granularity))?;
    for (period, n) in &p.per_period {
        let label = period.map_or_else(|| "undated".to_string(), |p| p.to_string());
        writeln!(w, "  {label:<10} {n}")?;
    }
    Ok(())
}

/// The name of a period size, as `timeline --by` spells it.
fn size_name(g: hotline::Granularity) -> &'static str {
    use hotline::Granularity as G;
    match g {
        G::Decade => "decade",
        G::Year => "year",
        G::Quarter => "quarter",
        G::Month => "month",
        G::Week => "week",
        G::Day => "day",
    }
}
