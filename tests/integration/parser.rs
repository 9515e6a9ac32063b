//! The parser against the built-in corpus (`tests/data/EXPECTED.md`, a copy
//! of the corpus oracle) and against one small fixture per input variant
//! (`tests/data/parser/*.txt`).

// Helpers outside `#[test]` functions panic on purpose: a failed setup is a
// failed test.

use chrono::NaiveDate;
use hotline::load::{BUILTIN, parse_bytes};
use hotline::model::{Block, Entry, Kind};
use hotline::parse::parse_document;

const EXPECTED: &str = include_str!("../data/EXPECTED.md");

const MASTHEAD: [&str; 2] = [
    "The HotLine Magazine Archives",
    "For The Profession of Cloud/SaaS Product Support",
];

/// Parses one built-in file by name.
fn builtin(name: &str) -> Vec<Entry> {
    let file = BUILTIN
        .get_file(name)
        .unwrap_or_else(|| panic!("no built-in file {name}"));
    let (entries, warnings) = parse_bytes(&format!("builtin/{name}"), file.contents());
    assert!(warnings.is_empty(), "{name}: {warnings:?}");
    entries
}

fn all_builtin() -> Vec<Entry> {
    let mut names: Vec<String> = BUILTIN
        .files()
        .map(|f| f.path().display().to_string())
        .collect();
    names.sort();
    names.iter().flat_map(|n| builtin(n)).collect()
}

/// One row of the EXPECTED.md entries table.
struct Row {
    file: String,
    count: usize,
    kind: Kind,
    author: Option<String>,
    date: Option<NaiveDate>,
    sections: Vec<String>,
    captions: Vec<String>,
}

fn list(cell: &str) -> Vec<String> {
    if cell == "(none)" {
        return Vec::new();
    }
    cell.split(';').map(|s| s.trim().to_string()).collect()
}

fn expected_rows() -> Vec<Row> {
    EXPECTED
        .lines()
        .filter(|l| l.starts_with("| 0"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let (count, kind) = match cells[1].split_once(" × ") {
                Some((n, k)) => (n.parse().unwrap(), Kind::parse(k).unwrap()),
                None => (1, Kind::parse(cells[1]).unwrap()),
            };
            // `The Battleship (also `COBOL` …)`: the bonus is tested apart.
            let captions = cells[5].split(" (also").next().unwrap();
            Row {
                file: cells[0].to_string(),
                count,
                kind,
                author: (cells[2] != "(none)").then(|| cells[2].to_string()),
                date: NaiveDate::parse_from_str(cells[3], "%Y-%m-%d").ok(),
                sections: list(cells[4]),
                captions: list(captions.trim()),
            }
        })
        .collect()
}

#[test]
fn every_expected_row_matches() {
    let rows = expected_rows();
    assert_eq!(rows.len(), 5);
    for row in rows {
        let entries = builtin(&row.file);
        assert_eq!(entries.len(), row.count, "{}", row.file);
        for e in &entries {
            assert_eq!(e.kind, row.kind, "{}", row.file);
            assert_eq!(e.author, row.author, "{}", row.file);
            assert_eq!(e.date, row.date, "{}", row.file);
            let sections: Vec<&str> = e.sections().collect();
            assert_eq!(sections, row.sections, "{}", row.file);
            let captions: Vec<&str> = e.captions().take(row.captions.len()).collect();
            assert_eq!(captions, row.captions, "{}", row.file);
        }
    }
}

#[test]
fn twelve_entries_with_expected_author_counts() {
    let all = all_builtin();
    assert_eq!(all.len(), 12);
    let count = |a: Option<&str>| all.iter().filter(|e| e.author.as_deref() == a).count();
    assert_eq!(count(Some("Mikael Blaisdell")), 3);
    assert_eq!(count(Some("Robert Butche")), 1);
    assert_eq!(count(None), 8);
    assert_eq!(all.iter().filter(|e| e.date.is_none()).count(), 8);
}

