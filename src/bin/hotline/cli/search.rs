//! `hotline search QUERY` and the `--query` filter (issue 4).
//!
//! Placeholder until the search engine lands: the arguments are final (per
//! `docs/CLI.md`), and both entry points answer with a usage error.

use super::{Context, FilterArgs, UsageError};
use hotline::Filter;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
// The fields are read once the search engine is wired in.
#[allow(dead_code)]
pub struct SearchArgs {
    /// The query: words, "phrases", AND/OR/NOT, field:term.
    #[arg(value_name = "QUERY")]
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

/// Runs `hotline search`.
pub fn run(_ctx: &Context, _args: &SearchArgs) -> anyhow::Result<ExitCode> {
    Err(not_available())
}

/// The canonical indexes, in canonical order, of the entries matching `query`
/// that `filter` keeps (the `--query` filter of every listing command).
pub fn select(_ctx: &Context, _query: &str, _filter: &Filter) -> anyhow::Result<Vec<u32>> {
    Err(not_available())
}

fn not_available() -> anyhow::Error {
    UsageError("search is not yet available".to_string()).into()
}
