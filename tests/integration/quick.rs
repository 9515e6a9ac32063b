//! A search of unchanged folders without a load (`search::quick`) answers
//! exactly what the ordinary path (load, open the cached index, search)
//! answers, and declines whenever the folder is not what was indexed.
//! (The command line's side is in `app/tests/cli/quick.rs`.)

use chrono::NaiveDate;
use hotline::search::{BuildProgress, CacheOptions, Fallback, Query, SearchIndex, SearchResults};
use hotline::{AuthorSel, Entry, Filter, Kind, LoadOptions, Progress, Text, load};
use std::path::Path;
use std::sync::Arc;

const WORDS: &[&str] = &[
    "customer",
    "renewal",
    "escalation",
    "ticket",
    "queue",
    "loyalty",
    "vendor",
    "macro",
    "triage",
    "backlog",
    "churn",
    "survey",
];

const QUERIES: &[&str] = &[
    "customer",
    "renewal escalation",
    "\"calm escalation\"",
    "esc*",
    "customer -renewal",
    "author:jane",
    "author:doe customer",
    "date:2007",
    "date:2007-03..2008-05 customer",
    "kind:article ticket",
    "kind:excerpt",
    "kind:excerpt kind:article queue",
    "costumer",
    "zzzqqq",
    "quietword",
];

/// A folder of generated articles: authors spelled two ways, dated and
/// undated entries, equal bodies (equal scores, ordered canonically), an
/// exact duplicate (ids made unique), a teaser page (excerpts) and a
/// hidden file.
fn folder(root: &Path) {
    std::fs::create_dir_all(root.join("sub")).unwrap();
    let authors = ["Jane Doe", "jane doe", "John Roe", "Ann Poe"];
    for i in 0..24usize {
        let word = |k: usize| WORDS[(i * 5 + k * 3 + k * k) % WORDS.len()];
        let body: Vec<&str> = (0..30).map(word).collect();
        // Every fourth file has the same body: their scores tie.
        let body = if i % 4 == 0 {
            "The customer asked for a calm escalation of the renewal.".to_string()
        } else {
            body.join(" ")
        };
        let date = match i % 3 {
            0 => format!("\n\n{} March 2007", 1 + i),
            1 => format!("\n\n{} May 2008", 1 + i),
            _ => String::new(),
        };
        let text = format!(
            "Note {i} {}\nBy {}\n\n{body}\n\n## Part {}\n\n{} quietword{date}\n",
            word(1),
            authors[i % authors.len()],
            word(2),
            word(4),
        );
        let name = if i % 5 == 0 {
            format!("sub/n{i:02}.txt")
        } else {
            format!("n{i:02}.txt")
        };
        std::fs::write(root.join(name), text).unwrap();
    }
    std::fs::copy(root.join("n01.txt"), root.join("sub/copy.txt")).unwrap();
    std::fs::write(
        root.join("teasers.txt"),
        "Renewal Season\nBy Jane Doe\n\nRenewals need a customer who trusts the desk.\n\n\
         Continue Reading »\n\nTicket Triage\nBy Ann Poe\n\nTriage every ticket before the queue grows.\n\n\
         Continue Reading »\n",
    )
    .unwrap();
    std::fs::write(root.join(".hidden.txt"), "Hidden\n\ncustomer customer\n").unwrap();
}

struct Setup {
    docs: tempfile::TempDir,
    cache: tempfile::TempDir,
    builtin: bool,
}

impl Setup {
    fn new(builtin: bool) -> Setup {
        let s = Setup {
            docs: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
            builtin,
        };
        folder(s.docs.path());
        s
    }

    fn load_opts(&self) -> LoadOptions {
        LoadOptions {
            builtin: self.builtin,
            folders: vec![self.docs.path().into()],
            text: Text::Full,
            cache: Some(self.cache.path().into()),
            ..LoadOptions::default()
        }
    }

    fn cache_opts(&self) -> CacheOptions {
        CacheOptions {
            cache_dir: Some(self.cache.path().into()),
            roots: vec![self.docs.path().into()],
            ..Default::default()
        }
    }