#[test]
fn bodies_open_after_the_captions() {
    for (file, opening) in [
        (
            "000_d1407e68f245a19b.txt",
            "For more than 30 years, I’ve been working",
        ),
        (
            "003_77afbe2757c9b509.txt",
            "In the previous SaaS/Cloud & Support Briefing",
        ),
        ("004_d19514317767b5a9.txt", "History is full of examples"),
    ] {
        let e = &builtin(file)[0];
        let first = e.first_paragraph().unwrap();
        assert!(first.starts_with(opening), "{file}: {first}");
    }
    let e = &builtin("000_d1407e68f245a19b.txt")[0];
    assert_eq!(e.blocks[0], Block::caption("Hubble Telescope over Earth"));
    assert!(
        e.blocks
            .iter()
            .any(|b| b.text().starts_with("I started writing about the world"))
    );
    assert!(
        e.blocks
            .iter()
            .any(|b| b.text().starts_with("To get an immediate view"))
    );
}

#[test]
fn no_masthead_or_marker_text_anywhere() {
    for e in all_builtin() {
        for m in MASTHEAD {
            assert!(!e.title.contains(m), "{}", e.title);
            assert!(e.blocks.iter().all(|b| !b.text().contains(m)), "{}", e.id);
        }
        let text: String = e.blocks.iter().map(Block::text).collect();
        assert!(
            !text.to_lowercase().contains("continue reading"),
            "{}",
            e.id
        );
        assert!(!e.title.to_lowercase().contains("continue reading"));
    }
}

#[test]
fn author_note_closes_001() {
    let e = &builtin("001_04f353110890ce60.txt")[0];
    assert_eq!(
        e.blocks.last(),
        Some(&Block::author_note(
            "(Robert Butche is the Publisher of Newsroom Magazine.)"
        ))
    );
    assert_eq!(e.sections().count(), 0);
}

#[test]
fn titles_are_distinct_short_and_derived() {
    let all = all_builtin();
    let mut titles: Vec<&str> = all.iter().map(|e| e.title.as_str()).collect();
    for t in &titles {
        assert!(!t.is_empty() && t.chars().count() <= 80, "{t}");
        assert_eq!(*t, t.trim());
        assert!(!t.contains('\n'));
    }
    assert_eq!(
        titles[0],
        "For more than 30 years, I’ve been working with companies across a very wide…"
    );
    assert!(titles.contains(&"What is the sound of no customers calling?"));
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), 12, "{titles:?}");
}

#[test]
fn index_page_gives_eight_linked_excerpts() {
    let entries = builtin("002_003c91b8c5e9534a.txt");
    assert_eq!(entries.len(), 8);
    for (k, e) in entries.iter().enumerate() {
        let page = e.page.as_ref().unwrap();
        assert_eq!(page.source, "builtin/002_003c91b8c5e9534a.txt");
        assert_eq!((page.part, page.of), (k as u32 + 1, 8));
        assert_eq!(e.blocks.len(), 1, "{:?}", e.blocks);
        assert!(e.words > 10);
    }
    assert!(
        entries[0]
            .first_paragraph()
            .unwrap()
            .starts_with("There is a tendency")
    );
    assert!(entries[7].first_paragraph().unwrap().ends_with("to fail."));
}

#[test]
fn inner_capital_words_and_typography_survive() {
    let all = all_builtin();
    let text: String = all
        .iter()
        .flat_map(|e| e.blocks.iter().map(Block::text))
        .collect::<Vec<_>>()
        .join("\n");
    for w in [
        "SaaS/Cloud",
        "MicroTimes",
        "InfoWorld",
        "VARBusiness",
        "OpCon",
        "I’ve",
        "“We have a generation",
        "— a new paradigm",
    ] {
        assert!(text.contains(w), "{w}");
    }
    let raw: String = BUILTIN
        .files()
        .map(|f| String::from_utf8_lossy(f.contents()).into_owned())
        .collect();
    for w in ["WordStar", "WordPerfect", "MicroPro"] {
        assert_eq!(raw.contains(w), text.contains(w), "{w}");
    }
}

