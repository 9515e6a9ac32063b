//! Filters and counts over an [`Archive`]: the questions the sidebar, the
//! timeline chart and the CLI ask every time a filter changes.
//!
//! All of them scan the archive's integer columns, never the entries
//! themselves, so they stay in the low milliseconds at 100,000 entries.

use crate::archive::{Archive, NO_AUTHOR, NO_DATE};
use crate::model::Kind;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

pub use crate::period::{Granularity, Period};

/// A malformed date bound (`YYYY`, `YYYY-MM` or `YYYY-MM-DD` expected).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date '{input}': expected YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct DateBoundError {
    pub input: String,
}

/// Which end of a period a bound stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundEnd {
    /// The first day of the period (`--from`).
    Start,
    /// The last day of the period (`--to`).
    End,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` into the first or last day it
/// covers, so `--from 2007 --to 2007-03` means 2007-01-01..=2007-03-31.
pub fn parse_date_bound(input: &str, end: BoundEnd) -> Result<NaiveDate, DateBoundError> {
    let err = || DateBoundError {
        input: input.to_string(),
    };
    let parts: Vec<&str> = input.trim().split('-').collect();
    let num = |s: &str, len: usize| -> Result<u32, DateBoundError> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| err())
        } else {
            Err(err())
        }
    };
    let year = i32::try_from(num(parts.first().copied().unwrap_or(""), 4)?).map_err(|_| err())?;
    let period = match parts.len() {
        1 => Period::Year(year),
        2 => Period::Month(year, num(parts[1], 2)?),
        3 => {
            let (m, d) = (num(parts[1], 2)?, num(parts[2], 2)?);
            return NaiveDate::from_ymd_opt(year, m, d).ok_or_else(err);
        }
        _ => return Err(err()),
    };
    let (first, last) = period.bounds().ok_or_else(err)?;
    Ok(if end == BoundEnd::Start { first } else { last })
}

/// A date range whose first day is after its last: it keeps nothing, which
/// is never what was meant (the ends were swapped).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the date range is reversed: {from} is after {to}")]
pub struct ReversedRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// Checks that an inclusive range `from..=to` (either end open) is not
/// reversed. Every place a range is written (the query's `date:FROM..TO`,
/// the CLI's `--from`/`--to`) checks it, and says how to write it swapped.
pub fn check_range(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), ReversedRange> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => Err(ReversedRange { from, to }),
        _ => Ok(()),
    }
}

/// Which authors to keep; a filter with several keeps any of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthorSel {
    /// An author by name, case-insensitive, exact.
    Named(String),
    /// Entries without an author.
    Unknown,
}

/// Everything a list can be narrowed by. All parts combine with AND; the
/// authors combine with OR among themselves. `Default` keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    pub authors: Vec<AuthorSel>,
    /// Inclusive first day.
    pub from: Option<NaiveDate>,
    /// Inclusive last day.
    pub to: Option<NaiveDate>,
    /// Only entries without a date.
    pub undated: bool,
    pub kind: Option<Kind>,
    /// Tags by name, case-insensitive, exact; an entry with any of them is
    /// kept.
    pub tags: Vec<String>,
    /// The reader's collections by name; an entry in any of them is kept.
    /// Their members live in the database, so the caller resolves them
    /// into [`Filter::members`] before querying
    /// ([`crate::collection::resolve_filter`]).
    pub collections: Vec<String>,
    /// The canonical indexes of the chosen collections' entries, sorted
    /// and without repeats; not persisted (positions change with every
    /// load). While `collections` is unresolved, it keeps nothing.
    #[serde(skip)]
    pub members: Vec<u32>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// This filter with its author part dropped (for author facet counts).
    pub fn without_authors(&self) -> Filter {
        Filter {
            authors: Vec::new(),
            ..self.clone()
        }
    }

    /// This filter with its tag part dropped (for tag facet counts).
    pub fn without_tags(&self) -> Filter {
        Filter {
            tags: Vec::new(),
            ..self.clone()
        }
    }

    /// This filter with its collection part dropped (for collection facet
    /// counts).
    pub fn without_collections(&self) -> Filter {
        Filter {
            collections: Vec::new(),
            members: Vec::new(),
            ..self.clone()
        }
    }

    /// This filter with its date part dropped (for timeline facet counts).
    pub fn without_dates(&self) -> Filter {
        Filter {
            from: None,
            to: None,
            undated: false,
            ..self.clone()
        }
    }
}

/// A filter compiled against one archive's columns.
struct Compiled<'f> {
    /// Sorted author indexes to keep, or `None` for any author.
    authors: Option<Vec<u32>>,
    from: i32,
    to: i32,
    undated: bool,
    dated_only: bool,
    kind: Option<Kind>,
    /// Sorted tag indexes of which an entry needs one, or `None` for any.
    tags: Option<Vec<u32>>,
    /// Sorted canonical indexes an entry must be among, or `None` for any.
    members: Option<&'f [u32]>,
}

impl<'f> Compiled<'f> {
    fn new(archive: &Archive, f: &'f Filter) -> Compiled<'f> {
        let authors = (!f.authors.is_empty()).then(|| {
            let mut v: Vec<u32> = f
                .authors
                .iter()
                .map(|a| match a {
                    // An unknown name matches nothing; u32::MAX - 1 is never an index.
                    AuthorSel::Named(n) => archive.author_index(n).unwrap_or(u32::MAX - 1),
                    AuthorSel::Unknown => NO_AUTHOR,
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        });
        Compiled {
            authors,
            from: f.from.map_or(i32::MIN, |d| d.num_days_from_ce()),
            to: f.to.map_or(i32::MAX - 1, |d| d.num_days_from_ce()),
            undated: f.undated,
            dated_only: f.from.is_some() || f.to.is_some(),
            kind: f.kind,
            tags: (!f.tags.is_empty()).then(|| {
                let mut v: Vec<u32> = f.tags.iter().filter_map(|t| archive.tag_index(t)).collect();
                v.sort_unstable();
                v.dedup();
                v
            }),
            members: (!f.collections.is_empty()).then_some(f.members.as_slice()),
        }
    }

    #[inline]
    fn keeps(&self, archive: &Archive, i: usize) -> bool {
        if let Some(k) = self.kind
            && archive.kind_col[i] != k
        {
            return false;
        }
        let day = archive.day_col[i];
        if self.undated && day != NO_DATE {
            return false;
        }
        if self.dated_only && (day == NO_DATE || day < self.from || day > self.to) {
            return false;
        }
        if let Some(members) = self.members
            && members.binary_search(&(i as u32)).is_err()
        {
            return false;
        }
        if let Some(want) = &self.tags
            && !archive
                .tags_of(i as u32)
                .iter()
                .any(|t| want.binary_search(t).is_ok())
        {
            return false;
        }
        match &self.authors {
            None => true,
            Some(list) if list.len() == 1 => archive.author_col[i] == list[0],
            Some(list) => list.binary_search(&archive.author_col[i]).is_ok(),
        }
    }
}

impl Archive {
    /// Canonical indexes of the entries the filter keeps, in canonical order.
    pub fn filter(&self, f: &Filter) -> Vec<u32> {
        let c = Compiled::new(self, f);
        (0..self.len())
            .filter(|&i| c.keeps(self, i))
            .map(|i| i as u32)
            .collect()
    }

    /// Canonical indexes of the entries that any of `filters` keeps, in
    /// canonical order (a query's repeated `date:` or `kind:` values are
    /// alternatives, each one filter).
    pub fn filter_any(&self, filters: &[Filter]) -> Vec<u32> {
        let compiled: Vec<Compiled> = filters.iter().map(|f| Compiled::new(self, f)).collect();
        (0..self.len())
            .filter(|&i| compiled.iter().any(|c| c.keeps(self, i)))
            .map(|i| i as u32)
            .collect()
    }

    /// Like [`Archive::filter`], restricted to `within` (e.g. search hits),
    /// in the order of `within` (a ranking stays a ranking).
    pub fn filter_within(&self, f: &Filter, within: &[u32]) -> Vec<u32> {
        let c = Compiled::new(self, f);
        within
            .iter()
            .copied()
            .filter(|&i| (i as usize) < self.len() && c.keeps(self, i as usize))
            .collect()
    }

    /// Entries per author among `ixs`: by count descending, then name;
    /// the unknown-author bucket (`None`) last.
    pub fn author_counts(&self, ixs: &[u32]) -> Vec<(Option<&str>, usize)> {
        let mut counts = vec![0usize; self.authors().len()];
        let mut unknown = 0usize;
        for &i in ixs {
            match self.author_of(i) {
                NO_AUTHOR => unknown += 1,
                a => counts[a as usize] += 1,
            }
        }
        let mut out: Vec<(Option<&str>, usize)> = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(a, n)| (Some(self.authors()[a].name.as_str()), *n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        if unknown > 0 {
            out.push((None, unknown));
        }
        out
    }

    /// Entries per tag among `ixs`: by count descending, then name.
    pub fn tag_counts(&self, ixs: &[u32]) -> Vec<(&str, usize)> {
        let mut counts = vec![0usize; self.tags().len()];
        for &i in ixs {
            for &t in self.tags_of(i) {
                counts[t as usize] += 1;
            }
        }
        let mut out: Vec<(&str, usize)> = counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(t, n)| (self.tags()[t].name.as_str(), *n))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        out
    }

    /// Entries per period among `ixs`, in time order, only periods that have
    /// entries; the undated bucket (`None`) last.
    pub fn timeline(&self, ixs: &[u32], by: Granularity) -> Vec<(Option<Period>, usize)> {
        self.day_counts(ixs).periods(by)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::tests::sample;

    fn ids(a: &Archive, ixs: &[u32]) -> Vec<String> {
        ixs.iter().map(|&i| a.get(i).unwrap().id.clone()).collect()
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn by_authors(authors: Vec<AuthorSel>) -> Filter {
        Filter {
            authors,
            ..Filter::default()
        }
    }

    #[test]
    fn tags_filter_any_of_them_and_count_without_case() {
        use crate::model::{Block, Entry};
        let e = |id: &str, tags: &[&str]| {
            let mut e = Entry::with_blocks(vec![Block::paragraph("x")])
                .with_id(id)
                .with_title(id);
            e.tags = tags.iter().map(|t| t.to_string()).collect();
            e
        };
        let a = Archive::new(
            vec![
                e("a", &["Support", "SaaS"]),
                e("b", &["support"]),
                e("c", &["Metrics"]),
                e("d", &[]),
            ],
            vec![],
        );
        let all: Vec<u32> = (0..4).collect();
        assert_eq!(
            a.tag_counts(&all),
            [("Support", 2), ("Metrics", 1), ("SaaS", 1)]
        );
        let by = |tags: &[&str]| Filter {
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Filter::default()
        };
        assert_eq!(ids(&a, &a.filter(&by(&["SUPPORT"]))), ["a", "b"]);
        assert_eq!(ids(&a, &a.filter(&by(&["saas", "metrics"]))), ["a", "c"]);
        assert!(a.filter(&by(&["nothing"])).is_empty());
        assert_eq!(a.tags_of(3), &[] as &[u32]);
    }

    #[test]
    fn filter_within_keeps_the_order_it_is_given() {
        let a = sample();
        let jane = by_authors(vec![AuthorSel::Named("Jane Doe".into())]);
        let ranked = [5, 3, 0, 2, 1, 4, 99];
        let kept = a.filter_within(&jane, &ranked);
        let expected: Vec<u32> = ranked
            .iter()
            .copied()
            .filter(|&i| a.filter(&jane).contains(&i))
            .collect();
        assert_eq!(kept, expected);
        assert!(
            kept.len() >= 2 && kept.windows(2).any(|w| w[0] > w[1]),
            "{kept:?}"
        );
        assert_eq!(a.filter_within(&Filter::default(), &ranked), ranked[..6]);
    }

    #[test]
    fn date_bounds() {
        use BoundEnd::*;
        assert_eq!(parse_date_bound("2007", Start), Ok(d("2007-01-01")));
        assert_eq!(parse_date_bound("2007", End), Ok(d("2007-12-31")));
        assert_eq!(parse_date_bound("2008-02", End), Ok(d("2008-02-29")));
        assert_eq!(parse_date_bound("2007-12", End), Ok(d("2007-12-31")));
        assert_eq!(parse_date_bound("2007-03-24", Start), Ok(d("2007-03-24")));
        for bad in [
            "",
            "07",
            "2007-3",
            "2007-13",
            "2008-02-30",
            "2007-01-01-01",
            "abcd",
            "２００７",
        ] {
            assert!(parse_date_bound(bad, Start).is_err(), "{bad}");
        }
    }

    #[test]
    fn filter_by_author_is_case_insensitive_and_ors() {
        let a = sample();
        let f = by_authors(vec![AuthorSel::Named("JANE DOE".into())]);
        assert_eq!(ids(&a, &a.filter(&f)), ["a", "d", "c"]);
        let f = by_authors(vec![AuthorSel::Named("bob roe".into()), AuthorSel::Unknown]);
        assert_eq!(ids(&a, &a.filter(&f)), ["b", "u0", "u1"]);
        let f = by_authors(vec![AuthorSel::Named("Nobody".into())]);
        assert!(a.filter(&f).is_empty());
    }

    #[test]
    fn filter_by_dates_kind_and_undated() {
        let a = sample();
        let f = Filter {
            from: Some(d("2007-03-24")),
            to: Some(d("2007-12-12")),
            ..Default::default()
        };
        assert_eq!(ids(&a, &a.filter(&f)), ["a", "b", "d"]);
        let f = Filter {
            undated: true,
            ..Default::default()
        };
        assert_eq!(ids(&a, &a.filter(&f)), ["u0", "u1"]);
        let f = Filter {
            kind: Some(Kind::Article),
            from: Some(d("2008-01-01")),
            ..Default::default()
        };
        assert_eq!(ids(&a, &a.filter(&f)), ["c"]);
        assert_eq!(a.filter(&Filter::default()).len(), 6);
    }

    #[test]
    fn filter_any_keeps_what_any_filter_keeps_in_canonical_order() {
        let a = sample();
        let late = Filter {
            from: Some(d("2008-01-01")),
            ..Default::default()
        };
        let undated = Filter {
            undated: true,
            ..Default::default()
        };
        let jane = by_authors(vec![AuthorSel::Named("Jane Doe".into())]);
        assert_eq!(
            ids(&a, &a.filter_any(&[undated, jane.clone(), late])),
            ["a", "d", "c", "u0", "u1"]
        );
        assert_eq!(a.filter_any(std::slice::from_ref(&jane)), a.filter(&jane));
        assert!(a.filter_any(&[]).is_empty());
    }

    #[test]
    fn a_reversed_range_is_reported_with_its_ends() {
        assert_eq!(
            check_range(Some(d("2007-01-01")), Some(d("2007-01-01"))),
            Ok(())
        );
        assert_eq!(check_range(None, Some(d("1800-12-31"))), Ok(()));
        let err = check_range(Some(d("2099-01-01")), Some(d("1800-12-31"))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the date range is reversed: 2099-01-01 is after 1800-12-31"
        );
    }

    #[test]
    fn counts() {
        let a = sample();
        let all = a.filter(&Filter::default());
        assert_eq!(
            a.author_counts(&all),
            vec![(Some("Jane Doe"), 3), (Some("Bob Roe"), 1), (None, 2)]
        );
        assert_eq!(
            a.timeline(&all, Granularity::Year),
            vec![
                (Some(Period::Year(2007)), 3),
                (Some(Period::Year(2008)), 1),
                (None, 2)
            ]
        );
        let months: Vec<String> = a
            .timeline(&all, Granularity::Month)
            .iter()
            .map(|(p, n)| format!("{}:{n}", p.map_or("undated".into(), |p| p.to_string())))
            .collect();
        assert_eq!(months, ["2007-03:2", "2007-12:1", "2008-05:1", "undated:2"]);
    }
}
