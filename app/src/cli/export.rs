//! `hotline export`: writes the selected entries with the library's
//! [`hotline::export`], one combined file or one file per entry.
//!
//! Selection: the IDs given (an unknown one fails with exit 1), narrowed by
//! any FILTERS; without IDs, what the FILTERS (and `--query`) keep; without
//! either, everything; `--skip-joined-teasers` then drops the teasers whose
//! article is in the archive. An existing target fails with exit 1 unless
//! `--force` (which replaces only regular files) or `--skip-existing`
//! (which leaves them and writes the rest); a `/` in `--template` makes
//! subfolders inside the folder PATH; an unknown template field is a usage
//! error (exit 2); nothing is ever left half-written (see the library
//! module). The reader's highlights and notes of the exported entries go
//! with them (unless `--no-marks`); a database that cannot be opened is a
//! warning, and the entries are exported without. With one
//! `--collection`, the entries keep the collection's order and a combined
//! file is titled with its name. SIGINT/SIGTERM cancel the export through the library's
//! cancel flag: it cleans up, says what became of the files already renamed
//! and exits 130/143 ([`super::interrupt`]). What was written is printed at
//! the end; a closed stdout then is still success (the files stay).

use super::interrupt::{self, Interrupted};
use super::{Context, FilterArgs, UsageError, library, out};
use hotline::export::{
    DEFAULT_TEMPLATE, ExportError, ExportOptions, ExportSummary, Format, IfExists, Layout, Marks,
    check_template, export,
};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Where to write: a file (single layout) or a folder (per-article).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// File format (epub is always one file).
    #[arg(long, value_enum, default_value_t = ExportFormat::Txt)]
    pub format: ExportFormat,
    /// One file at PATH, or one file per entry in the folder PATH.
    #[arg(long, value_enum, default_value_t = LayoutArg::Single)]
    pub layout: LayoutArg,
    /// Overwrite existing files.
    #[arg(long, conflicts_with = "skip_existing")]
    pub force: bool,
    /// Leave existing files as they are and write only the others.
    #[arg(long)]
    pub skip_existing: bool,
    /// File names of the per-article layout; fields {date} {author} {title} {id} {kind}
    /// {n} (the number in the export, zero-padded);
    /// a / makes subfolders inside PATH.
    #[arg(long, value_name = "TEMPLATE", default_value = DEFAULT_TEMPLATE, value_parser = template)]
    pub template: String,
    /// Title of a combined file or EPUB book (default: the collection's
    /// name with one --collection).
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
    /// Leave the reader's highlights and notes out.
    #[arg(long)]
    pub no_marks: bool,
    /// Leave out teasers whose whole article is in the loaded archive.
    #[arg(long)]
    pub skip_joined_teasers: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Export these entries (default: what the filters keep, or everything).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
}

/// `export --format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Txt,
    Md,
    Json,
    Epub,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Format {
        match f {
            ExportFormat::Txt => Format::Txt,
            ExportFormat::Md => Format::Md,
            ExportFormat::Json => Format::Json,
            ExportFormat::Epub => Format::Epub,
        }
    }
}

/// `export --layout` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    Single,
    PerArticle,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Layout {
        match l {
            LayoutArg::Single => Layout::Single,
            LayoutArg::PerArticle => Layout::PerEntry,
        }
    }
}

impl ExportArgs {
    /// What `--force` and `--skip-existing` (never both) ask for.
    fn if_exists(&self) -> IfExists {
        if self.force {
            IfExists::Replace
        } else if self.skip_existing {
            IfExists::Skip
        } else {
            IfExists::Refuse
        }
    }
}

/// A template with known fields only (checked before the archive loads).
fn template(s: &str) -> Result<String, String> {
    check_template(s)
        .map(|()| s.to_string())
        .map_err(|e| e.to_string())
}