#[test]
fn cobol_caption_is_split_mid_paragraph() {
    let e = &builtin("004_d19514317767b5a9.txt")[0];
    let captions: Vec<&str> = e.captions().collect();
    assert_eq!(captions, vec!["The Battleship", "COBOL"]);
    let ix = e
        .blocks
        .iter()
        .position(|b| *b == Block::caption("COBOL"))
        .unwrap();
    assert!(e.blocks[ix - 1].text().ends_with("this week?"));
    assert!(e.blocks[ix + 1].text().starts_with("The lesson is clear"));
}

#[test]
fn ids_are_slugs_and_stable() {
    let a = all_builtin();
    let b = all_builtin();
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.id, y.id);
        assert!(
            x.id.bytes()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        );
    }
}

// ---- Fixtures: one small file per variant ----

/// What a fixture must parse into.
#[derive(Default)]
struct Expect {
    title: Option<&'static str>,
    author: Option<&'static str>,
    date: Option<(i32, u32, u32)>,
    first: Option<&'static str>,
    warning: Option<&'static str>,
}

fn fixture(name: &str) -> (Vec<Entry>, Vec<String>) {
    let path = format!("{}/tests/data/parser/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap();
    let (entries, warnings) = parse_bytes(&path, &bytes);
    (entries, warnings.into_iter().map(|w| w.message).collect())
}

/// Parses a one-article fixture and checks it against `want`; also that no
/// metadata line leaked into the body.
fn check(name: &str, want: Expect) -> Entry {
    let (mut entries, warnings) = fixture(name);
    assert_eq!(entries.len(), 1, "{name}: {entries:?}");
    let e = entries.remove(0);
    assert_eq!(e.kind, Kind::Article);
    if let Some(t) = want.title {
        assert_eq!(e.title, t, "{name}");
    }
    assert_eq!(e.author.as_deref(), want.author, "{name}");
    let date = want
        .date
        .map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap());
    assert_eq!(e.date, date, "{name}");
    let first = want
        .first
        .unwrap_or("Support teams work hard every day. This is the body");
    assert!(
        e.first_paragraph().unwrap_or_default().starts_with(first),
        "{name}: {:?}",
        e.blocks
    );
    match want.warning {
        Some(w) => assert_eq!(warnings, vec![w.to_string()], "{name}"),
        None => assert!(warnings.is_empty(), "{name}: {warnings:?}"),
    }
    for b in &e.blocks {
        let t = b.text();
        assert!(!t.contains("2009") && !t.contains("2008"), "{name}: {t}");
        assert!(!t.to_lowercase().contains("jane doe"), "{name}: {t}");
    }
    e
}

fn jane() -> Expect {
    Expect {
        author: Some("Jane Doe"),
        ..Expect::default()
    }
}

fn jane_dated() -> Expect {
    Expect {
        author: Some("Jane Doe"),
        date: Some((2009, 4, 1)),
        ..Expect::default()
    }
}

macro_rules! fixture_tests {
    ($($test:ident: $file:literal => $want:expr;)*) => {
        $(
            #[test]
            fn $test() {
                check($file, $want);
            }
        )*
    };
}

fn dated(y: i32, m: u32, d: u32) -> Expect {
    Expect {
        date: Some((y, m, d)),
        title: Some("Support teams work hard every day"),
        ..Expect::default()
    }
}

fn april() -> Expect {
    dated(2009, 4, 1)
}

