//! Integration tests of full-text search: ranking, operators, stemming,
//! accents, highlights, facets, the typo fallback, the on-disk cache and
//! the `search` / `--query` command line.

// Helpers outside `#[test]` functions panic on purpose: a failed setup is a
// failed test.

use chrono::{Datelike, NaiveDate};
use hotline::search::{
    BuildOptions, BuildProgress, Fallback, Query, SearchIndex, SearchResults, highlight,
};
use hotline::{Archive, AuthorSel, Block, Entry, Filter, Kind};
use std::sync::Arc;

fn entry(
    id: &str,
    title: &str,
    author: Option<&str>,
    date: Option<&str>,
    blocks: Vec<Block>,
) -> Entry {
    let date = date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap());
    Entry::with_blocks(blocks)
        .with_id(id)
        .with_title(title)
        .with_author(author)
        .with_date(date.map(|d| (d.year(), d.month(), d.day())))
        .with_source(&format!("test/{id}.txt"))
}

fn p(s: &str) -> Block {
    Block::paragraph(s)
}

fn sample() -> Arc<Archive> {
    let mut teaser = entry(
        "teaser",
        "Pricing teaser",
        Some("Bob Roe"),
        Some("2008-06-01"),
        vec![p("Subscription pricing for support teams, a short teaser.")],
    );
    teaser.kind = Kind::Excerpt;
    let entries = vec![
        entry(
            "title-hit",
            "Escalation paths",
            Some("Mikael Blaisdell"),
            Some("2007-03-24"),
            vec![p(
                "How a team hands work upward when the first line is stuck.",
            )],
        ),
        entry(
            "body-hit",
            "Team notes",
            Some("Mikael Blaisdell"),
            Some("2007-05-02"),
            vec![
                Block::heading("Notes"),
                p("Sometimes an escalation is needed, and the support team should plan for it."),
            ],
        ),
        entry(
            "phrase",
            "Service desks",
            Some("Jane Doe"),
            Some("2007-11-30"),
            vec![p(
                "Good customer service starts with listening. The support desk answers every customer.",
            )],
        ),
        entry(
            "apart",
            "Words apart",
            Some("Jane Doe"),
            Some("2008-01-15"),
            vec![p(
                "The service was slow; no customer came back. Support was missing too.",
            )],
        ),
        entry(
            "accents",
            "Café society",
            None,
            None,
            vec![p(
                "A naïve résumé of professional support work at the café.",
            )],
        ),
        entry(
            "profession",
            "On the profession",
            Some("Bob Roe"),
            Some("2008-03-10"),
            vec![p(
                "Support is a profession with its own support rules and support habits.",
            )],
        ),
        teaser,
    ];
    Arc::new(Archive::new(entries, vec![]))
}

fn index(a: Arc<Archive>) -> SearchIndex {
    SearchIndex::build(a, &BuildOptions::default(), &BuildProgress::default()).unwrap()
}

/// Ids of the hits, best first.
fn find(ix: &SearchIndex, q: &str) -> Vec<String> {
    let r = ask(ix, q, &Filter::default(), 20);
    r.hits
        .iter()
        .map(|h| ix.archive().get(h.ix).unwrap().id.clone())
        .collect()
}

