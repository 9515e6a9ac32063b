//! The command line: clap's argument types, and the dispatch from a parsed
//! command line to one subcommand.
//!
//! The shape follows ripgrep: [`run`] parses the arguments, turns them into
//! library values (`LoadOptions`, `Filter`) at once, loads the archive and
//! hands a [`Context`] to the subcommand, which returns an exit code or an
//! error; [`report`] prints errors once and picks the exit status
//! (1 failed work, 2 usage — see [`UsageError`]; 130/143 for a command
//! stopped by SIGINT/SIGTERM — see [`interrupt`]). No output error panics:
//! a closed stdout is success, a full or closed stderr loses its messages
//! but not the status. Each subcommand lives in
//! its own file.

mod args;
mod author;
mod authors;
mod collections;
mod export;
mod highlights;
mod interrupt;
mod library;
mod list;
mod out;
mod progress;
mod related;
mod search;
mod show;
mod timeline;
mod trends;

use crate::gui;
use clap::{Parser, Subcommand};
use hotline::search::{Prefetch, SearchIndex, cache};
use hotline::{Archive, Filter, LoadOptions, Text};
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, PoisonError};

pub use args::FilterArgs;
pub use out::eprint_line;

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
    /// Skip archive files larger than SIZE (bytes, or with K, M, G).
    #[arg(long, value_name = "SIZE", global = true, default_value = "64M",
          value_parser = hotline::read::parse_size)]
    max_file_size: u64,
    /// Render the window, save a PNG of it to PATH and exit.
    #[arg(long, value_name = "PATH", global = true, hide = true)]
    screenshot: Option<PathBuf>,
    /// Time N headless frames of the window and a series of filter changes
    /// (no window opens), print the figures and exit.
    #[arg(long, value_name = "N", global = true, hide = true)]
    bench_frames: Option<usize>,
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
    /// Entries matching each of up to five terms per year or month.
    Trends(trends::TrendsArgs),
    /// Write entries to files.
    Export(export::ExportArgs),
    /// The reader's collections: name, entries, and how many are loaded.
    Collections(collections::CollectionsArgs),
    /// Add to, remove from, show, rename or delete a collection.
    Collection(collections::CollectionArgs),
    /// Every highlight and note, or (`highlights export`) write them alone.
    Highlights(highlights::HighlightsArgs),
    /// The entries most like one entry, with the words they share.
    Related(related::RelatedArgs),
    /// One author's page: dates, words, periods, distinctive words.
    Author(author::AuthorArgs),
}

impl Command {
    /// The FILTERS of the commands that take them.
    fn filters(&self) -> Option<&FilterArgs> {
        match self {
            Command::List(a) => Some(&a.filters),
            Command::Search(a) => Some(&a.filters),
            Command::Authors(a) => Some(&a.filters),
            Command::Timeline(a) => Some(&a.filters),
            Command::Trends(a) => Some(&a.filters),
            Command::Export(a) => Some(&a.filters),
            Command::Collection(a) => a.action.filters(),
            Command::Gui
            | Command::Show(_)
            | Command::Collections(_)
            | Command::Highlights(_)
            | Command::Related(_)
            | Command::Author(_) => None,
        }
    }
}

/// What every headless subcommand works on: the loaded archive.
pub struct Context {
    pub archive: Arc<Archive>,
    /// The `--archive` folders it was loaded from (they key the search cache).
    pub folders: Vec<PathBuf>,
    /// Their cached search index, opened while the archive loaded (for
    /// commands that search).
    prefetch: Mutex<Option<Prefetch>>,
    /// The search index, when it was opened with the archive.
    index: Mutex<Option<SearchIndex>>,
}

