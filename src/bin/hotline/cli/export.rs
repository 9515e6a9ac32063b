//! `hotline export` (issue 5).
//!
//! Placeholder until export lands: the arguments are final (per
//! `docs/CLI.md`; more formats may join [`ExportFormat`]), and running it
//! answers with a usage error.

use super::{Context, FilterArgs, UsageError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
// The fields are read once export is wired in.
#[allow(dead_code)]
pub struct ExportArgs {
    /// Where to write: a file (single layout) or a folder (per-article).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Txt)]
    pub format: ExportFormat,
    /// One file at PATH, or one file per entry in the folder PATH.
    #[arg(long, value_enum, default_value_t = LayoutArg::Single)]
    pub layout: LayoutArg,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
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
}

/// `export --layout` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    Single,
    PerArticle,
}

/// Runs `hotline export`.
pub fn run(_ctx: &Context, _args: &ExportArgs) -> anyhow::Result<ExitCode> {
    Err(UsageError("export is not yet available".to_string()).into())
}