    /// The ordinary path: load, open (or update, or build) the cached
    /// index, search; each hit with its archive entry.
    fn full(&self, q: &str, base: &Filter, limit: usize) -> (SearchResults, Vec<Entry>) {
        let archive = Arc::new(load(&self.load_opts(), &Progress::default()).unwrap());
        assert!(archive.warnings().is_empty(), "{:?}", archive.warnings());
        let p = BuildProgress::default();
        let (ix, err) = SearchIndex::prepare(archive.clone(), &self.cache_opts(), &p).unwrap();
        assert!(err.is_none());
        let results = ix.search(&Query::parse(q).unwrap(), base, limit, Fallback::Typos);
        let entries = results
            .hits
            .iter()
            .map(|h| archive.get(h.ix).unwrap().clone())
            .collect();
        (results, entries)
    }

    fn quick(&self, q: &str, base: &Filter, limit: usize) -> Option<(SearchResults, Vec<Entry>)> {
        let q = Query::parse(q).unwrap();
        hotline::search::quick::search(
            &self.load_opts(),
            &self.cache_opts(),
            &q,
            base,
            limit,
            Fallback::Typos,
        )
        .map(|f| (f.results, f.entries))
    }

    fn write(&self, name: &str, text: &str) {
        std::fs::write(self.docs.path().join(name), text).unwrap();
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn filters() -> Vec<Filter> {
    vec![
        Filter::default(),
        Filter {
            authors: vec![AuthorSel::Named("JANE DOE".into())],
            ..Default::default()
        },
        Filter {
            from: Some(d("2007-03-05")),
            to: Some(d("2008-05-10")),
            ..Default::default()
        },
        Filter {
            undated: true,
            ..Default::default()
        },
        Filter {
            kind: Some(Kind::Excerpt),
            ..Default::default()
        },
    ]
}

fn assert_equivalent(s: &Setup) {
    // The first search builds both caches.
    s.full("customer", &Filter::default(), 5);
    let mut hits = 0;
    for q in QUERIES {
        for base in filters() {
            for limit in [3, 40] {
                let full = s.full(q, &base, limit);
                let quick = s.quick(q, &base, limit);
                assert_eq!(quick.as_ref(), Some(&full), "{q} {base:?} {limit}");
                hits += full.0.hits.len();
            }
        }
    }
    assert!(hits > 100, "the queries find something: {hits}");
    let (typo, _) = s.full("costumer", &Filter::default(), 5);
    assert!(typo.fuzzy.is_some(), "the typo is corrected");
    let (ties, _) = s.full("calm", &Filter::default(), 40);
    let scores: Vec<f32> = ties.hits.iter().map(|h| h.score).collect();
    // Equal scores, whose order is the canonical order's.
    assert!(
        scores.iter().filter(|&&x| x == scores[0]).count() >= 3,
        "{scores:?}"
    );
}

#[test]
fn quick_answers_equal_the_full_path_with_and_without_the_embedded_corpus() {
    assert_equivalent(&Setup::new(false));
    assert_equivalent(&Setup::new(true));
}

#[test]
fn a_changed_added_or_removed_file_makes_it_decline_until_indexed_again() {
    let s = Setup::new(false);
    let any = Filter::default();
    let ask = |s: &Setup| s.quick("customer", &any, 10);
    assert!(ask(&s).is_none(), "nothing is indexed yet");
    s.full("customer", &any, 10);
    assert!(ask(&s).is_some());
    let steps: [fn(&Setup); 5] = [
        |s| s.write("n02.txt", "Fresh Note\nBy Jane Doe\n\nA customer again.\n"),
        |s| s.write("added.txt", "Added Note\nBy Ann Poe\n\nAnother customer.\n"),
        |s| std::fs::remove_file(s.docs.path().join("sub/n05.txt")).unwrap(),
        // The same bytes written again: only the times tell.
        |s| {
            let p = s.docs.path().join("n03.txt");
            let bytes = std::fs::read(&p).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(20));
            std::fs::write(&p, bytes).unwrap();
        },
        |s| std::fs::create_dir(s.docs.path().join("new-empty-dir")).unwrap(),
    ];
    for (i, step) in steps.iter().enumerate() {
        step(&s);
        // An empty folder changes nothing a load finds.
        let declined = i < 4;
        assert_eq!(ask(&s).is_none(), declined, "step {i}");
        let full = s.full("customer", &any, 10);
        assert_eq!(ask(&s), Some(full), "step {i}, indexed again");
    }
    // A file that a load warns about (empty) is never answered quickly,
    // even once indexed.
    s.write("empty.txt", "");
    assert!(ask(&s).is_none());
    let archive = load(&s.load_opts(), &Progress::default()).unwrap();
    assert_eq!(archive.warnings().len(), 1);
    let p = BuildProgress::default();
    SearchIndex::prepare(Arc::new(archive), &s.cache_opts(), &p).unwrap();
    assert!(ask(&s).is_none());
    std::fs::remove_file(s.docs.path().join("empty.txt")).unwrap();
    s.full("customer", &any, 10);
    assert!(ask(&s).is_some());
    // Taking the embedded corpus in is another archive.
    let with_builtin = LoadOptions {
        builtin: true,
        ..s.load_opts()
    };
    let q = Query::parse("customer").unwrap();
    let cache = s.cache_opts();
    let quick =
        hotline::search::quick::search(&with_builtin, &cache, &q, &any, 10, Fallback::Typos);
    assert!(quick.is_none());
}

/// The quick path skips tantivy's checksum pass: a segment file written
/// to since the manifest (a byte changed in place, the size kept) is
/// caught by its stamp, and the ordinary path rebuilds the index.
#[test]
fn a_segment_file_written_to_makes_it_decline() {
    let s = Setup::new(false);
    let any = Filter::default();
    let full = s.full("customer", &any, 10);
    assert!(s.quick("customer", &any, 10).is_some());
    let cache_dir = hotline::search::cache::cache_folder(&s.cache_opts()).unwrap();
    let store = std::fs::read_dir(cache_dir.join("tantivy"))
        .unwrap()
        .map(|i| i.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .unwrap();
    let mut bytes = std::fs::read(&store).unwrap();
    bytes[0] ^= 0xff;
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&store, bytes).unwrap();
    assert!(s.quick("customer", &any, 10).is_none());
    assert_eq!(s.full("customer", &any, 10), full);
    assert_eq!(s.quick("customer", &any, 10), Some(full));
}

/// Links: a link to a file is a file the load reads, so the quick path
/// answers with it; a linked folder (whose loops only a load reports)
/// makes it decline. A hidden file changing changes nothing.
#[cfg(unix)]
#[test]
fn linked_files_are_followed_and_linked_folders_decline() {
    let s = Setup::new(false);
    let any = Filter::default();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("linked.txt");
    std::fs::write(&target, "Linked Note\nBy Ann Poe\n\nA linked customer.\n").unwrap();
    std::os::unix::fs::symlink(&target, s.docs.path().join("linked.txt")).unwrap();
    let full = s.full("linked", &any, 10);
    assert_eq!(full.0.total, 1, "the load reads the linked file");
    assert_eq!(s.quick("linked", &any, 10), Some(full));
    // The linked file's own change is seen through the link.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&target, "Linked Note\nBy Ann Poe\n\nA linked client.\n").unwrap();
    assert!(s.quick("linked", &any, 10).is_none());
    s.full("linked", &any, 10);
    assert!(s.quick("linked", &any, 10).is_some());
    s.write(".hidden.txt", "Hidden\n\nA customer nobody loads.\n");
    assert!(s.quick("linked", &any, 10).is_some());
    std::os::unix::fs::symlink(outside.path(), s.docs.path().join("more")).unwrap();
    s.full("linked", &any, 10);
    assert!(s.quick("linked", &any, 10).is_none());
}
