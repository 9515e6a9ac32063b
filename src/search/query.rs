//! The search query language: parsing a query string into a [`Query`].
//!
//! Syntax: words (all must match), `"exact phrases"`, `-excluded` words and
//! phrases, `prefix*`, and the metadata operators `author:NAME` (any word of
//! the author's name, or `author:"full name"`), `date:2007`,
//! `date:2007-03..2008-05` (inclusive, either end may be open; a reversed
//! range is an error that shows it swapped), `kind:article|excerpt` and
//! `tag:NAME` (a tag or category, whole and case-insensitive:
//! `tag:"customer service"`).
//!
//! Every field combines the same way: repeated values of one field are
//! alternatives (OR: `kind:excerpt kind:article` is any kind, `date:2007
//! date:2009` either year), different fields all apply (AND). The operators
//! become filters that combine with the caller's filter ([`Query::filters`]).
//!
//! Anything else is text: a piece whose `name:` is not an operator
//! (`a:b:c`, `re:` in a subject) and punctuation (`support^10`, `[a-z]+`)
//! are folded away like in the indexed text, leaving the words between
//! (`a:b:c` is the phrase "a b c").

use super::analyze::Analyzer;
use crate::archive::Archive;
use crate::model::Kind;
use crate::query::{AuthorSel, BoundEnd, Filter, ReversedRange, check_range, parse_date_bound};
use chrono::NaiveDate;

/// Why a query string could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unclosed quote in query: {0}")]
    UnclosedQuote(String),
    #[error("'-' must be followed by a word or a \"phrase\"")]
    LoneMinus,
    #[error("'*' must follow the beginning of a word, as in manag*")]
    LoneStar,
    #[error("{0}: missing value after ':'")]
    MissingValue(String),
    #[error("invalid date '{0}' in query: expected date:YYYY[-MM[-DD]] or date:FROM..TO")]
    Date(String),
    #[error("invalid kind '{0}' in query: expected kind:article or kind:excerpt")]
    Kind(String),
    #[error("operators cannot be excluded: {0}")]
    ExcludedOperator(String),
    #[error(
        "the date range 'date:{typed}' in the query is reversed ({} is after {}); \
         did you mean 'date:{swapped}'?",
        .ends.from,
        .ends.to
    )]
    ReversedDate {
        typed: String,
        swapped: String,
        ends: ReversedRange,
    },
}

/// What a text clause asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    /// One word (any form with the same stem).
    Word,
    /// Words in this order, next to each other.
    Phrase,
    /// Any word starting with the (folded, unstemmed) prefix.
    Prefix,
}

/// One text part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub kind: ClauseKind,
    /// True for `-word` / `-"phrase"`: entries containing it are dropped.
    pub excluded: bool,
    /// As typed, without quotes, minus sign or star.
    pub text: String,
    /// Analysed terms: stems for words and phrases, the folded prefix for
    /// prefixes. Never empty.
    pub terms: Vec<String>,
}

/// One `date:` value: inclusive days, either end open (never both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A parsed query. `Default` is the empty query, which matches everything.
///
/// Each operator field holds its values in the order typed; entries
/// matching any value of a field match that field, and entries must match
/// every field given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub clauses: Vec<Clause>,
    /// `author:` values, lowercased and folded words.
    pub authors: Vec<Vec<String>>,
    /// `date:` values.
    pub dates: Vec<DateRange>,
    /// `kind:` values.
    pub kinds: Vec<Kind>,
    /// `tag:` values, on one line, as typed.
    pub tags: Vec<String>,
}

impl Query {
    /// Parses a query string; see the module docs for the syntax.
    pub fn parse(input: &str) -> Result<Query, QueryError> {
        let mut q = Query::default();
        let mut analyzer = Analyzer::default();
        for piece in split(input)? {
            q.add(piece, &mut analyzer)?;
        }
        Ok(q)
    }

    /// True when the query has no text clause (it then matches every entry
    /// its operators keep).
    pub fn is_text_empty(&self) -> bool {
        self.clauses.iter().all(|c| c.excluded)
    }

