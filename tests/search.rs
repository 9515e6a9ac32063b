//! Integration tests of full-text search: ranking, operators, stemming,
//! accents, highlights, facets and the typo fallback (cache: `search_cache`).

use chrono::NaiveDate;
use hotline::search::{BuildOptions, BuildProgress, Query, SearchIndex, highlight};
use hotline::{Archive, AuthorSel, Block, Entry, Filter, Kind};
use std::sync::Arc;

fn entry(
    id: &str,
    title: &str,
    author: Option<&str>,
    date: Option<&str>,
    blocks: Vec<Block>,
) -> Entry {
    Entry {
        id: id.into(),
        title: title.into(),
        author: author.map(str::to_string),
        date: date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        kind: Kind::Article,
        source: format!("test/{id}.txt"),
        page: None,
        words: Entry::count_words(&blocks),
        blocks,
    }
}

fn p(s: &str) -> Block {
    Block::Paragraph(s.into())
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
                Block::Heading("Notes".into()),
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
    let r = ix.search(&Query::parse(q).unwrap(), &Filter::default(), 20);
    r.hits
        .iter()
        .map(|h| ix.archive().get(h.ix).unwrap().id.clone())
        .collect()
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
    let common = ix.search(&Query::parse("support").unwrap(), &Filter::default(), 20);
    assert!(common.total >= 5);
    let rare = ix.search(&Query::parse("listening").unwrap(), &Filter::default(), 20);
    assert_eq!(rare.total, 1);
    let best_common = common.hits.iter().map(|h| h.score).fold(0.0f32, f32::max);
    assert!(
        rare.hits[0].score > best_common,
        "{} vs {best_common}",
        rare.hits[0].score
    );
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

#[test]
fn prefixes_match_word_beginnings() {
    let ix = index(sample());
    assert_eq!(sorted(find(&ix, "escal*")), ["body-hit", "title-hit"]);
    assert_eq!(find(&ix, "subscri*"), ["teaser"]);
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
    let r = ix.search(&Query::parse("support").unwrap(), &base, 20);
    assert_eq!(r.total, 2);
    let r = ix.search(&Query::parse("support author:roe").unwrap(), &base, 20);
    assert_eq!(r.total, 0);
    let base = Filter {
        kind: Some(Kind::Article),
        ..Default::default()
    };
    assert_eq!(
        ix.search(&Query::parse("kind:excerpt").unwrap(), &base, 20)
            .total,
        0
    );
}

#[test]
fn facets_follow_the_query() {
    let ix = index(sample());
    let a = ix.archive().clone();
    let r = ix.search(&Query::parse("support").unwrap(), &Filter::default(), 2);
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
    let r = ix.search(&q, &Filter::default(), 5);
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
    let r = ix.search(&Query::parse("zebra").unwrap(), &Filter::default(), 5);
    let s = &r.hits[0].snippet;
    assert!(s.text.len() <= 200 && s.text.len() > 100, "{}", s.text);
    assert_eq!(s.highlights.len(), 1);
    assert_eq!(&s.text[s.highlights[0].clone()], "zebra");
}

#[test]
fn a_typo_falls_back_to_a_labelled_correction() {
    let ix = index(sample());
    let r = ix.search(&Query::parse("escalaton").unwrap(), &Filter::default(), 5);
    assert_eq!(r.fuzzy.as_deref(), Some("escalation"));
    assert_eq!(r.total, 2);
    let r = ix.search(&Query::parse("escalation").unwrap(), &Filter::default(), 5);
    assert_eq!(r.fuzzy, None);
    let r = ix.search(&Query::parse("qqqqqzzzzz").unwrap(), &Filter::default(), 5);
    assert_eq!((r.total, r.fuzzy), (0, None));
}

mod cache {
    use super::*;
    use hotline::search::CacheOptions;
    use hotline::{LoadOptions, Progress, load};
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
            };
            let archive = Arc::new(load(&opts, &Progress::default()).unwrap());
            SearchIndex::open_or_build(archive, &self.opts(), &BuildProgress::default()).unwrap()
        }

        fn folder(&self) -> std::path::PathBuf {
            hotline::search::cache::cache_folder(&self.opts()).unwrap()
        }
    }

    fn count(ix: &SearchIndex, q: &str) -> usize {
        ix.search(&Query::parse(q).unwrap(), &Filter::default(), 10)
            .total
    }

    fn files(dir: &Path) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
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
        std::fs::write(
            &manifest,
            text.replacen("\"version\":1", "\"version\":999", 1),
        )
        .unwrap();
        let ix = s.open();
        assert!(ix.cache_report().rebuilt);
        assert_eq!(count(&ix, "apples"), 1);
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