/// The search of the query string `q` as a person's search: a typo may
/// fall back to a labelled correction.
fn ask(ix: &SearchIndex, q: &str, base: &Filter, limit: usize) -> SearchResults {
    ix.search(&Query::parse(q).unwrap(), base, limit, Fallback::Typos)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn a_title_match_beats_a_body_match() {
    let ix = index(sample());
    assert_eq!(find(&ix, "escalation"), ["title-hit", "body-hit"]);
}

#[test]
fn a_rare_term_beats_a_common_one() {
    let ix = index(sample());
    // "support" is in almost every entry, "listening" in one: the entry with
    // the rare word scores above every entry matching only the common one.
    let common = ask(&ix, "support", &Filter::default(), 20);
    assert!(common.total >= 5);
    let rare = ask(&ix, "listening", &Filter::default(), 20);
    assert_eq!(rare.total, 1);
    let best_common = common.hits.iter().map(|h| h.score).fold(0.0f32, f32::max);
    assert!(
        rare.hits[0].score > best_common,
        "{} vs {best_common}",
        rare.hits[0].score
    );
}

#[test]
fn a_ranked_search_lists_every_match_best_first_with_snippets_on_demand() {
    let ix = index(sample());
    let q = Query::parse("support").unwrap();
    let all = ix.search(&q, &Filter::default(), 1000, Fallback::Typos);
    let ranked = ix.search_ranked(&q, &Filter::default(), 2, Fallback::Typos);
    assert!(all.total >= 5);
    assert!(
        all.ranked.is_empty(),
        "only a ranked search ranks every match"
    );
    // Every match, in the full ranking's order, its head the top hits.
    let order: Vec<u32> = all.hits.iter().map(|h| h.ix).collect();
    assert_eq!(ranked.ranked, order);
    assert_eq!(ranked.hits, all.hits[..2]);
    assert_eq!(ranked.all, all.all);
    // Snippets of the rest, as a plain search makes them.
    let rest = ix.snippets(&q, &ranked.ranked[2..]);
    let expected: Vec<_> = all.hits[2..]
        .iter()
        .map(|h| (h.ix, h.snippet.clone()))
        .collect();
    assert_eq!(rest, expected);
    assert!(ix.snippets(&q, &[u32::MAX]).is_empty());
}

#[test]
fn all_words_must_match_and_excluded_words_drop_entries() {
    let ix = index(sample());
    assert_eq!(sorted(find(&ix, "customer support")), ["apart", "phrase"]);
    assert_eq!(find(&ix, "customer support -slow"), ["phrase"]);
    assert_eq!(find(&ix, "customer -\"customer service\""), ["apart"]);
    assert!(find(&ix, "support listening zebra").is_empty());
}

#[test]
fn a_phrase_needs_its_words_together() {
    let ix = index(sample());
    assert_eq!(find(&ix, "\"customer service\""), ["phrase"]);
    assert_eq!(sorted(find(&ix, "customer service")), ["apart", "phrase"]);
}

/// Every entry holds "customer" and "support" (and "the"), so a phrase of
/// them is answered from indexed word pairs: it must match exactly what a
/// phrase of positions matches.
#[test]
fn phrases_of_common_words_match_exactly_where_the_words_are_adjacent() {
    let filler = "the customer and the support";
    let e = |id: &str, blocks: Vec<Block>| {
        let mut blocks = blocks;
        blocks.push(p(filler));
        entry(id, &format!("Entry {id}"), None, None, blocks)
    };
    let entries = vec![
        e("together", vec![p("Our customer support desk.")]),
        e("punctuation", vec![p("Ask the customer. Support follows.")]),
        e("stemmed", vec![p("Customers' Supporting role.")]),
        e("reversed", vec![p("support customer")]),
        e(
            "two-blocks",
            vec![p("we serve the customer"), p("support them")],
        ),
        e("apart", vec![p("a customer quixotic support here")]),
        e("three", vec![p("the customer support the customer")]),
    ];
    let ix = index(Arc::new(Archive::new(entries, vec![])));
    assert_eq!(
        sorted(find(&ix, "\"customer support\"")),
        ["punctuation", "stemmed", "three", "together"]
    );
    assert_eq!(find(&ix, "\"support customer\""), ["reversed"]);
    assert_eq!(
        sorted(find(&ix, "\"the customer support\"")),
        ["punctuation", "three"],
        "a longer phrase still needs its words in order"
    );
    assert_eq!(find(&ix, "\"customer quixotic support\""), ["apart"]);
    assert_eq!(
        sorted(find(&ix, "support -\"customer support\"")),
        ["apart", "reversed", "two-blocks"]
    );
    // A hyphenated word is the phrase of its parts.
    assert_eq!(
        sorted(find(&ix, "customer-support")),
        ["punctuation", "stemmed", "three", "together"]
    );
}

#[test]
fn prefixes_match_word_beginnings() {
    let ix = index(sample());
    assert_eq!(sorted(find(&ix, "escal*")), ["body-hit", "title-hit"]);
    assert_eq!(find(&ix, "subscri*"), ["teaser"]);
    let a = Arc::new(Archive::new(
        vec![entry(
            "ru",
            "Журнал",
            None,
            None,
            vec![p("журнал поддержки")],
        )],
        vec![],
    ));
    assert_eq!(find(&index(a), "журн*"), ["ru"]);
}

#[test]
fn stemming_and_accents() {
    let ix = index(sample());
    assert_eq!(sorted(find(&ix, "profession")), ["accents", "profession"]);
    assert_eq!(find(&ix, "professionals"), find(&ix, "profession"));
    assert_eq!(find(&ix, "cafe resume"), ["accents"]);
    assert_eq!(find(&ix, "CAFÉ Naive"), ["accents"]);
}

#[test]
fn metadata_operators_filter_and_combine_with_the_callers_filter() {
    let ix = index(sample());
    assert_eq!(find(&ix, "support author:blaisdell"), ["body-hit"]);
    assert_eq!(find(&ix, "author:\"mikael blaisdell\"").len(), 2);
    assert!(find(&ix, "author:\"blaisdell mikael\"").is_empty());
    assert_eq!(
        sorted(find(&ix, "support date:2008")),
        ["apart", "profession", "teaser"]
    );
    assert_eq!(
        sorted(find(&ix, "support date:2007-06..2008-01")),
        ["apart", "phrase"]
    );
    assert_eq!(find(&ix, "date:..2007-04"), ["title-hit"]);
    assert_eq!(find(&ix, "kind:excerpt"), ["teaser"]);
    let base = Filter {
        authors: vec![AuthorSel::Named("Jane Doe".into())],
        ..Default::default()
    };
    let r = ask(&ix, "support", &base, 20);
    assert_eq!(r.total, 2);
    let r = ask(&ix, "support author:roe", &base, 20);
    assert_eq!(r.total, 0);
    let base = Filter {
        kind: Some(Kind::Article),
        ..Default::default()
    };
    assert_eq!(ask(&ix, "kind:excerpt", &base, 20).total, 0);
}

#[test]
fn facets_follow_the_query() {
    let ix = index(sample());
    let a = ix.archive().clone();
    let r = ask(&ix, "support", &Filter::default(), 2);
    assert_eq!(r.hits.len(), 2);
    assert_eq!(r.all.len(), r.total);
    assert!(r.all.windows(2).all(|w| w[0] < w[1]), "canonical order");
    assert_eq!(
        a.author_counts(&r.all),
        vec![
            (Some("Bob Roe"), 2),
            (Some("Jane Doe"), 2),
            (Some("Mikael Blaisdell"), 1),
            (None, 1)
        ]
    );
}

#[test]
fn highlights_are_the_words_the_engine_matched() {
    let ix = index(sample());
    let a = ix.archive();
    let e = a.by_id("accents").unwrap();
    let q = Query::parse("cafe professionals \"resume of\"").unwrap();
    let hits = highlight(e, &q);
    let text = e.blocks[0].text();
    assert!(hits.iter().all(|(b, _)| *b == 0));
    let words: Vec<&str> = hits.iter().map(|(_, r)| &text[r.clone()]).collect();
    assert_eq!(words, ["résumé of", "professional", "café"]);
    let r = ix.search(&q, &Filter::default(), 5, Fallback::Typos);
    let s = &r.hits[0].snippet;
    let marked: Vec<&str> = s.highlights.iter().map(|h| &s.text[h.clone()]).collect();
    assert_eq!(marked, ["résumé of", "professional", "café"]);
}

#[test]
fn snippets_are_short_and_centred_on_hits() {
    let long = format!(
        "{} The word zebra appears here once. {}",
        "Filler text. ".repeat(60),
        "More filler. ".repeat(60)
    );
    let a = Arc::new(Archive::new(
        vec![entry("long", "Long", None, None, vec![p(&long)])],
        vec![],
    ));
    let ix = index(a);
    let r = ask(&ix, "zebra", &Filter::default(), 5);
    let s = &r.hits[0].snippet;
    assert!(s.text.len() <= 200 && s.text.len() > 100, "{}", s.text);
    assert_eq!(s.highlights.len(), 1);
    assert_eq!(&s.text[s.highlights[0].clone()], "zebra");
}

#[test]
fn a_typo_falls_back_to_a_labelled_correction() {
    let ix = index(sample());
    let r = ask(&ix, "escalaton", &Filter::default(), 5);
    assert_eq!(r.fuzzy.as_deref(), Some("escalation"));
    assert_eq!(r.total, 2);
    let r = ask(&ix, "escalation", &Filter::default(), 5);
    assert_eq!(r.fuzzy, None);
    let r = ask(&ix, "qqqqqzzzzz", &Filter::default(), 5);
    assert_eq!((r.total, r.fuzzy), (0, None));
}

/// The search of `q` with the caller's `fallback`: (total, note).
fn with_fallback(ix: &SearchIndex, q: &str, fallback: Fallback) -> (usize, Option<String>) {
    let r = ix.search(&Query::parse(q).unwrap(), &Filter::default(), 5, fallback);
    (r.total, r.fuzzy)
}

#[test]
fn a_filter_query_is_never_rewritten_by_the_typo_fallback() {
    let ix = index(sample());
    assert_eq!(with_fallback(&ix, "escalaton", Fallback::Never), (0, None));
    let ranked = ix.search_ranked(
        &Query::parse("escalaton").unwrap(),
        &Filter::default(),
        5,
        Fallback::Never,
    );
    assert_eq!(
        (ranked.total, ranked.fuzzy, ranked.ranked),
        (0, None, vec![])
    );
    assert_eq!(
        with_fallback(&ix, "escalaton", Fallback::Typos),
        (2, Some("escalation".into()))
    );
}

#[test]
fn a_correction_that_finds_nothing_is_not_offered() {
    let ix = index(sample());
    // "escalation" is in no excerpt: the note would describe zero results.
    assert_eq!(
        with_fallback(&ix, "escalaton kind:excerpt", Fallback::Typos),
        (0, None)
    );
}

#[test]
fn only_words_close_to_an_indexed_word_are_corrected() {
    let ix = index(sample());
    let sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    let noise: String = (0..500u32)
        .map(|i| char::from(b'a' + (i * 7 % 26) as u8))
        .collect();
    for q in [
        sha,
        noise.as_str(),
        "zzz",
        // Three edits from "support", two from "escalation" but too short
        // a word for two ("escal" is the stem).
        "sxxpprt",
        "esclx",
    ] {
        assert_eq!(with_fallback(&ix, q, Fallback::Typos), (0, None), "{q}");
    }
    // One edit for 4-5 letters, two from 6 letters on.
    assert_eq!(
        with_fallback(&ix, "tean", Fallback::Typos).1.as_deref(),
        Some("team")
    );
    assert_eq!(
        with_fallback(&ix, "supprot", Fallback::Typos).1.as_deref(),
        Some("support")
    );
}

/// Whether `e` can match `q` as typed: every positive word, prefix and
/// phrase word is among its words, no excluded word is, and it passes the
/// operators. A necessary condition, checked without the index.
fn could_match(q: &Query, e: &Entry) -> bool {
    use hotline::search::ClauseKind;
    let mut analyzer = hotline::search::analyze::Analyzer::default();
    let texts = std::iter::once(e.title.as_str()).chain(e.blocks.iter().map(|b| b.text()));
    let tokens: Vec<_> = texts.flat_map(|t| analyzer.tokens(t)).collect();
    let has_stem = |s: &String| tokens.iter().any(|t| &t.stem == s);
    let text_ok = q.clauses.iter().all(|c| match (c.excluded, c.kind) {
        (false, ClauseKind::Prefix) => tokens.iter().any(|t| t.folded.starts_with(&c.terms[0])),
        (false, _) => c.terms.iter().all(has_stem),
        (true, ClauseKind::Word) => !has_stem(&c.terms[0]),
        (true, _) => true,
    });
    let name = e
        .author
        .as_deref()
        .map(|a| analyzer.folded(a))
        .unwrap_or_default();
    let author_ok = q.authors.is_empty()
        || q.authors
            .iter()
            .any(|want| name.windows(want.len()).any(|w| w == want.as_slice()));
    let kind_ok = q.kinds.is_empty() || q.kinds.contains(&e.kind);
    let date_ok = q.dates.is_empty()
        || e.date.is_some_and(|d| {
            q.dates
                .iter()
                .any(|r| r.from.is_none_or(|f| f <= d) && r.to.is_none_or(|t| d <= t))
        });
    text_ok && author_ok && kind_ok && date_ok
}

/// Queries near the sample's words: words, typos of them, prefixes,
/// phrases, exclusions, operators and punctuation.
fn near_queries() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let word = prop_oneof![
        Just("support"),
        Just("escalation"),
        Just("customer"),
        Just("service"),
        Just("team"),
        Just("café"),
        Just("profession"),
        Just("pricing"),
        Just("zebra"),
    ];
    let piece = prop_oneof![
        word.clone().prop_map(str::to_string),
        // A typo: one letter dropped, doubled or replaced.
        (word.clone(), 0usize..8, "[a-z]", 0u8..3).prop_map(|(w, at, c, how)| {
            let mut chars: Vec<char> = w.chars().collect();
            let at = at % chars.len();
            match how {
                0 => {
                    chars.remove(at);
                }
                1 => chars.insert(at, chars[at]),
                _ => chars[at] = c.chars().next().unwrap_or('x'),
            }
            chars.into_iter().collect()
        }),
        word.clone().prop_map(|w| format!("{}*", &w[..3])),
        word.clone().prop_map(|w| format!("-{w}")),
        proptest::sample::select(vec![
            "\"customer service\"",
            "kind:excerpt",
            "kind:article",
            "date:2007",
            "date:2008-01..",
            "author:doe",
            "author:blaisdell",
        ])
        .prop_map(str::to_string),
        "[a-z^:\\[\\]+]{1,6}",
    ];
    proptest::collection::vec(piece, 1..4).prop_map(|v| v.join(" "))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

    /// A filter (`Fallback::Never`) returns only entries the query as
    /// typed can match and never a correction; a search that falls back
    /// reports a correction only with results, and otherwise answers as
    /// the filter does.
    #[test]
    fn a_filter_search_returns_only_what_the_query_as_typed_matches(text in near_queries()) {
        static INDEX: std::sync::OnceLock<SearchIndex> = std::sync::OnceLock::new();
        let ix = INDEX.get_or_init(|| index(sample()));
        let Ok(q) = Query::parse(&text) else { return Ok(()) };
        let never = ix.search(&q, &Filter::default(), 50, Fallback::Never);
        proptest::prop_assert_eq!(&never.fuzzy, &None);
        for &i in &never.all {
            let e = ix.archive().get(i).unwrap();
            proptest::prop_assert!(could_match(&q, e), "{} matched {:?}", e.id, q.to_string());
        }
        let typos = ix.search(&q, &Filter::default(), 50, Fallback::Typos);
        match &typos.fuzzy {
            Some(fixed) => proptest::prop_assert!(typos.total > 0 && never.total == 0, "{fixed}"),
            None => proptest::prop_assert_eq!(&typos.all, &never.all),
        }
    }
}

