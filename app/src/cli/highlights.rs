//! `hotline highlights`: every highlight and entry note of the library
//! database, newest first or in reading order, narrowed by collection and
//! colour, as text or JSON; and `hotline highlights export`, which writes
//! them alone as Markdown, JSON or Readwise's CSV (one file, or one per
//! entry) through the library's [`hotline::export::highlights`], with the
//! safety of every export. Rows whose entry is not loaded are counted in a
//! warning.

use super::interrupt;
use super::{Context, library, out};
use hotline::collection::resolve;
use hotline::db::Colour;
use hotline::export::highlights::{
    HighlightsExport, HighlightsFormat, JsonRow, Listing, Mark, Order, Select, export_highlights,
    rows,
};
use hotline::export::{IfExists, Layout};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HighlightsArgs {
    #[command(subcommand)]
    pub export: Option<HighlightsCommand>,
    #[command(flatten)]
    pub pick: PickArgs,
    /// Print a JSON array instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum HighlightsCommand {
    /// Write the highlights and notes alone to OUT.
    Export(ExportHighlightsArgs),
}

/// Which highlights, in which order.
#[derive(Debug, clap::Args)]
pub struct PickArgs {
    /// Only entries of the collection NAME; repeat for any of several
    /// (reading order then follows the collections' order).
    #[arg(long, value_name = "NAME")]
    pub collection: Vec<String>,
    /// Only highlights of this colour (entry notes are left out).
    #[arg(long, value_enum, value_name = "COLOUR")]
    pub colour: Option<ColourArg>,
    /// Newest first, or by entry and place in the text.
    #[arg(long, value_enum, default_value_t = OrderArg::Newest)]
    pub order: OrderArg,
}

#[derive(Debug, clap::Args)]
pub struct ExportHighlightsArgs {
    /// File format.
    #[arg(long, value_enum, default_value_t = FormatArg::Md)]
    pub format: FormatArg,
    /// One file per entry in the folder OUT (named {date}-{author}-{title}).
    #[arg(long)]
    pub per_entry: bool,
    /// Overwrite existing files.
    #[arg(long, conflicts_with = "skip_existing")]
    pub force: bool,
    /// Leave existing files as they are and write only the others.
    #[arg(long)]
    pub skip_existing: bool,
    #[command(flatten)]
    pub pick: PickArgs,
    /// Where to write: a file, or a folder with --per-entry.
    #[arg(value_name = "OUT")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColourArg {
    Yellow,
    Green,
    Blue,
    Pink,
}

impl From<ColourArg> for Colour {
    fn from(c: ColourArg) -> Colour {
        match c {
            ColourArg::Yellow => Colour::Yellow,
            ColourArg::Green => Colour::Green,
            ColourArg::Blue => Colour::Blue,
            ColourArg::Pink => Colour::Pink,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderArg {
    Newest,
    Reading,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Md,
    Json,
    Csv,
}

impl From<FormatArg> for HighlightsFormat {
    fn from(f: FormatArg) -> HighlightsFormat {
        match f {
            FormatArg::Md => HighlightsFormat::Md,
            FormatArg::Json => HighlightsFormat::Json,
            FormatArg::Csv => HighlightsFormat::Csv,
        }
    }
}

/// Runs `hotline highlights` and `hotline highlights export`.
pub fn run(ctx: &Context, args: &HighlightsArgs) -> anyhow::Result<ExitCode> {
    match &args.export {
        Some(HighlightsCommand::Export(e)) => export(ctx, e),
        None => list(ctx, &args.pick, args.json),
    }
}

/// The rows picked, and the name of the one collection they come from.
fn pick(ctx: &Context, pick: &PickArgs) -> anyhow::Result<(Listing, Option<String>)> {
    let Some(mut db) = library::open_existing()? else {
        if let Some(name) = pick.collection.first() {
            let missing = hotline::db::CollectionError::Missing(name.trim().to_string());
            return Err(missing.into());
        }
        return Ok((Listing::default(), None));
    };
    let resolved = resolve(&mut db, &ctx.archive, &pick.collection)?;
    let name = match resolved.as_slice() {
        [one] => Some(one.name.clone()),
        _ => None,
    };
    let within = (!resolved.is_empty()).then(|| {
        let mut seen = std::collections::HashSet::new();
        resolved
            .iter()
            .flat_map(|r| r.order.iter().copied())
            .filter(|ix| seen.insert(*ix))
            .collect()
    });
    let select = Select {
        within,
        colour: pick.colour.map(Colour::from),
        order: match pick.order {
            OrderArg::Newest => Order::Newest,
            OrderArg::Reading => Order::Reading,
        },
    };
    let listing = rows(&mut db, &ctx.archive, &select)?;
    if listing.unloaded > 0 {
        out::eprint_line(format_args!(
            "warning: {} highlights and notes belong to entries not in the loaded archive",
            listing.unloaded
        ));
    }
    Ok((listing, name))
}

fn list(ctx: &Context, pick_args: &PickArgs, json: bool) -> anyhow::Result<ExitCode> {
    let (listing, _) = pick(ctx, pick_args)?;
    let rows = listing
        .rows
        .iter()
        .filter_map(|r| Some((r, ctx.archive.get(r.ix)?)));
    let mut w = out::stdout();
    if json {
        out::write_json_array(&mut w, rows.map(|(r, e)| JsonRow::new(r, e)))?;
    } else {
        for (r, e) in rows {
            let row = JsonRow::new(r, e);
            let by: Vec<String> = e
                .author
                .iter()
                .map(|a| out::one_line(a).into_owned())
                .chain(row.date.clone())
                .collect();
            let what = match &r.mark {
                Mark::Highlight(h) => h.colour.as_str(),
                Mark::EntryNote { .. } => "note",
            };
            writeln!(
                w,
                "{}  {what:<6}  {} \u{2014} {}  ({})",
                row.created.replace('T', " ").trim_end_matches('Z'),
                out::one_line(&e.title),
                by.join(", "),
                e.id
            )?;
            if let Some(q) = row.quote {
                writeln!(w, "    \u{201c}{}\u{201d}", out::one_line(q))?;
            }
            if !row.note.trim().is_empty() {
                writeln!(w, "    note: {}", out::one_line(row.note))?;
            }
            writeln!(w, "    {}", row.link)?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn export(ctx: &Context, args: &ExportHighlightsArgs) -> anyhow::Result<ExitCode> {
    let (listing, collection) = pick(ctx, &args.pick)?;
    let opts = HighlightsExport {
        format: args.format.into(),
        layout: if args.per_entry {
            Layout::PerEntry
        } else {
            Layout::Single
        },
        if_exists: if args.force {
            IfExists::Replace
        } else if args.skip_existing {
            IfExists::Skip
        } else {
            IfExists::Refuse
        },
        title: collection,
    };
    let result = interrupt::cancellable(|progress| {
        export_highlights(&ctx.archive, &listing.rows, &args.out, &opts, progress)
    });
    super::export::finish(result, &args.out)
}
