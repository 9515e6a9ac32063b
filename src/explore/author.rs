//! One author's page: their entries per period, first and last dates,
//! total words, the words that set them apart from the rest of the
//! archive, and the reader's collections and highlights of their entries.
//!
//! Distinctive words are ranked by Dunning's log-likelihood (G²) of how
//! many of the author's entries hold a word against how many of the
//! other entries do (the index's live document counts), keeping only
//! words the author uses more than the rest: unlike a ratio it does not
//! crown a word that one entry happened to use.

use crate::archive::Archive;
use crate::db::{DbError, Library};
use crate::period::{Granularity, Period};
use crate::query::{AuthorSel, Filter};
use crate::search::SearchIndex;
use crate::search::analyze::Analyzer;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Distinctive words on a page.
const WORDS: usize = 15;
/// The most entries read for an author's words: a larger author's are
/// estimated from this many spread over their whole span (reading all of
/// 25,000 entries took seconds).
const SAMPLE: usize = 2_000;

/// What an author's page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorProfile {
    /// The name as the archive spells it most.
    pub name: String,
    /// Their entries, in canonical (time) order.
    pub entries: Vec<u32>,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// Words of body text over all their entries.
    pub words: u64,
    /// The periods' size: years, or months when their dates span two
    /// years or less.
    pub granularity: Granularity,
    /// Entries per period, in time order, only periods with entries; the
    /// undated (`None`) last.
    pub per_period: Vec<(Option<Period>, usize)>,
    /// Their most distinctive words, most first, with the G² score.
    pub distinctive: Vec<(String, f64)>,
}

/// What the reader's own database holds about an author's entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorShelf {
    /// Collections holding any of their entries: name and how many.
    pub collections: Vec<(String, usize)>,
    /// Highlights in their entries.
    pub highlights: usize,
}

/// No author goes by the name asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no author named “{name}”{}", hint(.suggestions))]
pub struct UnknownAuthor {
    pub name: String,
    /// Authors with a name like it (sharing a word, or a word's start).
    pub suggestions: Vec<String>,
}

fn hint(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", suggestions.join(", "))
    }
}

/// The profile of the author named `name` (case-insensitive) in the
/// index's archive.
pub fn author_profile(index: &SearchIndex, name: &str) -> Result<AuthorProfile, UnknownAuthor> {
    let archive = index.archive();
    let Some(author) = archive.author_index(name) else {
        return Err(UnknownAuthor {
            name: name.trim().to_string(),
            suggestions: suggestions(archive, name),
        });
    };
    let display = archive
        .authors()
        .get(author as usize)
        .map_or_else(|| name.to_string(), |a| a.name.clone());
    let entries = archive.filter(&Filter {
        authors: vec![AuthorSel::Named(display.clone())],
        ..Filter::default()
    });
    let days = archive.day_counts(&entries);
    let span = days.span();
    let granularity = match span {
        Some(s) if s.days() <= 2 * 366 => Granularity::Month,
        _ => Granularity::Year,
    };
    let words = entries
        .iter()
        .filter_map(|&ix| archive.get(ix))
        .map(|e| u64::from(e.words))
        .sum();
    Ok(AuthorProfile {
        name: display,
        first: span.map(|s| s.first),
        last: span.map(|s| s.last),
        words,
        granularity,
        per_period: days.periods(granularity),
        distinctive: distinctive(index, &entries),
        entries,
    })
}

/// The collections and highlights of `entries` in the reader's database.
pub fn author_shelf(
    archive: &Archive,
    entries: &[u32],
    db: &mut Library,
) -> Result<AuthorShelf, DbError> {
    let mut lists = Vec::new();
    for c in db.collections()? {
        match db.collection_entries(&c.name) {
            Ok(list) => lists.push((c.name, list)),
            Err(crate::db::CollectionError::Db(e)) => return Err(e),
            // Renamed or deleted since it was listed.
            Err(_) => {}
        }
    }
    let mut per_entry: HashMap<String, usize> = HashMap::new();
    for h in db.all_highlights()? {
        *per_entry.entry(h.entry).or_default() += 1;
    }
    let collections = lists.iter().map(|(n, ids)| (n.as_str(), ids.as_slice()));
    let highlights = |id: &str| per_entry.get(id).copied().unwrap_or(0);
    Ok(shelf_among(archive, entries, collections, highlights))
}