impl Context {
    /// Loads the archive and prints its per-file warnings to stderr. For a
    /// search, the folders' cached index is opened at the same time; and
    /// unless the command needs every entry's text, folders whose caches
    /// are current load only their outline (snippets are read from the
    /// hits' files), which is most of the time it takes to search again.
    fn load(opts: &LoadOptions, needs: Needs) -> anyhow::Result<Context> {
        let search = matches!(needs, Needs::Search | Needs::SearchAndText);
        let text = matches!(needs, Needs::Text | Needs::SearchAndText);
        let cache = search::cache_options(&opts.folders);
        let mut prefetch = search.then(|| SearchIndex::prefetch(&cache)).flatten();
        if search && !text && cache::load_order(opts, &cache) == cache::LoadOrder::OutlineFirst {
            let outline = LoadOptions {
                text: Text::Outline,
                ..opts.clone()
            };
            let archive = Arc::new(progress::load(&outline)?);
            if let Some(index) = SearchIndex::open_unchanged(archive, &cache, prefetch.take()) {
                print_warnings(index.archive());
                return Ok(Context {
                    archive: index.archive().clone(),
                    folders: opts.folders.clone(),
                    prefetch: Mutex::new(None),
                    index: Mutex::new(Some(index)),
                });
            }
            // Something changed: the index is updated from the text.
        }
        let archive = progress::load(opts)?;
        print_warnings(&archive);
        Ok(Context {
            archive: Arc::new(archive),
            folders: opts.folders.clone(),
            prefetch: Mutex::new(prefetch),
            index: Mutex::new(None),
        })
    }

