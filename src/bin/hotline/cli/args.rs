//! Arguments shared by several subcommands: the FILTERS of `docs/CLI.md`,
//! parsed straight into library values (dates into days, kinds into
//! [`Kind`]) so that a malformed one is a usage error from clap itself.

use chrono::NaiveDate;
use hotline::query::{BoundEnd, parse_date_bound};
use hotline::{AuthorSel, Filter, Kind};

/// FILTERS: all combine with AND; repeated `--author` combine with OR.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only entries by NAME (case-insensitive, exact); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub author: Vec<String>,
    /// Only entries dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    pub from: Option<NaiveDate>,
    /// Only entries dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    pub to: Option<NaiveDate>,
    /// Only entries without a date.
    #[arg(long)]
    pub undated: bool,
    /// Only full articles, or only teaser excerpts from index pages.
    #[arg(long, value_enum, value_name = "KIND")]
    pub kind: Option<KindArg>,
    /// Only entries matching a full-text query (same syntax as `search`).
    #[arg(long, value_name = "Q", allow_hyphen_values = true)]
    pub query: Option<String>,
}

impl FilterArgs {
    /// The library filter (everything but the full-text query).
    pub fn filter(&self) -> Filter {
        Filter {
            authors: self
                .author
                .iter()
                .map(|a| AuthorSel::Named(a.clone()))
                .collect(),
            from: self.from,
            to: self.to,
            undated: self.undated,
            kind: self.kind.map(Kind::from),
        }
    }
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
fn parse_from(s: &str) -> Result<NaiveDate, String> {
    parse_date_bound(s, BoundEnd::Start).map_err(|e| e.to_string())
}

/// `--to`: the last day of the period written.
fn parse_to(s: &str) -> Result<NaiveDate, String> {
    parse_date_bound(s, BoundEnd::End).map_err(|e| e.to_string())
}