    /// True when nothing at all was asked.
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }

    /// The clauses entries must contain.
    pub fn positive(&self) -> impl Iterator<Item = &Clause> {
        self.clauses.iter().filter(|c| !c.excluded)
    }

    /// Combines the query's operators with the caller's filter: the
    /// entries that any of the returned filters keeps match (one filter per
    /// `kind:` and `date:` alternative, each also holding the caller's
    /// filter and the `author:` values). Empty when no entry can match.
    pub fn filters(&self, archive: &Archive, base: &Filter) -> Vec<Filter> {
        let mut f = base.clone();
        if !self.authors.is_empty() {
            let named = self.matching_authors(archive);
            let keep: Vec<AuthorSel> = if base.authors.is_empty() {
                named
            } else {
                named
                    .into_iter()
                    .filter(|a| base.authors.iter().any(|b| same_author(archive, a, b)))
                    .collect()
            };
            if keep.is_empty() {
                return Vec::new();
            }
            f.authors = keep;
        }
        if !self.tags.is_empty() {
            let keep: Vec<String> = if base.tags.is_empty() {
                self.tags.clone()
            } else {
                let same = |a: &String, b: &String| a.to_lowercase() == b.to_lowercase();
                (self.tags.iter())
                    .filter(|t| base.tags.iter().any(|b| same(t, b)))
                    .cloned()
                    .collect()
            };
            if keep.iter().all(|t| archive.tag_index(t).is_none()) {
                return Vec::new();
            }
            f.tags = keep;
        }
        let kinds: Vec<Option<Kind>> = match self.kinds.as_slice() {
            [] => vec![base.kind],
            typed => typed
                .iter()
                .filter(|&&k| base.kind.is_none_or(|b| b == k))
                .map(|&k| Some(k))
                .collect(),
        };
        let dates: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = match self.dates.as_slice() {
            [] => vec![(base.from, base.to)],
            typed => typed
                .iter()
                .map(|r| (max_opt(base.from, r.from), min_opt(base.to, r.to)))
                .collect(),
        };
        let mut out = Vec::with_capacity(kinds.len() * dates.len());
        for &kind in &kinds {
            for &(from, to) in &dates {
                let g = Filter {
                    kind,
                    from,
                    to,
                    ..f.clone()
                };
                if !out.contains(&g) {
                    out.push(g);
                }
            }
        }
        out
    }

    /// Archive authors whose name contains one of the `author:` values as
    /// whole words, in order.
    fn matching_authors(&self, archive: &Archive) -> Vec<AuthorSel> {
        let mut analyzer = Analyzer::default();
        archive
            .authors()
            .iter()
            .filter(|a| {
                let words = analyzer.folded(&a.name);
                self.authors
                    .iter()
                    .any(|want| words.windows(want.len()).any(|w| w == want.as_slice()))
            })
            .map(|a| AuthorSel::Named(a.name.clone()))
            .collect()
    }

    fn add(&mut self, piece: Piece, analyzer: &mut Analyzer) -> Result<(), QueryError> {
        if let Some((op, value)) = piece.operator() {
            if piece.excluded {
                return Err(QueryError::ExcludedOperator(piece.text));
            }
            return self.add_operator(&op, &value, analyzer);
        }
        let (kind, text) = if piece.quoted {
            (ClauseKind::Phrase, piece.text.clone())
        } else if let Some(stem) = piece.text.strip_suffix('*') {
            (ClauseKind::Prefix, stem.to_string())
        } else {
            (ClauseKind::Word, piece.text.clone())
        };
        if kind == ClauseKind::Prefix && analyzer.folded(&text).is_empty() {
            return Err(QueryError::LoneStar);
        }
        let terms = match kind {
            ClauseKind::Prefix => analyzer.folded(&text),
            _ => analyzer.stems(&text),
        };
        // A word of several parts ("e-mail") is the phrase of its parts; a
        // prefix of several parts keeps the parts before the last as words.
        let (kind, terms) = match (kind, terms.len()) {
            (_, 0) => return Ok(()),
            (ClauseKind::Word, n) if n > 1 => (ClauseKind::Phrase, terms),
            (ClauseKind::Prefix, n) if n > 1 => (ClauseKind::Phrase, analyzer.stems(&text)),
            (k, _) => (k, terms),
        };
        self.clauses.push(Clause {
            kind,
            excluded: piece.excluded,
            text,
            terms,
        });
        Ok(())
    }

    fn add_operator(
        &mut self,
        op: &str,
        value: &str,
        analyzer: &mut Analyzer,
    ) -> Result<(), QueryError> {
        if value.trim().is_empty() {
            return Err(QueryError::MissingValue(format!("{op}:")));
        }
        match op {
            "author" => {
                let words = analyzer.folded(value);
                if words.is_empty() {
                    return Err(QueryError::MissingValue(format!("{op}:")));
                }
                self.authors.push(words);
            }
            "kind" => self
                .kinds
                .push(Kind::parse(value).ok_or(QueryError::Kind(value.into()))?),
            "tag" => self
                .tags
                .push(value.split_whitespace().collect::<Vec<_>>().join(" ")),
            _ => self.dates.push(parse_range(value)?),
        }
        Ok(())
    }
}