mod cache {
    use super::*;
    use hotline::search::CacheOptions;
    use hotline::{LoadOptions, Progress, Text, load};
    use std::path::Path;

    struct Setup {
        docs: tempfile::TempDir,
        cache: tempfile::TempDir,
    }

    impl Setup {
        fn new() -> Setup {
            let s = Setup {
                docs: tempfile::tempdir().unwrap(),
                cache: tempfile::tempdir().unwrap(),
            };
            s.write(
                "one.txt",
                "By Jane Doe\n\nAlpha apples grow in the orchard.",
            );
            s.write("two.txt", "By John Roe\n\nBravo bananas ripen in the sun.");
            s.write("three.txt", "By Jane Doe\n\nCharlie cherries are red.");
            s
        }

        fn write(&self, name: &str, text: &str) {
            std::fs::write(self.docs.path().join(name), text).unwrap();
        }

        fn opts(&self) -> CacheOptions {
            CacheOptions {
                cache_dir: Some(self.cache.path().into()),
                roots: vec![self.docs.path().into()],
                ..Default::default()
            }
        }

        fn open(&self) -> SearchIndex {
            let opts = LoadOptions {
                builtin: false,
                folders: vec![self.docs.path().into()],
                text: Text::Full,
                cache: None,
                ..LoadOptions::default()
            };
            let archive = Arc::new(load(&opts, &Progress::default()).unwrap());
            SearchIndex::open_or_build(archive, &self.opts(), &BuildProgress::default()).unwrap()
        }

