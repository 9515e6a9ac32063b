//! The reader's database for the command line: opened where the window
//! keeps it ([`hotline::db::default_path`]), with a damaged file set aside
//! (said once on stderr, then the command carries on with a fresh one),
//! and the FILTERS' `--collection` names resolved against the archive.

use super::{Context, FilterArgs, out};
use hotline::Filter;
use hotline::collection::{Resolved, resolve_filter};
use hotline::db::Library;

/// Opens the database, creating it if needed; an unwritable data folder
/// or a newer app's file is an error that says which file and why.
pub fn open() -> anyhow::Result<Library> {
    open_at(&path()?)
}

/// Opens the database if there is one: a command that only reads it
/// (an export's marks, a listing) does not create it.
pub fn open_existing() -> anyhow::Result<Option<Library>> {
    let path = path()?;
    if !path.exists() {
        return Ok(None);
    }
    open_at(&path).map(Some)
}

fn path() -> anyhow::Result<std::path::PathBuf> {
    hotline::db::default_path().ok_or_else(|| {
        anyhow::anyhow!(
            "no per-user data folder is known for the library database; set HOTLINE_LIBRARY to a file path"
        )
    })
}

fn open_at(path: &std::path::Path) -> anyhow::Result<Library> {
    let opened = Library::open(path)?;
    if let Some(aside) = opened.set_aside {
        out::eprint_line(format_args!(
            "warning: the library database {} was damaged; it was set aside as {} and a fresh one started",
            path.display(),
            aside.display()
        ));
    }
    Ok(opened.library)
}

impl Context {
    /// The FILTERS as a library filter, their collections resolved (the
    /// database is opened only when one is named); an unknown collection
    /// is an error.
    pub fn filter(&self, args: &FilterArgs) -> anyhow::Result<(Filter, Vec<Resolved>)> {
        let mut filter = args.filter();
        if filter.collections.is_empty() {
            return Ok((filter, Vec::new()));
        }
        let resolved = match open_existing()? {
            Some(mut db) => resolve_filter(&mut db, &self.archive, &mut filter)?,
            None => {
                let name = filter.collections[0].trim().to_string();
                return Err(hotline::db::CollectionError::Missing(name).into());
            }
        };
        Ok((filter, resolved))
    }

    /// The canonical indexes the FILTERS (collections and `--query`
    /// included) keep, in canonical order.
    pub fn select_args(&self, args: &FilterArgs) -> anyhow::Result<Vec<u32>> {
        let (filter, _) = self.filter(args)?;
        self.select(&filter, args.query.as_deref())
    }
}
