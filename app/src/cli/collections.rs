//! `hotline collections` and `hotline collection add|remove|show|rename|
//! delete`: the reader's named, ordered lists of entries, kept in the
//! library database ([`hotline::db`]) and resolved against the loaded
//! archive by [`hotline::collection`].
//!
//! `add` checks every id against the archive before changing anything
//! (an unknown one fails with exit 1) and creates the collection when it
//! is new; without ids it adds what its FILTERS keep. `remove`, `rename`
//! and `delete` need no archive and do not load one; `remove` refuses ids
//! the collection does not hold, again before changing anything.

use super::{Context, FilterArgs, UsageError, library, list, out};
use hotline::collection::resolve;
use hotline::db::CollectionError;
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CollectionsArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct CollectionArgs {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Add entries at the end (creating the collection if needed): the IDs
    /// given, or without IDs what the FILTERS keep.
    Add {
        /// The collection's name (case-insensitive).
        name: String,
        #[command(flatten)]
        filters: FilterArgs,
        /// Entry ids, as printed by `list`.
        #[arg(value_name = "ID")]
        ids: Vec<String>,
    },
    /// Remove entries.
    Remove {
        name: String,
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
    },
    /// List the collection's entries, in its order.
    Show {
        name: String,
        /// Print a JSON array (the shape of `list --json`) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Rename a collection.
    Rename { old: String, new: String },
    /// Delete a collection (its entries stay in the archive).
    Delete { name: String },
}

impl Action {
    /// The FILTERS of `add`.
    pub fn filters(&self) -> Option<&FilterArgs> {
        match self {
            Action::Add { filters, .. } => Some(filters),
            _ => None,
        }
    }
}

/// One `collections --json` element.
#[derive(Serialize)]
struct Row<'a> {
    name: &'a str,
    /// Entries in the collection.
    count: usize,
    /// Of those, the ones the loaded archive holds.
    loaded: usize,
}

/// Runs `hotline collections`.
pub fn list(ctx: &Context, args: &CollectionsArgs) -> anyhow::Result<ExitCode> {
    let Some(mut db) = library::open_existing()? else {
        return print_rows(&[], args.json);
    };
    let all = db.collections()?;
    let names: Vec<String> = all.iter().map(|c| c.name.clone()).collect();
    let resolved = resolve(&mut db, &ctx.archive, &names)?;
    let rows: Vec<Row<'_>> = all
        .iter()
        .zip(&resolved)
        .map(|(c, r)| Row {
            name: &c.name,
            count: c.count,
            loaded: r.order.len(),
        })
        .collect();
    print_rows(&rows, args.json)
}

fn print_rows(rows: &[Row<'_>], json: bool) -> anyhow::Result<ExitCode> {
    let mut w = out::stdout();
    if json {
        out::write_json_array(&mut w, rows)?;
    } else if !rows.is_empty() {
        writeln!(w, "{:>7}  {:>7}  NAME", "ENTRIES", "LOADED")?;
        for r in rows {
            writeln!(
                w,
                "{:>7}  {:>7}  {}",
                r.count,
                r.loaded,
                out::one_line(r.name)
            )?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs the actions that need no archive (`remove`, `rename`, `delete`);
/// `None` for those that do.
pub fn without_archive(args: &CollectionArgs) -> Option<anyhow::Result<ExitCode>> {
    let said = match &args.action {
        Action::Remove { name, ids } => remove(name, ids),
        Action::Rename { old, new } => library::open().and_then(|mut db| {
            db.rename_collection(old, new)?;
            Ok(format!("Renamed {} to {}", quoted(old), quoted(new)))
        }),
        Action::Delete { name } => library::open().and_then(|mut db| {
            db.delete_collection(name)?;
            Ok(format!("Deleted {}", quoted(name)))
        }),
        Action::Add { .. } | Action::Show { .. } => return None,
    };
    Some(said.and_then(|s| print_line(&s)))
}

/// Runs `hotline collection add|show` on the loaded archive (and the
/// others, which do not look at it).
pub fn run(ctx: &Context, args: &CollectionArgs) -> anyhow::Result<ExitCode> {
    match &args.action {
        Action::Add { name, filters, ids } => print_line(&add(ctx, name, filters, ids)?),
        Action::Show { name, json } => show(ctx, name, *json),
        _ => without_archive(args).unwrap_or(Ok(ExitCode::SUCCESS)),
    }
}

fn add(ctx: &Context, name: &str, filters: &FilterArgs, ids: &[String]) -> anyhow::Result<String> {
    let entries = chosen(ctx, filters, ids)?;
    let refs: Vec<&str> = entries.iter().map(String::as_str).collect();
    let mut db = library::open()?;
    match db.create_collection(name) {
        // Another process may make it at the same moment.
        Ok(_) | Err(CollectionError::Exists(_)) => {}
        Err(e) => return Err(e.into()),
    }
    let added = db.add_to_collection(name, &refs)?;
    let now = db.collection_entries(name)?.len();
    Ok(format!(
        "Added {} to {} (now {})",
        entries_word(added),
        quoted(name),
        entries_word(now)
    ))
}

fn remove(name: &str, ids: &[String]) -> anyhow::Result<String> {
    let mut db = library::open()?;
    let held = db.collection_entries(name)?;
    let absent: Vec<&str> = ids
        .iter()
        .filter(|id| !held.contains(id))
        .map(String::as_str)
        .collect();
    if !absent.is_empty() {
        anyhow::bail!(
            "{} does not hold {}; nothing was removed",
            quoted(name),
            absent.join(", ")
        );
    }
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let removed = db.remove_from_collection(name, &refs)?;
    Ok(format!(
        "Removed {} from {}",
        entries_word(removed),
        quoted(name)
    ))
}

fn show(ctx: &Context, name: &str, json: bool) -> anyhow::Result<ExitCode> {
    let mut db = library::open()?;
    let names = [name.to_string()];
    let mut w = out::stdout();
    for r in resolve(&mut db, &ctx.archive, &names)? {
        if !r.missing.is_empty() {
            out::eprint_line(format_args!(
                "warning: {} of {} not in the loaded archive: {}",
                entries_word(r.missing.len()),
                quoted(&r.name),
                r.missing.join(", ")
            ));
        }
        if json {
            list::write_json(&ctx.archive, &r.order, &mut w)?;
        } else {
            list::write_table(&ctx.archive, &r.order, &mut w)?;
        }
    }
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_line(line: &str) -> anyhow::Result<ExitCode> {
    let mut w = out::stdout();
    writeln!(w, "{line}")?;
    w.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The ids `add` adds, in the order given (or canonical order for
/// FILTERS); an unknown id fails before anything changes.
fn chosen(ctx: &Context, filters: &FilterArgs, ids: &[String]) -> anyhow::Result<Vec<String>> {
    if !ids.is_empty() {
        if let Some(unknown) = ids.iter().find(|id| ctx.archive.index_of(id).is_none()) {
            anyhow::bail!("no entry with id '{unknown}'");
        }
        return Ok(ids.to_vec());
    }
    if filters.filter().is_empty() && filters.query.is_none() {
        return Err(UsageError("give the IDs to add, or FILTERS that select them".into()).into());
    }
    let ixs = ctx.select_args(filters)?;
    Ok(ixs
        .iter()
        .filter_map(|&i| ctx.archive.get(i))
        .map(|e| e.id.clone())
        .collect())
}

fn quoted(name: &str) -> String {
    format!("\u{201c}{}\u{201d}", out::one_line(name.trim()))
}

fn entries_word(n: usize) -> String {
    hotline::numbers::counted(n, ("entry", "entries"))
}
