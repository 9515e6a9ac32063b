//! `hotline show ID`: one entry as plain text, Markdown or JSON, rendered by
//! the library's `render` module (the same code export uses).

use super::{Context, out};
use hotline::render;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The entry's id, as printed by `list`.
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
    let Some(entry) = ctx.archive.by_id(&args.id) else {
        anyhow::bail!("no entry with id '{}'", args.id);
    };
    let mut w = out::stdout();
    match args.format {
        ShowFormat::Txt => render::write_txt(entry, &mut w)?,
        ShowFormat::Md => render::write_md(entry, &mut w)?,
        ShowFormat::Json => render::write_json(entry, &mut w)?,
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}