impl std::fmt::Display for Query {
    /// The query in its own syntax (operators after the text).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        for c in &self.clauses {
            let minus = if c.excluded { "-" } else { "" };
            parts.push(match c.kind {
                ClauseKind::Word => format!("{minus}{}", c.text),
                ClauseKind::Phrase => format!("{minus}\"{}\"", c.text),
                ClauseKind::Prefix => format!("{minus}{}*", c.text),
            });
        }
        for a in &self.authors {
            parts.push(match a.len() {
                1 => format!("author:{}", a[0]),
                _ => format!("author:\"{}\"", a.join(" ")),
            });
        }
        let show = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        for r in &self.dates {
            parts.push(format!("date:{}..{}", show(r.from), show(r.to)));
        }
        for k in &self.kinds {
            parts.push(format!("kind:{k}"));
        }
        for t in &self.tags {
            parts.push(match t.contains(' ') {
                true => format!("tag:\"{t}\""),
                false => format!("tag:{t}"),
            });
        }
        f.write_str(&parts.join(" "))
    }
}

/// `2007`, `2007-03..2008-05`, `..2008`, `2007..` into inclusive days.
fn parse_range(value: &str) -> Result<DateRange, QueryError> {
    let bad = || QueryError::Date(value.to_string());
    let bound = |s: &str, end| -> Result<Option<NaiveDate>, QueryError> {
        match s.trim() {
            "" => Ok(None),
            s => parse_date_bound(s, end).map(Some).map_err(|_| bad()),
        }
    };
    match value.split_once("..") {
        Some((a, b)) => {
            let (from, to) = (bound(a, BoundEnd::Start)?, bound(b, BoundEnd::End)?);
            if (from, to) == (None, None) || b.contains("..") {
                return Err(bad());
            }
            check_range(from, to).map_err(|ends| QueryError::ReversedDate {
                typed: value.to_string(),
                swapped: format!("{}..{}", b.trim(), a.trim()),
                ends,
            })?;
            Ok(DateRange { from, to })
        }
        None => Ok(DateRange {
            from: Some(parse_date_bound(value, BoundEnd::Start).map_err(|_| bad())?),
            to: Some(parse_date_bound(value, BoundEnd::End).map_err(|_| bad())?),
        }),
    }
}

fn same_author(archive: &Archive, a: &AuthorSel, b: &AuthorSel) -> bool {
    match (a, b) {
        (AuthorSel::Named(x), AuthorSel::Named(y)) => {
            archive.author_index(x).is_some() && archive.author_index(x) == archive.author_index(y)
        }
        (AuthorSel::Unknown, AuthorSel::Unknown) => true,
        _ => false,
    }
}

fn max_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

