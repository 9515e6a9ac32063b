//! `hotline show ID`: one entry as plain text, Markdown or JSON, rendered by
//! the library's `render` module (the same code export uses). The entry
//! may be named by a link (`hotline://entry/ID#h=N`, as exports write
//! them): a malformed link is a usage error, and the highlight it names is
//! said on stderr before the entry is printed.

use super::{Context, UsageError, library, out};
use hotline::link::Link;
use hotline::render;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The entry's id, as printed by `list`, or a link to it
    /// (hotline://entry/ID, hotline://entry/ID#h=HIGHLIGHT).
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ShowFormat::Txt)]
    pub format: ShowFormat,
}

/// `show --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Txt,
    Md,
    Json,
}

pub fn run(ctx: &Context, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let link = if Link::looks_like(&args.id) {
        Link::parse(&args.id).map_err(|e| UsageError(format!("'{}': {e}", args.id)))?
    } else {
        Link::entry(&args.id)
    };
    let Some(entry) = ctx.archive.by_id(&link.entry) else {
        anyhow::bail!("no entry with id '{}'", link.entry);
    };
    if let Some(h) = link.highlight {
        say_highlight(&link.entry, h)?;
    }
    let mut w = out::stdout();
    match args.format {
        ShowFormat::Txt => render::write_txt(entry, &mut w)?,
        ShowFormat::Md => render::write_md(entry, &mut w)?,
        ShowFormat::Json => render::write_json(entry, &mut w)?,
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Names the linked highlight on stderr (a missing one is a warning: the
/// entry is still shown).
fn say_highlight(entry: &str, id: i64) -> anyhow::Result<()> {
    let found = match library::open_existing()? {
        Some(mut db) => db.highlights_of(entry)?.into_iter().find(|h| h.id == id),
        None => None,
    };
    match found {
        Some(h) => {
            let note = if h.note.is_empty() {
                String::new()
            } else {
                format!(" — note: {}", out::one_line(&h.note))
            };
            out::eprint_line(format_args!(
                "note: highlight {id} ({}): \u{201c}{}\u{201d}{note}",
                h.colour.as_str(),
                out::one_line(&h.anchor.quote)
            ));
        }
        None => out::eprint_line(format_args!(
            "warning: entry '{entry}' has no highlight {id} in the library"
        )),
    }
    Ok(())
}
