//! Trends: how often a few terms or queries occur over time, for the
//! window's Trends view and `hotline trends`.
//!
//! Each term is a query in the full search syntax, answered as typed
//! (never corrected) under the caller's filter, and reduced to the
//! [`DayCounts`] of its matching entries; the filter's own entries give each
//! period's total, so a count can be read as a share of what was written
//! then. Matching collects document ids without scores or snippets
//! ([`SearchIndex::matching`]), which keeps five terms over 100,000 entries
//! well under 100 ms. Binning is left to the caller ([`Trends::table`] for a
//! whole span at one size, or [`DayCounts::bins`] for a chart's own span),
//! so a chart can rebin on any frame without asking the index again.

use crate::bins::{DayCounts, Span};
use crate::period::{Granularity, Period};
use crate::query::Filter;
use crate::search::{Query, QueryError, SearchIndex};

/// The most terms one comparison holds: beyond five, lines no longer read
/// apart.
pub const MAX_TERMS: usize = 5;

/// Why a term has no line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermError {
    #[error("{0}")]
    Query(#[from] QueryError),
    #[error("empty term: give at least one word or operator")]
    Empty,
}

/// One term's matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// The term as typed.
    pub term: String,
    /// Its matching entries by day, or why it could not be read.
    pub matches: Result<DayCounts, TermError>,
}

impl Trend {
    /// Matching entries, dated or not (0 for a term in error).
    pub fn total(&self) -> usize {
        self.matches.as_ref().map_or(0, |m| m.dated() + m.undated())
    }
}

/// Several terms' matches and the filter's entries they are measured
/// against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trends {
    /// Every entry the filter keeps, by day: each period's total.
    pub totals: DayCounts,
    /// One per term, in the order given.
    pub terms: Vec<Trend>,
}

/// The terms' counts per period over a span, empty periods included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub periods: Vec<Period>,
    /// Per period: the entries the filter keeps.
    pub totals: Vec<usize>,
    /// Per term, per period: its matching entries (all zero for a term in
    /// error).
    pub counts: Vec<Vec<usize>>,
}

/// Matches each term under `filter` and `within` (a query every entry
/// counted must also match, ANDed to each term like `search --query`;
/// [`Query::default`] for none). See the module docs. At most
/// [`MAX_TERMS`] terms are read; the rest are left out.
pub fn trends(index: &SearchIndex, terms: &[String], filter: &Filter, within: &Query) -> Trends {
    let archive = index.archive();
    let terms = terms
        .iter()
        .take(MAX_TERMS)
        .map(|term| Trend {
            term: term.clone(),
            matches: parse(term, within).map(|q| archive.day_counts(&index.matching(&q, filter))),
        })
        .collect();
    Trends {
        totals: archive.day_counts(&index.matching(within, filter)),
        terms,
    }
}

/// The term's query with `within`'s clauses and operators added.
fn parse(term: &str, within: &Query) -> Result<Query, TermError> {
    let q = Query::parse(term)?;
    if q.is_empty() {
        return Err(TermError::Empty);
    }
    if within.is_empty() {
        return Ok(q);
    }
    Ok(Query::parse(&format!("{q} {within}"))?)
}

impl Trends {
    /// From the first dated entry the filter keeps to the last.
    pub fn span(&self) -> Option<Span> {
        self.totals.span()
    }

    /// Counts per period of `by` over the whole span; `None` when the
    /// filter keeps no dated entry.
    pub fn table(&self, by: Granularity) -> Option<Table> {
        let span = self.span()?;
        let totals = self.totals.bins(by, span);
        let periods = (0..totals.len()).filter_map(|i| totals.period(i)).collect();
        let counts = self
            .terms
            .iter()
            .map(|t| match &t.matches {
                Ok(m) => m.bins(by, span).counts().to_vec(),
                Err(_) => vec![0; totals.len()],
            })
            .collect();
        Some(Table {
            periods,
            totals: totals.counts().to_vec(),
            counts,
        })
    }
}