fixture_tests! {
    byline_by: "byline_by.txt" => jane();
    byline_lowercase: "byline_lower.txt" => jane();
    byline_written_by: "byline_written.txt" => jane();
    byline_posted_by: "byline_posted.txt" => jane();
    byline_author_field: "byline_author_field.txt" => jane();
    byline_with_role: "byline_role.txt" => jane();
    byline_on_date: "byline_on_date.txt" => jane_dated();
    byline_pipe_date: "byline_pipe_date.txt" => jane_dated();
    byline_comma_date: "byline_comma_date.txt" => jane_dated();
    byline_all_caps_is_recased: "byline_caps.txt" => Expect {
        author: Some("Mary O'Brien-McDonald"),
        ..Expect::default()
    };
    date_top_iso: "date_top_iso.txt" => april();
    date_bottom_iso: "date_bottom_iso.txt" => april();
    date_top_iso_slash: "date_top_iso_slash.txt" => april();
    date_bottom_iso_slash: "date_bottom_iso_slash.txt" => april();
    date_top_long: "date_top_long.txt" => april();
    date_bottom_long: "date_bottom_long.txt" => april();
    date_top_ordinal: "date_top_ordinal.txt" => april();
    date_bottom_ordinal: "date_bottom_ordinal.txt" => april();
    date_top_day_first: "date_top_day_first.txt" => april();
    date_bottom_day_first: "date_bottom_day_first.txt" => april();
    date_top_ordinal_day_first: "date_top_ordinal_day_first.txt" => april();
    date_bottom_ordinal_day_first: "date_bottom_ordinal_day_first.txt" => april();
    date_top_abbrev_dot: "date_top_abbrev_dot.txt" => april();
    date_bottom_abbrev_dot: "date_bottom_abbrev_dot.txt" => april();
    date_top_abbrev: "date_top_abbrev.txt" => april();
    date_bottom_abbrev: "date_bottom_abbrev.txt" => april();
    date_top_sept: "date_top_sept.txt" => dated(2008, 9, 3);
    date_bottom_sept: "date_bottom_sept.txt" => dated(2008, 9, 3);
    date_top_weekday: "date_top_weekday.txt" => april();
    date_bottom_weekday: "date_bottom_weekday.txt" => april();
    date_top_posted_on: "date_top_posted_on.txt" => april();
    date_bottom_posted_on: "date_bottom_posted_on.txt" => april();
    date_top_published_colon: "date_top_published_colon.txt" => april();
    date_bottom_published_colon: "date_bottom_published_colon.txt" => april();
    date_top_published_on: "date_top_published_on.txt" => april();
    date_bottom_published_on: "date_bottom_published_on.txt" => april();
    date_top_date_field: "date_top_date_field.txt" => april();
    date_bottom_date_field: "date_bottom_date_field.txt" => april();
    date_top_updated: "date_top_updated.txt" => april();
    date_bottom_updated: "date_bottom_updated.txt" => april();
    date_top_posted: "date_top_posted.txt" => april();
    date_bottom_posted: "date_bottom_posted.txt" => april();
    impossible_date_is_no_date: "impossible_date.txt" => Expect {
        author: Some("Jane Doe"),
        warning: Some("impossible date 'February 30, 2008' ignored"),
        ..Expect::default()
    };
    impossible_iso_date_is_no_date: "impossible_iso_date.txt" => Expect {
        warning: Some("impossible date '2009-13-01' ignored"),
        ..Expect::default()
    };
    no_masthead: "no_masthead.txt" => Expect {
        author: Some("Jane Doe"),
        date: Some((2009, 5, 2)),
        title: Some("Support teams work hard every day"),
        ..Expect::default()
    };
    title_line_and_byline: "title_byline.txt" => Expect {
        title: Some("The Future of Support"),
        ..jane()
    };
    title_line_and_date: "title_date.txt" => Expect {
        title: Some("The Future of Support"),
        ..april()
    };
    title_line_after_byline: "title_alone.txt" => Expect {
        title: Some("The Future of Support"),
        ..jane()
    };
    crlf_line_endings: "crlf.txt" => Expect {
        title: Some("My CRLF Title"),
        first: Some("First line of a paragraph second line of it."),
        ..jane_dated()
    };
    cr_only_line_endings: "cr_only.txt" => Expect {
        title: Some("My CR Title"),
        first: Some("First line of a paragraph second line of it."),
        ..jane_dated()
    };
    nbsp_lines_are_blank: "nbsp.txt" => Expect {
        first: Some("First. Second sentence."),
        ..jane()
    };
}

