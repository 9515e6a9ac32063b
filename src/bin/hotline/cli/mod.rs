//! The command line: clap's argument types, and the dispatch from a parsed
//! command line to one subcommand.
//!
//! The shape follows ripgrep: [`run`] parses the arguments, turns them into
//! library values (`LoadOptions`, `Filter`) at once, loads the archive and
//! hands a [`Context`] to the subcommand, which returns an exit code or an
//! error; [`report`] prints errors once and picks the exit status
//! (1 failed work, 2 usage — see [`UsageError`]). Each subcommand lives in
//! its own file; `search.rs` and `export.rs` are filled in by their own
//! issues.

mod args;
mod authors;
mod export;
mod list;
mod out;
mod search;
mod show;
mod timeline;

use crate::gui;
use clap::{Parser, Subcommand};
use hotline::{Archive, Filter, LoadOptions, Progress};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

pub use args::FilterArgs;

/// HotLine Reader: a fast offline reader for The HotLine Magazine Archives.
///
/// Without a subcommand, opens the reader window. With one, does the same
/// work headless and prints the result.
#[derive(Debug, Parser)]
#[command(name = "hotline", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

/// Options every subcommand accepts, before or after its name.
#[derive(Debug, clap::Args)]
struct GlobalArgs {
    /// Also load every readable file below DIR (recursively); repeatable.
    #[arg(long, value_name = "DIR", global = true)]
    archive: Vec<PathBuf>,
    /// Leave the embedded HotLine corpus out.
    #[arg(long, global = true)]
    no_builtin: bool,
    /// Render the window, save a PNG of it to PATH and exit.
    #[arg(long, value_name = "PATH", global = true, hide = true)]
    screenshot: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open the reader window (the default).
    Gui,
    /// List entries, oldest first, undated last.
    List(list::ListArgs),
    /// Print one entry.
    Show(show::ShowArgs),
    /// Full-text search, best hits first.
    Search(search::SearchArgs),
    /// Entries per author, most first, unknown author last.
    Authors(authors::AuthorsArgs),
    /// Entries per year or month, undated last.
    Timeline(timeline::TimelineArgs),
    /// Write entries to files.
    Export(export::ExportArgs),
}

/// What every headless subcommand works on: the loaded archive.
pub struct Context {
    pub archive: Archive,
}

impl Context {
    /// The canonical indexes a filter (and an optional full-text query) keep,
    /// in canonical order.
    pub fn select(&self, filter: &Filter, query: Option<&str>) -> anyhow::Result<Vec<u32>> {
        match query {
            Some(q) => search::select(self, q, filter),
            None => Ok(self.archive.filter(filter)),
        }
    }
}

/// A mistake in how the program was called (exit status 2), as opposed to
/// work that failed (exit status 1).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Parses the command line and runs it.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return Ok(clap_exit(&err)),
    };
    let load = LoadOptions {
        builtin: !cli.global.no_builtin,
        folders: cli.global.archive,
    };
    let command = match cli.command {
        None | Some(Command::Gui) => {
            let screenshot = cli.global.screenshot;
            gui::run(gui::GuiOptions { load, screenshot })?;
            return Ok(ExitCode::SUCCESS);
        }
        Some(command) => command,
    };
    let archive = hotline::load(&load, &Progress::default())?;
    print_warnings(&archive)?;
    let ctx = Context { archive };
    match &command {
        Command::Gui => Ok(ExitCode::SUCCESS),
        Command::List(args) => list::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::Search(args) => search::run(&ctx, args),
        Command::Authors(args) => authors::run(&ctx, args),
        Command::Timeline(args) => timeline::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
    }
}

/// Prints clap's message (help and version to stdout, errors to stderr,
/// starting with `error:`) and returns clap's status: 0 for help, 2 for
/// usage errors.
fn clap_exit(err: &clap::Error) -> ExitCode {
    // Nothing sensible is left to do when the terminal itself is gone.
    if err.print().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

/// Per-file load problems, as `warning: PATH: reason`, before any output.
fn print_warnings(archive: &Archive) -> io::Result<()> {
    if archive.warnings().is_empty() {
        return Ok(());
    }
    let mut err = io::BufWriter::new(io::stderr().lock());
    for w in archive.warnings() {
        writeln!(err, "warning: {w}")?;
    }
    err.flush()
}

/// Prints an error once, as `error: …`, and picks the exit status. A closed
/// stdout (`hotline list | head -1`) is not an error: the reader has all it
/// wanted.
pub fn report(err: &anyhow::Error) -> ExitCode {
    let broken_pipe = err
        .chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe);
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    // If stderr is gone too there is nobody left to tell; the status remains.
    let _ = writeln!(io::stderr().lock(), "error: {err:#}");
    if err.downcast_ref::<UsageError>().is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}
