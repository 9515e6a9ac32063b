//! The reader's database for the command line: opened where the window
//! keeps it ([`hotline::db::default_path`]), with a damaged file set aside
//! (said once on stderr, then the command carries on with a fresh one),
//! and the FILTERS' `--collection` names resolved against the archive.

use super::{Context, FilterArgs, out};
use hotline::Filter;
use hotline::collection::{Resolved, resolve_filter};
use hotline::db::Library;

/// Opens the database; an unwritable data folder or a newer app's file is
/// an error that says which file and why.
pub fn open() -> anyhow::Result<Library> {
    let Some(path) = hotline::db::default_path() else {
        anyhow::bail!(
            "no per-user data folder is known for the library database; set HOTLINE_LIBRARY to a file path"
        );
    };
    let opened = Library::open(&path)?;
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
        let mut db = open()?;
        let resolved = resolve_filter(&mut db, &self.archive, &mut filter)?;
        Ok((filter, resolved))
    }

    /// The canonical indexes the FILTERS (collections and `--query`
    /// included) keep, in canonical order.
    pub fn select_args(&self, args: &FilterArgs) -> anyhow::Result<Vec<u32>> {
        let (filter, _) = self.filter(args)?;
        self.select(&filter, args.query.as_deref())
    }
}