#[test]
fn hard_wrapped_paragraphs_are_joined() {
    let e = check(
        "hard_wrapped.txt",
        Expect {
            first: Some(
                "This paragraph was wrapped by an old editor at seventy characters, as plain text files often are, and must read as one paragraph.",
            ),
            ..jane()
        },
    );
    assert_eq!(e.sections().collect::<Vec<_>>(), vec!["A Short Heading"]);
    assert_eq!(
        e.blocks.last().unwrap().text(),
        "And a second wrapped paragraph that continues here."
    );
    assert_eq!(e.blocks.len(), 3);
}

#[test]
fn markdown_headings_and_title() {
    let e = check(
        "markdown_heading.txt",
        Expect {
            title: Some("The Markdown Title"),
            first: Some("Intro paragraph of the piece."),
            ..jane()
        },
    );
    assert_eq!(
        e.sections().collect::<Vec<_>>(),
        vec!["First Section", "Second Section"]
    );
    assert!(e.blocks.iter().all(|b| !b.text().contains('#')));
}

#[test]
fn windows_1252_bytes() {
    let e = check(
        "windows_1252.txt",
        Expect {
            title: Some("Café Culture"),
            author: Some("Renée Dupré"),
            first: Some("It’s a “quoted” word – and more."),
            ..Expect::default()
        },
    );
    assert_eq!(e.words, 6);
}

#[test]
fn utf16_with_bom() {
    check(
        "utf16_bom.txt",
        Expect {
            title: Some("Grüße aus Berlin"),
            author: Some("Jürgen Müller"),
            date: Some((2009, 4, 1)),
            first: Some("Ein Absatz mit Text."),
            ..Expect::default()
        },
    );
}

#[test]
fn read_more_markers_make_an_index_page() {
    let (entries, warnings) = fixture("read_more.txt");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(entries.len(), 3);
    for (k, e) in entries.iter().enumerate() {
        assert_eq!(e.kind, Kind::Excerpt);
        assert_eq!(
            e.page.as_ref().map(|p| (p.part, p.of)),
            Some((k as u32 + 1, 3))
        );
        assert!(e.blocks.iter().all(|b| !b.text().contains("Read more")));
    }
    assert_eq!(entries[0].title, "First teaser text is here");
    assert_eq!(entries[2].title, "Third teaser, still more text");
}

#[test]
fn continue_reading_markers_and_trailing_text() {
    let (entries, _) = fixture("continue_reading.txt");
    let titles: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        vec![
            "A Title for One",
            "Second teaser text is here",
            "Trailing text after the last marker"
        ]
    );
    assert_eq!(
        entries[0].first_paragraph(),
        Some("First teaser text is here.")
    );
    for e in &entries {
        assert_eq!(e.page.as_ref().map(|p| p.of), Some(3));
        let text: String = e.blocks.iter().map(Block::text).collect();
        assert!(!text.contains("Continue"), "{text}");
    }
}

#[test]
fn files_without_text_give_a_warning() {
    for name in ["masthead_only.txt", "only_date.txt"] {
        let (entries, warnings) = fixture(name);
        assert!(entries.is_empty(), "{name}");
        assert_eq!(warnings, vec!["no text found"], "{name}");
    }
}

#[test]
fn malformed_input_never_panics() {
    let huge_line = "word ".repeat(2_000_000);
    let garbage: String = (0u32..5000)
        .filter_map(|i| char::from_u32((i * 7919) % 0x11000))
        .collect();
    for text in [
        "",
        "   \n\t\n",
        "\u{a0}\u{a0}",
        huge_line.as_str(),
        garbage.as_str(),
        "By\n\nBy Jane\n\n",
        "April 99999999999999999999, 2009\n\nText.",
        "(\n)\n[\n]\n*",
        "Read more »\nRead more »\n",
        "Ĳ\r\r\r\n\n\r",
    ] {
        let out = parse_document("x/y.txt", text, 1);
        for e in &out.entries {
            assert!(!e.title.is_empty() && e.title.chars().count() <= 80);
        }
        if out.entries.is_empty() {
            assert!(out.warnings.iter().any(|w| w == "no text found"));
        }
    }
}