/// The shelf of `entries` among `collections` (each a name and its
/// members' ids) and the highlights `highlights_of` counts for an entry
/// id: what [`author_shelf`] reads from the database, and what a window
/// holding the reader's marks in memory counts from them.
pub fn shelf_among<'a>(
    archive: &Archive,
    entries: &[u32],
    collections: impl IntoIterator<Item = (&'a str, &'a [String])>,
    highlights_of: impl Fn(&str) -> usize,
) -> AuthorShelf {
    let ids: HashSet<&str> = entries
        .iter()
        .filter_map(|&ix| Some(archive.get(ix)?.id.as_str()))
        .collect();
    let collections = collections
        .into_iter()
        .map(|(name, members)| {
            let held = members
                .iter()
                .filter(|id| ids.contains(id.as_str()))
                .count();
            (name.to_string(), held)
        })
        .filter(|&(_, held)| held > 0)
        .collect();
    let highlights = ids.iter().map(|id| highlights_of(id)).sum();
    AuthorShelf {
        collections,
        highlights,
    }
}

/// The author's words that most set their entries apart (see the module
/// doc), each as the author spells it most.
fn distinctive(index: &SearchIndex, entries: &[u32]) -> Vec<(String, f64)> {
    let archive = index.archive();
    let every = entries.len().div_ceil(SAMPLE).max(1);
    let sample: Vec<u32> = entries.iter().copied().step_by(every).collect();
    // A word held by `a` sampled entries is held by about `a * scale` of
    // all the author's.
    let scale = entries.len() as f64 / sample.len().max(1) as f64;
    let mine = entries.len() as f64;
    let entries = sample.as_slice();
    // Per entry: its distinct stems, each with its spellings' counts.
    let per_entry: Vec<HashMap<String, HashMap<String, u32>>> = entries
        .par_iter()
        .map_init(Analyzer::default, |a, &ix| {
            let mut stems: HashMap<String, HashMap<String, u32>> = HashMap::new();
            let Some(e) = crate::load::with_text(archive, ix) else {
                return stems;
            };
            for text in std::iter::once(e.title.as_str()).chain(crate::search::body_texts(&e)) {
                for t in a.tokens(text) {
                    if t.stem.chars().count() >= 3 && !t.stem.chars().all(|c| c.is_ascii_digit()) {
                        *stems
                            .entry(t.stem)
                            .or_default()
                            .entry(t.folded)
                            .or_default() += 1;
                    }
                }
            }
            stems
        })
        .collect();
    let mut df: HashMap<&str, (u64, HashMap<&str, u32>)> = HashMap::new();
    for stems in &per_entry {
        for (stem, spellings) in stems {
            let (n, all) = df.entry(stem).or_default();
            *n += 1;
            for (s, c) in spellings {
                *all.entry(s).or_default() += c;
            }
        }
    }
    let total = index.live_docs() as f64;
    // One entry's odd word says nothing of an author with several.
    let least = if entries.len() > 1 { 2 } else { 1 };
    let mut scored: Vec<(String, f64)> = df
        .into_iter()
        .filter(|(_, (a, _))| *a >= least)
        .filter_map(|(stem, (a, spellings))| {
            let all = index.doc_freq(stem) as f64;
            let a = (a as f64 * scale).min(all);
            let b = (all - a).max(0.0);
            let rest = (total - mine).max(0.0);
            (a / mine > b / rest.max(1.0)).then_some(())?;
            let surface = spellings
                .into_iter()
                .max_by(|x, y| x.1.cmp(&y.1).then_with(|| y.0.cmp(x.0)))?
                .0;
            Some((surface.to_string(), g2(a, mine, b, rest)))
        })
        .collect();
    scored.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    scored.truncate(WORDS);
    scored
}

/// Dunning's G² for a word held by `a` of `n` entries of one set and `b`
/// of `m` of the other.
fn g2(a: f64, n: f64, b: f64, m: f64) -> f64 {
    let term = |k: f64, e: f64| {
        if k > 0.0 && e > 0.0 {
            k * (k / e).ln()
        } else {
            0.0
        }
    };
    let p = (a + b) / (n + m).max(1.0);
    let (na, nb) = (n - a, m - b);
    let q = (na + nb) / (n + m).max(1.0);
    2.0 * (term(a, n * p) + term(b, m * p) + term(na, n * q) + term(nb, m * q))
}

