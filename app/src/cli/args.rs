//! Arguments shared by several subcommands: the FILTERS of `docs/CLI.md`,
//! parsed straight into library values (dates into days, kinds into
//! [`Kind`]) so that a malformed one is a usage error from clap itself; a
//! reversed `--from`/`--to` is one from [`FilterArgs::check`].

use super::UsageError;
use chrono::NaiveDate;
use hotline::query::{BoundEnd, check_range, parse_date_bound};
use hotline::{AuthorSel, Filter, Kind};

/// FILTERS: all combine with AND; repeated `--author` or `--tag` combine
/// with OR.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only entries by NAME (case-insensitive, exact); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// Only entries dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    pub from: Option<DateArg>,
    /// Only entries dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    pub to: Option<DateArg>,
    /// Only entries without a date.
    #[arg(long)]
    pub undated: bool,
    /// Only full articles, or only teaser excerpts from index pages.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,
    /// Only entries tagged NAME (a tag or category; case-insensitive,
    /// exact); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub tag: Vec<String>,
    /// Only entries in the collection NAME (case-insensitive); repeat for
    /// any of several.
    #[arg(long, value_name = "NAME")]
    pub collection: Vec<String>,
    /// Only entries matching a full-text query (same syntax as `search`).
    #[arg(long, value_name = "Q", allow_hyphen_values = true)]
    pub query: Option<String>,
}

impl FilterArgs {
    /// The library filter (everything but the full-text query); its
    /// collections' members are filled by `Context::resolve`.
    pub fn filter(&self) -> Filter {
        Filter {
            authors: self
                .author
                .iter()
                .map(|a| AuthorSel::Named(a.clone()))
                .collect(),
            from: self.from.as_ref().map(|d| d.day),
            to: self.to.as_ref().map(|d| d.day),
            undated: self.undated,
            kind: self.kind.map(Kind::from),
            tags: self.tag.clone(),
            collections: self.collection.clone(),
            members: Vec::new(),
        }
    }

    /// A usage error for a reversed `--from`/`--to`, which would keep
    /// nothing, with the swapped range to use instead.
    pub fn check(&self) -> Result<(), UsageError> {
        let (Some(from), Some(to)) = (&self.from, &self.to) else {
            return Ok(());
        };
        check_range(Some(from.day), Some(to.day)).map_err(|ends| {
            UsageError(format!(
                "the date range '--from {} --to {}' is reversed ({} is after {}); \
                 did you mean '--from {} --to {}'?",
                from.typed, to.typed, ends.from, ends.to, to.typed, from.typed
            ))
        })
    }
}

/// A `--from` or `--to` value: the day it stands for, and how it was
/// written (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateArg {
    pub typed: String,
    pub day: NaiveDate,
}

/// `--kind` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    Article,
    Excerpt,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Article => Kind::Article,
            KindArg::Excerpt => Kind::Excerpt,
        }
    }
}

/// `--from`: the first day of the period written.
fn parse_from(s: &str) -> Result<DateArg, String> {
    date_arg(s, BoundEnd::Start)
}

/// `--to`: the last day of the period written.
fn parse_to(s: &str) -> Result<DateArg, String> {
    date_arg(s, BoundEnd::End)
}

fn date_arg(s: &str, end: BoundEnd) -> Result<DateArg, String> {
    let day = parse_date_bound(s, end).map_err(|e| e.to_string())?;
    Ok(DateArg {
        typed: s.trim().to_string(),
        day,
    })
}
