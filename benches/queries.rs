//! Query benchmarks (issue 2): filters and counts over an archive of 100,000
//! synthetic entries, each of which must stay under 5 ms.
//!
//! The archive is built in memory from `Entry` values shaped like the
//! generated corpus (`examples/gen_corpus.rs`): 40 authors on a Zipf-like
//! distribution, ~5 % without an author, dates 2005–2012, ~3 % undated and
//! ~2 % excerpts. Run with `cargo bench --bench queries`.

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use hotline::archive::Archive;
use hotline::model::{Block, Entry, Kind};
use hotline::query::{AuthorSel, Filter, Granularity};
use std::hint::black_box;
use std::time::Duration;

const ENTRIES: usize = 100_000;
const AUTHORS: usize = 40;

/// splitmix64, as in the corpus generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn author_name(rank: usize) -> String {
    format!("Author Number{rank:02}")
}

/// Author rank with weight 1 / (rank + 1)^1.1.
fn zipf_rank(cdf: &[f64], rng: &mut Rng) -> usize {
    let u = rng.unit();
    cdf.partition_point(|&c| c < u).min(cdf.len() - 1)
}

fn author_cdf() -> Vec<f64> {
    let mut acc = 0.0;
    let mut cdf: Vec<f64> = (0..AUTHORS)
        .map(|k| {
            acc += 1.0 / ((k + 1) as f64).powf(1.1);
            acc
        })
        .collect();
    cdf.iter_mut().for_each(|c| *c /= acc);
    cdf
}

fn synthetic_archive() -> Archive {
    let mut rng = Rng(7);
    let cdf = author_cdf();
    let start = NaiveDate::from_ymd_opt(2005, 1, 1).unwrap_or_default();
    let entries = (0..ENTRIES)
        .map(|i| {
            let author = (rng.unit() >= 0.05).then(|| author_name(zipf_rank(&cdf, &mut rng)));
            let date =
                (rng.unit() >= 0.03).then(|| start + chrono::Days::new(rng.next() % (8 * 365 + 2)));
            let kind = if rng.unit() < 0.02 {
                Kind::Excerpt
            } else {
                Kind::Article
            };
            let blocks = vec![Block::paragraph(format!("Body text of entry {i}."))];
            Entry {
                id: format!("entry-{i:06}"),
                title: format!("Entry {i}"),
                author,
                date,
                kind,
                source: format!("bench/{i:06}.txt"),
                page: None,
                ..Entry::with_blocks(blocks)
            }
        })
        .collect();
    Archive::new(entries, Vec::new())
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The filters the sidebar and CLI use, by name.
fn filters() -> Vec<(&'static str, Filter)> {
    let named = |rank: usize| AuthorSel::Named(author_name(rank).to_uppercase());
    vec![
        (
            "filter_one_author",
            Filter {
                authors: vec![named(3)],
                ..Filter::default()
            },
        ),
        (
            "filter_two_authors",
            Filter {
                authors: vec![named(0), named(7)],
                ..Filter::default()
            },
        ),
        (
            "filter_date_range",
            Filter {
                from: day(2007, 3, 1),
                to: day(2008, 6, 30),
                ..Filter::default()
            },
        ),
        (
            "filter_undated",
            Filter {
                undated: true,
                ..Filter::default()
            },
        ),
        (
            "filter_kind_excerpt",
            Filter {
                kind: Some(Kind::Excerpt),
                ..Filter::default()
            },
        ),
        (
            "filter_combined",
            Filter {
                authors: vec![named(0), named(1), AuthorSel::Unknown],
                from: day(2006, 1, 1),
                to: day(2010, 12, 31),
                kind: Some(Kind::Article),
                ..Filter::default()
            },
        ),
    ]
}

fn queries(c: &mut Criterion) {
    let archive = synthetic_archive();
    let all = archive.filter(&Filter::default());
    assert_eq!(all.len(), ENTRIES);
    let mut group = c.benchmark_group("queries_100k");
    for (name, f) in filters() {
        // A benchmark of an empty result would measure nothing useful.
        assert!(!archive.filter(&f).is_empty(), "{name} selects nothing");
        group.bench_function(name, |b| b.iter(|| archive.filter(black_box(&f))));
    }
    group.bench_function("author_counts_all", |b| {
        b.iter(|| archive.author_counts(black_box(&all)))
    });
    group.bench_function("timeline_month_all", |b| {
        b.iter(|| archive.timeline(black_box(&all), Granularity::Month))
    });
    group.bench_function("timeline_year_all", |b| {
        b.iter(|| archive.timeline(black_box(&all), Granularity::Year))
    });
    let one = Filter {
        authors: vec![AuthorSel::Named(author_name(0))],
        ..Filter::default()
    };
    group.bench_function("filter_within_all", |b| {
        b.iter(|| archive.filter_within(black_box(&one), black_box(&all)))
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = queries
}
criterion_main!(benches);