        /// As the CLI and the window open it: the cached index is opened
        /// on another thread while the folder loads (from its parse cache),
        /// and the load's file stamps decide what changed.
        fn open_prefetched(&self, prefetch_opts: &CacheOptions) -> SearchIndex {
            let prefetch = SearchIndex::prefetch(prefetch_opts);
            assert!(prefetch.is_some());
            let opts = LoadOptions {
                builtin: false,
                folders: vec![self.docs.path().into()],
                text: Text::Full,
                cache: Some(self.cache.path().into()),
                ..LoadOptions::default()
            };
            let archive = Arc::new(load(&opts, &Progress::default()).unwrap());
            let p = BuildProgress::default();
            let (ix, err) =
                SearchIndex::prepare_prefetched(archive, &self.opts(), prefetch, &p).unwrap();
            assert!(err.is_none());
            ix
        }

        fn folder(&self) -> std::path::PathBuf {
            hotline::search::cache::cache_folder(&self.opts()).unwrap()
        }
    }

    fn count(ix: &SearchIndex, q: &str) -> usize {
        ask(ix, q, &Filter::default(), 10).total
    }

    fn files(dir: &Path) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }

    #[test]
    fn prepare_uses_the_cache_for_folders_and_falls_back_to_memory() {
        let s = Setup::new();
        let archive = s.open().archive().clone();
        let p = BuildProgress::default();
        let (ix, err) = SearchIndex::prepare(archive.clone(), &s.opts(), &p).unwrap();
        assert!(err.is_none());
        assert!(
            !ix.cache_report().rebuilt,
            "the cache written by open() is reused"
        );
        // A cache root that is a file cannot hold a cache: memory it is.
        let file = s.cache.path().join("not-a-dir");
        std::fs::write(&file, b"x").unwrap();
        let opts = CacheOptions {
            cache_dir: Some(file),
            ..s.opts()
        };
        let (ix, err) = SearchIndex::prepare(archive.clone(), &opts, &p).unwrap();
        assert!(err.is_some());
        assert_eq!(count(&ix, "apples"), 1);
        // Without folders nothing is written to the cache root.
        let empty = tempfile::tempdir().unwrap();
        let opts = CacheOptions {
            cache_dir: Some(empty.path().into()),
            roots: vec![],
            ..Default::default()
        };
        let (ix, err) = SearchIndex::prepare(archive, &opts, &p).unwrap();
        assert!(err.is_none() && ix.cache_report().rebuilt);
        assert!(files(empty.path()).is_empty());
    }

    /// File `file`'s text for `seed`: `sentences` sentences of the same
    /// shape, each with four topic words drawn by `seed` (the first words
    /// far more often than the last), so term counts and lengths vary
    /// between files and near-equal scores are common. The filler words
    /// make the same share of every file and are in every file, while file
    /// `file` never holds topic word `file % 16`: the body's common words
    /// (see `pairs`) are the same fillers before and after any edit, so a
    /// fresh index indexes the same word pairs as the updated one.
    fn generated(file: u64, seed: u64, sentences: usize) -> String {
        const TOPICS: [&str; 16] = [
            "support",
            "customer",
            "service",
            "desk",
            "team",
            "escalation",
            "cloud",
            "renewal",
            "metrics",
            "churn",
            "onboarding",
            "loyalty",
            "answer",
            "call",
            "product",
            "value",
        ];
        let mut x = seed.wrapping_mul(6_364_136_223_846_793_005) ^ file;
        let mut topic = || loop {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let r = (x >> 33) % 16;
            let t = (r * r / 16) as usize;
            if t as u64 != file % 16 {
                return TOPICS[t];
            }
        };
        let body: Vec<String> = (0..sentences)
            .map(|_| {
                let [a, b, c, d] = [topic(), topic(), topic(), topic()];
                format!("the {a} and the {b} of the {c} is for all of the {d}.")
            })
            .collect();
        format!(
            "Notes {file}\n\nBy Author {}\n\n{}\n",
            file % 5,
            body.join(" ")
        )
    }

    /// Ids of the best `n` hits (the CLI's default page) of `q`.
    fn top(ix: &SearchIndex, q: &str, n: usize) -> Vec<(String, f32)> {
        ask(ix, q, &Filter::default(), n)
            .hits
            .iter()
            .map(|h| (ix.archive().get(h.ix).unwrap().id.clone(), h.score))
            .collect()
    }

    #[test]
    fn an_index_updated_in_place_ranks_like_a_fresh_one() {
        let s = Setup::new();
        for name in ["one.txt", "two.txt", "three.txt"] {
            std::fs::remove_file(s.docs.path().join(name)).unwrap();
        }
        for i in 0..60u64 {
            s.write(
                &format!("g{i:02}.txt"),
                &generated(i, i, 2 + (i as usize * 7) % 9),
            );
        }
        assert!(s.open().cache_report().rebuilt);
        for round in 1..=3u64 {
            for i in 0..40u64 {
                let text = generated(i, i * 101 + round, 1 + ((i + round) as usize * 5) % 11);
                s.write(&format!("g{i:02}.txt"), &text);
            }
            let r = s.open().cache_report();
            assert!(!r.rebuilt && r.indexed == 40, "{r:?}");
        }
        let updated = s.open();
        assert!(
            updated.segments() > 1,
            "the edits are in segments of their own"
        );
        let fresh = index(updated.archive().clone());
        for q in [
            "support",
            "customer",
            "churn",
            "loyalty value",
            "desk -team",
            "\"customer service\"",
        ] {
            assert_eq!(top(&updated, q, 20), top(&fresh, q, 20), "{q}");
        }
    }

    #[test]
    fn an_unchanged_folder_reuses_the_cache() {
        let s = Setup::new();
        let first = s.open();
        assert!(first.cache_report().rebuilt);
        assert_eq!(count(&first, "apples"), 1);
        assert!(s.folder().join("manifest.json").is_file());
        drop(first);
        let again = s.open();
        let r = again.cache_report();
        assert_eq!((r.rebuilt, r.indexed, r.dropped_sources), (false, 0, 0));
        assert_eq!(count(&again, "apples"), 1);
        assert_eq!(count(&again, "bananas"), 1);
    }

    #[test]
    fn a_prefetched_cache_is_reused_and_follows_changes() {
        let s = Setup::new();
        drop(s.open());
        let ix = s.open_prefetched(&s.opts());
        let r = ix.cache_report();
        assert_eq!((r.rebuilt, r.indexed, r.dropped_sources), (false, 0, 0));
        assert_eq!(count(&ix, "apples"), 1);
        drop(ix);
        s.write("two.txt", "By John Roe\n\nBravo blueberries, now and then.");
        std::fs::remove_file(s.docs.path().join("three.txt")).unwrap();
        let ix = s.open_prefetched(&s.opts());
        let r = ix.cache_report();
        assert_eq!((r.rebuilt, r.indexed, r.dropped_sources), (false, 1, 2));
        assert_eq!(count(&ix, "bananas"), 0);
        assert_eq!(count(&ix, "blueberries"), 1);
        assert_eq!(count(&ix, "cherries"), 0);
        drop(ix);
        // A prefetch of another folder's index is not used for this one.
        let other = tempfile::tempdir().unwrap();
        let elsewhere = CacheOptions {
            roots: vec![other.path().into()],
            ..s.opts()
        };
        let ix = s.open_prefetched(&elsewhere);
        let r = ix.cache_report();
        assert_eq!((r.rebuilt, r.indexed), (false, 0));
        assert_eq!(count(&ix, "blueberries"), 1);
        assert_eq!(count(&ix, "apples"), 1);
    }

    fn load_cached(s: &Setup, text: Text) -> Arc<hotline::Archive> {
        let opts = LoadOptions {
            builtin: false,
            folders: vec![s.docs.path().into()],
            text,
            cache: Some(s.cache.path().into()),
            ..LoadOptions::default()
        };
        Arc::new(load(&opts, &Progress::default()).unwrap())
    }

    fn hits(ix: &SearchIndex, q: &str) -> Vec<hotline::search::Hit> {
        ask(ix, q, &Filter::default(), 10).hits
    }

    #[test]
    fn an_unchanged_folder_is_searched_from_its_outline_with_snippets_from_its_files() {
        let s = Setup::new();
        // The same text twice: the second copy's id is made unique, and its
        // text must still be found in its own file.
        s.write(
            "copy.txt",
            "By Jane Doe\n\nAlpha apples grow in the orchard.",
        );
        let full = s.open_prefetched(&s.opts());
        let outline = load_cached(&s, Text::Outline);
        assert!(!outline.has_text() && full.archive().has_text());
        assert!(outline.entries().iter().all(|e| e.blocks.is_empty()));
        for ix in 0..outline.len() as u32 {
            let read = hotline::load::with_text(&outline, ix).unwrap();
            assert_eq!(Some(read.as_ref()), full.archive().get(ix));
        }
        let ix = SearchIndex::open_unchanged(outline.clone(), &s.opts(), None)
            .expect("a current cache opens on the outline");
        for q in [
            "apples",
            "\"in the\"",
            "author:jane orchard",
            "bananas -apples",
            "chery",
        ] {
            let found = hits(&ix, q);
            assert!(!found.is_empty(), "{q}");
            assert_eq!(found, hits(&full, q), "{q}");
            assert!(
                found.iter().all(|h| !h.snippet.highlights.is_empty()),
                "{q}"
            );
        }
        // The text put under it later: the same index, the same answers.
        let swapped = ix.with_archive(full.archive().clone()).unwrap();
        assert!(swapped.archive().has_text());
        assert_eq!(hits(&swapped, "apples"), hits(&full, "apples"));
        assert!(ix.with_archive(sample()).is_none(), "other entries");
        // An outline cannot be indexed.
        let p = BuildProgress::default();
        let refused = SearchIndex::prepare(outline.clone(), &s.opts(), &p);
        assert!(matches!(refused, Err(hotline::search::SearchError::NoText)));
        // A file changed since the outline was read: its text is not taken
        // from the new version, and a fresh outline no longer matches the
        // index, which then needs the text to be updated.
        s.write(
            "two.txt",
            "By John Roe\n\nBravo blueberries, now and then, changed.",
        );
        let two = outline
            .entries()
            .iter()
            .position(|e| e.source.ends_with("two.txt"));
        let two = two.unwrap() as u32;
        let read = hotline::load::with_text(&outline, two).unwrap();
        assert_eq!(Some(read.as_ref()), outline.get(two));
        assert!(
            SearchIndex::open_unchanged(load_cached(&s, Text::Outline), &s.opts(), None).is_none()
        );
        let updated = s.open_prefetched(&s.opts());
        assert_eq!(updated.cache_report().indexed, 1);
        let again =
            SearchIndex::open_unchanged(load_cached(&s, Text::Outline), &s.opts(), None).unwrap();
        assert_eq!(hits(&again, "blueberries"), hits(&updated, "blueberries"));
    }

    #[test]
    fn changed_added_and_removed_files_are_reindexed() {
        let s = Setup::new();
        drop(s.open());
        s.write("two.txt", "By John Roe\n\nBravo blueberries, now and then.");
        s.write("four.txt", "By Ann Poe\n\nDelta dates are sweet.");
        std::fs::remove_file(s.docs.path().join("three.txt")).unwrap();
        let ix = s.open();
        let r = ix.cache_report();
        assert_eq!((r.rebuilt, r.indexed, r.dropped_sources), (false, 2, 2));
        assert_eq!(count(&ix, "bananas"), 0);
        assert_eq!(count(&ix, "blueberries"), 1);
        assert_eq!(count(&ix, "dates"), 1);
        assert_eq!(count(&ix, "cherries"), 0);
        assert_eq!(count(&ix, "apples"), 1);
    }

    #[test]
    fn a_damaged_manifest_is_rebuilt() {
        let s = Setup::new();
        drop(s.open());
        let manifest = s.folder().join("manifest.json");
        let text = std::fs::read_to_string(&manifest).unwrap();
        std::fs::write(&manifest, &text[..text.len() / 2]).unwrap();
        let ix = s.open();
        assert!(ix.cache_report().rebuilt);
        assert_eq!(count(&ix, "cherries"), 1);
        drop(ix);
        let at = text.find("\"version\":").unwrap() + "\"version\":".len();
        std::fs::write(&manifest, format!("{}999{}", &text[..at], &text[at..])).unwrap();
        let ix = s.open();
        assert!(ix.cache_report().rebuilt);
        assert_eq!(count(&ix, "apples"), 1);
        drop(ix);
        // Written by a binary whose parser or analysis was different.
        let text = std::fs::read_to_string(&manifest).unwrap();
        let at = text.find("\"code\":").unwrap() + "\"code\":".len();
        std::fs::write(&manifest, format!("{}1{}", &text[..at], &text[at..])).unwrap();
        let ix = s.open();
        assert!(ix.cache_report().rebuilt);
        assert_eq!(count(&ix, "apples"), 1);
        // Reopened as written: reused.
        drop(ix);
        assert!(!s.open().cache_report().rebuilt);
    }

    #[test]
    fn damaged_index_files_are_rebuilt() {
        let s = Setup::new();
        drop(s.open());
        let tantivy = s.folder().join("tantivy");
        for f in files(&tantivy) {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if name.ends_with(".idx") || name.ends_with(".pos") || name.ends_with(".term") {
                std::fs::write(&f, b"garbage, not an index file").unwrap();
            }
        }
        let ix = s.open();
        assert!(ix.cache_report().rebuilt);
        assert_eq!(count(&ix, "bananas"), 1);
        drop(ix);
        for f in files(&tantivy) {
            std::fs::write(&f, b"{ not json").unwrap();
        }
        let ix = s.open();
        assert!(ix.cache_report().rebuilt);
        assert_eq!(count(&ix, "apples"), 1);
    }

    #[test]
    fn the_env_variable_chooses_the_cache_root() {
        let opts = CacheOptions {
            roots: vec!["/some/folder".into()],
            ..Default::default()
        };
        let explicit = CacheOptions {
            cache_dir: Some("/tmp/x".into()),
            ..opts.clone()
        };
        let root = hotline::search::cache::cache_root(&explicit).unwrap();
        assert_eq!(root, Path::new("/tmp/x"));
        let folder = hotline::search::cache::cache_folder(&explicit).unwrap();
        assert!(folder.starts_with("/tmp/x") && folder != root);
        let other = CacheOptions {
            roots: vec!["/other".into()],
            ..explicit
        };
        assert_ne!(
            hotline::search::cache::cache_folder(&other).unwrap(),
            folder
        );
    }
}
