//! The round trip of issue 16: generated entries (every block kind, inline
//! styles, tags, URLs, both kinds) exported as Markdown (per entry and
//! combined), JSON and EPUB, then loaded back with the loader, give the
//! same title, author, date, kind, tags, URL and blocks; and so do they
//! when the export carries the reader's highlights and notes (issue 17).

use hotline::db::{Anchor, Colour, Highlight};
use hotline::export::{EntryMarks, ExportOptions, Format, Layout, Marks, export};
use hotline::marks::{EntryText, make};
use hotline::model::{Block, BlockKind, Entry, Kind, Span, Style};
use hotline::{Archive, LoadOptions, Progress, load};
use proptest::prelude::*;
use std::path::Path;

/// Words with the characters exports must escape or keep.
const WORDS: &[&str] = &[
    "support",
    "customer",
    "Churn",
    "renewal",
    "café",
    "naïve",
    "it’s",
    "x_y",
    "a*b",
    "1.",
    "#tag",
    "<b>",
    "&amp;",
    "(note)",
    "[link]",
    "50%",
    "“quoted”",
    "—",
    "back\\slash",
    "SaaS",
    "tickets,",
    "done.",
    "why?",
    "`tick`",
    "x==y",
    "=",
];

fn words(range: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(prop::sample::select(WORDS), range)
}

/// Spans over whole words (`at` are word indexes), not nested.
fn spans_over(ws: &[&str], picks: &[(usize, usize, u8)]) -> Vec<Span> {
    let mut starts = Vec::new();
    let mut at = 0;
    for w in ws {
        starts.push((at, at + w.len()));
        at += w.len() + 1;
    }
    let mut used = vec![false; ws.len()];
    let mut out = Vec::new();
    for &(a, len, style) in picks {
        let (a, b) = (a % ws.len(), (a % ws.len() + len).min(ws.len() - 1));
        if used[a..=b].iter().any(|u| *u) {
            continue;
        }
        // Code keeps its text literally: only words without backticks.
        let style = match style % 4 {
            0 => Style::Emphasis,
            1 => Style::Strong,
            2 if ws[a..=b].iter().all(|w| !w.contains('`')) => Style::Code,
            _ => Style::Link {
                url: format!("https://example.com/{a}"),
            },
        };
        used[a..=b].iter_mut().for_each(|u| *u = true);
        out.push(Span {
            start: starts[a].0 as u32,
            end: starts[b].1 as u32,
            style,
        });
    }
    out
}

/// A block as drawn: its kind's number, its words and its spans' picks.
type RawBlock = (u8, Vec<&'static str>, Vec<(usize, usize, u8)>);

/// What must survive a round trip.
type Kept = (
    String,
    Option<String>,
    Option<chrono::NaiveDate>,
    Kind,
    Vec<String>,
    Option<String>,
    Vec<Block>,
);

fn block() -> impl Strategy<Value = RawBlock> {
    (
        0u8..9,
        words(1..=8),
        prop::collection::vec((0usize..8, 0usize..3, 0u8..4), 0..3),
    )
}

/// Blocks whose lists nest one level at a time and number from 1.
fn blocks_of(raw: Vec<RawBlock>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Per depth: the number of the last item, `None` for bullets.
    let mut list: Vec<Option<u32>> = Vec::new();
    for (kind, ws, picks) in raw {
        let text = ws.join(" ");
        let spans = spans_over(&ws, &picks);
        let kind = match kind {
            0 | 1 => BlockKind::Paragraph,
            2 => BlockKind::Heading {
                level: 1 + (ws.len() % 4) as u8,
            },
            3 | 4 => {
                let depth = (ws.len() % 3).min(list.len());
                list.truncate(depth + 1);
                let ordered = kind == 4;
                let number = match list.get(depth) {
                    Some(Some(n)) if ordered => Some(n + 1),
                    Some(None) if !ordered => None,
                    _ if ordered => Some(1),
                    _ => None,
                };
                if list.len() > depth {
                    list[depth] = number;
                } else {
                    list.push(number);
                }
                out.push(
                    Block::new(
                        BlockKind::ListItem {
                            depth: depth as u8,
                            number,
                        },
                        text,
                    )
                    .with_spans(spans),
                );
                continue;
            }
            5 => BlockKind::Quote,
            6 => {
                list.clear();
                out.push(Block::new(BlockKind::Preformatted, ws.join("\n  ")));
                continue;
            }
            7 => BlockKind::Caption,
            _ => BlockKind::AuthorNote,
        };
        list.clear();
        out.push(Block::new(kind, text).with_spans(spans));
    }
    out
}

fn entry() -> impl Strategy<Value = Entry> {
    (
        words(1..=5),
        prop::option::of(prop::sample::select(
            &["Jane Doe", "Mikael Blaisdell", "Ann Lee-Poe"][..],
        )),
        prop::option::of((1990i32..2030, 1u32..=12, 1u32..=28)),
        any::<bool>(),
        prop::collection::btree_set(
            prop::sample::select(&["Support", "SaaS", "help desk", "Metrics"][..]),
            0..3,
        ),
        any::<bool>(),
        prop::collection::vec(block(), 1..8),
    )
        .prop_map(|(title, author, date, excerpt, tags, url, blocks)| {
            let title = title
                .join(" ")
                .replace(['<', '&', '*', '#', '`', '[', ']', '\\', '_'], "");
            let title = if title.trim().is_empty() {
                "Untitled note".to_string()
            } else {
                title
            };
            let mut e = Entry::with_blocks(blocks_of(blocks))
                .with_title(title.trim())
                .with_author(author)
                .with_date(date)
                .with_kind(if excerpt {
                    Kind::Excerpt
                } else {
                    Kind::Article
                });
            e.tags = tags.into_iter().map(str::to_string).collect();
            e.url = url.then(|| "https://example.com/2008/05/note/".to_string());
            e
        })
}

/// The entries as the loader would hold them (ids made and unique).
fn archive(entries: Vec<Entry>) -> Archive {
    let entries = entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let id = format!("note-{i}");
            e.with_id(&id).with_source(&format!("gen/{i}.txt"))
        })
        .collect();
    Archive::new(entries, vec![])
}