fn min_opt(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// One whitespace-separated piece of a query string.
#[derive(Debug)]
struct Piece {
    excluded: bool,
    quoted: bool,
    /// For `op:"quoted value"`, `op:` is kept in front of the value.
    text: String,
}

impl Piece {
    /// `(operator, value)` for `author:`, `date:`, `kind:` and `tag:` pieces.
    fn operator(&self) -> Option<(String, String)> {
        let (op, value) = self.text.split_once(':')?;
        let op = op.to_ascii_lowercase();
        matches!(op.as_str(), "author" | "date" | "kind" | "tag").then(|| (op, value.to_string()))
    }
}

/// Splits a query into pieces, honouring quotes (also after `-` and `op:`).
fn split(input: &str) -> Result<Vec<Piece>, QueryError> {
    let mut pieces = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let excluded = c == '-';
        if excluded {
            chars.next();
        }
        let mut text = String::new();
        let mut quoted = false;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c != '"' {
                text.push(c);
                continue;
            }
            quoted = true;
            let start = text.len();
            let closed = chars.by_ref().any(|c| {
                if c == '"' {
                    return true;
                }
                text.push(c);
                false
            });
            if !closed {
                return Err(QueryError::UnclosedQuote(text[start..].to_string()));
            }
        }
        if text.trim().is_empty() && !quoted {
            return Err(if excluded {
                QueryError::LoneMinus
            } else {
                QueryError::LoneStar
            });
        }
        pieces.push(Piece {
            excluded,
            quoted,
            text,
        });
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    /// A `date:` value from its ends ("" for an open end).
    fn range(from: &str, to: &str) -> DateRange {
        DateRange {
            from: d(from),
            to: d(to),
        }
    }

    #[test]
    fn words_phrases_exclusions_and_prefixes() {
        let q = Query::parse(r#"Support "customer service" -churn -"help desk" manag*"#).unwrap();
        let got: Vec<(ClauseKind, bool, &str, Vec<&str>)> = q
            .clauses
            .iter()
            .map(|c| {
                (
                    c.kind,
                    c.excluded,
                    c.text.as_str(),
                    c.terms.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (ClauseKind::Word, false, "Support", vec!["support"]),
                (
                    ClauseKind::Phrase,
                    false,
                    "customer service",
                    vec!["custom", "servic"]
                ),
                (ClauseKind::Word, true, "churn", vec!["churn"]),
                (ClauseKind::Phrase, true, "help desk", vec!["help", "desk"]),
                (ClauseKind::Prefix, false, "manag", vec!["manag"]),
            ]
        );
        assert_eq!(
            q.to_string(),
            r#"Support "customer service" -churn -"help desk" manag*"#
        );
    }

    #[test]
    fn operators() {
        let q = Query::parse(
            r#"author:Blaisdell author:"Mikael BLAISDELL" kind:excerpt date:2007-03..2008-05"#,
        )
        .unwrap();
        assert_eq!(
            q.authors,
            vec![
                vec!["blaisdell".to_string()],
                vec!["mikael".into(), "blaisdell".into()]
            ]
        );
        assert_eq!(q.kinds, [Kind::Excerpt]);
        assert_eq!(q.dates, [range("2007-03-01", "2008-05-31")]);
        assert!(q.is_text_empty());
        let q = Query::parse("date:..2007").unwrap();
        assert_eq!(q.dates, [range("", "2007-12-31")]);
        let q = Query::parse("date:2008-02..").unwrap();
        assert_eq!(q.dates, [range("2008-02-01", "")]);
        let q = Query::parse("date:2007").unwrap();
        assert_eq!(q.dates, [range("2007-01-01", "2007-12-31")]);
    }

    #[test]
    fn repeated_values_of_every_field_are_kept_in_order() {
        let q = Query::parse(
            "kind:excerpt kind:article date:2007 date:..1990 author:a author:b tag:SaaS tag:\"help  desk\"",
        )
        .unwrap();
        assert_eq!(q.tags, ["SaaS", "help desk"]);
        assert_eq!(q.kinds, [Kind::Excerpt, Kind::Article]);
        assert_eq!(
            q.dates,
            [range("2007-01-01", "2007-12-31"), range("", "1990-12-31")]
        );
        assert_eq!(q.authors.len(), 2);
        assert_eq!(Query::parse(&q.to_string()), Ok(q));
    }

    #[test]
    fn a_reversed_date_range_is_an_error_that_shows_it_swapped() {
        let err = Query::parse("support date:2099..1800").unwrap_err();
        assert!(matches!(err, QueryError::ReversedDate { .. }));
        assert_eq!(
            err.to_string(),
            "the date range 'date:2099..1800' in the query is reversed \
             (2099-01-01 is after 1800-12-31); did you mean 'date:1800..2099'?"
        );
        // Within one month, by days.
        let err = Query::parse("date:2007-03-20..2007-03-02").unwrap_err();
        assert!(
            err.to_string().contains("'date:2007-03-02..2007-03-20'"),
            "{err}"
        );
        // One day, and a month written as its own range, are not reversed.
        assert!(Query::parse("date:2007-03-02..2007-03-02").is_ok());
        assert!(Query::parse("date:2007-03..2007").is_ok());
    }

    #[test]
    fn hyphenated_words_are_phrases_and_punctuation_is_ignored() {
        let q = Query::parse("e-mail && ,").unwrap();
        assert_eq!(q.clauses.len(), 1);
        assert_eq!(q.clauses[0].kind, ClauseKind::Phrase);
        assert_eq!(q.clauses[0].terms, ["e", "mail"]);
        assert!(Query::parse("").unwrap().is_empty());
    }

    #[test]
    fn malformed_queries_are_errors() {
        assert!(matches!(
            Query::parse(r#"a "unclosed"#),
            Err(QueryError::UnclosedQuote(_))
        ));
        assert_eq!(Query::parse("a - b"), Err(QueryError::LoneMinus));
        assert_eq!(Query::parse("-"), Err(QueryError::LoneMinus));
        assert_eq!(Query::parse("*"), Err(QueryError::LoneStar));
        assert!(matches!(Query::parse("date:abc"), Err(QueryError::Date(_))));
        assert!(matches!(
            Query::parse("date:2007-13"),
            Err(QueryError::Date(_))
        ));
        assert!(matches!(Query::parse("date:.."), Err(QueryError::Date(_))));
        assert!(matches!(
            Query::parse("date:2007..2008..2009"),
            Err(QueryError::Date(_))
        ));
        assert!(matches!(
            Query::parse("kind:poem"),
            Err(QueryError::Kind(_))
        ));
        assert!(matches!(
            Query::parse("author:"),
            Err(QueryError::MissingValue(_))
        ));
        assert!(matches!(
            Query::parse("-author:x"),
            Err(QueryError::ExcludedOperator(_))
        ));
        let msg = Query::parse("date:abc").unwrap_err().to_string();
        assert!(msg.contains("date:") && msg.contains("abc"), "{msg}");
    }

    /// Query-like text: words, accents, quotes, colons and operator
    /// names, ranges, stars, minus signs, carets, brackets and spaces.
    fn query_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            "[a-zA-Zé0-9]{1,8}",
            proptest::sample::select(vec![
                "author:",
                "date:",
                "kind:",
                " kind:excerpt ",
                " kind:article ",
                " date:2007..2008-03 ",
                " author:\"Jane Doe\" ",
                "..",
                " ",
            ])
            .prop_map(str::to_string),
            "[\"*^:\\-\\[\\]().,+|ß€ǅ\u{301}\u{0}\u{3000}]",
            "(19|20)[0-9]{2}(-[01][0-9]){0,2}",
            "\\PC{1,3}",
        ];
        proptest::collection::vec(piece, 0..10).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(600))]

        /// Any input parses or is an error, never a panic, and a parsed
        /// query written back in its own syntax parses to the same query
        /// (the window re-parses the corrected query it is shown).
        #[test]
        fn any_input_parses_or_errs_and_display_round_trips(input in query_text()) {
            if let Ok(q) = Query::parse(&input) {
                let shown = q.to_string();
                proptest::prop_assert_eq!(Query::parse(&shown), Ok(q), "shown as {:?}", shown);
            }
        }
    }
}
