//! Teasers joined to their articles: an excerpt cut from an index page
//! whose text is the opening (or a near copy of it) of a full article in
//! the same archive.
//!
//! Both sides are compared as folded words (the search's folding
//! analyzer: case, accents, quotes, punctuation, whitespace and `…`/`...`
//! all fall away). Articles are looked up by two keys, their first
//! [`KEY_WORDS`] words and the next [`KEY_WORDS`], so a teaser edited in
//! one of them still finds its article, and no pair of entries is ever
//! compared unless a key matches. A candidate is then checked word by
//! word: the teaser, less its last word (a teaser is often cut
//! mid-word), must be within a few word edits of some prefix of the
//! article's opening.

use crate::archive::Archive;
use crate::model::{Entry, Kind};
use crate::search::analyze::Analyzer;
use rayon::prelude::*;
use std::collections::HashMap;

/// Words in each lookup key.
const KEY_WORDS: usize = 6;
/// A teaser of fewer words is too short to say which article it opens.
const MIN_WORDS: usize = 8;
/// At most this many of a teaser's words are compared.
const MAX_COMPARED: usize = 120;

/// The teaser ↔ article pairs of one archive, by canonical index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeaserJoins {
    /// Per teaser: its article.
    article_of: HashMap<u32, u32>,
    /// Per article: its teasers, in canonical order.
    teasers_of: HashMap<u32, Vec<u32>>,
}

impl TeaserJoins {
    /// Joins every excerpt of `archive` to the article it opens, if any.
    /// Entries without their text (an outline) take no part.
    pub fn find(archive: &Archive) -> TeaserJoins {
        let entries = archive.entries();
        // The teasers' keys first (teasers are few): only the articles
        // that share one are kept as candidates.
        let teasers: Vec<(u32, Vec<String>)> = (0..entries.len() as u32)
            .into_par_iter()
            .filter(|&ix| entries[ix as usize].kind == Kind::Excerpt)
            .map_init(Analyzer::default, |a, ix| {
                (ix, opening(a, &entries[ix as usize], MAX_COMPARED + 1))
            })
            .collect();
        let wanted: std::collections::HashSet<&[String]> =
            teasers.iter().flat_map(|(_, words)| keys(words)).collect();
        if wanted.is_empty() {
            return TeaserJoins::default();
        }
        let keyed: Vec<(u32, Vec<String>)> = (0..entries.len() as u32)
            .into_par_iter()
            .filter(|&ix| entries[ix as usize].kind == Kind::Article)
            .map_init(Analyzer::default, |a, ix| {
                (ix, opening(a, &entries[ix as usize], 2 * KEY_WORDS))
            })
            .filter(|(_, words)| keys(words).any(|k| wanted.contains(k)))
            .collect();
        let mut by_key: HashMap<&[String], Vec<u32>> = HashMap::new();
        for (ix, words) in &keyed {
            for key in keys(words) {
                by_key.entry(key).or_default().push(*ix);
            }
        }
        let pairs: Vec<(u32, u32)> = teasers
            .par_iter()
            .map_init(Analyzer::default, |a, (ix, teaser)| {
                let ix = *ix;
                let mut candidates: Vec<u32> = keys(teaser)
                    .filter_map(|k| by_key.get(k))
                    .flatten()
                    .copied()
                    .collect();
                candidates.sort_unstable();
                candidates.dedup();
                let best = candidates
                    .into_iter()
                    .filter_map(|c| {
                        let article = opening(a, &entries[c as usize], teaser.len() + 8);
                        Some((opens(teaser, &article)?, c))
                    })
                    .min();
                best.map(|(_, c)| (ix, c))
            })
            .flatten()
            .collect();
        let mut joins = TeaserJoins::default();
        for (teaser, article) in pairs {
            joins.article_of.insert(teaser, article);
            joins.teasers_of.entry(article).or_default().push(teaser);
        }
        for list in joins.teasers_of.values_mut() {
            list.sort_unstable();
        }
        joins
    }

    /// The article a teaser opens.
    pub fn article_of(&self, teaser: u32) -> Option<u32> {
        self.article_of.get(&teaser).copied()
    }

    /// The teasers of an article, in canonical order.
    pub fn teasers_of(&self, article: u32) -> &[u32] {
        self.teasers_of.get(&article).map_or(&[], Vec::as_slice)
    }

    /// Whether `ix` is a teaser whose article is in the archive (what
    /// "hide teasers that have their article" hides).
    pub fn is_joined_teaser(&self, ix: u32) -> bool {
        self.article_of.contains_key(&ix)
    }

    /// The other side of `ix`'s pair, if it has one: its article, or its
    /// teasers.
    pub fn partners(&self, ix: u32) -> Vec<u32> {
        match self.article_of(ix) {
            Some(a) => vec![a],
            None => self.teasers_of(ix).to_vec(),
        }
    }

    /// How many teasers have their article.
    pub fn len(&self) -> usize {
        self.article_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.article_of.is_empty()
    }
}

/// The first `n` folded words of an entry's body text (headings left out).
fn opening(a: &mut Analyzer, e: &Entry, n: usize) -> Vec<String> {
    let mut words = Vec::with_capacity(n);
    for b in e
        .blocks
        .iter()
        .filter(|b| b.is_body_text() && !b.is_heading())
    {
        if words.len() >= n {
            break;
        }
        let wanted = n - words.len();
        words.extend(a.folded_prefix(b.text(), wanted));
    }
    words
}