fn load_back(dir: &Path) -> Archive {
    let opts = LoadOptions {
        builtin: false,
        folders: vec![dir.to_path_buf()],
        ..LoadOptions::default()
    };
    load(&opts, &Progress::default()).unwrap()
}

/// What must survive, in a form that compares and prints well.
fn kept(e: &Entry) -> Kept {
    (
        e.title.clone(),
        e.author.clone(),
        e.date,
        e.kind,
        e.tags.clone(),
        e.url.clone(),
        e.blocks.clone(),
    )
}

/// Exports `a` as `format` in `layout` and loads it back; each entry must
/// come back once, the same.
fn check(a: &Archive, format: Format, layout: Layout) -> Result<(), TestCaseError> {
    check_marked(a, &Marks::default(), format, layout)
}

/// [`check`] for an export carrying `marks`.
fn check_marked(
    a: &Archive,
    marks: &Marks,
    format: Format,
    layout: Layout,
) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let target = match (format, layout) {
        (_, Layout::PerEntry) if format != Format::Epub => out.clone(),
        _ => {
            std::fs::create_dir_all(&out).unwrap();
            out.join(format!("all.{}", format.extension()))
        }
    };
    let opts = ExportOptions {
        format,
        layout,
        marks: std::sync::Arc::new(marks.clone()),
        ..ExportOptions::default()
    };
    let all: Vec<u32> = (0..a.len() as u32).collect();
    export(a, &all, &target, &opts, &Default::default()).unwrap();
    let back = load_back(&out);
    prop_assert!(
        back.warnings().is_empty(),
        "{format:?} {layout:?}: {:?}",
        back.warnings()
    );
    let mut want: Vec<_> = a.entries().iter().map(kept).collect();
    let mut got: Vec<_> = back.entries().iter().map(kept).collect();
    want.sort_by_cached_key(|k| format!("{k:?}"));
    got.sort_by_cached_key(|k| format!("{k:?}"));
    prop_assert_eq!(got, want, "{:?} {:?}", format, layout);
    Ok(())
}

/// The formats that load back, and how they are written.
const FORMATS: &[(Format, Layout)] = &[
    (Format::Json, Layout::Single),
    (Format::Json, Layout::PerEntry),
    (Format::Md, Layout::PerEntry),
    (Format::Md, Layout::Single),
    (Format::Epub, Layout::Single),
];

/// Notes with the characters the footnotes and callouts must carry.
const NOTES: &[&str] = &["", "why?", "a = b, *c*", "two\nlines", "[^9] ==x=="];

/// Highlights over whole words of the entries' blocks (`picks`: block,
/// first word, words, note), one that is no longer found, and an entry
/// note for every other entry.
fn marks_of(a: &Archive, picks: &[(usize, usize, usize, usize)]) -> Marks {
    let mut marks = Marks::default();
    let mut id = 0;
    for (k, e) in a.entries().iter().enumerate() {
        let mut highlights = Vec::new();
        let mut at = 0;
        let starts: Vec<usize> = e
            .blocks
            .iter()
            .map(|b| {
                let s = at;
                at += b.text.len() + 2;
                s
            })
            .collect();
        for &(b, first, n, note) in picks {
            let b = (b + k) % e.blocks.len();
            let text = &e.blocks[b].text;
            let words: Vec<(usize, usize)> = text
                .split(' ')
                .scan(0, |at, w| {
                    let r = (*at, *at + w.len());
                    *at += w.len() + 1;
                    Some(r)
                })
                .collect();
            let first = first % words.len();
            let last = (first + n).min(words.len() - 1);
            let (start, end) = (words[first].0, words[last].1);
            id += 1;
            let whole = EntryText::of(e);
            highlights.push(Highlight {
                id,
                entry: e.id.clone(),
                anchor: make(&whole, starts[b] + start..starts[b] + end),
                colour: Colour::ALL[id as usize % 4],
                note: NOTES[note % NOTES.len()].to_string(),
                created: 1_700_000_000 + id,
                updated: 1_700_000_000 + id,
                orphan: false,
            });
        }
        id += 1;
        highlights.push(Highlight {
            id,
            entry: e.id.clone(),
            anchor: Anchor {
                quote: "a passage edited away".into(),
                prefix: String::new(),
                suffix: String::new(),
                start: 0,
                end: 21,
                text_hash: 0,
            },
            colour: Colour::Blue,
            note: "lost = *gone*".into(),
            created: 0,
            updated: 0,
            orphan: false,
        });
        let note = (k % 2 == 0).then(|| "About this one: a = b\n\n> not a quote".to_string());
        marks.insert(&e.id, EntryMarks { highlights, note });
    }
    marks
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn exports_with_marks_load_back_as_the_same_entries(
        entries in prop::collection::vec(entry(), 1..4),
        picks in prop::collection::vec((0usize..8, 0usize..8, 0usize..3, 0usize..5), 0..4),
    ) {
        let a = archive(entries);
        let marks = marks_of(&a, &picks);
        for &(format, layout) in FORMATS {
            check_marked(&a, &marks, format, layout)?;
        }
    }

    #[test]
    fn exports_load_back_as_the_same_entries(entries in prop::collection::vec(entry(), 1..5)) {
        let a = archive(entries);
        for &(format, layout) in FORMATS {
            check(&a, format, layout)?;
        }
    }
}