    /// The prefetched index, once.
    pub fn take_prefetch(&self) -> Option<Prefetch> {
        self.prefetch
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The index opened with the archive, once.
    pub fn take_index(&self) -> Option<SearchIndex> {
        self.index
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The canonical indexes a filter (and an optional full-text query) keep,
    /// in canonical order.
    pub fn select(&self, filter: &Filter, query: Option<&str>) -> anyhow::Result<Vec<u32>> {
        match query {
            Some(q) => search::select(self, q, filter),
            None => Ok(self.archive.filter(filter)),
        }
    }
}

/// What a command needs loaded: listing, counting and charting need no
/// text unless a full-text query has to be answered (the load then keeps
/// only each entry's outline, which is faster and holds a fraction of the
/// memory); showing and exporting need the entries' text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Outline,
    Text,
    /// A full-text query: the search index, and text only for snippets.
    Search,
    /// A full-text query and every selected entry's text.
    SearchAndText,
}

impl Command {
    fn needs(&self) -> Needs {
        let queried = match self {
            Command::List(a) => a.filters.query.is_some(),
            Command::Authors(a) => a.filters.query.is_some(),
            Command::Timeline(a) => a.filters.query.is_some(),
            Command::Export(a) => a.filters.query.is_some(),
            Command::Search(_) | Command::Trends(_) | Command::Related(_) | Command::Author(_) => {
                true
            }
            Command::Collection(a) => a.action.filters().is_some_and(|f| f.query.is_some()),
            Command::Show(_) | Command::Gui | Command::Collections(_) | Command::Highlights(_) => {
                false
            }
        };
        // Related and author pages read their entries' words, and teasers
        // are joined to articles by their text.
        let text = matches!(
            self,
            Command::Show(_) | Command::Export(_) | Command::Related(_) | Command::Author(_)
        );
        match (queried, text) {
            (false, false) => Needs::Outline,
            (false, true) => Needs::Text,
            (true, false) => Needs::Search,
            (true, true) => Needs::SearchAndText,
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
    interrupt::catch_file_size_limit();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return Ok(clap_exit(&err)),
    };
    let load = LoadOptions {
        builtin: !cli.global.no_builtin,
        folders: cli.global.archive,
        cache: hotline::search::cache::default_cache_root(),
        text: Text::Full,
        limit: hotline::read::ReadLimit {
            max_bytes: cli.global.max_file_size,
        },
    };
    let command = match cli.command {
        None | Some(Command::Gui) => {
            let screenshot = cli.global.screenshot;
            let opts = gui::GuiOptions { load, screenshot };
            match cli.global.bench_frames {
                Some(frames) => gui::bench::bench(opts, frames)?,
                None => gui::run(opts)?,
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(command) => command,
    };
    if let Some(filters) = command.filters() {
        filters.check()?;
    }
    interrupt::install();
    let needs = command.needs();
    let load = LoadOptions {
        text: if needs == Needs::Outline {
            Text::Outline
        } else {
            Text::Full
        },
        ..load
    };
    // A search of unchanged, indexed folders needs no load at all.
    if let Command::Search(args) = &command
        && let Some(code) = search::quick(&load, args)?
    {
        return Ok(code);
    }
    if let Command::Collection(args) = &command
        && let Some(done) = collections::without_archive(args)
    {
        return done;
    }
    let ctx = Context::load(&load, needs)?;
    let result = match command {
        Command::List(args) => list::run(&ctx, &args),
        Command::Show(args) => show::run(&ctx, &args),
        Command::Search(args) => search::run(&ctx, &args),
        Command::Authors(args) => authors::run(&ctx, &args),
        Command::Timeline(args) => timeline::run(&ctx, &args),
        Command::Trends(args) => trends::run(&ctx, &args),
        Command::Export(args) => export::run(&ctx, &args),
        Command::Collections(args) => collections::list(&ctx, &args),
        Command::Collection(args) => collections::run(&ctx, &args),
        Command::Highlights(args) => highlights::run(&ctx, &args),
        Command::Related(args) => related::run(&ctx, &args),
        Command::Author(args) => author::run(&ctx, &args),
        // Handled above; nothing is left to do.
        Command::Gui => Ok(ExitCode::SUCCESS),
    };
    // The archive is up to hundreds of thousands of small allocations;
    // freeing them one by one just before the process exits is wasted time.
    std::mem::forget(ctx);
    result
}

/// Prints clap's message (help and version to stdout, errors to stderr,
/// starting with `error:`) and returns clap's status: 0 for help, 2 for
/// usage errors.
fn clap_exit(err: &clap::Error) -> ExitCode {
    // A closed stdout or a full stderr loses the message, not the status.
    if err.print().is_err() {
        // Nobody is left to tell.
    }
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2))
}

/// Per-file load problems, as `warning: PATH: reason`, before any output.
/// A full or closed stderr loses them; the command goes on.
fn print_warnings(archive: &Archive) {
    if archive.warnings().is_empty() {
        return;
    }
    let mut err = io::BufWriter::new(io::stderr().lock());
    let written = archive
        .warnings()
        .iter()
        .try_for_each(|w| writeln!(err, "warning: {w}"))
        .and_then(|()| err.flush());
    if written.is_err() {
        // Nowhere to report it; the rest of the command does not depend on it.
    }
}

/// Prints an error once, as `error: …` (nothing for a closed stdout or a
/// quiet interruption), and returns the exit status.
pub fn report(err: &anyhow::Error) -> ExitCode {
    let quiet = is_broken_pipe(err)
        || err
            .downcast_ref::<interrupt::Interrupted>()
            .is_some_and(|i| i.message.is_empty());
    if !quiet {
        eprint_line(format_args!("error: {err:#}"));
    }
    exit_status(err)
}

/// 2 for usage errors, 1 for failed work, 128 + the signal for an
/// interrupted command, and 0 for a closed stdout (`hotline list | head
/// -1`): the reader has all it wanted.
fn exit_status(err: &anyhow::Error) -> ExitCode {
    if let Some(interrupted) = err.downcast_ref::<interrupt::Interrupted>() {
        ExitCode::from(interrupted.status())
    } else if is_broken_pipe(err) {
        ExitCode::SUCCESS
    } else if err.downcast_ref::<UsageError>().is_some() {
        ExitCode::from(2)
    } else {
        ExitCode::FAILURE
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use hotline::{Block, Entry, Kind};

    /// An in-memory archive with authors, dates and an excerpt, for the
    /// subcommands' unit tests (independent of the parser).
    pub fn sample() -> Archive {
        let entry = |id: &str, author: Option<&str>, date: Option<(i32, u32, u32)>, kind| {
            let blocks = vec![
                Block::heading(format!("Section of {id}")),
                Block::paragraph(format!("Body text of {id}.")),
            ];
            Entry::with_blocks(blocks)
                .with_id(id)
                .with_title(&format!("Title {id}"))
                .with_kind(kind)
                .with_source(&format!("test/{id}.txt"))
                .with_author(author)
                .with_date(date)
        };
        Archive::new(
            vec![
                entry("c", Some("Jane Doe"), Some((2008, 5, 15)), Kind::Article),
                entry("a", Some("Jane Doe"), Some((2007, 3, 24)), Kind::Article),
                entry("u", None, None, Kind::Excerpt),
                entry("b", Some("Bob Roe"), Some((2007, 12, 12)), Kind::Article),
            ],
            Vec::new(),
        )
    }

    fn filter_of(args: &[&str]) -> Filter {
        let cli = Cli::try_parse_from([&["hotline", "list"][..], args].concat()).unwrap();
        match cli.command {
            Some(Command::List(l)) => l.filters.filter(),
            other => panic!("{other:?}"),
        }
    }

    fn ids(archive: &Archive, args: &[&str]) -> Vec<String> {
        let ctx = Context {
            archive: Arc::new(sample()),
            folders: Vec::new(),
            prefetch: Mutex::new(None),
            index: Mutex::new(None),
        };
        ctx.select(&filter_of(args), None)
            .unwrap()
            .iter()
            .map(|&i| archive.get(i).unwrap().id.clone())
            .collect()
    }

    #[test]
    fn filter_arguments_become_a_library_filter() {
        let a = sample();
        assert_eq!(ids(&a, &[]), ["a", "b", "c", "u"]);
        assert_eq!(ids(&a, &["--author", "JANE doe"]), ["a", "c"]);
        assert_eq!(
            ids(&a, &["--author", "jane doe", "--author", "Bob Roe"]),
            ["a", "b", "c"]
        );
        assert_eq!(ids(&a, &["--from", "2007-12"]), ["b", "c"]);
        assert_eq!(ids(&a, &["--to", "2007"]), ["a", "b"]);
        assert_eq!(
            ids(&a, &["--from", "2007-03-25", "--to", "2008-05-15"]),
            ["b", "c"]
        );
        assert_eq!(ids(&a, &["--undated"]), ["u"]);
        assert_eq!(ids(&a, &["--kind", "excerpt"]), ["u"]);
        assert_eq!(
            ids(
                &a,
                &["--kind", "article", "--author", "jane doe", "--to", "2007"]
            ),
            ["a"]
        );
    }

    #[test]
    fn global_options_parse_on_either_side() {
        for args in [
            &[
                "hotline",
                "--no-builtin",
                "--archive",
                "x",
                "--archive",
                "y",
                "list",
            ][..],
            &[
                "hotline",
                "list",
                "--archive",
                "x",
                "--no-builtin",
                "--archive",
                "y",
            ],
        ] {
            let cli = Cli::try_parse_from(args).unwrap();
            assert!(cli.global.no_builtin);
            assert_eq!(cli.global.archive, [PathBuf::from("x"), PathBuf::from("y")]);
        }
        let cli = Cli::try_parse_from(["hotline", "--screenshot", "s.png"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.global.screenshot, Some(PathBuf::from("s.png")));
    }

    #[test]
    fn usage_errors_and_broken_pipes_pick_their_status() {
        let usage = anyhow::Error::new(UsageError("bad".into()));
        assert_eq!(exit_status(&usage), ExitCode::from(2));
        let failed = anyhow::anyhow!("no entry with id 'x'");
        assert_eq!(exit_status(&failed), ExitCode::FAILURE);
        let pipe =
            anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert_eq!(exit_status(&pipe), ExitCode::SUCCESS);
    }
}