/// Authors whose name shares a word (or the start of one) with `name`.
fn suggestions(archive: &Archive, name: &str) -> Vec<String> {
    let asked: Vec<String> = name
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 3)
        .collect();
    let like = |key: &str| {
        key.split_whitespace().any(|w| {
            asked.iter().any(|a| {
                let stem: String = a.chars().take(4).collect();
                w == a || w.starts_with(&stem) || a.starts_with(w) && w.chars().count() >= 3
            })
        })
    };
    archive
        .authors()
        .iter()
        .filter(|a| like(&a.key))
        .take(5)
        .map(|a| a.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{BuildOptions, BuildProgress};
    use std::sync::Arc;

    fn builtin() -> SearchIndex {
        let archive = Arc::new(
            crate::load(&crate::LoadOptions::default(), &crate::Progress::default()).unwrap(),
        );
        SearchIndex::build(archive, &BuildOptions::default(), &BuildProgress::default()).unwrap()
    }

    #[test]
    fn the_built_in_authors_profile_has_their_dates_words_and_periods() {
        let index = builtin();
        let p = author_profile(&index, "mikael blaisdell").unwrap();
        assert_eq!(p.name, "Mikael Blaisdell");
        assert_eq!(p.entries.len(), 3);
        assert_eq!(
            p.first.map(|d| d.to_string()).as_deref(),
            Some("2007-03-24")
        );
        assert_eq!(p.last.map(|d| d.to_string()).as_deref(), Some("2008-05-15"));
        let archive = index.archive();
        let words: u64 = p
            .entries
            .iter()
            .map(|&i| u64::from(archive.get(i).unwrap().words))
            .sum();
        assert_eq!(p.words, words);
        assert!(p.words > 1000);
        assert_eq!(p.granularity, Granularity::Month);
        let counts: Vec<usize> = p.per_period.iter().map(|(_, n)| *n).collect();
        assert_eq!(counts, [1, 1, 1]);
        assert!(!p.distinctive.is_empty());
    }

    #[test]
    fn distinctive_words_are_the_authors_own_not_everyones() {
        use crate::model::{Block, Entry};
        let e = |id: &str, author: &str, text: &str| {
            Entry::with_blocks(vec![Block::paragraph(text)])
                .with_id(id)
                .with_title("Note")
                .with_author(author)
                .with_date((2007, 1, 1))
                .with_source(&format!("t/{id}.txt"))
        };
        let mut entries = vec![
            e(
                "a1",
                "Ann",
                "Lighthouse keepers and the weather report today.",
            ),
            e(
                "a2",
                "Ann",
                "The lighthouse lamp and the weather report again.",
            ),
            e(
                "a3",
                "Ann",
                "A lighthouse, once more, and the weather report.",
            ),
        ];
        for i in 0..6 {
            entries.push(e(
                &format!("b{i}"),
                "Bob",
                "The weather report for the harbour and ships.",
            ));
        }
        let archive = Arc::new(Archive::new(entries, vec![]));
        let index =
            SearchIndex::build(archive, &BuildOptions::default(), &BuildProgress::default())
                .unwrap();
        let p = author_profile(&index, "ann").unwrap();
        assert_eq!(
            p.distinctive.first().map(|w| w.0.as_str()),
            Some("lighthouse")
        );
        assert!(
            p.distinctive
                .iter()
                .all(|(w, _)| w != "weather" && w != "report"),
            "{:?}",
            p.distinctive
        );
        let bob = author_profile(&index, "Bob").unwrap();
        assert!(bob.distinctive.iter().any(|(w, _)| w == "harbour"));
    }

    #[test]
    fn an_unknown_author_is_an_error_with_suggestions() {
        let index = builtin();
        let err = author_profile(&index, "Blaisdel").unwrap_err();
        assert_eq!(err.suggestions, ["Mikael Blaisdell"]);
        assert!(
            err.to_string().contains("did you mean Mikael Blaisdell?"),
            "{err}"
        );
        let none = author_profile(&index, "Zed").unwrap_err();
        assert!(none.suggestions.is_empty());
    }

    #[test]
    fn the_shelf_counts_the_authors_collections_and_highlights() {
        let index = builtin();
        let archive = index.archive();
        let p = author_profile(&index, "Robert Butche").unwrap();
        let mine = archive.get(p.entries[0]).unwrap().id.clone();
        let other = archive
            .get(archive.index_of(&archive.entries()[0].id).unwrap())
            .unwrap()
            .id
            .clone();
        let mut db = Library::in_memory().unwrap();
        db.create_collection("Favourites").unwrap();
        db.add_to_collection("Favourites", &[mine.as_str(), other.as_str()])
            .unwrap();
        db.create_collection("Other").unwrap();
        db.add_to_collection("Other", &[other.as_str()]).unwrap();
        let anchor = crate::db::Anchor {
            quote: "q".into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: 1,
            text_hash: 0,
        };
        db.add_highlight(
            &mine,
            anchor.clone(),
            crate::db::Colour::parse("yellow"),
            "",
        )
        .unwrap();
        db.add_highlight(&other, anchor, crate::db::Colour::parse("yellow"), "")
            .unwrap();
        let shelf = author_shelf(archive, &p.entries, &mut db).unwrap();
        assert_eq!(shelf.collections, [("Favourites".to_string(), 1)]);
        assert_eq!(shelf.highlights, 1);
    }
}