/// The lookup keys of an opening: its first two runs of [`KEY_WORDS`].
fn keys(words: &[String]) -> impl Iterator<Item = &[String]> {
    words.chunks_exact(KEY_WORDS).take(2)
}

/// How far `teaser` is from opening `article`: the word edits between the
/// teaser (less its last word, perhaps cut) and the article's closest
/// prefix, if within a tenth of its words (at least 2).
fn opens(teaser: &[String], article: &[String]) -> Option<usize> {
    if teaser.len() < MIN_WORDS {
        return None;
    }
    let t = &teaser[..(teaser.len() - 1).min(MAX_COMPARED)];
    let allowed = (t.len() / 10).max(2);
    // Edit distance of `t` against every prefix of `article` (one row per
    // teaser word); the best prefix is the minimum of the last row.
    let mut row: Vec<usize> = (0..=article.len()).collect();
    for (i, tw) in t.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, aw) in article.iter().enumerate() {
            let here = if tw == aw {
                diag
            } else {
                1 + diag.min(row[j]).min(row[j + 1])
            };
            diag = row[j + 1];
            row[j + 1] = here;
        }
    }
    let best = row.iter().copied().min()?;
    (best <= allowed).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, PageRef};

    const OPENING: &str = "There is a tendency for some SaaS/Cloud vendors to think that \
        Customer Support is the same as it was in the traditional sector, only with less \
        demand and therefore a significantly lower staff.";

    fn article(id: &str, text: &str, date: (i32, u32, u32)) -> Entry {
        Entry::with_blocks(vec![
            Block::heading("A section"),
            Block::paragraph(text),
            Block::paragraph("The rest of the article goes on about other things."),
        ])
        .with_id(id)
        .with_title(id)
        .with_date(date)
        .with_source(&format!("t/{id}.txt"))
    }

    fn teaser(id: &str, text: &str, part: u32) -> Entry {
        let mut e = Entry::with_blocks(vec![Block::paragraph(text)])
            .with_id(id)
            .with_title(id)
            .with_kind(Kind::Excerpt)
            .with_source("t/index.txt");
        e.page = Some(PageRef {
            source: "t/index.txt".into(),
            part,
            of: 9,
        });
        e
    }

    fn joined(teaser_text: &str) -> Option<String> {
        let archive = Archive::new(
            vec![
                article("whole", OPENING, (2007, 3, 1)),
                article(
                    "other",
                    "Something else entirely, about batteries and ships at sea.",
                    (2008, 1, 1),
                ),
                teaser("t", teaser_text, 1),
            ],
            vec![],
        );
        let joins = TeaserJoins::find(&archive);
        let t = archive.index_of("t")?;
        let a = joins.article_of(t)?;
        assert_eq!(joins.teasers_of(a), [t]);
        assert!(joins.is_joined_teaser(t));
        Some(archive.get(a)?.id.clone())
    }

    #[test]
    fn a_teaser_that_is_the_opening_joins_its_article() {
        assert_eq!(joined(OPENING).as_deref(), Some("whole"));
    }

    #[test]
    fn a_teaser_cut_mid_word_with_an_ellipsis_joins() {
        let cut = "There is a tendency for some SaaS/Cloud vendors to think that Customer \
                   Support is the same as it was in the traditional sec…";
        assert_eq!(joined(cut).as_deref(), Some("whole"));
        let dots = "There is a tendency for some SaaS/Cloud vendors to think that Customer ...";
        assert_eq!(joined(dots).as_deref(), Some("whole"));
    }

    #[test]
    fn a_near_copy_with_other_punctuation_case_and_quotes_joins() {
        let edited = "THERE IS A TENDENCY -- for some “SaaS” / Cloud vendors -- to think \
                      that customer support is the same as it was in the traditional \
                      sector; only with less demand";
        assert_eq!(joined(edited).as_deref(), Some("whole"));
    }

    #[test]
    fn a_near_copy_with_an_edited_first_word_joins_by_its_second_key() {
        let edited = "Here is a tendency for some SaaS/Cloud vendors to think that \
                      Customer Support is the same as it was in the traditional sector";
        assert_eq!(joined(edited).as_deref(), Some("whole"));
    }

    #[test]
    fn a_teaser_of_other_words_or_too_short_joins_nothing() {
        assert_eq!(
            joined(
                "There is a tendency for some people to like cats more than dogs, \
                           and the rest of this teaser is about pets and their food."
            ),
            None
        );
        assert_eq!(joined("There is a tendency for"), None);
    }

    #[test]
    fn the_built_in_teasers_have_no_article_in_the_built_in_archive() {
        let archive =
            crate::load(&crate::LoadOptions::default(), &crate::Progress::default()).unwrap();
        let joins = TeaserJoins::find(&archive);
        // Checked by hand too: the eight teasers of the index page open
        // articles that the corpus does not hold (its four articles start
        // otherwise).
        assert!(joins.is_empty(), "{joins:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn any_prefix_of_eight_words_or_more_of_an_opening_joins(cut in 40usize..150) {
            let text: String = OPENING.chars().take(cut).collect();
            let words = Analyzer::default().folded(&text).len();
            let found = joined(&text);
            if words > MIN_WORDS {
                proptest::prop_assert_eq!(found.as_deref(), Some("whole"));
            }
        }
    }
}