/// Runs `hotline export`.
pub fn run(ctx: &Context, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let (ixs, collection) = select(ctx, args)?;
    let marks = if args.no_marks {
        Marks::default()
    } else {
        marks_of(ctx, &ixs)
    };
    let opts = ExportOptions {
        format: args.format.into(),
        layout: args.layout.into(),
        template: args.template.clone(),
        if_exists: args.if_exists(),
        title: args.title.clone().or(collection),
        marks: Arc::new(marks),
    };
    let result =
        interrupt::cancellable(|progress| export(&ctx.archive, &ixs, &args.out, &opts, progress));
    finish(result, &args.out)
}

/// Prints what an export wrote, or turns its error into the command's:
/// files in the way say how to go on, a cancel is an interruption, a
/// template mistake a usage error.
pub fn finish(
    result: Result<ExportSummary, ExportError>,
    out_path: &Path,
) -> anyhow::Result<ExitCode> {
    let summary = match result {
        Ok(s) => s,
        Err(e @ ExportError::TargetExists(_)) => {
            anyhow::bail!("{e}; use --force to overwrite, or --skip-existing to keep them")
        }
        Err(ExportError::Cancelled(undone)) => {
            return Err(Interrupted::new(format!("export interrupted: {undone}")).into());
        }
        Err(e @ ExportError::Template(_)) => return Err(UsageError(e.to_string()).into()),
        Err(e) => return Err(e.into()),
    };
    let mut stdout = out::stdout();
    writeln!(stdout, "{}", summary.describe(out_path))?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The highlights and notes of the entries at `ixs`; none, with a
/// warning, when the database cannot be read.
fn marks_of(ctx: &Context, ixs: &[u32]) -> Marks {
    let ids = ixs
        .iter()
        .filter_map(|&i| ctx.archive.get(i))
        .map(|e| e.id.as_str());
    let loaded = library::open_existing().and_then(|db| match db {
        Some(mut db) => Ok(Marks::load(&mut db, ids)?),
        None => Ok(Marks::default()),
    });
    loaded.unwrap_or_else(|e| {
        out::eprint_line(format_args!(
            "warning: exporting without highlights and notes: {e:#}"
        ));
        Marks::default()
    })
}

/// The canonical indexes to export (see the module doc), and the name of
/// the one collection they come from, if one was chosen.
fn select(ctx: &Context, args: &ExportArgs) -> anyhow::Result<(Vec<u32>, Option<String>)> {
    let (mut ixs, collection) = select_given(ctx, args)?;
    if args.skip_joined_teasers {
        let joins = hotline::explore::TeaserJoins::find(&ctx.archive);
        ixs.retain(|&ix| !joins.is_joined_teaser(ix));
    }
    Ok((ixs, collection))
}

/// The canonical indexes the IDs and FILTERS select (a single chosen
/// collection's in its own order), and that collection's name.
fn select_given(ctx: &Context, args: &ExportArgs) -> anyhow::Result<(Vec<u32>, Option<String>)> {
    let (filter, resolved) = ctx.filter(&args.filters)?;
    let kept = ctx.select(&filter, args.filters.query.as_deref())?;
    let (kept, collection) = match resolved.as_slice() {
        // One collection: its own order and its name.
        [one] => {
            let keep: HashSet<u32> = kept.into_iter().collect();
            let ordered = one
                .order
                .iter()
                .copied()
                .filter(|i| keep.contains(i))
                .collect();
            (ordered, Some(one.name.clone()))
        }
        _ => (kept, None),
    };
    if args.ids.is_empty() {
        return Ok((kept, collection));
    }
    let kept: HashSet<u32> = kept.into_iter().collect();
    let mut seen = HashSet::with_capacity(args.ids.len());
    let mut ixs = Vec::with_capacity(args.ids.len());
    for id in &args.ids {
        let Some(ix) = ctx.archive.index_of(id) else {
            anyhow::bail!("no entry with id '{id}'");
        };
        if kept.contains(&ix) && seen.insert(ix) {
            ixs.push(ix);
        }
    }
    Ok((ixs, collection))
}