/// `count` as a fraction of `total` (0 for an empty period).
pub fn share(count: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::Archive;
    use crate::model::{Block, Entry};
    use crate::search::{BuildOptions, BuildProgress};
    use chrono::NaiveDate;
    use std::sync::Arc;

    fn entry(id: &str, date: Option<&str>, author: &str, body: &str) -> Entry {
        let mut e = Entry::with_blocks(vec![Block::paragraph(body)]);
        e.id = id.into();
        e.title = id.into();
        e.author = Some(author.into());
        e.date = date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
        e
    }

    /// 2006: 2 entries (support 2, success 0); 2007: 3 (support 1,
    /// success 2, one by Bob); 2008: 1 (success 1); one undated support.
    fn index() -> SearchIndex {
        let entries = vec![
            entry("a", Some("2006-02-01"), "Ann", "customer support matters"),
            entry("b", Some("2006-07-09"), "Ann", "support desk"),
            entry("c", Some("2007-01-05"), "Ann", "support and success"),
            entry("d", Some("2007-03-05"), "Bob", "customer success team"),
            entry("e", Some("2007-11-30"), "Ann", "nothing here"),
            entry("f", Some("2008-05-01"), "Bob", "success stories"),
            entry("g", None, "Ann", "support forever"),
        ];
        let archive = Arc::new(Archive::new(entries, Vec::new()));
        SearchIndex::build(archive, &BuildOptions::default(), &BuildProgress::default()).unwrap()
    }

    fn terms(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn counts_each_term_per_year_against_the_years_totals() {
        let t = trends(
            &index(),
            &terms(&["support", "success"]),
            &Filter::default(),
            &Query::default(),
        );
        let table = t.table(Granularity::Year).unwrap();
        let years: Vec<String> = table.periods.iter().map(|p| p.to_string()).collect();
        assert_eq!(years, ["2006", "2007", "2008"]);
        assert_eq!(table.totals, [2, 3, 1]);
        assert_eq!(table.counts, [vec![2, 1, 0], vec![0, 2, 1]]);
        assert_eq!(
            t.terms[0].total(),
            4,
            "the undated match counts in the total"
        );
        assert_eq!(t.terms[1].total(), 3);
    }

    #[test]
    fn months_without_entries_are_zero_periods() {
        let t = trends(
            &index(),
            &terms(&["success"]),
            &Filter::default(),
            &Query::default(),
        );
        let table = t.table(Granularity::Month).unwrap();
        assert_eq!(table.periods.len(), 28, "Feb 2006 to May 2008");
        assert_eq!(table.counts[0].iter().sum::<usize>(), 3);
        assert_eq!(table.totals.iter().sum::<usize>(), 6);
    }

    #[test]
    fn phrases_and_exclusions_use_the_full_query_syntax() {
        let t = trends(
            &index(),
            &terms(&["\"customer success\"", "support -customer"]),
            &Filter::default(),
            &Query::default(),
        );
        let table = t.table(Granularity::Year).unwrap();
        assert_eq!(table.counts, [vec![0, 1, 0], vec![1, 1, 0]]);
    }

    #[test]
    fn follows_the_filter_for_counts_and_totals() {
        let bob = Filter {
            authors: vec![crate::query::AuthorSel::Named("bob".into())],
            ..Filter::default()
        };
        let t = trends(
            &index(),
            &terms(&["success", "author:ann"]),
            &bob,
            &Query::default(),
        );
        let table = t.table(Granularity::Year).unwrap();
        assert_eq!(table.totals, [1, 1], "Bob wrote in 2007 and 2008 only");
        assert_eq!(table.counts, [vec![1, 1], vec![0, 0]]);
    }

    #[test]
    fn a_query_narrows_the_terms_and_the_totals() {
        let within = Query::parse("date:2007").unwrap();
        let t = trends(&index(), &terms(&["success"]), &Filter::default(), &within);
        let table = t.table(Granularity::Year).unwrap();
        assert_eq!(table.totals, [3]);
        assert_eq!(table.counts, [vec![2]]);
    }

    #[test]
    fn a_bad_term_is_its_own_error_and_the_others_still_count() {
        let t = trends(
            &index(),
            &terms(&["\"unclosed", "success", "  ", "date:2009..2007"]),
            &Filter::default(),
            &Query::default(),
        );
        assert!(matches!(t.terms[0].matches, Err(TermError::Query(_))));
        assert_eq!(t.terms[1].total(), 3);
        assert_eq!(t.terms[2].matches, Err(TermError::Empty));
        assert!(matches!(t.terms[3].matches, Err(TermError::Query(_))));
        let table = t.table(Granularity::Year).unwrap();
        assert_eq!(table.counts[0], [0, 0, 0]);
    }

    #[test]
    fn at_most_five_terms_are_read() {
        let many = terms(&["a", "b", "c", "d", "e", "f"]);
        assert_eq!(
            trends(&index(), &many, &Filter::default(), &Query::default())
                .terms
                .len(),
            MAX_TERMS
        );
    }

    #[test]
    fn matching_equals_the_ranked_searchs_full_list() {
        let index = index();
        for text in [
            "support",
            "succes*",
            "customer -team",
            "kind:article",
            "date:2007",
        ] {
            let q = Query::parse(text).unwrap();
            let ranked = index.search(&q, &Filter::default(), 0, crate::search::Fallback::Never);
            assert_eq!(index.matching(&q, &Filter::default()), ranked.all, "{text}");
        }
    }

    const WORDS: [&str; 6] = ["support", "success", "churn", "renewal", "desk", "team"];

    /// An index of entries with bodies drawn from [`WORDS`], dated in
    /// 2006-2008 or not, by Ann or Bob.
    fn random_index(spec: &[(Vec<usize>, Option<u16>, bool)]) -> SearchIndex {
        let entries = spec
            .iter()
            .enumerate()
            .map(|(i, (words, day, ann))| {
                let body: Vec<&str> = words.iter().map(|&w| WORDS[w % WORDS.len()]).collect();
                let date = day.map(|d| {
                    NaiveDate::from_ymd_opt(2006, 1, 1).unwrap()
                        + chrono::Days::new(u64::from(d % 1000))
                });
                let mut e = entry(
                    &format!("e{i}"),
                    None,
                    if *ann { "Ann" } else { "Bob" },
                    &body.join(" "),
                );
                e.date = date;
                e
            })
            .collect();
        let archive = Arc::new(Archive::new(entries, Vec::new()));
        SearchIndex::build(archive, &BuildOptions::default(), &BuildProgress::default()).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(16))]

        /// The unscored matching finds exactly what the ranked search
        /// lists, for words, phrases, prefixes, exclusions and operators,
        /// under a filter or not; and a trend's periods add up to it.
        #[test]
        fn matching_agrees_with_the_search_and_periods_add_up(
            spec in proptest::collection::vec(
                (proptest::collection::vec(0usize..6, 1..6), proptest::option::of(0u16..1000), proptest::bool::ANY),
                1..30,
            ),
            term in proptest::sample::select(vec![
                "support", "churn desk", "\"support team\"", "renew*", "desk -team",
                "author:ann success", "date:2007 churn", "kind:article", "-support",
            ]),
            bob in proptest::bool::ANY,
        ) {
            let index = random_index(&spec);
            let filter = if bob {
                Filter { authors: vec![crate::query::AuthorSel::Named("bob".into())], ..Filter::default() }
            } else {
                Filter::default()
            };
            let q = Query::parse(term).unwrap();
            let ranked = index.search(&q, &filter, 0, crate::search::Fallback::Never);
            proptest::prop_assert_eq!(index.matching(&q, &filter), ranked.all.clone());
            let t = trends(&index, &[term.to_string()], &filter, &Query::default());
            proptest::prop_assert_eq!(t.terms[0].total(), ranked.total);
            if let Some(table) = t.table(Granularity::Month) {
                let undated = t.terms[0].matches.as_ref().unwrap().undated();
                proptest::prop_assert_eq!(table.counts[0].iter().sum::<usize>() + undated, ranked.total);
            }
        }
    }

    #[test]
    fn shares_are_fractions_and_an_empty_period_is_zero() {
        assert_eq!(share(1, 4), 0.25);
        assert_eq!(share(0, 0), 0.0);
    }
}
